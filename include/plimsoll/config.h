/* config.h — `.plimsoll.yaml`: finding it and reading it into a typed config.
 *
 * Owns: the config file format of ../spec/cli.md ("Config file"), read with
 * libyaml. An unknown key or a wrong type is an error naming the file, line,
 * column and key (the CLI turns it into exit status 2). Everything lives in
 * the arena given.
 */
#ifndef PLIMSOLL_CONFIG_H
#define PLIMSOLL_CONFIG_H

#include "plimsoll/arena.h"
#include "plimsoll/diag.h"
#include "plimsoll/rule.h"

typedef struct {
    const char *rule;     /* id, name or alias as written */
    pl_severity severity;
    int line;
    int col; /* of the rule name, for the CLI's "unknown rule" error */
} pl_config_override;

typedef struct {
    const char *name; /* label key */
    const char *type; /* text url semver hash rfc3339 spdx email */
    int line;
    int col;
} pl_config_label;

typedef struct {
    const char **items;
    int n;
    pl_span *spans; /* where items[i] was written (for the CLI's rule-name errors) */
} pl_strlist;

/* How one Dockerfile is built, from `dockerfiles:` (when nothing in the
 * repository says, or to override what it says). */
typedef struct {
    const char *dockerfile; /* as written, relative to the config file's directory */
    const char *context;    /* NULL when not given */
    const char *target;     /* NULL when not given */
    const char **arg_names;
    const char **arg_values;
    int nargs;
    pl_span span;           /* the Dockerfile's key */
} pl_config_dockerfile;

/* A value under `options:`, kept as written (YAML 1.2 core-schema types):
 * rules read their own options with the pl_config_option_* helpers. */
typedef enum {
    PL_CV_NULL,
    PL_CV_BOOL,
    PL_CV_NUMBER,
    PL_CV_STRING,
    PL_CV_LIST,
    PL_CV_MAP,
} pl_config_value_kind;

typedef struct pl_config_value {
    pl_config_value_kind kind;
    const char *text; /* scalars, as written ("true", "3", "latest") */
    struct pl_config_value **items; /* lists; for maps the values of `keys` */
    const char **keys;              /* maps */
    int n;
    pl_span span;
} pl_config_value;

/* `options: {no-build-and-image: {checkPullPolicy: false}}`: one entry per
 * rule key (id, name or alias as written). */
typedef struct {
    const char *rule;
    const pl_config_value *options; /* a PL_CV_MAP */
    int line;
    int col; /* of the rule key, for the CLI's "unknown rule" error */
} pl_config_rule_options;

typedef struct pl_config {
    const char *path; /* NULL when no file was read */

    int has_failure_threshold;
    int failure_threshold; /* a pl_severity, or -1 for "none" */

    pl_strlist ignore;
    pl_config_override *overrides;
    int noverrides;
    pl_strlist trusted_registries;
    pl_config_label *label_schema;
    int nlabel_schema;
    int strict_labels;
    pl_strlist rules;   /* extra rule packs, relative to the config file's directory */
    pl_strlist exclude; /* glob patterns of paths not to check */
    int has_preset;
    pl_preset preset;   /* `preset:` (rule.h) */
    /* requirements files that may hold ranges (libraries, pip-tools
     * sources): glob patterns over their paths; `*.in` always may */
    pl_strlist requirements_ranges_allowed;

    long long context_max_size;  /* bytes; 0 = no limit */
    long long context_max_files; /* 0 = no limit */

    pl_config_dockerfile *dockerfiles;
    int ndockerfiles;

    pl_config_rule_options *options; /* `options:` */
    int noptions;

    /* OSV records for the known-vulnerable-version rule (osv.h), relative to
     * the config file's directory; NULL when not given */
    const char *advisories;
    pl_span advisories_span;
} pl_config;

/* The option `name` given to rule `r` under `options:` (keyed by the
 * rule's id, name or any alias; the last entry that has it wins), or NULL.
 * `cfg` may be NULL. */
const pl_config_value *pl_config_rule_option(const pl_config *cfg, const pl_rule *r,
                                             const char *name);
/* Typed reads of an option; `def` when it is absent or of another type. */
int pl_config_option_bool(const pl_config_value *v, int def);
long long pl_config_option_int(const pl_config_value *v, long long def);
const char *pl_config_option_string(const pl_config_value *v, const char *def);
/* A list of strings (a single string is a list of one); 0 when absent or
 * not strings, else the count with *items set (in the arena). */
int pl_config_option_strings(pl_arena *a, const pl_config_value *v, const char ***items);
/* The value of `key` in a map option, or NULL. */
const pl_config_value *pl_config_value_get(const pl_config_value *map, const char *key);

/* A config with every default. */
void pl_config_init(pl_config *cfg);

/* Reads `path`. Returns 0, or -1 with at least one error in `diags` (each
 * with line and column; the message names the key). `cfg` is reset to the
 * defaults first; after errors it holds every key that was valid. An
 * unreadable file is an error with line 0 (no position). */
int pl_config_load(pl_arena *a, const char *path, pl_config *cfg, pl_diag_list *diags);
int pl_config_parse(pl_arena *a, const char *path, const char *data, size_t len, pl_config *cfg,
                    pl_diag_list *diags);

/* The nearest `.plimsoll.yaml` / `.plimsoll.yml` from `start` (a file or a
 * directory) upward, stopping after `stop_dir` (the repository root; NULL:
 * the file-system root). NULL when there is none. */
const char *pl_config_discover(pl_arena *a, const char *start, const char *stop_dir);

/* "70MB", "1.5 GiB", "512k", "1000" -> bytes; -1 when malformed. */
long long pl_config_parse_size(const char *s);

/* The commented starter file `plimsoll init` writes. */
const char *pl_config_template(void);

/* `p` (a `rules:` entry) as a path usable from the working directory: an
 * absolute path as is, a relative one joined to the config file's directory. */
const char *pl_config_resolve_path(pl_arena *a, const pl_config *cfg, const char *p);

#endif
