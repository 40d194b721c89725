/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * translatord as an FRR daemon: state shared by its files.
 *
 * The daemon is split like FRR's own: td_main.c (start-up), td_nb.c (the
 * YANG northbound's table) with td_nb_config.c (validation and atomic
 * apply of the configuration) and td_nb_state.c (operational state),
 * td_conf.c (the configuration built from the YANG tree),
 * td_config_source.c (--config-json and loading YANG JSON files),
 * td_cli.c (the `translator` config node), td_vty.c (show commands),
 * td_running.c (the running configuration and what it advertises),
 * td_zebra.c (everything that talks ZAPI), td_adv.c (which prefixes must
 * be in zebra, hold-down, batching), td_dataplane.c (the data plane,
 * embedded: translatord/dataplane's bpf or tun kind), td_health.c (the
 * probe engine in its own thread; what check states withdraw),
 * td_verdict.c (the node's verdict and the drain), td_selftest.c (what
 * the data-plane self-test probes), td_keep.c (routes kept into the data
 * plane during a drain), td_metrics.c (the Prometheus endpoint in the
 * engine's thread) and td_version.c (the FRR version pin).
 *
 * Calls go one way: td_running -> td_health, td_verdict, td_metrics;
 * td_verdict -> td_health; td_metrics -> td_health, td_verdict. Health
 * changes come back through the td_health_changed hook.
 */
#ifndef TRANSLATORD_TD_H
#define TRANSLATORD_TD_H

#include <net/if.h>

#include "memory.h"
#include "prefix.h"
#include "xlat.h"

#include "../health/health.h" /* by path: vtysh's command extraction */

#include "td_adv.h"
#include "td_dataplane.h"

DECLARE_MGROUP(TRANSLATORD);

extern struct thread_master *master;
extern struct zebra_privs_t td_privs;

/* The YANG module's top node (a presence container). */
#define TD_XPATH "/translatord:translator"

/*
 * CLI nodes. libfrr's enum node_type has no room for out-of-tree daemons,
 * but cmdvec is a vector indexed by node id, so ids past NODE_TYPE_MAX are
 * free. The vtysh built by frr-integration/build-vtysh defines the same
 * names with the same values (frr-integration/patch-vtysh.py). Not macros
 * while vtysh's extract.pl reads the commands: its install_element()
 * pattern wants a plain node name.
 */
#if !defined(TRANSLATOR_NODE) && !defined(VTYSH_EXTRACT_PL)
#define TRANSLATOR_NODE (NODE_TYPE_MAX + 0)
#define TRANSLATOR_HEALTH_NODE (NODE_TYPE_MAX + 1)
#endif


/* One health check, as configured. The probe engine (td_health.c) runs
 * `hc`; the daemon decides what its state withdraws. */
struct td_check_conf {
	char name[64];
	enum health_check_type type; /* never HEALTH_CHECK_DATAPLANE */
	bool scope_node;          /* else: controls the listed mappings */
	struct prefix_ipv4 *mappings;
	size_t n_mappings;
	bool init_up;
	bool disabled;            /* shutdown */
	const char *incomplete;   /* why it cannot probe; NULL: complete */
	struct health_check_config hc; /* for the engine (when complete) */
};

/* The built-in data-plane self-test's check name (reserved in YANG). */
#define TD_SELFTEST_NAME "dataplane-selftest"

/* The whole translatord configuration, built from the YANG data tree by
 * td_conf_build() (td_conf.c). */
struct td_conf {
	bool configured;          /* the translator container exists */
	struct xlat_config xlat;  /* xlat.eamt == eamt */
	struct eamt *eamt;        /* owned; NULL when no EAM entry */
	struct td_adv_attrs adv;
	bool shutdown;
	uint32_t drain_time_s;
	struct td_dp_conf dp;
	struct td_check_conf *checks;
	size_t n_checks;
	bool self_test;           /* health/self-test */
	struct {
		char listen[INET6_ADDRSTRLEN];
		uint16_t port;
		bool per_mapping;
		unsigned max_conns;
	} metrics;
};

/* The running configuration (td_running.c). */
extern struct td_conf td_conf;

#endif
