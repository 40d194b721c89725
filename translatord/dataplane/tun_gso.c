/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Virtio-net header work for the TUN data plane: partial checksums and
 * TCP GSO super-packets (TUN_F_TSO4/6).
 *
 * A GSO super-packet is translated whole when each of its segments fits
 * the next-hop MTU after translation: the core translates the headers
 * once, and we rewrite gso_type (TCPV4 <-> TCPV6) and the header offsets
 * in the virtio-net header; the kernel cuts the segments on the way out.
 * Otherwise (a segment would not fit, DF=0, IPv4 options, extension
 * headers, or the core does anything but translate it into one packet)
 * we cut it into segments here, as the kernel would, and each segment
 * goes through the core on its own: it then gets exactly the treatment
 * of the packet it stands for, e.g. Fragmentation Needed.
 *
 * Partial checksums (VIRTIO_NET_HDR_F_NEEDS_CSUM): the TCP checksum field
 * holds the folded pseudo-header sum F, not complemented; the device adds
 * the segment bytes and complements. The core updates a checksum C as
 * C' = ~(~C - old + new) (RFC 1624 eqn. 3), which for F would move it by
 * -(new - old), the wrong way. Complementing the field before and after
 * the core gives ~(~~F - old + new) complemented = F - old + new: the
 * pseudo-header sum for the new addresses, as wanted. TCP length and
 * protocol are the same in both pseudo-headers (RFC 7915 4.5/5.5).
 */
#include <string.h>

#include "inet_csum.h"
#include "dp_internal.h"

#define TCP_FIN 0x01
#define TCP_PSH 0x08
#define TCP_CWR 0x80

struct gso_tcp {
	bool v4;
	size_t l4off, thlen, hdrs; /* hdrs = l4off + thlen */
	size_t payload;
	unsigned mss, segs;
};

static bool gso_parse(const struct virtio_net_hdr *vh, const uint8_t *pkt,
		      size_t len, struct gso_tcp *g)
{
	uint8_t type = vh->gso_type & (uint8_t)~VIRTIO_NET_HDR_GSO_ECN;

	if (len < 20 || !vh->gso_size)
		return false;
	g->v4 = (pkt[0] >> 4) == 4;
	if (type != (g->v4 ? VIRTIO_NET_HDR_GSO_TCPV4 : VIRTIO_NET_HDR_GSO_TCPV6))
		return false;
	g->l4off = vh->csum_start;
	if (!(vh->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) || vh->csum_offset != 16 ||
	    g->l4off < 20 || g->l4off + 20 > len)
		return false;
	g->thlen = (size_t)(pkt[g->l4off + 12] >> 4) * 4;
	g->hdrs = g->l4off + g->thlen;
	if (g->thlen < 20 || g->hdrs > len)
		return false;
	g->payload = len - g->hdrs;
	g->mss = vh->gso_size;
	g->segs = (unsigned)((g->payload + g->mss - 1) / g->mss);
	return g->segs > 0;
}

/* Cut like the kernel's tcp_gso_segment(): sequence numbers advance, FIN
 * and PSH stay on the last segment, CWR on the first; IPv4 IDs count up.
 * Each segment gets full checksums. */
static void gso_split(struct dp_worker *w, const struct xlat_config *cfg,
		      const uint8_t *pkt, const struct gso_tcp *g)
{
	uint8_t *seg = w->seg;
	uint32_t seq = rd32(pkt + g->l4off + 4);
	uint16_t id = rd16(pkt + 4);

	w->tc.gso_split++;
	for (unsigned i = 0; i < g->segs; i++) {
		size_t off = (size_t)i * g->mss;
		size_t n = g->payload - off < g->mss ? g->payload - off : g->mss;
		size_t tcp_len = g->thlen + n;
		uint8_t *th = seg + g->l4off;
		uint32_t sum;

		memcpy(seg, pkt, g->hdrs);
		memcpy(seg + g->hdrs, pkt + g->hdrs + off, n);
		if (g->v4) {
			wr16(seg + 2, (uint16_t)(g->hdrs + n));
			wr16(seg + 4, (uint16_t)(id + i));
			ip4_hdr_set_csum(seg, (size_t)(seg[0] & 0x0f) * 4);
			sum = csum_partial(seg + 12, 8, 0);
		} else {
			wr16(seg + 4, (uint16_t)(g->hdrs + n - 40));
			sum = csum_partial(seg + 8, 32, 0);
		}
		sum += 6 + tcp_len; /* pseudo-header: protocol, length */
		wr32(th + 4, seq + (uint32_t)off);
		if (i + 1 < g->segs)
			th[13] &= (uint8_t)~(TCP_FIN | TCP_PSH);
		if (i > 0)
			th[13] &= (uint8_t)~TCP_CWR;
		th[16] = th[17] = 0;
		wr16(th + 16,
			(uint16_t)~csum_fold(csum_partial(th, tcp_len, sum)));
		dp_worker_translate(w, cfg, seg, g->hdrs + n);
	}
}

static void flip_csum_field(uint8_t *p)
{
	p[0] = (uint8_t)~p[0];
	p[1] = (uint8_t)~p[1];
}

static void counters_merge(struct xlat_counters *to,
			   const struct xlat_counters *from, unsigned segs)
{
	/* Count the segments the super-packet stands for. */
	to->pkts_4to6 += from->pkts_4to6 * segs;
	to->pkts_6to4 += from->pkts_6to4 * segs;
	to->bytes_4to6 += from->bytes_4to6;
	to->bytes_6to4 += from->bytes_6to4;
	to->hairpinned += from->hairpinned * segs;
}

/* Translate the super-packet as one; false if it has to be split. */
static bool gso_whole(struct dp_worker *w, const struct xlat_config *cfg,
		      const struct virtio_net_hdr *vh, uint8_t *pkt,
		      size_t len, const struct gso_tcp *g)
{
	const struct dp_options *o = &w->dp->opt;
	struct xlat_counters tmp = {.id_salt = w->ctr.id_salt};
	struct xlat_result res;

	if (g->l4off != (g->v4 ? 20u : 40u))
		return false; /* options or extension headers */
	if (g->v4 && !(pkt[6] & 0x40))
		return false; /* DF=0: the core may fragment each segment */
	flip_csum_field(pkt + g->l4off + 16);
	/* MTU 0: the segment sizes are checked below instead. */
	xlat_packet(cfg, &tmp, pkt, len, 0, 0, w->out, XLAT_OUT_BUF_SIZE, &res);
	flip_csum_field(pkt + g->l4off + 16); /* input intact for a split */
	if (res.verdict != XLAT_TRANSLATED || res.n != 1)
		return false;
	uint8_t fam = res.pkts[0].family;
	size_t out_l3 = fam == 6 ? 40 : 20;
	uint32_t mtu = fam == 6 ? o->mtu6 : o->mtu4;
	uint32_t floor = fam == 6 ? 1280 : 68; /* as the core clamps */
	if (mtu && mtu < floor)
		mtu = floor;
	if (mtu && out_l3 + g->thlen + g->mss > mtu)
		return false;
	/* The core set DF=1 for the super-packet; segments of 1260 bytes
	 * or less must leave with DF=0 and an Identification each (RFC 7915
	 * 5.1): split, so that each is the core's own translation. */
	if (fam == 4 && !xlat_6to4_df(out_l3 + g->thlen + g->mss))
		return false;
	uint8_t *out = w->out + res.pkts[0].offset;
	flip_csum_field(out + out_l3 + 16);
	struct virtio_net_hdr ovh = {
		.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM,
		.gso_type = (uint8_t)((fam == 6 ? VIRTIO_NET_HDR_GSO_TCPV6
						: VIRTIO_NET_HDR_GSO_TCPV4) |
				      (vh->gso_type & VIRTIO_NET_HDR_GSO_ECN)),
		.hdr_len = (uint16_t)(out_l3 + g->thlen),
		.gso_size = vh->gso_size,
		.csum_start = (uint16_t)out_l3,
		.csum_offset = 16,
	};
	counters_merge(&w->ctr, &tmp, g->segs);
	dp_count_mapping(w, &res, pkt, g->segs, len);
	w->tc.gso_whole++;
	dp_worker_send(w, &ovh, out, res.pkts[0].len);
	return true;
}

void dp_gso_packet(struct dp_worker *w, const struct xlat_config *cfg,
		   const struct virtio_net_hdr *vh, uint8_t *pkt, size_t len)
{
	struct gso_tcp g;

	if (!gso_parse(vh, pkt, len, &g)) {
		/* Not a GSO type we negotiated: nothing sane to do. */
		w->ctr.drops[XLAT_DROP_TRUNCATED]++;
		return;
	}
	if (!gso_whole(w, cfg, vh, pkt, len, &g))
		gso_split(w, cfg, pkt, &g);
}

/* Complete a partial checksum: sum from csum_start to the end (the field
 * holds the pseudo-header sum), complemented into the field. A zero
 * result is sent as 0xffff, as the kernel's skb_checksum_help() does. */
void dp_csum_finish(const struct virtio_net_hdr *vh, uint8_t *pkt,
		    size_t len)
{
	size_t start = vh->csum_start, at = start + vh->csum_offset;

	if (at + 2 > len || start > len)
		return;
	uint16_t c = (uint16_t)~csum_fold(csum_partial(pkt + start,
							  len - start, 0));
	wr16(pkt + at, c ? c : 0xffff);
}
