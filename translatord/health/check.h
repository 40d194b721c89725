/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Internal interface between the engine (engine.c) and the check types
 * (check_*.c). Not for the daemon: it uses health.h only.
 *
 * A check type starts one probe at a time and reports its end with
 * health_probe_done(). The engine owns the timeout: when it fires, it
 * calls ops->cancel() and records a timeout, so no check type needs a
 * timer of its own.
 */
#ifndef TRANSLATORD_HEALTH_CHECK_H
#define TRANSLATORD_HEALTH_CHECK_H

#include <netinet/in.h>
#include <sys/queue.h>
#include <sys/socket.h>

#include "health.h"
#include "state.h"

struct event;
struct event_base;

struct health_check {
	TAILQ_ENTRY(health_check) link; /* eng->checks, under eng->lock */
	struct health_engine *eng;

	/* Under eng->lock. cfg is written only by the engine thread (under
	 * the lock), so that thread reads it without locking. */
	struct health_check_config cfg;
	struct health_check_config *next_cfg; /* queued replacement */
	bool remove_requested;
	bool started;                         /* engine thread took it over */
	struct health_check_status status;    /* what snapshots copy */
	uint64_t pub_hold_until_ms;

	/* Engine thread only. */
	struct health_check *todo_next;       /* apply_changes() work list */
	struct health_check_config *todo_cfg;
	int todo;                             /* enum todo in engine.c */
	const struct health_check_ops *ops;
	struct health_sm_params params;
	struct health_sm sm;
	struct event *tick;                   /* next probe */
	struct event *timeout;                /* in-flight probe's deadline */
	bool in_flight;
	uint64_t probe_start_us;              /* CLOCK_MONOTONIC */
	uint16_t seq;                         /* probe number, wraps */
	void *probe;                          /* the check type's state */
};

struct health_check_ops {
	/* Start one probe. Must call health_probe_done() exactly once, from
	 * inside start() or later, unless cancel() comes first. */
	void (*start)(struct health_check *c);
	/* Abort the in-flight probe and release its resources; after it,
	 * health_probe_done() must not be called for that probe. May write
	 * what it did into detail (e.g. the killed process group). */
	void (*cancel)(struct health_check *c, char *detail, size_t len);
};

extern const struct health_check_ops health_check_icmp_ops;
extern const struct health_check_ops health_check_tcp_ops;
extern const struct health_check_ops health_check_http_ops;
extern const struct health_check_ops health_check_script_ops;
extern const struct health_check_ops health_check_file_ops;
extern const struct health_check_ops health_check_dataplane_ops;

/* --- engine services for the check types (engine thread) --- */

void health_probe_done(struct health_check *c, enum health_result r,
		       const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
struct event_base *health_check_base(const struct health_check *c);
uint32_t health_engine_random(struct health_engine *e);
void health_log(struct health_engine *e, int prio, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Something that outlives its probe (a killed script not reaped yet).
 * The engine finishes it at health_engine_free() if it is still there. */
struct health_orphan {
	LIST_ENTRY(health_orphan) link;
	void (*finish)(struct health_orphan *o); /* blocking is allowed */
};
/* At most max bytes of src (NUL-terminated), printable ASCII kept and
 * everything else, backslash included, as \xNN: a backend's bytes may go
 * into logs, a terminal and JSON. dst always terminated. */
void health_escape(const char *src, size_t max, char *dst, size_t dstlen);

void health_orphan_add(struct health_engine *e, struct health_orphan *o);
void health_orphan_del(struct health_orphan *o);

/* --- clocks --- */
uint64_t health_mono_us(void);

/* --- addresses and sockets (sock.c) --- */

struct health_addr {
	int family; /* AF_INET or AF_INET6 */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	};
};

int health_addr_parse(const char *s, struct health_addr *a);
/* The target as a sockaddr with port; a link-local IPv6 target gets the
 * interface's index as scope. -1 with detail on error. */
int health_sock_target(const struct health_check_config *c, uint16_t port,
		       struct sockaddr_storage *ss, socklen_t *len,
		       char *detail, size_t dlen);
/* A non-blocking, close-on-exec socket bound to the check's interface
 * (SO_BINDTODEVICE) and source address, so the probe reaches this site's
 * backend and not another site's anycast copy. -1 with detail and errno
 * preserved on error. */
int health_sock_open(const struct health_check_config *c, int family,
		     int type, int proto, char *detail, size_t dlen);

#endif
