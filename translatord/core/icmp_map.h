/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ICMPv4 <-> ICMPv6 type/code translation, as tables (RFC 7915 4.2, 5.2),
 * with the Parameter Problem pointer maps (Figures 3 and 6) and the
 * RFC 1191 MTU plateaus.
 */
#ifndef TRANSLATORD_ICMP_MAP_H
#define TRANSLATORD_ICMP_MAP_H

#include <stdint.h>

enum icmp_action {
	ICMP_ACT_UNTRANSLATABLE = 0, /* silently drop: no equivalent */
	ICMP_ACT_SINGLE_HOP,         /* silently drop: link-local message */
	ICMP_ACT_INFO,               /* echo: new type/code, rest copied */
	ICMP_ACT_ERROR,              /* error: new type/code, rest zeroed */
	ICMP_ACT_ERROR_MTU,          /* Fragmentation Needed <-> PTB */
	ICMP_ACT_ERROR_POINTER,      /* Parameter Problem, pointer mapped */
	ICMP_ACT_ERROR_FIXED_POINTER /* pointer set to `pointer` */
};

struct icmp_map {
	uint8_t action; /* enum icmp_action */
	uint8_t type;
	uint8_t code;
	uint8_t pointer; /* for ICMP_ACT_ERROR_FIXED_POINTER */
};

struct icmp_map icmp_map_4to6(uint8_t type, uint8_t code);
struct icmp_map icmp_map_6to4(uint8_t type, uint8_t code);

static inline int icmp_action_is_error(uint8_t a)
{
	return a >= ICMP_ACT_ERROR;
}

/* Is this an ICMP(v6) error type (for the one-level nesting rule)? */
int icmp_map_is_error4(uint8_t type);
int icmp_map_is_error6(uint8_t type);

/* Parameter Problem pointer maps; -1 when the field has no counterpart. */
int icmp_map_pointer_4to6(uint32_t ptr4);
int icmp_map_pointer_6to4(uint32_t ptr6);

/* RFC 1191 section 7: largest plateau strictly below total_len. */
uint16_t icmp_map_mtu_plateau_below(uint32_t total_len);

#endif
