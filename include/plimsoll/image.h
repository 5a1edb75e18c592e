/* image.h — container image references.
 *
 * Owns: splitting `[registry/]repository[:tag][@digest]` the way the
 * distribution reference grammar does: the first path component is a
 * registry only if it contains '.' or ':' or is `localhost`
 * (`localhost:5000/x` has registry `localhost:5000`), or, as in the
 * reference library, has upper-case letters (`Foo/bar`: registry `Foo`).
 * A `${...}` or `$NAME` expansion is opaque: `${REGISTRY}/app:${TAG}` has
 * registry `${REGISTRY}` and tag `${TAG}`; a first component holding one is
 * taken as the registry. Strings live in the arena given.
 */
#ifndef PLIMSOLL_IMAGE_H
#define PLIMSOLL_IMAGE_H

#include "plimsoll/arena.h"

typedef struct {
    const char *raw;
    const char *registry;   /* NULL when none is written (Docker Hub) */
    const char *repository; /* as written, without registry: "python", "org/app" */
    const char *tag;        /* NULL when none; "" for `busybox:` (an error) */
    const char *digest;     /* "sha256:..." or NULL */
    int has_vars;           /* some part still holds a `$` reference */
    const char *error;      /* NULL when the reference is valid */
} pl_image_ref;

/* Returns 0 when valid, -1 with out->error set otherwise (out is filled as
 * far as possible either way). */
int pl_image_parse(pl_arena *a, const char *ref, pl_image_ref *out);

/* "docker.io" when no registry is written, else the registry. */
const char *pl_image_registry_or_default(const pl_image_ref *r);

/* Last path component of the repository ("cuda" for "nvidia/cuda"). */
const char *pl_image_basename(pl_arena *a, const pl_image_ref *r);

#endif
