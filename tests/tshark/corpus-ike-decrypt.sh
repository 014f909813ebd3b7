#!/bin/sh
# IKE decryption against tshark on ../shared/corpus: every capture whose
# MANIFEST recipe gives IKE keys (a wsconfig/ directory with an
# ikev1_decryption_table or ikev2_decryption_table) is dissected by
# `ikescope dissect --keys DIR` (the Wireshark configuration directory
# itself) and by `WIRESHARK_CONFIG_DIR=DIR tshark`.  Per frame they must
# show the same payload types (isakmp.typepayload, decrypted ones
# included), the same notify types, and the same integrity checksum
# verdict ([correct] / [incorrect] on the Integrity Checksum Data line of
# -V).  Where tshark finds the checksum incorrect (tcpdump/ikev2pI2.pcap:
# the tcpdump copy of libreswan's message has its AUTH data zeroed, so
# SK_a no longer matches) ikescope must also name the SA and SK_a on
# standard error.  The same captures decrypted with tcpdump's own
# `ikev2 I|R` secrets give the same payloads.  Skips cleanly without tshark
# or the corpus.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

if ! command -v tshark >/dev/null 2>&1; then
	echo "1..0 # SKIP tshark is not installed"
	exit 0
fi
if [ ! -d "$CORPUS" ]; then
	echo "1..0 # SKIP corpus not found at $CORPUS"
	exit 0
fi
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
F="-e frame.number -e isakmp.typepayload -e isakmp.notify.msgtype"

# frame number and checksum verdict of every Integrity Checksum Data line
verdicts() {
	awk '/^Frame [0-9]+:/ { f = $2; sub(/:$/, "", f) }
	     /Integrity Checksum Data:/ { v = "?"; if ($0 ~ /\[correct\]/) v = "correct";
		else if ($0 ~ /\[incorrect/) v = "incorrect"; print f, v }'
}

ncap=0
for kt in $(find "$CORPUS" -name '*.keys.txt' | sort); do
	f=${kt%.keys.txt}
	cfg=$(grep -o 'WIRESHARK_CONFIG_DIR=wsconfig/[A-Za-z0-9_-]*' "$kt" | head -1 | sed 's/.*=//')
	dir=$CORPUS/$cfg
	[ -n "$cfg" ] && { [ -f "$dir/ikev1_decryption_table" ] || [ -f "$dir/ikev2_decryption_table" ]; } || continue
	ncap=$((ncap + 1))
	name=${f#"$CORPUS"/}
	# shellcheck disable=SC2086
	WIRESHARK_CONFIG_DIR=$dir tshark -n -r "$f" -T fields $F >"$tmp/ts" 2>/dev/null
	# shellcheck disable=SC2086
	"$IKESCOPE" dissect -n -k "$dir" -T fields $F "$f" >"$tmp/ik" 2>"$tmp/err"
	enc=$(awk -F'\t' '$2 ~ /(^|,)46(,|$)/' "$tmp/ts" | grep -c .)
	if cmp -s "$tmp/ts" "$tmp/ik"; then
		ok "$name: same payload and notify types as tshark ($(grep -c . "$tmp/ts") messages, $enc with SK)"
	else
		not_ok "$name: payload/notify types differ from tshark"
		diff "$tmp/ts" "$tmp/ik" | head -6 | sed 's/^/#   /'
		head -3 "$tmp/err" | sed 's/^/#   /'
	fi
	WIRESHARK_CONFIG_DIR=$dir tshark -n -V -r "$f" 2>/dev/null | verdicts >"$tmp/tv"
	"$IKESCOPE" dissect -n -k "$dir" -V "$f" 2>/dev/null | verdicts >"$tmp/iv"
	if [ -s "$tmp/tv" ]; then
		if cmp -s "$tmp/tv" "$tmp/iv"; then
			ok "$name: same integrity checksum verdicts as tshark ($(awk '{ s = s (NR > 1 ? ", " : "") "frame " $1 " " $2 } END { print s }' "$tmp/tv"))"
		else
			not_ok "$name: integrity checksum verdicts differ from tshark"
			diff "$tmp/tv" "$tmp/iv" | head -4 | sed 's/^/#   /'
		fi
		if grep -q incorrect "$tmp/tv"; then
			check "$name: the failing checksum is reported for the SA, naming SK_a" \
				grep -q "IKEv2 SA [0-9a-f]* (frame [0-9]*): integrity checksum does not match.*SK_a is wrong" \
				"$tmp/err"
		fi
	fi
	# the same keys as tcpdump's "ikev2 I|R" secrets (MANIFEST: the table
	# was converted from them)
	sec=$(sed -n "s/.*-E 'file \([^']*\)'.*/\1/p" "$kt" | head -1)
	if [ -n "$sec" ] && [ -f "$CORPUS/$sec" ]; then
		# shellcheck disable=SC2086
		"$IKESCOPE" dissect -n -k "$CORPUS/$sec" -T fields $F "$f" >"$tmp/ik2" 2>/dev/null
		check "$name: tcpdump's secrets ($sec) decrypt as the Wireshark table does" cmp -s "$tmp/ik" "$tmp/ik2"
	fi
done
[ $ncap -gt 0 ] || skip "no capture with IKE keys in $CORPUS"
done_testing
