/* own_image.c — see plimsoll/own_image.h. */
#include <string.h>
#include <strings.h>

#include "plimsoll/git.h"
#include "plimsoll/own_image.h"

int pl_image_is_projects_own(const pl_workspace *ws, const char *image)
{
    const char *full = ws && ws->git ? pl_git_name(ws->git) : NULL;
    if (!full || !*full || !image || strchr(image, '$'))
        return 0;
    const char *repo_slash = strrchr(full, '/');
    const char *repo = repo_slash ? repo_slash + 1 : full;
    size_t owner_len = repo_slash ? (size_t)(repo_slash - full) : 0;
    /* the name: after the last '/', before the tag or digest */
    const char *slash = strrchr(image, '/');
    const char *name = slash ? slash + 1 : image;
    size_t n = strcspn(name, ":@"), rl = strlen(repo);
    if (rl && n >= rl && !strncasecmp(name, repo, rl) && (n == rl || name[rl] == '-'))
        return 1;
    if (!slash || !owner_len)
        return 0;
    const char *ns = slash;
    while (ns > image && ns[-1] != '/')
        ns--;
    return (size_t)(slash - ns) == owner_len && !strncasecmp(ns, full, owner_len);
}
