#!/usr/bin/python3
"""Register translatord in copies of FRR 8.4's vtysh sources.

Usage: patch-vtysh.py DIR

DIR holds copies of vtysh/vtysh.h, vtysh/vtysh.c and vtysh/vtysh_config.c
from the pinned FRR source (frr-integration/build-vtysh makes them). Each
edit is anchored on a line of that source and fails loudly when the anchor
is missing, so a different FRR version is refused rather than mis-patched.

What translatord needs from vtysh:
  - a daemon flag and a vtysh_client entry (the socket translatord.vty);
  - in VTYSH_ALL, so libfrr's common commands (log, debug, show memory...)
    reach it;
  - its two CLI nodes, with the same ids as in the daemon (td.h: past
    NODE_TYPE_MAX, since libfrr's enum has no room for out-of-tree
    daemons), and the commands that enter and leave them (vtysh keeps its
    own node state);
  - `translator` blocks grouped as one section in the integrated
    `show running-config` / `write memory`.
The commands themselves come from translatord's sources through FRR's own
extract.pl (see build-vtysh).
"""
import sys


def edit(path, anchor, text, where="after", count=1):
    with open(path) as f:
        s = f.read()
    n = s.count(anchor)
    if n != count:
        sys.exit(f"patch-vtysh: {path}: anchor found {n} times, expected {count}:\n{anchor}")
    if text in s:
        return  # already applied
    if where == "after":
        s = s.replace(anchor, anchor + text)
    elif where == "before":
        s = s.replace(anchor, text + anchor)
    else:  # replace
        s = s.replace(anchor, text)
    with open(path, "w") as f:
        f.write(s)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    d = sys.argv[1]
    h, c, cfg = f"{d}/vtysh.h", f"{d}/vtysh.c", f"{d}/vtysh_config.c"

    # --- vtysh.h: flag, VTYSH_ALL, node ids
    edit(h, "#define VTYSH_PIM6D     0x100000\n", """\
/* translatord (added by translatord's frr-integration/patch-vtysh.py) */
#define VTYSH_TRANSLATORD 0x40000000
/* Same ids as translatord/daemon/td.h: cmdvec is indexed by node id, and
 * libfrr's enum node_type ends at NODE_TYPE_MAX. */
#define TRANSLATOR_NODE (NODE_TYPE_MAX + 0)
#define TRANSLATOR_HEALTH_NODE (NODE_TYPE_MAX + 1)
""")
    edit(h, "|VTYSH_FABRICD|VTYSH_VRRPD|VTYSH_PATHD\n#define VTYSH_ACL",
         "|VTYSH_FABRICD|VTYSH_VRRPD|VTYSH_PATHD|VTYSH_TRANSLATORD\n#define VTYSH_ACL",
         where="replace")

    # --- vtysh.c: client table, nodes, node-changing commands
    edit(c, '\t{.name = "pim6d", .flag = VTYSH_PIM6D},\n',
         '\t{.name = "translatord", .flag = VTYSH_TRANSLATORD},\n')
    edit(c, "/* Defined in lib/vty.c */\nextern struct cmd_node vty_node;\n", """\

/* translatord */
static struct cmd_node translator_node = {
	.name = "translator",
	.node = TRANSLATOR_NODE,
	.parent_node = CONFIG_NODE,
	.prompt = "%s(config-translator)# ",
};

static struct cmd_node translator_health_node = {
	.name = "translator health-check",
	.node = TRANSLATOR_HEALTH_NODE,
	.parent_node = TRANSLATOR_NODE,
	.prompt = "%s(config-translator-health)# ",
};
""")
    edit(c, """DEFUNSH(VTYSH_VRF, vtysh_vrf, vtysh_vrf_cmd, "vrf NAME",
""", """/* translatord: the daemon refuses a new check without a type, and vtysh
 * then stays where it is. */
DEFUNSH(VTYSH_TRANSLATORD, vtysh_translator, vtysh_translator_cmd,
	"translator",
	"Stateless IPv4/IPv6 translator (SIIT/EAM)\\n")
{
	vty->node = TRANSLATOR_NODE;
	return CMD_SUCCESS;
}

DEFUNSH(VTYSH_TRANSLATORD, vtysh_translator_hc, vtysh_translator_hc_cmd,
	"health-check NAME [type <icmp|tcp|http|script|file>]",
	"Health check\\n"
	"Check name\\n"
	"Check type\\n"
	"ICMP echo to the target\\n"
	"TCP connect to the target and port\\n"
	"HTTP GET from the target and port\\n"
	"Script, exit status 0 is success\\n"
	"Drain file: down while it exists\\n")
{
	vty->node = TRANSLATOR_HEALTH_NODE;
	return CMD_SUCCESS;
}

DEFUNSH(VTYSH_TRANSLATORD, vtysh_exit_translatord, vtysh_exit_translatord_cmd,
	"exit", "Exit current mode and down to previous mode\\n")
{
	return vtysh_exit(vty);
}

DEFUNSH(VTYSH_TRANSLATORD, vtysh_quit_translatord, vtysh_quit_translatord_cmd,
	"quit", "Exit current mode and down to previous mode\\n")
{
	return vtysh_exit(vty);
}

""", where="before")
    edit(c, "\tinstall_element(VRF_NODE, &vtysh_quit_vrf_cmd);\n", """
	/* translatord */
	install_node(&translator_node);
	install_node(&translator_health_node);
	install_element(CONFIG_NODE, &vtysh_translator_cmd);
	install_element(TRANSLATOR_NODE, &vtysh_translator_hc_cmd);
	install_element(TRANSLATOR_NODE, &vtysh_exit_translatord_cmd);
	install_element(TRANSLATOR_NODE, &vtysh_quit_translatord_cmd);
	install_element(TRANSLATOR_NODE, &vtysh_end_all_cmd);
	install_element(TRANSLATOR_HEALTH_NODE, &vtysh_exit_translatord_cmd);
	install_element(TRANSLATOR_HEALTH_NODE, &vtysh_quit_translatord_cmd);
	install_element(TRANSLATOR_HEALTH_NODE, &vtysh_end_all_cmd);
""")

    # --- vtysh_config.c: a `translator` block is one section
    edit(cfg, """		else if (strncmp(line, "bfd", strlen("bfd")) == 0)
			config = config_get(BFD_NODE, line);
""", """		else if (strncmp(line, "translator", strlen("translator")) == 0)
			config = config_get(TRANSLATOR_NODE, line);
""", where="before")


if __name__ == "__main__":
    main()
