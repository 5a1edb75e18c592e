/* df_struct_copy.c — COPY arguments and --from: PL1202 several sources into
 * a non-directory, PL1203 --from naming no earlier stage, PL1204 --from
 * naming its own stage, PL1210 relative destination without WORKDIR, PL1225
 * copying a whole filesystem. Only top-level COPY is checked: inside ONBUILD
 * the stages are those of a later Dockerfile. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "df_neighbours.h"
#include "dfutil.h"
#include "plimsoll/unit.h"

/* The expanded destination of a COPY, or NULL when it cannot be known. */
static const char *copy_dest(pl_check *c, const pl_df_model *m, const pl_df_instr *ins)
{
    if (ins->nargs < 2)
        return NULL;
    const char *v;
    if (pl_model_expand(pl_check_arena(c), m, ins, ins->args[ins->nargs - 1].text, &v) !=
        PL_EXPAND_OK)
        return NULL;
    return v;
}

static const pl_df_flag *copy_from(const pl_df_instr *ins)
{
    const pl_df_flag *fl = pl_df_flag_get(ins, "from");
    return fl && fl->value ? fl : NULL;
}

/* Directories every Linux base image but scratch has. */
static int standard_dir(const char *d)
{
    static const char *const dirs[] = {
        "/", "/bin", "/sbin", "/lib", "/lib64", "/etc", "/opt", "/tmp", "/var", "/var/lib",
        "/var/log", "/var/tmp", "/root", "/home", "/srv", "/mnt", "/run", "/usr", "/usr/bin",
        "/usr/sbin", "/usr/lib", "/usr/lib64", "/usr/include", "/usr/share", "/usr/local",
        "/usr/local/bin", "/usr/local/sbin", "/usr/local/lib", "/usr/local/share", NULL};
    for (int i = 0; dirs[i]; i++)
        if (!strcmp(d, dirs[i]))
            return 1;
    return 0;
}

/* `dest` without a trailing slash is a directory that exists when the COPY
 * at instruction `at` runs, as far as the Dockerfile shows: a standard
 * directory of a base that is not scratch, or one an earlier instruction
 * of the stage made (WORKDIR, a COPY into DEST/, a RUN's mkdir of it). */
static int dest_exists(const pl_df_model *m, const pl_stage *st, int at, const char *dest)
{
    if (!st)
        return 0;
    if (!st->is_scratch && standard_dir(dest))
        return 1;
    size_t n = strlen(dest);
    for (int k = 0; k < at; k++) {
        const pl_df_instr *ins = m->df->instrs[k];
        if (m->stage_of[k] != st || !ins->nargs)
            continue;
        const char *last = ins->args[ins->nargs - 1].text;
        if (ins->kind == PL_DF_WORKDIR && !strcmp(ins->args[0].text, dest))
            return 1;
        if ((ins->kind == PL_DF_COPY || ins->kind == PL_DF_ADD) && !strncmp(last, dest, n) &&
            last[n] == '/')
            return 1;
        if (ins->kind == PL_DF_RUN && strstr(ins->args[0].text, "mkdir")) {
            for (const char *p = strstr(ins->args[0].text, dest); p; p = strstr(p + 1, dest)) {
                char after = p[n];
                if ((p == ins->args[0].text || p[-1] == ' ' || p[-1] == '"' || p[-1] == '\'') &&
                    (!after || after == ' ' || after == '/' || after == '"' || after == '\'' ||
                     after == ';' || after == '&'))
                    return 1;
            }
        }
    }
    return 0;
}

void pl_check_copy_sources_dest_not_dir(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    int multi = 0;
    for (int i = 0; i < m->df->ninstrs; i++) {
        const pl_df_instr *ins = m->df->instrs[i];
        if (ins->kind != PL_DF_COPY || ins->nargs < 3)
            continue;
        const char *dest = copy_dest(c, m, ins);
        if (!dest)
            continue;
        multi++;
        size_t n = strlen(dest);
        /* BuildKit reads `.` and `..` (and a path ending in them) as directories */
        int dir = n && (dest[n - 1] == '/' || !strcmp(dest, ".") || !strcmp(dest, "..") ||
                        (n >= 2 && !strcmp(dest + n - 2, "/.")) ||
                        (n >= 3 && !strcmp(dest + n - 3, "/..")));
        /* on Windows a backslash is the path separator: `C:\Windows\System32\`
         * is a directory too */
        const pl_stage *st = m->stage_of[i];
        if (!dir && n && dest[n - 1] == '\\' && st && pl_check_reading(c) == PL_READING_DEFAULT &&
            pl_stage_windows(pl_check_arena(c), st) != PL_WINDOWS_NO)
            dir = 1;
        /* BuildKit, the default builder, has no such check: it copies each
         * source into a destination that already is a directory (manyfold's
         * COPY of nine libraries into /usr/lib), and only one that is not
         * ends up a file the last source overwrites; the classic builder
         * failed on any */
        int default_reading = pl_check_reading(c) == PL_READING_DEFAULT;
        if (!dir && default_reading && dest_exists(m, st, i, dest))
            continue;
        if (!dir && default_reading)
            pl_fail(c, ins->args[ins->nargs - 1].span, NULL,
                    "COPY with %d sources into %s, which does not end in /: nothing before "
                    "makes it a directory, so BuildKit copies each source to that path itself "
                    "(a file source becomes the file %s, and the next replaces it); the "
                    "classic builder fails",
                    ins->nargs - 1, *dest ? dest : "\"\"", *dest ? dest : "\"\"");
        else if (!dir)
            pl_fail(c, ins->args[ins->nargs - 1].span, NULL,
                    "COPY with %d sources into %s, which does not end in /", ins->nargs - 1,
                    *dest ? dest : "\"\"");
    }
    if (!multi)
        pl_skip(c, "no COPY with more than one source");
    else
        pl_pass(c, (pl_span){0}, "%d COPY with several sources, each into a directory", multi);
}

/* A --from value that cannot be a stage name: BuildKit's stage names match
 * [a-z][a-z0-9-_.]*, so ':', '/' and '@' mark an image reference. */
static int looks_like_image(const char *v)
{
    return strpbrk(v, ":/@") != NULL;
}

void pl_check_copy_from_unknown_stage(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    int n = 0, unknown = 0;
    const char *why = NULL;
    int hadolint = pl_check_reading(c) == PL_READING_HADOLINT;
    for (int i = 0; i < m->df->ninstrs; i++) {
        const pl_df_instr *ins = m->df->instrs[i];
        const pl_df_flag *fl = ins->kind == PL_DF_COPY ? copy_from(ins) : NULL;
        const pl_stage *cur = m->stage_of[i];
        if (!fl || !cur)
            continue;
        n++;
        const char *v = fl->value;
        if (looks_like_image(v) || strchr(v, '$'))
            continue;
        if (pl_model_stage_named(m, v, cur->index + 1))
            continue;
        const pl_stage *later = pl_model_stage_named(m, v, m->nstages);
        /* BuildKit takes a --from that names no stage as a named build
         * context when the build gives one, else as an image: a build
         * that gives it settles it; a sibling Dockerfile defining the stage
         * may be assembled with this one by a script (hadolint's DL3022
         * reads the file alone) */
        const pl_unit_spec *origin = NULL;
        const char *sibling = NULL;
        if (!later && !hadolint && pl_file_named_context(f, v, &origin)) {
            unknown++;
            why = pl_arena_printf(pl_check_arena(c), "COPY --from=%s takes the named build context "
                                                     "%s:%d gives",
                                  v, origin->origin_file ? origin->origin_file : "the build",
                                  origin->origin_span.line);
            continue;
        }
        if (!later && !hadolint &&
            (sibling = pl_df_sibling_stage(pl_check_arena(c), f, v))) {
            unknown++;
            why = pl_arena_printf(pl_check_arena(c),
                                  "COPY --from=%s names a stage of %s, which a build may put "
                                  "before this file",
                                  v, sibling);
            continue;
        }
        if (later)
            pl_fail(c, fl->span, NULL,
                    "COPY --from=%s names a stage defined later (line %d), not an earlier one", v,
                    later->from->span.line);
        else
            pl_fail(c, fl->span, NULL,
                    "COPY --from=%s names no earlier stage (and is not an image with a tag)", v);
    }
    if (!n)
        pl_skip(c, "no COPY --from");
    else if (unknown)
        pl_skip(c, "%s (%d COPY --from not known here)", why, unknown);
    else
        pl_pass(c, (pl_span){0}, "%d COPY --from, each naming an earlier stage or an image", n);
}

void pl_check_copy_from_own_stage(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    int n = 0;
    for (int i = 0; i < m->df->ninstrs; i++) {
        const pl_df_instr *ins = m->df->instrs[i];
        const pl_df_flag *fl = ins->kind == PL_DF_COPY ? copy_from(ins) : NULL;
        const pl_stage *cur = m->stage_of[i];
        if (!fl || !cur)
            continue;
        n++;
        const char *v = fl->value;
        int self = cur->name && !strcasecmp(cur->name, v);
        if (!self && *v && strspn(v, "0123456789") == strlen(v) && strlen(v) < 8)
            self = atoi(v) == cur->index;
        if (self)
            pl_fail(c, fl->span, NULL, "COPY --from=%s copies from the stage it is in", v);
    }
    if (!n)
        pl_skip(c, "no COPY --from");
    else
        pl_pass(c, (pl_span){0}, "no COPY --from names its own stage (%d checked)", n);
}

static int is_absolute(const char *p)
{
    if (p[0] == '/' || p[0] == '\\')
        return 1;
    return isalpha((unsigned char)p[0]) && p[1] == ':';
}

void pl_check_copy_relative_dest_without_workdir(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    /* has_wd[s]: stage s or a stage of this file it builds on sets WORKDIR */
    int *has_wd = PL_NEW_N(pl_check_arena(c), int, m->nstages + 1);
    for (int s = 0; s < m->nstages; s++) {
        const pl_stage *st = m->stages[s];
        int set = st->parent ? has_wd[st->parent->index] : 0;
        for (int i = 0; i < st->ninstrs; i++) {
            const pl_df_instr *ins = st->instrs[i];
            if (ins->kind == PL_DF_WORKDIR)
                set = 1;
            if (ins->kind != PL_DF_COPY || set)
                continue;
            const char *dest = copy_dest(c, m, ins);
            if (!dest || is_absolute(dest))
                continue;
            pl_fail(c, ins->args[ins->nargs - 1].span, NULL,
                    "COPY to the relative destination %s while no WORKDIR is set in the stage",
                    *dest ? dest : "\"\"");
        }
        has_wd[s] = set;
    }
    pl_pass(c, (pl_span){0}, "every COPY to a relative destination follows a WORKDIR");
}

void pl_check_copy_whole_filesystem(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pl_arena *a = pl_check_arena(c);
    int n = 0, builder = 0;
    for (int i = 0; i < m->df->ninstrs; i++) {
        const pl_df_instr *ins = m->df->instrs[i];
        const pl_df_flag *fl = ins->kind == PL_DF_COPY ? copy_from(ins) : NULL;
        if (!fl)
            continue;
        n++;
        const char *dest = copy_dest(c, m, ins);
        if (!dest || strcmp(dest, "/") != 0)
            continue;
        /* plimsoll's reading: into a builder stage whose layers reach no
         * image (qdrant's `COPY --from=xx / /`, tonistiigi/xx's documented
         * use), nothing of it ships; hadolint's DL3067 judges every stage */
        if (pl_check_reading(c) == PL_READING_DEFAULT && m->stage_of[i] &&
            m->stage_of[i]->used_later && !pl_df_instr_ships_in(c, m, ins)) {
            builder++;
            continue;
        }
        /* a stage built FROM scratch holds only the files put into it: copying
         * its root is how such an artifact stage is meant to be used */
        const pl_stage *here = m->stage_of[i];
        const pl_stage *from = pl_model_stage_named(m, fl->value, here ? here->index : 0);
        while (from && from->parent)
            from = from->parent;
        if (from && from->is_scratch)
            continue;
        for (int s = 0; s + 1 < ins->nargs; s++) {
            const char *src;
            if (pl_model_expand(a, m, ins, ins->args[s].text, &src) == PL_EXPAND_OK &&
                !strcmp(src, "/")) {
                pl_fail(c, pl_df_ins_span(ins), NULL,
                        "COPY --from=%s / / copies the whole filesystem of %s", fl->value,
                        fl->value);
                break;
            }
        }
    }
    if (!n)
        pl_skip(c, "no COPY --from");
    else if (builder)
        pl_pass(c, (pl_span){0}, "no COPY --from copies / to / in a stage that ships (%d in a "
                                 "builder stage that ships nothing)", builder);
    else
        pl_pass(c, (pl_span){0}, "no COPY --from copies / to /");
}
