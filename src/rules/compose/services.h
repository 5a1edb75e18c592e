/* services.h — what the compose rules beyond validity (security.c,
 * reliability.c, references.c) share.
 *
 * Owns: the one accessor through which those rules get a compose file's
 * services (the merged compose project the model built, compose_project.h,
 * with each node still carrying the file it was written in; a file's own
 * YAML tree when it has no project), and the helpers to
 * read values as compose does: scalars, "not known statically" (a `$`
 * interpolation), paths relative to the compose file, image names, and
 * findings placed in the file a node comes from.
 */
#ifndef PLIMSOLL_COMPOSE_SERVICES_H
#define PLIMSOLL_COMPOSE_SERVICES_H

#include "plimsoll/rule.h"
#include "plimsoll/workspace.h"
#include "plimsoll/yaml.h"

typedef struct pl_svc {
    const char *name;
    const pl_ynode *key;  /* the service's name as written */
    const pl_ynode *node; /* its mapping */
    const char *file;     /* display path of the file that defines it */
    const char *dir;      /* directory its relative paths resolve against ("." at worst) */
    /* the project it was merged in, NULL for a file read alone; a value
     * merged from another file resolves against that file's directory
     * (pl_svc_path_at) */
    const struct pl_compose_project *project;
} pl_svc;

/* The services of the compose project `f` speaks for, merged (override
 * files, `include:` and `extends:` applied), in merged order, as an arena
 * array in *out. A file that is part of a project another file speaks for
 * has none here (0; pl_svc_list_or_skip says where they are judged). A
 * file without a project: its own services. Returns the count; -1 when the
 * file has no compose model (unreadable, or not a compose file). */
int pl_compose_services(const pl_file *f, pl_svc **out);

/* Like pl_compose_services, but reports a skip (with the reason) and
 * returns 0 when there is nothing to judge. */
int pl_svc_list_or_skip(pl_check *c, const pl_file *f, pl_svc **out);

/* The services sorted by name, so that looking many names up stays
 * O(n log n) on files with thousands of services. */
typedef struct {
    const pl_svc **by_name;
    int n;
} pl_svc_index;
void pl_svc_index_build(pl_arena *a, const pl_svc *svcs, int n, pl_svc_index *out);
const pl_svc *pl_svc_index_find(const pl_svc_index *ix, const char *name);

/* The text of a scalar that is not null, else NULL. A value compose
 * interpolated with a variable that is not set reads as written (with its
 * `$`: not known statically). */
const char *pl_svc_scalar(const pl_ynode *n);
/* The scalar at `key` of mapping `map`, read as pl_svc_scalar reads it;
 * *node (optional) receives the value's node. */
const char *pl_svc_get(const pl_ynode *map, const char *key, const pl_ynode **node);
/* A value compose interpolates (holds `$`): not known statically. */
int pl_svc_dynamic(const char *s);
/* A scalar that compose reads as true (`true`, "true", "1"...). */
int pl_svc_true(const pl_ynode *n);
/* An integer scalar, or -1 when it is not one. */
long pl_svc_int(const pl_ynode *n);

/* `path` made relative to the service's directory (absolute paths as they
 * are); NULL for `~` paths. */
const char *pl_svc_path(pl_arena *a, const pl_svc *s, const char *path);
/* The same for a value written at `at`, against the directory of the
 * file it was read from. */
const char *pl_svc_path_at(pl_arena *a, const pl_svc *s, const pl_ynode *at, const char *path);
/* Why a relative path of service `s` that is missing beside its compose
 * file may exist where the file is used (an override fragment with no
 * base beside it, whose base is elsewhere; a file the repository's
 * scripts copy elsewhere first), or NULL. */
const char *pl_svc_paths_unknown(pl_arena *a, const pl_svc *s);
/* Why a relative path missing beside the file is unknown rather than
 * missing: resolved against the directory of a compose file the project
 * may be merged after (compose_project.h, `bases`), as compose resolves
 * every `-f` file's paths against the first file's directory, `context`
 * (as written) is a directory inside the repository and, when `file` is
 * not NULL, holds `file` (an env_file: context "."). NULL when no base
 * gives that. */
const char *pl_svc_found_from_base(pl_arena *a, const struct pl_workspace *ws, const pl_svc *s,
                                   const char *context, const char *file);
int pl_svc_is_dir(const char *path);
int pl_svc_is_file(const char *path);

/* The repository part of an image reference, lower-case, without registry,
 * tag or digest ("docker.io/library/postgres:16" → "postgres",
 * "bitnami/redis:7" → "bitnami/redis"), and its tag ("" when none). */
const char *pl_svc_image_repo(pl_arena *a, const char *image, const char **tag);
/* An image of Docker's official library (no namespace, on Docker Hub). */
int pl_svc_image_official(const char *image);
/* The same, for an image a service pulls: a name the repository's own
 * builds tag (a compose `image:` beside `build:`, `docker build -t`) is
 * built here, not pulled from the library. */
struct pl_workspace;
int pl_svc_image_pulled_official(const struct pl_workspace *ws, const char *image);

/* What a service's `build:` says, resolved against its directory. */
typedef struct {
    int builds;                  /* the service has `build:` */
    int known;                   /* context and Dockerfile are local and static */
    const char *why_unknown;     /* when builds && !known: "a remote context"... */
    const char *context;         /* path of the context directory */
    const pl_ynode *context_at;  /* the value naming it (or `build:` itself) */
    const char *dockerfile;      /* path of the Dockerfile; NULL with dockerfile_inline */
    const pl_ynode *dockerfile_at; /* the `dockerfile:` value, or NULL (the default) */
    const char *target;          /* `target:`, or NULL */
    const char *context_as_written; /* the context before resolving ("." by default) */
    const char *dockerfile_as_written; /* `dockerfile:` as written, or "Dockerfile" */
} pl_svc_build;

void pl_svc_build_of(pl_arena *a, const pl_svc *s, pl_svc_build *out);

/* A file's text, for reading a file compose refers to (at most 4 MiB);
 * NULL when it cannot be read. */
char *pl_svc_read(pl_arena *a, const char *path, size_t *len);

/* A finding at `n`, in the file the node was read from. */
void pl_svc_fail(pl_check *c, const pl_file *f, const pl_ynode *n, const char *fix,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Services run to completion rather than kept up (reliability.c):
 * pl_svc_awaited_to_complete marks, by index into s[0..n), those another
 * service waits for with service_completed_successfully; pl_svc_one_shot
 * says why `svc` is one (that, or a command that migrates, seeds,
 * installs, tests...), or NULL. */
char *pl_svc_awaited_to_complete(pl_arena *a, const pl_svc *s, int n);
const char *pl_svc_one_shot(pl_arena *a, const char *awaited, const pl_svc *s, const pl_svc *svc);

/* In plimsoll's own reading, a compose file whose path says it serves
 * development, tests, CI, debugging, demos, examples or docs
 * (docker-compose.dev.yml, compose.ci.yaml, tests/e2e/, examples/;
 * purpose.h): the rules about what a deployment exposes to the host or
 * the network skip it with the reason, since what it sets up runs on a
 * developer's machine or a CI runner. Returns 1 after the skip. */
int pl_svc_skip_nonproduction(pl_check *c, const pl_file *f);
/* Why `f` is such a file in the default reading (purpose.h), or NULL. */
const char *pl_svc_nonproduction(pl_check *c, const pl_file *f);

/* "web, db (compose.yaml:3)": the services judged, for a pass's evidence. */
void pl_svc_pass(pl_check *c, const pl_svc *svcs, int n, const char *what);

#endif
