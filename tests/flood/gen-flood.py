#!/usr/bin/python3
"""Write a hostile capture: a flood of bogus IKE initiations, an IP
fragment flood and an IKE fragment flood, with real attempts spliced in.

Usage: gen-flood.py OUT.pcap N SEED REAL.pcap...

N packets of flood (deterministic for a SEED), Ethernet, 20000 packets per
second, against the responder of the first real capture:
  - 80 %  IKE initiations from random addresses with random cookies/SPIs:
          IKEv1 Main Mode message 1 and IKEv2 IKE_SA_INIT, alternately
  - 10 %  IP fragments that never complete: first fragments with random
          ids, overlapping fragments, fragments past 64 KiB
  - 10 %  IKE fragments that never complete: IKEv2 SKF (RFC 7383) and
          IKEv1 fragmentation payloads, random SPIs, 1 of 16
Each REAL capture (Ethernet pcap) is spliced in whole with its own packet
spacing, the first one starting in the middle of the flood, the next ones
5 s after the one before ends.  Raw pcap bytes are written with struct: scapy is far too
slow for a million packets.
"""
import random
import struct
import sys

out, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
reals = sys.argv[4:]
rng = random.Random(seed)
RATE_NS = 50000  # 20000 packets per second


def read_pcap(path):
    d = open(path, 'rb').read()
    if d[:4] == b'\xd4\xc3\xb2\xa1':
        e, scale = '<', 1000
    elif d[:4] == b'\x4d\x3c\xb2\xa1':
        e, scale = '<', 1
    else:
        sys.exit('%s: not a little-endian pcap' % path)
    if struct.unpack(e + 'I', d[20:24])[0] != 1:
        sys.exit('%s: not Ethernet' % path)
    o, recs = 24, []
    while o + 16 <= len(d):
        s, frac, cl, wl = struct.unpack(e + 'IIII', d[o:o + 16])
        recs.append((s * 1000000000 + frac * scale, d[o + 16:o + 16 + cl], wl))
        o += 16 + cl
    return recs


real = [read_pcap(p) for p in reals]
# the responder: destination of the first UDP/500 packet of the first capture
server = bytes([203, 0, 113, 20])
server_mac = b'\x02\x00\x00\x00\x00\x01'
for _, fr, _ in real[0] if real else []:
    if fr[12:14] == b'\x08\x00' and fr[23] == 17 and fr[36:38] == b'\x01\xf4':
        server, server_mac = fr[30:34], fr[0:6]
        break

ETH = server_mac + b'\x02\x00\x00\x00\x00\x02' + b'\x08\x00'


def ipv4(src, proto, payload, ident=0, frag=0):
    tot = 20 + len(payload)
    h = struct.pack('>BBHHHBBH4s4s', 0x45, 0, tot, ident, frag, 64, proto, 0, src, server)
    s = sum(struct.unpack('>10H', h))
    s = (s & 0xffff) + (s >> 16)
    s = (s & 0xffff) + (s >> 16)
    return h[:10] + struct.pack('>H', ~s & 0xffff) + h[12:] + payload


def udp(sport, dport, payload):
    return struct.pack('>HHHH', sport, dport, 8 + len(payload), 0) + payload


# IKEv1 MM1: SA (DOI IPsec, identity) with one proposal, one transform
# (AES-256, SHA1, PSK, MODP2048)
attrs = struct.pack('>HHHHHHHHHH', 0x8001, 7, 0x800e, 256, 0x8002, 2, 0x8003, 1, 0x8004, 14)
trans = struct.pack('>BBHBBH', 0, 0, 8 + len(attrs), 1, 1, 0) + attrs
prop = struct.pack('>BBHBBBB', 0, 0, 8 + len(trans), 1, 1, 0, 1) + trans
sa1 = struct.pack('>BBHII', 0, 0, 12 + len(prop), 1, 1) + prop
# IKEv2 IKE_SA_INIT: SA (AES-CBC-256, SHA256 PRF and integrity, MODP2048), KE, Nonce
t2 = b''
for last, (tt, tid, extra) in enumerate([(1, 12, struct.pack('>HH', 0x800e, 256)), (2, 5, b''), (3, 12, b''),
                                         (4, 14, b'')]):
    more = 0 if last == 3 else 3
    t2 += struct.pack('>BBHBBH', more, 0, 8 + len(extra), tt, 0, tid) + extra
p2 = struct.pack('>BBHBBBB', 0, 0, 8 + len(t2), 1, 1, 0, 4) + t2
sa2 = struct.pack('>BBH', 34, 0, 4 + len(p2)) + p2
ke2 = struct.pack('>BBHHH', 40, 0, 8 + 32, 14, 0) + bytes(32)  # a short KE: the flood need not be valid
nonce2 = struct.pack('>BBH', 0, 0, 4 + 16) + bytes(16)


def ike_hdr(ispi, rspi, np, ver, exch, flags, mid, body):
    return ispi + rspi + struct.pack('>BBBBII', np, ver, exch, flags, mid, 28 + len(body)) + body


def rand_src():
    return bytes([100, rng.randrange(64, 128), rng.randrange(256), rng.randrange(1, 255)])


def flood_frame(i):
    r = rng.random()
    src = rand_src()
    if r < 0.8:
        ispi = rng.getrandbits(64).to_bytes(8, 'big')
        if i & 1:
            msg = ike_hdr(ispi, bytes(8), 1, 0x10, 2, 0, 0, sa1)
        else:
            body = sa2 + ke2 + nonce2
            msg = ike_hdr(ispi, bytes(8), 33, 0x20, 34, 0x08, 0, body)
        return ipv4(src, 17, udp(rng.choice((500, 500, 500, 1024 + rng.randrange(60000))), 500, msg))
    if r < 0.9:
        k = rng.randrange(3)
        ident = rng.randrange(65536)
        data = udp(500, 500, bytes(rng.randrange(8, 1400)))
        if k == 0:  # a first fragment, never completed
            return ipv4(src, 17, data, ident, 0x2000)
        if k == 1:  # overlapping middle fragments of one datagram per source
            return ipv4(src, 17, bytes(rng.randrange(8, 600)), 7, 0x2000 | rng.randrange(0, 64))
        return ipv4(src, 17, bytes(200), ident, 0x2000 | 8191)  # past 64 KiB
    ispi = rng.getrandbits(64).to_bytes(8, 'big')
    rspi = rng.getrandbits(64).to_bytes(8, 'big')
    if rng.random() < 0.5:  # IKEv2 SKF: fragment 1..15 of 16
        frag = struct.pack('>BBHHH', 0, 0, 8 + 48, rng.randrange(1, 16), 16) + bytes(48)
        msg = ike_hdr(ispi, rspi, 53, 0x20, 35, 0x08, 1, frag)
    else:  # IKEv1 fragmentation payload (132): id, number, flags (never last)
        frag = struct.pack('>BBHHBB', 0, 0, 8 + 48, rng.randrange(65536), rng.randrange(1, 16), 0) + bytes(48)
        msg = ike_hdr(ispi, rspi, 132, 0x10, 2, 0, 0, frag)
    return ipv4(src, 17, udp(4500 if i % 3 else 500, 4500 if i % 3 else 500,
                             (bytes(4) if i % 3 else b'') + msg))


t0 = 1700000000 * 1000000000
# one after the other (the samples share their addresses), 5 s apart
starts, t = [], t0 + (n // 2) * RATE_NS
for recs in real:
    starts.append(t)
    t += recs[-1][0] - recs[0][0] + 5000000000
queue = []
for k, recs in enumerate(real):
    base = recs[0][0]
    queue += [(starts[k] + ts - base, fr, wl) for ts, fr, wl in recs]
queue.sort(key=lambda x: x[0])
qi = 0
with open(out, 'wb') as f:
    w = f.write
    w(struct.pack('<IHHiIII', 0xa1b23c4d, 2, 4, 0, 0, 65535, 1))
    for i in range(n):
        t = t0 + i * RATE_NS
        while qi < len(queue) and queue[qi][0] <= t:
            ts, fr, wl = queue[qi]
            w(struct.pack('<IIII', ts // 1000000000, ts % 1000000000, len(fr), wl) + fr)
            qi += 1
        fr = ETH + flood_frame(i)
        w(struct.pack('<IIII', t // 1000000000, t % 1000000000, len(fr), len(fr)) + fr)
    for ts, fr, wl in queue[qi:]:
        w(struct.pack('<IIII', ts // 1000000000, ts % 1000000000, len(fr), wl) + fr)
