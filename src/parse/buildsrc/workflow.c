/* workflow.c — image builds in CI files: GitHub Actions workflows
 * (docker/build-push-action steps, build commands in `run:` steps, with
 * the step's or job's working-directory) and GitLab CI jobs (`script:`,
 * `before_script:`, `after_script:` lines, kaniko's executor included).
 * Paths are relative to the repository root, where both check out. */
#include <string.h>

#include "buildsrc_internal.h"
#include "plimsoll/ignore.h"
#include "plimsoll/yaml.h"

typedef struct {
    pl_arena *a;
    const char *path; /* the CI file */
    const char *data;
    size_t len;
    const char *root;
    pl_vec *out;
    pl_diag_list *diags;
} reader;

/* The workspace the job runs in, written as a variable, is the root. */
static const char *const root_vars[] = {"${{ github.workspace }}", "${{github.workspace}}",
                                        "${GITHUB_WORKSPACE}", "$GITHUB_WORKSPACE",
                                        "${CI_PROJECT_DIR}", "$CI_PROJECT_DIR", NULL};

static const char *root_substituted(pl_arena *a, const char *s)
{
    if (!strchr(s, '$'))
        return s;
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    while (*s) {
        int hit = 0;
        for (int i = 0; root_vars[i] && !hit; i++) {
            size_t n = strlen(root_vars[i]);
            if (!strncmp(s, root_vars[i], n)) {
                /* `$ROOT/app` becomes `./app`: same length class, same meaning */
                pl_sb_putc(&sb, '.');
                s += n;
                hit = 1;
            }
        }
        if (!hit)
            pl_sb_putc(&sb, *s++);
    }
    return pl_sb_str(&sb);
}

static const char *join_dir(pl_arena *a, const char *base, const char *dir)
{
    if (!dir)
        return base;
    if (dir[0] == '/')
        return pl_ignore_clean(a, dir);
    if (!base)
        return NULL;
    return pl_ignore_clean(a, strcmp(base, ".") ? pl_arena_printf(a, "%s/%s", base, dir) : dir);
}

/* Where the text of scalar `n` starts: the line after `|` or `>` for a
 * block scalar, at the indentation of that line. */
static void text_start(const reader *r, const pl_ynode *n, int *line, int *col)
{
    *line = n->span.line;
    *col = n->span.col;
    if (!n->quoted || n->span.col < 1)
        return;
    /* find the indicator's line in the data and look at the next one */
    int l = 1;
    size_t i = 0;
    while (i < r->len && l < n->span.line)
        if (r->data[i++] == '\n')
            l++;
    size_t at = i + (size_t)(n->span.col - 1);
    if (at >= r->len || (r->data[at] != '|' && r->data[at] != '>'))
        return;
    while (at < r->len && r->data[at] != '\n')
        at++;
    if (at >= r->len)
        return;
    at++;
    int c = 1;
    while (at < r->len && r->data[at] == ' ') {
        at++;
        c++;
    }
    *line = n->span.line + 1;
    *col = c;
}

static void scan_script(reader *r, const pl_ynode *n, const char *cwd, pl_origin_kind origin,
                        const char *label)
{
    if (!n || n->kind != PL_YAML_SCALAR || n->stype != PL_YS_STR)
        return;
    int line, col;
    text_start(r, n, &line, &col);
    const char *text = root_substituted(r->a, n->str);
    /* a block scalar's lines all lose the same indentation */
    int block = line > n->span.line;
    pl_buildcmd_scan(r->a, text, strlen(text), cwd, origin, r->path, line, block ? -col : col,
                     label, r->out);
}

/* ---- GitHub Actions --------------------------------------------------------------- */

static const char *known_str(const pl_ynode *map, const char *key, int *unknown)
{
    const char *s = pl_yaml_get_str(map, key, NULL);
    if (s && strstr(s, "${{")) {
        if (unknown)
            *unknown = 1;
        return NULL;
    }
    return s;
}

/* build-args: "A=1\nB=2" or a list of "A=1" */
static void action_args(pl_arena *a, const pl_ynode *v, pl_unit_spec *s)
{
    pl_vec items = {0};
    if (v && v->kind == PL_YAML_SCALAR) {
        const char *p = v->str;
        while (*p) {
            size_t n = strcspn(p, "\n");
            const char *line = pl_arena_strndup(a, p, n);
            while (*line == ' ' || *line == '\t')
                line++;
            if (*line)
                pl_vec_push(a, &items, (void *)line);
            p += n;
            if (*p)
                p++;
        }
    } else if (v && v->kind == PL_YAML_SEQ) {
        for (int i = 0; i < v->nitems; i++)
            if (v->items[i]->kind == PL_YAML_SCALAR)
                pl_vec_push(a, &items, (void *)v->items[i]->str);
    }
    s->args = PL_NEW_N(a, pl_unit_arg, items.len + 1);
    for (size_t i = 0; i < items.len; i++) {
        const char *t = items.items[i];
        const char *eq = strchr(t, '=');
        pl_unit_arg *arg = &s->args[s->nargs++];
        arg->name = eq ? pl_arena_strndup(a, t, (size_t)(eq - t)) : t;
        arg->value = eq && !strstr(eq, "${{") ? eq + 1 : NULL;
    }
}

static void build_push_step(reader *r, const pl_ynode *step, const char *label)
{
    const pl_ynode *with = pl_yaml_get(step, "with");
    pl_unit_spec *s = PL_NEW(r->a, pl_unit_spec);
    int context_unknown = 0, file_unknown = 0;
    const char *context = known_str(with, "context", &context_unknown);
    /* without `context` the action builds the Git context: the repository */
    s->context = context           ? join_dir(r->a, r->root, root_substituted(r->a, context))
                 : context_unknown ? NULL
                                   : r->root;
    const char *file = known_str(with, "file", &file_unknown);
    if (file)
        s->dockerfile = join_dir(r->a, r->root, root_substituted(r->a, file));
    else if (!file_unknown && s->context)
        s->dockerfile = join_dir(r->a, s->context, "Dockerfile");
    int target_unknown = 0;
    s->target = known_str(with, "target", &target_unknown);
    s->target_unknown = target_unknown;
    action_args(r->a, pl_yaml_get(with, "build-args"), s);
    s->platforms = pl_yaml_get_str(with, "platforms", NULL);
    s->origin = PL_ORIGIN_WORKFLOW;
    s->origin_file = r->path;
    const pl_ynode *uses = pl_yaml_get(step, "uses");
    s->origin_span = uses ? uses->span : step->span;
    s->origin_label = label;
    pl_vec_push(r->a, r->out, s);
}

static const char *run_dir(const pl_ynode *map)
{
    const pl_ynode *defaults = pl_yaml_get(map, "defaults");
    return pl_yaml_get_str(pl_yaml_get(defaults, "run"), "working-directory", NULL);
}

static void github(reader *r, const pl_ynode *root)
{
    const char *top_dir = run_dir(root);
    const pl_ynode *jobs = pl_yaml_get(root, "jobs");
    if (!jobs || jobs->kind != PL_YAML_MAP)
        return;
    for (int j = 0; j < jobs->npairs; j++) {
        const pl_ynode *job = jobs->pairs[j].value;
        const char *job_id = jobs->pairs[j].key->str;
        const char *job_dir = run_dir(job);
        const pl_ynode *steps = pl_yaml_get(job, "steps");
        if (!steps || steps->kind != PL_YAML_SEQ)
            continue;
        for (int k = 0; k < steps->nitems; k++) {
            const pl_ynode *step = steps->items[k];
            if (step->kind != PL_YAML_MAP)
                continue;
            const char *name = pl_yaml_get_str(step, "name", NULL);
            const char *label = name ? pl_arena_printf(r->a, "job %s, step %s", job_id, name)
                                     : pl_arena_printf(r->a, "job %s, step %d", job_id, k + 1);
            const char *uses = pl_yaml_get_str(step, "uses", NULL);
            if (uses && !strncmp(uses, "docker/build-push-action@", 25)) {
                build_push_step(r, step, label);
                continue;
            }
            const char *dir = pl_yaml_get_str(step, "working-directory", NULL);
            if (!dir)
                dir = job_dir ? job_dir : top_dir;
            if (dir)
                dir = root_substituted(r->a, dir);
            const char *cwd = dir && strstr(dir, "${{") ? NULL : join_dir(r->a, r->root, dir);
            scan_script(r, pl_yaml_get(step, "run"), cwd, PL_ORIGIN_WORKFLOW, label);
        }
    }
}

/* ---- GitLab CI ------------------------------------------------------------------------- */

static const char *const gitlab_keywords[] = {"stages", "variables", "image", "services",
                                              "include", "default", "workflow", "cache",
                                              "before_script", "after_script", "spec", NULL};

static void gitlab_lines(reader *r, const pl_ynode *v, const char *label, int depth)
{
    if (!v || depth > 4)
        return;
    if (v->kind == PL_YAML_SCALAR) {
        scan_script(r, v, r->root, PL_ORIGIN_GITLAB, label);
        return;
    }
    if (v->kind == PL_YAML_SEQ)
        for (int i = 0; i < v->nitems; i++)
            gitlab_lines(r, v->items[i], label, depth + 1);
}

static void gitlab(reader *r, const pl_ynode *root)
{
    if (root->kind != PL_YAML_MAP)
        return;
    for (int j = 0; j < root->npairs; j++) {
        const char *key = root->pairs[j].key->str;
        const pl_ynode *job = root->pairs[j].value;
        int keyword = 0;
        for (int k = 0; gitlab_keywords[k]; k++)
            keyword |= !strcmp(key, gitlab_keywords[k]);
        if (keyword || !job || job->kind != PL_YAML_MAP)
            continue;
        const char *label = pl_arena_printf(r->a, "job %s", key);
        gitlab_lines(r, pl_yaml_get(job, "before_script"), label, 0);
        gitlab_lines(r, pl_yaml_get(job, "script"), label, 0);
        gitlab_lines(r, pl_yaml_get(job, "after_script"), label, 0);
    }
}


void pl_buildsrc_read_ci(pl_arena *a, pl_bsrc_kind kind, const char *path, const char *data,
                         size_t len, const char *root, pl_vec *out, pl_diag_list *diags)
{
    reader r = {a, path, data, len, root ? root : ".", out, diags};
    pl_yaml *y = pl_yaml_parse(a, path, data, len, NULL);
    for (const pl_diag *d = y->diags.head; d; d = d->next)
        pl_diag_add(a, diags, d->level, d->span, NULL, "%s", d->message);
    for (int i = 0; i < y->ndocs; i++) {
        if (!y->docs[i])
            continue;
        if (kind == PL_BSRC_WORKFLOW)
            github(&r, y->docs[i]);
        else
            gitlab(&r, y->docs[i]);
    }
}
