// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer harness: the http health check's response reader
 * (translatord/health/http_response.c), fed what a backend, broken or
 * hostile, may send.
 *
 * Input: byte 0 bit 0 says whether the check wants the body substring
 * "OK"; byte 1 is the size (1..256) of the pieces the rest arrives in,
 * as a slow or a fast server would send it; then the bytes.
 *
 * Checked beyond ASan and UBSan:
 *  - once the server has closed, there is a verdict (never "more");
 *  - while the body is searched, at most the substring's length - 1
 *    bytes stay buffered, whatever the body's size;
 *  - the verdict's detail, which goes to logs, vty and JSON, is one line
 *    of printable text (the backend's bytes escaped).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http_response.h"

static void check_detail(const char *detail)
{
	for (const char *p = detail; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_response r;
	struct evbuffer *in;
	enum http_verdict v = HTTP_MORE;
	char detail[256] = "";
	const char *want;
	size_t chunk;

	if (size < 2)
		return 0;
	want = data[0] & 1 ? "OK" : "";
	chunk = 1 + (size_t)data[1];
	data += 2;
	size -= 2;
	in = evbuffer_new();
	if (!in)
		return 0;
	http_response_init(&r, 200, 399, want);
	for (size_t off = 0; v == HTTP_MORE && off < size; off += chunk) {
		size_t n = size - off < chunk ? size - off : chunk;

		evbuffer_add(in, data + off, n);
		v = http_response_read(&r, in, false, detail, sizeof(detail));
		if (v == HTTP_MORE && r.phase == HTTP_BODY &&
		    evbuffer_get_length(in) >= strlen(want))
			abort();
	}
	if (v == HTTP_MORE)
		v = http_response_read(&r, in, true, detail, sizeof(detail));
	if (v == HTTP_MORE)
		abort();
	check_detail(detail);
	evbuffer_free(in);
	return 0;
}
