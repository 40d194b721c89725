/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The running configuration and what it advertises.
 *
 * The northbound (td_nb_config.c) builds a complete struct td_conf from the
 * candidate YANG tree, checks it in its pre_validate callback, and on
 * apply hands a fresh one to td_running_install(): the switch is atomic,
 * a rejected commit never gets here.
 */
#ifndef TRANSLATORD_TD_RUNNING_H
#define TRANSLATORD_TD_RUNNING_H

#include "td.h"

/* Take c (moved: *c is reset) as the running configuration, then make
 * the advertisement table match it. */
void td_running_install(struct td_conf *c);

/* The translator container was deleted: withdraw everything. */
void td_running_clear(void);

/* Make the advertisement table match the running configuration and the
 * health verdicts: each EAM IPv4 prefix and pool6, unless shut down or a
 * node check is down; an EAM prefix also needs its mapping checks up.
 * (The EAM IPv6 side belongs to the backends.) */
void td_running_advertise(void);

/* Follows the health checks (td_health_changed). */
void td_running_init(void);
void td_running_fini(void);

#endif
