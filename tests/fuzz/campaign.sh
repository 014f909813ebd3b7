#!/bin/sh
# A fuzzing campaign: each libFuzzer harness for MINUTES (default 30), one
# after another (one core), then one row per harness appended to the
# campaign table of doc/FUZZING.md: date, harness, minutes, executions,
# exec/s, coverage (cov/ft of libFuzzer's last status line), corpus size,
# findings.  Findings are kept in tests/fuzz/crashes/ (see doc/FUZZING.md
# for turning them into regression captures).
# Usage: tests/fuzz/campaign.sh [MINUTES [HARNESS...]]   (make fuzz-campaign FUZZ_MINUTES=30)
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$top_srcdir" || exit 99
min=${1:-30}
case $min in "" | *[!0-9]* | 0) echo "campaign.sh: MINUTES must be a whole number above 0" >&2; exit 2 ;; esac
[ $# -gt 0 ] && shift
stats=$(mktemp) || exit 99
trap 'rm -f "$stats"' EXIT
FUZZ_STATS=$stats nice -n "${FUZZ_NICE:-10}" sh tests/fuzz/run-fuzz.sh $((min * 60)) "$@"
rc=$?
day=$(date -u +%Y-%m-%d)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
ncrash=$(find tests/fuzz/crashes -type f 2>/dev/null | wc -l)
while read -r h secs runs cov ft corp status; do
	eps=$((runs / (secs > 0 ? secs : 1)))
	if [ "$status" = ok ]; then
		found="none"
	else
		found="yes: tests/fuzz/crashes/$h-*"
	fi
	row="| $day | $commit | fuzz_$h | $((secs / 60)) | $runs | $eps | $cov / $ft | $corp | $found |"
	echo "$row"
	echo "$row" >>"$stats.rows"
done <"$stats"
# into the campaign table: above its marker line (at the end if it is gone)
if [ -s "$stats.rows" ]; then
	if grep -q '^<!-- tests/fuzz/campaign.sh inserts' doc/FUZZING.md; then
		awk -v rows="$stats.rows" '/^<!-- tests\/fuzz\/campaign.sh inserts/ { while ((getline l < rows) > 0) print l } { print }' \
			doc/FUZZING.md >"$stats.doc" && cat "$stats.doc" >doc/FUZZING.md
	else
		cat "$stats.rows" >>doc/FUZZING.md
	fi
fi
rm -f "$stats.rows" "$stats.doc"
echo "rows appended to doc/FUZZING.md ($ncrash file(s) in tests/fuzz/crashes/)"
exit $rc
