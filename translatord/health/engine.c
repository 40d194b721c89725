/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The probe engine: one libevent base, run by one thread; probe
 * scheduling (interval, fast interval while a change is pending, jitter,
 * timeout); the thread-safe change/query API. See health.h for the
 * thread model.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <syslog.h>
#include <time.h>

#include <event2/event.h>
#include <event2/thread.h>

#include "check.h"

struct health_call {
	STAILQ_ENTRY(health_call) link;
	health_call_fn fn;
	void *arg;
};

struct health_engine {
	struct event_base *base;
	struct event *wakeup;   /* activated by other threads: apply changes */
	struct event *stop;     /* activated by health_engine_stop() */
	pthread_mutex_t lock;   /* checks list, per-check shared fields */
	TAILQ_HEAD(health_check_list, health_check) checks;
	struct health_engine_opts opts;
	uint64_t rng;           /* engine thread only */
	LIST_HEAD(health_orphan_list, health_orphan) orphans; /* engine thread only */
	STAILQ_HEAD(health_call_list, health_call) calls; /* under lock */
};

enum todo { TODO_NONE, TODO_START, TODO_REPLACE, TODO_REMOVE };

/* --- clocks --- */

static uint64_t ts_us(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

uint64_t health_mono_us(void) { return ts_us(CLOCK_MONOTONIC); }
uint64_t health_mono_ms(void) { return ts_us(CLOCK_MONOTONIC) / 1000u; }
uint64_t health_wall_ms(void) { return ts_us(CLOCK_REALTIME) / 1000u; }

/* --- small services --- */

/* xorshift64*: jitter and ICMP ids need spread, not secrecy. */
uint32_t health_engine_random(struct health_engine *e)
{
	e->rng ^= e->rng >> 12;
	e->rng ^= e->rng << 25;
	e->rng ^= e->rng >> 27;
	return (uint32_t)((e->rng * 0x2545F4914F6CDD1DULL) >> 32);
}

void health_log(struct health_engine *e, int prio, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!e->opts.on_log)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	e->opts.on_log(prio, msg, e->opts.arg);
}

struct event_base *health_check_base(const struct health_check *c)
{
	return c->eng->base;
}

void health_orphan_add(struct health_engine *e, struct health_orphan *o)
{
	LIST_INSERT_HEAD(&e->orphans, o, link);
}

void health_orphan_del(struct health_orphan *o)
{
	LIST_REMOVE(o, link);
}

static const struct health_check_ops *ops_for(enum health_check_type t)
{
	static const struct health_check_ops *const ops[] = {
		[HEALTH_CHECK_ICMP] = &health_check_icmp_ops,
		[HEALTH_CHECK_TCP] = &health_check_tcp_ops,
		[HEALTH_CHECK_HTTP] = &health_check_http_ops,
		[HEALTH_CHECK_SCRIPT] = &health_check_script_ops,
		[HEALTH_CHECK_FILE] = &health_check_file_ops,
		[HEALTH_CHECK_DATAPLANE] = &health_check_dataplane_ops,
	};
	return ops[t];
}

/* --- publishing status and reporting --- */

/* Copy the engine-thread state into the snapshot copy. Caller holds the
 * lock. */
static void publish_locked(struct health_check *c)
{
	struct health_check_status *s = &c->status;

	s->state = c->sm.state;
	s->healthy = health_sm_healthy(c->sm.state, &c->params);
	s->progress = c->sm.count;
	s->flaps = c->sm.flaps;
	s->counters = c->sm.counters;
	c->pub_hold_until_ms = c->sm.hold_until_ms;
}

static void status_config_locked(struct health_check *c)
{
	struct health_check_status *s = &c->status;

	snprintf(s->name, sizeof(s->name), "%s", c->cfg.name);
	s->type = c->cfg.type;
	health_config_describe(&c->cfg, s->target, sizeof(s->target));
	s->interval_ms = c->cfg.interval_ms;
	s->fast_interval_ms = c->cfg.fast_interval_ms;
	s->timeout_ms = c->cfg.timeout_ms;
	s->rise = c->cfg.rise;
	s->fall = c->cfg.fall;
}

/* Publish, then tell the daemon. The callbacks run without the lock so
 * they may call back into the API. */
static void report(struct health_check *c, const struct health_sm_change *ch,
		   enum health_result r, const char *detail, uint64_t now_ms)
{
	struct health_engine *e = c->eng;
	struct health_transition t;

	memset(&t, 0, sizeof(t));
	snprintf(t.check, sizeof(t.check), "%s", c->cfg.name);
	t.type = c->cfg.type;
	t.old_state = ch->old_state;
	t.new_state = ch->new_state;
	t.was_healthy = ch->was_healthy;
	t.healthy = ch->healthy;
	t.result = r;
	/* "<state machine's why>: <probe's detail>", cut to fit. */
	snprintf(t.reason, sizeof(t.reason), "%s", ch->reason);
	if (detail && detail[0]) {
		size_t used = strlen(t.reason);

		snprintf(t.reason + used, sizeof(t.reason) - used, ": %.*s",
			 (int)(sizeof(t.reason) - used), detail);
	}
	t.mono_ms = now_ms;
	t.wall_ms = health_wall_ms();

	pthread_mutex_lock(&e->lock);
	publish_locked(c);
	c->status.last_change_wall_ms = t.wall_ms;
	snprintf(c->status.last_change_reason,
		 sizeof(c->status.last_change_reason), "%s", t.reason);
	pthread_mutex_unlock(&e->lock);

	health_log(e, t.healthy == t.was_healthy ? LOG_INFO : LOG_NOTICE,
		   "health check '%s': %s -> %s: %s", t.check,
		   health_state_name(t.old_state),
		   health_state_name(t.new_state), t.reason);
	if (e->opts.on_transition)
		e->opts.on_transition(&t, e->opts.arg);
}

/* --- scheduling --- */

/* Jitter only shortens the wait, so fall x interval stays an upper bound
 * of the detection time; it spreads checks configured together. */
static uint64_t jittered_us(struct health_engine *e, uint32_t base_ms,
			    uint32_t pct)
{
	uint64_t base = (uint64_t)base_ms * 1000u;
	uint64_t span = base * pct / 100u;

	if (!span)
		return base;
	return base - health_engine_random(e) % (span + 1);
}

/* libevent adds a timer's delay to the time cached when the loop
 * iteration began; callbacks before this one (a slow spawn, say) make it
 * stale and the timer early. Refresh it: timeouts are then never shorter
 * than configured and intervals are measured from the real probe start. */
static void add_timer(struct health_check *c, struct event *ev,
		      uint64_t delay_us)
{
	struct timeval tv = {
		.tv_sec = (time_t)(delay_us / 1000000u),
		.tv_usec = (suseconds_t)(delay_us % 1000000u),
	};

	event_base_update_cache_time(c->eng->base);
	evtimer_add(ev, &tv);
}

static void arm_tick(struct health_check *c, uint64_t delay_us)
{
	add_timer(c, c->tick, delay_us);
}

/* First probe of a new or re-enabled check: soon, spread by the jitter. */
static void schedule_first(struct health_check *c)
{
	uint64_t span = (uint64_t)c->cfg.interval_ms * 1000u *
			c->cfg.jitter_pct / 100u;

	arm_tick(c, span ? health_engine_random(c->eng) % (span + 1) : 0);
}

/* Fixed rate from the start of the last probe, so the probe's own
 * duration does not stretch the period. */
static void schedule_next(struct health_check *c, uint64_t now_us)
{
	uint32_t base = health_sm_pending(&c->sm) ? c->cfg.fast_interval_ms
						   : c->cfg.interval_ms;
	uint64_t due = c->probe_start_us +
		       jittered_us(c->eng, base, c->cfg.jitter_pct);

	arm_tick(c, due > now_us ? due - now_us : 0);
}

/* --- probes --- */

void health_probe_done(struct health_check *c, enum health_result r,
		       const char *fmt, ...)
{
	struct health_engine *e = c->eng;
	struct health_probe_report rep;
	struct health_sm_change ch;
	uint64_t now_us, now_ms;
	va_list ap;
	bool changed;

	if (!c->in_flight)
		return; /* a check type's bug must not corrupt the counters */
	c->in_flight = false;
	evtimer_del(c->timeout);
	now_us = health_mono_us();
	now_ms = now_us / 1000u;

	memset(&rep, 0, sizeof(rep));
	snprintf(rep.check, sizeof(rep.check), "%s", c->cfg.name);
	rep.result = r;
	va_start(ap, fmt);
	vsnprintf(rep.detail, sizeof(rep.detail), fmt, ap);
	va_end(ap);
	rep.duration_us = (uint32_t)(now_us - c->probe_start_us);
	rep.mono_ms = now_ms;
	rep.wall_ms = health_wall_ms();

	changed = health_sm_result(&c->sm, &c->params, r, now_ms, &ch);
	rep.state = c->sm.state;

	pthread_mutex_lock(&e->lock);
	publish_locked(c);
	c->status.last_result = r;
	snprintf(c->status.last_detail, sizeof(c->status.last_detail), "%s",
		 rep.detail);
	c->status.last_duration_us = rep.duration_us;
	c->status.last_probe_wall_ms = rep.wall_ms;
	pthread_mutex_unlock(&e->lock);

	if (c->sm.state != HEALTH_STATE_DISABLED)
		schedule_next(c, now_us);
	if (e->opts.on_result)
		e->opts.on_result(&rep, e->opts.arg);
	if (changed)
		report(c, &ch, r, rep.detail, now_ms);
}

static void on_tick(evutil_socket_t fd, short what, void *arg)
{
	struct health_check *c = arg;

	(void)fd;
	(void)what;
	if (c->in_flight)
		return; /* cannot happen: timeout < every interval */
	c->in_flight = true;
	c->seq++;
	c->probe_start_us = health_mono_us();
	add_timer(c, c->timeout, (uint64_t)c->cfg.timeout_ms * 1000u);
	c->ops->start(c);
}

static void on_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct health_check *c = arg;
	char extra[128] = "";

	(void)fd;
	(void)what;
	if (!c->in_flight)
		return;
	c->ops->cancel(c, extra, sizeof(extra));
	health_probe_done(c, HEALTH_RESULT_TIMEOUT, "no answer within %u ms%s%s",
			  c->cfg.timeout_ms, extra[0] ? "; " : "", extra);
}

/* Abort an in-flight probe without counting it (removal, replacement,
 * shutdown): it says nothing about the target. */
static void abort_probe(struct health_check *c)
{
	char ignored[128];

	if (!c->in_flight)
		return;
	c->ops->cancel(c, ignored, sizeof(ignored));
	c->in_flight = false;
	evtimer_del(c->timeout);
}

/* --- applying changes (engine thread) --- */

static void check_start(struct health_check *c)
{
	struct health_sm_change ch;
	uint64_t now = health_mono_ms();

	c->ops = ops_for(c->cfg.type);
	health_sm_params_from(&c->params, &c->cfg);
	c->tick = evtimer_new(c->eng->base, on_tick, c);
	c->timeout = evtimer_new(c->eng->base, on_timeout, c);
	if (!c->tick || !c->timeout) {
		health_log(c->eng, LOG_ERR,
			   "health check '%s': out of memory, not probed",
			   c->cfg.name);
		return;
	}
	if (health_sm_init(&c->sm, &c->params, c->cfg.disabled, now, &ch))
		report(c, &ch, HEALTH_RESULT_NONE, NULL, now);
	else {
		pthread_mutex_lock(&c->eng->lock);
		publish_locked(c);
		pthread_mutex_unlock(&c->eng->lock);
	}
	if (!c->cfg.disabled)
		schedule_first(c);
}

static void check_replace(struct health_check *c,
			  struct health_check_config *n)
{
	struct health_sm_change ch;
	uint64_t now = health_mono_ms();
	bool same = health_config_same_probe(&c->cfg, n);

	if (!c->tick || !c->timeout) {
		free(n);
		return;
	}
	abort_probe(c);
	evtimer_del(c->tick);
	pthread_mutex_lock(&c->eng->lock);
	c->cfg = *n;
	status_config_locked(c);
	pthread_mutex_unlock(&c->eng->lock);
	free(n);
	c->ops = ops_for(c->cfg.type);
	health_sm_params_from(&c->params, &c->cfg);

	if (!same) {
		/* Probing something else: start failed again, as a new check
		 * would, rather than vouch for a target never probed. */
		if (health_sm_restart(&c->sm, &c->params, c->cfg.disabled, now,
				      &ch))
			report(c, &ch, HEALTH_RESULT_NONE, NULL, now);
	} else if (health_sm_set_disabled(&c->sm, &c->params, c->cfg.disabled,
					  now, &ch)) {
		report(c, &ch, HEALTH_RESULT_NONE, NULL, now);
	}
	pthread_mutex_lock(&c->eng->lock);
	publish_locked(c);
	pthread_mutex_unlock(&c->eng->lock);
	if (!c->cfg.disabled)
		schedule_first(c);
}

static void check_free(struct health_check *c)
{
	abort_probe(c);
	if (c->tick)
		event_free(c->tick);
	if (c->timeout)
		event_free(c->timeout);
	free(c->next_cfg);
	free(c->todo_cfg);
	free(c);
}

/* Woken by another thread: take the queued changes under the lock, then
 * apply them without it (applying may report transitions). */
static void apply_changes(evutil_socket_t fd, short what, void *arg)
{
	struct health_engine *e = arg;
	struct health_check *c, *tmp, *todo = NULL, **tail = &todo;
	struct health_call_list calls = STAILQ_HEAD_INITIALIZER(calls);
	struct health_call *call;

	(void)fd;
	(void)what;
	pthread_mutex_lock(&e->lock);
	STAILQ_CONCAT(&calls, &e->calls);
	for (c = TAILQ_FIRST(&e->checks); c; c = tmp) {
		tmp = TAILQ_NEXT(c, link);
		c->todo = TODO_NONE;
		if (c->remove_requested) {
			TAILQ_REMOVE(&e->checks, c, link);
			c->todo = TODO_REMOVE;
		} else if (!c->started) {
			c->started = true;
			c->todo = TODO_START;
			if (c->next_cfg) { /* replaced before it ever ran */
				c->cfg = *c->next_cfg;
				status_config_locked(c);
				free(c->next_cfg);
				c->next_cfg = NULL;
			}
		} else if (c->next_cfg) {
			c->todo = TODO_REPLACE;
			c->todo_cfg = c->next_cfg;
			c->next_cfg = NULL;
		}
		if (c->todo != TODO_NONE) {
			c->todo_next = NULL;
			*tail = c;
			tail = &c->todo_next;
		}
	}
	pthread_mutex_unlock(&e->lock);

	for (c = todo; c; c = tmp) {
		tmp = c->todo_next;
		switch (c->todo) {
		case TODO_REMOVE:
			check_free(c);
			break;
		case TODO_START:
			check_start(c);
			break;
		case TODO_REPLACE: {
			struct health_check_config *n = c->todo_cfg;

			c->todo_cfg = NULL;
			check_replace(c, n);
			break;
		}
		default:
			break;
		}
	}
	while ((call = STAILQ_FIRST(&calls))) {
		STAILQ_REMOVE_HEAD(&calls, link);
		call->fn(e->base, call->arg);
		free(call);
	}
}

static void on_stop(evutil_socket_t fd, short what, void *arg)
{
	struct health_engine *e = arg;

	(void)fd;
	(void)what;
	event_base_loopbreak(e->base);
}

/* --- lifecycle --- */

static pthread_once_t evthread_once = PTHREAD_ONCE_INIT;
static int evthread_rc;

static void evthread_setup(void)
{
	/* Must precede every event_base: without it event_active() from
	 * another thread is a data race. */
	evthread_rc = evthread_use_pthreads();
}

struct health_engine *health_engine_new(const struct health_engine_opts *o,
					char *err, size_t errlen)
{
	struct health_engine *e;
	struct event_config *ec;

	pthread_once(&evthread_once, evthread_setup);
	if (evthread_rc != 0) {
		snprintf(err, errlen, "libevent: evthread_use_pthreads failed");
		return NULL;
	}
	e = calloc(1, sizeof(*e));
	if (!e) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (o)
		e->opts = *o;
	TAILQ_INIT(&e->checks);
	LIST_INIT(&e->orphans);
	STAILQ_INIT(&e->calls);
	pthread_mutex_init(&e->lock, NULL);
	e->rng = e->opts.seed;
	while (!e->rng &&
	       getrandom(&e->rng, sizeof(e->rng), 0) != sizeof(e->rng))
		e->rng = 0;

	/* Precise timers: detection times are measured in milliseconds. */
	ec = event_config_new();
	if (ec) {
		event_config_set_flag(ec, EVENT_BASE_FLAG_PRECISE_TIMER);
		e->base = event_base_new_with_config(ec);
		event_config_free(ec);
	}
	if (e->base) {
		e->wakeup = event_new(e->base, -1, 0, apply_changes, e);
		e->stop = event_new(e->base, -1, 0, on_stop, e);
	}
	if (!e->base || !e->wakeup || !e->stop) {
		snprintf(err, errlen, "libevent: cannot create the event base");
		health_engine_free(e);
		return NULL;
	}
	return e;
}

int health_engine_run(struct health_engine *e)
{
	sigset_t pipe;

	/* A write to a peer that already closed (an HTTP backend dying
	 * mid-request) raises SIGPIPE in the writing thread: blocked here, it
	 * becomes EPIPE, a probe failure, instead of killing the daemon. */
	sigemptyset(&pipe);
	sigaddset(&pipe, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe, NULL);
	/* NO_EXIT_ON_EMPTY: an engine with no check yet must keep waiting
	 * for configuration. */
	return event_base_loop(e->base, EVLOOP_NO_EXIT_ON_EMPTY) < 0 ? -1 : 0;
}

void health_engine_stop(struct health_engine *e)
{
	/* An activated event, not event_base_loopbreak() directly: the loop
	 * clears its break flag when it starts, so a stop requested before
	 * run() would be lost. */
	event_active(e->stop, 0, 0);
}

void health_engine_free(struct health_engine *e)
{
	struct health_check *c;
	struct health_orphan *o;
	struct health_call *call;

	if (!e)
		return;
	/* The loop is over: queued calls run here, while the base exists. */
	while ((call = STAILQ_FIRST(&e->calls))) {
		STAILQ_REMOVE_HEAD(&e->calls, link);
		call->fn(e->base, call->arg);
		free(call);
	}
	while ((c = TAILQ_FIRST(&e->checks))) {
		TAILQ_REMOVE(&e->checks, c, link);
		check_free(c);
	}
	/* After the checks: cancelling a script makes an orphan. */
	while ((o = LIST_FIRST(&e->orphans))) {
		LIST_REMOVE(o, link);
		o->finish(o);
	}
	if (e->wakeup)
		event_free(e->wakeup);
	if (e->stop)
		event_free(e->stop);
	if (e->base)
		event_base_free(e->base);
	pthread_mutex_destroy(&e->lock);
	free(e);
}

/* --- changes and queries (any thread) --- */

static struct health_check *find_locked(struct health_engine *e,
					const char *name)
{
	struct health_check *c;

	TAILQ_FOREACH(c, &e->checks, link)
		if (!c->remove_requested && strcmp(c->cfg.name, name) == 0)
			return c;
	return NULL;
}

int health_engine_set_check(struct health_engine *e,
			    const struct health_check_config *cfg,
			    char *err, size_t errlen)
{
	struct health_check *c, *fresh = NULL;
	struct health_check_config *copy = NULL;

	if (health_check_config_validate(cfg, err, errlen) != 0)
		return -1;
	/* Allocate before locking, whichever we end up needing. */
	fresh = calloc(1, sizeof(*fresh));
	copy = malloc(sizeof(*copy));
	if (!fresh || !copy) {
		free(fresh);
		free(copy);
		snprintf(err, errlen, "check '%s': out of memory", cfg->name);
		return -1;
	}
	*copy = *cfg;

	pthread_mutex_lock(&e->lock);
	c = find_locked(e, cfg->name);
	if (c) {
		free(c->next_cfg);
		c->next_cfg = copy; /* the engine applies the latest only */
		copy = NULL;
	} else {
		fresh->eng = e;
		fresh->cfg = *cfg;
		status_config_locked(fresh);
		fresh->status.state = HEALTH_STATE_INIT;
		fresh->status.healthy = cfg->init_up;
		TAILQ_INSERT_TAIL(&e->checks, fresh, link);
		fresh = NULL;
	}
	pthread_mutex_unlock(&e->lock);
	free(fresh);
	free(copy);
	event_active(e->wakeup, 0, 0);
	return 0;
}

int health_engine_remove_check(struct health_engine *e, const char *name)
{
	struct health_check *c;

	pthread_mutex_lock(&e->lock);
	c = find_locked(e, name);
	if (c)
		c->remove_requested = true;
	pthread_mutex_unlock(&e->lock);
	if (!c)
		return -1;
	event_active(e->wakeup, 0, 0);
	return 0;
}

int health_engine_snapshot(struct health_engine *e,
			   struct health_check_status **out, size_t *n)
{
	struct health_check_status *arr = NULL;
	struct health_check *c;
	size_t count = 0, i = 0;
	uint64_t now = health_mono_ms();

	*out = NULL;
	*n = 0;
	pthread_mutex_lock(&e->lock);
	TAILQ_FOREACH(c, &e->checks, link)
		count += !c->remove_requested;
	if (count) {
		arr = malloc(count * sizeof(*arr));
		if (!arr) {
			pthread_mutex_unlock(&e->lock);
			return -1;
		}
	}
	TAILQ_FOREACH(c, &e->checks, link) {
		if (c->remove_requested)
			continue;
		arr[i] = c->status;
		arr[i].hold_down_left_ms = c->pub_hold_until_ms > now
					   ? c->pub_hold_until_ms - now : 0;
		i++;
	}
	pthread_mutex_unlock(&e->lock);
	*out = arr;
	*n = count;
	return 0;
}

int health_engine_call(struct health_engine *e, health_call_fn fn, void *arg)
{
	struct health_call *call = calloc(1, sizeof(*call));

	if (!call)
		return -1;
	call->fn = fn;
	call->arg = arg;
	pthread_mutex_lock(&e->lock);
	STAILQ_INSERT_TAIL(&e->calls, call, link);
	pthread_mutex_unlock(&e->lock);
	event_active(e->wakeup, 0, 0);
	return 0;
}
