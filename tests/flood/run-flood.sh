#!/bin/sh
# Resource bounds under attack (issue 11): a capture with a million bogus
# IKE initiations from random addresses and cookies, an IP fragment flood
# and an IKE fragment flood (tests/flood/gen-flood.py), with two real
# attempts (samples/l2tp-ikev1-ok, samples/ikev2-ok) spliced in the middle.
# `ikescope report` must finish in bounded time with peak RSS under
# FLOOD_MAX_RSS_MIB (96 MiB, doc/FUZZING.md), say which caps were hit, and
# give both real attempts the verdict and stages they get alone, keys
# included.  Under AddressSanitizer the flood is scaled down to 300000
# packets and the RSS bound is not checked (its quarantine holds freed
# memory); FLOOD_N overrides the size.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
cd "$top_srcdir" || exit 99
l2=samples/l2tp-ikev1-ok v2=samples/ikev2-ok
if [ ! -x /usr/bin/python3 ] || [ ! -f $l2/client.pcap ] || [ ! -f $v2/client.pcap ]; then
	echo "1..0 # SKIP /usr/bin/python3 or the samples are missing"
	exit 0
fi
asan=no
ldd "$IKESCOPE" 2>/dev/null | grep -q 'libasan\|libclang_rt.asan' && asan=yes
if [ $asan = yes ]; then n=${FLOOD_N:-300000} limit=300; else n=${FLOOD_N:-1000000} limit=120; fi
max_rss_mib=${FLOOD_MAX_RSS_MIB:-96}
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}:exitcode=86"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}:halt_on_error=1:exitcode=87"

if /usr/bin/python3 tests/flood/gen-flood.py "$tmp/flood.pcap" "$n" 11 $l2/client.pcap $v2/client.pcap 2>"$tmp/gen.err"; then
	ok "generated a flood of $n packets ($(($(wc -c <"$tmp/flood.pcap") / 1048576)) MiB) with 2 real attempts"
else
	not_ok "gen-flood.py failed: $(head -c 300 "$tmp/gen.err")"
	done_testing
	exit 0
fi
keys="-k $l2/keys/ikev1_decryption_table -k $l2/keys/esp_sa -k $v2/keys/ikev2_decryption_table -k $v2/keys/esp_sa"

# peak RSS: GNU time when there is one, else the kernel's VmHWM is not
# reachable after exit, so the check is skipped
timecmd=""
[ -x /usr/bin/time ] && timecmd="/usr/bin/time -f %M -o $tmp/rss"
start=$(date +%s)
# shellcheck disable=SC2086
timeout "$limit" $timecmd "$IKESCOPE" report --json $keys "$tmp/flood.pcap" >"$tmp/out" 2>"$tmp/err"
rc=$?
secs=$(($(date +%s) - start))
check "report on the flood exits 1 (failed attempts), not killed or crashed (exit $rc, ${secs}s, limit ${limit}s)" \
	test "$rc" -eq 1
if grep -q 'runtime error\|Sanitizer' "$tmp/err"; then
	not_ok "no sanitizer report"
	grep -m5 'runtime error\|Sanitizer' "$tmp/err" | sed 's/^/#   /'
else
	ok "no sanitizer report"
fi
if [ $asan = yes ] || [ -z "$timecmd" ] || [ ! -s "$tmp/rss" ]; then
	skip "peak RSS under ${max_rss_mib} MiB (AddressSanitizer build or no /usr/bin/time)"
else
	kb=$(tail -1 "$tmp/rss")
	check "peak RSS $((kb / 1024)) MiB under ${max_rss_mib} MiB for $n flood packets" test "$kb" -lt $((max_rss_mib * 1024))
fi
# the caps hit are said, with counts
for what in 'IP fragment(s) refused' 'incomplete IP datagram(s) dropped' 'incomplete IKE fragment set(s) dropped' \
	'attempt(s) finished early' 'attempt(s) not listed'; do
	check "the report says: $what" grep -q "$what" "$tmp/err"
done

# the real attempts: same verdict and stages as in their own captures
stages() { # json lines on stdin -> "profile verdict stage:status..." of the ok attempts from the lab client
	/usr/bin/python3 -c '
import json, sys
for l in sys.stdin:
    a = json.loads(l)
    if a["initiator"].startswith("198.51.100.10:"):
        print(a["profile"], a["verdict"]["status"], " ".join(s["name"] + ":" + s["status"] for s in a["stages"]))'
}
stages <"$tmp/out" | sort >"$tmp/flooded"
for s in $l2 $v2; do
	# shellcheck disable=SC2086
	"$IKESCOPE" report --json $keys $s/client.pcap 2>/dev/null | stages
done | sort >"$tmp/alone"
check "both real attempts are found in the flood" test "$(wc -l <"$tmp/alone")" -eq 2
if cmp -s "$tmp/alone" "$tmp/flooded"; then
	ok "the real attempts get the same verdicts and stages in the flood as alone ($(cut -d' ' -f1,2 "$tmp/alone" | tr '\n' ' '))"
else
	not_ok "the real attempts differ in the flood"
	diff "$tmp/alone" "$tmp/flooded" | sed 's/^/#   /' | head -10
fi
done_testing
