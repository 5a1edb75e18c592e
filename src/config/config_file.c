/* config_file.c — the config file on disk: defaults, reading a file,
 * finding the nearest one, resolving paths it names, and the starter file
 * `plimsoll init` writes.
 *
 * Discovery compares real paths (symlinks resolved), so the walk upward is
 * the walk up the real directory tree.
 */
#include "plimsoll/config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void pl_config_init(pl_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->failure_threshold = PL_SEV_WARNING;
}

/* A config file is a few hundred bytes; the cap only keeps a wrong path (a
 * disk image, a log) from being read whole. */
enum { CONFIG_MAX_BYTES = 8 << 20 };

static const char *error_text(int err, char *buf, size_t cap)
{
#if defined(_GNU_SOURCE)
    return strerror_r(err, buf, cap);
#else
    return strerror_r(err, buf, cap) == 0 ? buf : "error";
#endif
}

int pl_config_load(pl_arena *a, const char *path, pl_config *cfg, pl_diag_list *diags)
{
    char errbuf[128];
    pl_config_init(cfg);
    cfg->path = pl_arena_strdup(a, path);
    pl_span nowhere = pl_span_make(0, 0, 0, 0);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        pl_diag_add(a, diags, PL_DIAG_ERROR, nowhere, NULL, "cannot read config file: %s",
                    error_text(errno, errbuf, sizeof errbuf));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        pl_diag_add(a, diags, PL_DIAG_ERROR, nowhere, NULL,
                    "cannot read config file: it is a directory");
        return -1;
    }
    pl_strbuf buf;
    pl_sb_init(&buf, a);
    char chunk[8192];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int err = errno;
            close(fd);
            pl_diag_add(a, diags, PL_DIAG_ERROR, nowhere, NULL, "cannot read config file: %s",
                        error_text(err, errbuf, sizeof errbuf));
            return -1;
        }
        if (n == 0)
            break;
        if (buf.len + (size_t)n > CONFIG_MAX_BYTES) {
            close(fd);
            pl_diag_add(a, diags, PL_DIAG_ERROR, nowhere, NULL,
                        "config file is larger than %d MiB", CONFIG_MAX_BYTES >> 20);
            return -1;
        }
        pl_sb_append(&buf, chunk, (size_t)n);
    }
    close(fd);
    size_t len = buf.len;
    return pl_config_parse(a, path, pl_sb_str(&buf), len, cfg, diags);
}

/* ---- discovery ---------------------------------------------------------------- */

static int is_regular_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

const char *pl_config_discover(pl_arena *a, const char *start, const char *stop_dir)
{
    static const char *const names[] = {".plimsoll.yaml", ".plimsoll.yml"};
    if (!start || !*start)
        return NULL;
    char *real_start = realpath(start, NULL);
    if (!real_start)
        return NULL;
    char *dir = pl_arena_strdup(a, real_start);
    free(real_start);
    struct stat st;
    if (stat(dir, &st) != 0) /* vanished since realpath */
        return NULL;
    if (!S_ISDIR(st.st_mode)) {
        char *slash = strrchr(dir, '/');
        if (slash)
            slash[slash == dir] = '\0'; /* keep "/" itself */
    }
    char *real_stop = stop_dir ? realpath(stop_dir, NULL) : NULL;
    const char *stop = real_stop ? pl_arena_strdup(a, real_stop) : NULL;
    free(real_stop);

    for (;;) {
        int at_root = strcmp(dir, "/") == 0;
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
            const char *candidate = pl_arena_printf(a, "%s/%s", at_root ? "" : dir, names[i]);
            if (is_regular_file(candidate))
                return candidate;
        }
        if (at_root || (stop && strcmp(dir, stop) == 0))
            return NULL;
        char *slash = strrchr(dir, '/');
        if (!slash) /* realpath() paths are absolute; never reached */
            return NULL;
        slash[slash == dir] = '\0';
    }
}

const char *pl_config_resolve_path(pl_arena *a, const pl_config *cfg, const char *p)
{
    if (!p || p[0] == '/' || !cfg || !cfg->path)
        return p;
    const char *slash = strrchr(cfg->path, '/');
    if (!slash)
        return p;
    if (slash == cfg->path)
        return pl_arena_printf(a, "/%s", p);
    return pl_arena_printf(a, "%.*s/%s", (int)(slash - cfg->path), cfg->path, p);
}

/* ---- the starter file ------------------------------------------------------------ */

const char *pl_config_template(void)
{
    return "# .plimsoll.yaml: settings for plimsoll. plimsoll uses the nearest one\n"
           "# from the checked path upward to the repository root. Every key is\n"
           "# optional; the values below are the defaults.\n"
           "\n"
           "# The lowest severity that makes plimsoll exit with status 1:\n"
           "# error, warning, info, style or none.\n"
           "failure-threshold: warning\n"
           "\n"
           "# Which rules run: recommended (what a careful reviewer would block),\n"
           "# strict (every rule) or hadolint (hadolint's default rules at its\n"
           "# severities). ignore, override and --select/--ignore apply on top.\n"
           "preset: recommended\n"
           "\n"
           "# Rules to switch off, by id, name or alias (hadolint's DLxxxx codes work).\n"
           "#   ignore: [PL1010, DL3008]\n"
           "ignore: []\n"
           "\n"
           "# Change rules' severity; the keys are error, warning, info, style and\n"
           "# ignore (off unless overridden elsewhere).\n"
           "#   override:\n"
           "#     error: [PL1001]\n"
           "#     info: [apt-pin-versions]\n"
           "override: {}\n"
           "\n"
           "# Registries that images may come from; empty: any registry.\n"
           "#   trusted-registries: [docker.io, ghcr.io/acme]\n"
           "trusted-registries: []\n"
           "\n"
           "# Labels every image must carry, and the type of their value: text, url,\n"
           "# semver, hash, rfc3339, spdx or email.\n"
           "#   label-schema:\n"
           "#     org.opencontainers.image.source: url\n"
           "label-schema: {}\n"
           "\n"
           "# true: a label that is not in label-schema is a finding.\n"
           "strict-labels: false\n"
           "\n"
           "# Extra declarative rule packs (files or directories), relative to this file.\n"
           "#   rules: [ci/plimsoll-rules/]\n"
           "rules: []\n"
           "\n"
           "# Build-context budget, after .dockerignore; 0 means no limit.\n"
           "# Sizes: B, KB/MB/GB are powers of 1000 (as Docker counts), KiB/MiB/GiB\n"
           "# powers of 1024; e.g. 70MB, 1.5GiB.\n"
           "context:\n"
           "  max-size: 0\n"
           "  max-files: 0\n"
           "\n"
           "# Paths not to check (glob patterns, quoted when they start with '*').\n"
           "#   exclude: [third_party/**, '*.generated.Dockerfile']\n"
           "exclude: []\n";
}
