#!/bin/bash
# bench/run-bench.sh - ikescope against the read limit, tshark and tcpdump
# (issue 10).  Run through `make bench` (BENCH_SIZES=100M,1G
# BENCH_REPEATS=3), or directly with top_builddir set.
#
# For each size it generates (once; kept in $BENCH_OUT) a mixed L2TP/IPsec
# capture with bench/iks-gen, then runs on that same file, BENCH_REPEATS
# times each and in one invocation:
#   read limit      bench/iks-readloop FILE (libpcap, nothing else)
#   read+decrypt    bench/iks-readloop -k esp_sa FILE (+ OpenSSL decrypt and
#                   ICV check of every ESP packet)
#   ikescope report FILE, and with --keys esp_sa --keys ikev1_decryption_table
#   tshark -n -q -z io,phs, and the same with the keys (WIRESHARK_CONFIG_DIR;
#                   only up to BENCH_TSHARK_KEYS_MAX bytes: minutes per GB)
#   tcpdump -n, and tcpdump -n -E "file SECRETS"
# and prints medians of wall and CPU time, MB/s, packets/s, peak RSS and the
# throughput as a ratio to the read limit (and, for decrypting tools, to the
# read+decrypt limit).  Then the SA scaling: the same capture made with 1
# and with 5000 SAs, ikescope report --keys on each.
# Needs /usr/bin/time; tshark and tcpdump are skipped when absent.
BENCH_NAME=run-bench
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/bench/lib.sh"
SIZES=${BENCH_SIZES:-100M,1G}
SAS=${BENCH_SAS:-64}
SEED=${BENCH_SEED:-1}
TSHARK_KEYS_MAX=${BENCH_TSHARK_KEYS_MAX:-200000000}
SCALE_SIZE=${BENCH_SCALE_SIZE:-100M}
have() { command -v "$1" >/dev/null 2>&1; }

info() { sed -n "s/^$2=//p" "$OUT/$1.info"; }

# row LABEL BYTES PACKETS WALL CPU RSS READWALL READCPU [DECWALL DECCPU]
# (ratios: the tool's throughput over the limit's, by wall and by CPU time)
row() {
	awk -v l="$1" -v b="$2" -v p="$3" -v w="$4" -v c="$5" -v r="$6" -v rw="$7" -v rc="$8" -v dw="${9:-}" -v dc="${10:-}" 'BEGIN {
		if (w <= 0) w = 0.001
		if (c <= 0) c = 0.001
		dec = dw == "" ? "" : sprintf("%.2f / %.2f", dw / w, dc / c)
		printf "| %s | %.2f | %.2f | %.0f | %.0f | %.1f | %.2f / %.2f | %s |\n", l, w, c, b / w / 1e6, p / w / 1e3, r / 1024, rw / w, rc / c, dec
	}'
}

machine() {
	echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores online; flags: $(grep -m1 -o -w 'aes\|avx2\|sha_ni' /proc/cpuinfo | sort -u | tr '\n' ' ')"
	echo "- memory: $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo); files read from the page cache (warmed before each size)"
	echo "- disk: $(df -h "$OUT" | awk 'NR == 2 { print $1 ", " $2 }')"
	echo "- load when started: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "- $("$IKESCOPE" --version 2>&1 | head -1), $(openssl version 2>/dev/null), libpcap $(tcpdump --version 2>&1 | sed -n 's/^libpcap version \([^ ]*\).*/\1/p')"
	have tshark && echo "- $(tshark --version 2>/dev/null | head -1)"
	have tcpdump && echo "- $(tcpdump --version 2>&1 | head -1)"
	echo "- repeats: $N (medians); BENCH_SAS=$SAS, seed $SEED"
}

echo "# ikescope benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
machine
for size in ${SIZES//,/ }; do
	name=mix-$size-n$SAS
	gen "$name" -s "$size" -n "$SAS" -S "$SEED"
	F=$OUT/$name.pcap K=$OUT/$name.keys
	bytes=$(stat -c %s "$F") pk=$(info "$name" packets)
	echo
	echo "## $size: $(awk -v b="$bytes" 'BEGIN { printf "%.0f MB", b / 1e6 }'), $pk packets, $(info "$name" esp_packets) ESP, $(info "$name" attempts) attempts, $(info "$name" background_packets) background packets, $SAS SAs"
	echo
	echo "| tool | wall s | CPU s | MB/s | kpkt/s | peak RSS MiB | × read limit (wall / CPU) | × read+decrypt (wall / CPU) |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
	read -r rw rc rr < <(measure "read limit" "$LOOP" "$F")
	row "read limit (libpcap loop)" "$bytes" "$pk" "$rw" "$rc" "$rr" "$rw" "$rc"
	read -r dw dc dr < <(measure "read+decrypt" "$LOOP" -k "$K/esp_sa" "$F")
	row "read+decrypt limit (+ OpenSSL, every ESP)" "$bytes" "$pk" "$dw" "$dc" "$dr" "$rw" "$rc" "$dw" "$dc"
	read -r w c r < <(measure "ikescope report" "$IKESCOPE" report "$F")
	row "ikescope report" "$bytes" "$pk" "$w" "$c" "$r" "$rw" "$rc"
	read -r w c r < <(measure "ikescope report --keys" "$IKESCOPE" report --keys "$K/esp_sa" --keys "$K/ikev1_decryption_table" "$F")
	row "ikescope report --keys" "$bytes" "$pk" "$w" "$c" "$r" "$rw" "$rc" "$dw" "$dc"
	if have tshark; then
		read -r w c r < <(measure "tshark" tshark -n -q -z io,phs -r "$F")
		row "tshark -n -q -z io,phs" "$bytes" "$pk" "$w" "$c" "$r" "$rw" "$rc"
		if [ "$bytes" -le "$TSHARK_KEYS_MAX" ]; then
			read -r w c r < <(WIRESHARK_CONFIG_DIR=$K measure "tshark keys" tshark -n -q -z io,phs -r "$F")
			row "tshark -z io,phs with the esp_sa keys" "$bytes" "$pk" "$w" "$c" "$r" "$rw" "$rc" "$dw" "$dc"
		else
			echo "| tshark with the keys | not run above $TSHARK_KEYS_MAX bytes (see the smaller size) | | | | | | |"
		fi
	fi
	if have tcpdump; then
		read -r w c r < <(measure "tcpdump" tcpdump -n -r "$F")
		row "tcpdump -n" "$bytes" "$pk" "$w" "$c" "$r" "$rw" "$rc"
		read -r w c r < <(measure "tcpdump -E" tcpdump -n -E "file $K/tcpdump.secrets" -r "$F")
		row "tcpdump -n -E (CBC SAs only)" "$bytes" "$pk" "$w" "$c" "$r" "$rw" "$rc" "$dw" "$dc"
	fi
	# the speed is of a right answer: the verdicts the generator wrote
	verdicts=$("$IKESCOPE" check --keys "$K/esp_sa" --keys "$K/ikev1_decryption_table" --expect "$OUT/$name.expect" "$F" 2>&1)
	echo
	echo "Verdicts on this file (\`ikescope check --expect\` with the keys): $(echo "$verdicts" | tail -1 | sed "s|^$F: ||")$(echo "$verdicts" | grep -q 'resource caps hit' && echo '; warned that resource caps were hit')"
done

# SA scaling: the same capture with 1 and with 5000 SAs
echo
echo "## SA scaling ($SCALE_SIZE, same seed): ikescope report --keys"
echo
echo "| SAs | wall s | CPU s | MB/s | peak RSS MiB | read+decrypt limit wall s |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
for n in 1 5000; do
	name=mix-$SCALE_SIZE-n$n
	gen "$name" -s "$SCALE_SIZE" -n "$n" -S "$SEED"
	F=$OUT/$name.pcap K=$OUT/$name.keys
	bytes=$(stat -c %s "$F")
	read -r dw dc dr < <(measure "read+decrypt" "$LOOP" -k "$K/esp_sa" "$F")
	read -r w c r < <(measure "ikescope report --keys" "$IKESCOPE" report --keys "$K/esp_sa" --keys "$K/ikev1_decryption_table" "$F")
	awk -v n="$n" -v b="$bytes" -v w="$w" -v c="$c" -v r="$r" -v dw="$dw" 'BEGIN {
		printf "| %d | %.2f | %.2f | %.0f | %.1f | %.2f |\n", n, w, c, b / w / 1e6, r / 1024, dw }'
done
