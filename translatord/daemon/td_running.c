/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <zebra.h>

#include "log.h"
#include "memory.h"
#include "prefix.h"

#include "eamt.h"

#include "td.h"
#include "td_adv.h"
#include "td_dataplane.h"
#include "td_health.h"
#include "td_metrics.h"
#include "td_conf.h"
#include "td_running.h"
#include "td_verdict.h"

struct td_conf td_conf;

void td_running_install(struct td_conf *c)
{
	struct td_conf old = td_conf;
	char err[256];

	/* The data plane switches to the new table first (atomically);
	 * only then can the old one go. If the data plane refuses it, the
	 * old table is still in use: it is kept (leaked), not freed. */
	td_conf = *c;
	td_conf.xlat.eamt = td_conf.eamt;
	td_conf_init(c);
	td_dataplane_set_mapping_stats(td_conf.metrics.per_mapping);
	if (td_dataplane_update(&td_conf.xlat, err, sizeof(err)) < 0)
		zlog_err("data plane: the new configuration was refused, the previous one stays in force: %s",
			 err);
	else
		td_conf_free(&old);
	td_adv_set_attrs(&td_conf.adv);
	td_health_apply(&td_conf);
	td_metrics_configure(&td_conf);
	td_running_advertise();
}

void td_running_clear(void)
{
	td_conf_free(&td_conf);
	td_dataplane_set_mapping_stats(false);
	td_health_apply(&td_conf);
	td_metrics_configure(&td_conf);
	td_running_advertise();
}

/*
 * The wanted set follows the configuration and health:
 *  - the node's verdict (configured, not shut down, every node-scope
 *    check healthy) gates everything, pool6 included;
 *  - each EAM IPv4 prefix also needs every mapping-scope check that
 *    lists it to be healthy.
 */
void td_running_advertise(void)
{
	struct eamt_entry e;
	struct prefix p;
	char why[160];
	bool node_ok = td_verdict_compute(&td_conf, why, sizeof(why));

	td_verdict_update(&td_conf, node_ok, why);

	td_adv_begin();
	if (node_ok) {
		for (size_t i = 0; eamt_get(td_conf.eamt, i, &e); i++) {
			memset(&p, 0, sizeof(p));
			p.family = AF_INET;
			p.prefixlen = e.v4len;
			memcpy(&p.u.prefix4, e.v4, 4);
			if (td_health_mapping_ok(&p))
				td_adv_want(&p);
		}
		if (td_conf.xlat.has_pool6) {
			memset(&p, 0, sizeof(p));
			p.family = AF_INET6;
			p.prefixlen = td_conf.xlat.pool6.len;
			memcpy(&p.u.prefix6, td_conf.xlat.pool6.addr, 16);
			td_adv_want(&p);
		}
	}
	td_adv_commit();
	td_metrics_publish();
}

/* A health check changed: its vote moves routes, any change shows in
 * the metrics. */
static int health_changed(bool votes)
{
	if (votes)
		td_running_advertise();
	else
		td_metrics_publish();
	return 0;
}

void td_running_init(void)
{
	hook_register(td_health_changed, health_changed);
}

void td_running_fini(void)
{
	td_conf_free(&td_conf);
}
