#!/usr/bin/python3
"""Generate the small synthetic captures in samples/basic/.

Run with Debian's python3 (scapy from the python3-scapy package):
    /usr/bin/python3 samples/gen/make-basic.py samples/basic
The packets are built with scapy; the files are written by hand (struct) so
that link types, timestamp precision, snap lengths and damaged files are
exactly what each test needs.  Addresses come from the documentation ranges
192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 and 2001:db8::/32 only.
Output is deterministic (fixed timestamps, ids and payloads).
"""
import os
import struct
import sys

from scapy.all import (DNS, DNSQR, DNSRR, ICMP, IP, TCP, UDP, Dot1AD, Dot1Q,
                       Ether, IPv6, ICMPv6EchoRequest, ICMPv6DestUnreach,
                       IPv6ExtHdrFragment, IPv6ExtHdrHopByHop, fragment,
                       fragment6, raw)

CLIENT, SERVER, RESOLVER, NAT = "198.51.100.10", "203.0.113.20", "198.51.100.1", "192.0.2.1"
MAC_C, MAC_R = "02:00:00:00:00:0a", "02:00:00:00:00:01"
T0 = 1795000000  # 2026-11-18, fixed


def eth(src=MAC_C, dst=MAC_R, **kw):
    return Ether(src=src, dst=dst, **kw)


def pcap(path, linktype, records, snaplen=262144, nano=False):
    """records: list of (seconds_float_or_(s,ns), bytes, wire_len_or_None)."""
    magic = 0xA1B23C4D if nano else 0xA1B2C3D4
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", magic, 2, 4, 0, 0, snaplen, linktype))
        for ts, data, wire in records:
            s, frac = ts
            data = bytes(data)
            wire = wire if wire is not None else len(data)
            cap = data[:snaplen]
            f.write(struct.pack("<IIII", s, frac, len(cap), wire))
            f.write(cap)


def pcapng(path, linktype, records, tsresol_ns=True):
    """A pcapng file: SHB, one IDB (if_tsresol 9 = nanoseconds), EPBs."""
    def block(btype, body):
        pad = (-len(body)) % 4
        total = 12 + len(body) + pad
        return struct.pack("<II", btype, total) + body + b"\0" * pad + struct.pack("<I", total)
    out = block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
    opts = b""
    if tsresol_ns:
        opts = struct.pack("<HH", 9, 1) + b"\x09" + b"\0\0\0" + struct.pack("<HH", 0, 0)
    out += block(0x00000001, struct.pack("<HHI", linktype, 0, 0) + opts)
    for (s, ns), data, wire in records:
        data = bytes(data)
        t = s * 1000000000 + ns if tsresol_ns else s * 1000000 + ns // 1000
        body = struct.pack("<IIIII", 0, t >> 32, t & 0xFFFFFFFF, len(data), wire or len(data)) + data
        body += b"\0" * ((-len(data)) % 4)
        out += block(0x00000006, body)
    with open(path, "wb") as f:
        f.write(out)


def us(i, step_us=1000):
    """Timestamp i * step in (seconds, microseconds)."""
    t = i * step_us
    return (T0 + t // 1000000, t % 1000000)


def main(outdir):
    os.makedirs(outdir, exist_ok=True)

    # 1. DNS: the server name looked up (answered), a typo (NXDOMAIN), an
    #    AAAA query with no answer, a compressed CNAME chain, and DNS over TCP.
    q1 = eth() / IP(src=CLIENT, dst=RESOLVER, id=1) / UDP(sport=40001, dport=53) / DNS(
        id=0x1a2b, rd=1, qd=DNSQR(qname="vpn.example.com", qtype="A"))
    a1 = eth(MAC_R, MAC_C) / IP(src=RESOLVER, dst=CLIENT, id=2) / UDP(sport=53, dport=40001) / DNS(
        id=0x1a2b, qr=1, rd=1, ra=1, qd=DNSQR(qname="vpn.example.com", qtype="A"),
        an=DNSRR(rrname="vpn.example.com", type="A", ttl=300, rdata=SERVER))
    q2 = eth() / IP(src=CLIENT, dst=RESOLVER, id=3) / UDP(sport=40002, dport=53) / DNS(
        id=0x2b3c, rd=1, qd=DNSQR(qname="vnp.example.com", qtype="A"))
    a2 = eth(MAC_R, MAC_C) / IP(src=RESOLVER, dst=CLIENT, id=4) / UDP(sport=53, dport=40002) / DNS(
        id=0x2b3c, qr=1, rd=1, ra=1, rcode=3, qd=DNSQR(qname="vnp.example.com", qtype="A"))
    q3 = eth() / IP(src=CLIENT, dst=RESOLVER, id=5) / UDP(sport=40003, dport=53) / DNS(
        id=0x3c4d, rd=1, qd=DNSQR(qname="vpn.example.com", qtype="AAAA"))
    a3 = eth(MAC_R, MAC_C) / IP(src=RESOLVER, dst=CLIENT, id=6) / UDP(sport=53, dport=40003) / DNS(
        id=0x3c4d, qr=1, rd=1, ra=1, qd=DNSQR(qname="vpn.example.com", qtype="AAAA"),
        an=DNSRR(rrname="vpn.example.com", type="CNAME", ttl=60, rdata="gw.example.com"))
    pcap(os.path.join(outdir, "dns-lookup.pcap"), 1,
         [(us(i), p, None) for i, p in enumerate([q1, a1, q2, a2, q3, a3])])

    # 2. IKE to a closed port: UDP 500 out, ICMP port unreachable back
    #    (quoting the IKE packet), three times with IKE's back-off.
    ike = bytes.fromhex("0011223344556677" "0000000000000000" "01100200" "00000000" "0000001c")
    recs = []
    for i, t in enumerate([0, 2000000, 6000000]):
        req = eth() / IP(src=CLIENT, dst=SERVER, id=100 + i) / UDP(sport=500, dport=500) / ike
        unr = eth(MAC_R, MAC_C) / IP(src=SERVER, dst=CLIENT, id=200 + i) / ICMP(type=3, code=3) / raw(req[IP])[:28 + len(ike)]
        recs.append((us(t, 1), req, None))
        recs.append((us(t + 400, 1), unr, None))
    pcap(os.path.join(outdir, "icmp-unreachable-500.pcap"), 1, recs)

    # 3. IP fragments: a 3000-byte UDP 500 datagram in 3 fragments (in
    #    order), one arriving out of order, one whose middle fragment is
    #    lost, and an IPv6 datagram in fragments.
    big = IP(src=CLIENT, dst=SERVER, id=0x4242) / UDP(sport=4500, dport=4500) / (b"\x00\x00\x00\x00" + bytes(range(256)) * 11)
    f1 = fragment(big, fragsize=1200)
    big2 = IP(src=SERVER, dst=CLIENT, id=0x4343) / UDP(sport=500, dport=500) / (bytes(range(256)) * 8)
    f2 = fragment(big2, fragsize=1000)
    big3 = IP(src=CLIENT, dst=SERVER, id=0x4444) / UDP(sport=500, dport=500) / (bytes(range(256)) * 8)
    f3 = fragment(big3, fragsize=1000)
    big6 = IPv6(src="2001:db8::10", dst="2001:db8::20") / IPv6ExtHdrFragment(id=0x1234) / UDP(sport=500, dport=500) / (bytes(range(256)) * 6)
    f6 = fragment6(big6, 800)
    seq = [eth() / x for x in f1] + [eth(MAC_R, MAC_C) / x for x in (f2[2], f2[0], f2[1])] + \
          [eth() / f3[0], eth() / f3[2]] + [eth() / x for x in f6]
    pcap(os.path.join(outdir, "ip-fragments.pcap"), 1, [(us(i), p, None) for i, p in enumerate(seq)])

    # 4. Link types: the same NAT-T keepalive and IKE packet over each.
    keep = IP(src=CLIENT, dst=SERVER, id=7) / UDP(sport=4500, dport=4500) / b"\xff"
    ikep = IP(src=CLIENT, dst=SERVER, id=8) / UDP(sport=500, dport=500) / ike
    v6 = IPv6(src="2001:db8::10", dst="2001:db8::20") / IPv6ExtHdrHopByHop() / UDP(sport=500, dport=500) / ike
    pkts = [keep, ikep]
    pcap(os.path.join(outdir, "link-vlan.pcap"), 1, [
        (us(0), eth() / Dot1Q(vlan=10) / keep, None),
        (us(1), eth(type=0x88a8) / Dot1AD(vlan=100, type=0x8100) / Dot1Q(vlan=200, prio=5) / ikep, None),
        (us(2), eth() / v6, None),
    ])
    sll_hdr = struct.pack(">HHH8sH", 4, 1, 6, bytes.fromhex("02000000000a0000"), 0x0800)
    sll_hdr_in = struct.pack(">HHH8sH", 0, 1, 6, bytes.fromhex("0200000000010000"), 0x0800)
    pcap(os.path.join(outdir, "link-sll.pcap"), 113,
         [(us(0), sll_hdr + raw(keep), None), (us(1), sll_hdr_in + raw(ikep), None)])
    sll2 = lambda p, proto=0x0800: struct.pack(">HHIHBB8s", proto, 0, 3, 1, 4, 6, bytes.fromhex("02000000000a0000")) + raw(p)
    pcap(os.path.join(outdir, "link-sll2.pcap"), 276,
         [(us(0), sll2(keep), None), (us(1), sll2(v6, 0x86dd), None)])
    pcap(os.path.join(outdir, "link-null.pcap"), 0,
         [(us(0), struct.pack("<I", 2) + raw(keep), None), (us(1), struct.pack("<I", 30) + raw(v6), None)])
    pcap(os.path.join(outdir, "link-raw.pcap"), 101, [(us(i), raw(p), None) for i, p in enumerate(pkts + [v6])])
    pcap(os.path.join(outdir, "link-ppp.pcap"), 9, [
        (us(0), b"\xff\x03\x00\x21" + raw(keep), None),
        (us(1), b"\x00\x21" + raw(ikep), None),
        (us(2), b"\xff\x03\xc0\x21" + bytes.fromhex("0101000a0506a1b2c3d4"), None),
    ])
    pcap(os.path.join(outdir, "link-unsupported.pcap"), 147, [(us(0), raw(keep), None)])

    # 5. Timestamps: nanosecond pcap and nanosecond pcapng, a TCP 1723
    #    handshake start and an IPv6 ping.
    syn = eth() / IP(src=CLIENT, dst=SERVER, id=9) / TCP(sport=40000, dport=1723, flags="S", seq=1000)
    synack = eth(MAC_R, MAC_C) / IP(src=SERVER, dst=CLIENT, id=10) / TCP(sport=1723, dport=40000, flags="SA", seq=5000, ack=1001)
    ping6 = eth() / IPv6(src="2001:db8::10", dst="2001:db8::20") / ICMPv6EchoRequest(id=7, seq=1)
    unr6 = eth(MAC_R, MAC_C) / IPv6(src="2001:db8::20", dst="2001:db8::10") / ICMPv6DestUnreach(code=4) / \
        IPv6(src="2001:db8::10", dst="2001:db8::20") / UDP(sport=500, dport=500) / ike
    nrecs = [((T0, 123456789), syn, None), ((T0, 123456790), synack, None),
             ((T0 + 1, 5), ping6, None), ((T0 + 1, 999999999), unr6, None)]
    pcap(os.path.join(outdir, "nanosecond.pcap"), 1, nrecs, nano=True)
    pcapng(os.path.join(outdir, "nanosecond.pcapng"), 1, nrecs)

    # 6. Damaged files: snap length 60 (every packet cut), a file cut off in
    #    the middle of its third record, and a file that is not a capture.
    pcap(os.path.join(outdir, "snaplen-60.pcap"), 1,
         [(us(i), p, None) for i, p in enumerate([a1, eth() / f1[0], ping6])], snaplen=60)
    path = os.path.join(outdir, "cut-mid-record.pcap")
    pcap(path, 1, [(us(i), p, None) for i, p in enumerate([q1, a1, q2, a2])])
    size = os.path.getsize(path)
    with open(path, "r+b") as f:
        f.truncate(24 + (16 + len(q1)) + (16 + len(a1)) + 16 + 10)
    with open(os.path.join(outdir, "not-a-capture.pcap"), "w") as f:
        f.write("This is a text file, not a capture.\n")

    # 7. Hostile files: empty, a header alone, a header claiming a 4 GiB
    #    snap length, a record claiming more bytes than any snap length,
    #    and timestamps that go backwards.
    open(os.path.join(outdir, "hostile-empty.pcap"), "wb").close()
    pcap(os.path.join(outdir, "hostile-header-only.pcap"), 1, [])
    pcap(os.path.join(outdir, "hostile-huge-snaplen.pcap"), 1, [(us(0), q1, None)], snaplen=0xFFFFFFFF)
    path = os.path.join(outdir, "hostile-huge-record.pcap")
    pcap(path, 1, [(us(0), q1, None)])
    with open(path, "ab") as f:
        f.write(struct.pack("<IIII", T0, 1, 0x7FFFFFF0, 0x7FFFFFF0) + b"\x00" * 64)
    pcap(os.path.join(outdir, "hostile-time-backwards.pcap"), 1,
         [(us(5), q1, None), (us(1), a1, None), ((T0 - 86400, 0), q2, None)])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "basic"))
