#!/bin/sh
# Hostile capture files (issue 11): zero length, garbage, a cut header,
# a huge snaplen, records claiming a huge or lying length, pcapng blocks
# with bad lengths, timestamps going backwards.  Each must give a clear
# message naming the file and the problem, the packets before the damage
# (a partial result), the exit status of DESIGN section 5, and no crash
# or sanitizer report.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
cd "$top_srcdir" || exit 99
src=samples/l2tp-ikev1-ok/client.pcap
if [ ! -x /usr/bin/python3 ] || [ ! -f $src ]; then
	echo "1..0 # SKIP /usr/bin/python3 or $src is missing"
	exit 0
fi
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}:exitcode=86"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}:halt_on_error=1:exitcode=87"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT

/usr/bin/python3 - "$tmp" $src <<'PY' || exit 99
import struct, sys, random
out, src = sys.argv[1], sys.argv[2]
d = open(src, 'rb').read()
hdr, recs, o = d[:24], [], 24
while o + 16 <= len(d):
    cl = struct.unpack('<I', d[o + 8:o + 12])[0]
    recs.append(d[o:o + 16 + cl])
    o += 16 + cl
def w(name, data):
    open(out + '/' + name, 'wb').write(data)
def rec(r, sec=None, usec=None, caplen=None, wirelen=None):
    s, u, c, l = struct.unpack('<IIII', r[:16])
    return struct.pack('<IIII', s if sec is None else sec, u if usec is None else usec,
                       c if caplen is None else caplen, l if wirelen is None else wirelen) + r[16:]
w('empty.pcap', b'')
w('garbage.pcap', bytes(random.Random(7).getrandbits(8) for _ in range(4096)))
w('cut-header.pcap', hdr[:10])
w('header-only.pcap', hdr)
# snaplen 0xffffffff in the file header, packets intact
w('huge-snaplen.pcap', hdr[:16] + struct.pack('<I', 0xffffffff) + hdr[20:] + b''.join(recs))
# the 6th record claims a caplen of 2 GiB
w('huge-caplen.pcap', hdr + b''.join(recs[:5]) + rec(recs[5], caplen=0x7fffffff) + b''.join(recs[6:]))
# the 6th record's caplen runs past the end of the file by one byte
w('caplen-past-end.pcap', hdr + b''.join(recs[:5]) + rec(recs[5], caplen=len(recs[5]) - 16 + 1))
# a record whose wire length is shorter than its captured length
w('len-below-caplen.pcap', hdr + b''.join(recs[:5]) + rec(recs[5], wirelen=20) + b''.join(recs[6:]))
# time going backwards: records 10.. one hour before record 9
s9 = struct.unpack('<I', recs[9][:4])[0]
w('time-backwards.pcap', hdr + b''.join(recs[:10]) + b''.join(rec(r, sec=struct.unpack('<I', r[:4])[0] - 3600)
                                                           for r in recs[10:]))
# timestamps from the far future (year 2106) and zero
w('time-extremes.pcap', hdr + rec(recs[0], sec=0xffffffff, usec=999999) + rec(recs[1], sec=0, usec=0)
  + b''.join(recs[2:]))
# pcapng: a good SHB + IDB + two EPBs, then damaged block lengths
def blk(t, body):
    n = 12 + len(body)
    return struct.pack('<II', t, n) + body + struct.pack('<I', n)
shb = blk(0x0a0d0d0a, struct.pack('<IHHq', 0x1a2b3c4d, 1, 0, -1))
idb = blk(1, struct.pack('<HHI', 1, 0, 65535))
def epb(r):
    s, u, c, l = struct.unpack('<IIII', r[:16])
    t = s * 1000000 + u
    data = r[16:] + bytes(-len(r[16:]) % 4)
    return blk(6, struct.pack('<IIIII', 0, t >> 32, t & 0xffffffff, c, l) + data)
good = shb + idb + epb(recs[2]) + epb(recs[3])
w('pcapng-ok.pcapng', good)
bad_len = bytearray(epb(recs[4])); bad_len[4:8] = struct.pack('<I', 13)   # not a multiple of 4
w('pcapng-odd-block-length.pcapng', good + bytes(bad_len))
bad_len = bytearray(epb(recs[4])); bad_len[4:8] = struct.pack('<I', 0xfffffff0)  # huge
w('pcapng-huge-block-length.pcapng', good + bytes(bad_len))
bad_len = bytearray(epb(recs[4])); bad_len[4:8] = struct.pack('<I', 8)   # below the minimum
w('pcapng-tiny-block-length.pcapng', good + bytes(bad_len))
bad_trail = bytearray(epb(recs[4])); bad_trail[-4:] = struct.pack('<I', 12)  # trailer disagrees
w('pcapng-trailer-mismatch.pcapng', good + bytes(bad_trail))
capl = bytearray(epb(recs[4])); capl[20:24] = struct.pack('<I', 0x7fffffff)  # EPB caplen past its block
w('pcapng-caplen-past-block.pcapng', good + bytes(capl))
PY

# run NAME EXPECTED-EXIT MESSAGE-REGEX [PACKETS]: report and dissect -V
run() {
	f=$tmp/$1 want=$2 msg=$3 pk=${4:-}
	for cmd in report "dissect -V"; do
		# shellcheck disable=SC2086
		"$IKESCOPE" $cmd "$f" >"$tmp/out" 2>"$tmp/err"
		rc=$?
		what="$cmd $1"
		if grep -q 'runtime error\|Sanitizer' "$tmp/err" || [ $rc -ge 86 ] || [ $rc -ge 128 ]; then
			not_ok "$what: crash or sanitizer report (exit $rc)"
			grep -m3 'runtime error\|ERROR' "$tmp/err" | sed 's/^/#   /'
			continue
		fi
		case " $want " in *" $rc "*) ;; *)
			not_ok "$what: exit $rc, expected $want"
			sed 's/^/#   /' "$tmp/err" | head -3
			continue ;;
		esac
		if [ -n "$msg" ] && ! grep -q "$f: .*$msg" "$tmp/err"; then
			not_ok "$what: no message '$msg' naming the file"
			sed 's/^/#   /' "$tmp/err" | head -3
			continue
		fi
		if [ -n "$pk" ] && [ "$cmd" != report ]; then
			got=$(grep -c '^ *Frame [0-9]*:' "$tmp/out")
			if [ "$got" -ne "$pk" ]; then
				not_ok "$what: $got packets decoded before the damage, expected $pk"
				continue
			fi
		fi
		shown=$pk
		[ "$cmd" = report ] && shown=""
		ok "$what: exit $rc${msg:+, says '$msg'}${shown:+, $shown packets before the damage}"
	done
}

run empty.pcap 2 'empty (0 bytes)'
run garbage.pcap 2 'not a pcap or pcapng'
run cut-header.pcap 2 'cut off before its first packet'
run header-only.pcap 0 '' 0
run huge-snaplen.pcap "0 1" '' 54
run huge-caplen.pcap 2 'read error after 5 packets' 5
run caplen-past-end.pcap 2 'cut off in the middle of a packet after 5 packets' 5
run len-below-caplen.pcap "0 1 2" '' ''
run time-extremes.pcap "0 1" '' 54
run pcapng-ok.pcapng 0 '' 2
run pcapng-odd-block-length.pcapng 2 'read error after 2 packets' 2
run pcapng-huge-block-length.pcapng 2 'after 2 packets' 2
run pcapng-tiny-block-length.pcapng 2 'read error after 2 packets' 2
run pcapng-trailer-mismatch.pcapng 2 'read error after 2 packets' 2
run pcapng-caplen-past-block.pcapng 2 'read error after 2 packets' 2
# key files and other inputs that fuzzing found to break something
# (samples/regress/README.md): loaded as keys, no crash, no sanitizer report
for f in samples/regress/*; do
	case $f in *.pcap | *.pcapng | */README.md) continue ;; esac
	"$IKESCOPE" keys "$f" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if grep -q 'runtime error\|Sanitizer' "$tmp/err" || [ $rc -gt 2 ]; then
		not_ok "keys $f: crash or sanitizer report (exit $rc)"
		grep -m3 'runtime error\|ERROR' "$tmp/err" | sed 's/^/#   /'
	else
		ok "keys $f: exit $rc, no sanitizer report"
	fi
done
# time going backwards: said once, with the frame; the attempt still found
"$IKESCOPE" report "$tmp/time-backwards.pcap" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "report time-backwards.pcap: exit 0 or 1 (exit $rc)" test $rc -le 1
check "report time-backwards.pcap: says time goes backwards at frame 11" \
	grep -q "time-backwards.pcap: time goes backwards at 1 packet(s), first at frame 11" "$tmp/err"
check "report time-backwards.pcap: the attempt is still reported" grep -q '1 attempt' "$tmp/out"
done_testing
