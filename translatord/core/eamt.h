/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Explicit Address Mapping Table (RFC 7757).
 *
 * Entries pair an IPv4 prefix with an IPv6 prefix whose suffix is at
 * least as long (32 - v4len <= 128 - v6len); the common case is
 * /32 <-> /128. Lookups are longest-prefix match in either direction and
 * copy the IPv4 suffix (host bits) across (RFC 7757 3.2): right after the
 * IPv6 prefix, the IPv6 bits after it zero 4->6 and ignored 6->4.
 *
 * Built at configuration time (allocates); lookups are read-only, never
 * allocate, and may run concurrently from several threads. Cost is a hash
 * probe per prefix length in use, so it stays flat from 1 to 1M entries.
 */
#ifndef TRANSLATORD_EAMT_H
#define TRANSLATORD_EAMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct eamt;

enum eamt_err {
	EAMT_OK = 0,
	EAMT_ERR_PREFIX_LEN,      /* v4len > 32 or v6len > 128 */
	EAMT_ERR_SUFFIX_MISMATCH, /* 32 - v4len > 128 - v6len */
	EAMT_ERR_HOST_BITS,       /* a prefix has bits set past its length */
	EAMT_ERR_DUPLICATE_V4,    /* same IPv4 prefix already mapped */
	EAMT_ERR_DUPLICATE_V6,    /* same IPv6 prefix already mapped */
	EAMT_ERR_NOMEM,
	EAMT_ERR_NOT_FOUND,
};

const char *eamt_strerror(enum eamt_err err);

/* RFC 7757 3.2: how many IPv6 bits follow the IPv4 suffix once it is
 * placed right after the IPv6 prefix. 0 with equal suffix lengths, and
 * for an IPv4 /32, which has no suffix to place: both then copy the
 * prefix and OR nothing past it. For a valid entry (v4len <= 32, the
 * IPv6 suffix at least as long). */
static inline unsigned eamt_suffix_shift(unsigned v4len, unsigned v6len)
{
	return v4len == 32 ? 0 : (128 - v6len) - (32 - v4len);
}

struct eamt *eamt_create(size_t expected_entries);
void eamt_destroy(struct eamt *t);

/* Addresses in network byte order. */
enum eamt_err eamt_add(struct eamt *t, const uint8_t v4[4], unsigned v4len,
		       const uint8_t v6[16], unsigned v6len);
enum eamt_err eamt_remove(struct eamt *t, const uint8_t v4[4], unsigned v4len);
size_t eamt_count(const struct eamt *t);
/* Bytes allocated by the table, for "memory per mapping". */
size_t eamt_memory(const struct eamt *t);

/* Longest-prefix match; on a hit writes the translated address. */
bool eamt_lookup4(const struct eamt *t, const uint8_t v4[4], uint8_t v6[16]);
bool eamt_lookup6(const struct eamt *t, const uint8_t v6[16], uint8_t v4[4]);
/* The same, also giving the eamt_get() index of the entry that matched
 * (for per-mapping counters). idx may be NULL. */
bool eamt_lookup4_idx(const struct eamt *t, const uint8_t v4[4],
		      uint8_t v6[16], uint32_t *idx);
bool eamt_lookup6_idx(const struct eamt *t, const uint8_t v6[16],
		      uint8_t v4[4], uint32_t *idx);
/* Hints, no result: start loading the slot that eamt_lookup4/6 of this
 * address will read first (the longest prefix length in use), so that
 * the cache miss of a large table overlaps with other work. Cheap (a
 * hash, no branch on table contents); the per-packet code calls them
 * as soon as it has read the addresses. */
void eamt_prefetch4(const struct eamt *t, const uint8_t v4[4]);
void eamt_prefetch6(const struct eamt *t, const uint8_t v6[16]);
/* Exact match: the eamt_get() index of the entry with this IPv4 prefix
 * (host bits ignored), or SIZE_MAX. */
size_t eamt_find(const struct eamt *t, const uint8_t v4[4], unsigned v4len);

/* Iterate in insertion order (for show commands / config export). */
struct eamt_entry {
	uint8_t v4[4];
	uint8_t v4len;
	uint8_t v6[16];
	uint8_t v6len;
};
size_t eamt_get(const struct eamt *t, size_t idx, struct eamt_entry *e);

#endif
