/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TRANSLATORD_DP_STATS_JSON_H
#define TRANSLATORD_DP_STATS_JSON_H

#include <stdio.h>

#include "dataplane.h"

/* One JSON object: totals, drops by the core's reason names, punts;
 * with per-mapping counters on and eamt (the configured table) given,
 * "mappings" too: one object per EAM entry, in eamt_get() order. */
void dp_stats_print_json(FILE *f, struct dataplane *dp,
			 const struct dp_stats *st, const struct eamt *eamt);

#endif
