/* df_run_flow.c — RUN rules that follow the instructions of a stage in
 * order: PL1152 pipes without pipefail (DL4006), PL1153 consecutive RUNs
 * (DL3059), PL1154 COPY of an archive that a later RUN extracts (DL3010). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "df_run_util.h"

/* ---- DL4006 ------------------------------------------------------------------ */

/* Lower-case basename of a program path, without ".exe" ("C:\\...\\PowerShell.exe"
 * -> "powershell"). */
static const char *program_base(pl_arena *a, const char *path, size_t len)
{
    const char *b = path;
    for (size_t i = 0; i < len; i++)
        if (path[i] == '/' || path[i] == '\\')
            b = path + i + 1;
    size_t n = len - (size_t)(b - path);
    char *out = pl_arena_strndup(a, b, n);
    for (char *p = out; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    if (n > 4 && !strcmp(out + n - 4, ".exe"))
        out[n - 4] = '\0';
    return out;
}

/* pwsh, powershell and cmd do not read `-o pipefail`: the check is off. */
static int shell_is_not_posix(pl_arena *a, const char *text)
{
    static const char *const names[] = {"pwsh", "powershell", "cmd", NULL};
    const char *t = text + strspn(text, " \t");
    const char *base = program_base(a, t, strcspn(t, " \t"));
    for (const char *const *n = names; *n; n++)
        if (!strncmp(t, *n, strlen(*n)) || !strcmp(base, *n))
            return 1;
    return 0;
}

static int sets_pipefail(const pl_sh_cmd *cmd)
{
    return pl_sh_has_flag(cmd, "o") && pl_dfrun_find_arg(cmd, 1, "pipefail") >= 0;
}

/* SHELL ["/bin/bash", "-o", "pipefail", "-c"] and the like. */
static int shell_has_pipefail(pl_arena *a, const char *text)
{
    static const char *const shells[] = {"bash", "zsh", "ash", "ksh", "mksh", NULL};
    pl_sh_script *sh = pl_sh_parse(a, text, strlen(text));
    for (int k = 0; k < sh->ncmds; k++) {
        const pl_sh_cmd *cmd = &sh->cmds[k];
        for (const char *const *s = shells; *s; s++)
            if (pl_sh_is(cmd, *s) && sets_pipefail(cmd))
                return 1;
    }
    return 0;
}

/* The script turns pipefail on itself (`set -euo pipefail`) before its first
 * pipeline. */
static int script_sets_pipefail(const pl_sh_script *sh)
{
    for (int k = 0; k < sh->ncmds; k++) {
        if (sh->cmds[k].in_pipeline)
            return 0;
        if (pl_sh_is(&sh->cmds[k], "set") && sets_pipefail(&sh->cmds[k]))
            return 1;
    }
    return 0;
}

/* SHELL's arguments joined (it takes a JSON array; its heredocs, if any,
 * are not the shell). */
static const char *shell_text(pl_arena *a, const pl_df_instr *ins)
{
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    for (int i = 0; i < ins->nargs; i++) {
        if (i)
            pl_sb_putc(&sb, ' ');
        pl_sb_append(&sb, ins->args[i].text, strlen(ins->args[i].text));
    }
    return pl_sb_str(&sb);
}

void pl_check_pipefail_missing(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pl_arena *a = pl_check_arena(c);
    /* per stage: 1 once SHELL sets pipefail or a non-POSIX shell; a stage
     * built FROM another stage of the file inherits its SHELL */
    int *safe_at_end = PL_NEW_N(a, int, m->nstages + 1);
    int hadolint = pl_check_reading(c) == PL_READING_HADOLINT;
    int piped = 0;
    for (int s = 0; s < m->nstages; s++) {
        const pl_stage *st = m->stages[s];
        int safe = st->parent ? safe_at_end[st->parent->index] : 0;
        /* a Windows stage runs RUN with cmd.exe, which has no pipefail; its
         * pipes are cmd's or PowerShell's (hadolint does not know the base) */
        if (!st->parent && !hadolint && pl_stage_windows(a, st) != PL_WINDOWS_NO)
            safe = 1;
        for (int i = 0; i < st->ninstrs; i++) {
            const pl_df_instr *ins = st->instrs[i];
            if (ins->kind == PL_DF_SHELL) {
                const char *text = shell_text(a, ins);
                safe = shell_is_not_posix(a, text) || shell_has_pipefail(a, text);
                continue;
            }
            if (ins->kind != PL_DF_RUN)
                continue;
            pl_dfrun r;
            pl_dfrun_read(c, m, ins, &r);
            if (!r.sh->has_pipe)
                continue;
            piped++;
            if (!safe && !script_sets_pipefail(r.sh))
                pl_fail(c, pl_df_ins_span(ins), NULL,
                        "RUN has a pipe but the shell has no -o pipefail: a failing command "
                        "before the last `|` does not fail the build");
        }
        safe_at_end[s] = safe;
    }
    if (piped)
        pl_pass(c, (pl_span){0}, "%d RUN%s with a pipe run with pipefail", piped,
                piped == 1 ? "" : "s");
    else
        pl_skip(c, "no RUN with a pipe");
}

/* ---- DL3059 ------------------------------------------------------------------ */

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The RUN's flags as one comparable string: hadolint compares parsed flags,
 * so the order of flags and of a mount's fields does not matter. */
static const char *flags_key(pl_arena *a, const pl_df_instr *ins)
{
    const char **parts = PL_NEW_N(a, const char *, ins->nflags + 1);
    for (int f = 0; f < ins->nflags; f++) {
        const pl_df_flag *fl = &ins->flags[f];
        const char *v = fl->value ? fl->value : "";
        if (!strcmp(fl->name, "mount")) {
            pl_vec fields = {0};
            const char *p = v;
            while (*p) {
                size_t n = strcspn(p, ",");
                pl_vec_push(a, &fields, pl_arena_strndup(a, p, n));
                p += n;
                if (*p)
                    p++;
            }
            if (fields.len)
                qsort(fields.items, fields.len, sizeof(void *), cmp_str);
            pl_strbuf sb;
            pl_sb_init(&sb, a);
            for (size_t i = 0; i < fields.len; i++) {
                if (i)
                    pl_sb_putc(&sb, ',');
                pl_sb_puts(&sb, fields.items[i]);
            }
            v = pl_sb_str(&sb);
        }
        parts[f] = pl_arena_printf(a, "%s=%s", fl->name, v);
    }
    if (ins->nflags > 1)
        qsort(parts, (size_t)ins->nflags, sizeof *parts, cmp_str);
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    for (int f = 0; f < ins->nflags; f++) {
        pl_sb_puts(&sb, parts[f]);
        pl_sb_putc(&sb, '\n');
    }
    return pl_sb_str(&sb);
}

void pl_check_consecutive_run(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pl_arena *a = pl_check_arena(c);
    /* hadolint's state: the last RUN's flags and command count, forgotten at
     * any instruction other than RUN; a RUN that fails leaves it as it was.
     * hadolint's threshold reads "more than 2 commands", but its command list
     * (ShellCheck's getCommand over every token) holds each command twice,
     * once for its redirection wrapper: in effect a RUN with 2 or more
     * commands is a deliberate chain, as hadolint's own tests expect
     * (`RUN foo && bar` then `RUN foobar` is fine). */
    int have = 0, prev_count = 0, runs = 0;
    const char *prev_flags = NULL;
    for (int i = 0; i < m->df->ninstrs; i++) {
        const pl_df_instr *ins = m->df->instrs[i];
        if (ins->kind != PL_DF_RUN) {
            have = 0;
            continue;
        }
        runs++;
        pl_dfrun r;
        pl_dfrun_read(c, m, ins, &r);
        const char *key = flags_key(a, ins);
        if (!have || strcmp(key, prev_flags) || r.sh->ncmds > 1 || prev_count > 1) {
            have = 1;
            prev_flags = key;
            prev_count = r.sh->ncmds;
            continue;
        }
        pl_fail(c, pl_df_ins_span(ins), NULL,
                "RUN follows another single-command RUN with the same flags: merge them into one "
                "layer");
    }
    if (runs)
        pl_pass(c, (pl_span){0}, "no mergeable consecutive RUNs among %d", runs);
    else
        pl_skip(c, "no RUN instruction");
}

/* ---- DL3010 ------------------------------------------------------------------ */

static int is_archive_name(const char *p)
{
    static const char *const ext[] = {".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2",
                                      ".tbz", ".tbz2", ".tgz", ".tlz", ".tpz", ".txz", ".xz",
                                      NULL};
    size_t n = strlen(p);
    for (const char *const *e = ext; *e; e++) {
        size_t k = strlen(*e);
        if (n > k && !strcmp(p + n - k, *e))
            return 1;
    }
    return 0;
}

static const char *base_name(const char *p)
{
    const char *b = p;
    for (const char *q = p; *q; q++)
        if (*q == '/' || *q == '\\')
            b = q + 1;
    return b;
}

typedef struct {
    const pl_df_instr *copy;
    const pl_df_word *word;
    const char *name; /* basename of the archive in the image */
    int extracted_line;
} archive;

/* A COPY path as hadolint reads it: quotes dropped, backslashes kept (so
 * Windows paths keep their separators); a path with a variable is resolved
 * first, NULL when its value is not known. */
static const char *copy_path(pl_check *c, const pl_df_model *m, const pl_df_instr *ins,
                             const pl_df_word *w)
{
    const char *t = w->text;
    if (strchr(t, '$')) {
        const char *v = NULL;
        if (pl_model_expand(pl_check_arena(c), m, ins, t, &v) != PL_EXPAND_OK)
            return NULL;
        return v;
    }
    size_t n = strlen(t);
    while (n && (t[n - 1] == '"' || t[n - 1] == '\''))
        n--;
    while (n && (*t == '"' || *t == '\'')) {
        t++;
        n--;
    }
    return pl_arena_strndup(pl_check_arena(c), t, n);
}

static void remember_archives(pl_check *c, const pl_df_model *m, const pl_df_instr *ins,
                              pl_vec *archives)
{
    if (ins->nargs < 2 || ins->nheredocs || pl_df_flag_get(ins, "from"))
        return;
    pl_arena *a = pl_check_arena(c);
    const pl_df_word *dest = &ins->args[ins->nargs - 1];
    const char *dv = copy_path(c, m, ins, dest);
    /* copied to a file name that is an archive: that name is what a RUN
     * would extract */
    if (dv && is_archive_name(base_name(dv))) {
        archive *ar = PL_NEW(a, archive);
        *ar = (archive){ins, dest, base_name(dv), 0};
        pl_vec_push(a, archives, ar);
        return;
    }
    for (int i = 0; i + 1 < ins->nargs; i++) {
        const char *sv = copy_path(c, m, ins, &ins->args[i]);
        if (!sv || !is_archive_name(base_name(sv)))
            continue;
        archive *ar = PL_NEW(a, archive);
        *ar = (archive){ins, &ins->args[i], base_name(sv), 0};
        pl_vec_push(a, archives, ar);
    }
}

static int is_unpacker(const pl_sh_cmd *cmd)
{
    static const char *const names[] = {"unzip", "gunzip", "bunzip2", "unlzma", "unxz", "zgz",
                                        "uncompress", "zcat", "gzcat", NULL};
    for (const char *const *n = names; *n; n++)
        if (pl_sh_is(cmd, *n))
            return 1;
    return 0;
}

static int is_tar_extract(const pl_sh_cmd *cmd)
{
    if (!pl_sh_is(cmd, "tar"))
        return 0;
    for (int i = 1; i < cmd->argc; i++) {
        const char *t = cmd->argv[i].text;
        if (!strcmp(t, "--extract") || !strcmp(t, "--get"))
            return 1;
        if (t[0] == '-' && t[1] != '-' && strchr(t, 'x'))
            return 1;
    }
    /* the old bundled form: `tar xzf file.tgz` */
    const char *first = cmd->argc > 1 ? cmd->argv[1].text : "";
    if (first[0] && first[0] != '-' && strchr(first, 'x')) {
        for (const char *p = first; *p; p++)
            if (!isalpha((unsigned char)*p))
                return 0;
        return 1;
    }
    return 0;
}

static void mark_extracted(pl_check *c, const pl_df_model *m, const pl_dfrun *r, pl_vec *archives)
{
    for (int k = 0; k < r->sh->ncmds; k++) {
        const pl_sh_cmd *cmd = &r->sh->cmds[k];
        if (!is_tar_extract(cmd) && !is_unpacker(cmd))
            continue;
        for (int i = 1; i < cmd->argc; i++) {
            const char *t = cmd->argv[i].text;
            if (t[0] == '-' && strncmp(t, "--file=", 7))
                continue;
            const char *v = pl_dfrun_word_value(c, m, r, &cmd->argv[i]);
            if (!v)
                continue;
            if (!strncmp(v, "--file=", 7))
                v += 7;
            const char *b = base_name(v);
            for (size_t a = 0; a < archives->len; a++) {
                archive *ar = archives->items[a];
                if (!ar->extracted_line && !strcmp(ar->name, b))
                    ar->extracted_line = r->ins->span.line;
            }
        }
    }
}

static int report_extracted(pl_check *c, pl_vec *archives)
{
    int n = 0;
    for (size_t a = 0; a < archives->len; a++) {
        archive *ar = archives->items[a];
        if (!ar->extracted_line)
            continue;
        n++;
        pl_fail(c, ar->word->span, NULL,
                "COPY of the archive %s, which the RUN on line %d extracts: ADD extracts it in "
                "one layer",
                ar->name, ar->extracted_line);
    }
    *archives = (pl_vec){0};
    return n;
}

void pl_check_copy_archive_then_extract(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pl_arena *a = pl_check_arena(c);
    int copied = 0;
    for (int s = 0; s < m->nstages; s++) {
        const pl_stage *st = m->stages[s];
        pl_vec archives = {0};
        for (int i = 0; i < st->ninstrs; i++) {
            const pl_df_instr *ins = st->instrs[i];
            if (ins->kind == PL_DF_COPY) {
                remember_archives(c, m, ins, &archives);
            } else if (ins->kind == PL_DF_RUN && archives.len) {
                pl_dfrun r;
                pl_dfrun_read(c, m, ins, &r);
                mark_extracted(c, m, &r, &archives);
            }
        }
        copied += (int)archives.len;
        report_extracted(c, &archives);
    }
    (void)a;
    if (copied)
        pl_pass(c, (pl_span){0}, "%d archive%s copied and left packed", copied,
                copied == 1 ? "" : "s");
    else
        pl_skip(c, "no COPY of a local archive");
}
