/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Advertisement table: the prefixes translatord wants in zebra's RIB
 * (each EAM IPv4 prefix and pool6), and what zebra currently has.
 *
 * Every change (configuration, zebra reconnect, nexthop interface up or
 * down) only marks entries and queues them; td_adv_run() then sends the
 * queue to zebra in batches, pausing when the zclient buffer fills, so
 * 100k prefixes go out without blocking the event loop.
 *
 * A prefix that left zebra (unconfigured, or withdrawn because the
 * nexthop interface went down) is held down for at least TD_ADV_HOLDDOWN_MIN_MS before it is
 * announced again: OSPF neighbours drop an LSA re-originated within
 * MinLSArrival (1 s) of the previous one, and would only learn it at the
 * 5 s retransmit.
 */
#ifndef TRANSLATORD_TD_ADV_H
#define TRANSLATORD_TD_ADV_H

#include "prefix.h"
#include "zclient.h"

#define TD_ADV_HOLDDOWN_MIN_MS 1000

/* Route attributes sent with every announcement. */
struct td_adv_attrs {
	uint8_t distance;
	bool has_tag;
	route_tag_t tag;
	bool has_metric;
	uint32_t metric;
	uint32_t holddown_ms; /* >= TD_ADV_HOLDDOWN_MIN_MS */
};

/* Where an entry stands, for show commands. */
enum td_adv_state {
	TD_ADV_WAITING,     /* wanted; zebra or the interface is not ready */
	TD_ADV_QUEUED,      /* wanted; waiting for its turn in a batch */
	TD_ADV_HELD_DOWN,   /* wanted; left zebra less than holddown ago */
	TD_ADV_ANNOUNCED,   /* sent to zebra */
	TD_ADV_WITHDRAWING, /* no longer wanted; delete queued */
	TD_ADV_WITHDRAWN,   /* deleted less than holddown ago */
};

/* Last route_notify_owner message from zebra for the prefix. */
enum td_adv_zebra {
	TD_ZEBRA_UNKNOWN,
	TD_ZEBRA_INSTALLED,
	TD_ZEBRA_FAILED,
	TD_ZEBRA_BETTER_ADMIN_WON,
	TD_ZEBRA_REMOVED,
};

struct td_adv_counters {
	uint64_t adds_sent, deletes_sent;
	uint64_t resyncs;    /* zebra (re)connects and interface returns */
	uint64_t batches;    /* td_adv_run() invocations that sent something */
	uint64_t buffered;   /* times the zclient buffer filled */
};

void td_adv_init(void);
void td_adv_fini(void);

const struct td_adv_attrs *td_adv_get_attrs(void);
/* New attributes apply to every announced prefix (re-sent). */
void td_adv_set_attrs(const struct td_adv_attrs *a);

/* Replace the wanted set: td_adv_begin(), td_adv_want() for each prefix,
 * td_adv_commit(). Only differences reach zebra. */
void td_adv_begin(void);
void td_adv_want(const struct prefix *p);
void td_adv_commit(void);

/* Events from td_zebra.c. */
void td_adv_zebra_connected(void);
void td_adv_nexthop_up(ifindex_t ifindex);
void td_adv_nexthop_down(void);
void td_adv_zebra_notify(const struct prefix *p,
			 enum zapi_route_notify_owner note);
void td_adv_buffer_ready(void);

/* Clean shutdown: delete every announced prefix from zebra now. */
void td_adv_withdraw_all(void);

/* Read-only walk for show commands, in prefix order (IPv4 then IPv6). */
struct td_adv_view {
	const struct prefix *p;
	enum td_adv_state state;
	enum td_adv_zebra zebra;
};
void td_adv_walk(void (*cb)(const struct td_adv_view *v, void *arg),
		 void *arg);
/* Entry handles, for operational state (valid until the next change
 * of the table): the first (prev NULL) or next entry, in the walk's
 * order; the entry of a prefix; its view. */
const void *td_adv_next(const void *prev);
const void *td_adv_find(const struct prefix *p);
void td_adv_view(const void *handle, struct td_adv_view *v);
const struct td_adv_counters *td_adv_get_counters(void);
/* Prefixes of the family (AF_INET, AF_INET6) sent to zebra and not
 * deleted since; any thread (the metrics endpoint). */
uint64_t td_adv_announced_count(int family);
ifindex_t td_adv_nexthop_ifindex(void);
const char *td_adv_state_name(enum td_adv_state s);
const char *td_adv_zebra_name(enum td_adv_zebra z);

#endif
