/* workflow.c — image builds in CI files: GitHub Actions workflows
 * (docker/build-push-action steps, build commands in `run:` steps, with
 * the step's or job's working-directory) and GitLab CI jobs (`script:`,
 * `before_script:`, `after_script:` lines, kaniko's executor included).
 * Paths are relative to the repository root, where both check out. */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

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
    /* the reusable workflows being read through, outermost first: a call
     * back into one of them is a cycle */
    const char *calls[8];
    int ncalls;
    int buildx; /* the job has set up a buildx builder (docker/setup-buildx-action) */
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

void pl_bsrc_text_start(const char *data, size_t len, const pl_ynode *n, int *line, int *col)
{
    *line = n->span.line;
    *col = n->span.col;
    if (!n->quoted || n->span.col < 1)
        return;
    /* find the indicator's line in the data and look at the next one */
    int l = 1;
    size_t i = 0;
    while (i < len && l < n->span.line)
        if (data[i++] == '\n')
            l++;
    size_t at = i + (size_t)(n->span.col - 1);
    if (at >= len || (data[at] != '|' && data[at] != '>'))
        return;
    while (at < len && data[at] != '\n')
        at++;
    if (at >= len)
        return;
    at++;
    int c = 1;
    while (at < len && data[at] == ' ') {
        at++;
        c++;
    }
    *line = n->span.line + 1;
    *col = c;
}

static int name_char(char c, int first)
{
    return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (!first && c >= '0' && c <= '9');
}

/* Whether the script assigns NAME (`NAME=...`, `export NAME=`): its value
 * is then no longer the one the step's env gives. */
static int assigns(const char *text, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = strstr(text, name); p; p = strstr(p + 1, name))
        if (p[n] == '=' && (p == text || !name_char(p[-1], 0)))
            return 1;
    return 0;
}

/* `$NAME` and `${NAME}` replaced where the step's env (with the job's and
 * the workflow's) gives NAME a value written in the workflow; not inside
 * single quotes, where the shell does not expand them. */
static const char *shell_env(pl_arena *a, const char *text, const pl_wf_row *env)
{
    if (!env || !env->n || !strchr(text, '$'))
        return text;
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    int single = 0, dbl = 0;
    for (const char *p = text; *p;) {
        if (*p == '\\' && p[1] && !single) {
            pl_sb_putc(&sb, *p++);
            pl_sb_putc(&sb, *p++);
            continue;
        }
        if (*p == '\'' && !dbl)
            single = !single;
        else if (*p == '"' && !single)
            dbl = !dbl;
        if (*p != '$' || single) {
            pl_sb_putc(&sb, *p++);
            continue;
        }
        const char *start = p + 1, *end;
        int braced = *start == '{';
        if (braced)
            start++;
        for (end = start; name_char(*end, end == start); end++)
            ;
        if (end == start || (braced && *end != '}')) {
            pl_sb_putc(&sb, *p++);
            continue;
        }
        const char *name = pl_arena_strndup(a, start, (size_t)(end - start));
        const pl_ynode *v = NULL;
        for (int i = 0; i < env->n; i++)
            if (!strcmp(env->names[i], name))
                v = env->values[i];
        if (!v || assigns(text, name)) {
            pl_sb_putc(&sb, *p++);
            continue;
        }
        pl_sb_puts(&sb, v->str);
        p = end + braced;
    }
    return pl_sb_str(&sb);
}

static void scan_script(reader *r, const pl_ynode *n, const char *cwd, pl_origin_kind origin,
                        const char *label, const pl_wf_row *env)
{
    if (!n || n->kind != PL_YAML_SCALAR || n->stype != PL_YS_STR)
        return;
    int line, col;
    pl_bsrc_text_start(r->data, r->len, n, &line, &col);
    const char *text = root_substituted(r->a, shell_env(r->a, n->str, env));
    /* a block scalar's lines all lose the same indentation */
    int block = line > n->span.line;
    pl_buildcmd_scan(r->a, text, strlen(text), cwd, origin, r->path, line, block ? -col : col,
                     label, r->out);
}

/* ---- GitHub Actions --------------------------------------------------------------- */

static const char *known_str(const pl_ynode *map, const char *key, int *unknown)
{
    const char *s = pl_yaml_get_str(map, key, NULL);
    if (s && !*s)
        return NULL; /* the action takes an empty input as not given */
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

/* `outputs:` entries: every one `type=local` or `type=tar` exports files
 * only; any other (an image, a registry, docker, oci) or an expression
 * may make an image. */
static pl_unit_output outputs_kind(pl_arena *a, const pl_ynode *v)
{
    pl_vec items = {0};
    if (v && v->kind == PL_YAML_SCALAR && v->str) {
        for (const char *p = v->str; *p;) {
            size_t n = strcspn(p, "\n");
            if (n)
                pl_vec_push(a, &items, (void *)pl_arena_strndup(a, p, n));
            p += n + (p[n] != '\0');
        }
    } else if (v && v->kind == PL_YAML_SEQ) {
        for (int i = 0; i < v->nitems; i++)
            if (v->items[i]->kind == PL_YAML_SCALAR && v->items[i]->str)
                pl_vec_push(a, &items, (void *)v->items[i]->str);
            else
                return PL_OUTPUT_IMAGE;
    }
    int files = 0;
    for (size_t i = 0; i < items.len; i++) {
        const char *t = items.items[i];
        while (*t == ' ' || *t == '\t')
            t++;
        if (!*t)
            continue;
        if (strstr(t, "${{") || !(strstr(t, "type=local") || strstr(t, "type=tar")))
            return PL_OUTPUT_IMAGE;
        files++;
    }
    return files ? PL_OUTPUT_FILES : PL_OUTPUT_IMAGE;
}

/* What docker/build-push-action leaves: `outputs:` says; else `push:` or
 * `load:` true (or an expression) make an image; with neither, on a
 * buildx builder the job set up, the result stays in the build cache (the
 * action's documented behaviour for the docker-container driver); on the
 * default docker driver it is loaded, an image. */
static pl_unit_output build_push_output(reader *r, const pl_ynode *with)
{
    const pl_ynode *outputs = pl_yaml_get(with, "outputs");
    if (outputs)
        return outputs_kind(r->a, outputs);
    static const char *const keys[] = {"push", "load", NULL};
    for (int i = 0; keys[i]; i++) {
        const pl_ynode *v = pl_yaml_get(with, keys[i]);
        if (!v)
            continue;
        if (v->kind != PL_YAML_SCALAR || !v->str || strcasecmp(v->str, "false"))
            return PL_OUTPUT_IMAGE;
    }
    return r->buildx ? PL_OUTPUT_CACHE : PL_OUTPUT_IMAGE;
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
    s->output = build_push_output(r, with);
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

/* Whether some scalar of the step names the matrix. */
static int mentions_matrix(const pl_ynode *n, int depth)
{
    if (!n || depth > 16)
        return 0;
    if (n->kind == PL_YAML_SCALAR)
        return n->str && strstr(n->str, "matrix.") && strstr(n->str, "${{");
    for (int i = 0; i < n->nitems; i++)
        if (mentions_matrix(n->items[i], depth + 1))
            return 1;
    for (int i = 0; i < n->npairs; i++)
        if (mentions_matrix(n->pairs[i].value, depth + 1))
            return 1;
    return 0;
}

static int same_str(const char *x, const char *y)
{
    return x == y || (x && y && !strcmp(x, y));
}

static int same_spec(const pl_unit_spec *x, const pl_unit_spec *y)
{
    if (!same_str(x->dockerfile, y->dockerfile) || !same_str(x->context, y->context) ||
        !same_str(x->target, y->target) || x->target_unknown != y->target_unknown ||
        x->output != y->output ||
        x->nargs != y->nargs || x->origin_span.line != y->origin_span.line)
        return 0;
    for (int i = 0; i < x->nargs; i++)
        if (!same_str(x->args[i].name, y->args[i].name) ||
            !same_str(x->args[i].value, y->args[i].value))
            return 0;
    return 1;
}

/* A job's `actions/checkout` steps with `path:` put a repository below
 * the workspace: this one (no `repository:`, or the workflow's own), or
 * another, whose files are not the ones checked. */
typedef struct {
    const char *dir; /* display path of the checkout */
    int own;
} checkout;

enum { MAX_CHECKOUTS = 8 };

static void note_checkout(reader *r, const pl_ynode *step, checkout *co, int *nco)
{
    const char *uses = pl_yaml_get_str(step, "uses", NULL);
    if (!uses || strncmp(uses, "actions/checkout@", 17))
        return;
    const pl_ynode *with = pl_yaml_get(step, "with");
    const char *path = pl_yaml_get_str(with, "path", NULL);
    if (!path || strstr(path, "${{") || *nco >= MAX_CHECKOUTS)
        return;
    const char *dir = join_dir(r->a, r->root, path);
    if (!dir || !strcmp(dir, r->root))
        return;
    const char *repo = pl_yaml_get_str(with, "repository", NULL);
    co[*nco].dir = dir;
    co[(*nco)++].own = !repo || !strcmp(repo, "${{ github.repository }}") ||
                       !strcmp(repo, "${{github.repository}}");
}

/* `p` as a path of the repository checked: below a checkout of this
 * repository, the same path from the root; below another's, not known. */
static const char *through_checkouts(reader *r, const char *p, const checkout *co, int nco,
                                     int *unknown)
{
    for (int i = 0; p && i < nco; i++) {
        size_t n = strlen(co[i].dir);
        if (strncmp(p, co[i].dir, n) || (p[n] && p[n] != '/'))
            continue;
        if (!co[i].own) {
            *unknown = 1;
            return NULL;
        }
        return p[n] ? join_dir(r->a, r->root, p + n + 1) : r->root;
    }
    return p;
}

static void one_step(reader *r, const pl_ynode *step, const char *label, const char *job_dir,
                     const char *top_dir, const pl_wf_row *env)
{
    const char *uses = pl_yaml_get_str(step, "uses", NULL);
    /* docker/build-push-action, or a fork that takes the same inputs
     * (useblacksmith/build-push-action) */
    const char *slash = uses ? strchr(uses, '/') : NULL;
    if (slash && !strncmp(slash, "/build-push-action@", 19)) {
        build_push_step(r, step, label);
        return;
    }
    if (slash && !strncmp(slash, "/setup-buildx-action@", 21))
        r->buildx = 1;
    const char *dir = pl_yaml_get_str(step, "working-directory", NULL);
    if (!dir)
        dir = job_dir ? job_dir : top_dir;
    if (dir)
        dir = root_substituted(r->a, dir);
    const char *cwd = dir && strstr(dir, "${{") ? NULL : join_dir(r->a, r->root, dir);
    scan_script(r, pl_yaml_get(step, "run"), cwd, PL_ORIGIN_WORKFLOW, label, env);
}

static void github(reader *r, const pl_ynode *root);

/* ---- local reusable workflows (`jobs.<id>.uses: ./.github/workflows/x.yml`) ---- */

enum { MAX_CALL_DEPTH = 4, MAX_CALLED_BYTES = 1 << 20 };

static char *read_called(pl_arena *a, const char *path, size_t *len)
{
    return pl_arena_read_file(a, path, MAX_CALLED_BYTES, len);
}

/* The called workflow's `on.workflow_call.inputs`, each with its default. */
static pl_ynode *input_defaults(pl_arena *a, const pl_ynode *doc)
{
    const pl_ynode *on = pl_yaml_get(doc, "on");
    const pl_ynode *inputs = pl_yaml_get(pl_yaml_get(on, "workflow_call"), "inputs");
    pl_ynode *m = PL_NEW(a, pl_ynode);
    m->kind = PL_YAML_MAP;
    if (!inputs || inputs->kind != PL_YAML_MAP || !inputs->npairs)
        return m;
    m->pairs = PL_NEW_N(a, pl_ypair, inputs->npairs);
    for (int i = 0; i < inputs->npairs; i++) {
        const pl_ynode *d = pl_yaml_get(inputs->pairs[i].value, "default");
        if (d && d->kind == PL_YAML_SCALAR && d->stype != PL_YS_NULL) {
            m->pairs[m->npairs++] = (pl_ypair){inputs->pairs[i].key, (pl_ynode *)d};
            continue;
        }
        /* an input the caller leaves out, without a default, is empty */
        const char *type = pl_yaml_get_str(inputs->pairs[i].value, "type", NULL);
        pl_ynode *empty = PL_NEW(a, pl_ynode);
        empty->kind = PL_YAML_SCALAR;
        empty->stype = PL_YS_STR;
        empty->str = !type || !strcmp(type, "string") ? ""
                     : !strcmp(type, "boolean")       ? "false"
                                                      : "0";
        empty->span = inputs->pairs[i].key->span;
        m->pairs[m->npairs++] = (pl_ypair){inputs->pairs[i].key, empty};
    }
    return m;
}

/* A job that calls a workflow of this repository: the builds that
 * workflow runs, with `${{ inputs.X }}` replaced by what the job's `with:`
 * gives (a literal; an expression stays unknown) or the input's default,
 * each said to come from the calling job's `uses:` line. */
static void call_reusable(reader *r, const pl_ynode *job, const char *job_id,
                          const pl_wf_row *rows, int nrows)
{
    const pl_ynode *uses = pl_yaml_get(job, "uses");
    if (!uses || uses->kind != PL_YAML_SCALAR || !uses->str || strncmp(uses->str, "./", 2) ||
        strstr(uses->str, "${{") || strchr(uses->str, '@'))
        return;
    const char *path = join_dir(r->a, r->root, uses->str + 2);
    if (!path || r->ncalls >= MAX_CALL_DEPTH)
        return;
    for (int i = 0; i < r->ncalls; i++)
        if (!strcmp(r->calls[i], path))
            return;
    if (!strcmp(path, r->path))
        return;
    size_t len;
    char *data = read_called(r->a, path, &len);
    if (!data)
        return;
    pl_yaml *y = pl_yaml_parse(r->a, path, data, len, NULL);
    if (!y->ndocs || !y->docs[0])
        return;
    const pl_ynode *with = pl_yaml_get(job, "with");
    int matrix = nrows > 0 && mentions_matrix(with, 0);
    pl_vec found = {0};
    for (int m = 0; m < (matrix ? nrows : 1); m++) {
        pl_wf_row inputs = {0};
        pl_wf_env_add(r->a, &inputs, input_defaults(r->a, y->docs[0]), NULL);
        pl_wf_env_add(r->a, &inputs, with, matrix ? &rows[m] : NULL);
        reader sub = *r;
        sub.path = path;
        sub.data = data;
        sub.len = len;
        sub.out = &found;
        sub.diags = NULL;
        sub.calls[sub.ncalls++] = r->path;
        github(&sub, pl_wf_subst_inputs(r->a, y->docs[0], &inputs));
    }
    for (size_t i = 0; i < found.len; i++) {
        pl_unit_spec *sp = found.items[i];
        if (!sp->step_file) {
            sp->step_file = sp->origin_file;
            sp->step_span = sp->origin_span;
        }
        sp->origin_file = r->path;
        sp->origin_span = uses->span;
        sp->origin_label = pl_arena_printf(r->a, "job %s, calls %s: %s", job_id, path,
                                           sp->origin_label ? sp->origin_label : "");
        int dup = 0;
        for (size_t e = 0; e < i && !dup; e++)
            dup = same_spec(found.items[e], sp) && found.items[e] != sp;
        if (!dup)
            pl_vec_push(r->a, r->out, sp);
    }
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
        const pl_ynode *steps = pl_yaml_get(job, "steps");
        pl_wf_row *rows;
        int nrows = pl_wf_matrix_rows(r->a, job, &rows);
        if (pl_yaml_get(job, "uses")) {
            call_reusable(r, job, job_id, rows, nrows);
            continue;
        }
        if (!steps || steps->kind != PL_YAML_SEQ)
            continue;
        checkout co[MAX_CHECKOUTS];
        int nco = 0;
        r->buildx = 0;
        for (int k = 0; k < steps->nitems; k++) {
            const pl_ynode *step = steps->items[k];
            if (step->kind != PL_YAML_MAP)
                continue;
            note_checkout(r, step, co, &nco);
            const char *name = pl_yaml_get_str(step, "name", NULL);
            const char *label = name ? pl_arena_printf(r->a, "job %s, step %s", job_id, name)
                                     : pl_arena_printf(r->a, "job %s, step %d", job_id, k + 1);
            /* one build per matrix row the step uses, each distinct build once */
            int matrix = nrows > 0 && mentions_matrix(step, 0);
            int n = matrix ? nrows : 1;
            size_t first = r->out->len;
            for (int m = 0; m < n; m++) {
                const pl_wf_row *row = matrix ? &rows[m] : NULL;
                pl_wf_row env = {0};
                pl_wf_env_add(r->a, &env, pl_yaml_get(root, "env"), row);
                pl_wf_env_add(r->a, &env, pl_yaml_get(job, "env"), row);
                pl_wf_env_add(r->a, &env, pl_yaml_get(step, "env"), row);
                const pl_ynode *each =
                    row || env.n ? pl_wf_subst_node(r->a, step, row, &env, 0) : step;
                const char *dir = pl_wf_subst(r->a, run_dir(job), row, &env);
                size_t from = r->out->len;
                one_step(r, each,
                         matrix ? pl_arena_printf(r->a, "%s, matrix row %d", label, m + 1) : label,
                         dir, top_dir, &env);
                size_t kept = from;
                for (size_t i = from; i < r->out->len; i++) {
                    pl_unit_spec *sp = r->out->items[i];
                    int unknown = 0;
                    sp->dockerfile = through_checkouts(r, sp->dockerfile, co, nco, &unknown);
                    sp->context = through_checkouts(r, sp->context, co, nco, &unknown);
                    if (unknown)
                        sp->dockerfile = sp->context = NULL;
                    int dup = 0;
                    for (size_t e = first; e < kept && !dup; e++)
                        dup = same_spec(r->out->items[e], r->out->items[i]);
                    if (!dup)
                        r->out->items[kept++] = r->out->items[i];
                }
                r->out->len = kept;
            }
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
        scan_script(r, v, r->root, PL_ORIGIN_GITLAB, label, NULL);
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
    reader r = {a, path, data, len, root ? root : ".", out, diags, {0}, 0, 0};
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
