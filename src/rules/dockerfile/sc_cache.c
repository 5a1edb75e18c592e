/* sc_cache.c — ShellCheck's results kept between runs (see sc_cache.h). */
#include "sc_cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- SHA-256 (FIPS 180-4) ------------------------------------------------------ */

typedef struct {
    uint32_t h[8];
    uint64_t bytes;
    unsigned char buf[64];
    size_t nbuf;
} sha256;

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha_block(sha256 *s, const unsigned char *p)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 |
               (uint32_t)p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3], e = s->h[4], f = s->h[5],
             g = s->h[6], h = s->h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = h + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
        uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    s->h[0] += a, s->h[1] += b, s->h[2] += c, s->h[3] += d;
    s->h[4] += e, s->h[5] += f, s->h[6] += g, s->h[7] += h;
}

static void sha_init(sha256 *s)
{
    static const uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(s->h, h0, sizeof h0);
    s->bytes = 0;
    s->nbuf = 0;
}

static void sha_update(sha256 *s, const void *data, size_t len)
{
    const unsigned char *p = data;
    s->bytes += len;
    while (len) {
        size_t n = 64 - s->nbuf < len ? 64 - s->nbuf : len;
        memcpy(s->buf + s->nbuf, p, n);
        s->nbuf += n;
        p += n;
        len -= n;
        if (s->nbuf == 64) {
            sha_block(s, s->buf);
            s->nbuf = 0;
        }
    }
}

static void sha_hex(sha256 *s, char out[65])
{
    uint64_t bits = s->bytes * 8;
    unsigned char pad = 0x80;
    sha_update(s, &pad, 1);
    pad = 0;
    while (s->nbuf != 56)
        sha_update(s, &pad, 1);
    unsigned char len[8];
    for (int i = 0; i < 8; i++)
        len[i] = (unsigned char)(bits >> (56 - 8 * i));
    sha_update(s, len, 8);
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 8; i++)
        for (int k = 0; k < 4; k++) {
            unsigned v = (s->h[i] >> (24 - 8 * k)) & 0xff;
            out[8 * i + 2 * k] = hex[v >> 4];
            out[8 * i + 2 * k + 1] = hex[v & 15];
        }
    out[64] = '\0';
}

void pl_sha256_hex(const void *data, size_t len, char out[65])
{
    sha256 s;
    sha_init(&s);
    sha_update(&s, data, len);
    sha_hex(&s, out);
}

/* ---- the cache ------------------------------------------------------------------ */

struct pl_sc_cache {
    const char *dir;   /* .../plimsoll/shellcheck */
    char stamp[65];    /* hash of the program's identity and the options */
    int wrote;         /* entries written by this run */
};

/* An entry read this long after it was written is marked as used (its
 * time is what trimming goes by), at most once a day per entry. */
#define TOUCH_AFTER_S (24 * 3600)

/* mkdir -p of an absolute or relative path (0700: the cache is the user's). */
static int make_dirs(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        int rc = mkdir(path, 0700);
        *p = '/';
        if (rc != 0 && errno != EEXIST)
            return -1;
    }
    return mkdir(path, 0700) == 0 || errno == EEXIST ? 0 : -1;
}

pl_sc_cache *pl_sc_cache_open(pl_arena *a, const char *exe, const char *options)
{
    const char *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    const char *dir;
    /* the XDG spec: a relative XDG_CACHE_HOME is to be ignored */
    if (xdg && xdg[0] == '/')
        dir = pl_arena_printf(a, "%s/plimsoll/shellcheck", xdg);
    else if (home && home[0] == '/')
        dir = pl_arena_printf(a, "%s/.cache/plimsoll/shellcheck", home);
    else
        return NULL;
    struct stat st;
    if (!exe || stat(exe, &st) != 0)
        return NULL;
    pl_sc_cache *c = PL_NEW(a, pl_sc_cache);
    c->dir = dir;
    const char *opts = getenv("SHELLCHECK_OPTS");
    const char *id = pl_arena_printf(a, "plimsoll-shellcheck-cache 1\n%s\n%lld\n%lld.%09ld\n%s\n%s\n",
                                     exe, (long long)st.st_size, (long long)st.st_mtim.tv_sec,
                                     (long)st.st_mtim.tv_nsec, options ? options : "",
                                     opts ? opts : "");
    pl_sha256_hex(id, strlen(id), c->stamp);
    return c;
}

void pl_sc_cache_key(const pl_sc_cache *c, const char *dialect, const char *script, size_t len,
                     char key[65])
{
    sha256 s;
    sha_init(&s);
    sha_update(&s, c->stamp, 64);
    sha_update(&s, dialect, strlen(dialect) + 1);
    sha_update(&s, script, len);
    sha_hex(&s, key);
}

static const char *entry_path(pl_arena *a, const pl_sc_cache *c, const char *key)
{
    return pl_arena_printf(a, "%s/%.2s/%s", c->dir, key, key + 2);
}

const char *pl_sc_cache_get(const pl_sc_cache *c, pl_arena *a, const char *key, size_t *len)
{
    *len = 0;
    int fd = open(entry_path(a, c, key), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return NULL;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > PL_SC_CACHE_MAX_ENTRY) {
        close(fd);
        return NULL;
    }
    /* trimming removes the least recently used entries, not the oldest */
    if (time(NULL) - st.st_mtime > TOUCH_AFTER_S)
        futimens(fd, NULL);
    size_t want = (size_t)st.st_size;
    char *buf = pl_arena_alloc(a, want + 1);
    size_t got = 0;
    while (got < want) {
        ssize_t r = read(fd, buf + got, want - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    /* an entry is whole once renamed into place; a short one is damage */
    if (got != want || !want || buf[0] != '[' || buf[want - 1] != ']')
        return NULL;
    buf[got] = '\0';
    *len = got;
    return buf;
}

void pl_sc_cache_put(pl_sc_cache *c, const char *key, const char *json, size_t len)
{
    if (len > PL_SC_CACHE_MAX_ENTRY)
        return;
    char sub[4096], tmp[4200], path[4200];
    if ((size_t)snprintf(sub, sizeof sub, "%s/%.2s", c->dir, key) >= sizeof sub)
        return;
    if (make_dirs(sub) != 0)
        return;
    snprintf(path, sizeof path, "%s/%s", sub, key + 2);
    /* a name no other thread or process uses (mkostemp opens it O_EXCL) */
    snprintf(tmp, sizeof tmp, "%s/.tmp-XXXXXX", sub);
    int fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0)
        return;
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, json + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    if (close(fd) != 0 || off != len || rename(tmp, path) != 0) {
        unlink(tmp);
        return;
    }
    c->wrote++;
}

typedef struct {
    char *path;
    long long size;
    time_t mtime;
} entry;

static int cmp_age(const void *x, const void *y)
{
    const entry *a = x, *b = y;
    return (a->mtime > b->mtime) - (a->mtime < b->mtime);
}

int pl_sc_cache_writes(const pl_sc_cache *c)
{
    return c ? c->wrote : 0;
}

void pl_sc_cache_trim(pl_sc_cache *c, long long max_bytes)
{
    if (!c)
        return;
    entry *v = NULL;
    size_t n = 0, cap = 0;
    long long total = 0;
    DIR *top = opendir(c->dir);
    if (!top)
        return;
    for (struct dirent *d; (d = readdir(top));) {
        if (strlen(d->d_name) != 2)
            continue;
        char sub[4200];
        snprintf(sub, sizeof sub, "%s/%s", c->dir, d->d_name);
        DIR *dd = opendir(sub);
        if (!dd)
            continue;
        for (struct dirent *e; (e = readdir(dd));) {
            if (e->d_name[0] == '.' && strncmp(e->d_name, ".tmp-", 5) != 0)
                continue;
            char full[8400];
            snprintf(full, sizeof full, "%s/%s", sub, e->d_name);
            struct stat st;
            if (lstat(full, &st) != 0 || !S_ISREG(st.st_mode))
                continue;
            /* a temporary file an interrupted run left behind */
            if (e->d_name[0] == '.' && time(NULL) - st.st_mtime > 3600) {
                unlink(full);
                continue;
            }
            if (n == cap) {
                cap = cap ? cap * 2 : 256;
                entry *nv = realloc(v, cap * sizeof *v);
                if (!nv)
                    break;
                v = nv;
            }
            v[n].path = strdup(full);
            v[n].size = (long long)st.st_blocks * 512;
            v[n].mtime = st.st_mtime;
            if (v[n].path) {
                total += v[n].size;
                n++;
            }
        }
        closedir(dd);
    }
    closedir(top);
    if (total > max_bytes) {
        qsort(v, n, sizeof *v, cmp_age);
        for (size_t i = 0; i < n && total > max_bytes - max_bytes / 4; i++)
            if (unlink(v[i].path) == 0)
                total -= v[i].size;
    }
    for (size_t i = 0; i < n; i++)
        free(v[i].path);
    free(v);
}
