/* test_expand.c — BuildKit's variable expansion: quotes, escapes, every
 * `${v<op>word}` form, errors, unknown values and ProcessWords splitting. */
#include "testutil.h"

#include "plimsoll/expand.h"

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

/* ---- the variables every table below sees ------------------------------------ */

static const char *const known_vars[][2] = {
    {"DIR", "/srv"},
    {"TOOL", "make"},
    {"EMPTY", ""},
    {"TXT", "xxyy"},
    {"GLOB", "a*b?c"},
    {"FILE", "/tmp/tmp/bar.txt"},
    {"URL", "http://example.com"},
    {"KR", "\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4"}, /* 한국어 */
    {"SPACED", "  a  b "},
    {"STARS", "/foo*/*/*.txt"},
    {"NEEDLE", "\\*/"},
    {"TMP", "/tmp"},
    {"ODD", "()[]{}^$.*?|\\x"},
};

/* declared without a value: only the build knows it */
static const char *const unknown_vars[] = {"TAG", "REGISTRY", "VERSION"};

static pl_var_state test_lookup(void *ud, const char *name, size_t n, const char **value)
{
    (void)ud;
    for (size_t i = 0; i < sizeof known_vars / sizeof known_vars[0]; i++) {
        if (strlen(known_vars[i][0]) == n && memcmp(known_vars[i][0], name, n) == 0) {
            *value = known_vars[i][1];
            return PL_VAR_KNOWN;
        }
    }
    for (size_t i = 0; i < sizeof unknown_vars / sizeof unknown_vars[0]; i++)
        if (strlen(unknown_vars[i]) == n && memcmp(unknown_vars[i], name, n) == 0)
            return PL_VAR_UNKNOWN;
    return PL_VAR_UNDEFINED;
}

static const pl_expander backslash = {test_lookup, NULL, NULL, 0};
static const pl_expander backtick = {test_lookup, NULL, NULL, '`'};

/* ---- ProcessWord: one word --------------------------------------------------- */

#define ERR NULL /* the word must be rejected */

typedef struct {
    const char *in;
    const char *want;
} word_case;

static const word_case word_cases[] = {
    /* quotes and the escape character */
    {"plain", "plain"},
    {"pl'ai'n", "plain"},
    {"pl'ain", ERR},
    {"it\\'s", "it's"},
    {"it\\\\'s", ERR},
    {"a\\tb", "atb"},
    {"\"a\\tb\"", "a\\tb"},
    {"\"a\\\\tb\"", "a\\tb"},
    {"'a\\tb'", "a\\tb"},
    {"end\\", "end"},
    {"end\\\\", "end\\"},
    {"\"open", ERR},
    {"\"open\\\"", ERR},
    {"\"it's\"", "it's"},
    {"'open", ERR},
    {"'x\\'", "x\\"},
    {"'a\\\\b'", "a\\\\b"},
    {"\"''\"", "''"},
    {"'\"\"'", "\"\""},
    {"\"\"", ""},
    {"''", ""},
    {"a\"\"b", "ab"},
    {"\"a b\"", "a b"},
    {"a\\ b", "a b"},
    {"\"\\q\"", "\\q"},
    {"\"\\\"\"", "\""},
    {"\"\\\\\"", "\\"},
    {"\\\"", "\""},
    {"a<<b", "a<<b"},
    {"a<b", "a<b"},
    {"a b  c", "a b  c"},
    /* quotes and `$` */
    {"\"a'$DIR'\"", "a'/srv'"},
    {"'$DIR'", "$DIR"},
    {"'\\$DIR'", "\\$DIR"},
    {"\"$DIR\"", "/srv"},
    {"\"\\$DIR\"", "$DIR"},
    {"\\$DIR", "$DIR"},
    {"\\\\$DIR", "\\/srv"},
    {"\"\\\\$DIR\"", "\\/srv"},
    {"\\${DIR}", "${DIR}"},
    {"\\${}", "${}"},
    {"x\\${}y", "x${}y"},
    {"'${DIR:-x}'", "${DIR:-x}"},
    /* `$name` and `${name}` */
    {"$", "$"},
    {"$.", "$."},
    {"a$", "a$"},
    {"a$.b", "a$.b"},
    {"$DIR", "/srv"},
    {"${DIR}", "/srv"},
    {"x${DIR}y", "x/srvy"},
    {"$DIR.x", "/srv.x"},
    {"$DIR/$TOOL", "/srv/make"},
    {"$DIRx", ""},
    {"$dir", ""},
    {"$EMPTY", ""},
    {"$NOPE", ""},
    {"${NOPE}z", "z"},
    {"a${_x}b", "ab"},
    {"$KR", "\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4"},
    {"ab$KR", "ab\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4"},
    {"${KR}!", "\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4!"},
    {"a$\xED\x95\x9C!", "a!"}, /* a Unicode letter makes a name */
    /* positional and special parameters are never set */
    {"$1x", "x"},
    {"$12x", "x"},
    {"${12}x", "x"},
    {"$0abc", "abc"},
    {"$@", ""},
    {"$@@", "@"},
    {"$*", ""},
    {"$#", ""},
    {"$?", ""},
    {"$-", ""},
    {"$$", ""},
    {"$!", ""},
    {"${#}", ""},
    {"${$}", ""},
    {"${@:-d}", "d"},
    {"${*:+d}", ""},
    {"${1:-d}", "d"},
    {"${1:+d}", ""},
    {"${999}a", "a"},
    {"${001:-d}", "d"},
    {"${0:-d}x", "dx"},
    /* malformed braces */
    {"${}", ERR},
    {"x${}y", ERR},
    {"${:}", ERR},
    {"${:-x}", ERR},
    {"${:+x}", ERR},
    {"${{x}", ERR},
    {"${{x:-y}", ERR},
    {"${x.}", ERR},
    {"${.}", ERR},
    {"${DIR", ERR},
    {"${", ERR},
    {"$DIR${", ERR},
    {"${DIR:-x", ERR},
    {"${DIR:-${TOOL}", ERR},
    {"${DIR:", ERR},
    {"${DIR}}", "/srv}"},
    {"${x:-a}}", "a}"},
    {"${x:-a {b}", "a {b"},
    /* unsupported modifiers */
    {"${DIR:=x}", ERR},
    {"${DIR=x}", ERR},
    {"${DIR:x}", ERR},
    {"${DIR:#x}", ERR},
    {"${DIR:##x}", ERR},
    {"${DIR:%x}", ERR},
    {"${DIR:%%x}", ERR},
    {"${NOPE:=}", ERR},
    /* default and alternative values */
    {"${NOPE:-def}", "def"},
    {"${NOPE-def}", "def"},
    {"${EMPTY:-def}", "def"},
    {"${EMPTY-def}", ""},
    {"${DIR:-def}", "/srv"},
    {"${DIR-def}", "/srv"},
    {"${NOPE:-$DIR}", "/srv"},
    {"${NOPE:-${TOOL:-x}}", "make"},
    {"${NOPE:-${NOPE2:-x}}", "x"},
    {"${NOPE:-}", ""},
    {"${NOPE:-a b}", "a b"},
    {"${NOPE:-\"a}b\"}", "a}b"},
    {"${NOPE:-'a}b'}", "a}b"},
    {"${NOPE:-a\\}b}", "a}b"},
    {"${NOPE:-\\$DIR:}", "$DIR:"},
    {"${NOPE:-\\${DIR}z}", "${DIRz}"},
    {"x${NOPE:-\"q u\"}y", "xq uy"},
    {"${DIR:+alt}", "alt"},
    {"${DIR+alt}", "alt"},
    {"${EMPTY:+alt}", ""},
    {"${EMPTY+alt}", "alt"},
    {"${NOPE:+alt}", ""},
    {"${NOPE+alt}", ""},
    {"${DIR:+${TOOL}}", "make"},
    {"${DIR:+${NOPE}}x", "x"},
    {"${DIR:+$DIR:}x", "/srv:x"},
    {"${NOPE:+${DIR}}x", "x"},
    {"${DIR:-$EMPTY}x", "/srvx"},
    {"v-${TOOL}${EMPTY:+-${EMPTY}}.tgz", "v-make.tgz"},
    {"v-${TOOL}${DIR:+-${TOOL}}.tgz", "v-make-make.tgz"},
    /* required values */
    {"${DIR:?}", "/srv"},
    {"${DIR?}", "/srv"},
    {"${DIR:?msg}", "/srv"},
    {"${EMPTY?}", ""},
    {"${EMPTY:?}", ERR},
    {"${NOPE?}", ERR},
    {"${NOPE:?}", ERR},
    {"${NOPE:?msg}", ERR},
    {"${NOPE?msg}", ERR},
    /* prefix removal */
    {"${TXT#x}", "xyy"},
    {"${TXT##x}", "xyy"},
    {"${TXT#*x}", "xyy"},
    {"${TXT##*x}", "yy"},
    {"${TXT#*}", "xxyy"},
    {"${TXT##*}", ""},
    {"${TXT#*x*y}", "y"},
    {"${TXT##*x*y}", ""},
    {"${TXT#}", "xxyy"},
    {"${TXT##}", "xxyy"},
    {"${TXT#?}", "xyy"},
    {"${TXT#??}", "yy"},
    {"${TXT#z}", "xxyy"},
    {"${FILE#*/}", "tmp/tmp/bar.txt"},
    {"${FILE##*/}", "bar.txt"},
    {"${NOPE#x}", ""},
    {"${KR#\xED\x95\x9C}", "\xEA\xB5\xAD\xEC\x96\xB4"},
    {"${KR#?}", "\xEA\xB5\xAD\xEC\x96\xB4"},
    {"${TXT#$TOOL}", "xxyy"},
    {"${TXT#${NOPE}x}", "xyy"},
    {"${TXT#$EMPTY}", "xxyy"},
    {"${ODD#()[]{\\}^$.\\*\\?|\\\\}", "x"},
    /* suffix removal */
    {"${TXT%y}", "xxy"},
    {"${TXT%y*}", "xxy"},
    {"${TXT%%y*}", "xx"},
    {"${TXT%*y}", "xxy"},
    {"${TXT%%*y}", ""},
    {"${TXT%}", "xxyy"},
    {"${TXT%%}", "xxyy"},
    {"${TXT%?}", "xxy"},
    {"${FILE%/*}", "/tmp/tmp"},
    {"${FILE%%/*}", ""},
    {"${FILE%.txt}", "/tmp/tmp/bar"},
    {"${FILE%.*}", "/tmp/tmp/bar"},
    {"${KR%?}", "\xED\x95\x9C\xEA\xB5\xAD"},
    {"${NOPE%x}", ""},
    /* escaped glob characters */
    {"${GLOB#a\\*}", "b?c"},
    {"${GLOB#a\\*b\\?}", "c"},
    {"${GLOB#*\\?}", "c"},
    {"${GLOB%%\\?*}", "a*b"},
    {"${GLOB%\\?c}", "a*b"},
    {"${GLOB#a\\x}", ERR},
    {"${GLOB#a\\}", ERR},
    {"${GLOB#\\}", ERR},
    /* replacement */
    {"${FILE/tmp/var}", "/var/tmp/bar.txt"},
    {"${FILE//tmp/var}", "/var/var/bar.txt"},
    {"${FILE/$TMP/}", "/tmp/bar.txt"},
    {"${FILE//$TMP/}", "/bar.txt"},
    {"${FILE/\\//:}", ":tmp/tmp/bar.txt"},
    {"${FILE//\\//\\/}", "\\/tmp\\/tmp\\/bar.txt"},
    {"${STARS/$NEEDLE/.}", "/foo.*/*.txt"},
    {"${STARS//$NEEDLE/.}", "/foo..*.txt"},
    {"${URL/http:\\/\\//https://}", "https://example.com"},
    {"${TXT/x*/z}", "z"},
    {"${TXT/?/z}", "zxyy"},
    {"${TXT//?/z}", "zzzz"},
    {"${TXT//x/}", "yy"},
    {"${TXT/q/z}", "xxyy"},
    {"${TXT///}", "xxyy"},
    {"${NOPE///}", ""},
    {"${NOPE/a/b}", ""},
    {"${TXT/$EMPTY/ww}", "wwxxyy"},
    {"${TXT//x/\\$0}", "\\x\\xyy"},
    {"${TXT/x/\\$0}", "\\$0xyy"},
    {"${TXT//y*/-}", "xx-"},
    {"${TXT//ww}", ERR},
    {"${TXT//}", ERR},
    {"${TXT/x}", ERR},
    {"${TXT/\\q/x}", ERR},
    /* mixed */
    {"pre-${DIR}/${TOOL:-x}.tar", "pre-/srv/make.tar"},
    {"\"${SPACED}\"", "  a  b "},
    {"${SPACED}", "  a  b "},
    {"${NOPE:-${NOPE:-${NOPE:-${NOPE:-deep}}}}", "deep"},
    {"a\xff$DIR", "a\xff/srv"}, /* bytes that are not UTF-8 pass through */
};

static void check_word_case(const pl_expander *ex, const word_case *c)
{
    const char *out = "unset", *err = "unset";
    pl_expand_status st = pl_expand_word(arena, ex, c->in, &out, &err);
    if (c->want == ERR) {
        if (st != PL_EXPAND_ERROR)
            fail_msg("%s: expected an error, got \"%s\"", c->in, out);
        assert_null(out);
        assert_non_null(err);
        return;
    }
    if (st != PL_EXPAND_OK)
        fail_msg("%s: status %d (%s)", c->in, st, st == PL_EXPAND_ERROR ? err : out);
    if (strcmp(out, c->want) != 0)
        fail_msg("%s: got \"%s\", want \"%s\"", c->in, out, c->want);
    assert_null(err);
}

static void test_word_table(void **state)
{
    (void)state;
    size_t n = sizeof word_cases / sizeof word_cases[0];
    assert_true(n >= 120);
    for (size_t i = 0; i < n; i++)
        check_word_case(&backslash, &word_cases[i]);
}

static const word_case backtick_cases[] = {
    {"a`$DIR", "a$DIR"},
    {"a\\b", "a\\b"},
    {"C:\\dir\\$DIR", "C:\\dir\\/srv"},
    {"\"a`\"b\"", "a\"b"},
    {"\"a\\\"b\"", ERR},
    {"``", "`"},
    {"a`", "a"},
    {"a` b", "a b"},
    {"\"`q\"", "`q"},
    {"${NOPE:-a`}b}", "a}b"},
    {"${GLOB#a\\*}", "b?c"},
    {"${GLOB#a`*}", "a*b?c"},
    {"'`$DIR'", "`$DIR"},
};

static void test_backtick_escape(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof backtick_cases / sizeof backtick_cases[0]; i++)
        check_word_case(&backtick, &backtick_cases[i]);
}

/* ---- error messages ---------------------------------------------------------- */

static void check_error(const char *in, const char *msg)
{
    const char *out, *err = NULL;
    assert_int_equal(pl_expand_word(arena, &backslash, in, &out, &err), PL_EXPAND_ERROR);
    assert_non_null(err);
    if (strcmp(err, msg) != 0)
        fail_msg("%s: got error \"%s\", want \"%s\"", in, err, msg);
}

static void test_error_messages(void **state)
{
    (void)state;
    check_error("${}", "syntax error: bad substitution");
    check_error("${:x}", "syntax error: bad substitution");
    check_error("${{x}", "syntax error: bad substitution");
    check_error("${x", "syntax error: missing '}'");
    check_error("${x:-y", "syntax error: missing '}'");
    check_error("${x:-\"y}", "syntax error: missing '}'");
    check_error("${x:-'y}", "syntax error: missing '}'");
    check_error("${x:#y}", "unsupported modifier (:#) in substitution");
    check_error("${x:%y}", "unsupported modifier (:%) in substitution");
    check_error("${x:=y}", "unsupported modifier (:=) in substitution");
    check_error("${x=y}", "unsupported modifier (=) in substitution");
    check_error("${x.}", "unsupported modifier (.) in substitution");
    check_error("${EMPTY:?}", "EMPTY: is not allowed to be empty");
    check_error("${NOPE?}", "NOPE: is not allowed to be unset");
    check_error("${NOPE:?}", "NOPE: is not allowed to be unset");
    check_error("${NOPE:?set $TOOL first}", "NOPE: set make first");
    check_error("${EMPTY:?must be \"set\"}", "EMPTY: must be set");
    check_error("${TXT/x}", "syntax error: missing '/' in ${}");
    check_error("${TXT/x/y", "syntax error: missing '}'");
    check_error("\"abc", "unexpected end of statement while looking for matching double-quote");
    check_error("'abc", "unexpected end of statement while looking for matching single-quote");
    check_error("${TXT#\\q}", "invalid pattern (\\q) in substitution: invalid escape '\\q'");
    check_error("${TXT%a\\}", "syntax error: missing '}'");
}

/* ---- unknown values ---------------------------------------------------------- */

typedef struct {
    const char *in;
    pl_expand_status status;
    const char *want;
} unknown_case;

static const unknown_case unknown_cases[] = {
    {"${REGISTRY}/app:${TAG}", PL_EXPAND_UNKNOWN, "${REGISTRY}/app:${TAG}"},
    {"$TAG", PL_EXPAND_UNKNOWN, "$TAG"},
    {"v$TAG-x", PL_EXPAND_UNKNOWN, "v$TAG-x"},
    {"$DIR/$TAG", PL_EXPAND_UNKNOWN, "/srv/$TAG"},
    {"\"${TAG}\"", PL_EXPAND_UNKNOWN, "${TAG}"},
    {"'${TAG}'", PL_EXPAND_OK, "${TAG}"},
    {"\\$TAG", PL_EXPAND_OK, "$TAG"},
    {"${TAG:-1.0}", PL_EXPAND_UNKNOWN, "${TAG:-1.0}"},
    {"${TAG-1.0}", PL_EXPAND_UNKNOWN, "${TAG-1.0}"},
    {"${UNDEF:-1.0}", PL_EXPAND_OK, "1.0"},
    {"${UNDEF:-$TAG}", PL_EXPAND_UNKNOWN, "$TAG"},
    {"${UNDEF:-v${TAG}}", PL_EXPAND_UNKNOWN, "v${TAG}"},
    {"${DIR:-$TAG}", PL_EXPAND_OK, "/srv"},
    {"${DIR:+$TAG}", PL_EXPAND_UNKNOWN, "$TAG"},
    {"${EMPTY:+$TAG}", PL_EXPAND_OK, ""},
    {"${TAG:+x}", PL_EXPAND_UNKNOWN, "${TAG:+x}"},
    {"${TAG:?}", PL_EXPAND_UNKNOWN, "${TAG:?}"},
    {"${TAG?need it}", PL_EXPAND_UNKNOWN, "${TAG?need it}"},
    {"${TAG#v}", PL_EXPAND_UNKNOWN, "${TAG#v}"},
    {"${TAG%%-*}", PL_EXPAND_UNKNOWN, "${TAG%%-*}"},
    {"${TXT#$TAG}", PL_EXPAND_UNKNOWN, "${TXT#$TAG}"},
    {"${NOPE#$TAG}", PL_EXPAND_UNKNOWN, "${NOPE#$TAG}"},
    {"${TXT/x/$TAG}", PL_EXPAND_UNKNOWN, "${TXT/x/$TAG}"},
    {"${TAG//./-}", PL_EXPAND_UNKNOWN, "${TAG//./-}"},
    {"python:${VERSION:-3.12}-slim", PL_EXPAND_UNKNOWN, "python:${VERSION:-3.12}-slim"},
    {"${TAG:=x}", PL_EXPAND_ERROR, NULL},
    {"${TAG:#x}", PL_EXPAND_ERROR, NULL},
    {"${TAG", PL_EXPAND_ERROR, NULL},
    {"${UNDEF:?$TAG}", PL_EXPAND_ERROR, NULL},
    {"${TAG:-${}}", PL_EXPAND_ERROR, NULL},
};

static void test_unknown_values(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof unknown_cases / sizeof unknown_cases[0]; i++) {
        const unknown_case *c = &unknown_cases[i];
        const char *out = NULL, *err = NULL;
        pl_expand_status st = pl_expand_word(arena, &backslash, c->in, &out, &err);
        if (st != c->status)
            fail_msg("%s: status %d, want %d", c->in, st, c->status);
        if (c->want && strcmp(out, c->want) != 0)
            fail_msg("%s: got \"%s\", want \"%s\"", c->in, out, c->want);
    }
    const char *out, *err;
    pl_expand_word(arena, &backslash, "${UNDEF:?$TAG}", &out, &err);
    assert_string_equal(err, "UNDEF: $TAG");
}

/* ---- the references reported ------------------------------------------------- */

typedef struct {
    char log[512];
} ref_log;

static void log_ref(void *ud, const char *name, size_t n, pl_var_state state)
{
    ref_log *l = ud;
    static const char *const names[] = {"undefined", "known", "unknown"};
    size_t used = strlen(l->log);
    snprintf(l->log + used, sizeof l->log - used, "%.*s=%s ", (int)n, name, names[state]);
}

static const char *refs_of(const char *word, pl_expand_status want)
{
    static ref_log log;
    memset(&log, 0, sizeof log);
    pl_expander ex = {test_lookup, log_ref, &log, 0};
    const char *out, *err;
    assert_int_equal(pl_expand_word(arena, &ex, word, &out, &err), want);
    return log.log;
}

static void test_on_ref(void **state)
{
    (void)state;
    /* a modifier's word is read before its variable is looked up */
    assert_string_equal(refs_of("${A:-$DIR}x$TAG ${EMPTY}", PL_EXPAND_UNKNOWN),
                        "DIR=known A=undefined TAG=unknown EMPTY=known ");
    assert_string_equal(refs_of("'$Q' \\$R \"$S\"", PL_EXPAND_OK), "S=undefined ");
    assert_string_equal(refs_of("$1 ${@} $$", PL_EXPAND_OK), "1=undefined @=undefined $=undefined ");
    assert_string_equal(refs_of("${TXT/$TMP/$DIR}", PL_EXPAND_OK),
                        "TMP=known DIR=known TXT=known ");
    /* the operator is judged after the lookup, so the variable is reported */
    assert_string_equal(refs_of("${TAG:=x}", PL_EXPAND_ERROR), "TAG=unknown ");
    assert_string_equal(refs_of("${X:#y}", PL_EXPAND_ERROR), "");
    assert_string_equal(refs_of("$ $. ${+x}", PL_EXPAND_OK), "");
    assert_string_equal(refs_of("${DIR:+$DIR}", PL_EXPAND_OK), "DIR=known DIR=known ");
}

static void test_no_lookup(void **state)
{
    (void)state;
    const char *out, *err;
    assert_int_equal(pl_expand_word(arena, NULL, "$X-${Y:-d}-${Z:+e}", &out, &err), PL_EXPAND_OK);
    assert_string_equal(out, "-d-");
    pl_expander none = {NULL, NULL, NULL, 0};
    assert_int_equal(pl_expand_word(arena, &none, "'$X'\"$X\"", &out, &err), PL_EXPAND_OK);
    assert_string_equal(out, "$X");
    assert_int_equal(pl_expand_word(arena, NULL, NULL, &out, &err), PL_EXPAND_OK);
    assert_string_equal(out, "");
}

/* ---- ProcessWords ------------------------------------------------------------ */

typedef struct {
    const char *in;
    const char *want; /* words joined by '|'; ERR for an error */
    pl_expand_status status;
} words_case;

static const words_case words_cases[] = {
    {"hello", "hello", PL_EXPAND_OK},
    {"a b  c", "a|b|c", PL_EXPAND_OK},
    {"  lead trail  ", "lead|trail", PL_EXPAND_OK},
    {"tab\tsep\nnl", "tab|sep|nl", PL_EXPAND_OK},
    {"a\\ b", "a b", PL_EXPAND_OK},
    {"\\ ", " ", PL_EXPAND_OK},
    {"\"a b\" c", "a b|c", PL_EXPAND_OK},
    {"a\"b c\"d", "ab cd", PL_EXPAND_OK},
    {"'a  b'", "a  b", PL_EXPAND_OK},
    {"x${SPACED}y", "x|a|b|y", PL_EXPAND_OK},
    {"x\"${SPACED}\"y", "x  a  b y", PL_EXPAND_OK},
    {"$SPACED", "a|b", PL_EXPAND_OK},
    {"\"$SPACED\"", "  a  b ", PL_EXPAND_OK},
    {"a \"\" b", "a|b", PL_EXPAND_OK},
    {"\"\"", "", PL_EXPAND_OK},
    {"a\\\"b c", "a\"b|c", PL_EXPAND_OK},
    {"\"a\\\"b\"", "a\"b", PL_EXPAND_OK},
    {"a\"\\\\\"b", "a\\b", PL_EXPAND_OK},
    {"a'\\\\'b", "a\\\\b", PL_EXPAND_OK},
    {"a'$DIR' b", "a$DIR|b", PL_EXPAND_OK},
    {"${NOPE} x", "x", PL_EXPAND_OK},
    {"a$NOPE b", "a|b", PL_EXPAND_OK},
    {"8080/tcp ${DIR}", "8080/tcp|/srv", PL_EXPAND_OK},
    {"a\xC2\xA0" "b\xE3\x80\x80" "c", "a|b|c", PL_EXPAND_OK}, /* NBSP, ideographic space */
    {"cat <<  EOF x", "cat|<<  EOF|x", PL_EXPAND_OK},
    /* BuildKit drops the word being built when a `${v<op>word}` is read */
    {"a${NOPE:-b}c", "bc", PL_EXPAND_OK},
    {"a ${NOPE:-b c}d", "a|b|cd", PL_EXPAND_OK},
    {"a\"${NOPE:-b}\"", "b", PL_EXPAND_OK},
    {"$TAG x", "$TAG|x", PL_EXPAND_UNKNOWN},
    {"${TAG:-a b} c", "${TAG:-a b}|c", PL_EXPAND_UNKNOWN},
    {"it's", ERR, PL_EXPAND_ERROR},
    {"a ${b", ERR, PL_EXPAND_ERROR},
};

static const char *join_words(const char **w, int n)
{
    pl_strbuf sb;
    pl_sb_init(&sb, arena);
    for (int i = 0; i < n; i++) {
        if (i)
            pl_sb_putc(&sb, '|');
        pl_sb_puts(&sb, w[i]);
    }
    return pl_sb_str(&sb);
}

static void test_words_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof words_cases / sizeof words_cases[0]; i++) {
        const words_case *c = &words_cases[i];
        const char **w = NULL, *err = NULL;
        int n = -1;
        pl_expand_status st = pl_expand_words(arena, &backslash, c->in, &w, &n, &err);
        if (st != c->status)
            fail_msg("%s: status %d, want %d", c->in, st, c->status);
        assert_non_null(w);
        if (c->want == ERR) {
            assert_int_equal(n, 0);
            assert_non_null(err);
            continue;
        }
        const char *got = join_words(w, n);
        if (strcmp(got, c->want) != 0)
            fail_msg("%s: got \"%s\", want \"%s\"", c->in, got, c->want);
        assert_null(w[n]);
    }
    /* an empty word list is a count of zero, not one empty word */
    const char **w, *err;
    int n;
    assert_int_equal(pl_expand_words(arena, &backslash, "  \"\"  ", &w, &n, &err), PL_EXPAND_OK);
    assert_int_equal(n, 0);
}

/* ---- pl_expand_has_vars -------------------------------------------------------- */

static void test_has_vars(void **state)
{
    (void)state;
    assert_true(pl_expand_has_vars("$A", 0));
    assert_true(pl_expand_has_vars("x${A}", '\\'));
    assert_true(pl_expand_has_vars("\"$A\"", '\\'));
    assert_true(pl_expand_has_vars("a$1", '\\'));
    assert_true(pl_expand_has_vars("$$", '\\'));
    assert_true(pl_expand_has_vars("\\\\$A", '\\'));
    assert_true(pl_expand_has_vars("\\$A", '`'));
    assert_true(pl_expand_has_vars("'x'$A", '\\'));
    assert_false(pl_expand_has_vars("plain", '\\'));
    assert_false(pl_expand_has_vars("\\$A", '\\'));
    assert_false(pl_expand_has_vars("`$A", '`'));
    assert_false(pl_expand_has_vars("'$A'", '\\'));
    assert_false(pl_expand_has_vars("'\"$A\"'", '\\'));
    assert_false(pl_expand_has_vars("$", '\\'));
    assert_false(pl_expand_has_vars("$.", '\\'));
    assert_false(pl_expand_has_vars("price: 5$", '\\'));
    assert_false(pl_expand_has_vars("'$A", '\\'));
    assert_false(pl_expand_has_vars(NULL, '\\'));
    /* quotes and `$` keep their meaning whatever the escape character is */
    assert_true(pl_expand_has_vars("$A", '$'));
    assert_true(pl_expand_has_vars("<$A", '<'));
    assert_false(pl_expand_has_vars("'$A'", '\''));
}

/* ---- hostile input ------------------------------------------------------------- */

static void test_deep_nesting(void **state)
{
    (void)state;
    pl_strbuf sb;
    pl_sb_init(&sb, arena);
    for (int i = 0; i < 50; i++)
        pl_sb_puts(&sb, "${N:-");
    pl_sb_putc(&sb, 'x');
    for (int i = 0; i < 50; i++)
        pl_sb_putc(&sb, '}');
    const char *out, *err;
    assert_int_equal(pl_expand_word(arena, &backslash, pl_sb_str(&sb), &out, &err), PL_EXPAND_OK);
    assert_string_equal(out, "x");

    pl_sb_init(&sb, arena);
    for (int i = 0; i < 5000; i++)
        pl_sb_puts(&sb, "${N:-");
    assert_int_equal(pl_expand_word(arena, &backslash, pl_sb_str(&sb), &out, &err),
                     PL_EXPAND_ERROR);
    assert_string_equal(err, "substitutions nested too deeply");
}

static void test_long_input(void **state)
{
    (void)state;
    pl_strbuf sb;
    pl_sb_init(&sb, arena);
    for (int i = 0; i < 20000; i++)
        pl_sb_puts(&sb, "$DIR ");
    const char **w, *err;
    int n;
    assert_int_equal(pl_expand_words(arena, &backslash, pl_sb_str(&sb), &w, &n, &err),
                     PL_EXPAND_OK);
    assert_int_equal(n, 20000);
    assert_string_equal(w[19999], "/srv");
    /* many stars against a value they cannot match */
    const char *out;
    assert_int_equal(pl_expand_word(arena, &backslash, "${TXT#*x*x*x*x*x*x*x*x*x*x*z}", &out, &err),
                     PL_EXPAND_OK);
    assert_string_equal(out, "xxyy");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_word_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_backtick_escape, setup, teardown),
        cmocka_unit_test_setup_teardown(test_error_messages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_on_ref, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_lookup, setup, teardown),
        cmocka_unit_test_setup_teardown(test_words_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_has_vars, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deep_nesting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_input, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
