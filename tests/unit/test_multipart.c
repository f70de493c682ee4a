/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Unit tests of the multipart/form-data reader (core/multipart.c): a body
 * as Firefox, Chromium and curl send the /hr page's import form, the
 * boundary (quoted, unquoted, bad), quoted names and filenames with
 * escapes, CRLF only, the closing boundary required, bounded headers, no
 * nested multipart, at most max_parts parts, each name once.
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
#include "multipart.h"

static apr_pool_t *pool;

#define CT "multipart/form-data; boundary=----geckoformboundary3f1"
#define B  "----geckoformboundary3f1"

static const char form[] =
    "--" B "\r\n"
    "Content-Disposition: form-data; name=\"csrf\"\r\n"
    "\r\n"
    "1767225600.abcdef\r\n"
    "--" B "\r\n"
    "Content-Disposition: form-data; name=\"file\"; filename=\"hr update.xml\"\r\n"
    "Content-Type: application/xml\r\n"
    "\r\n"
    "<HRUpdate>\r\n--not the boundary\r\n</HRUpdate>\n\r\n"
    "--" B "--\r\n";

static int parse(const char *ct, const char *body, size_t len, int max, rm_mp_part **parts,
                 int *n, const char **err)
{
    return rm_multipart_parse(pool, ct, body, len, max, parts, n, err);
}

static const char *refused(const char *ct, const char *body)
{
    rm_mp_part *parts;
    int n;
    const char *err;
    int rc = parse(ct, body, strlen(body), 4, &parts, &n, &err);
    if (rc == 0) fail_msg("accepted: %s", body);
    assert_null(parts);
    assert_int_equal(n, 0);
    assert_non_null(err);
    return err;
}

static void test_form(void **state)
{
    rm_mp_part *parts;
    int n;
    const char *err;
    const rm_mp_part *f;
    (void)state;
    assert_int_equal(parse(CT, form, sizeof(form) - 1, 4, &parts, &n, &err), 0);
    assert_null(err);
    assert_int_equal(n, 2);
    assert_string_equal(parts[0].name, "csrf");
    assert_null(parts[0].filename);
    assert_null(parts[0].content_type);
    assert_int_equal(parts[0].len, strlen("1767225600.abcdef"));
    assert_memory_equal(parts[0].data, "1767225600.abcdef", parts[0].len);
    f = rm_multipart_find(parts, n, "file");
    assert_ptr_equal(f, &parts[1]);
    assert_string_equal(f->filename, "hr update.xml");
    assert_string_equal(f->content_type, "application/xml");
    assert_int_equal(f->len, strlen("<HRUpdate>\r\n--not the boundary\r\n</HRUpdate>\n"));
    assert_memory_equal(f->data, "<HRUpdate>\r\n--not the boundary\r\n</HRUpdate>\n", f->len);
    assert_null(rm_multipart_find(parts, n, "other"));
    /* the data points into the body */
    assert_true(f->data > form && f->data < form + sizeof(form));
}

static void test_variants(void **state)
{
    rm_mp_part *parts;
    int n;
    const char *err, *body;
    (void)state;
    /* quoted boundary with a space and odd characters, case, an epilogue */
    body = "--a b'()+_,-./:=?\r\ncontent-disposition: FORM-DATA ; NAME=x ;filename=\"a\\\"b\\\\c.xml\"\r\n"
           "\r\n\r\n--a b'()+_,-./:=?--\r\nepilogue ignored";
    assert_int_equal(parse("Multipart/Form-Data; charset=utf-8; boundary=\"a b'()+_,-./:=?\"",
                           body, strlen(body), 4, &parts, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(parts[0].name, "x");
    assert_string_equal(parts[0].filename, "a\"b\\c.xml");
    assert_int_equal(parts[0].len, 0);
    /* no parts at all, an empty file, a UTF-8 filename, binary data */
    body = "--b--";
    assert_int_equal(parse("multipart/form-data;boundary=b", body, strlen(body), 4, &parts, &n,
                           &err), 0);
    assert_int_equal(n, 0);
    body = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\"\r\n"
           "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n"
           "X-Other: ignored\r\n\r\n\r\n--b--";
    assert_int_equal(parse("multipart/form-data; boundary=b", body, strlen(body), 4, &parts, &n,
                           &err), 0);
    assert_string_equal(parts[0].filename, "");
    assert_int_equal(parts[0].len, 0);
    {
        static const char bin[] = "--b\r\nContent-Disposition: form-data; name=\"file\"; "
                                  "filename=\"Zo\xC3\xAB.xml\"\r\n"
                                  "\r\n\x00\x01\r\xff\n--b\r\n\r\n--b--";
        assert_int_equal(parse("multipart/form-data; boundary=b", bin, sizeof(bin) - 1, 4,
                               &parts, &n, &err), 0);
        assert_string_equal(parts[0].filename, "Zo\xC3\xAB.xml");
        assert_int_equal(parts[0].len, 10);
        assert_memory_equal(parts[0].data, "\x00\x01\r\xff\n--b\r\n", 10);
    }
    /* the longest boundary (70) */
    {
        char b70[71], *ct, *bd;
        memset(b70, 'z', 70);
        b70[70] = '\0';
        ct = apr_pstrcat(pool, "multipart/form-data; boundary=", b70, NULL);
        bd = apr_pstrcat(pool, "--", b70, "\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--",
                         b70, "--", NULL);
        assert_int_equal(parse(ct, bd, strlen(bd), 4, &parts, &n, &err), 0);
        assert_int_equal(parts[0].len, 1);
        ct = apr_pstrcat(pool, ct, "z", NULL);
        assert_string_equal(refused(ct, bd), "the boundary must be 1 to 70 characters, not "
                            "ending in a space");
    }
}

static void test_content_type(void **state)
{
    const char *err;
    const char *body = "--b\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--b--";
    (void)state;
    assert_string_equal(refused(NULL, body), "the request has no Content-Type");
    assert_string_equal(refused("application/x-www-form-urlencoded", body),
                        "the request is not multipart/form-data");
    assert_string_equal(refused("multipart/form-datax; boundary=b", body),
                        "the request is not multipart/form-data");
    assert_string_equal(refused("multipart/mixed; boundary=b", body),
                        "the request is not multipart/form-data");
    assert_string_equal(refused("multipart/form-data", body), "the Content-Type has no boundary");
    assert_string_equal(refused("multipart/form-data; boundary=", body),
                        "the Content-Type header has a parameter with no value");
    assert_string_equal(refused("multipart/form-data; boundary=\"\"", body),
                        "the boundary must be 1 to 70 characters, not ending in a space");
    assert_string_equal(refused("multipart/form-data; boundary=\"b \"", body),
                        "the boundary must be 1 to 70 characters, not ending in a space");
    assert_string_equal(refused("multipart/form-data; boundary=\"b<\"", body),
                        "the boundary has a character RFC 2046 does not allow");
    assert_string_equal(refused("multipart/form-data; boundary=b; boundary=c", body),
                        "the Content-Type gives the boundary twice");
    assert_string_equal(refused("multipart/form-data; boundary=\"b", body),
                        "the Content-Type header has a quoted parameter with no closing quote");
    assert_string_equal(refused("multipart/form-data boundary=b", body),
                        "the Content-Type header has something that is not a parameter after "
                        "its value");
    assert_non_null(rm_multipart_boundary(pool, "multipart/form-data; boundary=b;", &err));
}

static void test_structure(void **state)
{
    const char *ct = "multipart/form-data; boundary=b";
    (void)state;
    assert_string_equal(refused(ct, ""), "the body does not start with the boundary");
    assert_string_equal(refused(ct, "preamble\r\n--b\r\nContent-Disposition: form-data; "
                                    "name=a\r\n\r\n1\r\n--b--"),
                        "the body does not start with the boundary");
    /* no closing boundary, or one not at the start of a line */
    assert_string_equal(refused(ct, "--b\r\nContent-Disposition: form-data; name=a\r\n\r\n1"),
                        "the body ends without the closing boundary");
    assert_string_equal(refused(ct, "--b\r\nContent-Disposition: form-data; name=a\r\n\r\n1--b--"),
                        "the body ends without the closing boundary");
    assert_string_equal(refused(ct, "--b\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--b"),
                        "the body ends without the closing boundary");
    assert_string_equal(refused(ct, "--b"), "the body ends without the closing boundary");
    assert_string_equal(refused(ct, "--b  \r\nContent-Disposition: form-data; name=a\r\n\r\n1"
                                    "\r\n--b--"),
                        "a boundary line has something after the boundary");
    assert_string_equal(refused(ct, "--b\r\nContent-Disposition: form-data; name=a\r\n\r\n1"
                                    "\r\n--bc\r\n--b--"),
                        "a boundary line has something after the boundary");
    /* LF alone */
    assert_string_equal(refused(ct, "--b\nContent-Disposition: form-data; name=a\n\n1\n--b--"),
                        "a boundary line has something after the boundary");
    assert_string_equal(refused(ct, "--b\r\nContent-Disposition: form-data; name=a\n\r\n1\r\n--b--"),
                        "part 1 has a header line that does not end in CRLF");
    assert_string_equal(refused(ct, "--b\r\nContent-Disposition: form-data; name=a"),
                        "the body ends inside part 1's headers");
}

static void test_headers(void **state)
{
    const char *ct = "multipart/form-data; boundary=b";
    char *line, *many;
    (void)state;
    assert_string_equal(refused(ct, "--b\r\n\r\n1\r\n--b--"), "part 1 has no Content-Disposition");
    assert_string_equal(refused(ct, "--b\r\nContent-Disposition: attachment; name=a\r\n\r\n1\r\n--b--"),
                        "part 1 is not form-data");
    assert_string_equal(refused(ct, "--b\r\nContent-Disposition: form-data\r\n\r\n1\r\n--b--"),
                        "part 1 must give one name and at most one filename");
    assert_string_equal(refused(ct, "--b\r\nContent-Disposition: form-data; name=a; name=b\r\n"
                                    "\r\n1\r\n--b--"),
                        "part 1 must give one name and at most one filename");
    assert_string_equal(refused(ct, "--b\r\nContent-Disposition: form-data; name=\"\"\r\n\r\n1"
                                    "\r\n--b--"),
                        "part 1's name must be 1 to 64 bytes of UTF-8 text");
    assert_string_equal(refused(ct, "--b\r\nContent-Disposition: form-data; name=\"a\xff\"\r\n"
                                    "\r\n1\r\n--b--"),
                        "part 1's name must be 1 to 64 bytes of UTF-8 text");
    assert_string_equal(refused(ct, "--b\r\nContent-Disposition: form-data; name=a; filename="
                                    "\"x\x01y\"\r\n\r\n1\r\n--b--"),
                        "part 1: the Content-Disposition header has a control character in a "
                        "parameter");
    assert_string_equal(refused(ct, "--b\r\nContent-Disposition: form-data; name=a\r\n"
                                    "Content-Disposition: form-data; name=c\r\n\r\n1\r\n--b--"),
                        "part 1 has two Content-Disposition headers");
    assert_string_equal(refused(ct, "--b\r\nContent-Disposition: form-data; name=a\r\n"
                                    "Content-Type: multipart/mixed; boundary=c\r\n\r\n--c--"
                                    "\r\n--b--"),
                        "part 1 is itself multipart, which is not accepted");
    assert_string_equal(refused(ct, "--b\r\nContent-Disposition: form-data; name=a\r\n"
                                    "Content-Transfer-Encoding: base64\r\n\r\nMQ==\r\n--b--"),
                        "part 1 has a Content-Transfer-Encoding other than 7bit, 8bit or binary");
    assert_string_equal(refused(ct, "--b\r\nContent-Disposition: form-data; name=a\r\nX: 1\r\n"
                                    " 2\r\n\r\n1\r\n--b--"),
                        "part 1 has a folded header line");
    assert_string_equal(refused(ct, "--b\r\nno colon\r\n\r\n1\r\n--b--"),
                        "part 1 has a header line with no name");
    line = apr_pstrcat(pool, "--b\r\nContent-Disposition: form-data; name=a\r\nX: ",
                       apr_psprintf(pool, "%01030d", 0), "\r\n\r\n1\r\n--b--", NULL);
    assert_string_equal(refused(ct, line), "part 1 has a header line longer than 1024 bytes");
    many = "--b\r\nContent-Disposition: form-data; name=a\r\n";
    for (int i = 0; i < 8; i++) many = apr_pstrcat(pool, many, "X: 1\r\n", NULL);
    assert_string_equal(refused(ct, apr_pstrcat(pool, many, "\r\n1\r\n--b--", NULL)),
                        "part 1 has more than 8 header lines");
    /* the name 64 bytes and the filename 255 are the most */
    assert_string_equal(refused(ct, apr_pstrcat(pool, "--b\r\nContent-Disposition: form-data; "
                                                "name=", apr_psprintf(pool, "%065d", 0),
                                                "\r\n\r\n1\r\n--b--", NULL)),
                        "part 1's name must be 1 to 64 bytes of UTF-8 text");
    assert_string_equal(refused(ct, apr_pstrcat(pool, "--b\r\nContent-Disposition: form-data; "
                                                "name=a; filename=", apr_psprintf(pool, "%0256d", 0),
                                                "\r\n\r\n1\r\n--b--", NULL)),
                        "part 1's filename must be at most 255 bytes of UTF-8 text");
}

static void test_parts(void **state)
{
    const char *ct = "multipart/form-data; boundary=b";
    const char *two = "--b\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n"
                      "--b\r\nContent-Disposition: form-data; name=c\r\n\r\n2\r\n--b--";
    rm_mp_part *parts;
    int n;
    const char *err;
    (void)state;
    assert_int_equal(parse(ct, two, strlen(two), 2, &parts, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_not_equal(parse(ct, two, strlen(two), 1, &parts, &n, &err), 0);
    assert_string_equal(err, "the body has more than 1 parts");
    assert_string_equal(refused(ct, "--b\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n"
                                    "--b\r\nContent-Disposition: form-data; name=a\r\n\r\n2\r\n--b--"),
                        "part 2 repeats the name of part 1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_form),
        cmocka_unit_test(test_variants),
        cmocka_unit_test(test_content_type),
        cmocka_unit_test(test_structure),
        cmocka_unit_test(test_headers),
        cmocka_unit_test(test_parts),
    };
    int rc;
    apr_initialize();
    apr_pool_create(&pool, NULL);
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    apr_pool_destroy(pool);
    apr_terminate();
    return rc;
}
