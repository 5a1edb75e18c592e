/* helptext.h — `plimsoll --help` read back as data.
 *
 * Owns the parse of the text pl_usage prints (usage lines, description,
 * options with their argument and description, exit statuses), so that the
 * man page and the shell completions are generated from the very text users
 * see with --help: an option added there appears in all three.
 */
#ifndef PLIMSOLL_CLI_HELPTEXT_H
#define PLIMSOLL_CLI_HELPTEXT_H

#include "plimsoll/arena.h"

typedef enum {
    PL_ARG_NONE,   /* a flag */
    PL_ARG_VALUES, /* one of `values` */
    PL_ARG_RULE,   /* a rule id, name or alias */
    PL_ARG_FILE,
    PL_ARG_DIR,
    PL_ARG_TEXT, /* anything (a revision, NAME=VALUE, a number) */
} pl_arg_kind;

typedef struct {
    const char *short_flag; /* "-f", or NULL */
    const char *long_flag;  /* "--format", or NULL */
    const char *arg;        /* "FMT", or NULL for a flag */
    const char *desc;       /* continuation lines joined with a space */
    const char **values;    /* NULL-terminated: the choices the description
                               opens with ("text (default), json, ..."), or NULL */
    pl_arg_kind kind;
} pl_help_option;

/* One usage line: `plimsoll NAME WORDS...`; the bare `[check]` line is the
 * check command. Its options and positional arguments are those the line
 * shows (`[--format text|json]`, `RULE`, `install|uninstall`). */
typedef struct {
    const char *name;
    const char *line; /* without the leading "usage:" */
    pl_help_option *opts;
    int nopts;
    pl_help_option *positional; /* the first positional argument, or NULL */
} pl_help_command;

typedef struct {
    const char *code;
    const char *meaning;
} pl_help_exit;

typedef struct {
    pl_help_command *cmds;
    int ncmds;
    const char *description; /* the paragraph after the usage lines */
    pl_help_option *opts;    /* the global options (those of check) */
    int nopts;
    pl_help_exit *exits;
    int nexits;
} pl_help;

/* Parses what pl_usage prints. Everything lives in `a`. */
void pl_help_parse(pl_arena *a, pl_help *h);

/* A word usable as a completion value or shell word: [A-Za-z0-9_.-]+. */
int pl_help_plain_word(const char *s);

#endif
