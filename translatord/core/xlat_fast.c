/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fast path for the common packet: what most traffic through an SIIT-DC
 * translator is (see DESIGN-NOTES.md, "Fast path and in-place API").
 *
 *   4->6: IHL 5 (no options), not a fragment, TTL > 1, TCP / UDP with a
 *         non-zero checksum / ICMP echo, both addresses translatable by
 *         the EAMT or pool6, and the result fits the next hop unfragmented;
 *   6->4: no extension headers, hop limit > 1, TCP / UDP / ICMPv6 echo,
 *         both addresses translatable, not hairpinned, fits the IPv4 next
 *         hop.
 *
 * A plan is computed from the input without writing anything; if any
 * condition fails, the caller falls back to the general path
 * (xlat_4to6.c, xlat_6to4.c), which handles every case. The plan uses the
 * same helpers as the general path (xlat_addr_4to6/xlat_addr_6to4, xlat_csum_replace,
 * xlat_pseudo6_sum, xlat_ip6_write_hdr/xlat_ip4_write_hdr), so for the packets it
 * accepts its output is the general path's, byte for byte; the fuzz
 * harness (tests/fuzz/fuzz_xlat.c) checks that on every input, and the
 * in-place output too.
 *
 * Two ways to commit a plan:
 *  - copying (xlat_4to6 / xlat_6to4): header into out, then the L4 bytes
 *    copied behind it, then the patched checksum (and ICMP type);
 *  - in place (xlat_4to6_inplace / xlat_6to4_inplace): the L4 bytes stay
 *    where they are; the new header is written just in front of them (20
 *    bytes before the old header for 4->6, which needs that much headroom;
 *    20 bytes into the old IPv6 header for 6->4) and only the checksum
 *    (and ICMP type) bytes of the L4 header are rewritten.
 */
#include "icmp_map.h"
#include "xlat_internal.h"

/* Everything needed to write a translated 4->6 packet. */
struct plan4 {
	uint8_t src6[16], dst6[16];
	uint8_t tclass, next, hop;
	uint16_t l4_len;    /* L4 bytes (header + payload) */
	uint16_t total_len; /* input IPv4 total length, for the counters */
	uint32_t mapping;
	struct l4_patch patch;
};

struct plan6 {
	uint8_t src4[4], dst4[4];
	uint8_t tos, ttl, proto;
	bool df;
	uint16_t id;
	uint16_t l4_len;
	uint32_t total_len; /* 40 + payload length, for the counters */
	uint32_t mapping;
	struct l4_patch patch;
};

/* The L4 bytes a plan rewrites: a checksum (2 bytes) or ICMP type, code
 * and checksum (4 bytes); constant-size copies, not a memcpy() call. */
static inline void write_patch(const struct l4_patch *pt, uint8_t *l4)
{
	if (pt->len == 4)
		memcpy(l4, pt->bytes, 4); /* ICMP: offset 0 */
	else
		memcpy(l4 + pt->off, pt->bytes, 2);
}

/* ---- 4->6 ---------------------------------------------------------------- */

static bool plan_4to6(const struct xlat_config *cfg, const uint8_t *p,
		      size_t len, uint32_t mtu6, struct plan4 *f)
{
	if (len < IPV4_HDR_LEN || p[0] != 0x45)
		return false; /* not IPv4, or options (source route check) */
	size_t total = rd16(p + 2);
	if (total < IPV4_HDR_LEN || total > len)
		return false;
	if (rd16(p + 6) & 0x3fff) /* MF or a fragment offset */
		return false;
	if (p[8] <= 1) /* TTL expiry: ICMP error */
		return false;
	/* Cheap checks on the L4 header first: the packets that go to the
	 * general path (ICMP errors...) should not pay for the lookups. */
	size_t l4_len = total - IPV4_HDR_LEN;
	const uint8_t *l4 = p + IPV4_HDR_LEN;
	uint8_t proto = p[9];
	size_t off = proto == PROTO_TCP ? 16 : proto == PROTO_UDP ? 6 : 0;
	struct icmp_map m = {0};
	if (off) {
		if (l4_len < off + 2)
			return false;
		if (proto == PROTO_UDP && rd16(l4 + off) == 0)
			return false; /* computed or dropped by policy */
	} else if (proto == PROTO_ICMP) {
		if (l4_len < ICMP_HDR_LEN)
			return false;
		m = icmp_map_4to6(l4[0], l4[1]);
		if (m.action != ICMP_ACT_INFO)
			return false;
	} else {
		return false;
	}

	/* Must go out as one packet (emit6() in xlat_4to6.c). */
	size_t len6 = IPV6_HDR_LEN + l4_len;
	size_t limit = xlat_4to6_whole_limit(p[6] & 0x40, mtu6,
					     cfg->lowest_ipv6_mtu);
	if (limit && len6 > limit)
		return false;
	/* The destination is usually the EAM side: with a large table its
	 * slot is a cache miss; start it now, overlapped with the header
	 * checksum and the source's translation. */
	eamt_prefetch4(cfg->eamt, p + 16);
	if (csum_fold(csum_partial(p, IPV4_HDR_LEN, 0)) != 0xffff)
		return false;
	const uint8_t *src = p + 12, *dst = p + 16;
	if (xlat_ip4_addr_special(src) || xlat_ip4_addr_special(dst))
		return false;
	/* Source first: the destination's slot (prefetched) has more time
	 * to arrive. A mapped source is the general path's to judge
	 * (src_spoofs_mapped_ipv4). */
	uint32_t src_map;
	if (xlat_addr_4to6(cfg, src, false, f->src6, &src_map) ||
	    (src_map != XLAT_NO_MAPPING && !cfg->accept_mapped_src4) ||
	    xlat_addr_4to6(cfg, dst, false, f->dst6, &f->mapping))
		return false;

	f->patch.len = 2;
	switch (proto) {
	case PROTO_TCP:
	case PROTO_UDP: {
		uint16_t old = rd16(l4 + off);
		uint16_t cs = xlat_csum_replace(old, addr_sum4(src, dst),
					   addr_sum6(f->src6, f->dst6));
		if (proto == PROTO_UDP && cs == 0)
			cs = 0xffff;
		f->patch.off = (uint8_t)off;
		wr16(f->patch.bytes, cs);
		f->next = proto;
		break;
	}
	default: {
		/* As patch_icmp_info() in xlat_4to6.c. */
		uint32_t new_sum = (uint32_t)(m.type << 8 | m.code) +
				   xlat_pseudo6_sum(f->src6, f->dst6, PROTO_ICMPV6,
					       (uint32_t)l4_len);
		f->patch.bytes[0] = m.type;
		f->patch.bytes[1] = m.code;
		wr16(f->patch.bytes + 2,
		     xlat_csum_replace(rd16(l4 + 2), rd16(l4), new_sum));
		f->patch.off = 0;
		f->patch.len = 4;
		f->next = PROTO_ICMPV6;
		break;
	}
	}

	f->tclass = cfg->tos_override ? cfg->tos : p[1];
	f->hop = (uint8_t)(p[8] - 1);
	f->l4_len = (uint16_t)l4_len;
	f->total_len = (uint16_t)total;
	return true;
}

/* hdr: where the IPv6 header goes; l4: the L4 bytes, already in place. */
static void write_4to6(const struct plan4 *f, uint8_t *hdr, uint8_t *l4)
{
	xlat_ip6_write_hdr(hdr, f->tclass, f->l4_len, f->next, f->hop, f->src6,
		      f->dst6);
	write_patch(&f->patch, l4);
}

/* One translated packet, family fam, len bytes at offset. */
static void result_one(struct xlat_result *res, uint32_t mapping,
		       bool in_place, uint32_t offset, uint32_t len,
		       uint8_t fam)
{
	res->verdict = XLAT_TRANSLATED;
	res->reason = XLAT_DROP_NONE;
	res->n = 1;
	res->mapping = mapping;
	res->in_place = in_place;
	res->pkts[0].offset = offset;
	res->pkts[0].len = len;
	res->pkts[0].family = fam;
}

static void done_4to6(const struct plan4 *f, struct xlat_counters *ctr,
		      struct xlat_result *res, uint32_t offset, bool in_place)
{
	ctr->pkts_4to6++;
	ctr->bytes_4to6 += f->total_len;
	result_one(res, f->mapping, in_place, offset,
		   (uint32_t)(IPV6_HDR_LEN + f->l4_len), 6);
}

enum xlat_verdict xlat_4to6(const struct xlat_config *cfg,
			    struct xlat_counters *ctr, const uint8_t *in,
			    size_t len, uint32_t mtu4, uint32_t mtu6,
			    uint8_t *out, size_t out_cap,
			    struct xlat_result *res)
{
	struct plan4 f;

	if (!plan_4to6(cfg, in, len, mtu6, &f) ||
	    out_cap < IPV6_HDR_LEN + (size_t)f.l4_len)
		return xlat_4to6_general(cfg, ctr, in, len, mtu4, mtu6, out,
					 out_cap, res);
	memcpy(out + IPV6_HDR_LEN, in + IPV4_HDR_LEN, f.l4_len);
	write_4to6(&f, out, out + IPV6_HDR_LEN);
	done_4to6(&f, ctr, res, 0, false);
	return XLAT_TRANSLATED;
}

enum xlat_verdict xlat_4to6_inplace(const struct xlat_config *cfg,
				    struct xlat_counters *ctr, uint8_t *buf,
				    size_t headroom, size_t len, uint32_t mtu4,
				    uint32_t mtu6, uint8_t *out,
				    size_t out_cap, struct xlat_result *res)
{
	uint8_t *in = buf + headroom;
	struct plan4 f;

	if (headroom < XLAT_INPLACE_HEADROOM ||
	    !plan_4to6(cfg, in, len, mtu6, &f))
		return xlat_4to6_general(cfg, ctr, in, len, mtu4, mtu6, out,
					 out_cap, res);
	uint8_t *hdr = in + IPV4_HDR_LEN - IPV6_HDR_LEN;
	write_4to6(&f, hdr, in + IPV4_HDR_LEN);
	done_4to6(&f, ctr, res, (uint32_t)(hdr - buf), true);
	return XLAT_TRANSLATED;
}

/* ---- 6->4 ---------------------------------------------------------------- */

static bool plan_6to4(const struct xlat_config *cfg,
		      const struct xlat_counters *ctr, const uint8_t *p,
		      size_t len, uint32_t mtu4, struct plan6 *f)
{
	if (len < IPV6_HDR_LEN || (p[0] >> 4) != 6)
		return false;
	size_t l4_len = rd16(p + 4);
	uint8_t next = p[6];
	if (IPV6_HDR_LEN + l4_len > len)
		return false;
	/* No extension headers: nothing to drop, no Segments Left. */
	if (next != PROTO_TCP && next != PROTO_UDP && next != PROTO_ICMPV6)
		return false;
	if (p[7] <= 1) /* hop limit expiry: ICMP error */
		return false;
	/* Cheap L4 checks before the lookups, as in plan_4to6(). */
	const uint8_t *l4 = p + IPV6_HDR_LEN;
	size_t off = next == PROTO_TCP ? 16 : next == PROTO_UDP ? 6 : 0;
	struct icmp_map m = {0};
	if (off) {
		if (l4_len < off + 2)
			return false;
	} else {
		if (l4_len < ICMP_HDR_LEN)
			return false;
		m = icmp_map_6to4(l4[0], l4[1]);
		if (m.action != ICMP_ACT_INFO)
			return false;
	}
	/* emit4() in xlat_6to4.c, unfragmented case. */
	size_t len4 = IPV4_HDR_LEN + l4_len;
	if (len4 > 0xffff)
		return false;
	mtu4 = xlat_mtu4_valid(mtu4);
	if (mtu4 && len4 > mtu4)
		return false;
	/* The source is usually the EAM side (see plan_4to6()). */
	eamt_prefetch6(cfg->eamt, p + 8);
	const uint8_t *src = p + 8, *dst = p + 24;
	if (xlat_ip6_addr_special(src) || xlat_ip6_addr_special(dst))
		return false;
	/* Destination first, with the hairpinning check: the source's slot
	 * (prefetched) has more time to arrive. */
	if (xlat_addr_6to4(cfg, dst, false, f->dst4, NULL) ||
	    xlat_ip4_addr_special(f->dst4))
		return false;
	/* RFC 7757 4 hairpinning goes through the general path. */
	if (cfg->eamt) {
		uint8_t scratch[16];
		if (eamt_lookup4(cfg->eamt, f->dst4, scratch))
			return false;
	}
	if (xlat_addr_6to4(cfg, src, true, f->src4, &f->mapping) ||
	    xlat_ip4_addr_special(f->src4))
		return false;

	if (next == PROTO_ICMPV6) {
		/* As patch_icmp_info() in xlat_6to4.c. */
		uint32_t old_sum = rd16(l4) + xlat_pseudo6_sum(src, dst,
							  PROTO_ICMPV6,
							  (uint32_t)l4_len);
		f->patch.bytes[0] = m.type;
		f->patch.bytes[1] = m.code;
		wr16(f->patch.bytes + 2,
		     xlat_csum_replace(rd16(l4 + 2), old_sum,
				  (uint32_t)(m.type << 8 | m.code)));
		f->patch.off = 0;
		f->patch.len = 4;
		f->proto = PROTO_ICMP;
	} else {
		uint16_t cs = xlat_csum_replace(rd16(l4 + off), addr_sum6(src, dst),
					   addr_sum4(f->src4, f->dst4));
		if (next == PROTO_UDP && cs == 0)
			cs = 0xffff;
		wr16(f->patch.bytes, cs);
		f->patch.off = (uint8_t)off;
		f->patch.len = 2;
		f->proto = next;
	}

	f->df = xlat_6to4_df(len4);
	f->id = f->df ? 0 : ipv4_id_generate(f->src4, f->dst4, ctr);
	uint8_t tclass = (uint8_t)((p[0] & 0x0f) << 4 | p[1] >> 4);
	f->tos = cfg->tos_override ? cfg->tos : tclass;
	f->ttl = (uint8_t)(p[7] - 1);
	f->l4_len = (uint16_t)l4_len;
	f->total_len = (uint32_t)(IPV6_HDR_LEN + l4_len);
	return true;
}

static void write_6to4(const struct plan6 *f, uint8_t *hdr, uint8_t *l4)
{
	xlat_ip4_write_hdr(hdr, f->tos, (uint16_t)(IPV4_HDR_LEN + f->l4_len),
		      f->id, f->df, false, 0, f->ttl, f->proto, f->src4,
		      f->dst4);
	write_patch(&f->patch, l4);
}

static void done_6to4(const struct plan6 *f, struct xlat_counters *ctr,
		      struct xlat_result *res, uint32_t offset, bool in_place)
{
	ctr->pkts_6to4++;
	ctr->bytes_6to4 += f->total_len;
	result_one(res, f->mapping, in_place, offset,
		   (uint32_t)(IPV4_HDR_LEN + f->l4_len), 4);
}

enum xlat_verdict xlat_6to4(const struct xlat_config *cfg,
			    struct xlat_counters *ctr, const uint8_t *in,
			    size_t len, uint32_t mtu4, uint32_t mtu6,
			    uint8_t *out, size_t out_cap,
			    struct xlat_result *res)
{
	struct plan6 f;

	if (!plan_6to4(cfg, ctr, in, len, mtu4, &f) ||
	    out_cap < IPV4_HDR_LEN + (size_t)f.l4_len)
		return xlat_6to4_general(cfg, ctr, in, len, mtu4, mtu6, out,
					 out_cap, res);
	memcpy(out + IPV4_HDR_LEN, in + IPV6_HDR_LEN, f.l4_len);
	write_6to4(&f, out, out + IPV4_HDR_LEN);
	done_6to4(&f, ctr, res, 0, false);
	return XLAT_TRANSLATED;
}

enum xlat_verdict xlat_6to4_inplace(const struct xlat_config *cfg,
				    struct xlat_counters *ctr, uint8_t *buf,
				    size_t headroom, size_t len, uint32_t mtu4,
				    uint32_t mtu6, uint8_t *out,
				    size_t out_cap, struct xlat_result *res)
{
	uint8_t *in = buf + headroom;
	struct plan6 f;

	if (!plan_6to4(cfg, ctr, in, len, mtu4, &f))
		return xlat_6to4_general(cfg, ctr, in, len, mtu4, mtu6, out,
					 out_cap, res);
	uint8_t *hdr = in + IPV6_HDR_LEN - IPV4_HDR_LEN;
	write_6to4(&f, hdr, in + IPV6_HDR_LEN);
	done_6to4(&f, ctr, res, (uint32_t)(hdr - buf), true);
	return XLAT_TRANSLATED;
}

enum xlat_verdict xlat_packet_inplace(const struct xlat_config *cfg,
				      struct xlat_counters *ctr, uint8_t *buf,
				      size_t headroom, size_t len,
				      uint32_t mtu4, uint32_t mtu6,
				      uint8_t *out, size_t out_cap,
				      struct xlat_result *res)
{
	const uint8_t *in = buf + headroom;

	if (len >= 1 && (in[0] >> 4) == 6)
		return xlat_6to4_inplace(cfg, ctr, buf, headroom, len, mtu4,
					 mtu6, out, out_cap, res);
	if (len >= 1 && (in[0] >> 4) == 4)
		return xlat_4to6_inplace(cfg, ctr, buf, headroom, len, mtu4,
					 mtu6, out, out_cap, res);
	return xlat_packet(cfg, ctr, in, len, mtu4, mtu6, out, out_cap, res);
}
