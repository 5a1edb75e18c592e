/* testutil.h — shared helpers for the cmocka unit tests. */
#ifndef PLIMSOLL_TESTUTIL_H
#define PLIMSOLL_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

/* ../shared beside the repository, or $PLIMSOLL_SHARED. Tests that need it
 * call skip() (reported as SKIPPED by name) when it is missing. */
static inline const char *tu_shared_dir(void)
{
    const char *e = getenv("PLIMSOLL_SHARED");
    if (e && *e)
        return e;
    return "../shared";
}

static inline int tu_have_shared(void)
{
    struct stat st;
    return stat(tu_shared_dir(), &st) == 0 && S_ISDIR(st.st_mode);
}

/* Whole file into a malloc'd NUL-terminated buffer; NULL when unreadable. */
static inline char *tu_read_file(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t r;
    while ((r = fread(buf + n, 1, cap - n - 1, fp)) > 0) {
        n += r;
        if (cap - n - 1 == 0) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    fclose(fp);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

#endif
