/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Local routes kept during drain-time (td_keep.c): the announced prefixes
 * stay routed into the data plane on this node while OSPF withdraws them.
 */
#ifndef TRANSLATORD_TD_KEEP_H
#define TRANSLATORD_TD_KEEP_H

#include <stddef.h>
#include <stdint.h>

/* Before a drain's withdrawal: add every announced prefix again, local
 * only, at distance + 1. Returns how many are kept (0: no interface or no
 * zebra session). A no-op while already keeping. */
size_t td_keep_start(uint8_t distance);
/* Remove them (drain-time over, exit). */
void td_keep_stop(void);
/* Remove them in ms (node healthy again: our announcements, one better
 * in distance, replace them after the hold-down). */
void td_keep_stop_after(uint32_t ms);
size_t td_keep_count(void);
/* Zebra session (re)established: send them again. */
void td_keep_zebra_connected(void);

#endif
