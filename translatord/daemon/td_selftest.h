/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The built-in data-plane self-test: what it probes, decided from the
 * running configuration. The probe itself is the health engine's
 * dataplane check (translatord/health/check_dataplane.c), which builds
 * the packet; here the translation core says what the data plane must
 * make of that same packet.
 */
#ifndef TRANSLATORD_TD_SELFTEST_H
#define TRANSLATORD_TD_SELFTEST_H

#include "td.h"

/* The self-test's engine configuration for c, in st, or false and why
 * not ("disabled: ...") in why. resumed: the data plane translates again
 * after a drain stopped it; the check then starts up, since it was
 * working when the drain stopped it (a real failure still takes it down
 * after fall probes). */
bool td_selftest_config(const struct td_conf *c, bool resumed,
			struct health_check_config *st, char *why,
			size_t len);

#endif
