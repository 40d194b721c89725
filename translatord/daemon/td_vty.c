/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Show commands: show translator [mappings|statistics|advertisements]
 * [json]. JSON keys are camelCase, like FRR's own.
 */
#include <zebra.h>

#include <arpa/inet.h>

#include "command.h"
#include "if.h"
#include "json.h"
#include "prefix.h"
#include "vrf.h"
#include "vty.h"

#include "eamt.h"

#include "td.h"
#include "td_adv.h"
#include "td_config_source.h"
#include "td_dataplane.h"
#include "td_debug.h"
#include "td_health.h"
#include "td_verdict.h"
#include "td_keep.h"
#include "td_metrics.h"
#include "td_running.h"
#include "td_vty.h"
#include "td_zebra.h"

#ifndef VTYSH_EXTRACT_PL
#include "td_vty_clippy.c"
#endif

#define TRANSLATOR_SHOW_STR "Stateless IPv4/IPv6 translator (SIIT/EAM)\n"

static void pool6_str(char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	if (!td_conf.xlat.has_pool6) {
		snprintf(buf, len, "none");
		return;
	}
	inet_ntop(AF_INET6, td_conf.xlat.pool6.addr, a, sizeof(a));
	snprintf(buf, len, "%s/%u", a, td_conf.xlat.pool6.len);
}

static void eam_strs(const struct eamt_entry *e, char *v4, char *v6)
{
	char a4[INET_ADDRSTRLEN], a6[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET, e->v4, a4, sizeof(a4));
	inet_ntop(AF_INET6, e->v6, a6, sizeof(a6));
	snprintf(v4, INET_ADDRSTRLEN + 4, "%s/%u", a4, e->v4len);
	snprintf(v6, INET6_ADDRSTRLEN + 4, "%s/%u", a6, e->v6len);
}

static bool mapping_advertised(const struct prefix_ipv4 *p4)
{
	const void *h = td_adv_find((const struct prefix *)p4);
	struct td_adv_view v;

	if (!h)
		return false;
	td_adv_view(h, &v);
	return v.state == TD_ADV_ANNOUNCED;
}

DEFPY (show_translator_mappings,
       show_translator_mappings_cmd,
       "show translator mappings [json]$json",
       SHOW_STR
       TRANSLATOR_SHOW_STR
       "Address mappings: pool6 and the EAM table\n"
       JSON_STR)
{
	char pool6[INET6_ADDRSTRLEN + 4];
	char v4[INET_ADDRSTRLEN + 4], v6[INET6_ADDRSTRLEN + 4];
	struct eamt_entry e;
	struct prefix_ipv4 p4 = {.family = AF_INET};
	size_t n = eamt_count(td_conf.eamt);
	json_object *jo = NULL, *ja = NULL;
	/* metrics per-mapping-counters: the counts, in the JSON only. */
	uint64_t gen = td_dataplane_mapping_generation();
	bool counted = json && td_conf.metrics.per_mapping &&
		       td_dataplane_mapping_stats_supported();
	struct xlat_mapping_counters mc;

	pool6_str(pool6, sizeof(pool6));
	if (json) {
		jo = json_object_new_object();
		ja = json_object_new_array();
		if (td_conf.xlat.has_pool6)
			json_object_string_add(jo, "pool6", pool6);
		json_object_int_add(jo, "eamCount", n);
		json_object_object_add(jo, "eam", ja);
	} else {
		vty_out(vty, "pool6: %s\nEAM entries: %zu\n", pool6, n);
		if (n)
			vty_out(vty, "%-20s %-44s %-10s %s\n", "IPv4 prefix",
				"IPv6 prefix", "Advertised", "Health");
	}
	for (size_t i = 0; eamt_get(td_conf.eamt, i, &e); i++) {
		bool adv;
		const char *health;

		p4.prefixlen = e.v4len;
		memcpy(&p4.prefix, e.v4, 4);
		adv = mapping_advertised(&p4);
		health = td_health_mapping_state(&p4);
		eam_strs(&e, v4, v6);
		if (json) {
			json_object *je = json_object_new_object();

			json_object_string_add(je, "ipv4Prefix", v4);
			json_object_string_add(je, "ipv6Prefix", v6);
			json_object_boolean_add(je, "advertised", adv);
			json_object_string_add(je, "health", health);
			if (counted && td_dataplane_mapping_stats(gen, i, &mc)) {
				json_object_int_add(je, "packets4to6", mc.pkts_4to6);
				json_object_int_add(je, "bytes4to6", mc.bytes_4to6);
				json_object_int_add(je, "packets6to4", mc.pkts_6to4);
				json_object_int_add(je, "bytes6to4", mc.bytes_6to4);
			}
			json_object_array_add(ja, je);
		} else {
			vty_out(vty, "%-20s %-44s %-10s %s\n", v4, v6,
				adv ? "yes" : "no", health);
		}
	}
	return json ? vty_json(vty, jo) : CMD_SUCCESS;
}

DEFPY (show_translator_statistics,
       show_translator_statistics_cmd,
       "show translator statistics [json]$json",
       SHOW_STR
       TRANSLATOR_SHOW_STR
       "Packet counters and drops by reason\n"
       JSON_STR)
{
	struct xlat_counters c;
	json_object *jo = NULL, *jd = NULL;
	uint64_t drops = 0;

	td_dataplane_stats_since_clear(&c);
	for (int r = 1; r < XLAT_DROP__COUNT; r++)
		drops += c.drops[r];
	if (json) {
		jo = json_object_new_object();
		json_object_string_add(jo, "dataPlane", td_dataplane_backend());
		json_object_int_add(jo, "packets4to6", c.pkts_4to6);
		json_object_int_add(jo, "bytes4to6", c.bytes_4to6);
		json_object_int_add(jo, "packets6to4", c.pkts_6to4);
		json_object_int_add(jo, "bytes6to4", c.bytes_6to4);
		json_object_int_add(jo, "icmpErrorsGenerated",
				    c.icmp_errors_generated);
		json_object_int_add(jo, "icmpErrorsRateLimited",
				    c.icmp_errors_rate_limited);
		json_object_int_add(jo, "fragmentsGenerated",
				    c.fragments_generated);
		json_object_int_add(jo, "hairpinned", c.hairpinned);
		json_object_int_add(jo, "dropped", drops);
		jd = json_object_new_object();
		for (int r = 1; r < XLAT_DROP__COUNT; r++)
			json_object_int_add(jd, xlat_drop_reason_name(r),
					    c.drops[r]);
		json_object_object_add(jo, "drops", jd);
		return vty_json(vty, jo);
	}
	vty_out(vty, "Data plane: %s\n", td_dataplane_backend());
	vty_out(vty, "Translated 4->6: %" PRIu64 " packets, %" PRIu64 " bytes\n",
		c.pkts_4to6, c.bytes_4to6);
	vty_out(vty, "Translated 6->4: %" PRIu64 " packets, %" PRIu64 " bytes\n",
		c.pkts_6to4, c.bytes_6to4);
	vty_out(vty,
		"ICMP errors generated: %" PRIu64 " (%" PRIu64
		" more not sent: rate limit), fragments generated: %" PRIu64
		", hairpinned: %" PRIu64 "\n",
		c.icmp_errors_generated, c.icmp_errors_rate_limited,
		c.fragments_generated, c.hairpinned);
	vty_out(vty, "Dropped: %" PRIu64 "\n", drops);
	for (int r = 1; r < XLAT_DROP__COUNT; r++)
		vty_out(vty, "  %-42s %" PRIu64 "\n", xlat_drop_reason_name(r),
			c.drops[r]);
	return CMD_SUCCESS;
}

DEFPY (clear_translator_statistics,
       clear_translator_statistics_cmd,
       "clear translator statistics",
       CLEAR_STR
       "Stateless IPv4/IPv6 translator\n"
       "Packet counters and drops, as `show translator statistics` shows them\n")
{
	td_dataplane_clear_stats();
	zlog_info("translator statistics cleared (show only: /metrics keeps counting)");
	return CMD_SUCCESS;
}

struct adv_show {
	struct vty *vty;
	json_object *prefixes; /* NULL: text */
	unsigned count[TD_ADV_WITHDRAWN + 1];
	unsigned installed;
};

static void adv_show_cb(const struct td_adv_view *v, void *arg)
{
	struct adv_show *s = arg;
	const char *state = td_adv_state_name(v->state);
	const char *zebra = td_adv_zebra_name(v->zebra);

	s->count[v->state]++;
	s->installed += v->zebra == TD_ZEBRA_INSTALLED;
	if (s->prefixes) {
		json_object *jp = json_object_new_object();
		char buf[PREFIX_STRLEN];

		json_object_string_add(jp, "state", state);
		json_object_string_add(jp, "zebra", zebra);
		json_object_object_add(s->prefixes,
				       prefix2str(v->p, buf, sizeof(buf)), jp);
	} else {
		vty_out(s->vty, "%-44pFX %-12s %s\n", v->p, state, zebra);
	}
}

static void adv_count_cb(const struct td_adv_view *v, void *arg)
{
	struct adv_show *s = arg;

	s->count[v->state]++;
	s->installed += v->zebra == TD_ZEBRA_INSTALLED;
}

DEFPY (show_translator_advertisements,
       show_translator_advertisements_cmd,
       "show translator advertisements [json]$json",
       SHOW_STR
       TRANSLATOR_SHOW_STR
       "Prefixes announced to zebra (EAM IPv4 prefixes and pool6)\n"
       JSON_STR)
{
	const struct td_adv_attrs *a = td_adv_get_attrs();
	const struct td_adv_counters *c = td_adv_get_counters();
	struct adv_show s = {.vty = vty};
	json_object *jo = NULL, *jc;

	if (json) {
		jo = json_object_new_object();
		s.prefixes = json_object_new_object();
		json_object_string_add(jo, "interface", td_dataplane_ifname());
		json_object_boolean_add(jo, "shutdown", td_conf.shutdown);
		json_object_int_add(jo, "ifindex", td_adv_nexthop_ifindex());
		json_object_boolean_add(jo, "interfaceUp",
					td_adv_nexthop_ifindex() != 0);
		json_object_boolean_add(jo, "zebraConnected",
					td_zebra_connected());
		json_object_int_add(jo, "distance", a->distance);
		if (a->has_tag)
			json_object_int_add(jo, "tag", a->tag);
		if (a->has_metric)
			json_object_int_add(jo, "metric", a->metric);
		json_object_int_add(jo, "holddownMs", a->holddown_ms);
		json_object_int_add(jo, "keptLocal", td_keep_count());
	} else {
		vty_out(vty, "Nexthop interface: %s (%s)%s\n",
			td_dataplane_ifname()[0] ? td_dataplane_ifname()
						 : "none",
			td_adv_nexthop_ifindex() ? "up" : "down",
			td_conf.shutdown ? "; shut down: nothing announced"
					 : "");
		vty_out(vty, "Zebra: %s\n",
			td_zebra_connected() ? "connected" : "not connected");
		if (td_keep_count())
			vty_out(vty,
				"Draining: %zu routes kept local (table instance %u, not redistributed) until drain-time ends\n",
				td_keep_count(), TD_KEEP_INSTANCE);
		vty_out(vty, "Route type table, instance 0, distance %u",
			a->distance);
		if (a->has_tag)
			vty_out(vty, ", tag %u", a->tag);
		if (a->has_metric)
			vty_out(vty, ", metric %u", a->metric);
		vty_out(vty, ", hold-down %u ms\n\n%-44s %-12s %s\n",
			a->holddown_ms, "Prefix", "State", "Zebra");
	}
	td_adv_walk(adv_show_cb, &s);

	if (json) {
		json_object_object_add(jo, "prefixes", s.prefixes);
		jc = json_object_new_object();
		json_object_int_add(jc, "announced",
				    s.count[TD_ADV_ANNOUNCED]);
		json_object_int_add(jc, "installed", s.installed);
		json_object_int_add(jc, "queued", s.count[TD_ADV_QUEUED]);
		json_object_int_add(jc, "heldDown", s.count[TD_ADV_HELD_DOWN]);
		json_object_int_add(jc, "waiting", s.count[TD_ADV_WAITING]);
		json_object_int_add(jc, "withdrawing",
				    s.count[TD_ADV_WITHDRAWING]);
		json_object_int_add(jc, "withdrawn", s.count[TD_ADV_WITHDRAWN]);
		json_object_int_add(jc, "addsSent", c->adds_sent);
		json_object_int_add(jc, "deletesSent", c->deletes_sent);
		json_object_int_add(jc, "resyncs", c->resyncs);
		json_object_int_add(jc, "batches", c->batches);
		json_object_int_add(jc, "bufferFull", c->buffered);
		json_object_object_add(jo, "counters", jc);
		return vty_json(vty, jo);
	}
	vty_out(vty,
		"\n%u announced (%u installed), %u queued, %u held down, %u waiting, %u withdrawing\n",
		s.count[TD_ADV_ANNOUNCED], s.installed, s.count[TD_ADV_QUEUED],
		s.count[TD_ADV_HELD_DOWN], s.count[TD_ADV_WAITING],
		s.count[TD_ADV_WITHDRAWING]);
	vty_out(vty,
		"Sent %" PRIu64 " adds, %" PRIu64 " deletes; %" PRIu64 " resyncs, %" PRIu64 " batches\n",
		c->adds_sent, c->deletes_sent, c->resyncs, c->batches);
	return CMD_SUCCESS;
}

DEFPY (show_translator,
       show_translator_cmd,
       "show translator [json]$json",
       SHOW_STR
       TRANSLATOR_SHOW_STR
       JSON_STR)
{
	const struct td_conf *c = &td_conf;
	char pool6[INET6_ADDRSTRLEN + 4], a[INET6_ADDRSTRLEN];
	struct adv_show s = {.vty = vty};
	json_object *jo, *jd, *ja, *jh, *jc;
	struct td_hc_view *v;
	struct td_node_health nh;
	char mbuf[256], tbuf[32];
	size_t nv;
	struct {
		const char *file;
		time_t at;
		unsigned changes;
		char first[XPATH_MAXLEN];
	} src = {};

	pool6_str(pool6, sizeof(pool6));
	td_adv_walk(adv_count_cb, &s);
	jo = json_object_new_object();
	json_object_boolean_add(jo, "configured", c->configured);
	json_object_boolean_add(jo, "shutdown", c->shutdown);
	json_object_int_add(jo, "drainTime", c->drain_time_s);
	if (c->xlat.has_pool6)
		json_object_string_add(jo, "pool6", pool6);
	json_object_int_add(jo, "eamCount", eamt_count(c->eamt));
	if (c->xlat.has_pool6791_v4)
		json_object_string_addf(jo, "rfc6791PoolIpv4", "%pI4/%u",
					(struct in_addr *)c->xlat.pool6791_v4,
					c->xlat.pool6791_v4_len);
	if (c->xlat.has_pool6791_v6)
		json_object_string_addf(jo, "rfc6791PoolIpv6", "%pI6/%u",
					(struct in6_addr *)c->xlat.pool6791_v6,
					c->xlat.pool6791_v6_len);
	if (c->xlat.has_own_v4)
		json_object_string_addf(jo, "ownAddressIpv4", "%pI4",
					(struct in_addr *)c->xlat.own_v4);
	if (c->xlat.has_own_v6)
		json_object_string_addf(jo, "ownAddressIpv6", "%pI6",
					(struct in6_addr *)c->xlat.own_v6);
	json_object_int_add(jo, "lowestIpv6Mtu", c->xlat.lowest_ipv6_mtu);
	if (c->xlat.tos_override)
		json_object_int_add(jo, "tosOverride", c->xlat.tos);
	json_object_string_add(jo, "zeroChecksumUdp",
			       c->xlat.zero_csum_policy == XLAT_ZERO_CSUM_DROP
				       ? "drop"
				       : "compute");
	jd = json_object_new_object();
	json_object_string_add(jd, "type",
			       c->dp.type == TD_DP_TUN ? "tun" : "bpf");
	json_object_string_add(jd, "backend", td_dataplane_backend());
	json_object_string_add(jd, "interface", c->dp.ifname);
	json_object_boolean_add(jd, "interfaceUp",
				td_adv_nexthop_ifindex() != 0);
	if (c->dp.if4[0])
		json_object_string_add(jd, "ipv4Interface", c->dp.if4);
	if (c->dp.if6[0])
		json_object_string_add(jd, "ipv6Interface", c->dp.if6);
	json_object_int_add(jd, "threads", c->dp.threads);
	json_object_int_add(jd, "ipv4Mtu", c->dp.mtu4);
	json_object_int_add(jd, "ipv6Mtu", c->dp.mtu6);
	json_object_object_add(jo, "dataPlane", jd);
	ja = json_object_new_object();
	json_object_boolean_add(ja, "zebraConnected", td_zebra_connected());
	json_object_int_add(ja, "distance", c->adv.distance);
	if (c->adv.has_tag)
		json_object_int_add(ja, "tag", c->adv.tag);
	if (c->adv.has_metric)
		json_object_int_add(ja, "metric", c->adv.metric);
	json_object_int_add(ja, "holddownMs", c->adv.holddown_ms);
	json_object_int_add(ja, "announced", s.count[TD_ADV_ANNOUNCED]);
	json_object_int_add(ja, "installed", s.installed);
	json_object_object_add(jo, "advertise", ja);
	jh = json_object_new_array();
	nv = td_health_views(&v);
	for (size_t i = 0; i < nv; i++) {
		jc = json_object_new_object();
		json_object_string_add(jc, "name", v[i].name);
		json_object_string_add(jc, "type", v[i].type);
		json_object_string_add(jc, "scope",
				       v[i].scope_node ? "node" : "mapping");
		json_object_int_add(jc, "mappings", v[i].n_mappings);
		json_object_string_add(jc, "state",
				       health_state_name(v[i].st.state));
		json_object_boolean_add(jc, "healthy", v[i].healthy);
		json_object_boolean_add(jc, "withdrawing", v[i].withdrawing);
		if (v[i].not_probed)
			json_object_string_add(jc, "reason", v[i].not_probed);
		json_object_array_add(jh, jc);
	}
	json_object_object_add(jo, "healthChecks", jh);
	td_verdict_view(&nh);
	json_object_boolean_add(jo, "nodeHealthy", nh.healthy);
	json_object_boolean_add(jo, "translating", nh.translating);
	json_object_string_add(jo, "metricsListen", c->metrics.listen);
	json_object_int_add(jo, "metricsPort", c->metrics.port);
	td_metrics_endpoint(mbuf, sizeof(mbuf));
	json_object_string_add(jo, "metricsEndpoint", mbuf);
	src.file = td_config_source_file(&src.at);
	if (src.file) {
		src.changes = td_config_source_changes(src.first,
						       sizeof(src.first));
		json_object_string_add(jo, "configFile", src.file);
		json_object_int_add(jo, "configLoadedAt", src.at);
		json_object_int_add(jo, "configChangesSinceLoad", src.changes);
	}
	if (json) {
		XFREE(MTYPE_TMP, v);
		return vty_json(vty, jo);
	}

	vty_out(vty, "Translator: %s%s\n",
		c->configured ? "configured" : "not configured",
		c->shutdown ? ", shut down (drained)" : "");
	if (src.file) {
		struct tm tm;

		strftime(tbuf, sizeof(tbuf), "%F %T",
			 localtime_r(&src.at, &tm));
		vty_out(vty,
			"  configuration: %s (--config-json), loaded %s; %u change%s since, which the next SIGHUP drops%s%s\n",
			src.file, tbuf, src.changes,
			src.changes == 1 ? "" : "s", src.changes ? "; first: " : "",
			src.changes ? src.first : "");
	}
	vty_out(vty, "  pool6: %s, EAM entries: %zu\n", pool6,
		eamt_count(c->eamt));
	if (c->xlat.has_pool6791_v4)
		vty_out(vty, "  RFC 6791 pool IPv4: %pI4/%u\n",
			(struct in_addr *)c->xlat.pool6791_v4,
			c->xlat.pool6791_v4_len);
	if (c->xlat.has_pool6791_v6)
		vty_out(vty, "  RFC 6791 pool IPv6: %pI6/%u\n",
			(struct in6_addr *)c->xlat.pool6791_v6,
			c->xlat.pool6791_v6_len);
	if (c->xlat.has_own_v4)
		vty_out(vty, "  own address IPv4: %s\n",
			inet_ntop(AF_INET, c->xlat.own_v4, a, sizeof(a)));
	if (c->xlat.has_own_v6)
		vty_out(vty, "  own address IPv6: %s\n",
			inet_ntop(AF_INET6, c->xlat.own_v6, a, sizeof(a)));
	vty_out(vty, "  lowest IPv6 MTU: %u, TOS: %s, zero-checksum UDP: %s\n",
		c->xlat.lowest_ipv6_mtu,
		c->xlat.tos_override ? "overridden" : "copied",
		c->xlat.zero_csum_policy == XLAT_ZERO_CSUM_DROP ? "drop"
							       : "compute");
	vty_out(vty, "Data plane: %s on %s (%s), running: %s\n",
		c->dp.type == TD_DP_TUN ? "tun" : "bpf", c->dp.ifname,
		td_adv_nexthop_ifindex() ? "up" : "down",
		td_dataplane_backend());
	vty_out(vty,
		"Advertise: distance %u, tag %s, metric %s, hold-down %u ms; zebra %s; %u announced, %u installed\n",
		c->adv.distance, c->adv.has_tag ? "set" : "none",
		c->adv.has_metric ? "set" : "none", c->adv.holddown_ms,
		td_zebra_connected() ? "connected" : "not connected",
		s.count[TD_ADV_ANNOUNCED], s.installed);
	vty_out(vty, "Node: %s%s%s; data plane %s\n",
		nh.healthy ? "healthy" : "not healthy",
		nh.healthy ? "" : ": ", nh.healthy ? "" : nh.why,
		nh.translating ? "translating" : "stopped (drained)");
	vty_out(vty, "Health checks: %zu (show translator health)\n", nv);
	for (size_t i = 0; i < nv; i++)
		vty_out(vty, "  %-24s %-9s scope %-7s %-8s %s\n", v[i].name,
			v[i].type, v[i].scope_node ? "node" : "mapping",
			health_state_name(v[i].st.state),
			v[i].not_probed ? v[i].not_probed : "");
	td_metrics_endpoint(mbuf, sizeof(mbuf));
	vty_out(vty, "Metrics: %s port %u%s; endpoint: %s\n", c->metrics.listen,
		c->metrics.port,
		c->metrics.per_mapping ? ", per-mapping counters" : "", mbuf);
	XFREE(MTYPE_TMP, v);
	json_object_free(jo);
	return CMD_SUCCESS;
}

/* "2024-07-01T12:00:00.123Z (3.2 s ago)"; "never" for 0. */
static const char *when_str(uint64_t wall_ms, char *buf, size_t len,
			    bool ago)
{
	struct timespec now;
	time_t t = (time_t)(wall_ms / 1000);
	struct tm tm;
	size_t n;
	int64_t d;

	if (!wall_ms) {
		snprintf(buf, len, "never");
		return buf;
	}
	gmtime_r(&t, &tm);
	n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	n += snprintf(buf + n, len - n, ".%03uZ", (unsigned)(wall_ms % 1000));
	if (ago && n < len) {
		clock_gettime(CLOCK_REALTIME, &now);
		d = (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000 -
		    (int64_t)wall_ms;
		snprintf(buf + n, len - n, " (%" PRId64 ".%" PRId64 " s ago)",
			 d / 1000, (d % 1000) / 100);
	}
	return buf;
}

static const char *adv_state_of(const struct prefix *p)
{
	const void *h = td_adv_find(p);
	struct td_adv_view v;

	if (!h)
		return "not announced";
	td_adv_view(h, &v);
	return td_adv_state_name(v.state);
}

static json_object *check_json(const struct td_hc_view *c)
{
	json_object *jc = json_object_new_object(), *jm;
	const struct health_check_status *st = &c->st;
	char buf[64];

	json_object_string_add(jc, "name", c->name);
	json_object_string_add(jc, "type", c->type);
	json_object_string_add(jc, "scope", c->scope_node ? "node" : "mapping");
	json_object_boolean_add(jc, "builtin", c->builtin);
	json_object_string_add(jc, "state", health_state_name(st->state));
	json_object_boolean_add(jc, "healthy", c->healthy);
	json_object_boolean_add(jc, "withdrawing", c->withdrawing);
	if (c->not_probed)
		json_object_string_add(jc, "notProbed", c->not_probed);
	if (st->target[0])
		json_object_string_add(jc, "target", st->target);
	if (!c->not_probed) {
		json_object_int_add(jc, "intervalMs", st->interval_ms);
		json_object_int_add(jc, "fastIntervalMs", st->fast_interval_ms);
		json_object_int_add(jc, "timeoutMs", st->timeout_ms);
		json_object_int_add(jc, "rise", st->rise);
		json_object_int_add(jc, "fall", st->fall);
		json_object_int_add(jc, "progress", st->progress);
		json_object_int_add(jc, "flaps", st->flaps);
		json_object_int_add(jc, "holdDownLeftMs", st->hold_down_left_ms);
	}
	json_object_string_add(jc, "lastResult",
			       health_result_name(st->last_result));
	json_object_string_add(jc, "lastDetail", st->last_detail);
	json_object_int_add(jc, "lastDurationUs", st->last_duration_us);
	json_object_int_add(jc, "lastProbeMs", st->last_probe_wall_ms);
	json_object_string_add(jc, "lastProbe",
			       when_str(st->last_probe_wall_ms, buf,
					sizeof(buf), false));
	json_object_int_add(jc, "lastChangeMs", st->last_change_wall_ms);
	json_object_string_add(jc, "lastChange",
			       when_str(st->last_change_wall_ms, buf,
					sizeof(buf), false));
	json_object_string_add(jc, "lastChangeReason", st->last_change_reason);
	json_object_int_add(jc, "probes", st->counters.probes);
	json_object_int_add(jc, "successes", st->counters.successes);
	json_object_int_add(jc, "failures", st->counters.failures);
	json_object_int_add(jc, "timeouts", st->counters.timeouts);
	json_object_int_add(jc, "transitions", st->counters.transitions);
	/* Which routes it controls. */
	json_object_boolean_add(jc, "controlsAll", c->scope_node);
	jm = json_object_new_array();
	for (size_t j = 0; j < c->n_mappings; j++)
		json_object_array_add(
			jm, json_object_new_stringf(
				    "%pFX", (struct prefix *)&c->mappings[j]));
	json_object_object_add(jc, "controls", jm);
	return jc;
}

static void check_text(struct vty *vty, const struct td_hc_view *c)
{
	const struct health_check_status *st = &c->st;
	char buf[96];

	vty_out(vty, "Check %s (%s%s, scope %s): %s, %s\n", c->name, c->type,
		c->builtin ? ", built-in" : "",
		c->scope_node ? "node" : "mapping",
		health_state_name(st->state),
		c->withdrawing ? "withdrawing the routes it controls"
		: c->healthy   ? "healthy"
			       : "does not vote");
	if (c->not_probed)
		vty_out(vty, "  not probed:  %s\n", c->not_probed);
	if (st->target[0])
		vty_out(vty, "  target:      %s\n", st->target);
	if (!c->not_probed) {
		vty_out(vty,
			"  timing:      interval %u ms, fast %u ms, timeout %u ms, rise %u, fall %u\n",
			st->interval_ms, st->fast_interval_ms, st->timeout_ms,
			st->rise, st->fall);
		vty_out(vty, "  last result: %s in %u.%03u ms at %s: %s\n",
			health_result_name(st->last_result),
			st->last_duration_us / 1000,
			st->last_duration_us % 1000,
			when_str(st->last_probe_wall_ms, buf, sizeof(buf), true),
			st->last_detail);
		if (st->state == HEALTH_STATE_RISING ||
		    st->state == HEALTH_STATE_FALLING)
			vty_out(vty, "  pending:     %u of %u\n", st->progress,
				st->state == HEALTH_STATE_RISING ? st->rise
								 : st->fall);
		if (st->hold_down_left_ms || st->flaps)
			vty_out(vty,
				"  hold-down:   %" PRIu64 " ms left (doubled %u times by flapping)\n",
				st->hold_down_left_ms, st->flaps);
	}
	vty_out(vty, "  last change: %s: %s\n",
		when_str(st->last_change_wall_ms, buf, sizeof(buf), true),
		st->last_change_reason);
	vty_out(vty,
		"  counters:    %" PRIu64 " probes, %" PRIu64 " ok, %" PRIu64
		" failed (%" PRIu64 " timeouts), %" PRIu64 " transitions\n",
		st->counters.probes, st->counters.successes,
		st->counters.failures, st->counters.timeouts,
		st->counters.transitions);
	if (c->scope_node) {
		vty_out(vty,
			"  controls:    every route of this node (pool6 and %zu mappings)\n",
			eamt_count(td_conf.eamt));
		return;
	}
	vty_out(vty, "  controls:   ");
	for (size_t j = 0; j < c->n_mappings; j++)
		vty_out(vty, " %pFX (%s)", (struct prefix *)&c->mappings[j],
			adv_state_of((struct prefix *)&c->mappings[j]));
	vty_out(vty, "\n");
}

DEFPY (show_translator_health,
       show_translator_health_cmd,
       "show translator health [json]$json",
       SHOW_STR
       TRANSLATOR_SHOW_STR
       "Health checks: state, last result, counters, the routes each controls\n"
       JSON_STR)
{
	struct td_hc_view *v;
	size_t nv = td_health_views(&v);
	struct td_node_health nh;
	json_object *jo, *ja;

	td_verdict_view(&nh);
	if (json) {
		jo = json_object_new_object();
		json_object_boolean_add(jo, "nodeHealthy", nh.healthy);
		if (!nh.healthy)
			json_object_string_add(jo, "reason", nh.why);
		json_object_boolean_add(jo, "shutdown", td_conf.shutdown);
		json_object_boolean_add(jo, "routesWithdrawn", nh.withdrawn);
		json_object_boolean_add(jo, "translating", nh.translating);
		json_object_int_add(jo, "drainTime", td_conf.drain_time_s);
		json_object_int_add(jo, "drainRemaining", nh.drain_left_s);
		json_object_boolean_add(jo, "selfTest", td_conf.self_test);
		ja = json_object_new_array();
		for (size_t i = 0; i < nv; i++)
			json_object_array_add(ja, check_json(&v[i]));
		json_object_object_add(jo, "checks", ja);
		XFREE(MTYPE_TMP, v);
		return vty_json(vty, jo);
	}
	vty_out(vty, "Node: %s%s%s\n", nh.healthy ? "healthy" : "NOT healthy",
		nh.healthy ? "" : ": ", nh.healthy ? "" : nh.why);
	if (nh.withdrawn)
		vty_out(vty,
			"  every route withdrawn; data plane %s (drain-time %u s)\n",
			nh.translating ? "still translating" : "stopped",
			td_conf.drain_time_s);
	if (nh.withdrawn && nh.translating)
		vty_out(vty, "  translation stops in %u s unless healthy again\n",
			nh.drain_left_s);
	for (size_t i = 0; i < nv; i++) {
		vty_out(vty, "\n");
		check_text(vty, &v[i]);
	}
	if (!nv)
		vty_out(vty, "No health check.\n");
	XFREE(MTYPE_TMP, v);
	return CMD_SUCCESS;
}

/* ---- debugging ---- */

DEFPY (debug_translator,
       debug_translator_cmd,
       "[no] debug translator [{zebra$zebra|northbound$northbound|health$health|dataplane$dataplane|events$events}]",
       NO_STR
       DEBUG_STR
       "translatord\n"
       "Routes sent to zebra and its answers\n"
       "Configuration commits\n"
       "Health checks and the node verdict\n"
       "Data-plane creation, replacement and table updates\n"
       "Daemon events (start-up, signals, reloads)\n")
{
	td_debug_set(vty->node, !no, !!zebra, !!northbound, !!health,
		     !!dataplane, !!events);
	return CMD_SUCCESS;
}

/* Not for vtysh's command tree (_NOSH): vtysh's own `show debugging`
 * asks every daemon, this one included. */
DEFUN_NOSH (show_debugging_translator,
	    show_debugging_translator_cmd,
	    "show debugging [translator]",
	    SHOW_STR
	    DEBUG_STR
	    "translatord\n")
{
	vty_out(vty, "translatord debugging status:\n");
	td_debug_status_write(vty);
	return CMD_SUCCESS;
}

static struct cmd_node td_debug_node = {
	.name = "debug",
	.node = DEBUG_NODE,
	.prompt = "",
	.config_write = td_debug_config_write,
};

void td_vty_init(void)
{
	td_debug_init();
	install_node(&td_debug_node);
	install_element(ENABLE_NODE, &debug_translator_cmd);
	install_element(CONFIG_NODE, &debug_translator_cmd);
	install_element(ENABLE_NODE, &show_debugging_translator_cmd);
	install_element(VIEW_NODE, &show_translator_health_cmd);
	install_element(VIEW_NODE, &show_translator_cmd);
	install_element(VIEW_NODE, &show_translator_mappings_cmd);
	install_element(VIEW_NODE, &show_translator_statistics_cmd);
	install_element(ENABLE_NODE, &clear_translator_statistics_cmd);
	install_element(VIEW_NODE, &show_translator_advertisements_cmd);
}
