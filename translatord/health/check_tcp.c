/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tcp check: a non-blocking connect(); success when the handshake
 * completes. The connection is closed at once without sending data.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "check.h"

struct tcp_probe {
	int fd;
	struct event *ev;
};

static void tcp_release(struct health_check *c)
{
	struct tcp_probe *p = c->probe;

	if (!p)
		return;
	if (p->ev)
		event_free(p->ev);
	close(p->fd);
	free(p);
	c->probe = NULL;
}

static void tcp_writable(evutil_socket_t fd, short what, void *arg)
{
	struct health_check *c = arg;
	int err = 0;
	socklen_t len = sizeof(err);

	(void)what;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	tcp_release(c);
	if (err)
		health_probe_done(c, HEALTH_RESULT_FAIL, "connect: %s",
				  strerror(err));
	else
		health_probe_done(c, HEALTH_RESULT_OK, "connected");
}

static void tcp_start(struct health_check *c)
{
	struct sockaddr_storage ss;
	struct tcp_probe *p;
	char detail[HEALTH_REASON_MAX];
	socklen_t len;
	int fd;

	if (health_sock_target(&c->cfg, c->cfg.port, &ss, &len, detail,
			       sizeof(detail)) != 0) {
		health_probe_done(c, HEALTH_RESULT_FAIL, "%s", detail);
		return;
	}
	fd = health_sock_open(&c->cfg, ss.ss_family, SOCK_STREAM, 0, detail,
			      sizeof(detail));
	if (fd < 0) {
		health_probe_done(c, HEALTH_RESULT_FAIL, "%s", detail);
		return;
	}
	if (connect(fd, (struct sockaddr *)&ss, len) == 0) {
		close(fd);
		health_probe_done(c, HEALTH_RESULT_OK, "connected");
		return;
	}
	if (errno != EINPROGRESS) {
		int err = errno;

		close(fd);
		health_probe_done(c, HEALTH_RESULT_FAIL, "connect: %s",
				  strerror(err));
		return;
	}
	p = calloc(1, sizeof(*p));
	if (p) {
		p->fd = fd;
		p->ev = event_new(health_check_base(c), fd, EV_WRITE,
				  tcp_writable, c);
	}
	if (!p || !p->ev || event_add(p->ev, NULL) != 0) {
		if (p && p->ev)
			event_free(p->ev);
		free(p);
		close(fd);
		health_probe_done(c, HEALTH_RESULT_FAIL, "out of memory");
		return;
	}
	c->probe = p;
}

static void tcp_cancel(struct health_check *c, char *detail, size_t len)
{
	(void)detail;
	(void)len;
	tcp_release(c);
}

const struct health_check_ops health_check_tcp_ops = {
	.start = tcp_start,
	.cancel = tcp_cancel,
};
