/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Explicit Address Mapping Table (RFC 7757). Expected addresses are
 * written out by hand from RFC 7757 3.2 (longest match, suffix copied),
 * or come from a brute-force reference model in the churn test.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "eamt.h"

static void v4_of(const char *s, uint8_t out[4])
{
	assert_int_equal(inet_pton(AF_INET, s, out), 1);
}

static void v6_of(const char *s, uint8_t out[16])
{
	assert_int_equal(inet_pton(AF_INET6, s, out), 1);
}

static enum eamt_err add(struct eamt *t, const char *v4, unsigned v4len,
			 const char *v6, unsigned v6len)
{
	uint8_t a4[4], a6[16];

	v4_of(v4, a4);
	v6_of(v6, a6);
	return eamt_add(t, a4, v4len, a6, v6len);
}

static enum eamt_err del(struct eamt *t, const char *v4, unsigned v4len)
{
	uint8_t a4[4];

	v4_of(v4, a4);
	return eamt_remove(t, a4, v4len);
}

/* Assert v4 -> want6 (want6 NULL: miss). */
static void expect4(const struct eamt *t, const char *v4, const char *want6)
{
	uint8_t a4[4], got[16], want[16];

	v4_of(v4, a4);
	if (!want6) {
		if (eamt_lookup4(t, a4, got))
			fail_msg("%s: unexpected hit", v4);
		return;
	}
	v6_of(want6, want);
	if (!eamt_lookup4(t, a4, got))
		fail_msg("%s: miss, want %s", v4, want6);
	assert_memory_equal(got, want, 16);
}

/* Assert v6 -> want4 (want4 NULL: miss). */
static void expect6(const struct eamt *t, const char *v6, const char *want4)
{
	uint8_t a6[16], got[4], want[4];

	v6_of(v6, a6);
	if (!want4) {
		if (eamt_lookup6(t, a6, got))
			fail_msg("%s: unexpected hit", v6);
		return;
	}
	v4_of(want4, want);
	if (!eamt_lookup6(t, a6, got))
		fail_msg("%s: miss, want %s", v6, want4);
	assert_memory_equal(got, want, 4);
}

static void test_one_to_one(void **state)
{
	struct eamt *t = eamt_create(0);

	(void)state;
	assert_non_null(t);
	assert_int_equal(add(t, "192.0.2.1", 32, "2001:db8:6::1", 128),
			 EAMT_OK);
	assert_int_equal(add(t, "198.51.100.7", 32, "2001:db8:aaaa::7:0", 128),
			 EAMT_OK);
	assert_int_equal(eamt_count(t), 2);
	expect4(t, "192.0.2.1", "2001:db8:6::1");
	expect4(t, "198.51.100.7", "2001:db8:aaaa::7:0");
	expect6(t, "2001:db8:6::1", "192.0.2.1");
	expect6(t, "2001:db8:aaaa::7:0", "198.51.100.7");
	expect4(t, "192.0.2.2", NULL);
	expect6(t, "2001:db8:6::2", NULL);
	expect6(t, "2001:db8:6::", NULL);
	eamt_destroy(t);
}

/* RFC 7757 3.2: the IPv4 suffix (host bits) is carried across. */
static void test_prefix_pair_copies_suffix(void **state)
{
	struct eamt *t = eamt_create(4);

	(void)state;
	assert_int_equal(add(t, "192.0.2.0", 24, "2001:db8:c::", 120),
			 EAMT_OK);
	expect4(t, "192.0.2.0", "2001:db8:c::");
	expect4(t, "192.0.2.1", "2001:db8:c::1");
	expect4(t, "192.0.2.255", "2001:db8:c::ff");
	expect6(t, "2001:db8:c::ab", "192.0.2.171");
	expect6(t, "2001:db8:c::ff", "192.0.2.255");
	expect4(t, "192.0.3.1", NULL);
	expect6(t, "2001:db8:c::100", NULL);
	expect6(t, "2001:db8:d::1", NULL);
	eamt_destroy(t);
}

/*
 * RFC 7757 3.2, an IPv6 suffix longer than the IPv4 suffix: the IPv4
 * suffix goes right after the IPv6 prefix, the bits after it are zero
 * (4->6) and ignored (6->4). The addresses are worked out by hand: for
 * 192.0.2.0/24 <-> 2001:db8:1c0:2::/72, 192.0.2.21 sets bits 72..79 (the
 * low byte of the fifth group) to 21 = 0x15.
 */
static void test_longer_ipv6_suffix(void **state)
{
	struct eamt *t = eamt_create(0);

	(void)state;
	assert_int_equal(add(t, "192.0.2.0", 24, "2001:db8:1c0:2::", 72),
			 EAMT_OK);
	expect4(t, "192.0.2.21", "2001:db8:1c0:2:15::");
	expect4(t, "192.0.2.255", "2001:db8:1c0:2:ff::");
	expect6(t, "2001:db8:1c0:2:15::", "192.0.2.21");
	expect6(t, "2001:db8:1c0:2:15:ffff:ffff:ffff", "192.0.2.21");
	expect6(t, "2001:db8:1c0:2:100::", NULL); /* bit 71: the prefix */
	/* A suffix that crosses the 64-bit middle: 10.1.2.3's 24 suffix
	 * bits fill bits 40..63. */
	assert_int_equal(add(t, "10.0.0.0", 8, "2001:db8::", 40), EAMT_OK);
	expect4(t, "10.1.2.3", "2001:db8:1:203::");
	expect6(t, "2001:db8:1:203:ffff::1", "10.1.2.3");
	/* Longest match among IPv6 lengths: a /80 inside the /72. */
	assert_int_equal(add(t, "198.51.100.7", 32, "2001:db8:1c0:2:16::", 80),
			 EAMT_OK);
	expect6(t, "2001:db8:1c0:2:16:0:0:99", "198.51.100.7");
	expect6(t, "2001:db8:1c0:2:17::", "192.0.2.23");
	expect4(t, "198.51.100.7", "2001:db8:1c0:2:16::");
	assert_int_equal(del(t, "198.51.100.7", 32), EAMT_OK);
	expect6(t, "2001:db8:1c0:2:16:0:0:99", "192.0.2.22");
	assert_int_equal(del(t, "192.0.2.0", 24), EAMT_OK);
	expect6(t, "2001:db8:1c0:2:15::", NULL);
	expect4(t, "192.0.2.21", NULL);
	expect4(t, "10.1.2.3", "2001:db8:1:203::");
	eamt_destroy(t);
}

/* The extreme: an IPv4 /32 on the whole IPv6 space (no suffix to place;
 * any IPv6 address maps to it). */
static void test_ipv4_host_on_ipv6_zero_length(void **state)
{
	struct eamt *t = eamt_create(0);

	(void)state;
	assert_int_equal(add(t, "198.51.100.1", 32, "::", 0), EAMT_OK);
	expect4(t, "198.51.100.1", "::");
	expect6(t, "2001:db8::1", "198.51.100.1");
	eamt_destroy(t);
}

/* Prefix lengths that do not end on a byte boundary. */
static void test_odd_lengths(void **state)
{
	struct eamt *t = eamt_create(0);

	(void)state;
	/* 203.0.113.64/27 <-> 2001:db8::1:0:40/123, 5 suffix bits. */
	assert_int_equal(add(t, "203.0.113.64", 27, "2001:db8::1:0:40", 123),
			 EAMT_OK);
	/* 10.128.0.0/9 <-> 2001:db8:9::8000:0/105, 23 suffix bits. */
	assert_int_equal(add(t, "10.128.0.0", 9, "2001:db8:9::8000:0", 105),
			 EAMT_OK);
	expect4(t, "203.0.113.95", "2001:db8::1:0:5f");
	expect4(t, "203.0.113.96", NULL);
	expect6(t, "2001:db8::1:0:41", "203.0.113.65");
	expect6(t, "2001:db8::1:0:60", NULL);
	expect4(t, "10.200.1.2", "2001:db8:9::8048:102");
	expect4(t, "10.127.1.2", NULL);
	expect6(t, "2001:db8:9::807f:ffff", "10.255.255.255");
	expect6(t, "2001:db8:9::8080:0", NULL);
	expect6(t, "2001:db8:9::7fff:ffff", NULL);
	eamt_destroy(t);
}

/* A /0 <-> /96 entry is the catch-all of last resort. */
static void test_zero_length(void **state)
{
	struct eamt *t = eamt_create(0);

	(void)state;
	assert_int_equal(add(t, "0.0.0.0", 0, "2001:db8:ffff::", 96), EAMT_OK);
	assert_int_equal(add(t, "192.0.2.1", 32, "2001:db8::1", 128), EAMT_OK);
	expect4(t, "192.0.2.1", "2001:db8::1");
	expect4(t, "198.51.100.2", "2001:db8:ffff::c633:6402");
	expect6(t, "2001:db8:ffff::1.2.3.4", "1.2.3.4");
	expect6(t, "2001:db8::1", "192.0.2.1");
	expect6(t, "2001:db8::2", NULL);
	eamt_destroy(t);
}

/* RFC 7757 3.2: longest match with overlapping entries. */
static void test_longest_match(void **state)
{
	struct eamt *t = eamt_create(0);

	(void)state;
	assert_int_equal(add(t, "192.0.2.0", 24, "2001:db8:1::", 120),
			 EAMT_OK);
	assert_int_equal(add(t, "192.0.2.8", 29, "2001:db8:2::", 125),
			 EAMT_OK);
	assert_int_equal(add(t, "192.0.2.9", 32, "2001:db8:3::9", 128),
			 EAMT_OK);
	expect4(t, "192.0.2.9", "2001:db8:3::9");
	expect4(t, "192.0.2.8", "2001:db8:2::");
	expect4(t, "192.0.2.10", "2001:db8:2::2");
	expect4(t, "192.0.2.15", "2001:db8:2::7");
	expect4(t, "192.0.2.7", "2001:db8:1::7");
	expect4(t, "192.0.2.16", "2001:db8:1::10");
	expect4(t, "192.0.2.200", "2001:db8:1::c8");
	expect6(t, "2001:db8:3::9", "192.0.2.9");
	expect6(t, "2001:db8:3::8", NULL);
	/* 2001:db8:2::1 is inside the /125; 192.0.2.9 came from the /32 on
	 * the way in, but the reverse lookup follows the IPv6 side. */
	expect6(t, "2001:db8:2::1", "192.0.2.9");
	expect6(t, "2001:db8:2::5", "192.0.2.13");
	expect6(t, "2001:db8:1::9", "192.0.2.9");
	expect6(t, "2001:db8:1::ff", "192.0.2.255");
	eamt_destroy(t);
}

static void test_validation(void **state)
{
	struct eamt *t = eamt_create(0);

	(void)state;
	assert_int_equal(add(t, "192.0.2.1", 33, "2001:db8::1", 129),
			 EAMT_ERR_PREFIX_LEN);
	assert_int_equal(add(t, "192.0.2.1", 33, "2001:db8::1", 128),
			 EAMT_ERR_PREFIX_LEN);
	assert_int_equal(add(t, "192.0.2.1", 32, "2001:db8::1", 129),
			 EAMT_ERR_PREFIX_LEN);
	/* RFC 7757 3.2: an IPv4 suffix longer than the IPv6 suffix. */
	assert_int_equal(add(t, "192.0.2.0", 24, "2001:db8::", 124),
			 EAMT_ERR_SUFFIX_MISMATCH);
	assert_int_equal(add(t, "192.0.2.0", 24, "2001:db8::", 128),
			 EAMT_ERR_SUFFIX_MISMATCH);
	assert_int_equal(add(t, "0.0.0.0", 0, "2001:db8::", 97),
			 EAMT_ERR_SUFFIX_MISMATCH);
	/* A longer IPv6 suffix is allowed; host bits anywhere past the
	 * IPv6 prefix are not (bit 47 of a /40, bit 95 of a /72). */
	assert_int_equal(add(t, "10.0.0.0", 8, "2001:db8:1::", 40),
			 EAMT_ERR_HOST_BITS);
	assert_int_equal(add(t, "192.0.2.0", 24, "2001:db8:1c0:2:0:1::", 72),
			 EAMT_ERR_HOST_BITS);
	/* Host bits on either side. */
	assert_int_equal(add(t, "192.0.2.1", 24, "2001:db8::", 120),
			 EAMT_ERR_HOST_BITS);
	assert_int_equal(add(t, "192.0.2.0", 24, "2001:db8::1", 120),
			 EAMT_ERR_HOST_BITS);
	assert_int_equal(add(t, "192.0.2.12", 29, "2001:db8::", 125),
			 EAMT_ERR_HOST_BITS);
	assert_int_equal(add(t, "0.0.0.1", 0, "2001:db8::", 96),
			 EAMT_ERR_HOST_BITS);
	assert_int_equal(eamt_count(t), 0);
	expect4(t, "192.0.2.1", NULL);
	eamt_destroy(t);
}

static void test_duplicates(void **state)
{
	struct eamt *t = eamt_create(0);

	(void)state;
	assert_int_equal(add(t, "192.0.2.0", 24, "2001:db8:1::", 120),
			 EAMT_OK);
	assert_int_equal(add(t, "192.0.2.0", 24, "2001:db8:2::", 120),
			 EAMT_ERR_DUPLICATE_V4);
	assert_int_equal(add(t, "198.51.100.0", 24, "2001:db8:1::", 120),
			 EAMT_ERR_DUPLICATE_V6);
	/* Both duplicated: the IPv4 side is reported. */
	assert_int_equal(add(t, "192.0.2.0", 24, "2001:db8:1::", 120),
			 EAMT_ERR_DUPLICATE_V4);
	/* Same address, other length: not a duplicate (overlap is fine). */
	assert_int_equal(add(t, "192.0.2.0", 25, "2001:db8:1::", 121),
			 EAMT_OK);
	assert_int_equal(eamt_count(t), 2);
	expect4(t, "192.0.2.5", "2001:db8:1::5");
	expect4(t, "192.0.2.130", "2001:db8:1::82");
	eamt_destroy(t);
}

static void test_remove(void **state)
{
	struct eamt *t = eamt_create(0);
	struct eamt_entry e;
	uint8_t a4[4];

	(void)state;
	assert_int_equal(add(t, "192.0.2.1", 32, "2001:db8::1", 128), EAMT_OK);
	assert_int_equal(add(t, "192.0.2.2", 32, "2001:db8::2", 128), EAMT_OK);
	assert_int_equal(add(t, "192.0.2.3", 32, "2001:db8::3", 128), EAMT_OK);
	assert_int_equal(add(t, "198.51.100.0", 24, "2001:db8:1::", 120),
			 EAMT_OK);

	assert_int_equal(del(t, "192.0.2.1", 33), EAMT_ERR_PREFIX_LEN);
	assert_int_equal(del(t, "198.51.100.1", 24), EAMT_ERR_HOST_BITS);
	assert_int_equal(del(t, "192.0.2.4", 32), EAMT_ERR_NOT_FOUND);
	assert_int_equal(del(t, "192.0.2.0", 24), EAMT_ERR_NOT_FOUND);

	assert_int_equal(del(t, "192.0.2.1", 32), EAMT_OK);
	assert_int_equal(eamt_count(t), 3);
	expect4(t, "192.0.2.1", NULL);
	expect6(t, "2001:db8::1", NULL);
	expect4(t, "192.0.2.2", "2001:db8::2");
	expect4(t, "192.0.2.3", "2001:db8::3");
	expect6(t, "2001:db8::3", "192.0.2.3");
	expect4(t, "198.51.100.9", "2001:db8:1::9");
	assert_int_equal(del(t, "192.0.2.1", 32), EAMT_ERR_NOT_FOUND);

	/* Swap-remove: the last entry took the removed one's place. */
	assert_int_equal(eamt_get(t, 0, &e), 1);
	v4_of("198.51.100.0", a4);
	assert_memory_equal(e.v4, a4, 4);
	assert_int_equal(e.v4len, 24);
	assert_int_equal(e.v6len, 120);

	/* Removing the last prefix length in use drops it from lookups. */
	assert_int_equal(del(t, "198.51.100.0", 24), EAMT_OK);
	expect4(t, "198.51.100.9", NULL);
	expect6(t, "2001:db8:1::9", NULL);

	/* The freed prefixes can be mapped again, to something else. */
	assert_int_equal(add(t, "192.0.2.1", 32, "2001:db8::1:1", 128),
			 EAMT_OK);
	expect4(t, "192.0.2.1", "2001:db8::1:1");
	expect6(t, "2001:db8::1:1", "192.0.2.1");
	assert_int_equal(del(t, "192.0.2.2", 32), EAMT_OK);
	assert_int_equal(del(t, "192.0.2.3", 32), EAMT_OK);
	assert_int_equal(del(t, "192.0.2.1", 32), EAMT_OK);
	assert_int_equal(eamt_count(t), 0);
	expect4(t, "192.0.2.1", NULL);
	eamt_destroy(t);
}

static void test_get_order(void **state)
{
	struct eamt *t = eamt_create(0);
	struct eamt_entry e;
	uint8_t a4[4], a6[16];

	(void)state;
	assert_int_equal(add(t, "192.0.2.7", 32, "2001:db8::7", 128), EAMT_OK);
	assert_int_equal(add(t, "192.0.2.0", 29, "2001:db8:1::", 125),
			 EAMT_OK);
	assert_int_equal(eamt_get(t, 0, &e), 1);
	v4_of("192.0.2.7", a4);
	v6_of("2001:db8::7", a6);
	assert_memory_equal(e.v4, a4, 4);
	assert_memory_equal(e.v6, a6, 16);
	assert_int_equal(e.v4len, 32);
	assert_int_equal(e.v6len, 128);
	assert_int_equal(eamt_get(t, 1, &e), 1);
	assert_int_equal(e.v4len, 29);
	assert_int_equal(e.v6len, 125);
	assert_int_equal(eamt_get(t, 2, &e), 0);
	eamt_destroy(t);
}

/* The index variants give eamt_get() indices (for per-mapping counters),
 * longest match first; eamt_find() is exact; both follow a removal. */
static void test_lookup_idx_and_find(void **state)
{
	struct eamt *t = eamt_create(0);
	struct eamt_entry e = {0};
	uint8_t a4[4], a6[16], o4[4], o6[16];
	uint32_t idx = 77;

	(void)state;
	assert_int_equal(add(t, "192.0.2.7", 32, "2001:db8::7", 128), EAMT_OK);
	assert_int_equal(add(t, "192.0.2.0", 29, "2001:db8:1::", 125),
			 EAMT_OK);
	assert_int_equal(add(t, "198.51.100.0", 24, "2001:db8:2::", 120),
			 EAMT_OK);
	v4_of("192.0.2.7", a4);
	assert_true(eamt_lookup4_idx(t, a4, o6, &idx));
	assert_int_equal(idx, 0);
	v4_of("192.0.2.3", a4);
	assert_true(eamt_lookup4_idx(t, a4, o6, &idx));
	assert_int_equal(idx, 1);
	v6_of("2001:db8:1::3", a6);
	assert_true(eamt_lookup6_idx(t, a6, o4, &idx));
	assert_int_equal(idx, 1);
	assert_memory_equal(o4, a4, 4);
	v6_of("2001:db8:2::99", a6);
	assert_true(eamt_lookup6_idx(t, a6, o4, &idx));
	assert_int_equal(idx, 2);
	assert_true(eamt_lookup6_idx(t, a6, o4, NULL));
	idx = 77;
	v4_of("203.0.113.1", a4);
	assert_false(eamt_lookup4_idx(t, a4, o6, &idx));
	assert_int_equal(idx, 77); /* untouched on a miss */

	v4_of("192.0.2.0", a4);
	assert_int_equal(eamt_find(t, a4, 29), 1);
	assert_int_equal(eamt_find(t, a4, 32), SIZE_MAX);
	assert_int_equal(eamt_find(t, a4, 33), SIZE_MAX);
	v4_of("192.0.2.7", a4);
	assert_int_equal(eamt_find(t, a4, 32), 0);
	assert_int_equal(eamt_find(t, a4, 29), 1); /* host bits ignored */
	assert_int_equal(eamt_find(NULL, a4, 32), SIZE_MAX);

	/* Removing entry 0 moves the last entry (198.51.100.0/24) there. */
	assert_int_equal(eamt_remove(t, a4, 32), EAMT_OK);
	assert_int_equal(eamt_find(t, a4, 32), SIZE_MAX);
	v4_of("198.51.100.0", a4);
	assert_int_equal(eamt_find(t, a4, 24), 0);
	assert_int_equal(eamt_get(t, 0, &e), 1);
	assert_int_equal(e.v4len, 24);
	assert_true(eamt_lookup6_idx(t, a6, o4, &idx));
	assert_int_equal(idx, 0);
	eamt_destroy(t);
}

static void test_miss_and_null(void **state)
{
	struct eamt *t = eamt_create(0);
	uint8_t a4[4] = {192, 0, 2, 1}, a6[16] = {0x20, 0x01, 0x0d, 0xb8};
	struct eamt_entry e;

	(void)state;
	assert_false(eamt_lookup4(t, a4, a6));
	assert_false(eamt_lookup6(t, a6, a4));
	assert_false(eamt_lookup4(NULL, a4, a6));
	assert_false(eamt_lookup6(NULL, a6, a4));
	assert_int_equal(eamt_count(NULL), 0);
	assert_int_equal(eamt_get(NULL, 0, &e), 0);
	assert_int_equal(eamt_get(t, 0, &e), 0);
	eamt_destroy(NULL);
	eamt_destroy(t);
}

static void test_strerror(void **state)
{
	(void)state;
	for (int i = EAMT_OK; i <= EAMT_ERR_NOT_FOUND; i++)
		assert_non_null(eamt_strerror((enum eamt_err)i));
	assert_string_not_equal(eamt_strerror(EAMT_ERR_DUPLICATE_V4),
				eamt_strerror(EAMT_ERR_DUPLICATE_V6));
}

/* Entry i: 10.x.y.z/32 <-> 2001:db8:64::<i*7919>/128 (a scrambled IPv6
 * side, so the two tables see different key orders). */
static void nth_v4(uint32_t i, uint8_t a4[4])
{
	uint32_t a = 0x0a000000u + i;

	a4[0] = (uint8_t)(a >> 24);
	a4[1] = (uint8_t)(a >> 16);
	a4[2] = (uint8_t)(a >> 8);
	a4[3] = (uint8_t)a;
}

static void nth_v6(uint32_t i, uint8_t a6[16])
{
	uint32_t x = i * 7919u;

	memset(a6, 0, 16);
	a6[0] = 0x20;
	a6[1] = 0x01;
	a6[2] = 0x0d;
	a6[3] = 0xb8;
	a6[5] = 0x64;
	a6[12] = (uint8_t)(x >> 24);
	a6[13] = (uint8_t)(x >> 16);
	a6[14] = (uint8_t)(x >> 8);
	a6[15] = (uint8_t)x;
}

#define MANY 100000u

static void test_many(void **state)
{
	struct eamt *t = eamt_create(0); /* grows through many rehashes */
	uint8_t a4[4], a6[16], got4[4], got6[16];
	size_t mem;

	(void)state;
	for (uint32_t i = 0; i < MANY; i++) {
		nth_v4(i, a4);
		nth_v6(i, a6);
		assert_int_equal(eamt_add(t, a4, 32, a6, 128), EAMT_OK);
	}
	assert_int_equal(eamt_count(t), MANY);
	for (uint32_t i = 0; i < MANY; i++) {
		nth_v4(i, a4);
		nth_v6(i, a6);
		assert_true(eamt_lookup4(t, a4, got6));
		assert_memory_equal(got6, a6, 16);
		assert_true(eamt_lookup6(t, a6, got4));
		assert_memory_equal(got4, a4, 4);
	}
	/* Just past the mapped ranges. */
	nth_v4(MANY, a4);
	nth_v6(MANY, a6);
	assert_false(eamt_lookup4(t, a4, got6));
	assert_false(eamt_lookup6(t, a6, got4));
	mem = eamt_memory(t);
	assert_true(mem >= MANY * (sizeof(struct eamt_entry) + 2 * 2 * 8));
	assert_true(mem <= MANY * 200);
	eamt_destroy(t);
}

/* ---- random churn against a brute-force model ------------------------ */

#define MODEL_MAX 512u

struct model {
	struct eamt_entry e[MODEL_MAX];
	bool live[MODEL_MAX];
};

static uint32_t rnd(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(*s >> 33);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint32_t m32(unsigned len)
{
	return len ? UINT32_MAX << (32 - len) : 0;
}

/* Candidate i: a small address space so prefixes overlap and collide.
 * IPv4 192.0.2.x, IPv6 2001:db8::y, lengths 24..32. */
static void model_candidate(uint64_t *s, struct eamt_entry *e)
{
	unsigned len = 24 + rnd(s) % 9;
	uint32_t a4 = (0xc0000200u | (rnd(s) & 0xff)) & m32(len);
	uint32_t a6 = (rnd(s) & 0x3ff) & m32(len);

	memset(e, 0, sizeof(*e));
	e->v4[0] = (uint8_t)(a4 >> 24);
	e->v4[1] = (uint8_t)(a4 >> 16);
	e->v4[2] = (uint8_t)(a4 >> 8);
	e->v4[3] = (uint8_t)a4;
	e->v4len = (uint8_t)len;
	e->v6[0] = 0x20;
	e->v6[1] = 0x01;
	e->v6[2] = 0x0d;
	e->v6[3] = 0xb8;
	e->v6[14] = (uint8_t)(a6 >> 8);
	e->v6[15] = (uint8_t)a6;
	e->v6len = (uint8_t)(len + 96);
}

static int model_find4(const struct model *m, uint32_t a, unsigned len)
{
	for (unsigned i = 0; i < MODEL_MAX; i++)
		if (m->live[i] && m->e[i].v4len == len &&
		    be32(m->e[i].v4) == a)
			return (int)i;
	return -1;
}

static int model_find6(const struct model *m, const uint8_t v6[16],
		       unsigned len)
{
	for (unsigned i = 0; i < MODEL_MAX; i++)
		if (m->live[i] && m->e[i].v4len == len &&
		    memcmp(m->e[i].v6, v6, 16) == 0)
			return (int)i;
	return -1;
}

/* Longest match lookup4 in the model; the result as a 32-bit suffix
 * value plus the matching entry, or -1. */
static int model_lpm4(const struct model *m, uint32_t a)
{
	int best = -1;

	for (unsigned i = 0; i < MODEL_MAX; i++) {
		unsigned len = m->e[i].v4len;

		if (!m->live[i] || (a & m32(len)) != be32(m->e[i].v4))
			continue;
		if (best < 0 || len > m->e[best].v4len)
			best = (int)i;
	}
	return best;
}

static int model_lpm6(const struct model *m, const uint8_t v6[16])
{
	int best = -1;

	for (unsigned i = 0; i < MODEL_MAX; i++) {
		unsigned len = m->e[i].v4len;

		if (!m->live[i] || memcmp(m->e[i].v6, v6, 12) != 0 ||
		    (be32(v6 + 12) & m32(len)) != be32(m->e[i].v6 + 12))
			continue;
		if (best < 0 || len > m->e[best].v4len)
			best = (int)i;
	}
	return best;
}

static void model_check(const struct eamt *t, const struct model *m)
{
	uint8_t a4[4] = {192, 0, 2, 0}, a6[16] = {0x20, 0x01, 0x0d, 0xb8};
	uint8_t got4[4], got6[16];

	for (unsigned x = 0; x < 256; x++) {
		int b;

		a4[3] = (uint8_t)x;
		b = model_lpm4(m, be32(a4));
		assert_int_equal(eamt_lookup4(t, a4, got6), b >= 0);
		if (b >= 0) {
			uint32_t suf = be32(a4) & ~m32(m->e[b].v4len);

			assert_memory_equal(got6, m->e[b].v6, 12);
			assert_int_equal(be32(got6 + 12),
					 be32(m->e[b].v6 + 12) | suf);
		}
	}
	for (unsigned x = 0; x < 0x400; x++) {
		int b;

		a6[14] = (uint8_t)(x >> 8);
		a6[15] = (uint8_t)x;
		b = model_lpm6(m, a6);
		assert_int_equal(eamt_lookup6(t, a6, got4), b >= 0);
		if (b >= 0) {
			uint32_t suf = x & ~m32(m->e[b].v4len);

			assert_int_equal(be32(got4), be32(m->e[b].v4) | suf);
		}
	}
}

static void model_step(struct eamt *t, struct model *m, uint64_t *s)
{
	struct eamt_entry c;
	int i4, i6;
	enum eamt_err want, got;

	model_candidate(s, &c);
	i4 = model_find4(m, be32(c.v4), c.v4len);
	if (i4 >= 0 && rnd(s) % 2) {
		assert_int_equal(eamt_remove(t, c.v4, c.v4len), EAMT_OK);
		m->live[i4] = false;
		return;
	}
	i6 = model_find6(m, c.v6, c.v4len);
	want = i4 >= 0 ? EAMT_ERR_DUPLICATE_V4
	       : i6 >= 0 ? EAMT_ERR_DUPLICATE_V6 : EAMT_OK;
	got = eamt_add(t, c.v4, c.v4len, c.v6, c.v6len);
	assert_int_equal(got, want);
	if (got != EAMT_OK)
		return;
	for (unsigned k = 0; k < MODEL_MAX; k++)
		if (!m->live[k]) {
			m->e[k] = c;
			m->live[k] = true;
			return;
		}
	fail_msg("model full");
}

static void test_churn_vs_model(void **state)
{
	struct eamt *t = eamt_create(0);
	struct model *m = calloc(1, sizeof(*m));
	uint64_t seed = 12345;
	size_t live;

	(void)state;
	assert_non_null(m);
	for (unsigned step = 0; step < 4000; step++) {
		model_step(t, m, &seed);
		if (step % 100 == 99)
			model_check(t, m);
	}
	live = 0;
	for (unsigned k = 0; k < MODEL_MAX; k++)
		live += m->live[k];
	assert_int_equal(eamt_count(t), live);
	model_check(t, m);
	free(m);
	eamt_destroy(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_to_one),
		cmocka_unit_test(test_prefix_pair_copies_suffix),
		cmocka_unit_test(test_longer_ipv6_suffix),
		cmocka_unit_test(test_ipv4_host_on_ipv6_zero_length),
		cmocka_unit_test(test_odd_lengths),
		cmocka_unit_test(test_zero_length),
		cmocka_unit_test(test_longest_match),
		cmocka_unit_test(test_validation),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_remove),
		cmocka_unit_test(test_get_order),
		cmocka_unit_test(test_lookup_idx_and_find),
		cmocka_unit_test(test_miss_and_null),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_churn_vs_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
