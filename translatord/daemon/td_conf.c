/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The configuration object: a struct td_conf built from translatord's
 * YANG data tree, with every semantic check (the config library's, the
 * same rules and messages as the JSON loader: RFC 6052 prefix lengths,
 * EAM suffix lengths, host bits, duplicate IPv6 sides), and its defaults
 * and lifetime.
 */
#include <zebra.h>

#include <arpa/inet.h>

#include "memory.h"
#include "yang.h"

#include "eamt.h"
#include "translatord_config.h"

#include "td.h"
#include "td_adv.h"
#include "td_conf.h"
#include "td_dataplane.h"
#include "td_health.h"

DEFINE_MTYPE_STATIC(TRANSLATORD, TD_CHECK, "Health check configuration");

void td_conf_init(struct td_conf *c)
{
	memset(c, 0, sizeof(*c));
	xlat_config_init(&c->xlat);
	c->adv.distance = TD_ADV_DISTANCE_DEFAULT;
	c->adv.holddown_ms = TD_ADV_HOLDDOWN_MIN_MS;
	c->drain_time_s = 30;
	c->dp.type = TD_DP_BPF;
	snprintf(c->dp.ifname, sizeof(c->dp.ifname), "%s",
		 TD_DATAPLANE_IFNAME_DEFAULT);
	c->dp.mtu4 = 1500;
	c->dp.mtu6 = 1500;
	snprintf(c->metrics.listen, sizeof(c->metrics.listen), "127.0.0.1");
	c->metrics.port = 9641;
	c->self_test = true;
}

void td_conf_free(struct td_conf *c)
{
	if (c->eamt)
		eamt_destroy(c->eamt);
	for (size_t i = 0; i < c->n_checks; i++)
		XFREE(MTYPE_TD_CHECK, c->checks[i].mappings);
	XFREE(MTYPE_TD_CHECK, c->checks);
	td_conf_init(c);
}

static void *check_alloc(size_t size)
{
	return XCALLOC(MTYPE_TD_CHECK, size);
}

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

/* What an icmp/tcp/http/script/file check lacks to probe; NULL when
 * complete. */
static const char *check_incomplete(const struct lyd_node *e,
				    const struct td_check_conf *hc)
{
	switch (hc->type) {
	case HEALTH_CHECK_ICMP:
	case HEALTH_CHECK_TCP:
	case HEALTH_CHECK_HTTP:
		if (!child(e, "target"))
			return "incomplete: no target";
		if (hc->type != HEALTH_CHECK_ICMP && !child(e, "port"))
			return "incomplete: no port";
		break;
	case HEALTH_CHECK_SCRIPT:
		if (!child(e, "script"))
			return "incomplete: no script";
		break;
	case HEALTH_CHECK_FILE:
		if (!child(e, "file"))
			return "incomplete: no file";
		break;
	case HEALTH_CHECK_DATAPLANE: /* built in, never configured */
	case HEALTH_CHECK_TYPE_COUNT:
		break;
	}
	if (!hc->scope_node && !hc->n_mappings)
		return "incomplete: scope mapping without any mapping";
	return NULL;
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

	health_check_config_init(h, hc->type);
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
		hc->mappings = check_alloc(nm * sizeof(*hc->mappings));
	LY_LIST_FOR (lyd_child(e), n) {
		const char *name = sname(n);

		if (!strcmp(name, "type")) {
			/* The YANG enumeration admits the five configurable
			 * types; the engine's name list decides the value. */
			if (health_check_type_parse(lyd_get_value(n), &hc->type) ||
			    hc->type == HEALTH_CHECK_DATAPLANE)
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
	c->checks = check_alloc(count * sizeof(*c->checks));
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
