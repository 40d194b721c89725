/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Prometheus endpoint: see td_metrics.h for the threads.
 *
 * Names follow the Prometheus conventions: the translatord_ prefix,
 * _total for counters, base units (bytes), labels for dimensions
 * (direction, reason, check, family), and an enum as one 0/1 series per
 * value (translatord_health_check_state{state=...}).
 */
#include <zebra.h>

#include <pthread.h>

#include "log.h"
#include "memory.h"
#include "prefix.h"

#include "eamt.h"
#include "xlat.h"

#include "health.h"
#include "metrics_http.h"
#include "prom.h"

#include "td.h"
#include "td_adv.h"
#include "td_dataplane.h"
#include "td_health.h"
#include "td_verdict.h"
#include "td_metrics.h"
#include "td_zebra.h"

DEFINE_MTYPE_STATIC(TRANSLATORD, TD_METRICS, "Metrics state");

#include "td_build_version.h"
#ifndef TD_VERSION
#define TD_VERSION "unknown"
#endif

/* ---- what the FRR thread publishes ---- */

struct pub_check {
	char name[HEALTH_NAME_MAX];
	char type[16];
	bool scope_node;
	uint32_t n_mappings;
	bool probed;
	bool healthy;               /* probed, not disabled, healthy */
	bool withdrawing;           /* the routing vote */
	enum health_state state;    /* when not probed */
};

struct pub {
	bool configured, node_healthy, shutdown, withdrawn, translating;
	uint64_t eam_count;
	bool per_mapping;
	struct pub_check *checks;
	size_t n_checks;
	char (*maps)[PREFIX_STRLEN]; /* per-mapping counters only */
	size_t n_maps;
	uint64_t map_gen; /* td_dataplane_mapping_generation() of maps */
};

static pthread_mutex_t pub_lock = PTHREAD_MUTEX_INITIALIZER;
static struct pub pub;

static void pub_free(struct pub *p)
{
	XFREE(MTYPE_TD_METRICS, p->checks);
	XFREE(MTYPE_TD_METRICS, p->maps);
	memset(p, 0, sizeof(*p));
}

void td_metrics_publish(void)
{
	struct pub n = {0}, old;
	struct td_node_health nh;
	struct td_hc_view *v;
	struct eamt_entry e;
	struct prefix_ipv4 p4 = {.family = AF_INET};
	size_t nv = td_health_views(&v);

	td_verdict_view(&nh);
	n.configured = td_conf.configured;
	n.node_healthy = nh.healthy;
	n.shutdown = td_conf.shutdown;
	n.withdrawn = nh.withdrawn;
	n.translating = nh.translating;
	n.eam_count = eamt_count(td_conf.eamt);
	n.per_mapping = td_conf.metrics.per_mapping;
	n.map_gen = td_dataplane_mapping_generation();
	if (nv) {
		n.checks = XCALLOC(MTYPE_TD_METRICS, nv * sizeof(*n.checks));
		n.n_checks = nv;
	}
	for (size_t i = 0; i < nv; i++) {
		struct pub_check *c = &n.checks[i];

		strlcpy(c->name, v[i].name, sizeof(c->name));
		strlcpy(c->type, v[i].type, sizeof(c->type));
		c->scope_node = v[i].scope_node;
		c->n_mappings = v[i].n_mappings;
		c->probed = !v[i].not_probed;
		c->healthy = v[i].healthy;
		c->withdrawing = v[i].withdrawing;
		c->state = v[i].st.state;
	}
	XFREE(MTYPE_TMP, v);
	if (n.per_mapping && n.eam_count) {
		n.maps = XCALLOC(MTYPE_TD_METRICS, n.eam_count * sizeof(*n.maps));
		for (size_t i = 0; eamt_get(td_conf.eamt, i, &e); i++) {
			p4.prefixlen = e.v4len;
			memcpy(&p4.prefix, e.v4, 4);
			prefix2str(&p4, n.maps[i], sizeof(n.maps[i]));
			n.n_maps++;
		}
	}
	pthread_mutex_lock(&pub_lock);
	old = pub;
	pub = n;
	pthread_mutex_unlock(&pub_lock);
	pub_free(&old);
}

/* ---- rendering, in the engine thread ---- */

static struct health_engine *engine;

static void family(struct prom_buf *b, const char *name, const char *type,
		   const char *help)
{
	prom_family(b, name, type, help);
}

static void one(struct prom_buf *b, const char *name, const char *type,
		const char *help, uint64_t v)
{
	prom_family(b, name, type, help);
	prom_sample_u64(b, name, NULL, 0, v);
}

static void by_direction(struct prom_buf *b, const char *name,
			 const char *help, uint64_t v46, uint64_t v64)
{
	const struct prom_label l46[] = {{"direction", "4to6"}};
	const struct prom_label l64[] = {{"direction", "6to4"}};

	family(b, name, "counter", help);
	prom_sample_u64(b, name, l46, 1, v46);
	prom_sample_u64(b, name, l64, 1, v64);
}

static void render_dataplane(struct prom_buf *b)
{
	struct xlat_counters c;
	struct prom_label l[1];

	td_dataplane_stats(&c);
	by_direction(b, "translatord_packets_total",
		     "Packets translated, by direction (counted on input).",
		     c.pkts_4to6, c.pkts_6to4);
	by_direction(b, "translatord_bytes_total",
		     "Bytes of the packets translated, by direction.",
		     c.bytes_4to6, c.bytes_6to4);
	family(b, "translatord_drops_total", "counter",
	       "Packets not translated, by the core's drop reason.");
	for (int r = 1; r < XLAT_DROP__COUNT; r++) {
		l[0] = (struct prom_label){"reason", xlat_drop_reason_name(r)};
		prom_sample_u64(b, "translatord_drops_total", l, 1, c.drops[r]);
	}
	one(b, "translatord_icmp_errors_generated_total", "counter",
	    "ICMP errors the translator generated itself.",
	    c.icmp_errors_generated);
	one(b, "translatord_icmp_errors_rate_limited_total", "counter",
	    "ICMP errors the translator did not send: over icmp-errors rate-limit.",
	    c.icmp_errors_rate_limited);
	one(b, "translatord_fragments_generated_total", "counter",
	    "Fragments the translator cut.", c.fragments_generated);
	one(b, "translatord_hairpinned_total", "counter",
	    "Packets hairpinned (RFC 7757 section 4).", c.hairpinned);
}

/* Caller holds pub_lock. */
static void render_health(struct prom_buf *b)
{
	struct health_check_status *snap = NULL, *s;
	size_t ns = 0;
	struct prom_label l[3];
	static const struct {
		const char *name, *help;
		size_t off;
	} ctrs[] = {
#define C(f, n, h) {n, h, offsetof(struct health_counters, f)}
		C(probes, "translatord_health_check_probes_total",
		  "Probes run by the check."),
		C(successes, "translatord_health_check_successes_total",
		  "Successful probes."),
		C(failures, "translatord_health_check_failures_total",
		  "Failed probes, timeouts included."),
		C(timeouts, "translatord_health_check_timeouts_total",
		  "Probes that hit the check's timeout."),
		C(transitions, "translatord_health_check_transitions_total",
		  "State changes of the check."),
#undef C
	};

	if (engine)
		(void)health_engine_snapshot(engine, &snap, &ns);

	family(b, "translatord_health_check_up", "gauge",
	       "1 while the check is probed and healthy (0: down, not up yet, or disabled; see translatord_health_check_state).");
	for (size_t i = 0; i < pub.n_checks; i++) {
		const struct pub_check *c = &pub.checks[i];

		l[0] = (struct prom_label){"check", c->name};
		l[1] = (struct prom_label){"type", c->type};
		l[2] = (struct prom_label){"scope",
					   c->scope_node ? "node" : "mapping"};
		prom_sample_u64(b, "translatord_health_check_up", l, 3,
				c->healthy);
	}
	family(b, "translatord_health_check_withdrawing", "gauge",
	       "1 while the check withdraws the routes it controls (scope node: every route, pool6 included).");
	for (size_t i = 0; i < pub.n_checks; i++) {
		l[0] = (struct prom_label){"check", pub.checks[i].name};
		prom_sample_u64(b, "translatord_health_check_withdrawing", l,
				1, pub.checks[i].withdrawing);
	}
	family(b, "translatord_health_check_state", "gauge",
	       "The check's state machine: 1 for the current state.");
	for (size_t i = 0; i < pub.n_checks; i++) {
		const struct pub_check *c = &pub.checks[i];
		enum health_state st = c->state;

		for (size_t j = 0; c->probed && j < ns; j++)
			if (!strcmp(snap[j].name, c->name))
				st = snap[j].state;
		for (int k = 0; k < HEALTH_STATE_COUNT; k++) {
			l[0] = (struct prom_label){"check", c->name};
			l[1] = (struct prom_label){"state",
						   health_state_name(k)};
			prom_sample_u64(b, "translatord_health_check_state", l,
					2, st == (enum health_state)k);
		}
	}
	family(b, "translatord_health_check_mappings", "gauge",
	       "EAM entries a mapping-scope check controls (0 for node scope: it controls every route).");
	for (size_t i = 0; i < pub.n_checks; i++) {
		l[0] = (struct prom_label){"check", pub.checks[i].name};
		prom_sample_u64(b, "translatord_health_check_mappings", l, 1,
				pub.checks[i].n_mappings);
	}
	for (size_t k = 0; k < array_size(ctrs); k++) {
		family(b, ctrs[k].name, "counter", ctrs[k].help);
		for (size_t i = 0; i < pub.n_checks; i++) {
			uint64_t val = 0;

			for (size_t j = 0; j < ns; j++) {
				s = &snap[j];
				if (pub.checks[i].probed &&
				    !strcmp(s->name, pub.checks[i].name))
					memcpy(&val,
					       (const char *)&s->counters +
						       ctrs[k].off,
					       sizeof(val));
			}
			l[0] = (struct prom_label){"check",
						   pub.checks[i].name};
			prom_sample_u64(b, ctrs[k].name, l, 1, val);
		}
	}
	free(snap);
}

/* Caller holds pub_lock. */
static void render_mappings(struct prom_buf *b)
{
	struct xlat_mapping_counters *m;
	struct prom_label l[2];
	size_t n;
	static const char *const dirs[2] = {"4to6", "6to4"};

	if (!pub.per_mapping)
		return;
	/* Configured, but the data plane does not count per EAM entry:
	 * say so rather than publish zeros. */
	family(b, "translatord_mapping_counters_supported", "gauge",
	       "1 when the data plane counts per EAM entry (metrics per-mapping-counters); 0: not supported, no per-mapping samples.");
	prom_sample_u64(b, "translatord_mapping_counters_supported", NULL, 0,
			td_dataplane_mapping_stats_supported());
	if (!td_dataplane_mapping_stats_supported())
		return;
	/* One read of every entry; the generation makes sure the indices
	 * are those of pub.maps (not of a table swapped in meanwhile). */
	m = XCALLOC(MTYPE_TD_METRICS, (pub.n_maps ? pub.n_maps : 1) * sizeof(*m));
	n = td_dataplane_mapping_snapshot(pub.map_gen, m, pub.n_maps);
	family(b, "translatord_mapping_packets_total", "counter",
	       "Packets translated per EAM entry (metrics per-mapping-counters): 4to6 credits the entry of the IPv4 destination, 6to4 the entry of the IPv6 source; dropped packets and the translator's own ICMP errors are not counted. Kept across configuration changes for an unchanged mapping; from zero when a mapping is (re)added, when the counters are turned on, and after a drain (no samples while drained).");
	for (size_t i = 0; i < n; i++) {
		for (int d = 0; d < 2; d++) {
			l[0] = (struct prom_label){"mapping", pub.maps[i]};
			l[1] = (struct prom_label){"direction", dirs[d]};
			prom_sample_u64(b, "translatord_mapping_packets_total",
					l, 2, d ? m[i].pkts_6to4 : m[i].pkts_4to6);
		}
	}
	family(b, "translatord_mapping_bytes_total", "counter",
	       "Bytes translated per EAM entry (metrics per-mapping-counters): the packets' length as they reached the translator (IP header included, before translation), as translatord_bytes_total; same crediting and resets as translatord_mapping_packets_total.");
	for (size_t i = 0; i < n; i++) {
		for (int d = 0; d < 2; d++) {
			l[0] = (struct prom_label){"mapping", pub.maps[i]};
			l[1] = (struct prom_label){"direction", dirs[d]};
			prom_sample_u64(b, "translatord_mapping_bytes_total", l,
					2, d ? m[i].bytes_6to4 : m[i].bytes_4to6);
		}
	}
	XFREE(MTYPE_TD_METRICS, m);
}

static struct metrics_server *server;

/* The endpoint's own limits at work (metrics_http.c). Engine thread. */
static void render_endpoint(struct prom_buf *b)
{
	struct metrics_server_stats st;
	struct prom_label l[1];

	if (!server)
		return;
	metrics_server_stats(server, &st);
	one(b, "translatord_metrics_connections_open", "gauge",
	    "Connections to this endpoint open now.", st.open);
	family(b, "translatord_metrics_connections_refused_total", "counter",
	       "Connections closed without a scrape: over max-connections "
	       "(limit), a bad or oversized request or a method other than GET "
	       "and HEAD (request), or too slow (timeout).");
	l[0] = (struct prom_label){"reason", "limit"};
	prom_sample_u64(b, "translatord_metrics_connections_refused_total", l, 1,
			st.refused_limit);
	l[0] = (struct prom_label){"reason", "request"};
	prom_sample_u64(b, "translatord_metrics_connections_refused_total", l, 1,
			st.refused_bad);
	l[0] = (struct prom_label){"reason", "timeout"};
	prom_sample_u64(b, "translatord_metrics_connections_refused_total", l, 1,
			st.timeouts);
	one(b, "translatord_metrics_accept_errors_total", "counter",
	    "accept() failures on the endpoint (out of descriptors).",
	    st.accept_errors);
}

static void render(void *arg, struct prom_buf *b)
{
	const struct prom_label bi[] = {{"version", TD_VERSION},
					{"frr_version", TD_FRR_PKG_VERSION}};
	const struct prom_label f4[] = {{"family", "ipv4"}};
	const struct prom_label f6[] = {{"family", "ipv6"}};

	family(b, "translatord_build_info", "gauge",
	       "Always 1; the labels say what runs.");
	prom_sample_u64(b, "translatord_build_info", bi, 2, 1);

	render_dataplane(b);

	family(b, "translatord_advertised_routes", "gauge",
	       "Prefixes announced to zebra (EAM IPv4 prefixes; pool6).");
	prom_sample_u64(b, "translatord_advertised_routes", f4, 1,
			td_adv_announced_count(AF_INET));
	prom_sample_u64(b, "translatord_advertised_routes", f6, 1,
			td_adv_announced_count(AF_INET6));
	one(b, "translatord_zebra_session_up", "gauge",
	    "1 while the session with zebra is up.", td_zebra_session_up());

	pthread_mutex_lock(&pub_lock);
	one(b, "translatord_configured", "gauge",
	    "1 when the translator is configured.", pub.configured);
	one(b, "translatord_mappings", "gauge", "EAM entries configured.",
	    pub.eam_count);
	one(b, "translatord_node_healthy", "gauge",
	    "1 when the node may announce its routes: configured, not shut down, every node-scope check healthy.",
	    pub.node_healthy);
	one(b, "translatord_shutdown", "gauge",
	    "1 while `shutdown` (drain) is configured.", pub.shutdown);
	one(b, "translatord_routes_withdrawn", "gauge",
	    "1 while every route is withdrawn by shutdown or a node check (drain).",
	    pub.withdrawn);
	one(b, "translatord_translating", "gauge",
	    "1 while the data plane translates (0 once drain-time has passed after a withdrawal).",
	    pub.translating);
	render_health(b);
	render_mappings(b);
	pthread_mutex_unlock(&pub_lock);
	render_endpoint(b);
}

/* ---- the endpoint's life, in the engine thread ---- */

struct mreq {
	bool on;
	char addr[INET6_ADDRSTRLEN];
	uint16_t port;
	unsigned max_conns;
};

/* server (above): engine thread only (or the FRR thread once that
 * thread is gone). */
static struct mreq cur;
static bool stopping;

static pthread_mutex_t status_lock = PTHREAD_MUTEX_INITIALIZER;
static char status[256] = "not configured";

/* FRR thread: the last request, so unchanged commits queue nothing. */
static struct mreq last_req;
static bool last_req_valid;

static void set_status(const char *s)
{
	pthread_mutex_lock(&status_lock);
	strlcpy(status, s, sizeof(status));
	pthread_mutex_unlock(&status_lock);
}

void td_metrics_endpoint(char *buf, size_t len)
{
	pthread_mutex_lock(&status_lock);
	strlcpy(buf, status, len);
	pthread_mutex_unlock(&status_lock);
}

static void metrics_apply(struct event_base *base, void *arg)
{
	struct mreq *r = arg;
	char err[256], where[INET6_ADDRSTRLEN + 16];
	bool v6;

	if (stopping) {
		XFREE(MTYPE_TD_METRICS, r);
		return;
	}
	if (server && r->on && !memcmp(&cur, r, sizeof(cur))) {
		XFREE(MTYPE_TD_METRICS, r);
		return;
	}
	if (server) {
		metrics_server_free(server);
		server = NULL;
	}
	cur = *r;
	XFREE(MTYPE_TD_METRICS, r);
	if (!cur.on) {
		set_status("not configured");
		return;
	}
	server = metrics_server_new(base, cur.addr, cur.port, cur.max_conns,
				    render, NULL,
				    err, sizeof(err));
	if (!server) {
		zlog_err("%s", err);
		set_status(err);
		return;
	}
	v6 = strchr(cur.addr, ':') != NULL;
	snprintf(where, sizeof(where), "%s%s%s:%u", v6 ? "[" : "", cur.addr,
		 v6 ? "]" : "", metrics_server_port(server));
	zlog_notice("metrics: serving http://%s/metrics", where);
	set_status(where);
}

void td_metrics_configure(const struct td_conf *c)
{
	struct mreq *r;
	struct mreq want = {.on = c->configured};

	if (c->configured) {
		strlcpy(want.addr, c->metrics.listen, sizeof(want.addr));
		want.port = c->metrics.port;
		want.max_conns = c->metrics.max_conns;
	}
	if (!engine ||
	    (last_req_valid && !memcmp(&last_req, &want, sizeof(want))))
		return;
	r = XMALLOC(MTYPE_TD_METRICS, sizeof(*r));
	*r = want;
	if (health_engine_call(engine, metrics_apply, r) < 0) {
		XFREE(MTYPE_TD_METRICS, r);
		zlog_err("metrics: out of memory");
		return;
	}
	last_req = want;
	last_req_valid = true;
}

void td_metrics_start(struct health_engine *e, const struct td_conf *c)
{
	engine = e;
	/* The configuration read before the engine existed. */
	td_metrics_configure(c);
}

void td_metrics_stop(void)
{
	stopping = true; /* calls still queued only free their request */
	if (server)
		metrics_server_free(server);
	server = NULL;
	engine = NULL;
	pthread_mutex_lock(&pub_lock);
	pub_free(&pub);
	pthread_mutex_unlock(&pub_lock);
}
