/* image.c — container image references, split and checked the way the
 * distribution reference grammar (used by Docker and BuildKit) does:
 *
 *   reference  := [registry "/"] repository [":" tag] ["@" digest]
 *   registry   := host [":" port]           host: DNS labels or [IPv6]
 *   repository := component ("/" component)*  component: [a-z0-9]+ joined
 *                                              by ".", "_", "__" or "-"+
 *   tag        := [\w][\w.-]{0,127}
 *   digest     := algorithm ":" hex          sha256: 64 lower-case hex
 *
 * The first path component is a registry when it holds '.' or ':', is
 * `localhost`, or has upper-case letters (repositories cannot). A `$NAME` or
 * `${...}` left by expansion is opaque: it may hide ':', '/' or '@', so only
 * the literal text around it is split and checked, and a first component
 * holding one is taken as the registry.
 */
#include "plimsoll/image.h"

#include <string.h>

#define REPOSITORY_MAX 255
#define TAG_MAX 128

typedef struct {
    pl_arena *arena;
    const char *s;
    size_t n;
    unsigned char *in_var; /* per byte: part of a `$` reference */
    const char *error;
} scan;

static int is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
static int is_alnum(char c) { return is_lower_alnum(c) || (c >= 'A' && c <= 'Z'); }
static int is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
static int is_word(char c) { return is_alnum(c) || c == '_'; }

static void set_error(scan *sc, const char *msg)
{
    if (!sc->error)
        sc->error = msg;
}

/* Marks `$NAME`, `$1` and `${...}` (nested, `\}` escaped) as opaque. */
static void mark_vars(scan *sc)
{
    const char *s = sc->s;
    for (size_t i = 0; i < sc->n; i++) {
        if (s[i] != '$')
            continue;
        size_t j = i + 1;
        if (j < sc->n && s[j] == '{') {
            int depth = 1;
            j++;
            while (j < sc->n && depth > 0) {
                if (s[j] == '\\' && j + 1 < sc->n)
                    j++;
                else if (s[j] == '$' && j + 1 < sc->n && s[j + 1] == '{')
                    depth++, j++;
                else if (s[j] == '}')
                    depth--;
                j++;
            }
            if (depth > 0)
                set_error(sc, "invalid reference format: unterminated variable reference");
        } else if (j < sc->n && s[j] >= '0' && s[j] <= '9') {
            while (j < sc->n && s[j] >= '0' && s[j] <= '9')
                j++;
        } else {
            while (j < sc->n && is_word(s[j]))
                j++;
        }
        if (j == i + 1)
            continue; /* a lone '$' is just a character (an invalid one) */
        memset(sc->in_var + i, 1, j - i);
        i = j - 1;
    }
}

static long find_first(const scan *sc, char c, size_t b, size_t e)
{
    for (size_t i = b; i < e; i++)
        if (sc->s[i] == c && !sc->in_var[i])
            return (long)i;
    return -1;
}

static long find_last(const scan *sc, char c, size_t b, size_t e)
{
    for (size_t i = e; i > b; i--)
        if (sc->s[i - 1] == c && !sc->in_var[i - 1])
            return (long)(i - 1);
    return -1;
}

static int has_var(const scan *sc, size_t b, size_t e)
{
    for (size_t i = b; i < e; i++)
        if (sc->in_var[i])
            return 1;
    return 0;
}

static int literal_matches(const scan *sc, size_t b, size_t e, int (*ok)(char))
{
    for (size_t i = b; i < e; i++)
        if (!sc->in_var[i] && !ok(sc->s[i]))
            return 0;
    return 1;
}

static const char *part(scan *sc, size_t b, size_t e)
{
    return pl_arena_strndup(sc->arena, sc->s + b, e - b);
}

/* ---- registry -------------------------------------------------------------- */

static int is_registry_char(char c)
{
    return is_alnum(c) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
}

/* host [":" port], host being DNS labels joined by dots or a bracketed IPv6. */
static int registry_valid(const char *s, size_t n)
{
    size_t i = 0;
    if (n && s[0] == '[') {
        i = 1;
        while (i < n && (is_hex(s[i]) || s[i] == ':'))
            i++;
        if (i == 1 || i >= n || s[i] != ']')
            return 0;
        i++;
    } else {
        for (;;) {
            size_t label = i;
            while (i < n && (is_alnum(s[i]) || s[i] == '-'))
                i++;
            if (i == label || s[label] == '-' || s[i - 1] == '-')
                return 0;
            if (i < n && s[i] == '.') {
                i++;
                continue;
            }
            break;
        }
    }
    if (i < n && s[i] == ':') {
        size_t port = ++i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == port)
            return 0;
    }
    return i == n;
}

static int looks_like_registry(const scan *sc, size_t b, size_t e)
{
    if (e - b == 9 && memcmp(sc->s + b, "localhost", 9) == 0)
        return 1;
    if (has_var(sc, b, e))
        return 1;
    for (size_t i = b; i < e; i++) {
        char c = sc->s[i];
        if (c == '.' || c == ':' || (c >= 'A' && c <= 'Z'))
            return 1;
    }
    return 0;
}

static void check_registry(scan *sc, size_t b, size_t e)
{
    int ok = has_var(sc, b, e) ? literal_matches(sc, b, e, is_registry_char)
                               : registry_valid(sc->s + b, e - b);
    if (!ok)
        set_error(sc, pl_arena_printf(sc->arena, "invalid reference format: invalid registry (%.*s)",
                                      (int)(e - b), sc->s + b));
}

/* ---- repository ------------------------------------------------------------- */

/* [a-z0-9]+ joined by ".", "_", "__" or any run of "-"; with `lower` 0 the
 * letters may be upper case (to tell a case error from a format error). */
static int path_component_valid(const char *s, size_t n, int lower)
{
    size_t i = 0;
    for (;;) {
        size_t run = i;
        while (i < n && (lower ? is_lower_alnum(s[i]) : is_alnum(s[i])))
            i++;
        if (i == run)
            return 0;
        if (i == n)
            return 1;
        if (s[i] == '.') {
            i++;
        } else if (s[i] == '_') {
            i += i + 1 < n && s[i + 1] == '_' ? 2 : 1;
        } else if (s[i] == '-') {
            while (i < n && s[i] == '-')
                i++;
        } else {
            return 0;
        }
    }
}

static int is_repository_char(char c)
{
    return is_alnum(c) || c == '.' || c == '_' || c == '-' || c == '/';
}

static void check_repository(scan *sc, size_t b, size_t e, int familiar)
{
    const char *s = sc->s;
    if (b == e) {
        set_error(sc, "invalid reference format: empty repository name");
        return;
    }
    int upper = 0, bad = 0;
    for (size_t c = b; c <= e;) {
        size_t end = c;
        while (end < e && !(s[end] == '/' && !sc->in_var[end]))
            end++;
        if (has_var(sc, c, end)) {
            bad |= !literal_matches(sc, c, end, is_repository_char);
        } else if (!path_component_valid(s + c, end - c, 1)) {
            if (path_component_valid(s + c, end - c, 0))
                upper = 1;
            else
                bad = 1;
        }
        for (size_t i = c; i < end; i++)
            upper |= !sc->in_var[i] && s[i] >= 'A' && s[i] <= 'Z';
        c = end + 1;
    }
    if (bad)
        set_error(sc, pl_arena_printf(sc->arena,
                                      "invalid reference format: invalid repository name (%.*s)",
                                      (int)(e - b), s + b));
    else if (upper)
        set_error(sc, pl_arena_printf(sc->arena, "invalid reference format: repository name "
                                                 "(%.*s) must be lowercase",
                                      (int)(e - b), s + b));
    /* Docker Hub stores a one-component name under "library/" */
    size_t stored = (e - b) + (familiar && find_first(sc, '/', b, e) < 0 ? 8 : 0);
    if (!has_var(sc, b, e) && stored > REPOSITORY_MAX)
        set_error(sc, pl_arena_printf(sc->arena, "invalid reference format: repository name "
                                                 "must not be more than %d characters",
                                      REPOSITORY_MAX));
}

/* ---- tag and digest ------------------------------------------------------------ */

static int is_tag_char(char c) { return is_word(c) || c == '.' || c == '-'; }

static void check_tag(scan *sc, size_t b, size_t e)
{
    int ok;
    if (b == e) {
        set_error(sc, "invalid reference format: empty tag after ':'");
        return;
    }
    if (has_var(sc, b, e))
        ok = literal_matches(sc, b, e, is_tag_char) && (sc->in_var[b] || is_word(sc->s[b]));
    else
        ok = e - b <= TAG_MAX && is_word(sc->s[b]) && literal_matches(sc, b, e, is_tag_char);
    if (!ok)
        set_error(sc, pl_arena_printf(sc->arena, "invalid reference format: invalid tag (%.*s)",
                                      (int)(e - b), sc->s + b));
}

static int is_digest_char(char c)
{
    return is_alnum(c) || c == ':' || c == '+' || c == '.' || c == '_' || c == '-';
}

/* algorithm components [A-Za-z][A-Za-z0-9]* joined by one of "-_+." */
static int digest_algorithm_valid(const char *s, size_t n)
{
    size_t i = 0;
    for (;;) {
        if (i >= n || !((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
            return 0;
        while (i < n && is_alnum(s[i]))
            i++;
        if (i == n)
            return 1;
        if (s[i] != '-' && s[i] != '_' && s[i] != '+' && s[i] != '.')
            return 0;
        i++;
    }
}

static void check_digest(scan *sc, size_t b, size_t e)
{
    const char *s = sc->s + b;
    size_t n = e - b;
    if (has_var(sc, b, e)) {
        if (!literal_matches(sc, b, e, is_digest_char))
            set_error(sc, pl_arena_printf(sc->arena, "invalid reference format: invalid digest "
                                                     "(%.*s)", (int)n, s));
        return;
    }
    const char *colon = memchr(s, ':', n);
    size_t alg = colon ? (size_t)(colon - s) : 0;
    size_t hex = colon ? n - alg - 1 : 0;
    int ok = colon && digest_algorithm_valid(s, alg) && hex >= 32;
    for (size_t i = alg + 1; ok && i < n; i++)
        ok = is_hex(s[i]);
    if (!ok) {
        set_error(sc, pl_arena_printf(sc->arena, "invalid reference format: invalid digest (%.*s)",
                                      (int)n, s));
        return;
    }
    /* the registered algorithms want exactly their length in lower-case hex */
    size_t want = 0;
    if (alg == 6 && memcmp(s, "sha256", 6) == 0)
        want = 64;
    else if (alg == 6 && memcmp(s, "sha384", 6) == 0)
        want = 96;
    else if (alg == 6 && memcmp(s, "sha512", 6) == 0)
        want = 128;
    if (!want) {
        set_error(sc, pl_arena_printf(sc->arena, "unsupported digest algorithm (%.*s)", (int)alg, s));
        return;
    }
    for (size_t i = alg + 1; ok && i < n; i++)
        ok = (s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f');
    if (!ok || hex != want)
        set_error(sc, pl_arena_printf(sc->arena, "invalid checksum digest format (%.*s)", (int)n, s));
}

/* ---- the reference ------------------------------------------------------------- */

int pl_image_parse(pl_arena *a, const char *ref, pl_image_ref *out)
{
    memset(out, 0, sizeof *out);
    out->raw = ref ? ref : "";
    scan sc = {.arena = a, .s = out->raw, .n = strlen(out->raw)};
    if (sc.n == 0) {
        out->repository = "";
        out->error = "invalid reference format: empty image reference";
        return -1;
    }
    sc.in_var = pl_arena_alloc(a, sc.n);
    mark_vars(&sc);
    out->has_vars = has_var(&sc, 0, sc.n);

    size_t name_end = sc.n;
    long at = find_first(&sc, '@', 0, sc.n);
    if (at >= 0) {
        name_end = (size_t)at;
        out->digest = part(&sc, (size_t)at + 1, sc.n);
    }
    long colon = find_last(&sc, ':', 0, name_end);
    size_t tag_b = 0, tag_e = 0;
    if (colon >= 0 && colon > find_last(&sc, '/', 0, name_end)) {
        tag_b = (size_t)colon + 1;
        tag_e = name_end;
        name_end = (size_t)colon;
        out->tag = part(&sc, tag_b, tag_e);
    }
    size_t repo_b = 0;
    long slash = find_first(&sc, '/', 0, name_end);
    if (slash >= 0 && looks_like_registry(&sc, 0, (size_t)slash)) {
        out->registry = part(&sc, 0, (size_t)slash);
        repo_b = (size_t)slash + 1;
    }
    out->repository = part(&sc, repo_b, name_end);

    /* a bare 64-hex string is an image ID, never a name */
    if (!out->registry && !out->tag && !out->digest && sc.n == 64 &&
        literal_matches(&sc, 0, sc.n, is_hex) && !has_var(&sc, 0, sc.n)) {
        int lower = 1;
        for (size_t i = 0; i < sc.n; i++)
            lower &= !(sc.s[i] >= 'A' && sc.s[i] <= 'F');
        if (lower)
            set_error(&sc, pl_arena_printf(a, "invalid repository name (%s), cannot specify "
                                              "64-byte hexadecimal strings", sc.s));
    }
    if (out->registry)
        check_registry(&sc, 0, repo_b - 1);
    int familiar = !out->registry || strcmp(out->registry, "docker.io") == 0;
    check_repository(&sc, repo_b, name_end, familiar);
    if (out->tag)
        check_tag(&sc, tag_b, tag_e);
    if (out->digest)
        check_digest(&sc, (size_t)at + 1, sc.n);
    out->error = sc.error;
    return sc.error ? -1 : 0;
}

const char *pl_image_registry_or_default(const pl_image_ref *r)
{
    return r && r->registry ? r->registry : "docker.io";
}

const char *pl_image_basename(pl_arena *a, const pl_image_ref *r)
{
    if (!r || !r->repository)
        return "";
    scan sc = {.arena = a, .s = r->repository, .n = strlen(r->repository)};
    if (sc.n == 0)
        return "";
    sc.in_var = pl_arena_alloc(a, sc.n);
    mark_vars(&sc);
    long slash = find_last(&sc, '/', 0, sc.n);
    return slash < 0 ? r->repository : pl_arena_strdup(a, r->repository + slash + 1);
}
