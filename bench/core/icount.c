/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Instruction-count driver for bench-core's cases, to run under
 * callgrind (see icount.sh and README.md): the timings of a shared
 * machine are noisy, instruction counts are not.
 *
 *   bench-core-icount CASE SIZE ITERS MODE
 *
 * CASE: index into bench_core.c's cases[] (0-9 copying API, 10-17 in
 * place); SIZE: EAMT entries; MODE 0 translates ITERS packets cycling over
 * the 4096 variants, MODE 1 does only the per-iteration variant selection
 * (and the in-place restore), to be subtracted.
 */
#define main bench_main
#include "bench_core.c"
#undef main

int main(int argc, char **argv)
{
	static struct size_ctx z;
	static struct workload w;
	static struct bench_ctx b;

	if (argc != 5) {
		fprintf(stderr, "usage: %s CASE SIZE ITERS MODE\n", argv[0]);
		return 2;
	}
	size_t ci = strtoul(argv[1], NULL, 10);
	size_t n = strtoul(argv[2], NULL, 10);
	unsigned iters = (unsigned)strtoul(argv[3], NULL, 10);
	int mode = atoi(argv[4]);
	if (ci >= N_CASES || n == 0 || n > 1000000)
		return 2;
	const struct bcase *c = &cases[ci];

	b.out = malloc(XLAT_OUT_BUF_SIZE);
	z.n = n;
	z.eamt = build_eamt(n, &z.build_ms);
	pick_destinations(n, z.dst_idx);
	config_init(&z.cfg, z.eamt);
	workload_make(&w, c, z.dst_idx);
	if (!check_case(&b, &z.cfg, c, &w))
		return 1;
	for (unsigned i = 0; i < iters; i++) {
		if (c->inplace)
			workload_restore(&w);
		workload_select(&w, i % N_DST);
		if (mode == 0)
			run_one(&b, &z.cfg, c, &w);
	}
	(void)bench_main;
	return 0;
}
