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
 *     kind: dockerfile             # dockerfile (default), dockerignore,
 *                                  # requirements or compose
 *     instructions: [RUN]          # dockerfile only; default: every instruction
 *     pattern: 'curl[^|]*\|\s*(ba)?sh'   # PCRE2, searched in each item (below)
 *     require: false               # true: fail when NOTHING in the file matches
 *     must-match: false            # true: every item that does NOT match is a
 *                                  # finding (excludes `require`)
 *     message: pipes a download into a shell
 *     fix: download, verify a checksum, then run it
 *     aliases: [CKV_ACME_1]        # optional
 *     description: ...             # optional
 *     checklist: false             # optional
 *
 * The items a rule looks at, by kind:
 *   dockerfile    each instruction's text (continuations joined), or only
 *                 those `instructions:` names
 *   dockerignore  each line (must-match: each line that is not blank or a
 *                 comment)
 *   compose       each scalar value `path:` reaches, as written (before
 *                 interpolation), found at the value's line and column:
 *                 `services.*.image`, `services.*.ports[*]`,
 *                 `services.*.environment.*`, `services.web.labels."com.acme.team"`
 *                 (`*` is every key of a mapping or item of a sequence,
 *                 `[*]` every item, `[N]` one; a list item is matched as
 *                 written, "KEY=value"); a value an anchor gives several
 *                 services is judged once, where it is written
 *   requirements  each requirement; `package:` (PCRE2 on the PEP 503 name)
 *                 chooses which; `pattern:` sees `name<specifier>` with the
 *                 name in PEP 503 form ("pyyaml==5.3", "lib @ git+https://...");
 *                 `specifier:` the specifier alone ("==5.3", ">=1,<2", "" when
 *                 none, "@ url"); an item matches when every pattern given
 *                 does, and a rule with only `package:` matches the package
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
