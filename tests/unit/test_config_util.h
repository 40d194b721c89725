/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers for test_config.c: address literals and "the loader refused
 * this and left everything alone" checks.
 */
#ifndef TEST_CONFIG_UTIL_H
#define TEST_CONFIG_UTIL_H

#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "translatord_config.h"

static inline void v4_of(const char *s, uint8_t out[4])
{
	assert_int_equal(inet_pton(AF_INET, s, out), 1);
}

static inline void v6_of(const char *s, uint8_t out[16])
{
	assert_int_equal(inet_pton(AF_INET6, s, out), 1);
}

static inline void assert_v4(const uint8_t *got, const char *want)
{
	uint8_t w[4];

	v4_of(want, w);
	assert_memory_equal(got, w, 4);
}

static inline void assert_v6(const uint8_t *got, const char *want)
{
	uint8_t w[16];

	v6_of(want, w);
	assert_memory_equal(got, w, 16);
}

/* A value no successful load can produce, to see whether cfg and the
 * table pointer were written. */
#define POISON 0xa5
static struct eamt *const POISON_EAMT = (struct eamt *)(uintptr_t)0xdeadbeef;

/*
 * Load json, expect a refusal whose message contains every string of the
 * NULL-terminated list (the node path and the value), and check cfg and
 * the table pointer were not touched.
 */
static inline void expect_error_v(const char *json, va_list ap)
{
	struct xlat_config cfg, before;
	struct eamt *t = POISON_EAMT;
	char err[1024];
	const char *want;

	memset(&cfg, POISON, sizeof(cfg));
	memcpy(&before, &cfg, sizeof(cfg));
	assert_int_not_equal(translatord_config_load_string(
				     json, "t.json", &cfg, &t, err, sizeof(err)),
			     0);
	assert_memory_equal(&cfg, &before, sizeof(cfg));
	assert_ptr_equal(t, POISON_EAMT);
	assert_null(strchr(err, '\n'));
	assert_int_equal(strncmp(err, "t.json: ", 8), 0);
	while ((want = va_arg(ap, const char *))) {
		if (!strstr(err, want))
			fail_msg("error \"%s\" lacks \"%s\"", err, want);
	}
}

static inline void expect_error(const char *json, ...)
{
	va_list ap;

	va_start(ap, json);
	expect_error_v(json, ap);
	va_end(ap);
}

/* Load json that must be accepted. */
static inline void load_ok(const char *json, struct xlat_config *cfg,
			   struct eamt **t)
{
	char err[1024] = "";

	if (translatord_config_load_string(json, "t.json", cfg, t, err,
					   sizeof(err)))
		fail_msg("refused: %s", err);
}

#endif
