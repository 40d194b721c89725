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
 * The request is HTTP/1.0 with Connection: close; the answer is read by
 * http_response.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include "check.h"
#include "http_response.h"

struct http_probe {
	struct bufferevent *bev;
	bool connected;
	struct http_response resp;
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

static void http_process(struct health_check *c, bool eof)
{
	struct http_probe *p = c->probe;
	char detail[HEALTH_REASON_MAX];
	enum http_verdict v = http_response_read(
		&p->resp, bufferevent_get_input(p->bev), eof, detail,
		sizeof(detail));

	if (v != HTTP_MORE)
		http_done(c, v == HTTP_OK ? HEALTH_RESULT_OK : HEALTH_RESULT_FAIL,
			  detail);
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
	http_response_init(&p->resp, cfg->http_status_min, cfg->http_status_max,
			   cfg->http_body);
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
