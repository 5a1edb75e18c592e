/* requirements.h — pip requirements files, read the way pip reads them.
 *
 * Owns: one file's lines as pip's req_file.py preprocesses them (BOMs and
 * UTF-16/32, every line break Python's splitlines knows, `\` continuations
 * numbered by their first physical line, comments only at the start or
 * after whitespace, `${VAR}` references), each logical line split into the
 * requirement and its options (shlex and optparse rules, long-option
 * abbreviations), the requirement read as pip's install_req_from_line does
 * (PEP 508 names, extras, PEP 440 specifiers, markers, `name @ url`, archive
 * paths and URLs, editable and VCS lines), and every line pip would refuse
 * as an error diagnostic with line and column. Also the loader that follows
 * `-r`/`-c` relative to the including file, with cycle detection.
 *
 * `${VAR}`: pip expands it from its own environment at install time, which
 * plimsoll cannot see; the text is kept verbatim and the requirement is
 * marked `has_variable` so that rules treat what it names as unknown.
 * Everything lives in the caller's arena.
 */
#ifndef PLIMSOLL_REQUIREMENTS_H
#define PLIMSOLL_REQUIREMENTS_H

#include <stddef.h>

#include "plimsoll/arena.h"
#include "plimsoll/diag.h"
#include "plimsoll/pep440.h"

typedef struct pl_req {
    int line;              /* first physical line of the logical line */
    pl_span span;          /* the requirement as written (its first line) */
    const char *text;      /* the requirement part of the line */
    const char *name;      /* NULL for an unnamed URL or path */
    const char **extras;   /* as written, in order */
    int nextras;
    const char *specifier; /* clauses without spaces joined by ',' ("" when none) */
    pl_pep440_specset specs;
    const char *marker;    /* as written, trimmed; NULL when none */
    const char *url;       /* `name @ url`, an archive, a VCS URL or a local path; NULL */
    int editable;          /* -e */
    int is_vcs;            /* git+https://..., also for `name @ git+...` */
    int is_local;          /* a local directory or archive path (no scheme) */
    const char **hashes;   /* "sha256:..." as written, from --hash */
    pl_span *hash_spans;
    int nhashes;
    int has_variable;      /* an unexpanded ${VAR} */
    int constraint;        /* read through -c (set by the loader) */
    const char *file;      /* the file it was read from (set by the loader) */
} pl_req;

typedef struct {
    int line;
    pl_span span;          /* the path word */
    const char *option;    /* "-r" or "-c" */
    const char *path;      /* as written */
} pl_req_include;

typedef struct {
    int line;
    pl_span span;          /* the option word */
    const char *name;      /* the long form: "--index-url", "--pre" */
    const char *value;     /* NULL for a flag */
} pl_req_option;

typedef struct pl_reqfile {
    const char *path;
    pl_req **reqs;
    int nreqs;
    pl_req_include *includes;
    int nincludes;
    pl_req_option *options;
    int noptions;
    pl_diag_list diags;    /* rule "requirements-syntax" for lines pip refuses */
} pl_reqfile;

pl_reqfile *pl_req_parse(pl_arena *a, const char *path, const char *data, size_t len);

/* The dump `plimsoll parse --kind requirements --dump json` prints. */
void pl_req_dump_json(const pl_reqfile *rf, pl_strbuf *out);

/* PEP 503 normalised name: lower case, runs of -_. as one '-'. */
const char *pl_req_canonical_name(pl_arena *a, const char *name);

/* ---- following -r / -c ------------------------------------------------------ */

/* Reads `path` (a '/'-separated path as the loader built it); NULL when it
 * cannot be read. */
typedef const char *(*pl_req_read_fn)(void *ud, const char *path, size_t *len);

typedef struct {
    const char *path;      /* as the loader named it */
    const char *included_from; /* NULL for the root */
    int include_line;
    pl_reqfile *rf;        /* NULL when unreadable or a URL */
    const char *why_not;   /* why it was not read */
    int constraint;
} pl_req_loaded;

typedef struct {
    pl_req_loaded *files;  /* [0] is the root */
    int nfiles;
    pl_req **reqs;         /* every requirement of every file, in install order */
    int nreqs;
    int cycles;            /* includes refused because they named a file being read */
} pl_req_set;

/* Parses `root_path` from `data` and follows its -r/-c (at most `max_files`
 * files, depth-first as pip does). Paths are joined to the including file's
 * directory and cleaned; URLs are not fetched. */
pl_req_set *pl_req_load(pl_arena *a, const char *root_path, const char *data, size_t len,
                        pl_req_read_fn read, void *ud, int max_files);

/* "dir/../x.txt" made clean, '/'-separated; relative stays relative. */
const char *pl_req_join(pl_arena *a, const char *including, const char *path);

#endif
