/* env.c — the variables interpolation reads: the process environment, then
 * env files (the process wins, as compose's WithDotEnv merges).
 *
 * PLACEHOLDER: pl_cenv_read_file reads only the simple dotenv forms
 * (NAME=value, `export`, matching quotes, a ` #` comment after an unquoted
 * value). It is replaced by the dotenv reader (envfile.h) when that lands;
 * until then multi-line double-quoted values and escapes are not read as
 * compose reads them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose_load.h"

void pl_cenv_set(pl_arena *a, pl_cenv *e, const char *name, size_t nlen, const char *value,
                 int keep_existing)
{
    for (int i = 0; i < e->n; i++) {
        if (strlen(e->names[i]) == nlen && !memcmp(e->names[i], name, nlen)) {
            if (!keep_existing)
                e->values[i] = pl_arena_strdup(a, value);
            return;
        }
    }
    if (e->n == e->cap) {
        int cap = e->cap ? e->cap * 2 : 32;
        const char **nn = PL_NEW_N(a, const char *, cap), **nv = PL_NEW_N(a, const char *, cap);
        if (e->n) {
            memcpy(nn, e->names, sizeof *nn * (size_t)e->n);
            memcpy(nv, e->values, sizeof *nv * (size_t)e->n);
        }
        e->names = nn;
        e->values = nv;
        e->cap = cap;
    }
    e->names[e->n] = pl_arena_strndup(a, name, nlen);
    e->values[e->n] = pl_arena_strdup(a, value);
    e->n++;
}

const char *pl_cenv_get(const pl_cenv *e, const char *name, size_t nlen)
{
    if (!e)
        return NULL;
    for (int i = 0; i < e->n; i++)
        if (strlen(e->names[i]) == nlen && !memcmp(e->names[i], name, nlen))
            return e->values[i];
    return NULL;
}

typedef struct {
    const pl_cenv *first, *second;
} two_envs;

static int lookup_two(void *ud, const char *name, size_t nlen, const char **value)
{
    const two_envs *t = ud;
    const char *v = pl_cenv_get(t->first, name, nlen);
    if (!v)
        v = pl_cenv_get(t->second, name, nlen);
    if (!v)
        return 0;
    *value = v;
    return 1;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

int pl_cenv_read_file(pl_cload *l, pl_cenv *e, const char *path, const pl_cenv *lookup,
                      int keep_existing)
{
    if (!pl_cload_is_file(path))
        return -1;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return -1;
    pl_cenv parsed = {0};
    char line[8192];
    while (fgets(line, sizeof line, fp)) {
        char *s = line;
        size_t n = strlen(s);
        while (n && (s[n - 1] == '\n' || is_space(s[n - 1])))
            s[--n] = '\0';
        while (is_space(*s))
            s++;
        if (!*s || *s == '#')
            continue;
        if (!strncmp(s, "export ", 7))
            for (s += 7; is_space(*s);)
                s++;
        char *eq = strchr(s, '=');
        if (!eq)
            continue;
        char *name_end = eq;
        while (name_end > s && is_space(name_end[-1]))
            name_end--;
        char *v = eq + 1;
        while (is_space(*v))
            v++;
        size_t vlen = strlen(v);
        int expand = 1;
        if (vlen >= 2 && (v[0] == '\'' || v[0] == '"') && v[vlen - 1] == v[0]) {
            expand = v[0] == '"';
            v[vlen - 1] = '\0';
            v++;
        } else {
            char *hash = strstr(v, " #");
            if (hash)
                *hash = '\0';
            for (size_t k = strlen(v); k && is_space(v[k - 1]);)
                v[--k] = '\0';
        }
        const char *value = v;
        if (expand) {
            two_envs t = {lookup, &parsed};
            pl_interp_env ie = {lookup_two, &t};
            pl_interp_substitute(l->a, v, strlen(v), &ie, &value, NULL, NULL);
        }
        pl_cenv_set(l->a, &parsed, s, (size_t)(name_end - s), value, 0);
    }
    fclose(fp);
    for (int i = 0; i < parsed.n; i++)
        pl_cenv_set(l->a, e, parsed.names[i], strlen(parsed.names[i]), parsed.values[i], keep_existing);
    return 0;
}
