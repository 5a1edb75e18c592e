/* df_stage.c — what the final stage carries: PL1003 health check, PL1004
 * multi-stage, PL1019 OCI labels, PL1020 PYTHONUNBUFFERED. */
#include <string.h>
#include <strings.h>

#include "df_hadolint.h"
#include "df_image_role.h"
#include "df_jit.h"
#include "dfutil.h"
#include "plimsoll/unit.h"
#include "plimsoll/workspace.h"

void pl_check_healthcheck_missing(pl_check *c, const pl_file *f)
{
    if (pl_check_reading(c) == PL_READING_HADOLINT) {
        const pl_df_model *hm = pl_df_model_or_skip(c, f);
        if (hm)
            pl_hadolint_healthcheck_missing(c, hm);
        return;
    }
    const pl_df_model *m = pl_df_image_model_or_skip(c, f);
    if (!m)
        return;
    if (pl_stage_is_artifact(m->final)) {
        pl_skip(c, "the final stage is FROM scratch with no CMD or ENTRYPOINT: it carries files, "
                   "no service runs from it");
        return;
    }
    int nunits;
    const pl_build_unit *const *units = pl_check_units(c, &nunits);
    const pl_build_unit *u = pl_units_run_healthcheck(units, nunits);
    if (u) {
        pl_pass(c, (pl_span){0}, "healthcheck: of service %s (%s:%d)%s",
                u->spec.service ? u->spec.service : "?",
                u->spec.run_healthcheck_file ? u->spec.run_healthcheck_file : u->spec.origin_file,
                u->spec.run_healthcheck_span.line, nunits > 1 ? " and every other build" : "");
        return;
    }
    const char *base_role = pl_stage_base_image_role(c, f, m);
    if (base_role && !pl_stage_last(m->final, PL_DF_HEALTHCHECK)) {
        pl_skip(c, "%s", base_role);
        return;
    }
    if (pl_stage_is_extension_base(m->final) && !pl_stage_last(m->final, PL_DF_HEALTHCHECK)) {
        pl_skip(c, "the final stage declares ONBUILD triggers: a base image for others to "
                   "extend, and the image built FROM it sets the health check");
        return;
    }
    for (const pl_stage *s = m->final; s; s = s->parent) {
        const pl_df_instr *h = pl_stage_last(s, PL_DF_HEALTHCHECK);
        if (!h)
            continue;
        if (h->nargs && !strcasecmp(h->args[0].text, "NONE"))
            pl_pass(c, h->span, "HEALTHCHECK NONE: explicitly disabled (line %d)", h->span.line);
        else
            pl_pass(c, h->span, "HEALTHCHECK (line %d)", h->span.line);
        return;
    }
    pl_fail(c, pl_df_ins_span(m->final->from), NULL, "the final stage%s%s has no HEALTHCHECK",
            m->final->name ? " " : "", m->final->name ? m->final->name : "");
}

void pl_check_multi_stage(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_image_model_or_skip(c, f);
    if (!m)
        return;
    if (m->nstages > 1) {
        pl_pass(c, m->final->from->span, "%d stages, final: %s (line %d)", m->nstages,
                m->final->name ? m->final->name : m->final->base, m->final->from->span.line);
        return;
    }
    const pl_df_instr *where = NULL;
    const char *pkg = pl_stage_toolchain(pl_check_arena(c), m->final, &where);
    if (pkg && pl_skip_not_shipped(c, f, m))
        return;
    /* the default reading: -dev libraries with no compiler kept are run-time
     * libraries (mailcow's dovecot: mariadb-dev, perl-dev), as in
     * final-stage-toolchain */
    if (pkg && pl_check_reading(c) == PL_READING_DEFAULT) {
        const char *dev = pkg;
        const pl_df_instr *dev_at = where;
        pkg = pl_stage_compiler(pl_check_arena(c), m->final, &where);
        if (!pkg) {
            pl_skip(c, "single stage that installs %s (line %d) but keeps no compiler or build "
                       "tool: a run-time library, not a build toolchain",
                    dev, dev_at->span.line);
            return;
        }
    }
    const char *jit = pkg && pl_check_reading(c) == PL_READING_DEFAULT
                          ? pl_df_jit_runtime(pl_check_arena(c), m)
                          : NULL;
    if (jit) {
        pl_skip(c, "%s", jit);
        return;
    }
    if (pkg) {
        pl_fail(c, pl_df_ins_span(where), NULL,
                "single-stage build installs %s; the build toolchain ships in the image", pkg);
        return;
    }
    pl_skip(c, "single stage, but it installs no build toolchain");
}

static int has_oci_label(pl_arena *a, const pl_stage *s, const pl_df_instr **where)
{
    for (int i = 0; i < s->ninstrs; i++) {
        const pl_df_instr *ins = s->instrs[i];
        if (ins->kind != PL_DF_LABEL)
            continue;
        const char **k, **v;
        int n = pl_df_pairs(ins, &k, &v, a);
        for (int p = 0; p < n; p++) {
            const char *key = k[p];
            if (*key == '"' || *key == '\'')
                key++;
            if (!strncmp(key, "org.opencontainers.image.", 25)) {
                *where = ins;
                return 1;
            }
        }
    }
    return 0;
}

void pl_check_oci_labels_missing(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_image_model_or_skip(c, f);
    if (!m)
        return;
    for (const pl_stage *s = m->final; s; s = s->parent) {
        const pl_df_instr *where;
        if (has_oci_label(pl_check_arena(c), s, &where)) {
            pl_pass(c, where->span, "LABEL org.opencontainers.image.* (line %d)", where->span.line);
            return;
        }
    }
    pl_fail(c, pl_df_ins_span(m->final->from), NULL,
            "the final image has no org.opencontainers.image.* label");
}

static int mentions_python(const char *s)
{
    return s && strstr(s, "python") != NULL;
}

void pl_check_python_unbuffered(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_image_model_or_skip(c, f);
    if (!m)
        return;
    pl_arena *a = pl_check_arena(c);
    int python = 0;
    for (const pl_stage *s = m->final; s && !python; s = s->parent) {
        if (s->image.repository && mentions_python(pl_lower(a, s->image.repository)))
            python = 1;
        for (int i = 0; i < s->ninstrs && !python; i++) {
            const pl_df_instr *ins = s->instrs[i];
            if ((ins->kind == PL_DF_CMD || ins->kind == PL_DF_ENTRYPOINT) && ins->nargs &&
                mentions_python(ins->args[0].text))
                python = 1;
        }
    }
    if (!python) {
        pl_skip(c, "the final stage is not a Python image");
        return;
    }
    for (const pl_stage *s = m->final; s; s = s->parent)
        for (int i = s->ninstrs - 1; i >= 0; i--) {
            const pl_df_instr *ins = s->instrs[i];
            if (ins->kind != PL_DF_ENV)
                continue;
            const char **k, **v;
            int n = pl_df_pairs(ins, &k, &v, a);
            for (int p = 0; p < n; p++)
                if (!strcmp(k[p], "PYTHONUNBUFFERED")) {
                    const char *val = v[p];
                    if (!*val || !strcmp(val, "\"\"") || !strcmp(val, "''")) {
                        pl_fail(c, pl_df_ins_span(ins), NULL, "PYTHONUNBUFFERED is set empty");
                        return;
                    }
                    pl_pass(c, ins->span, "ENV PYTHONUNBUFFERED=%s (line %d)", val, ins->span.line);
                    return;
                }
        }
    if (pl_skip_not_shipped(c, f, m))
        return;
    pl_fail(c, pl_df_ins_span(m->final->from), NULL,
            "Python image without ENV PYTHONUNBUFFERED=1: logs are buffered");
}
