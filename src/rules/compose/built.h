/* built.h — the image a compose service runs, for the cross-file rules
 * (PL5004 ports against EXPOSE, PL5005 health-check programs) and the
 * per-service checklist card.
 *
 * Owns: reading the Dockerfile a service builds as `docker compose build`
 * builds it (its static build args, its target as the final stage), and
 * reading a service's ports and health-check test as compose reads them.
 */
#ifndef PLIMSOLL_COMPOSE_BUILT_H
#define PLIMSOLL_COMPOSE_BUILT_H

#include "plimsoll/model.h"
#include "services.h"

typedef struct {
    pl_svc_build b;
    pl_df_model *m;  /* the Dockerfile read, target applied; NULL when not */
    const char *why; /* when the service builds and m is NULL: why it is not known */
    int target_missing; /* its target names no stage of the Dockerfile */
} pl_svc_image;

/* The Dockerfiles one pass over a file's services has read, keyed by
 * path, target and build args, so that a thousand services building one
 * Dockerfile read and parse it once. Zero-initialise; lives in the arena
 * given to pl_svc_built_image. */
struct pl_svc_image_slot;
typedef struct {
    struct pl_svc_image_slot *slots;
    size_t cap, len;
} pl_svc_image_cache;

/* 1: the service builds and its Dockerfile was read; 0: it does not build
 * (it runs `image:`); -1: it builds an image not known here (out->why).
 * `cache` may be NULL. The model may be shared with other services: read
 * it, never change it. */
int pl_svc_built_image(pl_arena *a, const pl_svc *s, pl_svc_image_cache *cache,
                       pl_svc_image *out);

/* The image's exposed ports: EXPOSE of the final stage and the stages of
 * this Dockerfile it is built FROM, and what the base image it starts from
 * is known to EXPOSE. 0 when known; -1 with *why when not (an EXPOSE that
 * needs a build argument, a base image the table does not know). */
typedef struct {
    int lo, hi;        /* a port or a range */
    const char *proto; /* "tcp" or "udp"... (lower case) */
    const char *where; /* "examples/Dockerfile:20", "nginx:1.27 (its EXPOSE)" */
} pl_port_range;

int pl_svc_exposed(pl_arena *a, const pl_svc_image *img, pl_port_range **out, int *n,
                   const char **why);

/* One container port a service publishes (`ports:`) or exposes (`expose:`). */
typedef struct {
    const pl_ynode *at;  /* the entry (the `target:` value in the long syntax) */
    int lo, hi;          /* -1 when not known statically */
    const char *proto;
    const char *text;    /* as written */
    int published;       /* from ports: (else expose:) */
} pl_svc_port;

/* The container ports of service `s`, in document order. */
int pl_svc_ports(pl_arena *a, const pl_svc *s, pl_svc_port **out);

/* Whether every port of `p` lies in an exposed range (same protocol):
 * where the first one is EXPOSEd; else NULL. */
const char *pl_port_covered(const pl_svc_port *p, const pl_port_range *r, int nr);
/* "8000", "8000-8010", "53/udp" */
const char *pl_port_text(pl_arena *a, int lo, int hi, const char *proto);
/* "8000 (Dockerfile:7), 9090/udp (Dockerfile:3)" */
const char *pl_port_ranges_text(pl_arena *a, const pl_port_range *r, int nr);

/* A debugger's port the service's own command opens (`node --inspect`
 * 9229, debugpy 5678, dlv 2345): published for development, never the
 * image's to EXPOSE. */
int pl_svc_debugger_port(const pl_svc *s, int port);

/* The program a service's `healthcheck: test` runs. */
typedef struct {
    int state;            /* 1 a test, -1 disabled or NONE, 0 no healthcheck / no test */
    const pl_ynode *test; /* the test node */
    const char *prog;     /* NULL when it runs nothing this can name */
    const pl_ynode *at;   /* the scalar naming it */
    pl_span span;         /* where the program is written */
    const char *shell;    /* the shell it runs through ("sh" for CMD-SHELL or a string;
                           * "bash" for ["CMD", "bash", "-c", ...]), or NULL */
    const pl_ynode *shell_at; /* what makes it run through the shell */
} pl_svc_health;

void pl_svc_health_of(pl_arena *a, const pl_svc *s, pl_svc_health *out);

#endif
