/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "linklayer.h"

#include <string.h>

#include <pcap/pcap.h>

#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_IPV6 0x86dd

/* libpcap maps LINKTYPE_RAW (101) to DLT_RAW, whose value differs between
 * platforms; LINKTYPE_IPV4/IPV6 (228/229) keep their numbers. */
#ifndef DLT_IPV4
#define DLT_IPV4 228
#endif
#ifndef DLT_IPV6
#define DLT_IPV6 229
#endif

bool linklayer_init(struct linklayer *ll, int dlt)
{
	memset(ll, 0, sizeof(*ll));
	ll->dlt_in = dlt;
	switch (dlt) {
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
		/* A translated packet changes IP version, so IPV4/IPV6 input
		 * cannot keep its link type: raw IP carries both. */
		ll->dlt_out = DLT_RAW;
		ll->hdr_len = 0;
		ll->name = pcap_datalink_val_to_name(dlt);
		return true;
	case DLT_EN10MB:
		ll->dlt_out = DLT_EN10MB;
		ll->hdr_len = ETH_HDR_LEN;
		ll->name = "EN10MB";
		return true;
	default:
		return false;
	}
}

enum frame_kind linklayer_decap(const struct linklayer *ll,
				const uint8_t *frame, size_t len,
				const uint8_t **ip, size_t *ip_len,
				uint16_t *ethertype)
{
	*ethertype = 0;
	if (len < ll->hdr_len)
		return FRAME_TRUNCATED;
	if (ll->dlt_in == DLT_EN10MB) {
		*ethertype = (uint16_t)(frame[12] << 8 | frame[13]);
		if (*ethertype != ETHERTYPE_IPV4 && *ethertype != ETHERTYPE_IPV6)
			return FRAME_NOT_IP;
	}
	*ip = frame + ll->hdr_len;
	*ip_len = len - ll->hdr_len;
	return FRAME_IP;
}

void linklayer_encap(const struct linklayer *ll, const uint8_t *in_frame,
		     unsigned family, bool swap, uint8_t *hdr)
{
	uint16_t type = family == 6 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4;

	if (ll->hdr_len != ETH_HDR_LEN)
		return;
	if (swap) {
		memcpy(hdr, in_frame + 6, 6);
		memcpy(hdr + 6, in_frame, 6);
	} else {
		memcpy(hdr, in_frame, 12);
	}
	hdr[12] = (uint8_t)(type >> 8);
	hdr[13] = (uint8_t)type;
}
