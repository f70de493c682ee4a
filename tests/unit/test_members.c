/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Unit tests of the sector body's list of members (core/members.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <apr_general.h>
#include <apr_tables.h>
#include "members.h"

static apr_pool_t *pool;

#define PARSE(lit, max, out) rm_members_parse(pool, lit, sizeof(lit) - 1, max, out)
#define NAME(a, i) APR_ARRAY_IDX(a, i, const char *)

static void test_parse(void **state)
{
    apr_array_header_t *a = NULL;
    (void)state;
    assert_null(PARSE("\xef\xbb\xbfprincipal,name\r\n\"Jo.Bloggs@Example.AC.UK\",Jo\r\n"
                      "# staff of B\n  sam@b.ac.uk ; Sam\n\n\tlee@c.ac.uk\tLee\n"
                      "jo.bloggs@example.ac.uk\nzo\xc3\xab@d.ac.uk", 10, &a));
    assert_int_equal(a->nelts, 4);
    assert_string_equal(NAME(a, 0), "jo.bloggs@example.ac.uk");
    assert_string_equal(NAME(a, 1), "sam@b.ac.uk");
    assert_string_equal(NAME(a, 2), "lee@c.ac.uk");
    assert_string_equal(NAME(a, 3), "zo\xc3\xab@d.ac.uk");
    assert_null(PARSE("", 10, &a));
    assert_int_equal(a->nelts, 0);
    assert_null(PARSE("eppn\n", 10, &a));
    assert_int_equal(a->nelts, 0);
    /* a header only on the first line */
    assert_non_null(PARSE("a@b.ac.uk\nprincipal\n", 10, &a));
    assert_null(a);
}

static void test_refused(void **state)
{
    apr_array_header_t *a = NULL;
    const char *e;
    (void)state;
    e = PARSE("a@b.ac.uk\nno-scope\n", 10, &a);
    assert_non_null(e);
    assert_non_null(strstr(e, "Line 2"));
    assert_null(a);
    assert_non_null(PARSE("jo bloggs@b.ac.uk", 10, &a));
    assert_non_null(PARSE("a@b@c.ac.uk", 10, &a));
    assert_non_null(PARSE("@b.ac.uk", 10, &a));
    assert_non_null(PARSE("a@", 10, &a));
    assert_non_null(PARSE("a\x01@b.ac.uk", 10, &a));
    assert_non_null(PARSE("\xff\xfe", 10, &a));
    assert_non_null(PARSE("a@b.ac.uk\nc@d.ac.uk\ne@f.ac.uk", 2, &a));
    /* repeats do not count toward the limit */
    assert_null(PARSE("a@b.ac.uk\nA@B.AC.UK\nc@d.ac.uk", 2, &a));
    assert_int_equal(a->nelts, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_refused),
    };
    int rc;
    apr_initialize();
    apr_pool_create(&pool, NULL);
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    apr_pool_destroy(pool);
    apr_terminate();
    return rc;
}
