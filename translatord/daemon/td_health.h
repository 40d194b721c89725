/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Health-checked advertisement: the probe engine
 * (translatord/health) in its own frr_pthread, fed by the northbound,
 * and what its states withdraw.
 *
 *  - Mapping-scope checks: while one is unhealthy, the IPv4 prefixes of
 *    the EAM entries it lists are withdrawn, nothing else.
 *  - Node-scope checks (an upstream/backbone probe, a drain file, the
 *    built-in data-plane self-test, td_selftest.c): while one is
 *    unhealthy, the node's verdict is bad (td_verdict.h) and every
 *    route goes, pool6 included.
 *  - Anti-flap is the engine's: rise successes and a hold-down that
 *    doubles while a check keeps flapping; td_adv adds its own 1 s
 *    minimum between a withdraw and the next announcement.
 *
 * Threads: the engine calls back in its own thread; transitions are
 * copied and handed to the FRR thread with thread_add_event(), where
 * every routing decision is made. Nothing here is called from another
 * thread.
 *
 * Consumers learn of changes through the td_health_changed hook, so
 * this file calls neither the advertisement nor the metrics.
 */
#ifndef TRANSLATORD_TD_HEALTH_H
#define TRANSLATORD_TD_HEALTH_H

#include "hook.h"
#include "prefix.h"

#include "../health/health.h" /* by path: vtysh's command extraction */

#include "td.h"

/* A transition arrived (FRR thread). votes: a check's vote changed, so
 * the advertisement must be recomputed; else only its state (for the
 * metrics). */
DECLARE_HOOK(td_health_changed, (bool votes), (votes));

/* After frr_config_fork(): the engine and its thread. */
void td_health_start(void);
/* The engine, for the metrics endpoint, which runs on its event base. */
struct health_engine *td_health_engine(void);
/* Clean shutdown: stop the thread; then (after the metrics endpoint is
 * gone) td_health_fini() frees everything. */
void td_health_stop(void);
void td_health_fini(void);

/* The running configuration changed (td_conf): add, replace and remove
 * engine checks; the built-in self-test follows the data plane and the
 * translation configuration. The caller re-advertises afterwards. */
void td_health_apply(const struct td_conf *c);

/* The data plane started or stopped translating (a drain): the
 * self-test follows, from an event; resumed: it translates again. */
void td_health_selftest_follow(bool resumed);

/* Routing verdicts (FRR thread), from the last transitions received. */
/* Every node-scope check healthy; else false and the first culprit in
 * why ("health check 'upstream' is down"). */
bool td_health_node_checks_ok(char *why, size_t len);
/* No unhealthy mapping-scope check lists this EAM IPv4 prefix. */
bool td_health_mapping_ok(const struct prefix *p);
/* Worst state of the mapping-scope checks listing p (health-state names),
 * or "not-checked". */
const char *td_health_mapping_state(const struct prefix_ipv4 *p);

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
