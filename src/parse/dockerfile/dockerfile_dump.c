/* dockerfile_dump.c — printing a parsed Dockerfile.
 *
 * Owns: BuildKit's Node.Dump text (what `parser_test.go` compares with the
 * `result` files, so it must match byte for byte: lower-cased keyword, flags
 * as Go's %q of a []string, every argument through strconv.Quote, ONBUILD
 * nesting its instruction) and the full AST with spans as JSON for debugging.
 */
#include <string.h>

#include <cjson/cJSON.h>

#include "plimsoll/dockerfile.h"
#include "dockerfile_internal.h"

static void dump_node(const pl_df_instr *ins, pl_strbuf *out, pl_arena *a)
{
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    if (ins->name)
        pl_sb_append(&sb, ins->name, ins->name_len);
    if (ins->nflags > 0) {
        pl_sb_puts(&sb, " [");
        for (int i = 0; i < ins->nflags; i++) {
            if (i)
                pl_sb_putc(&sb, ' ');
            df_sb_quote(&sb, ins->flags[i].raw, ins->flags[i].raw_len);
        }
        pl_sb_putc(&sb, ']');
    }
    for (int i = 0; i < ins->nargs; i++) {
        pl_sb_putc(&sb, ' ');
        df_sb_quote(&sb, ins->args[i].text, ins->args[i].len);
    }
    if (ins->sub) {
        pl_sb_puts(&sb, " (");
        dump_node(ins->sub, &sb, a);
        pl_sb_putc(&sb, ')');
    }
    /* Node.Dump ends with strings.TrimSpace */
    size_t b = df_trim_left(sb.data ? sb.data : "", sb.len);
    size_t e = b + df_trim_right(sb.data + b, sb.len - b);
    if (e > b)
        pl_sb_append(out, sb.data + b, e - b);
}

void pl_dockerfile_dump_buildkit(const pl_dockerfile *df, pl_strbuf *out)
{
    for (int i = 0; i < df->ninstrs; i++) {
        pl_sb_putc(out, '(');
        dump_node(df->instrs[i], out, out->arena);
        pl_sb_puts(out, ")\n");
    }
}

static cJSON *span_json(pl_span s)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "line", s.line);
    cJSON_AddNumberToObject(o, "col", s.col);
    cJSON_AddNumberToObject(o, "end_line", s.end_line);
    cJSON_AddNumberToObject(o, "end_col", s.end_col);
    return o;
}

static cJSON *instr_json(const pl_df_instr *ins)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", ins->name ? ins->name : "");
    cJSON_AddStringToObject(o, "keyword", ins->keyword ? ins->keyword : "");
    cJSON_AddBoolToObject(o, "known", ins->kind != PL_DF_UNKNOWN);
    if (ins->index >= 0)
        cJSON_AddNumberToObject(o, "index", ins->index);
    cJSON_AddItemToObject(o, "span", span_json(ins->span));
    cJSON_AddItemToObject(o, "keyword_span", span_json(ins->keyword_span));
    cJSON_AddStringToObject(o, "original", ins->original ? ins->original : "");
    cJSON *flags = cJSON_AddArrayToObject(o, "flags");
    for (int i = 0; i < ins->nflags; i++) {
        const pl_df_flag *f = &ins->flags[i];
        cJSON *fo = cJSON_CreateObject();
        cJSON_AddStringToObject(fo, "raw", f->raw);
        cJSON_AddStringToObject(fo, "name", f->name);
        if (f->value)
            cJSON_AddStringToObject(fo, "value", f->value);
        else
            cJSON_AddNullToObject(fo, "value");
        cJSON_AddItemToObject(fo, "span", span_json(f->span));
        cJSON_AddItemToArray(flags, fo);
    }
    cJSON *args = cJSON_AddArrayToObject(o, "args");
    for (int i = 0; i < ins->nargs; i++) {
        cJSON *ao = cJSON_CreateObject();
        cJSON_AddStringToObject(ao, "text", ins->args[i].text);
        cJSON_AddItemToObject(ao, "span", span_json(ins->args[i].span));
        cJSON_AddItemToArray(args, ao);
    }
    cJSON_AddBoolToObject(o, "json", ins->json);
    cJSON_AddStringToObject(o, "rest", ins->rest ? ins->rest : "");
    cJSON *docs = cJSON_AddArrayToObject(o, "heredocs");
    for (int i = 0; i < ins->nheredocs; i++) {
        const pl_df_heredoc *h = &ins->heredocs[i];
        cJSON *ho = cJSON_CreateObject();
        cJSON_AddStringToObject(ho, "name", h->name);
        cJSON_AddStringToObject(ho, "content", h->content ? h->content : "");
        cJSON_AddBoolToObject(ho, "expand", h->expand);
        cJSON_AddBoolToObject(ho, "chomp", h->chomp);
        cJSON_AddNumberToObject(ho, "fd", h->fd);
        cJSON_AddItemToObject(ho, "span", span_json(h->span));
        cJSON_AddItemToObject(ho, "body_span", span_json(h->body_span));
        cJSON_AddItemToArray(docs, ho);
    }
    cJSON *comments = cJSON_AddArrayToObject(o, "comments");
    for (int i = 0; i < ins->ncomments; i++) {
        cJSON *co = cJSON_CreateObject();
        cJSON_AddStringToObject(co, "text", ins->comments[i]);
        cJSON_AddNumberToObject(co, "line", ins->comment_lines[i]);
        cJSON_AddItemToArray(comments, co);
    }
    if (ins->sub)
        cJSON_AddItemToObject(o, "sub", instr_json(ins->sub));
    return o;
}

void pl_dockerfile_dump_json(const pl_dockerfile *df, pl_strbuf *out)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "path", df->path ? df->path : "");
    char esc[2] = {df->escape ? df->escape : '\\', '\0'};
    cJSON_AddStringToObject(root, "escape", esc);
    cJSON_AddBoolToObject(root, "rejected", df->rejected);
    cJSON *dirs = cJSON_AddArrayToObject(root, "directives");
    for (int i = 0; i < df->ndirectives; i++) {
        cJSON *d = cJSON_CreateObject();
        cJSON_AddStringToObject(d, "name", df->directives[i].name);
        cJSON_AddStringToObject(d, "value", df->directives[i].value);
        cJSON_AddItemToObject(d, "span", span_json(df->directives[i].span));
        cJSON_AddItemToArray(dirs, d);
    }
    cJSON *comments = cJSON_AddArrayToObject(root, "comments");
    for (int i = 0; i < df->ncomments; i++) {
        cJSON *c = cJSON_CreateObject();
        cJSON_AddStringToObject(c, "text", df->comments[i].text);
        cJSON_AddNumberToObject(c, "line", df->comments[i].line);
        cJSON_AddNumberToObject(c, "col", df->comments[i].col);
        cJSON_AddItemToArray(comments, c);
    }
    cJSON *empty = cJSON_AddArrayToObject(root, "empty_continuation_lines");
    for (int i = 0; i < df->nempty_continuation_lines; i++)
        cJSON_AddItemToArray(empty, cJSON_CreateNumber(df->empty_continuation_lines[i]));
    cJSON *instrs = cJSON_AddArrayToObject(root, "instructions");
    for (int i = 0; i < df->ninstrs; i++)
        cJSON_AddItemToArray(instrs, instr_json(df->instrs[i]));
    cJSON *diags = cJSON_AddArrayToObject(root, "diagnostics");
    for (const pl_diag *d = df->diags.head; d; d = d->next) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "level", d->level == PL_DIAG_ERROR ? "error" : "warning");
        cJSON_AddStringToObject(o, "message", d->message);
        if (d->rule)
            cJSON_AddStringToObject(o, "rule", d->rule);
        cJSON_AddItemToObject(o, "span", span_json(d->span));
        cJSON_AddItemToArray(diags, o);
    }
    char *text = cJSON_Print(root);
    if (text) {
        pl_sb_puts(out, text);
        pl_sb_putc(out, '\n');
        cJSON_free(text);
    }
    cJSON_Delete(root);
}
