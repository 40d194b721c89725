/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * file check: the drain switch. While the file exists the check fails,
 * so an operator (or a deploy tool) withdraws the routes with `touch`
 * and brings them back with `rm`, without touching the configuration.
 * A stat() is instant, so the probe ends inside start().
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"

static void file_start(struct health_check *c)
{
	struct stat st;

	if (stat(c->cfg.file_path, &st) == 0) {
		health_probe_done(c, HEALTH_RESULT_FAIL, "drain file %s exists",
				  c->cfg.file_path);
		return;
	}
	if (errno == ENOENT || errno == ENOTDIR) {
		health_probe_done(c, HEALTH_RESULT_OK, "no drain file");
		return;
	}
	/* Cannot tell (e.g. EACCES): fail safe, as if draining. */
	health_probe_done(c, HEALTH_RESULT_FAIL, "stat %s: %s",
			  c->cfg.file_path, strerror(errno));
}

static void file_cancel(struct health_check *c, char *detail, size_t len)
{
	/* Nothing is ever in flight after file_start() returns. */
	(void)c;
	(void)detail;
	(void)len;
}

const struct health_check_ops health_check_file_ops = {
	.start = file_start,
	.cancel = file_cancel,
};
