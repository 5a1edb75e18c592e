/* spool.c — a run's checklist lines on disk until the report prints them.
 *
 * Owns: the spool (a temporary file the checked files' checklist lines are
 * appended to as each file finishes, from any thread) and the pager that
 * reads them back one file's section at a time while a renderer walks the
 * checklist. A run of thousands of files makes hundreds of thousands of
 * checklist lines: kept in memory until the end, they made a run's peak
 * grow with the number of files; on disk, the memory holds one section.
 *
 * A record is a line's rule (a pointer: the rules outlive the run and the
 * file is this process's own), its status and its evidence's bytes.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plimsoll/report.h"

/* Records stay in memory up to this many bytes and go to the temporary
 * file only past it: a run of a few files (a pre-commit hook) makes no
 * file at all. */
#define SPILL_BYTES ((size_t)1 << 20)

struct pl_check_spool {
    pthread_mutex_t lock;
    FILE *fp;        /* NULL while the records fit in `mem` */
    char *mem;
    size_t mem_used, mem_cap;
    size_t cursor;   /* reading `mem` */
    long long end;   /* bytes written */
    int failed;      /* a write failed: what is read back is not trusted */
    int reading;     /* flushed for reading */
};

#define NO_EVIDENCE UINT32_MAX

pl_check_spool *pl_check_spool_new(void)
{
    pl_check_spool *sp = calloc(1, sizeof *sp);
    if (!sp)
        return NULL;
    pthread_mutex_init(&sp->lock, NULL);
    return sp;
}

void pl_check_spool_free(pl_check_spool *sp)
{
    if (!sp)
        return;
    if (sp->fp)
        fclose(sp->fp);
    free(sp->mem);
    pthread_mutex_destroy(&sp->lock);
    free(sp);
}

/* Appends n bytes, in memory while they fit, else to the file (made on
 * first need, with what memory held). 0, or -1. */
static int append(pl_check_spool *sp, const char *buf, size_t n)
{
    if (!n)
        return 0;
    if (!sp->fp && sp->mem_used + n <= SPILL_BYTES) {
        if (sp->mem_used + n > sp->mem_cap) {
            size_t want = (sp->mem_used + n) * 2;
            want = want > SPILL_BYTES ? SPILL_BYTES : want;
            char *grown = realloc(sp->mem, want);
            if (!grown)
                return -1;
            sp->mem = grown;
            sp->mem_cap = want;
        }
        memcpy(sp->mem + sp->mem_used, buf, n);
        sp->mem_used += n;
        return 0;
    }
    if (!sp->fp) {
        sp->fp = tmpfile();
        if (!sp->fp)
            return -1;
        /* not a file the programs rules start (ShellCheck) should inherit */
        int fd = fileno(sp->fp);
        if (fd >= 0)
            fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) | FD_CLOEXEC);
        if (sp->mem_used && fwrite(sp->mem, 1, sp->mem_used, sp->fp) != sp->mem_used)
            return -1;
        free(sp->mem);
        sp->mem = NULL;
        sp->mem_used = sp->mem_cap = 0;
    }
    return fwrite(buf, 1, n, sp->fp) != n ? -1 : 0;
}

/* Reading at a position, from memory or the file. 0, or -1. */
static int seek_to(pl_check_spool *sp, long long at)
{
    if (!sp->fp) {
        if (at < 0 || (size_t)at > sp->mem_used)
            return -1;
        sp->cursor = (size_t)at;
        return 0;
    }
    return fseeko(sp->fp, (off_t)at, SEEK_SET);
}

static int take(pl_check_spool *sp, void *dst, size_t n)
{
    if (!sp->fp) {
        if (n > sp->mem_used - sp->cursor)
            return -1;
        memcpy(dst, sp->mem + sp->cursor, n);
        sp->cursor += n;
        return 0;
    }
    return fread(dst, 1, n, sp->fp) == n ? 0 : -1;
}

/* One line's record appended to buf at *used (grown as needed). */
static int encode(char **buf, size_t *used, size_t *cap, const pl_result *res)
{
    unsigned char status = (unsigned char)res->status;
    uint32_t len = res->evidence ? (uint32_t)strlen(res->evidence) : NO_EVIDENCE;
    size_t need = sizeof res->rule + 1 + sizeof len + (res->evidence ? len : 0);
    if (*used + need > *cap) {
        size_t want = (*used + need) * 2;
        char *grown = realloc(*buf, want);
        if (!grown)
            return -1;
        *buf = grown;
        *cap = want;
    }
    char *p = *buf + *used;
    memcpy(p, &res->rule, sizeof res->rule);
    p += sizeof res->rule;
    *p++ = (char)status;
    memcpy(p, &len, sizeof len);
    p += sizeof len;
    if (res->evidence)
        memcpy(p, res->evidence, len);
    *used += need;
    return 0;
}

long long pl_check_spool_put(pl_check_spool *sp, const pl_result *const *lines, size_t n)
{
    /* encoded before taking the lock: the threads only queue to write */
    char *buf = NULL;
    size_t used = 0, cap = 0;
    int failed = 0;
    for (size_t i = 0; i < n && !failed; i++)
        failed = encode(&buf, &used, &cap, lines[i]) != 0;
    pthread_mutex_lock(&sp->lock);
    if (sp->reading) {
        /* back to the end after a read (C11 7.21.5.3: a positioning call
         * between input and output) */
        if (sp->fp)
            fseeko(sp->fp, 0, SEEK_END);
        sp->reading = 0;
    }
    long long at = sp->end;
    if (failed || append(sp, buf, used) != 0)
        sp->failed = 1;
    sp->end += (long long)used;
    pthread_mutex_unlock(&sp->lock);
    free(buf);
    return at;
}

int pl_check_spool_ok(const pl_check_spool *sp) { return sp && !sp->failed; }

/* Reads n records at `at` into out[], their evidence into `text` (grown as
 * needed). Returns 0, or -1 when the file does not read back. */
static int read_records(pl_check_spool *sp, long long at, int n, pl_result *out, char **text,
                        size_t *cap)
{
    if (!sp->reading) {
        if (sp->fp && fflush(sp->fp) != 0)
            return -1;
        sp->reading = 1;
    }
    if (seek_to(sp, at) != 0)
        return -1;
    size_t used = 0;
    size_t *offsets = n ? malloc(sizeof *offsets * (size_t)n) : NULL;
    if (n && !offsets)
        return -1;
    for (int i = 0; i < n; i++) {
        unsigned char status;
        uint32_t len;
        if (take(sp, &out[i].rule, sizeof out[i].rule) != 0 || take(sp, &status, 1) != 0 ||
            take(sp, &len, sizeof len) != 0) {
            free(offsets);
            return -1;
        }
        out[i].status = (pl_status)status;
        offsets[i] = SIZE_MAX;
        if (len == NO_EVIDENCE)
            continue;
        if (used + len + 1 > *cap) {
            size_t want = (used + len + 1) * 2;
            char *grown = realloc(*text, want);
            if (!grown) {
                free(offsets);
                return -1;
            }
            *text = grown;
            *cap = want;
        }
        if (len && take(sp, *text + used, len) != 0) {
            free(offsets);
            return -1;
        }
        (*text)[used + len] = '\0';
        offsets[i] = used;
        used += len + 1;
    }
    /* pointers only once the text stopped moving */
    for (int i = 0; i < n; i++)
        out[i].evidence = offsets[i] == SIZE_MAX ? NULL : *text + offsets[i];
    free(offsets);
    return 0;
}

int pl_check_spool_read(pl_check_spool *sp, long long at, int n, pl_arena *a, pl_result *out)
{
    char *text = NULL;
    size_t cap = 0;
    pthread_mutex_lock(&sp->lock);
    int rc = read_records(sp, at, n, out, &text, &cap);
    pthread_mutex_unlock(&sp->lock);
    for (int i = 0; rc == 0 && i < n; i++)
        if (out[i].evidence)
            out[i].evidence = pl_arena_strdup(a, out[i].evidence);
    free(text);
    return rc;
}

struct pl_check_pager {
    pl_check_spool *spool;
    int section;          /* the section whose lines are loaded; -1: none */
    pl_result *lines;
    int cap_lines;
    char *text;
    size_t cap_text;
};

pl_check_pager *pl_check_pager_new(pl_check_spool *sp)
{
    pl_check_pager *pg = calloc(1, sizeof *pg);
    if (!pg)
        return NULL;
    pg->spool = sp;
    pg->section = -1;
    return pg;
}

void pl_check_pager_free(pl_check_pager *pg)
{
    if (!pg)
        return;
    free(pg->lines);
    free(pg->text);
    free(pg);
}

/* The section of the report's file sections holding checklist line k. */
static int section_of(const pl_report *r, int k)
{
    int lo = 0, hi = r->nfiles;
    while (hi - lo > 1) {
        int mid = lo + (hi - lo) / 2;
        if (r->sections[mid].first_check <= k)
            lo = mid;
        else
            hi = mid;
    }
    /* sections without lines share their first_check with the next one */
    while (lo + 1 < r->nfiles && r->sections[lo].first_check + r->sections[lo].nchecks <= k)
        lo++;
    return lo;
}

const pl_result *pl_report_check(const pl_report *r, int k)
{
    if (r->checklist)
        return r->checklist[k];
    pl_check_pager *pg = r->pager;
    int si = pg->section;
    if (si < 0 || k < r->sections[si].first_check ||
        k >= r->sections[si].first_check + r->sections[si].nchecks) {
        si = section_of(r, k);
        const pl_report_section *s = &r->sections[si];
        if (s->nchecks > pg->cap_lines) {
            pl_result *grown = realloc(pg->lines, sizeof *grown * (size_t)s->nchecks);
            if (!grown) {
                fputs("plimsoll: out of memory\n", stderr);
                abort();
            }
            pg->lines = grown;
            pg->cap_lines = s->nchecks;
        }
        if (read_records(pg->spool, s->check_at, s->nchecks, pg->lines, &pg->text,
                         &pg->cap_text) != 0) {
            /* written whole (pl_check_spool_ok), so only the disk failing
             * gets here: the report cannot be finished */
            fputs("plimsoll: cannot read back the checklist's temporary file\n", stderr);
            exit(2);
        }
        pg->section = si;
    }
    return &pg->lines[k - r->sections[si].first_check];
}
