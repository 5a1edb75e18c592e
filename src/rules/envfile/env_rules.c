/* env_rules.c — .env files: PL2800 lines compose refuses, PL2801 real-looking
 * secrets in an example env file. */
#include <string.h>
#include <strings.h>

#include "plimsoll/envfile.h"
#include "plimsoll/rule.h"
#include "plimsoll/workspace.h"
#include "rules_decl.h"

static const pl_envfile *envfile_or_skip(pl_check *c, const pl_file *f)
{
    if (!f->envfile) {
        pl_skip(c, "the file could not be read");
        return NULL;
    }
    return f->envfile;
}

/* ---- PL2800 ------------------------------------------------------------------ */

void pl_check_envfile_syntax(pl_check *c, const pl_file *f)
{
    const pl_envfile *ef = envfile_or_skip(c, f);
    if (!ef)
        return;
    for (const pl_diag *d = ef->diags.head; d; d = d->next)
        if (d->level == PL_DIAG_ERROR)
            pl_fail(c, d->span, NULL, "compose cannot read this file: %s", d->message);
    pl_pass(c, (pl_span){0}, "%d variable%s read as compose reads them", ef->count,
            ef->count == 1 ? "" : "s");
}

/* ---- PL2801 ------------------------------------------------------------------ */

void pl_check_env_example_secret(pl_check *c, const pl_file *f)
{
    if (!pl_env_example_name(f->path)) {
        pl_skip(c, "not an example env file");
        return;
    }
    const pl_envfile *ef = envfile_or_skip(c, f);
    if (!ef)
        return;
    int secrets = 0;
    for (const pl_env_entry *e = ef->entries; e; e = e->next) {
        secrets += pl_env_name_is_secret(e->name) && !e->inherited;
        /* the grade of a file everyone who clones reads: an example's
         * `database_user_password`, `SomeRandomString` or a local test
         * realm's `warden` stand for what to put there */
        if (!e->inherited && pl_env_holds_real_secret(e->name, e->raw ? e->raw : e->value))
            pl_fail(c, e->value_span, NULL,
                    "%s is set to what looks like a real secret in an example file everyone "
                    "can read",
                    e->name);
    }
    pl_pass(c, (pl_span){0}, "%d secret-like variable%s, none set to a real-looking value", secrets,
            secrets == 1 ? "" : "s");
}
