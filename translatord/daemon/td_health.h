/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Health-checked advertisement: the probe engine
 * (translatord/health) in its own frr_pthread, fed by the northbound,
 * and what its states withdraw.
 *
 *  - Mapping-scope checks: while one is unhealthy, the IPv4 prefixes of
 *    the EAM entries it lists are withdrawn, nothing else.
 *  - Node-scope checks (an upstream/backbone probe, a drain file, the
 *    built-in data-plane self-test) and `shutdown`: while one is
 *    unhealthy, every route goes, pool6 included; the data plane keeps
 *    translating for drain-time, so traffic already on its way arrives.
 *  - Anti-flap is the engine's: rise successes and a hold-down that
 *    doubles while a check keeps flapping; td_adv adds its own 1 s
 *    minimum between a withdraw and the next announcement.
 *
 * Threads: the engine calls back in its own thread; transitions are
 * copied and handed to the FRR thread with thread_add_event(), where
 * every routing decision is made. Nothing here is called from another
 * thread.
 */
#ifndef TRANSLATORD_TD_HEALTH_H
#define TRANSLATORD_TD_HEALTH_H

#include "prefix.h"

#include "../health/health.h" /* by path: vtysh's command extraction */

#include "td.h"

/* After frr_config_fork(): the engine, its thread, the metrics endpoint. */
void td_health_start(void);
/* Clean shutdown: stop the thread, free everything. */
void td_health_stop(void);

/* The running configuration changed (td_conf): add, replace and remove
 * engine checks; the built-in self-test follows the data plane and the
 * translation configuration. The caller re-advertises afterwards. */
void td_health_apply(const struct td_conf *c);

/* Routing verdicts (FRR thread), from the last transitions received. */
/* Every node-scope check healthy; else false and the first culprit in
 * why ("health check 'upstream' is down"). */
bool td_health_node_checks_ok(char *why, size_t len);
/* No unhealthy mapping-scope check lists this EAM IPv4 prefix. */
bool td_health_mapping_ok(const struct prefix *p);
/* Worst state of the mapping-scope checks listing p (health-state names),
 * or "not-checked". */
const char *td_health_mapping_state(const struct prefix_ipv4 *p);

/* Drain bookkeeping: called by td_running_advertise() with the node's
 * verdict (configured, not shut down, node checks healthy) and why not. */
void td_health_node_verdict(bool node_ok, const char *why);

struct td_node_health {
	bool healthy;
	char why[160];          /* when not healthy */
	bool withdrawn;         /* routes withdrawn by the verdict */
	bool translating;       /* the data plane still translates */
	uint32_t drain_left_s;  /* while withdrawn and translating */
};
void td_health_node(struct td_node_health *out);

/* One check as shown by `show translator health` and the operational
 * state: configuration, the engine's live status, and the routing vote. */
struct td_hc_view {
	char name[HEALTH_NAME_MAX];
	const char *type;          /* icmp ... file, dataplane */
	bool scope_node;
	const struct prefix_ipv4 *mappings; /* valid until the next commit */
	size_t n_mappings;
	bool builtin;
	const char *not_probed;    /* why not probed; NULL: probed */
	bool withdrawing;          /* the vote: its routes are withdrawn */
	bool healthy;              /* probed (not disabled) and healthy */
	struct health_check_status st; /* state, counters, last result... */
};
/* Every check, configured order, the self-test last. XFREE(MTYPE_TMP). */
size_t td_health_views(struct td_hc_view **out);

#endif
