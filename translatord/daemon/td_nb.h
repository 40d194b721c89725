/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The YANG northbound (see td_nb.c).
 */
#ifndef TRANSLATORD_TD_NB_H
#define TRANSLATORD_TD_NB_H

#include "northbound.h"

#include "td.h"

extern const struct frr_yang_module_info td_yang_info;

/* True until the start-up configuration (-f, --config-json) is applied:
 * checks against the node's state (own-address) only warn then. */
extern bool td_nb_starting;
/* -C (--dryrun): the configuration is checked, no data plane created. */
extern bool td_nb_dry_run;

/* Hand the module text (compiled in) to libfrr: before frr_init(). */
void td_nb_embed(void);

/* The whole configuration from the translator container's data node,
 * with every semantic check. 0, or -1 with "PATH: message" in err (and
 * nothing allocated). */
int td_conf_build(const struct lyd_node *top, struct td_conf *c, char *err,
		  size_t errlen);

/* Load a YANG JSON file (module translatord) and commit it: checked by the
 * config library's loader first (messages name the file, line and node),
 * then merged into (replace: replacing) translatord's part of the running
 * configuration in one transaction. 0, or -1 with err; on error nothing
 * changed. */
int td_nb_load_json(const char *path, bool replace, char *err, size_t errlen);

#endif
