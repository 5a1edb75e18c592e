/* req_pep508.c — the requirement of one line as pip's
 * install_req_from_line reads it: URLs and VCS links, archive and local
 * paths, and PEP 508 strings (name, extras, specifiers, `@ url`, markers). */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "req_internal.h"

static const char *const vcs_schemes[] = {
    "git", "git+http", "git+https", "git+ssh", "git+git", "git+file", "hg+file", "hg+http",
    "hg+https", "hg+ssh", "hg+static-http", "svn", "svn+ssh", "svn+http", "svn+https", "svn+svn",
    "svn+file", "bzr+http", "bzr+https", "bzr+ssh", "bzr+sftp", "bzr+ftp", "bzr+lp", "bzr+file",
    NULL};

static int in_list(const char *s, size_t n, const char *const *list)
{
    for (; *list; list++)
        if (strlen(*list) == n && !strncasecmp(s, *list, n))
            return 1;
    return 0;
}

/* The scheme before the first ':' is a URL scheme or a VCS one (pip's is_url). */
static int is_url(const char *s, size_t n, int *vcs)
{
    static const char *const web[] = {"http", "https", "file", "ftp", NULL};
    const char *colon = memchr(s, ':', n);
    if (!colon)
        return 0;
    size_t k = (size_t)(colon - s);
    *vcs = in_list(s, k, vcs_schemes);
    return *vcs || in_list(s, k, web);
}

static int is_archive(const char *s, size_t n)
{
    static const char *const ext[] = {".zip", ".whl", ".tar.bz2", ".tbz", ".tar.xz", ".txz",
                                      ".tlz", ".tar.lz", ".tar.lzma", ".tar.gz", ".tgz", ".tar",
                                      NULL};
    for (const char *const *e = ext; *e; e++) {
        size_t k = strlen(*e);
        if (n >= k && !strncasecmp(s + n - k, *e, k))
            return 1;
    }
    return 0;
}

static int looks_like_path(const char *s, size_t n)
{
    return memchr(s, '/', n) != NULL || (n && s[0] == '.');
}

static int ident_char(char c)
{
    return isalnum((unsigned char)c) || c == '-' || c == '_' || c == '.';
}

/* A PEP 508 identifier at s[*i]: alphanumeric at both ends. */
static int take_ident(const char *s, size_t n, size_t *i)
{
    size_t k = *i;
    if (k >= n || !isalnum((unsigned char)s[k]))
        return 0;
    size_t last = k;
    while (k < n && ident_char(s[k])) {
        if (isalnum((unsigned char)s[k]))
            last = k;
        k++;
    }
    *i = last + 1;
    return 1;
}

static void skip_ws(const char *s, size_t n, size_t *i)
{
    while (*i < n && (s[*i] == ' ' || s[*i] == '\t' || s[*i] == '\n' || s[*i] == '\r' ||
                      s[*i] == '\f' || s[*i] == '\v'))
        (*i)++;
}

/* ---- markers -------------------------------------------------------------------- */

static const char *const marker_vars[] = {
    "implementation_version", "platform_python_implementation", "implementation_name",
    "python_full_version", "platform_release", "platform_version", "platform_machine",
    "platform_system", "python_version", "sys_platform", "os_name", "os.name", "sys.platform",
    "platform.version", "platform.machine", "platform.python_implementation",
    "python_implementation", "extra", NULL};

/* Offset of the first problem, or -1 when the marker is valid. */
static long marker_value(const char *s, size_t n, size_t *i)
{
    skip_ws(s, n, i);
    if (*i < n && (s[*i] == '\'' || s[*i] == '"')) {
        const char *close = memchr(s + *i + 1, s[*i], n - *i - 1);
        if (!close)
            return (long)*i;
        *i = (size_t)(close - s) + 1;
        return -1;
    }
    for (const char *const *v = marker_vars; *v; v++) {
        size_t k = strlen(*v);
        if (n - *i >= k && !strncmp(s + *i, *v, k) &&
            (*i + k == n || !(isalnum((unsigned char)s[*i + k]) || s[*i + k] == '_' || s[*i + k] == '.'))) {
            *i += k;
            return -1;
        }
    }
    return (long)*i;
}

static long marker_op(const char *s, size_t n, size_t *i)
{
    static const char *const ops[] = {"===", "==", ">=", "<=", "!=", "~=", ">", "<", NULL};
    skip_ws(s, n, i);
    for (const char *const *o = ops; *o; o++) {
        size_t k = strlen(*o);
        if (n - *i >= k && !strncmp(s + *i, *o, k)) {
            *i += k;
            return -1;
        }
    }
    if (n - *i >= 2 && !strncmp(s + *i, "in", 2)) {
        *i += 2;
        return -1;
    }
    if (n - *i >= 3 && !strncmp(s + *i, "not", 3)) {
        size_t k = *i + 3;
        size_t w = k;
        skip_ws(s, n, &k);
        if (k > w && n - k >= 2 && !strncmp(s + k, "in", 2)) {
            *i = k + 2;
            return -1;
        }
    }
    return (long)*i;
}

static long marker_expr(const char *s, size_t n, size_t *i, int depth);

static long marker_atom(const char *s, size_t n, size_t *i, int depth)
{
    skip_ws(s, n, i);
    if (*i < n && s[*i] == '(') {
        if (depth > 100)
            return (long)*i;
        (*i)++;
        long e = marker_expr(s, n, i, depth + 1);
        if (e >= 0)
            return e;
        skip_ws(s, n, i);
        if (*i >= n || s[*i] != ')')
            return (long)*i;
        (*i)++;
        return -1;
    }
    long e;
    if ((e = marker_value(s, n, i)) >= 0 || (e = marker_op(s, n, i)) >= 0 ||
        (e = marker_value(s, n, i)) >= 0)
        return e;
    return -1;
}

static long marker_expr(const char *s, size_t n, size_t *i, int depth)
{
    for (;;) {
        long e = marker_atom(s, n, i, depth);
        if (e >= 0)
            return e;
        size_t k = *i;
        skip_ws(s, n, &k);
        if (n - k >= 3 && !strncmp(s + k, "and", 3))
            *i = k + 3;
        else if (n - k >= 2 && !strncmp(s + k, "or", 2))
            *i = k + 2;
        else
            return -1;
    }
}

/* -1 when `s` is a valid marker, else the offset of the problem. */
static long marker_check(const char *s, size_t n)
{
    size_t i = 0;
    long e = marker_expr(s, n, &i, 0);
    if (e >= 0)
        return e;
    skip_ws(s, n, &i);
    return i == n ? -1 : (long)i;
}

/* ---- PEP 508 ----------------------------------------------------------------- */

static int valid_url(const char *u, size_t n)
{
    size_t k = 0;
    if (!n || !isalpha((unsigned char)u[0]))
        return 0;
    while (k < n && (isalnum((unsigned char)u[k]) || u[k] == '+' || u[k] == '-' || u[k] == '.'))
        k++;
    if (k >= n || u[k] != ':')
        return 0;
    if (k == 4 && !strncasecmp(u, "file", 4))
        return 1;
    if (n - k < 3 || u[k + 1] != '/' || u[k + 2] != '/')
        return 0;
    k += 3;
    return k < n && u[k] != '/' && u[k] != '?' && u[k] != '#';
}

/* `s[0..n)` as packaging's Requirement reads it; `at` is its offset in the
 * line for diagnostics. 0 on success. */
static int pep508(pl_arena *a, pl_reqfile *rf, const req_logical *l, size_t at, const char *s,
                  size_t n, pl_req *r)
{
    size_t i = 0;
    skip_ws(s, n, &i);
    size_t name_at = i;
    if (!take_ident(s, n, &i)) {
        req_error(a, rf, l, at + i, 1, "Invalid requirement: '%.*s': expected a package name",
                  (int)n, s);
        return -1;
    }
    r->name = pl_arena_strndup(a, s + name_at, i - name_at);
    skip_ws(s, n, &i);
    pl_vec extras = {0};
    if (i < n && s[i] == '[') {
        i++;
        skip_ws(s, n, &i);
        while (i < n && s[i] != ']') {
            size_t e = i;
            if (!take_ident(s, n, &i)) {
                req_error(a, rf, l, at + i, 1, "Invalid requirement: '%.*s': expected an extra name",
                          (int)n, s);
                return -1;
            }
            pl_vec_push(a, &extras, pl_arena_strndup(a, s + e, i - e));
            skip_ws(s, n, &i);
            if (i < n && s[i] == ',') {
                i++;
                skip_ws(s, n, &i);
                if (i >= n || s[i] == ']') {
                    req_error(a, rf, l, at + (i < n ? i : n - 1), 1,
                              "Invalid requirement: '%.*s': expected an extra name after ','",
                              (int)n, s);
                    return -1;
                }
            } else if (i < n && s[i] != ']') {
                break;
            }
        }
        if (i >= n || s[i] != ']') {
            req_error(a, rf, l, at + (i < n ? i : n - 1), 1,
                      "Invalid requirement: '%.*s': expected ',' or ']' in the extras", (int)n, s);
            return -1;
        }
        i++;
        skip_ws(s, n, &i);
    }
    r->extras = (const char **)extras.items;
    r->nextras = (int)extras.len;
    r->specifier = "";
    if (i < n && s[i] == '@') {
        i++;
        skip_ws(s, n, &i);
        size_t u = i;
        while (i < n && s[i] != ' ')
            i++;
        size_t ulen = i - u;
        skip_ws(s, n, &i);
        if (!ulen || i < n || !valid_url(s + u, ulen)) {
            req_error(a, rf, l, at + u, ulen ? ulen : 1, "Invalid requirement: '%.*s': invalid URL",
                      (int)n, s);
            return -1;
        }
        r->url = pl_arena_strndup(a, s + u, ulen);
        int vcs = 0;
        is_url(r->url, ulen, &vcs);
        r->is_vcs = vcs;
        return 0;
    }
    size_t spec_at = i, spec_end = n;
    while (spec_end > spec_at && isspace((unsigned char)s[spec_end - 1]))
        spec_end--;
    if (spec_at < spec_end && s[spec_at] == '(') {
        if (s[spec_end - 1] != ')' || spec_end - spec_at < 3) {
            req_error(a, rf, l, at + spec_at, spec_end - spec_at,
                      "Invalid requirement: '%.*s': unbalanced parenthesis", (int)n, s);
            return -1;
        }
        spec_at++;
        spec_end--;
    }
    const char *err = NULL;
    if (spec_at < spec_end &&
        pl_pep440_specset_parse(a, s + spec_at, spec_end - spec_at, &r->specs, &err) != 0) {
        const char *spec = pl_arena_strndup(a, s + spec_at, spec_end - spec_at);
        int single_eq = strchr(spec, '=') && !strpbrk(spec, "<>!~") && !strstr(spec, "==");
        req_error(a, rf, l, at + spec_at, spec_end - spec_at, "Invalid requirement: '%.*s': %s%s",
                  (int)n, s, err, single_eq ? " (= is not a valid operator. Did you mean == ?)" : "");
        return -1;
    }
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    for (int k = 0; k < r->specs.n; k++)
        pl_sb_printf(&sb, "%s%s", k ? "," : "", r->specs.items[k].text);
    r->specifier = pl_sb_str(&sb);
    return 0;
}

/* ---- links ----------------------------------------------------------------------- */

/* The name of `#egg=name[extras]` (pip's Link.egg_fragment) into r. */
static int egg_name(pl_arena *a, pl_reqfile *rf, const req_logical *l, size_t at, const char *url,
                    pl_req *r)
{
    const char *e = NULL;
    for (const char *p = url; (p = strstr(p, "egg=")); p += 4)
        if (p > url && (p[-1] == '#' || p[-1] == '&')) {
            e = p + 4;
            break;
        }
    if (!e)
        return 0;
    size_t n = strcspn(e, "&");
    if (!n)
        return 0;
    pl_req tmp = {0};
    if (pep508(a, rf, l, at + (size_t)(e - url), e, n, &tmp) != 0)
        return -1;
    r->name = tmp.name;
    r->extras = tmp.extras;
    r->nextras = tmp.nextras;
    return 0;
}

/* `name-ver(-build)?-py-abi-plat.whl`: pip names the requirement name==ver. */
static int wheel_name(pl_arena *a, pl_reqfile *rf, const req_logical *l, size_t at, const char *url,
                      size_t len, pl_req *r)
{
    size_t end = len;
    for (size_t k = 0; k < len; k++)
        if (url[k] == '#' || url[k] == '?') {
            end = k;
            break;
        }
    size_t start = end;
    while (start > 0 && url[start - 1] != '/')
        start--;
    const char *file = pl_arena_strndup(a, url + start, end - start);
    size_t fn = strlen(file);
    if (fn < 4 || strcasecmp(file + fn - 4, ".whl"))
        return 1; /* not a wheel */
    const char *parts[7];
    int np = 0;
    for (const char *p = file; np < 7;) {
        size_t k = strcspn(p, "-");
        const char *q = p + k;
        if (!*q) {
            parts[np++] = pl_arena_strndup(a, p, fn - 4 - (size_t)(p - file));
            break;
        }
        parts[np++] = pl_arena_strndup(a, p, k);
        p = q + 1;
    }
    int ok = (np == 5 || np == 6) && *parts[0] && !strpbrk(file, " \t");
    if (ok && np == 6)
        ok = isdigit((unsigned char)parts[2][0]);
    if (!ok) {
        req_error(a, rf, l, at + start, end - start, "%s is not a valid wheel filename.", file);
        return -1;
    }
    char *name = pl_arena_strdup(a, parts[0]);
    for (char *p = name; *p; p++)
        if (*p == '_')
            *p = '-';
    char *ver = pl_arena_strdup(a, parts[1]);
    for (char *p = ver; *p; p++)
        if (*p == '_')
            *p = '-';
    const char *err = NULL;
    r->name = name;
    const char *spec = pl_arena_printf(a, "==%s", ver);
    if (pl_pep440_specset_parse(a, spec, strlen(spec), &r->specs, &err) != 0) {
        req_error(a, rf, l, at + start, end - start, "Invalid requirement: '%s==%s': %s", name, ver,
                  err);
        return -1;
    }
    r->specifier = r->specs.items[0].text;
    return 0;
}

/* A URL or a path: the wheel's name, else the egg fragment's (else unnamed). */
static int link_requirement(pl_arena *a, pl_reqfile *rf, const req_logical *l, size_t at,
                            const char *url, size_t n, pl_req *r)
{
    r->url = pl_arena_strndup(a, url, n);
    r->specifier = "";
    int w = wheel_name(a, rf, l, at, r->url, n, r);
    if (w <= 0)
        return w;
    return egg_name(a, rf, l, at, r->url, r);
}

static size_t trim_len(const char *s, size_t n, size_t *lead)
{
    size_t i = 0;
    while (i < n && isspace((unsigned char)s[i]))
        i++;
    while (n > i && isspace((unsigned char)s[n - 1]))
        n--;
    *lead = i;
    return n - i;
}

/* `path[extra1,extra2]` (pip's _strip_extras): the length without them. */
static size_t strip_extras(pl_arena *a, pl_reqfile *rf, const req_logical *l, size_t at,
                           const char *s, size_t n, pl_req *r, int *bad)
{
    *bad = 0;
    if (n < 3 || s[n - 1] != ']')
        return n;
    const char *open = NULL;
    for (size_t k = n - 1; k > 0; k--) {
        if (s[k - 1] == ']')
            return n;
        if (s[k - 1] == '[') {
            open = s + k - 1;
            break;
        }
    }
    if (!open || open == s || open + 2 >= s + n)
        return n;
    const char *text = pl_arena_printf(a, "placeholder%.*s", (int)(s + n - open), open);
    pl_req tmp = {0};
    if (pep508(a, rf, l, at + (size_t)(open - s) - 11, text, strlen(text), &tmp) != 0) {
        *bad = 1;
        return n;
    }
    r->extras = tmp.extras;
    r->nextras = tmp.nextras;
    return (size_t)(open - s);
}

int req_parse_line_requirement(pl_arena *a, pl_reqfile *rf, const req_logical *l, size_t off,
                               size_t len, pl_req *r)
{
    const char *s = l->text + off;
    size_t lead, n = trim_len(s, len, &lead);
    s += lead;
    off += lead;
    r->text = pl_arena_strndup(a, s, n);
    r->span = req_span(l, off, n);
    int vcs = 0, url = is_url(s, n, &vcs);
    /* the marker: after the first "; " of a URL, the first ';' otherwise */
    size_t body = n;
    for (size_t k = 0; k < n; k++)
        if (s[k] == ';' && (!url || (k + 1 < n && s[k + 1] == ' '))) {
            body = k;
            break;
        }
    if (body < n) {
        size_t mlead, mlen = trim_len(s + body + 1, n - body - 1, &mlead);
        if (mlen) {
            const char *m = s + body + 1 + mlead;
            long bad = marker_check(m, mlen);
            if (bad >= 0) {
                req_error(a, rf, l, off + body + 1 + mlead + (size_t)bad, 1,
                          "Invalid marker: '%.*s'", (int)mlen, m);
                return -1;
            }
            r->marker = pl_arena_strndup(a, m, mlen);
        }
    }
    size_t blead, blen = trim_len(s, body, &blead);
    const char *b = s + blead;
    size_t at = off + blead;
    if (!blen) {
        req_error(a, rf, l, off, 1, "Invalid requirement: '%.*s'", (int)n, s);
        return -1;
    }
    if (url) {
        r->is_vcs = vcs;
        return link_requirement(a, rf, l, at, b, blen, r);
    }
    const char *atsign = memchr(b, '@', blen);
    int pep508_url = atsign && !looks_like_path(b, (size_t)(atsign - b));
    if (!pep508_url && (looks_like_path(b, blen) || is_archive(b, blen))) {
        int bad;
        size_t plen = strip_extras(a, rf, l, at, b, blen, r, &bad);
        if (bad)
            return -1;
        r->is_local = 1;
        if (is_archive(b, plen)) {
            pl_req tmp = {0};
            if (link_requirement(a, rf, l, at, b, plen, &tmp) != 0)
                return -1;
            r->url = tmp.url;
            r->name = tmp.name;
            r->specs = tmp.specs;
            r->specifier = tmp.specifier;
            return 0;
        }
        /* a local project directory: pip checks it exists at install time */
        r->url = pl_arena_strndup(a, b, plen);
        r->specifier = "";
        return 0;
    }
    return pep508(a, rf, l, at, b, blen, r);
}

int req_parse_editable(pl_arena *a, pl_reqfile *rf, const req_logical *l, size_t off, size_t len,
                       const char *value, pl_req *r)
{
    static const char *const bare_vcs[] = {"git", "hg", "svn", "bzr", NULL};
    size_t n = strlen(value);
    r->editable = 1;
    r->text = value;
    r->span = req_span(l, off, len);
    r->specifier = "";
    int bad;
    size_t plen = strip_extras(a, rf, l, off, value, n, r, &bad);
    if (bad)
        return -1;
    if (!strncasecmp(value, "file:", 5)) {
        r->is_local = 1;
        pl_req tmp = {0};
        if (egg_name(a, rf, l, off, pl_arena_strndup(a, value, plen), &tmp) != 0)
            return -1;
        r->url = pl_arena_strndup(a, value, plen);
        r->name = tmp.name;
        return 0;
    }
    const char *url = value;
    for (const char *const *v = bare_vcs; *v; v++)
        if (!strncasecmp(value, *v, strlen(*v)) && value[strlen(*v)] == ':') {
            url = pl_arena_printf(a, "%s+%s", *v, value);
            break;
        }
    const char *colon = strchr(url, ':');
    int vcs = colon && in_list(url, (size_t)(colon - url), vcs_schemes);
    if (!vcs) {
        /* no scheme: a local project directory (pip checks it at install) */
        const char *slash = strchr(url, '/');
        if (colon && (!slash || colon < slash) && colon > url && !(colon == url + 1)) {
            req_error(a, rf, l, off, len,
                      "%s is not a valid editable requirement. It should either be a path to a "
                      "local project or a VCS URL (beginning with git+https, hg+https, svn+https, "
                      "bzr+https, ...).",
                      value);
            return -1;
        }
        r->is_local = 1;
        r->url = pl_arena_strndup(a, value, plen);
        return 0;
    }
    r->is_vcs = 1;
    r->url = url;
    pl_req tmp = {0};
    if (egg_name(a, rf, l, off, url, &tmp) != 0)
        return -1;
    if (!tmp.name) {
        req_error(a, rf, l, off, len,
                  "Could not detect requirement name for '%s', please specify one with "
                  "#egg=your_package_name",
                  value);
        return -1;
    }
    r->name = tmp.name;
    r->extras = tmp.extras;
    r->nextras = tmp.nextras;
    return 0;
}
