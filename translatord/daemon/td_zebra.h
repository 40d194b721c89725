/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ZAPI client: connects to zebra as route type TABLE, instance 0, and
 * sends/deletes translatord's routes. Knows nothing of which prefixes
 * should be there; that is td_adv.c.
 */
#ifndef TRANSLATORD_TD_ZEBRA_H
#define TRANSLATORD_TD_ZEBRA_H

#include "prefix.h"

struct td_adv_attrs;

enum td_send {
	TD_SEND_OK,       /* written to zebra's socket */
	TD_SEND_BUFFERED, /* accepted, queued in the zclient buffer: pause */
	TD_SEND_FAILED,   /* not connected, or the connection just broke */
};

void td_zebra_init(void);
/* The nexthop interface (the data plane's), watched through zebra's
 * interface updates; "" or NULL: none. */
void td_zebra_set_nexthop(const char *ifname);
void td_zebra_stop(void);
bool td_zebra_connected(void);
/* The same, from any thread (the metrics endpoint); at most 250 ms old. */
bool td_zebra_session_up(void);

enum td_send td_zebra_route_add(const struct prefix *p, ifindex_t ifindex,
				const struct td_adv_attrs *a);
enum td_send td_zebra_route_delete(const struct prefix *p);
/* Local-only routes (td_keep.c): the same prefixes under route type TABLE
 * instance TD_KEEP_INSTANCE, which `redistribute table` does not export
 * and for which zebra sends no owner notifications. */
/* Zebra 8.4 keeps route instances in 8 bits (zebra_rib_route_entry_new);
 * `ip import-table` makes TABLE routes of instances 1-252, so 255 can
 * only be ours. */
#define TD_KEEP_INSTANCE 255
enum td_send td_zebra_keep_add(const struct prefix *p, ifindex_t ifindex,
			       uint8_t distance);
enum td_send td_zebra_keep_delete(const struct prefix *p);
/* Block until the zclient buffer is written out (shutdown only). */
void td_zebra_flush(void);

#endif
