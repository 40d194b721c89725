/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CLI: show commands. JSON keys are camelCase, like FRR's own.
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
#include "td_dataplane.h"
#include "td_vty.h"
#include "td_zebra.h"

#include "td_vty_clippy.c"

static void pool6_str(char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	if (!td_running.cfg.has_pool6) {
		snprintf(buf, len, "none");
		return;
	}
	inet_ntop(AF_INET6, td_running.cfg.pool6.addr, a, sizeof(a));
	snprintf(buf, len, "%s/%u", a, td_running.cfg.pool6.len);
}

static void eam_strs(const struct eamt_entry *e, char *v4, char *v6)
{
	char a4[INET_ADDRSTRLEN], a6[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET, e->v4, a4, sizeof(a4));
	inet_ntop(AF_INET6, e->v6, a6, sizeof(a6));
	snprintf(v4, INET_ADDRSTRLEN + 4, "%s/%u", a4, e->v4len);
	snprintf(v6, INET6_ADDRSTRLEN + 4, "%s/%u", a6, e->v6len);
}

DEFPY (show_translator_mappings,
       show_translator_mappings_cmd,
       "show translator mappings [json]$json",
       SHOW_STR
       "Stateless IPv4/IPv6 translator\n"
       "Address mappings: pool6 and the EAM table\n"
       JSON_STR)
{
	char pool6[INET6_ADDRSTRLEN + 4];
	char v4[INET_ADDRSTRLEN + 4], v6[INET6_ADDRSTRLEN + 4];
	struct eamt_entry e;
	size_t n = eamt_count(td_running.eamt);
	json_object *jo = NULL, *ja = NULL;

	pool6_str(pool6, sizeof(pool6));
	if (json) {
		jo = json_object_new_object();
		ja = json_object_new_array();
		if (td_running.cfg.has_pool6)
			json_object_string_add(jo, "pool6", pool6);
		json_object_int_add(jo, "eamCount", n);
		json_object_object_add(jo, "eam", ja);
	} else {
		vty_out(vty, "pool6: %s\nEAM entries: %zu\n", pool6, n);
		if (n)
			vty_out(vty, "%-20s %s\n", "IPv4 prefix",
				"IPv6 prefix");
	}
	for (size_t i = 0; eamt_get(td_running.eamt, i, &e); i++) {
		eam_strs(&e, v4, v6);
		if (json) {
			json_object *je = json_object_new_object();

			json_object_string_add(je, "ipv4Prefix", v4);
			json_object_string_add(je, "ipv6Prefix", v6);
			json_object_array_add(ja, je);
		} else {
			vty_out(vty, "%-20s %s\n", v4, v6);
		}
	}
	return json ? vty_json(vty, jo) : CMD_SUCCESS;
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

DEFPY (show_translator_advertisements,
       show_translator_advertisements_cmd,
       "show translator advertisements [json]$json",
       SHOW_STR
       "Stateless IPv4/IPv6 translator\n"
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
	} else {
		vty_out(vty, "Nexthop interface: %s (%s)\n",
			td_dataplane_ifname(),
			td_adv_nexthop_ifindex() ? "up" : "down");
		vty_out(vty, "Zebra: %s\n",
			td_zebra_connected() ? "connected" : "not connected");
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

void td_vty_init(void)
{
	install_element(VIEW_NODE, &show_translator_mappings_cmd);
	install_element(VIEW_NODE, &show_translator_advertisements_cmd);
}
