/* render.h — helpers the report renderers share (private to src/report).
 *
 * Owns: making untrusted text (paths, messages, evidence quoted from the
 * checked files) safe for each output syntax, and writing a cJSON tree in the
 * one JSON layout every JSON-based format uses.
 */
#ifndef PLIMSOLL_REPORT_RENDER_H
#define PLIMSOLL_REPORT_RENDER_H

#include <stdio.h>

#include <cjson/cJSON.h>

#include "plimsoll/report.h"

/* `s` if it is valid UTF-8, else a copy in `a` with every invalid byte
 * replaced by U+FFFD. NULL becomes "". */
const char *pl_report_utf8(pl_arena *a, const char *s);

/* Writes `s` escaped for XML text and attribute values; characters XML 1.0
 * cannot carry (most control characters, invalid UTF-8) become U+FFFD. */
void pl_report_put_xml(FILE *out, const char *s);

/* Writes `s` for a terminal or Markdown line: control characters (newlines
 * included) become spaces, so a message cannot break the layout or send
 * escape sequences. */
void pl_report_put_line(FILE *out, const char *s);

/* Pretty-prints `item` with two-space indentation and a final newline. */
void pl_report_json_write(FILE *out, const cJSON *item);
/* Writes `root` as pl_report_json_write would once the empty array `hole`
 * in it held `n` objects, built by `item` one at a time and freed once
 * written, so that the memory holds one of them and not all. */
typedef cJSON *(*pl_json_item_fn)(void *ctx, int i);
void pl_report_json_write_stream(FILE *out, const cJSON *root, const cJSON *hole, int n,
                                 pl_json_item_fn item, void *ctx);

/* cJSON string for `s`, made valid UTF-8 first. */
cJSON *pl_report_json_string(pl_arena *a, const char *s);

#endif
