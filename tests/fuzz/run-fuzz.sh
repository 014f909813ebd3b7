#!/bin/sh
# Build the libFuzzer harnesses with clang (-fsanitize=fuzzer,address,
# undefined) and run each for SECONDS (default 20), seeded from samples/
# and ../shared/corpus, with the dictionaries of tests/fuzz/*.dict.
# Prints TAP; a crash, leak, timeout or sanitizer report fails, and the
# input that caused it is kept in tests/fuzz/crashes/HARNESS-*.
# Usage: tests/fuzz/run-fuzz.sh [SECONDS [HARNESS...]]   (make fuzz FUZZ_SECONDS=N)
# FUZZ_STATS=FILE appends "harness seconds runs cov ft corpus status" lines
# (tests/fuzz/campaign.sh uses them for doc/FUZZING.md).
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$top_srcdir/tests/lib.sh"
cd "$top_srcdir" || exit 99
secs=${1:-${FUZZ_SECONDS:-20}}
[ $# -gt 0 ] && shift
harnesses=${*:-"frame pcap ike esp l2tp ppp gre pptp keys expect multi"}
CLANG=${CLANG:-clang}
if ! command -v "$CLANG" >/dev/null 2>&1; then
	echo "1..0 # SKIP clang is not installed"
	exit 0
fi
out=${FUZZ_BUILD:-$top_srcdir/tests/fuzz/build}
mkdir -p "$out" tests/fuzz/crashes
rm -f "$out/build-objects.log" "$out/build-objects.log.failed"
if [ ! -f config.h ]; then
	echo "1..0 # SKIP run ./configure first (config.h is needed)"
	exit 0
fi
CORPUS=${CORPUS:-$top_srcdir/../shared/corpus}
cflags="-g -O1 -fno-sanitize-recover=undefined -std=gnu11 -D_GNU_SOURCE -I. -Idissectors $(pkg-config --cflags glib-2.0 libpcap libcrypto json-glib-1.0)"
libs="$(pkg-config --libs glib-2.0 libpcap libcrypto json-glib-1.0)"

# the project's sources are compiled once (instrumented, not linked with
# the fuzzer's main), two at a time; each harness links against them
obj="$out/obj"
mkdir -p "$obj"
newest_h=$(ls -t dissectors/*.h analyzer/*.h cli/*.h config.h | head -1)
for f in dissectors/*.c analyzer/*.c cli/source.c; do
	o="$obj/$(echo "$f" | tr / _).o"
	if [ ! -f "$o" ] || [ "$f" -nt "$o" ] || [ "$newest_h" -nt "$o" ]; then
		echo "$f $o"
	fi
done | xargs -r -n2 -P2 sh -c '"$0" $1 -fsanitize=fuzzer-no-link,address,undefined -c "$3" -o "$4" 2>>"$2" || echo "$3" >>"$2.failed"' "$CLANG" "$cflags" "$out/build-objects.log"

# seeds (not committed): frames and protocol payloads cut out of every
# capture by make-seeds.py, the captures themselves, the key files and
# the expectation files of samples/
seeds="$out/seeds"
if [ ! -d "$seeds/multi" ]; then
	rm -rf "$seeds"
	mkdir -p "$seeds/pcap" "$seeds/keys" "$seeds/expect"
	files=$(find samples "$CORPUS" -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' 2>/dev/null | sort)
	# shellcheck disable=SC2086
	/usr/bin/python3 tests/fuzz/make-seeds.py "$seeds" $files 2>"$out/seeds.log" || true
	for f in $files; do
		[ "$(wc -c <"$f")" -le 1048576 ] && cp "$f" "$seeds/pcap/$(echo "$f" | tr / _)"
	done
	for f in samples/*/keys/*; do
		case $f in *preferences | */check) continue ;; esac
		[ -f "$f" ] && cp "$f" "$seeds/keys/$(echo "$f" | tr / _)"
	done
	for f in samples/*/*.expect; do
		[ -f "$f" ] && cp "$f" "$seeds/expect/$(echo "$f" | tr / _)"
	done
fi

# the dictionary of each harness (several .dict files joined)
dict_of() {
	case $1 in
	frame | multi) echo "ike esp l2tp ppp pptp" ;;
	gre) echo "ppp esp" ;;
	esp) echo "esp ike l2tp" ;;
	*) echo "$1" ;;
	esac
}

for h in $harnesses; do
	src=tests/fuzz/fuzz_$h.c mode=""
	case $h in
	ike | esp | l2tp | ppp | gre | pptp) src=tests/fuzz/fuzz_proto.c mode="-DFUZZ_MODE=$h" ;;
	esac
	objs="$obj/dissectors_*.o"
	case $h in
	pcap) objs="$objs $obj/analyzer_*.o $obj/cli_source.c.o" ;;
	expect | multi) objs="$objs $obj/analyzer_*.o" ;;
	esac
	# shellcheck disable=SC2086
	if [ -s "$out/build-objects.log.failed" ] ||
		! "$CLANG" $cflags -fsanitize=fuzzer,address,undefined $mode -o "$out/fuzz_$h" "$src" $objs $libs \
			2>"$out/build-$h.log"; then
		[ -s "$out/build-objects.log.failed" ] && cat "$out/build-objects.log" >>"$out/build-$h.log"
		not_ok "fuzz_$h builds"
		sed 's/^/#   /' "$out/build-$h.log" | head -20
		continue
	fi
	dict="$out/$h.dict"
	: >"$dict"
	for d in $(dict_of "$h"); do
		[ -f "tests/fuzz/$d.dict" ] && cat "tests/fuzz/$d.dict" >>"$dict"
	done
	dictopt=""
	[ -s "$dict" ] && dictopt="-dict=$dict"
	mkdir -p "$out/corpus-$h" "$seeds/$h"
	# harnesses whose contexts live across inputs keep memory that is
	# reachable, not leaked: a leak scan after each such input would cost
	# most of the time, so they are checked for leaks at exit only
	leaks=1
	case $h in keys | expect | pcap) ;; *) leaks=0 ;; esac
	# shellcheck disable=SC2086
	ASAN_OPTIONS=detect_leaks=1 "$out/fuzz_$h" -max_total_time="$secs" -max_len=65600 -timeout=10 \
		-detect_leaks=$leaks -rss_limit_mb=2048 -print_final_stats=1 $dictopt \
		-artifact_prefix=tests/fuzz/crashes/"$h"- \
		"$out/corpus-$h" "$seeds/$h" >"$out/run-$h.log" 2>&1
	rc=$?
	runs=$(grep -o 'Done [0-9]* runs' "$out/run-$h.log" | tail -1)
	last=$(grep -E '^#[0-9]+' "$out/run-$h.log" | tail -1)
	cov=$(echo "$last" | grep -o 'cov: [0-9]*' | cut -d' ' -f2)
	ft=$(echo "$last" | grep -o 'ft: [0-9]*' | cut -d' ' -f2)
	corp=$(echo "$last" | grep -o 'corp: [0-9]*' | cut -d' ' -f2)
	nruns=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$out/run-$h.log" | grep -o '[0-9]*$')
	if [ $rc -eq 0 ]; then
		ok "fuzz_$h: ${runs:-ran} in ${secs}s, cov ${cov:-?} ft ${ft:-?} corpus ${corp:-?}, no crash"
		status=ok
	else
		not_ok "fuzz_$h: exit $rc"
		grep -A15 'ERROR\|runtime error' "$out/run-$h.log" | head -30 | sed 's/^/#   /'
		status=finding
	fi
	[ -n "${FUZZ_STATS:-}" ] &&
		echo "$h $secs ${nruns:-0} ${cov:-0} ${ft:-0} ${corp:-0} $status" >>"$FUZZ_STATS"
done
done_testing
