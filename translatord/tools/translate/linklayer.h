/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Link-layer framing for translatord-translate: which pcap link types are
 * read, where the IP packet starts in a frame, and how an output packet
 * is framed again.
 */
#ifndef TRANSLATORD_TOOL_LINKLAYER_H
#define TRANSLATORD_TOOL_LINKLAYER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ETH_HDR_LEN 14

struct linklayer {
	int dlt_in;     /* pcap_datalink() of the input */
	int dlt_out;    /* link type written to the output */
	size_t hdr_len; /* link header in front of IP: 0 or ETH_HDR_LEN */
	const char *name;
};

/* Fill ll for an input link type; false when it is not supported. */
bool linklayer_init(struct linklayer *ll, int dlt);

enum frame_kind {
	FRAME_IP,          /* ip, ip_len: the IPv4 or IPv6 packet */
	FRAME_NOT_IP,      /* Ethernet frame of another ethertype */
	FRAME_TRUNCATED,   /* too short for its link header */
};

/* Locate the IP packet in a captured frame. For FRAME_NOT_IP, *ethertype
 * tells which (for messages). */
enum frame_kind linklayer_decap(const struct linklayer *ll,
				const uint8_t *frame, size_t len,
				const uint8_t **ip, size_t *ip_len,
				uint16_t *ethertype);

/* Write the link header for an output packet of IP version family into
 * hdr (ll->hdr_len bytes), based on the input frame's header. swap: the
 * packet goes back to the sender (an ICMP error), so swap the MACs. */
void linklayer_encap(const struct linklayer *ll, const uint8_t *in_frame,
		     unsigned family, bool swap, uint8_t *hdr);

#endif
