/* env_text.h — the character classes and escapes compose-go's dotenv parser
 * relies on (Go's UTF-8 decoding, unicode.IsSpace, unicode.IsLetter/IsNumber,
 * its own isSpace, strconv escapes), private to src/parse/env. */
#ifndef PLIMSOLL_ENV_TEXT_H
#define PLIMSOLL_ENV_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "plimsoll/arena.h"

/* Go's utf8.DecodeRune: an invalid or truncated sequence is U+FFFD, width 1. */
int32_t pl_env_rune_at(const char *s, size_t i, size_t len, size_t *width);

/* unicode.IsSpace */
int pl_env_go_space(int32_t r);

/* dotenv's isSpace: white space that is not a line break */
int pl_env_blank(int32_t r);

/* unicode.IsLetter(r) || unicode.IsNumber(r) */
int pl_env_letter_or_number(int32_t r);

/* End of s[b..e) once trailing unicode.IsSpace runes are dropped. */
size_t pl_env_trim_right(const char *s, size_t b, size_t e);

/* A string with, for each of its bytes, the offset in the file it came
 * from (so issues found in an unescaped value point into the file). */
typedef struct {
    char *data;
    size_t *src;
    size_t len, cap;
} pl_env_mapped;

void pl_env_mapped_put(pl_arena *a, pl_env_mapped *m, char c, size_t src);

/* dotenv's expandEscapes: \a \b \f \n \r \t \v \\ \" become their byte, `\$`
 * becomes `$$`, `\0` + three octal digits the code point (UTF-8 encoded);
 * anything else (`\c`, `\x41`, `\012`) stays as written. */
void pl_env_expand_escapes(pl_arena *a, const pl_env_mapped *in, pl_env_mapped *out);

#endif
