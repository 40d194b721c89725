/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Data plane counters as one JSON object (runner, scripts, metrics). */
#include <inttypes.h>

#include "stats_json.h"

void dp_stats_print_json(FILE *f, const struct dataplane *dp,
			 const struct dp_stats *st)
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
		", \"fragments_generated\": %" PRIu64
		", \"hairpinned\": %" PRIu64 ",\n",
		x->icmp_errors_generated, x->fragments_generated,
		x->hairpinned);
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
	fprintf(f, "}}\n");
	fflush(f);
}
