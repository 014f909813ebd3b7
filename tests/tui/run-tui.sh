#!/bin/sh
# The TUI without a terminal (IKESCOPE_NO_DISPLAY=1): every screen of
# tests/tui/SCREENS rendered after its key script and compared with
# expected/NAME.txt; then the edge cases: empty capture, hundreds of
# attempts, tiny and odd sizes, bad scripts, live capture refused.
# tests/tui/run-tui.sh --update NAME... rewrites expected outputs.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
cd "$top_srcdir" || exit 99
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export IKESCOPE_NO_DISPLAY=1

update=""
if [ "$1" = "--update" ]; then
	shift
	update=" $* "
fi

screen() { # screen NAME -> $tmp/NAME.txt, exit status appended
	line=$(grep -E "^$1[[:space:]]" tests/tui/SCREENS) || return 1
	set -- $line
	size=$2
	shift 2
	opts=""
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do opts="$opts $1"; shift; done
	shift
	script=${1:-}
	# shellcheck disable=SC2086
	"$IKESCOPE" tui --dump-screen --size "$size" --script "$script" $opts >"$tmp/out" 2>&1
	echo "exit $?" >>"$tmp/out"
}

for name in $(grep -v '^#' tests/tui/SCREENS | awk 'NF { print $1 }'); do
	exp=tests/tui/expected/$name.txt
	screen "$name"
	case "$update" in *" $name "*) cp "$tmp/out" "$exp"; echo "# updated $exp" ;; esac
	if [ ! -f "$exp" ]; then
		not_ok "screen $name: no expected output $exp"
	elif diff -u "$exp" "$tmp/out" >"$tmp/diff"; then
		ok "screen $name"
	else
		not_ok "screen $name"
		sed 's/^/# /' "$tmp/diff" | head -40
	fi
done

# the failed attempt's timeline shows the one-way stage
screen blocked-timeline
check "udp500-blocked: ike-p1 stalled responder->initiator" grep -q 'no packets: stalled here' "$tmp/out"
check "udp500-blocked: retransmissions marked" grep -q '^ike-p1 .*R' "$tmp/out"
check "udp500-blocked: verdict and fix in the footer" grep -q '^FAILED at ike-p1, r2i: ike-no-response' "$tmp/out"
screen authfail-timeline
grep -A1 '^ppp-auth' "$tmp/out" >"$tmp/auth"
check "auth-failed: the failure is an error mark (!) on ppp-auth" grep -q '!' "$tmp/auth"
check "auth-failed: the stall point is drawn" grep -q '│' "$tmp/out"

# an empty capture (a pcap header and no packet)
printf '\324\303\262\241\002\000\004\000\000\000\000\000\000\000\000\000\377\377\000\000\001\000\000\000' >"$tmp/empty.pcap"
n=0
for s in '' '\n' '\n\n' '\n\n\t\t\n' '?' 'jjjkk/x\n' 'G\nL+\n'; do
	n=$((n + 1))
	"$IKESCOPE" tui --dump-screen --script "$s" "$tmp/empty.pcap" >"$tmp/o" 2>&1
	rc=$?
	check "empty capture, key script $n: no crash (exit $rc)" test "$rc" -eq 0
done
check "empty capture: says there is no attempt" \
	sh -c "'$IKESCOPE' tui --dump-screen '$tmp/empty.pcap' | grep -q 'no connection attempt in this capture'"

# hundreds of attempts: IKE_SA_INIT requests from 300 clients (scapy)
if /usr/bin/python3 -c 'import scapy' 2>/dev/null; then
	/usr/bin/python3 - "$tmp/many.pcap" <<'PY'
import sys
from scapy.all import Ether, IP, UDP, Raw, wrpcap
pkts = []
for i in range(300):
    hdr = bytes([i % 256, i // 256, 1, 2, 3, 4, 5, 6]) + bytes(8) + bytes([33, 0x20, 34, 8]) + bytes(4) + (28).to_bytes(4, "big")
    p = Ether() / IP(src="10.%d.%d.2" % (i // 250, i % 250), dst="203.0.113.20") / UDP(sport=500, dport=500) / Raw(hdr)
    p.time = 1700000000 + i * 0.5
    pkts.append(p)
wrpcap(sys.argv[1], pkts)
PY
	"$IKESCOPE" tui --dump-screen "$tmp/many.pcap" >"$tmp/o" 2>&1
	check "300 attempts: all listed" grep -q '^300 attempts, 300 shown' "$tmp/o"
	"$IKESCOPE" tui --dump-screen --script '<end>' "$tmp/many.pcap" >"$tmp/o" 2>&1
	check "300 attempts: End shows the last one" grep -q '^ *300 ' "$tmp/o"
	"$IKESCOPE" tui --dump-screen --script '<pgdn><pgdn>\n\n\t\n' "$tmp/many.pcap" >"$tmp/o" 2>&1
	check "300 attempts: drill into a packet of a page-down attempt" grep -q 'frame .* detail' "$tmp/o"
	"$IKESCOPE" tui --dump-screen --script 'ss/10.1.\n' "$tmp/many.pcap" >"$tmp/o" 2>&1
	check "300 attempts: filter 10.1. leaves 50" grep -q '50 shown' "$tmp/o"
else
	skip "hundreds of attempts (scapy missing for /usr/bin/python3)"
fi

# sizes: every size from 1x1 up renders something sane, never crashes
crashed=""
for size in 1x1 10x3 39x10 40x9 40x10 41x11 50x12 80x24 200x60; do
	for s in '' '\n' '\n\n' '\n\n\t\n\t'; do
		"$IKESCOPE" tui --dump-screen --size "$size" --script "$s" \
			samples/l2tp-ppp-auth-failed/client.pcap >"$tmp/o" 2>&1 || crashed="$crashed $size/$s"
		rows=$(wc -l <"$tmp/o")
		[ "$rows" -eq "${size#*x}" ] || crashed="$crashed $size/$s:rows=$rows"
	done
done
check "every size renders exactly its rows, no crash${crashed:+:$crashed}" test -z "$crashed"
check "39x9 says too small" grep -q 'terminal too small' tests/tui/expected/too-small.txt

# usage errors
"$IKESCOPE" tui --dump-screen --script '<nope>' samples/l2tp-psk-retry/client.pcap >/dev/null 2>"$tmp/e"
check "bad key script: exit 2" test $? -eq 2
"$IKESCOPE" tui --dump-screen -i nosuch0 >/dev/null 2>"$tmp/e"
check "live capture on a missing interface: exit 2" test $? -eq 2
"$IKESCOPE" tui --dump-screen /nonexistent.pcap >/dev/null 2>"$tmp/e"
check "missing file: exit 2" test $? -eq 2
"$IKESCOPE" tui >/dev/null 2>"$tmp/e"
check "no file: exit 2" test $? -eq 2
"$IKESCOPE" tui --dump-screen --size 0x5 samples/l2tp-psk-retry/client.pcap >/dev/null 2>"$tmp/e"
check "bad --size: exit 2" test $? -eq 2
"$IKESCOPE" help tui | grep -q -- '--dump-screen'
check "help tui documents --dump-screen" test $? -eq 0

# two files: [ and ] switch between them
"$IKESCOPE" tui --dump-screen --script ']' samples/l2tp-udp500-blocked/client.pcap \
	samples/l2tp-psk-retry/client.pcap >"$tmp/o" 2>&1
check "two files: ] shows the second" grep -q 'l2tp-psk-retry/client.pcap (file 2/2' "$tmp/o"
done_testing
