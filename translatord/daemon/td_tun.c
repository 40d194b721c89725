/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Placeholder data plane: a TUN device the routes point to.
 *
 * The device is not persistent: it exists while translatord holds the
 * file descriptor, so a crashed translatord takes its interface with it
 * (and zebra's sweep removes the routes anyway). Packets routed into it are
 * not read yet; the kernel drops them once the queue is full. The
 * data-plane issue replaces this file behind td_dataplane.h.
 *
 * translatord runs as the frr user with CAP_NET_ADMIN and CAP_DAC_OVERRIDE
 * permitted but not effective; they are raised only around the calls that
 * create the device.
 */
#include <zebra.h>

#include <linux/if_tun.h>
#include <pthread.h>
#include <sys/ioctl.h>

#include "memory.h"
#include "privs.h"

#include "td.h"
#include "td_dataplane.h"

DEFINE_MTYPE_STATIC(TRANSLATORD, TD_DP, "Data-plane device");

struct td_dp_pending {
	int fd;
	char name[IFNAMSIZ];
};

static int tun_fd = -1;
static char tun_name[IFNAMSIZ];

static int set_up(const char *ifname, char *err, size_t errlen)
{
	struct ifreq ifr = {0};
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (s < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0 ||
	    (ifr.ifr_flags |= IFF_UP, ioctl(s, SIOCSIFFLAGS, &ifr) < 0)) {
		snprintf(err, errlen, "cannot bring %s up: %s", ifname,
			 strerror(errno));
		close(s);
		return -1;
	}
	close(s);
	return 0;
}

static int tun_open(const char *ifname, char *name_out, char *err,
		    size_t errlen)
{
	struct ifreq ifr = {0};
	int fd, rc = 0;

	if (strlen(ifname) >= IFNAMSIZ) {
		snprintf(err, errlen, "interface name '%s' is longer than %d",
			 ifname, IFNAMSIZ - 1);
		return -1;
	}
	frr_with_privs (&td_privs) {
		fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC | O_NONBLOCK);
	}
	if (fd < 0) {
		snprintf(err, errlen, "open /dev/net/tun: %s", strerror(errno));
		return -1;
	}
	/* Raw IP packets, no packet-information header: what the
	 * translation core takes and emits. */
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	frr_with_privs (&td_privs) {
		if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
			snprintf(err, errlen,
				 "cannot create TUN device %s: %s%s", ifname,
				 strerror(errno),
				 errno == EBUSY
					 ? " (is another translatord running?)"
					 : "");
			rc = -1;
		} else {
			rc = set_up(ifr.ifr_name, err, errlen);
		}
	}
	if (rc < 0) {
		close(fd);
		return -1;
	}
	snprintf(name_out, IFNAMSIZ, "%s", ifr.ifr_name);
	return fd;
}

struct td_dp_pending *td_dataplane_prepare(const char *ifname, char *err,
					   size_t errlen)
{
	struct td_dp_pending *p = XCALLOC(MTYPE_TD_DP, sizeof(*p));

	p->fd = tun_open(ifname, p->name, err, errlen);
	if (p->fd < 0) {
		XFREE(MTYPE_TD_DP, p);
		return NULL;
	}
	return p;
}

void td_dataplane_commit(struct td_dp_pending *p)
{
	td_dataplane_close();
	tun_fd = p->fd;
	snprintf(tun_name, sizeof(tun_name), "%s", p->name);
	XFREE(MTYPE_TD_DP, p);
}

void td_dataplane_abort(struct td_dp_pending *p)
{
	if (!p)
		return;
	close(p->fd);
	XFREE(MTYPE_TD_DP, p);
}

bool td_dataplane_is(const char *ifname)
{
	return tun_fd >= 0 && strcmp(tun_name, ifname) == 0;
}

void td_dataplane_close(void)
{
	if (tun_fd >= 0)
		close(tun_fd);
	tun_fd = -1;
	tun_name[0] = '\0';
}

const char *td_dataplane_ifname(void)
{
	return tun_name;
}

const char *td_dataplane_backend(void)
{
	return "tun-placeholder";
}

/* The contract of td_dataplane_stats(): callers in several threads,
 * serialized here. */
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;

void td_dataplane_stats(struct xlat_counters *out)
{
	pthread_mutex_lock(&stats_lock);
	memset(out, 0, sizeof(*out)); /* nothing translates here */
	pthread_mutex_unlock(&stats_lock);
}

void td_dataplane_mapping_stats(size_t eam_index,
				struct td_mapping_counters *out)
{
	pthread_mutex_lock(&stats_lock);
	memset(out, 0, sizeof(*out));
	pthread_mutex_unlock(&stats_lock);
}

bool td_dataplane_translates(void)
{
	return false; /* packets routed into the TUN device are not read */
}

static bool translating = true;

void td_dataplane_set_translating(bool on)
{
	translating = on;
}

bool td_dataplane_translating(void)
{
	return translating;
}
