/* vars_doc.h — where a project says which variables it needs: the example
 * env files (.env.example, .env.sample, example.env ...) of a directory, a
 * `.env` that git tracks (outside a repository: any `.env`), and the
 * --env-file files of the run.
 *
 * Owns: finding and reading those files (bounded: entries of one directory,
 * bytes of one file), and the set of names they list, keys commented out
 * (`# SENTRY_DSN=`) included: a commented key is documented as optional.
 * Shared by the variable rules (compose_vars.c, py_env.c). Everything in
 * the caller's arena.
 */
#ifndef PLIMSOLL_VARS_DOC_H
#define PLIMSOLL_VARS_DOC_H

#include <stddef.h>

#include "plimsoll/arena.h"
#include "plimsoll/workspace.h"

/* a directory with more entries is not searched further */
#define VARS_MAX_DIR_ENTRIES 20000
/* an example env file is read up to this many bytes */
#define VARS_MAX_FILE (1024 * 1024)

/* A set of names: add freely, then vars_set_seal before asking. */
typedef struct {
    pl_vec names; /* const char*; sorted and unique once sealed */
    int sealed;
} vars_set;

void vars_set_add(pl_arena *a, vars_set *s, const char *name, size_t len);
void vars_set_seal(vars_set *s);
int vars_set_has(const vars_set *s, const char *name);

typedef struct {
    vars_set names;
    pl_vec files;    /* const char*: display paths of the files read, in order */
    int examples;    /* how many of them are example env files */
    pl_vec dirs;     /* const char*: the directories searched */
} vars_doc;

/* Reads the example env files of directory `fs_dir` (shown as
 * `display_dir`; "." for the current directory) and, when git tracks it,
 * its `.env`, adding their names to `d`. A directory already read is not
 * read again. */
void vars_doc_read_dir(pl_arena *a, const pl_workspace *ws, const char *fs_dir,
                       const char *display_dir, vars_doc *d);

/* Adds the names of the run's --env-file files. */
void vars_doc_read_env_files(pl_arena *a, const pl_workspace *ws, vars_doc *d);

/* "a/b" from a directory and a name ("." as the directory: the name). */
const char *vars_join(pl_arena *a, const char *dir, const char *name);
/* The directory part of a path ("." when there is none). */
const char *vars_dirname(pl_arena *a, const char *path);

/* The file's text, at most `max` bytes (NUL-terminated in `a`); NULL when
 * it cannot be read or is not a regular file. */
char *vars_read(pl_arena *a, const char *path, size_t max, size_t *len);

/* Variables a shell or the container runtime always sets: a reference to
 * them needs no documentation. */
int vars_always_set(const char *name);

/* "A, B, C" (at most `max` names, then "and N more"). */
const char *vars_list(pl_arena *a, const char *const *names, int n, int max);

#endif
