/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Capabilities, thread by thread. They are per thread on Linux: the FRR
 * thread keeps CAP_NET_ADMIN, CAP_SYS_ADMIN, CAP_DAC_OVERRIDE and
 * CAP_NET_RAW permitted (libfrr's zprivs raises them around the calls
 * that need them: it creates the data planes); every other thread gives
 * up what it does not need, so that a flaw in a probe, the metrics
 * endpoint or libfrr's helpers cannot use them.
 */
#ifndef TRANSLATORD_TD_PRIVS_H
#define TRANSLATORD_TD_PRIVS_H

/* The calling thread keeps cap (a CAP_* number), effective and
 * permitted, and nothing else; cap < 0: nothing at all. Returns false
 * when cap was not permitted (the thread then has none). */
bool td_privs_thread_keep(int cap);

/* libfrr's RCU sweeper thread gives up everything (from an RCU callback:
 * they run there). libfrr starts that thread with the first other
 * frr_pthread: call this after td_health_start(). */
void td_privs_drop_in_rcu_thread(void);

#endif
