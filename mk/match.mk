# Benchmark of the whole-cohort pairing solver (mod_rmentor/core/match.c).
#
#   make bench-match   median time and peak memory of rm_match_solve on
#                      100x100, 500x500 and 2000x2000 cohorts, 0 % and 10 %
#                      forbidden pairs, pinned to one core; with SciPy's
#                      linear_sum_assignment alongside when python3-scipy is
#                      importable (scripts/bench-match-scipy.py; installed
#                      with the `bench` set of scripts/install-deps.sh)
#
# Built with -O2 into build/bench/, apart from build/ (no EXTRA_CFLAGS, so a
# sanitizer build does not skew the numbers).

BENCH_MATCH_DIR   := $(BUILD)/bench
BENCH_MATCH_BIN   := $(BENCH_MATCH_DIR)/bench_match
BENCH_MATCH_SCIPY := $(BENCH_MATCH_DIR)/bench-match-scipy.txt
BENCH_MATCH_PIN   := $(if $(shell command -v taskset 2>/dev/null),taskset -c 0)
BENCH_MATCH_CFLAGS = -std=c11 -O2 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
                     -Wmissing-prototypes $(shell apr-1-config --includes --cppflags) \
                     -Imod_rmentor/core

.PHONY: bench-match

$(BENCH_MATCH_BIN): tests/bench/bench_match.c mod_rmentor/core/match.c mod_rmentor/core/match.h
	@mkdir -p $(dir $@)
	@echo "  CC  $@"
	@$(CC) $(BENCH_MATCH_CFLAGS) -o $@ tests/bench/bench_match.c mod_rmentor/core/match.c \
	    $(shell apr-1-config --link-ld --libs)

bench-match: $(BENCH_MATCH_BIN)
	@scripts/install-deps.sh run bench
	@rm -f $(BENCH_MATCH_SCIPY)
	@if $(PYTHON) -c 'import scipy.optimize' 2>/dev/null; then \
	    $(BENCH_MATCH_PIN) $(PYTHON) scripts/bench-match-scipy.py > $(BENCH_MATCH_SCIPY); \
	else \
	    echo "note: python3-scipy is not importable: SciPy comparison skipped"; \
	fi
	@$(BENCH_MATCH_PIN) $(BENCH_MATCH_BIN) $(BENCH_MATCH_SCIPY)
