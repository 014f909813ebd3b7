#!/bin/sh
# `ikescope tui -i IFACE`: the live timeline on a real interface.  Two
# network namespaces joined by a veth pair (tests/live/netns.sh); a sample
# capture is replayed onto one end while the TUI captures on the other.
# Headless (--dump-screen: capture until SIGINT, then the screen) its
# attempt line must equal the one for the capture file, and the packet
# detail must be re-read from the file it wrote; on a terminal (tmux) the
# attempt appears and gets its verdict while the TUI is running, the views
# drill down, q quits.  Also the usage errors.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
cd "$top_srcdir" || exit 99

# usage errors need no privileges
"$IKESCOPE" tui -i nosuch0 samples/l2tp-psk-mismatch/client.pcap >/dev/null 2>"${TMPDIR:-/tmp}/ikst$$"
rc=$?
check "tui: interfaces and files together: exit 2 and message" \
	sh -c "[ $rc = 2 ] && grep -q 'either interfaces or files' '${TMPDIR:-/tmp}/ikst$$'"
"$IKESCOPE" tui -w x.pcap samples/l2tp-psk-mismatch/client.pcap >/dev/null 2>"${TMPDIR:-/tmp}/ikst$$"
rc=$?
check "tui: -w without -i: exit 2 and message" sh -c "[ $rc = 2 ] && grep -q 'go with -i' '${TMPDIR:-/tmp}/ikst$$'"
rm -f "${TMPDIR:-/tmp}/ikst$$"

. "$top_srcdir/tests/live/netns.sh"
mkdir -m 1777 "$tmp/t"
f=samples/l2tp-psk-mismatch/client.pcap

ip netns exec $B "$IKESCOPE" tui -i nosuch$$ --dump-screen >/dev/null 2>"$tmp/e1"
rc=$?
check "tui -i: no such interface: exit 2 and message" sh -c "[ $rc = 2 ] && grep -q 'no such interface' '$tmp/e1'"

# headless: capture until SIGINT, then the screen after the keys
ip netns exec $B env TMPDIR="$tmp/t" IKESCOPE_NO_DISPLAY=1 "$IKESCOPE" tui -i $VB --size 100x20 \
	--script '\n\n' >"$tmp/live.txt" 2>"$tmp/live.err" &
lpid=$!
pids="$pids $lpid"
i=0
while [ $i -lt 50 ] && ! grep -qs listening "$tmp/live.err"; do sleep 0.1; i=$((i + 1)); done
uid=$(awk '/^Uid:/{print $3}' /proc/$lpid/status)
check "tui -i: privileges dropped to nobody by default" [ "$uid" = "$(id -u nobody)" ]
check "tui -i: a private file holds the analysed packets" sh -c "ls '$tmp/t' | grep -q '^ikescope-tui-'"
ip netns exec $A $PY tests/live/replay.py $VA "$f" 8 >/dev/null
sleep 0.5
kill -INT $lpid
wait $lpid
rc=$?
check "tui -i --dump-screen: exit 0 after SIGINT" [ "$rc" = 0 ]
check "tui -i: title names the interface" grep -q "ikescope  $VB (live)" "$tmp/live.txt"
IKESCOPE_NO_DISPLAY=1 "$IKESCOPE" tui --size 100x20 "$f" | sed -n 3p >"$tmp/want"
check "tui -i: detail re-read from the written file (as nobody)" \
	grep -q "Internet Security Association and Key Management Protocol" "$tmp/live.txt"
check "tui -i: the temporary file is removed at the end" sh -c "! ls '$tmp/t' | grep -q ikescope-tui-"

# the attempt list of the live capture equals the file's (same verdict,
# furthest stage, cause, endpoints, profile)
ip netns exec $B env IKESCOPE_NO_DISPLAY=1 "$IKESCOPE" tui -i $VB --size 100x20 -w "$tmp/w.pcap" \
	>"$tmp/list.txt" 2>"$tmp/list.err" &
lpid=$!
pids="$pids $lpid"
i=0
while [ $i -lt 50 ] && ! grep -qs listening "$tmp/list.err"; do sleep 0.1; i=$((i + 1)); done
ip netns exec $A $PY tests/live/replay.py $VA "$f" 8 >/dev/null
sleep 0.5
kill -INT $lpid
wait $lpid
cut -c1-75 "$tmp/want" >"$tmp/want75"
sed -n 3p "$tmp/list.txt" | cut -c1-75 >"$tmp/got75"
if [ -s "$tmp/want75" ] && cmp -s "$tmp/want75" "$tmp/got75"; then
	ok "tui -i: the attempt line equals the file's"
else
	not_ok "tui -i: the attempt line differs from the file's"
	diff "$tmp/want75" "$tmp/got75" | sed 's/^/# /'
fi
check "tui -i -w: the file written gives the same verdict" \
	sh -c "'$IKESCOPE' report --json '$tmp/w.pcap' | grep -q '\"cause\":\"psk-mismatch\"'"

# on a terminal: the attempt arrives while the TUI runs
if ! command -v tmux >/dev/null 2>&1; then
	skip "tmux not installed"
	done_testing
	exit 0
fi
sock="ikescope-live-$$"
. "$top_srcdir/tests/tui/tmux.sh"
trap 'T kill-server 2>/dev/null; netns_cleanup' EXIT
T new-session -d -s l1 -x 100 -y 24 \
	"ip netns exec $B env LC_ALL=C.UTF-8 TERM=xterm-256color TMPDIR=$tmp/t '$IKESCOPE' tui -i $VB --idle-timeout 2; echo EXIT=\$?; sleep 30"
T set-option -t l1 -g status off >/dev/null 2>&1
check "tmux: the live TUI starts" wait_for l1 "$VB (live)"
check "tmux: the status shows the packet count" wait_for l1 "live 0 pkts"
ip netns exec $A $PY tests/live/replay.py $VA "$f" 8 >/dev/null
check "tmux: the packets are counted as they arrive" wait_for l1 "live 12 pkts"
# idle for 2 s: the attempt gets its verdict while the TUI runs
check "tmux: the attempt finishes with its verdict" wait_for l1 "psk-mismatch" 80
T send-keys -t l1 Enter
check "tmux: Enter opens its timeline" wait_for l1 "[timeline]"
T send-keys -t l1 Enter
check "tmux: and its packets, with the detail" wait_for l1 "Internet Security Association"
T send-keys -t l1 q
check "tmux: q quits with status 0" wait_for l1 "EXIT=0"
check "tmux: the temporary file is removed" sh -c "! ls '$tmp/t' | grep -q ikescope-tui-"
done_testing
