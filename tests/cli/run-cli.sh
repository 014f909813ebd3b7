#!/bin/sh
# The command line: help, errors that name the file and the problem, exit
# codes (DESIGN §5), standard input, several files, -c, -f, -G fields.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
cd "$top_srcdir" || exit 99
S=samples/basic
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT

run() { "$IKESCOPE" "$@" >"$tmp/out" 2>"$tmp/err"; echo $? >"$tmp/rc"; }
rc() { cat "$tmp/rc"; }
has() { grep -q -- "$1" "$tmp/$2"; }

run --help
check "--help exits 0" [ "$(rc)" = 0 ]
check "--help lists dissect" has "dissect" out
run dissect --help
check "dissect --help lists -T fields" has "-T, --output" out
run help dissect
check "help dissect works" has "--field NAME" out
run --version
check "--version" has "^ikescope [0-9]" out
run
check "no command: exit 2" [ "$(rc)" = 2 ]
run frobnicate
check "unknown command: exit 2 and says so" sh -c "[ $(rc) = 2 ] && grep -q \"unknown command 'frobnicate'\" $tmp/err"

run dissect /nonexistent/file.pcap
check "missing file: exit 2" [ "$(rc)" = 2 ]
check "missing file: message names file and problem" has "/nonexistent/file.pcap: No such file or directory" err
run dissect $S/not-a-capture.pcap
check "not a capture: exit 2" [ "$(rc)" = 2 ]
check "not a capture: says so" has "not-a-capture.pcap: not a pcap or pcapng capture file" err
run dissect $S/cut-mid-record.pcap
check "cut mid-record: exit 2" [ "$(rc)" = 2 ]
check "cut mid-record: names the file and the cut" has "cut-mid-record.pcap: capture cut off in the middle of a packet after 2 packets" err
check "cut mid-record: what could be read is printed" [ "$(wc -l <"$tmp/out")" = 2 ]
run dissect $S/not-a-capture.pcap $S/dns-lookup.pcap
check "a bad file does not stop the others" sh -c "[ $(rc) = 2 ] && grep -c 'DNS' $tmp/out | grep -q 6"
run dissect $S/link-unsupported.pcap
check "unsupported link type: one warning" sh -c "[ \$(grep -c 'link type 147' $tmp/err) = 1 ]"
check "unsupported link type: exit 0" [ "$(rc)" = 0 ]

run dissect -T fields -e ip.srcc $S/dns-lookup.pcap
check "unknown field: exit 2" [ "$(rc)" = 2 ]
check "unknown field: suggests close names" has "did you mean: ip.src" err
run dissect -T fields $S/dns-lookup.pcap
check "-T fields without -e: exit 2" [ "$(rc)" = 2 ]
run dissect -e ip.src $S/dns-lookup.pcap
check "-e without -T fields: exit 2" [ "$(rc)" = 2 ]
run dissect -T json $S/dns-lookup.pcap
check "bad -T: exit 2" [ "$(rc)" = 2 ]
run dissect -c 0 $S/dns-lookup.pcap
check "-c 0 is refused" [ "$(rc)" = 2 ]

run dissect -c 2 $S/dns-lookup.pcap
check "-c 2 prints 2 packets" [ "$(wc -l <"$tmp/out")" = 2 ]
"$IKESCOPE" dissect -T fields -e frame.number -e dns.qry.name - <$S/dns-lookup.pcap >"$tmp/out" 2>"$tmp/err"
check "reads standard input with -" [ "$(sed -n 2p "$tmp/out")" = "$(printf '2\tvpn.example.com')" ]
run dissect -r $S/dns-lookup.pcap -f "udp dst port 53" -T fields -e frame.number
check "-f keeps the file's frame numbers" [ "$(tr '\n' ' ' <"$tmp/out")" = "1 3 5 " ]
run dissect -f "udp port" $S/dns-lookup.pcap
check "bad BPF: exit 2 with libpcap's reason" sh -c "[ $(rc) = 2 ] && grep -q \"invalid filter 'udp port'\" $tmp/err"
run dissect -o ip.check_checksum:TRUE -T fields -e ip.checksum.status $S/link-raw.pcap
check "-o ip.check_checksum:TRUE verifies" [ "$(tr '\n' ' ' <"$tmp/out")" = "1 1  " ]
run dissect -o ip.defragment:FALSE -T fields -e udp.srcport $S/ip-fragments.pcap
check "-o ip.defragment:FALSE shows first fragments" [ "$(sed -n 1p "$tmp/out")" = "4500" ]
run dissect -o gui.foo:TRUE $S/link-raw.pcap
check "unknown -o preference: exit 2" [ "$(rc)" = 2 ]
run dissect -G fields
check "-G fields lists field names" sh -c "grep -q '^ip.src	' $tmp/out && grep -q '^dns.qry.name	' $tmp/out"
run dissect -n -V $S/link-raw.pcap
check "-V shows field names" has "\[udp.srcport\]" out
run dissect -V --no-field-names $S/link-raw.pcap
check "--no-field-names hides them" sh -c "! grep -q '\[udp.srcport\]' $tmp/out"

# every option of `dissect --help` must be in the man page (roff escapes removed)
sed 's/\\-/-/g' doc/ikescope.1 >"$tmp/man"
"$IKESCOPE" dissect --help | awk '/^  +-/ { for (i = 1; i <= NF && $i ~ /^-/; i++) { sub(/,$/, "", $i); print $i } }' >"$tmp/opts"
missing=""
for o in $(cat "$tmp/opts") -o ip.check_checksum ip.defragment; do
	grep -q -- "$o" "$tmp/man" || missing="$missing $o"
done
check "man page documents every dissect option (missing:${missing:- none})" [ -z "$missing" ]
check "dissect --help lists at least 12 options" [ "$(wc -l <"$tmp/opts")" -ge 12 ]
done_testing
