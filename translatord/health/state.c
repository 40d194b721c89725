/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Per-check rise/fall state machine with hold-down and flap damping.
 * See state.h for the diagram and the rules.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "state.h"

void health_sm_params_from(struct health_sm_params *p,
			   const struct health_check_config *c)
{
	p->rise = c->rise;
	p->fall = c->fall;
	p->hold_down_ms = c->hold_down_ms;
	p->hold_down_max_ms = c->hold_down_max_ms;
	p->init_up = c->init_up;
}

bool health_sm_healthy(enum health_state s, const struct health_sm_params *p)
{
	switch (s) {
	case HEALTH_STATE_UP:
	case HEALTH_STATE_FALLING:  /* still announced until fall is reached */
	case HEALTH_STATE_DISABLED: /* does not vote */
		return true;
	case HEALTH_STATE_INIT:
		return p->init_up;
	default:
		return false;
	}
}

bool health_sm_pending(const struct health_sm *sm)
{
	return sm->state == HEALTH_STATE_RISING ||
	       sm->state == HEALTH_STATE_FALLING;
}

uint64_t health_sm_hold_left(const struct health_sm *sm, uint64_t now_ms)
{
	return sm->hold_until_ms > now_ms ? sm->hold_until_ms - now_ms : 0;
}

static bool change_to(struct health_sm *sm, const struct health_sm_params *p,
		      enum health_state to, uint64_t now_ms,
		      struct health_sm_change *out, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static bool change_to(struct health_sm *sm, const struct health_sm_params *p,
		      enum health_state to, uint64_t now_ms,
		      struct health_sm_change *out, const char *fmt, ...)
{
	va_list ap;

	out->old_state = sm->state;
	out->new_state = to;
	out->was_healthy = health_sm_healthy(sm->state, p);
	out->healthy = health_sm_healthy(to, p);
	va_start(ap, fmt);
	vsnprintf(out->reason, sizeof(out->reason), fmt, ap);
	va_end(ap);
	sm->state = to;
	sm->since_ms = now_ms;
	sm->counters.transitions++;
	return true;
}

/* Healthy -> DOWN: arm the hold-down. A fall soon after a re-announce is a
 * flap and doubles the next hold-down; a long stable period forgives. */
static uint64_t arm_hold_down(struct health_sm *sm,
			      const struct health_sm_params *p,
			      uint64_t now_ms)
{
	uint64_t hold;

	if (sm->ever_withdrawn &&
	    now_ms - sm->up_since_ms < p->hold_down_max_ms)
		sm->flaps++;
	else
		sm->flaps = 0;
	sm->ever_withdrawn = true;

	hold = p->hold_down_ms;
	/* Stop doubling once the cap is hit; also bounds the shift. */
	for (uint32_t i = 0; i < sm->flaps && hold < p->hold_down_max_ms; i++)
		hold *= 2;
	if (hold > p->hold_down_max_ms)
		hold = p->hold_down_max_ms;
	sm->hold_until_ms = hold ? now_ms + hold : 0;
	return hold;
}

static bool go_down(struct health_sm *sm, const struct health_sm_params *p,
		    uint64_t now_ms, struct health_sm_change *out,
		    const char *why)
{
	uint64_t hold = 0;

	if (health_sm_healthy(sm->state, p))
		hold = arm_hold_down(sm, p, now_ms);
	sm->count = 0;
	if (hold)
		return change_to(sm, p, HEALTH_STATE_DOWN, now_ms, out,
				 "%s; hold-down %llu ms%s", why,
				 (unsigned long long)hold,
				 sm->flaps ? " (flapping)" : "");
	return change_to(sm, p, HEALTH_STATE_DOWN, now_ms, out, "%s", why);
}

/* Another success while unhealthy (INIT, DOWN, RISING). */
static bool on_success_unhealthy(struct health_sm *sm,
				 const struct health_sm_params *p,
				 uint64_t now_ms, struct health_sm_change *out)
{
	bool held = now_ms < sm->hold_until_ms;

	if (sm->count < p->rise)
		sm->count++;
	if (sm->count >= p->rise && !held) {
		sm->count = 0;
		sm->up_since_ms = now_ms;
		if (p->rise == 1)
			return change_to(sm, p, HEALTH_STATE_UP, now_ms, out,
					 "success (rise 1)");
		return change_to(sm, p, HEALTH_STATE_UP, now_ms, out,
				 "%u consecutive successes (rise %u)",
				 p->rise, p->rise);
	}
	if (sm->state == HEALTH_STATE_RISING)
		return false; /* still counting, or held down */
	return change_to(sm, p, HEALTH_STATE_RISING, now_ms, out,
			 "success %u of rise %u%s", sm->count, p->rise,
			 held ? ", held down" : "");
}

/* Another failure while healthy (UP, FALLING, INIT with init_up). */
static bool on_failure_healthy(struct health_sm *sm,
			       const struct health_sm_params *p,
			       uint64_t now_ms, struct health_sm_change *out)
{
	sm->count++;
	if (sm->count >= p->fall) {
		char why[96];

		if (p->fall == 1)
			snprintf(why, sizeof(why), "failure (fall 1)");
		else
			snprintf(why, sizeof(why),
				 "%u consecutive failures (fall %u)", p->fall,
				 p->fall);
		return go_down(sm, p, now_ms, out, why);
	}
	if (sm->state == HEALTH_STATE_FALLING)
		return false;
	return change_to(sm, p, HEALTH_STATE_FALLING, now_ms, out,
			 "failure %u of fall %u", sm->count, p->fall);
}

bool health_sm_init(struct health_sm *sm, const struct health_sm_params *p,
		    bool disabled, uint64_t now_ms,
		    struct health_sm_change *out)
{
	memset(sm, 0, sizeof(*sm));
	sm->state = HEALTH_STATE_INIT;
	sm->since_ms = now_ms;
	sm->up_since_ms = now_ms;
	if (disabled)
		return change_to(sm, p, HEALTH_STATE_DISABLED, now_ms, out,
				 "disabled by configuration");
	return false;
}

bool health_sm_result(struct health_sm *sm, const struct health_sm_params *p,
		      enum health_result r, uint64_t now_ms,
		      struct health_sm_change *out)
{
	bool ok = r == HEALTH_RESULT_OK;

	if (sm->state == HEALTH_STATE_DISABLED || r == HEALTH_RESULT_NONE)
		return false;
	sm->counters.probes++;
	if (ok) {
		sm->counters.successes++;
	} else {
		sm->counters.failures++;
		if (r == HEALTH_RESULT_TIMEOUT)
			sm->counters.timeouts++;
	}

	switch (sm->state) {
	case HEALTH_STATE_INIT:
		if (p->init_up) {
			if (ok)
				return change_to(sm, p, HEALTH_STATE_UP, now_ms,
						 out, "first probe succeeded");
			return on_failure_healthy(sm, p, now_ms, out);
		}
		if (ok)
			return on_success_unhealthy(sm, p, now_ms, out);
		return go_down(sm, p, now_ms, out, "first probe failed");
	case HEALTH_STATE_UP:
		if (ok)
			return false;
		return on_failure_healthy(sm, p, now_ms, out);
	case HEALTH_STATE_FALLING:
		if (!ok)
			return on_failure_healthy(sm, p, now_ms, out);
		{
			uint32_t n = sm->count;

			sm->count = 0;
			return change_to(sm, p, HEALTH_STATE_UP, now_ms, out,
					 "success after %u of fall %u failures",
					 n, p->fall);
		}
	case HEALTH_STATE_DOWN:
		if (!ok)
			return false;
		return on_success_unhealthy(sm, p, now_ms, out);
	case HEALTH_STATE_RISING:
		if (ok)
			return on_success_unhealthy(sm, p, now_ms, out);
		{
			char why[96];

			snprintf(why, sizeof(why),
				 "failure after %u of rise %u successes",
				 sm->count, p->rise);
			return go_down(sm, p, now_ms, out, why);
		}
	default:
		return false;
	}
}

bool health_sm_set_disabled(struct health_sm *sm,
			    const struct health_sm_params *p, bool disabled,
			    uint64_t now_ms, struct health_sm_change *out)
{
	if (disabled == (sm->state == HEALTH_STATE_DISABLED))
		return false;
	sm->count = 0;
	if (disabled)
		return change_to(sm, p, HEALTH_STATE_DISABLED, now_ms, out,
				 "disabled by configuration");
	/* Back to INIT, failed by default, like a new check. The hold-down
	 * is kept: disabling must not be a way around it. */
	sm->up_since_ms = now_ms;
	return change_to(sm, p, HEALTH_STATE_INIT, now_ms, out,
			 "enabled by configuration");
}

bool health_sm_restart(struct health_sm *sm, const struct health_sm_params *p,
		       bool disabled, uint64_t now_ms,
		       struct health_sm_change *out)
{
	enum health_state to = disabled ? HEALTH_STATE_DISABLED
					: HEALTH_STATE_INIT;
	bool was = health_sm_healthy(sm->state, p);

	sm->count = 0;
	sm->up_since_ms = now_ms;
	/* A withdraw caused by the change arms the hold-down like a fall, so
	 * routing never sees a withdraw and a re-announce closer together
	 * than hold_down_ms. */
	if (was && !health_sm_healthy(to, p) && p->hold_down_ms &&
	    sm->hold_until_ms < now_ms + p->hold_down_ms)
		sm->hold_until_ms = now_ms + p->hold_down_ms;
	if (sm->state == to)
		return false;
	return change_to(sm, p, to, now_ms, out, "probe configuration changed");
}
