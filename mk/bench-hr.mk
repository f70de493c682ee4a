# The HR export benchmark (issue 16).  Included by the Makefile.
#
#   make bench-hr   seeds 100,000 export records (20 programmes x 5,000
#                   accepted applications, by SQL) and pulls
#                   /mentoring/hr/export.xml page by page as the demo `hr`
#                   account from an httpd with ONE child: pages, records,
#                   seconds and the child's RSS growth (VmHWM after - VmRSS
#                   before), against the targets 5 s and 32 MiB; exit 1 over
#                   target.  Not part of `make test`.
#                   BENCH_HR_ARGS="--backends sqlite3,pgsql --csv" for more
#                   (scripts/bench-hr.py --help).

BENCH_HR_ARGS ?=

.PHONY: bench-hr

bench-hr: deps
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/bench EXTRA_CFLAGS= $(BUILD)/bench/mod_rmentor.so
	$(PYTHON) scripts/bench-hr.py --module $(CURDIR)/$(BUILD)/bench/mod_rmentor.so $(BENCH_HR_ARGS)
