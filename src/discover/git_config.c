/* git_config.c — git's config file syntax (see git_config.h). */
#include "git_config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { NAME_MAX_LEN = 256, VALUE_MAX_LEN = 4096 };

static int is_key_char(int c) { return isalnum(c) || c == '-'; }

/* A value after '=': whitespace around it dropped, quoted parts joined,
 * escapes read, a comment cut, a '\' at the end of a line continuing it.
 * Returns the position after it, or NULL when git would reject it. */
static const char *parse_value(const char *p, const char *end, char *out, size_t cap)
{
    size_t n = 0, kept = 0; /* kept: length without trailing unquoted blanks */
    int quoted = 0;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    for (; p < end; p++) {
        char c = *p;
        if (c == '\n') {
            if (quoted)
                return NULL;
            break;
        }
        if (!quoted && (c == '#' || c == ';')) {
            while (p < end && *p != '\n')
                p++;
            break;
        }
        if (c == '"') {
            quoted = !quoted;
            kept = n;
            continue;
        }
        if (c == '\\') {
            if (++p >= end)
                return NULL;
            c = *p;
            if (c == '\n')
                continue;
            if (c == '\r' && p + 1 < end && p[1] == '\n') {
                p++;
                continue;
            }
            if (c == 'n')
                c = '\n';
            else if (c == 't')
                c = '\t';
            else if (c == 'b')
                c = '\b';
            else if (c != '\\' && c != '"')
                return NULL;
            if (n + 1 >= cap)
                return NULL;
            out[n++] = c;
            kept = n;
            continue;
        }
        if (c == '\r' && p + 1 < end && p[1] == '\n')
            continue;
        if (n + 1 >= cap)
            return NULL;
        out[n++] = c;
        if (quoted || (c != ' ' && c != '\t'))
            kept = n;
    }
    if (quoted)
        return NULL;
    out[kept] = '\0';
    return p;
}

/* A section header after its '['; the position after its ']', or NULL. */
static const char *parse_section(const char *p, const char *end, char *section, char *sub)
{
    size_t n = 0;
    sub[0] = '\0';
    while (p < end && (is_key_char((unsigned char)*p) || *p == '.')) {
        if (n + 1 >= NAME_MAX_LEN)
            return NULL;
        section[n++] = (char)tolower((unsigned char)*p++);
    }
    section[n] = '\0';
    if (n == 0)
        return NULL;
    if (p < end && *p == ']') {
        /* the old "[section.sub]": the subsection lower-cased */
        char *dot = strchr(section, '.');
        if (dot) {
            *dot = '\0';
            memmove(sub, dot + 1, strlen(dot + 1) + 1);
        }
        return p + 1;
    }
    if (memchr(section, '.', n))
        return NULL;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    if (p >= end || *p != '"')
        return NULL;
    size_t m = 0;
    for (p++; p < end && *p != '"'; p++) {
        if (*p == '\n')
            return NULL;
        if (*p == '\\' && ++p >= end)
            return NULL;
        if (m + 1 >= NAME_MAX_LEN)
            return NULL;
        sub[m++] = *p;
    }
    sub[m] = '\0';
    if (p + 1 >= end || p[1] != ']')
        return NULL;
    return p + 2;
}

int pl_gitcfg_walk(const char *text, size_t len, pl_gitcfg_fn fn, void *ctx)
{
    const char *p = text, *end = text + len;
    char section[NAME_MAX_LEN] = "", sub[NAME_MAX_LEN] = "", key[NAME_MAX_LEN];
    char *value = malloc(VALUE_MAX_LEN);
    int rc = 0;
    if (!value)
        return -1;
    if (len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
        p += 3;
    while (p < end && rc == 0) {
        while (p < end && isspace((unsigned char)*p))
            p++;
        if (p >= end)
            break;
        if (*p == '#' || *p == ';') {
            while (p < end && *p != '\n')
                p++;
            continue;
        }
        if (*p == '[') {
            p = parse_section(p + 1, end, section, sub);
            if (!p)
                rc = -1;
            continue;
        }
        if (!isalpha((unsigned char)*p) || !section[0]) {
            rc = -1;
            break;
        }
        size_t n = 0;
        while (p < end && is_key_char((unsigned char)*p)) {
            if (n + 1 >= sizeof key) {
                rc = -1;
                break;
            }
            key[n++] = (char)tolower((unsigned char)*p++);
        }
        if (rc)
            break;
        key[n] = '\0';
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        const char *val = NULL;
        if (p < end && *p == '=') {
            p = parse_value(p + 1, end, value, VALUE_MAX_LEN);
            if (!p) {
                rc = -1;
                break;
            }
            val = value;
        } else if (p < end && *p != '\n' && *p != '\r' && *p != '#' && *p != ';') {
            rc = -1;
            break;
        } else {
            while (p < end && *p != '\n')
                p++;
        }
        if (fn(ctx, section, sub, key, val))
            rc = 1;
    }
    free(value);
    return rc;
}

int pl_gitcfg_bool(const char *v)
{
    if (!v || !strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcasecmp(v, "on"))
        return 1;
    if (!*v || !strcasecmp(v, "false") || !strcasecmp(v, "no") || !strcasecmp(v, "off"))
        return 0;
    char *e;
    long n = strtol(v, &e, 10);
    return e == v || *e ? -1 : n != 0;
}
