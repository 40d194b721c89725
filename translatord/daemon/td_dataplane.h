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
 * the data plane is wired. Any thread: the /metrics endpoint calls it
 * from the health engine's thread, the show commands from the FRR
 * thread; the backend serializes them (dp_stats() wants one caller at a
 * time). */
void td_dataplane_stats(struct xlat_counters *out);

/* Per-EAM-entry counters (metrics per-mapping-counters), by index in
 * the running EAM table; any thread, like td_dataplane_stats(). Zero
 * until a backend counts per entry. */
struct td_mapping_counters {
	uint64_t pkts_4to6, bytes_4to6;
	uint64_t pkts_6to4, bytes_6to4;
};
void td_dataplane_mapping_stats(size_t eam_index,
				struct td_mapping_counters *out);

/* Whether the backend translates packets at all. The data-plane
 * self-test (td_health.c) only runs through one that does: the
 * placeholder does not, so the self-test is reported as disabled ("no
 * data plane") rather than as a probe that could never pass. */
bool td_dataplane_translates(void);

/* Drain: after drain-time the node stops translating (false), and
 * starts again when its routes are announced again (true). The
 * placeholder only records it. */
void td_dataplane_set_translating(bool on);
bool td_dataplane_translating(void);

#endif
