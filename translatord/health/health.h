/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Health-check probe engine: the FRR-independent part.
 *
 * Routes must follow health: each check probes one thing (a backend, the
 * upstream, a drain file) and runs a rise/fall state machine; the daemon
 * announces a prefix only while every check controlling it is healthy.
 * This library knows nothing about routes or FRR; it reports transitions
 * and lets the daemon decide.
 *
 * Thread model
 * ------------
 * - The engine owns one libevent base. health_engine_run() runs it in the
 *   calling thread (in the daemon: the start function of an frr_pthread;
 *   in tests: a plain pthread) until health_engine_stop().
 * - Every probe, timer and callback runs in that thread, so the check
 *   state needs no locking there.
 * - health_engine_set_check(), health_engine_remove_check(),
 *   health_engine_snapshot() and health_engine_stop() may be called from
 *   any thread. Changes are recorded under the engine mutex and the engine
 *   thread is woken with event_active() (thread-safe because
 *   health_engine_new() calls evthread_use_pthreads() first); it applies
 *   them on its next loop iteration. Validation happens in the caller's
 *   thread, so errors are returned at once.
 * - The published status of every check is a copy updated under the
 *   mutex after each probe; a snapshot copies it and never waits for a
 *   probe to finish.
 * - on_transition and on_result are invoked in the engine thread with no
 *   engine lock held: they may call the API above (changes take effect
 *   on the next loop iteration). The daemon copies the struct and hands
 *   it to the FRR thread with thread_add_event(); the structs hold no
 *   pointers so a memcpy is a full copy.
 * - Script checks start children with posix_spawn and reap them through a
 *   pidfd (a 10 ms waitpid() poll where pidfd_open() is missing), without
 *   SIGCHLD: nothing else in the process may call waitpid(-1) or set
 *   SIGCHLD to SIG_IGN.
 * - health_engine_run() blocks SIGPIPE in its thread, so a backend that
 *   closes mid-request is an EPIPE probe failure, not a dead daemon.
 */
#ifndef TRANSLATORD_HEALTH_H
#define TRANSLATORD_HEALTH_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HEALTH_NAME_MAX    64   /* check name, NUL included */
#define HEALTH_ADDR_MAX    46   /* INET6_ADDRSTRLEN */
#define HEALTH_PATH_MAX    256  /* file path, HTTP path */
#define HEALTH_HOST_MAX    128  /* HTTP Host header */
#define HEALTH_BODY_MAX    128  /* expected HTTP body substring */
#define HEALTH_SCRIPT_MAX  512  /* script command line */
#define HEALTH_REASON_MAX  256  /* reason / probe detail text */
#define HEALTH_TARGET_MAX  320  /* human description of the target */
#define HEALTH_ERR_MAX     256  /* validation error text */

enum health_check_type {
	HEALTH_CHECK_ICMP,   /* echo request to an IPv4 or IPv6 address */
	HEALTH_CHECK_TCP,    /* connect() to address:port */
	HEALTH_CHECK_HTTP,   /* GET path, status range, optional body substring */
	HEALTH_CHECK_SCRIPT, /* /bin/sh -c command; exit status 0 is success */
	HEALTH_CHECK_FILE,   /* drain: down while the file exists */
	/* Data-plane self-test: an ICMPv4 echo request sent out of the
	 * translator interface must come back into it translated to IPv6
	 * (see check_dataplane.c). */
	HEALTH_CHECK_DATAPLANE,
	HEALTH_CHECK_TYPE_COUNT
};

enum health_state {
	HEALTH_STATE_INIT,     /* not probed yet; healthy only if init_up */
	HEALTH_STATE_UP,
	HEALTH_STATE_DOWN,
	HEALTH_STATE_RISING,   /* down, counting successes towards rise */
	HEALTH_STATE_FALLING,  /* up, counting failures towards fall */
	HEALTH_STATE_DISABLED, /* not probed; does not vote (see healthy) */
	HEALTH_STATE_COUNT
};

enum health_result {
	HEALTH_RESULT_NONE,    /* no probe yet */
	HEALTH_RESULT_OK,
	HEALTH_RESULT_FAIL,
	HEALTH_RESULT_TIMEOUT, /* a failure that hit the timeout */
};

/*
 * One check. Fill with health_check_config_init() (which sets the
 * defaults for the type) and then the fields you need. Strings are inline
 * arrays so the struct can be copied between threads by value.
 */
struct health_check_config {
	char name[HEALTH_NAME_MAX];
	enum health_check_type type;

	/* Timing, in milliseconds. */
	uint32_t interval_ms;      /* between probes while stable */
	uint32_t fast_interval_ms; /* while rising/falling; <= interval */
	uint32_t timeout_ms;       /* < fast_interval_ms <= interval_ms */
	uint32_t jitter_pct;       /* each wait is shortened by 0..jitter% */

	/* State machine. */
	uint32_t rise;             /* consecutive successes to become up */
	uint32_t fall;             /* consecutive failures to become down */
	uint32_t hold_down_ms;     /* min. time down before up again */
	uint32_t hold_down_max_ms; /* cap of the doubled hold-down (damping) */
	bool init_up;              /* start healthy (default: start failed) */
	bool disabled;

	/* Where probes leave from: both optional. */
	char source[HEALTH_ADDR_MAX];  /* bind() address */
	char interface[IF_NAMESIZE];   /* SO_BINDTODEVICE */

	/* icmp, tcp, http: an IP literal (no DNS, on purpose: a health check
	 * must not depend on a resolver). */
	char target[HEALTH_ADDR_MAX];
	uint16_t port;             /* tcp, http */

	/* http */
	char http_path[HEALTH_PATH_MAX];
	char http_host[HEALTH_HOST_MAX]; /* empty: the target literal */
	uint16_t http_status_min;
	uint16_t http_status_max;
	char http_body[HEALTH_BODY_MAX]; /* empty: body not checked */

	/* script */
	char script[HEALTH_SCRIPT_MAX];

	/* file */
	char file_path[HEALTH_PATH_MAX];

	/* dataplane: the probe is an ICMPv4 echo request from source to
	 * target, sent out of interface (the translator interface); it must
	 * come back into that interface as an ICMPv6 echo request from
	 * expect_source to expect_target (what the translation core makes
	 * of those addresses), same identifier, sequence and payload, with
	 * a valid checksum. */
	char expect_source[HEALTH_ADDR_MAX];
	char expect_target[HEALTH_ADDR_MAX];
};

/* Counters since the check was added. probes = successes + failures;
 * timeouts are a subset of failures. */
struct health_counters {
	uint64_t probes;
	uint64_t successes;
	uint64_t failures;
	uint64_t timeouts;
	uint64_t transitions;
};

/* A state change, reported through on_transition. */
struct health_transition {
	char check[HEALTH_NAME_MAX];
	enum health_check_type type;
	enum health_state old_state;
	enum health_state new_state;
	bool was_healthy;
	bool healthy;              /* what the daemon should do with routes */
	enum health_result result; /* probe that caused it; NONE if config */
	char reason[HEALTH_REASON_MAX];
	uint64_t mono_ms;          /* CLOCK_MONOTONIC */
	uint64_t wall_ms;          /* CLOCK_REALTIME, ms since the epoch */
};

/* One finished probe, reported through on_result (optional). */
struct health_probe_report {
	char check[HEALTH_NAME_MAX];
	enum health_result result;
	char detail[HEALTH_REASON_MAX];
	uint32_t duration_us;
	enum health_state state;   /* after this result */
	uint64_t mono_ms;
	uint64_t wall_ms;
};

/* What `show translator health` prints: plain scalars and strings. */
struct health_check_status {
	char name[HEALTH_NAME_MAX];
	enum health_check_type type;
	char target[HEALTH_TARGET_MAX];
	uint32_t interval_ms, fast_interval_ms, timeout_ms, rise, fall;
	enum health_state state;
	bool healthy;
	uint32_t progress;         /* successes (rising) or failures (falling) */
	uint32_t flaps;            /* damping level: hold-down doubled n times */
	uint64_t hold_down_left_ms;
	enum health_result last_result;
	char last_detail[HEALTH_REASON_MAX];
	uint32_t last_duration_us;
	uint64_t last_probe_wall_ms;  /* 0: never */
	uint64_t last_change_wall_ms;
	char last_change_reason[HEALTH_REASON_MAX];
	struct health_counters counters;
};

typedef void (*health_transition_cb)(const struct health_transition *t,
				     void *arg);
typedef void (*health_result_cb)(const struct health_probe_report *r,
				 void *arg);
/* prio is a syslog priority (LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG). */
typedef void (*health_log_cb)(int prio, const char *msg, void *arg);

struct health_engine_opts {
	health_transition_cb on_transition;
	health_result_cb on_result; /* may be NULL */
	health_log_cb on_log;       /* may be NULL */
	void *arg;                  /* passed to the three callbacks */
	uint64_t seed;              /* jitter PRNG; 0: from getrandom() */
};

struct health_engine;

/* --- configuration (pure, any thread) --- */

/* Zero the struct and set the defaults for the type. */
void health_check_config_init(struct health_check_config *c,
			      enum health_check_type type);
/* 0 if valid; else -1 and a message naming the check and the field, e.g.
 * "check 'web1': timeout 3000 ms must be less than interval 2000 ms". */
int health_check_config_validate(const struct health_check_config *c,
				 char *err, size_t errlen);

/* Whether b probes the same thing as a (type and target fields equal;
 * for a dataplane check, the same interface, whatever the probe
 * addresses): health_engine_set_check() then keeps the check's state. */
bool health_config_same_probe(const struct health_check_config *a,
			      const struct health_check_config *b);

/* What the check probes, as text ("http://[2001:db8::10]:80/ dev eth0"). */
void health_config_describe(const struct health_check_config *c, char *buf,
			    size_t len);

/* The dataplane check's probe: the ICMPv4 echo request from s to d
 * (network order), identifier id, sequence seq and the check's 16-byte
 * payload (zeros when only the addresses matter), written to pkt, which
 * holds HEALTH_DATAPLANE_PROBE_LEN bytes. The daemon gives the same
 * packet to the translation core to learn what the data plane must make
 * of it. Returns its length. */
#define HEALTH_DATAPLANE_PROBE_LEN 44
size_t health_dataplane_probe(uint32_t s, uint32_t d, uint16_t id,
			      uint16_t seq, const uint8_t *payload,
			      uint8_t *pkt);

const char *health_check_type_name(enum health_check_type t);
int health_check_type_parse(const char *s, enum health_check_type *out);
const char *health_state_name(enum health_state s);
const char *health_result_name(enum health_result r);

/* --- engine lifecycle (owner thread) --- */

/* NULL on failure (message in err). */
struct health_engine *health_engine_new(const struct health_engine_opts *o,
					char *err, size_t errlen);
/* Runs the loop in the calling thread until health_engine_stop(). */
int health_engine_run(struct health_engine *e);
/* Any thread. Makes health_engine_run() return. */
void health_engine_stop(struct health_engine *e);
/* After run() returned (or was never called): cancels probes, kills and
 * reaps script children, frees everything. */
void health_engine_free(struct health_engine *e);

/* --- changes and queries (any thread) --- */

/* Add a check, or replace the one with the same name. A replacement that
 * probes the same thing (type and target fields unchanged) keeps its
 * state; otherwise the check restarts in INIT, failed (a withdraw this
 * causes arms the hold-down). Counters are kept either way. An in-flight
 * probe is cancelled and not counted. -1 with a message if the
 * configuration is invalid. */
int health_engine_set_check(struct health_engine *e,
			    const struct health_check_config *c,
			    char *err, size_t errlen);
/* -1 if no such check. An in-flight probe is cancelled (a script is
 * killed). No transition is reported. */
int health_engine_remove_check(struct health_engine *e, const char *name);

/* A malloc'ed copy of every check's status, in the order they were
 * added; free() it. *n = 0 and *out = NULL when there is none. -1 only if
 * out of memory. */
int health_engine_snapshot(struct health_engine *e,
			   struct health_check_status **out, size_t *n);

/* Run fn(base, arg) in the engine thread, on its next loop iteration (or
 * as soon as health_engine_run() starts), for services that share the
 * engine's event base (the daemon's /metrics endpoint): they are then
 * created, served and freed in one thread. Calls run in the order they
 * were made. A call still queued at health_engine_free() runs there, in
 * the freeing thread, so that it can release arg. -1 if out of memory. */
struct event_base;
typedef void (*health_call_fn)(struct event_base *base, void *arg);
int health_engine_call(struct health_engine *e, health_call_fn fn, void *arg);

/* The engine's clocks, in ms: monotonic (for intervals) and wall (for
 * display), the same ones transitions are stamped with. */
uint64_t health_mono_ms(void);
uint64_t health_wall_ms(void);

#endif
