/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Prefixes a configuration must not use: the special-purpose ranges the
 * translation core never translates (xlat_common.c xlat_ip4_addr_special,
 * xlat_ip6_addr_special), and the default routes. Whole prefixes, where the
 * core looks at single addresses.
 */
#ifndef TRANSLATORD_ADDR_SCOPE_H
#define TRANSLATORD_ADDR_SCOPE_H

#include <stdbool.h>
#include <stdint.h>

/* Why a prefix cannot be used, e.g. "overlaps loopback (127.0.0.0/8)"
 * or "is the default route (0.0.0.0/0)"; NULL when it can. */
const char *addr_scope_clash4(const uint8_t a[4], unsigned len);
const char *addr_scope_clash6(const uint8_t a[16], unsigned len);

/* Whether prefixes a/alen and b/blen share an address. */
bool addr_prefixes_overlap(const uint8_t *a, unsigned alen, const uint8_t *b,
			   unsigned blen);

#endif
