/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the core's contract that the packet-level conformance
 * suite does not see: counters, output bookkeeping, checksum arithmetic
 * against RFC 1624's worked example, the RFC 7915 pointer tables
 * against the figures of the RFC, and the in-place API against the
 * copying one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "icmp_map.h"
#include "xlat_internal.h"

static uint8_t out[XLAT_OUT_BUF_SIZE];

struct fixture {
	struct eamt *eamt;
	struct xlat_config cfg;
	struct xlat_counters ctr;
};

static int setup(void **state)
{
	static struct fixture f;
	const uint8_t v4[4] = {198, 51, 100, 10};
	const uint8_t v6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 0x10};

	memset(&f, 0, sizeof(f));
	f.eamt = eamt_create(4);
	assert_int_equal(eamt_add(f.eamt, v4, 32, v6, 128), EAMT_OK);
	xlat_config_init(&f.cfg);
	f.cfg.eamt = f.eamt;
	f.cfg.has_pool6 = true;
	const uint8_t p6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0x64};
	memcpy(f.cfg.pool6.addr, p6, 16);
	f.cfg.pool6.len = 96;
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	eamt_destroy(f->eamt);
	return 0;
}

/* 203.0.113.5 -> 198.51.100.10, UDP 1000 -> 53, 4 bytes payload. */
static size_t build_udp4(uint8_t *p, uint8_t ttl)
{
	static const uint8_t src[4] = {203, 0, 113, 5}, dst[4] = {198, 51, 100, 10};
	memset(p, 0, 32);
	xlat_ip4_write_hdr(p, 0, 32, 0x1234, true, false, 0, ttl, PROTO_UDP, src, dst);
	uint8_t *u = p + 20;
	wr16(u, 1000);
	wr16(u + 2, 53);
	wr16(u + 4, 12);
	memcpy(u + 8, "abcd", 4);
	uint32_t s = xlat_pseudo4_sum(src, dst, PROTO_UDP, 12);
	wr16(u + 6, csum_finish(csum_partial(u, 12, s)));
	return 32;
}

static void test_translated_packet_counted(void **state)
{
	struct fixture *f = *state;
	struct xlat_result res;
	uint8_t in[64];
	size_t len = build_udp4(in, 64);

	assert_int_equal(xlat_4to6(&f->cfg, &f->ctr, in, len, 1500, 1500, out,
				   sizeof(out), &res),
			 XLAT_TRANSLATED);
	assert_int_equal(res.n, 1);
	assert_int_equal(res.pkts[0].family, 6);
	assert_int_equal(res.pkts[0].len, 40 + 12);
	assert_int_equal(f->ctr.pkts_4to6, 1);
	assert_int_equal(f->ctr.bytes_4to6, 32);
}

/* res.mapping: the destination's EAM entry 4->6, the source's 6->4, by
 * eamt_get() index; none for pool6 addresses and untranslated packets. */
static void test_mapping_index(void **state)
{
	struct fixture *f = *state;
	struct xlat_config cfg = f->cfg;
	struct xlat_counters ctr = {0};
	struct xlat_result res;
	struct eamt *t = eamt_create(4);
	const uint8_t v4a[4] = {198, 51, 100, 20}, v4b[4] = {198, 51, 100, 10};
	const uint8_t v6a[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 0x20};
	const uint8_t v6b[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 0x10};
	uint8_t in[64], back[128], tmp[16];
	size_t len = build_udp4(in, 64); /* 203.0.113.5 -> 198.51.100.10 */

	(void)state;
	assert_int_equal(eamt_add(t, v4a, 32, v6a, 128), EAMT_OK);
	assert_int_equal(eamt_add(t, v4b, 32, v6b, 128), EAMT_OK);
	cfg.eamt = t;
	res.mapping = 12345;
	assert_int_equal(xlat_4to6(&cfg, &ctr, in, len, 0, 0, out,
				   sizeof(out), &res),
			 XLAT_TRANSLATED);
	assert_int_equal(res.mapping, 1);

	/* The reply: the translated packet with its addresses swapped (the
	 * UDP checksum does not change) goes 6->4 from 2001:db8:1::10. */
	assert_int_equal(res.n, 1);
	memcpy(back, out + res.pkts[0].offset, res.pkts[0].len);
	memcpy(tmp, back + 8, 16);
	memcpy(back + 8, back + 24, 16);
	memcpy(back + 24, tmp, 16);
	res.mapping = 12345;
	assert_int_equal(xlat_6to4(&cfg, &ctr, back, res.pkts[0].len, 0, 0,
				   out, sizeof(out), &res),
			 XLAT_TRANSLATED);
	assert_int_equal(res.mapping, 1);
	assert_int_equal(ctr.pkts_6to4, 1);

	/* To a pool6 destination: no entry to credit. */
	in[19] = 99; /* 198.51.100.99, not mapped */
	in[10] = in[11] = 0;
	wr16(in + 10, csum_finish(csum_partial(in, 20, 0)));
	assert_int_equal(xlat_4to6(&cfg, &ctr, in, len, 0, 0, out,
				   sizeof(out), &res),
			 XLAT_TRANSLATED);
	assert_int_equal(res.mapping, XLAT_NO_MAPPING);

	/* Dropped: none either. */
	in[10] ^= 0xff;
	assert_int_equal(xlat_4to6(&cfg, &ctr, in, len, 0, 0, out,
				   sizeof(out), &res),
			 XLAT_DROP);
	assert_int_equal(res.mapping, XLAT_NO_MAPPING);
	assert_int_equal(xlat_packet(&cfg, &ctr, in, 0, 0, 0, out,
				     sizeof(out), &res),
			 XLAT_DROP);
	assert_int_equal(res.mapping, XLAT_NO_MAPPING);
	eamt_destroy(t);
}

static void test_each_drop_has_reason_and_counter(void **state)
{
	struct fixture *f = *state;
	struct xlat_result res;
	uint8_t in[64];
	size_t len = build_udp4(in, 64);

	in[10] ^= 0xff; /* corrupt the header checksum */
	assert_int_equal(xlat_4to6(&f->cfg, &f->ctr, in, len, 0, 0, out,
				   sizeof(out), &res),
			 XLAT_DROP);
	assert_int_equal(res.reason, XLAT_DROP_BAD_IPV4_CHECKSUM);
	assert_int_equal(res.n, 0);
	assert_int_equal(f->ctr.drops[XLAT_DROP_BAD_IPV4_CHECKSUM], 1);
	assert_string_equal(xlat_drop_reason_name(res.reason),
			    "bad_ipv4_header_checksum");
}

static void test_every_reason_has_a_distinct_name(void **state)
{
	(void)state;
	for (int i = 0; i < XLAT_DROP__COUNT; i++) {
		const char *a = xlat_drop_reason_name(i);
		assert_non_null(a);
		for (int j = i + 1; j < XLAT_DROP__COUNT; j++)
			assert_string_not_equal(a, xlat_drop_reason_name(j));
	}
}

static void test_ttl_expired_counts_error_and_reason(void **state)
{
	struct fixture *f = *state;
	struct xlat_result res;
	uint8_t in[64];
	size_t len = build_udp4(in, 1);

	f->cfg.has_own_v4 = true;
	memcpy(f->cfg.own_v4, (uint8_t[4]){192, 0, 2, 1}, 4);
	assert_int_equal(xlat_4to6(&f->cfg, &f->ctr, in, len, 0, 0, out,
				   sizeof(out), &res),
			 XLAT_ICMP_ERROR);
	assert_int_equal(res.reason, XLAT_DROP_TTL_EXPIRED);
	assert_int_equal(res.pkts[0].family, 4);
	assert_int_equal(f->ctr.icmp_errors_generated, 1);
	assert_int_equal(f->ctr.drops[XLAT_DROP_TTL_EXPIRED], 1);
	f->cfg.has_own_v4 = false;
}

static void test_no_source_for_error_is_a_plain_drop(void **state)
{
	struct fixture *f = *state;
	struct xlat_result res;
	uint8_t in[64];
	size_t len = build_udp4(in, 1);

	assert_int_equal(xlat_4to6(&f->cfg, &f->ctr, in, len, 0, 0, out,
				   sizeof(out), &res),
			 XLAT_DROP);
	assert_int_equal(res.reason, XLAT_DROP_TTL_EXPIRED);
}

static void test_small_output_buffer_is_refused(void **state)
{
	struct fixture *f = *state;
	struct xlat_result res;
	uint8_t in[64], small[40];
	size_t len = build_udp4(in, 64);

	assert_int_equal(xlat_4to6(&f->cfg, &f->ctr, in, len, 0, 0, small,
				   sizeof(small), &res),
			 XLAT_DROP);
	assert_int_equal(res.reason, XLAT_DROP_OUTPUT_SPACE);
}

static void test_truncated_and_garbage_input(void **state)
{
	struct fixture *f = *state;
	struct xlat_result res;
	uint8_t in[64] = {0x45};

	assert_int_equal(xlat_packet(&f->cfg, &f->ctr, in, 0, 0, 0, out,
				     sizeof(out), &res),
			 XLAT_DROP);
	assert_int_equal(res.reason, XLAT_DROP_TRUNCATED);
	assert_int_equal(xlat_packet(&f->cfg, &f->ctr, in, 10, 0, 0, out,
				     sizeof(out), &res),
			 XLAT_DROP);
	assert_int_equal(res.reason, XLAT_DROP_TRUNCATED);
	in[0] = 0x55;
	assert_int_equal(xlat_packet(&f->cfg, &f->ctr, in, 40, 0, 0, out,
				     sizeof(out), &res),
			 XLAT_DROP);
	assert_int_equal(res.reason, XLAT_DROP_BAD_VERSION);
}

/* RFC 1624 section 4: old checksum 0xDD2F, a field changes 0x5555 ->
 * 0x3285, new checksum 0x0000 (eqn. 3; eqn. 2 would give 0xFFFF). */
static void test_rfc1624_example(void **state)
{
	(void)state;
	assert_int_equal(xlat_csum_replace(0xdd2f, 0x5555, 0x3285), 0x0000);
}

static void test_incremental_equals_full_recompute(void **state)
{
	(void)state;
	uint8_t buf[40];
	for (int i = 0; i < 40; i++)
		buf[i] = (uint8_t)(i * 37 + 11);
	uint16_t before = csum_finish(csum_partial(buf, 40, 0));
	uint32_t old_word = rd16(buf + 10);
	wr16(buf + 10, 0xbeef);
	uint16_t full = csum_finish(csum_partial(buf, 40, 0));
	assert_int_equal(xlat_csum_replace(before, old_word, 0xbeef), full);
}

/* The word-at-a-time sum must equal RFC 1071's definition (big-endian
 * 16-bit words, odd byte padded) for every length and alignment. */
static uint16_t reference_sum(const uint8_t *p, size_t len)
{
	uint32_t s = 0;
	for (size_t i = 0; i + 1 < len; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		s += (uint32_t)p[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

static void test_csum_partial_matches_rfc1071(void **state)
{
	(void)state;
	static uint8_t buf[300];
	uint32_t x = 12345;
	for (size_t i = 0; i < sizeof(buf); i++) {
		x = x * 1103515245u + 12345u;
		buf[i] = (uint8_t)(x >> 16);
	}
	for (size_t off = 0; off < 8; off++)
		for (size_t len = 0; len + off <= sizeof(buf); len++)
			assert_int_equal(csum_fold(csum_partial(buf + off, len, 7)),
					 csum_fold(reference_sum(buf + off, len) + 7u));
	memset(buf, 0xff, sizeof(buf)); /* worst case for carries */
	assert_int_equal(csum_fold(csum_partial(buf, 299, 0)),
			 reference_sum(buf, 299));
}

/* RFC 7915 Figure 3 (IPv4 pointer -> IPv6 pointer). */
static void test_param_pointer_figure3(void **state)
{
	(void)state;
	static const struct { int in, out; } rows[] = {
		{0, 0}, {1, 1}, {2, 4}, {3, 4}, {4, -1}, {5, -1}, {6, -1},
		{7, -1}, {8, 7}, {9, 6}, {10, -1}, {11, -1}, {12, 8},
		{15, 8}, {16, 24}, {19, 24}, {20, -1}, {200, -1},
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		assert_int_equal(icmp_map_pointer_4to6(rows[i].in), rows[i].out);
}

/* RFC 7915 Figure 6 (IPv6 pointer -> IPv4 pointer). */
static void test_param_pointer_figure6(void **state)
{
	(void)state;
	static const struct { int in, out; } rows[] = {
		{0, 0}, {1, 1}, {2, -1}, {3, -1}, {4, 2}, {5, 2}, {6, 9},
		{7, 8}, {8, 12}, {23, 12}, {24, 16}, {39, 16}, {40, -1},
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		assert_int_equal(icmp_map_pointer_6to4(rows[i].in), rows[i].out);
}

/* RFC 1191 section 7 table. */
static void test_plateaus(void **state)
{
	(void)state;
	assert_int_equal(icmp_map_mtu_plateau_below(1500), 1492);
	assert_int_equal(icmp_map_mtu_plateau_below(1492), 1006);
	assert_int_equal(icmp_map_mtu_plateau_below(65535), 32000);
	assert_int_equal(icmp_map_mtu_plateau_below(600), 508);
	assert_int_equal(icmp_map_mtu_plateau_below(69), 68);
}

/* ---- in-place API (xlat_4to6_inplace, xlat_6to4_inplace) ---- */

/* The in-place result: same bytes as the copying API, in buf. */
static void assert_same_packet(const struct xlat_result *a, const uint8_t *abuf,
			       const struct xlat_result *b, const uint8_t *bbuf)
{
	assert_int_equal(a->verdict, b->verdict);
	assert_int_equal(a->reason, b->reason);
	assert_int_equal(a->n, b->n);
	assert_int_equal(a->mapping, b->mapping);
	for (unsigned i = 0; i < a->n; i++) {
		assert_int_equal(a->pkts[i].len, b->pkts[i].len);
		assert_int_equal(a->pkts[i].family, b->pkts[i].family);
		assert_memory_equal(abuf + a->pkts[i].offset,
				    bbuf + b->pkts[i].offset, a->pkts[i].len);
	}
}

static void test_inplace_4to6(void **state)
{
	struct fixture *f = *state;
	struct xlat_counters c_copy = {0}, c_ip = {0};
	struct xlat_result r_copy, r_ip;
	uint8_t buf[20 + 64], pkt[64];
	size_t len = build_udp4(pkt, 64);

	assert_int_equal(xlat_4to6(&f->cfg, &c_copy, pkt, len, 1500, 1500, out,
				   sizeof(out), &r_copy),
			 XLAT_TRANSLATED);
	assert_false(r_copy.in_place);
	memcpy(buf + 20, pkt, len);
	assert_int_equal(xlat_4to6_inplace(&f->cfg, &c_ip, buf, 20, len, 1500,
					   1500, NULL, 0, &r_ip),
			 XLAT_TRANSLATED);
	assert_true(r_ip.in_place);
	assert_int_equal(r_ip.n, 1);
	assert_int_equal(r_ip.pkts[0].offset, 0); /* headroom - 20 */
	assert_int_equal(r_ip.pkts[0].family, 6);
	assert_int_equal(r_ip.mapping, 0);
	assert_same_packet(&r_copy, out, &r_ip, buf);
	/* The UDP payload did not move. */
	assert_memory_equal(buf + 40 + 8, "abcd", 4);
	assert_memory_equal(&c_copy, &c_ip, sizeof(c_ip));
	assert_int_equal(c_ip.pkts_4to6, 1);
	assert_int_equal(c_ip.bytes_4to6, 32);
}

static void test_inplace_6to4(void **state)
{
	struct fixture *f = *state;
	struct xlat_counters c_copy = {0}, c_ip = {0}, c = {0};
	struct xlat_result r, r_copy, r_ip;
	uint8_t pkt[64], v6[128], buf[128], tmp[16];
	size_t len = build_udp4(pkt, 64);

	/* The reply to the 4->6 translation, from the EAM host. */
	assert_int_equal(xlat_4to6(&f->cfg, &c, pkt, len, 0, 0, out,
				   sizeof(out), &r),
			 XLAT_TRANSLATED);
	size_t len6 = r.pkts[0].len;
	memcpy(v6, out, len6);
	memcpy(tmp, v6 + 8, 16);
	memcpy(v6 + 8, v6 + 24, 16);
	memcpy(v6 + 24, tmp, 16);

	assert_int_equal(xlat_6to4(&f->cfg, &c_copy, v6, len6, 1500, 1500,
				   out, sizeof(out), &r_copy),
			 XLAT_TRANSLATED);
	memcpy(buf, v6, len6); /* no headroom needed: the header shrinks */
	assert_int_equal(xlat_6to4_inplace(&f->cfg, &c_ip, buf, 0, len6, 1500,
					   1500, NULL, 0, &r_ip),
			 XLAT_TRANSLATED);
	assert_true(r_ip.in_place);
	assert_int_equal(r_ip.pkts[0].offset, 20);
	assert_int_equal(r_ip.pkts[0].family, 4);
	assert_int_equal(r_ip.mapping, 0);
	assert_same_packet(&r_copy, out, &r_ip, buf);
	assert_memory_equal(&c_copy, &c_ip, sizeof(c_ip));
	assert_int_equal(c_ip.pkts_6to4, 1);

	/* xlat_packet_inplace dispatches on the version. */
	memcpy(buf, v6, len6);
	c_ip = (struct xlat_counters){0};
	assert_int_equal(xlat_packet_inplace(&f->cfg, &c_ip, buf, 0, len6,
					     1500, 1500, NULL, 0, &r_ip),
			 XLAT_TRANSLATED);
	assert_true(r_ip.in_place);
	assert_same_packet(&r_copy, out, &r_ip, buf);
}

/* Anything but the plain case goes to the copying path: same result as
 * xlat_4to6() in out, and the input buffer untouched. */
static void check_fallback4(struct fixture *f, const uint8_t *pkt, size_t len,
			    size_t headroom, uint32_t mtu6)
{
	static uint8_t out_ip[XLAT_OUT_BUF_SIZE];
	struct xlat_counters c_copy = {0}, c_ip = {0};
	struct xlat_result r_copy, r_ip;
	uint8_t buf[64 + 128], orig[64 + 128];

	xlat_4to6(&f->cfg, &c_copy, pkt, len, 1500, mtu6, out, sizeof(out),
		  &r_copy);
	memset(buf, 0x5a, headroom);
	memcpy(buf + headroom, pkt, len);
	memcpy(orig, buf, headroom + len);
	xlat_4to6_inplace(&f->cfg, &c_ip, buf, headroom, len, 1500, mtu6,
			  out_ip, sizeof(out_ip), &r_ip);
	assert_false(r_ip.in_place);
	assert_memory_equal(buf, orig, headroom + len);
	assert_same_packet(&r_copy, out, &r_ip, out_ip);
	assert_memory_equal(&c_copy, &c_ip, sizeof(c_ip));
}

static void test_inplace_fallbacks(void **state)
{
	struct fixture *f = *state;
	uint8_t pkt[128];
	size_t len = build_udp4(pkt, 64);

	check_fallback4(f, pkt, len, 19, 1500); /* too little headroom */
	len = build_udp4(pkt, 1);
	check_fallback4(f, pkt, len, 20, 1500); /* TTL expired: ICMP error */
	len = build_udp4(pkt, 64);
	pkt[6] |= 0x20; /* MF: a first fragment */
	wr16(pkt + 10, 0);
	wr16(pkt + 10, csum_finish(csum_partial(pkt, 20, 0)));
	check_fallback4(f, pkt, len, 20, 1500);
	len = build_udp4(pkt, 64);
	wr16(pkt + 26, 0); /* UDP checksum 0: computed by the general path */
	check_fallback4(f, pkt, len, 20, 1500);
	len = build_udp4(pkt, 64);
	pkt[10] ^= 1; /* bad header checksum: dropped */
	check_fallback4(f, pkt, len, 20, 1500);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_translated_packet_counted),
		cmocka_unit_test(test_mapping_index),
		cmocka_unit_test(test_each_drop_has_reason_and_counter),
		cmocka_unit_test(test_every_reason_has_a_distinct_name),
		cmocka_unit_test(test_ttl_expired_counts_error_and_reason),
		cmocka_unit_test(test_no_source_for_error_is_a_plain_drop),
		cmocka_unit_test(test_small_output_buffer_is_refused),
		cmocka_unit_test(test_truncated_and_garbage_input),
		cmocka_unit_test(test_rfc1624_example),
		cmocka_unit_test(test_incremental_equals_full_recompute),
		cmocka_unit_test(test_csum_partial_matches_rfc1071),
		cmocka_unit_test(test_param_pointer_figure3),
		cmocka_unit_test(test_param_pointer_figure6),
		cmocka_unit_test(test_plateaus),
		cmocka_unit_test(test_inplace_4to6),
		cmocka_unit_test(test_inplace_6to4),
		cmocka_unit_test(test_inplace_fallbacks),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
