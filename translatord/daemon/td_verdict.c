/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The node verdict and drain: see td_verdict.h.
 */
#include <zebra.h>

#include "log.h"
#include "thread.h"

#include "td.h"
#include "td_dataplane.h"
#include "td_health.h"
#include "td_keep.h"
#include "td_verdict.h"

static struct {
	const struct td_conf *conf; /* of the last update */
	bool withdrawn;             /* routes withdrawn by a bad verdict */
	int64_t since_ms;           /* when */
	char why[160];
	uint32_t armed_s;           /* drain-time the timer was armed with */
	struct thread *t_drain;
} drain;

bool td_verdict_compute(const struct td_conf *c, char *why, size_t len)
{
	why[0] = '\0';
	if (!c || !c->configured)
		snprintf(why, len, "not configured");
	else if (c->shutdown)
		snprintf(why, len, "translator shutdown");
	else
		return td_health_node_checks_ok(why, len);
	return false;
}

static int64_t drain_left_ms(void)
{
	return (int64_t)drain.conf->drain_time_s * 1000 -
	       ((int64_t)health_mono_ms() - drain.since_ms);
}

static void drain_expired(struct thread *t)
{
	/* Either way, stragglers now follow this node's OSPF routes to the
	 * other sites. */
	td_keep_stop();
	/* Withdrawn because the data plane itself fails its self-test:
	 * stopping it would stop the self-test too (it is disabled while
	 * not translating), the node would look healthy and announce a
	 * broken data plane. It keeps translating (nothing is routed to it)
	 * so that the self-test sees it recover. */
	if (strstr(drain.why, TD_SELFTEST_NAME)) {
		zlog_notice("drain: %u s since every route was withdrawn (%s): the data plane keeps running so that the self-test can see it recover",
			    drain.armed_s, drain.why);
		return;
	}
	td_dataplane_set_translating(false);
	zlog_notice("drain: %u s since every route was withdrawn (%s): the data plane stops translating",
		    drain.armed_s, drain.why);
	td_health_selftest_follow(false);
}

static void drain_arm(void)
{
	int64_t left = drain_left_ms();

	THREAD_OFF(drain.t_drain);
	drain.armed_s = drain.conf->drain_time_s;
	if (!td_dataplane_translating())
		return; /* over already */
	thread_add_timer_msec(master, drain_expired, NULL, left > 0 ? left : 0,
			      &drain.t_drain);
}

static void drain_start(const struct td_conf *c, const char *why)
{
	drain.withdrawn = true;
	drain.since_ms = health_mono_ms();
	strlcpy(drain.why, why, sizeof(drain.why));
	/* Before the withdrawal that follows: traffic still on its way
	 * here keeps its route into the data plane (td_keep.c). */
	if (c->drain_time_s && td_dataplane_translating() &&
	    !strstr(why, TD_SELFTEST_NAME))
		td_keep_start(c->adv.distance);
	zlog_notice("node not healthy (%s): every route withdrawn, pool6 included; the data plane keeps translating for %u s (drain-time)",
		    why, c->drain_time_s);
	drain_arm();
}

static void drain_end(const struct td_conf *c)
{
	drain.withdrawn = false;
	THREAD_OFF(drain.t_drain);
	/* Our announcements (distance one better) take over as they come
	 * back, after the hold-down at most. */
	td_keep_stop_after(c->adv.holddown_ms + 1000);
	if (!td_dataplane_translating()) {
		zlog_notice("drain over: the data plane translates again");
		td_dataplane_set_translating(true);
		td_health_selftest_follow(true);
	}
	zlog_notice("node healthy again (was: %s): announcing every route (after the %u ms hold-down)",
		    drain.why, c->adv.holddown_ms);
}

void td_verdict_update(const struct td_conf *c, bool node_ok,
		       const char *why)
{
	drain.conf = c;
	if (!c->configured) {
		/* Nothing to drain: the data plane goes with the
		 * configuration. */
		THREAD_OFF(drain.t_drain);
		td_keep_stop();
		drain.withdrawn = false;
		td_dataplane_set_translating(true);
		return;
	}
	if (!node_ok && !drain.withdrawn)
		drain_start(c, why);
	else if (!node_ok) {
		if (strcmp(drain.why, why)) {
			zlog_info("node still not healthy, now because %s", why);
			strlcpy(drain.why, why, sizeof(drain.why));
		}
		if (drain.armed_s != c->drain_time_s)
			drain_arm();
	} else if (drain.withdrawn)
		drain_end(c);
}

void td_verdict_view(struct td_node_health *out)
{
	memset(out, 0, sizeof(*out));
	out->healthy = td_verdict_compute(drain.conf, out->why,
					  sizeof(out->why));
	out->withdrawn = drain.withdrawn;
	out->translating = td_dataplane_translating();
	if (drain.withdrawn && out->translating) {
		int64_t left = drain_left_ms();

		out->drain_left_s = left > 0 ? (uint32_t)((left + 999) / 1000) : 0;
	}
}

void td_verdict_fini(void)
{
	THREAD_OFF(drain.t_drain);
	drain.conf = NULL;
}
