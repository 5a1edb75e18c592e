/* test_shell.c — the RUN shell reader: commands, words, offsets, flags. */
#include "testutil.h"

#include "plimsoll/shell.h"

static pl_arena *arena;

static int setup(void **state)
{
    (void)state;
    arena = pl_arena_new();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    pl_arena_free(arena);
    arena = NULL;
    return 0;
}

static pl_sh_script *parse(const char *text)
{
    return pl_sh_parse(arena, text, strlen(text));
}

/* argv texts of c equal the NULL-terminated list. */
static void check_argv(const pl_sh_cmd *c, ...)
{
    va_list ap;
    va_start(ap, c);
    int i = 0;
    const char *want;
    while ((want = va_arg(ap, const char *)) != NULL) {
        assert_true(i < c->argc);
        assert_string_equal(c->argv[i].text, want);
        i++;
    }
    va_end(ap);
    assert_int_equal(c->argc, i);
}

static void check_word(const pl_sh_word *w, const char *text, const char *raw, size_t offset)
{
    assert_string_equal(w->text, text);
    assert_string_equal(w->raw, raw);
    assert_int_equal(w->offset, offset);
    assert_int_equal(w->len, strlen(raw));
}

/* ---- real RUN lines ---------------------------------------------------------- */

static void test_apt_chain(void **state)
{
    (void)state;
    const char *t = "apt-get update && apt-get install -y --no-install-recommends curl=7.* && "
                    "rm -rf /var/lib/apt/lists/*";
    pl_sh_script *s = parse(t);
    assert_int_equal(s->ncmds, 3);
    assert_false(s->has_pipe);
    assert_false(s->malformed);
    check_argv(&s->cmds[0], "apt-get", "update", NULL);
    check_argv(&s->cmds[1], "apt-get", "install", "-y", "--no-install-recommends", "curl=7.*", NULL);
    check_argv(&s->cmds[2], "rm", "-rf", "/var/lib/apt/lists/*", NULL);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(s->cmds[i].index, i);
        assert_false(s->cmds[i].in_pipeline);
        assert_false(s->cmds[i].in_substitution);
    }
    assert_string_equal(s->cmds[0].next_op, "&&");
    assert_string_equal(s->cmds[1].next_op, "&&");
    assert_string_equal(s->cmds[2].next_op, "");
    check_word(&s->cmds[1].argv[0], "apt-get", "apt-get", 18);
    check_word(&s->cmds[1].argv[4], "curl=7.*", "curl=7.*", 61);
    check_word(&s->cmds[2].argv[2], "/var/lib/apt/lists/*", "/var/lib/apt/lists/*", 80);
    assert_memory_equal(t + 61, "curl=7.*", 8);

    const pl_sh_cmd *install = &s->cmds[1];
    assert_true(pl_sh_is(install, "apt-get"));
    assert_true(pl_sh_has_flag(install, "y"));
    assert_true(pl_sh_has_flag(install, "no-install-recommends"));
    assert_false(pl_sh_has_flag(install, "q"));
    assert_true(pl_sh_has_arg(install, "install"));
    assert_false(pl_sh_has_arg(install, "apt-get"));
    const pl_sh_word **pos;
    int n = pl_sh_positionals(arena, install, NULL, &pos);
    assert_int_equal(n, 2);
    assert_string_equal(pos[0]->text, "install");
    assert_string_equal(pos[1]->text, "curl=7.*");
    assert_int_equal(pos[1]->offset, 61);

    assert_true(pl_sh_has_flag(&s->cmds[2], "r"));
    assert_true(pl_sh_has_flag(&s->cmds[2], "f"));
    assert_false(pl_sh_has_flag(&s->cmds[2], "rf"));
    assert_string_equal(pl_sh_arg(&s->cmds[2], 0), "/var/lib/apt/lists/*");
    assert_null(pl_sh_arg(&s->cmds[2], 1));
}

static void test_set_and_pip(void **state)
{
    (void)state;
    pl_sh_script *s = parse("set -eux; pip install --no-cache-dir -r requirements.txt");
    assert_int_equal(s->ncmds, 2);
    check_argv(&s->cmds[0], "set", "-eux", NULL);
    check_argv(&s->cmds[1], "pip", "install", "--no-cache-dir", "-r", "requirements.txt", NULL);
    assert_string_equal(s->cmds[0].next_op, ";");
    assert_true(pl_sh_has_flag(&s->cmds[0], "e"));
    assert_true(pl_sh_has_flag(&s->cmds[0], "u"));
    assert_true(pl_sh_has_flag(&s->cmds[0], "x"));
    assert_false(pl_sh_has_flag(&s->cmds[0], "o"));

    const pl_sh_cmd *pip = &s->cmds[1];
    assert_true(pl_sh_has_flag(pip, "no-cache-dir"));
    assert_string_equal(pl_sh_flag_value(pip, "r"), "requirements.txt");
    assert_null(pl_sh_flag_value(pip, "c"));
    static const char *const with_value[] = {"r", "requirement", NULL};
    const pl_sh_word **pos;
    int n = pl_sh_positionals(arena, pip, with_value, &pos);
    assert_int_equal(n, 1);
    assert_string_equal(pos[0]->text, "install");
    /* Without knowing -r takes a value, the file is positional. */
    assert_string_equal(pl_sh_arg(pip, 1), "requirements.txt");
    check_word(&pip->argv[4], "requirements.txt", "requirements.txt", 40);
}

static void test_if_then_fi(void **state)
{
    (void)state;
    pl_sh_script *s = parse("if [ -f x ]; then cd /a && make; fi");
    assert_int_equal(s->ncmds, 3);
    check_argv(&s->cmds[0], "[", "-f", "x", "]", NULL);
    check_argv(&s->cmds[1], "cd", "/a", NULL);
    check_argv(&s->cmds[2], "make", NULL);
    assert_string_equal(s->cmds[0].next_op, ";");
    assert_string_equal(s->cmds[1].next_op, "&&");
    assert_string_equal(s->cmds[2].next_op, ";");
    check_word(&s->cmds[1].argv[0], "cd", "cd", 18);
    check_word(&s->cmds[2].argv[0], "make", "make", 27);
    assert_int_equal(s->cmds[2].index, 2);
    assert_false(s->malformed);
}

static void test_if_elif_else(void **state)
{
    (void)state;
    pl_sh_script *s = parse("if a; then b; elif c\nthen d; else e; fi && f");
    assert_int_equal(s->ncmds, 6);
    const char *names[] = {"a", "b", "c", "d", "e", "f"};
    for (int i = 0; i < 6; i++)
        check_argv(&s->cmds[i], names[i], NULL);
    assert_string_equal(s->cmds[2].next_op, "\n");
    /* The && follows `fi`, not `e`. */
    assert_string_equal(s->cmds[4].next_op, ";");
    assert_false(s->malformed);
}

static void test_curl_pipe_sh(void **state)
{
    (void)state;
    pl_sh_script *s = parse("curl -fsSL https://x | sh -");
    assert_int_equal(s->ncmds, 2);
    assert_true(s->has_pipe);
    check_argv(&s->cmds[0], "curl", "-fsSL", "https://x", NULL);
    check_argv(&s->cmds[1], "sh", "-", NULL);
    assert_true(s->cmds[0].in_pipeline);
    assert_true(s->cmds[1].in_pipeline);
    assert_string_equal(s->cmds[0].next_op, "|");
    assert_true(pl_sh_has_flag(&s->cmds[0], "f"));
    assert_true(pl_sh_has_flag(&s->cmds[0], "S"));
    assert_true(pl_sh_has_flag(&s->cmds[0], "L"));
    assert_false(pl_sh_has_flag(&s->cmds[0], "fsSL"));
    /* A lone "-" is positional. */
    assert_string_equal(pl_sh_arg(&s->cmds[1], 0), "-");
    assert_false(pl_sh_has_flag(&s->cmds[1], "-"));
    check_word(&s->cmds[1].argv[1], "-", "-", 26);
}

static void test_pipes_and_operators(void **state)
{
    (void)state;
    pl_sh_script *s = parse("a || b & c ; d\ne |& f");
    assert_int_equal(s->ncmds, 6);
    assert_string_equal(s->cmds[0].next_op, "||");
    assert_string_equal(s->cmds[1].next_op, "&");
    assert_string_equal(s->cmds[2].next_op, ";");
    assert_string_equal(s->cmds[3].next_op, "\n");
    assert_string_equal(s->cmds[4].next_op, "|");
    assert_string_equal(s->cmds[5].next_op, "");
    assert_true(s->has_pipe);
    for (int i = 0; i < 4; i++)
        assert_false(s->cmds[i].in_pipeline);
    assert_true(s->cmds[4].in_pipeline);
    assert_true(s->cmds[5].in_pipeline);

    s = parse("a || b && c");
    assert_int_equal(s->ncmds, 3);
    assert_false(s->has_pipe);
    assert_false(s->cmds[0].in_pipeline);
}

static void test_for_loop(void **state)
{
    (void)state;
    pl_sh_script *s = parse("for f in *.sh; do chmod +x \"$f\"; done");
    assert_int_equal(s->ncmds, 1);
    check_argv(&s->cmds[0], "chmod", "+x", "$f", NULL);
    check_word(&s->cmds[0].argv[2], "$f", "\"$f\"", 27);
    assert_true(s->cmds[0].argv[2].has_expansion);
    assert_false(s->cmds[0].argv[1].has_expansion);
    assert_false(s->malformed);

    s = parse("for i in $(seq 1 3)\ndo\n  echo $i\ndone; for ((i=0; i<3; i++)); do x; done");
    assert_int_equal(s->ncmds, 3);
    check_argv(&s->cmds[0], "seq", "1", "3", NULL);
    assert_true(s->cmds[0].in_substitution);
    check_argv(&s->cmds[1], "echo", "$i", NULL);
    check_argv(&s->cmds[2], "x", NULL);
    assert_false(s->malformed);
}

static void test_while_until(void **state)
{
    (void)state;
    pl_sh_script *s = parse("while read -r l; do echo \"$l\"; done < list.txt; until false; do break; done");
    assert_int_equal(s->ncmds, 4);
    check_argv(&s->cmds[0], "read", "-r", "l", NULL);
    check_argv(&s->cmds[1], "echo", "$l", NULL);
    check_argv(&s->cmds[2], "false", NULL);
    check_argv(&s->cmds[3], "break", NULL);
    assert_false(s->malformed);
}

static void test_assignments(void **state)
{
    (void)state;
    pl_sh_script *s = parse("FOO=1 BAR=\"a b\" env");
    assert_int_equal(s->ncmds, 1);
    const pl_sh_cmd *c = &s->cmds[0];
    check_argv(c, "env", NULL);
    assert_int_equal(c->nassigns, 2);
    check_word(&c->assigns[0], "FOO=1", "FOO=1", 0);
    check_word(&c->assigns[1], "BAR=a b", "BAR=\"a b\"", 6);
    check_word(&c->argv[0], "env", "env", 16);
    assert_int_equal(s->nassigns, 0);

    /* After the command name, NAME=value is an ordinary argument. */
    s = parse("env FOO=1 make");
    check_argv(&s->cmds[0], "env", "FOO=1", "make", NULL);
    assert_int_equal(s->cmds[0].nassigns, 0);

    /* A quoted name is not an assignment: that word is the command. */
    s = parse("\"FOO\"=1 x");
    check_argv(&s->cmds[0], "FOO=1", "x", NULL);
}

static void test_assignment_only_lines(void **state)
{
    (void)state;
    /* Not commands (hadolint lists only commands with a name), but kept. */
    pl_sh_script *s = parse("FOO=1; BAR=$(id -u) && make");
    assert_int_equal(s->ncmds, 2);
    check_argv(&s->cmds[0], "id", "-u", NULL);
    assert_true(s->cmds[0].in_substitution);
    assert_int_equal(s->cmds[0].index, 0);
    check_argv(&s->cmds[1], "make", NULL);
    assert_int_equal(s->cmds[1].index, 1);
    assert_int_equal(s->nassigns, 2);
    check_word(&s->assigns[0], "FOO=1", "FOO=1", 0);
    check_word(&s->assigns[1], "BAR=$(id -u)", "BAR=$(id -u)", 7);
    assert_true(s->assigns[1].has_expansion);

    s = parse("X=(a \"b c\" d) Y+=z");
    assert_int_equal(s->ncmds, 0);
    assert_int_equal(s->nassigns, 2);
    check_word(&s->assigns[0], "X=(a b c d)", "X=(a \"b c\" d)", 0);
    check_word(&s->assigns[1], "Y+=z", "Y+=z", 14);
    assert_false(s->malformed);
}

static void test_substitution_commands(void **state)
{
    (void)state;
    const char *t = "echo \"$(cat /etc/os-release | grep ID)\"";
    pl_sh_script *s = parse(t);
    /* hadolint walks the whole syntax tree: the outer command first, then
     * the commands inside its words; the pipe inside counts. */
    assert_int_equal(s->ncmds, 3);
    assert_true(s->has_pipe);
    check_argv(&s->cmds[0], "echo", "$(cat /etc/os-release | grep ID)", NULL);
    check_word(&s->cmds[0].argv[1], "$(cat /etc/os-release | grep ID)", "\"$(cat /etc/os-release | grep ID)\"", 5);
    assert_true(s->cmds[0].argv[1].has_expansion);
    assert_false(s->cmds[0].in_substitution);
    assert_false(s->cmds[0].in_pipeline);
    check_argv(&s->cmds[1], "cat", "/etc/os-release", NULL);
    check_argv(&s->cmds[2], "grep", "ID", NULL);
    check_word(&s->cmds[1].argv[0], "cat", "cat", 8);
    check_word(&s->cmds[2].argv[1], "ID", "ID", 35);
    assert_true(s->cmds[1].in_substitution);
    assert_true(s->cmds[1].in_pipeline);
    assert_true(s->cmds[2].in_pipeline);
    assert_string_equal(s->cmds[1].next_op, "|");
    assert_string_equal(s->cmds[2].next_op, "");
}

static void test_backticks_arith_braces(void **state)
{
    (void)state;
    pl_sh_script *s = parse("echo `uname -r` $((1 + 2)) ${X:-$(id -u)} && ls");
    assert_int_equal(s->ncmds, 4);
    check_argv(&s->cmds[0], "echo", "`uname -r`", "$((1 + 2))", "${X:-$(id -u)}", NULL);
    for (int i = 1; i <= 3; i++)
        assert_true(s->cmds[0].argv[i].has_expansion);
    assert_string_equal(s->cmds[0].next_op, "&&");
    check_argv(&s->cmds[1], "uname", "-r", NULL);
    check_argv(&s->cmds[2], "id", "-u", NULL);
    check_argv(&s->cmds[3], "ls", NULL);
    assert_true(s->cmds[1].in_substitution);
    assert_true(s->cmds[2].in_substitution);
    assert_false(s->cmds[3].in_substitution);
    check_word(&s->cmds[1].argv[0], "uname", "uname", 6);
    assert_false(s->malformed);

    /* $VAR and ${VAR} stay as written; single quotes hide them. */
    s = parse("echo $HOME ${USER}x '$NOPE' \"a$B\" $ 5$");
    check_argv(&s->cmds[0], "echo", "$HOME", "${USER}x", "$NOPE", "a$B", "$", "5$", NULL);
    assert_true(s->cmds[0].argv[1].has_expansion);
    assert_true(s->cmds[0].argv[2].has_expansion);
    assert_false(s->cmds[0].argv[3].has_expansion);
    assert_true(s->cmds[0].argv[4].has_expansion);
    assert_false(s->cmds[0].argv[5].has_expansion);
    assert_false(s->cmds[0].argv[6].has_expansion);
}

static void test_process_substitution(void **state)
{
    (void)state;
    pl_sh_script *s = parse("diff <(ls a) <(ls b) > out");
    assert_int_equal(s->ncmds, 3);
    check_argv(&s->cmds[0], "diff", "<(ls a)", "<(ls b)", NULL);
    check_argv(&s->cmds[1], "ls", "a", NULL);
    check_argv(&s->cmds[2], "ls", "b", NULL);
    assert_true(s->cmds[2].in_substitution);
}

static void test_apk_virtual(void **state)
{
    (void)state;
    pl_sh_script *s = parse("apk add --no-cache --virtual .build-deps gcc musl-dev");
    assert_int_equal(s->ncmds, 1);
    const pl_sh_cmd *c = &s->cmds[0];
    check_argv(c, "apk", "add", "--no-cache", "--virtual", ".build-deps", "gcc", "musl-dev", NULL);
    assert_true(pl_sh_has_flag(c, "no-cache"));
    assert_true(pl_sh_has_flag(c, "virtual"));
    assert_false(pl_sh_has_flag(c, "t"));
    assert_string_equal(pl_sh_flag_value(c, "virtual"), ".build-deps");
    static const char *const with_value[] = {"virtual", "t", "repository", "X", NULL};
    const pl_sh_word **pos;
    int n = pl_sh_positionals(arena, c, with_value, &pos);
    assert_int_equal(n, 3);
    assert_string_equal(pos[0]->text, "add");
    assert_string_equal(pos[1]->text, "gcc");
    assert_string_equal(pos[2]->text, "musl-dev");
    assert_int_equal(pos[2]->offset, 45);
    n = pl_sh_positionals(arena, c, NULL, &pos);
    assert_int_equal(n, 4);
    assert_string_equal(pos[1]->text, ".build-deps");

    s = parse("apk add -t .deps --virtual=.v -X http://r gcc");
    n = pl_sh_positionals(arena, &s->cmds[0], with_value, &pos);
    assert_int_equal(n, 2);
    assert_string_equal(pos[0]->text, "add");
    assert_string_equal(pos[1]->text, "gcc");
    assert_string_equal(pl_sh_flag_value(&s->cmds[0], "virtual"), ".v");
    assert_string_equal(pl_sh_flag_value(&s->cmds[0], "t"), ".deps");
}

static void test_flag_value_forms(void **state)
{
    (void)state;
    pl_sh_script *s = parse("x --a=1 --b 2 -c 3 -d4 -ef 5 -g -- -h 6; y -z");
    const pl_sh_cmd *c = &s->cmds[0];
    assert_string_equal(pl_sh_flag_value(c, "a"), "1");
    assert_string_equal(pl_sh_flag_value(c, "b"), "2");
    assert_string_equal(pl_sh_flag_value(c, "c"), "3");
    assert_string_equal(pl_sh_flag_value(c, "d"), "4");
    assert_string_equal(pl_sh_flag_value(c, "f"), "5");
    assert_string_equal(pl_sh_flag_value(c, "e"), "f");
    assert_string_equal(pl_sh_flag_value(c, "g"), "--");
    /* After a lone "--" nothing is a flag. */
    assert_null(pl_sh_flag_value(c, "h"));
    assert_false(pl_sh_has_flag(c, "h"));
    assert_true(pl_sh_has_flag(c, "g"));
    assert_null(pl_sh_flag_value(c, "q"));
    /* A flag that is the last word has no value. */
    assert_null(pl_sh_flag_value(&s->cmds[1], "z"));
    assert_true(pl_sh_has_flag(&s->cmds[1], "z"));

    s = parse("useradd -u 1001 -l -u=x --uid 7 luser");
    const char **vals;
    int n = pl_sh_flag_values(arena, &s->cmds[0], "u", &vals);
    assert_int_equal(n, 2);
    assert_string_equal(vals[0], "1001");
    assert_string_equal(vals[1], "=x");
    n = pl_sh_flag_values(arena, &s->cmds[0], "uid", &vals);
    assert_int_equal(n, 1);
    assert_string_equal(vals[0], "7");
    n = pl_sh_flag_values(arena, &s->cmds[0], "k", &vals);
    assert_int_equal(n, 0);
    assert_null(vals);
}

static void test_double_dash_ends_flags(void **state)
{
    (void)state;
    pl_sh_script *s = parse("rm -r -- -f --force x");
    const pl_sh_cmd *c = &s->cmds[0];
    assert_true(pl_sh_has_flag(c, "r"));
    assert_false(pl_sh_has_flag(c, "f"));
    assert_false(pl_sh_has_flag(c, "force"));
    const pl_sh_word **pos;
    int n = pl_sh_positionals(arena, c, NULL, &pos);
    assert_int_equal(n, 3);
    assert_string_equal(pos[0]->text, "-f");
    assert_string_equal(pos[1]->text, "--force");
    assert_string_equal(pos[2]->text, "x");
    assert_string_equal(pl_sh_arg(c, 2), "x");
    assert_null(pl_sh_arg(c, 3));
    assert_null(pl_sh_arg(c, -1));
}

static void test_positionals_short_cluster_values(void **state)
{
    (void)state;
    static const char *const with_value[] = {"t", "o", NULL};
    /* -yt: t takes the next word; -ofile: the value is inline. */
    pl_sh_script *s = parse("apt-get install -yt bookworm-backports -ofile curl");
    const pl_sh_word **pos;
    int n = pl_sh_positionals(arena, &s->cmds[0], with_value, &pos);
    assert_int_equal(n, 2);
    assert_string_equal(pos[0]->text, "install");
    assert_string_equal(pos[1]->text, "curl");
}

static void test_command_name(void **state)
{
    (void)state;
    pl_sh_script *s = parse("/usr/bin/apt-get -qq update; \"pip3\" install x; ./configure");
    assert_string_equal(pl_sh_name(&s->cmds[0]), "apt-get");
    assert_true(pl_sh_is(&s->cmds[0], "apt-get"));
    assert_false(pl_sh_is(&s->cmds[0], "/usr/bin/apt-get"));
    assert_string_equal(s->cmds[0].argv[0].text, "/usr/bin/apt-get");
    assert_true(pl_sh_is(&s->cmds[1], "pip3"));
    assert_string_equal(s->cmds[1].argv[0].raw, "\"pip3\"");
    assert_string_equal(pl_sh_name(&s->cmds[2]), "configure");
    assert_true(pl_sh_has_flag(&s->cmds[0], "q"));

    /* A name that is not plain text is no command (hadolint drops it too);
     * the commands inside it still are. */
    s = parse("$PKG install x && \"$(command -v pip)\" install y; ${CC} -o a a.c");
    assert_int_equal(s->ncmds, 1);
    check_argv(&s->cmds[0], "command", "-v", "pip", NULL);
    assert_true(s->cmds[0].in_substitution);
    assert_int_equal(s->cmds[0].index, 0);
}

/* ---- here-documents ------------------------------------------------------------ */

static void test_heredoc_quoted(void **state)
{
    (void)state;
    const char *t = "cat <<'EOF' > /etc/x\n"
                    "rm -rf /\n"
                    "apt-get install $(evil)\n"
                    "EOF\n"
                    "echo done";
    pl_sh_script *s = parse(t);
    assert_int_equal(s->ncmds, 2);
    check_argv(&s->cmds[0], "cat", NULL);
    assert_string_equal(s->cmds[0].next_op, "\n");
    check_argv(&s->cmds[1], "echo", "done", NULL);
    check_word(&s->cmds[1].argv[0], "echo", "echo", 58);
    assert_false(s->malformed);
}

static void test_heredoc_unquoted_and_dash(void **state)
{
    (void)state;
    /* An unquoted body's substitutions run; its lines are no commands.
     * `<<-` strips leading tabs from the delimiter line. */
    const char *t = "cat <<-EOT | tee /etc/motd && chmod 644 /etc/motd\n"
                    "\tbuilt on $(date -u)\n"
                    "\trm -rf /\n"
                    "\tEOT\n"
                    "ls";
    pl_sh_script *s = parse(t);
    assert_int_equal(s->ncmds, 5);
    check_argv(&s->cmds[0], "cat", NULL);
    check_argv(&s->cmds[1], "tee", "/etc/motd", NULL);
    check_argv(&s->cmds[2], "chmod", "644", "/etc/motd", NULL);
    check_argv(&s->cmds[3], "date", "-u", NULL);
    check_argv(&s->cmds[4], "ls", NULL);
    assert_true(s->cmds[3].in_substitution);
    check_word(&s->cmds[3].argv[0], "date", "date", 62);
    assert_true(s->has_pipe);
    assert_string_equal(s->cmds[2].next_op, "\n");
    assert_false(s->malformed);
}

static void test_heredoc_two_on_a_line(void **state)
{
    (void)state;
    pl_sh_script *s = parse("cat <<A; cat <<\"B\"\na\nA\nb\nB\nls");
    assert_int_equal(s->ncmds, 3);
    check_argv(&s->cmds[0], "cat", NULL);
    check_argv(&s->cmds[1], "cat", NULL);
    check_argv(&s->cmds[2], "ls", NULL);
    assert_false(s->malformed);
}

static void test_heredoc_unterminated(void **state)
{
    (void)state;
    pl_sh_script *s = parse("cat <<EOF\nrm -rf /\nEOFX\n");
    assert_int_equal(s->ncmds, 1);
    check_argv(&s->cmds[0], "cat", NULL);
    assert_true(s->malformed);
}

static void test_heredoc_in_constructs(void **state)
{
    (void)state;
    const char *t = "if true; then\n"
                    "  cat <<EOF > /x\n"
                    "fi\n"
                    "EOF\n"
                    "fi; V=$(cat <<'X'\n"
                    "done\n"
                    "X\n"
                    "); tr a b <<< \"$(id -un)\"";
    pl_sh_script *s = parse(t);
    assert_int_equal(s->ncmds, 5);
    check_argv(&s->cmds[0], "true", NULL);
    check_argv(&s->cmds[1], "cat", NULL);
    check_argv(&s->cmds[2], "cat", NULL);
    assert_true(s->cmds[2].in_substitution);
    check_argv(&s->cmds[3], "tr", "a", "b", NULL);
    check_argv(&s->cmds[4], "id", "-un", NULL);
    assert_int_equal(s->nassigns, 1);
    assert_false(s->malformed);
}

/* ---- words ------------------------------------------------------------------------- */

static void test_quote_removal(void **state)
{
    (void)state;
    const char *t = "echo 'a b' \"c \\\"d\\\" \\$e \\\\ \\x \\`\" f\\ g \\z '' $'t\\tu'";
    pl_sh_script *s = parse(t);
    assert_int_equal(s->ncmds, 1);
    check_argv(&s->cmds[0], "echo", "a b", "c \"d\" $e \\ \\x `", "f g", "z", "", "t\tu", NULL);
    check_word(&s->cmds[0].argv[1], "a b", "'a b'", 5);
    assert_false(s->cmds[0].argv[2].has_expansion);
    assert_false(s->malformed);
}

static void test_line_continuations(void **state)
{
    (void)state;
    const char *t = "apt-get install \\\n  curl \\\n  wget && cu\\\nrl -o x";
    pl_sh_script *s = parse(t);
    assert_int_equal(s->ncmds, 2);
    check_argv(&s->cmds[0], "apt-get", "install", "curl", "wget", NULL);
    check_word(&s->cmds[0].argv[2], "curl", "curl", 20);
    check_word(&s->cmds[0].argv[3], "wget", "wget", 29);
    check_argv(&s->cmds[1], "curl", "-o", "x", NULL);
    /* The word keeps its continuation in raw. */
    check_word(&s->cmds[1].argv[0], "curl", "cu\\\nrl", 37);
    assert_string_equal(s->cmds[0].next_op, "&&");

    /* Continuations split operators too; inside single quotes they stay. */
    s = parse("a &\\\n& b 'x\\\ny'");
    assert_int_equal(s->ncmds, 2);
    assert_string_equal(s->cmds[0].next_op, "&&");
    check_argv(&s->cmds[1], "b", "x\\\ny", NULL);
    s = parse("echo \"a\\\nb\"");
    check_argv(&s->cmds[0], "echo", "ab", NULL);
}

static void test_redirections(void **state)
{
    (void)state;
    pl_sh_script *s = parse("make > log 2>&1 < in >> out &> all 3<>f 2> /dev/null install >|x <<<\"str\"");
    assert_int_equal(s->ncmds, 1);
    check_argv(&s->cmds[0], "make", "install", NULL);
    check_word(&s->cmds[0].argv[1], "install", "install", 53);

    s = parse("> out; 2>/dev/null ls >&2 && echo 2 1");
    assert_int_equal(s->ncmds, 2);
    check_argv(&s->cmds[0], "ls", NULL);
    check_argv(&s->cmds[1], "echo", "2", "1", NULL);
    assert_string_equal(s->cmds[0].next_op, "&&");
}

static void test_comments(void **state)
{
    (void)state;
    pl_sh_script *s = parse("echo a # && rm -rf /\n# whole line; ls\necho a#b");
    assert_int_equal(s->ncmds, 2);
    check_argv(&s->cmds[0], "echo", "a", NULL);
    assert_string_equal(s->cmds[0].next_op, "\n");
    check_argv(&s->cmds[1], "echo", "a#b", NULL);
}

static void test_keywords_as_arguments(void **state)
{
    (void)state;
    pl_sh_script *s = parse("echo if then fi done { } !; in x");
    assert_int_equal(s->ncmds, 2);
    check_argv(&s->cmds[0], "echo", "if", "then", "fi", "done", "{", "}", "!", NULL);
    check_argv(&s->cmds[1], "in", "x", NULL);
    assert_false(s->malformed);
}

/* ---- compound commands ------------------------------------------------------------- */

static void test_case(void **state)
{
    (void)state;
    const char *t = "case \"$(uname -m)\" in\n"
                    "  x86_64|amd64) ARCH=amd64 ;;\n"
                    "  (aarch64) echo arm; exit 1 ;;&\n"
                    "  *) echo other ;&\n"
                    "esac && ls";
    pl_sh_script *s = parse(t);
    assert_int_equal(s->ncmds, 5);
    check_argv(&s->cmds[0], "uname", "-m", NULL);
    check_argv(&s->cmds[1], "echo", "arm", NULL);
    check_argv(&s->cmds[2], "exit", "1", NULL);
    check_argv(&s->cmds[3], "echo", "other", NULL);
    check_argv(&s->cmds[4], "ls", NULL);
    assert_string_equal(s->cmds[1].next_op, ";");
    assert_string_equal(s->cmds[2].next_op, ";");
    assert_false(s->has_pipe); /* `|` between patterns is no pipe */
    assert_int_equal(s->nassigns, 1);
    assert_false(s->malformed);
}

static void test_groups_and_functions(void **state)
{
    (void)state;
    pl_sh_script *s = parse("(cd /src && make) | tee log; { echo a; echo b; } > out 2>&1");
    assert_int_equal(s->ncmds, 5);
    check_argv(&s->cmds[0], "cd", "/src", NULL);
    check_argv(&s->cmds[1], "make", NULL);
    check_argv(&s->cmds[2], "tee", "log", NULL);
    check_argv(&s->cmds[3], "echo", "a", NULL);
    check_argv(&s->cmds[4], "echo", "b", NULL);
    assert_true(s->cmds[0].in_pipeline);
    assert_true(s->cmds[1].in_pipeline);
    assert_true(s->cmds[2].in_pipeline);
    assert_false(s->cmds[3].in_pipeline);
    assert_string_equal(s->cmds[1].next_op, "");
    assert_string_equal(s->cmds[4].next_op, ";");
    assert_false(s->malformed);

    s = parse("f() { apt-get update; }\nfunction g { ls; }\nfunction h() (pwd)\nf; g");
    assert_int_equal(s->ncmds, 5);
    check_argv(&s->cmds[0], "apt-get", "update", NULL);
    check_argv(&s->cmds[1], "ls", NULL);
    check_argv(&s->cmds[2], "pwd", NULL);
    check_argv(&s->cmds[3], "f", NULL);
    check_argv(&s->cmds[4], "g", NULL);
    assert_false(s->malformed);
}

static void test_tests_and_arithmetic(void **state)
{
    (void)state;
    pl_sh_script *s = parse("[[ -f x && $(id -u) -eq 0 || ( a < b ) ]] && (( i++ )) && ! test -d y");
    assert_int_equal(s->ncmds, 2);
    check_argv(&s->cmds[0], "id", "-u", NULL);
    check_argv(&s->cmds[1], "test", "-d", "y", NULL);
    assert_false(s->has_pipe);
    assert_false(s->malformed);
}

static void test_exec_form_joined(void **state)
{
    (void)state;
    /* hadolint joins exec-form arguments with spaces and reads them again. */
    pl_sh_script *s = parse("/bin/sh -c apt-get update");
    assert_int_equal(s->ncmds, 1);
    check_argv(&s->cmds[0], "/bin/sh", "-c", "apt-get", "update", NULL);
    assert_string_equal(pl_sh_flag_value(&s->cmds[0], "c"), "apt-get");
}

/* ---- robustness -------------------------------------------------------------------- */

static void test_empty(void **state)
{
    (void)state;
    pl_sh_script *s = parse("");
    assert_int_equal(s->ncmds, 0);
    assert_false(s->malformed);
    s = pl_sh_parse(arena, NULL, 10);
    assert_int_equal(s->ncmds, 0);
    s = parse("  \n\t# only a comment\n;");
    assert_int_equal(s->ncmds, 0);
}

static void test_malformed(void **state)
{
    (void)state;
    pl_sh_script *s = parse("echo \"unterminated && rm x");
    assert_true(s->malformed);
    assert_int_equal(s->ncmds, 1);
    check_argv(&s->cmds[0], "echo", "unterminated && rm x", NULL);

    s = parse("echo 'a; ls");
    assert_true(s->malformed);
    check_argv(&s->cmds[0], "echo", "a; ls", NULL);

    s = parse("if true; then make");
    assert_true(s->malformed);
    assert_int_equal(s->ncmds, 2);

    s = parse("echo $(ls");
    assert_true(s->malformed);
    assert_int_equal(s->ncmds, 2);

    s = parse("a ) b");
    assert_true(s->malformed);
    assert_int_equal(s->ncmds, 2);

    s = parse("fi; done; ls");
    assert_true(s->malformed);
    assert_int_equal(s->ncmds, 1);
    check_argv(&s->cmds[0], "ls", NULL);

    s = parse("if a; then b; done; c; fi");
    assert_true(s->malformed);
    assert_int_equal(s->ncmds, 3);
    check_argv(&s->cmds[2], "c", NULL);

    s = parse("a && ;; b");
    assert_true(s->malformed);

    /* A command is missing after an operator. */
    s = parse("a && && b");
    assert_true(s->malformed);
    assert_int_equal(s->ncmds, 2);
    s = parse("curl x |");
    assert_true(s->malformed);
    assert_true(s->has_pipe);
    s = parse("; ls");
    assert_true(s->malformed);
    /* ...but a trailing ; or & is fine. */
    s = parse("a; b &");
    assert_false(s->malformed);
    assert_string_equal(s->cmds[1].next_op, "&");

    s = parse("ls; `echo )` x");
    assert_true(s->malformed);
}

/* A comment inside backticks ends at the closing backtick: the commands after
 * it are still read (Dockerfiles annotate packages this way). */
static void test_comment_in_backticks(void **state)
{
    (void)state;
    pl_sh_script *s = parse("apt-get install -y libxslt1-dev `# needed by lxml` libcurl4 && rm -rf /x");
    assert_false(s->malformed);
    assert_int_equal(s->ncmds, 2);
    check_argv(&s->cmds[0], "apt-get", "install", "-y", "libxslt1-dev", "`# needed by lxml`", "libcurl4", NULL);
    assert_string_equal(s->cmds[0].next_op, "&&");
    check_argv(&s->cmds[1], "rm", "-rf", "/x", NULL);
    check_word(&s->cmds[1].argv[0], "rm", "rm", 63);

    /* An escaped backtick does not close; the comment runs to the real one. */
    s = parse("echo `# a \\` b` c");
    assert_false(s->malformed);
    assert_int_equal(s->ncmds, 1);
    check_argv(&s->cmds[0], "echo", "`# a \\` b`", "c", NULL);

    /* Outside backticks a comment still runs to the end of the line. */
    s = parse("echo a # `x` && rm y\nls");
    assert_int_equal(s->ncmds, 2);
    check_argv(&s->cmds[0], "echo", "a", NULL);
    check_argv(&s->cmds[1], "ls", NULL);
}

static char *repeat(const char *unit, int n, const char *tail)
{
    size_t u = strlen(unit), tl = strlen(tail);
    char *buf = malloc(u * (size_t)n + tl + 1);
    for (int i = 0; i < n; i++)
        memcpy(buf + u * (size_t)i, unit, u);
    memcpy(buf + u * (size_t)n, tail, tl + 1);
    return buf;
}

static void test_deep_nesting_is_bounded(void **state)
{
    (void)state;
    const char *units[] = {"$(", "(", "{ ", "`$(", "\"$(", "${", "$((", "if a; then ", "$[", "<(", "f() "};
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++) {
        char *t = repeat(units[k], 100000, "x");
        pl_sh_script *s = parse(t);
        assert_true(s->malformed);
        free(t);
    }
    /* Moderate nesting is read in full. */
    char *t = repeat("$(", 50, "id");
    pl_sh_script *s = parse(t);
    assert_int_equal(s->ncmds, 1);
    check_argv(&s->cmds[0], "id", NULL);
    free(t);
}

static void test_long_input_is_linear(void **state)
{
    (void)state;
    char *t = repeat("a -x \"$(b | c)\" && ", 20000, "d");
    pl_sh_script *s = parse(t);
    assert_int_equal(s->ncmds, 60001);
    assert_true(s->has_pipe);
    assert_int_equal(s->cmds[60000].index, 60000);
    check_argv(&s->cmds[60000], "d", NULL);
    free(t);
    t = repeat("\\\n", 200000, "ls");
    s = parse(t);
    assert_int_equal(s->ncmds, 1);
    assert_int_equal(s->cmds[0].argv[0].offset, 400000);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_apt_chain, setup, teardown),
        cmocka_unit_test_setup_teardown(test_set_and_pip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_if_then_fi, setup, teardown),
        cmocka_unit_test_setup_teardown(test_if_elif_else, setup, teardown),
        cmocka_unit_test_setup_teardown(test_curl_pipe_sh, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pipes_and_operators, setup, teardown),
        cmocka_unit_test_setup_teardown(test_for_loop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_while_until, setup, teardown),
        cmocka_unit_test_setup_teardown(test_assignments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_assignment_only_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_substitution_commands, setup, teardown),
        cmocka_unit_test_setup_teardown(test_backticks_arith_braces, setup, teardown),
        cmocka_unit_test_setup_teardown(test_comment_in_backticks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_process_substitution, setup, teardown),
        cmocka_unit_test_setup_teardown(test_apk_virtual, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flag_value_forms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_double_dash_ends_flags, setup, teardown),
        cmocka_unit_test_setup_teardown(test_positionals_short_cluster_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_command_name, setup, teardown),
        cmocka_unit_test_setup_teardown(test_heredoc_quoted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_heredoc_unquoted_and_dash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_heredoc_two_on_a_line, setup, teardown),
        cmocka_unit_test_setup_teardown(test_heredoc_unterminated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_heredoc_in_constructs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_quote_removal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_line_continuations, setup, teardown),
        cmocka_unit_test_setup_teardown(test_redirections, setup, teardown),
        cmocka_unit_test_setup_teardown(test_comments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_keywords_as_arguments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_case, setup, teardown),
        cmocka_unit_test_setup_teardown(test_groups_and_functions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tests_and_arithmetic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exec_form_joined, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deep_nesting_is_bounded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_input_is_linear, setup, teardown),
    };
    return cmocka_run_group_tests_name("shell", tests, NULL, NULL);
}
