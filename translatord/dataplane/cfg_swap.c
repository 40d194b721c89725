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
	const struct xlat_config *c = atomic_load(&dp->cfg);

	for (;;) {
		atomic_store(&w->in_use, c);
		const struct xlat_config *now = atomic_load(&dp->cfg);
		if (now == c)
			return c;
		c = now;
	}
}

void dp_cfg_leave(struct dp_worker *w)
{
	atomic_store(&w->in_use, NULL);
}

/* Install a private copy of cfg (the EAMT it points to stays the
 * caller's) and free the previous copy once no worker uses it. */
int dp_cfg_publish(struct dataplane *dp, const struct xlat_config *cfg)
{
	struct xlat_config *copy = malloc(sizeof(*copy));
	if (!copy)
		return -1;
	*copy = *cfg;
	const struct xlat_config *old = atomic_exchange(&dp->cfg, copy);
	if (!old)
		return 0;
	const struct timespec pause = {.tv_nsec = 20 * 1000};
	for (unsigned i = 0; i < dp->nworkers; i++)
		while (atomic_load(&dp->w[i].in_use) == old)
			nanosleep(&pause, NULL);
	free((void *)old);
	return 0;
}

/* At destroy time, after the workers have stopped. */
void dp_cfg_release(struct dataplane *dp)
{
	free((void *)atomic_exchange(&dp->cfg, NULL));
}
