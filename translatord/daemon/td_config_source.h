/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where translatord's configuration came from, with --config-json: the
 * file replaces a -f translator block at start-up, later changes apply
 * on top until SIGHUP loads the file alone again (td_config_source.c).
 */
#ifndef TRANSLATORD_TD_CONFIG_SOURCE_H
#define TRANSLATORD_TD_CONFIG_SOURCE_H

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

#endif
