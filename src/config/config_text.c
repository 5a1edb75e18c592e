/* config_text.c — small text helpers of the config loader: YAML scalar
 * types, size values ("70MB"), severity names and the nearest valid name for a typo.
 *
 * Sizes follow Docker's units (go-units FromHumanSize for the decimal
 * ones): K, KB, M, MB, G, GB, T, TB are powers of 1000; KiB, MiB, GiB, TiB
 * (and Ki, Mi, Gi, Ti) are powers of 1024; B or no unit is bytes. Units are
 * case-insensitive, a space may separate them from the number, and the
 * number may have a fraction ("1.5GiB"), of which nine digits count; the
 * result is truncated to whole bytes.
 */
#include "config_internal.h"
#include "plimsoll/config.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* ---- sizes -------------------------------------------------------------------- */

static const struct {
    const char *unit;
    long long bytes;
} size_units[] = {
    {"", 1},
    {"b", 1},
    {"k", 1000LL},
    {"kb", 1000LL},
    {"ki", 1LL << 10},
    {"kib", 1LL << 10},
    {"m", 1000LL * 1000},
    {"mb", 1000LL * 1000},
    {"mi", 1LL << 20},
    {"mib", 1LL << 20},
    {"g", 1000LL * 1000 * 1000},
    {"gb", 1000LL * 1000 * 1000},
    {"gi", 1LL << 30},
    {"gib", 1LL << 30},
    {"t", 1000LL * 1000 * 1000 * 1000},
    {"tb", 1000LL * 1000 * 1000 * 1000},
    {"ti", 1LL << 40},
    {"tib", 1LL << 40},
};

long long pl_config_parse_size(const char *s)
{
    enum { FRACTION_DIGITS = 9 };
    const long long fraction_scale = 1000000000LL;
    if (!s)
        return -1;
    while (*s == ' ' || *s == '\t')
        s++;
    if (!isdigit((unsigned char)*s))
        return -1;
    long long whole = 0;
    for (; isdigit((unsigned char)*s); s++) {
        int d = *s - '0';
        if (whole > (PL_CONFIG_SIZE_MAX - d) / 10)
            return -1;
        whole = whole * 10 + d;
    }
    long long fraction = 0; /* in units of 10^-9 */
    if (*s == '.') {
        s++;
        if (!isdigit((unsigned char)*s))
            return -1;
        int ndigits = 0;
        for (; isdigit((unsigned char)*s); s++)
            if (ndigits < FRACTION_DIGITS) {
                fraction = fraction * 10 + (*s - '0');
                ndigits++;
            }
        for (; ndigits < FRACTION_DIGITS; ndigits++)
            fraction *= 10;
    }
    while (*s == ' ' || *s == '\t')
        s++;
    size_t unit_len = strlen(s);
    while (unit_len && (s[unit_len - 1] == ' ' || s[unit_len - 1] == '\t'))
        unit_len--;
    long long scale = 0;
    for (size_t i = 0; i < sizeof size_units / sizeof size_units[0] && !scale; i++)
        if (strlen(size_units[i].unit) == unit_len &&
            strncasecmp(s, size_units[i].unit, unit_len) == 0)
            scale = size_units[i].bytes;
    if (!scale)
        return -1;
    if (whole > PL_CONFIG_SIZE_MAX / scale)
        return -1;
    /* scale * fraction / 10^9 without overflow: split scale at 10^9. */
    long long high = scale / fraction_scale, low = scale % fraction_scale;
    long long fraction_bytes = high * fraction + low * fraction / fraction_scale;
    if (whole * scale > PL_CONFIG_SIZE_MAX - fraction_bytes)
        return -1;
    return whole * scale + fraction_bytes;
}

/* ---- scalar types ------------------------------------------------------------- */

static int text_in(const char *s, const char *const *set)
{
    for (; *set; set++)
        if (strcmp(s, *set) == 0)
            return 1;
    return 0;
}

static int all_digits(const char *s, int (*is_digit)(int))
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!is_digit((unsigned char)*s))
            return 0;
    return 1;
}

static int is_octal_digit(int c) { return c >= '0' && c <= '7'; }

/* [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )? */
static int is_core_float(const char *s)
{
    if (*s == '-' || *s == '+')
        s++;
    int digits = 0;
    while (isdigit((unsigned char)*s))
        s++, digits++;
    if (*s == '.') {
        s++;
        while (isdigit((unsigned char)*s))
            s++, digits++;
    }
    if (!digits)
        return 0;
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '-' || *s == '+')
            s++;
        return all_digits(s, isdigit);
    }
    return *s == '\0';
}

static int is_core_int(const char *s)
{
    if (s[0] == '0' && s[1] == 'o')
        return all_digits(s + 2, is_octal_digit);
    if (s[0] == '0' && s[1] == 'x')
        return all_digits(s + 2, isxdigit);
    if (*s == '-' || *s == '+')
        s++;
    return all_digits(s, isdigit);
}

pl_config_scalar_type pl_config_plain_scalar_type(const char *s)
{
    static const char *const nulls[] = {"", "~", "null", "Null", "NULL", NULL};
    static const char *const bools[] = {"true", "True", "TRUE", "false", "False", "FALSE", NULL};
    static const char *const specials[] = {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF",
                                           "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN",
                                           NULL};
    if (text_in(s, nulls))
        return SCALAR_NULL;
    if (text_in(s, bools))
        return SCALAR_BOOL;
    if (is_core_int(s) || is_core_float(s) || text_in(s, specials))
        return SCALAR_NUMBER;
    return SCALAR_STRING;
}

/* ---- severities ------------------------------------------------------------------ */

int pl_config_severity_parse(const char *s)
{
    static const struct {
        const char *name;
        int severity;
    } names[] = {
        {"error", PL_SEV_ERROR}, {"warning", PL_SEV_WARNING}, {"info", PL_SEV_INFO},
        {"style", PL_SEV_STYLE}, {"none", PL_SEV_NONE},       {"ignore", PL_SEV_NONE},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(s, names[i].name) == 0)
            return names[i].severity;
    return PL_CONFIG_SEVERITY_UNKNOWN;
}

/* ---- nearest names ---------------------------------------------------------------- */

/* Lowercase, separators dropped: `failure_threshold`, `failureThreshold` and
 * `failure-threshold` all normalise alike. */
static size_t normalise_name(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    for (; *s && n < cap; s++) {
        if (*s == '-' || *s == '_' || *s == ' ' || *s == '.')
            continue;
        out[n++] = (char)tolower((unsigned char)*s);
    }
    return *s ? cap + 1 : n; /* cap + 1: too long to compare */
}

static size_t edit_distance(const char *a, size_t na, const char *b, size_t nb)
{
    size_t row[65];
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}

/* Typo distance: up to a third of the candidate's length, at most 3. */
const char *pl_config_nearest(const char *typed, const char *const *candidates)
{
    enum { CAP = 64 };
    char a[CAP], b[CAP];
    size_t na = normalise_name(typed, a, CAP);
    if (na > CAP || na == 0)
        return NULL;
    const char *best = NULL;
    size_t best_distance = (size_t)-1;
    for (const char *const *c = candidates; *c; c++) {
        size_t nb = normalise_name(*c, b, CAP);
        if (nb > CAP)
            continue;
        size_t d = edit_distance(a, na, b, nb);
        size_t allowed = (nb + 2) / 3;
        if (allowed > 3)
            allowed = 3;
        int prefix = na >= 3 && na < nb && memcmp(a, b, na) == 0;
        if ((d <= allowed || prefix) && d < best_distance) {
            best = *c;
            best_distance = d;
        }
    }
    return best;
}

