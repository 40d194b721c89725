// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Special-purpose ranges (RFC 6890) that can never be one side of a
 * mapping or pool6: the core drops every packet from or to them
 * (RFC 7915 4.1 / 5.1, RFC 1812 5.3.7), and a default route inside the
 * translator would take over the node's own. The IPv4 list is the core's
 * xlat_ip4_addr_special() as prefixes; the IPv6 one adds the IPv4-mapped range
 * (RFC 4291 2.5.5.2), which no packet on the wire carries.
 */
#include <stddef.h>

#include "addr_scope.h"

struct scope_range {
	uint8_t addr[16];
	unsigned len;
	const char *name;
};

static const struct scope_range ranges4[] = {
	{{0}, 8, "overlaps 'this network' (0.0.0.0/8)"},
	{{127}, 8, "overlaps loopback (127.0.0.0/8)"},
	{{169, 254}, 16, "overlaps link-local (169.254.0.0/16)"},
	{{224}, 4, "overlaps multicast (224.0.0.0/4)"},
	{{240}, 4, "overlaps reserved and limited broadcast (240.0.0.0/4)"},
};

static const struct scope_range ranges6[] = {
	{{0}, 128, "overlaps the unspecified address (::)"},
	{{[15] = 1}, 128, "overlaps loopback (::1)"},
	{{[10] = 0xff, [11] = 0xff}, 96, "overlaps IPv4-mapped (::ffff:0:0/96)"},
	{{0xfe, 0x80}, 10, "overlaps link-local (fe80::/10)"},
	{{0xff}, 8, "overlaps multicast (ff00::/8)"},
};

bool addr_prefixes_overlap(const uint8_t *a, unsigned alen, const uint8_t *b,
			   unsigned blen)
{
	unsigned bits = alen < blen ? alen : blen;
	unsigned bytes = bits / 8, rest = bits % 8;

	for (unsigned i = 0; i < bytes; i++)
		if (a[i] != b[i])
			return false;
	if (!rest)
		return true;
	uint8_t mask = (uint8_t)(0xff00u >> rest);
	return (a[bytes] & mask) == (b[bytes] & mask);
}

static const char *clash(const uint8_t *a, unsigned len,
			 const struct scope_range *r, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (addr_prefixes_overlap(a, len, r[i].addr, r[i].len))
			return r[i].name;
	return NULL;
}

const char *addr_scope_clash4(const uint8_t a[4], unsigned len)
{
	if (len == 0)
		return "is the default route (0.0.0.0/0)";
	return clash(a, len, ranges4, sizeof(ranges4) / sizeof(ranges4[0]));
}

const char *addr_scope_clash6(const uint8_t a[16], unsigned len)
{
	if (len == 0)
		return "is the default route (::/0)";
	return clash(a, len, ranges6, sizeof(ranges6) / sizeof(ranges6[0]));
}
