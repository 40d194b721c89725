/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * TUN worker threads: read packets from one queue of the translator
 * interface, run the translation core, write what it emits back into the
 * same interface, from where the kernel routes it.
 *
 * Batching: the queue is non-blocking; after each poll() wakeup a worker
 * drains up to DP_RX_BATCH packets (a TUN has no recvmmsg). Writes use
 * writev() so the virtio-net header and the packet need no copy. Packets
 * are read DP_RX_HEADROOM bytes into the buffer so that the core can
 * translate the plain ones in place (xlat_packet_inplace): no copy of
 * the payload either. GSO super-packets and their software segments keep
 * the copying API (tun_gso.c needs the input intact to split it).
 */
#include <errno.h>
#include <linux/capability.h>
#include <poll.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "inet_csum.h"
#include "dp_internal.h"

/*
 * What we write into the TUN is received and forwarded by the kernel,
 * which decrements the TTL / hop limit once more. The core has already
 * done the translator's decrement (RFC 7915 4.1/5.1), so we add one
 * first: the packet then leaves the node with the bytes the core made.
 * The core never emits a hop limit of 0 or 255 (it got <= 254 after its
 * own decrement, or 64 for errors it generates).
 */
static void credit_forwarding_hop(uint8_t *p, size_t len)
{
	if (len >= 20 && (p[0] >> 4) == 4 && p[8] < 255) {
		p[8]++;
		ip4_hdr_set_csum(p, (size_t)(p[0] & 0x0f) * 4);
	} else if (len >= 40 && (p[0] >> 4) == 6 && p[7] < 255) {
		p[7]++;
	}
}

void dp_worker_send(struct dp_worker *w, const struct virtio_net_hdr *vh,
		    uint8_t *pkt, size_t len)
{
	static const struct virtio_net_hdr plain;
	struct iovec iov[2] = {
		{.iov_base = (void *)(vh ? vh : &plain), .iov_len = DP_VNET_HDR_LEN},
		{.iov_base = pkt, .iov_len = len},
	};

	credit_forwarding_hop(pkt, len);
	if (writev(w->fd, iov, 2) < 0)
		w->tc.tx_errors++;
	else
		w->tc.tx++;
}

/* One complete packet (full checksums) through the core. */
void dp_worker_translate(struct dp_worker *w, const struct xlat_config *cfg,
			 uint8_t *pkt, size_t len)
{
	struct xlat_result res;
	const struct dp_options *o = &w->dp->opt;

	xlat_packet(cfg, &w->ctr, pkt, len, o->mtu4, o->mtu6, w->out,
		    XLAT_OUT_BUF_SIZE, &res);
	dp_count_mapping(w, &res, pkt, 1, len);
	for (unsigned i = 0; i < res.n; i++)
		dp_worker_send(w, NULL, w->out + res.pkts[i].offset,
			       res.pkts[i].len);
}

/* A packet read into rx (complete checksums): translated in place when
 * the core can (the plain TCP/UDP/echo packet: no payload copy), else
 * into w->out. The virtio-net header in front of it may be overwritten. */
static void worker_translate_rx(struct dp_worker *w,
				const struct xlat_config *cfg, uint8_t *pkt,
				size_t len)
{
	struct xlat_result res;
	const struct dp_options *o = &w->dp->opt;
	const uint8_t version = pkt[0]; /* for the mapping counters */

	xlat_packet_inplace(cfg, &w->ctr, w->rx, (size_t)(pkt - w->rx), len,
			    o->mtu4, o->mtu6, w->out, XLAT_OUT_BUF_SIZE, &res);
	dp_count_mapping(w, &res, &version, 1, len);
	if (res.in_place) {
		dp_worker_send(w, NULL, w->rx + res.pkts[0].offset,
			       res.pkts[0].len);
		return;
	}
	for (unsigned i = 0; i < res.n; i++)
		dp_worker_send(w, NULL, w->out + res.pkts[i].offset,
			       res.pkts[i].len);
}

static void worker_packet(struct dp_worker *w, const struct xlat_config *cfg,
			  size_t n)
{
	uint8_t *rx = w->rx + DP_RX_HEADROOM;
	const struct virtio_net_hdr *vh = (const struct virtio_net_hdr *)rx;
	uint8_t *pkt = rx + DP_VNET_HDR_LEN;
	size_t len = n - DP_VNET_HDR_LEN;

	w->tc.rx++;
	if (vh->gso_type != VIRTIO_NET_HDR_GSO_NONE) {
		dp_gso_packet(w, cfg, vh, pkt, len);
		return;
	}
	/* A small packet: finishing its checksum costs less than carrying
	 * the partial state through the core. */
	if (vh->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM)
		dp_csum_finish(vh, pkt, len);
	if (len == 0) {
		dp_worker_translate(w, cfg, pkt, len);
		return;
	}
	worker_translate_rx(w, cfg, pkt, len);
}

/* A worker only reads and writes the TUN queue it was given: no
 * capability needed. A new thread inherits its creator's (translatord's
 * main thread keeps CAP_NET_ADMIN and others permitted to create data
 * planes): this thread gives up every one, effective and permitted, for
 * good. Capabilities are per thread, so the creator keeps its own. */
static void drop_all_caps(void)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
		.pid = 0,
	};
	struct __user_cap_data_struct d[2];

	memset(d, 0, sizeof(d));
	(void)syscall(SYS_capset, &h, d);
}

void *dp_worker_main(void *arg)
{
	struct dp_worker *w = arg;
	struct dataplane *dp = w->dp;
	struct pollfd pfd[2] = {
		{.fd = w->fd, .events = POLLIN},
		{.fd = dp->stop_fd, .events = POLLIN},
	};

	drop_all_caps();
	for (;;) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pfd[1].revents)
			break;
		/* The device went away under us: nothing more to read. */
		if (pfd[0].revents & (POLLERR | POLLHUP | POLLNVAL))
			break;
		const struct xlat_config *cfg = dp_cfg_enter(dp, w);
		struct timespec now;

		/* The ICMP error rate limit's clock: once per batch. */
		clock_gettime(CLOCK_MONOTONIC_COARSE, &now);
		w->ctr.now_ms = (uint64_t)now.tv_sec * 1000 +
				(uint64_t)now.tv_nsec / 1000000;
		for (int i = 0; i < DP_RX_BATCH; i++) {
			ssize_t n = read(w->fd, w->rx + DP_RX_HEADROOM,
					 DP_RX_BUF);
			if (n < (ssize_t)DP_VNET_HDR_LEN)
				break; /* EAGAIN: drained */
			worker_packet(w, cfg, (size_t)n);
		}
		dp_cfg_leave(w);
	}
	return NULL;
}
