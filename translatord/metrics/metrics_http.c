/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "metrics_http.h"

#include <arpa/inet.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

struct metrics_server {
	struct evhttp *http;
	struct evhttp_bound_socket *sock;
	metrics_render_fn render;
	void *arg;
	uint16_t port;
};

static void reply_text(struct evhttp_request *req, int code,
		       const char *reason, const char *body, size_t len)
{
	struct evbuffer *buf = evbuffer_new();

	if (!buf) {
		evhttp_send_error(req, HTTP_INTERNAL, NULL);
		return;
	}
	evbuffer_add(buf, body, len);
	evhttp_add_header(evhttp_request_get_output_headers(req),
			  "Content-Type",
			  "text/plain; version=0.0.4; charset=utf-8");
	evhttp_send_reply(req, code, reason, buf);
	evbuffer_free(buf);
}

static void on_metrics(struct evhttp_request *req, void *arg)
{
	struct metrics_server *s = arg;
	struct prom_buf out;

	if (evhttp_request_get_command(req) != EVHTTP_REQ_GET &&
	    evhttp_request_get_command(req) != EVHTTP_REQ_HEAD) {
		evhttp_send_error(req, 405, "Method Not Allowed");
		return;
	}
	prom_buf_init(&out);
	s->render(s->arg, &out);
	if (out.failed)
		reply_text(req, HTTP_INTERNAL, "Internal Server Error",
			   "metrics rendering failed\n", 25);
	else
		reply_text(req, HTTP_OK, "OK", out.data ? out.data : "",
			   out.len);
	prom_buf_free(&out);
}

static void on_other(struct evhttp_request *req, void *arg)
{
	(void)arg;
	static const char body[] = "translatord: scrape /metrics\n";
	reply_text(req, HTTP_NOTFOUND, "Not Found", body, sizeof(body) - 1);
}

static uint16_t bound_port(struct evhttp_bound_socket *sock)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int fd = (int)evhttp_bound_socket_get_fd(sock);

	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
		return 0;
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

struct metrics_server *metrics_server_new(struct event_base *base,
					  const char *addr, uint16_t port,
					  metrics_render_fn render, void *arg,
					  char *err, size_t errlen)
{
	struct metrics_server *s = calloc(1, sizeof(*s));

	if (!s || !(s->http = evhttp_new(base))) {
		snprintf(err, errlen, "metrics: out of memory");
		free(s);
		return NULL;
	}
	s->render = render;
	s->arg = arg;
	evhttp_set_allowed_methods(s->http, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD |
						    EVHTTP_REQ_POST);
	evhttp_set_cb(s->http, "/metrics", on_metrics, s);
	evhttp_set_gencb(s->http, on_other, s);
	s->sock = evhttp_bind_socket_with_handle(s->http, addr, port);
	if (!s->sock) {
		snprintf(err, errlen,
			 "metrics: cannot listen on [%s]:%u (in use, or not an "
			 "address of this host?)",
			 addr, port);
		metrics_server_free(s);
		return NULL;
	}
	s->port = bound_port(s->sock);
	return s;
}

uint16_t metrics_server_port(const struct metrics_server *s)
{
	return s->port;
}

void metrics_server_free(struct metrics_server *s)
{
	if (!s)
		return;
	if (s->http)
		evhttp_free(s->http);
	free(s);
}
