// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * How libyang's lyd_diff_siblings() scales with the number of EAM
 * entries: libfrr's northbound diffs the running and the candidate
 * configuration with it at every commit (nb_config_diff), so this is the
 * floor under any large replace through translatord's northbound.
 *
 * Two configurations of N entries with the same IPv4 sides are diffed:
 * the same IPv6 sides (nothing changed), then other IPv6 sides (every
 * entry changed). Each N is twice the previous one: a linear diff takes
 * about twice as long per step, a quadratic one four times; the ratio is
 * printed. No translatord code is involved: the module and libyang only.
 *
 * Usage: diff-scaling YANG_MODULE [N0 [STEPS]]   (make bench-libyang)
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <libyang/libyang.h>
#include <libyang/version.h>

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* N /32 <-> /128 entries; net picks the IPv6 sides. */
static char *config(int n, int net)
{
	size_t cap = (size_t)n * 100 + 200, o = 0;
	char *s = malloc(cap);

	if (!s)
		return NULL;
	o += (size_t)snprintf(s + o, cap - o,
			      "{\"translatord:translator\": {\"pool6\": \"2001:db8:64::/96\", \"eam\": [\n");
	for (int i = 1; i <= n; i++)
		o += (size_t)snprintf(s + o, cap - o,
				      "%s{\"ipv4-prefix\": \"%d.%d.%d.%d/32\", \"ipv6-prefix\": \"2001:db8:%d::%x:%x/128\"}\n",
				      i > 1 ? "," : "", 100 + i / 65536 / 256,
				      (i / 65536) % 256, (i / 256) % 256, i % 256,
				      net, i / 65536, i % 65536);
	snprintf(s + o, cap - o, "]}}\n");
	return s;
}

static struct lyd_node *parse(struct ly_ctx *ctx, int n, int net)
{
	struct lyd_node *t = NULL;
	char *json = config(n, net);

	if (!json || lyd_parse_data_mem(ctx, json, LYD_JSON, LYD_PARSE_STRICT,
					LYD_VALIDATE_NO_STATE, &t) != LY_SUCCESS) {
		fprintf(stderr, "diff-scaling: cannot build %d entries\n", n);
		exit(1);
	}
	free(json);
	return t;
}

/* Seconds for one diff of a against b. */
static double diff_s(const struct lyd_node *a, const struct lyd_node *b)
{
	struct lyd_node *d = NULL;
	double t0 = now_s();

	if (lyd_diff_siblings(a, b, LYD_DIFF_DEFAULTS, &d) != LY_SUCCESS) {
		fprintf(stderr, "diff-scaling: lyd_diff_siblings failed\n");
		exit(1);
	}
	t0 = now_s() - t0;
	lyd_free_all(d);
	return t0;
}

int main(int argc, char **argv)
{
	struct ly_ctx *ctx;
	int n = argc > 2 ? atoi(argv[2]) : 5000;
	int steps = argc > 3 ? atoi(argv[3]) : 4;
	double prev_same = 0, prev_changed = 0;

	if (argc < 2 || n < 1 || steps < 1) {
		fprintf(stderr, "usage: diff-scaling YANG_MODULE [N0 [STEPS]]\n");
		return 2;
	}
	if (ly_ctx_new(NULL, 0, &ctx) != LY_SUCCESS ||
	    lys_parse_path(ctx, argv[1], LYS_IN_YANG, NULL) != LY_SUCCESS) {
		fprintf(stderr, "diff-scaling: %s does not load\n", argv[1]);
		return 1;
	}
	printf("libyang (soname version %s): lyd_diff_siblings() of two configurations of N EAM entries\n",
	       LY_VERSION);
	printf("%9s %14s %7s %16s %7s\n", "N", "same (s)", "x prev", "all changed (s)",
	       "x prev");
	for (int i = 0; i < steps; i++, n *= 2) {
		struct lyd_node *a = parse(ctx, n, 1), *b = parse(ctx, n, 1),
				*c = parse(ctx, n, 2);
		double same = diff_s(a, b), changed = diff_s(a, c);

		printf("%9d %14.3f %7.2f %16.3f %7.2f\n", n, same,
		       prev_same ? same / prev_same : 0.0, changed,
		       prev_changed ? changed / prev_changed : 0.0);
		fflush(stdout);
		prev_same = same;
		prev_changed = changed;
		lyd_free_all(a);
		lyd_free_all(b);
		lyd_free_all(c);
	}
	ly_ctx_destroy(ctx);
	return 0;
}
