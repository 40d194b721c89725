/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Data plane internals shared by dataplane.c, the TUN workers and the
 * BPF loader. */
#ifndef TRANSLATORD_DP_INTERNAL_H
#define TRANSLATORD_DP_INTERNAL_H

#include <linux/virtio_net.h>
#include <net/if.h>
#include <pthread.h>
#include <stdatomic.h>

#include "dataplane.h"

#define DP_VNET_HDR_LEN sizeof(struct virtio_net_hdr)
/* One read: virtio-net header + the largest GSO super-packet. */
#define DP_RX_BUF (DP_VNET_HDR_LEN + 65536 + 256)
/* Packets read per wakeup before polling again. */
#define DP_RX_BATCH 64

struct dp_tun_counters {
	uint64_t rx, tx, tx_errors, gso_whole, gso_split;
};

struct dp_worker {
	struct dataplane *dp;
	pthread_t thread;
	bool started;
	unsigned index;
	int fd; /* this worker's TUN queue */
	/* The configuration this worker is using, NULL while idle: the
	 * reader side of the RCU-like swap (cfg_swap.c). */
	_Atomic(const struct xlat_config *) in_use;
	/* Written by this worker only; read racily by dp_stats() (aligned
	 * 64-bit words, like the kernel's per-CPU counters). */
	struct xlat_counters ctr;
	struct dp_tun_counters tc;
	uint8_t *rx;  /* DP_RX_BUF */
	uint8_t *out; /* XLAT_OUT_BUF_SIZE: the core's output */
	uint8_t *seg; /* one software-made GSO segment */
};

struct dp_bpf;

struct dataplane {
	enum dp_kind kind;
	struct dp_options opt;
	char ifname[IF_NAMESIZE];
	char if4[IF_NAMESIZE], if6[IF_NAMESIZE]; /* inline BPF, or "" */
	int ifindex;
	bool offload; /* the TUN hands us GSO super-packets */
	_Atomic(const struct xlat_config *) cfg; /* current; a private copy */
	int stop_fd; /* eventfd: workers exit when readable */
	unsigned nworkers;
	struct dp_worker *w;
	struct dp_bpf *bpf; /* DP_BPF only */
};

/* cfg_swap.c */
int dp_cfg_publish(struct dataplane *dp, const struct xlat_config *cfg);
void dp_cfg_release(struct dataplane *dp);
const struct xlat_config *dp_cfg_enter(struct dataplane *dp,
				       struct dp_worker *w);
void dp_cfg_leave(struct dp_worker *w);

/* tun_dev.c */
int tun_create(const char *name, unsigned queues, bool offload, int *fds,
	       char *err, size_t errlen);
int tun_add_queues(const char *name, int ifindex, unsigned queues,
		   bool offload, int *fds, char *err, size_t errlen);
int netif_prepare(const char *name, uint32_t mtu, char *err, size_t errlen);

/* tun_worker.c */
void *dp_worker_main(void *arg);
void dp_worker_send(struct dp_worker *w, const struct virtio_net_hdr *vh,
		    uint8_t *pkt, size_t len);
void dp_worker_translate(struct dp_worker *w, const struct xlat_config *cfg,
			 uint8_t *pkt, size_t len);

/* tun_gso.c */
void dp_gso_packet(struct dp_worker *w, const struct xlat_config *cfg,
		   const struct virtio_net_hdr *vh, uint8_t *pkt, size_t len);
void dp_csum_finish(const struct virtio_net_hdr *vh, uint8_t *pkt,
		    size_t len);

/* bpf_dp.c */
struct dp_bpf_params {
	int tun_ifindex, if4_ifindex, if6_ifindex; /* 0: none */
	uint32_t mtu4, mtu6;
};
struct dp_bpf *dp_bpf_open(const struct dp_bpf_params *p,
			   const struct xlat_config *cfg, char *err,
			   size_t errlen);
int dp_bpf_update(struct dp_bpf *b, const struct xlat_config *cfg, char *err,
		  size_t errlen);
void dp_bpf_stats(struct dp_bpf *b, struct dp_stats *st);
void dp_bpf_close(struct dp_bpf *b);
void dp_bpf_inherit(struct dp_bpf *b, struct dp_bpf *old);
int dp_bpf_reattach(struct dp_bpf *b, char *err, size_t errlen);

#endif
