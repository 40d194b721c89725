/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * icmp check: one echo request (RFC 792 / RFC 4443 §4.1) to an IPv4 or
 * IPv6 target, success on the matching echo reply.
 *
 * The socket is an unprivileged ICMP datagram socket when the process's
 * group is inside net.ipv4.ping_group_range (that sysctl covers IPv6
 * too): the kernel then picks the identifier and delivers only our
 * replies. Otherwise it falls back to a raw socket (CAP_NET_RAW), which
 * sees every echo reply from the target: the identifier, sequence and a
 * per-probe cookie pick ours out. connect() makes both kinds deliver only
 * packets from the target.
 */
#include <errno.h>
#include <netinet/icmp6.h>
#include <netinet/ip_icmp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "inet_csum.h"
#include "check.h"

#define ECHO_LEN 16 /* 8-byte header + "tdhc" + 32-bit cookie */

struct icmp_probe {
	int fd;
	struct event *ev;
	bool raw;
	bool v6;
	uint16_t id;     /* network order; the kernel's on datagram sockets */
	uint16_t seq;    /* network order */
	uint32_t cookie;
};

static void icmp_release(struct health_check *c)
{
	struct icmp_probe *p = c->probe;

	if (!p)
		return;
	if (p->ev)
		event_free(p->ev);
	if (p->fd >= 0)
		close(p->fd);
	free(p);
	c->probe = NULL;
}

static size_t build_echo(const struct icmp_probe *p, uint8_t *buf)
{

	memset(buf, 0, ECHO_LEN);
	buf[0] = p->v6 ? ICMP6_ECHO_REQUEST : ICMP_ECHO;
	memcpy(buf + 4, &p->id, 2);
	memcpy(buf + 6, &p->seq, 2);
	memcpy(buf + 8, "tdhc", 4);
	memcpy(buf + 12, &p->cookie, 4);
	/* Only IPv4 raw sockets need the checksum from us (the kernel
	 * fills it for ICMPv6 and for datagram sockets). */
	if (!p->v6 && p->raw)
		inet_csum_set(buf, ECHO_LEN, buf + 2);
	return ECHO_LEN;
}

static bool is_our_reply(const struct icmp_probe *p, const uint8_t *buf,
			 size_t n)
{
	const uint8_t *h = buf;

	if (!p->v6 && p->raw) { /* IPv4 raw sockets include the IP header */
		size_t ihl;

		if (n < 20 || (buf[0] >> 4) != 4)
			return false;
		ihl = (size_t)(buf[0] & 0x0f) * 4;
		if (n < ihl)
			return false;
		h += ihl;
		n -= ihl;
	}
	if (n < ECHO_LEN)
		return false;
	if (h[0] != (p->v6 ? ICMP6_ECHO_REPLY : ICMP_ECHOREPLY) || h[1] != 0)
		return false;
	if (p->raw && memcmp(h + 4, &p->id, 2) != 0)
		return false;
	return memcmp(h + 6, &p->seq, 2) == 0 &&
	       memcmp(h + 8, "tdhc", 4) == 0 &&
	       memcmp(h + 12, &p->cookie, 4) == 0;
}

static void icmp_readable(evutil_socket_t fd, short what, void *arg)
{
	struct health_check *c = arg;
	struct icmp_probe *p = c->probe;
	uint8_t buf[1500];

	(void)what;
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);

		if (n < 0) {
			int err = errno;

			if (err == EAGAIN || err == EWOULDBLOCK || err == EINTR)
				return;
			/* A connected socket reports ICMP errors such as
			 * host unreachable here. */
			icmp_release(c);
			health_probe_done(c, HEALTH_RESULT_FAIL, "%s",
					  strerror(err));
			return;
		}
		if (is_our_reply(p, buf, (size_t)n)) {
			bool raw = p->raw;

			icmp_release(c);
			health_probe_done(c, HEALTH_RESULT_OK, "echo reply%s",
					  raw ? " (raw socket)" : "");
			return;
		}
	}
}

/* Datagram socket if ping_group_range allows it, else raw. */
static int icmp_socket(struct health_check *c, struct icmp_probe *p,
		       int family, char *detail, size_t dlen)
{
	int proto = p->v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
	int fd;

	fd = health_sock_open(&c->cfg, family, SOCK_DGRAM, proto, detail,
			      dlen);
	if (fd >= 0 || (errno != EACCES && errno != EPERM &&
			errno != EPROTONOSUPPORT))
		return fd;
	p->raw = true;
	fd = health_sock_open(&c->cfg, family, SOCK_RAW, proto, detail, dlen);
	if (fd < 0)
		return -1;
	if (p->v6) {
		struct icmp6_filter f;

		/* Wake up for echo replies only. */
		ICMP6_FILTER_SETBLOCKALL(&f);
		ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &f);
		setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &f, sizeof(f));
	}
	return fd;
}

static void icmp_start(struct health_check *c)
{
	struct sockaddr_storage ss;
	struct icmp_probe *p;
	char detail[HEALTH_REASON_MAX];
	uint8_t pkt[ECHO_LEN];
	socklen_t len;
	size_t plen;

	if (health_sock_target(&c->cfg, 0, &ss, &len, detail,
			       sizeof(detail)) != 0) {
		health_probe_done(c, HEALTH_RESULT_FAIL, "%s", detail);
		return;
	}
	p = calloc(1, sizeof(*p));
	if (!p) {
		health_probe_done(c, HEALTH_RESULT_FAIL, "out of memory");
		return;
	}
	p->fd = -1;
	p->v6 = ss.ss_family == AF_INET6;
	p->id = htons((uint16_t)health_engine_random(c->eng));
	p->seq = htons(c->seq);
	p->cookie = health_engine_random(c->eng);
	c->probe = p;

	p->fd = icmp_socket(c, p, ss.ss_family, detail, sizeof(detail));
	if (p->fd < 0) {
		icmp_release(c);
		health_probe_done(c, HEALTH_RESULT_FAIL, "icmp %s", detail);
		return;
	}
	if (connect(p->fd, (struct sockaddr *)&ss, len) < 0) {
		int err = errno;

		icmp_release(c);
		health_probe_done(c, HEALTH_RESULT_FAIL, "connect: %s",
				  strerror(err));
		return;
	}
	plen = build_echo(p, pkt);
	if (send(p->fd, pkt, plen, 0) < 0) {
		int err = errno;

		icmp_release(c);
		health_probe_done(c, HEALTH_RESULT_FAIL, "send: %s",
				  strerror(err));
		return;
	}
	p->ev = event_new(health_check_base(c), p->fd, EV_READ | EV_PERSIST,
			  icmp_readable, c);
	if (!p->ev || event_add(p->ev, NULL) != 0) {
		icmp_release(c);
		health_probe_done(c, HEALTH_RESULT_FAIL, "out of memory");
	}
}

static void icmp_cancel(struct health_check *c, char *detail, size_t len)
{
	(void)detail;
	(void)len;
	icmp_release(c);
}

const struct health_check_ops health_check_icmp_ops = {
	.start = icmp_start,
	.cancel = icmp_cancel,
};
