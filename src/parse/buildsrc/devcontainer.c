/* devcontainer.c — a Dev Container's devcontainer.json as a build
 * reference: `"build": {"dockerfile", "context", "target", "args"}`, or the
 * older top-level `"dockerFile"` and `"context"` keys, read as the Dev
 * Containers CLI reads them. Both paths are relative to the folder holding
 * devcontainer.json (bentoml's .devcontainer/devcontainer.json builds its
 * Dockerfile with the context ".."); without a context the build runs in
 * the Dockerfile's own folder. The file is JSON with line and block comments and trailing
 * commas (JSONC); they are blanked before cJSON reads it. A value with a
 * `${...}` variable (`${localWorkspaceFolder}`) is not known statically. */
#include <cjson/cJSON.h>
#include <string.h>

#include "buildsrc_internal.h"
#include "plimsoll/ignore.h"

/* The index of the quote closing the string that opens at s[i] (len when
 * it is not closed). */
static size_t string_end(const char *s, size_t len, size_t i)
{
    for (i++; i < len && s[i] != '"'; i++)
        if (s[i] == '\\')
            i++;
    return i < len ? i : len;
}

/* Blanks comments outside strings (newlines kept, so positions hold). */
static void blank_comments(char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"') {
            i = string_end(s, len, i);
        } else if (s[i] == '/' && i + 1 < len && s[i + 1] == '/') {
            while (i < len && s[i] != '\n')
                s[i++] = ' ';
        } else if (s[i] == '/' && i + 1 < len && s[i + 1] == '*') {
            s[i] = s[i + 1] = ' ';
            i += 2;
            while (i < len && !(s[i] == '*' && i + 1 < len && s[i + 1] == '/')) {
                if (s[i] != '\n')
                    s[i] = ' ';
                i++;
            }
            if (i < len)
                s[i] = s[i + 1] = ' ', i++;
        }
    }
}

/* Blanks each comma outside strings that only whitespace separates from a
 * closing `}` or `]`. */
static void blank_trailing_commas(char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"') {
            i = string_end(s, len, i);
            continue;
        }
        if (s[i] != ',')
            continue;
        size_t k = i + 1;
        while (k < len && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r' || s[k] == '\n'))
            k++;
        if (k < len && (s[k] == '}' || s[k] == ']'))
            s[i] = ' ';
        i = k - 1; /* the whitespace scanned is this comma's alone */
    }
}

char *pl_jsonc_to_json(pl_arena *a, const char *data, size_t len)
{
    char *s = pl_arena_alloc(a, len + 1);
    memcpy(s, data, len);
    s[len] = '\0';
    blank_comments(s, len);
    blank_trailing_commas(s, len);
    return s;
}

static const char *string_of(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) && v->valuestring ? v->valuestring : NULL;
}

/* A literal path value: NULL when it is empty or needs a variable. */
static const char *literal(const char *v)
{
    return v && *v && !strstr(v, "${") ? v : NULL;
}

static const char *join(pl_arena *a, const char *dir, const char *p)
{
    if (p[0] == '/' || !strcmp(dir, "."))
        return pl_ignore_clean(a, p);
    return pl_ignore_clean(a, pl_arena_printf(a, "%s/%s", dir, p));
}

/* Where `"key"` first stands in the text, for the build's position; the
 * first line when it cannot be found. */
static pl_span key_span(const char *text, size_t len, const char *key)
{
    char quoted[32];
    size_t n = strlen(key) + 2;
    if (n >= sizeof quoted)
        return pl_span_make(1, 1, 1, 1);
    quoted[0] = '"';
    memcpy(quoted + 1, key, n - 2);
    quoted[n - 1] = '"';
    const char *at = memmem(text, len, quoted, n);
    if (!at)
        return pl_span_make(1, 1, 1, 1);
    int line = 1, col = 1;
    for (const char *p = text; p < at; p++) {
        if (*p == '\n')
            line++, col = 1;
        else
            col++;
    }
    return pl_span_make(line, col, line, col + (int)n - 1);
}

void pl_buildsrc_read_devcontainer(pl_arena *a, const char *path, const char *data, size_t len,
                                   pl_vec *out, pl_diag_list *diags)
{
    char *text = pl_jsonc_to_json(a, data, len);
    cJSON *root = cJSON_ParseWithLength(text, len);
    if (!root) {
        pl_diag_add(a, diags, PL_DIAG_WARNING, pl_span_make(1, 1, 1, 1), NULL,
                    "not read as JSON with comments: how it builds its image is unknown");
        return;
    }
    /* as the Dev Containers CLI reads it: the older top-level `dockerFile`
     * with the top-level `context` when that key is there, else `build` */
    const cJSON *build = cJSON_GetObjectItemCaseSensitive(root, "build");
    if (!cJSON_IsObject(build))
        build = NULL;
    const char *df, *ctx, *key;
    if (cJSON_GetObjectItemCaseSensitive(root, "dockerFile")) {
        df = string_of(root, "dockerFile");
        ctx = string_of(root, "context");
        key = "dockerFile";
        build = NULL;
    } else {
        df = build ? string_of(build, "dockerfile") : NULL;
        ctx = build ? string_of(build, "context") : NULL;
        key = "build";
    }
    if (!df) {
        cJSON_Delete(root); /* an image, or a compose file, is used as it is */
        return;
    }
    const char *slash = strrchr(path, '/');
    const char *dir = slash ? pl_arena_strndup(a, path, (size_t)(slash - path)) : ".";
    pl_unit_spec *s = PL_NEW(a, pl_unit_spec);
    if (literal(df))
        s->dockerfile = join(a, dir, df);
    /* no context: the Dockerfile's own folder */
    if (ctx && literal(ctx)) {
        s->context = join(a, dir, ctx);
    } else if (!ctx && s->dockerfile) {
        const char *cut = strrchr(s->dockerfile, '/');
        s->context = cut ? pl_arena_strndup(a, s->dockerfile, (size_t)(cut - s->dockerfile)) : ".";
    }
    const char *target = build ? string_of(build, "target") : NULL;
    if (target && literal(target))
        s->target = pl_arena_strdup(a, target);
    else if (target)
        s->target_unknown = 1;
    const cJSON *args = build ? cJSON_GetObjectItemCaseSensitive(build, "args") : NULL;
    if (!cJSON_IsObject(args))
        args = NULL;
    int nargs = args ? cJSON_GetArraySize(args) : 0;
    s->args = PL_NEW_N(a, pl_unit_arg, nargs + 1);
    const cJSON *arg;
    cJSON_ArrayForEach(arg, args)
    {
        if (!arg->string || s->nargs >= nargs)
            continue;
        const char *v = cJSON_IsString(arg) && arg->valuestring && !strstr(arg->valuestring, "${")
                            ? arg->valuestring
                            : NULL;
        s->args[s->nargs++] = (pl_unit_arg){pl_arena_strdup(a, arg->string),
                                            v ? pl_arena_strdup(a, v) : NULL};
    }
    s->origin = PL_ORIGIN_DEVCONTAINER;
    s->origin_file = path;
    s->origin_span = key_span(text, len, key);
    s->origin_label = "dev container";
    pl_vec_push(a, out, s);
    cJSON_Delete(root);
}
