// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * translatord eBPF fast path: TC (clsact) programs that translate the
 * common packets in the kernel and hand everything else ("punt") to the
 * userspace core, which then produces exactly what the offline tool
 * (translatord-translate) would.
 *
 * Fast path, byte for byte as the core (RFC 7915 4.1/4.5, 5.1/5.5, 4.2 and
 * 5.2 for echo), for unfragmented packets without IPv4 options or IPv6
 * extension headers:
 *   TCP, UDP with a non-zero checksum, ICMP/ICMPv6 echo request/reply.
 * Addresses: RFC 7757 EAM (LPM tries) first, then RFC 6052 pool6.
 * Headers: TC = TOS (or override), flow label 0; DF=1/ID 0 above 1260
 * bytes, else DF=0 with a random ID (DESIGN-NOTES "Headers").
 *
 * Hop limit: the programs write TTL = hop limit unchanged and let the
 * kernel's forwarding of the translated packet do the one decrement
 * RFC 7915 asks for; packets arriving with TTL <= 1 are punted, and the
 * core answers with Time Exceeded.
 *
 * Attachment points (see translatord/dataplane/README.md):
 *   xlat_routed  egress of the translator interface (the TUN device the
 *                routes point at). Translated packets are redirected to
 *                the same device's ingress, so the kernel routes them;
 *                punted ones continue to the TUN, where userspace reads.
 *   xlat_in4     ingress of the IPv4-facing interface ("inline"): IPv4
 *                packets to an EAM IPv4 address are translated in place
 *                and continue up the stack as IPv6.
 *   xlat_in6     ingress of the IPv6-facing interface: IPv6 packets to
 *                pool6 or an EAM IPv6 address.
 * Inline programs punt by redirecting to the translator interface.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "xlat_bpf_shared.h"

#define ETH_HLEN 14
#define ETH_P_IP 0x0800
#define ETH_P_IPV6 0x86DD
#define PROTO_ICMP 1
#define PROTO_TCP 6
#define PROTO_UDP 17
#define PROTO_ICMPV6 58
#define IP_DF 0x4000
#define IP_MF_OFFSET 0x3fff

char LICENSE[] SEC("license") = "GPL";

#define EAM_MAP(name, k, v)                                                    \
	struct {                                                               \
		__uint(type, BPF_MAP_TYPE_LPM_TRIE);                           \
		__uint(max_entries, DP_EAM_MAX);                               \
		__uint(map_flags, BPF_F_NO_PREALLOC);                          \
		__type(key, k);                                                \
		__type(value, v);                                              \
	} name SEC(".maps")

EAM_MAP(eam4_0, struct dp_lpm4_key, struct dp_eam4_val);
EAM_MAP(eam4_1, struct dp_lpm4_key, struct dp_eam4_val);
EAM_MAP(eam6_0, struct dp_lpm6_key, struct dp_eam6_val);
EAM_MAP(eam6_1, struct dp_lpm6_key, struct dp_eam6_val);

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, struct dp_bpf_settings);
} settings SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} active SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct dp_bpf_stats);
} stats SEC(".maps");

/* Per-mapping counters: mapping_ctr[set] is an array the loader creates
 * for the set (absent when the set does not count), one block of
 * map_count counters per CPU: element cpu * map_count + idx. A plain
 * array used per CPU by hand, because the kernel does not accept
 * BPF_F_INNER_MAP (inner arrays of any size) for per-CPU arrays; one CPU
 * per block, so no atomics and no false sharing. Memory-mappable, so the
 * loader reads it without system calls. */
struct mapping_ctr_inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__uint(map_flags, BPF_F_INNER_MAP | BPF_F_MMAPABLE);
	/* Sizes, not BTF types: libbpf cannot always size a type that
	 * only the inner map definition refers to. */
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(struct xlat_mapping_counters));
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct mapping_ctr_inner);
} mapping_ctr SEC(".maps");

#define NO_MAPPING 0xffffffffu

struct ip4h {
	__u8 vihl, tos;
	__be16 tot_len, id, frag_off;
	__u8 ttl, proto;
	__be16 check;
	__be32 saddr, daddr;
};

struct ip6h {
	__be32 vtcfl;
	__be16 plen;
	__u8 nexthdr, hop;
	__be32 addr[8]; /* source, then destination */
};

/* ICMPv6 pseudo-header (RFC 8200 8.1) */
struct pseudo6 {
	__be32 addr[8];
	__be32 len;
	__be32 next;
};

struct xctx {
	const struct dp_bpf_settings *s;
	struct dp_bpf_stats *st;
	__u32 active;
	bool inl;
};

static __always_inline __u16 csum_fold(__u64 s)
{
	s = (s & 0xffffffff) + (s >> 32);
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return (__u16)s;
}

static __always_inline int ctx_init(struct xctx *x, bool inl)
{
	__u32 zero = 0;
	__u32 *a = bpf_map_lookup_elem(&active, &zero);
	if (!a)
		return -1;
	x->active = *a & 1;
	x->s = bpf_map_lookup_elem(&settings, &x->active);
	x->st = bpf_map_lookup_elem(&stats, &zero);
	x->inl = inl;
	return x->s && x->st ? 0 : -1;
}

static __always_inline int punt(struct __sk_buff *skb, struct xctx *x,
				enum dp_punt_reason r)
{
	if (r < DP_PUNT__COUNT)
		x->st->punts[r]++;
	if (!x->inl)
		return TC_ACT_OK; /* on to the TUN, read by userspace */
	skb->mark = DP_PUNT_MARK;
	return bpf_redirect(x->s->punt_ifindex, 0);
}

static __always_inline int drop(struct xctx *x, enum xlat_drop_reason r)
{
	if (r < XLAT_DROP__COUNT)
		x->st->drops[r]++;
	return TC_ACT_SHOT;
}

static __always_inline int pass(struct xctx *x)
{
	x->st->passed++;
	return TC_ACT_OK;
}

/* A translated packet, credited to EAM entry idx. Only called when the
 * settings say the set counts: one branch on the fast path otherwise. */
static __always_inline void count_mapping(struct xctx *x, __u32 idx,
					  bool v6to4, __u64 pkts, __u64 bytes)
{
	void *inner = bpf_map_lookup_elem(&mapping_ctr, &x->active);
	if (!inner || idx >= x->s->map_count)
		return;
	/* TC programs do not migrate: this CPU's block is ours alone. */
	__u32 key = bpf_get_smp_processor_id() * x->s->map_count + idx;
	struct xlat_mapping_counters *c = bpf_map_lookup_elem(inner, &key);
	if (!c)
		return;
	if (v6to4) {
		c->pkts_6to4 += pkts;
		c->bytes_6to4 += bytes;
	} else {
		c->pkts_4to6 += pkts;
		c->bytes_4to6 += bytes;
	}
}

/* After bpf_skb_change_proto() succeeded the packet is half rewritten:
 * a later helper failure cannot be undone, so it is dropped. */
static __always_inline int fail(struct xctx *x)
{
	x->st->punts[DP_PUNT_HELPER]++;
	return TC_ACT_SHOT;
}

/* ---- addresses (same rules as translatord/core/xlat_common.c) ---- */

static __always_inline bool addr4_special(__be32 a)
{
	const __u8 *b = (const __u8 *)&a;
	return b[0] == 0 || b[0] == 127 || b[0] >= 224 ||
	       (b[0] == 169 && b[1] == 254);
}

/* own-address or the RFC 6791 pool (xlat_ipv4_is_translator() in the core). */
static __always_inline bool is_translator4(const struct dp_bpf_settings *s,
					   __be32 a)
{
	return (s->own_v4_mask && a == s->own_v4) ||
	       (s->pool6791_v4_mask &&
		((a ^ s->pool6791_v4) & s->pool6791_v4_mask) == 0);
}

static __always_inline bool addr6_special(const __be32 *a)
{
	const __u8 *b = (const __u8 *)a;
	if (b[0] == 0xff || (b[0] == 0xfe && (b[1] & 0xc0) == 0x80))
		return true;
	return a[0] == 0 && a[1] == 0 && a[2] == 0 &&
	       (a[3] == 0 || a[3] == bpf_htonl(1));
}

static __always_inline struct dp_eam4_val *eam4_find(struct xctx *x,
						     __be32 v4)
{
	struct dp_lpm4_key k = {.prefixlen = 32};
	__builtin_memcpy(k.addr, &v4, 4);
	return x->active ? bpf_map_lookup_elem(&eam4_1, &k)
			 : bpf_map_lookup_elem(&eam4_0, &k);
}

/* Word w (0: the first) of an IPv6 address in host order; a switch, so
 * that the verifier sees constant offsets. */
static __always_inline __u32 word6(const __be32 *a, __u32 w)
{
	switch (w) {
	case 0:
		return bpf_ntohl(a[0]);
	case 1:
		return bpf_ntohl(a[1]);
	case 2:
		return bpf_ntohl(a[2]);
	case 3:
		return bpf_ntohl(a[3]);
	}
	return 0;
}

static __always_inline void or_word6(__be32 *a, __u32 w, __u32 v)
{
	switch (w) {
	case 0:
		a[0] |= bpf_htonl(v);
		break;
	case 1:
		a[1] |= bpf_htonl(v);
		break;
	case 2:
		a[2] |= bpf_htonl(v);
		break;
	case 3:
		a[3] |= bpf_htonl(v);
		break;
	}
}

/*
 * RFC 7757 3.2: longest match, the IPv4 suffix copied across, right after
 * the IPv6 prefix. shift counts the IPv6 bits after the suffix: 0 with
 * equal suffix lengths (the usual case, the last word); otherwise the
 * suffix spans at most two words, (3 - shift / 32) and the one before.
 * The core does the same in eamt.c (place_suffix, take_suffix).
 */
static __always_inline void suffix_to6(__be32 *v6, __u32 suffix, __u32 shift)
{
	__u32 w = 3 - shift / 32;
	__u64 x = (__u64)suffix << (shift % 32);

	if (!suffix || shift > 127)
		return;
	or_word6(v6, w, (__u32)x);
	if (w > 0)
		or_word6(v6, w - 1, (__u32)(x >> 32));
}

static __always_inline __u32 suffix_of6(const __be32 *v6, __u32 shift)
{
	__u32 w = 3 - shift / 32;
	__u64 x;

	if (shift > 127)
		return 0;
	x = word6(v6, w);
	if (w > 0)
		x |= (__u64)word6(v6, w - 1) << 32;
	return (__u32)(x >> (shift % 32));
}

static __always_inline bool eam4_lookup(struct xctx *x, __be32 v4,
					__be32 *v6, __u32 *idx)
{
	struct dp_eam4_val *v = eam4_find(x, v4);
	if (!v)
		return false;
	__builtin_memcpy(v6, v->v6, 16);
	if (v->shift == 0)
		v6[3] |= v4 & v->host_mask;
	else
		suffix_to6(v6, bpf_ntohl(v4 & v->host_mask), v->shift);
	*idx = v->idx;
	return true;
}

static __always_inline bool eam6_lookup(struct xctx *x, const __be32 *v6,
					__be32 *v4, __u32 *idx)
{
	struct dp_lpm6_key k = {.prefixlen = 128};
	__builtin_memcpy(k.addr, v6, 16);
	struct dp_eam6_val *v = x->active ? bpf_map_lookup_elem(&eam6_1, &k)
					  : bpf_map_lookup_elem(&eam6_0, &k);
	if (!v)
		return false;
	__builtin_memcpy(v4, v->v4, 4);
	if (v->shift == 0)
		*v4 |= v6[3] & v->host_mask;
	else
		*v4 |= bpf_htonl(suffix_of6(v6, v->shift)) & v->host_mask;
	*idx = v->idx;
	return true;
}

/* RFC 6052 2.2: the IPv4 address around the "u" octet (bits 64..71). */
static __always_inline void pool6_embed(const struct dp_bpf_settings *s,
					__be32 v4, __be32 *v6)
{
	const __u8 *a = (const __u8 *)&v4;
	__u8 *o = (__u8 *)v6;

	__builtin_memcpy(v6, s->pool6, 16);
	switch (s->pool6_len) {
	case 32:
		o[4] = a[0], o[5] = a[1], o[6] = a[2], o[7] = a[3];
		break;
	case 40:
		o[5] = a[0], o[6] = a[1], o[7] = a[2], o[9] = a[3];
		break;
	case 48:
		o[6] = a[0], o[7] = a[1], o[9] = a[2], o[10] = a[3];
		break;
	case 56:
		o[7] = a[0], o[9] = a[1], o[10] = a[2], o[11] = a[3];
		break;
	case 64:
		o[9] = a[0], o[10] = a[1], o[11] = a[2], o[12] = a[3];
		break;
	default:
		v6[3] = v4;
	}
}

static __always_inline bool pool6_extract(const struct dp_bpf_settings *s,
					  const __be32 *v6, __be32 *v4)
{
	const __u8 *b = (const __u8 *)v6;
	__u8 *a = (__u8 *)v4;
	__u32 n = s->pool6_len / 8;

	if (!n)
		return false;
#pragma unroll
	for (int i = 0; i < 12; i++)
		if (i < n && b[i] != s->pool6[i])
			return false;
	switch (s->pool6_len) {
	case 32:
		a[0] = b[4], a[1] = b[5], a[2] = b[6], a[3] = b[7];
		break;
	case 40:
		a[0] = b[5], a[1] = b[6], a[2] = b[7], a[3] = b[9];
		break;
	case 48:
		a[0] = b[6], a[1] = b[7], a[2] = b[9], a[3] = b[10];
		break;
	case 56:
		a[0] = b[7], a[1] = b[9], a[2] = b[10], a[3] = b[11];
		break;
	case 64:
		a[0] = b[9], a[1] = b[10], a[2] = b[11], a[3] = b[12];
		break;
	default:
		*v4 = v6[3];
	}
	return true;
}

/*
 * Each direction is a chain of small steps over one per-packet state
 * (struct pkt46, struct pkt64), as the userspace fast path plans and then
 * commits: read and classify, addresses, the transport header, sizes,
 * then the rewrite. A step returns false to go on, or true when it has
 * decided the packet, with the TC verdict in *verdict. The branch after
 * a step is then on a constant: a verdict can be a helper's unknown
 * return value (bpf_redirect()), and testing that would make the verifier
 * walk the next steps after a punt too. All steps inline.
 */
static __always_inline bool stop(int *verdict, int v)
{
	*verdict = v;
	return true;
}

/* Counted and sent on: redirected to the device's ingress (routed) or
 * left to continue up the stack as the other family (inline). */
static __always_inline int translated(struct __sk_buff *skb, struct xctx *x,
				      bool v6to4, __u32 midx, __u64 bytes)
{
	__u64 segs = skb->gso_segs > 1 ? skb->gso_segs : 1;

	if (v6to4) {
		x->st->pkts_6to4 += segs;
		x->st->bytes_6to4 += bytes;
	} else {
		x->st->pkts_4to6 += segs;
		x->st->bytes_4to6 += bytes;
	}
	if (x->s->per_mapping && midx != NO_MAPPING)
		count_mapping(x, midx, v6to4, segs, bytes);
	return x->inl ? TC_ACT_OK : bpf_redirect(skb->ifindex, BPF_F_INGRESS);
}

/* The transport header: where its checksum is (TCP 16, UDP 6, ICMP 2)
 * and its first 4 bytes (ICMP type, code, checksum). UDP with a zero
 * checksum (RFC 7915 4.5: the core computes or drops) and ICMP other
 * than echo are the core's. */
static __always_inline bool l4_classify(struct __sk_buff *skb, struct xctx *x,
				       __u32 l4, __u32 l4len, __u8 proto,
				       __u8 echo_req, __u8 echo_rep,
				       __u8 *hdr, __u32 *csum_off,
				 int *verdict)
{
	if (bpf_skb_load_bytes(skb, l4, hdr, 4))
		return stop(verdict, punt(skb, x, DP_PUNT_MALFORMED));
	if (proto == PROTO_TCP) {
		if (l4len < 18) /* the core drops it: "truncated" */
			return stop(verdict, punt(skb, x, DP_PUNT_MALFORMED));
		*csum_off = 16;
	} else if (proto == PROTO_UDP) {
		__u16 c;
		if (bpf_skb_load_bytes(skb, l4 + 6, &c, 2))
			return stop(verdict, punt(skb, x, DP_PUNT_MALFORMED));
		if (!c)
			return stop(verdict, punt(skb, x, DP_PUNT_UDP_ZERO_CSUM));
		*csum_off = 6;
	} else {
		if (hdr[0] != echo_req && hdr[0] != echo_rep)
			return stop(verdict, punt(skb, x, DP_PUNT_ICMP));
		*csum_off = 2;
	}
	return false;
}

/* The header length of a TCP super-packet's segments (data offset). */
static __always_inline int tcp_hlen(struct __sk_buff *skb, __u32 l4,
				    __u32 *hlen)
{
	__u8 doff;

	if (bpf_skb_load_bytes(skb, l4 + 12, &doff, 1))
		return -1;
	*hlen = (doff >> 4) * 4;
	return 0;
}

/* After the new IP header: the transport checksum. TCP/UDP: only the
 * addresses in the pseudo-header changed (diff); UDP's result 0 is sent
 * as 0xffff, as the core does. ICMP: the new type (old_tc -> new_tc) and
 * the pseudo-header ICMPv6 has and ICMPv4 has not (pdiff, RFC 7915 4.2,
 * 5.2). After bpf_skb_change_proto() a failure cannot be undone. */
static __always_inline bool l4_csum_fix(struct __sk_buff *skb, struct xctx *x,
				       __u8 proto, __u32 l4, __u32 csum_off,
				       const __u8 *hdr, __u16 old_tc,
				       __u16 new_tc, __s64 diff, __s64 pdiff,
				 int *verdict)
{
	__u32 coff = l4 + csum_off;

	if (proto == PROTO_TCP) {
		if (bpf_l4_csum_replace(skb, coff, 0, diff, BPF_F_PSEUDO_HDR))
			return stop(verdict, fail(x));
	} else if (proto == PROTO_UDP) {
		if (bpf_l4_csum_replace(skb, coff, 0, diff,
					BPF_F_PSEUDO_HDR | BPF_F_MARK_MANGLED_0))
			return stop(verdict, fail(x));
	} else if (bpf_skb_store_bytes(skb, l4, hdr, 1, 0) ||
		   bpf_l4_csum_replace(skb, coff, old_tc, new_tc, 2) ||
		   bpf_l4_csum_replace(skb, coff, 0, pdiff, BPF_F_PSEUDO_HDR)) {
		return stop(verdict, fail(x));
	}
	return false;
}

/* The new IP header in place of the old one, and the Ethernet type of an
 * inline packet. */
static __always_inline bool l3_swap(struct __sk_buff *skb, struct xctx *x,
				   __u32 l2, __u16 eth_proto, const void *hdr,
				   __u32 len,
				 int *verdict)
{
	__be16 proto = bpf_htons(eth_proto);

	if (bpf_skb_change_proto(skb, proto, 0))
		return stop(verdict, punt(skb, x, DP_PUNT_HELPER));
	if (bpf_skb_store_bytes(skb, l2, hdr, len, BPF_F_RECOMPUTE_CSUM))
		return stop(verdict, fail(x));
	if (l2 && bpf_skb_store_bytes(skb, 12, &proto, 2, 0))
		return stop(verdict, fail(x));
	return false;
}

/* ---- IPv4 -> IPv6 (RFC 7915 4) ---- */

/*
 * One packet: its headers (struct hdr46, which helpers read and write by
 * address, so it lives on the stack) and what the steps learnt (struct
 * pkt46, which only inline steps see, so its fields stay in registers
 * where the verifier keeps their ranges; so do the context and the link
 * header length, passed apart).
 */
struct hdr46 {
	struct ip4h ip;
	struct ip6h ip6;
	__u8 l4[4];     /* the transport header's first bytes */
};

struct pkt46 {
	struct hdr46 *h;
	__u32 l4len, tot, csum_off;
	__u32 midx;     /* the EAM entry credited: the destination's */
	bool dst_eam;
};

/* The IPv4 header: ours (inline: to a mapped address), well formed, not
 * a fragment, no options. */
static __always_inline bool read4(struct __sk_buff *skb, struct xctx *x,
				 const __u32 l2, struct pkt46 *p,
				 int *verdict)
{

	if (bpf_skb_load_bytes(skb, l2, &p->h->ip, sizeof(p->h->ip)) ||
	    (p->h->ip.vihl >> 4) != 4)
		return x->inl ? pass(x) : punt(skb, x, DP_PUNT_MALFORMED);
	p->dst_eam = eam4_lookup(x, p->h->ip.daddr, &p->h->ip6.addr[4], &p->midx);
	if (x->inl && !p->dst_eam)
		return stop(verdict, pass(x));
	if (p->h->ip.vihl != 0x45)
		return stop(verdict, punt(skb, x, DP_PUNT_IPV4_OPTIONS));
	if (csum_fold(bpf_csum_diff(0, 0, (__be32 *)&p->h->ip, sizeof(p->h->ip),
				    0)) != 0xffff)
		return stop(verdict, punt(skb, x, DP_PUNT_MALFORMED));
	p->tot = bpf_ntohs(p->h->ip.tot_len);
	/* Trailing bytes (link padding) would survive translation. */
	if (p->tot < sizeof(p->h->ip) + 8 || skb->len != l2 + p->tot)
		return stop(verdict, punt(skb, x, DP_PUNT_MALFORMED));
	if (p->h->ip.frag_off & bpf_htons(IP_MF_OFFSET))
		return stop(verdict, punt(skb, x, DP_PUNT_FRAGMENT));
	p->l4len = p->tot - sizeof(p->h->ip);
	return false;
}

/* One IPv4 address to IPv6 through pool6 (RFC 6052), when no EAM did. */
static __always_inline bool pool6_of(struct __sk_buff *skb, struct xctx *x,
				    __be32 v4, __be32 *v6,
				 int *verdict)
{
	if (!x->s->pool6_len)
		return stop(verdict, punt(skb, x, DP_PUNT_ADDR));
	if (x->s->pool6_wkp)
		return stop(verdict, punt(skb, x, DP_PUNT_WKP));
	pool6_embed(x->s, v4, v6);
	return false;
}

/* Both addresses (RFC 7757 EAM, then RFC 6052), and the TTL. */
static __always_inline bool addresses4(struct __sk_buff *skb, struct xctx *x,
				 const __u32 l2, struct pkt46 *p,
				 int *verdict)
{
	__u32 src_idx;

	if (addr4_special(p->h->ip.daddr))
		return stop(verdict, drop(x, XLAT_DROP_ADDR_SCOPE));
	if (addr4_special(p->h->ip.saddr)) {
		/* RFC 7915 4.1: an ICMPv4 error from 0/8 or 127/8 is still
		 * translated, for troubleshooting; the core decides. */
		const __u8 *b = (const __u8 *)&p->h->ip.saddr;
		if (p->h->ip.proto == PROTO_ICMP && (b[0] == 0 || b[0] == 127))
			return stop(verdict, punt(skb, x, DP_PUNT_ICMP));
		return stop(verdict, drop(x, XLAT_DROP_ADDR_SCOPE));
	}
	if (!p->dst_eam &&
	    pool6_of(skb, x, p->h->ip.daddr, &p->h->ip6.addr[4], verdict))
		return true;
	if (!eam4_lookup(x, p->h->ip.saddr, &p->h->ip6.addr[0], &src_idx)) {
		if (pool6_of(skb, x, p->h->ip.saddr, &p->h->ip6.addr[0],
			     verdict))
			return true;
	} else if (!x->s->accept_mapped_src4) {
		/* A mapped source from the IPv4 side: the core drops it
		 * (src_spoofs_mapped_ipv4). */
		return stop(verdict, punt(skb, x, DP_PUNT_ADDR));
	}
	if (p->h->ip.ttl <= 1)
		return stop(verdict, punt(skb, x, DP_PUNT_TTL));
	if (p->h->ip.proto != PROTO_TCP && p->h->ip.proto != PROTO_UDP &&
	    p->h->ip.proto != PROTO_ICMP)
		return stop(verdict, punt(skb, x, DP_PUNT_PROTO));
	return false;
}

/* Whether the IPv6 packet leaves whole: the core's rule (xlat_size.h),
 * whose limits the loader worked out for this configuration. A TCP
 * super-packet stays whole if every segment does. */
static __always_inline bool size4to6(struct __sk_buff *skb, struct xctx *x,
				 const __u32 l2, struct pkt46 *p,
				 int *verdict)
{
	bool df = p->h->ip.frag_off & bpf_htons(IP_DF);
	__u32 limit = df ? x->s->whole6_df : x->s->whole6;
	__u32 len6 = p->tot + 20, th;

	if (skb->gso_size) {
		if (p->h->ip.proto != PROTO_TCP || !df)
			return stop(verdict, punt(skb, x, DP_PUNT_GSO));
		if (tcp_hlen(skb, l2 + sizeof(p->h->ip), &th))
			return stop(verdict, punt(skb, x, DP_PUNT_MALFORMED));
		len6 = sizeof(p->h->ip6) + th + skb->gso_size;
	}
	if (limit && len6 > limit) /* Fragmentation Needed, or fragments */
		return stop(verdict, punt(skb, x, DP_PUNT_SIZE));
	return false;
}

/* RFC 7915 4.1 header, then the rewrite. */
static __always_inline bool rewrite4to6(struct __sk_buff *skb, struct xctx *x,
				 const __u32 l2, struct pkt46 *p,
				 int *verdict)
{
	__u8 tc = x->s->tos_override ? x->s->tos : p->h->ip.tos;
	__u8 proto = p->h->ip.proto;

	p->h->ip6.vtcfl = bpf_htonl(6u << 28 | (__u32)tc << 20); /* flow label 0 */
	p->h->ip6.plen = bpf_htons(p->l4len);
	p->h->ip6.nexthdr = proto == PROTO_ICMP ? PROTO_ICMPV6 : proto;
	p->h->ip6.hop = p->h->ip.ttl; /* the kernel's forwarding decrements it */

	__be32 old_addrs[2] = {p->h->ip.saddr, p->h->ip.daddr};
	__s64 diff = bpf_csum_diff(old_addrs, 8, p->h->ip6.addr, 32, 0);
	struct pseudo6 ph;
	__builtin_memcpy(ph.addr, p->h->ip6.addr, 32);
	ph.len = bpf_htonl(p->l4len);
	ph.next = bpf_htonl(PROTO_ICMPV6);
	__s64 pdiff = bpf_csum_diff(0, 0, (__be32 *)&ph, sizeof(ph), 0);
	__u16 old_tc = *(__u16 *)p->h->l4;
	p->h->l4[0] = p->h->l4[0] == 8 ? 128 : 129; /* RFC 7915 4.2: echo */
	__u16 new_tc = *(__u16 *)p->h->l4;

	if (l3_swap(skb, x, l2, ETH_P_IPV6, &p->h->ip6, sizeof(p->h->ip6),
		    verdict))
		return true;
	return l4_csum_fix(skb, x, proto, l2 + sizeof(p->h->ip6), p->csum_off,
			   p->h->l4, old_tc, new_tc, diff, pdiff, verdict);
}

static __always_inline int fast_4to6(struct __sk_buff *skb, const __u32 l2,
				     const bool inl)
{
	struct xctx x;
	struct hdr46 h = {};
	struct pkt46 p = {.h = &h, .midx = NO_MAPPING};
	int verdict = TC_ACT_OK;

	if (ctx_init(&x, inl))
		return TC_ACT_OK;
	if (read4(skb, &x, l2, &p, &verdict) ||
	    addresses4(skb, &x, l2, &p, &verdict) ||
	    l4_classify(skb, &x, l2 + sizeof(h.ip), p.l4len, h.ip.proto, 8, 0,
			h.l4, &p.csum_off, &verdict) ||
	    size4to6(skb, &x, l2, &p, &verdict) ||
	    rewrite4to6(skb, &x, l2, &p, &verdict))
		return verdict;
	return translated(skb, &x, false, p.midx, p.tot);
}

/* ---- IPv6 -> IPv4 (RFC 7915 5) ---- */

struct hdr64 {
	struct ip6h ip6;
	struct ip4h ip;
	__u8 l4[4];
};

struct pkt64 {
	struct hdr64 *h;
	__u32 plen, csum_off;
	__u32 midx;     /* the EAM entry credited: the source's */
	bool df;
};

/* The IPv6 header: ours (inline: to pool6 or a mapped address), well
 * formed, no extension header, a protocol the fast path knows. */
static __always_inline bool read6(struct __sk_buff *skb, struct xctx *x,
				 const __u32 l2, struct pkt64 *p,
				 int *verdict)
{
	__u32 dst_idx;

	if (bpf_skb_load_bytes(skb, l2, &p->h->ip6, sizeof(p->h->ip6)) ||
	    (bpf_ntohl(p->h->ip6.vtcfl) >> 28) != 6)
		return x->inl ? pass(x) : punt(skb, x, DP_PUNT_MALFORMED);
	bool dst_eam = eam6_lookup(x, &p->h->ip6.addr[4], &p->h->ip.daddr, &dst_idx);
	bool dst_pool = !dst_eam &&
			pool6_extract(x->s, &p->h->ip6.addr[4], &p->h->ip.daddr);
	if (x->inl && !dst_eam && !dst_pool)
		return stop(verdict, pass(x));
	p->plen = bpf_ntohs(p->h->ip6.plen);
	/* Jumbograms and trailing bytes are the core's business. */
	if (p->plen < 8 || skb->len != l2 + sizeof(p->h->ip6) + p->plen)
		return stop(verdict, punt(skb, x, DP_PUNT_MALFORMED));
	__u8 nh = p->h->ip6.nexthdr;
	if (nh == 0 || nh == 43 || nh == 44 || nh == 60)
		return stop(verdict, punt(skb, x, DP_PUNT_IPV6_EXT_HEADER));
	if (nh != PROTO_TCP && nh != PROTO_UDP && nh != PROTO_ICMPV6)
		return stop(verdict, punt(skb, x, DP_PUNT_PROTO));
	if (addr6_special(&p->h->ip6.addr[0]) || addr6_special(&p->h->ip6.addr[4]))
		return stop(verdict, drop(x, XLAT_DROP_ADDR_SCOPE));
	/* RFC 7757 4: an EAM destination means hairpinning. */
	if (dst_eam)
		return stop(verdict, punt(skb, x, DP_PUNT_HAIRPIN));
	if (!dst_pool)
		return stop(verdict, punt(skb, x, DP_PUNT_ADDR));
	return false;
}

/* The source (RFC 7757 EAM, else pool6 that embeds no mapped or
 * translator address), hairpinning, the hop limit. */
static __always_inline bool addresses6(struct __sk_buff *skb, struct xctx *x,
				 const __u32 l2, struct pkt64 *p,
				 int *verdict)
{

	if (x->s->pool6_wkp)
		return stop(verdict, punt(skb, x, DP_PUNT_WKP));
	if (eam4_find(x, p->h->ip.daddr))
		return stop(verdict, punt(skb, x, DP_PUNT_HAIRPIN));
	if (!eam6_lookup(x, &p->h->ip6.addr[0], &p->h->ip.saddr, &p->midx)) {
		/* pool6 source; one that embeds a mapped IPv4 address is a
		 * spoof the core drops (src_spoofs_mapped_ipv4). */
		if (!pool6_extract(x->s, &p->h->ip6.addr[0], &p->h->ip.saddr) ||
		    eam4_find(x, p->h->ip.saddr) || is_translator4(x->s, p->h->ip.saddr))
			return stop(verdict, punt(skb, x, DP_PUNT_ADDR));
	}
	if (p->h->ip6.hop <= 1)
		return stop(verdict, punt(skb, x, DP_PUNT_TTL));
	return false;
}

/* Whether the IPv4 packet leaves whole, and its DF bit: xlat_size.h. The
 * RFC 7915 5.1 DF rule is about the packets on the wire, so for a TCP
 * super-packet about its segments: small ones (MSS clamped for a 1280
 * path) go out with DF=0, and the kernel's segmentation gives each its
 * own Identification (the first one's, incremented). */
static __always_inline bool size6to4(struct __sk_buff *skb, struct xctx *x,
				 const __u32 l2, struct pkt64 *p,
				 int *verdict)
{
	__u32 mtu4 = x->s->mtu4;
	__u32 len4 = p->plen + sizeof(p->h->ip), th;

	if (skb->gso_size) {
		if (p->h->ip6.nexthdr != PROTO_TCP)
			return stop(verdict, punt(skb, x, DP_PUNT_GSO));
		if (tcp_hlen(skb, l2 + sizeof(p->h->ip6), &th))
			return stop(verdict, punt(skb, x, DP_PUNT_MALFORMED));
		len4 = sizeof(p->h->ip) + th + skb->gso_size;
	}
	/* Packet Too Big (DF) or IPv4 fragments: the core's job. */
	if (mtu4 && len4 > mtu4)
		return stop(verdict, punt(skb, x, DP_PUNT_SIZE));
	p->df = xlat_6to4_df(len4);
	return false;
}

/* RFC 7915 5.1 header, then the rewrite. */
static __always_inline bool rewrite6to4(struct __sk_buff *skb, struct xctx *x,
				 const __u32 l2, struct pkt64 *p,
				 int *verdict)
{
	struct ip4h *ip = &p->h->ip;
	__u8 nh = p->h->ip6.nexthdr;
	__u8 tclass = (__u8)(bpf_ntohl(p->h->ip6.vtcfl) >> 20);

	ip->vihl = 0x45;
	ip->tos = x->s->tos_override ? x->s->tos : tclass;
	ip->tot_len = bpf_htons(p->plen + sizeof(*ip));
	/* RFC 7915 5.1: DF=0 packets need an Identification; its value is
	 * the generator's choice (DESIGN-NOTES). */
	ip->id = p->df ? 0 : (__be16)bpf_get_prandom_u32();
	ip->frag_off = p->df ? bpf_htons(IP_DF) : 0;
	ip->ttl = p->h->ip6.hop; /* the kernel's forwarding decrements it */
	ip->proto = nh == PROTO_ICMPV6 ? PROTO_ICMP : nh;
	ip->check = ~csum_fold(bpf_csum_diff(0, 0, (__be32 *)ip, sizeof(*ip), 0));

	__be32 new_addrs[2] = {ip->saddr, ip->daddr};
	__s64 diff = bpf_csum_diff(p->h->ip6.addr, 32, new_addrs, 8, 0);
	struct pseudo6 ph;
	__builtin_memcpy(ph.addr, p->h->ip6.addr, 32);
	ph.len = bpf_htonl(p->plen);
	ph.next = bpf_htonl(PROTO_ICMPV6);
	/* Subtracting the pseudo-header: the sum of its complement. */
	__s64 pdiff = bpf_csum_diff((__be32 *)&ph, sizeof(ph), 0, 0, 0);
	__u16 old_tc = *(__u16 *)p->h->l4;
	p->h->l4[0] = p->h->l4[0] == 128 ? 8 : 0; /* RFC 7915 5.2: echo */
	__u16 new_tc = *(__u16 *)p->h->l4;

	if (l3_swap(skb, x, l2, ETH_P_IP, ip, sizeof(*ip), verdict))
		return true;
	return l4_csum_fix(skb, x, ip->proto, l2 + sizeof(*ip),
			   p->csum_off, p->h->l4, old_tc, new_tc, diff, pdiff, verdict);
}

static __always_inline int fast_6to4(struct __sk_buff *skb, const __u32 l2,
				     const bool inl)
{
	struct xctx x;
	struct hdr64 h = {};
	struct pkt64 p = {.h = &h, .midx = NO_MAPPING};
	int verdict = TC_ACT_OK;

	if (ctx_init(&x, inl))
		return TC_ACT_OK;
	if (read6(skb, &x, l2, &p, &verdict) ||
	    addresses6(skb, &x, l2, &p, &verdict) ||
	    l4_classify(skb, &x, l2 + sizeof(h.ip6), p.plen, h.ip6.nexthdr, 128,
			129, h.l4, &p.csum_off, &verdict) ||
	    size6to4(skb, &x, l2, &p, &verdict) ||
	    rewrite6to4(skb, &x, l2, &p, &verdict))
		return verdict;
	return translated(skb, &x, true, p.midx, sizeof(h.ip6) + p.plen);
}

SEC("tc")
int xlat_routed(struct __sk_buff *skb)
{
	/* Punted by an inline program: straight on to userspace (the mark
	 * goes no further than the TUN queue). */
	if (skb->mark == DP_PUNT_MARK)
		return TC_ACT_OK;
	if (skb->protocol == bpf_htons(ETH_P_IP))
		return fast_4to6(skb, 0, false);
	if (skb->protocol == bpf_htons(ETH_P_IPV6))
		return fast_6to4(skb, 0, false);
	return TC_ACT_OK;
}

SEC("tc")
int xlat_in4(struct __sk_buff *skb)
{
	if (skb->protocol != bpf_htons(ETH_P_IP))
		return TC_ACT_OK;
	return fast_4to6(skb, ETH_HLEN, true);
}

SEC("tc")
int xlat_in6(struct __sk_buff *skb)
{
	if (skb->protocol != bpf_htons(ETH_P_IPV6))
		return TC_ACT_OK;
	return fast_6to4(skb, ETH_HLEN, true);
}
