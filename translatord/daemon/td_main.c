/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * translatord: start-up, options, privileges, signals.
 *
 * FRR's standard daemon options come from libfrr (frr_preinit/frr_getopt):
 * -d, -f, -z, --vty_socket, -N, -u/-g, --log, -A/-P, -i, ...
 */
#include <zebra.h>

#include <lib/version.h>

#include "command.h"
#include "filter.h"
#include "if.h"
#include "libfrr.h"
#include "log.h"
#include "memory.h"
#include "privs.h"
#include "sigevent.h"
#include "thread.h"
#include "vrf.h"

#include "td.h"
#include "td_adv.h"
#include "td_cli.h"
#include "td_conf.h"
#include "td_config_source.h"
#include "td_dataplane.h"
#include "td_health.h"
#include "td_keep.h"
#include "td_build_version.h"
#include "td_debug.h"
#include "td_nb.h"
#include "td_metrics.h"
#include "td_privs.h"
#include "td_running.h"
#include "td_verdict.h"
#include "td_version.h"
#include "td_vty.h"
#include "td_zebra.h"

#include "translatord_config.h"

DEFINE_MGROUP(TRANSLATORD, "translatord");

/* Not an IANA port; FRR's daemons use 2601-2622. */
#define TD_VTY_PORT 2640

/* Permitted, never effective in the FRR thread except around the calls
 * that create or destroy the data plane (td_dataplane.c), which the northbound
 * makes when the configuration asks for one, after privileges were
 * dropped: CAP_NET_ADMIN to create the TUN device, bring it up and attach
 * the TC programs, CAP_SYS_ADMIN to load the BPF programs and create
 * their maps (FRR's privs know no CAP_BPF), CAP_DAC_OVERRIDE to open
 * /dev/net/tun where it is 0600 (containers). CAP_NET_RAW is effective
 * in the health-check thread only (td_health.c): raw ICMP sockets and
 * the data-plane self-test. zebra's and the vty sockets only need the
 * frr/frrvty groups. */
static zebra_capabilities_t td_caps_p[] = {ZCAP_NET_ADMIN, ZCAP_SYS_ADMIN,
					   ZCAP_DAC_OVERRIDE, ZCAP_NET_RAW};

struct zebra_privs_t td_privs = {
#if defined(FRR_USER) && defined(FRR_GROUP)
	.user = FRR_USER,
	.group = FRR_GROUP,
#endif
#if defined(VTY_GROUP)
	.vty_group = VTY_GROUP,
#endif
	.caps_p = td_caps_p,
	.cap_num_p = array_size(td_caps_p),
	.cap_num_i = 0,
};

struct thread_master *master;

static const char *config_json; /* --config-json, or NULL */

enum {
	OPT_CONFIG_JSON = 256, /* long-only: past every short option */
};

static const struct option td_longopts[] = {
	{"config-json", required_argument, NULL, OPT_CONFIG_JSON},
	{0},
};

static const char td_opthelp[] =
	"      --config-json  YANG JSON configuration (module translatord), applied after -f\n"
	"                     and on SIGHUP (replacing translatord's configuration)\n";

/* Defined by FRR_DAEMON_INFO below; -f fills in its config_file. */
static struct frr_daemon_info translatord_di;

/* Load --config-json (replacing translatord's configuration) and say
 * what it replaced: the -f block at start-up, changes made since the
 * last load on SIGHUP. */
static int load_config_json(const char *why, const char *replaced)
{
	char err[BUFSIZ], first[XPATH_MAXLEN];
	unsigned changes = td_config_source_changes(first, sizeof(first));

	if (td_config_load_json(config_json, true, err, sizeof(err)) < 0) {
		zlog_err("%s: %s rejected, running configuration unchanged: %s",
			 why, config_json, err);
		return -1;
	}
	td_config_source_loaded(config_json);
	if (changes)
		zlog_warn("%s: %s replaced %u configuration change%s %s (first: %s)",
			  why, config_json, changes, changes == 1 ? "" : "s",
			  replaced, first);
	zlog_notice("%s: translatord's configuration loaded from %s", why,
		    config_json);
	return 0;
}

static void sighup(void)
{
	DEBUGD(&td_dbg_events, "events: SIGHUP");
	if (!config_json) {
		zlog_info("SIGHUP: no --config-json file to reload");
		return;
	}
	load_config_json("SIGHUP",
			 "made since it was last loaded (vtysh, or vtysh -b with frr.conf)");
}

/* After -f (and, with --tcli, its commit): --config-json. It was checked
 * before daemonizing, so only a resource (the data-plane device) can fail
 * here; that is fatal at start-up. */
static int td_config_post(struct thread_master *tm)
{
	char replaced[PATH_MAX + 32];

	if (config_json) {
		snprintf(replaced, sizeof(replaced), "read from %s",
			 translatord_di.config_file ? translatord_di.config_file
						    : "the -f configuration");
		if (load_config_json("start-up", replaced) < 0)
			exit(1);
	}
	td_nb_starting = false;
	return 0;
}

/* Clean shutdown withdraws every route explicitly; zebra's sweep on
 * disconnect only covers a crash. */
static void sigint(void)
{
	zlog_notice("terminating on signal: withdrawing all routes");
	td_adv_withdraw_all();
	td_keep_stop();
	td_health_stop();
	td_metrics_stop();
	td_health_fini();
	td_verdict_fini();
	td_zebra_stop();
	td_dataplane_close();
	td_adv_fini();
	td_nb_fini();
	td_running_fini();
	td_config_source_fini();
	frr_fini();
	exit(0);
}

static void sigusr1(void)
{
	zlog_rotate();
}

static struct frr_signal_t td_signals[] = {
	{.signal = SIGHUP, .handler = &sighup},
	{.signal = SIGUSR1, .handler = &sigusr1},
	{.signal = SIGINT, .handler = &sigint},
	{.signal = SIGTERM, .handler = &sigint},
};

static const struct frr_yang_module_info *const td_yang_modules[] = {
	&frr_interface_info,
	&frr_vrf_info,
	&td_yang_info,
};

FRR_DAEMON_INFO(translatord, TRANSLATORD, .vty_port = TD_VTY_PORT,
		.proghelp = "Stateless IPv4/IPv6 translator (SIIT/EAM); announces its prefixes to zebra.",
		.signals = td_signals, .n_signals = array_size(td_signals),
		.privs = &td_privs, .yang_modules = td_yang_modules,
		.n_yang_modules = array_size(td_yang_modules));

/* libfrr's -v/--version prints FRR's version as if it were ours: say
 * what translatord is first, then what it was built for. */
static void version_exit_if_asked(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			return;
		if (strcmp(argv[i], "-v") && strcmp(argv[i], "--version"))
			continue;
		printf("translatord %s\nbuilt for FRRouting %s (libfrr.so.0; refuses to start with another)\n",
		       TD_VERSION, TD_FRR_PKG_VERSION);
		exit(0);
	}
}

/* libfrr's --help ends with "Report bugs to" FRR's own address, from
 * inside libfrr.so. When help is asked for, stdout goes to memory and is
 * written out at exit with that line naming translatord's address. */
static FILE *real_stdout;
static char *help_text;
static size_t help_len;

static void help_write(void)
{
	static const char frr_line[] = "\nReport bugs to ";
	char *bugs;

	fclose(stdout);
	stdout = real_stdout;
	bugs = help_text ? strstr(help_text, frr_line) : NULL;
	if (bugs)
		*bugs = '\0';
	fputs(help_text ? help_text : "", stdout);
	printf("\ntranslatord %s, built for FRRouting %s.\nReport bugs to %s\n",
	       TD_VERSION, TD_FRR_PKG_VERSION, TD_BUG_ADDRESS);
	free(help_text);
}

static void help_capture_if_asked(int argc, char **argv)
{
	FILE *mem;

	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		if (strcmp(argv[i], "-h") && strcmp(argv[i], "--help"))
			continue;
		mem = open_memstream(&help_text, &help_len);
		if (!mem)
			return;
		real_stdout = stdout;
		stdout = mem;
		atexit(help_write);
		return;
	}
}

int main(int argc, char **argv)
{
	char err[BUFSIZ];

	version_exit_if_asked(argc, argv);
	help_capture_if_asked(argc, argv);
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "-C") || !strcmp(argv[i], "--dryrun"))
			td_nb_dry_run = true;

	/* Before touching anything else of libfrr: its ABI is not stable. */
	if (td_frr_version_check(err, sizeof(err)) < 0) {
		fprintf(stderr, "translatord: refusing to start: %s\n", err);
		exit(1);
	}

	frr_preinit(&translatord_di, argc, argv);
	frr_opt_add("", td_longopts, td_opthelp);
	while (1) {
		int opt = frr_getopt(argc, argv, NULL);

		if (opt == EOF)
			break;
		switch (opt) {
		case 0:
			break;
		case OPT_CONFIG_JSON:
			config_json = optarg;
			break;
		default:
			frr_help_exit(1);
		}
	}

	/* A bad JSON configuration is reported on the terminal, before
	 * daemonizing; the same loader runs again at the commit. */
	if (config_json) {
		struct xlat_config x;
		struct eamt *t = NULL;

		if (translatord_config_load_file(config_json, &x, &t, err,
						 sizeof(err)) < 0) {
			fprintf(stderr, "translatord: %s\n", err);
			exit(1);
		}
		translatord_config_free(&x, &t);
	}

	td_nb_embed();
	master = frr_init(); /* drops privileges to the frr user */

	vrf_init(NULL, NULL, NULL, NULL);
	td_conf_init(&td_conf);
	td_adv_init();
	td_zebra_init();
	td_cli_init();
	td_vty_init();
	td_running_init();
	hook_register(frr_config_post, td_config_post);

	zlog_notice("translatord %s starting, built against frr %s", TD_VERSION,
		    TD_FRR_PKG_VERSION);
	frr_config_fork();
	/* After the fork (frr_pthread's rule), before the configuration is
	 * read (frr_config_fork queued that as the first event). */
	td_health_start();
	td_privs_drop_in_rcu_thread();
	td_metrics_start(td_health_engine(), &td_conf);
	frr_run(master);
	return 0; /* not reached */
}
