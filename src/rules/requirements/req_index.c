/* req_index.c — where packages come from: PL4005 plain-HTTP indexes and
 * --trusted-host, PL4006 credentials written in URLs, PL4007
 * --extra-index-url, PL4008 VCS requirements without a full commit, PL4009
 * editable installs. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "req_rules.h"

static const pl_reqfile *file_or_skip(pl_check *c, const pl_file *f)
{
    if (!f->requirements)
        pl_skip(c, "the file could not be read");
    return f->requirements;
}

static int is_index_option(const char *name)
{
    return !strcmp(name, "--index-url") || !strcmp(name, "--extra-index-url") ||
           !strcmp(name, "--find-links");
}

void pl_check_requirements_insecure_index(pl_check *c, const pl_file *f)
{
    const pl_reqfile *rf = file_or_skip(c, f);
    if (!rf)
        return;
    int n = 0;
    for (int i = 0; i < rf->noptions; i++) {
        const pl_req_option *o = &rf->options[i];
        if (!strcmp(o->name, "--trusted-host")) {
            n++;
            pl_fail(c, o->span, NULL,
                    "--trusted-host %s: pip accepts that host over plain HTTP or with an invalid "
                    "certificate",
                    o->value);
        } else if (is_index_option(o->name) && o->value) {
            n++;
            if (!strncasecmp(o->value, "http://", 7))
                pl_fail(c, o->span, NULL, "%s %s: packages over plain HTTP can be replaced in transit",
                        o->name, o->value);
        }
    }
    for (int i = 0; i < rf->nreqs; i++) {
        const pl_req *r = rf->reqs[i];
        if (!r->url)
            continue;
        const char *u = r->url;
        const char *plus = strchr(u, '+');
        if (plus && plus < strchr(u, ':'))
            u = plus + 1;
        if (!strncasecmp(u, "http://", 7) || !strncasecmp(u, "git://", 6)) {
            n++;
            pl_fail(c, r->span, NULL, "%s is fetched over an unencrypted protocol", r->url);
        }
    }
    if (!n)
        pl_skip(c, "no index, find-links or URL in the file");
    else
        pl_pass(c, (pl_span){0}, "indexes and URLs use HTTPS");
}

/* The userinfo of `scheme://userinfo@host`, when the URL has one. */
static int userinfo(const char *url, const char **start, size_t *len)
{
    const char *sep = strstr(url, "://");
    if (!sep)
        return 0;
    const char *host = sep + 3;
    size_t hl = strcspn(host, "/?#");
    const char *at = NULL;
    for (size_t i = 0; i < hl; i++)
        if (host[i] == '@')
            at = host + i;
    if (!at)
        return 0;
    *start = host;
    *len = (size_t)(at - host);
    return 1;
}

/* Only ${VAR} references (pip expands them at install time). */
static int only_variables(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        if (s[i] == ':') {
            i++;
            continue;
        }
        if (i + 1 < n && s[i] == '$' && s[i + 1] == '{') {
            const char *close = memchr(s + i, '}', n - i);
            if (!close)
                return 0;
            i = (size_t)(close - s) + 1;
            continue;
        }
        return 0;
    }
    return 1;
}

/* Credentials written in the URL: a password, or a token as the user of an
 * HTTP(S) URL; `git@` of SSH URLs is a user name, not a secret. */
static int has_credentials(const char *url)
{
    const char *u;
    size_t n;
    if (!userinfo(url, &u, &n) || only_variables(u, n))
        return 0;
    if (memchr(u, ':', n))
        return 1;
    const char *plus = strchr(url, '+');
    const char *scheme = plus && plus < strstr(url, "://") ? plus + 1 : url;
    return !strncasecmp(scheme, "http", 4);
}

void pl_check_requirements_url_credentials(pl_check *c, const pl_file *f)
{
    const pl_reqfile *rf = file_or_skip(c, f);
    if (!rf)
        return;
    for (int i = 0; i < rf->noptions; i++) {
        const pl_req_option *o = &rf->options[i];
        if (is_index_option(o->name) && o->value && has_credentials(o->value))
            pl_fail(c, o->span, NULL,
                    "%s has credentials written in its URL: anyone who reads the file (or the "
                    "image) has them",
                    o->name);
    }
    for (int i = 0; i < rf->nreqs; i++) {
        const pl_req *r = rf->reqs[i];
        if (r->url && has_credentials(r->url))
            pl_fail(c, r->span, NULL,
                    "%s has credentials written in its URL: anyone who reads the file (or the "
                    "image) has them",
                    r->name ? r->name : "the requirement");
    }
    pl_pass(c, (pl_span){0}, "no URL carries a password or token (${VAR} references allowed)");
}

void pl_check_requirements_extra_index(pl_check *c, const pl_file *f)
{
    const pl_reqfile *rf = file_or_skip(c, f);
    if (!rf)
        return;
    for (int i = 0; i < rf->noptions; i++) {
        const pl_req_option *o = &rf->options[i];
        if (!strcmp(o->name, "--extra-index-url"))
            pl_fail(c, o->span, NULL,
                    "--extra-index-url %s: pip takes the highest version from any index, so a "
                    "public package with a private package's name wins (dependency confusion)",
                    o->value);
    }
    pl_pass(c, (pl_span){0}, "one index");
}

static int all_hex(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isxdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

/* The revision of a VCS URL: `...path@rev#frag` (after the host). */
static const char *vcs_revision(pl_arena *a, const char *url)
{
    const char *sep = strstr(url, "://");
    const char *path = sep ? strchr(sep + 3, '/') : strchr(url, '/');
    if (!path)
        return NULL;
    size_t end = strcspn(path, "#?");
    const char *at = NULL;
    for (size_t i = 0; i < end; i++)
        if (path[i] == '@')
            at = path + i;
    return at ? pl_arena_strndup(a, at + 1, end - (size_t)(at + 1 - path)) : NULL;
}

void pl_check_requirements_vcs_unpinned(pl_check *c, const pl_file *f)
{
    const pl_reqfile *rf = file_or_skip(c, f);
    if (!rf)
        return;
    const char *tooling = pl_req_tooling_only(c, f);
    if (tooling) {
        pl_skip(c, "%s", tooling);
        return;
    }
    int n = 0;
    for (int i = 0; i < rf->nreqs; i++) {
        const pl_req *r = rf->reqs[i];
        if (!r->is_vcs || !r->url)
            continue;
        n++;
        const char *rev = vcs_revision(pl_check_arena(c), r->url);
        size_t len = rev ? strlen(rev) : 0;
        if (rev && strchr(rev, '$'))
            continue; /* ${VAR}: set at install time */
        if (!rev)
            pl_fail(c, r->span, NULL, "%s names no revision: the default branch's head installs",
                    r->name ? r->name : r->url);
        else if (!((len == 40 || len == 64) && all_hex(rev, len)))
            pl_fail(c, r->span, NULL,
                    "%s is at '%s', a branch, tag or short hash that can move; pin the full commit "
                    "hash",
                    r->name ? r->name : r->url, rev);
    }
    if (!n)
        pl_skip(c, "no VCS requirement");
    else
        pl_pass(c, (pl_span){0}, "%d VCS requirement%s at a full commit hash", n, n == 1 ? "" : "s");
}

void pl_check_requirements_editable(pl_check *c, const pl_file *f)
{
    const pl_reqfile *rf = file_or_skip(c, f);
    if (!rf)
        return;
    const char *tooling = pl_req_tooling_only(c, f);
    if (tooling) {
        pl_skip(c, "%s", tooling);
        return;
    }
    for (int i = 0; i < rf->nreqs; i++) {
        const pl_req *r = rf->reqs[i];
        if (r->editable)
            pl_fail(c, r->span, NULL,
                    "editable install of %s: the environment runs the source tree in place, "
                    "not a built package",
                    r->name ? r->name : r->url);
    }
    pl_pass(c, (pl_span){0}, "no editable install");
}
