/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The node's verdict and the drain that follows a bad one.
 *
 * The node may announce anything only when it is configured, not shut
 * down, and every node-scope health check is healthy (td_health.h). When
 * the verdict goes bad, every route is withdrawn, pool6 included, and
 * the data plane keeps translating for drain-time so that traffic
 * already on its way arrives (td_keep.c keeps a route for it); then it
 * stops translating, unless the culprit is the data-plane self-test,
 * which must keep probing to see the data plane recover.
 *
 * FRR thread only. td_running_advertise() computes and reports the
 * verdict; show commands, the operational state and the metrics read it.
 */
#ifndef TRANSLATORD_TD_VERDICT_H
#define TRANSLATORD_TD_VERDICT_H

#include "td.h"

/* The verdict for c: true, or false and the first culprit in why
 * ("translator shutdown", "node health check 'upstream' is down"). */
bool td_verdict_compute(const struct td_conf *c, char *why, size_t len);

/* The verdict just computed for c (td_running_advertise()): starts,
 * re-arms or ends the drain. c must stay valid until the next call
 * (it is the running configuration). */
void td_verdict_update(const struct td_conf *c, bool node_ok,
		       const char *why);

struct td_node_health {
	bool healthy;
	char why[160];          /* when not healthy */
	bool withdrawn;         /* routes withdrawn by the verdict */
	bool translating;       /* the data plane still translates */
	uint32_t drain_left_s;  /* while withdrawn and translating */
};
/* The verdict as it is now, with the culprit's current state (a check
 * may have gone from init to down without changing its vote). */
void td_verdict_view(struct td_node_health *out);

void td_verdict_fini(void);

#endif
