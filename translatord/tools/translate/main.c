/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * translatord-translate: run the translation core over a pcap file.
 *
 * Every input packet goes through xlat_packet() once; every packet the
 * core emits (translations, fragments, ICMP errors back to the sender)
 * is written to the output in order, with the input packet's timestamp.
 * This is how the conformance suite drives the core, and how an operator
 * can see what a configuration does to captured traffic.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include "translatord_config.h"
#include "linklayer.h"
#include "xlat.h"

#define PROG "translatord-translate"
#define EXIT_USAGE 2
#define SNAPLEN_OUT 262144
/* No output packet can be larger than an IP packet with a 16-bit length
 * field plus the IPv6 header, which that field does not count. */
#define MAX_OUT_PKT (65535 + 40)

struct options {
	const char *config, *in, *out;
	uint32_t mtu4, mtu6;
	bool verbose, check_config;
};

struct stats {
	uint64_t in, out, translated, icmp_errors, dropped;
	uint64_t not_ip, truncated_frame, partial_capture;
	uint64_t icmp_by[XLAT_DROP__COUNT], drop_by[XLAT_DROP__COUNT];
};

struct run {
	const struct options *opt;
	struct xlat_config cfg;
	struct eamt *eamt;
	struct xlat_counters ctr;
	struct linklayer ll;
	pcap_t *in, *dead;
	pcap_dumper_t *dump;
	uint8_t *out;   /* XLAT_OUT_BUF_SIZE, the core's output */
	uint8_t *frame; /* one framed output packet */
	struct stats st;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: " PROG " --config FILE --in IN.pcap --out OUT.pcap\n"
		"       [--mtu4 N] [--mtu6 N] [--verbose]\n"
		"       " PROG " --config FILE --check-config\n"
		"\n"
		"Translates every packet of IN.pcap (raw IP or Ethernet) with the\n"
		"translatord core and writes what it emits to OUT.pcap.\n"
		"\n"
		"  -c, --config FILE   JSON configuration (YANG module translatord)\n"
		"  -i, --in FILE       input pcap\n"
		"  -o, --out FILE      output pcap (raw IP input: LINKTYPE_RAW;\n"
		"                      Ethernet input: Ethernet)\n"
		"      --mtu4 N        IPv4 next-hop MTU, 0 = unlimited (1500)\n"
		"      --mtu6 N        IPv6 next-hop MTU, 0 = unlimited (1500)\n"
		"  -v, --verbose       one line per input packet (numbered from\n"
		"                      1): verdict and reason\n"
		"      --check-config  load the configuration, print it, exit\n"
		"  -h, --help          this text\n"
		"\n"
		"Exit status: 0 ok, 1 runtime error (bad configuration, file),\n"
		"2 usage error.\n");
}

/* 0, or min..65535: an MTU below the protocol minimum is a typo. */
static bool parse_mtu(const char *name, const char *s, uint32_t min,
		      uint32_t *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' ||
	    (v != 0 && (v < min || v > 65535))) {
		fprintf(stderr,
			PROG ": --%s %s: expected 0 (unlimited) or %" PRIu32
			     "..65535\n",
			name, s, min);
		return false;
	}
	*out = (uint32_t)v;
	return true;
}

enum { OPT_MTU4 = 256, OPT_MTU6, OPT_CHECK };

/* Returns -1 to go on, else the exit status. */
static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{"config", required_argument, NULL, 'c'},
		{"in", required_argument, NULL, 'i'},
		{"out", required_argument, NULL, 'o'},
		{"mtu4", required_argument, NULL, OPT_MTU4},
		{"mtu6", required_argument, NULL, OPT_MTU6},
		{"verbose", no_argument, NULL, 'v'},
		{"check-config", no_argument, NULL, OPT_CHECK},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	*o = (struct options){.mtu4 = 1500, .mtu6 = 1500};
	while ((c = getopt_long(argc, argv, "c:i:o:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': o->config = optarg; break;
		case 'i': o->in = optarg; break;
		case 'o': o->out = optarg; break;
		case 'v': o->verbose = true; break;
		case OPT_CHECK: o->check_config = true; break;
		case OPT_MTU4:
			if (!parse_mtu("mtu4", optarg, 68, &o->mtu4))
				return EXIT_USAGE;
			break;
		case OPT_MTU6:
			if (!parse_mtu("mtu6", optarg, 1280, &o->mtu6))
				return EXIT_USAGE;
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, PROG ": unexpected argument '%s'\n", argv[optind]);
		return EXIT_USAGE;
	}
	if (!o->config || (!o->check_config && (!o->in || !o->out))) {
		fprintf(stderr, PROG ": --config%s required (see --help)\n",
			o->check_config ? " is" : ", --in and --out are");
		return EXIT_USAGE;
	}
	return -1;
}

/* ---- configuration ---- */

static void print_prefix(const char *label, int af, const uint8_t *a,
			 unsigned len)
{
	char s[INET6_ADDRSTRLEN];

	inet_ntop(af, a, s, sizeof(s));
	printf("%-18s %s/%u\n", label, s, len);
}

static void print_addr(const char *label, int af, const uint8_t *a)
{
	char s[INET6_ADDRSTRLEN];

	inet_ntop(af, a, s, sizeof(s));
	printf("%-18s %s\n", label, s);
}

/* --check-config: show what was understood, in the YANG leaf names. */
static void print_config(const struct xlat_config *c, const struct eamt *t)
{
	struct eamt_entry e;
	char s4[INET_ADDRSTRLEN], s6[INET6_ADDRSTRLEN];

	if (c->has_pool6)
		print_prefix("pool6", AF_INET6, c->pool6.addr, c->pool6.len);
	for (size_t i = 0; t && eamt_get(t, i, &e); i++) {
		inet_ntop(AF_INET, e.v4, s4, sizeof(s4));
		inet_ntop(AF_INET6, e.v6, s6, sizeof(s6));
		printf("%-18s %s/%u <-> %s/%u\n", "eam", s4, e.v4len, s6, e.v6len);
	}
	if (c->has_pool6791_v4)
		print_prefix("rfc6791-pool ipv4", AF_INET, c->pool6791_v4,
			     c->pool6791_v4_len);
	if (c->has_pool6791_v6)
		print_prefix("rfc6791-pool ipv6", AF_INET6, c->pool6791_v6,
			     c->pool6791_v6_len);
	if (c->has_own_v4)
		print_addr("own-address ipv4", AF_INET, c->own_v4);
	if (c->has_own_v6)
		print_addr("own-address ipv6", AF_INET6, c->own_v6);
	printf("%-18s %u\n", "lowest-ipv6-mtu", c->lowest_ipv6_mtu);
	if (c->tos_override)
		printf("%-18s %u\n", "tos-override", c->tos);
	printf("%-18s %s\n", "zero-checksum-udp",
	       c->zero_csum_policy == XLAT_ZERO_CSUM_DROP ? "drop" : "compute");
}

/* ---- pcap files ---- */

/* libpcap's messages name the file only sometimes; name it once. */
static void pcap_error(const char *path, const char *msg)
{
	if (!strncmp(msg, path, strlen(path)))
		fprintf(stderr, PROG ": %s\n", msg);
	else
		fprintf(stderr, PROG ": %s: %s\n", path, msg);
}

static int open_files(struct run *r)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	int dlt;

	r->in = pcap_open_offline(r->opt->in, errbuf);
	if (!r->in) {
		pcap_error(r->opt->in, errbuf);
		return -1;
	}
	dlt = pcap_datalink(r->in);
	if (!linklayer_init(&r->ll, dlt)) {
		const char *name = pcap_datalink_val_to_name(dlt);

		fprintf(stderr,
			PROG ": %s: link type %s (%d) not supported; "
			     "use raw IP or Ethernet\n",
			r->opt->in, name ? name : "?", dlt);
		return -1;
	}
	r->dead = pcap_open_dead(r->ll.dlt_out, SNAPLEN_OUT);
	r->dump = r->dead ? pcap_dump_open(r->dead, r->opt->out) : NULL;
	if (!r->dump) {
		pcap_error(r->opt->out,
			   r->dead ? pcap_geterr(r->dead) : "out of memory");
		return -1;
	}
	return 0;
}

static void close_files(struct run *r)
{
	if (r->dump)
		pcap_dump_close(r->dump);
	if (r->dead)
		pcap_close(r->dead);
	if (r->in)
		pcap_close(r->in);
}

/* ---- per packet ---- */

/* Write res's packets, framed like the input frame. A core that returns
 * out-of-range offsets is a bug worth stopping for, not a bad packet. */
static int write_outputs(struct run *r, const struct pcap_pkthdr *h,
			 const uint8_t *frame_in, const struct xlat_result *res)
{
	size_t hl = r->ll.hdr_len;

	if (res->n > XLAT_MAX_OUT_PKTS) {
		fprintf(stderr, PROG ": core returned %u packets\n", res->n);
		return -1;
	}
	for (unsigned i = 0; i < res->n; i++) {
		const struct xlat_out_pkt *p = &res->pkts[i];
		struct pcap_pkthdr oh = {.ts = h->ts};
		const uint8_t *data = r->out + p->offset;

		if ((size_t)p->offset + p->len > XLAT_OUT_BUF_SIZE ||
		    p->len > MAX_OUT_PKT) {
			fprintf(stderr,
				PROG ": core returned packet %u at %" PRIu32
				     "+%" PRIu32 ", outside its buffer\n",
				i, p->offset, p->len);
			return -1;
		}
		if (hl) {
			linklayer_encap(&r->ll, frame_in, p->family,
					res->verdict == XLAT_ICMP_ERROR, r->frame);
			memcpy(r->frame + hl, data, p->len);
			data = r->frame;
		}
		oh.caplen = oh.len = (bpf_u_int32)(hl + p->len);
		pcap_dump((u_char *)r->dump, &oh, data);
		r->st.out++;
	}
	return 0;
}

static const char *verdict_name(enum xlat_verdict v)
{
	switch (v) {
	case XLAT_TRANSLATED: return "translated";
	case XLAT_ICMP_ERROR: return "icmp_error";
	case XLAT_DROP: return "drop";
	}
	return "unknown";
}

/* Count the verdict; with --verbose, one line for this packet. */
static void tally(struct run *r, const uint8_t *ip,
		  const struct xlat_result *res)
{
	struct stats *st = &r->st;
	unsigned reason = res->reason < XLAT_DROP__COUNT ? res->reason : 0;

	switch (res->verdict) {
	case XLAT_TRANSLATED: st->translated++; break;
	case XLAT_ICMP_ERROR: st->icmp_errors++; st->icmp_by[reason]++; break;
	default: st->dropped++; st->drop_by[reason]++; break;
	}
	if (!r->opt->verbose)
		return;
	printf("%" PRIu64 ": ipv%u %s", st->in, ip[0] >> 4,
	       verdict_name(res->verdict));
	if (res->verdict != XLAT_TRANSLATED || res->reason != XLAT_DROP_NONE)
		printf(" %s", xlat_drop_reason_name(res->reason));
	if (res->n)
		printf(" (%u packet%s out)", res->n, res->n == 1 ? "" : "s");
	putchar('\n');
}

/* Frames that never reach the core; counted, reported with -v. */
static bool skip_frame(struct run *r, const struct pcap_pkthdr *h,
		       enum frame_kind kind, uint16_t ethertype)
{
	uint64_t n = r->st.in;

	if (h->caplen < h->len) {
		/* Cut by the capture's snaplen: translating the captured part
		 * would only exercise length checks, not the packet. */
		r->st.partial_capture++;
		if (r->opt->verbose)
			printf("%" PRIu64 ": skipped, %u of %u bytes captured\n",
			       n, h->caplen, h->len);
		return true;
	}
	if (kind == FRAME_NOT_IP) {
		r->st.not_ip++;
		if (r->opt->verbose)
			printf("%" PRIu64 ": skipped, ethertype 0x%04x\n", n,
			       ethertype);
		return true;
	}
	if (kind == FRAME_TRUNCATED) {
		r->st.truncated_frame++;
		if (r->opt->verbose)
			printf("%" PRIu64 ": skipped, %u-byte frame\n", n,
			       h->caplen);
		return true;
	}
	return false;
}

static int handle(struct run *r, const struct pcap_pkthdr *h,
		  const uint8_t *frame)
{
	const uint8_t *ip = NULL;
	size_t ip_len = 0;
	uint16_t ethertype;
	enum frame_kind kind;
	struct xlat_result res;

	r->st.in++;
	kind = linklayer_decap(&r->ll, frame, h->caplen, &ip, &ip_len,
			       &ethertype);
	if (skip_frame(r, h, kind, ethertype))
		return 0;
	memset(&res, 0, sizeof(res));
	/* The capture's clock drives the ICMP error rate limit, so a replay
	 * limits as the live translator would have. */
	r->ctr.now_ms = (uint64_t)h->ts.tv_sec * 1000 + (uint64_t)h->ts.tv_usec / 1000;
	xlat_packet(&r->cfg, &r->ctr, ip, ip_len, r->opt->mtu4, r->opt->mtu6,
		    r->out, XLAT_OUT_BUF_SIZE, &res);
	tally(r, ip_len ? ip : (const uint8_t *)"", &res);
	return write_outputs(r, h, frame, &res);
}

static int process(struct run *r)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	int rc;

	while ((rc = pcap_next_ex(r->in, &h, &data)) == 1)
		if (handle(r, h, data))
			return -1;
	if (rc == PCAP_ERROR) {
		pcap_error(r->opt->in, pcap_geterr(r->in));
		return -1;
	}
	if (pcap_dump_flush(r->dump)) {
		fprintf(stderr, PROG ": %s: write failed\n", r->opt->out);
		return -1;
	}
	return 0;
}

/* ---- summary ---- */

static void print_reasons(const char *label, uint64_t total,
			  const uint64_t *by)
{
	const char *sep = " (";

	fprintf(stderr, "  %-16s %" PRIu64, label, total);
	for (unsigned i = 0; i < XLAT_DROP__COUNT; i++) {
		if (!by[i])
			continue;
		fprintf(stderr, "%s%s %" PRIu64, sep,
			xlat_drop_reason_name((enum xlat_drop_reason)i), by[i]);
		sep = ", ";
	}
	fprintf(stderr, "%s\n", total ? ")" : "");
}

static void print_summary(const struct run *r)
{
	const struct stats *st = &r->st;

	fflush(stdout); /* --verbose lines first when both go to one place */
	fprintf(stderr, PROG ": %" PRIu64 " packets in, %" PRIu64 " out\n",
		st->in, st->out);
	fprintf(stderr, "  %-16s %" PRIu64 " (4->6 %" PRIu64 ", 6->4 %" PRIu64
			", hairpinned %" PRIu64 ", fragments out %" PRIu64 ")\n",
		"translated", st->translated, r->ctr.pkts_4to6, r->ctr.pkts_6to4,
		r->ctr.hairpinned, r->ctr.fragments_generated);
	print_reasons("icmp errors", st->icmp_errors, st->icmp_by);
	fprintf(stderr, "  %-16s %" PRIu64 " (errors not sent: rate limit)\n",
		"rate limited", r->ctr.icmp_errors_rate_limited);
	print_reasons("dropped", st->dropped, st->drop_by);
	fprintf(stderr, "  %-16s %" PRIu64 " (not IP %" PRIu64
			", short frame %" PRIu64 ", partial capture %" PRIu64 ")\n",
		"skipped", st->not_ip + st->truncated_frame + st->partial_capture,
		st->not_ip, st->truncated_frame, st->partial_capture);
}

/* ---- main ---- */

static int run_files(struct run *r)
{
	r->out = malloc(XLAT_OUT_BUF_SIZE);
	r->frame = malloc(ETH_HDR_LEN + MAX_OUT_PKT);
	if (!r->out || !r->frame) {
		fprintf(stderr, PROG ": out of memory\n");
		return -1;
	}
	if (open_files(r) || process(r))
		return -1;
	print_summary(r);
	return 0;
}

int main(int argc, char **argv)
{
	struct options opt;
	struct run r = {.opt = &opt};
	char err[1024];
	int rc = parse_options(argc, argv, &opt);

	if (rc >= 0)
		return rc;
	xlat_config_init(&r.cfg);
	if (translatord_config_load_file(opt.config, &r.cfg, &r.eamt, err,
					 sizeof(err))) {
		fprintf(stderr, PROG ": %s\n", err);
		return EXIT_FAILURE;
	}
	if (opt.check_config) {
		print_config(&r.cfg, r.eamt);
		rc = EXIT_SUCCESS;
	} else {
		rc = run_files(&r) ? EXIT_FAILURE : EXIT_SUCCESS;
	}
	close_files(&r);
	free(r.out);
	free(r.frame);
	translatord_config_free(&r.cfg, &r.eamt);
	return rc;
}
