# netns.sh - sourced by the live tests: two network namespaces $A and $B
# joined by a veth pair ($VA 192.0.2.1 in A, $VB 192.0.2.2 in B), IPv6
# off (no router solicitations on the link), a temporary directory $tmp,
# and a cleanup that ends the processes listed in $pids and removes all
# of it.  Skips the whole test (exit 0) without root or network
# namespaces.  Needs lib.sh first.
if [ "$(id -u)" != 0 ]; then
	echo "1..0 # SKIP needs root (network namespaces)"
	exit 0
fi
PY=/usr/bin/python3
[ -x $PY ] || PY=python3
A=iksla$$ B=ikslb$$ VA=ikva$$ VB=ikvb$$
if ! ip netns add $A 2>/dev/null; then
	echo "1..0 # SKIP ip netns does not work here"
	exit 0
fi
tmp=$(mktemp -d) || exit 99
chmod 755 "$tmp"
pids=""
netns_cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	ip netns del $A 2>/dev/null
	ip netns del $B 2>/dev/null
	rm -rf "$tmp"
}
trap netns_cleanup EXIT
trap 'exit 1' INT TERM
ip netns add $B && ip link add $VA netns $A type veth peer name $VB netns $B || {
	echo "1..0 # SKIP cannot create a veth pair in network namespaces"
	exit 0
}
for ns in $A $B; do
	ip netns exec $ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	ip netns exec $ns sysctl -qw net.ipv6.conf.default.disable_ipv6=1
done
ip -n $A addr add 192.0.2.1/24 dev $VA
ip -n $B addr add 192.0.2.2/24 dev $VB
ip -n $A link set $VA up
ip -n $B link set $VB up
