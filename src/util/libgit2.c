/* libgit2.c — loading libgit2 on first use (see plimsoll/libgit2.h). */
#define PL_LIBGIT2_IMPLEMENTATION
#include "plimsoll/libgit2.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static pl_libgit2_api api;
static int loaded;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
    /* the library the headers describe: another soname may differ in ABI */
    void *h = dlopen("libgit2.so." LIBGIT2_SOVERSION, RTLD_NOW | RTLD_LOCAL);
    if (!h)
        return;
    pl_libgit2_api t;
    int missing = 0;
#define PL_LIBGIT2_LOAD(f)                                                                         \
    if (!(*(void **)&t.f = dlsym(h, #f)))                                                          \
        missing = 1;
    PL_LIBGIT2_FUNCTIONS(PL_LIBGIT2_LOAD)
#undef PL_LIBGIT2_LOAD
    __typeof__(git_libgit2_init) *init = NULL;
    *(void **)&init = dlsym(h, "git_libgit2_init");
    if (missing || !init || init() < 0) {
        dlclose(h);
        return;
    }
    api = t;
    loaded = 1;
}

int pl_libgit2_available(void)
{
    pthread_once(&once, load);
    return loaded;
}

const pl_libgit2_api *pl_libgit2(void)
{
    pthread_once(&once, load);
    return &api;
}
