# translatord top-level build. `make deps` once on a fresh Debian 12, then
# `make` builds and `make check` runs every test.

CC       ?= cc
CLANG    ?= clang
PYTHON   ?= /usr/bin/python3
BUILD    ?= build
# One warning set for every component, the daemon included (which adds
# only what FRR's headers need).
WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes
CFLAGS_COMMON := -std=c11 -D_GNU_SOURCE $(WARN) -g
CFLAGS   ?=
# Release objects: link-time optimisation lets the per-packet path inline
# across the core's files (EAMT, RFC 6052, checksums): about 10% fewer
# instructions per packet. Sanitizer and fuzz builds do without.
OPT      ?= -O2 -flto=auto
# The LTO-aware archiver, for every library.
AR       := gcc-ar
ALL_CFLAGS = $(CFLAGS_COMMON) $(CFLAGS) -Itranslatord/core -Itranslatord/config -I$(BUILD)/gen
SAN_FLAGS := -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# Debian's multiarch directory for this machine (x86_64-linux-gnu,
# aarch64-linux-gnu, ...).
MULTIARCH := $(shell dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || $(CC) -dumpmachine)

PKGS     := libyang libpcap
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
HEALTH_LIBS := $(shell pkg-config --libs libevent libevent_pthreads 2>/dev/null || echo -levent -levent_pthreads) -lpthread
DP_LIBS     := $(shell pkg-config --libs libbpf 2>/dev/null || echo -lbpf -lelf -lz) -pthread

# ---- the compile template ----
# $(call component,NAME,DIR,CFLAGS[,EXCLUDED SOURCES]): every .c in DIR
# compiles to $(BUILD)/DIR/*.o (release: $(OPT)) and $(BUILD)/san/DIR/*.o
# (ASan+UBSan), archived as $(BUILD)/libNAME.a and $(BUILD)/san/libNAME.a.
# NAME_SRC, NAME_OBJ and NAME_SAN_OBJ name the parts. NAME_CFLAGS is
# expanded when a rule runs, not here: the daemon's names a file
# (build/frr-sdk/FRR_VERSION) that a fresh checkout makes only then.
define component
$(1)_SRC     := $$(filter-out $(4),$$(sort $$(wildcard $(2)/*.c)))
$(1)_HDRS    := $$(wildcard $(2)/*.h)
$(1)_OBJ     := $$($(1)_SRC:%.c=$$(BUILD)/%.o)
$(1)_SAN_OBJ := $$($(1)_SRC:%.c=$$(BUILD)/san/%.o)
$(1)_CFLAGS  = $(3)
$$($(1)_OBJ): $$(BUILD)/%.o: %.c $$($(1)_HDRS) $$(HDRS)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(ALL_CFLAGS) $$(OPT) $$($(1)_CFLAGS) -c $$< -o $$@
$$($(1)_SAN_OBJ): $$(BUILD)/san/%.o: %.c $$($(1)_HDRS) $$(HDRS)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(ALL_CFLAGS) $$(SAN_FLAGS) $$($(1)_CFLAGS) -c $$< -o $$@
$$(BUILD)/lib$(1).a: $$($(1)_OBJ)
	$$(AR) rcs $$@ $$^
$$(BUILD)/san/lib$(1).a: $$($(1)_SAN_OBJ)
	$$(AR) rcs $$@ $$^
endef

# $(call program,PATH,MAIN SOURCES,LIBRARIES,LINK FLAGS[,CFLAGS]): PATH
# (release) and, beside the release build, $(BUILD)/san/... (sanitizers),
# from MAIN SOURCES and $(BUILD)/libLIB.a for each LIB, in link order.
define program
$(BUILD)/$(1): $(2) $$(foreach l,$(3),$$(BUILD)/lib$$(l).a) $$(HDRS)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(ALL_CFLAGS) $$(OPT) $(5) $(2) $$(foreach l,$(3),$$(BUILD)/lib$$(l).a) $(4) -o $$@
$(BUILD)/san/$(1): $(2) $$(foreach l,$(3),$$(BUILD)/san/lib$$(l).a) $$(HDRS)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(ALL_CFLAGS) $$(SAN_FLAGS) $(5) $(2) $$(foreach l,$(3),$$(BUILD)/san/lib$$(l).a) $(4) -o $$@
endef

# The YANG module's defaults as C constants (tools/yang_defaults.c over
# libyang), for code that needs one without a YANG tree: every default
# has one source, the module.
GEN_DEFAULTS_H := $(BUILD)/gen/td_yang_defaults.h
$(BUILD)/yang-defaults: tools/yang_defaults.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) $(PKG_CFLAGS) $< -lyang -o $@
$(GEN_DEFAULTS_H): yang/translatord.yang $(BUILD)/yang-defaults
	@mkdir -p $(dir $@)
	$(BUILD)/yang-defaults $< >$@.tmp && mv $@.tmp $@

HDRS := $(wildcard translatord/core/*.h translatord/config/*.h) $(GEN_DEFAULTS_H)
DP_DIR := translatord/dataplane
DP_BUILD := $(BUILD)/dataplane
DP_CFLAGS := -I$(DP_DIR) -I$(DP_BUILD)/gen -pthread
$(eval $(call component,xlatcore,translatord/core,))
$(eval $(call component,tdconfig,translatord/config,$(PKG_CFLAGS)))
$(eval $(call component,health,translatord/health,))
$(eval $(call component,metrics,translatord/metrics,))
$(eval $(call component,xlatdp,$(DP_DIR),$(DP_CFLAGS) $(PKG_CFLAGS),$(DP_DIR)/runner.c))

CORE_SRC   := $(xlatcore_SRC)
CONFIG_SRC := $(tdconfig_SRC)
TOOL_SRC   := $(sort $(wildcard translatord/tools/translate/*.c))
UNIT_SRC   := $(sort $(wildcard tests/unit/test_*.c))
# The ones over the translation library (health and metrics have theirs).
UNIT_XLAT_SRC := $(filter-out tests/unit/test_health% tests/unit/test_metrics.c tests/unit/test_yang_diff.c,$(UNIT_SRC))
# The translation library: the configuration loader over the core.
XLAT_LIBS  := tdconfig xlatcore

TRANSLATE     := $(BUILD)/translatord-translate
TRANSLATE_SAN := $(BUILD)/san/translatord-translate
UNIT_BINS     := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
UNIT_SAN_BINS := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/san/tests/%)
BENCH_CORE    := $(BUILD)/bench-core
FUZZ_BIN      := $(BUILD)/fuzz/fuzz_xlat

.PHONY: all deps check check-fuzz-smoke check-unit check-unit-san check-conformance check-yang \
	fuzz bench bench-core bench-core-icount demo clean distclean

all: $(TRANSLATE) $(BENCH_CORE)

deps:
	./tools/install-deps

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
$(tdconfig_OBJ) $(tdconfig_SAN_OBJ): $(GEN_YANG_H)

$(eval $(call program,translatord-translate,$(TOOL_SRC),$(XLAT_LIBS),$$(PKG_LIBS),$$(PKG_CFLAGS)))

# Unit tests: cmocka, each over the libraries its component needs.
$(foreach t,$(UNIT_XLAT_SRC:tests/unit/%.c=%),$(eval $(call program,tests/$(t),tests/unit/$(t).c,$(XLAT_LIBS),$$(PKG_LIBS) -lcmocka,-Itests/unit $$(PKG_CFLAGS))))

# The daemon's lyd_diff_siblings() against libyang's (no FRR needed).
$(eval $(call program,tests/test_yang_diff,tests/unit/test_yang_diff.c translatord/daemon/td_yang_diff.c,,$$(PKG_LIBS) -ldl -lcmocka,-Itranslatord/daemon))
$(BUILD)/tests/test_yang_diff $(BUILD)/san/tests/test_yang_diff: $(GEN_YANG_H) translatord/daemon/td_yang_diff.h

$(eval $(call program,bench-core,bench/core/bench_core.c,xlatcore,,))
# callgrind driver: bench/core/icount.sh build/bench-core-icount
$(eval $(call program,bench-core-icount,bench/core/icount.c,xlatcore,,-Ibench/core))
$(BUILD)/bench-core-icount: bench/core/bench_core.c
bench-core-icount: $(BUILD)/bench-core-icount
	bench/core/icount.sh $(BUILD)/bench-core-icount

$(UNIT_BINS) $(UNIT_SAN_BINS): $(wildcard tests/unit/*.h)

CHECK_SUITES := check-yang check-unit check-unit-san check-conformance check-fuzz-smoke \
	check-frr check-health check-dataplane-unit check-dataplane check-labs
check:
	tests/run-suites $(CHECK_SUITES)

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
	$(CLANG) $(CFLAGS_COMMON) -O1 -Itranslatord/core -I$(BUILD)/gen -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all $< $(CORE_SRC) -o $@
# The configuration loader (YANG JSON, both entry points): libyang, so
# fewer executions per second; its own seeds (the examples, the YANG
# suite's bad files).
FUZZ_CONFIG_BIN := $(BUILD)/fuzz/fuzz_config
$(FUZZ_CONFIG_BIN): tests/fuzz/fuzz_config.c $(CORE_SRC) $(CONFIG_SRC) $(HDRS) $(GEN_YANG_H)
	@mkdir -p $(dir $@)
	$(CLANG) $(CFLAGS_COMMON) -O1 -Itranslatord/core -Itranslatord/config -I$(BUILD)/gen \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		$< $(CONFIG_SRC) $(CORE_SRC) -lyang -o $@
# translatord-translate whole, on pcap files (raw IP and Ethernet): its
# main() compiled in as translate_main(), the SIIT-DC example config.
FUZZ_PCAP_BIN := $(BUILD)/fuzz/fuzz_pcap
$(FUZZ_PCAP_BIN): tests/fuzz/fuzz_pcap.c $(TOOL_SRC) $(CORE_SRC) $(CONFIG_SRC) $(HDRS) $(GEN_YANG_H)
	@mkdir -p $(dir $@)
	$(CLANG) $(CFLAGS_COMMON) -O1 -Itranslatord/core -Itranslatord/config -I$(BUILD)/gen \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-Dmain=translate_main -DFUZZ_PCAP_CONFIG='"$(CURDIR)/yang/examples/siit-dc.json"' \
		$< $(TOOL_SRC) $(CONFIG_SRC) $(CORE_SRC) -lyang -lpcap -o $@
# Line and branch coverage of the core by the translation fuzzer's seeds
# (or CORPUS=dir, e.g. a corpus a long `make fuzz` left), llvm-cov.
FUZZ_COV_BIN := $(BUILD)/fuzz/fuzz_xlat_cov
CORPUS ?= tests/fuzz/seeds
$(FUZZ_COV_BIN): tests/fuzz/fuzz_xlat.c $(CORE_SRC) $(HDRS)
	@mkdir -p $(dir $@)
	$(CLANG) $(CFLAGS_COMMON) -O1 -Itranslatord/core -I$(BUILD)/gen -fsanitize=fuzzer \
		-fprofile-instr-generate -fcoverage-mapping $< $(CORE_SRC) -o $@
.PHONY: fuzz-coverage
fuzz-coverage: $(FUZZ_COV_BIN)
	rm -f $(BUILD)/fuzz/cov.profraw
	LLVM_PROFILE_FILE=$(BUILD)/fuzz/cov.profraw $(FUZZ_COV_BIN) -runs=0 $(CORPUS) >/dev/null 2>&1
	llvm-profdata merge -o $(BUILD)/fuzz/cov.profdata $(BUILD)/fuzz/cov.profraw
	llvm-cov report $(FUZZ_COV_BIN) -instr-profile=$(BUILD)/fuzz/cov.profdata $(CORE_SRC)

# The http health check's response reader, fed in pieces (libevent).
FUZZ_HTTP_BIN := $(BUILD)/fuzz/fuzz_http
$(FUZZ_HTTP_BIN): tests/fuzz/fuzz_http.c translatord/health/http_response.c translatord/health/config.c translatord/health/sock.c \
		$(health_HDRS) $(GEN_DEFAULTS_H)
	@mkdir -p $(dir $@)
	$(CLANG) $(CFLAGS_COMMON) -O1 -Itranslatord/health -Itranslatord/core -I$(BUILD)/gen \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		$< translatord/health/http_response.c translatord/health/config.c translatord/health/sock.c $(HEALTH_LIBS) -o $@
# The /metrics endpoint's request handling, over loopback TCP.
FUZZ_METRICS_BIN := $(BUILD)/fuzz/fuzz_metrics
$(FUZZ_METRICS_BIN): tests/fuzz/fuzz_metrics.c $(metrics_SRC) $(metrics_HDRS)
	@mkdir -p $(dir $@)
	$(CLANG) $(CFLAGS_COMMON) -O1 -Itranslatord/metrics \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		$< $(metrics_SRC) $(HEALTH_LIBS) -lm -o $@
FUZZERS := $(FUZZ_BIN) $(FUZZ_CONFIG_BIN) $(FUZZ_PCAP_BIN) $(FUZZ_HTTP_BIN) $(FUZZ_METRICS_BIN)
fuzz: $(FUZZERS)
	tests/fuzz/run $(FUZZ_BIN) $(FUZZ_SECONDS)
	tests/fuzz/run $(FUZZ_CONFIG_BIN) $(FUZZ_SECONDS) tests/fuzz/seeds-config 8192
	tests/fuzz/run $(FUZZ_PCAP_BIN) $(FUZZ_SECONDS) tests/fuzz/seeds-pcap 4096
	tests/fuzz/run $(FUZZ_HTTP_BIN) $(FUZZ_SECONDS) tests/fuzz/seeds-http 70000
	tests/fuzz/run $(FUZZ_METRICS_BIN) $(FUZZ_SECONDS) tests/fuzz/seeds-metrics 16384

bench: bench-core
bench-core: $(BENCH_CORE)
	$(BENCH_CORE)

demo: $(TRANSLATE)
	tools/demo-offline

# Keeps the FRR SDK (build/frr-*), which takes minutes to fetch and build.
clean:
	rm -rf $(BUILD)/translatord $(BUILD)/san $(BUILD)/tests $(BUILD)/fuzz \
		$(BUILD)/gen $(BUILD)/demo $(BUILD)/*.a $(TRANSLATE) $(BENCH_CORE) \
		$(BUILD)/bench-core-icount
distclean:
	rm -rf $(BUILD)

# A short fuzz run inside `make check`; `make fuzz` is the long one.
check-fuzz-smoke: $(FUZZERS)
	tests/fuzz/run $(FUZZ_BIN) 30
	tests/fuzz/run $(FUZZ_CONFIG_BIN) 15 tests/fuzz/seeds-config 8192
	tests/fuzz/run $(FUZZ_PCAP_BIN) 15 tests/fuzz/seeds-pcap 4096
	tests/fuzz/run $(FUZZ_HTTP_BIN) 15 tests/fuzz/seeds-http 70000
	tests/fuzz/run $(FUZZ_METRICS_BIN) 15 tests/fuzz/seeds-metrics 16384

# ---- FRR daemon ----
# translatord as an FRR daemon (translatord/daemon/), compiled against
# build/frr-sdk: the headers, config.h and clippy of the *installed* frr
# package, made by frr-integration/prepare-sdk (apt-get source + configure
# with the installed binaries' flags). Linked against the installed
# libfrr.so.0 with an rpath; the SDK's version is compiled in and checked
# at start-up, since libfrr has no stable ABI.
FRR_SDK      := $(BUILD)/frr-sdk
FRR_LIBDIR   := /usr/lib/$(MULTIARCH)/frr
TRANSLATORD_DAEMON := $(BUILD)/daemon/translatord
# FRR's headers need GNU C and -fms-extensions.
# translatord's own version, in translatord_build_info.
TD_VERSION ?= $(shell git describe --tags --always 2>/dev/null || echo unknown)
# Where `translatord --help` sends bug reports (libfrr would name FRR's
# tracker); packagers set their own.
TD_BUG_ADDRESS ?= the translatord project (README.md, Reporting bugs)
# FRR's headers are system headers here (-isystem): the project's
# warning set applies to the daemon's own code, not to FRR's.
DAEMON_CFLAGS = -std=gnu11 -Wno-unused-parameter -Wno-missing-field-initializers \
	-fms-extensions -DHAVE_CONFIG_H \
	-isystem $(FRR_SDK) -isystem $(FRR_SDK)/lib -isystem $(FRR_SDK)/lib/assert -isystem $(FRR_SDK)/include \
	-Itranslatord/health -Itranslatord/metrics -Itranslatord/dataplane -I$(BUILD)/daemon \
	$(PKG_CFLAGS) -DTD_FRR_PKG_VERSION='"$(shell cat $(FRR_SDK)/FRR_VERSION 2>/dev/null)"'
$(eval $(call component,daemon,translatord/daemon,$$(DAEMON_CFLAGS)))
# The health engine and the metrics endpoint (their own blocks below):
# static libraries on libevent; the data plane (build/libxlatdp.a, the
# "data plane" block) on libbpf.
DAEMON_LIBS := health metrics xlatdp $(XLAT_LIBS)
$(daemon_OBJ): $(health_HDRS) $(metrics_HDRS) $(xlatdp_HDRS) $(FRR_SDK)/FRR_VERSION

.PHONY: frr-sdk translatord-daemon frr-vtysh check-frr bench-frr bench-commit install uninstall FORCE-frr-sdk

# Always asks the script, which is a quick no-op when the SDK matches the
# installed frr package (and leaves FRR_VERSION's mtime alone then).
$(FRR_SDK)/FRR_VERSION: FORCE-frr-sdk
	frr-integration/prepare-sdk $(BUILD)
frr-sdk: $(FRR_SDK)/FRR_VERSION

translatord-daemon: $(TRANSLATORD_DAEMON)

# translatord's version, rewritten only when it changes, so that the
# objects that print it are rebuilt exactly then (`make TD_VERSION=...`
# where there is no git, e.g. a Docker build context).
TD_VERSION_H := $(BUILD)/gen/td_build_version.h
$(TD_VERSION_H): FORCE-frr-sdk
	@mkdir -p $(dir $@)
	@{ echo '#define TD_VERSION "$(TD_VERSION)"'; \
	   echo '#define TD_BUG_ADDRESS "$(TD_BUG_ADDRESS)"'; } >$@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
$(BUILD)/translatord/daemon/td_main.o $(BUILD)/translatord/daemon/td_metrics.o: $(TD_VERSION_H)

# DEFPY commands: clippy generates their argument parsers.
DAEMON_CLIPPY := $(BUILD)/daemon/td_vty_clippy.c $(BUILD)/daemon/td_cli_clippy.c
$(BUILD)/daemon/%_clippy.c: translatord/daemon/%.c $(FRR_SDK)/FRR_VERSION
	@mkdir -p $(dir $@)
	cd $(FRR_SDK) && ./clippy python/clidef.py -o $(abspath $@) $(abspath $<)
$(BUILD)/translatord/daemon/td_vty.o: $(BUILD)/daemon/td_vty_clippy.c
$(BUILD)/translatord/daemon/td_cli.o: $(BUILD)/daemon/td_cli_clippy.c
# The northbound embeds the YANG module (the same generated array as the
# config loader's).
$(BUILD)/translatord/daemon/td_nb.o: $(GEN_YANG_H)

$(TRANSLATORD_DAEMON): $(daemon_OBJ) $(foreach l,$(DAEMON_LIBS),$(BUILD)/lib$(l).a)
	$(CC) $(OPT) $(daemon_OBJ) $(foreach l,$(DAEMON_LIBS),$(BUILD)/lib$(l).a) \
		$(FRR_LIBDIR)/libfrr.so.0 -Wl,-rpath,$(FRR_LIBDIR) \
		$(PKG_LIBS) $(HEALTH_LIBS) $(DP_LIBS) -ljson-c -lpthread -ldl \
		-Wl,--export-dynamic-symbol=lyd_diff_siblings -o $@

# vtysh from the same pinned FRR source, with translatord registered
# (daemon table, nodes, command extraction): frr-integration/build-vtysh.
FRR_VTYSH := $(BUILD)/vtysh/vtysh/vtysh
$(FRR_VTYSH): $(FRR_SDK)/FRR_VERSION frr-integration/build-vtysh frr-integration/patch-vtysh.py \
		translatord/daemon/td_cli.c translatord/daemon/td_vty.c translatord/daemon/td.h $(GEN_DEFAULTS_H)
	frr-integration/build-vtysh $(BUILD)
frr-vtysh: $(FRR_VTYSH)

# /usr/lib/frr/translatord, vtysh (the stock one diverted to
# /usr/bin/vtysh.dist), the YANG module, the systemd unit, and the
# DAEMONS line in /etc/frr/daemons. DESTDIR=... for a staging tree.
install: $(TRANSLATORD_DAEMON) $(FRR_VTYSH)
	frr-integration/install $(BUILD) $(DESTDIR)
uninstall:
	frr-integration/install --uninstall $(DESTDIR)

# Namespace labs (root): real Debian zebra/ospfd/ospf6d; translatord on
# r1 and r1b, both neighbours of r2; health-checked advertisement against
# real backend servers (detect-to-withdraw times, drain, node
# checks, /metrics); then FRR's own start-up (frrinit.sh, watchfrr,
# vtysh -b) in a private mount namespace; then two sites under eBGP (one
# private AS each), restarted.
check-frr: $(TRANSLATORD_DAEMON) $(FRR_VTYSH)
	tests/frr/run $(TRANSLATORD_DAEMON) $(FRR_VTYSH)
	tests/frr/health $(TRANSLATORD_DAEMON) $(FRR_VTYSH)
	tests/frr/metrics-abuse $(TRANSLATORD_DAEMON) $(FRR_VTYSH)
	tests/frr/startup $(TRANSLATORD_DAEMON) $(FRR_VTYSH)
	tests/frr/bgp $(TRANSLATORD_DAEMON) $(FRR_VTYSH)

# 100,000 mappings through the northbound to an OSPF neighbour (not in
# check): prints the times.
bench-frr: $(TRANSLATORD_DAEMON) $(FRR_VTYSH)
	bench/frr/inject $(TRANSLATORD_DAEMON) $(FRR_VTYSH)
# The northbound commit alone: JSON loads of 100k and 1M mappings, and a
# full replace of each.
bench-commit: $(TRANSLATORD_DAEMON) $(FRR_VTYSH)
	bench/frr/commit $(TRANSLATORD_DAEMON) $(FRR_VTYSH)
# libyang's own lyd_diff_siblings() on growing EAM tables (no FRR): why
# the daemon brings its own (translatord/daemon/td_yang_diff.c).
$(eval $(call program,bench-libyang-diff,bench/libyang/diff_scaling.c,,$$(PKG_LIBS),$$(PKG_CFLAGS)))
.PHONY: bench-libyang
bench-libyang: $(BUILD)/bench-libyang-diff
	$(BUILD)/bench-libyang-diff yang/translatord.yang 5000 4
# ---- end FRR daemon ----

# ---- data plane ----
# translatord/dataplane: the eBPF TC fast path and the TUN data plane
# (build/libxlatdp.a, for the daemon) and the standalone runner
# build/translatord-dataplane. Needs clang (BPF target), libbpf-dev and
# bpftool. The BPF object is embedded in the library through its
# skeleton (bpftool gen skeleton), so the binary needs no file at run
# time.
# The library is the template's xlatdp component (top of this file).
DP_HDRS    := $(wildcard $(DP_DIR)/*.h $(DP_DIR)/bpf/*.h)
DP_BPF_OBJ := $(DP_BUILD)/xlat_tc.bpf.o
DP_BPF_GEN := $(DP_BUILD)/gen/xlat_tc.skel.h
DP_LIB     := $(BUILD)/libxlatdp.a
DP_RUNNER  := $(BUILD)/translatord-dataplane
DP_BPF_CFLAGS := -O2 -g -target bpf -ffreestanding -Wall \
	-I/usr/include/$(MULTIARCH) -Itranslatord/core -I$(DP_DIR)

.PHONY: dataplane check-dataplane check-dataplane-unit bench-dataplane

dataplane: $(DP_RUNNER) $(DP_LIB)

$(DP_BPF_OBJ): $(DP_DIR)/bpf/xlat_tc.bpf.c $(DP_HDRS) translatord/core/xlat.h
	@mkdir -p $(dir $@)
	$(CLANG) $(DP_BPF_CFLAGS) -c $< -o $@

# The loader's typed view of the object, with the object embedded.
$(DP_BPF_GEN): $(DP_BPF_OBJ)
	@mkdir -p $(dir $@)
	bpftool gen skeleton $< name xlat_tc >$@.tmp && mv $@.tmp $@

$(xlatdp_OBJ) $(xlatdp_SAN_OBJ): $(DP_HDRS)
$(BUILD)/$(DP_DIR)/bpf_dp.o $(BUILD)/san/$(DP_DIR)/bpf_dp.o: $(DP_BPF_GEN)

$(eval $(call program,translatord-dataplane,$(DP_DIR)/runner.c,xlatdp $(XLAT_LIBS),$$(PKG_LIBS) $$(DP_LIBS),$$(DP_CFLAGS) $$(PKG_CFLAGS)))

DP_UNIT := $(BUILD)/tests/dataplane/test_tun_gso
$(eval $(call program,tests/dataplane/test_tun_gso,tests/dataplane/test_tun_gso.c,xlatdp xlatcore,$$(DP_LIBS) -lcmocka,$$(DP_CFLAGS)))

# Make before break on real TUN devices and TC programs (root; its own
# network namespace).
DP_REPLACE_TEST := $(BUILD)/tests/dataplane/test_replace
$(eval $(call program,tests/dataplane/test_replace,tests/dataplane/test_replace.c,xlatdp xlatcore,$$(DP_LIBS) -lcmocka,$$(DP_CFLAGS)))

# Unit tests of the TUN data plane's GSO/checksum work: no root needed.
check-dataplane-unit: $(DP_UNIT)
	$(DP_UNIT)

# Namespaces, veth, TUN and BPF: needs root.
check-dataplane: check-dataplane-unit $(DP_RUNNER) $(TRANSLATE) $(DP_REPLACE_TEST)
	$(DP_REPLACE_TEST)
	tests/dataplane/run

bench-dataplane: $(DP_RUNNER)
	bench/dataplane/run

# ---- health ----
# Health-check probe engine (translatord/health/): a static library for
# the daemon, its cmocka tests and the namespace integration test with its
# driver.
# The library is the template's health component (top of this file):
# it needs only libc and libevent, whatever the other components link.
HEALTH_UNIT_SRC      := $(sort $(wildcard tests/unit/test_health*.c))
HEALTH_UNIT_BINS     := $(HEALTH_UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
HEALTH_UNIT_SAN_BINS := $(HEALTH_UNIT_SRC:tests/unit/%.c=$(BUILD)/san/tests/%)
HEALTH_DRIVER     := $(BUILD)/health-probe-driver
HEALTH_DRIVER_SAN := $(BUILD)/san/health-probe-driver
$(foreach t,$(HEALTH_UNIT_SRC:tests/unit/%.c=%),$(eval $(call program,tests/$(t),tests/unit/$(t).c,health,$$(HEALTH_LIBS) -lcmocka,-Itranslatord/health)))
$(eval $(call program,health-probe-driver,tests/health/probe_driver.c,health,$$(HEALTH_LIBS),-Itranslatord/health))

.PHONY: health check-health check-health-unit check-health-san check-health-valgrind
health: $(BUILD)/libhealth.a $(HEALTH_DRIVER)

# cmocka: state machine, validation, engine (plain and ASan+UBSan).
check-health-unit: $(HEALTH_UNIT_BINS) $(HEALTH_UNIT_SAN_BINS)
	tests/run-unit $(HEALTH_UNIT_BINS) $(HEALTH_UNIT_SAN_BINS)

# Namespaces, real servers, real probes (root). The data-plane self-test
# runs through build/translatord-dataplane (the data plane's block), built
# here when it builds; the test says so when it skips that part.
DP_RUNNER_TRY = @$(MAKE) --no-print-directory $(DP_RUNNER) >/dev/null 2>&1 || \
	echo "check-health: $(DP_RUNNER) does not build; the self-test through the data plane is skipped"
check-health: $(HEALTH_DRIVER)
	$(DP_RUNNER_TRY)
	tests/health/run --driver $(HEALTH_DRIVER)
check-health-san: $(HEALTH_DRIVER_SAN)
	$(DP_RUNNER_TRY)
	tests/health/run --driver $(HEALTH_DRIVER_SAN)
check-health-valgrind: $(HEALTH_DRIVER)
	tests/health/run --driver $(HEALTH_DRIVER) --valgrind
# ---- end health ----

# ---- metrics ----
# Prometheus text writer and the /metrics endpoint (libevent evhttp).
# The library is the template's metrics component (top of this file).
METRICS_UNIT     := $(BUILD)/tests/test_metrics
METRICS_UNIT_SAN := $(BUILD)/san/tests/test_metrics
$(eval $(call program,tests/test_metrics,tests/unit/test_metrics.c,metrics,$$(HEALTH_LIBS) -lm -lcmocka,-Itranslatord/metrics))
# ---- end metrics ----

# ---- labs ----
# Topology labs (topology-labs/): containerlab files for two and
# three translator sites, the Docker-free namespace runner that reads the
# same files (topology-labs/run), the demo, and their tests (root; in
# `check`). The data plane runs inside translatord (each site's
# translatord.json "data-plane"): the labs need only the daemon.
.PHONY: demo-lab check-labs check-labs-lint lab-image

# The README's first command: setup included.
demo-lab: deps translatord-daemon
	topology-labs/demo

# The .clab.yml files parse and reference only existing node files.
check-labs-lint:
	tests/labs/lint

# Failover tests 1-6 on the two-site lab, with the measured stalls.
check-labs: check-labs-lint $(TRANSLATORD_DAEMON)
	tests/labs/failover

# The containerlab node image (needs Docker; not part of any test).
lab-image:
	docker build -t translatord-frr:latest -f topology-labs/Dockerfile .
# ---- end labs ----
