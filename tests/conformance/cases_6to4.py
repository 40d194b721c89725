"""IPv6 -> IPv4: header translation (RFC 7915 5.1), extension headers,
transport checksums (5.5) and the ICMPv6 errors the translator itself
sends (5.4)."""

import socket
import struct

from lib import (Exp, H4A, H4B, H6A, H6B, OWN6, P6791_6, R4, config, csum, echo6, hbh,
                 icmp6, ip4, ip6, mk, p6, payload, pseudo4, routing0, shift_csum,
                 tcp_bytes, u32, udp4, udp6, udp_bytes)

S51 = "RFC 7915 5.1"
S54 = "RFC 7915 5.4"
S55 = "RFC 7915 5.5"

CASES = []
add = CASES.append

DATA = payload(40, 1)


def gen_err6(orig, typ, code, rest=b"\0\0\0\0", src=OWN6):
    """An ICMPv6 error made by the translator (DESIGN-NOTES): from
    own-address, TC 0, flow label 0, hop limit 64, quoting the offending
    packet cut so the error is <= 1280 bytes."""
    orig = bytes(orig)
    dst = socket.inet_ntop(socket.AF_INET6, orig[8:24])
    return ip6(src, dst, 58, icmp6(src, dst, typ, code, rest, orig[:1280 - 48]), hlim=64)


def out4(pkt):
    """A 6->4 output of <= 1260 bytes: DF=0, generator-chosen ID."""
    return Exp(pkt, any_id=True)


# --- basic header fields ----------------------------------------------------

add(mk("6to4_udp_basic", S51,
       udp6(H6A, p6(R4), DATA, hlim=64),
       out4(udp4(H4A, R4, DATA, ttl=63, id=0, df=False)),
       note="IHL 5, TOS=TC 0, total length, DF=0 (<=1260), TTL=hop limit-1, protocol 17"))

add(mk("6to4_tcp_basic", S51,
       ip6(H6A, p6(R4), 6, tcp_bytes(H6A, p6(R4), 51000, 443, DATA, True)),
       out4(ip4(H4A, R4, 6, tcp_bytes(H4A, R4, 51000, 443, DATA, False), ttl=63, id=0))))

add(mk("6to4_tc_copied", S51,
       udp6(H6A, p6(R4), DATA, tc=0xB8),
       out4(udp4(H4A, R4, DATA, ttl=63, tos=0xB8, id=0))))

add(mk("6to4_tc_ecn_bits_copied", S51,
       udp6(H6A, p6(R4), DATA, tc=0x2B),
       out4(udp4(H4A, R4, DATA, ttl=63, tos=0x2B, id=0))))

add(mk("6to4_tos_override", S51,
       udp6(H6A, p6(R4), DATA, tc=0xB8),
       out4(udp4(H4A, R4, DATA, ttl=63, tos=32, id=0)),
       config=config(tos_override=32)))

add(mk("6to4_hlim2_to_ttl1", S51,
       udp6(H6A, p6(R4), DATA, hlim=2),
       out4(udp4(H4A, R4, DATA, ttl=1, id=0))))

add(mk("6to4_flow_label_ignored", S51,
       udp6(H6A, p6(R4), DATA, fl=0xABCDE),
       out4(udp4(H4A, R4, DATA, ttl=63, id=0))))

add(mk("6to4_other_protocol_copied", S51,
       ip6(H6A, p6(R4), 47, b"\x00\x00\x86\xdd" + DATA),
       out4(ip4(H4A, R4, 47, b"\x00\x00\x86\xdd" + DATA, ttl=63, id=0)),
       note="5.5: every transport is forwarded; payload untouched"))

add(mk("6to4_no_next_header_with_trailing_bytes", S51,
       ip6(H6A, p6(R4), 59, payload(8, 5)),
       out4(ip4(H4A, R4, 59, payload(8, 5), ttl=63, id=0)),
       note="next header 59: protocol 59, the octets after it passed on unchanged (RFC 8200 4.7)"))

add(mk("6to4_no_next_header_empty", S51,
       ip6(H6A, p6(R4), 59, b""),
       out4(ip4(H4A, R4, 59, b"", ttl=63, id=0)),
       note="payload length 0 with next header 59 is a valid (empty) IPv6 packet: "
            "a 20-byte IPv4 packet, protocol 59"))

add(mk("6to4_multiple_packets_in_order", S51,
       [udp6(H6A, p6(R4), payload(10, 1)), udp6(H6B, p6(R4), payload(20, 2)),
        udp6(H6A, p6(R4), payload(30, 3))],
       [out4(udp4(H4A, R4, payload(10, 1), ttl=63, id=0)),
        out4(udp4(H4B, R4, payload(20, 2), ttl=63, id=0)),
        out4(udp4(H4A, R4, payload(30, 3), ttl=63, id=0))]))

# --- DF rule: <= 1260 -> DF 0 + generated ID, else DF 1, ID 0 ----------------

_d1240 = payload(1280 - 48, 2)
add(mk("6to4_df_clear_at_1260", S51,
       udp6(H6A, p6(R4), _d1240),
       out4(udp4(H4A, R4, _d1240, ttl=63, id=0, df=False)),
       note="1280-byte IPv6 -> 1260-byte IPv4: DF=0"))

_d1241 = payload(1281 - 48, 2)
add(mk("6to4_df_set_above_1260", S51,
       udp6(H6A, p6(R4), _d1241),
       udp4(H4A, R4, _d1241, ttl=63, id=0, df=True),
       note="1281-byte IPv6 -> 1261-byte IPv4: DF=1, ID 0"))

_d1400 = payload(1420 - 48, 4)
add(mk("6to4_df_set_1400", S51,
       udp6(H6A, p6(R4), _d1400),
       udp4(H4A, R4, _d1400, ttl=63, id=0, df=True)))

# --- extension headers --------------------------------------------------------

add(mk("6to4_hop_by_hop_skipped", S51,
       ip6(H6A, p6(R4), None, udp_bytes(H6A, p6(R4), 40000, 40001, DATA, True),
           ext=[(0, hbh(17))]),
       out4(udp4(H4A, R4, DATA, ttl=63, id=0)),
       note="total length and protocol skip the Hop-by-Hop header"))

add(mk("6to4_destination_options_skipped", S51,
       ip6(H6A, p6(R4), None, udp_bytes(H6A, p6(R4), 40000, 40001, DATA, True),
           ext=[(60, hbh(17))]),
       out4(udp4(H4A, R4, DATA, ttl=63, id=0))))

add(mk("6to4_routing_segments_left_0_skipped", S51,
       ip6(H6A, p6(R4), None, udp_bytes(H6A, p6(R4), 40000, 40001, DATA, True),
           ext=[(43, routing0(17, 0, ["2001:db8:5::1", "2001:db8:5::2"]))]),
       out4(udp4(H4A, R4, DATA, ttl=63, id=0))))

add(mk("6to4_all_extension_headers_skipped", S51,
       ip6(H6A, p6(R4), None, tcp_bytes(H6A, p6(R4), 51000, 443, DATA, True),
           ext=[(0, hbh(60)), (60, hbh(43)), (43, routing0(60, 0, ["2001:db8:5::1"])), (60, hbh(6))]),
       out4(ip4(H4A, R4, 6, tcp_bytes(H4A, R4, 51000, 443, DATA, False), ttl=63, id=0)),
       note="HBH, DestOpt, Routing (SL 0), DestOpt, TCP"))

_rh = ip6(H6A, p6(R4), None, udp_bytes(H6A, p6(R4), 40000, 40001, DATA, True),
          ext=[(43, routing0(17, 1, ["2001:db8:5::1", p6(R4)]))])
add(mk("6to4_routing_segments_left_nonzero", S51,
       _rh, gen_err6(_rh, 4, 0, u32(43)),
       reason="routing_header_segments_left",
       note="ICMPv6 4/0, pointer = offset of Segments Left (40 + 3)"))

_rh2 = ip6(H6A, p6(R4), None, udp_bytes(H6A, p6(R4), 40000, 40001, DATA, True),
           ext=[(0, hbh(43)), (43, routing0(17, 2, ["2001:db8:5::1", p6(R4)]))])
add(mk("6to4_routing_segments_left_after_hbh", S51,
       _rh2, gen_err6(_rh2, 4, 0, u32(51)),
       reason="routing_header_segments_left",
       note="routing header after an 8-byte HBH: pointer 40 + 8 + 3 = 51"))

# --- hop limit exceeded (5.1, 5.4) -------------------------------------------

_h1 = udp6(H6A, p6(R4), DATA, hlim=1)
add(mk("6to4_hlim1_time_exceeded", S51, _h1, gen_err6(_h1, 3, 0), reason="ttl_expired"))

_h0 = udp6(H6A, p6(R4), DATA, hlim=0)
add(mk("6to4_hlim0_time_exceeded", S51, _h0, gen_err6(_h0, 3, 0), reason="ttl_expired"))

_hbig = udp6(H6A, p6(R4), payload(1400 - 48, 6), hlim=1)
_e = gen_err6(_hbig, 3, 0)
assert len(bytes(_e)) == 1280
add(mk("6to4_hlim1_error_quote_cut_to_1280", S54, _hbig, _e, reason="ttl_expired",
       note="1400-byte packet: the error quotes 1232 bytes (error = 1280 bytes)"))

_hf = udp6(H6A, p6(R4), DATA, hlim=1, tc=0xB8, fl=0x12345)
add(mk("6to4_hlim1_error_header_fields", S54, _hf, gen_err6(_hf, 3, 0), reason="ttl_expired",
       note="error has TC 0, flow label 0, hop limit 64"))

_hn = udp6(H6A, p6(R4), DATA, hlim=1)
add(mk("6to4_hlim1_no_own_address_uses_rfc6791", S54, _hn, gen_err6(_hn, 3, 0, src=P6791_6),
       config=config(own=False), reason="ttl_expired"))

add(mk("6to4_hlim1_no_source_address_dropped", S54,
       udp6(H6A, p6(R4), DATA, hlim=1), [],
       config=config(own=False, rfc6791=False), reason="ttl_expired"))

_herr = ip6(H6A, p6(R4), 58, icmp6(H6A, p6(R4), 1, 4, b"\0" * 4,
                                    bytes(udp6(p6(R4), H6A, DATA))), hlim=1)
add(mk("6to4_hlim1_icmpv6_error_gets_no_error", S54, _herr, [], reason="ttl_expired",
       note="no ICMPv6 error about an ICMPv6 error (RFC 4443 2.4 e.1)"))

# --- transport checksums (5.5) ----------------------------------------------

add(mk("6to4_udp_checksum_updated", S55,
       udp6(H6B, p6(R4), payload(100, 9), sport=1, dport=65535),
       out4(udp4(H4B, R4, payload(100, 9), sport=1, dport=65535, ttl=63, id=0))))


def _bad(proto, mk6, mk4, delta):
    off = 6 if proto == 17 else 16
    c6 = struct.unpack("!H", mk6(None)[off:off + 2])[0]
    c4 = struct.unpack("!H", mk4(None)[off:off + 2])[0]
    bad6 = (c6 + delta) & 0xFFFF
    return mk6(bad6), mk4(shift_csum(c4, c6, bad6))


_b6, _b4 = _bad(17, lambda c: udp_bytes(H6A, p6(R4), 40000, 40002, DATA, True, cks=c),
                lambda c: udp_bytes(H4A, R4, 40000, 40002, DATA, False, cks=c), 0x0321)
add(mk("6to4_udp_bad_checksum_stays_bad", S55,
       ip6(H6A, p6(R4), 17, _b6),
       Exp(ip4(H4A, R4, 17, _b4, ttl=63, id=0), any_id=True, bad_l4_csum=True)))

_b6, _b4 = _bad(6, lambda c: tcp_bytes(H6A, p6(R4), 51000, 443, DATA, True, cks=c),
                lambda c: tcp_bytes(H4A, R4, 51000, 443, DATA, False, cks=c), 0x2000)
add(mk("6to4_tcp_bad_checksum_stays_bad", S55,
       ip6(H6A, p6(R4), 6, _b6),
       Exp(ip4(H4A, R4, 6, _b4, ttl=63, id=0), any_id=True, bad_l4_csum=True)))


def _data_v4_csum_zero(n=38):
    base = payload(n, 12)
    ln = 8 + n + 2
    hdr = struct.pack("!HHHH", 40000, 40002, ln, 0)
    w = csum(pseudo4(H4A, R4, 17, ln) + hdr + base + b"\0\0")
    data = base + struct.pack("!H", w)
    assert csum(pseudo4(H4A, R4, 17, ln) + hdr + data) == 0
    return data


_dz = _data_v4_csum_zero()
_u4 = udp_bytes(H4A, R4, 40000, 40002, _dz, False)
assert _u4[6:8] == b"\xff\xff"
add(mk("6to4_udp_checksum_result_zero_sent_as_ffff", S55,
       ip6(H6A, p6(R4), 17, udp_bytes(H6A, p6(R4), 40000, 40002, _dz, True)),
       out4(ip4(H4A, R4, 17, _u4, ttl=63, id=0)),
       note="a UDP checksum that computes to 0 is sent as 0xffff (0 would mean 'no checksum')"))
