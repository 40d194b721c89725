/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The http check's answer: see http_response.h.
 *
 * The request is HTTP/1.0 with Connection: close, so the server answers
 * without chunked encoding and ends the body by closing (RFC 9112 6.3):
 * the body is simply everything up to EOF.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "http_response.h"

void http_response_init(struct http_response *r, unsigned status_min,
			unsigned status_max, const char *body)
{
	memset(r, 0, sizeof(*r));
	r->status_min = status_min;
	r->status_max = status_max;
	r->body = body;
	r->phase = HTTP_STATUS_LINE;
}

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

/* RFC 9112 4: status-line = HTTP-version SP status-code SP
 * [ reason-phrase ], HTTP-version = "HTTP/" DIGIT "." DIGIT, status-code
 * = 3DIGIT ("HTTP/1.1 2000" is not 200). A missing SP before an empty
 * reason is tolerated. -1 if not a status line. */
static int parse_status(const char *line)
{
	if (strncmp(line, "HTTP/", 5) || !digit(line[5]) || line[6] != '.' ||
	    !digit(line[7]) || line[8] != ' ' || !digit(line[9]) ||
	    !digit(line[10]) || !digit(line[11]) ||
	    (line[12] != ' ' && line[12] != '\0') || line[9] == '0')
		return -1;
	return (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
}

static enum http_verdict say(char *detail, size_t len, enum http_verdict v,
			     const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static enum http_verdict say(char *detail, size_t len, enum http_verdict v,
			     const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, len, fmt, ap);
	va_end(ap);
	return v;
}

static enum http_verdict read_status(struct http_response *r,
				     struct evbuffer *in, bool eof,
				     char *detail, size_t len)
{
	size_t n;
	char *line = evbuffer_readln(in, &n, EVBUFFER_EOL_CRLF);

	if (!line) {
		if (eof)
			return say(detail, len, HTTP_FAIL,
				   "connection closed before the status line");
		if (evbuffer_get_length(in) > HTTP_MAX_HEAD_BYTES)
			return say(detail, len, HTTP_FAIL,
				   "status line too long");
		return HTTP_MORE;
	}
	r->head_bytes += n;
	r->status = parse_status(line);
	if (r->status < 0) {
		/* Room for the words around it in detail. */
		char shown[HEALTH_REASON_MAX - 32];

		/* The backend's bytes go to logs, vty and JSON: escaped
		 * (at most 4 bytes each: 55 fit). */
		health_escape(line, 55, shown, sizeof(shown));
		free(line);
		return say(detail, len, HTTP_FAIL,
			   "not an HTTP status line: '%s'", shown);
	}
	free(line);
	if (r->status < (int)r->status_min || r->status > (int)r->status_max)
		return say(detail, len, HTTP_FAIL,
			   "HTTP status %d, expected %u-%u", r->status,
			   r->status_min, r->status_max);
	if (!r->body[0])
		return say(detail, len, HTTP_OK, "HTTP status %d", r->status);
	r->phase = HTTP_HEADERS;
	return HTTP_MORE;
}

static enum http_verdict read_headers(struct http_response *r,
				      struct evbuffer *in, bool eof,
				      char *detail, size_t len)
{
	char *line;
	size_t n;

	while ((line = evbuffer_readln(in, &n, EVBUFFER_EOL_CRLF))) {
		free(line);
		r->head_bytes += n;
		if (n == 0) {
			r->phase = HTTP_BODY;
			return HTTP_MORE;
		}
		if (r->head_bytes > HTTP_MAX_HEAD_BYTES)
			break;
	}
	if (r->head_bytes + evbuffer_get_length(in) > HTTP_MAX_HEAD_BYTES)
		return say(detail, len, HTTP_FAIL, "headers too long");
	if (eof)
		return say(detail, len, HTTP_FAIL,
			   "connection closed in the headers");
	return HTTP_MORE;
}

static enum http_verdict read_body(struct http_response *r,
				   struct evbuffer *in, bool eof, char *detail,
				   size_t len)
{
	size_t wlen = strlen(r->body), have = evbuffer_get_length(in);
	struct evbuffer_ptr at = evbuffer_search(in, r->body, wlen, NULL);

	if (at.pos >= 0)
		return say(detail, len, HTTP_OK, "HTTP status %d, body has '%s'",
			   r->status, r->body);
	/* Keep only a tail that could start a match, so memory stays small
	 * whatever the body size. */
	if (have >= wlen) {
		evbuffer_drain(in, have - (wlen - 1));
		r->body_bytes += have - (wlen - 1);
	}
	if (eof || r->body_bytes >= HTTP_MAX_BODY_BYTES)
		return say(detail, len, HTTP_FAIL,
			   "HTTP status %d, body has no '%s'%s", r->status,
			   r->body, eof ? "" : " in its first 64 KiB");
	return HTTP_MORE;
}

enum http_verdict http_response_read(struct http_response *r,
				     struct evbuffer *in, bool eof,
				     char *detail, size_t len)
{
	enum http_verdict v = HTTP_MORE;

	if (r->phase == HTTP_STATUS_LINE)
		v = read_status(r, in, eof, detail, len);
	if (v == HTTP_MORE && r->phase == HTTP_HEADERS)
		v = read_headers(r, in, eof, detail, len);
	if (v == HTTP_MORE && r->phase == HTTP_BODY)
		v = read_body(r, in, eof, detail, len);
	return v;
}
