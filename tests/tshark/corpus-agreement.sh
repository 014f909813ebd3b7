#!/bin/sh
# Agreement with tshark: for every capture in ../shared/corpus (when it is
# there) and in samples/, `ikescope dissect -T fields` must print, line for
# line, what `tshark -T fields` prints for the same fields.  Three field
# sets are compared on every capture: the basic one (issue 2), isakmp.*
# (issue 4) and L2TP/PPP/PPTP/GRE (issue 6).  Skips cleanly without tshark
# or the corpus.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

FIELDS="frame.number frame.len ip.src ip.dst ip.proto ipv6.src udp.srcport udp.dstport tcp.srcport icmp.type icmpv6.type dns.qry.name dns.flags.rcode"

IKE_FIELDS="isakmp.ispi isakmp.rspi isakmp.version isakmp.exchangetype isakmp.messageid isakmp.flags isakmp.nextpayload isakmp.typepayload isakmp.notify.msgtype isakmp.prop.number isakmp.ike.attr.encryption_algorithm isakmp.ike.attr.hash_algorithm isakmp.ike.attr.authentication_method isakmp.ike.attr.group_description"
# Captures where tshark 4.0 is wrong for these fields, and why (ikescope's
# right answer is checked by a unit test instead):
#  ISAKMP_sa_setup.pcap: Main Mode messages 3 and 4 carry NAT-D payloads
#    of an early NAT-T draft with payload type 15; tshark reads them as GDOI
#    "SA KEK" payloads, fails (Malformed) and drops the second one from
#    isakmp.nextpayload/typepayload (test_ike.c: ike/draft_natd_payload_15).
IKE_TSHARK_WRONG="ISAKMP_sa_setup.pcap"

L2TP_FIELDS="l2tp.type l2tp.tunnel l2tp.session l2tp.avp.message_type ppp.protocol ppp.code chap.code pap.code pptp.control_message_type gre.proto"
# Captures where the L2TP/PPP/PPTP set differs from tshark by design:
#   pptp-segmented.pcap - PPTP messages cut across TCP segments: ikescope
#   reassembles the control stream in order and dissects a message in the
#   frame that completes it; tshark 4.0 dissects each segment alone (a half
#   message in one frame, garbage in the next).
L2TP_DIFFERS="pptp-segmented.pcap"

if ! command -v tshark >/dev/null 2>&1; then
	echo "1..0 # SKIP tshark is not installed"
	exit 0
fi
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
# a clean configuration: no user preferences, no keys
mkdir -p "$tmp/wsconfig"
export WIRESHARK_CONFIG_DIR="$tmp/wsconfig"

eargs() { for x in $1; do printf ' -e %s' "$x"; done; }

files=$(find "$top_srcdir/samples" -name '*.pcap' -o -name '*.pcapng' | sort)
if [ -d "$CORPUS" ]; then
	files="$files
$(find "$CORPUS" -name '*.pcap' -o -name '*.pcapng' | sort)"
else
	echo "# corpus not found at $CORPUS: checking samples/ only"
fi

# one tshark and one ikescope run per capture with every field; the sets
# are then compared column by column
ALL="$FIELDS $IKE_FIELDS $L2TP_FIELDS"
n1=$(echo $FIELDS | wc -w)
n2=$(echo $IKE_FIELDS | wc -w)
n3=$(echo $L2TP_FIELDS | wc -w)
cols() { cut -f"$1" "$2"; }

compare() { # label fields columns
	cols "$3" "$tmp/ts.all" >"$tmp/ts"
	cols "$3" "$tmp/ik.all" >"$tmp/ik"
	note="$(wc -l <"$tmp/ts") packets"
	if [ $rc -eq 2 ]; then
		# a damaged file: ikescope stops at the damage, where tshark's
		# own reader may go on guessing; compare what both decoded
		n=$(wc -l <"$tmp/ik")
		head -n "$n" "$tmp/ts" >"$tmp/ts.head"
		mv "$tmp/ts.head" "$tmp/ts"
		note="damaged file: the $n packets before the damage"
	fi
	if [ $rc -eq 2 ] && ! cmp -s "$tmp/ts" "$tmp/ik"; then
		# wiretap guesses the pcap variant from the first records; a
		# damaged record can make it pick another one and misread even
		# the good packets (hostile-huge-record.pcap): not comparable
		skip "$1 (damaged file read differently by tshark)"
	elif cmp -s "$tmp/ts" "$tmp/ik"; then
		ok "$1 ($note)"
	else
		not_ok "$1"
		echo "# fields: $2"
		diff "$tmp/ts" "$tmp/ik" | head -10 | sed 's/^/#   /'
	fi
}

e=$(eargs "$ALL")
for f in $files; do
	[ -f "$f" ] || continue
	name=${f#"$top_srcdir"/}
	base=$(basename "$f")
	# shellcheck disable=SC2086
	if ! tshark -n -r "$f" -T fields $e >"$tmp/ts.all" 2>"$tmp/ts.err" && [ ! -s "$tmp/ts.all" ]; then
		# tshark could not read it at all (not a capture): nothing to compare
		skip "$name (tshark cannot read it)"
		continue
	fi
	# shellcheck disable=SC2086
	"$IKESCOPE" dissect -n -T fields $e "$f" >"$tmp/ik.all" 2>/dev/null
	rc=$?
	compare "$name" "$FIELDS" "1-$n1"
	case " $IKE_TSHARK_WRONG " in
	*" $base "*) skip "$name isakmp.* (tshark 4.0 misreads it, see above)" ;;
	*) compare "$name isakmp.*" "$IKE_FIELDS" "$((n1 + 1))-$((n1 + n2))" ;;
	esac
	case " $L2TP_DIFFERS " in
	*" $base "*) skip "$name L2TP/PPP/PPTP fields (differs from tshark by design, see above)" ;;
	*) compare "$name L2TP/PPP/PPTP fields" "$L2TP_FIELDS" "$((n1 + n2 + 1))-$((n1 + n2 + n3))" ;;
	esac
done
done_testing
