/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IPv4 -> IPv6 (RFC 7915 section 4, RFC 7757 for addresses).
 */
#include "icmp_map.h"
#include "xlat_internal.h"

/* Everything about one packet being translated. */
struct ctx4 {
	const struct xlat_config *cfg;
	struct xlat_counters *ctr;
	struct xlat_out *o;
	struct ip4_view v;
	uint8_t src6[16], dst6[16];
	uint8_t hop;
	uint32_t mtu4, mtu6;
	bool hairpin;
	uint32_t mapping; /* EAM entry of the destination */
	struct l4_patch patch;
};

/*
 * RFC 7915 4.4: "If the IPv4 packet is discarded, then the translator
 * SHOULD be able to send back an ICMPv4 error message to the original
 * sender of the packet, unless the discarded packet is itself an ICMPv4
 * error message. The ICMPv4 message, if sent, has a Type of 3
 * (Destination Unreachable) and a Code of 13 (Communication
 * Administratively Prohibited)". Only for the discards
 * XLAT_DROP_ANSWERED_REASONS names, which happen after parsing; never
 * inside a hairpin pass (the sender is on our own IPv6 side).
 */
static enum xlat_verdict drop(struct ctx4 *c, enum xlat_drop_reason r)
{
	if (c->cfg->icmp_errors_for_discards && !c->hairpin &&
	    xlat_drop_is_answered(r))
		return xlat_icmp4_error_reply(c->cfg, c->ctr, c->o, &c->v, 3, 13, 0,
					 r);
	return xlat_verdict_drop(c->o->res, c->ctr, r);
}

static uint8_t proto_4to6(uint8_t proto)
{
	return proto == PROTO_ICMP ? PROTO_ICMPV6 : proto;
}

static uint8_t tclass_for(const struct xlat_config *cfg, uint8_t tos)
{
	return cfg->tos_override ? cfg->tos : tos;
}

/* RFC 7915 4.1: options are not translated, but an unexpired source
 * route must not be silently ignored. Returns true if one is present. */
static bool has_unexpired_source_route(const struct ip4_view *v)
{
	const uint8_t *opt = v->hdr + IPV4_HDR_LEN;
	size_t len = v->hdr_len - IPV4_HDR_LEN;

	for (size_t i = 0; i < len;) {
		uint8_t type = opt[i];
		if (type == 0) /* end of option list */
			break;
		if (type == 1) { /* no-op */
			i++;
			continue;
		}
		if (i + 1 >= len || opt[i + 1] < 2 || i + opt[i + 1] > len)
			break; /* malformed: nothing more to learn */
		uint8_t olen = opt[i + 1];
		/* LSRR 131, SSRR 137: pointer (1-based) <= length means
		 * addresses remain to be visited. */
		if ((type == 131 || type == 137) && olen >= 3 &&
		    opt[i + 2] <= olen)
			return true;
		i += olen;
	}
	return false;
}

/* ---- TCP / UDP / DCCP / ICMP echo ---- */

static enum xlat_drop_reason patch_l4_csum(struct ctx4 *c, size_t csum_off)
{
	const struct ip4_view *v = &c->v;
	if (v->l4_len < csum_off + 2)
		return XLAT_DROP_TRUNCATED;
	uint16_t old = rd16(v->l4 + csum_off);
	uint16_t csum;

	if (v->proto == PROTO_UDP && old == 0) {
		/* RFC 7915 4.5: IPv6 forbids a zero UDP checksum. Compute it
		 * if the whole datagram is here, else drop. */
		if (ip4_is_fragment(v))
			return XLAT_DROP_FRAG_UDP_ZERO_CSUM;
		if (c->cfg->zero_csum_policy == XLAT_ZERO_CSUM_DROP)
			return XLAT_DROP_UDP_ZERO_CSUM;
		uint32_t s = xlat_pseudo6_sum(c->src6, c->dst6, PROTO_UDP,
					 (uint32_t)v->l4_len);
		csum = csum_finish(csum_partial(v->l4, v->l4_len, s));
		if (csum == 0)
			csum = 0xffff;
	} else {
		csum = xlat_csum_replace(old, addr_sum4(v->src, v->dst),
				    addr_sum6(c->src6, c->dst6));
		if (v->proto == PROTO_UDP && csum == 0)
			csum = 0xffff;
	}
	c->patch.off = (uint8_t)csum_off;
	c->patch.len = 2;
	wr16(c->patch.bytes, csum);
	return XLAT_DROP_NONE;
}

/* Echo: new type, and the ICMPv6 checksum also covers a pseudo-header
 * (RFC 7915 4.2). Incremental, so a bad checksum stays bad. */
static void patch_icmp_info(struct ctx4 *c, const struct icmp_map *m)
{
	const uint8_t *icmp = c->v.l4;
	uint16_t old = rd16(icmp + 2);
	uint32_t old_sum = rd16(icmp);
	uint32_t new_sum = (uint32_t)(m->type << 8 | m->code) +
			   xlat_pseudo6_sum(c->src6, c->dst6, PROTO_ICMPV6,
				       (uint32_t)c->v.l4_len);
	c->patch.bytes[0] = m->type;
	c->patch.bytes[1] = m->code;
	wr16(c->patch.bytes + 2, xlat_csum_replace(old, old_sum, new_sum));
	c->patch.off = 0;
	c->patch.len = 4;
}

/* ---- ICMPv4 error -> ICMPv6 error (RFC 7915 4.2, 4.3) ---- */

struct icmp_err4 {
	struct ip4_view in;      /* the packet quoted by the error */
	uint8_t in_src6[16], in_dst6[16];
	const uint8_t *ext;      /* RFC 4884 extension structure, or NULL */
	size_t ext_len;
};

/* RFC 4884: a non-zero length (32-bit words) at byte 5 delimits the
 * original datagram; invalid lengths mean "no extension" (RFC 4884 5.5). */
static size_t rfc4884_split4(const uint8_t *icmp, size_t icmp_len,
			     struct icmp_err4 *e)
{
	size_t body = icmp_len - ICMP_HDR_LEN;
	size_t orig = (size_t)icmp[5] * 4;

	e->ext = NULL;
	e->ext_len = 0;
	if (orig < 128 || orig > body) /* also catches "no length" (0) */
		return body;
	e->ext = icmp + ICMP_HDR_LEN + orig;
	e->ext_len = body - orig;
	return orig;
}

static enum xlat_drop_reason icmp4_inner_parse(struct ctx4 *c,
					       struct icmp_err4 *e)
{
	const uint8_t *icmp = c->v.l4;
	size_t orig = rfc4884_split4(icmp, c->v.l4_len, e);

	if (xlat_ip4_parse(icmp + ICMP_HDR_LEN, orig, true, &e->in))
		return XLAT_DROP_ICMP_INNER_BAD;
	const struct ip4_view *in = &e->in;
	if (in->proto == PROTO_ICMP && !in->frag_offset && in->l4_len &&
	    icmp_map_is_error4(in->l4[0]))
		return XLAT_DROP_ICMP_NESTED_ERROR;
	/* Hairpinned errors quote the packet as its sender wrote it: its
	 * destination was the pool6 form of the peer (RFC 7757 4). */
	if (xlat_addr_4to6(c->cfg, in->src, false, e->in_src6, NULL) ||
	    xlat_addr_4to6(c->cfg, in->dst, c->hairpin, e->in_dst6, NULL))
		return XLAT_DROP_ICMP_INNER_BAD;
	return XLAT_DROP_NONE;
}

/* Update the quoted transport checksum for the new addresses, when it is
 * inside the quote. */
static void inner_l4_fixup4(const struct icmp_err4 *e, uint8_t *l4,
			    size_t len)
{
	const struct ip4_view *in = &e->in;
	size_t off = l4_csum_offset(in->proto);
	if (in->frag_offset)
		return;
	if (off && len >= off + 2 && rd16(l4 + off)) {
		uint16_t cs = xlat_csum_replace(rd16(l4 + off),
					   addr_sum4(in->src, in->dst),
					   addr_sum6(e->in_src6, e->in_dst6));
		wr16(l4 + off, cs);
		return;
	}
	if (in->proto != PROTO_ICMP || len < 4 || in->mf)
		return;
	struct icmp_map m = icmp_map_4to6(l4[0], l4[1]);
	if (m.action != ICMP_ACT_INFO)
		return;
	uint32_t new_sum = (uint32_t)(m.type << 8 | m.code) +
			   xlat_pseudo6_sum(e->in_src6, e->in_dst6, PROTO_ICMPV6,
				       (uint32_t)in->l4_total);
	wr16(l4 + 2, xlat_csum_replace(rd16(l4 + 2), rd16(l4), new_sum));
	l4[0] = m.type;
	l4[1] = m.code;
}

/* Write the translated quoted packet; returns its length. */
static size_t write_inner6(const struct icmp_err4 *e, uint8_t *p,
			   size_t room)
{
	const struct ip4_view *in = &e->in;
	bool frag = ip4_is_fragment(in);
	size_t hdr = IPV6_HDR_LEN + (frag ? IPV6_FRAG_HDR_LEN : 0);
	uint8_t next = proto_4to6(in->proto);
	uint16_t plen = (uint16_t)(in->l4_total + (frag ? IPV6_FRAG_HDR_LEN : 0));

	if (room < hdr)
		return 0;
	/* Inner TTL is copied, not decremented (RFC 7915 4.3). */
	xlat_ip6_write_hdr(p, in->tos, plen, frag ? PROTO_FRAGMENT : next, in->ttl,
		      e->in_src6, e->in_dst6);
	if (frag)
		xlat_ip6_write_frag_hdr(p + IPV6_HDR_LEN, next, in->frag_offset,
				   in->mf, in->id);
	size_t n = in->l4_len < room - hdr ? in->l4_len : room - hdr;
	memcpy(p + hdr, in->l4, n);
	inner_l4_fixup4(e, p + hdr, n);
	return hdr + n;
}

/* Second word of the ICMPv6 header, or -1 if untranslatable. */
static int64_t icmp6_rest_word(struct ctx4 *c, const struct icmp_map *m,
			       const struct icmp_err4 *e)
{
	const uint8_t *icmp = c->v.l4;

	switch (m->action) {
	case ICMP_ACT_ERROR_MTU: {
		/* RFC 7915 4.2: min(advertised + 20, IPv6 next-hop MTU,
		 * IPv4 next-hop MTU + 20); a zero field (pre-RFC 1191
		 * router) uses the plateaus. */
		uint32_t grow = IPV6_HDR_LEN - IPV4_HDR_LEN;
		uint32_t mtu = rd16(icmp + 6);
		if (mtu == 0)
			mtu = icmp_map_mtu_plateau_below(e->in.total_len);
		mtu += grow;
		if (c->mtu6 && mtu > c->mtu6)
			mtu = c->mtu6;
		if (c->mtu4 && mtu > c->mtu4 + grow)
			mtu = c->mtu4 + grow;
		/* RFC 7915 6: IPv6 hosts and firewalls often ignore a PTB
		 * below the IPv6 minimum MTU; 1280 is always acted on. */
		if (mtu < 1280)
			mtu = 1280;
		return mtu;
	}
	case ICMP_ACT_ERROR_POINTER:
		return icmp_map_pointer_4to6(icmp[4]);
	case ICMP_ACT_ERROR_FIXED_POINTER:
		return m->pointer;
	default:
		return 0;
	}
}

/* Append the RFC 4884 extension after the quote, in ICMPv6 length units
 * of 8 bytes (xlat_rfc4884_place()); sets the length attribute. */
static size_t append_ext6(const struct icmp_err4 *e, uint8_t *icmp,
			  size_t quote, size_t room)
{
	/* Only Destination Unreachable and Time Exceeded carry a length. */
	if (!e->ext || (icmp[0] != 1 && icmp[0] != 3))
		return quote;
	return xlat_rfc4884_place(icmp, 4, 8, quote, room, e->ext, e->ext_len);
}

static enum xlat_verdict translate_icmp4_error(struct ctx4 *c,
					       const struct icmp_map *m)
{
	const struct ip4_view *v = &c->v;
	struct icmp_err4 e;

	if (v->l4_len < ICMP_HDR_LEN + IPV4_HDR_LEN)
		return drop(c, XLAT_DROP_ICMP_INNER_BAD);
	if (csum_fold(csum_partial(v->l4, v->l4_len, 0)) != 0xffff)
		return drop(c, XLAT_DROP_ICMP_BAD_CHECKSUM);
	enum xlat_drop_reason r = icmp4_inner_parse(c, &e);
	if (r)
		return drop(c, r);
	int64_t rest = icmp6_rest_word(c, m, &e);
	if (rest < 0)
		return drop(c, XLAT_DROP_ICMP_PARAM_POINTER);

	uint8_t *p = xlat_out_push(c->o, ICMP6_ERROR_MAX, 6);
	if (!p)
		return drop(c, XLAT_DROP_OUTPUT_SPACE);
	uint8_t *icmp = p + IPV6_HDR_LEN;
	size_t room = ICMP6_ERROR_MAX - IPV6_HDR_LEN - ICMP_HDR_LEN;
	icmp[0] = m->type;
	icmp[1] = m->code;
	wr16(icmp + 2, 0);
	wr32(icmp + 4, (uint32_t)rest);
	size_t quote = write_inner6(&e, icmp + ICMP_HDR_LEN, room);
	size_t body = append_ext6(&e, icmp, quote, room);
	size_t icmp_len = ICMP_HDR_LEN + body;

	xlat_ip6_write_hdr(p, tclass_for(c->cfg, v->tos), (uint16_t)icmp_len,
		      PROTO_ICMPV6, c->hop, c->src6, c->dst6);
	uint32_t s = xlat_pseudo6_sum(c->src6, c->dst6, PROTO_ICMPV6,
				 (uint32_t)icmp_len);
	wr16(icmp + 2, csum_finish(csum_partial(icmp, icmp_len, s)));
	xlat_out_trim_last(c->o, IPV6_HDR_LEN + icmp_len);
	return XLAT_TRANSLATED;
}

/* ---- output: one packet or fragments ---- */

static enum xlat_verdict emit_single(struct ctx4 *c, bool frag_hdr)
{
	const struct ip4_view *v = &c->v;
	size_t hdr = IPV6_HDR_LEN + (frag_hdr ? IPV6_FRAG_HDR_LEN : 0);
	uint8_t next = proto_4to6(v->proto);
	uint8_t *p = xlat_out_push(c->o, hdr + v->l4_len, 6);

	if (!p)
		return drop(c, XLAT_DROP_OUTPUT_SPACE);
	xlat_ip6_write_hdr(p, tclass_for(c->cfg, v->tos),
		      (uint16_t)(hdr - IPV6_HDR_LEN + v->l4_len),
		      frag_hdr ? PROTO_FRAGMENT : next, c->hop, c->src6,
		      c->dst6);
	/* RFC 7915 4.1: Identification low 16 bits from IPv4, MF/offset
	 * copied. */
	if (frag_hdr)
		xlat_ip6_write_frag_hdr(p + IPV6_HDR_LEN, next, v->frag_offset,
				   v->mf, v->id);
	copy_patched(p + hdr, c->v.l4, 0, v->l4_len, &c->patch);
	return XLAT_TRANSLATED;
}

/* RFC 7915 4: a DF=0 packet that would exceed the limit is cut into
 * fragments that each fit, offsets relative to the original datagram. */
static enum xlat_verdict emit_fragments(struct ctx4 *c, size_t limit)
{
	const struct ip4_view *v = &c->v;
	size_t hdr = IPV6_HDR_LEN + IPV6_FRAG_HDR_LEN;
	size_t chunk = ((limit - hdr) / 8) * 8;
	uint8_t next = proto_4to6(v->proto);

	for (size_t off = 0; off < v->l4_len; off += chunk) {
		size_t n = v->l4_len - off < chunk ? v->l4_len - off : chunk;
		bool last = off + n == v->l4_len;
		uint8_t *p = xlat_out_push(c->o, hdr + n, 6);
		if (!p)
			return drop(c, XLAT_DROP_OUTPUT_SPACE);
		xlat_ip6_write_hdr(p, tclass_for(c->cfg, v->tos),
			      (uint16_t)(IPV6_FRAG_HDR_LEN + n), PROTO_FRAGMENT,
			      c->hop, c->src6, c->dst6);
		xlat_ip6_write_frag_hdr(p + IPV6_HDR_LEN, next,
				   (uint16_t)(v->frag_offset + off / 8),
				   last ? v->mf : true, v->id);
		copy_patched(p + hdr, c->v.l4, off, n, &c->patch);
		c->ctr->fragments_generated++;
	}
	return XLAT_TRANSLATED;
}

static enum xlat_verdict emit6(struct ctx4 *c)
{
	const struct ip4_view *v = &c->v;
	bool is_frag = ip4_is_fragment(v);
	size_t len = IPV6_HDR_LEN + (is_frag ? IPV6_FRAG_HDR_LEN : 0) +
		     v->l4_len;
	size_t limit = xlat_4to6_whole_limit(v->df, c->mtu6,
					     c->cfg->lowest_ipv6_mtu);

	if (!limit || len <= limit)
		return emit_single(c, is_frag);
	if (!v->df)
		return emit_fragments(c, limit);
	if (c->hairpin)
		return drop(c, XLAT_DROP_PACKET_TOO_BIG);
	return xlat_icmp4_error_reply(c->cfg, c->ctr, c->o, v, 3, 4,
				      limit - (IPV6_HDR_LEN - IPV4_HDR_LEN),
				      XLAT_DROP_PACKET_TOO_BIG);
}

/* ---- entry ---- */

static enum xlat_verdict translate_icmp(struct ctx4 *c)
{
	const struct ip4_view *v = &c->v;

	if (ip4_is_fragment(v))
		return drop(c, XLAT_DROP_ICMP_FRAGMENTED);
	if (v->l4_len < ICMP_HDR_LEN)
		return drop(c, XLAT_DROP_TRUNCATED);
	struct icmp_map m = icmp_map_4to6(v->l4[0], v->l4[1]);
	switch (m.action) {
	case ICMP_ACT_INFO:
		patch_icmp_info(c, &m);
		return emit6(c);
	case ICMP_ACT_SINGLE_HOP:
		return drop(c, XLAT_DROP_ICMP_SINGLE_HOP);
	case ICMP_ACT_UNTRANSLATABLE:
		return drop(c, XLAT_DROP_ICMP_UNTRANSLATABLE);
	default:
		return translate_icmp4_error(c, &m);
	}
}

static bool is_icmp_error(const struct ip4_view *v)
{
	return v->proto == PROTO_ICMP && !ip4_is_fragment(v) && v->l4_len &&
	       icmp_map_is_error4(v->l4[0]);
}

/* 0/8 ("this network", 0.0.0.0 among them) and 127/8 (loopback): the
 * "illegal" sources RFC 7915 4.1 names with 0.0.0.0 and 127.0.0.1. */
static bool ip4_addr_illegal_source(const uint8_t a[4])
{
	return a[0] == 0 || a[0] == 127;
}

/* RFC 7915 4.1: an ICMPv4 error from an "illegal" source is still
 * translated, for troubleshooting. The source goes into pool6 (RFC 6052)
 * where RFC 6052 3.1 allows it (not under the Well-Known Prefix), else
 * into the RFC 6791 pool, else own-address. */
static bool illegal_error_source(const struct xlat_config *cfg,
				 const uint8_t v4[4], uint8_t v6[16])
{
	if (cfg->has_pool6 && !rfc6052_is_wkp(&cfg->pool6)) {
		rfc6052_embed(&cfg->pool6, v4, v6);
		return true;
	}
	return xlat_pool6791_pick_v6(cfg, v4, 4, v6);
}

static enum xlat_drop_reason translate_addresses(struct ctx4 *c)
{
	const struct ip4_view *v = &c->v;
	bool illegal_src = false;

	if (xlat_ip4_addr_special(v->dst))
		return XLAT_DROP_ADDR_SCOPE;
	if (xlat_ip4_addr_special(v->src)) {
		/* Every other packet from such a source is dropped, as
		 * RFC 7915 4.1 says (RFC 1812 5.3.7). */
		if (!is_icmp_error(v) || !ip4_addr_illegal_source(v->src))
			return XLAT_DROP_ADDR_SCOPE;
		illegal_src = true;
	}
	enum xlat_drop_reason r = xlat_addr_4to6(c->cfg, v->dst, false, c->dst6,
					    &c->mapping);
	if (r)
		return r;
	if (illegal_src)
		return illegal_error_source(c->cfg, v->src, c->src6)
			       ? XLAT_DROP_NONE
			       : XLAT_DROP_ADDR_SCOPE;
	/* A mapped source is legitimate only from our own IPv6 side
	 * (hairpinning, RFC 7757 4); from the IPv4 side it would let anyone
	 * speak as that server towards IPv6 (BCP 38's ingress filter). */
	if (!c->hairpin && !c->cfg->accept_mapped_src4 && c->cfg->eamt &&
	    eamt_lookup4(c->cfg->eamt, v->src, c->src6))
		return XLAT_DROP_SRC_SPOOFS_MAPPED;
	r = xlat_addr_4to6(c->cfg, v->src, c->hairpin, c->src6, NULL);
	if (r == XLAT_DROP_NONE)
		return r;
	/* RFC 6791: errors from routers we cannot represent still get
	 * through, with a pool address as their source. */
	if (is_icmp_error(v) &&
	    xlat_pool6791_pick_v6(c->cfg, v->src, 4 + 4, c->src6))
		return XLAT_DROP_NONE;
	return r == XLAT_DROP_DST_UNTRANSLATABLE ? XLAT_DROP_SRC_UNTRANSLATABLE
						 : r;
}

enum xlat_verdict xlat_4to6_internal(const struct xlat_config *cfg,
				     struct xlat_counters *ctr,
				     const uint8_t *in, size_t len,
				     uint32_t mtu4, uint32_t mtu6,
				     bool hairpin, struct xlat_out *o)
{
	struct ctx4 c = {.cfg = cfg, .ctr = ctr, .o = o, .mtu4 = mtu4,
			 .mtu6 = mtu6, .hairpin = hairpin};
	enum xlat_drop_reason r = xlat_ip4_parse(in, len, false, &c.v);

	if (r)
		return drop(&c, r);
	r = translate_addresses(&c);
	if (r)
		return drop(&c, r);
	if (has_unexpired_source_route(&c.v))
		return xlat_icmp4_error_reply(cfg, ctr, o, &c.v, 3, 5, 0,
					 XLAT_DROP_SOURCE_ROUTE);
	/* The hairpin pass already decremented once, in the 6->4 step. */
	if (!hairpin && c.v.ttl <= 1)
		return xlat_icmp4_error_reply(cfg, ctr, o, &c.v, 11, 0, 0,
					 XLAT_DROP_TTL_EXPIRED);
	c.hop = hairpin ? c.v.ttl : (uint8_t)(c.v.ttl - 1);

	enum xlat_verdict verdict;
	if (c.v.proto == PROTO_ICMP) {
		verdict = translate_icmp(&c);
	} else {
		size_t csum_off = l4_csum_offset(c.v.proto);
		r = XLAT_DROP_NONE;
		if (c.v.frag_offset == 0 && csum_off)
			r = patch_l4_csum(&c, csum_off);
		verdict = r ? drop(&c, r) : emit6(&c);
	}
	/* A hairpinned packet is the 6->4 pass's (its source entry). */
	if (verdict == XLAT_TRANSLATED && !hairpin) {
		ctr->pkts_4to6++;
		ctr->bytes_4to6 += c.v.total_len;
		o->res->mapping = c.mapping;
	}
	return verdict;
}

/* Every packet; xlat_4to6() (xlat_fast.c) first tries the fast path. */
enum xlat_verdict xlat_4to6_general(const struct xlat_config *cfg,
				    struct xlat_counters *ctr,
				    const uint8_t *in, size_t len,
				    uint32_t mtu4, uint32_t mtu6,
				    uint8_t *out, size_t out_cap,
				    struct xlat_result *res)
{
	struct xlat_out o = {.buf = out, .cap = out_cap, .res = res};

	res->verdict = XLAT_TRANSLATED;
	res->reason = XLAT_DROP_NONE;
	res->n = 0;
	res->mapping = XLAT_NO_MAPPING;
	res->in_place = false;
	return xlat_4to6_internal(cfg, ctr, in, len, mtu4, mtu6, false, &o);
}
