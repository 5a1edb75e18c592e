/* dockerfile_sniff.c — telling templates and binary files named like
 * Dockerfiles from Dockerfiles, before parsing them. */
#include <string.h>
#include <strings.h>

#include "plimsoll/dockerfile.h"

/* `open` points at a `{` followed by at least one byte; `avail` bytes from it */
static const char *template_kind(const char *open, size_t avail)
{
    if (open[1] == '%')
        return "a Jinja template ({% %})";
    if (open[1] == '#')
        return "a Jinja template ({# #})";
    if (avail > 2 && (open[2] == '#' || open[2] == '/' || open[2] == '^'))
        return "a Mustache template ({{# }})";
    return "a Go or Jinja template ({{ }})";
}

/* An unquoted `{{` opening a template expression inside an instruction:
 * `RUN v={{ARGS["version"]}} \`, `&& {{InsertTemplate(...)}}`. In a real
 * Dockerfile `{{` appears quoted (`--format '{{.Id}}'`, a JSON array), so
 * an unquoted one followed by a name, `.` or `$` is taken for a template
 * placeholder. Returns its column (0-based) or -1. */
static long unquoted_placeholder(const char *s, size_t n)
{
    char quote = 0;
    for (size_t j = 0; j + 2 < n; j++) {
        char ch = s[j];
        if (quote) {
            if (ch == quote)
                quote = 0;
            else if (ch == '\\' && quote == '"')
                j++;
            continue;
        }
        if (ch == '\'' || ch == '"') {
            quote = ch;
            continue;
        }
        if (ch == '\\') {
            j++;
            continue;
        }
        if (ch == '#' && (j == 0 || s[j - 1] == ' ' || s[j - 1] == '\t'))
            return -1; /* a comment */
        if (ch != '{' || s[j + 1] != '{')
            continue;
        size_t k = j + 2;
        while (k < n && (s[k] == ' ' || s[k] == '-'))
            k++;
        if (k < n && ((s[k] >= 'A' && s[k] <= 'Z') || (s[k] >= 'a' && s[k] <= 'z') ||
                      s[k] == '.' || s[k] == '$' || s[k] == '_'))
            return (long)j;
    }
    return -1;
}

/* The template sign on line `line` (`s`, `n` bytes, `k` of them leading
 * blanks), or NULL. */
static const char *line_template(const char *s, size_t n, size_t k, int line, pl_span *where)
{
    /* a control line: `{{- if .Debug }}`, `{% for x in y %}`, `{{#tags}}` */
    if (k + 1 < n && s[k] == '{' && (s[k + 1] == '{' || s[k + 1] == '%' || s[k + 1] == '#')) {
        *where = (pl_span){line, (int)k + 1, line, (int)k + 2};
        return template_kind(s + k, n - k);
    }
    /* dev container templates: `ARG VARIANT=${templateOption:imageVariant}`,
     * a placeholder the template tool fills in (BuildKit rejects it) */
    for (size_t j = k; j + 17 <= n; j++)
        if (!memcmp(s + j, "${templateOption:", 17)) {
            *where = (pl_span){line, (int)j + 1, line, (int)j + 17};
            return "a dev container template (${templateOption:...})";
        }
    long at = unquoted_placeholder(s + k, n - k);
    if (at >= 0) {
        *where = (pl_span){line, (int)(k + (size_t)at) + 1, line, (int)(k + (size_t)at) + 2};
        return template_kind(s + k + at, n - k - (size_t)at);
    }
    /* FROM {{ .Base }} / FROM {{ base_image }}:{{ tag }} */
    if (n - k > 5 && !strncasecmp(s + k, "from", 4) && (s[k + 4] == ' ' || s[k + 4] == '\t')) {
        for (size_t j = k + 4; j + 1 < n; j++)
            if (s[j] == '{' && (s[j + 1] == '{' || s[j + 1] == '%')) {
                *where = (pl_span){line, (int)j + 1, line, (int)j + 2};
                return template_kind(s + j, n - j);
            }
    }
    return NULL;
}

const char *pl_dockerfile_sniff(const char *data, size_t len, pl_span *where)
{
    size_t head = len < 8192 ? len : 8192;
    const char *nul = memchr(data, '\0', head);
    if (nul) {
        *where = (pl_span){1, 1, 1, 1};
        return "not a text file (it holds NUL bytes)";
    }
    int line = 1;
    for (size_t i = 0; i < len;) {
        const char *s = data + i, *end = memchr(s, '\n', len - i);
        size_t n = end ? (size_t)(end - s) : len - i;
        size_t k = 0;
        while (k < n && (s[k] == ' ' || s[k] == '\t'))
            k++;
        /* every sign of a template holds a `{`: most lines have none */
        const char *kind = memchr(s + k, '{', n - k) ? line_template(s, n, k, line, where) : NULL;
        if (kind)
            return kind;
        if (!end)
            break;
        i += n + 1;
        line++;
    }
    return NULL;
}
