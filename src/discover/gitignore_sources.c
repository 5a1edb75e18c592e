/* gitignore_sources.c — where a repository's ignore rules come from
 * besides its .gitignore files (see gitignore.h): info/exclude in the
 * common git directory, and core.excludesFile and core.ignoreCase as the
 * config files say them, read in git's order (system, then global, then
 * the repository's; the last value wins). Only the [core] section is
 * read; a file git would reject yields what was read before the fault.
 * Includes are not followed ([include] and [includeIf] sections are
 * skipped like any other section; see gitignore.h). */
#include "plimsoll/gitignore.h"

#include <ctype.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { CONFIG_FILE_MAX = 1 << 20, VALUE_MAX = sizeof(((pl_gitignore_core *)0)->excludes_file) };

typedef pl_gitignore_core core_keys;

static int is_key_char(int c) { return isalnum(c) || c == '-'; }

/* A value after '=' (or after the key when there is none), git's way:
 * whitespace around it dropped, quotes joined, escapes read, a comment cut,
 * a '\' at the end of a line continuing it. Returns the position after
 * it, or NULL when the file is malformed there. */
static const char *parse_value(const char *p, const char *end, char *out, size_t cap)
{
    size_t n = 0, kept = 0; /* kept: length without trailing unquoted spaces */
    int quoted = 0;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    for (; p < end; p++) {
        char c = *p;
        if (c == '\n' && !quoted)
            break;
        if (c == '\n')
            return NULL; /* a quote left open */
        if (!quoted && (c == '#' || c == ';')) {
            while (p < end && *p != '\n')
                p++;
            break;
        }
        if (c == '"') {
            quoted = !quoted;
            kept = n;
            continue;
        }
        if (c == '\\') {
            if (++p >= end)
                return NULL;
            c = *p;
            if (c == '\n')
                continue;
            if (c == 'n')
                c = '\n';
            else if (c == 't')
                c = '\t';
            else if (c == 'b')
                c = '\b';
            else if (c != '\\' && c != '"')
                return NULL;
            if (n + 1 >= cap)
                return NULL;
            out[n++] = c;
            kept = n;
            continue;
        }
        if (c == '\r' && p + 1 < end && p[1] == '\n')
            continue;
        if (n + 1 >= cap)
            return NULL;
        out[n++] = c;
        if (quoted || (c != ' ' && c != '\t'))
            kept = n;
    }
    if (quoted)
        return NULL;
    out[kept] = '\0';
    return p;
}

static int parse_bool(const char *v, int *out)
{
    if (!strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcasecmp(v, "on"))
        *out = 1;
    else if (!*v || !strcasecmp(v, "false") || !strcasecmp(v, "no") || !strcasecmp(v, "off"))
        *out = 0;
    else {
        char *e;
        long n = strtol(v, &e, 10);
        if (e == v || *e)
            return -1;
        *out = n != 0;
    }
    return 0;
}

void pl_gitignore_read_core(const char *text, size_t len, core_keys *k)
{
    const char *p = text, *end = text + len;
    int in_core = 0;
    char value[VALUE_MAX];
    while (p < end) {
        while (p < end && isspace((unsigned char)*p))
            p++;
        if (p >= end)
            break;
        if (*p == '#' || *p == ';') {
            while (p < end && *p != '\n')
                p++;
            continue;
        }
        if (*p == '[') {
            const char *q = ++p;
            while (q < end && (is_key_char((unsigned char)*q) || *q == '.'))
                q++;
            /* "[core]" only: a subsection ("[core \"x\"]", "[core.x]") is another section */
            in_core = q - p == 4 && !strncasecmp(p, "core", 4) && q < end && *q == ']';
            while (q < end && *q != ']' && *q != '\n')
                q++;
            if (q >= end || *q != ']')
                return;
            p = q + 1;
            continue;
        }
        if (!isalpha((unsigned char)*p))
            return;
        const char *key = p;
        while (p < end && is_key_char((unsigned char)*p))
            p++;
        size_t key_len = (size_t)(p - key);
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        int has_value = p < end && *p == '=';
        if (has_value) {
            p = parse_value(p + 1, end, value, sizeof value);
            if (!p)
                return;
        } else if (p < end && *p != '\n' && *p != '#' && *p != ';' && *p != '\r') {
            return;
        } else {
            while (p < end && *p != '\n')
                p++;
        }
        if (!in_core)
            continue;
        if (key_len == 12 && !strncasecmp(key, "excludesfile", 12) && has_value) {
            memcpy(k->excludes_file, value, strlen(value) + 1);
            k->has_excludes_file = 1;
        } else if (key_len == 10 && !strncasecmp(key, "ignorecase", 10)) {
            int b;
            if (!has_value)
                k->ignore_case = 1;
            else if (parse_bool(value, &b) == 0)
                k->ignore_case = b;
        }
    }
}

static void read_config_file(const char *path, core_keys *k)
{
    if (!path || !*path)
        return;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return;
    char *text = malloc(CONFIG_FILE_MAX);
    size_t len = text ? fread(text, 1, CONFIG_FILE_MAX, fp) : 0;
    if (text && len < CONFIG_FILE_MAX) /* a bigger config is not read */
        pl_gitignore_read_core(text, len, k);
    free(text);
    fclose(fp);
}

/* git's path expansion of a config value: "~/" and "~user/"; a relative
 * path is taken from the top of the work tree, where git runs. */
static const char *expand_path(pl_arena *a, const char *v, const char *workdir)
{
    if (!*v || !strncmp(v, "%(prefix)/", 10))
        return NULL;
    if (v[0] == '~') {
        const char *rest = strchr(v, '/');
        size_t ulen = rest ? (size_t)(rest - v - 1) : strlen(v + 1);
        const char *home = NULL;
        if (ulen == 0) {
            home = getenv("HOME");
        } else {
            char user[256];
            if (ulen >= sizeof user)
                return NULL;
            memcpy(user, v + 1, ulen);
            user[ulen] = '\0';
            struct passwd *pw = getpwnam(user);
            home = pw ? pw->pw_dir : NULL;
        }
        if (!home)
            return NULL;
        return pl_arena_printf(a, "%s%s", home, rest ? rest : "");
    }
    if (v[0] == '/')
        return pl_arena_strdup(a, v);
    return pl_arena_printf(a, "%s/%s", workdir, v);
}

static int env_true(const char *name)
{
    const char *v = getenv(name);
    int b;
    return v && parse_bool(v, &b) == 0 && b;
}

const char *pl_gitignore_default_excludes(pl_arena *a)
{
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    if (xdg && *xdg)
        return pl_arena_printf(a, "%s/git/ignore", xdg);
    return home ? pl_arena_printf(a, "%s/.config/git/ignore", home) : NULL;
}

void pl_gitignore_sources_read(pl_arena *a, const char *workdir, const char *commondir,
                               pl_gitignore_sources *out)
{
    memset(out, 0, sizeof *out);
    out->workdir = workdir;
    core_keys *k = calloc(1, sizeof *k);
    if (!k)
        return;
    const char *home = getenv("HOME");
    const char *xdg = getenv("XDG_CONFIG_HOME");
    char path[PATH_MAX];
    if (!env_true("GIT_CONFIG_NOSYSTEM")) {
        const char *sys = getenv("GIT_CONFIG_SYSTEM");
        read_config_file(sys ? sys : "/etc/gitconfig", k);
    }
    const char *global = getenv("GIT_CONFIG_GLOBAL");
    if (global) {
        read_config_file(global, k);
    } else {
        if (xdg && *xdg ? snprintf(path, sizeof path, "%s/git/config", xdg) < (int)sizeof path
                        : home && snprintf(path, sizeof path, "%s/.config/git/config", home) <
                                      (int)sizeof path)
            read_config_file(path, k);
        if (home && snprintf(path, sizeof path, "%s/.gitconfig", home) < (int)sizeof path)
            read_config_file(path, k);
    }
    if (commondir && snprintf(path, sizeof path, "%s/config", commondir) < (int)sizeof path)
        read_config_file(path, k);

    out->ignore_case = k->ignore_case;
    out->excludes_file = k->has_excludes_file ? expand_path(a, k->excludes_file, workdir)
                                              : pl_gitignore_default_excludes(a);
    if (commondir)
        out->info_exclude = pl_arena_printf(a, "%s/info/exclude", commondir);
    free(k);
}
