/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TRANSLATORD_DP_STATS_JSON_H
#define TRANSLATORD_DP_STATS_JSON_H

#include <stdio.h>

#include "dataplane.h"

/* One JSON object: totals, drops by the core's reason names, punts. */
void dp_stats_print_json(FILE *f, const struct dataplane *dp,
			 const struct dp_stats *st);

#endif
