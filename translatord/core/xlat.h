/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * translatord translation core: stateless IPv4/IPv6 translation (SIIT)
 * with an Explicit Address Mapping Table.
 *
 *   RFC 7915  IP/ICMP translation algorithm
 *   RFC 7757  Explicit Address Mappings (EAMT, hairpinning)
 *   RFC 6052  IPv4-embedded IPv6 addresses (pool6)
 *   RFC 6791  addresses for untranslatable ICMP error sources
 *   RFC 4884  ICMP extension length fix-up
 *
 * The core is pure: bytes in, bytes out. No I/O, no globals, no allocation
 * per packet. All state lives in the caller's struct xlat_config (read-only
 * while translating, may be shared between threads) and struct
 * xlat_counters (one per thread, summed by the caller).
 */
#ifndef TRANSLATORD_XLAT_H
#define TRANSLATORD_XLAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eamt.h"
#include "rfc6052.h"

/* Every reason a packet is not translated. X(enum suffix, counter name). */
#define XLAT_DROP_REASONS(X)                                                   \
	X(TRUNCATED, "truncated")                                              \
	X(BAD_VERSION, "bad_version")                                          \
	X(BAD_IHL, "bad_ihl")                                                  \
	X(BAD_TOTAL_LENGTH, "bad_total_length")                                \
	X(BAD_IPV4_CHECKSUM, "bad_ipv4_header_checksum")                       \
	X(SRC_UNTRANSLATABLE, "src_untranslatable")                            \
	X(DST_UNTRANSLATABLE, "dst_untranslatable")                            \
	X(SRC_SPOOFS_MAPPED, "src_spoofs_mapped_ipv4")                         \
	X(SRC_SPOOFS_TRANSLATOR, "src_spoofs_translator")                      \
	X(ADDR_SCOPE, "addr_not_global")                                       \
	X(WKP_NON_GLOBAL, "wkp_with_non_global_ipv4")                          \
	X(TTL_EXPIRED, "ttl_expired")                                          \
	X(SOURCE_ROUTE, "unexpired_source_route")                              \
	X(ROUTING_HEADER, "routing_header_segments_left")                      \
	X(BAD_EXT_HEADER, "bad_extension_header")                              \
	X(FRAG_UDP_ZERO_CSUM, "fragmented_udp_zero_checksum")                  \
	X(UDP_ZERO_CSUM, "udp_zero_checksum_policy")                           \
	X(ICMP_FRAGMENTED, "icmp_fragmented")                                  \
	X(ICMP_UNTRANSLATABLE, "icmp_type_untranslatable")                     \
	X(ICMP_SINGLE_HOP, "icmp_single_hop")                                  \
	X(ICMP_BAD_CHECKSUM, "icmp_bad_checksum")                              \
	X(ICMP_NESTED_ERROR, "icmp_error_nested")                              \
	X(ICMP_INNER_BAD, "icmp_error_inner_invalid")                          \
	X(ICMP_PARAM_POINTER, "icmp_param_problem_pointer_untranslatable")     \
	X(PACKET_TOO_BIG, "packet_too_big")                                    \
	X(FRAGMENTATION_FAILED, "fragmentation_failed")                        \
	X(OUTPUT_SPACE, "output_buffer_too_small")                             \
	X(HAIRPIN_LOOP, "hairpin_loop")

enum xlat_drop_reason {
	XLAT_DROP_NONE = 0,
#define XLAT_DROP_ENUM(e, name) XLAT_DROP_##e,
	XLAT_DROP_REASONS(XLAT_DROP_ENUM)
#undef XLAT_DROP_ENUM
	XLAT_DROP__COUNT
};

/* The discards RFC 7915 4.4 / 5.4 answer with an error ("SHOULD be able
 * to send back an ICMP error message") when icmp_errors_for_discards is
 * on: packets it cannot translate for what they are, not for where they
 * go (address, scope and spoofing drops stay silent: answering those
 * would make the translator a reflector for any traffic sent to it). */
#define XLAT_DROP_ANSWERED_REASONS(X)                                          \
	X(UDP_ZERO_CSUM)                                                       \
	X(FRAG_UDP_ZERO_CSUM)                                                  \
	X(BAD_EXT_HEADER)
bool xlat_drop_is_answered(enum xlat_drop_reason r);

/* Stable counter name ("ttl_expired"), for CLI, logs and metrics. */
const char *xlat_drop_reason_name(enum xlat_drop_reason r);

enum xlat_zero_csum_policy {
	/* Compute the UDP checksum of unfragmented IPv4 packets; drop
	 * fragmented ones (the whole datagram is not seen). RFC 7915 4.5. */
	XLAT_ZERO_CSUM_COMPUTE = 0,
	/* Drop every IPv4 UDP packet with a zero checksum. */
	XLAT_ZERO_CSUM_DROP,
};

struct xlat_config {
	/* RFC 6052 translation prefix; consulted after the EAMT. */
	bool has_pool6;
	struct rfc6052_prefix pool6;

	/* RFC 7757 table, NULL when empty. Not owned. */
	const struct eamt *eamt;

	/* RFC 6791: source addresses for ICMP errors whose source cannot be
	 * translated. An address is chosen in the pool by a hash of the
	 * packet, so the choice is stable and needs no state. */
	bool has_pool6791_v4;
	uint8_t pool6791_v4[4];
	uint8_t pool6791_v4_len;
	bool has_pool6791_v6;
	uint8_t pool6791_v6[16];
	uint8_t pool6791_v6_len;

	/* The translator's own addresses: source of the ICMP errors it
	 * generates itself (Time Exceeded, Packet Too Big, ...). Also the
	 * fallback when no RFC 6791 pool is configured. */
	bool has_own_v4;
	uint8_t own_v4[4];
	bool has_own_v6;
	uint8_t own_v6[16];

	/* DF=0 IPv4 packets whose translation exceeds this are fragmented
	 * to fit (RFC 7915 4, "lowest-ipv6-mtu"). >= 1280. */
	uint16_t lowest_ipv6_mtu;

	/* RFC 7915 4.1/5.1: copy TOS <-> traffic class unless overridden. */
	bool tos_override;
	uint8_t tos;

	enum xlat_zero_csum_policy zero_csum_policy;

	/* Translate IPv4 packets from the IPv4 side whose source is a mapped
	 * IPv4 address (off by default: src_spoofs_mapped_ipv4). */
	bool accept_mapped_src4;

	/* RFC 7915 4.4 / 5.4: answer a packet discarded because it cannot be
	 * translated (XLAT_DROP_ANSWERED_REASONS) with ICMPv4 3/13 or
	 * ICMPv6 1/1. */
	bool icmp_errors_for_discards;
	/* RFC 1812 4.3.2.8, RFC 4443 2.4(f): every ICMP error the translator
	 * generates itself is rate-limited, per struct xlat_counters (each
	 * thread has its own: no lock), by a token bucket of burst tokens
	 * refilled at rate per second of xlat_counters.now_ms. rate 0:
	 * unlimited. */
	uint32_t icmp_error_rate;
	uint32_t icmp_error_burst;
};

/* Defaults, those of the YANG module: no pool6, no EAMT, lowest-ipv6-mtu
 * 1280, copy TOS, compute zero checksums, ICMP errors for discarded
 * packets, at most 1000 generated errors per second (burst 50). */
void xlat_config_init(struct xlat_config *cfg);

/* One EAM entry's traffic, as the data planes count it when per-mapping
 * counters are on (the core itself does not count per entry). Also the
 * BPF program's record: fixed-width fields only. */
struct xlat_mapping_counters {
	uint64_t pkts_4to6, bytes_4to6;
	uint64_t pkts_6to4, bytes_6to4;
};

struct xlat_counters {
	uint64_t pkts_4to6, bytes_4to6; /* translated, counted on input */
	uint64_t pkts_6to4, bytes_6to4;
	uint64_t icmp_errors_generated;  /* by the translator itself */
	uint64_t fragments_generated;    /* output fragments we cut */
	uint64_t hairpinned;
	uint64_t icmp_errors_rate_limited; /* not sent: over the rate */
	uint64_t drops[XLAT_DROP__COUNT];
	/* Not counters: the caller's clock in milliseconds (any epoch, never
	 * going back), which refills the ICMP error bucket, and the bucket. */
	uint64_t now_ms;
	struct {
		uint64_t refilled_ms;
		uint32_t tokens;
		bool primed;
	} icmp_bucket;
	/* Not a counter: set once by the caller when several threads (each
	 * with its own counters) may translate packets of one flow. Mixed
	 * into the IPv4 Identifications the core generates (RFC 7915 5.1),
	 * which otherwise follow the 6->4 packet count: two threads at
	 * similar counts would emit the same IDs for the same addresses.
	 * 0 for a single thread (translatord-translate). */
	uint32_t id_salt;
};

enum xlat_verdict {
	XLAT_TRANSLATED = 0, /* out holds translated packet(s) */
	XLAT_ICMP_ERROR,     /* out holds one ICMP error back to the sender */
	XLAT_DROP,           /* nothing to send; see reason */
};

#include "xlat_size.h" /* XLAT_IPV4_DF_THRESHOLD and the size rules */

/* Worst case: a 65535-byte IPv4 datagram cut into 1280-byte IPv6
 * fragments (1232 data bytes each) is 54 packets. */
#define XLAT_MAX_OUT_PKTS 64
/* Output space that is always enough for any input of up to 65535 bytes. */
#define XLAT_OUT_BUF_SIZE (XLAT_MAX_OUT_PKTS * 48 + 65535 + 4096)

struct xlat_out_pkt {
	uint32_t offset; /* into the caller's out buffer */
	uint32_t len;
	uint8_t family; /* 4 or 6: IP version of this output packet */
};

/* xlat_result.mapping when no EAM entry is to be credited. */
#define XLAT_NO_MAPPING UINT32_MAX

struct xlat_result {
	enum xlat_verdict verdict;
	enum xlat_drop_reason reason; /* why dropped, or why an ICMP error
	                                 was generated; NONE when translated */
	unsigned n;                   /* number of output packets */
	/* For per-mapping counters: the eamt_get() index of the EAM entry
	 * that translated the packet, set only when it was translated:
	 * 4->6 the entry of the IPv4 destination, 6->4 the entry of the
	 * IPv6 source (hairpinned packets too: they count as 6->4, as in
	 * xlat_counters). XLAT_NO_MAPPING otherwise (pool6 address, not
	 * translated). */
	uint32_t mapping;
	/* Only from the *_inplace functions: the single output packet was
	 * written into the input buffer, at buf + pkts[0].offset. false:
	 * the packets are in out, as with xlat_4to6/xlat_6to4. */
	bool in_place;
	struct xlat_out_pkt pkts[XLAT_MAX_OUT_PKTS];
};

/*
 * Translate one IPv4 packet (starting at the IPv4 header) to IPv6.
 * mtu4, mtu6: MTUs of the IPv4-side and IPv6-side next hops (0 = unknown,
 * unlimited). A DF=1 packet whose translation exceeds mtu6 gets ICMPv4
 * Fragmentation Needed; both enter the PTB arithmetic of RFC 7915 4.2.
 * out/out_cap: caller's buffer; XLAT_OUT_BUF_SIZE is always enough.
 * Returns res->verdict. Counters are updated.
 */
enum xlat_verdict xlat_4to6(const struct xlat_config *cfg,
			    struct xlat_counters *ctr, const uint8_t *in,
			    size_t len, uint32_t mtu4, uint32_t mtu6,
			    uint8_t *out, size_t out_cap,
			    struct xlat_result *res);

/* Translate one IPv6 packet to IPv4 (same conventions). A packet whose
 * translation exceeds mtu4 gets ICMPv6 Packet Too Big or is fragmented.
 * Hairpinned packets (RFC 7757 4) come out as IPv6. */
enum xlat_verdict xlat_6to4(const struct xlat_config *cfg,
			    struct xlat_counters *ctr, const uint8_t *in,
			    size_t len, uint32_t mtu4, uint32_t mtu6,
			    uint8_t *out, size_t out_cap,
			    struct xlat_result *res);

/* Dispatch on the version nibble. */
enum xlat_verdict xlat_packet(const struct xlat_config *cfg,
			      struct xlat_counters *ctr, const uint8_t *in,
			      size_t len, uint32_t mtu4, uint32_t mtu6,
			      uint8_t *out, size_t out_cap,
			      struct xlat_result *res);

/*
 * In-place variants, for callers that own a writable packet buffer: the
 * packet is at buf + headroom, len bytes. The common packets (4->6: no
 * IPv4 options, not a fragment, TCP / UDP with a checksum / ICMP echo;
 * 6->4: no extension headers, TCP / UDP / ICMPv6 echo; both: addresses
 * translatable, not hairpinned, no ICMP error to send, fits the next hop
 * unfragmented) are translated where they lie: the L4 bytes are not
 * moved, the new header is written in front of them and only the L4
 * checksum (and ICMP type) bytes change. Then res->in_place is true and
 * the one output packet is at buf + res->pkts[0].offset:
 *   4->6: buf + headroom - 20 (needs headroom >= XLAT_INPLACE_HEADROOM);
 *   6->4: buf + headroom + 20.
 * Everything else (and 4->6 with less headroom) is translated exactly as
 * xlat_4to6/xlat_6to4 do with in = buf + headroom, into out/out_cap, and
 * res->in_place is false; buf is then left unmodified. The output bytes,
 * verdict, result and counters are the same as the copying functions' in
 * every case.
 */
#define XLAT_INPLACE_HEADROOM 20
enum xlat_verdict xlat_4to6_inplace(const struct xlat_config *cfg,
				    struct xlat_counters *ctr, uint8_t *buf,
				    size_t headroom, size_t len, uint32_t mtu4,
				    uint32_t mtu6, uint8_t *out,
				    size_t out_cap, struct xlat_result *res);
enum xlat_verdict xlat_6to4_inplace(const struct xlat_config *cfg,
				    struct xlat_counters *ctr, uint8_t *buf,
				    size_t headroom, size_t len, uint32_t mtu4,
				    uint32_t mtu6, uint8_t *out,
				    size_t out_cap, struct xlat_result *res);
/* Dispatch on the version nibble. */
enum xlat_verdict xlat_packet_inplace(const struct xlat_config *cfg,
				      struct xlat_counters *ctr, uint8_t *buf,
				      size_t headroom, size_t len,
				      uint32_t mtu4, uint32_t mtu6,
				      uint8_t *out, size_t out_cap,
				      struct xlat_result *res);

#endif
