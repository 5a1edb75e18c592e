/* envfile.h — `.env` files read as compose reads them.
 *
 * Owns: the dotenv syntax of compose-go (dotenv/parser.go), which compose
 * uses for the project `.env`, `--env-file` and a service's `env_file:`:
 *   - blank lines and lines whose first non-blank is `#` are skipped; a
 *     UTF-8 BOM at the start is ignored;
 *   - `export ` before a key is dropped;
 *   - `KEY=value` or `KEY: value`; spaces around the separator are dropped;
 *     a key holds letters, digits (any script), `_ . - [ ]`; `=v` sets the
 *     empty name; a key with a space is an error;
 *   - `KEY` alone on its line takes its value from the environment (unset
 *     there, it is not set at all);
 *   - unquoted: up to the end of the line, cut at the first ` #`, trailing
 *     white space (a CR too) dropped, then `${VAR}` interpolated;
 *   - 'single': literal, may span lines, `\'` is a quote;
 *   - "double": may span lines; \a \b \f \n \r \t \v \\ \" \$ and octal
 *     \0NNN are escapes, then `${VAR}` is interpolated (`\$` stays a `$`);
 *     after the closing quote the line goes on as more text (a `#` starts a
 *     comment, anything else another statement, as compose-go does);
 *   - variables come from the lookup first, then from earlier keys.
 *
 * Malformed input (a bad key character, a key with a space, an unterminated
 * quote, a malformed `${` in a value) is an error diagnostic at its line and
 * column: compose refuses the whole file. Parsing goes on at the next line
 * (an unterminated quote ends the file, as it swallows the rest). Everything
 * lives in the arena given; nothing is global but read-only tables.
 */
#ifndef PLIMSOLL_ENVFILE_H
#define PLIMSOLL_ENVFILE_H

#include <stddef.h>

#include "plimsoll/arena.h"
#include "plimsoll/diag.h"
#include "plimsoll/interp.h"

typedef enum {
    PL_ENV_UNQUOTED = 0,
    PL_ENV_SINGLE, /* '...' */
    PL_ENV_DOUBLE, /* "..." */
} pl_env_quote;

typedef struct pl_env_entry {
    const char *name;  /* the key as compose reads it (may be "") */
    /* the value compose sets: quotes, escapes and variables resolved; for an
     * inherited key the environment's value, or NULL when it has none */
    const char *value;
    const char *raw;   /* the value as written, inside its quotes; NULL when inherited */
    pl_span name_span; /* the key (without `export `) */
    pl_span value_span; /* the value as written, quotes included; line 0 when none */
    int line, column;  /* = name_span.line, name_span.col */
    pl_env_quote quote;
    int exported;      /* written with `export ` */
    int inherited;     /* `KEY` alone: the value comes from the environment */
    /* Issues interpolating the value (unset variables, required ones,
     * syntax), positions in the file. Syntax errors are also diagnostics. */
    pl_interp_issue *issues;
    int nissues;
    struct pl_env_entry *next;
} pl_env_entry;

typedef struct pl_envfile {
    const char *path;
    pl_env_entry *entries; /* in file order; a later duplicate wins in compose */
    int count;
    int has_bom;
    int crlf_lines;        /* lines ending in CR LF */
    pl_diag_list diags;    /* errors: compose refuses the file */
} pl_envfile;

/* Parses text[0..len). `env` supplies the variables compose would take from
 * its environment (NULL or a NULL lookup: none). Never NULL. */
pl_envfile *pl_envfile_parse(pl_arena *a, const char *path, const char *text, size_t len,
                             const pl_interp_env *env);

/* The entry compose keeps for `name` (the last one), or NULL. */
const pl_env_entry *pl_envfile_get(const pl_envfile *f, const char *name);

/* A lookup over the file's entries (for pl_interp_env.ud = the envfile):
 * what compose interpolates a compose file with when this is its `.env`. */
int pl_envfile_lookup(void *envfile, const char *name, size_t name_len, const char **value);

/* `{"kind":"envfile","entries":[{"line":N,"column":C,"name":"K","value":"v"}],
 *   "diagnostics":[{"line":N,"column":C,"severity":"error","message":"..."}]}`
 * plus a newline. An inherited key without a value has "value": null. */
void pl_envfile_dump_json(const pl_envfile *f, pl_strbuf *out);

/* A file name that says it is an example env file: among its dot-separated
 * parts, `env` and one of example, sample, template, dist, tmpl, tpl
 * (`.env.example`, `.env.local.sample`, `example.env`), one part `env-`
 * or `env_` followed by such a word (`.env-example`, `env_sample`), or a
 * part after `env` ending in `-` or `_` and such a word
 * (`.env.dev-sample`). `path` may hold directories. */
int pl_env_example_name(const char *path);

/* ---- secrets ------------------------------------------------------------
 * The one judgement of "a real-looking secret" that every rule uses: the
 * example env file rule, compose's inline secrets, a .env sent in a build
 * context, a .env tracked by git. */

/* A name that says it holds a secret: one of its words (split at `_`, `-`,
 * `.` and lower-to-upper case changes) is PASSWORD, PASSWD, PASS, PWD, PW,
 * SECRET, TOKEN, APIKEY, CREDENTIAL(S), DSN..., or KEY after API, ACCESS,
 * SECRET, PRIVATE, AUTH... (so not KEYBOARD or SORT_KEY). Not when a word
 * is PUBLIC, nor when a word after the secret one says the name is about it
 * (PASSWORD_FILE, TOKEN_TTL, SECRET_KEY_LENGTH, AWS_ACCESS_KEY_ID). The
 * shell's PWD is not. Case-insensitive. */
int pl_env_name_is_secret(const char *name);

/* A value that stands for "fill this in": empty, `changeme`, `xxx…`,
 * `<...>`, `your-...`, `${...}`, `***`, `TODO`, `secret`, `password`,
 * `example`, `dummy`, `none`, `null`... Case-insensitive. */
int pl_env_value_is_placeholder(const char *value);

/* `name` (may be NULL) set to `value` (as written, inside its quotes) is a
 * real-looking secret: a secret-like name with a value that is not a
 * placeholder (so `TOKEN=1`, `TOKEN=${TOKEN}` and `TOKEN=` are not), any
 * name with a token of a known issuer (ghp_..., AKIA...), or any name with
 * a URL holding a password that is neither a placeholder nor the URL's
 * user name (`postgres://app:s3cr3t@db/app`). A NULL value is none. */
int pl_env_holds_secret(const char *name, const char *value);

/* The same judgement at the grade a file everybody who clones reads
 * needs (compose environment:, Dockerfile ENV): what pl_env_holds_secret
 * holds, and the value looks like a real credential rather than the dev
 * default of a local setup — a token with a known prefix (ghp_, AKIA,
 * sk-, xoxb-, glpat-, AIza...) under any name, a private key, a long hex
 * or UUID value, or a random-looking mix of cases, digits and symbols.
 * `nextcloud`, `mozilla1234`, `P@ssw0rd`, `hunter2` and a password equal
 * to the URL's user are dev defaults, not leaks. */
int pl_env_holds_real_secret(const char *name, const char *value);

/* pl_env_holds_secret for an entry, judged as written; an inherited key
 * (`KEY` alone) holds none. */
int pl_env_entry_holds_secret(const pl_env_entry *e);

/* For a file that is not otherwise parsed (a `.env` in a build context):
 * parses text[0..len) and returns 1 when an entry holds a secret, with its
 * line and name in *line / *name (either may be NULL). */
int pl_envfile_text_holds_secret(pl_arena *a, const char *text, size_t len, int *line,
                                 const char **name);

#endif
