/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The size rules of a translated packet, in one place for every path
 * that applies them: the core's general path (emit6/emit4), its fast path
 * (xlat_fast.c) and the BPF program (xlat_tc.bpf.c, which includes this
 * file: inline functions over fixed-width integers, no libc).
 *
 *  - An MTU below the family's minimum is not a valid link MTU: 1280 for
 *    IPv6 (RFC 8200 5), 68 for IPv4 (RFC 791); 0 means "no limit".
 *  - IPv4 -> IPv6 (RFC 7915 4 and 1.2): a DF packet goes out whole up to
 *    the IPv6 MTU, else the sender gets Fragmentation Needed; a DF=0 one
 *    goes out whole up to lowest-ipv6-mtu (capped by the IPv6 MTU, never
 *    below 1280), else it is fragmented.
 *  - IPv6 -> IPv4 (RFC 7915 5.1): DF=1 above XLAT_IPV4_DF_THRESHOLD.
 */
#ifndef TRANSLATORD_XLAT_SIZE_H
#define TRANSLATORD_XLAT_SIZE_H

#define XLAT_IPV6_MIN_MTU 1280u
#define XLAT_IPV4_MIN_MTU 68u

/* RFC 7915 5.1: IPv4 packets translated from IPv6 of at most this size go
 * out with DF=0 (and an Identification); larger ones with DF=1. The data
 * planes apply the same rule to GSO segments. */
#define XLAT_IPV4_DF_THRESHOLD 1260

static inline unsigned int xlat_mtu6_valid(unsigned int mtu6)
{
	return mtu6 && mtu6 < XLAT_IPV6_MIN_MTU ? XLAT_IPV6_MIN_MTU : mtu6;
}

static inline unsigned int xlat_mtu4_valid(unsigned int mtu4)
{
	return mtu4 && mtu4 < XLAT_IPV4_MIN_MTU ? XLAT_IPV4_MIN_MTU : mtu4;
}

/* 4->6: the largest IPv6 packet that leaves whole (0: any). Above it a
 * DF packet gets Fragmentation Needed with MTU limit - 20, a DF=0 one is
 * cut into IPv6 fragments of at most limit bytes. */
static inline unsigned int xlat_4to6_whole_limit(int df, unsigned int mtu6,
						 unsigned int lowest_ipv6_mtu)
{
	unsigned int m6 = xlat_mtu6_valid(mtu6);
	unsigned int limit = lowest_ipv6_mtu;

	if (df)
		return m6;
	if (m6 && m6 < limit)
		limit = m6;
	return limit < XLAT_IPV6_MIN_MTU ? XLAT_IPV6_MIN_MTU : limit;
}

/* 6->4: whether an unfragmented IPv6 packet becomes a DF one. */
static inline int xlat_6to4_df(unsigned int len4)
{
	return len4 > XLAT_IPV4_DF_THRESHOLD;
}

#endif
