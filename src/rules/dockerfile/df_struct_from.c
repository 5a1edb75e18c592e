/* df_struct_from.c — where images come from and FROM --platform:
 * PL1206 registries outside `trusted-registries`, PL1207 FROM --platform
 * without a platform variable, PL1223 FROM --platform=$TARGETPLATFORM. */
#include <string.h>
#include <strings.h>

#include "dfutil.h"

/* ---- PL1206 trusted registries ------------------------------------------------ */

static int starts_with_ci(const char *s, const char *p)
{
    return strncasecmp(s, p, strlen(p)) == 0;
}

static int ends_with_ci(const char *s, const char *p)
{
    size_t n = strlen(s), k = strlen(p);
    return n >= k && strcasecmp(s + n - k, p) == 0;
}

/* hadolint's patterns (`*`, `*.suffix`, `prefix*`, exact registry), plus
 * entries with a path (`ghcr.io/acme`), which match that repository prefix. */
static int pattern_matches(const char *pat, const char *registry, const char *fullname)
{
    if (!strcmp(pat, "*"))
        return 1;
    const char *subject = strchr(pat, '/') ? fullname : registry;
    size_t n = strlen(pat);
    if (pat[0] == '*')
        return ends_with_ci(subject, pat + 1);
    if (n && pat[n - 1] == '*')
        return strncasecmp(subject, pat, n - 1) == 0;
    if (!strcasecmp(subject, pat))
        return 1;
    return strchr(pat, '/') && starts_with_ci(subject, pat) && subject[n] == '/';
}

static int is_docker_hub(const char *registry)
{
    return !registry || !strcasecmp(registry, "docker.io") || !strcasecmp(registry, "index.docker.io") ||
           !strcasecmp(registry, "registry-1.docker.io") ||
           !strcasecmp(registry, "registry.hub.docker.com");
}

static int trusted(const pl_strlist *list, pl_arena *a, const pl_image_ref *img)
{
    const char *repo = img->repository ? img->repository : "";
    int hub = is_docker_hub(img->registry);
    for (int i = 0; i < list->n; i++) {
        const char *pat = list->items[i];
        if (hub) {
            const char *full = pl_arena_printf(a, "docker.io/%s%s", strchr(repo, '/') ? "" : "library/",
                                               repo);
            if (pattern_matches(pat, "docker.io", full) || pattern_matches(pat, "hub.docker.com", full))
                return 1;
            if (img->registry && pattern_matches(pat, img->registry, full))
                return 1;
        } else {
            const char *full = pl_arena_printf(a, "%s/%s", img->registry, repo);
            if (pattern_matches(pat, img->registry, full))
                return 1;
        }
    }
    return 0;
}

/* 1 trusted, 0 not, -1 the registry is not known (a variable). */
static int judge_image(pl_check *c, const pl_strlist *list, const char *ref, pl_image_ref *img)
{
    pl_image_parse(pl_check_arena(c), ref, img);
    if (img->registry && strchr(img->registry, '$'))
        return -1;
    if (!img->registry && img->repository) {
        size_t first = strcspn(img->repository, "/");
        if (memchr(img->repository, '$', first))
            return -1;
    }
    if (!img->registry && !strcasecmp(ref, "scratch"))
        return 1;
    return trusted(list, pl_check_arena(c), img);
}

static const char *registry_name(const pl_image_ref *img)
{
    return img->registry ? img->registry : "docker.io";
}

static const char *list_text(pl_arena *a, const pl_strlist *l)
{
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    for (int i = 0; i < l->n; i++) {
        if (i)
            pl_sb_puts(&sb, ", ");
        pl_sb_puts(&sb, l->items[i]);
    }
    return pl_sb_str(&sb);
}

/* The value of `key` in a --mount flag's comma-separated fields; NULL. */
static const char *mount_field(pl_arena *a, const char *v, const char *key)
{
    size_t k = strlen(key);
    for (const char *p = v; p && *p;) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n > k && !strncmp(p, key, k) && p[k] == '=')
            return pl_arena_strndup(a, p + k + 1, n - k - 1);
        p = e ? e + 1 : NULL;
    }
    return NULL;
}

void pl_check_registry_untrusted(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    const pl_config *cfg = pl_check_config(c);
    if (!cfg || cfg->trusted_registries.n == 0) {
        pl_skip(c, "no trusted-registries configured");
        return;
    }
    const pl_strlist *list = &cfg->trusted_registries;
    pl_arena *a = pl_check_arena(c);
    const char *allowed = list_text(a, list);
    int n = 0;
    pl_image_ref img;
    for (int i = 0; i < m->df->ninstrs; i++) {
        const pl_df_instr *ins = m->df->instrs[i];
        const pl_stage *cur = m->stage_of[i];
        if (ins->kind == PL_DF_FROM && cur && cur->from == ins && ins->nargs) {
            if (cur->parent || cur->is_scratch)
                continue;
            n++;
            if (judge_image(c, list, cur->base, &img) == 0)
                pl_fail(c, ins->args[0].span, NULL,
                        "FROM %s comes from registry %s, which is not trusted (trusted: %s)",
                        cur->base, registry_name(&img), allowed);
        } else if (ins->kind == PL_DF_COPY && cur) {
            const pl_df_flag *fl = pl_df_flag_get(ins, "from");
            if (!fl || !fl->value || strchr(fl->value, '$') ||
                pl_model_stage_named(m, fl->value, m->nstages))
                continue;
            n++;
            if (judge_image(c, list, fl->value, &img) == 0)
                pl_fail(c, fl->span, NULL,
                        "COPY --from=%s copies from registry %s, which is not trusted (trusted: %s)",
                        fl->value, registry_name(&img), allowed);
        } else if (ins->kind == PL_DF_RUN && cur) {
            for (int k = 0; k < ins->nflags; k++) {
                const pl_df_flag *fl = &ins->flags[k];
                if (strcmp(fl->name, "mount") || !fl->value)
                    continue;
                const char *from = mount_field(a, fl->value, "from");
                if (!from || !*from)
                    continue;
                if (pl_model_expand(a, m, ins, from, &from) != PL_EXPAND_OK ||
                    pl_model_stage_named(m, from, m->nstages))
                    continue;
                n++;
                if (judge_image(c, list, from, &img) == 0)
                    pl_fail(c, fl->span, NULL,
                            "RUN --mount from=%s mounts an image from registry %s, which is not "
                            "trusted (trusted: %s)",
                            from, registry_name(&img), allowed);
            }
        }
    }
    if (!n)
        pl_skip(c, "no image from a registry (only stages and scratch)");
    else
        pl_pass(c, (pl_span){0}, "%d image reference%s, all from trusted registries (%s)", n,
                n == 1 ? "" : "s", allowed);
}

/* ---- PL1207 / PL1223 FROM --platform -------------------------------------------- */

/* One rule for hadolint's DL3029 and BuildKit's FromPlatformFlagConstDisallowed
 * (the same FROM line): hadolint's reading flags any --platform that names
 * neither BUILDPLATFORM nor TARGETPLATFORM; otherwise only a constant value
 * is flagged, unless the stage name says the platform (build_amd64). */
void pl_check_from_platform_flag(pl_check *c, const pl_file *f)
{
    if (pl_check_reading(c) != PL_READING_HADOLINT) {
        pl_df_from_platform_constant(c, f);
        return;
    }
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    int n = 0;
    for (int s = 0; s < m->nstages; s++) {
        const pl_df_flag *fl = pl_df_flag_get(m->stages[s]->from, "platform");
        if (!fl)
            continue;
        n++;
        const char *v = fl->value ? fl->value : "";
        if (!strstr(v, "BUILDPLATFORM") && !strstr(v, "TARGETPLATFORM"))
            pl_fail(c, fl->span, NULL,
                    strchr(v, '$') ? "FROM --platform=%s uses neither $BUILDPLATFORM nor "
                                     "$TARGETPLATFORM"
                                   : "FROM --platform=%s pins the stage to one platform",
                    v);
    }
    if (!n)
        pl_skip(c, "no FROM --platform");
    else
        pl_pass(c, (pl_span){0}, "%d FROM --platform, each using BUILDPLATFORM or TARGETPLATFORM",
                n);
}

/* A value no real platform has: it marks "this came from $TARGETPLATFORM". */
#define TARGET_SENTINEL "\x01" "targetplatform" "\x01"

typedef struct {
    const pl_var *globals;
    int target_refs, other_refs;
} platform_refs;

static pl_var_state platform_lookup(void *ud, const char *name, size_t len, const char **value)
{
    platform_refs *r = ud;
    if (len == 14 && !strncmp(name, "TARGETPLATFORM", 14)) {
        *value = TARGET_SENTINEL;
        return PL_VAR_KNOWN;
    }
    return pl_scope_lookup(r->globals, name, len, value);
}

static void platform_ref(void *ud, const char *name, size_t len, pl_var_state st)
{
    platform_refs *r = ud;
    if (len == 14 && !strncmp(name, "TARGETPLATFORM", 14))
        r->target_refs++;
    else
        r->other_refs++;
}

void pl_check_from_platform_redundant(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    int n = 0;
    for (int s = 0; s < m->nstages; s++) {
        const pl_df_flag *fl = pl_df_flag_get(m->stages[s]->from, "platform");
        if (!fl || !fl->value)
            continue;
        n++;
        platform_refs refs = {m->global_scope, 0, 0};
        pl_expander ex = {platform_lookup, platform_ref, &refs, m->df->escape};
        const char *out = NULL;
        if (pl_expand_word(pl_check_arena(c), &ex, fl->value, &out, NULL) == PL_EXPAND_OK &&
            refs.target_refs && !refs.other_refs && !strcmp(out, TARGET_SENTINEL))
            pl_fail(c, fl->span, NULL,
                    "Setting platform to predefined %s in FROM is redundant as this is the "
                    "default behavior",
                    fl->value);
    }
    if (!n)
        pl_skip(c, "no FROM --platform");
    else
        pl_pass(c, (pl_span){0}, "no FROM --platform repeats the default $TARGETPLATFORM");
}
