/* card_vars.c — the Variables line of a service card (card_internal.h):
 * read from the compose file, the project's `.env` and its example file,
 * never from the environment plimsoll runs in. */
#include <string.h>
#include <strings.h>

#include "card_internal.h"
#include "plimsoll/envfile.h"
#include "plimsoll/interp.h"

/* ---- variables ---------------------------------------------------------------------------------- */

typedef struct {
    const char *name;
    const pl_ynode *at;
} var_use;

/* Variables the service's values need without a default, each once. */
static void collect_vars(pl_arena *a, const pl_ynode *n, int depth, pl_vec *out, int *any)
{
    if (!n || depth > 64)
        return;
    if (n->kind == PL_YAML_SCALAR) {
        /* the text as written: compose may have interpolated `str` */
        const char *text = n->raw ? n->raw : n->str;
        size_t len = n->raw ? strlen(n->raw) : n->len;
        if (!text || !memchr(text, '$', len))
            return;
        pl_interp_ref *r;
        pl_interp_refs(a, text, len, &r);
        for (; r; r = r->next) {
            *any = 1;
            if (r->depth || !pl_interp_ref_needs_value(r))
                continue;
            int seen = 0;
            for (size_t i = 0; i < out->len && !seen; i++)
                seen = !strcmp(((var_use *)out->items[i])->name, r->name);
            if (seen || out->len >= 64)
                continue;
            var_use *v = PL_NEW(a, var_use);
            v->name = r->name;
            v->at = n;
            pl_vec_push(a, out, v);
        }
        return;
    }
    for (int i = 0; n->kind == PL_YAML_SEQ && i < n->nitems; i++)
        collect_vars(a, n->items[i], depth + 1, out, any);
    for (int i = 0; n->kind == PL_YAML_MAP && i < n->npairs; i++)
        collect_vars(a, n->pairs[i].value, depth + 1, out, any);
}

static pl_envfile *read_env(pl_arena *a, const char *path)
{
    size_t len;
    char *text = pl_svc_read(a, path, &len);
    return text ? pl_envfile_parse(a, path, text, len, NULL) : NULL;
}

/* The first env_file entry that is required and missing, or NULL. */
static const pl_ynode *missing_env_file(card_ctx *k, const char **path, int *count)
{
    const pl_ynode *ef = pl_yaml_get(k->s->node, "env_file");
    *count = 0;
    if (!ef)
        return NULL;
    int n = ef->kind == PL_YAML_SEQ ? ef->nitems : 1;
    for (int i = 0; i < n; i++) {
        const pl_ynode *e = ef->kind == PL_YAML_SEQ ? ef->items[i] : ef;
        const pl_ynode *pn = e->kind == PL_YAML_MAP ? pl_yaml_get(e, "path") : e;
        const char *p = pl_svc_scalar(pn);
        if (!p || pl_svc_dynamic(p))
            continue;
        (*count)++;
        const pl_ynode *req = e->kind == PL_YAML_MAP ? pl_yaml_get(e, "required") : NULL;
        const char *req_s = pl_svc_scalar(req);
        if (req_s && !strcasecmp(req_s, "false"))
            continue;
        const char *full = pl_svc_path(k->a, k->s, p);
        if (full && !pl_svc_is_file(full) && !pl_svc_paths_unknown(k->a, k->s) &&
            !pl_svc_found_from_base(k->a, k->ws, k->s, ".", p)) {
            *path = full;
            return pn;
        }
    }
    return NULL;
}

void pl_card_variables(card_ctx *k)
{
    const char *missing;
    int nenv;
    const pl_ynode *mn = missing_env_file(k, &missing, &nenv);
    if (mn) {
        pl_card_put(k, PL_CARD_VARIABLES, PL_STATUS_FAIL, "env_file %s does not exist (%s)", missing, pl_card_at(k, mn));
        return;
    }
    pl_vec vars = {0};
    int any = 0;
    collect_vars(k->a, k->s->node, 0, &vars, &any);
    const char *envs = nenv ? pl_arena_printf(k->a, "; env_file: %d file%s, each present or "
                                                    "optional",
                                              nenv, nenv == 1 ? "" : "s")
                            : "";
    if (!vars.len) {
        pl_card_put(k, PL_CARD_VARIABLES, any ? PL_STATUS_PASS : PL_STATUS_SKIP, "%s%s",
            any ? "every variable it uses has a default" : "interpolates no variable", envs);
        return;
    }
    const char *dotenv_path = pl_svc_path(k->a, k->s, ".env");
    pl_envfile *dotenv = read_env(k->a, dotenv_path);
    static const char *const examples[] = {".env.example", ".env.sample", ".env.template",
                                           ".env.dist", NULL};
    pl_envfile *example = NULL;
    const char *example_path = NULL;
    for (int i = 0; examples[i] && !example; i++) {
        example_path = pl_svc_path(k->a, k->s, examples[i]);
        example = read_env(k->a, example_path);
    }
    const char *set = "", *listed = "";
    for (size_t i = 0; i < vars.len; i++) {
        const var_use *v = vars.items[i];
        if (dotenv && pl_envfile_get(dotenv, v->name)) {
            set = pl_arena_printf(k->a, "%s%s%s", set, *set ? ", " : "", v->name);
            continue;
        }
        const pl_env_entry *e = example ? pl_envfile_get(example, v->name) : NULL;
        if (e) {
            listed = pl_arena_printf(k->a, "%s%s%s (%s:%d)", listed, *listed ? ", " : "", v->name,
                                     example_path, e->line);
            continue;
        }
        pl_card_put(k, PL_CARD_VARIABLES, PL_STATUS_FAIL,
            "needs %s without a default (%s), and neither %s nor an example file lists it", v->name,
            pl_card_at(k, v->at), dotenv_path);
        return;
    }
    const char *parts = "";
    if (*set)
        parts = pl_arena_printf(k->a, "%s set in %s", set, dotenv_path);
    if (*listed)
        parts = pl_arena_printf(k->a, "%s%s%s listed in the example (to set in %s or the "
                                      "environment)",
                                parts, *parts ? "; " : "", listed, dotenv_path);
    pl_card_put(k, PL_CARD_VARIABLES, PL_STATUS_PASS, "needs %s%s", parts, envs);
}
