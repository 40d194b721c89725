/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Debug categories: `debug translator {zebra|northbound|health|dataplane|
 * events}` in the vty, FRR's lib/debug.h underneath (as staticd's
 * static_debug.c). Log with DEBUGD(&td_dbg_zebra, "...").
 */
#ifndef TRANSLATORD_TD_DEBUG_H
#define TRANSLATORD_TD_DEBUG_H

#include "lib/debug.h"

struct vty;

extern struct debug td_dbg_zebra;
extern struct debug td_dbg_northbound;
extern struct debug td_dbg_health;
extern struct debug td_dbg_dataplane;
extern struct debug td_dbg_events;

/* Turn categories on or off for the node the command came from (terminal
 * or configuration); all false: every category. */
void td_debug_set(int vtynode, bool on, bool zebra, bool northbound,
		  bool health, bool dataplane, bool events);
/* `show debugging`: the categories on. */
void td_debug_status_write(struct vty *vty);
/* The configuration's `debug translator ...` lines. */
int td_debug_config_write(struct vty *vty);
void td_debug_init(void);

#endif
