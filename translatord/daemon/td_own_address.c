// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * own-address is the source of the ICMP errors the translator generates
 * (Time Exceeded, Fragmentation Needed, Packet Too Big). Both data planes
 * hand those errors to the node's kernel (written into the TUN device),
 * and the kernel drops a received packet whose source is one of its own
 * addresses (a "martian"). With an interface address as own-address,
 * traceroute shows '*' for the translator and PMTUD through it is a black
 * hole, silently. Refusing the commit is the only place an operator
 * still sees it.
 */
#include <zebra.h>

#include <ifaddrs.h>

#include "td.h"
#include "td_own_address.h"

/* The interface of this node that has the address, or NULL. */
static const char *local_interface(const struct ifaddrs *list, int af,
				   const void *addr, char *name, size_t len)
{
	for (const struct ifaddrs *i = list; i; i = i->ifa_next) {
		const struct sockaddr *sa = i->ifa_addr;

		if (!sa || sa->sa_family != af)
			continue;
		if (af == AF_INET &&
		    memcmp(&((const struct sockaddr_in *)sa)->sin_addr, addr, 4))
			continue;
		if (af == AF_INET6 &&
		    memcmp(&((const struct sockaddr_in6 *)sa)->sin6_addr, addr, 16))
			continue;
		strlcpy(name, i->ifa_name, len);
		return name;
	}
	return NULL;
}

int td_own_address_check(const struct td_conf *c, char *err, size_t errlen)
{
	static const char path[] = "/translatord:translator/own-address/";
	struct ifaddrs *list;
	char ifname[IF_NAMESIZE], text[INET6_ADDRSTRLEN];
	const char *leaf = NULL;

	if (!c->configured || (!c->xlat.has_own_v4 && !c->xlat.has_own_v6))
		return 0;
	if (getifaddrs(&list) < 0)
		return 0; /* cannot tell: not a reason to refuse */
	if (c->xlat.has_own_v4 &&
	    local_interface(list, AF_INET, c->xlat.own_v4, ifname, sizeof(ifname))) {
		leaf = "ipv4";
		inet_ntop(AF_INET, c->xlat.own_v4, text, sizeof(text));
	} else if (c->xlat.has_own_v6 &&
		   local_interface(list, AF_INET6, c->xlat.own_v6, ifname,
				   sizeof(ifname))) {
		leaf = "ipv6";
		inet_ntop(AF_INET6, c->xlat.own_v6, text, sizeof(text));
	}
	freeifaddrs(list);
	if (!leaf)
		return 0;
	snprintf(err, errlen,
		 "%s%s: %s is an address of this node (%s): the node's kernel would drop the translator's own ICMP errors from it (traceroute shows '*', PMTUD breaks); use an address no interface of this node has",
		 path, leaf, text, ifname);
	return -1;
}
