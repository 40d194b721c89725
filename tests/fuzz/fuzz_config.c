/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for the configuration loader: the YANG JSON an
 * operator (or a controller) writes, through both entry points. The full
 * load must either succeed with a table that answers lookups, or fail
 * with a one-line message naming the input; the as-written check must
 * never accept what the full load refuses for a value as written (host
 * bits, lengths, duplicates), since the daemon relies on it for those.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "eamt.h"
#include "translatord_config.h"
#include "xlat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *json = malloc(size + 1), err[1024];
	struct xlat_config cfg;
	struct eamt *t = NULL;
	int full, written;

	if (!json)
		return 0;
	memcpy(json, data, size);
	json[size] = '\0';
	full = translatord_config_load_string(json, "f.json", &cfg, &t, err,
					      sizeof(err));
	if (full == 0) {
		struct eamt_entry e;
		uint8_t v6[16], v4[4];

		/* Every entry maps its own prefix, both ways. */
		for (size_t i = 0; eamt_get(t, i, &e); i++) {
			if (!eamt_lookup4(t, e.v4, v6) ||
			    !eamt_lookup6(t, e.v6, v4))
				abort();
		}
		translatord_config_free(&cfg, &t);
	} else if (strchr(err, '\n') || strncmp(err, "f.json", 6) != 0) {
		abort(); /* one line, naming the file */
	}
	written = translatord_config_check_as_written(json, "f.json", err,
						      sizeof(err));
	/* What the full load accepts, the as-written check accepts. */
	if (full == 0 && written != 0)
		abort();
	free(json);
	return 0;
}
