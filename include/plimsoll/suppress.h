/* suppress.h — inline pragmas and the BuildKit check directive.
 *
 * Owns: reading `# plimsoll ignore=`, `# plimsoll global ignore=`,
 * `# plimsoll stage ignore=` (and hadolint's spellings), `# check=skip=...`
 * (the file-level directive, the per-instruction comment, and the
 * BUILDKIT_DOCKERFILE_CHECK build arg that replaces the directive), and
 * marking the findings they cover as suppressed. A rule whose findings are
 * all suppressed gets a `skip` result that says by what. Rules never look at
 * pragmas themselves.
 */
#ifndef PLIMSOLL_SUPPRESS_H
#define PLIMSOLL_SUPPRESS_H

#include "plimsoll/workspace.h"

void pl_suppress_file(pl_file *f);

/* Does a comma-separated rule list (as in `ignore=A,B`) name rule r?
 * `buildkit_only`: match BuildKit check names exactly (case-sensitive), and
 * `all` means every rule with a BuildKit alias. */
int pl_suppress_list_names(const char *list, const pl_rule *r, int buildkit_only);

/* Does the file's `# check=experimental=NAMES|all` directive (or the
 * BUILDKIT_DOCKERFILE_CHECK build arg) turn on rule r, one of BuildKit's
 * experimental checks that are off by default? */
int pl_suppress_experimental_on(const pl_file *f, const pl_rule *r);

#endif
