/* fuzz_json_stream.c — libFuzzer target for the piece-at-a-time JSON reader
 * (`plimsoll merge` reads reports with it). The input is the document. It
 * is walked as merge walks it: every member, arrays element by element,
 * other values whole or passed over. Besides not crashing or hanging: when
 * cJSON reads the whole document as an object, the walk must not fail and
 * must see the same members and, in each array, the same elements. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "plimsoll/json_stream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size)
        return 0;
    FILE *fp = fmemopen((void *)data, size, "rb");
    if (!fp)
        return 0;
    pl_jstream *s = pl_jstream_open(fp);
    if (!s) {
        fclose(fp);
        return 0;
    }
    /* what the walk saw: per member, -1 for a value read whole or passed
     * over, else the number of elements of its array */
    int seen[64], nseen = 0, skipped = 0;
    for (const char *key; (key = pl_jstream_key(s));) {
        int n = -1;
        if (pl_jstream_at_array(s)) {
            n = 0;
            for (cJSON *e; (e = pl_jstream_element(s)); n++) {
                if (!cJSON_IsObject(e) && !cJSON_IsArray(e) && !cJSON_IsString(e) &&
                    !cJSON_IsNumber(e) && !cJSON_IsBool(e) && !cJSON_IsNull(e))
                    __builtin_trap();
                cJSON_Delete(e);
            }
        } else if (key[0] == 's') {
            /* passed over unread, as a member merge does not need */
            pl_jstream_skip(s);
            skipped = 1;
        } else {
            cJSON_Delete(pl_jstream_value(s));
        }
        if (nseen < 64)
            seen[nseen] = n;
        nseen++;
    }
    int failed = pl_jstream_failed(s);
    pl_jstream_close(s);
    fclose(fp);

    /* the oracle, when nothing was passed over unjudged */
    cJSON *whole = cJSON_ParseWithLength((const char *)data, size);
    if (whole && cJSON_IsObject(whole) && !skipped) {
        if (failed || nseen != cJSON_GetArraySize(whole))
            __builtin_trap();
        int i = 0;
        for (const cJSON *m = whole->child; m && i < 64; m = m->next, i++)
            if (seen[i] != (cJSON_IsArray(m) ? cJSON_GetArraySize(m) : -1))
                __builtin_trap();
    }
    cJSON_Delete(whole);
    return 0;
}
