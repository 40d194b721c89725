/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The /metrics endpoint: a deliberately small HTTP/1.x responder on
 * libevent's listener and bufferevents, not evhttp. The endpoint shares
 * the daemon's file descriptors and its thread with the health probes,
 * so no client may hold more than it is given (evhttp in libevent 2.1
 * has no connection limit, and buffers request bodies whole):
 *
 *   - at most max_conns connections; past that a connection is accepted
 *     and closed at once, so the backlog drains and the descriptors the
 *     probes, zebra and the vty need stay free;
 *   - the request head (line and headers) must arrive within
 *     METRICS_HEAD_TIMEOUT_S and fit METRICS_MAX_HEAD bytes;
 *   - only GET and HEAD of /metrics; any other method is answered 405 as
 *     soon as the request line is in, and no body is ever read;
 *   - one request per connection (Connection: close); a reader slower
 *     than METRICS_WRITE_TIMEOUT_S is dropped.
 *
 * HEAD gets the headers of the GET reply, Content-Length included, and
 * no body (RFC 9110 9.3.2).
 */
#include "metrics_http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define METRICS_MAX_HEAD        8192
#define METRICS_HEAD_TIMEOUT_S  5
#define METRICS_WRITE_TIMEOUT_S 10
#define METRICS_ACCEPT_PAUSE_MS 1000

struct metrics_conn {
	struct metrics_server *s;
	struct bufferevent *bev;
	bool replied;
	struct timeval linger_end; /* after the reply: see on_written() */
	size_t discarded;
	TAILQ_ENTRY(metrics_conn) link;
};

struct metrics_server {
	struct event_base *base;
	struct evconnlistener *listener;
	struct event *resume; /* re-enables accept after a failure */
	metrics_render_fn render;
	void *arg;
	uint16_t port;
	unsigned max_conns, n_conns;
	TAILQ_HEAD(, metrics_conn) conns;
	struct metrics_server_stats stats;
};

static void on_event(struct bufferevent *bev, short what, void *arg);

static void conn_free(struct metrics_conn *c)
{
	struct metrics_server *s = c->s;

	TAILQ_REMOVE(&s->conns, c, link);
	s->n_conns--;
	bufferevent_free(c->bev);
	free(c);
}

#define METRICS_LINGER_S     1
#define METRICS_LINGER_BYTES (1u << 20)

static void on_discard(struct bufferevent *bev, void *arg)
{
	struct metrics_conn *c = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	struct timeval now;

	c->discarded += evbuffer_get_length(in);
	evbuffer_drain(in, evbuffer_get_length(in));
	event_base_gettimeofday_cached(c->s->base, &now);
	/* The read timeout restarts with every read: bound it here. */
	if (c->discarded > METRICS_LINGER_BYTES ||
	    timercmp(&now, &c->linger_end, >))
		conn_free(c);
}

/*
 * Everything is out (Connection: close). Closing a socket that still has
 * unread request bytes makes the kernel send a reset, which can destroy
 * the reply before the client reads it; so half-close and discard what
 * still comes for at most METRICS_LINGER_S and METRICS_LINGER_BYTES (a
 * lingering close).
 */
static void on_written(struct bufferevent *bev, void *arg)
{
	struct metrics_conn *c = arg;
	struct timeval linger = {.tv_sec = METRICS_LINGER_S}, now;

	event_base_gettimeofday_cached(c->s->base, &now);
	timeradd(&now, &linger, &c->linger_end);
	shutdown(bufferevent_getfd(bev), SHUT_WR);
	bufferevent_setwatermark(bev, EV_READ, 0, 0);
	bufferevent_set_timeouts(bev, &linger, NULL);
	bufferevent_setcb(bev, on_discard, NULL, on_event, arg);
	bufferevent_disable(bev, EV_WRITE);
	bufferevent_enable(bev, EV_READ);
}

/* Reply and close once it is written. body NULL: headers only. */
static void reply(struct metrics_conn *c, const char *version, int code,
		  const char *reason, const char *extra, const char *body,
		  size_t len, bool head_only)
{
	struct evbuffer *out = bufferevent_get_output(c->bev);

	c->replied = true;
	bufferevent_disable(c->bev, EV_READ);
	evbuffer_add_printf(out,
			    "%s %d %s\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
			    "Content-Length: %zu\r\nConnection: close\r\n%s\r\n",
			    version, code, reason, len, extra ? extra : "");
	if (!head_only && len)
		evbuffer_add(out, body, len);
	bufferevent_setcb(c->bev, NULL, on_written, on_event, c);
	bufferevent_enable(c->bev, EV_WRITE);
}

static void reply_text(struct metrics_conn *c, const char *version, int code,
		       const char *reason, const char *extra, const char *text)
{
	reply(c, version, code, reason, extra, text, strlen(text), false);
}

static void serve_metrics(struct metrics_conn *c, const char *version,
			  bool head_only)
{
	struct prom_buf out;

	prom_buf_init(&out);
	c->s->render(c->s->arg, &out);
	c->s->stats.scrapes++;
	if (out.failed)
		reply_text(c, version, 500, "Internal Server Error", NULL,
			   "metrics rendering failed\n");
	else
		reply(c, version, 200, "OK", NULL, out.data ? out.data : "",
		      out.len, head_only);
	prom_buf_free(&out);
}

/* The request line, "METHOD TARGET HTTP/1.x", without its line end. */
static void on_request_line(struct metrics_conn *c, char *line)
{
	char *method = line, *target, *version, *q;

	target = strchr(method, ' ');
	version = target ? strchr(target + 1, ' ') : NULL;
	if (!target || !version || strchr(version + 1, ' ') ||
	    (strcmp(version + 1, "HTTP/1.0") && strcmp(version + 1, "HTTP/1.1"))) {
		c->s->stats.refused_bad++;
		reply_text(c, "HTTP/1.0", 400, "Bad Request", NULL,
			   "translatord: bad request line\n");
		return;
	}
	*target++ = '\0';
	*version++ = '\0';
	if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
		c->s->stats.refused_bad++;
		reply_text(c, version, 405, "Method Not Allowed",
			   "Allow: GET, HEAD\r\n",
			   "translatord: GET or HEAD /metrics\n");
		return;
	}
	if ((q = strchr(target, '?')))
		*q = '\0';
	if (strcmp(target, "/metrics")) {
		reply_text(c, version, 404, "Not Found", NULL,
			   "translatord: scrape /metrics\n");
		return;
	}
	/* line is now the method alone: on_read() serves once the head
	 * is complete (a client sending it slowly meets the read timeout). */
}

static void on_read(struct bufferevent *bev, void *arg)
{
	struct metrics_conn *c = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	size_t have = evbuffer_get_length(in);
	struct evbuffer_ptr eol, end;
	char line[METRICS_MAX_HEAD + 1], version[16];
	size_t n;

	eol = evbuffer_search(in, "\n", 1, NULL);
	if (eol.pos < 0 || (size_t)eol.pos >= METRICS_MAX_HEAD) {
		if (have >= METRICS_MAX_HEAD)
			goto too_big;
		return; /* the request line is still coming */
	}
	n = (size_t)eol.pos;
	evbuffer_copyout(in, line, n);
	line[n] = '\0';
	if (n && line[n - 1] == '\r')
		line[n - 1] = '\0';
	snprintf(version, sizeof(version), "%s",
		 strrchr(line, ' ') ? strrchr(line, ' ') + 1 : "HTTP/1.0");
	on_request_line(c, line);
	if (c->replied)
		return; /* refused from the request line alone */
	end = evbuffer_search(in, "\r\n\r\n", 4, NULL);
	if (end.pos < 0)
		end = evbuffer_search(in, "\n\n", 2, NULL);
	if (end.pos < 0) {
		if (have >= METRICS_MAX_HEAD)
			goto too_big;
		return; /* the rest of the head is still coming */
	}
	serve_metrics(c, version, !strcmp(line, "HEAD"));
	return;
too_big:
	c->s->stats.refused_bad++;
	reply_text(c, "HTTP/1.0", 431, "Request Header Fields Too Large", NULL,
		   "translatord: request head too large\n");
}

static void on_event(struct bufferevent *bev, short what, void *arg)
{
	struct metrics_conn *c = arg;

	(void)bev;
	if (what & BEV_EVENT_TIMEOUT)
		c->s->stats.timeouts++;
	conn_free(c);
}

static void on_accept(struct evconnlistener *l, evutil_socket_t fd,
		      struct sockaddr *sa, int salen, void *arg)
{
	struct metrics_server *s = arg;
	struct metrics_conn *c;
	struct timeval rd = {.tv_sec = METRICS_HEAD_TIMEOUT_S};
	struct timeval wr = {.tv_sec = METRICS_WRITE_TIMEOUT_S};

	(void)l;
	(void)sa;
	(void)salen;
	if (s->n_conns >= s->max_conns) {
		s->stats.refused_limit++;
		close(fd);
		return;
	}
	c = calloc(1, sizeof(*c));
	if (!c || !(c->bev = bufferevent_socket_new(s->base, fd,
						     BEV_OPT_CLOSE_ON_FREE))) {
		free(c);
		close(fd);
		s->stats.refused_limit++;
		return;
	}
	c->s = s;
	TAILQ_INSERT_TAIL(&s->conns, c, link);
	s->n_conns++;
	s->stats.accepted++;
	bufferevent_setwatermark(c->bev, EV_READ, 0, METRICS_MAX_HEAD);
	bufferevent_set_timeouts(c->bev, &rd, &wr);
	bufferevent_setcb(c->bev, on_read, NULL, on_event, c);
	bufferevent_enable(c->bev, EV_READ);
}

static void resume_accept(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	evconnlistener_enable(((struct metrics_server *)arg)->listener);
}

/* accept() failed (out of descriptors, typically): pause, rather than
 * spin on a listener that stays readable. */
static void on_accept_error(struct evconnlistener *l, void *arg)
{
	struct metrics_server *s = arg;
	struct timeval pause = {.tv_usec = METRICS_ACCEPT_PAUSE_MS * 1000};

	s->stats.accept_errors++;
	evconnlistener_disable(l);
	evtimer_add(s->resume, &pause);
}

static uint16_t bound_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
		return 0;
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

/* The listening socket from an address literal (no resolver: a getaddrinfo
 * with AI_ADDRCONFIG refuses 127.0.0.1 where the loopback is the only IPv4
 * address, exactly the default configuration). */
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
					  unsigned max_conns,
					  metrics_render_fn render, void *arg,
					  char *err, size_t errlen)
{
	struct metrics_server *s = calloc(1, sizeof(*s));
	char why[160];
	int fd;

	if (!s || !(s->resume = evtimer_new(base, resume_accept, s))) {
		snprintf(err, errlen, "metrics: out of memory");
		free(s);
		return NULL;
	}
	s->base = base;
	s->render = render;
	s->arg = arg;
	s->max_conns = max_conns ? max_conns : METRICS_DEFAULT_MAX_CONNS;
	TAILQ_INIT(&s->conns);
	fd = listen_socket(addr, port, why, sizeof(why));
	if (fd >= 0) {
		s->listener = evconnlistener_new(base, on_accept, s,
						 LEV_OPT_CLOSE_ON_FREE, -1, fd);
		if (!s->listener) {
			close(fd);
			snprintf(why, sizeof(why), "libevent refused the socket");
		}
	}
	if (!s->listener) {
		snprintf(err, errlen, "metrics: cannot listen on [%s]:%u: %s",
			 addr, port, why);
		metrics_server_free(s);
		return NULL;
	}
	evconnlistener_set_error_cb(s->listener, on_accept_error);
	s->port = bound_port(fd);
	return s;
}

uint16_t metrics_server_port(const struct metrics_server *s)
{
	return s->port;
}

void metrics_server_stats(const struct metrics_server *s,
			  struct metrics_server_stats *out)
{
	*out = s->stats;
	out->open = s->n_conns;
}

void metrics_server_free(struct metrics_server *s)
{
	struct metrics_conn *c;

	if (!s)
		return;
	while ((c = TAILQ_FIRST(&s->conns)))
		conn_free(c);
	if (s->listener)
		evconnlistener_free(s->listener);
	if (s->resume)
		event_free(s->resume);
	free(s);
}
