/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <zebra.h>

#include "prefix.h"

#include "eamt.h"
#include "../config/config.h" /* by path: FRR has its own "config.h" */

#include "td.h"
#include "td_adv.h"
#include "td_running.h"

struct td_running td_running;

int td_running_load(const char *path, char *err, size_t errlen)
{
	struct xlat_config cfg;
	struct eamt *eamt = NULL;

	if (translatord_config_load_file(path, &cfg, &eamt, err, errlen) < 0)
		return -1;
	translatord_config_free(&td_running.cfg, &td_running.eamt);
	td_running.cfg = cfg;
	td_running.eamt = eamt;
	return 0;
}

void td_running_advertise(void)
{
	struct eamt_entry e;
	struct prefix p;

	td_adv_begin();
	for (size_t i = 0; eamt_get(td_running.eamt, i, &e); i++) {
		memset(&p, 0, sizeof(p));
		p.family = AF_INET;
		p.prefixlen = e.v4len;
		memcpy(&p.u.prefix4, e.v4, 4);
		td_adv_want(&p);
	}
	if (td_running.cfg.has_pool6) {
		memset(&p, 0, sizeof(p));
		p.family = AF_INET6;
		p.prefixlen = td_running.cfg.pool6.len;
		memcpy(&p.u.prefix6, td_running.cfg.pool6.addr, 16);
		td_adv_want(&p);
	}
	td_adv_commit();
}

void td_running_fini(void)
{
	translatord_config_free(&td_running.cfg, &td_running.eamt);
}
