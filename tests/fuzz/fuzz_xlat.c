/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for both translation directions. The first input byte
 * picks the configuration variant and the next-hop MTUs; the rest is the
 * packet, given to xlat_4to6 or xlat_6to4 by its version nibble (and also,
 * deliberately, to the other direction, which must reject it cleanly).
 *
 * Besides the sanitizers, it checks the core's output contract: every
 * output packet lies inside the buffer, has the announced family, and
 * its length field matches its size.
 *
 * It also checks that the three ways of translating a packet agree on
 * every input: the general path alone (xlat_4to6_general, internal), the
 * public copying API (fast path, else general path) and the in-place API
 * (fast path in the input buffer, else the copying API). Same verdict,
 * reason, mapping, counters and output bytes; and when the in-place API
 * did not translate in place, the input buffer is unmodified. Bits 5-6 of
 * the first byte pick the headroom (64, 20, 19 or 0 bytes) in front of
 * the in-place copy of the packet.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xlat.h"
#include "xlat_internal.h" /* xlat_4to6_general, xlat_6to4_general */

#define MAX_HEADROOM 64

static struct eamt *eamt;
static struct xlat_config cfgs[2];
static uint8_t out[XLAT_OUT_BUF_SIZE];
static uint8_t out_gen[XLAT_OUT_BUF_SIZE];
static uint8_t out_ip[XLAT_OUT_BUF_SIZE];
static uint8_t inbuf[MAX_HEADROOM + 70000];
static uint8_t inbuf_orig[MAX_HEADROOM + 70000];

static void add(const char *v4s, unsigned l4, const uint8_t v6[16], unsigned l6)
{
	uint8_t v4[4];
	unsigned a, b, c, d;
	if (sscanf(v4s, "%u.%u.%u.%u", &a, &b, &c, &d) != 4)
		abort();
	v4[0] = (uint8_t)a; v4[1] = (uint8_t)b; v4[2] = (uint8_t)c; v4[3] = (uint8_t)d;
	if (eamt_add(eamt, v4, l4, v6, l6) != EAMT_OK)
		abort();
}

static void setup(void)
{
	static const uint8_t s1[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 0x10};
	static const uint8_t s2[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 2, [15] = 0};
	static const uint8_t own6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};

	/* RFC 7757 3.2, an IPv6 suffix longer than the IPv4 one: the IPv4
	 * suffix after bit 72, and one across the 64-bit middle. */
	static const uint8_t s3[16] = {0x20, 0x01, 0x0d, 0xb8, 0x01, 0xc0, 0, 2};
	static const uint8_t s4[16] = {0x20, 0x01, 0x0d, 0xb8, 0xaa};

	eamt = eamt_create(16);
	add("198.51.100.10", 32, s1, 128);
	add("192.0.2.0", 24, s2, 120);
	add("198.18.5.0", 24, s3, 72);
	add("10.0.0.0", 8, s4, 40);
	for (int i = 0; i < 2; i++) {
		struct xlat_config *c = &cfgs[i];
		xlat_config_init(c);
		c->eamt = eamt;
		c->has_pool6 = true;
		c->pool6.addr[0] = 0x20; c->pool6.addr[1] = 0x01;
		c->pool6.addr[2] = 0x0d; c->pool6.addr[3] = 0xb8;
		c->pool6.addr[5] = 0x64;
		c->pool6.len = 96;
		c->has_own_v4 = true;
		memcpy(c->own_v4, (uint8_t[4]){192, 0, 2, 1}, 4);
		c->has_own_v6 = true;
		memcpy(c->own_v6, own6, 16);
	}
	/* Variant 0 builds every ICMP error; variant 1 keeps the default
	 * rate limit, whose clock (now_ms) never moves here: past its burst
	 * it suppresses them, and that path is fuzzed too. */
	cfgs[0].icmp_error_rate = 0;
	/* Variant 1: the well-known prefix at /64 (u octet), RFC 6791
	 * pools, TOS override, zero checksums dropped. */
	struct xlat_config *c = &cfgs[1];
	memset(c->pool6.addr, 0, 16);
	c->pool6.addr[0] = 0x00; c->pool6.addr[1] = 0x64;
	c->pool6.addr[2] = 0xff; c->pool6.addr[3] = 0x9b;
	c->pool6.len = 64;
	c->has_pool6791_v4 = true;
	memcpy(c->pool6791_v4, (uint8_t[4]){203, 0, 113, 0}, 4);
	c->pool6791_v4_len = 28;
	c->has_pool6791_v6 = true;
	c->pool6791_v6[0] = 0x20; c->pool6791_v6[1] = 0x01;
	c->pool6791_v6_len = 112;
	c->tos_override = true;
	c->tos = 0x20;
	c->zero_csum_policy = XLAT_ZERO_CSUM_DROP;
	c->lowest_ipv6_mtu = 1500;
}

static void check_result_in(const struct xlat_result *res,
			    const uint8_t *buf, size_t cap)
{
	if (res->verdict == XLAT_DROP && res->n != 0)
		abort();
	if (res->verdict != XLAT_DROP && res->n == 0)
		abort();
	for (unsigned i = 0; i < res->n; i++) {
		const struct xlat_out_pkt *p = &res->pkts[i];
		if ((size_t)p->offset + p->len > cap)
			abort();
		const uint8_t *b = buf + p->offset;
		if (p->family == 4) {
			if (p->len < 20 || (b[0] >> 4) != 4 ||
			    (size_t)(b[2] << 8 | b[3]) != p->len)
				abort();
		} else if (p->family == 6) {
			if (p->len < 40 || (b[0] >> 4) != 6 ||
			    (size_t)(b[4] << 8 | b[5]) + 40 != p->len)
				abort();
		} else {
			abort();
		}
	}
}

static void check_result(const struct xlat_result *res)
{
	check_result_in(res, out, sizeof(out));
}

/* Same outcome, counters and bytes. a_buf/b_buf: where each result's
 * packets are. */
static void same_result(const struct xlat_result *a, const uint8_t *a_buf,
			const struct xlat_result *b, const uint8_t *b_buf)
{
	if (a->verdict != b->verdict || a->reason != b->reason ||
	    a->n != b->n || a->mapping != b->mapping)
		abort();
	for (unsigned i = 0; i < a->n; i++) {
		const struct xlat_out_pkt *p = &a->pkts[i], *q = &b->pkts[i];
		if (p->len != q->len || p->family != q->family ||
		    memcmp(a_buf + p->offset, b_buf + q->offset, p->len) != 0)
			abort();
	}
}

enum dir { DIR_4TO6, DIR_6TO4, DIR_ANY };

/* Translate data three ways (general path, copying API, in place) with
 * counters that start equal, and check they agree. */
static void three_ways(const struct xlat_config *cfg, enum dir dir,
		       const uint8_t *data, size_t size, size_t headroom,
		       uint32_t mtu4, uint32_t mtu6)
{
	static struct xlat_counters c_gen, c_copy, c_ip;
	struct xlat_result r_gen, r_copy, r_ip;

	switch (dir) {
	case DIR_4TO6:
		xlat_4to6_general(cfg, &c_gen, data, size, mtu4, mtu6, out_gen,
				  sizeof(out_gen), &r_gen);
		xlat_4to6(cfg, &c_copy, data, size, mtu4, mtu6, out,
			  sizeof(out), &r_copy);
		break;
	case DIR_6TO4:
		xlat_6to4_general(cfg, &c_gen, data, size, mtu4, mtu6, out_gen,
				  sizeof(out_gen), &r_gen);
		xlat_6to4(cfg, &c_copy, data, size, mtu4, mtu6, out,
			  sizeof(out), &r_copy);
		break;
	case DIR_ANY: /* the general path, dispatched as xlat_packet does */
		if (size >= 1 && (data[0] >> 4) == 4)
			xlat_4to6_general(cfg, &c_gen, data, size, mtu4, mtu6,
					  out_gen, sizeof(out_gen), &r_gen);
		else if (size >= 1 && (data[0] >> 4) == 6)
			xlat_6to4_general(cfg, &c_gen, data, size, mtu4, mtu6,
					  out_gen, sizeof(out_gen), &r_gen);
		else
			xlat_packet(cfg, &c_gen, data, size, mtu4, mtu6,
				    out_gen, sizeof(out_gen), &r_gen);
		xlat_packet(cfg, &c_copy, data, size, mtu4, mtu6, out,
			    sizeof(out), &r_copy);
		break;
	}
	check_result_in(&r_copy, out, sizeof(out));
	same_result(&r_gen, out_gen, &r_copy, out);
	if (memcmp(&c_gen, &c_copy, sizeof(c_gen)) != 0)
		abort();

	uint8_t *in = inbuf + headroom;
	memset(inbuf, 0xa5, headroom);
	memcpy(in, data, size);
	memcpy(inbuf_orig, inbuf, headroom + size);
	switch (dir) {
	case DIR_4TO6:
		xlat_4to6_inplace(cfg, &c_ip, inbuf, headroom, size, mtu4,
				  mtu6, out_ip, sizeof(out_ip), &r_ip);
		break;
	case DIR_6TO4:
		xlat_6to4_inplace(cfg, &c_ip, inbuf, headroom, size, mtu4,
				  mtu6, out_ip, sizeof(out_ip), &r_ip);
		break;
	case DIR_ANY:
		xlat_packet_inplace(cfg, &c_ip, inbuf, headroom, size, mtu4,
				    mtu6, out_ip, sizeof(out_ip), &r_ip);
		break;
	}
	if (r_ip.in_place) {
		if (r_ip.verdict != XLAT_TRANSLATED || r_ip.n != 1 ||
		    (dir == DIR_4TO6 && headroom < XLAT_INPLACE_HEADROOM))
			abort();
		check_result_in(&r_ip, inbuf, headroom + size + 20);
		same_result(&r_copy, out, &r_ip, inbuf);
	} else {
		if (memcmp(inbuf, inbuf_orig, headroom + size) != 0)
			abort(); /* fell back, yet touched the input */
		check_result_in(&r_ip, out_ip, sizeof(out_ip));
		same_result(&r_copy, out, &r_ip, out_ip);
	}
	if (r_copy.in_place || memcmp(&c_copy, &c_ip, sizeof(c_ip)) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct xlat_counters ctr;
	static const size_t headrooms[4] = {MAX_HEADROOM, 20, 19, 0};
	struct xlat_result res;

	if (!eamt)
		setup();
	if (size < 1)
		return 0;
	const struct xlat_config *cfg = &cfgs[data[0] & 1];
	static const uint32_t mtus[4] = {0, 1280, 1500, 576};
	uint32_t mtu4 = mtus[(data[0] >> 1) & 3];
	uint32_t mtu6 = mtus[(data[0] >> 3) & 3];
	size_t headroom = headrooms[(data[0] >> 5) & 3];
	data++;
	size--;
	if (size > sizeof(inbuf) - MAX_HEADROOM)
		return 0;

	xlat_packet(cfg, &ctr, data, size, mtu4, mtu6, out, sizeof(out), &res);
	check_result(&res);
	xlat_4to6(cfg, &ctr, data, size, mtu4, mtu6, out, sizeof(out), &res);
	check_result(&res);
	xlat_6to4(cfg, &ctr, data, size, mtu4, mtu6, out, sizeof(out), &res);
	check_result(&res);

	three_ways(cfg, DIR_4TO6, data, size, headroom, mtu4, mtu6);
	three_ways(cfg, DIR_6TO4, data, size, headroom, mtu4, mtu6);
	three_ways(cfg, DIR_ANY, data, size, headroom, mtu4, mtu6);
	return 0;
}
