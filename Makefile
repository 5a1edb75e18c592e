# plimsoll — build, test, fuzz, bench.
# `make` installs missing -dev packages first (tools/deps.sh).

PREFIX  ?= /usr/local
CC      ?= cc
BUILD   := build
PKGS    := yaml-0.1 libcjson libgit2 libpcre2-8 zlib

# Evaluated lazily (=), after the deps step has run.
DEP_CFLAGS = $(shell pkg-config --cflags $(PKGS))
DEP_LIBS   = $(shell pkg-config --libs $(PKGS)) -ldl -lpthread -lm
# plimsoll itself loads libgit2 on first use (include/plimsoll/libgit2.h);
# libyaml, PCRE2 and zlib are linked from their archives: each shared
# library costs every start ~0.5 ms of loading and relocation
BIN_STATIC = yaml-0.1 libpcre2-8 zlib
BIN_LIBS   = -Wl,-Bstatic $(shell pkg-config --libs $(BIN_STATIC)) -Wl,-Bdynamic \
	$(shell pkg-config --libs $(filter-out libgit2 $(BIN_STATIC),$(PKGS))) -ldl -lpthread -Wl,--as-needed -lm
# src/cli/no_ca_store.c: what libgit2's TLS set-up calls, answered by the executable
BIN_EXPORTS = -Wl,--export-dynamic-symbol=mbedtls_x509_crt_parse_file \
	-Wl,--export-dynamic-symbol=mbedtls_x509_crt_parse_path
TEST_LIBS  = $(shell pkg-config --libs cmocka)

WARN    := -Wall -Wextra -Wshadow -Wno-unused-parameter -Wstrict-prototypes -Wmissing-prototypes
BASE_CFLAGS := -std=c11 -D_GNU_SOURCE -Iinclude -I$(BUILD)/gen $(WARN)
# where rule pages are linked to (SARIF helpUri, the man page): a fork sets its own
REPOSITORY_URL ?=
BASE_CFLAGS += $(if $(REPOSITORY_URL),-DPLIMSOLL_REPOSITORY_URL='"$(REPOSITORY_URL)"')
REL_CFLAGS  := -O2 -g
# the release binary is linked at a fixed address: as a position-independent
# executable each start rewrote (and so copied) the 64 kB of pointer tables
# (the rule table, option and name tables), ~15 page faults of a one-file
# run's ~150. REL_LDFLAGS= builds a PIE.
REL_LDFLAGS ?= -no-pie
SAN_CFLAGS  := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined

LIB_SRCS  := $(shell find src -name '*.c' ! -path 'src/cli/*' | sort)
CLI_SRCS  := $(sort $(wildcard src/cli/*.c))
RULE_YAML := $(sort $(wildcard rules/*.yaml))
TEST_SRCS := $(sort $(wildcard tests/unit/test_*.c))
FUZZ_SRCS := $(sort $(wildcard fuzz/fuzz_*.c))

GEN_SRCS := rules_gen.c compose_schema.c
REL_OBJS := $(LIB_SRCS:%.c=$(BUILD)/rel/%.o) $(GEN_SRCS:%.c=$(BUILD)/rel/gen/%.o)
SAN_OBJS := $(LIB_SRCS:%.c=$(BUILD)/asan/%.o) $(GEN_SRCS:%.c=$(BUILD)/asan/gen/%.o)

# The compose-spec JSON Schema, embedded when present beside the repository
# (otherwise compose validation reports itself unavailable).
COMPOSE_SCHEMA_JSON ?= ../shared/conformance/compose-spec/compose-spec.json
TEST_BINS := $(TEST_SRCS:tests/unit/%.c=$(BUILD)/asan/tests/%)

DEPS_STAMP := $(BUILD)/.deps-build
TEST_DEPS_STAMP := $(BUILD)/.deps-test

.PHONY: all run test unit golden fuzz bench install clean deps FORCE docs deb check-deb
.DEFAULT_GOAL := all

# the man page and the shell completions, generated from --help and the rule table
MAN_PAGE    := $(BUILD)/plimsoll.1
COMPLETIONS := $(BUILD)/completions/plimsoll.bash $(BUILD)/completions/_plimsoll $(BUILD)/completions/plimsoll.fish

all: $(BUILD)/plimsoll $(MAN_PAGE) $(COMPLETIONS)

$(DEPS_STAMP):
	@tools/deps.sh build
	@mkdir -p $(BUILD) && touch $@

$(TEST_DEPS_STAMP):
	@tools/deps.sh test
	@mkdir -p $(BUILD) && touch $@

deps: $(DEPS_STAMP)

# ---- rule metadata, embedded at build time --------------------------------
$(BUILD)/rulegen: tools/rulegen.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) -std=c11 -D_GNU_SOURCE -O1 -g $(WARN) $(shell pkg-config --cflags yaml-0.1) $< -o $@ $(shell pkg-config --libs yaml-0.1)

$(BUILD)/gen/rules_gen.c: $(BUILD)/rulegen $(RULE_YAML)
	@mkdir -p $(@D)
	$(BUILD)/rulegen $(RULE_YAML) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/rules_decl.h: $(BUILD)/rulegen $(RULE_YAML)
	@mkdir -p $(@D)
	$(BUILD)/rulegen --header $(RULE_YAML) > $@.tmp && mv $@.tmp $@

# the commit the binary is built from (`plimsoll --version`): PLIMSOLL_COMMIT
# when given (a build without .git, e.g. the image), else git describe in a
# git checkout, else "unknown"; rewritten only when it changes, so an
# unchanged tree does not relink
PLIMSOLL_COMMIT ?=
$(BUILD)/gen/version.h: FORCE
	@mkdir -p $(@D)
	@c='$(subst ',,$(PLIMSOLL_COMMIT))'; [ -z "$$c" ] && [ -e .git ] && c=$$(git describe --tags --always --dirty 2>/dev/null); \
	c=$$(printf '%s' "$$c" | tr -cd 'A-Za-z0-9._+-'); [ -n "$$c" ] || c=unknown; \
	printf '#define PLIMSOLL_COMMIT "%s"\n' "$$c" >$@.tmp; \
	if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi
FORCE:

$(BUILD)/gen/compose_schema.c: tools/embed_json.sh $(wildcard $(COMPOSE_SCHEMA_JSON))
	@mkdir -p $(@D)
	tools/embed_json.sh pl_compose_schema $(COMPOSE_SCHEMA_JSON) > $@.tmp && mv $@.tmp $@

# ---- objects ----------------------------------------------------------------
$(BUILD)/rel/%.o: %.c | $(DEPS_STAMP) $(BUILD)/gen/rules_decl.h $(BUILD)/gen/version.h
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(REL_CFLAGS) $(DEP_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/asan/%.o: %.c | $(DEPS_STAMP) $(BUILD)/gen/rules_decl.h $(BUILD)/gen/version.h
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(SAN_CFLAGS) $(DEP_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/rel/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(REL_CFLAGS) $(DEP_CFLAGS) -c $< -o $@

$(BUILD)/asan/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(SAN_CFLAGS) $(DEP_CFLAGS) -c $< -o $@

# ---- library and binary -------------------------------------------------------
$(BUILD)/libplimsoll.a: $(REL_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/asan/libplimsoll.a: $(SAN_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/plimsoll: $(CLI_SRCS:%.c=$(BUILD)/rel/%.o) $(BUILD)/libplimsoll.a
	$(CC) $(REL_CFLAGS) $(REL_LDFLAGS) $(BIN_EXPORTS) $^ -o $@ $(BIN_LIBS)

$(BUILD)/asan/plimsoll: $(CLI_SRCS:%.c=$(BUILD)/asan/%.o) $(BUILD)/asan/libplimsoll.a
	$(CC) $(SAN_CFLAGS) $(BIN_EXPORTS) $^ -o $@ $(BIN_LIBS)

# ---- man page, completions, rule pages ---------------------------------------
# dated by the last commit, so the same source gives the same page
SOURCE_DATE_EPOCH ?= $(shell [ -e .git ] && git log -1 --format=%ct 2>/dev/null)
$(MAN_PAGE): $(BUILD)/plimsoll
	SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH) $< man >$@.tmp && mv $@.tmp $@

$(BUILD)/completions/plimsoll.bash: $(BUILD)/plimsoll
	@mkdir -p $(@D)
	$< completion bash >$@.tmp && mv $@.tmp $@
$(BUILD)/completions/_plimsoll: $(BUILD)/plimsoll
	@mkdir -p $(@D)
	$< completion zsh >$@.tmp && mv $@.tmp $@
$(BUILD)/completions/plimsoll.fish: $(BUILD)/plimsoll
	@mkdir -p $(@D)
	$< completion fish >$@.tmp && mv $@.tmp $@

# docs/rules/<name>.md from rules/*.yaml (committed: SARIF's helpUri links there;
# `make test` fails when they are stale)
docs: $(BUILD)/plimsoll
	rm -rf docs/rules && mkdir -p docs
	$(BUILD)/plimsoll docs docs/rules

# ---- Debian package ------------------------------------------------------------
deb: $(BUILD)/plimsoll $(MAN_PAGE) $(COMPLETIONS)
	@tools/deb.sh $(BUILD)

# builds the package, reads it back with dpkg-deb, installs it into a scratch root
check-deb: deb
	@tools/check-deb.sh $(BUILD)

# ---- tests ------------------------------------------------------------------------
$(BUILD)/asan/tests/%: tests/unit/%.c tests/unit/testutil.h $(wildcard tests/unit/*.h) $(BUILD)/asan/libplimsoll.a | $(TEST_DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(SAN_CFLAGS) $(DEP_CFLAGS) $(shell pkg-config --cflags cmocka) -Itests/unit $< $(BUILD)/asan/libplimsoll.a -o $@ $(DEP_LIBS) $(TEST_LIBS)

test: $(TEST_BINS) $(BUILD)/asan/plimsoll
	@tests/run.sh $(TEST_BINS)

# one unit test: make unit T=expand
unit: $(BUILD)/asan/tests/test_$(T)
	$(BUILD)/asan/tests/test_$(T)

# the example has findings on purpose: exit status 1 is the expected outcome
run: $(BUILD)/plimsoll
	@$(BUILD)/plimsoll examples || test $$? -eq 1

# ---- fuzzing (bounded) -------------------------------------------------------------
FUZZ_SECONDS ?= 30
FUZZ_LIB_SRCS = $(LIB_SRCS) $(GEN_SRCS:%=$(BUILD)/gen/%)
fuzz: $(GEN_SRCS:%=$(BUILD)/gen/%) $(BUILD)/gen/rules_decl.h
	@tools/deps.sh fuzz
	@mkdir -p $(BUILD)/fuzz
	@for f in $(FUZZ_SRCS); do \
	  n=$$(basename $$f .c); \
	  echo "fuzz: building $$n"; \
	  clang -std=c11 -D_GNU_SOURCE -g -O1 -Iinclude -I$(BUILD)/gen -fsanitize=fuzzer,address,undefined \
	    $(DEP_CFLAGS) $$f $(FUZZ_LIB_SRCS) -o $(BUILD)/fuzz/$$n $(DEP_LIBS) || exit 1; \
	  mkdir -p $(BUILD)/fuzz/corpus-$$n; \
	  echo "fuzz: running $$n for $(FUZZ_SECONDS)s"; \
	  $(BUILD)/fuzz/$$n -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=5 \
	    -artifact_prefix=$(BUILD)/fuzz/$$n- $(BUILD)/fuzz/corpus-$$n fuzz/seeds/$${n#fuzz_} || exit 1; \
	done

bench: $(BUILD)/plimsoll
	@bench/compare.sh $(CORPUS)

install: $(BUILD)/plimsoll $(BUILD)/libplimsoll.a $(MAN_PAGE) $(COMPLETIONS)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include/plimsoll
	install -m 755 $(BUILD)/plimsoll $(DESTDIR)$(PREFIX)/bin/plimsoll
	install -m 644 $(BUILD)/libplimsoll.a $(DESTDIR)$(PREFIX)/lib/libplimsoll.a
	install -m 644 include/plimsoll/*.h $(DESTDIR)$(PREFIX)/include/plimsoll/
	install -D -m 644 $(MAN_PAGE) $(DESTDIR)$(PREFIX)/share/man/man1/plimsoll.1
	install -D -m 644 $(BUILD)/completions/plimsoll.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/plimsoll
	install -D -m 644 $(BUILD)/completions/_plimsoll $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_plimsoll
	install -D -m 644 $(BUILD)/completions/plimsoll.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/plimsoll.fish

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' -type f 2>/dev/null)
