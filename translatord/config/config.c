/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Configuration loader (see translatord_config.h).
 *
 * Two passes over the same JSON text:
 *  1. a libyang context holding the translatord module parses it with
 *     strict validation; schema errors are reported with libyang's data
 *     path;
 *  2. a schema-less context parses it again as opaque nodes, which keep
 *     every value exactly as written. The inet:*-prefix types canonicalize
 *     "198.51.100.7/24" to "198.51.100.0/24" without a word, but a prefix
 *     with host bits is an operator mistake RFC 7757 and RFC 6052 make us
 *     reject, so prefixes are read from the text the operator wrote.
 * Semantic rules that YANG cannot express (RFC 6052 prefix lengths, EAM
 * suffix lengths, host bits, duplicate IPv6 sides) are then checked here,
 * with messages that name the node and quote its value.
 */
#include "translatord_config.h"
#include "addr_scope.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libyang/libyang.h>

#include "json_check.h"
#include "translatord_yang.h" /* generated: translatord_yang[] */

#define TOP_PATH "/translatord:translator"
#define PATH_MAX_LEN 512

struct loader {
	const char *name; /* file name, first word of every message */
	char *err;
	size_t errlen;
	struct ly_ctx *ctx;      /* with the schema: validation */
	struct ly_ctx *raw_ctx;  /* without: values as written */
	struct lyd_node *tree;   /* validated data, defaults added */
	struct lyd_node *raw;    /* the same data as opaque nodes */
	struct xlat_config cfg;  /* built here, copied out on success */
	struct eamt *eamt;       /* owned until handed to the caller */
};

/* ---- error messages ---- */

/* "name: path: message". Always returns -1 so callers can return it. */
static int fail(struct loader *l, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(struct loader *l, const char *path, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* libyang quotes the offending JSON text, newlines included; the
	 * message must stay one line for logs. */
	for (char *p = msg; *p; p++)
		if ((unsigned char)*p < ' ')
			*p = ' ';
	if (l->err && l->errlen)
		snprintf(l->err, l->errlen, "%s%s%s%s%s", l->name ? l->name : "",
			 l->name ? ": " : "", path ? path : "",
			 path ? ": " : "", msg);
	return -1;
}

/* libyang stores the location as 'Data location "/a/b", line number 3.'
 * (or "Schema location", or just "Line number 3."); split it. */
static void parse_location(const char *loc, char *path, size_t pathlen,
			   long *line)
{
	static const char *const keys[] = {"Data location \"",
					   "data location \"",
					   "Schema location \""};
	const char *p, *end;

	path[0] = '\0';
	*line = 0;
	if (!loc)
		return;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		p = strstr(loc, keys[i]);
		if (!p)
			continue;
		p += strlen(keys[i]);
		end = strchr(p, '"');
		if (end && (size_t)(end - p) < pathlen) {
			memcpy(path, p, (size_t)(end - p));
			path[end - p] = '\0';
		}
		break;
	}
	p = strstr(loc, "ine number ");
	if (p)
		*line = strtol(p + strlen("ine number "), NULL, 10);
}

/* Parsed (YANG text) type of the leaf at a data path, for messages. The
 * context is created with LY_CTX_SET_PRIV_PARSED, so priv points to it. */
static const struct lysp_type *leaf_ptype(const struct ly_ctx *ctx,
					  const char *dpath)
{
	char spath[PATH_MAX_LEN];
	size_t n = 0;
	int depth = 0;
	char quote = 0;
	const struct lysc_node *sn;

	/* Schema path = data path without [key='value'] predicates. */
	for (const char *p = dpath; *p && n + 1 < sizeof(spath); p++) {
		if (quote) {
			quote = *p == quote ? 0 : quote;
		} else if (depth && (*p == '\'' || *p == '"')) {
			quote = *p;
		} else if (*p == '[') {
			depth++;
		} else if (*p == ']') {
			depth--;
		} else if (!depth) {
			spath[n++] = *p;
		}
	}
	spath[n] = '\0';
	/* A miss here is not the operator's error: neither print nor
	 * store it (it would replace the error being reported). */
	uint32_t quiet = 0;

	ly_temp_log_options(&quiet);
	sn = lys_find_path(ctx, NULL, spath, 0);
	ly_temp_log_options(NULL);
	if (!sn || sn->nodetype != LYS_LEAF || !sn->priv)
		return NULL;
	return &((const struct lysp_node_leaf *)sn->priv)->type;
}

/* libyang's pattern message quotes the whole regex, and its range message
 * leaves out the range: say what the operator needs instead. */
static void humanize(const struct ly_ctx *ctx, const char *path,
		     const char *msg, char *out, size_t outlen)
{
	static const char pat[] = "Unsatisfied pattern - ";
	static const char rng[] = "Unsatisfied range - ";
	const struct lysp_type *t = path[0] ? leaf_ptype(ctx, path) : NULL;
	const char *end;

	if (t && !strncmp(msg, pat, strlen(pat)) &&
	    (end = strstr(msg, " does not conform to "))) {
		snprintf(out, outlen, "%.*s is not a valid %s",
			 (int)(end - msg - strlen(pat)), msg + strlen(pat),
			 t->name);
	} else if (t && t->range && !strncmp(msg, rng, strlen(rng))) {
		const char *rest = msg + strlen(rng);
		size_t n = strlen(rest);

		if (n && rest[n - 1] == '.')
			n--; /* the range goes after "out of the allowed range" */
		snprintf(out, outlen, "%.*s %s", (int)n, rest,
			 t->range->arg.str);
	} else {
		snprintf(out, outlen, "%s", msg);
	}
}

/* Report the last libyang error of ctx with its data path and line. */
static int fail_ly(struct loader *l, const struct ly_ctx *ctx,
		   const char *what)
{
	const struct ly_err_item *e = ly_err_last(ctx);
	char path[PATH_MAX_LEN], raw[1024], msg[1024], at[32] = "";
	long line;

	if (!e || !e->msg)
		return fail(l, NULL, "%s failed (libyang error %d)", what,
			    e ? (int)e->no : -1);
	/* Copy before humanize(): its schema lookup can log a new error,
	 * and libyang then frees the record e points to. */
	snprintf(raw, sizeof(raw), "%s", e->msg);
	parse_location(e->path, path, sizeof(path), &line);
	humanize(ctx, path, raw, msg, sizeof(msg));
	if (line > 0)
		snprintf(at, sizeof(at), " (line %ld)", line);
	if (path[0])
		return fail(l, path, "%s%s", msg, at);
	if (line > 0)
		return fail(l, NULL, "line %ld: %s", line, msg);
	return fail(l, NULL, "%s", msg);
}

/* ---- addresses ---- */

/* "addr/len" -> network-order bytes + length. 0 on success. */
static int parse_prefix(int af, const char *s, uint8_t *addr, unsigned *len)
{
	char buf[INET6_ADDRSTRLEN + 1];
	const char *slash = strchr(s, '/');
	unsigned max = af == AF_INET ? 32 : 128;
	char *end;
	unsigned long n;

	if (!slash || (size_t)(slash - s) >= sizeof(buf) || slash[1] < '0' ||
	    slash[1] > '9')
		return -1;
	memcpy(buf, s, (size_t)(slash - s));
	buf[slash - s] = '\0';
	errno = 0;
	n = strtoul(slash + 1, &end, 10);
	if (errno || *end || n > max || inet_pton(af, buf, addr) != 1)
		return -1;
	*len = (unsigned)n;
	return 0;
}

/* Clear the bits past len; returns true when any was set. */
static bool clear_host_bits(uint8_t *addr, unsigned nbytes, unsigned len)
{
	bool set = false;

	for (unsigned i = 0; i < nbytes; i++) {
		unsigned keep = len >= 8 * (i + 1) ? 8
				: len > 8 * i	  ? len - 8 * i
						  : 0;
		uint8_t mask = (uint8_t)(0xff00u >> keep);

		set |= (addr[i] & ~mask) != 0;
		addr[i] &= mask;
	}
	return set;
}

/* The prefix with host bits cleared, for "did you mean" hints. */
static const char *masked(int af, const uint8_t *addr, unsigned len,
			  char *buf, size_t buflen)
{
	uint8_t a[16];
	unsigned nbytes = af == AF_INET ? 4 : 16;
	size_t n;

	memcpy(a, addr, nbytes);
	clear_host_bits(a, nbytes, len);
	if (!inet_ntop(af, a, buf, (socklen_t)buflen))
		return "?";
	n = strlen(buf);
	snprintf(buf + n, buflen - n, "/%u", len);
	return buf;
}

/* ---- tree access ---- */

/* Value of an opaque (as written) child leaf, or NULL. */
static const char *raw_value(const struct lyd_node *parent, const char *name)
{
	for (const struct lyd_node *n = lyd_child(parent); n; n = n->next) {
		const struct lyd_node_opaq *o = (const struct lyd_node_opaq *)n;

		if (!n->schema && !strcmp(o->name.name, name))
			return o->value;
	}
	return NULL;
}

/* The validated term node at path under parent, or NULL. */
static const struct lyd_node_term *term(const struct lyd_node *parent,
					const char *path)
{
	struct lyd_node *n = NULL;

	if (!parent || lyd_find_path(parent, path, 0, &n) != LY_SUCCESS)
		return NULL;
	return (const struct lyd_node_term *)n;
}

static const struct lyd_node *raw_top(const struct loader *l)
{
	const struct lyd_node *n = l->raw ? lyd_first_sibling(l->raw) : NULL;

	for (; n; n = n->next) {
		const struct lyd_node_opaq *o = (const struct lyd_node_opaq *)n;

		if (!n->schema && !strcmp(o->name.name, "translator") &&
		    o->name.module_name &&
		    !strcmp(o->name.module_name, "translatord"))
			return n;
	}
	return NULL;
}

/* ---- libyang passes ---- */

static int make_schema_ctx(struct loader *l)
{
	static const char *const features[] = {"*", NULL};
	struct ly_in *in = NULL;
	LY_ERR r;

	/* No search dirs: the embedded module and libyang's built-in
	 * ietf-inet-types are all we need, whatever is on disk. */
	r = ly_ctx_new(NULL,
		       LY_CTX_NO_YANGLIBRARY | LY_CTX_DISABLE_SEARCHDIRS |
			       LY_CTX_SET_PRIV_PARSED,
		       &l->ctx);
	if (r != LY_SUCCESS)
		return fail(l, NULL, "cannot create libyang context");
	if (ly_in_new_memory((const char *)translatord_yang, &in) != LY_SUCCESS)
		return fail(l, NULL, "out of memory");
	r = lys_parse(l->ctx, in, LYS_IN_YANG, (const char **)features, NULL);
	ly_in_free(in, 0);
	if (r != LY_SUCCESS)
		return fail_ly(l, l->ctx, "loading the built-in YANG module");
	return 0;
}

static int parse_validated(struct loader *l, const char *json)
{
	const struct lys_module *mod;

	/* A configuration file holds no state data (the 'state'
	 * container is config false). */
	if (lyd_parse_data_mem(l->ctx, json, LYD_JSON,
			       LYD_PARSE_STRICT | LYD_PARSE_NO_STATE,
			       LYD_VALIDATE_PRESENT | LYD_VALIDATE_NO_STATE,
			       &l->tree) != LY_SUCCESS)
		return fail_ly(l, l->ctx, "parsing");
	/* Defaults (lowest-ipv6-mtu, ...) come from the YANG module even
	 * when the file has no translator container at all. */
	mod = ly_ctx_get_module_implemented(l->ctx, "translatord");
	if (!mod || lyd_new_implicit_module(&l->tree, mod, LYD_IMPLICIT_NO_STATE,
					    NULL) != LY_SUCCESS)
		return fail_ly(l, l->ctx, "adding defaults");
	return 0;
}

static int parse_raw(struct loader *l, const char *json)
{
	if (ly_ctx_new(NULL, LY_CTX_NO_YANGLIBRARY | LY_CTX_DISABLE_SEARCHDIRS,
		       &l->raw_ctx) != LY_SUCCESS)
		return fail(l, NULL, "cannot create libyang context");
	if (lyd_parse_data_mem(l->raw_ctx, json, LYD_JSON,
			       LYD_PARSE_OPAQ | LYD_PARSE_ONLY, 0,
			       &l->raw) != LY_SUCCESS)
		return fail_ly(l, l->raw_ctx, "parsing");
	return 0;
}

/* ---- semantic checks, filling l->cfg ---- */

/* pool6 as written, s; NULL: absent. */
static int check_pool6(struct loader *l, const char *s)
{
	struct rfc6052_prefix p = {0};
	enum rfc6052_err e;
	unsigned len;
	char hint[INET6_ADDRSTRLEN + 8];

	if (!s)
		return 0;
	if (parse_prefix(AF_INET6, s, p.addr, &len))
		return fail(l, TOP_PATH "/pool6", "\"%s\" is not an IPv6 prefix",
			    s);
	p.len = (uint8_t)len;
	e = rfc6052_prefix_check(&p);
	if (e == RFC6052_ERR_HOST_BITS)
		return fail(l, TOP_PATH "/pool6", "\"%s\": %s (did you mean %s?)",
			    s, rfc6052_strerror(e),
			    masked(AF_INET6, p.addr, len, hint, sizeof(hint)));
	if (e != RFC6052_OK)
		return fail(l, TOP_PATH "/pool6", "\"%s\": %s%s", s,
			    rfc6052_strerror(e),
			    strstr(rfc6052_strerror(e), "RFC") ? ""
							      : " (RFC 6052 2.2)");
	const char *why = addr_scope_clash6(p.addr, len);
	if (why)
		return fail(l, TOP_PATH "/pool6",
			    "\"%s\" %s, whose addresses are never translated",
			    s, why);
	l->cfg.has_pool6 = true;
	l->cfg.pool6 = p;
	return 0;
}

static int read_pool6(struct loader *l, const struct lyd_node *raw)
{
	return check_pool6(l, raw_value(raw, "pool6"));
}

struct eam_text {
	char path[PATH_MAX_LEN]; /* .../eam[ipv4-prefix='...'] */
	const char *s4, *s6;
	uint8_t v4[4], v6[16];
	unsigned len4, len6;
};

/* The IPv4 key of an earlier entry mapping the same IPv6 prefix. */
static const char *v6_owner(const struct eamt *t, const struct eam_text *e,
			    char *buf, size_t buflen)
{
	struct eamt_entry x;

	for (size_t i = 0; eamt_get(t, i, &x); i++)
		if (x.v6len == e->len6 && !memcmp(x.v6, e->v6, 16))
			return masked(AF_INET, x.v4, x.v4len, buf, buflen);
	return "?";
}

/* eamt_add() refused an entry: name the leaf at fault, say why. */
static int fail_eam(struct loader *l, const struct eam_text *e,
		    enum eamt_err err)
{
	char path[PATH_MAX_LEN + 16], hint[INET6_ADDRSTRLEN + 8];
	uint8_t tmp[16];
	bool v4_at_fault;

	switch (err) {
	case EAMT_ERR_SUFFIX_MISMATCH:
		snprintf(path, sizeof(path), "%s/ipv6-prefix", e->path);
		return fail(l, path,
			    "\"%s\": %s: the IPv4 side /%u leaves %u suffix "
			    "bits, this /%u leaves room for only %u",
			    e->s6, eamt_strerror(err), e->len4, 32 - e->len4,
			    e->len6, 128 - e->len6);
	case EAMT_ERR_HOST_BITS:
		memcpy(tmp, e->v4, 4);
		v4_at_fault = clear_host_bits(tmp, 4, e->len4);
		snprintf(path, sizeof(path), "%s/%s", e->path,
			 v4_at_fault ? "ipv4-prefix" : "ipv6-prefix");
		return fail(l, path, "\"%s\": %s (did you mean %s?)",
			    v4_at_fault ? e->s4 : e->s6, eamt_strerror(err),
			    v4_at_fault ? masked(AF_INET, e->v4, e->len4, hint,
						 sizeof(hint))
					: masked(AF_INET6, e->v6, e->len6, hint,
						 sizeof(hint)));
	case EAMT_ERR_DUPLICATE_V6:
		snprintf(path, sizeof(path), "%s/ipv6-prefix", e->path);
		return fail(l, path, "\"%s\": %s by eam[ipv4-prefix='%s']",
			    e->s6, eamt_strerror(err),
			    v6_owner(l->eamt, e, hint, sizeof(hint)));
	case EAMT_ERR_DUPLICATE_V4:
	case EAMT_ERR_PREFIX_LEN:
		snprintf(path, sizeof(path), "%s/ipv4-prefix", e->path);
		return fail(l, path, "\"%s\" <-> \"%s\": %s", e->s4, e->s6,
			    eamt_strerror(err));
	default:
		return fail(l, e->path, "%s", eamt_strerror(err));
	}
}

/* A side in a special-purpose range would never translate; a default
 * route would take over the node's own (the mapped prefixes go into
 * zebra). */
static int eam_scope_check(struct loader *l, const struct eam_text *e)
{
	char path[PATH_MAX_LEN + 16];
	const char *why;

	if ((why = addr_scope_clash4(e->v4, e->len4))) {
		snprintf(path, sizeof(path), "%s/ipv4-prefix", e->path);
		return fail(l, path,
			    "\"%s\" %s: refused, such addresses are never translated and the route would be announced",
			    e->s4, why);
	}
	if ((why = addr_scope_clash6(e->v6, e->len6))) {
		snprintf(path, sizeof(path), "%s/ipv6-prefix", e->path);
		return fail(l, path,
			    "\"%s\" %s: refused, such addresses are never translated",
			    e->s6, why);
	}
	return 0;
}

/* One entry as written into l->eamt. */
static int add_eam(struct loader *l, const char *s4, const char *s6)
{
	struct eam_text e = {.s4 = s4, .s6 = s6};
	enum eamt_err err;

	if (!e.s4 || !e.s6) /* validation makes both present */
		return fail(l, TOP_PATH "/eam", "entry without both prefixes");
	snprintf(e.path, sizeof(e.path), TOP_PATH "/eam[ipv4-prefix='%s']",
		 e.s4);
	if (parse_prefix(AF_INET, e.s4, e.v4, &e.len4))
		return fail(l, e.path, "\"%s\" is not an IPv4 prefix", e.s4);
	if (parse_prefix(AF_INET6, e.s6, e.v6, &e.len6))
		return fail(l, e.path, "\"%s\" is not an IPv6 prefix", e.s6);
	if (eam_scope_check(l, &e))
		return -1;
	err = eamt_add(l->eamt, e.v4, e.len4, e.v6, e.len6);
	return err == EAMT_OK ? 0 : fail_eam(l, &e, err);
}

static int read_eam(struct loader *l, const struct lyd_node *entry)
{
	return add_eam(l, raw_value(entry, "ipv4-prefix"),
		       raw_value(entry, "ipv6-prefix"));
}

static bool is_eam(const struct lyd_node *n)
{
	return !n->schema &&
	       !strcmp(((const struct lyd_node_opaq *)n)->name.name, "eam");
}

static int read_eams(struct loader *l, const struct lyd_node *raw)
{
	size_t count = 0;

	for (const struct lyd_node *n = lyd_child(raw); n; n = n->next)
		count += is_eam(n);
	if (!count)
		return 0; /* xlat_config: eamt is NULL when empty */
	l->eamt = eamt_create(count);
	if (!l->eamt)
		return fail(l, TOP_PATH "/eam", "out of memory");
	for (const struct lyd_node *n = lyd_child(raw); n; n = n->next)
		if (is_eam(n) && read_eam(l, n))
			return -1;
	return 0;
}

/* One RFC 6791 pool as written, s (NULL: absent): a prefix without host
 * bits. */
static int check_pool(struct loader *l, int af, const char *s, uint8_t *addr,
		      uint8_t *len, bool *has)
{
	const char *leaf = af == AF_INET ? "ipv4" : "ipv6";
	char path[PATH_MAX_LEN], hint[INET6_ADDRSTRLEN + 8];
	unsigned n;

	if (!s)
		return 0;
	snprintf(path, sizeof(path), TOP_PATH "/rfc6791-pool/%s", leaf);
	if (parse_prefix(af, s, addr, &n))
		return fail(l, path, "\"%s\" is not an %s prefix", s,
			    af == AF_INET ? "IPv4" : "IPv6");
	if (clear_host_bits(addr, af == AF_INET ? 4 : 16, n))
		return fail(l, path,
			    "\"%s\": prefix has bits set past its length "
			    "(did you mean %s?)",
			    s, masked(af, addr, n, hint, sizeof(hint)));
	*len = (uint8_t)n;
	*has = true;
	return 0;
}

static int read_pool(struct loader *l, const struct lyd_node *pool, int af,
		     uint8_t *addr, uint8_t *len, bool *has)
{
	return check_pool(l, af,
			  raw_value(pool, af == AF_INET ? "ipv4" : "ipv6"),
			  addr, len, has);
}

static int read_pools6791(struct loader *l, const struct lyd_node *raw)
{
	const struct lyd_node *pool = NULL;
	struct xlat_config *c = &l->cfg;

	for (const struct lyd_node *n = lyd_child(raw); n; n = n->next)
		if (!n->schema &&
		    !strcmp(((const struct lyd_node_opaq *)n)->name.name,
			    "rfc6791-pool"))
			pool = n;
	if (!pool)
		return 0;
	return read_pool(l, pool, AF_INET, c->pool6791_v4, &c->pool6791_v4_len,
			 &c->has_pool6791_v4) ||
	       read_pool(l, pool, AF_INET6, c->pool6791_v6,
			 &c->pool6791_v6_len, &c->has_pool6791_v6);
}

void translatord_config_read_settings(const struct lyd_node *top,
				      struct xlat_config *c)
{
	const struct lyd_node_term *t;

	if ((t = term(top, "own-address/ipv4")))
		c->has_own_v4 = inet_pton(AF_INET, lyd_get_value(&t->node),
					  c->own_v4) == 1;
	if ((t = term(top, "own-address/ipv6")))
		c->has_own_v6 = inet_pton(AF_INET6, lyd_get_value(&t->node),
					  c->own_v6) == 1;
	if ((t = term(top, "lowest-ipv6-mtu")))
		c->lowest_ipv6_mtu = t->value.uint16;
	if ((t = term(top, "tos-override"))) {
		c->tos_override = true;
		c->tos = t->value.uint8;
	}
	if ((t = term(top, "ipv4-source-filter")))
		c->accept_mapped_src4 = !t->value.boolean;
	if ((t = term(top, "icmp-errors/for-discarded-packets")))
		c->icmp_errors_for_discards = t->value.boolean;
	if ((t = term(top, "icmp-errors/rate-limit")))
		c->icmp_error_rate = t->value.uint32;
	if ((t = term(top, "icmp-errors/burst")))
		c->icmp_error_burst = t->value.uint32;
	if ((t = term(top, "zero-checksum-udp")))
		c->zero_csum_policy = strcmp(lyd_get_value(&t->node), "drop")
					      ? XLAT_ZERO_CSUM_COMPUTE
					      : XLAT_ZERO_CSUM_DROP;
}

/* Plain values, already checked by the schema: read the validated tree,
 * which also holds the YANG defaults. */
static int read_validated(struct loader *l)
{
	const struct lyd_node *top = NULL;

	if (l->tree && lyd_find_path(l->tree, TOP_PATH, 0,
				     (struct lyd_node **)&top) != LY_SUCCESS)
		top = NULL;
	translatord_config_read_settings(top, &l->cfg);
	return 0;
}

static int check_addresses(struct loader *l, const struct xlat_config *cfg);

static int syntax(struct loader *l, const char *json)
{
	struct json_error jerr;

	if (json_check(json, &jerr))
		return fail(l, NULL, "line %u, column %u: %s", jerr.line,
			    jerr.column, jerr.what);
	return 0;
}

/* The checks of the values as written, from the opaque tree. */
static int read_raw(struct loader *l)
{
	const struct lyd_node *raw = raw_top(l);

	if (raw && (read_pool6(l, raw) || read_eams(l, raw) ||
		    read_pools6791(l, raw)))
		return -1;
	return 0;
}

static int load(struct loader *l, const char *json)
{
	xlat_config_init(&l->cfg);
	if (syntax(l, json) || make_schema_ctx(l) || parse_validated(l, json) ||
	    parse_raw(l, json) || read_raw(l) || read_validated(l))
		return -1;
	l->cfg.eamt = l->eamt;
	return check_addresses(l, &l->cfg);
}

/* The passes over the values as written only (no schema context). */
static int check_written(struct loader *l, const char *json)
{
	xlat_config_init(&l->cfg);
	return syntax(l, json) || parse_raw(l, json) || read_raw(l) ? -1 : 0;
}

static void loader_free(struct loader *l)
{
	lyd_free_all(l->tree);
	lyd_free_all(l->raw);
	if (l->ctx)
		ly_ctx_destroy(l->ctx);
	if (l->raw_ctx)
		ly_ctx_destroy(l->raw_ctx);
	if (l->eamt)
		eamt_destroy(l->eamt);
}

/* ---- public API ---- */

/* One pass of the loader over json, libyang's errors kept for our
 * messages but printed nowhere: the caller decides where errors go
 * (thread-local, so safe). The loader is the caller's to free. */
static int run(struct loader *l, int (*pass)(struct loader *, const char *),
	       const char *json, const char *name, char *err, size_t errlen)
{
	uint32_t logopts = LY_LOSTORE_LAST;
	int rc;

	*l = (struct loader){
		.name = name ? name : "<string>", .err = err, .errlen = errlen};
	if (err && errlen)
		err[0] = '\0';
	ly_temp_log_options(&logopts);
	rc = pass(l, json);
	ly_temp_log_options(NULL);
	return rc;
}

int translatord_config_load_string(const char *json, const char *name,
				   struct xlat_config *cfg,
				   struct eamt **eamt_out, char *err,
				   size_t errlen)
{
	struct loader l;
	int rc = run(&l, load, json, name, err, errlen);

	if (rc == 0) {
		*cfg = l.cfg;
		cfg->eamt = l.eamt;
		*eamt_out = l.eamt;
		l.eamt = NULL; /* now the caller's */
	}
	loader_free(&l);
	return rc;
}

int translatord_config_check_as_written(const char *json, const char *name,
					char *err, size_t errlen)
{
	struct loader l;
	int rc = run(&l, check_written, json, name, err, errlen);

	loader_free(&l);
	return rc;
}

/* Whole file into a NUL-terminated buffer; works on pipes too. */
static const char *file_kind(mode_t m)
{
	return S_ISFIFO(m)	? "a FIFO"
	       : S_ISCHR(m)	? "a character device"
	       : S_ISBLK(m)	? "a block device"
	       : S_ISDIR(m)	? "a directory"
	       : S_ISSOCK(m) ? "a socket"
			       : "not a regular file";
}

/*
 * Regular files only, opened without blocking (a FIFO would hold the
 * caller, the daemon's main thread, until a writer came) and read up to
 * their size at open time, within TRANSLATORD_CONFIG_MAX_BYTES (/dev/zero
 * would otherwise grow the buffer until memory runs out). A NUL byte is
 * an error: everything after it would be ignored silently.
 */
char *translatord_config_read_file(const char *path, size_t *len_out,
				   char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	struct stat st;
	size_t len = 0, size;
	char *buf = NULL, *nul;
	ssize_t n;

	if (fd < 0 || fstat(fd, &st) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: %s, not a regular file", path,
			 file_kind(st.st_mode));
		goto fail;
	}
	if ((uint64_t)st.st_size > TRANSLATORD_CONFIG_MAX_BYTES) {
		snprintf(err, errlen, "%s: %lld bytes, more than the %u MiB a configuration may have",
			 path, (long long)st.st_size,
			 TRANSLATORD_CONFIG_MAX_BYTES >> 20);
		goto fail;
	}
	size = (size_t)st.st_size;
	if (!(buf = malloc(size + 1))) {
		snprintf(err, errlen, "%s: out of memory", path);
		goto fail;
	}
	while (len < size && (n = read(fd, buf + len, size - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			goto fail;
		}
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	if ((nul = memchr(buf, '\0', len))) {
		size_t line = 1;

		for (const char *p = buf; p < nul; p++)
			line += *p == '\n';
		snprintf(err, errlen, "%s: line %zu: a NUL byte (offset %zu): not a JSON text",
			 path, line, (size_t)(nul - buf));
		free(buf);
		return NULL;
	}
	if (len_out)
		*len_out = len;
	return buf;
fail:
	if (fd >= 0)
		close(fd);
	free(buf);
	return NULL;
}

int translatord_config_load_file(const char *path, struct xlat_config *cfg,
				 struct eamt **eamt_out, char *err,
				 size_t errlen)
{
	char scratch[8], *json;
	int rc;

	json = translatord_config_read_file(path, NULL, err && errlen ? err : scratch,
					    err && errlen ? errlen : sizeof(scratch));
	if (!json)
		return -1;
	rc = translatord_config_load_string(json, path, cfg, eamt_out, err,
					    errlen);
	free(json);
	return rc;
}

void translatord_config_free(struct xlat_config *cfg, struct eamt **eamt)
{
	if (eamt && *eamt) {
		eamt_destroy(*eamt);
		*eamt = NULL;
	}
	if (cfg)
		cfg->eamt = NULL;
}

/* ---- value by value (see translatord_config.h) ---- */

int translatord_config_set_pool6(struct xlat_config *cfg, const char *value,
				 char *err, size_t errlen)
{
	struct loader l = {.err = err, .errlen = errlen};

	if (check_pool6(&l, value))
		return -1;
	cfg->has_pool6 = l.cfg.has_pool6;
	cfg->pool6 = l.cfg.pool6;
	return 0;
}

int translatord_config_add_eam(struct eamt *t, const char *ipv4_prefix,
			       const char *ipv6_prefix, char *err,
			       size_t errlen)
{
	struct loader l = {.err = err, .errlen = errlen, .eamt = t};

	return add_eam(&l, ipv4_prefix, ipv6_prefix);
}

int translatord_config_set_rfc6791_pool(struct xlat_config *cfg, int family,
					const char *value, char *err,
					size_t errlen)
{
	struct loader l = {.err = err, .errlen = errlen};
	uint8_t addr[16] = {0}, len = 0;
	bool has = false;

	if (check_pool(&l, family == AF_INET ? AF_INET : AF_INET6, value, addr,
		       &len, &has))
		return -1;
	if (family == AF_INET) {
		memcpy(cfg->pool6791_v4, addr, 4);
		cfg->pool6791_v4_len = len;
		cfg->has_pool6791_v4 = has;
	} else {
		memcpy(cfg->pool6791_v6, addr, 16);
		cfg->pool6791_v6_len = len;
		cfg->has_pool6791_v6 = has;
	}
	return 0;
}

/* ---- addresses across the configuration ---- */

static int clash_with_eam(const struct xlat_config *cfg, int af,
			  const uint8_t *a, unsigned len, struct eamt_entry *hit)
{
	for (size_t i = 0; cfg->eamt && eamt_get(cfg->eamt, i, hit); i++) {
		if (af == AF_INET && addr_prefixes_overlap(a, len, hit->v4, hit->v4len))
			return 1;
		if (af == AF_INET6 && addr_prefixes_overlap(a, len, hit->v6, hit->v6len))
			return 1;
	}
	return 0;
}

static void prefix_text(int af, const uint8_t *a, unsigned len, char *buf,
			size_t buflen)
{
	size_t n;

	inet_ntop(af, a, buf, (socklen_t)buflen);
	n = strlen(buf);
	snprintf(buf + n, buflen - n, "/%u", len);
}

/*
 * Addresses of the configuration that must lie outside every mapping:
 * own-address is where the translator's errors come from (inside a
 * mapping they would seem to come from a server, and replies to the
 * translator would go to it); the RFC 6791 pools stand for hosts that
 * have no address on the other side, which a mapped one has. An EAM
 * inside pool6 stays allowed: RFC 7757 3.2 looks the EAMT up first, so
 * it is a deliberate override of one embedded form.
 */
static int check_addresses(struct loader *l, const struct xlat_config *cfg)
{
	const struct {
		bool has;
		int af;
		const uint8_t *addr;
		unsigned len;
		const char *leaf, *why;
	} outside[] = {
		{cfg->has_own_v4, AF_INET, cfg->own_v4, 32, "own-address/ipv4",
		 "the translator's own address must not be a mapped one"},
		{cfg->has_own_v6, AF_INET6, cfg->own_v6, 128, "own-address/ipv6",
		 "the translator's own address must not be a mapped one"},
		{cfg->has_pool6791_v4, AF_INET, cfg->pool6791_v4,
		 cfg->pool6791_v4_len, "rfc6791-pool/ipv4",
		 "an RFC 6791 pool must not hold mapped addresses"},
		{cfg->has_pool6791_v6, AF_INET6, cfg->pool6791_v6,
		 cfg->pool6791_v6_len, "rfc6791-pool/ipv6",
		 "an RFC 6791 pool must not hold mapped addresses"},
	};
	struct eamt_entry e;
	char v4[INET_ADDRSTRLEN + 4], mine[INET6_ADDRSTRLEN + 4];

	for (size_t i = 0; i < sizeof(outside) / sizeof(outside[0]); i++) {
		if (!outside[i].has ||
		    !clash_with_eam(cfg, outside[i].af, outside[i].addr,
				    outside[i].len, &e))
			continue;
		prefix_text(AF_INET, e.v4, e.v4len, v4, sizeof(v4));
		prefix_text(outside[i].af, outside[i].addr, outside[i].len, mine,
			    sizeof(mine));
		return fail(l, NULL, "%s/%s: %s overlaps eam[ipv4-prefix='%s']: %s",
			    TOP_PATH, outside[i].leaf, mine, v4, outside[i].why);
	}
	return 0;
}

int translatord_config_check_addresses(const struct xlat_config *cfg,
				       char *err, size_t errlen)
{
	struct loader l = {.err = err, .errlen = errlen};

	return check_addresses(&l, cfg);
}
