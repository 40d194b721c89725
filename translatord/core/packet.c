/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Parsing IPv4/IPv6 headers into views, and writing headers. */
#include "xlat_internal.h"

enum xlat_drop_reason xlat_ip4_parse(const uint8_t *p, size_t len, bool inner,
				struct ip4_view *v)
{
	if (len < IPV4_HDR_LEN)
		return XLAT_DROP_TRUNCATED;
	if ((p[0] >> 4) != 4)
		return XLAT_DROP_BAD_VERSION;
	v->hdr = p;
	v->hdr_len = (size_t)(p[0] & 0x0f) * 4;
	if (v->hdr_len < IPV4_HDR_LEN || v->hdr_len > len)
		return XLAT_DROP_BAD_IHL;
	v->total_len = rd16(p + 2);
	if (v->total_len < v->hdr_len)
		return XLAT_DROP_BAD_TOTAL_LENGTH;
	if (!inner) {
		/* Trailing bytes (link padding) are not part of the packet. */
		if (v->total_len > len)
			return XLAT_DROP_BAD_TOTAL_LENGTH;
		if (csum_fold(csum_partial(p, v->hdr_len, 0)) != 0xffff)
			return XLAT_DROP_BAD_IPV4_CHECKSUM;
	}
	size_t present = v->total_len < len ? v->total_len : len;
	v->tos = p[1];
	v->id = rd16(p + 4);
	v->df = p[6] & 0x40;
	v->mf = p[6] & 0x20;
	v->frag_offset = rd16(p + 6) & 0x1fff;
	v->ttl = p[8];
	v->proto = p[9];
	v->src = p + 12;
	v->dst = p + 16;
	v->l4 = p + v->hdr_len;
	v->l4_len = present - v->hdr_len;
	v->l4_total = v->total_len - v->hdr_len;
	return XLAT_DROP_NONE;
}

/* Bounded: a packet with more extension headers than this is not one we
 * translate, and the bound keeps the walk O(1). */
#define MAX_EXT_HEADERS 8

static enum xlat_drop_reason ip6_set_l4(struct ip6_view *v, const uint8_t *p,
				       size_t off, size_t present, uint8_t proto)
{
	v->proto = proto;
	v->l4 = p + off;
	v->l4_len = present - off;
	v->l4_total = v->total_len - off;
	return XLAT_DROP_NONE;
}

static enum xlat_drop_reason ip6_walk_ext(const uint8_t *p, size_t present,
					  struct ip6_view *v)
{
	uint8_t next = p[6];
	size_t off = IPV6_HDR_LEN;

	for (int n = 0; n <= MAX_EXT_HEADERS; n++) {
		if (next != PROTO_HOPOPTS && next != PROTO_ROUTING &&
		    next != PROTO_DSTOPTS && next != PROTO_FRAGMENT)
			return ip6_set_l4(v, p, off, present, next);
		if (off + 8 > present)
			return XLAT_DROP_TRUNCATED;
		/* Headers after the Fragment header are inside the fragment
		 * data: removing them would shift every later offset
		 * (RFC 7915 5.1.1). */
		if (v->has_frag)
			return XLAT_DROP_BAD_EXT_HEADER;
		if (next == PROTO_FRAGMENT) {
			v->has_frag = true;
			v->frag_offset = rd16(p + off + 2) >> 3;
			v->mf = p[off + 3] & 1;
			v->frag_id = rd32(p + off + 4);
			next = p[off];
			off += IPV6_FRAG_HDR_LEN;
			/* A non-first fragment carries data, not headers. */
			if (v->frag_offset)
				return ip6_set_l4(v, p, off, present, next);
			continue;
		}
		if (next == PROTO_ROUTING && p[off + 3] != 0 &&
		    !v->segments_left_at)
			v->segments_left_at = off + 3;
		size_t ext_len = ((size_t)p[off + 1] + 1) * 8;
		next = p[off];
		off += ext_len;
		if (off > present)
			return XLAT_DROP_TRUNCATED;
	}
	return XLAT_DROP_BAD_EXT_HEADER;
}

enum xlat_drop_reason xlat_ip6_parse(const uint8_t *p, size_t len, bool inner,
				struct ip6_view *v)
{
	if (len < IPV6_HDR_LEN)
		return XLAT_DROP_TRUNCATED;
	if ((p[0] >> 4) != 6)
		return XLAT_DROP_BAD_VERSION;
	memset(v, 0, sizeof(*v));
	v->hdr = p;
	v->total_len = IPV6_HDR_LEN + (size_t)rd16(p + 4);
	/* Payload length 0 with a hop-by-hop header is a jumbogram (RFC
	 * 2675): not translatable. Otherwise it is just an empty packet. */
	if (rd16(p + 4) == 0 && p[6] == PROTO_HOPOPTS && !inner)
		return XLAT_DROP_BAD_TOTAL_LENGTH;
	if (!inner && v->total_len > len)
		return XLAT_DROP_BAD_TOTAL_LENGTH;
	size_t present = v->total_len < len ? v->total_len : len;
	v->tclass = (uint8_t)((p[0] & 0x0f) << 4 | p[1] >> 4);
	v->hop_limit = p[7];
	v->src = p + 8;
	v->dst = p + 24;
	enum xlat_drop_reason r = ip6_walk_ext(p, present, v);
	/* The transport header of a non-first fragment is elsewhere. */
	if (r == XLAT_DROP_NONE && v->has_frag && v->frag_offset)
		v->l4_total = v->l4_len;
	return r;
}

void xlat_ip6_write_hdr(uint8_t *p, uint8_t tclass, uint16_t payload_len,
		   uint8_t next, uint8_t hop, const uint8_t src[16],
		   const uint8_t dst[16])
{
	p[0] = (uint8_t)(0x60 | tclass >> 4);
	p[1] = (uint8_t)(tclass << 4); /* flow label 0: RFC 7915 4.1 */
	p[2] = 0;
	p[3] = 0;
	wr16(p + 4, payload_len);
	p[6] = next;
	p[7] = hop;
	memcpy(p + 8, src, 16);
	memcpy(p + 24, dst, 16);
}

void xlat_ip6_write_frag_hdr(uint8_t *p, uint8_t next, uint16_t offset_units,
			bool mf, uint32_t id)
{
	p[0] = next;
	p[1] = 0;
	wr16(p + 2, (uint16_t)(offset_units << 3 | (mf ? 1 : 0)));
	wr32(p + 4, id);
}

void xlat_ip4_write_hdr(uint8_t *p, uint8_t tos, uint16_t total_len, uint16_t id,
		   bool df, bool mf, uint16_t offset_units, uint8_t ttl,
		   uint8_t proto, const uint8_t src[4], const uint8_t dst[4])
{
	p[0] = 0x45;
	p[1] = tos;
	wr16(p + 2, total_len);
	wr16(p + 4, id);
	wr16(p + 6, (uint16_t)((df ? 0x4000 : 0) | (mf ? 0x2000 : 0) |
			       (offset_units & 0x1fff)));
	p[8] = ttl;
	p[9] = proto;
	memcpy(p + 12, src, 4);
	memcpy(p + 16, dst, 4);
	ip4_hdr_set_csum(p, IPV4_HDR_LEN);
}
