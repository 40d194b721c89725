/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The northbound's operational state (translator/state): read from the
 * running modules on each request, nothing cached between requests
 * except the health-check view of one walk.
 */
#include <zebra.h>

#include <arpa/inet.h>

#include "northbound.h"
#include "yang.h"
#include "yang_wrappers.h"

#include "eamt.h"

#include "td.h"
#include "td_adv.h"
#include "td_dataplane.h"
#include "td_health.h"
#include "td_verdict.h"
#include "td_metrics.h"
#include "td_nb.h"
#include "td_running.h"
#include "td_zebra.h"

struct yang_data *td_state_zebra_get(struct nb_cb_get_elem_args *args)
{
	return yang_data_new_bool(args->xpath, td_zebra_connected());
}

struct yang_data *td_state_ifup_get(struct nb_cb_get_elem_args *args)
{
	return yang_data_new_bool(args->xpath, td_adv_nexthop_ifindex() != 0);
}

#define NODE_GET(fn, expr)                                                     \
	struct yang_data *fn(struct nb_cb_get_elem_args *args)                 \
	{                                                                      \
		struct td_node_health nh;                                      \
		td_verdict_view(&nh);                                           \
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

struct yang_data *td_state_metrics_get(struct nb_cb_get_elem_args *args)
{
	char buf[256];

	td_metrics_endpoint(buf, sizeof(buf));
	return yang_data_new_string(args->xpath, buf);
}

#define COUNTER_GET(fn, field)                                                 \
	struct yang_data *fn(struct nb_cb_get_elem_args *args)                 \
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
const void *td_drop_get_next(struct nb_cb_get_next_args *args)
{
	uintptr_t r = (uintptr_t)args->list_entry;

	r = r ? r + 1 : 1;
	return r < XLAT_DROP__COUNT ? (const void *)r : NULL;
}

int td_drop_get_keys(struct nb_cb_get_keys_args *args)
{
	args->keys->num = 1;
	strlcpy(args->keys->key[0],
		xlat_drop_reason_name((uintptr_t)args->list_entry),
		sizeof(args->keys->key[0]));
	return NB_OK;
}

const void *td_drop_lookup(struct nb_cb_lookup_entry_args *args)
{
	for (uintptr_t r = 1; r < XLAT_DROP__COUNT; r++)
		if (!strcmp(args->keys->key[0], xlat_drop_reason_name(r)))
			return (const void *)r;
	return NULL;
}

struct yang_data *td_drop_reason_get(struct nb_cb_get_elem_args *args)
{
	return yang_data_new_string(
		args->xpath, xlat_drop_reason_name((uintptr_t)args->list_entry));
}

struct yang_data *td_drop_packets_get(struct nb_cb_get_elem_args *args)
{
	struct xlat_counters c;

	td_dataplane_stats(&c);
	return yang_data_new_uint64(args->xpath,
				    c.drops[(uintptr_t)args->list_entry]);
}

/* Advertisements: td_adv's entry handles. */
const void *td_advst_get_next(struct nb_cb_get_next_args *args)
{
	return td_adv_next(args->list_entry);
}

int td_advst_get_keys(struct nb_cb_get_keys_args *args)
{
	struct td_adv_view v;

	td_adv_view(args->list_entry, &v);
	args->keys->num = 1;
	prefix2str(v.p, args->keys->key[0], sizeof(args->keys->key[0]));
	return NB_OK;
}

const void *td_advst_lookup(struct nb_cb_lookup_entry_args *args)
{
	struct prefix p;

	if (!str2prefix(args->keys->key[0], &p))
		return NULL;
	return td_adv_find(&p);
}

struct yang_data *td_advst_prefix_get(struct nb_cb_get_elem_args *args)
{
	struct td_adv_view v;

	td_adv_view(args->list_entry, &v);
	return yang_data_new_prefix(args->xpath, v.p);
}

struct yang_data *td_advst_state_get(struct nb_cb_get_elem_args *args)
{
	struct td_adv_view v;

	td_adv_view(args->list_entry, &v);
	return yang_data_new_string(args->xpath, td_adv_state_name(v.state));
}

struct yang_data *
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

const void *td_map_get_next(struct nb_cb_get_next_args *args)
{
	uintptr_t i = (uintptr_t)args->list_entry + 1;

	return i <= eamt_count(td_conf.eamt) ? (const void *)i : NULL;
}

int td_map_get_keys(struct nb_cb_get_keys_args *args)
{
	struct eamt_entry e;
	struct prefix_ipv4 p4;

	if (!mapping_of(args->list_entry, &e, &p4))
		return NB_ERR;
	args->keys->num = 1;
	prefix2str(&p4, args->keys->key[0], sizeof(args->keys->key[0]));
	return NB_OK;
}

const void *td_map_lookup(struct nb_cb_lookup_entry_args *args)
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

struct yang_data *td_map_v4_get(struct nb_cb_get_elem_args *args)
{
	struct eamt_entry e;
	struct prefix_ipv4 p4;

	if (!mapping_of(args->list_entry, &e, &p4))
		return NULL;
	return yang_data_new_prefix(args->xpath, (struct prefix *)&p4);
}

struct yang_data *td_map_v6_get(struct nb_cb_get_elem_args *args)
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

struct yang_data *td_map_adv_get(struct nb_cb_get_elem_args *args)
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

struct yang_data *td_map_health_get(struct nb_cb_get_elem_args *args)
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

const void *td_hc_get_next(struct nb_cb_get_next_args *args)
{
	uintptr_t i = (uintptr_t)args->list_entry;

	if (!i)
		hc_refresh();
	i++;
	return i <= hcv_n ? (const void *)i : NULL;
}

int td_hc_get_keys(struct nb_cb_get_keys_args *args)
{
	const struct td_hc_view *c = check_of(args->list_entry);

	if (!c)
		return NB_ERR;
	args->keys->num = 1;
	strlcpy(args->keys->key[0], c->name, sizeof(args->keys->key[0]));
	return NB_OK;
}

const void *td_hc_lookup(struct nb_cb_lookup_entry_args *args)
{
	hc_refresh();
	for (uintptr_t i = 1; i <= hcv_n; i++)
		if (!strcmp(hcv[i - 1].name, args->keys->key[0]))
			return (const void *)i;
	return NULL;
}

#define HC_GET(fn, expr)                                                       \
	struct yang_data *fn(struct nb_cb_get_elem_args *args)                 \
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
const void *td_hc_mapping_get_next(struct nb_cb_get_next_args *args)
{
	const struct td_hc_view *c = check_of(args->parent_list_entry);
	uintptr_t i = (uintptr_t)args->list_entry + 1;

	return c && i <= c->n_mappings ? (const void *)i : NULL;
}

struct yang_data *td_hc_mapping_get(struct nb_cb_get_elem_args *args)
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
