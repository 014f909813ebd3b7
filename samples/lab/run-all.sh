#!/bin/bash
# Regenerate every sample capture of samples/ (run as root; `make samples`).
#   samples/lab/run-all.sh [SCENARIO...]
# Runs the scenarios one after the other (each boots two or three
# User-Mode-Linux guests), writes samples/<scenario>/ and verifies the keys
# with tshark.  Prints one result line per scenario; exits 1 if any failed.
# Do not edit the lab scripts while this runs (the shells read them
# incrementally).
set -u
LAB=$(cd "$(dirname "$0")" && pwd)
[ "$(id -u)" = 0 ] || { echo "run-all.sh must run as root" >&2; exit 2; }
for t in linux.uml tcpdump tshark nft ethtool /usr/lib/ipsec/charon swanctl xl2tpd pppd; do
	command -v "$t" >/dev/null 2>&1 || { echo "missing $t: run samples/lab/setup-deps.sh" >&2; exit 2; }
done
ALL="l2tp-ikev1-ok l2tp-ikev1-natt-ok ikev2-ok l2tp-3des-modp1024-ok
l2tp-psk-mismatch l2tp-ike-proposal-mismatch l2tp-qm-proposal-mismatch
l2tp-pfs-mismatch l2tp-udp500-blocked l2tp-natt-4500-blocked l2tp-esp-blocked
l2tp-no-lns l2tp-ppp-auth-failed l2tp-ppp-auth-protocol-mismatch
l2tp-dpd-timeout l2tp-dns-ok l2tp-dns-nxdomain pptp-ok pptp-gre-blocked
l2tp-psk-retry l2tp-two-clients-one-nat l2tp-cert-frag-lost
l2tp-cert-ikefrag-ok ikev2-proposal-mismatch ikev2-psk-mismatch
ikev2-natt-ok ikev2-eap-mschapv2-ok ikev2-eap-mschapv2-failed
l2tp-qm-mode-mismatch l2tp-lns-denied l2tp-server-behind-nat-ok
l2tp-both-nat-ok l2tp-natt-idle-keepalives"
[ $# -gt 0 ] && ALL="$*"
T0=$(date +%s)
fails=0
for s in $ALL; do
	t=$(date +%s)
	if "$LAB/scenario.sh" "$s"; then r=ok; else r=FAIL; fails=$((fails + 1)); fi
	echo "== $s: $r ($(( $(date +%s) - t ))s)"
done
echo "== all done in $(( $(date +%s) - T0 ))s, $fails failed"
[ "$fails" = 0 ]
