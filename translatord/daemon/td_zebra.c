/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ZAPI client.
 *
 * Route type TABLE, instance 0, in the hello and in every route: the only
 * type both Debian's ospfd and ospf6d can `redistribute table`, that no
 * stock daemon produces with instance 0, and whose routes zebra sweeps
 * when this client disconnects or dies (crash-safe withdrawal). STATIC
 * would also sweep staticd's routes; SHARP is not built by Debian.
 *
 * Routes carry an explicit admin distance below OSPF's 110 (TABLE's
 * default is 150): otherwise a node's own route loses to the same prefix
 * learned from another site, zebra redistributes only the selected route,
 * and upstream ECMP never forms.
 */
#include <zebra.h>

#include <poll.h>

#include "buffer.h"
#include "if.h"
#include "log.h"
#include "nexthop.h"
#include "vrf.h"
#include "zclient.h"

#include "td.h"
#include "td_adv.h"
#include "td_keep.h"
#include "td_debug.h"
#include "td_zebra.h"

static struct zclient *zclient;
static char nh_ifname[INTERFACE_NAMSIZ];

/* struct zapi_route embeds nexthops[MULTIPATH_NUM] twice (~50 KB with
 * Debian's MULTIPATH_NUM=256): zeroed once, and only the fields we use are
 * rewritten per route, so 100k announcements do not memset 5 GB. */
static struct zapi_route api;

static bool is_nh_if(const struct interface *ifp)
{
	return nh_ifname[0] && ifp->vrf->vrf_id == VRF_DEFAULT &&
	       strcmp(ifp->name, nh_ifname) == 0;
}

static ifindex_t up_ifindex; /* to log transitions only */

static void nh_if_changed(struct interface *ifp)
{
	if (!is_nh_if(ifp))
		return;
	if (if_is_operative(ifp) && ifp->ifindex != IFINDEX_INTERNAL) {
		if (up_ifindex != ifp->ifindex)
			zlog_info("nexthop interface %s up (ifindex %d)",
				  ifp->name, ifp->ifindex);
		up_ifindex = ifp->ifindex;
		td_adv_nexthop_up(ifp->ifindex);
	} else {
		if (up_ifindex)
			zlog_info("nexthop interface %s down", ifp->name);
		up_ifindex = 0;
		td_adv_nexthop_down();
	}
}

/* Zebra does not send an "up" after the "add" of an interface that is
 * already up, so creation is checked like a state change. */
static int td_ifp_create(struct interface *ifp)
{
	nh_if_changed(ifp);
	return 0;
}

static int td_ifp_up(struct interface *ifp)
{
	nh_if_changed(ifp);
	return 0;
}

static int td_ifp_down(struct interface *ifp)
{
	nh_if_changed(ifp);
	return 0;
}

static int td_ifp_destroy(struct interface *ifp)
{
	if (is_nh_if(ifp)) {
		zlog_info("nexthop interface %s deleted", ifp->name);
		up_ifindex = 0;
		td_adv_nexthop_down();
	}
	return 0;
}

static int td_route_notify_owner(ZAPI_CALLBACK_ARGS)
{
	struct prefix p;
	enum zapi_route_notify_owner note;
	uint32_t table;

	if (!zapi_route_notify_decode(zclient->ibuf, &p, &table, &note, NULL,
				      NULL))
		return -1;
	DEBUGD(&td_dbg_zebra, "zebra: %pFX: route notify %d", &p, note);
	td_adv_zebra_notify(&p, note);
	return 0;
}

static void on_zebra_connected(struct zclient *zc)
{
	zlog_info("connected to zebra: resyncing every advertisement");
	(void)td_zebra_connected(); /* publishes the session state */
	/* Interface updates: the nexthop interface's state. */
	zclient_send_reg_requests(zc, VRF_DEFAULT);
	td_adv_zebra_connected();
	td_keep_zebra_connected();
}

/*
 * libfrr retries a lost zebra connection after 10 s, then 60 s: fine for
 * daemons that watchfrr restarts together with zebra, too slow for routes
 * that must come back as soon as zebra does. While disconnected, try
 * every TD_ZEBRA_RETRY_MS instead.
 */
#define TD_ZEBRA_RETRY_MS 250
static struct thread *t_retry;

static void zebra_retry(struct thread *t)
{
	thread_add_timer_msec(master, zebra_retry, NULL, TD_ZEBRA_RETRY_MS,
			      &t_retry);
	if (!zclient || td_zebra_connected())
		return;
	THREAD_OFF(zclient->t_connect);
	zclient->fail = 0;
	zclient_start(zclient); /* on success: on_zebra_connected() */
}

static zclient_handler *const td_handlers[] = {
	[ZEBRA_ROUTE_NOTIFY_OWNER] = td_route_notify_owner,
};

void td_zebra_set_nexthop(const char *ifname)
{
	struct interface *ifp;

	if (!strcmp(nh_ifname, ifname ? ifname : ""))
		return;
	snprintf(nh_ifname, sizeof(nh_ifname), "%s", ifname ? ifname : "");
	ifp = nh_ifname[0] ? if_lookup_by_name(nh_ifname, VRF_DEFAULT) : NULL;
	if (ifp) {
		nh_if_changed(ifp);
	} else {
		/* Not known to zebra yet: td_ifp_create() will tell. */
		if (up_ifindex)
			zlog_info("nexthop interface now %s (not up yet)",
				  nh_ifname[0] ? nh_ifname : "none");
		up_ifindex = 0;
		td_adv_nexthop_down();
	}
}

void td_zebra_init(void)
{
	struct zclient_options opt = {.receive_notify = true};

	if_zapi_callbacks(td_ifp_create, td_ifp_up, td_ifp_down,
			  td_ifp_destroy);
	zclient = zclient_new(master, &opt, td_handlers,
			      array_size(td_handlers));
	zclient_init(zclient, ZEBRA_ROUTE_TABLE, 0, &td_privs);
	zclient->zebra_connected = on_zebra_connected;
	zclient->zebra_buffer_write_ready = td_adv_buffer_ready;

	thread_add_timer_msec(master, zebra_retry, NULL, TD_ZEBRA_RETRY_MS,
			      &t_retry);

	api.type = ZEBRA_ROUTE_TABLE;
	api.instance = 0;
	api.safi = SAFI_UNICAST;
	api.vrf_id = VRF_DEFAULT;
}

void td_zebra_stop(void)
{
	THREAD_OFF(t_retry);
	if (!zclient)
		return;
	zclient_stop(zclient);
	zclient_free(zclient);
	zclient = NULL;
}

/* The session state for other threads (metrics): refreshed by every
 * td_zebra_connected() in the FRR thread, which the 250 ms retry timer
 * calls too, so a lost session shows within 250 ms. */
static bool session_up_pub;

bool td_zebra_connected(void)
{
	bool up = zclient && zclient->sock >= 0;

	__atomic_store_n(&session_up_pub, up, __ATOMIC_RELAXED);
	return up;
}

bool td_zebra_session_up(void)
{
	return __atomic_load_n(&session_up_pub, __ATOMIC_RELAXED);
}

static enum td_send send_result(enum zclient_send_status s)
{
	switch (s) {
	case ZCLIENT_SEND_SUCCESS:
		return TD_SEND_OK;
	case ZCLIENT_SEND_BUFFERED:
		return TD_SEND_BUFFERED;
	case ZCLIENT_SEND_FAILURE:
		break;
	}
	return TD_SEND_FAILED;
}

enum td_send td_zebra_route_add(const struct prefix *p, ifindex_t ifindex,
				const struct td_adv_attrs *a)
{
	struct zapi_nexthop *nh = &api.nexthops[0];

	if (!td_zebra_connected())
		return TD_SEND_FAILED;
	prefix_copy(&api.prefix, p);
	api.message = 0;
	SET_FLAG(api.message, ZAPI_MESSAGE_NEXTHOP);
	SET_FLAG(api.message, ZAPI_MESSAGE_DISTANCE);
	api.distance = a->distance;
	if (a->has_tag) {
		SET_FLAG(api.message, ZAPI_MESSAGE_TAG);
		api.tag = a->tag;
	}
	if (a->has_metric) {
		SET_FLAG(api.message, ZAPI_MESSAGE_METRIC);
		api.metric = a->metric;
	}
	/* The data plane's interface; no gateway. */
	nh->type = NEXTHOP_TYPE_IFINDEX;
	nh->ifindex = ifindex;
	nh->vrf_id = VRF_DEFAULT;
	api.nexthop_num = 1;
	DEBUGD(&td_dbg_zebra, "zebra: add %pFX ifindex %d distance %u", p,
	       ifindex, a->distance);
	return send_result(zclient_route_send(ZEBRA_ROUTE_ADD, zclient, &api));
}

enum td_send td_zebra_route_delete(const struct prefix *p)
{
	if (!td_zebra_connected())
		return TD_SEND_FAILED;
	/* Zebra finds the route by (type, instance, prefix) alone. */
	prefix_copy(&api.prefix, p);
	api.message = 0;
	api.nexthop_num = 0;
	DEBUGD(&td_dbg_zebra, "zebra: delete %pFX", p);
	return send_result(
		zclient_route_send(ZEBRA_ROUTE_DELETE, zclient, &api));
}

enum td_send td_zebra_keep_add(const struct prefix *p, ifindex_t ifindex,
			       uint8_t distance)
{
	struct td_adv_attrs a = {.distance = distance};
	enum td_send r;

	api.instance = TD_KEEP_INSTANCE;
	r = td_zebra_route_add(p, ifindex, &a);
	api.instance = 0;
	return r;
}

enum td_send td_zebra_keep_delete(const struct prefix *p)
{
	enum td_send r;

	api.instance = TD_KEEP_INSTANCE;
	r = td_zebra_route_delete(p);
	api.instance = 0;
	return r;
}

void td_zebra_flush(void)
{
	/* The socket is non-blocking: wait for room, bounded, since zebra
	 * sweeps whatever is left when we disconnect anyway. */
	for (int i = 0; i < 50 && td_zebra_connected(); i++) {
		struct pollfd pfd = {.fd = zclient->sock, .events = POLLOUT};

		if (buffer_flush_all(zclient->wb, zclient->sock) !=
		    BUFFER_PENDING)
			return;
		poll(&pfd, 1, 100);
	}
}
