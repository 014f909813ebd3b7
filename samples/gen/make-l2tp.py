#!/usr/bin/python3
"""Generate the synthetic L2TP / PPP / PPTP captures in samples/basic/.

Run with Debian's python3 (scapy from the python3-scapy package):
    /usr/bin/python3 samples/gen/make-l2tp.py samples/basic
L2TP control messages, AVPs, PPP control packets and PPTP control messages
are laid out by hand (struct) after RFC 2661, RFC 3931, RFC 3145, RFC 1661,
RFC 1332, RFC 1334, RFC 1994, RFC 2433, RFC 2759, RFC 3748, RFC 5072,
RFC 1962, RFC 3078 and RFC 2637; scapy builds the Ethernet/IP/UDP/TCP/GRE
around them.  Addresses come from the documentation ranges only; the output
is deterministic (fixed times, ids and payloads).
"""
import os
import struct
import sys

from scapy.all import GRE, IP, TCP, UDP, Ether, raw

CLIENT, SERVER = "198.51.100.10", "203.0.113.20"
MAC_C, MAC_S = "02:00:00:00:00:0a", "02:00:00:00:00:01"
T0 = 1795000000  # 2026-11-18, fixed


def pcap(path, records, linktype=1):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, linktype))
        for i, (us, data) in enumerate(records):
            data = bytes(data)
            f.write(struct.pack("<IIII", T0 + us // 1000000, us % 1000000, len(data), len(data)))
            f.write(data)


def c2s(payload, proto="udp", sport=1701, dport=1701, **kw):
    return frame(CLIENT, SERVER, MAC_C, MAC_S, payload, proto, sport, dport, **kw)


def s2c(payload, proto="udp", sport=1701, dport=1701, **kw):
    return frame(SERVER, CLIENT, MAC_S, MAC_C, payload, proto, sport, dport, **kw)


def frame(src, dst, msrc, mdst, payload, proto, sport, dport, seq=0, ack=0, flags="PA"):
    e = Ether(src=msrc, dst=mdst)
    if proto == "udp":
        p = e / IP(src=src, dst=dst, id=1) / UDP(sport=sport, dport=dport) / payload
    elif proto == "l2tpip":
        p = e / IP(src=src, dst=dst, id=1, proto=115) / payload
    elif proto == "tcp":
        p = e / IP(src=src, dst=dst, id=1) / TCP(sport=sport, dport=dport, seq=seq, ack=ack, flags=flags,
                                                 window=64240) / payload
    else:
        raise ValueError(proto)
    return raw(p)


# ---- L2TP (RFC 2661, RFC 3931) -----------------------------------------

def avp(t, v, m=True, h=False, vendor=0):
    fl = (0x8000 if m else 0) | (0x4000 if h else 0)
    return struct.pack(">HHH", fl | (6 + len(v)), vendor, t) + v


def u16(v):
    return struct.pack(">H", v)


def u32(v):
    return struct.pack(">I", v)


def msgtype(t):
    return avp(0, u16(t))


def l2tp_ctl(avps, tid, sid, ns, nr):
    body = b"".join(avps)
    return struct.pack(">HHHHHH", 0xC802, 12 + len(body), tid, sid, ns, nr) + body


def l2tp_data(ppp, tid, sid, length=False):
    if length:
        return struct.pack(">HHHH", 0x4002, 8 + len(ppp), tid, sid) + ppp
    return struct.pack(">HHH", 0x0002, tid, sid) + ppp


# ---- PPP (RFC 1661 and friends) ----------------------------------------

def opt(t, v=b""):
    return struct.pack(">BB", t, 2 + len(v)) + v


def cp(proto, code, ident, data=b"", hdlc=True):
    pkt = struct.pack(">BBH", code, ident, 4 + len(data)) + data
    return (b"\xff\x03" if hdlc else b"") + u16(proto) + pkt


LCP, PAP, CHAP, EAP, IPCP, IPV6CP, CCP = 0xC021, 0xC023, 0xC223, 0xC227, 0x8021, 0x8057, 0x80FD


def chap_value(code, ident, value, name):
    return cp(CHAP, code, ident, bytes([len(value)]) + value + name)


def lcp_req_opts(auth=None):
    o = opt(1, u16(1400)) + opt(2, u32(0)) + (auth or b"") + opt(5, u32(0x11223344)) + opt(7) + opt(8)
    return o


CH16 = bytes(range(0x10, 0x20))
PEER16 = bytes(range(0x40, 0x50))
NTRESP = bytes(range(0x80, 0x98))


def mschapv2_response(ident):
    value = PEER16 + b"\0" * 8 + NTRESP + b"\0"
    return chap_value(2, ident, value, b"vpnuser")


def l2tp_setup():
    """A whole tunnel and session: SCCRQ (re-sent), SCCRP, SCCCN, ZLB, ICRQ,
    ICRP, ICCN, then PPP: LCP with an auth-protocol Nak, MS-CHAPv2 success,
    IPCP with DNS, CCP/MPPE, a HELLO, CDN and StopCCN with result codes."""
    r = []
    t = [0]

    def add(p, dt=1000):
        t[0] += dt
        r.append((t[0], p))
    sccrq = [msgtype(1), avp(2, u16(0x0100)), avp(3, u32(3)), avp(4, u32(3)), avp(5, bytes(range(1, 9)), m=False),
             avp(6, u16(0x0680), m=False), avp(7, b"client.example"), avp(8, b"xl2tpd", m=False), avp(9, u16(12)),
             avp(10, u16(4)), avp(11, bytes(range(0xA0, 0xB0)))]
    add(c2s(l2tp_ctl(sccrq, 0, 0, 0, 0)))
    add(c2s(l2tp_ctl(sccrq, 0, 0, 0, 0)), 1000000)  # retransmitted SCCRQ
    add(s2c(l2tp_ctl([msgtype(2), avp(2, u16(0x0100)), avp(3, u32(1)), avp(4, u32(0)), avp(6, u16(0x0690), m=False),
                      avp(7, b"lns.example"), avp(8, b"xl2tpd", m=False), avp(9, u16(34)), avp(10, u16(8)),
                      avp(13, bytes(range(0xC0, 0xD0))), avp(11, bytes(range(0xD0, 0xE0)))], 12, 0, 0, 1)))
    add(c2s(l2tp_ctl([msgtype(3), avp(13, bytes(range(0xE0, 0xF0)))], 34, 0, 1, 1)))
    add(s2c(l2tp_ctl([], 12, 0, 1, 2)))  # ZLB
    add(c2s(l2tp_ctl([msgtype(10), avp(14, u16(7)), avp(15, u32(1)), avp(18, u32(2)), avp(22, b"5551234"),
                      avp(21, b"5556789"), avp(23, b"12"), avp(25, u32(3), m=False)], 34, 0, 2, 1)))
    add(s2c(l2tp_ctl([msgtype(11), avp(14, u16(21))], 12, 7, 1, 3)))
    add(c2s(l2tp_ctl([msgtype(12), avp(24, u32(100000000)), avp(19, u32(1)), avp(38, u32(1000000), m=False),
                      avp(26, b"\x01\x04\x05\x78", m=False), avp(27, b"\x01\x04\x05\x78", m=False),
                      avp(28, b"\x03\x04\xc2\x23", m=False), avp(29, u16(5)), avp(30, b"vpnuser"),
                      avp(31, CH16), avp(32, u16(7)), avp(33, bytes(49)), avp(36, bytes(range(16)), m=False),
                      avp(39, b"")], 34, 21, 3, 2)))
    add(s2c(l2tp_ctl([], 12, 7, 2, 4)))  # ZLB
    # PPP inside L2TP data messages; the client's session is 21 at the LNS
    auth_v2 = opt(3, u16(CHAP) + b"\x81")
    auth_md5 = opt(3, u16(CHAP) + b"\x05")
    add(s2c(l2tp_data(cp(LCP, 1, 1, lcp_req_opts(auth_md5)), 12, 7)))
    add(c2s(l2tp_data(cp(LCP, 3, 1, auth_v2), 34, 21)))           # Nak: wants MS-CHAPv2
    add(s2c(l2tp_data(cp(LCP, 1, 2, lcp_req_opts(auth_v2)), 12, 7)))
    add(c2s(l2tp_data(cp(LCP, 2, 2, lcp_req_opts(auth_v2)), 34, 21)))
    add(c2s(l2tp_data(cp(LCP, 1, 1, opt(1, u16(1400)) + opt(5, u32(0x55667788)) + opt(13, b"\x06")), 34, 21,
                      length=True)))
    add(s2c(l2tp_data(cp(LCP, 4, 1, opt(13, b"\x06")), 12, 7)))      # Reject: callback
    add(c2s(l2tp_data(cp(LCP, 1, 2, opt(1, u16(1400)) + opt(5, u32(0x55667788))), 34, 21)))
    add(s2c(l2tp_data(cp(LCP, 2, 2, opt(1, u16(1400)) + opt(5, u32(0x55667788))), 12, 7)))
    add(s2c(l2tp_data(chap_value(1, 9, CH16, b"lns"), 12, 7)))
    add(c2s(l2tp_data(mschapv2_response(9), 34, 21)))
    add(s2c(l2tp_data(cp(CHAP, 3, 9, b"S=0123456789ABCDEF0123456789ABCDEF01234567 M=Access granted"), 12, 7)))
    add(c2s(l2tp_data(cp(IPCP, 1, 1, opt(3, bytes(4)) + opt(129, bytes(4)) + opt(131, bytes(4))), 34, 21)))
    add(s2c(l2tp_data(cp(IPCP, 3, 1, opt(3, bytes([192, 0, 2, 100])) + opt(129, bytes([192, 0, 2, 53]))
                         + opt(131, bytes([192, 0, 2, 54]))), 12, 7)))
    add(c2s(l2tp_data(cp(IPCP, 1, 2, opt(3, bytes([192, 0, 2, 100])) + opt(129, bytes([192, 0, 2, 53]))
                         + opt(131, bytes([192, 0, 2, 54]))), 34, 21)))
    add(s2c(l2tp_data(cp(IPCP, 2, 2, opt(3, bytes([192, 0, 2, 100])) + opt(129, bytes([192, 0, 2, 53]))
                         + opt(131, bytes([192, 0, 2, 54]))), 12, 7)))
    add(c2s(l2tp_data(cp(CCP, 1, 1, opt(18, u32(0x01000040))), 34, 21)))
    add(s2c(l2tp_data(cp(LCP, 9, 3, u32(0x11223344)), 12, 7)))
    add(c2s(l2tp_data(cp(LCP, 10, 3, u32(0x55667788)), 34, 21)))
    add(c2s(l2tp_ctl([msgtype(6)], 34, 0, 4, 3)), 60000000)        # HELLO
    add(s2c(l2tp_ctl([], 12, 0, 3, 5)))
    add(c2s(l2tp_ctl([msgtype(14), avp(1, u16(3) + u16(0) + b"idle timeout"), avp(14, u16(7)),
                      avp(12, u16(16) + b"\x00" + b"normal"),
                      avp(46, u16(0) + u16(0) + b"\x00" + b"peer terminated")], 34, 21, 5, 3)))
    add(s2c(l2tp_ctl([msgtype(4), avp(1, u16(2) + u16(6) + b"no such tunnel"), avp(9, u16(12))], 12, 0, 3, 6)))
    # a hidden AVP (RFC 2661 4.3) and a vendor AVP, in a SLI
    add(c2s(l2tp_ctl([msgtype(16), avp(35, b"\x00\x00" + u32(0) + u32(0)),
                      avp(22, bytes.fromhex("6f1c2a9d03bb77"), h=True),
                      avp(1, b"\x01\x02", vendor=311, m=False)], 34, 21, 6, 4)))
    return r


def l2tp_ppp_failures():
    """PPP authentication failures inside L2TP: MS-CHAPv2 E=691, E=649,
    CHAP-MD5 failure, PAP Nak, an auth-protocol Configure-Reject, EAP and
    IPV6CP, LCP terminate, protocol and code rejects, PPP over L2TP with
    the compressed (1-byte) protocol field."""
    r = []
    t = [0]

    def add(p, dt=1000):
        t[0] += dt
        r.append((t[0], p))
    d = lambda p: c2s(l2tp_data(p, 34, 21))
    u = lambda p: s2c(l2tp_data(p, 12, 7))
    add(u(cp(LCP, 1, 1, lcp_req_opts(opt(3, u16(CHAP) + b"\x81")))))
    add(d(cp(LCP, 4, 1, opt(3, u16(CHAP) + b"\x81"))))                 # Reject: no auth wanted
    add(u(chap_value(1, 1, CH16, b"lns")))
    add(d(mschapv2_response(1)))
    add(u(cp(CHAP, 4, 1, b"E=691 R=0 C=00112233445566778899AABBCCDDEEFF V=3 M=Authentication failure")))
    add(d(mschapv2_response(2)))
    add(u(cp(CHAP, 4, 2, b"E=649 R=0 C=00112233445566778899AABBCCDDEEFF V=3 M=No dial-in permission")))
    add(u(chap_value(1, 3, CH16, b"lns")))
    add(d(chap_value(2, 3, bytes(range(16)), b"vpnuser")))
    add(u(cp(CHAP, 4, 3, b"Access denied")))
    add(d(cp(PAP, 1, 4, b"\x07vpnuser\x06secret")))
    add(u(cp(PAP, 3, 4, b"\x0eLogin incorrect")))
    add(d(cp(PAP, 1, 5, b"\x07vpnuser\x06secret")))
    add(u(cp(PAP, 2, 5, b"\x00")))
    add(u(cp(EAP, 1, 6, b"\x01")))
    add(d(cp(EAP, 2, 6, b"\x01vpnuser@example")))
    add(u(cp(EAP, 1, 7, b"\x04\x10" + CH16 + b"lns")))
    add(d(cp(EAP, 2, 7, b"\x03\x1a")))                                # Nak: wants EAP-MSCHAPv2
    add(u(cp(EAP, 1, 8, b"\x19\x20")))                                # PEAP start
    add(u(cp(EAP, 4, 8)))
    add(d(cp(IPV6CP, 1, 1, opt(1, bytes.fromhex("0211223344556677")))))
    add(u(cp(LCP, 8, 9, u16(0x8057) + b"\x01\x01\x00\x0e", hdlc=False)))
    add(u(cp(LCP, 7, 10, b"\x20\x01\x00\x04")))
    add(d(cp(LCP, 5, 11, b"User request")))
    add(u(cp(LCP, 6, 11)))
    add(d(b"\xff\x03\x21" + bytes.fromhex("4500001c000100004011f7d2c00002640a000001d431003500080000")))
    add(d(cp(LCP, 12, 12, u32(0x55667788) + b"ikescope")))
    add(d(cp(LCP, 13, 13, u32(0x55667788) + u32(30) + b"left")))
    return r


def l2tp_v3():
    """L2TPv3 (RFC 3931): control connection over IP protocol 115 and over
    UDP, a session data packet with a cookie-less session header, and an
    ACK."""
    r = []
    t = [0]

    def add(p, dt=1000):
        t[0] += dt
        r.append((t[0], p))

    def v3ctl(avps, ccid, ns, nr, over_ip):
        body = b"".join(avps)
        hdr = struct.pack(">HHIHH", 0xC803, 12 + len(body), ccid, ns, nr)
        return (b"\0\0\0\0" if over_ip else b"") + hdr + body
    sccrq = [msgtype(1), avp(7, b"lcce-a"), avp(60, u32(0x0A000001)), avp(61, u32(0x1234)),
             avp(62, u16(5) + u16(4))]
    add(c2s(v3ctl(sccrq, 0, 0, 0, True), proto="l2tpip"))
    add(s2c(v3ctl([msgtype(2), avp(7, b"lcce-b"), avp(61, u32(0x5678))], 0x1234, 0, 1, True), proto="l2tpip"))
    add(c2s(v3ctl([msgtype(20)], 0x5678, 1, 1, True), proto="l2tpip"))
    add(c2s(v3ctl([msgtype(10), avp(63, u32(0x1111)), avp(64, u32(0)), avp(68, u16(5))], 0x5678, 1, 1, True),
            proto="l2tpip"))
    add(c2s(u32(0x2222) + bytes(range(8)), proto="l2tpip"))           # data, session 0x2222
    add(c2s(v3ctl(sccrq, 0, 0, 0, False)))
    return r


# ---- PPTP (RFC 2637) ---------------------------------------------------

def pptp(ctype, body):
    return struct.pack(">HHIHH", 12 + len(body) + 0, 1, 0x1A2B3C4D, ctype, 0) + body


def pptp_msg(ctype, body):
    m = struct.pack(">HIHH", 1, 0x1A2B3C4D, ctype, 0) + body
    return u16(len(m) + 2) + m


def name64(s):
    return s + b"\0" * (64 - len(s))


def pptp_segmented():
    """A PPTP control connection whose messages are cut across TCP
    segments and packed two to a segment, with one segment re-sent and
    one arriving out of order; then GRE carrying PPP with an auth
    failure, and the call cleared with result codes."""
    r = []
    t = [0]

    def add(p, dt=1000):
        t[0] += dt
        r.append((t[0], p))
    cs, ss = 1000, 5000  # client/server initial sequence numbers (after SYN)
    sccrq = pptp_msg(1, u16(0x0100) + u16(0) + u32(3) + u32(3) + u16(0) + u16(1) + name64(b"client")
                     + name64(b"vendor"))
    sccrp = pptp_msg(2, u16(0x0100) + b"\x01\x00" + u32(1) + u32(1) + u16(1) + u16(1) + name64(b"pptpd")
                     + name64(b"linux"))
    ocrq = pptp_msg(7, u16(0x4000) + u16(1) + u32(300) + u32(100000000) + u32(1) + u32(3) + u16(64) + u16(0)
                    + u16(0) + u16(0) + b"\0" * 64 + b"\0" * 64)
    ocrp = pptp_msg(8, u16(0x0100) + u16(0x4000) + b"\x01\x00" + u16(0) + u32(10000000) + u16(3) + u16(0)
                    + u32(0))
    sli = pptp_msg(15, u16(0x4000) + u16(0) + u32(0xFFFFFFFF) + u32(0xFFFFFFFF))
    echo = pptp_msg(5, u32(77))
    echo_r = pptp_msg(6, u32(77) + b"\x01\x00" + u16(0))
    ccrq = pptp_msg(12, u16(0x4000) + u16(0))
    cdn = pptp_msg(13, u16(0x0100) + b"\x03\x00" + u16(0) + u16(0) + b"\0" * 128)
    stopreq = pptp_msg(3, b"\x01\x00" + u16(0))
    stoprep = pptp_msg(4, b"\x01\x00" + u16(0))
    add(c2s(b"", "tcp", 40000, 1723, seq=cs - 1, flags="S"))
    add(s2c(b"", "tcp", 1723, 40000, seq=ss - 1, ack=cs, flags="SA"))
    add(c2s(sccrq[:100], "tcp", 40000, 1723, seq=cs, ack=ss))
    add(c2s(sccrq[100:], "tcp", 40000, 1723, seq=cs + 100, ack=ss))
    cs += len(sccrq)
    add(s2c(sccrp, "tcp", 1723, 40000, seq=ss, ack=cs))
    ss += len(sccrp)
    # OCRQ + SLI in one segment, OCRQ re-sent afterwards (a retransmission)
    add(c2s(ocrq + sli[:10], "tcp", 40000, 1723, seq=cs, ack=ss))
    add(c2s(ocrq, "tcp", 40000, 1723, seq=cs, ack=ss))
    add(c2s(sli[10:], "tcp", 40000, 1723, seq=cs + len(ocrq) + 10, ack=ss))
    cs += len(ocrq) + len(sli)
    # the server's reply and echo request: the second segment first
    add(s2c(echo, "tcp", 1723, 40000, seq=ss + len(ocrp), ack=cs))
    add(s2c(ocrp, "tcp", 1723, 40000, seq=ss, ack=cs))
    ss += len(ocrp) + len(echo)
    add(c2s(echo_r, "tcp", 40000, 1723, seq=cs, ack=ss))
    cs += len(echo_r)

    def gre(src, payload, call, seq, ack=None):
        g = GRE(version=1, proto=0x880B, key_present=1, seqnum_present=1, seqence_number=seq,
                key=(len(payload) << 16) | call)
        if ack is not None:
            g.flags = 0x10  # acknowledgment present (enhanced GRE "A" bit)
            g = GRE(version=1, proto=0x880B, key_present=1, seqnum_present=1, seqence_number=seq,
                    key=(len(payload) << 16) | call)
        hdr = struct.pack(">HHHHI", 0x3001 | (0x80 if ack is not None else 0), 0x880B, len(payload), call, seq)
        if ack is not None:
            hdr += u32(ack)
        e = Ether(src=MAC_C if src == CLIENT else MAC_S, dst=MAC_S if src == CLIENT else MAC_C)
        return raw(e / IP(src=src, dst=SERVER if src == CLIENT else CLIENT, id=1, proto=47) / (hdr + payload))
    add(gre(SERVER, cp(LCP, 1, 1, lcp_req_opts(opt(3, u16(CHAP) + b"\x81"))), 0x4000, 0))
    add(gre(CLIENT, cp(LCP, 2, 1, lcp_req_opts(opt(3, u16(CHAP) + b"\x81"))), 1, 0, 0))
    add(gre(SERVER, cp(CHAP, 1, 1, bytes([16]) + CH16 + b"pptpd", hdlc=False), 0x4000, 1, 0))
    add(gre(CLIENT, mschapv2_response(1)[2:], 1, 1, 1))
    add(gre(SERVER, cp(CHAP, 4, 1, b"E=691 R=1 C=00112233445566778899AABBCCDDEEFF V=3 M=bad password",
                       hdlc=False), 0x4000, 2, 1))
    add(gre(CLIENT, b"", 1, 2, 2)[:-0] if False else gre(CLIENT, cp(LCP, 5, 2, b""), 1, 2, 2))
    add(c2s(ccrq, "tcp", 40000, 1723, seq=cs, ack=ss))
    cs += len(ccrq)
    add(s2c(cdn + stopreq, "tcp", 1723, 40000, seq=ss, ack=cs))
    ss += len(cdn) + len(stopreq)
    add(c2s(stoprep, "tcp", 40000, 1723, seq=cs, ack=ss))
    return r


def main(outdir):
    os.makedirs(outdir, exist_ok=True)
    pcap(os.path.join(outdir, "l2tp-setup.pcap"), l2tp_setup())
    pcap(os.path.join(outdir, "l2tp-ppp-failures.pcap"), l2tp_ppp_failures())
    pcap(os.path.join(outdir, "l2tp-v3.pcap"), l2tp_v3())
    pcap(os.path.join(outdir, "pptp-segmented.pcap"), pptp_segmented())


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "samples/basic")
