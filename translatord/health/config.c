/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Check configuration: defaults, validation, names. Pure: no engine, no
 * I/O, callable from any thread. Error messages name the check and the
 * field with the names the YANG leaves use (interval, fast-interval, ...),
 * so an operator can find the line to fix.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "td_yang_defaults.h"

#define MAX_INTERVAL_MS (24u * 3600u * 1000u)
#define MIN_INTERVAL_MS 10u
#define MAX_RISE_FALL   100u
#define MAX_JITTER_PCT  50u

static const char *const type_names[HEALTH_CHECK_TYPE_COUNT] = {
	[HEALTH_CHECK_ICMP] = "icmp",
	[HEALTH_CHECK_TCP] = "tcp",
	[HEALTH_CHECK_HTTP] = "http",
	[HEALTH_CHECK_SCRIPT] = "script",
	[HEALTH_CHECK_FILE] = "file",
	[HEALTH_CHECK_DATAPLANE] = "dataplane",
};

static const char *const state_names[HEALTH_STATE_COUNT] = {
	[HEALTH_STATE_INIT] = "init",
	[HEALTH_STATE_UP] = "up",
	[HEALTH_STATE_DOWN] = "down",
	[HEALTH_STATE_RISING] = "rising",
	[HEALTH_STATE_FALLING] = "falling",
	[HEALTH_STATE_DISABLED] = "disabled",
};

const char *health_check_type_name(enum health_check_type t)
{
	return (unsigned)t < HEALTH_CHECK_TYPE_COUNT ? type_names[t] : "?";
}

int health_check_type_parse(const char *s, enum health_check_type *out)
{
	for (unsigned i = 0; i < HEALTH_CHECK_TYPE_COUNT; i++) {
		if (strcmp(s, type_names[i]) == 0) {
			*out = (enum health_check_type)i;
			return 0;
		}
	}
	return -1;
}

const char *health_state_name(enum health_state s)
{
	return (unsigned)s < HEALTH_STATE_COUNT ? state_names[s] : "?";
}

const char *health_result_name(enum health_result r)
{
	switch (r) {
	case HEALTH_RESULT_NONE: return "none";
	case HEALTH_RESULT_OK: return "ok";
	case HEALTH_RESULT_FAIL: return "fail";
	case HEALTH_RESULT_TIMEOUT: return "timeout";
	}
	return "?";
}

void health_check_config_init(struct health_check_config *c,
			      enum health_check_type type)
{
	memset(c, 0, sizeof(*c));
	c->type = type;
	/* Worst-case detection is interval + (fall - 1) x fast-interval:
	 * 4 s with these; the timeout leaves room inside the fast interval. */
	/* Interval, rise and fall depend on the type: the YANG module has
	 * no default for them. The rest are the module's (OSPF drops an LSA
	 * re-originated within 1 s, min-LS-arrival, so a withdrawn prefix
	 * is held at least that long). */
	c->interval_ms = 2000;
	c->fast_interval_ms = TD_DEFAULT_HEALTH_CHECK_FAST_INTERVAL;
	c->timeout_ms = TD_DEFAULT_HEALTH_CHECK_TIMEOUT;
	c->jitter_pct = TD_DEFAULT_HEALTH_CHECK_JITTER;
	c->rise = 3;
	c->fall = 3;
	c->hold_down_ms = TD_DEFAULT_HEALTH_CHECK_HOLD_DOWN;
	c->hold_down_max_ms = TD_DEFAULT_HEALTH_CHECK_HOLD_DOWN_MAX;
	c->http_status_min = TD_DEFAULT_HEALTH_CHECK_HTTP_STATUS_MIN;
	c->http_status_max = TD_DEFAULT_HEALTH_CHECK_HTTP_STATUS_MAX;
	snprintf(c->http_path, sizeof(c->http_path), "%s",
		 TD_DEFAULT_HEALTH_CHECK_HTTP_PATH);
	if (type == HEALTH_CHECK_FILE) {
		/* A drain switch acts on the first look, both ways. */
		c->rise = 1;
		c->fall = 1;
		c->interval_ms = 1000;
	}
}

/* -1 always, so callers can `return fail(...)`. */
static int fail(char *err, size_t errlen, const char *name, const char *fmt,
		...) __attribute__((format(printf, 4, 5)));

static int fail(char *err, size_t errlen, const char *name, const char *fmt,
		...)
{
	va_list ap;
	int n;

	if (!err || !errlen)
		return -1;
	n = snprintf(err, errlen, "check '%s': ", name);
	if (n < 0 || (size_t)n >= errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static bool terminated(const char *s, size_t size)
{
	return memchr(s, '\0', size) != NULL;
}

static bool name_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n >= HEALTH_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' ||
		      ch == '-' || ch == ':'))
			return false;
	}
	return true;
}

/* No control characters or spaces: these strings go into an HTTP
 * request line and headers, where CR/LF would inject headers. */
static bool http_token_ok(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == 0x7f)
			return false;
	return true;
}

static int check_strings(const struct health_check_config *c, const char *nm,
			 char *err, size_t errlen)
{
	static const struct {
		size_t off, size;
		const char *field;
	} fields[] = {
#define F(m, n) { offsetof(struct health_check_config, m), \
		  sizeof(((struct health_check_config *)0)->m), n }
		F(source, "source"), F(interface, "interface"),
		F(target, "target"), F(http_path, "path"),
		F(http_host, "host"), F(http_body, "body"),
		F(script, "script"), F(file_path, "file"),
		F(expect_source, "expect-source"),
		F(expect_target, "expect-target"),
#undef F
	};

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (!terminated((const char *)c + fields[i].off,
				fields[i].size))
			return fail(err, errlen, nm,
				    "%s is longer than %zu characters",
				    fields[i].field, fields[i].size - 1);
	return 0;
}

static int check_timing(const struct health_check_config *c, const char *nm,
			char *err, size_t errlen)
{
	if (c->interval_ms < MIN_INTERVAL_MS || c->interval_ms > MAX_INTERVAL_MS)
		return fail(err, errlen, nm,
			    "interval %u ms must be between %u and %u ms",
			    c->interval_ms, MIN_INTERVAL_MS, MAX_INTERVAL_MS);
	if (c->fast_interval_ms < MIN_INTERVAL_MS ||
	    c->fast_interval_ms > c->interval_ms)
		return fail(err, errlen, nm,
			    "fast-interval %u ms must be between %u ms and interval %u ms",
			    c->fast_interval_ms, MIN_INTERVAL_MS, c->interval_ms);
	/* A probe must end before the next one is due, or probes would
	 * pile up on a dead backend. */
	if (c->timeout_ms == 0)
		return fail(err, errlen, nm, "timeout must be at least 1 ms");
	if (c->timeout_ms >= c->interval_ms)
		return fail(err, errlen, nm,
			    "timeout %u ms must be less than interval %u ms",
			    c->timeout_ms, c->interval_ms);
	if (c->timeout_ms >= c->fast_interval_ms)
		return fail(err, errlen, nm,
			    "timeout %u ms must be less than fast-interval %u ms",
			    c->timeout_ms, c->fast_interval_ms);
	if (c->jitter_pct > MAX_JITTER_PCT)
		return fail(err, errlen, nm, "jitter %u%% must be at most %u%%",
			    c->jitter_pct, MAX_JITTER_PCT);
	if (c->rise < 1 || c->rise > MAX_RISE_FALL)
		return fail(err, errlen, nm, "rise %u must be between 1 and %u",
			    c->rise, MAX_RISE_FALL);
	if (c->fall < 1 || c->fall > MAX_RISE_FALL)
		return fail(err, errlen, nm, "fall %u must be between 1 and %u",
			    c->fall, MAX_RISE_FALL);
	if (c->hold_down_max_ms > MAX_INTERVAL_MS)
		return fail(err, errlen, nm,
			    "hold-down-max %u ms must be at most %u ms",
			    c->hold_down_max_ms, MAX_INTERVAL_MS);
	if (c->hold_down_ms > c->hold_down_max_ms)
		return fail(err, errlen, nm,
			    "hold-down %u ms must not exceed hold-down-max %u ms",
			    c->hold_down_ms, c->hold_down_max_ms);
	return 0;
}

/* dataplane: IPv4 in, IPv6 expected out, through a named interface. */
static int check_dataplane(const struct health_check_config *c,
			   const char *nm, char *err, size_t errlen)
{
	static const struct {
		size_t off;
		const char *field;
		int family;
	} addrs[] = {
		{offsetof(struct health_check_config, source), "source", AF_INET},
		{offsetof(struct health_check_config, target), "target", AF_INET},
		{offsetof(struct health_check_config, expect_source),
		 "expect-source", AF_INET6},
		{offsetof(struct health_check_config, expect_target),
		 "expect-target", AF_INET6},
	};
	struct health_addr a;

	if (!c->interface[0] || strchr(c->interface, '/'))
		return fail(err, errlen, nm,
			    "interface (the translator interface) is required for dataplane checks");
	for (size_t i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
		const char *v = (const char *)c + addrs[i].off;

		if (health_addr_parse(v, &a) != 0 || a.family != addrs[i].family)
			return fail(err, errlen, nm,
				    "%s '%s' must be an %s address", addrs[i].field,
				    v, addrs[i].family == AF_INET ? "IPv4" : "IPv6");
	}
	return 0;
}

static int check_addresses(const struct health_check_config *c,
			   const char *nm, char *err, size_t errlen)
{
	struct health_addr t, s;
	bool net = c->type == HEALTH_CHECK_ICMP || c->type == HEALTH_CHECK_TCP ||
		   c->type == HEALTH_CHECK_HTTP;

	if (c->type == HEALTH_CHECK_DATAPLANE)
		return check_dataplane(c, nm, err, errlen);
	if (!net) {
		/* These run locally; a source would silently mean nothing. */
		if (c->source[0] || c->interface[0])
			return fail(err, errlen, nm,
				    "source and interface do not apply to %s checks",
				    health_check_type_name(c->type));
		return 0;
	}
	if (!c->target[0])
		return fail(err, errlen, nm, "target is required for %s checks",
			    health_check_type_name(c->type));
	if (health_addr_parse(c->target, &t) != 0)
		return fail(err, errlen, nm,
			    "target '%s' is not an IPv4 or IPv6 address",
			    c->target);
	if (c->interface[0] && strchr(c->interface, '/'))
		return fail(err, errlen, nm, "interface '%s' is not a valid name",
			    c->interface);
	if (t.family == AF_INET6 && IN6_IS_ADDR_LINKLOCAL(&t.v6) &&
	    !c->interface[0])
		return fail(err, errlen, nm,
			    "target %s is link-local: interface is required",
			    c->target);
	if (c->source[0]) {
		if (health_addr_parse(c->source, &s) != 0)
			return fail(err, errlen, nm,
				    "source '%s' is not an IPv4 or IPv6 address",
				    c->source);
		if (s.family != t.family)
			return fail(err, errlen, nm,
				    "source %s and target %s are not the same address family",
				    c->source, c->target);
	}
	if ((c->type == HEALTH_CHECK_TCP || c->type == HEALTH_CHECK_HTTP) &&
	    c->port == 0)
		return fail(err, errlen, nm, "port is required for %s checks",
			    health_check_type_name(c->type));
	return 0;
}

static int check_type_fields(const struct health_check_config *c,
			     const char *nm, char *err, size_t errlen)
{
	switch (c->type) {
	case HEALTH_CHECK_HTTP:
		if (c->http_path[0] != '/' || !http_token_ok(c->http_path))
			return fail(err, errlen, nm,
				    "path '%s' must start with '/' and contain no spaces or control characters",
				    c->http_path);
		if (!http_token_ok(c->http_host))
			return fail(err, errlen, nm,
				    "host '%s' must contain no spaces or control characters",
				    c->http_host);
		if (c->http_status_min < 100 || c->http_status_max > 599 ||
		    c->http_status_min > c->http_status_max)
			return fail(err, errlen, nm,
				    "status range %u-%u must be within 100-599, low to high",
				    c->http_status_min, c->http_status_max);
		return 0;
	case HEALTH_CHECK_SCRIPT:
		if (!c->script[0])
			return fail(err, errlen, nm,
				    "script is required for script checks");
		return 0;
	case HEALTH_CHECK_FILE:
		if (c->file_path[0] != '/')
			return fail(err, errlen, nm,
				    "file '%s' must be an absolute path",
				    c->file_path);
		return 0;
	default:
		return 0;
	}
}

int health_check_config_validate(const struct health_check_config *c,
				 char *err, size_t errlen)
{
	const char *nm;

	if (!terminated(c->name, sizeof(c->name)) || !name_ok(c->name)) {
		if (err && errlen)
			snprintf(err, errlen,
				 "check name must be 1 to %d characters of A-Z a-z 0-9 . _ - :",
				 HEALTH_NAME_MAX - 1);
		return -1;
	}
	nm = c->name;
	if ((unsigned)c->type >= HEALTH_CHECK_TYPE_COUNT)
		return fail(err, errlen, nm, "type %d is not a check type",
			    (int)c->type);
	if (check_strings(c, nm, err, errlen) ||
	    check_timing(c, nm, err, errlen) ||
	    check_addresses(c, nm, err, errlen) ||
	    check_type_fields(c, nm, err, errlen))
		return -1;
	return 0;
}

bool health_config_same_probe(const struct health_check_config *a,
			      const struct health_check_config *b)
{
	/* A data-plane self-test vouches for the data plane behind its
	 * interface, not for its probe addresses: those follow the
	 * configuration (a new mapping can change what they translate to).
	 * Restarting it there would send the node back to init and withdraw
	 * every route for a change that did not touch the data plane. */
	if (a->type == HEALTH_CHECK_DATAPLANE && b->type == HEALTH_CHECK_DATAPLANE)
		return strcmp(a->interface, b->interface) == 0;
	return a->type == b->type && strcmp(a->target, b->target) == 0 &&
	       a->port == b->port && strcmp(a->source, b->source) == 0 &&
	       strcmp(a->interface, b->interface) == 0 &&
	       strcmp(a->http_path, b->http_path) == 0 &&
	       strcmp(a->http_host, b->http_host) == 0 &&
	       strcmp(a->http_body, b->http_body) == 0 &&
	       a->http_status_min == b->http_status_min &&
	       a->http_status_max == b->http_status_max &&
	       strcmp(a->script, b->script) == 0 &&
	       strcmp(a->file_path, b->file_path) == 0 &&
	       strcmp(a->expect_source, b->expect_source) == 0 &&
	       strcmp(a->expect_target, b->expect_target) == 0;
}

void health_config_describe(const struct health_check_config *c, char *buf,
			    size_t len)
{
	bool v6 = strchr(c->target, ':') != NULL;
	const char *lb = v6 ? "[" : "", *rb = v6 ? "]" : "";
	int n = 0;

	switch (c->type) {
	case HEALTH_CHECK_ICMP:
		n = snprintf(buf, len, "%s", c->target);
		break;
	case HEALTH_CHECK_TCP:
		n = snprintf(buf, len, "%s%s%s:%u", lb, c->target, rb, c->port);
		break;
	case HEALTH_CHECK_HTTP:
		n = snprintf(buf, len, "http://%s%s%s:%u%s", lb, c->target, rb,
			     c->port, c->http_path);
		break;
	case HEALTH_CHECK_SCRIPT:
		n = snprintf(buf, len, "%s", c->script);
		break;
	case HEALTH_CHECK_FILE:
		n = snprintf(buf, len, "%s", c->file_path);
		break;
	case HEALTH_CHECK_DATAPLANE:
		/* The interface and source are part of the text already. */
		snprintf(buf, len, "echo %s > %s via %s, expect %s > %s",
			 c->source, c->target, c->interface, c->expect_source,
			 c->expect_target);
		return;
	default:
		n = snprintf(buf, len, "?");
	}
	if (n < 0 || (size_t)n >= len)
		return;
	if (c->interface[0])
		n += snprintf(buf + n, len - (size_t)n, " dev %s", c->interface);
	if (n >= 0 && (size_t)n < len && c->source[0])
		snprintf(buf + n, len - (size_t)n, " from %s", c->source);
}

void health_escape(const char *src, size_t max, char *dst, size_t dstlen)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	if (!dstlen)
		return;
	for (size_t i = 0; i < max && src[i]; i++) {
		unsigned char ch = (unsigned char)src[i];
		bool plain = ch >= 0x20 && ch < 0x7f && ch != '\\';

		if (o + (plain ? 1 : 4) >= dstlen)
			break;
		if (plain) {
			dst[o++] = (char)ch;
		} else {
			dst[o++] = '\\';
			dst[o++] = 'x';
			dst[o++] = hex[ch >> 4];
			dst[o++] = hex[ch & 15];
		}
	}
	dst[o] = '\0';
}
