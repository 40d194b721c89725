/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Advertisement table: wanted prefixes vs. what zebra has, hold-down and
 * batching. See td_adv.h for the model.
 *
 * Each prefix has one entry in a route_table (sorted, found by prefix for
 * zebra's notifications). An entry is on at most one list: the send queue
 * or the hold-down list. A withdrawn prefix keeps its entry ("withdrawn",
 * not wanted) until its hold-down ends, so re-adding it within the
 * hold-down is delayed too.
 */
#include <zebra.h>

#include "log.h"
#include "memory.h"
#include "monotime.h"
#include "table.h"
#include "thread.h"
#include "typesafe.h"

#include "td_yang_defaults.h"

#include "td.h"
#include "td_adv.h"
#include "td_zebra.h"

DEFINE_MTYPE_STATIC(TRANSLATORD, TD_ADV, "Advertised prefix");

/* Queue entries handled per td_adv_run() before yielding to the event
 * loop, so vty and zebra's notifications are served during a big sync. */
#define TD_ADV_BATCH 4096

PREDECL_DLIST(td_adv_list);

enum td_adv_where { W_NONE, W_QUEUE, W_HELD };

struct td_adv {
	struct td_adv_list_item item;
	struct route_node *rn; /* holds one lock on rn; rn->info == this */
	bool wanted;
	bool marked;   /* seen between td_adv_begin() and td_adv_commit() */
	bool in_zebra; /* added, and not deleted or swept since */
	uint8_t where; /* enum td_adv_where */
	enum td_adv_zebra zebra;
	int64_t lost_ms; /* when it last left zebra; 0: never */
};
DECLARE_DLIST(td_adv_list, struct td_adv, item);

static struct {
	struct route_table *table[2]; /* IPv4, IPv6 */
	struct td_adv_list_head queue, held;
	struct thread *t_run, *t_holddown;
	struct td_adv_attrs attrs;
	ifindex_t ifindex; /* nexthop interface; 0 while down or unknown */
	bool paused;       /* zclient buffer full: wait for buffer_ready */
	bool lost_warned;  /* a route lost in zebra since the distance was set */
	struct td_adv_counters ctr;
	/* Current burst of work, logged when the queue drains. */
	int64_t burst_start_ms;
	uint64_t burst_adds, burst_deletes;
} adv;

static void td_adv_run(struct thread *t);

/* Prefixes in zebra, IPv4 and IPv6: read by the metrics thread. */
static uint64_t in_zebra_count[2];

static void set_in_zebra(struct td_adv *a, bool v)
{
	int f = a->rn->p.family == AF_INET ? 0 : 1;

	if (a->in_zebra == v)
		return;
	a->in_zebra = v;
	if (v)
		__atomic_add_fetch(&in_zebra_count[f], 1, __ATOMIC_RELAXED);
	else
		__atomic_sub_fetch(&in_zebra_count[f], 1, __ATOMIC_RELAXED);
}

uint64_t td_adv_announced_count(int family)
{
	return __atomic_load_n(&in_zebra_count[family == AF_INET ? 0 : 1],
			       __ATOMIC_RELAXED);
}

static int64_t now_ms(void)
{
	struct timeval tv;

	monotime(&tv);
	return (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

static struct route_table *table_of(const struct prefix *p)
{
	return adv.table[p->family == AF_INET ? 0 : 1];
}

static struct td_adv *entry_get(const struct prefix *p)
{
	struct route_node *rn = route_node_get(table_of(p), p);
	struct td_adv *a = rn->info;

	if (a) {
		route_unlock_node(rn); /* the entry already holds one */
		return a;
	}
	a = XCALLOC(MTYPE_TD_ADV, sizeof(*a));
	a->rn = rn;
	rn->info = a;
	return a;
}

static void list_detach(struct td_adv *a)
{
	if (a->where == W_QUEUE)
		td_adv_list_del(&adv.queue, a);
	else if (a->where == W_HELD)
		td_adv_list_del(&adv.held, a);
	a->where = W_NONE;
}

static void entry_free(struct td_adv *a)
{
	list_detach(a);
	a->rn->info = NULL;
	route_unlock_node(a->rn);
	XFREE(MTYPE_TD_ADV, a);
}

static void schedule_run(void)
{
	if (!adv.burst_start_ms) {
		adv.burst_start_ms = now_ms();
		adv.burst_adds = adv.ctr.adds_sent;
		adv.burst_deletes = adv.ctr.deletes_sent;
	}
	if (!adv.paused)
		thread_add_event(master, td_adv_run, NULL, 0, &adv.t_run);
}

static void enqueue(struct td_adv *a)
{
	if (a->where == W_QUEUE)
		return;
	list_detach(a);
	td_adv_list_add_tail(&adv.queue, a);
	a->where = W_QUEUE;
	schedule_run();
}

static void holddown_expired(struct thread *t)
{
	struct td_adv *a;

	/* td_adv_run() holds again whatever is still early. */
	while ((a = td_adv_list_pop(&adv.held))) {
		a->where = W_NONE;
		enqueue(a);
	}
}

static void hold(struct td_adv *a, int64_t remaining_ms)
{
	list_detach(a);
	td_adv_list_add_tail(&adv.held, a);
	a->where = W_HELD;
	if (adv.t_holddown &&
	    (int64_t)thread_timer_remain_msec(adv.t_holddown) > remaining_ms)
		THREAD_OFF(adv.t_holddown);
	thread_add_timer_msec(master, holddown_expired, NULL, remaining_ms,
			      &adv.t_holddown);
}

/* Decide and send for one queued entry; *sent tells whether a message
 * went to zebra. */
static enum td_send process(struct td_adv *a, int64_t now, bool *sent)
{
	int64_t since = a->lost_ms ? now - a->lost_ms : INT64_MAX;
	int64_t hd = adv.attrs.holddown_ms;
	enum td_send r = TD_SEND_OK;

	*sent = false;
	if (a->wanted && adv.ifindex && td_zebra_connected()) {
		if (!a->in_zebra && since < hd) {
			hold(a, hd - since);
			return r;
		}
		r = td_zebra_route_add(&a->rn->p, adv.ifindex, &adv.attrs);
		list_detach(a);
		if (r == TD_SEND_FAILED)
			return r; /* connection gone: the reconnect resyncs */
		set_in_zebra(a, true);
		a->zebra = TD_ZEBRA_UNKNOWN;
		adv.ctr.adds_sent++;
		*sent = true;
		return r;
	}
	/* Not wanted, or no interface to point it to: zebra must not keep
	 * it (a dead nexthop would still attract traffic). */
	if (a->in_zebra) {
		/* When not connected, zebra already swept it. */
		if (td_zebra_connected()) {
			r = td_zebra_route_delete(&a->rn->p);
			if (r != TD_SEND_FAILED) {
				adv.ctr.deletes_sent++;
				*sent = true;
			}
		}
		set_in_zebra(a, false);
		a->lost_ms = now;
		since = 0;
	}
	if (a->wanted)
		list_detach(a); /* nexthop_up()/zebra_connected() requeue */
	else if (since < hd)
		hold(a, hd - since); /* remembered until the hold-down ends */
	else
		entry_free(a);
	return r;
}

static void td_adv_run(struct thread *t)
{
	int64_t now = now_ms();
	struct td_adv *a;
	unsigned n = 0, sent_n = 0;
	bool sent;

	while (n < TD_ADV_BATCH && (a = td_adv_list_first(&adv.queue))) {
		n++;
		if (process(a, now, &sent) == TD_SEND_BUFFERED) {
			/* Accepted but queued in the zclient: stop adding
			 * until zebra drained it (td_adv_buffer_ready). */
			adv.paused = true;
			adv.ctr.buffered++;
		}
		sent_n += sent;
		if (adv.paused)
			break;
	}
	if (sent_n)
		adv.ctr.batches++;
	if (td_adv_list_count(&adv.queue)) {
		schedule_run();
		return;
	}
	if (adv.ctr.adds_sent != adv.burst_adds ||
	    adv.ctr.deletes_sent != adv.burst_deletes)
		zlog_info("sent %" PRIu64 " adds and %" PRIu64
			  " deletes to zebra in %" PRId64 " ms",
			  adv.ctr.adds_sent - adv.burst_adds,
			  adv.ctr.deletes_sent - adv.burst_deletes,
			  now_ms() - adv.burst_start_ms);
	adv.burst_start_ms = 0;
}

void td_adv_init(void)
{
	adv.table[0] = route_table_init();
	adv.table[1] = route_table_init();
	td_adv_list_init(&adv.queue);
	td_adv_list_init(&adv.held);
	adv.attrs.distance = TD_DEFAULT_ADVERTISE_DISTANCE;
	adv.attrs.holddown_ms = TD_ADV_HOLDDOWN_MIN_MS;
}

static void foreach_entry(void (*fn)(struct td_adv *a, void *arg), void *arg)
{
	struct route_node *rn, *next;
	struct td_adv *a;

	for (int i = 0; i < 2; i++)
		for (rn = route_top(adv.table[i]); rn; rn = next) {
			/* route_next() moves the iterator's lock to the next
			 * node, so fn may free the entry (and its node). */
			a = rn->info;
			next = route_next(rn);
			if (a)
				fn(a, arg);
		}
}

static void free_cb(struct td_adv *a, void *arg)
{
	entry_free(a);
}

void td_adv_fini(void)
{
	THREAD_OFF(adv.t_run);
	THREAD_OFF(adv.t_holddown);
	foreach_entry(free_cb, NULL);
	route_table_finish(adv.table[0]);
	route_table_finish(adv.table[1]);
}

const struct td_adv_attrs *td_adv_get_attrs(void)
{
	return &adv.attrs;
}

static void resend_cb(struct td_adv *a, void *arg)
{
	if (a->wanted && a->in_zebra)
		enqueue(a);
}

void td_adv_set_attrs(const struct td_adv_attrs *attrs)
{
	struct td_adv_attrs *o = &adv.attrs;
	bool route_changed = o->distance != attrs->distance ||
			     o->has_tag != attrs->has_tag ||
			     o->tag != attrs->tag ||
			     o->has_metric != attrs->has_metric ||
			     o->metric != attrs->metric;

	if (o->distance != attrs->distance)
		adv.lost_warned = false;
	*o = *attrs;
	if (o->holddown_ms < TD_ADV_HOLDDOWN_MIN_MS)
		o->holddown_ms = TD_ADV_HOLDDOWN_MIN_MS;
	/* A route add with the same prefix replaces: no withdraw, so no
	 * hold-down. */
	if (route_changed)
		foreach_entry(resend_cb, NULL);
}

static void unmark_cb(struct td_adv *a, void *arg)
{
	a->marked = false;
}

void td_adv_begin(void)
{
	foreach_entry(unmark_cb, NULL);
}

void td_adv_want(const struct prefix *p)
{
	struct td_adv *a = entry_get(p);

	a->marked = true;
	if (!a->wanted) {
		a->wanted = true;
		enqueue(a);
	}
}

static void commit_cb(struct td_adv *a, void *arg)
{
	if (a->wanted && !a->marked) {
		a->wanted = false;
		enqueue(a);
	}
}

void td_adv_commit(void)
{
	foreach_entry(commit_cb, NULL);
}

static void reconnect_cb(struct td_adv *a, void *arg)
{
	/* Zebra swept our routes when the previous session ended. */
	set_in_zebra(a, false);
	a->zebra = TD_ZEBRA_UNKNOWN;
	if (a->wanted)
		enqueue(a);
}

void td_adv_zebra_connected(void)
{
	adv.ctr.resyncs++;
	adv.paused = false;
	foreach_entry(reconnect_cb, NULL);
	schedule_run();
}

static void wanted_cb(struct td_adv *a, void *arg)
{
	if (a->wanted)
		enqueue(a);
}

void td_adv_nexthop_up(ifindex_t ifindex)
{
	if (adv.ifindex == ifindex)
		return;
	adv.ifindex = ifindex;
	adv.ctr.resyncs++;
	foreach_entry(wanted_cb, NULL);
}

static void in_zebra_cb(struct td_adv *a, void *arg)
{
	if (a->in_zebra)
		enqueue(a);
}

void td_adv_nexthop_down(void)
{
	if (!adv.ifindex)
		return;
	adv.ifindex = 0;
	/* Zebra 8.4 keeps a TABLE route selected (and redistributed) after
	 * its interface went down, though the kernel dropped it: withdraw
	 * explicitly, re-announce when the interface returns. */
	foreach_entry(in_zebra_cb, NULL);
}

/* Once per distance setting: with thousands of mappings every one of
 * them may lose at once. */
static void warn_lost_in_zebra(const struct prefix *p)
{
	if (adv.lost_warned)
		return;
	adv.lost_warned = true;
	zlog_warn("zebra selected another protocol's route for %pFX over ours (advertise distance %u): `redistribute table` does not advertise it; `show translator advertisements` lists every such prefix (state better-admin-won)",
		  p, adv.attrs.distance);
}

void td_adv_zebra_notify(const struct prefix *p,
			 enum zapi_route_notify_owner note)
{
	struct route_node *rn = route_node_lookup(table_of(p), p);
	struct td_adv *a;

	if (!rn)
		return;
	a = rn->info;
	route_unlock_node(rn);
	if (!a)
		return;
	switch (note) {
	case ZAPI_ROUTE_INSTALLED:
		a->zebra = TD_ZEBRA_INSTALLED;
		break;
	case ZAPI_ROUTE_FAIL_INSTALL:
		a->zebra = TD_ZEBRA_FAILED;
		break;
	case ZAPI_ROUTE_BETTER_ADMIN_WON:
		a->zebra = TD_ZEBRA_BETTER_ADMIN_WON;
		warn_lost_in_zebra(p);
		break;
	case ZAPI_ROUTE_REMOVED:
	case ZAPI_ROUTE_REMOVE_FAIL:
		a->zebra = TD_ZEBRA_REMOVED;
		break;
	}
}

void td_adv_buffer_ready(void)
{
	adv.paused = false;
	schedule_run();
}

static void withdraw_cb(struct td_adv *a, void *arg)
{
	bool *failed = arg;

	if (a->in_zebra && !*failed &&
	    td_zebra_route_delete(&a->rn->p) == TD_SEND_FAILED)
		*failed = true; /* disconnected: zebra sweeps the rest */
	set_in_zebra(a, false);
}

void td_adv_withdraw_all(void)
{
	bool failed = !td_zebra_connected();

	THREAD_OFF(adv.t_run);
	THREAD_OFF(adv.t_holddown);
	foreach_entry(withdraw_cb, &failed);
	if (!failed)
		td_zebra_flush();
}

struct walk_arg {
	void (*cb)(const struct td_adv_view *v, void *arg);
	void *arg;
};

static void view_of(const struct td_adv *a, struct td_adv_view *v)
{
	v->p = &a->rn->p;
	v->zebra = a->zebra;
	if (a->wanted)
		v->state = a->in_zebra	      ? TD_ADV_ANNOUNCED
			   : a->where == W_QUEUE ? TD_ADV_QUEUED
			   : a->where == W_HELD  ? TD_ADV_HELD_DOWN
						 : TD_ADV_WAITING;
	else
		v->state = a->in_zebra || a->where == W_QUEUE
				   ? TD_ADV_WITHDRAWING
				   : TD_ADV_WITHDRAWN;
}

static void view_cb(struct td_adv *a, void *arg)
{
	struct walk_arg *w = arg;
	struct td_adv_view v;

	view_of(a, &v);
	w->cb(&v, w->arg);
}

void td_adv_walk(void (*cb)(const struct td_adv_view *v, void *arg),
		 void *arg)
{
	struct walk_arg w = {cb, arg};

	foreach_entry(view_cb, &w);
}

const struct td_adv_counters *td_adv_get_counters(void)
{
	return &adv.ctr;
}

ifindex_t td_adv_nexthop_ifindex(void)
{
	return adv.ifindex;
}

const char *td_adv_state_name(enum td_adv_state s)
{
	switch (s) {
	case TD_ADV_WAITING:
		return "waiting";
	case TD_ADV_QUEUED:
		return "queued";
	case TD_ADV_HELD_DOWN:
		return "held-down";
	case TD_ADV_ANNOUNCED:
		return "announced";
	case TD_ADV_WITHDRAWING:
		return "withdrawing";
	case TD_ADV_WITHDRAWN:
		return "withdrawn";
	}
	return "?";
}

const char *td_adv_zebra_name(enum td_adv_zebra z)
{
	switch (z) {
	case TD_ZEBRA_UNKNOWN:
		return "-";
	case TD_ZEBRA_INSTALLED:
		return "installed";
	case TD_ZEBRA_FAILED:
		return "failed";
	case TD_ZEBRA_BETTER_ADMIN_WON:
		return "better-admin-won";
	case TD_ZEBRA_REMOVED:
		return "removed";
	}
	return "?";
}

/* First entry at or after rn (locked by the caller; the lock is
 * consumed), in table order, then the IPv6 table. */
static const struct td_adv *first_from(struct route_node *rn, int table)
{
	for (;;) {
		for (; rn; rn = route_next(rn))
			if (rn->info) {
				route_unlock_node(rn); /* the entry holds one */
				return rn->info;
			}
		if (++table > 1)
			return NULL;
		rn = route_top(adv.table[table]);
	}
}

const void *td_adv_next(const void *prev)
{
	const struct td_adv *a = prev;
	struct route_node *rn;

	if (!a)
		return first_from(route_top(adv.table[0]), 0);
	rn = a->rn;
	route_lock_node(rn);
	return first_from(route_next(rn), rn->p.family == AF_INET ? 0 : 1);
}

const void *td_adv_find(const struct prefix *p)
{
	struct route_node *rn = route_node_lookup(table_of(p), p);
	const struct td_adv *a;

	if (!rn)
		return NULL;
	a = rn->info;
	route_unlock_node(rn);
	return a;
}

void td_adv_view(const void *handle, struct td_adv_view *v)
{
	view_of(handle, v);
}
