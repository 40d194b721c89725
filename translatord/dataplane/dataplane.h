/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * translatord data plane: moves packets through the translation core.
 *
 * Both kinds present one "translator interface", a TUN device (default
 * name "siit0"): the routes for the EAM IPv4 prefixes and for pool6 point
 * at it (dp_ifindex()), the kernel routes packets into it, and the
 * translated packets come back out of it into the kernel's routing.
 *
 *   DP_TUN  userspace only: a multi-queue TUN with one worker thread per
 *           CPU, virtio-net headers and TSO, so TCP GSO super-packets are
 *           translated whole (translatord/dataplane/tun_*.c).
 *   DP_BPF  the same TUN, plus an eBPF TC program on its egress that
 *           translates TCP, UDP and echo in the kernel and lets everything
 *           else through to the TUN workers ("punt"). Optionally also on
 *           the ingress of the IPv4- and IPv6-facing interfaces
 *           (opts->if4/if6), which saves the route through the TUN.
 *
 * Every packet leaves as the offline tool (translatord-translate) would
 * emit it for the packet that reached the translator; see
 * translatord/dataplane/README.md for the hop-limit bookkeeping.
 *
 * Threads: the data plane runs its own worker threads. The functions
 * below are called from one control thread (not concurrently).
 */
#ifndef TRANSLATORD_DATAPLANE_H
#define TRANSLATORD_DATAPLANE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dp_reasons.h"
#include "xlat.h"

enum dp_kind {
	DP_BPF = 0, /* default */
	DP_TUN,
};

/* "bpf" / "tun"; parse returns -1 on an unknown name. */
const char *dp_kind_name(enum dp_kind kind);
int dp_kind_parse(const char *name, enum dp_kind *kind);

struct dp_options {
	const char *ifname; /* translator interface, default "siit0" */
	/* DP_BPF only, optional: also translate at the ingress of these
	 * interfaces (IPv4-facing, IPv6-facing). */
	const char *if4, *if6;
	/* Worker threads; 0 = one per online CPU for DP_TUN, 1 for the
	 * DP_BPF slow path. */
	unsigned threads;
	/* Next-hop MTUs handed to the core, as translatord-translate's
	 * --mtu4/--mtu6 (0 = unlimited). Default 1500. */
	uint32_t mtu4, mtu6;
	/* MTU of the translator interface; 0 = max(mtu4, mtu6). */
	uint32_t if_mtu;
	/* DP_TUN: do not negotiate checksum/TSO offload (for comparison). */
	bool no_offload;
	/* Count packets and bytes per EAM entry from the start (see
	 * dp_set_mapping_stats()). Off by default: it costs memory. */
	bool mapping_stats;
};

void dp_options_init(struct dp_options *opts);

struct dataplane;

/*
 * Create the translator interface, start the workers, load and attach the
 * BPF programs (DP_BPF) and apply cfg. The interface is up but has no
 * routes: adding them is the caller's job (zebra, or the test scripts).
 * cfg->eamt must stay valid until it is replaced by dp_update_config()
 * or the data plane is destroyed. NULL on error, with a one-line message
 * in err.
 */
struct dataplane *dp_create(enum dp_kind kind, const struct dp_options *opts,
			    const struct xlat_config *cfg, char *err,
			    size_t errlen);

/*
 * Make before break: a data plane of any kind and options on old's
 * translator interface (same name), which stays: the new one attaches
 * its own queues to the existing TUN device and its programs in place of
 * old's (same TC handle and priority), so the interface keeps its
 * ifindex and the routes through it stay. Both translate until
 * dp_destroy(old), which then leaves the interface, the new programs and
 * the clsact qdiscs to the new one (a packet waiting in one of old's
 * queues at that moment is lost). To abandon the replacement instead:
 * dp_destroy(new), then dp_reclaim(old), which puts old's programs back.
 */
struct dataplane *dp_create_replacing(enum dp_kind kind,
				      const struct dp_options *opts,
				      const struct xlat_config *cfg,
				      struct dataplane *old, char *err,
				      size_t errlen);
int dp_reclaim(struct dataplane *dp, char *err, size_t errlen);

/*
 * Atomically switch to a new configuration: each packet is translated
 * entirely with the old or entirely with the new one. When this returns
 * 0, nothing uses the previous configuration any more, so the caller may
 * free the previous EAMT. On error (-1, message in err) the previous
 * configuration stays in force.
 */
int dp_update_config(struct dataplane *dp, const struct xlat_config *cfg,
		     char *err, size_t errlen);

/* Counters summed over CPUs and threads. xlat uses the core's counters
 * and drop reasons for both the BPF fast path and the userspace core. */
struct dp_stats {
	struct xlat_counters xlat;
	uint64_t punts[DP_PUNT__COUNT]; /* BPF -> userspace, by reason */
	uint64_t passed;   /* inline BPF: packets not for the translator */
	uint64_t fast_pkts;  /* translated in the kernel (BPF) */
	uint64_t slow_pkts;  /* read from the TUN by the workers */
	uint64_t tx_pkts;    /* written to the TUN by the workers */
	uint64_t tx_errors;  /* writes the kernel refused */
	uint64_t gso_whole;  /* GSO super-packets translated whole */
	uint64_t gso_split;  /* GSO super-packets segmented in software */
};

/* Sum of the core's counters (fast path and slow path). */
int dp_stats(struct dataplane *dp, struct xlat_counters *sum);
/* Everything, including punt reasons and TUN counters. */
int dp_stats_detail(struct dataplane *dp, struct dp_stats *st);
const char *dp_punt_reason_name(enum dp_punt_reason r);

/*
 * Per-EAM-entry counters ("per-mapping counters"), off by default.
 *
 * A translated packet is credited to one EAM entry: 4->6 the entry that
 * translated its IPv4 destination, 6->4 the entry that translated its
 * IPv6 source (hairpinned packets count as 6->4, as in xlat_counters).
 * Packets whose address came from pool6 are credited to no entry;
 * dropped packets and ICMP errors the translator generates are not
 * counted (the drop counters have them). Bytes are those of the packet
 * as it reached the translator (IP header included, before translation),
 * as in xlat_counters; a GSO super-packet counts as its segments for
 * packets and as its length for bytes.
 *
 * Entries are indexed as eamt_get() walks the configured table. Across a
 * dp_update_config() the counts follow the mapping, not the position: an
 * entry present in both configurations (same IPv4 and IPv6 prefix) keeps
 * its counts; a new or changed entry starts at zero. Switching to an
 * empty configuration (a drain) therefore loses them.
 *
 * Memory: 32 bytes per entry per TUN worker thread, per possible CPU for
 * the BPF fast path, and once more for the carried-over totals.
 */

/* Start (on) or stop counting, with the current configuration; counts
 * restart from zero when turned on. On error (-1) nothing changed. */
int dp_set_mapping_stats(struct dataplane *dp, bool on, char *err,
			 size_t errlen);
bool dp_mapping_stats_enabled(const struct dataplane *dp);
/* Entries counted: eamt_count() of the current configuration, 0 when
 * counting is off. */
size_t dp_mapping_count(const struct dataplane *dp);
/* One entry's counts, summed over threads and CPUs; false when counting
 * is off or idx >= dp_mapping_count(). */
bool dp_mapping_stats(struct dataplane *dp, size_t idx,
		      struct xlat_mapping_counters *out);
/* All entries at once (cheaper than one at a time, a single BPF batch
 * read): fills out[0 .. min(n, dp_mapping_count())) and returns how many
 * were filled. */
size_t dp_mapping_stats_all(struct dataplane *dp,
			    struct xlat_mapping_counters *out, size_t n);

/* The translator interface the routes must point at. */
int dp_ifindex(const struct dataplane *dp);
const char *dp_ifname(const struct dataplane *dp);
enum dp_kind dp_get_kind(const struct dataplane *dp);

/* Stop the workers, detach the programs, delete the interface. NULL ok. */
void dp_destroy(struct dataplane *dp);

#endif
