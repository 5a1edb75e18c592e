/* cmd_init.c — `plimsoll init`: write a commented .plimsoll.yaml. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "plimsoll/config.h"

int pl_cmd_init(int argc, char **argv)
{
    const char *path = ".plimsoll.yaml";
    int force = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--force"))
            force = 1;
        else
            path = argv[i];
    }
    int fd = open(path, O_WRONLY | O_CREAT | (force ? O_TRUNC : O_EXCL), 0644);
    if (fd < 0) {
        if (errno == EEXIST)
            fprintf(stderr, "plimsoll: %s exists; use --force to overwrite it\n", path);
        else
            perror(path);
        return 2;
    }
    const char *t = pl_config_template();
    size_t n = strlen(t);
    int ok = write(fd, t, n) == (ssize_t)n;
    close(fd);
    if (!ok) {
        perror(path);
        return 2;
    }
    printf("wrote %s\n", path);
    return 0;
}
