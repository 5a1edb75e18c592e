/* env_secret.h — whether a .env file's text holds a secret.
 *
 * Owns the judgement the context and repository rules share: a `NAME=value`
 * line (comments and `export ` aside) whose name says secret (a `_`, `.` or
 * `-` delimited word: password, secret, token, key, auth, credential(s),
 * private, dsn ...) and whose value is set and not a placeholder
 * (`changeme`, `<your token>`, `${VAR}` ...), or whose value is a URL with a
 * password in it. A fixture (`HELLO=world`) or a template of empty or
 * commented keys holds none.
 */
#ifndef PLIMSOLL_ENV_SECRET_H
#define PLIMSOLL_ENV_SECRET_H

#include <stddef.h>

/* The 1-based line of the first secret in `len` bytes (need not be
 * NUL-terminated); 0 when there is none. */
int pl_env_text_secret(const char *data, size_t len);

#endif
