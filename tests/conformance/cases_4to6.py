"""IPv4 -> IPv6: header translation (RFC 7915 4.1), transport checksums
(4.5) and the ICMPv4 errors the translator itself sends (4.4)."""

import struct

from lib import (Exp, H4A, H4B, H6A, H6B, OWN4, P6791_4, R4, config, echo4, icmp4, ip4, ip6, mk,
                 p6, payload, pseudo4, pseudo6, csum, shift_csum, tcp_bytes, udp4, udp6,
                 udp_bytes)

S41 = "RFC 7915 4.1"
S44 = "RFC 7915 4.4"
S45 = "RFC 7915 4.5"

CASES = []
add = CASES.append

DATA = payload(40)


def gen_err4(orig, typ, code, rest=b"\0\0\0\0", src=OWN4):
    """An ICMPv4 error made by the translator (DESIGN-NOTES): from
    own-address, TOS 0, ID 0, DF 0, TTL 64, quoting the offending packet
    cut so the whole error is <= 576 bytes."""
    orig = bytes(orig)
    dst = "%d.%d.%d.%d" % tuple(orig[12:16])
    return ip4(src, dst, 1, icmp4(typ, code, rest, orig[:576 - 28]), ttl=64, tos=0, id=0)


# --- basic header fields ----------------------------------------------------

add(mk("4to6_udp_basic", S41,
       udp4(R4, H4A, DATA, ttl=64),
       udp6(p6(R4), H6A, DATA, hlim=63),
       note="version 6, TC=TOS 0, flow label 0, payload length, next header 17, hop limit TTL-1"))

add(mk("4to6_tcp_basic", S41,
       ip4(R4, H4A, 6, tcp_bytes(R4, H4A, 443, 51000, DATA, False, flags=0x18)),
       ip6(p6(R4), H6A, 6, tcp_bytes(p6(R4), H6A, 443, 51000, DATA, True, flags=0x18), hlim=63)))

add(mk("4to6_tcp_syn_options", S41,
       ip4(R4, H4A, 6, tcp_bytes(R4, H4A, 443, 51000, b"", False, flags=0x02,
                                 opts=b"\x02\x04\x05\xb4\x01\x03\x03\x07")),
       ip6(p6(R4), H6A, 6, tcp_bytes(p6(R4), H6A, 443, 51000, b"", True, flags=0x02,
                                     opts=b"\x02\x04\x05\xb4\x01\x03\x03\x07"), hlim=63),
       note="TCP options (MSS) are transport data: copied unchanged"))

add(mk("4to6_tos_copied", S41,
       udp4(R4, H4A, DATA, tos=0xB8),
       udp6(p6(R4), H6A, DATA, hlim=63, tc=0xB8)))

add(mk("4to6_tos_ecn_bits_copied", S41,
       udp4(R4, H4A, DATA, tos=0x2B),
       udp6(p6(R4), H6A, DATA, hlim=63, tc=0x2B),
       note="all 8 TOS bits (DSCP + ECN) are copied to the traffic class"))

add(mk("4to6_tos_override", S41,
       udp4(R4, H4A, DATA, tos=0xB8),
       udp6(p6(R4), H6A, DATA, hlim=63, tc=32),
       config=config(tos_override=32)))

add(mk("4to6_ttl2_to_hlim1", S41,
       udp4(R4, H4A, DATA, ttl=2),
       udp6(p6(R4), H6A, DATA, hlim=1)))

add(mk("4to6_ttl255", S41,
       udp4(R4, H4A, DATA, ttl=255),
       udp6(p6(R4), H6A, DATA, hlim=254)))

add(mk("4to6_df_set_no_fragment_header", S41,
       udp4(R4, H4A, DATA, df=True),
       udp6(p6(R4), H6A, DATA, hlim=63),
       note="DF=1 unfragmented packet: no Fragment header"))

add(mk("4to6_df_clear_small_no_fragment_header", S41,
       udp4(R4, H4A, DATA, df=False, id=0x7777),
       udp6(p6(R4), H6A, DATA, hlim=63),
       note="DF=0 packet that fits 1280: MUST NOT add a Fragment header"))

add(mk("4to6_other_protocol_copied", S41,
       ip4(R4, H4A, 47, b"\x00\x00\x08\x00" + DATA),
       ip6(p6(R4), H6A, 47, b"\x00\x00\x08\x00" + DATA, hlim=63),
       note="GRE (47): next header = protocol, payload untouched (4.5: forward all transports)"))

add(mk("4to6_sctp_copied", S45,
       ip4(R4, H4A, 132, payload(48, 3)),
       ip6(p6(R4), H6A, 132, payload(48, 3), hlim=63),
       note="transport without pseudo-header checksum: forwarded unchanged"))

_pad_in = bytes(udp4(R4, H4A, DATA)) + b"\0" * 6
add(mk("4to6_payload_length_from_total_length", S41,
       _pad_in,
       udp6(p6(R4), H6A, DATA, hlim=63),
       note="6 bytes of link padding after Total Length: payload length = Total Length - IHL*4"))

add(mk("4to6_bad_ipv4_header_checksum_dropped", S41,
       ip4(R4, H4A, 17, udp_bytes(R4, H4A, 40000, 40001, DATA, False), cks=0x1234),
       [],
       reason="bad_ipv4_header_checksum",
       note="a router validates the IPv4 header checksum (RFC 1812 5.2.2) before translating"))

add(mk("4to6_multiple_packets_in_order", S41,
       [udp4(R4, H4A, payload(10, 1), id=1), udp4(R4, H4B, payload(20, 2), id=2),
        udp4(R4, H4A, payload(30, 3), id=3)],
       [udp6(p6(R4), H6A, payload(10, 1), hlim=63), udp6(p6(R4), H6B, payload(20, 2), hlim=63),
        udp6(p6(R4), H6A, payload(30, 3), hlim=63)],
       note="outputs in input order"))

# --- IPv4 options -----------------------------------------------------------

RR = b"\x07\x0b\x04" + b"\0" * 8 + b"\x01"                        # record route + NOP
TS = b"\x44\x0c\x05\x00" + b"\0" * 8                               # timestamp
add(mk("4to6_options_record_route_ignored", S41,
       udp4(R4, H4A, DATA, options=RR),
       udp6(p6(R4), H6A, DATA, hlim=63),
       note="IPv4 options are not translated; payload length excludes them"))

add(mk("4to6_options_timestamp_nop_ignored", S41,
       udp4(R4, H4A, DATA, options=b"\x01\x01\x01\x01" + TS),
       udp6(p6(R4), H6A, DATA, hlim=63)))


def _sr(kind, ptr, hops):
    body = b"".join(bytes(map(int, h.split("."))) for h in hops)
    opt = bytes([kind, 3 + len(body), ptr]) + body
    return opt + b"\x00" * ((-len(opt)) % 4)


# An unexpired source route (pointer <= length): ICMPv4 3/5, no translation.
_lsrr = udp4(R4, H4A, DATA, options=_sr(0x83, 4, ["198.51.100.77", H4A]))
add(mk("4to6_lsrr_unexpired_source_route_failed", S41,
       _lsrr, gen_err4(_lsrr, 3, 5),
       reason="unexpired_source_route"))

_ssrr = udp4(R4, H4A, DATA, options=_sr(0x89, 8, ["198.51.100.77", H4A]))
add(mk("4to6_ssrr_unexpired_source_route_failed", S41,
       _ssrr, gen_err4(_ssrr, 3, 5),
       reason="unexpired_source_route",
       note="SSRR with pointer 8 <= length 11: one hop left"))

# Expired (pointer > length): translated normally, the option dropped.
add(mk("4to6_lsrr_expired_translated", S41,
       udp4(R4, H4A, DATA, options=_sr(0x83, 12, ["198.51.100.77", H4A])),
       udp6(p6(R4), H6A, DATA, hlim=63)))

add(mk("4to6_ssrr_expired_translated", S41,
       udp4(R4, H4A, DATA, options=_sr(0x89, 12, ["198.51.100.77", H4A])),
       udp6(p6(R4), H6A, DATA, hlim=63)))

# --- TTL exceeded: ICMPv4 errors generated by the translator (4.1 / 4.4) -----

_t1 = udp4(R4, H4A, DATA, ttl=1, id=0x0101)
add(mk("4to6_ttl1_time_exceeded", S41,
       _t1, gen_err4(_t1, 11, 0),
       reason="ttl_expired"))

_t0 = udp4(R4, H4A, DATA, ttl=0, id=0x0100)
add(mk("4to6_ttl0_time_exceeded", S41,
       _t0, gen_err4(_t0, 11, 0),
       reason="ttl_expired"))

_tbig = udp4(R4, H4A, payload(972, 5), ttl=1, id=0x0102)
_e = gen_err4(_tbig, 11, 0)
assert len(bytes(_e)) == 576
add(mk("4to6_ttl1_error_quote_cut_to_576", S44,
       _tbig, _e, reason="ttl_expired",
       note="1000-byte packet: the error quotes its first 548 bytes (error = 576 bytes)"))

_topt = udp4(R4, H4A, DATA, ttl=1, options=RR)
add(mk("4to6_ttl1_quote_keeps_options", S44,
       _topt, gen_err4(_topt, 11, 0), reason="ttl_expired",
       note="the quoted packet is the packet as received, options included"))

_tdf = udp4(R4, H4A, DATA, ttl=1, df=True, tos=0xB8, id=0x4444)
add(mk("4to6_ttl1_error_header_fields", S44,
       _tdf, gen_err4(_tdf, 11, 0), reason="ttl_expired",
       note="error has TOS 0, ID 0, DF 0, TTL 64 whatever the offending packet had"))

_tnoown = udp4(R4, H4A, DATA, ttl=1)
add(mk("4to6_ttl1_no_own_address_uses_rfc6791", S44,
       _tnoown, gen_err4(_tnoown, 11, 0, src=P6791_4),
       config=config(own=False), reason="ttl_expired",
       note="no own-address ipv4: the first RFC 6791 IPv4 address is the source"))

add(mk("4to6_ttl1_no_source_address_dropped", S44,
       udp4(R4, H4A, DATA, ttl=1), [],
       config=config(own=False, rfc6791=False), reason="ttl_expired",
       note="no address to send the error from: dropped"))

_terr = ip4("203.0.113.1", H4A, 1,
            icmp4(3, 3, b"\0" * 4, bytes(udp4(H4A, R4, DATA))[:28]), ttl=1)
add(mk("4to6_ttl1_icmp_error_gets_no_error", S44,
       _terr, [], reason="ttl_expired",
       note="no ICMP error about an ICMP error (RFC 1812 4.3.2.7, RFC 7915 4.4)"))

# --- transport checksums (4.5) ----------------------------------------------

add(mk("4to6_udp_checksum_updated", S45,
       udp4(R4, H4B, payload(100, 9), sport=1, dport=65535),
       udp6(p6(R4), H6B, payload(100, 9), sport=1, dport=65535, hlim=63)))


def _bad(v4src, v4dst, v6src, v6dst, proto, mk4, mk6, wrong_delta):
    good4 = mk4(None)
    good6 = mk6(None)
    c4 = struct.unpack("!H", good4[6 if proto == 17 else 16:][:2])[0]
    c6 = struct.unpack("!H", good6[6 if proto == 17 else 16:][:2])[0]
    bad4 = (c4 + wrong_delta) & 0xFFFF
    out6 = shift_csum(c6, c4, bad4)
    return mk4(bad4), mk6(out6)


_b4, _b6 = _bad(R4, H4A, p6(R4), H6A, 17,
                lambda c: udp_bytes(R4, H4A, 40000, 40002, DATA, False, cks=c),
                lambda c: udp_bytes(p6(R4), H6A, 40000, 40002, DATA, True, cks=c), 0x0123)
add(mk("4to6_udp_bad_checksum_stays_bad", S45,
       ip4(R4, H4A, 17, _b4),
       Exp(ip6(p6(R4), H6A, 17, _b6, hlim=63), bad_l4_csum=True),
       note="incremental update: the output checksum is off by the same one's-complement amount"))

_b4, _b6 = _bad(R4, H4A, p6(R4), H6A, 6,
                lambda c: tcp_bytes(R4, H4A, 443, 51000, DATA, False, cks=c),
                lambda c: tcp_bytes(p6(R4), H6A, 443, 51000, DATA, True, cks=c), 0x4000)
add(mk("4to6_tcp_bad_checksum_stays_bad", S45,
       ip4(R4, H4A, 6, _b4),
       Exp(ip6(p6(R4), H6A, 6, _b6, hlim=63), bad_l4_csum=True)))


def _udp_data_for_v6_csum(target, n=38):
    """Data such that the IPv6 UDP checksum computes to 0 (sent as 0xffff)."""
    base = bytearray(payload(n, 11))
    hdr = struct.pack("!HHHH", 40000, 40002, 8 + n + 2, 0)
    s = csum(pseudo6(p6(R4), H6A, 17, 8 + n + 2) + hdr + bytes(base) + b"\0\0")
    # append two bytes w so that the one's complement sum is 0xffff -> csum 0
    w = s  # sum(...)+w == 0xffff  <=>  w == ~sum == csum
    data = bytes(base) + struct.pack("!H", w)
    assert csum(pseudo6(p6(R4), H6A, 17, 8 + n + 2) + hdr + data) == 0
    return data


_d = _udp_data_for_v6_csum(0)
_u6 = udp_bytes(p6(R4), H6A, 40000, 40002, _d, True)
assert _u6[6:8] == b"\xff\xff"
add(mk("4to6_udp_checksum_result_zero_sent_as_ffff", S45,
       ip4(R4, H4A, 17, udp_bytes(R4, H4A, 40000, 40002, _d, False)),
       ip6(p6(R4), H6A, 17, _u6, hlim=63),
       note="a computed UDP checksum of 0 is sent as 0xffff (RFC 768; zero is illegal in IPv6)"))

add(mk("4to6_udp_zero_checksum_computed", S45,
       ip4(R4, H4A, 17, udp_bytes(R4, H4A, 40000, 40002, DATA, False, cks=0)),
       udp6(p6(R4), H6A, DATA, sport=40000, dport=40002, hlim=63),
       note="unfragmented IPv4 UDP with checksum 0: the IPv6 checksum is computed"))

# RFC 7915 4.4: "If the IPv4 packet is discarded, then the translator SHOULD
# be able to send back an ICMPv4 error message to the original sender of the
# packet ... The ICMPv4 message, if sent, has a Type of 3 (Destination
# Unreachable) and a Code of 13 (Communication Administratively
# Prohibited)". On by default (icmp-errors for-discarded-packets).
S44 = "RFC 7915 4.4"
_zc = ip4(R4, H4A, 17, udp_bytes(R4, H4A, 40000, 40002, DATA, False, cks=0))
add(mk("4to6_udp_zero_checksum_policy_drop", S44, _zc, gen_err4(_zc, 3, 13),
       config=config(zero_csum="drop"), reason="udp_zero_checksum_policy",
       note="discarded by policy (4.5): answered with 3/13 (4.4)"))
add(mk("4to6_udp_zero_checksum_policy_drop_silent", S44, _zc, [],
       config=config(zero_csum="drop", icmp_errors={"for-discarded-packets": False}),
       reason="udp_zero_checksum_policy",
       note="the answer is configurable (4.4: SHOULD be able to): off, a silent drop"))

_zf = ip4(R4, H4A, 17, udp_bytes(R4, H4A, 40000, 40002, DATA, False, cks=0, length=8 + 200),
          mf=True, id=0x5151)
add(mk("4to6_udp_zero_checksum_fragment_dropped", S44, _zf, gen_err4(_zf, 3, 13),
       reason="fragmented_udp_zero_checksum",
       note="first fragment of a UDP datagram with checksum 0: stateless, cannot compute (4.5); "
            "answered with 3/13 (4.4)"))

# RFC 1812 4.3.2.8 / RFC 4443 2.4(f): the errors the translator generates
# are rate-limited, by a token bucket (burst tokens, refilled at rate per
# second of capture time). 20 packets with TTL 1 in the same instant, then
# 5 more one second later; burst 3, 1 per second: the first 3 get Time
# Exceeded, then 1 of the second group.
_t1 = [echo4(R4, H4A, 8, ttl=1, id=0x7700 + i, seq=i) for i in range(25)]
add(mk("4to6_icmp_errors_rate_limited", "RFC 1812 4.3.2.8", _t1,
       [gen_err4(p, 11, 0) for p in _t1[:3] + _t1[20:21]],
       config=config(icmp_errors={"rate-limit": 1, "burst": 3}),
       times=[1700000000.0] * 20 + [1700000001.0] * 5,
       note="a flood of TTL expiries: burst 3 at once, then 1 per second"))

add(mk("4to6_udp_nonzero_policy_drop_translated", S45,
       udp4(R4, H4A, DATA), udp6(p6(R4), H6A, DATA, hlim=63),
       config=config(zero_csum="drop"),
       note="policy 'drop' only concerns checksum 0"))

_pt = echo4(R4, H4A, 8, ttl=1, id=0x0202)
add(mk("4to6_ttl1_echo_time_exceeded", S41, _pt, gen_err4(_pt, 11, 0), reason="ttl_expired",
       note="traceroute-style ping: informational ICMP does get an error"))
