/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ICMP translation tables. Each row cites the RFC 7915 text it encodes. */
#include "icmp_map.h"

#include <stddef.h>

#define DROP_UNTR {ICMP_ACT_UNTRANSLATABLE, 0, 0, 0}
#define DROP_HOP {ICMP_ACT_SINGLE_HOP, 0, 0, 0}
#define ERR(t, c) {ICMP_ACT_ERROR, t, c, 0}

/* RFC 7915 4.2, ICMPv4 Destination Unreachable (type 3), by code. */
static const struct icmp_map dest_unreach_4to6[16] = {
	[0] = ERR(1, 0),  /* net unreachable -> no route */
	[1] = ERR(1, 0),  /* host unreachable -> no route */
	[2] = {ICMP_ACT_ERROR_FIXED_POINTER, 4, 1, 6}, /* protocol unreachable
					 -> unrecognized Next Header, ptr 6 */
	[3] = ERR(1, 4),  /* port unreachable */
	[4] = {ICMP_ACT_ERROR_MTU, 2, 0, 0}, /* fragmentation needed -> PTB */
	[5] = ERR(1, 0),  /* source route failed */
	[6] = ERR(1, 0), [7] = ERR(1, 0), [8] = ERR(1, 0),
	[9] = ERR(1, 1),  /* communication with dest. network prohibited */
	[10] = ERR(1, 1), /* ... dest. host administratively prohibited */
	[11] = ERR(1, 0), [12] = ERR(1, 0),
	[13] = ERR(1, 1), /* communication administratively prohibited */
	[14] = DROP_UNTR, /* host precedence violation: silently drop */
	[15] = ERR(1, 1), /* precedence cutoff in effect */
};

struct icmp_map icmp_map_4to6(uint8_t type, uint8_t code)
{
	static const struct icmp_map untr = DROP_UNTR, hop = DROP_HOP;

	switch (type) {
	case 8: /* echo request */
		return (struct icmp_map){ICMP_ACT_INFO, 128, code, 0};
	case 0: /* echo reply */
		return (struct icmp_map){ICMP_ACT_INFO, 129, code, 0};
	case 3:
		return code < 16 ? dest_unreach_4to6[code] : untr;
	case 11: /* time exceeded: code unchanged */
		return code <= 1 ? (struct icmp_map)ERR(3, code) : untr;
	case 12: /* parameter problem: code 0 and 2 map, pointer translated */
		if (code == 0 || code == 2)
			return (struct icmp_map){ICMP_ACT_ERROR_POINTER, 4, 0, 0};
		return untr; /* code 1, missing option: drop */
	case 9:  /* router advertisement */
	case 10: /* router solicitation */
	case 5:  /* redirect */
		return hop;
	default: /* 4 source quench, 13-18 obsolete, unknown: drop */
		return untr;
	}
}

/* RFC 7915 5.2, ICMPv6 Destination Unreachable (type 1), by code. */
static const struct icmp_map dest_unreach_6to4[5] = {
	[0] = ERR(3, 1),  /* no route -> host unreachable */
	[1] = ERR(3, 10), /* administratively prohibited -> host admin. prohib. */
	[2] = ERR(3, 1),  /* beyond scope of source address */
	[3] = ERR(3, 1),  /* address unreachable */
	[4] = ERR(3, 3),  /* port unreachable */
};

struct icmp_map icmp_map_6to4(uint8_t type, uint8_t code)
{
	static const struct icmp_map untr = DROP_UNTR, hop = DROP_HOP;

	switch (type) {
	case 128:
		return (struct icmp_map){ICMP_ACT_INFO, 8, code, 0};
	case 129:
		return (struct icmp_map){ICMP_ACT_INFO, 0, code, 0};
	case 1:
		return code < 5 ? dest_unreach_6to4[code] : untr;
	case 2: /* packet too big -> fragmentation needed */
		return (struct icmp_map){ICMP_ACT_ERROR_MTU, 3, 4, 0};
	case 3: /* time exceeded: code unchanged */
		return code <= 1 ? (struct icmp_map)ERR(11, code) : untr;
	case 4:
		if (code == 0) /* erroneous header field: pointer mapped */
			return (struct icmp_map){ICMP_ACT_ERROR_POINTER, 12, 0, 0};
		if (code == 1) /* unrecognized next header -> proto unreachable */
			return (struct icmp_map)ERR(3, 2);
		return untr; /* code 2, unrecognized option, and others */
	default:
		/* MLD (130-132) and ND (133-137) are single-hop; everything
		 * else has no ICMPv4 counterpart. */
		if (type >= 130 && type <= 137)
			return hop;
		return untr;
	}
}

int icmp_map_is_error4(uint8_t type)
{
	return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

int icmp_map_is_error6(uint8_t type)
{
	return type < 128;
}

/* RFC 7915 Figure 3: IPv4 header byte -> IPv6 header byte. */
int icmp_map_pointer_4to6(uint32_t ptr4)
{
	static const int8_t map[20] = {
		0, 1, 4, 4,        /* version/IHL, TOS, total length */
		-1, -1, -1, -1,    /* identification, flags/offset */
		7, 6, -1, -1,      /* TTL, protocol, checksum */
		8, 8, 8, 8,        /* source address */
		24, 24, 24, 24,    /* destination address */
	};
	return ptr4 < 20 ? map[ptr4] : -1;
}

/* RFC 7915 Figure 6: IPv6 header byte -> IPv4 header byte. */
int icmp_map_pointer_6to4(uint32_t ptr6)
{
	static const int8_t map[8] = {
		0, 1, -1, -1, /* version/TC, TC/flow label, flow label */
		2, 2,         /* payload length -> total length */
		9, 8,         /* next header -> protocol, hop limit -> TTL */
	};
	if (ptr6 < 8)
		return map[ptr6];
	if (ptr6 < 24)
		return 12;
	if (ptr6 < 40)
		return 16;
	return -1;
}

uint16_t icmp_map_mtu_plateau_below(uint32_t total_len)
{
	static const uint16_t plateaus[] = {65535, 32000, 17914, 8166, 4352,
					    2002,  1492,  1006,  508,  296, 68};
	for (size_t i = 0; i < sizeof(plateaus) / sizeof(plateaus[0]); i++)
		if (plateaus[i] < total_len)
			return plateaus[i];
	return 68; /* the IPv4 minimum */
}
