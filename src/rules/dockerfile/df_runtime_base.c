/* df_runtime_base.c — what a stage has to run a program with: the base
 * image table, Python versions named by image tags, and the installs and
 * copies of a chain of stages (see df_runtime_base.h). */
#include <ctype.h>
#include <string.h>

#include "df_pipreq.h"
#include "df_runtime_base.h"

/* ---- what a base image ships ---------------------------------------------------- */

#define PY_EXTRA "uv uvx poetry pipenv pdm pipx"
#define PY_ALL "python python3 pip pip3 " PY_EXTRA
#define NODE "node nodejs"
#define NET "curl wget nc netcat ncat"

typedef struct {
    const char *present; /* space-separated program names */
    const char *absent;
} family;

static int has(const char *s, const char *needle)
{
    return s && strstr(s, needle) != NULL;
}

/* ghcr.io/astral-sh/uv: a bare version is a distroless image holding only
 * uv and uvx; `python3.X-*` tags are built on python:3.X-*; the others on
 * alpine, debian-slim or buildpack-deps. */
static family uv_family(const char *tag)
{
    if (has(tag, "python"))
        return (family){"sh uv uvx python python3 pip pip3", "poetry pipenv pdm pipx " NODE};
    if (has(tag, "alpine") || has(tag, "slim"))
        return (family){"sh uv uvx", "python python3 pip pip3 poetry pipenv pdm pipx " NODE};
    if (has(tag, "bookworm") || has(tag, "trixie") || has(tag, "jammy") || has(tag, "noble") ||
        has(tag, "debian"))
        return (family){"sh uv uvx", "poetry pipenv pdm pipx " NODE};
    return (family){"uv uvx", "sh " NET " python python3 pip pip3 poetry pipenv pdm pipx " NODE};
}

/* What image `img` ships, as far as this table knows. */
static family image_family(pl_arena *a, const pl_image_ref *img)
{
    family none = {"", ""};
    if (img->error || img->has_vars || !img->repository)
        return none;
    const char *reg = img->registry ? pl_lower(a, img->registry) : "docker.io";
    const char *repo = pl_lower(a, img->repository);
    const char *tag = img->tag ? pl_lower(a, img->tag) : "latest";
    if (!strncmp(repo, "library/", 8))
        repo += 8;
    if (has(tag, "windows") || has(tag, "nanoserver") || has(tag, "ltsc"))
        return none;

    if (!strcmp(reg, "gcr.io") && !strncmp(repo, "distroless/", 11)) {
        if (has(tag, "debug"))
            return none;
        if (has(repo, "python"))
            return (family){"python3", "sh " NET " pip pip3 " PY_EXTRA " " NODE};
        if (has(repo, "nodejs"))
            return (family){"node nodejs", "sh " NET " " PY_ALL};
        return (family){"", "sh " NET " " PY_ALL " " NODE};
    }
    if (!strcmp(reg, "ghcr.io") && !strcmp(repo, "astral-sh/uv"))
        return uv_family(tag);
    if (strcmp(reg, "docker.io") != 0 && strcmp(reg, "index.docker.io") != 0)
        return none;

    int alpine = has(tag, "alpine") || !strcmp(repo, "alpine");
    int slim = has(tag, "slim");
    if (!strcmp(repo, "python"))
        return alpine ? (family){"sh python python3 pip pip3 wget nc", "curl " PY_EXTRA " " NODE}
               : slim ? (family){"sh python python3 pip pip3", "curl wget " PY_EXTRA " " NODE}
                      : (family){"sh python python3 pip pip3 curl wget", PY_EXTRA " " NODE};
    if (!strcmp(repo, "node"))
        return alpine ? (family){"sh node nodejs wget nc", "curl " PY_ALL}
               : slim ? (family){"sh node nodejs", "curl wget " PY_ALL}
                      : (family){"sh node nodejs curl wget", PY_EXTRA};
    if (!strcmp(repo, "nginx"))
        return alpine ? (slim ? (family){"sh wget nc", "curl " PY_ALL " " NODE}
                              : (family){"sh wget nc curl", PY_ALL " " NODE})
                      : (family){"sh curl", "wget " PY_ALL " " NODE};
    /* database images ship their own client tools, used in health checks */
    if (!strcmp(repo, "postgres"))
        return (family){alpine ? "sh wget nc pg_isready psql" : "sh pg_isready psql", ""};
    if (!strcmp(repo, "redis"))
        return (family){alpine ? "sh wget nc redis-cli" : "sh redis-cli", ""};
    if (alpine)
        return !strcmp(repo, "alpine") || !strcmp(repo, "golang")
                   ? (family){"sh wget nc", "curl " PY_ALL " " NODE}
                   : (family){"sh wget nc", ""};
    if (!strcmp(repo, "debian") || !strcmp(repo, "ubuntu"))
        return (family){"sh", "curl wget " PY_ALL " " NODE};
    if (!strcmp(repo, "buildpack-deps") || !strcmp(repo, "golang"))
        return (family){"sh curl wget", PY_EXTRA " " NODE};
    if (!strcmp(repo, "eclipse-temurin") && !has(tag, "ubi"))
        return (family){"sh curl wget", PY_EXTRA " " NODE};
    if (!strcmp(repo, "nvidia/cuda") && has(tag, "ubuntu"))
        return (family){"sh", "curl wget " PY_ALL " " NODE};
    return none;
}

/* What the image `root` starts from ships. */
static family base_family(pl_arena *a, const pl_stage *root)
{
    if (root->is_scratch)
        return (family){"", "sh " NET " " PY_ALL " " NODE};
    if (root->base_unknown)
        return (family){"", ""};
    return image_family(a, &root->image);
}

/* "3.12" from the start of `s` ("3.12.4-slim"); NULL unless major.minor. */
static const char *major_minor(pl_arena *a, const char *s)
{
    const char *p = s;
    if (!isdigit((unsigned char)*p))
        return NULL;
    while (isdigit((unsigned char)*p))
        p++;
    if (*p != '.' || !isdigit((unsigned char)p[1]))
        return NULL;
    p++;
    while (isdigit((unsigned char)*p))
        p++;
    return pl_arena_strndup(a, s, (size_t)(p - s));
}

const char *pl_rt_base_python(pl_arena *a, const pl_stage *root)
{
    if (root->is_scratch || root->base_unknown || root->image.error || root->image.has_vars ||
        !root->image.repository || !root->image.tag)
        return NULL;
    const char *reg = root->image.registry ? pl_lower(a, root->image.registry) : "docker.io";
    const char *repo = pl_lower(a, root->image.repository);
    const char *tag = pl_lower(a, root->image.tag);
    if (!strncmp(repo, "library/", 8))
        repo += 8;
    if ((!strcmp(reg, "docker.io") || !strcmp(reg, "index.docker.io")) && !strcmp(repo, "python"))
        return major_minor(a, tag);
    if (!strcmp(reg, "ghcr.io") && !strcmp(repo, "astral-sh/uv")) {
        const char *p = strstr(tag, "python");
        return p ? major_minor(a, p + 6) : NULL;
    }
    if (!strcmp(reg, "gcr.io") && !strncmp(repo, "distroless/python3-debian", 25)) {
        /* the python3 of Debian 11 and 12 */
        if (!strcmp(repo + 25, "11"))
            return "3.9";
        if (!strcmp(repo + 25, "12"))
            return "3.11";
    }
    return NULL;
}

/* "python3.12" -> "3.12"; NULL for any other name. */
static const char *versioned_python(const char *prog)
{
    return !strncmp(prog, "python3.", 8) && isdigit((unsigned char)prog[8]) ? prog + 6 : NULL;
}

static pl_ships family_ships(pl_arena *a, family fam, const pl_stage *root, const char *prog);

pl_ships pl_rt_base_ships(pl_arena *a, const pl_stage *root, const char *prog)
{
    return family_ships(a, base_family(a, root), root, prog);
}

pl_ships pl_rt_image_ships(pl_arena *a, const pl_image_ref *img, const char *prog)
{
    return family_ships(a, image_family(a, img), NULL, prog);
}

/* `root` (may be NULL) names the Python version a versioned interpreter
 * is judged against. */
static pl_ships family_ships(pl_arena *a, family fam, const pl_stage *root, const char *prog)
{
    const char *v = versioned_python(prog);
    if (v) {
        if (pl_rt_in_list(fam.absent, "python3"))
            return PL_SHIPS_NO;
        const char *have = root && pl_rt_in_list(fam.present, "python3") ? pl_rt_base_python(a, root) : NULL;
        if (!have)
            return PL_SHIPS_UNKNOWN;
        return !strcmp(have, v) ? PL_SHIPS_YES : PL_SHIPS_NO;
    }
    if (pl_rt_in_list(fam.present, prog))
        return PL_SHIPS_YES;
    if (pl_rt_in_list(fam.absent, prog))
        return PL_SHIPS_NO;
    /* no official image the table knows the Python tools of ships a
     * package's console script */
    if (pl_rt_console_script_package(prog) && pl_rt_in_list(fam.absent, "poetry"))
        return PL_SHIPS_NO;
    return PL_SHIPS_UNKNOWN;
}

/* ---- Python programs ------------------------------------------------------------------ */

static const char *const console_scripts[][2] = {
    {"uvicorn", "uvicorn"},     {"gunicorn", "gunicorn"},     {"celery", "celery"},
    {"hypercorn", "hypercorn"}, {"daphne", "daphne"},         {"granian", "granian"},
    {"flask", "flask"},         {"django-admin", "django"},   {"streamlit", "streamlit"},
    {"alembic", "alembic"},     {"waitress-serve", "waitress"}, {"uwsgi", "uwsgi"},
    {"fastapi", "fastapi-cli"}, {"dramatiq", "dramatiq"},     {"rq", "rq"},
    {"huey_consumer", "huey"},  {"jupyter", "jupyter-core"},  {"mlflow", "mlflow"},
    {"gradio", "gradio"},       {"chainlit", "chainlit"},     {"dagster", "dagster"},
    {NULL, NULL}};

const char *pl_rt_console_script_package(const char *prog)
{
    for (int i = 0; console_scripts[i][0]; i++)
        if (!strcmp(prog, console_scripts[i][0]))
            return console_scripts[i][1];
    return NULL;
}

static int is_interpreter(const char *prog)
{
    return !strcmp(prog, "python") || !strcmp(prog, "python3") || versioned_python(prog);
}

int pl_rt_is_python_program(const char *prog)
{
    return is_interpreter(prog) || pl_rt_in_list("pip pip3 " PY_EXTRA, prog) ||
           (!strncmp(prog, "pip3.", 5) && isdigit((unsigned char)prog[5])) ||
           pl_rt_console_script_package(prog);
}

/* Distribution packages that are Python or bring it in as a dependency. */
static int pulls_python(const char *name)
{
    return !strncmp(name, "python", 6) || !strncmp(name, "py3-", 4) || !strncmp(name, "py-", 3) ||
           has(name, "-python") ||
           pl_rt_in_list("software-properties-common lsb-release mercurial awscli supervisor npm "
                         "node-gyp gyp ansible certbot pipx poetry pipenv virtualenv tox meson scons "
                         "unattended-upgrades cloud-init uwsgi-plugin-python3 glances",
                         name);
}

/* The programs a distribution package provides, for the programs the
 * runtime rules judge. */
static int package_provides(const char *pkg, const char *prog)
{
    char name[96];
    size_t n = strcspn(pkg, "=<>~:");
    if (n == 0 || n >= sizeof name)
        return 0;
    memcpy(name, pkg, n);
    name[n] = '\0';
    /* rpm-style "curl-7.61.1": drop a version after the last dash */
    char *dash = strrchr(name, '-');
    if (dash && dash[1] >= '0' && dash[1] <= '9')
        *dash = '\0';
    if (!strcmp(prog, "curl"))
        return !strcmp(name, "curl") || !strcmp(name, "curl-minimal");
    if (!strcmp(prog, "wget"))
        return !strcmp(name, "wget");
    if (!strcmp(prog, "nc") || !strcmp(prog, "netcat"))
        return !strncmp(name, "netcat", 6) || !strcmp(name, "nmap-ncat") ||
               !strcmp(name, "busybox-extras") || (!strcmp(prog, "nc") && !strcmp(name, "ncat"));
    if (!strcmp(prog, "ncat"))
        return !strcmp(name, "ncat") || !strcmp(name, "nmap-ncat") || !strcmp(name, "nmap");
    if (is_interpreter(prog))
        return pulls_python(name) || !strcmp(name, "python-is-python3");
    if (!strcmp(prog, "node") || !strcmp(prog, "nodejs"))
        return !strcmp(name, "nodejs") || !strncmp(name, "nodejs-", 7) || !strcmp(name, "node");
    if (!strncmp(prog, "pip", 3) && strcmp(prog, "pipx") && strcmp(prog, "pipenv"))
        return has(name, "pip") && !has(name, "pipx") && !has(name, "pipenv");
    const char *pkg_of = pl_rt_console_script_package(prog);
    const char *want = pkg_of ? pkg_of : !strcmp(prog, "uvx") ? "uv" : prog;
    return !strcmp(name, prog) || !strcmp(name, want) ||
           (!strncmp(name, "python3-", 8) && !strcmp(name + 8, want)) ||
           (!strncmp(name, "py3-", 4) && !strcmp(name + 4, want));
}

/* A command whose installs cannot be read: a configuration-management run,
 * a script (`./setup.sh`, `bash /tmp/install.sh`, `curl ... | sh`,
 * `curl ... | python3 -`) or another program run by its path. Returns what
 * to call it, or NULL. */
static const char *opaque_installer(pl_arena *a, const pl_sh_cmd *cmd)
{
    static const char *const tools[] = {"puppet", "ansible-playbook", "ansible", "chef-solo",
                                        "chef-client", "salt-call", "cinc-client", NULL};
    for (int i = 0; tools[i]; i++)
        if (pl_sh_is(cmd, tools[i]))
            return tools[i];
    const char *name = pl_sh_name(cmd);
    size_t n = strlen(name);
    if (n > 3 && !strcmp(name + n - 3, ".sh"))
        return cmd->argv[0].text;
    if (pl_sh_is(cmd, "sh") || pl_sh_is(cmd, "bash") || pl_sh_is(cmd, "ash")) {
        if (cmd->argc == 1 || (cmd->argc == 2 && cmd->argv[1].text[0] == '-' &&
                               strcmp(cmd->argv[1].text, "-c") != 0))
            return cmd->in_pipeline ? pl_arena_printf(a, "a script piped to %s", name) : NULL;
        if (cmd->argv[1].text[0] != '-')
            return cmd->argv[1].text;
    }
    /* a Python script (`python3 bootstrap.py`) may install anything */
    if (!strncmp(name, "python", 6) && cmd->argc > 1 && n > 0) {
        const char *arg = cmd->argv[1].text;
        size_t al = strlen(arg);
        if (al > 3 && !strcmp(arg + al - 3, ".py"))
            return arg;
    }
    if (cmd->in_pipeline && !strncmp(name, "python", 6) &&
        (cmd->argc == 1 || !strcmp(cmd->argv[cmd->argc - 1].text, "-")))
        return pl_arena_printf(a, "a script piped to %s", name);
    /* a program run by its path that the system does not ship: a file of
     * the build context or of a clone (`./tools/provision`,
     * `/root/zulip/scripts/setup/install`), whatever its name; the
     * interpreters and installers the rules judge stay judged */
    const char *path = cmd->argv[0].text;
    if (strchr(path, '/') && !pl_rt_system_program(path) && !pl_rt_is_python_program(name) &&
        !pl_rt_in_list("env node nodejs npm npx java true false", name))
        return path;
    return NULL;
}

/* `curl -sSL https://install.python-poetry.org | $PYTHON -`: the script
 * curl or wget downloads is read by a program only known at build time
 * (the shell reader lists no command for `$PYTHON -`): an installer whose
 * installs cannot be read. `text` is the RUN's script. */
static const char *downloaded_script(pl_arena *a, const char *text, const pl_sh_cmd *cmd)
{
    if (!text || strcmp(cmd->next_op, "|") || (!pl_sh_is(cmd, "curl") && !pl_sh_is(cmd, "wget")))
        return NULL;
    const pl_sh_word *last = &cmd->argv[cmd->argc - 1];
    const char *p = text + last->offset + last->len;
    p += strspn(p, " \t\\\n|");
    /* NAME=value assignments before the program */
    for (int guard = 0; guard < 16; guard++) {
        size_t name = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");
        if (!name || p[name] != '=')
            break;
        p += name + 1;
        p += strcspn(p, " \t\n");
        p += strspn(p, " \t\\\n");
    }
    if (*p != '$')
        return NULL;
    return pl_arena_printf(a, "a script %s downloads, piped to %.*s", pl_sh_name(cmd),
                           (int)strcspn(p, " \t\n;&|"), p);
}

/* Tools that install or build an interpreter in ways this rule cannot
 * read (a managed Python, conda, pyenv, a build from source). */
static int python_provisioner(const pl_sh_cmd *cmd)
{
    const char *n = pl_sh_name(cmd);
    if (pl_rt_in_list("conda mamba micromamba pyenv asdf mise rye pixi configure dpkg rpm", n))
        return 1;
    if (!strcmp(n, "make"))
        return pl_sh_has_arg(cmd, "install") || pl_sh_has_arg(cmd, "altinstall");
    /* uv fetches a managed Python for a venv, a sync or `uv python install` */
    return !strcmp(n, "uv") && cmd->argc > 1 &&
           pl_rt_in_list("python venv sync run tool", cmd->argv[1].text);
}

static const char *package_name(pl_arena *a, const char *spec)
{
    size_t n = strcspn(spec, "[=<>~!;@ ");
    return pl_req_canonical_name(a, pl_arena_strndup(a, spec, n));
}

/* Python package installs: pip/pipx/uv pip/uv tool installs name packages;
 * project and lock installs (poetry, pipenv, pdm, uv sync, -r files) may
 * install any console script. Returns 1 when a named package provides
 * `prog`; sets *maybe for an install whose packages cannot be listed. */
static int python_install_provides(pl_arena *a, const pl_sh_cmd *cmd, const char *prog,
                                   const char **maybe)
{
    const char *n = pl_sh_name(cmd);
    int from = pl_pip_install_at(cmd);
    int sync;
    if (from < 0 && (from = pl_uv_pip_at(cmd, &sync)) >= 0 && sync)
        from = -2;
    if (from < 0 && !strcmp(n, "uv") && cmd->argc > 2 && !strcmp(cmd->argv[1].text, "tool") &&
        !strcmp(cmd->argv[2].text, "install"))
        from = 2;
    if (from == -2 || (from < 0 && pl_rt_in_list("poetry pipenv pdm hatch", n) && cmd->argc > 1 &&
                       pl_rt_in_list("install sync add", cmd->argv[1].text)) ||
        (from < 0 && !strcmp(n, "uv") && cmd->argc > 1 && pl_rt_in_list("sync add", cmd->argv[1].text))) {
        *maybe = pl_arena_printf(a, "%s %s", n, cmd->argv[1].text);
        return 0;
    }
    if (from < 0)
        return 0;
    const char *want = pl_rt_console_script_package(prog);
    want = want ? want : !strcmp(prog, "uvx") ? "uv" : prog;
    for (int i = from + 1; i < cmd->argc; i++) {
        const char *t = cmd->argv[i].text;
        if (t[0] == '-') {
            if (!strcmp(t, "-r") || !strcmp(t, "--requirement") || !strcmp(t, "-e") ||
                !strncmp(t, "--requirement=", 14) || !strncmp(t, "-r", 2))
                *maybe = pl_arena_printf(a, "%s install %s", n, t);
            continue;
        }
        if (t[0] == '.' || t[0] == '/' || strchr(t, '$') || strstr(t, "://")) {
            *maybe = pl_arena_printf(a, "%s install %s", n, t);
            continue;
        }
        if (!strcmp(package_name(a, t), want))
            return 1;
    }
    return 0;
}

/* A RUN --mount from another stage or image whose target is `prog` (1) or
 * a folder that may hold it (-1); 0 otherwise. */
static int mount_provides(const pl_df_instr *ins, const char *prog)
{
    for (int i = 0; i < ins->nflags; i++) {
        const pl_df_flag *fl = &ins->flags[i];
        if (strcmp(fl->name, "mount") || !fl->value || !strstr(fl->value, "from="))
            continue;
        const char *t = strstr(fl->value, "target=");
        t = t ? t + 7 : (t = strstr(fl->value, "dst=")) ? t + 4 : NULL;
        if (!t)
            continue;
        size_t len = strcspn(t, ",");
        const char *slash = t + len;
        while (slash > t && slash[-1] != '/')
            slash--;
        if ((size_t)(t + len - slash) == strlen(prog) && !strncmp(slash, prog, strlen(prog)))
            return 1;
        return -1;
    }
    return 0;
}

/* A folder a COPY --from lands where programs live. */
static int install_dir(const char *dest)
{
    static const char *const dirs[] = {"/usr", "/opt", "/root", "/home", "/bin", "/sbin", "/lib",
                                       "/python", "/venv", "/.venv", "/tools", NULL};
    if (!strcmp(dest, "/"))
        return 1;
    for (int i = 0; dirs[i]; i++)
        if (pl_rt_path_under(dest, dirs[i]))
            return 1;
    return 0;
}

/* A source word that names a file rather than a folder. */
static int looks_like_file(const char *src)
{
    const char *b = pl_rt_basename(src);
    const char *dot = strrchr(b, '.');
    return dot && dot != b && dot[1] && !pl_rt_in_list("local venv", dot + 1);
}

int pl_rt_chain_provides(pl_arena *a, const pl_rt_facts *fx, const pl_stage **chain, int n,
                         const pl_df_instr *upto, int upto_cmd, const char *prog, pl_rt_found *out)
{
    int py = pl_rt_is_python_program(prog);
    /* programs a directory copied from another stage may bring */
    int deep = py || pl_rt_in_list("node nodejs npm npx", prog);
    for (int k = n - 1; k >= 0; k--) {
        const pl_stage *s = chain[k];
        for (int i = 0; i < s->ninstrs; i++) {
            const pl_df_instr *ins = s->instrs[i];
            if (upto && upto->index < ins->index)
                break;
            const pl_sh_script *sc = fx->run[ins->index];
            int ncmds = sc ? sc->ncmds : 0;
            if (upto == ins && upto_cmd >= 0 && upto_cmd < ncmds)
                ncmds = upto_cmd;
            for (int q = 0; q < ncmds; q++) {
                const pl_sh_cmd *cmd = &sc->cmds[q];
                const char *opaque = opaque_installer(a, cmd);
                if (!opaque)
                    opaque = downloaded_script(a, fx->script[ins->index], cmd);
                if (opaque && !out->maybe) {
                    out->maybe = 1;
                    out->how = pl_arena_printf(a, "RUN runs %s (line %d), which may install it",
                                               opaque, ins->span.line);
                }
                int np;
                const pl_sh_word **pk = pl_sh_installed_packages(a, cmd, &np);
                for (int p = 0; p < np; p++) {
                    if (package_provides(pk[p]->text, prog)) {
                        out->how = pl_arena_printf(a, "%s installs %s (line %d)", pl_sh_name(cmd),
                                                   pk[p]->text, ins->span.line);
                        return 1;
                    }
                    /* some distributions' python3 brings pip along (RHEL 8,
                     * older Alpine releases) */
                    if (!out->maybe && !strncmp(prog, "pip", 3) && strcmp(prog, "pipx") &&
                        strcmp(prog, "pipenv") && package_provides(pk[p]->text, "python3")) {
                        out->maybe = 1;
                        out->how = pl_arena_printf(a, "%s installs %s (line %d), which may bring pip",
                                                   pl_sh_name(cmd), pk[p]->text, ins->span.line);
                    }
                }
                /* a download or link straight to .../prog */
                for (int w = 1; w < cmd->argc; w++) {
                    const char *t = cmd->argv[w].text;
                    size_t tl = strlen(t), pl = strlen(prog);
                    if (tl > pl && t[tl - pl - 1] == '/' && !strcmp(t + tl - pl, prog)) {
                        out->how = pl_arena_printf(a, "RUN writes %s (line %d)", t, ins->span.line);
                        return 1;
                    }
                }
                if (!py) {
                    if (deep && !out->maybe && pl_rt_in_list("nvm n fnm volta asdf mise", pl_sh_name(cmd))) {
                        out->maybe = 1;
                        out->how = pl_arena_printf(a, "RUN runs %s (line %d), which may install it",
                                                   pl_sh_name(cmd), ins->span.line);
                    }
                    continue;
                }
                const char *maybe = NULL;
                if (!is_interpreter(prog) && python_install_provides(a, cmd, prog, &maybe)) {
                    out->how = pl_arena_printf(a, "%s installs it (line %d)", pl_sh_name(cmd),
                                               ins->span.line);
                    return 1;
                }
                if (!strncmp(prog, "pip", 3) && strcmp(prog, "pipx") && strcmp(prog, "pipenv") &&
                    (pl_sh_has_arg(cmd, "ensurepip") || strstr(fx->script[ins->index], "get-pip"))) {
                    out->how = pl_arena_printf(a, "RUN installs pip (line %d)", ins->span.line);
                    return 1;
                }
                if (!maybe && (is_interpreter(prog) || !strncmp(prog, "pip", 3)) &&
                    python_provisioner(cmd))
                    maybe = pl_sh_name(cmd);
                if (!maybe && !strncmp(prog, "pip", 3) &&
                    (pl_sh_has_arg(cmd, "venv") || pl_sh_is(cmd, "virtualenv")))
                    maybe = "a virtualenv";
                if (maybe && !out->maybe) {
                    out->maybe = 1;
                    out->how = pl_arena_printf(a, "RUN runs %s (line %d), which may install it",
                                               maybe, ins->span.line);
                }
            }
            if (deep && sc) {
                int mp = mount_provides(ins, prog);
                if (mp == 1) {
                    out->how = pl_arena_printf(a, "RUN mounts %s (line %d)", prog, ins->span.line);
                    return 1;
                }
                if (mp < 0 && !out->maybe) {
                    out->maybe = 1;
                    out->how = pl_arena_printf(a, "RUN --mount from another stage (line %d) may hold it",
                                               ins->span.line);
                }
            }
            if (py && ins->kind == PL_DF_ENV && !out->maybe && !is_interpreter(prog)) {
                for (int w = 0; w + 1 < ins->nargs; w += 3)
                    if (!strcmp(ins->args[w].text, "VIRTUAL_ENV") ||
                        (!strcmp(ins->args[w].text, "PATH") && has(ins->args[w + 1].text, "venv"))) {
                        out->maybe = 1;
                        out->how = pl_arena_printf(a, "ENV %s (line %d) puts a virtualenv on PATH, "
                                                      "which may hold it",
                                                   ins->args[w].text, ins->span.line);
                        break;
                    }
            }
            const pl_rt_copy *cp = fx->copy[ins->index];
            if (!cp)
                continue;
            for (int q = 0; q < cp->nsrcs; q++) {
                const char *landed = cp->dest_dir ? pl_rt_basename(cp->srcs[q]) : pl_rt_basename(cp->dest);
                if (!strcmp(landed, prog)) {
                    out->how = pl_arena_printf(a, "%s to %s (line %d)",
                                               ins->kind == PL_DF_ADD ? "ADD" : "COPY", cp->dest,
                                               ins->span.line);
                    return 1;
                }
            }
            const char *db = pl_rt_basename(cp->dest);
            if (!strcmp(db, "bin") || !strcmp(db, "sbin")) {
                out->maybe = 1;
                out->how = pl_arena_printf(a, "a directory copied to %s (line %d) may hold it",
                                           cp->dest, ins->span.line);
            }
            if (!deep || !cp->from || out->maybe)
                continue;
            for (int q = 0; q < cp->nsrcs; q++) {
                const char *src = cp->srcs[q];
                /* a console script or installer may sit in any directory
                 * a builder filled (`COPY --from=builder /app /app` with
                 * /app/.venv); an interpreter only in the usual places */
                if (looks_like_file(src) ||
                    (is_interpreter(prog) && !install_dir(cp->dest) && !install_dir(src)))
                    continue;
                /* a virtualenv holds a link to the interpreter it was made
                 * with, not the interpreter */
                if (is_interpreter(prog) && pl_rt_python_env_copy(a, fx->model, fx, cp, src))
                    continue;
                out->maybe = 1;
                out->how = pl_arena_printf(a, "COPY --from=%s %s (line %d) may hold it", cp->from,
                                           src, ins->span.line);
                break;
            }
        }
    }
    return 0;
}

/* ---- virtualenvs and site-packages ---------------------------------------------------- */

static int env_name(const char *b)
{
    return !strcmp(b, ".local") || !strcmp(b, "site-packages") || !strcmp(b, "dist-packages") ||
           has(b, "venv") || !strcmp(b, "virtualenv") || !strcmp(b, ".virtualenvs");
}

/* The source stage makes `src` a virtualenv: `python -m venv SRC`,
 * `virtualenv SRC`, `uv venv SRC`, or ENV VIRTUAL_ENV / UV_PROJECT_ENVIRONMENT. */
static int stage_makes_env(pl_arena *a, const pl_df_model *m, const pl_rt_facts *fx,
                           const pl_stage *st, const char *src)
{
    const pl_stage **chain;
    int n = pl_rt_chain(a, st, &chain);
    for (int k = 0; k < n; k++)
        for (int i = 0; i < chain[k]->ninstrs; i++) {
            const pl_df_instr *ins = chain[k]->instrs[i];
            if (ins->kind == PL_DF_ENV) {
                for (int w = 0; w + 1 < ins->nargs; w += 3)
                    if ((!strcmp(ins->args[w].text, "VIRTUAL_ENV") ||
                         !strcmp(ins->args[w].text, "UV_PROJECT_ENVIRONMENT")) &&
                        (ins->args[w + 1].text[0] == '/' || fx->workdir[ins->index]) &&
                        !strcmp(pl_rt_path_join(a, fx->workdir[ins->index], ins->args[w + 1].text), src))
                        return 1;
                continue;
            }
            const pl_sh_script *sc = fx->run[ins->index];
            for (int q = 0; sc && q < sc->ncmds; q++) {
                const pl_sh_cmd *cmd = &sc->cmds[q];
                int venv = pl_sh_is(cmd, "virtualenv") ||
                           (pl_sh_is(cmd, "uv") && cmd->argc > 1 && !strcmp(cmd->argv[1].text, "venv")) ||
                           pl_dfrun_find_arg(cmd, 1, "venv") > 0;
                for (int w = 1; venv && w < cmd->argc; w++) {
                    const char *t = cmd->argv[w].text;
                    if (t[0] != '-' && (t[0] == '/' || fx->workdir[ins->index]) &&
                        !strcmp(pl_rt_path_join(a, fx->workdir[ins->index], t), src))
                        return 1;
                }
            }
        }
    (void)m;
    return 0;
}

const char *pl_rt_python_env_copy(pl_arena *a, const pl_df_model *m, const pl_rt_facts *fx,
                                  const pl_rt_copy *cp, const char *src)
{
    if (!cp->from)
        return NULL;
    const char *clean = pl_rt_path_join(a, "/", src);
    const char *b = pl_rt_basename(clean);
    if (!strcmp(b, ".local") || strstr(clean, "/.local/lib"))
        return "user site";
    if (strstr(clean, "/site-packages") || strstr(clean, "/dist-packages"))
        return "site-packages";
    if (env_name(b))
        return "virtualenv";
    const pl_stage *st = m ? pl_model_stage_named(m, cp->from, cp->ins->index) : NULL;
    if (st && stage_makes_env(a, m, fx, st, clean))
        return "virtualenv";
    return NULL;
}

/* ---- the program a script runs ----------------------------------------------------------- */

const pl_sh_word *pl_rt_script_program(pl_arena *a, const char *text)
{
    pl_sh_script *sc = pl_sh_parse(a, text, strlen(text));
    for (int i = 0; i < sc->ncmds; i++) {
        const pl_sh_cmd *cmd = &sc->cmds[i];
        if (cmd->in_substitution)
            continue;
        int k = 0;
        while (k < cmd->argc) {
            const char *b = pl_rt_basename(cmd->argv[k].text);
            if (pl_rt_in_list("exec nice nohup command", b)) {
                k++;
            } else if (!strcmp(b, "env") || !strcmp(b, "timeout")) {
                int is_timeout = !strcmp(b, "timeout");
                k++;
                while (k < cmd->argc && (cmd->argv[k].text[0] == '-' || strchr(cmd->argv[k].text, '=')))
                    k++;
                if (is_timeout && k < cmd->argc)
                    k++; /* the duration */
            } else {
                break;
            }
            while (k < cmd->argc && cmd->argv[k].text[0] == '-')
                k++;
        }
        if (k >= cmd->argc)
            continue;
        if (pl_rt_is_builtin(pl_rt_basename(cmd->argv[k].text)))
            continue;
        return &cmd->argv[k];
    }
    return NULL;
}
