/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The `translator` configuration node (and its `health-check` sub-node):
 * every command edits the YANG candidate (nb_cli_enqueue_change); the
 * northbound (td_nb_config.c) validates and applies. The commands mirror the
 * YANG paths below /translatord:translator, so that
 *   advertise/distance  <->  "advertise distance 10"
 * and `show running-config` prints them the same way (td_cli_show_*).
 *
 *   translator
 *    pool6 2001:db8:64::/96
 *    eam 198.51.100.10/32 2001:db8:1::10/128
 *    rfc6791-pool 198.51.100.248/29
 *    own-address 198.51.100.1
 *    advertise distance 10
 *    data-plane type tun
 *    health-check web type http
 *     scope mapping
 *     mapping 198.51.100.10/32
 *     target 2001:db8:1::10
 *     port 80
 *    exit
 *   exit
 *
 * Prefixes are checked here as typed, before they reach the YANG tree
 * (libyang clears host bits without a word), with the config library's
 * rules and messages.
 */
#include <zebra.h>

#include "command.h"
#include "libfrr.h"
#include "northbound.h"
#include "northbound_cli.h"
#include "prefix.h"
#include "vty.h"
#include "yang.h"

#include "eamt.h"
#include "translatord_config.h"

#include "td_yang_defaults.h"

#include "td.h"
#include "td_cli.h"
#include "td_config_source.h"
#include "td_nb.h"

#ifndef VTYSH_EXTRACT_PL
#include "td_cli_clippy.c"
#endif

#define TRANSLATOR_STR "Stateless IPv4/IPv6 translator (SIIT/EAM)\n"
#define ADV_STR "Announcement of the prefixes to zebra\n"
#define DP_STR "Data plane\n"
#define METRICS_STR "Prometheus metrics endpoint\n"
#define HC_STR "Health check\n"
#define HTTP_STR "HTTP check parameters\n"

static int set_leaf(struct vty *vty, const char *xpath, const char *value)
{
	nb_cli_enqueue_change(vty, xpath, NB_OP_MODIFY, value);
	return nb_cli_apply_changes(vty, NULL);
}

/* A leaf with a YANG default goes back to it; an optional one goes. */
static int reset_leaf(struct vty *vty, const char *xpath)
{
	nb_cli_enqueue_change(vty, xpath, NB_OP_MODIFY, NULL);
	return nb_cli_apply_changes(vty, NULL);
}

static int del_leaf(struct vty *vty, const char *xpath)
{
	nb_cli_enqueue_change(vty, xpath, NB_OP_DESTROY, NULL);
	return nb_cli_apply_changes(vty, NULL);
}

static int cli_error(struct vty *vty, const char *err)
{
	vty_out(vty, "%% %s\n", err);
	return CMD_WARNING_CONFIG_FAILED;
}

/* ---- entering and leaving the node ---- */

DEFPY_YANG_NOSH (translator,
		 translator_cmd,
		 "translator",
		 TRANSLATOR_STR)
{
	int ret;

	/* FRR 8.4 reads a configuration file (-f) in the classic mode with
	 * one commit per line: O(n^2) for n mappings. Group the rest of the
	 * file into one transaction, as vtysh -b does with
	 * XFRR_start_configuration; libfrr commits it when the file's vty
	 * closes. (A semantic error then rejects the whole group, with the
	 * offending node's path in the log.) */
	if (vty->type == VTY_FILE && frr_get_cli_mode() == FRR_CLI_CLASSIC)
		vty->pending_allowed = 1;

	nb_cli_enqueue_change(vty, TD_XPATH, NB_OP_CREATE, NULL);
	ret = nb_cli_apply_changes(vty, NULL);
	if (ret == CMD_SUCCESS)
		VTY_PUSH_XPATH(TRANSLATOR_NODE, TD_XPATH);
	return ret;
}

DEFPY_YANG (no_translator,
	    no_translator_cmd,
	    "no translator",
	    NO_STR
	    TRANSLATOR_STR)
{
	nb_cli_enqueue_change(vty, TD_XPATH, NB_OP_DESTROY, NULL);
	return nb_cli_apply_changes(vty, NULL);
}

/* ---- address mappings ---- */

DEFPY_YANG (td_pool6,
	    td_pool6_cmd,
	    "pool6 X:X::X:X/M$prefix",
	    "RFC 6052 prefix IPv4 addresses are embedded into\n"
	    "IPv6 prefix, length 32, 40, 48, 56, 64 or 96\n")
{
	struct xlat_config x;
	char err[512];

	xlat_config_init(&x);
	if (translatord_config_set_pool6(&x, prefix_str, err, sizeof(err)))
		return cli_error(vty, err);
	return set_leaf(vty, "./pool6", prefix_str);
}

DEFPY_YANG (no_td_pool6,
	    no_td_pool6_cmd,
	    "no pool6 [X:X::X:X/M]",
	    NO_STR
	    "RFC 6052 prefix IPv4 addresses are embedded into\n"
	    "IPv6 prefix\n")
{
	return del_leaf(vty, "./pool6");
}

/* `eam` on an IPv4 prefix that is mapped already replaces the mapping:
 * legitimate (a server moved), but an operator who mistyped the IPv4 side
 * of a new mapping must hear it. */
static void warn_eam_replaced(struct vty *vty, const char *v4, const char *v6)
{
	const struct lyd_node *old;
	char xpath[XPATH_MAXLEN];
	const char *was;

	if (!vty->candidate_config || !vty->candidate_config->dnode)
		return;
	snprintf(xpath, sizeof(xpath), TD_XPATH "/eam[ipv4-prefix='%s']/ipv6-prefix",
		 v4);
	old = yang_dnode_get(vty->candidate_config->dnode, xpath);
	was = old ? yang_dnode_get_string(old, NULL) : NULL;
	if (was && strcmp(was, v6))
		vty_out(vty, "%% warning: eam %s was mapped to %s: now %s (the old IPv6 side stops translating)\n",
			v4, was, v6);
}

DEFPY_YANG (td_eam,
	    td_eam_cmd,
	    "eam A.B.C.D/M$v4 X:X::X:X/M$v6",
	    "Explicit address mapping (RFC 7757)\n"
	    "IPv4 prefix\n"
	    "IPv6 prefix with at least as many suffix bits\n")
{
	struct eamt *t = eamt_create(1);
	char err[512], xpath[XPATH_MAXLEN];
	int rc;

	if (!t)
		return cli_error(vty, "out of memory");
	rc = translatord_config_add_eam(t, v4_str, v6_str, err, sizeof(err));
	eamt_destroy(t);
	if (rc)
		return cli_error(vty, err);
	warn_eam_replaced(vty, v4_str, v6_str);
	snprintf(xpath, sizeof(xpath), "./eam[ipv4-prefix='%s']", v4_str);
	nb_cli_enqueue_change(vty, xpath, NB_OP_CREATE, NULL);
	strlcat(xpath, "/ipv6-prefix", sizeof(xpath));
	nb_cli_enqueue_change(vty, xpath, NB_OP_MODIFY, v6_str);
	return nb_cli_apply_changes(vty, NULL);
}

DEFPY_YANG (no_td_eam,
	    no_td_eam_cmd,
	    "no eam A.B.C.D/M$v4 [X:X::X:X/M]",
	    NO_STR
	    "Explicit address mapping (RFC 7757)\n"
	    "IPv4 prefix\n"
	    "IPv6 prefix\n")
{
	char xpath[XPATH_MAXLEN];
	struct prefix_ipv4 p = *v4;

	/* The key as YANG stores it: host bits cleared. */
	apply_mask_ipv4(&p);
	snprintfrr(xpath, sizeof(xpath), "./eam[ipv4-prefix='%pFX']",
		   (struct prefix *)&p);
	return del_leaf(vty, xpath);
}

DEFPY_YANG (td_rfc6791,
	    td_rfc6791_cmd,
	    "rfc6791-pool <A.B.C.D/M$v4|X:X::X:X/M$v6>",
	    "Source addresses of translated ICMP errors (RFC 6791)\n"
	    "IPv4 pool\n"
	    "IPv6 pool\n")
{
	struct xlat_config x;
	char err[512];
	const char *s = v4_str ? v4_str : v6_str;

	xlat_config_init(&x);
	if (translatord_config_set_rfc6791_pool(
		    &x, v4_str ? AF_INET : AF_INET6, s, err, sizeof(err)))
		return cli_error(vty, err);
	return set_leaf(vty, v4_str ? "./rfc6791-pool/ipv4"
				    : "./rfc6791-pool/ipv6",
			s);
}

DEFPY_YANG (no_td_rfc6791,
	    no_td_rfc6791_cmd,
	    "no rfc6791-pool <A.B.C.D/M$v4|X:X::X:X/M$v6|ipv4$a4|ipv6$a6>",
	    NO_STR
	    "Source addresses of translated ICMP errors (RFC 6791)\n"
	    "IPv4 pool\n"
	    "IPv6 pool\n"
	    "The IPv4 pool\n"
	    "The IPv6 pool\n")
{
	return del_leaf(vty, v4_str || a4 ? "./rfc6791-pool/ipv4"
					  : "./rfc6791-pool/ipv6");
}

DEFPY_YANG (td_own,
	    td_own_cmd,
	    "[no] own-address <A.B.C.D$v4|X:X::X:X$v6>",
	    NO_STR
	    "Source of the ICMP errors the translator generates\n"
	    "IPv4 address\n"
	    "IPv6 address\n")
{
	const char *xpath = v4_str ? "./own-address/ipv4"
				   : "./own-address/ipv6";

	if (no)
		return del_leaf(vty, xpath);
	return set_leaf(vty, xpath, v4_str ? v4_str : v6_str);
}

DEFPY_YANG (td_mtu,
	    td_mtu_cmd,
	    "lowest-ipv6-mtu (1280-65535)$mtu",
	    "Smallest MTU on the IPv6 side (fragment to fit)\n"
	    "Octets\n")
{
	return set_leaf(vty, "./lowest-ipv6-mtu", mtu_str);
}

DEFPY_YANG (no_td_mtu,
	    no_td_mtu_cmd,
	    "no lowest-ipv6-mtu [(1280-65535)]",
	    NO_STR
	    "Smallest MTU on the IPv6 side (fragment to fit)\n"
	    "Octets\n")
{
	return reset_leaf(vty, "./lowest-ipv6-mtu");
}

DEFPY_YANG (td_tos,
	    td_tos_cmd,
	    "tos-override (0-255)$tos",
	    "Write this traffic class / TOS into every translated packet\n"
	    "Value\n")
{
	return set_leaf(vty, "./tos-override", tos_str);
}

DEFPY_YANG (no_td_tos,
	    no_td_tos_cmd,
	    "no tos-override [(0-255)]",
	    NO_STR
	    "Write this traffic class / TOS into every translated packet\n"
	    "Value\n")
{
	return del_leaf(vty, "./tos-override");
}

DEFPY_YANG (td_zcsum,
	    td_zcsum_cmd,
	    "zero-checksum-udp <compute|drop>$policy",
	    "IPv4 UDP packets with a zero checksum\n"
	    "Compute it (unfragmented packets)\n"
	    "Drop them\n")
{
	return set_leaf(vty, "./zero-checksum-udp", policy);
}

DEFPY_YANG (no_td_zcsum,
	    no_td_zcsum_cmd,
	    "no zero-checksum-udp [<compute|drop>]",
	    NO_STR
	    "IPv4 UDP packets with a zero checksum\n"
	    "Compute it (unfragmented packets)\n"
	    "Drop them\n")
{
	return reset_leaf(vty, "./zero-checksum-udp");
}

DEFPY_YANG (td_src_filter,
	    td_src_filter_cmd,
	    "[no] ipv4-source-filter",
	    NO_STR
	    "Drop IPv4 packets from the IPv4 side whose source is a mapped address (default on)\n")
{
	return set_leaf(vty, "./ipv4-source-filter", no ? "false" : "true");
}

DEFPY_YANG (td_icmp_discards,
	    td_icmp_discards_cmd,
	    "[no] icmp-errors for-discarded-packets",
	    NO_STR
	    "ICMP errors the translator generates\n"
	    "Answer packets it cannot translate (RFC 7915 4.4, 5.4; default on)\n")
{
	return set_leaf(vty, "./icmp-errors/for-discarded-packets",
			no ? "false" : "true");
}

DEFPY_YANG (td_icmp_rate,
	    td_icmp_rate_cmd,
	    "icmp-errors <rate-limit (0-1000000)$rate|burst (1-100000)$burst>",
	    "ICMP errors the translator generates\n"
	    "Per worker thread, per second (default " TD_DEFAULT_STR(TD_DEFAULT_ICMP_ERRORS_RATE_LIMIT) "; 0: unlimited)\n"
	    "Errors per second\n"
	    "Errors at once after a quiet period (default " TD_DEFAULT_STR(TD_DEFAULT_ICMP_ERRORS_BURST) ")\n"
	    "Errors\n")
{
	return rate_str ? set_leaf(vty, "./icmp-errors/rate-limit", rate_str)
			: set_leaf(vty, "./icmp-errors/burst", burst_str);
}

DEFPY_YANG (no_td_icmp_rate,
	    no_td_icmp_rate_cmd,
	    "no icmp-errors <rate-limit$rate|burst$burst> [(0-1000000)]",
	    NO_STR
	    "ICMP errors the translator generates\n"
	    "Per worker thread, per second\n"
	    "Errors at once after a quiet period\n"
	    "Value\n")
{
	return reset_leaf(vty, rate ? "./icmp-errors/rate-limit"
				    : "./icmp-errors/burst");
}

/* ---- drain ---- */

DEFPY_YANG (td_shutdown,
	    td_shutdown_cmd,
	    "[no] shutdown",
	    NO_STR
	    "Withdraw every route (drain), keep translating for drain-time\n")
{
	nb_cli_enqueue_change(vty, "./shutdown",
			      no ? NB_OP_DESTROY : NB_OP_CREATE, NULL);
	return nb_cli_apply_changes(vty, NULL);
}

DEFPY_YANG (td_drain_time,
	    td_drain_time_cmd,
	    "drain-time (0-3600)$sec",
	    "Translation continues this long after a drain\n"
	    "Seconds\n")
{
	return set_leaf(vty, "./drain-time", sec_str);
}

DEFPY_YANG (no_td_drain_time,
	    no_td_drain_time_cmd,
	    "no drain-time [(0-3600)]",
	    NO_STR
	    "Translation continues this long after a drain\n"
	    "Seconds\n")
{
	return reset_leaf(vty, "./drain-time");
}

/* ---- advertisement ---- */

/* Protocols a node may also learn a mapped prefix from, at FRR's default
 * distances. Zebra selects the lowest distance (a tie keeps the older
 * route), and `redistribute table` exports only a selected route: a
 * node whose own route loses no longer advertises the prefix. */
static const struct {
	const char *name;
	long distance;
} rival_protocols[] = {
	{"eBGP", 20}, {"OSPF", 110}, {"IS-IS", 115}, {"RIP", 120}, {"iBGP", 200},
};

static void warn_distance_loses(struct vty *vty, long distance)
{
	char ties[64] = "", loses[64] = "";

	for (size_t i = 0; i < array_size(rival_protocols); i++) {
		char *to = distance == rival_protocols[i].distance ? ties
			   : distance > rival_protocols[i].distance ? loses
								    : NULL;
		char one[24];

		if (!to)
			continue;
		snprintf(one, sizeof(one), "%s%s (%ld)", to[0] ? ", " : "",
			 rival_protocols[i].name, rival_protocols[i].distance);
		strlcat(to, one, sizeof(ties));
	}
	if (ties[0] || loses[0])
		vty_out(vty,
			"%% warning: advertise distance %ld %s%s%s%s%s: where this node also learns a mapped prefix that way, zebra may select that route and `redistribute table` stops advertising ours\n",
			distance, ties[0] ? "ties with " : "", ties,
			ties[0] && loses[0] ? " and " : "",
			loses[0] ? "loses to " : "", loses);
}

DEFPY_YANG (td_adv_distance,
	    td_adv_distance_cmd,
	    "advertise distance (1-255)$v",
	    ADV_STR
	    "Administrative distance (default " TD_DEFAULT_STR(TD_DEFAULT_ADVERTISE_DISTANCE) ")\n"
	    "Distance\n")
{
	warn_distance_loses(vty, v);
	return set_leaf(vty, "./advertise/distance", v_str);
}

DEFPY_YANG (td_adv_tag,
	    td_adv_tag_cmd,
	    "advertise tag (1-4294967295)$v",
	    ADV_STR
	    "Route tag (for route-maps)\n"
	    "Tag\n")
{
	return set_leaf(vty, "./advertise/tag", v_str);
}

DEFPY_YANG (td_adv_metric,
	    td_adv_metric_cmd,
	    "advertise metric (0-4294967295)$v",
	    ADV_STR
	    "Route metric\n"
	    "Metric\n")
{
	return set_leaf(vty, "./advertise/metric", v_str);
}

DEFPY_YANG (td_adv_holddown,
	    td_adv_holddown_cmd,
	    "advertise hold-down (1000-3600000)$v",
	    ADV_STR
	    "Minimum time a withdrawn prefix stays withdrawn\n"
	    "Milliseconds\n")
{
	return set_leaf(vty, "./advertise/hold-down", v_str);
}

DEFPY_YANG (no_td_adv,
	    no_td_adv_cmd,
	    "no advertise <distance$d|tag$t|metric$m|hold-down$h> [(0-4294967295)]",
	    NO_STR
	    ADV_STR
	    "Administrative distance\n"
	    "Route tag\n"
	    "Route metric\n"
	    "Hold-down\n"
	    "Value\n")
{
	if (t)
		return del_leaf(vty, "./advertise/tag");
	if (m)
		return del_leaf(vty, "./advertise/metric");
	return reset_leaf(vty, d ? "./advertise/distance"
				 : "./advertise/hold-down");
}

/* ---- data plane ---- */

DEFPY_YANG (td_dp_type,
	    td_dp_type_cmd,
	    "data-plane type <bpf|tun>$kind",
	    DP_STR
	    "Data-plane kind\n"
	    "eBPF TC fast path, userspace fallback\n"
	    "Userspace TUN workers only\n")
{
	return set_leaf(vty, "./data-plane/type", kind);
}

DEFPY_YANG (td_dp_if,
	    td_dp_if_cmd,
	    "data-plane <interface|ipv4-interface|ipv6-interface>$which IFNAME$name",
	    DP_STR
	    "Translator interface (TUN device, nexthop of the routes)\n"
	    "IPv4-facing interface to translate at (bpf)\n"
	    "IPv6-facing interface to translate at (bpf)\n"
	    "Interface name\n")
{
	char xpath[64];

	snprintf(xpath, sizeof(xpath), "./data-plane/%s", which);
	return set_leaf(vty, xpath, name);
}

DEFPY_YANG (td_dp_num,
	    td_dp_num_cmd,
	    "data-plane <threads|ipv4-mtu|ipv6-mtu>$which (0-65535)$v",
	    DP_STR
	    "Worker threads (0: automatic)\n"
	    "Next-hop MTU on the IPv4 side\n"
	    "Next-hop MTU on the IPv6 side\n"
	    "Value\n")
{
	char xpath[64];

	snprintf(xpath, sizeof(xpath), "./data-plane/%s", which);
	return set_leaf(vty, xpath, v_str);
}

DEFPY_YANG (no_td_dp,
	    no_td_dp_cmd,
	    "no data-plane <type|interface|ipv4-interface|ipv6-interface|threads|ipv4-mtu|ipv6-mtu>$which [WORD]",
	    NO_STR
	    DP_STR
	    "Data-plane kind\n"
	    "Translator interface\n"
	    "IPv4-facing interface\n"
	    "IPv6-facing interface\n"
	    "Worker threads\n"
	    "Next-hop MTU on the IPv4 side\n"
	    "Next-hop MTU on the IPv6 side\n"
	    "Value\n")
{
	char xpath[64];

	snprintf(xpath, sizeof(xpath), "./data-plane/%s", which);
	if (!strcmp(which, "ipv4-interface") || !strcmp(which, "ipv6-interface"))
		return del_leaf(vty, xpath);
	return reset_leaf(vty, xpath);
}

/* ---- metrics endpoint ---- */

DEFPY_YANG (td_metrics_listen,
	    td_metrics_listen_cmd,
	    "metrics listen-address <A.B.C.D|X:X::X:X>$addr",
	    METRICS_STR
	    "Listen address (default " TD_DEFAULT_METRICS_LISTEN_ADDRESS ")\n"
	    "IPv4 address\n"
	    "IPv6 address\n")
{
	return set_leaf(vty, "./metrics/listen-address", addr_str);
}

DEFPY_YANG (td_metrics_port,
	    td_metrics_port_cmd,
	    "metrics port (1-65535)$port",
	    METRICS_STR
	    "TCP port (default " TD_DEFAULT_STR(TD_DEFAULT_METRICS_PORT) ")\n"
	    "Port\n")
{
	return set_leaf(vty, "./metrics/port", port_str);
}

DEFPY_YANG (td_metrics_per_mapping,
	    td_metrics_per_mapping_cmd,
	    "[no] metrics per-mapping-counters",
	    NO_STR
	    METRICS_STR
	    "Also export counters per EAM entry\n")
{
	return set_leaf(vty, "./metrics/per-mapping-counters",
			no ? "false" : "true");
}

DEFPY_YANG (td_metrics_max_conns,
	    td_metrics_max_conns_cmd,
	    "metrics max-connections (1-256)$n",
	    METRICS_STR
	    "Connections served at once; more are closed on accept (default " TD_DEFAULT_STR(TD_DEFAULT_METRICS_MAX_CONNECTIONS) ")\n"
	    "Connections\n")
{
	return set_leaf(vty, "./metrics/max-connections", n_str);
}

DEFPY_YANG (no_td_metrics,
	    no_td_metrics_cmd,
	    "no metrics <listen-address|port|max-connections>$which [WORD]",
	    NO_STR
	    METRICS_STR
	    "Listen address\n"
	    "TCP port\n"
	    "Connections served at once\n"
	    "Value\n")
{
	char xpath[64];

	snprintf(xpath, sizeof(xpath), "./metrics/%s", which);
	return reset_leaf(vty, xpath);
}

/* ---- health checks ---- */

DEFPY_YANG (td_health_selftest,
	    td_health_selftest_cmd,
	    "[no] health self-test",
	    NO_STR
	    "Health checks\n"
	    "Built-in data-plane self-test (a node check, on by default)\n")
{
	return set_leaf(vty, "./health/self-test", no ? "false" : "true");
}

DEFPY_YANG_NOSH (td_hc,
		 td_hc_cmd,
		 "health-check NAME$name [type <icmp|tcp|http|script|file>$kind]",
		 HC_STR
		 "Check name\n"
		 "Check type\n"
		 "ICMP echo to the target\n"
		 "TCP connect to the target and port\n"
		 "HTTP GET from the target and port\n"
		 "Script, exit status 0 is success\n"
		 "Drain file: down while it exists\n")
{
	char xpath[XPATH_MAXLEN], tpath[XPATH_MAXLEN + 8];
	int ret;

	snprintf(xpath, sizeof(xpath), "%s/health/check[name='%s']",
		 VTY_CURR_XPATH, name);
	/* 'type' is mandatory: a new check gets it in the same commit. */
	if (!kind && !yang_dnode_exists(vty->candidate_config->dnode, xpath)) {
		vty_out(vty,
			"%% New health check '%s': give its type, health-check %s type <icmp|tcp|http|script|file>\n",
			name, name);
		return CMD_WARNING_CONFIG_FAILED;
	}
	nb_cli_enqueue_change(vty, xpath, NB_OP_CREATE, NULL);
	if (kind) {
		snprintf(tpath, sizeof(tpath), "%s/type", xpath);
		nb_cli_enqueue_change(vty, tpath, NB_OP_MODIFY, kind);
	}
	ret = nb_cli_apply_changes(vty, NULL);
	if (ret == CMD_SUCCESS)
		VTY_PUSH_XPATH(TRANSLATOR_HEALTH_NODE, xpath);
	return ret;
}

DEFPY_YANG (no_td_hc,
	    no_td_hc_cmd,
	    "no health-check NAME$name [type <icmp|tcp|http|script|file>]",
	    NO_STR
	    HC_STR
	    "Check name\n"
	    "Check type\n"
	    "ICMP\n"
	    "TCP\n"
	    "HTTP\n"
	    "Script\n"
	    "File\n")
{
	char xpath[XPATH_MAXLEN];

	snprintf(xpath, sizeof(xpath), "./health/check[name='%s']", name);
	return del_leaf(vty, xpath);
}

DEFPY_YANG (td_hc_type,
	    td_hc_type_cmd,
	    "type <icmp|tcp|http|script|file>$kind",
	    "Check type\n"
	    "ICMP echo to the target\n"
	    "TCP connect to the target and port\n"
	    "HTTP GET from the target and port\n"
	    "Script, exit status 0 is success\n"
	    "Drain file: down while it exists\n")
{
	return set_leaf(vty, "./type", kind);
}

DEFPY_YANG (td_hc_scope,
	    td_hc_scope_cmd,
	    "scope <node|mapping>$scope",
	    "What a failure withdraws\n"
	    "Everything this node announces\n"
	    "The listed mappings' IPv4 prefixes\n")
{
	return set_leaf(vty, "./scope", scope);
}

DEFPY_YANG (no_td_hc_scope,
	    no_td_hc_scope_cmd,
	    "no scope [<node|mapping>]",
	    NO_STR
	    "What a failure withdraws\n"
	    "Everything this node announces\n"
	    "The listed mappings' IPv4 prefixes\n")
{
	return reset_leaf(vty, "./scope");
}

DEFPY_YANG (td_hc_mapping,
	    td_hc_mapping_cmd,
	    "[no] mapping A.B.C.D/M$v4",
	    NO_STR
	    "An EAM entry this check controls (scope mapping)\n"
	    "Its IPv4 prefix\n")
{
	char value[PREFIX_STRLEN];
	struct prefix_ipv4 p = *v4;

	apply_mask_ipv4(&p);
	prefix2str(&p, value, sizeof(value));
	nb_cli_enqueue_change(vty, "./mapping", no ? NB_OP_DESTROY : NB_OP_CREATE,
			      value);
	return nb_cli_apply_changes(vty, NULL);
}

DEFPY_YANG (td_hc_time,
	    td_hc_time_cmd,
	    "<interval|fast-interval|timeout|hold-down|hold-down-max>$which (0-86400000)$ms",
	    "Time between probes while stable\n"
	    "Time between probes while a change is pending\n"
	    "Probe timeout (less than fast-interval)\n"
	    "Minimum time down before up again\n"
	    "Cap of the doubled hold-down\n"
	    "Milliseconds\n")
{
	char xpath[64];

	snprintf(xpath, sizeof(xpath), "./%s", which);
	return set_leaf(vty, xpath, ms_str);
}

DEFPY_YANG (td_hc_count,
	    td_hc_count_cmd,
	    "<rise|fall|jitter>$which (0-100)$n",
	    "Consecutive successes to become up\n"
	    "Consecutive failures to become down\n"
	    "Random shortening of each wait, percent\n"
	    "Value\n")
{
	char xpath[64];

	snprintf(xpath, sizeof(xpath), "./%s", which);
	return set_leaf(vty, xpath, n_str);
}

DEFPY_YANG (no_td_hc_num,
	    no_td_hc_num_cmd,
	    "no <interval|fast-interval|timeout|hold-down|hold-down-max|rise|fall|jitter>$which [(0-86400000)]",
	    NO_STR
	    "Time between probes while stable\n"
	    "Time between probes while a change is pending\n"
	    "Probe timeout\n"
	    "Minimum time down before up again\n"
	    "Cap of the doubled hold-down\n"
	    "Consecutive successes to become up\n"
	    "Consecutive failures to become down\n"
	    "Random shortening of each wait\n"
	    "Value\n")
{
	char xpath[64];

	snprintf(xpath, sizeof(xpath), "./%s", which);
	/* No YANG default: the check type's own. */
	if (!strcmp(which, "interval") || !strcmp(which, "rise") ||
	    !strcmp(which, "fall"))
		return del_leaf(vty, xpath);
	return reset_leaf(vty, xpath);
}

DEFPY_YANG (td_hc_init,
	    td_hc_init_cmd,
	    "init-state <up|down>$st",
	    "State before the first probe\n"
	    "Healthy\n"
	    "Failed (default)\n")
{
	return set_leaf(vty, "./init-state", st);
}

DEFPY_YANG (no_td_hc_init,
	    no_td_hc_init_cmd,
	    "no init-state [<up|down>]",
	    NO_STR
	    "State before the first probe\n"
	    "Healthy\n"
	    "Failed\n")
{
	return reset_leaf(vty, "./init-state");
}

DEFPY_YANG (td_hc_shutdown,
	    td_hc_shutdown_cmd,
	    "[no] shutdown",
	    NO_STR
	    "Disable the check (not probed, does not vote)\n")
{
	nb_cli_enqueue_change(vty, "./shutdown",
			      no ? NB_OP_DESTROY : NB_OP_CREATE, NULL);
	return nb_cli_apply_changes(vty, NULL);
}

DEFPY_YANG (td_hc_source,
	    td_hc_source_cmd,
	    "source <address <A.B.C.D|X:X::X:X>$addr|interface IFNAME$ifname>",
	    "Where probes leave from\n"
	    "Source address\n"
	    "IPv4 address\n"
	    "IPv6 address\n"
	    "Interface (SO_BINDTODEVICE)\n"
	    "Interface name\n")
{
	if (addr_str)
		return set_leaf(vty, "./source/address", addr_str);
	return set_leaf(vty, "./source/interface", ifname);
}

DEFPY_YANG (no_td_hc_source,
	    no_td_hc_source_cmd,
	    "no source <address$a|interface> [WORD]",
	    NO_STR
	    "Where probes leave from\n"
	    "Source address\n"
	    "Interface\n"
	    "Value\n")
{
	return del_leaf(vty, a ? "./source/address" : "./source/interface");
}

DEFPY_YANG (td_hc_target,
	    td_hc_target_cmd,
	    "target <A.B.C.D|X:X::X:X>$addr",
	    "Address probed (icmp, tcp, http)\n"
	    "IPv4 address\n"
	    "IPv6 address\n")
{
	return set_leaf(vty, "./target", addr_str);
}

DEFPY_YANG (td_hc_port,
	    td_hc_port_cmd,
	    "port (1-65535)$port",
	    "Port probed (tcp, http)\n"
	    "Port\n")
{
	return set_leaf(vty, "./port", port_str);
}

DEFPY_YANG (no_td_hc_target,
	    no_td_hc_target_cmd,
	    "no <target|port|file>$which [WORD]",
	    NO_STR
	    "Address probed\n"
	    "Port probed\n"
	    "Drain file\n"
	    "Value\n")
{
	char xpath[64];

	snprintf(xpath, sizeof(xpath), "./%s", which);
	return del_leaf(vty, xpath);
}

DEFPY_YANG (td_hc_http,
	    td_hc_http_cmd,
	    "http <path|host>$which WORD$v",
	    HTTP_STR
	    "Path of the GET (default " TD_DEFAULT_HEALTH_CHECK_HTTP_PATH ")\n"
	    "Host header (default: the target)\n"
	    "Value\n")
{
	char xpath[64];

	snprintf(xpath, sizeof(xpath), "./http/%s", which);
	return set_leaf(vty, xpath, v);
}

DEFPY_YANG (td_hc_http_status,
	    td_hc_http_status_cmd,
	    "http <status-min|status-max>$which (100-599)$code",
	    HTTP_STR
	    "Lowest successful status (default " TD_DEFAULT_STR(TD_DEFAULT_HEALTH_CHECK_HTTP_STATUS_MIN) ")\n"
	    "Highest successful status (default " TD_DEFAULT_STR(TD_DEFAULT_HEALTH_CHECK_HTTP_STATUS_MAX) ")\n"
	    "Status code\n")
{
	char xpath[64];

	snprintf(xpath, sizeof(xpath), "./http/%s", which);
	return set_leaf(vty, xpath, code_str);
}

DEFUN_YANG (td_hc_http_body,
	    td_hc_http_body_cmd,
	    "http body LINE...",
	    HTTP_STR
	    "The body must contain this string\n"
	    "String\n")
{
	char *s = argv_concat(argv, argc, 2);
	int ret = set_leaf(vty, "./http/body", s);

	XFREE(MTYPE_TMP, s);
	return ret;
}

DEFPY_YANG (no_td_hc_http,
	    no_td_hc_http_cmd,
	    "no http <path|host|status-min|status-max|body>$which",
	    NO_STR
	    HTTP_STR
	    "Path of the GET\n"
	    "Host header\n"
	    "Lowest successful status\n"
	    "Highest successful status\n"
	    "Expected body string\n")
{
	char xpath[64];

	snprintf(xpath, sizeof(xpath), "./http/%s", which);
	if (!strcmp(which, "host") || !strcmp(which, "body"))
		return del_leaf(vty, xpath);
	return reset_leaf(vty, xpath);
}

DEFUN_YANG (td_hc_script,
	    td_hc_script_cmd,
	    "script LINE...",
	    "Script check: command line for /bin/sh -c\n"
	    "Command line\n")
{
	char *s = argv_concat(argv, argc, 1);
	int ret = set_leaf(vty, "./script", s);

	XFREE(MTYPE_TMP, s);
	return ret;
}

DEFPY_YANG (no_td_hc_script,
	    no_td_hc_script_cmd,
	    "no script",
	    NO_STR
	    "Script check's command line\n")
{
	return del_leaf(vty, "./script");
}

DEFPY_YANG (td_hc_file,
	    td_hc_file_cmd,
	    "file PATH$path",
	    "File check: the drain file\n"
	    "Absolute path\n")
{
	return set_leaf(vty, "./file", path);
}

/* ---- JSON in the classic CLI mode ---- */

/*
 * In FRR 8.4 `configuration load file json FILE` + `commit` exist only in
 * the transactional CLI mode (--tcli). In the classic mode (the default,
 * and what vtysh needs) translatord installs the same command, which loads
 * and commits at once, like every classic-mode command: all or nothing.
 */
DEFPY (td_config_load,
       td_config_load_cmd,
       "configuration load file json FILENAME$filename [replace$replace]",
       "Configuration related settings\n"
       "Load configuration (translatord: and commit it)\n"
       "Load configuration file\n"
       "YANG JSON (module translatord)\n"
       "Configuration file name (full path)\n"
       "Replace translatord's configuration instead of merging\n")
{
	char err[BUFSIZ];

	if (td_config_load_json(filename, !!replace, err, sizeof(err))) {
		vty_out(vty, "%% Configuration failed.\n\n%s\n", err);
		return CMD_WARNING_CONFIG_FAILED;
	}
	return CMD_SUCCESS;
}

/* ---- show running-config ---- */

void td_cli_show_translator(struct vty *vty, const struct lyd_node *dnode,
			    bool show_defaults)
{
	vty_out(vty, "!\ntranslator\n");
}

void td_cli_show_end(struct vty *vty, const struct lyd_node *dnode)
{
	vty_out(vty, "exit\n");
}

void td_cli_show_eam(struct vty *vty, const struct lyd_node *dnode,
		     bool show_defaults)
{
	vty_out(vty, " eam %s %s\n", yang_dnode_get_string(dnode, "./ipv4-prefix"),
		yang_dnode_get_string(dnode, "./ipv6-prefix"));
}

void td_cli_show_check(struct vty *vty, const struct lyd_node *dnode,
		       bool show_defaults)
{
	vty_out(vty, " health-check %s type %s\n",
		yang_dnode_get_string(dnode, "./name"),
		yang_dnode_get_string(dnode, "./type"));
}

void td_cli_show_check_end(struct vty *vty, const struct lyd_node *dnode)
{
	vty_out(vty, " exit\n");
}

/* A leaf (or leaf-list entry) as the command that sets it: the YANG
 * names from the translator (or the health check) down to the leaf, then
 * the value. own-address and rfc6791-pool take the family from the value;
 * a boolean prints "[no] words", an empty leaf just the words. */
void td_cli_show_leaf(struct vty *vty, const struct lyd_node *dnode,
		      bool show_defaults)
{
	const char *names[8];
	int n = 0, indent = 1;
	const struct lyd_node *p;
	const struct lysc_node *sn = dnode->schema;
	LY_DATA_TYPE t = LY_TYPE_STRING;
	const char *value = lyd_get_value(dnode);

	for (p = dnode; p; p = lyd_parent(p)) {
		if (p->schema->nodetype == LYS_LIST &&
		    !strcmp(p->schema->name, "check")) {
			indent = 2;
			break;
		}
		if (!lyd_parent(p)) /* the translator container */
			break;
		if (n < (int)array_size(names))
			names[n++] = p->schema->name;
	}
	if (sn->nodetype == LYS_LEAF)
		t = ((const struct lysc_node_leaf *)sn)->type->basetype;
	vty_out(vty, "%*s", indent, "");
	if (n == 2 && (!strcmp(names[1], "own-address") ||
		       !strcmp(names[1], "rfc6791-pool"))) {
		vty_out(vty, "%s %s\n", names[1], value);
		return;
	}
	if (t == LY_TYPE_BOOL && strcmp(value, "true"))
		vty_out(vty, "no ");
	for (int i = n - 1; i >= 0; i--)
		vty_out(vty, "%s%s", names[i], i ? " " : "");
	if (t != LY_TYPE_BOOL && t != LY_TYPE_EMPTY)
		vty_out(vty, " %s", value);
	vty_out(vty, "\n");
}

/* ---- nodes ---- */

static int td_config_write(struct vty *vty)
{
	const struct lyd_node *dnode;

	dnode = yang_dnode_get(running_config->dnode, TD_XPATH);
	if (!dnode)
		return 0;
	nb_cli_show_dnode_cmds(vty, dnode, false);
	return 1;
}

static struct cmd_node translator_node = {
	.name = "translator",
	.node = TRANSLATOR_NODE,
	.parent_node = CONFIG_NODE,
	.prompt = "%s(config-translator)# ",
	.config_write = td_config_write,
};

static struct cmd_node translator_health_node = {
	.name = "translator health-check",
	.node = TRANSLATOR_HEALTH_NODE,
	.parent_node = TRANSLATOR_NODE,
	.prompt = "%s(config-translator-health)# ",
};

void td_cli_init(void)
{
	install_node(&translator_node);
	install_node(&translator_health_node);
	install_default(TRANSLATOR_NODE);
	install_default(TRANSLATOR_HEALTH_NODE);

	install_element(CONFIG_NODE, &translator_cmd);
	install_element(CONFIG_NODE, &no_translator_cmd);
	if (frr_get_cli_mode() == FRR_CLI_CLASSIC)
		install_element(CONFIG_NODE, &td_config_load_cmd);

	install_element(TRANSLATOR_NODE, &td_pool6_cmd);
	install_element(TRANSLATOR_NODE, &no_td_pool6_cmd);
	install_element(TRANSLATOR_NODE, &td_eam_cmd);
	install_element(TRANSLATOR_NODE, &no_td_eam_cmd);
	install_element(TRANSLATOR_NODE, &td_rfc6791_cmd);
	install_element(TRANSLATOR_NODE, &no_td_rfc6791_cmd);
	install_element(TRANSLATOR_NODE, &td_own_cmd);
	install_element(TRANSLATOR_NODE, &td_mtu_cmd);
	install_element(TRANSLATOR_NODE, &no_td_mtu_cmd);
	install_element(TRANSLATOR_NODE, &td_tos_cmd);
	install_element(TRANSLATOR_NODE, &no_td_tos_cmd);
	install_element(TRANSLATOR_NODE, &td_zcsum_cmd);
	install_element(TRANSLATOR_NODE, &no_td_zcsum_cmd);
	install_element(TRANSLATOR_NODE, &td_src_filter_cmd);
	install_element(TRANSLATOR_NODE, &td_icmp_discards_cmd);
	install_element(TRANSLATOR_NODE, &td_icmp_rate_cmd);
	install_element(TRANSLATOR_NODE, &no_td_icmp_rate_cmd);
	install_element(TRANSLATOR_NODE, &td_shutdown_cmd);
	install_element(TRANSLATOR_NODE, &td_drain_time_cmd);
	install_element(TRANSLATOR_NODE, &no_td_drain_time_cmd);
	install_element(TRANSLATOR_NODE, &td_adv_distance_cmd);
	install_element(TRANSLATOR_NODE, &td_adv_tag_cmd);
	install_element(TRANSLATOR_NODE, &td_adv_metric_cmd);
	install_element(TRANSLATOR_NODE, &td_adv_holddown_cmd);
	install_element(TRANSLATOR_NODE, &no_td_adv_cmd);
	install_element(TRANSLATOR_NODE, &td_dp_type_cmd);
	install_element(TRANSLATOR_NODE, &td_dp_if_cmd);
	install_element(TRANSLATOR_NODE, &td_dp_num_cmd);
	install_element(TRANSLATOR_NODE, &no_td_dp_cmd);
	install_element(TRANSLATOR_NODE, &td_metrics_listen_cmd);
	install_element(TRANSLATOR_NODE, &td_metrics_port_cmd);
	install_element(TRANSLATOR_NODE, &td_metrics_max_conns_cmd);
	install_element(TRANSLATOR_NODE, &td_metrics_per_mapping_cmd);
	install_element(TRANSLATOR_NODE, &no_td_metrics_cmd);
	install_element(TRANSLATOR_NODE, &td_hc_cmd);
	install_element(TRANSLATOR_NODE, &no_td_hc_cmd);
	install_element(TRANSLATOR_NODE, &td_health_selftest_cmd);

	install_element(TRANSLATOR_HEALTH_NODE, &td_hc_type_cmd);
	install_element(TRANSLATOR_HEALTH_NODE, &td_hc_scope_cmd);
	install_element(TRANSLATOR_HEALTH_NODE, &no_td_hc_scope_cmd);
	install_element(TRANSLATOR_HEALTH_NODE, &td_hc_mapping_cmd);
	install_element(TRANSLATOR_HEALTH_NODE, &td_hc_time_cmd);
	install_element(TRANSLATOR_HEALTH_NODE, &td_hc_count_cmd);
	install_element(TRANSLATOR_HEALTH_NODE, &no_td_hc_num_cmd);
	install_element(TRANSLATOR_HEALTH_NODE, &td_hc_init_cmd);
	install_element(TRANSLATOR_HEALTH_NODE, &no_td_hc_init_cmd);
	install_element(TRANSLATOR_HEALTH_NODE, &td_hc_shutdown_cmd);
	install_element(TRANSLATOR_HEALTH_NODE, &td_hc_source_cmd);
	install_element(TRANSLATOR_HEALTH_NODE, &no_td_hc_source_cmd);
	install_element(TRANSLATOR_HEALTH_NODE, &td_hc_target_cmd);
	install_element(TRANSLATOR_HEALTH_NODE, &td_hc_port_cmd);
	install_element(TRANSLATOR_HEALTH_NODE, &no_td_hc_target_cmd);
	install_element(TRANSLATOR_HEALTH_NODE, &td_hc_http_cmd);
	install_element(TRANSLATOR_HEALTH_NODE, &td_hc_http_status_cmd);
	install_element(TRANSLATOR_HEALTH_NODE, &td_hc_http_body_cmd);
	install_element(TRANSLATOR_HEALTH_NODE, &no_td_hc_http_cmd);
	install_element(TRANSLATOR_HEALTH_NODE, &td_hc_script_cmd);
	install_element(TRANSLATOR_HEALTH_NODE, &no_td_hc_script_cmd);
	install_element(TRANSLATOR_HEALTH_NODE, &td_hc_file_cmd);
}
