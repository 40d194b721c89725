/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dataplane check: the data-plane self-test. A probe packet really goes
 * through the live translation path, the one the announced routes send
 * traffic into:
 *
 *   1. an ICMPv4 echo request source > target (RFC 792) leaves through
 *      the translator interface (a raw socket bound to it with
 *      SO_BINDTODEVICE: the route lookup is confined to that device, so
 *      it needs no route and ignores every other one);
 *   2. the data plane reads it from the device, translates it (RFC 7915
 *      4.2: echo request 8 -> 128) and writes it back into the device;
 *   3. a packet socket on the device (incoming direction only, with a
 *      classic BPF filter on ICMPv6 echo request + our identifier, so it
 *      never sees the rest of the traffic) receives the translated packet.
 *
 * Success needs the exact translation: expect_source > expect_target
 * (the daemon computes them with the translation core from the running
 * configuration), the same identifier, sequence and payload cookie, and
 * a valid ICMPv6 checksum (RFC 4443 2.3: the pseudo-header changed, so
 * a data plane that forgot the checksum update fails here). A packet
 * with our cookie but other addresses is a failure with both pairs in
 * the detail: the data plane translates, but not as configured.
 *
 * The probe leaves with TTL 2. The translated packet therefore has hop
 * limit 1 when it leaves the node (RFC 7915 4.1 decrements once, and the
 * kernel's forwarding once more) and the next router discards it: the
 * target's IPv6 side never sees self-test traffic; at most one ICMPv6
 * Time Exceeded per probe comes back towards expect_source.
 *
 * Needs CAP_NET_RAW (raw and packet sockets): the daemon raises it in
 * the engine thread only.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <event2/event.h>

#include "inet_csum.h"
#include "check.h"

#ifndef PACKET_IGNORE_OUTGOING
#define PACKET_IGNORE_OUTGOING 23
#endif

#define PROBE_TTL    2
#define IP4_HLEN     20
#define IP6_HLEN     40
#define ECHO_HLEN    8
#define PAYLOAD_LEN  16 /* "tdselftest" + 2 pad + 32-bit cookie */
#define MAGIC        "tdselftest"

struct dp_probe {
	int tx, rx;
	struct event *ev;
	uint16_t id, seq; /* network order */
	uint8_t payload[PAYLOAD_LEN];
	struct in_addr s4, d4;
	struct in6_addr s6, d6;
};

static void dp_release(struct health_check *c)
{
	struct dp_probe *p = c->probe;

	if (!p)
		return;
	if (p->ev)
		event_free(p->ev);
	if (p->tx >= 0)
		close(p->tx);
	if (p->rx >= 0)
		close(p->rx);
	free(p);
	c->probe = NULL;
}

static void dp_fail(struct health_check *c, const char *what, int err)
{
	char detail[HEALTH_REASON_MAX];

	snprintf(detail, sizeof(detail), "%s: %s%s", what, strerror(err),
		 err == EPERM || err == EACCES ? " (needs CAP_NET_RAW)" : "");
	dp_release(c);
	health_probe_done(c, HEALTH_RESULT_FAIL, "%s", detail);
}

/* Incoming ICMPv6 echo requests with our identifier only (offsets from
 * the IPv6 header: a SOCK_DGRAM packet socket strips the link layer). */
static int attach_filter(int fd, uint16_t id_host)
{
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 6),            /* next header */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_ICMPV6, 0, 5),
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, IP6_HLEN),     /* type */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 128, 0, 3),
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, IP6_HLEN + 4), /* identifier */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, id_host, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, 0xffff),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_fprog prog = {
		.len = sizeof(code) / sizeof(code[0]),
		.filter = code,
	};

	return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog,
			  sizeof(prog));
}

size_t health_dataplane_probe(uint32_t s, uint32_t d, uint16_t id,
			      uint16_t seq, const uint8_t *payload,
			      uint8_t *pkt)
{
	size_t len = IP4_HLEN + ECHO_HLEN + PAYLOAD_LEN;
	uint8_t *icmp = pkt + IP4_HLEN;

	memset(pkt, 0, len);
	pkt[0] = 0x45;
	pkt[2] = (uint8_t)(len >> 8);
	pkt[3] = (uint8_t)len;
	memcpy(pkt + 4, &seq, 2); /* identification: anything */
	pkt[6] = 0x40;            /* DF: never a fragment */
	pkt[8] = PROBE_TTL;
	pkt[9] = IPPROTO_ICMP;
	memcpy(pkt + 12, &s, 4);
	memcpy(pkt + 16, &d, 4);
	ip4_hdr_set_csum(pkt, IP4_HLEN);

	icmp[0] = 8; /* echo request */
	memcpy(icmp + 4, &id, 2);
	memcpy(icmp + 6, &seq, 2);
	if (payload)
		memcpy(icmp + 8, payload, PAYLOAD_LEN);
	inet_csum_set(icmp, ECHO_HLEN + PAYLOAD_LEN, icmp + 2);
	return len;
}

_Static_assert(HEALTH_DATAPLANE_PROBE_LEN == IP4_HLEN + ECHO_HLEN + PAYLOAD_LEN,
	       "the header's probe length is this file's");

/* RFC 4443 2.3: the checksum covers the IPv6 pseudo-header. */
static bool icmp6_csum_ok(const uint8_t *ip6, size_t icmp_len)
{
	uint32_t sum = csum_partial(ip6 + 8, 32, 0); /* source, destination */

	sum += (uint32_t)icmp_len;
	sum += IPPROTO_ICMPV6;
	sum = csum_partial(ip6 + IP6_HLEN, icmp_len, sum);
	return csum_fold(sum) == 0xffff;
}

static void dp_readable(evutil_socket_t fd, short what, void *arg)
{
	struct health_check *c = arg;
	struct dp_probe *p = c->probe;
	char got_s[INET6_ADDRSTRLEN], got_d[INET6_ADDRSTRLEN];
	uint8_t buf[2048];
	const uint8_t *icmp;
	size_t icmp_len;
	ssize_t n;

	(void)what;
	for (;;) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			if (errno == EINTR)
				continue;
			dp_fail(c, "receive", errno);
			return;
		}
		if ((size_t)n < IP6_HLEN + ECHO_HLEN + PAYLOAD_LEN ||
		    (buf[0] >> 4) != 6 || buf[6] != IPPROTO_ICMPV6)
			continue;
		icmp = buf + IP6_HLEN;
		icmp_len = (size_t)(buf[4] << 8 | buf[5]);
		if (icmp_len != ECHO_HLEN + PAYLOAD_LEN ||
		    IP6_HLEN + icmp_len > (size_t)n)
			continue;
		if (icmp[0] != 128 || icmp[1] != 0 ||
		    memcmp(icmp + 4, &p->id, 2) || memcmp(icmp + 6, &p->seq, 2) ||
		    memcmp(icmp + 8, p->payload, PAYLOAD_LEN))
			continue; /* an earlier probe's, or not ours */
		break;
	}
	if (memcmp(buf + 8, &p->s6, 16) || memcmp(buf + 24, &p->d6, 16)) {
		inet_ntop(AF_INET6, buf + 8, got_s, sizeof(got_s));
		inet_ntop(AF_INET6, buf + 24, got_d, sizeof(got_d));
		dp_release(c);
		health_probe_done(c, HEALTH_RESULT_FAIL,
				  "translated to %s > %s, expected %s > %s",
				  got_s, got_d, c->cfg.expect_source,
				  c->cfg.expect_target);
		return;
	}
	if (!icmp6_csum_ok(buf, icmp_len)) {
		dp_release(c);
		health_probe_done(c, HEALTH_RESULT_FAIL,
				  "translated packet has a bad ICMPv6 checksum");
		return;
	}
	dp_release(c);
	health_probe_done(c, HEALTH_RESULT_OK, "translated to %s > %s",
			  c->cfg.expect_source, c->cfg.expect_target);
}

static void dp_start(struct health_check *c)
{
	struct dp_probe *p = calloc(1, sizeof(*p));
	struct sockaddr_ll ll = {.sll_family = AF_PACKET};
	struct sockaddr_in to = {.sin_family = AF_INET};
	uint8_t pkt[HEALTH_DATAPLANE_PROBE_LEN];
	uint32_t cookie = health_engine_random(c->eng);
	int one = 1;
	unsigned ifindex;
	size_t len;

	if (!p) {
		health_probe_done(c, HEALTH_RESULT_FAIL, "out of memory");
		return;
	}
	p->tx = p->rx = -1;
	c->probe = p;
	inet_pton(AF_INET, c->cfg.source, &p->s4);
	inet_pton(AF_INET, c->cfg.target, &p->d4);
	inet_pton(AF_INET6, c->cfg.expect_source, &p->s6);
	inet_pton(AF_INET6, c->cfg.expect_target, &p->d6);
	/* A fresh identifier per probe: a late copy of an earlier probe is
	 * filtered out in the kernel already. */
	p->id = htons((uint16_t)(health_engine_random(c->eng) | 1));
	p->seq = htons(c->seq);
	memcpy(p->payload, MAGIC, sizeof(MAGIC) - 1);
	memcpy(p->payload + 12, &cookie, 4);

	ifindex = if_nametoindex(c->cfg.interface);
	if (!ifindex) {
		dp_fail(c, c->cfg.interface, errno);
		return;
	}
	/* Receiver first, filter before bind: nothing unfiltered queues. */
	p->rx = socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (p->rx < 0) {
		dp_fail(c, "packet socket", errno);
		return;
	}
	if (attach_filter(p->rx, ntohs(p->id)) < 0) {
		dp_fail(c, "SO_ATTACH_FILTER", errno);
		return;
	}
	/* Only what the data plane writes into the device, not what the
	 * kernel sends out into it. Best effort (Linux >= 4.20). */
	(void)setsockopt(p->rx, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one,
			 sizeof(one));
	ll.sll_protocol = htons(ETH_P_IPV6);
	ll.sll_ifindex = (int)ifindex;
	if (bind(p->rx, (struct sockaddr *)&ll, sizeof(ll)) < 0) {
		dp_fail(c, "bind packet socket", errno);
		return;
	}
	p->ev = event_new(health_check_base(c), p->rx, EV_READ | EV_PERSIST,
			  dp_readable, c);
	if (!p->ev || event_add(p->ev, NULL) < 0) {
		dp_fail(c, "event", ENOMEM);
		return;
	}

	/* IPPROTO_RAW: we write the IPv4 header (IP_HDRINCL). */
	p->tx = socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
		       IPPROTO_RAW);
	if (p->tx < 0) {
		dp_fail(c, "raw socket", errno);
		return;
	}
	if (setsockopt(p->tx, SOL_SOCKET, SO_BINDTODEVICE, c->cfg.interface,
		       (socklen_t)strlen(c->cfg.interface) + 1) < 0) {
		dp_fail(c, "SO_BINDTODEVICE", errno);
		return;
	}
	len = health_dataplane_probe(p->s4.s_addr, p->d4.s_addr, p->id, p->seq,
				     p->payload, pkt);
	to.sin_addr = p->d4;
	if (sendto(p->tx, pkt, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0) {
		char what[64];

		snprintf(what, sizeof(what), "send into %s", c->cfg.interface);
		dp_fail(c, what, errno);
		return;
	}
	/* Now wait for the translation (or the engine's timeout). */
}

static void dp_cancel(struct health_check *c, char *detail, size_t len)
{
	if (c->probe)
		snprintf(detail, len, "no translated packet came back into %s",
			 c->cfg.interface);
	dp_release(c);
}

const struct health_check_ops health_check_dataplane_ops = {
	.start = dp_start,
	.cancel = dp_cancel,
};
