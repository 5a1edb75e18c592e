/* cmd_context.c — `plimsoll context`: the build context after .dockerignore. */
#include <stdio.h>

#include "cli.h"

int pl_cmd_context(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("plimsoll context: not built yet in this version\n", stderr);
    return 2;
}
