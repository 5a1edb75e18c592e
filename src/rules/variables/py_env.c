/* py_env.c — PL5006: the environment variables the Python code of an image
 * reads are provided (Dockerfile ENV/ARG, the environment of the compose
 * services that build it, the code itself) or documented (an example env
 * file). The Python files are those COPY/ADD takes from the build context
 * into the final stage or a stage it builds on or copies from. */
#include <stdlib.h>
#include <string.h>

#include "../context/ctx_util.h"
#include "plimsoll/envfile.h"
#include "plimsoll/pyenv.h"
#include "plimsoll/unit.h"
#include "plimsoll/yaml.h"
#include "vars_doc.h"

/* bounds: Python files read per image, bytes per file, bytes in all */
#define PY_MAX_FILES 2000
#define PY_MAX_FILE_BYTES (1024 * 1024)
#define PY_MAX_TOTAL_BYTES (64u * 1024 * 1024)

typedef struct {
    const char *path;  /* context-relative */
    long long size;
} py_file;

typedef struct {
    const pl_pyenv_use *use;
    const char *file; /* display path */
} py_read;

/* Tests, tooling and vendored code are copied along but not what runs. */
static int runs_in_image(const char *path)
{
    static const char *const dirs[] = {"tests", "test", "testing", "docs", "venv", ".venv",
                                       "site-packages", "node_modules", ".tox", "__pycache__",
                                       NULL};
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (!strncmp(base, "test_", 5) || strstr(base, "_test.py") || !strcmp(base, "conftest.py") ||
        !strcmp(base, "setup.py") || !strcmp(base, "noxfile.py") || !strcmp(base, "fabfile.py"))
        return 0;
    for (const char *p = path; *p;) {
        size_t n = strcspn(p, "/");
        if (!p[n])
            break;
        for (int i = 0; dirs[i]; i++)
            if (strlen(dirs[i]) == n && !strncmp(p, dirs[i], n))
                return 0;
        p += n + 1;
    }
    return 1;
}

static int is_py(const char *path)
{
    size_t n = strlen(path);
    return n > 3 && !strcmp(path + n - 3, ".py");
}

/* ---- which Python files the image gets ------------------------------------------------ */

typedef struct {
    pl_arena *a;
    const pl_context *ctx;
    pl_vec files;    /* py_file*; may repeat a path until collect_files ends */
    int over;        /* more Python files than PY_MAX_FILES */
} py_collect;

static void take(py_collect *pc, const char *path, long long size)
{
    if (!is_py(path) || !runs_in_image(path))
        return;
    /* repeats are dropped at the end: room for some */
    if (pc->files.len >= 4 * PY_MAX_FILES) {
        pc->over = 1;
        return;
    }
    py_file *p = PL_NEW(pc->a, py_file);
    p->path = path;
    p->size = size;
    pl_vec_push(pc->a, &pc->files, p);
}

static void take_dir(py_collect *pc, const char *dir)
{
    const pl_context *ctx = pc->ctx;
    for (size_t i = pl_ctx_first_file_below(ctx, dir); i < ctx->nfiles && !pc->over; i++) {
        const pl_ctx_entry *e = &ctx->files[i];
        if (!pl_ctx_path_within(e->path, dir))
            break;
        if (e->kind == PL_CTX_FILE)
            take(pc, e->path, e->size);
    }
}

/* The stages whose files end up in the final image: the final one and, in
 * turn, every stage one of them builds on or copies from. */
static void reachable(const pl_stage *s, char *mark)
{
    if (!s || mark[s->index])
        return;
    mark[s->index] = 1;
    for (size_t i = 0; i < s->needs.len; i++)
        reachable(s->needs.items[i], mark);
}

static int by_path(const void *x, const void *y)
{
    const py_file *a = *(const py_file *const *)x, *b = *(const py_file *const *)y;
    return strcmp(a->path, b->path);
}

static void collect_files(const pl_df_model *m, const pl_ctx_info *ci, py_collect *pc)
{
    char *mark = PL_NEW_N(pc->a, char, m->nstages + 1);
    reachable(m->final, mark);
    for (int i = 0; i < ci->nsources && !pc->over; i++) {
        const pl_ctx_source *s = &ci->sources[i];
        if (s->is_mount || s->status != PL_SRC_RESOLVED || !s->ins || s->ins->parent)
            continue;
        const pl_stage *st = s->ins->index >= 0 && s->ins->index < m->df->ninstrs
                                 ? m->stage_of[s->ins->index]
                                 : NULL;
        if (!st || !mark[st->index])
            continue;
        for (int k = 0; k < s->nmatches && !pc->over; k++) {
            if (s->kinds[k] == PL_CTX_DIR)
                take_dir(pc, s->matches[k]);
            else if (s->kinds[k] == PL_CTX_FILE)
                take(pc, s->matches[k], 0);
        }
    }
    if (pc->files.len > 1)
        qsort(pc->files.items, pc->files.len, sizeof *pc->files.items, by_path);
    size_t out = 0;
    for (size_t i = 0; i < pc->files.len; i++)
        if (!out || strcmp(((py_file *)pc->files.items[out - 1])->path,
                           ((py_file *)pc->files.items[i])->path))
            pc->files.items[out++] = pc->files.items[i];
    pc->files.len = out;
    if (pc->files.len > PY_MAX_FILES) {
        pc->files.len = PY_MAX_FILES;
        pc->over = 1;
    }
}

/* ---- what provides variables ---------------------------------------------------------- */

typedef struct {
    vars_set provided; /* Dockerfile, compose, the code itself */
    vars_set tested;   /* `"X" in os.environ`: read only when set */
    vars_doc doc;      /* example env files, a tracked .env, --env-file */
    pl_strbuf looked;  /* what was looked at, for the message */
    int services;
} providers;

static void dockerfile_vars(pl_arena *a, const pl_df_model *m, providers *p)
{
    int n = 0;
    for (const pl_stage *s = m->final; s && n++ < m->nstages; s = s->parent)
        for (int i = 0; i < s->ninstrs; i++) {
            const pl_df_instr *ins = s->instrs[i];
            if (ins->kind == PL_DF_ENV) {
                const char **keys, **vals;
                int np = pl_df_pairs(ins, &keys, &vals, a);
                for (int k = 0; k < np; k++)
                    vars_set_add(a, &p->provided, keys[k], strlen(keys[k]));
            } else if (ins->kind == PL_DF_ARG) {
                for (int w = 0; w < ins->nargs; w++)
                    vars_set_add(a, &p->provided, ins->args[w].text,
                                 strcspn(ins->args[w].text, "="));
            }
        }
}

static void env_file_names(pl_arena *a, const char *dir, const pl_ynode *n, providers *p)
{
    const char *path = NULL;
    if (n && n->kind == PL_YAML_SCALAR)
        path = n->str;
    else if (n && n->kind == PL_YAML_MAP)
        path = pl_yaml_get_str(n, "path", NULL);
    if (!path || strchr(path, '$'))
        return;
    size_t len = 0;
    const char *fs = path[0] == '/' ? path : vars_join(a, dir, path);
    char *text = vars_read(a, fs, VARS_MAX_FILE, &len);
    if (!text)
        return;
    pl_envfile *ef = pl_envfile_parse(a, fs, text, len, NULL);
    for (const pl_env_entry *e = ef->entries; e; e = e->next)
        vars_set_add(a, &p->provided, e->name, strlen(e->name));
}

/* `environment:` and `env_file:` of the compose service that builds the
 * image, and the example env files beside its compose file. */
static void compose_vars(pl_check *c, const pl_build_unit *u, providers *p)
{
    pl_arena *a = pl_check_arena(c);
    const char *file = u->spec.origin_file, *svc = u->spec.service;
    if (!file || !svc)
        return;
    size_t len = 0;
    char *text = vars_read(a, file, VARS_MAX_FILE, &len);
    if (!text)
        return;
    const char *dir = vars_dirname(a, file);
    vars_doc_read_dir(a, pl_check_workspace(c), dir, dir, &p->doc);
    pl_yaml *y = pl_yaml_parse(a, file, text, len, NULL);
    const pl_ynode *root = NULL;
    for (int i = 0; i < y->ndocs && !root; i++)
        if (y->docs[i] && y->docs[i]->kind == PL_YAML_MAP)
            root = y->docs[i];
    const pl_ynode *s = pl_yaml_get(pl_yaml_get(root, "services"), svc);
    if (!s)
        return;
    p->services++;
    pl_sb_printf(&p->looked, ", not the environment of service %s (%s)", svc, file);
    const pl_ynode *env = pl_yaml_get(s, "environment");
    for (int i = 0; env && env->kind == PL_YAML_MAP && i < env->npairs; i++)
        if (env->pairs[i].key->str)
            vars_set_add(a, &p->provided, env->pairs[i].key->str, env->pairs[i].key->len);
    for (int i = 0; env && env->kind == PL_YAML_SEQ && i < env->nitems; i++)
        if (env->items[i]->kind == PL_YAML_SCALAR && env->items[i]->str)
            vars_set_add(a, &p->provided, env->items[i]->str, strcspn(env->items[i]->str, "="));
    const pl_ynode *ef = pl_yaml_get(s, "env_file");
    if (ef && ef->kind == PL_YAML_SEQ)
        for (int i = 0; i < ef->nitems; i++)
            env_file_names(a, dir, ef->items[i], p);
    else
        env_file_names(a, dir, ef, p);
}

/* ---- the rule ------------------------------------------------------------------------- */

static int by_name(const void *x, const void *y)
{
    const py_read *a = x, *b = y;
    int c = strcmp(a->use->name, b->use->name);
    if (c)
        return c;
    c = strcmp(a->file, b->file);
    if (c)
        return c;
    return a->use->line != b->use->line ? a->use->line - b->use->line
                                        : a->use->col - b->use->col;
}

/* A get of the same variable in the same file on the read's line or up
 * to three lines above it: the read only runs once that found it set. */
static int guarded(const py_read *r, size_t from, size_t n, const py_read *read)
{
    const char *name = read->use->name;
    for (size_t k = from; k < n && !strcmp(r[k].use->name, name); k++) {
        const pl_pyenv_use *u = r[k].use;
        if ((u->how == PL_PYENV_GET || u->how == PL_PYENV_GETENV) && !strcmp(r[k].file, read->file) &&
            u->line <= read->use->line && u->line >= read->use->line - 3)
            return 1;
    }
    return 0;
}

static int by_place(const void *x, const void *y)
{
    const py_read *a = *(const py_read *const *)x, *b = *(const py_read *const *)y;
    int c = strcmp(a->file, b->file);
    if (c)
        return c;
    return a->use->line != b->use->line ? a->use->line - b->use->line
                                        : a->use->col - b->use->col;
}

static const char *what_fails(pl_pyenv_how how)
{
    return how == PL_PYENV_SUBSCRIPT ? "KeyError when it is unset" : "None when it is unset";
}

void pl_check_python_env_documented(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_image_model_or_skip(c, f);
    if (!m)
        return;
    const pl_ctx_info *ci = pl_ctx_sources(c, f);
    if (!ci)
        return;
    pl_arena *a = pl_check_arena(c);
    py_collect pc = {.a = a, .ctx = ci->ctx};
    collect_files(m, ci, &pc);
    if (!pc.files.len) {
        pl_skip(c, "the image copies no Python file from the build context");
        return;
    }

    /* every use, in file order */
    pl_vec reads = {0};
    providers p = {0};
    pl_sb_init(&p.looked, a);
    size_t total = 0;
    int files_read = 0;
    for (size_t i = 0; i < pc.files.len; i++) {
        const py_file *pf = pc.files.items[i];
        size_t want = pf->size > 0 && pf->size < PY_MAX_FILE_BYTES ? (size_t)pf->size
                                                                   : PY_MAX_FILE_BYTES;
        if (pf->size > PY_MAX_FILE_BYTES || total + want > PY_MAX_TOTAL_BYTES)
            continue;
        char *buf = pl_arena_alloc(a, want + 1);
        long n = pl_ctx_read_head(c, ci, pf->path, buf, want);
        if (n < 0)
            continue;
        total += (size_t)n;
        files_read++;
        pl_pyenv_uses uses = {0};
        pl_pyenv_scan(a, buf, (size_t)n, &uses);
        const char *shown = vars_join(a, ci->dir, pf->path);
        for (const pl_pyenv_use *u = uses.head; u; u = u->next) {
            if (u->how == PL_PYENV_SET || u->how == PL_PYENV_TEST) {
                vars_set_add(a, u->how == PL_PYENV_SET ? &p.provided : &p.tested, u->name,
                             strlen(u->name));
                continue;
            }
            py_read *r = PL_NEW(a, py_read);
            r->use = u;
            r->file = shown;
            pl_vec_push(a, &reads, r);
        }
    }

    /* what provides and documents them */
    dockerfile_vars(a, m, &p);
    for (int i = 0; i < f->nunits; i++)
        if (f->units[i]->spec.origin == PL_ORIGIN_COMPOSE)
            compose_vars(c, f->units[i], &p);
    const pl_workspace *ws = pl_check_workspace(c);
    const char *df_dir = vars_dirname(a, f->fs_path ? f->fs_path : f->path);
    vars_doc_read_dir(a, ws, df_dir, vars_dirname(a, f->path), &p.doc);
    if (ci->fs_dir)
        vars_doc_read_dir(a, ws, ci->fs_dir, ci->dir, &p.doc);
    vars_doc_read_env_files(a, ws, &p.doc);
    vars_set_seal(&p.provided);
    vars_set_seal(&p.tested);
    vars_set_seal(&p.doc.names);

    if (!reads.len) {
        pl_pass(c, (pl_span){0}, "the %d Python file%s the image copies read no environment "
                                 "variable",
                files_read, files_read == 1 ? "" : "s");
        return;
    }
    /* one entry per variable; sorted by name, each name's first read first */
    py_read *r = PL_NEW_N(a, py_read, reads.len);
    for (size_t i = 0; i < reads.len; i++)
        r[i] = *(py_read *)reads.items[i];
    qsort(r, reads.len, sizeof *r, by_name);
    const char *where = pl_arena_printf(
        a, "not ENV/ARG in %s%s, %s", f->path, pl_sb_str(&p.looked),
        p.doc.files.len ? pl_arena_printf(a, "not in %s",
                                          vars_list(a, (const char *const *)p.doc.files.items,
                                                    (int)p.doc.files.len, 3))
                        : "no example env file");
    int names = 0, documented = 0, nmissing = 0, nquiet = 0;
    const py_read **report = PL_NEW_N(a, const py_read *, reads.len);
    const char **missing = PL_NEW_N(a, const char *, reads.len);
    const char **quiet = PL_NEW_N(a, const char *, reads.len);
    for (size_t i = 0; i < reads.len;) {
        size_t j = i;
        const py_read *no_default = NULL;
        for (; j < reads.len && !strcmp(r[j].use->name, r[i].use->name); j++)
            /* getenv("X") / environ.get("X") give None: the code reads an
             * optional setting; only os.environ["X"] needs it set, unless
             * a get of it guards the read (`if os.environ.get("X"):` on
             * the lines just above, jupyterhub's service example) */
            if (!r[j].use->has_default && r[j].use->how == PL_PYENV_SUBSCRIPT && !no_default &&
                !guarded(r, i, reads.len, &r[j]))
                no_default = &r[j];
        const char *name = r[i].use->name;
        names++;
        if (vars_set_has(&p.provided, name) || vars_set_has(&p.doc.names, name) ||
            vars_always_set(name)) {
            documented++;
        } else if (no_default && !vars_set_has(&p.tested, name)) {
            report[nmissing] = no_default;
            missing[nmissing++] = name;
        } else {
            quiet[nquiet++] = name;
        }
        i = j;
    }
    /* findings in file order, so the checklist's first one is the first read */
    if (nmissing > 1)
        qsort(report, (size_t)nmissing, sizeof *report, by_place);
    for (int i = 0; i < nmissing; i++) {
        const pl_pyenv_use *u = report[i]->use;
        pl_fail_in(c, report[i]->file, pl_span_make(u->line, u->col, u->line, u->col), NULL,
                   "%s is read without a default (%s), and nothing sets or lists it: %s",
                   u->name, what_fails(u->how), where);
    }
    const char *summary = pl_arena_printf(a, "%d of %d variables the code reads are documented",
                                          documented, names);
    if (nmissing)
        pl_summary(c, "%s; missing: %s", summary, vars_list(a, missing, nmissing, 8));
    pl_pass(c, (pl_span){0}, "%s (%d Python file%s)%s%s", summary, files_read,
            files_read == 1 ? "" : "s",
            nquiet ? "; read with a default, as optional or only when set, not documented: " : "",
            nquiet ? vars_list(a, quiet, nquiet, 8) : "");
}
