/* pep440.h — Python package versions and version specifiers (PEP 440), as
 * the `packaging` library reads and compares them.
 *
 * Owns: parsing a version string (epoch, release, pre/post/dev, local, the
 * alternative spellings PEP 440 normalises), ordering two versions, and
 * deciding whether a version satisfies a specifier (`==`, `!=`, `<=`, `>=`,
 * `<`, `>`, `~=`, `===`, `==1.2.*`, `!=1.2.*`) or a comma-separated set of
 * them. Numbers are kept as digit strings, so no version overflows. Parsed
 * data lives in the caller's arena.
 */
#ifndef PLIMSOLL_PEP440_H
#define PLIMSOLL_PEP440_H

#include <stddef.h>

#include "plimsoll/arena.h"

/* A release number: digits without leading zeros ("0" for zero). */
typedef const char *pl_pep440_num;

typedef struct {
    pl_pep440_num epoch;
    pl_pep440_num *release; /* at least one */
    int nrelease;
    char pre_kind;          /* 0 none, 'a', 'b', 'r' (rc) */
    pl_pep440_num pre;
    int has_post;
    pl_pep440_num post;
    int has_dev;
    pl_pep440_num dev;
    const char *local;      /* normalised ("ubuntu.1"), NULL when none */
} pl_pep440;

/* Parses `s[0..n)` (surrounding whitespace allowed). 0 on success. */
int pl_pep440_parse(pl_arena *a, const char *s, size_t n, pl_pep440 *out);
/* <0, 0, >0 as packaging orders versions (1.0 == 1.0.0). */
int pl_pep440_cmp(const pl_pep440 *x, const pl_pep440 *y);
/* The normalised form ("1!2.0rc1.post0.dev3+abc"). */
const char *pl_pep440_str(pl_arena *a, const pl_pep440 *v);
int pl_pep440_is_prerelease(const pl_pep440 *v); /* pre or dev */

typedef enum {
    PL_PEP440_EQ,       /* == */
    PL_PEP440_NE,       /* != */
    PL_PEP440_LE,       /* <= */
    PL_PEP440_GE,       /* >= */
    PL_PEP440_LT,       /* < */
    PL_PEP440_GT,       /* > */
    PL_PEP440_COMPAT,   /* ~= */
    PL_PEP440_ARBITRARY /* === */
} pl_pep440_op;

typedef struct {
    pl_pep440_op op;
    const char *text;    /* the clause without spaces, "==1.2.*" */
    const char *version; /* the version part as written, "1.2.*" */
    int wildcard;        /* ==/!= with a trailing .* */
    pl_pep440 v;         /* parsed (wildcard: the release before .*); for === when
                          * arbitrary_normal */
    int arbitrary_normal; /* ===: the text is a version in normal form */
} pl_pep440_spec;

typedef struct {
    pl_pep440_spec *items;
    int n;
} pl_pep440_specset;

/* One clause ("~=1.4", ">= 2"); 0 on success, else *error says why. */
int pl_pep440_spec_parse(pl_arena *a, const char *s, size_t n, pl_pep440_spec *out,
                         const char **error);
/* A comma-separated set (empty text: the empty set, which allows all). */
int pl_pep440_specset_parse(pl_arena *a, const char *s, size_t n, pl_pep440_specset *out,
                            const char **error);
/* Whether `v` satisfies the clause, with packaging's rules for local
 * versions, wildcards and `<`/`>` against pre- and post-releases.
 * Pre-releases are not excluded here (that is the installer's choice). */
int pl_pep440_spec_contains(const pl_pep440_spec *s, const pl_pep440 *v);
int pl_pep440_specset_contains(const pl_pep440_specset *set, const pl_pep440 *v);

/* "==1.2.3" or "===x": a set that names exactly one version (no wildcard). */
int pl_pep440_specset_exact(const pl_pep440_specset *set);

#endif
