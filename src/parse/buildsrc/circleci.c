/* circleci.c — image builds in CircleCI's .circleci/config.yml: build
 * commands in the `run:` steps of jobs and of reusable `commands:`, run
 * where the step's `working_directory` says (relative to the job's). A
 * job checks the repository out into its working directory, so paths are
 * relative to the directory holding .circleci/. `<< parameters.x >>` and
 * `<< pipeline.x >>` are known only when the pipeline runs: a word holding
 * one is unknown. Orb steps (`docker/build:`) are not read. */
#include <string.h>

#include "buildsrc_internal.h"
#include "plimsoll/ignore.h"

typedef struct {
    pl_arena *a;
    const char *path;
    const char *data;
    size_t len;
    const char *root;
    pl_vec *out;
} reader;

static int param_char(char c)
{
    return c == '_' || c == '.' || c == '-' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

/* `<< parameters.x >>` replaced by a shell expansion, so the shell reader
 * takes the word as unknown rather than reading a here-document; lines
 * and what comes before it keep their positions. */
static const char *parameters_unknown(pl_arena *a, const char *s)
{
    if (!strstr(s, "<<"))
        return s;
    char *out = pl_arena_strdup(a, s);
    for (char *p = strstr(out, "<<"); p; p = strstr(p + 1, "<<")) {
        char *q = p + 2;
        while (*q == ' ')
            q++;
        char *name = q;
        while (param_char(*q))
            q++;
        if (q == name || !memchr(name, '.', (size_t)(q - name)))
            continue;
        while (*q == ' ')
            q++;
        if (q[0] != '>' || q[1] != '>')
            continue;
        /* `$P`, joined to what follows it: one unknown word */
        p[0] = '$';
        p[1] = 'P';
        memmove(p + 2, q + 2, strlen(q + 2) + 1);
    }
    return out;
}

/* The directory a step runs in: its working_directory relative to the
 * job's; `~`- or `/`-rooted paths only when they lie inside the job's. */
static const char *step_dir(reader *r, const char *job_wd, const pl_ynode *run)
{
    const pl_ynode *wd = run && run->kind == PL_YAML_MAP ? pl_yaml_get(run, "working_directory") : NULL;
    if (!wd || wd->kind != PL_YAML_SCALAR || !wd->str || !*wd->str)
        return r->root;
    const char *d = wd->str;
    if (strchr(d, '$') || strstr(d, "<<"))
        return NULL;
    if (d[0] != '~' && d[0] != '/')
        return pl_ignore_clean(r->a, strcmp(r->root, ".") ? pl_arena_printf(r->a, "%s/%s", r->root, d) : d);
    size_t n = strlen(job_wd);
    if (!strncmp(d, job_wd, n) && (d[n] == '\0' || d[n] == '/')) {
        const char *rest = d + n + (d[n] == '/');
        if (!*rest)
            return r->root;
        return pl_ignore_clean(r->a, strcmp(r->root, ".") ? pl_arena_printf(r->a, "%s/%s", r->root, rest) : rest);
    }
    return NULL;
}

static void run_step(reader *r, const pl_ynode *run, const char *job_wd, const char *label)
{
    const pl_ynode *cmd = run;
    if (run->kind == PL_YAML_MAP)
        cmd = pl_yaml_get(run, "command");
    if (!cmd || cmd->kind != PL_YAML_SCALAR || cmd->stype != PL_YS_STR || !cmd->str)
        return;
    const char *cwd = step_dir(r, job_wd, run);
    int line, col;
    pl_bsrc_text_start(r->data, r->len, cmd, &line, &col);
    const char *text = parameters_unknown(r->a, cmd->str);
    int block = line > cmd->span.line;
    pl_buildcmd_scan(r->a, text, strlen(text), cwd, PL_ORIGIN_CIRCLECI, r->path, line,
                     block ? -col : col, label, r->out);
}

static void steps(reader *r, const pl_ynode *list, const char *job_wd, const char *label)
{
    if (!list || list->kind != PL_YAML_SEQ)
        return;
    for (int i = 0; i < list->nitems; i++) {
        const pl_ynode *step = list->items[i];
        if (!step || step->kind != PL_YAML_MAP || step->npairs != 1)
            continue;
        const pl_ypair *p = &step->pairs[0];
        if (!p->key || !p->key->str || !p->value)
            continue;
        if (!strcmp(p->key->str, "run"))
            run_step(r, p->value, job_wd, label);
        /* a checkout elsewhere: the steps after it run outside the
         * repository's root */
        else if (!strcmp(p->key->str, "checkout") && p->value->kind == PL_YAML_MAP &&
                 pl_yaml_get(p->value, "path"))
            return;
    }
}

static void read_group(reader *r, const pl_ynode *group, const char *what)
{
    if (!group || group->kind != PL_YAML_MAP)
        return;
    for (int i = 0; i < group->npairs; i++) {
        const pl_ypair *p = &group->pairs[i];
        if (!p->key || !p->key->str || !p->value || p->value->kind != PL_YAML_MAP)
            continue;
        const pl_ynode *wd = pl_yaml_get(p->value, "working_directory");
        const char *job_wd = wd && wd->kind == PL_YAML_SCALAR && wd->str ? wd->str : "~/project";
        steps(r, pl_yaml_get(p->value, "steps"), job_wd,
              pl_arena_printf(r->a, "%s %s", what, p->key->str));
    }
}

void pl_buildsrc_read_circleci(pl_arena *a, const char *path, const char *data, size_t len,
                               const char *root, pl_vec *out, pl_diag_list *diags)
{
    reader r = {a, path, data, len, root ? root : ".", out};
    pl_yaml *y = pl_yaml_parse(a, path, data, len, NULL);
    for (const pl_diag *d = y->diags.head; d; d = d->next)
        pl_diag_add(a, diags, d->level, d->span, NULL, "%s", d->message);
    for (int i = 0; i < y->ndocs; i++) {
        if (!y->docs[i] || y->docs[i]->kind != PL_YAML_MAP)
            continue;
        /* in the file's order */
        const pl_ynode *doc = y->docs[i];
        for (int k = 0; k < doc->npairs; k++) {
            const char *key = doc->pairs[k].key ? doc->pairs[k].key->str : NULL;
            if (key && !strcmp(key, "jobs"))
                read_group(&r, doc->pairs[k].value, "job");
            else if (key && !strcmp(key, "commands"))
                read_group(&r, doc->pairs[k].value, "command");
        }
    }
}
