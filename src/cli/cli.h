/* cli.h — the subcommands of the plimsoll binary. Each returns the exit
 * status (0 clean, 1 findings at or above the threshold, 2 usage/input). */
#ifndef PLIMSOLL_CLI_H
#define PLIMSOLL_CLI_H

int pl_cmd_check(int argc, char **argv);
int pl_cmd_rules(int argc, char **argv);
int pl_cmd_explain(int argc, char **argv);
int pl_cmd_parse(int argc, char **argv);
int pl_cmd_context(int argc, char **argv);
int pl_cmd_init(int argc, char **argv);
int pl_cmd_hook(int argc, char **argv);
int pl_cmd_completion(int argc, char **argv);
int pl_cmd_man(int argc, char **argv);
int pl_cmd_docs(int argc, char **argv);
int pl_cmd_merge(int argc, char **argv);
/* The build units of the Dockerfiles under `dir`, as `plimsoll check dir`
 * finds them, into r->units (context_units.c). Returns 0, or -1 when the
 * config is invalid or discovery fails (a message is printed). */
struct pl_report;
struct pl_arena;
int pl_cli_context_units(struct pl_arena *a, const char *dir, struct pl_report *r);
void pl_usage(FILE *out);
void pl_print_version(void);

#endif
