/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Make before break (dp_create_replacing, dp_reclaim) on real TUN devices
 * and real TC programs, in a network namespace of its own (unshare): the
 * interface keeps its ifindex through every replacement, the TC filter at
 * translatord's handle belongs to whichever data plane is in charge, an
 * abandoned replacement hands the interface back, and the last data plane
 * to go takes the interface and the clsact qdisc with it.
 *
 * Needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN); skipped otherwise.
 */
#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <bpf/libbpf.h>

#include "dataplane.h"

#define IFNAME "tdrepl0"
#define TC_HANDLE 0x7464 /* bpf_dp.c: TD_TC_HANDLE, TD_TC_PRIORITY */
#define TC_PRIO 1

static struct xlat_config cfg;

/* The program id of translatord's egress filter on ifindex; 0: none;
 * -1: no clsact qdisc at all. */
static long egress_prog(int ifindex)
{
	struct bpf_tc_hook hook = {.sz = sizeof(hook),
				   .ifindex = ifindex,
				   .attach_point = BPF_TC_EGRESS};
	struct bpf_tc_opts q = {.sz = sizeof(q),
				.handle = TC_HANDLE,
				.priority = TC_PRIO};
	int r = bpf_tc_query(&hook, &q);

	if (r == 0)
		return (long)q.prog_id;
	return r == -ENOENT ? 0 : -1;
}

static struct dataplane *make(enum dp_kind kind, struct dataplane *old)
{
	struct dp_options o;
	char err[256] = "";
	struct dataplane *dp;

	dp_options_init(&o);
	o.ifname = IFNAME;
	dp = old ? dp_create_replacing(kind, &o, &cfg, old, err, sizeof(err))
		 : dp_create(kind, &o, &cfg, err, sizeof(err));
	if (!dp)
		print_error("dp_create%s(%s): %s\n", old ? "_replacing" : "",
			    dp_kind_name(kind), err);
	return dp;
}

static void test_bpf_tun_bpf(void **state)
{
	(void)state;
	struct dataplane *a = make(DP_BPF, NULL);
	assert_non_null(a);
	int ifx = dp_ifindex(a);
	assert_int_equal(if_nametoindex(IFNAME), ifx);
	long prog_a = egress_prog(ifx);
	assert_true(prog_a > 0);

	/* tun joins: both run, a's program still attached. */
	struct dataplane *b = make(DP_TUN, a);
	assert_non_null(b);
	assert_int_equal(dp_ifindex(b), ifx);
	assert_int_equal(egress_prog(ifx), prog_a);
	/* a goes: the interface stays, and a takes its program along. */
	dp_destroy(a);
	assert_int_equal(if_nametoindex(IFNAME), ifx);
	assert_true(egress_prog(ifx) <= 0);

	/* bpf joins tun: its own program. */
	struct dataplane *c = make(DP_BPF, b);
	assert_non_null(c);
	assert_int_equal(dp_ifindex(c), ifx);
	long prog_c = egress_prog(ifx);
	assert_true(prog_c > 0);
	assert_true(prog_c != prog_a);
	dp_destroy(b);
	assert_int_equal(if_nametoindex(IFNAME), ifx);
	assert_int_equal(egress_prog(ifx), prog_c);

	/* bpf replaces bpf: d's program in c's place; c leaves it alone. */
	struct dataplane *d = make(DP_BPF, c);
	assert_non_null(d);
	long prog_d = egress_prog(ifx);
	assert_true(prog_d > 0);
	assert_true(prog_d != prog_c);

	/* Committed: c goes and must not take d's program along. */
	dp_destroy(c);
	assert_int_equal(if_nametoindex(IFNAME), ifx);
	assert_int_equal(egress_prog(ifx), prog_d);

	/* Abandoned: e goes, d reclaims the hook. */
	struct dataplane *e = make(DP_BPF, d);
	assert_non_null(e);
	long prog_e = egress_prog(ifx);
	assert_true(prog_e > 0);
	assert_true(prog_e != prog_d);
	char err[256] = "";
	dp_destroy(e);
	assert_int_equal(if_nametoindex(IFNAME), ifx);
	assert_int_equal(dp_reclaim(d, err, sizeof(err)), 0);
	assert_int_equal(egress_prog(ifx), prog_d);

	/* The last one takes the interface (and its qdisc) along. */
	dp_destroy(d);
	assert_int_equal(if_nametoindex(IFNAME), 0);
}

static void test_refuses_foreign_interface(void **state)
{
	(void)state;
	struct dataplane *a = make(DP_TUN, NULL);
	assert_non_null(a);
	struct dp_options o;
	char err[256] = "";

	/* Another name: not a replacement. */
	dp_options_init(&o);
	o.ifname = "tdrepl1";
	assert_null(dp_create_replacing(DP_TUN, &o, &cfg, a, err, sizeof(err)));
	assert_non_null(strstr(err, "replacing"));
	/* A plain create on a name in use is refused, as before. */
	o.ifname = IFNAME;
	assert_null(dp_create(DP_TUN, &o, &cfg, err, sizeof(err)));
	assert_non_null(strstr(err, "already exists"));
	assert_int_equal(if_nametoindex("tdrepl1"), 0);
	dp_destroy(a);
	assert_int_equal(if_nametoindex(IFNAME), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bpf_tun_bpf),
		cmocka_unit_test(test_refuses_foreign_interface),
	};

	if (geteuid() != 0) {
		printf("test_replace: skipped (needs root)\n");
		return 0;
	}
	if (unshare(CLONE_NEWNET) < 0) {
		perror("unshare(CLONE_NEWNET)");
		return 1;
	}
	libbpf_set_print(NULL);
	xlat_config_init(&cfg);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
