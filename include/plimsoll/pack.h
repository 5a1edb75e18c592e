/* pack.h — declarative rule packs: rules written in YAML with PCRE2
 * patterns, loaded at run time (`--rules PATH`, config `rules:`).
 *
 * Owns: reading a pack file (or every *.yaml / *.yml file of a directory),
 * validating each entry with file:line errors, compiling its pattern once,
 * and the one check function every pack rule runs. A pack rule is a pl_rule
 * like the built-in ones (same metadata, same findings, same pragmas), so
 * the rest of plimsoll does not tell them apart.
 *
 * Format (a sequence of mappings):
 *
 *   - id: ACME001                  # unique; not a built-in id, name or alias
 *     name: no-curl-pipe-shell     # kebab-case
 *     title: No download piped into a shell
 *     category: security           # as built-in rules
 *     severity: error
 *     kind: dockerfile             # dockerfile (default), dockerignore or requirements
 *     instructions: [RUN]          # dockerfile only; default: every instruction
 *     pattern: 'curl[^|]*\|\s*(ba)?sh'   # PCRE2, searched in each instruction's
 *                                  # text (continuations joined), each line,
 *                                  # or each requirement as `name<specifier>`
 *                                  # with the name in PEP 503 form ("pyyaml==5.3")
 *     require: false               # true: fail when NOTHING matches
 *     message: pipes a download into a shell
 *     fix: download, verify a checksum, then run it
 *     aliases: [CKV_ACME_1]        # optional
 *     description: ...             # optional
 *     checklist: false             # optional
 */
#ifndef PLIMSOLL_PACK_H
#define PLIMSOLL_PACK_H

#include "plimsoll/arena.h"
#include "plimsoll/diag.h"
#include "plimsoll/engine.h"
#include "plimsoll/rule.h"

typedef struct pl_pack_rule pl_pack_rule;

/* Loads the pack(s) at `path` and appends each rule (a const pl_rule *) to
 * `rules`. Returns 0, or -1 with errors (line, column, message naming the
 * file) in `diags`; nothing is appended for a file with errors. */
int pl_pack_load(pl_arena *a, const char *path, pl_vec *rules, pl_diag_list *diags);

/* Whether `r` came from a pack (its state lives with it). */
int pl_rule_is_pack(const pl_rule *r);
pl_rule_state *pl_pack_state(const pl_rule *r);

/* Frees the compiled patterns of the rules in `rules`. */
void pl_pack_free(pl_vec *rules);

#endif
