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
		st.base, "127.0.0.1", 0, render, &st, err, sizeof(err));
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
		st.base, "127.0.0.1", port, render, &st, msg, sizeof(msg));
	assert_null(dup);
	assert_non_null(strstr(msg, "cannot listen"));

	event_base_loopbreak(st.base);
	pthread_join(st.tid, NULL);
	metrics_server_free(s);
	event_base_free(st.base);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_family_and_samples),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_special_values),
		cmocka_unit_test(test_invalid_names_fail_the_scrape),
		cmocka_unit_test(test_endpoint),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
