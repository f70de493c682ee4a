/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Unit tests of the resources hub's pure logic (core/resource.c): what an
 * uploaded file is (by its bytes, whatever its name says), the name a
 * download is offered under (never a path), topics, and the search words
 * written for FTS5 and for a PostgreSQL tsquery.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <apr_general.h>
#include <apr_strings.h>
#include "rm_core.h"
#include "resource.h"

static apr_pool_t *pool;

#define CHECK(type, lit) rm_mime_check(type, (const unsigned char *)(lit), sizeof(lit) - 1)

static void test_types(void **state)
{
    (void)state;
    assert_string_equal(rm_mime_for_ext("pdf"), "application/pdf");
    assert_string_equal(rm_mime_for_ext("PDF"), "application/pdf");
    assert_string_equal(rm_mime_for_ext("jpeg"), "image/jpeg");
    assert_string_equal(rm_mime_for_ext("jpg"), "image/jpeg");
    assert_string_equal(rm_mime_for_ext("docx"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    assert_null(rm_mime_for_ext("exe"));
    assert_null(rm_mime_for_ext("html"));
    assert_null(rm_mime_for_ext("svg"));
    assert_null(rm_mime_for_ext("pd"));
    assert_null(rm_mime_for_ext(""));
    assert_true(rm_mime_known("text/vtt"));
    assert_true(rm_mime_known("TEXT/PLAIN"));
    assert_false(rm_mime_known("text/html"));
    assert_non_null(strstr(rm_mime_known_list(pool), "application/pdf (pdf)"));
}

static void test_check(void **state)
{
    static const char docx[] = "PK\x03\x04" "\x14\x00\x06\x00\x08\x00\x00\x00\x21\x00"
                               "0123456789abcdef[Content_Types].xml ... word/document.xml";
    static const char odt[] = "PK\x03\x04" "\x14\x00\x00\x08\x00\x00\x00\x00\x00\x00"
                              "0123456789abcdefmimetypeapplication/vnd.oasis.opendocument.text";
    (void)state;
    assert_null(CHECK("application/pdf", "%PDF-1.7\n..."));
    assert_non_null(CHECK("application/pdf", "MZ\x90\x00"));
    assert_non_null(CHECK("application/pdf", "%PDF"));
    assert_non_null(CHECK("application/pdf", ""));
    assert_null(rm_mime_check("application/vnd.openxmlformats-officedocument."
                              "wordprocessingml.document", (const unsigned char *)docx,
                              sizeof(docx) - 1));
    /* a Word document is not a workbook, nor a zip without the part */
    assert_non_null(rm_mime_check("application/vnd.openxmlformats-officedocument."
                                  "spreadsheetml.sheet", (const unsigned char *)docx,
                                  sizeof(docx) - 1));
    assert_null(rm_mime_check("application/vnd.oasis.opendocument.text",
                              (const unsigned char *)odt, sizeof(odt) - 1));
    assert_non_null(rm_mime_check("application/vnd.oasis.opendocument.spreadsheet",
                                  (const unsigned char *)odt, sizeof(odt) - 1));
    assert_non_null(CHECK("application/vnd.oasis.opendocument.text", "PK\x03\x04short"));
    /* text: UTF-8, a BOM allowed, no controls but tab, newlines, form feed */
    assert_null(CHECK("text/plain", "Caf\xc3\xa9 au lait\r\n\tindented\f"));
    assert_null(CHECK("text/plain", "\xef\xbb\xbfwith a BOM"));
    assert_non_null(CHECK("text/plain", "nul\x00inside"));
    assert_non_null(CHECK("text/plain", "bell\x07"));
    assert_non_null(CHECK("text/plain", "del\x7f"));
    assert_non_null(CHECK("text/csv", "latin-1 caf\xe9"));
    assert_non_null(CHECK("text/plain", "overlong \xc0\xaf"));
    /* WebVTT: the first line */
    assert_null(CHECK("text/vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n"));
    assert_null(CHECK("text/vtt", "\xef\xbb\xbfWEBVTT - captions\n"));
    assert_null(CHECK("text/vtt", "WEBVTT"));
    assert_non_null(CHECK("text/vtt", "WEBVTTX\n"));
    assert_non_null(CHECK("text/vtt", "1\n00:00:00,000 --> 00:00:01,000\nSRT\n"));
    /* images */
    assert_null(CHECK("image/png", "\x89PNG\r\n\x1a\n...."));
    assert_non_null(CHECK("image/png", "GIF89a"));
    assert_null(CHECK("image/jpeg", "\xff\xd8\xff\xe0"));
    assert_non_null(CHECK("image/jpeg", "\xff\xd8"));
    /* a type it cannot check is never accepted */
    assert_non_null(CHECK("text/html", "<p>hello</p>"));
}

static void test_ext(void **state)
{
    (void)state;
    assert_string_equal(rm_file_ext(pool, "report.PDF"), "pdf");
    assert_string_equal(rm_file_ext(pool, "a.tar.gz"), "gz");
    assert_string_equal(rm_file_ext(pool, "C:\\Users\\x\\guide.docx"), "docx");
    assert_string_equal(rm_file_ext(pool, "../../etc/passwd"), "");
    assert_string_equal(rm_file_ext(pool, "dir.d/noext"), "");
    assert_string_equal(rm_file_ext(pool, ".bashrc"), "");
    assert_string_equal(rm_file_ext(pool, "x."), "");
    assert_string_equal(rm_file_ext(pool, "x.p df"), "");
    assert_string_equal(rm_file_ext(pool, "x.abcdefghijk"), "");
    assert_string_equal(rm_file_ext(pool, ""), "");
}

static void test_download_name(void **state)
{
    char longname[400];
    const char *n;
    (void)state;
    assert_string_equal(rm_download_name(pool, "Allyship toolkit (2026).PDF", "pdf"),
                        "Allyship toolkit (2026).pdf");
    assert_string_equal(rm_download_name(pool, "../../etc/passwd.pdf", "pdf"), "passwd.pdf");
    assert_string_equal(rm_download_name(pool, "C:\\evil\\..\\x.pdf", "pdf"), "x.pdf");
    assert_string_equal(rm_download_name(pool, "\"quoted\";\r\nSet-Cookie: x.pdf", "pdf"),
                        "quoted Set-Cookie x.pdf");
    assert_string_equal(rm_download_name(pool, "\xc3\x89quipe.pdf", "pdf"), "quipe.pdf");
    assert_string_equal(rm_download_name(pool, "...hidden.pdf", "pdf"), "hidden.pdf");
    assert_string_equal(rm_download_name(pool, "   .pdf", "pdf"), "resource.pdf");
    assert_string_equal(rm_download_name(pool, "", "pdf"), "resource.pdf");
    assert_string_equal(rm_download_name(pool, NULL, "txt"), "resource.txt");
    assert_string_equal(rm_download_name(pool, "a    b.pdf", "pdf"), "a b.pdf");
    memset(longname, 'x', sizeof(longname) - 5);
    memcpy(longname + sizeof(longname) - 5, ".pdf", 5);
    n = rm_download_name(pool, longname, "pdf");
    assert_true(strlen(n) <= RM_DOWNLOAD_NAME_MAX);
    assert_string_equal(n + strlen(n) - 4, ".pdf");
    /* never anything a header or a path could take */
    for (const char *s = n; *s; s++) assert_true(*s != '"' && *s != '/' && *s != '\\');
}

static void test_topics(void **state)
{
    const char *out = NULL;
    char many[200] = "";
    (void)state;
    assert_null(rm_topics_normalise(pool, " Allyship, RECRUITMENT ,, anti-racism ,allyship",
                                    &out));
    assert_string_equal(out, "allyship,recruitment,anti-racism");
    assert_null(rm_topics_normalise(pool, "", &out));
    assert_string_equal(out, "");
    assert_null(rm_topics_normalise(pool, NULL, &out));
    assert_string_equal(out, "");
    assert_null(rm_topics_normalise(pool, "caf\xc3\xa9 culture", &out));
    assert_string_equal(out, "caf\xc3\xa9 culture");
    assert_non_null(rm_topics_normalise(pool, "ok, <b>", &out));
    assert_string_equal(out, "");
    assert_non_null(rm_topics_normalise(pool, "semi;colon", &out));
    assert_non_null(rm_topics_normalise(pool, "bad \xff utf", &out));
    assert_non_null(rm_topics_normalise(pool, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", &out));
    for (int i = 0; i < 11; i++)
        apr_snprintf(many + strlen(many), sizeof(many) - strlen(many), "t%d,", i);
    assert_non_null(rm_topics_normalise(pool, many, &out));
    /* ten, with repeats, are fine */
    assert_null(rm_topics_normalise(pool, "a,b,c,d,e,f,g,h,i,j,a,b", &out));
}

static void test_search(void **state)
{
    const char *t[RM_SEARCH_MAX_TERMS];
    int n = -1;
    (void)state;
    assert_int_equal(rm_search_terms(pool, "  Anti-racism, TOOLKIT!  ", t, &n), 0);
    assert_int_equal(n, 3);
    assert_string_equal(t[0], "anti");
    assert_string_equal(t[1], "racism");
    assert_string_equal(t[2], "toolkit");
    assert_string_equal(rm_search_fts5(pool, t, n), "\"anti\" AND \"racism\" AND \"toolkit\"*");
    assert_string_equal(rm_search_tsquery(pool, t, n), "anti & racism & toolkit:*");
    /* operators of either syntax are only separators */
    assert_int_equal(rm_search_terms(pool, "a OR \"b\" & !c:* (d) NEAR/2 'e'", t, &n), 0);
    assert_int_equal(n, 8);
    assert_string_equal(t[1], "or");
    assert_string_equal(rm_search_fts5(pool, t, 2), "\"a\" AND \"or\"*");
    assert_int_equal(rm_search_terms(pool, "\"*:&|!()'\\", t, &n), 0);
    assert_int_equal(n, 0);
    assert_string_equal(rm_search_fts5(pool, t, 0), "");
    assert_int_equal(rm_search_terms(pool, NULL, t, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(rm_search_terms(pool, "caf\xc3\xa9", t, &n), 0);
    assert_string_equal(t[0], "caf\xc3\xa9");
    /* bounds */
    assert_int_equal(rm_search_terms(pool, "1 2 3 4 5 6 7 8 9", t, &n), -1);
    assert_int_equal(n, 0);
    assert_int_equal(rm_search_terms(pool, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", t, &n), -1);
    assert_int_equal(rm_search_terms(pool, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", t, &n), 0);
    assert_int_equal(rm_search_terms(pool, "bad \xff\xfe", t, &n), -1);
}

#define CAPTIONS(lit, vtt, out) rm_captions_text(pool, lit, sizeof(lit) - 1, vtt, out)

static void test_captions(void **state)
{
    const char *t = NULL;
    (void)state;
    assert_null(CAPTIONS("WEBVTT - the launch\r\nKind: captions\r\n\r\n"
                         "NOTE written by the team\r\nover two lines\r\n\r\n"
                         "STYLE\n::cue { color: yellow }\n\n"
                         "1\n00:00:01.000 --> 00:00:04.000 line:0\n"
                         "<v Vice-Chancellor>Welcome to the</v>\n<i>second</i> year.\n\n"
                         "00:00:04.000 --> 00:00:06.000\nWelcome to the second year.\n\n"
                         "intro-2\n00:00:06.000 --> 00:00:08.000\n"
                         "Fish &amp; chips &lt;3&nbsp;<00:00:07.000>later\n\n"
                         "00:00:08.000 --> 00:00:09.000\n   \n\n"
                         "00:00:09.000 --> 00:00:10.000\n<c.loud>Thank you.</c>\n", 1, &t));
    assert_string_equal(t, "Welcome to the second year.\nFish & chips <3 later\nThank you.");
    /* a cue repeated further on is kept: only the line just before */
    assert_null(CAPTIONS("WEBVTT\n\n00:01.000 --> 00:02.000\nYes\n\n"
                         "00:02.000 --> 00:03.000\nNo\n\n00:03.000 --> 00:04.000\nYes\n",
                         1, &t));
    assert_string_equal(t, "Yes\nNo\nYes");
    assert_non_null(CAPTIONS("WEBVTT\n\nNOTE nothing else\n", 1, &t));
    assert_string_equal(t, "");
    assert_non_null(CAPTIONS("WEBVTT", 1, &t));
    /* an unterminated tag ends the line */
    assert_null(CAPTIONS("WEBVTT\n\n00:01.000 --> 00:02.000\nfine <b unclosed\n", 1, &t));
    assert_string_equal(t, "fine");
    /* plain text: kept, less the BOM, CRLF as LF, trailing blank lines */
    assert_null(CAPTIONS("\xef\xbb\xbfLine one.\r\n\r\nLine <two> & three.\r\n\n\n", 0, &t));
    assert_string_equal(t, "Line one.\n\nLine <two> & three.");
    assert_non_null(CAPTIONS(" \n\t\n", 0, &t));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_types),
        cmocka_unit_test(test_check),
        cmocka_unit_test(test_ext),
        cmocka_unit_test(test_download_name),
        cmocka_unit_test(test_topics),
        cmocka_unit_test(test_search),
        cmocka_unit_test(test_captions),
    };
    int rc;
    apr_initialize();
    apr_pool_create(&pool, NULL);
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    apr_pool_destroy(pool);
    apr_terminate();
    return rc;
}
