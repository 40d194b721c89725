/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * health-probe-driver: runs the health engine (translatord/health/) on
 * real targets, outside FRR, and prints what happens as JSON lines. It
 * is the integration test's probe and a manual tool.
 *
 *   health-probe-driver [--duration-ms N] [--results] [--stdin]
 *       --check name=web1 type=http target=2001:db8::10 port=80 ...
 *       [--check ...]
 *
 * Keys after --check: name type target port source interface interval
 * fast-interval timeout jitter rise fall hold-down hold-down-max init-up
 * disabled path host status=LOW-HIGH body script file expect-source
 * expect-target (times in ms).
 *
 * It uses the engine as the daemon will: the engine runs in its own
 * thread, and this main thread calls the thread-safe API (snapshot,
 * remove, set) from stdin commands when --stdin is given:
 *   snapshot | remove NAME | set key=value ... | quit
 * End of stdin also quits. Exit status: 0, 2 for a rejected
 * configuration, 1 for other errors.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "health.h"

static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t t0_ms;
static bool print_results;

/* --- JSON output --- */

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch < 0x20)
			printf("\\u%04x", ch);
		else
			putchar(ch);
	}
	putchar('"');
}

static void kv_str(const char *k, const char *v)
{
	printf(",\"%s\":", k);
	json_str(v);
}

static void kv_u64(const char *k, uint64_t v)
{
	printf(",\"%s\":%llu", k, (unsigned long long)v);
}

static void kv_bool(const char *k, bool v)
{
	printf(",\"%s\":%s", k, v ? "true" : "false");
}

/* Every line starts with the event name and the times, so the shell
 * test can match lines with grep. */
static void line_begin(const char *event, uint64_t mono, uint64_t wall)
{
	pthread_mutex_lock(&out_lock);
	printf("{\"event\":\"%s\"", event);
	kv_u64("t_ms", mono - t0_ms);
	kv_u64("wall_ms", wall);
}

static void line_end(void)
{
	printf("}\n");
	fflush(stdout);
	pthread_mutex_unlock(&out_lock);
}

static void on_transition(const struct health_transition *t, void *arg)
{
	(void)arg;
	line_begin("transition", t->mono_ms, t->wall_ms);
	kv_str("check", t->check);
	kv_str("from", health_state_name(t->old_state));
	kv_str("to", health_state_name(t->new_state));
	kv_bool("healthy", t->healthy);
	kv_bool("was_healthy", t->was_healthy);
	kv_str("result", health_result_name(t->result));
	kv_str("reason", t->reason);
	line_end();
}

static void on_result(const struct health_probe_report *r, void *arg)
{
	(void)arg;
	if (!print_results)
		return;
	line_begin("result", r->mono_ms, r->wall_ms);
	kv_str("check", r->check);
	kv_str("result", health_result_name(r->result));
	kv_str("state", health_state_name(r->state));
	kv_u64("duration_us", r->duration_us);
	kv_str("detail", r->detail);
	line_end();
}

static void on_log(int prio, const char *msg, void *arg)
{
	(void)prio;
	(void)arg;
	(void)msg; /* transitions are printed as JSON already */
}

static void print_snapshot(struct health_engine *e)
{
	struct health_check_status *s;
	size_t n;

	if (health_engine_snapshot(e, &s, &n) != 0) {
		fprintf(stderr, "snapshot: out of memory\n");
		return;
	}
	line_begin("snapshot", health_mono_ms(), health_wall_ms());
	printf(",\"checks\":[");
	for (size_t i = 0; i < n; i++) {
		printf("%s{\"name\":", i ? "," : "");
		json_str(s[i].name);
		kv_str("type", health_check_type_name(s[i].type));
		kv_str("target", s[i].target);
		kv_str("state", health_state_name(s[i].state));
		kv_bool("healthy", s[i].healthy);
		kv_u64("progress", s[i].progress);
		kv_u64("flaps", s[i].flaps);
		kv_u64("hold_down_left_ms", s[i].hold_down_left_ms);
		kv_str("last_result", health_result_name(s[i].last_result));
		kv_str("last_detail", s[i].last_detail);
		kv_u64("last_duration_us", s[i].last_duration_us);
		kv_u64("last_probe_wall_ms", s[i].last_probe_wall_ms);
		kv_u64("last_change_wall_ms", s[i].last_change_wall_ms);
		kv_str("last_change_reason", s[i].last_change_reason);
		kv_u64("interval_ms", s[i].interval_ms);
		kv_u64("fast_interval_ms", s[i].fast_interval_ms);
		kv_u64("timeout_ms", s[i].timeout_ms);
		kv_u64("rise", s[i].rise);
		kv_u64("fall", s[i].fall);
		kv_u64("probes", s[i].counters.probes);
		kv_u64("successes", s[i].counters.successes);
		kv_u64("failures", s[i].counters.failures);
		kv_u64("timeouts", s[i].counters.timeouts);
		kv_u64("transitions", s[i].counters.transitions);
		printf("}");
	}
	printf("]");
	line_end();
	free(s);
}

static void print_error(const char *event, const char *msg)
{
	line_begin(event, health_mono_ms(), health_wall_ms());
	kv_str("error", msg);
	line_end();
	fprintf(stderr, "health-probe-driver: %s\n", msg);
}

static void print_ack(const char *what)
{
	line_begin("ack", health_mono_ms(), health_wall_ms());
	kv_str("cmd", what);
	line_end();
}

/* --- check specifications: key=value words --- */

static int set_str(char *dst, size_t size, const char *v)
{
	if (strlen(v) >= size)
		return -1;
	memcpy(dst, v, strlen(v) + 1);
	return 0;
}

static int set_u32(uint32_t *dst, const char *v)
{
	char *end;
	unsigned long x;

	errno = 0;
	x = strtoul(v, &end, 10);
	if (errno || end == v || *end || x > UINT32_MAX)
		return -1;
	*dst = (uint32_t)x;
	return 0;
}

static int set_u16(uint16_t *dst, const char *v)
{
	uint32_t x;

	if (set_u32(&x, v) || x > UINT16_MAX)
		return -1;
	*dst = (uint16_t)x;
	return 0;
}

static int set_bool(bool *dst, const char *v)
{
	uint32_t x;

	if (set_u32(&x, v) || x > 1)
		return -1;
	*dst = x;
	return 0;
}

static int set_status(struct health_check_config *c, const char *v)
{
	unsigned lo, hi;
	int n = 0;

	if (sscanf(v, "%u-%u%n", &lo, &hi, &n) != 2 || v[n] || lo > 999 ||
	    hi > 999)
		return -1;
	c->http_status_min = (uint16_t)lo;
	c->http_status_max = (uint16_t)hi;
	return 0;
}

#define STR(f) set_str(c->f, sizeof(c->f), v)

static int apply_key(struct health_check_config *c, const char *k,
		     const char *v)
{
	if (!strcmp(k, "name")) return STR(name);
	if (!strcmp(k, "type")) return 0; /* applied first */
	if (!strcmp(k, "target")) return STR(target);
	if (!strcmp(k, "port")) return set_u16(&c->port, v);
	if (!strcmp(k, "source")) return STR(source);
	if (!strcmp(k, "interface")) return STR(interface);
	if (!strcmp(k, "interval")) return set_u32(&c->interval_ms, v);
	if (!strcmp(k, "fast-interval"))
		return set_u32(&c->fast_interval_ms, v);
	if (!strcmp(k, "timeout")) return set_u32(&c->timeout_ms, v);
	if (!strcmp(k, "jitter")) return set_u32(&c->jitter_pct, v);
	if (!strcmp(k, "rise")) return set_u32(&c->rise, v);
	if (!strcmp(k, "fall")) return set_u32(&c->fall, v);
	if (!strcmp(k, "hold-down")) return set_u32(&c->hold_down_ms, v);
	if (!strcmp(k, "hold-down-max"))
		return set_u32(&c->hold_down_max_ms, v);
	if (!strcmp(k, "init-up")) return set_bool(&c->init_up, v);
	if (!strcmp(k, "disabled")) return set_bool(&c->disabled, v);
	if (!strcmp(k, "path")) return STR(http_path);
	if (!strcmp(k, "host")) return STR(http_host);
	if (!strcmp(k, "status")) return set_status(c, v);
	if (!strcmp(k, "body")) return STR(http_body);
	if (!strcmp(k, "script")) return STR(script);
	if (!strcmp(k, "file")) return STR(file_path);
	if (!strcmp(k, "expect-source")) return STR(expect_source);
	if (!strcmp(k, "expect-target")) return STR(expect_target);
	return -2;
}

/* words[0..n) are key=value; type= first, so the defaults fit it. */
static int parse_check(char **words, int n, struct health_check_config *c,
		       char *err, size_t errlen)
{
	enum health_check_type type = HEALTH_CHECK_TYPE_COUNT;

	for (int i = 0; i < n; i++)
		if (!strncmp(words[i], "type=", 5) &&
		    health_check_type_parse(words[i] + 5, &type) != 0) {
			snprintf(err, errlen, "unknown check type '%s'",
				 words[i] + 5);
			return -1;
		}
	if (type == HEALTH_CHECK_TYPE_COUNT) {
		snprintf(err, errlen, "a check needs type=");
		return -1;
	}
	health_check_config_init(c, type);
	for (int i = 0; i < n; i++) {
		char *eq = strchr(words[i], '=');
		int rc;

		if (!eq) {
			snprintf(err, errlen, "'%s' is not key=value", words[i]);
			return -1;
		}
		*eq = '\0';
		rc = apply_key(c, words[i], eq + 1);
		*eq = '=';
		if (rc == -2) {
			snprintf(err, errlen, "unknown key in '%s'", words[i]);
			return -1;
		}
		if (rc) {
			snprintf(err, errlen, "bad value in '%s'", words[i]);
			return -1;
		}
	}
	return 0;
}

/* --- stdin commands --- */

/* 1: quit. */
static int command(struct health_engine *e, char *line)
{
	char *words[64], *save = NULL, *w, err[HEALTH_ERR_MAX];
	struct health_check_config c;
	int n = 0;

	for (w = strtok_r(line, " \t\r\n", &save); w && n < 64;
	     w = strtok_r(NULL, " \t\r\n", &save))
		words[n++] = w;
	if (n == 0)
		return 0;
	if (!strcmp(words[0], "quit"))
		return 1;
	if (!strcmp(words[0], "snapshot")) {
		print_snapshot(e);
	} else if (!strcmp(words[0], "remove") && n == 2) {
		if (health_engine_remove_check(e, words[1]) != 0)
			print_error("error", "remove: no such check");
		else
			print_ack("remove");
	} else if (!strcmp(words[0], "set")) {
		if (parse_check(words + 1, n - 1, &c, err, sizeof(err)) != 0 ||
		    health_engine_set_check(e, &c, err, sizeof(err)) != 0)
			print_error("config-error", err);
		else
			print_ack("set");
	} else {
		print_error("error", "unknown command");
	}
	return 0;
}

/* --- main --- */

static void *engine_thread(void *arg)
{
	health_engine_run(arg);
	return NULL;
}

static int usage(void)
{
	fprintf(stderr, "usage: health-probe-driver [--duration-ms N] "
		"[--results] [--stdin] --check key=value... [--check ...]\n");
	return 1;
}

/* Wait for the duration, a signal, or stdin commands. */
static void main_loop(struct health_engine *e, uint64_t duration_ms,
		      bool use_stdin, int sigfd)
{
	uint64_t deadline = duration_ms ? health_mono_ms() + duration_ms : 0;
	char buf[4096];
	size_t have = 0;

	for (;;) {
		struct pollfd pf[2] = {
			{ .fd = sigfd, .events = POLLIN },
			{ .fd = use_stdin ? 0 : -1, .events = POLLIN },
		};
		int wait = -1, rc;

		if (deadline) {
			uint64_t now = health_mono_ms();

			if (now >= deadline)
				return;
			wait = (int)(deadline - now);
		}
		rc = poll(pf, 2, wait);
		if (rc < 0 && errno != EINTR)
			return;
		if (pf[0].revents)
			return; /* SIGINT or SIGTERM */
		if (pf[1].revents) {
			ssize_t r = read(0, buf + have, sizeof(buf) - 1 - have);
			char *nl;

			if (r <= 0)
				return; /* EOF: the test went away */
			have += (size_t)r;
			buf[have] = '\0';
			while ((nl = strchr(buf, '\n'))) {
				*nl = '\0';
				if (command(e, buf))
					return;
				have -= (size_t)(nl + 1 - buf);
				memmove(buf, nl + 1, have + 1);
			}
			if (have == sizeof(buf) - 1)
				have = 0; /* over-long line: drop it */
		}
	}
}

int main(int argc, char **argv)
{
	struct health_engine_opts opts = {
		.on_transition = on_transition,
		.on_result = on_result,
		.on_log = on_log,
	};
	struct health_check_config c;
	struct health_engine *e;
	char err[HEALTH_ERR_MAX];
	uint64_t duration_ms = 0;
	bool use_stdin = false;
	pthread_t th;
	sigset_t sigs;
	int sigfd, rc = 0, nchecks = 0;

	t0_ms = health_mono_ms();
	/* Signals go to the signalfd; the engine thread inherits the mask. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	sigfd = signalfd(-1, &sigs, SFD_CLOEXEC);

	e = health_engine_new(&opts, err, sizeof(err));
	if (!e || sigfd < 0) {
		fprintf(stderr, "health-probe-driver: %s\n",
			e ? "signalfd failed" : err);
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--duration-ms") && i + 1 < argc) {
			duration_ms = strtoull(argv[++i], NULL, 10);
		} else if (!strcmp(argv[i], "--results")) {
			print_results = true;
		} else if (!strcmp(argv[i], "--stdin")) {
			use_stdin = true;
		} else if (!strcmp(argv[i], "--check")) {
			int j = i + 1;

			while (j < argc && strncmp(argv[j], "--", 2))
				j++;
			if (parse_check(argv + i + 1, j - i - 1, &c, err,
					sizeof(err)) != 0 ||
			    health_engine_set_check(e, &c, err,
						    sizeof(err)) != 0) {
				print_error("config-error", err);
				rc = 2;
				goto out;
			}
			nchecks++;
			i = j - 1;
		} else {
			rc = usage();
			goto out;
		}
	}

	if (pthread_create(&th, NULL, engine_thread, e) != 0) {
		rc = 1;
		goto out;
	}
	line_begin("ready", health_mono_ms(), health_wall_ms());
	kv_u64("checks", (uint64_t)nchecks);
	kv_u64("pid", (uint64_t)getpid());
	line_end();

	main_loop(e, duration_ms, use_stdin, sigfd);

	health_engine_stop(e);
	pthread_join(th, NULL);
	print_snapshot(e);
	line_begin("stop", health_mono_ms(), health_wall_ms());
	line_end();
out:
	health_engine_free(e);
	close(sigfd);
	/* Frees libevent's global locks, so valgrind reports no leak. */
	libevent_global_shutdown();
	return rc;
}
