/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Unit tests of the reminders' mail messages (core/mail.c): addresses,
 * RFC 2047 encoded-words and folding, quoted-printable, the RFC 5322 date
 * and the whole message.  The integration tests parse real messages with
 * Python's email package as well (tests/integration/test_reminders.py).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <apr_general.h>
#include <apr_strings.h>
#include <apr_base64.h>
#include <apr_lib.h>
#include "rm_core.h"
#include "mail.h"

static apr_pool_t *pool;

/* every line of s at most max characters */
static void assert_lines_max(const char *s, size_t max)
{
    while (*s) {
        size_t n = strcspn(s, "\n");
        if (n > max) fail_msg("line of %zu > %zu: %.*s", n, max, (int)n, s);
        s += n + (s[n] == '\n');
    }
}

/* the text of a header made of "=?UTF-8?B?...?=" words, decoded */
static char *decode_words(const char *h)
{
    char *out = "";
    const char *s = h;
    while ((s = strstr(s, "=?UTF-8?B?"))) {
        const char *e = strstr(s + 10, "?=");
        char *b64 = apr_pstrmemdup(pool, s + 10, (apr_size_t)(e - s - 10));
        char *dec = apr_palloc(pool, (apr_size_t)apr_base64_decode_len(b64) + 1);
        int n = apr_base64_decode(dec, b64);
        dec[n] = '\0';
        out = apr_pstrcat(pool, out, dec, NULL);
        s = e + 2;
    }
    return out;
}

static void test_addr(void **state)
{
    (void)state;
    assert_true(rm_mail_addr_ok("a.b@example.ac.uk"));
    assert_true(rm_mail_addr_ok("o'neil+x@ex-ample.org"));
    assert_false(rm_mail_addr_ok(""));
    assert_false(rm_mail_addr_ok("@x.org"));
    assert_false(rm_mail_addr_ok("a@"));
    assert_false(rm_mail_addr_ok("a b@x.org"));
    assert_false(rm_mail_addr_ok("a@x.org\nBcc: b@y.org"));
    assert_false(rm_mail_addr_ok("a@x.org, b@y.org"));
    assert_false(rm_mail_addr_ok("<a@x.org>"));
    assert_false(rm_mail_addr_ok(".a@x.org"));
    assert_false(rm_mail_addr_ok("a..b@x.org"));
    assert_false(rm_mail_addr_ok("a@x..org"));
    assert_false(rm_mail_addr_ok("a@x.org."));
    assert_false(rm_mail_addr_ok("\xc3\xa9@x.org"));
    assert_false(rm_mail_addr_ok(NULL));
}

static void test_header_ascii(void **state)
{
    (void)state;
    assert_string_equal(rm_mail_header(pool, "Subject", "Your check-in is open", 0),
                        "Subject: Your check-in is open");
    /* a name with specials is a quoted-string */
    assert_string_equal(rm_mail_header(pool, "From", "Smith, Jo \"JJ\"", 1),
                        "From: \"Smith, Jo \\\"JJ\\\"\"");
    /* controls never break the line */
    assert_string_equal(rm_mail_header(pool, "Subject", "a\r\nBcc: x@y", 0),
                        "Subject: a Bcc: x@y");   /* runs of spaces fold to one */
    {   /* long ASCII: folded at spaces, each line at most 78 */
        char *s = "";
        for (int i = 0; i < 30; i++) s = apr_pstrcat(pool, s, i ? " " : "", "reminder", NULL);
        char *h = rm_mail_header(pool, "Subject", s, 0);
        assert_non_null(strchr(h, '\n'));
        assert_lines_max(h, 78);
        assert_null(strstr(h, "=?"));
    }
}

static void test_header_encoded(void **state)
{
    const char *name = "\xc3\x89lodie \xc3\x98stergaard-\xce\x91\xce\xbb\xce\xad\xce\xbe\xce\xb1\xce\xbd\xce\xb4\xcf\x81\xce\xbf\xcf\x82";
    char *h, *long_s = "";
    (void)state;
    h = rm_mail_header(pool, "From", name, 1);
    assert_true(!strncmp(h, "From: =?UTF-8?B?", 16));
    assert_string_equal(decode_words(h), name);
    assert_lines_max(h, 78);
    /* long non-ASCII: several words, never splitting a character */
    for (int i = 0; i < 40; i++) long_s = apr_pstrcat(pool, long_s, "r\xc3\xa9union \xe2\x82\xac ", NULL);
    h = rm_mail_header(pool, "Subject", long_s, 0);
    assert_lines_max(h, 78);
    assert_true(strchr(h, '\n') != NULL);
    assert_string_equal(decode_words(h), long_s);
    for (const char *s = h; (s = strstr(s, "=?UTF-8?B?")); s += 10) {
        const char *e = strstr(s + 10, "?=");
        char *b64 = apr_pstrmemdup(pool, s + 10, (apr_size_t)(e - s - 10));
        char *dec = apr_palloc(pool, (apr_size_t)apr_base64_decode_len(b64) + 1);
        int n = apr_base64_decode(dec, b64);
        assert_true(rm_utf8_valid(dec, (size_t)n));   /* each word whole characters */
        assert_true(e + 2 - s <= 75);
    }
    /* "=?" in ASCII text is encoded, so it cannot be read as a word */
    h = rm_mail_header(pool, "Subject", "=?UTF-8?B?QQ==?=", 0);
    assert_string_equal(decode_words(h), "=?UTF-8?B?QQ==?=");
    /* not UTF-8 */
    assert_null(rm_mail_header(pool, "Subject", "\xff\xfe", 0));
}

static void test_date(void **state)
{
    (void)state;
    /* 2026-12-05 10:45:00 UTC */
    apr_time_t t = apr_time_from_sec(1796467500);
    assert_string_equal(rm_mail_date(pool, t, 0), "Sat, 05 Dec 2026 10:45:00 +0000");
    assert_string_equal(rm_mail_date(pool, t, 3600), "Sat, 05 Dec 2026 11:45:00 +0100");
    assert_string_equal(rm_mail_date(pool, t, -(5 * 3600 + 1800)),
                        "Sat, 05 Dec 2026 05:15:00 -0530");
    assert_string_equal(rm_mail_date(pool, apr_time_from_sec(951782400), 0),
                        "Tue, 29 Feb 2000 00:00:00 +0000");
}

static void test_qp(void **state)
{
    char *s = "", *q;
    (void)state;
    assert_string_equal(rm_mail_qp(pool, "Hello\nWorld"), "Hello\nWorld");
    assert_string_equal(rm_mail_qp(pool, "a=b caf\xc3\xa9 \nx\t\n"), "a=3Db caf=C3=A9=20\nx=09\n");
    assert_string_equal(rm_mail_qp(pool, "From here\n.\n"), "=46rom here\n=2E\n");
    assert_string_equal(rm_mail_qp(pool, "a\r\nb"), "a\nb");
    for (int i = 0; i < 50; i++) s = apr_pstrcat(pool, s, "\xc3\xa9t\xc3\xa9 ", NULL);
    q = rm_mail_qp(pool, s);
    assert_lines_max(q, 76);
    assert_non_null(strstr(q, "=\n"));
    /* no =XX split by a soft break */
    for (const char *c = q; (c = strchr(c, '=')); c++)
        assert_true(c[1] == '\n' || (apr_isxdigit(c[1]) && apr_isxdigit(c[2])));
}

static void test_build(void **state)
{
    rm_mail m = {
        .from_name = "Programme de mentorat r\xc3\xa9" "ciproque", .from_addr = "mentoring@example.ac.uk",
        .to_name = "Zo\xc3\xab Ng", .to_addr = "zoe@example.ac.uk",
        .subject = "Your pair is ready \xe2\x80\x93 meet Jos\xc3\xa9",
        .body = "Dear Zo\xc3\xab,\n\nSee https://intranet.example.ac.uk/mentoring/pairs/7\n",
        .unique = "a1B2c3", .date = apr_time_from_sec(1796467500), .utc_offset = 0 };
    const char *err = NULL;
    char *msg = rm_mail_build(pool, &m, &err), *hdr;
    assert_non_null(msg);
    hdr = apr_pstrndup(pool, msg, (apr_size_t)(strstr(msg, "\n\n") - msg));
    assert_lines_max(hdr, 78);
    assert_non_null(strstr(hdr, "\nDate: Sat, 05 Dec 2026 10:45:00 +0000\n"));
    assert_non_null(strstr(hdr, "\nMessage-ID: <a1B2c3.1796467500@example.ac.uk>\n"));
    assert_non_null(strstr(hdr, "\nMIME-Version: 1.0\n"));
    assert_non_null(strstr(hdr, "\nContent-Type: text/plain; charset=UTF-8\n"));
    assert_non_null(strstr(hdr, "\nContent-Transfer-Encoding: quoted-printable\n"));
    assert_non_null(strstr(hdr, "\nAuto-Submitted: auto-generated"));
    assert_non_null(strstr(hdr, "<zoe@example.ac.uk>"));
    assert_non_null(strstr(msg, "Dear Zo=C3=AB,\n"));
    assert_null(strstr(msg, "X-RMentor-Reminder"));
    m.tag = "checkin_due";
    assert_non_null(strstr(rm_mail_build(pool, &m, &err), "\nX-RMentor-Reminder: checkin_due\n\n"));
    m.tag = "bad tag\nBcc: x";
    assert_null(rm_mail_build(pool, &m, &err));
    m.tag = NULL;
    for (const char *c = msg; *c; c++) assert_true((unsigned char)*c < 0x80);
    /* a bad address or unique part is refused with a reason */
    m.to_addr = "zoe@example.ac.uk>\nBcc: x@y";
    assert_null(rm_mail_build(pool, &m, &err));
    assert_non_null(strstr(err, "recipient"));
    m.to_addr = "zoe@example.ac.uk";
    m.unique = "a b";
    assert_null(rm_mail_build(pool, &m, &err));
    m.unique = "x";
    m.to_name = "";
    msg = rm_mail_build(pool, &m, &err);
    assert_non_null(strstr(msg, "\nTo: zoe@example.ac.uk\n"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_addr),
        cmocka_unit_test(test_header_ascii),
        cmocka_unit_test(test_header_encoded),
        cmocka_unit_test(test_date),
        cmocka_unit_test(test_qp),
        cmocka_unit_test(test_build),
    };
    int rc;
    apr_initialize();
    apr_pool_create(&pool, NULL);
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    apr_terminate();
    return rc;
}
