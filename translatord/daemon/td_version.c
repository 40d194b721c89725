/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * FRR version pin: compares what translatord was compiled against with
 *  - the version libfrr.so.0 reports about itself (its core module info),
 *  - the version of the installed frr package (dpkg's status file).
 * The second catches Debian revisions (security fixes) that keep the
 * upstream version string but rebuild libfrr.
 */
#include <zebra.h>

#include <lib/version.h>

#include "module.h"

#include "td_version.h"

/* libfrr's own module record; not declared in its headers. */
extern union _frrmod_runtime_u frrmod_default;

#define DPKG_STATUS "/var/lib/dpkg/status"

/* Version of the installed package `pkg`, from dpkg's status file. */
static bool dpkg_version(const char *status, const char *pkg, char *out,
			 size_t outlen)
{
	FILE *f = fopen(status, "r");
	char *line = NULL, ver[256] = "";
	size_t cap = 0;
	bool is_pkg = false, installed = false, found = false;
	ssize_t n;

	if (!f)
		return false;
	while ((n = getline(&line, &cap, f)) >= 0) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '\0') { /* end of a stanza */
			if (is_pkg && installed && ver[0]) {
				found = true;
				break;
			}
			is_pkg = installed = false;
			ver[0] = '\0';
		} else if (!strncmp(line, "Package: ", 9)) {
			is_pkg = !strcmp(line + 9, pkg);
		} else if (!strncmp(line, "Status: ", 8)) {
			installed = strstr(line, " installed") != NULL;
		} else if (!strncmp(line, "Version: ", 9)) {
			snprintf(ver, sizeof(ver), "%s", line + 9);
		}
	}
	if (!found && is_pkg && installed && ver[0])
		found = true; /* last stanza, no trailing blank line */
	free(line);
	fclose(f);
	if (found)
		snprintf(out, outlen, "%s", ver);
	return found;
}

int td_frr_version_check(char *err, size_t errlen)
{
	const char *lib = frrmod_default.r.info->version;
	/* Tests point this at a fake status file to check the refusal. */
	const char *status = getenv("TRANSLATORD_DPKG_STATUS");
	char pkg[256];

	if (!status)
		status = DPKG_STATUS;
	if (strcmp(lib, FRR_VERSION) != 0) {
		snprintf(err, errlen,
			 "translatord was built against FRR %s (package %s) but the libfrr.so.0 it loaded is FRR %s; rebuild it against the installed FRR: make frr-sdk translatord-daemon",
			 FRR_VERSION, TD_FRR_PKG_VERSION, lib);
		return -1;
	}
	if (!dpkg_version(status, "frr", pkg, sizeof(pkg))) {
		snprintf(err, errlen,
			 "translatord was built against the frr package %s, but no installed frr package is listed in %s",
			 TD_FRR_PKG_VERSION, status);
		return -1;
	}
	if (strcmp(pkg, TD_FRR_PKG_VERSION) != 0) {
		snprintf(err, errlen,
			 "translatord was built against the frr package %s, but frr %s is installed; rebuild it against the installed FRR: make frr-sdk translatord-daemon",
			 TD_FRR_PKG_VERSION, pkg);
		return -1;
	}
	return 0;
}
