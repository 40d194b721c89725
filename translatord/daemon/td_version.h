/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * FRR version pin. libfrr has no stable ABI (struct layouts depend on the
 * configure flags and change between releases), so translatord only runs
 * against the exact frr package it was compiled against.
 */
#ifndef TRANSLATORD_TD_VERSION_H
#define TRANSLATORD_TD_VERSION_H

#include <stddef.h>

/* The Debian frr package version the SDK was made from; the Makefile
 * passes it from build/frr-sdk/FRR_VERSION. */
#ifndef TD_FRR_PKG_VERSION
#error "TD_FRR_PKG_VERSION must be defined (see the Makefile)"
#endif

/* 0 when the running libfrr and the installed frr package are the ones
 * translatord was built against; else -1 and a message saying what
 * differs and how to fix it. Safe to call before frr_preinit(). */
int td_frr_version_check(char *err, size_t errlen);

#endif
