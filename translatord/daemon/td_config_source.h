/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where translatord's configuration came from, with --config-json: the
 * file replaces a -f translator block at start-up, later changes apply
 * on top until SIGHUP loads the file alone again; and loading a YANG JSON
 * file (td_config_source.c).
 */
#ifndef TRANSLATORD_TD_CONFIG_SOURCE_H
#define TRANSLATORD_TD_CONFIG_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* How many nodes of translatord's running configuration differ from
 * what the file last loaded (everything, before the first load), and
 * the YANG path of the first one. */
unsigned td_config_source_changes(char *first, size_t len);
/* path was just loaded: remember the running configuration. */
void td_config_source_loaded(const char *path);
/* The file last loaded (NULL: none) and when. */
const char *td_config_source_file(time_t *at);
void td_config_source_fini(void);

/* Load a YANG JSON file (module translatord) and commit it: checked by the
 * config library's loader first (messages name the file, line and node),
 * then merged into (replace: replacing) translatord's part of the running
 * configuration in one transaction. 0, or -1 with err; on error nothing
 * changed. */
int td_config_load_json(const char *path, bool replace, char *err,
			size_t errlen);

#endif
