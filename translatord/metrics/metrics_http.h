/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The /metrics HTTP endpoint (Prometheus scrape target), on libevent's
 * evhttp. It runs in the thread of the event base it is given (in the
 * daemon: the health engine's), and calls `render` for every scrape; the
 * render callback must only read state that is safe to read from that
 * thread (snapshots, atomic counters).
 */
#ifndef TRANSLATORD_METRICS_HTTP_H
#define TRANSLATORD_METRICS_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "prom.h"

struct event_base;
struct metrics_server;

/* Loopback only unless the operator says otherwise: counters reveal
 * traffic and the mapping table. */
#define METRICS_DEFAULT_ADDR "127.0.0.1"
#define METRICS_DEFAULT_PORT 9342

typedef void (*metrics_render_fn)(void *arg, struct prom_buf *out);

struct metrics_server *metrics_server_new(struct event_base *base,
					  const char *addr, uint16_t port,
					  metrics_render_fn render, void *arg,
					  char *err, size_t errlen);
/* The bound port (useful with port 0). */
uint16_t metrics_server_port(const struct metrics_server *s);
void metrics_server_free(struct metrics_server *s);

#endif
