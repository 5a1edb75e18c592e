/* json_stream.h — reading a large JSON document a piece at a time.
 *
 * Owns: walking a document whose top level is an object member by member,
 * and the members whose value is an array element by element, each piece
 * parsed by cJSON on its own and freed by the caller, so that the memory
 * holds one element and not the whole tree (`plimsoll merge` reads reports
 * of tens of megabytes). Any valid JSON layout is read; what is not valid
 * JSON makes the walk fail.
 */
#ifndef PLIMSOLL_JSON_STREAM_H
#define PLIMSOLL_JSON_STREAM_H

#include <stdio.h>

#include <cjson/cJSON.h>

typedef struct pl_jstream pl_jstream;

/* Starts at the document's first byte; NULL when out of memory. */
pl_jstream *pl_jstream_open(FILE *fp);
void pl_jstream_close(pl_jstream *s);

/* The next member's key (valid until the next call), or NULL after the
 * last member or on an error (pl_jstream_failed says which). */
const char *pl_jstream_key(pl_jstream *s);
/* Whether the current member's value is an array. */
int pl_jstream_at_array(pl_jstream *s);
/* The current member's value, whole (the caller deletes it); NULL on an
 * error. */
cJSON *pl_jstream_value(pl_jstream *s);
/* For a member whose value is an array: its next element (the caller
 * deletes it); NULL after the last one or on an error. */
cJSON *pl_jstream_element(pl_jstream *s);
/* Passes over the current member's value without parsing it (nor
 * judging whether it is valid). */
void pl_jstream_skip(pl_jstream *s);
int pl_jstream_failed(const pl_jstream *s);

#endif
