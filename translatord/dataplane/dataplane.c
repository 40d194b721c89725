/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Data plane life cycle: the translator interface, the worker threads,
 * the BPF programs, configuration updates and counters. The packet work
 * is in tun_worker.c / tun_gso.c (userspace) and bpf/xlat_tc.bpf.c
 * (kernel).
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/random.h>
#include <unistd.h>

#include "dp_internal.h"
#include "td_yang_defaults.h"

static const char *const kind_names[] = {[DP_BPF] = "bpf", [DP_TUN] = "tun"};

const char *dp_kind_name(enum dp_kind kind)
{
	return (unsigned)kind <= DP_TUN ? kind_names[kind] : "unknown";
}

int dp_kind_parse(const char *name, enum dp_kind *kind)
{
	for (unsigned k = 0; k <= DP_TUN; k++)
		if (strcmp(name, kind_names[k]) == 0) {
			*kind = (enum dp_kind)k;
			return 0;
		}
	return -1;
}

const char *dp_punt_reason_name(enum dp_punt_reason r)
{
	static const char *const names[DP_PUNT__COUNT] = {
#define DP_PUNT_NAME(e, name) [DP_PUNT_##e] = name,
		DP_PUNT_REASONS(DP_PUNT_NAME)
#undef DP_PUNT_NAME
	};
	return (unsigned)r < DP_PUNT__COUNT ? names[r] : "unknown";
}

void dp_options_init(struct dp_options *opts)
{
	memset(opts, 0, sizeof(*opts));
	/* The YANG module's defaults, as the daemon's. */
	opts->ifname = TD_DEFAULT_DATA_PLANE_INTERFACE;
	opts->mtu4 = TD_DEFAULT_DATA_PLANE_IPV4_MTU;
	opts->mtu6 = TD_DEFAULT_DATA_PLANE_IPV6_MTU;
}

static int worker_alloc(struct dataplane *dp, struct dp_worker *w,
			unsigned i)
{
	w->dp = dp;
	w->index = i;
	w->fd = -1;
	/* The kernel may hand one flow's packets to several queues (TUN
	 * flow steering follows the queue that last wrote the flow), and a
	 * replacing data plane's workers run beside the old ones: each
	 * worker salts its generated IPv4 IDs differently. */
	if (getrandom(&w->ctr.id_salt, sizeof(w->ctr.id_salt), 0) !=
	    (ssize_t)sizeof(w->ctr.id_salt))
		w->ctr.id_salt = (i + 1) * 0x9e3779b9u ^ (uint32_t)getpid();
	w->rx = malloc(DP_RX_HEADROOM + DP_RX_BUF);
	w->out = malloc(XLAT_OUT_BUF_SIZE);
	w->seg = malloc(DP_RX_BUF);
	return w->rx && w->out && w->seg ? 0 : -1;
}

/* One worker per CPU, each pinned, so a flow (the kernel picks the TUN
 * queue by flow hash) stays on one core. Pinning is best effort. */
static int workers_start(struct dataplane *dp, char *err, size_t errlen)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	sigset_t all, old;

	/* Workers take no signals: they stay with the embedding program's
	 * threads (FRR handles them in its main thread). */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (unsigned i = 0; i < dp->nworkers; i++) {
		struct dp_worker *w = &dp->w[i];
		int r = pthread_create(&w->thread, NULL, dp_worker_main, w);
		if (r) {
			pthread_sigmask(SIG_SETMASK, &old, NULL);
			snprintf(err, errlen, "pthread_create: %s",
				 strerror(r));
			return -1;
		}
		w->started = true;
		if (ncpu > 1) {
			cpu_set_t set;
			CPU_ZERO(&set);
			CPU_SET((int)(i % (unsigned)ncpu), &set);
			pthread_setaffinity_np(w->thread, sizeof(set), &set);
		}
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return 0;
}

static int bpf_attach(struct dataplane *dp, const struct xlat_config *cfg,
		      char *err, size_t errlen)
{
	struct dp_bpf_params p = {
		.tun_ifindex = dp->ifindex,
		.mtu4 = dp->opt.mtu4,
		.mtu6 = dp->opt.mtu6,
		.counting = dp->counting,
	};
	const char *names[2] = {dp->opt.if4, dp->opt.if6};
	int *idx[2] = {&p.if4_ifindex, &p.if6_ifindex};

	for (int i = 0; i < 2; i++) {
		if (!names[i])
			continue;
		*idx[i] = (int)if_nametoindex(names[i]);
		if (!*idx[i]) {
			snprintf(err, errlen, "interface %s: %s", names[i],
				 strerror(errno));
			return -1;
		}
	}
	dp->bpf = dp_bpf_open(&p, cfg, err, errlen);
	return dp->bpf ? 0 : -1;
}

/* old: NULL to create the translator interface, or the data plane whose
 * interface (same name) the new one joins (dp_create_replacing()). */
static struct dataplane *create(enum dp_kind kind,
				const struct dp_options *opts,
				const struct xlat_config *cfg,
				struct dataplane *old, char *err, size_t errlen)
{
	struct dp_options defaults;
	if (!opts) {
		dp_options_init(&defaults);
		opts = &defaults;
	}
	struct dataplane *dp = calloc(1, sizeof(*dp));
	if (!dp) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	dp->kind = kind;
	dp->opt = *opts;
	dp->stop_fd = -1;
	snprintf(dp->ifname, sizeof(dp->ifname), "%s",
		 opts->ifname ? opts->ifname : TD_DEFAULT_DATA_PLANE_INTERFACE);
	dp->opt.ifname = dp->ifname;
	/* Keep copies: the caller's strings need not outlive this call. */
	snprintf(dp->if4, sizeof(dp->if4), "%s", opts->if4 ? opts->if4 : "");
	snprintf(dp->if6, sizeof(dp->if6), "%s", opts->if6 ? opts->if6 : "");
	dp->opt.if4 = dp->if4[0] ? dp->if4 : NULL;
	dp->opt.if6 = dp->if6[0] ? dp->if6 : NULL;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	dp->nworkers = opts->threads ? opts->threads
		       : kind == DP_TUN ? (unsigned)(ncpu > 0 ? ncpu : 1) : 1;
	/* The slow path of DP_BPF wants whole, checksummed packets. */
	dp->offload = kind == DP_TUN && !opts->no_offload;
	uint32_t if_mtu = opts->if_mtu ? opts->if_mtu
			  : opts->mtu4 > opts->mtu6 ? opts->mtu4 : opts->mtu6;
	if (!if_mtu)
		if_mtu = 1500;

	dp->w = calloc(dp->nworkers, sizeof(*dp->w));
	int *fds = calloc(dp->nworkers, sizeof(int));
	if (!dp->w || !fds)
		goto nomem;
	for (unsigned i = 0; i < dp->nworkers; i++)
		if (worker_alloc(dp, &dp->w[i], i))
			goto nomem;
	dp->counting = opts->mapping_stats;
	const struct dp_gen *g = dp_gen_new(dp, cfg, dp->counting);
	if (!g)
		goto nomem;
	dp_cfg_publish(dp, g);
	if (dp->counting &&
	    !(dp->mbase = calloc(g->nmaps ? g->nmaps : 1, sizeof(*dp->mbase))))
		goto nomem;
	dp->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (dp->stop_fd < 0) {
		snprintf(err, errlen, "eventfd: %s", strerror(errno));
		goto fail;
	}
	if (old && strcmp(old->ifname, dp->ifname)) {
		snprintf(err, errlen, "replacing the data plane on %s with one on %s",
			 old->ifname, dp->ifname);
		goto fail;
	}
	if (old ? tun_add_queues(dp->ifname, old->ifindex, dp->nworkers,
				 dp->offload, fds, err, errlen)
		: tun_create(dp->ifname, dp->nworkers, dp->offload, fds, err,
			     errlen))
		goto fail;
	for (unsigned i = 0; i < dp->nworkers; i++)
		dp->w[i].fd = fds[i];
	dp->ifindex = (int)if_nametoindex(dp->ifname);
	if (netif_prepare(dp->ifname, if_mtu, err, errlen) ||
	    workers_start(dp, err, errlen))
		goto fail;
	if (kind == DP_BPF && bpf_attach(dp, cfg, err, errlen))
		goto fail;
	if (dp->bpf && old && old->bpf)
		dp_bpf_inherit(dp->bpf, old->bpf);
	free(fds);
	return dp;
nomem:
	snprintf(err, errlen, "out of memory");
fail:
	free(fds);
	dp_destroy(dp);
	return NULL;
}

struct dataplane *dp_create(enum dp_kind kind, const struct dp_options *opts,
			    const struct xlat_config *cfg, char *err,
			    size_t errlen)
{
	return create(kind, opts, cfg, NULL, err, errlen);
}

struct dataplane *dp_create_replacing(enum dp_kind kind,
				      const struct dp_options *opts,
				      const struct xlat_config *cfg,
				      struct dataplane *old, char *err,
				      size_t errlen)
{
	return create(kind, opts, cfg, old, err, errlen);
}

int dp_reclaim(struct dataplane *dp, char *err, size_t errlen)
{
	/* The queues never left; only the TC filters may have. */
	return dp->bpf ? dp_bpf_reattach(dp->bpf, err, errlen) : 0;
}

static void add_mapping(struct xlat_mapping_counters *to,
			const volatile struct xlat_mapping_counters *from)
{
	to->pkts_4to6 += from->pkts_4to6;
	to->bytes_4to6 += from->bytes_4to6;
	to->pkts_6to4 += from->pkts_6to4;
	to->bytes_6to4 += from->bytes_6to4;
}

/* Old index -> new index of the same mapping (same IPv4 and IPv6
 * prefix), or SIZE_MAX. */
static size_t same_mapping(const struct eamt *old, size_t k,
			   const struct eamt *nu)
{
	struct eamt_entry a, b;

	if (!eamt_get(old, k, &a))
		return SIZE_MAX;
	size_t j = eamt_find(nu, a.v4, a.v4len);
	if (j == SIZE_MAX || !eamt_get(nu, j, &b) || b.v6len != a.v6len ||
	    memcmp(a.v6, b.v6, 16) != 0)
		return SIZE_MAX;
	return j;
}

/*
 * The replaced generation is no longer counted into (its workers have
 * left it, the BPF grace period is over): fold what it counted, with
 * what it had carried over, into nbase, by mapping.
 */
static void harvest(struct dataplane *dp, const struct dp_gen *old,
		    const struct xlat_mapping_counters *obase,
		    const struct dp_gen *nu, struct xlat_mapping_counters *nbase)
{
	size_t n = old->nmaps;
	struct xlat_mapping_counters *sum = calloc(n ? n : 1, sizeof(*sum));

	if (!sum)
		return; /* the counts are lost, nothing worse */
	for (size_t k = 0; obase && k < n; k++)
		add_mapping(&sum[k], &obase[k]);
	for (unsigned i = 0; old->wctr && i < dp->nworkers; i++)
		for (size_t k = 0; k < n; k++)
			add_mapping(&sum[k], &old->wctr[i][k]);
	if (dp->bpf)
		dp_bpf_mapping_add(dp->bpf, true, sum, n);
	for (size_t k = 0; k < n; k++) {
		size_t j = same_mapping(old->cfg.eamt, k, nu->cfg.eamt);
		if (j < nu->nmaps)
			add_mapping(&nbase[j], &sum[k]);
	}
	free(sum);
}

/* Switch to (cfg, counting); the counts of the mappings that stay are
 * carried over. */
static int switch_to(struct dataplane *dp, const struct xlat_config *cfg,
		     bool counting, char *err, size_t errlen)
{
	struct dp_gen *g = dp_gen_new(dp, cfg, counting);
	struct xlat_mapping_counters *nbase = NULL;

	if (g && counting)
		nbase = calloc(g->nmaps ? g->nmaps : 1, sizeof(*nbase));
	if (!g || (counting && !nbase)) {
		dp_gen_free(dp, g);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	/* Kernel first: if that fails nothing has changed. A packet the
	 * new programs punt is translated by a worker entirely with one
	 * configuration, old or new. */
	if (dp->bpf && dp_bpf_update(dp->bpf, cfg, counting, err, errlen)) {
		dp_gen_free(dp, g);
		free(nbase);
		return -1;
	}
	const struct dp_gen *old = dp_cfg_publish(dp, g);
	bool counted = old && old->counting;
	if (counted && counting) {
		if (dp->bpf)
			dp_bpf_wait_grace(dp->bpf);
		harvest(dp, old, dp->mbase, g, nbase);
	}
	if (dp->bpf)
		dp_bpf_mapping_release_prev(dp->bpf);
	dp_gen_free(dp, old);
	free(dp->mbase);
	dp->mbase = nbase;
	dp->counting = counting;
	return 0;
}

int dp_update_config(struct dataplane *dp, const struct xlat_config *cfg,
		     char *err, size_t errlen)
{
	return switch_to(dp, cfg, dp->counting, err, errlen);
}

int dp_set_mapping_stats(struct dataplane *dp, bool on, char *err,
			 size_t errlen)
{
	if (on == dp->counting)
		return 0;
	return switch_to(dp, &atomic_load(&dp->cfg)->cfg, on, err, errlen);
}

bool dp_mapping_stats_enabled(const struct dataplane *dp)
{
	return dp->counting;
}

size_t dp_mapping_count(const struct dataplane *dp)
{
	return dp->counting ? atomic_load(&dp->cfg)->nmaps : 0;
}

bool dp_mapping_stats(struct dataplane *dp, size_t idx,
		      struct xlat_mapping_counters *out)
{
	const struct dp_gen *g = atomic_load(&dp->cfg);

	memset(out, 0, sizeof(*out));
	if (!dp->counting || idx >= g->nmaps)
		return false;
	add_mapping(out, &dp->mbase[idx]);
	for (unsigned i = 0; i < dp->nworkers; i++)
		add_mapping(out, &g->wctr[i][idx]);
	if (dp->bpf)
		dp_bpf_mapping_add_one(dp->bpf, (uint32_t)idx, out);
	return true;
}

size_t dp_mapping_stats_all(struct dataplane *dp,
			    struct xlat_mapping_counters *out, size_t n)
{
	const struct dp_gen *g = atomic_load(&dp->cfg);

	if (!dp->counting)
		return 0;
	if (n > g->nmaps)
		n = g->nmaps;
	memset(out, 0, n * sizeof(*out));
	for (size_t k = 0; k < n; k++)
		add_mapping(&out[k], &dp->mbase[k]);
	for (unsigned i = 0; i < dp->nworkers; i++)
		for (size_t k = 0; k < n; k++)
			add_mapping(&out[k], &g->wctr[i][k]);
	if (dp->bpf)
		dp_bpf_mapping_add(dp->bpf, false, out, n);
	return n;
}

static void add_counters(struct xlat_counters *to,
			 const volatile struct xlat_counters *from)
{
	to->pkts_4to6 += from->pkts_4to6;
	to->bytes_4to6 += from->bytes_4to6;
	to->pkts_6to4 += from->pkts_6to4;
	to->bytes_6to4 += from->bytes_6to4;
	to->icmp_errors_generated += from->icmp_errors_generated;
	to->icmp_errors_rate_limited += from->icmp_errors_rate_limited;
	to->fragments_generated += from->fragments_generated;
	to->hairpinned += from->hairpinned;
	for (unsigned r = 0; r < XLAT_DROP__COUNT; r++)
		to->drops[r] += from->drops[r];
}

int dp_stats_detail(struct dataplane *dp, struct dp_stats *st)
{
	memset(st, 0, sizeof(*st));
	for (unsigned i = 0; i < dp->nworkers; i++) {
		const volatile struct dp_worker *w = &dp->w[i];
		add_counters(&st->xlat, &w->ctr);
		st->slow_pkts += w->tc.rx;
		st->tx_pkts += w->tc.tx;
		st->tx_errors += w->tc.tx_errors;
		st->gso_whole += w->tc.gso_whole;
		st->gso_split += w->tc.gso_split;
	}
	if (dp->bpf)
		dp_bpf_stats(dp->bpf, st);
	return 0;
}

int dp_stats(struct dataplane *dp, struct xlat_counters *sum)
{
	struct dp_stats st;
	dp_stats_detail(dp, &st);
	*sum = st.xlat;
	return 0;
}

int dp_ifindex(const struct dataplane *dp)
{
	return dp->ifindex;
}

const char *dp_ifname(const struct dataplane *dp)
{
	return dp->ifname;
}

enum dp_kind dp_get_kind(const struct dataplane *dp)
{
	return dp->kind;
}

void dp_destroy(struct dataplane *dp)
{
	if (!dp)
		return;
	/* Programs first, so nothing more is redirected to the queues. */
	dp_bpf_close(dp->bpf);
	if (dp->stop_fd >= 0) {
		uint64_t one = 1;
		if (write(dp->stop_fd, &one, sizeof(one)) < 0)
			perror("dp_destroy: eventfd");
	}
	for (unsigned i = 0; dp->w && i < dp->nworkers; i++) {
		struct dp_worker *w = &dp->w[i];
		if (w->started)
			pthread_join(w->thread, NULL);
		if (w->fd >= 0)
			close(w->fd);
		free(w->rx);
		free(w->out);
		free(w->seg);
	}
	if (dp->stop_fd >= 0)
		close(dp->stop_fd);
	dp_cfg_release(dp);
	free(dp->mbase);
	free(dp->w);
	free(dp);
}
