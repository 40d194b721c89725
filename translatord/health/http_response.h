/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The http check's answer, read as it arrives: the status line (RFC 9112
 * 4), the headers (skipped), and, when the check wants a substring, the
 * body up to it. No socket here (check_http.c has those): bytes in, a
 * verdict out, so that it can be fuzzed alone.
 */
#ifndef TRANSLATORD_HTTP_RESPONSE_H
#define TRANSLATORD_HTTP_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>

#include <event2/buffer.h>

#define HTTP_MAX_HEAD_BYTES 16384u /* status line and headers */
#define HTTP_MAX_BODY_BYTES 65536u /* searched for the substring */

enum http_verdict {
	HTTP_MORE, /* need more bytes */
	HTTP_OK,
	HTTP_FAIL,
};

struct http_response {
	/* What is expected. */
	unsigned status_min, status_max;
	const char *body; /* "": not checked */
	/* Where reading is. */
	enum { HTTP_STATUS_LINE, HTTP_HEADERS, HTTP_BODY } phase;
	int status;
	size_t head_bytes;
	size_t body_bytes; /* already searched and dropped */
};

void http_response_init(struct http_response *r, unsigned status_min,
			unsigned status_max, const char *body);

/* Read what in holds (consumed as it is read; in a body only a tail that
 * could start the substring stays); eof: the server closed. On OK or
 * FAIL, detail says why, the server's bytes escaped. */
enum http_verdict http_response_read(struct http_response *r,
				     struct evbuffer *in, bool eof,
				     char *detail, size_t len);

#endif
