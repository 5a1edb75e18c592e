/* dockerfile_internal.h — helpers shared by the Dockerfile parser's files.
 *
 * Owns: the Go-compatible text primitives BuildKit's behaviour rests on
 * (UTF-8 decoding that turns each bad byte into U+FFFD, unicode.IsSpace,
 * strings.ToLower/ToUpper, strconv.Quote), Go's encoding/json acceptance of
 * an exec-form array, and BuildKit's shell lexer (shell/lex.go) in the modes
 * the parser and the instruction layer use it. Not part of the public API.
 */
#ifndef PLIMSOLL_DOCKERFILE_INTERNAL_H
#define PLIMSOLL_DOCKERFILE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "plimsoll/arena.h"
#include "plimsoll/dockerfile.h"

#define DF_RUNE_ERROR 0xFFFD

/* utf8.DecodeRune: an invalid or truncated sequence is U+FFFD of width 1. */
int32_t df_decode_rune(const char *s, size_t n, size_t *width);
/* utf8.DecodeLastRune over s[0, n). */
int32_t df_decode_last_rune(const char *s, size_t n, size_t *width);
void df_sb_put_rune(pl_strbuf *sb, int32_t r);
/* unicode.IsSpace */
int df_is_space(int32_t r);
/* unicode.IsSpace(rune(b)) for one byte, as BuildKit's byte loops call it. */
int df_is_space_byte(unsigned char b);
int df_is_print(int32_t r);
int32_t df_to_lower(int32_t r);
int32_t df_to_upper(int32_t r);

/* strings.TrimSpace / TrimLeft(IsSpace) / TrimRight(IsSpace), as offsets. */
size_t df_trim_left(const char *s, size_t n);
size_t df_trim_right(const char *s, size_t n); /* new length */
/* strings.ToLower / ToUpper (bad bytes become U+FFFD, as Go's Map does). */
const char *df_str_lower(pl_arena *a, const char *s, size_t n);
const char *df_str_lower_n(pl_arena *a, const char *s, size_t n, size_t *out_len);
const char *df_str_upper(pl_arena *a, const char *s, size_t n);
/* strings.EqualFold(s, ascii_word) for a lower-case ASCII word. */
int df_equal_fold_ascii(const char *s, const char *word);
/* strconv.Quote appended to sb. */
void df_sb_quote(pl_strbuf *sb, const char *s, size_t n);
const char *df_quote(pl_arena *a, const char *s);

/* ---- exec-form JSON (Go encoding/json into []any) ---------------------- */
typedef enum {
    DF_JSON_NOT_ARRAY = 0, /* not JSON, or JSON Go refuses: fall back to shell form */
    DF_JSON_OK,
    DF_JSON_NOT_STRINGS, /* valid JSON with a non-string element: hard error */
} df_json_status;

typedef struct {
    const char *text;
    size_t len;        /* decoded bytes ("\u0000" puts a NUL inside) */
    size_t start, end; /* the string token in the input, quotes included; end exclusive */
} df_json_elem;

df_json_status df_json_parse_array(pl_arena *a, const char *s, size_t n,
                                   df_json_elem **elems, int *nelems);

/* ---- BuildKit's shell lexer ----------------------------------------------- */
typedef struct {
    char escape;
    int raw_quotes;
    int raw_escapes;
    int skip_unset_env; /* unset variables stay as written ("$X", "${X}") */
} df_lex_mode;

typedef struct {
    const char *text;
    size_t start, end; /* source bytes the word came from; end exclusive */
} df_lex_word;

/* ProcessWords/ProcessWord with an empty environment. Returns 0 on success;
 * on a lexing error returns -1 and sets *error (Go's message). `result` is
 * ProcessWord's single string; either output may be NULL. */
int df_lex_process(pl_arena *a, const df_lex_mode *mode, const char *s, size_t n,
                   const char **result, df_lex_word **words, int *nwords,
                   const char **error);

/* ---- parser state shared by dockerfile.c and dockerfile_node.c ------------- */
typedef struct {
    pl_arena *a;
    pl_dockerfile *df;
    char escape;
    /* the line cursor */
    const char *data;
    size_t len, pos;
    int lineno;
    int too_long_reported;
} df_parser;

typedef struct {
    const char *raw; /* the line with its line ending */
    size_t raw_len;
    size_t len; /* without trailing \r and \n */
    int lineno;
} df_line;

void df_parse_error(df_parser *p, pl_span sp, const char *msg);
int df_next_line(df_parser *p, df_line *out);
void df_node_from_line(df_parser *p, pl_df_instr *ins);

/* ParseHeredoc on one lexed word: 1 = heredoc (*h filled but spans), 0 = not
 * a heredoc, -1 = malformed (*err set). */
int df_parse_heredoc_word(pl_arena *a, const char *word, pl_df_heredoc *h, const char **err);
int df_is_heredoc_word(pl_arena *a, const char *word);

/* ---- the instruction layer (dockerfile_instr.c, dockerfile_flags.c) ---------- */
typedef enum { DF_FLAG_BOOL, DF_FLAG_STRING, DF_FLAG_STRINGS } df_flag_type;

typedef struct {
    const char *name;
    df_flag_type type;
} df_flag_def;

typedef struct {
    pl_arena *a;
    pl_dockerfile *df;
    const pl_df_instr *ins;
    int reported;   /* BuildKit stops at an instruction's first problem */
    int in_trigger; /* checking the instruction inside ONBUILD */
} df_checker;

void df_fail(df_checker *c, pl_span sp, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* util/suggest: the closest option at distance < 3, or NULL. */
const char *df_suggest(pl_arena *a, const char *val, const char *const *opts, int n,
                       int case_sensitive);
const char *df_with_suggestion(pl_arena *a, const char *msg, const char *match);

/* Each returns 0 after reporting a problem. */
int df_check_mount(df_checker *c, const pl_df_flag *f);
int df_check_device(df_checker *c, const pl_df_flag *f);
int df_check_interval(df_checker *c, const pl_df_flag *f);
int df_check_retries(df_checker *c, const pl_df_flag *f);
int df_check_expose(df_checker *c);

void df_check_instructions(pl_arena *a, pl_dockerfile *df);

#endif
