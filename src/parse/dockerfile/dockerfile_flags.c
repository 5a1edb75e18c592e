/* dockerfile_flags.c — checking flag and port values the way BuildKit does.
 *
 * Owns: RUN --mount (commands_runmount.go: CSV fields, keys, types, sharing,
 * per-type rules), RUN --device, HEALTHCHECK durations (Go's
 * time.ParseDuration) and --retries (strconv.ParseInt), and EXPOSE port specs
 * (convert_expose.go). Values holding a `$` are expanded by BuildKit from
 * build-time variables, so they are not judged here.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dockerfile_internal.h"

/* ---- small Go-compatible parsers ---------------------------------------------------- */

/* strconv.ParseBool */
static int parse_bool(const char *s, int *out)
{
    static const char *const t[] = {"1", "t", "T", "TRUE", "true", "True"};
    static const char *const f[] = {"0", "f", "F", "FALSE", "false", "False"};
    for (int i = 0; i < 6; i++) {
        if (strcmp(s, t[i]) == 0) {
            *out = 1;
            return 1;
        }
        if (strcmp(s, f[i]) == 0) {
            *out = 0;
            return 1;
        }
    }
    return 0;
}

/* strconv.ParseUint(s, base, 32) succeeds */
static int parse_uint32(const char *s, int base)
{
    if (!*s)
        return 0;
    uint64_t v = 0;
    for (; *s; s++) {
        int d = *s - '0';
        if (d < 0 || d >= base)
            return 0;
        v = v * (uint64_t)base + (uint64_t)d;
        if (v > 0xFFFFFFFFu)
            return 0;
    }
    return 1;
}

/* strconv.ParseInt(s, 10, bits); 0 = ok, 1 = syntax, 2 = range */
static int parse_int(const char *s, int bits, long long *out)
{
    const char *p = s;
    int neg = 0;
    if (*p == '+' || *p == '-')
        neg = *p++ == '-';
    if (!*p)
        return 1;
    unsigned long long v = 0, lim = 1ull << (bits - 1);
    int range = 0;
    for (; *p; p++) {
        if (*p < '0' || *p > '9')
            return 1;
        if (!range) {
            v = v * 10 + (unsigned long long)(*p - '0');
            if (v > lim)
                range = 1;
        }
    }
    if (range || (!neg && v == lim))
        return 2;
    *out = neg ? -(long long)v : (long long)v;
    return 0;
}

/* docker/go-units RAMInBytes accepts the value */
static int ram_in_bytes_ok(const char *s)
{
    size_t n = strlen(s);
    ptrdiff_t sep = -1;
    for (size_t i = 0; i < n; i++)
        if (strchr("01234567890. ", s[i]))
            sep = (ptrdiff_t)i;
    if (sep < 0)
        return 0;
    size_t num_end = s[sep] == ' ' ? (size_t)sep : (size_t)sep + 1;
    const char *sfx = s + sep + 1;
    /* the number: decimal digits with at most one '.', optional exponent */
    size_t i = 0, digits = 0;
    if (i < num_end && (s[i] == '+' || s[i] == '-'))
        return 0; /* sign: negative is refused, '+' is unusual enough to skip */
    int dot = 0;
    for (; i < num_end; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            digits++;
        else if (s[i] == '.' && !dot)
            dot = 1;
        else
            return 0;
    }
    if (!digits)
        return 0;
    size_t sl = strlen(sfx);
    if (sl == 0)
        return 1;
    if (sl > 3)
        return 0;
    char l[4] = {0};
    for (size_t k = 0; k < sl; k++)
        l[k] = (char)((sfx[k] >= 'A' && sfx[k] <= 'Z') ? sfx[k] + 32 : sfx[k]);
    if (l[0] == 'b')
        return sl == 1;
    if (!strchr("kmgtp", l[0]))
        return 0;
    if (sl == 2 && l[1] != 'b')
        return 0;
    if (sl == 3 && strcmp(l + 1, "ib") != 0)
        return 0;
    return 1;
}

/* ---- RUN --mount -------------------------------------------------------------------------- */

typedef struct {
    const char **items;
    int n;
} fields_t;

/* csvvalue.Fields; NULL on success, else the error text. */
static const char *csv_fields(pl_arena *a, const char *line, fields_t *out)
{
    size_t n = strlen(line);
    if (n > 0 && line[n - 1] == '\n')
        n -= (n > 1 && line[n - 2] == '\r') ? 2 : 1;
    out->n = 0;
    out->items = PL_NEW_N(a, const char *, n + 1);
    if (n == 0)
        return "EOF";
    size_t pos = 0;
    for (;;) {
        if (pos >= n || line[pos] != '"') {
            const char *comma = memchr(line + pos, ',', n - pos);
            size_t end = comma ? (size_t)(comma - line) : n;
            const char *q = memchr(line + pos, '"', end - pos);
            if (q)
                return pl_arena_printf(a, "parse error on line 1, column %d: bare \" in non-quoted-field",
                                       (int)(q - line) + 1);
            out->items[out->n++] = pl_arena_strndup(a, line + pos, end - pos);
            if (!comma)
                return NULL;
            pos = end + 1;
            continue;
        }
        pos++;
        pl_strbuf sb;
        pl_sb_init(&sb, a);
        for (;;) {
            const char *q = memchr(line + pos, '"', n - pos);
            if (!q)
                return pl_arena_printf(a, "parse error on line 1, column %d: extraneous or missing \" in quoted-field",
                                       (int)pos + 1);
            size_t qi = (size_t)(q - line);
            pl_sb_append(&sb, line + pos, qi - pos);
            pos = qi + 1;
            if (pos < n && line[pos] == '"') {
                pl_sb_putc(&sb, '"');
                pos++;
                continue;
            }
            if (pos < n && line[pos] == ',') {
                pos++;
                out->items[out->n++] = pl_sb_str(&sb);
                break;
            }
            if (pos >= n) {
                out->items[out->n++] = pl_sb_str(&sb);
                return NULL;
            }
            return pl_arena_printf(a, "parse error on line 1, column %d: extraneous or missing \" in quoted-field",
                                   (int)pos);
        }
    }
}

static const char *lower_ascii(pl_arena *a, const char *s, size_t n)
{
    char *o = pl_arena_strndup(a, s, n);
    for (char *p = o; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p + 32);
    return o;
}

enum { MT_BIND, MT_CACHE, MT_TMPFS, MT_SECRET, MT_SSH, MT_UNKNOWN };
static const char *const mount_types[] = {"bind", "cache", "tmpfs", "secret", "ssh"};

int df_check_mount(df_checker *c, const pl_df_flag *f)
{
    pl_arena *a = c->a;
    fields_t fl;
    const char *err = csv_fields(a, f->value, &fl);
    if (err) {
        df_fail(c, f->span, "failed to parse csv mounts: %s", err);
        return 0;
    }
    int type = MT_BIND;
    int has_from = 0, has_source = 0, has_target = 0, has_id = 0, has_sharing = 0;
    int has_mode = 0, has_uid = 0, has_gid = 0;
    df_lex_mode mode = {c->df->escape, 0, 0, 0};

    for (int i = 0; i < fl.n; i++) {
        const char *field = fl.items[i];
        const char *eq = strchr(field, '=');
        const char *key = lower_ascii(a, field, eq ? (size_t)(eq - field) : strlen(field));
        if (!eq) {
            if (!strcmp(key, "readonly") || !strcmp(key, "ro") || !strcmp(key, "readwrite") ||
                !strcmp(key, "rw"))
                continue;
            if (!strcmp(key, "required")) {
                if (type == MT_SECRET || type == MT_SSH || type == MT_UNKNOWN)
                    continue;
                df_fail(c, f->span, "unexpected key '%s' for mount type '%s'", key, mount_types[type]);
                return 0;
            }
            df_fail(c, f->span, "invalid field '%s' must be a key=value pair", field);
            return 0;
        }
        const char *value = eq + 1;
        if (!strcmp(key, "from")) {
            const char *d = strchr(value, '$');
            if (d && d[1] != '\0') {
                df_fail(c, f->span,
                        "'%s' doesn't support variable expansion, define alias stage instead", key);
                return 0;
            }
        }
        int variable = strchr(value, '$') != NULL;
        if (!variable) {
            const char *res, *lerr;
            if (df_lex_process(a, &mode, value, strlen(value), &res, NULL, NULL, &lerr) < 0) {
                df_fail(c, f->span, "failed to process %s: %s", df_quote(a, value), lerr);
                return 0;
            }
            value = res;
        }
        if (!strcmp(key, "type")) {
            if (variable) {
                type = MT_UNKNOWN;
                continue;
            }
            const char *v = lower_ascii(a, value, strlen(value));
            int t = 0;
            while (t < 5 && strcmp(v, mount_types[t]) != 0)
                t++;
            if (t == 5) {
                const char *msg = pl_arena_printf(a, "unsupported mount type %s", df_quote(a, value));
                df_fail(c, f->span, "%s",
                        df_with_suggestion(a, msg, df_suggest(a, value, mount_types, 5, 1)));
                return 0;
            }
            type = t;
        } else if (!strcmp(key, "from")) {
            has_from = *value != 0;
        } else if (!strcmp(key, "source") || !strcmp(key, "src")) {
            has_source = *value != 0;
        } else if (!strcmp(key, "target") || !strcmp(key, "dst") || !strcmp(key, "destination")) {
            has_target = *value != 0;
        } else if (!strcmp(key, "readonly") || !strcmp(key, "ro") || !strcmp(key, "readwrite") ||
                   !strcmp(key, "rw")) {
            int b;
            if (!variable && !parse_bool(value, &b)) {
                df_fail(c, f->span, "invalid value for %s: %s", key, value);
                return 0;
            }
        } else if (!strcmp(key, "required")) {
            if (type != MT_SECRET && type != MT_SSH && type != MT_UNKNOWN) {
                df_fail(c, f->span, "unexpected key '%s' for mount type '%s'", key, mount_types[type]);
                return 0;
            }
            int b;
            if (!variable && !parse_bool(value, &b)) {
                df_fail(c, f->span, "invalid value for %s: %s", key, value);
                return 0;
            }
        } else if (!strcmp(key, "size")) {
            if (type != MT_TMPFS && type != MT_UNKNOWN) {
                df_fail(c, f->span, "unexpected key '%s' for mount type '%s'", key, mount_types[type]);
                return 0;
            }
            if (!variable && !ram_in_bytes_ok(value)) {
                df_fail(c, f->span, "invalid value for %s: %s", key, value);
                return 0;
            }
        } else if (!strcmp(key, "id")) {
            has_id = *value != 0;
        } else if (!strcmp(key, "sharing")) {
            static const char *const modes[] = {"shared", "private", "locked"};
            const char *v = lower_ascii(a, value, strlen(value));
            if (!variable && strcmp(v, "shared") && strcmp(v, "private") && strcmp(v, "locked")) {
                const char *msg = pl_arena_printf(a, "unsupported sharing value %s", df_quote(a, value));
                df_fail(c, f->span, "%s", df_with_suggestion(a, msg, df_suggest(a, value, modes, 3, 1)));
                return 0;
            }
            has_sharing = 1;
        } else if (!strcmp(key, "mode") || !strcmp(key, "uid") || !strcmp(key, "gid")) {
            int is_mode = key[0] == 'm';
            if (!variable && !parse_uint32(value, is_mode ? 8 : 10)) {
                df_fail(c, f->span, "invalid value %s for %s", value, key);
                return 0;
            }
            if (is_mode)
                has_mode = 1;
            else if (key[0] == 'u')
                has_uid = 1;
            else
                has_gid = 1;
        } else if (!strcmp(key, "env")) {
            /* any value */
        } else {
            static const char *const keys[] = {
                "type", "from",     "source",   "target",   "readonly", "id", "sharing",
                "required", "size", "mode",     "uid",      "gid",      "src", "dst",
                "destination", "ro", "rw",      "readwrite", "env",
            };
            const char *msg = pl_arena_printf(a, "unexpected key '%s' in '%s'", key, field);
            df_fail(c, f->span, "%s", df_with_suggestion(a, msg, df_suggest(a, key, keys, 19, 1)));
            return 0;
        }
    }
    if (type == MT_UNKNOWN)
        return 1;
    if (type == MT_BIND || type == MT_TMPFS) {
        const char *what = has_mode ? "mode" : has_uid ? "uid" : has_gid ? "gid" : NULL;
        if (what) {
            df_fail(c, f->span, "%s not allowed for %s type mounts", what,
                    df_quote(a, mount_types[type]));
            return 0;
        }
    }
    if (type == MT_SECRET) {
        const char *msg = has_from      ? "secret mount should not have a from"
                          : has_sharing ? "secret mount should not define sharing"
                          : (!has_source && !has_target && !has_id)
                              ? "invalid secret mount. one of source, target required"
                          : (has_source && has_id) ? "both source and id can't be set"
                                                   : NULL;
        if (msg) {
            df_fail(c, f->span, "%s", msg);
            return 0;
        }
    }
    if (has_sharing && type != MT_CACHE) {
        df_fail(c, f->span, "invalid cache sharing set for %s mount", mount_types[type]);
        return 0;
    }
    return 1;
}

/* ---- RUN --device --------------------------------------------------------------------------- */

int df_check_device(df_checker *c, const pl_df_flag *f)
{
    pl_arena *a = c->a;
    fields_t fl;
    const char *err = csv_fields(a, f->value, &fl);
    if (err) {
        df_fail(c, f->span, "failed to parse csv devices: %s", err);
        return 0;
    }
    const char *name = "";
    for (int i = 0; i < fl.n; i++) {
        const char *field = fl.items[i];
        const char *eq = strchr(field, '=');
        const char *key = lower_ascii(a, field, eq ? (size_t)(eq - field) : strlen(field));
        if (!eq) {
            if (!strcmp(key, "required"))
                continue;
            if (!*name) {
                name = field;
                continue;
            }
            df_fail(c, f->span, "invalid field '%s' must be a key=value pair", field);
            return 0;
        }
        if (!strcmp(key, "name")) {
            if (*name) {
                df_fail(c, f->span, "device name already set to %s", name);
                return 0;
            }
            name = eq + 1;
        } else if (!strcmp(key, "required")) {
            int b;
            if (!parse_bool(eq + 1, &b)) {
                df_fail(c, f->span, "invalid value for %s: %s", key, eq + 1);
                return 0;
            }
        } else if (!*name) {
            name = field;
        } else {
            static const char *const keys[] = {"name", "required"};
            const char *msg = pl_arena_printf(a, "unexpected key '%s' in '%s'", key, field);
            df_fail(c, f->span, "%s", df_with_suggestion(a, msg, df_suggest(a, key, keys, 2, 1)));
            return 0;
        }
    }
    return 1;
}

/* ---- HEALTHCHECK ------------------------------------------------------------------------------ */

/* time.ParseDuration; 0 on success (*ns set), else writes the error. */
static int parse_duration(pl_arena *a, const char *orig, long long *ns, const char **err)
{
    static const struct {
        const char *unit;
        unsigned long long mult;
    } units[] = {
        {"ns", 1ull},         {"us", 1000ull},          {"\xC2\xB5s", 1000ull},
        {"\xCE\xBCs", 1000ull}, {"ms", 1000000ull},     {"s", 1000000000ull},
        {"m", 60000000000ull}, {"h", 3600000000000ull},
    };
    const unsigned long long max = 1ull << 63;
    const char *s = orig;
    const char *invalid = pl_arena_printf(a, "time: invalid duration %s", df_quote(a, orig));
    unsigned long long d = 0;
    int neg = 0;
    if (*s == '-' || *s == '+')
        neg = *s++ == '-';
    if (strcmp(s, "0") == 0) {
        *ns = 0;
        return 0;
    }
    if (!*s) {
        *err = invalid;
        return 1;
    }
    while (*s) {
        unsigned long long v = 0, fr = 0;
        double scale = 1;
        if (!(*s == '.' || (*s >= '0' && *s <= '9'))) {
            *err = invalid;
            return 1;
        }
        const char *start = s;
        while (*s >= '0' && *s <= '9') {
            if (v > max / 10) {
                *err = invalid;
                return 1;
            }
            v = v * 10 + (unsigned long long)(*s - '0');
            if (v > max) {
                *err = invalid;
                return 1;
            }
            s++;
        }
        int pre = s != start, post = 0;
        if (*s == '.') {
            s++;
            const char *fs = s;
            int overflow = 0;
            while (*s >= '0' && *s <= '9') {
                if (!overflow) {
                    if (fr > (max - 1) / 10) {
                        overflow = 1;
                    } else {
                        fr = fr * 10 + (unsigned long long)(*s - '0');
                        scale *= 10;
                    }
                }
                s++;
            }
            post = s != fs;
        }
        if (!pre && !post) {
            *err = invalid;
            return 1;
        }
        const char *us = s;
        while (*s && *s != '.' && !(*s >= '0' && *s <= '9'))
            s++;
        if (s == us) {
            *err = pl_arena_printf(a, "time: missing unit in duration %s", df_quote(a, orig));
            return 1;
        }
        size_t ul = (size_t)(s - us);
        unsigned long long mult = 0;
        for (size_t k = 0; k < sizeof units / sizeof units[0]; k++)
            if (strlen(units[k].unit) == ul && memcmp(units[k].unit, us, ul) == 0)
                mult = units[k].mult;
        if (!mult) {
            *err = pl_arena_printf(a, "time: unknown unit %s in duration %s",
                                   df_quote(a, pl_arena_strndup(a, us, ul)), df_quote(a, orig));
            return 1;
        }
        if (v > max / mult) {
            *err = invalid;
            return 1;
        }
        v *= mult;
        if (fr > 0) {
            v += (unsigned long long)((double)fr * ((double)mult / scale));
            if (v > max) {
                *err = invalid;
                return 1;
            }
        }
        d += v;
        if (d > max) {
            *err = invalid;
            return 1;
        }
    }
    if (neg) {
        *ns = d == max ? INT64_MIN : -(long long)d;
        return 0;
    }
    if (d > max - 1) {
        *err = invalid;
        return 1;
    }
    *ns = (long long)d;
    return 0;
}

int df_check_interval(df_checker *c, const pl_df_flag *f)
{
    if (!f->value || !*f->value)
        return 1;
    long long ns;
    const char *err;
    if (parse_duration(c->a, f->value, &ns, &err)) {
        df_fail(c, f->span, "%s", err);
        return 0;
    }
    if (ns != 0 && ns < 1000000) {
        df_fail(c, f->span, "Interval %s cannot be less than 1ms", df_quote(c->a, f->name));
        return 0;
    }
    return 1;
}

int df_check_retries(df_checker *c, const pl_df_flag *f)
{
    long long v = 0;
    int r = parse_int(f->value, 32, &v);
    if (r) {
        df_fail(c, f->span, "strconv.ParseInt: parsing %s: %s", df_quote(c->a, f->value),
                r == 1 ? "invalid syntax" : "value out of range");
        return 0;
    }
    if (v < 0) {
        df_fail(c, f->span, "--retries cannot be negative (%lld)", v);
        return 0;
    }
    return 1;
}

/* ---- EXPOSE (convert_expose.go) ---------------------------------------------------------------- */

/* parsePortNumber; NULL when fine, else the reason */
static const char *port_number(const char *s, long long *out)
{
    if (!*s)
        return "value is empty";
    int r = parse_int(s, 64, out);
    if (r)
        return r == 1 ? "invalid syntax" : "value out of range";
    if (*out < 0 || *out > 65535)
        return "value out of range (0\xE2\x80\x93" "65535)";
    return NULL;
}

/* parsePortRange; 1 when valid */
static int port_range(pl_arena *a, const char *s, long long *lo, long long *hi)
{
    if (!*s)
        return 0;
    const char *dash = strchr(s, '-');
    const char *start = dash ? pl_arena_strndup(a, s, (size_t)(dash - s)) : s;
    if (port_number(start, lo))
        return 0;
    *hi = *lo;
    if (!dash || strcmp(start, dash + 1) == 0)
        return 1;
    if (port_number(dash + 1, hi) || *hi < *lo)
        return 0;
    return 1;
}

static const char *check_port(pl_arena *a, const char *raw)
{
    /* splitParts */
    int ncolon = 0;
    for (const char *p = raw; *p; p++)
        ncolon += *p == ':';
    const char *ip = "", *host = "", *container = raw;
    if (ncolon >= 1) {
        const char *last = strrchr(raw, ':');
        container = last + 1;
        const char *prev = last;
        while (prev > raw && prev[-1] != ':')
            prev--;
        host = pl_arena_strndup(a, prev, (size_t)(last - prev));
        if (ncolon >= 2)
            ip = pl_arena_strndup(a, raw, (size_t)(prev - 1 - raw));
    }
    /* splitProtoPort */
    const char *slash = strchr(container, '/');
    const char *port = slash ? pl_arena_strndup(a, container, (size_t)(slash - container)) : container;
    if (!*port)
        return pl_arena_printf(a, "invalid port: %s: no port specified", df_quote(a, raw));
    if (slash) {
        const char *proto = lower_ascii(a, slash + 1, strlen(slash + 1));
        if (*proto && strcmp(proto, "tcp") && strcmp(proto, "udp") && strcmp(proto, "sctp"))
            return pl_arena_printf(a, "invalid port: %s: invalid proto: %s", df_quote(a, raw), slash + 1);
    }
    if (*ip) {
        const char *addr = ip;
        size_t il = strlen(ip);
        if (ip[0] == '[') {
            if (il < 2 || ip[il - 1] != ']')
                return pl_arena_printf(a, "invalid IP address %s", ip);
            addr = pl_arena_strndup(a, ip + 1, il - 2);
        }
        unsigned char buf[16];
        if (inet_pton(AF_INET, addr, buf) != 1 && inet_pton(AF_INET6, addr, buf) != 1)
            return pl_arena_printf(a, "invalid IP address: %s", addr);
    }
    long long lo, hi;
    if (!port_range(a, port, &lo, &hi))
        return pl_arena_printf(a, "invalid containerPort: %s", port);
    if (*host) {
        long long hlo, hhi;
        if (!port_range(a, host, &hlo, &hhi))
            return pl_arena_printf(a, "invalid hostPort: %s", host);
        if (hi - lo != hhi - hlo && hi != lo)
            return pl_arena_printf(a, "invalid ranges specified for container and host Ports: %s and %s",
                                   port, host);
    }
    return NULL;
}

int df_check_expose(df_checker *c)
{
    const pl_df_instr *ins = c->ins;
    df_lex_mode mode = {c->df->escape, 0, 0, 0};
    for (int i = 0; i < ins->nargs; i++) {
        const char *arg = ins->args[i].text;
        if (strchr(arg, '$'))
            continue;
        df_lex_word *words;
        int nw;
        const char *err;
        if (df_lex_process(c->a, &mode, arg, strlen(arg), NULL, &words, &nw, &err) < 0) {
            df_fail(c, ins->args[i].span, "failed to process %s: %s", df_quote(c->a, arg), err);
            return 0;
        }
        for (int k = 0; k < nw; k++) {
            const char *msg = check_port(c->a, words[k].text);
            if (msg) {
                df_fail(c, ins->args[i].span, "%s", msg);
                return 0;
            }
        }
    }
    return 1;
}
