/* dump.c — the loaded project as JSON, for debugging and golden tests:
 * every value with the file:line:col it was written at. */
#include <string.h>

#include "compose_internal.h"

static void put_json_string(pl_strbuf *sb, const char *s, size_t n)
{
    pl_sb_putc(sb, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            pl_sb_printf(sb, "\\%c", c);
        else if (c == '\n')
            pl_sb_puts(sb, "\\n");
        else if (c == '\t')
            pl_sb_puts(sb, "\\t");
        else if (c == '\r')
            pl_sb_puts(sb, "\\r");
        else if (c < 0x20 || c == 0x7f)
            pl_sb_printf(sb, "\\u%04x", c);
        else
            pl_sb_putc(sb, (char)c);
    }
    pl_sb_putc(sb, '"');
}

static void indent(pl_strbuf *sb, int depth)
{
    pl_sb_putc(sb, '\n');
    for (int i = 0; i < depth; i++)
        pl_sb_puts(sb, "  ");
}

static const char *type_name(pl_ystype t)
{
    switch (t) {
    case PL_YS_NULL: return "null";
    case PL_YS_BOOL: return "bool";
    case PL_YS_INT: return "int";
    case PL_YS_FLOAT: return "float";
    default: return "str";
    }
}

static void put_at(pl_strbuf *sb, const pl_ynode *n)
{
    pl_sb_puts(sb, "\"at\": ");
    const char *at = pl_arena_printf(sb->arena, "%s:%d:%d", n->file ? n->file : "", n->span.line, n->span.col);
    put_json_string(sb, at, strlen(at));
}

static void dump_node(pl_strbuf *sb, const pl_ynode *n, int depth)
{
    if (depth > 300) {
        pl_sb_puts(sb, "null");
        return;
    }
    pl_sb_putc(sb, '{');
    indent(sb, depth + 1);
    put_at(sb, n);
    if (n->tag) {
        pl_sb_puts(sb, ", \"tag\": ");
        put_json_string(sb, n->tag, strlen(n->tag));
    }
    if (n->kind == PL_YAML_SCALAR) {
        pl_sb_printf(sb, ", \"type\": \"%s\", \"value\": ", type_name(n->stype));
        put_json_string(sb, n->str ? n->str : "", n->len);
    } else if (n->kind == PL_YAML_SEQ) {
        pl_sb_puts(sb, ",");
        indent(sb, depth + 1);
        pl_sb_puts(sb, "\"items\": [");
        for (int i = 0; i < n->nitems; i++) {
            if (i)
                pl_sb_putc(sb, ',');
            indent(sb, depth + 2);
            dump_node(sb, n->items[i], depth + 2);
        }
        pl_sb_puts(sb, n->nitems ? "" : "]");
        if (n->nitems) {
            indent(sb, depth + 1);
            pl_sb_putc(sb, ']');
        }
    } else {
        pl_sb_puts(sb, ",");
        indent(sb, depth + 1);
        pl_sb_puts(sb, "\"map\": {");
        for (int i = 0; i < n->npairs; i++) {
            const pl_ynode *k = n->pairs[i].key;
            if (i)
                pl_sb_putc(sb, ',');
            indent(sb, depth + 2);
            if (k->kind == PL_YAML_SCALAR)
                put_json_string(sb, k->str, k->len);
            else
                pl_sb_puts(sb, "\"?\"");
            pl_sb_puts(sb, ": ");
            dump_node(sb, n->pairs[i].value, depth + 2);
        }
        if (n->npairs)
            indent(sb, depth + 1);
        pl_sb_putc(sb, '}');
    }
    indent(sb, depth);
    pl_sb_putc(sb, '}');
}

static const char *role_name(pl_compose_file_role r)
{
    switch (r) {
    case PL_COMPOSE_FILE_INCLUDE: return "include";
    case PL_COMPOSE_FILE_EXTENDS: return "extends";
    case PL_COMPOSE_FILE_ENV: return "env";
    default: return "main";
    }
}

static void dump_diags(pl_strbuf *sb, const pl_compose_file *f, int *first)
{
    for (const pl_diag *d = f->diags.head; d; d = d->next) {
        pl_sb_puts(sb, *first ? "" : ",");
        *first = 0;
        indent(sb, 2);
        pl_sb_puts(sb, "{\"file\": ");
        put_json_string(sb, f->path, strlen(f->path));
        pl_sb_printf(sb, ", \"line\": %d, \"col\": %d, \"level\": \"%s\", \"rule\": ", d->span.line,
                     d->span.col, d->level == PL_DIAG_ERROR ? "error" : "warning");
        if (d->rule)
            put_json_string(sb, d->rule, strlen(d->rule));
        else
            pl_sb_puts(sb, "null");
        pl_sb_puts(sb, ", \"message\": ");
        put_json_string(sb, d->message, strlen(d->message));
        pl_sb_putc(sb, '}');
    }
}

void pl_compose_dump_json(const pl_compose *c, pl_strbuf *out)
{
    pl_sb_puts(out, "{\n  \"files\": [");
    for (int i = 0; i < c->nfiles; i++) {
        const pl_compose_file *f = c->files[i];
        pl_sb_puts(out, i ? "," : "");
        indent(out, 2);
        pl_sb_puts(out, "{\"path\": ");
        put_json_string(out, f->path, strlen(f->path));
        pl_sb_printf(out, ", \"role\": \"%s\", \"base_dir\": ", role_name(f->role));
        put_json_string(out, f->base_dir ? f->base_dir : "", f->base_dir ? strlen(f->base_dir) : 0);
        pl_sb_printf(out, "%s}", f->missing ? ", \"missing\": true" : "");
    }
    pl_sb_puts(out, c->nfiles ? "\n  ],\n  \"diagnostics\": [" : "],\n  \"diagnostics\": [");
    int first = 1;
    dump_diags(out, c->project, &first);
    for (int i = 0; i < c->nfiles; i++)
        dump_diags(out, c->files[i], &first);
    pl_sb_puts(out, first ? "],\n  \"services\": [" : "\n  ],\n  \"services\": [");
    for (int i = 0; i < c->nservices; i++) {
        pl_sb_puts(out, i ? ", " : "");
        put_json_string(out, c->services[i].name, strlen(c->services[i].name));
    }
    pl_sb_puts(out, "],\n  \"project\": ");
    dump_node(out, c->root, 1);
    pl_sb_puts(out, "\n}\n");
}
