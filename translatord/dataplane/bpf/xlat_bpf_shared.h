/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Map layouts shared by the TC program (xlat_tc.bpf.c) and its loader
 * (bpf_dp.c). Fixed-width kernel types only, so both compilers agree.
 *
 * The configuration is double-buffered: two EAM tries per direction and
 * two settings slots, selected by one 32-bit "active" index. The loader
 * fills the inactive set completely, then flips the index with a single
 * store, so a packet sees either the old or the new configuration, never
 * a mix (dp_update_config()).
 */
#ifndef TRANSLATORD_XLAT_BPF_SHARED_H
#define TRANSLATORD_XLAT_BPF_SHARED_H

#include <linux/types.h>

#include "dp_reasons.h"
#include "xlat.h" /* XLAT_DROP__COUNT: the fast path counts with the core's enum */

/* Upper bound of EAM entries per set (LPM tries allocate on insert, so
 * this costs nothing until used). */
#define DP_EAM_MAX (4u << 20)

/* skb->mark of a packet an inline (ingress) program punted to the
 * translator interface, so that the interface's egress program lets it
 * through to userspace without looking at it again. */
#define DP_PUNT_MARK 0x5117d000u

struct dp_lpm4_key {
	__u32 prefixlen;
	__u8 addr[4];
};

struct dp_lpm6_key {
	__u32 prefixlen;
	__u8 addr[16];
};

/* RFC 7757 3.2: the IPv4 suffix (host bits, host_mask in network order)
 * is copied across, right after the IPv6 prefix: shift is the number of
 * IPv6 bits after it (eamt_suffix_shift()). 0 with equal suffix lengths
 * and for an IPv4 /32: the suffix, if any, is the address's last bits. */
struct dp_eam4_val {
	__u8 v6[16];
	__u32 host_mask;
	__u32 idx; /* eamt_get() index: the per-mapping counter's key */
	__u32 shift;
};

struct dp_eam6_val {
	__u8 v4[4];
	__u32 host_mask;
	__u32 idx;
	__u32 shift;
};

/* Per-mapping counters (struct xlat_mapping_counters, xlat.h): one per
 * EAM entry and CPU, in one array per set (element cpu * map_count +
 * idx), reached through the "mapping_ctr" array of maps. */

struct dp_bpf_settings {
	__u8 pool6[16];
	__u8 pool6_len;  /* 0: no pool6; else 32, 40, 48, 56, 64 or 96 */
	__u8 pool6_wkp;  /* 64:ff9b::/96: punt, the core checks RFC 6052 3.1 */
	__u8 tos_override;
	__u8 tos;
	/* The size rules (core/xlat_size.h), worked out by the loader once
	 * per configuration, 0 = unlimited: the IPv4 next-hop MTU, and the
	 * largest IPv6 packet that leaves whole from a DF and a DF=0 IPv4
	 * packet. */
	__u16 mtu4;
	__u16 whole6_df, whole6;
	__u8 per_mapping; /* count per EAM entry (mapping_ctr[set]) */
	__u8 pad;
	__u32 punt_ifindex; /* the translator interface (TUN) */
	__u32 map_count;    /* per_mapping: EAM entries of this set */
	/* The translator's own IPv4 sources: own-address and the RFC 6791
	 * pool (mask 0: none). A pool6 source embedding one is a spoof the
	 * core drops (src_spoofs_translator). */
	__be32 own_v4, own_v4_mask;
	__be32 pool6791_v4, pool6791_v4_mask;
	__u8 accept_mapped_src4; /* ipv4-source-filter off */
	__u8 pad2[3];
};

/* Per-CPU counters. drops[] uses the core's enum xlat_drop_reason. */
struct dp_bpf_stats {
	__u64 pkts_4to6, bytes_4to6;
	__u64 pkts_6to4, bytes_6to4;
	__u64 passed; /* inline programs: not addressed to the translator */
	__u64 drops[XLAT_DROP__COUNT];
	__u64 punts[DP_PUNT__COUNT];
};

#endif
