/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The `translator` configuration node (td_cli.c).
 */
#ifndef TRANSLATORD_TD_CLI_H
#define TRANSLATORD_TD_CLI_H

#include "northbound.h"
#include "vty.h"

void td_cli_init(void);

/* cli_show callbacks of the northbound table (td_nb.c). */
void td_cli_show_translator(struct vty *vty, const struct lyd_node *dnode,
			    bool show_defaults);
void td_cli_show_end(struct vty *vty, const struct lyd_node *dnode);
void td_cli_show_eam(struct vty *vty, const struct lyd_node *dnode,
		     bool show_defaults);
void td_cli_show_check(struct vty *vty, const struct lyd_node *dnode,
		       bool show_defaults);
void td_cli_show_check_end(struct vty *vty, const struct lyd_node *dnode);
void td_cli_show_leaf(struct vty *vty, const struct lyd_node *dnode,
		      bool show_defaults);

#endif
