/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The translator's own addresses must not be the node's: checked at
 * commit against the node's interfaces.
 */
#ifndef TRANSLATORD_TD_OWN_ADDRESS_H
#define TRANSLATORD_TD_OWN_ADDRESS_H

#include <stddef.h>

struct td_conf;

/* 0 when neither own-address is an address of one of this node's
 * interfaces; else -1 and a message naming the leaf, the interface and
 * why it cannot work. */
int td_own_address_check(const struct td_conf *c, char *err, size_t errlen);

#endif
