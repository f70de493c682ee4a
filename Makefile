# mod_rmentor: reciprocal mentoring programmes as an Apache httpd 2.4 module.
#
#   make            build build/mod_rmentor.so
#   make run        install what the demo needs, build, start it on 127.0.0.1:8080
#   make test       install that and the test toolset, build, run every test
#   make install    install into the system httpd the Debian way, with
#                   rmentorctl (the store from the command line)
#
# Flags come from apxs -q, plus C11 and -Wall -Wextra -Werror.

APXS      ?= apxs
PORT      ?= 8080
PYTHON    ?= /usr/bin/python3
BUILD     := build

# Recursive (=) so they are read after `deps` or `deps-run` has installed apache2-dev.
HTTPD_CFLAGS = $(shell $(APXS) -q CFLAGS) $(shell $(APXS) -q CPPFLAGS) \
               $(shell $(APXS) -q EXTRA_CPPFLAGS) -I$(shell $(APXS) -q INCLUDEDIR) \
               $(shell apr-1-config --includes) $(shell apu-1-config --includes)
# libxml2, and libxmlsec1 with its OpenSSL backend: the HR export's
# signature (mod_rmentor/core/xmlsign.c); Jansson: the subject-access
# download's JSON (mod_rmentor/core/sar.c)
XML_CFLAGS   = $(shell xml2-config --cflags) $(shell pkg-config --cflags xmlsec1-openssl jansson)
XML_LIBS     = $(shell pkg-config --libs xmlsec1-openssl) $(shell xml2-config --libs) \
               $(shell pkg-config --libs jansson)
# libpq: the cache's PostgreSQL change listener (mod_rmentor/data/pgnotify.c)
PQ_CFLAGS    = -I$(shell pg_config --includedir 2>/dev/null || echo /usr/include/postgresql)
# libical: the calendar feed (mod_rmentor/features/calendar/feed_calendar.c)
ICAL_CFLAGS  = $(shell pkg-config --cflags libical)
ICAL_LIBS    = $(shell pkg-config --libs libical)
MOD_LIBS     = $(XML_LIBS) -lcrypto -lpq $(ICAL_LIBS)
WARN        := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
               -Wmissing-prototypes -Wno-unused-parameter
EXTRA_CFLAGS ?=
CFLAGS_ALL   = $(HTTPD_CFLAGS) $(XML_CFLAGS) $(PQ_CFLAGS) $(ICAL_CFLAGS) $(WARN) -fPIC $(EXTRA_CFLAGS)

# The layout (docs/DESIGN.md): core/ pure C; data/ the store; web/ httpd glue
# shared by the areas; features/<area>/ one directory per area; cli/ rmentorctl.
CORE_SRC := $(wildcard mod_rmentor/core/*.c)
# the data layer without httpd, which rmentorctl links too (data/rm_db.h)
DATA_OBJ := $(patsubst mod_rmentor/%.c,$(BUILD)/%.o,$(filter-out %/cache.c %/pgnotify.c,\
                $(wildcard mod_rmentor/data/*.c))) \
            $(patsubst mod_rmentor/%.c,$(BUILD)/%.o,$(wildcard mod_rmentor/features/*/*_sql.c \
                mod_rmentor/features/*/*_data.c)) \
            $(BUILD)/migrations.o
MOD_SRC  := mod_rmentor/mod_rmentor.c $(wildcard mod_rmentor/web/*.c \
            mod_rmentor/data/*.c mod_rmentor/features/*/*.c)
# build/xsd.o: the XML schemas of mod_rmentor/xsd/ as C strings (core/hrimport.h)
CORE_OBJ := $(patsubst mod_rmentor/%.c,$(BUILD)/%.o,$(CORE_SRC)) $(BUILD)/xsd.o
XSD      := $(wildcard mod_rmentor/xsd/*.xsd)
MOD_OBJ  := $(patsubst mod_rmentor/%.c,$(BUILD)/%.o,$(MOD_SRC)) $(BUILD)/migrations.o
HEADERS  := $(wildcard mod_rmentor/*/*.h mod_rmentor/features/*/*.h)
INCLUDES := -Imod_rmentor -Imod_rmentor/web -Imod_rmentor/data
SQL      := $(wildcard sql/sqlite/*.sql sql/pgsql/*.sql)

.PHONY: all deps deps-run run test unit print-unit integration install clean check-deps

all: $(BUILD)/mod_rmentor.so $(BUILD)/rmentorctl

# Debian packages (scripts/install-deps.sh): what building and the SQLite
# demo need, and for `deps` the test toolset as well
deps-run:
	@scripts/install-deps.sh run

deps:
	@scripts/install-deps.sh test

$(BUILD)/core $(BUILD):
	@mkdir -p $@

$(BUILD)/%.o: mod_rmentor/%.c $(HEADERS) | $(BUILD)
	@mkdir -p $(dir $@)
	@echo "  CC  $<"
	@$(CC) $(CFLAGS_ALL) $(INCLUDES) -c -o $@ $<

$(BUILD)/migrations.c: $(SQL) scripts/embed-sql.sh | $(BUILD)
	sh scripts/embed-sql.sh sql > $@

$(BUILD)/migrations.o: $(BUILD)/migrations.c mod_rmentor/data/migrations.h
	@echo "  CC  $<"
	@$(CC) $(CFLAGS_ALL) $(INCLUDES) -c -o $@ $<

$(BUILD)/xsd.c: $(XSD) scripts/embed-xsd.sh | $(BUILD)
	sh scripts/embed-xsd.sh mod_rmentor/xsd > $@

$(BUILD)/xsd.o: $(BUILD)/xsd.c
	@echo "  CC  $<"
	@$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/mod_rmentor.so: $(CORE_OBJ) $(MOD_OBJ)
	$(CC) -shared -o $@ $^ $(MOD_LIBS) $(EXTRA_CFLAGS)

# rmentorctl: the core and the data layer, no httpd (it only uses its headers)
CLI_SRC  := $(wildcard mod_rmentor/cli/*.c)
$(BUILD)/rmentorctl: $(CLI_SRC) $(wildcard mod_rmentor/cli/*.h) $(DATA_OBJ) $(CORE_OBJ) $(HEADERS)
	@echo "  LD  $@"
	@$(CC) $(CFLAGS_ALL) $(INCLUDES) -o $@ $(CLI_SRC) $(DATA_OBJ) $(CORE_OBJ) \
	    $(shell apu-1-config --link-ld --libs) $(shell apr-1-config --link-ld --libs) \
	    $(XML_LIBS) -lcrypto $(EXTRA_CFLAGS)

# ---- tests -------------------------------------------------------------------

$(BUILD)/test_core: tests/unit/test_core.c $(CORE_OBJ)
	$(CC) $(CFLAGS_ALL) -Imod_rmentor/core -o $@ $^ -lcmocka -lapr-1 -laprutil-1 -lcrypto $(XML_LIBS)

$(BUILD)/test_match: tests/unit/test_match.c $(CORE_OBJ)
	$(CC) $(CFLAGS_ALL) -Imod_rmentor/core -o $@ $^ -lcmocka -lapr-1 -laprutil-1 -lcrypto $(XML_LIBS)

# the matching's score and the session times (core/score.c, core/schedule.c)
$(BUILD)/test_score: tests/unit/test_score.c $(CORE_OBJ)
	$(CC) $(CFLAGS_ALL) -Imod_rmentor/core -o $@ $^ -lcmocka -lapr-1 -laprutil-1 -lcrypto $(XML_LIBS)

# the calendar of a programme's year (core/pace.c)
$(BUILD)/test_pace: tests/unit/test_pace.c $(CORE_OBJ)
	$(CC) $(CFLAGS_ALL) -Imod_rmentor/core -o $@ $^ -lcmocka -lapr-1 -laprutil-1 -lcrypto $(XML_LIBS)

# the reminders' mail messages (core/mail.c)
$(BUILD)/test_mail: tests/unit/test_mail.c $(CORE_OBJ)
	$(CC) $(CFLAGS_ALL) -Imod_rmentor/core -o $@ $^ -lcmocka -lapr-1 -laprutil-1 -lcrypto $(XML_LIBS)

# the calendar feed's token (core/calfeed.c)
$(BUILD)/test_calfeed: tests/unit/test_calfeed.c $(CORE_OBJ)
	$(CC) $(CFLAGS_ALL) -Imod_rmentor/core -o $@ $^ -lcmocka -lapr-1 -laprutil-1 -lcrypto $(XML_LIBS)

# the legacy's dates and statuses (core/legacy.c)
# the HR export's document and signature (core/hrexport.c, core/xmlsign.c)
$(BUILD)/test_hrexport: tests/unit/test_hrexport.c $(CORE_OBJ)
	$(CC) $(CFLAGS_ALL) -Imod_rmentor/core -o $@ $^ -lcmocka -lapr-1 -laprutil-1 -lcrypto $(XML_LIBS)

$(BUILD)/test_legacy: tests/unit/test_legacy.c $(CORE_OBJ)
	$(CC) $(CFLAGS_ALL) -Imod_rmentor/core -o $@ $^ -lcmocka -lapr-1 -laprutil-1 -lcrypto $(XML_LIBS)

# HR's import file (core/hrimport.c), with the hostile files of tests/data/hr/
$(BUILD)/test_hrimport: tests/unit/test_hrimport.c $(CORE_OBJ)
	$(CC) $(CFLAGS_ALL) -Imod_rmentor/core -o $@ $^ -lcmocka -lapr-1 -laprutil-1 -lcrypto $(XML_LIBS)

# the CSV writer (core/csv.c)
$(BUILD)/test_csv: tests/unit/test_csv.c $(CORE_OBJ)
	$(CC) $(CFLAGS_ALL) -Imod_rmentor/core -o $@ $^ -lcmocka -lapr-1 -laprutil-1 -lcrypto $(XML_LIBS)

# the /hr page's multipart/form-data bodies (core/multipart.c)
$(BUILD)/test_multipart: tests/unit/test_multipart.c $(CORE_OBJ)
	$(CC) $(CFLAGS_ALL) -Imod_rmentor/core -o $@ $^ -lcmocka -lapr-1 -laprutil-1 -lcrypto $(XML_LIBS)

# the retention periods (core/retention.c)
$(BUILD)/test_retention: tests/unit/test_retention.c $(CORE_OBJ)
	$(CC) $(CFLAGS_ALL) -Imod_rmentor/core -o $@ $^ -lcmocka -lapr-1 -laprutil-1 -lcrypto $(XML_LIBS)

# the subject-access document (core/sar.c) against its schema
$(BUILD)/test_sar: tests/unit/test_sar.c $(CORE_OBJ)
	$(CC) $(CFLAGS_ALL) -Imod_rmentor/core -o $@ $^ -lcmocka -lapr-1 -laprutil-1 -lcrypto $(XML_LIBS)

# small-number suppression (core/suppress.c)
$(BUILD)/test_suppress: tests/unit/test_suppress.c $(CORE_OBJ)
	$(CC) $(CFLAGS_ALL) -Imod_rmentor/core -o $@ $^ -lcmocka -lapr-1 -laprutil-1 -lcrypto $(XML_LIBS)

# the reports' bar charts (core/chart.c) and inline SVG through the serialiser
$(BUILD)/test_chart: tests/unit/test_chart.c $(CORE_OBJ)
	$(CC) $(CFLAGS_ALL) -Imod_rmentor/core -o $@ $^ -lcmocka -lapr-1 -laprutil-1 -lcrypto $(XML_LIBS)

# the resources hub: file checks, download names, topics, search words (core/resource.c)
$(BUILD)/test_resource: tests/unit/test_resource.c $(CORE_OBJ)
	$(CC) $(CFLAGS_ALL) -Imod_rmentor/core -o $@ $^ -lcmocka -lapr-1 -laprutil-1 -lcrypto $(XML_LIBS)

# which institution a sign-in belongs to (core/federation.c)
$(BUILD)/test_federation: tests/unit/test_federation.c $(CORE_OBJ)
	$(CC) $(CFLAGS_ALL) -Imod_rmentor/core -o $@ $^ -lcmocka -lapr-1 -laprutil-1 -lcrypto $(XML_LIBS)

# a federation's metadata read for its institutions (core/fedmeta.c)
$(BUILD)/test_fedmeta: tests/unit/test_fedmeta.c $(CORE_OBJ)
	$(CC) $(CFLAGS_ALL) -Imod_rmentor/core -o $@ $^ -lcmocka -lapr-1 -laprutil-1 -lcrypto $(XML_LIBS)

# a sector body's list of members (core/members.c)
$(BUILD)/test_members: tests/unit/test_members.c $(CORE_OBJ)
	$(CC) $(CFLAGS_ALL) -Imod_rmentor/core -o $@ $^ -lcmocka -lapr-1 -laprutil-1 -lcrypto $(XML_LIBS)

# the data layer without httpd, on SQLite
$(BUILD)/test_data: tests/unit/test_data.c $(DATA_OBJ) $(CORE_OBJ) $(HEADERS)
	$(CC) $(CFLAGS_ALL) $(INCLUDES) -o $@ $< $(DATA_OBJ) $(CORE_OBJ) -lcmocka \
	    $(shell apu-1-config --link-ld --libs) $(shell apr-1-config --link-ld --libs) \
	    $(XML_LIBS) -lcrypto

# every unit test, run in this order by `make unit` and built by `make test`
UNIT_TESTS := test_core test_match test_score test_pace test_mail test_calfeed test_data \
              test_legacy test_hrexport test_hrimport test_csv test_multipart test_retention \
              test_sar test_suppress test_chart test_resource test_federation \
              test_fedmeta test_members
UNIT_BIN   := $(addprefix $(BUILD)/,$(UNIT_TESTS))

unit: $(UNIT_BIN)
	@st=0; for t in $(UNIT_BIN); do echo "== $$t"; $$t || st=1; done; exit $$st

# the unit tests' programs, for scripts/run-tests.sh
print-unit:
	@echo $(UNIT_BIN)

integration: $(BUILD)/mod_rmentor.so
	$(PYTHON) -m pytest -p no:cacheprovider -q tests/integration

test: deps
	@$(MAKE) --no-print-directory all $(UNIT_BIN)
	@scripts/run-tests.sh

# ---- demo and install --------------------------------------------------------

run: deps-run
	@$(MAKE) --no-print-directory all
	@PORT=$(PORT) scripts/run-demo.sh

install: all
	@scripts/install-system.sh $(BUILD)/mod_rmentor.so $(BUILD)/rmentorctl

clean:
	rm -rf $(BUILD)

# Further targets (fuzzing, sanitizers, benchmarks, ...) live in mk/*.mk.
-include $(wildcard mk/*.mk)
