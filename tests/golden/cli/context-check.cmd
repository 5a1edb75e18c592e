1
check -q --select copy-source-missing --select copy-source-ignored --select ignore-indented-comment --select ignore-syntax-error --select ignore-excludes-everything --select ignore-pattern-unused --select ignore-reinclude-ineffective tests/golden/context/fixture
