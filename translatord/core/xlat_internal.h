/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Internals shared by the two translation directions (xlat_4to6.c,
 * xlat_6to4.c): packet views, checksum arithmetic, address translation,
 * ICMP error generation and output bookkeeping.
 */
#ifndef TRANSLATORD_XLAT_INTERNAL_H
#define TRANSLATORD_XLAT_INTERNAL_H

#include <string.h>

#include "inet_csum.h"
#include "xlat.h"

#define IPV4_HDR_LEN 20
#define IPV6_HDR_LEN 40
#define IPV6_FRAG_HDR_LEN 8
#define ICMP_HDR_LEN 8

#define PROTO_HOPOPTS 0
#define PROTO_ICMP 1
#define PROTO_TCP 6
#define PROTO_UDP 17
#define PROTO_DCCP 33
#define PROTO_ROUTING 43
#define PROTO_FRAGMENT 44
#define PROTO_ICMPV6 58
#define PROTO_DSTOPTS 60

/* RFC 7915 4.4 / 5.4: the translated or generated error must not exceed
 * the minimum MTU of its family. */
#define ICMP4_ERROR_MAX 576
#define ICMP6_ERROR_MAX 1280
#define GENERATED_TTL 64

/* Offset of the transport checksum that covers a pseudo-header (RFC 7915
 * 4.5/5.5), 0 for protocols whose checksum does not (SCTP, ESP...). */
static inline size_t l4_csum_offset(uint8_t proto)
{
	switch (proto) {
	case PROTO_TCP:
		return 16;
	case PROTO_UDP:
	case PROTO_DCCP: /* RFC 4340 9.1: same pseudo-header */
		return 6;
	default:
		return 0;
	}
}

/* RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'). Keeps an incorrect checksum
 * incorrect by the same amount. */
uint16_t xlat_csum_replace(uint16_t old_csum, uint32_t old_sum, uint32_t new_sum);

uint32_t xlat_pseudo4_sum(const uint8_t src[4], const uint8_t dst[4], uint8_t proto,
		     uint32_t len);
uint32_t xlat_pseudo6_sum(const uint8_t src[16], const uint8_t dst[16],
		     uint8_t proto, uint32_t len);

/* Sum of source and destination addresses: the part of a TCP/UDP
 * pseudo-header that changes in translation (length and protocol number
 * carry over). */
static XLAT_ALWAYS_INLINE uint32_t addr_sum4(const uint8_t *src, const uint8_t *dst)
{
	return csum_partial(dst, 4, csum_partial(src, 4, 0));
}
static XLAT_ALWAYS_INLINE uint32_t addr_sum6(const uint8_t *src, const uint8_t *dst)
{
	return csum_partial(dst, 16, csum_partial(src, 16, 0));
}

/* The bytes of an L4 header that translation rewrites (checksum, ICMP
 * type/code): applied over the copied payload of the first fragment. */
struct l4_patch {
	uint8_t bytes[4];
	uint8_t off, len;
};

static inline void copy_patched(uint8_t *dst, const uint8_t *l4, size_t from,
				size_t n, const struct l4_patch *patch)
{
	memcpy(dst, l4 + from, n);
	if (patch->len && from == 0 && n >= (size_t)patch->off + patch->len)
		memcpy(dst + patch->off, patch->bytes, patch->len);
}

/* ---- packet views ---- */

struct ip4_view {
	const uint8_t *hdr;
	size_t hdr_len;
	size_t total_len; /* from the header; <= bytes present unless inner */
	const uint8_t *l4;
	size_t l4_len;    /* L4 bytes present in this buffer */
	size_t l4_total;  /* L4 length per the header (total_len - hdr_len) */
	uint8_t proto, ttl, tos;
	uint16_t id;
	bool df, mf;
	uint16_t frag_offset; /* in 8-byte units */
	const uint8_t *src, *dst;
};

static inline bool ip4_is_fragment(const struct ip4_view *v)
{
	return v->mf || v->frag_offset != 0;
}

struct ip6_view {
	const uint8_t *hdr;
	size_t total_len; /* 40 + payload length */
	const uint8_t *l4;
	size_t l4_len;    /* L4 bytes present */
	size_t l4_total;  /* L4 length per the header */
	uint8_t proto;    /* upper-layer protocol after extension headers */
	uint8_t hop_limit, tclass;
	const uint8_t *src, *dst;
	bool has_frag;
	bool mf;
	uint16_t frag_offset; /* 8-byte units */
	uint32_t frag_id;
	/* Offset of a non-zero Segments Left byte, 0 if none (RFC 7915 5.1) */
	size_t segments_left_at;
};

static inline bool ip6_is_fragment(const struct ip6_view *v)
{
	return v->has_frag && (v->mf || v->frag_offset != 0);
}

/* Parse an outer packet (strict) or an ICMP error's inner packet
 * (truncation allowed). Return a drop reason or XLAT_DROP_NONE. */
enum xlat_drop_reason xlat_ip4_parse(const uint8_t *p, size_t len, bool inner,
				struct ip4_view *v);
enum xlat_drop_reason xlat_ip6_parse(const uint8_t *p, size_t len, bool inner,
				struct ip6_view *v);

/* ---- addresses ---- */

bool xlat_ip4_addr_special(const uint8_t a[4]);
bool xlat_ip6_addr_special(const uint8_t a[16]);

/* EAMT, then pool6. Returns NONE or a drop reason. pool6_only is for the
 * source of hairpinned packets (RFC 7757 4). idx (may be NULL) gets the
 * matching EAM entry's index, or XLAT_NO_MAPPING. */
enum xlat_drop_reason xlat_addr_4to6(const struct xlat_config *cfg,
				const uint8_t v4[4], bool pool6_only,
				uint8_t v6[16], uint32_t *idx);
/* RFC 4884: the extension ext after the ICMP error's quote (quote bytes
 * already written after the 8-byte header), the quote padded to units of
 * unit bytes and at least 128, its length in units written at
 * icmp[len_at]; shortened to fit room (bytes after the header) as
 * RFC 7915 4.2/5.2 say. Returns the bytes after the header. */
size_t xlat_rfc4884_place(uint8_t *icmp, size_t len_at, size_t unit,
		     size_t quote, size_t room, const uint8_t *ext,
		     size_t ext_len);

/* own-address ipv4, or inside the RFC 6791 IPv4 pool. */
bool xlat_ipv4_is_translator(const struct xlat_config *cfg, const uint8_t v4[4]);
/* EAMT, then pool6 extraction. is_src enables the anti-spoofing rules. */
enum xlat_drop_reason xlat_addr_6to4(const struct xlat_config *cfg,
				const uint8_t v6[16], bool is_src,
				uint8_t v4[4], uint32_t *idx);

/* RFC 7915 5.1: DF=0 packets need an Identification. Without state, mix
 * the addresses with this thread's packet count: distinct for
 * consecutive packets of a flow, no shared counter between threads (each
 * salts its own: xlat_counters.id_salt). Both
 * the fast and the general path use it, so their bytes agree. */
static inline uint16_t ipv4_id_generate(const uint8_t src4[4],
					const uint8_t dst4[4],
					const struct xlat_counters *ctr)
{
	uint32_t h = addr_sum4(src4, dst4) * 2654435761u;
	h ^= (uint32_t)ctr->pkts_6to4 * 40503u ^ ctr->id_salt;
	return (uint16_t)(h ^ h >> 16);
}

/* RFC 6791 source for errors from untranslatable routers, chosen by a
 * hash of `key` so it is stable without state. */
bool xlat_pool6791_pick_v4(const struct xlat_config *cfg, const uint8_t *key,
		      size_t key_len, uint8_t v4[4]);
bool xlat_pool6791_pick_v6(const struct xlat_config *cfg, const uint8_t *key,
		      size_t key_len, uint8_t v6[16]);

/* ---- output ---- */

struct xlat_out {
	uint8_t *buf;
	size_t cap;
	size_t used;
	struct xlat_result *res;
};

/* Reserve len bytes for a new output packet; NULL if out of space or
 * out of packet slots. */
uint8_t *xlat_out_push(struct xlat_out *o, size_t len, uint8_t family);
/* Shrink the last packet (after it was written shorter than reserved). */
void xlat_out_trim_last(struct xlat_out *o, size_t len);

enum xlat_verdict xlat_verdict_drop(struct xlat_result *res,
			       struct xlat_counters *ctr,
			       enum xlat_drop_reason r);

/* Generate an ICMP error about `orig` back to its sender. `rest` is the
 * second word of the ICMP header (MTU, pointer, unused). */
enum xlat_verdict xlat_icmp4_error_reply(const struct xlat_config *cfg,
				    struct xlat_counters *ctr,
				    struct xlat_out *o,
				    const struct ip4_view *orig, uint8_t type,
				    uint8_t code, uint32_t rest,
				    enum xlat_drop_reason why);
enum xlat_verdict xlat_icmp6_error_reply(const struct xlat_config *cfg,
				    struct xlat_counters *ctr,
				    struct xlat_out *o,
				    const struct ip6_view *orig, uint8_t type,
				    uint8_t code, uint32_t rest,
				    enum xlat_drop_reason why);

/* Write headers. */
void xlat_ip6_write_hdr(uint8_t *p, uint8_t tclass, uint16_t payload_len,
		   uint8_t next, uint8_t hop, const uint8_t src[16],
		   const uint8_t dst[16]);
void xlat_ip6_write_frag_hdr(uint8_t *p, uint8_t next, uint16_t offset_units,
			bool mf, uint32_t id);
void xlat_ip4_write_hdr(uint8_t *p, uint8_t tos, uint16_t total_len, uint16_t id,
		   bool df, bool mf, uint16_t offset_units, uint8_t ttl,
		   uint8_t proto, const uint8_t src[4], const uint8_t dst[4]);

/* The general paths, for every packet (xlat_4to6.c, xlat_6to4.c). The
 * public xlat_4to6/xlat_6to4 (xlat_fast.c) try the fast path first and
 * fall back to these; the fuzz harness calls them directly to check that
 * the fast path gives the same bytes. */
enum xlat_verdict xlat_4to6_general(const struct xlat_config *cfg,
				    struct xlat_counters *ctr,
				    const uint8_t *in, size_t len,
				    uint32_t mtu4, uint32_t mtu6,
				    uint8_t *out, size_t out_cap,
				    struct xlat_result *res);
enum xlat_verdict xlat_6to4_general(const struct xlat_config *cfg,
				    struct xlat_counters *ctr,
				    const uint8_t *in, size_t len,
				    uint32_t mtu4, uint32_t mtu6,
				    uint8_t *out, size_t out_cap,
				    struct xlat_result *res);

/* Shared 4->6 entry used by hairpinning: translate an IPv4 packet that the
 * 6->4 pass just produced. */
enum xlat_verdict xlat_4to6_internal(const struct xlat_config *cfg,
				     struct xlat_counters *ctr,
				     const uint8_t *in, size_t len,
				     uint32_t mtu4, uint32_t mtu6,
				     bool hairpin, struct xlat_out *o);

#endif
