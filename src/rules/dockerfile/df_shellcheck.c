/* df_shellcheck.c — PL1340 shellcheck: every shell-form RUN script and
 * every shell heredoc body is checked by the `shellcheck` program, and its
 * findings are mapped back to the exact Dockerfile line and column.
 *
 * Checking a file only prepares its scripts; the work is deferred
 * (pl_check_defer) until every file of the run was checked, and then
 * ShellCheck (sc_run.c) runs once per dialect and batch of up to 128
 * scripts of any files (its start-up costs more than a script), several
 * processes at a time, each with a limit of CPU time; a batch that runs
 * out of it is halved down to the slow script, whose timeout is a result
 * the cache keeps (sc_cache.c) like any other. It is told what
 * hadolint tells its embedded copy: the stage's SHELL picks the dialect,
 * the ARG/ENV names in scope and the proxy variables are exported first
 * (lines the mapping subtracts), and SC1090, SC1091 and SC2187 are
 * excluded. Each finding
 * carries its SCxxxx code (pl_finding.code) so that pragmas, --ignore and
 * --select can name single codes. */
#include <cjson/cJSON.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <unistd.h>

#include "dfutil.h"
#include "plimsoll/config.h"
#include "plimsoll/engine.h"
#include "sc_cache.h"
#include "sc_run.h"

/* A script gets five seconds of CPU time unless the rule's `timeout`
 * option says otherwise; a batch a little more per script (one process
 * checks ~100 scripts in a fraction of a second). */
#define SC_TIMEOUT_MS 5000
#define SC_TIMEOUT_MAX_S 600
#define SC_TIMEOUT_PER_SCRIPT_MS 100
#define SC_MAX_OUTPUT ((size_t)8 << 20)
#define SC_EXCLUDED "SC1090,SC1091,SC2187"
/* What, besides the dialect, shapes ShellCheck's output (the cache's key). */
#define SC_OPTIONS "--format=json1 --exclude=" SC_EXCLUDED
/* A batch that timed out is halved and each half run again, down to the
 * script that is slow; at most this many halvings per deferred run, so
 * that a program that stalls on everything costs a bounded time. */
#define SC_SPLIT_BUDGET 32

/* ---- the program ------------------------------------------------------------------ */

static const char *find_on_path(pl_arena *a, const char *name)
{
    const char *path = getenv("PATH");
    for (const char *p = path ? path : ""; *p;) {
        size_t n = strcspn(p, ":");
        if (n) {
            const char *cand = pl_arena_printf(a, "%.*s/%s", (int)n, p, name);
            if (access(cand, X_OK) == 0)
                return cand;
        }
        p += n + (p[n] == ':');
    }
    return NULL;
}

/* The workspace looked ShellCheck up once; a bare workspace (a library
 * caller) leaves it to the rule. */
static const char *shellcheck_exe(pl_check *c)
{
    const pl_workspace *ws = pl_check_workspace(c);
    if (ws && ws->shellcheck_path)
        return *ws->shellcheck_path ? ws->shellcheck_path : NULL;
    return find_on_path(pl_check_arena(c), "shellcheck");
}

/* ---- building a script and mapping findings back ------------------------------- */

typedef enum { PIECE_TEXT, PIECE_BODY, PIECE_LINE } piece_kind;

/* Consecutive script lines that came from one place of the Dockerfile. */
typedef struct {
    piece_kind kind;
    int first;          /* first script line (1-based) */
    int nlines;
    const char *text;   /* the piece's own text */
    long text_pos;      /* PIECE_TEXT: offset of text in ins->original, -1 unknown */
    const pl_df_heredoc *h; /* PIECE_BODY: first line is h->body_span.line */
    int file_line;      /* PIECE_LINE: the heredoc terminator's line */
} piece;

typedef struct {
    pl_arena *a;
    pl_strbuf sb;
    int lines;          /* complete lines so far */
    piece *pieces;
    int npieces, cap;
} script;

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void add_piece(script *sc, piece p, const char *text)
{
    if (sc->npieces == sc->cap) {
        sc->cap = sc->cap ? sc->cap * 2 : 8;
        piece *np = PL_NEW_N(sc->a, piece, sc->cap);
        if (sc->npieces)
            memcpy(np, sc->pieces, sizeof *np * (size_t)sc->npieces);
        sc->pieces = np;
    }
    size_t tl = strlen(text);
    p.first = sc->lines + 1;
    p.text = text;
    p.nlines = count_lines(text) + (tl && text[tl - 1] != '\n');
    pl_sb_puts(&sc->sb, text);
    if (tl && text[tl - 1] != '\n')
        pl_sb_putc(&sc->sb, '\n');
    sc->lines += p.nlines;
    sc->pieces[sc->npieces++] = p;
}

static int is_name(const char *s)
{
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
        return 0;
    for (s++; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_'))
            return 0;
    return 1;
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* `export NAME=1` for every ARG/ENV in scope and the proxy variables, as
 * hadolint does, so that ShellCheck does not call them unassigned. */
static void add_prelude(script *sc, const pl_var *scope)
{
    static const char *const proxies[] = {"HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy",
                                          "FTP_PROXY",  "ftp_proxy",  "NO_PROXY",    "no_proxy"};
    int n = 8;
    for (const pl_var *v = scope; v; v = v->next)
        n++;
    const char **names = PL_NEW_N(sc->a, const char *, n);
    int k = 0;
    for (int i = 0; i < 8; i++)
        names[k++] = proxies[i];
    for (const pl_var *v = scope; v && k < n; v = v->next)
        if (v->name && is_name(v->name))
            names[k++] = v->name;
    qsort(names, (size_t)k, sizeof *names, cmp_str);
    for (int i = 0; i < k; i++) {
        if (i && !strcmp(names[i], names[i - 1]))
            continue;
        pl_sb_printf(&sc->sb, "export %s=1\n", names[i]);
        sc->lines++;
    }
}

/* Byte offset of character column `col` (1-based; ShellCheck counts code
 * points, a tab as one) in the line starting at `line`. */
static size_t byte_col(const char *line, int col)
{
    size_t off = 0;
    for (int c = 1; c < col && line[off] && line[off] != '\n'; c++) {
        off++;
        while ((line[off] & 0xC0) == 0x80)
            off++;
    }
    return off;
}

static const char *line_start(const char *text, int k)
{
    for (; k > 0 && text; k--) {
        text = strchr(text, '\n');
        if (text)
            text++;
    }
    return text ? text : "";
}

/* Tabs a `<<-` heredoc stripped from the start of file line `line`. */
static int stripped_tabs(const pl_file *f, int line)
{
    const char *p = f->data, *end = f->data + f->len;
    for (int l = 1; l < line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : end;
    }
    int n = 0;
    while (p < end && *p == '\t') {
        n++;
        p++;
    }
    return n;
}

static pl_span map_span(const pl_file *f, const pl_df_instr *ins, const script *sc, int line,
                        int col, int end_line, int end_col)
{
    for (int i = 0; i < sc->npieces; i++) {
        const piece *p = &sc->pieces[i];
        if (line < p->first || line >= p->first + p->nlines)
            continue;
        int k = line - p->first;
        const char *ls = line_start(p->text, k);
        size_t b0 = byte_col(ls, col);
        size_t b1 = end_line == line && end_col > col ? byte_col(ls, end_col) : b0 + 1;
        if (p->kind == PIECE_TEXT) {
            if (p->text_pos < 0)
                break;
            size_t off = (size_t)(ls - p->text) + b0;
            return pl_df_span_of(ins, (size_t)p->text_pos + off, b1 > b0 ? b1 - b0 : 1);
        }
        int fl = p->kind == PIECE_LINE ? p->file_line : p->h->body_span.line + k;
        int shift = p->kind == PIECE_BODY && p->h->chomp ? stripped_tabs(f, fl) : 0;
        return (pl_span){fl, (int)b0 + 1 + shift, fl, (int)(b1 > b0 ? b1 : b0 + 1) + shift};
    }
    return pl_df_ins_span(ins);
}

/* ---- dialects ------------------------------------------------------------------------- */

/* ShellCheck's --shell for a shell program; NULL when it cannot check it. */
static const char *dialect_of(const char *prog)
{
    const char *b = strrchr(prog, '/');
    b = b ? b + 1 : prog;
    if (!strcmp(b, "sh") || !strcmp(b, "busybox"))
        return "sh";
    if (!strcmp(b, "bash"))
        return "bash";
    if (!strcmp(b, "dash") || !strcmp(b, "ash"))
        return "dash";
    if (!strcmp(b, "ksh") || !strcmp(b, "mksh") || !strcmp(b, "ksh93"))
        return "ksh";
    return NULL;
}

/* SHELL ["/usr/bin/env", "bash", "-c"] names bash. */
static const char *shell_instr_program(const pl_df_instr *ins)
{
    if (!ins->json || ins->nargs < 1)
        return "";
    const char *p = ins->args[0].text;
    const char *b = strrchr(p, '/');
    if (!strcmp(b ? b + 1 : p, "env") && ins->nargs > 1)
        return ins->args[1].text;
    return p;
}

/* `# hadolint shell=bash` anywhere in the file sets the default shell. */
static const char *pragma_shell(pl_arena *a, const pl_dockerfile *df)
{
    for (int i = 0; i < df->ncomments; i++) {
        const char *t = strstr(df->comments[i].text, "hadolint shell=");
        if (!t)
            continue;
        t += 15;
        size_t n = strcspn(t, " \t\r\n");
        if (n)
            return pl_arena_strndup(a, t, n);
    }
    return NULL;
}

/* The first line of a heredoc body when it is a shebang. */
static const char *shebang_program(pl_arena *a, const char *body)
{
    if (body[0] != '#' || body[1] != '!')
        return NULL;
    const char *p = body + 2;
    while (*p == ' ')
        p++;
    size_t n = strcspn(p, " \t\r\n");
    const char *prog = pl_arena_strndup(a, p, n);
    const char *b = strrchr(prog, '/');
    if (!strcmp(b ? b + 1 : prog, "env")) {
        p += n;
        while (*p == ' ' || *p == '\t')
            p++;
        prog = pl_arena_strndup(a, p, strcspn(p, " \t\r\n"));
    }
    return prog;
}

/* ---- the rule --------------------------------------------------------------------------- */

/* Scripts given to one ShellCheck process: enough to share the start-up,
 * few enough that the processes of a run can work side by side. */
#define SC_BATCH_MIN 16
#define SC_BATCH_MAX 128

struct file_work;

typedef struct job {
    const pl_df_instr *ins;
    script sc;
    const char *dialect;
    struct file_work *owner;
    char key[65]; /* in the cache; "" when there is none */
    cJSON *cached; /* the cache's answer (an array, until reported); NULL: ShellCheck runs it */
    int cached_timeout; /* the cache says ShellCheck timed out on it, at today's limit */
    struct batch *batch; /* the batch that ran it, and its place there */
    int slot;
    const struct job *same_as; /* the same script (bytes, dialect, program,
                                  limit) of the run, which ran for both */
} job;

/* One file's scripts, queued until the deferred run, and what became of
 * them. */
typedef struct file_work {
    pl_check *check; /* set when the deferred run starts */
    const pl_file *f;
    const char *exe;
    pl_sc_cache *cache; /* NULL: --no-cache, or no cache directory */
    job *jobs;
    int njobs, cap;
    long limit_ms;   /* one script's time limit (the rule's `timeout` option) */
    int scripts, timed_out, not_run;
    long timeout_ms; /* the longest limit that killed one of its batches */
    pl_strbuf timed_out_lines; /* "3, 7": where the scripts that timed out are */
} file_work;

/* Scripts of one dialect (of any files) for one process, and its outcome;
 * when the process timed out, its two halves; when it refused the batch as
 * a whole, one batch per script. */
typedef struct batch {
    const char *exe, *dialect;
    job **jobs;
    int n;
    long script_limit_ms;
    atomic_int *splits_left; /* the run's budget of halvings */
    long timeout_ms;         /* this process's limit */
    sc_status st;
    int over_cpu;            /* timed out for the CPU time it used */
    cJSON *root;
    cJSON **by_script;       /* SC_RAN: each script's comments (arrays, heap) */
    struct batch *parts;     /* contiguous ranges of jobs (heap) */
    int nparts;
} batch;

static pl_severity level_severity(const char *level)
{
    if (!strcmp(level, "error"))
        return PL_SEV_ERROR;
    if (!strcmp(level, "info"))
        return PL_SEV_INFO;
    if (!strcmp(level, "style"))
        return PL_SEV_STYLE;
    return PL_SEV_WARNING;
}

static void report_one(const job *j, const cJSON *it)
{
    pl_check *c = j->owner->check;
    const pl_file *f = j->owner->f;
    pl_arena *a = pl_check_arena(c);
    const cJSON *jl = cJSON_GetObjectItemCaseSensitive(it, "line");
    const cJSON *jc = cJSON_GetObjectItemCaseSensitive(it, "column");
    const cJSON *jel = cJSON_GetObjectItemCaseSensitive(it, "endLine");
    const cJSON *jec = cJSON_GetObjectItemCaseSensitive(it, "endColumn");
    const cJSON *jcode = cJSON_GetObjectItemCaseSensitive(it, "code");
    const cJSON *jlevel = cJSON_GetObjectItemCaseSensitive(it, "level");
    const cJSON *jmsg = cJSON_GetObjectItemCaseSensitive(it, "message");
    if (!cJSON_IsNumber(jl) || !cJSON_IsNumber(jc) || !cJSON_IsNumber(jcode) || !cJSON_IsString(jmsg))
        return;
    int prelude = j->sc.pieces ? j->sc.pieces[0].first - 1 : 0;
    int line = jl->valueint, col = jc->valueint;
    if (line <= prelude)
        return; /* about the exports this rule added */
    int el = cJSON_IsNumber(jel) ? jel->valueint : line;
    int ec = cJSON_IsNumber(jec) ? jec->valueint : col + 1;
    pl_span span = map_span(f, j->ins, &j->sc, line, col, el, ec);
    const char *code = pl_arena_printf(a, "SC%d", jcode->valueint);
    pl_fail(c, span, pl_arena_printf(a, "See https://www.shellcheck.net/wiki/%s", code), "%s: %s",
            code, jmsg->valuestring);
    pl_finding *fd = f->findings.items[f->findings.len - 1];
    fd->code = code;
    /* ShellCheck's own level, unless the rule's severity was overridden */
    if (fd->severity == pl_check_rule(c)->severity && cJSON_IsString(jlevel))
        fd->severity = level_severity(jlevel->valuestring);
}

static void run_batch(pl_arena *a, batch *b);

/* Moves each comment of the process's output to its script's array (by
 * its /dev/fd/N name), so that reporting a script does not go through the
 * whole batch's comments. */
static void sort_comments(batch *b)
{
    b->by_script = calloc((size_t)b->n, sizeof *b->by_script);
    if (!b->by_script) {
        b->st = SC_NOT_RUN;
        return;
    }
    for (int i = 0; i < b->n; i++)
        b->by_script[i] = cJSON_CreateArray();
    cJSON *comments = cJSON_GetObjectItemCaseSensitive(b->root, "comments");
    for (cJSON *it = comments->child, *next; it; it = next) {
        next = it->next;
        const cJSON *file = cJSON_GetObjectItemCaseSensitive(it, "file");
        int k = cJSON_IsString(file) && !strncmp(file->valuestring, "/dev/fd/", 8)
                    ? atoi(file->valuestring + 8) - 3
                    : -1;
        if (k < 0 || k >= b->n || !b->by_script[k])
            continue;
        cJSON_DetachItemViaPointer(comments, it);
        cJSON_DeleteItemFromObjectCaseSensitive(it, "file");
        cJSON_AddItemToArray(b->by_script[k], it);
    }
}

static void *run_part_thread(void *arg)
{
    pl_arena *a = pl_arena_new();
    run_batch(a, arg);
    pl_arena_free(a);
    return NULL;
}

/* Cuts `b` into `nparts` runs of `size` scripts (the last takes the rest)
 * and runs them; halves run side by side, one on a thread of its own. */
static void run_parts(pl_arena *a, batch *b, int nparts, int size)
{
    b->parts = calloc((size_t)nparts, sizeof *b->parts);
    if (!b->parts)
        return;
    b->nparts = nparts;
    for (int i = 0; i < nparts; i++)
        b->parts[i] = (batch){.exe = b->exe,
                              .dialect = b->dialect,
                              .jobs = &b->jobs[i * size],
                              .n = i == nparts - 1 ? b->n - i * size : size,
                              .script_limit_ms = b->script_limit_ms,
                              .splits_left = b->splits_left};
    pthread_t t;
    int threaded = nparts == 2 && pthread_create(&t, NULL, run_part_thread, &b->parts[1]) == 0;
    for (int i = 0; i < nparts - threaded; i++)
        run_batch(a, &b->parts[i]);
    if (threaded)
        pthread_join(t, NULL);
}

/* Runs one batch (on any thread; scratch from `a`, which only this thread
 * uses): the process's JSON stays in b->root. A batch that timed out is
 * halved until the script that is slow runs alone (its timeout is then
 * its own result); one the program refused runs script by script. */
static void run_batch(pl_arena *a, batch *b)
{
    const char **texts = PL_NEW_N(a, const char *, b->n);
    size_t *lens = PL_NEW_N(a, size_t, b->n);
    for (int i = 0; i < b->n; i++) {
        texts[i] = pl_sb_str(&b->jobs[i]->sc.sb);
        lens[i] = b->jobs[i]->sc.sb.len;
    }
    b->timeout_ms = b->script_limit_ms + (long)SC_TIMEOUT_PER_SCRIPT_MS * (b->n - 1);
    const char *args[] = {"--format=json1", pl_arena_printf(a, "--shell=%s", b->dialect),
                          "--exclude=" SC_EXCLUDED, NULL};
    pl_strbuf out;
    pl_sb_init(&out, a);
    sc_outcome o = pl_sc_run(a, b->exe, args, texts, lens, b->n, b->timeout_ms, SC_MAX_OUTPUT, &out);
    b->st = o.status;
    /* without a live CPU reading, a child that was on the CPU nearly all
     * of the limit counts as slow as well */
    b->over_cpu = o.status == SC_TIMED_OUT && (o.over_cpu || o.cpu_ms >= b->timeout_ms * 9 / 10);
    b->root = b->st == SC_RAN && out.len ? cJSON_ParseWithLength(pl_sb_str(&out), out.len) : NULL;
    /* json1 always prints an object; anything else (SHELLCHECK_OPTS choosing
     * another format, a crash) is not a clean bill */
    if (b->st == SC_RAN && !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(b->root, "comments")))
        b->st = SC_NOT_RUN;
    if (b->st == SC_RAN)
        sort_comments(b);
    if (b->n < 2)
        return;
    if (b->st == SC_TIMED_OUT && atomic_fetch_sub(b->splits_left, 1) > 0)
        run_parts(a, b, 2, b->n / 2);
    else if (b->st == SC_NOT_RUN) {
        cJSON_Delete(b->root);
        b->root = NULL;
        run_parts(a, b, b->n, 1);
    }
}

typedef struct {
    batch *batches;
    int nbatches;
    atomic_int next;
    atomic_int splits_left;
} batch_pool;

typedef struct {
    batch_pool *pool;
    pl_arena *arena;
} batch_worker;

static void *batch_worker_main(void *arg)
{
    batch_worker *w = arg;
    for (;;) {
        int i = atomic_fetch_add(&w->pool->next, 1);
        if (i >= w->pool->nbatches)
            return NULL;
        run_batch(w->arena, &w->pool->batches[i]);
    }
}

/* A script ShellCheck did not finish, under the limit `limit_ms`. */
static void note_timed_out(file_work *w, const job *j, long limit_ms)
{
    if (!w->timed_out++)
        pl_sb_init(&w->timed_out_lines, pl_check_arena(w->check));
    pl_sb_printf(&w->timed_out_lines, "%s%d", w->timed_out > 1 ? ", " : "",
                 pl_df_ins_span(j->ins).line);
    if (limit_ms > w->timeout_ms)
        w->timeout_ms = limit_ms;
}

/* A script's timeout as the cache keeps it: the limit it ran out of, so
 * that another limit checks it again (the program's identity is in the
 * key already). */
static const char *timeout_entry(pl_arena *a, long limit_ms)
{
    return pl_arena_printf(a, "[{\"timed-out\":true,\"limit_ms\":%ld}]", limit_ms);
}

/* Whether a cached array says ShellCheck timed out; *limit_ms the limit. */
static int is_timeout_entry(const cJSON *root, long *limit_ms)
{
    const cJSON *first = cJSON_IsArray(root) ? root->child : NULL;
    const cJSON *lim = cJSON_GetObjectItemCaseSensitive(first, "limit_ms");
    if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(first, "timed-out")) || !cJSON_IsNumber(lim))
        return 0;
    *limit_ms = (long)lim->valuedouble;
    return 1;
}

/* Reports one comment array from the cache. */
static void report_cached(job *j)
{
    if (j->cached_timeout) {
        note_timed_out(j->owner, j, j->owner->limit_ms);
        return;
    }
    const cJSON *it;
    cJSON_ArrayForEach(it, j->cached)
        report_one(j, it);
    cJSON_Delete(j->cached);
    j->cached = NULL;
    j->owner->scripts++;
}

/* On the calling thread: one script's findings onto its file (the scripts
 * of a file in order, whatever batch ran them and whatever order ShellCheck
 * printed them in) and the counts; what ShellCheck said is kept in the
 * cache, and so is a timeout of the script alone for the CPU it used. */
static void report_job(job *j)
{
    file_work *w = j->owner;
    if (j->cached || j->cached_timeout) {
        report_cached(j);
        return;
    }
    const job *ran = j->same_as ? j->same_as : j;
    batch *b = ran->batch;
    int k = ran->slot;
    if (!b)
        return;
    while (b->nparts) {
        int i = 0;
        while (i < b->nparts - 1 && k >= b->parts[i].n)
            k -= b->parts[i++].n;
        b = &b->parts[i];
    }
    if (b->st == SC_NOT_RUN) {
        w->not_run++;
        return;
    }
    if (b->st == SC_TIMED_OUT) {
        note_timed_out(w, j, b->timeout_ms);
        if (b->n == 1 && b->over_cpu && w->cache && j->key[0] && !j->same_as) {
            const char *e = timeout_entry(pl_check_arena(w->check), b->timeout_ms);
            pl_sc_cache_put(w->cache, j->key, e, strlen(e));
        }
        return;
    }
    w->scripts++;
    const cJSON *mine = b->by_script[k], *it;
    cJSON_ArrayForEach(it, mine)
        report_one(j, it);
    if (w->cache && j->key[0] && !j->same_as) {
        char *text = cJSON_PrintUnformatted(mine);
        if (text)
            pl_sc_cache_put(w->cache, j->key, text, strlen(text));
        cJSON_free(text);
    }
}

static void free_batch(batch *b)
{
    for (int i = 0; i < b->nparts; i++)
        free_batch(&b->parts[i]);
    free(b->parts);
    b->parts = NULL;
    b->nparts = 0;
    for (int i = 0; b->by_script && i < b->n; i++)
        cJSON_Delete(b->by_script[i]);
    free(b->by_script);
    b->by_script = NULL;
    cJSON_Delete(b->root);
    b->root = NULL;
}

/* How many processes for `ng` scripts, `procs` at a time: at most
 * SC_BATCH_MAX scripts each (and what the descriptor limit allows: each
 * script is an open descriptor while its batch runs), a multiple of
 * `procs` so that no process is left alone with the last batch while the
 * others wait, but no fewer than SC_BATCH_MIN scripts each. */
static int batch_count(int ng, int procs)
{
    long most = SC_BATCH_MAX;
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
        long room = ((long)rl.rlim_cur - 64) / procs / 2;
        if (room < most)
            most = room > 1 ? room : 1;
    }
    int nb = (int)((ng + most - 1) / most);
    int even = (nb + procs - 1) / procs * procs;
    int fewest = ng / SC_BATCH_MIN > nb ? ng / SC_BATCH_MIN : nb;
    return even < fewest ? even : fewest;
}

/* Longer scripts first; of equal length, in the order of the run (slot
 * holds that order until the scripts are dealt), so that batches do not
 * depend on qsort. */
static int longer_first(const void *x, const void *y)
{
    const job *p = *(job *const *)x, *q = *(job *const *)y;
    if (p->sc.sb.len != q->sc.sb.len)
        return p->sc.sb.len < q->sc.sb.len ? 1 : -1;
    return (p->slot > q->slot) - (p->slot < q->slot);
}

/* Deals the ng scripts of `group` into `nb` batches of about the same
 * number of bytes (the longest first, each to the lightest batch with
 * room), since ShellCheck's time goes with the size of a script. */
static void deal_batches(pl_arena *a, job **group, int ng, int nb, batch *out)
{
    qsort(group, (size_t)ng, sizeof *group, longer_first);
    int cap = (ng + nb - 1) / nb;
    size_t *bytes = PL_NEW_N(a, size_t, nb);
    for (int i = 0; i < nb; i++)
        out[i].jobs = PL_NEW_N(a, job *, cap);
    for (int k = 0; k < ng; k++) {
        int best = -1;
        for (int i = 0; i < nb; i++)
            if (out[i].n < cap && (best < 0 || bytes[i] < bytes[best]))
                best = i;
        group[k]->batch = &out[best];
        group[k]->slot = out[best].n;
        out[best].jobs[out[best].n++] = group[k];
        bytes[best] += group[k]->sc.sb.len;
    }
}

static void pass_or_skip(file_work *w)
{
    pl_check *c = w->check;
    pl_arena *a = pl_check_arena(c);
    /* scripts ShellCheck did not finish are not checked: said in the
     * verdict and, once, at the end of the report */
    const char *timed_out = NULL;
    if (w->timed_out) {
        timed_out = pl_arena_printf(a,
                                    "%d RUN script%s not checked: ShellCheck did not finish "
                                    "within %ld s (line%s %s)",
                                    w->timed_out, w->timed_out == 1 ? "" : "s",
                                    (w->timeout_ms + 999) / 1000, w->timed_out == 1 ? "" : "s",
                                    pl_sb_str(&w->timed_out_lines));
        pl_check_note(c, "%s: %s", w->f->path, timed_out);
    }
    if (!w->scripts) {
        if (timed_out)
            pl_skip(c, "%s", timed_out);
        else
            pl_skip(c, "shellcheck could not be run");
        return;
    }
    pl_pass(c, (pl_span){0}, "%d RUN script%s checked with ShellCheck%s%s", w->scripts,
            w->scripts == 1 ? "" : "s", timed_out ? pl_arena_printf(a, "; %s", timed_out) : "",
            w->not_run ? pl_arena_printf(a, "; %d could not be run", w->not_run) : "");
}

/* The deferred run: every queued script of the run, batched by program and
 * dialect, up to `jobs` processes at a time. */
/* 0 when p and q are the same script for the same program and limit. */
static int script_cmp(const job *p, const job *q)
{
    int d = strcmp(p->owner->exe, q->owner->exe);
    if (!d)
        d = strcmp(p->dialect, q->dialect);
    if (!d)
        d = (p->owner->limit_ms > q->owner->limit_ms) - (p->owner->limit_ms < q->owner->limit_ms);
    if (!d)
        d = (p->sc.sb.len > q->sc.sb.len) - (p->sc.sb.len < q->sc.sb.len);
    if (!d && p->sc.sb.len)
        d = memcmp(p->sc.sb.data, q->sc.sb.data, p->sc.sb.len);
    return d;
}

/* The same scripts next to each other, each set in the order of the run
 * (held in slot). */
static int same_script_order(const void *x, const void *y)
{
    const job *p = *(job *const *)x, *q = *(job *const *)y;
    int d = script_cmp(p, q);
    return d ? d : (p->slot > q->slot) - (p->slot < q->slot);
}

/* Keeps the first of each set of identical scripts in queue[0..nq) (the
 * others point to it: ShellCheck's answer is the same, and the mapping
 * back to the Dockerfile is each one's own); returns how many are left.
 * Real repositories repeat scripts a lot (generated variants of one
 * Dockerfile, copies of an example): a third of them are left. */
static int drop_repeats(pl_arena *a, job **queue, int nq)
{
    if (nq < 2)
        return nq;
    job **sorted = PL_NEW_N(a, job *, nq);
    memcpy(sorted, queue, sizeof *sorted * (size_t)nq);
    qsort(sorted, (size_t)nq, sizeof *sorted, same_script_order);
    for (int i = 1; i < nq; i++)
        if (!script_cmp(sorted[i], sorted[i - 1]))
            sorted[i]->same_as = sorted[i - 1]->same_as ? sorted[i - 1]->same_as : sorted[i - 1];
    int k = 0;
    for (int i = 0; i < nq; i++)
        if (!queue[i]->same_as)
            queue[k++] = queue[i];
    return k;
}

static void run_all_scripts(pl_check *const *checks, void *const *payloads, int n, int jobs)
{
    pl_arena *a = pl_arena_new();
    int total = 0;
    for (int i = 0; i < n; i++) {
        file_work *w = payloads[i];
        w->check = checks[i];
        total += w->njobs;
    }
    if (jobs < 1)
        jobs = 1;
    batch_pool pool = {PL_NEW_N(a, batch, total > 0 ? total : 1), 0, 0, SC_SPLIT_BUDGET};
    job **queue = PL_NEW_N(a, job *, total > 0 ? total : 1);
    char *taken = PL_NEW_N(a, char, total > 0 ? total : 1);
    int nq = 0;
    for (int i = 0; i < n; i++) {
        file_work *w = payloads[i];
        for (int k = 0; k < w->njobs; k++)
            if (!w->jobs[k].cached && !w->jobs[k].cached_timeout) {
                w->jobs[k].slot = nq;
                w->jobs[k].same_as = NULL;
                queue[nq++] = &w->jobs[k];
            }
    }
    nq = drop_repeats(a, queue, nq);
    /* one group per program and dialect, in the order they first appear */
    job **group = PL_NEW_N(a, job *, total > 0 ? total : 1);
    for (int i = 0; i < nq; i++) {
        if (taken[i])
            continue;
        const char *exe = queue[i]->owner->exe, *dialect = queue[i]->dialect;
        long limit = queue[i]->owner->limit_ms;
        int ng = 0;
        for (int k = i; k < nq; k++)
            if (!taken[k] && !strcmp(queue[k]->dialect, dialect) &&
                !strcmp(queue[k]->owner->exe, exe) && queue[k]->owner->limit_ms == limit) {
                group[ng++] = queue[k];
                taken[k] = 1;
            }
        int nb = batch_count(ng, jobs);
        batch *bs = &pool.batches[pool.nbatches];
        pool.nbatches += nb;
        for (int k = 0; k < nb; k++)
            bs[k] = (batch){.exe = exe, .dialect = dialect, .script_limit_ms = limit,
                            .splits_left = &pool.splits_left};
        deal_batches(a, group, ng, nb, bs);
    }
    int nthreads = jobs < pool.nbatches ? jobs : pool.nbatches;
    batch_worker *workers = PL_NEW_N(a, batch_worker, nthreads > 0 ? nthreads : 1);
    pthread_t *threads = PL_NEW_N(a, pthread_t, nthreads > 0 ? nthreads : 1);
    int started = 0;
    for (int i = 0; i < nthreads; i++) {
        workers[i].pool = &pool;
        workers[i].arena = pl_arena_new();
    }
    for (int i = 1; i < nthreads; i++) {
        if (pthread_create(&threads[i], NULL, batch_worker_main, &workers[i]) != 0)
            break;
        started = i;
    }
    if (nthreads > 0)
        batch_worker_main(&workers[0]); /* also covers a failed pthread_create */
    for (int i = 1; i <= started; i++)
        pthread_join(threads[i], NULL);
    for (int i = 0; i < n; i++) {
        file_work *w = payloads[i];
        for (int k = 0; k < w->njobs; k++)
            report_job(&w->jobs[k]);
    }
    for (int i = 0; i < pool.nbatches; i++)
        free_batch(&pool.batches[i]);
    for (int i = 0; i < nthreads; i++)
        pl_arena_free(workers[i].arena);
    for (int i = 0; i < n; i++)
        pass_or_skip(payloads[i]);
    /* the files share one cache directory: trimmed once, if any wrote */
    pl_sc_cache *any = NULL;
    int wrote = 0;
    for (int i = 0; i < n; i++) {
        pl_sc_cache *cache = ((file_work *)payloads[i])->cache;
        any = any ? any : cache;
        wrote += pl_sc_cache_writes(cache);
    }
    if (wrote)
        pl_sc_cache_trim(any, PL_SC_CACHE_MAX_BYTES);
    pl_arena_free(a);
}

static job *new_job(file_work *r, pl_arena *a, const pl_df_instr *ins, const pl_var *scope,
                    const char *dialect)
{
    if (r->njobs == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 8;
        job *nj = PL_NEW_N(a, job, r->cap);
        if (r->njobs)
            memcpy(nj, r->jobs, sizeof *nj * (size_t)r->njobs);
        r->jobs = nj;
    }
    job *j = &r->jobs[r->njobs++];
    memset(j, 0, sizeof *j);
    j->ins = ins;
    j->owner = r;
    j->dialect = dialect;
    j->sc.a = a;
    pl_sb_init(&j->sc.sb, a);
    add_prelude(&j->sc, scope);
    return j;
}

/* Where `text` (a shell-form argument) sits in ins->original; -1 unknown. */
static long text_pos(const pl_df_instr *ins, const char *text)
{
    size_t tl = strlen(text);
    if (!ins->original || !tl || ins->rest_offset > ins->original_len)
        return -1;
    const char *p = memmem(ins->original + ins->rest_offset, ins->original_len - ins->rest_offset,
                           text, tl);
    return p ? (long)(p - ins->original) : -1;
}

/* `RUN <<EOF [interpreter]`: the heredoc bodies are the scripts. */
static int heredoc_is_script(const pl_df_instr *ins, const char **interpreter, pl_arena *a)
{
    const char *t = ins->nargs ? ins->args[0].text : "";
    while (*t == ' ' || *t == '\t')
        t++;
    while (*t >= '0' && *t <= '9')
        t++;
    if (!ins->nheredocs || t[0] != '<' || t[1] != '<')
        return 0;
    while (*t && *t != ' ' && *t != '\t')
        t++;
    while (*t == ' ' || *t == '\t')
        t++;
    size_t n = strcspn(t, " \t");
    /* `RUN <<A <<B`: a second marker, not an interpreter */
    *interpreter = n && !(t[0] == '<' && t[1] == '<') ? pl_arena_strndup(a, t, n) : NULL;
    return 1;
}

/* The scripts of one RUN, as jobs. */
static void add_run(file_work *r, pl_arena *a, const pl_df_model *m, const pl_df_instr *ins,
                    const char *dialect)
{
    const pl_var *scope = m->scope_before[ins->index];
    const char *interp = NULL;
    if (heredoc_is_script(ins, &interp, a)) {
        for (int h = 0; h < ins->nheredocs; h++) {
            const pl_df_heredoc *hd = &ins->heredocs[h];
            const char *body = hd->content ? hd->content : "";
            const char *d = dialect;
            const char *she = shebang_program(a, body);
            if (she)
                d = dialect_of(she);
            else if (interp)
                d = dialect_of(interp);
            if (!d)
                continue;
            if (she) {
                /* keep the line, drop the shebang: --shell decides */
                size_t n = strcspn(body, "\n");
                body = pl_arena_printf(a, "%*s%s", (int)n, "", body + n);
            }
            job *j = new_job(r, a, ins, scope, d);
            add_piece(&j->sc, (piece){.kind = PIECE_BODY, .h = hd}, body);
        }
        return;
    }
    const char *cmd = ins->nargs ? ins->args[0].text : "";
    if (!*cmd)
        return;
    job *j = new_job(r, a, ins, scope, dialect);
    add_piece(&j->sc, (piece){.kind = PIECE_TEXT, .text_pos = text_pos(ins, cmd)}, cmd);
    for (int h = 0; h < ins->nheredocs; h++) {
        const pl_df_heredoc *hd = &ins->heredocs[h];
        if (hd->content && *hd->content)
            add_piece(&j->sc, (piece){.kind = PIECE_BODY, .h = hd}, hd->content);
        add_piece(&j->sc, (piece){.kind = PIECE_LINE, .file_line = hd->body_span.end_line},
                  hd->name ? hd->name : "");
    }
}

/* Looks every script up in the cache; returns how many ShellCheck must
 * still run. A file whose scripts all hit is reported at once, with no
 * deferred work; otherwise the hits wait for the deferred run, so that a
 * file's findings keep the order of its scripts. */
static int from_cache(pl_check *c, file_work *r)
{
    const pl_workspace *ws = pl_check_workspace(c);
    if (!ws || !ws->opts || ws->opts->no_cache)
        return r->njobs;
    pl_arena *a = pl_check_arena(c);
    r->cache = pl_sc_cache_open(a, r->exe, SC_OPTIONS);
    if (!r->cache)
        return r->njobs;
    int misses = 0;
    for (int i = 0; i < r->njobs; i++) {
        job *j = &r->jobs[i];
        pl_sc_cache_key(r->cache, j->dialect, pl_sb_str(&j->sc.sb), j->sc.sb.len, j->key);
        size_t len;
        const char *text = pl_sc_cache_get(r->cache, a, j->key, &len);
        cJSON *root = text ? cJSON_ParseWithLength(text, len) : NULL;
        long limit = 0;
        if (!cJSON_IsArray(root)) {
            /* a miss, or damaged: ShellCheck runs it (again) */
        } else if (is_timeout_entry(root, &limit)) {
            /* kept only under the same limit; another one tries again */
            j->cached_timeout = limit == r->limit_ms;
        } else {
            j->cached = root;
            root = NULL;
        }
        cJSON_Delete(root);
        misses += !j->cached && !j->cached_timeout;
    }
    if (!misses) {
        r->check = c;
        for (int i = 0; i < r->njobs; i++)
            report_cached(&r->jobs[i]);
    }
    return misses;
}

void pl_check_shellcheck(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pl_arena *a = pl_check_arena(c);
    file_work *r = PL_NEW(a, file_work);
    r->f = f;
    long long secs = pl_config_option_int(
        pl_config_rule_option(pl_check_config(c), pl_check_rule(c), "timeout"), SC_TIMEOUT_MS / 1000);
    r->limit_ms = (long)(secs < 1 ? 1 : secs > SC_TIMEOUT_MAX_S ? SC_TIMEOUT_MAX_S : secs) * 1000;
    r->exe = shellcheck_exe(c);
    if (!r->exe) {
        pl_skip(c, "shellcheck is not installed");
        return;
    }
    const char *pragma = pragma_shell(a, m->df);
    const char *initial = pragma ? pragma : "/bin/sh";
    /* the shell in force at the end of each stage, for stages built FROM it */
    const char **end_shell = PL_NEW_N(a, const char *, m->nstages > 0 ? m->nstages : 1);
    int skipped = 0;
    for (int si = 0; si < m->nstages; si++) {
        const pl_stage *s = m->stages[si];
        const char *shell = s->parent && s->parent->index < si ? end_shell[s->parent->index] : initial;
        /* a Windows stage's default shell is cmd, which ShellCheck cannot read */
        if (!s->parent && !pragma && pl_stage_windows(a, s) != PL_WINDOWS_NO)
            shell = "cmd";
        for (int i = 0; i < s->ninstrs; i++) {
            const pl_df_instr *ins = s->instrs[i];
            if (ins->kind == PL_DF_SHELL) {
                shell = shell_instr_program(ins);
                continue;
            }
            if (ins->kind != PL_DF_RUN || ins->json)
                continue;
            const char *d = dialect_of(shell);
            if (!d) {
                skipped++;
                continue;
            }
            add_run(r, a, m, ins, d);
        }
        end_shell[si] = shell;
    }
    if (!r->njobs) {
        pl_skip(c, skipped ? "the RUN scripts use a shell ShellCheck does not read"
                           : "no shell-form RUN to check");
        return;
    }
    if (from_cache(c, r) == 0) {
        pass_or_skip(r);
        return;
    }
    pl_check_defer(c, run_all_scripts, r);
}
