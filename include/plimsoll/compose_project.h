/* compose_project.h — the compose projects of a run, as `docker compose`
 * would load them.
 *
 * Owns: which compose files form a project and which checked file speaks
 * for it. One project per directory holding a file compose picks by
 * default there (compose.yaml ... plus its override file; or the files
 * COMPOSE_FILE lists, from the .env there or, where plimsoll runs, the
 * process environment, split at COMPOSE_PATH_SEPARATOR), one for the
 * --compose-file list (in that order, as `docker compose -f a -f b`), and
 * one per remaining compose file read on its own (a file compose does not
 * pick, a `compose.prod.yaml`, is often an override meant for `-f base -f
 * it`: what it names but does not define is not judged, unless the file
 * was named on the command line by itself). The
 * files a project reaches through `include:` and `extends:` belong to it.
 * --env-file applies to the --compose-file project, or to every project
 * when there is none; variables come from the process environment (it
 * wins, as in compose) and the env files.
 *
 * Every checked compose file is read and parsed once, here, on the main
 * thread before any rule (pl_file.compose then holds that parse); each
 * project is loaded once (compose.h) and lives in the workspace arena.
 * Rules only read it.
 */
#ifndef PLIMSOLL_COMPOSE_PROJECT_H
#define PLIMSOLL_COMPOSE_PROJECT_H

#include "plimsoll/compose.h"
#include "plimsoll/workspace.h"

/* A compose file a project may be merged after, as the first file of
 * `docker compose -f BASE -f ...` (compose_merged.c). */
typedef struct {
    const char *file; /* display path */
    const char *dir;  /* its directory: where compose resolves the project's paths */
    const char *why;  /* why it is a base: "which defines the network x this file uses" */
} pl_compose_base;

typedef struct pl_compose_project {
    pl_compose *compose;  /* the merged project */
    const char *dir;      /* its project directory */
    /* display path of the checked file that speaks for the project: the
     * first of its files named by -f or picked by default that is among
     * the checked files; NULL when none is */
    const char *owner;
    /* per compose->files[i]: whether that file is among the checked
     * files (it then reports what is found in its own text) */
    const unsigned char *checked;
    int from_cli;         /* the --compose-file list */
    /* a file compose does not pick, read on its own: it may be an
     * override meant for `-f base -f it` */
    int alone;
    /* read alone, named like an override (`docker-compose.override.yml`,
     * `compose.gpu.override.yaml`) and with no main compose file beside
     * it: a fragment users copy next to a base elsewhere, so where its
     * relative paths resolve is not known */
    int fragment;
    /* "FILE:LINE" of a command of the repository's own scripts, CI or
     * Makefiles that copies one of its files elsewhere (`cp
     * tests/docker-compose.test.yml make/.`): its relative paths resolve
     * where the copy lands; NULL when none does */
    const char *copied_by;
    /* the compose files this project may be merged after (`docker compose
     * -f BASE -f THIS`) when a command names it so (merged_after, first)
     * or it cannot be a whole project: a service with
     * neither an image nor a build, or a network, service, secret or
     * config it uses that only a compose file in a directory above
     * defines. Then each file of the repository that defines a name it
     * uses, and the compose files in the directories above, nearest
     * first. Empty otherwise (a whole project naming what only a sibling
     * defines is wrong, not merged), and for a project named on the
     * command line. A name or a path found through a base is unknown
     * here, not missing */
    /* the first file of a `docker compose -f BASE -f ...` command of the
     * repository's scripts, CI or Makefiles that names one of this
     * project's files after it, and "FILE:LINE" of that command; NULL
     * when none does */
    const char *merged_after, *merged_by;
    const pl_compose_base *bases;
    int nbases;
    /* the names every checked compose file defines (compose_merged.c) */
    const struct pl_compose_names *names;
} pl_compose_project;

/* Builds ws->compose_projects and sets pl_file.compose_project (and
 * pl_file.compose) of every compose file. Idempotent. */
void pl_model_compose(pl_workspace *ws);

/* Whether a compose file's base name says it is an override: "override"
 * as a word of it (`docker-compose.override.yml`, `compose-override.yaml`). */
int pl_compose_override_name(const char *base);

/* Sets `copied_by` and `merged_after` of the projects
 * (compose_copies.c); pl_model_compose calls it. */
void pl_model_compose_copies(pl_workspace *ws);

/* Sets `bases` and `names` of the projects (compose_merged.c); `named`
 * says whether a PATH argument names a file. pl_model_compose calls it. */
void pl_model_compose_merged(pl_workspace *ws, int (*named)(const void *ctx, const char *path),
                             const void *ctx);

/* The display path of a checked compose file, not one of the project's,
 * whose top level defines `name` in `section` ("services", "networks",
 * "volumes", "secrets", "configs"), or NULL. */
const char *pl_compose_defined_elsewhere(const pl_compose_project *p, const char *section,
                                         const char *name);

/* Whether `f` is the file its project's checks run on. */
int pl_compose_is_owner(const pl_file *f);

/* The record of `path` (a display path) among the project's files, or
 * NULL. */
const pl_compose_file *pl_compose_project_file(const pl_compose_project *p, const char *path);


/* The directory relative paths written at `n` resolve against: the
 * base directory of the file `n` was read from; `fallback` when unknown. */
const char *pl_compose_dir_of(const pl_compose_project *p, const pl_ynode *n, const char *fallback);

#endif
