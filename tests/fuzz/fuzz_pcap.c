/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for translatord-translate as a whole: the input is a
 * pcap file (raw IP or Ethernet), read by libpcap and then by the tool's
 * own frame handling (link layer, partial captures, the core, the output
 * framing). The tool's main() is compiled in as translate_main() and run
 * on a temporary file with the SIIT-DC example configuration; its output
 * goes to /dev/null.
 */
#include <fcntl.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int translate_main(int argc, char **argv);

static char in_path[4096];
static int devnull = -1, saved_stderr = -1;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = getenv("TMPDIR");

	(void)argc;
	(void)argv;
	/* tests/fuzz/run points TMPDIR into its work directory. */
	snprintf(in_path, sizeof(in_path), "%s/fuzz_pcap.%d",
		 dir ? dir : "/tmp", (int)getpid());
	/* The tool's per-run summary would dominate the time: stdout and,
	 * around each run, stderr go to /dev/null (libFuzzer reports on
	 * stderr). */
	devnull = open("/dev/null", O_WRONLY);
	saved_stderr = dup(2);
	if (devnull < 0 || saved_stderr < 0)
		abort();
	dup2(devnull, 1);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *args[] = {"translatord-translate", "--config",
			FUZZ_PCAP_CONFIG, "--in", in_path, "--out", "/dev/null",
			NULL};
	FILE *f = fopen(in_path, "wb");

	if (!f)
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	optind = 0; /* getopt starts over */
	dup2(devnull, 2);
	translate_main(7, args);
	dup2(saved_stderr, 2);
	return 0;
}
