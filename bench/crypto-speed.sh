#!/bin/bash
# bench/crypto-speed.sh - ESP decryption throughput of ikescope against
# `openssl speed` for the same cipher on one core (issue 5).  Run through
# `make bench-crypto`.
#
# Per cipher: an ESP-only capture of one SA (bench/iks-gen --esp-only,
# BENCH_CRYPTO_SIZE, inner packets of BENCH_CRYPTO_PAYLOAD bytes), decrypted
# and verified by `ikescope report --keys` and by the bare read+decrypt loop
# (bench/iks-readloop -k); MB/s of ESP ciphertext per CPU second, against
# `openssl speed -evp CIPHER -bytes N` (CPU time, like the others: not
# -elapsed, which a loaded machine distorts) (plus `-hmac DIGEST` for the
# CBC ciphers: the two rates combined as 1 / (1/enc + 1/mac)) at N = the
# ciphertext length of one packet.  Note: `openssl speed` measures
# encryption, and CBC encryption is serial while CBC decryption is not.
BENCH_NAME=crypto-speed
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/bench/lib.sh"
SIZE=${BENCH_CRYPTO_SIZE:-200M}
PAYLOAD=${BENCH_CRYPTO_PAYLOAD:-1400}
CIPHERS=${BENCH_CIPHERS:-aes128-cbc-sha1 aes256-cbc-sha256 aes128-gcm aes256-gcm chacha20-poly1305 3des-sha1}

# openssl speed: bytes per second at block size B for -evp C (or -hmac D)
ossl() {
	openssl speed -seconds 2 -bytes "$2" $1 2>/dev/null | awk -v b="$2" '
		/^type/ { hdr = 1; next }
		hdr && NF >= 2 { v = $NF; sub(/k$/, "", v); print v * 1000; exit }'
}

echo "# ESP decryption throughput vs openssl speed, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'); one core per process; load when started: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- $(openssl version); capture: $SIZE of ESP-only packets, inner packet $PAYLOAD bytes; medians of $N runs (CPU time)"
echo
echo "| cipher | ESP ciphertext bytes/packet | openssl speed MB/s | read+decrypt loop MB/s | ikescope report --keys MB/s | ikescope / openssl |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for c in $CIPHERS; do
	name=esp-$c
	gen "$name" --esp-only -c "$c" -s "$SIZE" -p "$PAYLOAD"
	pl=$(sed -n 's/^esp_payload_bytes=//p' "$OUT/$name.info")
	np=$(sed -n 's/^esp_packets=//p' "$OUT/$name.info")
	per=$((pl / np))
	read -r evp mac < <(awk -v c="$c" 'BEGIN {
		split("aes128-cbc-sha1 aes-128-cbc sha1 aes256-cbc-sha256 aes-256-cbc sha256 aes128-gcm aes-128-gcm - aes256-gcm aes-256-gcm - chacha20-poly1305 chacha20-poly1305 - 3des-sha1 des-ede3-cbc sha1", a, " ")
		for (i = 1; i <= 18; i += 3) if (a[i] == c) print a[i + 1], a[i + 2] }')
	e=$(ossl "-evp $evp" "$per")
	if [ "$mac" != "-" ]; then
		m=$(ossl "-hmac $mac" "$per")
		o=$(awk -v e="$e" -v m="$m" 'BEGIN { print 1 / (1 / e + 1 / m) }')
	else
		o=$e
	fi
	read -r _ lc _ < <(measure "read+decrypt" "$LOOP" -k "$OUT/$name.keys/esp_sa" "$OUT/$name.pcap")
	read -r _ ic _ < <(measure "ikescope report --keys" "$IKESCOPE" report --keys "$OUT/$name.keys/esp_sa" "$OUT/$name.pcap")
	awk -v c="$c" -v per="$per" -v o="$o" -v pl="$pl" -v lc="$lc" -v ic="$ic" 'BEGIN {
		if (lc <= 0) lc = 0.01
		if (ic <= 0) ic = 0.01
		printf "| %s | %d | %.0f | %.0f | %.0f | %.2f |\n", c, per, o / 1e6, pl / lc / 1e6, pl / ic / 1e6, pl / ic / o }'
done
