/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Strict JSON syntax check (RFC 8259), run before libyang sees the text.
 *
 * libyang 2.1 accepts some broken documents: text after the top-level
 * object is ignored, and a file cut right after a top-level member name
 * ('{"translatord:translator": ') loads as an empty configuration. Both
 * are what a half-written or concatenated file looks like, so they must
 * be refused, not turned into a translator running on defaults.
 */
#ifndef TRANSLATORD_JSON_CHECK_H
#define TRANSLATORD_JSON_CHECK_H

#include <stddef.h>

struct json_error {
	unsigned line, column; /* 1-based position of the problem */
	const char *what;      /* static text */
};

/* 0 when text is exactly one JSON object (whitespace around it allowed),
 * else -1 with *err filled. */
int json_check(const char *text, struct json_error *err);

#endif
