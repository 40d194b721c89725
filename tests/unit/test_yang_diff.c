// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * translatord's lyd_diff_siblings() (translatord/daemon/td_yang_diff.c)
 * against libyang's own, which is the oracle: random configurations and
 * random changes to them (EAM entries added, removed and re-pointed,
 * other leaves set, changed and removed, the translator container
 * removed), diffed both ways by both. The diffs must say the same thing
 * node by node: the same data paths, each with the same operation, and
 * the same original value where a leaf was replaced. That is everything
 * libfrr's nb_config_diff() reads.
 */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libyang/libyang.h>

#include "td_yang_diff.h"
#include "translatord_yang.h" /* generated: translatord_yang[] */

static struct ly_ctx *ctx;

static int setup(void **state)
{
	(void)state;
	if (ly_ctx_new(NULL, 0, &ctx) != LY_SUCCESS ||
	    lys_parse_mem(ctx, (const char *)translatord_yang, LYS_IN_YANG,
			  NULL) != LY_SUCCESS)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ly_ctx_destroy(ctx);
	return 0;
}

/* One random configuration: entries i < n present with probability
 * 3/4, each pointing to IPv6 net 1 or 2; some other leaves. */
struct conf {
	bool translator;
	int n;
	unsigned char present[400], net[400];
	int mtu;        /* 0: absent (default) */
	bool pool6b;    /* the other pool6 */
	bool drain;     /* drain-time set explicitly */
};

static void conf_random(struct conf *c, unsigned *seed)
{
	memset(c, 0, sizeof(*c));
	c->translator = rand_r(seed) % 10 != 0;
	c->n = 1 + rand_r(seed) % 400;
	for (int i = 0; i < c->n; i++) {
		c->present[i] = rand_r(seed) % 4 != 0;
		c->net[i] = 1 + rand_r(seed) % 2;
	}
	c->mtu = rand_r(seed) % 3 ? 0 : 1280 + rand_r(seed) % 3;
	c->pool6b = rand_r(seed) % 2;
	c->drain = rand_r(seed) % 2;
}

/* A few changes of a: what an operator's reload would bring. */
static void conf_change(const struct conf *a, struct conf *b, unsigned *seed)
{
	*b = *a;
	if (rand_r(seed) % 15 == 0)
		b->translator = !b->translator;
	for (int i = 0; i < b->n; i++) {
		int k = rand_r(seed) % 10;

		if (k == 0)
			b->present[i] = !b->present[i];
		else if (k == 1)
			b->net[i] = 3 - b->net[i];
	}
	if (rand_r(seed) % 4 == 0)
		b->mtu = b->mtu ? 0 : 1300;
	if (rand_r(seed) % 4 == 0)
		b->pool6b = !b->pool6b;
	if (rand_r(seed) % 4 == 0)
		b->drain = !b->drain;
}

static struct lyd_node *conf_tree(const struct conf *c)
{
	char *json = malloc(64 * 1024), *p = json;
	struct lyd_node *t = NULL;
	bool comma = false;

	assert_non_null(json);
	if (!c->translator) {
		p += sprintf(p, "{}");
	} else {
		p += sprintf(p, "{\"translatord:translator\": {\"pool6\": \"%s\"",
			     c->pool6b ? "2001:db8:65::/96" : "2001:db8:64::/96");
		if (c->mtu)
			p += sprintf(p, ", \"lowest-ipv6-mtu\": %d", c->mtu);
		if (c->drain)
			p += sprintf(p, ", \"drain-time\": 30");
		p += sprintf(p, ", \"eam\": [");
		for (int i = 0; i < c->n; i++) {
			if (!c->present[i])
				continue;
			p += sprintf(p, "%s{\"ipv4-prefix\": \"198.18.%d.%d/32\", \"ipv6-prefix\": \"2001:db8:%d::%x/128\"}",
				     comma ? "," : "", i / 256, i % 256, c->net[i], i);
			comma = true;
		}
		p += sprintf(p, "]}}");
	}
	assert_int_equal(lyd_parse_data_mem(ctx, json, LYD_JSON, LYD_PARSE_STRICT,
					    LYD_VALIDATE_NO_STATE, &t),
			 LY_SUCCESS);
	free(json);
	return t;
}

static const char *meta_of(const struct lyd_node *n, const char *name)
{
	const struct lyd_meta *m;

	LY_LIST_FOR (n->meta, m)
		if (!strcmp(m->name, name) &&
		    !strcmp(m->annotation->module->name, "yang"))
			return lyd_get_meta_value(m);
	return "-";
}

static int line_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A node's operation as libfrr reads it (nb_lyd_diff_get_op()): its own
 * yang:operation, and none when it carries none. libyang itself writes an
 * explicit none on some nodes and leaves it out on others, depending on
 * the order it met the changes in. */
static const char *op_of(const struct lyd_node *n)
{
	const char *op = meta_of(n, "operation");

	return strcmp(op, "-") ? op : "none";
}

/* The diff as libfrr reads it: one line per node, sorted. */
static char *describe(const struct lyd_node *diff, size_t *count)
{
	const struct lyd_node *root, *n;
	size_t cap = 1024 * 1024, used = 0, lines = 0;
	char *out = malloc(cap), **v = NULL, *s;

	assert_non_null(out);
	LY_LIST_FOR (diff, root) {
		LYD_TREE_DFS_BEGIN (root, n) {
			char *path = lyd_path(n, LYD_PATH_STD, NULL, 0);

			v = realloc(v, (lines + 1) * sizeof(*v));
			assert_non_null(v);
			assert_true(asprintf(&v[lines++], "%s op=%s orig=%s default=%s",
					     path, op_of(n),
					     meta_of(n, "orig-value"),
					     meta_of(n, "orig-default")) > 0);
			free(path);
			LYD_TREE_DFS_END(root, n);
		}
	}
	if (lines)
		qsort(v, lines, sizeof(*v), line_cmp);
	out[0] = '\0';
	for (size_t i = 0; i < lines; i++) {
		s = v[i];
		used += (size_t)snprintf(out + used, cap - used, "%s\n", s);
		free(s);
	}
	free(v);
	*count = lines;
	return out;
}

/* Both diffs of a against b; how many leaves ours replaced. */
static size_t same_as_libyang(const struct lyd_node *a,
			      const struct lyd_node *b, int round)
{
	struct lyd_node *ours = NULL, *theirs = NULL;
	size_t n_ours, n_theirs;
	char *d_ours, *d_theirs;
	size_t replaced = 0;

	assert_int_equal(lyd_diff_siblings(a, b, LYD_DIFF_DEFAULTS, &ours),
			 LY_SUCCESS);
	assert_int_equal(td_yang_diff_libyang(a, b, LYD_DIFF_DEFAULTS, &theirs),
			 LY_SUCCESS);
	d_ours = describe(ours, &n_ours);
	d_theirs = describe(theirs, &n_theirs);
	if (strcmp(d_ours, d_theirs)) {
		FILE *f = fopen("/tmp/test_yang_diff.ours", "w");

		if (f) {
			fputs(d_ours, f);
			fclose(f);
		}
		f = fopen("/tmp/test_yang_diff.libyang", "w");
		if (f) {
			fputs(d_theirs, f);
			fclose(f);
		}
		print_message("round %d: the diffs differ (%zu nodes, libyang's %zu): see /tmp/test_yang_diff.ours and /tmp/test_yang_diff.libyang\n",
			      round, n_ours, n_theirs);
		fail();
	}
	for (const char *p = d_ours; (p = strstr(p, "op=replace")); p++)
		replaced++;
	free(d_ours);
	free(d_theirs);
	lyd_free_all(ours);
	lyd_free_all(theirs);
	return replaced;
}

static void random_reloads_diff_as_libyang(void **state)
{
	unsigned seed = 20261204;
	size_t replaced = 0;

	(void)state;
	for (int round = 0; round < 200; round++) {
		struct conf a, b;
		struct lyd_node *ta, *tb;

		conf_random(&a, &seed);
		conf_change(&a, &b, &seed);
		ta = conf_tree(&a);
		tb = conf_tree(&b);
		replaced += same_as_libyang(ta, tb, round);
		replaced += same_as_libyang(tb, ta, round);
		replaced += same_as_libyang(ta, ta, round);
		lyd_free_all(ta);
		lyd_free_all(tb);
	}
	/* The rounds did exercise the EAM path: IPv6 sides re-pointed. */
	assert_true(replaced > 1000);
}

/* The case that made commits freeze: every IPv6 side of a large table
 * re-pointed. Only the result is checked here (the time is the
 * benchmarks'): one replace per entry, as libyang says. */
static void full_replace_of_a_large_table(void **state)
{
	struct conf a = {.translator = true, .n = 400}, b;
	struct lyd_node *ta, *tb;

	(void)state;
	for (int i = 0; i < a.n; i++) {
		a.present[i] = 1;
		a.net[i] = 1;
	}
	b = a;
	for (int i = 0; i < b.n; i++)
		b.net[i] = 2;
	ta = conf_tree(&a);
	tb = conf_tree(&b);
	assert_int_equal(same_as_libyang(ta, tb, -1), 400);
	lyd_free_all(ta);
	lyd_free_all(tb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(random_reloads_diff_as_libyang),
		cmocka_unit_test(full_replace_of_a_large_table),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
