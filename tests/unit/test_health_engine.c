/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Health engine (translatord/health/engine.c) in-process, with the check
 * types that need no network namespace: file, script, and tcp on
 * loopback. The engine runs in its own thread as in the daemon; the test
 * thread uses the thread-safe API and waits (bounded) for transitions.
 * The namespace test (tests/health/run) covers http and icmp.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <event2/event.h>

#include "health.h"

#define MAX_TR 256

struct rig {
	struct health_engine *e;
	pthread_t th;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct health_transition tr[MAX_TR];
	size_t ntr;
	size_t nresults;
	char dir[64];
};

static void on_transition(const struct health_transition *t, void *arg)
{
	struct rig *r = arg;

	pthread_mutex_lock(&r->lock);
	if (r->ntr < MAX_TR)
		r->tr[r->ntr++] = *t;
	pthread_cond_broadcast(&r->cond);
	pthread_mutex_unlock(&r->lock);
}

static void on_result(const struct health_probe_report *rep, void *arg)
{
	struct rig *r = arg;

	(void)rep;
	pthread_mutex_lock(&r->lock);
	r->nresults++;
	pthread_mutex_unlock(&r->lock);
}

static void *run(void *arg)
{
	health_engine_run(arg);
	return NULL;
}

static void rig_start(struct rig *r)
{
	struct health_engine_opts o = {
		.on_transition = on_transition,
		.on_result = on_result,
		.arg = r,
		.seed = 42,
	};
	char err[HEALTH_ERR_MAX];

	memset(r, 0, sizeof(*r));
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->cond, NULL);
	snprintf(r->dir, sizeof(r->dir), "/tmp/test_health_engine.XXXXXX");
	assert_non_null(mkdtemp(r->dir));
	r->e = health_engine_new(&o, err, sizeof(err));
	assert_non_null(r->e);
	assert_int_equal(pthread_create(&r->th, NULL, run, r->e), 0);
}

static void rig_stop(struct rig *r)
{
	char cmd[128];

	health_engine_stop(r->e);
	pthread_join(r->th, NULL);
	health_engine_free(r->e);
	pthread_cond_destroy(&r->cond);
	pthread_mutex_destroy(&r->lock);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", r->dir);
	assert_int_equal(system(cmd), 0);
}

static void deadline_in(struct timespec *ts, unsigned ms)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

/* Index of the first transition at or after `from` of check `name` to
 * `to`; fails the test after timeout_ms. */
static size_t wait_tr(struct rig *r, size_t from, const char *name,
		      enum health_state to, unsigned timeout_ms)
{
	struct timespec dl;

	deadline_in(&dl, timeout_ms);
	pthread_mutex_lock(&r->lock);
	for (;;) {
		for (size_t i = from; i < r->ntr; i++) {
			if (!strcmp(r->tr[i].check, name) &&
			    r->tr[i].new_state == to) {
				pthread_mutex_unlock(&r->lock);
				return i;
			}
		}
		if (pthread_cond_timedwait(&r->cond, &r->lock, &dl) ==
		    ETIMEDOUT) {
			pthread_mutex_unlock(&r->lock);
			fail_msg("check '%s' did not reach %s in %u ms", name,
				 health_state_name(to), timeout_ms);
		}
	}
}

static size_t ntr(struct rig *r)
{
	size_t n;

	pthread_mutex_lock(&r->lock);
	n = r->ntr;
	pthread_mutex_unlock(&r->lock);
	return n;
}

static void fast(struct health_check_config *c, const char *name,
		 enum health_check_type t)
{
	health_check_config_init(c, t);
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->interval_ms = 50;
	c->fast_interval_ms = 50;
	c->timeout_ms = 30;
	c->rise = 1;
	c->fall = 1;
	c->hold_down_ms = 0;
}

static void set(struct rig *r, const struct health_check_config *c)
{
	char err[HEALTH_ERR_MAX] = "";

	if (health_engine_set_check(r->e, c, err, sizeof(err)) != 0)
		fail_msg("set_check: %s", err);
}

static const struct health_check_status *find(
	const struct health_check_status *s, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s[i].name, name))
			return &s[i];
	return NULL;
}

static void touch(const char *path)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fclose(f);
}

/* Drain file both ways, reasons and healthy flags included. */
static void file_check_follows_the_file(void **state)
{
	struct rig r;
	struct health_check_config c;
	char path[128];
	size_t i;

	(void)state;
	rig_start(&r);
	snprintf(path, sizeof(path), "%s/drain", r.dir);
	fast(&c, "drain", HEALTH_CHECK_FILE);
	snprintf(c.file_path, sizeof(c.file_path), "%s", path);
	set(&r, &c);
	i = wait_tr(&r, 0, "drain", HEALTH_STATE_UP, 2000);
	assert_true(r.tr[i].healthy);
	assert_int_equal(r.tr[i].old_state, HEALTH_STATE_INIT);

	touch(path);
	i = wait_tr(&r, i, "drain", HEALTH_STATE_DOWN, 2000);
	assert_false(r.tr[i].healthy);
	assert_true(r.tr[i].was_healthy);
	assert_non_null(strstr(r.tr[i].reason, "exists"));
	assert_int_equal(r.tr[i].result, HEALTH_RESULT_FAIL);
	assert_true(r.tr[i].wall_ms > 0);

	unlink(path);
	wait_tr(&r, i, "drain", HEALTH_STATE_UP, 2000);
	rig_stop(&r);
}

/* Exit status 0 passes, anything else fails with the status in the
 * reason. */
static void script_exit_status(void **state)
{
	struct rig r;
	struct health_check_config c;
	size_t i;

	(void)state;
	rig_start(&r);
	fast(&c, "ok", HEALTH_CHECK_SCRIPT);
	c.timeout_ms = 40; /* two shell start-ups fit under ASan */
	snprintf(c.script, sizeof(c.script), "exit 0");
	set(&r, &c);
	fast(&c, "three", HEALTH_CHECK_SCRIPT);
	c.timeout_ms = 40;
	snprintf(c.script, sizeof(c.script), "exit 3");
	set(&r, &c);
	wait_tr(&r, 0, "ok", HEALTH_STATE_UP, 3000);
	i = wait_tr(&r, 0, "three", HEALTH_STATE_DOWN, 3000);
	assert_non_null(strstr(r.tr[i].reason, "exit status 3"));
	rig_stop(&r);
}

/* kill(pgid, 0) fails once no process of the group is left; the group's
 * leader is our child, so this also proves it was reaped. */
static void assert_group_gone(pid_t pgid, unsigned timeout_ms)
{
	for (unsigned t = 0; t < timeout_ms; t += 10) {
		if (kill(-pgid, 0) < 0 && errno == ESRCH)
			return;
		usleep(10000);
	}
	/* Orphaned grandchildren may stay zombies if PID 1 does not reap
	 * them; the leader itself must be gone. */
	if (kill(pgid, 0) == 0)
		fail_msg("script leader %d still exists", (int)pgid);
}

static pid_t read_pid(const char *path)
{
	FILE *f = fopen(path, "r");
	int pid = 0;

	if (!f)
		return 0;
	if (fscanf(f, "%d", &pid) != 1)
		pid = 0;
	fclose(f);
	return pid;
}

/* A hanging script: killed at the timeout with its whole process group,
 * counted as a failure and a timeout. */
static void hanging_script_is_killed_at_timeout(void **state)
{
	struct rig r;
	struct health_check_config c;
	struct health_check_status *s;
	const struct health_check_status *h;
	char pidfile[128];
	size_t n, i;
	pid_t pgid;

	(void)state;
	rig_start(&r);
	snprintf(pidfile, sizeof(pidfile), "%s/pid", r.dir);
	fast(&c, "hang", HEALTH_CHECK_SCRIPT);
	c.interval_ms = 2000;
	c.fast_interval_ms = 2000;
	c.timeout_ms = 200;
	snprintf(c.script, sizeof(c.script),
		 "echo $$ > %s; sleep 60 & sleep 61", pidfile);
	set(&r, &c);
	i = wait_tr(&r, 0, "hang", HEALTH_STATE_DOWN, 3000);
	assert_int_equal(r.tr[i].result, HEALTH_RESULT_TIMEOUT);
	assert_non_null(strstr(r.tr[i].reason, "no answer within 200 ms"));
	assert_non_null(strstr(r.tr[i].reason, "killed with SIGKILL"));
	pgid = read_pid(pidfile);
	assert_true(pgid > 1);
	assert_group_gone(pgid, 1000);

	assert_int_equal(health_engine_snapshot(r.e, &s, &n), 0);
	h = find(s, n, "hang");
	assert_non_null(h);
	assert_int_equal(h->counters.probes, 1);
	assert_int_equal(h->counters.failures, 1);
	assert_int_equal(h->counters.timeouts, 1);
	assert_int_equal(h->last_result, HEALTH_RESULT_TIMEOUT);
	assert_true(h->last_duration_us >= 200000);
	free(s);
	rig_stop(&r);
}

/* pid is gone: killed and reaped (by the engine, its subreaper). */
static void assert_pid_gone(pid_t pid, unsigned timeout_ms)
{
	for (unsigned t = 0; t < timeout_ms; t += 10) {
		if (kill(pid, 0) < 0 && errno == ESRCH)
			return;
		usleep(10000);
	}
	fail_msg("process %d a script started is still there", (int)pid);
}

/* Nothing a script starts outlives it: a background child after exit 0,
 * one that left the process group with setsid, and the same at the
 * timeout. Before, each probe leaked them. */
static void script_leftovers_are_killed(void **state)
{
	static const struct {
		const char *name, *script_fmt;
		unsigned timeout_ms;
	} cases[] = {
		{"bg", "sleep 37 & echo $! > %s; exit 0", 500},
		{"setsid", "setsid sleep 38 & echo $! > %s; sleep 0.05; exit 0", 500},
		{"setsid-hang", "setsid sleep 39 & echo $! > %s; sleep 30", 300},
	};
	struct rig r;
	struct health_check_config c;
	char pidfile[128];

	(void)state;
	rig_start(&r);
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		pid_t child = 0;

		snprintf(pidfile, sizeof(pidfile), "%s/%s.pid", r.dir, cases[k].name);
		fast(&c, cases[k].name, HEALTH_CHECK_SCRIPT);
		c.interval_ms = 60000; /* one probe */
		c.fast_interval_ms = 60000;
		c.timeout_ms = cases[k].timeout_ms;
		c.jitter_pct = 0;
		snprintf(c.script, sizeof(c.script), cases[k].script_fmt, pidfile);
		set(&r, &c);
		for (int t = 0; t < 300 && child <= 1; t++) {
			usleep(10000);
			child = read_pid(pidfile);
		}
		assert_true(child > 1);
		assert_pid_gone(child, 3000);
	}
	rig_stop(&r);
}

/* Scripts see a minimal environment, not the daemon's. */
static void script_environment_is_minimal(void **state)
{
	struct rig r;
	struct health_check_config c;
	size_t i;

	(void)state;
	setenv("TD_TEST_SECRET", "leaked", 1);
	rig_start(&r);
	fast(&c, "env", HEALTH_CHECK_SCRIPT);
	c.timeout_ms = 40;
	snprintf(c.script, sizeof(c.script),
		 "[ -z \"$TD_TEST_SECRET\" ] && [ \"$TRANSLATORD_CHECK\" = env ] && "
		 "[ \"$(env | grep -cv '^PWD=\\|^SHLVL=\\|^_=')\" = 4 ]");
	set(&r, &c);
	i = wait_tr(&r, 0, "env", HEALTH_STATE_UP, 3000);
	(void)i;
	rig_stop(&r);
	unsetenv("TD_TEST_SECRET");
}

/* Freeing the engine while a script runs kills and reaps it. */
static void free_kills_running_script(void **state)
{
	struct rig r;
	struct health_check_config c;
	char pidfile[128];
	pid_t pgid = 0;

	(void)state;
	rig_start(&r);
	snprintf(pidfile, sizeof(pidfile), "%s/pid", r.dir);
	fast(&c, "slow", HEALTH_CHECK_SCRIPT);
	c.interval_ms = 20000;
	c.fast_interval_ms = 20000;
	c.timeout_ms = 10000;
	c.jitter_pct = 0;
	snprintf(c.script, sizeof(c.script), "echo $$ > %s; exec sleep 60",
		 pidfile);
	set(&r, &c);
	for (int t = 0; t < 300 && pgid <= 1; t++) {
		usleep(10000);
		pgid = read_pid(pidfile);
	}
	assert_true(pgid > 1);
	rig_stop(&r); /* engine freed here, with the probe in flight */
	assert_int_equal(kill(pgid, 0), -1); /* killed and reaped */
	assert_int_equal(errno, ESRCH);
}

/* tcp on loopback: a listener, then a closed port. */
static void tcp_connect_and_refused(void **state)
{
	struct rig r;
	struct health_check_config c;
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int ls;
	size_t i;

	(void)state;
	ls = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(ls >= 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(ls, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(ls, 16), 0);
	assert_int_equal(getsockname(ls, (struct sockaddr *)&sa, &len), 0);

	rig_start(&r);
	fast(&c, "tcp", HEALTH_CHECK_TCP);
	snprintf(c.target, sizeof(c.target), "127.0.0.1");
	snprintf(c.source, sizeof(c.source), "127.0.0.1");
	c.port = ntohs(sa.sin_port);
	set(&r, &c);
	wait_tr(&r, 0, "tcp", HEALTH_STATE_UP, 2000);
	close(ls); /* now refused */
	i = wait_tr(&r, 0, "tcp", HEALTH_STATE_DOWN, 2000);
	assert_non_null(strstr(r.tr[i].reason, "Connection refused"));
	rig_stop(&r);
}

/* A loopback HTTP server that answers every connection with one canned
 * response, for the http check's parser. */
struct canned {
	int ls;
	uint16_t port;
	const char *response;
	pthread_t tid;
	volatile bool stop;
};

static void *canned_serve(void *arg)
{
	struct canned *k = arg;

	while (!k->stop) {
		int fd = accept(k->ls, NULL, NULL);
		char buf[1024];

		if (fd < 0)
			continue;
		(void)!read(fd, buf, sizeof(buf));
		(void)!write(fd, k->response, strlen(k->response));
		close(fd);
	}
	return NULL;
}

static void canned_start(struct canned *k, const char *response)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	struct timeval tv = { .tv_usec = 100000 };

	k->response = response;
	k->stop = false;
	k->ls = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(k->ls >= 0);
	setsockopt(k->ls, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(k->ls, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(k->ls, 16), 0);
	assert_int_equal(getsockname(k->ls, (struct sockaddr *)&sa, &len), 0);
	k->port = ntohs(sa.sin_port);
	assert_int_equal(pthread_create(&k->tid, NULL, canned_serve, k), 0);
}

static void canned_stop(struct canned *k)
{
	k->stop = true;
	pthread_join(k->tid, NULL);
	close(k->ls);
}

/* RFC 9112 4: the status code is exactly three digits ("HTTP/1.1 2000"
 * used to pass as 200), and what a backend sends reaches logs, terminals
 * and JSON only escaped. */
static void http_status_line_strict_and_escaped(void **state)
{
	static const struct {
		const char *response, *want;
	} cases[] = {
		{"HTTP/1.1 2000 OK\r\n\r\n", "not an HTTP status line: 'HTTP/1.1 2000 OK'"},
		{"HTTP/1.1 20 OK\r\n\r\n", "not an HTTP status line"},
		{"\x1b[2J\x1b]0;owned\x07\xff\r\n\r\n",
		 "'\\x1b[2J\\x1b]0;owned\\x07\\xff'"},
	};
	struct rig r;
	struct health_check_config c;
	struct canned k;

	(void)state;
	for (size_t n = 0; n < sizeof(cases) / sizeof(cases[0]); n++) {
		size_t i;

		canned_start(&k, cases[n].response);
		rig_start(&r);
		fast(&c, "web", HEALTH_CHECK_HTTP);
		snprintf(c.target, sizeof(c.target), "127.0.0.1");
		c.port = k.port;
		c.init_up = true;
		set(&r, &c);
		i = wait_tr(&r, 0, "web", HEALTH_STATE_DOWN, 3000);
		if (!strstr(r.tr[i].reason, cases[n].want))
			fail_msg("reason \"%s\" lacks \"%s\"", r.tr[i].reason,
				 cases[n].want);
		rig_stop(&r);
		canned_stop(&k);
	}
	/* And a good one still passes. */
	canned_start(&k, "HTTP/1.0 204 No Content\r\n\r\n");
	rig_start(&r);
	fast(&c, "web", HEALTH_CHECK_HTTP);
	snprintf(c.target, sizeof(c.target), "127.0.0.1");
	c.port = k.port;
	set(&r, &c);
	wait_tr(&r, 0, "web", HEALTH_STATE_UP, 3000);
	rig_stop(&r);
	canned_stop(&k);
}

/* icmp to 127.0.0.1 and ::1: through an ICMP datagram socket if
 * net.ipv4.ping_group_range allows it, else a raw socket (root here; the
 * namespace test covers the datagram path). */
static void icmp_loopback_v4_v6(void **state)
{
	struct rig r;
	struct health_check_config c;
	size_t i;
	int fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);

	(void)state;
	if (fd < 0) {
		fd = socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
		if (fd < 0)
			skip(); /* neither raw nor ping sockets allowed */
	}
	close(fd);
	rig_start(&r);
	fast(&c, "v4", HEALTH_CHECK_ICMP);
	snprintf(c.target, sizeof(c.target), "127.0.0.1");
	set(&r, &c);
	fast(&c, "v6", HEALTH_CHECK_ICMP);
	snprintf(c.target, sizeof(c.target), "::1");
	set(&r, &c);
	i = wait_tr(&r, 0, "v4", HEALTH_STATE_UP, 2000);
	assert_non_null(strstr(r.tr[i].reason, "echo reply"));
	i = wait_tr(&r, 0, "v6", HEALTH_STATE_UP, 2000);
	assert_non_null(strstr(r.tr[i].reason, "echo reply"));
	rig_stop(&r);
}

/* set_check on an existing name: timing changes keep the state, probe
 * changes restart in INIT, disabled goes to DISABLED (healthy: does not
 * vote); remove drops it from the snapshot; an invalid config is
 * refused at once with the message. */
static void replace_remove_and_snapshot(void **state)
{
	struct rig r;
	struct health_check_config c;
	struct health_check_status *s;
	const struct health_check_status *st;
	char err[HEALTH_ERR_MAX] = "";
	size_t n, i, before;

	(void)state;
	rig_start(&r);
	fast(&c, "f", HEALTH_CHECK_FILE);
	snprintf(c.file_path, sizeof(c.file_path), "%s/none", r.dir);
	set(&r, &c);
	i = wait_tr(&r, 0, "f", HEALTH_STATE_UP, 2000);

	/* Timing only: state kept, no transition. */
	before = ntr(&r);
	c.interval_ms = 60;
	set(&r, &c);
	usleep(200000);
	assert_int_equal(ntr(&r), before);
	assert_int_equal(health_engine_snapshot(r.e, &s, &n), 0);
	st = find(s, n, "f");
	assert_non_null(st);
	assert_int_equal(st->state, HEALTH_STATE_UP);
	assert_int_equal(st->interval_ms, 60);
	assert_true(st->counters.probes >= 2);
	free(s);

	/* Another file: a different probe, back to INIT then UP. */
	snprintf(c.file_path, sizeof(c.file_path), "%s/other", r.dir);
	set(&r, &c);
	i = wait_tr(&r, i + 1, "f", HEALTH_STATE_INIT, 2000);
	assert_string_equal(r.tr[i].reason, "probe configuration changed");
	assert_false(r.tr[i].healthy);
	i = wait_tr(&r, i, "f", HEALTH_STATE_UP, 2000);

	c.disabled = true;
	set(&r, &c);
	i = wait_tr(&r, i, "f", HEALTH_STATE_DISABLED, 2000);
	assert_true(r.tr[i].healthy);
	c.disabled = false;
	set(&r, &c);
	i = wait_tr(&r, i, "f", HEALTH_STATE_INIT, 2000);
	wait_tr(&r, i, "f", HEALTH_STATE_UP, 2000);

	c.timeout_ms = 55; /* < interval 60, >= fast-interval 50 */
	assert_int_equal(health_engine_set_check(r.e, &c, err, sizeof(err)),
			 -1);
	assert_string_equal(err,
			    "check 'f': timeout 55 ms must be less than fast-interval 50 ms");

	assert_int_equal(health_engine_remove_check(r.e, "f"), 0);
	assert_int_equal(health_engine_remove_check(r.e, "f"), -1);
	assert_int_equal(health_engine_snapshot(r.e, &s, &n), 0);
	assert_int_equal(n, 0);
	assert_null(s);
	rig_stop(&r);
}

/* Checks set before run() starts are applied once it runs; a stop asked
 * before run() is not lost. */
static void changes_before_run_and_early_stop(void **state)
{
	struct health_engine_opts o = { 0 };
	struct health_check_config c;
	struct health_check_status *s;
	struct health_engine *e;
	char err[HEALTH_ERR_MAX];
	size_t n;

	(void)state;
	e = health_engine_new(&o, err, sizeof(err));
	assert_non_null(e);
	fast(&c, "early", HEALTH_CHECK_FILE);
	snprintf(c.file_path, sizeof(c.file_path), "/nonexistent/drain");
	assert_int_equal(health_engine_set_check(e, &c, err, sizeof(err)), 0);
	assert_int_equal(health_engine_snapshot(e, &s, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(s[0].state, HEALTH_STATE_INIT);
	assert_false(s[0].healthy);
	free(s);
	health_engine_stop(e);
	assert_int_equal(health_engine_run(e), 0); /* returns at once */
	health_engine_free(e);
}

/* health_engine_call(): runs in the engine thread, on the engine's base,
 * in order; a call still queued when the engine is freed runs there (so
 * that it can release its argument). */
struct call_rec {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	pthread_t thread[4];
	struct event_base *base[4];
	int order[4];
	int n;
};

static struct call_rec calls;
static int call_ids[4] = {0, 1, 2, 3};

static void record_call(struct event_base *base, void *arg)
{
	pthread_mutex_lock(&calls.lock);
	calls.thread[calls.n] = pthread_self();
	calls.base[calls.n] = base;
	calls.order[calls.n] = *(int *)arg;
	calls.n++;
	pthread_cond_broadcast(&calls.cond);
	pthread_mutex_unlock(&calls.lock);
}

static void engine_call_runs_in_the_engine_thread(void **state)
{
	struct health_engine_opts o = { 0 };
	struct health_engine *e;
	struct timespec dl;
	char err[HEALTH_ERR_MAX];
	pthread_t th;

	(void)state;
	memset(&calls, 0, sizeof(calls));
	pthread_mutex_init(&calls.lock, NULL);
	pthread_cond_init(&calls.cond, NULL);
	e = health_engine_new(&o, err, sizeof(err));
	assert_non_null(e);
	/* Queued before run(): runs once the loop starts. */
	assert_int_equal(health_engine_call(e, record_call, &call_ids[0]), 0);
	assert_int_equal(pthread_create(&th, NULL, run, e), 0);
	assert_int_equal(health_engine_call(e, record_call, &call_ids[1]), 0);
	assert_int_equal(health_engine_call(e, record_call, &call_ids[2]), 0);
	deadline_in(&dl, 3000);
	pthread_mutex_lock(&calls.lock);
	while (calls.n < 3)
		if (pthread_cond_timedwait(&calls.cond, &calls.lock, &dl) ==
		    ETIMEDOUT)
			break;
	pthread_mutex_unlock(&calls.lock);
	assert_int_equal(calls.n, 3);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(calls.order[i], i);
		assert_true(pthread_equal(calls.thread[i], th));
		assert_non_null(calls.base[i]);
		assert_ptr_equal(calls.base[i], calls.base[0]);
	}
	health_engine_stop(e);
	pthread_join(th, NULL);
	/* After the loop ended: runs in health_engine_free(), here. */
	assert_int_equal(health_engine_call(e, record_call, &call_ids[3]), 0);
	health_engine_free(e);
	assert_int_equal(calls.n, 4);
	assert_int_equal(calls.order[3], 3);
	assert_true(pthread_equal(calls.thread[3], pthread_self()));
	assert_ptr_equal(calls.base[3], calls.base[0]);
	pthread_cond_destroy(&calls.cond);
	pthread_mutex_destroy(&calls.lock);
}

/* Many checks churned from another thread while probes run: no crash,
 * no leak (ASan), the snapshot always consistent. */
static void churn_from_another_thread(void **state)
{
	struct rig r;
	struct health_check_config c;
	struct health_check_status *s;
	size_t n;

	(void)state;
	rig_start(&r);
	for (int round = 0; round < 200; round++) {
		fast(&c, "", HEALTH_CHECK_FILE);
		snprintf(c.name, sizeof(c.name), "c%d", round % 20);
		snprintf(c.file_path, sizeof(c.file_path), "%s/f%d", r.dir,
			 round % 3);
		c.interval_ms = 20 + (uint32_t)round % 30;
		c.fast_interval_ms = c.interval_ms;
		c.timeout_ms = 10;
		set(&r, &c);
		if (round % 7 == 0) {
			snprintf(c.name, sizeof(c.name), "c%d", (round / 7) % 20);
			health_engine_remove_check(r.e, c.name);
		}
		assert_int_equal(health_engine_snapshot(r.e, &s, &n), 0);
		assert_true(n <= 20);
		free(s);
		usleep(1000);
	}
	usleep(100000);
	pthread_mutex_lock(&r.lock);
	assert_true(r.nresults > 0);
	pthread_mutex_unlock(&r.lock);
	rig_stop(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(file_check_follows_the_file),
		cmocka_unit_test(script_exit_status),
		cmocka_unit_test(hanging_script_is_killed_at_timeout),
		cmocka_unit_test(free_kills_running_script),
		cmocka_unit_test(script_leftovers_are_killed),
		cmocka_unit_test(script_environment_is_minimal),
		cmocka_unit_test(tcp_connect_and_refused),
		cmocka_unit_test(http_status_line_strict_and_escaped),
		cmocka_unit_test(icmp_loopback_v4_v6),
		cmocka_unit_test(replace_remove_and_snapshot),
		cmocka_unit_test(changes_before_run_and_early_stop),
		cmocka_unit_test(churn_from_another_thread),
		cmocka_unit_test(engine_call_runs_in_the_engine_thread),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	libevent_global_shutdown();
	return rc;
}
