/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IPv6 -> IPv4 (RFC 7915 section 5, RFC 7757 for addresses and
 * hairpinning).
 */
#include "icmp_map.h"
#include "xlat_internal.h"

struct ctx6 {
	const struct xlat_config *cfg;
	struct xlat_counters *ctr;
	struct xlat_out *o;
	struct ip6_view v;
	uint8_t src4[4], dst4[4];
	uint8_t ttl;
	uint32_t mtu4, mtu6;
	uint32_t mapping; /* EAM entry of the source */
	struct l4_patch patch;
};

static enum xlat_verdict drop(struct ctx6 *c, enum xlat_drop_reason r)
{
	return xlat_verdict_drop(c->o->res, c->ctr, r);
}

static uint8_t proto_6to4(uint8_t proto)
{
	return proto == PROTO_ICMPV6 ? PROTO_ICMP : proto;
}

static uint8_t tos_for(const struct xlat_config *cfg, uint8_t tclass)
{
	return cfg->tos_override ? cfg->tos : tclass;
}

/* ---- TCP / UDP / ICMPv6 echo ---- */

static enum xlat_drop_reason patch_l4_csum(struct ctx6 *c, size_t csum_off)
{
	const struct ip6_view *v = &c->v;
	if (v->l4_len < csum_off + 2)
		return XLAT_DROP_TRUNCATED;
	uint16_t cs = xlat_csum_replace(rd16(v->l4 + csum_off),
				   addr_sum6(v->src, v->dst),
				   addr_sum4(c->src4, c->dst4));
	if (v->proto == PROTO_UDP && cs == 0)
		cs = 0xffff;
	wr16(c->patch.bytes, cs);
	c->patch.off = (uint8_t)csum_off;
	c->patch.len = 2;
	return XLAT_DROP_NONE;
}

/* Echo: new type; the pseudo-header leaves the checksum (RFC 7915 5.2). */
static void patch_icmp_info(struct ctx6 *c, const struct icmp_map *m)
{
	const uint8_t *icmp = c->v.l4;
	uint32_t old_sum = rd16(icmp) + xlat_pseudo6_sum(c->v.src, c->v.dst,
						    PROTO_ICMPV6,
						    (uint32_t)c->v.l4_total);
	c->patch.bytes[0] = m->type;
	c->patch.bytes[1] = m->code;
	wr16(c->patch.bytes + 2, xlat_csum_replace(rd16(icmp + 2), old_sum,
					(uint32_t)(m->type << 8 | m->code)));
	c->patch.off = 0;
	c->patch.len = 4;
}

/* ---- ICMPv6 error -> ICMPv4 error (RFC 7915 5.2, 5.3) ---- */

struct icmp_err6 {
	struct ip6_view in;
	uint8_t in_src4[4], in_dst4[4];
	const uint8_t *ext;
	size_t ext_len;
};

/* RFC 4884: Destination Unreachable and Time Exceeded carry the length of
 * the original datagram in 64-bit words at byte 4. */
static size_t rfc4884_split6(const uint8_t *icmp, size_t icmp_len,
			     struct icmp_err6 *e)
{
	size_t body = icmp_len - ICMP_HDR_LEN;
	size_t orig = (size_t)icmp[4] * 8;

	e->ext = NULL;
	e->ext_len = 0;
	if ((icmp[0] != 1 && icmp[0] != 3) || orig < 128 || orig > body)
		return body;
	e->ext = icmp + ICMP_HDR_LEN + orig;
	e->ext_len = body - orig;
	return orig;
}

static enum xlat_drop_reason icmp6_inner_parse(struct ctx6 *c,
					       struct icmp_err6 *e)
{
	const uint8_t *icmp = c->v.l4;
	size_t orig = rfc4884_split6(icmp, c->v.l4_len, e);

	if (xlat_ip6_parse(icmp + ICMP_HDR_LEN, orig, true, &e->in))
		return XLAT_DROP_ICMP_INNER_BAD;
	const struct ip6_view *in = &e->in;
	if (in->proto == PROTO_ICMPV6 && !(in->has_frag && in->frag_offset) &&
	    in->l4_len && icmp_map_is_error6(in->l4[0]))
		return XLAT_DROP_ICMP_NESTED_ERROR;
	/* The quoted source is usually one of our pool6 addresses: no
	 * anti-spoofing here, the outer packet was already checked. */
	if (xlat_addr_6to4(c->cfg, in->src, false, e->in_src4, NULL) ||
	    xlat_addr_6to4(c->cfg, in->dst, false, e->in_dst4, NULL))
		return XLAT_DROP_ICMP_INNER_BAD;
	return XLAT_DROP_NONE;
}

static void inner_l4_fixup6(const struct icmp_err6 *e, uint8_t *l4,
			    size_t len)
{
	const struct ip6_view *in = &e->in;
	size_t off = l4_csum_offset(in->proto);
	if (in->has_frag && in->frag_offset)
		return;
	if (off && len >= off + 2) {
		uint16_t cs = xlat_csum_replace(rd16(l4 + off),
					   addr_sum6(in->src, in->dst),
					   addr_sum4(e->in_src4, e->in_dst4));
		wr16(l4 + off, cs);
		return;
	}
	if (in->proto != PROTO_ICMPV6 || len < 4 || in->mf)
		return;
	struct icmp_map m = icmp_map_6to4(l4[0], l4[1]);
	if (m.action != ICMP_ACT_INFO)
		return;
	uint32_t old_sum = rd16(l4) + xlat_pseudo6_sum(in->src, in->dst,
						  PROTO_ICMPV6,
						  (uint32_t)in->l4_total);
	wr16(l4 + 2, xlat_csum_replace(rd16(l4 + 2), old_sum,
				  (uint32_t)(m.type << 8 | m.code)));
	l4[0] = m.type;
	l4[1] = m.code;
}

static size_t write_inner4(const struct icmp_err6 *e, uint8_t *p,
			   size_t room)
{
	const struct ip6_view *in = &e->in;
	size_t total = IPV4_HDR_LEN + in->l4_total;
	if (total > 0xffff) /* only a quoted lie can be this long */
		total = 0xffff;
	bool df = !in->has_frag && xlat_6to4_df(total);
	uint16_t id = in->has_frag ? (uint16_t)in->frag_id : 0;

	if (room < IPV4_HDR_LEN)
		return 0;
	/* Inner TTL is copied, not decremented (RFC 7915 5.3). */
	xlat_ip4_write_hdr(p, in->tclass, (uint16_t)total, id, df,
		      in->has_frag && in->mf, in->frag_offset, in->hop_limit,
		      proto_6to4(in->proto), e->in_src4, e->in_dst4);
	size_t n = in->l4_len < room - IPV4_HDR_LEN ? in->l4_len
						    : room - IPV4_HDR_LEN;
	memcpy(p + IPV4_HDR_LEN, in->l4, n);
	inner_l4_fixup6(e, p + IPV4_HDR_LEN, n);
	return IPV4_HDR_LEN + n;
}

static int64_t icmp4_rest_word(struct ctx6 *c, const struct icmp_map *m,
			       const struct icmp_err6 *e)
{
	const uint8_t *icmp = c->v.l4;

	switch (m->action) {
	case ICMP_ACT_ERROR_MTU: {
		/* RFC 7915 5.2: min(advertised - 20, IPv4 next-hop MTU,
		 * IPv6 next-hop MTU - 20); 28 rather than 20 when the
		 * packet in error had a Fragment header. */
		uint32_t adv = rd32(icmp + 4);
		uint32_t shrink = IPV6_HDR_LEN - IPV4_HDR_LEN +
				  (e->in.has_frag ? IPV6_FRAG_HDR_LEN : 0);
		uint32_t mtu = adv > shrink ? adv - shrink : 0;
		if (c->mtu4 && mtu > c->mtu4)
			mtu = c->mtu4;
		if (c->mtu6 > shrink && mtu > c->mtu6 - shrink)
			mtu = c->mtu6 - shrink;
		if (mtu > 0xffff)
			mtu = 0xffff;
		return mtu; /* bytes 6-7 */
	}
	case ICMP_ACT_ERROR_POINTER: {
		int ptr = icmp_map_pointer_6to4(rd32(icmp + 4));
		return ptr < 0 ? -1 : (int64_t)ptr << 24; /* byte 4 */
	}
	default:
		return 0;
	}
}

/* RFC 4884 in ICMPv4: the length attribute at byte 5, in 32-bit words
 * (xlat_rfc4884_place()). */
static size_t append_ext4(const struct icmp_err6 *e, uint8_t *icmp,
			  size_t quote, size_t room)
{
	if (!e->ext)
		return quote;
	return xlat_rfc4884_place(icmp, 5, 4, quote, room, e->ext, e->ext_len);
}

static enum xlat_verdict translate_icmp6_error(struct ctx6 *c,
					       const struct icmp_map *m)
{
	const struct ip6_view *v = &c->v;
	struct icmp_err6 e;

	if (v->l4_len < ICMP_HDR_LEN + IPV6_HDR_LEN)
		return drop(c, XLAT_DROP_ICMP_INNER_BAD);
	uint32_t s = xlat_pseudo6_sum(v->src, v->dst, PROTO_ICMPV6,
				 (uint32_t)v->l4_len);
	if (csum_fold(csum_partial(v->l4, v->l4_len, s)) != 0xffff)
		return drop(c, XLAT_DROP_ICMP_BAD_CHECKSUM);
	enum xlat_drop_reason r = icmp6_inner_parse(c, &e);
	if (r)
		return drop(c, r);
	int64_t rest = icmp4_rest_word(c, m, &e);
	if (rest < 0)
		return drop(c, XLAT_DROP_ICMP_PARAM_POINTER);

	uint8_t *p = xlat_out_push(c->o, ICMP4_ERROR_MAX, 4);
	if (!p)
		return drop(c, XLAT_DROP_OUTPUT_SPACE);
	uint8_t *icmp = p + IPV4_HDR_LEN;
	size_t room = ICMP4_ERROR_MAX - IPV4_HDR_LEN - ICMP_HDR_LEN;
	icmp[0] = m->type;
	icmp[1] = m->code;
	wr16(icmp + 2, 0);
	wr32(icmp + 4, (uint32_t)rest);
	size_t quote = write_inner4(&e, icmp + ICMP_HDR_LEN, room);
	size_t icmp_len = ICMP_HDR_LEN + append_ext4(&e, icmp, quote, room);
	wr16(icmp + 2, csum_finish(csum_partial(icmp, icmp_len, 0)));
	size_t total = IPV4_HDR_LEN + icmp_len;
	/* RFC 7915 5.1.1, Identification: "Copied from the low-order 16 bits
	 * in the Identification field in the Fragment Header" (an error only
	 * gets here in an atomic fragment); generated otherwise (5.1). */
	uint16_t id = v->has_frag ? (uint16_t)v->frag_id
				  : ipv4_id_generate(c->src4, c->dst4, c->ctr);
	xlat_ip4_write_hdr(p, tos_for(c->cfg, v->tclass), (uint16_t)total, id,
		      false, false, 0, c->ttl, PROTO_ICMP, c->src4, c->dst4);
	xlat_out_trim_last(c->o, total);
	return XLAT_TRANSLATED;
}

/* ---- output ---- */

/* IPv4 fragments of at most mtu4 bytes (RFC 791 fragmentation). */
static enum xlat_verdict emit_fragments4(struct ctx6 *c, uint16_t id,
					 size_t mtu4)
{
	const struct ip6_view *v = &c->v;
	size_t chunk = ((mtu4 - IPV4_HDR_LEN) / 8) * 8;

	for (size_t off = 0; off < v->l4_len; off += chunk) {
		size_t n = v->l4_len - off < chunk ? v->l4_len - off : chunk;
		bool last = off + n == v->l4_len;
		uint8_t *p = xlat_out_push(c->o, IPV4_HDR_LEN + n, 4);
		if (!p)
			return drop(c, XLAT_DROP_OUTPUT_SPACE);
		xlat_ip4_write_hdr(p, tos_for(c->cfg, v->tclass),
			      (uint16_t)(IPV4_HDR_LEN + n), id, false,
			      last ? v->mf : true,
			      (uint16_t)(v->frag_offset + off / 8), c->ttl,
			      proto_6to4(v->proto), c->src4, c->dst4);
		copy_patched(p + IPV4_HDR_LEN, c->v.l4, off, n, &c->patch);
		c->ctr->fragments_generated++;
	}
	return XLAT_TRANSLATED;
}

static enum xlat_verdict emit4(struct ctx6 *c, uint32_t mtu4)
{
	const struct ip6_view *v = &c->v;
	size_t len = IPV4_HDR_LEN + v->l4_len;
	bool df;
	uint16_t id;

	if (len > 0xffff)
		return drop(c, XLAT_DROP_BAD_TOTAL_LENGTH);
	if (v->has_frag) { /* RFC 7915 5.1.1 */
		df = false;
		id = (uint16_t)v->frag_id;
	} else { /* RFC 7915 5.1: DF only above 1260 bytes */
		df = xlat_6to4_df(len);
		id = df ? 0 : ipv4_id_generate(c->src4, c->dst4, c->ctr);
	}
	mtu4 = xlat_mtu4_valid(mtu4);
	if (mtu4 && len > mtu4) {
		if (df)
			return xlat_icmp6_error_reply(
				c->cfg, c->ctr, c->o, v, 2, 0,
				mtu4 + (IPV6_HDR_LEN - IPV4_HDR_LEN),
				XLAT_DROP_PACKET_TOO_BIG);
		return emit_fragments4(c, id, mtu4);
	}
	uint8_t *p = xlat_out_push(c->o, len, 4);
	if (!p)
		return drop(c, XLAT_DROP_OUTPUT_SPACE);
	xlat_ip4_write_hdr(p, tos_for(c->cfg, v->tclass), (uint16_t)len, id, df,
		      v->has_frag && v->mf, v->frag_offset, c->ttl,
		      proto_6to4(v->proto), c->src4, c->dst4);
	copy_patched(p + IPV4_HDR_LEN, c->v.l4, 0, v->l4_len, &c->patch);
	return XLAT_TRANSLATED;
}

/* RFC 7757 4: an IPv6 host talking to another IPv6 host through its
 * mapped IPv4 address. The single IPv4 packet just built at the start of
 * the output goes straight back through 4->6, with the source in pool6
 * form so the reply comes back through us. */
static enum xlat_verdict hairpin_back(struct ctx6 *c)
{
	struct xlat_out *o = c->o;
	size_t len4 = o->res->pkts[0].len;
	struct xlat_out o2 = {.buf = o->buf + len4, .cap = o->cap - len4,
			      .res = o->res};

	o->res->n = 0;
	if (xlat_4to6_internal(c->cfg, c->ctr, o->buf, len4, 0, 0, true,
			       &o2) != XLAT_TRANSLATED)
		return o->res->verdict;
	memmove(o->buf, o2.buf, o2.used);
	o->used = o2.used;
	c->ctr->hairpinned++;
	return XLAT_TRANSLATED;
}

/* ---- entry ---- */

static bool is_icmp_error(const struct ip6_view *v)
{
	return v->proto == PROTO_ICMPV6 && !ip6_is_fragment(v) && v->l4_len &&
	       icmp_map_is_error6(v->l4[0]);
}

static enum xlat_drop_reason translate_addresses(struct ctx6 *c)
{
	const struct ip6_view *v = &c->v;

	if (xlat_ip6_addr_special(v->src) || xlat_ip6_addr_special(v->dst))
		return XLAT_DROP_ADDR_SCOPE;
	enum xlat_drop_reason r = xlat_addr_6to4(c->cfg, v->dst, false, c->dst4,
					    NULL);
	if (r)
		return r;
	r = xlat_addr_6to4(c->cfg, v->src, true, c->src4, &c->mapping);
	/* RFC 6791: an IPv6 router's error still reaches the IPv4 host. A
	 * spoofed mapped source is never rescued this way. */
	if (r == XLAT_DROP_SRC_UNTRANSLATABLE && is_icmp_error(v) &&
	    xlat_pool6791_pick_v4(c->cfg, v->src, 16, c->src4))
		r = XLAT_DROP_NONE;
	/* pool6 can embed any IPv4 address, loopback and multicast too. */
	if (!r && (xlat_ip4_addr_special(c->src4) || xlat_ip4_addr_special(c->dst4)))
		r = XLAT_DROP_ADDR_SCOPE;
	return r;
}

static enum xlat_verdict translate_icmp(struct ctx6 *c)
{
	const struct ip6_view *v = &c->v;

	if (ip6_is_fragment(v))
		return drop(c, XLAT_DROP_ICMP_FRAGMENTED);
	if (v->l4_len < ICMP_HDR_LEN)
		return drop(c, XLAT_DROP_TRUNCATED);
	struct icmp_map m = icmp_map_6to4(v->l4[0], v->l4[1]);
	switch (m.action) {
	case ICMP_ACT_INFO:
		patch_icmp_info(c, &m);
		return XLAT_TRANSLATED;
	case ICMP_ACT_SINGLE_HOP:
		return drop(c, XLAT_DROP_ICMP_SINGLE_HOP);
	case ICMP_ACT_UNTRANSLATABLE:
		return drop(c, XLAT_DROP_ICMP_UNTRANSLATABLE);
	default:
		return translate_icmp6_error(c, &m);
	}
}

static bool is_hairpin(const struct ctx6 *c)
{
	uint8_t scratch[16];

	return c->cfg->eamt && eamt_lookup4(c->cfg->eamt, c->dst4, scratch);
}

static enum xlat_verdict translate_payload(struct ctx6 *c)
{
	enum xlat_drop_reason r = XLAT_DROP_NONE;
	bool first = !(c->v.has_frag && c->v.frag_offset);
	bool hairpin = is_hairpin(c);
	enum xlat_verdict vd;

	if (c->v.proto == PROTO_ICMPV6) {
		vd = translate_icmp(c);
		/* Errors were fully built; echo goes on to emit. */
		if (vd != XLAT_TRANSLATED || c->o->res->n)
			return vd == XLAT_TRANSLATED && hairpin ? hairpin_back(c)
								: vd;
	} else if (first && l4_csum_offset(c->v.proto)) {
		r = patch_l4_csum(c, l4_csum_offset(c->v.proto));
	}
	if (r)
		return drop(c, r);
	/* A hairpinned packet never leaves on an IPv4 link: no MTU. */
	vd = emit4(c, hairpin ? 0 : c->mtu4);
	return vd == XLAT_TRANSLATED && hairpin ? hairpin_back(c) : vd;
}

/* Every packet; xlat_6to4() (xlat_fast.c) first tries the fast path. */
/*
 * RFC 7915 5.4: "If the IPv6 packet is discarded, then the translator
 * SHOULD be able to send back an ICMPv6 error message to the original
 * sender of the packet, unless the discarded packet is itself an ICMPv6
 * error message. The ICMPv6 message, if sent, has a Type of 1
 * (Destination Unreachable) and a Code of 1 (Communication with
 * destination administratively prohibited)". Here for a packet whose
 * headers could not be walked (an extension header after the Fragment
 * header: 5.1.1 "dropped and logged"), when it was addressed to what we
 * translate; the error quotes it from its first byte.
 */
static enum xlat_verdict discard_unparsed(struct ctx6 *c, const uint8_t *in,
					  size_t len, enum xlat_drop_reason r)
{
	size_t present = c->v.total_len < len ? c->v.total_len : len;

	if (!c->cfg->icmp_errors_for_discards || !xlat_drop_is_answered(r) ||
	    translate_addresses(c) != XLAT_DROP_NONE)
		return xlat_verdict_drop(c->o->res, c->ctr, r);
	c->v.l4 = in + IPV6_HDR_LEN;
	c->v.l4_len = present - IPV6_HDR_LEN;
	return xlat_icmp6_error_reply(c->cfg, c->ctr, c->o, &c->v, 1, 1, 0, r);
}

enum xlat_verdict xlat_6to4_general(const struct xlat_config *cfg,
				    struct xlat_counters *ctr,
				    const uint8_t *in, size_t len,
				    uint32_t mtu4, uint32_t mtu6,
				    uint8_t *out, size_t out_cap,
				    struct xlat_result *res)
{
	struct xlat_out o = {.buf = out, .cap = out_cap, .res = res};
	struct ctx6 c = {.cfg = cfg, .ctr = ctr, .o = &o, .mtu4 = mtu4,
			 .mtu6 = mtu6};

	res->verdict = XLAT_TRANSLATED;
	res->reason = XLAT_DROP_NONE;
	res->n = 0;
	res->mapping = XLAT_NO_MAPPING;
	res->in_place = false;
	enum xlat_drop_reason r = xlat_ip6_parse(in, len, false, &c.v);
	if (r == XLAT_DROP_BAD_EXT_HEADER)
		return discard_unparsed(&c, in, len, r);
	if (r)
		return drop(&c, r);
	r = translate_addresses(&c);
	if (r)
		return drop(&c, r);
	if (c.v.segments_left_at) /* RFC 7915 5.1 */
		return xlat_icmp6_error_reply(cfg, ctr, &o, &c.v, 4, 0,
					 (uint32_t)c.v.segments_left_at,
					 XLAT_DROP_ROUTING_HEADER);
	if (c.v.hop_limit <= 1)
		return xlat_icmp6_error_reply(cfg, ctr, &o, &c.v, 3, 0, 0,
					 XLAT_DROP_TTL_EXPIRED);
	c.ttl = (uint8_t)(c.v.hop_limit - 1);

	enum xlat_verdict verdict = translate_payload(&c);
	if (verdict == XLAT_TRANSLATED) {
		ctr->pkts_6to4++;
		ctr->bytes_6to4 += c.v.total_len;
		res->mapping = c.mapping;
	}
	return verdict;
}
