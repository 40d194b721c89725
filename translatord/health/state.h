/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Per-check state machine: pure, no I/O, no clock of its own. The caller
 * passes the time, so unit tests drive it with a fake clock.
 *
 *   INIT --ok--> RISING --ok x rise, hold-down over--> UP
 *     |            |fail                               |fail
 *     +--fail--> DOWN <--fail x fall-- FALLING <-------+
 *                                        |ok --> UP (never left)
 *   any --disable--> DISABLED --enable--> INIT
 *
 * With init_up, INIT counts as UP instead (a failure starts FALLING).
 * rise = 1 or fall = 1 skip RISING/FALLING.
 *
 * Hold-down and damping: when a check goes from healthy to DOWN, it may
 * not be UP again before hold_until, even after rise successes (it stays
 * RISING and becomes UP on the first success after the hold-down). The
 * hold-down is hold_down_ms, doubled for every consecutive flap: a fall
 * less than hold_down_max_ms after the check was re-announced; it is
 * capped at hold_down_max_ms. A check that stays up for hold_down_max_ms
 * starts again from hold_down_ms. So a flapping backend cannot make
 * routes flap faster than once per hold-down, and the hold-down grows
 * while it keeps flapping; and routing protocols (OSPF min-LS-arrival,
 * 1 s) never see a withdraw and re-announce closer than hold_down_ms.
 */
#ifndef TRANSLATORD_HEALTH_STATE_H
#define TRANSLATORD_HEALTH_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include "health.h"

struct health_sm_params {
	uint32_t rise;
	uint32_t fall;
	uint32_t hold_down_ms;
	uint32_t hold_down_max_ms;
	bool init_up;
};

struct health_sm {
	enum health_state state;
	uint32_t count;          /* consecutive ok (INIT/RISING) or fail
				  * (FALLING) results */
	uint32_t flaps;          /* damping level */
	bool ever_withdrawn;     /* a healthy -> DOWN fall happened */
	uint64_t since_ms;       /* last transition */
	uint64_t up_since_ms;    /* last time it became UP from unhealthy */
	uint64_t hold_until_ms;  /* 0: no hold-down */
	struct health_counters counters;
};

/* A transition, as the state machine reports it; the engine adds the
 * check name, the wall clock and the probe detail. */
struct health_sm_change {
	enum health_state old_state;
	enum health_state new_state;
	bool was_healthy;
	bool healthy;
	char reason[HEALTH_REASON_MAX];
};

void health_sm_params_from(struct health_sm_params *p,
			   const struct health_check_config *c);

/* Starts in INIT, or DISABLED (reported as a change from INIT). */
bool health_sm_init(struct health_sm *sm, const struct health_sm_params *p,
		    bool disabled, uint64_t now_ms,
		    struct health_sm_change *out);

/* Feed one probe result. true if the state changed (out filled).
 * Results given while DISABLED are ignored. */
bool health_sm_result(struct health_sm *sm, const struct health_sm_params *p,
		      enum health_result r, uint64_t now_ms,
		      struct health_sm_change *out);

/* Disable (any state -> DISABLED) or enable (DISABLED -> INIT). */
bool health_sm_set_disabled(struct health_sm *sm,
			    const struct health_sm_params *p, bool disabled,
			    uint64_t now_ms, struct health_sm_change *out);

/* The check now probes something else (target, type, ...): back to INIT,
 * or DISABLED, failed by default like a new check. Counters, damping and
 * any running hold-down are kept (metrics counters must not go back). */
bool health_sm_restart(struct health_sm *sm, const struct health_sm_params *p,
		       bool disabled, uint64_t now_ms,
		       struct health_sm_change *out);

/* Whether routes controlled by a check in this state may be announced.
 * DISABLED does not vote, so it counts as healthy: use a drain (file)
 * check to withdraw routes, not disabling. */
bool health_sm_healthy(enum health_state s, const struct health_sm_params *p);

/* A state change is pending (RISING/FALLING): probe at the fast interval. */
bool health_sm_pending(const struct health_sm *sm);

/* Hold-down still running at now_ms, in ms (0 if none). */
uint64_t health_sm_hold_left(const struct health_sm *sm, uint64_t now_ms);

#endif
