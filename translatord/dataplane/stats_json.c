/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Data plane counters as one JSON object (runner, scripts, metrics). */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdlib.h>

#include "stats_json.h"

static void print_mappings(FILE *f, struct dataplane *dp,
			   const struct eamt *eamt)
{
	size_t n = dp_mapping_count(dp);
	struct xlat_mapping_counters *m = calloc(n ? n : 1, sizeof(*m));
	struct eamt_entry e;
	char a4[INET_ADDRSTRLEN], a6[INET6_ADDRSTRLEN];

	if (!m)
		return;
	n = dp_mapping_stats_all(dp, m, n);
	fprintf(f, ",\n \"mappings\": [");
	for (size_t i = 0; i < n && eamt_get(eamt, i, &e); i++) {
		inet_ntop(AF_INET, e.v4, a4, sizeof(a4));
		inet_ntop(AF_INET6, e.v6, a6, sizeof(a6));
		fprintf(f,
			"%s\n  {\"ipv4_prefix\": \"%s/%u\", \"ipv6_prefix\": \"%s/%u\", "
			"\"pkts_4to6\": %" PRIu64 ", \"bytes_4to6\": %" PRIu64
			", \"pkts_6to4\": %" PRIu64 ", \"bytes_6to4\": %" PRIu64
			"}",
			i ? "," : "", a4, e.v4len, a6, e.v6len, m[i].pkts_4to6,
			m[i].bytes_4to6, m[i].pkts_6to4, m[i].bytes_6to4);
	}
	fprintf(f, "]");
	free(m);
}

void dp_stats_print_json(FILE *f, struct dataplane *dp,
			 const struct dp_stats *st, const struct eamt *eamt)
{
	const struct xlat_counters *x = &st->xlat;

	fprintf(f, "{\"dataplane\": \"%s\", \"ifname\": \"%s\",\n",
		dp_kind_name(dp_get_kind(dp)), dp_ifname(dp));
	fprintf(f,
		" \"pkts_4to6\": %" PRIu64 ", \"bytes_4to6\": %" PRIu64
		", \"pkts_6to4\": %" PRIu64 ", \"bytes_6to4\": %" PRIu64 ",\n",
		x->pkts_4to6, x->bytes_4to6, x->pkts_6to4, x->bytes_6to4);
	fprintf(f,
		" \"icmp_errors_generated\": %" PRIu64
		", \"icmp_errors_rate_limited\": %" PRIu64
		", \"fragments_generated\": %" PRIu64
		", \"hairpinned\": %" PRIu64 ",\n",
		x->icmp_errors_generated, x->icmp_errors_rate_limited,
		x->fragments_generated, x->hairpinned);
	fprintf(f,
		" \"fast_pkts\": %" PRIu64 ", \"slow_pkts\": %" PRIu64
		", \"tx_pkts\": %" PRIu64 ", \"tx_errors\": %" PRIu64
		", \"gso_whole\": %" PRIu64 ", \"gso_split\": %" PRIu64
		", \"passed\": %" PRIu64 ",\n",
		st->fast_pkts, st->slow_pkts, st->tx_pkts, st->tx_errors,
		st->gso_whole, st->gso_split, st->passed);
	fprintf(f, " \"drops\": {");
	for (unsigned r = 1; r < XLAT_DROP__COUNT; r++)
		fprintf(f, "%s\"%s\": %" PRIu64, r > 1 ? ", " : "",
			xlat_drop_reason_name((enum xlat_drop_reason)r),
			x->drops[r]);
	fprintf(f, "},\n \"punts\": {");
	for (unsigned r = 0; r < DP_PUNT__COUNT; r++)
		fprintf(f, "%s\"%s\": %" PRIu64, r ? ", " : "",
			dp_punt_reason_name((enum dp_punt_reason)r),
			st->punts[r]);
	fprintf(f, "}");
	fprintf(f, ",\n \"mapping_counters\": %s",
		dp_mapping_stats_enabled(dp) ? "true" : "false");
	if (eamt && dp_mapping_stats_enabled(dp))
		print_mappings(f, dp, eamt);
	fprintf(f, "}\n");
	fflush(f);
}
