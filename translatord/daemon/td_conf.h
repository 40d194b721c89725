/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The configuration object, struct td_conf (td.h): built from the YANG
 * data tree (td_conf.c).
 */
#ifndef TRANSLATORD_TD_CONF_H
#define TRANSLATORD_TD_CONF_H

#include <stddef.h>

#include "td.h"

struct lyd_node;

/* Defaults of every field (the YANG module's defaults). */
void td_conf_init(struct td_conf *c);
void td_conf_free(struct td_conf *c);

/* The whole configuration from the translator container's data node,
 * with every semantic check. 0, or -1 with "PATH: message" in err (and
 * nothing allocated). */
int td_conf_build(const struct lyd_node *top, struct td_conf *c, char *err,
		  size_t errlen);

#endif
