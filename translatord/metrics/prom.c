/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "prom.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void prom_buf_init(struct prom_buf *b)
{
	memset(b, 0, sizeof(*b));
}

void prom_buf_free(struct prom_buf *b)
{
	free(b->data);
	prom_buf_init(b);
}

static bool reserve(struct prom_buf *b, size_t more)
{
	if (b->failed)
		return false;
	if (b->len + more + 1 <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 4096;
	while (cap < b->len + more + 1)
		cap *= 2;
	char *p = realloc(b->data, cap);
	if (!p) {
		b->failed = true;
		return false;
	}
	b->data = p;
	b->cap = cap;
	return true;
}

static void put(struct prom_buf *b, const char *s, size_t n)
{
	if (!reserve(b, n))
		return;
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static void puts_(struct prom_buf *b, const char *s)
{
	put(b, s, strlen(s));
}

/* Help text escapes backslash and newline; label values also escape the
 * double quote (exposition format, "Comments, help text, and type
 * information" and "Line format"). */
static void put_escaped(struct prom_buf *b, const char *s, bool quote)
{
	for (; *s; s++) {
		if (*s == '\\')
			puts_(b, "\\\\");
		else if (*s == '\n')
			puts_(b, "\\n");
		else if (quote && *s == '"')
			puts_(b, "\\\"");
		else
			put(b, s, 1);
	}
}

static bool name_char(char c, bool first, bool colon_ok)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')
		return true;
	if (colon_ok && c == ':')
		return true;
	return !first && c >= '0' && c <= '9';
}

static bool valid_name(const char *name, bool colon_ok)
{
	if (!name || !*name)
		return false;
	for (const char *p = name; *p; p++)
		if (!name_char(*p, p == name, colon_ok))
			return false;
	return true;
}

bool prom_valid_metric_name(const char *name)
{
	return valid_name(name, true);
}

bool prom_valid_label_name(const char *name)
{
	/* Names starting with __ are reserved for Prometheus itself. */
	return valid_name(name, false) && strncmp(name, "__", 2) != 0;
}

void prom_family(struct prom_buf *b, const char *name, const char *type,
		 const char *help)
{
	if (!prom_valid_metric_name(name)) {
		b->failed = true;
		return;
	}
	puts_(b, "# HELP ");
	puts_(b, name);
	puts_(b, " ");
	put_escaped(b, help, false);
	puts_(b, "\n# TYPE ");
	puts_(b, name);
	puts_(b, " ");
	puts_(b, type);
	puts_(b, "\n");
}

static void sample_head(struct prom_buf *b, const char *name,
			const struct prom_label *labels, size_t n)
{
	if (!prom_valid_metric_name(name)) {
		b->failed = true;
		return;
	}
	puts_(b, name);
	if (n == 0)
		return;
	puts_(b, "{");
	for (size_t i = 0; i < n; i++) {
		if (!prom_valid_label_name(labels[i].name)) {
			b->failed = true;
			return;
		}
		if (i)
			puts_(b, ",");
		puts_(b, labels[i].name);
		puts_(b, "=\"");
		put_escaped(b, labels[i].value ? labels[i].value : "", true);
		puts_(b, "\"");
	}
	puts_(b, "}");
}

void prom_sample_u64(struct prom_buf *b, const char *name,
		     const struct prom_label *labels, size_t nlabels,
		     uint64_t value)
{
	char num[32];

	sample_head(b, name, labels, nlabels);
	snprintf(num, sizeof(num), " %" PRIu64 "\n", value);
	puts_(b, num);
}

void prom_sample_double(struct prom_buf *b, const char *name,
			const struct prom_label *labels, size_t nlabels,
			double value)
{
	char num[48];

	sample_head(b, name, labels, nlabels);
	if (isnan(value))
		snprintf(num, sizeof(num), " NaN\n");
	else if (isinf(value))
		snprintf(num, sizeof(num), " %sInf\n", value > 0 ? "+" : "-");
	else
		snprintf(num, sizeof(num), " %.17g\n", value);
	puts_(b, num);
}
