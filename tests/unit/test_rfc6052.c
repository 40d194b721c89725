/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * RFC 6052 address embedding. Expected values are the RFC 6052 section
 * 2.4 example table (192.0.2.33 under each prefix length), not output of
 * the code under test.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rfc6052.h"

static void v4_of(const char *s, uint8_t out[4])
{
	assert_int_equal(inet_pton(AF_INET, s, out), 1);
}

static void v6_of(const char *s, uint8_t out[16])
{
	assert_int_equal(inet_pton(AF_INET6, s, out), 1);
}

static struct rfc6052_prefix prefix_of(const char *s, unsigned len)
{
	struct rfc6052_prefix p;

	memset(&p, 0, sizeof(p));
	v6_of(s, p.addr);
	p.len = (uint8_t)len;
	return p;
}

/* RFC 6052 2.4, Table 1 (plus the Well-Known Prefix example). */
static const struct {
	const char *prefix;
	unsigned len;
	const char *embedded;
} rfc_table[] = {
	{"2001:db8::", 32, "2001:db8:c000:221::"},
	{"2001:db8:100::", 40, "2001:db8:1c0:2:21::"},
	{"2001:db8:122::", 48, "2001:db8:122:c000:2:2100::"},
	{"2001:db8:122:300::", 56, "2001:db8:122:3c0:0:221::"},
	{"2001:db8:122:344::", 64, "2001:db8:122:344:c0:2:2100:0"},
	{"2001:db8:122:344::", 96, "2001:db8:122:344::192.0.2.33"},
	{"64:ff9b::", 96, "64:ff9b::192.0.2.33"},
};
#define N_RFC_TABLE (sizeof(rfc_table) / sizeof(rfc_table[0]))

static void test_embed_rfc_table(void **state)
{
	uint8_t v4[4], want[16], got[16];

	(void)state;
	v4_of("192.0.2.33", v4);
	for (size_t i = 0; i < N_RFC_TABLE; i++) {
		struct rfc6052_prefix p =
			prefix_of(rfc_table[i].prefix, rfc_table[i].len);

		assert_int_equal(rfc6052_prefix_check(&p), RFC6052_OK);
		v6_of(rfc_table[i].embedded, want);
		memset(got, 0xa5, sizeof(got)); /* embed must write all 16 */
		rfc6052_embed(&p, v4, got);
		assert_memory_equal(got, want, 16);
	}
}

static void test_extract_rfc_table(void **state)
{
	uint8_t want[4], got[4], v6[16];

	(void)state;
	v4_of("192.0.2.33", want);
	for (size_t i = 0; i < N_RFC_TABLE; i++) {
		struct rfc6052_prefix p =
			prefix_of(rfc_table[i].prefix, rfc_table[i].len);

		v6_of(rfc_table[i].embedded, v6);
		memset(got, 0, sizeof(got));
		assert_true(rfc6052_extract(&p, v6, got));
		assert_memory_equal(got, want, 4);
	}
}

/* RFC 6052 2.2: the u octet and the suffix are ignored on extraction. */
static void test_extract_ignores_u_and_suffix(void **state)
{
	struct rfc6052_prefix p = prefix_of("2001:db8:122::", 48);
	uint8_t v6[16], want[4], got[4];

	(void)state;
	v6_of("2001:db8:122:c000:ff02:2100:abcd:ef01", v6);
	v4_of("192.0.2.33", want);
	assert_true(rfc6052_extract(&p, v6, got));
	assert_memory_equal(got, want, 4);
}

static void test_extract_outside_prefix(void **state)
{
	struct rfc6052_prefix p = prefix_of("2001:db8:122::", 48);
	struct rfc6052_prefix wkp = prefix_of("64:ff9b::", 96);
	uint8_t v6[16], got[4];

	(void)state;
	v6_of("2001:db8:123:c000:2:2100::", v6);
	assert_false(rfc6052_extract(&p, v6, got));
	v6_of("64:ff9b:1::192.0.2.33", v6);
	assert_false(rfc6052_extract(&wkp, v6, got));
	v6_of("2001:db8::1", v6);
	assert_false(rfc6052_extract(&wkp, v6, got));
}

/* Round trip over every allowed length and a spread of addresses. */
static void test_round_trip(void **state)
{
	static const unsigned lens[] = {32, 40, 48, 56, 64, 96};
	struct rfc6052_prefix p;
	uint8_t v4[4], v6[16], back[4];

	(void)state;
	for (size_t l = 0; l < sizeof(lens) / sizeof(lens[0]); l++) {
		p = prefix_of("2001:db8:aaaa:bbbb::", lens[l]);
		for (unsigned i = 0; i < 256; i++) {
			v4[0] = (uint8_t)i;
			v4[1] = (uint8_t)(i * 7);
			v4[2] = (uint8_t)(255 - i);
			v4[3] = (uint8_t)(i ^ 0x5a);
			rfc6052_embed(&p, v4, v6);
			assert_int_equal(v6[8], 0); /* u octet */
			assert_true(rfc6052_extract(&p, v6, back));
			assert_memory_equal(back, v4, 4);
		}
	}
}

static void test_prefix_check_len(void **state)
{
	static const unsigned bad[] = {0, 8, 31, 33, 63, 65, 72, 80, 95, 97,
				       128, 255};
	struct rfc6052_prefix p;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		p = prefix_of("2001:db8::", bad[i]);
		assert_int_equal(rfc6052_prefix_check(&p), RFC6052_ERR_LEN);
	}
}

static void test_prefix_check_host_bits(void **state)
{
	struct rfc6052_prefix p;

	(void)state;
	p = prefix_of("2001:db8:1::", 32);
	assert_int_equal(rfc6052_prefix_check(&p), RFC6052_ERR_HOST_BITS);
	p = prefix_of("2001:db8:100:1::", 48);
	assert_int_equal(rfc6052_prefix_check(&p), RFC6052_ERR_HOST_BITS);
	p = prefix_of("64:ff9b::1", 96);
	assert_int_equal(rfc6052_prefix_check(&p), RFC6052_ERR_HOST_BITS);
	/* For /64 the u octet is past the prefix: host bits. */
	p = prefix_of("2001:db8:122:344:100::", 64);
	assert_int_equal(rfc6052_prefix_check(&p), RFC6052_ERR_HOST_BITS);
}

static void test_prefix_check_u_octet(void **state)
{
	struct rfc6052_prefix p;

	(void)state;
	/* Bits 64..71 inside a /96 prefix (RFC 6052 2.2). */
	p = prefix_of("2001:db8:122:344:100::", 96);
	assert_int_equal(rfc6052_prefix_check(&p), RFC6052_ERR_U_OCTET);
	p = prefix_of("2001:db8:122:344:8000::", 96);
	assert_int_equal(rfc6052_prefix_check(&p), RFC6052_ERR_U_OCTET);
	/* Bits 72..95 may be set in a /96. */
	p = prefix_of("2001:db8:122:344:ff:ffff::", 96);
	assert_int_equal(rfc6052_prefix_check(&p), RFC6052_OK);
}

static void test_strerror(void **state)
{
	(void)state;
	assert_non_null(rfc6052_strerror(RFC6052_OK));
	assert_non_null(rfc6052_strerror(RFC6052_ERR_LEN));
	assert_non_null(rfc6052_strerror(RFC6052_ERR_HOST_BITS));
	assert_non_null(rfc6052_strerror(RFC6052_ERR_U_OCTET));
	assert_string_not_equal(rfc6052_strerror(RFC6052_ERR_LEN),
				rfc6052_strerror(RFC6052_ERR_U_OCTET));
}

static void test_is_wkp(void **state)
{
	struct rfc6052_prefix p;

	(void)state;
	p = prefix_of("64:ff9b::", 96);
	assert_true(rfc6052_is_wkp(&p));
	p = prefix_of("64:ff9b::", 64);
	assert_false(rfc6052_is_wkp(&p));
	/* RFC 8215 local-use prefix is not the WKP. */
	p = prefix_of("64:ff9b:1::", 96);
	assert_false(rfc6052_is_wkp(&p));
	p = prefix_of("2001:db8:64::", 96);
	assert_false(rfc6052_is_wkp(&p));
}

static void test_non_global(void **state)
{
	static const char *const non_global[] = {
		"0.0.0.0", "0.255.255.255", "10.0.0.1", "10.255.255.255",
		"100.64.0.0", "100.127.255.255", "127.0.0.1",
		"169.254.1.1", "172.16.0.0", "172.31.255.255", "192.0.0.1",
		"192.0.0.8", "192.0.0.170", "192.0.2.33", "192.168.1.1",
		"198.18.0.1", "198.19.255.255", "198.51.100.7",
		"203.0.113.200", "224.0.0.1", "239.255.255.255",
		"240.0.0.1", "255.255.255.255",
	};
	static const char *const global[] = {
		"1.1.1.1", "8.8.8.8", "9.255.255.255", "11.0.0.0",
		"100.63.255.255", "100.128.0.0", "126.255.255.255",
		"128.0.0.0", "169.253.255.255", "169.255.0.0",
		"172.15.255.255", "172.32.0.0", "192.0.1.0", "192.0.3.0",
		"192.0.0.9", "192.0.0.10", "192.88.99.1", "192.167.255.255",
		"192.169.0.0", "198.17.255.255", "198.20.0.0",
		"198.51.101.0", "203.0.112.255", "223.255.255.255",
	};
	uint8_t a[4];

	(void)state;
	for (size_t i = 0; i < sizeof(non_global) / sizeof(non_global[0]);
	     i++) {
		v4_of(non_global[i], a);
		if (!rfc6052_ipv4_non_global(a))
			fail_msg("%s should be non-global", non_global[i]);
	}
	for (size_t i = 0; i < sizeof(global) / sizeof(global[0]); i++) {
		v4_of(global[i], a);
		if (rfc6052_ipv4_non_global(a))
			fail_msg("%s should be global", global[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_embed_rfc_table),
		cmocka_unit_test(test_extract_rfc_table),
		cmocka_unit_test(test_extract_ignores_u_and_suffix),
		cmocka_unit_test(test_extract_outside_prefix),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_prefix_check_len),
		cmocka_unit_test(test_prefix_check_host_bits),
		cmocka_unit_test(test_prefix_check_u_octet),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_is_wkp),
		cmocka_unit_test(test_non_global),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
