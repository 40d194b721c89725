/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The /metrics HTTP endpoint (Prometheus scrape target), on libevent
 * (listener and bufferevents; the limits are in metrics_http.c). It runs in the thread of the event base it is given (in the
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
/* Open connections at once; further ones are closed on accept. */
#define METRICS_DEFAULT_MAX_CONNS 8

struct metrics_server_stats {
	uint64_t accepted;
	uint64_t scrapes;
	uint64_t refused_limit;  /* closed on accept: max_conns reached */
	uint64_t refused_bad;    /* 400, 405, 431 */
	uint64_t timeouts;       /* head not in time, or a slow reader */
	uint64_t accept_errors;  /* accept() failed (descriptors) */
	unsigned open;
};

typedef void (*metrics_render_fn)(void *arg, struct prom_buf *out);

/* max_conns 0: METRICS_DEFAULT_MAX_CONNS. */
struct metrics_server *metrics_server_new(struct event_base *base,
					  const char *addr, uint16_t port,
					  unsigned max_conns,
					  metrics_render_fn render, void *arg,
					  char *err, size_t errlen);
/* The bound port (useful with port 0). */
uint16_t metrics_server_port(const struct metrics_server *s);
/* Event-base thread only. */
void metrics_server_stats(const struct metrics_server *s,
			  struct metrics_server_stats *out);
void metrics_server_free(struct metrics_server *s);

#endif
