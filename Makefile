# carnet - build, test and install (GNU make).
# SPDX-License-Identifier: MIT
#
#   make            build build/libcarnet.a, build/libcarnet.so.*, build/libcarnet-scenario.a,
#                   build/carnet and build/carnet.bash (its bash completion)
#   make demo       play the reference parcours of Nicolas and Sofia, narrated
#   make test       unit, header, command-line, completion, scenario and install tests
#   make browser    the HTML page in headless Chromium, the graph through Graphviz
#   make check      the same tests on an ASan + UBSan build (build/san/)
#   make valgrind   the unit tests, the demo, every scenario and fuzz seed under valgrind
#   make fuzz       each libFuzzer harness for FUZZ_SECONDS (default 60) with clang
#   make bench      carnet against plain SQLite, SQLCipher and the libsodium floor
#                   (N=200 by default; make bench N=100000 for a département)
#   make lint       clang-format, clang-tidy, cppcheck, mandoc and project greps
#   make install    PREFIX=/usr/local DESTDIR= (also BINDIR, LIBDIR, INCLUDEDIR, MANDIR,
#                   PCDIR, BASHCOMPDIR); docs/library.md
#
# Missing Debian packages are installed by tools/deps.sh when run as root;
# otherwise the command to run is printed.

.DELETE_ON_ERROR:
.SUFFIXES:

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR     ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
PCDIR      ?= $(LIBDIR)/pkgconfig
DESTDIR    ?=

PKG_CONFIG ?= pkg-config
CFLAGS     ?= -g -O2
LDFLAGS    ?=
WERROR     ?= -Werror
CONFIG     ?= default
BUILD      ?= build

PKGS      := sqlite3 libsodium libcjson
TEST_PKGS := cmocka

ifeq ($(V),1)
Q :=
else
Q := @
endif

WARNINGS := -std=c11 -pedantic -Wall -Wextra -Wshadow -Wconversion -Wsign-conversion \
	-Wstrict-prototypes -Wmissing-prototypes -Wmissing-declarations -Wold-style-definition \
	-Wformat=2 -Wvla -Wwrite-strings -Wcast-qual -Wnull-dereference -Wdouble-promotion \
	-Wimplicit-fallthrough -Wundef -Wpointer-arith
ifneq ($(findstring clang,$(shell $(CC) --version 2>/dev/null)),)
WARNINGS += -Wcomma -Wunreachable-code
endif

# Each configuration builds in its own directory so objects never mix.
ifeq ($(CONFIG),san)
O          := $(BUILD)/san
SAN_FLAGS  := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
HARDEN     :=
HARDEN_LD  :=
else ifeq ($(CONFIG),fuzz)
O          := $(BUILD)/fuzz
SAN_FLAGS  := -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
HARDEN     :=
HARDEN_LD  :=
else
O          := $(BUILD)
SAN_FLAGS  :=
HARDEN     := -fstack-protector-strong -D_FORTIFY_SOURCE=3 -fPIE
HARDEN_LD  := -pie -Wl,-z,relro,-z,now
endif

# Recursively expanded on purpose: pkg-config runs only after deps checked.
DEP_CFLAGS  = $(shell $(PKG_CONFIG) --cflags $(PKGS))
DEP_LIBS    = $(shell $(PKG_CONFIG) --libs $(PKGS))
TEST_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(TEST_PKGS))
TEST_LIBS   = $(shell $(PKG_CONFIG) --libs $(TEST_PKGS))

PROJ_CPPFLAGS := -D_POSIX_C_SOURCE=200809L -Ibase/include -Icrypto/include -Icore/include
# core's layers include each other's headers by path from core/src.
CORE_CPPFLAGS := -Icore/src
ALL_CFLAGS     = $(PROJ_CPPFLAGS) $(CPPFLAGS) $(WARNINGS) $(WERROR) $(HARDEN) $(CFLAGS) \
	$(SAN_FLAGS) -MMD -MP

BASE_SRC   := $(sort $(wildcard base/src/*.c))
CRYPTO_SRC := $(sort $(wildcard crypto/src/*.c))
CORE_SRC   := $(sort $(wildcard core/src/*/*.c))
SCN_SRC    := $(sort $(wildcard scenario/src/*.c))
CLI_SRC    := $(sort $(wildcard cli/*.c))
UNIT_SRC   := $(sort $(wildcard tests/unit/*.c))
FUZZ_SRC   := $(sort $(wildcard tests/fuzz/*.c))
TABLE_SRC  := $(sort $(wildcard tests/cli-table/*.c))
HEADERS    := $(sort $(wildcard base/include/carnet/*.h crypto/include/carnet/*.h \
	core/include/carnet/*.h scenario/include/carnet/*.h))

EMBED_SRC := $(O)/gen/embedded.c
EMBED_DATA := fixtures/referentiel/referentiel-cdb.json fixtures/referentiel/rome.tsv \
	fixtures/rules/default.json fixtures/referentiel/data-inclusion.json

LIB_OBJ  := $(patsubst %.c,$(O)/obj/%.o,$(BASE_SRC) $(CRYPTO_SRC) $(CORE_SRC)) $(O)/obj/gen/embedded.o
SCN_OBJ  := $(patsubst %.c,$(O)/obj/%.o,$(SCN_SRC))
CLI_OBJ  := $(patsubst %.c,$(O)/obj/%.o,$(CLI_SRC))
UNIT_OBJ := $(patsubst %.c,$(O)/obj/%.o,$(UNIT_SRC))
TABLE_OBJ := $(patsubst %.c,$(O)/obj/%.o,$(TABLE_SRC)) $(filter-out %/main.o,$(CLI_OBJ))

# Fuzzing harnesses: fuzz_flow.c is built once per flow kind.
FUZZ_NAMES   := export_import flow_caf flow_ft scenario rules envelope keyfile
FUZZ_SECONDS ?= 60
FUZZ_WORLD   := $(O)/obj/tests/fuzz/world.o
FUZZ_REPLAY  := $(patsubst %,$(O)/tests/fuzz/replay_%,$(FUZZ_NAMES))
FUZZ_BIN     := $(patsubst %,$(O)/fuzz/fuzz_%,$(FUZZ_NAMES))
FUZZ_OBJ     := $(patsubst %,$(O)/obj/tests/fuzz/fuzz_%.o,$(FUZZ_NAMES)) $(FUZZ_WORLD) \
	$(O)/obj/tests/fuzz/replay.o
# Built through pattern rules, yet kept: they are not intermediate files.
.SECONDARY: $(FUZZ_OBJ)

LIB  := $(O)/libcarnet.a
SCN_LIB := $(O)/libcarnet-scenario.a
# The shared library, versioned as CARNET_VERSION (carnet.h); the sanitizer
# and fuzzing builds make none. PC_FILES: the pkg-config files make install
# writes, <dir>/<name>.pc.in → <name>.pc.
VERSION  := $(shell sed -n 's/.*define CARNET_VERSION "\(.*\)".*/\1/p' core/include/carnet/carnet.h)
SOMAJOR  := $(firstword $(subst ., ,$(VERSION)))
SONAME   := libcarnet.so.$(SOMAJOR)
SHLIB    := $(if $(filter default,$(CONFIG)),$(O)/libcarnet.so.$(VERSION))
PC_FILES := core/carnet.pc.in scenario/carnet-scenario.pc.in
BIN  := $(O)/carnet
COMPLETION := $(O)/carnet.bash
UNIT := $(O)/tests/unit
TABLE := $(O)/tests/cli-table
BENCH_DIR := $(O)/bench

.PHONY: all test demo browser check valgrind fuzz fuzz-run fuzz-seeds bench lint format \
	install uninstall clean deps-build deps-test deps-lint deps-valgrind deps-bench test-unit \
	test-headers FORCE

all: $(LIB) $(SCN_LIB) $(SHLIB) $(BIN) $(COMPLETION)

deps-build:
	$(Q)tools/deps.sh build
deps-test:
	$(Q)tools/deps.sh build test
deps-lint:
	$(Q)tools/deps.sh build test lint
deps-valgrind:
	$(Q)tools/deps.sh build test valgrind

$(O)/obj/%.o: %.c | deps-build
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(DEP_CFLAGS) $(OBJ_CFLAGS) -c -o $@ $<

$(O)/obj/core/src/%.o: core/src/%.c | deps-build
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(CORE_CPPFLAGS) $(DEP_CFLAGS) $(OBJ_CFLAGS) -c -o $@ $<

$(EMBED_SRC): tools/embed.sh $(EMBED_DATA)
	@mkdir -p $(@D)
	$(Q)tools/embed.sh $@ carnet__embed_referentiel fixtures/referentiel/referentiel-cdb.json \
		carnet__embed_rome fixtures/referentiel/rome.tsv \
		carnet__embed_rules fixtures/rules/default.json \
		carnet__embed_data_inclusion fixtures/referentiel/data-inclusion.json

$(O)/obj/gen/embedded.o: $(EMBED_SRC) | deps-build
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(OBJ_CFLAGS) -c -o $@ $<

$(O)/obj/tests/unit/%.o: tests/unit/%.c | deps-test
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -Icrypto/src -Icore/src $(DEP_CFLAGS) $(TEST_CFLAGS) -c -o $@ $<

$(O)/obj/tests/cli-table/%.o: tests/cli-table/%.c | deps-test
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -Icli $(DEP_CFLAGS) $(TEST_CFLAGS) -c -o $@ $<

FUZZ_CFLAGS = $(ALL_CFLAGS) -Icrypto/src -Icore/src $(DEP_CFLAGS)

$(O)/obj/tests/fuzz/%.o: tests/fuzz/%.c | deps-build
	@mkdir -p $(@D)
	$(Q)$(CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(O)/obj/tests/fuzz/fuzz_flow_caf.o: tests/fuzz/fuzz_flow.c | deps-build
	@mkdir -p $(@D)
	$(Q)$(CC) $(FUZZ_CFLAGS) -DFUZZ_FLOW_KIND=CARNET_FLOW_CAF -c -o $@ $<

$(O)/obj/tests/fuzz/fuzz_flow_ft.o: tests/fuzz/fuzz_flow.c | deps-build
	@mkdir -p $(@D)
	$(Q)$(CC) $(FUZZ_CFLAGS) -DFUZZ_FLOW_KIND=CARNET_FLOW_FRANCE_TRAVAIL -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@mkdir -p $(@D)
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $^

# libcarnet-scenario: the scenario engine, a client of libcarnet's public
# API. Its header is seen by itself and its clients (cli/, tests/), never by
# core/ or crypto/.
SCN_CPPFLAGS := -Iscenario/include
$(O)/obj/scenario/%.o $(O)/obj/cli/%.o $(O)/obj/tests/%.o: PROJ_CPPFLAGS += $(SCN_CPPFLAGS)

$(SCN_LIB): $(SCN_OBJ)
	@mkdir -p $(@D)
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $^

# ---------------------------------------------------------- shared library
# The library objects are compiled -fPIC -fvisibility=hidden, for the
# archive too: libcarnet.so exports only the functions whose public
# declaration carries CARNET_API (carnet/export.h), never a carnet__ helper.
# The program, the unit tests (they call carnet__ helpers) and the fuzzing
# harnesses link the archive.

LIB_CFLAGS := -fPIC -fvisibility=hidden
$(LIB_OBJ): OBJ_CFLAGS := $(LIB_CFLAGS)

# A build tree made before these flags is rebuilt: -MMD does not track flags.
$(LIB_OBJ): $(O)/obj/lib.flags
$(O)/obj/lib.flags: FORCE
	@mkdir -p $(@D)
	$(Q)echo '$(LIB_CFLAGS)' | cmp -s - $@ || echo '$(LIB_CFLAGS)' >$@
FORCE:

$(O)/libcarnet.so.$(VERSION): $(LIB_OBJ)
	@mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -shared -Wl,-soname,$(SONAME) -Wl,--no-undefined \
		-Wl,-z,relro,-z,now -o $@ $(LIB_OBJ) $(DEP_LIBS)
	$(Q)ln -sf $(@F) $(@D)/$(SONAME)
	$(Q)ln -sf $(SONAME) $(@D)/libcarnet.so

$(BIN): $(CLI_OBJ) $(SCN_LIB) $(LIB)
	$(Q)$(CC) $(CFLAGS) $(SAN_FLAGS) $(HARDEN_LD) $(LDFLAGS) -o $@ $(CLI_OBJ) $(SCN_LIB) $(LIB) \
		$(DEP_LIBS)

# The bash completion, written by the program from its command table.
$(COMPLETION): $(BIN)
	$(Q)$(BIN) completion bash >$@

$(UNIT): $(UNIT_OBJ) $(SCN_LIB) $(LIB)
	@mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(SAN_FLAGS) $(HARDEN_LD) $(LDFLAGS) -o $@ $(UNIT_OBJ) $(SCN_LIB) $(LIB) \
		$(DEP_LIBS) $(TEST_LIBS)

$(TABLE): $(TABLE_OBJ) $(SCN_LIB) $(LIB)
	@mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(SAN_FLAGS) $(HARDEN_LD) $(LDFLAGS) -o $@ $(TABLE_OBJ) $(SCN_LIB) $(LIB) \
		$(DEP_LIBS) $(TEST_LIBS)

$(O)/tests/fuzz/replay_%: $(O)/obj/tests/fuzz/fuzz_%.o $(O)/obj/tests/fuzz/replay.o \
		$(FUZZ_WORLD) $(SCN_LIB) $(LIB)
	@mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(SAN_FLAGS) $(HARDEN_LD) $(LDFLAGS) -o $@ $(filter %.o,$^) $(SCN_LIB) \
		$(LIB) $(DEP_LIBS)

$(O)/fuzz/fuzz_%: $(O)/obj/tests/fuzz/fuzz_%.o $(FUZZ_WORLD) $(SCN_LIB) $(LIB)
	@mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(SAN_FLAGS) -fsanitize=fuzzer $(LDFLAGS) -o $@ $(filter %.o,$^) \
		$(SCN_LIB) $(LIB) $(DEP_LIBS)

# ------------------------------------------------------------------ tests

# The install test runs make install itself. Through a variable: a recipe
# that names MAKE is recursive and would keep the jobserver's descriptors
# open in every test it runs (tests/cli checks a closed descriptor).
INSTALL_MAKE := $(MAKE)

test: deps-test all $(UNIT) $(TABLE) $(FUZZ_REPLAY) $(BENCH_DIR)/bench $(BENCH_DIR)/bench-plain \
		$(BENCH_DIR)/bench-sqlcipher
	$(Q)status=0; guard=$$(mktemp); tests/state-guard.sh snapshot >"$$guard"; \
	tests/run-suite.sh unit $(UNIT) || status=1; \
	tests/run-suite.sh cli-table $(TABLE) || status=1; \
	CC="$(CC)" CFLAGS="$(PROJ_CPPFLAGS) $(SCN_CPPFLAGS) $(WARNINGS) -Werror $(DEP_CFLAGS)" \
		tests/headers/run.sh $(O)/tests/headers $(HEADERS) || status=1; \
	CARNET=$(BIN) tests/cli/run.sh || status=1; \
	CARNET=$(BIN) tests/cli/man-check.sh || status=1; \
	CARNET=$(BIN) tests/completion/run.sh $(COMPLETION) || status=1; \
	CARNET=$(BIN) tests/readme/run.sh || status=1; \
	CARNET=$(BIN) tests/scenarios/run.sh || status=1; \
	CARNET=$(BIN) tests/badinput/run.sh || status=1; \
	CARNET=$(BIN) tests/crash/run.sh || status=1; \
	CARNET=$(BIN) tests/concurrency/run.sh || status=1; \
	tests/fuzz/replay.sh $(O)/tests/fuzz || status=1; \
	tests/layers/run.sh || status=1; \
	CARNET=$(BIN) tests/integrity/run.sh || status=1; \
	CARNET=$(BIN) tests/memory/run.sh || status=1; \
	tests/bench/run.sh $(BENCH_DIR) || status=1; \
	$(if $(SHLIB),MAKE="$(INSTALL_MAKE)" CC="$(CC)" tests/install/run.sh || status=1;) \
	tests/state-guard.sh check "$$guard" || status=1; rm -f "$$guard"; \
	exit $$status

# The reference parcours, narrated, on a temporary workspace.
DEMO_SCENARIO := fixtures/scenarios/01-nicolas-et-sofia.json

# The scenario engine attaches no memory; XDG_STATE_HOME points to a
# temporary directory all the same, so that nothing reaches the real one.
demo: deps-build all
	$(Q)state=$$(mktemp -d) && XDG_STATE_HOME=$$state $(BIN) scenario jouer --narration --vues \
		$(DEMO_SCENARIO); status=$$?; rm -rf "$$state"; exit $$status

# The HTML page in headless Chromium and the sharing graph through Graphviz.
browser: all
	$(Q)tools/deps.sh build browser
	$(Q)CARNET=$(BIN) tests/browser/run.sh

test-unit: deps-test $(UNIT)
	$(Q)tests/run-suite.sh unit $(UNIT)

check:
	$(Q)$(MAKE) --no-print-directory CONFIG=san test

# libFuzzer with ASan + UBSan (clang): each harness for FUZZ_SECONDS.
fuzz:
	$(Q)tools/deps.sh build fuzz
	$(Q)$(MAKE) --no-print-directory CONFIG=fuzz CC=clang fuzz-run

fuzz-run: $(FUZZ_BIN)
	$(Q)tests/fuzz/run.sh $(O)/fuzz $(FUZZ_SECONDS) $(FUZZ_NAMES)

# Rewrite the generated seeds (the valid export, envelope and key record
# of the harnesses' fixed keys) under tests/fuzz/corpus/.
fuzz-seeds: $(FUZZ_REPLAY)
	$(Q)for n in export_import envelope keyfile; do \
		mkdir -p tests/fuzz/corpus/$$n; \
		FUZZ_WRITE_SEED=tests/fuzz/corpus/$$n/seed $(O)/tests/fuzz/replay_$$n >/dev/null || exit 1; \
	done

VALGRIND := valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect \
	--errors-for-leak-kinds=definite,indirect --error-exitcode=99

valgrind: deps-valgrind all $(UNIT) $(TABLE) $(FUZZ_REPLAY)
	$(Q)status=0; \
	CARNET_VALGRIND=1 tests/run-suite.sh valgrind-unit $(VALGRIND) $(UNIT) || status=1; \
	tests/run-suite.sh valgrind-cli-table $(VALGRIND) $(TABLE) || status=1; \
	tests/scenarios/valgrind.sh $(BIN) $(VALGRIND) || status=1; \
	tests/fuzz/replay.sh $(O)/tests/fuzz $(VALGRIND) || status=1; \
	exit $$status

# ------------------------------------------------------------------ bench
# One run measures carnet, plain SQLite and SQLCipher on the same synthetic
# département; docs/bench.md. SQLCipher exports the sqlite3_* symbols too,
# so each SQL store is its own program; bench counts the libsodium calls of
# libcarnet through --wrap. It links the static archive and reads one
# internal counter (carnet__verified_get: records verified by a handle).

N          ?= $(BENCH_N)
BENCH_N    ?= 200
BENCH_SRC  := bench/bench.c bench/load.c bench/measure.c bench/floor.c bench/report.c bench/gen.c \
	bench/state.c
STORE_SRC  := bench/store.c bench/gen.c
BENCH_WRAP := crypto_aead_xchacha20poly1305_ietf_encrypt crypto_aead_xchacha20poly1305_ietf_decrypt \
	crypto_aead_xchacha20poly1305_ietf_keygen crypto_sign_detached crypto_sign_verify_detached \
	crypto_generichash crypto_generichash_update crypto_generichash_final crypto_box_seal \
	crypto_box_seal_open crypto_pwhash randombytes_buf crypto_sign_seed_keypair \
	crypto_box_seed_keypair crypto_scalarmult_base
BENCH_LD   := $(foreach s,$(BENCH_WRAP),-Wl,--wrap=$(s))
BENCH_CFLAGS = $(PROJ_CPPFLAGS) $(CPPFLAGS) $(WARNINGS) $(WERROR) $(HARDEN) $(CFLAGS) $(SAN_FLAGS)

deps-bench:
	$(Q)tools/deps.sh build bench

$(BENCH_DIR)/bench: $(BENCH_SRC) $(wildcard bench/*.h) $(LIB) | deps-bench
	@mkdir -p $(@D)
	$(Q)$(CC) $(BENCH_CFLAGS) $(CORE_CPPFLAGS) $(DEP_CFLAGS) $(HARDEN_LD) $(LDFLAGS) $(BENCH_LD) -o $@ \
		$(BENCH_SRC) $(LIB) $(DEP_LIBS)

$(BENCH_DIR)/bench-plain: $(STORE_SRC) bench/bench.h | deps-bench
	@mkdir -p $(@D)
	$(Q)$(CC) $(BENCH_CFLAGS) $(HARDEN_LD) $(LDFLAGS) -o $@ $(STORE_SRC) \
		$(shell $(PKG_CONFIG) --libs sqlite3)

$(BENCH_DIR)/bench-sqlcipher: $(STORE_SRC) bench/bench.h | deps-bench
	@mkdir -p $(@D)
	$(Q)$(CC) $(BENCH_CFLAGS) -DBENCH_SQLCIPHER $(HARDEN_LD) $(LDFLAGS) -o $@ $(STORE_SRC) \
		$$($(PKG_CONFIG) --libs sqlcipher)

bench: deps-bench $(BENCH_DIR)/bench $(BENCH_DIR)/bench-plain $(BENCH_DIR)/bench-sqlcipher
	$(Q)$(BENCH_DIR)/bench --n $(N) --dir $(abspath $(BENCH_DIR)) --out $(BENCH_DIR)/results.json
	@echo "bench: $(BENCH_DIR)/results.json"

# ------------------------------------------------------------------- lint

LINT_SRC = $(BASE_SRC) $(CRYPTO_SRC) $(CORE_SRC) $(SCN_SRC) $(CLI_SRC) $(UNIT_SRC) $(TABLE_SRC) $(FUZZ_SRC) \
	$(wildcard bench/*.c tests/install/*.c)
LINT_ALL = $(LINT_SRC) $(HEADERS) $(wildcard crypto/src/*.h core/src/*/*.h scenario/src/*.h \
	cli/*.h tests/unit/*.h tests/fuzz/*.h bench/*.h)

lint: deps-lint
	$(Q)LINT_SRC="$(LINT_SRC)" LINT_ALL="$(LINT_ALL)" \
		TIDY_FLAGS="$(PROJ_CPPFLAGS) $(SCN_CPPFLAGS) -Icrypto/src -Icore/src -Icli $(DEP_CFLAGS) \
		$(TEST_CFLAGS) -std=c11" \
		tools/lint.sh

format:
	clang-format -i $(LINT_ALL)

# ---------------------------------------------------------------- install

# The shared library is installed with its soname link and the link for
# -lcarnet; each PC_FILES entry is written with the installation's paths
# (libdir and includedir relative to ${prefix} when they are below it).
PC_SED = -e 's|@PREFIX@|$(PREFIX)|' \
	-e 's|@LIBDIR@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(LIBDIR))|' \
	-e 's|@INCLUDEDIR@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(INCLUDEDIR))|' \
	-e 's|@VERSION@|$(VERSION)|'

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR)/carnet \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(PCDIR) $(DESTDIR)$(BASHCOMPDIR)
	install -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/carnet
	install -m 0644 $(LIB) $(DESTDIR)$(LIBDIR)/libcarnet.a
	install -m 0644 $(O)/libcarnet.so.$(VERSION) $(DESTDIR)$(LIBDIR)/
	ln -sf libcarnet.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libcarnet.so
	install -m 0644 $(HEADERS) $(DESTDIR)$(INCLUDEDIR)/carnet/
	install -m 0644 $(SCN_LIB) $(DESTDIR)$(LIBDIR)/libcarnet-scenario.a
	for f in $(PC_FILES); do \
		sed $(PC_SED) $$f >$(DESTDIR)$(PCDIR)/$$(basename $$f .in) || exit 1; \
		chmod 0644 $(DESTDIR)$(PCDIR)/$$(basename $$f .in); \
	done
	if [ -f cli/carnet.1 ]; then install -m 0644 cli/carnet.1 $(DESTDIR)$(MANDIR)/man1/carnet.1; fi
	install -m 0644 $(COMPLETION) $(DESTDIR)$(BASHCOMPDIR)/carnet

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/carnet $(DESTDIR)$(LIBDIR)/libcarnet.a \
		$(DESTDIR)$(LIBDIR)/libcarnet.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME) \
		$(DESTDIR)$(LIBDIR)/libcarnet.so $(DESTDIR)$(MANDIR)/man1/carnet.1 \
		$(DESTDIR)$(BASHCOMPDIR)/carnet
	rm -f $(DESTDIR)$(LIBDIR)/libcarnet-scenario.a
	for f in $(PC_FILES); do rm -f $(DESTDIR)$(PCDIR)/$$(basename $$f .in); done
	rm -rf $(DESTDIR)$(INCLUDEDIR)/carnet

clean:
	rm -rf $(BUILD)

-include $(LIB_OBJ:.o=.d) $(SCN_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(UNIT_OBJ:.o=.d) $(wildcard $(O)/obj/tests/fuzz/*.d)
