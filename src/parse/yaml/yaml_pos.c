/* yaml_pos.c — libyaml marks (characters, libyaml's line breaks) to 1-based
 * lines and byte columns. */
#include <limits.h>
#include <string.h>

#include "yaml_internal.h"

void pl_ypos_init(pl_ypos *m, pl_arena *a, const char *data, size_t len)
{
    memset(m, 0, sizeof *m);
    m->arena = a;
    m->data = (const unsigned char *)(data ? data : "");
    m->len = data ? len : 0;
    const unsigned char *d = m->data;
    if (m->len >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF)
        m->first = 3;
    if (m->len >= 2 && ((d[0] == 0xFF && d[1] == 0xFE) || (d[0] == 0xFE && d[1] == 0xFF)))
        m->utf16 = 1;
}

/* Bytes of the line break starting at i, 0 if none. 0xC2 and 0xE2 are lead
 * bytes, so a byte-wise scan never mistakes a continuation byte for one. */
static size_t break_width(const unsigned char *d, size_t len, size_t i)
{
    if (d[i] == '\r')
        return i + 1 < len && d[i + 1] == '\n' ? 2 : 1;
    if (d[i] == '\n')
        return 1;
    if (d[i] == 0xC2 && i + 1 < len && d[i + 1] == 0x85)
        return 2;
    if (d[i] == 0xE2 && i + 2 < len && d[i + 1] == 0x80 && (d[i + 2] == 0xA8 || d[i + 2] == 0xA9))
        return 3;
    return 0;
}

static void build_lines(pl_ypos *m)
{
    if (m->line_starts)
        return;
    size_t n = 1;
    for (size_t i = m->first; i < m->len;) {
        size_t w = break_width(m->data, m->len, i);
        n += w != 0;
        i += w ? w : 1;
    }
    m->line_starts = PL_NEW_N(m->arena, size_t, n);
    m->line_starts[0] = m->first;
    m->nlines = 1;
    for (size_t i = m->first; i < m->len;) {
        size_t w = break_width(m->data, m->len, i);
        i += w ? w : 1;
        if (w)
            m->line_starts[m->nlines++] = i;
    }
}

static int clamp_int(size_t v)
{
    return v > INT_MAX ? INT_MAX : (int)v;
}

static size_t utf8_width(unsigned char c)
{
    return c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
}

void pl_ypos_mark(pl_ypos *m, size_t mark_line, size_t mark_column, int *line, int *col)
{
    *line = clamp_int(mark_line + 1);
    *col = clamp_int(mark_column + 1);
    if (m->utf16)
        return;
    build_lines(m);
    if (mark_line >= m->nlines)
        return;
    size_t start = m->line_starts[mark_line], off = start, c = 0;
    if (m->cached && m->cached_line == mark_line && m->cached_column <= mark_column) {
        off = m->cached_offset;
        c = m->cached_column;
    }
    for (; c < mark_column && off < m->len; c++)
        off += utf8_width(m->data[off]);
    if (off > m->len) /* a truncated character at the very end */
        off = m->len;
    m->cached = 1;
    m->cached_line = mark_line;
    m->cached_column = c;
    m->cached_offset = off;
    /* past the end of the input, keep counting characters as libyaml did */
    *col = clamp_int(off - start + (mark_column - c) + 1);
}

void pl_ypos_offset(pl_ypos *m, size_t offset, int *line, int *col)
{
    build_lines(m);
    size_t lo = 0, hi = m->nlines; /* the last line starting at or before offset */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->line_starts[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    size_t start = m->line_starts[lo];
    *line = clamp_int(lo + 1);
    *col = clamp_int((offset > start ? offset - start : 0) + 1);
}

void pl_ypos_end(pl_ypos *m, size_t mark_line, size_t mark_column, int sline, int scol,
                 int *line, int *col)
{
    int l, c;
    pl_ypos_mark(m, mark_line, mark_column, &l, &c);
    if (c > 1) {
        c--;
    } else if (!m->utf16 && l > sline && (size_t)(l - 1) < m->nlines) {
        /* the end mark is at the start of a line (a block scalar's last
         * break): the value ends on the line before, at its last byte */
        size_t start = m->line_starts[l - 2], stop = m->line_starts[l - 1];
        if (stop >= start + 2 && break_width(m->data, m->len, stop - 2) == 2)
            stop -= 2;
        else if (stop >= start + 3 && break_width(m->data, m->len, stop - 3) == 3)
            stop -= 3;
        else if (stop > start)
            stop--;
        l--;
        c = stop > start ? clamp_int(stop - start) : 1;
    }
    if (l < sline || (l == sline && c < scol)) {
        l = sline;
        c = scol;
    }
    *line = l;
    *col = c;
}
