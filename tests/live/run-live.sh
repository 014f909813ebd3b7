#!/bin/sh
# `ikescope live` on a real interface: two network namespaces joined by a
# veth pair; sample captures are replayed onto one end (tests/live/
# replay.py, a raw-socket sender) while `ikescope live` captures on the
# other; its verdicts must equal those of `ikescope report` on the same
# file, and so must those of the file it wrote with -w.  Also: the stall
# line of an unanswered IKE request, SIGHUP re-reading --keys, the
# errors (no such interface, down, no permission), and a bounded memory
# test (attempts opening and going idle for 30 s, RSS must stay flat).
# Needs root and `ip netns`; skips cleanly otherwise.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
cd "$top_srcdir" || exit 99

. "$top_srcdir/tests/live/netns.sh"

# start_live OUTFILE ARGS...: ikescope live in B on $VB; sets $lpid
start_live() {
	out=$1
	shift
	ip netns exec $B "$IKESCOPE" live -i $VB "$@" >"$out" 2>"$out.err" &
	lpid=$!
	pids="$pids $lpid"
	i=0
	while [ $i -lt 50 ] && ! grep -q "listening" "$out" "$out.err" 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
}
# stop_live: SIGINT, wait; sets $lrc
stop_live() {
	kill -INT "$lpid"
	wait "$lpid"
	lrc=$?
}

# verdicts NDJSON: one line per attempt, sorted: what must agree
# (profile, endpoints, NAT, verdict, and per stage its status and packet
# counts each way; frame numbers differ: live numbers only what passed
# the capture filter)
verdicts() {
	$PY -c '
import json, sys
rows = []
for line in sys.stdin:
    d = json.loads(line)
    if "event" in d:
        if d["event"] != "finished":
            continue
        d = d["attempt"]
    v = d["verdict"]
    st = " ".join("%s:%s:%d/%d" % (s["name"], s["status"], s["i2r"]["packets"], s["r2i"]["packets"]) for s in d["stages"])
    rows.append("%s %s>%s nat=%s %s %s %s %s | %s" % (d["profile"], d["initiator"], d["responder"], d["nat"],
                v["status"], v.get("stage"), v.get("direction"), v.get("cause"), st))
for r in sorted(rows):
    print(r)
'
}

for spec in l2tp-udp500-blocked:1 l2tp-psk-mismatch:4 ikev2-ok:4 l2tp-ikev1-natt-ok:4 pptp-gre-blocked:4 \
	l2tp-psk-retry:4; do
	name=${spec%:*} speed=${spec#*:}
	f=samples/$name/client.pcap
	start_live "$tmp/$name.json" --json -Z nobody -w "$tmp/$name.pcap"
	ip netns exec $A $PY tests/live/replay.py $VA "$f" "$speed" >/dev/null
	if [ "$name" = l2tp-udp500-blocked ]; then
		# the first request goes unanswered: a stall at ike-p1 within 10 s
		i=0
		while [ $i -lt 60 ] && ! grep -q '"stalled"' "$tmp/$name.json"; do
			sleep 0.25
			i=$((i + 1))
		done
		check "$name: stalled at ike-p1 waiting for the server" \
			grep -q '"event":"stalled".*"stage":"ike-p1","waiting_for":"server"' "$tmp/$name.json"
	fi
	sleep 0.5
	stop_live
	check "$name: live exits 0 on SIGINT" [ "$lrc" = 0 ]
	check "$name: a summary event at the end" grep -q '"event":"summary"' "$tmp/$name.json"
	check "$name: final drop counters" grep -q '"event":"final_drops"' "$tmp/$name.json"
	"$IKESCOPE" report --json "$f" | verdicts >"$tmp/$name.want"
	verdicts <"$tmp/$name.json" >"$tmp/$name.got"
	if [ -s "$tmp/$name.want" ] && cmp -s "$tmp/$name.want" "$tmp/$name.got"; then
		ok "$name: live verdicts equal report's ($(wc -l <"$tmp/$name.want") attempt(s))"
	else
		not_ok "$name: live verdicts differ from report's"
		diff "$tmp/$name.want" "$tmp/$name.got" | sed 's/^/# /'
		sed 's/^/# /' "$tmp/$name.json.err"
	fi
	"$IKESCOPE" report --json "$tmp/$name.pcap" 2>/dev/null | verdicts >"$tmp/$name.w"
	check "$name: the -w file gives the same verdicts" cmp -s "$tmp/$name.want" "$tmp/$name.w"
done

# text output: opened, reached, finished lines and the report block
start_live "$tmp/text.out" --ascii
uid=$(awk '/^Uid:/{print $3}' /proc/$lpid/status)
check "privileges dropped to nobody by default (uid $uid)" [ "$uid" = "$(id -u nobody)" ]
ip netns exec $A $PY tests/live/replay.py $VA samples/l2tp-psk-mismatch/client.pcap 8 >/dev/null
sleep 0.5
stop_live
check "text: opened line" grep -q "attempt 1 opened: l2tp-ipsec 198.51.100.10:500 -> 203.0.113.20:500" "$tmp/text.out"
check "text: stage line" grep -q "attempt 1 reached ike-p1" "$tmp/text.out"
check "text: finished line and verdict" grep -q "FAILED at ike-p1, r2i: psk-mismatch" "$tmp/text.out"
check "text: final line" grep -q "1 attempt: 0 ok, 1 failed, 0 incomplete" "$tmp/text.out"

# -C rotation: a 1 MB limit with many packets gives several files
start_live "$tmp/rot.out" -w "$tmp/rot.pcap" -C 100k -Z root --json
# about 6000 frames of 78 bytes (plus 16 of record header): over 500 KB
ip netns exec $A $PY tests/live/replay.py $VA --synth 3 2000 >/dev/null
sleep 0.5
stop_live
check "-w -C: the first file is a capture of at most 100 KiB" \
	sh -c "'$IKESCOPE' dissect '$tmp/rot.pcap' | grep -q ISAKMP && [ \$(stat -c %s '$tmp/rot.pcap') -le 102400 ]"
total=$(ls "$tmp"/rot.pcap* | wc -l)
sum=0
for x in "$tmp"/rot.pcap*; do sum=$((sum + $(capinfos -c -M "$x" 2>/dev/null | awk '/Number/{print $4}'))); done
got=$(grep -o '"packets":[0-9]*' "$tmp/rot.out" | tail -1 | cut -d: -f2)
if command -v capinfos >/dev/null 2>&1; then
	check "-w -C: files rotated ($total) and hold every analysed packet ($sum of $got)" \
		[ "$total" -ge 4 -a "$sum" = "$got" ]
else
	skip "-w -C: no capinfos"
fi

# SIGHUP re-reads --keys
start_live "$tmp/hup.out" -k samples/l2tp-esp-blocked/keys/esp_sa -Z root
kill -HUP "$lpid"
sleep 0.5
stop_live
check "SIGHUP: --keys re-read" grep -q "keys re-read" "$tmp/hup.out.err"
check "SIGHUP: still exits 0" [ "$lrc" = 0 ]

# errors: exit 2 with a clear message
ip netns exec $B "$IKESCOPE" live -i nosuch$$ >/dev/null 2>"$tmp/e1"
rc=$?
check "no such interface: exit 2 and message" sh -c "[ $rc = 2 ] && grep -q 'no such interface' '$tmp/e1'"
ip -n $B link add ikdn$$ type veth peer name ikdp$$ # left down
ip netns exec $B "$IKESCOPE" live -i ikdn$$ >/dev/null 2>"$tmp/e2"
rc=$?
check "interface down: exit 2 and message" sh -c "[ $rc = 2 ] && grep -q 'is down' '$tmp/e2'"
if command -v setpriv >/dev/null 2>&1; then
	ip netns exec $B setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		"$IKESCOPE" live -i $VB >/dev/null 2>"$tmp/e3"
	rc=$?
	check "no permission: exit 2 and message" sh -c "[ $rc = 2 ] && grep -q 'no permission' '$tmp/e3'"
else
	skip "no permission: no setpriv"
fi
ip netns exec $B "$IKESCOPE" live -i $VB -f "udp port" >/dev/null 2>"$tmp/e4"
rc=$?
check "bad filter: exit 2 and message" sh -c "[ $rc = 2 ] && grep -q 'invalid filter' '$tmp/e4'"

# memory: 30 s of attempts that open and go idle (2 s idle timeout), RSS
# sampled after 10 s and at the end must not grow by more than 2 MB
start_live "$tmp/mem.out" --json --idle-timeout 2 -Z root
ip netns exec $A $PY tests/live/replay.py $VA --synth 30 400 >"$tmp/sent" &
spid=$!
pids="$pids $spid"
sleep 10
rss1=$(awk '/VmRSS/{print $2}' /proc/$lpid/status)
wait $spid
rss2=$(awk '/VmRSS/{print $2}' /proc/$lpid/status)
stop_live
opened=$(grep -c '"event":"opened"' "$tmp/mem.out")
finished=$(grep -c '"event":"finished"' "$tmp/mem.out")
check "memory: many attempts came and went ($opened opened, $finished finished)" [ "$opened" -gt 5000 -a "$finished" = "$opened" ]
if ldd "$IKESCOPE" 2>/dev/null | grep -q 'libasan'; then
	# AddressSanitizer keeps freed memory in quarantine: RSS says nothing
	skip "memory: RSS not meaningful under AddressSanitizer (${rss1} -> ${rss2} kB)"
else
	check "memory: RSS flat (${rss1} kB after 10 s, ${rss2} kB after 30 s)" [ $((rss2 - rss1)) -lt 2048 ]
fi

done_testing
