/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "metrics_http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

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

/*
 * The listening socket, made here rather than by evhttp_bind_socket():
 * that resolves the literal with getaddrinfo(AI_ADDRCONFIG), which
 * refuses 127.0.0.1 on a host (or network namespace) whose only IPv4
 * address is the loopback's, exactly the default configuration.
 */
static int listen_socket(const char *addr, uint16_t port, char *why,
			 size_t len)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	socklen_t sl;
	int fd, one = 1;

	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, addr, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		sl = sizeof(*s4);
	} else if (inet_pton(AF_INET6, addr, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		sl = sizeof(*s6);
	} else {
		snprintf(why, len, "not an IPv4 or IPv6 address");
		return -1;
	}
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    0);
	if (fd < 0) {
		snprintf(why, len, "socket: %s", strerror(errno));
		return -1;
	}
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (ss.ss_family == AF_INET6)
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one,
				 sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, sl) < 0 || listen(fd, 64) < 0) {
		snprintf(why, len, "%s%s", strerror(errno),
			 errno == EADDRINUSE      ? " (another process?)"
			 : errno == EADDRNOTAVAIL ? " (not an address of this host)"
						  : "");
		close(fd);
		return -1;
	}
	return fd;
}

struct metrics_server *metrics_server_new(struct event_base *base,
					  const char *addr, uint16_t port,
					  metrics_render_fn render, void *arg,
					  char *err, size_t errlen)
{
	struct metrics_server *s = calloc(1, sizeof(*s));
	char why[160];
	int fd;

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
	fd = listen_socket(addr, port, why, sizeof(why));
	if (fd >= 0)
		s->sock = evhttp_accept_socket_with_handle(s->http, fd);
	if (!s->sock) {
		if (fd >= 0) {
			close(fd);
			snprintf(why, sizeof(why), "libevent refused the socket");
		}
		snprintf(err, errlen, "metrics: cannot listen on [%s]:%u: %s",
			 addr, port, why);
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
