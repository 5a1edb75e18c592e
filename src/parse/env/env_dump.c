/* env_dump.c — `plimsoll parse FILE --kind envfile --dump json`: one entry
 * or diagnostic per line, so the output diffs well in golden files. */
#include <string.h>

#include "env_text.h"
#include "plimsoll/envfile.h"

/* A JSON string: control characters escaped, invalid UTF-8 as U+FFFD. */
static void put_json_string(pl_strbuf *out, const char *s)
{
    size_t len = strlen(s);
    pl_sb_putc(out, '"');
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (c == '"' || c == '\\') {
                pl_sb_putc(out, '\\');
                pl_sb_putc(out, (char)c);
            } else if (c == '\n') {
                pl_sb_puts(out, "\\n");
            } else if (c == '\t') {
                pl_sb_puts(out, "\\t");
            } else if (c == '\r') {
                pl_sb_puts(out, "\\r");
            } else if (c < 0x20 || c == 0x7F) {
                pl_sb_printf(out, "\\u%04x", c);
            } else {
                pl_sb_putc(out, (char)c);
            }
            i++;
            continue;
        }
        size_t w;
        int32_t r = pl_env_rune_at(s, i, len, &w);
        if (r == 0xFFFD && w == 1)
            pl_sb_puts(out, "\xEF\xBF\xBD");
        else
            pl_sb_append(out, s + i, w);
        i += w;
    }
    pl_sb_putc(out, '"');
}

void pl_envfile_dump_json(const pl_envfile *f, pl_strbuf *out)
{
    pl_sb_puts(out, "{\"kind\":\"envfile\",\"entries\":[");
    for (const pl_env_entry *e = f->entries; e; e = e->next) {
        pl_sb_printf(out, "\n  {\"line\":%d,\"column\":%d,\"name\":", e->line, e->column);
        put_json_string(out, e->name);
        pl_sb_puts(out, ",\"value\":");
        if (e->value)
            put_json_string(out, e->value);
        else
            pl_sb_puts(out, "null");
        pl_sb_puts(out, e->next ? "}," : "}\n");
    }
    pl_sb_puts(out, "],\"diagnostics\":[");
    for (const pl_diag *d = f->diags.head; d; d = d->next) {
        pl_sb_printf(out, "\n  {\"line\":%d,\"column\":%d,\"severity\":\"%s\",\"message\":",
                     d->span.line, d->span.col, d->level == PL_DIAG_ERROR ? "error" : "warning");
        put_json_string(out, d->message);
        pl_sb_puts(out, d->next ? "}," : "}\n");
    }
    pl_sb_puts(out, "]}\n");
}
