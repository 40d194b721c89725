# translatord top-level build. `make deps` once on a fresh Debian 12, then
# `make` builds and `make check` runs every test.

CC       ?= cc
CLANG    ?= clang
PYTHON   ?= /usr/bin/python3
BUILD    ?= build
CFLAGS_COMMON := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wshadow -Wstrict-prototypes -g
CFLAGS   ?= -O2
ALL_CFLAGS = $(CFLAGS_COMMON) $(CFLAGS) -Itranslatord/core -Itranslatord/config -I$(BUILD)/gen
SAN_FLAGS := -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

PKGS     := libyang libpcap
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

CORE_SRC   := $(sort $(wildcard translatord/core/*.c))
CONFIG_SRC := $(sort $(wildcard translatord/config/*.c))
TOOL_SRC   := $(sort $(wildcard translatord/tools/translate/*.c))
UNIT_SRC   := $(sort $(wildcard tests/unit/test_*.c))
HDRS       := $(wildcard translatord/core/*.h translatord/config/*.h)

CORE_OBJ      := $(CORE_SRC:%.c=$(BUILD)/%.o)
CORE_SAN_OBJ  := $(CORE_SRC:%.c=$(BUILD)/san/%.o)
CONFIG_OBJ    := $(CONFIG_SRC:%.c=$(BUILD)/%.o)
CONFIG_SAN_OBJ:= $(CONFIG_SRC:%.c=$(BUILD)/san/%.o)

TRANSLATE     := $(BUILD)/translatord-translate
TRANSLATE_SAN := $(BUILD)/san/translatord-translate
UNIT_BINS     := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
UNIT_SAN_BINS := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/san/tests/%)
BENCH_CORE    := $(BUILD)/bench-core
FUZZ_BIN      := $(BUILD)/fuzz/fuzz_xlat

.PHONY: all deps check check-fuzz-smoke check-unit check-unit-san check-conformance check-yang \
	fuzz bench bench-core demo clean

all: $(TRANSLATE) $(BENCH_CORE)

deps:
	./tools/install-deps

$(BUILD)/libxlatcore.a: $(CORE_OBJ)
	ar rcs $@ $^
$(BUILD)/san/libxlatcore.a: $(CORE_SAN_OBJ)
	ar rcs $@ $^

$(BUILD)/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) -c $< -o $@
$(BUILD)/san/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) $(PKG_CFLAGS) -c $< -o $@

# The config loader embeds yang/translatord.yang as a byte array, so the
# binary validates against the schema it was built with. od is in
# coreutils (xxd is not always installed).
GEN_YANG_H := $(BUILD)/gen/translatord_yang.h
$(GEN_YANG_H): yang/translatord.yang
	@mkdir -p $(dir $@)
	{ echo '/* Generated from $< by the Makefile. Do not edit. */'; \
	  echo 'static const unsigned char translatord_yang[] = {'; \
	  od -An -v -tx1 $< | sed 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	  echo '0x00 };'; } > $@.tmp && mv $@.tmp $@
$(CONFIG_OBJ) $(CONFIG_SAN_OBJ): $(GEN_YANG_H)

$(TRANSLATE): $(TOOL_SRC) $(CONFIG_OBJ) $(BUILD)/libxlatcore.a $(HDRS)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) $(TOOL_SRC) $(CONFIG_OBJ) $(BUILD)/libxlatcore.a $(PKG_LIBS) -o $@
$(TRANSLATE_SAN): $(TOOL_SRC) $(CONFIG_SAN_OBJ) $(BUILD)/san/libxlatcore.a $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) $(PKG_CFLAGS) $(TOOL_SRC) $(CONFIG_SAN_OBJ) $(BUILD)/san/libxlatcore.a $(PKG_LIBS) -o $@

# Unit tests link the core and the config loader (cmocka).
$(BUILD)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(CONFIG_OBJ) $(BUILD)/libxlatcore.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) -Itests/unit $< $(CONFIG_OBJ) $(BUILD)/libxlatcore.a $(PKG_LIBS) -lcmocka -o $@
$(BUILD)/san/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(CONFIG_SAN_OBJ) $(BUILD)/san/libxlatcore.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) $(PKG_CFLAGS) -Itests/unit $< $(CONFIG_SAN_OBJ) $(BUILD)/san/libxlatcore.a $(PKG_LIBS) -lcmocka -o $@

$(BENCH_CORE): bench/core/bench_core.c $(BUILD)/libxlatcore.a $(HDRS)
	$(CC) $(ALL_CFLAGS) -O2 $< $(BUILD)/libxlatcore.a -o $@

check: check-yang check-unit check-unit-san check-conformance check-fuzz-smoke
	@echo "make check: all test suites passed"

check-yang: $(TRANSLATE)
	tests/yang/run

check-unit: $(UNIT_BINS)
	tests/run-unit $(UNIT_BINS)

check-unit-san: $(UNIT_SAN_BINS)
	tests/run-unit $(UNIT_SAN_BINS)

# The conformance suite runs against the sanitizer build, so every
# conformance case is also an ASan+UBSan run of the core.
check-conformance: $(TRANSLATE) $(TRANSLATE_SAN)
	$(PYTHON) tests/conformance/run.py --translator $(TRANSLATE_SAN)

FUZZ_SECONDS ?= 120
$(FUZZ_BIN): tests/fuzz/fuzz_xlat.c $(CORE_SRC) $(HDRS)
	@mkdir -p $(dir $@)
	$(CLANG) $(CFLAGS_COMMON) -O1 -Itranslatord/core -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all $< $(CORE_SRC) -o $@
fuzz: $(FUZZ_BIN)
	tests/fuzz/run $(FUZZ_BIN) $(FUZZ_SECONDS)

bench: bench-core
bench-core: $(BENCH_CORE)
	$(BENCH_CORE)

demo: $(TRANSLATE)
	tools/demo-offline

clean:
	rm -rf $(BUILD)

# A short fuzz run inside `make check`; `make fuzz` is the long one.
check-fuzz-smoke: $(FUZZ_BIN)
	tests/fuzz/run $(FUZZ_BIN) 30
