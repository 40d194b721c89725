// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lyd_diff_siblings() in linear time for translatord's configuration.
 *
 * libfrr's northbound diffs the running and the candidate configuration
 * with libyang's lyd_diff_siblings() at every commit (nb_config_diff).
 * libyang 2.1 (Debian 12's 2.1.30) keeps, for each sibling level, a
 * cache of the list instances it has matched and searches it linearly
 * (lyd_dup_inst_get()), so the diff is quadratic in the number of EAM
 * entries: 40,000 entries whose IPv6 side changed take 25 s, 100,000
 * about 13 minutes, with the FRR thread blocked throughout
 * (make bench-libyang shows it without translatord).
 *
 * The daemon exports this definition (the Makefile links it with
 * --export-dynamic-symbol), so libfrr's call lands here. When both sides
 * hold a translator container, its EAM list is diffed here with one
 * hashed lookup per entry (lyd_find_sibling_first() over the list's
 * hash table), and everything else by libyang itself, on copies that
 * leave the EAM list out (they are small: the rest of the
 * configuration). The result has libyang's diff format, which libfrr
 * reads: yang:operation on each changed node, none on the parents, and
 * orig-default/orig-value on a replaced leaf. Anything else goes to
 * libyang unchanged.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* RTLD_NEXT */
#endif
#include <dlfcn.h>
#include <stdbool.h>
#include <string.h>

#include <libyang/libyang.h>

#include "td_yang_diff.h"

typedef LY_ERR (*diff_fn)(const struct lyd_node *, const struct lyd_node *,
			  uint16_t, struct lyd_node **);

static diff_fn libyang_diff(void)
{
	static diff_fn fn;

	if (!fn)
		fn = (diff_fn)dlsym(RTLD_NEXT, "lyd_diff_siblings");
	return fn;
}

LY_ERR td_yang_diff_libyang(const struct lyd_node *first,
			    const struct lyd_node *second, uint16_t options,
			    struct lyd_node **diff)
{
	diff_fn fn = libyang_diff();

	return fn ? fn(first, second, options, diff) : LY_EINT;
}

static bool is_translator(const struct lyd_node *n)
{
	return n->schema && n->schema->nodetype == LYS_CONTAINER &&
	       !strcmp(n->schema->name, "translator") &&
	       !strcmp(n->schema->module->name, "translatord");
}

static bool is_eam(const struct lyd_node *n)
{
	return n->schema && n->schema->nodetype == LYS_LIST &&
	       !strcmp(n->schema->name, "eam") && n->parent &&
	       is_translator(lyd_parent(n));
}

static const struct lyd_node *find_translator(const struct lyd_node *first)
{
	const struct lyd_node *n;

	LY_LIST_FOR (first, n)
		if (is_translator(n))
			return n;
	return NULL;
}

#define DUP_TREE (LYD_DUP_RECURSIVE | LYD_DUP_WITH_FLAGS)

/* The siblings from first on, copied, the translator's EAM entries left
 * out. */
static LY_ERR copy_without_eam(const struct lyd_node *first,
			       struct lyd_node **out)
{
	const struct lyd_node *n, *c;
	struct lyd_node *dup;
	LY_ERR r;

	*out = NULL;
	LY_LIST_FOR (first, n) {
		if (!is_translator(n)) {
			r = lyd_dup_single(n, NULL, DUP_TREE, &dup);
		} else {
			r = lyd_dup_single(n, NULL, LYD_DUP_WITH_FLAGS, &dup);
			LY_LIST_FOR (lyd_child(n), c)
				if (!r && !is_eam(c))
					r = lyd_dup_single(c, (void *)dup, DUP_TREE,
							   NULL);
		}
		if (r == LY_SUCCESS)
			r = lyd_insert_sibling(*out, dup, out);
		if (r != LY_SUCCESS)
			return r;
	}
	return LY_SUCCESS;
}

static LY_ERR set_op(struct lyd_node *n, const char *op)
{
	return lyd_new_meta(NULL, n, NULL, "yang:operation", op, 0, NULL);
}

/* The diff's translator container, added (operation none) if the rest of
 * the configuration did not change. */
static LY_ERR diff_translator(struct lyd_node **diff,
			      const struct lyd_node *t2, struct lyd_node **dt)
{
	const struct lyd_node *found = find_translator(*diff);
	LY_ERR r;

	if (found) {
		*dt = (struct lyd_node *)found;
		return LY_SUCCESS;
	}
	r = lyd_dup_single(t2, NULL, LYD_DUP_WITH_FLAGS, dt);
	if (!r)
		r = set_op(*dt, "none");
	if (!r)
		r = lyd_insert_sibling(*diff, *dt, diff);
	return r;
}

/* A whole entry created or deleted. */
static LY_ERR add_entry(struct lyd_node *dt, const struct lyd_node *e,
			const char *op)
{
	struct lyd_node *dup;
	LY_ERR r = lyd_dup_single(e, (void *)dt, DUP_TREE | LYD_DUP_NO_META,
				  &dup);

	return r ? r : set_op(dup, op);
}

/* An entry whose IPv6 side changed: the entry (its key) with operation
 * none, the new leaf with replace and the old value. (libyang leaves out
 * the entry's none when it adds the entry's parent with it: the same
 * thing, an operation is inherited.) */
static LY_ERR add_replace(struct lyd_node *dt, const struct lyd_node *old,
			  const struct lyd_node *now)
{
	struct lyd_node *entry, *leaf;
	LY_ERR r = lyd_dup_single(lyd_parent(now), (void *)dt,
				  LYD_DUP_WITH_FLAGS | LYD_DUP_NO_META, &entry);

	if (!r)
		r = set_op(entry, "none");
	if (!r)
		r = lyd_dup_single(now, (void *)entry,
				   LYD_DUP_WITH_FLAGS | LYD_DUP_NO_META, &leaf);
	if (!r)
		r = set_op(leaf, "replace");
	if (!r)
		r = lyd_new_meta(NULL, leaf, NULL, "yang:orig-default",
				 old->flags & LYD_DEFAULT ? "true" : "false", 0,
				 NULL);
	if (!r)
		r = lyd_new_meta(NULL, leaf, NULL, "yang:orig-value",
				 lyd_get_value(old), 0, NULL);
	return r;
}

/* The non-key leaf of an entry (the IPv6 side). */
static const struct lyd_node *entry_value(const struct lyd_node *e)
{
	const struct lyd_node *c;

	LY_LIST_FOR (lyd_child(e), c)
		if (c->schema && !(c->schema->flags & LYS_KEY))
			return c;
	return NULL;
}

/* e's entry (same key) in translator t, by the list's hash table. */
static struct lyd_node *find_entry(const struct lyd_node *t,
				   const struct lyd_node *e)
{
	struct lyd_node *m = NULL;

	if (lyd_child(t))
		lyd_find_sibling_first(lyd_child(t), e, &m);
	return m;
}

/* The EAM list of t1 against t2, in the order libyang would give:
 * deletions and replacements in t1's order, then creations. */
static LY_ERR diff_eam(const struct lyd_node *t1, const struct lyd_node *t2,
		       struct lyd_node **diff)
{
	const struct lyd_node *e, *v1 = NULL, *v2 = NULL;
	struct lyd_node *m, *dt = NULL;
	LY_ERR r = LY_SUCCESS;

	LY_LIST_FOR (lyd_child(t1), e) {
		if (!is_eam(e))
			continue;
		m = find_entry(t2, e);
		if (m && (v1 = entry_value(e)) && (v2 = entry_value(m)) &&
		    lyd_compare_single(v1, v2, LYD_COMPARE_DEFAULTS) ==
			    LY_SUCCESS)
			continue; /* unchanged */
		if (!dt && (r = diff_translator(diff, t2, &dt)))
			return r;
		if (!m)
			r = add_entry(dt, e, "delete");
		else if (v1 && v2)
			r = add_replace(dt, v1, v2);
		if (r)
			return r;
	}
	LY_LIST_FOR (lyd_child(t2), e) {
		if (!is_eam(e))
			continue;
		if (find_entry(t1, e))
			continue;
		if (!dt && (r = diff_translator(diff, t2, &dt)))
			return r;
		if ((r = add_entry(dt, e, "create")))
			return r;
	}
	return LY_SUCCESS;
}

LY_ERR lyd_diff_siblings(const struct lyd_node *first,
			 const struct lyd_node *second, uint16_t options,
			 struct lyd_node **diff)
{
	const struct lyd_node *t1 = first ? find_translator(first) : NULL;
	const struct lyd_node *t2 = second ? find_translator(second) : NULL;
	struct lyd_node *c1 = NULL, *c2 = NULL;
	LY_ERR r;

	/* Only the case that scales badly: the same translator on both
	 * sides, compared with defaults as libfrr does. */
	if (!t1 || !t2 || !(options & LYD_DIFF_DEFAULTS))
		return td_yang_diff_libyang(first, second, options, diff);
	r = copy_without_eam(first, &c1);
	if (!r)
		r = copy_without_eam(second, &c2);
	if (!r)
		r = td_yang_diff_libyang(c1, c2, options, diff);
	lyd_free_all(c1);
	lyd_free_all(c2);
	if (!r)
		r = diff_eam(t1, t2, diff);
	if (r) {
		lyd_free_all(*diff);
		*diff = NULL;
	}
	return r;
}
