/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * translatord as an FRR daemon: state shared by its files.
 *
 * The daemon is split like FRR's staticd/sharpd: td_main.c (start-up),
 * td_zebra.c (everything that talks ZAPI), td_adv.c (which prefixes must be
 * in zebra, hold-down, batching), td_running.c (the running translation
 * configuration and what it advertises), td_vty.c (CLI), td_tun.c (the
 * data-plane interface, a TUN device until the data-plane backends land)
 * and td_version.c (the FRR version pin).
 */
#ifndef TRANSLATORD_TD_H
#define TRANSLATORD_TD_H

#include "memory.h"
#include "xlat.h"

DECLARE_MGROUP(TRANSLATORD);

extern struct thread_master *master;
extern struct zebra_privs_t td_privs;

/* The running translation configuration (loaded from YANG JSON). The
 * northbound will own it later; today td_main.c loads and replaces it. */
struct td_running {
	struct xlat_config cfg;
	struct eamt *eamt;       /* cfg.eamt, owned; NULL when no EAM */
	const char *config_json; /* path given with --config-json, or NULL */
};
extern struct td_running td_running;

#endif
