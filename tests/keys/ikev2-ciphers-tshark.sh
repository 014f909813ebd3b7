#!/bin/sh
# IKEv2 with every cipher, checked against tshark: gen-ikev2-ciphers.py
# (Python's cryptography, independent of ikescope) writes one IKE_AUTH
# request per cipher - AES-CBC, AES-CTR, 3DES, AES-GCM (8/16-byte ICV),
# AES-CCM (8/12/16-byte ICV, RFC 5282), ChaCha20-Poly1305 - and two
# messages in SKF fragments (RFC 7383, CBC and GCM), with their
# ikev2_decryption_table.  ikescope and tshark must show the same
# decrypted payload and notify types and the same checksum verdicts.
# tshark 4.0 has no ChaCha20-Poly1305 in its IKEv2 table: for that message
# ikescope's answer is checked against what was encrypted.  Skips cleanly
# without tshark or Python's cryptography.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

PY=/usr/bin/python3
if ! command -v tshark >/dev/null 2>&1; then
	echo "1..0 # SKIP tshark is not installed"
	exit 0
fi
if ! "$PY" -c 'import cryptography' 2>/dev/null; then
	echo "1..0 # SKIP $PY with the cryptography package is needed"
	exit 0
fi
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
"$PY" "$top_srcdir/tests/keys/gen-ikev2-ciphers.py" "$tmp/c.pcap" "$tmp/ikev2_decryption_table" || exit 99
F="-e frame.number -e isakmp.typepayload -e isakmp.notify.msgtype"
# shellcheck disable=SC2086
WIRESHARK_CONFIG_DIR=$tmp tshark -n -r "$tmp/c.pcap" -T fields $F >"$tmp/ts" 2>/dev/null
# shellcheck disable=SC2086
"$IKESCOPE" dissect -n -k "$tmp/ikev2_decryption_table" -T fields $F "$tmp/c.pcap" >"$tmp/ik" 2>"$tmp/err"
# the frame each row of the table protects: one per row, then two per
# SKF message
label() {
	r=$1
	[ "$1" -gt 9 ] && r=$((10 + ($1 - 10) / 2))
	sed -n "${r}p" "$tmp/ikev2_decryption_table" | cut -d'"' -f2
}
chacha=$(grep -n 'ChaCha20' "$tmp/ikev2_decryption_table" | cut -d: -f1)
# what tshark cannot show: the ChaCha20 message decrypts to what was encrypted
awk -F'\t' -v c="$chacha" 'BEGIN { OFS = "\t" } $1 == c { $2 = "46,35,41"; $3 = "16384" } { print }' "$tmp/ts" >"$tmp/want"
n=0
while IFS= read -r line; do
	n=$((n + 1))
	want=$(sed -n "${n}p" "$tmp/want")
	what="decrypted as tshark does"
	[ "$n" = "$chacha" ] && what="decrypted to what was encrypted (tshark 4.0 has no ChaCha20-Poly1305)"
	if [ "$line" = "$want" ]; then
		ok "frame $n ($(label $n)): $what"
	else
		not_ok "frame $n ($(label $n)): ikescope '$line', want '$want'"
	fi
done <"$tmp/ik"
check "as many frames as tshark ($(grep -c . "$tmp/ts"))" [ "$n" = "$(grep -c . "$tmp/ts")" ]
check "no key problem reported" sh -c "! grep -q 'IKEv2 SA' $tmp/err"
verdicts() {
	awk '/^Frame [0-9]+:/ { f = $2; sub(/:$/, "", f) }
	     /Integrity Checksum Data:/ { v = "?"; if ($0 ~ /\[correct\]/) v = "correct";
		else if ($0 ~ /\[incorrect/) v = "incorrect"; print f, v }'
}
WIRESHARK_CONFIG_DIR=$tmp tshark -n -V -r "$tmp/c.pcap" 2>/dev/null | verdicts >"$tmp/tv"
"$IKESCOPE" dissect -n -k "$tmp/ikev2_decryption_table" -V "$tmp/c.pcap" 2>/dev/null | verdicts >"$tmp/iv"
# tshark has no verdict for the ChaCha20 message: ikescope's must be correct
grep -v "^$chacha " "$tmp/iv" >"$tmp/iv2"
check "the same checksum verdicts as tshark ($(grep -c correct "$tmp/tv") verified)" \
	sh -c "[ -s $tmp/tv ] && cmp -s $tmp/tv $tmp/iv2"
check "the ChaCha20-Poly1305 tag verifies" grep -q "^$chacha correct\$" "$tmp/iv"
# keys that do not fit are reported per SA: a key one byte short, and
# the wrong algorithm (GCM's 4-byte salt where CCM has 3)
awk -F, 'BEGIN { OFS = "," } NR == 6 { $3 = substr($3, 3); $4 = substr($4, 3) }
	NR == 7 { sub(/AES-CCM-192/, "AES-GCM-192") } { print }' "$tmp/ikev2_decryption_table" >"$tmp/bad"
"$IKESCOPE" dissect -q -k "$tmp/bad" "$tmp/c.pcap" >/dev/null 2>"$tmp/err"
check "a short SK_e is reported for its SA" \
	grep -q "bad:6: IKEv2 SA 1106000000000001 (frame 6): SK_e of 18 bytes, AES-CCM-128 .* needs 19" "$tmp/err"
check "the wrong algorithm is reported for its SA" \
	grep -q "bad:7: IKEv2 SA 1107000000000001 (frame 7): SK_e of 27 bytes, AES-GCM-192 .* needs 28" "$tmp/err"
done_testing
