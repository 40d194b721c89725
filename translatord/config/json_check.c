/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Strict JSON syntax check (see json_check.h); RFC 8259 grammar. */
#include "json_check.h"

#include <stdbool.h>
#include <string.h>

/* Deeper than any translatord configuration can be; bounds recursion. */
#define MAX_DEPTH 64

struct scan {
	const char *p;
	const char *what; /* first problem found */
};

static bool bad(struct scan *s, const char *what)
{
	if (!s->what)
		s->what = what;
	return false;
}

static void skip_ws(struct scan *s)
{
	s->p += strspn(s->p, " \t\r\n");
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool string(struct scan *s)
{
	if (*s->p != '"')
		return bad(s, "expected a string");
	for (s->p++; *s->p != '"'; s->p++) {
		if ((unsigned char)*s->p < 0x20)
			return bad(s, *s->p ? "control character in string"
					    : "unterminated string");
		if (*s->p != '\\')
			continue;
		s->p++;
		if (*s->p == 'u') {
			for (int i = 1; i <= 4; i++)
				if (!is_hex(s->p[i]))
					return bad(s, "bad \\u escape");
			s->p += 4;
		} else if (!*s->p || !strchr("\"\\/bfnrt", *s->p)) {
			return bad(s, "bad escape in string");
		}
	}
	s->p++;
	return true;
}

static bool digits(struct scan *s)
{
	if (!is_digit(*s->p))
		return bad(s, "bad number");
	while (is_digit(*s->p))
		s->p++;
	return true;
}

static bool number(struct scan *s)
{
	if (*s->p == '-')
		s->p++;
	if (*s->p == '0')
		s->p++;
	else if (!digits(s))
		return false;
	if (*s->p == '.') {
		s->p++;
		if (!digits(s))
			return false;
	}
	if (*s->p == 'e' || *s->p == 'E') {
		s->p++;
		if (*s->p == '+' || *s->p == '-')
			s->p++;
		return digits(s);
	}
	return true;
}

static bool literal(struct scan *s)
{
	static const char *const words[] = {"true", "false", "null"};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t n = strlen(words[i]);

		if (!strncmp(s->p, words[i], n)) {
			s->p += n;
			return true;
		}
	}
	return bad(s, "expected a value");
}

static bool value(struct scan *s, int depth);

/* Object or array: open, close, and what one element is. */
static bool container(struct scan *s, int depth, char close, bool object)
{
	if (depth > MAX_DEPTH)
		return bad(s, "nested too deeply");
	s->p++;
	skip_ws(s);
	if (*s->p == close) {
		s->p++;
		return true;
	}
	for (;;) {
		skip_ws(s);
		if (object) {
			if (*s->p != '"')
				return bad(s, "expected a member name");
			if (!string(s))
				return false;
			skip_ws(s);
			if (*s->p++ != ':')
				return bad(s, "expected ':' after a member name");
			skip_ws(s);
		}
		if (!value(s, depth + 1))
			return false;
		skip_ws(s);
		if (*s->p == close) {
			s->p++;
			return true;
		}
		if (*s->p != ',')
			return bad(s, object ? "expected ',' or '}'"
					     : "expected ',' or ']'");
		s->p++;
	}
}

static bool value(struct scan *s, int depth)
{
	switch (*s->p) {
	case '{': return container(s, depth, '}', true);
	case '[': return container(s, depth, ']', false);
	case '"': return string(s);
	case '\0': return bad(s, "unexpected end of file");
	default:
		if (*s->p == '-' || is_digit(*s->p))
			return number(s);
		return literal(s);
	}
}

static void locate(const char *text, const char *at, struct json_error *err)
{
	err->line = 1;
	err->column = 1;
	for (const char *p = text; p < at && *p; p++) {
		if (*p == '\n') {
			err->line++;
			err->column = 1;
		} else {
			err->column++;
		}
	}
}

int json_check(const char *text, struct json_error *err)
{
	struct scan s = {.p = text};

	/* RFC 8259 8.1: "Implementations MUST NOT add a byte order mark
	 * (U+FEFF) to the beginning of a networked-transmitted JSON text." */
	if (!strncmp(text, "\xef\xbb\xbf", 3)) {
		s.p = text;
		bad(&s, "starts with a UTF-8 byte order mark (RFC 8259 8.1); save the file without it");
		locate(text, s.p, err);
		err->what = s.what;
		return -1;
	}
	skip_ws(&s);
	if (*s.p != '{')
		bad(&s, *s.p ? "expected a JSON object"
			     : "empty, expected a JSON object");
	else if (value(&s, 0)) {
		skip_ws(&s);
		if (*s.p)
			bad(&s, "text after the end of the top-level object");
	}
	if (!s.what)
		return 0;
	locate(text, s.p, err);
	err->what = s.what;
	return -1;
}
