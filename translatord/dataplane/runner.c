/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * translatord-dataplane: runs the data plane library on its own, without
 * the FRR daemon (tests, benchmarks, debugging).
 *
 *   SIGUSR1         print the counters (JSON, one object)
 *   SIGHUP          reload the configuration file (atomic switch)
 *   SIGUSR2         turn the per-mapping counters on/off
 *   SIGRTMIN        replace the data plane with one of the other kind
 *                   (bpf <-> tun), make before break, on the same
 *                   interface (tests of dp_create_replacing())
 *   SIGINT/SIGTERM  print the counters and exit
 *
 * It does not add routes: point the EAM IPv4 prefixes and pool6 at the
 * translator interface it prints when ready.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "translatord_config.h"
#include "dataplane.h"
#include "stats_json.h"

#define PROG "translatord-dataplane"
#define EXIT_USAGE 2

struct runner {
	const char *config, *stats_file, *ready_file;
	enum dp_kind kind;
	struct dp_options opt;
	unsigned duration; /* seconds, 0 = until a signal */
	struct xlat_config cfg;
	struct eamt *eamt;
	struct dataplane *dp;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: " PROG " --config FILE [--mode bpf|tun] [options]\n"
		"\n"
		"  -c, --config FILE    JSON configuration (YANG module translatord)\n"
		"  -m, --mode KIND      bpf (default: TC fast path + TUN slow path)\n"
		"                       or tun (userspace only)\n"
		"  -i, --ifname NAME    translator interface (siit0)\n"
		"      --if4 IF         bpf: also translate at the ingress of the\n"
		"      --if6 IF         IPv4-facing / IPv6-facing interfaces\n"
		"  -t, --threads N      worker threads (tun: one per CPU; bpf: 1)\n"
		"      --mtu4 N         IPv4 next-hop MTU given to the core (1500)\n"
		"      --mtu6 N         IPv6 next-hop MTU given to the core (1500)\n"
		"      --if-mtu N       MTU of the translator interface\n"
		"      --no-offload     tun: no GSO/checksum offload\n"
		"      --mapping-counters  count per EAM entry (\"mappings\" in\n"
		"                       the JSON counters; USR2 toggles)\n"
		"      --stats-file F   write the JSON counters there, not stdout\n"
		"      --ready-file F   create F once the interface is up\n"
		"      --duration S     exit after S seconds\n"
		"  -h, --help           this text\n"
		"\n"
		"Signals: USR1 prints the counters, HUP reloads the configuration,\n"
		"USR2 turns the per-mapping counters on/off, RTMIN replaces the data\n"
		"plane with one of the other kind (bpf <-> tun) on the same interface,\n"
		"make before break, INT/TERM print the counters and exit.\n");
}

static int parse_uint(const char *s, unsigned long max, uint32_t *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || *end || end == s || v > max)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static int parse_args(struct runner *r, int argc, char **argv)
{
	enum { O_IF4 = 256, O_IF6, O_MTU4, O_MTU6, O_IFMTU, O_NOOFF, O_STATS,
	       O_READY, O_DURATION, O_MAPCTR };
	static const struct option lo[] = {
		{"config", required_argument, NULL, 'c'},
		{"mode", required_argument, NULL, 'm'},
		{"ifname", required_argument, NULL, 'i'},
		{"threads", required_argument, NULL, 't'},
		{"if4", required_argument, NULL, O_IF4},
		{"if6", required_argument, NULL, O_IF6},
		{"mtu4", required_argument, NULL, O_MTU4},
		{"mtu6", required_argument, NULL, O_MTU6},
		{"if-mtu", required_argument, NULL, O_IFMTU},
		{"no-offload", no_argument, NULL, O_NOOFF},
		{"mapping-counters", no_argument, NULL, O_MAPCTR},
		{"stats-file", required_argument, NULL, O_STATS},
		{"ready-file", required_argument, NULL, O_READY},
		{"duration", required_argument, NULL, O_DURATION},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;
	uint32_t v;

	while ((c = getopt_long(argc, argv, "c:m:i:t:h", lo, NULL)) != -1) {
		int bad = 0;
		switch (c) {
		case 'c': r->config = optarg; break;
		case 'm': bad = dp_kind_parse(optarg, &r->kind); break;
		case 'i': r->opt.ifname = optarg; break;
		case 't':
			bad = parse_uint(optarg, 256, &v);
			r->opt.threads = v;
			break;
		case O_IF4: r->opt.if4 = optarg; break;
		case O_IF6: r->opt.if6 = optarg; break;
		case O_MTU4: bad = parse_uint(optarg, 65535, &r->opt.mtu4); break;
		case O_MTU6: bad = parse_uint(optarg, 65535, &r->opt.mtu6); break;
		case O_IFMTU: bad = parse_uint(optarg, 65535, &r->opt.if_mtu); break;
		case O_NOOFF: r->opt.no_offload = true; break;
		case O_MAPCTR: r->opt.mapping_stats = true; break;
		case O_STATS: r->stats_file = optarg; break;
		case O_READY: r->ready_file = optarg; break;
		case O_DURATION:
			bad = parse_uint(optarg, 86400, &v);
			r->duration = v;
			break;
		case 'h': usage(stdout); exit(0);
		default: bad = 1;
		}
		if (bad) {
			if (c != '?' && optarg)
				fprintf(stderr, PROG ": bad value: %s\n", optarg);
			usage(stderr);
			return -1;
		}
	}
	if (!r->config || optind != argc) {
		usage(stderr);
		return -1;
	}
	return 0;
}

static void print_stats(const struct runner *r)
{
	struct dp_stats st;
	FILE *f = stdout;

	dp_stats_detail(r->dp, &st);
	if (r->stats_file && !(f = fopen(r->stats_file, "w"))) {
		fprintf(stderr, PROG ": %s: %s\n", r->stats_file,
			strerror(errno));
		return;
	}
	dp_stats_print_json(f, r->dp, &st, r->eamt);
	if (f != stdout)
		fclose(f);
}

/* Load the file anew; switch only if it is valid. */
static void reload(struct runner *r)
{
	struct xlat_config cfg;
	struct eamt *eamt = NULL;
	char err[512];

	if (translatord_config_load_file(r->config, &cfg, &eamt, err,
					 sizeof(err))) {
		fprintf(stderr, PROG ": reload: %s (keeping the old one)\n", err);
		return;
	}
	if (dp_update_config(r->dp, &cfg, err, sizeof(err))) {
		fprintf(stderr, PROG ": reload: %s\n", err);
		translatord_config_free(&cfg, &eamt);
		return;
	}
	/* Nothing uses the old table any more. */
	translatord_config_free(&r->cfg, &r->eamt);
	r->cfg = cfg;
	r->eamt = eamt;
	fprintf(stderr, PROG ": configuration reloaded\n");
}

/* The other kind on the same interface: the new data plane joins the
 * running one's device, then the old one goes; the interface (and its
 * ifindex, and the routes through it) stays. */
static void replace_kind(struct runner *r)
{
	enum dp_kind kind = r->kind == DP_BPF ? DP_TUN : DP_BPF;
	char err[512];
	struct dataplane *dp = dp_create_replacing(kind, &r->opt, &r->cfg,
						   r->dp, err, sizeof(err));

	if (!dp) {
		fprintf(stderr, PROG ": replace: %s (keeping the old one)\n", err);
		return;
	}
	dp_destroy(r->dp);
	r->dp = dp;
	r->kind = kind;
	fprintf(stderr, PROG ": replaced: mode %s, interface %s (ifindex %d)\n",
		dp_kind_name(kind), dp_ifname(dp), dp_ifindex(dp));
}

static void toggle_mapping_stats(struct runner *r)
{
	bool on = !dp_mapping_stats_enabled(r->dp);
	char err[512];

	if (dp_set_mapping_stats(r->dp, on, err, sizeof(err)))
		fprintf(stderr, PROG ": per-mapping counters: %s\n", err);
	else
		fprintf(stderr, PROG ": per-mapping counters %s\n",
			on ? "on" : "off");
}

static void serve(struct runner *r, const sigset_t *set)
{
	struct timespec end;
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += r->duration;

	for (;;) {
		struct timespec now, left = {.tv_sec = 3600};
		if (r->duration) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			if (now.tv_sec >= end.tv_sec)
				return;
			left.tv_sec = end.tv_sec - now.tv_sec;
		}
		int sig = sigtimedwait(set, NULL, &left);
		if (sig == SIGUSR1)
			print_stats(r);
		else if (sig == SIGHUP)
			reload(r);
		else if (sig == SIGUSR2)
			toggle_mapping_stats(r);
		else if (sig == SIGRTMIN)
			replace_kind(r);
		else if (sig == SIGINT || sig == SIGTERM)
			return;
	}
}

int main(int argc, char **argv)
{
	struct runner r = {.kind = DP_BPF};
	char err[512];
	sigset_t set;

	dp_options_init(&r.opt);
	if (parse_args(&r, argc, argv))
		return EXIT_USAGE;
	/* Blocked before any thread exists, so only sigtimedwait() in
	 * this thread ever takes them. */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGRTMIN);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);

	if (translatord_config_load_file(r.config, &r.cfg, &r.eamt, err,
					 sizeof(err))) {
		fprintf(stderr, PROG ": %s\n", err);
		return 1;
	}
	r.dp = dp_create(r.kind, &r.opt, &r.cfg, err, sizeof(err));
	if (!r.dp) {
		fprintf(stderr, PROG ": %s\n", err);
		translatord_config_free(&r.cfg, &r.eamt);
		return 1;
	}
	fprintf(stderr, PROG ": ready: mode %s, interface %s (ifindex %d)\n",
		dp_kind_name(r.kind), dp_ifname(r.dp), dp_ifindex(r.dp));
	if (r.ready_file) {
		FILE *f = fopen(r.ready_file, "w");
		if (f) {
			fprintf(f, "%s %d\n", dp_ifname(r.dp), dp_ifindex(r.dp));
			fclose(f);
		}
	}
	serve(&r, &set);
	print_stats(&r);
	dp_destroy(r.dp);
	translatord_config_free(&r.cfg, &r.eamt);
	return 0;
}
