/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Loader for the TC fast path (bpf/xlat_tc.bpf.c): opens the object
 * through the skeleton `bpftool gen skeleton` made of it at build time
 * (the object is embedded in it; maps and programs are typed fields, not
 * names looked up at run time), attaches the programs with libbpf's TC API,
 * fills the maps from a struct xlat_config and reads the counters.
 *
 * Configuration updates are double-buffered (see xlat_bpf_shared.h): the
 * inactive EAM tries and settings slot are rewritten, then the "active"
 * index flips in one 4-byte store. The set that was active is rewritten
 * only by the next update, and not before DP_BPF_GRACE_MS after the flip:
 * a TC program runs for microseconds in one RCU read section, so none
 * can still be reading it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpf/xlat_bpf_shared.h"
#include "dp_internal.h"
#include "xlat_tc.skel.h" /* generated: struct xlat_tc */

#define DP_BPF_GRACE_MS 20
#define MAX_HOOKS 3

struct tc_link {
	struct bpf_tc_hook hook;
	struct bpf_tc_opts opts;
	bool created_qdisc; /* clsact was ours: remove it at close */
};

struct dp_bpf {
	struct xlat_tc *skel;
	int eam4[2], eam6[2], settings, active, stats;
	/* Per-mapping counters: the array of maps, and the per-CPU array
	 * each set counts into (-1: that set does not count). */
	int mctr_outer, mctr[2];
	uint32_t mctr_n[2];          /* entries per CPU block */
	struct xlat_mapping_counters *mctr_mem[2]; /* mmap()ed, read only */
	size_t mctr_len[2];
	unsigned cur; /* active set */
	struct timespec flipped;
	struct dp_bpf_settings base; /* what does not come from the config */
	unsigned mtu4, mtu6;         /* next-hop MTUs, 0 = unlimited */
	struct tc_link links[MAX_HOOKS];
	unsigned nlinks;
	int ncpus;
};

/* Empty an LPM trie: deleting the first key until there is none. */
static void lpm_clear(int fd)
{
	uint8_t key[sizeof(struct dp_lpm6_key)]; /* the larger key */
	while (bpf_map_get_next_key(fd, NULL, key) == 0)
		if (bpf_map_delete_elem(fd, key))
			break;
}

static uint32_t host_mask_be(unsigned v4len)
{
	unsigned bits = 32 - v4len;
	return htonl(bits >= 32 ? 0xffffffffu : (1u << bits) - 1);
}

static int fill_eam(struct dp_bpf *b, unsigned set,
		    const struct eamt *t, char *err, size_t errlen)
{
	size_t n = t ? eamt_count(t) : 0;

	for (size_t i = 0; i < n; i++) {
		struct eamt_entry e = {0};
		eamt_get(t, i, &e);
		struct dp_lpm4_key k4 = {.prefixlen = e.v4len};
		uint32_t shift = eamt_suffix_shift(e.v4len, e.v6len);
		struct dp_eam4_val v4 = {.host_mask = host_mask_be(e.v4len),
					 .idx = (uint32_t)i,
					 .shift = shift};
		struct dp_lpm6_key k6 = {.prefixlen = e.v6len};
		struct dp_eam6_val v6 = {.host_mask = v4.host_mask,
					 .idx = (uint32_t)i,
					 .shift = shift};
		memcpy(k4.addr, e.v4, 4);
		memcpy(v4.v6, e.v6, 16);
		memcpy(k6.addr, e.v6, 16);
		memcpy(v6.v4, e.v4, 4);
		if (bpf_map_update_elem(b->eam4[set], &k4, &v4, BPF_ANY) ||
		    bpf_map_update_elem(b->eam6[set], &k6, &v6, BPF_ANY)) {
			snprintf(err, errlen, "EAM map update (entry %zu): %s",
				 i, strerror(errno));
			return -1;
		}
	}
	return 0;
}

static void mctr_drop(struct dp_bpf *b, unsigned set)
{
	if (b->mctr[set] < 0)
		return;
	bpf_map_delete_elem(b->mctr_outer, &set);
	if (b->mctr_mem[set])
		munmap(b->mctr_mem[set], b->mctr_len[set]);
	close(b->mctr[set]);
	b->mctr[set] = -1;
	b->mctr_n[set] = 0;
	b->mctr_mem[set] = NULL;
}

/* Zeroed counters for n entries on every possible CPU, in
 * mapping_ctr[set], mapped into our memory for reading. */
static int mctr_make(struct dp_bpf *b, unsigned set, size_t n, char *err,
		     size_t errlen)
{
	LIBBPF_OPTS(bpf_map_create_opts, o,
		    .map_flags = BPF_F_INNER_MAP | BPF_F_MMAPABLE);
	size_t per = n ? n : 1, elems = per * (size_t)b->ncpus;
	long page = sysconf(_SC_PAGESIZE);

	if (elems > UINT32_MAX / 2) {
		snprintf(err, errlen, "per-mapping counters: %zu entries x %d CPUs is too many",
			 n, b->ncpus);
		return -1;
	}
	int fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "td_mapping_ctr",
				sizeof(uint32_t), sizeof(struct xlat_mapping_counters),
				(uint32_t)elems, &o);
	if (fd < 0) {
		snprintf(err, errlen, "per-mapping counters (%zu entries): %s",
			 n, strerror(errno));
		return -1;
	}
	size_t len = elems * sizeof(struct xlat_mapping_counters);
	len = (len + (size_t)page - 1) & ~((size_t)page - 1);
	void *mem = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	if (mem == MAP_FAILED) {
		snprintf(err, errlen, "per-mapping counters: mmap: %s",
			 strerror(errno));
		close(fd);
		return -1;
	}
	if (bpf_map_update_elem(b->mctr_outer, &set, &fd, BPF_ANY)) {
		snprintf(err, errlen, "per-mapping counters map: %s",
			 strerror(errno));
		munmap(mem, len);
		close(fd);
		return -1;
	}
	b->mctr[set] = fd;
	b->mctr_n[set] = (uint32_t)per;
	b->mctr_mem[set] = mem;
	b->mctr_len[set] = len;
	return 0;
}

static int fill_set(struct dp_bpf *b, unsigned set,
		    const struct xlat_config *cfg, bool counting, char *err,
		    size_t errlen)
{
	struct dp_bpf_settings s = b->base;

	lpm_clear(b->eam4[set]);
	lpm_clear(b->eam6[set]);
	mctr_drop(b, set);
	if (fill_eam(b, set, cfg->eamt, err, errlen))
		return -1;
	if (counting && mctr_make(b, set, eamt_count(cfg->eamt), err, errlen))
		return -1;
	s.per_mapping = counting;
	s.map_count = counting ? b->mctr_n[set] : 0;
	if (cfg->has_pool6) {
		memcpy(s.pool6, cfg->pool6.addr, 16);
		s.pool6_len = cfg->pool6.len;
		s.pool6_wkp = rfc6052_is_wkp(&cfg->pool6);
	}
	if (cfg->has_own_v4) {
		memcpy(&s.own_v4, cfg->own_v4, 4);
		s.own_v4_mask = 0xffffffffu;
	}
	if (cfg->has_pool6791_v4) {
		memcpy(&s.pool6791_v4, cfg->pool6791_v4, 4);
		s.pool6791_v4_mask = htonl(cfg->pool6791_v4_len
						   ? 0xffffffffu << (32 - cfg->pool6791_v4_len)
						   : 0);
	}
	s.accept_mapped_src4 = cfg->accept_mapped_src4;
	s.tos_override = cfg->tos_override;
	s.tos = cfg->tos;
	s.mtu4 = (uint16_t)xlat_mtu4_valid(b->mtu4);
	s.whole6_df = (uint16_t)xlat_4to6_whole_limit(1, b->mtu6,
						      cfg->lowest_ipv6_mtu);
	s.whole6 = (uint16_t)xlat_4to6_whole_limit(0, b->mtu6,
						   cfg->lowest_ipv6_mtu);
	if (bpf_map_update_elem(b->settings, &set, &s, BPF_ANY)) {
		snprintf(err, errlen, "settings map: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static int flip(struct dp_bpf *b, unsigned set, char *err, size_t errlen)
{
	uint32_t zero = 0, v = set;
	if (bpf_map_update_elem(b->active, &zero, &v, BPF_ANY)) {
		snprintf(err, errlen, "active map: %s", strerror(errno));
		return -1;
	}
	b->cur = set;
	clock_gettime(CLOCK_MONOTONIC, &b->flipped);
	return 0;
}

void dp_bpf_wait_grace(const struct dp_bpf *b)
{
	struct timespec now, end = b->flipped;
	end.tv_nsec += DP_BPF_GRACE_MS * 1000000L;
	if (end.tv_nsec >= 1000000000L) {
		end.tv_sec++;
		end.tv_nsec -= 1000000000L;
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec < end.tv_sec ||
	    (now.tv_sec == end.tv_sec && now.tv_nsec < end.tv_nsec))
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &end, NULL);
}

int dp_bpf_update(struct dp_bpf *b, const struct xlat_config *cfg,
		  bool counting, char *err, size_t errlen)
{
	unsigned next = b->cur ^ 1;
	dp_bpf_wait_grace(b);
	if (fill_set(b, next, cfg, counting, err, errlen))
		return -1;
	return flip(b, next, err, errlen);
}

void dp_bpf_mapping_release_prev(struct dp_bpf *b)
{
	mctr_drop(b, b->cur ^ 1);
}

static void mctr_add(struct xlat_mapping_counters *acc,
		     const volatile struct xlat_mapping_counters *m)
{
	acc->pkts_4to6 += m->pkts_4to6;
	acc->bytes_4to6 += m->bytes_4to6;
	acc->pkts_6to4 += m->pkts_6to4;
	acc->bytes_6to4 += m->bytes_6to4;
}

int dp_bpf_mapping_add_one(struct dp_bpf *b, uint32_t idx,
			   struct xlat_mapping_counters *acc)
{
	const struct xlat_mapping_counters *m = b->mctr_mem[b->cur];
	uint32_t n = b->mctr_n[b->cur];

	if (!m || idx >= n)
		return -1;
	for (int c = 0; c < b->ncpus; c++)
		mctr_add(acc, &m[(size_t)c * n + idx]);
	return 0;
}

int dp_bpf_mapping_add(struct dp_bpf *b, bool prev,
		       struct xlat_mapping_counters *acc, size_t n)
{
	unsigned set = prev ? b->cur ^ 1 : b->cur;
	const struct xlat_mapping_counters *m = b->mctr_mem[set];
	size_t per = b->mctr_n[set];

	if (!m)
		return -1;
	if (n > per)
		n = per;
	for (int c = 0; c < b->ncpus; c++)
		for (size_t k = 0; k < n; k++)
			mctr_add(&acc[k], &m[(size_t)c * per + k]);
	return 0;
}

/* "td" in ASCII; priority 1 runs before other filters an operator adds. */
#define TD_TC_HANDLE 0x7464
#define TD_TC_PRIORITY 1

/* Attach (or re-attach) l's program at our fixed handle and priority,
 * replacing whatever is there. */
static int tc_link_attach(struct tc_link *l)
{
	int fd = l->opts.prog_fd;

	memset(&l->opts, 0, sizeof(l->opts));
	l->opts.sz = sizeof(l->opts);
	l->opts.prog_fd = fd;
	/* A fixed handle and priority, replaced in place: after a crash the
	 * dead process's filter is still attached (the kernel keeps it), and
	 * the restarted daemon must take its place, not stack behind it. */
	l->opts.handle = TD_TC_HANDLE;
	l->opts.priority = TD_TC_PRIORITY;
	l->opts.flags = BPF_TC_F_REPLACE;
	int r = bpf_tc_attach(&l->hook, &l->opts);
	/* libbpf fills in prog_id; query and detach want flags 0. */
	l->opts.flags = 0;
	return r;
}

static int tc_attach(struct dp_bpf *b, int ifindex,
		     enum bpf_tc_attach_point point,
		     const struct bpf_program *p, char *err, size_t errlen)
{
	const char *prog = bpf_program__name(p);
	struct tc_link *l = &b->links[b->nlinks];

	memset(l, 0, sizeof(*l));
	l->hook.sz = sizeof(l->hook);
	l->hook.ifindex = ifindex;
	l->hook.attach_point = point;
	int r = bpf_tc_hook_create(&l->hook);
	if (r && r != -EEXIST) {
		snprintf(err, errlen, "clsact on ifindex %d: %s", ifindex,
			 strerror(-r));
		return -1;
	}
	l->created_qdisc = r == 0;
	l->opts.sz = sizeof(l->opts);
	l->opts.prog_fd = bpf_program__fd(p);
	r = tc_link_attach(l);
	if (r) {
		snprintf(err, errlen, "attach %s on ifindex %d: %s", prog,
			 ifindex, strerror(-r));
		if (l->created_qdisc) {
			l->hook.attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
			bpf_tc_hook_destroy(&l->hook);
		}
		return -1;
	}
	b->nlinks++;
	return 0;
}

/* Whether the filter at our handle and priority still runs our program:
 * a replacing data plane (dp_create_replacing()) puts its own there. */
static bool tc_link_ours(struct tc_link *l)
{
	struct bpf_tc_opts q = {.sz = sizeof(q),
				.handle = l->opts.handle,
				.priority = l->opts.priority};

	return bpf_tc_query(&l->hook, &q) == 0 && q.prog_id == l->opts.prog_id;
}

static int load(struct dp_bpf *b, char *err, size_t errlen)
{
	b->skel = xlat_tc__open();
	if (!b->skel) {
		snprintf(err, errlen, "BPF object: %s", strerror(errno));
		return -1;
	}
	int r = xlat_tc__load(b->skel);
	if (r) {
		snprintf(err, errlen, "loading the BPF programs: %s",
			 strerror(-r));
		return -1;
	}
	b->eam4[0] = bpf_map__fd(b->skel->maps.eam4_0);
	b->eam4[1] = bpf_map__fd(b->skel->maps.eam4_1);
	b->eam6[0] = bpf_map__fd(b->skel->maps.eam6_0);
	b->eam6[1] = bpf_map__fd(b->skel->maps.eam6_1);
	b->settings = bpf_map__fd(b->skel->maps.settings);
	b->active = bpf_map__fd(b->skel->maps.active);
	b->stats = bpf_map__fd(b->skel->maps.stats);
	b->mctr_outer = bpf_map__fd(b->skel->maps.mapping_ctr);
	b->ncpus = libbpf_num_possible_cpus();
	return b->ncpus > 0 ? 0 : -1;
}

struct dp_bpf *dp_bpf_open(const struct dp_bpf_params *p,
			   const struct xlat_config *cfg, char *err,
			   size_t errlen)
{
	struct dp_bpf *b = calloc(1, sizeof(*b));
	if (!b) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	b->mtu4 = p->mtu4 > 0xffff ? 0xffff : p->mtu4;
	b->mtu6 = p->mtu6 > 0xffff ? 0xffff : p->mtu6;
	b->base.punt_ifindex = (uint32_t)p->tun_ifindex;
	b->mctr[0] = b->mctr[1] = -1;
	if (load(b, err, errlen) ||
	    fill_set(b, 0, cfg, p->counting, err, errlen) ||
	    flip(b, 0, err, errlen))
		goto fail;
	/* Egress of the translator interface first: inline programs punt
	 * through it. */
	if (tc_attach(b, p->tun_ifindex, BPF_TC_EGRESS,
		      b->skel->progs.xlat_routed, err, errlen))
		goto fail;
	if (p->if4_ifindex &&
	    tc_attach(b, p->if4_ifindex, BPF_TC_INGRESS,
		      b->skel->progs.xlat_in4, err, errlen))
		goto fail;
	if (p->if6_ifindex &&
	    tc_attach(b, p->if6_ifindex, BPF_TC_INGRESS,
		      b->skel->progs.xlat_in6, err, errlen))
		goto fail;
	return b;
fail:
	dp_bpf_close(b);
	return NULL;
}

void dp_bpf_stats(struct dp_bpf *b, struct dp_stats *st)
{
	size_t vsz = (sizeof(struct dp_bpf_stats) + 7) & ~(size_t)7;
	uint8_t *vals = calloc((size_t)b->ncpus, vsz);
	uint32_t zero = 0;

	if (!vals || bpf_map_lookup_elem(b->stats, &zero, vals)) {
		free(vals);
		return;
	}
	for (int c = 0; c < b->ncpus; c++) {
		const struct dp_bpf_stats *s =
			(const struct dp_bpf_stats *)(vals + (size_t)c * vsz);
		st->xlat.pkts_4to6 += s->pkts_4to6;
		st->xlat.bytes_4to6 += s->bytes_4to6;
		st->xlat.pkts_6to4 += s->pkts_6to4;
		st->xlat.bytes_6to4 += s->bytes_6to4;
		st->fast_pkts += s->pkts_4to6 + s->pkts_6to4;
		st->passed += s->passed;
		for (unsigned r = 0; r < XLAT_DROP__COUNT; r++)
			st->xlat.drops[r] += s->drops[r];
		for (unsigned r = 0; r < DP_PUNT__COUNT; r++)
			st->punts[r] += s->punts[r];
	}
	free(vals);
}

void dp_bpf_close(struct dp_bpf *b)
{
	if (!b)
		return;
	while (b->nlinks > 0) {
		struct tc_link *l = &b->links[--b->nlinks];
		/* Replaced by a newer data plane: the hook is its now. */
		if (!tc_link_ours(l))
			continue;
		if (l->created_qdisc) {
			/* Our clsact: removing it removes our filter. */
			l->hook.attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
			bpf_tc_hook_destroy(&l->hook);
		} else {
			/* Someone else's clsact: take only our filter. */
			struct bpf_tc_opts o = {.sz = sizeof(o),
						.handle = l->opts.handle,
						.priority = l->opts.priority};
			bpf_tc_detach(&l->hook, &o);
		}
	}
	for (unsigned s = 0; s < 2; s++)
		if (b->mctr[s] >= 0) {
			if (b->mctr_mem[s])
				munmap(b->mctr_mem[s], b->mctr_len[s]);
			close(b->mctr[s]);
		}
	xlat_tc__destroy(b->skel);
	free(b);
}

/* A replacement (dp_create_replacing()) takes over the clsact qdiscs the
 * data plane it replaces created on the same hooks, so that the last one
 * of the line removes them. */
void dp_bpf_inherit(struct dp_bpf *b, struct dp_bpf *old)
{
	for (unsigned i = 0; i < b->nlinks; i++)
		for (unsigned j = 0; j < old->nlinks; j++) {
			struct tc_link *l = &b->links[i], *o = &old->links[j];
			if (l->hook.ifindex == o->hook.ifindex &&
			    l->hook.attach_point == o->hook.attach_point &&
			    o->created_qdisc) {
				l->created_qdisc = true;
				o->created_qdisc = false;
			}
		}
}

/* Put our programs back where a replacement that was abandoned had put
 * its own (dp_reclaim()). */
int dp_bpf_reattach(struct dp_bpf *b, char *err, size_t errlen)
{
	for (unsigned i = 0; i < b->nlinks; i++) {
		struct tc_link *l = &b->links[i];
		int r = bpf_tc_hook_create(&l->hook);
		if (r && r != -EEXIST) {
			snprintf(err, errlen, "clsact on ifindex %d: %s",
				 l->hook.ifindex, strerror(-r));
			return -1;
		}
		if (r == 0)
			l->created_qdisc = true;
		r = tc_link_attach(l);
		if (r) {
			snprintf(err, errlen, "re-attach on ifindex %d: %s",
				 l->hook.ifindex, strerror(-r));
			return -1;
		}
	}
	return 0;
}
