/* pack_internal.h — what the rule-pack loader (pack.c), the matcher
 * (pack_match.c) and the compose key paths (pack_path.c) share. */
#ifndef PLIMSOLL_PACK_INTERNAL_H
#define PLIMSOLL_PACK_INTERNAL_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "plimsoll/dockerfile.h"
#include "plimsoll/pack.h"
#include "plimsoll/yaml.h"

#define MAX_PACK_INSTRUCTIONS 19
/* segments of a compose key path; deeper than any compose key */
#define PL_PACK_PATH_MAX 16

typedef enum {
    PL_PSEG_KEY,      /* `image`, `"com.acme.team"`: one mapping key */
    PL_PSEG_ANY,      /* `*`: every value of a mapping, every item of a sequence */
    PL_PSEG_ITEMS,    /* `[*]`: every item of a sequence */
    PL_PSEG_INDEX,    /* `[2]`: one item of a sequence */
} pl_pack_seg_kind;

typedef struct {
    pl_pack_seg_kind kind;
    const char *key; /* PL_PSEG_KEY */
    int index;       /* PL_PSEG_INDEX */
} pl_pack_seg;

typedef struct {
    const char *text; /* as written in the pack */
    pl_pack_seg segs[PL_PACK_PATH_MAX];
    int nsegs;
} pl_pack_path;

/* What a pack rule asks of each item it looks at. */
typedef enum {
    PL_PACK_FORBID,  /* every item that matches is a finding (the default) */
    PL_PACK_REQUIRE, /* `require: true`: the file needs at least one match */
    PL_PACK_EACH,    /* `must-match: true`: every item that does not match is a finding */
} pl_pack_mode;

struct pl_pack_rule {
    pl_rule rule; /* first, so a pl_rule * is a pl_pack_rule * */
    pl_rule_state state;
    pcre2_code *re;        /* `pattern`; NULL when a requirements rule has none */
    pcre2_code *package;   /* requirements: `package`, on the PEP 503 name; selects */
    pcre2_code *specifier; /* requirements: `specifier`, on the specifier as written */
    pl_pack_mode mode;
    const char *message;
    pl_df_kind instructions[MAX_PACK_INSTRUCTIONS];
    int ninstructions;
    pl_pack_path path; /* compose: `path` */
};

void pl_pack_check(pl_check *c, const struct pl_file *f);

/* Parses a compose key path (`services.*.ports[*]`); 0, or -1 with *err_at
 * the offset of the fault in `text` and *why a reason. */
int pl_pack_path_parse(pl_arena *a, const char *text, pl_pack_path *out, size_t *err_at,
                       const char **why);

/* Calls `visit` on every scalar the path reaches under `root`, with the
 * concrete path ("services.web.ports[0]"); returns how many it visited. */
typedef void (*pl_pack_visit)(void *ctx, const pl_ynode *value, const char *where);
int pl_pack_path_walk(pl_arena *a, const pl_pack_path *p, const pl_ynode *root, pl_pack_visit visit,
                      void *ctx);

#endif
