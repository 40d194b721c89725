/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Health-check configuration validation (translatord/health/config.c).
 * Each invalid configuration must be rejected with a message that names
 * the check and the field; the expected messages are written here by
 * hand, as an operator should read them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "health.h"

static void base(struct health_check_config *c, enum health_check_type t)
{
	health_check_config_init(c, t);
	snprintf(c->name, sizeof(c->name), "web1");
	switch (t) {
	case HEALTH_CHECK_ICMP:
		snprintf(c->target, sizeof(c->target), "2001:db8::10");
		break;
	case HEALTH_CHECK_TCP:
	case HEALTH_CHECK_HTTP:
		snprintf(c->target, sizeof(c->target), "192.0.2.10");
		c->port = 80;
		break;
	case HEALTH_CHECK_SCRIPT:
		snprintf(c->script, sizeof(c->script), "true");
		break;
	case HEALTH_CHECK_FILE:
		snprintf(c->file_path, sizeof(c->file_path), "/run/drain");
		break;
	case HEALTH_CHECK_DATAPLANE:
		snprintf(c->interface, sizeof(c->interface), "siit0");
		snprintf(c->source, sizeof(c->source), "192.0.2.1");
		snprintf(c->target, sizeof(c->target), "198.51.100.10");
		snprintf(c->expect_source, sizeof(c->expect_source),
			 "64:ff9b::c000:201");
		snprintf(c->expect_target, sizeof(c->expect_target),
			 "2001:db8:1::10");
		break;
	default:
		break;
	}
}

static void expect_ok(const struct health_check_config *c)
{
	char err[HEALTH_ERR_MAX] = "";

	if (health_check_config_validate(c, err, sizeof(err)) != 0)
		fail_msg("rejected: %s", err);
}

static void expect_err(const struct health_check_config *c, const char *msg)
{
	char err[HEALTH_ERR_MAX] = "";

	assert_int_equal(health_check_config_validate(c, err, sizeof(err)), -1);
	assert_string_equal(err, msg);
}

static void defaults_are_valid_for_every_type(void **state)
{
	struct health_check_config c;

	(void)state;
	for (int t = 0; t < HEALTH_CHECK_TYPE_COUNT; t++) {
		base(&c, (enum health_check_type)t);
		expect_ok(&c);
		assert_true(c.timeout_ms < c.fast_interval_ms);
		assert_true(c.fast_interval_ms <= c.interval_ms);
		assert_false(c.init_up); /* init state failed by default */
	}
	/* A drain switch acts on the first look. */
	base(&c, HEALTH_CHECK_FILE);
	assert_int_equal(c.rise, 1);
	assert_int_equal(c.fall, 1);
}

/* The issue's own example. */
static void timeout_must_be_less_than_interval(void **state)
{
	struct health_check_config c;

	(void)state;
	base(&c, HEALTH_CHECK_HTTP);
	c.interval_ms = 2000;
	c.timeout_ms = 3000;
	expect_err(&c, "check 'web1': timeout 3000 ms must be less than interval 2000 ms");
	c.timeout_ms = 2000; /* equal is not less */
	c.fast_interval_ms = 2000;
	expect_err(&c, "check 'web1': timeout 2000 ms must be less than interval 2000 ms");
	c.timeout_ms = 1999;
	expect_ok(&c);
}

static void timeout_must_be_less_than_fast_interval(void **state)
{
	struct health_check_config c;

	(void)state;
	base(&c, HEALTH_CHECK_TCP);
	c.interval_ms = 5000;
	c.fast_interval_ms = 500;
	c.timeout_ms = 800;
	expect_err(&c, "check 'web1': timeout 800 ms must be less than fast-interval 500 ms");
	c.timeout_ms = 0;
	expect_err(&c, "check 'web1': timeout must be at least 1 ms");
}

static void timing_ranges(void **state)
{
	struct health_check_config c;

	(void)state;
	base(&c, HEALTH_CHECK_TCP);
	c.interval_ms = 5;
	expect_err(&c, "check 'web1': interval 5 ms must be between 10 and 86400000 ms");
	base(&c, HEALTH_CHECK_TCP);
	c.fast_interval_ms = 3000;
	expect_err(&c, "check 'web1': fast-interval 3000 ms must be between 10 ms and interval 2000 ms");
	base(&c, HEALTH_CHECK_TCP);
	c.jitter_pct = 60;
	expect_err(&c, "check 'web1': jitter 60% must be at most 50%");
	base(&c, HEALTH_CHECK_TCP);
	c.rise = 0;
	expect_err(&c, "check 'web1': rise 0 must be between 1 and 100");
	base(&c, HEALTH_CHECK_TCP);
	c.fall = 101;
	expect_err(&c, "check 'web1': fall 101 must be between 1 and 100");
	base(&c, HEALTH_CHECK_TCP);
	c.hold_down_ms = 40000;
	expect_err(&c, "check 'web1': hold-down 40000 ms must not exceed hold-down-max 30000 ms");
}

static void names(void **state)
{
	struct health_check_config c;
	const char *msg = "check name must be 1 to 63 characters of A-Z a-z 0-9 . _ - :";

	(void)state;
	base(&c, HEALTH_CHECK_TCP);
	c.name[0] = '\0';
	expect_err(&c, msg);
	snprintf(c.name, sizeof(c.name), "web 1");
	expect_err(&c, msg);
	snprintf(c.name, sizeof(c.name), "web'1");
	expect_err(&c, msg);
	memset(c.name, 'a', sizeof(c.name)); /* no terminator */
	expect_err(&c, msg);
	snprintf(c.name, sizeof(c.name), "map:198.51.100.10_v6-backend");
	expect_ok(&c);
}

static void targets_and_sources(void **state)
{
	struct health_check_config c;

	(void)state;
	base(&c, HEALTH_CHECK_ICMP);
	c.target[0] = '\0';
	expect_err(&c, "check 'web1': target is required for icmp checks");
	snprintf(c.target, sizeof(c.target), "backend.example");
	expect_err(&c, "check 'web1': target 'backend.example' is not an IPv4 or IPv6 address");
	snprintf(c.target, sizeof(c.target), "fe80::1");
	expect_err(&c, "check 'web1': target fe80::1 is link-local: interface is required");
	snprintf(c.interface, sizeof(c.interface), "eth0");
	expect_ok(&c);

	base(&c, HEALTH_CHECK_TCP);
	snprintf(c.source, sizeof(c.source), "2001:db8::1");
	expect_err(&c, "check 'web1': source 2001:db8::1 and target 192.0.2.10 are not the same address family");
	snprintf(c.source, sizeof(c.source), "192.0.2.300");
	expect_err(&c, "check 'web1': source '192.0.2.300' is not an IPv4 or IPv6 address");
	snprintf(c.source, sizeof(c.source), "192.0.2.1");
	expect_ok(&c);
	c.port = 0;
	expect_err(&c, "check 'web1': port is required for tcp checks");

	base(&c, HEALTH_CHECK_SCRIPT);
	snprintf(c.interface, sizeof(c.interface), "eth0");
	expect_err(&c, "check 'web1': source and interface do not apply to script checks");
}

static void http_fields(void **state)
{
	struct health_check_config c;

	(void)state;
	base(&c, HEALTH_CHECK_HTTP);
	snprintf(c.http_path, sizeof(c.http_path), "health");
	expect_err(&c, "check 'web1': path 'health' must start with '/' and contain no spaces or control characters");
	/* CR/LF would inject request headers. */
	snprintf(c.http_path, sizeof(c.http_path), "/x\r\nX-Evil: 1");
	assert_int_equal(health_check_config_validate(&c, NULL, 0), -1);
	snprintf(c.http_path, sizeof(c.http_path), "/healthz?full=1");
	expect_ok(&c);
	snprintf(c.http_host, sizeof(c.http_host), "a b");
	expect_err(&c, "check 'web1': host 'a b' must contain no spaces or control characters");
	c.http_host[0] = '\0';
	c.http_status_min = 300;
	c.http_status_max = 200;
	expect_err(&c, "check 'web1': status range 300-200 must be within 100-599, low to high");
	c.http_status_min = 200;
	c.http_status_max = 600;
	expect_err(&c, "check 'web1': status range 200-600 must be within 100-599, low to high");
	memset(c.http_path, '/', sizeof(c.http_path)); /* no terminator */
	expect_err(&c, "check 'web1': path is longer than 255 characters");
}

static void script_and_file_fields(void **state)
{
	struct health_check_config c;

	(void)state;
	base(&c, HEALTH_CHECK_SCRIPT);
	c.script[0] = '\0';
	expect_err(&c, "check 'web1': script is required for script checks");
	base(&c, HEALTH_CHECK_FILE);
	snprintf(c.file_path, sizeof(c.file_path), "drain");
	expect_err(&c, "check 'web1': file 'drain' must be an absolute path");
}

/* The data-plane self-test: IPv4 in, the expected IPv6 out, through a
 * named interface. */
static void dataplane_fields(void **state)
{
	struct health_check_config c;

	(void)state;
	base(&c, HEALTH_CHECK_DATAPLANE);
	expect_ok(&c);
	c.interface[0] = '\0';
	expect_err(&c, "check 'web1': interface (the translator interface) is required for dataplane checks");
	base(&c, HEALTH_CHECK_DATAPLANE);
	snprintf(c.target, sizeof(c.target), "2001:db8::1");
	expect_err(&c, "check 'web1': target '2001:db8::1' must be an IPv4 address");
	base(&c, HEALTH_CHECK_DATAPLANE);
	snprintf(c.expect_source, sizeof(c.expect_source), "192.0.2.1");
	expect_err(&c, "check 'web1': expect-source '192.0.2.1' must be an IPv6 address");
	base(&c, HEALTH_CHECK_DATAPLANE);
	c.expect_target[0] = '\0';
	expect_err(&c, "check 'web1': expect-target '' must be an IPv6 address");
}

static void type_names_round_trip(void **state)
{
	enum health_check_type t = HEALTH_CHECK_TYPE_COUNT;

	(void)state;
	for (int i = 0; i < HEALTH_CHECK_TYPE_COUNT; i++) {
		assert_int_equal(health_check_type_parse(
			health_check_type_name((enum health_check_type)i), &t), 0);
		assert_int_equal(t, i);
	}
	assert_int_equal(health_check_type_parse("ping", &t), -1);
	assert_string_equal(health_check_type_name(HEALTH_CHECK_HTTP), "http");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults_are_valid_for_every_type),
		cmocka_unit_test(timeout_must_be_less_than_interval),
		cmocka_unit_test(timeout_must_be_less_than_fast_interval),
		cmocka_unit_test(timing_ranges),
		cmocka_unit_test(names),
		cmocka_unit_test(targets_and_sources),
		cmocka_unit_test(http_fields),
		cmocka_unit_test(script_and_file_fields),
		cmocka_unit_test(dataplane_fields),
		cmocka_unit_test(type_names_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
