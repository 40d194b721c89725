"""Fragments and MTUs: RFC 7915 4.1 (Fragment header, lowest-ipv6-mtu,
DF and the IPv6 next-hop MTU) and 5.1 / 5.1.1 (IPv6 Fragment header,
IPv4 next-hop MTU)."""

import socket

from lib import (Exp, H4A, H6A, OWN4, OWN6, R4, config, echo4, frag6, frag6hdr, hbh, icmp4,
                 icmp6, ip4, ip6, mk, mtu4, p6, payload, u32, udp4, udp6, udp_bytes)

S41 = "RFC 7915 4.1"
S511 = "RFC 7915 5.1.1"
S51 = "RFC 7915 5.1"

CASES = []
add = CASES.append


def gen_err4(orig, typ, code, rest):
    orig = bytes(orig)
    dst = socket.inet_ntop(socket.AF_INET, orig[12:16])
    return ip4(OWN4, dst, 1, icmp4(typ, code, rest, orig[:548]), ttl=64, tos=0, id=0)


def gen_err6(orig, typ, code, rest):
    orig = bytes(orig)
    dst = socket.inet_ntop(socket.AF_INET6, orig[8:24])
    return ip6(OWN6, dst, 58, icmp6(OWN6, dst, typ, code, rest, orig[:1232]), hlim=64)


# --- IPv4 fragments -> IPv6 Fragment header (4.1) ------------------------------

D200 = payload(200, 20)
U4 = udp_bytes(R4, H4A, 40000, 40001, D200, False)        # whole datagram, 208 bytes
U6 = udp_bytes(p6(R4), H6A, 40000, 40001, D200, True)
assert U4[8:] == U6[8:]
FID = 0xBEEF
# fragments of 64, 64 and 80 bytes (offsets 0, 8, 16 in 8-byte units)
V4F = [ip4(R4, H4A, 17, U4[0:64], id=FID, mf=True, frag=0),
       ip4(R4, H4A, 17, U4[64:128], id=FID, mf=True, frag=8),
       ip4(R4, H4A, 17, U4[128:208], id=FID, mf=False, frag=16)]
V6F = [frag6(p6(R4), H6A, 17, U6[0:64], 0, 1, FID, hlim=63),
       frag6(p6(R4), H6A, 17, U6[64:128], 8, 1, FID, hlim=63),
       frag6(p6(R4), H6A, 17, U6[128:208], 16, 0, FID, hlim=63)]

add(mk("4to6_fragment_first", S41, V4F[0], V6F[0],
       note="MF=1 offset 0: Fragment header (M=1, offset 0, ID = IPv4 ID), UDP checksum of the whole datagram updated"))
add(mk("4to6_fragment_middle", S41, V4F[1], V6F[1],
       note="MF=1 offset 8: data copied, payload length includes the Fragment header"))
add(mk("4to6_fragment_last", S41, V4F[2], V6F[2], note="MF=0 offset 16: M=0"))
add(mk("4to6_fragments_all_three", S41, V4F, V6F))

add(mk("4to6_fragment_tos_ttl", S41,
       ip4(R4, H4A, 17, U4[64:128], id=0x0102, mf=True, frag=8, tos=0x48, ttl=10),
       frag6(p6(R4), H6A, 17, U6[64:128], 8, 1, 0x0102, hlim=9, tc=0x48)))

add(mk("4to6_fragment_other_protocol", S41,
       ip4(R4, H4A, 47, payload(48, 4), id=0xABCD, mf=True, frag=0),
       frag6(p6(R4), H6A, 47, payload(48, 4), 0, 1, 0xABCD, hlim=63)))

# --- DF=0 packets bigger than lowest-ipv6-mtu: fragmented (4.1) -------------------

D1472 = payload(1472, 21)
B6 = udp_bytes(p6(R4), H6A, 40000, 40001, D1472, True)       # 1480 bytes of UDP
add(mk("4to6_df0_1500_fragmented_to_1280", S41,
       udp4(R4, H4A, D1472, id=0x4321, df=False),
       [frag6(p6(R4), H6A, 17, B6[:1232], 0, 1, 0x4321, hlim=63),
        frag6(p6(R4), H6A, 17, B6[1232:], 154, 0, 0x4321, hlim=63)],
       note="1520-byte translation: fragments of 40+8+1232 = 1280 and 40+8+248 bytes"))

add(mk("4to6_df0_lowest_ipv6_mtu_1400", S41,
       udp4(R4, H4A, D1472, id=0x4322, df=False),
       [frag6(p6(R4), H6A, 17, B6[:1352], 0, 1, 0x4322, hlim=63),
        frag6(p6(R4), H6A, 17, B6[1352:], 169, 0, 0x4322, hlim=63)],
       config=config(lowest_mtu=1400),
       note="lowest-ipv6-mtu 1400: 1352 data bytes per fragment"))

add(mk("4to6_df0_lowest_1500_mtu6_1300", S41,
       udp4(R4, H4A, D1472, id=0x4323, df=False),
       [frag6(p6(R4), H6A, 17, B6[:1248], 0, 1, 0x4323, hlim=63),
        frag6(p6(R4), H6A, 17, B6[1248:], 156, 0, 0x4323, hlim=63)],
       config=config(lowest_mtu=1500), mtu6=1300,
       note="fragments fit min(lowest-ipv6-mtu 1500, next-hop 1300): 1248 data bytes"))

add(mk("4to6_df0_1520_fits_lowest_1520", S41,
       udp4(R4, H4A, D1472, id=0x4324, df=False),
       udp6(p6(R4), H6A, D1472, hlim=63),
       config=config(lowest_mtu=1520), mtu6=1520,
       note="translation exactly lowest-ipv6-mtu: not fragmented, no Fragment header"))

D1232 = payload(1232, 22)
add(mk("4to6_df0_1260_not_fragmented", S41,
       udp4(R4, H4A, D1232, id=0x4325, df=False),
       udp6(p6(R4), H6A, D1232, hlim=63),
       note="1260 -> 1280 bytes: fits, no Fragment header"))

D1233 = payload(1233, 23)
B6b = udp_bytes(p6(R4), H6A, 40000, 40001, D1233, True)
add(mk("4to6_df0_1261_fragmented", S41,
       udp4(R4, H4A, D1233, id=0x4326, df=False),
       [frag6(p6(R4), H6A, 17, B6b[:1232], 0, 1, 0x4326, hlim=63),
        frag6(p6(R4), H6A, 17, B6b[1232:], 154, 0, 0x4326, hlim=63)],
       note="1261 -> 1281 bytes: two fragments, the second with 9 bytes"))

# An IPv4 fragment too big for 1280 is cut again, offsets relative to its own.
D2992 = payload(2992, 24)
W4 = udp_bytes(R4, H4A, 40000, 40001, D2992, False)   # 3000-byte datagram
W6 = udp_bytes(p6(R4), H6A, 40000, 40001, D2992, True)
add(mk("4to6_first_fragment_refragmented", S41,
       ip4(R4, H4A, 17, W4[:1376], id=0x2222, mf=True, frag=0),
       [frag6(p6(R4), H6A, 17, W6[:1232], 0, 1, 0x2222, hlim=63),
        frag6(p6(R4), H6A, 17, W6[1232:1376], 154, 1, 0x2222, hlim=63)],
       note="both pieces keep M=1: more of the datagram follows"))

add(mk("4to6_last_fragment_refragmented", S41,
       ip4(R4, H4A, 17, W4[1600:], id=0x2223, mf=False, frag=200),
       [frag6(p6(R4), H6A, 17, W4[1600:2832], 200, 1, 0x2223, hlim=63),
        frag6(p6(R4), H6A, 17, W4[2832:], 354, 0, 0x2223, hlim=63)],
       note="offset 1600: pieces at 1600 (M=1) and 2832 (M=0)"))

# --- DF=1 and the IPv6 next-hop MTU (4.1) ------------------------------------

_p = udp4(R4, H4A, payload(1372, 25), df=True, id=0x3333)
add(mk("4to6_df1_over_mtu6_frag_needed", S41, _p,
       gen_err4(_p, 3, 4, mtu4(1260)), mtu6=1280, reason="packet_too_big",
       note="1400-byte DF packet, next-hop 1280: ICMPv4 3/4 MTU 1280-20"))

_p = udp4(R4, H4A, payload(1453, 26), df=True, id=0x3334)
add(mk("4to6_df1_1481_over_default_mtu6", S41, _p,
       gen_err4(_p, 3, 4, mtu4(1480)), reason="packet_too_big",
       note="1481 -> 1501 > 1500: MTU 1480"))

D1452 = payload(1452, 27)
add(mk("4to6_df1_1480_fits_mtu6_1500", S41,
       udp4(R4, H4A, D1452, df=True, id=0x3335),
       udp6(p6(R4), H6A, D1452, hlim=63),
       note="1480 -> 1500 = next-hop MTU: translated, no Fragment header"))

D1372 = payload(1372, 28)
add(mk("4to6_df1_1400_not_fragmented", S41,
       udp4(R4, H4A, D1372, df=True, id=0x3336),
       udp6(p6(R4), H6A, D1372, hlim=63),
       note="DF=1 packets above 1280 are not fragmented when they fit the next hop"))

add(mk("4to6_icmp_fragment_dropped", S41,
       ip4(R4, H4A, 1, icmp4(8, 0, b"\x42\x42\0\1", payload(64, 5))[:48], mf=True, id=0x99),
       [], reason="icmp_fragmented",
       note="first fragment of an ICMPv4 echo"))

add(mk("4to6_icmp_nonfirst_fragment_dropped", S41,
       ip4(R4, H4A, 1, payload(40, 6), mf=False, frag=6, id=0x99),
       [], reason="icmp_fragmented"))

# --- IPv6 Fragment header -> IPv4 fragment (5.1.1) ----------------------------

X6 = udp_bytes(H6A, p6(R4), 40000, 40001, D200, True)
X4 = udp_bytes(H4A, R4, 40000, 40001, D200, False)
XID = 0x89ABCDEF
I6F = [frag6(H6A, p6(R4), 17, X6[0:64], 0, 1, XID),
       frag6(H6A, p6(R4), 17, X6[64:128], 8, 1, XID),
       frag6(H6A, p6(R4), 17, X6[128:208], 16, 0, XID)]
O4F = [ip4(H4A, R4, 17, X4[0:64], ttl=63, id=0xCDEF, mf=True, frag=0),
       ip4(H4A, R4, 17, X4[64:128], ttl=63, id=0xCDEF, mf=True, frag=8),
       ip4(H4A, R4, 17, X4[128:208], ttl=63, id=0xCDEF, mf=False, frag=16)]

add(mk("6to4_fragment_first", S511, I6F[0], O4F[0],
       note="ID = low 16 bits of the IPv6 ID, MF = M, DF = 0, total length excludes the Fragment header"))
add(mk("6to4_fragment_middle", S511, I6F[1], O4F[1]))
add(mk("6to4_fragment_last", S511, I6F[2], O4F[2]))
add(mk("6to4_fragments_all_three", S511, I6F, O4F))

add(mk("6to4_atomic_fragment", S511,
       frag6(H6A, p6(R4), 17, X6, 0, 0, 0x00012345),
       udp4(H4A, R4, D200, ttl=63, id=0x2345, df=False),
       note="Fragment header with offset 0, M=0: IPv4 with ID = low 16 bits, DF=0, MF=0"))

add(mk("6to4_fragment_after_hop_by_hop", S511,
       ip6(H6A, p6(R4), None, X6[64:128],
           ext=[(0, hbh(44)), (44, frag6hdr(17, 8, 1, XID))]),
       O4F[1],
       note="HBH before the Fragment header is skipped too"))

add(mk("6to4_fragment_tc_hlim", S511,
       frag6(H6A, p6(R4), 17, X6[64:128], 8, 1, 0x00000077, hlim=9, tc=0x48),
       ip4(H4A, R4, 17, X4[64:128], ttl=8, tos=0x48, id=0x0077, mf=True, frag=8)))

add(mk("6to4_icmpv6_fragment_dropped", S511,
       frag6(H6A, p6(R4), 58, icmp6(H6A, p6(R4), 128, 0, b"\x42\x42\0\1", payload(64, 7))[:48],
             0, 1, 0x1234),
       [], reason="icmp_fragmented"))

# --- the IPv4 next-hop MTU (5.1) ----------------------------------------------

Y6 = udp_bytes(H6A, p6(R4), 40000, 40001, D2992, True)
Y4 = udp_bytes(H4A, R4, 40000, 40001, D2992, False)
add(mk("6to4_fragment_over_mtu4_refragmented", S511,
       frag6(H6A, p6(R4), 17, Y6[:1192], 0, 1, 0x0BADCAFE),
       [ip4(H4A, R4, 17, Y4[0:552], ttl=63, id=0xCAFE, mf=True, frag=0),
        ip4(H4A, R4, 17, Y4[552:1104], ttl=63, id=0xCAFE, mf=True, frag=69),
        ip4(H4A, R4, 17, Y4[1104:1192], ttl=63, id=0xCAFE, mf=True, frag=138)],
       mtu4=576,
       note="a 1212-byte IPv4 fragment (DF=0) cut for next-hop 576: 552-byte pieces, all MF=1"))

D952 = payload(952, 29)
Z4 = udp_bytes(H4A, R4, 40000, 40001, D952, False)     # 960 bytes
add(mk("6to4_df0_over_mtu4_fragmented", S51,
       udp6(H6A, p6(R4), D952),
       [Exp(ip4(H4A, R4, 17, Z4[:552], ttl=63, id=0, mf=True, frag=0), any_id=True),
        Exp(ip4(H4A, R4, 17, Z4[552:], ttl=63, id=0, mf=False, frag=69), any_id=True)],
       mtu4=576, same_ipv4_id=True,
       note="1000-byte IPv6 -> 980-byte IPv4, DF=0, next-hop 576: two fragments, one ID"))

_p = udp6(H6A, p6(R4), payload(1352, 30))
add(mk("6to4_df1_over_mtu4_packet_too_big", S51, _p,
       gen_err6(_p, 2, 0, u32(1320)), mtu4=1300, reason="packet_too_big",
       note="1400-byte IPv6 -> 1380 (DF=1) > 1300: ICMPv6 PTB MTU 1300+20"))

D1472b = payload(1472, 32)
add(mk("6to4_df1_1500_fits_mtu4_1500", S51,
       udp6(H6A, p6(R4), D1472b),
       udp4(H4A, R4, D1472b, ttl=63, id=0, df=True),
       note="1520-byte IPv6 -> 1500-byte IPv4 = next-hop MTU: DF=1, not fragmented"))

_p = udp6(H6A, p6(R4), payload(1473, 33))
add(mk("6to4_df1_1501_over_default_mtu4", S51, _p,
       gen_err6(_p, 2, 0, u32(1520)), reason="packet_too_big",
       note="1521-byte IPv6 -> 1501 > 1500: PTB MTU 1520"))

D1332 = payload(1332, 34)
add(mk("6to4_df1_exact_mtu4", S51,
       udp6(H6A, p6(R4), D1332),
       udp4(H4A, R4, D1332, ttl=63, id=0, df=True), mtu4=1360,
       note="1380-byte IPv6 -> 1360 = next-hop MTU: fits"))

# --- more fragment / MTU interplay ------------------------------------------------

from lib import icmp4, icmp6  # noqa: E402,F811
import struct  # noqa: E402

# A DF=0 ICMPv4 echo too big for 1280: the whole ICMPv6 message (checksum
# over all of it) is cut into fragments of next header 58.
_ed = payload(1372, 35)
_em6 = icmp6(p6(R4), H6A, 128, 0, struct.pack("!HH", 0x31, 1), _ed)     # 1380 bytes
add(mk("4to6_df0_large_echo_fragmented", S41,
       ip4(R4, H4A, 1, icmp4(8, 0, struct.pack("!HH", 0x31, 1), _ed), id=0x0E0E),
       [frag6(p6(R4), H6A, 58, _em6[:1232], 0, 1, 0x0E0E, hlim=63),
        frag6(p6(R4), H6A, 58, _em6[1232:], 154, 0, 0x0E0E, hlim=63)],
       note="the translator fragments a whole ICMP message it translated (only incoming ICMP fragments are dropped)"))

_fd = payload(952, 36)
_fm4 = icmp4(8, 0, struct.pack("!HH", 0x32, 2), _fd)                      # 960 bytes
add(mk("6to4_df0_large_echo_over_mtu4_fragmented", S51,
       ip6(H6A, p6(R4), 58, icmp6(H6A, p6(R4), 128, 0, struct.pack("!HH", 0x32, 2), _fd)),
       [Exp(ip4(H4A, R4, 1, _fm4[:552], ttl=63, id=0, mf=True), any_id=True),
        Exp(ip4(H4A, R4, 1, _fm4[552:], ttl=63, id=0, frag=69), any_id=True)],
       mtu4=576, same_ipv4_id=True))

Q6 = udp_bytes(H6A, p6(R4), 40000, 40001, payload(1992, 37), True)      # 2000 bytes
Q4 = udp_bytes(H4A, R4, 40000, 40001, payload(1992, 37), False)
add(mk("6to4_last_fragment_over_mtu4_refragmented", S511,
       frag6(H6A, p6(R4), 17, Q6[1192:], 149, 0, 0x00C0FFEE),
       [ip4(H4A, R4, 17, Q4[1192:1744], ttl=63, id=0xFFEE, mf=True, frag=149),
        ip4(H4A, R4, 17, Q4[1744:], ttl=63, id=0xFFEE, mf=False, frag=218)],
       mtu4=576, note="the last piece of a last fragment keeps MF=0"))

# RFC 7915 5.4: "If the IPv6 packet is discarded, then the translator SHOULD
# be able to send back an ICMPv6 error message to the original sender ...
# Type of 1 (Destination Unreachable) and a Code of 1 (Communication with
# destination administratively prohibited)".
_xa = ip6(H6A, p6(R4), None, X6[0:64], ext=[(44, frag6hdr(60, 0, 1, 0x4444)), (60, hbh(17))])
add(mk("6to4_extension_header_after_fragment_dropped", "RFC 7915 5.4", _xa,
       gen_err6(_xa, 1, 1, b"\0" * 4), reason="bad_extension_header",
       note="a Fragment header followed by an extension header: SHOULD be dropped (5.1.1), "
            "answered with 1/1 (5.4)"))

_nf = ip4(R4, H4A, 17, U4[64:128], id=0x0F0F, mf=True, frag=8, ttl=1)
add(mk("4to6_ttl1_non_first_fragment_no_error", S41, _nf, [], reason="ttl_expired",
       note="no ICMPv4 error for a fragment other than the first (RFC 1812 4.3.2.7)"))

_ff = ip4(R4, H4A, 17, U4[0:64], id=0x0F10, mf=True, frag=0, ttl=1)
add(mk("4to6_ttl1_first_fragment_time_exceeded", S41, _ff, gen_err4(_ff, 11, 0, b"\0" * 4),
       reason="ttl_expired"))

_ef = frag6(H6A, p6(R4), 17, X6[64:128], 8, 1, XID, hlim=1)
add(mk("6to4_hlim1_fragment_time_exceeded", S511, _ef, gen_err6(_ef, 3, 0, b"\0" * 4),
       reason="ttl_expired", note="ICMPv6 has no first-fragment-only rule (RFC 4443 2.4)"))

# hairpinned fragment: IPv6 ID -> IPv4 ID (low 16 bits) -> Fragment header ID
from lib import H4B, H6B  # noqa: E402
HP6 = udp_bytes(H6A, p6(H4B), 40000, 40001, D200, True)
HPO = udp_bytes(p6(H4A), H6B, 40000, 40001, D200, True)
add(mk("hairpin_fragment", "RFC 7757 4",
       frag6(H6A, p6(H4B), 17, HP6[:64], 0, 1, 0x12345678),
       frag6(p6(H4A), H6B, 17, HPO[:64], 0, 1, 0x5678, hlim=63),
       note="through IPv4 and back: the Fragment header ID keeps only the low 16 bits"))
