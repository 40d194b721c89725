/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Configuration loader: JSON instance data of the YANG module
 * "translatord" (yang/translatord.yang) -> struct xlat_config + EAMT.
 *
 * The module is compiled into the binary, so a configuration is always
 * checked against the schema it was built with. Validation is strict:
 * unknown nodes are errors, not silently ignored.
 *
 * Loading is all or nothing: on failure the caller's cfg and *eamt_out
 * are left as they were and nothing stays allocated, so a daemon can
 * reload over a running configuration and keep it on error.
 */
#ifndef TRANSLATORD_CONFIG_H
#define TRANSLATORD_CONFIG_H

#include <stddef.h>

#include "xlat.h"

/*
 * Load the configuration file at path. On success returns 0, fills *cfg
 * (from xlat_config_init() defaults) and sets *eamt_out to the new EAM
 * table, or to NULL when the file has no EAM entry; cfg->eamt points to
 * the same table. The caller owns it: see translatord_config_free().
 *
 * On failure returns -1 and writes one line (no trailing newline) into
 * err, starting with the file name and naming the offending node, e.g.
 *   "siit.json: /translatord:translator/pool6: ..."
 */
int translatord_config_load_file(const char *path, struct xlat_config *cfg,
				 struct eamt **eamt_out, char *err,
				 size_t errlen);

/* Same, from a NUL-terminated JSON text; name stands for the file name
 * in error messages (NULL: "<string>"). */
int translatord_config_load_string(const char *json, const char *name,
				   struct xlat_config *cfg,
				   struct eamt **eamt_out, char *err,
				   size_t errlen);

/*
 * The checks that need the values as written (libyang canonicalises
 * prefixes, clearing host bits, before a schema-aware reader sees them),
 * for a reader that parses and validates the schema itself, as the
 * daemon's northbound does: JSON syntax (line and column), pool6, the EAM
 * entries (prefix syntax, host bits, lengths, duplicates) and the RFC
 * 6791 pools, with the same messages as translatord_config_load_string().
 * 0, or -1 with err.
 */
int translatord_config_check_as_written(const char *json, const char *name,
					char *err, size_t errlen);

/*
 * Value by value, with the loader's checks and messages: for a program
 * whose YANG data comes from elsewhere (the daemon's FRR northbound).
 * Values are strings as YANG writes them. Each returns 0, or -1 with
 * "PATH: message" in err, PATH being the node's data path, e.g.
 *   "/translatord:translator/eam[ipv4-prefix='192.0.2.0/24']/ipv6-prefix:
 *    \"2001:db8::/112\": ... suffix ..."
 * On error the destination is left as it was.
 */
int translatord_config_set_pool6(struct xlat_config *cfg, const char *value,
				 char *err, size_t errlen);
/* t from eamt_create(); the entry is added to it. */
int translatord_config_add_eam(struct eamt *t, const char *ipv4_prefix,
			       const char *ipv6_prefix, char *err,
			       size_t errlen);
/* family: AF_INET or AF_INET6. */
int translatord_config_set_rfc6791_pool(struct xlat_config *cfg, int family,
					const char *value, char *err,
					size_t errlen);

/* Free what a successful load allocated and reset cfg->eamt and *eamt
 * to NULL. Either pointer may be NULL. */
void translatord_config_free(struct xlat_config *cfg, struct eamt **eamt);

/* The translation settings that need no check beyond the schema's
 * (own-address, lowest-ipv6-mtu, tos-override, ipv4-source-filter,
 * icmp-errors, zero-checksum-udp), from top, the translator container
 * of a validated tree (with its default leaves; NULL: none), into c.
 * The one reader of these leaves: the file loader and the daemon's
 * northbound both use it. */
struct lyd_node;
void translatord_config_read_settings(const struct lyd_node *top,
				      struct xlat_config *c);

/* Checks across a whole configuration (cfg->eamt included): own-address
 * and RFC 6791 pools outside the mappings. 0, or
 * -1 with a message naming the node (no file name). */
int translatord_config_check_addresses(const struct xlat_config *cfg,
				       char *err, size_t errlen);

/* A configuration file's text (malloc'd, NUL-terminated; *len_out its
 * length, may be NULL): a regular file of at most
 * TRANSLATORD_CONFIG_MAX_BYTES without NUL bytes, read without blocking on
 * FIFOs or devices. NULL and a message naming the file otherwise. */
#define TRANSLATORD_CONFIG_MAX_BYTES (512u << 20)
char *translatord_config_read_file(const char *path, size_t *len_out,
				   char *err, size_t errlen);

#endif
