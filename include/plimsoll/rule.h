/* rule.h — rules: metadata, the registry, and what a check function may do.
 *
 * Owns: the rule table (metadata generated at build time from the YAML files in rules/,
 * each entry bound to its check function `pl_check_<name>` with dashes as
 * underscores), and the pl_check handle through which a check reports, per
 * file, pass (with evidence), fail (a finding: span, message, fix) or skip
 * (why). Rules never look at pragmas or config ignores: suppress does that.
 */
#ifndef PLIMSOLL_RULE_H
#define PLIMSOLL_RULE_H

#include "plimsoll/arena.h"
#include "plimsoll/diag.h"

typedef enum {
    PL_SEV_ERROR = 0,
    PL_SEV_WARNING,
    PL_SEV_INFO,
    PL_SEV_STYLE,
    PL_SEV_NONE, /* "ignore": off unless overridden */
} pl_severity;

typedef enum {
    PL_KIND_DOCKERFILE = 0,
    PL_KIND_COMPOSE,
    PL_KIND_DOCKERIGNORE,
    PL_KIND_REQUIREMENTS,
    PL_KIND_ENVFILE,
    PL_KIND_REPOSITORY, /* runs once per run, over the whole workspace */
    PL_KIND_COUNT,
} pl_file_kind;

typedef enum { PL_STATUS_PASS, PL_STATUS_FAIL, PL_STATUS_SKIP } pl_status;

/* Named rule sets (--preset, config `preset:`): `recommended` (the default:
 * what a careful reviewer would block), `strict` (every rule) and `hadolint`
 * (hadolint's default rules at hadolint's severities). */
typedef enum {
    PL_PRESET_RECOMMENDED = 0,
    PL_PRESET_STRICT,
    PL_PRESET_HADOLINT,
    PL_PRESET_COUNT,
} pl_preset;

struct pl_file;
typedef struct pl_check pl_check;
typedef void (*pl_check_fn)(pl_check *c, const struct pl_file *f);

typedef struct pl_rule {
    const char *id;       /* "PL1001" */
    const char *name;     /* "user-root" */
    const char *title;    /* "Runs as a non-root user" */
    const char *category; /* security reliability reproducibility efficiency maintainability correctness */
    pl_severity severity; /* default */
    pl_file_kind kind;
    const char *const *aliases; /* NULL-terminated */
    int checklist;        /* shown as a checklist line */
    int recommended;      /* in the recommended preset */
    pl_severity hadolint; /* severity in the hadolint preset; PL_SEV_NONE: not in it */
    const char *summary;  /* one sentence */
    const char *description;
    const char *fix;      /* default fix text */
    const char *bad;      /* example that fails */
    const char *good;     /* example that passes */
    pl_check_fn check;
    /* The rule judges the image a build ships (m->final): the engine runs
     * it once per stage some build unit builds (unit.h, pl_model_images),
     * with that stage as the final one. */
    int judges_image;
} pl_rule;

/* The embedded table, sorted by id. */
extern const pl_rule pl_rules[];
extern const int pl_nrules;

/* By id, name or alias (ids and names case-insensitively; aliases exactly,
 * then case-insensitively). NULL when unknown. */
const pl_rule *pl_rule_find(const char *key);
/* Whether `key` names this rule (id, name or one of its aliases). */
int pl_rule_matches(const pl_rule *r, const char *key);
/* Whether `key` is a hadolint rule code (DL1234) / a BuildKit check name. */
int pl_is_hadolint_code(const char *key);
int pl_is_buildkit_name(const char *key);
/* Whether the rule has an alias that is a BuildKit check name. */
int pl_rule_has_buildkit_alias(const pl_rule *r);
/* Whether `key` is one of a compose rule's dclint rule names (its
 * lower-case kebab aliases; a rule that keeps dclint's name matches by
 * its name too). */
int pl_is_dclint_name(const pl_rule *r, const char *key);

const char *pl_severity_name(pl_severity s);
/* Returns -1 when unknown; accepts "ignore"/"none" as PL_SEV_NONE. */
int pl_severity_parse(const char *s, pl_severity *out);
const char *pl_kind_name(pl_file_kind k);
int pl_kind_parse(const char *s, pl_file_kind *out);
const char *pl_status_name(pl_status s);
const char *pl_preset_name(pl_preset p);
/* Returns -1 when unknown. */
int pl_preset_parse(const char *s, pl_preset *out);
/* Whether the rule runs in preset p, and at which severity (rules whose
 * default severity is `ignore` run in none: they are selected by name). */
int pl_rule_in_preset(const pl_rule *r, pl_preset p);
pl_severity pl_rule_preset_severity(const pl_rule *r, pl_preset p);

/* ---- what check functions call ------------------------------------------- */

/* A failing finding in the checked file. `fix` may be NULL (the rule's default
 * fix text is used). */
void pl_fail(pl_check *c, pl_span span, const char *fix, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A failing finding in another file (cross-file rules). `file` is a display
 * path. */
void pl_fail_in(pl_check *c, const char *file, pl_span span, const char *fix,
                const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* The rule holds; evidence says where (span may be zero). The last evidence
 * given is kept. */
void pl_pass(pl_check *c, pl_span span, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* What a failing rule's checklist line says instead of counting its
 * problems ("3 of 5 variables ... documented; missing: A, B"); the first
 * problem's place still follows. Without it: "N problems; first: ...". */
void pl_summary(pl_check *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Not applicable, or not knowable statically; says why. */
void pl_skip(pl_check *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Something the report should say once, at its end, whatever the rule's
 * verdict (work that could not be done, and why). Any thread. */
void pl_check_note(pl_check *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Which anchor's reading of a merged rule was asked for: the rule was
 * selected by one of its hadolint codes (or the hadolint preset is in
 * force), by its BuildKit check name, by its dclint rule name, or none of
 * them (plimsoll's own reading). A rule that stands for several anchors'
 * checks judges accordingly, so `--select DL3025` keeps hadolint's
 * behaviour, `--select JSONArgsRecommended` BuildKit's and `--select
 * service-image-require-explicit-tag` dclint's. */
typedef enum {
    PL_READING_DEFAULT = 0,
    PL_READING_HADOLINT,
    PL_READING_BUILDKIT,
    PL_READING_DCLINT,
} pl_reading;
pl_reading pl_check_reading(pl_check *c);

/* The builds the check's findings are about: each finding made after this
 * names the ones a repository file says (workflow step, bake target,
 * compose service) as related evidence. Image rules get the units of the
 * image judged without asking; context rules give the unit whose context
 * they judge. */
struct pl_build_unit;
void pl_check_about_units(pl_check *c, const struct pl_build_unit *const *units, int n);
/* The units of the image being judged (an image rule), else every unit of
 * the file; *n their count. */
const struct pl_build_unit *const *pl_check_units(pl_check *c, int *n);

pl_arena *pl_check_arena(pl_check *c);
const pl_rule *pl_check_rule(pl_check *c);
struct pl_config;
const struct pl_config *pl_check_config(pl_check *c);
struct pl_workspace;
const struct pl_workspace *pl_check_workspace(pl_check *c);

#endif
