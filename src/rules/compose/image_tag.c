/* image_tag.c — plimsoll's own reading of PL2108
 * service-image-require-explicit-tag: the images a compose project pulls
 * carry a version tag (dclint's reading, selected by dclint's rule name,
 * is in compose_dclint.c).
 *
 * Owns: which `image:` values name a pull. A service that also has
 * `build:` (or whose image another service of the project builds) names
 * the image compose builds and tags, not one it pulls: its tag is not a
 * pinning question. An image written with variables is judged as written:
 * a variable that can decide the tag (`app:${TAG}`, `${IMAGE}`) makes the
 * tag unknown, unless the interpolation gives a default (`${TAG:-latest}`),
 * which is then what is judged — it is what runs when the variable is not
 * set. A variable before the last `/` (the registry or namespace) cannot
 * add a tag, so `${REGISTRY}/app` has none. In plimsoll's own reading an
 * image another build of the repository tags is built too, as is one named
 * after a folder beside the compose file that holds a build, and compose
 * files for development, tests, CI or docs (services.h) and override files
 * read without their base are set aside. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compose_util.h"
#include "plimsoll/compose_project.h"
#include "plimsoll/own_image.h"
#include "plimsoll/unit.h"
#include "services.h"

/* Stands for text a variable decides. */
#define UNKNOWN_TEXT '\x01'

typedef struct {
    char *out;
    size_t len, cap;
    int defaulted; /* a default of an interpolation was taken */
    int no_defaults; /* every interpolation is UNKNOWN_TEXT, defaults too */
} expansion;

static void put(expansion *e, char ch)
{
    if (e->len + 1 < e->cap)
        e->out[e->len++] = ch;
}

static int name_start(char ch) { return ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'); }
static int name_char(char ch) { return name_start(ch) || (ch >= '0' && ch <= '9'); }

static void expand(expansion *e, const char *s, size_t n, int depth);

/* Defaults nest (`${A:-${B:-x}}`); deeper than this is unknown. */
#define MAX_NESTING 16

/* `${...}` whose body is s[0..n): NAME, NAME:-DEF, NAME-DEF, NAME:?ERR,
 * NAME?ERR, NAME:+ALT, NAME+ALT. */
static void expand_braced(expansion *e, const char *s, size_t n, int depth)
{
    size_t i = 0;
    while (i < n && name_char(s[i]))
        i++;
    const char *op = s + i;
    size_t rest = n - i;
    if (e->no_defaults)
        put(e, UNKNOWN_TEXT);
    else if (rest >= 2 && op[0] == ':' && op[1] == '-') {
        e->defaulted = 1;
        expand(e, op + 2, rest - 2, depth + 1);
    } else if (rest >= 1 && op[0] == '-') {
        e->defaulted = 1;
        expand(e, op + 1, rest - 1, depth + 1);
    } else {
        /* unset is an error (?), or set gives the alternative (+): either
         * way what runs is what the variable says */
        put(e, UNKNOWN_TEXT);
    }
}

/* Compose's interpolation of `s`, with every variable unset: defaults
 * taken, anything else UNKNOWN_TEXT. Nesting is bounded by the text. */
static void expand(expansion *e, const char *s, size_t n, int depth)
{
    if (depth > MAX_NESTING) {
        put(e, UNKNOWN_TEXT);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '$') {
            put(e, s[i]);
            continue;
        }
        if (i + 1 < n && s[i + 1] == '$') {
            put(e, '$');
            i++;
        } else if (i + 1 < n && s[i + 1] == '{') {
            size_t j = i + 2;
            int open = 1;
            for (; j < n; j++) {
                if (s[j] == '{')
                    open++;
                else if (s[j] == '}' && --open == 0)
                    break;
            }
            if (j >= n) { /* unterminated: compose refuses it (PL2600) */
                put(e, UNKNOWN_TEXT);
                return;
            }
            expand_braced(e, s + i + 2, j - i - 2, depth);
            i = j;
        } else if (i + 1 < n && name_start(s[i + 1])) {
            put(e, UNKNOWN_TEXT);
            for (i++; i + 1 < n && name_char(s[i + 1]); i++)
                ;
        } else {
            put(e, '$');
        }
    }
}

typedef enum { TAG_PINNED, TAG_FLOATING, TAG_NONE, TAG_UNKNOWN } tag_verdict;

/* The tag of `image` (as expanded), judged against the floating tags. */
static tag_verdict judge(const char *image, const char *const *floating, int nfloating,
                         const char **tag)
{
    *tag = "";
    const char *last = strrchr(image, '/');
    last = last ? last + 1 : image;
    if (strchr(last, UNKNOWN_TEXT))
        return TAG_UNKNOWN;
    if (strchr(last, '@'))
        return TAG_PINNED;
    const char *colon = strchr(last, ':');
    if (!colon || !colon[1])
        return TAG_NONE;
    *tag = colon + 1;
    for (int i = 0; i < nfloating; i++)
        if (!strcmp(floating[i], *tag))
            return TAG_FLOATING;
    return TAG_PINNED;
}

/* The value as written in the file, before compose's interpolation. */
static const char *as_written(const pl_ynode *v)
{
    if (!v || v->kind != PL_YAML_SCALAR || v->stype == PL_YS_NULL || !v->str)
        return NULL;
    return v->raw ? v->raw : v->str;
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static const pl_ypair *image_pair(const pl_ynode *svc)
{
    for (int i = 0; i < svc->npairs; i++) {
        const pl_ypair *p = &svc->pairs[i];
        if (p->key && p->key->str && !strcmp(p->key->str, "image"))
            return p;
    }
    return NULL;
}

/* A service written in a checked file that speaks for a project of its
 * own (a compose.yaml another project also `include:`s) is judged there:
 * one finding, not one per project. */
static int judged_elsewhere(pl_check *c, const pl_file *f, const pl_svc *s)
{
    const char *file = s->key ? s->key->file : NULL;
    if (!file || !s->project || !strcmp(file, f->path))
        return 0;
    const pl_workspace *ws = pl_check_workspace(c);
    for (int i = 0; ws && i < ws->nfiles; i++) {
        const pl_file *g = ws->files[i];
        if (g->kind == PL_KIND_COMPOSE && !strcmp(g->path, file))
            return g->compose_project && g->compose_project != s->project && pl_compose_is_owner(g);
    }
    return 0;
}

typedef struct {
    const pl_ynode *at; /* the `image` key */
    const char *image;  /* as written */
    const char *runs;   /* expanded, when a default was taken; else NULL */
    const char *tag;
    tag_verdict verdict;
    const char *services;
} pull;

static int by_place(const void *x, const void *y)
{
    const pull *a = x, *b = y;
    int d = strcmp(a->at->file ? a->at->file : "", b->at->file ? b->at->file : "");
    if (d)
        return d;
    if (a->at->span.line != b->at->span.line)
        return a->at->span.line < b->at->span.line ? -1 : 1;
    return a->at->span.col < b->at->span.col ? -1 : a->at->span.col > b->at->span.col;
}

static int same_place(const pull *a, const pull *b) { return !by_place(a, b); }

/* One finding per `image:` as written: services that share it through a
 * YAML anchor or a merge key are named together. */
static void report(pl_check *c, const pl_file *f, pull *bad, int nbad)
{
    pl_arena *a = pl_check_arena(c);
    qsort(bad, (size_t)nbad, sizeof *bad, by_place);
    for (int i = 0; i < nbad;) {
        int j = i + 1;
        const char *who = bad[i].services;
        for (; j < nbad && same_place(&bad[i], &bad[j]); j++)
            who = pl_arena_printf(a, "%s, %s", who, bad[j].services);
        const pull *p = &bad[i];
        const char *runs =
            p->runs ? pl_arena_printf(a, " (%s when its variables are not set)", p->runs) : "";
        const char *subject = pl_arena_printf(a, "service%s %s pull%s the image %s%s", j - i > 1 ? "s" : "",
                                              who, j - i > 1 ? "" : "s", p->image, runs);
        if (p->verdict == TAG_NONE)
            pl_svc_fail(c, f, p->at, NULL, "%s without a tag: whatever latest is that day", subject);
        else
            pl_svc_fail(c, f, p->at, NULL, "%s: the tag %s moves", subject, p->tag);
        i = j;
    }
}

/* An override file read without its base (readthedocs'
 * docker-compose.override.yml, whose docker-compose.yml lives in a git
 * submodule): the base builds the images its services name, or not; which
 * is not known here. */
static int override_without_base(pl_check *c, const pl_file *f)
{
    const pl_compose_project *p = f->compose_project;
    if (pl_check_reading(c) != PL_READING_DEFAULT || !p || !p->alone)
        return 0;
    const char *slash = strrchr(f->path, '/');
    const char *base = slash ? slash + 1 : f->path;
    const char *o = strstr(base, "override");
    if (!o || (o > base && o[-1] != '.' && o[-1] != '-' && o[-1] != '_'))
        return 0;
    pl_skip(c, "an override file read without its base compose file: which of the images it "
               "names the project builds itself is not known");
    return 1;
}

/* An image a build of the repository tags (a workflow's `docker build -t`,
 * a bake target, another compose project's `image:` beside `build:`): made
 * here, not pulled. Plimsoll's own reading only. */
static int built_in_repository(pl_check *c, pl_arena *a, const char *image)
{
    if (pl_check_reading(c) != PL_READING_DEFAULT || pl_svc_dynamic(image))
        return 0;
    pl_image_ref ref;
    return pl_image_parse(a, image, &ref) == 0 && pl_units_tagging(pl_check_workspace(c), &ref);
}

/* An image named after a folder beside the compose file that holds a
 * project build (spring-petclinic-microservices: `image:
 * springcommunity/spring-petclinic-vets-service` next to the
 * spring-petclinic-vets-service/ module, whose Maven build makes that
 * image): the repository builds it, `latest` is its own last build. */
static int built_from_folder(pl_check *c, pl_arena *a, const pl_svc *s, const char *image)
{
    static const char *const build_files[] = {"Dockerfile", "pom.xml", "build.gradle",
                                              "build.gradle.kts", "package.json", "go.mod",
                                              "pyproject.toml", "Cargo.toml", NULL};
    if (pl_check_reading(c) != PL_READING_DEFAULT || pl_svc_dynamic(image))
        return 0;
    const char *slash = strrchr(image, '/');
    const char *name = slash ? slash + 1 : image;
    size_t n = strcspn(name, ":@");
    if (!n || (name[0] == '.' && (n == 1 || name[1] == '.')))
        return 0;
    const char *dir = pl_svc_path(a, s, pl_arena_strndup(a, name, n));
    if (!dir || !pl_svc_is_dir(dir))
        return 0;
    for (int i = 0; build_files[i]; i++)
        if (pl_svc_is_file(pl_arena_printf(a, "%s/%s", dir, build_files[i])))
            return 1;
    return 0;
}

/* Whether some variable, set, decides the tag of `image`: its defaults
 * left aside, the tag is unknown. */
static int variable_decides_tag(pl_arena *a, const char *image, const char *const *floating,
                                int nfloating)
{
    size_t len = strlen(image);
    expansion e = {PL_NEW_N(a, char, len + 1), 0, len + 1, 0, 1};
    expand(&e, image, len, 0);
    e.out[e.len] = '\0';
    const char *tag;
    return judge(e.out, floating, nfloating, &tag) == TAG_UNKNOWN;
}

/* The project's own image (plimsoll/own_image.h): its channel, not a
 * third party's image drifting. Plimsoll's own reading only. */
static int own_image(pl_check *c, const char *image)
{
    return pl_check_reading(c) == PL_READING_DEFAULT && !pl_svc_dynamic(image) &&
           pl_image_is_projects_own(pl_check_workspace(c), image);
}

void pl_compose_judge_image_tags(pl_check *c, const pl_file *f, const char *const *floating,
                                 int nfloating)
{
    pl_svc *s;
    int n = pl_svc_list_or_skip(c, f, &s);
    if (!n || pl_svc_skip_nonproduction(c, f) || override_without_base(c, f))
        return;
    pl_arena *a = pl_check_arena(c);
    /* the images the project builds, as written, sorted for lookup */
    const char **built = PL_NEW_N(a, const char *, n + 1);
    int nbuilt = 0;
    for (int i = 0; i < n; i++) {
        const char *img = as_written(pl_yaml_get(s[i].node, "image"));
        if (img && pl_yaml_get(s[i].node, "build"))
            built[nbuilt++] = img;
    }
    qsort(built, (size_t)nbuilt, sizeof *built, cmp_str);

    pull *bad = PL_NEW_N(a, pull, n + 1);
    int pulled = 0, builds = 0, unknown = 0, nbad = 0;
    for (int i = 0; i < n; i++) {
        const pl_ypair *p = image_pair(s[i].node);
        const char *img = p ? as_written(p->value) : NULL;
        if (!img || judged_elsewhere(c, f, &s[i]))
            continue;
        if (pl_yaml_get(s[i].node, "build") ||
            bsearch(&img, built, (size_t)nbuilt, sizeof *built, cmp_str) ||
            built_in_repository(c, a, img) || built_from_folder(c, a, &s[i], img) ||
            own_image(c, img)) {
            builds++;
            continue;
        }
        size_t len = strlen(img);
        expansion e = {PL_NEW_N(a, char, len + 1), 0, len + 1, 0, 0};
        expand(&e, img, len, 0);
        e.out[e.len] = '\0';
        const char *tag;
        tag_verdict v = judge(e.out, floating, nfloating, &tag);
        /* `app:${APP_VERSION:-latest}`: in plimsoll's own reading the tag
         * is the variable's to set (AppFlowy's self-host compose); the
         * default is what runs only when nobody chose */
        if (v == TAG_UNKNOWN || (e.defaulted && v != TAG_PINNED &&
                                 pl_check_reading(c) == PL_READING_DEFAULT &&
                                 variable_decides_tag(a, img, floating, nfloating))) {
            unknown++;
            continue;
        }
        pulled++;
        if (v != TAG_PINNED)
            bad[nbad++] = (pull){p->key, img, e.defaulted ? e.out : NULL, tag, v, s[i].name};
    }
    if (nbad) {
        report(c, f, bad, nbad);
        return;
    }
    if (!pulled && !builds && !unknown) {
        pl_skip(c, "no service names an image");
        return;
    }
    if (!pulled) {
        pl_skip(c, "no image is pulled with a known tag: %d built by the project, %d decided by variables",
                builds, unknown);
        return;
    }
    pl_svc_pass(c, s, n,
                pl_arena_printf(a, "%d pulled image%s (%d built by the project, %d decided by variables)",
                                pulled, pulled == 1 ? " carries a version tag" : "s carry version tags",
                                builds, unknown));
}
