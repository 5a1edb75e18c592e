/* df_image.c — base images: PL1006 tag missing, PL1007 latest, PL1008
 * digest, PL1005 development image in the final stage. */
#include <string.h>

#include "df_image_role.h"
#include "dfutil.h"
#include "plimsoll/own_image.h"
#include "plimsoll/unit.h"

/* External images only: not scratch, not an earlier stage, known value. */
static int external(const pl_stage *s) { return s->from->nargs && !s->is_scratch && !s->parent; }

typedef enum { TAG_MISSING, TAG_LATEST, DIGEST } image_check;

static void check_images(pl_check *c, const pl_file *f, image_check what)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    int checked = 0, unknown = 0, local = 0;
    const pl_unit_spec *local_build = NULL;
    const char *local_base = NULL;
    int local_named = 0;
    int own = 0;
    const char *own_base = NULL;
    /* hadolint judges the text alone; plimsoll knows which images the
     * repository builds itself (they are tagged here, not pulled) */
    const pl_workspace *ws = pl_check_reading(c) == PL_READING_HADOLINT ? NULL : pl_check_workspace(c);
    /* a dev container or an example may follow its base's newest release */
    pl_ship_gate gate;
    pl_ship_gate_init(&gate, c, f, m, 1);
    for (int i = 0; i < m->nstages; i++) {
        const pl_stage *s = m->stages[i];
        if (!external(s))
            continue;
        const pl_unit_spec *built = ws ? pl_units_tagging(ws, &s->image) : NULL;
        /* a build that gives a named context of that name (a bake
         * target's `contexts`) replaces the image with it */
        const pl_unit_spec *named = NULL;
        if (!built && ws && s->base && !strpbrk(s->base, ":/@") &&
            pl_file_named_context(f, s->base, &named))
            built = named;
        if (built) {
            if (!local++) {
                local_build = built;
                local_base = s->base;
                local_named = named != NULL;
            }
            continue;
        }
        if (s->base_unknown && (what == DIGEST ? !s->image.digest : !s->image.tag)) {
            unknown++;
            continue;
        }
        if (!s->base || !*s->base || (s->image.error && !s->image.repository)) {
            unknown++;
            continue;
        }
        int bad = what == TAG_MISSING  ? !s->image.tag && !s->image.digest
                  : what == TAG_LATEST ? s->image.tag && !strcmp(s->image.tag, "latest") && !s->image.digest
                                       : !s->image.digest;
        if (bad && what != DIGEST && pl_ship_gate_skips(&gate, s->from))
            continue;
        /* the default reading leaves to the project its own image's
         * channel (prometheus' quay.io/prometheus/busybox:latest) and a
         * `latest` a build argument's default writes, which a build
         * replaces (`ARG KONG_BASE=kong:latest`, "defaults to kong:latest");
         * a default with no tag at all is still judged */
        if (bad && what != DIGEST && pl_check_reading(c) == PL_READING_DEFAULT &&
            (pl_image_is_projects_own(pl_check_workspace(c), s->base) ||
             (what == TAG_LATEST && pl_model_uses_arg_default(m, s->from, s->from->args[0].text)))) {
            if (!own++)
                own_base = s->base;
            continue;
        }
        checked++;
        pl_span at = s->from->args[0].span;
        switch (what) {
        case TAG_MISSING:
            if (!s->image.tag && !s->image.digest)
                pl_fail(c, at, NULL, "FROM %s has no tag", s->base);
            break;
        case TAG_LATEST:
            if (s->image.tag && !strcmp(s->image.tag, "latest") && !s->image.digest)
                pl_fail(c, at, NULL, "FROM %s uses the latest tag", s->base);
            break;
        case DIGEST:
            if (!s->image.digest)
                pl_fail(c, at, NULL, "FROM %s is not pinned by digest", s->base);
            break;
        }
    }
    if (checked)
        pl_pass(c, (pl_span){0}, "%d of %d external FROM line%s checked%s", checked,
                checked + unknown + local, checked + unknown + local == 1 ? "" : "s",
                local ? pl_arena_printf(pl_check_arena(c), " (%d an image this repository builds)",
                                        local)
                      : "");
    else if (local && !unknown)
        pl_skip(c, "FROM %s names %s (%s:%d%s%s)", local_base,
                local_named ? "a named build context its build gives"
                            : "an image this repository builds and tags itself",
                local_build->origin_file ? local_build->origin_file : "a build",
                local_build->origin_span.line, local_build->origin_label ? ", " : "",
                local_build->origin_label ? local_build->origin_label : "");
    else if (unknown)
        pl_skip(c, "base images are only known at build time");
    else if (own)
        pl_skip(c, "FROM %s is the project's own image, or the default of a build argument a "
                   "build may replace: its tag is the project's choice", own_base);
    else if (gate.nskipped)
        pl_skip(c, "%s", pl_ship_gate_none(&gate, ""));
    else
        pl_skip(c, "no external base image (scratch or earlier stages only)");
}

void pl_check_image_tag_missing(pl_check *c, const pl_file *f) { check_images(c, f, TAG_MISSING); }
void pl_check_image_tag_latest(pl_check *c, const pl_file *f) { check_images(c, f, TAG_LATEST); }
void pl_check_image_digest_missing(pl_check *c, const pl_file *f) { check_images(c, f, DIGEST); }

/* -devel, -sdk, -dev as a tag word, or an image named sdk (dotnet/sdk). */
static const char *devel_marker(pl_arena *a, const pl_stage *s)
{
    static const char *const words[] = {"devel", "sdk", "dev", NULL};
    const char *tag = s->image.tag ? pl_lower(a, s->image.tag) : "";
    for (const char *const *w = words; *w; w++) {
        size_t n = strlen(*w);
        for (const char *p = strstr(tag, *w); p; p = strstr(p + 1, *w)) {
            int start = p == tag || p[-1] == '-' || p[-1] == '_' || p[-1] == '.';
            int end = p[n] == '\0' || p[n] == '-' || p[n] == '_' || p[n] == '.';
            if (start && end)
                return *w;
        }
    }
    const char *base = s->image.repository ? pl_image_basename(a, &s->image) : "";
    if (!strcmp(base, "sdk"))
        return "sdk";
    return NULL;
}

void pl_check_final_stage_devel_image(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_image_model_or_skip(c, f);
    if (!m)
        return;
    const pl_stage *s = m->final;
    while (s->parent)
        s = s->parent;
    if (s->is_scratch) {
        pl_pass(c, s->from->span, "final stage starts from scratch (line %d)", s->from->span.line);
        return;
    }
    if (s->base_unknown) {
        pl_skip(c, "the final base image %s is only known at build time", s->base_raw);
        return;
    }
    const char *w = devel_marker(pl_check_arena(c), s);
    if (w && pl_skip_not_shipped(c, f, m))
        return;
    if (w)
        pl_fail(c, s->from->args[0].span, NULL, "the final stage runs on %s, a %s image", s->base, w);
    else
        pl_pass(c, s->from->span, "FROM %s (line %d)", s->base, s->from->span.line);
}
