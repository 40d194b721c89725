/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The data-plane interface: the device translatord's routes point to.
 *
 * The zebra side only ever uses its name (td_zebra.c watches it through
 * zebra's interface updates), so a data-plane backend plugs in by
 * providing these calls. Today's backend is td_tun.c: a TUN device that
 * translatord creates and holds open; translatord/dataplane (issue 4)
 * replaces it behind this header.
 *
 * Changing the interface is a two-phase operation so that a commit that
 * cannot create the new device changes nothing: td_dataplane_prepare()
 * (northbound PREPARE) creates it, then td_dataplane_commit() (APPLY)
 * switches to it and closes the old one, or td_dataplane_abort() (ABORT)
 * drops it.
 */
#ifndef TRANSLATORD_TD_DATAPLANE_H
#define TRANSLATORD_TD_DATAPLANE_H

#include <stdbool.h>
#include <stddef.h>

#include "xlat.h"

/* The YANG default of data-plane/interface, as in translatord/dataplane. */
#define TD_DATAPLANE_IFNAME_DEFAULT "siit0"

struct td_dp_pending;

/* Create the interface ifname and bring it up (raising CAP_NET_ADMIN).
 * NULL with err set on failure. */
struct td_dp_pending *td_dataplane_prepare(const char *ifname, char *err,
					   size_t errlen);
void td_dataplane_commit(struct td_dp_pending *p);
void td_dataplane_abort(struct td_dp_pending *p);

/* True when ifname is the interface in use. */
bool td_dataplane_is(const char *ifname);
/* Close the interface in use (the translator was unconfigured). */
void td_dataplane_close(void);
/* "" when none. */
const char *td_dataplane_ifname(void);
/* Which backend runs: "tun-placeholder" until the data plane is wired. */
const char *td_dataplane_backend(void);

/* The core's counters summed over the data plane's threads; zero until
 * the data plane is wired. */
void td_dataplane_stats(struct xlat_counters *out);

#endif
