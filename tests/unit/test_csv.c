/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Unit tests of the CSV writer (core/csv.c): RFC 4180 quoting (comma,
 * double quote, CR, LF, leading and trailing spaces and tabs), CRLF at the
 * end of every row, NULL and empty cells, UTF-8 kept as it is, and formula
 * injection neutralised for = + - @ TAB CR at the start of a cell.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <apr_general.h>
#include <apr_strings.h>
#include "csv.h"

static apr_pool_t *pool;

static const char *row(int n, ...)
{
    const char *cells[16];
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) cells[i] = va_arg(ap, const char *);
    va_end(ap);
    return rm_csv_row(pool, cells, n);
}

static void test_plain(void **state)
{
    (void)state;
    assert_string_equal(row(3, "a", "b", "c"), "a,b,c\r\n");
    assert_string_equal(row(1, "mentor1@demo.ac.uk"), "mentor1@demo.ac.uk\r\n");
    assert_string_equal(row(0), "\r\n");
    assert_string_equal(row(3, "", NULL, "x"), ",,x\r\n");
    assert_string_equal(row(2, "Zo\xC3\xAB \xE6\x9D\xB1\xE4\xBA\xAC", "240"),
                        "Zo\xC3\xAB \xE6\x9D\xB1\xE4\xBA\xAC,240\r\n");
    assert_string_equal(row(1, "in middle"), "in middle\r\n");
    assert_string_equal(row(1, "2026-11-01"), "2026-11-01\r\n");
}

static void test_quoting(void **state)
{
    (void)state;
    assert_string_equal(row(2, "Smith, Jo", "x"), "\"Smith, Jo\",x\r\n");
    assert_string_equal(row(1, "say \"hi\""), "\"say \"\"hi\"\"\"\r\n");
    assert_string_equal(row(1, "\""), "\"\"\"\"\r\n");
    assert_string_equal(row(1, "two\nlines"), "\"two\nlines\"\r\n");
    assert_string_equal(row(1, "two\r\nlines"), "\"two\r\nlines\"\r\n");
    assert_string_equal(row(1, " lead"), "\" lead\"\r\n");
    assert_string_equal(row(1, "trail "), "\"trail \"\r\n");
    assert_string_equal(row(1, "trail\t"), "\"trail\t\"\r\n");
    assert_string_equal(row(1, " "), "\" \"\r\n");
    assert_string_equal(rm_csv_cell(pool, "a,b"), "\"a,b\"");
    assert_string_equal(rm_csv_cell(pool, NULL), "");
}

static void test_injection(void **state)
{
    (void)state;
    assert_string_equal(row(1, "=1+2"), "\"'=1+2\"\r\n");
    assert_string_equal(row(1, "+44 1234"), "\"'+44 1234\"\r\n");
    assert_string_equal(row(1, "-3"), "\"'-3\"\r\n");
    assert_string_equal(row(1, "@SUM(A1:A9)"), "\"'@SUM(A1:A9)\"\r\n");
    assert_string_equal(row(1, "\tx"), "\"'\tx\"\r\n");
    assert_string_equal(row(1, "\rx"), "\"'\rx\"\r\n");
    assert_string_equal(row(1, "=HYPERLINK(\"http://x\",\"y\")"),
                        "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\r\n");
    assert_string_equal(row(2, "=cmd|' /C calc'!A0", "ok"), "\"'=cmd|' /C calc'!A0\",ok\r\n");
    /* only the first character decides */
    assert_string_equal(row(1, "a=1"), "a=1\r\n");
    assert_string_equal(row(1, "'quoted"), "'quoted\r\n");
    assert_string_equal(row(1, " =1"), "\" =1\"\r\n");
}

static void test_bom(void **state)
{
    (void)state;
    assert_int_equal(strlen(rm_csv_bom()), 3);
    assert_memory_equal(rm_csv_bom(), "\xEF\xBB\xBF", 3);
}

/* a long cell of quotes: the row is exactly as long as it must be */
static void test_sizes(void **state)
{
    char *q = apr_palloc(pool, 10001);
    const char *r;
    (void)state;
    memset(q, '"', 10000);
    q[10000] = '\0';
    r = row(2, q, "=");
    assert_int_equal(strlen(r), 2 + 20000 + 1 + 4 + 2);
    assert_string_equal(r + 20003, "\"'=\"\r\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain),
        cmocka_unit_test(test_quoting),
        cmocka_unit_test(test_injection),
        cmocka_unit_test(test_bom),
        cmocka_unit_test(test_sizes),
    };
    int rc;
    apr_initialize();
    apr_pool_create(&pool, NULL);
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    apr_pool_destroy(pool);
    apr_terminate();
    return rc;
}
