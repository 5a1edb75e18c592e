/* escape.c — making untrusted text safe for each output syntax.
 *
 * Owns: UTF-8 validation and repair, XML escaping, and flattening text to one
 * terminal-safe line. Paths, messages and evidence can quote bytes straight
 * from the checked files, so every renderer passes them through here.
 */
#include <string.h>

#include "render.h"

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0 when the
 * bytes there are not one (overlong forms and surrogates included). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned min;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2, min = 0x80, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, min = 0x800, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, min = 0x10000, cp = c & 0x07;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

const char *pl_report_utf8(pl_arena *a, const char *s)
{
    if (!s)
        return "";
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), i = 0;
    while (i < n) {
        if (p[i] < 0x80) { /* most text is ASCII */
            i++;
            continue;
        }
        size_t k = utf8_len(p + i, n - i);
        if (!k)
            break;
        i += k;
    }
    if (i == n)
        return s;
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    pl_sb_append(&sb, s, i);
    while (i < n) {
        size_t k = utf8_len(p + i, n - i);
        if (k) {
            pl_sb_append(&sb, s + i, k);
            i += k;
        } else {
            pl_sb_puts(&sb, replacement);
            i++;
        }
    }
    return pl_sb_str(&sb);
}

void pl_report_put_xml(FILE *out, const char *s)
{
    if (!s)
        return;
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        size_t k = utf8_len(p + i, n - i);
        if (!k) {
            fputs(replacement, out);
            i++;
            continue;
        }
        switch (c) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&apos;", out); break;
        /* attribute values normalise raw whitespace, so keep it as references */
        case '\n': fputs("&#10;", out); break;
        case '\r': fputs("&#13;", out); break;
        case '\t': fputs("&#9;", out); break;
        default:
            if (c < 0x20 || c == 0x7F)
                fputs(replacement, out);
            else if (k == 3 && p[i] == 0xEF && p[i + 1] == 0xBF && p[i + 2] >= 0xBE)
                fputs(replacement, out); /* U+FFFE and U+FFFF are not XML characters */
            else
                fwrite(p + i, 1, k, out);
        }
        i += k;
    }
}

void pl_report_put_line(FILE *out, const char *s)
{
    if (!s)
        return;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7F) {
            fputc(' ', out);
        } else if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
            fputc(' ', out); /* C1 controls: U+009B starts an escape sequence too */
            p++;
        } else {
            fputc(*p, out);
        }
    }
}

cJSON *pl_report_json_string(pl_arena *a, const char *s)
{
    return cJSON_CreateString(pl_report_utf8(a, s));
}
