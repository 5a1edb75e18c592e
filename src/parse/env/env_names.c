/* env_names.c — which file names are example env files (see
 * plimsoll/envfile.h). */
#include <string.h>
#include <strings.h>

#include "plimsoll/envfile.h"

int pl_env_example_name(const char *path)
{
    static const char *const words[] = {"example", "sample", "template", "dist", "tmpl", "tpl",
                                        NULL};
    const char *slash = path ? strrchr(path, '/') : NULL;
    const char *b = slash ? slash + 1 : path ? path : "";
    int env = 0, env_part = 0, example = 0;
    for (const char *p = b; *p;) {
        size_t n = strcspn(p, ".");
        const char *w = p;
        size_t wn = n;
        if (n >= 3 && !strncasecmp(p, "env", 3)) {
            /* `.env-example`, `env_sample`: the part goes on after env */
            if (n == 3 || p[3] == '-' || p[3] == '_')
                env = 1;
            if (n > 4 && (p[3] == '-' || p[3] == '_')) {
                w = p + 4;
                wn = n - 4;
            }
        }
        /* after a part `env`, a part may end in one: `.env.dev-sample` */
        if (env_part && w == p) {
            const char *last = w;
            for (const char *q = w; q < w + wn; q++)
                if (*q == '-' || *q == '_')
                    last = q + 1;
            wn -= (size_t)(last - w);
            w = last;
        }
        for (int i = 0; words[i]; i++)
            if (strlen(words[i]) == wn && !strncasecmp(w, words[i], wn))
                example = 1;
        env_part |= n == 3 && !strncasecmp(p, "env", 3);
        if (!p[n])
            break;
        p += n + 1;
    }
    return env && example;
}
