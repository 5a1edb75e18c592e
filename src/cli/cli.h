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
void pl_usage(FILE *out);
void pl_print_version(void);

#endif
