/* df_run_pin.c — version pinning of language package managers in RUN:
 * PL1140 pip (DL3013), PL1141 npm (DL3016), PL1142 gem (DL3028), PL1143 go
 * (DL3062). Each unpinned package is one finding on its own word. */
#include <string.h>

#include "df_image_role.h"
#include "df_pipreq.h"
#include "df_run_util.h"

typedef struct {
    int commands; /* install commands looked at */
    int unknown;  /* packages whose name needs a value not known statically */
    /* pip: requirements files read from the build context */
    const pl_file *file;
    int req_files, reqs;
    const char *unread; /* why a requirements file could not be judged */
    /* in the default reading, installs into images that never ship are
     * not judged (a dev container's tools, a test image's fixtures) */
    pl_ship_gate gate;
    int tooling;  /* pip: commands that only upgrade pip's own tooling */
} pin_count;

/* Whether the RUN is left out because its stage never ships (asked once
 * per RUN: *gated starts at -1). */
static int gated(pin_count *n, const pl_dfrun *r, int *state)
{
    if (*state < 0)
        *state = pl_ship_gate_skips(&n->gate, r->ins);
    return *state;
}

static void pin_init(pin_count *n, pl_check *c, const pl_file *f, const pl_df_model *m)
{
    /* a builder's unpinned tool ships through its COPY --from: via_copy */
    pl_ship_gate_init(&n->gate, c, f, m, 1);
}

static int contains(const char *s, const char *part)
{
    return strstr(s, part) != NULL;
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcmp(s + n - k, suffix);
}

static void pass_or_skip(pl_check *c, const pin_count *n, const char *what)
{
    if (n->commands == 0 && n->gate.nskipped) {
        pl_skip(c, "%s", pl_ship_gate_none((pl_ship_gate *)&n->gate, ""));
    } else if (n->commands == 0 && n->tooling) {
        pl_skip(c, "%d %s command%s only upgrade%s pip's own tooling (pip, setuptools, wheel): "
                   "not judged", n->tooling, what, n->tooling == 1 ? "" : "s",
                n->tooling == 1 ? "s" : "");
    } else if (n->commands == 0)
        pl_skip(c, "no %s", what);
    else if (n->unknown)
        pl_pass(c, (pl_span){0}, "%d %s command%s pinned (%d package%s set by unknown variables)",
                n->commands, what, n->commands == 1 ? "" : "s", n->unknown,
                n->unknown == 1 ? "" : "s");
    else
        pl_pass(c, (pl_span){0}, "%d %s command%s pinned", n->commands, what,
                n->commands == 1 ? "" : "s");
}

typedef int (*pinned_fn)(const char *package);
/* What the package lacks, for the message ("a version", "#ref" ...). */
typedef const char *(*need_fn)(const char *package);

/* Whether some `$` or backquote of the word as written stands outside
 * quotes, where the shell splits what it expands to. */
static int has_unquoted_expansion(const char *raw)
{
    char quote = 0;
    for (const char *p = raw; *p; p++) {
        if (quote == '\'') {
            if (*p == '\'')
                quote = 0;
        } else if (*p == '\\') {
            if (p[1])
                p++;
        } else if (quote == '"') {
            if (*p == '"')
                quote = 0;
        } else if (*p == '\'' || *p == '"') {
            quote = *p;
        } else if (*p == '$' || *p == '`') {
            return 1;
        }
    }
    return 0;
}

/* Judges one operand. A resolved value is split the way the shell splits an
 * unquoted expansion (`pip install $PACKAGES`; `"b2 == $V"` stays one
 * word); a value that is not known statically is not judged unless its text
 * already pins it. */
static void judge(pl_check *c, const pl_df_model *m, const pl_dfrun *r, const pl_sh_word *w,
                  pinned_fn pinned, pin_count *n, const char *what, need_fn need)
{
    const char *v = pl_dfrun_word_value(c, m, r, w);
    if (!v) {
        if (!pinned(w->text))
            n->unknown++;
        return;
    }
    if (!w->has_expansion || !has_unquoted_expansion(w->raw)) {
        if (!pinned(v))
            pl_fail(c, pl_dfrun_span(r, w), NULL, "%s %s without %s", what, v, need(v));
        return;
    }
    pl_arena *a = pl_check_arena(c);
    for (const char *p = v; *p;) {
        p += strspn(p, " \t\n");
        size_t len = strcspn(p, " \t\n");
        if (!len)
            break;
        const char *pkg = pl_arena_strndup(a, p, len);
        if (!pinned(pkg))
            pl_fail(c, pl_dfrun_span(r, w), NULL, "%s %s (from %s) without %s", what, pkg, w->text,
                    need(pkg));
        p += len;
    }
}

/* ---- pip (DL3013) ---------------------------------------------------------- */

static const char *const pip_value_flags[] = {
    "abi", "b", "build", "e", "editable", "extra-index-url", "f", "find-links", "i", "index-url",
    "implementation", "no-binary", "only-binary", "platform", "prefix", "progress-bar", "proxy",
    "python", "python-version", "root", "root-user-action", "src", "t", "target", "trusted-host",
    "upgrade-strategy",
    /* beyond hadolint's list: pip and pipx options that take a value too */
    "C", "config-settings", "global-option", "install-option", "retries", "timeout",
    "exists-action", "cert", "client-cert", "cache-dir", "log", "keyring-provider", "use-feature",
    "use-deprecated", "report", "group", "pip-args", "suffix", "preinstall", NULL};

static const char *const vcs_schemes[] = {
    "git+file", "git+https", "git+ssh", "git+http", "git+git", "git", "hg+file", "hg+http",
    "hg+https", "hg+ssh", "hg+static-http", "svn", "svn+svn", "svn+http", "svn+https", "svn+ssh",
    "bzr+http", "bzr+https", "bzr+ssh", "bzr+sftp", "bzr+ftp", "bzr+lp", NULL};

static int is_vcs(const char *p)
{
    for (const char *const *s = vcs_schemes; *s; s++)
        if (starts_with(p, *s))
            return 1;
    return 0;
}

static int pip_pinned(const char *p)
{
    static const char *const symbols[] = {"==", ">=", "<=", ">", "<", "!=", "~=", "===", NULL};
    for (const char *const *s = symbols; *s; s++)
        if (contains(p, *s))
            return 1;
    if (is_vcs(p))
        return contains(p, "@");
    if (ends_with(p, ".whl") || ends_with(p, ".tar.gz") || contains(p, "/"))
        return 1;
    /* a local project: `.[extras]`, `..` (hadolint only knows "." alone) */
    return p[0] == '.';
}

static const char *pip_need(const char *p)
{
    return is_vcs(p) ? "@ref" : "a version";
}

/* The -r/-c operands of a pip (or uv pip) command from argv[from] on, each
 * judged on the file it names; `sync` takes its files as operands. Returns
 * how many there were. */
static int judge_requirement_files(pl_check *c, const pl_df_model *m, const pl_dfrun *r,
                                   const pl_sh_cmd *cmd, int from, int sync, pin_count *n)
{
    pl_pipreq_operand *ops;
    int nops = pl_pipreq_operands(c, m, r, cmd, from, sync, &ops);
    for (int i = 0; i < nops; i++) {
        const char *why = NULL;
        int judged = pl_pipreq_judge(c, n->file, r, &ops[i], &why);
        if (why)
            n->unread = why;
        else
            n->req_files++, n->reqs += judged;
    }
    return nops;
}

/* `uv pip install -r X` and `uv pip sync X`: only their files are judged. */
static void uv_visit(pl_check *c, const pl_df_model *m, const pl_dfrun *r, const pl_sh_cmd *cmd,
                     pin_count *n)
{
    int sync, at = pl_uv_pip_at(cmd, &sync);
    if (at < 0)
        return;
    int gate = -1;
    if (gated(n, r, &gate))
        return;
    if (judge_requirement_files(c, m, r, cmd, at, sync, n))
        n->commands++;
}

/* `pip install -U pip setuptools wheel`: pip upgrading the installer's own
 * tooling, whose newest release is what the command asks for. */
static int upgrades_own_tooling(pl_arena *a, const pl_sh_cmd *cmd, int at)
{
    const pl_sh_word **pos;
    int np = pl_sh_positionals(a, cmd, pip_value_flags, &pos), named = 0;
    for (int i = 0; i < np; i++) {
        if (pos[i] <= &cmd->argv[at])
            continue;
        const char *t = pos[i]->text;
        if (strcmp(t, "pip") && strcmp(t, "setuptools") && strcmp(t, "wheel"))
            return 0;
        named++;
    }
    return named > 0 && pl_dfrun_find_arg(cmd, 1, "-r") < 0 &&
           pl_dfrun_find_arg(cmd, 1, "--requirement") < 0 && pl_dfrun_find_arg(cmd, 1, "-c") < 0 &&
           pl_dfrun_find_arg(cmd, 1, "--constraint") < 0;
}

static void pip_visit(pl_check *c, const pl_df_model *m, const pl_dfrun *r, void *ud)
{
    pin_count *n = ud;
    pl_arena *a = pl_check_arena(c);
    int gate = -1;
    for (int k = 0; k < r->sh->ncmds; k++) {
        const pl_sh_cmd *cmd = &r->sh->cmds[k];
        int at = pl_pip_install_at(cmd);
        if (at < 0) {
            uv_visit(c, m, r, cmd, n);
            continue;
        }
        if (gated(n, r, &gate))
            continue;
        /* hadolint judges `pip install -U pip` like any other package */
        if (pl_check_reading(c) == PL_READING_DEFAULT && upgrades_own_tooling(a, cmd, at)) {
            n->tooling++;
            continue;
        }
        n->commands++;
        const char *what = pl_sh_is(cmd, "pipx")      ? "pipx install"
                           : starts_with(pl_sh_name(cmd), "python") ? "python -m pip install"
                                                                   : "pip install";
        /* requirement files and constraints are judged on what they hold;
         * the command's own packages and the local project are left alone
         * then, as hadolint does */
        if (judge_requirement_files(c, m, r, cmd, at + 1, 0, n) ||
            pl_dfrun_find_arg(cmd, 1, ".") >= 0)
            continue;
        const pl_sh_word **pos;
        int np = pl_sh_positionals(a, cmd, pip_value_flags, &pos);
        for (int i = 0; i < np; i++) {
            if (pos[i] <= &cmd->argv[at])
                continue;
            judge(c, m, r, pos[i], pip_pinned, n, what, pip_need);
        }
    }
}

void pl_check_pip_version_unpinned(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pin_count n = {0};
    n.file = f;
    pin_init(&n, c, f, m);
    pl_dfrun_each(c, m, 1, pip_visit, &n);
    if (n.unread) {
        /* a requirements file that could not be read is never a pass */
        pl_skip(c, "%s", n.unread);
        return;
    }
    pass_or_skip(c, &n, "pip install");
    if (n.commands && n.req_files && !n.unknown)
        pl_pass(c, (pl_span){0}, "%d pip install command%s pinned (%d requirements file%s, %d "
                "requirement%s pinned with ==)", n.commands, n.commands == 1 ? "" : "s",
                n.req_files, n.req_files == 1 ? "" : "s", n.reqs, n.reqs == 1 ? "" : "s");
}

/* ---- npm (DL3016) ---------------------------------------------------------- */

static const char *const npm_value_flags[] = {
    "loglevel", "registry",
    /* beyond hadolint: options whose value would read as a package */
    "omit", "include", "workspace", "w", "tag", "cache", "userconfig", "prefix", "location",
    "install-strategy", "otp", NULL};

static int npm_pinned(const char *p)
{
    static const char *const git[] = {"git://", "git+ssh://", "git+http://", "git+https://", NULL};
    for (const char *const *g = git; *g; g++)
        if (starts_with(p, *g))
            return contains(p, "#");
    if (ends_with(p, ".tar") || ends_with(p, ".tar.gz") || ends_with(p, ".tgz"))
        return 1;
    if (starts_with(p, "/") || starts_with(p, "./") || starts_with(p, "../") || starts_with(p, "~/"))
        return 1;
    /* `@scope/name@1.2`: the scope's '@' is not a version */
    const char *q = p;
    if (*q == '@')
        while (*q && (unsigned char)*q > '/')
            q++;
    return strchr(q, '@') != NULL;
}

static const char *npm_need(const char *p)
{
    return starts_with(p, "git") ? "#ref" : "@version";
}

static void npm_visit(pl_check *c, const pl_df_model *m, const pl_dfrun *r, void *ud)
{
    pin_count *n = ud;
    pl_arena *a = pl_check_arena(c);
    int gate = -1;
    for (int k = 0; k < r->sh->ncmds; k++) {
        const pl_sh_cmd *cmd = &r->sh->cmds[k];
        if (!pl_sh_is(cmd, "npm"))
            continue;
        const pl_sh_word **pos;
        int np = pl_sh_positionals(a, cmd, npm_value_flags, &pos);
        /* `npm install` must be the subcommand, not an argument of another */
        if (np == 0 || strcmp(pos[0]->text, "install"))
            continue;
        if (gated(n, r, &gate))
            continue;
        n->commands++;
        for (int i = 1; i < np; i++) {
            judge(c, m, r, pos[i], npm_pinned, n, "npm install", npm_need);
        }
    }
}

void pl_check_npm_version_unpinned(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pin_count n = {0};
    pin_init(&n, c, f, m);
    pl_dfrun_each(c, m, 1, npm_visit, &n);
    pass_or_skip(c, &n, "npm install");
}

/* ---- gem (DL3028) ---------------------------------------------------------- */

static int gem_pinned(const char *p)
{
    return contains(p, ":");
}

static const char *gem_need(const char *p)
{
    return ":version";
}

static void gem_visit(pl_check *c, const pl_df_model *m, const pl_dfrun *r, void *ud)
{
    pin_count *n = ud;
    int gate = -1;
    for (int k = 0; k < r->sh->ncmds; k++) {
        const pl_sh_cmd *cmd = &r->sh->cmds[k];
        if (!pl_sh_is(cmd, "gem") ||
            (pl_dfrun_find_arg(cmd, 1, "install") < 0 && pl_dfrun_find_arg(cmd, 1, "i") < 0))
            continue;
        if (gated(n, r, &gate))
            continue;
        n->commands++;
        int versioned = 0;
        for (int i = 1; i < cmd->argc; i++) {
            const char *t = cmd->argv[i].text;
            if (!strcmp(t, "-v") || !strcmp(t, "--version") || starts_with(t, "--version="))
                versioned = 1;
        }
        if (versioned)
            continue;
        /* hadolint's reading: every word starting with '-' takes the next
         * word as its value; `--` ends the words looked at */
        for (int i = 1; i < cmd->argc; i++) {
            const pl_sh_word *w = &cmd->argv[i];
            if (!strcmp(w->text, "--"))
                break;
            if (w->text[0] == '-') {
                i++;
                continue;
            }
            if (!strcmp(w->text, "install") || !strcmp(w->text, "i"))
                continue;
            /* `gem install --local pups-1.4.0.gem`: a .gem file is one
             * version, fixed when it was fetched (hadolint reads the name) */
            size_t len = strlen(w->text);
            if (pl_check_reading(c) != PL_READING_HADOLINT && len > 4 &&
                !strcmp(w->text + len - 4, ".gem"))
                continue;
            judge(c, m, r, w, gem_pinned, n, "gem install", gem_need);
        }
    }
}

void pl_check_gem_version_unpinned(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pin_count n = {0};
    pin_init(&n, c, f, m);
    pl_dfrun_each(c, m, 1, gem_visit, &n);
    pass_or_skip(c, &n, "gem install");
}

/* ---- go (DL3062) ----------------------------------------------------------- */

/* go build flags that take a value as the next word (`-tags netgo`) */
static int go_value_flag(const char *word)
{
    static const char *const names[] = {"o", "tags", "ldflags", "gcflags", "asmflags", "mod",
                                        "modfile", "p", "pkgdir", "toolexec", "overlay", "pgo",
                                        "C", "buildmode", "compiler", "gccgoflags",
                                        "installsuffix", "exec", "coverpkg", "covermode",
                                        "buildvcs", NULL};
    const char *n = word + (word[1] == '-' ? 2 : 1);
    if (strchr(n, '='))
        return 0;
    for (const char *const *p = names; *p; p++)
        if (!strcmp(n, *p))
            return 1;
    return 0;
}

/* The operands of a go command: not flags, not flag values, and not the
 * words `subcommands` lists. */
static int go_operands(pl_arena *a, const pl_sh_cmd *cmd, const pl_sh_word ***out)
{
    const pl_sh_word **ops = PL_NEW_N(a, const pl_sh_word *, cmd->argc + 1);
    int n = 0;
    for (int i = 1; i < cmd->argc; i++) {
        const char *t = cmd->argv[i].text;
        if (t[0] == '-' && t[1]) {
            if (go_value_flag(t))
                i++;
            continue;
        }
        ops[n++] = &cmd->argv[i];
    }
    *out = ops;
    return n;
}


/* `std`, `cmd`, `all` and `tool` are package patterns of the toolchain and
 * of the main module, not modules to fetch. */
static int go_meta_pattern(const char *p)
{
    return !strcmp(p, "std") || !strcmp(p, "cmd") || !strcmp(p, "all") || !strcmp(p, "tool");
}

static int go_pinned(const char *p)
{
    if (!strcmp(p, ".") || p[0] == '/' || p[0] == '.' || go_meta_pattern(p))
        return 1;
    /* `go run main.go`: a file of the context, not a module */
    if (ends_with(p, ".go"))
        return 1;
    return contains(p, "@") && !ends_with(p, "@latest") && !ends_with(p, "@none");
}

static const char *go_need(const char *p)
{
    return contains(p, "@") ? "a fixed @version (@latest and @none move)" : "@version";
}

static int is_go_mod(const char *path, size_t n)
{
    return (n == 6 || (n > 6 && path[n - 7] == '/')) && !strncmp(path + n - 6, "go.mod", 6);
}

/* A --mount of the RUN names a go.mod as its source or target. */
static int mounts_go_mod(const pl_df_instr *ins)
{
    for (int i = 0; i < ins->nflags; i++) {
        const pl_df_flag *f = &ins->flags[i];
        if (strcmp(f->name, "mount") || !f->value)
            continue;
        for (const char *p = f->value; *p;) {
            size_t len = strcspn(p, ",");
            const char *eq = memchr(p, '=', len);
            if (eq && is_go_mod(eq + 1, len - (size_t)(eq + 1 - p)))
                return 1;
            p += len + (p[len] == ',');
        }
    }
    return 0;
}

/* A go.mod is in place when the RUN runs: mounted by it, or copied by a
 * COPY/ADD earlier in its stage or a stage it builds on. There `go install
 * pkg` and `go run pkg` without @version build the version go.mod requires. */
static int go_module_in_scope(const pl_df_model *m, const pl_df_instr *ins)
{
    if (ins->parent)
        return 0; /* ONBUILD runs in an image this file does not see */
    if (mounts_go_mod(ins))
        return 1;
    const pl_stage *s = m->stage_of[ins->index];
    int before = ins->index;
    for (; s; s = s->parent) {
        for (int i = 0; i < s->ninstrs && s->instrs[i]->index < before; i++) {
            const pl_df_instr *x = s->instrs[i];
            if (x->kind != PL_DF_COPY && x->kind != PL_DF_ADD)
                continue;
            for (int k = 0; k + 1 < x->nargs; k++)
                if (is_go_mod(x->args[k].text, strlen(x->args[k].text)))
                    return 1;
        }
        before = s->from->index;
    }
    return 0;
}

/* Inside a module an operand without any @ is pinned by go.mod. */
static int go_pinned_in_module(const char *p)
{
    return !contains(p, "@") || go_pinned(p);
}

static void go_visit(pl_check *c, const pl_df_model *m, const pl_dfrun *r, void *ud)
{
    pin_count *n = ud;
    pl_arena *a = pl_check_arena(c);
    /* hadolint looks at `go run` packages when the script has any, and at
     * `go install`/`go get` packages otherwise */
    int has_run = 0, has_go = 0;
    for (int k = 0; k < r->sh->ncmds; k++) {
        if (!pl_sh_is(&r->sh->cmds[k], "go"))
            continue;
        has_go = 1;
        if (pl_dfrun_find_arg(&r->sh->cmds[k], 1, "run") >= 0)
            has_run = 1;
    }
    int gate = -1;
    if (!has_go || gated(n, r, &gate))
        return;
    /* the scan of the instructions above only for a RUN that runs go */
    int in_module = go_module_in_scope(m, r->ins);
    for (int k = 0; k < r->sh->ncmds; k++) {
        const pl_sh_cmd *cmd = &r->sh->cmds[k];
        if (!pl_sh_is(cmd, "go"))
            continue;
        const pl_sh_word **ops;
        int no = go_operands(a, cmd, &ops);
        if (has_run) {
            if (pl_dfrun_find_arg(cmd, 1, "run") < 0)
                continue;
            n->commands++;
            /* the package is the first operand after `run`; the rest are the
             * program's arguments */
            for (int i = 0; i < no && i <= 1; i++)
                if (strcmp(ops[i]->text, "run"))
                    judge(c, m, r, ops[i], in_module ? go_pinned_in_module : go_pinned, n,
                          "go run", go_need);
            continue;
        }
        if (pl_dfrun_find_arg(cmd, 1, "install") < 0 && pl_dfrun_find_arg(cmd, 1, "get") < 0)
            continue;
        n->commands++;
        /* `go get pkg` moves go.mod to the newest version even in a module */
        int install = pl_dfrun_find_arg(cmd, 1, "install") >= 0;
        for (int i = 0; i < no; i++) {
            const char *t = ops[i]->text;
            if (strcmp(t, "install") && strcmp(t, "get"))
                judge(c, m, r, ops[i], install && in_module ? go_pinned_in_module : go_pinned, n,
                      install ? "go install" : "go get", go_need);
        }
    }
}

void pl_check_go_version_unpinned(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pin_count n = {0};
    pin_init(&n, c, f, m);
    pl_dfrun_each(c, m, 1, go_visit, &n);
    pass_or_skip(c, &n, "go install/get/run");
}
