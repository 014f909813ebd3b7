#!/bin/bash
# Check that the committed keys of every sample capture decrypt it in tshark.
#
#   tests/samples/check-tshark-decrypt.sh [SAMPLE_DIR...]
#
# Without arguments every samples/<scenario>/ of the repository is checked
# (the repository is found from this script's own path; any cwd works).
# A sample has keys when samples/<scenario>/keys/check exists; its lines say
# what tshark must show once it reads the keys (WIRESHARK_CONFIG_DIR set to
# samples/<scenario>/keys, where esp_sa, ikev1_decryption_table,
# ikev2_decryption_table and preferences live):
#
#   <capture.pcap> <what>...      what: l2tp   L2TP inside ESP
#                                       ppp    PPP inside L2TP inside ESP
#                                       esp-ip IP inside ESP (tunnel mode)
#                                       ikev1  an encrypted IKEv1 message
#                                              whose payloads are decoded
#                                       ikev2  an IKE_AUTH whose SK payload
#                                              is decrypted (IDi/IDr/AUTH)
#
# One line per sample: "ok NAME", "FAIL NAME: ..." or "skip NAME: ...".
# Exit 0 when all are ok (or skipped for lack of keys), 77 when tshark is
# missing (automake's skip code), 1 otherwise.
src=${BASH_SOURCE[0]}
case "$src" in */*) here=${src%/*} ;; *) here=. ;; esac
here=$(cd "$here" && pwd)
repo=$(cd "$here/../.." && pwd)

if ! command -v tshark >/dev/null 2>&1; then
	echo "skip: tshark not found"
	exit 77
fi
if [ $# -gt 0 ]; then
	dirs=("$@")
else
	dirs=()
	for d in "$repo"/samples/*/; do
		case "$(basename "$d")" in lab|gen) continue ;; esac
		ls "$d"*.pcap >/dev/null 2>&1 && dirs+=("${d%/}")
	done
fi

failed=0 checked=0
for d in "${dirs[@]}"; do
	name=$(basename "$d")
	if [ ! -s "$d/keys/check" ]; then
		echo "skip $name: no keys"
		continue
	fi
	problems=
	while read -r cap what; do
		case "$cap" in ''|'#'*) continue ;; esac
		if [ ! -r "$d/$cap" ]; then
			problems="$problems $cap:missing"
			continue
		fi
		fields=$(WIRESHARK_CONFIG_DIR="$d/keys" tshark -n -r "$d/$cap" -T fields \
			-E separator='|' -e frame.protocols -e isakmp.mjver \
			-e isakmp.exchangetype -e isakmp.flag_e -e isakmp.typepayload 2>/dev/null)
		for w in $what; do
			case "$w" in
			l2tp)  re='^[^|]*:esp:(udp:)?l2tp' ;;
			ppp)   re='^[^|]*:esp:(udp:)?l2tp:ppp' ;;
			esp-ip) re='^[^|]*:esp:ip:' ;;
			ikev1) re='^[^|]*isakmp\|(0x0)?1\|(2|4|5|32)\|(1|True)\|[0-9]' ;;
			ikev2) re='^[^|]*isakmp\|(0x0)?2\|35\|[^|]*\|([0-9,]*,)?(35|36|39)(,|$)' ;;
			*) problems="$problems $cap:unknown-check-$w"; continue ;;
			esac
			printf '%s\n' "$fields" | grep -Eq "$re" || problems="$problems $cap:no-$w"
		done
	done <"$d/keys/check"
	checked=$((checked + 1))
	if [ -n "$problems" ]; then
		echo "FAIL $name:$problems"
		failed=$((failed + 1))
	else
		echo "ok $name"
	fi
done
echo "$((checked - failed)) passed, $failed failed"
[ "$failed" = 0 ]
