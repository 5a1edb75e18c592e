/* pyenv.h — the environment variables a Python source file reads.
 *
 * Owns: a small Python lexer (names, strings with every prefix and triple
 * quotes, comments, brackets, logical newlines) and the patterns read from
 * its tokens, never by running anything:
 *   os.environ["X"]            a read without a default (KeyError when unset)
 *   os.environ.get("X"[, d])   a read; with a second argument, with a default
 *   os.getenv("X"[, d])        the same
 *   environ["X"], getenv("X")  after `from os import environ, getenv` (with
 *                              `as` names too), and `import os as o` then o.*
 *   E["X"], E.get("X")         after `E = os.environ`
 *   os.environ["X"] = v, os.environ.setdefault("X", v), os.putenv("X", v)
 *                              the code sets X itself
 *   "X" in os.environ          the code tests for X (`not in` too)
 * The name must be a string literal of letters, digits and `_` (an f-string
 * or a variable is not followed). `del os.environ["X"]` is not a read.
 * The work is linear in the input; at most
 * PL_PYENV_MAX_READS uses are kept. Everything lives in the arena given.
 */
#ifndef PLIMSOLL_PYENV_H
#define PLIMSOLL_PYENV_H

#include <stddef.h>

#include "plimsoll/arena.h"

#define PL_PYENV_MAX_READS 10000

typedef enum {
    PL_PYENV_SUBSCRIPT, /* os.environ["X"] */
    PL_PYENV_GET,       /* os.environ.get("X") */
    PL_PYENV_GETENV,    /* os.getenv("X") */
    PL_PYENV_SET,       /* os.environ["X"] = v, setdefault, putenv */
    PL_PYENV_TEST,      /* "X" in os.environ: the code checks before it reads */
} pl_pyenv_how;

typedef struct pl_pyenv_use {
    const char *name;
    pl_pyenv_how how;
    int has_default; /* reads: a default was given */
    int line, col;   /* 1-based, bytes: the first token of the expression */
    struct pl_pyenv_use *next;
} pl_pyenv_use;

typedef struct {
    pl_pyenv_use *head, *tail;
    int count;
    int truncated; /* more than PL_PYENV_MAX_READS uses */
} pl_pyenv_uses;

/* Appends the uses text[0..len) makes to `out` (which may already hold
 * another file's), in source order. Returns the number added. */
int pl_pyenv_scan(pl_arena *a, const char *text, size_t len, pl_pyenv_uses *out);

const char *pl_pyenv_how_name(pl_pyenv_how how);

#endif
