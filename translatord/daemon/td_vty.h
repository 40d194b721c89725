/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TRANSLATORD_TD_VTY_H
#define TRANSLATORD_TD_VTY_H

/* Show commands. The `translator` config node comes with the northbound. */
void td_vty_init(void);

#endif
