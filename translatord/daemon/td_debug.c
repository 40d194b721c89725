// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Debug categories, on FRR's debug library: a category is on for the
 * terminal (`debug translator zebra` in enable mode) or in the
 * configuration (the same under `configure`, written back by `write
 * memory`), as every FRR daemon does.
 */
#include <zebra.h>

#include "lib/command.h"
#include "lib/debug.h"

#include "td_debug.h"

struct debug td_dbg_zebra = {0, "translatord zebra (route announcements)"};
struct debug td_dbg_northbound = {0, "translatord northbound (commits)"};
struct debug td_dbg_health = {0, "translatord health (checks, node verdict)"};
struct debug td_dbg_dataplane = {0, "translatord data plane"};
struct debug td_dbg_events = {0, "translatord events"};

static struct debug *const td_debugs[] = {
	&td_dbg_zebra, &td_dbg_northbound, &td_dbg_health,
	&td_dbg_dataplane, &td_dbg_events,
};
static const char *const td_debug_lines[] = {
	"debug translator zebra", "debug translator northbound",
	"debug translator health", "debug translator dataplane",
	"debug translator events",
};

static void td_debug_set_all(uint32_t flags, bool set)
{
	for (size_t i = 0; i < array_size(td_debugs); i++) {
		DEBUG_FLAGS_SET(td_debugs[i], flags, set);
		if (!DEBUG_MODE_CHECK(td_debugs[i], DEBUG_MODE_ALL))
			DEBUG_CLEAR(td_debugs[i]);
	}
}

void td_debug_set(int vtynode, bool on, bool zebra, bool northbound,
		  bool health, bool dataplane, bool events)
{
	uint32_t mode = DEBUG_NODE2MODE(vtynode);
	const bool want[] = {zebra, northbound, health, dataplane, events};
	bool all = !(zebra || northbound || health || dataplane || events);

	for (size_t i = 0; i < array_size(td_debugs); i++)
		if (all || want[i])
			DEBUG_MODE_SET(td_debugs[i], mode, on);
}

static void write_lines(struct vty *vty, uint32_t mode)
{
	for (size_t i = 0; i < array_size(td_debugs); i++)
		if (DEBUG_MODE_CHECK(td_debugs[i], mode))
			vty_out(vty, "%s\n", td_debug_lines[i]);
}

void td_debug_status_write(struct vty *vty)
{
	write_lines(vty, DEBUG_MODE_ALL);
}

int td_debug_config_write(struct vty *vty)
{
	write_lines(vty, DEBUG_MODE_CONF);
	return 0;
}

static struct debug_callbacks td_debug_cbs = {
	.debug_set_all = td_debug_set_all,
};

void td_debug_init(void)
{
	debug_init(&td_debug_cbs);
}
