/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The running configuration and what it advertises.
 *
 * The northbound (td_nb.c) builds a complete struct td_conf from the
 * candidate YANG tree, checks it in its pre_validate callback, and on
 * apply hands a fresh one to td_running_install(): the switch is atomic,
 * a rejected commit never gets here.
 */
#ifndef TRANSLATORD_TD_RUNNING_H
#define TRANSLATORD_TD_RUNNING_H

#include "td.h"

/* Defaults of every field (the YANG module's defaults). */
void td_conf_init(struct td_conf *c);
void td_conf_free(struct td_conf *c);

/* Take c (moved: *c is reset) as the running configuration, then make
 * the advertisement table match it. */
void td_running_install(struct td_conf *c);

/* The translator container was deleted: withdraw everything. */
void td_running_clear(void);

/* Make the advertisement table match the running configuration: each EAM
 * IPv4 prefix and pool6, unless shut down. (The EAM IPv6 side belongs to
 * the backends.) */
void td_running_advertise(void);

/* Health state of a mapping, for show commands and operational state:
 * "not-checked" when no mapping-scope check lists it. */
const char *td_running_mapping_health(const struct prefix_ipv4 *p);
/* State of a configured check. The probe engine is not wired yet: "init"
 * (or "disabled" when shut down). */
const char *td_running_check_state(const struct td_check_conf *c);
const char *td_check_type_name(enum td_check_type t);

/* Allocation for td_conf_build(): freed by td_conf_free(). */
void *td_check_alloc(size_t size);

void td_running_fini(void);

#endif
