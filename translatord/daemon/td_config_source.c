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

#include "libfrr.h"
#include "log.h"
#include "northbound.h"
#include "northbound_cli.h"
#include "vty.h"
#include "yang.h"

#include "translatord_config.h"

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

/* ---- loading a YANG JSON file into the running configuration ---- */

/* The file does not fit the schema: the config library's full loader
 * says why in its words ("out of the allowed range 1280..65535", not
 * libyang's pattern); only on this error path, which is rare. */
static void schema_error(const char *json, const char *path, char *err,
			 size_t errlen)
{
	struct xlat_config x;
	struct eamt *t = NULL;
	char why[BUFSIZ];

	if (translatord_config_load_string(json, path, &x, &t, why,
					   sizeof(why)) == 0)
		translatord_config_free(&x, &t);
	else
		snprintf(err, errlen, "%s", why);
}

int td_config_load_json(const char *path, bool replace, char *err, size_t errlen)
{
	struct nb_context ctx = {.client = NB_CLIENT_CLI};
	struct nb_config *cand;
	struct lyd_node *tree = NULL;
	char *json, buf[BUFSIZ];
	int ret;

	json = translatord_config_read_file(path, NULL, err, errlen);
	if (!json)
		return -1;
	/* What needs the values as written first (libyang clears host bits
	 * silently), with messages that name the file, line and node; the
	 * schema and the other semantic checks are the commit's: the text
	 * is parsed into a tree once, and the configuration built once. */
	if (translatord_config_check_as_written(json, path, err, errlen)) {
		free(json);
		return -1;
	}
	if (lyd_parse_data_mem(ly_native_ctx, json, LYD_JSON,
			       LYD_PARSE_ONLY | LYD_PARSE_STRICT |
				       LYD_PARSE_NO_STATE,
			       0, &tree) != LY_SUCCESS) {
		snprintf(err, errlen, "%s: %s", path,
			 yang_print_errors(ly_native_ctx, buf, sizeof(buf)));
		schema_error(json, path, err, errlen);
		free(json);
		return -1;
	}
	free(json);

	cand = nb_config_dup(running_config);
	if (replace && yang_dnode_exists(cand->dnode, TD_XPATH))
		nb_candidate_edit(cand, nb_node_find(TD_XPATH), NB_OP_DESTROY,
				  TD_XPATH, NULL, NULL);
	if (tree && lyd_merge_siblings(&cand->dnode, tree,
				       LYD_MERGE_DESTRUCT) != LY_SUCCESS) {
		snprintf(err, errlen, "%s: cannot merge: %s", path,
			 yang_print_errors(ly_native_ctx, buf, sizeof(buf)));
		nb_config_free(cand);
		return -1;
	}
	snprintf(buf, sizeof(buf), "translatord: load %s", path);
	ret = nb_candidate_commit(&ctx, cand, true, buf, NULL, buf,
				  sizeof(buf));
	nb_config_free(cand);
	if (ret != NB_OK && ret != NB_ERR_NO_CHANGES) {
		snprintf(err, errlen, "%s: %s", path, buf);
		return -1;
	}
	err[0] = '\0';
	/* In the classic CLI mode every command commits the shared
	 * candidate: it must not carry the old configuration back. */
	if (frr_get_cli_mode() == FRR_CLI_CLASSIC)
		nb_config_replace(vty_shared_candidate_config, running_config,
				  true);
	return 0;
}
