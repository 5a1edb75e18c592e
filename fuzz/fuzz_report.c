/* fuzz_report.c — every renderer over a report made from arbitrary bytes.
 *
 * The input is both a checked file's contents and the recipe for findings
 * and checklist lines on it: spans (including lines and columns past the end
 * of the file), severities, statuses, and messages, paths and evidence cut
 * from the input itself, so control characters and invalid UTF-8 reach every
 * format. The JSON-based formats must still parse.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "plimsoll/report.h"

static const char *const fuzz_aliases[] = {"DL3000", NULL};
static const pl_rule fuzz_rules[] = {
    {.id = "PL1001", .name = "one", .title = "One holds", .category = "security",
     .severity = PL_SEV_ERROR, .checklist = 1, .aliases = fuzz_aliases, .fix = "fix one"},
    {.id = "PL1002", .name = "two", .title = "Two holds", .category = "efficiency",
     .severity = PL_SEV_STYLE, .checklist = 0},
    {.id = "PL2001", .name = "three", .title = "Three <holds>", .category = "nonsense",
     .severity = PL_SEV_INFO, .checklist = 1, .description = "d", .fix = ""},
};
#define NRULES 3

typedef struct {
    const uint8_t *p;
    size_t n, at;
} cursor;

static unsigned take(cursor *c)
{
    return c->at < c->n ? c->p[c->at++] : 0;
}

/* A NUL-terminated copy of the next (length byte) bytes. */
static const char *take_text(pl_arena *a, cursor *c)
{
    size_t len = take(c) % 48;
    if (len > c->n - c->at)
        len = c->n - c->at;
    const char *s = pl_arena_strndup(a, (const char *)c->p + c->at, len);
    c->at += len;
    return s;
}

/* Whether the output is valid UTF-8 with no control characters but tab and
 * newline: what JSON and XML consumers need. */
static int clean_utf8(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned char b = p[i];
        if (b < 0x80) {
            if (b < 0x20 && b != '\n' && b != '\t')
                return 0;
            i++;
            continue;
        }
        size_t len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 0;
        if (!len || b > 0xF4 || i + len > n)
            return 0;
        unsigned cp = b & (0x7F >> len);
        for (size_t k = 1; k < len; k++) {
            if ((p[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        static const unsigned min[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += len;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pl_arena *a = pl_arena_new();
    cursor c = {data, size, 0};
    pl_file files[2];
    pl_file *ptrs[2] = {&files[0], &files[1]};
    memset(files, 0, sizeof files);
    pl_workspace ws;
    memset(&ws, 0, sizeof ws);
    ws.arena = a;
    ws.files = ptrs;
    ws.nfiles = 2;

    files[0].path = "Dockerfile";
    files[0].data = pl_arena_strndup(a, (const char *)data, size);
    files[0].len = size;
    files[0].report = 1;
    files[1].path = take_text(a, &c);
    files[1].kind = PL_KIND_COMPOSE;
    files[1].report = take(&c) & 1;

    int nrecords = (int)(take(&c) % 24);
    for (int i = 0; i < nrecords && c.at < c.n; i++) {
        unsigned op = take(&c);
        pl_file *host = &files[op & 1];
        const pl_rule *rule = &fuzz_rules[(op >> 1) % NRULES];
        if (op & 0x80) {
            pl_result *res = PL_NEW(a, pl_result);
            res->rule = rule;
            res->status = (pl_status)(take(&c) % 3);
            res->evidence = (op & 0x40) ? NULL : take_text(a, &c);
            pl_vec_push(a, &host->results, res);
        } else {
            pl_finding *f = PL_NEW(a, pl_finding);
            f->rule = rule;
            f->severity = (pl_severity)(take(&c) % 5);
            f->file = (op & 0x40) ? take_text(a, &c) : host->path;
            int line = (int)take(&c) - 2, col = (int)take(&c) - 2;
            f->span = pl_span_make(line, col, line + (int)(take(&c) % 3) - 1, (int)take(&c) - 2);
            f->message = take_text(a, &c);
            f->fix = (op & 0x20) ? take_text(a, &c) : NULL;
            f->suppressed_by = (op & 0x10) ? "fuzz" : NULL;
            pl_vec_push(a, &host->findings, f);
        }
    }
    if (c.at < c.n)
        pl_vec_push(a, &ws.notes, (void *)take_text(a, &c));

    pl_report r;
    pl_report_build(a, &ws, &r);
    r.color = (int)(size & 1);
    r.quiet = (int)((size >> 1) & 1);
    if (size & 4) {
        r.repo_name = files[1].path;
        r.commit = "abc";
    }
    static const char *const formats[] = {"text",  "json",   "checklist", "sarif",
                                          "junit", "github", "gitlab",    "checkstyle"};
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&buf, &len);
        if (!mem)
            abort();
        if (pl_report_render(&r, formats[i], mem) != 0)
            abort();
        fclose(mem);
        if (strcmp(formats[i], "json") == 0 || strcmp(formats[i], "sarif") == 0 ||
            strcmp(formats[i], "gitlab") == 0) {
            cJSON *root = cJSON_ParseWithLength(buf, len);
            if (!root)
                abort();
            cJSON_Delete(root);
        }
        int strict = strcmp(formats[i], "json") == 0 || strcmp(formats[i], "sarif") == 0 ||
                     strcmp(formats[i], "gitlab") == 0 || strcmp(formats[i], "junit") == 0 ||
                     strcmp(formats[i], "checkstyle") == 0;
        if (strict && !clean_utf8(buf, len))
            abort();
        free(buf);
    }
    pl_arena_free(a);
    return 0;
}
