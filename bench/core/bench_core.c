/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Translation core micro-benchmark: ns/packet of xlat_4to6 / xlat_6to4
 * for common packet kinds, at EAMT sizes 1, 1k, 100k and 1M (1:1
 * /32 <-> /128 mappings, pool6 2001:db8:64::/96). See README.md.
 *
 * Scenario (SIIT-DC style): IPv4 clients in 203.0.113.0/24 (reached
 * through pool6) talk to IPv6 servers known to IPv4 by an EAM address.
 *   4->6: src = client (EAMT miss, then pool6), dst = EAM (EAMT hit)
 *   6->4: src = EAM (EAMT hit), dst = client (EAMT miss, pool6)
 *   ICMP errors: a router on the far side reports Time Exceeded for a
 *   packet to/from an EAM address, so the quoted packet hits the EAMT.
 *
 * So the large tables are not measured cache-hot on one entry, each
 * iteration rewrites the packet's mapped address to the next of 4096
 * entries chosen at random among the table. Every packet variant is fully
 * built beforehand (checksums correct); the loop only copies the bytes
 * that differ between variants into the input buffer, which costs the
 * same at every table size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "inet_csum.h"
#include "xlat.h"

#ifndef N_DST
#define N_DST 4096u /* mapped addresses cycled over (-DN_DST=... to change) */
#endif
#define RUNS 5              /* timed runs; the median is reported */
#define DEFAULT_ITERS 300000u
#define PKT_MAX 2048
#define HEADROOM 64 /* in front of the input packet, for the in-place API */
#define RESTORE 64  /* bytes the in-place API may overwrite, restored */
#define MTU 1500u
#define GOAL_TCP_NS 50.0
#define GOAL_RATIO 1.10

static const size_t eamt_sizes[] = {1, 1000, 100000, 1000000};
#define N_SIZES (sizeof(eamt_sizes) / sizeof(eamt_sizes[0]))

/* ---- addresses --------------------------------------------------------- */

static const uint8_t client4[4] = {203, 0, 113, 5};
static const uint8_t router4[4] = {203, 0, 113, 1};
static const uint8_t pool6[16] = {0x20, 0x01, 0x0d, 0xb8, 0x00, 0x64};
static const uint8_t router6[16] = {0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff,
				    [15] = 1};

/* EAM entry i: 20.0.0.0 + i <-> 2001:db8:ea::<i>. */
/*
 * Entry i, and the addresses the packets use. Default: 1:1 /32 <-> /128.
 * BENCH_EAM=long: /24 <-> /72, an IPv6 suffix longer than the IPv4 one
 * (RFC 7757 3.2): entry i maps 20.0.0.0/24 + i to 2001:db8:i::/72 (i in
 * bits 32..63), and the packets use host 42 (0x2a), which lands in bits
 * 72..79 of the IPv6 address.
 */
static bool long_eam;

static void eam_v4(uint32_t i, uint8_t a[4])
{
	uint32_t v = long_eam ? 0x14000000u + (i << 8) + 0x2a : 0x14000000u + i;

	a[0] = (uint8_t)(v >> 24);
	a[1] = (uint8_t)(v >> 16);
	a[2] = (uint8_t)(v >> 8);
	a[3] = (uint8_t)v;
}

static void eam_v6(uint32_t i, uint8_t a[16])
{
	static const uint8_t base[16] = {0x20, 0x01, 0x0d, 0xb8, 0x00, 0xea};

	memcpy(a, base, 16);
	if (long_eam) {
		wr32(a + 4, i);
		a[9] = 0x2a;
		return;
	}
	a[12] = (uint8_t)(i >> 24);
	a[13] = (uint8_t)(i >> 16);
	a[14] = (uint8_t)(i >> 8);
	a[15] = (uint8_t)i;
}

/* Entry i's prefixes: its addresses without the host bits. */
static enum eamt_err add_entry(struct eamt *t, uint32_t i)
{
	uint8_t v4[4], v6[16];

	eam_v4(i, v4);
	eam_v6(i, v6);
	if (!long_eam)
		return eamt_add(t, v4, 32, v6, 128);
	v4[3] = 0;
	v6[9] = 0;
	return eamt_add(t, v4, 24, v6, 72);
}

/* client6 = pool6 + client4 (RFC 6052 /96). */
static void client_v6(uint8_t a[16])
{
	memcpy(a, pool6, 12);
	memcpy(a + 12, client4, 4);
}

/* ---- checksums (RFC 1071) ---- */

static uint32_t pseudo4(const uint8_t *ip, uint8_t proto, size_t l4len)
{
	return csum_partial(ip + 12, 8, proto + (uint32_t)l4len);
}

static uint32_t pseudo6(const uint8_t *ip, uint8_t proto, size_t l4len)
{
	return csum_partial(ip + 8, 32, proto + (uint32_t)l4len);
}

/* ---- packet builders ---------------------------------------------------- */

#define P_ICMP 1
#define P_TCP 6
#define P_UDP 17
#define P_ICMP6 58

/* RFC 768: a UDP checksum that computes to zero is sent as all ones
 * (zero means "no checksum" over IPv4, and is not allowed over IPv6). */
static uint16_t l4_csum(uint8_t proto, uint32_t sum)
{
	uint16_t c = csum_finish(sum);

	return proto == P_UDP && c == 0 ? 0xffff : c;
}

static void ip4_hdr(uint8_t *p, size_t total, uint8_t proto, uint8_t ttl,
		    const uint8_t src[4], const uint8_t dst[4])
{
	memset(p, 0, 20);
	p[0] = 0x45;
	wr16(p + 2, (uint16_t)total);
	wr16(p + 4, 0x1234);
	p[6] = 0x40; /* DF */
	p[8] = ttl;
	p[9] = proto;
	memcpy(p + 12, src, 4);
	memcpy(p + 16, dst, 4);
	ip4_hdr_set_csum(p, 20);
}

static void ip6_hdr(uint8_t *p, size_t payload, uint8_t nh, uint8_t hlim,
		    const uint8_t src[16], const uint8_t dst[16])
{
	memset(p, 0, 40);
	p[0] = 0x60;
	wr16(p + 4, (uint16_t)payload);
	p[6] = nh;
	p[7] = hlim;
	memcpy(p + 8, src, 16);
	memcpy(p + 24, dst, 16);
}

static void fill_payload(uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		p[i] = (uint8_t)(i * 31 + 7);
}

/* TCP header + payload at l4; checksum left zero. */
static size_t tcp_seg(uint8_t *l4, uint8_t flags, size_t payload)
{
	memset(l4, 0, 20);
	wr16(l4, 443);
	wr16(l4 + 2, 51515);
	l4[4] = 0x12, l4[5] = 0x34, l4[6] = 0x56, l4[7] = 0x78;
	if (flags & 0x10)
		l4[8] = 0x9a, l4[9] = 0xbc;
	l4[12] = 0x50;
	l4[13] = flags;
	wr16(l4 + 14, 65535);
	fill_payload(l4 + 20, payload);
	return 20 + payload;
}

static size_t udp_dgram(uint8_t *l4, size_t payload)
{
	wr16(l4, 53);
	wr16(l4 + 2, 40000);
	wr16(l4 + 4, (uint16_t)(8 + payload));
	wr16(l4 + 6, 0);
	fill_payload(l4 + 8, payload);
	return 8 + payload;
}

static size_t echo_msg(uint8_t *l4, uint8_t type)
{
	memset(l4, 0, 8);
	l4[0] = type;
	wr16(l4 + 4, 0x4242);
	wr16(l4 + 6, 7);
	fill_payload(l4 + 8, 56);
	return 64;
}

/* IPv4 packet with a TCP/UDP/ICMP body made by body(); full checksums. */
static size_t v4_packet(uint8_t *p, uint8_t proto, size_t l4len, uint8_t ttl,
			const uint8_t src[4], const uint8_t dst[4])
{
	uint8_t *l4 = p + 20;
	size_t csum_off = proto == P_TCP ? 16 : proto == P_UDP ? 6 : 2;

	ip4_hdr(p, 20 + l4len, proto, ttl, src, dst);
	wr16(l4 + csum_off, 0);
	if (proto == P_ICMP)
		wr16(l4 + 2, csum_finish(csum_partial(l4, l4len, 0)));
	else
		wr16(l4 + csum_off,
		     l4_csum(proto, csum_partial(l4, l4len,
						 pseudo4(p, proto, l4len))));
	return 20 + l4len;
}

static size_t v6_packet(uint8_t *p, uint8_t nh, size_t l4len, uint8_t hlim,
			const uint8_t src[16], const uint8_t dst[16])
{
	uint8_t *l4 = p + 40;
	size_t csum_off = nh == P_TCP ? 16 : nh == P_UDP ? 6 : 2;

	ip6_hdr(p, l4len, nh, hlim, src, dst);
	wr16(l4 + csum_off, 0);
	wr16(l4 + csum_off,
	     l4_csum(nh, csum_partial(l4, l4len, pseudo6(p, nh, l4len))));
	return 40 + l4len;
}

/* Each builder makes one packet variant for mapped entry (v4, v6). */
typedef size_t (*build_fn)(uint8_t *p, const uint8_t v4[4],
			   const uint8_t v6[16]);

static size_t b4_tcp_data(uint8_t *p, const uint8_t v4[4], const uint8_t *v6)
{
	(void)v6;
	return v4_packet(p, P_TCP, tcp_seg(p + 20, 0x18, 1400), 64, client4,
			 v4);
}

static size_t b4_tcp_syn(uint8_t *p, const uint8_t v4[4], const uint8_t *v6)
{
	(void)v6;
	return v4_packet(p, P_TCP, tcp_seg(p + 20, 0x02, 0), 64, client4, v4);
}

static size_t b4_udp(uint8_t *p, const uint8_t v4[4], const uint8_t *v6)
{
	(void)v6;
	return v4_packet(p, P_UDP, udp_dgram(p + 20, 100), 64, client4, v4);
}

static size_t b4_echo(uint8_t *p, const uint8_t v4[4], const uint8_t *v6)
{
	(void)v6;
	return v4_packet(p, P_ICMP, echo_msg(p + 20, 8), 64, client4, v4);
}

/* ICMPv4 Time Exceeded from a router to the EAM address, quoting the
 * EAM host's UDP datagram to the client (as it arrived, TTL 1). */
static size_t b4_time_exceeded(uint8_t *p, const uint8_t v4[4],
			       const uint8_t *v6)
{
	uint8_t *icmp = p + 20;
	size_t inner;

	(void)v6;
	memset(icmp, 0, 8);
	icmp[0] = 11;
	inner = v4_packet(icmp + 8, P_UDP, udp_dgram(icmp + 28, 32), 1, v4,
			  client4);
	return v4_packet(p, P_ICMP, 8 + inner, 64, router4, v4);
}

static size_t b6_tcp_data(uint8_t *p, const uint8_t *v4, const uint8_t v6[16])
{
	uint8_t c6[16];

	(void)v4;
	client_v6(c6);
	return v6_packet(p, P_TCP, tcp_seg(p + 40, 0x18, 1400), 64, v6, c6);
}

static size_t b6_tcp_syn(uint8_t *p, const uint8_t *v4, const uint8_t v6[16])
{
	uint8_t c6[16];

	(void)v4;
	client_v6(c6);
	return v6_packet(p, P_TCP, tcp_seg(p + 40, 0x12, 0), 64, v6, c6);
}

static size_t b6_udp(uint8_t *p, const uint8_t *v4, const uint8_t v6[16])
{
	uint8_t c6[16];

	(void)v4;
	client_v6(c6);
	return v6_packet(p, P_UDP, udp_dgram(p + 40, 100), 64, v6, c6);
}

static size_t b6_echo(uint8_t *p, const uint8_t *v4, const uint8_t v6[16])
{
	uint8_t c6[16];

	(void)v4;
	client_v6(c6);
	return v6_packet(p, P_ICMP6, echo_msg(p + 40, 128), 64, v6, c6);
}

/* ICMPv6 Time Exceeded from an (unmapped) IPv6 router to the client,
 * quoting the client's UDP datagram to the EAM host. The router's source
 * becomes an RFC 6791 pool address. */
static size_t b6_time_exceeded(uint8_t *p, const uint8_t *v4,
			       const uint8_t v6[16])
{
	uint8_t c6[16], *icmp = p + 40;
	size_t inner;

	(void)v4;
	client_v6(c6);
	memset(icmp, 0, 8);
	icmp[0] = 3;
	inner = v6_packet(icmp + 8, P_UDP, udp_dgram(icmp + 48, 32), 1, c6,
			  v6);
	return v6_packet(p, P_ICMP6, 8 + inner, 64, router6, c6);
}

struct bcase {
	const char *name;
	int from; /* 4: xlat_4to6, 6: xlat_6to4 */
	bool tcp; /* the <= 50 ns goal applies */
	build_fn build;
	bool inplace; /* xlat_*_inplace instead of the copying API */
};

static const struct bcase cases[] = {
	{"TCP 1400B payload", 4, true, b4_tcp_data, false},
	{"TCP SYN (40B)", 4, true, b4_tcp_syn, false},
	{"UDP 100B payload", 4, false, b4_udp, false},
	{"ICMP echo 64B", 4, false, b4_echo, false},
	{"ICMP Time Exceeded/UDP", 4, false, b4_time_exceeded, false},
	{"TCP 1400B payload", 6, true, b6_tcp_data, false},
	{"TCP SYN-ACK (60B)", 6, true, b6_tcp_syn, false},
	{"UDP 100B payload", 6, false, b6_udp, false},
	{"ICMPv6 echo 64B", 6, false, b6_echo, false},
	{"ICMPv6 Time Exceeded/UDP", 6, false, b6_time_exceeded, false},
	/* In-place API (xlat.h): the plain cases only; the ICMP errors
	 * would fall back to the copying path. */
	{"TCP 1400B, in place", 4, true, b4_tcp_data, true},
	{"TCP SYN, in place", 4, true, b4_tcp_syn, true},
	{"UDP 100B, in place", 4, false, b4_udp, true},
	{"ICMP echo, in place", 4, false, b4_echo, true},
	{"TCP 1400B, in place", 6, true, b6_tcp_data, true},
	{"TCP SYN-ACK, in place", 6, true, b6_tcp_syn, true},
	{"UDP 100B, in place", 6, false, b6_udp, true},
	{"ICMPv6 echo, in place", 6, false, b6_echo, true},
};
#define N_CASES (sizeof(cases) / sizeof(cases[0]))

/* ---- patch spans -------------------------------------------------------- */

#define MAX_SPANS 8

/* Byte ranges that differ between variants of a packet. */
struct spans {
	size_t n, bytes, len;
	uint16_t off[MAX_SPANS], cnt[MAX_SPANS];
};

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng(void)
{
	/* splitmix64 */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Union, over a few very different entries, of the bytes that change;
 * gaps of up to 8 bytes are merged into one span. */
static void find_spans(const struct bcase *c, struct spans *s)
{
	static uint8_t base[PKT_MAX], var[PKT_MAX], diff[PKT_MAX];
	uint8_t v4[4], v6[16];
	size_t last = 0;

	memset(diff, 0, sizeof(diff));
	memset(s, 0, sizeof(*s));
	eam_v4(0, v4);
	eam_v6(0, v6);
	s->len = c->build(base, v4, v6);
	for (uint32_t k = 1; k <= 16; k++) {
		uint32_t i = (uint32_t)(rng() % 1000000u) ^ k;

		eam_v4(i, v4);
		eam_v6(i, v6);
		c->build(var, v4, v6);
		for (size_t b = 0; b < s->len; b++)
			diff[b] |= base[b] != var[b];
	}
	for (size_t b = 0; b < s->len; b++) {
		if (!diff[b])
			continue;
		if (s->n && b - last <= 8) {
			s->cnt[s->n - 1] = (uint16_t)(b - s->off[s->n - 1] + 1);
		} else if (s->n < MAX_SPANS) {
			s->off[s->n] = (uint16_t)b;
			s->cnt[s->n++] = 1;
		} else {
			fprintf(stderr, "%s: too many spans\n", c->name);
			exit(1);
		}
		last = b;
	}
	for (size_t i = 0; i < s->n; i++)
		s->bytes += s->cnt[i];
}

/* A packet plus the span bytes of all N_DST variants. The packet starts
 * HEADROOM bytes into buf, where the in-place 4->6 writes its header. */
struct workload {
	struct spans sp;
	_Alignas(64) uint8_t buf[HEADROOM + PKT_MAX];
	uint8_t *pkt;      /* buf + HEADROOM */
	uint8_t orig[RESTORE]; /* first bytes of the packet, for in place */
	uint8_t *blob; /* N_DST * sp.bytes */
};

/* The in-place API overwrote the header and the start of the L4 header
 * (at most RESTORE bytes from buf + HEADROOM - 20): put them back, as a
 * fresh packet from the NIC would be. A fixed 64-byte copy, about 1 ns,
 * counted in the in-place rows. */
static inline void workload_restore(struct workload *w)
{
	memcpy(w->pkt, w->orig, RESTORE);
}

static inline void workload_select(struct workload *w, size_t k)
{
	const uint8_t *b = w->blob + k * w->sp.bytes;

	for (size_t i = 0; i < w->sp.n; i++) {
		memcpy(w->pkt + w->sp.off[i], b, w->sp.cnt[i]);
		b += w->sp.cnt[i];
	}
}

/* Patching the spans must give exactly the fully built variant, or the
 * spans missed a byte that varies. */
static void workload_verify(struct workload *w, const struct bcase *c,
			    const uint32_t *dst_idx)
{
	static uint8_t full[PKT_MAX];
	uint8_t v4[4], v6[16];

	for (size_t k = 0; k < N_DST; k++) {
		eam_v4(dst_idx[k], v4);
		eam_v6(dst_idx[k], v6);
		c->build(full, v4, v6);
		workload_select(w, k);
		if (memcmp(full, w->pkt, w->sp.len) != 0) {
			fprintf(stderr, "%s: variant %zu differs outside the "
				"patched spans\n", c->name, k);
			exit(1);
		}
	}
}

static void workload_make(struct workload *w, const struct bcase *c,
			  const uint32_t *dst_idx)
{
	uint8_t v4[4], v6[16];

	w->pkt = w->buf + HEADROOM;
	find_spans(c, &w->sp);
	w->blob = malloc(N_DST * (w->sp.bytes ? w->sp.bytes : 1));
	if (!w->blob) {
		perror("malloc");
		exit(1);
	}
	for (size_t k = 0; k < N_DST; k++) {
		uint8_t *b = w->blob + k * w->sp.bytes;

		eam_v4(dst_idx[k], v4);
		eam_v6(dst_idx[k], v6);
		c->build(w->pkt, v4, v6);
		for (size_t i = 0; i < w->sp.n; i++) {
			memcpy(b, w->pkt + w->sp.off[i], w->sp.cnt[i]);
			b += w->sp.cnt[i];
		}
	}
	workload_verify(w, c, dst_idx);
	memcpy(w->orig, w->pkt, RESTORE);
}

/* ---- timing ------------------------------------------------------------- */

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[n / 2];
}

/* One EAMT size: the table, its config and the entries the loop uses. */
struct size_ctx {
	size_t n;
	struct eamt *eamt;
	struct xlat_config cfg;
	uint32_t dst_idx[N_DST];
	double build_ms;
};

struct bench_ctx {
	struct xlat_counters ctr;
	uint8_t *out;
	struct xlat_result res;
	unsigned iters;
};

static enum xlat_verdict run_one(struct bench_ctx *b,
				 const struct xlat_config *cfg,
				 const struct bcase *c,
				 struct workload *w)
{
	if (c->inplace && c->from == 4)
		return xlat_4to6_inplace(cfg, &b->ctr, w->buf, HEADROOM,
					 w->sp.len, MTU, MTU, b->out,
					 XLAT_OUT_BUF_SIZE, &b->res);
	if (c->inplace)
		return xlat_6to4_inplace(cfg, &b->ctr, w->buf, HEADROOM,
					 w->sp.len, MTU, MTU, b->out,
					 XLAT_OUT_BUF_SIZE, &b->res);
	if (c->from == 4)
		return xlat_4to6(cfg, &b->ctr, w->pkt, w->sp.len, MTU, MTU, b->out,
				 XLAT_OUT_BUF_SIZE, &b->res);
	return xlat_6to4(cfg, &b->ctr, w->pkt, w->sp.len, MTU, MTU, b->out,
			 XLAT_OUT_BUF_SIZE, &b->res);
}

/* Every variant must translate to exactly one packet, or the figures
 * would measure a drop path; in place, it must have been translated in
 * place, into the same bytes as the copying API gives. */
static bool check_case(struct bench_ctx *b, const struct xlat_config *cfg,
		       const struct bcase *c, struct workload *w)
{
	static uint8_t copy[PKT_MAX];
	struct bcase copying = *c;

	copying.inplace = false;
	for (size_t k = 0; k < N_DST; k++) {
		workload_restore(w);
		workload_select(w, k);
		if (c->inplace) {
			/* Same counters for both: 6->4 IPv4 IDs depend on
			 * the packet count. */
			struct xlat_counters saved = b->ctr;

			if (run_one(b, cfg, &copying, w) != XLAT_TRANSLATED)
				return false;
			memcpy(copy, b->out, b->res.pkts[0].len);
			b->ctr = saved;
		}
		if (run_one(b, cfg, c, w) != XLAT_TRANSLATED ||
		    b->res.n != 1 || b->res.in_place != c->inplace ||
		    (c->inplace &&
		     memcmp(copy, w->buf + b->res.pkts[0].offset,
			    b->res.pkts[0].len) != 0)) {
			fprintf(stderr, "%s (%d->%d): variant %zu not translated"
				" (verdict %d, reason %s)\n", c->name, c->from,
				c->from == 4 ? 6 : 4, k, b->res.verdict,
				xlat_drop_reason_name(b->res.reason));
			return false;
		}
	}
	return true;
}

/* ns/packet over iters packets (iters / 4 when warming up). Each run
 * starts with one untimed pass over the destinations: the runs of the
 * other sizes, interleaved with this one, evicted its working set. */
static double time_run(struct bench_ctx *b, const struct xlat_config *cfg,
		       const struct bcase *c, struct workload *w, bool warm)
{
	unsigned iters = warm ? b->iters / 4 : b->iters;
	double t0;

	for (unsigned i = 0; i < N_DST; i++) {
		if (c->inplace)
			workload_restore(w);
		workload_select(w, i);
		run_one(b, cfg, c, w);
	}
	t0 = now_ns();
	if (c->inplace) {
		for (unsigned i = 0; i < iters; i++) {
			workload_restore(w);
			workload_select(w, i % N_DST);
			run_one(b, cfg, c, w);
		}
	} else {
		for (unsigned i = 0; i < iters; i++) {
			workload_select(w, i % N_DST);
			run_one(b, cfg, c, w);
		}
	}
	return (now_ns() - t0) / iters;
}

/* ---- EAMT --------------------------------------------------------------- */

static struct eamt *build_eamt(size_t n, double *ms)
{
	double t0 = now_ns();
	struct eamt *t = eamt_create(n);

	if (!t) {
		fprintf(stderr, "eamt_create(%zu) failed\n", n);
		exit(1);
	}
	for (uint32_t i = 0; i < n; i++) {
		enum eamt_err err = add_entry(t, i);

		if (err != EAMT_OK) {
			fprintf(stderr, "eamt_add: %s\n", eamt_strerror(err));
			exit(1);
		}
	}
	*ms = (now_ns() - t0) / 1e6;
	return t;
}

/* HOT: the same entry every time, so the table is cache-hot whatever its
 * size; any growth with the size would then be the algorithm's. */
enum lookup_kind { HIT4, HIT6, HIT4_HOT, HIT6_HOT, MISS4, N_LOOKUP_KINDS };

static const char *const lookup_names[N_LOOKUP_KINDS] = {
	"eamt_lookup4 hit", "eamt_lookup6 hit", "eamt_lookup4 hit, 1 dst",
	"eamt_lookup6 hit, 1 dst", "eamt_lookup4 miss"};

/* Lookup-only ns/lookup: isolates the table from the rest of the core. */
static double time_lookups(const struct size_ctx *z, unsigned iters,
			   enum lookup_kind kind)
{
	static uint8_t a4[N_DST][4], a6[N_DST][16];
	uint8_t o4[4], o6[16];
	volatile unsigned sink;
	unsigned hits = 0;
	double t0 = 0;

	for (size_t k = 0; k < N_DST; k++) {
		bool hot = kind == HIT4_HOT || kind == HIT6_HOT;

		eam_v4(z->dst_idx[hot ? 0 : k], a4[k]);
		eam_v6(z->dst_idx[hot ? 0 : k], a6[k]);
		if (kind == MISS4)
			memcpy(a4[k], client4, 4);
	}
	for (unsigned i = 0; i < iters + N_DST; i++) {
		size_t k = i % N_DST;

		if (i == N_DST) /* the first pass refilled the caches */
			t0 = now_ns();
		if (kind == HIT6 || kind == HIT6_HOT)
			hits += eamt_lookup6(z->eamt, a6[k], o4);
		else
			hits += eamt_lookup4(z->eamt, a4[k], o6);
	}
	sink = hits;
	(void)sink;
	return (now_ns() - t0) / iters;
}

/* ---- driver ------------------------------------------------------------- */

static void pick_destinations(size_t n, uint32_t *dst_idx)
{
	for (size_t k = 0; k < N_DST; k++)
		dst_idx[k] = (uint32_t)(rng() % n);
}

static size_t distinct(const uint32_t *dst_idx)
{
	static uint8_t seen[1000000 / 8 + 1];
	size_t d = 0;

	memset(seen, 0, sizeof(seen));
	for (size_t k = 0; k < N_DST; k++) {
		uint32_t i = dst_idx[k];

		if (!(seen[i / 8] & (1u << (i % 8))))
			d++;
		seen[i / 8] |= (uint8_t)(1u << (i % 8));
	}
	return d;
}

static void config_init(struct xlat_config *cfg, const struct eamt *t)
{
	static const uint8_t own4[4] = {192, 0, 2, 1};
	static const uint8_t pool6791[4] = {198, 51, 100, 0};

	xlat_config_init(cfg);
	cfg->has_pool6 = true;
	memcpy(cfg->pool6.addr, pool6, 16);
	cfg->pool6.len = 96;
	cfg->eamt = t;
	cfg->has_own_v4 = true;
	memcpy(cfg->own_v4, own4, 4);
	cfg->has_own_v6 = true;
	memcpy(cfg->own_v6, router6, 16);
	cfg->own_v6[15] = 0x64;
	cfg->has_pool6791_v4 = true;
	memcpy(cfg->pool6791_v4, pool6791, 4);
	cfg->pool6791_v4_len = 28;
}

static void setup_size(struct size_ctx *z, size_t n)
{
	z->n = n;
	z->eamt = build_eamt(n, &z->build_ms);
	pick_destinations(n, z->dst_idx);
	config_init(&z->cfg, z->eamt);
	printf("EAMT %7zu entries: build %7.1f ms (%5.0f ns/entry), "
	       "%6.1f bytes/mapping, lookups cycle over %zu distinct "
	       "entries\n", n, z->build_ms, z->build_ms * 1e6 / (double)n,
	       (double)eamt_memory(z->eamt) / (double)eamt_count(z->eamt),
	       distinct(z->dst_idx));
	fflush(stdout);
}

/*
 * Runs are interleaved across table sizes (run r of every size before run
 * r + 1 of any), so that a slow phase of the machine (frequency change,
 * another process) hits all sizes alike and the 1M/1 ratio stays fair.
 * Returns false when a case does not translate.
 */
static bool bench_case(struct bench_ctx *b, struct size_ctx *sz,
		       const struct bcase *c, double *out)
{
	struct workload w[N_SIZES];
	double runs[N_SIZES][RUNS];
	bool ok = true;

	for (size_t s = 0; s < N_SIZES; s++) {
		workload_make(&w[s], c, sz[s].dst_idx);
		ok = ok && check_case(b, &sz[s].cfg, c, &w[s]);
	}
	for (size_t s = 0; ok && s < N_SIZES; s++)
		time_run(b, &sz[s].cfg, c, &w[s], true);
	for (int r = 0; ok && r < RUNS; r++)
		for (size_t s = 0; s < N_SIZES; s++)
			runs[s][r] = time_run(b, &sz[s].cfg, c, &w[s], false);
	for (size_t s = 0; s < N_SIZES; s++) {
		out[s] = ok ? median(runs[s], RUNS) : -1;
		free(w[s].blob);
	}
	return ok;
}

static void bench_lookups(const struct size_ctx *sz, unsigned iters,
			  double out[N_LOOKUP_KINDS][N_SIZES])
{
	for (int k = 0; k < N_LOOKUP_KINDS; k++) {
		double runs[N_SIZES][RUNS];

		for (size_t s = 0; s < N_SIZES; s++) /* warm-up */
			time_lookups(&sz[s], iters / 4, (enum lookup_kind)k);
		for (int r = 0; r < RUNS; r++)
			for (size_t s = 0; s < N_SIZES; s++)
				runs[s][r] = time_lookups(
					&sz[s], iters, (enum lookup_kind)k);
		for (size_t s = 0; s < N_SIZES; s++)
			out[k][s] = median(runs[s], RUNS);
	}
}

static void print_header(const char *title)
{
	printf("\n%s, median of %d interleaved runs; columns: EAMT entries\n",
	       title, RUNS);
	printf("%-26s %-5s %8s %8s %8s %8s  %5s\n", "case", "dir", "1", "1k",
	       "100k", "1M", "1M/1");
}

/* goals: print "goal <= x: yes/no" for information; nothing asserts. */
static void print_row(const char *name, const char *dir, const double *v,
		      bool goals, bool tcp)
{
	double ratio = v[N_SIZES - 1] / v[0];

	printf("%-26s %-5s", name, dir);
	for (size_t s = 0; s < N_SIZES; s++)
		printf(" %8.1f", v[s]);
	printf("  %5.2f", ratio);
	if (goals)
		printf("  [ratio <= %.2f: %-3s]", GOAL_RATIO,
		       ratio <= GOAL_RATIO ? "yes" : "no");
	if (tcp)
		printf(" [1M <= %.0f ns: %s]", GOAL_TCP_NS,
		       v[N_SIZES - 1] <= GOAL_TCP_NS ? "yes" : "no");
	printf("\n");
}

static struct size_ctx sizes[N_SIZES];

int main(int argc, char **argv)
{
	unsigned iters = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 0;
	double lookups[N_LOOKUP_KINDS][N_SIZES];
	struct bench_ctx b;

	memset(&b, 0, sizeof(b));
	b.iters = iters ? iters : DEFAULT_ITERS;
	long_eam = getenv("BENCH_EAM") && !strcmp(getenv("BENCH_EAM"), "long");
	b.out = malloc(XLAT_OUT_BUF_SIZE);
	if (!b.out) {
		perror("malloc");
		return 1;
	}
	printf("bench-core: %u packets/run, %d runs, %u mapped destinations "
	       "per size (random entries), %s EAMs, pool6 "
	       "2001:db8:64::/96, mtu %u\n", b.iters, RUNS, N_DST,
	       long_eam ? "/24<->/72 (BENCH_EAM=long)" : "1:1 /32<->/128",
	       MTU);
	for (size_t s = 0; s < N_SIZES; s++)
		setup_size(&sizes[s], eamt_sizes[s]);

	print_header("ns/packet");
	for (size_t c = 0; c < N_CASES; c++) {
		const struct bcase *k = &cases[c];
		double v[N_SIZES];

		if (bench_case(&b, sizes, k, v))
			print_row(k->name, k->from == 4 ? "4->6" : "6->4", v,
				  true, k->tcp);
		else
			printf("%-26s %d->%d  not translated, skipped\n",
			       k->name, k->from, k->from == 4 ? 6 : 4);
		fflush(stdout);
	}

	bench_lookups(sizes, b.iters, lookups);
	print_header("EAMT alone, ns/lookup (no goals: diagnostics)");
	for (int k = 0; k < N_LOOKUP_KINDS; k++)
		print_row(lookup_names[k], "", lookups[k], false, false);

	for (size_t s = 0; s < N_SIZES; s++)
		eamt_destroy(sizes[s].eamt);
	free(b.out);
	return 0;
}
