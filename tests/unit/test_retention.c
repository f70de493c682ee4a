/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Unit tests of the retention periods (core/retention.c): the kinds'
 * names, the directive's month values, and the first day the purge may
 * blank a kind: the programme's end plus the months kept, with the month
 * ends clamped as rm_date_add_months clamps them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <apr_general.h>
#include "rm_core.h"
#include "retention.h"

static apr_pool_t *pool;

static void test_kinds(void **state)
{
    (void)state;
    assert_int_equal(rm_ret_kind("applications"), 0);
    assert_int_equal(rm_ret_kind("notes"), 1);
    assert_int_equal(rm_ret_kind("checkins"), 2);
    assert_int_equal(rm_ret_kind("evaluations"), 3);
    assert_int_equal(rm_ret_kind("rest"), 4);
    assert_int_equal(rm_ret_kind("Notes"), -1);
    assert_int_equal(rm_ret_kind("gossip"), -1);
    assert_int_equal(rm_ret_kind(""), -1);
    assert_int_equal(rm_ret_kind(NULL), -1);
    /* every default keeps the data at least as long as the kind before the
     * rest, and the rest longest */
    for (int i = 0; i < RM_RETENTION_KINDS; i++) {
        assert_true(rm_ret_default_months[i] >= 1);
        assert_true(rm_ret_default_months[i] <= rm_ret_default_months[RM_RETENTION_KINDS - 1]);
    }
}

static void test_parse(void **state)
{
    int m = 0;
    const char *err = NULL;
    (void)state;
    assert_int_equal(rm_ret_parse_months("12", &m, &err), 0);
    assert_int_equal(m, 12);
    assert_int_equal(rm_ret_parse_months("1", &m, &err), 0);
    assert_int_equal(m, 1);
    assert_int_equal(rm_ret_parse_months("600", &m, &err), 0);
    assert_int_equal(m, 600);
    assert_int_equal(rm_ret_parse_months("never", &m, &err), 0);
    assert_int_equal(m, RM_RETENTION_NEVER);
    static const char *bad[] = { "0", "601", "-1", "12 ", " 12", "1.5", "sometimes",
                                 "Never", "", "00000012", "99999999999", NULL };
    for (int i = 0; bad[i]; i++) {
        err = NULL;
        if (rm_ret_parse_months(bad[i], &m, &err) != -1 || !err)
            fail_msg("\"%s\" was accepted", bad[i]);
    }
    err = NULL;
    assert_int_equal(rm_ret_parse_months(NULL, &m, &err), -1);
    assert_non_null(err);
}

static void test_purge_from(void **state)
{
    (void)state;
    /* a 12-month programme from 1 Sep 2024 ends 1 Sep 2025; kept 12 months */
    assert_string_equal(rm_ret_purge_from(pool, "2024-09-01", 12, 12), "2026-09-01");
    assert_string_equal(rm_ret_purge_from(pool, "2024-09-01", 12, 6), "2026-03-01");
    /* the month's end clamps: 31 Aug + 18 months is 28 Feb */
    assert_string_equal(rm_ret_purge_from(pool, "2023-08-31", 12, 6), "2025-02-28");
    assert_string_equal(rm_ret_purge_from(pool, "2022-08-31", 12, 6), "2024-02-29");
    assert_null(rm_ret_purge_from(pool, "2024-09-01", 12, RM_RETENTION_NEVER));
    assert_null(rm_ret_purge_from(pool, "2024-13-01", 12, 6));
    assert_null(rm_ret_purge_from(pool, "soon", 12, 6));
    assert_null(rm_ret_purge_from(pool, NULL, 12, 6));
    assert_null(rm_ret_purge_from(pool, "2024-09-01", 0, 6));
}

static void test_due(void **state)
{
    (void)state;
    assert_false(rm_ret_due(pool, "2024-09-01", 12, 12, "2026-08-31"));
    assert_true(rm_ret_due(pool, "2024-09-01", 12, 12, "2026-09-01"));
    assert_true(rm_ret_due(pool, "2024-09-01", 12, 12, "2030-01-01"));
    /* a programme still running is never due, whatever the kind */
    assert_false(rm_ret_due(pool, "2026-01-01", 12, 1, "2026-12-31"));
    assert_false(rm_ret_due(pool, "2020-01-01", 12, RM_RETENTION_NEVER, "2099-01-01"));
    assert_false(rm_ret_due(pool, "2020-01-01", 12, 6, "yesterday"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_purge_from),
        cmocka_unit_test(test_due),
    };
    int rc;
    apr_initialize();
    apr_pool_create(&pool, NULL);
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    apr_pool_destroy(pool);
    apr_terminate();
    return rc;
}
