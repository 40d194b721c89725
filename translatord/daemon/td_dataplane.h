/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The data-plane interface: the device translatord's routes point to.
 *
 * The zebra side only ever uses its name (td_zebra.c watches it through
 * zebra's interface updates), so a data-plane backend plugs in by
 * providing these calls. The backend is td_dataplane.c: translatord/dataplane
 * (dataplane.h), embedded, of the kind the YANG data-plane type names.
 *
 * Changing the data plane is a two-phase operation so that a commit that
 * cannot create the new one changes nothing: td_dataplane_prepare()
 * (northbound PREPARE) creates it, then td_dataplane_commit() (APPLY)
 * switches to it and closes the old one, or td_dataplane_abort() (ABORT)
 * drops it.
 */
#ifndef TRANSLATORD_TD_DATAPLANE_H
#define TRANSLATORD_TD_DATAPLANE_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xlat.h"

enum td_dp_type { TD_DP_BPF, TD_DP_TUN };

/* The YANG data-plane container. */
struct td_dp_conf {
	enum td_dp_type type;
	char ifname[IFNAMSIZ];
	char if4[IFNAMSIZ], if6[IFNAMSIZ]; /* bpf only; "" = none */
	uint16_t threads, mtu4, mtu6;
};

struct td_dp_pending;

/* Create the data plane described by dc (interface, workers, BPF
 * programs), raising privileges around the creation only, and give it
 * cfg (the running translation configuration). NULL with err set on
 * failure, the running data plane unchanged. When dc names the interface
 * already in use, the running data plane is stopped first and restarted
 * as it was if the new one cannot be created (or on abort). */
struct td_dp_pending *td_dataplane_prepare(const struct td_dp_conf *dc,
					   const struct xlat_config *cfg,
					   char *err, size_t errlen);
void td_dataplane_commit(struct td_dp_pending *p);
void td_dataplane_abort(struct td_dp_pending *p);
/* True when the running data plane (or the pending one) was created
 * with dc: nothing to prepare. */
bool td_dataplane_matches(const struct td_dp_conf *dc);
bool td_dataplane_pending_matches(const struct td_dp_pending *p,
				  const struct td_dp_conf *dc);

/* Atomically switch the running data plane to cfg (dp_update_config);
 * when it returns 0 the previous configuration is no longer used. While
 * not translating (drain), cfg is remembered and an empty configuration
 * stays in force. 0 when there is no data plane. */
int td_dataplane_update(const struct xlat_config *cfg, char *err,
			size_t errlen);

/* True when ifname is the interface in use. */
bool td_dataplane_is(const char *ifname);
/* Close the interface in use (the translator was unconfigured). */
void td_dataplane_close(void);
/* "" when none. */
const char *td_dataplane_ifname(void);
/* Which data plane runs: "bpf", "tun", or "none". */
const char *td_dataplane_backend(void);

/* The core's counters summed over the data plane's CPUs and threads;
 * zero without a data plane. Any thread: the /metrics endpoint calls it
 * from the health engine's thread, the show commands from the FRR
 * thread; the backend serializes them (dp_stats() wants one caller at a
 * time). */
void td_dataplane_stats(struct xlat_counters *out);
/* The same since the last td_dataplane_clear_stats() (`clear translator
 * statistics`), for the show commands only: /metrics and the YANG
 * operational state keep the data plane's monotonic counts, as
 * `clear ip ospf` leaves SNMP alone. */
void td_dataplane_stats_since_clear(struct xlat_counters *out);
void td_dataplane_clear_stats(void);

/* Per-EAM-entry counters (metrics per-mapping-counters), by index in
 * the running EAM table (eamt_get() order); any thread, like
 * td_dataplane_stats(). See translatord/dataplane/dataplane.h for what
 * is counted; counts follow a mapping across configuration changes and
 * restart at zero when it is added again (or after a drain). */
/* Count per entry or not (metrics per-mapping-counters): applied to the
 * running data plane at once, no restart, and to any created later. */
void td_dataplane_set_mapping_stats(bool on);
/* Changes whenever the data plane gets another EAM table: an index is
 * only meaningful with the generation of the table it was taken from
 * (read it on the FRR thread, together with td_conf.eamt). */
uint64_t td_dataplane_mapping_generation(void);
/* Counters of entries 0 .. n-1 of generation gen into out; returns how
 * many were filled: 0 when the data plane does not count, gen is stale,
 * or while drained (no EAM entry in force). */
size_t td_dataplane_mapping_snapshot(uint64_t gen,
				     struct xlat_mapping_counters *out,
				     size_t n);
/* One entry, same rules; false when not filled. */
bool td_dataplane_mapping_stats(uint64_t gen, size_t eam_index,
				struct xlat_mapping_counters *out);
/* Whether the running data plane counts per entry; when not, the
 * endpoint says so instead of publishing zeros. */
bool td_dataplane_mapping_stats_supported(void);

/* Whether a data plane runs (and so translates packets). The data-plane
 * self-test (td_health.c) only runs through one: without, it is reported
 * as disabled ("no data plane") rather than as a probe that could never
 * pass. */
bool td_dataplane_translates(void);

/* Drain: after drain-time the node stops translating (false), and
 * starts again when its routes are announced again (true). td_dataplane.c
 * switches the data plane to an empty configuration (no pool6, no EAM):
 * the core then drops what is routed into it (counted by reason) and the
 * inline BPF programs pass everything through untouched. */
void td_dataplane_set_translating(bool on);
bool td_dataplane_translating(void);

#endif
