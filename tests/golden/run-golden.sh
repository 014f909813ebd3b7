#!/bin/sh
# Golden tests: run `ikescope dissect` on the captures in samples/ and
# compare with the checked-in expected output (TESTLIST).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
cd "$top_srcdir" || exit 99
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT

grep -v '^#' tests/golden/TESTLIST | grep -v '^\s*$' | while read -r name rest; do
	exp="tests/golden/expected/$name.out"
	# the remaining words: capture(s) then options; eval keeps quoting
	# a capture written corpus:PATH lives in the shared corpus ($CORPUS),
	# which may be absent: the test is then skipped
	case "$rest" in
	corpus:*)
		if [ ! -d "$CORPUS" ]; then
			echo "ok - # SKIP $name (corpus not found at $CORPUS)"
			continue
		fi
		rest="$CORPUS/${rest#corpus:}"
		;;
	esac
	eval "set -- $rest"
	files=""
	while [ $# -gt 0 ] && [ -e "$1" ]; do files="$files $1"; shift; done
	cmd=dissect
	case "$name" in report-*) cmd=report ;; esac
	# shellcheck disable=SC2086
	"$IKESCOPE" $cmd "$@" $files >"$tmp/out" 2>"$tmp/err"
	echo "exit $?" >>"$tmp/out"
	cat "$tmp/err" >>"$tmp/out"
	if [ ! -f "$exp" ]; then
		echo "not ok - $name: no expected output $exp"
	elif diff -u "$exp" "$tmp/out" >"$tmp/diff"; then
		echo "ok - $name"
	else
		echo "not ok - $name"
		sed 's/^/# /' "$tmp/diff" | head -40
	fi
done >"$tmp/results"
cat "$tmp/results"
n=$(grep -c '^ok\|^not ok' "$tmp/results")
echo "1..$n"
! grep -q '^not ok' "$tmp/results"
