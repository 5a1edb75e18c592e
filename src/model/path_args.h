/* path_args.h — the PATH arguments of a run as the model compares them
 * (model-internal).
 *
 * The model asks, for every file and build unit, whether a PATH argument
 * names it or holds it. Cleaning and resolving each argument once, sorted,
 * keeps those questions logarithmic and their scratch out of the
 * workspace: with thousands of files named on the command line, asking
 * each argument anew made the model quadratic in time and in memory.
 */
#ifndef PLIMSOLL_MODEL_PATH_ARGS_H
#define PLIMSOLL_MODEL_PATH_ARGS_H

#include "plimsoll/workspace.h"

typedef struct pl_path_args {
    const char **display; /* as display paths, cleaned, sorted */
    int ndisplay;
    int has_dot;          /* one of them is "." */
    const char **given;   /* as given (cleaned only), sorted */
    int ngiven;
    int none;             /* no PATH argument: the current directory */
} pl_path_args;

/* Reads ws->opts->paths into `out`, allocated in `a`. */
void pl_path_args_init(pl_arena *a, const pl_workspace *ws, pl_path_args *out);
/* Whether an argument, as a display path, is `path`. */
int pl_path_args_names(const pl_path_args *pa, const char *path);
/* Whether an argument as given (cleaned, not resolved) is `path`. */
int pl_path_args_gives(const pl_path_args *pa, const char *path);
/* Whether display path `path` is an argument or lies below one. */
int pl_path_args_hold(const pl_path_args *pa, const char *path);

#endif
