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

#include "td_yang_defaults.h"

#include "td.h"
#include "td_adv.h"
#include "td_conf.h"
#include "td_dataplane.h"
#include "td_health.h"

DEFINE_MTYPE_STATIC(TRANSLATORD, TD_CHECK, "Health check configuration");

/* The YANG module's defaults (td_yang_defaults.h is made from it): an
 * unconfigured node starts from them. A configured one gets them from
 * the tree, where libyang puts every default leaf. */
static enum td_dp_type dp_type(const char *name)
{
	return strcmp(name, "tun") ? TD_DP_BPF : TD_DP_TUN;
}

void td_conf_init(struct td_conf *c)
{
	memset(c, 0, sizeof(*c));
	xlat_config_init(&c->xlat);
	c->adv.distance = TD_DEFAULT_ADVERTISE_DISTANCE;
	c->adv.holddown_ms = TD_DEFAULT_ADVERTISE_HOLD_DOWN;
	c->drain_time_s = TD_DEFAULT_DRAIN_TIME;
	c->dp.type = dp_type(TD_DEFAULT_DATA_PLANE_TYPE);
	snprintf(c->dp.ifname, sizeof(c->dp.ifname), "%s",
		 TD_DEFAULT_DATA_PLANE_INTERFACE);
	c->dp.mtu4 = TD_DEFAULT_DATA_PLANE_IPV4_MTU;
	c->dp.mtu6 = TD_DEFAULT_DATA_PLANE_IPV6_MTU;
	c->dp.threads = TD_DEFAULT_DATA_PLANE_THREADS;
	snprintf(c->metrics.listen, sizeof(c->metrics.listen), "%s",
		 TD_DEFAULT_METRICS_LISTEN_ADDRESS);
	c->metrics.port = TD_DEFAULT_METRICS_PORT;
	c->metrics.per_mapping = TD_DEFAULT_METRICS_PER_MAPPING_COUNTERS;
	c->metrics.max_conns = TD_DEFAULT_METRICS_MAX_CONNECTIONS;
	c->self_test = TD_DEFAULT_HEALTH_SELF_TEST;
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

static int fail_at(const struct lyd_node *n, char *err, size_t errlen,
		   const char *fmt, const char *value)
{
	char path[XPATH_MAXLEN], msg[256];

	yang_dnode_get_path(n, path, sizeof(path));
	snprintf(msg, sizeof(msg), fmt, value);
	snprintf(err, errlen, "%s: %s", path, msg);
	return -1;
}

static int build_ifname(const struct lyd_node *dp, const char *leaf,
			char *dst, char *err, size_t errlen)
{
	const struct lyd_node *n = yang_dnode_get(dp, leaf);
	const char *v;

	if (!n)
		return 0;
	v = lyd_get_value(n);
	if (strlen(v) >= IFNAMSIZ) /* the YANG type says so too */
		return fail_at(n, err, errlen, "\"%s\" is too long", v);
	snprintf(dst, IFNAMSIZ, "%s", v);
	return 0;
}

/* Leaves with a YANG default are always in the validated tree; the
 * others are read when present. */
static int build_dp(const struct lyd_node *dp, struct td_conf *c, char *err,
		    size_t errlen)
{
	c->dp.type = dp_type(yang_dnode_get_string(dp, "./type"));
	c->dp.threads = yang_dnode_get_uint16(dp, "./threads");
	c->dp.mtu4 = yang_dnode_get_uint16(dp, "./ipv4-mtu");
	c->dp.mtu6 = yang_dnode_get_uint16(dp, "./ipv6-mtu");
	return build_ifname(dp, "./interface", c->dp.ifname, err, errlen) ||
			       build_ifname(dp, "./ipv4-interface", c->dp.if4,
					    err, errlen) ||
			       build_ifname(dp, "./ipv6-interface", c->dp.if6,
					    err, errlen)
		       ? -1
		       : 0;
}

static void build_adv(const struct lyd_node *adv, struct td_conf *c)
{
	c->adv.distance = yang_dnode_get_uint8(adv, "./distance");
	c->adv.holddown_ms = yang_dnode_get_uint32(adv, "./hold-down");
	if ((c->adv.has_tag = yang_dnode_exists(adv, "./tag")))
		c->adv.tag = yang_dnode_get_uint32(adv, "./tag");
	if ((c->adv.has_metric = yang_dnode_exists(adv, "./metric")))
		c->adv.metric = yang_dnode_get_uint32(adv, "./metric");
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

/* Optional leaves: copied or read when present. */
static void get_str(const struct lyd_node *e, const char *leaf, char *dst,
		    size_t size)
{
	if (yang_dnode_exists(e, leaf))
		yang_dnode_get_string_buf(dst, size, e, leaf);
}

static void get_u32(const struct lyd_node *e, const char *leaf,
		    uint32_t *dst)
{
	if (yang_dnode_exists(e, leaf))
		*dst = yang_dnode_get_uint32(e, leaf);
}

/* The probe engine's configuration from the check's leaves. Absent
 * leaves keep the engine's defaults for the type, which are the YANG
 * defaults (interval, rise and fall have none in YANG: they depend on
 * the type). */
static void build_probe(const struct lyd_node *e, struct td_check_conf *hc)
{
	struct health_check_config *h = &hc->hc;

	health_check_config_init(h, hc->type);
	snprintf(h->name, sizeof(h->name), "%s", hc->name);
	h->init_up = hc->init_up;
	h->disabled = hc->disabled;
	get_u32(e, "./interval", &h->interval_ms);
	get_u32(e, "./fast-interval", &h->fast_interval_ms);
	get_u32(e, "./timeout", &h->timeout_ms);
	get_u32(e, "./hold-down", &h->hold_down_ms);
	get_u32(e, "./hold-down-max", &h->hold_down_max_ms);
	if (yang_dnode_exists(e, "./jitter"))
		h->jitter_pct = yang_dnode_get_uint8(e, "./jitter");
	if (yang_dnode_exists(e, "./rise"))
		h->rise = yang_dnode_get_uint8(e, "./rise");
	if (yang_dnode_exists(e, "./fall"))
		h->fall = yang_dnode_get_uint8(e, "./fall");
	if (yang_dnode_exists(e, "./port"))
		h->port = yang_dnode_get_uint16(e, "./port");
	get_str(e, "./target", h->target, sizeof(h->target));
	get_str(e, "./script", h->script, sizeof(h->script));
	get_str(e, "./file", h->file_path, sizeof(h->file_path));
	get_str(e, "./source/address", h->source, sizeof(h->source));
	get_str(e, "./source/interface", h->interface, sizeof(h->interface));
	get_str(e, "./http/path", h->http_path, sizeof(h->http_path));
	get_str(e, "./http/host", h->http_host, sizeof(h->http_host));
	get_str(e, "./http/body", h->http_body, sizeof(h->http_body));
	if (yang_dnode_exists(e, "./http/status-min")) {
		h->http_status_min = yang_dnode_get_uint16(e, "./http/status-min");
		h->http_status_max = yang_dnode_get_uint16(e, "./http/status-max");
	}
}

static int build_check(const struct lyd_node *e, struct td_check_conf *hc,
		       char *err, size_t errlen)
{
	const struct lyd_node *n;
	size_t nm = 0;
	char herr[HEALTH_ERR_MAX];
	const char *type;

	yang_dnode_get_string_buf(hc->name, sizeof(hc->name), e, "./name");
	LY_LIST_FOR (lyd_child(e), n)
		nm += !strcmp(sname(n), "mapping");
	if (nm)
		hc->mappings = check_alloc(nm * sizeof(*hc->mappings));
	/* The YANG enumeration admits the five configurable types; the
	 * engine's name list decides the value. */
	type = yang_dnode_get_string(e, "./type");
	if (health_check_type_parse(type, &hc->type) ||
	    hc->type == HEALTH_CHECK_DATAPLANE)
		return fail_at(e, err, errlen, "unknown check type \"%s\"",
			       type);
	hc->scope_node = strcmp(yang_dnode_get_string(e, "./scope"), "mapping");
	hc->init_up = !strcmp(yang_dnode_get_string(e, "./init-state"), "up");
	hc->disabled = yang_dnode_exists(e, "./shutdown");
	LY_LIST_FOR (lyd_child(e), n) {
		struct prefix_ipv4 *p = &hc->mappings[hc->n_mappings];

		if (strcmp(sname(n), "mapping"))
			continue;
		if (!str2prefix_ipv4(lyd_get_value(n), p))
			return fail_at(n, err, errlen,
				       "\"%s\" is not an IPv4 prefix",
				       lyd_get_value(n));
		hc->n_mappings++;
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

	c->self_test = yang_dnode_get_bool(h, "./self-test");
	LY_LIST_FOR (lyd_child(h), n)
		count += !strcmp(sname(n), "check");
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
	yang_dnode_get_string_buf(c->metrics.listen, sizeof(c->metrics.listen),
				  m, "./listen-address");
	c->metrics.port = yang_dnode_get_uint16(m, "./port");
	c->metrics.per_mapping = yang_dnode_get_bool(m, "./per-mapping-counters");
	c->metrics.max_conns = yang_dnode_get_uint16(m, "./max-connections");
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
	/* The settings the offline tool reads the same way. */
	translatord_config_read_settings(top, &c->xlat);
	c->shutdown = yang_dnode_exists(top, "./shutdown");
	c->drain_time_s = yang_dnode_get_uint32(top, "./drain-time");
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
