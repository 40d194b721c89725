/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Explicit Address Mapping Table (RFC 7757), see eamt.h.
 *
 * Layout:
 *  - entries[]: the mappings in insertion order, for eamt_get(). Lookups
 *    never touch it. eamt_remove() moves the last entry into the hole
 *    (O(1)), so after a removal eamt_get() order is insertion order except
 *    that the formerly last entry now sits where the removed one was.
 *  - two open-addressing hash tables (linear probing, power-of-two size,
 *    load factor <= 1/2), one per direction, keyed by (masked prefix,
 *    prefix length). Each 32-byte slot holds the whole mapping (two per
 *    cache line, never straddling one), so a lookup reads one slot (one
 *    cache miss at 1M entries) and never follows a pointer; the price is
 *    memory (about 150 bytes per mapping at 1M instead of about 55 with
 *    slots that point into entries[]).
 *  - the sets of prefix lengths in use, longest first, one per direction.
 *    A lookup probes once per length in use (longest-prefix match, RFC
 *    7757 3.2), so with only /32 <-> /128 mappings every lookup is a
 *    single probe, whatever the table size.
 *
 * RFC 7757 3.2 lets the IPv6 suffix be longer than the IPv4 one (an
 * IPv4 suffix longer than the IPv6 one cannot be translated back, and is
 * refused). The IPv4 suffix bits then sit right after the IPv6 prefix;
 * the IPv6 bits after them are zero when 4->6 writes them and are ignored
 * when 6->4 reads them (each slot keeps where the suffix sits: `shift`).
 * With equal suffix lengths, the usual case, shift is 0 and the suffix is
 * the last bits of the IPv6 address: one OR on the last 32-bit word.
 *
 * Deletion shifts later cluster members back (no tombstones), so probe
 * sequences never lengthen with churn.
 *
 * Concurrency: eamt_lookup4/6, eamt_get, eamt_count and eamt_memory only
 * read. Any number of threads may call them at once, as long as nobody
 * modifies the table meanwhile (the configuration layer builds a new
 * table and swaps it in).
 */
#include "eamt.h"

#include <stdlib.h>
#include <endian.h>
#include <string.h>
#include <sys/mman.h>

#define V4LEN_MAX 32u
#define V6LEN_MAX 128u
#define MAX_ENTRIES ((size_t)1 << 26)
#define MIN_SLOTS_LOG2 4u
/* Big arrays get transparent huge pages: at 1M entries each table is
 * 48 MiB, and with 4 KiB pages random lookups would mostly miss the TLB. */
#define HUGE_ALIGN ((size_t)2 << 20)

/* Multiplicative (Fibonacci) hashing constants: odd, high entropy. */
#define HASH_K1 0x9e3779b97f4a7c15ULL
#define HASH_K2 0xc2b2ae3d27d4eb4fULL

/* One mapping, as the lookups want it. The IPv6 prefix is split so that
 * the part most lengths mask (bytes 12..15) is a host-order integer. */
struct slot {
	uint64_t hi;    /* IPv6 bytes 0..7, as loaded by memcpy */
	uint32_t mid;   /* IPv6 bytes 8..11, as loaded by memcpy */
	uint32_t low;   /* IPv6 bytes 12..15, host order */
	uint32_t v4;    /* IPv4 prefix, host order */
	uint32_t idx;   /* entries[] index */
	uint8_t len4p1; /* IPv4 prefix length + 1; 0: empty slot */
	uint8_t len6;   /* IPv6 prefix length */
	uint8_t shift;  /* bits after the IPv4 suffix in the IPv6 address */
	uint8_t pad[5];
};

_Static_assert(sizeof(struct slot) == 32, "two slots per cache line");

struct table {
	struct slot *slots;
	unsigned shift; /* 64 - log2(number of slots) */
	size_t mask;    /* number of slots - 1 */
};

struct eamt {
	/* What lookups read comes first. */
	unsigned nlens4, nlens6;
	uint8_t lens4[V4LEN_MAX + 1]; /* IPv4 lengths in use, longest first */
	uint8_t lens6[V6LEN_MAX + 1]; /* IPv6 lengths in use, longest first */
	struct table t4, t6;
	uint32_t len4_users[V4LEN_MAX + 1]; /* entries per IPv4 length */
	uint32_t len6_users[V6LEN_MAX + 1]; /* entries per IPv6 length */
	struct eamt_entry *entries;
	size_t count;
	size_t cap;
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

/* Netmask of the first len bits of a 32-bit word, len 0..32. */
static uint32_t mask32(unsigned len)
{
	return len == 0 ? 0 : UINT32_MAX << (32 - len);
}

/* The IPv6 address (hi, mid, low as in struct slot) cut to its first len
 * bits. */
static void mask6(uint64_t *hi, uint32_t *mid, uint32_t *low, unsigned len)
{
	if (len >= 96) {
		*low &= mask32(len - 96);
	} else if (len >= 64) {
		*low = 0;
		*mid &= htobe32(mask32(len - 64));
	} else {
		*low = 0;
		*mid = 0;
		*hi &= htobe64(len == 0 ? 0 : UINT64_MAX << (64 - len));
	}
}

/* A mapping (or a lookup key) in slot form. */
static struct slot slot_of(const uint8_t v4[4], const uint8_t v6[16],
			   unsigned v4len, unsigned v6len, size_t idx)
{
	struct slot s;

	memset(&s, 0, sizeof(s));
	memcpy(&s.hi, v6, 8);
	memcpy(&s.mid, v6 + 8, 4);
	s.low = load_be32(v6 + 12);
	s.v4 = v4 ? load_be32(v4) : 0;
	s.idx = (uint32_t)idx;
	s.len4p1 = (uint8_t)(v4len + 1);
	s.len6 = (uint8_t)v6len;
	s.shift = (uint8_t)eamt_suffix_shift(v4len, v6len);
	return s;
}

/* ---- hashing ---------------------------------------------------------- */

/*
 * Multiply-shift hashing (Dietzfelbinger et al.): the top bits of key * K
 * depend on every key bit, and consecutive keys (the usual way addresses
 * get mapped) spread evenly. One or two multiplications: the hash is on
 * the per-packet path. Keys come from the administrator's configuration,
 * not from packets, so no keyed hash is needed against collision attacks;
 * a lookup for an unmapped address costs one probe sequence at any rate.
 */
static size_t home4(const struct table *tb, uint32_t v4, unsigned len1)
{
	/* The prefix bits right-aligned: consecutive prefixes of any length
	 * are consecutive keys, which multiply-shift spreads evenly (1M /24s
	 * left-aligned, ending in 8 zero bits, probed 15x longer). len1 - 1
	 * is the length; a /0 has no prefix bits. */
	uint32_t key = len1 > 1 ? v4 >> (33 - len1) : 0;

	return (size_t)((((uint64_t)key << 8 | len1) * HASH_K1) >> tb->shift);
}

static size_t home6(const struct table *tb, uint64_t hi, uint32_t mid,
		    uint32_t low, unsigned len6)
{
	uint64_t x = (hi * HASH_K1) ^ ((uint64_t)mid << 32 | low) ^ len6;

	return (size_t)((x * HASH_K2) >> tb->shift);
}

static size_t slot_home4(const struct table *tb, const struct slot *s)
{
	return home4(tb, s->v4, s->len4p1);
}

static size_t slot_home6(const struct table *tb, const struct slot *s)
{
	return home6(tb, s->hi, s->mid, s->low, s->len6);
}

/* ---- probing ---------------------------------------------------------- */

/* Slot index of (v4, len1) in the IPv4 table, or SIZE_MAX. Terminates:
 * the load factor keeps empty slots around. */
static size_t probe4(const struct table *tb, uint32_t v4, unsigned len1)
{
	for (size_t i = home4(tb, v4, len1);; i = (i + 1) & tb->mask) {
		const struct slot *s = &tb->slots[i];

		if (s->len4p1 == 0)
			return SIZE_MAX;
		if (s->v4 == v4 && s->len4p1 == len1)
			return i;
	}
}

/* Slot index of the IPv6 prefix (hi, mid, low, len6), or SIZE_MAX. */
static size_t probe6(const struct table *tb, uint64_t hi, uint32_t mid,
		     uint32_t low, unsigned len6)
{
	for (size_t i = home6(tb, hi, mid, low, len6);;
	     i = (i + 1) & tb->mask) {
		const struct slot *s = &tb->slots[i];

		if (s->len4p1 == 0)
			return SIZE_MAX;
		if (s->low == low && s->hi == hi && s->mid == mid &&
		    s->len6 == len6)
			return i;
	}
}

static size_t probe_slot4(const struct table *tb, const struct slot *k)
{
	return probe4(tb, k->v4, k->len4p1);
}

static size_t probe_slot6(const struct table *tb, const struct slot *k)
{
	return probe6(tb, k->hi, k->mid, k->low, k->len6);
}

/* ---- table maintenance (configuration time) --------------------------- */

static void table_insert(struct table *tb, size_t home, const struct slot *s)
{
	size_t i = home;

	while (tb->slots[i].len4p1 != 0)
		i = (i + 1) & tb->mask;
	tb->slots[i] = *s;
}

typedef size_t (*home_fn)(const struct table *, const struct slot *);

/* Backward-shift deletion (Knuth 6.4, Algorithm R): pull later members of
 * the cluster into the hole when their home slot allows it, so lookups
 * never need tombstones. */
static void table_delete(struct table *tb, size_t hole, home_fn home_of)
{
	size_t i = hole;

	for (;;) {
		i = (i + 1) & tb->mask;
		if (tb->slots[i].len4p1 == 0)
			break;
		size_t h = home_of(tb, &tb->slots[i]);
		/* Movable iff its home is not cyclically in (hole, i]. */
		if (((i - h) & tb->mask) >= ((i - hole) & tb->mask)) {
			tb->slots[hole] = tb->slots[i];
			hole = i;
		}
	}
	memset(&tb->slots[hole], 0, sizeof(tb->slots[hole]));
}

/* ---- allocation ------------------------------------------------------- */

/* Zeroed memory; huge pages for big arrays (advisory: failure just means
 * 4 KiB pages). */
static void *big_calloc(size_t bytes)
{
	bool huge = bytes >= HUGE_ALIGN;
	void *p;

	/* Cache-line aligned at least: a 32-byte slot then never straddles
	 * two lines. */
	if (posix_memalign(&p, huge ? HUGE_ALIGN : 64, bytes) != 0)
		return NULL;
#ifdef MADV_HUGEPAGE
	if (huge)
		(void)madvise(p, bytes, MADV_HUGEPAGE);
#endif
	memset(p, 0, bytes);
	return p;
}

static size_t table_bytes(const struct table *tb)
{
	return tb->slots ? (tb->mask + 1) * sizeof(struct slot) : 0;
}

/* Smallest power of two >= 2 * n, so the load factor stays <= 1/2. */
static unsigned slots_log2(size_t n)
{
	unsigned lg = MIN_SLOTS_LOG2;

	while (((size_t)1 << lg) < 2 * n)
		lg++;
	return lg;
}

static bool table_init(struct table *tb, unsigned lg)
{
	size_t n = (size_t)1 << lg;

	tb->slots = big_calloc(n * sizeof(struct slot));
	tb->shift = 64 - lg;
	tb->mask = n - 1;
	return tb->slots != NULL;
}

/* Rebuild both tables with room for n entries. */
static enum eamt_err rehash(struct eamt *t, size_t n)
{
	unsigned lg = slots_log2(n);
	struct table t4, t6;
	bool ok4 = table_init(&t4, lg), ok6 = table_init(&t6, lg);

	if (!ok4 || !ok6) {
		free(t4.slots);
		free(t6.slots);
		return EAMT_ERR_NOMEM;
	}
	for (size_t i = 0; i < t->count; i++) {
		const struct eamt_entry *e = &t->entries[i];
		struct slot s = slot_of(e->v4, e->v6, e->v4len, e->v6len, i);

		table_insert(&t4, slot_home4(&t4, &s), &s);
		table_insert(&t6, slot_home6(&t6, &s), &s);
	}
	free(t->t4.slots);
	free(t->t6.slots);
	t->t4 = t4;
	t->t6 = t6;
	return EAMT_OK;
}

/* Room for n entries: entries[] exactly n at creation, doubling after. */
static enum eamt_err reserve(struct eamt *t, size_t n)
{
	if (n > MAX_ENTRIES)
		return EAMT_ERR_NOMEM;
	if (n > t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 8;
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
		return rehash(t, t->cap);
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

static unsigned lens_of(const uint32_t *users, unsigned max, uint8_t *lens)
{
	unsigned n = 0;

	for (unsigned l = max + 1; l-- > 0;)
		if (users[l])
			lens[n++] = (uint8_t)l;
	return n;
}

static void len_ref(struct eamt *t, unsigned v4len, unsigned v6len)
{
	if (t->len4_users[v4len]++ == 0)
		t->nlens4 = lens_of(t->len4_users, V4LEN_MAX, t->lens4);
	if (t->len6_users[v6len]++ == 0)
		t->nlens6 = lens_of(t->len6_users, V6LEN_MAX, t->lens6);
}

static void len_unref(struct eamt *t, unsigned v4len, unsigned v6len)
{
	if (--t->len4_users[v4len] == 0)
		t->nlens4 = lens_of(t->len4_users, V4LEN_MAX, t->lens4);
	if (--t->len6_users[v6len] == 0)
		t->nlens6 = lens_of(t->len6_users, V6LEN_MAX, t->lens6);
}

/* ---- configuration ---------------------------------------------------- */

static enum eamt_err validate(const uint8_t v4[4], unsigned v4len,
			      const uint8_t v6[16], unsigned v6len)
{
	struct slot s, m;

	if (v4len > V4LEN_MAX || v6len > V6LEN_MAX)
		return EAMT_ERR_PREFIX_LEN;
	/* RFC 7757 3.2: every IPv4 suffix bit needs a place in the IPv6
	 * suffix; the reverse direction could not recover the rest. */
	if (V4LEN_MAX - v4len > V6LEN_MAX - v6len)
		return EAMT_ERR_SUFFIX_MISMATCH;
	if (load_be32(v4) & ~mask32(v4len))
		return EAMT_ERR_HOST_BITS;
	s = m = slot_of(v4, v6, v4len, v6len, 0);
	mask6(&m.hi, &m.mid, &m.low, v6len);
	if (m.hi != s.hi || m.mid != s.mid || m.low != s.low)
		return EAMT_ERR_HOST_BITS;
	return EAMT_OK;
}

enum eamt_err eamt_add(struct eamt *t, const uint8_t v4[4], unsigned v4len,
		       const uint8_t v6[16], unsigned v6len)
{
	enum eamt_err err = validate(v4, v4len, v6, v6len);
	struct slot s;
	struct eamt_entry *e;

	if (err != EAMT_OK)
		return err;
	s = slot_of(v4, v6, v4len, v6len, t->count);
	if (probe_slot4(&t->t4, &s) != SIZE_MAX)
		return EAMT_ERR_DUPLICATE_V4;
	if (probe_slot6(&t->t6, &s) != SIZE_MAX)
		return EAMT_ERR_DUPLICATE_V6;
	err = reserve(t, t->count + 1);
	if (err != EAMT_OK)
		return err;

	e = &t->entries[t->count++];
	memcpy(e->v4, v4, 4);
	e->v4len = (uint8_t)v4len;
	memcpy(e->v6, v6, 16);
	e->v6len = (uint8_t)v6len;
	table_insert(&t->t4, slot_home4(&t->t4, &s), &s);
	table_insert(&t->t6, slot_home6(&t->t6, &s), &s);
	len_ref(t, v4len, v6len);
	return EAMT_OK;
}

/* entries[from] moved to entries[to]: update its slots' back-references. */
static void retarget(struct eamt *t, size_t from, size_t to)
{
	const struct eamt_entry *e = &t->entries[from];
	struct slot k = slot_of(e->v4, e->v6, e->v4len, e->v6len, 0);

	t->t4.slots[probe_slot4(&t->t4, &k)].idx = (uint32_t)to;
	t->t6.slots[probe_slot6(&t->t6, &k)].idx = (uint32_t)to;
}

enum eamt_err eamt_remove(struct eamt *t, const uint8_t v4[4], unsigned v4len)
{
	size_t s4, s6, idx, last;
	struct slot k;

	if (v4len > V4LEN_MAX)
		return EAMT_ERR_PREFIX_LEN;
	if (load_be32(v4) & ~mask32(v4len))
		return EAMT_ERR_HOST_BITS;
	s4 = probe4(&t->t4, load_be32(v4), v4len + 1);
	if (s4 == SIZE_MAX)
		return EAMT_ERR_NOT_FOUND;
	k = t->t4.slots[s4];
	idx = k.idx;
	s6 = probe_slot6(&t->t6, &k);

	table_delete(&t->t4, s4, slot_home4);
	table_delete(&t->t6, s6, slot_home6);
	len_unref(t, v4len, k.len6);

	/* Fill the hole with the last entry (eamt_get order changes). */
	last = --t->count;
	if (idx != last) {
		retarget(t, last, idx);
		t->entries[idx] = t->entries[last];
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

/* Returns 1 and fills *e when idx < eamt_count(t), else 0, so that
 * for (i = 0; eamt_get(t, i, &e); i++) walks the table. */
size_t eamt_get(const struct eamt *t, size_t idx, struct eamt_entry *e)
{
	if (!t || idx >= t->count)
		return 0;
	*e = t->entries[idx];
	return 1;
}

/* RFC 7757 3.2, 4->6: the IPv4 suffix right after the IPv6 prefix, the
 * bits after it zero (the slot's prefix has them zero). Out of line: the
 * usual entries (equal suffix lengths, IPv4 /32s) never come here. */
static __attribute__((noinline)) void
place_suffix_long(const struct slot *e, uint32_t suffix, uint8_t v6[16])
{
	unsigned __int128 a = (unsigned __int128)be64toh(e->hi) << 64 |
			      (uint64_t)be32toh(e->mid) << 32 | e->low;
	uint64_t hi;

	a |= (unsigned __int128)suffix << e->shift; /* shift <= 127 */
	hi = htobe64((uint64_t)(a >> 64));
	memcpy(v6, &hi, 8);
	store_be32(v6 + 8, (uint32_t)(a >> 32));
	store_be32(v6 + 12, (uint32_t)a);
}

static inline __attribute__((always_inline)) void
place_suffix(const struct slot *e, uint32_t suffix, uint8_t v6[16])
{
	if (__builtin_expect(e->shift != 0, 0)) {
		place_suffix_long(e, suffix, v6);
		return;
	}
	/* Equal suffix lengths: the suffix is the last bits. */
	memcpy(v6, &e->hi, 8);
	memcpy(v6 + 8, &e->mid, 4);
	store_be32(v6 + 12, e->low | suffix);
}

/* RFC 7757 3.2, 6->4: the IPv4 suffix from right after the IPv6 prefix;
 * the bits after it are ignored. */
static __attribute__((noinline)) uint32_t
take_suffix_long(const struct slot *e, uint64_t hi, uint32_t mid, uint32_t low,
		 uint32_t m)
{
	unsigned __int128 a = (unsigned __int128)be64toh(hi) << 64 |
			      (uint64_t)be32toh(mid) << 32 | low;

	return (uint32_t)(a >> e->shift) & m; /* shift <= 127 */
}

static inline __attribute__((always_inline)) uint32_t
take_suffix(const struct slot *e, uint64_t hi, uint32_t mid, uint32_t low)
{
	uint32_t m = ~mask32(e->len4p1 - 1u);

	if (__builtin_expect(e->shift != 0, 0))
		return take_suffix_long(e, hi, mid, low, m);
	return low & m;
}

static inline bool lookup4(const struct eamt *t, const uint8_t v4[4],
			   uint8_t v6[16], uint32_t *idx)
{
	uint32_t a;

	if (!t)
		return false;
	a = load_be32(v4);
	for (unsigned i = 0; i < t->nlens4; i++) {
		unsigned len = t->lens4[i];
		uint32_t m = mask32(len);
		size_t s = probe4(&t->t4, a & m, len + 1);

		if (s == SIZE_MAX)
			continue;
		place_suffix(&t->t4.slots[s], a & ~m, v6);
		if (idx)
			*idx = t->t4.slots[s].idx;
		return true;
	}
	return false;
}

static inline bool lookup6(const struct eamt *t, const uint8_t v6[16],
			   uint8_t v4[4], uint32_t *idx)
{
	uint64_t hi;
	uint32_t mid, low;

	if (!t)
		return false;
	memcpy(&hi, v6, 8);
	memcpy(&mid, v6 + 8, 4);
	low = load_be32(v6 + 12);
	for (unsigned i = 0; i < t->nlens6; i++) {
		unsigned len = t->lens6[i];
		uint64_t h = hi;
		uint32_t md = mid, l = low;
		size_t s;

		mask6(&h, &md, &l, len);
		s = probe6(&t->t6, h, md, l, len);
		if (s == SIZE_MAX)
			continue;
		const struct slot *e = &t->t6.slots[s];

		store_be32(v4, e->v4 | take_suffix(e, hi, mid, low));
		if (idx)
			*idx = e->idx;
		return true;
	}
	return false;
}

static inline void prefetch_slot(const struct slot *s)
{
#if defined(__GNUC__)
	__builtin_prefetch(s, 0, 3);
#else
	(void)s;
#endif
}

void eamt_prefetch4(const struct eamt *t, const uint8_t v4[4])
{
	if (!t || !t->nlens4)
		return;
	unsigned len = t->lens4[0];
	prefetch_slot(&t->t4.slots[home4(&t->t4, load_be32(v4) & mask32(len),
					 len + 1)]);
}

void eamt_prefetch6(const struct eamt *t, const uint8_t v6[16])
{
	uint64_t hi;
	uint32_t mid, low;

	if (!t || !t->nlens6)
		return;
	unsigned len = t->lens6[0];
	memcpy(&hi, v6, 8);
	memcpy(&mid, v6 + 8, 4);
	low = load_be32(v6 + 12);
	mask6(&hi, &mid, &low, len);
	prefetch_slot(&t->t6.slots[home6(&t->t6, hi, mid, low, len)]);
}

bool eamt_lookup4(const struct eamt *t, const uint8_t v4[4], uint8_t v6[16])
{
	return lookup4(t, v4, v6, NULL);
}

bool eamt_lookup6(const struct eamt *t, const uint8_t v6[16], uint8_t v4[4])
{
	return lookup6(t, v6, v4, NULL);
}

bool eamt_lookup4_idx(const struct eamt *t, const uint8_t v4[4],
		      uint8_t v6[16], uint32_t *idx)
{
	return lookup4(t, v4, v6, idx);
}

bool eamt_lookup6_idx(const struct eamt *t, const uint8_t v6[16],
		      uint8_t v4[4], uint32_t *idx)
{
	return lookup6(t, v6, v4, idx);
}

size_t eamt_find(const struct eamt *t, const uint8_t v4[4], unsigned v4len)
{
	size_t s;

	if (!t || v4len > V4LEN_MAX)
		return SIZE_MAX;
	s = probe4(&t->t4, load_be32(v4) & mask32(v4len), v4len + 1);
	return s == SIZE_MAX ? SIZE_MAX : t->t4.slots[s].idx;
}

const char *eamt_strerror(enum eamt_err err)
{
	switch (err) {
	case EAMT_OK:
		return "success";
	case EAMT_ERR_PREFIX_LEN:
		return "prefix length out of range";
	case EAMT_ERR_SUFFIX_MISMATCH:
		return "IPv4 suffix longer than the IPv6 suffix (RFC 7757 3.2)";
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
