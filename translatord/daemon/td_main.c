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
#include "td_dataplane.h"
#include "td_running.h"
#include "td_version.h"
#include "td_vty.h"
#include "td_zebra.h"

DEFINE_MGROUP(TRANSLATORD, "translatord");

/* Not an IANA port; FRR's daemons use 2601-2622. */
#define TD_VTY_PORT 2640

/* No capability kept: the data-plane interface is created while still
 * root, before frr_init() drops privileges (/dev/net/tun may be 0600), and
 * zebra's and the vty sockets only need the frr/frrvty groups. */
static zebra_capabilities_t td_caps_p[] = {};

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

enum {
	OPT_CONFIG_JSON = 256, /* long-only: past every short option */
	OPT_INTERFACE,
	OPT_DISTANCE,
	OPT_TAG,
	OPT_METRIC,
	OPT_HOLDDOWN,
};

static const struct option td_longopts[] = {
	{"config-json", required_argument, NULL, OPT_CONFIG_JSON},
	{"interface", required_argument, NULL, OPT_INTERFACE},
	{"distance", required_argument, NULL, OPT_DISTANCE},
	{"tag", required_argument, NULL, OPT_TAG},
	{"metric", required_argument, NULL, OPT_METRIC},
	{"holddown-ms", required_argument, NULL, OPT_HOLDDOWN},
	{0},
};

static const char td_opthelp[] =
	"      --config-json  YANG JSON configuration (module translatord); SIGHUP reloads it\n"
	"      --interface    Data-plane interface, created as a TUN device (default " TD_DATAPLANE_IFNAME_DEFAULT ")\n"
	"      --distance     Admin distance of the announced routes, 1-255 (default 20)\n"
	"      --tag          Route tag of the announced routes (default none)\n"
	"      --metric       Metric of the announced routes (default none)\n"
	"      --holddown-ms  Minimum time a withdrawn prefix stays withdrawn, >= 1000 (default 1000)\n";

static void sighup(void)
{
	char err[512];

	if (!td_running.config_json) {
		zlog_info("SIGHUP: no --config-json file to reload");
		return;
	}
	if (td_running_load(td_running.config_json, err, sizeof(err)) < 0) {
		zlog_err("reload rejected, running configuration unchanged: %s",
			 err);
		return;
	}
	zlog_notice("reloaded %s", td_running.config_json);
	td_running_advertise();
}

/* Clean shutdown withdraws every route explicitly; zebra's sweep on
 * disconnect only covers a crash. */
static void sigint(void)
{
	zlog_notice("terminating on signal: withdrawing all routes");
	td_adv_withdraw_all();
	td_zebra_stop();
	td_dataplane_close();
	td_adv_fini();
	td_running_fini();
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
};

FRR_DAEMON_INFO(translatord, TRANSLATORD, .vty_port = TD_VTY_PORT,
		.proghelp = "Stateless IPv4/IPv6 translator (SIIT/EAM); announces its prefixes to zebra.",
		.signals = td_signals, .n_signals = array_size(td_signals),
		.privs = &td_privs, .yang_modules = td_yang_modules,
		.n_yang_modules = array_size(td_yang_modules));

static unsigned long parse_num(const char *opt, const char *s,
			       unsigned long min, unsigned long max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || !*s || *end || v < min || v > max) {
		fprintf(stderr, "translatord: --%s %s: expected %lu-%lu\n", opt,
			s, min, max);
		exit(1);
	}
	return v;
}

int main(int argc, char **argv)
{
	struct td_adv_attrs attrs = {
		.distance = TD_ADV_DISTANCE_DEFAULT,
		.holddown_ms = TD_ADV_HOLDDOWN_MIN_MS,
	};
	const char *ifname = TD_DATAPLANE_IFNAME_DEFAULT;
	char err[512];

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
			td_running.config_json = optarg;
			break;
		case OPT_INTERFACE:
			ifname = optarg;
			break;
		case OPT_DISTANCE:
			attrs.distance = parse_num("distance", optarg, 1, 255);
			break;
		case OPT_TAG:
			attrs.has_tag = true;
			attrs.tag = parse_num("tag", optarg, 1, UINT32_MAX);
			break;
		case OPT_METRIC:
			attrs.has_metric = true;
			attrs.metric = parse_num("metric", optarg, 0, UINT32_MAX);
			break;
		case OPT_HOLDDOWN:
			attrs.holddown_ms = parse_num("holddown-ms", optarg,
						      TD_ADV_HOLDDOWN_MIN_MS,
						      3600000);
			break;
		default:
			frr_help_exit(1);
		}
	}

	/* Configuration errors go to the terminal, before daemonizing. */
	xlat_config_init(&td_running.cfg);
	if (td_running.config_json &&
	    td_running_load(td_running.config_json, err, sizeof(err)) < 0) {
		fprintf(stderr, "translatord: %s\n", err);
		exit(1);
	}

	if (td_dataplane_open(ifname, err, sizeof(err)) < 0) {
		fprintf(stderr, "translatord: %s\n", err);
		exit(1);
	}

	master = frr_init(); /* drops privileges to the frr user */

	vrf_init(NULL, NULL, NULL, NULL);
	td_adv_init();
	td_adv_set_attrs(&attrs);

	td_zebra_init(td_dataplane_ifname());
	td_vty_init();
	td_running_advertise();

	zlog_notice("translatord built against frr %s; data-plane interface %s",
		    TD_FRR_PKG_VERSION, td_dataplane_ifname());
	frr_config_fork();
	frr_run(master);
	return 0; /* not reached */
}
