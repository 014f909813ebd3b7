#!/bin/sh
# `ikescope check` over every sample capture that has a .expect file (with
# the sample's keys/esp_sa, so that L2TP and PPP inside ESP are seen): the
# captures listed in tests/analyzer/CHECKED must match their expected
# outcomes; the others are reported (skipped) with their first difference.
# Also the exit codes and the JUnit output of `check`, and the JSON schema
# of `report --json`.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
cd "$top_srcdir" || exit 99
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
listed() { grep -qx "$1" tests/analyzer/CHECKED; }

for e in $(find samples -name '*.expect' | sort); do
	f=${e%.expect}.pcap
	[ -f "$f" ] || continue
	keys=""
	[ -f "$(dirname "$f")/keys/esp_sa" ] && keys="--keys $(dirname "$f")/keys/esp_sa"
	# shellcheck disable=SC2086
	"$IKESCOPE" check $keys "$f" >"$tmp/out" 2>&1
	rc=$?
	if listed "$f"; then
		check "check $f matches its expected outcomes${keys:+ (with its keys)}" [ $rc -eq 0 ]
		[ $rc -eq 0 ] || sed 's/^/#   /' "$tmp/out"
		if grep -qx "$f" tests/analyzer/CHECKED_NOKEYS; then
			"$IKESCOPE" check "$f" >"$tmp/out2" 2>&1
			rc2=$?
			check "check $f matches its expected outcomes without keys" [ $rc2 -eq 0 ]
			[ $rc2 -eq 0 ] || sed 's/^/#   /' "$tmp/out2"
		fi
	else
		skip "$f not diagnosed yet: $(head -1 "$tmp/out" | cut -c1-160)"
	fi
done

# verdicts on third-party captures of ../shared/corpus (MANIFEST.md says
# what each shows): CAPTURE STATUS STAGE DIRECTION CAUSE
if [ -d "$CORPUS" ]; then
	while read -r cap st stage dir cause; do
		[ -f "$CORPUS/$cap" ] || { skip "$cap not in the corpus"; continue; }
		"$IKESCOPE" report --json "$CORPUS/$cap" >"$tmp/j" 2>/dev/null
		got=$(/usr/bin/python3 -c 'import json,sys
o=json.loads(open(sys.argv[1]).readline()); v=o["verdict"]
print(v["status"], v["stage"] or "-", v["direction"], v["cause"] or "-")' "$tmp/j" 2>/dev/null)
		check "corpus $cap: $st $stage $dir $cause (got: $got)" [ "$got" = "$st $stage $dir $cause" ]
	done <<'LIST'
libreswan/klips/inputs/ikeinit-japan-sunrise.pcap failed ike-p1 r2i ike-no-response
tcpdump/ikev2four.pcap ok - none -
tcpdump/isakmp4500.pcap failed esp r2i esp-blocked
tcpdump/pptp.pcap failed gre r2i gre-blocked
tcpdump/ISAKMP_sa_setup.pcap incomplete ike-p2 none -
LIST
	"$IKESCOPE" report "$CORPUS/libreswan/klips/inputs/ikeinit-japan-sunrise.pcap" >"$tmp/out" 2>&1
	check "corpus ikeinit-japan-sunrise: the back-off intervals are listed" \
		grep -q 'sent 7 times (back-off 9.9, 20.0, 40.0, 40.0, 40.0, 40.0 s)' "$tmp/out"
else
	skip "corpus not found at $CORPUS"
fi

# exit codes and JUnit
"$IKESCOPE" check samples/l2tp-udp500-blocked/client.pcap --junit "$tmp/j.xml" >/dev/null 2>&1
check "check: exit 0 when all match" [ $? -eq 0 ]
check "check: JUnit file has one passing testcase" grep -q 'tests="1" failures="0"' "$tmp/j.xml"
"$IKESCOPE" check samples/l2tp-udp500-blocked/client.pcap -E samples/l2tp-dns-nxdomain/client.expect \
	--junit "$tmp/j2.xml" >"$tmp/out" 2>&1
check "check: exit 1 on a mismatch" [ $? -eq 1 ]
check "check: the mismatch names file, line, attempt and key" \
	grep -q 'client.expect:4: attempt 1: stage expected dns, got ike-p1' "$tmp/out"
check "check: JUnit records the failure" grep -q 'failures="1"' "$tmp/j2.xml"
printf 'attempt 1 verdict=failed stage=dns direction=r2i cause=no-such-cause profile=l2tp-ipsec\n' >"$tmp/bad.expect"
"$IKESCOPE" check samples/l2tp-dns-nxdomain/client.pcap -E "$tmp/bad.expect" >"$tmp/out" 2>&1
check "check: bad expectation file: exit 2" [ $? -eq 2 ]
check "check: ... naming file, line and the bad value" grep -q "bad.expect:1: unknown cause 'no-such-cause'" "$tmp/out"
"$IKESCOPE" check samples/basic/not-a-capture.pcap -E samples/l2tp-dns-nxdomain/client.expect >/dev/null 2>&1
check "check: unreadable capture: exit 2" [ $? -eq 2 ]

# report exit codes and JSON
"$IKESCOPE" report samples/l2tp-udp500-blocked/client.pcap >"$tmp/out" 2>&1
check "report: exit 1 when an attempt failed" [ $? -eq 1 ]
check "report: names the cause and the fix" sh -c "grep -q 'FAILED at ike-p1, r2i: ike-no-response' $tmp/out && grep -q 'fix: open UDP 500' $tmp/out"
"$IKESCOPE" report --json samples/l2tp-udp500-blocked/client.pcap samples/l2tp-dns-nxdomain/client.pcap >"$tmp/j" 2>&1
check "report --json: one object per attempt" [ "$(wc -l <"$tmp/j")" -eq 2 ]
"$IKESCOPE" report --json samples/l2tp-two-clients-one-nat/server.pcap samples/l2tp-psk-mismatch/client.pcap \
	samples/l2tp-ikev1-natt-ok/client.pcap >>"$tmp/j" 2>/dev/null
"$IKESCOPE" report --json -k samples/l2tp-ikev1-natt-ok/keys/esp_sa samples/l2tp-ikev1-natt-ok/server.pcap >>"$tmp/j" 2>/dev/null
check "report --json: schema" /usr/bin/python3 - "$tmp/j" <<'PY'
import json, sys
stages = {"dns", "ike-p1", "ike-p2", "esp", "l2tp", "ppp-lcp", "ppp-auth", "ppp-ipcp", "data",
          "ike-sa-init", "ike-auth", "child-sa", "pptp-control", "gre"}
findings = {"nat-detected", "weak-proposal", "shared-nat", "retransmissions", "rekey", "dpd", "esp-sequence", "drops"}
seen = set()
for line in open(sys.argv[1]):
    o = json.loads(line)
    for k in ("id", "profile", "initiator", "responder", "nat", "first_frame", "last_frame", "stages", "verdict",
              "findings"):
        assert k in o, k
    assert o["profile"] in ("l2tp-ipsec", "ikev2", "pptp")
    assert o["nat"] in ("client", "server", "both", "none")
    for s in o["stages"]:
        assert s["name"] in stages and s["status"] in ("complete", "partial", "missing", "failed")
        for d in ("i2r", "r2i"):
            for k in ("packets", "retransmissions", "errors", "first_frame", "last_frame", "unanswered", "resent"):
                assert isinstance(s[d][k], int), k
            assert all(isinstance(x, (int, float)) for x in s[d]["backoff_s"])
            assert (s[d]["first_time"] is None) == (s[d]["packets"] == 0)
            assert s[d]["packets"] == 0 or s[d]["first_time"] <= s[d]["last_time"]
            assert len(s[d]["backoff_s"]) == min(s[d]["resent"], 8)
    v = o["verdict"]
    assert v["status"] in ("ok", "failed", "incomplete")
    assert v["direction"] in ("i2r", "r2i", "both", "none")
    assert v["status"] != "failed" or (v["cause"] and v["fix"] and v["stage"] in stages and v["evidence"])
    assert v["basis"] in ("clear", "inferred", "decrypted")
    assert (v["confirm_with"] is None) == (v["basis"] != "inferred"), v
    for f in o["findings"]:
        assert f["id"] in findings and f["text"] and f["direction"] in ("i2r", "r2i", "both", "none")
        assert f["stage"] is None or f["stage"] in stages
        assert all(isinstance(x, int) for x in f["evidence"]) and f["evidence"] == sorted(f["evidence"])
        seen.add(f["id"])
    seen.add(v["basis"])
# the captures given below show these at least
for want in ("nat-detected", "weak-proposal", "shared-nat", "retransmissions", "inferred", "clear"):
    assert want in seen, want
PY
# secondary findings, evidence basis, confirm-with, verbose table, ASCII
"$IKESCOPE" report samples/l2tp-two-clients-one-nat/server.pcap -k samples/l2tp-two-clients-one-nat/keys/esp_sa \
	>"$tmp/out" 2>&1
check "report: notes list the shared NAT for both attempts" [ "$(grep -c '^    - shared-nat: 1 other client behind the same NAT' "$tmp/out")" -eq 2 ]
check "report: notes say which side is behind NAT" grep -q '^    - nat-detected: NAT detected (NAT-D): the client (initiator) is behind NAT; the exchange floated to UDP 4500 (frames ' "$tmp/out"
check "report: decrypted evidence is said to be seen" grep -q '^  evidence: frames .* (seen decrypted)$' "$tmp/out"
"$IKESCOPE" report samples/l2tp-3des-modp1024-ok/server.pcap >"$tmp/out" 2>&1
check "report: weak algorithms chosen are named" grep -q '^    - weak-proposal: weak algorithms chosen: 3DES, SHA1, MODP1024' "$tmp/out"
check "report: ok without keys names the ESP keys that show L2TP and PPP" \
	grep -q '^  L2TP and PPP inside ESP would show with: the ESP keys of SPI 0x[0-9a-f]* and 0x[0-9a-f]* (esp_sa rows' "$tmp/out"
"$IKESCOPE" report samples/l2tp-psk-mismatch/client.pcap >"$tmp/out" 2>&1
check "report: psk-mismatch gives the MM5 back-off" grep -q 'Main Mode 5 (identity and hash, encrypted) was sent [0-9]* times (back-off [0-9.]*, ' "$tmp/out"
check "report: ... is likely, not seen, without keys" grep -q '^  evidence: frames .* (likely: inferred without keys)$' "$tmp/out"
check "report: ... and names the IKEv1 keys that confirm it" grep -q '^  confirm with: the IKEv1 keys of the IKE SA with initiator cookie 0x[0-9a-f]\{16\} (an ikev1_decryption_table row' "$tmp/out"
"$IKESCOPE" report --json -k samples/l2tp-ppp-auth-failed/keys/esp_sa samples/l2tp-ppp-auth-failed/client.pcap >"$tmp/j" 2>/dev/null
check "report --json: E=691 with the ESP keys is decrypted evidence" grep -q '"cause":"ppp-auth-failed".*"basis":"decrypted","confirm_with":null' "$tmp/j"
"$IKESCOPE" report -k samples/l2tp-psk-mismatch/keys/ikev1_decryption_table.responder samples/l2tp-psk-mismatch/server.pcap >"$tmp/out" 2>&1
check "report: psk-mismatch with the responder's IKEv1 key: the notify is seen decrypted" \
	sh -c "grep -q 'Main Mode 6 never came; the responder answered PAYLOAD-MALFORMED (decrypted)' $tmp/out && grep -q '^  evidence: frames 7, 8 (seen decrypted)' $tmp/out && ! grep -q 'confirm with' $tmp/out"
"$IKESCOPE" report -k samples/l2tp-pfs-mismatch/keys/ikev1_decryption_table samples/l2tp-pfs-mismatch/client.pcap >"$tmp/out" 2>&1
check "report: Quick Mode refusal with the IKEv1 keys: NO-PROPOSAL-CHOSEN seen decrypted" \
	grep -q 'the responder answered NO-PROPOSAL-CHOSEN (decrypted)' "$tmp/out"
"$IKESCOPE" report samples/l2tp-pfs-mismatch/client.pcap >"$tmp/out" 2>&1
check "report: ... inferred without them, naming the IKEv1 keys" grep -q '^  confirm with: the IKEv1 keys of the IKE SA' "$tmp/out"
"$IKESCOPE" report -k samples/ikev2-psk-mismatch/keys/ikev2_decryption_table samples/ikev2-psk-mismatch/client.pcap >"$tmp/out" 2>&1
check "report: IKEv2 PSK mismatch with the IKEv2 keys: AUTHENTICATION-FAILED seen decrypted" \
	grep -q 'IKE_AUTH was answered with AUTHENTICATION-FAILED (decrypted)' "$tmp/out"
"$IKESCOPE" report samples/ikev2-psk-mismatch/client.pcap >"$tmp/out" 2>&1
check "report: ... inferred without them, naming the IKEv2 keys" grep -q '^  confirm with: the IKEv2 keys of the IKE SA with initiator SPI 0x' "$tmp/out"
"$IKESCOPE" report -v samples/l2tp-psk-mismatch/client.pcap >"$tmp/out" 2>&1
check "report -v: the per-stage table has frames, times, unanswered, retransmissions, errors, back-off" \
	grep -q '^  stage  *dir packets   first    last   first-s    last-s unans retrans errors  back-off$' "$tmp/out"
check "report -v: ... a row per direction with the back-off of the re-sent request" \
	grep -q '^  ike-p1  *i2r  *[0-9]*  *[0-9]*  *[0-9]*  *[0-9.]*  *[0-9.]*  *[0-9]*  *[1-9][0-9]*  *[0-9]*  [0-9]* times (back-off ' "$tmp/out"
check "report: plain ASCII when not on a terminal" sh -c "! LC_ALL=C tr -d '\000-\177' <$tmp/out | grep -q ."
if command -v script >/dev/null 2>&1; then
	LC_ALL=C.UTF-8 script -qec "$IKESCOPE report --no-color samples/l2tp-psk-mismatch/client.pcap" /dev/null >"$tmp/tty" 2>&1
	check "report --no-color: plain ASCII even on a UTF-8 terminal" sh -c "grep -q 'ike-p1 +x' $tmp/tty && ! LC_ALL=C tr -d '\000-\177\r' <$tmp/tty | grep -q ."
	LC_ALL=C.UTF-8 script -qec "$IKESCOPE report samples/l2tp-psk-mismatch/client.pcap" /dev/null >"$tmp/tty" 2>&1
	check "report: check marks on a UTF-8 terminal" grep -q 'ike-p1 ✓✗' "$tmp/tty"
else
	skip "script(1) not installed: no terminal for the --no-color check"
fi
if [ -d "$CORPUS" ]; then
	# secondary findings on third-party captures (facts checked with tshark)
	while read -r cap text; do
		[ -f "$CORPUS/$cap" ] || { skip "$cap not in the corpus"; continue; }
		"$IKESCOPE" report "$CORPUS/$cap" >"$tmp/out" 2>&1
		check "corpus $cap: note '$text'" grep -qF -- "- $text" "$tmp/out"
	done <<'LIST'
libreswan/klips/inputs/ikeinit-japan-sunrise.pcap weak-proposal: weak algorithms offered: 3DES, MD5, SHA1, MODP1024 (frame 1)
tcpdump/ikev2four.pcap rekey: 7 CREATE_CHILD_SA exchanges after IKE_AUTH (rekeys or further child SAs) (frame 7)
tcpdump/isakmp4500.pcap nat-detected: NAT detected (NAT-D): the client (initiator) is behind NAT; the exchange floated to UDP 4500
LIST
	"$IKESCOPE" report -v "$CORPUS/libreswan/klips/inputs/ikeinit-japan-sunrise.pcap" >"$tmp/out" 2>&1
	check "corpus ikeinit-japan-sunrise: the verbose table lists the re-sent MM1 and its back-off" \
		grep -q '^  ike-p1  *i2r  *7 .* 6  *0  7 times (back-off 9.9, 20.0, 40.0, 40.0, 40.0, 40.0 s)$' "$tmp/out"
fi
done_testing
