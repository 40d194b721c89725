/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The YANG northbound: the module's table (td_nb.c) and the callbacks it
 * names, as ripd's rip_nb.h.
 */
#ifndef TRANSLATORD_TD_NB_H
#define TRANSLATORD_TD_NB_H

#include "northbound.h"

#include "td.h"

extern const struct frr_yang_module_info td_yang_info;

/* True until the start-up configuration (-f, --config-json) is applied:
 * checks against the node's state (own-address) only warn then. */
extern bool td_nb_starting;
/* -C (--dryrun): the configuration is checked, no data plane created. */
extern bool td_nb_dry_run;

/* Hand the module text (compiled in) to libfrr: before frr_init(). */
void td_nb_embed(void);
/* At exit: what a commit that never applied left behind. */
void td_nb_fini(void);

/* Configuration callbacks (td_nb_config.c). */
int td_nb_create(struct nb_cb_create_args *args);
int td_nb_translator_create(struct nb_cb_create_args *args);
int td_nb_dp_modify(struct nb_cb_modify_args *args);
int td_nb_modify(struct nb_cb_modify_args *args);
int td_nb_destroy(struct nb_cb_destroy_args *args);
int td_nb_dp_destroy(struct nb_cb_destroy_args *args);
int td_nb_translator_destroy(struct nb_cb_destroy_args *args);
int td_nb_translator_pre_validate(struct nb_cb_pre_validate_args *args);
void td_nb_translator_apply_finish(struct nb_cb_apply_finish_args *args);

/* Operational state (td_nb_state.c). */
struct yang_data *td_state_zebra_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_state_ifup_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_state_healthy_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_state_why_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_state_draining_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_state_drainleft_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_state_translating_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_state_metrics_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_ctr_p46_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_ctr_b46_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_ctr_p64_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_ctr_b64_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_ctr_icmp_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_ctr_frag_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_ctr_hairpin_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_drop_reason_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_drop_packets_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_advst_prefix_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_advst_state_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_advst_installed_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_map_v4_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_map_v6_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_map_adv_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_map_health_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_hc_name_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_hc_state_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_hc_result_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_hc_probes_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_hc_failures_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_hc_type_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_hc_scope_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_hc_healthy_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_hc_withdrawing_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_hc_target_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_hc_notprobed_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_hc_detail_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_hc_lastprobe_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_hc_lastchange_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_hc_changereason_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_hc_successes_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_hc_timeouts_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_hc_transitions_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_hc_holddown_get(struct nb_cb_get_elem_args *args);
struct yang_data *td_hc_mapping_get(struct nb_cb_get_elem_args *args);
const void *next(struct nb_cb_get_next_args *args);
int keys(struct nb_cb_get_keys_args *args);
const void *lookup(struct nb_cb_lookup_entry_args *args);
const void *td_drop_get_next(struct nb_cb_get_next_args *args);
int td_drop_get_keys(struct nb_cb_get_keys_args *args);
const void *td_drop_lookup(struct nb_cb_lookup_entry_args *args);
const void *td_advst_get_next(struct nb_cb_get_next_args *args);
int td_advst_get_keys(struct nb_cb_get_keys_args *args);
const void *td_advst_lookup(struct nb_cb_lookup_entry_args *args);
const void *td_map_get_next(struct nb_cb_get_next_args *args);
int td_map_get_keys(struct nb_cb_get_keys_args *args);
const void *td_map_lookup(struct nb_cb_lookup_entry_args *args);
const void *td_hc_get_next(struct nb_cb_get_next_args *args);
int td_hc_get_keys(struct nb_cb_get_keys_args *args);
const void *td_hc_lookup(struct nb_cb_lookup_entry_args *args);
const void *next(struct nb_cb_get_next_args *args);
const void *td_hc_mapping_get_next(struct nb_cb_get_next_args *args);

#endif
