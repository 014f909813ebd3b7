#!/bin/sh
# A capture cut at every byte offset (small samples) or at many offsets
# (a real lab capture): ikescope must decode what is there, name the file
# and the problem, exit 2 (or 0 when the cut falls between records, or at
# the end), and never crash or trip a sanitizer.
# Then every sample capture, cut in one process by tests/corpus/truncate
# (every byte of the first records, every record boundary -3..+3 and the
# cuts inside each record header, every 29th byte): each cut must give
# exactly the whole records before it and report the cut, under ASan and
# UBSan in CI.  And a file cut shorter while it is read (tests/corpus/shrink).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
cd "$top_srcdir" || exit 99
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}:exitcode=86"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}:halt_on_error=1:exitcode=87"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT

cut_test() { # file step
	f=$1 step=$2
	size=$(wc -c <"$f")
	bad=""
	n=0
	off=0
	while [ "$off" -lt "$size" ]; do
		head -c "$off" "$f" >"$tmp/cut.pcap"
		"$IKESCOPE" dissect -V "$tmp/cut.pcap" >"$tmp/out" 2>"$tmp/err"
		rc=$?
		n=$((n + 1))
		if [ $rc -ne 0 ] && [ $rc -ne 2 ]; then
			bad="$bad $off:exit$rc"
		elif grep -q 'runtime error\|Sanitizer' "$tmp/err"; then
			bad="$bad $off:sanitizer"
		elif [ $rc -eq 2 ] && ! grep -q "$tmp/cut.pcap: " "$tmp/err"; then
			bad="$bad $off:no-message"
		fi
		off=$((off + step))
	done
	if [ -z "$bad" ]; then
		ok "$f cut at $n offsets (every $step bytes)"
	else
		not_ok "$f cut at $n offsets: failures at$(echo "$bad" | cut -c1-300)"
	fi
}

cut_test samples/basic/dns-lookup.pcap 1
cut_test samples/basic/nanosecond.pcapng 1
cut_test samples/basic/ip-fragments.pcap 7
if [ -f samples/l2tp-ikev1-ok/client.pcap ]; then
	cut_test samples/l2tp-ikev1-ok/client.pcap 67
fi
# tap_of NAME PROGRAM ARGS...: the program's TAP lines as checks of ours,
# and a failure when it crashed or a sanitizer spoke
tap_of() {
	name=$1
	shift
	"$@" >"$tmp/$name" 2>"$tmp/$name.err"
	rc=$?
	while IFS= read -r line; do
		case $line in
		"ok "*) ok "${line#ok * - }" ;;
		"not ok "*) not_ok "${line#not ok * - }" ;;
		esac
	done <"$tmp/$name"
	if [ $rc -gt 1 ] || grep -q 'runtime error\|Sanitizer' "$tmp/$name.err"; then
		not_ok "$name: exit $rc or a sanitizer report"
		grep -m5 'runtime error\|ERROR' "$tmp/$name.err" | sed 's/^/#   /'
	fi
}
trunc=${TRUNCATE:-$(dirname "$IKESCOPE")/tests/corpus/truncate}
if [ ! -x "$trunc" ]; then
	skip "every sample cut in one process: $trunc is not built (make check builds it)"
else
	# shellcheck disable=SC2046
	tap_of truncate "$trunc" $(find samples -name '*.pcap' -o -name '*.pcapng' | sort)
fi
# a file cut shorter while it is read (mapped: SIGBUS past the new end)
shrink=${SHRINK:-$(dirname "$IKESCOPE")/tests/corpus/shrink}
if [ ! -x "$shrink" ]; then
	skip "a file cut while read: $shrink is not built (make check builds it)"
else
	tap_of shrink "$shrink" "$tmp"
fi
done_testing
