#!/usr/bin/env python3
"""replay.py - send packets onto an interface for tests/live/run-live.sh.

  replay.py IFACE FILE.pcap [SPEED]   the capture's Ethernet frames, with
                                      their original spacing divided by SPEED
  replay.py IFACE --synth SECONDS N   N IKEv2 IKE_SA_INIT requests a second
                                      for SECONDS, each between a new pair of
                                      addresses (198.51.100.0/24 and
                                      203.0.113.0/24 to 192.0.2.0/24) with a
                                      new SPI: attempts that open and go idle
                                      (memory test)

Standard library only (AF_PACKET raw socket); reads classic pcap files,
microsecond or nanosecond, link type Ethernet."""
import os
import socket
import struct
import sys
import time


def read_pcap(path):
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    if magic in (0xA1B2C3D4, 0xA1B23C4D):
        end = "<"
    else:
        end = ">"
        magic = struct.unpack(">I", data[:4])[0]
    nano = magic == 0xA1B23C4D
    linktype = struct.unpack(end + "I", data[20:24])[0]
    if linktype != 1:
        sys.exit("replay.py: %s: link type %d, only Ethernet" % (path, linktype))
    off, out = 24, []
    while off + 16 <= len(data):
        sec, frac, caplen, _ = struct.unpack(end + "IIII", data[off:off + 16])
        off += 16
        out.append((sec + frac / (1e9 if nano else 1e6), data[off:off + caplen]))
        off += caplen
    return out


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ike_frame(n):
    # 500 client addresses times 250 server addresses: a new pair for
    # each of the first 125000 requests
    src = bytes([198, 51, 100, 1 + n % 250]) if (n // 250) % 2 == 0 else bytes([203, 0, 113, 1 + n % 250])
    dst = bytes([192, 0, 2, 1 + (n // 500) % 250])
    spi = struct.pack("!Q", 0x1000 + n)
    # IKEv2 header: SPIi, SPIr=0, next payload none, version 2.0,
    # IKE_SA_INIT (34), flags initiator (0x08), message id 0, length 28
    ike = spi + b"\0" * 8 + bytes([0, 0x20, 34, 0x08]) + struct.pack("!II", 0, 28)
    sport = 500
    udp = struct.pack("!HHHH", sport, 500, 8 + len(ike), 0) + ike
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), n & 0xFFFF, 0, 64, 17, 0, src, dst)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    eth = b"\x02\x00\x00\x00\x00\x02" + b"\x02\x00\x00\x00\x00\x01" + b"\x08\x00"
    return eth + ip + udp


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((sys.argv[1], 0))
    if sys.argv[2] == "--synth":
        seconds, rate = float(sys.argv[3]), int(sys.argv[4])
        start, n = time.monotonic(), 0
        while time.monotonic() - start < seconds:
            s.send(ike_frame(n))
            n += 1
            time.sleep(max(0.0, start + n / rate - time.monotonic()))
        print(n)
        return
    speed = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0
    pkts = read_pcap(sys.argv[2])
    t0, w0 = pkts[0][0] if pkts else 0, time.monotonic()
    for ts, frame in pkts:
        delay = w0 + (ts - t0) / speed - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        s.send(frame)
    print(len(pkts))


if __name__ == "__main__":
    main()
