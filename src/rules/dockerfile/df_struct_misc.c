/* df_struct_misc.c — single-instruction checks: PL1209 ENV referring to a
 * variable it defines itself, PL1224 USER by name, PL1229 WORKDIR in a system
 * directory, PL1230 VOLUME of /dev, /proc or /sys. */
#include <ctype.h>
#include <string.h>

#include "dfutil.h"

/* ---- PL1209 ENV self reference --------------------------------------------------- */

typedef struct {
    const char **names;
    int n, cap;
    pl_arena *a;
} name_set;

static int set_has(const name_set *s, const char *name, size_t len)
{
    for (int i = 0; i < s->n; i++)
        if (strlen(s->names[i]) == len && !strncmp(s->names[i], name, len))
            return 1;
    return 0;
}

static void set_add(name_set *s, const char *name, size_t len)
{
    if (set_has(s, name, len))
        return;
    if (s->n == s->cap) {
        int cap = s->cap ? s->cap * 2 : 16;
        const char **nn = PL_NEW_N(s->a, const char *, cap);
        if (s->n)
            memcpy(nn, s->names, sizeof *nn * (size_t)s->n);
        s->names = nn;
        s->cap = cap;
    }
    s->names[s->n++] = pl_arena_strndup(s->a, name, len);
}

static void declare_args(name_set *s, const pl_df_instr *ins)
{
    for (int w = 0; w < ins->nargs; w++) {
        const char *t = ins->args[w].text;
        set_add(s, t, strcspn(t, "="));
    }
}

static pl_var_state any_unknown(void *ud, const char *name, size_t len, const char **value)
{
    return PL_VAR_UNKNOWN;
}

static void collect_ref(void *ud, const char *name, size_t len, pl_var_state st)
{
    set_add(ud, name, len);
}

void pl_check_env_same_instruction_reference(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pl_arena *a = pl_check_arena(c);
    /* hadolint's notion of "defined before": any ARG or ENV earlier in the
     * file, whatever its stage */
    name_set defined = {.a = a};
    int nenv = 0;
    for (int i = 0; i < m->df->ninstrs; i++) {
        const pl_df_instr *ins = m->df->instrs[i];
        if (ins->kind == PL_DF_ARG) {
            declare_args(&defined, ins);
            continue;
        }
        if (ins->kind != PL_DF_ENV)
            continue;
        nenv++;
        const char **keys, **vals;
        int np = pl_df_pairs(ins, &keys, &vals, a);
        for (int p = 0; p < np; p++) {
            name_set refs = {.a = a};
            pl_expander ex = {any_unknown, collect_ref, &refs, m->df->escape};
            const char *out;
            pl_expand_word(a, &ex, vals[p], &out, NULL);
            for (int r = 0; r < refs.n; r++) {
                const char *name = refs.names[r];
                if (set_has(&defined, name, strlen(name)))
                    continue;
                for (int q = 0; q < np; q++)
                    if (q != p && !strcmp(keys[q], name)) {
                        pl_fail(c, ins->args[3 * p + 1].span, NULL,
                                "ENV %s=%s refers to %s, which this same ENV defines: the "
                                "reference sees the value from before the instruction",
                                keys[p], vals[p], name);
                        r = refs.n;
                        break;
                    }
            }
        }
        for (int p = 0; p < np; p++)
            set_add(&defined, keys[p], strlen(keys[p]));
    }
    if (!nenv)
        pl_skip(c, "no ENV");
    else
        pl_pass(c, (pl_span){0}, "no ENV refers to a variable it defines itself (%d ENV)", nenv);
}

/* ---- PL1224 USER by name ----------------------------------------------------------- */

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

void pl_check_user_non_numeric(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pl_arena *a = pl_check_arena(c);
    name_set args = {.a = a};
    int n = 0;
    for (int i = 0; i < m->df->ninstrs; i++) {
        const pl_df_instr *ins = m->df->instrs[i];
        if (ins->kind == PL_DF_ARG)
            declare_args(&args, ins);
        if (ins->kind != PL_DF_USER || ins->nargs < 1 || !m->stage_of[i])
            continue;
        n++;
        /* Windows has no numeric uids: ContainerUser is how it is said */
        if (pl_stage_windows(a, m->stage_of[i]))
            continue;
        const char *raw = ins->args[0].text;
        size_t uid_len = strcspn(raw, ":");
        if (all_digits(raw, uid_len))
            continue;
        /* hadolint exempts a uid taken from an ARG */
        name_set refs = {.a = a};
        pl_expander ex = {any_unknown, collect_ref, &refs, m->df->escape};
        const char *out;
        char *uid = pl_arena_strndup(a, raw, uid_len);
        pl_expand_word(a, &ex, uid, &out, NULL);
        int from_arg = 0;
        for (int r = 0; r < refs.n; r++)
            from_arg |= set_has(&args, refs.names[r], strlen(refs.names[r]));
        if (from_arg)
            continue;
        if (pl_model_expand(a, m, ins, uid, &out) != PL_EXPAND_OK)
            continue;
        /* root is uid 0 in every image; user-root judges running as it */
        if (all_digits(out, strlen(out)) || !strcmp(out, "root"))
            continue;
        pl_fail(c, ins->args[0].span, NULL,
                "USER %s: the user name %s may not resolve to the same uid on the host (use a "
                "numeric uid)",
                raw, out);
    }
    if (!n)
        pl_skip(c, "no USER");
    else
        pl_pass(c, (pl_span){0}, "%d USER instruction%s with a numeric uid", n, n == 1 ? "" : "s");
}

/* ---- PL1229 / PL1230 system directories ---------------------------------------------- */

/* `p` without repeated and trailing slashes and `.` components, in `a`. */
static const char *clean_path(pl_arena *a, const char *p)
{
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    for (const char *s = p; *s;) {
        while (*s == '/')
            s++;
        const char *e = s + strcspn(s, "/");
        if (e > s && !(e - s == 1 && *s == '.')) {
            pl_sb_putc(&sb, '/');
            pl_sb_append(&sb, s, (size_t)(e - s));
        }
        s = e;
    }
    const char *r = pl_sb_str(&sb);
    return *r ? r : "/";
}

static int under(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    return !strncmp(path, dir, n) && (path[n] == '\0' || path[n] == '/');
}

void pl_check_workdir_system_directory(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    static const char *const dirs[] = {"/proc", "/boot", "/dev", "/initrd", "/lost+found", NULL};
    pl_arena *a = pl_check_arena(c);
    int n = 0;
    for (int i = 0; i < m->df->ninstrs; i++) {
        const pl_df_instr *ins = m->df->instrs[i];
        const char *v;
        if (ins->kind != PL_DF_WORKDIR || ins->nargs < 1 || !m->stage_of[i] ||
            pl_model_expand(a, m, ins, ins->args[0].text, &v) != PL_EXPAND_OK || v[0] != '/')
            continue;
        n++;
        const char *p = clean_path(a, v);
        for (const char *const *d = dirs; *d; d++)
            if (under(p, *d)) {
                pl_fail(c, ins->args[0].span, NULL, "WORKDIR %s is inside the system directory %s",
                        v, *d);
                break;
            }
    }
    if (!n)
        pl_skip(c, "no absolute WORKDIR");
    else
        pl_pass(c, (pl_span){0}, "no WORKDIR inside /proc, /boot, /dev, /initrd or /lost+found");
}

void pl_check_volume_sensitive_directory(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    static const char *const dirs[] = {"/dev", "/proc", "/sys", NULL};
    pl_arena *a = pl_check_arena(c);
    int n = 0;
    for (int i = 0; i < m->df->ninstrs; i++) {
        const pl_df_instr *ins = m->df->instrs[i];
        if (ins->kind != PL_DF_VOLUME || !m->stage_of[i])
            continue;
        for (int w = 0; w < ins->nargs; w++) {
            const char *v;
            if (pl_model_expand(a, m, ins, ins->args[w].text, &v) != PL_EXPAND_OK)
                continue;
            n++;
            const char *p = clean_path(a, v);
            for (const char *const *d = dirs; *d; d++)
                if (!strcmp(p, *d)) {
                    pl_fail(c, ins->args[w].span, NULL,
                            "VOLUME %s mounts over the host-sensitive directory %s", v, *d);
                    break;
                }
        }
    }
    if (!n)
        pl_skip(c, "no VOLUME");
    else
        pl_pass(c, (pl_span){0}, "no VOLUME of /dev, /proc or /sys (%d volume%s)", n,
                n == 1 ? "" : "s");
}
