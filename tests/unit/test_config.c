/* test_config.c — the .plimsoll.yaml loader: every key, every error with its
 * exact position and text, sizes, discovery and the starter template. */
#include "testutil.h"

#include <ftw.h>
#include <limits.h>
#include <unistd.h>

#include "plimsoll/config.h"

/* ---- helpers --------------------------------------------------------------- */

typedef struct {
    pl_arena *arena;
    pl_config cfg;
    pl_diag_list diags;
    int rc;
} parsed;

static void parse(parsed *p, const char *text)
{
    memset(p, 0, sizeof *p);
    p->arena = pl_arena_new();
    p->rc = pl_config_parse(p->arena, "test.yaml", text, strlen(text), &p->cfg, &p->diags);
}

static void parse_bytes(parsed *p, const char *bytes, size_t len)
{
    memset(p, 0, sizeof *p);
    p->arena = pl_arena_new();
    p->rc = pl_config_parse(p->arena, "test.yaml", bytes, len, &p->cfg, &p->diags);
}

static void done(parsed *p)
{
    pl_arena_free(p->arena);
}

static void expect_clean(const char *text, parsed *p)
{
    parse(p, text);
    for (const pl_diag *d = p->diags.head; d; d = d->next)
        print_error("unexpected: %d:%d: %s\n", d->span.line, d->span.col, d->message);
    assert_int_equal(p->diags.count, 0);
    assert_int_equal(p->rc, 0);
}

static const pl_diag *nth_diag(const parsed *p, int n)
{
    const pl_diag *d = p->diags.head;
    for (int i = 0; d && i < n; i++)
        d = d->next;
    assert_non_null(d);
    return d;
}

static void assert_diag(const pl_diag *d, int line, int col, const char *message)
{
    assert_int_equal(d->level, PL_DIAG_ERROR);
    assert_string_equal(d->message, message);
    assert_int_equal(d->span.line, line);
    assert_int_equal(d->span.col, col);
}

/* The text gives exactly one error, at line:col, with this message. */
static void expect_error(const char *text, int line, int col, const char *message)
{
    parsed p;
    parse(&p, text);
    const pl_diag *h = p.diags.head;
    if (p.diags.count != 1 || h->span.line != line || h->span.col != col ||
        strcmp(h->message, message) != 0)
        for (const pl_diag *d = h; d; d = d->next)
            print_error("got %d:%d: %s\n", d->span.line, d->span.col, d->message);
    assert_int_equal(p.rc, -1);
    assert_int_equal(p.diags.count, 1);
    assert_int_equal(p.diags.errors, 1);
    assert_diag(p.diags.head, line, col, message);
    done(&p);
}

static void assert_span(pl_span s, int line, int col, int end_line, int end_col)
{
    assert_int_equal(s.line, line);
    assert_int_equal(s.col, col);
    assert_int_equal(s.end_line, end_line);
    assert_int_equal(s.end_col, end_col);
}

/* ---- defaults and every key --------------------------------------------------- */

static void test_init_defaults(void **state)
{
    (void)state;
    pl_config cfg;
    memset(&cfg, 0x5A, sizeof cfg);
    pl_config_init(&cfg);
    assert_null(cfg.path);
    assert_int_equal(cfg.has_failure_threshold, 0);
    assert_int_equal(cfg.failure_threshold, PL_SEV_WARNING);
    assert_int_equal(cfg.ignore.n, 0);
    assert_int_equal(cfg.noverrides, 0);
    assert_int_equal(cfg.trusted_registries.n, 0);
    assert_int_equal(cfg.nlabel_schema, 0);
    assert_int_equal(cfg.strict_labels, 0);
    assert_int_equal(cfg.rules.n, 0);
    assert_int_equal(cfg.exclude.n, 0);
    assert_true(cfg.context_max_size == 0);
    assert_true(cfg.context_max_files == 0);
}

static const char spec_example[] =
    "failure-threshold: warning      # error warning info style none\n"
    "ignore: [PL1010, DL3008]\n"
    "override:              # change a rule's severity\n"
    "  error: [PL1001]\n"
    "  info: [apt-pin-versions]     # keys: error warning info style ignore\n"
    "trusted-registries: [docker.io, ghcr.io/acme]\n"
    "label-schema:          # required labels and the type of their value:\n"
    "  org.opencontainers.image.source: url     # text url semver hash rfc3339 spdx email\n"
    "strict-labels: false\n"
    "rules: [ci/plimsoll-rules/]\n"
    "context:\n"
    "  max-size: 70MB\n"
    "  max-files: 5000\n"
    "exclude: [third_party/**]\n"
    "advisories: security/osv/      # OSV records for known-vulnerable versions\n";

static void test_spec_example(void **state)
{
    (void)state;
    parsed p;
    expect_clean(spec_example, &p);
    const pl_config *c = &p.cfg;
    assert_string_equal(c->path, "test.yaml");
    assert_int_equal(c->has_failure_threshold, 1);
    assert_int_equal(c->failure_threshold, PL_SEV_WARNING);

    assert_int_equal(c->ignore.n, 2);
    assert_string_equal(c->ignore.items[0], "PL1010");
    assert_string_equal(c->ignore.items[1], "DL3008");
    assert_span(c->ignore.spans[0], 2, 10, 2, 15);
    assert_span(c->ignore.spans[1], 2, 18, 2, 23);

    assert_int_equal(c->noverrides, 2);
    assert_string_equal(c->overrides[0].rule, "PL1001");
    assert_int_equal(c->overrides[0].severity, PL_SEV_ERROR);
    assert_int_equal(c->overrides[0].line, 4);
    assert_int_equal(c->overrides[0].col, 11);
    assert_string_equal(c->overrides[1].rule, "apt-pin-versions");
    assert_int_equal(c->overrides[1].severity, PL_SEV_INFO);
    assert_int_equal(c->overrides[1].line, 5);
    assert_int_equal(c->overrides[1].col, 10);

    assert_int_equal(c->trusted_registries.n, 2);
    assert_string_equal(c->trusted_registries.items[0], "docker.io");
    assert_string_equal(c->trusted_registries.items[1], "ghcr.io/acme");

    assert_int_equal(c->nlabel_schema, 1);
    assert_string_equal(c->label_schema[0].name, "org.opencontainers.image.source");
    assert_string_equal(c->label_schema[0].type, "url");
    assert_int_equal(c->label_schema[0].line, 8);
    assert_int_equal(c->label_schema[0].col, 3);

    assert_int_equal(c->strict_labels, 0);
    assert_int_equal(c->rules.n, 1);
    assert_string_equal(c->rules.items[0], "ci/plimsoll-rules/");
    assert_true(c->context_max_size == 70000000LL);
    assert_true(c->context_max_files == 5000);
    assert_int_equal(c->exclude.n, 1);
    assert_string_equal(c->exclude.items[0], "third_party/**");
    assert_span(c->exclude.spans[0], 14, 11, 14, 24);
    assert_string_equal(c->advisories, "security/osv/");
    assert_span(c->advisories_span, 15, 13, 15, 25);
    done(&p);
}

static void test_failure_threshold_levels(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int level;
    } cases[] = {
        {"failure-threshold: error\n", PL_SEV_ERROR},
        {"failure-threshold: warning\n", PL_SEV_WARNING},
        {"failure-threshold: info\n", PL_SEV_INFO},
        {"failure-threshold: style\n", PL_SEV_STYLE},
        {"failure-threshold: none\n", -1},
        {"failure-threshold: ignore\n", -1}, /* hadolint's spelling of none */
        {"failure-threshold: ERROR\n", PL_SEV_ERROR},
        {"failure-threshold: 'info'\n", PL_SEV_INFO},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        parsed p;
        expect_clean(cases[i].text, &p);
        assert_int_equal(p.cfg.has_failure_threshold, 1);
        assert_int_equal(p.cfg.failure_threshold, cases[i].level);
        done(&p);
    }
}

static void test_preset(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        pl_preset preset;
    } cases[] = {
        {"preset: recommended\n", PL_PRESET_RECOMMENDED},
        {"preset: strict\n", PL_PRESET_STRICT},
        {"preset: hadolint\n", PL_PRESET_HADOLINT},
        {"preset: Strict\n", PL_PRESET_STRICT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        parsed p;
        expect_clean(cases[i].text, &p);
        assert_int_equal(p.cfg.has_preset, 1);
        assert_int_equal(p.cfg.preset, cases[i].preset);
        done(&p);
    }
    parsed p;
    expect_clean("failure-threshold: error\n", &p);
    assert_int_equal(p.cfg.has_preset, 0);
    done(&p);
    expect_error("preset: strikt\n", 1, 9,
                 "'preset' expects recommended, strict or hadolint, got \"strikt\"; did you mean 'strict'?");
    expect_error("preset: [strict]\n", 1, 9,
                 "'preset' expects recommended, strict or hadolint, got a list");
    expect_error("preset: strict\npreset: hadolint\n", 2, 1,
                 "duplicate key 'preset' (first at line 1)");
}

static void test_block_lists_and_single_strings(void **state)
{
    (void)state;
    parsed p;
    expect_clean("ignore:\n"
                 "  - PL1010\n"
                 "  - \"DL3008\"\n"
                 "trusted-registries: docker.io\n"
                 "rules: ci/rules\n"
                 "exclude: 'vendor/**'\n",
                 &p);
    assert_int_equal(p.cfg.ignore.n, 2);
    assert_string_equal(p.cfg.ignore.items[0], "PL1010");
    assert_string_equal(p.cfg.ignore.items[1], "DL3008");
    assert_span(p.cfg.ignore.spans[0], 2, 5, 2, 10);
    assert_span(p.cfg.ignore.spans[1], 3, 5, 3, 12); /* the quotes included */
    assert_int_equal(p.cfg.trusted_registries.n, 1);
    assert_string_equal(p.cfg.trusted_registries.items[0], "docker.io");
    assert_span(p.cfg.trusted_registries.spans[0], 4, 21, 4, 29);
    assert_int_equal(p.cfg.rules.n, 1);
    assert_string_equal(p.cfg.rules.items[0], "ci/rules");
    assert_int_equal(p.cfg.exclude.n, 1);
    assert_string_equal(p.cfg.exclude.items[0], "vendor/**");
    done(&p);

    expect_clean("ignore: PL1010\n", &p);
    assert_int_equal(p.cfg.ignore.n, 1);
    assert_string_equal(p.cfg.ignore.items[0], "PL1010");
    done(&p);

    expect_clean("exclude: ['*.log', \"*.tmp\"]\n", &p);
    assert_int_equal(p.cfg.exclude.n, 2);
    assert_string_equal(p.cfg.exclude.items[0], "*.log");
    assert_string_equal(p.cfg.exclude.items[1], "*.tmp");
    done(&p);
}

static void test_hadolint_spellings(void **state)
{
    (void)state;
    parsed p;
    expect_clean("ignored: [DL3008, DL3009]\ntrustedRegistries: docker.io\n", &p);
    assert_int_equal(p.cfg.ignore.n, 2);
    assert_string_equal(p.cfg.ignore.items[1], "DL3009");
    assert_int_equal(p.cfg.trusted_registries.n, 1);
    assert_string_equal(p.cfg.trusted_registries.items[0], "docker.io");
    done(&p);

    expect_clean("trustedRegistries:\n  - docker.io\n  - \"*.gcr.io\"\n", &p);
    assert_int_equal(p.cfg.trusted_registries.n, 2);
    assert_string_equal(p.cfg.trusted_registries.items[1], "*.gcr.io");
    done(&p);

    /* A whole .hadolint.yaml of the keys both tools share. */
    expect_clean("failure-threshold: info\n"
                 "ignored:\n  - DL3000\n"
                 "override:\n  error:\n    - DL3001\n  warning:\n    - DL3002\n"
                 "  info:\n    - DL3003\n  style:\n    - DL3004\n"
                 "label-schema:\n  author: text\n  contact: email\n"
                 "strict-labels: true\n"
                 "trustedRegistries:\n  - docker.io\n",
                 &p);
    assert_int_equal(p.cfg.failure_threshold, PL_SEV_INFO);
    assert_int_equal(p.cfg.noverrides, 4);
    assert_int_equal(p.cfg.overrides[3].severity, PL_SEV_STYLE);
    assert_string_equal(p.cfg.overrides[3].rule, "DL3004");
    assert_int_equal(p.cfg.overrides[3].line, 12);
    assert_int_equal(p.cfg.nlabel_schema, 2);
    assert_string_equal(p.cfg.label_schema[1].type, "email");
    assert_int_equal(p.cfg.strict_labels, 1);
    done(&p);
}

static void test_empty_values_are_empty(void **state)
{
    (void)state;
    parsed p;
    expect_clean("ignore:\noverride:\nlabel-schema: {}\ncontext:\nexclude: ~\nrules: null\n"
                 "trusted-registries: []\n",
                 &p);
    assert_int_equal(p.cfg.ignore.n, 0);
    assert_int_equal(p.cfg.noverrides, 0);
    assert_int_equal(p.cfg.nlabel_schema, 0);
    assert_int_equal(p.cfg.exclude.n, 0);
    assert_int_equal(p.cfg.rules.n, 0);
    assert_int_equal(p.cfg.trusted_registries.n, 0);
    assert_true(p.cfg.context_max_size == 0);
    assert_int_equal(p.cfg.has_failure_threshold, 0);
    done(&p);

    expect_clean("override:\n  error:\n  info: []\n", &p);
    assert_int_equal(p.cfg.noverrides, 0);
    done(&p);
}

static void test_override_every_severity(void **state)
{
    (void)state;
    parsed p;
    expect_clean("override:\n"
                 "  error: [a, b]\n"
                 "  warning: c\n"
                 "  info: [d]\n"
                 "  style: [e]\n"
                 "  ignore: [f]\n",
                 &p);
    static const struct {
        const char *rule;
        pl_severity severity;
        int line, col;
    } want[] = {
        {"a", PL_SEV_ERROR, 2, 11}, {"b", PL_SEV_ERROR, 2, 14}, {"c", PL_SEV_WARNING, 3, 12},
        {"d", PL_SEV_INFO, 4, 10},  {"e", PL_SEV_STYLE, 5, 11}, {"f", PL_SEV_NONE, 6, 12},
    };
    assert_int_equal(p.cfg.noverrides, 6);
    for (int i = 0; i < 6; i++) {
        assert_string_equal(p.cfg.overrides[i].rule, want[i].rule);
        assert_int_equal(p.cfg.overrides[i].severity, want[i].severity);
        assert_int_equal(p.cfg.overrides[i].line, want[i].line);
        assert_int_equal(p.cfg.overrides[i].col, want[i].col);
    }
    done(&p);
}

static void test_rule_options(void **state)
{
    (void)state;
    parsed p;
    expect_clean("options:\n"
                 "  no-build-and-image: {checkPullPolicy: false}\n"
                 "  PL2110:\n"
                 "    prohibitedTags: [latest, dev]\n"
                 "    quoteType: single\n"
                 "    depth: 3\n"
                 "  empty:\n",
                 &p);
    assert_int_equal(p.cfg.noptions, 2);
    assert_string_equal(p.cfg.options[0].rule, "no-build-and-image");
    assert_int_equal(p.cfg.options[0].line, 2);
    assert_int_equal(p.cfg.options[0].col, 3);
    const pl_config_value *v = pl_config_value_get(p.cfg.options[0].options, "checkPullPolicy");
    assert_non_null(v);
    assert_int_equal(v->kind, PL_CV_BOOL);
    assert_int_equal(pl_config_option_bool(v, 1), 0);
    assert_int_equal(v->span.line, 2);
    assert_int_equal(v->span.col, 41);
    const pl_config_value *m = p.cfg.options[1].options;
    const char **tags;
    assert_int_equal(pl_config_option_strings(p.arena, pl_config_value_get(m, "prohibitedTags"),
                                              &tags), 2);
    assert_string_equal(tags[1], "dev");
    assert_string_equal(pl_config_option_string(pl_config_value_get(m, "quoteType"), "double"),
                        "single");
    assert_int_equal(pl_config_option_int(pl_config_value_get(m, "depth"), 0), 3);
    /* wrong types fall back to the default */
    assert_int_equal(pl_config_option_bool(pl_config_value_get(m, "depth"), 1), 1);
    assert_null(pl_config_value_get(m, "absent"));
    done(&p);

    parse(&p, "options: [a]\n");
    assert_diag(nth_diag(&p, 0), 1, 10,
                "'options' expects a mapping from rule to its options (no-build-and-image: "
                "{checkPullPolicy: false}), got a list");
    done(&p);
    parse(&p, "options:\n  x: 3\n");
    assert_diag(nth_diag(&p, 0), 2, 6, "'options.x' expects a mapping of option names to values, "
                                       "got the number 3");
    done(&p);
}

static void test_label_schema_every_type(void **state)
{
    (void)state;
    parsed p;
    expect_clean("label-schema:\n"
                 "  a: text\n  b: url\n  c: semver\n  d: hash\n  e: rfc3339\n  f: spdx\n"
                 "  g: email\n  h: URL\n  \"i.j\": 'text'\n",
                 &p);
    static const char *const want[] = {"text", "url", "semver", "hash", "rfc3339",
                                       "spdx", "email", "url", "text"};
    assert_int_equal(p.cfg.nlabel_schema, 9);
    for (int i = 0; i < 9; i++) {
        assert_string_equal(p.cfg.label_schema[i].type, want[i]);
        assert_int_equal(p.cfg.label_schema[i].line, i + 2);
        assert_int_equal(p.cfg.label_schema[i].col, 3);
    }
    assert_string_equal(p.cfg.label_schema[8].name, "i.j");
    done(&p);
}

static void test_strict_labels(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int value;
    } cases[] = {
        {"strict-labels: true\n", 1},  {"strict-labels: True\n", 1},
        {"strict-labels: TRUE\n", 1},  {"strict-labels: false\n", 0},
        {"strict-labels: FALSE\n", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        parsed p;
        expect_clean(cases[i].text, &p);
        assert_int_equal(p.cfg.strict_labels, cases[i].value);
        done(&p);
    }
}

static void test_context_values(void **state)
{
    (void)state;
    parsed p;
    expect_clean("context:\n  max-size: 1000\n  max-files: 0\n", &p);
    assert_true(p.cfg.context_max_size == 1000);
    assert_true(p.cfg.context_max_files == 0);
    done(&p);

    expect_clean("context: {max-size: \"1.5 GiB\", max-files: 12}\n", &p);
    assert_true(p.cfg.context_max_size == 1610612736LL);
    assert_true(p.cfg.context_max_files == 12);
    done(&p);

    expect_clean("context:\n  max-size: 512KiB\n", &p);
    assert_true(p.cfg.context_max_size == 524288);
    assert_true(p.cfg.context_max_files == 0);
    done(&p);
}

static void test_anchors_and_aliases(void **state)
{
    (void)state;
    parsed p;
    expect_clean("ignore: &noisy [PL1010, PL1011]\noverride:\n  info: *noisy\n", &p);
    assert_int_equal(p.cfg.ignore.n, 2);
    assert_int_equal(p.cfg.noverrides, 2);
    assert_string_equal(p.cfg.overrides[1].rule, "PL1011");
    assert_int_equal(p.cfg.overrides[1].line, 1); /* where the anchored list is */
    done(&p);
}

static void test_empty_files_are_defaults(void **state)
{
    (void)state;
    static const char *const texts[] = {"", "\n\n", "# only a comment\n", "---\n", "~\n",
                                        "--- # nothing\n...\n"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        parsed p;
        expect_clean(texts[i], &p);
        assert_int_equal(p.cfg.has_failure_threshold, 0);
        assert_int_equal(p.cfg.ignore.n, 0);
        assert_string_equal(p.cfg.path, "test.yaml");
        done(&p);
    }
}

static void test_template_is_valid(void **state)
{
    (void)state;
    const char *t = pl_config_template();
    assert_non_null(t);
    parsed p;
    expect_clean(t, &p);
    /* It spells out every key, so each default is the one pl_config_init gives. */
    assert_int_equal(p.cfg.has_failure_threshold, 1);
    assert_int_equal(p.cfg.failure_threshold, PL_SEV_WARNING);
    assert_int_equal(p.cfg.strict_labels, 0);
    assert_int_equal(p.cfg.ignore.n, 0);
    assert_true(p.cfg.context_max_size == 0);
    static const char *const keys[] = {"\nfailure-threshold:", "\nignore:", "\noverride:",
                                       "\ntrusted-registries:", "\nlabel-schema:",
                                       "\nstrict-labels:", "\nrules:", "\ncontext:",
                                       "\n  max-size:", "\n  max-files:", "\nexclude:"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        assert_non_null(strstr(t, keys[i]));
    /* Its commented examples are valid too once uncommented. */
    parsed q;
    expect_clean("ignore: [PL1010, DL3008]\n"
                 "override:\n  error: [PL1001]\n  info: [apt-pin-versions]\n"
                 "trusted-registries: [docker.io, ghcr.io/acme]\n"
                 "label-schema:\n  org.opencontainers.image.source: url\n"
                 "rules: [ci/plimsoll-rules/]\n"
                 "exclude: [third_party/**, '*.generated.Dockerfile']\n",
                 &q);
    assert_non_null(strstr(t, "#   exclude: [third_party/**, '*.generated.Dockerfile']\n"));
    assert_non_null(strstr(t, "#     org.opencontainers.image.source: url\n"));
    done(&q);
    done(&p);
}

/* ---- errors ------------------------------------------------------------------------ */

static const char valid_keys[] = "failure-threshold, ignore, override, trusted-registries, "
                                 "label-schema, strict-labels, rules, context, exclude, dockerfiles, options, preset, requirements, advisories";

static void test_unknown_keys(void **state)
{
    (void)state;
    expect_error("failur-threshold: warning\n", 1, 1,
                 "unknown key 'failur-threshold'; did you mean 'failure-threshold'?");
    expect_error("ignore: []\nstrict_labels: true\n", 2, 1,
                 "unknown key 'strict_labels'; did you mean 'strict-labels'?");
    expect_error("failureThreshold: error\n", 1, 1,
                 "unknown key 'failureThreshold'; did you mean 'failure-threshold'?");
    expect_error("exlude: [a]\n", 1, 1, "unknown key 'exlude'; did you mean 'exclude'?");
    expect_error("Ignore: [a]\n", 1, 1, "unknown key 'Ignore'; did you mean 'ignore'?");
    expect_error("trusted_registry: [a]\n", 1, 1,
                 "unknown key 'trusted_registry'; did you mean 'trusted-registries'?");
    char msg[512];
    snprintf(msg, sizeof msg, "unknown key 'colour'; valid keys are %s", valid_keys);
    expect_error("colour: red\n", 1, 1, msg);
    snprintf(msg, sizeof msg, "unknown key '42'; valid keys are %s", valid_keys);
    expect_error("  42: x\n", 1, 3, msg);
    expect_error("context:\n  max_size: 1MB\n", 2, 3,
                 "unknown key 'max_size' in 'context'; did you mean 'max-size'?");
    expect_error("context:\n  budget: 1MB\n", 2, 3,
                 "unknown key 'budget' in 'context'; valid keys are max-size, max-files");
    expect_error("requirements:\n  ranges_allowed: [x]\n", 2, 3,
                 "unknown key 'ranges_allowed' in 'requirements'; did you mean 'ranges-allowed'?");
    expect_error("advisories: [a.zip]\n", 1, 13,
                 "'advisories' expects a path (a directory or .zip of OSV records), got a list");
    expect_error("requirements: [x]\n", 1, 15,
                 "'requirements' expects a mapping with ranges-allowed, got a list");
    expect_error("max-size: 70MB\n", 1, 1, "unknown key 'max-size'; it belongs under 'context:'");
    expect_error("no-fail: true\n", 1, 1,
                 "unknown key 'no-fail' (a hadolint option); use 'failure-threshold: none'");
    expect_error("format: json\n", 1, 1,
                 "unknown key 'format' (a hadolint option); use --format on the command line");
}

static void test_wrong_types(void **state)
{
    (void)state;
    expect_error("strict-labels: maybe\n", 1, 16,
                 "'strict-labels' expects true or false, got \"maybe\"");
    expect_error("strict-labels: \"true\"\n", 1, 16,
                 "'strict-labels' expects true or false, got \"true\"");
    expect_error("strict-labels: 1\n", 1, 16,
                 "'strict-labels' expects true or false, got the number 1");
    expect_error("strict-labels:\n", 1, 15,
                 "'strict-labels' expects true or false, got an empty value");
    expect_error("ignore: 3\n", 1, 9,
                 "'ignore' expects a rule name or a list of rule names, got the number 3");
    expect_error("ignore: {a: b}\n", 1, 9,
                 "'ignore' expects a rule name or a list of rule names, got a mapping");
    expect_error("ignored: true\n", 1, 10,
                 "'ignored' expects a rule name or a list of rule names, got the boolean true");
    expect_error("trustedRegistries: ''\n", 1, 20,
                 "'trustedRegistries' expects a registry or a list of registries, got an empty "
                 "string");
    expect_error("context: [1]\n", 1, 10,
                 "'context' expects a mapping with max-size and max-files, got a list");
    expect_error("context: 70MB\n", 1, 10,
                 "'context' expects a mapping with max-size and max-files, got \"70MB\"");
    expect_error("override: [PL1001]\n", 1, 11,
                 "'override' expects a mapping from severity to rules (error: [PL1001]), got a "
                 "list");
    expect_error("label-schema: [a]\n", 1, 15,
                 "'label-schema' expects a mapping from label name to type (text, url, semver, "
                 "hash, rfc3339, spdx, email), got a list");
    expect_error("failure-threshold: [error]\n", 1, 20,
                 "'failure-threshold' expects error, warning, info, style or none, got a list");
    expect_error("override:\n  error: 7\n", 2, 10,
                 "'override.error' expects a rule name or a list of rule names, got the number 7");
    expect_error("rules: 1.5\n", 1, 8,
                 "'rules' expects a rule pack path or a list of rule pack paths, got the number "
                 "1.5");
    expect_error("exclude: [\"\"]\n", 1, 11,
                 "'exclude' items must be glob patterns, got an empty string");
    expect_error("ignore: \"a\\0b\"\n", 1, 9,
                 "'ignore' expects a rule name or a list of rule names, got text with a NUL "
                 "character");
    expect_error("? [a]\n: 1\n", 1, 3, "keys must be names, got a list");
    expect_error("~: 1\n", 1, 1, "keys must be names, got an empty value");
}

static void test_list_items_each_reported(void **state)
{
    (void)state;
    parsed p;
    parse(&p, "ignore: [PL1, 3, {a: b}, ~, PL2]\n");
    assert_int_equal(p.rc, -1);
    assert_int_equal(p.diags.count, 3);
    assert_diag(nth_diag(&p, 0), 1, 15, "'ignore' items must be rule names, got the number 3");
    assert_diag(nth_diag(&p, 1), 1, 18, "'ignore' items must be rule names, got a mapping");
    assert_diag(nth_diag(&p, 2), 1, 26, "'ignore' items must be rule names, got an empty value");
    /* The good items are kept. */
    assert_int_equal(p.cfg.ignore.n, 2);
    assert_string_equal(p.cfg.ignore.items[0], "PL1");
    assert_string_equal(p.cfg.ignore.items[1], "PL2");
    done(&p);
}

static void test_bad_severity_names(void **state)
{
    (void)state;
    expect_error("failure-threshold: warn\n", 1, 20,
                 "'failure-threshold' expects error, warning, info, style or none, got \"warn\"; "
                 "did you mean 'warning'?");
    expect_error("failure-threshold: fatal\n", 1, 20,
                 "'failure-threshold' expects error, warning, info, style or none, got \"fatal\"");
    expect_error("failure-threshold: 2\n", 1, 20,
                 "'failure-threshold' expects error, warning, info, style or none, got the "
                 "number 2");
    expect_error("override:\n  eror: [PL1001]\n", 2, 3,
                 "unknown severity 'eror' in 'override'; did you mean 'error'?");
    expect_error("override:\n  fatal: [PL1001]\n", 2, 3,
                 "unknown severity 'fatal' in 'override'; valid severities are error, warning, "
                 "info, style, ignore");
}

static void test_bad_label_types(void **state)
{
    (void)state;
    expect_error("label-schema:\n  org.opencontainers.image.source: uri\n", 2, 36,
                 "'label-schema.org.opencontainers.image.source' expects text, url, semver, hash, "
                 "rfc3339, spdx or email, got \"uri\"; did you mean 'url'?");
    expect_error("label-schema:\n  maintainer: string\n", 2, 15,
                 "'label-schema.maintainer' expects text, url, semver, hash, rfc3339, spdx or "
                 "email, got \"string\"");
    expect_error("label-schema:\n  version:\n", 2, 11,
                 "'label-schema.version' expects text, url, semver, hash, rfc3339, spdx or email, "
                 "got an empty value");
    expect_error("label-schema:\n  \"\": text\n", 2, 3,
                 "label names in 'label-schema' must not be empty");
}

static void test_bad_sizes_and_numbers(void **state)
{
    (void)state;
    const char *size_msg = "'context.max-size' expects a size such as 70MB, 1.5GiB or 5000 "
                           "(bytes; MB = 1000000, MiB = 1048576), got ";
    char msg[512];
    snprintf(msg, sizeof msg, "%s\"lots\"", size_msg);
    expect_error("context:\n  max-size: lots\n", 2, 13, msg);
    snprintf(msg, sizeof msg, "%s\"10 parsecs\"", size_msg);
    expect_error("context:\n  max-size: 10 parsecs\n", 2, 13, msg);
    snprintf(msg, sizeof msg, "%sthe boolean true", size_msg);
    expect_error("context:\n  max-size: true\n", 2, 13, msg);
    snprintf(msg, sizeof msg, "%sthe number 0x10", size_msg);
    expect_error("context:\n  max-size: 0x10\n", 2, 13, msg);
    expect_error("context:\n  max-size: -5MB\n", 2, 13,
                 "'context.max-size' must not be negative, got -5MB");
    expect_error("context:\n  max-size: -1\n", 2, 13,
                 "'context.max-size' must not be negative, got -1");
    expect_error("context:\n  max-files: -1\n", 2, 14,
                 "'context.max-files' must not be negative, got -1");
    expect_error("context:\n  max-files: 99999999999999999999\n", 2, 14,
                 "'context.max-files' is too large: 99999999999999999999");
    expect_error("context:\n  max-files: many\n", 2, 14,
                 "'context.max-files' expects a whole number, got \"many\"");
    expect_error("context:\n  max-files: 1.5\n", 2, 14,
                 "'context.max-files' expects a whole number, got the number 1.5");
    expect_error("context:\n  max-files: \"5000\"\n", 2, 14,
                 "'context.max-files' expects a whole number, got \"5000\"");
}

static void test_duplicate_keys(void **state)
{
    (void)state;
    expect_error("ignore: [a]\nexclude: [b]\nignore: [c]\n", 3, 1,
                 "duplicate key 'ignore' (first at line 1)");
    expect_error("ignore: [a]\nignored: [c]\n", 2, 1,
                 "duplicate key 'ignored' (same as 'ignore' at line 1)");
    expect_error("trustedRegistries: a\ntrusted-registries: [b]\n", 2, 1,
                 "duplicate key 'trusted-registries' (same as 'trustedRegistries' at line 1)");
    expect_error("override:\n  error: [a]\n  info: [b]\n  error: [c]\n", 4, 3,
                 "duplicate key 'error' in 'override' (first at line 2)");
    expect_error("override:\n  ignore: [a]\n  none: [b]\n", 3, 3,
                 "duplicate key 'none' in 'override' (same as 'ignore' at line 2)");
    expect_error("label-schema:\n  a: text\n  b: url\n  a: url\n", 4, 3,
                 "duplicate key 'a' in 'label-schema' (first at line 2)");
    expect_error("context:\n  max-files: 1\n  max-files: 2\n", 3, 3,
                 "duplicate key 'max-files' in 'context' (first at line 2)");
    /* The first value stands. */
    parsed p;
    parse(&p, "strict-labels: true\nstrict-labels: false\n");
    assert_int_equal(p.diags.count, 1);
    assert_int_equal(p.cfg.strict_labels, 1);
    done(&p);
}

static void test_yaml_syntax_errors(void **state)
{
    (void)state;
    expect_error("ignore: [a\n", 2, 1,
                 "invalid YAML: did not find expected ',' or ']', while parsing a flow sequence "
                 "at line 1, column 9");
    expect_error("ignore: a: b\n", 1, 10,
                 "invalid YAML: mapping values are not allowed in this context");
    expect_error("ignore:\n\t- a\n", 2, 1,
                 "invalid YAML: found character that cannot start any token, while scanning for "
                 "the next token at line 2, column 1");
    expect_error("exclude: [*.log]\n", 1, 12,
                 "invalid YAML: did not find expected alphabetic or numeric character, while "
                 "scanning an alias at line 1, column 11; quote values that start with '*'");
    expect_error("ignore: *nope\n", 1, 9, "invalid YAML: found undefined alias");
    expect_error("ignore: \"PL1010\n", 2, 1,
                 "invalid YAML: found unexpected end of stream, while scanning a quoted scalar at "
                 "line 1, column 9");
    /* The reader's errors are byte offsets. */
    expect_error("ignore: [a]\n\x01", 2, 1,
                 "invalid YAML: control characters are not allowed (#x1)");
    expect_error("a\xff" "b: 1\n", 1, 2, "invalid YAML: invalid leading UTF-8 octet (#xFF)");
    parsed nul;
    parse_bytes(&nul, "ignore: [a]\n\0\n", 14);
    assert_int_equal(nul.diags.count, 1);
    assert_diag(nul.diags.head, 2, 1, "invalid YAML: control characters are not allowed (#x0)");
    done(&nul);
    /* A syntax error leaves the defaults. */
    parsed p;
    parse(&p, "failure-threshold: error\nignore: [a\n");
    assert_int_equal(p.rc, -1);
    assert_int_equal(p.cfg.has_failure_threshold, 0);
    done(&p);
}

static void test_not_a_mapping(void **state)
{
    (void)state;
    expect_error("[a, b]\n", 1, 1,
                 "the config file must be a mapping of keys (like 'failure-threshold: warning'), "
                 "got a list");
    expect_error("# settings\n- ignore: a\n", 2, 1,
                 "the config file must be a mapping of keys (like 'failure-threshold: warning'), "
                 "got a list");
    expect_error("hello\n", 1, 1,
                 "the config file must be a mapping of keys (like 'failure-threshold: warning'), "
                 "got \"hello\"");
    expect_error("42\n", 1, 1,
                 "the config file must be a mapping of keys (like 'failure-threshold: warning'), "
                 "got the number 42");
    expect_error("ignore: [a]\n---\nignore: [b]\n", 3, 1,
                 "the config file must hold one YAML document, found a second one");
    expect_error("ignore: [a]\n---\nignore: [b\n", 4, 1,
                 "invalid YAML: did not find expected ',' or ']', while parsing a flow sequence "
                 "at line 3, column 9");
}

static void test_every_error_is_reported(void **state)
{
    (void)state;
    parsed p;
    parse(&p, "failure-threshold: loud\n"
              "ignore: [PL1010]\n"
              "strict-labels: maybe\n"
              "colour: red\n"
              "context:\n"
              "  max-size: lots\n"
              "  max-files: 10\n"
              "exclude: [x]\n");
    assert_int_equal(p.rc, -1);
    assert_int_equal(p.diags.count, 4);
    assert_int_equal(nth_diag(&p, 0)->span.line, 1);
    assert_int_equal(nth_diag(&p, 1)->span.line, 3);
    assert_int_equal(nth_diag(&p, 2)->span.line, 4);
    assert_int_equal(nth_diag(&p, 3)->span.line, 6);
    /* Everything valid is still applied. */
    assert_int_equal(p.cfg.ignore.n, 1);
    assert_true(p.cfg.context_max_files == 10);
    assert_int_equal(p.cfg.exclude.n, 1);
    assert_int_equal(p.cfg.has_failure_threshold, 0);
    done(&p);
}

static void test_columns_count_bytes(void **state)
{
    (void)state;
    /* libyaml counts characters: "café" is 4 of them but 5 bytes. */
    expect_error("label-schema:\n  \"café.x\": uri\n", 2, 14,
                 "'label-schema.café.x' expects text, url, semver, hash, rfc3339, spdx or email, "
                 "got \"uri\"; did you mean 'url'?");
    expect_error("ignore: [é, 3]\n", 1, 14,
                 "'ignore' items must be rule names, got the number 3");
    /* CRLF and CR line ends, as libyaml counts them. */
    expect_error("ignore: x\r\nzz: 1\r\n", 2, 1,
                 "unknown key 'zz'; valid keys are failure-threshold, ignore, override, "
                 "trusted-registries, label-schema, strict-labels, rules, context, exclude, dockerfiles, options, preset, requirements, advisories");
    expect_error("ignore: x\r\rstrict-labels: 5\r", 3, 16,
                 "'strict-labels' expects true or false, got the number 5");
    /* Positions asked for out of order on one line (the first of a duplicate
     * pair is looked up after the second) stay right. */
    parsed p;
    parse(&p, "label-schema: {\xC3\xA9: text, \xC3\xA9: url, b: uri}\n");
    assert_int_equal(p.diags.count, 2);
    assert_diag(nth_diag(&p, 0), 1, 26, "duplicate key '\xC3\xA9' in 'label-schema' (first at line 1)");
    assert_int_equal(nth_diag(&p, 1)->span.col, 38);
    done(&p);
    /* A byte-order mark is not a column. */
    expect_error("\xEF\xBB\xBF" "strict-labels: 5\n", 1, 16,
                 "'strict-labels' expects true or false, got the number 5");
}

static void test_long_and_odd_text_is_bounded(void **state)
{
    (void)state;
    char text[512];
    snprintf(text, sizeof text, "strict-labels: \"%s\"\n",
             "0123456789012345678901234567890123456789overflow");
    expect_error(text, 1, 16,
                 "'strict-labels' expects true or false, got "
                 "\"0123456789012345678901234567890123456789...\"");
    expect_error("strict-labels: \"a\\tb\"\n", 1, 16,
                 "'strict-labels' expects true or false, got \"a\\x09b\"");
}

static void test_long_lines_stay_linear(void **state)
{
    (void)state;
    /* One flow list of many items on one line, as a generated file may have:
     * each item's position must not cost a walk from the line start. */
    enum { N = 50000 };
    pl_strbuf sb;
    pl_arena *scratch = pl_arena_new();
    pl_sb_init(&sb, scratch);
    pl_sb_puts(&sb, "ignore: [");
    for (int i = 0; i < N; i++)
        pl_sb_printf(&sb, "%sR%05d", i ? ", \xC3\xA9" : "\xC3\xA9", i);
    pl_sb_puts(&sb, "]\n");
    parsed p;
    expect_clean(pl_sb_str(&sb), &p);
    assert_int_equal(p.cfg.ignore.n, N);
    /* "ignore: [" then items of 8 bytes ("éRnnnnn") joined by ", ". */
    assert_int_equal(p.cfg.ignore.spans[N - 1].col, 10 + (N - 1) * 10);
    assert_int_equal(p.cfg.ignore.spans[N - 1].end_col, 10 + (N - 1) * 10 + 7);
    done(&p);
    pl_arena_free(scratch);
}

/* ---- reading files ------------------------------------------------------------------ */

static char *make_temp_dir(void)
{
    char tmpl[] = "/tmp/plimsoll-config-XXXXXX";
    char *dir = mkdtemp(tmpl);
    assert_non_null(dir);
    return strdup(dir);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static void remove_tree(char *dir)
{
    nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(dir);
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void make_dir(const char *dir, const char *name)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_int_equal(mkdir(path, 0755), 0);
}

static void test_dockerfiles(void **state)
{
    (void)state;
    parsed p;
    expect_clean("dockerfiles:\n"
                 "  services/api/Dockerfile: {context: ., target: production,\n"
                 "                            args: {PYTHON_VERSION: 3.12, EMPTY: }}\n"
                 "  worker.Dockerfile:\n"
                 "    target: dev\n",
                 &p);
    assert_int_equal(p.cfg.ndockerfiles, 2);
    const pl_config_dockerfile *d = &p.cfg.dockerfiles[0];
    assert_string_equal(d->dockerfile, "services/api/Dockerfile");
    assert_string_equal(d->context, ".");
    assert_string_equal(d->target, "production");
    assert_int_equal(d->nargs, 2);
    assert_string_equal(d->arg_names[0], "PYTHON_VERSION");
    assert_string_equal(d->arg_values[0], "3.12");
    assert_string_equal(d->arg_names[1], "EMPTY");
    assert_string_equal(d->arg_values[1], "");
    assert_int_equal(d->span.line, 2);
    assert_int_equal(d->span.col, 3);
    assert_null(p.cfg.dockerfiles[1].context);
    assert_string_equal(p.cfg.dockerfiles[1].target, "dev");
    done(&p);

    expect_error("dockerfiles:\n  Dockerfile: {stage: x}\n", 2, 16,
                 "unknown key 'stage' in 'dockerfiles.Dockerfile'; valid keys are context, target, args");
    expect_error("dockerfiles:\n  Dockerfile: {target: [a]}\n", 2, 24,
                 "'dockerfiles.Dockerfile.target' expects a text value, got a list");
    expect_error("dockerfiles: [Dockerfile]\n", 1, 14,
                 "'dockerfiles' expects a mapping of Dockerfile paths to {context, target, args}, "
                 "got a list");
}

static void test_load_file(void **state)
{
    (void)state;
    char *dir = make_temp_dir();
    write_file(dir, "good.yaml", "ignore: [PL1010]\ncontext:\n  max-files: 7\n");
    write_file(dir, "bad.yaml", "ignore: [PL1010]\nstrict-labels: maybe\n");
    make_dir(dir, "sub.yaml");
    char path[PATH_MAX];
    pl_arena *a = pl_arena_new();

    pl_config cfg;
    pl_diag_list diags = {0};
    snprintf(path, sizeof path, "%s/good.yaml", dir);
    assert_int_equal(pl_config_load(a, path, &cfg, &diags), 0);
    assert_int_equal(diags.count, 0);
    assert_string_equal(cfg.path, path);
    assert_int_equal(cfg.ignore.n, 1);
    assert_true(cfg.context_max_files == 7);

    snprintf(path, sizeof path, "%s/bad.yaml", dir);
    assert_int_equal(pl_config_load(a, path, &cfg, &diags), -1);
    assert_int_equal(diags.count, 1);
    assert_diag(diags.head, 2, 16, "'strict-labels' expects true or false, got \"maybe\"");

    pl_diag_list missing = {0};
    snprintf(path, sizeof path, "%s/missing.yaml", dir);
    assert_int_equal(pl_config_load(a, path, &cfg, &missing), -1);
    assert_int_equal(missing.count, 1);
    assert_diag(missing.head, 0, 0, "cannot read config file: No such file or directory");
    assert_string_equal(cfg.path, path);

    pl_diag_list isdir = {0};
    snprintf(path, sizeof path, "%s/sub.yaml", dir);
    assert_int_equal(pl_config_load(a, path, &cfg, &isdir), -1);
    assert_int_equal(isdir.count, 1);
    assert_diag(isdir.head, 0, 0, "cannot read config file: it is a directory");

    pl_arena_free(a);
    remove_tree(dir);
}

static void test_resolve_path(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_config cfg;
    pl_config_init(&cfg);
    assert_string_equal(pl_config_resolve_path(a, &cfg, "ci/rules"), "ci/rules");
    cfg.path = "repo/sub/.plimsoll.yaml";
    assert_string_equal(pl_config_resolve_path(a, &cfg, "ci/rules"), "repo/sub/ci/rules");
    assert_string_equal(pl_config_resolve_path(a, &cfg, "/opt/rules"), "/opt/rules");
    cfg.path = ".plimsoll.yaml";
    assert_string_equal(pl_config_resolve_path(a, &cfg, "ci/rules"), "ci/rules");
    cfg.path = "/.plimsoll.yaml";
    assert_string_equal(pl_config_resolve_path(a, &cfg, "ci/rules"), "/ci/rules");
    pl_arena_free(a);
}

/* ---- sizes ------------------------------------------------------------------------------ */

static void test_parse_size(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        long long bytes;
    } cases[] = {
        {"0", 0},
        {"1000", 1000},
        {"1000B", 1000},
        {"1000 b", 1000},
        {"70MB", 70000000LL},
        {"70mb", 70000000LL},
        {"70 MB", 70000000LL},
        {" 70MB ", 70000000LL},
        {"70M", 70000000LL},
        {"70MiB", 70LL * 1024 * 1024},
        {"70mi", 70LL * 1024 * 1024},
        {"512k", 512000},
        {"512K", 512000},
        {"512kB", 512000},
        {"512KiB", 524288},
        {"1Ki", 1024},
        {"2g", 2000000000LL},
        {"2GB", 2000000000LL},
        {"2GiB", 2147483648LL},
        {"1.5 GiB", 1610612736LL},
        {"1.5GB", 1500000000LL},
        {"0.5KB", 500},
        {"0.1GiB", 107374182LL}, /* 107374182.4, truncated */
        {"1.5", 1},
        {"1TB", 1000000000000LL},
        {"1.5TiB", 1649267441664LL},
        {"9223372036854775807", 9223372036854775807LL},
        {"9223372036854775807B", 9223372036854775807LL},
        {"8589934591.999999999GiB", 9223372036854775806LL},
        /* malformed or out of range */
        {"", -1},
        {"   ", -1},
        {"lots", -1},
        {"MB", -1},
        {"-1", -1},
        {"-5MB", -1},
        {"+5", -1},
        {"1.", -1},
        {".5", -1},
        {"1.5.5", -1},
        {"1 M B", -1},
        {"1x", -1},
        {"1KBB", -1},
        {"1Kib2", -1},
        {"1e3", -1},
        {"9223372036854775808", -1},
        {"10000000000GB", -1},
        {"8589934592GiB", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        long long got = pl_config_parse_size(cases[i].text);
        if (got != cases[i].bytes)
            print_error("\"%s\": got %lld, want %lld\n", cases[i].text, got, cases[i].bytes);
        assert_true(got == cases[i].bytes);
    }
    assert_true(pl_config_parse_size(NULL) == -1);
}

/* ---- discovery ---------------------------------------------------------------------------- */

static const char *joinp(char *buf, const char *dir, const char *rest)
{
    snprintf(buf, PATH_MAX, "%s/%s", dir, rest);
    return buf;
}

static void test_discover(void **state)
{
    (void)state;
    char *tmp = make_temp_dir();
    char *root = realpath(tmp, NULL); /* /tmp may itself be a symlink */
    assert_non_null(root);
    make_dir(root, "a");
    make_dir(root, "a/b");
    make_dir(root, "a/b/c");
    make_dir(root, "x");
    write_file(root, ".plimsoll.yml", "ignore: [root]\n");
    write_file(root, "a/.plimsoll.yaml", "ignore: [a]\n");
    write_file(root, "a/b/c/Dockerfile", "FROM scratch\n");
    char p1[PATH_MAX], p2[PATH_MAX], want[PATH_MAX];
    pl_arena *a = pl_arena_new();

    /* From a file: its directory first, then upward. */
    const char *found = pl_config_discover(a, joinp(p1, root, "a/b/c/Dockerfile"), root);
    assert_non_null(found);
    assert_string_equal(found, joinp(want, root, "a/.plimsoll.yaml"));
    assert_string_equal(pl_config_discover(a, joinp(p1, root, "a/b/c"), root), want);
    assert_string_equal(pl_config_discover(a, joinp(p1, root, "a"), root), want);
    /* .yml is found too. */
    assert_string_equal(pl_config_discover(a, joinp(p1, root, "x"), root),
                        joinp(want, root, ".plimsoll.yml"));
    assert_string_equal(pl_config_discover(a, root, root), want);
    assert_string_equal(pl_config_discover(a, joinp(p1, root, "x"), NULL), want);
    /* .yaml wins over .yml in the same directory. */
    write_file(root, "a/.plimsoll.yml", "ignore: [a-yml]\n");
    assert_string_equal(pl_config_discover(a, joinp(p1, root, "a/b"), root),
                        joinp(want, root, "a/.plimsoll.yaml"));
    /* Stops after stop_dir, compared by real path. */
    assert_null(pl_config_discover(a, joinp(p1, root, "a/b/c/Dockerfile"),
                                   joinp(p2, root, "a/b")));
    assert_null(pl_config_discover(a, joinp(p1, root, "a/b/c"), joinp(p2, root, "a/b/../b/")));
    assert_string_equal(pl_config_discover(a, joinp(p1, root, "a/b/c"), joinp(p2, root, "a")),
                        joinp(want, root, "a/.plimsoll.yaml"));
    /* A directory of that name is not a config file. */
    make_dir(root, "a/b/.plimsoll.yaml");
    assert_string_equal(pl_config_discover(a, joinp(p1, root, "a/b/c"), root),
                        joinp(want, root, "a/.plimsoll.yaml"));
    /* Through a symlink: the real tree is walked. */
    assert_int_equal(symlink(joinp(p2, root, "a/b/c"), joinp(p1, root, "link")), 0);
    assert_string_equal(pl_config_discover(a, joinp(p1, root, "link"), root),
                        joinp(want, root, "a/.plimsoll.yaml"));
    /* Relative paths work from the working directory. */
    char cwd[PATH_MAX];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(joinp(p1, root, "a/b")), 0);
    found = pl_config_discover(a, "c/Dockerfile", "..");
    assert_int_equal(chdir(cwd), 0);
    assert_non_null(found);
    assert_string_equal(found, joinp(want, root, "a/.plimsoll.yaml"));
    /* Nothing to start from. */
    assert_null(pl_config_discover(a, joinp(p1, root, "missing/Dockerfile"), root));
    assert_null(pl_config_discover(a, "", root));
    assert_null(pl_config_discover(a, NULL, root));
    /* Found and readable. */
    pl_config cfg;
    pl_diag_list diags = {0};
    assert_int_equal(pl_config_load(a, joinp(want, root, "a/.plimsoll.yaml"), &cfg, &diags), 0);
    assert_string_equal(cfg.ignore.items[0], "a");

    pl_arena_free(a);
    free(root);
    remove_tree(tmp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_defaults),
        cmocka_unit_test(test_spec_example),
        cmocka_unit_test(test_failure_threshold_levels),
        cmocka_unit_test(test_preset),
        cmocka_unit_test(test_block_lists_and_single_strings),
        cmocka_unit_test(test_hadolint_spellings),
        cmocka_unit_test(test_empty_values_are_empty),
        cmocka_unit_test(test_override_every_severity),
        cmocka_unit_test(test_rule_options),
        cmocka_unit_test(test_label_schema_every_type),
        cmocka_unit_test(test_strict_labels),
        cmocka_unit_test(test_context_values),
        cmocka_unit_test(test_anchors_and_aliases),
        cmocka_unit_test(test_empty_files_are_defaults),
        cmocka_unit_test(test_template_is_valid),
        cmocka_unit_test(test_unknown_keys),
        cmocka_unit_test(test_wrong_types),
        cmocka_unit_test(test_list_items_each_reported),
        cmocka_unit_test(test_bad_severity_names),
        cmocka_unit_test(test_bad_label_types),
        cmocka_unit_test(test_bad_sizes_and_numbers),
        cmocka_unit_test(test_duplicate_keys),
        cmocka_unit_test(test_yaml_syntax_errors),
        cmocka_unit_test(test_not_a_mapping),
        cmocka_unit_test(test_every_error_is_reported),
        cmocka_unit_test(test_columns_count_bytes),
        cmocka_unit_test(test_long_and_odd_text_is_bounded),
        cmocka_unit_test(test_long_lines_stay_linear),
        cmocka_unit_test(test_dockerfiles),
        cmocka_unit_test(test_load_file),
        cmocka_unit_test(test_resolve_path),
        cmocka_unit_test(test_parse_size),
        cmocka_unit_test(test_discover),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
