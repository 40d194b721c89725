"""ICMP translation: RFC 7915 4.2 / 5.2 (types, codes, pointers, MTU),
4.3 / 5.3 (the packet in error), section 6 (Packet Too Big MTU >= 1280),
and RFC 4884 length fields."""

import struct

from lib import (Exp, H4A, H6A, OWN4, OWN6, P6791_4, P6791_6, R4, RT4, RT6, RT6_4, UNK6,
                 config, echo4, echo6, hbh, icmp4, icmp4_csum, icmp6, icmp6_csum, ip4, ip6,
                 mk, mtu4, p6, payload, ptr4, rfc4884_ext, shift_csum, tcp_bytes, u32, udp4,
                 udp6, udp_bytes, frag6)

S42 = "RFC 7915 4.2"
S43 = "RFC 7915 4.3"
S52 = "RFC 7915 5.2"
S53 = "RFC 7915 5.3"
S6 = "RFC 7915 6"
S4884 = "RFC 4884"

CASES = []
add = CASES.append

IDATA = payload(40, 40)


# ---------------------------------------------------------------------------
# ICMPv4 -> ICMPv6 errors.  Scenario: H6A (2001:db8:1::10 = 198.51.100.10)
# sent a UDP packet to R4 (203.0.113.5); an IPv4 router RT4 (203.0.113.1)
# returns an error about its IPv4 translation.  The error's inner packet
# must come out as the IPv6 packet H6A sent (inner TTL not decremented).
# ---------------------------------------------------------------------------

def err4to6(name, section, t4, c4, rest4, t6=None, c6=None, rest6=b"\0\0\0\0",
            inner_ttl=5, inner_tos=0, data=IDATA, quote=None, reason=None, note="", **kw):
    in4 = bytes(udp4(H4A, R4, data, ttl=inner_ttl, tos=inner_tos, id=0x6D6D))
    in6 = bytes(udp6(H6A, p6(R4), data, hlim=inner_ttl, tc=inner_tos))
    q4 = in4 if quote is None else in4[:quote]
    q6 = in6 if quote is None else in6[:quote + 20]
    inp = ip4(RT4, H4A, 1, icmp4(t4, c4, rest4, q4), ttl=60)
    if t6 is None:
        exp = []
    else:
        exp = ip6(p6(RT4), H6A, 58, icmp6(p6(RT4), H6A, t6, c6, rest6, q6), hlim=59)
    add(mk(name, section, inp, exp, reason=reason, note=note, **kw))


# Destination Unreachable (type 3), every code (4.2)
DU = {0: (1, 0), 1: (1, 0), 3: (1, 4), 5: (1, 0), 6: (1, 0), 7: (1, 0), 8: (1, 0),
      9: (1, 1), 10: (1, 1), 11: (1, 0), 12: (1, 0), 13: (1, 1), 15: (1, 1)}
for code, (t6, c6) in sorted(DU.items()):
    err4to6("4to6_icmp_dest_unreach_code%d" % code, S42, 3, code, b"\0" * 4, t6, c6,
            note="ICMPv4 3/%d -> ICMPv6 %d/%d" % (code, t6, c6))
err4to6("4to6_icmp_dest_unreach_code2_protocol", S42, 3, 2, b"\0" * 4, 4, 1, u32(6),
        note="protocol unreachable -> parameter problem 4/1, pointer 6 (Next Header)")
err4to6("4to6_icmp_dest_unreach_code14_dropped", S42, 3, 14, b"\0" * 4,
        reason="icmp_type_untranslatable", note="host precedence violation: silently drop")
err4to6("4to6_icmp_dest_unreach_code16_unknown_dropped", S42, 3, 16, b"\0" * 4,
        reason="icmp_type_untranslatable", note="unknown code: silently drop")

# Time Exceeded (type 11)
err4to6("4to6_icmp_time_exceeded_code0", S42, 11, 0, b"\0" * 4, 3, 0, inner_ttl=1)
err4to6("4to6_icmp_time_exceeded_code1", S42, 11, 1, b"\0" * 4, 3, 1)

# Parameter Problem (type 12), Figure 3 pointer map
FIG3 = {0: 0, 1: 1, 2: 4, 3: 4, 8: 7, 9: 6, 12: 8, 13: 8, 14: 8, 15: 8,
        16: 24, 17: 24, 18: 24, 19: 24}
for p in (0, 1, 2, 3, 8, 9, 12, 15, 16, 19):
    err4to6("4to6_icmp_param_problem_ptr%d" % p, S42, 12, 0, ptr4(p), 4, 0, u32(FIG3[p]),
            note="Figure 3: IPv4 pointer %d -> IPv6 pointer %d" % (p, FIG3[p]))
for p in (4, 6, 10):
    err4to6("4to6_icmp_param_problem_ptr%d_na_dropped" % p, S42, 12, 0, ptr4(p),
            reason="icmp_param_problem_pointer_untranslatable",
            note="Figure 3 lists pointer %d as n/a: silently drop" % p)
err4to6("4to6_icmp_param_problem_ptr20_options_dropped", S42, 12, 0, ptr4(20),
        reason="icmp_param_problem_pointer_untranslatable",
        note="pointer into IPv4 options is not listed in Figure 3: drop")
err4to6("4to6_icmp_param_problem_code2_bad_length", S42, 12, 2, ptr4(2), 4, 0, u32(4),
        note="code 2 (bad length) is translated like code 0")
err4to6("4to6_icmp_param_problem_code1_dropped", S42, 12, 1, ptr4(0),
        reason="icmp_type_untranslatable", note="missing required option: silently drop")
err4to6("4to6_icmp_param_problem_code3_dropped", S42, 12, 3, ptr4(0),
        reason="icmp_type_untranslatable", note="other codes: silently drop")

# Error types with no ICMPv6 counterpart
err4to6("4to6_icmp_source_quench_dropped", S42, 4, 0, b"\0" * 4, reason="icmp_type_untranslatable")
err4to6("4to6_icmp_redirect_dropped", S42, 5, 1, bytes([203, 0, 113, 9]),
        reason="icmp_single_hop", note="4.2: Redirect (type 5): single-hop message, silently drop")
err4to6("4to6_icmp_alt_host_address_dropped", S42, 6, 0, b"\0" * 4,
        reason="icmp_type_untranslatable")
err4to6("4to6_icmp_unknown_type31_dropped", S42, 31, 0, b"\0" * 4,
        reason="icmp_type_untranslatable")

# --- ICMPv4 informational (4.2) -------------------------------------------------

add(mk("4to6_icmp_echo_request", S42,
       echo4(R4, H4A, 8, ident=0x1357, seq=9),
       echo6(p6(R4), H6A, 128, ident=0x1357, seq=9, hlim=63),
       note="type 8 -> 128, identifier/sequence/data unchanged, checksum gains the pseudo-header"))
add(mk("4to6_icmp_echo_reply", S42,
       echo4(R4, H4A, 0, ident=0x1357, seq=10),
       echo6(p6(R4), H6A, 129, ident=0x1357, seq=10, hlim=63)))

_m4 = icmp4(8, 0, struct.pack("!HH", 0x2468, 3), payload(56, 8))
_m6 = icmp6(p6(R4), H6A, 128, 0, struct.pack("!HH", 0x2468, 3), payload(56, 8))
_bad4 = (icmp4_csum(_m4) + 0x0200) & 0xFFFF
_out6 = shift_csum(icmp6_csum(p6(R4), H6A, _m6), icmp4_csum(_m4), _bad4)
add(mk("4to6_icmp_echo_bad_checksum_stays_bad", S42,
       ip4(R4, H4A, 1, _m4[:2] + struct.pack("!H", _bad4) + _m4[4:]),
       Exp(ip6(p6(R4), H6A, 58, _m6[:2] + struct.pack("!H", _out6) + _m6[4:], hlim=63),
           bad_l4_csum=True),
       note="echo checksums are updated incrementally (DESIGN-NOTES): the error is kept"))

for t, why, r in [(13, "timestamp", "icmp_type_untranslatable"),
                  (14, "timestamp reply", "icmp_type_untranslatable"),
                  (15, "information request", "icmp_type_untranslatable"),
                  (16, "information reply", "icmp_type_untranslatable"),
                  (17, "address mask request", "icmp_type_untranslatable"),
                  (18, "address mask reply", "icmp_type_untranslatable"),
                  (9, "router advertisement (single hop)", "icmp_single_hop"),
                  (10, "router solicitation (single hop)", "icmp_single_hop"),
                  (1, "unassigned type", "icmp_type_untranslatable"),
                  (253, "experimental type", "icmp_type_untranslatable")]:
    add(mk("4to6_icmp_type%d_dropped" % t, S42,
           ip4(R4, H4A, 1, icmp4(t, 0, b"\0\1\0\2", b"\0" * 12)), [],
           reason=r, note=why + ": silently drop"))

# --- the packet in error (4.3) ----------------------------------------------

err4to6("4to6_icmp_error_inner_ttl_not_decremented", S43, 11, 0, b"\0" * 4, 3, 0, inner_ttl=1,
        note="outer hop limit 60-1, inner hop limit = inner TTL 1")
err4to6("4to6_icmp_error_inner_tos_copied", S43, 3, 3, b"\0" * 4, 1, 4, inner_tos=0xB8)
err4to6("4to6_icmp_error_short_quote", S43, 3, 3, b"\0" * 4, 1, 4, quote=28,
        note="RFC 792 quote (header + 8 bytes): inner payload length from the inner Total Length, "
             "UDP checksum inside the 8 bytes updated")
err4to6("4to6_icmp_error_long_inner", S43, 3, 3, b"\0" * 4, 1, 4, data=payload(500, 41),
        note="outer payload length grows by 20 with the inner header")

# inner TCP
_t4 = bytes(ip4(H4A, R4, 6, tcp_bytes(H4A, R4, 51000, 443, IDATA, False), ttl=7, id=0x11))
_t6 = bytes(ip6(H6A, p6(R4), 6, tcp_bytes(H6A, p6(R4), 51000, 443, IDATA, True), hlim=7))
add(mk("4to6_icmp_error_inner_tcp", S43,
       ip4(RT4, H4A, 1, icmp4(3, 1, b"\0" * 4, _t4), ttl=60),
       ip6(p6(RT4), H6A, 58, icmp6(p6(RT4), H6A, 1, 0, b"\0" * 4, _t6), hlim=59)))

# inner options are dropped like the outer ones
_o4 = bytes(udp4(H4A, R4, IDATA, ttl=5, id=0x12, options=b"\x07\x0b\x04" + b"\0" * 8 + b"\x01"))
_o6 = bytes(udp6(H6A, p6(R4), IDATA, hlim=5))
add(mk("4to6_icmp_error_inner_options_removed", S43,
       ip4(RT4, H4A, 1, icmp4(3, 3, b"\0" * 4, _o4), ttl=60),
       ip6(p6(RT4), H6A, 58, icmp6(p6(RT4), H6A, 1, 4, b"\0" * 4, _o6), hlim=59)))

# inner ICMP echo: type and checksum translated too
_e4 = bytes(echo4(H4A, R4, 8, ident=0x77, seq=5, ttl=1, id=0x13))
_e6 = bytes(echo6(H6A, p6(R4), 128, ident=0x77, seq=5, hlim=1))
add(mk("4to6_icmp_error_inner_echo", S43,
       ip4(RT4, H4A, 1, icmp4(11, 0, b"\0" * 4, _e4), ttl=60),
       ip6(p6(RT4), H6A, 58, icmp6(p6(RT4), H6A, 3, 0, b"\0" * 4, _e6), hlim=59),
       note="time exceeded for a ping: inner echo request 8 -> 128 with its checksum"))

# inner fragment gets a Fragment header
_full4 = udp_bytes(H4A, R4, 40000, 40001, payload(200, 42), False)
_full6 = udp_bytes(H6A, p6(R4), 40000, 40001, payload(200, 42), True)
_f4 = bytes(ip4(H4A, R4, 17, _full4[:64], ttl=5, id=0x5A5A, mf=True))
_f6 = bytes(frag6(H6A, p6(R4), 17, _full6[:64], 0, 1, 0x5A5A, hlim=5))
add(mk("4to6_icmp_error_inner_fragment", S43,
       ip4(RT4, H4A, 1, icmp4(11, 1, b"\0" * 4, _f4), ttl=60),
       ip6(p6(RT4), H6A, 58, icmp6(p6(RT4), H6A, 3, 1, b"\0" * 4, _f6), hlim=59),
       note="the inner packet is translated like a normal packet: an IPv4 fragment gets a Fragment header"))

# error from the destination host itself
_h4 = bytes(udp4(H4A, R4, IDATA, ttl=60, id=0x14))
_h6 = bytes(udp6(H6A, p6(R4), IDATA, hlim=60))
add(mk("4to6_icmp_port_unreachable_from_host", S43,
       ip4(R4, H4A, 1, icmp4(3, 3, b"\0" * 4, _h4), ttl=64),
       ip6(p6(R4), H6A, 58, icmp6(p6(R4), H6A, 1, 4, b"\0" * 4, _h6), hlim=63)))

# truncated to 1280
_big4 = bytes(udp4(H4A, R4, payload(1344, 43), ttl=5, id=0x15))    # 1372 bytes
_big6 = bytes(udp6(H6A, p6(R4), payload(1344, 43), hlim=5))
_in = ip4(RT4, H4A, 1, icmp4(3, 3, b"\0" * 4, _big4), ttl=60)
assert len(bytes(_in)) == 1400
_out = ip6(p6(RT4), H6A, 58, icmp6(p6(RT4), H6A, 1, 4, b"\0" * 4, _big6[:1232]), hlim=59)
assert len(bytes(_out)) == 1280
add(mk("4to6_icmp_error_truncated_to_1280", S43, _in, _out,
       note="1400-byte ICMPv4 error -> 1440 bytes: cut to 1280"))

add(mk("4to6_icmp_error_bad_checksum_dropped", S43,
       ip4(RT4, H4A, 1, icmp4(3, 3, b"\0" * 4, bytes(udp4(H4A, R4, IDATA)), cks=0x1111), ttl=60),
       [], reason="icmp_bad_checksum"))

_nested = bytes(ip4(H4A, R4, 1, icmp4(3, 3, b"\0" * 4, bytes(udp4(R4, H4A, IDATA))[:28]), ttl=5))
add(mk("4to6_icmp_error_nested_dropped", S43,
       ip4(RT4, H4A, 1, icmp4(3, 1, b"\0" * 4, _nested), ttl=60),
       [], reason="icmp_error_nested",
       note="an ICMP error quoting an ICMP error: drop"))

# untranslatable source: RFC 6791 pool, else own-address (no pool6 here)
_eam_r4 = [{"ipv4-prefix": H4A + "/32", "ipv6-prefix": H6A + "/128"},
           {"ipv4-prefix": R4 + "/32", "ipv6-prefix": "2001:db8:5::5/128"}]
_u4 = bytes(udp4(H4A, R4, IDATA, ttl=5, id=0x16))
_u6 = bytes(udp6(H6A, "2001:db8:5::5", IDATA, hlim=5))
add(mk("4to6_icmp_error_untranslatable_source_rfc6791", "RFC 6791",
       ip4(RT4, H4A, 1, icmp4(11, 0, b"\0" * 4, _u4), ttl=60),
       ip6(P6791_6, H6A, 58, icmp6(P6791_6, H6A, 3, 0, b"\0" * 4, _u6), hlim=59),
       config=config(pool6=None, eam=_eam_r4),
       note="router 203.0.113.1 has no IPv6 form (no pool6): source from the RFC 6791 pool"))
add(mk("4to6_icmp_error_untranslatable_source_own_address", "RFC 6791",
       ip4(RT4, H4A, 1, icmp4(11, 0, b"\0" * 4, _u4), ttl=60),
       ip6(OWN6, H6A, 58, icmp6(OWN6, H6A, 3, 0, b"\0" * 4, _u6), hlim=59),
       config=config(pool6=None, eam=_eam_r4, rfc6791=False),
       note="no RFC 6791 pool: own-address ipv6"))
add(mk("4to6_icmp_echo_untranslatable_source_dropped", "RFC 6791",
       echo4(RT4, H4A), [],
       config=config(pool6=None, eam=_eam_r4), reason="src_untranslatable",
       note="only ICMP errors get an RFC 6791 source"))


# ---------------------------------------------------------------------------
# ICMPv6 -> ICMPv4 errors.  Scenario: R4 sent to H4A; the translator made it
# IPv6 (p6(R4) -> H6A); an IPv6 router RT6 (2001:db8:2::1, EAM-mapped to
# 198.51.100.1) returns an error.  The outer IPv4 header is DF=0 with a
# generated ID; the inner IPv4 header (<= 1260 bytes) too.
# ---------------------------------------------------------------------------

def err6to4(name, section, t6, c6, rest6, t4=None, c4=None, rest4=b"\0\0\0\0",
            inner_hlim=5, inner_tc=0, data=IDATA, quote=None, reason=None, note="", **kw):
    in6 = bytes(udp6(p6(R4), H6A, data, hlim=inner_hlim, tc=inner_tc))
    in4 = bytes(udp4(R4, H4A, data, ttl=inner_hlim, tos=inner_tc, id=0))
    q6 = in6 if quote is None else in6[:quote]
    q4 = in4 if quote is None else in4[:quote - 20]
    inp = ip6(RT6, p6(R4), 58, icmp6(RT6, p6(R4), t6, c6, rest6, q6), hlim=60)
    if t4 is None:
        exp = []
    else:
        exp = Exp(ip4(RT6_4, R4, 1, icmp4(t4, c4, rest4, q4), ttl=59, id=0),
                  any_id=True, any_inner_id=True)
    add(mk(name, section, inp, exp, reason=reason, note=note, **kw))


DU6 = {0: (3, 1), 1: (3, 10), 2: (3, 1), 3: (3, 1), 4: (3, 3)}
for code, (t4, c4) in sorted(DU6.items()):
    err6to4("6to4_icmp_dest_unreach_code%d" % code, S52, 1, code, b"\0" * 4, t4, c4,
            note="ICMPv6 1/%d -> ICMPv4 %d/%d" % (code, t4, c4))
for code in (5, 6, 7):
    err6to4("6to4_icmp_dest_unreach_code%d_dropped" % code, S52, 1, code, b"\0" * 4,
            reason="icmp_type_untranslatable", note="other codes: silently drop")

err6to4("6to4_icmp_time_exceeded_code0", S52, 3, 0, b"\0" * 4, 11, 0, inner_hlim=1)
err6to4("6to4_icmp_time_exceeded_code1", S52, 3, 1, b"\0" * 4, 11, 1)

FIG6 = {0: 0, 1: 1, 4: 2, 5: 2, 6: 9, 7: 8, 8: 12, 23: 12, 24: 16, 39: 16}
for p, q in sorted(FIG6.items()):
    err6to4("6to4_icmp_param_problem_ptr%d" % p, S52, 4, 0, u32(p), 12, 0, ptr4(q),
            note="Figure 6: IPv6 pointer %d -> IPv4 pointer %d" % (p, q))
for p in (2, 3):
    err6to4("6to4_icmp_param_problem_ptr%d_na_dropped" % p, S52, 4, 0, u32(p),
            reason="icmp_param_problem_pointer_untranslatable", note="flow label: n/a")
err6to4("6to4_icmp_param_problem_ptr40_dropped", S52, 4, 0, u32(40),
        reason="icmp_param_problem_pointer_untranslatable",
        note="pointer past the fixed header is not listed in Figure 6: drop")
err6to4("6to4_icmp_param_problem_code1_next_header", S52, 4, 1, u32(6), 3, 2,
        note="unrecognized next header -> protocol unreachable 3/2")
err6to4("6to4_icmp_param_problem_code2_dropped", S52, 4, 2, u32(42),
        reason="icmp_type_untranslatable", note="unrecognized IPv6 option: silently drop")
err6to4("6to4_icmp_param_problem_code3_dropped", S52, 4, 3, u32(0),
        reason="icmp_type_untranslatable")
err6to4("6to4_icmp_unknown_error_type100_dropped", S52, 100, 0, b"\0" * 4,
        reason="icmp_type_untranslatable", note="unknown error messages: silently drop")
err6to4("6to4_icmp_unknown_error_type5_dropped", S52, 5, 0, b"\0" * 4,
        reason="icmp_type_untranslatable")

# --- ICMPv6 informational (5.2) ------------------------------------------------

add(mk("6to4_icmp_echo_request", S52,
       echo6(H6A, p6(R4), 128, ident=0x1357, seq=9),
       Exp(echo4(H4A, R4, 8, ident=0x1357, seq=9, ttl=63, id=0), any_id=True)))
add(mk("6to4_icmp_echo_reply", S52,
       echo6(H6A, p6(R4), 129, ident=0x1357, seq=10),
       Exp(echo4(H4A, R4, 0, ident=0x1357, seq=10, ttl=63, id=0), any_id=True)))

_n6 = icmp6(H6A, p6(R4), 128, 0, struct.pack("!HH", 0x2468, 3), payload(56, 9))
_n4 = icmp4(8, 0, struct.pack("!HH", 0x2468, 3), payload(56, 9))
_bad6 = (icmp6_csum(H6A, p6(R4), _n6) + 0x0300) & 0xFFFF
_out4 = shift_csum(icmp4_csum(_n4), icmp6_csum(H6A, p6(R4), _n6), _bad6)
add(mk("6to4_icmp_echo_bad_checksum_stays_bad", S52,
       ip6(H6A, p6(R4), 58, _n6[:2] + struct.pack("!H", _bad6) + _n6[4:]),
       Exp(ip4(H4A, R4, 1, _n4[:2] + struct.pack("!H", _out4) + _n4[4:], ttl=63, id=0),
           any_id=True, bad_l4_csum=True)))

for t, why, r in [(130, "MLD query", "icmp_single_hop"), (131, "MLD report", "icmp_single_hop"),
                  (132, "MLD done", "icmp_single_hop"),
                  (133, "router solicitation", "icmp_single_hop"),
                  (134, "router advertisement", "icmp_single_hop"),
                  (135, "neighbor solicitation", "icmp_single_hop"),
                  (136, "neighbor advertisement", "icmp_single_hop"),
                  (137, "redirect", "icmp_single_hop"),
                  (139, "node information query (unknown to RFC 7915)", "icmp_type_untranslatable"),
                  (200, "private experimentation (unknown informational)", "icmp_type_untranslatable")]:
    add(mk("6to4_icmp_type%d_dropped" % t, S52,
           ip6(H6A, p6(R4), 58, icmp6(H6A, p6(R4), t, 0, b"\0" * 4, b"\0" * 16), hlim=255), [],
           reason=r, note=why + ": silently drop"))

# --- the packet in error (5.3) ----------------------------------------------

err6to4("6to4_icmp_error_inner_hlim_not_decremented", S53, 3, 0, b"\0" * 4, 11, 0, inner_hlim=1)
err6to4("6to4_icmp_error_inner_tc_copied", S53, 1, 4, b"\0" * 4, 3, 3, inner_tc=0xB8)
err6to4("6to4_icmp_error_short_quote", S53, 1, 4, b"\0" * 4, 3, 3, quote=48,
        note="inner IPv6 header + 8 bytes: inner Total Length from the inner payload length")
err6to4("6to4_icmp_error_long_inner", S53, 1, 4, b"\0" * 4, 3, 3, data=payload(480, 44))

_t6 = bytes(ip6(p6(R4), H6A, 6, tcp_bytes(p6(R4), H6A, 443, 51000, IDATA, True), hlim=7))
_t4 = bytes(ip4(R4, H4A, 6, tcp_bytes(R4, H4A, 443, 51000, IDATA, False), ttl=7, id=0))
add(mk("6to4_icmp_error_inner_tcp", S53,
       ip6(RT6, p6(R4), 58, icmp6(RT6, p6(R4), 1, 3, b"\0" * 4, _t6), hlim=60),
       Exp(ip4(RT6_4, R4, 1, icmp4(3, 1, b"\0" * 4, _t4), ttl=59, id=0), any_id=True, any_inner_id=True)))

_x6 = bytes(ip6(p6(R4), H6A, None, udp_bytes(p6(R4), H6A, 40000, 40001, IDATA, True), hlim=5,
                ext=[(0, hbh(60)), (60, hbh(17))]))
_x4 = bytes(udp4(R4, H4A, IDATA, ttl=5, id=0))
add(mk("6to4_icmp_error_inner_extension_headers_skipped", S53,
       ip6(RT6, p6(R4), 58, icmp6(RT6, p6(R4), 1, 4, b"\0" * 4, _x6), hlim=60),
       Exp(ip4(RT6_4, R4, 1, icmp4(3, 3, b"\0" * 4, _x4), ttl=59, id=0), any_id=True, any_inner_id=True)))

_e6 = bytes(echo6(p6(R4), H6A, 128, ident=0x99, seq=2, hlim=1))
_e4 = bytes(echo4(R4, H4A, 8, ident=0x99, seq=2, ttl=1, id=0))
add(mk("6to4_icmp_error_inner_echo", S53,
       ip6(RT6, p6(R4), 58, icmp6(RT6, p6(R4), 3, 0, b"\0" * 4, _e6), hlim=60),
       Exp(ip4(RT6_4, R4, 1, icmp4(11, 0, b"\0" * 4, _e4), ttl=59, id=0), any_id=True, any_inner_id=True),
       note="inner echo request 128 -> 8, inner ICMP checksum loses the pseudo-header"))

_ff6 = udp_bytes(p6(R4), H6A, 40000, 40001, payload(200, 45), True)
_ff4 = udp_bytes(R4, H4A, 40000, 40001, payload(200, 45), False)
_fi6 = bytes(frag6(p6(R4), H6A, 17, _ff6[:64], 0, 1, 0x00065432, hlim=5))
_fi4 = bytes(ip4(R4, H4A, 17, _ff4[:64], ttl=5, id=0x5432, mf=True))
add(mk("6to4_icmp_error_inner_fragment", S53,
       ip6(RT6, p6(R4), 58, icmp6(RT6, p6(R4), 3, 1, b"\0" * 4, _fi6), hlim=60),
       Exp(ip4(RT6_4, R4, 1, icmp4(11, 1, b"\0" * 4, _fi4), ttl=59, id=0), any_id=True),
       note="inner Fragment header -> inner IPv4 fragment, ID = low 16 bits (not generated)"))

# RFC 7915 5.1.1: "Identification: Copied from the low-order 16 bits in
# the Identification field in the Fragment Header." That holds for the
# outer header of a translated ICMPv6 error too, when the error arrives in
# an atomic fragment (offset 0, M=0): no generated ID, no any_id.
_ae6 = bytes(udp6(p6(R4), H6A, IDATA, hlim=5))
_ae4 = bytes(udp4(R4, H4A, IDATA, ttl=5, id=0))
for _ident in (0x0001ABCD, 0xFFFF0000):
    _msg = icmp6(RT6, p6(R4), 3, 0, b"\0" * 4, _ae6)
    add(mk("6to4_icmp_error_atomic_fragment_id_%08x" % _ident, "RFC 7915 5.1.1",
           frag6(RT6, p6(R4), 58, _msg, 0, 0, _ident, hlim=60),
           Exp(ip4(RT6_4, R4, 1, icmp4(11, 0, b"\0" * 4, _ae4), ttl=59, id=_ident & 0xFFFF),
               any_inner_id=True),
           note="ICMPv6 error in an atomic fragment: outer IPv4 ID = low 16 bits "
                "of the Fragment header's Identification, DF=0, MF=0"))

_hh6 = bytes(udp6(p6(R4), H6A, IDATA, hlim=60))
_hh4 = bytes(udp4(R4, H4A, IDATA, ttl=60, id=0))
add(mk("6to4_icmp_port_unreachable_from_host", S53,
       ip6(H6A, p6(R4), 58, icmp6(H6A, p6(R4), 1, 4, b"\0" * 4, _hh6), hlim=64),
       Exp(ip4(H4A, R4, 1, icmp4(3, 3, b"\0" * 4, _hh4), ttl=63, id=0), any_id=True, any_inner_id=True)))

_b6 = bytes(udp6(p6(R4), H6A, payload(1184, 46), hlim=5))   # 1232 bytes
_b4 = bytes(udp4(R4, H4A, payload(1184, 46), ttl=5, id=0))
_in = ip6(RT6, p6(R4), 58, icmp6(RT6, p6(R4), 1, 4, b"\0" * 4, _b6), hlim=60)
assert len(bytes(_in)) == 1280
_out = Exp(ip4(RT6_4, R4, 1, icmp4(3, 3, b"\0" * 4, _b4[:548]), ttl=59, id=0), any_id=True, any_inner_id=True)
assert len(_out.raw) == 576
add(mk("6to4_icmp_error_truncated_to_576", S53, _in, _out,
       note="1280-byte ICMPv6 error -> cut to a 576-byte ICMPv4 error"))

add(mk("6to4_icmp_error_bad_checksum_dropped", S53,
       ip6(RT6, p6(R4), 58, icmp6(RT6, p6(R4), 1, 4, b"\0" * 4, bytes(udp6(p6(R4), H6A, IDATA)),
                                  cks=0x2222), hlim=60),
       [], reason="icmp_bad_checksum"))

_nest6 = bytes(ip6(p6(R4), H6A, 58, icmp6(p6(R4), H6A, 1, 4, b"\0" * 4,
                                          bytes(udp6(H6A, p6(R4), IDATA))[:48]), hlim=5))
add(mk("6to4_icmp_error_nested_dropped", S53,
       ip6(RT6, p6(R4), 58, icmp6(RT6, p6(R4), 1, 0, b"\0" * 4, _nest6), hlim=60),
       [], reason="icmp_error_nested"))

_un6 = bytes(udp6(p6(R4), H6A, IDATA, hlim=5))
_un4 = bytes(udp4(R4, H4A, IDATA, ttl=5, id=0))
add(mk("6to4_icmp_error_untranslatable_source_rfc6791", "RFC 6791",
       ip6(UNK6, p6(R4), 58, icmp6(UNK6, p6(R4), 3, 0, b"\0" * 4, _un6), hlim=60),
       Exp(ip4(P6791_4, R4, 1, icmp4(11, 0, b"\0" * 4, _un4), ttl=59, id=0), any_id=True, any_inner_id=True),
       note="router 2001:db8:99::1 has no IPv4 form: source = RFC 6791 pool (a /32: deterministic)"))
add(mk("6to4_icmp_error_untranslatable_source_own_address", "RFC 6791",
       ip6(UNK6, p6(R4), 58, icmp6(UNK6, p6(R4), 3, 0, b"\0" * 4, _un6), hlim=60),
       Exp(ip4(OWN4, R4, 1, icmp4(11, 0, b"\0" * 4, _un4), ttl=59, id=0), any_id=True, any_inner_id=True),
       config=config(rfc6791=False), note="no RFC 6791 pool: own-address ipv4"))
add(mk("6to4_icmp_echo_untranslatable_source_dropped", "RFC 6791",
       echo6(UNK6, p6(R4)), [], reason="src_untranslatable"))


# ---------------------------------------------------------------------------
# Packet Too Big <-> Fragmentation Needed MTU (4.2, 5.2, section 6)
# ---------------------------------------------------------------------------

def ptb4to6(name, section, field, mtu6_out, inner_len=1500, note="", **kw):
    """ICMPv4 3/4 about a DF packet H4A->R4 of inner_len bytes (quoted 548)."""
    d = payload(inner_len - 28, 47)
    in4 = bytes(udp4(H4A, R4, d, ttl=5, df=True, id=0))
    in6 = bytes(udp6(H6A, p6(R4), d, hlim=5))
    add(mk(name, section,
           ip4(RT4, H4A, 1, icmp4(3, 4, mtu4(field), in4[:548]), ttl=60),
           ip6(p6(RT4), H6A, 58, icmp6(p6(RT4), H6A, 2, 0, u32(mtu6_out), in6[:568]), hlim=59),
           note=note, **kw))


ptb4to6("4to6_frag_needed_mtu_plus_20", S42, 1400, 1420, note="3/4 MTU 1400 -> PTB 1420")
ptb4to6("4to6_frag_needed_capped_by_mtu6", S42, 1492, 1500,
        note="min(1492+20, next-hop 1500) = 1500")
ptb4to6("4to6_frag_needed_capped_by_mtu6_1300", S42, 1400, 1300, mtu6=1300,
        note="min(1400+20, next-hop 1300) = 1300")
ptb4to6("4to6_frag_needed_capped_by_mtu4_plus_20", S42, 1492, 1420, mtu4=1400,
        note="minimum(MTU+20, MTU6 1500, MTU4 1400 + 20) = 1420")
ptb4to6("4to6_frag_needed_mtu0_plateau_1492", S42, 0, 1512, inner_len=1500, mtu4=9000, mtu6=9000,
        note="MTU 0: greatest RFC 1191 plateau < 1500 is 1492, +20")
ptb4to6("4to6_frag_needed_mtu0_plateau_2002", S42, 0, 2022, inner_len=4000, mtu4=9000, mtu6=9000,
        note="MTU 0, inner Total Length 4000: plateau 2002, +20")
ptb4to6("4to6_frag_needed_mtu0_plateau_strictly_less", S42, 0, 1512, inner_len=2002, mtu4=9000,
        mtu6=9000, note="inner Total Length 2002: the plateau must be less than it -> 1492, +20")
ptb4to6("4to6_frag_needed_small_mtu_raised_to_1280", S6, 576, 1280, inner_len=1000,
        note="RFC 7915 section 6 / 5: the PTB MTU is never below 1280 (576+20 -> 1280)")
ptb4to6("4to6_frag_needed_mtu0_plateau_raised_to_1280", S6, 0, 1280, inner_len=1400,
        note="plateau below 1400 is 1006 -> 1026, raised to 1280 (section 6)")


def ptb6to4(name, section, field, mtu_out, inner_frag=False, note="", **kw):
    """ICMPv6 PTB about a 1500-byte packet p6(R4)->H6A (quoted 1232)."""
    d = payload(1452, 48)
    if inner_frag:
        w6 = udp_bytes(p6(R4), H6A, 40000, 40001, payload(3000, 48), True)
        w4 = udp_bytes(R4, H4A, 40000, 40001, payload(3000, 48), False)
        in6 = bytes(frag6(p6(R4), H6A, 17, w6[:1448], 0, 1, 0x00017777, hlim=5))
        in4 = bytes(ip4(R4, H4A, 17, w4[:1448], ttl=5, id=0x7777, mf=True))
        any_inner = False
    else:
        in6 = bytes(udp6(p6(R4), H6A, d, hlim=5))
        in4 = bytes(udp4(R4, H4A, d, ttl=5, id=0, df=True))   # 1480 > 1260: DF=1, ID 0
        any_inner = False
    assert len(in6) == 1496 if inner_frag else len(in6) == 1500
    add(mk(name, section,
           ip6(RT6, p6(R4), 58, icmp6(RT6, p6(R4), 2, 0, u32(field), in6[:1232]), hlim=60),
           Exp(ip4(RT6_4, R4, 1, icmp4(3, 4, mtu4(mtu_out), in4[:548]), ttl=59, id=0),
               any_id=True, any_inner_id=any_inner),
           note=note, **kw))


ptb6to4("6to4_ptb_mtu_minus_20", S52, 1400, 1380, note="PTB 1400 -> 3/4 MTU 1380; inner 1480 bytes: DF=1 ID 0")
ptb6to4("6to4_ptb_1280_minus_20", S52, 1280, 1260)
ptb6to4("6to4_ptb_capped_by_mtu4", S52, 1400, 1300, mtu4=1300, note="min(1400-20, next-hop 1300)")
ptb6to4("6to4_ptb_capped_by_mtu6_minus_20", S52, 1500, 1380, mtu6=1400,
        note="minimum(MTU-20, MTU4 1500, MTU6 1400 - 20) = 1380")
ptb6to4("6to4_ptb_inner_fragment_minus_28", S52, 1400, 1372, inner_frag=True,
        note="inner packet has a Fragment header: MTU - 28")


# ---------------------------------------------------------------------------
# RFC 4884: ICMP extensions and the length attribute
# ---------------------------------------------------------------------------

EXT = rfc4884_ext()
_l4 = bytes(udp4(H4A, R4, payload(200, 49), ttl=1, id=0x17))       # 228 bytes, quote 128
_l6 = bytes(udp6(H6A, p6(R4), payload(200, 49), hlim=1))
add(mk("4to6_rfc4884_time_exceeded_extension", S4884,
       ip4(RT4, H4A, 1, icmp4(11, 0, struct.pack("!BBH", 0, 32, 0), _l4[:128] + EXT), ttl=60),
       ip6(p6(RT4), H6A, 58, icmp6(p6(RT4), H6A, 3, 0, struct.pack("!BBH", 19, 0, 0),
                                   _l6[:148] + b"\0" * 4 + EXT), hlim=59),
       note="v4 length 32 words (128 bytes) -> 148 translated bytes, padded to 152: v6 length 19 (64-bit words), extension copied"))

add(mk("4to6_rfc4884_dest_unreach_extension", S4884,
       ip4(RT4, H4A, 1, icmp4(3, 1, struct.pack("!BBH", 0, 34, 0), _l4[:136] + EXT), ttl=60),
       ip6(p6(RT4), H6A, 58, icmp6(p6(RT4), H6A, 1, 0, struct.pack("!BBH", 20, 0, 0),
                                   _l6[:156] + b"\0" * 4 + EXT), hlim=59),
       note="136 bytes (34 words) -> 156, padded to 160 = 20 words of 64 bits"))

_m6 = bytes(udp6(p6(R4), H6A, payload(300, 50), hlim=1))
_m4 = bytes(udp4(R4, H4A, payload(300, 50), ttl=1, id=0))
add(mk("6to4_rfc4884_time_exceeded_extension", S4884,
       ip6(RT6, p6(R4), 58, icmp6(RT6, p6(R4), 3, 0, struct.pack("!BBH", 21, 0, 0), _m6[:168] + EXT), hlim=60),
       Exp(ip4(RT6_4, R4, 1, icmp4(11, 0, struct.pack("!BBH", 0, 37, 0), _m4[:148] + EXT), ttl=59, id=0),
           any_id=True, any_inner_id=True),
       note="v6 length 21 (168 bytes) -> 148 bytes = 37 words of 32 bits"))

add(mk("6to4_rfc4884_dest_unreach_padded_to_128", S4884,
       ip6(RT6, p6(R4), 58, icmp6(RT6, p6(R4), 1, 4, struct.pack("!BBH", 16, 0, 0), _m6[:128] + EXT), hlim=60),
       Exp(ip4(RT6_4, R4, 1, icmp4(3, 3, struct.pack("!BBH", 0, 32, 0), _m4[:108] + b"\0" * 20 + EXT),
               ttl=59, id=0), any_id=True, any_inner_id=True),
       note="128 bytes -> 108: zero-padded to the 128-byte minimum of RFC 4884, length 32"))

# RFC 7915 5.2 / 4.2 ("ICMP Error Payload"): the translated error must fit
# 576 bytes (ICMPv4) or 1280 (ICMPv6). With an RFC 4884 extension the
# original datagram is shortened instead of the extension dropped: in
# whole length units (4 bytes in ICMPv4, 8 in ICMPv6), never below the
# 128 octets RFC 4884 4 requires, and the length attribute says so.
_b6 = bytes(udp6(p6(R4), H6A, payload(1200, 51), hlim=1))
_b4 = bytes(udp4(R4, H4A, payload(1200, 51), ttl=1, id=0))
# 6->4: 1000 quoted bytes (125 units of 8) + 12-byte extension; the ICMPv4
# error has 576 - 20 - 8 = 548 bytes after its header: (548 - 12) // 4 * 4
# = 536 bytes of original datagram, 134 words.
add(mk("6to4_rfc4884_extension_kept_quote_shortened", "RFC 7915 5.2",
       ip6(RT6, p6(R4), 58, icmp6(RT6, p6(R4), 3, 0, struct.pack("!BBH", 125, 0, 0),
                                  _b6[:1000] + EXT), hlim=60),
       Exp(ip4(RT6_4, R4, 1, icmp4(11, 0, struct.pack("!BBH", 0, 134, 0), _b4[:536] + EXT),
               ttl=59, id=0), any_id=True, any_inner_id=True),
       note="over 576 bytes: the quote is cut to 536 (134 words), the extension kept whole"))
# 4->6: 1016 quoted bytes (254 words) + a 300-byte extension: translated
# 1036 + 300 > 1232 (1280 - 40 - 8): (1232 - 300) // 8 * 8 = 928 bytes of
# original datagram, 116 units of 8.
_big_obj = struct.pack("!HBB", 296, 1, 1) + payload(292, 52)
EXT300 = rfc4884_ext(_big_obj)
assert len(EXT300) == 300
_c4 = bytes(udp4(H4A, R4, payload(1200, 53), ttl=1, id=0x18))
_c6 = bytes(udp6(H6A, p6(R4), payload(1200, 53), hlim=1))
add(mk("4to6_rfc4884_extension_kept_quote_shortened", "RFC 7915 4.2",
       ip4(RT4, H4A, 1, icmp4(11, 0, struct.pack("!BBH", 0, 254, 0), _c4[:1016] + EXT300), ttl=60),
       ip6(p6(RT4), H6A, 58, icmp6(p6(RT4), H6A, 3, 0, struct.pack("!BBH", 116, 0, 0),
                                   _c6[:928] + EXT300), hlim=59),
       note="over 1280 bytes: the quote is cut to 928 (116 units of 8), the extension kept whole"))
