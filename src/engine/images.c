/* images.c — running a rule that judges the shipped image once per image
 * a Dockerfile's builds ship.
 *
 * A Dockerfile built with `--target production` by one workflow and
 * `--target debug` by another ships two images; the rules about what an
 * image carries (user, health check, labels, toolchain ...) judge each, with
 * that stage as the final one, and a finding names the image it is about
 * and the builds that make it. A problem two images share (a stage both
 * build on) is one finding naming both.
 */
#include <stdint.h>
#include <string.h>

#include "engine_internal.h"
#include "plimsoll/model.h"
#include "plimsoll/unit.h"

/* more images than bits are judged as the first 64 (a Dockerfile with more
 * built stages than that is not one anybody writes) */
#define MAX_IMAGES 64

typedef struct {
    const pl_finding **items; /* the findings this rule made, across images */
    uint64_t *images;         /* per finding: the images it holds for */
    size_t n, cap;
} image_findings;

static void track(pl_arena *a, image_findings *t, const pl_finding *fd, uint64_t bit)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 8;
        const pl_finding **items = PL_NEW_N(a, const pl_finding *, cap);
        uint64_t *images = PL_NEW_N(a, uint64_t, cap);
        if (t->n) {
            memcpy(items, t->items, sizeof *items * t->n);
            memcpy(images, t->images, sizeof *images * t->n);
        }
        t->items = items;
        t->images = images;
        t->cap = cap;
    }
    t->items[t->n] = fd;
    t->images[t->n++] = bit;
}

static int same_finding(const pl_finding *x, const pl_finding *y)
{
    return x->span.line == y->span.line && x->span.col == y->span.col &&
           x->span.end_line == y->span.end_line && x->span.end_col == y->span.end_col &&
           !strcmp(x->file, y->file) && !strcmp(x->message, y->message) &&
           (x->code == y->code || (x->code && y->code && !strcmp(x->code, y->code)));
}

/* Takes the findings image `bit` added at f->findings[from..): one already
 * made for an earlier image is dropped and that one holds for this image too. */
static void merge_new(pl_check *c, pl_file *f, size_t from, image_findings *t, uint64_t bit)
{
    size_t known = t->n, kept = from;
    for (size_t i = from; i < f->findings.len; i++) {
        const pl_finding *fd = f->findings.items[i];
        size_t j = 0;
        while (j < known && !same_finding(t->items[j], fd))
            j++;
        if (j < known) {
            t->images[j] |= bit;
            c->nfail--;
            continue;
        }
        f->findings.items[kept++] = (void *)fd;
        track(f->arena, t, fd, bit);
    }
    f->findings.len = kept;
}

/* "target production", "targets production, debug", "target production and the last stage" */
static const char *label_of(pl_arena *a, const pl_image_build *imgs, int n, uint64_t mask)
{
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    int ntargets = 0, untargeted = -1;
    for (int i = 0; i < n; i++)
        if (mask & ((uint64_t)1 << i)) {
            if (imgs[i].target)
                ntargets++;
            else
                untargeted = i;
        }
    if (ntargets)
        pl_sb_puts(&sb, ntargets == 1 ? "target " : "targets ");
    int k = 0;
    for (int i = 0; i < n; i++)
        if ((mask & ((uint64_t)1 << i)) && imgs[i].target)
            pl_sb_printf(&sb, "%s%s", k++ ? ", " : "", imgs[i].target);
    if (untargeted >= 0)
        pl_sb_printf(&sb, "%s%s", ntargets ? " and " : "", pl_image_label(a, &imgs[untargeted]));
    return pl_sb_str(&sb);
}

/* A finding that holds for several images names the builds of each. */
static void relate_all(pl_arena *a, pl_finding *fd, const pl_image_build *imgs, int n, uint64_t mask)
{
    int total = 0;
    for (int i = 0; i < n; i++)
        if (mask & ((uint64_t)1 << i))
            total += imgs[i].nunits;
    const pl_build_unit **units = PL_NEW_N(a, const pl_build_unit *, total + 1);
    int k = 0;
    for (int i = 0; i < n; i++)
        if (mask & ((uint64_t)1 << i))
            for (int j = 0; j < imgs[i].nunits; j++)
                units[k++] = imgs[i].units[j];
    pl_finding_relate(a, fd, units, k);
}

static int same_args(const pl_build_unit *x, const pl_build_unit *y)
{
    int nx = x ? x->spec.nargs : 0, ny = y ? y->spec.nargs : 0;
    if (nx != ny)
        return 0;
    for (int i = 0; i < nx; i++) {
        const pl_unit_arg *p = &x->spec.args[i], *q = &y->spec.args[i];
        if (strcmp(p->name, q->name) || (!p->value != !q->value) ||
            (p->value && strcmp(p->value, q->value)))
            return 0;
    }
    return 1;
}

/* The model an image is judged on: the file's, unless the build of the
 * image passes other build args than the file's primary build (then the
 * file read with its args, the same stages built). */
static pl_df_model *model_of(pl_file *f, pl_df_model *m, const pl_image_build *img)
{
    const pl_build_unit *primary = pl_file_primary_unit(f);
    if (!img->nunits || img->units[0] == primary || same_args(img->units[0], primary))
        return m;
    pl_df_model *own = pl_model_for_unit(f->arena, m->df, f, img->units[0]);
    if (own->nstages != m->nstages)
        return m;
    for (int s = 0; s < m->nstages; s++)
        own->stages[s]->is_built = m->stages[s]->is_built;
    return own;
}

void pl_check_images(pl_check *c, pl_file *f)
{
    pl_df_model *m = f->dockerfile;
    pl_arena *a = f->arena;
    pl_image_build *imgs;
    const char *why;
    int n = pl_model_images(a, f, m, &imgs, &why);
    if (!n) {
        if (m && m->nstages)
            pl_skip(c, "%s", why);
        else
            c->rule->check(c, f); /* no stage: the rule says why it has nothing to judge */
        return;
    }
    if (n > MAX_IMAGES)
        n = MAX_IMAGES;

    /* the model as the file's primary build has it, put back afterwards */
    pl_stage *final = m->final;
    const char *target = m->target;
    char *was_final = PL_NEW_N(a, char, m->nstages);
    for (int s = 0; s < m->nstages; s++)
        was_final[s] = (char)m->stages[s]->is_final;

    image_findings t = {0};
    const char **verdicts = PL_NEW_N(a, const char *, n);
    int passed = 0;
    for (int i = 0; i < n; i++) {
        pl_df_model *im = model_of(f, m, &imgs[i]);
        for (int s = 0; s < im->nstages; s++)
            im->stages[s]->is_final = 0;
        im->stages[imgs[i].stage->index]->is_final = 1;
        im->final = im->stages[imgs[i].stage->index];
        im->target = imgs[i].target;
        f->dockerfile = im;
        c->passed = 0;
        c->evidence = NULL;
        c->skip_reason = NULL;
        pl_check_about_units(c, imgs[i].units, imgs[i].nunits);
        size_t before = f->findings.len;
        c->rule->check(c, f);
        merge_new(c, f, before, &t, (uint64_t)1 << i);
        if (c->passed) {
            passed++;
            verdicts[i] = c->evidence;
        } else {
            verdicts[i] = c->skip_reason ? c->skip_reason : "not applicable";
        }
    }
    f->dockerfile = m;
    m->final = final;
    m->target = target;
    for (int s = 0; s < m->nstages; s++)
        m->stages[s]->is_final = was_final[s];
    pl_check_about_units(c, NULL, 0);

    /* one image built without --target is the file as it always was read:
     * its findings need no name */
    int named = n > 1 || imgs[0].target;
    for (size_t i = 0; i < t.n; i++) {
        pl_finding *fd = (pl_finding *)t.items[i];
        if (named)
            fd->message =
                pl_arena_printf(a, "%s (%s)", fd->message, label_of(a, imgs, n, t.images[i]));
        if (t.images[i] & (t.images[i] - 1))
            relate_all(a, fd, imgs, n, t.images[i]);
    }
    if (c->nfail)
        return;
    if (n == 1) {
        if (c->passed && imgs[0].target)
            c->evidence = pl_arena_printf(a, "target %s: %s", imgs[0].target, c->evidence);
        return;
    }
    /* the verdict names each image's */
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    for (int i = 0; i < n; i++)
        pl_sb_printf(&sb, "%s%s: %s", i ? "; " : "", pl_image_label(a, &imgs[i]), verdicts[i]);
    if (passed) {
        c->passed = 1;
        c->evidence = pl_sb_str(&sb);
    } else {
        c->skip_reason = pl_sb_str(&sb);
    }
}
