/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Explicit Address Mapping Table (RFC 7757), see eamt.h.
 *
 * Layout:
 *  - entries[]: the mappings, densely packed. eamt_get() walks it.
 *    eamt_remove() moves the last entry into the hole (O(1)), so after a
 *    removal eamt_get() order is insertion order except that the formerly
 *    last entry now sits where the removed one was.
 *  - two open-addressing hash tables (linear probing, power-of-two size,
 *    load factor <= 1/2), one per direction, keyed by (masked prefix,
 *    prefix length). A slot is 8 bytes: a 32-bit tag and a 32-bit
 *    reference (entry index and IPv4 prefix length). In the IPv4 table the
 *    tag is the masked IPv4 prefix itself, so a tag match is a key match;
 *    in the IPv6 table it is 32 bits of the key's hash, and a tag match is
 *    confirmed against the entry.
 *  - the set of prefix lengths in use, longest first. A lookup probes once
 *    per length in use (longest-prefix match, RFC 7757 3.2), so with only
 *    /32 <-> /128 mappings every lookup is a single probe, whatever the
 *    table size.
 *
 * Since 32 - v4len == 128 - v6len for every entry, v6len = v4len + 96:
 * one list of lengths serves both directions, and an IPv6 prefix always
 * covers the first 96 bits; only the last 32 bits are ever masked.
 *
 * Deletion uses backward shifting (no tombstones), so probe sequences
 * never lengthen with churn.
 *
 * Concurrency: eamt_lookup4/6, eamt_get, eamt_count and eamt_memory only
 * read. Any number of threads may call them at once, as long as nobody
 * modifies the table meanwhile (the configuration layer builds a new
 * table and swaps it in).
 */
#include "eamt.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define V4LEN_MAX 32u
#define V6LEN_MAX 128u
/* reference = (entry index << REF_LEN_BITS) | (v4len + 1); 0 = empty. */
#define REF_LEN_BITS 6u
#define REF_LEN_MASK ((1u << REF_LEN_BITS) - 1u)
#define MAX_ENTRIES ((size_t)1 << (32 - REF_LEN_BITS))
#define MIN_SLOTS 16u
/* Big tables get transparent huge pages: at 1M entries each table is
 * 16 MiB, and with 4 KiB pages random lookups would mostly miss the TLB. */
#define HUGE_ALIGN ((size_t)2 << 20)

struct slot {
	uint32_t tag;
	uint32_t ref;
};

struct table {
	struct slot *slots;
	size_t mask; /* number of slots - 1 */
};

struct eamt {
	struct eamt_entry *entries;
	size_t count;
	size_t cap;
	struct table t4, t6;
	uint32_t len_users[V4LEN_MAX + 1]; /* entries per IPv4 prefix length */
	uint8_t lens[V4LEN_MAX + 1];       /* lengths in use, longest first */
	unsigned nlens;
};

/* ---- small helpers ---------------------------------------------------- */

static uint32_t load_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static void store_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint64_t load_u64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* Netmask of the first len bits of a 32-bit word, len 0..32. */
static uint32_t mask32(unsigned len)
{
	return len == 0 ? 0 : UINT32_MAX << (32 - len);
}

/* MurmurHash3 64-bit finalizer: cheap, and every input bit affects every
 * output bit, which a power-of-two table needs (addresses that differ only
 * in their low bits must not collide). */
static uint64_t fmix64(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53ULL;
	k ^= k >> 33;
	return k;
}

static uint64_t hash4(uint32_t prefix, unsigned v4len)
{
	return fmix64((uint64_t)v4len << 32 | prefix);
}

/* hi = bytes 0..7 and mid = bytes 8..11 of the address (never masked:
 * v6len >= 96), low = bytes 12..15 already masked, as a host integer. */
static uint64_t hash6(uint64_t hi, uint64_t mid, uint32_t low, unsigned v4len)
{
	uint64_t x = hi ^ fmix64(mid << 32 ^ low ^ (uint64_t)v4len << 48);

	return fmix64(x);
}

static uint32_t make_ref(size_t idx, unsigned v4len)
{
	return (uint32_t)(idx << REF_LEN_BITS) | (v4len + 1);
}

static size_t ref_idx(uint32_t ref)
{
	return ref >> REF_LEN_BITS;
}

static unsigned ref_len(uint32_t ref)
{
	return (ref & REF_LEN_MASK) - 1;
}

/* ---- keys ------------------------------------------------------------- */

/* A lookup key in either table. */
struct key {
	uint64_t hash;
	uint32_t tag;
	unsigned v4len;
};

static struct key key4(uint32_t masked, unsigned v4len)
{
	struct key k = {hash4(masked, v4len), masked, v4len};

	return k;
}

static struct key key6(const uint8_t v6[16], unsigned v4len)
{
	uint32_t mid;
	struct key k;

	memcpy(&mid, v6 + 8, sizeof(mid));
	k.hash = hash6(load_u64(v6), mid, load_be32(v6 + 12) & mask32(v4len),
		       v4len);
	k.tag = (uint32_t)k.hash;
	k.v4len = v4len;
	return k;
}

/* Does the IPv6 prefix of entry e equal v6 masked to e's length? */
static bool v6_prefix_eq(const struct eamt_entry *e, const uint8_t v6[16])
{
	uint32_t m = mask32(e->v4len);

	return memcmp(e->v6, v6, 12) == 0 &&
	       load_be32(e->v6 + 12) == (load_be32(v6 + 12) & m);
}

/* ---- hash table primitives -------------------------------------------- */

static size_t home(const struct table *tb, uint64_t hash)
{
	/* The high bits of fmix64 are as good as the low ones; the low 32
	 * are the IPv6 tag, so index with the high ones to keep them
	 * independent. */
	return (size_t)(hash >> 32) & tb->mask;
}

/* Probe for k. v6 is NULL for the IPv4 table (tag is the key), else the
 * (unmasked) IPv6 address to confirm a tag match against. Returns the
 * slot index, or SIZE_MAX when absent. */
static size_t probe(const struct eamt *t, const struct table *tb,
		    const struct key *k, const uint8_t *v6)
{
	size_t i = home(tb, k->hash);

	for (;; i = (i + 1) & tb->mask) {
		const struct slot *s = &tb->slots[i];

		if (s->ref == 0)
			return SIZE_MAX;
		if (s->tag != k->tag || ref_len(s->ref) != k->v4len)
			continue;
		if (!v6 || v6_prefix_eq(&t->entries[ref_idx(s->ref)], v6))
			return i;
	}
}

static void table_insert(struct table *tb, uint64_t hash, uint32_t tag,
			 uint32_t ref)
{
	size_t i = home(tb, hash);

	while (tb->slots[i].ref != 0)
		i = (i + 1) & tb->mask;
	tb->slots[i].tag = tag;
	tb->slots[i].ref = ref;
}

/* Backward-shift deletion (Knuth 6.4, Algorithm R): pull later members of
 * the cluster into the hole when their home slot allows it, so lookups
 * never need tombstones. hash_of() recomputes a slot's home hash. */
static void table_delete(const struct eamt *t, struct table *tb, size_t hole,
			 uint64_t (*hash_of)(const struct eamt *, uint32_t))
{
	size_t i = hole;

	for (;;) {
		i = (i + 1) & tb->mask;
		if (tb->slots[i].ref == 0)
			break;
		size_t h = home(tb, hash_of(t, tb->slots[i].ref));
		/* Movable iff home is not cyclically in (hole, i]. */
		if (((i - h) & tb->mask) >= ((i - hole) & tb->mask)) {
			tb->slots[hole] = tb->slots[i];
			hole = i;
		}
	}
	tb->slots[hole].ref = 0;
	tb->slots[hole].tag = 0;
}

static uint64_t entry_hash4(const struct eamt *t, uint32_t ref)
{
	const struct eamt_entry *e = &t->entries[ref_idx(ref)];

	return key4(load_be32(e->v4), e->v4len).hash;
}

static uint64_t entry_hash6(const struct eamt *t, uint32_t ref)
{
	const struct eamt_entry *e = &t->entries[ref_idx(ref)];

	return key6(e->v6, e->v4len).hash;
}

/* ---- allocation ------------------------------------------------------- */

static size_t table_bytes(const struct table *tb)
{
	return tb->slots ? (tb->mask + 1) * sizeof(struct slot) : 0;
}

static struct slot *slots_alloc(size_t n)
{
	size_t bytes = n * sizeof(struct slot);
	void *p;

	if (bytes < HUGE_ALIGN)
		return calloc(n, sizeof(struct slot));
	if (posix_memalign(&p, HUGE_ALIGN, bytes) != 0)
		return NULL;
#ifdef MADV_HUGEPAGE
	/* Advisory only: failure just means 4 KiB pages. */
	(void)madvise(p, bytes, MADV_HUGEPAGE);
#endif
	memset(p, 0, bytes);
	return p;
}

/* Smallest power of two >= 2 * n, so the load factor stays <= 1/2. */
static size_t slots_for(size_t n)
{
	size_t s = MIN_SLOTS;

	while (s < 2 * n)
		s <<= 1;
	return s;
}

/* Rebuild both tables with room for n entries (config time only). */
static enum eamt_err rehash(struct eamt *t, size_t n)
{
	size_t nslots = slots_for(n);
	struct table t4 = {slots_alloc(nslots), nslots - 1};
	struct table t6 = {slots_alloc(nslots), nslots - 1};

	if (!t4.slots || !t6.slots) {
		free(t4.slots);
		free(t6.slots);
		return EAMT_ERR_NOMEM;
	}
	for (size_t i = 0; i < t->count; i++) {
		const struct eamt_entry *e = &t->entries[i];
		struct key k4 = key4(load_be32(e->v4), e->v4len);
		struct key k6 = key6(e->v6, e->v4len);
		uint32_t ref = make_ref(i, e->v4len);

		table_insert(&t4, k4.hash, k4.tag, ref);
		table_insert(&t6, k6.hash, k6.tag, ref);
	}
	free(t->t4.slots);
	free(t->t6.slots);
	t->t4 = t4;
	t->t6 = t6;
	return EAMT_OK;
}

static enum eamt_err reserve(struct eamt *t, size_t n)
{
	if (n > MAX_ENTRIES)
		return EAMT_ERR_NOMEM;
	if (n > t->cap) {
		/* Exactly the size asked for at creation, doubling after. */
		size_t cap = t->cap ? 2 * t->cap : MIN_SLOTS / 2;
		struct eamt_entry *p;

		if (cap < n)
			cap = n;
		if (cap > MAX_ENTRIES)
			cap = MAX_ENTRIES;
		p = realloc(t->entries, cap * sizeof(*p));
		if (!p)
			return EAMT_ERR_NOMEM;
		t->entries = p;
		t->cap = cap;
	}
	if (2 * n > t->t4.mask + 1)
		return rehash(t, n > t->cap ? n : t->cap);
	return EAMT_OK;
}

struct eamt *eamt_create(size_t expected_entries)
{
	struct eamt *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	if (expected_entries > MAX_ENTRIES)
		expected_entries = MAX_ENTRIES;
	if (rehash(t, expected_entries) != EAMT_OK ||
	    reserve(t, expected_entries) != EAMT_OK) {
		eamt_destroy(t);
		return NULL;
	}
	return t;
}

void eamt_destroy(struct eamt *t)
{
	if (!t)
		return;
	free(t->entries);
	free(t->t4.slots);
	free(t->t6.slots);
	free(t);
}

/* ---- prefix lengths in use -------------------------------------------- */

static void lens_rebuild(struct eamt *t)
{
	t->nlens = 0;
	for (unsigned l = V4LEN_MAX + 1; l-- > 0;)
		if (t->len_users[l])
			t->lens[t->nlens++] = (uint8_t)l;
}

static void len_ref(struct eamt *t, unsigned v4len)
{
	if (t->len_users[v4len]++ == 0)
		lens_rebuild(t);
}

static void len_unref(struct eamt *t, unsigned v4len)
{
	if (--t->len_users[v4len] == 0)
		lens_rebuild(t);
}

/* ---- configuration ---------------------------------------------------- */

static enum eamt_err validate(const uint8_t v4[4], unsigned v4len,
			      const uint8_t v6[16], unsigned v6len)
{
	if (v4len > V4LEN_MAX || v6len > V6LEN_MAX)
		return EAMT_ERR_PREFIX_LEN;
	/* RFC 7757 3.2: both sides must have as many suffix bits. */
	if (V4LEN_MAX - v4len != V6LEN_MAX - v6len)
		return EAMT_ERR_SUFFIX_MISMATCH;
	if (load_be32(v4) & ~mask32(v4len))
		return EAMT_ERR_HOST_BITS;
	if (load_be32(v6 + 12) & ~mask32(v4len))
		return EAMT_ERR_HOST_BITS;
	return EAMT_OK;
}

enum eamt_err eamt_add(struct eamt *t, const uint8_t v4[4], unsigned v4len,
		       const uint8_t v6[16], unsigned v6len)
{
	enum eamt_err err = validate(v4, v4len, v6, v6len);
	struct key k4, k6;
	struct eamt_entry *e;

	if (err != EAMT_OK)
		return err;
	k4 = key4(load_be32(v4), v4len);
	k6 = key6(v6, v4len);
	if (probe(t, &t->t4, &k4, NULL) != SIZE_MAX)
		return EAMT_ERR_DUPLICATE_V4;
	if (probe(t, &t->t6, &k6, v6) != SIZE_MAX)
		return EAMT_ERR_DUPLICATE_V6;
	err = reserve(t, t->count + 1);
	if (err != EAMT_OK)
		return err;

	e = &t->entries[t->count];
	memcpy(e->v4, v4, 4);
	e->v4len = (uint8_t)v4len;
	memcpy(e->v6, v6, 16);
	e->v6len = (uint8_t)v6len;
	table_insert(&t->t4, k4.hash, k4.tag, make_ref(t->count, v4len));
	table_insert(&t->t6, k6.hash, k6.tag, make_ref(t->count, v4len));
	t->count++;
	len_ref(t, v4len);
	return EAMT_OK;
}

/* Point the slot that references entry `from` at entry `to` instead. */
static void retarget(struct eamt *t, struct table *tb, const struct key *k,
		     const uint8_t *v6, size_t to)
{
	size_t s = probe(t, tb, k, v6);

	tb->slots[s].ref = make_ref(to, k->v4len);
}

enum eamt_err eamt_remove(struct eamt *t, const uint8_t v4[4], unsigned v4len)
{
	struct key k4, k6;
	size_t s4, s6, idx, last;
	struct eamt_entry *e;

	if (v4len > V4LEN_MAX)
		return EAMT_ERR_PREFIX_LEN;
	if (load_be32(v4) & ~mask32(v4len))
		return EAMT_ERR_HOST_BITS;
	k4 = key4(load_be32(v4), v4len);
	s4 = probe(t, &t->t4, &k4, NULL);
	if (s4 == SIZE_MAX)
		return EAMT_ERR_NOT_FOUND;
	idx = ref_idx(t->t4.slots[s4].ref);
	e = &t->entries[idx];
	k6 = key6(e->v6, v4len);
	s6 = probe(t, &t->t6, &k6, e->v6);

	table_delete(t, &t->t4, s4, entry_hash4);
	table_delete(t, &t->t6, s6, entry_hash6);
	len_unref(t, v4len);

	/* Fill the hole with the last entry (eamt_get order changes). */
	last = --t->count;
	if (idx != last) {
		const struct eamt_entry *m = &t->entries[last];
		struct key m4 = key4(load_be32(m->v4), m->v4len);
		struct key m6 = key6(m->v6, m->v4len);

		retarget(t, &t->t4, &m4, NULL, idx);
		retarget(t, &t->t6, &m6, m->v6, idx);
		t->entries[idx] = *m;
	}
	return EAMT_OK;
}

/* ---- queries ---------------------------------------------------------- */

size_t eamt_count(const struct eamt *t)
{
	return t ? t->count : 0;
}

size_t eamt_memory(const struct eamt *t)
{
	if (!t)
		return 0;
	return sizeof(*t) + t->cap * sizeof(struct eamt_entry) +
	       table_bytes(&t->t4) + table_bytes(&t->t6);
}

/* Returns 1 and fills *e when idx < eamt_count(t), else 0. */
size_t eamt_get(const struct eamt *t, size_t idx, struct eamt_entry *e)
{
	if (!t || idx >= t->count)
		return 0;
	*e = t->entries[idx];
	return 1;
}

bool eamt_lookup4(const struct eamt *t, const uint8_t v4[4], uint8_t v6[16])
{
	uint32_t a;

	if (!t)
		return false;
	a = load_be32(v4);
	for (unsigned i = 0; i < t->nlens; i++) {
		unsigned len = t->lens[i];
		uint32_t m = mask32(len);
		struct key k = key4(a & m, len);
		size_t s = probe(t, &t->t4, &k, NULL);
		const struct eamt_entry *e;

		if (s == SIZE_MAX)
			continue;
		/* RFC 7757 3.2: the IPv4 suffix becomes the IPv6 suffix. */
		e = &t->entries[ref_idx(t->t4.slots[s].ref)];
		memcpy(v6, e->v6, 12);
		store_be32(v6 + 12, load_be32(e->v6 + 12) | (a & ~m));
		return true;
	}
	return false;
}

bool eamt_lookup6(const struct eamt *t, const uint8_t v6[16], uint8_t v4[4])
{
	if (!t)
		return false;
	for (unsigned i = 0; i < t->nlens; i++) {
		unsigned len = t->lens[i];
		uint32_t m = mask32(len);
		struct key k = key6(v6, len);
		size_t s = probe(t, &t->t6, &k, v6);
		const struct eamt_entry *e;

		if (s == SIZE_MAX)
			continue;
		e = &t->entries[ref_idx(t->t6.slots[s].ref)];
		store_be32(v4, load_be32(e->v4) | (load_be32(v6 + 12) & ~m));
		return true;
	}
	return false;
}

const char *eamt_strerror(enum eamt_err err)
{
	switch (err) {
	case EAMT_OK:
		return "success";
	case EAMT_ERR_PREFIX_LEN:
		return "prefix length out of range";
	case EAMT_ERR_SUFFIX_MISMATCH:
		return "IPv4 and IPv6 suffix lengths differ (RFC 7757 3.2)";
	case EAMT_ERR_HOST_BITS:
		return "prefix has bits set past its length";
	case EAMT_ERR_DUPLICATE_V4:
		return "IPv4 prefix already mapped";
	case EAMT_ERR_DUPLICATE_V6:
		return "IPv6 prefix already mapped";
	case EAMT_ERR_NOMEM:
		return "out of memory";
	case EAMT_ERR_NOT_FOUND:
		return "no such mapping";
	}
	return "unknown EAMT error";
}
