/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Local routes kept during drain-time.
 *
 * A drain withdraws every route from OSPF, but the routers upstream send
 * traffic here until they have converged, and that traffic must still be
 * translated ("keeps translating for drain-time"). The routes that carry
 * it into the translator interface are zebra's copies of ours, though:
 * withdrawing them takes them out of the kernel at once, and the data
 * plane on the translator interface would see nothing more.
 *
 * So just before the withdrawal, the same prefixes are added again under
 * route type TABLE, instance TD_KEEP_INSTANCE:
 *  - `redistribute table` (ospfd, ospf6d) exports instance 0 only: these
 *    stay local, and the withdrawal reaches OSPF as before;
 *  - their distance, ours + 1, still beats eBGP's 20 and OSPF's 110 with
 *    the default (and loses to ours
 *    when we announce again), so the kernel keeps routing the prefixes
 *    into the data plane, with no gap (they are sent before the deletes,
 *    on the same zebra session);
 *  - zebra sends no owner notifications for them (no client has that
 *    instance), so td_adv's view of zebra is not disturbed.
 * They go when drain-time ends (the data plane stops translating: the
 * node then forwards stragglers along its OSPF routes to other sites),
 * and at exit; when the node is healthy again, only once our own routes
 * are back (after the hold-down), so that there is no gap.
 *
 * Not for the data-plane self-test's drain (the data plane is broken:
 * better to let the other sites have the traffic at once), and not for a
 * single mapping's withdrawal (its backend is down).
 */
#include <zebra.h>

#include "log.h"
#include "memory.h"
#include "prefix.h"
#include "thread.h"

#include "td.h"
#include "td_adv.h"
#include "td_keep.h"
#include "td_zebra.h"

DEFINE_MTYPE_STATIC(TRANSLATORD, TD_KEEP, "Kept local route");

static struct {
	struct prefix *p;
	size_t n, cap;
	ifindex_t ifindex;
	uint8_t distance;
	struct thread *t_stop;
} keep;

static void collect_cb(const struct td_adv_view *v, void *arg)
{
	if (v->state != TD_ADV_ANNOUNCED)
		return;
	if (keep.n == keep.cap) {
		keep.cap = keep.cap ? keep.cap * 2 : 64;
		keep.p = XREALLOC(MTYPE_TD_KEEP, keep.p,
				  keep.cap * sizeof(*keep.p));
	}
	prefix_copy(&keep.p[keep.n++], v->p);
}

static void send_adds(void)
{
	for (size_t i = 0; i < keep.n; i++)
		if (td_zebra_keep_add(&keep.p[i], keep.ifindex,
				      keep.distance) == TD_SEND_FAILED)
			return; /* reconnect: td_keep_zebra_connected() */
}

size_t td_keep_start(uint8_t distance)
{
	THREAD_OFF(keep.t_stop);
	if (keep.n)
		return keep.n;
	keep.ifindex = td_adv_nexthop_ifindex();
	if (!keep.ifindex || !td_zebra_connected())
		return 0;
	keep.distance = distance < 254 ? distance + 1 : 254;
	td_adv_walk(collect_cb, NULL);
	send_adds();
	if (keep.n)
		zlog_info("drain: %zu routes kept local (table instance %u, distance %u) while the data plane keeps translating",
			  keep.n, TD_KEEP_INSTANCE, keep.distance);
	return keep.n;
}

void td_keep_stop(void)
{
	THREAD_OFF(keep.t_stop);
	if (!keep.n)
		return;
	for (size_t i = 0; i < keep.n; i++)
		if (td_zebra_keep_delete(&keep.p[i]) == TD_SEND_FAILED)
			break;
	zlog_info("drain: %zu local routes removed", keep.n);
	XFREE(MTYPE_TD_KEEP, keep.p);
	memset(&keep, 0, sizeof(keep));
}

static void stop_timer(struct thread *t)
{
	td_keep_stop();
}

void td_keep_stop_after(uint32_t ms)
{
	if (!keep.n)
		return;
	THREAD_OFF(keep.t_stop);
	thread_add_timer_msec(master, stop_timer, NULL, ms, &keep.t_stop);
}

size_t td_keep_count(void)
{
	return keep.n;
}

void td_keep_zebra_connected(void)
{
	/* Zebra sweeps only our instance 0 when a session ends: if zebra
	 * itself restarted they are gone, else this replaces them. */
	send_adds();
}
