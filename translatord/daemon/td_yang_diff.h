/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * translatord's lyd_diff_siblings(), which takes libyang's place for
 * libfrr (td_yang_diff.c says why), and libyang's own.
 */
#ifndef TRANSLATORD_TD_YANG_DIFF_H
#define TRANSLATORD_TD_YANG_DIFF_H

#include <libyang/libyang.h>

/* libyang's lyd_diff_siblings(), whatever the process links first. */
LY_ERR td_yang_diff_libyang(const struct lyd_node *first,
			    const struct lyd_node *second, uint16_t options,
			    struct lyd_node **diff);

#endif
