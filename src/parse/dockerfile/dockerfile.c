/* dockerfile.c — the Dockerfile parser (BuildKit's parser layer).
 *
 * Owns: reading Dockerfile bytes into pl_df_instr nodes exactly as BuildKit's
 * frontend/dockerfile/parser does: BOM, parser directives at the top, line
 * continuation with the escape character, comment lines (PrevComment and the
 * file-wide list), empty continuation lines, over-long lines and heredoc
 * bodies. Each logical line goes to dockerfile_node.c for its keyword, flags
 * and arguments. The joined line keeps a segment map so offsets in it can be
 * traced back to the file across continuation lines.
 *
 * Where BuildKit stops at the first error, this parser records a diagnostic,
 * sets `rejected`, and keeps going so later stages still see the rest.
 */
#include <limits.h>
#include <string.h>

#include "plimsoll/dockerfile.h"
#include "dockerfile_internal.h"

#define MAX_LINE 65535 /* bufio.MaxScanTokenSize - 1 */

static const char *const kind_names[] = {
    "", "add", "arg", "cmd", "copy", "entrypoint", "env", "expose", "from", "healthcheck",
    "label", "maintainer", "onbuild", "run", "shell", "stopsignal", "user", "volume", "workdir",
};

const char *pl_df_kind_name(pl_df_kind k)
{
    if ((int)k < 0 || (size_t)k >= sizeof kind_names / sizeof kind_names[0])
        return "";
    return kind_names[k];
}

pl_df_kind pl_df_kind_from_name(const char *lower_name)
{
    if (!lower_name || !*lower_name)
        return PL_DF_UNKNOWN;
    for (size_t i = 1; i < sizeof kind_names / sizeof kind_names[0]; i++)
        if (strcmp(kind_names[i], lower_name) == 0)
            return (pl_df_kind)i;
    return PL_DF_UNKNOWN;
}

/* ---- positions ------------------------------------------------------------ */

void pl_df_position(const pl_df_instr *ins, size_t offset, int *line, int *col)
{
    *line = 0;
    *col = 0;
    if (!ins || ins->nsegments == 0)
        return;
    int lo = 0, hi = ins->nsegments - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (ins->segments[mid].offset <= offset)
            lo = mid;
        else
            hi = mid - 1;
    }
    const pl_df_segment *s = &ins->segments[lo];
    *line = s->line;
    *col = s->col + (int)(offset >= s->offset ? offset - s->offset : 0);
}

pl_span pl_df_span_of(const pl_df_instr *ins, size_t offset, size_t len)
{
    pl_span sp = {0, 0, 0, 0};
    pl_df_position(ins, offset, &sp.line, &sp.col);
    if (len == 0) {
        sp.end_line = sp.line;
        sp.end_col = sp.col;
    } else {
        pl_df_position(ins, offset + len - 1, &sp.end_line, &sp.end_col);
    }
    return sp;
}

const pl_df_flag *pl_df_flag_get(const pl_df_instr *ins, const char *name)
{
    if (!ins)
        return NULL;
    for (int i = ins->nflags - 1; i >= 0; i--)
        if (strcmp(ins->flags[i].name, name) == 0)
            return &ins->flags[i];
    return NULL;
}

/* ---- diagnostics ----------------------------------------------------------- */

void df_parse_error(df_parser *p, pl_span sp, const char *msg)
{
    pl_diag_add(p->a, &p->df->diags, PL_DIAG_ERROR, sp, NULL, "%s", msg);
    p->df->rejected = 1;
}

static pl_span line_span(int line, int col, int end_col)
{
    return pl_span_make(line, col, line, end_col < col ? col : end_col);
}

/* ---- lines ------------------------------------------------------------------- */

int df_next_line(df_parser *p, df_line *out)
{
    if (p->pos >= p->len)
        return 0;
    const char *start = p->data + p->pos;
    size_t rem = p->len - p->pos;
    const char *nl = memchr(start, '\n', rem);
    size_t raw_len = nl ? (size_t)(nl - start) + 1 : rem;
    size_t body = nl ? raw_len - 1 : raw_len;
    size_t len = raw_len;
    while (len > 0 && (start[len - 1] == '\n' || start[len - 1] == '\r'))
        len--;
    p->pos += raw_len;
    p->lineno++;
    out->raw = start;
    out->raw_len = raw_len;
    out->len = len;
    out->lineno = p->lineno;
    if (body > MAX_LINE && !p->too_long_reported) {
        p->too_long_reported = 1;
        df_parse_error(p, line_span(p->lineno, 1, 1),
                    "dockerfile line greater than max allowed size of 65535");
    }
    return 1;
}

static int is_comment(const char *s, size_t n)
{
    size_t i = df_trim_left(s, n);
    return i < n && s[i] == '#';
}

/* BuildKit's continuation regexp: the escape char last on the line (trailing
 * blanks allowed) and not itself escaped. Returns the kept length. */
static size_t trim_continuation(const df_parser *p, const char *s, size_t n, int *eol)
{
    size_t t = n;
    while (t > 0 && (s[t - 1] == ' ' || s[t - 1] == '\t'))
        t--;
    if (t > 0 && s[t - 1] == p->escape && (t == 1 || s[t - 2] != p->escape)) {
        *eol = 0;
        return t - 1;
    }
    *eol = 1;
    return n;
}

/* ---- directives -------------------------------------------------------------- */

static int re_space(char c) /* RE2's \s */
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* `#` + blanks + name\s*=\s*value; 1 when the line has that shape. */
static int directive_shape(pl_arena *a, const char *s, size_t n, const char **name,
                           const char **value)
{
    if (n == 0 || s[0] != '#')
        return 0;
    size_t i = 1 + df_trim_left(s + 1, n - 1);
    size_t ns = i;
    if (i >= n || !((s[i] | 32) >= 'a' && (s[i] | 32) <= 'z'))
        return 0;
    while (i < n && (((s[i] | 32) >= 'a' && (s[i] | 32) <= 'z') || (s[i] >= '0' && s[i] <= '9')))
        i++;
    size_t ne = i;
    while (i < n && re_space(s[i]))
        i++;
    if (i >= n || s[i] != '=')
        return 0;
    i++;
    size_t vs = i;
    while (i < n && re_space(s[i]))
        i++;
    size_t ve = n;
    while (ve > i && re_space(s[ve - 1]))
        ve--;
    if (ve == i) {
        /* only blanks after '=': the lazy value takes the last one */
        if (n == vs)
            return 0;
        i = n - 1;
        ve = n;
    }
    char *nm = pl_arena_strndup(a, s + ns, ne - ns);
    for (char *c = nm; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c + 32);
    *name = nm;
    *value = pl_arena_strndup(a, s + i, ve - i);
    return 1;
}

static int known_directive(const char *name)
{
    return strcmp(name, "syntax") == 0 || strcmp(name, "escape") == 0 || strcmp(name, "check") == 0;
}

static const pl_df_directive *find_directive(const pl_vec *v, const char *name)
{
    for (size_t i = 0; i < v->len; i++) {
        const pl_df_directive *d = PL_VEC_AT(*v, const pl_df_directive *, i);
        if (strcmp(d->name, name) == 0)
            return d;
    }
    return NULL;
}

/* DetectSyntax/ParseDirective skip a shebang line and read syntax and check
 * directives below it; Parse itself does not (so no escape from there). */
static void directives_after_shebang(df_parser *p, pl_vec *dirs)
{
    const char *d = p->data;
    size_t n = p->len, pos = 0;
    int line = 0;
    while (pos < n) {
        const char *nl = memchr(d + pos, '\n', n - pos);
        size_t end = nl ? (size_t)(nl - d) : n;
        size_t len = end - pos;
        if (len > 0 && d[pos + len - 1] == '\r')
            len--;
        line++;
        if (line > 1) {
            const char *name, *value;
            if (!directive_shape(p->a, d + pos, len, &name, &value) || !known_directive(name))
                return;
            if (strcmp(name, "escape") != 0 && !find_directive(dirs, name)) {
                pl_df_directive *dir = PL_NEW(p->a, pl_df_directive);
                dir->name = name;
                dir->value = value;
                dir->span = line_span(line, 1, (int)len);
                pl_vec_push(p->a, dirs, dir);
            }
        }
        pos = end + 1;
    }
}

/* ---- heredocs ------------------------------------------------------------------ */

static int can_contain_heredoc(const pl_df_instr *ins)
{
    if (ins->kind == PL_DF_ONBUILD && ins->sub)
        ins = ins->sub;
    return (ins->kind == PL_DF_RUN || ins->kind == PL_DF_COPY || ins->kind == PL_DF_ADD) &&
           !ins->json;
}

static size_t count_quotes(const char *s)
{
    size_t c = 0;
    for (; *s; s++)
        c += *s == '\'' || *s == '"';
    return c;
}

/* ParseHeredoc: 1 = heredoc, 0 = not one, -1 = malformed (*err set). */
int df_parse_heredoc_word(pl_arena *a, const char *w, pl_df_heredoc *h, const char **err)
{
    size_t i = 0;
    while (w[i] >= '0' && w[i] <= '9')
        i++;
    size_t digits = i;
    if (w[i] != '<' || w[i + 1] != '<')
        return 0;
    i += 2;
    int chomp = 0;
    if (w[i] == '-') {
        chomp = 1;
        i++;
    }
    while (re_space(w[i]))
        i++;
    const char *rest = w + i;
    if (strchr(rest, '<') || !*rest)
        return 0;
    df_lex_mode mode = {'\\', 0, 0, 1};
    df_lex_word *words, *raw_words;
    int nw, nraw;
    const char *lex_err;
    if (df_lex_process(a, &mode, rest, strlen(rest), NULL, &words, &nw, &lex_err) < 0) {
        *err = pl_arena_printf(a, "failed to process %s: %s", df_quote(a, rest), lex_err);
        return -1;
    }
    if (nw != 1)
        return 0;
    mode.raw_quotes = 1;
    if (df_lex_process(a, &mode, rest, strlen(rest), NULL, &raw_words, &nraw, &lex_err) < 0) {
        *err = pl_arena_printf(a, "failed to process %s: %s", df_quote(a, rest), lex_err);
        return -1;
    }
    if (nraw != nw) {
        *err = pl_arena_printf(a, "internal lexing of heredoc produced inconsistent results: %s", rest);
        return -1;
    }
    h->name = words[0].text;
    h->expand = count_quotes(words[0].text) == count_quotes(raw_words[0].text);
    h->chomp = chomp;
    h->fd = -1;
    if (digits > 0) {
        long long fd = 0;
        for (size_t k = 0; k < digits; k++) {
            fd = fd * 10 + (w[k] - '0');
            if (fd > INT_MAX) {
                fd = INT_MAX;
                break;
            }
        }
        h->fd = (int)fd;
    }
    return 1;
}

int df_is_heredoc_word(pl_arena *a, const char *word)
{
    pl_df_heredoc h;
    const char *err;
    return df_parse_heredoc_word(a, word, &h, &err) == 1;
}

static const char *chomp_tabs(pl_arena *a, const char *s, size_t n)
{
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    int at_line_start = 1;
    for (size_t i = 0; i < n; i++) {
        if (at_line_start && s[i] == '\t')
            continue;
        at_line_start = s[i] == '\n';
        pl_sb_putc(&sb, s[i]);
    }
    return pl_sb_str(&sb);
}

/* Reads the bodies of the heredocs named on the instruction's line. Returns
 * the last line consumed. */
static int read_heredocs(df_parser *p, pl_df_instr *ins, int last_line)
{
    df_lex_mode mode = {'\\', 1, 1, 1};
    df_lex_word *words;
    int nw;
    if (df_lex_process(p->a, &mode, ins->original, ins->original_len, NULL, &words, &nw, NULL) < 0)
        return last_line; /* BuildKit ignores a line it cannot lex here */
    pl_vec docs = {0};
    for (int i = 0; i < nw; i++) {
        pl_df_heredoc h;
        memset(&h, 0, sizeof h);
        const char *err = NULL;
        int r = df_parse_heredoc_word(p->a, words[i].text, &h, &err);
        pl_span marker = pl_df_span_of(ins, words[i].start, words[i].end - words[i].start);
        if (r < 0) {
            df_parse_error(p, marker, err);
            return last_line;
        }
        if (r == 0)
            continue;
        h.span = marker;
        pl_df_heredoc *hp = PL_NEW(p->a, pl_df_heredoc);
        *hp = h;
        pl_vec_push(p->a, &docs, hp);
    }
    for (size_t i = 0; i < docs.len; i++) {
        pl_df_heredoc *h = PL_VEC_AT(docs, pl_df_heredoc *, i);
        size_t name_len = strlen(h->name);
        const char *body_start = p->data + p->pos;
        int first = last_line + 1;
        int terminated = 0;
        df_line ln;
        size_t body_len = 0;
        int end_col = 1;
        while (df_next_line(p, &ln)) {
            last_line = ln.lineno;
            end_col = ln.len > 0 ? (int)ln.len : 1;
            const char *t = ln.raw;
            size_t tl = ln.len;
            if (h->chomp)
                while (tl > 0 && *t == '\t') {
                    t++;
                    tl--;
                }
            if (tl == name_len && memcmp(t, h->name, name_len) == 0) {
                terminated = 1;
                break;
            }
            body_len += ln.raw_len;
        }
        h->content = h->chomp ? chomp_tabs(p->a, body_start, body_len)
                              : pl_arena_strndup(p->a, body_start, body_len);
        h->body_span = pl_span_make(first > last_line ? last_line : first, 1, last_line, end_col);
        if (!terminated) {
            df_parse_error(p, h->span, "unterminated heredoc");
            break;
        }
    }
    /* after an unterminated heredoc the later ones on the line get no body:
     * give them an empty one so readers never meet NULL */
    for (size_t i = 0; i < docs.len; i++) {
        pl_df_heredoc *h = PL_VEC_AT(docs, pl_df_heredoc *, i);
        if (!h->content) {
            h->content = "";
            h->body_span = pl_span_make(last_line, 1, last_line, 1);
        }
    }
    ins->nheredocs = (int)docs.len;
    ins->heredocs = PL_NEW_N(p->a, pl_df_heredoc, docs.len ? docs.len : 1);
    for (size_t i = 0; i < docs.len; i++)
        ins->heredocs[i] = *PL_VEC_AT(docs, pl_df_heredoc *, i);
    return last_line;
}

/* ---- the main loop ---------------------------------------------------------------- */

typedef struct {
    pl_vec texts;  /* const char* */
    pl_vec lines;  /* line numbers, stored as (void*)(intptr_t) */
} pending_comments;

static void add_file_comment(df_parser *p, pl_vec *all, const df_line *ln)
{
    size_t lead = df_trim_left(ln->raw, ln->len);
    pl_df_comment *c = PL_NEW(p->a, pl_df_comment);
    c->text = pl_arena_strndup(p->a, ln->raw + lead + 1, ln->len - lead - 1);
    c->line = ln->lineno;
    c->col = (int)lead + 1;
    pl_vec_push(p->a, all, c);
}

static void attach_comments(df_parser *p, pl_df_instr *ins, pending_comments *pc)
{
    ins->ncomments = (int)pc->texts.len;
    if (pc->texts.len == 0)
        return;
    ins->comments = PL_NEW_N(p->a, const char *, pc->texts.len ? pc->texts.len : 1);
    ins->comment_lines = PL_NEW_N(p->a, int, pc->texts.len ? pc->texts.len : 1);
    for (size_t i = 0; i < pc->texts.len; i++) {
        ins->comments[i] = PL_VEC_AT(pc->texts, const char *, i);
        ins->comment_lines[i] = (int)(intptr_t)pc->lines.items[i];
    }
    pc->texts.len = 0;
    pc->lines.len = 0;
}

pl_dockerfile *pl_dockerfile_parse(pl_arena *a, const char *path, const char *data, size_t len)
{
    pl_dockerfile *df = PL_NEW(a, pl_dockerfile);
    df->path = path ? pl_arena_strdup(a, path) : "";
    df->source = data ? data : "";
    df->source_len = data ? len : 0;
    df->escape = '\\';

    df_parser p;
    memset(&p, 0, sizeof p);
    p.a = a;
    p.df = df;
    p.escape = '\\';
    p.data = df->source;
    p.len = df->source_len;
    if (p.len >= 3 && memcmp(p.data, "\xEF\xBB\xBF", 3) == 0) {
        p.data += 3;
        p.len -= 3;
    }

    pl_vec instrs = {0}, dirs = {0}, all_comments = {0}, empty_lines = {0};
    pending_comments pc = {{0}, {0}};
    int directives_done = 0;
    int shebang = p.len >= 2 && p.data[0] == '#' && p.data[1] == '!';
    df_line ln;

    while (df_next_line(&p, &ln)) {
        if (is_comment(ln.raw, ln.len)) {
            add_file_comment(&p, &all_comments, &ln);
            size_t tb = df_trim_left(ln.raw + 1, ln.raw_len - 1) + 1;
            size_t te = tb + df_trim_right(ln.raw + tb, ln.raw_len - tb);
            if (te == tb) {
                pc.texts.len = 0;
                pc.lines.len = 0;
            } else {
                pl_vec_push(a, &pc.texts, pl_arena_strndup(a, ln.raw + tb, te - tb));
                pl_vec_push(a, &pc.lines, (void *)(intptr_t)ln.lineno);
            }
        }
        size_t lead = df_trim_left(ln.raw, ln.len);
        const char *t = ln.raw + lead;
        size_t tl = ln.len - lead;

        if (!directives_done) {
            const char *name, *value;
            if (!directive_shape(a, t, tl, &name, &value) || !known_directive(name)) {
                directives_done = 1;
            } else if (find_directive(&dirs, name)) {
                df_parse_error(&p, line_span(ln.lineno, (int)lead + 1, (int)ln.len),
                            pl_arena_printf(a, "only one %s parser directive can be used", name));
            } else if (strcmp(name, "escape") == 0 && strcmp(value, "`") != 0 &&
                       strcmp(value, "\\") != 0) {
                df_parse_error(&p, line_span(ln.lineno, (int)lead + 1, (int)ln.len),
                            pl_arena_printf(a, "invalid escape token '%s' does not match ` or \\",
                                            value));
            } else {
                pl_df_directive *d = PL_NEW(a, pl_df_directive);
                d->name = name;
                d->value = value;
                d->span = line_span(ln.lineno, (int)lead + 1, (int)ln.len);
                pl_vec_push(a, &dirs, d);
                if (strcmp(name, "escape") == 0)
                    p.escape = df->escape = value[0];
                if (pc.texts.len > 0) {
                    pc.texts.len--;
                    pc.lines.len--;
                }
            }
        }
        if (is_comment(t, tl))
            tl = 0;
        int eol;
        size_t keep = trim_continuation(&p, t, tl, &eol);
        if (eol && keep == 0)
            continue;

        pl_strbuf orig;
        pl_sb_init(&orig, a);
        pl_vec segs = {0};
        pl_df_segment *seg = PL_NEW(a, pl_df_segment);
        seg->offset = 0;
        seg->line = ln.lineno;
        seg->col = (int)lead + 1;
        pl_vec_push(a, &segs, seg);
        pl_sb_append(&orig, t, keep);
        int last_line = ln.lineno;
        int end_col = ln.len > 0 ? (int)ln.len : 1;
        int empty_continuation = 0;

        while (!eol && df_next_line(&p, &ln)) {
            last_line = ln.lineno;
            end_col = ln.len > 0 ? (int)ln.len : 1;
            if (is_comment(ln.raw, ln.len)) {
                add_file_comment(&p, &all_comments, &ln);
                continue;
            }
            if (df_trim_left(ln.raw, ln.len) == ln.len) {
                empty_continuation = 1;
                pl_vec_push(a, &empty_lines, (void *)(intptr_t)ln.lineno);
                continue;
            }
            keep = trim_continuation(&p, ln.raw, ln.len, &eol);
            if (keep > 0) {
                seg = PL_NEW(a, pl_df_segment);
                seg->offset = orig.len;
                seg->line = ln.lineno;
                seg->col = 1;
                pl_vec_push(a, &segs, seg);
            }
            pl_sb_append(&orig, ln.raw, keep);
        }

        pl_df_instr *ins = PL_NEW(a, pl_df_instr);
        ins->index = (int)instrs.len;
        ins->original_len = orig.len;
        ins->original = pl_sb_str(&orig);
        ins->nsegments = (int)segs.len;
        ins->segments = PL_NEW_N(a, pl_df_segment, segs.len);
        for (size_t i = 0; i < segs.len; i++)
            ins->segments[i] = *PL_VEC_AT(segs, pl_df_segment *, i);
        attach_comments(&p, ins, &pc);
        df_node_from_line(&p, ins);

        if (empty_continuation)
            pl_diag_add(a, &df->diags, PL_DIAG_WARNING, line_span(last_line, 1, 1),
                        "NoEmptyContinuation", "Empty continuation line");

        if (can_contain_heredoc(ins) && memmem(ins->original, ins->original_len, "<<", 2)) {
            int before = last_line;
            last_line = read_heredocs(&p, ins, last_line);
            if (last_line != before && ins->nheredocs > 0)
                end_col = ins->heredocs[ins->nheredocs - 1].body_span.end_col;
            if (ins->sub) {
                /* BuildKit hangs them on the ONBUILD node; the trigger shares them */
                ins->sub->heredocs = ins->heredocs;
                ins->sub->nheredocs = ins->nheredocs;
            }
        }
        ins->span = pl_span_make(ins->keyword_span.line, ins->keyword_span.col, last_line, end_col);
        if (ins->sub)
            ins->sub->span = pl_span_make(ins->sub->keyword_span.line, ins->sub->keyword_span.col,
                                          last_line, end_col);
        pl_vec_push(a, &instrs, ins);
    }

    if (shebang)
        directives_after_shebang(&p, &dirs);

    df->ninstrs = (int)instrs.len;
    df->instrs = PL_NEW_N(a, pl_df_instr *, instrs.len ? instrs.len : 1);
    for (size_t i = 0; i < instrs.len; i++)
        df->instrs[i] = PL_VEC_AT(instrs, pl_df_instr *, i);
    df->ndirectives = (int)dirs.len;
    df->directives = PL_NEW_N(a, pl_df_directive, dirs.len ? dirs.len : 1);
    for (size_t i = 0; i < dirs.len; i++)
        df->directives[i] = *PL_VEC_AT(dirs, pl_df_directive *, i);
    df->ncomments = (int)all_comments.len;
    df->comments = PL_NEW_N(a, pl_df_comment, all_comments.len ? all_comments.len : 1);
    for (size_t i = 0; i < all_comments.len; i++)
        df->comments[i] = *PL_VEC_AT(all_comments, pl_df_comment *, i);
    df->nempty_continuation_lines = (int)empty_lines.len;
    df->empty_continuation_lines = PL_NEW_N(a, int, empty_lines.len ? empty_lines.len : 1);
    for (size_t i = 0; i < empty_lines.len; i++)
        df->empty_continuation_lines[i] = (int)(intptr_t)empty_lines.items[i];

    if (df->ninstrs == 0)
        df_parse_error(&p, line_span(p.lineno > 0 ? p.lineno : 1, 1, 1), "file with no instructions");

    df_check_instructions(a, df);
    return df;
}
