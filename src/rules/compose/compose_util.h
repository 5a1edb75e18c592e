/* compose_util.h — what the compose rules share: the parsed documents,
 * services, dclint's reading of port entries, and its sort order. */
#ifndef PLIMSOLL_COMPOSE_UTIL_H
#define PLIMSOLL_COMPOSE_UTIL_H

#include "plimsoll/config.h"
#include "plimsoll/rule.h"
#include "plimsoll/workspace.h"
#include "plimsoll/yaml.h"
#include "rules_decl.h"

/* Rules that compare names pairwise stop at this many (bounded work). */
#define CU_MAX_COMPARED 2000

/* The parsed file; NULL after a skip saying why (unreadable, not YAML). */
const pl_yaml *cu_compose_or_skip(pl_check *c, const pl_file *f);
/* The `services` mapping of a document, or NULL. */
const pl_ynode *cu_services(const pl_ynode *root);
/* A scalar's text ("" for other nodes), as dclint's String(value). */
const char *cu_text(const pl_ynode *n);
/* The span of a pair's key. */
pl_span cu_key_span(const pl_ypair *p);

/* dclint's published port ("8080", "8000-8010", "" for none) and protocol
 * ("tcp" by default) of one `ports` entry, and its host IP ("" for none). */
void cu_port_published(pl_arena *a, const pl_ynode *item, const char **port, const char **proto);
const char *cu_port_host_ip(pl_arena *a, const pl_ynode *item);
/* Whether `s` is an IPv4 or IPv6 address (Node's net.isIP). */
int cu_is_ip(const char *s);

/* An approximation of JavaScript's localeCompare in the root locale for
 * ASCII names: punctuation before digits before letters, case ignored
 * first; with `numeric`, digit runs compare as numbers. */
int cu_collate(const char *a, const char *b, int numeric);

/* The first character of a node as written in the file (a quote for a
 * quoted scalar), or 0. `lines` caches line starts between calls. */
typedef struct {
    const char *data;
    size_t len;
    size_t *starts;
    int n;
} cu_lines;
void cu_lines_init(pl_arena *a, cu_lines *l, const pl_file *f);
char cu_char_at(const cu_lines *l, pl_span s);

/* Where dclint reports a finding at a service key: the line of a scalar
 * value, the line before a mapping or sequence value starts. */
pl_span cu_dclint_key_span(const pl_ypair *p);
/* dclint's line for a top-level key: the first line of the file that
 * starts (after blanks) with `key:`, in any case; 1 when none does. */
int cu_dclint_first_key_line(const cu_lines *l, const char *key);

/* An option of the running rule from the config's `options:`. */
const pl_config_value *cu_option(pl_check *c, const char *name);

/* PL2108 in plimsoll's reading (image_tag.c): the images the project of
 * `f` pulls carry a tag that is not one of `floating`. */
void pl_compose_judge_image_tags(pl_check *c, const pl_file *f, const char *const *floating,
                                 int nfloating);

#endif
