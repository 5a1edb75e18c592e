/* shell.h — a reader for the shell scripts inside RUN.
 *
 * Owns: turning a POSIX-shell script (shell-form RUN text, heredoc bodies,
 * exec-form argv joined) into the simple commands it runs, in order: split
 * on `&&`, `||`, `;`, `|`, `&`, newlines, `( )` / `{ }` groups and
 * `if/then/else/fi`, `for/do/done`, `while`, `case` bodies; quotes and
 * escapes removed; `FOO=bar cmd` assignments set apart; here-documents in the
 * script skipped. `$VAR`, `${...}`, `$(...)` and backticks stay in the word
 * text as written and mark the word as holding an expansion.
 *
 * It never runs anything and never fails: unterminated quotes or groups end
 * at the end of the text. Everything lives in the arena given.
 */
#ifndef PLIMSOLL_SHELL_H
#define PLIMSOLL_SHELL_H

#include <stddef.h>

#include "plimsoll/arena.h"

typedef struct {
    const char *text; /* quotes and escapes removed */
    const char *raw;  /* exactly as written */
    size_t offset;    /* of raw within the parsed text */
    size_t len;       /* of raw */
    int has_expansion; /* holds $x, ${x}, $(...) or `...` outside single quotes */
} pl_sh_word;

typedef struct {
    pl_sh_word *argv; /* argv[0] is the command name */
    int argc;
    pl_sh_word *assigns; /* NAME=value words before the command */
    int nassigns;
    int index;        /* 0-based order of the command in the script */
    int in_pipeline;  /* connected to a neighbour by `|` */
    const char *next_op; /* operator after it: "&&", "||", ";", "|", "&", "\n" or "" */
    int in_substitution; /* runs inside $(...), backticks or <(...) */
} pl_sh_cmd;

typedef struct {
    /* Every simple command, hadolint's way: in syntax-tree pre-order, so the
     * commands inside `$(...)`, backticks, `<(...)` and unquoted
     * here-document bodies follow the command holding them; function bodies
     * and if/for/while/case bodies included. Listed only when the name is
     * plain text: not assignment-only lines (see `assigns`), not `$CC -o x`. */
    pl_sh_cmd *cmds;
    int ncmds;
    int has_pipe; /* any `|` pipeline (not `||`) */
    /* Assignments that form a command of their own (`FOO=1; make`). Such a
     * line is not in `cmds`, as in hadolint, whose commands all have a name. */
    pl_sh_word *assigns;
    int nassigns;
    /* The text is not a complete script (unterminated quote, group,
     * substitution or here-document, a stray `)`, `fi`, `done`...). The
     * commands are still read as well as they can be; hadolint, whose
     * ShellCheck parser gives up on such text, sees no commands at all. */
    int malformed;
} pl_sh_script;

pl_sh_script *pl_sh_parse(pl_arena *a, const char *text, size_t len);

/* The command name without directories ("/usr/bin/apt-get" -> "apt-get"). */
const char *pl_sh_name(const pl_sh_cmd *c);
/* argv[0] basename equals name. */
int pl_sh_is(const pl_sh_cmd *c, const char *name);

/* Flags, as hadolint reads them: "-abc" is the flags a, b, c; "--long" and
 * "--long=value" are the flag "long". A lone "--" ends the flags.
 * `flag` is given without dashes: "y", "yes", "no-install-recommends". */
int pl_sh_has_flag(const pl_sh_cmd *c, const char *flag);
/* Value of `--flag=value`, `--flag value`, `-f value` or `-fvalue`; NULL when
 * absent. */
const char *pl_sh_flag_value(const pl_sh_cmd *c, const char *flag);

/* The positional arguments after argv[0]: every word that is not a flag and
 * not the value of one of `flags_with_value` (names without dashes, NULL
 * terminated; may be NULL). Returns the count; *out is an arena array. */
int pl_sh_positionals(pl_arena *a, const pl_sh_cmd *c, const char *const *flags_with_value,
                      const pl_sh_word ***out);

/* Positional argument i (as above, without flags_with_value), or NULL. */
const char *pl_sh_arg(const pl_sh_cmd *c, int i);

/* Some word after argv[0] is exactly `text` (hadolint's cmdHasArgs). */
int pl_sh_has_arg(const pl_sh_cmd *c, const char *text);
/* Every value of `flag`, read as pl_sh_flag_value does; returns the count,
 * *out is an arena array. */
int pl_sh_flag_values(pl_arena *a, const pl_sh_cmd *c, const char *flag, const char ***out);

#endif
