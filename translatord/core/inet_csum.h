/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Internet checksum (RFC 1071, RFC 1624) and big-endian field access:
 * one implementation for the core, the data plane, the health checks, the
 * daemon and the benches. Header only, no I/O, no dependencies: the core
 * inlines these in its hot paths. (The BPF program keeps its own fold,
 * shaped for the verifier.)
 */
#ifndef TRANSLATORD_INET_CSUM_H
#define TRANSLATORD_INET_CSUM_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* ---- big-endian fields ---- */

static inline uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}
static inline uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}
static inline void wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}
static inline void wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* ---- one's-complement arithmetic (RFC 1071, RFC 1624) ---- */

/* Folded, not complemented. */
static inline uint16_t csum_fold(uint32_t sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* Partial sum of big-endian 16-bit words; odd length pads with zero.
 * Inline: most calls have a small constant length (addresses, headers). */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
static inline uint16_t native_of_be16(uint16_t v)
{
	return __builtin_bswap16(v);
}
#else
static inline uint16_t native_of_be16(uint16_t v)
{
	return v;
}
/* The header checksum of the IPv4 header at ip, hdr_len bytes long. */
static inline void ip4_hdr_set_csum(uint8_t *ip, size_t hdr_len)
{
	ip[10] = 0;
	ip[11] = 0;
	inet_csum_set(ip, hdr_len, ip + 10);
}

#endif
/* Swapping is its own inverse. */
#define be16_of_native native_of_be16

/*
 * RFC 1071 1.2(B): the one's-complement sum is byte-order independent, so
 * sum native-endian 32-bit words (fast, unaligned-safe through memcpy)
 * and swap the folded result once. The returned partial sum is in the
 * same numeric domain as big-endian 16-bit words, like the input `sum`.
 */
#if defined(__GNUC__)
#define XLAT_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define XLAT_ALWAYS_INLINE inline
/* The header checksum of the IPv4 header at ip, hdr_len bytes long. */
static inline void ip4_hdr_set_csum(uint8_t *ip, size_t hdr_len)
{
	ip[10] = 0;
	ip[11] = 0;
	inet_csum_set(ip, hdr_len, ip + 10);
}

#endif
/* Always inlined: nearly every call has a constant length (addresses,
 * headers), which the compiler then turns into a few straight adds. */
static XLAT_ALWAYS_INLINE uint32_t csum_partial(const uint8_t *p, size_t len,
						uint32_t sum)
{
	uint64_t acc = 0;
	uint32_t w;

	while (len >= 16) {
		uint64_t a, b;
		memcpy(&a, p, 8);
		memcpy(&b, p + 8, 8);
		acc += (a & 0xffffffffu) + (a >> 32) + (b & 0xffffffffu) +
		       (b >> 32);
		p += 16;
		len -= 16;
	}
	while (len >= 4) {
		memcpy(&w, p, 4);
		acc += w;
		p += 4;
		len -= 4;
	}
	if (len >= 2) {
		uint16_t h;
		memcpy(&h, p, 2);
		acc += h;
		p += 2;
		len -= 2;
	}
	if (len) /* the odd byte is the high half of a big-endian word */
		acc += native_of_be16((uint16_t)(p[0] << 8));
	acc = (acc & 0xffffffffu) + (acc >> 32);
	acc = (acc & 0xffffffffu) + (acc >> 32);
	uint16_t folded = csum_fold((uint32_t)acc);
	return (uint32_t)sum + be16_of_native(folded);
}

/* Final checksum value of a sum. */
static inline uint16_t csum_finish(uint32_t sum)
{
	return (uint16_t)~csum_fold(sum);
}

/* The checksum of p[0..len) alone, as the value to store big-endian. */
static inline uint16_t inet_csum(const uint8_t *p, size_t len)
{
	return csum_finish(csum_partial(p, len, 0));
}

/* Compute the checksum of p[0..len) and store it at at (big-endian); the
 * field, when inside p, must be zero first. */
static inline void inet_csum_set(const uint8_t *p, size_t len, uint8_t *at)
{
	wr16(at, inet_csum(p, len));
}

/* The header checksum of the IPv4 header at ip, hdr_len bytes long. */
static inline void ip4_hdr_set_csum(uint8_t *ip, size_t hdr_len)
{
	ip[10] = 0;
	ip[11] = 0;
	inet_csum_set(ip, hdr_len, ip + 10);
}

#endif
