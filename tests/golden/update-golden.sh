#!/bin/sh
# Regenerate the expected output of golden tests (all, or the names given).
# Review the diff before committing: the expected files are the contract.
top_srcdir=$(cd "$(dirname "$0")/../.." && pwd)
IKESCOPE=${IKESCOPE:-$top_srcdir/ikescope}
export TZ=UTC LC_ALL=C.UTF-8
cd "$top_srcdir" || exit 1
mkdir -p tests/golden/expected
names=" $* "
grep -v '^#' tests/golden/TESTLIST | grep -v '^\s*$' | while read -r name rest; do
	if [ "$names" != "  " ]; then
		case "$names" in *" $name "*) ;; *) continue ;; esac
	fi
	case "$rest" in
	corpus:*) rest="${IKESCOPE_CORPUS:-$top_srcdir/../shared/corpus}/${rest#corpus:}" ;;
	esac
	eval "set -- $rest"
	files=""
	while [ $# -gt 0 ] && [ -e "$1" ]; do files="$files $1"; shift; done
	cmd=dissect
	case "$name" in report-*) cmd=report ;; esac
	# shellcheck disable=SC2086
	{ "$IKESCOPE" $cmd "$@" $files 2>/tmp/golden-err.$$; echo "exit $?"; cat /tmp/golden-err.$$; } \
		>"tests/golden/expected/$name.out"
	rm -f /tmp/golden-err.$$
	echo "updated $name"
done
