/* images.c — which stages of a Dockerfile ship as images: the stage each
 * build unit targets (a unit that only warms the cache or exports files
 * makes none, when another unit makes an image), and the last stage when a
 * unit builds without --target or nothing says how the file is built. The rules that judge
 * the shipped image (user, health check, labels, toolchain ...) run once
 * per such stage (src/engine/images.c).
 */
#include <stdlib.h>
#include <string.h>

#include "plimsoll/model.h"
#include "plimsoll/unit.h"
#include "plimsoll/workspace.h"

/* The image of `stage` among out[0..n), added when missing. */
static pl_image_build *image_of(pl_image_build *out, int *n, pl_stage *stage, const char *target)
{
    for (int i = 0; i < *n; i++)
        if (out[i].stage == stage) {
            /* a stage built both with and without --target is named by its target */
            if (!out[i].target)
                out[i].target = target;
            return &out[i];
        }
    pl_image_build *img = &out[(*n)++];
    memset(img, 0, sizeof *img);
    img->stage = stage;
    img->target = target;
    return img;
}

static int by_stage(const void *x, const void *y)
{
    const pl_image_build *a = x, *b = y;
    return a->stage->index - b->stage->index;
}

int pl_model_images(pl_arena *a, const pl_file *f, const pl_df_model *m, pl_image_build **out,
                    const char **why)
{
    *out = NULL;
    *why = NULL;
    if (!m || !m->nstages)
        return 0;
    int nunits = f ? f->nunits : 0;
    /* at most one image per unit, and one for the last stage */
    pl_image_build *imgs = PL_NEW_N(a, pl_image_build, nunits + 1);
    int n = 0;
    const char *unknown = NULL, *missing = NULL;
    pl_stage *last = m->stages[m->nstages - 1];
    for (int i = 0; i < nunits; i++) {
        const pl_build_unit *u = f->units[i];
        if (!pl_unit_ships_image(f, u))
            continue; /* the cache it warms or the files it exports are no image */
        pl_stage *stage = last;
        if (u->spec.target) {
            stage = pl_model_stage_named(m, u->spec.target, m->nstages);
            if (!stage) {
                if (!missing)
                    missing = pl_arena_printf(a, "--target %s names no stage (%s)", u->spec.target,
                                              u->evidence);
                continue;
            }
        } else if (u->spec.target_unknown) {
            if (!unknown)
                unknown = pl_arena_printf(a, "the stage built is not known statically: %s",
                                          u->evidence);
            continue;
        }
        pl_image_build *img = image_of(imgs, &n, stage, u->spec.target);
        if (!img->units)
            img->units = PL_NEW_N(a, const pl_build_unit *, nunits);
        img->units[img->nunits++] = u;
    }
    if (!nunits)
        image_of(imgs, &n, last, NULL);
    if (!n) {
        *why = unknown ? unknown : missing ? missing : "no stage is built";
        return 0;
    }
    qsort(imgs, (size_t)n, sizeof *imgs, by_stage);
    *out = imgs;
    return n;
}

const char *pl_image_label(pl_arena *a, const pl_image_build *img)
{
    if (img->target)
        return pl_arena_printf(a, "target %s", img->target);
    if (img->stage->name)
        return pl_arena_printf(a, "the last stage %s", img->stage->name);
    return "the last stage";
}
