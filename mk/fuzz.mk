# libFuzzer harnesses for the parsers of outside input in mod_rmentor/core
# (tests/fuzz/README.md).
#
#   make fuzz [FUZZ_SECONDS=60] [FUZZ_ONLY="form url"]
#                      fuzz each harness for FUZZ_SECONDS; new inputs go to
#                      build/fuzz/corpus/<h>/, crashes to build/fuzz/artifacts/
#   make fuzz-replay   run every seed in tests/fuzz/corpus/ once (seconds);
#                      also part of `make test` (tests/hooks.d/20-fuzz-replay.sh)
#   make fuzz-build    only build build/fuzz/fuzz_<h>
#   make fuzz-coverage which lines of mod_rmentor/core the corpora reach
#
# The core sources are compiled again with clang into build/fuzz/, with
# -fsanitize=fuzzer-no-link,address,undefined; every UBSan report aborts.

FUZZ_CC      ?= $(firstword $(shell command -v clang-14 clang 2>/dev/null) clang-14)
FUZZ_SECONDS ?= 60
FUZZ_DIR     := $(BUILD)/fuzz
FUZZ_NAMES   := form url attr route token validate date sql html schedule pace legacy mail caltoken \
                hrimport csv multipart resource federation \
                fedmeta
FUZZ_ONLY    ?= $(FUZZ_NAMES)
FUZZ_BINS    := $(patsubst %,$(FUZZ_DIR)/fuzz_%,$(FUZZ_NAMES))
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all \
                -fno-omit-frame-pointer
# FUZZ_EXTRA: e.g. -DFZ_ANY_MONTHS (see tests/fuzz/fuzz_date.c)
FUZZ_EXTRA   ?=
FUZZ_CFLAGS   = -std=c11 -g -O1 -Wall -Wextra -Werror -Wno-unused-parameter \
                $(shell apr-1-config --includes --cppflags) -Imod_rmentor/core \
                -Itests/fuzz $(shell xml2-config --cflags) $(shell pkg-config --cflags xmlsec1-openssl) $(FUZZ_EXTRA)
# build/xsd.c (the embedded schemas, see the Makefile) with the core
FUZZ_CORE_OBJ = $(patsubst mod_rmentor/core/%.c,$(FUZZ_DIR)/core/%.o,$(CORE_SRC)) \
                $(FUZZ_DIR)/core/xsd.o

.PHONY: fuzz fuzz-build fuzz-replay fuzz-clean
# keep the objects (make would delete them as intermediates of fuzz_%)
.SECONDARY: $(FUZZ_CORE_OBJ) $(FUZZ_DIR)/fuzz_common.o

$(FUZZ_DIR)/core $(FUZZ_DIR)/artifacts:
	@mkdir -p $@

$(FUZZ_DIR)/core/%.o: mod_rmentor/core/%.c $(wildcard mod_rmentor/core/*.h) | $(FUZZ_DIR)/core
	@echo "  FUZZCC  $<"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(FUZZ_SAN) -c -o $@ $<

$(FUZZ_DIR)/core/xsd.o: $(BUILD)/xsd.c | $(FUZZ_DIR)/core
	@echo "  FUZZCC  $<"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_DIR)/fuzz_common.o: tests/fuzz/fuzz_common.c tests/fuzz/fuzz_common.h \
                           mod_rmentor/core/rm_core.h | $(FUZZ_DIR)/core
	@echo "  FUZZCC  $<"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) -c -o $@ $<

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_DIR)/fuzz_common.o $(FUZZ_CORE_OBJ) \
                    tests/fuzz/fuzz_common.h $(wildcard mod_rmentor/core/*.h) \
                    $(wildcard mod_rmentor/features/*.h mod_rmentor/features/*/area.h)
	@echo "  FUZZLD  $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $< \
	    $(FUZZ_DIR)/fuzz_common.o $(FUZZ_CORE_OBJ) -lapr-1 -laprutil-1 -lcrypto -ldl $(shell pkg-config --libs jansson) \
	    $(shell pkg-config --libs xmlsec1-openssl) $(shell xml2-config --libs)

fuzz-build: $(FUZZ_BINS)

fuzz: fuzz-build | $(FUZZ_DIR)/artifacts
	@FUZZ_DIR=$(FUZZ_DIR) sh tests/fuzz/run-fuzz.sh $(FUZZ_SECONDS) $(FUZZ_ONLY)

fuzz-replay: fuzz-build | $(FUZZ_DIR)/artifacts
	@FUZZ_DIR=$(FUZZ_DIR) sh tests/fuzz/replay.sh $(FUZZ_NAMES)

fuzz-clean:
	rm -rf $(FUZZ_DIR)

# ---- which lines of the core the corpora reach ------------------------------
#   make fuzz-coverage   replays tests/fuzz/corpus/ and what `make fuzz` found
#                        in build/fuzz/corpus/ through harnesses built with
#                        clang's source-based coverage; prints llvm-cov's table
#                        for mod_rmentor/core (HTML: build/fuzz-cov/html/).
FUZZ_COV_DIR  := $(BUILD)/fuzz-cov
FUZZ_LLVM_SUFFIX ?= $(if $(shell command -v llvm-cov-14 2>/dev/null),-14,)
FUZZ_COV_FLAGS := -fprofile-instr-generate -fcoverage-mapping

.PHONY: fuzz-coverage
fuzz-coverage: $(BUILD)/xsd.c
	@rm -rf $(FUZZ_COV_DIR) && mkdir -p $(FUZZ_COV_DIR)/prof
	@set -e; for h in $(FUZZ_NAMES); do \
	    $(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(FUZZ_COV_FLAGS) -o $(FUZZ_COV_DIR)/fuzz_$$h \
	        tests/fuzz/fuzz_$$h.c tests/fuzz/fuzz_common.c $(CORE_SRC) $(BUILD)/xsd.c \
	        -lapr-1 -laprutil-1 -lcrypto -ldl $(shell pkg-config --libs xmlsec1-openssl) $(shell xml2-config --libs) $(shell pkg-config --libs jansson); \
	    mkdir -p $(FUZZ_DIR)/corpus/$$h; \
	    LLVM_PROFILE_FILE=$(FUZZ_COV_DIR)/prof/$$h.profraw $(FUZZ_COV_DIR)/fuzz_$$h -runs=0 \
	        tests/fuzz/corpus/$$h $(FUZZ_DIR)/corpus/$$h > $(FUZZ_COV_DIR)/$$h.log 2>&1; \
	done
	@llvm-profdata$(FUZZ_LLVM_SUFFIX) merge -sparse -o $(FUZZ_COV_DIR)/all.profdata $(FUZZ_COV_DIR)/prof/*.profraw
	@objs=""; for h in $(FUZZ_NAMES); do \
	    objs="$${objs:+$$objs -object }$(FUZZ_COV_DIR)/fuzz_$$h"; done; \
	llvm-cov$(FUZZ_LLVM_SUFFIX) report $$objs -instr-profile=$(FUZZ_COV_DIR)/all.profdata $(CORE_SRC); \
	llvm-cov$(FUZZ_LLVM_SUFFIX) show $$objs -instr-profile=$(FUZZ_COV_DIR)/all.profdata \
	    -format=html -output-dir=$(FUZZ_COV_DIR)/html $(CORE_SRC) > /dev/null
