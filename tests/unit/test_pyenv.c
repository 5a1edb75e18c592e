/* test_pyenv.c — the environment variables a Python file reads: every
 * pattern, its default, its position, and what is not a read (comments,
 * strings, docstrings, f-strings, deletes, attributes of
 * other objects). */
#include "testutil.h"
#include "plimsoll/pyenv.h"

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
    return 0;
}

/* "NAME how default line:col" per use, joined by " | ". */
static const char *scan(const char *src)
{
    pl_pyenv_uses uses = {0};
    pl_pyenv_scan(arena, src, strlen(src), &uses);
    pl_strbuf sb;
    pl_sb_init(&sb, arena);
    for (const pl_pyenv_use *u = uses.head; u; u = u->next)
        pl_sb_printf(&sb, "%s%s %s%s %d:%d", sb.len ? " | " : "", u->name,
                     pl_pyenv_how_name(u->how), u->has_default ? " default" : "", u->line, u->col);
    return pl_sb_str(&sb);
}

static void test_reads(void **state)
{
    (void)state;
    assert_string_equal(scan("import os\n"
                             "DB = os.environ[\"DATABASE_URL\"]\n"
                             "DEBUG = os.environ.get('DEBUG', '0') == '1'\n"
                             "KEY = os.environ.get(\"SECRET_KEY\")\n"
                             "PORT = int(os.getenv(\"PORT\", 8000))\n"
                             "  x = os.getenv('SENTRY_DSN' )\n"
                             "y = os.getenv('TRAILING',)\n"),
                        "DATABASE_URL os.environ[...] 2:6 | DEBUG os.environ.get default 3:9 | "
                        "SECRET_KEY os.environ.get 4:7 | PORT os.getenv default 5:12 | "
                        "SENTRY_DSN os.getenv 6:7 | TRAILING os.getenv 7:5");
}

static void test_imports_and_aliases(void **state)
{
    (void)state;
    assert_string_equal(scan("from os import environ, getenv as ge\n"
                             "a = environ['A']\n"
                             "b = ge('B', None)\n"
                             "import os as _os\n"
                             "c = _os.environ.get('C')\n"
                             "env = os.environ\n"
                             "d = env['D']\n"
                             "from os import (\n    environ as E,\n)\n"
                             "e = E.get('E', '')\n"),
                        "A os.environ[...] 2:5 | B os.getenv default 3:5 | "
                        "C os.environ.get 5:5 | D os.environ[...] 7:5 | "
                        "E os.environ.get default 11:5");
    /* environ and getenv not imported from os are someone else's */
    assert_string_equal(scan("from config import environ\nx = environ['X']\n"
                             "getenv('Y')\n"), "");
    /* the import list ends with its line */
    assert_string_equal(scan("from os import path\nenviron = {}\nenviron['Z']\n"), "");
}

static void test_sets(void **state)
{
    (void)state;
    assert_string_equal(scan("import os\n"
                             "os.environ['A'] = '1'\n"
                             "os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"app.settings\")\n"
                             "os.putenv('B', 'x')\n"
                             "if os.environ['C'] == 'x': pass\n"),
                        "A set 2:1 | DJANGO_SETTINGS_MODULE set 3:1 | B set 4:1 | "
                        "C os.environ[...] 5:4");
}

static void test_not_reads(void **state)
{
    (void)state;
    assert_string_equal(scan("import os\n"
                             "# os.environ['COMMENT']\n"
                             "s = \"os.environ['IN_STRING']\"\n"
                             "'''\nos.getenv('IN_DOCSTRING')\n'''\n"
                             "del os.environ['DELETED']\n"
                             "if 'MEMBER' in os.environ: pass\n"
                             "self.os.environ['ATTRIBUTE']\n"
                             "os.environ[name]\n"
                             "os.getenv(f'PREFIX_{x}')\n"
                             "os.getenv('has space')\n"
                             "os.environ.get(r'RAW')\n"
                             "os.environ.pop('POPPED', None)\n"
                             "os.environ['ESC\\x41']\n"
                             "os.environ[\"\"\"TRIPLE\"\"\"]\n"),
                        "MEMBER in os.environ 8:4 | RAW os.environ.get 13:1");
}

/* A membership test says the code reads the variable only when it is set. */
static void test_membership(void **state)
{
    (void)state;
    assert_string_equal(scan("import os\n"
                             "if \"PRIMARY_HOST\" in os.environ:\n"
                             "    H = os.environ[\"PRIMARY_HOST\"]\n"
                             "if 'X' not in os.environ: pass\n"
                             "from os import environ\n"
                             "ok = 'Y' in environ\n"
                             "no = 'Z' in other_dict\n"),
                        "PRIMARY_HOST in os.environ 2:4 | PRIMARY_HOST os.environ[...] 3:9 | "
                        "X in os.environ 4:4 | Y in os.environ 6:6");
}

/* Positions survive continuation lines, brackets over several lines, CRLF
 * and unterminated strings. */
static void test_positions(void **state)
{
    (void)state;
    assert_string_equal(scan("import os\r\n"
                             "x = (1,\r\n"
                             "     os.environ['A'])\r\n"
                             "y = 'unterminated\r\n"
                             "z = 1 + \\\n"
                             "    os.getenv('B')\n"),
                        "A os.environ[...] 3:6 | B os.getenv 6:5");
    /* a backslash before a lone CR joins nothing */
    assert_string_equal(scan("x = \\\r os.environ['C']\n"), "C os.environ[...] 1:8");
    assert_string_equal(scan(""), "");
    assert_string_equal(scan("os.environ['"), "");
    assert_string_equal(scan("os.getenv("), "");
}

/* Big inputs stay linear and the number of uses kept is bounded. */
static void test_large(void **state)
{
    (void)state;
    pl_strbuf sb;
    pl_sb_init(&sb, arena);
    for (int i = 0; i < 20000; i++)
        pl_sb_printf(&sb, "v%d = os.environ['V%d']\n", i, i);
    pl_pyenv_uses uses = {0};
    int n = pl_pyenv_scan(arena, sb.data, sb.len, &uses);
    assert_int_equal(n, PL_PYENV_MAX_READS);
    assert_int_equal(uses.count, PL_PYENV_MAX_READS);
    assert_true(uses.truncated);
    assert_int_equal(uses.tail->line, PL_PYENV_MAX_READS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_reads, setup, teardown),
        cmocka_unit_test_setup_teardown(test_imports_and_aliases, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_reads, setup, teardown),
        cmocka_unit_test_setup_teardown(test_membership, setup, teardown),
        cmocka_unit_test_setup_teardown(test_positions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_large, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
