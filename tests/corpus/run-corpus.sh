#!/bin/sh
# Every capture in ../shared/corpus (fuzzed and crash cases included) and in
# samples/ runs through every output mode of dissect, and through the
# analyzer (report, as text and JSON), without a crash; with the sanitizer
# build an ASan/UBSan report fails the test.  Exit codes must be 0 (read in
# full; report: 1 when an attempt failed) or 2 (input damaged or
# unreadable), never a signal.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}:exitcode=86"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}:halt_on_error=1:exitcode=87"

files=$(find "$top_srcdir/samples" -name '*.pcap' -o -name '*.pcapng' | sort)
if [ -d "$CORPUS" ]; then
	files="$files
$(find "$CORPUS" -name '*.pcap' -o -name '*.pcapng' | sort)"
fi
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
for f in $files; do
	[ -f "$f" ] || continue
	bad=""
	for mode in "dissect -n" "dissect -V -x" \
		"dissect -T fields -e frame.number -e ip.src -e udp.srcport -e dns.qry.name" "report -v" "report --json"; do
		# shellcheck disable=SC2086
		"$IKESCOPE" $mode "$f" >/dev/null 2>"$tmp/err"
		rc=$?
		if [ $rc -ne 0 ] && [ $rc -ne 2 ] && { [ $rc -ne 1 ] || [ "${mode%% *}" != report ]; }; then
			bad="$bad [$mode: exit $rc]"
		elif grep -q 'runtime error\|AddressSanitizer\|LeakSanitizer' "$tmp/err"; then
			bad="$bad [$mode: sanitizer report]"
		fi
	done
	if [ -z "$bad" ]; then
		ok "${f#"$top_srcdir"/}"
	else
		not_ok "${f#"$top_srcdir"/}:$bad"
		head -20 "$tmp/err" | sed 's/^/#   /'
	fi
done
done_testing
