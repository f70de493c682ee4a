/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Unit tests of HR's import file (core/hrimport.c): the samples of
 * tests/data/hr/ (valid and invalid), every hostile file of
 * tests/data/hr/hostile/ refused with a sentence that says why, and without
 * libxml2 opening anything (an input callback and an external entity
 * loader that count every attempt, a TCP listener on loopback that no one
 * may connect to), nothing written to stderr, the global error handlers
 * left as they were; the limits (size, depth, records), line numbers past
 * 65535, long values cut in messages, many threads at once, and the
 * embedded schemas equal to mod_rmentor/xsd/.
 *
 * Run from the top of the repository (make unit).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <pthread.h>
#include <time.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <cmocka.h>
#include <apr_general.h>
#include <apr_strings.h>
#include <apr_file_info.h>
#include <libxml/parser.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/globals.h>
#include "rm_core.h"
#include "hrimport.h"

#define DATA "tests/data/hr/"

static apr_pool_t *pool;
static int opened;                 /* resources libxml2 tried to open */
static int global_errors;          /* calls of the global handlers */

/* ---- watching libxml2 ----------------------------------------------------- */

static int io_match(const char *uri)
{
    opened++;
    return 0;               /* then libxml2's own callbacks: counted anyway */
}

static void *io_open(const char *uri) { return NULL; }
static int io_read(void *c, char *b, int n) { return -1; }
static int io_close(void *c) { return 0; }

static xmlParserInputPtr counting_loader(const char *url, const char *id,
                                         xmlParserCtxtPtr ctxt)
{
    opened++;
    return NULL;
}

static void global_structured(void *ctx, xmlErrorPtr e) { global_errors++; }

static void global_generic(void *ctx, const char *msg, ...) { global_errors++; }

/* stderr goes to a file while f runs; returns how many bytes were written */
static long stderr_bytes(void (*f)(void *), void *arg)
{
    char path[] = "/tmp/rm-hri-stderr.XXXXXX";
    int fd = mkstemp(path), saved;
    long n;
    assert_true(fd >= 0);
    fflush(stderr);
    saved = dup(2);
    dup2(fd, 2);
    f(arg);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    n = (long)lseek(fd, 0, SEEK_END);
    close(fd);
    unlink(path);
    return n;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = apr_palloc(pool, (apr_size_t)n + 1);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static int parse_file(const char *name, rm_hri_batch **b, const char **err)
{
    size_t len;
    char *buf = slurp(apr_pstrcat(pool, DATA, name, NULL), &len);
    return rm_hri_parse(pool, buf, len, NULL, b, err);
}

static int parse_str(const char *s, const rm_hri_limits *lim, rm_hri_batch **b,
                     const char **err)
{
    return rm_hri_parse(pool, s, strlen(s), lim, b, err);
}

static void expect_refused(const char *name, const char *want1, const char *want2)
{
    rm_hri_batch *b = (void *)1;
    const char *err = NULL;
    int rc = parse_file(name, &b, &err);
    if (rc == 0 || !err || !strstr(err, want1) || (want2 && !strstr(err, want2)))
        fail_msg("%s: rc %d, message \"%s\" (wanted \"%s\"%s%s)", name, rc,
                 err ? err : "(none)", want1, want2 ? " and " : "", want2 ? want2 : "");
    assert_null(b);
    assert_true(strlen(err) < 2000);
}

#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
             "<HRUpdate xmlns=\"urn:x-mod-rmentor:hr-import:1\">\n"
#define TAIL "</HRUpdate>\n"

/* ---- the valid samples ------------------------------------------------------ */

static void test_valid_sample(void **state)
{
    rm_hri_batch *b;
    const char *err;
    rm_hri_record *r;
    (void)state;
    assert_int_equal(parse_file("import-valid.xml", &b, &err), 0);
    assert_null(err);
    assert_string_equal(b->batch, "2026-12-05-1");
    assert_string_equal(b->produced, "2026-12-05T10:00:00Z");
    assert_int_equal(b->records->nelts, 5);
    r = &APR_ARRAY_IDX(b->records, 0, rm_hri_record);
    assert_int_equal(r->kind, RM_HRI_GRADE);
    assert_int_equal(r->line, 3);
    assert_string_equal(r->principal, "mentor1@demo.ac.uk");
    assert_null(r->staff_number);
    assert_string_equal(r->grade, "9");
    assert_string_equal(r->date, "2026-11-01");
    assert_null(r->number);
    r = &APR_ARRAY_IDX(b->records, 1, rm_hri_record);
    assert_int_equal(r->kind, RM_HRI_GRADE);
    assert_null(r->principal);
    assert_string_equal(r->staff_number, "100234");
    r = &APR_ARRAY_IDX(b->records, 2, rm_hri_record);
    assert_int_equal(r->kind, RM_HRI_STAFF_NUMBER);
    assert_int_equal(r->line, 6);           /* after a comment */
    assert_string_equal(r->principal, "mentor1@demo.ac.uk");
    assert_string_equal(r->number, "100234");
    assert_null(r->grade);
    assert_null(r->date);
    r = &APR_ARRAY_IDX(b->records, 3, rm_hri_record);
    assert_int_equal(r->kind, RM_HRI_LEAVER);
    assert_string_equal(r->principal, "x@demo.ac.uk");
    assert_string_equal(r->date, "2026-12-31");
    r = &APR_ARRAY_IDX(b->records, 4, rm_hri_record);
    assert_int_equal(r->kind, RM_HRI_LEAVER);
    assert_int_equal(r->line, 8);
    assert_string_equal(r->staff_number, "A-77.b_9");
    assert_string_equal(rm_hri_kind_name(RM_HRI_STAFF_NUMBER), "StaffNumber");
}

static void test_empty_and_small(void **state)
{
    rm_hri_batch *b;
    const char *err;
    (void)state;
    assert_int_equal(parse_file("import-empty.xml", &b, &err), 0);
    assert_int_equal(b->records->nelts, 0);
    assert_null(b->batch);
    assert_null(b->produced);
    /* a UTF-8 byte order mark, no declaration, prefixes, white space in tokens */
    assert_int_equal(parse_str("\xEF\xBB\xBF<h:HRUpdate xmlns:h=\"urn:x-mod-rmentor:hr-import:1\""
                               " batch=\"  b  1 \"><h:GradeChange principal=\"Zo\xC3\xAB@x.ac.uk\""
                               " grade=\" Grade  7 \" effective=\" 2026-01-31\n\"/>"
                               "</h:HRUpdate>", NULL, &b, &err), 0);
    assert_string_equal(b->batch, "b 1");
    assert_string_equal(APR_ARRAY_IDX(b->records, 0, rm_hri_record).grade, "Grade 7");
    assert_string_equal(APR_ARRAY_IDX(b->records, 0, rm_hri_record).date, "2026-01-31");
    assert_string_equal(APR_ARRAY_IDX(b->records, 0, rm_hri_record).principal,
                        "Zo\xC3\xAB@x.ac.uk");
    /* &amp; and character references are fine */
    assert_int_equal(parse_str(HEAD "<GradeChange principal=\"a&amp;b@x\" grade=\"&#57;\""
                               " effective=\"2026-11-01\"/>" TAIL, NULL, &b, &err), 0);
    assert_string_equal(APR_ARRAY_IDX(b->records, 0, rm_hri_record).principal, "a&b@x");
    assert_string_equal(APR_ARRAY_IDX(b->records, 0, rm_hri_record).grade, "9");
}

/* ---- the invalid samples ---------------------------------------------------- */

static void test_invalid_samples(void **state)
{
    rm_hri_batch *b;
    const char *err;
    (void)state;
    expect_refused("import-invalid-both.xml",
                   "line 4: GradeChange needs a principal or a staffNumber, not both", NULL);
    expect_refused("import-invalid-neither.xml",
                   "line 3: Leaver needs a principal or a staffNumber (it has neither)", NULL);
    expect_refused("import-invalid-values.xml", "line 3: Element 'GradeChange', attribute "
                   "'effective': '2026-13-01' is not a valid value", "line 6: ");
    expect_refused("import-invalid-values.xml", "line 4: Element 'GradeChange', attribute "
                   "'grade'", "line 5: Element 'StaffNumber', attribute 'number'");
    expect_refused("import-invalid-element.xml", "line 4: Element 'Salary': This element is "
                   "not expected", NULL);
    expect_refused("import-invalid-namespace.xml", "line 2: Element 'HRUpdate': No matching "
                   "global declaration", NULL);
    expect_refused("import-invalid-feb30.xml", "line 3: ", "'2026-02-30' is not a valid value");
    expect_refused("import-invalid-malformed.xml", "line 5: ", "Premature end of data");
    /* xs:date allows what rm_date_parse does not */
    assert_int_not_equal(parse_str(HEAD "<Leaver staffNumber=\"1\" leftOn=\"1899-12-31\"/>"
                                   TAIL, NULL, &b, &err), 0);
    assert_string_equal(err, "line 3: Leaver's leftOn date \"1899-12-31\" is not a real "
                        "date between 1900 and 2999");
    /* a time zone is not YYYY-MM-DD */
    assert_int_not_equal(parse_str(HEAD "<Leaver staffNumber=\"1\" leftOn=\"2026-12-31Z\"/>"
                                   TAIL, NULL, &b, &err), 0);
    assert_non_null(strstr(err, "line 3: "));
    /* children of a record, text, unknown attributes, a namespace prefix never declared */
    assert_int_not_equal(parse_str(HEAD "<Leaver staffNumber=\"1\" leftOn=\"2026-12-31\">"
                                   "<x/></Leaver>" TAIL, NULL, &b, &err), 0);
    assert_non_null(strstr(err, "line 3: Element 'Leaver': Element content is not allowed"));
    assert_int_not_equal(parse_str(HEAD "text" TAIL, NULL, &b, &err), 0);
    assert_non_null(strstr(err, "line 2: "));
    assert_int_not_equal(parse_str(HEAD "<Leaver staffNumber=\"1\" leftOn=\"2026-12-31\" "
                                   "salary=\"9\"/>" TAIL, NULL, &b, &err), 0);
    assert_non_null(strstr(err, "attribute 'salary' is not allowed"));
    assert_int_not_equal(parse_str(HEAD "<q:Leaver staffNumber=\"1\" leftOn=\"2026-12-31\"/>"
                                   TAIL, NULL, &b, &err), 0);
    assert_non_null(strstr(err, "line 3: "));
    assert_non_null(strstr(err, "prefix q"));
    /* principal: no white space, at most 256 */
    assert_int_not_equal(parse_str(HEAD "<Leaver principal=\"a b\" leftOn=\"2026-12-31\"/>"
                                   TAIL, NULL, &b, &err), 0);
    assert_int_equal(parse_str(apr_pstrcat(pool, HEAD "<Leaver principal=\"",
                                           apr_psprintf(pool, "%0256d", 7),
                                           "\" leftOn=\"2026-12-31\"/>" TAIL, NULL),
                               NULL, &b, &err), 0);
    assert_int_not_equal(parse_str(apr_pstrcat(pool, HEAD "<Leaver principal=\"",
                                               apr_psprintf(pool, "%0257d", 7),
                                               "\" leftOn=\"2026-12-31\"/>" TAIL, NULL),
                                   NULL, &b, &err), 0);
    /* staff numbers: 1..32 of [A-Za-z0-9._-] */
    assert_int_not_equal(parse_str(HEAD "<StaffNumber principal=\"a@b\" number=\""
                                   "123456789012345678901234567890123\"/>" TAIL,
                                   NULL, &b, &err), 0);
    assert_int_not_equal(parse_str(HEAD "<StaffNumber principal=\"a@b\" number=\"\"/>" TAIL,
                                   NULL, &b, &err), 0);
    /* grade: at most 64 */
    assert_int_not_equal(parse_str(apr_pstrcat(pool, HEAD "<GradeChange principal=\"a@b\" "
                                               "effective=\"2026-01-01\" grade=\"",
                                               apr_psprintf(pool, "%065d", 1), "\"/>" TAIL,
                                               NULL), NULL, &b, &err), 0);
    assert_non_null(strstr(err, "line 3: "));
}

/* every problem is listed (up to 20), each with its line */
static void test_many_problems(void **state)
{
    rm_hri_batch *b;
    const char *err;
    char *doc = HEAD;
    int lines = 0;
    (void)state;
    for (int i = 0; i < 30; i++)
        doc = apr_pstrcat(pool, doc, "<Leaver leftOn=\"2026-12-31\"/>\n", NULL);
    doc = apr_pstrcat(pool, doc, TAIL, NULL);
    assert_int_not_equal(parse_str(doc, NULL, &b, &err), 0);
    for (const char *s = err; (s = strchr(s, '\n')); s++) lines++;
    assert_int_equal(lines, RM_HRI_MAX_PROBLEMS);
    assert_non_null(strstr(err, "line 3: Leaver needs"));
    assert_non_null(strstr(err, "line 22: Leaver needs"));
    assert_null(strstr(err, "line 23:"));
    assert_non_null(strstr(err, "\n... and 10 more problems"));
}

/* a value from the file is never echoed whole */
static void test_long_values_cut(void **state)
{
    rm_hri_batch *b;
    const char *err;
    char *big = apr_palloc(pool, 5001);
    (void)state;
    memset(big, 'Q', 5000);
    big[5000] = '\0';
    assert_int_not_equal(parse_str(apr_pstrcat(pool, HEAD "<Leaver staffNumber=\"", big,
                                               "\" leftOn=\"2026-12-31\"/>" TAIL, NULL),
                                   NULL, &b, &err), 0);
    assert_non_null(strstr(err, "line 3: "));
    assert_null(strstr(err, "QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ"));  /* 41 */
    assert_non_null(strstr(err, "QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ..."));
    assert_true(strlen(err) < 500);
    /* an element name of 5000 letters */
    assert_int_not_equal(parse_str(apr_pstrcat(pool, HEAD "<", big, "/>" TAIL, NULL), NULL,
                                   &b, &err), 0);
    assert_true(strlen(err) < 500);
    assert_null(strstr(err, "QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ"));
    /* libxml2 quotes an unterminated comment cut at a byte count: the message
     * stays UTF-8 whichever byte of a character the cut falls on (found by
     * fuzz_hrimport) */
    for (int shift = 0; shift < 4; shift++) {
        char *doc = apr_pstrcat(pool, HEAD "<!-- ", apr_psprintf(pool, "%.*s", shift, "aaa"),
                                NULL);
        for (int i = 0; i < 40; i++) doc = apr_pstrcat(pool, doc, "\xE2\x82\xAC", NULL);
        assert_int_not_equal(parse_str(doc, NULL, &b, &err), 0);
        assert_non_null(strstr(err, "Comment not terminated"));
        assert_true(rm_utf8_valid(err, strlen(err)));
    }
}

/* ---- the hostile files ------------------------------------------------------ */

static int listener = -1;
static int listener_port;

static void listen_loopback(void)
{
    struct sockaddr_in a;
    socklen_t al = sizeof(a);
    listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    assert_true(listener >= 0);
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(listener, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(listen(listener, 8), 0);
    assert_int_equal(getsockname(listener, (struct sockaddr *)&a, &al), 0);
    listener_port = ntohs(a.sin_port);
}

static int connections(void)
{
    int n = 0, c;
    while ((c = accept(listener, NULL, NULL)) >= 0) {
        n++;
        close(c);
    }
    return n;
}

/* the file's text with every 127.0.0.1:9 pointed at our listener */
static void expect_refused_live(const char *name, const char *want)
{
    size_t len;
    char *buf = slurp(apr_pstrcat(pool, DATA "hostile/", name, NULL), &len), *at;
    rm_hri_batch *b;
    const char *err;
    while ((at = strstr(buf, "127.0.0.1:9/")))
        buf = apr_psprintf(pool, "%.*s127.0.0.1:%d/%s", (int)(at - buf), buf, listener_port,
                           at + strlen("127.0.0.1:9/"));
    assert_int_not_equal(rm_hri_parse(pool, buf, strlen(buf), NULL, &b, &err), 0);
    if (!strstr(err, want)) fail_msg("%s: \"%s\"", name, err);
}

typedef struct { const char *file, *want1, *want2; } hostile_case;

static const hostile_case hostile[] = {
    { "xxe-file.xml", "line 2: the file has a document type declaration", NULL },
    { "xxe-http.xml", "line 2: the file has a document type declaration", NULL },
    { "billion-laughs.xml", "line 2: the file has a document type declaration", NULL },
    { "quadratic.xml", "line 2: the file has a document type declaration", NULL },
    { "external-dtd.xml", "line 2: the file has a document type declaration", NULL },
    { "external-dtd-file.xml", "line 2: the file has a document type declaration", NULL },
    { "parameter-entity.xml", "line 2: the file has a document type declaration", NULL },
    { "parameter-entity-remote.xml", "line 2: the file has a document type declaration", NULL },
    { "empty-doctype.xml", "line 2: the file has a document type declaration", NULL },
    { "deep-nesting.xml", "line 2: elements are nested more than 8 deep", NULL },
    { "xinclude.xml", "line 3: Element '{http://www.w3.org/2001/XInclude}include': This "
      "element is not expected", NULL },
    { "stylesheet-pi.xml", "line 2: the file has a processing instruction", NULL },
    { "undeclared-entity.xml", "line 3: ", "Entity 'xxe' not defined" },
    { "latin1.xml", "line 3: the file is not valid UTF-8", NULL },
    { "declared-latin1.xml", "the file declares an encoding other than UTF-8", NULL },
    { "utf16.xml", "the file is not UTF-8 (it looks like UTF-16 or UTF-32)", NULL },
    { "utf16-nobom.xml", "the file is not UTF-8 (it looks like UTF-16 or UTF-32)", NULL },
};
#define NHOSTILE (sizeof(hostile) / sizeof(hostile[0]))

static void run_hostile(void *arg)
{
    for (size_t i = 0; i < NHOSTILE; i++)
        expect_refused(apr_pstrcat(pool, "hostile/", hostile[i].file, NULL), hostile[i].want1,
                       hostile[i].want2);
    expect_refused_live("xxe-http.xml", "document type declaration");
    expect_refused_live("external-dtd.xml", "document type declaration");
    expect_refused_live("parameter-entity-remote.xml", "document type declaration");
    expect_refused_live("stylesheet-pi.xml", "processing instruction");
}

static void test_hostile(void **state)
{
    xmlStructuredErrorFunc before = xmlStructuredError;
    void *before_ctx = xmlStructuredErrorContext;
    xmlExternalEntityLoader loader = xmlGetExternalEntityLoader();
    int id;
    (void)state;

    /* every file of the directory is in the table */
    {
        apr_dir_t *d;
        apr_finfo_t fi;
        int n = 0;
        assert_int_equal(apr_dir_open(&d, DATA "hostile", pool), APR_SUCCESS);
        while (apr_dir_read(&fi, APR_FINFO_NAME, d) == APR_SUCCESS) {
            int known = 0;
            if (fi.name[0] == '.') continue;
            n++;
            for (size_t i = 0; i < NHOSTILE; i++) known |= !strcmp(fi.name, hostile[i].file);
            if (!known) fail_msg("tests/data/hr/hostile/%s is not tested", fi.name);
        }
        apr_dir_close(d);
        assert_int_equal(n, (int)NHOSTILE);
    }

    listen_loopback();
    opened = 0;
    id = xmlRegisterInputCallbacks(io_match, io_open, io_read, io_close);
    assert_true(id >= 0);
    xmlSetExternalEntityLoader(counting_loader);
    assert_int_equal(stderr_bytes(run_hostile, NULL), 0);
    assert_int_equal(opened, 0);
    assert_int_equal(connections(), 0);
    xmlSetExternalEntityLoader(loader);
    xmlPopInputCallbacks();
    close(listener);
    /* the global handlers as they were */
    assert_ptr_equal(xmlStructuredError, before);
    assert_ptr_equal(xmlStructuredErrorContext, before_ctx);
}

/* the global handlers are never called (errors stay in our contexts) */
static void run_bad_ones(void *arg)
{
    rm_hri_batch *b;
    const char *err;
    expect_refused("import-invalid-values.xml", "line 3: ", NULL);
    expect_refused("import-invalid-malformed.xml", "line 5: ", NULL);
    assert_int_not_equal(parse_str(HEAD "<q:x/>" TAIL, NULL, &b, &err), 0);
}

static void test_global_handlers_untouched(void **state)
{
    (void)state;
    global_errors = 0;
    xmlSetStructuredErrorFunc(NULL, global_structured);
    assert_int_equal(stderr_bytes(run_bad_ones, NULL), 0);
    assert_int_equal(global_errors, 0);
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlSetGenericErrorFunc(NULL, global_generic);
    assert_int_equal(stderr_bytes(run_bad_ones, NULL), 0);
    assert_int_equal(global_errors, 0);
    xmlSetGenericErrorFunc(NULL, NULL);
    assert_null((void *)xmlStructuredError);
}

/* ---- limits ------------------------------------------------------------------ */

static char *records(int n, const char *extra_lines)
{
    apr_size_t one = strlen("<Leaver staffNumber=\"1\" leftOn=\"2026-12-31\"/>\n");
    char *buf = apr_palloc(pool, strlen(HEAD) + strlen(extra_lines) + (apr_size_t)n * one
                                 + strlen(TAIL) + 1), *o = buf;
    o = stpcpy(o, HEAD);
    o = stpcpy(o, extra_lines);
    for (int i = 0; i < n; i++) o = stpcpy(o, "<Leaver staffNumber=\"1\" leftOn=\"2026-12-31\"/>\n");
    strcpy(o, TAIL);
    return buf;
}

static void test_limits(void **state)
{
    rm_hri_batch *b;
    const char *err;
    rm_hri_limits lim = { 0, 0, 3 };
    char *big;
    size_t n;
    (void)state;

    /* records: the default 50,000 and a smaller limit */
    assert_int_equal(parse_str(records(50000, ""), NULL, &b, &err), 0);
    assert_int_equal(b->records->nelts, 50000);
    assert_int_not_equal(parse_str(records(50001, ""), NULL, &b, &err), 0);
    assert_string_equal(err, "line 50003: the file holds more than 50000 records; split it "
                        "into several imports");
    assert_int_equal(parse_str(records(3, ""), &lim, &b, &err), 0);
    assert_int_not_equal(parse_str(records(4, ""), &lim, &b, &err), 0);
    assert_string_equal(err, "line 6: the file holds more than 3 records; split it into "
                        "several imports");

    /* depth: a record's child is depth 3 */
    lim = (rm_hri_limits){ 0, 2, 0 };
    assert_int_not_equal(parse_str(HEAD "<Leaver staffNumber=\"1\" leftOn=\"2026-12-31\">\n"
                                   "<x/></Leaver>" TAIL, &lim, &b, &err), 0);
    assert_string_equal(err, "line 4: elements are nested more than 2 deep; HR's import holds "
                        "only HRUpdate and its records");
    assert_int_equal(parse_str(records(2, ""), &lim, &b, &err), 0);

    /* size: the default 8 MiB, refused before parsing (even an ill-formed file) */
    n = RM_HRI_DEFAULT_MAX_BYTES + 1;
    big = apr_palloc(pool, n);
    memset(big, '<', n);
    assert_int_not_equal(rm_hri_parse(pool, big, n, NULL, &b, &err), 0);
    assert_string_equal(err, "the file is 8388609 bytes; at most 8388608 are accepted");
    lim = (rm_hri_limits){ 100, 0, 0 };
    assert_int_not_equal(parse_str(records(3, ""), &lim, &b, &err), 0);
    assert_non_null(strstr(err, "at most 100 are accepted"));
    assert_int_not_equal(rm_hri_parse(pool, "", 0, NULL, &b, &err), 0);
    assert_string_equal(err, "the file is empty");
    assert_int_not_equal(rm_hri_parse(pool, NULL, 5, NULL, &b, &err), 0);
    assert_string_equal(err, "the file is empty");
}

/* lines past 65535 (libxml2's node->line stops there) */
static void test_big_lines(void **state)
{
    rm_hri_batch *b;
    const char *err;
    char *pad = apr_palloc(pool, 70001);
    (void)state;
    memset(pad, '\n', 70000);
    pad[70000] = '\0';
    assert_int_equal(parse_str(records(2, pad), NULL, &b, &err), 0);
    assert_int_equal(APR_ARRAY_IDX(b->records, 1, rm_hri_record).line, 70004);
    assert_int_not_equal(parse_str(apr_pstrcat(pool, HEAD, pad,
                                               "<Leaver staffNumber=\"1\" leftOn=\"x\"/>"
                                               "<Leaver leftOn=\"2026-01-01\"/>" TAIL, NULL),
                                   NULL, &b, &err), 0);
    assert_non_null(strstr(err, "line 70003: Element 'Leaver', attribute 'leftOn'"));
    assert_int_not_equal(parse_str(apr_pstrcat(pool, HEAD, pad,
                                               "<Leaver leftOn=\"2026-01-01\"/>" TAIL, NULL),
                                   NULL, &b, &err), 0);
    assert_string_equal(err, "line 70003: Leaver needs a principal or a staffNumber "
                        "(it has neither)");
}

/* ---- threads ---------------------------------------------------------------- */

static void *worker(void *arg)
{
    apr_pool_t *p;
    const char *valid = arg;
    long bad = 0;
    apr_pool_create(&p, NULL);
    for (int i = 0; i < 40; i++) {
        rm_hri_batch *b;
        const char *err;
        if (rm_hri_parse(p, valid, strlen(valid), NULL, &b, &err) != 0
            || b->records->nelts != 5)
            bad++;
        if (rm_hri_parse(p, HEAD "<Leaver leftOn=\"2026-01-01\"/>" TAIL,
                         strlen(HEAD "<Leaver leftOn=\"2026-01-01\"/>" TAIL), NULL, &b, &err) == 0
            || strcmp(err, "line 3: Leaver needs a principal or a staffNumber (it has neither)"))
            bad++;
        if (rm_hri_parse(p, HEAD "<Leaver staffNumber=\"1\" leftOn=\"x\"/>" TAIL,
                         strlen(HEAD "<Leaver staffNumber=\"1\" leftOn=\"x\"/>" TAIL), NULL,
                         &b, &err) == 0 || !strstr(err, "line 3: Element 'Leaver'"))
            bad++;
        apr_pool_clear(p);
    }
    apr_pool_destroy(p);
    return (void *)bad;
}

static void test_threads(void **state)
{
    pthread_t t[6];
    size_t len;
    char *valid = slurp(DATA "import-valid.xml", &len);
    (void)state;
    for (int i = 0; i < 6; i++) assert_int_equal(pthread_create(&t[i], NULL, worker, valid), 0);
    for (int i = 0; i < 6; i++) {
        void *bad;
        pthread_join(t[i], &bad);
        assert_int_equal((long)bad, 0);
    }
}

/* what a call costs with the schema parsed every time (said in hrimport.h) */
static void test_cost(void **state)
{
    size_t len;
    char *valid = slurp(DATA "import-valid.xml", &len);
    struct timespec a, z;
    double ms;
    (void)state;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < 200; i++) {
        rm_hri_batch *b;
        const char *err;
        assert_int_equal(rm_hri_parse(pool, valid, len, NULL, &b, &err), 0);
    }
    clock_gettime(CLOCK_MONOTONIC, &z);
    ms = ((double)(z.tv_sec - a.tv_sec) * 1e3 + (double)(z.tv_nsec - a.tv_nsec) / 1e6) / 200;
    print_message("rm_hri_parse of a 5-record file, schema parsed each time: %.3f ms a call\n",
                  ms);
    assert_true(ms < 20);
}

/* ---- the schemas ---------------------------------------------------------- */

static void test_embedded_schemas(void **state)
{
    size_t len;
    xmlSchemaParserCtxtPtr pc;
    xmlSchemaPtr s;
    xmlSchemaValidCtxtPtr vc;
    xmlDocPtr doc;
    (void)state;
    assert_string_equal(slurp("mod_rmentor/xsd/hr-import.xsd", &len), rm_xsd_hr_import);
    assert_string_equal(slurp("mod_rmentor/xsd/hr-progression.xsd", &len), rm_xsd_hr_progression);
    /* the hand-written export sample follows the export's schema */
    pc = xmlSchemaNewMemParserCtxt(rm_xsd_hr_progression, (int)strlen(rm_xsd_hr_progression));
    s = xmlSchemaParse(pc);
    assert_non_null(s);
    vc = xmlSchemaNewValidCtxt(s);
    doc = xmlReadFile(DATA "export-sample.xml", NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    assert_int_equal(xmlSchemaValidateDoc(vc, doc), 0);
    xmlFreeDoc(doc);
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(s);
    xmlSchemaFreeParserCtxt(pc);
}

static void test_is_date(void **state)
{
    (void)state;
    assert_true(rm_hri_is_date("2026-11-01"));
    assert_true(rm_hri_is_date("2028-02-29"));
    assert_false(rm_hri_is_date("2027-02-29"));
    assert_false(rm_hri_is_date("2026-11-1"));
    assert_false(rm_hri_is_date(""));
    assert_false(rm_hri_is_date(NULL));
    assert_false(rm_hri_is_date("1899-12-31"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_sample),
        cmocka_unit_test(test_empty_and_small),
        cmocka_unit_test(test_invalid_samples),
        cmocka_unit_test(test_many_problems),
        cmocka_unit_test(test_long_values_cut),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_global_handlers_untouched),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_big_lines),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_cost),
        cmocka_unit_test(test_embedded_schemas),
        cmocka_unit_test(test_is_date),
    };
    int rc;
    apr_initialize();
    xmlInitParser();
    apr_pool_create(&pool, NULL);
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    apr_pool_destroy(pool);
    apr_terminate();
    return rc;
}
