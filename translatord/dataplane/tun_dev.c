/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The translator interface: a multi-queue TUN device (one queue per
 * worker, IFF_MULTI_QUEUE) carrying raw IP packets (IFF_NO_PI), each
 * preceded by a virtio-net header (IFF_VNET_HDR).
 *
 * With offload (TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6) the kernel hands us
 * TCP GSO super-packets and partial checksums instead of segmenting and
 * checksumming every packet before the read: one read and one write per
 * up to 64 KB of TCP (tun_gso.c). Without it the kernel segments first,
 * which is what the BPF slow path wants (it only gets odd packets).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dp_internal.h"

static int tun_open_queue(const char *name, bool offload, char *err,
			  size_t errlen)
{
	struct ifreq ifr;
	int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0) {
		snprintf(err, errlen, "/dev/net/tun: %s", strerror(errno));
		return -1;
	}
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI | IFF_MULTI_QUEUE | IFF_VNET_HDR;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	int hdr = (int)DP_VNET_HDR_LEN;
	unsigned off = offload ? TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6 : 0;
	if (ioctl(fd, TUNSETIFF, &ifr) < 0 ||
	    ioctl(fd, TUNSETVNETHDRSZ, &hdr) < 0 ||
	    ioctl(fd, TUNSETOFFLOAD, off) < 0) {
		snprintf(err, errlen, "TUN %s: %s", name, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static int open_queues(const char *name, unsigned queues, bool offload,
		       int *fds, char *err, size_t errlen)
{
	for (unsigned i = 0; i < queues; i++) {
		fds[i] = tun_open_queue(name, offload, err, errlen);
		if (fds[i] < 0) {
			while (i-- > 0)
				close(fds[i]);
			return -1;
		}
	}
	return 0;
}

/* Create the device with `queues` queues. It is not persistent: it goes
 * away with the last queue's file descriptor, also when we crash. */
int tun_create(const char *name, unsigned queues, bool offload, int *fds,
	       char *err, size_t errlen)
{
	if (if_nametoindex(name)) {
		snprintf(err, errlen, "interface %s already exists", name);
		return -1;
	}
	return open_queues(name, queues, offload, fds, err, errlen);
}

/* Attach `queues` more queues to our own existing device (a replacing
 * data plane's, dp_create_replacing()): the device, its ifindex and the
 * routes through it stay when the previous data plane closes its queues.
 * ifindex guards against a device of the same name that is not ours. */
int tun_add_queues(const char *name, int ifindex, unsigned queues,
		   bool offload, int *fds, char *err, size_t errlen)
{
	if ((int)if_nametoindex(name) != ifindex) {
		snprintf(err, errlen, "interface %s is not the running data plane's",
			 name);
		return -1;
	}
	return open_queues(name, queues, offload, fds, err, errlen);
}

static void sysctl_write(const char *fmt, const char *name, const char *val)
{
	char path[128];
	snprintf(path, sizeof(path), fmt, name);
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(val, f);
		fclose(f);
	}
}

/* MTU, sysctls, up. */
int netif_prepare(const char *name, uint32_t mtu, char *err, size_t errlen)
{
	/* Translated packets carry sources routed elsewhere (the IPv4
	 * client's replies come from mapped addresses): no reverse-path
	 * filter on this interface. No IPv6 address, so no router
	 * solicitations or MLD reports into the translator. */
	sysctl_write("/proc/sys/net/ipv4/conf/%s/rp_filter", name, "0");
	sysctl_write("/proc/sys/net/ipv6/conf/%s/addr_gen_mode", name, "1");
	sysctl_write("/proc/sys/net/ipv6/conf/%s/router_solicitations", name,
		     "0");

	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct ifreq ifr;
	if (s < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	ifr.ifr_mtu = (int)mtu;
	int r = ioctl(s, SIOCSIFMTU, &ifr);
	if (r == 0)
		r = ioctl(s, SIOCGIFFLAGS, &ifr);
	if (r == 0) {
		ifr.ifr_flags |= IFF_UP;
		r = ioctl(s, SIOCSIFFLAGS, &ifr);
	}
	if (r < 0)
		snprintf(err, errlen, "%s: mtu %u/up: %s", name, mtu,
			 strerror(errno));
	close(s);
	return r < 0 ? -1 : 0;
}
