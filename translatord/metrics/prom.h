/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Prometheus text exposition format (version 0.0.4) writer.
 *
 * The caller emits a family header (HELP, TYPE) then its samples; the
 * writer escapes help text and label values as the format requires and
 * refuses invalid metric or label names, so a bug never produces a scrape
 * that Prometheus rejects as a whole.
 */
#ifndef TRANSLATORD_PROM_H
#define TRANSLATORD_PROM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct prom_buf {
	char *data;
	size_t len, cap;
	bool failed; /* out of memory or an invalid name was given */
};

struct prom_label {
	const char *name;
	const char *value;
};

void prom_buf_init(struct prom_buf *b);
void prom_buf_free(struct prom_buf *b);

bool prom_valid_metric_name(const char *name);
bool prom_valid_label_name(const char *name);

/* # HELP / # TYPE lines; type is "counter", "gauge" or "untyped". */
void prom_family(struct prom_buf *b, const char *name, const char *type,
		 const char *help);
/* name{l1="v1",...} value */
void prom_sample_u64(struct prom_buf *b, const char *name,
		     const struct prom_label *labels, size_t nlabels,
		     uint64_t value);
void prom_sample_double(struct prom_buf *b, const char *name,
			const struct prom_label *labels, size_t nlabels,
			double value);

#endif
