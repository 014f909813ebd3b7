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
check "report --json: schema" /usr/bin/python3 - "$tmp/j" <<'PY'
import json, sys
stages = {"dns", "ike-p1", "ike-p2", "esp", "l2tp", "ppp-lcp", "ppp-auth", "ppp-ipcp", "data",
          "ike-sa-init", "ike-auth", "child-sa", "pptp-control", "gre"}
for line in open(sys.argv[1]):
    o = json.loads(line)
    for k in ("id", "profile", "initiator", "responder", "nat", "first_frame", "last_frame", "stages", "verdict"):
        assert k in o, k
    assert o["profile"] in ("l2tp-ipsec", "ikev2", "pptp")
    assert o["nat"] in ("client", "server", "both", "none")
    for s in o["stages"]:
        assert s["name"] in stages and s["status"] in ("complete", "partial", "missing", "failed")
        for d in ("i2r", "r2i"):
            assert isinstance(s[d]["packets"], int) and isinstance(s[d]["retransmissions"], int)
    v = o["verdict"]
    assert v["status"] in ("ok", "failed", "incomplete")
    assert v["direction"] in ("i2r", "r2i", "both", "none")
    assert v["status"] != "failed" or (v["cause"] and v["fix"] and v["stage"] in stages and v["evidence"])
PY
done_testing
