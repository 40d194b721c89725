/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The data-plane self-test's probe: see td_selftest.h.
 */
#include <zebra.h>

#include "eamt.h"
#include "xlat.h"

#include "td.h"
#include "td_dataplane.h"
#include "td_selftest.h"

/* Whether the core translates the probe from s to d (network order) to
 * one IPv6 packet; its addresses go to h. */
static bool probe_translates(const struct td_conf *c, uint32_t s, uint32_t d,
			     struct health_check_config *h,
			     enum xlat_drop_reason *why)
{
	static uint8_t out[4096]; /* FRR thread only */
	uint8_t pkt[HEALTH_DATAPLANE_PROBE_LEN];
	struct xlat_counters ctr;
	struct xlat_result res;
	size_t len = health_dataplane_probe(s, d, 0, 0, NULL, pkt);
	const uint8_t *o;

	memset(&ctr, 0, sizeof(ctr));
	if (xlat_4to6(&c->xlat, &ctr, pkt, len, 0, 0, out, sizeof(out),
		      &res) != XLAT_TRANSLATED ||
	    res.n != 1 || res.pkts[0].family != 6) {
		*why = res.reason;
		return false;
	}
	o = out + res.pkts[0].offset;
	inet_ntop(AF_INET, &s, h->source, sizeof(h->source));
	inet_ntop(AF_INET, &d, h->target, sizeof(h->target));
	inet_ntop(AF_INET6, o + 8, h->expect_source, sizeof(h->expect_source));
	inet_ntop(AF_INET6, o + 24, h->expect_target, sizeof(h->expect_target));
	return true;
}

/*
 * Pick the probe's addresses and what the data plane must turn them
 * into: the translation core's answer for the running configuration.
 * Destinations: 192.0.2.1 (TEST-NET-1, through pool6 unless an EAM
 * covers it), then the first EAM entry (only in an EAM-only
 * configuration); sources: own-address, 192.0.0.8 (RFC 7600, the IPv4
 * dummy address), then the first EAM entry (with ipv4-source-filter
 * off). The first pair the core translates wins. Preferring pool6 keeps
 * the pair independent of the mapping table where the configuration
 * allows; where it does not, a changed pair still keeps the check's
 * state (health_config_same_probe).
 */
static bool probe_pick(const struct td_conf *c, struct health_check_config *h,
		       char *why, size_t len)
{
	uint32_t src[3], dst[2], v4;
	unsigned ns = 0, nd = 0;
	struct eamt_entry e;
	enum xlat_drop_reason last = XLAT_DROP_NONE;
	bool has_eam = eamt_get(c->eamt, 0, &e);

	if (has_eam)
		memcpy(&v4, e.v4, 4);
	dst[nd++] = htonl(0xc0000201); /* 192.0.2.1 */
	if (has_eam)
		dst[nd++] = v4;
	if (c->xlat.has_own_v4)
		memcpy(&src[ns++], c->xlat.own_v4, 4);
	src[ns++] = htonl(0xc0000008); /* 192.0.0.8 */
	/* A mapped source from the IPv4 side is dropped as a spoof unless
	 * ipv4-source-filter is off. */
	if (has_eam && c->xlat.accept_mapped_src4)
		src[ns++] = v4;

	for (unsigned j = 0; j < nd; j++)
		for (unsigned i = 0; i < ns; i++)
			if (src[i] != dst[j] &&
			    probe_translates(c, src[i], dst[j], h, &last))
				return true;
	snprintf(why, len,
		 "disabled: no probe address pair translates with this configuration (%s)",
		 last ? xlat_drop_reason_name(last) : "no pool6 and no EAM entry");
	return false;
}

/* Test hook: run the self-test even through a backend that says it does
 * not translate (none does today: td_dataplane.c translates whenever a
 * data plane exists), where it must fail and withdraw everything. Never
 * set in production. */
static bool selftest_forced(void)
{
	const char *v = getenv("TRANSLATORD_SELFTEST_FORCE");

	return v && !strcmp(v, "1");
}

bool td_selftest_config(const struct td_conf *c, bool resumed,
			struct health_check_config *st, char *why, size_t len)
{
	health_check_config_init(st, HEALTH_CHECK_DATAPLANE);
	strlcpy(st->name, TD_SELFTEST_NAME, sizeof(st->name));
	strlcpy(st->interface, td_dataplane_ifname(), sizeof(st->interface));
	if (!td_dataplane_translates() && !selftest_forced())
		snprintf(why, len,
			 "disabled: no data plane (the %s backend does not translate packets)",
			 td_dataplane_backend());
	else if (!st->interface[0])
		snprintf(why, len, "disabled: no data-plane interface yet");
	else if (!td_dataplane_translating())
		/* Drained: nothing translates on purpose. Probing would
		 * fail and keep the node withdrawn for good. */
		snprintf(why, len,
			 "disabled: the data plane is not translating (drained)");
	else if (probe_pick(c, st, why, len)) {
		st->init_up = resumed;
		return true;
	}
	return false;
}
