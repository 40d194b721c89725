/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Health-check state machine (translatord/health/state.c), driven by a
 * fake clock and scripted probe results. Expected states and times are
 * worked out by hand from the rules in state.h (rise/fall, init state
 * failed by default, hold-down from the withdraw, doubling on flaps,
 * DISABLED does not vote), not taken from the code's output.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "state.h"

#define OK HEALTH_RESULT_OK
#define FAIL HEALTH_RESULT_FAIL
#define TMO HEALTH_RESULT_TIMEOUT

/* A check fed one result per `step` ms of fake time. */
struct rig {
	struct health_sm sm;
	struct health_sm_params p;
	uint64_t now;
	struct health_sm_change last;
	unsigned changes;
	unsigned health_changes; /* route announce/withdraw events */
};

static void rig_init(struct rig *r, uint32_t rise, uint32_t fall,
		     uint32_t hold, uint32_t hold_max, bool init_up)
{
	struct health_sm_change ch;

	memset(r, 0, sizeof(*r));
	r->p.rise = rise;
	r->p.fall = fall;
	r->p.hold_down_ms = hold;
	r->p.hold_down_max_ms = hold_max;
	r->p.init_up = init_up;
	r->now = 1000000; /* not 0: 0 means "no hold-down" */
	assert_false(health_sm_init(&r->sm, &r->p, false, r->now, &ch));
}

/* Advance the clock by dt ms, then feed a result. Returns whether the
 * state changed. */
static bool feed(struct rig *r, uint64_t dt, enum health_result res)
{
	struct health_sm_change ch;
	bool changed;

	r->now += dt;
	changed = health_sm_result(&r->sm, &r->p, res, r->now, &ch);
	if (changed) {
		r->last = ch;
		r->changes++;
		if (ch.healthy != ch.was_healthy)
			r->health_changes++;
		assert_int_equal(ch.new_state, r->sm.state);
	}
	return changed;
}

static bool healthy(const struct rig *r)
{
	return health_sm_healthy(r->sm.state, &r->p);
}

static void assert_state(const struct rig *r, enum health_state s)
{
	if (r->sm.state != s)
		fail_msg("state %s, expected %s", health_state_name(r->sm.state),
			 health_state_name(s));
}

/* Init state is failed by default: not healthy until rise successes. */
static void init_failed_by_default(void **state)
{
	struct rig r;

	(void)state;
	rig_init(&r, 3, 3, 1000, 30000, false);
	assert_state(&r, HEALTH_STATE_INIT);
	assert_false(healthy(&r));

	assert_true(feed(&r, 100, OK));
	assert_state(&r, HEALTH_STATE_RISING);
	assert_int_equal(r.last.old_state, HEALTH_STATE_INIT);
	assert_false(r.last.healthy);
	assert_string_equal(r.last.reason, "success 1 of rise 3");
	assert_false(feed(&r, 100, OK)); /* 2 of 3: no transition */
	assert_false(healthy(&r));
	assert_true(feed(&r, 100, OK));  /* 3 of 3 */
	assert_state(&r, HEALTH_STATE_UP);
	assert_true(r.last.healthy);
	assert_false(r.last.was_healthy);
	assert_string_equal(r.last.reason,
			    "3 consecutive successes (rise 3)");
}

/* A first failure confirms the failed init: DOWN, and no hold-down
 * because nothing was ever announced. */
static void init_first_failure_goes_down_without_hold(void **state)
{
	struct rig r;

	(void)state;
	rig_init(&r, 2, 3, 5000, 30000, false);
	assert_true(feed(&r, 100, FAIL));
	assert_state(&r, HEALTH_STATE_DOWN);
	assert_string_equal(r.last.reason, "first probe failed");
	assert_int_equal(r.sm.hold_until_ms, 0);
	assert_true(feed(&r, 100, OK));
	assert_state(&r, HEALTH_STATE_RISING);
	assert_true(feed(&r, 100, OK));
	assert_state(&r, HEALTH_STATE_UP); /* not held */
	assert_int_equal(r.health_changes, 1);
}

/* init_up: INIT counts as up; a failure starts FALLING. */
static void init_up_option(void **state)
{
	struct rig r;

	(void)state;
	rig_init(&r, 3, 2, 1000, 30000, true);
	assert_true(healthy(&r));
	assert_true(feed(&r, 100, FAIL));
	assert_state(&r, HEALTH_STATE_FALLING);
	assert_true(r.last.was_healthy);
	assert_true(r.last.healthy);
	assert_true(feed(&r, 100, FAIL));
	assert_state(&r, HEALTH_STATE_DOWN);
	assert_false(r.last.healthy);

	rig_init(&r, 3, 2, 1000, 30000, true);
	assert_true(feed(&r, 100, OK));
	assert_state(&r, HEALTH_STATE_UP);
	assert_int_equal(r.health_changes, 0); /* announced all along */
}

/* A failure while rising starts the count again from zero. */
static void rise_needs_consecutive_successes(void **state)
{
	struct rig r;

	(void)state;
	rig_init(&r, 3, 3, 0, 0, false);
	feed(&r, 100, OK);
	feed(&r, 100, OK);
	assert_true(feed(&r, 100, FAIL));
	assert_state(&r, HEALTH_STATE_DOWN);
	assert_string_equal(r.last.reason,
			    "failure after 2 of rise 3 successes");
	feed(&r, 100, OK);
	feed(&r, 100, OK);
	assert_state(&r, HEALTH_STATE_RISING);
	assert_true(feed(&r, 100, OK));
	assert_state(&r, HEALTH_STATE_UP);
}

/* Fall: still healthy while FALLING; one success cancels; fall
 * consecutive failures (timeouts count) make it DOWN. */
static void fall_needs_consecutive_failures(void **state)
{
	struct rig r;

	(void)state;
	rig_init(&r, 1, 3, 0, 0, false);
	assert_true(feed(&r, 100, OK));
	assert_state(&r, HEALTH_STATE_UP);

	assert_true(feed(&r, 100, FAIL));
	assert_state(&r, HEALTH_STATE_FALLING);
	assert_true(healthy(&r));
	assert_string_equal(r.last.reason, "failure 1 of fall 3");
	assert_false(feed(&r, 100, TMO));
	assert_true(feed(&r, 100, OK));
	assert_state(&r, HEALTH_STATE_UP);
	assert_string_equal(r.last.reason, "success after 2 of fall 3 failures");
	assert_false(r.last.was_healthy != r.last.healthy);

	feed(&r, 100, FAIL);
	feed(&r, 100, TMO);
	assert_true(feed(&r, 100, FAIL));
	assert_state(&r, HEALTH_STATE_DOWN);
	assert_false(r.last.healthy);
	assert_string_equal(r.last.reason, "3 consecutive failures (fall 3)");
	assert_int_equal(r.health_changes, 2); /* up once, down once */
}

/* rise = fall = 1: no RISING/FALLING step. */
static void rise_fall_one_skip_pending_states(void **state)
{
	struct rig r;

	(void)state;
	rig_init(&r, 1, 1, 0, 0, false);
	assert_true(feed(&r, 100, OK));
	assert_int_equal(r.last.old_state, HEALTH_STATE_INIT);
	assert_state(&r, HEALTH_STATE_UP);
	assert_true(feed(&r, 100, FAIL));
	assert_int_equal(r.last.old_state, HEALTH_STATE_UP);
	assert_state(&r, HEALTH_STATE_DOWN);
	assert_true(feed(&r, 100, OK));
	assert_int_equal(r.last.old_state, HEALTH_STATE_DOWN);
	assert_state(&r, HEALTH_STATE_UP);
}

/* The fast interval applies only while a change is pending. */
static void pending_only_while_rising_or_falling(void **state)
{
	struct rig r;

	(void)state;
	rig_init(&r, 2, 2, 0, 0, false);
	assert_false(health_sm_pending(&r.sm)); /* INIT */
	feed(&r, 100, OK);
	assert_true(health_sm_pending(&r.sm));  /* RISING */
	feed(&r, 100, OK);
	assert_false(health_sm_pending(&r.sm)); /* UP */
	feed(&r, 100, FAIL);
	assert_true(health_sm_pending(&r.sm));  /* FALLING */
	feed(&r, 100, FAIL);
	assert_false(health_sm_pending(&r.sm)); /* DOWN */
}

/* Hold-down: withdrawn at t, not re-announced before t + hold even
 * after rise successes; the first success after the hold-down does it. */
static void hold_down_delays_reannounce(void **state)
{
	struct rig r;
	uint64_t t_down;

	(void)state;
	rig_init(&r, 2, 1, 1000, 30000, false);
	feed(&r, 100, OK);
	feed(&r, 100, OK);
	assert_state(&r, HEALTH_STATE_UP);

	assert_true(feed(&r, 100, FAIL));
	t_down = r.now;
	assert_state(&r, HEALTH_STATE_DOWN);
	assert_string_equal(r.last.reason,
			    "failure (fall 1); hold-down 1000 ms");
	assert_int_equal(r.sm.hold_until_ms, t_down + 1000);
	assert_int_equal(health_sm_hold_left(&r.sm, t_down + 400), 600);

	assert_true(feed(&r, 200, OK)); /* t+200 */
	assert_state(&r, HEALTH_STATE_RISING);
	assert_false(feed(&r, 200, OK)); /* t+400: rise reached, held */
	assert_false(feed(&r, 200, OK)); /* t+600 */
	assert_false(feed(&r, 399, OK)); /* t+999 */
	assert_state(&r, HEALTH_STATE_RISING);
	assert_false(healthy(&r));
	assert_true(feed(&r, 1, OK));    /* t+1000: hold-down over */
	assert_state(&r, HEALTH_STATE_UP);
	assert_int_equal(r.now, t_down + 1000);
}

/* A failure during the hold-down does not restart it (only a withdraw
 * arms it) but does reset the rise count. */
static void failure_while_held_resets_rise_not_hold(void **state)
{
	struct rig r;
	uint64_t t_down;

	(void)state;
	rig_init(&r, 2, 1, 1000, 30000, false);
	feed(&r, 100, OK);
	feed(&r, 100, OK);
	feed(&r, 100, FAIL);
	t_down = r.now;
	feed(&r, 300, OK);
	feed(&r, 300, FAIL); /* t+600 */
	assert_state(&r, HEALTH_STATE_DOWN);
	assert_int_equal(r.sm.hold_until_ms, t_down + 1000);
	assert_true(feed(&r, 500, OK)); /* t+1100: 1 of 2 */
	assert_state(&r, HEALTH_STATE_RISING);
	assert_true(feed(&r, 100, OK));
	assert_state(&r, HEALTH_STATE_UP);
}

/* Bring a rig from DOWN to UP as fast as the hold-down allows, with
 * results every `step` ms; returns the time spent. */
static uint64_t recover(struct rig *r, uint64_t step)
{
	uint64_t t0 = r->now;

	while (r->sm.state != HEALTH_STATE_UP)
		feed(r, step, OK);
	return r->now - t0;
}

/* Damping: each fall soon after a re-announce doubles the hold-down, up
 * to hold-down-max; staying up for hold-down-max forgives. */
static void flapping_doubles_hold_down_up_to_max(void **state)
{
	struct rig r;
	const uint64_t expect[] = { 1000, 2000, 4000, 8000, 8000 };

	(void)state;
	rig_init(&r, 1, 1, 1000, 8000, false);
	feed(&r, 100, OK);
	assert_state(&r, HEALTH_STATE_UP);
	for (size_t i = 0; i < sizeof(expect) / sizeof(expect[0]); i++) {
		feed(&r, 100, FAIL); /* up for 100 ms only: a flap */
		assert_state(&r, HEALTH_STATE_DOWN);
		assert_int_equal(r.sm.hold_until_ms - r.now, expect[i]);
		assert_int_equal(r.sm.flaps, i);
		assert_int_equal(recover(&r, 50), expect[i]);
	}

	/* Stable for hold-down-max: next withdraw is back to the base. */
	for (int i = 0; i < 80; i++)
		feed(&r, 100, OK);
	feed(&r, 100, FAIL);
	assert_int_equal(r.sm.flaps, 0);
	assert_int_equal(r.sm.hold_until_ms - r.now, 1000);
}

/* The point of it all: a backend that flaps every probe never makes the
 * routes flap (rise/fall absorb it), and one that flaps slower than
 * rise/fall can withdraw routes only about once per hold-down, with the
 * hold-down growing. Counted over ten minutes of fake time. */
static void flapping_check_does_not_flap_routes(void **state)
{
	struct rig r;

	(void)state;
	rig_init(&r, 3, 3, 1000, 60000, false);
	for (int i = 0; i < 3; i++)
		feed(&r, 500, OK);
	assert_state(&r, HEALTH_STATE_UP);
	r.health_changes = 0;
	for (int i = 0; i < 1200; i++) /* ok, fail, ok, fail ... */
		feed(&r, 500, i % 2 ? FAIL : OK);
	assert_int_equal(r.health_changes, 0);
	assert_true(healthy(&r));

	/* 3 s up, 3 s down, forever: without damping that is 100 withdraws
	 * in 10 minutes. */
	rig_init(&r, 1, 1, 1000, 60000, false);
	for (int i = 0; i < 1200; i++)
		feed(&r, 500, (i / 6) % 2 ? FAIL : OK);
	/* Withdraws at 3, 9, 15, 21 s (holds 1, 2, 4 s fit in the 3 s down
	 * phase or the next up phase), 33 s (8 s hold), 51 s (16 s), 87 s
	 * (32 s), then every 66 s under the 60 s cap: 153 ... 549 s. */
	assert_int_equal(r.health_changes / 2, 14);
}

/* No hold-down configured: no hold and no damping. */
static void zero_hold_down_means_none(void **state)
{
	struct rig r;

	(void)state;
	rig_init(&r, 1, 1, 0, 0, false);
	for (int i = 0; i < 5; i++) {
		feed(&r, 10, OK);
		assert_state(&r, HEALTH_STATE_UP);
		feed(&r, 10, FAIL);
		assert_state(&r, HEALTH_STATE_DOWN);
		assert_int_equal(r.sm.hold_until_ms, 0);
	}
}

/* DISABLED: not probed, results ignored, does not vote; enabling goes
 * back to INIT (failed) and keeps the hold-down. */
static void disabled_ignores_results_and_restarts_in_init(void **state)
{
	struct rig r;
	struct health_sm_change ch;
	uint64_t hold;

	(void)state;
	rig_init(&r, 1, 1, 5000, 30000, false);
	feed(&r, 100, OK);
	feed(&r, 100, FAIL);
	hold = r.sm.hold_until_ms;
	assert_true(health_sm_set_disabled(&r.sm, &r.p, true, r.now, &ch));
	assert_int_equal(ch.old_state, HEALTH_STATE_DOWN);
	assert_int_equal(ch.new_state, HEALTH_STATE_DISABLED);
	assert_string_equal(ch.reason, "disabled by configuration");
	assert_true(ch.healthy); /* does not hold routes down */
	assert_false(health_sm_set_disabled(&r.sm, &r.p, true, r.now, &ch));

	uint64_t probes = r.sm.counters.probes;

	assert_false(feed(&r, 100, OK));
	assert_false(feed(&r, 100, FAIL));
	assert_int_equal(r.sm.counters.probes, probes);
	assert_state(&r, HEALTH_STATE_DISABLED);

	assert_true(health_sm_set_disabled(&r.sm, &r.p, false, r.now, &ch));
	assert_int_equal(ch.new_state, HEALTH_STATE_INIT);
	assert_false(ch.healthy);
	assert_int_equal(r.sm.hold_until_ms, hold);
	assert_true(feed(&r, 100, OK));
	assert_state(&r, HEALTH_STATE_RISING); /* still held */
}

/* A check configured disabled starts DISABLED, reported from INIT. */
static void init_disabled_reports_transition(void **state)
{
	struct health_sm sm;
	struct health_sm_params p = { .rise = 1, .fall = 1 };
	struct health_sm_change ch;

	(void)state;
	assert_true(health_sm_init(&sm, &p, true, 5, &ch));
	assert_int_equal(ch.old_state, HEALTH_STATE_INIT);
	assert_int_equal(ch.new_state, HEALTH_STATE_DISABLED);
	assert_int_equal(sm.since_ms, 5);
}

/* A new probe target: back to INIT, failed; the withdraw this causes
 * arms the hold-down; counters are kept (metrics never go back). */
static void restart_on_new_target(void **state)
{
	struct rig r;
	struct health_sm_change ch;
	uint64_t t;

	(void)state;
	rig_init(&r, 2, 2, 1000, 30000, false);
	feed(&r, 100, OK);
	feed(&r, 100, OK);
	assert_state(&r, HEALTH_STATE_UP);
	assert_true(health_sm_restart(&r.sm, &r.p, false, r.now, &ch));
	t = r.now;
	assert_int_equal(ch.old_state, HEALTH_STATE_UP);
	assert_int_equal(ch.new_state, HEALTH_STATE_INIT);
	assert_true(ch.was_healthy);
	assert_false(ch.healthy);
	assert_string_equal(ch.reason, "probe configuration changed");
	assert_int_equal(r.sm.counters.probes, 2);
	assert_int_equal(r.sm.hold_until_ms, t + 1000);
	feed(&r, 100, OK);
	assert_false(feed(&r, 100, OK)); /* rise reached at t+200, held */
	while (r.sm.state != HEALTH_STATE_UP)
		feed(&r, 100, OK);
	assert_int_equal(r.now, t + 1000);

	/* Already in INIT: nothing to report, nothing armed. */
	rig_init(&r, 2, 2, 1000, 30000, false);
	assert_false(health_sm_restart(&r.sm, &r.p, false, r.now, &ch));
	assert_int_equal(r.sm.hold_until_ms, 0);
	assert_true(health_sm_restart(&r.sm, &r.p, true, r.now, &ch));
	assert_int_equal(ch.new_state, HEALTH_STATE_DISABLED);
}

static void counters_count_every_result(void **state)
{
	struct rig r;
	const enum health_result seq[] = { OK, FAIL, TMO, OK, TMO, OK };

	(void)state;
	rig_init(&r, 2, 2, 0, 0, false);
	for (size_t i = 0; i < sizeof(seq) / sizeof(seq[0]); i++)
		feed(&r, 10, seq[i]);
	assert_int_equal(r.sm.counters.probes, 6);
	assert_int_equal(r.sm.counters.successes, 3);
	assert_int_equal(r.sm.counters.failures, 3);
	assert_int_equal(r.sm.counters.timeouts, 2);
	assert_int_equal(r.sm.counters.transitions, r.changes);
	/* A NONE result is not a probe. */
	assert_false(feed(&r, 10, HEALTH_RESULT_NONE));
	assert_int_equal(r.sm.counters.probes, 6);
}

static void names_cover_every_value(void **state)
{
	(void)state;
	assert_string_equal(health_state_name(HEALTH_STATE_INIT), "init");
	assert_string_equal(health_state_name(HEALTH_STATE_UP), "up");
	assert_string_equal(health_state_name(HEALTH_STATE_DOWN), "down");
	assert_string_equal(health_state_name(HEALTH_STATE_RISING), "rising");
	assert_string_equal(health_state_name(HEALTH_STATE_FALLING), "falling");
	assert_string_equal(health_state_name(HEALTH_STATE_DISABLED),
			    "disabled");
	assert_string_equal(health_state_name(HEALTH_STATE_COUNT), "?");
	assert_string_equal(health_result_name(HEALTH_RESULT_TIMEOUT),
			    "timeout");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(init_failed_by_default),
		cmocka_unit_test(init_first_failure_goes_down_without_hold),
		cmocka_unit_test(init_up_option),
		cmocka_unit_test(rise_needs_consecutive_successes),
		cmocka_unit_test(fall_needs_consecutive_failures),
		cmocka_unit_test(rise_fall_one_skip_pending_states),
		cmocka_unit_test(pending_only_while_rising_or_falling),
		cmocka_unit_test(hold_down_delays_reannounce),
		cmocka_unit_test(failure_while_held_resets_rise_not_hold),
		cmocka_unit_test(flapping_doubles_hold_down_up_to_max),
		cmocka_unit_test(flapping_check_does_not_flap_routes),
		cmocka_unit_test(zero_hold_down_means_none),
		cmocka_unit_test(disabled_ignores_results_and_restarts_in_init),
		cmocka_unit_test(init_disabled_reports_transition),
		cmocka_unit_test(restart_on_new_target),
		cmocka_unit_test(counters_count_every_result),
		cmocka_unit_test(names_cover_every_value),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
