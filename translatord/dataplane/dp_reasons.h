/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Why the eBPF fast path handed a packet to the userspace core ("punt").
 * A punt is not a drop: the core then translates, answers with an ICMP
 * error or drops the packet under one of its own XLAT_DROP_REASONS, so
 * every packet ends up counted once under a core reason or as
 * translated. These counters only say how much work the slow path gets.
 *
 * No includes: this header is shared with the BPF program.
 */
#ifndef TRANSLATORD_DP_REASONS_H
#define TRANSLATORD_DP_REASONS_H

/* X(enum suffix, counter name) */
#define DP_PUNT_REASONS(X)                                                     \
	X(MALFORMED, "punt_malformed")                                         \
	X(IPV4_OPTIONS, "punt_ipv4_options")                                   \
	X(IPV6_EXT_HEADER, "punt_ipv6_extension_header")                       \
	X(FRAGMENT, "punt_fragment")                                           \
	X(TTL, "punt_ttl_expiring")                                            \
	X(ICMP, "punt_icmp_not_echo")                                          \
	X(UDP_ZERO_CSUM, "punt_udp_zero_checksum")                             \
	X(PROTO, "punt_other_protocol")                                        \
	X(SIZE, "punt_over_mtu")                                               \
	X(GSO, "punt_gso_untranslatable")                                      \
	X(ADDR, "punt_address_untranslatable")                                 \
	X(WKP, "punt_well_known_prefix")                                       \
	X(HAIRPIN, "punt_hairpin")                                             \
	X(HELPER, "punt_helper_failed")

enum dp_punt_reason {
#define DP_PUNT_ENUM(e, name) DP_PUNT_##e,
	DP_PUNT_REASONS(DP_PUNT_ENUM)
#undef DP_PUNT_ENUM
	DP_PUNT__COUNT
};

#endif
