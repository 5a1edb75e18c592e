/* dfutil.h — small helpers the Dockerfile rules share: walking stages and
 * instructions, spans, and reading instruction arguments. */
#ifndef PLIMSOLL_DFUTIL_H
#define PLIMSOLL_DFUTIL_H

#include "plimsoll/model.h"
#include "rules_decl.h"
#include "plimsoll/rule.h"
#include "plimsoll/workspace.h"

/* The model of a Dockerfile, or NULL (after pl_skip) when there is nothing
 * to check: unreadable, or no FROM. */
const pl_df_model *pl_df_model_or_skip(pl_check *c, const pl_file *f);

/* The `# syntax=` directive naming a frontend other than Docker's own
 * (df_syntax.c), whose grammar this reader does not know; NULL when none. */
const pl_df_directive *pl_df_custom_frontend(const pl_dockerfile *df);
/* The same for rules about the image the file builds: also NULL (after
 * pl_skip) when the file is a fragment with no FROM, whose image is
 * assembled elsewhere (a template includes it, or it is a snippet). */
const pl_df_model *pl_df_image_model_or_skip(pl_check *c, const pl_file *f);

/* Span of an instruction's first line (where a finding about the whole
 * instruction is shown). */
pl_span pl_df_ins_span(const pl_df_instr *ins);

/* Calls fn for every instruction of kind `kind` (PL_DF_UNKNOWN: every kind)
 * in the file, and, when `onbuild`, also for instructions inside ONBUILD. */
typedef void (*pl_df_visit_fn)(pl_check *c, const pl_df_model *m, const pl_df_instr *ins,
                               void *ud);
void pl_df_each(pl_check *c, const pl_df_model *m, pl_df_kind kind, int onbuild,
                pl_df_visit_fn fn, void *ud);

/* Whether a stage runs on Windows: the image its FROM chain starts from is
 * a Windows base (mcr.microsoft.com/windows/..., a nanoserver or servercore
 * repository, a `*-nanoserver-*` / `*-windowsservercore-*` tag) or the FROM
 * says --platform=windows/... . PL_WINDOWS_NANOSERVER when the base is Nano
 * Server, which runs as ContainerUser, not an administrator. */
typedef enum { PL_WINDOWS_NO = 0, PL_WINDOWS_SERVER, PL_WINDOWS_NANOSERVER } pl_windows_kind;
pl_windows_kind pl_stage_windows(pl_arena *a, const pl_stage *s);

/* A stage that only carries files: its FROM chain starts at scratch and no
 * stage of the chain sets CMD or ENTRYPOINT, so no container runs from it
 * (the `--output` / `COPY --from` artefact stage). */
int pl_stage_is_artifact(const pl_stage *s);

/* Whether the layers `ins` makes ship in an image: it is in the final stage,
 * in a stage a later FROM builds on (hadolint's reach for DL3009), inside
 * ONBUILD, or before the first FROM. A builder stage that only hands files
 * on with COPY --from ships nothing, so its caches cost nothing. */
int pl_df_instr_ships(const pl_df_model *m, const pl_df_instr *ins);

/* The reading's answer: hadolint's and BuildKit's readings ask
 * pl_df_instr_ships; the default reading asks whether the layers are in
 * the image itself — the final stage (or a stage built as a target) and
 * the stages it is built FROM, at any depth. A stage another builder
 * stage builds on (ollama's `FROM base AS cuda-build`, whose files reach a
 * scratch publish stage by COPY --from) is not. */
int pl_df_instr_ships_in(pl_check *c, const pl_df_model *m, const pl_df_instr *ins);

/* BuildKit's FromPlatformFlagConstDisallowed, the default reading of
 * from-platform-flag (whose hadolint reading is DL3029). */
void pl_df_from_platform_constant(pl_check *c, const pl_file *f);

/* A stage meant to be extended rather than run: it (or a parent stage)
 * declares ONBUILD triggers, which only run in an image built FROM it. The
 * image that extends it sets its user and health check. */
int pl_stage_is_extension_base(const pl_stage *s);

/* The last instruction of `kind` in the stage (not inside ONBUILD); NULL. */
const pl_df_instr *pl_stage_last(const pl_stage *s, pl_df_kind kind);
/* Count of instructions of `kind` in the file (top level). */
int pl_df_count(const pl_df_model *m, pl_df_kind kind);

/* "3.12-slim" ... Lower-case copy. */
const char *pl_lower(pl_arena *a, const char *s);

/* The shell text of a RUN (shell form: the command; exec form: argv joined
 * by spaces; heredoc-only RUN: the bodies), for the shell reader. */
const char *pl_df_run_script(pl_arena *a, const pl_df_instr *ins);

#endif

#include "plimsoll/shell.h"

/* Span in the file of a word the shell reader found in `script`, when the
 * script is the instruction's own shell-form text; else the instruction's
 * first line. */
pl_span pl_df_script_span(const pl_df_instr *ins, const char *script, const pl_sh_word *w);

/* The parsed shell script of a RUN (cached per call site by the caller). */
pl_sh_script *pl_df_run_shell(pl_arena *a, const pl_df_instr *ins, const char **script);

/* The packages a command installs when it is `apt-get|apt|aptitude install`,
 * `apk add`, `yum|dnf|microdnf|zypper install`; NULL otherwise. *n gets the
 * count. */
const pl_sh_word **pl_sh_installed_packages(pl_arena *a, const pl_sh_cmd *cmd, int *n);

/* A package name (version suffix allowed: "gcc=4:12.2", "make~4") that is
 * a build toolchain: compilers, make, build-essential/build-base, *-dev,
 * *-devel ... */
int pl_toolchain_package(const char *pkg);

/* Whether package `pkg`, which command `at` of the script installs, is
 * removed again by a later command of the same script: `apk del` of it or of
 * the --virtual/-t group it was added to, `apt-get purge|remove` or
 * `dnf|yum|microdnf|zypper remove` of it, or `apt-mark auto` followed by an
 * `--auto-remove` purge or `apt-get autoremove` (the docker-library idiom). */
int pl_sh_package_removed_later(const pl_sh_script *sc, int at, const char *pkg);
/* `apt-mark showmanual | xargs apt-mark auto`: marks every package
 * automatic, so a later `apt-get purge --auto-remove` removes them. */
int pl_sh_xargs_mark_auto(const pl_sh_cmd *c);

/* First build-toolchain package (gcc, make, build-essential, *-dev ...) a
 * stage installs (itself, not its parents) and does not remove again in the
 * same RUN; NULL when none. */
const char *pl_stage_toolchain(pl_arena *a, const pl_stage *s, const pl_df_instr **where);
/* The same, counting only compilers and build tools, not -dev and -devel
 * libraries: without a compiler to use them, -dev packages are how many
 * distributions name a run-time dependency. */
const char *pl_stage_compiler(pl_arena *a, const pl_stage *s, const pl_df_instr **where);

/* Span of the first reference to variable `name` (`$name` or `${name...}`)
 * in ins->original at or after the file position where `from` starts;
 * `from` itself when there is none (heredoc bodies, positions outside the
 * joined line). */
pl_span pl_df_ref_span(const pl_df_instr *ins, pl_span from, const char *name, size_t len);
