# tests/lib.sh - tiny TAP helpers shared by the shell tests.
# Each test script prints TAP ("ok N - what" / "not ok N - what") that
# automake's tap-driver counts, one line per check.
t_n=0
t_fail=0
ok() { t_n=$((t_n + 1)); echo "ok $t_n - $*"; }
not_ok() { t_n=$((t_n + 1)); t_fail=$((t_fail + 1)); echo "not ok $t_n - $*"; }
skip() { t_n=$((t_n + 1)); echo "ok $t_n - # SKIP $*"; }
check() { # check "description" command...
	desc=$1; shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}
done_testing() { echo "1..$t_n"; [ "$t_fail" -eq 0 ]; }

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${IKESCOPE:=$top_srcdir/ikescope}"
export TZ=UTC
CORPUS=${IKESCOPE_CORPUS:-$top_srcdir/../shared/corpus}
