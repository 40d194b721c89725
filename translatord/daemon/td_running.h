/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The running translation configuration and what it advertises.
 *
 * Today it comes from a YANG JSON file (--config-json, reloaded on SIGHUP);
 * the northbound will call the same replace-and-advertise path on commit.
 */
#ifndef TRANSLATORD_TD_RUNNING_H
#define TRANSLATORD_TD_RUNNING_H

#include <stddef.h>

/* Load path; on success replace the running configuration (the old one is
 * kept on error: the loader is all or nothing) and return 0, else -1 with
 * a one-line error naming the file and the offending node. */
int td_running_load(const char *path, char *err, size_t errlen);

/* Make the advertisement table match the running configuration: each EAM
 * IPv4 prefix and pool6. (The EAM IPv6 side belongs to the backends.) */
void td_running_advertise(void);

void td_running_fini(void);

#endif
