"""Address mapping: RFC 7757 (EAMT, overlap, hairpinning), RFC 6052
(pool6 formats, well-known prefix), spoofing and scope rules of
DESIGN-NOTES, RFC 7915 4.1 / 5.1 address fields."""

import socket

from lib import (Exp, H4A, H4B, H6A, H6B, OWN4, OWN6, P6791_4, P6791_6, R4, UNK6, DEFAULT_EAM, config, echo4,
                 echo6, embed, icmp4, icmp6, ip4, ip6, mk, p6, payload, tcp_bytes, udp4, udp6)

S_EAM = "RFC 7757 3.2"
S_OVL = "RFC 7757 3.3"
S_HP = "RFC 7757 4"
S_FMT = "RFC 6052 2.2"
S_WKP = "RFC 6052 3.1"
S41 = "RFC 7915 4.1"
S51 = "RFC 7915 5.1"

CASES = []
add = CASES.append

D = payload(32, 60)


def out4(pkt):
    return Exp(pkt, any_id=True)


# --- EAMT (RFC 7757 3.2 / 3.3) ---------------------------------------------------

add(mk("eam_4to6_dst_host_mapping", S_EAM,
       udp4(R4, H4B, D), udp6(p6(R4), H6B, D, hlim=63),
       note="198.51.100.20/32 <-> 2001:db8:1::20/128; the EAMT is tried before pool6"))

add(mk("eam_4to6_dst_longest_match_32_over_28", S_OVL,
       udp4(R4, "198.51.100.10", D), udp6(p6(R4), "2001:db8:1::10", D, hlim=63),
       note="198.51.100.10 matches /32 and /28: the /32 wins (not 2001:db8:2::a)"))

add(mk("eam_4to6_dst_28_suffix_copied", S_EAM,
       udp4(R4, "198.51.100.5", D), udp6(p6(R4), "2001:db8:2::5", D, hlim=63),
       note="198.51.100.0/28 <-> 2001:db8:2::/124: the 4 suffix bits are copied"))

add(mk("eam_4to6_dst_24_to_120", S_EAM,
       udp4(R4, "198.19.7.200", D), udp6(p6(R4), "2001:db8:7::c8", D, hlim=63),
       note="/24 <-> /120"))

# RFC 7757 3.2's source rule for packets from the IPv4 side applies where
# mapped sources are accepted from there (ipv4-source-filter false); by
# default they are spoofs (below).
NOFILTER = dict(source_filter=False)
add(mk("eam_4to6_src_before_pool6", S_EAM,
       udp4("198.19.7.1", H4A, D), udp6("2001:db8:7::1", H6A, D, hlim=63),
       config=config(**NOFILTER),
       note="an EAM IPv4 source uses the EAMT, not pool6"))

add(mk("eam_6to4_src_120_to_24", S_EAM,
       udp6("2001:db8:7::c8", p6(R4), D), out4(udp4("198.19.7.200", R4, D, ttl=63, id=0))))

add(mk("eam_6to4_src_124_overlap", S_OVL,
       udp6("2001:db8:2::a", p6(R4), D), out4(udp4("198.51.100.10", R4, D, ttl=63, id=0)),
       note="2001:db8:2::a only matches the /124, so it maps to 198.51.100.10 "
            "although 198.51.100.10 maps back to 2001:db8:1::10"))

_eam_v6_overlap = DEFAULT_EAM + [{"ipv4-prefix": "192.0.2.99/32", "ipv6-prefix": "2001:db8:2::a/128"}]
add(mk("eam_6to4_src_longest_match_128_over_124", S_OVL,
       udp6("2001:db8:2::a", p6(R4), D), out4(udp4("192.0.2.99", R4, D, ttl=63, id=0)),
       config=config(eam=_eam_v6_overlap),
       note="IPv6 side overlap: the /128 wins over the /124"))

add(mk("eam_4to6_dst_longest_match_v6_overlap_config", S_OVL,
       udp4(R4, "192.0.2.99", D), udp6(p6(R4), "2001:db8:2::a", D, hlim=63),
       config=config(eam=_eam_v6_overlap)))

_eam_in_pool6 = DEFAULT_EAM + [{"ipv4-prefix": "192.0.2.200/32",
                                 "ipv6-prefix": p6("203.0.113.99") + "/128"}]
add(mk("eam_6to4_src_before_pool6", S_EAM,
       udp6(p6("203.0.113.99"), p6(R4), D), out4(udp4("192.0.2.200", R4, D, ttl=63, id=0)),
       config=config(eam=_eam_in_pool6),
       note="the source is inside pool6 but also an EAM IPv6 address: EAMT first -> 192.0.2.200"))

add(mk("eam_4to6_src_before_pool6_in_pool6_range", S_EAM,
       udp4("192.0.2.200", H4A, D), udp6(p6("203.0.113.99"), H6A, D, hlim=63),
       config=config(eam=_eam_in_pool6, **NOFILTER)))

add(mk("eam_only_no_pool6", S_EAM,
       udp4("198.19.7.1", H4A, D), udp6("2001:db8:7::1", H6A, D, hlim=63),
       config=config(pool6=None, **NOFILTER), note="EAMT alone, no pool6 configured"))

# --- EAMs whose IPv6 suffix is longer than the IPv4 suffix (RFC 7757 3.2) --------
# The IPv4 suffix goes right after the IPv6 prefix; the IPv6 bits after it
# are zero in translated addresses and ignored in addresses translated.
# Expected addresses worked out by hand:
#   198.18.5.0/24 <-> 2001:db8:1c0:2::/72: 198.18.5.21's suffix 21 = 0x15
#     fills bits 72..79, the low byte of the fifth group: 2001:db8:1c0:2:15::
#   10.0.0.0/8 <-> 2001:db8:aa00::/40: 10.1.2.3's 24 suffix bits 01 02 03
#     fill bits 40..63 (bytes 5..7): 2001:db8:aa01:203::
#   198.18.6.7/32 <-> 2001:db8:1c0:2:16::/80 lies inside the /72 on the
#     IPv6 side: the longer IPv6 prefix wins 6->4.
_eam_long = DEFAULT_EAM + [
    {"ipv4-prefix": "198.18.5.0/24", "ipv6-prefix": "2001:db8:1c0:2::/72"},
    {"ipv4-prefix": "10.0.0.0/8", "ipv6-prefix": "2001:db8:aa00::/40"},
    {"ipv4-prefix": "198.18.6.7/32", "ipv6-prefix": "2001:db8:1c0:2:16::/80"}]
LONG = dict(eam=_eam_long)

add(mk("eam_long_4to6_dst_suffix_after_ipv6_prefix", S_EAM,
       udp4(R4, "198.18.5.21", D), udp6(p6(R4), "2001:db8:1c0:2:15::", D, hlim=63),
       config=config(**LONG),
       note="/24 <-> /72: the 8 suffix bits at bits 72..79, the 48 after them zero"))

add(mk("eam_long_6to4_src_bits_after_suffix_ignored", S_EAM,
       udp6("2001:db8:1c0:2:15:ffff:ffff:ffff", p6(R4), D),
       out4(udp4("198.18.5.21", R4, D, ttl=63, id=0)),
       config=config(**LONG),
       note="/72 <-> /24: bits 72..79 are the IPv4 suffix, the rest is ignored"))

add(mk("eam_long_4to6_dst_suffix_across_64", S_EAM,
       udp4(R4, "10.1.2.3", D), udp6(p6(R4), "2001:db8:aa01:203::", D, hlim=63),
       config=config(**LONG),
       note="/8 <-> /40: 24 suffix bits at bits 40..63"))

add(mk("eam_long_6to4_src_suffix_across_64", S_EAM,
       udp6("2001:db8:aa01:203::9", p6(R4), D),
       out4(udp4("10.1.2.3", R4, D, ttl=63, id=0)),
       config=config(**LONG)))

add(mk("eam_long_4to6_src", S_EAM,
       udp4("198.18.5.200", H4A, D), udp6("2001:db8:1c0:2:c8::", H6A, D, hlim=63),
       config=config(source_filter=False, **LONG),
       note="the source rule is the same mapping (ipv4-source-filter false)"))

add(mk("eam_long_6to4_src_longest_ipv6_match", S_OVL,
       udp6("2001:db8:1c0:2:16::99", p6(R4), D),
       out4(udp4("198.18.6.7", R4, D, ttl=63, id=0)),
       config=config(**LONG),
       note="the /80 inside the /72 wins"))

add(mk("eam_long_6to4_src_outside_the_80", S_OVL,
       udp6("2001:db8:1c0:2:17::", p6(R4), D),
       out4(udp4("198.18.5.23", R4, D, ttl=63, id=0)),
       config=config(**LONG),
       note="next to the /80: the /72 maps it"))

add(mk("eam_long_echo_4to6_dst", S_EAM,
       echo4(R4, "198.18.5.7"), echo6(p6(R4), "2001:db8:1c0:2:7::", hlim=63),
       config=config(**LONG),
       note="ICMP: the checksum covers the translated address (RFC 7915 4.2)"))

# --- anti-spoofing (ingress filter in the spirit of BCP 38, RFC 2827) -------------
# From the IPv4 side, a mapped IPv4 source would come out as that server's
# real IPv6 address: anyone could impersonate it towards the IPv6 side.
# RFC 7757 4 needs such sources only from the translator's own IPv6 side
# (hairpinning, checked in the hairpin cases below).
S_SPOOF = "BCP 38 / RFC 7757 4"
for tag, pkt in [("udp", udp4("198.19.7.1", H4A, D)),
                 ("tcp", ip4("198.19.7.1", H4A, 6, tcp_bytes("198.19.7.1", H4A, 40000, 80, D, False))),
                 ("echo", echo4("198.51.100.10", "198.19.7.9")),
                 ("icmp_error", ip4("198.19.7.1", H4A, 1,
                                    icmp4(3, 1, b"\0" * 4, bytes(udp4(H4A, R4, D, ttl=5))), ttl=60))]:
    add(mk("spoof_4to6_mapped_source_%s_dropped" % tag, S_SPOOF, pkt, [],
           reason="src_spoofs_mapped_ipv4",
           note="a mapped IPv4 source arriving from the IPv4 side is dropped"))

# From the IPv6 side, a pool6 source embedding the translator's own IPv4
# address or an RFC 6791 one would speak as the translator itself.
for tag, v4 in (("own_address", OWN4), ("rfc6791_pool", P6791_4)):
    add(mk("spoof_6to4_pool6_source_embeds_%s_dropped" % tag, S_SPOOF,
           udp6(p6(v4), p6(R4), D), [], reason="src_spoofs_translator",
           note="pool6 form of %s (the translator's) as source" % v4))

# --- pool6 formats (RFC 6052 2.2), the RFC's own examples (2.4) for 192.0.2.33 -----

RFC6052_EXAMPLES = [
    ("2001:db8::/32", "2001:db8:c000:221::"),
    ("2001:db8:100::/40", "2001:db8:1c0:2:21::"),
    ("2001:db8:122::/48", "2001:db8:122:c000:2:2100::"),
    ("2001:db8:122:300::/56", "2001:db8:122:3c0:0:221::"),
    ("2001:db8:122:344::/64", "2001:db8:122:344:c0:2:2100:0"),
    ("2001:db8:122:344::/96", "2001:db8:122:344::c000:221"),
]
V4X = "192.0.2.33"
for pfx, addr in RFC6052_EXAMPLES:
    plen = int(pfx.split("/")[1])
    add(mk("pool6_%d_4to6" % plen, S_FMT,
           udp4(V4X, H4A, D), udp6(addr, H6A, D, hlim=63), config=config(pool6=pfx),
           note="%s: 192.0.2.33 -> %s (RFC 6052 2.4 table; u octet = bits 64..71 zero)" % (pfx, addr)))
    add(mk("pool6_%d_6to4" % plen, S_FMT,
           udp6(H6A, addr, D), out4(udp4(H4A, V4X, D, ttl=63, id=0)), config=config(pool6=pfx),
           note="%s: %s -> 192.0.2.33" % (pfx, addr)))

add(mk("pool6_64_u_octet_skipped_4to6", S_FMT,
       udp4("203.0.113.255", H4A, D), udp6("2001:db8:122:344:cb:71:ff00:0", H6A, D, hlim=63),
       config=config(pool6="2001:db8:122:344::/64"),
       note="/64: bits 64..71 are the u octet (zero), the IPv4 address follows"))

# --- Well-known prefix (RFC 6052 3.1) ---------------------------------------------

WKP = config(pool6="64:ff9b::/96")
add(mk("wkp_4to6_global_translated", S_WKP,
       udp4("8.8.4.4", H4A, D), udp6("64:ff9b::808:404", H6A, D, hlim=63), config=WKP))
add(mk("wkp_6to4_global_translated", S_WKP,
       udp6(H6A, "64:ff9b::808:404", D), out4(udp4(H4A, "8.8.4.4", D, ttl=63, id=0)), config=WKP))
add(mk("wkp_4to6_src_rfc1918_dropped", S_WKP,
       udp4("10.1.2.3", H4A, D), [], config=WKP, reason="wkp_with_non_global_ipv4",
       note="the WKP MUST NOT represent non-global IPv4 addresses"))
add(mk("wkp_4to6_src_192_168_dropped", S_WKP,
       udp4("192.168.1.1", H4A, D), [], config=WKP, reason="wkp_with_non_global_ipv4"))
add(mk("wkp_6to4_dst_rfc1918_dropped", S_WKP,
       udp6(H6A, "64:ff9b::c0a8:101", D), [], config=WKP, reason="wkp_with_non_global_ipv4",
       note="64:ff9b::192.168.1.1"))
add(mk("wkp_6to4_src_rfc1918_dropped", S_WKP,
       udp6("64:ff9b::a01:203", "64:ff9b::808:404", D), [], config=WKP,
       reason="wkp_with_non_global_ipv4"))
add(mk("nsp_4to6_rfc1918_translated", S_WKP,
       udp4("10.1.2.3", H4A, D), udp6(p6("10.1.2.3"), H6A, D, hlim=63),
       note="a network-specific prefix may carry non-global IPv4 addresses"))

# --- spoofed IPv6 sources (DESIGN-NOTES) ------------------------------------------

for v4, why in [("198.51.100.10", "/32 EAM"), ("198.51.100.3", "/28 EAM"), ("198.19.7.9", "/24 EAM")]:
    add(mk("spoof_6to4_src_pool6_embeds_eam_%s" % v4.replace(".", "_"), S_EAM,
           udp6(p6(v4), p6(R4), D), [], reason="src_spoofs_mapped_ipv4",
           note="source %s = pool6 + %s (%s): must not become a mapped IPv4 source" % (p6(v4), v4, why)))

# --- untranslatable addresses -----------------------------------------------------

add(mk("6to4_src_untranslatable_dropped", S51,
       udp6(UNK6, p6(R4), D), [], reason="src_untranslatable"))
add(mk("6to4_dst_untranslatable_dropped", S51,
       udp6(H6A, UNK6, D), [], reason="dst_untranslatable"))
add(mk("4to6_src_untranslatable_no_pool6_dropped", S41,
       udp4(R4, H4A, D), [], config=config(pool6=None), reason="src_untranslatable"))
add(mk("4to6_dst_untranslatable_no_pool6_dropped", S41,
       udp4("198.19.7.1", "203.0.113.77", D), [], config=config(pool6=None),
       reason="dst_untranslatable"))

# --- addresses never translated (addr_not_global) ---------------------------------

for tag, src, dst, why in [
        ("src_loopback", "127.0.0.1", H4A, "loopback source"),
        ("src_this_network", "0.0.0.0", H4A, "'this network' source"),
        ("src_link_local", "169.254.1.1", H4A, "link-local source"),
        ("src_reserved_240", "240.0.0.1", H4A, "reserved (240/4) source"),
        ("src_multicast", "224.1.1.1", H4A, "multicast source"),
        ("dst_multicast_local", R4, "224.0.0.5", "multicast destination"),
        ("dst_multicast", R4, "239.1.2.3", "multicast destination"),
        ("dst_broadcast", R4, "255.255.255.255", "limited broadcast destination")]:
    add(mk("scope_4to6_%s_dropped" % tag, S41,
           udp4(src, dst, D), [], reason="addr_not_global", note=why + " is never translated"))

# RFC 7915 4.1: an ICMPv4 error whose source is "illegal" (0.0.0.0,
# 127.0.0.1) is translated "for the purpose of trouble shooting": into
# pool6 (RFC 6052 2.2); under the Well-Known Prefix, which RFC 6052 3.1
# keeps for global addresses, into the RFC 6791 pool instead; without
# pool6, the RFC 6791 pool. Other packets from such sources stay dropped
# (the scope cases above).
S41_ILLEGAL = "RFC 7915 4.1"
_q4 = bytes(udp4(H4A, R4, D, ttl=5, id=0x2222))
_q6 = bytes(udp6(H6A, p6(R4), D, hlim=5))
# Under the Well-Known Prefix the packet in error needs a global IPv4
# peer (RFC 6052 3.1); this offline case sends nothing anywhere.
G4 = "8.8.4.4"
_q4wkp = bytes(udp4(H4A, G4, D, ttl=5, id=0x2222))
_q6wkp = bytes(udp6(H6A, embed(G4, "64:ff9b::"), D, hlim=5))
for tag, src4, cfg, src6, q4, q6 in [
        ("this_network_pool6", "0.0.0.0", config(), p6("0.0.0.0"), _q4, _q6),
        ("loopback_pool6", "127.0.0.1", config(), p6("127.0.0.1"), _q4, _q6),
        ("loopback_wkp_rfc6791", "127.0.0.1", config(pool6="64:ff9b::/96"), P6791_6,
         _q4wkp, _q6wkp)]:
    add(mk("4to6_icmp_error_illegal_source_%s" % tag, S41_ILLEGAL,
           ip4(src4, H4A, 1, icmp4(11, 0, b"\0" * 4, q4), ttl=60),
           ip6(src6, H6A, 58, icmp6(src6, H6A, 3, 0, b"\0" * 4, q6), hlim=59), config=cfg,
           note="ICMPv4 Time Exceeded from %s: translated for troubleshooting" % src4))
# Without pool6 the packet in error needs an EAM on both sides.
_q4e = bytes(udp4(H4A, H4B, D, ttl=5, id=0x2222))
_q6e = bytes(udp6(H6A, H6B, D, hlim=5))
add(mk("4to6_icmp_error_illegal_source_no_pool6_rfc6791", S41_ILLEGAL,
       ip4("0.0.0.0", H4A, 1, icmp4(11, 0, b"\0" * 4, _q4e), ttl=60),
       ip6(P6791_6, H6A, 58, icmp6(P6791_6, H6A, 3, 0, b"\0" * 4, _q6e), hlim=59),
       config=config(pool6=None),
       note="no pool6: the RFC 6791 pool stands in for the illegal source"))
for tag, src4 in (("loopback", "127.0.0.1"), ("this_network", "0.0.0.0")):
    add(mk("4to6_echo_illegal_source_%s_dropped" % tag, S41_ILLEGAL,
           echo4(src4, H4A), [], reason="addr_not_global",
           note="not an ICMPv4 error: the source stays illegal"))
add(mk("4to6_icmp_error_multicast_source_dropped", S41_ILLEGAL,
       ip4("224.0.0.1", H4A, 1, icmp4(11, 0, b"\0" * 4, _q4), ttl=60), [],
       reason="addr_not_global", note="a multicast source is not one of the RFC's illegal sources"))

for tag, src, dst, why in [
        ("src_loopback", "::1", p6(R4), "loopback source"),
        ("src_unspecified", "::", p6(R4), "unspecified source"),
        ("src_link_local", "fe80::1", p6(R4), "link-local source"),
        ("dst_multicast_link", H6A, "ff02::1", "multicast destination"),
        ("dst_multicast_global", H6A, "ff0e::101", "global multicast destination"),
        ("dst_link_local", H6A, "fe80::2", "link-local destination"),
        ("dst_pool6_loopback_v4", H6A, p6("127.0.0.1"), "pool6 address of 127.0.0.1: IPv4 127/8 is never produced"),
        ("dst_pool6_multicast_v4", H6A, p6("224.0.0.5"), "pool6 address of 224.0.0.5: IPv4 224/4 is never produced"),
        ("dst_pool6_link_local_v4", H6A, p6("169.254.9.9"), "pool6 address of 169.254.9.9: IPv4 169.254/16 is never produced"),
        ("src_pool6_this_network_v4", p6("0.0.0.1"), p6(R4), "pool6 address of 0.0.0.1: IPv4 0/8 is never produced")]:
    add(mk("scope_6to4_%s_dropped" % tag, S51,
           udp6(src, dst, D), [], reason="addr_not_global", note=why))

# --- hairpinning (RFC 7757 4) -------------------------------------------------------

add(mk("hairpin_eam_host_to_eam_host", S_HP,
       udp6(H6A, p6(H4B), D, hlim=64, tc=0x10),
       udp6(p6(H4A), H6B, D, hlim=63, tc=0x10),
       note="A -> pool6(198.51.100.20): back out as IPv6 to B, source = pool6(198.51.100.10), "
            "hop limit decremented once"))

add(mk("hairpin_into_28_prefix", S_HP,
       udp6(H6A, p6("198.51.100.5"), D),
       udp6(p6(H4A), "2001:db8:2::5", D, hlim=63)))

add(mk("hairpin_from_24_prefix", S_HP,
       udp6("2001:db8:7::42", p6(H4B), D),
       udp6(p6("198.19.7.66"), H6B, D, hlim=63)))

add(mk("hairpin_tcp", S_HP,
       ip6(H6A, p6(H4B), 6, tcp_bytes(H6A, p6(H4B), 51000, 22, D, True)),
       ip6(p6(H4A), H6B, 6, tcp_bytes(p6(H4A), H6B, 51000, 22, D, True), hlim=63)))

add(mk("hairpin_echo_request", S_HP,
       echo6(H6A, p6(H4B), 128, ident=7, seq=7),
       echo6(p6(H4A), H6B, 128, ident=7, seq=7, hlim=63),
       note="ICMPv6 echo -> ICMPv4 -> ICMPv6 echo, checksum for the new addresses"))

_hp1 = udp6(H6A, p6(H4B), D, hlim=1)
_hp1b = bytes(_hp1)
add(mk("hairpin_hlim1_time_exceeded", S_HP,
       _hp1,
       ip6(OWN6, H6A, 58, icmp6(OWN6, H6A, 3, 0, b"\0\0\0\0", _hp1b), hlim=64),
       reason="ttl_expired"))

# B answers a hairpinned packet with an ICMPv6 error: it must reach A as an
# error about the packet A sent (inner = H6A -> pool6(198.51.100.20)), with
# the inner addresses mapped the opposite way round from the outer ones.
_a_sent = bytes(udp6(H6A, p6(H4B), D, hlim=63))          # as A sent it, hop limit at B
_b_got = bytes(udp6(p6(H4A), H6B, D, hlim=63))           # as B received it
add(mk("hairpin_icmp_error_back_to_sender", S_HP,
       ip6(H6B, p6(H4A), 58, icmp6(H6B, p6(H4A), 1, 4, b"\0\0\0\0", _b_got), hlim=64),
       ip6(p6(H4B), H6A, 58, icmp6(p6(H4B), H6A, 1, 4, b"\0\0\0\0", _a_sent), hlim=63),
       note="port unreachable from B about a hairpinned packet: outer and inner translated "
            "back so A sees an error quoting its own packet"))
