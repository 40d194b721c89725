"""Shared helpers for the RFC 7915 conformance suite.

Expected packets are written by hand from the RFC text and DESIGN-NOTES.md,
with scapy for the headers and the small helpers below for the ICMP
messages, checksums and RFC 6052 addresses.  Nothing here runs or imitates
the translator: every expected packet is spelled out field by field in the
case files.
"""

import os
import socket
import struct
from dataclasses import dataclass, field
from typing import Any, List, Optional

os.environ.setdefault("SCAPY_USE_LIBPCAP", "no")
import logging

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
logging.getLogger("scapy.loading").setLevel(logging.ERROR)

from scapy.all import IP, TCP, UDP, Raw, IPOption, conf  # noqa: E402
from scapy.layers.inet6 import (  # noqa: E402
    IPv6,
    IPv6ExtHdrDestOpt,
    IPv6ExtHdrFragment,
    IPv6ExtHdrHopByHop,
    IPv6ExtHdrRouting,
)

conf.verb = 0

# ---------------------------------------------------------------------------
# Addresses used throughout the suite
# ---------------------------------------------------------------------------

POOL6 = "2001:db8:64::"          # /96 pool6 (RFC 6052 network-specific prefix)
OWN4, OWN6 = "192.0.2.1", "2001:db8::1"
P6791_4, P6791_6 = "192.0.2.100", "2001:db8:ffff::"

# IPv6 hosts with explicit address mappings (RFC 7757)
H6A, H4A = "2001:db8:1::10", "198.51.100.10"   # 198.51.100.10/32 <-> /128
H6B, H4B = "2001:db8:1::20", "198.51.100.20"   # 198.51.100.20/32 <-> /128
# 198.51.100.0/28 <-> 2001:db8:2::/124 overlaps 198.51.100.10/32
# 198.19.7.0/24   <-> 2001:db8:7::/120
RT6, RT6_4 = "2001:db8:2::1", "198.51.100.1"   # IPv6 router, mapped by the /28
UNK6 = "2001:db8:99::1"                          # untranslatable IPv6 address

# IPv4 side, reached through pool6
R4 = "203.0.113.5"     # IPv4 host
RT4 = "203.0.113.1"    # IPv4 router

DEFAULT_EAM = [
    {"ipv4-prefix": "198.51.100.10/32", "ipv6-prefix": "2001:db8:1::10/128"},
    {"ipv4-prefix": "198.51.100.20/32", "ipv6-prefix": "2001:db8:1::20/128"},
    {"ipv4-prefix": "198.51.100.0/28", "ipv6-prefix": "2001:db8:2::/124"},
    {"ipv4-prefix": "198.19.7.0/24", "ipv6-prefix": "2001:db8:7::/120"},
]


def config(pool6="2001:db8:64::/96", eam=None, own=True, rfc6791=True,
           lowest_mtu=None, tos_override=None, zero_csum=None, source_filter=None,
           icmp_errors=None):
    """The YANG JSON configuration.  Defaults: the suite's usual setup."""
    t = {}
    if pool6:
        t["pool6"] = pool6
    t["eam"] = list(DEFAULT_EAM if eam is None else eam)
    if not t["eam"]:
        del t["eam"]
    if rfc6791 is True:
        t["rfc6791-pool"] = {"ipv4": P6791_4 + "/32", "ipv6": P6791_6 + "/128"}
    elif rfc6791:
        t["rfc6791-pool"] = rfc6791
    if own is True:
        t["own-address"] = {"ipv4": OWN4, "ipv6": OWN6}
    elif own:
        t["own-address"] = own
    if lowest_mtu is not None:
        t["lowest-ipv6-mtu"] = lowest_mtu
    if tos_override is not None:
        t["tos-override"] = tos_override
    if zero_csum is not None:
        t["zero-checksum-udp"] = zero_csum
    if source_filter is not None:
        t["ipv4-source-filter"] = source_filter
    if icmp_errors is not None:
        t["icmp-errors"] = icmp_errors
    return {"translatord:translator": t}


# ---------------------------------------------------------------------------
# RFC 6052 2.2 address embedding (independent implementation)
# ---------------------------------------------------------------------------

def embed(v4, prefix=POOL6, plen=96):
    """IPv4-embedded IPv6 address, RFC 6052 2.2: the IPv4 bits follow the
    prefix, skipping bits 64..71 (the u octet), suffix zero."""
    assert plen in (32, 40, 48, 56, 64, 96)
    p = socket.inet_pton(socket.AF_INET6, prefix)
    out = bytearray(p[: plen // 8]) + bytearray(16 - plen // 8)
    j = plen // 8
    for b in socket.inet_pton(socket.AF_INET, v4):
        if j == 8:
            j += 1          # the u octet stays zero
        out[j] = b
        j += 1
    return socket.inet_ntop(socket.AF_INET6, bytes(out))


def p6(v4):
    """v4 embedded in the default pool6 (/96)."""
    return embed(v4)


# ---------------------------------------------------------------------------
# Checksums (one's complement), written out so they do not depend on scapy
# ---------------------------------------------------------------------------

def ones_sum(data):
    if len(data) % 2:
        data = data + b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return s


def csum(data):
    return (~ones_sum(data)) & 0xFFFF


def ones_add(a, b):
    s = a + b
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return s


def shift_csum(correct_out, correct_in, actual_in):
    """An incremental update keeps an input checksum error: the output is
    off from its correct value by the same one's-complement difference the
    input was off from its own (RFC 1624)."""
    err = ones_add(actual_in, (~correct_in) & 0xFFFF)
    out = ones_add(correct_out, err)
    assert out not in (0, 0xFFFF), "pick another wrong checksum (+0/-0 ambiguity)"
    return out


def pseudo4(src, dst, proto, length):
    return (socket.inet_pton(socket.AF_INET, src) + socket.inet_pton(socket.AF_INET, dst)
            + struct.pack("!BBH", 0, proto, length))


def pseudo6(src, dst, nh, length):
    return (socket.inet_pton(socket.AF_INET6, src) + socket.inet_pton(socket.AF_INET6, dst)
            + struct.pack("!I3xB", length, nh))


# ---------------------------------------------------------------------------
# ICMP messages as bytes (type, code, checksum, 4 bytes of header, body)
# ---------------------------------------------------------------------------

def icmp4(typ, code, rest=b"\0\0\0\0", body=b"", cks=None):
    assert len(rest) == 4
    m = struct.pack("!BBH", typ, code, 0) + rest + body
    c = csum(m) if cks is None else cks
    return m[:2] + struct.pack("!H", c) + m[4:]


def icmp6(src, dst, typ, code, rest=b"\0\0\0\0", body=b"", cks=None):
    assert len(rest) == 4
    m = struct.pack("!BBH", typ, code, 0) + rest + body
    c = csum(pseudo6(src, dst, 58, len(m)) + m) if cks is None else cks
    return m[:2] + struct.pack("!H", c) + m[4:]


def icmp4_csum(msg):
    return csum(msg[:2] + b"\0\0" + msg[4:])


def icmp6_csum(src, dst, msg):
    return csum(pseudo6(src, dst, 58, len(msg)) + msg[:2] + b"\0\0" + msg[4:])


def u32(v):
    return struct.pack("!I", v)


def mtu4(mtu):
    """Rest-of-header of ICMPv4 3/4: unused(16) | next-hop MTU(16)."""
    return struct.pack("!HH", 0, mtu)


def ptr4(p, length=0):
    """Rest-of-header of ICMPv4 12: pointer(8) | length(8) | unused(16)."""
    return struct.pack("!BBH", p, length, 0)


def rfc4884_ext(objects=None):
    """An RFC 4884 extension structure: version 2 header + checksum, then
    objects.  Default: one MPLS label stack object (class 1, c-type 1)."""
    if objects is None:
        objects = struct.pack("!HBB", 8, 1, 1) + struct.pack("!I", (16001 << 12) | (0 << 9) | (1 << 8) | 7)
    hdr = struct.pack("!BBH", 0x20, 0, 0)
    c = csum(hdr + objects)
    return struct.pack("!BBH", 0x20, 0, c) + objects


def payload(n, seed=0):
    """n bytes of a deterministic, non-zero, non-trivial pattern."""
    return bytes(((i * 7 + seed * 13 + 0x41) & 0xFF) or 1 for i in range(n))


# ---------------------------------------------------------------------------
# Expected packets
# ---------------------------------------------------------------------------

class Exp:
    """An expected output packet.

    any_id: the IPv4 Identification is chosen by the translator's generator
      (DF=0 6->4 packets, DESIGN-NOTES); it is copied from the actual packet
      before comparing, and the header checksum recomputed.
    any_inner_id: the same, for the IPv4 header quoted inside an ICMPv4
      error translated from ICMPv6 (the inner header is translated by the
      same 5.1 rules); the inner header checksum and ICMP checksum are
      recomputed.
    bad_l4_csum: the transport checksum is deliberately wrong (self-check).
    """

    def __init__(self, pkt, any_id=False, any_inner_id=False, bad_l4_csum=False):
        self.raw = bytes(pkt)
        self.any_id = any_id
        self.any_inner_id = any_inner_id
        self.bad_l4_csum = bad_l4_csum


def as_exp(x):
    return x if isinstance(x, Exp) else Exp(x)


def _fix_ipv4_hdr_csum(b, off=0):
    ihl = (b[off] & 0x0F) * 4
    b[off + 10:off + 12] = b"\0\0"
    b[off + 10:off + 12] = struct.pack("!H", csum(bytes(b[off:off + ihl])))


def normalise(exp, actual):
    """Apply the documented normalisations (and only those)."""
    e = bytearray(exp.raw)
    if exp.any_id and len(actual) >= 20 and len(e) >= 20 and actual[0] >> 4 == 4 and e[0] >> 4 == 4:
        e[4:6] = actual[4:6]
        _fix_ipv4_hdr_csum(e)
    if exp.any_inner_id and e[0] >> 4 == 4 and e[9] == 1:
        ihl = (e[0] & 0xF) * 4
        inner = ihl + 8
        a_ihl = (actual[0] & 0xF) * 4 if len(actual) >= 20 else 20
        a_inner = a_ihl + 8
        if len(e) >= inner + 20 and len(actual) >= a_inner + 20:
            e[inner + 4:inner + 6] = actual[a_inner + 4:a_inner + 6]
            _fix_ipv4_hdr_csum(e, inner)
            e[ihl + 2:ihl + 4] = b"\0\0"
            e[ihl + 2:ihl + 4] = struct.pack("!H", csum(bytes(e[ihl:])))
    return bytes(e)


@dataclass
class Case:
    name: str
    section: str
    inputs: List[Any]
    expected: List[Any]
    config: dict = field(default_factory=config)
    mtu4: Optional[int] = None
    mtu6: Optional[int] = None
    reason: Optional[str] = None
    same_ipv4_id: bool = False   # all IPv4 outputs must share one ID
    times: Optional[List[float]] = None  # capture times (s); default 1 s apart
    note: str = ""

    def input_bytes(self):
        return [bytes(p) for p in self.inputs]

    def expected_list(self):
        return [as_exp(x) for x in self.expected]


def mk(name, section, inputs, expected, **kw):
    if not isinstance(inputs, (list, tuple)):
        inputs = [inputs]
    if not isinstance(expected, (list, tuple)):
        expected = [expected]
    return Case(name=name, section=section, inputs=list(inputs), expected=list(expected), **kw)


# ---------------------------------------------------------------------------
# Packet builders (plain scapy, every field given by the caller or default)
# ---------------------------------------------------------------------------

def ip4(src, dst, proto, body, ttl=64, tos=0, id=0x1234, df=False, mf=False, frag=0,
        options=None, cks=None):
    flags = (2 if df else 0) | (1 if mf else 0)
    kw = dict(src=src, dst=dst, proto=proto, ttl=ttl, tos=tos, id=id, flags=flags, frag=frag)
    if options is not None:
        kw["options"] = [IPOption(options)]
    if cks is not None:
        kw["chksum"] = cks
    return IP(**kw) / Raw(body)


def ip6(src, dst, nh, body, hlim=64, tc=0, fl=0, ext=None):
    p = IPv6(src=src, dst=dst, hlim=hlim, tc=tc, fl=fl, nh=nh if not ext else ext[0][0])
    if ext:
        # ext: list of (this header's type, bytes) already chained by caller
        pkt = p
        for _, raw in ext:
            pkt = pkt / Raw(raw)
        return pkt / Raw(body)
    return p / Raw(body)


def udp_bytes(src, dst, sport, dport, data, v6, cks=None, length=None):
    """A UDP header + data, checksum over the right pseudo-header (RFC 768 /
    RFC 8200 8.1).  length: UDP length field (default: actual) - a larger
    one makes the first fragment of a longer datagram (checksum then
    computed over `data` = the whole datagram and the caller cuts it)."""
    ln = 8 + len(data) if length is None else length
    hdr = struct.pack("!HHHH", sport, dport, ln, 0)
    if cks is None:
        ph = pseudo6(src, dst, 17, ln) if v6 else pseudo4(src, dst, 17, ln)
        c = csum(ph + hdr + data)
        if c == 0:
            c = 0xFFFF
    else:
        c = cks
    return struct.pack("!HHHH", sport, dport, ln, c) + data


def tcp_bytes(src, dst, sport, dport, data, v6, seq=1000, ack=0, flags=0x18, cks=None,
              opts=b""):
    off = (20 + len(opts)) // 4
    hdr = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, off << 4, flags, 65535, 0, 0) + opts
    ln = len(hdr) + len(data)
    if cks is None:
        ph = pseudo6(src, dst, 6, ln) if v6 else pseudo4(src, dst, 6, ln)
        c = csum(ph + hdr + data)
    else:
        c = cks
    return hdr[:16] + struct.pack("!H", c) + hdr[18:] + data


def udp4(src, dst, data, sport=40000, dport=40001, cks=None, **kw):
    return ip4(src, dst, 17, udp_bytes(src, dst, sport, dport, data, False, cks), **kw)


def udp6(src, dst, data, sport=40000, dport=40001, cks=None, **kw):
    return ip6(src, dst, 17, udp_bytes(src, dst, sport, dport, data, True, cks), **kw)


def echo4(src, dst, typ=8, ident=0x4242, seq=1, data=b"ping-data-0123456789", cks=None, **kw):
    return ip4(src, dst, 1, icmp4(typ, 0, struct.pack("!HH", ident, seq), data, cks), **kw)


def echo6(src, dst, typ=128, ident=0x4242, seq=1, data=b"ping-data-0123456789", cks=None, **kw):
    return ip6(src, dst, 58, icmp6(src, dst, typ, 0, struct.pack("!HH", ident, seq), data, cks), **kw)


def hbh(nh, optlen=6):
    """Hop-by-hop (or dest-opt) header of 8 bytes: PadN covering 6 bytes."""
    assert optlen == 6
    return struct.pack("!BB", nh, 0) + b"\x01\x04\0\0\0\0"


def routing0(nh, segleft, addrs):
    """Type 0 routing header."""
    body = b"".join(socket.inet_pton(socket.AF_INET6, a) for a in addrs)
    return struct.pack("!BBBB", nh, 2 * len(addrs), 0, segleft) + b"\0\0\0\0" + body


def frag6hdr(nh, offset8, m, ident):
    return struct.pack("!BBHI", nh, 0, (offset8 << 3) | (1 if m else 0), ident)


def frag6(src, dst, nh, body, offset8, m, ident, hlim=64, tc=0, pre=None):
    """IPv6 packet with a Fragment header (optionally after `pre` = list of
    (type, bytes) headers, the last one's next header must be 44)."""
    exts = (pre or []) + [(44, frag6hdr(nh, offset8, m, ident))]
    return ip6(src, dst, None, body, hlim=hlim, tc=tc, ext=exts)


# ---------------------------------------------------------------------------
# Self-consistency of expected packets
# ---------------------------------------------------------------------------

ICMP4_ERRORS = {3, 4, 5, 11, 12}
ICMP6_ERRORS = {1, 2, 3, 4}


def walk6(b):
    """(next header, offset of upper layer, fragment header tuple or None)."""
    nh = b[6]
    off = 40
    frag = None
    while nh in (0, 43, 60, 44) and off + 8 <= len(b):
        if nh == 44:
            fo = struct.unpack("!H", b[off + 2:off + 4])[0]
            frag = (fo >> 3, fo & 1, struct.unpack("!I", b[off + 4:off + 8])[0])
            nh = b[off]
            off += 8
        else:
            nxt = b[off]
            off += (b[off + 1] + 1) * 8
            nh = nxt
    return nh, off, frag


def self_check(exp, where):
    """Problems with an expected packet (empty list = consistent)."""
    b = exp.raw
    errs = []
    if not b:
        return ["empty packet"]
    v = b[0] >> 4
    if v == 4:
        ihl = (b[0] & 0xF) * 4
        tl = struct.unpack("!H", b[2:4])[0]
        if tl != len(b):
            errs.append("%s: IPv4 total length %d != %d bytes" % (where, tl, len(b)))
        if csum(b[:ihl]) != 0:
            errs.append("%s: IPv4 header checksum wrong" % where)
        ff = struct.unpack("!H", b[6:8])[0]
        df, mf, off = ff & 0x4000, ff & 0x2000, ff & 0x1FFF
        if exp.any_id and df:
            errs.append("%s: any_id on a DF=1 packet" % where)
        proto = b[9]
        l4 = b[ihl:]
        src = socket.inet_ntop(socket.AF_INET, b[12:16])
        dst = socket.inet_ntop(socket.AF_INET, b[16:20])
        unfrag = not mf and off == 0
        if proto == 1 and unfrag:
            if csum(l4) != 0 and not exp.bad_l4_csum:
                errs.append("%s: ICMPv4 checksum wrong" % where)
            if l4[0] in ICMP4_ERRORS and len(b) > 576:
                errs.append("%s: ICMPv4 error larger than 576" % where)
        elif proto == 17 and unfrag and not exp.bad_l4_csum:
            if csum(pseudo4(src, dst, 17, len(l4)) + l4) != 0:
                errs.append("%s: UDP checksum wrong" % where)
        elif proto == 6 and unfrag and not exp.bad_l4_csum:
            if csum(pseudo4(src, dst, 6, len(l4)) + l4) != 0:
                errs.append("%s: TCP checksum wrong" % where)
    elif v == 6:
        pl = struct.unpack("!H", b[4:6])[0]
        if pl != len(b) - 40:
            errs.append("%s: IPv6 payload length %d != %d" % (where, pl, len(b) - 40))
        if b[1] & 0x0F or b[2] or b[3]:
            errs.append("%s: flow label not 0" % where)
        nh, off, frag = walk6(b)
        src = socket.inet_ntop(socket.AF_INET6, b[8:24])
        dst = socket.inet_ntop(socket.AF_INET6, b[24:40])
        l4 = b[off:]
        unfrag = frag is None or (frag[0] == 0 and frag[1] == 0)
        if nh == 58 and unfrag:
            if csum(pseudo6(src, dst, 58, len(l4)) + l4) != 0 and not exp.bad_l4_csum:
                errs.append("%s: ICMPv6 checksum wrong" % where)
            if l4[0] in ICMP6_ERRORS and len(b) > 1280:
                errs.append("%s: ICMPv6 error larger than 1280" % where)
        elif nh in (17, 6) and unfrag and not exp.bad_l4_csum:
            if csum(pseudo6(src, dst, nh, len(l4)) + l4) != 0:
                errs.append("%s: %s checksum wrong" % (where, "UDP" if nh == 17 else "TCP"))
    else:
        errs.append("%s: IP version %d" % (where, v))
    return errs


# ---------------------------------------------------------------------------
# Field names for diffs
# ---------------------------------------------------------------------------

def layout(b, prefix=""):
    """List of (start, end, field name) covering the packet's headers."""
    out = []
    if not b:
        return out
    v = b[0] >> 4
    if v == 4 and len(b) >= 20:
        ihl = (b[0] & 0xF) * 4
        for s, e, n in [(0, 1, "version/ihl"), (1, 2, "tos"), (2, 4, "total_length"),
                        (4, 6, "id"), (6, 8, "flags/frag_offset"), (8, 9, "ttl"),
                        (9, 10, "protocol"), (10, 12, "header_checksum"), (12, 16, "src"),
                        (16, 20, "dst"), (20, ihl, "options")]:
            out.append((s, e, prefix + "ipv4." + n))
        ff = struct.unpack("!H", b[6:8])[0]
        l4 = ihl if (ff & 0x1FFF) == 0 else None
        proto = b[9]
    elif v == 6 and len(b) >= 40:
        for s, e, n in [(0, 4, "version/traffic_class/flow_label"), (4, 6, "payload_length"),
                        (6, 7, "next_header"), (7, 8, "hop_limit"), (8, 24, "src"),
                        (24, 40, "dst")]:
            out.append((s, e, prefix + "ipv6." + n))
        nh = b[6]
        off = 40
        l4 = off
        while nh in (0, 43, 60, 44) and off + 8 <= len(b):
            name = {0: "hop_by_hop", 43: "routing", 60: "dest_opts", 44: "fragment"}[nh]
            if nh == 44:
                out += [(off, off + 1, prefix + "frag.next_header"), (off + 1, off + 2, prefix + "frag.reserved"),
                        (off + 2, off + 4, prefix + "frag.offset/M"), (off + 4, off + 8, prefix + "frag.id")]
                fo = struct.unpack("!H", b[off + 2:off + 4])[0] >> 3
                nh = b[off]
                off += 8
                if fo:
                    l4 = None
                    break
            else:
                ln = (b[off + 1] + 1) * 8
                out += [(off, off + 1, prefix + name + ".next_header"), (off + 1, off + 2, prefix + name + ".length"),
                        (off + 2, off + ln, prefix + name + ".body")]
                nh = b[off]
                off += ln
            l4 = off
        proto = nh
    else:
        return [(0, len(b), prefix + "garbage")]
    if l4 is None:
        out.append((len(out) and out[-1][1] or 0, len(b), prefix + "fragment_data"))
        return out
    r = b[l4:]
    if proto == 17:
        for s, e, n in [(0, 2, "sport"), (2, 4, "dport"), (4, 6, "length"), (6, 8, "checksum")]:
            out.append((l4 + s, l4 + e, prefix + "udp." + n))
        out.append((l4 + 8, len(b), prefix + "udp.data"))
    elif proto == 6:
        for s, e, n in [(0, 2, "sport"), (2, 4, "dport"), (4, 8, "seq"), (8, 12, "ack"),
                        (12, 14, "offset/flags"), (14, 16, "window"), (16, 18, "checksum"),
                        (18, 20, "urgent")]:
            out.append((l4 + s, l4 + e, prefix + "tcp." + n))
        out.append((l4 + 20, len(b), prefix + "tcp.options/data"))
    elif proto in (1, 58):
        t = "icmpv4" if proto == 1 else "icmpv6"
        for s, e, n in [(0, 1, "type"), (1, 2, "code"), (2, 4, "checksum"), (4, 8, "rest_of_header")]:
            out.append((l4 + s, l4 + e, prefix + t + "." + n))
        errors = ICMP4_ERRORS if proto == 1 else ICMP6_ERRORS
        if len(r) > 8 and r[0] in errors and not prefix:
            inner = layout(r[8:], prefix="inner.")
            out += [(l4 + 8 + s, l4 + 8 + e, n) for s, e, n in inner]
            last = l4 + 8 + (inner[-1][1] if inner else 0)
            if last < len(b):
                out.append((last, len(b), prefix + t + ".tail"))
        else:
            out.append((l4 + 8, len(b), prefix + t + ".body"))
    else:
        out.append((l4, len(b), prefix + "payload(proto %d)" % proto))
    return out


def field_name(b, off):
    for s, e, n in layout(b):
        if s <= off < e:
            return n
    return "beyond headers"


def diff_fields(exp, act):
    """Names of the fields whose bytes differ, in order."""
    return [n for n, _, _ in diff_values(exp, act)]


def diff_values(exp, act, limit=24):
    """(field, expected hex, actual hex) for each differing field of the
    expected packet's layout (long fields shortened)."""
    out = []
    lay = layout(exp)
    covered = lay[-1][1] if lay else 0
    if len(act) > covered:
        lay = lay + [(covered, max(len(act), covered), "trailing bytes")]
    for s, e, n in lay:
        a, b = exp[s:e], act[s:e]
        if a != b:
            def h(x):
                return x.hex() if len(x) <= 16 else x[:16].hex() + "...(%d bytes)" % len(x)
            out.append((n, h(a) or "<none>", h(b) or "<none>"))
    return out[:limit]


def show(b, max_lines=60):
    """scapy's dissection of raw IP bytes, long loads shortened."""
    try:
        p = IP(b) if b and b[0] >> 4 == 4 else IPv6(b)
        s = p.show(dump=True)
    except Exception as e:  # pragma: no cover - best effort display
        return "  <undecodable: %s> %s" % (e, b[:64].hex())
    lines = []
    for ln in s.splitlines():
        if len(ln) > 120:
            ln = ln[:117] + "..."
        lines.append(ln)
    if len(lines) > max_lines:
        lines = lines[:max_lines] + ["  ... (%d more lines)" % (len(lines) - max_lines)]
    return "\n".join(lines)


def self_test():
    """Cross-check the helpers against independent references: the RFC 6052
    2.4 example table and scapy's own checksum code."""
    errs = []
    table = [("2001:db8::", 32, "2001:db8:c000:221::"),
             ("2001:db8:100::", 40, "2001:db8:1c0:2:21::"),
             ("2001:db8:122::", 48, "2001:db8:122:c000:2:2100::"),
             ("2001:db8:122:300::", 56, "2001:db8:122:3c0:0:221::"),
             ("2001:db8:122:344::", 64, "2001:db8:122:344:c0:2:2100:0"),
             ("2001:db8:122:344::", 96, "2001:db8:122:344::c000:221")]
    for pfx, plen, want in table:
        got = embed("192.0.2.33", pfx, plen)
        if socket.inet_pton(socket.AF_INET6, got) != socket.inet_pton(socket.AF_INET6, want):
            errs.append("embed(192.0.2.33, %s/%d) = %s, RFC 6052 says %s" % (pfx, plen, got, want))
    from scapy.layers.inet6 import ICMPv6EchoRequest
    d = payload(33, 99)
    ours = udp_bytes("192.0.2.7", "198.51.100.9", 1234, 80, d, False)
    ref = bytes(UDP(raw(IP(src="192.0.2.7", dst="198.51.100.9") / UDP(sport=1234, dport=80) / d)[20:]))
    if ours != ref:
        errs.append("UDP/IPv4 checksum differs from scapy")
    ours = udp_bytes("2001:db8::7", "2001:db8::9", 1234, 80, d, True)
    ref = raw(IPv6(src="2001:db8::7", dst="2001:db8::9") / UDP(sport=1234, dport=80) / d)[40:]
    if ours != ref:
        errs.append("UDP/IPv6 checksum differs from scapy")
    ours = icmp6("2001:db8::7", "2001:db8::9", 128, 0, struct.pack("!HH", 5, 6), d)
    ref = raw(IPv6(src="2001:db8::7", dst="2001:db8::9") / ICMPv6EchoRequest(id=5, seq=6, data=d))[40:]
    if ours != ref:
        errs.append("ICMPv6 checksum differs from scapy")
    ours = tcp_bytes("192.0.2.7", "198.51.100.9", 1, 2, d, False, seq=3, ack=4, flags=0x10)
    ref = raw(IP(src="192.0.2.7", dst="198.51.100.9") /
              TCP(sport=1, dport=2, seq=3, ack=4, flags=0x10, window=65535) / d)[20:]
    if ours != ref:
        errs.append("TCP/IPv4 checksum differs from scapy")
    # shift_csum: a checksum 0x0100 too big stays 0x0100 too big
    if shift_csum(0x1000, 0x2000, 0x2100) != 0x1100:
        errs.append("shift_csum arithmetic")
    return errs


def raw(p):
    return bytes(p)
