#!/bin/sh
# The real binary on a terminal: ikescope tui driven in tmux (send-keys,
# capture-pane) on the sample captures.  Each screen is compared with the
# headless dump of the same keys (IKESCOPE_NO_DISPLAY): what ncurses shows
# is what the golden dumps show.  Also resize, monochrome, quit.
# Skipped when tmux is missing.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
cd "$top_srcdir" || exit 99
if ! command -v tmux >/dev/null 2>&1; then
	skip "tmux not installed"
	done_testing
	exit 0
fi
tmp=$(mktemp -d) || exit 99
sock="ikescope-test-$$"
. "$top_srcdir/tests/tui/tmux.sh"
trap 'T kill-server 2>/dev/null; rm -rf "$tmp"' EXIT

# start: start NAME WxH [env...] -- ikescope args
start() {
	name=$1 size=$2
	shift 2
	envs=""
	while [ "$1" != "--" ]; do envs="$envs $1"; shift; done
	shift
	T new-session -d -s "$name" -x "${size%x*}" -y "${size#*x}" \
		"env LC_ALL=C.UTF-8 TERM=xterm-256color $envs '$IKESCOPE' tui $*; echo EXIT=\$?; sleep 30"
	T set-option -t "$name" -g status off >/dev/null 2>&1
	T resize-window -t "$name" -x "${size%x*}" -y "${size#*x}" >/dev/null 2>&1
}

# settle NAME: capture until two captures agree (the screen is drawn)
settle() {
	sleep 0.3
	T capture-pane -t "$1" -p >"$tmp/a"
	i=0
	while [ $i -lt 20 ]; do
		sleep 0.15
		T capture-pane -t "$1" -p >"$tmp/b"
		cmp -s "$tmp/a" "$tmp/b" && break
		mv "$tmp/b" "$tmp/a"
		i=$((i + 1))
	done
	# capture-pane drops trailing blank lines on some versions: pad
	# both sides the same way before comparing
	sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' "$tmp/a" >"$tmp/pane"
}

# same_as_dump WHAT SIZE SCRIPT FILE [opts]: the pane equals the headless dump
same_as_dump() {
	what=$1 size=$2 script=$3
	shift 3
	IKESCOPE_NO_DISPLAY=1 "$IKESCOPE" tui --size "$size" --script "$script" "$@" >"$tmp/dump0" 2>&1
	sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' "$tmp/dump0" >"$tmp/dump"
	if diff -u "$tmp/dump" "$tmp/pane" >"$tmp/diff"; then
		ok "$what: terminal shows the golden rendering"
	else
		not_ok "$what: terminal differs from the headless dump"
		sed 's/^/# /' "$tmp/diff" | head -30
	fi
}

blocked=samples/l2tp-udp500-blocked/client.pcap
start s1 80x24 -- "$blocked"
if ! wait_for s1 "[attempts]"; then
	not_ok "tui starts in tmux"
	sed 's/^/# /' "$tmp/pane"
	done_testing
	exit 1
fi
settle s1
check "attempt list: the failed attempt" grep -q '1 FAILED .*ike-p1 .*ike-no-response' "$tmp/pane"
same_as_dump "attempt list" 80x24 '' "$blocked"
T send-keys -t s1 Enter
wait_for s1 "[timeline]" && settle s1
check "timeline: the one-way stage is flagged" grep -q 'no packets: stalled here' "$tmp/pane"
same_as_dump "timeline" 80x24 '\n' "$blocked"
T send-keys -t s1 Enter
wait_for s1 "[packets]" && settle s1
T send-keys -t s1 j Tab Enter j j
sleep 0.3
wait_for s1 "frame 4 detail: frame.time" && settle s1
check "drill down: packet 2, its tree expanded" grep -q 'Arrival Time' "$tmp/pane"
same_as_dump "packet detail" 80x24 '\n\nj\t\njj' "$blocked"
T send-keys -t s1 '?'
wait_for s1 "keys: packets" && settle s1
same_as_dump "help overlay" 80x24 '\n\nj\t\njj?' "$blocked"
T send-keys -t s1 Escape
sleep 0.2
T send-keys -t s1 Escape
wait_for s1 "[timeline]" && settle s1
# resize while running
T resize-window -t s1 -x 100 -y 30
wait_for s1 "────────────────────────────────────────────────────────────────────────────────────" && settle s1
same_as_dump "resized to 100x30" 100x30 '\n' "$blocked"
T resize-window -t s1 -x 30 -y 8
wait_for s1 "terminal too small" && settle s1
check "resized to 30x8: too small notice" grep -q '30x8; need 40x10' "$tmp/pane"
T resize-window -t s1 -x 80 -y 24
wait_for s1 "[timeline]" && settle s1
same_as_dump "back to 80x24" 80x24 '\n' "$blocked"
T send-keys -t s1 q
check "q quits with status 0" wait_for s1 "EXIT=0"

# two attempts; the second's timeline
retry=samples/l2tp-psk-retry/client.pcap
start s2 80x24 -- "$retry"
wait_for s2 "[attempts]" && settle s2
T send-keys -t s2 j Enter
wait_for s2 "attempt 2" && settle s2
same_as_dump "psk-retry: second attempt" 80x24 'j\n' "$retry"
T send-keys -t s2 Escape / p s k Enter
wait_for s2 'filter "psk"' && settle s2
same_as_dump "psk-retry: filter" 80x24 'j\n\e/psk\n' "$retry"
T send-keys -t s2 q

# decrypted PPP inside ESP
auth=samples/l2tp-ppp-auth-failed/client.pcap
keys=samples/l2tp-ppp-auth-failed/keys/esp_sa
start s3 80x24 -- -k "$keys" "$auth"
wait_for s3 "[attempts]" && T send-keys -t s3 Enter
wait_for s3 "[timeline]" && settle s3
same_as_dump "auth-failed: timeline with keys" 80x24 '\n' -k "$keys" "$auth"
T send-keys -t s3 q

# colours: on by default, none with NO_COLOR, none on a monochrome TERM
start c1 80x24 -- "$blocked"
wait_for c1 "[attempts]" && settle c1
T capture-pane -t c1 -p -e >"$tmp/esc"
check "colours used on a colour terminal" grep -q "$(printf '\033')\[[0-9;]*3[1-7]m" "$tmp/esc"
T send-keys -t c1 q
start c2 80x24 NO_COLOR=1 -- "$blocked"
wait_for c2 "[attempts]" && settle c2
T capture-pane -t c2 -p -e >"$tmp/esc"
check "NO_COLOR: no colour, still drawn" sh -c "! grep -q '$(printf '\033')\[[0-9;]*3[1-7]m' '$tmp/esc' && grep -q 'FAILED' '$tmp/esc'"
T send-keys -t c2 q
start c3 80x24 TERM=vt100 -- --ascii "$blocked"
wait_for c3 "[attempts]" && T send-keys -t c3 Enter
wait_for c3 "[timeline]" && settle c3
check "vt100, --ascii: ASCII drawing" grep -q '^time  *+0ms---' "$tmp/pane"
same_as_dump "vt100 --ascii timeline" 80x24 '\n' --ascii "$blocked"
T send-keys -t c3 q

# empty capture
printf '\324\303\262\241\002\000\004\000\000\000\000\000\000\000\000\000\377\377\000\000\001\000\000\000' >"$tmp/empty.pcap"
start e1 80x24 -- "$tmp/empty.pcap"
wait_for e1 "[attempts]" && settle e1
check "empty capture: notice shown" grep -q 'no connection attempt in this capture' "$tmp/pane"
T send-keys -t e1 Enter Enter Tab j q
check "empty capture: keys then q, status 0" wait_for e1 "EXIT=0"

# a terminal as small as 40x10, and smaller
start m1 40x10 -- "$blocked"
wait_for m1 "[attempts]" && settle m1
same_as_dump "40x10 attempt list" 40x10 '' "$blocked"
T send-keys -t m1 q
start m2 38x8 -- "$blocked"
wait_for m2 "terminal too small" && settle m2
check "38x8: too small notice" grep -q 'need 40x10' "$tmp/pane"
T send-keys -t m2 q
check "38x8: q quits" wait_for m2 "EXIT=0"
done_testing
