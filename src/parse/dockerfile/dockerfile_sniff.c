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

static int is_blank_ch(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r';
}

/* The line (`n` bytes) is a FROM instruction: the offset after `FROM`. */
static size_t from_keyword(const char *s, size_t n, size_t k)
{
    return n > k + 5 && !strncasecmp(s + k, "from", 4) && is_blank_ch(s[k + 4]) ? k + 4 : 0;
}

/* Some FROM line of the file names a stage `AS word` (case-insensitively,
 * as BuildKit compares stage names). */
static int names_stage(const char *data, size_t len, const char *word, size_t wn)
{
    for (size_t i = 0; i < len;) {
        const char *s = data + i, *end = memchr(s, '\n', len - i);
        size_t n = end ? (size_t)(end - s) : len - i;
        size_t k = 0;
        while (k < n && is_blank_ch(s[k]))
            k++;
        size_t j = from_keyword(s, n, k);
        while (j && j < n) {
            while (j < n && is_blank_ch(s[j]))
                j++;
            size_t w = j;
            while (j < n && !is_blank_ch(s[j]))
                j++;
            if (j - w == 2 && !strncasecmp(s + w, "as", 2)) {
                while (j < n && is_blank_ch(s[j]))
                    j++;
                size_t a = j;
                while (j < n && !is_blank_ch(s[j]))
                    j++;
                if (j - a == wn && !strncasecmp(s + a, word, wn))
                    return 1;
            }
        }
        i += n + 1;
    }
    return 0;
}

/* `FROM REPLACE-ME`: an image word whose repository has capitals and no
 * lower-case letter, joined like a phrase, is no valid reference (repository names are lower
 * case), so no build ever used the file as written: a template whose tool
 * puts the image in (devcontainers' build/assets/ Dockerfiles). A stage
 * name (`FROM BUILDER` after `AS builder`) and a word with variables are
 * not. Returns the word's offset in the line, or -1. */
static long placeholder_image(const char *data, size_t len, const char *s, size_t n, size_t j)
{
    for (;;) {
        while (j < n && is_blank_ch(s[j]))
            j++;
        if (j + 1 < n && s[j] == '-' && s[j + 1] == '-') {
            while (j < n && !is_blank_ch(s[j]))
                j++;
            continue;
        }
        break;
    }
    size_t w = j;
    while (j < n && !is_blank_ch(s[j]))
        j++;
    size_t wn = j - w;
    const char *word = s + w;
    if (!wn || memchr(word, '$', wn) || memchr(word, '{', wn))
        return -1;
    /* the repository: after a registry host (it has '.' or ':', or is
     * localhost), before the tag or digest */
    size_t from = 0;
    const char *slash = memchr(word, '/', wn);
    if (slash) {
        size_t hl = (size_t)(slash - word);
        if (memchr(word, '.', hl) || memchr(word, ':', hl) || (hl == 9 && !strncmp(word, "localhost", 9)))
            from = hl + 1;
    }
    size_t to = from;
    while (to < wn && word[to] != ':' && word[to] != '@')
        to++;
    int upper = 0, joined = 0;
    for (size_t i = from; i < to; i++) {
        if (word[i] >= 'a' && word[i] <= 'z')
            return -1;
        upper |= word[i] >= 'A' && word[i] <= 'Z';
        joined |= word[i] == '-' || word[i] == '_';
    }
    /* words joined like a phrase (REPLACE-ME, BASE_IMAGE) or a word that
     * says so; a lone capitalised name (`FROM DEBIAN`) is a mistake in a
     * real Dockerfile, judged as one */
    static const char *const words[] = {"TODO", "TBD", "IMAGE", "PLACEHOLDER", "CHANGEME", NULL};
    int says = 0;
    for (int i = 0; words[i] && !says; i++)
        says = to - from == strlen(words[i]) && !strncmp(word + from, words[i], to - from);
    if (!upper || !(joined || says) || names_stage(data, len, word, wn))
        return -1;
    return (long)w;
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
        size_t after_from = from_keyword(s, n, k);
        long at = after_from ? placeholder_image(data, len, s, n, after_from) : -1;
        if (at >= 0) {
            *where = (pl_span){line, (int)at + 1, line, (int)at + 1};
            return "a template (its FROM names a placeholder, not an image)";
        }
        if (!end)
            break;
        i += n + 1;
        line++;
    }
    return NULL;
}
