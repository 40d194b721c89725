/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The YANG northbound: translatord's module (yang/translatord.yang) in
 * libfrr's northbound, so that the text configuration (-f, vtysh), the
 * running configuration (`show running-config`, `show configuration
 * running json`) and `configuration load file json` all go through one
 * validated, transactional path. This file: the module, embedded, and its
 * table; the callbacks are in td_nb_config.c (configuration) and
 * td_nb_state.c (operational state), the configuration object they build
 * in td_conf.c.
 *
 * FRR 8.4 loads modules with every YANG feature disabled (frr_yang_module_
 * info has no feature list yet), hence a module without if-feature.
 */
#include <zebra.h>

#include "northbound.h"
#include "yang.h"

#include "translatord_yang.h" /* generated: translatord_yang[] */

#include "td.h"
#include "td_cli.h"
#include "td_nb.h"

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

