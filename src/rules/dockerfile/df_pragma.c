/* df_pragma.c — PL1231 inline-ignore-pragma (hadolint DL1001): reports the
 * inline `ignore=` comments themselves. Suppression is suppress.c's
 * business; this rule only reads the comment text, with hadolint's grammar:
 * blanks, the tool's name, at least one blank, then `ignore` (so `global
 * ignore=` and `shell=` pragmas are not inline ignores). */
#include <string.h>

#include "dfutil.h"

static const char *skip_blanks(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* Whether comment text (after '#') is `<tool> ignore[ ]=...`. */
static int is_inline_ignore(const char *text, const char *tool)
{
    const char *p = skip_blanks(text);
    size_t n = strlen(tool);
    if (strncmp(p, tool, n) || (p[n] != ' ' && p[n] != '\t'))
        return 0;
    p = skip_blanks(p + n);
    if (strncmp(p, "ignore", 6))
        return 0;
    p = skip_blanks(p + 6);
    return *p == '=';
}

void pl_check_inline_ignore_pragma(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    int plimsoll_too = pl_check_reading(c) != PL_READING_HADOLINT;
    int n = 0;
    for (int i = 0; i < m->df->ncomments; i++) {
        const pl_df_comment *cm = &m->df->comments[i];
        const char *tool = is_inline_ignore(cm->text, "hadolint") ? "hadolint"
                           : plimsoll_too && is_inline_ignore(cm->text, "plimsoll") ? "plimsoll"
                                                                                     : NULL;
        if (!tool)
            continue;
        n++;
        size_t len = strcspn(cm->text, "\r\n");
        pl_span sp = {cm->line, cm->col, cm->line, cm->col + (int)len};
        pl_fail(c, sp, NULL, "inline `# %s ignore=` pragma: the exception belongs in the config",
                tool);
    }
    if (!n)
        pl_pass(c, (pl_span){0}, "%d comment%s, no inline ignore pragma", m->df->ncomments,
                m->df->ncomments == 1 ? "" : "s");
}
