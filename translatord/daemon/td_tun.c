/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Placeholder data plane: a TUN device the routes point to.
 *
 * The device is not persistent: it exists while translatord holds the
 * file descriptor, so a crashed translatord takes its interface with it
 * (and zebra's sweep removes the routes anyway). Packets routed into it are
 * not read yet; the kernel drops them once the queue is full. The
 * data-plane issue replaces this file behind td_dataplane.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "td_dataplane.h"

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

int td_dataplane_open(const char *ifname, char *err, size_t errlen)
{
	struct ifreq ifr = {0};

	if (strlen(ifname) >= IFNAMSIZ) {
		snprintf(err, errlen, "interface name '%s' is longer than %d",
			 ifname, IFNAMSIZ - 1);
		return -1;
	}
	tun_fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC | O_NONBLOCK);
	if (tun_fd < 0) {
		snprintf(err, errlen, "open /dev/net/tun: %s", strerror(errno));
		return -1;
	}
	/* Raw IP packets, no packet-information header: what the
	 * translation core takes and emits. */
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(tun_fd, TUNSETIFF, &ifr) < 0) {
		snprintf(err, errlen, "cannot create TUN device %s: %s%s",
			 ifname, strerror(errno),
			 errno == EBUSY ? " (is another translatord running?)"
					: "");
		close(tun_fd);
		tun_fd = -1;
		return -1;
	}
	snprintf(tun_name, sizeof(tun_name), "%s", ifr.ifr_name);
	if (set_up(tun_name, err, errlen) < 0) {
		td_dataplane_close();
		return -1;
	}
	return 0;
}

void td_dataplane_close(void)
{
	if (tun_fd >= 0)
		close(tun_fd);
	tun_fd = -1;
}

const char *td_dataplane_ifname(void)
{
	return tun_name;
}
