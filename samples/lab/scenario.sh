#!/bin/bash
# Run one scenario of the ikescope sample lab and write its captures, keys
# and expected outcomes to samples/<name>/ (or to DEST).  Run as root.
#
#   samples/lab/scenario.sh NAME [DEST]
#
# The scenario is described by samples/lab/scenarios/NAME.conf (shell
# assignments on top of scenarios/defaults.conf).  The network:
#
#   [client guest]--vc  (ns ikl<PID>c)       (ns ikl<PID>s)  vs--[server guest]
#      198.51.100.10 \                                      / 203.0.113.20
#                     vc-r 198.51.100.1 [router] 203.0.113.1 vs-r
#                                  (ns ikl<PID>r: forwarding, nft path
#                                   firewall, optional NAT and dnsmasq)
#
# Captures: tcpdump on vc (client wire) and on vs (server wire).  Every
# process this script starts is remembered by PID and ended by PID; the
# namespaces and the run directory are removed at the end, also on error.
set -u
LAB=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$LAB/../.." && pwd)

name=${1:?usage: scenario.sh NAME [DEST]}
dest=${2:-$REPO/samples/$name}
conf=$LAB/scenarios/$name.conf
[ -r "$conf" ] || { echo "no such scenario: $conf" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "must run as root" >&2; exit 2; }

. "$LAB/scenarios/defaults.conf"
. "$conf"
case "$DESCR" in *"'"*) echo "DESCR must not contain a single quote" >&2; exit 2 ;; esac

run=$(mktemp -d /var/tmp/ikescope-lab.XXXXXX)
chmod 755 "$run"
mkdir -p "$run/flags" "$run/router" "$run/.uml"
id=ikl$$
nsc=${id}c nss=${id}s nsr=${id}r
# Background jobs are started as `ip netns exec NS CMD &` (no shell function
# around them), so that $! is the PID of CMD itself (ip and setsid exec).
GUESTS=()      # PIDs of linux.uml (each the leader of its own session)
HELPERS=()     # PIDs of tcpdump / dnsmasq
T0=$(date +%s)

msg() { echo "[$name $(( $(date +%s) - T0 ))s] $*"; }

cleanup() {
	local p
	for p in "${GUESTS[@]}"; do
		if kill -0 "$p" 2>/dev/null; then
			msg "guest $p still running: ending its process group"
			kill -TERM -- "-$p" 2>/dev/null
			sleep 1
			kill -KILL -- "-$p" 2>/dev/null
		fi
	done
	for p in "${HELPERS[@]}"; do
		kill -TERM "$p" 2>/dev/null
	done
	for p in "${HELPERS[@]}" "${GUESTS[@]}"; do
		wait "$p" 2>/dev/null
	done
	# safety net: anything still running inside our namespaces was started
	# by this script (directly or by its guests' helpers): end it by PID
	for ns in "$nsc" "$nss" "$nsr"; do
		for p in $(ip netns pids "$ns" 2>/dev/null); do
			msg "ending leftover process $p in $ns"
			kill -TERM "$p" 2>/dev/null
		done
	done
	for ns in "$nsc" "$nss" "$nsr"; do
		ip netns del "$ns" 2>/dev/null
	done
	if [ -z "${KEEP_RUN:-}" ]; then
		rm -rf "$run"
	else
		msg "run directory kept: $run"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

nsx() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
nooffload() { nsx "$1" ethtool -K "$2" tx off rx off sg off tso off gso off gro off >/dev/null 2>&1; }

# --- the scenario environment the guests source -------------------------
{
	cat "$LAB/scenarios/defaults.conf"
	cat "$conf"
	echo "SCENARIO=$name"
} >"$run/scenario.env"

# --- certificates (only for scenarios that use them) ---------------------
if [ -n "${C_CERT:-}${S_CERT:-}" ]; then
	msg "generating certificates"
	"$LAB/make-pki.sh" "$run/pki" >"$run/router/pki.log" 2>&1 || { echo "pki failed" >&2; exit 1; }
fi

# --- namespaces and links ------------------------------------------------
for ns in "$nsr" "$nsc" "$nss"; do
	ip netns add "$ns"
	nsx "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	nsx "$ns" ip link set lo up
done
ip link add vc netns "$nsc" type veth peer name vc-r netns "$nsr"
ip link add vs netns "$nss" type veth peer name vs-r netns "$nsr"
client_if=vc
client2_if=
if [ -n "${TWO_CLIENTS:-}" ]; then
	# two guests behind the same router (and NAT): a bridge on the client wire
	nsx "$nsc" ip link add br0 type bridge
	nsx "$nsc" ip link add g1 type veth peer name g1b
	nsx "$nsc" ip link add g2 type veth peer name g2b
	for l in vc g1b g2b; do nsx "$nsc" ip link set "$l" master br0; done
	for l in g1 g2 g1b g2b br0; do nsx "$nsc" ip link set "$l" up; nooffload "$nsc" "$l"; done
	client_if=g1 client2_if=g2
fi
nsx "$nsc" ip link set vc up
nsx "$nss" ip link set vs up
nooffload "$nsc" vc; nooffload "$nss" vs
nooffload "$nsr" vc-r; nooffload "$nsr" vs-r
nsx "$nsr" ip addr add 198.51.100.1/24 dev vc-r
nsx "$nsr" ip addr add 203.0.113.1/24 dev vs-r
nsx "$nsr" ip link set vc-r up
nsx "$nsr" ip link set vs-r up
nsx "$nsr" sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.send_redirects=0 \
	net.ipv4.conf.vc-r.send_redirects=0 net.ipv4.conf.vs-r.send_redirects=0
{
	echo "table inet labfw {"
	echo "  chain pathfw {"
	echo "    type filter hook forward priority 0; policy accept;"
	printf '%s\n' "${ROUTER_NFT:-}" | sed -n 's/^ *\(..*\)$/    \1/p'
	echo "  }"
	echo "}"
	if [ "${NAT:-no}" = yes ] || [ "${SERVER_NAT:-no}" = yes ]; then
		echo "table ip labnat {"
		if [ "${NAT:-no}" = yes ]; then
			# the client side is a private network behind the router
			echo "  chain post {"
			echo "    type nat hook postrouting priority 100; policy accept;"
			echo "    oifname \"vs-r\" masquerade random"
			echo "  }"
		fi
		if [ "${SERVER_NAT:-no}" = yes ]; then
			# the server sits behind the router's 198.51.100.1 with
			# port forwarding of IKE and NAT-T (clients use 198.51.100.1)
			echo "  chain pre {"
			echo "    type nat hook prerouting priority -100; policy accept;"
			echo "    iifname \"vc-r\" ip daddr 198.51.100.1 udp dport { 500, 4500 } dnat to 203.0.113.20"
			echo "  }"
		fi
		echo "}"
	fi
} >"$run/router/nft.conf"
nsx "$nsr" nft -f "$run/router/nft.conf" || { echo "nft failed" >&2; exit 1; }

if [ -n "${DNS_RECORDS:-}" ]; then
	{
		echo "no-resolv"
		echo "no-hosts"
		echo "listen-address=198.51.100.1"
		echo "bind-interfaces"
		echo "local=/example.com/"
		printf '%s\n' "$DNS_RECORDS" | sed -n 's/^ *\(..*\)$/host-record=\1/p'
		echo "user=root"
		echo "pid-file=$run/.uml/dnsmasq.pid"
		echo "log-queries"
		echo "log-facility=$run/router/dnsmasq.log"
	} >"$run/router/dnsmasq.conf"
	ip netns exec "$nsr" dnsmasq -k -C "$run/router/dnsmasq.conf" &
	HELPERS+=($!)
fi

# --- captures ------------------------------------------------------------
ip netns exec "$nsc" tcpdump -i vc -U -Z root -s 0 -w "$run/client.pcap" 2>"$run/router/tcpdump-client.txt" &
HELPERS+=($!)
ip netns exec "$nss" tcpdump -i vs -U -Z root -s 0 -w "$run/server.pcap" 2>"$run/router/tcpdump-server.txt" &
HELPERS+=($!)
for f in client server; do
	for _ in $(seq 50); do grep -q listening "$run/router/tcpdump-$f.txt" && break; sleep 0.1; done
done

# --- guests --------------------------------------------------------------
start_guest() { # role namespace interface
	ip netns exec "$2" setsid linux.uml mem=192M root=/dev/root rootfstype=hostfs rootflags=/ ro \
		init="$LAB/guest-init.sh" con=null con0=fd:0,fd:1 \
		uml_dir="$run/.uml" umid="$1" "vec0:transport=raw,ifname=$3" \
		ROLE="$1" RUN="$run" </dev/null >"$run/router/console-$1.txt" 2>&1 &
	GUESTS+=($!)
}
msg "starting guests ($DESCR)"
start_guest server "$nss" vs
start_guest client "$nsc" "$client_if"
[ -n "$client2_if" ] && start_guest client2 "$nsc" "$client2_if"

deadline=$(( $(date +%s) + ${RUN_TIMEOUT:-240} ))
on_up_done=
while :; do
	alive=0
	for p in "${GUESTS[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
	[ "$alive" = 0 ] && break
	if [ -z "$on_up_done" ] && [ -e "$run/flags/router-on-up" ] && [ -n "${ON_UP:-}" ]; then
		msg "router: $ON_UP"
		nsx "$nsr" nft "add rule inet labfw pathfw $ON_UP"
		on_up_done=1
	fi
	if [ "$(date +%s)" -gt "$deadline" ]; then
		msg "timeout: guests still running"
		break
	fi
	sleep 0.2
done
sleep 1
for p in "${HELPERS[@]}"; do kill -TERM "$p" 2>/dev/null; done
for p in "${HELPERS[@]}"; do wait "$p" 2>/dev/null; done
HELPERS=()
msg "guests finished"

# --- results -------------------------------------------------------------
rm -rf "$dest"
mkdir -p "$dest/keys" "$dest/logs"
cp "$run/client.pcap" "$run/server.pcap" "$dest/"
for role in client client2 server; do
	[ -d "$run/$role" ] || continue
	[ -f "$run/$role/charon.log" ] && cp "$run/$role/charon.log" "$dest/keys/$role-charon.log"
	[ -f "$run/$role/xfrm-state.txt" ] && cp "$run/$role/xfrm-state.txt" "$dest/keys/$role-xfrm-state.txt"
	for f in events.txt ppp.log xl2tpd.log syslog.txt ping.txt swanctl.txt; do
		[ -s "$run/$role/$f" ] && cp "$run/$role/$f" "$dest/logs/$role-$f"
	done
done
[ -s "$run/router/dnsmasq.log" ] && cp "$run/router/dnsmasq.log" "$dest/logs/router-dnsmasq.log"
cp "$run/router/nft.conf" "$dest/logs/router-nft.conf"
cp "$conf" "$dest/logs/scenario.conf"
python3 "$LAB/extract-keys.py" "$dest/keys" >"$dest/logs/extract-keys.txt" 2>&1 ||
	msg "key extraction reported problems (see logs/extract-keys.txt)"
[ -s "$dest/keys/esp_sa" ] || [ -s "$dest/keys/ikev1_decryption_table" ] ||
	[ -s "$dest/keys/ikev2_decryption_table" ] || rm -f "$dest/keys/preferences"

# expected outcomes: written from the scenario's configuration
write_expect() { # file text
	{
		echo "# $name: expected outcome of $(basename "$1" .expect).pcap"
		echo "# $DESCR"
		echo "# written by samples/lab/scenario.sh from samples/lab/scenarios/$name.conf"
		printf '%s\n' "$2" | sed -n 's/^[[:space:]]*\(..*\)$/\1/p'
	} >"$1"
}
write_expect "$dest/client.expect" "$EXPECT_CLIENT"
write_expect "$dest/server.expect" "${EXPECT_SERVER:-$EXPECT_CLIENT}"
if [ -n "${CHECK:-}" ]; then
	printf '%s\n' "$CHECK" | sed -n 's/^[[:space:]]*\(..*\)$/\1/p' >"$dest/keys/check"
fi

ls -l "$dest"/*.pcap | awk '{print "  " $5 " bytes " $NF}'
msg "done in $(( $(date +%s) - T0 ))s"
# verification of the keys against the captures (tshark decryption)
if [ -s "$dest/keys/check" ]; then
	"$REPO/tests/samples/check-tshark-decrypt.sh" "$dest"
else
	exit 0
fi
