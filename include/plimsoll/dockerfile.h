/* dockerfile.h — the Dockerfile AST and its parser.
 *
 * Owns: turning Dockerfile bytes into instructions with spans, the way
 * BuildKit's parser (frontend/dockerfile/parser) and its instruction layer
 * (instructions/parse.go, bflag.go) read them: directives, continuations,
 * comments, heredocs, JSON exec form with its fallback, flags.
 *
 * The parser never aborts: every problem becomes a diagnostic in
 * pl_dockerfile.diags and parsing goes on with the next instruction.
 * Everything returned lives in the arena passed to pl_dockerfile_parse.
 * No rule logic lives here.
 */
#ifndef PLIMSOLL_DOCKERFILE_H
#define PLIMSOLL_DOCKERFILE_H

#include <stddef.h>

#include "plimsoll/arena.h"
#include "plimsoll/diag.h"

typedef enum {
    PL_DF_UNKNOWN = 0, /* a keyword BuildKit does not know (a diagnostic too) */
    PL_DF_ADD,
    PL_DF_ARG,
    PL_DF_CMD,
    PL_DF_COPY,
    PL_DF_ENTRYPOINT,
    PL_DF_ENV,
    PL_DF_EXPOSE,
    PL_DF_FROM,
    PL_DF_HEALTHCHECK,
    PL_DF_LABEL,
    PL_DF_MAINTAINER,
    PL_DF_ONBUILD,
    PL_DF_RUN,
    PL_DF_SHELL,
    PL_DF_STOPSIGNAL,
    PL_DF_USER,
    PL_DF_VOLUME,
    PL_DF_WORKDIR,
} pl_df_kind;

/* One argument. `text` is exactly BuildKit's node value (quotes kept where
 * BuildKit keeps them, e.g. ENV values; JSON strings decoded). */
typedef struct {
    const char *text;
    pl_span span;
    size_t len; /* bytes in text (JSON "\u0000" can put a NUL inside) */
} pl_df_word;

/* Columns count bytes from the start of the line; on line 1 a UTF-8 BOM is
 * not counted. For ONBUILD, the heredocs hang on the ONBUILD node as in
 * BuildKit and its `sub` shares the same array. */

/* One `--name[=value]` flag before the arguments. */
typedef struct {
    const char *raw;   /* as BuildKit dumps it: "--mount=type=cache,target=/x" */
    const char *name;  /* "mount" */
    const char *value; /* after '=', quotes removed; NULL when there is no '=' */
    pl_span span;
    size_t raw_len; /* bytes in raw (the input may hold NUL bytes) */
} pl_df_flag;

typedef struct {
    const char *name;    /* delimiter word, quotes removed */
    const char *content; /* body lines with their own line endings, as BuildKit
                            keeps them ("\r\n" in a CRLF file); leading tabs
                            stripped for <<- */
    int expand;          /* 1 when no part of the delimiter was quoted */
    int chomp;           /* 1 for <<- */
    int fd;              /* the n in n<<EOF; -1 when absent */
    pl_span span;        /* the marker word on the instruction line */
    pl_span body_span;   /* first body line .. terminator line */
} pl_df_heredoc;

/* Maps an offset in pl_df_instr.original back to the file. */
typedef struct {
    size_t offset; /* first byte of this piece in `original` */
    int line, col; /* where that byte is in the file */
} pl_df_segment;

typedef struct pl_df_instr {
    pl_df_kind kind;
    const char *keyword; /* as written ("run", "Run", "RUN") */
    const char *name;    /* lower-case keyword, also for unknown instructions */
    size_t name_len;     /* bytes in name (a keyword may hold NUL bytes) */
    int index;           /* 0-based position among the file's top-level instructions */
    pl_span span;        /* keyword .. end of the last line (heredoc terminator included) */
    pl_span keyword_span;

    /* The logical line: continuation lines joined the BuildKit way (escape +
     * newline removed, comment lines inside dropped), without heredoc bodies. */
    const char *original;
    size_t original_len; /* bytes in original (it may hold NUL bytes) */
    pl_df_segment *segments;
    int nsegments;

    pl_df_flag *flags;
    int nflags;

    /* BuildKit's node.Next values, per instruction (what `--dump buildkit`
     * prints): FROM/COPY/ADD/VOLUME/EXPOSE/ARG/USER/WORKDIR...: words;
     * RUN/CMD/ENTRYPOINT/SHELL shell form: one word with the command text;
     * exec form: the decoded JSON strings; ENV/LABEL: triples
     * (key, value, "=" or "" for the legacy `K V` form, so a rule can tell the
     * legacy form by an empty third element; the "" has no span);
     * HEALTHCHECK: the type word ("CMD", "NONE", ...) then its command like
     * CMD; ONBUILD: none (see `sub`); an unknown keyword: one empty word, as
     * BuildKit keeps one. */
    pl_df_word *args;
    int nargs;
    int json; /* the arguments were a JSON array (exec form) */

    /* The text after the keyword and the flags, as written on the joined line
     * (for shell form: the shell command). Offsets into `original`. */
    const char *rest;
    size_t rest_offset;
    size_t rest_len;

    pl_df_heredoc *heredocs;
    int nheredocs;

    struct pl_df_instr *sub;   /* ONBUILD: the wrapped instruction; else NULL */
    struct pl_df_instr *parent; /* for `sub`: the ONBUILD holding it */

    /* Comment lines directly above the instruction (BuildKit's PrevComment),
     * with their lines. The text is BuildKit's: the line without its first
     * byte, trimmed ("# check=skip=X" gives "check=skip=X"; an indented
     * "  # x" gives "# x"). An empty `#` line clears the list; a blank line
     * does not; directive lines are not included. */
    const char **comments;
    int *comment_lines;
    int ncomments;

    /* The RUN script and its shell reading, made by the first rule that
     * asks (pl_df_run_shell, src/rules/dockerfile/dfutil.h) in `run_memo_arena`
     * and shared by the others: a file's rules run on one thread. */
    const void *run_memo_arena;
    const char *run_script_memo;
    void *run_shell_memo;
} pl_df_instr;

typedef struct {
    const char *name;  /* lower-case: "syntax", "escape", "check" */
    const char *value;
    pl_span span;
} pl_df_directive;

/* Every comment line of the file, for pragmas (`# plimsoll ignore=...`). */
typedef struct {
    const char *text; /* after '#', untrimmed */
    int line;
    int col; /* column of '#' */
} pl_df_comment;

typedef struct {
    const char *path;
    const char *source; /* the bytes as given (BOM included) */
    size_t source_len;

    char escape; /* '\\' or '`' */
    pl_df_directive *directives;
    int ndirectives;

    pl_df_instr **instrs;
    int ninstrs;

    pl_df_comment *comments;
    int ncomments;

    /* Lines inside a continuation that were empty (BuildKit's
     * NoEmptyContinuation warning), 1-based. */
    int *empty_continuation_lines;
    int nempty_continuation_lines;

    pl_diag_list diags;
    /* 1 when BuildKit's parser itself (not the later instruction layer)
     * rejects the file: empty file, ENV without value, nested JSON, ... */
    int rejected;
} pl_dockerfile;

/* Parses `len` bytes (need not be NUL-terminated). Always returns a
 * pl_dockerfile (possibly with no instructions); never NULL. */
pl_dockerfile *pl_dockerfile_parse(pl_arena *a, const char *path, const char *data,
                                   size_t len);

/* Position in the file of byte `offset` of ins->original. */
void pl_df_position(const pl_df_instr *ins, size_t offset, int *line, int *col);
/* Span covering ins->original[offset, offset+len). */
pl_span pl_df_span_of(const pl_df_instr *ins, size_t offset, size_t len);

/* The flag named `name` (without dashes), the last one when repeated; NULL
 * when absent. */
const pl_df_flag *pl_df_flag_get(const pl_df_instr *ins, const char *name);

const char *pl_df_kind_name(pl_df_kind k); /* "run", ... ; "" for unknown */
pl_df_kind pl_df_kind_from_name(const char *lower_name);

/* BuildKit's Node.Dump text for the whole file, one line per instruction,
 * each line ending in '\n'. */
void pl_dockerfile_dump_buildkit(const pl_dockerfile *df, pl_strbuf *out);
/* The full AST with spans as JSON text (pretty-printed, ends in '\n'). */
void pl_dockerfile_dump_json(const pl_dockerfile *df, pl_strbuf *out);

#endif
