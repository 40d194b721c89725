/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Prometheus writer against the text exposition format 0.0.4, and the
 * /metrics endpoint served over a real loopback socket.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <event2/event.h>
#include <event2/thread.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "metrics_http.h"
#include "prom.h"

static void test_family_and_samples(void **state)
{
	(void)state;
	struct prom_buf b;
	const struct prom_label l[] = {{"reason", "ttl_expired"},
				       {"direction", "4to6"}};

	prom_buf_init(&b);
	prom_family(&b, "translatord_drops_total", "counter",
		    "Packets dropped, by reason.");
	prom_sample_u64(&b, "translatord_drops_total", l, 2, 18446744073709551615u);
	prom_sample_u64(&b, "translatord_drops_total", NULL, 0, 0);
	assert_false(b.failed);
	assert_string_equal(
		b.data,
		"# HELP translatord_drops_total Packets dropped, by reason.\n"
		"# TYPE translatord_drops_total counter\n"
		"translatord_drops_total{reason=\"ttl_expired\",direction=\"4to6\"} "
		"18446744073709551615\n"
		"translatord_drops_total 0\n");
	prom_buf_free(&b);
}

/* Label values escape \, " and newline; help text escapes \ and newline
 * but not the quote. */
static void test_escaping(void **state)
{
	(void)state;
	struct prom_buf b;
	const struct prom_label l[] = {{"check", "a\"b\\c\nd"}};

	prom_buf_init(&b);
	prom_family(&b, "x", "gauge", "say \"hi\"\\\n");
	prom_sample_double(&b, "x", l, 1, 1.5);
	assert_string_equal(b.data, "# HELP x say \"hi\"\\\\\\n\n"
				    "# TYPE x gauge\n"
				    "x{check=\"a\\\"b\\\\c\\nd\"} 1.5\n");
	prom_buf_free(&b);
}

static void test_special_values(void **state)
{
	(void)state;
	struct prom_buf b;

	prom_buf_init(&b);
	prom_sample_double(&b, "g", NULL, 0, 1.0 / 0.0);
	prom_sample_double(&b, "g", NULL, 0, -1.0 / 0.0);
	prom_sample_double(&b, "g", NULL, 0, 0.0 / 0.0);
	assert_string_equal(b.data, "g +Inf\ng -Inf\ng NaN\n");
	prom_buf_free(&b);
}

static void test_invalid_names_fail_the_scrape(void **state)
{
	(void)state;
	struct prom_buf b;
	const struct prom_label bad[] = {{"__reserved", "v"}};

	assert_true(prom_valid_metric_name("translatord:x_total"));
	assert_false(prom_valid_metric_name("1abc"));
	assert_false(prom_valid_metric_name("a-b"));
	assert_false(prom_valid_label_name("a:b"));
	prom_buf_init(&b);
	prom_sample_u64(&b, "ok", bad, 1, 1);
	assert_true(b.failed);
	prom_buf_free(&b);
}

/* ---- the endpoint over a real socket ---- */

struct server_thread {
	struct event_base *base;
	pthread_t tid;
	int scrapes;
};

static void render(void *arg, struct prom_buf *out)
{
	struct server_thread *st = arg;
	st->scrapes++;
	prom_family(out, "translatord_up", "gauge", "1 while serving.");
	prom_sample_u64(out, "translatord_up", NULL, 0, 1);
}

static void *run_base(void *arg)
{
	struct server_thread *st = arg;
	event_base_loop(st->base, EVLOOP_NO_EXIT_ON_EMPTY);
	return NULL;
}

/* One request, whole response (HTTP/1.0: the server closes). */
static size_t http(uint16_t port, const char *req, char *resp, size_t cap)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sin = {.sin_family = AF_INET,
				  .sin_port = htons(port)};
	struct timeval tv = {.tv_sec = 5};
	size_t n = 0;
	ssize_t r;

	assert_true(fd >= 0);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	assert_int_equal(connect(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(write(fd, req, strlen(req)), (ssize_t)strlen(req));
	while (n + 1 < cap && (r = read(fd, resp + n, cap - 1 - n)) > 0)
		n += (size_t)r;
	resp[n] = '\0';
	close(fd);
	return n;
}

static void test_endpoint(void **state)
{
	(void)state;
	struct server_thread st = {0};
	char err[256], resp[4096];

	evthread_use_pthreads();
	st.base = event_base_new();
	struct metrics_server *s = metrics_server_new(
		st.base, "127.0.0.1", 0, 0, render, &st, err, sizeof(err));
	assert_non_null(s);
	uint16_t port = metrics_server_port(s);
	assert_true(port > 0);
	assert_int_equal(pthread_create(&st.tid, NULL, run_base, &st), 0);

	http(port, "GET /metrics HTTP/1.0\r\n\r\n", resp, sizeof(resp));
	assert_non_null(strstr(resp, "HTTP/1.0 200"));
	assert_non_null(strstr(resp, "text/plain; version=0.0.4"));
	assert_non_null(strstr(resp, "\r\n\r\n# HELP translatord_up"));
	assert_non_null(strstr(resp, "\ntranslatord_up 1\n"));

	http(port, "GET / HTTP/1.0\r\n\r\n", resp, sizeof(resp));
	assert_non_null(strstr(resp, " 404 "));
	http(port, "POST /metrics HTTP/1.0\r\nContent-Length: 0\r\n\r\n", resp,
	     sizeof(resp));
	assert_non_null(strstr(resp, " 405 "));
	assert_int_equal(st.scrapes, 1);

	/* A second server on the same port: a clear error, no crash. */
	char msg[256];
	struct metrics_server *dup = metrics_server_new(
		st.base, "127.0.0.1", port, 0, render, &st, msg, sizeof(msg));
	assert_null(dup);
	assert_non_null(strstr(msg, "cannot listen"));

	event_base_loopbreak(st.base);
	pthread_join(st.tid, NULL);
	metrics_server_free(s);
	event_base_free(st.base);
}

/* ---- abuse: what a client may hold (limits in metrics_http.c) ---- */

static int connect_to(uint16_t port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sin = {.sin_family = AF_INET,
				  .sin_port = htons(port)};
	struct timeval tv = {.tv_sec = 8};

	assert_true(fd >= 0);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	assert_int_equal(connect(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	return fd;
}

/* Milliseconds until the server closes fd (reads and discards). */
static long ms_until_closed(int fd, char *first, size_t cap)
{
	struct timespec a, b;
	size_t n = 0;
	ssize_t r;

	clock_gettime(CLOCK_MONOTONIC, &a);
	while ((r = read(fd, n + 1 < cap ? first + n : (char[64]){0},
			 n + 1 < cap ? cap - 1 - n : 64)) > 0)
		if (n + 1 < cap)
			n += (size_t)r;
	if (cap)
		first[n] = '\0';
	clock_gettime(CLOCK_MONOTONIC, &b);
	return r < 0 ? -1
		     : (b.tv_sec - a.tv_sec) * 1000 +
			       (b.tv_nsec - a.tv_nsec) / 1000000;
}

struct rig {
	struct server_thread st;
	struct metrics_server *s;
	uint16_t port;
};

static void rig_up(struct rig *r, unsigned max_conns)
{
	char err[256];

	memset(r, 0, sizeof(*r));
	evthread_use_pthreads();
	r->st.base = event_base_new();
	r->s = metrics_server_new(r->st.base, "127.0.0.1", 0, max_conns, render,
				  &r->st, err, sizeof(err));
	assert_non_null(r->s);
	r->port = metrics_server_port(r->s);
	assert_int_equal(pthread_create(&r->st.tid, NULL, run_base, &r->st), 0);
}

static void rig_down(struct rig *r)
{
	event_base_loopbreak(r->st.base);
	pthread_join(r->st.tid, NULL);
	metrics_server_free(r->s);
	event_base_free(r->st.base);
}

/* RFC 9110 9.3.2: HEAD gets the GET reply's headers and no content. */
static void head_has_no_body(void **state)
{
	struct rig r;
	char resp[4096], *hdr_end;

	(void)state;
	rig_up(&r, 0);
	http(r.port, "HEAD /metrics HTTP/1.1\r\nHost: x\r\n\r\n", resp, sizeof(resp));
	assert_non_null(strstr(resp, "HTTP/1.1 200"));
	assert_null(strstr(resp, "Content-Length: 0\r\n"));
	assert_non_null(strstr(resp, "Content-Length: "));
	hdr_end = strstr(resp, "\r\n\r\n");
	assert_non_null(hdr_end);
	assert_string_equal(hdr_end, "\r\n\r\n");
	rig_down(&r);
}

/* Any other method is answered at once: a POST announcing a gigabyte is
 * refused before a byte of its body is read. */
static void post_refused_without_reading_the_body(void **state)
{
	struct rig r;
	char resp[512];
	const char req[] = "POST /metrics HTTP/1.1\r\nContent-Length: 1073741824\r\n\r\n";
	int fd;
	long ms;

	(void)state;
	rig_up(&r, 0);
	fd = connect_to(r.port);
	assert_int_equal(write(fd, req, sizeof(req) - 1), (ssize_t)sizeof(req) - 1);
	ms = ms_until_closed(fd, resp, sizeof(resp));
	close(fd);
	assert_true(ms >= 0 && ms < 1000);
	assert_non_null(strstr(resp, " 405 "));
	assert_non_null(strstr(resp, "Allow: GET, HEAD"));
	rig_down(&r);
}

/* A head larger than 8 KiB: 431, closed. */
static void oversized_head_refused(void **state)
{
	struct rig r;
	char resp[512], big[9000];
	int fd;

	(void)state;
	rig_up(&r, 0);
	memset(big, 'a', sizeof(big));
	memcpy(big, "GET /metrics HTTP/1.0\r\nX: ", 26);
	fd = connect_to(r.port);
	assert_int_equal(write(fd, big, sizeof(big)), (ssize_t)sizeof(big));
	assert_true(ms_until_closed(fd, resp, sizeof(resp)) >= 0);
	close(fd);
	assert_non_null(strstr(resp, " 431 "));
	assert_int_equal(r.st.scrapes, 0);
	rig_down(&r);
}

/* max_conns idle connections: the next one is closed on accept (no
 * descriptor held for it); the idle ones are cut after the 5 s head
 * timeout, and a scrape then succeeds. */
static void connection_limit_and_idle_timeout(void **state)
{
	enum { MAX = 4 };
	struct rig r;
	int idle[MAX], extra;
	char resp[4096];
	long ms;

	(void)state;
	rig_up(&r, MAX);
	for (int i = 0; i < MAX; i++)
		idle[i] = connect_to(r.port);
	usleep(200 * 1000); /* accepted by now */
	extra = connect_to(r.port);
	ms = ms_until_closed(extra, resp, sizeof(resp));
	close(extra);
	assert_true(ms >= 0 && ms < 1000);
	assert_string_equal(resp, "");
	/* A slow head ("GET ..." without its end) counts as idle too. */
	assert_int_equal(write(idle[0], "GET /metrics HTTP/1.0\r\n", 23), 23);
	ms = ms_until_closed(idle[0], resp, sizeof(resp));
	assert_true(ms >= 4000 && ms < 7000);
	for (int i = 0; i < MAX; i++)
		close(idle[i]);
	usleep(200 * 1000);
	http(r.port, "GET /metrics HTTP/1.0\r\n\r\n", resp, sizeof(resp));
	assert_non_null(strstr(resp, "\ntranslatord_up 1\n"));
	rig_down(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_family_and_samples),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_special_values),
		cmocka_unit_test(test_invalid_names_fail_the_scrape),
		cmocka_unit_test(test_endpoint),
		cmocka_unit_test(head_has_no_body),
		cmocka_unit_test(post_refused_without_reading_the_body),
		cmocka_unit_test(oversized_head_refused),
		cmocka_unit_test(connection_limit_and_idle_timeout),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
