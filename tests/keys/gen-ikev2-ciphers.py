#!/usr/bin/python3
"""gen-ikev2-ciphers.py OUT.pcap TABLE - one IKEv2 IKE_AUTH request per IKEv2
cipher (SK { IDi, N(INITIAL_CONTACT) }), plus two messages cut into SKF
fragments (RFC 7383), each under its own SPIs and keys, written as a raw-IP
pcap and a Wireshark ikev2_decryption_table.  Encrypted with Python's
cryptography package: an implementation independent of ikescope's code.
Used by tests/keys/ikev2-ciphers-tshark.sh."""
import struct, sys, hmac, hashlib
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, AESCCM, ChaCha20Poly1305

out, table = sys.argv[1], sys.argv[2]
# inner payloads: IDi (35) then N (41, INITIAL_CONTACT 16384)
idi = bytes([41, 0, 0, 12, 2, 0, 0, 0]) + b"west"
notify = bytes([0, 0, 0, 8, 0, 0, 0x40, 0x00])
inner = idi + notify
FIRST = 35

ALGS = [
    # name, kind, keylen, salt, iv, tag, block
    ("AES-CBC-128 [RFC3602]", "cbc", 16, 0, 16, 0, 16),
    ("AES-CTR-256 [RFC5930]", "ctr", 32, 4, 8, 0, 1),
    ("3DES [RFC2451]", "3des", 24, 0, 8, 0, 8),
    ("AES-GCM-128 with 16 octet ICV [RFC5282]", "gcm", 16, 4, 8, 16, 1),
    ("AES-GCM-256 with 8 octet ICV [RFC5282]", "gcm", 32, 4, 8, 8, 1),
    ("AES-CCM-128 with 8 octet ICV [RFC5282]", "ccm", 16, 3, 8, 8, 1),
    ("AES-CCM-192 with 12 octet ICV [RFC5282]", "ccm", 24, 3, 8, 12, 1),
    ("AES-CCM-256 with 16 octet ICV [RFC5282]", "ccm", 32, 3, 8, 16, 1),
    ("ChaCha20-Poly1305 [RFC7634]", "chacha", 32, 4, 8, 16, 1),
]

def ike_hdr(ispi, rspi, np, length):
    return ispi + rspi + bytes([np, 0x20, 35, 0x08]) + struct.pack(">II", 1, length)

def encrypt(kind, key, salt, iv, pt, aad, taglen):
    if kind == "cbc" or kind == "3des":
        alg = algorithms.AES(key) if kind == "cbc" else algorithms.TripleDES(key)
        e = Cipher(alg, modes.CBC(iv)).encryptor()
        return e.update(pt) + e.finalize()
    if kind == "ctr":
        e = Cipher(algorithms.AES(key), modes.CTR(salt + iv + b"\0\0\0\1")).encryptor()
        return e.update(pt) + e.finalize()
    if kind == "gcm":  # a short tag is the full tag cut (NIST SP 800-38D)
        return AESGCM(key).encrypt(salt + iv, pt, aad)[: len(pt) + taglen]
    if kind == "ccm":
        return AESCCM(key, tag_length=taglen).encrypt(salt + iv, pt, aad)
    if kind == "chacha":
        return ChaCha20Poly1305(key).encrypt(salt + iv, pt, aad)

def message(i, alg, frag=None):
    name, kind, kl, sl, ivl, tag, block = alg
    ispi = bytes([0x11, i, 0, 0, 0, 0, 0, 1 if frag is None else 2])
    rspi = bytes([0x22, i, 0, 0, 0, 0, 0, 1 if frag is None else 2])
    ek = bytes((j * 7 + i) & 0xff for j in range(kl + sl))
    ak = bytes([0x20 + i]) * 20
    key, salt = ek[:kl], ek[kl:]
    parts = [inner] if frag is None else [inner[:frag], inner[frag:]]
    msgs = []
    for n, part in enumerate(parts, 1):
        pad = 0
        while (len(part) + pad + 1) % block:
            pad += 1
        pt = part + bytes(pad) + bytes([pad])
        iv = bytes((0x50 + n + j) & 0xff for j in range(ivl))
        icv = tag if tag else 12
        hdr_extra = b"" if frag is None else struct.pack(">HH", n, len(parts))
        plen = 4 + len(hdr_extra) + ivl + len(pt) + icv
        np_in = FIRST if n == 1 else 0
        ptype = 46 if frag is None else 53
        total = 28 + plen
        hdr = ike_hdr(ispi, rspi, ptype, total) + bytes([np_in, 0]) + struct.pack(">H", plen) + hdr_extra
        ct = encrypt(kind, key, salt, iv, pt, hdr, tag)
        body = hdr + iv + ct
        if not tag:
            body += hmac.new(ak, body, hashlib.sha1).digest()[:12]
        msgs.append(body)
    integ = "NONE [RFC4306]" if tag else "HMAC_SHA1_96 [RFC2404]"
    akx = "" if tag else ak.hex()
    row = "%s,%s,%s,%s,\"%s\",%s,%s,\"%s\"" % (ispi.hex(), rspi.hex(), ek.hex(), ek.hex(), name, akx, akx, integ)
    return msgs, row

def udp_ip(payload):
    udp = struct.pack(">HHHH", 500, 500, 8 + len(payload), 0) + payload
    ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 1, 0, 64, 17, 0,
                     bytes([192, 0, 2, 1]), bytes([192, 0, 2, 2]))
    return ip + udp

pkts, rows = [], []
for i, a in enumerate(ALGS, 1):
    m, r = message(i, a)
    pkts += m; rows.append(r)
# SKF: a CBC and a GCM message, each in two fragments
for i, a in ((20, ALGS[0]), (21, ALGS[3])):
    m, r = message(i, a, frag=9)
    pkts += m; rows.append(r)
with open(out, "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 101))  # raw IPv4
    for k, p in enumerate(pkts):
        d = udp_ip(p)
        f.write(struct.pack("<IIII", 1700000000 + k, 0, len(d), len(d)) + d)
with open(table, "w") as f:
    f.write("\n".join(rows) + "\n")
