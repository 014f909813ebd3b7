#!/usr/bin/env python3
"""Turn what the lab guests saved into Wireshark's key files.

usage: extract-keys.py KEYDIR

KEYDIR holds <role>-charon.log (strongSwan charon, IKE/CHD level 4) and
<role>-xfrm-state.txt (`ip -s xfrm state` snapshots) for role client,
client2 and server.  Written to KEYDIR (the layout WIRESHARK_CONFIG_DIR
expects):

  esp_sa                    every ESP SA seen by any side (addresses "*", so
                            one file serves the client- and the server-side
                            capture, NAT or not)
  ikev1_decryption_table    initiator cookie -> encryption key Ka
                            (the initiator's key when the sides disagree)
  ikev1_decryption_table.responder
                            only when the responder derived another Ka
                            (PSK mismatch): its cookie -> its Ka
  ikev2_decryption_table    SPIi,SPIr,SK_ei,SK_er,alg,SK_ai,SK_ar,alg
  preferences               turns ESP decryption on

Prints what it found; exits 1 when a log mentions keys it could not pair.
"""
import os
import re
import sys

LOGLINE = re.compile(r'^\S+ \d+\[(\w+)\] (?:<([^>]*)> )?(.*)$')
DUMP = re.compile(r'^\s*\d+: ((?:[0-9A-F]{2} )*[0-9A-F]{2})')
HDR = re.compile(r'^(.*?) => (\d+) bytes @ ')

ESP_ENC = {
    'cbc(aes)': 'AES-CBC [RFC3602]',
    'cbc(des3_ede)': 'TripleDES-CBC [RFC2451]',
    'cbc(des)': 'DES-CBC [RFC2405]',
    'ecb(cipher_null)': 'NULL',
    'rfc3686(ctr(aes))': 'AES-CTR [RFC3686]',
}
ESP_AUTH = {
    ('hmac(sha1)', 96): 'HMAC-SHA-1-96 [RFC2404]',
    ('hmac(md5)', 96): 'HMAC-MD5-96 [RFC2403]',
    ('hmac(sha256)', 128): 'HMAC-SHA-256-128 [RFC4868]',
    ('hmac(sha384)', 192): 'HMAC-SHA-384-192 [RFC4868]',
    ('hmac(sha512)', 256): 'HMAC-SHA-512-256 [RFC4868]',
}
IKEV2_ENC = {
    ('AES_CBC', 16): 'AES-CBC-128 [RFC3602]',
    ('AES_CBC', 24): 'AES-CBC-192 [RFC3602]',
    ('AES_CBC', 32): 'AES-CBC-256 [RFC3602]',
    ('3DES_CBC', 24): '3DES [RFC2451]',
}
IKEV2_INTEG = {
    'HMAC_SHA1_96': 'HMAC_SHA1_96 [RFC2404]',
    'HMAC_SHA2_256_128': 'HMAC_SHA2_256_128 [RFC4868]',
    'HMAC_SHA2_384_192': 'HMAC_SHA2_384_192 [RFC4868]',
    'HMAC_SHA2_512_256': 'HMAC_SHA2_512_256 [RFC4868]',
    'HMAC_MD5_96': 'HMAC_MD5_96 [RFC2403]',
}


def read_charon(path):
    """Yield (sa, message, hexbytes-or-None) per log message."""
    sa = msg = None
    data = []
    with open(path, errors='replace') as f:
        for line in f:
            m = LOGLINE.match(line.rstrip('\n'))
            if not m:
                continue
            text = m.group(3)
            d = DUMP.match(text)
            if d and msg is not None:
                data.append(d.group(1).replace(' ', ''))
                continue
            if msg is not None:
                yield sa, msg, ''.join(data).lower() if data else None
            ctx = m.group(2) or ''
            sa = ctx.split('|')[-1] if ctx else None
            msg, data = text, []
    if msg is not None:
        yield sa, msg, ''.join(data).lower() if data else None


class IkeSa:
    def __init__(self):
        self.version = None
        self.cookies = None      # IKEv1 CKY-I || CKY-R
        self.ka = None
        self.spis = None         # IKEv2 (spi_i, spi_r)
        self.sk = {}
        self.enc = None
        self.integ = None
        self.initiator = None


def parse_charon(path):
    sas = {}
    for sa, msg, data in read_charon(path):
        if sa is None:
            continue
        s = sas.setdefault(sa, IkeSa())
        h = HDR.match(msg)
        if 'initiating Main Mode' in msg or 'initiating IKE_SA' in msg:
            s.initiator = True
        if 'is initiating a Main Mode' in msg or 'is initiating an IKE_SA' in msg:
            s.initiator = False
        m = re.search(r'selected proposal: IKE:(\S+)', msg)
        if m:
            parts = m.group(1).split('/')
            s.enc = re.sub(r'_\d+$', '', parts[0])
            for p in parts[1:]:
                if p.startswith('HMAC') or p.startswith('AES_XCBC'):
                    s.integ = p
                    break
        if not h or data is None:
            continue
        name = h.group(1)
        if name == 'natd_chunk' and s.cookies is None and len(data) >= 32 \
                and data[16:32] != '0' * 16:
            # NAT-D input: CKY-I/SPIi | CKY-R/SPIr | address | port (the
            # IKEv2 initiator's own first one has SPIr = 0: skip it)
            s.cookies = data[:32]
            s.spis = (data[:16], data[16:32])
        elif name == 'encryption key Ka':
            s.version = 1
            s.ka = data
        elif name in ('Sk_ei secret', 'Sk_er secret', 'Sk_ai secret', 'Sk_ar secret'):
            s.version = 2
            s.sk[name.split()[0].lower()] = data
    return sas


def parse_xfrm(path):
    """Return a list of dicts, one per ESP SA block."""
    out = []
    cur = None
    with open(path, errors='replace') as f:
        for line in f:
            line = line.rstrip('\n')
            m = re.match(r'^src (\S+) dst (\S+)', line)
            if m:
                cur = {'src': m.group(1), 'dst': m.group(2)}
                out.append(cur)
                continue
            if cur is None:
                continue
            t = line.split()
            if not t:
                continue
            if t[0] == 'proto' and len(t) > 3:
                cur['proto'] = t[1]
                cur['spi'] = int(t[3].split('(')[0], 16)
                if 'mode' in t:
                    cur['mode'] = t[t.index('mode') + 1]
            elif t[0] == 'auth-trunc':
                cur['auth'] = (t[1], t[2][2:], int(t[-1]))
            elif t[0] == 'enc':
                cur['enc'] = (t[1], t[2][2:])
            elif t[0] == 'aead':
                cur['aead'] = (t[1], t[2][2:], int(t[-1]))
            elif t[0] == 'encap':
                cur['encap'] = ' '.join(t[1:])
    return [sa for sa in out if sa.get('proto') == 'esp']


def esp_line(sa):
    spi = '0x%08x' % sa['spi']
    if 'aead' in sa:
        alg, key, icv = sa['aead']
        if alg.startswith('rfc4106(gcm(aes))') and icv in (64, 96, 128):
            name = 'AES-GCM with %d octet ICV [RFC4106]' % (icv // 8)
            return '"IPv4","*","*","%s","%s","0x%s","NULL",""' % (spi, name, key)
        return None
    enc = sa.get('enc')
    auth = sa.get('auth')
    if not enc or enc[0] not in ESP_ENC:
        return None
    ename = ESP_ENC[enc[0]]
    ekey = '0x' + enc[1] if ename != 'NULL' else ''
    if auth:
        aname = ESP_AUTH.get((auth[0], auth[2]))
        if not aname:
            return None
        akey = '0x' + auth[1]
    else:
        aname, akey = 'NULL', ''
    return '"IPv4","*","*","%s","%s","%s","%s","%s"' % (spi, ename, ekey, aname, akey)


def main():
    kd = sys.argv[1]
    problems = 0
    roles = [r for r in ('client', 'client2', 'server')
             if os.path.exists(os.path.join(kd, r + '-charon.log'))
             or os.path.exists(os.path.join(kd, r + '-xfrm-state.txt'))]
    # ESP
    esp, seen = [], set()
    for r in roles:
        p = os.path.join(kd, r + '-xfrm-state.txt')
        if not os.path.exists(p):
            continue
        for sa in parse_xfrm(p):
            if sa['spi'] in seen:
                continue
            seen.add(sa['spi'])
            line = esp_line(sa)
            if line is None:
                print('%s: ESP SA 0x%08x: algorithm not mapped' % (r, sa['spi']))
                problems += 1
                continue
            esp.append(line)
            print('%s: ESP SA 0x%08x %s -> %s %s%s' % (r, sa['spi'], sa['src'], sa['dst'],
                  sa.get('mode', '?'), ' (UDP-encapsulated)' if 'encap' in sa else ''))
    # IKE
    v1, v1_resp, v2 = {}, {}, {}
    for r in roles:
        p = os.path.join(kd, r + '-charon.log')
        if not os.path.exists(p):
            continue
        for sid, s in parse_charon(p).items():
            if s.version == 1:
                if not s.cookies:
                    print('%s: IKE_SA %s: Ka without cookies' % (r, sid))
                    problems += 1
                    continue
                cky = s.cookies[:16]
                if s.initiator is not False:
                    if cky in v1 and v1[cky] != s.ka:
                        print('%s: IKE_SA %s: two initiator keys for %s' % (r, sid, cky))
                    v1[cky] = s.ka
                else:
                    v1_resp[cky] = s.ka
                print('%s: IKEv1 SA %s cookie %s Ka %d bytes (%s)' % (
                    r, sid, cky, len(s.ka) // 2, 'initiator' if s.initiator is not False else 'responder'))
            elif s.version == 2:
                if not s.spis or len(s.sk) != 4:
                    print('%s: IKE_SA %s: incomplete IKEv2 keys' % (r, sid))
                    problems += 1
                    continue
                enc = IKEV2_ENC.get((s.enc, len(s.sk['sk_ei']) // 2))
                integ = IKEV2_INTEG.get(s.integ)
                if not enc or not integ:
                    print('%s: IKE_SA %s: IKEv2 algorithms %s/%s not mapped' % (r, sid, s.enc, s.integ))
                    problems += 1
                    continue
                key = s.spis
                v2[key] = '%s,%s,%s,%s,"%s",%s,%s,"%s"' % (
                    s.spis[0], s.spis[1], s.sk['sk_ei'], s.sk['sk_er'], enc,
                    s.sk['sk_ai'], s.sk['sk_ar'], integ)
                print('%s: IKEv2 SA %s SPIs %s %s' % (r, sid, s.spis[0], s.spis[1]))
    # responders' keys: where no initiator's key exists, or where it differs
    resp_only = {}
    for cky, ka in v1_resp.items():
        if cky not in v1:
            v1[cky] = ka
        elif v1[cky] != ka:
            resp_only[cky] = ka
            print('IKEv1 cookie %s: the responder derived another key (PSK mismatch?)' % cky)

    def write(name, lines):
        p = os.path.join(kd, name)
        if lines:
            with open(p, 'w') as f:
                f.write(''.join(l + '\n' for l in lines))
        elif os.path.exists(p):
            os.unlink(p)

    write('esp_sa', esp)
    write('ikev1_decryption_table', ['%s,%s' % kv for kv in v1.items()])
    write('ikev1_decryption_table.responder', ['%s,%s' % kv for kv in resp_only.items()])
    write('ikev2_decryption_table', list(v2.values()))
    write('preferences', ['# ikescope sample keys: tshark reads esp_sa, ikev1_decryption_table',
                          '# and ikev2_decryption_table from this directory',
                          'esp.enable_encryption_decode: TRUE',
                          'esp.enable_authentication_check: TRUE'])
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
