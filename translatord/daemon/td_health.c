/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Health-checked advertisement: see td_health.h for the model.
 *
 * The FRR thread keeps one record per configured check (struct td_hc):
 * its configuration, whether the engine runs it, and the state and vote
 * of the last transition the engine reported. Routing decisions use only
 * these records, so they change only in the FRR thread, in the order the
 * engine reported the transitions.
 */
#include <zebra.h>

#include <linux/capability.h>

#include "frr_pthread.h"
#include "frrcu.h"
#include "log.h"
#include "memory.h"
#include "monotime.h"
#include "table.h"
#include "thread.h"

#include "td.h"
#include "td_debug.h"
#include "td_health.h"
#include "td_privs.h"
#include "td_selftest.h"

DEFINE_MTYPE_STATIC(TRANSLATORD, TD_HEALTH, "Health check state");
DEFINE_MTYPE_STATIC(TRANSLATORD, TD_HEALTH_EV, "Health transition");

DEFINE_HOOK(td_health_changed, (bool votes), (votes));

struct td_hc {
	char name[HEALTH_NAME_MAX];
	const char *type;
	bool scope_node;
	bool builtin;                  /* the data-plane self-test */
	struct prefix_ipv4 *mappings;  /* owned */
	size_t n_mappings;
	bool in_engine;                /* the engine runs cfg */
	struct health_check_config cfg;
	char not_probed[HEALTH_ERR_MAX + 16]; /* why not, when !in_engine */
	/* From the engine's transitions. */
	enum health_state state;
	bool healthy;
	uint64_t epoch_ms;             /* ignore transitions older than this */
	uint64_t last_change_wall_ms;
	char last_reason[HEALTH_REASON_MAX];
};

static struct {
	struct health_engine *engine;
	struct frr_pthread *pth;
	struct td_hc *hc;
	size_t n;
	/* EAM IPv4 prefixes listed by an unhealthy mapping-scope check. */
	struct route_table *suppressed;
	const struct td_conf *conf;    /* of the last td_health_apply() */
	bool selftest_resumed;         /* a drain just ended */
	struct thread *t_selftest_follow;
} H;

static struct td_hc *find(const char *name)
{
	for (size_t i = 0; i < H.n; i++)
		if (!strcmp(H.hc[i].name, name))
			return &H.hc[i];
	return NULL;
}

/* ---- the suppressed set ---- */

static void suppressed_rebuild(void)
{
	if (H.suppressed)
		route_table_finish(H.suppressed);
	H.suppressed = route_table_init();
	for (size_t i = 0; i < H.n; i++) {
		const struct td_hc *h = &H.hc[i];

		if (h->scope_node || h->healthy)
			continue;
		for (size_t j = 0; j < h->n_mappings; j++) {
			struct route_node *rn = route_node_get(
				H.suppressed, (struct prefix *)&h->mappings[j]);

			rn->info = (void *)h; /* the first culprit */
		}
	}
}

bool td_health_mapping_ok(const struct prefix *p)
{
	struct route_node *rn;

	if (!H.suppressed || p->family != AF_INET)
		return true;
	rn = route_node_lookup(H.suppressed, p);
	if (!rn)
		return true;
	route_unlock_node(rn);
	return rn->info == NULL;
}

bool td_health_node_checks_ok(char *why, size_t len)
{
	for (size_t i = 0; i < H.n; i++) {
		const struct td_hc *h = &H.hc[i];

		if (h->scope_node && !h->healthy) {
			snprintf(why, len, "%s check '%s' is %s",
				 h->builtin ? "data-plane self-test" : "node health",
				 h->name, health_state_name(h->state));
			return false;
		}
	}
	return true;
}

/* Down first, then the other states that withdraw, then the healthy
 * ones; disabled (no vote) last. */
static int badness(const struct td_hc *h)
{
	static const int rank[HEALTH_STATE_COUNT] = {
		[HEALTH_STATE_DOWN] = 0,    [HEALTH_STATE_RISING] = 1,
		[HEALTH_STATE_INIT] = 2,    [HEALTH_STATE_FALLING] = 3,
		[HEALTH_STATE_UP] = 4,      [HEALTH_STATE_DISABLED] = 5,
	};

	return (h->healthy ? 10 : 0) + rank[h->state];
}

const char *td_health_mapping_state(const struct prefix_ipv4 *p)
{
	const struct td_hc *worst = NULL;

	for (size_t i = 0; i < H.n; i++) {
		const struct td_hc *h = &H.hc[i];

		if (h->scope_node)
			continue;
		for (size_t j = 0; j < h->n_mappings; j++)
			if (prefix_same((const struct prefix *)&h->mappings[j],
					(const struct prefix *)p)) {
				if (!worst || badness(h) < badness(worst))
					worst = h;
				break;
			}
	}
	return worst ? health_state_name(worst->state) : "not-checked";
}

/* ---- transitions, in the FRR thread ---- */

static void log_consequence(const struct td_hc *h,
			    const struct health_transition *t)
{
	char list[256] = "";
	size_t used = 0;

	if (h->scope_node) {
		zlog_notice("%s '%s' (node scope) is %s: %s",
			    h->builtin ? "data-plane self-test" : "health check",
			    h->name, t->healthy ? "healthy" : "unhealthy",
			    t->healthy ? "every route may be announced again"
				       : "every route of this node is withdrawn, pool6 included");
		return;
	}
	for (size_t j = 0; j < h->n_mappings && used < sizeof(list) - 40; j++)
		used += snprintfrr(list + used, sizeof(list) - used, "%s%pFX",
				   j ? ", " : "",
				   (struct prefix *)&h->mappings[j]);
	if (t->healthy)
		zlog_notice("health check '%s' (mapping scope) is healthy: re-announcing %s",
			    h->name, list);
	else
		zlog_notice("health check '%s' (mapping scope) is unhealthy: withdrawing %s",
			    h->name, list);
}

static void hc_transition_ev(struct thread *thread)
{
	struct health_transition *t = THREAD_ARG(thread);
	struct td_hc *h = find(t->check);
	bool was;

	/* A check removed meanwhile, or a transition of what it probed
	 * before its last reconfiguration. */
	if (!h || !h->in_engine || t->mono_ms < h->epoch_ms) {
		XFREE(MTYPE_TD_HEALTH_EV, t);
		return;
	}
	was = h->healthy;
	h->state = t->new_state;
	h->healthy = t->healthy;
	h->last_change_wall_ms = t->wall_ms;
	strlcpy(h->last_reason, t->reason, sizeof(h->last_reason));
	if (was != h->healthy) {
		log_consequence(h, t);
		suppressed_rebuild();
	}
	hook_call(td_health_changed, was != h->healthy);
	XFREE(MTYPE_TD_HEALTH_EV, t);
}

/* ---- engine callbacks, in the engine thread ---- */

static void hc_on_transition(const struct health_transition *t, void *arg)
{
	struct health_transition *copy;

	/* The struct holds no pointers: a copy is complete. */
	copy = XMALLOC(MTYPE_TD_HEALTH_EV, sizeof(*copy));
	*copy = *t;
	thread_add_event(master, hc_transition_ev, copy, 0, NULL);
}

static void hc_on_log(int prio, const char *msg, void *arg)
{
	switch (prio) {
	case LOG_ERR:
		zlog_err("%s", msg);
		break;
	case LOG_WARNING:
		zlog_warn("%s", msg);
		break;
	case LOG_NOTICE:
		zlog_notice("%s", msg);
		break;
	case LOG_INFO:
		zlog_info("%s", msg);
		break;
	default:
		DEBUGD(&td_dbg_health, "%s", msg);
	}
}

/* ---- the engine's thread ---- */

static void *hc_thread_start(void *arg)
{
	struct frr_pthread *fpt = arg;

	frr_pthread_set_name(fpt);
	/* CAP_NET_RAW, and nothing else (td_privs.h): raw ICMP sockets when
	 * ping_group_range excludes the frr group, the self-test's raw and
	 * packet sockets. Script checks exec as the frr user, which clears
	 * every capability. */
	if (!td_privs_thread_keep(CAP_NET_RAW))
		zlog_warn("health checks: CAP_NET_RAW not permitted; icmp checks need net.ipv4.ping_group_range to include the daemon's group, and the data-plane self-test cannot run");
	frr_pthread_notify_running(fpt);
	/* libfrr starts every frr_pthread inside an RCU read section, which
	 * its own event loop leaves around each poll(). libevent's loop does
	 * not, and a thread that never leaves it stalls libfrr's RCU
	 * sweeper for good: nothing deferred with rcu_free() or rcu_call()
	 * would ever run. This thread reads no RCU-protected data but
	 * through zlog, which takes its own read lock. */
	rcu_read_unlock();
	if (health_engine_run(H.engine) < 0)
		zlog_err("health engine: event loop failed");
	rcu_read_lock(); /* as libfrr's thread exit expects it */
	return NULL;
}

static int hc_thread_stop(struct frr_pthread *fpt, void **result)
{
	health_engine_stop(H.engine);
	pthread_join(fpt->thread, result);
	return 0;
}

static const struct frr_pthread_attr hc_thread_attr = {
	.start = hc_thread_start,
	.stop = hc_thread_stop,
};

void td_health_start(void)
{
	struct health_engine_opts o = {
		.on_transition = hc_on_transition,
		.on_log = hc_on_log,
	};
	char err[HEALTH_ERR_MAX];

	H.engine = health_engine_new(&o, err, sizeof(err));
	if (!H.engine) {
		zlog_err("health engine: %s", err);
		exit(1);
	}
	H.pth = frr_pthread_new(&hc_thread_attr, "translatord health checks",
				"td-health");
	if (frr_pthread_run(H.pth, NULL) < 0) {
		zlog_err("health engine: cannot start its thread: %s",
			 safe_strerror(errno));
		exit(1);
	}
	frr_pthread_wait_running(H.pth);
}

static void hc_free(struct td_hc *h)
{
	XFREE(MTYPE_TD_HEALTH, h->mappings);
}

struct health_engine *td_health_engine(void)
{
	return H.engine;
}

void td_health_stop(void)
{
	if (H.pth) {
		frr_pthread_stop(H.pth, NULL);
		frr_pthread_destroy(H.pth);
		H.pth = NULL;
	}
}

void td_health_fini(void)
{
	health_engine_free(H.engine);
	H.engine = NULL;
	THREAD_OFF(H.t_selftest_follow);
	for (size_t i = 0; i < H.n; i++)
		hc_free(&H.hc[i]);
	XFREE(MTYPE_TD_HEALTH, H.hc);
	H.n = 0;
	if (H.suppressed)
		route_table_finish(H.suppressed);
	H.suppressed = NULL;
}

/* ---- applying the configuration ---- */

/* Push (or withdraw) one check to the engine, keeping the FRR-side
 * state when the engine keeps it. old may be NULL. */
static void hc_sync(struct td_hc *n, const struct td_hc *old,
		    const struct health_check_config *cfg)
{
	char err[HEALTH_ERR_MAX];
	uint64_t now = health_mono_ms();
	bool restart;

	if (!H.engine && cfg) { /* not started: cannot happen after main() */
		snprintf(n->not_probed, sizeof(n->not_probed),
			 "disabled: the probe engine is not running");
		cfg = NULL;
	}
	if (old) {
		n->state = old->state;
		n->healthy = old->healthy;
		n->epoch_ms = old->epoch_ms;
		n->last_change_wall_ms = old->last_change_wall_ms;
		strlcpy(n->last_reason, old->last_reason,
			sizeof(n->last_reason));
	}
	if (!cfg) {
		/* Not probed: does not vote. */
		if (old && old->in_engine && H.engine)
			health_engine_remove_check(H.engine, old->name);
		if (!old || old->in_engine || old->state != HEALTH_STATE_DISABLED) {
			n->last_change_wall_ms = health_wall_ms();
			strlcpy(n->last_reason, n->not_probed,
				sizeof(n->last_reason));
		}
		n->in_engine = false;
		n->state = HEALTH_STATE_DISABLED;
		n->healthy = true;
		n->epoch_ms = now;
		return;
	}
	n->cfg = *cfg;
	restart = !old || !old->in_engine ||
		  !health_config_same_probe(&old->cfg, cfg);
	if (old && old->in_engine && !memcmp(&old->cfg, cfg, sizeof(*cfg))) {
		n->in_engine = true; /* unchanged */
		return;
	}
	if (health_engine_set_check(H.engine, cfg, err, sizeof(err)) < 0) {
		/* Validated at commit; only memory can fail here. */
		zlog_err("health check '%s' not started: %s", cfg->name, err);
		snprintf(n->not_probed, sizeof(n->not_probed), "%s", err);
		n->in_engine = false;
		n->state = HEALTH_STATE_DISABLED;
		n->healthy = true;
		n->epoch_ms = now;
		return;
	}
	n->in_engine = true;
	if (restart) {
		/* What the engine starts it as (a new or re-targeted check
		 * starts failed unless init-state up); older transitions in
		 * flight are for what it probed before. */
		n->state = cfg->disabled ? HEALTH_STATE_DISABLED
					 : HEALTH_STATE_INIT;
		n->healthy = cfg->disabled || cfg->init_up;
		n->epoch_ms = now;
		n->last_change_wall_ms = health_wall_ms();
		strlcpy(n->last_reason,
			old ? "reconfigured: probes something else"
			    : "configured",
			sizeof(n->last_reason));
	}
}

void td_health_apply(const struct td_conf *c)
{
	size_t n = c->configured ? c->n_checks + 1 : 0, k = 0;
	struct td_hc *hc = n ? XCALLOC(MTYPE_TD_HEALTH, n * sizeof(*hc)) : NULL;
	struct health_check_config st;

	for (size_t i = 0; c->configured && i < c->n_checks; i++) {
		const struct td_check_conf *cc = &c->checks[i];
		struct td_hc *h = &hc[k++];

		strlcpy(h->name, cc->name, sizeof(h->name));
		h->type = health_check_type_name(cc->type);
		h->scope_node = cc->scope_node;
		if (cc->n_mappings) {
			h->mappings = XCALLOC(MTYPE_TD_HEALTH,
					      cc->n_mappings * sizeof(*h->mappings));
			memcpy(h->mappings, cc->mappings,
			       cc->n_mappings * sizeof(*h->mappings));
			h->n_mappings = cc->n_mappings;
		}
		if (cc->incomplete)
			snprintf(h->not_probed, sizeof(h->not_probed),
				 "disabled: %s", cc->incomplete);
		hc_sync(h, find(cc->name), cc->incomplete ? NULL : &cc->hc);
	}

	/* The built-in data-plane self-test, a node check. */
	if (c->configured && c->self_test) {
		struct td_hc *h = &hc[k++];
		const struct td_hc *old = find(TD_SELFTEST_NAME);
		bool probe;

		strlcpy(h->name, TD_SELFTEST_NAME, sizeof(h->name));
		h->type = health_check_type_name(HEALTH_CHECK_DATAPLANE);
		h->scope_node = true;
		h->builtin = true;
		probe = td_selftest_config(c, H.selftest_resumed && old &&
						      !old->in_engine,
					   &st, h->not_probed,
					   sizeof(h->not_probed));
		if (td_dataplane_translating())
			H.selftest_resumed = false;
		hc_sync(h, old, probe ? &st : NULL);
	}

	/* Checks that are gone. */
	for (size_t i = 0; i < H.n; i++) {
		bool kept = false;

		for (size_t j = 0; j < k && !kept; j++)
			kept = !strcmp(hc[j].name, H.hc[i].name);
		if (!kept && H.hc[i].in_engine && H.engine)
			health_engine_remove_check(H.engine, H.hc[i].name);
		hc_free(&H.hc[i]);
	}
	XFREE(MTYPE_TD_HEALTH, H.hc);
	H.hc = hc;
	H.n = k;
	H.conf = c;
	suppressed_rebuild();
}

/* The self-test follows the drain: disabled while the data plane does
 * not translate, probing again when it does. Resynced from an event, not
 * from inside the verdict that changed it (the hook re-advertises). */
static void selftest_follow_ev(struct thread *t)
{
	if (!H.conf)
		return;
	td_health_apply(H.conf);
	hook_call(td_health_changed, true);
}

void td_health_selftest_follow(bool resumed)
{
	H.selftest_resumed = resumed;
	thread_add_event(master, selftest_follow_ev, NULL, 0,
			 &H.t_selftest_follow);
}

/* ---- views for show commands and operational state ---- */

size_t td_health_views(struct td_hc_view **out)
{
	struct health_check_status *snap = NULL;
	size_t ns = 0;
	struct td_hc_view *v;

	*out = NULL;
	if (!H.n)
		return 0;
	if (H.engine && health_engine_snapshot(H.engine, &snap, &ns) < 0)
		ns = 0;
	v = XCALLOC(MTYPE_TMP, H.n * sizeof(*v));
	for (size_t i = 0; i < H.n; i++) {
		const struct td_hc *h = &H.hc[i];
		struct td_hc_view *w = &v[i];
		bool found = false;

		strlcpy(w->name, h->name, sizeof(w->name));
		w->type = h->type;
		w->scope_node = h->scope_node;
		w->mappings = h->mappings;
		w->n_mappings = h->n_mappings;
		w->builtin = h->builtin;
		w->not_probed = h->in_engine ? NULL : h->not_probed;
		w->withdrawing = !h->healthy;
		for (size_t j = 0; h->in_engine && j < ns && !found; j++)
			if (!strcmp(snap[j].name, h->name)) {
				w->st = snap[j];
				found = true;
			}
		if (!found) {
			strlcpy(w->st.name, h->name, sizeof(w->st.name));
			w->st.state = h->state;
			w->st.healthy = h->healthy;
			w->st.last_change_wall_ms = h->last_change_wall_ms;
			strlcpy(w->st.last_change_reason, h->last_reason,
				sizeof(w->st.last_change_reason));
			if (h->in_engine)
				health_config_describe(&h->cfg, w->st.target,
							      sizeof(w->st.target));
		}
		w->healthy = h->in_engine && h->healthy &&
			     w->st.state != HEALTH_STATE_DISABLED;
	}
	free(snap);
	*out = v;
	return H.n;
}
