// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Where translatord's configuration came from, with --config-json.
 *
 * The rule: the file is translatord's configuration. At start-up it
 * replaces any translator block read with -f. Changes made afterwards
 * (vtysh, and `vtysh -b` applying an integrated frr.conf at boot) apply
 * on top of it until the next SIGHUP, which loads the file alone again.
 * What a load replaces is logged, with the first changed node, so that
 * no change disappears without a line that names it.
 */
#include <zebra.h>

#include "log.h"
#include "northbound.h"
#include "yang.h"

#include "td.h"
#include "td_config_source.h"

/* translatord's subtree as the file last put it into the running
 * configuration; NULL before the first load. */
static struct lyd_node *loaded;
static time_t loaded_at;
static const char *loaded_from;

static const struct lyd_node *running_subtree(void)
{
	return yang_dnode_get(running_config->dnode, TD_XPATH);
}

/* A diff node's operation: its own, else its nearest parent's. */
static bool changed(const struct lyd_node *n)
{
	for (; n; n = lyd_parent(n)) {
		struct lyd_meta *op = lyd_find_meta(n->meta, NULL,
						    "yang:operation");

		if (op)
			return strcmp(lyd_get_meta_value(op), "none") != 0;
	}
	return false;
}

/* Changed leaves and list entries of a libyang diff: an added mapping
 * counts once, not once per leaf. */
static unsigned count_changes(const struct lyd_node *diff, char *first,
			      size_t len)
{
	const struct lyd_node *root, *n;
	unsigned count = 0;

	LY_LIST_FOR (diff, root) {
		LYD_TREE_DFS_BEGIN (root, n) {
			if (n->schema->nodetype &
			    (LYS_LEAF | LYS_LEAFLIST | LYS_LIST)) {
				/* Implicit defaults are no one's change. */
				bool c = !(n->flags & LYD_DEFAULT) && changed(n);

				if (c && !count++)
					lyd_path(n, LYD_PATH_STD, first, len);
				/* A changed entry counts once; an unchanged one
				 * holds a changed leaf. */
				if (c && n->schema->nodetype == LYS_LIST)
					LYD_TREE_DFS_continue = 1;
			}
			LYD_TREE_DFS_END(root, n);
		}
	}
	return count;
}

unsigned td_config_source_changes(char *first, size_t len)
{
	struct lyd_node *diff = NULL;
	unsigned count;

	first[0] = '\0';
	if (lyd_diff_siblings(loaded, running_subtree(), 0, &diff) !=
	    LY_SUCCESS)
		return 0;
	count = count_changes(diff, first, len);
	lyd_free_all(diff);
	return count;
}

void td_config_source_loaded(const char *path)
{
	const struct lyd_node *now = running_subtree();

	lyd_free_all(loaded);
	loaded = NULL;
	if (now && lyd_dup_single(now, NULL, LYD_DUP_RECURSIVE, &loaded) !=
			   LY_SUCCESS)
		loaded = NULL;
	loaded_at = time(NULL);
	loaded_from = path;
}

const char *td_config_source_file(time_t *at)
{
	*at = loaded_at;
	return loaded_from;
}

void td_config_source_fini(void)
{
	lyd_free_all(loaded);
	loaded = NULL;
}
