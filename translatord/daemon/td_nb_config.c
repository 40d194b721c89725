/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The northbound's configuration callbacks.
 *
 * Atomic apply. The leaves' own callbacks do nothing: the translator
 * container's pre_validate builds the complete runtime configuration from
 * the candidate tree with every semantic check (td_conf.c), and rejects
 * the commit with the offending node's path; apply_finish swaps that same
 * configuration in at once. The one step that can fail for a valid
 * configuration, creating the data-plane interface, runs in the PREPARE
 * phase of data-plane/interface, so a commit whose device cannot be
 * created also changes nothing.
 */
#include <zebra.h>

#include "log.h"
#include "monotime.h"
#include "northbound.h"
#include "yang.h"

#include "eamt.h"

#include "td.h"
#include "td_conf.h"
#include "td_dataplane.h"
#include "td_debug.h"
#include "td_nb.h"
#include "td_own_address.h"
#include "td_running.h"
#include "td_zebra.h"

/* Every leaf and list: accepted as is; the translator container's
 * pre_validate and apply_finish do the work. */
int td_nb_create(struct nb_cb_create_args *args)
{
	return NB_OK;
}

int td_nb_modify(struct nb_cb_modify_args *args)
{
	return NB_OK;
}

int td_nb_destroy(struct nb_cb_destroy_args *args)
{
	return NB_OK;
}

bool td_nb_starting = true;
bool td_nb_dry_run;

int td_nb_translator_destroy(struct nb_cb_destroy_args *args)
{
	if (args->event != NB_EV_APPLY)
		return NB_OK;
	zlog_notice("translator unconfigured: withdrawing every route");
	/* The data plane first: it uses the running EAM table. */
	td_zebra_set_nexthop(NULL);
	td_dataplane_close();
	td_running_clear();
	return NB_OK;
}

/*
 * The configuration is built once per commit. libfrr calls pre_validate
 * on the candidate at the start of every commit (and for a bare
 * validation); apply_finish follows, on the same candidate tree, when the
 * commit applies. The configuration built from that tree is kept in
 * between, keyed by its translator node (the PREPARE callbacks read the
 * data plane it asks for); a commit that never applies leaves it for the
 * next pre_validate, or the abort, to drop.
 */
static struct td_conf cand_conf;
static const struct lyd_node *cand_node;

static void cand_drop(void)
{
	td_conf_free(&cand_conf);
	cand_node = NULL;
}

int td_nb_translator_pre_validate(struct nb_cb_pre_validate_args *args)
{
	struct td_conf c;

	cand_drop();
	if (td_conf_build(args->dnode, &c, args->errmsg, args->errmsg_len))
		goto rejected;
	if (td_own_address_check(&c, args->errmsg, args->errmsg_len)) {
		/* At start-up the file's configuration was working before (or
		 * the addresses are still being set up): refusing it would
		 * take the whole site down on a restart. Say it loudly. */
		if (td_nb_starting) {
			zlog_err("configuration accepted at start-up, but translated ICMP errors will be lost: %s",
				 args->errmsg);
		} else {
			td_conf_free(&c);
			goto rejected;
		}
	}
	/* Kept for the PREPARE phase that follows (the data plane it asks
	 * for) and for apply_finish. */
	cand_conf = c;
	cand_node = args->dnode;
	return NB_OK;
rejected:
	zlog_warn("configuration rejected, running configuration unchanged: %s",
		  args->errmsg);
	return NB_ERR_VALIDATION;
}

static int64_t now_ms(void)
{
	struct timeval tv;

	monotime(&tv);
	return (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

void td_nb_translator_apply_finish(struct nb_cb_apply_finish_args *args)
{
	struct td_conf c;
	char err[512];
	int64_t t0 = now_ms();

	if (cand_node == args->dnode) {
		c = cand_conf;
		td_conf_init(&cand_conf);
		cand_node = NULL;
	} else if (td_conf_build(args->dnode, &c, err, sizeof(err))) {
		/* pre_validate built this tree without error. */
		zlog_err("applying the configuration: %s", err);
		return;
	}
	DEBUGD(&td_dbg_northbound, "northbound: applying a commit: %zu EAM entries, %zu health checks",
	       c.eamt ? eamt_count(c.eamt) : 0, c.n_checks);
	td_running_install(&c);
	zlog_info("configuration applied: %zu EAM entries, pool6 %s, %zu health checks (%" PRId64
		  " ms)",
		  td_conf.eamt ? eamt_count(td_conf.eamt) : 0,
		  td_conf.xlat.has_pool6 ? "set" : "none", td_conf.n_checks,
		  now_ms() - t0);
}

/*
 * The data plane is created in PREPARE, so that a commit whose data plane
 * cannot be created (interface name taken, BPF refused, ...) is rejected
 * as a whole. Several callbacks can ask for it in one commit: the
 * translator's create (a new translator, with the YANG defaults, which
 * have no callbacks of their own: libfrr skips default leaves of created
 * nodes) and every data-plane leaf's modify or destroy; each compares
 * the candidate's data-plane container (cand_conf.dp) with the running and
 * the pending data plane, so it is created once.
 */
static struct td_dp_pending *dp_pending;

static int dp_prepare(const struct lyd_node *dnode, char *errmsg,
		      size_t errmsg_len)
{
	char err[256], path[XPATH_MAXLEN];

	/* A dry run (-C) checks the configuration; creating the data
	 * plane would collide with the running daemon's ("siit0 exists"). */
	if (td_nb_dry_run)
		return NB_OK;
	if (td_dataplane_matches(&cand_conf.dp) ||
	    td_dataplane_pending_matches(dp_pending, &cand_conf.dp))
		return NB_OK;
	td_dataplane_abort(dp_pending);
	dp_pending = td_dataplane_prepare(&cand_conf.dp, NULL, err, sizeof(err));
	if (!dp_pending) {
		yang_dnode_get_path(dnode, path, sizeof(path));
		snprintf(errmsg, errmsg_len, "%s: data plane %s on %s: %s",
			 path, cand_conf.dp.type == TD_DP_TUN ? "tun" : "bpf",
			 cand_conf.dp.ifname, err);
		zlog_warn("configuration rejected, running configuration unchanged: %s",
			  errmsg);
		/* At start-up this is a second instance (the interface is
		 * the first one's) or a broken host: running unconfigured
		 * would look alive and translate nothing. */
		if (td_nb_starting) {
			zlog_err("start-up configuration cannot be applied: %s; exiting",
				 errmsg);
			fprintf(stderr, "translatord: %s\n", errmsg);
			exit(1);
		}
		return NB_ERR_RESOURCE;
	}
	return NB_OK;
}

static void dp_abort(void)
{
	td_dataplane_abort(dp_pending);
	dp_pending = NULL;
	cand_drop();
}

static void dp_apply(void)
{
	if (dp_pending) {
		td_dataplane_commit(dp_pending);
		dp_pending = NULL;
		zlog_info("data plane %s on %s in use", td_dataplane_backend(),
			  td_dataplane_ifname());
	}
	td_zebra_set_nexthop(td_dataplane_ifname());
}

static int dp_event(enum nb_event event, const struct lyd_node *dnode,
		    char *errmsg, size_t errmsg_len)
{
	switch (event) {
	case NB_EV_VALIDATE:
		return NB_OK;
	case NB_EV_PREPARE:
		return dp_prepare(dnode, errmsg, errmsg_len);
	case NB_EV_ABORT:
		dp_abort();
		return NB_OK;
	case NB_EV_APPLY:
		dp_apply();
		return NB_OK;
	}
	return NB_OK;
}

int td_nb_translator_create(struct nb_cb_create_args *args)
{
	return dp_event(args->event, args->dnode, args->errmsg,
			args->errmsg_len);
}

int td_nb_dp_modify(struct nb_cb_modify_args *args)
{
	return dp_event(args->event, args->dnode, args->errmsg,
			args->errmsg_len);
}

int td_nb_dp_destroy(struct nb_cb_destroy_args *args)
{
	/* The whole translator going also destroys its leaves: the
	 * translator's destroy closes the data plane. */
	if (!yang_dnode_exists(running_config->dnode, TD_XPATH))
		return NB_OK;
	return dp_event(args->event, args->dnode, args->errmsg,
			args->errmsg_len);
}

void td_nb_fini(void)
{
	cand_drop();
}
