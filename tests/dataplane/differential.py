#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Differential test: the live data plane against translatord-translate.

  differential.py send --side 4|6 --iface IF --dst-mac MAC --pre-hops N \
                       --record IN.pcap [--set main|rate]
      Injects the packet set of one side (raw Ethernet, so the bytes are
      exactly ours) and records, as raw IP, each packet as the translator
      receives it: with TTL / hop limit lowered by N, the kernel forwarding
      hops between the wire and the translator (0 for the inline BPF
      programs, 1 when the kernel routes into the translator interface).

  differential.py compare --expected OUT.pcap --got CAP.pcap [CAP.pcap...]
      Compares what the offline tool emits for the recorded inputs with
      what was captured leaving the translator node, as multisets (the
      fast and slow paths may reorder). The only normalisation is the one
      DESIGN-NOTES names as the generator's choice: the Identification of
      unfragmented DF=0 IPv4 packets from the 6->4 direction (and so the
      header checksum).

Destinations are addresses nobody answers (static neighbours with unused
MACs), so the capture holds only what the translator emitted.
"""
import argparse
import struct
import sys
import time

from scapy.all import (ICMP, IP, TCP, UDP, Ether, ICMPv6DestUnreach,
                       ICMPv6EchoReply, ICMPv6EchoRequest, ICMPv6PacketTooBig,
                       IPOption, IPv6, IPv6ExtHdrDestOpt, Raw, fragment,
                       fragment6, IPv6ExtHdrFragment, rdpcap, sendp,
                       wrpcap)
from scapy.layers.inet import IPerror, TCPerror, UDPerror
from scapy.layers.inet6 import IPerror6, in6_chksum
from scapy.utils import checksum

C4 = "203.0.113.2"
V4_SINK = "192.0.2.55"               # EAM 192.0.2.0/24 -> 2001:db8:2::37
S6 = "2001:db8:1::10"                # EAM 198.51.100.10
V6_SINK = "2001:db8:64::203.0.113.99"  # pool6: IPv4 203.0.113.99
R6 = "2001:db8:12::2"                # an IPv6 router, not translatable
# RFC 7757 3.2, an IPv6 suffix longer than the IPv4 one: EAM
# 198.18.5.0/24 <-> 2001:db8:5::/72, 198.18.5.77 <-> 2001:db8:5:0:4d::
V4_LONG_SINK = "198.18.5.77"
V6_LONG = "2001:db8:5:0:4d:ffff:0:1"  # bits after the suffix: ignored


def payload(n, seed=0):
    return Raw(bytes((seed + i) & 0xff for i in range(n)))


def ext4884():
    """An RFC 4884 extension structure: version 2, checksum, one MPLS
    label stack object (class 1, c-type 1)."""
    obj = struct.pack("!HBB", 8, 1, 1) + struct.pack("!I", (16001 << 12) | 0x107)
    return struct.pack("!BBH", 0x20, 0, checksum(b"\x20\0\0\0" + obj)) + obj


def icmp4_ext(src, dst, typ, code, quoted):
    """ICMPv4 error with an RFC 4884 length (32-bit words of the original
    datagram, padded to 128 bytes) and an extension."""
    orig = quoted[:128].ljust(128, b"\0")
    m = struct.pack("!BBHBBH", typ, code, 0, 0, len(orig) // 4, 0) + orig + ext4884()
    m = m[:2] + struct.pack("!H", checksum(m)) + m[4:]
    return IP(src=src, dst=dst, proto=1) / Raw(m)


def icmp6_ext(src, dst, typ, code, quoted):
    """ICMPv6 error with an RFC 4884 length (64-bit words) and an
    extension."""
    orig = quoted[:128].ljust(128, b"\0")
    m = struct.pack("!BBHBBH", typ, code, 0, len(orig) // 8, 0, 0) + orig + ext4884()
    ip = IPv6(src=src, dst=dst, nh=58)
    m = m[:2] + struct.pack("!H", in6_chksum(58, ip, m)) + m[4:]
    return ip / Raw(m)


def set_4to6(pre):
    ttl_expiring = 1 + pre
    pk = []
    ip = lambda **kw: IP(src=C4, dst=V4_SINK, **kw)
    pk.append(ip(id=1) / TCP(sport=40000, dport=80, flags="S", seq=1000,
                             options=[("MSS", 1460)]))
    pk.append(ip(id=2, tos=0xb8) / TCP(sport=40000, dport=80, flags="PA",
                                       seq=1001, ack=5) / payload(100))
    pk.append(ip(id=3, flags="DF") / UDP(sport=5353, dport=53) / payload(50))
    pk.append(ip(id=4) / UDP(sport=5354, dport=53, chksum=0) / payload(30))
    pk.append(ip(id=5) / ICMP(type=8, id=7, seq=1) / payload(56))
    pk.append(ip(id=6) / ICMP(type=0, id=7, seq=2) / payload(56, 3))
    pk.append(ip(id=7, options=[IPOption(b"\x01\x01\x01\x01")]) /
              UDP(sport=5355, dport=53) / payload(20))
    pk.append(ip(id=8, ttl=ttl_expiring) / UDP(sport=33434, dport=33435) /
              payload(24))
    pk.append(ip(id=9) / UDP(sport=5356, dport=9) / payload(1400))
    pk.append(ip(id=10, flags="DF") / UDP(sport=5357, dport=9) /
              payload(1472))
    pk.extend(fragment(ip(id=11) / UDP(sport=5358, dport=9) / payload(600),
                       fragsize=304))
    quoted = IPerror(src=V4_SINK, dst=C4, id=99, ttl=60) / \
        UDPerror(sport=53, dport=5353) / payload(20)
    pk.append(ip(id=12) / ICMP(type=3, code=3) / quoted)
    bad = ip(id=13, flags="DF") / TCP(sport=40001, dport=80, flags="A") / \
        payload(10)
    bad[TCP].chksum = 0x1234
    pk.append(bad)
    badicmp = ip(id=14) / ICMP(type=8, id=8, seq=1, chksum=0x4321) / \
        payload(8)
    pk.append(badicmp)
    pk.append(IP(src="203.0.113.77", dst=V4_SINK, id=15, flags="DF") /
              TCP(sport=40002, dport=443, flags="A") / payload(1400))
    # RFC 4884 (RFC 7915 4.2): an error with a length attribute and an
    # extension; the extension is kept, the length rewritten.
    q = bytes(IP(src=V4_SINK, dst=C4, id=98, ttl=60) /
              UDP(sport=53, dport=5360) / payload(200, 7))
    pk.append(icmp4_ext(C4, V4_SINK, 3, 1, q))
    # The long-suffix EAM, 4->6: the suffix right after the IPv6 prefix.
    pk.append(IP(src=C4, dst=V4_LONG_SINK, id=18) /
              UDP(sport=5359, dport=9) / payload(40))
    pk.append(IP(src=C4, dst=V4_LONG_SINK, id=19) /
              ICMP(type=8, id=10, seq=1) / payload(24))
    pk.append(IP(src=C4, dst=V4_SINK, id=16, tos=0x03) /
              UDP(sport=5359, dport=9) / payload(10))
    # A mapped source from the IPv4 side (198.51.100.10 is S6's): a spoof,
    # dropped in every mode (src_spoofs_mapped_ipv4).
    pk.append(IP(src="198.51.100.10", dst=V4_SINK, id=17, flags="DF") /
              TCP(sport=40003, dport=80, flags="S", seq=5))
    return pk


def set_6to4(pre):
    hop_expiring = 1 + pre
    pk = []
    ip6 = lambda **kw: IPv6(src=S6, dst=V6_SINK, **kw)
    pk.append(ip6() / TCP(sport=80, dport=40000, flags="SA", seq=7, ack=1001,
                          options=[("MSS", 1440)]))
    pk.append(ip6(tc=0x20, fl=12345) / TCP(sport=80, dport=40000, flags="PA",
                                           seq=8, ack=1001) / payload(200))
    pk.append(ip6() / UDP(sport=53, dport=5353) / payload(50))
    pk.append(ip6() / UDP(sport=53, dport=5354, chksum=0) / payload(30))
    pk.append(ip6() / ICMPv6EchoRequest(id=9, seq=1) / payload(56))
    pk.append(ip6() / ICMPv6EchoReply(id=9, seq=2) / payload(56, 5))
    pk.append(ip6(hlim=hop_expiring) / UDP(sport=33434, dport=33435) /
              payload(24))
    pk.append(ip6() / IPv6ExtHdrDestOpt() / UDP(sport=54, dport=5355) /
              payload(20))
    pk.extend(fragment6(ip6() / IPv6ExtHdrFragment(id=0xabcd1234) /
                        UDP(sport=55, dport=5356) / payload(600), 400))
    quoted = IPerror6(src=V6_SINK, dst=S6, hlim=60) / \
        UDPerror(sport=5353, dport=53) / payload(20)
    pk.append(ip6() / ICMPv6DestUnreach(code=4) / quoted)
    quoted = IPerror6(src=V6_SINK, dst=S6, hlim=60) / \
        TCPerror(sport=40000, dport=80, flags="A") / payload(1000)
    pk.append(IPv6(src=R6, dst=V6_SINK) / ICMPv6PacketTooBig(mtu=1280) /
              quoted)
    pk.append(IPv6(src=S6, dst="2001:db8:64::192.0.2.55") / UDP(sport=56, dport=9) /
              payload(40))  # hairpin (RFC 7757 4)
    pk.append(ip6() / TCP(sport=80, dport=40000, flags="A", seq=9, ack=1001)
              / payload(1400))
    pk.append(IPv6(src="2001:db8:64::198.51.100.10", dst=V6_SINK) /
              UDP(sport=57, dport=9) / payload(10))  # spoof: dropped
    pk.append(IPv6(src="2001:db8:2::5", dst=V6_SINK, tc=0x0d) /
              UDP(sport=58, dport=9) / payload(10))
    # RFC 4884 (RFC 7915 5.2), the other way.
    q = bytes(IPv6(src=V6_SINK, dst=S6, hlim=60) /
              UDP(sport=5361, dport=53) / payload(200, 9))
    pk.append(icmp6_ext(S6, V6_SINK, 3, 0, q))
    # The long-suffix EAM, 6->4: the source's bits after the IPv4 suffix
    # are ignored.
    pk.append(IPv6(src=V6_LONG, dst=V6_SINK) / UDP(sport=61, dport=9) /
              payload(40))
    pk.append(IPv6(src=V6_LONG, dst=V6_SINK) /
              ICMPv6EchoRequest(id=11, seq=1) / payload(24))
    # pool6 form of the translator's own-address as source: a spoof,
    # dropped in every mode (src_spoofs_translator).
    pk.append(IPv6(src="2001:db8:64::198.51.100.1", dst=V6_SINK) /
              UDP(sport=59, dport=9) / payload(10))
    # RFC 7915 5.1.1 + 5.4: an extension header after the Fragment header
    # is discarded and answered with ICMPv6 1/1, in every mode.
    pk.append(ip6() / IPv6ExtHdrFragment(id=0x55, offset=0, m=1, nh=60) /
              IPv6ExtHdrDestOpt(nh=17) / UDP(sport=60, dport=9) / payload(16))
    # RFC 7915 5.1.1: an ICMPv6 error in an atomic fragment; the IPv4 ID
    # is the Fragment header's low 16 bits, in every mode.
    quoted = IPerror6(src=V6_SINK, dst=S6, hlim=60) / \
        UDPerror(sport=5353, dport=53) / payload(20)
    pk.append(IPv6(src=S6, dst=V6_SINK) /
              IPv6ExtHdrFragment(id=0x1234abcd, offset=0, m=0) /
              ICMPv6DestUnreach(code=4) / quoted)
    return pk


def lower_hop(raw, n):
    """The packet as the translator sees it after n kernel forwards."""
    p = IP(raw) if raw[0] >> 4 == 4 else IPv6(raw)
    if n == 0:
        return raw
    if isinstance(p, IP):
        p.ttl -= n
        del p.chksum
    else:
        p.hlim -= n
    return bytes(p)


def set_rate(pre):
    """RFC 1812 4.3.2.8: 20 TTL expiries at once; with burst 3 and 1 per
    second, the first 3 are answered (sent within well under a second)."""
    return [IP(src=C4, dst=V4_SINK, id=200 + i, ttl=1 + pre) /
            UDP(sport=33500 + i, dport=33435) / payload(24) for i in range(20)]


def cmd_send(a):
    if a.set == "rate":
        pkts = set_rate(a.pre_hops)
    else:
        pkts = set_4to6(a.pre_hops) if a.side == "4" else set_6to4(a.pre_hops)
    raws = [bytes(p) for p in pkts]
    # The recorded inputs are raw IP (LINKTYPE_RAW = 101).
    wrpcap(a.record, [lower_hop(r, a.pre_hops) for r in raws],
           linktype=101)
    etype = 0x0800 if a.side == "4" else 0x86dd
    for r in raws:
        sendp(Ether(dst=a.dst_mac, type=etype) / Raw(r), iface=a.iface,
              verbose=False)
        if a.set != "rate":
            time.sleep(0.02)
    print(f"sent {len(raws)} packets on {a.iface}")
    return 0


def strip(pkt):
    """Raw IP bytes of a captured or offline packet."""
    raw = bytes(pkt)
    if isinstance(pkt, Ether) or pkt.__class__.__name__ == "Ether":
        raw = raw[14:]
    if raw[0] >> 4 == 4:
        return raw[:int.from_bytes(raw[2:4], "big")]
    return raw[:40 + int.from_bytes(raw[4:6], "big")]


def normalise(raw):
    if raw[0] >> 4 != 4:
        return raw
    flags_off = int.from_bytes(raw[6:8], "big")
    df, mf, off = flags_off & 0x4000, flags_off & 0x2000, flags_off & 0x1fff
    if df or mf or off:
        return raw
    p = IP(raw)
    p.id = 0
    del p.chksum
    return bytes(p)


def describe(raw):
    return (IP(raw) if raw[0] >> 4 == 4 else IPv6(raw)).summary()


def cmd_compare(a):
    expected = []
    for f in a.expected:
        expected += [normalise(strip(p)) for p in rdpcap(f)]
    got = []
    for f in a.got:
        got += [normalise(strip(p)) for p in rdpcap(f)]
    missing = list(expected)
    extra = []
    for g in got:
        if g in missing:
            missing.remove(g)
        else:
            extra.append(g)
    for m in missing:
        print(f"  expected, not seen: {describe(m)}\n    {m.hex()}")
    for e in extra:
        print(f"  seen, not expected: {describe(e)}\n    {e.hex()}")
    print(f"differential: {len(expected)} expected, {len(got)} captured, "
          f"{len(missing)} missing, {len(extra)} unexpected")
    return 0 if not missing and not extra and expected else 1


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("send")
    s.add_argument("--side", choices=["4", "6"], required=True)
    s.add_argument("--iface", required=True)
    s.add_argument("--dst-mac", required=True)
    s.add_argument("--pre-hops", type=int, default=0)
    s.add_argument("--record", required=True)
    s.add_argument("--set", choices=["main", "rate"], default="main")
    c = sub.add_parser("compare")
    c.add_argument("--expected", nargs="+", required=True)
    c.add_argument("--got", nargs="+", required=True)
    a = ap.parse_args()
    return cmd_send(a) if a.cmd == "send" else cmd_compare(a)


if __name__ == "__main__":
    sys.exit(main())
