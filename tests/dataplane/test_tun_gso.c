/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The TUN data plane's virtio-net work (translatord/dataplane/tun_gso.c),
 * without a TUN: a worker whose queue is one end of a SOCK_SEQPACKET pair,
 * so every writev() comes out as one message we can inspect.
 *
 * What is checked, from first principles rather than from the code:
 *  - a GSO super-packet with a partial checksum (VIRTIO_NET_HDR_F_NEEDS_CSUM)
 *    comes out whole with gso_type switched, offsets moved by 20, and a
 *    checksum field that, finished the way a NIC or skb_checksum_help()
 *    would, gives a valid checksum for the new pseudo-header (RFC 7915
 *    4.5/5.5);
 *  - a super-packet that cannot stay whole is cut like tcp_gso_segment()
 *    (sequence numbers, FIN/PSH on the last segment) and each segment is
 *    a complete packet with a valid checksum;
 *  - segments that do not fit the next hop get Fragmentation Needed.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "inet_csum.h"
#include "dp_internal.h"

struct rig {
	struct dataplane dp;
	struct dp_worker w;
	struct xlat_config cfg;
	struct eamt *eamt;
	int peer; /* reads what the worker writes */
	uint8_t pkt[65536];
	uint8_t msg[DP_RX_BUF];
};

static int setup(void **state)
{
	struct rig *r = calloc(1, sizeof(*r));
	int sv[2];
	uint8_t v4[4], v6[16];

	assert_non_null(r);
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	xlat_config_init(&r->cfg);
	r->cfg.has_pool6 = true;
	inet_pton(AF_INET6, "2001:db8:64::", r->cfg.pool6.addr);
	r->cfg.pool6.len = 96;
	r->eamt = eamt_create(4);
	inet_pton(AF_INET, "198.51.100.10", v4);
	inet_pton(AF_INET6, "2001:db8:1::10", v6);
	assert_int_equal(eamt_add(r->eamt, v4, 32, v6, 128), EAMT_OK);
	r->cfg.eamt = r->eamt;
	/* Source of the errors the translator generates. */
	r->cfg.has_own_v4 = true;
	inet_pton(AF_INET, "198.51.100.1", r->cfg.own_v4);
	dp_options_init(&r->dp.opt);
	r->w.dp = &r->dp;
	r->w.fd = sv[0];
	r->peer = sv[1];
	r->w.out = malloc(XLAT_OUT_BUF_SIZE);
	r->w.seg = malloc(DP_RX_BUF);
	assert_non_null(r->w.out);
	assert_non_null(r->w.seg);
	*state = r;
	return 0;
}

static int teardown(void **state)
{
	struct rig *r = *state;
	close(r->w.fd);
	close(r->peer);
	free(r->w.out);
	free(r->w.seg);
	eamt_destroy(r->eamt);
	free(r);
	return 0;
}

/* ---- building packets ---- */

static uint32_t pseudo_sum(const uint8_t *ip, size_t tcp_len)
{
	bool v4 = (ip[0] >> 4) == 4;
	uint32_t s = v4 ? csum_partial(ip + 12, 8, 0) : csum_partial(ip + 8, 32, 0);
	return s + 6 + tcp_len;
}

/* TCP super-packet: headers, `payload` bytes of pattern, partial checksum
 * as a sending stack leaves it (folded pseudo-header sum). */
static size_t make_tcp(uint8_t *p, bool v4, bool df, size_t payload,
		       uint8_t flags)
{
	size_t l3 = v4 ? 20 : 40, len = l3 + 20 + payload;
	memset(p, 0, l3 + 20);
	if (v4) {
		p[0] = 0x45;
		wr16(p + 2, (uint16_t)len);
		wr16(p + 4, 0x1234);
		p[6] = df ? 0x40 : 0;
		p[8] = 64;
		p[9] = 6;
		inet_pton(AF_INET, "203.0.113.2", p + 12);
		inet_pton(AF_INET, "198.51.100.10", p + 16);
		ip4_hdr_set_csum(p, 20);
	} else {
		p[0] = 0x60;
		wr16(p + 4, (uint16_t)(len - 40));
		p[6] = 6;
		p[7] = 64;
		inet_pton(AF_INET6, "2001:db8:1::10", p + 8);
		inet_pton(AF_INET6, "2001:db8:64::cb00:7102", p + 24);
	}
	uint8_t *th = p + l3;
	wr16(th, 40000);
	wr16(th + 2, 80);
	wr32(th + 4, 1000);
	wr32(th + 8, 77);
	th[12] = 5 << 4;
	th[13] = flags;
	wr16(th + 14, 65535);
	for (size_t i = 0; i < payload; i++)
		th[20 + i] = (uint8_t)(i * 7 + 3);
	wr16(th + 16, csum_fold(pseudo_sum(p, 20 + payload)));
	return len;
}

static struct virtio_net_hdr gso_hdr(bool v4, uint16_t mss)
{
	struct virtio_net_hdr vh = {
		.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM,
		.gso_type = v4 ? VIRTIO_NET_HDR_GSO_TCPV4 : VIRTIO_NET_HDR_GSO_TCPV6,
		.hdr_len = (uint16_t)((v4 ? 20 : 40) + 20),
		.gso_size = mss,
		.csum_start = v4 ? 20 : 40,
		.csum_offset = 16,
	};
	return vh;
}

/* Next message written by the worker, or 0 when there is none. */
static size_t next_msg(struct rig *r, struct virtio_net_hdr *vh,
		       uint8_t **pkt)
{
	ssize_t n = recv(r->peer, r->msg, sizeof(r->msg), MSG_DONTWAIT);
	if (n <= 0)
		return 0;
	assert_true(n >= (ssize_t)DP_VNET_HDR_LEN);
	memcpy(vh, r->msg, DP_VNET_HDR_LEN);
	*pkt = r->msg + DP_VNET_HDR_LEN;
	return (size_t)n - DP_VNET_HDR_LEN;
}

/* The TCP checksum of a complete packet verifies. */
static void assert_tcp_valid(const uint8_t *ip, size_t len)
{
	size_t l3 = (ip[0] >> 4) == 4 ? 20 : 40;
	uint32_t s = csum_partial(ip + l3, len - l3, pseudo_sum(ip, len - l3));
	assert_int_equal(csum_fold(s), 0xffff);
}

/* ---- tests ---- */

/* 4->6 whole: IPv4 super-packet, partial checksum, DF. */
static void gso_4to6_stays_whole(void **state)
{
	struct rig *r = *state;
	struct virtio_net_hdr vh = gso_hdr(true, 1000), ovh;
	size_t len = make_tcp(r->pkt, true, true, 3500, 0x18);
	uint8_t *out;

	dp_gso_packet(&r->w, &r->cfg, &vh, r->pkt, len);
	size_t n = next_msg(r, &ovh, &out);
	assert_int_equal(n, len + 20);
	assert_int_equal(next_msg(r, &ovh, &out), 0);
	assert_int_equal(ovh.gso_type, VIRTIO_NET_HDR_GSO_TCPV6);
	assert_int_equal(ovh.gso_size, 1000);
	assert_int_equal(ovh.csum_start, 40);
	assert_int_equal(ovh.csum_offset, 16);
	assert_int_equal(ovh.hdr_len, 60);
	assert_true(ovh.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM);
	assert_int_equal(out[0] >> 4, 6);
	/* Hop limit: 64 - 1 by the core, + 1 for the kernel's forwarding. */
	assert_int_equal(out[7], 64);
	/* The field holds the new pseudo-header sum... */
	assert_int_equal(rd16(out + 40 + 16),
			 csum_fold(pseudo_sum(out, n - 40)));
	/* ...so finishing it the device's way gives a valid checksum. */
	uint16_t c = (uint16_t)~csum_fold(csum_partial(out + 40, n - 40, 0));
	wr16(out + 40 + 16, c);
	assert_tcp_valid(out, n);
	assert_int_equal(r->w.tc.gso_whole, 1);
	assert_int_equal(r->w.ctr.pkts_4to6, 4); /* segments it stands for */
}

/* 6->4 whole: the IPv4 segments (1440 bytes) are DF with ID 0 (> 1260
 * bytes, RFC 7915 5.1 as in DESIGN-NOTES). */
static void gso_6to4_stays_whole(void **state)
{
	struct rig *r = *state;
	struct virtio_net_hdr vh = gso_hdr(false, 1400), ovh;
	size_t len = make_tcp(r->pkt, false, false, 7000, 0x10);
	uint8_t *out;

	dp_gso_packet(&r->w, &r->cfg, &vh, r->pkt, len);
	size_t n = next_msg(r, &ovh, &out);
	assert_int_equal(n, len - 20);
	assert_int_equal(ovh.gso_type, VIRTIO_NET_HDR_GSO_TCPV4);
	assert_int_equal(ovh.csum_start, 20);
	assert_int_equal(ovh.hdr_len, 40);
	assert_int_equal(out[6] & 0x40, 0x40);
	assert_int_equal(rd16(out + 4), 0);
	assert_int_equal(out[8], 64);
	assert_int_equal(rd16(out + 20 + 16),
			 csum_fold(pseudo_sum(out, n - 20)));
}

/* 6->4 with segments of 1260 bytes or less (MSS 1200: 1240-byte IPv4
 * packets): each must leave with DF=0 (RFC 7915 5.1), which the core does
 * per packet, so the super-packet is split. */
static void gso_6to4_small_segments_split(void **state)
{
	struct rig *r = *state;
	struct virtio_net_hdr vh = gso_hdr(false, 1200), ovh;
	size_t len = make_tcp(r->pkt, false, false, 6000, 0x10);
	uint8_t *out;

	dp_gso_packet(&r->w, &r->cfg, &vh, r->pkt, len);
	for (int i = 0; i < 5; i++) {
		size_t n = next_msg(r, &ovh, &out);
		assert_int_equal(n, 20 + 20 + 1200);
		assert_int_equal(ovh.gso_type, VIRTIO_NET_HDR_GSO_NONE);
		assert_int_equal(out[0], 0x45);
		assert_int_equal(out[6] & 0x40, 0); /* DF=0 */
	}
	assert_int_equal(r->w.tc.gso_whole, 0);
	assert_int_equal(r->w.tc.gso_split, 1);
	assert_int_equal(r->w.ctr.pkts_6to4, 5);
}

/* DF=0 cannot stay whole (the core could fragment a segment): cut into
 * complete segments, each translated on its own. */
static void gso_split_when_df_clear(void **state)
{
	struct rig *r = *state;
	struct virtio_net_hdr vh = gso_hdr(true, 500), ovh;
	size_t len = make_tcp(r->pkt, true, false, 1300, 0x19); /* FIN PSH ACK */
	uint8_t *out;
	uint32_t seq = 1000;

	dp_gso_packet(&r->w, &r->cfg, &vh, r->pkt, len);
	for (int i = 0; i < 3; i++) {
		size_t n = next_msg(r, &ovh, &out);
		size_t want = i < 2 ? 500 : 300;
		assert_int_equal(n, 40 + 20 + want);
		assert_int_equal(ovh.gso_type, VIRTIO_NET_HDR_GSO_NONE);
		assert_int_equal(ovh.flags, 0);
		assert_int_equal(rd32(out + 40 + 4), seq);
		assert_int_equal(out[40 + 13], i < 2 ? 0x10 : 0x19);
		assert_int_equal(out[40 + 20], (uint8_t)(i * 500 * 7 + 3));
		assert_tcp_valid(out, n);
		seq += (uint32_t)want;
	}
	assert_int_equal(next_msg(r, &ovh, &out), 0);
	assert_int_equal(r->w.tc.gso_split, 1);
}

/* Segments of 1400 + 60 bytes do not fit a 1280-byte IPv6 next hop: each
 * full one gets Fragmentation Needed (MTU 1260, RFC 7915 4 / DESIGN-NOTES),
 * the short last one is translated. */
static void gso_split_too_big(void **state)
{
	struct rig *r = *state;
	struct virtio_net_hdr vh = gso_hdr(true, 1400), ovh;
	size_t len = make_tcp(r->pkt, true, true, 3000, 0x18);
	uint8_t *out;

	r->dp.opt.mtu6 = 1280;
	dp_gso_packet(&r->w, &r->cfg, &vh, r->pkt, len);
	for (int i = 0; i < 2; i++) {
		size_t n = next_msg(r, &ovh, &out);
		assert_true(n > 28);
		assert_int_equal(out[0] >> 4, 4);
		assert_int_equal(out[9], 1);          /* ICMP */
		assert_int_equal(out[20], 3);         /* unreachable */
		assert_int_equal(out[21], 4);         /* fragmentation needed */
		assert_int_equal(rd16(out + 26), 1260);
	}
	size_t n = next_msg(r, &ovh, &out);
	assert_int_equal(n, 40 + 20 + 200);
	assert_tcp_valid(out, n);
	assert_int_equal(next_msg(r, &ovh, &out), 0);
}

/* Small packets with NEEDS_CSUM are finished in software first. */
static void small_partial_finished(void **state)
{
	(void)state;
	uint8_t p[20 + 20 + 100];
	size_t len = make_tcp(p, true, true, 100, 0x18);
	struct virtio_net_hdr vh = {.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM,
				    .csum_start = 20, .csum_offset = 16};
	dp_csum_finish(&vh, p, len);
	assert_tcp_valid(p, len);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(gso_4to6_stays_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(gso_6to4_stays_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(gso_6to4_small_segments_split, setup, teardown),
		cmocka_unit_test_setup_teardown(gso_split_when_df_clear, setup, teardown),
		cmocka_unit_test_setup_teardown(gso_split_too_big, setup, teardown),
		cmocka_unit_test(small_partial_finished),
	};
	return cmocka_run_group_tests_name("tun_gso", tests, NULL, NULL);
}
