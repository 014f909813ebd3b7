#!/usr/bin/python3
"""Seed corpora for the libFuzzer harnesses, cut out of capture files.

Usage: make-seeds.py OUTDIR CAPTURE...   (pcap files; pcapng ones are used
whole by the pcap harness only).  Writes OUTDIR/<harness>/<sha1> files in
each harness's input format (see the comment at the top of each harness).
"""
import hashlib
import os
import struct
import sys

LTS = [0, 1, 9, 12, 14, 50, 51, 101, 104, 108, 113, 166, 204, 228, 229, 276]
MAX_FRAMES = 400
out = sys.argv[1]
HARNESSES = ('frame', 'ike', 'esp', 'l2tp', 'ppp', 'gre', 'pptp', 'multi')
for h in HARNESSES:
    os.makedirs(os.path.join(out, h), exist_ok=True)


def put(h, data):
    with open(os.path.join(out, h, hashlib.sha1(data).hexdigest()), 'wb') as f:
        f.write(data)


def records(d):
    if len(d) < 24:
        return None, []
    magic = d[:4]
    if magic in (b'\xd4\xc3\xb2\xa1', b'\x4d\x3c\xb2\xa1'):
        e = '<'
    elif magic in (b'\xa1\xb2\xc3\xd4', b'\xa1\xb2\x3c\x4d'):
        e = '>'
    else:
        return None, []
    lt = struct.unpack(e + 'I', d[20:24])[0] & 0xffff
    o, recs = 24, []
    while o + 16 <= len(d) and len(recs) < MAX_FRAMES:
        cl = struct.unpack(e + 'I', d[o + 8:o + 12])[0]
        recs.append(d[o + 16:o + 16 + cl])
        o += 16 + cl
    return lt, recs


def ip_of(lt, fr):
    """(ip packet bytes) or None."""
    if lt == 1:
        o, et = 12, None
        while o + 2 <= len(fr):
            et = struct.unpack('>H', fr[o:o + 2])[0]
            if et in (0x8100, 0x88a8):
                o += 4
                continue
            break
        return fr[o + 2:] if et == 0x0800 else None
    if lt == 113:
        return fr[16:] if len(fr) > 16 and fr[14:16] == b'\x08\x00' else None
    if lt in (12, 101, 228, 14):
        return fr
    if lt == 0 and len(fr) > 4:
        return fr[4:]
    return None


def main():
    for f in sys.argv[2:]:
        try:
            d = open(f, 'rb').read()
        except OSError:
            continue
        lt, recs = records(d)
        if lt is None:
            continue
        flows = {}
        multi = b''
        client = None
        for fr in recs:
            if lt in LTS:
                put('frame', bytes([LTS.index(lt)]) + fr[:65535])
            ip = ip_of(lt, fr)
            if not ip or len(ip) < 20 or ip[0] >> 4 != 4:
                continue
            ihl = (ip[0] & 15) * 4
            proto, src, dst = ip[9], ip[12:16], ip[16:20]
            tot = struct.unpack('>H', ip[2:4])[0]
            body = ip[ihl:max(ihl, min(len(ip), tot))]
            if client is None:
                client = src
            rev = 8 if src != client else 0
            kind = None
            if proto == 17 and len(body) >= 8:
                sp, dp = struct.unpack('>HH', body[:4])
                pl = body[8:]
                if 500 in (sp, dp):
                    put('ike', b'\x00' + pl)
                    kind = 1
                elif 4500 in (sp, dp):
                    kind = 2
                    if pl[:4] == b'\0\0\0\0':
                        put('ike', b'\x01' + pl[4:])
                    elif len(pl) > 1:
                        put('esp', b'\x17' + pl)
                elif 1701 in (sp, dp):
                    put('l2tp', b'\x00' + pl)
                    kind = 4
                    if len(pl) > 8 and not pl[0] & 0x80:
                        o = 6 + (2 if pl[0] & 0x40 else 0) + (4 if pl[0] & 0x08 else 0)
                        p = pl[o:]
                        put('ppp', b'\x01' + (p[2:] if p[:2] == b'\xff\x03' else p))
                elif 53 in (sp, dp):
                    kind = 7
            elif proto == 50:
                put('esp', b'\x07' + body)
                kind = 3
            elif proto == 47:
                put('gre', b'\x00' + body)
                kind = 5
                if len(body) >= 8 and body[1] & 7 == 1:
                    o = 8 + (4 if body[0] & 0x10 else 0) + (4 if body[1] & 0x80 else 0)
                    p = body[o:]
                    put('ppp', b'\x02' + (p[2:] if p[:2] == b'\xff\x03' else p))
            elif proto == 6 and len(body) >= 20:
                sp, dp = struct.unpack('>HH', body[:4])
                if 1723 in (sp, dp):
                    kind = 6
                    pl = body[(body[12] >> 4) * 4:]
                    key = (min(sp, dp), max(sp, dp))
                    s = flows.setdefault(key, b'')
                    for i in range(0, len(pl), 255):
                        c = pl[i:i + 255]
                        s += bytes([1 if sp == 1723 else 0, len(c)]) + c
                    flows[key] = s
            if kind is not None and len(multi) < 60000:
                pl = body if kind in (3, 5) else body[8:] if kind != 6 else body[(body[12] >> 4) * 4:]
                pl = pl[:65535]
                multi += bytes([kind | rev]) + struct.pack('>H', len(pl)) + pl
        for s in flows.values():
            put('pptp', b'\x00' + s)
        if multi:
            put('multi', multi)


main()
