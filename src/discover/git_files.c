/* git_files.c — a repository's location, HEAD, origin and index, read from
 * its files the way libgit2 1.5 reads them (see git_files.h); anything
 * else is left to libgit2. */
#include "git_files.h"
#include "git_config.h"

#include "plimsoll/git.h"
#include "plimsoll/hash.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

enum { SMALL_FILE_MAX = 1 << 20 };

/* ---- small helpers ----------------------------------------------------------- */

static int join(char *out, const char *dir, const char *name)
{
    int n = snprintf(out, PATH_MAX, "%s/%s", dir, name);
    return n > 0 && n < PATH_MAX;
}

static int kind_in(const char *dir, const char *name, mode_t kind)
{
    char p[PATH_MAX];
    struct stat st;
    return join(p, dir, name) && stat(p, &st) == 0 && (st.st_mode & S_IFMT) == kind;
}

/* A whole small file, NUL-terminated, malloc'd; NULL when it cannot be
 * read (errno ENOENT when it does not exist). */
static char *slurp(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    char *buf = NULL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size < SMALL_FILE_MAX &&
        (buf = malloc((size_t)st.st_size + 1))) {
        size_t got = 0;
        ssize_t r;
        while (got < (size_t)st.st_size &&
               ((r = read(fd, buf + got, (size_t)st.st_size - got)) > 0 || (r < 0 && errno == EINTR)))
            if (r > 0)
                got += (size_t)r;
        buf[got] = '\0';
        if (len)
            *len = got;
    } else {
        errno = EIO; /* exists, but not as a small regular file */
    }
    close(fd);
    return buf;
}

static void rtrim(char *s)
{
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
}

static int is_hex40(const char *s)
{
    for (int i = 0; i < 40; i++)
        if (!isxdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

/* ---- where the repository is ---------------------------------------------------- */

/* libgit2's is_valid_repository_path: HEAD in the git directory, objects/
 * and refs/ in its common directory. 1 valid, 0 not, -1 ask libgit2. */
static int valid_gitdir(const char *gitdir, char *common)
{
    char p[PATH_MAX];
    /* most directories asked are no repository: HEAD first (libgit2 reads
     * commondir first, and fails on one it cannot read even without HEAD) */
    if (!kind_in(gitdir, "HEAD", S_IFREG))
        return 0;
    if (kind_in(gitdir, "commondir", S_IFREG)) {
        if (!join(p, gitdir, "commondir"))
            return -1;
        char *link = slurp(p, NULL);
        if (!link)
            return -1;
        rtrim(link);
        int ok = link[0] == '/' ? snprintf(common, PATH_MAX, "%s", link) < PATH_MAX
                                : join(common, gitdir, link);
        free(link);
        if (!ok)
            return -1;
    } else if (snprintf(common, PATH_MAX, "%s", gitdir) >= PATH_MAX) {
        return -1;
    }
    return kind_in(common, "objects", S_IFDIR) &&
           kind_in(common, "refs", S_IFDIR);
}

/* The git directory a `.git` file names ("gitdir: PATH"), resolved. */
static int read_gitfile(const char *file, const char *dir, char *gitdir)
{
    char *text = slurp(file, NULL);
    if (!text)
        return -1;
    rtrim(text);
    int rc = -1;
    if (!strncmp(text, "gitdir:", 7) && text[7] && !strchr(text, '\\')) {
        const char *link = text + 7;
        while (isspace((unsigned char)*link))
            link++;
        char p[PATH_MAX];
        if ((link[0] == '/' ? snprintf(p, sizeof p, "%s", link) < PATH_MAX : join(p, dir, link)) &&
            realpath(p, gitdir))
            rc = 0;
    }
    free(text);
    return rc;
}

static int owned(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && st.st_uid == geteuid();
}

/* ---- config ------------------------------------------------------------------------ */

typedef struct {
    char *origin_url; /* malloc'd */
    int ask;
} config_view;

/* One value of a config line, comments cut; NULL (ask) when quoted. */
static char *config_value(const char *v)
{
    if (strchr(v, '"'))
        return NULL;
    while (isspace((unsigned char)*v))
        v++;
    size_t n = strcspn(v, "#;");
    while (n && isspace((unsigned char)v[n - 1]))
        n--;
    return strndup(v, n);
}

/* The few keys of a repository's config that decide how libgit2 opens it
 * and what plimsoll reads from it. */
static void read_config(const char *text, config_view *cv)
{
    if (strchr(text, '\\')) { /* escapes, continued lines */
        cv->ask = 1;
        return;
    }
    char section[64] = "", sub[256] = "";
    for (const char *line = text; *line && !cv->ask;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        char buf[4096];
        if (len >= sizeof buf) {
            cv->ask = 1;
            break;
        }
        memcpy(buf, line, len);
        buf[len] = '\0';
        line += len + (end != NULL);
        char *s = buf;
        while (isspace((unsigned char)*s))
            s++;
        if (!*s || *s == '#' || *s == ';')
            continue;
        if (*s == '[') {
            char *close = strchr(s, ']');
            char *rest = close ? close + 1 : NULL;
            while (rest && isspace((unsigned char)*rest))
                rest++;
            if (!close || (rest && *rest && *rest != '#' && *rest != ';')) {
                cv->ask = 1;
                break;
            }
            *close = '\0';
            s++;
            size_t nl = strcspn(s, " \t\"");
            if (nl == 0 || nl >= sizeof section || memchr(s, '.', nl)) {
                cv->ask = 1;
                break;
            }
            for (size_t i = 0; i < nl; i++)
                section[i] = (char)tolower((unsigned char)s[i]);
            section[nl] = '\0';
            sub[0] = '\0';
            char *q = s + nl;
            while (isspace((unsigned char)*q))
                q++;
            if (*q == '"') {
                char *qe = strchr(q + 1, '"');
                if (!qe || (size_t)(qe - q - 1) >= sizeof sub || qe[1]) {
                    cv->ask = 1;
                    break;
                }
                memcpy(sub, q + 1, (size_t)(qe - q - 1));
                sub[qe - q - 1] = '\0';
            } else if (*q) {
                cv->ask = 1;
                break;
            }
            if (!strcmp(section, "include") || !strcmp(section, "includeif") ||
                !strcmp(section, "extensions"))
                cv->ask = 1;
            continue;
        }
        size_t kl = strcspn(s, " \t=");
        char key[64];
        if (kl == 0 || kl >= sizeof key) {
            cv->ask = 1;
            break;
        }
        for (size_t i = 0; i < kl; i++)
            key[i] = (char)tolower((unsigned char)s[i]);
        key[kl] = '\0';
        char *v = s + kl;
        while (isspace((unsigned char)*v))
            v++;
        int has_value = *v == '=';
        if (has_value)
            v++;
        else if (*v && *v != '#' && *v != ';') {
            cv->ask = 1;
            break;
        }
        if (!strcmp(section, "core")) {
            if (!strcmp(key, "worktree")) {
                cv->ask = 1;
            } else if (!strcmp(key, "bare") || !strcmp(key, "repositoryformatversion")) {
                char *val = has_value ? config_value(v) : NULL;
                int zero = val && (!strcmp(key, "bare") ? !strcasecmp(val, "false") ||
                                                              !strcasecmp(val, "no") ||
                                                              !strcasecmp(val, "off") ||
                                                              !strcmp(val, "0")
                                                        : !strcmp(val, "0"));
                free(val);
                if (!zero)
                    cv->ask = 1;
            }
        } else if (!strcmp(section, "remote") && !strcmp(sub, "origin") && !strcmp(key, "url")) {
            char *val = has_value ? config_value(v) : NULL;
            if (!val) {
                cv->ask = 1;
            } else {
                free(cv->origin_url);
                cv->origin_url = val;
            }
        }
    }
}

int pl_gitf_parse_config(const char *text, char **origin_url)
{
    config_view cv = {0};
    read_config(text, &cv);
    if (cv.ask) {
        free(cv.origin_url);
        *origin_url = NULL;
        return PL_GITF_ASK_LIBGIT2;
    }
    *origin_url = cv.origin_url;
    return 0;
}

/* Whether a key of a global config file could change what the repository's
 * config is read for: where the work tree is, whether it is bare, its
 * format, the origin's URL, or an include bringing any of them. */
static int global_key_matters(void *ctx, const char *section, const char *sub, const char *key,
                              const char *value)
{
    (void)ctx;
    (void)value;
    if (!strcmp(section, "include") || !strcmp(section, "includeif") ||
        !strcmp(section, "extensions"))
        return 1;
    if (!strcmp(section, "remote") && !strcmp(sub, "origin"))
        return 1;
    return !strcmp(section, "core") && (!strcmp(key, "worktree") || !strcmp(key, "bare") ||
                                        !strcmp(key, "repositoryformatversion"));
}

/* Whether the user's or the system's config could say something the
 * repository's config is read for (libgit2 reads them all). A config git
 * would reject is left to libgit2 too. */
static int global_config_matters(void)
{
    const char *home = getenv("HOME");
    if (!home || !*home)
        return 1;
    const char *xdg = getenv("XDG_CONFIG_HOME");
    char path[PATH_MAX]; /* one at a time: a buffer each made the deepest stack of a run deeper */
    for (int i = 0; i < 3; i++) {
        int named = i == 0   ? join(path, home, ".gitconfig")
                    : i == 1 ? (xdg && *xdg ? join(path, xdg, "git/config")
                                            : join(path, home, ".config/git/config"))
                             : snprintf(path, sizeof path, "/etc/gitconfig") > 0;
        if (!named)
            continue;
        size_t len = 0;
        char *text = slurp(path, &len);
        if (!text) {
            if (errno == ENOENT || errno == ENOTDIR)
                continue;
            return 1;
        }
        int rc = pl_gitcfg_walk(text, len, global_key_matters, NULL);
        free(text);
        if (rc != 0)
            return 1;
    }
    return 0;
}

/* ---- HEAD ---------------------------------------------------------------------- */

/* The commit of branch `ref` (refs/heads/...) from the loose file or
 * packed-refs of `common`: 1 found, 0 unborn, -1 ask. */
static int resolve_branch(const char *common, const char *ref, char *hex)
{
    char p[PATH_MAX];
    if (!join(p, common, ref))
        return -1;
    char *text = slurp(p, NULL);
    if (text) {
        int ok = strlen(text) >= 40 && is_hex40(text) && (!text[40] || isspace((unsigned char)text[40]));
        if (ok)
            memcpy(hex, text, 40);
        free(text);
        return ok ? 1 : -1;
    }
    if (errno != ENOENT && errno != ENOTDIR)
        return -1;
    if (!join(p, common, "packed-refs"))
        return -1;
    size_t len;
    text = slurp(p, &len);
    if (!text)
        return errno == ENOENT ? 0 : -1;
    size_t rl = strlen(ref);
    int rc = 0;
    for (const char *line = text; *line;) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        if (n > 0 && line[n - 1] == '\r')
            n--;
        if (n == 41 + rl && line[40] == ' ' && is_hex40(line) && !memcmp(line + 41, ref, rl)) {
            memcpy(hex, line, 40);
            rc = 1;
        }
        line += n;
        while (*line == '\r' || *line == '\n')
            line++;
    }
    free(text);
    return rc;
}

static int read_head(const char *gitdir, const char *common, char *hex)
{
    char p[PATH_MAX];
    if (!join(p, gitdir, "HEAD"))
        return -1;
    char *text = slurp(p, NULL);
    if (!text)
        return -1;
    rtrim(text);
    int rc = -1;
    hex[0] = '\0';
    if (!strncmp(text, "ref: ", 5)) {
        const char *ref = text + 5;
        if (!strncmp(ref, "refs/heads/", 11) && !strstr(ref, "..") && !strchr(ref, '\\')) {
            int r = resolve_branch(common, ref, hex);
            if (r >= 0) {
                hex[r ? 40 : 0] = '\0';
                rc = 0;
            }
        }
    } else if (strlen(text) == 40 && is_hex40(text)) {
        memcpy(hex, text, 41);
        rc = 0;
    }
    free(text);
    return rc;
}

/* ---- finding it ----------------------------------------------------------------------- */

/* Having found git directory `gitdir` for work tree `dir` (through
 * `gitlink`, the `.git` file, or NULL), everything else libgit2 would read
 * on opening it. */
/* Whether linked worktree `gitdir`'s `gitdir` file names `dir`/.git.
 * Not inlined, as its buffers are needed only here (the repository search
 * is the deepest stack of a run: a fresh page per 4 kB). */
__attribute__((noinline)) static int worktree_is(const char *gitdir, const char *dir)
{
    char p[PATH_MAX];
    if (!join(p, gitdir, "gitdir"))
        return 0;
    char *link = slurp(p, NULL);
    if (!link)
        return 0;
    rtrim(link);
    int same = join(p, dir, ".git") && !strcmp(link, p);
    free(link);
    return same;
}

static int describe(pl_arena *a, const char *dir, const char *gitdir, const char *gitlink,
                    const char *common, pl_gitf_repo *out)
{
    /* a linked worktree: its work tree is where its `gitdir` file says */
    if (strcmp(common, gitdir) && kind_in(gitdir, "gitdir", S_IFREG) && !worktree_is(gitdir, dir))
        return PL_GITF_ASK_LIBGIT2;
    char p[PATH_MAX];
    if (!owned(dir) || !owned(gitdir) || (gitlink && !owned(gitlink)))
        return PL_GITF_ASK_LIBGIT2;
    if (!join(p, common, "config"))
        return PL_GITF_ASK_LIBGIT2;
    config_view cv = {0};
    char *text = slurp(p, NULL);
    if (text) {
        cv.ask = pl_gitf_parse_config(text, &cv.origin_url) != 0;
        free(text);
    } else if (errno != ENOENT) {
        cv.ask = 1;
    }
    if (cv.ask || global_config_matters() || read_head(gitdir, common, out->head) != 0) {
        free(cv.origin_url);
        return PL_GITF_ASK_LIBGIT2;
    }
    out->workdir = pl_arena_strdup(a, dir);
    out->gitdir = pl_arena_strdup(a, gitdir);
    out->commondir = pl_arena_strdup(a, common);
    out->origin_url = cv.origin_url ? pl_arena_strdup(a, cv.origin_url) : NULL;
    free(cv.origin_url);
    return PL_GITF_FOUND;
}

/* ---- directories without a repository --------------------------------------------- */

struct pl_git_misses {
    pl_arena *a;
    const char **slots; /* open addressing; cap a power of two */
    size_t cap, len;
};

pl_git_misses *pl_git_misses_new(pl_arena *a)
{
    pl_git_misses *m = PL_NEW(a, pl_git_misses);
    m->a = a;
    return m;
}

static size_t hash_dir(const char *s)
{
    return pl_hash_str(s);
}

static int misses_has(const pl_git_misses *m, const char *dir)
{
    if (!m || !m->cap)
        return 0;
    for (size_t k = hash_dir(dir) & (m->cap - 1); m->slots[k]; k = (k + 1) & (m->cap - 1))
        if (!strcmp(m->slots[k], dir))
            return 1;
    return 0;
}

static void misses_add(pl_git_misses *m, const char *dir)
{
    if (misses_has(m, dir))
        return;
    if (2 * (m->len + 1) > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        const char **t = PL_NEW_N(m->a, const char *, cap);
        for (size_t i = 0; i < m->cap; i++)
            if (m->slots[i]) {
                size_t k = hash_dir(m->slots[i]) & (cap - 1);
                while (t[k])
                    k = (k + 1) & (cap - 1);
                t[k] = m->slots[i];
            }
        m->slots = t;
        m->cap = cap;
    }
    size_t k = hash_dir(dir) & (m->cap - 1);
    while (m->slots[k])
        k = (k + 1) & (m->cap - 1);
    m->slots[k] = pl_arena_strdup(m->a, dir);
    m->len++;
}

/* Walks up as libgit2's find_repo does (no ceiling, not across file
 * systems): at each directory D from the start, D/.git, then D itself,
 * stopping below "/". */
/* Whether `path` is its own real path, told without realpath's readlink
 * of every component: below a directory in `m` (a real path), components
 * that are no symbolic links, "." or "..". Copies it into `real`. */
static int known_real(const pl_git_misses *m, const char *path, char *real)
{
    size_t n = strlen(path);
    if (!m || !m->len || path[0] != '/' || n >= PATH_MAX)
        return 0;
    memcpy(real, path, n + 1);
    size_t top = 0, end = n; /* the known directory's length; the component's end */
    for (size_t i = n; i-- > 1;) {
        if (real[i] != '/')
            continue;
        const char *name = real + i + 1;
        size_t len = end - i - 1;
        if (len == 0 || (len == 1 && name[0] == '.') || (len == 2 && !strncmp(name, "..", 2)))
            return 0;
        real[i] = '\0';
        int hit = misses_has(m, real);
        real[i] = '/';
        if (hit) {
            top = i;
            break;
        }
        end = i;
    }
    if (!top)
        return 0;
    for (size_t k = top + 1; k <= n; k++) {
        if (k < n && real[k] != '/')
            continue;
        char keep = real[k];
        real[k] = '\0';
        struct stat st;
        int plain = lstat(real, &st) == 0 && !S_ISLNK(st.st_mode);
        real[k] = keep;
        if (!plain)
            return 0;
    }
    return 1;
}

/* A work tree whose `.git` (`gitlink`) is a file naming its git directory;
 * not inlined: the buffer is needed only on this path. */
__attribute__((noinline)) static int describe_gitfile(pl_arena *a, const char *dir,
                                                      const char *gitlink, char *common,
                                                      pl_gitf_repo *out)
{
    char gitdir[PATH_MAX];
    if (read_gitfile(gitlink, dir, gitdir) != 0 || valid_gitdir(gitdir, common) != 1)
        return PL_GITF_ASK_LIBGIT2;
    return describe(a, dir, gitdir, gitlink, common, out);
}

/* One step of the walk at directory (or start file) `dir`: FOUND, ASK,
 * NONE when the walk stops here (another file system), or 2 to go on. */
/* not inlined: its buffers are needed only while it runs */
__attribute__((noinline)) static int step(pl_arena *a, const char *dir, dev_t *device,
                                          int *have_device, pl_gitf_repo *out)
{
    char cand[PATH_MAX];
    struct stat st;
    /* a start that is no directory has no .git below it */
    int from = !*have_device && stat(dir, &st) == 0 && !S_ISDIR(st.st_mode);
    for (int self = from; self < 2; self++) {
        if (self ? snprintf(cand, sizeof cand, "%s", dir) >= PATH_MAX : !join(cand, dir, ".git"))
            return PL_GITF_ASK_LIBGIT2;
        if (!from && stat(cand, &st) != 0)
            continue; /* (the start's stat is at hand) */
        if (!*have_device) {
            *device = st.st_dev;
            *have_device = 1;
        } else if (st.st_dev != *device) {
            return PL_GITF_NONE;
        }
        char common[PATH_MAX];
        if (S_ISDIR(st.st_mode)) {
            int v = valid_gitdir(cand, common);
            if (v < 0 || (v && self))
                return PL_GITF_ASK_LIBGIT2; /* a git directory itself (bare?) */
            if (v)
                return describe(a, dir, cand, NULL, common, out);
        } else if (S_ISREG(st.st_mode) && self) {
            size_t dl = strlen(dir);
            if (dl >= 5 && !strcmp(dir + dl - 5, "/.git"))
                return PL_GITF_ASK_LIBGIT2; /* a `.git` file given itself */
        } else if (S_ISREG(st.st_mode)) {
            return describe_gitfile(a, dir, cand, common, out);
        }
    }
    return 2;
}

/* Walks up as libgit2's find_repo does (no ceiling, not across file
 * systems): at each directory D from the start, D/.git, then D itself,
 * stopping below "/". A directory whose own walk found nothing before ends
 * the walk: what lies above it was asked then (on another file system, the
 * walk would have stopped there anyway). */
int pl_gitf_find(pl_arena *a, const char *path, pl_gitf_repo *out, pl_git_misses *misses)
{
    memset(out, 0, sizeof *out);
    char dir[PATH_MAX];
    if (!known_real(misses, path, dir) && !realpath(path, dir))
        return PL_GITF_NONE; /* libgit2 cannot resolve it either */
    dev_t device = 0;
    int have_device = 0, rc;
    /* the directories passed (as the lengths of their prefixes of `dir`),
     * at most one per '/': sized so, not for the longest path (the stack
     * of this search, the deepest of a run, costs a fresh page per 4 kB) */
    size_t cap = 1;
    for (const char *c = dir; *c; c++)
        cap += *c == '/';
    size_t *passed = malloc(cap * sizeof *passed), npassed = 0;
    if (!passed)
        return PL_GITF_ASK_LIBGIT2;
    for (;;) {
        if (misses_has(misses, dir)) {
            rc = PL_GITF_NONE;
            break;
        }
        rc = step(a, dir, &device, &have_device, out);
        if (rc != 2)
            break;
        passed[npassed++] = strlen(dir);
        char *slash = strrchr(dir, '/');
        if (!slash || slash == dir) {
            rc = PL_GITF_NONE; /* libgit2 stops before "/" */
            break;
        }
        *slash = '\0';
    }
    if (rc == PL_GITF_NONE && misses) {
        /* each directory passed (all on one file system) walks on as this
         * one did; the start, when a file, too */
        for (size_t i = 1; i < npassed; i++)
            dir[passed[i]] = '/'; /* where the walk cut it */
        /* and the last cut, into the directory that ended the walk (one
         * known from before, or one on another file system) */
        size_t end = strlen(dir);
        if (npassed && end < passed[0])
            dir[end] = '/';
        for (size_t i = 0; i < npassed; i++) {
            char keep = dir[passed[i]];
            dir[passed[i]] = '\0';
            misses_add(misses, dir);
            dir[passed[i]] = keep;
        }
    }
    free(passed);
    return rc;
}

/* ---- the index ---------------------------------------------------------------------------- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

enum {
    ENTRY_FIXED = 62, /* times, dev, ino, mode, uid, gid, size, oid, flags */
    FLAG_EXTENDED = 0x4000,
    FLAG_NAMEMASK = 0x0fff,
    EXT_INTENT_TO_ADD = 0x2000,
    HASH = 20,
};

int pl_gitf_parse_index(const unsigned char *d, size_t len, pl_gitf_index *ix)
{
    memset(ix, 0, sizeof *ix);
    if (len < 12 + HASH || memcmp(d, "DIRC", 4))
        return PL_GITF_ASK_LIBGIT2;
    uint32_t version = be32(d + 4), count = be32(d + 8);
    if (version < 2 || version > 4 || count > len / ENTRY_FIXED)
        return PL_GITF_ASK_LIBGIT2;
    size_t end = len - HASH;
    pl_gitf_entry *v = malloc(sizeof *v * (count ? count : 1));
    /* version 4 rebuilds each path from the one before: into `names`,
     * grown as needed (entries hold offsets until the end) */
    char *names = NULL;
    size_t names_cap = 0, names_len = 0;
    if (!v)
        return PL_GITF_ASK_LIBGIT2;
    size_t prev_off = 0, prev_len = 0, off = 12;
    for (uint32_t i = 0; i < count; i++) {
        if (off + ENTRY_FIXED > end)
            goto bad;
        const unsigned char *e = d + off;
        unsigned flags = (unsigned)e[60] << 8 | e[61];
        unsigned ext = 0;
        size_t fixed = ENTRY_FIXED;
        if (flags & FLAG_EXTENDED) {
            if (version < 3 || off + fixed + 2 > end)
                goto bad;
            ext = (unsigned)e[62] << 8 | e[63];
            fixed += 2;
        }
        const char *name = (const char *)e + fixed;
        size_t room = end - off - fixed, plen, used;
        const char *path;
        if (version == 4) {
            /* the path is the previous one cut by a varint, then a suffix */
            size_t k = 0;
            uint64_t strip = 0;
            unsigned char c;
            do {
                if (k >= room || k > 9)
                    goto bad;
                c = (unsigned char)name[k++];
                strip = (strip << 7) | (c & 0x7f);
                if (c & 0x80)
                    strip++;
            } while (c & 0x80);
            if (strip > prev_len)
                goto bad;
            const char *suffix = name + k;
            const char *nul = memchr(suffix, '\0', room - k);
            if (!nul)
                goto bad;
            size_t keep = prev_len - (size_t)strip, slen = (size_t)(nul - suffix);
            plen = keep + slen;
            if (plen >= PATH_MAX)
                goto bad;
            if (names_len + plen + 1 > names_cap) {
                size_t cap = names_cap ? names_cap * 2 : len + PATH_MAX;
                while (cap < names_len + plen + 1)
                    cap *= 2;
                char *grown = realloc(names, cap);
                if (!grown)
                    goto bad;
                names = grown;
                names_cap = cap;
            }
            char *out = names + names_len;
            if (keep)
                memmove(out, names + prev_off, keep);
            memcpy(out + keep, suffix, slen);
            out[plen] = '\0';
            path = (const char *)(uintptr_t)names_len; /* an offset, for now */
            prev_off = names_len;
            names_len += plen + 1;
            used = fixed + k + slen + 1;
        } else {
            const char *nul = memchr(name, '\0', room);
            if (!nul)
                goto bad;
            plen = (size_t)(nul - name);
            if ((flags & FLAG_NAMEMASK) != FLAG_NAMEMASK && plen != (flags & FLAG_NAMEMASK))
                goto bad;
            path = name; /* NUL-terminated in the file */
            used = (fixed + plen + 8) & ~(size_t)7; /* NUL-padded to 8 bytes */
        }
        if (plen == 0 || off + used > end)
            goto bad;
        unsigned mode = be32(e + 24);
        if ((mode & 0170000) == 0040000)
            goto bad; /* a sparse index's directory entry */
        v[i] = (pl_gitf_entry){.path = path,
                               .oid = e + 40,
                               .size = be32(e + 36),
                               .mode = mode,
                               .stage = (int)((flags >> 12) & 3),
                               .intent_to_add = (ext & EXT_INTENT_TO_ADD) != 0};
        prev_len = plen;
        off += used;
    }
    /* extensions: an upper-case one is optional; a lower-case one (split
     * index "link", sparse "sdir") changes what the entries mean */
    while (off + 8 <= end) {
        const unsigned char *x = d + off;
        uint32_t size = be32(x + 4);
        if (!(x[0] >= 'A' && x[0] <= 'Z') || size > end - off - 8)
            goto bad;
        off += 8 + size;
    }
    if (off != end)
        goto bad;
    if (version == 4)
        for (uint32_t i = 0; i < count; i++)
            v[i].path = names + (uintptr_t)v[i].path;
    ix->entries = v;
    ix->n = count;
    ix->names = names;
    return 0;
bad:
    free(v);
    free(names);
    return PL_GITF_ASK_LIBGIT2;
}

int pl_gitf_read_index(const char *file, pl_gitf_index *ix)
{
    memset(ix, 0, sizeof *ix);
    int fd = open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? 0 : PL_GITF_ASK_LIBGIT2;
    struct stat st;
    int rc = PL_GITF_ASK_LIBGIT2;
    /* mapped, not read: the page cache's pages are used as they are */
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        (uint64_t)st.st_size < ((uint64_t)1 << 31)) {
        size_t len = (size_t)st.st_size;
        void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
        if (map != MAP_FAILED) {
            rc = pl_gitf_parse_index(map, len, ix);
            if (rc == 0) {
                ix->map = map;
                ix->map_len = len;
            } else {
                munmap(map, len);
            }
        }
    }
    close(fd);
    return rc;
}

void pl_gitf_index_free(pl_gitf_index *ix)
{
    free(ix->entries);
    free(ix->names);
    if (ix->map)
        munmap(ix->map, ix->map_len);
    memset(ix, 0, sizeof *ix);
}
