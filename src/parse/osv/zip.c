/* zip.c — the members of a zip archive, read from its central directory
 * (APPNOTE.TXT 4.3: end of central directory, zip64 locator and record,
 * central and local file headers), stored or deflated (zlib, raw inflate),
 * each checked against its CRC-32. Every offset and size is checked against
 * the archive before it is used. */
#include "plimsoll/osv.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define SIG_EOCD 0x06054b50u
#define SIG_ZIP64_LOCATOR 0x07064b50u
#define SIG_ZIP64_EOCD 0x06064b50u
#define SIG_CENTRAL 0x02014b50u
#define SIG_LOCAL 0x04034b50u
#define CENTRAL_SIZE 46
#define LOCAL_SIZE 30
#define EOCD_SIZE 22

static uint32_t rd16(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t rd32(const unsigned char *p) { return rd16(p) | rd16(p + 2) << 16; }
static uint64_t rd64(const unsigned char *p) { return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32; }

typedef struct {
    uint64_t entries, cd_size, cd_off;
} directory;

/* The end of central directory record: the last signature whose comment
 * ends within the file (a comment may itself hold the signature bytes). */
static int find_directory(const unsigned char *d, size_t len, directory *out, const char **error)
{
    if (len < EOCD_SIZE) {
        *error = "not a zip archive (too short)";
        return -1;
    }
    size_t lo = len - EOCD_SIZE > 0xFFFF ? len - EOCD_SIZE - 0xFFFF : 0;
    const unsigned char *eocd = NULL;
    for (size_t i = len - EOCD_SIZE + 1; i-- > lo;)
        if (rd32(d + i) == SIG_EOCD && i + EOCD_SIZE + rd16(d + i + 20) <= len) {
            eocd = d + i;
            break;
        }
    if (!eocd) {
        *error = "not a zip archive (no end of central directory)";
        return -1;
    }
    out->entries = rd16(eocd + 10);
    out->cd_size = rd32(eocd + 12);
    out->cd_off = rd32(eocd + 16);
    if (out->entries == 0xFFFF || out->cd_size == 0xFFFFFFFFu || out->cd_off == 0xFFFFFFFFu) {
        size_t at = (size_t)(eocd - d);
        if (at < 20 || rd32(eocd - 20) != SIG_ZIP64_LOCATOR) {
            *error = "zip64 archive without its locator";
            return -1;
        }
        uint64_t off = rd64(eocd - 20 + 8);
        if (off > len || len - off < 56 || rd32(d + off) != SIG_ZIP64_EOCD) {
            *error = "zip64 end of central directory outside the archive";
            return -1;
        }
        out->entries = rd64(d + off + 32);
        out->cd_size = rd64(d + off + 40);
        out->cd_off = rd64(d + off + 48);
    }
    if (out->cd_off > len || out->cd_size > len - out->cd_off) {
        *error = "central directory outside the archive";
        return -1;
    }
    if (out->entries > out->cd_size / CENTRAL_SIZE) {
        *error = "central directory shorter than its entry count";
        return -1;
    }
    return 0;
}

/* Zip64 extended information (header 0x0001): the 64-bit sizes and offset
 * of the fields that hold 0xFFFFFFFF, in this order. */
static void zip64_extra(const unsigned char *x, size_t n, uint64_t *usize, uint64_t *csize,
                        uint64_t *lho)
{
    while (n >= 4) {
        uint32_t id = rd16(x), sz = rd16(x + 2);
        if (sz > n - 4)
            return;
        if (id == 0x0001) {
            const unsigned char *p = x + 4, *end = x + 4 + sz;
            uint64_t *fields[] = {usize, csize, lho};
            for (int i = 0; i < 3; i++)
                if (*fields[i] == 0xFFFFFFFFu) {
                    if (end - p < 8)
                        return;
                    *fields[i] = rd64(p);
                    p += 8;
                }
            return;
        }
        x += 4 + sz;
        n -= 4 + sz;
    }
}

/* Inflates a raw deflate stream of exactly `usize` bytes into out. */
static const char *inflate_member(const unsigned char *in, uint64_t csize, unsigned char *out,
                                  uint64_t usize)
{
    if (csize > UINT_MAX || usize > UINT_MAX)
        return "member too large";
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (inflateInit2(&zs, -MAX_WBITS) != Z_OK)
        return "inflate could not start";
    zs.next_in = (Bytef *)(uintptr_t)in;
    zs.avail_in = (uInt)csize;
    zs.next_out = out;
    zs.avail_out = (uInt)usize;
    int rc = inflate(&zs, Z_FINISH);
    uLong produced = zs.total_out;
    inflateEnd(&zs);
    if (rc != Z_STREAM_END)
        return rc == Z_BUF_ERROR && produced == usize ? "member longer than its directory entry says"
                                                      : "corrupt deflate data";
    if (produced != usize)
        return "member shorter than its directory entry says";
    return NULL;
}

long pl_zip_each(const unsigned char *d, size_t len, size_t max_member, pl_zip_member_fn member,
                 void *ud, const char **error)
{
    directory dir;
    if (find_directory(d, len, &dir, error) != 0)
        return -1;
    const unsigned char *p = d + dir.cd_off, *end = p + dir.cd_size;
    /* deflate expands at most ~1032:1, so members that together inflate to
     * more overlap each other (a zip bomb): stop there */
    uint64_t budget = (uint64_t)len * 1100 + max_member, inflated = 0;
    for (uint64_t i = 0; i < dir.entries; i++) {
        if (end - p < CENTRAL_SIZE || rd32(p) != SIG_CENTRAL) {
            *error = "corrupt central directory entry";
            return -1;
        }
        uint32_t flags = rd16(p + 8), method = rd16(p + 10), crc = rd32(p + 16);
        uint64_t csize = rd32(p + 20), usize = rd32(p + 24), lho = rd32(p + 42);
        size_t nlen = rd16(p + 28), xlen = rd16(p + 30), clen = rd16(p + 32);
        if ((size_t)(end - p) - CENTRAL_SIZE < nlen + xlen + clen) {
            *error = "central directory entry runs past the directory";
            return -1;
        }
        const unsigned char *name_at = p + CENTRAL_SIZE;
        zip64_extra(name_at + nlen, xlen, &usize, &csize, &lho);
        p += CENTRAL_SIZE + nlen + xlen + clen;
        if (nlen == 0 || name_at[nlen - 1] == '/')
            continue; /* a directory */
        char *name = malloc(nlen + 1);
        if (!name) {
            *error = "out of memory";
            return -1;
        }
        memcpy(name, name_at, nlen);
        name[nlen] = '\0';
        const char *why = NULL;
        unsigned char *buf = NULL;
        const unsigned char *data = NULL;
        uint64_t doff = 0;
        if (flags & 1)
            why = "encrypted member";
        else if (lho > len || len - lho < LOCAL_SIZE || rd32(d + lho) != SIG_LOCAL)
            why = "local header outside the archive";
        else if ((doff = lho + LOCAL_SIZE + rd16(d + lho + 26) + rd16(d + lho + 28)) > len ||
                 csize > len - doff)
            why = "member data outside the archive";
        else if (usize > max_member)
            why = "member larger than the limit";
        else if ((inflated += usize) > budget) {
            free(name);
            *error = "members overlap (the archive inflates to more than it can hold)";
            return -1;
        }
        else if (method == 0) {
            if (csize != usize)
                why = "stored member whose sizes differ";
            else
                data = d + doff;
        } else if (method == 8) {
            buf = malloc(usize + 1);
            if (!buf)
                why = "out of memory";
            else if (!(why = inflate_member(d + doff, csize, buf, usize)))
                data = buf;
        } else {
            why = "compression method not supported (only stored and deflate)";
        }
        if (data && (uint32_t)crc32(0L, data, (uInt)usize) != crc) {
            why = "CRC-32 mismatch";
            data = NULL;
        }
        if (buf && data)
            buf[usize] = '\0';
        member(ud, name, (const char *)data, data ? (size_t)usize : 0, data ? NULL : why);
        free(buf);
        free(name);
    }
    return (long)dir.entries;
}
