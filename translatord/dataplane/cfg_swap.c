/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Configuration switch for the worker threads, RCU-like: a pointer swap
 * for the writer, two atomic stores per batch of packets for a reader,
 * no lock on the packet path.
 *
 * A worker announces the configuration it is about to use (in_use), then
 * checks that it is still the current one. The writer swaps the pointer,
 * then waits until no worker announces the old one. With sequentially
 * consistent atomics either the worker sees the new pointer, or the writer
 * sees the worker on the old one and waits: the old copy is freed only
 * when nobody can be reading it. Workers are "quiescent" (in_use = NULL)
 * while they sleep in poll(), so an idle worker never delays the writer.
 */
#include <stdlib.h>
#include <time.h>

#include "dp_internal.h"

const struct xlat_config *dp_cfg_enter(struct dataplane *dp,
				       struct dp_worker *w)
{
	const struct dp_gen *g = atomic_load(&dp->cfg);

	for (;;) {
		atomic_store(&w->in_use, g);
		const struct dp_gen *now = atomic_load(&dp->cfg);
		if (now == g)
			break;
		g = now;
	}
	/* The counters go with the generation: a packet is counted in the
	 * table of the configuration that translated it. */
	w->mctr = g->wctr ? g->wctr[w->index] : NULL;
	w->nmaps = g->nmaps;
	return &g->cfg;
}

void dp_cfg_leave(struct dp_worker *w)
{
	atomic_store(&w->in_use, NULL);
}

/* A generation: a private copy of cfg (the EAMT it points to stays the
 * caller's) and, when counting, zeroed per-worker counter arrays. */
struct dp_gen *dp_gen_new(const struct dataplane *dp,
			  const struct xlat_config *cfg, bool counting)
{
	struct dp_gen *g = calloc(1, sizeof(*g));
	if (!g)
		return NULL;
	g->cfg = *cfg;
	g->counting = counting;
	if (!counting)
		return g;
	g->nmaps = (uint32_t)eamt_count(cfg->eamt);
	g->wctr = calloc(dp->nworkers, sizeof(*g->wctr));
	if (!g->wctr)
		goto fail;
	for (unsigned i = 0; i < dp->nworkers; i++) {
		/* At least one element: calloc(0) may return NULL. */
		g->wctr[i] = calloc(g->nmaps ? g->nmaps : 1,
				    sizeof(struct xlat_mapping_counters));
		if (!g->wctr[i])
			goto fail;
	}
	return g;
fail:
	dp_gen_free(dp, g);
	return NULL;
}

void dp_gen_free(const struct dataplane *dp, const struct dp_gen *g)
{
	if (!g)
		return;
	if (g->wctr) {
		for (unsigned i = 0; i < dp->nworkers; i++)
			free(g->wctr[i]);
		free(g->wctr);
	}
	free((void *)g);
}

/* Install g and wait until no worker uses the previous generation. */
const struct dp_gen *dp_cfg_publish(struct dataplane *dp,
				    const struct dp_gen *g)
{
	const struct dp_gen *old = atomic_exchange(&dp->cfg, g);
	if (!old)
		return NULL;
	const struct timespec pause = {.tv_nsec = 20 * 1000};
	for (unsigned i = 0; i < dp->nworkers; i++)
		while (atomic_load(&dp->w[i].in_use) == old)
			nanosleep(&pause, NULL);
	return old;
}

/* At destroy time, after the workers have stopped. */
void dp_cfg_release(struct dataplane *dp)
{
	dp_gen_free(dp, atomic_exchange(&dp->cfg, NULL));
}
