/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Internet checksum arithmetic (RFC 1071, incremental update RFC 1624). */
#include "xlat_internal.h"


uint16_t xlat_csum_replace(uint16_t old_csum, uint32_t old_sum, uint32_t new_sum)
{
	uint32_t s = (uint16_t)~old_csum;
	s += (uint16_t)~csum_fold(old_sum);
	s += csum_fold(new_sum);
	return csum_finish(s);
}

uint32_t xlat_pseudo4_sum(const uint8_t src[4], const uint8_t dst[4], uint8_t proto,
		     uint32_t len)
{
	uint32_t s = csum_partial(src, 4, 0);
	s = csum_partial(dst, 4, s);
	return s + proto + len;
}

uint32_t xlat_pseudo6_sum(const uint8_t src[16], const uint8_t dst[16],
		     uint8_t proto, uint32_t len)
{
	uint32_t s = csum_partial(src, 16, 0);
	s = csum_partial(dst, 16, s);
	return s + (len >> 16) + (len & 0xffff) + proto;
}
