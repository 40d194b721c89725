/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Configuration loader (translatord/config). Expected values are the
 * ones written in the JSON under test and the defaults of
 * yang/translatord.yang, not output of the loader.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_config_util.h"

#define T "{\"translatord:translator\": {"
#define END "}}"

/* The shape the conformance suite writes. */
static const char good_json[] =
	T "\"pool6\": \"2001:db8:64::/96\","
	  "\"eam\": [{\"ipv4-prefix\": \"198.51.100.10/32\","
	  "           \"ipv6-prefix\": \"2001:db8:1::10/128\"},"
	  "         {\"ipv4-prefix\": \"192.0.2.0/24\","
	  "           \"ipv6-prefix\": \"2001:db8:2::/120\"}],"
	  "\"rfc6791-pool\": {\"ipv4\": \"203.0.113.100/32\","
	  "                   \"ipv6\": \"2001:db8:ffff::/128\"},"
	  "\"own-address\": {\"ipv4\": \"203.0.113.1\", \"ipv6\": \"2001:db8::1\"},"
	  "\"lowest-ipv6-mtu\": 1280, \"zero-checksum-udp\": \"compute\"" END;

static void good_config_fills_cfg(void **state)
{
	struct xlat_config cfg;
	struct eamt *t = NULL;

	(void)state;
	load_ok(good_json, &cfg, &t);
	assert_true(cfg.has_pool6);
	assert_int_equal(cfg.pool6.len, 96);
	assert_v6(cfg.pool6.addr, "2001:db8:64::");
	assert_non_null(t);
	assert_ptr_equal(cfg.eamt, t);
	assert_int_equal(eamt_count(t), 2);
	assert_true(cfg.has_pool6791_v4);
	assert_v4(cfg.pool6791_v4, "203.0.113.100");
	assert_int_equal(cfg.pool6791_v4_len, 32);
	assert_true(cfg.has_pool6791_v6);
	assert_v6(cfg.pool6791_v6, "2001:db8:ffff::");
	assert_int_equal(cfg.pool6791_v6_len, 128);
	assert_true(cfg.has_own_v4);
	assert_v4(cfg.own_v4, "203.0.113.1");
	assert_true(cfg.has_own_v6);
	assert_v6(cfg.own_v6, "2001:db8::1");
	assert_int_equal(cfg.lowest_ipv6_mtu, 1280);
	assert_false(cfg.tos_override);
	assert_int_equal(cfg.zero_csum_policy, XLAT_ZERO_CSUM_COMPUTE);
	translatord_config_free(&cfg, &t);
	assert_null(t);
	assert_null(cfg.eamt);
}

/* RFC 7757 3.2: the suffix is copied across; a /24 <-> /120 entry maps
 * 192.0.2.7 to 2001:db8:2::7 and back. */
static void eam_entries_reach_the_table(void **state)
{
	struct xlat_config cfg;
	struct eamt *t = NULL;
	uint8_t v4[4], v6[16], got4[4], got6[16];

	(void)state;
	load_ok(good_json, &cfg, &t);
	v4_of("192.0.2.7", v4);
	assert_true(eamt_lookup4(t, v4, got6));
	assert_v6(got6, "2001:db8:2::7");
	v6_of("2001:db8:1::10", v6);
	assert_true(eamt_lookup6(t, v6, got4));
	assert_v4(got4, "198.51.100.10");
	translatord_config_free(&cfg, &t);
}

/* Absent leaves take the YANG defaults, which match xlat_config_init. */
static void empty_config_is_defaults(void **state)
{
	static const char *const docs[] = {"{}", T END};
	struct xlat_config cfg, want;
	struct eamt *t = POISON_EAMT;

	(void)state;
	xlat_config_init(&want);
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		memset(&cfg, POISON, sizeof(cfg));
		load_ok(docs[i], &cfg, &t);
		assert_null(t);
		assert_memory_equal(&cfg, &want, sizeof(cfg));
	}
}

static void optional_leaves(void **state)
{
	struct xlat_config cfg;
	struct eamt *t = NULL;

	(void)state;
	load_ok(T "\"lowest-ipv6-mtu\": 1500, \"tos-override\": 0,"
		  "\"zero-checksum-udp\": \"drop\"" END,
		&cfg, &t);
	assert_false(cfg.has_pool6);
	assert_null(t);
	assert_null(cfg.eamt);
	assert_int_equal(cfg.lowest_ipv6_mtu, 1500);
	assert_true(cfg.tos_override); /* 0 is a value, not "absent" */
	assert_int_equal(cfg.tos, 0);
	assert_int_equal(cfg.zero_csum_policy, XLAT_ZERO_CSUM_DROP);
}

/* Every RFC 6052 length is accepted (RFC 6052 2.2). */
static void pool6_lengths(void **state)
{
	static const char *const ok[] = {
		"2001:db8::/32", "2001:db8:100::/40", "2001:db8:122::/48",
		"2001:db8:122:300::/56", "2001:db8:122:344::/64",
		"64:ff9b::/96"};
	char json[256];

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct xlat_config cfg;
		struct eamt *t = NULL;

		snprintf(json, sizeof(json), T "\"pool6\": \"%s\"" END, ok[i]);
		load_ok(json, &cfg, &t);
		assert_true(cfg.has_pool6);
		assert_int_equal(cfg.pool6.len, 32 + (i < 5 ? 8 * i : 64));
		translatord_config_free(&cfg, &t);
	}
}

/* ---- refusals: node named, value quoted, nothing written ---- */

static void bad_prefix_syntax(void **state)
{
	(void)state;
	expect_error(T "\"eam\": [{\"ipv4-prefix\": \"198.51.100.300/32\","
		       "\"ipv6-prefix\": \"2001:db8::1/128\"}]" END,
		     "/eam/ipv4-prefix", "\"198.51.100.300/32\"", NULL);
	expect_error(T "\"pool6\": \"2001:db8::64::/96\"" END, "/pool6",
		     "\"2001:db8::64::/96\"", NULL);
}

static void bad_pool6(void **state)
{
	(void)state;
	expect_error(T "\"pool6\": \"2001:db8:64::/80\"" END,
		     "/translatord:translator/pool6", "\"2001:db8:64::/80\"",
		     NULL);
	/* Host bits: RFC 6052 2.2 needs them zero; name the fix. */
	expect_error(T "\"pool6\": \"2001:db8:64::1/96\"" END,
		     "/translatord:translator/pool6", "\"2001:db8:64::1/96\"",
		     "2001:db8:64::/96", NULL);
	/* u octet (bits 64..71) set. */
	expect_error(T "\"pool6\": \"2001:db8:64:0:100::/96\"" END,
		     "/translatord:translator/pool6", "2001:db8:64:0:100::/96",
		     NULL);
}

static void bad_eam(void **state)
{
	(void)state;
	/* 32-24 = 8 IPv4 suffix bits, 128-124 = 4 IPv6 (RFC 7757 3.2). */
	expect_error(T "\"eam\": [{\"ipv4-prefix\": \"198.51.100.0/24\","
		       "\"ipv6-prefix\": \"2001:db8:1::/124\"}]" END,
		     "/translatord:translator/eam[ipv4-prefix='198.51.100.0/24']"
		     "/ipv6-prefix",
		     "\"2001:db8:1::/124\"", "leaves 8 suffix bits",
		     NULL);
	expect_error(T "\"eam\": [{\"ipv4-prefix\": \"198.51.100.7/24\","
		       "\"ipv6-prefix\": \"2001:db8:1::/120\"}]" END,
		     "eam[ipv4-prefix='198.51.100.7/24']/ipv4-prefix",
		     "\"198.51.100.7/24\"", NULL);
	expect_error(T "\"eam\": [{\"ipv4-prefix\": \"198.51.100.0/24\","
		       "\"ipv6-prefix\": \"2001:db8:1::7/120\"}]" END,
		     "eam[ipv4-prefix='198.51.100.0/24']/ipv6-prefix",
		     "\"2001:db8:1::7/120\"", NULL);
	/* Same IPv6 side twice: both entries are named. */
	expect_error(T "\"eam\": [{\"ipv4-prefix\": \"198.51.100.10/32\","
		       "\"ipv6-prefix\": \"2001:db8:1::10/128\"},"
		       "{\"ipv4-prefix\": \"198.51.100.11/32\","
		       "\"ipv6-prefix\": \"2001:DB8:1::10/128\"}]" END,
		     "eam[ipv4-prefix='198.51.100.11/32']/ipv6-prefix",
		     "\"2001:DB8:1::10/128\"", "198.51.100.10/32", NULL);
	/* Same IPv4 side twice (the list key). */
	expect_error(T "\"eam\": [{\"ipv4-prefix\": \"198.51.100.10/32\","
		       "\"ipv6-prefix\": \"2001:db8:1::10/128\"},"
		       "{\"ipv4-prefix\": \"198.51.100.10/32\","
		       "\"ipv6-prefix\": \"2001:db8:1::11/128\"}]" END,
		     "eam[ipv4-prefix='198.51.100.10/32']", NULL);
	expect_error(T "\"eam\": [{\"ipv4-prefix\": \"198.51.100.10/32\"}]" END,
		     "eam/ipv6-prefix", NULL);
}

/* Duplicate list and leaf-list entries below the translator container.
 * libyang reports them with a data path whose schema lookup fails; that
 * lookup used to free the error being reported (heap-use-after-free,
 * seen under ASan in check-unit-san). The duplicate key must be named. */
static void duplicate_health_entries(void **state)
{
	(void)state;
	expect_error(T "\"health\": {\"check\": ["
		       "{\"name\": \"web\", \"type\": \"file\", \"file\": \"/x\"},"
		       "{\"name\": \"web\", \"type\": \"file\", \"file\": \"/y\"}]}" END,
		     "check[name='web']", "Duplicate instance", NULL);
	expect_error(T "\"eam\": [{\"ipv4-prefix\": \"198.51.100.10/32\","
		       "\"ipv6-prefix\": \"2001:db8:1::10/128\"}],"
		       "\"health\": {\"check\": [{\"name\": \"web\", \"type\": \"file\","
		       "\"file\": \"/x\", \"scope\": \"mapping\", \"mapping\":"
		       "[\"198.51.100.10/32\", \"198.51.100.10/32\"]}]}" END,
		     "mapping[.='198.51.100.10/32']", "Duplicate instance", NULL);
}

/* Sides that can never translate (the core drops such addresses,
 * RFC 7915 4.1/5.1) and default routes (zebra would get 0.0.0.0/0 from
 * the translator) are refused, naming the leaf and the range. */
#define EAM1(v4, v6) T "\"eam\": [{\"ipv4-prefix\": \"" v4 "\", \"ipv6-prefix\": \"" v6 "\"}]" END
static void eam_special_ranges(void **state)
{
	(void)state;
	expect_error(EAM1("0.0.0.0/0", "2001:db8::/96"),
		     "eam[ipv4-prefix='0.0.0.0/0']/ipv4-prefix", "default route", NULL);
	expect_error(EAM1("198.51.100.1/32", "::/0"),
		     "eam[ipv4-prefix='198.51.100.1/32']/ipv6-prefix", "default route", NULL);
	expect_error(EAM1("127.0.0.1/32", "2001:db8::1/128"), "ipv4-prefix", "loopback", NULL);
	expect_error(EAM1("0.0.0.0/32", "2001:db8::1/128"), "ipv4-prefix", "this network", NULL);
	expect_error(EAM1("224.1.2.3/32", "2001:db8::1/128"), "ipv4-prefix", "multicast", NULL);
	expect_error(EAM1("169.254.1.0/24", "2001:db8::/120"), "ipv4-prefix", "link-local", NULL);
	expect_error(EAM1("255.255.255.255/32", "2001:db8::1/128"), "ipv4-prefix", "broadcast", NULL);
	/* A prefix that merely contains such a range is refused too. */
	expect_error(EAM1("96.0.0.0/3", "2001:db8::/99"), "ipv4-prefix", "loopback", NULL);
	expect_error(EAM1("198.51.100.1/32", "::1/128"), "ipv6-prefix", "loopback", NULL);
	expect_error(EAM1("198.51.100.1/32", "::/128"), "ipv6-prefix", "unspecified", NULL);
	expect_error(EAM1("198.51.100.1/32", "fe80::1/128"), "ipv6-prefix", "link-local", NULL);
	expect_error(EAM1("198.51.100.1/32", "ff0e::1/128"), "ipv6-prefix", "multicast", NULL);
	expect_error(EAM1("198.51.100.1/32", "::ffff:c633:6401/128"), "ipv6-prefix", "IPv4-mapped", NULL);
}

static void pool6_special_ranges(void **state)
{
	(void)state;
	expect_error(T "\"pool6\": \"::ffff:0:0/96\"" END, "/pool6", "IPv4-mapped", NULL);
	expect_error(T "\"pool6\": \"::/96\"" END, "/pool6", "unspecified", NULL);
	expect_error(T "\"pool6\": \"ff0e::/96\"" END, "/pool6", "multicast", NULL);
	expect_error(T "\"pool6\": \"fe80::/96\"" END, "/pool6", "link-local", NULL);
}

/* Addresses that clash across the configuration. */
static void addresses_across_the_configuration(void **state)
{
	(void)state;
	expect_error(T "\"own-address\": {\"ipv4\": \"198.51.100.7\"},"
		       "\"eam\": [{\"ipv4-prefix\": \"198.51.100.0/24\","
		       "\"ipv6-prefix\": \"2001:db8:1::/120\"}]" END,
		     "/own-address/ipv4", "198.51.100.7", "eam[ipv4-prefix='198.51.100.0/24']", NULL);
	expect_error(T "\"own-address\": {\"ipv6\": \"2001:db8:1::10\"},"
		       "\"eam\": [{\"ipv4-prefix\": \"198.51.100.10/32\","
		       "\"ipv6-prefix\": \"2001:db8:1::10/128\"}]" END,
		     "/own-address/ipv6", "eam[ipv4-prefix='198.51.100.10/32']", NULL);
	expect_error(T "\"rfc6791-pool\": {\"ipv4\": \"198.51.100.8/29\"},"
		       "\"eam\": [{\"ipv4-prefix\": \"198.51.100.10/32\","
		       "\"ipv6-prefix\": \"2001:db8:1::10/128\"}]" END,
		     "/rfc6791-pool/ipv4", "eam[ipv4-prefix='198.51.100.10/32']", NULL);
	expect_error(T "\"rfc6791-pool\": {\"ipv6\": \"2001:db8:1::/64\"},"
		       "\"eam\": [{\"ipv4-prefix\": \"198.51.100.10/32\","
		       "\"ipv6-prefix\": \"2001:db8:1::10/128\"}]" END,
		     "/rfc6791-pool/ipv6", NULL);
}

/* A file that is not a configuration text: refused at once (a FIFO
 * used to block the reader, /dev/zero to grow its buffer until memory ran
 * out), naming the file and what is wrong. */
static void expect_file_error(const char *path, const char *want)
{
	struct xlat_config cfg;
	struct eamt *t = NULL;
	char err[512];

	assert_int_not_equal(translatord_config_load_file(path, &cfg, &t, err,
							  sizeof(err)),
			     0);
	assert_null(t);
	if (strncmp(err, path, strlen(path)) || !strstr(err, want))
		fail_msg("error \"%s\" lacks \"%s\"", err, want);
}

static void not_configuration_files(void **state)
{
	char dir[] = "/tmp/test_config_dirXXXXXX", path[64];
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/fifo.json", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	expect_file_error(path, "a FIFO");
	unlink(path);
	expect_file_error("/dev/zero", "a character device");
	expect_file_error(dir, "a directory");
	/* RFC 8259 8.1: no byte order mark. */
	snprintf(path, sizeof(path), "%s/bom.json", dir);
	f = fopen(path, "w");
	fputs("\xef\xbb\xbf" T "\"pool6\": \"2001:db8:64::/96\"" END, f);
	fclose(f);
	expect_file_error(path, "byte order mark");
	/* Text after a NUL byte must not be ignored silently. */
	f = fopen(path, "w");
	fputs(T "\"pool6\": \"2001:db8:64::/96\"" END "\n", f);
	fputc('\0', f);
	fputs("{\"rest\": ", f);
	fclose(f);
	expect_file_error(path, "NUL byte");
	unlink(path);
	rmdir(dir);
}

/* An error in a later entry must not leave the earlier ones behind. */
static void bad_eam_after_good_ones(void **state)
{
	(void)state;
	expect_error(T "\"pool6\": \"2001:db8:64::/96\","
		       "\"eam\": [{\"ipv4-prefix\": \"198.51.100.10/32\","
		       "\"ipv6-prefix\": \"2001:db8:1::10/128\"},"
		       "{\"ipv4-prefix\": \"198.51.100.11/32\","
		       "\"ipv6-prefix\": \"2001:db8:1::11/127\"}]" END,
		     "eam[ipv4-prefix='198.51.100.11/32']/ipv6-prefix", NULL);
}

static void bad_rfc6791_pool(void **state)
{
	(void)state;
	expect_error(T "\"rfc6791-pool\": {\"ipv4\": \"198.51.100.250/29\"}" END,
		     "/translatord:translator/rfc6791-pool/ipv4",
		     "\"198.51.100.250/29\"", "198.51.100.248/29", NULL);
	expect_error(T "\"rfc6791-pool\": {\"ipv6\": \"2001:db8:ffff::1/120\"}" END,
		     "/translatord:translator/rfc6791-pool/ipv6",
		     "\"2001:db8:ffff::1/120\"", NULL);
}

static void bad_scalars(void **state)
{
	(void)state;
	expect_error(T "\"lowest-ipv6-mtu\": 1000" END,
		     "/translatord:translator/lowest-ipv6-mtu", "\"1000\"",
		     "1280", NULL);
	expect_error(T "\"tos-override\": 256" END,
		     "/translatord:translator/tos-override", "\"256\"", NULL);
	expect_error(T "\"zero-checksum-udp\": \"ignore\"" END,
		     "/translatord:translator/zero-checksum-udp", "\"ignore\"",
		     NULL);
	expect_error(T "\"own-address\": {\"ipv6\": \"2001:db8::1/128\"}" END,
		     "/translatord:translator/own-address/ipv6",
		     "\"2001:db8::1/128\"", NULL);
}

static void unknown_nodes(void **state)
{
	(void)state;
	expect_error(T "\"lowest-ipv6-mut\": 1400" END, "\"lowest-ipv6-mut\"",
		     NULL);
	expect_error("{\"translator-d:translator\": {}}", "\"translator-d\"",
		     NULL);
}

/* Broken JSON is refused with a position, including the cases libyang
 * 2.1 lets through: a cut file and text after the object. */
static void json_syntax(void **state)
{
	(void)state;
	expect_error("", "t.json: line 1", "empty", NULL);
	expect_error(" \n", "t.json: line 2", "empty", NULL);
	expect_error("{\"translatord:translator\": ", "t.json: line 1",
		     "end of file", NULL);
	expect_error(T "\"pool6\": \"2001:db8:64::/96\"" END "\n{}",
		     "t.json: line 2, column 1", NULL);
	expect_error(T "\"pool6\": \"2001:db8:64::/96\",\n}}",
		     "t.json: line 2, column 1", NULL);
	expect_error("[]", "t.json: line 1, column 1", NULL);
	expect_error("{\"a\": \"\\x\"}", "escape", NULL);
	expect_error("{\"a\": -}", "number", NULL);
}

/* A daemon reloads into its live cfg: a bad file must leave it intact. */
static void failed_reload_keeps_running_config(void **state)
{
	struct xlat_config cfg, copy;
	struct eamt *t = NULL, *t_copy;
	char err[256];

	(void)state;
	load_ok(good_json, &cfg, &t);
	memcpy(&copy, &cfg, sizeof(cfg));
	t_copy = t;
	assert_int_not_equal(
		translatord_config_load_string(T "\"pool6\": \"::/80\"" END, NULL,
					       &cfg, &t, err, sizeof(err)),
		0);
	assert_memory_equal(&cfg, &copy, sizeof(cfg));
	assert_ptr_equal(t, t_copy);
	assert_int_equal(strncmp(err, "<string>: ", 10), 0);
	translatord_config_free(&cfg, &t);
}

/* The as-written checks alone (the daemon's northbound parses the schema
 * itself): the same messages for what libyang would hide or cannot see,
 * nothing about the schema. */
static void as_written_checks(void **state)
{
	char err[512];

	(void)state;
	assert_int_equal(translatord_config_check_as_written(
				 T "\"pool6\": \"2001:db8:64::/96\", \"eam\": [{\"ipv4-prefix\": \"198.51.100.1/32\", \"ipv6-prefix\": \"2001:db8:1::1/128\"}]" END,
				 "t.json", err, sizeof(err)),
			 0);
	/* Host bits: libyang would silently clear them. */
	assert_int_not_equal(translatord_config_check_as_written(
				     T "\"eam\": [{\"ipv4-prefix\": \"198.51.100.7/24\", \"ipv6-prefix\": \"2001:db8:1::/120\"}]" END,
				     "t.json", err, sizeof(err)),
			     0);
	assert_non_null(strstr(err, "t.json: "));
	assert_non_null(strstr(err, "198.51.100.0/24"));
	/* One IPv6 side twice: named by the second entry. */
	assert_int_not_equal(translatord_config_check_as_written(
				     T "\"eam\": [{\"ipv4-prefix\": \"198.51.100.1/32\", \"ipv6-prefix\": \"2001:db8:1::1/128\"}, {\"ipv4-prefix\": \"198.51.100.2/32\", \"ipv6-prefix\": \"2001:db8:1::1/128\"}]" END,
				     "t.json", err, sizeof(err)),
			     0);
	assert_non_null(strstr(err, "198.51.100.2/32"));
	/* JSON syntax: line and column. */
	assert_int_not_equal(translatord_config_check_as_written(
				     T "\n\"pool6\": }" END, "t.json", err,
				     sizeof(err)),
			     0);
	assert_non_null(strstr(err, "t.json: line 2"));
	/* An unknown leaf is the schema reader's to report. */
	assert_int_equal(translatord_config_check_as_written(
				 T "\"no-such-leaf\": 1" END, "t.json", err,
				 sizeof(err)),
			 0);
}

/* Short, or absent, error buffers are not overrun. */
static void small_error_buffer(void **state)
{
	struct xlat_config cfg;
	struct eamt *t = NULL;
	char err[16];

	(void)state;
	memset(err, 'x', sizeof(err));
	assert_int_not_equal(translatord_config_load_string(
				     T "\"pool6\": \"::/80\"" END, "a-long-name.json",
				     &cfg, &t, err, 8),
			     0);
	assert_int_equal(strlen(err), 7);
	assert_int_equal(err[8], 'x');
	assert_int_not_equal(translatord_config_load_string(
				     T "\"pool6\": \"::/80\"" END, NULL, &cfg, &t,
				     NULL, 0),
			     0);
}

static void load_file(void **state)
{
	char path[] = "/tmp/test_config_XXXXXX";
	struct xlat_config cfg;
	struct eamt *t = NULL;
	char err[512];
	int fd = mkstemp(path);
	FILE *f;

	(void)state;
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(good_json, f);
	fclose(f);
	assert_int_equal(translatord_config_load_file(path, &cfg, &t, err,
						      sizeof(err)),
			 0);
	assert_int_equal(eamt_count(t), 2);
	translatord_config_free(&cfg, &t);

	f = fopen(path, "w");
	assert_non_null(f);
	fputs(T "\"pool6\": \"2001:db8::/33\"" END, f);
	fclose(f);
	assert_int_not_equal(translatord_config_load_file(path, &cfg, &t, err,
							  sizeof(err)),
			     0);
	assert_int_equal(strncmp(err, path, strlen(path)), 0);
	assert_non_null(strstr(err, "/pool6"));
	unlink(path);

	assert_int_not_equal(translatord_config_load_file(path, &cfg, &t, err,
							  sizeof(err)),
			     0);
	assert_int_equal(strncmp(err, path, strlen(path)), 0);
}

/* Sized for many entries: 4096 /32 <-> /128 mappings load and map. */
static void many_entries(void **state)
{
	size_t cap = 128 + 4096 * 96, n;
	char *json = malloc(cap);
	struct xlat_config cfg;
	struct eamt *t = NULL;
	uint8_t v4[4], got6[16];

	(void)state;
	assert_non_null(json);
	n = (size_t)snprintf(json, cap, T "\"eam\": [");
	for (unsigned i = 0; i < 4096; i++)
		n += (size_t)snprintf(json + n, cap - n,
				      "%s{\"ipv4-prefix\": \"10.%u.%u.1/32\", "
				      "\"ipv6-prefix\": \"2001:db8:%x::1/128\"}",
				      i ? "," : "", i >> 8, i & 255, i);
	snprintf(json + n, cap - n, "]" END);
	load_ok(json, &cfg, &t);
	free(json);
	assert_int_equal(eamt_count(t), 4096);
	v4_of("10.15.255.1", v4);
	assert_true(eamt_lookup4(t, v4, got6));
	assert_v6(got6, "2001:db8:fff::1");
	translatord_config_free(&cfg, &t);
}

static void free_tolerates_null(void **state)
{
	struct eamt *t = NULL;

	(void)state;
	translatord_config_free(NULL, NULL);
	translatord_config_free(NULL, &t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good_config_fills_cfg),
		cmocka_unit_test(eam_entries_reach_the_table),
		cmocka_unit_test(empty_config_is_defaults),
		cmocka_unit_test(optional_leaves),
		cmocka_unit_test(pool6_lengths),
		cmocka_unit_test(bad_prefix_syntax),
		cmocka_unit_test(bad_pool6),
		cmocka_unit_test(bad_eam),
		cmocka_unit_test(bad_eam_after_good_ones),
		cmocka_unit_test(duplicate_health_entries),
		cmocka_unit_test(not_configuration_files),
		cmocka_unit_test(eam_special_ranges),
		cmocka_unit_test(pool6_special_ranges),
		cmocka_unit_test(addresses_across_the_configuration),
		cmocka_unit_test(bad_rfc6791_pool),
		cmocka_unit_test(bad_scalars),
		cmocka_unit_test(unknown_nodes),
		cmocka_unit_test(json_syntax),
		cmocka_unit_test(failed_reload_keeps_running_config),
		cmocka_unit_test(as_written_checks),
		cmocka_unit_test(small_error_buffer),
		cmocka_unit_test(load_file),
		cmocka_unit_test(many_entries),
		cmocka_unit_test(free_tolerates_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
