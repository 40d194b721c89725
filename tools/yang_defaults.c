// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * yang-defaults: the YANG module's defaults as a C header, so that code
 * needing a default without a YANG tree at hand (the translation core,
 * the data plane's standalone runner, the health engine, the CLI's help
 * texts) takes it from the module instead of repeating it.
 *
 * libyang compiles the module (groupings, typedefs and all); every leaf
 * with a default becomes TD_DEFAULT_<PATH>: the data path below the top
 * container, '/' and '-' as '_', upper case
 * (/translatord:translator/advertise/distance:
 * TD_DEFAULT_ADVERTISE_DISTANCE). Integers stay integers, booleans C
 * booleans, anything else a string literal. TD_DEFAULT_STR(x) spells an
 * integer default as a string for help texts.
 *
 * Usage: yang-defaults MODULE.yang > header.h   (a build tool)
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libyang/libyang.h>

static void print_name(const struct lysc_node *n)
{
	if (!n->parent)
		return; /* the top container: not in the name */
	print_name(n->parent);
	if (n->parent->parent)
		putchar('_');
	for (const char *c = n->name; *c; c++)
		putchar(*c == '-' ? '_' : toupper((unsigned char)*c));
}

static void print_value(const struct lysc_node_leaf *l, const char *v)
{
	switch (l->type->basetype) {
	case LY_TYPE_INT8: case LY_TYPE_INT16: case LY_TYPE_INT32:
	case LY_TYPE_INT64: case LY_TYPE_UINT8: case LY_TYPE_UINT16:
	case LY_TYPE_UINT32: case LY_TYPE_UINT64: case LY_TYPE_BOOL:
		printf("%s", v);
		break;
	default:
		putchar('"');
		for (const char *c = v; *c; c++)
			printf(*c == '"' || *c == '\\' ? "\\%c" : "%c", *c);
		putchar('"');
	}
}

int main(int argc, char **argv)
{
	struct ly_ctx *ctx;
	struct lys_module *mod;
	const struct lysc_node *top, *n;

	if (argc != 2) {
		fprintf(stderr, "usage: yang-defaults MODULE.yang\n");
		return 2;
	}
	if (ly_ctx_new(NULL, 0, &ctx) != LY_SUCCESS ||
	    lys_parse_path(ctx, argv[1], LYS_IN_YANG, &mod) != LY_SUCCESS) {
		fprintf(stderr, "yang-defaults: %s does not compile\n", argv[1]);
		return 1;
	}
	printf("/* Generated from %s by yang-defaults. Do not edit. */\n"
	       "#ifndef TD_YANG_DEFAULTS_H\n#define TD_YANG_DEFAULTS_H\n\n"
	       "#define TD_DEFAULT_STR_(x) #x\n"
	       "#define TD_DEFAULT_STR(x) TD_DEFAULT_STR_(x)\n\n",
	       strrchr(argv[1], '/') ? strrchr(argv[1], '/') + 1 : argv[1]);
	LY_LIST_FOR (mod->compiled->data, top) {
		LYSC_TREE_DFS_BEGIN (top, n) {
			const struct lysc_node_leaf *l = (const void *)n;

			if (n->nodetype == LYS_LEAF && l->dflt) {
				printf("#define TD_DEFAULT_");
				print_name(n);
				putchar(' ');
				print_value(l, lyd_value_get_canonical(ctx, l->dflt));
				putchar('\n');
			}
			LYSC_TREE_DFS_END(top, n);
		}
	}
	printf("\n#endif\n");
	ly_ctx_destroy(ctx);
	return 0;
}
