/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IPv4-embedded IPv6 addresses (RFC 6052 2.2): prefix lengths 32, 40, 48,
 * 56, 64 and 96; bits 64..71 (the "u" octet) are always zero and skipped.
 */
#ifndef TRANSLATORD_RFC6052_H
#define TRANSLATORD_RFC6052_H

#include <stdbool.h>
#include <stdint.h>

struct rfc6052_prefix {
	uint8_t addr[16];
	uint8_t len; /* 32, 40, 48, 56, 64 or 96 */
};

enum rfc6052_err {
	RFC6052_OK = 0,
	RFC6052_ERR_LEN,       /* not one of 32/40/48/56/64/96 */
	RFC6052_ERR_HOST_BITS, /* bits set past the prefix length */
	RFC6052_ERR_U_OCTET,   /* bits 64..71 set (RFC 6052 2.2) */
};
enum rfc6052_err rfc6052_prefix_check(const struct rfc6052_prefix *p);
const char *rfc6052_strerror(enum rfc6052_err err);

/* 64:ff9b::/96 */
bool rfc6052_is_wkp(const struct rfc6052_prefix *p);

void rfc6052_embed(const struct rfc6052_prefix *p, const uint8_t v4[4],
		   uint8_t v6[16]);
/* False when v6 is not inside the prefix. The u octet and the suffix are
 * not checked: RFC 6052 2.2 says they are ignored on extraction. */
bool rfc6052_extract(const struct rfc6052_prefix *p, const uint8_t v6[16],
		     uint8_t v4[4]);

/* RFC 6052 3.1: the Well-Known Prefix MUST NOT be used to represent
 * non-global IPv4 addresses (RFC 1918 ranges and the like). */
bool rfc6052_ipv4_non_global(const uint8_t v4[4]);

#endif
