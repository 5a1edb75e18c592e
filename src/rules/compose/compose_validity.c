/* compose_validity.c — what `docker compose config` refuses in one file:
 * PL0003 YAML syntax and reader limits, PL2100 the compose-spec schema. */
#include <string.h>

#include "compose_util.h"

#include "loader_checks.h"
#include "plimsoll/compose_project.h"
#include "plimsoll/jschema.h"

/* libyaml puts an error at the end of a file without a final newline on
 * the line after the last: shown at the end of the last line instead. */
static pl_span within_file(const pl_file *f, pl_span s)
{
    int lines = 1;
    size_t last_start = 0;
    for (size_t i = 0; i < f->len; i++)
        if (f->data[i] == '\n' && i + 1 < f->len) {
            lines++;
            last_start = i + 1;
        }
    if (s.line <= lines)
        return s;
    size_t n = f->len - last_start;
    while (n > 0 && (f->data[last_start + n - 1] == '\n' || f->data[last_start + n - 1] == '\r'))
        n--;
    int col = (int)n + 1;
    return pl_span_make(lines, col, lines, col);
}

void pl_check_compose_yaml_syntax(pl_check *c, const pl_file *f)
{
    const pl_yaml *y = f->compose;
    if (!y) {
        pl_skip(c, "the file could not be read");
        return;
    }
    for (const pl_diag *d = y->diags.head; d; d = d->next)
        if (d->level == PL_DIAG_ERROR)
            pl_fail(c, within_file(f, d->span), NULL, "%s", d->message);
    /* the files its project reaches (include, extends) that are not
     * checked on their own are reported by the file that speaks for it */
    const pl_compose_project *p = f->compose_project;
    for (int i = 0; p && pl_compose_is_owner(f) && i < p->compose->nfiles; i++) {
        const pl_compose_file *cf = p->compose->files[i];
        if (p->checked[i] || cf->role == PL_COMPOSE_FILE_ENV)
            continue;
        for (const pl_diag *d = cf->diags.head; d; d = d->next)
            if (d->level == PL_DIAG_ERROR && d->rule && !strcmp(d->rule, PL_COMPOSE_RULE_SYNTAX))
                pl_fail_in(c, cf->path, d->span, NULL, "%s", d->message);
    }
    pl_pass(c, (pl_span){0}, "%d YAML document%s read", y->ndocs, y->ndocs == 1 ? "" : "s");
}

static pl_span error_span(const pl_jschema_error *e)
{
    /* an unknown key is shown at the key itself */
    if (e->key)
        return e->key->span;
    return e->node ? e->node->span : (pl_span){0};
}

void pl_check_compose_schema(pl_check *c, const pl_file *f)
{
    const pl_yaml *y = cu_compose_or_skip(c, f);
    if (!y)
        return;
    if (!pl_compose_schema_available()) {
        pl_skip(c, "the compose-spec schema was not available when plimsoll was built");
        return;
    }
    pl_arena *a = pl_check_arena(c);
    int checked = 0, incomplete = 0;
    for (int i = 0; i < y->ndocs; i++) {
        const pl_ynode *root = y->docs[i];
        if (!root || (root->kind == PL_YAML_SCALAR && root->stype == PL_YS_NULL))
            continue; /* an empty document adds nothing */
        pl_jschema_errors errs;
        pl_compose_schema_validate(a, root, &errs);
        lc_check_document(c, root);
        incomplete |= errs.incomplete;
        checked++;
        for (int k = 0; k < errs.n; k++) {
            const pl_jschema_error *e = &errs.items[k];
            if (*e->path)
                pl_fail(c, error_span(e), NULL, "%s %s", e->path, e->message);
            else
                pl_fail(c, error_span(e), NULL, "%s", e->message);
        }
    }
    if (incomplete) {
        pl_skip(c, "the document is too large or too nested to validate within the work bound");
        return;
    }
    if (!checked) {
        pl_skip(c, "the file holds no compose document");
        return;
    }
    pl_pass(c, (pl_span){0}, "valid against the compose-spec schema");
}
