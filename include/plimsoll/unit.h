/* unit.h — build units: how an image is built from a Dockerfile.
 *
 * Owns: pl_unit_spec, one way the repository builds a Dockerfile, as read
 * statically from where it is written (a compose service, a CI workflow
 * step, a bake target, a Makefile recipe or script, a devcontainer.json,
 * the command line, the config), and the origin that says so. The model (src/model/) turns specs
 * into the build units rules read; readers of the sources only fill specs.
 *
 * Paths are display paths (relative to the current directory, '/'-separated,
 * clean: no "./" prefix, no trailing slash; "." for the current directory), already
 * resolved against what the source's paths are relative to (a workflow's
 * context is relative to the repository root, a compose file's to its own
 * directory, a Makefile recipe's to the Makefile's directory).
 */
#ifndef PLIMSOLL_UNIT_H
#define PLIMSOLL_UNIT_H

#include "plimsoll/context.h"
#include "plimsoll/diag.h"
#include "plimsoll/ignore.h"
#include "plimsoll/model.h"

typedef enum {
    PL_ORIGIN_NONE = 0, /* a Dockerfile nothing was found to build */
    PL_ORIGIN_CLI,      /* --target / --build-arg on the command line */
    PL_ORIGIN_CONFIG,   /* .plimsoll.yaml `dockerfiles:` */
    PL_ORIGIN_COMPOSE,  /* a compose service's `build:` */
    PL_ORIGIN_WORKFLOW, /* a GitHub Actions workflow */
    PL_ORIGIN_GITLAB,   /* .gitlab-ci.yml */
    PL_ORIGIN_BAKE,     /* docker-bake.json / docker-bake.hcl */
    PL_ORIGIN_MAKEFILE, /* a Makefile recipe line */
    PL_ORIGIN_SCRIPT,   /* a shell script */
    PL_ORIGIN_CIRCLECI, /* .circleci/config.yml */
    PL_ORIGIN_DEVCONTAINER, /* a Dev Container's devcontainer.json */
} pl_origin_kind;

typedef struct {
    const char *name;
    const char *value; /* NULL when not known statically (`${{ ... }}`, `$VAR`) */
} pl_unit_arg;

/* What a build leaves behind. An image unless the source says otherwise:
 * a build whose result is pushed, loaded, or not known is taken as one. */
typedef enum {
    PL_OUTPUT_IMAGE = 0,
    PL_OUTPUT_FILES, /* only the target's files: `--output type=local|tar`, `-o DIR` */
    PL_OUTPUT_CACHE, /* only the build cache: a build-push-action step on a buildx
                      * builder with no push, load or outputs (a job that warms
                      * the cache for a later one) */
} pl_unit_output;

typedef struct pl_unit_spec {
    const char *dockerfile; /* NULL: not known statically */
    const char *context;    /* NULL: not known statically */
    const char *target;     /* NULL: no --target (the last stage is built) */
    int target_unknown;     /* a --target whose value is not known statically */
    pl_unit_arg *args;
    int nargs;
    const char *platforms;  /* as written, or NULL */
    pl_unit_output output;
    /* the names the build tags its image with (a compose service's
     * `image:` beside `build:`, `docker build -t`), known values only */
    const char **images;
    int nimages;
    /* the names of the named build contexts it gives (a bake target's
     * `contexts`, `--build-context NAME=...`, a compose build's
     * `additional_contexts`): `COPY --from=NAME` and `FROM NAME` take them */
    const char **named_contexts;
    int nnamed_contexts;

    /* what a compose service sets over the image when it runs it */
    const char *service;       /* the service's name; NULL for other origins */
    const char *run_user;      /* `user:` as written (NULL: not set or not known) */
    pl_span run_user_span;
    int run_healthcheck;       /* `healthcheck:` 1 with a test, -1 disabled, 0 none */
    pl_span run_healthcheck_span;
    /* the files those two were written in (an override or extended file
     * of the service's project); NULL: origin_file */
    const char *run_user_file, *run_healthcheck_file;
    /* the container paths its `volumes:` mount over the image (a bind
     * mount of the source tree over the WORKDIR, a named volume); known
     * values only */
    const char **run_mounts;
    int nrun_mounts;
    /* where bind mounts put the build context (or a directory holding
     * it) in the container: over the WORKDIR, the service runs the host's
     * source tree; known values only */
    const char **run_context_mounts;
    int nrun_context_mounts;

    pl_origin_kind origin;
    const char *origin_file; /* display path, NULL for PL_ORIGIN_NONE/CLI */
    pl_span origin_span;     /* the step, service or command line */
    const char *origin_label; /* "service api", "job build", "target app": may be NULL */
    /* a build a called workflow runs (`uses: ./.github/workflows/x.yml`,
     * origin_file is the caller): the step in that workflow, where what
     * the step itself says is written; NULL otherwise */
    const char *step_file;
    pl_span step_span;
} pl_unit_spec;

const char *pl_origin_kind_name(pl_origin_kind k);

/* Adds a named build context to `s` (in `a`). */
void pl_unit_spec_add_named_context(pl_arena *a, pl_unit_spec *s, const char *name);

struct pl_file;
struct pl_workspace;

/* One image build the rules judge: a Dockerfile of the workspace with the
 * context, target and args some source gives it. A Dockerfile no source
 * builds has one unit with origin PL_ORIGIN_NONE and no context: the
 * context rules then fall back to today's guess (its own directory, or the
 * nearest parent where every COPY source exists) and say it is a guess. */
typedef struct pl_build_unit {
    pl_unit_spec spec;   /* spec.dockerfile is the Dockerfile's display path */
    struct pl_file *file; /* the Dockerfile as checked; NULL when it is not in the workspace */
    const char *evidence; /* "built by compose.yaml:5 (service api) with --target prod" */
} pl_build_unit;

/* Turns every source's specs into units and gives each Dockerfile of the
 * workspace its units (pl_file.units): the command line (--target for the
 * Dockerfiles given) and the config (`dockerfiles:`) win over what the
 * repository says; a Dockerfile nothing builds gets one PL_ORIGIN_NONE
 * unit. Runs once, on the main thread, before any rule; everything lives
 * in the workspace arena. */
void pl_model_units(struct pl_workspace *ws);

/* The build of each compose service with `build:` in the workspace's
 * compose files (compose_units.c). */
void pl_model_compose_units(struct pl_workspace *ws);

/* The compose service builds of one compose file's YAML root: `path` its
 * display path. Appends pl_unit_spec* to `out`. */
struct pl_ynode;
void pl_compose_unit_specs(pl_arena *a, const char *path, const struct pl_ynode *root,
                           pl_vec *out);

/* When every one of the `n` builds runs the image from a compose service
 * that sets it (`user:` to someone other than root, `healthcheck:`), the
 * first such unit, for the evidence; else NULL. */
const pl_build_unit *pl_units_run_as_nonroot(const pl_build_unit *const *units, int n);
const pl_build_unit *pl_units_run_healthcheck(const pl_build_unit *const *units, int n);

/* The build of the workspace that tags its image `ref` (a FROM naming an
 * image this repository builds itself, e.g. a compose service's `image:`
 * beside `build:`): an untagged `ref` matches a build tagging the name or
 * name:latest. NULL when none does. */
const pl_unit_spec *pl_units_tagging(const struct pl_workspace *ws, const pl_image_ref *ref);

/* Whether some build of Dockerfile `f` gives a named build context `name`
 * (compared case-insensitively, as stage names are); the build's origin
 * in *origin (may be NULL). */
int pl_file_named_context(const struct pl_file *f, const char *name, const pl_unit_spec **origin);

/* Reads the build sources discovery found (ws->build_sources) into specs. */
void pl_model_sources(struct pl_workspace *ws);

/* Adds units read from a source (compose, workflows, ...). For the model's
 * sources; call before pl_model_units attaches them. */
void pl_model_add_spec(struct pl_workspace *ws, const pl_unit_spec *spec);

/* Whether unit `u` of `f` names an image that ships: it makes an image,
 * or none of f's units does (a file only ever exported as files or built
 * into the cache is judged as before, on what its builds target). */
int pl_unit_ships_image(const struct pl_file *f, const pl_build_unit *u);

/* The unit whose context and args the per-file rules use: the first one
 * that ships an image (pl_unit_ships_image) with a known context, else the
 * first that ships one. Never NULL for a Dockerfile after
 * pl_model_units; NULL for other kinds. */
const pl_build_unit *pl_file_primary_unit(const struct pl_file *f);

/* The stage model of Dockerfile `f` as its primary unit builds it: the
 * command line's --build-arg values first, then the unit's args; the
 * unit's target as the final stage, every other unit's target marked as
 * built (units that ship an image only: pl_unit_ships_image). A target naming no stage leaves the last stage final (the rule
 * build-target-missing reports it). In f's arena. */
pl_df_model *pl_model_build_unit(pl_arena *a, pl_dockerfile *df,
                                 const struct pl_file *f);

/* One image the builds of a Dockerfile ship: a stage some unit builds as
 * its final image, with every unit that builds it. */
typedef struct pl_image_build {
    struct pl_stage *stage;
    const char *target;  /* the --target that names it; NULL: built without one (the last stage) */
    const pl_build_unit **units;
    int nunits;
} pl_image_build;

/* The images the units of Dockerfile `f` (model `m`) ship, in stage order,
 * each stage once however many units build it: every stage some unit
 * that ships an image (pl_unit_ships_image) targets, and the last stage
 * when such a unit builds without --target or
 * nothing says how the file is built. Returns how many; 0 when none is
 * known, with *why saying so (every --target is not known statically or
 * names no stage). In `a`. */
int pl_model_images(pl_arena *a, const struct pl_file *f, const pl_df_model *m,
                    pl_image_build **out, const char **why);

/* How a finding names image `img`: "target production", "the last stage
 * test", "the last stage". */
const char *pl_image_label(pl_arena *a, const pl_image_build *img);

/* The stage model of `df` with the build args unit `u` passes (after the
 * command line's --build-arg values), the last stage final. In `a`. */
pl_df_model *pl_model_for_unit(pl_arena *a, pl_dockerfile *df, const struct pl_file *f,
                               const pl_build_unit *u);

/* ---- build contexts, walked at most once per run ---------------------------- */

/* A build context as the rules see it. `ctx` and `ignore` are shared by
 * every file whose build uses the same directory and ignore file: read
 * them, never change them. */
typedef struct pl_unit_context {
    const char *unavailable;  /* why there is none (rules skip with it); else NULL */
    const char *dir;          /* as the report shows it: "app", "." */
    const char *fs_dir;       /* where it is read (NULL with --staged) */
    const char *repo_dir;     /* its repository path; NULL outside a repository */
    int staged;               /* built from the git index */
    const pl_ignorefile *ignore; /* the ignore file that applies; NULL when none */
    const char *ignore_path;  /* its display path */
    const pl_context *ctx;
} pl_unit_context;

/* The context `docker build -f <f> <dir>` sends (for a .dockerignore file:
 * its directory with itself applied). `dir` is a display path; NULL means
 * the file's own directory. Per-call data goes to `a` (the caller's file
 * arena); the walk itself is shared across files and threads through the
 * workspace's cache, so each directory is walked once. */
void pl_model_context(pl_arena *a, const struct pl_file *f, const char *dir,
                      pl_unit_context *out);

/* Starts the workspace's cache of walked contexts (on the main thread,
 * before any rule runs; pl_model_units does it). Freed with the workspace
 * arena. Without it, each file walks its own contexts. */
void pl_model_contexts_init(struct pl_workspace *ws);
/* Adds to ws->notes, once each, the contexts that held more files than
 * context.max-files and were not walked further (main thread, after the
 * rules ran). */
void pl_model_contexts_notes(struct pl_workspace *ws);

#endif
