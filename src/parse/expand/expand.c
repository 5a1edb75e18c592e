/* expand.c — BuildKit's word expansion (frontend/dockerfile/shell/lex.go):
 * quote removal, the escape character, `$v`, `${v}`, every `${v<op>word}`
 * form, and the word splitting of ProcessWords.
 *
 * It follows BuildKit's lexer step by step, quirks included, so a Dockerfile
 * means here what it means to the builder. What it adds is a third state for
 * variables: a value that is only known at build time. A reference that
 * needs such a value is copied into the result exactly as written, and the
 * whole result is marked unknown.
 *
 * Text is walked byte by byte; every character with a meaning is ASCII, and
 * UTF-8 sequences are decoded only where BuildKit looks at whole characters
 * (names, white space). Bytes that are not valid UTF-8 pass through as they
 * are (BuildKit would turn them into U+FFFD).
 */
#include "plimsoll/expand.h"

#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "expand_glob.h"

/* `${a:-${b:-${c...}}}` nests; a limit keeps hostile input off the stack. */
#define MAX_NESTING 100

#define END_OF_TEXT (-1)

typedef struct {
    pl_arena *arena;
    const pl_expander *ex;
    const char *src;
    size_t len, pos;
    char escape;
    int raw_escapes; /* keep escape characters in the result (patterns) */
    int depth;
    const char *error;

    /* ProcessWords: the words so far and the one being built. */
    int split;
    pl_vec words;
    pl_strbuf word;
    int in_word;

    /* Unicode letter/digit classes for names, compiled on first need. */
    pcre2_code *name_class;
    pcre2_match_data *name_class_md;
    int name_class_failed;
} lexer;

/* One expanded piece of text. `unknown`: it holds a reference to a value not
 * known statically. `verbatim`: it is nothing but such a reference. */
typedef struct {
    pl_strbuf text;
    int unknown;
    int verbatim;
} piece;

static void piece_init(piece *p, pl_arena *a)
{
    pl_sb_init(&p->text, a);
    p->unknown = 0;
    p->verbatim = 0;
}

static int fail(lexer *lx, const char *msg)
{
    if (!lx->error)
        lx->error = msg;
    return -1;
}

static int peek(const lexer *lx)
{
    return lx->pos < lx->len ? (unsigned char)lx->src[lx->pos] : END_OF_TEXT;
}

static size_t rune_len_at(const lexer *lx, size_t pos, long *cp)
{
    return pl_expand_utf8_decode(lx->src + pos, lx->len - pos, cp);
}

/* ---- character classes --------------------------------------------------- */

/* Go's unicode.IsSpace. */
static int is_space_rune(long cp)
{
    switch (cp) {
    case '\t': case '\n': case '\v': case '\f': case '\r': case ' ':
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029:
    case 0x202F: case 0x205F: case 0x3000:
        return 1;
    default:
        return cp >= 0x2000 && cp <= 0x200A;
    }
}

enum { CLASS_OTHER, CLASS_LETTER, CLASS_DIGIT };

/* Go's unicode.IsLetter / unicode.IsDigit for the character at pos. */
static int name_class_at(lexer *lx, size_t pos, size_t *len)
{
    long cp;
    *len = rune_len_at(lx, pos, &cp);
    if (cp < 0)
        return CLASS_OTHER;
    if (cp < 0x80) {
        if (cp >= '0' && cp <= '9')
            return CLASS_DIGIT;
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
            return CLASS_LETTER;
        return CLASS_OTHER;
    }
    if (!lx->name_class && !lx->name_class_failed) {
        int err;
        PCRE2_SIZE off;
        lx->name_class = pcre2_compile((PCRE2_SPTR) "(\\p{Nd})|\\p{L}", PCRE2_ZERO_TERMINATED,
                                       PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED, &err, &off, NULL);
        if (lx->name_class)
            lx->name_class_md = pcre2_match_data_create_from_pattern(lx->name_class, NULL);
        lx->name_class_failed = !lx->name_class || !lx->name_class_md;
    }
    if (lx->name_class_failed)
        return CLASS_LETTER; /* cannot tell: most non-ASCII text after `$` is a name */
    int rc = pcre2_match(lx->name_class, (PCRE2_SPTR)(lx->src + pos), *len, 0,
                         PCRE2_NO_UTF_CHECK, lx->name_class_md, NULL);
    if (rc < 0)
        return CLASS_OTHER;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(lx->name_class_md);
    return rc >= 2 && ov[2] != PCRE2_UNSET ? CLASS_DIGIT : CLASS_LETTER;
}

/* POSIX special parameters, which BuildKit reads as one-character names. */
static int is_special_param(int c)
{
    return c == '@' || c == '*' || c == '#' || c == '?' || c == '-' || c == '$' || c == '!' ||
           c == '0';
}

/* ---- ProcessWords' word building ----------------------------------------- */

static void words_flush(lexer *lx)
{
    if (lx->word.len) {
        pl_vec_push(lx->arena, &lx->words, pl_arena_strndup(lx->arena, lx->word.data, lx->word.len));
        lx->word.len = 0;
        lx->in_word = 0;
    }
}

static void words_add_raw(lexer *lx, const char *s, size_t n)
{
    pl_sb_append(&lx->word, s, n);
    lx->in_word = 1;
}

/* Unquoted text: white space ends the word (an empty word is never made). */
static void words_add_split(lexer *lx, const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        long cp;
        size_t len = pl_expand_utf8_decode(s + i, n - i, &cp);
        if (is_space_rune(cp)) {
            if (lx->in_word && lx->word.len)
                words_flush(lx);
        } else {
            words_add_raw(lx, s + i, len);
        }
        i += len;
    }
}

/* ---- variables ------------------------------------------------------------ */

static pl_var_state lookup(lexer *lx, const char *name, size_t n, const char **value)
{
    pl_var_state state = PL_VAR_UNDEFINED;
    *value = "";
    if (n == 0)
        return state; /* `${+x}`: BuildKit asks for "", which is never set */
    if (lx->ex->lookup) {
        const char *v = NULL;
        state = lx->ex->lookup(lx->ex->ud, name, n, &v);
        if (state == PL_VAR_KNOWN)
            *value = v ? v : "";
        else if (state != PL_VAR_UNKNOWN)
            state = PL_VAR_UNDEFINED;
    }
    if (lx->ex->on_ref)
        lx->ex->on_ref(lx->ex->ud, name, n, state);
    return state;
}

/* BuildKit's processName: a run of digits, one special parameter, or
 * letters, digits and underscores. */
static void read_name(lexer *lx, size_t *start, size_t *n)
{
    *start = lx->pos;
    size_t len;
    if (lx->pos < lx->len && name_class_at(lx, lx->pos, &len) == CLASS_DIGIT) {
        while (lx->pos < lx->len && name_class_at(lx, lx->pos, &len) == CLASS_DIGIT)
            lx->pos += len;
    } else if (lx->pos < lx->len && is_special_param(peek(lx))) {
        lx->pos++;
    } else {
        while (lx->pos < lx->len) {
            int cls = name_class_at(lx, lx->pos, &len);
            if (cls == CLASS_OTHER && peek(lx) != '_')
                break;
            lx->pos += len;
        }
    }
    *n = lx->pos - *start;
}

static int process_stop_on(lexer *lx, int stop, int raw, piece *out);

/* The text of a reference as written, from its `$` to here. */
static void put_verbatim(lexer *lx, piece *out, size_t start)
{
    out->text.len = 0;
    pl_sb_append(&out->text, lx->src + start, lx->pos - start);
    out->unknown = 1;
    out->verbatim = 1;
}

/* The word after an operator, up to `stop`; BuildKit reports running out of
 * text there as a missing `}` (or `/`), whatever the inner problem was. */
static int process_nested(lexer *lx, int stop, int raw, piece *out, const char *missing)
{
    if (lx->depth >= MAX_NESTING)
        return fail(lx, "substitutions nested too deeply");
    lx->depth++;
    piece_init(out, lx->arena);
    int rc = process_stop_on(lx, stop, raw, out);
    lx->depth--;
    if (rc < 0 && peek(lx) == END_OF_TEXT) {
        lx->error = missing;
        return -1;
    }
    return rc;
}

static int process_replace(lexer *lx, size_t start, const char *name, size_t n, piece *out)
{
    int all = peek(lx) == '/';
    if (all)
        lx->pos++;
    piece pattern, replacement;
    if (process_nested(lx, '/', 1, &pattern, "syntax error: missing '/' in ${}") < 0)
        return -1;
    if (process_nested(lx, '}', 1, &replacement, "syntax error: missing '}'") < 0)
        return -1;
    const char *value;
    pl_var_state state = lookup(lx, name, n, &value);
    if (state == PL_VAR_UNKNOWN || pattern.unknown || replacement.unknown) {
        put_verbatim(lx, out, start);
        return 0;
    }
    const char *result, *err = NULL;
    if (pl_expand_glob_replace(lx->arena, value, pl_sb_str(&pattern.text),
                               pl_sb_str(&replacement.text), all, &result, &err) < 0)
        return fail(lx, err);
    pl_sb_puts(&out->text, result);
    return 0;
}

/* `${name<op>word}` once `${name` and the operator character are read. */
static int process_modifier(lexer *lx, size_t start, const char *name, size_t n, int op,
                            int null_is_unset, const char *op_text, piece *out)
{
    int pattern_op = op == '#' || op == '%';
    if (null_is_unset && pattern_op)
        return fail(lx, pl_arena_printf(lx->arena, "unsupported modifier (%s) in substitution",
                                        op_text));
    piece word;
    if (process_nested(lx, '}', pattern_op, &word, "syntax error: missing '}'") < 0)
        return -1;
    const char *value;
    pl_var_state state = lookup(lx, name, n, &value);
    int is_set = state == PL_VAR_KNOWN;
    int counts_as_unset = !is_set || (null_is_unset && value[0] == '\0');

    if (op != '-' && op != '+' && op != '?' && !pattern_op)
        return fail(lx, pl_arena_printf(lx->arena, "unsupported modifier (%s) in substitution",
                                        op_text));
    if (state == PL_VAR_UNKNOWN || (pattern_op && word.unknown)) {
        put_verbatim(lx, out, start);
        return 0;
    }
    switch (op) {
    case '-':
        if (counts_as_unset) {
            pl_sb_append(&out->text, word.text.data, word.text.len);
            out->unknown = word.unknown;
        } else {
            pl_sb_puts(&out->text, value);
        }
        return 0;
    case '+':
        if (!counts_as_unset) {
            pl_sb_append(&out->text, word.text.data, word.text.len);
            out->unknown = word.unknown;
        }
        return 0;
    case '?':
        if (counts_as_unset) {
            const char *msg = word.text.len ? pl_sb_str(&word.text)
                              : !is_set     ? "is not allowed to be unset"
                                            : "is not allowed to be empty";
            return fail(lx, pl_arena_printf(lx->arena, "%.*s: %s", (int)n, name, msg));
        }
        pl_sb_puts(&out->text, value);
        return 0;
    default: {
        /* a doubled operator (`##`, `%%`) asks for the longest match */
        const char *pattern = pl_sb_str(&word.text);
        int greedy = pattern[0] == op;
        if (greedy)
            pattern++;
        const char *result, *err = NULL;
        if (pl_expand_glob_trim(lx->arena, value, pattern, op == '%', greedy, &result, &err) < 0)
            return fail(lx, err);
        pl_sb_puts(&out->text, result);
        return 0;
    }
    }
}

/* BuildKit's processDollar, at a `$`. */
static int process_dollar(lexer *lx, piece *out)
{
    size_t start = lx->pos;
    lx->pos++;
    const char *value;
    size_t name_start, n;

    if (peek(lx) != '{') {
        read_name(lx, &name_start, &n);
        if (n == 0) {
            pl_sb_putc(&out->text, '$');
            return 0;
        }
        pl_var_state state = lookup(lx, lx->src + name_start, n, &value);
        if (state == PL_VAR_UNKNOWN)
            put_verbatim(lx, out, start);
        else
            pl_sb_puts(&out->text, value);
        return 0;
    }

    lx->pos++;
    int c = peek(lx);
    if (c == END_OF_TEXT)
        return fail(lx, "syntax error: missing '}'");
    if (c == '{' || c == '}' || c == ':')
        return fail(lx, "syntax error: bad substitution");
    read_name(lx, &name_start, &n);
    const char *name = lx->src + name_start;

    if (lx->pos >= lx->len)
        return fail(lx, "syntax error: missing '}'");
    long cp;
    size_t op_len = rune_len_at(lx, lx->pos, &cp);
    const char *op_text = pl_arena_strndup(lx->arena, lx->src + lx->pos, op_len);
    c = peek(lx);
    lx->pos += op_len;

    switch (c) {
    case '}': {
        pl_var_state state = lookup(lx, name, n, &value);
        if (state == PL_VAR_UNKNOWN)
            put_verbatim(lx, out, start);
        else
            pl_sb_puts(&out->text, value);
        return 0;
    }
    case ':': {
        /* `:` makes an empty value count as unset; any character may follow
         * and is judged once the word is read */
        if (lx->pos >= lx->len)
            return fail(lx, "syntax error: missing '}'");
        size_t len2 = rune_len_at(lx, lx->pos, &cp);
        const char *text = pl_arena_printf(lx->arena, ":%.*s", (int)len2, lx->src + lx->pos);
        int op = peek(lx);
        lx->pos += len2;
        return process_modifier(lx, start, name, n, op, 1, text, out);
    }
    case '+': case '-': case '?': case '#': case '%':
        return process_modifier(lx, start, name, n, c, 0, op_text, out);
    case '/':
        return process_replace(lx, start, name, n, out);
    default:
        return fail(lx, pl_arena_printf(lx->arena, "unsupported modifier (%s) in substitution",
                                        op_text));
    }
}

/* ---- quotes --------------------------------------------------------------- */

static int process_single_quote(lexer *lx, piece *out)
{
    lx->pos++;
    const char *close = memchr(lx->src + lx->pos, '\'', lx->len - lx->pos);
    if (!close) {
        lx->pos = lx->len;
        return fail(lx, "unexpected end of statement while looking for matching single-quote");
    }
    size_t end = (size_t)(close - lx->src);
    pl_sb_append(&out->text, lx->src + lx->pos, end - lx->pos);
    lx->pos = end + 1;
    return 0;
}

static int process_double_quote(lexer *lx, piece *out)
{
    lx->pos++;
    for (;;) {
        int c = peek(lx);
        if (c == END_OF_TEXT)
            return fail(lx, "unexpected end of statement while looking for matching double-quote");
        if (c == '"') {
            lx->pos++;
            return 0;
        }
        if (c == '$') {
            piece p;
            piece_init(&p, lx->arena);
            if (process_dollar(lx, &p) < 0)
                return -1;
            pl_sb_append(&out->text, p.text.data, p.text.len);
            out->unknown |= p.unknown;
            continue;
        }
        if (c == (unsigned char)lx->escape) {
            lx->pos++;
            if (lx->raw_escapes)
                pl_sb_putc(&out->text, lx->escape);
            int next = peek(lx);
            if (next == END_OF_TEXT)
                continue;
            /* only `"`, `$` and the escape itself are escaped inside double
             * quotes; before anything else the escape character stays */
            if (next == '"' || next == '$' || next == (unsigned char)lx->escape) {
                pl_sb_putc(&out->text, (char)next);
                lx->pos++;
            } else {
                pl_sb_putc(&out->text, lx->escape);
            }
            continue;
        }
        long cp;
        size_t len = rune_len_at(lx, lx->pos, &cp);
        pl_sb_append(&out->text, lx->src + lx->pos, len);
        lx->pos += len;
    }
}

/* `<<` starts a possible heredoc: the blanks after it stay glued to it. */
static void process_possible_heredoc(lexer *lx, piece *out)
{
    size_t start = lx->pos;
    lx->pos++;
    if (peek(lx) == '<') {
        lx->pos++;
        while (peek(lx) == ' ' || peek(lx) == '\t' || peek(lx) == '\r')
            lx->pos++;
    }
    pl_sb_append(&out->text, lx->src + start, lx->pos - start);
}

/* ---- the main loop -------------------------------------------------------- */

/* BuildKit's processStopOn: expand up to `stop` (END_OF_TEXT for the whole
 * text). `raw` keeps escape characters, as pattern words need. */
static int process_stop_on(lexer *lx, int stop, int raw, piece *out)
{
    int top = lx->depth == 0;
    int saved_raw = lx->raw_escapes;
    lx->raw_escapes = raw;
    /* BuildKit shares one word buffer between this and every nested call,
     * so a `${v<op>word}` forgets the word ProcessWords was building:
     * `a${x:-b}c` gives the single word "bc". Kept for fidelity. */
    lx->word.len = 0;

    int rc = 0;
    while (lx->pos < lx->len) {
        int c = peek(lx);
        if (stop != END_OF_TEXT && c == stop) {
            lx->pos++;
            lx->raw_escapes = saved_raw;
            return 0;
        }
        if (c == '$' || c == '<' || c == '\'' || c == '"') {
            piece p;
            piece_init(&p, lx->arena);
            if (c == '$')
                rc = process_dollar(lx, &p);
            else if (c == '<')
                process_possible_heredoc(lx, &p);
            else if (c == '\'')
                rc = process_single_quote(lx, &p);
            else
                rc = process_double_quote(lx, &p);
            if (rc < 0)
                break;
            pl_sb_append(&out->text, p.text.data, p.text.len);
            out->unknown |= p.unknown;
            if (top && lx->split) {
                /* an unquoted expansion is split again, unless it is an
                 * unknown reference kept as written */
                if (c == '$' && !p.verbatim)
                    words_add_split(lx, p.text.data, p.text.len);
                else
                    words_add_raw(lx, p.text.data, p.text.len);
            }
            continue;
        }
        long cp;
        if (c == (unsigned char)lx->escape) {
            lx->pos++;
            if (raw) {
                pl_sb_putc(&out->text, lx->escape);
                if (top && lx->split)
                    words_add_raw(lx, &lx->escape, 1);
            }
            if (lx->pos >= lx->len)
                break; /* a trailing escape is dropped */
            size_t len = rune_len_at(lx, lx->pos, &cp);
            pl_sb_append(&out->text, lx->src + lx->pos, len);
            if (top && lx->split)
                words_add_raw(lx, lx->src + lx->pos, len);
            lx->pos += len;
            continue;
        }
        size_t len = rune_len_at(lx, lx->pos, &cp);
        pl_sb_append(&out->text, lx->src + lx->pos, len);
        if (top && lx->split)
            words_add_split(lx, lx->src + lx->pos, len);
        lx->pos += len;
    }
    lx->raw_escapes = saved_raw;
    if (rc < 0)
        return -1;
    if (stop != END_OF_TEXT)
        return fail(lx, pl_arena_printf(lx->arena, "unexpected end of statement while looking "
                                                   "for matching %c", stop));
    if (top && lx->split)
        words_flush(lx);
    return 0;
}

static const pl_expander no_variables = {0};

static void lexer_init(lexer *lx, pl_arena *a, const pl_expander *ex, const char *text, int split)
{
    memset(lx, 0, sizeof *lx);
    lx->arena = a;
    lx->ex = ex ? ex : &no_variables;
    lx->src = text ? text : "";
    lx->len = strlen(lx->src);
    lx->escape = lx->ex->escape ? lx->ex->escape : '\\';
    lx->split = split;
    pl_sb_init(&lx->word, a);
}

static pl_expand_status lexer_run(lexer *lx, piece *result, const char **error)
{
    piece_init(result, lx->arena);
    int rc = process_stop_on(lx, END_OF_TEXT, 0, result);
    pcre2_match_data_free(lx->name_class_md);
    pcre2_code_free(lx->name_class);
    if (rc < 0) {
        if (error)
            *error = lx->error ? lx->error : "invalid substitution";
        return PL_EXPAND_ERROR;
    }
    if (error)
        *error = NULL;
    return result->unknown ? PL_EXPAND_UNKNOWN : PL_EXPAND_OK;
}

pl_expand_status pl_expand_word(pl_arena *a, const pl_expander *ex, const char *word,
                                const char **out, const char **error)
{
    lexer lx;
    lexer_init(&lx, a, ex, word, 0);
    piece result;
    pl_expand_status st = lexer_run(&lx, &result, error);
    if (out)
        *out = st == PL_EXPAND_ERROR ? NULL : pl_sb_str(&result.text);
    return st;
}

pl_expand_status pl_expand_words(pl_arena *a, const pl_expander *ex, const char *text,
                                 const char ***out, int *n, const char **error)
{
    lexer lx;
    lexer_init(&lx, a, ex, text, 1);
    piece result;
    pl_expand_status st = lexer_run(&lx, &result, error);
    size_t count = st == PL_EXPAND_ERROR ? 0 : lx.words.len;
    const char **words = PL_NEW_N(a, const char *, count + 1);
    for (size_t i = 0; i < count; i++)
        words[i] = lx.words.items[i];
    if (out)
        *out = words;
    if (n)
        *n = (int)count;
    return st;
}

int pl_expand_has_vars(const char *s, char escape)
{
    if (!s)
        return 0;
    if (!escape)
        escape = '\\';
    int in_double = 0;
    /* the lexer's precedence: quotes, `$` and `<` before the escape */
    for (size_t i = 0; s[i]; i++) {
        char c = s[i];
        if (c == '"') {
            in_double = !in_double;
        } else if (c == '\'' && !in_double) {
            const char *close = strchr(s + i + 1, '\'');
            if (!close)
                return 0;
            i = (size_t)(close - s);
        } else if (c == '$') {
            unsigned char next = (unsigned char)s[i + 1];
            /* non-ASCII may start a Unicode name, as BuildKit reads it */
            if (next == '{' || next == '_' || next >= 0x80 || (next >= 'a' && next <= 'z') ||
                (next >= 'A' && next <= 'Z') || (next >= '0' && next <= '9') ||
                is_special_param(next))
                return 1;
        } else if (c == escape && c != '<' && s[i + 1]) {
            i++;
        }
    }
    return 0;
}
