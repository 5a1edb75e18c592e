/* env.c — the variables interpolation reads: the process environment, then
 * env files read with compose's dotenv rules (envfile.h); the process wins,
 * as compose's WithDotEnv merges, and in one file a later key wins. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose_load.h"
#include "plimsoll/envfile.h"

static const char *local_get(const pl_cenv *e, const char *name, size_t nlen, int *at)
{
    for (int i = 0; i < e->n; i++)
        if (strlen(e->names[i]) == nlen && !memcmp(e->names[i], name, nlen)) {
            *at = i;
            return e->values[i];
        }
    return NULL;
}

/* The process environment's value of `name`: its last entry, as a copy of
 * it into a table where a later key wins would hold. */
static const char *environ_get(const char *const *environ, const char *name, size_t nlen)
{
    const char *v = NULL;
    for (const char *const *p = environ; p && *p; p++)
        if (!strncmp(*p, name, nlen) && (*p)[nlen] == '=' && nlen > 0)
            v = *p + nlen + 1;
    return v;
}

void pl_cenv_set(pl_arena *a, pl_cenv *e, const char *name, size_t nlen, const char *value,
                 int keep_existing)
{
    int at;
    if (local_get(e, name, nlen, &at)) {
        if (!keep_existing)
            e->values[at] = pl_arena_strdup(a, value);
        return;
    }
    if (keep_existing && pl_cenv_get(e, name, nlen))
        return;
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
    for (; e; e = e->parent) {
        int at;
        const char *v = local_get(e, name, nlen, &at);
        if (v)
            return v;
        if (e->environ && (v = environ_get(e->environ, name, nlen)))
            return v;
    }
    return NULL;
}

static int lookup_env(void *ud, const char *name, size_t nlen, const char **value)
{
    const char *v = pl_cenv_get((const pl_cenv *)ud, name, nlen);
    if (!v)
        return 0;
    *value = v;
    return 1;
}

int pl_cenv_read_file(pl_cload *l, pl_cenv *e, const char *path, const pl_cenv *lookup,
                      int keep_existing)
{
    if (!pl_cload_is_file(path))
        return -1;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return -1;
    pl_strbuf sb;
    pl_sb_init(&sb, l->a);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0 && sb.len < (64u << 20))
        pl_sb_append(&sb, buf, n);
    fclose(fp);
    /* the file's own syntax problems are the env file rules' to report */
    pl_interp_env ie = {lookup_env, (void *)lookup};
    pl_envfile *f = pl_envfile_parse(l->a, path, pl_sb_str(&sb), sb.len, &ie);
    pl_cenv parsed = {0};
    for (const pl_env_entry *en = f->entries; en; en = en->next)
        if (en->value)
            pl_cenv_set(l->a, &parsed, en->name, strlen(en->name), en->value, 0);
    for (int i = 0; i < parsed.n; i++)
        pl_cenv_set(l->a, e, parsed.names[i], strlen(parsed.names[i]), parsed.values[i], keep_existing);
    return 0;
}
