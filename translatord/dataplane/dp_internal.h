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
/* Free bytes in front of what read() fills in rx: with the virtio-net
 * header, more than the XLAT_INPLACE_HEADROOM the core's in-place 4->6
 * writes the IPv6 header into. */
#define DP_RX_HEADROOM 32
/* Packets read per wakeup before polling again. */
#define DP_RX_BATCH 64

struct dp_tun_counters {
	uint64_t rx, tx, tx_errors, gso_whole, gso_split;
};

/* What the workers read: a private copy of the configuration and, when
 * counting per EAM entry, one counter array per worker, indexed like the
 * configuration's EAMT. Replaced whole by dp_update_config(). */
struct dp_gen {
	struct xlat_config cfg; /* first: workers get &gen->cfg */
	uint32_t nmaps;         /* entries counted; 0 when not counting */
	bool counting;
	struct xlat_mapping_counters **wctr; /* [nworkers][nmaps], or NULL */
};

struct dp_worker {
	struct dataplane *dp;
	pthread_t thread;
	bool started;
	unsigned index;
	int fd; /* this worker's TUN queue */
	/* The configuration this worker is using, NULL while idle: the
	 * reader side of the RCU-like swap (cfg_swap.c). */
	_Atomic(const struct dp_gen *) in_use;
	/* This worker's per-mapping counters in the generation in use
	 * (NULL when not counting), and their number. */
	struct xlat_mapping_counters *mctr;
	uint32_t nmaps;
	/* Written by this worker only; read racily by dp_stats() (aligned
	 * 64-bit words, like the kernel's per-CPU counters). */
	struct xlat_counters ctr;
	struct dp_tun_counters tc;
	uint8_t *rx;  /* DP_RX_HEADROOM + DP_RX_BUF; read() at + headroom */
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
	_Atomic(const struct dp_gen *) cfg; /* current */
	bool counting; /* per-mapping counters wanted */
	/* Per-mapping counts carried over from earlier generations, indexed
	 * like the current one (control thread only); NULL when off. */
	struct xlat_mapping_counters *mbase;
	int stop_fd; /* eventfd: workers exit when readable */
	unsigned nworkers;
	struct dp_worker *w;
	struct dp_bpf *bpf; /* DP_BPF only */
};

/* cfg_swap.c */
struct dp_gen *dp_gen_new(const struct dataplane *dp,
			  const struct xlat_config *cfg, bool counting);
void dp_gen_free(const struct dataplane *dp, const struct dp_gen *g);
/* Install g; returns the previous generation once no worker uses it
 * (NULL the first time), for the caller to harvest and free. */
const struct dp_gen *dp_cfg_publish(struct dataplane *dp,
				    const struct dp_gen *g);
void dp_cfg_release(struct dataplane *dp);
const struct xlat_config *dp_cfg_enter(struct dataplane *dp,
				       struct dp_worker *w);
void dp_cfg_leave(struct dp_worker *w);

/* Per-mapping counters of a translated packet (in: its first byte, the
 * input's IP version, gives the direction). One branch when off. */
static inline void dp_count_mapping(struct dp_worker *w,
				    const struct xlat_result *res,
				    const uint8_t *in, uint64_t pkts,
				    uint64_t bytes)
{
	if (__builtin_expect(w->mctr != NULL, 0) && res->mapping < w->nmaps) {
		struct xlat_mapping_counters *m = &w->mctr[res->mapping];
		if ((in[0] >> 4) == 4) {
			m->pkts_4to6 += pkts;
			m->bytes_4to6 += bytes;
		} else {
			m->pkts_6to4 += pkts;
			m->bytes_6to4 += bytes;
		}
	}
}

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
	bool counting; /* per-mapping counters */
};
struct dp_bpf *dp_bpf_open(const struct dp_bpf_params *p,
			   const struct xlat_config *cfg, char *err,
			   size_t errlen);
int dp_bpf_update(struct dp_bpf *b, const struct xlat_config *cfg,
		  bool counting, char *err, size_t errlen);
/* Per-mapping counters of the active set (prev false) or of the set the
 * last update replaced (prev true), summed over CPUs and added into
 * acc[0 .. n). -1 when that set does not count. */
int dp_bpf_mapping_add(struct dp_bpf *b, bool prev,
		       struct xlat_mapping_counters *acc, size_t n);
int dp_bpf_mapping_add_one(struct dp_bpf *b, uint32_t idx,
			   struct xlat_mapping_counters *acc);
/* After an update: wait until no program can still count into the
 * replaced set, so that its counters can be read for good. */
void dp_bpf_wait_grace(const struct dp_bpf *b);
/* Drop the replaced set's counters. */
void dp_bpf_mapping_release_prev(struct dp_bpf *b);
void dp_bpf_stats(struct dp_bpf *b, struct dp_stats *st);
void dp_bpf_close(struct dp_bpf *b);
void dp_bpf_inherit(struct dp_bpf *b, struct dp_bpf *old);
int dp_bpf_reattach(struct dp_bpf *b, char *err, size_t errlen);

#endif
