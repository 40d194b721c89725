/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The data-plane interface: the device translatord's routes point to.
 *
 * The zebra side only ever uses its name (td_zebra.c watches it through
 * zebra's interface updates), so a data-plane backend plugs in by
 * providing these three calls. Today's backend is td_tun.c: a TUN device
 * that translatord creates and holds open.
 */
#ifndef TRANSLATORD_TD_DATAPLANE_H
#define TRANSLATORD_TD_DATAPLANE_H

#include <stddef.h>

#define TD_DATAPLANE_IFNAME_DEFAULT "translatord0"

/* Create (or attach to) the interface and bring it up. Called as root,
 * before privileges are dropped. 0, or -1 with err set. */
int td_dataplane_open(const char *ifname, char *err, size_t errlen);
void td_dataplane_close(void);
const char *td_dataplane_ifname(void);

#endif
