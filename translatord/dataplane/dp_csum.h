/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Internet checksum (RFC 1071) for the data plane's own header work:
 * finishing partial checksums and building software GSO segments. */
#ifndef TRANSLATORD_DP_CSUM_H
#define TRANSLATORD_DP_CSUM_H

#include <stddef.h>
#include <stdint.h>

static inline uint16_t dp_rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}
static inline uint32_t dp_rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}
static inline void dp_wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}
static inline void dp_wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline uint64_t dp_csum_add(const uint8_t *p, size_t len, uint64_t sum)
{
	while (len >= 4) {
		sum += dp_rd32(p);
		p += 4;
		len -= 4;
	}
	if (len >= 2) {
		sum += dp_rd16(p);
		p += 2;
		len -= 2;
	}
	if (len)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

/* Folded to 16 bits, not complemented. */
static inline uint16_t dp_csum_fold(uint64_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* Header checksum of an IPv4 header (field zeroed first). */
static inline void dp_ip4_set_csum(uint8_t *ip, size_t hdr_len)
{
	ip[10] = ip[11] = 0;
	dp_wr16(ip + 10, (uint16_t)~dp_csum_fold(dp_csum_add(ip, hdr_len, 0)));
}

#endif
