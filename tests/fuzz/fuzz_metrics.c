// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer harness: the /metrics endpoint's request handling
 * (translatord/metrics/metrics_http.c), over a real loopback TCP
 * connection, with its real listener and bufferevents.
 *
 * Each input is what a client sends before it half-closes: a request
 * head, garbage, a body, several requests. The harness then runs the
 * event loop until the server has closed the connection and let go of
 * it, and checks what came back:
 *  - nothing, or exactly one reply: "HTTP/1.0" or "HTTP/1.1", then 200,
 *    400, 404, 405 or 431;
 *  - its Content-Length is the length of the body that follows, except
 *    for HEAD, which gets the GET reply's headers and no body (RFC 9110
 *    9.3.2);
 *  - 200 only for GET or HEAD of /metrics, with the rendered page;
 *  - the server closes within 2 s and keeps no connection open.
 */
#include <arpa/inet.h>
#include <event2/event.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "metrics_http.h"

static struct event_base *base;
static struct metrics_server *server;
static uint16_t port;

static char *page; /* what render() writes: the expected 200 body */

static void render(void *arg, struct prom_buf *out)
{
	(void)arg;
	prom_family(out, "translatord_up", "gauge", "fuzzing");
	prom_sample_u64(out, "translatord_up", NULL, 0, 1);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[256];

	(void)argc;
	(void)argv;
	base = event_base_new();
	server = base ? metrics_server_new(base, "127.0.0.1", 0, 4, render,
					   NULL, err, sizeof(err))
		      : NULL;
	if (!server) {
		fprintf(stderr, "fuzz_metrics: %s\n", base ? err : "no event base");
		exit(1);
	}
	port = metrics_server_port(server);
	{
		struct prom_buf b;

		prom_buf_init(&b);
		render(NULL, &b);
		page = strndup(b.data ? b.data : "", b.len);
		prom_buf_free(&b);
	}
	return 0;
}

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Run the server until the client has its whole answer (EOF) and the
 * server no connection left. The reply in buf, its length returned. */
static size_t exchange(const uint8_t *data, size_t size, char *buf, size_t cap)
{
	struct sockaddr_in to = {.sin_family = AF_INET,
				 .sin_port = htons(port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	struct metrics_server_stats st;
	size_t got = 0;
	bool eof = false;
	double deadline = now_s() + 2;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0 || connect(fd, (struct sockaddr *)&to, sizeof(to)) < 0)
		abort();
	if (size && write(fd, data, size) != (ssize_t)size)
		abort(); /* loopback buffers hold any input of max_len */
	shutdown(fd, SHUT_WR);
	for (;;) {
		ssize_t n;

		event_base_loop(base, EVLOOP_NONBLOCK);
		while (!eof && (n = recv(fd, buf + got, cap - 1 - got,
					 MSG_DONTWAIT)) >= 0) {
			if (n == 0)
				eof = true;
			got += (size_t)n;
			if (got == cap - 1)
				abort(); /* more than any reply */
		}
		metrics_server_stats(server, &st);
		if (eof && st.open == 0)
			break;
		if (now_s() > deadline)
			abort(); /* the server did not close */
	}
	close(fd);
	buf[got] = '\0';
	return got;
}

/* The first line of the client's bytes, as the server reads it. */
static void request_line(const uint8_t *data, size_t size, char *line,
			 size_t cap)
{
	size_t n = 0;

	while (n < size && n < cap - 1 && data[n] != '\n')
		n++;
	memcpy(line, data, n);
	line[n] = '\0';
	if (n && line[n - 1] == '\r')
		line[n - 1] = '\0';
}

static void check_reply(const uint8_t *data, size_t size, const char *r,
			size_t len)
{
	char line[8200], method[16] = "";
	const char *body;
	int code = 0, vminor = -1;
	size_t clen = 0;
	const char *cl;

	if (!len)
		return; /* closed without a word: an incomplete head */
	if (sscanf(r, "HTTP/1.%d %d ", &vminor, &code) != 2 ||
	    (vminor != 0 && vminor != 1))
		abort();
	if (code != 200 && code != 400 && code != 404 && code != 405 &&
	    code != 431)
		abort();
	body = strstr(r, "\r\n\r\n");
	cl = strstr(r, "\r\nContent-Length: ");
	if (!body || !cl || cl > body ||
	    sscanf(cl, "\r\nContent-Length: %zu", &clen) != 1)
		abort();
	body += 4;
	request_line(data, size, line, sizeof(line));
	sscanf(line, "%15s", method);
	if (code == 200) {
		if (strncmp(line, "GET /metrics", 12) &&
		    strncmp(line, "HEAD /metrics", 13))
			abort();
		if (clen != strlen(page))
			abort();
		if (!strcmp(method, "HEAD") ? *body != '\0'
					    : strcmp(body, page))
			abort();
	} else if ((size_t)(r + len - body) != clen) {
		abort(); /* one reply, its body as long as it says */
	}
	if (code == 405 && !strstr(r, "\r\nAllow: GET, HEAD\r\n"))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char reply[65536];
	size_t len = exchange(data, size, reply, sizeof(reply));

	check_reply(data, size, reply, len);
	return 0;
}
