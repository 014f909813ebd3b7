#!/bin/sh
# Build the libFuzzer harnesses with clang (-fsanitize=fuzzer,address,
# undefined) and run each for FUZZ_SECONDS (default 20), seeded from
# samples/ and ../shared/corpus.  Prints TAP; a crash, leak or sanitizer
# report fails, and the input that caused it is kept in tests/fuzz/crashes/.
# Usage: tests/fuzz/run-fuzz.sh [SECONDS]      (make fuzz FUZZ_SECONDS=N)
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$top_srcdir/tests/lib.sh"
cd "$top_srcdir" || exit 99
secs=${1:-${FUZZ_SECONDS:-20}}
CLANG=${CLANG:-clang}
if ! command -v "$CLANG" >/dev/null 2>&1; then
	echo "1..0 # SKIP clang is not installed"
	exit 0
fi
out=${FUZZ_BUILD:-$top_srcdir/tests/fuzz/build}
mkdir -p "$out" tests/fuzz/crashes
if [ ! -f config.h ]; then
	echo "1..0 # SKIP run ./configure first (config.h is needed)"
	exit 0
fi
flags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -std=gnu11 -D_GNU_SOURCE -I. -Idissectors $(pkg-config --cflags glib-2.0 libpcap libcrypto)"
libs="$(pkg-config --libs glib-2.0 libpcap libcrypto)"
dsrc=$(ls dissectors/*.c)

# seeds: every frame of every capture, as "link type index + frame", and
# the capture files themselves
seeds="$out/seeds"
if [ ! -d "$seeds/frame" ]; then
	mkdir -p "$seeds/frame" "$seeds/pcap"
	files=$(find samples "$CORPUS" -name '*.pcap' -o -name '*.pcapng' 2>/dev/null | sort)
	/usr/bin/python3 - "$seeds/frame" $files <<'PY' 2>/dev/null || true
import struct, sys, os, hashlib
lts = [0, 1, 9, 12, 14, 50, 51, 101, 104, 108, 113, 166, 204, 228, 229, 276]
out = sys.argv[1]
for f in sys.argv[2:]:
    d = open(f, 'rb').read()
    if len(d) < 24 or d[:4] not in (b'\xd4\xc3\xb2\xa1', b'\x4d\x3c\xb2\xa1'):
        continue
    lt = struct.unpack('<I', d[20:24])[0] & 0xffff
    if lt == 101: lt = 12
    if lt not in lts: continue
    o, n = 24, 0
    while o + 16 <= len(d) and n < 200:
        cl = struct.unpack('<I', d[o+8:o+12])[0]
        fr = d[o+16:o+16+cl]
        o += 16 + cl; n += 1
        data = bytes([lts.index(lt)]) + fr
        open(os.path.join(out, hashlib.sha1(data).hexdigest()), 'wb').write(data)
PY
	for f in $files; do cp "$f" "$seeds/pcap/$(basename "$f")"; done
fi

for h in frame pcap; do
	extra=""
	[ "$h" = pcap ] && extra="cli/source.c"
	# shellcheck disable=SC2086
	if ! "$CLANG" $flags -o "$out/fuzz_$h" tests/fuzz/fuzz_$h.c $extra $dsrc $libs 2>"$out/build-$h.log"; then
		not_ok "fuzz_$h builds"
		sed 's/^/#   /' "$out/build-$h.log" | head -20
		continue
	fi
	mkdir -p "$out/corpus-$h"
	ASAN_OPTIONS=detect_leaks=1 "$out/fuzz_$h" -max_total_time="$secs" -max_len=65600 -timeout=10 \
		-rss_limit_mb=2048 -artifact_prefix=tests/fuzz/crashes/"$h"- "$out/corpus-$h" "$seeds/$h" \
		>"$out/run-$h.log" 2>&1
	rc=$?
	runs=$(grep -o 'Done [0-9]* runs' "$out/run-$h.log" | tail -1)
	if [ $rc -eq 0 ]; then
		ok "fuzz_$h: ${runs:-ran} in ${secs}s, no crash"
	else
		not_ok "fuzz_$h: exit $rc"
		grep -A15 'ERROR\|runtime error' "$out/run-$h.log" | head -30 | sed 's/^/#   /'
	fi
done
done_testing
