/* test_rules_config.c — the rule cases in tests/rules/ that need a config.
 *
 * A case with `# config: <yaml line>` lines runs its rule with the config
 * those lines make (joined in order, read by the real config loader), and
 * must report exactly its `# expect: LINE:COL` findings. Every rule that
 * only acts on config (trusted-registries, label-schema, strict-labels) must
 * have a failing and a clean case with config here. */
#include <dirent.h>

#include "testutil.h"
#include "plimsoll/config.h"
#include "plimsoll/engine.h"
#include "plimsoll/workspace.h"

#define MAX_EXPECT 64

typedef struct {
    int line, col;
} pos;

static int cmp_pos(const void *a, const void *b)
{
    const pos *x = a, *y = b;
    return x->line != y->line ? x->line - y->line : x->col - y->col;
}

/* Appends the text after `prefix` on each line that starts with it. */
static void collect_lines(const char *data, const char *prefix, char *out, size_t cap)
{
    size_t pl = strlen(prefix), n = strlen(out);
    for (const char *p = data; p && *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len >= pl && !strncmp(p, prefix, pl) && n + len - pl + 2 < cap) {
            memcpy(out + n, p + pl, len - pl);
            n += len - pl;
            out[n++] = '\n';
            out[n] = '\0';
        }
        p = e ? e + 1 : NULL;
    }
}

static int read_expect(const char *data, pos *exp)
{
    int n = 0;
    for (const char *p = data; p && *p;) {
        if (!strncmp(p, "# expect: ", 10) && n < MAX_EXPECT &&
            sscanf(p + 10, "%d:%d", &exp[n].line, &exp[n].col) == 2)
            n++;
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    return n;
}

/* Runs one case; returns 1 when it matched, 0 otherwise (and prints why). */
static int run_case(const char *name, const pl_rule *rule, const char *data, size_t len,
                    const char *yaml)
{
    pl_workspace ws = {0};
    ws.arena = pl_arena_new();
    pl_config cfg;
    pl_diag_list diags = {0};
    if (pl_config_parse(ws.arena, name, yaml, strlen(yaml), &cfg, &diags) != 0) {
        print_error("%s: the # config: lines are not a valid config\n", name);
        pl_arena_free(ws.arena);
        return 0;
    }
    pl_options o = {0};
    const char *sel[1] = {rule->id};
    o.select.items = sel;
    o.select.n = 1;
    ws.opts = &o;
    ws.config = &cfg;
    const char *err = NULL;
    assert_int_equal(pl_engine_prepare(&ws, &err), 0);

    pl_file f = {0};
    f.arena = pl_arena_new();
    f.path = name;
    f.kind = rule->kind;
    f.report = 1;
    f.ws = &ws;
    f.data = data;
    f.len = len;
    pl_engine_check_file(&f);

    pos exp[MAX_EXPECT], got[MAX_EXPECT];
    int nexp = read_expect(data, exp), ngot = 0;
    for (size_t i = 0; i < f.findings.len; i++) {
        const pl_finding *fd = f.findings.items[i];
        if (fd->rule == rule && !fd->suppressed_by && ngot < MAX_EXPECT)
            got[ngot++] = (pos){fd->span.line, fd->span.col};
    }
    qsort(exp, (size_t)nexp, sizeof *exp, cmp_pos);
    qsort(got, (size_t)ngot, sizeof *got, cmp_pos);
    int ok = nexp == ngot;
    for (int i = 0; ok && i < nexp; i++)
        ok = exp[i].line == got[i].line && exp[i].col == got[i].col;
    if (!ok) {
        print_error("%s: %s expected", name, rule->name);
        for (int i = 0; i < nexp; i++)
            print_error(" %d:%d", exp[i].line, exp[i].col);
        print_error(", got");
        for (size_t i = 0; i < f.findings.len; i++) {
            const pl_finding *fd = f.findings.items[i];
            if (fd->rule == rule)
                print_error(" %d:%d (%s)", fd->span.line, fd->span.col, fd->message);
        }
        print_error("\n");
    }
    pl_arena_free(f.arena);
    pl_arena_free(ws.arena);
    return ok;
}

static void test_config_cases(void **state)
{
    (void)state;
    static const char *const config_rules[] = {
        "registry-untrusted", "label-schema-missing", "label-not-in-schema",
        "label-schema-empty", "label-schema-url",     "label-schema-rfc3339",
        "label-schema-spdx",  "label-schema-hash",    "label-schema-semver",
        "label-schema-email", NULL};
    int bad[16] = {0}, good[16] = {0};
    DIR *d = opendir("tests/rules");
    assert_non_null(d);
    int failed = 0, cases = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        char path[1024], rname[256];
        const char *dot = strchr(e->d_name, '.');
        if (e->d_name[0] == '.' || !dot || (size_t)(dot - e->d_name) >= sizeof rname)
            continue;
        snprintf(path, sizeof path, "tests/rules/%s", e->d_name);
        size_t len;
        char *data = tu_read_file(path, &len);
        if (!data)
            continue;
        char yaml[4096] = "";
        collect_lines(data, "# config: ", yaml, sizeof yaml);
        memcpy(rname, e->d_name, (size_t)(dot - e->d_name));
        rname[dot - e->d_name] = '\0';
        const pl_rule *r = pl_rule_find(rname);
        if (*yaml && r) {
            cases++;
            int ok = run_case(e->d_name, r, data, len, yaml);
            failed += !ok;
            for (int i = 0; ok && config_rules[i]; i++)
                if (!strcmp(config_rules[i], r->name)) {
                    if (strstr(data, "# expect: "))
                        bad[i] = 1;
                    else
                        good[i] = 1;
                }
        }
        free(data);
    }
    closedir(d);
    for (int i = 0; config_rules[i]; i++)
        if (!bad[i] || !good[i]) {
            print_error("%s lacks a passing %s case with # config: lines\n", config_rules[i],
                        !bad[i] ? "failing" : "clean");
            failed++;
        }
    print_message("%d config rule cases\n", cases);
    assert_true(cases >= 20);
    assert_int_equal(failed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_cases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
