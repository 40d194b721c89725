/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The data plane, embedded: td_dataplane.h on top of translatord/dataplane
 * (dataplane.h, build/libxlatdp.a).
 *
 * The YANG data-plane container chooses the kind (bpf, the default, or
 * tun), the translator interface, the BPF inline interfaces, the worker
 * threads and the MTUs. The northbound creates the data plane in the
 * PREPARE phase (td_dataplane_prepare), so a commit whose data plane
 * cannot be created is rejected and changes nothing; every applied
 * configuration then reaches it through dp_update_config(), which is
 * atomic per packet.
 *
 * Privileges: translatord runs as the frr user with CAP_NET_ADMIN,
 * CAP_SYS_ADMIN (BPF program load and TC attach) and CAP_DAC_OVERRIDE
 * (/dev/net/tun) permitted but not effective; they are raised only around
 * dp_create() and dp_destroy(). The workers and the BPF programs keep
 * running afterwards on the file descriptors opened then. (The worker
 * threads are created inside the raised section and so inherit its
 * effective set; see DESIGN-NOTES.md.)
 *
 * dataplane.h wants one caller at a time; the FRR thread (northbound,
 * drain) and the /metrics thread (stats) share dp_lock.
 *
 * Drain: td_dataplane_set_translating(false) switches the data plane to
 * an empty configuration (no pool6, no EAM entry): every packet routed
 * into it is then untranslatable and dropped by the core (counted by
 * reason), and the BPF programs pass everything else through untouched.
 * true switches back to the running configuration.
 *
 * A translatord killed with SIGKILL leaves no userspace behind: the TUN
 * device goes with its file descriptors, and the BPF TC programs, whose
 * links are owned by the process, are detached by the kernel when the
 * last reference goes (see topology-labs/README.md on failover).
 */
#include <zebra.h>

#include <pthread.h>

#include "log.h"
#include "memory.h"
#include "privs.h"

#include "dataplane.h"

#include "td.h"
#include "td_dataplane.h"
#include "td_debug.h"

DEFINE_MTYPE_STATIC(TRANSLATORD, TD_DP, "Data plane");

struct td_dp_pending {
	struct dataplane *dp;
	struct td_dp_conf dc;
	/* dp joined the running data plane's interface (make before
	 * break): abort hands the interface back to it. */
	bool replacing;
};

static pthread_mutex_t dp_lock = PTHREAD_MUTEX_INITIALIZER;
static struct dataplane *cur;     /* under dp_lock */
static struct td_dp_conf cur_dc;
static bool translating = true;
static bool want_mapping; /* metrics per-mapping-counters */
/* `clear translator statistics`: the counts at that moment, which the
 * show commands subtract. Zero again with a new data plane, whose
 * counters start at zero. */
static struct xlat_counters cleared; /* under dp_lock */
static uint64_t map_gen = 1; /* under dp_lock: bumped with want_cfg */
/* The data plane refused want_cfg: it still has the previous table, whose
 * indices are not want_cfg's. */
static bool map_stale;
/* The configuration the data plane should have (the running one), or
 * NULL; while draining, the empty one is in force instead. */
static const struct xlat_config *want_cfg;
static struct xlat_config empty_cfg;
static bool empty_init;

static const struct xlat_config *effective(const struct xlat_config *cfg)
{
	if (!empty_init) {
		xlat_config_init(&empty_cfg);
		empty_init = true;
	}
	return translating && cfg ? cfg : &empty_cfg;
}

static void dc_to_opts(const struct td_dp_conf *dc, struct dp_options *o)
{
	dp_options_init(o);
	o->ifname = dc->ifname;
	o->if4 = dc->type == TD_DP_BPF && dc->if4[0] ? dc->if4 : NULL;
	o->if6 = dc->type == TD_DP_BPF && dc->if6[0] ? dc->if6 : NULL;
	o->threads = dc->threads;
	o->mtu4 = dc->mtu4;
	o->mtu6 = dc->mtu6;
	o->mapping_stats = want_mapping;
}

static bool dc_equal(const struct td_dp_conf *a, const struct td_dp_conf *b)
{
	return a->type == b->type && !strcmp(a->ifname, b->ifname) &&
	       !strcmp(a->if4, b->if4) && !strcmp(a->if6, b->if6) &&
	       a->threads == b->threads && a->mtu4 == b->mtu4 &&
	       a->mtu6 == b->mtu6;
}

/* Caller holds dp_lock. */
/* Caller holds dp_lock. old: NULL, or the running data plane whose
 * interface the new one joins. */
static struct dataplane *create(const struct td_dp_conf *dc,
				const struct xlat_config *cfg,
				struct dataplane *old, char *err, size_t errlen)
{
	enum dp_kind kind = dc->type == TD_DP_TUN ? DP_TUN : DP_BPF;
	struct dp_options o;
	struct dataplane *dp;

	dc_to_opts(dc, &o);
	frr_with_privs (&td_privs) {
		dp = old ? dp_create_replacing(kind, &o, effective(cfg), old,
					       err, errlen)
			 : dp_create(kind, &o, effective(cfg), err, errlen);
	}
	return dp;
}

static void destroy(struct dataplane *dp)
{
	if (!dp)
		return;
	frr_with_privs (&td_privs) {
		dp_destroy(dp);
	}
}

struct td_dp_pending *td_dataplane_prepare(const struct td_dp_conf *dc,
					   const struct xlat_config *cfg,
					   char *err, size_t errlen)
{
	struct td_dp_pending *p = XCALLOC(MTYPE_TD_DP, sizeof(*p));
	p->dc = *dc;
	pthread_mutex_lock(&dp_lock);
	/* Until apply_finish hands over the new configuration, the new data
	 * plane translates with the running one. On the running one's
	 * interface, it joins that interface instead of re-creating it: the
	 * ifindex, and so every route through it, stays (a new ifindex
	 * would withdraw everything for the hold-down). */
	(void)cfg;
	p->replacing = cur && !strcmp(cur_dc.ifname, dc->ifname);
	p->dp = create(dc, want_cfg, p->replacing ? cur : NULL, err, errlen);
	pthread_mutex_unlock(&dp_lock);
	if (!p->dp) {
		XFREE(MTYPE_TD_DP, p);
		return NULL;
	}
	zlog_info("data plane %s on %s created", dp_kind_name(dp_get_kind(p->dp)),
		  dc->ifname);
	DEBUGD(&td_dbg_dataplane, "data plane: %s on %s, %s the running one",
	       dp_kind_name(dp_get_kind(p->dp)), dc->ifname,
	       p->replacing ? "joining (make before break)" : "beside");
	return p;
}

void td_dataplane_commit(struct td_dp_pending *p)
{
	struct dataplane *old;

	pthread_mutex_lock(&dp_lock);
	old = cur;
	cur = p->dp;
	cur_dc = p->dc;
	memset(&cleared, 0, sizeof(cleared));
	pthread_mutex_unlock(&dp_lock);
	destroy(old);
	XFREE(MTYPE_TD_DP, p);
}

void td_dataplane_abort(struct td_dp_pending *p)
{
	char err[256];

	if (!p)
		return;
	pthread_mutex_lock(&dp_lock);
	destroy(p->dp);
	if (p->replacing && cur) {
		int r;
		frr_with_privs (&td_privs) {
			r = dp_reclaim(cur, err, sizeof(err));
		}
		if (r < 0)
			zlog_err("data plane: cannot hand %s back to the running data plane: %s",
				 cur_dc.ifname, err);
	}
	pthread_mutex_unlock(&dp_lock);
	XFREE(MTYPE_TD_DP, p);
}

bool td_dataplane_matches(const struct td_dp_conf *dc)
{
	return cur && dc_equal(&cur_dc, dc);
}

bool td_dataplane_pending_matches(const struct td_dp_pending *p,
				  const struct td_dp_conf *dc)
{
	return p && dc_equal(&p->dc, dc);
}

int td_dataplane_update(const struct xlat_config *cfg, char *err,
			size_t errlen)
{
	int rc = 0;

	pthread_mutex_lock(&dp_lock);
	want_cfg = cfg;
	map_gen++;
	/* With per-mapping counters on, the bpf data plane sizes new counter
	 * maps to the table: map creation needs the raised privileges. */
	if (cur) {
		frr_with_privs (&td_privs) {
			rc = dp_update_config(cur, effective(cfg), err, errlen);
		}
	}
	map_stale = rc < 0;
	pthread_mutex_unlock(&dp_lock);
	return rc;
}

bool td_dataplane_is(const char *ifname)
{
	return cur && strcmp(cur_dc.ifname, ifname) == 0;
}

void td_dataplane_close(void)
{
	struct dataplane *old;

	pthread_mutex_lock(&dp_lock);
	old = cur;
	cur = NULL;
	cur_dc.ifname[0] = '\0';
	want_cfg = NULL;
	map_gen++;
	destroy(old);
	pthread_mutex_unlock(&dp_lock);
}

const char *td_dataplane_ifname(void)
{
	return cur ? cur_dc.ifname : "";
}

const char *td_dataplane_backend(void)
{
	if (!cur)
		return "none";
	return cur_dc.type == TD_DP_TUN ? "tun" : "bpf";
}

void td_dataplane_stats(struct xlat_counters *out)
{
	pthread_mutex_lock(&dp_lock);
	if (!cur || dp_stats(cur, out) < 0)
		memset(out, 0, sizeof(*out));
	pthread_mutex_unlock(&dp_lock);
}

static uint64_t minus(uint64_t now, uint64_t then)
{
	return now >= then ? now - then : now;
}

void td_dataplane_stats_since_clear(struct xlat_counters *out)
{
	pthread_mutex_lock(&dp_lock);
	if (!cur || dp_stats(cur, out) < 0)
		memset(out, 0, sizeof(*out));
	out->pkts_4to6 = minus(out->pkts_4to6, cleared.pkts_4to6);
	out->bytes_4to6 = minus(out->bytes_4to6, cleared.bytes_4to6);
	out->pkts_6to4 = minus(out->pkts_6to4, cleared.pkts_6to4);
	out->bytes_6to4 = minus(out->bytes_6to4, cleared.bytes_6to4);
	out->icmp_errors_generated = minus(out->icmp_errors_generated,
					   cleared.icmp_errors_generated);
	out->icmp_errors_rate_limited = minus(out->icmp_errors_rate_limited,
					      cleared.icmp_errors_rate_limited);
	out->fragments_generated = minus(out->fragments_generated,
					 cleared.fragments_generated);
	out->hairpinned = minus(out->hairpinned, cleared.hairpinned);
	for (unsigned r = 0; r < XLAT_DROP__COUNT; r++)
		out->drops[r] = minus(out->drops[r], cleared.drops[r]);
	pthread_mutex_unlock(&dp_lock);
}

void td_dataplane_clear_stats(void)
{
	pthread_mutex_lock(&dp_lock);
	if (!cur || dp_stats(cur, &cleared) < 0)
		memset(&cleared, 0, sizeof(cleared));
	pthread_mutex_unlock(&dp_lock);
}

void td_dataplane_set_mapping_stats(bool on)
{
	char err[256];

	pthread_mutex_lock(&dp_lock);
	want_mapping = on;
	/* bpf: the counter maps are created here (CAP_BPF / CAP_SYS_ADMIN). */
	if (cur) {
		int rc;

		frr_with_privs (&td_privs) {
			rc = dp_set_mapping_stats(cur, on, err, sizeof(err));
		}
		if (rc < 0)
			zlog_err("data plane: per-mapping counters %s: %s",
				 on ? "on" : "off", err);
	}
	pthread_mutex_unlock(&dp_lock);
}

uint64_t td_dataplane_mapping_generation(void)
{
	uint64_t g;

	pthread_mutex_lock(&dp_lock);
	g = map_gen;
	pthread_mutex_unlock(&dp_lock);
	return g;
}

bool td_dataplane_mapping_stats_supported(void)
{
	bool on;

	pthread_mutex_lock(&dp_lock);
	on = cur && dp_mapping_stats_enabled(cur);
	pthread_mutex_unlock(&dp_lock);
	return on;
}

size_t td_dataplane_mapping_snapshot(uint64_t gen,
				     struct xlat_mapping_counters *out,
				     size_t n)
{
	size_t got = 0;

	pthread_mutex_lock(&dp_lock);
	/* While drained the data plane has the empty configuration: its
	 * indices are not those of the running table. */
	if (cur && gen == map_gen && !map_stale && translating && want_cfg)
		got = dp_mapping_stats_all(cur, out,
					   n);
	pthread_mutex_unlock(&dp_lock);
	return got;
}

bool td_dataplane_mapping_stats(uint64_t gen, size_t eam_index,
				struct xlat_mapping_counters *out)
{
	bool ok = false;

	memset(out, 0, sizeof(*out));
	pthread_mutex_lock(&dp_lock);
	if (cur && gen == map_gen && !map_stale && translating && want_cfg)
		ok = dp_mapping_stats(cur, eam_index,
				      out);
	pthread_mutex_unlock(&dp_lock);
	return ok;
}

bool td_dataplane_translates(void)
{
	return cur != NULL;
}

void td_dataplane_set_translating(bool on)
{
	char err[256];

	pthread_mutex_lock(&dp_lock);
	if (on != translating) {
		int rc = 0;

		translating = on;
		if (cur) {
			frr_with_privs (&td_privs) {
				rc = dp_update_config(cur, effective(want_cfg),
						      err, sizeof(err));
			}
		}
		if (rc < 0)
			zlog_err("data plane: %s translation: %s",
				 on ? "resuming" : "stopping", err);
		else
			zlog_notice("data plane: translation %s",
				    on ? "resumed" : "stopped (drained)");
	}
	pthread_mutex_unlock(&dp_lock);
}

bool td_dataplane_translating(void)
{
	return translating;
}
