/* shard.h — the stable partition behind `--shard I/N` (see shard.c). */
#ifndef PLIMSOLL_CLI_SHARD_H
#define PLIMSOLL_CLI_SHARD_H

/* "I/N" with 1 <= I <= N; returns 0, or -1 when malformed. */
int pl_shard_parse(const char *s, int *index, int *count);
/* The shard (1..count) a display path belongs to. */
int pl_shard_of(const char *path, int count);

#endif
