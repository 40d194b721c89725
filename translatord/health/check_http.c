/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * http check: GET path, success if the status is in the expected range
 * and, when configured, the body contains a substring.
 *
 * A small client on a libevent bufferevent rather than evhttp: evhttp
 * creates its own socket, so it cannot take SO_BINDTODEVICE, and it reads
 * whole bodies. Here the socket comes from health_sock_open() (interface
 * and source applied) and reading stops as soon as the answer is known.
 *
 * The request is HTTP/1.0 with Connection: close, so the server answers
 * without chunked encoding and ends the body by closing (RFC 9112 §6.3):
 * the body is simply everything up to EOF.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include "check.h"

#define MAX_HEAD_BYTES  16384u /* status line and headers */
#define MAX_BODY_BYTES  65536u /* searched for the substring */

enum http_phase { PHASE_STATUS, PHASE_HEADERS, PHASE_BODY };

struct http_probe {
	struct bufferevent *bev;
	enum http_phase phase;
	bool connected;
	int status;
	size_t head_bytes;
	size_t body_bytes; /* already searched and dropped */
};

static void http_release(struct health_check *c)
{
	struct http_probe *p = c->probe;

	if (!p)
		return;
	if (p->bev)
		bufferevent_free(p->bev); /* closes the socket */
	free(p);
	c->probe = NULL;
}

static void http_done(struct health_check *c, enum health_result r,
		      const char *detail)
{
	http_release(c);
	health_probe_done(c, r, "%s", detail);
}

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

/* RFC 9112 4: status-line = HTTP-version SP status-code SP
 * [ reason-phrase ], HTTP-version = "HTTP/" DIGIT "." DIGIT, status-code
 * = 3DIGIT ("HTTP/1.1 2000" is not 200). A missing SP before an empty
 * reason is tolerated. -1 if not a status line. */
static int parse_status(const char *line)
{
	if (strncmp(line, "HTTP/", 5) || !digit(line[5]) || line[6] != '.' ||
	    !digit(line[7]) || line[8] != ' ' || !digit(line[9]) ||
	    !digit(line[10]) || !digit(line[11]) ||
	    (line[12] != ' ' && line[12] != '\0') || line[9] == '0')
		return -1;
	return (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
}

/* 1: decided (probe finished), 0: need more input. */
static int read_status(struct health_check *c, struct http_probe *p,
		       struct evbuffer *in, bool eof)
{
	const struct health_check_config *cfg = &c->cfg;
	char detail[HEALTH_REASON_MAX];
	size_t n;
	char *line = evbuffer_readln(in, &n, EVBUFFER_EOL_CRLF);

	if (!line) {
		if (eof) {
			http_done(c, HEALTH_RESULT_FAIL,
				  "connection closed before the status line");
			return 1;
		}
		if (evbuffer_get_length(in) > MAX_HEAD_BYTES) {
			http_done(c, HEALTH_RESULT_FAIL, "status line too long");
			return 1;
		}
		return 0;
	}
	p->head_bytes += n;
	p->status = parse_status(line);
	if (p->status < 0) {
		/* Room for the words around it in detail. */
		char shown[HEALTH_REASON_MAX - 32];

		/* The backend's bytes go to logs, vty and JSON: escaped
		 * (at most 4 bytes each: 55 fit). */
		health_escape(line, 55, shown, sizeof(shown));
		snprintf(detail, sizeof(detail), "not an HTTP status line: '%s'",
			 shown);
		free(line);
		http_done(c, HEALTH_RESULT_FAIL, detail);
		return 1;
	}
	free(line);
	if (p->status < cfg->http_status_min ||
	    p->status > cfg->http_status_max) {
		snprintf(detail, sizeof(detail), "HTTP status %d, expected %u-%u",
			 p->status, cfg->http_status_min, cfg->http_status_max);
		http_done(c, HEALTH_RESULT_FAIL, detail);
		return 1;
	}
	if (!cfg->http_body[0]) {
		snprintf(detail, sizeof(detail), "HTTP status %d", p->status);
		http_done(c, HEALTH_RESULT_OK, detail);
		return 1;
	}
	p->phase = PHASE_HEADERS;
	return 0;
}

static int read_headers(struct health_check *c, struct http_probe *p,
			struct evbuffer *in, bool eof)
{
	char *line;
	size_t n;

	while ((line = evbuffer_readln(in, &n, EVBUFFER_EOL_CRLF))) {
		free(line);
		p->head_bytes += n;
		if (n == 0) {
			p->phase = PHASE_BODY;
			return 0;
		}
		if (p->head_bytes > MAX_HEAD_BYTES)
			break;
	}
	if (p->head_bytes + evbuffer_get_length(in) > MAX_HEAD_BYTES) {
		http_done(c, HEALTH_RESULT_FAIL, "headers too long");
		return 1;
	}
	if (eof) {
		http_done(c, HEALTH_RESULT_FAIL, "connection closed in the headers");
		return 1;
	}
	return 0;
}

static int read_body(struct health_check *c, struct http_probe *p,
		     struct evbuffer *in, bool eof)
{
	const char *want = c->cfg.http_body;
	size_t wlen = strlen(want), have = evbuffer_get_length(in);
	char detail[HEALTH_REASON_MAX];
	struct evbuffer_ptr at = evbuffer_search(in, want, wlen, NULL);

	if (at.pos >= 0) {
		snprintf(detail, sizeof(detail), "HTTP status %d, body has '%s'",
			 p->status, want);
		http_done(c, HEALTH_RESULT_OK, detail);
		return 1;
	}
	/* Keep only a tail that could start a match, so memory stays small
	 * whatever the body size. */
	if (have >= wlen) {
		evbuffer_drain(in, have - (wlen - 1));
		p->body_bytes += have - (wlen - 1);
	}
	if (eof || p->body_bytes >= MAX_BODY_BYTES) {
		snprintf(detail, sizeof(detail),
			 "HTTP status %d, body has no '%s'%s", p->status, want,
			 eof ? "" : " in its first 64 KiB");
		http_done(c, HEALTH_RESULT_FAIL, detail);
		return 1;
	}
	return 0;
}

static void http_process(struct health_check *c, bool eof)
{
	struct http_probe *p = c->probe;
	struct evbuffer *in = bufferevent_get_input(p->bev);

	if (p->phase == PHASE_STATUS && read_status(c, p, in, eof))
		return;
	if (p->phase == PHASE_HEADERS && read_headers(c, p, in, eof))
		return;
	if (p->phase == PHASE_BODY)
		read_body(c, p, in, eof);
}

static void http_read_cb(struct bufferevent *bev, void *arg)
{
	(void)bev;
	http_process(arg, false);
}

static void http_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct health_check *c = arg;
	struct http_probe *p = c->probe;

	(void)bev;
	if (what & BEV_EVENT_CONNECTED) {
		p->connected = true;
		return;
	}
	if (what & BEV_EVENT_EOF) {
		http_process(c, true);
		return;
	}
	if (what & BEV_EVENT_ERROR) {
		int err = EVUTIL_SOCKET_ERROR();
		char detail[HEALTH_REASON_MAX];

		snprintf(detail, sizeof(detail), "%s: %s",
			 !p->connected ? "connect" :
			 (what & BEV_EVENT_READING) ? "read" : "write",
			 err ? strerror(err) : "error");
		http_done(c, HEALTH_RESULT_FAIL, detail);
	}
}

static void http_start(struct health_check *c)
{
	const struct health_check_config *cfg = &c->cfg;
	struct sockaddr_storage ss;
	struct http_probe *p;
	char detail[HEALTH_REASON_MAX];
	socklen_t len;
	int fd, rc;

	if (health_sock_target(&c->cfg, cfg->port, &ss, &len, detail,
			       sizeof(detail)) != 0) {
		health_probe_done(c, HEALTH_RESULT_FAIL, "%s", detail);
		return;
	}
	fd = health_sock_open(cfg, ss.ss_family, SOCK_STREAM, 0, detail,
			      sizeof(detail));
	if (fd < 0) {
		health_probe_done(c, HEALTH_RESULT_FAIL, "%s", detail);
		return;
	}
	p = calloc(1, sizeof(*p));
	if (p)
		p->bev = bufferevent_socket_new(health_check_base(c), fd,
						BEV_OPT_CLOSE_ON_FREE);
	if (!p || !p->bev) {
		free(p);
		evutil_closesocket(fd);
		health_probe_done(c, HEALTH_RESULT_FAIL, "out of memory");
		return;
	}
	c->probe = p;
	bufferevent_setcb(p->bev, http_read_cb, NULL, http_event_cb, c);
	bufferevent_enable(p->bev, EV_READ | EV_WRITE);

	/* A literal IPv6 host goes in brackets (RFC 9110 §7.2). */
	if (cfg->http_host[0])
		rc = evbuffer_add_printf(bufferevent_get_output(p->bev),
					 "GET %s HTTP/1.0\r\nHost: %s\r\n",
					 cfg->http_path, cfg->http_host);
	else
		rc = evbuffer_add_printf(bufferevent_get_output(p->bev),
					 "GET %s HTTP/1.0\r\nHost: %s%s%s\r\n",
					 cfg->http_path,
					 ss.ss_family == AF_INET6 ? "[" : "",
					 cfg->target,
					 ss.ss_family == AF_INET6 ? "]" : "");
	if (rc < 0 ||
	    evbuffer_add_printf(bufferevent_get_output(p->bev),
				"User-Agent: translatord-health\r\n"
				"Accept: */*\r\nConnection: close\r\n\r\n") < 0) {
		http_done(c, HEALTH_RESULT_FAIL, "out of memory");
		return;
	}
	/* Connects the fd we made (bound as configured); the request is
	 * sent once connected. */
	if (bufferevent_socket_connect(p->bev, (struct sockaddr *)&ss,
				       (int)len) < 0 &&
	    c->probe /* else the error callback already ended it */) {
		snprintf(detail, sizeof(detail), "connect: %s",
			 strerror(EVUTIL_SOCKET_ERROR()));
		http_done(c, HEALTH_RESULT_FAIL, detail);
	}
}

static void http_cancel(struct health_check *c, char *detail, size_t len)
{
	(void)detail;
	(void)len;
	http_release(c);
}

const struct health_check_ops health_check_http_ops = {
	.start = http_start,
	.cancel = http_cancel,
};
