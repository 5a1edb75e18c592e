/* config_options.c — reading rule options kept under `options:`. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "plimsoll/config.h"

const pl_config_value *pl_config_value_get(const pl_config_value *map, const char *key)
{
    if (!map || map->kind != PL_CV_MAP)
        return NULL;
    const pl_config_value *found = NULL;
    for (int i = 0; i < map->n; i++)
        if (!strcmp(map->keys[i], key))
            found = map->items[i];
    return found;
}

const pl_config_value *pl_config_rule_option(const pl_config *cfg, const pl_rule *r,
                                             const char *name)
{
    if (!cfg || !r)
        return NULL;
    const pl_config_value *found = NULL;
    for (int i = 0; i < cfg->noptions; i++) {
        if (!pl_rule_matches(r, cfg->options[i].rule))
            continue;
        const pl_config_value *v = pl_config_value_get(cfg->options[i].options, name);
        if (v)
            found = v;
    }
    return found;
}

int pl_config_option_bool(const pl_config_value *v, int def)
{
    if (!v || v->kind != PL_CV_BOOL || !v->text)
        return def;
    return v->text[0] == 't' || v->text[0] == 'T';
}

long long pl_config_option_int(const pl_config_value *v, long long def)
{
    if (!v || v->kind != PL_CV_NUMBER || !v->text)
        return def;
    char *end;
    long long n = strtoll(v->text, &end, 0);
    return *end ? def : n;
}

const char *pl_config_option_string(const pl_config_value *v, const char *def)
{
    if (!v || v->kind != PL_CV_STRING || !v->text)
        return def;
    return v->text;
}

int pl_config_option_strings(pl_arena *a, const pl_config_value *v, const char ***items)
{
    if (!v)
        return 0;
    if (v->kind == PL_CV_STRING) {
        *items = PL_NEW_N(a, const char *, 1);
        (*items)[0] = v->text;
        return 1;
    }
    if (v->kind != PL_CV_LIST)
        return 0;
    const char **out = PL_NEW_N(a, const char *, v->n ? v->n : 1);
    int n = 0;
    for (int i = 0; i < v->n; i++)
        if (v->items[i]->kind != PL_CV_MAP && v->items[i]->kind != PL_CV_LIST && v->items[i]->text)
            out[n++] = v->items[i]->text;
    *items = out;
    return n;
}
