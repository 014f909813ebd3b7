#!/bin/sh
# tests/bench/run-gen.sh - the benchmark's capture generator (bench/gen.c)
# makes what the benchmark needs: a deterministic capture whose ESP
# packets ikescope decrypts with every key file it writes (all ICVs good),
# whose attempts get the verdicts written in its .expect file (every
# failure shape of the generator), and which tshark decrypts with the same
# keys.  A tiny capture: a few seconds.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
GEN=${IKS_GEN:-$(dirname "$IKESCOPE")/bench/iks-gen}
if [ ! -x "$GEN" ]; then
	echo "1..0 # SKIP $GEN not built (make check builds it)"
	exit 0
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
g=$tmp/g
K=$g.keys
info() { sed -n "s/^$1=//p" "$g.info"; }

check "generator runs" "$GEN" -o "$g" -s 1M -n 16 -S 7
check "capture, expectations, info and keys written" \
	test -s "$g.pcap" -a -s "$g.expect" -a -s "$g.info" -a -s "$K/esp_sa" -a -s "$K/ikev1_decryption_table" \
	-a -s "$K/tcpdump.secrets" -a -s "$K/xfrm-state.txt" -a -s "$K/charon.log" -a -s "$K/preferences"
"$GEN" -o "$tmp/same" -s 1M -n 16 -S 7 && "$GEN" -o "$tmp/other" -s 1M -n 16 -S 8
check "same seed, same bytes" cmp -s "$g.pcap" "$tmp/same.pcap"
check "same seed, same keys" cmp -s "$K/esp_sa" "$tmp/same.keys/esp_sa"
if cmp -s "$g.pcap" "$tmp/other.pcap"; then not_ok "another seed, another capture"; else ok "another seed, another capture"; fi
check "size near the one asked for" test "$(info bytes)" -ge 1000000 -a "$(info bytes)" -lt 4000000
bg=$(info background_packets) all=$(info packets)
check "background is 20-40 % of the packets ($bg of $all)" test $((bg * 100 / all)) -ge 20 -a $((bg * 100 / all)) -le 40
for c in dns-failed ike-no-response psk-mismatch esp-blocked l2tp-no-answer ppp-auth-failed; do
	check "an attempt failing with $c" grep -q "cause=$c " "$g.expect"
done
check "an ok attempt through NAT" grep -q "verdict=ok .*nat=client" "$g.expect"

# ikescope's verdicts are the generator's, with each ESP key source
for ks in esp_sa xfrm-state.txt charon.log; do
	out=$("$IKESCOPE" check --keys "$K/$ks" --keys "$K/ikev1_decryption_table" "$g.pcap" --expect "$g.expect" 2>&1)
	rc=$?
	if [ $rc -eq 0 ]; then ok "check --expect with $ks"; else not_ok "check --expect with $ks (exit $rc)"; echo "$out" | sed 's/^/# /' | head -20; fi
done
# a retransmitted Main Mode request repeats its bytes, as real peers do:
# ikescope sees the four copies of each unanswered one as retransmissions
nr=$(info shape_ike-no-response)
rt=$("$IKESCOPE" dissect "$g.pcap" -T fields -e isakmp.retransmission_of | grep -c '[0-9]')
check "the $nr unanswered Main Modes' retransmissions are recognised ($rt)" test "$nr" -gt 0 -a "$rt" -ge $((4 * nr))
# every ESP packet decrypts, every ICV is good
esp=$(info esp_packets)
good=$("$IKESCOPE" dissect --keys "$K/esp_sa" "$g.pcap" -T fields -e esp.icv_good | grep -c '^1$')
check "ikescope: all $esp ESP ICVs good ($good)" test "$good" -eq "$esp"
for c in aes128-cbc-sha1 aes256-cbc-sha256 aes128-gcm aes256-gcm chacha20-poly1305 3des-sha1; do
	"$GEN" -o "$tmp/$c" --esp-only -c "$c" -s 100k -p 600
	n=$(sed -n 's/^esp_packets=//p' "$tmp/$c.info")
	good=$("$IKESCOPE" dissect --keys "$tmp/$c.keys/esp_sa" "$tmp/$c.pcap" -T fields -e esp.icv_good | grep -c '^1$')
	check "--esp-only $c: $n packets, all ICVs good ($good)" test "$n" -gt 100 -a "$good" -eq "$n"
done
if command -v tshark >/dev/null 2>&1; then
	tgood=$(WIRESHARK_CONFIG_DIR=$K tshark -n -r "$g.pcap" -Y 'esp.icv_good == 1' 2>/dev/null | wc -l)
	check "tshark: all $esp ESP ICVs good with the same keys ($tgood)" test "$tgood" -eq "$esp"
else
	skip "tshark not installed"
fi
# the benchmark harness itself, on a tiny capture (every tool, one run)
if [ -x /usr/bin/time ] && [ -x "$(dirname "$IKESCOPE")/bench/iks-readloop" ]; then
	top_builddir=$(dirname "$IKESCOPE") BENCH_OUT=$tmp/bench BENCH_SIZES=1M BENCH_SCALE_SIZE=1M BENCH_REPEATS=1 \
		bash "$top_srcdir/bench/run-bench.sh" >"$tmp/bench.md" 2>"$tmp/bench.err"
	rc=$?
	check "run-bench.sh runs (exit $rc)" test "$rc" -eq 0
	check "run-bench.sh: the read limit and ikescope rows" grep -q '^| ikescope report --keys | [0-9.]* | ' "$tmp/bench.md"
	check "run-bench.sh: the verdicts of the file checked and right" \
		grep -q '^Verdicts on this file (`ikescope check --expect` with the keys): ok (' "$tmp/bench.md"
	check "run-bench.sh: SA scaling rows for 1 and 5000 SAs" grep -q '^| 5000 | ' "$tmp/bench.md"
else
	skip "run-bench.sh: /usr/bin/time or bench/iks-readloop missing"
fi
done_testing
