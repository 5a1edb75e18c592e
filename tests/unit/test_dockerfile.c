/* test_dockerfile.c — the Dockerfile parser against BuildKit's behaviour:
 * the parser golden corpus, directives, continuations, comments, heredocs,
 * JSON exec form, flags, spans and the instruction-layer diagnostics. */
#include "testutil.h"

#include <dirent.h>

#include "plimsoll/dockerfile.h"

static pl_arena *arena;

static int setup(void **state)
{
    (void)state;
    arena = pl_arena_new();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    pl_arena_free(arena);
    arena = NULL;
    return 0;
}

static pl_dockerfile *parse(const char *text)
{
    return pl_dockerfile_parse(arena, "Dockerfile", text, strlen(text));
}

static const char *dump(const pl_dockerfile *df)
{
    pl_strbuf sb;
    pl_sb_init(&sb, arena);
    pl_dockerfile_dump_buildkit(df, &sb);
    return pl_sb_str(&sb);
}

/* The first diagnostic whose message contains `needle`, or NULL. */
static const pl_diag *find_diag(const pl_dockerfile *df, const char *needle)
{
    for (const pl_diag *d = df->diags.head; d; d = d->next)
        if (strstr(d->message, needle))
            return d;
    return NULL;
}

static void assert_span(pl_span s, int l, int c, int el, int ec)
{
    if (s.line != l || s.col != c || s.end_line != el || s.end_col != ec)
        fprintf(stderr, "span %d:%d-%d:%d, want %d:%d-%d:%d\n", s.line, s.col, s.end_line,
                s.end_col, l, c, el, ec);
    assert_int_equal(s.line, l);
    assert_int_equal(s.col, c);
    assert_int_equal(s.end_line, el);
    assert_int_equal(s.end_col, ec);
}

/* ---- the BuildKit parser corpus ------------------------------------------------ */

static void test_corpus_positive(void **state)
{
    (void)state;
    if (!tu_have_shared())
        skip();
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/conformance/buildkit-parser/testfiles", tu_shared_dir());
    DIR *d = opendir(dir);
    if (!d)
        skip();
    int cases = 0, failed = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[2048], rpath[2048];
        snprintf(path, sizeof path, "%s/%s/Dockerfile", dir, e->d_name);
        snprintf(rpath, sizeof rpath, "%s/%s/result", dir, e->d_name);
        size_t n, rn;
        char *src = tu_read_file(path, &n);
        char *want = tu_read_file(rpath, &rn);
        if (!src || !want) {
            free(src);
            free(want);
            continue;
        }
        cases++;
        pl_arena *a = pl_arena_new();
        pl_dockerfile *df = pl_dockerfile_parse(a, path, src, n);
        pl_strbuf sb;
        pl_sb_init(&sb, a);
        pl_dockerfile_dump_buildkit(df, &sb);
        if (sb.len != rn || memcmp(pl_sb_str(&sb), want, rn) != 0 || df->rejected) {
            failed++;
            fprintf(stderr, "buildkit-parser case %s differs:\n--- got\n%s--- want\n%s", e->d_name,
                    pl_sb_str(&sb), want);
        }
        pl_arena_free(a);
        free(src);
        free(want);
    }
    closedir(d);
    fprintf(stderr, "buildkit-parser positive cases: %d, differing: %d\n", cases, failed);
    assert_int_equal(cases, 33);
    assert_int_equal(failed, 0);
}

static void test_corpus_negative(void **state)
{
    (void)state;
    if (!tu_have_shared())
        skip();
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/conformance/buildkit-parser/testfiles-negative", tu_shared_dir());
    DIR *d = opendir(dir);
    if (!d)
        skip();
    int cases = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[2048];
        snprintf(path, sizeof path, "%s/%s/Dockerfile", dir, e->d_name);
        size_t n;
        char *src = tu_read_file(path, &n);
        if (!src)
            continue;
        cases++;
        pl_arena *a = pl_arena_new();
        pl_dockerfile *df = pl_dockerfile_parse(a, path, src, n);
        const pl_diag *err = NULL;
        for (const pl_diag *g = df->diags.head; g && !err; g = g->next)
            if (g->level == PL_DIAG_ERROR && g->span.line > 0 && g->span.col > 0)
                err = g;
        if (!df->rejected || !err)
            fprintf(stderr, "negative case %s was not rejected with a positioned error\n", e->d_name);
        assert_int_equal(df->rejected, 1);
        assert_non_null(err);
        pl_arena_free(a);
        free(src);
    }
    closedir(d);
    assert_int_equal(cases, 4);
}

/* ---- directives, BOM, CRLF ----------------------------------------------------------- */

static void test_directives_top(void **state)
{
    (void)state;
    pl_dockerfile *df = parse("# syntax=docker/dockerfile:1\n#ESCAPE = `\n# check=skip=all\n"
                              "FROM a\nRUN echo `\n  hi\n");
    assert_int_equal(df->ndirectives, 3);
    assert_string_equal(df->directives[0].name, "syntax");
    assert_string_equal(df->directives[0].value, "docker/dockerfile:1");
    assert_string_equal(df->directives[1].name, "escape");
    assert_string_equal(df->directives[1].value, "`");
    assert_string_equal(df->directives[2].value, "skip=all");
    assert_int_equal(df->directives[2].span.line, 3);
    assert_int_equal(df->escape, '`');
    assert_string_equal(dump(df), "(from \"a\")\n(run \"echo   hi\")\n");
    assert_int_equal(df->instrs[0]->ncomments, 0); /* directives are not PrevComment */
    assert_int_equal(df->ncomments, 3);
}

static void test_directives_after_comment_ignored(void **state)
{
    (void)state;
    pl_dockerfile *df = parse("# hello\n# escape=`\nFROM a\nRUN a \\\n b\n");
    assert_int_equal(df->ndirectives, 0);
    assert_int_equal(df->escape, '\\');
    assert_string_equal(dump(df), "(from \"a\")\n(run \"a  b\")\n");
    /* a blank line ends the directives too */
    df = parse("# syntax=x\n\n# check=skip=all\nFROM a\n");
    assert_int_equal(df->ndirectives, 1);
    assert_string_equal(df->directives[0].name, "syntax");
    assert_int_equal(df->instrs[0]->ncomments, 1);
    assert_string_equal(df->instrs[0]->comments[0], "check=skip=all");
}

static void test_directive_errors(void **state)
{
    (void)state;
    pl_dockerfile *df = parse("# escape=\\\n# escape=`\nFROM a\n");
    assert_int_equal(df->rejected, 1);
    const pl_diag *d = find_diag(df, "only one escape parser directive can be used");
    assert_non_null(d);
    assert_int_equal(d->span.line, 2);
    assert_int_equal(d->span.col, 1);
    df = parse("# escape=x\nFROM a\n");
    assert_int_equal(df->rejected, 1);
    assert_non_null(find_diag(df, "invalid escape token 'x' does not match ` or \\"));
    assert_int_equal(df->ninstrs, 1);
}

static void test_bom_and_crlf(void **state)
{
    (void)state;
    pl_dockerfile *df = parse("\xEF\xBB\xBF# escape=`\r\nFROM a\r\nRUN echo `\r\n  b\r\n");
    assert_int_equal(df->escape, '`');
    assert_string_equal(dump(df), "(from \"a\")\n(run \"echo   b\")\n");
    assert_span(df->instrs[0]->keyword_span, 2, 1, 2, 4);
    assert_span(df->instrs[1]->span, 3, 1, 4, 3);
    assert_int_equal(df->rejected, 0);
}

static void test_shebang_directives(void **state)
{
    (void)state;
    pl_dockerfile *df = parse("#!/usr/bin/env docker\n# syntax=foo\nFROM a\n");
    assert_int_equal(df->ndirectives, 1);
    assert_string_equal(df->directives[0].value, "foo");
    assert_int_equal(df->directives[0].span.line, 2);
}

/* ---- lines, continuations, comments ------------------------------------------------------ */

static void test_multiline_spans(void **state)
{
    (void)state;
    pl_dockerfile *df = parse("FROM python\n"
                              "RUN --mount=type=cache,target=/root/.cache \\\n"
                              "    pip install \\\n"
                              "      flask\n");
    const pl_df_instr *run = df->instrs[1];
    assert_int_equal(run->kind, PL_DF_RUN);
    assert_span(run->keyword_span, 2, 1, 2, 3);
    assert_span(run->span, 2, 1, 4, 11);
    assert_int_equal(run->nflags, 1);
    assert_string_equal(run->flags[0].name, "mount");
    assert_string_equal(run->flags[0].value, "type=cache,target=/root/.cache");
    assert_span(run->flags[0].span, 2, 5, 2, 42);
    assert_int_equal(run->nargs, 1);
    assert_string_equal(run->args[0].text, "pip install       flask");
    assert_span(run->args[0].span, 3, 5, 4, 11);
    assert_string_equal(run->rest, "pip install       flask");
    assert_int_equal(run->nsegments, 3);
    int line, col;
    pl_df_position(run, run->rest_offset + 12, &line, &col); /* the first space of line 4 */
    assert_int_equal(line, 4);
    assert_int_equal(col, 1);
}

static void test_indented_instruction_and_tabs(void **state)
{
    (void)state;
    pl_dockerfile *df = parse("FROM a\n   \tCOPY  src   /dst\n");
    const pl_df_instr *cp = df->instrs[1];
    assert_span(cp->keyword_span, 2, 5, 2, 8);
    assert_int_equal(cp->nargs, 2);
    assert_span(cp->args[0].span, 2, 11, 2, 13);
    assert_span(cp->args[1].span, 2, 17, 2, 20);
}

static void test_comments(void **state)
{
    (void)state;
    pl_dockerfile *df = parse("# top\nFROM a\n# one\n#   two  \nRUN x \\\n  # inside\n  y\n"
                              "# dropped\n#\n# kept\nRUN z\n  # indented\nRUN w\n");
    assert_int_equal(df->ninstrs, 4);
    const pl_df_instr *from = df->instrs[0], *r1 = df->instrs[1], *r2 = df->instrs[2],
                      *r3 = df->instrs[3];
    assert_int_equal(from->ncomments, 1);
    assert_string_equal(from->comments[0], "top");
    assert_int_equal(r1->ncomments, 2);
    assert_string_equal(r1->comments[0], "one");
    assert_string_equal(r1->comments[1], "two");
    assert_int_equal(r1->comment_lines[1], 4);
    assert_string_equal(r1->args[0].text, "x   y");
    /* an empty `#` line clears what came before */
    assert_int_equal(r2->ncomments, 1);
    assert_string_equal(r2->comments[0], "kept");
    /* BuildKit's PrevComment drops only the first byte of an indented line */
    assert_int_equal(r3->ncomments, 1);
    assert_string_equal(r3->comments[0], "# indented");
    /* every comment line of the file, with the column of '#' */
    assert_int_equal(df->ncomments, 8);
    assert_string_equal(df->comments[3].text, " inside");
    assert_int_equal(df->comments[3].line, 6);
    assert_int_equal(df->comments[3].col, 3);
    assert_string_equal(df->comments[2].text, "   two  ");
}

static void test_hash_inside_line_is_literal(void **state)
{
    (void)state;
    pl_dockerfile *df = parse("FROM a\nRUN echo 'a # b' # c\n# RUN x \\\nRUN y\n");
    assert_string_equal(dump(df), "(from \"a\")\n(run \"echo 'a # b' # c\")\n(run \"y\")\n");
}

static void test_empty_continuation_lines(void **state)
{
    (void)state;
    pl_dockerfile *df = parse("FROM a\nRUN a \\\n\n  b \\\n   \n  c\nRUN d \\\n# c\n  e\n");
    assert_int_equal(df->nempty_continuation_lines, 2);
    assert_int_equal(df->empty_continuation_lines[0], 3);
    assert_int_equal(df->empty_continuation_lines[1], 5);
    const pl_diag *w = find_diag(df, "Empty continuation line");
    assert_non_null(w);
    assert_int_equal(w->level, PL_DIAG_WARNING);
    assert_string_equal(w->rule, "NoEmptyContinuation");
    assert_int_equal(w->span.line, 6);
    assert_int_equal(df->diags.count, 1);
    assert_string_equal(dump(df), "(from \"a\")\n(run \"a   b   c\")\n(run \"d   e\")\n");
}

static void test_trailing_whitespace_after_escape(void **state)
{
    (void)state;
    pl_dockerfile *df = parse("FROM a\nRUN a \\ \t\n  b\nRUN c \\\\\nRUN d\n");
    assert_string_equal(dump(df), "(from \"a\")\n(run \"a   b\")\n(run \"c \\\\\\\\\")\n(run \"d\")\n");
}

static void test_continuation_at_eof_and_lone_escape(void **state)
{
    (void)state;
    pl_dockerfile *df = parse("FROM a\nRUN a \\");
    assert_string_equal(dump(df), "(from \"a\")\n(run \"a\")\n");
    df = parse("FROM a\n\\\nRUN b\n");
    assert_string_equal(dump(df), "(from \"a\")\n(run \"b\")\n");
    assert_span(df->instrs[1]->keyword_span, 3, 1, 3, 3);
}

static void test_long_line_and_empty(void **state)
{
    (void)state;
    size_t n = 70000;
    char *buf = malloc(n + 32);
    strcpy(buf, "FROM a\nLABEL x=");
    size_t k = strlen(buf);
    memset(buf + k, 'a', n);
    strcpy(buf + k + n, "\nRUN b\n");
    pl_dockerfile *df = parse(buf);
    free(buf);
    assert_int_equal(df->rejected, 1);
    const pl_diag *d = find_diag(df, "dockerfile line greater than max allowed size of 65535");
    assert_non_null(d);
    assert_int_equal(d->span.line, 2);
    assert_int_equal(df->ninstrs, 3);

    df = parse("");
    assert_int_equal(df->rejected, 1);
    assert_non_null(find_diag(df, "file with no instructions"));
    df = parse("# only\n\n# comments\n");
    assert_int_equal(df->rejected, 1);
    assert_int_equal(df->ninstrs, 0);
}

static void test_binary_garbage(void **state)
{
    (void)state;
    static const char bytes[] = "FROM a\nRUN \x00\xff\xfe x\nENV k=\xc3\x28 \x80\n\x00\x00\n";
    pl_dockerfile *df = pl_dockerfile_parse(arena, "x", bytes, sizeof bytes - 1);
    assert_int_equal(df->ninstrs, 4);
    assert_int_equal(df->instrs[1]->args[0].len, 5);
    /* invalid UTF-8 in ENV words becomes U+FFFD, as Go's rune loop makes it */
    assert_string_equal(df->instrs[2]->args[1].text, "\xef\xbf\xbd(");
    static const char want[] = "(from \"a\")\n(run \"\\x00\\xff\\xfe x\")\n"
                               "(env \"k\" \"\xef\xbf\xbd(\" \"=\")\n(\x00\x00 \"\")\n";
    pl_strbuf sb;
    pl_sb_init(&sb, arena);
    pl_dockerfile_dump_buildkit(df, &sb);
    assert_int_equal(sb.len, sizeof want - 1);
    assert_memory_equal(sb.data, want, sizeof want - 1);
}

/* ---- instruction argument forms --------------------------------------------------------- */

static void test_env_label_triples(void **state)
{
    (void)state;
    pl_dockerfile *df = parse("FROM a\nENV A 1 2\nENV B=\"x y\" C=z\nLABEL a.b=c\nLABEL legacy v\n");
    const pl_df_instr *e1 = df->instrs[1], *e2 = df->instrs[2];
    assert_int_equal(e1->nargs, 3);
    assert_string_equal(e1->args[0].text, "A");
    assert_string_equal(e1->args[1].text, "1 2");
    assert_string_equal(e1->args[2].text, ""); /* "" marks the legacy `K V` form */
    assert_span(e1->args[1].span, 2, 7, 2, 9);
    assert_int_equal(e2->nargs, 6);
    assert_string_equal(e2->args[0].text, "B");
    assert_string_equal(e2->args[1].text, "\"x y\"");
    assert_string_equal(e2->args[2].text, "=");
    assert_span(e2->args[0].span, 3, 5, 3, 5);
    assert_span(e2->args[1].span, 3, 7, 3, 11);
    assert_span(e2->args[2].span, 3, 6, 3, 6);
    assert_string_equal(e2->args[3].text, "C");
    assert_string_equal(e2->args[4].text, "z");
    assert_string_equal(df->instrs[4]->args[2].text, "");
    assert_string_equal(dump(df), "(from \"a\")\n(env \"A\" \"1 2\" \"\")\n"
                                  "(env \"B\" \"\\\"x y\\\"\" \"=\" \"C\" \"z\" \"=\")\n"
                                  "(label \"a.b\" \"c\" \"=\")\n(label \"legacy\" \"v\" \"\")\n");
}

static void test_env_errors(void **state)
{
    (void)state;
    pl_dockerfile *df = parse("FROM a\nENV a=b c\nRUN ok\n");
    assert_int_equal(df->rejected, 1);
    const pl_diag *d = find_diag(df, "Syntax error - can't find = in \"c\". Must be of the form: name=value");
    assert_non_null(d);
    assert_int_equal(d->span.line, 2);
    assert_int_equal(d->span.col, 9);
    assert_int_equal(df->ninstrs, 3);
    df = parse("FROM a\nLABEL k\n");
    assert_non_null(find_diag(df, "LABEL must have two arguments"));
    df = parse("FROM a\nENV =x\n");
    assert_int_equal(df->rejected, 0);
    assert_non_null(find_diag(df, "ENV names can not be blank"));
}

static void test_arg_forms(void **state)
{
    (void)state;
    pl_dockerfile *df = parse("ARG a b=\"c d\" e=\nFROM x\nARG =v\n");
    const pl_df_instr *arg = df->instrs[0];
    assert_int_equal(arg->nargs, 3);
    assert_string_equal(arg->args[1].text, "b=\"c d\"");
    assert_span(arg->args[1].span, 1, 7, 1, 13);
    assert_string_equal(arg->args[2].text, "e=");
    assert_non_null(find_diag(df, "ARG names can not be blank"));
    assert_null(find_diag(df, "no build stage"));
}

static void test_json_exec_form(void **state)
{
    (void)state;
    pl_dockerfile *df = parse("FROM a\nCMD [\"a\", \"b c\"]\nCMD ['a']\nCMD [\"a\"] x\n"
                              "CMD [\"t\tab\"]\nCMD [\"\\u00e9\\ud83d\\ude00\\ud800\"]\nRUN [\"a\", 1e999]\n"
                              "ENTRYPOINT []\n");
    const pl_df_instr *c1 = df->instrs[1];
    assert_int_equal(c1->json, 1);
    assert_int_equal(c1->nargs, 2);
    assert_string_equal(c1->args[1].text, "b c");
    assert_span(c1->args[1].span, 2, 11, 2, 15);
    assert_int_equal(df->instrs[2]->json, 0);
    assert_int_equal(df->instrs[3]->json, 0);
    assert_int_equal(df->instrs[4]->json, 0); /* Go refuses a raw tab inside a string */
    assert_string_equal(df->instrs[5]->args[0].text, "\xc3\xa9\xf0\x9f\x98\x80\xef\xbf\xbd");
    assert_int_equal(df->instrs[6]->json, 0); /* an out-of-range number: shell form */
    assert_int_equal(df->instrs[7]->json, 1);
    assert_int_equal(df->instrs[7]->nargs, 0);
    assert_int_equal(df->rejected, 0);
    assert_string_equal(dump(df), "(from \"a\")\n(cmd \"a\" \"b c\")\n(cmd \"['a']\")\n"
                                  "(cmd \"[\\\"a\\\"] x\")\n(cmd \"[\\\"t\\tab\\\"]\")\n"
                                  "(cmd \"é😀\xef\xbf\xbd\")\n(run \"[\\\"a\\\", 1e999]\")\n(entrypoint)\n");
}

static void test_json_non_string_rejected(void **state)
{
    (void)state;
    pl_dockerfile *df = parse("FROM a\nCMD [\"a\", [\"b\"]]\nRUN [1]\nCOPY [\"a\", null]\nRUN ok\n");
    assert_int_equal(df->rejected, 1);
    int count = 0;
    for (const pl_diag *d = df->diags.head; d; d = d->next)
        if (strstr(d->message, "arrays must be comprised of strings only")) {
            count++;
            assert_int_equal(d->span.col, 5 + (count == 3 ? 1 : 0));
        }
    assert_int_equal(count, 3);
    assert_int_equal(df->ninstrs, 5);
}

static void test_healthcheck_forms(void **state)
{
    (void)state;
    pl_dockerfile *df = parse("FROM a\nHEALTHCHECK --interval=5s CMD [\"curl\", \"x\"]\n"
                              "HEALTHCHECK NONE\nHEALTHCHECK --interval=1us CMD a\n"
                              "HEALTHCHECK --timeout=5x CMD a\nHEALTHCHECK --retries=-1 CMD a\n"
                              "HEALTHCHECK --retries=x CMD a\nHEALTHCHECK --intervl=5s CMD a\n");
    const pl_df_instr *h = df->instrs[1];
    assert_int_equal(h->nargs, 3);
    assert_string_equal(h->args[0].text, "CMD");
    assert_int_equal(h->json, 1);
    assert_string_equal(dump(df) + strlen("(from \"a\")\n"),
                        "(healthcheck [\"--interval=5s\"] \"CMD\" \"curl\" \"x\")\n"
                        "(healthcheck \"NONE\")\n(healthcheck [\"--interval=1us\"] \"CMD\" \"a\")\n"
                        "(healthcheck [\"--timeout=5x\"] \"CMD\" \"a\")\n"
                        "(healthcheck [\"--retries=-1\"] \"CMD\" \"a\")\n"
                        "(healthcheck [\"--retries=x\"] \"CMD\" \"a\")\n"
                        "(healthcheck [\"--intervl=5s\"] \"CMD\" \"a\")\n");
    const pl_diag *d = find_diag(df, "Interval \"interval\" cannot be less than 1ms");
    assert_non_null(d);
    assert_span(d->span, 4, 13, 4, 26);
    assert_non_null(find_diag(df, "time: unknown unit \"x\" in duration \"5x\""));
    assert_non_null(find_diag(df, "--retries cannot be negative (-1)"));
    assert_non_null(find_diag(df, "strconv.ParseInt: parsing \"x\": invalid syntax"));
    assert_non_null(find_diag(df, "unknown flag: --intervl (did you mean interval?)"));
    assert_int_equal(df->diags.errors, 5);
}

/* ---- flags ---------------------------------------------------------------------------------- */

static void test_flags_parsing(void **state)
{
    (void)state;
    pl_dockerfile *df = parse("FROM a\nCOPY --chmod=0755 --link \"--from=b c\" x y\n"
                              "COPY --link=false --chown=\"u:g\" x y\n"
                              "RUN --mount=type=secret,id=npm,target=/root/.npmrc "
                              "--mount=type=cache,target=/c --network=none true\n");
    const pl_df_instr *c = df->instrs[1];
    assert_int_equal(c->nflags, 2);
    assert_string_equal(c->flags[0].raw, "--chmod=0755");
    assert_string_equal(c->flags[0].value, "0755");
    assert_string_equal(c->flags[1].name, "link");
    assert_null(c->flags[1].value);
    assert_span(c->flags[1].span, 2, 19, 2, 24);
    assert_string_equal(c->args[0].text, "\"--from=b");
    const pl_df_instr *c2 = df->instrs[2];
    assert_string_equal(c2->flags[1].raw, "--chown=u:g");
    assert_string_equal(pl_df_flag_get(c2, "chown")->value, "u:g");
    assert_string_equal(pl_df_flag_get(c2, "link")->value, "false");
    const pl_df_instr *r = df->instrs[3];
    assert_int_equal(r->nflags, 3);
    assert_string_equal(pl_df_flag_get(r, "mount")->value, "type=cache,target=/c");
    assert_string_equal(r->flags[0].value, "type=secret,id=npm,target=/root/.npmrc");
    assert_null(pl_df_flag_get(r, "security"));
    assert_int_equal(df->diags.count, 0);
}

static void test_flag_errors(void **state)
{
    (void)state;
    pl_dockerfile *df = parse("FROM a\nCOPY --lnk x y\nCOPY --chown x y\nCOPY --link=maybe x y\n"
                              "COPY --link= x y\nCOPY --from=a --from=b x y\nCOPY --exclude=a --exclude=b x y\n"
                              "ADD --checksum=sha256:0 --keep-git-dir=TRUE x y\nENV --x=y a=b\n");
    const pl_diag *d = find_diag(df, "unknown flag: --lnk (did you mean link?)");
    assert_non_null(d);
    assert_span(d->span, 2, 6, 2, 10);
    assert_non_null(find_diag(df, "missing a value on flag: --chown"));
    assert_non_null(find_diag(df, "expecting boolean value for flag --link, not: maybe"));
    assert_non_null(find_diag(df, "missing a value on flag: --link"));
    assert_non_null(find_diag(df, "duplicate flag specified: --from"));
    assert_non_null(find_diag(df, "unknown flag: --x"));
    assert_int_equal(df->diags.errors, 6);
    assert_int_equal(df->rejected, 0);
}

static void test_run_mount_network_security(void **state)
{
    (void)state;
    pl_dockerfile *df = parse("FROM a\nRUN --mount=type=cahce,target=/x a\n"
                              "RUN --mount=type=bind,mode=0700,target=/x a\n"
                              "RUN --mount=type=secret a\n"
                              "RUN --mount=type=cache,sharing=bogus,target=/x a\n"
                              "RUN --mount=from=$STAGE,target=/x a\n"
                              "RUN --mount=type=tmpfs,size=10m,target=/t --mount=type=ssh,required a\n"
                              "RUN --mount=target=/x,foo=bar a\n"
                              "RUN --network=bridge a\nRUN --security=insecure a\nRUN --security=x a\n"
                              "RUN --mount=type=cache,target=$DIR,uid=${UID} a\n");
    assert_non_null(find_diag(df, "unsupported mount type \"cahce\" (did you mean cache?)"));
    assert_non_null(find_diag(df, "mode not allowed for \"bind\" type mounts"));
    assert_non_null(find_diag(df, "invalid secret mount. one of source, target required"));
    assert_non_null(find_diag(df, "unsupported sharing value \"bogus\""));
    assert_non_null(find_diag(df, "'from' doesn't support variable expansion, define alias stage instead"));
    assert_non_null(find_diag(df, "unexpected key 'foo' in 'foo=bar'"));
    const pl_diag *d = find_diag(df, "invalid network mode \"bridge\"");
    assert_non_null(d);
    assert_int_equal(d->span.line, 9);
    assert_non_null(find_diag(df, "security \"x\" is not valid"));
    assert_int_equal(df->diags.errors, 8);
}

static void test_copy_add_rules(void **state)
{
    (void)state;
    pl_dockerfile *df = parse("FROM a\nCOPY x\nADD [\"x\"]\nCOPY --from=$B x y\n"
                              "COPY --from=build x y\nCOPY x <<EOF\nEOF\nADD --unpack=true x y\n");
    assert_non_null(find_diag(df, "COPY requires at least two arguments, but only one was provided. "
                                  "Destination could not be determined"));
    assert_non_null(find_diag(df, "ADD requires at least two arguments"));
    assert_non_null(find_diag(df, "variable expansion is not supported for --from"));
    assert_non_null(find_diag(df, "COPY cannot accept a heredoc as a destination"));
    assert_int_equal(df->diags.errors, 4);
}

/* ---- instructions: unknown, ONBUILD, FROM, misc -------------------------------------------------- */

static void test_unknown_instruction(void **state)
{
    (void)state;
    pl_dockerfile *df = parse("FROM a\nRUNN echo\ncopyy a b\nFOOBAR x\nRUN ok\n");
    assert_int_equal(df->ninstrs, 5);
    assert_int_equal(df->instrs[1]->kind, PL_DF_UNKNOWN);
    assert_string_equal(df->instrs[1]->name, "runn");
    assert_string_equal(df->instrs[1]->rest, "echo");
    const pl_diag *d = find_diag(df, "unknown instruction: RUNN (did you mean RUN?)");
    assert_non_null(d);
    assert_span(d->span, 2, 1, 2, 4);
    assert_non_null(find_diag(df, "unknown instruction: copyy (did you mean copy?)"));
    d = find_diag(df, "unknown instruction: FOOBAR");
    assert_non_null(d);
    assert_null(strstr(d->message, "did you mean"));
    assert_int_equal(df->rejected, 0);
    assert_string_equal(dump(df), "(from \"a\")\n(runn \"\")\n(copyy \"\")\n(foobar \"\")\n(run \"ok\")\n");
}

static void test_onbuild(void **state)
{
    (void)state;
    pl_dockerfile *df = parse("FROM a\nONBUILD RUN echo hi\nONBUILD  COPY [\"a\", \"b\"]\n"
                              "ONBUILD ONBUILD RUN x\nONBUILD FROM b\nONBUILD\nONBUILD COPY a\n");
    const pl_df_instr *o = df->instrs[1];
    assert_int_equal(o->kind, PL_DF_ONBUILD);
    assert_int_equal(o->nargs, 0);
    assert_non_null(o->sub);
    assert_ptr_equal(o->sub->parent, o);
    assert_int_equal(o->sub->kind, PL_DF_RUN);
    assert_string_equal(o->sub->args[0].text, "echo hi");
    assert_span(o->sub->keyword_span, 2, 9, 2, 11);
    assert_span(o->sub->args[0].span, 2, 13, 2, 19);
    assert_int_equal(df->instrs[2]->sub->json, 1);
    assert_span(df->instrs[2]->sub->args[1].span, 3, 21, 3, 23);
    assert_non_null(find_diag(df, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"));
    assert_non_null(find_diag(df, "FROM isn't allowed as an ONBUILD trigger"));
    assert_non_null(find_diag(df, "ONBUILD requires at least one argument"));
    const pl_diag *w = find_diag(df, "ONBUILD trigger: COPY requires at least two arguments");
    assert_non_null(w);
    assert_int_equal(w->level, PL_DIAG_WARNING);
    assert_string_equal(dump(df), "(from \"a\")\n(onbuild (run \"echo hi\"))\n(onbuild (copy \"a\" \"b\"))\n"
                                  "(onbuild (onbuild (run \"x\")))\n(onbuild (from \"b\"))\n(onbuild)\n"
                                  "(onbuild (copy \"a\"))\n");
}

static void test_from_and_stage_rules(void **state)
{
    (void)state;
    pl_dockerfile *df = parse("RUN early\nFROM a AS 1bad\nFROM a b\nFROM --platform=linux/amd64 a As ok\n"
                              "EXPOSE 80/tcp 8080-8081 1.2.3.4:80:80 70000 80/xyz\nSTOPSIGNAL --x SIGTERM\n");
    const pl_diag *d = find_diag(df, "no build stage in current context");
    assert_non_null(d);
    assert_int_equal(d->span.line, 1);
    assert_non_null(find_diag(df, "invalid name for build stage: \"1bad\", name can't start with a number or contain symbols"));
    assert_non_null(find_diag(df, "FROM requires either one or three arguments"));
    assert_non_null(find_diag(df, "invalid containerPort: 70000"));
    assert_int_equal(df->diags.errors, 4);
}

/* ---- heredocs -------------------------------------------------------------------------------- */

static void test_heredoc_basic(void **state)
{
    (void)state;
    pl_dockerfile *df = parse("FROM a\nRUN <<EOF\necho hi\n# not a comment\nEOF\nRUN next\n");
    assert_int_equal(df->ninstrs, 3);
    const pl_df_instr *r = df->instrs[1];
    assert_int_equal(r->nheredocs, 1);
    assert_string_equal(r->heredocs[0].name, "EOF");
    assert_string_equal(r->heredocs[0].content, "echo hi\n# not a comment\n");
    assert_int_equal(r->heredocs[0].expand, 1);
    assert_int_equal(r->heredocs[0].chomp, 0);
    assert_int_equal(r->heredocs[0].fd, -1);
    assert_span(r->heredocs[0].span, 2, 5, 2, 9);
    assert_span(r->heredocs[0].body_span, 3, 1, 5, 3);
    assert_span(r->span, 2, 1, 5, 3);
    assert_string_equal(r->args[0].text, "<<EOF");
    assert_int_equal(df->ncomments, 0);
    assert_string_equal(dump(df), "(from \"a\")\n(run \"<<EOF\")\n(run \"next\")\n");
}

static void test_heredoc_forms(void **state)
{
    (void)state;
    pl_dockerfile *df = parse("FROM a\n"
                              "RUN <<-'EOT' 3<<\"B\" python3\n\tx $Y\n\tEOT\nb\nB\n"
                              "COPY <<F1 <<EO\"F2\" /dest/\none\nF1\ntwo\nEOF2\n"
                              "RUN << -EOF\n-EOF\n"
                              "RUN [\"<<EOF\"]\n"
                              "RUN echo \"<<NOPE\" '<<NO'\n");
    const pl_df_instr *r = df->instrs[1];
    assert_int_equal(r->nheredocs, 2);
    assert_string_equal(r->heredocs[0].name, "EOT");
    assert_int_equal(r->heredocs[0].chomp, 1);
    assert_int_equal(r->heredocs[0].expand, 0);
    assert_string_equal(r->heredocs[0].content, "x $Y\n");
    assert_string_equal(r->heredocs[1].name, "B");
    assert_int_equal(r->heredocs[1].fd, 3);
    assert_string_equal(r->heredocs[1].content, "b\n");
    assert_span(r->heredocs[1].body_span, 5, 1, 6, 1);
    assert_string_equal(r->args[0].text, "<<-'EOT' 3<<\"B\" python3");
    const pl_df_instr *c = df->instrs[2];
    assert_int_equal(c->nheredocs, 2);
    assert_string_equal(c->heredocs[1].name, "EOF2");
    assert_int_equal(c->heredocs[1].expand, 0);
    assert_string_equal(c->heredocs[1].content, "two\n");
    assert_string_equal(df->instrs[3]->heredocs[0].name, "-EOF");
    assert_int_equal(df->instrs[4]->nheredocs, 0);
    assert_int_equal(df->instrs[5]->nheredocs, 0);
    assert_int_equal(df->ninstrs, 6);
    assert_int_equal(df->diags.count, 0);
}

static void test_heredoc_onbuild_and_crlf(void **state)
{
    (void)state;
    pl_dockerfile *df = parse("FROM a\r\nONBUILD RUN <<EOF\r\nls\r\nEOF\r\nUSER <<X\r\nRUN y\r\n");
    const pl_df_instr *o = df->instrs[1];
    assert_int_equal(o->nheredocs, 1);
    /* like BuildKit, body lines keep their own line endings */
    assert_string_equal(o->heredocs[0].content, "ls\r\n");
    assert_int_equal(df->instrs[2]->kind, PL_DF_USER);
    assert_int_equal(df->instrs[2]->nheredocs, 0);
    assert_int_equal(df->ninstrs, 4);
}

static void test_heredoc_terminator_must_match_whole_line(void **state)
{
    (void)state;
    pl_dockerfile *df = parse("FROM a\nRUN <<EOF bash\nEOF echo\nEOF \n  EOF\nEOF\nRUN <<$X\n$X\n");
    const pl_df_instr *r = df->instrs[1];
    assert_int_equal(r->nheredocs, 1);
    assert_string_equal(r->heredocs[0].content, "EOF echo\nEOF \n  EOF\n");
    assert_span(r->heredocs[0].body_span, 3, 1, 6, 3);
    assert_string_equal(r->args[0].text, "<<EOF bash");
    assert_string_equal(df->instrs[2]->heredocs[0].name, "$X");
    assert_int_equal(df->ninstrs, 3);
    /* ONBUILD keeps the bodies on its own node; the trigger shares them */
    df = parse("FROM a\nONBUILD COPY <<F /f\nx\nF\n");
    assert_int_equal(df->instrs[1]->nheredocs, 1);
    assert_ptr_equal(df->instrs[1]->sub->heredocs, df->instrs[1]->heredocs);
    assert_int_equal(df->instrs[1]->sub->nheredocs, 1);
    assert_span(df->instrs[1]->sub->span, 2, 9, 4, 1);
}

/* ---- shapes met in published Dockerfiles, checked against BuildKit ---------------- */

/* `--from build` without '=' is a string flag with no value: BuildKit stops
 * there, and the stage name becomes the first source. */
static void test_copy_from_without_equals(void **state)
{
    (void)state;
    pl_dockerfile *df = parse("FROM a AS build\nFROM b\nCOPY --from build /out/* /srv\n");
    const pl_df_instr *copy = df->instrs[2];
    assert_int_equal(copy->nflags, 1);
    assert_string_equal(copy->flags[0].name, "from");
    assert_null(copy->flags[0].value);
    assert_int_equal(copy->nargs, 3);
    assert_string_equal(copy->args[0].text, "build");
    const pl_diag *d = find_diag(df, "missing a value on flag: --from");
    assert_non_null(d);
    assert_span(d->span, 3, 6, 3, 11);
    assert_string_equal(dump(df), "(from \"a\" \"AS\" \"build\")\n(from \"b\")\n"
                                  "(copy [\"--from\"] \"build\" \"/out/*\" \"/srv\")\n");
}

/* An empty line after a trailing backslash does not end the instruction:
 * the next instruction's text joins the RUN, and the file still builds. */
static void test_empty_line_swallows_next_instruction(void **state)
{
    (void)state;
    pl_dockerfile *df = parse("FROM a\nRUN apk add b \\\n\nCOPY c /d\n\nVOLUME /e\n");
    assert_int_equal(df->ninstrs, 3);
    assert_int_equal(df->instrs[1]->kind, PL_DF_RUN);
    assert_string_equal(df->instrs[1]->args[0].text, "apk add b COPY c /d");
    assert_int_equal(df->instrs[2]->kind, PL_DF_VOLUME);
    assert_int_equal(df->rejected, 0);
    for (const pl_diag *d = df->diags.head; d; d = d->next)
        assert_int_not_equal(d->level, PL_DIAG_ERROR);
    assert_int_equal(df->nempty_continuation_lines, 1);
    assert_int_equal(df->empty_continuation_lines[0], 3);
}

/* A `# comment` after the image is not a comment: FROM gets too many words. */
static void test_from_trailing_comment(void **state)
{
    (void)state;
    pl_dockerfile *df = parse("FROM \"x:${V}\"  # pin later\nRUN true\n");
    assert_int_equal(df->instrs[0]->nargs, 4);
    const pl_diag *d = find_diag(df, "FROM requires either one or three arguments");
    assert_non_null(d);
    assert_int_equal(d->span.line, 1);
    assert_int_equal(d->span.col, 1);
}

static void test_heredoc_errors(void **state)
{
    (void)state;
    pl_dockerfile *df = parse("FROM a\nRUN <<EOF\nno end\n");
    assert_int_equal(df->rejected, 1);
    const pl_diag *d = find_diag(df, "unterminated heredoc");
    assert_non_null(d);
    assert_span(d->span, 2, 5, 2, 9);
    df = parse("FROM a\nRUN <<'EOF\nEOF\n");
    /* an unbalanced quote on the line: BuildKit's line lexer fails and finds no heredoc */
    assert_int_equal(df->rejected, 0);
    assert_int_equal(df->ninstrs, 3);
    df = parse("FROM a\nRUN cat <<'EOF\" && x\n");
    assert_int_equal(df->rejected, 0);
    df = parse("FROM a\nRUN <<EOF' x'\nEOF x\n");
    assert_int_equal(df->instrs[1]->nheredocs, 1);
    assert_string_equal(df->instrs[1]->heredocs[0].name, "EOF x");
}

static void test_escape_backtick_file(void **state)
{
    (void)state;
    pl_dockerfile *df = parse("# escape=`\nFROM mcr.microsoft.com/windows\n"
                              "COPY --chown=\"a`\"b\" C:\\src C:\\dst\n"
                              "RUN dir `\n  c:\\ \nENV P=C:\\a` b\n");
    assert_string_equal(df->instrs[1]->flags[0].value, "a\"b");
    assert_string_equal(df->instrs[1]->args[0].text, "C:\\src");
    assert_string_equal(df->instrs[2]->args[0].text, "dir   c:\\");
    assert_string_equal(df->instrs[3]->args[1].text, "C:\\a` b");
}

static void test_kind_names(void **state)
{
    (void)state;
    assert_int_equal(pl_df_kind_from_name("healthcheck"), PL_DF_HEALTHCHECK);
    assert_int_equal(pl_df_kind_from_name("HEALTHCHECK"), PL_DF_UNKNOWN);
    assert_int_equal(pl_df_kind_from_name(""), PL_DF_UNKNOWN);
    assert_string_equal(pl_df_kind_name(PL_DF_STOPSIGNAL), "stopsignal");
    assert_string_equal(pl_df_kind_name(PL_DF_UNKNOWN), "");
    /* Go lower-cases the Kelvin sign to 'k', so BuildKit accepts this keyword */
    pl_dockerfile *df = parse("FROM a\nHEALTHCHEC\xe2\x84\xaa NONE\nRUN\xc2\xa0x\n");
    assert_int_equal(df->instrs[1]->kind, PL_DF_HEALTHCHECK);
    assert_int_equal(df->instrs[2]->kind, PL_DF_UNKNOWN);
}

static void test_dump_json(void **state)
{
    (void)state;
    pl_dockerfile *df = parse("FROM a\nRUN --mount=type=cache,target=/x echo hi\n");
    pl_strbuf sb;
    pl_sb_init(&sb, arena);
    pl_dockerfile_dump_json(df, &sb);
    const char *j = pl_sb_str(&sb);
    assert_non_null(strstr(j, "\"name\":\t\"mount\""));
    assert_non_null(strstr(j, "\"text\":\t\"echo hi\""));
    assert_int_equal(j[sb.len - 1], '\n');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_corpus_positive, setup, teardown),
        cmocka_unit_test_setup_teardown(test_corpus_negative, setup, teardown),
        cmocka_unit_test_setup_teardown(test_directives_top, setup, teardown),
        cmocka_unit_test_setup_teardown(test_directives_after_comment_ignored, setup, teardown),
        cmocka_unit_test_setup_teardown(test_directive_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bom_and_crlf, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shebang_directives, setup, teardown),
        cmocka_unit_test_setup_teardown(test_multiline_spans, setup, teardown),
        cmocka_unit_test_setup_teardown(test_indented_instruction_and_tabs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_comments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hash_inside_line_is_literal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_continuation_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trailing_whitespace_after_escape, setup, teardown),
        cmocka_unit_test_setup_teardown(test_continuation_at_eof_and_lone_escape, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_line_and_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_binary_garbage, setup, teardown),
        cmocka_unit_test_setup_teardown(test_env_label_triples, setup, teardown),
        cmocka_unit_test_setup_teardown(test_env_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_arg_forms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_exec_form, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_non_string_rejected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_healthcheck_forms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flags_parsing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flag_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_run_mount_network_security, setup, teardown),
        cmocka_unit_test_setup_teardown(test_copy_add_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_instruction, setup, teardown),
        cmocka_unit_test_setup_teardown(test_onbuild, setup, teardown),
        cmocka_unit_test_setup_teardown(test_from_and_stage_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_heredoc_basic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_heredoc_forms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_heredoc_onbuild_and_crlf, setup, teardown),
        cmocka_unit_test_setup_teardown(test_heredoc_terminator_must_match_whole_line, setup, teardown),
        cmocka_unit_test_setup_teardown(test_heredoc_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_copy_from_without_equals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_line_swallows_next_instruction, setup, teardown),
        cmocka_unit_test_setup_teardown(test_from_trailing_comment, setup, teardown),
        cmocka_unit_test_setup_teardown(test_escape_backtick_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kind_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dump_json, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
