/* cmd_man.c — `plimsoll man`: the plimsoll(1) manual page, in roff.
 *
 * Owns the page's layout. Its content comes from where users meet it
 * elsewhere: the synopsis, options and exit statuses from the --help text
 * (helptext.h), the configuration keys from the commented template
 * `plimsoll init` writes, and the rules from the embedded rule table. Only
 * the one-line descriptions of the subcommands are written here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "helptext.h"
#include "plimsoll/config.h"
#include "plimsoll/report.h"
#include "plimsoll/rule.h"

static const struct {
    const char *name, *text;
} command_text[] = {
    {"check", "Check the files and directories given (default: the current directory) and "
              "print the report. The command run when none is named."},
    {"rules", "List every rule: id, name, default severity, kind of file, checklist title "
              "and aliases."},
    {"explain", "Print the documentation of one rule, named by its id, name or any alias."},
    {"parse", "Print the syntax tree of one file as JSON, or for a Dockerfile exactly what "
              "BuildKit's parser dumps."},
    {"context", "Show the build context `docker build` would send from DIR: the files, their "
                "total size, and what the .dockerignore excluded and by which pattern."},
    {"init", "Write a commented .plimsoll.yaml holding the defaults."},
    {"hook", "Install or remove a git pre-commit hook that runs `plimsoll --staged`."},
    {"completion", "Print the completion script for bash, zsh or fish."},
};

/* Text for a roff line: backslashes and dashes escaped, `code` in bold,
 * non-ASCII as \[uXXXX], and a line never starting with a control character. */
static void roff(FILE *out, const char *s)
{
    int bold = 0, at_start = 1;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (at_start && (*p == '.' || *p == '\''))
            fputs("\\&", out);
        at_start = 0;
        if (*p == '\n') {
            fputc(' ', out);
        } else if (*p == '\\') {
            fputs("\\e", out);
        } else if (*p == '-') {
            fputs("\\-", out);
        } else if (*p == '`') {
            fputs(bold ? "\\fR" : "\\fB", out);
            bold = !bold;
        } else if (*p < 0x80) {
            fputc(*p, out);
        } else {
            unsigned cp = 0;
            int more = *p >= 0xF0 ? 3 : *p >= 0xE0 ? 2 : *p >= 0xC0 ? 1 : 0;
            cp = *p & (0x3F >> more);
            for (int i = 0; i < more && (p[1] & 0xC0) == 0x80; i++)
                cp = (cp << 6) | (*++p & 0x3F);
            fprintf(out, "\\[u%04X]", cp);
        }
    }
    if (bold)
        fputs("\\fR", out);
}

static void roff_line(FILE *out, const char *s)
{
    roff(out, s);
    fputc('\n', out);
}

/* Lines kept as they are, for a .nf block. */
static void roff_lines(FILE *out, const char *s)
{
    while (*s) {
        size_t n = strcspn(s, "\n");
        char *line = strndup(s, n);
        if (line)
            roff_line(out, line);
        free(line);
        s += n + (s[n] == '\n');
    }
}

static void option_head(FILE *out, const pl_help_option *o)
{
    fputs(".TP\n", out);
    if (o->short_flag) {
        fputs("\\fB", out);
        roff(out, o->short_flag);
        fputs(o->long_flag ? "\\fR, " : "\\fR", out);
    }
    if (o->long_flag) {
        fputs("\\fB", out);
        roff(out, o->long_flag);
        fputs("\\fR", out);
    }
    if (o->arg) {
        fputs(" \\fI", out);
        roff(out, o->arg);
        fputs("\\fR", out);
    }
    fputc('\n', out);
}

static void synopsis(FILE *out, const pl_help *h)
{
    fputs(".SH SYNOPSIS\n.nf\n", out);
    for (int i = 0; i < h->ncmds; i++) {
        const char *line = h->cmds[i].line;
        const char *rest = strchr(line, ' ');
        fputs("\\fBplimsoll\\fR", out);
        roff_line(out, rest ? rest : "");
    }
    fputs(".fi\n", out);
}

static void commands(FILE *out, const pl_help *h)
{
    fputs(".SH COMMANDS\n", out);
    for (int i = 0; i < h->ncmds; i++) {
        const pl_help_command *c = &h->cmds[i];
        fputs(".TP\n\\fB", out);
        roff(out, c->name);
        fputs("\\fR\n", out);
        for (size_t k = 0; k < sizeof command_text / sizeof *command_text; k++)
            if (!strcmp(command_text[k].name, c->name))
                roff_line(out, command_text[k].text);
        fputs(".br\n.nf\nUsage: \\fBplimsoll\\fR", out);
        const char *rest = strchr(c->line, ' ');
        roff_line(out, rest ? rest : "");
        fputs(".fi\n", out);
    }
}

/* The keys of the template `plimsoll init` writes: each key with the
 * comment above it, its default and the example the comment gives. */
static void config_keys(FILE *out)
{
    fputs(".SH CONFIGURATION\n"
          "plimsoll reads the nearest \\fI.plimsoll.yaml\\fR (or \\fI.plimsoll.yml\\fR) from the "
          "first \\fIPATH\\fR upward to the repository root, or the file given with "
          "\\fB\\-\\-config\\fR. Its keys, "
          "with their defaults:\n",
          out);
    const char *t = pl_config_template();
    char desc[2048], example[1024], nested[1024];
    desc[0] = example[0] = nested[0] = '\0';
    char key[512] = "";
    int first_block = 1;
    for (const char *p = t;; ) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        char line[512];
        snprintf(line, sizeof line, "%.*s", (int)(n < 511 ? n : 511), p);
        if (!*line || !nl) {
            if (*key) {
                fputs(".TP\n\\fB", out);
                char *colon = strchr(key, ':');
                const char *value = colon ? colon + 1 : "";
                if (colon)
                    *colon = '\0';
                roff(out, key);
                fputs("\\fR\n", out);
                roff_line(out, desc);
                if (*value && strspn(value, " ") < strlen(value)) {
                    fputs(".br\nDefault:", out);
                    roff_line(out, value);
                }
                if (*nested) {
                    fputs(".br\nDefault:\n.RS\n.nf\n", out);
                    roff_lines(out, nested);
                    fputs(".fi\n.RE\n", out);
                }
                if (*example) {
                    fputs(".br\nExample:\n.RS\n.nf\n", out);
                    roff_lines(out, example);
                    fputs(".fi\n.RE\n", out);
                }
            } else if (*desc && !first_block) {
                fputs(".PP\n", out);
                roff_line(out, desc);
            }
            if (*desc || *key)
                first_block = 0;
            desc[0] = example[0] = nested[0] = key[0] = '\0';
            if (!nl)
                break;
        } else if (!strncmp(line, "#   ", 4)) {
            size_t len = strlen(example);
            snprintf(example + len, sizeof example - len, "%s\n", line + 4);
        } else if (line[0] == '#') {
            size_t len = strlen(desc);
            snprintf(desc + len, sizeof desc - len, "%s%s", len ? " " : "", line + 1 + (line[1] == ' '));
        } else if (line[0] == ' ') {
            size_t len = strlen(nested);
            snprintf(nested + len, sizeof nested - len, "%s\n", line + strspn(line, " "));
        } else if (!*key) {
            snprintf(key, sizeof key, "%s", line);
        }
        p = nl + 1;
    }
}

static void rules(FILE *out)
{
    fputs(".SH RULES\n"
          "Every built-in rule, by id: its name, default severity and the kind of file it "
          "reads, the line it prints in the checklist, what it reports, and its aliases. "
          "Wherever a rule is named (\\fB\\-\\-ignore\\fR, \\fB\\-\\-select\\fR, the "
          "configuration file, inline pragmas) its id, its name and any alias are accepted. "
          "\\fBplimsoll explain\\fR \\fIRULE\\fR prints its full documentation.\n",
          out);
    for (int i = 0; i < pl_nrules; i++) {
        const pl_rule *r = &pl_rules[i];
        fprintf(out, ".TP\n\\fB%s\\fR \\fB", r->id);
        roff(out, r->name);
        fputs("\\fR (", out);
        roff(out, r->severity == PL_SEV_NONE ? "off by default" : pl_severity_name(r->severity));
        fprintf(out, ", %s)\n", pl_kind_name(r->kind));
        roff(out, r->title);
        fputs(". ", out);
        roff_line(out, r->summary ? r->summary : "");
        if (r->aliases && r->aliases[0]) {
            fputs(".br\nAliases:", out);
            for (const char *const *a = r->aliases; *a; a++) {
                fputs(a == r->aliases ? " " : ", ", out);
                roff(out, *a);
            }
            fputc('\n', out);
        }
    }
}

/* The date of the source, for reproducible pages: SOURCE_DATE_EPOCH. */
static void page_date(char *buf, size_t size)
{
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    buf[0] = '\0';
    if (!epoch || !*epoch)
        return;
    char *end;
    long long t = strtoll(epoch, &end, 10);
    if (*end || t < 0)
        return;
    time_t tt = (time_t)t;
    struct tm tm;
    if (gmtime_r(&tt, &tm))
        strftime(buf, size, "%Y-%m-%d", &tm);
}

int pl_cmd_man(int argc, char **argv)
{
    if (argc > 1) {
        fputs("usage: plimsoll man\n", stderr);
        return 2;
    }
    pl_arena *a = pl_arena_new();
    pl_help h;
    pl_help_parse(a, &h);
    FILE *out = stdout;
    char date[32];
    page_date(date, sizeof date);
    fprintf(out, ".\\\" plimsoll(1), generated by `plimsoll man` from --help and the rule table\n");
    fprintf(out, ".TH PLIMSOLL 1 \"%s\" \"plimsoll %s\" \"User Commands\"\n", date, PLIMSOLL_VERSION);
    fputs(".nh\n.ad l\n.SH NAME\nplimsoll \\- static checks of a repository's container setup\n", out);
    synopsis(out, &h);
    fputs(".SH DESCRIPTION\n", out);
    roff_line(out, h.description);
    fputs(".PP\nIt reads Dockerfiles, .dockerignore files and the git tree, and never runs "
          "docker, a shell or anything from the repository it reads, nor touches the network.\n",
          out);
    commands(out, &h);
    fputs(".SH OPTIONS\nOptions of \\fBcheck\\fR (the default command):\n", out);
    for (int i = 0; i < h.nopts; i++) {
        option_head(out, &h.opts[i]);
        roff_line(out, h.opts[i].desc);
    }
    fputs(".SH EXIT STATUS\n", out);
    for (int i = 0; i < h.nexits; i++) {
        fprintf(out, ".TP\n.B %s\n", h.exits[i].code);
        roff_line(out, h.exits[i].meaning);
    }
    fputs(".PP\nA file that does not parse is not a usage error: it is a finding of the "
          "syntax rule, and every other file is still checked.\n",
          out);
    config_keys(out);
    fputs(".SH INLINE PRAGMAS\n.nf\n"
          "# plimsoll ignore=PL1012,apt\\-pin\\-versions   (the next instruction)\n"
          "# plimsoll global ignore=PL1008             (the whole file)\n"
          "# hadolint ignore=DL3008                    (honoured too)\n"
          "# check=skip=JSONArgsRecommended            (BuildKit's directive, honoured too)\n"
          ".fi\n",
          out);
    rules(out);
    fputs(".SH ENVIRONMENT\n.TP\n.B NO_COLOR\nWhen set and not empty, the text report has no "
          "colour (unless \\fB\\-\\-color always\\fR).\n",
          out);
    fputs(".SH FILES\n.TP\n.I .plimsoll.yaml\nThe configuration (see CONFIGURATION); "
          "\\fBplimsoll init\\fR writes a commented one.\n",
          out);
    fputs(".SH SEE ALSO\n\\fBdocker\\-build\\fR(1), \\fBgit\\fR(1)\n.PP\nThe rules' pages: \\fI", out);
    roff(out, PLIMSOLL_REPOSITORY_URL "/tree/main/docs/rules");
    fputs("\\fR\n", out);
    pl_arena_free(a);
    return ferror(out) ? 2 : 0;
}
