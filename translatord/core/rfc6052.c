/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IPv4-embedded IPv6 addresses (RFC 6052), see rfc6052.h.
 *
 * RFC 6052 2.2 address format: the 32 IPv4 bits follow the prefix, except
 * that bits 64..71 (the "u" octet, byte 8) are skipped and left zero, for
 * compatibility with the modified EUI-64 identifier format (RFC 4291
 * 2.5.1). Every allowed prefix length is a multiple of 8, so the IPv4
 * address always lands on whole bytes:
 *
 *   /32: PL(0..3)  v4(4..7)  u  suffix(9..15)
 *   /40: PL(0..4)  v4(5..7)  u  v4(9)     suffix(10..15)
 *   /48: PL(0..5)  v4(6..7)  u  v4(9..10) suffix(11..15)
 *   /56: PL(0..6)  v4(7)     u  v4(9..11) suffix(12..15)
 *   /64: PL(0..7)            u  v4(9..12) suffix(13..15)
 *   /96: PL(0..11, u is byte 8 of the prefix)  v4(12..15)
 */
#include "rfc6052.h"

#include <stddef.h>
#include <string.h>

#define U_OCTET 8

static bool len_allowed(unsigned len)
{
	switch (len) {
	case 32:
	case 40:
	case 48:
	case 56:
	case 64:
	case 96:
		return true;
	}
	return false;
}

/* Byte position in the IPv6 address of IPv4 byte i for prefix length len. */
static unsigned v4_pos(unsigned len, unsigned i)
{
	unsigned pos = len / 8 + i;

	if (len < 96 && pos >= U_OCTET)
		pos++;
	return pos;
}

enum rfc6052_err rfc6052_prefix_check(const struct rfc6052_prefix *p)
{
	if (!len_allowed(p->len))
		return RFC6052_ERR_LEN;
	/* Up to /64 the u octet lies past the prefix, so this covers it. */
	for (unsigned i = p->len / 8; i < 16; i++)
		if (p->addr[i])
			return RFC6052_ERR_HOST_BITS;
	/* A /96 prefix contains the u octet, which must be zero (2.2). */
	if (p->addr[U_OCTET])
		return RFC6052_ERR_U_OCTET;
	return RFC6052_OK;
}

const char *rfc6052_strerror(enum rfc6052_err err)
{
	switch (err) {
	case RFC6052_OK:
		return "success";
	case RFC6052_ERR_LEN:
		return "prefix length must be 32, 40, 48, 56, 64 or 96";
	case RFC6052_ERR_HOST_BITS:
		return "prefix has bits set past its length";
	case RFC6052_ERR_U_OCTET:
		return "bits 64 to 71 of the prefix must be zero "
		       "(RFC 6052 2.2)";
	}
	return "unknown RFC 6052 error";
}

bool rfc6052_is_wkp(const struct rfc6052_prefix *p)
{
	/* RFC 6052 2.1: 64:ff9b::/96. */
	static const uint8_t wkp[12] = {0x00, 0x64, 0xff, 0x9b};

	return p->len == 96 && memcmp(p->addr, wkp, sizeof(wkp)) == 0;
}

void rfc6052_embed(const struct rfc6052_prefix *p, const uint8_t v4[4],
		   uint8_t v6[16])
{
	unsigned plen = p->len / 8;

	/* The SIIT-DC /96 is the per-packet common case: two copies. */
	if (p->len == 96) {
		memcpy(v6, p->addr, 12);
		memcpy(v6 + 12, v4, 4);
		return;
	}
	/* Prefix, then zeros: the u octet and the suffix are zero (2.2). */
	memcpy(v6, p->addr, plen);
	memset(v6 + plen, 0, 16 - plen);
	for (unsigned i = 0; i < 4; i++)
		v6[v4_pos(p->len, i)] = v4[i];
}

bool rfc6052_extract(const struct rfc6052_prefix *p, const uint8_t v6[16],
		     uint8_t v4[4])
{
	if (p->len == 96) {
		/* The per-packet common case: two word compares rather than
		 * a memcmp() call. */
		uint64_t a, b;
		uint32_t c, d;

		memcpy(&a, v6, 8);
		memcpy(&b, p->addr, 8);
		memcpy(&c, v6 + 8, 4);
		memcpy(&d, p->addr + 8, 4);
		if (a != b || c != d)
			return false;
		memcpy(v4, v6 + 12, 4);
		return true;
	}
	if (memcmp(v6, p->addr, p->len / 8) != 0)
		return false;
	for (unsigned i = 0; i < 4; i++)
		v4[i] = v6[v4_pos(p->len, i)];
	return true;
}

/* ---- RFC 6052 3.1: non-global IPv4 addresses ------------------------- */

struct v4net {
	uint32_t addr;
	uint8_t len;
};

#define NET(a, b, c, d, l)                                                     \
	{(uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 |     \
		 (uint32_t)(d),                                                \
	 (l)}

/*
 * Blocks whose "Globally Reachable" column is False in the IANA IPv4
 * Special-Purpose Address Registry (RFC 6890, updated by RFC 8190;
 * https://www.iana.org/assignments/iana-ipv4-special-registry), plus
 * multicast 224.0.0.0/4 (RFC 5771), which RFC 5735 section 3 (cited by
 * RFC 6052 3.1) also lists. 255.255.255.255/32 is inside 240/4.
 */
static const struct v4net non_global[] = {
	NET(0, 0, 0, 0, 8),        /* "this network", RFC 791 */
	NET(10, 0, 0, 0, 8),       /* private, RFC 1918 */
	NET(100, 64, 0, 0, 10),    /* shared address space, RFC 6598 */
	NET(127, 0, 0, 0, 8),      /* loopback, RFC 1122 */
	NET(169, 254, 0, 0, 16),   /* link local, RFC 3927 */
	NET(172, 16, 0, 0, 12),    /* private, RFC 1918 */
	NET(192, 0, 0, 0, 24),     /* IETF protocol assignments, RFC 6890 */
	NET(192, 0, 2, 0, 24),     /* TEST-NET-1, RFC 5737 */
	NET(192, 168, 0, 0, 16),   /* private, RFC 1918 */
	NET(198, 18, 0, 0, 15),    /* benchmarking, RFC 2544 */
	NET(198, 51, 100, 0, 24),  /* TEST-NET-2, RFC 5737 */
	NET(203, 0, 113, 0, 24),   /* TEST-NET-3, RFC 5737 */
	NET(224, 0, 0, 0, 4),      /* multicast, RFC 5771 */
	NET(240, 0, 0, 0, 4),      /* reserved, RFC 1112 */
};

/* Inside 192.0.0.0/24 but globally reachable per the same registry. */
static const struct v4net global_exceptions[] = {
	NET(192, 0, 0, 9, 32),  /* Port Control Protocol anycast, RFC 7723 */
	NET(192, 0, 0, 10, 32), /* TURN anycast, RFC 8155 */
};

static bool in_net(uint32_t a, const struct v4net *n)
{
	uint32_t mask = n->len ? UINT32_MAX << (32 - n->len) : 0;

	return (a & mask) == n->addr;
}

static bool in_list(uint32_t a, const struct v4net *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (in_net(a, &list[i]))
			return true;
	return false;
}

bool rfc6052_ipv4_non_global(const uint8_t v4[4])
{
	uint32_t a = (uint32_t)v4[0] << 24 | (uint32_t)v4[1] << 16 |
		     (uint32_t)v4[2] << 8 | (uint32_t)v4[3];

	if (in_list(a, global_exceptions,
		    sizeof(global_exceptions) / sizeof(global_exceptions[0])))
		return false;
	return in_list(a, non_global, sizeof(non_global) / sizeof(non_global[0]));
}
