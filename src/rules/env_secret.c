/* env_secret.c — whether the text of a .env file holds a secret, for the
 * rules that judge .env files by content rather than by name. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "env_secret.h"

static int in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(s, *list))
            return 1;
    return 0;
}

/* A value a template or a fixture holds instead of a secret. */
static int env_placeholder(const char *v, size_t n)
{
    static const char *const words[] = {"changeme", "changeit", "change_me", "change-me", "example",
                                        "placeholder", "dummy", "xxx", "your_", "your-",
                                        "replace", "${", NULL};
    static const char *const exact[] = {"secret", "password", "todo", "none", "null", "test",
                                        "false", "true", NULL};
    if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
        v++;
        n -= 2;
    }
    if (!n || (v[0] == '<' && v[n - 1] == '>'))
        return 1;
    char low[256];
    size_t k = n < sizeof low - 1 ? n : sizeof low - 1;
    for (size_t i = 0; i < k; i++)
        low[i] = (char)tolower((unsigned char)v[i]);
    low[k] = '\0';
    for (int i = 0; words[i]; i++)
        if (strstr(low, words[i]))
            return 1;
    return in_list(low, exact);
}

/* A name that says it holds a secret: a `_`/`.`/`-` delimited word. */
static int env_secret_name(const char *name, size_t n)
{
    static const char *const words[] = {"password", "passwd", "pwd", "pw", "pass", "secret", "token",
                                        "key", "apikey", "auth", "credential", "credentials",
                                        "private", "dsn", NULL};
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && isalnum((unsigned char)name[j]))
            j++;
        for (int w = 0; words[w]; w++)
            if (strlen(words[w]) == j - i && !strncasecmp(name + i, words[w], j - i))
                return 1;
        i = j + 1;
    }
    return 0;
}

/* A URL with a password in it (`postgres://user:pw@db/app`). */
static int url_with_password(const char *v, size_t n)
{
    for (size_t i = 0; i + 3 < n; i++) {
        if (memcmp(v + i, "://", 3))
            continue;
        size_t j = i + 3, colon = 0;
        for (; j < n && v[j] != '/' && v[j] != '@' && !isspace((unsigned char)v[j]); j++)
            if (v[j] == ':' && !colon)
                colon = j;
        return j < n && v[j] == '@' && colon && colon + 1 < j && v[colon + 1] != '$';
    }
    return 0;
}

int pl_env_text_secret(const char *data, size_t len)
{
    int line = 1;
    for (size_t i = 0; i < len; line++) {
        const char *s = data + i, *nl = memchr(s, '\n', len - i);
        const char *end = nl ? nl : data + len;
        const char *p = s;
        while (p < end && isspace((unsigned char)*p))
            p++;
        if (end - p > 7 && !strncmp(p, "export ", 7))
            p += 7;
        const char *eq = p < end ? memchr(p, '=', (size_t)(end - p)) : NULL;
        if (p < end && *p != '#' && eq) {
            const char *ke = eq;
            while (ke > p && isspace((unsigned char)ke[-1]))
                ke--;
            const char *v = eq + 1, *ve = end;
            while (v < ve && isspace((unsigned char)*v))
                v++;
            while (ve > v && isspace((unsigned char)ve[-1]))
                ve--;
            size_t vn = (size_t)(ve - v);
            if ((env_secret_name(p, (size_t)(ke - p)) && !env_placeholder(v, vn)) ||
                url_with_password(v, vn))
                return line;
        }
        if (!nl)
            break;
        i = (size_t)(nl - data) + 1;
    }
    return 0;
}
