/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Addresses and probe sockets shared by the network check types. Every
 * probe socket is bound to the check's interface and source address:
 * with the same anycast address served by several sites, that is what
 * makes a probe reach this site's backend.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

int health_addr_parse(const char *s, struct health_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET6, s, &a->v6) == 1) {
		a->family = AF_INET6;
		return 0;
	}
	if (inet_pton(AF_INET, s, &a->v4) == 1) {
		a->family = AF_INET;
		return 0;
	}
	return -1;
}

static socklen_t fill_sockaddr(const struct health_addr *a, uint16_t port,
			       uint32_t scope, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		s6->sin6_addr = a->v6;
		s6->sin6_scope_id = scope;
		return sizeof(*s6);
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

	s4->sin_family = AF_INET;
	s4->sin_port = htons(port);
	s4->sin_addr = a->v4;
	return sizeof(*s4);
}

int health_sock_target(const struct health_check_config *c, uint16_t port,
		       struct sockaddr_storage *ss, socklen_t *len,
		       char *detail, size_t dlen)
{
	struct health_addr a;
	uint32_t scope = 0;

	if (health_addr_parse(c->target, &a) != 0) {
		snprintf(detail, dlen, "bad target '%s'", c->target);
		return -1;
	}
	if (a.family == AF_INET6 && IN6_IS_ADDR_LINKLOCAL(&a.v6)) {
		scope = if_nametoindex(c->interface);
		if (!scope) {
			snprintf(detail, dlen, "interface %s: %s", c->interface,
				 strerror(errno));
			return -1;
		}
	}
	*len = fill_sockaddr(&a, port, scope, ss);
	return 0;
}

int health_sock_open(const struct health_check_config *c, int family,
		     int type, int proto, char *detail, size_t dlen)
{
	struct sockaddr_storage ss;
	struct health_addr src;
	socklen_t len;
	int fd, saved;

	fd = socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
	if (fd < 0) {
		saved = errno;
		snprintf(detail, dlen, "socket: %s", strerror(saved));
		errno = saved;
		return -1;
	}
	/* The device binding goes first: it also scopes the source bind and
	 * the route lookup of connect()/send(). */
	if (c->interface[0] &&
	    setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, c->interface,
		       (socklen_t)strlen(c->interface) + 1) < 0) {
		saved = errno;
		snprintf(detail, dlen, "SO_BINDTODEVICE %s: %s", c->interface,
			 strerror(saved));
		goto fail;
	}
	if (c->source[0]) {
		if (health_addr_parse(c->source, &src) != 0) {
			saved = EINVAL;
			snprintf(detail, dlen, "bad source '%s'", c->source);
			goto fail;
		}
		/* A link-local source needs its zone: the bound device. */
		len = fill_sockaddr(&src, 0,
				    src.family == AF_INET6 &&
				    IN6_IS_ADDR_LINKLOCAL(&src.v6) &&
				    c->interface[0]
				    ? if_nametoindex(c->interface) : 0, &ss);
		if (bind(fd, (struct sockaddr *)&ss, len) < 0) {
			saved = errno;
			snprintf(detail, dlen, "bind %s: %s", c->source,
				 strerror(saved));
			goto fail;
		}
	}
	return fd;
fail:
	close(fd);
	errno = saved;
	return -1;
}
