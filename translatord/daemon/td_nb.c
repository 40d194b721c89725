/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The YANG northbound: translatord's module (yang/translatord.yang) in
 * libfrr's northbound, so that the text configuration (-f, vtysh), the
 * running configuration (`show running-config`, `show configuration
 * running json`) and `configuration load file json` all go through one
 * validated, transactional path.
 *
 * Atomic apply. The leaves' own callbacks do nothing: the translator
 * container's pre_validate builds the complete runtime configuration from
 * the candidate tree with every semantic check (the config library's, the
 * same rules and messages as the JSON loader: RFC 6052 prefix lengths,
 * EAM suffix lengths, host bits, duplicate IPv6 sides), and rejects the
 * commit with the offending node's path; apply_finish builds it again from
 * the now running tree and swaps it in at once. The one step that can
 * fail for a valid configuration, creating the data-plane interface, runs
 * in the PREPARE phase of data-plane/interface, so a commit whose device
 * cannot be created also changes nothing.
 *
 * FRR 8.4 loads modules with every YANG feature disabled (frr_yang_module_
 * info has no feature list yet), hence a module without if-feature.
 */
#include <zebra.h>

#include <arpa/inet.h>

#include "lib/version.h"
#include "libfrr.h"
#include "log.h"
#include "monotime.h"
#include "northbound.h"
#include "northbound_cli.h"
#include "vty.h"
#include "yang.h"
#include "yang_wrappers.h"

#include "eamt.h"
#include "../config/config.h" /* by path: FRR has its own "config.h" */
#include "translatord_yang.h" /* generated: translatord_yang[] */

#include "td.h"
#include "td_adv.h"
#include "td_cli.h"
#include "td_dataplane.h"
#include "td_health.h"
#include "td_metrics.h"
#include "td_debug.h"
#include "td_nb.h"
#include "td_own_address.h"
#include "td_running.h"
#include "td_zebra.h"

/* ---- the module, embedded ---- */

static char td_yang_rev[16];
static struct yang_module_embed td_yang_embed = {
	.mod_name = "translatord",
	.format = LYS_IN_YANG,
};

void td_nb_embed(void)
{
	const char *text = (const char *)translatord_yang;
	const char *r = strstr(text, "\n  revision ");

	/* The newest revision comes first. */
	if (r)
		sscanf(r, "\n  revision %10[0-9-]", td_yang_rev);
	td_yang_embed.mod_rev = td_yang_rev;
	td_yang_embed.data = text;
	yang_module_embed(&td_yang_embed);
}

/* ---- building a td_conf from the data tree ---- */

static const char *sname(const struct lyd_node *n)
{
	return n->schema ? n->schema->name : "";
}

static const struct lyd_node *child(const struct lyd_node *parent,
				    const char *name)
{
	const struct lyd_node *n;

	LY_LIST_FOR (lyd_child(parent), n)
		if (!strcmp(sname(n), name))
			return n;
	return NULL;
}

static const char *child_value(const struct lyd_node *parent,
			       const char *name)
{
	const struct lyd_node *n = child(parent, name);

	return n ? lyd_get_value(n) : NULL;
}

static unsigned long num(const struct lyd_node *n)
{
	return strtoul(lyd_get_value(n), NULL, 10);
}

static int fail_at(const struct lyd_node *n, char *err, size_t errlen,
		   const char *fmt, const char *value)
{
	char path[XPATH_MAXLEN], msg[256];

	yang_dnode_get_path(n, path, sizeof(path));
	snprintf(msg, sizeof(msg), fmt, value);
	snprintf(err, errlen, "%s: %s", path, msg);
	return -1;
}

static int build_ifname(const struct lyd_node *n, char *dst, char *err,
			size_t errlen)
{
	const char *v = lyd_get_value(n);

	if (strlen(v) >= IFNAMSIZ) /* the YANG type says so too */
		return fail_at(n, err, errlen, "\"%s\" is too long", v);
	snprintf(dst, IFNAMSIZ, "%s", v);
	return 0;
}

static int build_dp(const struct lyd_node *dp, struct td_conf *c, char *err,
		    size_t errlen)
{
	const struct lyd_node *n;

	LY_LIST_FOR (lyd_child(dp), n) {
		const char *name = sname(n);

		if (!strcmp(name, "type"))
			c->dp.type = strcmp(lyd_get_value(n), "tun")
					     ? TD_DP_BPF
					     : TD_DP_TUN;
		else if (!strcmp(name, "interface")) {
			if (build_ifname(n, c->dp.ifname, err, errlen))
				return -1;
		} else if (!strcmp(name, "ipv4-interface")) {
			if (build_ifname(n, c->dp.if4, err, errlen))
				return -1;
		} else if (!strcmp(name, "ipv6-interface")) {
			if (build_ifname(n, c->dp.if6, err, errlen))
				return -1;
		} else if (!strcmp(name, "threads"))
			c->dp.threads = num(n);
		else if (!strcmp(name, "ipv4-mtu"))
			c->dp.mtu4 = num(n);
		else if (!strcmp(name, "ipv6-mtu"))
			c->dp.mtu6 = num(n);
	}
	return 0;
}

static void build_adv(const struct lyd_node *adv, struct td_conf *c)
{
	const struct lyd_node *n;

	LY_LIST_FOR (lyd_child(adv), n) {
		const char *name = sname(n);

		if (!strcmp(name, "distance"))
			c->adv.distance = num(n);
		else if (!strcmp(name, "tag")) {
			c->adv.has_tag = true;
			c->adv.tag = num(n);
		} else if (!strcmp(name, "metric")) {
			c->adv.has_metric = true;
			c->adv.metric = num(n);
		} else if (!strcmp(name, "hold-down"))
			c->adv.holddown_ms = num(n);
	}
}

static int check_type(const char *s, enum td_check_type *t)
{
	static const char *const names[] = {"icmp", "tcp", "http", "script",
					    "file"};

	for (unsigned i = 0; i < array_size(names); i++)
		if (!strcmp(s, names[i])) {
			*t = i;
			return 0;
		}
	return -1;
}

/* What an icmp/tcp/http/script/file check lacks to probe; NULL when
 * complete. */
static const char *check_incomplete(const struct lyd_node *e,
				    const struct td_check_conf *hc)
{
	switch (hc->type) {
	case TD_CHECK_ICMP:
	case TD_CHECK_TCP:
	case TD_CHECK_HTTP:
		if (!child(e, "target"))
			return "incomplete: no target";
		if (hc->type != TD_CHECK_ICMP && !child(e, "port"))
			return "incomplete: no port";
		break;
	case TD_CHECK_SCRIPT:
		if (!child(e, "script"))
			return "incomplete: no script";
		break;
	case TD_CHECK_FILE:
		if (!child(e, "file"))
			return "incomplete: no file";
		break;
	}
	if (!hc->scope_node && !hc->n_mappings)
		return "incomplete: scope mapping without any mapping";
	return NULL;
}

static enum health_check_type health_type(enum td_check_type t)
{
	switch (t) {
	case TD_CHECK_ICMP:
		return HEALTH_CHECK_ICMP;
	case TD_CHECK_TCP:
		return HEALTH_CHECK_TCP;
	case TD_CHECK_HTTP:
		return HEALTH_CHECK_HTTP;
	case TD_CHECK_SCRIPT:
		return HEALTH_CHECK_SCRIPT;
	case TD_CHECK_FILE:
		break;
	}
	return HEALTH_CHECK_FILE;
}

static void copy_str(char *dst, size_t size, const struct lyd_node *n)
{
	snprintf(dst, size, "%s", lyd_get_value(n));
}

/* The probe engine's configuration from the check's leaves. Absent
 * leaves keep the engine's defaults for the type, which are the YANG
 * defaults (interval, rise and fall have none in YANG: they depend on
 * the type). */
static void build_probe(const struct lyd_node *e, struct td_check_conf *hc)
{
	struct health_check_config *h = &hc->hc;
	const struct lyd_node *n, *m;

	health_check_config_init(h, health_type(hc->type));
	snprintf(h->name, sizeof(h->name), "%s", hc->name);
	h->init_up = hc->init_up;
	h->disabled = hc->disabled;
	LY_LIST_FOR (lyd_child(e), n) {
		const char *name = sname(n);

		if (!strcmp(name, "interval"))
			h->interval_ms = num(n);
		else if (!strcmp(name, "fast-interval"))
			h->fast_interval_ms = num(n);
		else if (!strcmp(name, "timeout"))
			h->timeout_ms = num(n);
		else if (!strcmp(name, "jitter"))
			h->jitter_pct = num(n);
		else if (!strcmp(name, "rise"))
			h->rise = num(n);
		else if (!strcmp(name, "fall"))
			h->fall = num(n);
		else if (!strcmp(name, "hold-down"))
			h->hold_down_ms = num(n);
		else if (!strcmp(name, "hold-down-max"))
			h->hold_down_max_ms = num(n);
		else if (!strcmp(name, "target"))
			copy_str(h->target, sizeof(h->target), n);
		else if (!strcmp(name, "port"))
			h->port = num(n);
		else if (!strcmp(name, "script"))
			copy_str(h->script, sizeof(h->script), n);
		else if (!strcmp(name, "file"))
			copy_str(h->file_path, sizeof(h->file_path), n);
		else if (!strcmp(name, "source")) {
			LY_LIST_FOR (lyd_child(n), m) {
				if (!strcmp(sname(m), "address"))
					copy_str(h->source, sizeof(h->source), m);
				else if (!strcmp(sname(m), "interface"))
					copy_str(h->interface,
						 sizeof(h->interface), m);
			}
		} else if (!strcmp(name, "http")) {
			LY_LIST_FOR (lyd_child(n), m) {
				const char *mn = sname(m);

				if (!strcmp(mn, "path"))
					copy_str(h->http_path,
						 sizeof(h->http_path), m);
				else if (!strcmp(mn, "host"))
					copy_str(h->http_host,
						 sizeof(h->http_host), m);
				else if (!strcmp(mn, "body"))
					copy_str(h->http_body,
						 sizeof(h->http_body), m);
				else if (!strcmp(mn, "status-min"))
					h->http_status_min = num(m);
				else if (!strcmp(mn, "status-max"))
					h->http_status_max = num(m);
			}
		}
	}
}

static int build_check(const struct lyd_node *e, struct td_check_conf *hc,
		       char *err, size_t errlen)
{
	const struct lyd_node *n;
	size_t nm = 0;
	char herr[HEALTH_ERR_MAX];

	snprintf(hc->name, sizeof(hc->name), "%s", child_value(e, "name"));
	hc->scope_node = true;
	LY_LIST_FOR (lyd_child(e), n)
		nm += !strcmp(sname(n), "mapping");
	if (nm)
		hc->mappings = td_check_alloc(nm * sizeof(*hc->mappings));
	LY_LIST_FOR (lyd_child(e), n) {
		const char *name = sname(n);

		if (!strcmp(name, "type")) {
			if (check_type(lyd_get_value(n), &hc->type))
				return fail_at(n, err, errlen,
					       "unknown check type \"%s\"",
					       lyd_get_value(n));
		} else if (!strcmp(name, "scope"))
			hc->scope_node = strcmp(lyd_get_value(n), "mapping");
		else if (!strcmp(name, "mapping")) {
			struct prefix_ipv4 *p = &hc->mappings[hc->n_mappings];

			if (!str2prefix_ipv4(lyd_get_value(n), p))
				return fail_at(n, err, errlen,
					       "\"%s\" is not an IPv4 prefix",
					       lyd_get_value(n));
			hc->n_mappings++;
		} else if (!strcmp(name, "init-state"))
			hc->init_up = !strcmp(lyd_get_value(n), "up");
		else if (!strcmp(name, "shutdown"))
			hc->disabled = true;
	}
	/* Incomplete checks (no target, ...) are accepted on purpose: see
	 * the YANG description of health/check. */
	hc->incomplete = check_incomplete(e, hc);
	build_probe(e, hc);
	/* What the YANG model cannot say (a link-local target without an
	 * interface, a source of the other family, ...), in the engine's
	 * words; timeout >= interval is caught by the model already. */
	if (!hc->incomplete &&
	    health_check_config_validate(&hc->hc, herr, sizeof(herr)))
		return fail_at(e, err, errlen, "%s", herr);
	return 0;
}

static int build_health(const struct lyd_node *h, struct td_conf *c,
			char *err, size_t errlen)
{
	const struct lyd_node *n;
	size_t count = 0;

	LY_LIST_FOR (lyd_child(h), n) {
		count += !strcmp(sname(n), "check");
		if (!strcmp(sname(n), "self-test"))
			c->self_test = !strcmp(lyd_get_value(n), "true");
	}
	if (!count)
		return 0;
	c->checks = td_check_alloc(count * sizeof(*c->checks));
	LY_LIST_FOR (lyd_child(h), n) {
		if (strcmp(sname(n), "check"))
			continue;
		/* Counted first, so td_conf_free() frees its mappings even
		 * when it fails half-way. */
		c->n_checks++;
		if (build_check(n, &c->checks[c->n_checks - 1], err, errlen))
			return -1;
	}
	return 0;
}

static void build_metrics(const struct lyd_node *m, struct td_conf *c)
{
	const struct lyd_node *n;

	LY_LIST_FOR (lyd_child(m), n) {
		const char *name = sname(n);

		if (!strcmp(name, "listen-address"))
			snprintf(c->metrics.listen, sizeof(c->metrics.listen),
				 "%s", lyd_get_value(n));
		else if (!strcmp(name, "port"))
			c->metrics.port = num(n);
		else if (!strcmp(name, "per-mapping-counters"))
			c->metrics.per_mapping =
				!strcmp(lyd_get_value(n), "true");
		else if (!strcmp(name, "max-connections"))
			c->metrics.max_conns = num(n);
	}
}

static void build_icmp_errors(const struct lyd_node *e, struct td_conf *c)
{
	const struct lyd_node *n;

	LY_LIST_FOR (lyd_child(e), n) {
		const char *name = sname(n);

		if (!strcmp(name, "for-discarded-packets"))
			c->xlat.icmp_errors_for_discards =
				!strcmp(lyd_get_value(n), "true");
		else if (!strcmp(name, "rate-limit"))
			c->xlat.icmp_error_rate = num(n);
		else if (!strcmp(name, "burst"))
			c->xlat.icmp_error_burst = num(n);
	}
}

static int build_own(const struct lyd_node *own, struct td_conf *c,
		     char *err, size_t errlen)
{
	const char *v;

	if ((v = child_value(own, "ipv4")))
		c->xlat.has_own_v4 = inet_pton(AF_INET, v, c->xlat.own_v4) == 1;
	if ((v = child_value(own, "ipv6")))
		c->xlat.has_own_v6 =
			inet_pton(AF_INET6, v, c->xlat.own_v6) == 1;
	return 0;
}

static int build_pools(const struct lyd_node *pool, struct td_conf *c,
		       char *err, size_t errlen)
{
	const char *v;

	if ((v = child_value(pool, "ipv4")) &&
	    translatord_config_set_rfc6791_pool(&c->xlat, AF_INET, v, err,
						errlen))
		return -1;
	if ((v = child_value(pool, "ipv6")) &&
	    translatord_config_set_rfc6791_pool(&c->xlat, AF_INET6, v, err,
						errlen))
		return -1;
	return 0;
}

int td_conf_build(const struct lyd_node *top, struct td_conf *c, char *err,
		  size_t errlen)
{
	const struct lyd_node *n;
	size_t n_eam = 0;
	int rc = 0;

	td_conf_init(c);
	c->configured = true;
	LY_LIST_FOR (lyd_child(top), n)
		n_eam += !strcmp(sname(n), "eam");
	if (n_eam && !(c->eamt = eamt_create(n_eam))) {
		snprintf(err, errlen, "%s/eam: out of memory", TD_XPATH);
		return -1;
	}
	c->xlat.eamt = c->eamt;
	LY_LIST_FOR (lyd_child(top), n) {
		const char *name = sname(n);

		if (!strcmp(name, "pool6"))
			rc = translatord_config_set_pool6(
				&c->xlat, lyd_get_value(n), err, errlen);
		else if (!strcmp(name, "eam"))
			rc = translatord_config_add_eam(
				c->eamt, child_value(n, "ipv4-prefix"),
				child_value(n, "ipv6-prefix"), err, errlen);
		else if (!strcmp(name, "rfc6791-pool"))
			rc = build_pools(n, c, err, errlen);
		else if (!strcmp(name, "own-address"))
			rc = build_own(n, c, err, errlen);
		else if (!strcmp(name, "lowest-ipv6-mtu"))
			c->xlat.lowest_ipv6_mtu = num(n);
		else if (!strcmp(name, "tos-override")) {
			c->xlat.tos_override = true;
			c->xlat.tos = num(n);
		} else if (!strcmp(name, "zero-checksum-udp"))
			c->xlat.zero_csum_policy =
				strcmp(lyd_get_value(n), "drop")
					? XLAT_ZERO_CSUM_COMPUTE
					: XLAT_ZERO_CSUM_DROP;
		else if (!strcmp(name, "icmp-errors"))
			build_icmp_errors(n, c);
		else if (!strcmp(name, "ipv4-source-filter"))
			c->xlat.accept_mapped_src4 =
				strcmp(lyd_get_value(n), "true") != 0;
		else if (!strcmp(name, "shutdown"))
			c->shutdown = true;
		else if (!strcmp(name, "drain-time"))
			c->drain_time_s = num(n);
		else if (!strcmp(name, "advertise"))
			build_adv(n, c);
		else if (!strcmp(name, "data-plane"))
			rc = build_dp(n, c, err, errlen);
		else if (!strcmp(name, "health"))
			rc = build_health(n, c, err, errlen);
		else if (!strcmp(name, "metrics"))
			build_metrics(n, c);
		if (rc) {
			td_conf_free(c);
			return -1;
		}
	}
	if (translatord_config_check_addresses(&c->xlat, err, errlen)) {
		td_conf_free(c);
		return -1;
	}
	return 0;
}

/* ---- configuration callbacks ---- */

/* Every leaf and list: accepted as is; the translator container's
 * pre_validate and apply_finish do the work. */
static int td_nb_create(struct nb_cb_create_args *args)
{
	return NB_OK;
}

static int td_nb_modify(struct nb_cb_modify_args *args)
{
	return NB_OK;
}

static int td_nb_destroy(struct nb_cb_destroy_args *args)
{
	return NB_OK;
}

/* The data plane the candidate being committed asks for: set by the
 * translator's pre_validate, read by the PREPARE callbacks. */
static struct td_dp_conf cand_dc;

bool td_nb_starting = true;
bool td_nb_dry_run;

static int td_nb_translator_destroy(struct nb_cb_destroy_args *args)
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

static int td_nb_translator_pre_validate(struct nb_cb_pre_validate_args *args)
{
	struct td_conf c;

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
	/* For the PREPARE phase that follows (libfrr validates the
	 * candidate right before it): the data plane it asks for. */
	cand_dc = c.dp;
	td_conf_free(&c);
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

static void td_nb_translator_apply_finish(struct nb_cb_apply_finish_args *args)
{
	struct td_conf c;
	char err[512];
	int64_t t0 = now_ms();

	/* pre_validate built the same tree without error. */
	if (td_conf_build(args->dnode, &c, err, sizeof(err))) {
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
 * the candidate's data-plane container (cand_dc) with the running and
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
	if (td_dataplane_matches(&cand_dc) ||
	    td_dataplane_pending_matches(dp_pending, &cand_dc))
		return NB_OK;
	td_dataplane_abort(dp_pending);
	dp_pending = td_dataplane_prepare(&cand_dc, NULL, err, sizeof(err));
	if (!dp_pending) {
		yang_dnode_get_path(dnode, path, sizeof(path));
		snprintf(errmsg, errmsg_len, "%s: data plane %s on %s: %s",
			 path, cand_dc.type == TD_DP_TUN ? "tun" : "bpf",
			 cand_dc.ifname, err);
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

static int td_nb_translator_create(struct nb_cb_create_args *args)
{
	return dp_event(args->event, args->dnode, args->errmsg,
			args->errmsg_len);
}

static int td_nb_dp_modify(struct nb_cb_modify_args *args)
{
	return dp_event(args->event, args->dnode, args->errmsg,
			args->errmsg_len);
}

static int td_nb_dp_destroy(struct nb_cb_destroy_args *args)
{
	/* The whole translator going also destroys its leaves: the
	 * translator's destroy closes the data plane. */
	if (!yang_dnode_exists(running_config->dnode, TD_XPATH))
		return NB_OK;
	return dp_event(args->event, args->dnode, args->errmsg,
			args->errmsg_len);
}

/* ---- operational state ---- */

static struct yang_data *td_state_zebra_get(struct nb_cb_get_elem_args *args)
{
	return yang_data_new_bool(args->xpath, td_zebra_connected());
}

static struct yang_data *td_state_ifup_get(struct nb_cb_get_elem_args *args)
{
	return yang_data_new_bool(args->xpath, td_adv_nexthop_ifindex() != 0);
}

#define NODE_GET(fn, expr)                                                     \
	static struct yang_data *fn(struct nb_cb_get_elem_args *args)          \
	{                                                                      \
		struct td_node_health nh;                                      \
		td_health_node(&nh);                                           \
		return expr;                                                   \
	}
NODE_GET(td_state_healthy_get, yang_data_new_bool(args->xpath, nh.healthy))
NODE_GET(td_state_why_get,
	 nh.healthy ? NULL : yang_data_new_string(args->xpath, nh.why))
NODE_GET(td_state_draining_get,
	 yang_data_new_bool(args->xpath, nh.withdrawn && nh.translating))
NODE_GET(td_state_drainleft_get,
	 nh.withdrawn && nh.translating
		 ? yang_data_new_uint32(args->xpath, nh.drain_left_s)
		 : NULL)
NODE_GET(td_state_translating_get,
	 yang_data_new_bool(args->xpath, nh.translating))

static struct yang_data *td_state_metrics_get(struct nb_cb_get_elem_args *args)
{
	char buf[256];

	td_metrics_endpoint(buf, sizeof(buf));
	return yang_data_new_string(args->xpath, buf);
}

#define COUNTER_GET(fn, field)                                                 \
	static struct yang_data *fn(struct nb_cb_get_elem_args *args)          \
	{                                                                      \
		struct xlat_counters c;                                        \
		td_dataplane_stats(&c);                                        \
		return yang_data_new_uint64(args->xpath, c.field);             \
	}
COUNTER_GET(td_ctr_p46_get, pkts_4to6)
COUNTER_GET(td_ctr_b46_get, bytes_4to6)
COUNTER_GET(td_ctr_p64_get, pkts_6to4)
COUNTER_GET(td_ctr_b64_get, bytes_6to4)
COUNTER_GET(td_ctr_icmp_get, icmp_errors_generated)
COUNTER_GET(td_ctr_frag_get, fragments_generated)
COUNTER_GET(td_ctr_hairpin_get, hairpinned)

/* Drop list entries: the reason number, 1..XLAT_DROP__COUNT-1. */
static const void *td_drop_get_next(struct nb_cb_get_next_args *args)
{
	uintptr_t r = (uintptr_t)args->list_entry;

	r = r ? r + 1 : 1;
	return r < XLAT_DROP__COUNT ? (const void *)r : NULL;
}

static int td_drop_get_keys(struct nb_cb_get_keys_args *args)
{
	args->keys->num = 1;
	strlcpy(args->keys->key[0],
		xlat_drop_reason_name((uintptr_t)args->list_entry),
		sizeof(args->keys->key[0]));
	return NB_OK;
}

static const void *td_drop_lookup(struct nb_cb_lookup_entry_args *args)
{
	for (uintptr_t r = 1; r < XLAT_DROP__COUNT; r++)
		if (!strcmp(args->keys->key[0], xlat_drop_reason_name(r)))
			return (const void *)r;
	return NULL;
}

static struct yang_data *td_drop_reason_get(struct nb_cb_get_elem_args *args)
{
	return yang_data_new_string(
		args->xpath, xlat_drop_reason_name((uintptr_t)args->list_entry));
}

static struct yang_data *td_drop_packets_get(struct nb_cb_get_elem_args *args)
{
	struct xlat_counters c;

	td_dataplane_stats(&c);
	return yang_data_new_uint64(args->xpath,
				    c.drops[(uintptr_t)args->list_entry]);
}

/* Advertisements: td_adv's entry handles. */
static const void *td_advst_get_next(struct nb_cb_get_next_args *args)
{
	return td_adv_next(args->list_entry);
}

static int td_advst_get_keys(struct nb_cb_get_keys_args *args)
{
	struct td_adv_view v;

	td_adv_view(args->list_entry, &v);
	args->keys->num = 1;
	prefix2str(v.p, args->keys->key[0], sizeof(args->keys->key[0]));
	return NB_OK;
}

static const void *td_advst_lookup(struct nb_cb_lookup_entry_args *args)
{
	struct prefix p;

	if (!str2prefix(args->keys->key[0], &p))
		return NULL;
	return td_adv_find(&p);
}

static struct yang_data *td_advst_prefix_get(struct nb_cb_get_elem_args *args)
{
	struct td_adv_view v;

	td_adv_view(args->list_entry, &v);
	return yang_data_new_prefix(args->xpath, v.p);
}

static struct yang_data *td_advst_state_get(struct nb_cb_get_elem_args *args)
{
	struct td_adv_view v;

	td_adv_view(args->list_entry, &v);
	return yang_data_new_string(args->xpath, td_adv_state_name(v.state));
}

static struct yang_data *
td_advst_installed_get(struct nb_cb_get_elem_args *args)
{
	struct td_adv_view v;

	td_adv_view(args->list_entry, &v);
	return yang_data_new_bool(args->xpath, v.zebra == TD_ZEBRA_INSTALLED);
}

/* Mappings: index + 1 into the running EAM table. */
static bool mapping_of(const void *entry, struct eamt_entry *e,
		       struct prefix_ipv4 *p4)
{
	uintptr_t i = (uintptr_t)entry;

	if (!i || !eamt_get(td_conf.eamt, i - 1, e))
		return false;
	memset(p4, 0, sizeof(*p4));
	p4->family = AF_INET;
	p4->prefixlen = e->v4len;
	memcpy(&p4->prefix, e->v4, 4);
	return true;
}

static const void *td_map_get_next(struct nb_cb_get_next_args *args)
{
	uintptr_t i = (uintptr_t)args->list_entry + 1;

	return i <= eamt_count(td_conf.eamt) ? (const void *)i : NULL;
}

static int td_map_get_keys(struct nb_cb_get_keys_args *args)
{
	struct eamt_entry e;
	struct prefix_ipv4 p4;

	if (!mapping_of(args->list_entry, &e, &p4))
		return NB_ERR;
	args->keys->num = 1;
	prefix2str(&p4, args->keys->key[0], sizeof(args->keys->key[0]));
	return NB_OK;
}

static const void *td_map_lookup(struct nb_cb_lookup_entry_args *args)
{
	struct prefix_ipv4 want, p4;
	struct eamt_entry e;

	if (!str2prefix_ipv4(args->keys->key[0], &want))
		return NULL;
	for (uintptr_t i = 1; mapping_of((const void *)i, &e, &p4); i++)
		if (prefix_same((struct prefix *)&p4, (struct prefix *)&want))
			return (const void *)i;
	return NULL;
}

static struct yang_data *td_map_v4_get(struct nb_cb_get_elem_args *args)
{
	struct eamt_entry e;
	struct prefix_ipv4 p4;

	if (!mapping_of(args->list_entry, &e, &p4))
		return NULL;
	return yang_data_new_prefix(args->xpath, (struct prefix *)&p4);
}

static struct yang_data *td_map_v6_get(struct nb_cb_get_elem_args *args)
{
	struct eamt_entry e;
	struct prefix_ipv4 p4;
	struct prefix p6 = {.family = AF_INET6};

	if (!mapping_of(args->list_entry, &e, &p4))
		return NULL;
	p6.prefixlen = e.v6len;
	memcpy(&p6.u.prefix6, e.v6, 16);
	return yang_data_new_prefix(args->xpath, &p6);
}

static struct yang_data *td_map_adv_get(struct nb_cb_get_elem_args *args)
{
	struct eamt_entry e;
	struct prefix_ipv4 p4;
	const void *h;
	struct td_adv_view v;

	if (!mapping_of(args->list_entry, &e, &p4))
		return NULL;
	h = td_adv_find((struct prefix *)&p4);
	if (h)
		td_adv_view(h, &v);
	return yang_data_new_bool(args->xpath,
				  h && v.state == TD_ADV_ANNOUNCED);
}

static struct yang_data *td_map_health_get(struct nb_cb_get_elem_args *args)
{
	struct eamt_entry e;
	struct prefix_ipv4 p4;

	if (!mapping_of(args->list_entry, &e, &p4))
		return NULL;
	return yang_data_new_string(args->xpath,
				    td_health_mapping_state(&p4));
}

/*
 * Health checks: td_health's views (configuration, the engine's live
 * status, the routing vote), taken when a walk of the list starts or a
 * key is looked up, and kept until the next one; entries are index + 1.
 */
static struct td_hc_view *hcv;
static size_t hcv_n;

static void hc_refresh(void)
{
	XFREE(MTYPE_TMP, hcv);
	hcv_n = td_health_views(&hcv);
}

static const struct td_hc_view *check_of(const void *entry)
{
	uintptr_t i = (uintptr_t)entry;

	return i && i <= hcv_n ? &hcv[i - 1] : NULL;
}

static const void *td_hc_get_next(struct nb_cb_get_next_args *args)
{
	uintptr_t i = (uintptr_t)args->list_entry;

	if (!i)
		hc_refresh();
	i++;
	return i <= hcv_n ? (const void *)i : NULL;
}

static int td_hc_get_keys(struct nb_cb_get_keys_args *args)
{
	const struct td_hc_view *c = check_of(args->list_entry);

	if (!c)
		return NB_ERR;
	args->keys->num = 1;
	strlcpy(args->keys->key[0], c->name, sizeof(args->keys->key[0]));
	return NB_OK;
}

static const void *td_hc_lookup(struct nb_cb_lookup_entry_args *args)
{
	hc_refresh();
	for (uintptr_t i = 1; i <= hcv_n; i++)
		if (!strcmp(hcv[i - 1].name, args->keys->key[0]))
			return (const void *)i;
	return NULL;
}

#define HC_GET(fn, expr)                                                       \
	static struct yang_data *fn(struct nb_cb_get_elem_args *args)          \
	{                                                                      \
		const struct td_hc_view *c = check_of(args->list_entry);       \
		if (!c)                                                        \
			return NULL;                                           \
		return expr;                                                   \
	}
HC_GET(td_hc_name_get, yang_data_new_string(args->xpath, c->name))
HC_GET(td_hc_state_get,
       yang_data_new_string(args->xpath, health_state_name(c->st.state)))
HC_GET(td_hc_result_get, yang_data_new_string(
				 args->xpath,
				 health_result_name(c->st.last_result)))
HC_GET(td_hc_probes_get,
       yang_data_new_uint64(args->xpath, c->st.counters.probes))
HC_GET(td_hc_failures_get,
       yang_data_new_uint64(args->xpath, c->st.counters.failures))
HC_GET(td_hc_successes_get,
       yang_data_new_uint64(args->xpath, c->st.counters.successes))
HC_GET(td_hc_timeouts_get,
       yang_data_new_uint64(args->xpath, c->st.counters.timeouts))
HC_GET(td_hc_transitions_get,
       yang_data_new_uint64(args->xpath, c->st.counters.transitions))
HC_GET(td_hc_type_get, yang_data_new_string(args->xpath, c->type))
HC_GET(td_hc_scope_get, yang_data_new_string(args->xpath, c->scope_node
								   ? "node"
								   : "mapping"))
HC_GET(td_hc_healthy_get, yang_data_new_bool(args->xpath, c->healthy))
HC_GET(td_hc_withdrawing_get,
       yang_data_new_bool(args->xpath, c->withdrawing))
HC_GET(td_hc_target_get,
       c->st.target[0] ? yang_data_new_string(args->xpath, c->st.target)
		       : NULL)
HC_GET(td_hc_notprobed_get,
       c->not_probed ? yang_data_new_string(args->xpath, c->not_probed)
		     : NULL)
HC_GET(td_hc_detail_get,
       c->st.last_detail[0]
	       ? yang_data_new_string(args->xpath, c->st.last_detail)
	       : NULL)
HC_GET(td_hc_lastprobe_get,
       yang_data_new_uint64(args->xpath, c->st.last_probe_wall_ms))
HC_GET(td_hc_lastchange_get,
       yang_data_new_uint64(args->xpath, c->st.last_change_wall_ms))
HC_GET(td_hc_changereason_get,
       c->st.last_change_reason[0]
	       ? yang_data_new_string(args->xpath, c->st.last_change_reason)
	       : NULL)
HC_GET(td_hc_holddown_get,
       yang_data_new_uint64(args->xpath, c->st.hold_down_left_ms))

/* The leaf-list of a mapping-scope check's prefixes: index + 1. */
static const void *td_hc_mapping_get_next(struct nb_cb_get_next_args *args)
{
	const struct td_hc_view *c = check_of(args->parent_list_entry);
	uintptr_t i = (uintptr_t)args->list_entry + 1;

	return c && i <= c->n_mappings ? (const void *)i : NULL;
}

static struct yang_data *td_hc_mapping_get(struct nb_cb_get_elem_args *args)
{
	/* get_elem of a leaf-list entry does not get the parent: find the
	 * check whose list this index belongs to through the xpath. */
	const char *k = strstr(args->xpath, "health-check[name='");
	uintptr_t i = (uintptr_t)args->list_entry;
	char name[HEALTH_NAME_MAX];

	if (!k || sscanf(k, "health-check[name='%63[^']", name) != 1)
		return NULL;
	for (size_t j = 0; j < hcv_n; j++)
		if (!strcmp(hcv[j].name, name) && i && i <= hcv[j].n_mappings)
			return yang_data_new_prefix(
				args->xpath,
				(const struct prefix *)&hcv[j].mappings[i - 1]);
	return NULL;
}

/* ---- loading YANG JSON into the running configuration ---- */

int td_nb_load_json(const char *path, bool replace, char *err, size_t errlen)
{
	struct nb_context ctx = {.client = NB_CLIENT_CLI};
	struct nb_config *cand;
	struct lyd_node *tree = NULL;
	struct xlat_config x;
	struct eamt *t = NULL;
	char *json, buf[BUFSIZ];
	int ret;

	json = translatord_config_read_file(path, NULL, err, errlen);
	if (!json)
		return -1;
	/* The config library's loader first: it reads prefixes as written
	 * (libyang clears host bits silently) and names the file, line and
	 * node of every error. */
	if (translatord_config_load_string(json, path, &x, &t, err, errlen)) {
		free(json);
		return -1;
	}
	translatord_config_free(&x, &t);
	if (lyd_parse_data_mem(ly_native_ctx, json, LYD_JSON,
			       LYD_PARSE_ONLY | LYD_PARSE_STRICT |
				       LYD_PARSE_NO_STATE,
			       0, &tree) != LY_SUCCESS) {
		snprintf(err, errlen, "%s: %s", path,
			 yang_print_errors(ly_native_ctx, buf, sizeof(buf)));
		free(json);
		return -1;
	}
	free(json);

	cand = nb_config_dup(running_config);
	if (replace && yang_dnode_exists(cand->dnode, TD_XPATH))
		nb_candidate_edit(cand, nb_node_find(TD_XPATH), NB_OP_DESTROY,
				  TD_XPATH, NULL, NULL);
	if (tree && lyd_merge_siblings(&cand->dnode, tree,
				       LYD_MERGE_DESTRUCT) != LY_SUCCESS) {
		snprintf(err, errlen, "%s: cannot merge: %s", path,
			 yang_print_errors(ly_native_ctx, buf, sizeof(buf)));
		nb_config_free(cand);
		return -1;
	}
	snprintf(buf, sizeof(buf), "translatord: load %s", path);
	ret = nb_candidate_commit(&ctx, cand, true, buf, NULL, err, errlen);
	nb_config_free(cand);
	if (ret != NB_OK && ret != NB_ERR_NO_CHANGES)
		return -1;
	err[0] = '\0';
	/* In the classic CLI mode every command commits the shared
	 * candidate: it must not carry the old configuration back. */
	if (frr_get_cli_mode() == FRR_CLI_CLASSIC)
		nb_config_replace(vty_shared_candidate_config, running_config,
				  true);
	return 0;
}

/* ---- the module's northbound table ---- */

#define X TD_XPATH
#define HC TD_XPATH "/health/check"
#define LEAF_OPT(p, show)                                                      \
	{                                                                      \
		.xpath = p, .cbs = {                                           \
			.modify = td_nb_modify,                                \
			.destroy = td_nb_destroy,                              \
			.cli_show = show,                                      \
		}                                                              \
	}
#define LEAF_DEF(p, show)                                                      \
	{                                                                      \
		.xpath = p, .cbs = {.modify = td_nb_modify, .cli_show = show } \
	}
/* Data-plane leaves: a change may need a new data plane (PREPARE). */
#define DP_LEAF(p)                                                             \
	{                                                                      \
		.xpath = p, .cbs = {                                           \
			.modify = td_nb_dp_modify,                             \
			.cli_show = td_cli_show_leaf,                          \
		}                                                              \
	}
#define DP_LEAF_OPT(p)                                                         \
	{                                                                      \
		.xpath = p, .cbs = {                                           \
			.modify = td_nb_dp_modify,                             \
			.destroy = td_nb_dp_destroy,                           \
			.cli_show = td_cli_show_leaf,                          \
		}                                                              \
	}
#define EMPTY(p, show)                                                         \
	{                                                                      \
		.xpath = p, .cbs = {                                           \
			.create = td_nb_create,                                \
			.destroy = td_nb_destroy,                              \
			.cli_show = show,                                      \
		}                                                              \
	}
#define STATE(p, fn)                                                           \
	{                                                                      \
		.xpath = p, .cbs = {.get_elem = fn }                           \
	}
#define STATE_LIST(p, next, keys, lookup)                                      \
	{                                                                      \
		.xpath = p, .cbs = {                                           \
			.get_next = next,                                      \
			.get_keys = keys,                                      \
			.lookup_entry = lookup,                                \
		}                                                              \
	}

/* clang-format off */
const struct frr_yang_module_info td_yang_info = {
	.name = "translatord",
	.nodes = {
		{
			.xpath = X,
			.cbs = {
				.create = td_nb_translator_create,
				.destroy = td_nb_translator_destroy,
				.pre_validate = td_nb_translator_pre_validate,
				.apply_finish = td_nb_translator_apply_finish,
				.cli_show = td_cli_show_translator,
				.cli_show_end = td_cli_show_end,
			},
		},
		LEAF_OPT(X "/pool6", td_cli_show_leaf),
		{
			.xpath = X "/eam",
			.cbs = {
				.create = td_nb_create,
				.destroy = td_nb_destroy,
				.cli_show = td_cli_show_eam,
			},
		},
		LEAF_DEF(X "/eam/ipv6-prefix", NULL),
		LEAF_OPT(X "/rfc6791-pool/ipv4", td_cli_show_leaf),
		LEAF_OPT(X "/rfc6791-pool/ipv6", td_cli_show_leaf),
		LEAF_OPT(X "/own-address/ipv4", td_cli_show_leaf),
		LEAF_OPT(X "/own-address/ipv6", td_cli_show_leaf),
		LEAF_DEF(X "/lowest-ipv6-mtu", td_cli_show_leaf),
		LEAF_OPT(X "/tos-override", td_cli_show_leaf),
		LEAF_DEF(X "/zero-checksum-udp", td_cli_show_leaf),
		LEAF_DEF(X "/ipv4-source-filter", td_cli_show_leaf),
		LEAF_DEF(X "/icmp-errors/for-discarded-packets", td_cli_show_leaf),
		LEAF_DEF(X "/icmp-errors/rate-limit", td_cli_show_leaf),
		LEAF_DEF(X "/icmp-errors/burst", td_cli_show_leaf),
		EMPTY(X "/shutdown", td_cli_show_leaf),
		LEAF_DEF(X "/drain-time", td_cli_show_leaf),
		LEAF_DEF(X "/advertise/distance", td_cli_show_leaf),
		LEAF_OPT(X "/advertise/tag", td_cli_show_leaf),
		LEAF_OPT(X "/advertise/metric", td_cli_show_leaf),
		LEAF_DEF(X "/advertise/hold-down", td_cli_show_leaf),
		DP_LEAF(X "/data-plane/type"),
		DP_LEAF(X "/data-plane/interface"),
		DP_LEAF_OPT(X "/data-plane/ipv4-interface"),
		DP_LEAF_OPT(X "/data-plane/ipv6-interface"),
		DP_LEAF(X "/data-plane/threads"),
		DP_LEAF(X "/data-plane/ipv4-mtu"),
		DP_LEAF(X "/data-plane/ipv6-mtu"),
		{
			.xpath = HC,
			.cbs = {
				.create = td_nb_create,
				.destroy = td_nb_destroy,
				.cli_show = td_cli_show_check,
				.cli_show_end = td_cli_show_check_end,
			},
		},
		/* Shown on the check's own line. */
		LEAF_DEF(HC "/type", NULL),
		LEAF_DEF(HC "/scope", td_cli_show_leaf),
		{
			.xpath = HC "/mapping",
			.cbs = {
				.create = td_nb_create,
				.destroy = td_nb_destroy,
				.cli_show = td_cli_show_leaf,
			},
		},
		LEAF_OPT(HC "/interval", td_cli_show_leaf),
		LEAF_DEF(HC "/fast-interval", td_cli_show_leaf),
		LEAF_DEF(HC "/timeout", td_cli_show_leaf),
		LEAF_DEF(HC "/jitter", td_cli_show_leaf),
		LEAF_OPT(HC "/rise", td_cli_show_leaf),
		LEAF_OPT(HC "/fall", td_cli_show_leaf),
		LEAF_DEF(HC "/hold-down", td_cli_show_leaf),
		LEAF_DEF(HC "/hold-down-max", td_cli_show_leaf),
		LEAF_DEF(HC "/init-state", td_cli_show_leaf),
		EMPTY(HC "/shutdown", td_cli_show_leaf),
		LEAF_OPT(HC "/source/address", td_cli_show_leaf),
		LEAF_OPT(HC "/source/interface", td_cli_show_leaf),
		LEAF_OPT(HC "/target", td_cli_show_leaf),
		LEAF_OPT(HC "/port", td_cli_show_leaf),
		LEAF_DEF(HC "/http/path", td_cli_show_leaf),
		LEAF_OPT(HC "/http/host", td_cli_show_leaf),
		LEAF_DEF(HC "/http/status-min", td_cli_show_leaf),
		LEAF_DEF(HC "/http/status-max", td_cli_show_leaf),
		LEAF_OPT(HC "/http/body", td_cli_show_leaf),
		LEAF_OPT(HC "/script", td_cli_show_leaf),
		LEAF_OPT(HC "/file", td_cli_show_leaf),
		LEAF_DEF(X "/health/self-test", td_cli_show_leaf),
		LEAF_DEF(X "/metrics/listen-address", td_cli_show_leaf),
		LEAF_DEF(X "/metrics/port", td_cli_show_leaf),
		LEAF_DEF(X "/metrics/per-mapping-counters", td_cli_show_leaf),
		LEAF_DEF(X "/metrics/max-connections", td_cli_show_leaf),
		STATE(X "/state/zebra-connected", td_state_zebra_get),
		STATE(X "/state/data-plane-interface-up", td_state_ifup_get),
		STATE(X "/state/healthy", td_state_healthy_get),
		STATE(X "/state/unhealthy-reason", td_state_why_get),
		STATE(X "/state/draining", td_state_draining_get),
		STATE(X "/state/drain-remaining", td_state_drainleft_get),
		STATE(X "/state/translating", td_state_translating_get),
		STATE(X "/state/metrics-endpoint", td_state_metrics_get),
		STATE(X "/state/counters/packets-4to6", td_ctr_p46_get),
		STATE(X "/state/counters/bytes-4to6", td_ctr_b46_get),
		STATE(X "/state/counters/packets-6to4", td_ctr_p64_get),
		STATE(X "/state/counters/bytes-6to4", td_ctr_b64_get),
		STATE(X "/state/counters/icmp-errors-generated", td_ctr_icmp_get),
		STATE(X "/state/counters/fragments-generated", td_ctr_frag_get),
		STATE(X "/state/counters/hairpinned", td_ctr_hairpin_get),
		STATE_LIST(X "/state/counters/drop", td_drop_get_next,
			   td_drop_get_keys, td_drop_lookup),
		STATE(X "/state/counters/drop/reason", td_drop_reason_get),
		STATE(X "/state/counters/drop/packets", td_drop_packets_get),
		STATE_LIST(X "/state/advertisement", td_advst_get_next,
			   td_advst_get_keys, td_advst_lookup),
		STATE(X "/state/advertisement/prefix", td_advst_prefix_get),
		STATE(X "/state/advertisement/state", td_advst_state_get),
		STATE(X "/state/advertisement/installed", td_advst_installed_get),
		STATE_LIST(X "/state/mapping", td_map_get_next, td_map_get_keys,
			   td_map_lookup),
		STATE(X "/state/mapping/ipv4-prefix", td_map_v4_get),
		STATE(X "/state/mapping/ipv6-prefix", td_map_v6_get),
		STATE(X "/state/mapping/advertised", td_map_adv_get),
		STATE(X "/state/mapping/health-state", td_map_health_get),
		STATE_LIST(X "/state/health-check", td_hc_get_next,
			   td_hc_get_keys, td_hc_lookup),
		STATE(X "/state/health-check/name", td_hc_name_get),
		STATE(X "/state/health-check/state", td_hc_state_get),
		STATE(X "/state/health-check/last-result", td_hc_result_get),
		STATE(X "/state/health-check/probes", td_hc_probes_get),
		STATE(X "/state/health-check/failures", td_hc_failures_get),
		STATE(X "/state/health-check/type", td_hc_type_get),
		STATE(X "/state/health-check/scope", td_hc_scope_get),
		{
			.xpath = X "/state/health-check/mapping",
			.cbs = {
				.get_next = td_hc_mapping_get_next,
				.get_elem = td_hc_mapping_get,
			},
		},
		STATE(X "/state/health-check/healthy", td_hc_healthy_get),
		STATE(X "/state/health-check/withdrawing", td_hc_withdrawing_get),
		STATE(X "/state/health-check/target", td_hc_target_get),
		STATE(X "/state/health-check/not-probed-reason", td_hc_notprobed_get),
		STATE(X "/state/health-check/last-detail", td_hc_detail_get),
		STATE(X "/state/health-check/last-probe", td_hc_lastprobe_get),
		STATE(X "/state/health-check/last-change", td_hc_lastchange_get),
		STATE(X "/state/health-check/last-change-reason", td_hc_changereason_get),
		STATE(X "/state/health-check/successes", td_hc_successes_get),
		STATE(X "/state/health-check/timeouts", td_hc_timeouts_get),
		STATE(X "/state/health-check/transitions", td_hc_transitions_get),
		STATE(X "/state/health-check/hold-down-remaining", td_hc_holddown_get),
		{
			.xpath = NULL,
		},
	}
};
/* clang-format on */
