/* fuzz_compose_rules.c — every compose rule (PL0003, PL2100-PL2115, the
 * off-by-default ones included) over arbitrary compose files, with rule
 * options set, through the whole engine: YAML reading, schema validation,
 * dclint's rules and pragmas. Every finding needs a real position and a
 * message. */
#include "fuzz_rules.h"

static const char *const compose_rules[] = {
    "PL0003", "PL2100", "PL2101", "PL2102", "PL2103", "PL2104", "PL2105", "PL2106", "PL2107",
    "PL2108", "PL2109", "PL2110", "PL2111", "PL2112", "PL2113", "PL2114", "PL2115"};

static const char options[] =
    "options:\n"
    "  no-build-and-image: {checkPullPolicy: false}\n"
    "  require-quotes-in-ports: {quoteType: double, portsSections: [ports, expose, x]}\n"
    "  service-keys-order: {groupOrder: [Other, Core Definitions], groups: {Other: [a]}}\n"
    "  top-level-properties-order: {customOrder: [services, x-properties]}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* libyaml also breaks lines at CR, NEL, LS and PS, and the YAML reader
 * reports its lines (a known difference from the '\n' lines everything
 * else counts); such inputs are left to the YAML reader's own target. */
static int other_line_breaks(const uint8_t *d, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (d[i] == '\r' || (d[i] == 0xC2 && i + 1 < n && d[i + 1] == 0x85) ||
            (d[i] == 0xE2 && i + 2 < n && d[i + 1] == 0x80 && (d[i + 2] == 0xA8 || d[i + 2] == 0xA9)))
            return 1;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (other_line_breaks(data, size))
        return 0;
    fuzz_rules_setup s = {compose_rules, (int)(sizeof compose_rules / sizeof *compose_rules), NULL,
                          0, size && data[0] == '#' ? options : NULL, NULL, PL_KIND_COMPOSE};
    return fuzz_rules_run(data, size, &s);
}
