/* df_user_drop.h — an image that starts as root and gives root up itself:
 * its entrypoint switches to another user before the service runs (the
 * docker-library pattern: `exec gosu postgres "$@"` in
 * docker-entrypoint.sh), so a USER line is not what sets who runs. */
#ifndef PL_DF_USER_DROP_H
#define PL_DF_USER_DROP_H
#include "dfutil.h"

/* Where the image m->final runs drops root, or NULL when nothing shows it:
 * the ENTRYPOINT (else the CMD), past init wrappers (tini, dumb-init), is
 * gosu, su-exec, s6-setuidgid, `chpst -u`, `runuser -u` or `setpriv
 * --reuid` itself, or s6-overlay's `/init`; or it is a script this
 * Dockerfile COPY/ADDs from the build context (by its path, or by its name
 * in a PATH directory) in which some command does so (`exec su ... -c`
 * too). The text names the instruction and the script's file:line. */
const char *pl_entrypoint_drops_root(pl_check *c, const pl_file *f, const pl_df_model *m);

#endif
