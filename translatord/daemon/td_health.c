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
#include <sys/syscall.h>

#include "frr_pthread.h"
#include "log.h"
#include "memory.h"
#include "monotime.h"
#include "table.h"
#include "thread.h"

#include "eamt.h"
#include "inet_csum.h"
#include "xlat.h"

#include "td.h"
#include "td_dataplane.h"
#include "td_debug.h"
#include "td_health.h"
#include "td_keep.h"
#include "td_metrics.h"
#include "td_running.h"

DEFINE_MTYPE_STATIC(TRANSLATORD, TD_HEALTH, "Health check state");
DEFINE_MTYPE_STATIC(TRANSLATORD, TD_HEALTH_EV, "Health transition");

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
} H;

static struct {
	bool verdict_ok;        /* last verdict */
	bool withdrawn;         /* routes withdrawn by a bad verdict */
	int64_t since_ms;       /* when */
	char why[160];
	uint32_t armed_s;       /* drain-time the timer was armed with */
	struct thread *t_drain;
} drain = {.verdict_ok = true};

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
		td_running_advertise();
	} else {
		td_metrics_publish();
	}
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

/*
 * CAP_NET_RAW, effective in this thread only (capabilities are per
 * thread; capset(2) with pid 0 changes the caller's): raw ICMP sockets
 * when ping_group_range excludes the frr group, and the self-test's raw
 * and packet sockets. The FRR thread keeps an empty effective set, and
 * script checks exec as the frr user, which clears every capability.
 */
static void raise_net_raw(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];
	const uint32_t bit = 1u << (CAP_NET_RAW % 32);

	memset(d, 0, sizeof(d));
	if (syscall(SYS_capget, &hdr, d) != 0)
		return;
	if (!(d[CAP_NET_RAW / 32].permitted & bit)) {
		zlog_warn("health checks: CAP_NET_RAW not permitted; icmp checks need net.ipv4.ping_group_range to include the daemon's group, and the data-plane self-test cannot run");
		return;
	}
	d[CAP_NET_RAW / 32].effective |= bit;
	if (syscall(SYS_capset, &hdr, d) != 0)
		zlog_warn("health checks: cannot raise CAP_NET_RAW: %s",
			  safe_strerror(errno));
}

static void *hc_thread_start(void *arg)
{
	struct frr_pthread *fpt = arg;

	frr_pthread_set_name(fpt);
	raise_net_raw();
	frr_pthread_notify_running(fpt);
	if (health_engine_run(H.engine) < 0)
		zlog_err("health engine: event loop failed");
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
	td_metrics_start(H.engine);
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

void td_health_stop(void)
{
	if (H.pth) {
		frr_pthread_stop(H.pth, NULL);
		frr_pthread_destroy(H.pth);
		H.pth = NULL;
	}
	td_metrics_stop();
	health_engine_free(H.engine);
	H.engine = NULL;
	THREAD_OFF(drain.t_drain);
	for (size_t i = 0; i < H.n; i++)
		hc_free(&H.hc[i]);
	XFREE(MTYPE_TD_HEALTH, H.hc);
	H.n = 0;
	if (H.suppressed)
		route_table_finish(H.suppressed);
	H.suppressed = NULL;
}

/* ---- the data-plane self-test's probe ---- */

static void ip4_set(uint8_t *a, uint32_t host)
{
	a[0] = host >> 24;
	a[1] = host >> 16;
	a[2] = host >> 8;
	a[3] = host;
}

/*
 * Pick the probe's addresses and what the data plane must turn them
 * into: the translation core's answer for the running configuration.
 * Destinations: 192.0.2.1 (TEST-NET-1, through pool6 unless an EAM
 * covers it), then the first EAM entry (only in an EAM-only
 * configuration); sources: own-address, 192.0.0.8 (RFC 7600, the IPv4
 * dummy address), then the first EAM entry (with ipv4-source-filter
 * off). The first pair the core
 * translates wins. Preferring pool6 keeps the pair independent of the
 * mapping table where the configuration allows; where it does not, a
 * changed pair still keeps the check's state (health_config_same_probe).
 */
static bool selftest_probe(const struct td_conf *c,
			   struct health_check_config *h, char *why,
			   size_t len)
{
	static uint8_t out[4096];
	uint8_t src[3][4], dst[2][4], pkt[36];
	unsigned ns = 0, nd = 0;
	struct eamt_entry e;
	struct xlat_counters ctr;
	struct xlat_result res;
	enum xlat_drop_reason last = XLAT_DROP_NONE;
	bool has_eam = eamt_get(c->eamt, 0, &e);

	ip4_set(dst[nd++], 0xc0000201); /* 192.0.2.1 */
	if (has_eam)
		memcpy(dst[nd++], e.v4, 4);
	if (c->xlat.has_own_v4)
		memcpy(src[ns++], c->xlat.own_v4, 4);
	ip4_set(src[ns++], 0xc0000008); /* 192.0.0.8 */
	/* A mapped source from the IPv4 side is dropped as a spoof unless
	 * ipv4-source-filter is off. */
	if (has_eam && c->xlat.accept_mapped_src4)
		memcpy(src[ns++], e.v4, 4);

	for (unsigned j = 0; j < nd; j++)
		for (unsigned i = 0; i < ns; i++) {
			const uint8_t *o;

			if (!memcmp(src[i], dst[j], 4))
				continue;
			/* The echo request check_dataplane.c sends (the core
			 * only looks at addresses for the answer we need). */
			memset(pkt, 0, sizeof(pkt));
			pkt[0] = 0x45;
			pkt[3] = sizeof(pkt);
			pkt[6] = 0x40;
			pkt[8] = 2;
			pkt[9] = IPPROTO_ICMP;
			memcpy(pkt + 12, src[i], 4);
			memcpy(pkt + 16, dst[j], 4);
			pkt[20] = 8;
			ip4_hdr_set_csum(pkt, 20);
			inet_csum_set(pkt + 20, sizeof(pkt) - 20, pkt + 22);
			memset(&ctr, 0, sizeof(ctr));
			if (xlat_4to6(&c->xlat, &ctr, pkt, sizeof(pkt), 0, 0,
				      out, sizeof(out), &res) != XLAT_TRANSLATED ||
			    res.n != 1 || res.pkts[0].family != 6) {
				last = res.reason;
				continue;
			}
			o = out + res.pkts[0].offset;
			inet_ntop(AF_INET, src[i], h->source, sizeof(h->source));
			inet_ntop(AF_INET, dst[j], h->target, sizeof(h->target));
			inet_ntop(AF_INET6, o + 8, h->expect_source,
				  sizeof(h->expect_source));
			inet_ntop(AF_INET6, o + 24, h->expect_target,
				  sizeof(h->expect_target));
			return true;
		}
	snprintf(why, len,
		 "disabled: no probe address pair translates with this configuration (%s)",
		 last ? xlat_drop_reason_name(last) : "no pool6 and no EAM entry");
	return false;
}

/* Test hook: run the self-test even through a backend that says it does
 * not translate (none does today: td_dataplane.c translates whenever a data
 * plane exists), where it must fail and withdraw everything. Never set
 * in production. */
static bool selftest_forced(void)
{
	const char *v = getenv("TRANSLATORD_SELFTEST_FORCE");

	return v && !strcmp(v, "1");
}

/* ---- applying the configuration ---- */

static const char *td_type_name(const struct td_check_conf *cc)
{
	return td_check_type_name(cc->type);
}

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

static bool selftest_resumed; /* set when a drain ends */

void td_health_apply(const struct td_conf *c)
{
	size_t n = c->configured ? c->n_checks + 1 : 0, k = 0;
	struct td_hc *hc = n ? XCALLOC(MTYPE_TD_HEALTH, n * sizeof(*hc)) : NULL;
	struct health_check_config st;

	for (size_t i = 0; c->configured && i < c->n_checks; i++) {
		const struct td_check_conf *cc = &c->checks[i];
		struct td_hc *h = &hc[k++];

		strlcpy(h->name, cc->name, sizeof(h->name));
		h->type = td_type_name(cc);
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
		bool probe = false;

		strlcpy(h->name, TD_SELFTEST_NAME, sizeof(h->name));
		h->type = health_check_type_name(HEALTH_CHECK_DATAPLANE);
		h->scope_node = true;
		h->builtin = true;
		health_check_config_init(&st, HEALTH_CHECK_DATAPLANE);
		strlcpy(st.name, TD_SELFTEST_NAME, sizeof(st.name));
		strlcpy(st.interface, td_dataplane_ifname(),
			sizeof(st.interface));
		if (!td_dataplane_translates() && !selftest_forced())
			snprintf(h->not_probed, sizeof(h->not_probed),
				 "disabled: no data plane (the %s backend does not translate packets)",
				 td_dataplane_backend());
		else if (!st.interface[0])
			snprintf(h->not_probed, sizeof(h->not_probed),
				 "disabled: no data-plane interface yet");
		else if (!td_dataplane_translating())
			/* Drained: nothing translates on purpose. Probing
			 * would fail and keep the node withdrawn for good. */
			snprintf(h->not_probed, sizeof(h->not_probed),
				 "disabled: the data plane is not translating (drained)");
		else {
			probe = selftest_probe(c, &st, h->not_probed,
					       sizeof(h->not_probed));
			/* Back from a drain: it was working when the drain
			 * stopped it, so it restarts up (a real failure
			 * still takes it down after fall probes). */
			if (probe && old && !old->in_engine && selftest_resumed)
				st.init_up = true;
			selftest_resumed = false;
		}
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
	suppressed_rebuild();
}

/* ---- the node verdict and drain ---- */

/* The self-test follows the drain: disabled while the data plane does
 * not translate, probing again when it does. Resynced from an event, not
 * from inside the verdict (td_health_apply() advertises). */
static struct thread *t_selftest_resync;

static void selftest_resync(struct thread *t)
{
	td_health_apply(&td_conf);
	td_running_advertise();
}

static void selftest_resync_soon(bool resumed)
{
	selftest_resumed = resumed;
	thread_add_event(master, selftest_resync, NULL, 0, &t_selftest_resync);
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
	selftest_resync_soon(false);
	zlog_notice("drain: %u s since every route was withdrawn (%s): the data plane stops translating",
		    drain.armed_s, drain.why);
	td_metrics_publish();
}

static void drain_arm(void)
{
	int64_t left = (int64_t)td_conf.drain_time_s * 1000 -
		       ((int64_t)health_mono_ms() - drain.since_ms);

	THREAD_OFF(drain.t_drain);
	drain.armed_s = td_conf.drain_time_s;
	if (!td_dataplane_translating())
		return; /* over already */
	thread_add_timer_msec(master, drain_expired, NULL, left > 0 ? left : 0,
			      &drain.t_drain);
}

void td_health_node_verdict(bool node_ok, const char *why)
{
	if (!td_conf.configured) {
		/* Nothing to drain: the data plane goes with the
		 * configuration. */
		THREAD_OFF(drain.t_drain);
		td_keep_stop();
		drain.withdrawn = false;
		drain.verdict_ok = true;
		td_dataplane_set_translating(true);
		return;
	}
	if (!node_ok) {
		if (!drain.withdrawn) {
			drain.withdrawn = true;
			drain.since_ms = health_mono_ms();
			strlcpy(drain.why, why, sizeof(drain.why));
			/* Before the withdrawal that follows: traffic still
			 * on its way here keeps its route into the data
			 * plane (td_keep.c). */
			if (td_conf.drain_time_s && td_dataplane_translating() &&
			    !strstr(why, TD_SELFTEST_NAME))
				td_keep_start(td_conf.adv.distance);
			zlog_notice("node not healthy (%s): every route withdrawn, pool6 included; the data plane keeps translating for %u s (drain-time)",
				    why, td_conf.drain_time_s);
			drain_arm();
		} else {
			if (strcmp(drain.why, why)) {
				zlog_info("node still not healthy, now because %s",
					  why);
				strlcpy(drain.why, why, sizeof(drain.why));
			}
			if (drain.armed_s != td_conf.drain_time_s)
				drain_arm();
		}
	} else if (drain.withdrawn) {
		drain.withdrawn = false;
		THREAD_OFF(drain.t_drain);
		/* Our announcements (distance one better) take over as they
		 * come back, after the hold-down at most. */
		td_keep_stop_after(td_conf.adv.holddown_ms + 1000);
		if (!td_dataplane_translating()) {
			zlog_notice("drain over: the data plane translates again");
			td_dataplane_set_translating(true);
			selftest_resync_soon(true);
		}
		zlog_notice("node healthy again (was: %s): announcing every route (after the %u ms hold-down)",
			    drain.why, td_conf.adv.holddown_ms);
	}
	drain.verdict_ok = node_ok;
}

void td_health_node(struct td_node_health *out)
{
	memset(out, 0, sizeof(*out));
	/* The same verdict as td_running_advertise(), with the culprit as
	 * it is now (a check may have gone from init to down meanwhile). */
	if (!td_conf.configured)
		strlcpy(out->why, "not configured", sizeof(out->why));
	else if (td_conf.shutdown)
		strlcpy(out->why, "translator shutdown", sizeof(out->why));
	else
		td_health_node_checks_ok(out->why, sizeof(out->why));
	out->healthy = !out->why[0];
	out->withdrawn = drain.withdrawn;
	out->translating = td_dataplane_translating();
	if (drain.withdrawn && out->translating) {
		int64_t left = (int64_t)td_conf.drain_time_s * 1000 -
			       ((int64_t)health_mono_ms() - drain.since_ms);

		out->drain_left_s = left > 0 ? (uint32_t)((left + 999) / 1000) : 0;
	}
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
