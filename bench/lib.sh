# bench/lib.sh - what run-bench.sh and crypto-speed.sh share: where things
# are, generating a capture once, and timing a command N times.
# Sourced (bash); BENCH_NAME is the script's name for messages.
set -u
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
IKESCOPE=${IKESCOPE:-$top_builddir/ikescope}
GEN=$top_builddir/bench/iks-gen
LOOP=$top_builddir/bench/iks-readloop
OUT=${BENCH_OUT:-$top_builddir/bench/out}
N=${BENCH_REPEATS:-3}
TIME=/usr/bin/time

for x in "$IKESCOPE" "$GEN" "$LOOP"; do
	[ -x "$x" ] || { echo "$BENCH_NAME: $x not built (make bench builds it)" >&2; exit 2; }
done
[ -x $TIME ] || { echo "$BENCH_NAME: $TIME missing (Debian package time)" >&2; exit 2; }
mkdir -p "$OUT" || exit 2
# measure's scratch files (not removed by measure itself: it runs in a
# process substitution, and the next one may already be writing them)
trap 'rm -f "$OUT/.time" "$OUT/.time.all" "$OUT/.stderr"' EXIT

# gen NAME ARGS...: the capture $OUT/NAME.pcap, made once per argument
# list and generator build (a changed generator makes it again)
gen() {
	local name=$1; shift
	local stamp
	stamp="$* $(cksum <"$GEN")"
	if [ ! -s "$OUT/$name.pcap" ] || [ "$(cat "$OUT/$name.args" 2>/dev/null)" != "$stamp" ]; then
		echo "generating $name ($*)" >&2
		rm -rf "$OUT/$name.pcap" "$OUT/$name.keys"
		"$GEN" -o "$OUT/$name" "$@" || exit 2
		echo "$stamp" >"$OUT/$name.args"
	fi
	cat "$OUT/$name.pcap" >/dev/null # into the page cache: every tool reads from memory
}

# measure LABEL CMD...: runs CMD N times (stdout to /dev/null), prints
# "median_wall median_cpu median_rss_kib" and checks the exit status
measure() {
	local label=$1; shift
	local i rc f=$OUT/.time
	: >"$f.all"
	for ((i = 0; i < N; i++)); do
		$TIME -f '%e %U %S %M' -o "$f" "$@" >/dev/null 2>"$OUT/.stderr"
		rc=$?
		# ikescope report exits 1 when attempts failed: that is its answer
		if [ $rc -ne 0 ] && ! { [ "$label" != "${label#ikescope}" ] && [ $rc -eq 1 ]; }; then
			echo "$BENCH_NAME: $label exited with $rc:" >&2
			head -5 "$OUT/.stderr" >&2
		fi
		tail -1 "$f" >>"$f.all"
	done
	awk '{ w[NR] = $1; c[NR] = $2 + $3; r[NR] = $4 }
	     function med(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
	                                     return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
	     END { printf "%s %s %s\n", med(w, NR), med(c, NR), med(r, NR) }' "$f.all"
}
