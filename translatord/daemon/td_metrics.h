/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Prometheus endpoint (/metrics, text format 0.0.4), served by
 * translatord/metrics on the health engine's event base, in the engine's
 * thread: a scrape never waits for the FRR thread, and a busy FRR thread
 * (100k routes going out) never delays a scrape.
 *
 * What a scrape reads, and how it is safe from that thread:
 *  - translation counters: td_dataplane_stats() (callable from any
 *    thread);
 *  - check states and counters: health_engine_snapshot();
 *  - announced routes, zebra session: atomics kept by td_adv/td_zebra;
 *  - the rest (node verdict, drain, which routes each check controls,
 *    the EAM list for per-mapping counters): a copy the FRR thread
 *    publishes after every change (td_metrics_publish), under a mutex.
 */
#ifndef TRANSLATORD_TD_METRICS_H
#define TRANSLATORD_TD_METRICS_H

#include <stddef.h>

#include "../health/health.h" /* by path: vtysh's command extraction */

#include "td.h"

/* The engine exists; its thread may not run yet (calls are queued).
 * c: the configuration so far. */
void td_metrics_start(struct health_engine *e, const struct td_conf *c);
/* After the engine's thread ended, before the engine is freed. */
void td_metrics_stop(void);

/* Listen address, port, on/off (the translator is configured): a new
 * endpoint is opened in the engine's thread when they change. A bind
 * error is logged and shown by td_metrics_endpoint(). */
void td_metrics_configure(const struct td_conf *c);

/* Publish what the FRR thread knows (FRR thread, after each change). */
void td_metrics_publish(void);

/* "127.0.0.1:9641", "not configured", or the bind error. */
void td_metrics_endpoint(char *buf, size_t len);

#endif
