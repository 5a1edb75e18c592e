/* json_stream.c — see json_stream.h. Each piece's bytes are gathered by
 * tracking strings (and their escapes) and nesting, then parsed by cJSON,
 * which judges whether they are valid. */
#include "plimsoll/json_stream.h"

#include <stdlib.h>
#include <string.h>

typedef enum {
    AT_START,   /* before the document's '{' */
    AT_MEMBERS, /* between members */
    AT_VALUE,   /* after a key's ':' */
    IN_ARRAY,   /* inside the current member's array, before an element */
    AT_END,
} place;

struct pl_jstream {
    FILE *fp;
    place at;
    int failed;
    int elements; /* elements read of the current array */
    int discard;  /* gathering only to pass over a value */
    char *buf;    /* the piece being gathered */
    size_t len, cap;
    char *key;
};

pl_jstream *pl_jstream_open(FILE *fp)
{
    pl_jstream *s = calloc(1, sizeof *s);
    if (s)
        s->fp = fp;
    return s;
}

void pl_jstream_close(pl_jstream *s)
{
    if (!s)
        return;
    free(s->buf);
    free(s->key);
    free(s);
}

int pl_jstream_failed(const pl_jstream *s) { return s->failed; }

static int fail(pl_jstream *s)
{
    s->failed = 1;
    s->at = AT_END;
    return -1;
}

/* Whitespace as cJSON skips it (every byte up to the space), so that a
 * document reads the same whole or in pieces. */
static int is_space(int c) { return c != EOF && c <= ' '; }

/* The next byte that is not whitespace (consumed), or EOF. */
static int next_byte(pl_jstream *s)
{
    int c;
    do
        c = getc_unlocked(s->fp);
    while (is_space(c));
    return c;
}

static int put(pl_jstream *s, int c)
{
    if (s->discard)
        return 0;
    if (s->len + 2 > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 4096;
        char *grown = realloc(s->buf, cap);
        if (!grown)
            return fail(s);
        s->buf = grown;
        s->cap = cap;
    }
    s->buf[s->len++] = (char)c;
    return 0;
}

/* Gathers one value starting with byte c into buf; `after` gets the byte
 * that follows a number or a literal (EOF when none was read). */
static int gather(pl_jstream *s, int c, int *after)
{
    s->len = 0;
    *after = EOF;
    if (c == '"' || c == '{' || c == '[') {
        int depth = 0, in_string = 0;
        for (;; c = getc_unlocked(s->fp)) {
            if (c == EOF || put(s, c) != 0)
                return fail(s);
            if (in_string) {
                if (c == '\\') {
                    int e = getc_unlocked(s->fp);
                    if (e == EOF || put(s, e) != 0)
                        return fail(s);
                } else if (c == '"') {
                    in_string = 0;
                    if (!depth)
                        break;
                }
            } else if (c == '"') {
                in_string = 1;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (--depth == 0)
                    break;
                if (depth < 0)
                    return fail(s);
            }
        }
    } else {
        /* a number, true, false or null: up to the next delimiter */
        size_t n = 0;
        for (; c != EOF && !is_space(c) && c != ',' && c != ']' && c != '}'; c = getc_unlocked(s->fp), n++)
            if (put(s, c) != 0)
                return -1;
        if (!n)
            return fail(s);
        *after = c;
    }
    if (!s->discard)
        s->buf[s->len] = '\0';
    return 0;
}

/* The gathered bytes as one JSON value: all of them (cJSON alone would
 * take "1x" as 1). */
static cJSON *parse_gathered(pl_jstream *s)
{
    const char *end = NULL;
    cJSON *v = cJSON_ParseWithLengthOpts(s->buf, s->len, &end, 0);
    if (v && end != s->buf + s->len) {
        cJSON_Delete(v);
        v = NULL;
    }
    if (!v)
        fail(s);
    return v;
}

/* The byte after a value: a comma goes on, `close` ends the container;
 * `after` is the byte gather already read past a scalar. */
static int after_value(pl_jstream *s, int after, int close)
{
    int c = after;
    if (c == EOF || is_space(c))
        c = next_byte(s);
    if (c == ',')
        return 1;
    if (c == close)
        return 0;
    return fail(s);
}

const char *pl_jstream_key(pl_jstream *s)
{
    if (s->at == AT_VALUE)
        pl_jstream_skip(s);
    /* the rest of an array nobody read */
    for (cJSON *e; s->at == IN_ARRAY && (e = pl_jstream_element(s));)
        cJSON_Delete(e);
    int c;
    if (s->at == AT_START) {
        if (next_byte(s) != '{')
            return fail(s), NULL;
        c = next_byte(s);
        if (c == '}') {
            s->at = AT_END;
            return NULL;
        }
    } else if (s->at == AT_MEMBERS) {
        c = next_byte(s);
    } else {
        return NULL;
    }
    int after;
    if (c != '"' || gather(s, c, &after) != 0)
        return fail(s), NULL;
    cJSON *k = parse_gathered(s);
    if (!k || !cJSON_IsString(k) || next_byte(s) != ':') {
        cJSON_Delete(k);
        return fail(s), NULL;
    }
    free(s->key);
    s->key = strdup(k->valuestring);
    cJSON_Delete(k);
    if (!s->key)
        return fail(s), NULL;
    s->at = AT_VALUE;
    return s->key;
}

/* Peeks at the value's first byte, leaving it to be read. */
static int peek_value(pl_jstream *s)
{
    int c = next_byte(s);
    if (c != EOF)
        ungetc(c, s->fp);
    return c;
}

int pl_jstream_at_array(pl_jstream *s) { return s->at == AT_VALUE && peek_value(s) == '['; }

/* After a member's value: the next member, or the end of the document. */
static void member_done(pl_jstream *s, int after)
{
    int more = after_value(s, after, '}');
    if (more > 0)
        s->at = AT_MEMBERS;
    else if (more == 0)
        s->at = AT_END;
}

cJSON *pl_jstream_value(pl_jstream *s)
{
    if (s->at != AT_VALUE)
        return NULL;
    int after;
    if (gather(s, next_byte(s), &after) != 0)
        return NULL;
    cJSON *v = parse_gathered(s);
    if (v)
        member_done(s, after);
    return v;
}

void pl_jstream_skip(pl_jstream *s)
{
    if (s->at != AT_VALUE)
        return;
    int after;
    s->discard = 1;
    int rc = gather(s, next_byte(s), &after);
    s->discard = 0;
    if (rc == 0)
        member_done(s, after);
}

cJSON *pl_jstream_element(pl_jstream *s)
{
    if (s->at == AT_VALUE) {
        if (next_byte(s) != '[')
            return fail(s), NULL;
        s->at = IN_ARRAY;
        s->elements = 0;
    }
    if (s->at != IN_ARRAY)
        return NULL;
    int c = next_byte(s);
    if (c == ']' && !s->elements) {
        member_done(s, EOF);
        return NULL;
    }
    int after;
    if (gather(s, c, &after) != 0)
        return NULL;
    cJSON *v = parse_gathered(s);
    if (!v)
        return NULL;
    s->elements++;
    int more = after_value(s, after, ']');
    if (more == 0)
        member_done(s, EOF);
    else if (more < 0) {
        cJSON_Delete(v);
        return NULL;
    }
    return v;
}
