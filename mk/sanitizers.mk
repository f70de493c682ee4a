# The integration suite against builds of the module under dynamic checkers
# (tests/sanitizers/README.md).  Long runs, not part of `make test`.
#
#   make test-asan       module built with -fsanitize=address,undefined into
#                        build/asan/mod_rmentor.so, Debian's apache2 started
#                        with the ASan runtime preloaded; fails on any report
#   make test-valgrind   the normal module, apache2 -X under valgrind memcheck;
#                        fails on any valgrind error (leaks: definite only)
#
#   ASAN_BACKENDS=sqlite3,pgsql  backends for test-asan (default: both)
#   VG_BACKENDS=sqlite3          backends for test-valgrind (default: sqlite3)
#   SAN_PYTEST_ARGS="-k applications"   extra pytest arguments
#   SAN_TESTS="tests/crash"     suites to run (default: tests/integration)
#
# Reports: build/asan/reports/ and build/valgrind/logs/ (both emptied at the
# start of each run).

ASAN_CC      ?= gcc
ASAN_DIR     := $(BUILD)/asan
ASAN_SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer
ASAN_CFLAGS   = $(HTTPD_CFLAGS) $(XML_CFLAGS) $(PQ_CFLAGS) $(WARN) -fPIC -g -O1 $(ASAN_SAN)
ASAN_OBJ      = $(patsubst mod_rmentor/%.c,$(ASAN_DIR)/%.o,$(CORE_SRC) $(MOD_SRC)) \
                $(ASAN_DIR)/migrations.o $(ASAN_DIR)/xsd.o
ASAN_BACKENDS ?= sqlite3,pgsql
# SAN_POOLS=0: leave APR pools as they are (no poolshim, see below)
SAN_POOLS    ?= 1
POOLSHIM_SO  := $(BUILD)/sanitizers/poolshim.so
POOLSHIM_PRELOAD = $(if $(filter 1,$(SAN_POOLS)),$(CURDIR)/$(POOLSHIM_SO))
VG_BACKENDS   ?= sqlite3
SAN_PYTEST_ARGS ?=
SAN_TESTS    ?= tests/integration
SAN_PYTEST    = $(PYTHON) -m pytest -p no:cacheprovider -q -rfEs -p rm_sanitizers \
                $(SAN_PYTEST_ARGS) $(SAN_TESTS)

.PHONY: asan-build test-asan test-valgrind

$(ASAN_DIR) $(ASAN_DIR)/core:
	@mkdir -p $@

$(ASAN_DIR)/%.o: mod_rmentor/%.c $(HEADERS) | $(ASAN_DIR) $(ASAN_DIR)/core
	@mkdir -p $(dir $@)
	@echo "  ASANCC  $<"
	@$(ASAN_CC) $(ASAN_CFLAGS) $(INCLUDES) -c -o $@ $<

$(ASAN_DIR)/migrations.o: $(BUILD)/migrations.c mod_rmentor/data/migrations.h | $(ASAN_DIR)
	@echo "  ASANCC  $<"
	@$(ASAN_CC) $(ASAN_CFLAGS) $(INCLUDES) -c -o $@ $<

$(ASAN_DIR)/xsd.o: $(BUILD)/xsd.c | $(ASAN_DIR)
	@echo "  ASANCC  $<"
	@$(ASAN_CC) $(ASAN_CFLAGS) -c -o $@ $<

$(ASAN_DIR)/mod_rmentor.so: $(ASAN_OBJ)
	@echo "  ASANLD  $@"
	@$(ASAN_CC) -shared -o $@ $^ $(MOD_LIBS) $(ASAN_SAN)

asan-build: $(ASAN_DIR)/mod_rmentor.so

# tests/sanitizers/poolshim.c: one malloc block per apr_palloc, freed when the
# pool is cleared or destroyed, so that ASan and valgrind see overruns of pool
# buffers and pool memory used after its pool was cleared.  Preloaded into
# apache2 by both targets; not instrumented itself.
$(POOLSHIM_SO): tests/sanitizers/poolshim.c
	@mkdir -p $(dir $@)
	@echo "  CC  $<"
	@$(CC) -std=c11 -O2 -g -fPIC -shared -Wall -Wextra -Werror \
	    $(shell apr-1-config --includes --cppflags) -o $@ $< -ldl -lpthread

# The apache2 on PATH for the run is tests/sanitizers/apache2-asan, which
# preloads the ASan and UBSan runtimes (apache2 itself is not instrumented, so
# the runtime must come first) and execs /usr/sbin/apache2: every apache2 the
# suite starts, through the harness or directly, gets it.  Reports go to
# stderr, that is the server's error.log (children) or its stderr.log (the
# parent before it opens its logs): the harness fails a server on either (the
# plugin adds stderr.log), and the plugin fails the test during which a report
# appeared and copies it to build/asan/reports/, checked again here.  Not
# log_path: with libasan and libubsan loaded side by side, setting it sends
# the reports of both to stderr anyway (measured), so the files stay empty.
test-asan: asan-build all $(POOLSHIM_SO)
	@rm -rf $(ASAN_DIR)/reports $(ASAN_DIR)/bin
	@mkdir -p $(ASAN_DIR)/reports $(ASAN_DIR)/bin
	@chmod 1777 $(ASAN_DIR)/reports
	@ln -s $(CURDIR)/tests/sanitizers/apache2-asan $(ASAN_DIR)/bin/apache2
	@echo "== integration tests with build/asan/mod_rmentor.so (ASan+UBSan), backends $(ASAN_BACKENDS), SAN_POOLS=$(SAN_POOLS)"
	@start=$$(date +%s); \
	PATH=$(CURDIR)/$(ASAN_DIR)/bin:$$PATH \
	PYTHONPATH=$(CURDIR)/tests/sanitizers$${PYTHONPATH:+:$$PYTHONPATH} \
	RM_ASAN_PRELOAD="$$($(ASAN_CC) -print-file-name=libasan.so) $$($(ASAN_CC) -print-file-name=libubsan.so) $(POOLSHIM_PRELOAD)" \
	RM_SAN_MODE=asan RM_SAN_REPORTS=$(CURDIR)/$(ASAN_DIR)/reports \
	RM_MODULE=$(CURDIR)/$(ASAN_DIR)/mod_rmentor.so RM_BACKENDS=$(ASAN_BACKENDS) \
	ASAN_OPTIONS=detect_leaks=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=0 \
	$(SAN_PYTEST); rc=$$?; \
	echo "== test-asan: pytest exit $$rc after $$(( $$(date +%s) - start ))s"; \
	sh tests/sanitizers/check-reports.sh asan $(ASAN_DIR)/reports || rc=1; \
	exit $$rc

# apache2 -X (one process, event MPM) under valgrind, started by the pytest
# plugin (tests/sanitizers/rm_sanitizers.py) in place of the harness's
# apache2 -DFOREGROUND; each server's valgrind log is checked when the suite
# checks its error.log, and all logs again here.
test-valgrind: all $(POOLSHIM_SO)
	@rm -rf $(BUILD)/valgrind/logs
	@mkdir -p $(BUILD)/valgrind/logs
	@chmod 1777 $(BUILD)/valgrind/logs
	@echo "== integration tests under valgrind (apache2 -X), backends $(VG_BACKENDS), SAN_POOLS=$(SAN_POOLS)"
	@start=$$(date +%s); \
	PYTHONPATH=$(CURDIR)/tests/sanitizers$${PYTHONPATH:+:$$PYTHONPATH} \
	RM_SAN_MODE=valgrind RM_SAN_REPORTS=$(CURDIR)/$(BUILD)/valgrind/logs \
	RM_VALGRIND_SUPP=$(CURDIR)/tests/valgrind.supp RM_VALGRIND_PRELOAD=$(POOLSHIM_PRELOAD) \
	RM_MODULE=$(CURDIR)/$(BUILD)/mod_rmentor.so RM_BACKENDS=$(VG_BACKENDS) \
	$(SAN_PYTEST); rc=$$?; \
	echo "== test-valgrind: pytest exit $$rc after $$(( $$(date +%s) - start ))s"; \
	sh tests/sanitizers/check-reports.sh valgrind $(BUILD)/valgrind/logs || rc=1; \
	exit $$rc
