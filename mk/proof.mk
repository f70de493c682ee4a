# Benchmarks, crash safety and scale-out (issue 4).  Included by the Makefile.
#
#   make bench           throughput, latency and RSS on SQLite and PostgreSQL;
#                        writes docs/BENCHMARKS.md (a measurement, not a test)
#   make bench-instr     instructions per warm request of each page, counted by
#                        callgrind: repeatable on a noisy machine (~5 min)
#   make bench-matching-page
#                        the matching of a 200 + 200 cohort on SQLite and
#                        PostgreSQL: run (40,000 scores, assignment, draft
#                        stored) and the page with the draft, median of 5,
#                        against the 1 s target (issue 13; ~2 min)
#   make test-crash      20 rounds of SIGKILL under concurrent writes per
#                        backend, plus PostgreSQL itself killed and restarted
#   make test-scaleout   two httpd front-ends on one PostgreSQL: races,
#                        consistency, and a 60-second mixed load at 64 connections
#
# `make test` runs short versions through tests/hooks.d/60-crash.sh and
# tests/hooks.d/70-scaleout.sh.

BENCH_BUILD   := $(BUILD)/bench
BENCH_DOC     ?= docs/BENCHMARKS.md
BENCH_ARGS    ?=
BENCH_MATCHING_ARGS ?=
CRASH_ROUNDS  ?= 20

.PHONY: bench bench-instr bench-matching-page test-crash test-scaleout

# The benchmark builds its own copy of the module, without EXTRA_CFLAGS, so a
# sanitizer or coverage build in build/ does not skew the numbers.
bench: deps
	@$(MAKE) --no-print-directory BUILD=$(BENCH_BUILD) EXTRA_CFLAGS= $(BENCH_BUILD)/mod_rmentor.so
	$(PYTHON) scripts/bench.py --module $(CURDIR)/$(BENCH_BUILD)/mod_rmentor.so \
	    --write $(BENCH_DOC) $(BENCH_ARGS)

bench-instr: deps
	@$(MAKE) --no-print-directory BUILD=$(BENCH_BUILD) EXTRA_CFLAGS= $(BENCH_BUILD)/mod_rmentor.so
	$(PYTHON) scripts/bench-instr.py --module $(CURDIR)/$(BENCH_BUILD)/mod_rmentor.so $(BENCH_ARGS)

bench-matching-page: deps
	@$(MAKE) --no-print-directory BUILD=$(BENCH_BUILD) EXTRA_CFLAGS= $(BENCH_BUILD)/mod_rmentor.so
	$(PYTHON) scripts/bench-matching-page.py --module $(CURDIR)/$(BENCH_BUILD)/mod_rmentor.so \
	    $(BENCH_MATCHING_ARGS)

test-crash: deps
	@$(MAKE) --no-print-directory all
	RM_CRASH_ROUNDS=$(CRASH_ROUNDS) $(PYTHON) -m pytest -p no:cacheprovider -q -s -rfEs tests/crash

test-scaleout: deps
	@$(MAKE) --no-print-directory all
	RM_SCALEOUT_SECONDS=60 $(PYTHON) -m pytest -p no:cacheprovider -q -s -rfEs tests/scaleout
