/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Unit tests of the legacy's dates and statuses (core/legacy.c): the window
 * of career steps (the programme's start to the day before start + length +
 * 24 months, with month ends and leap days clamped as rm_date_add_months
 * does), the dates a career step may have, when actions may be recorded,
 * the way an action's status moves (never back) and its dates (done needs
 * one; never before the start, in the future or before it started).
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
#include "legacy.h"

static apr_pool_t *pool;

static void test_career_last_day(void **state)
{
    (void)state;
    assert_string_equal(rm_career_last_day(pool, "2027-01-01", 12), "2029-12-31");
    assert_string_equal(rm_career_last_day(pool, "2027-09-15", 12), "2030-09-14");
    assert_string_equal(rm_career_last_day(pool, "2027-03-01", 6), "2029-08-31");
    /* 31 August + 36 months: 31 August 2030, the last day the 30th */
    assert_string_equal(rm_career_last_day(pool, "2027-08-31", 12), "2030-08-30");
    /* 29 February + 36 months: clamped to 28 February 2031, last day the 27th */
    assert_string_equal(rm_career_last_day(pool, "2028-02-29", 12), "2031-02-27");
    assert_null(rm_career_last_day(pool, "2027-02-30", 12));
    assert_null(rm_career_last_day(pool, "", 12));
    assert_null(rm_career_last_day(pool, NULL, 12));
    assert_null(rm_career_last_day(pool, "2027-01-01", 0));
    assert_null(rm_career_last_day(pool, "2027-01-01", 601));
}

static void test_career_window(void **state)
{
    (void)state;
    assert_int_equal(rm_career_window(pool, "2027-01-01", 12, "2026-12-31"), RM_LEGACY_UPCOMING);
    assert_int_equal(rm_career_window(pool, "2027-01-01", 12, "2027-01-01"), RM_LEGACY_OPEN);
    assert_int_equal(rm_career_window(pool, "2027-01-01", 12, "2028-06-01"), RM_LEGACY_OPEN);
    assert_int_equal(rm_career_window(pool, "2027-01-01", 12, "2029-12-31"), RM_LEGACY_OPEN);
    assert_int_equal(rm_career_window(pool, "2027-01-01", 12, "2030-01-01"), RM_LEGACY_CLOSED);
    /* bad dates close it: nothing can be checked */
    assert_int_equal(rm_career_window(pool, "not a date", 12, "2028-01-01"), RM_LEGACY_CLOSED);
    assert_int_equal(rm_career_window(pool, "2027-01-01", 12, "2028-13-01"), RM_LEGACY_CLOSED);
    assert_int_equal(rm_career_window(pool, "2027-01-01", 12, NULL), RM_LEGACY_CLOSED);
}

static void test_career_date(void **state)
{
    const char *e;
    (void)state;
    /* today in the window */
    assert_null(rm_check_career_date(pool, "2027-01-01", "2027-01-01", 12, "2029-06-01"));
    assert_null(rm_check_career_date(pool, "2029-06-01", "2027-01-01", 12, "2029-06-01"));
    e = rm_check_career_date(pool, "", "2027-01-01", 12, "2029-06-01");
    assert_non_null(e);
    assert_non_null(strstr(e, "Enter the date"));
    e = rm_check_career_date(pool, "2028-02-30", "2027-01-01", 12, "2029-06-01");
    assert_non_null(strstr(e, "real date"));
    e = rm_check_career_date(pool, "2029-06-02", "2027-01-01", 12, "2029-06-01");
    assert_non_null(strstr(e, "in the future"));
    e = rm_check_career_date(pool, "2026-12-31", "2027-01-01", 12, "2029-06-01");
    assert_non_null(strstr(e, "before the programme started (1 January 2027)"));
    /* after the window (today later still, as a late check would be) */
    e = rm_check_career_date(pool, "2030-01-01", "2027-01-01", 12, "2030-02-01");
    assert_non_null(strstr(e, "until 31 December 2029"));
    assert_null(rm_check_career_date(pool, "2029-12-31", "2027-01-01", 12, "2030-02-01"));
    e = rm_check_career_date(pool, "2028-01-01", "bad", 12, "2029-06-01");
    assert_non_null(strstr(e, "not set"));
}

static void test_action_window(void **state)
{
    (void)state;
    assert_int_equal(rm_action_window("2027-01-01", "2026-12-31"), RM_LEGACY_UPCOMING);
    assert_int_equal(rm_action_window("2027-01-01", "2027-01-01"), RM_LEGACY_OPEN);
    /* no end: an action's effects outlast the year */
    assert_int_equal(rm_action_window("2027-01-01", "2035-01-01"), RM_LEGACY_OPEN);
    assert_int_equal(rm_action_window("", "2027-01-01"), RM_LEGACY_UPCOMING);
    assert_int_equal(rm_action_window(NULL, NULL), RM_LEGACY_UPCOMING);
}

static void test_action_moves(void **state)
{
    static const char *const s[] = { "planned", "in_progress", "done" };
    (void)state;
    assert_int_equal(rm_action_status_rank("planned"), 0);
    assert_int_equal(rm_action_status_rank("in_progress"), 1);
    assert_int_equal(rm_action_status_rank("done"), 2);
    assert_int_equal(rm_action_status_rank("dropped"), -1);
    assert_int_equal(rm_action_status_rank(NULL), -1);
    for (int f = 0; f < 3; f++)
        for (int t = 0; t < 3; t++) {
            const char *e = rm_check_action_move(pool, s[f], s[t]);
            if (t >= f) assert_null(e);
            else {
                assert_non_null(e);
                assert_non_null(strstr(e, "cannot go back"));
            }
        }
    assert_non_null(strstr(rm_check_action_move(pool, "planned", "finished"), "Select"));
    /* a new action: any status */
    assert_null(rm_check_action_move(pool, NULL, "done"));
}

static void test_action_dates(void **state)
{
    const char *es, *ed;
    (void)state;
#define CHECK(st, s, d) rm_check_action_dates(pool, st, s, d, "2027-01-01", "2027-06-01", &es, &ed)
    CHECK("planned", "", "");
    assert_null(es); assert_null(ed);
    CHECK("in_progress", "2027-02-01", "");
    assert_null(es); assert_null(ed);
    CHECK("done", "2027-02-01", "2027-03-01");
    assert_null(es); assert_null(ed);
    CHECK("done", "", "2027-06-01");            /* today, no start date */
    assert_null(es); assert_null(ed);
    CHECK("done", "2027-02-01", "2027-02-01");  /* the same day */
    assert_null(es); assert_null(ed);
    CHECK("done", "2027-02-01", "");
    assert_null(es); assert_non_null(strstr(ed, "needs one"));
    CHECK("planned", "", "2027-03-01");
    assert_non_null(strstr(ed, "empty until"));
    CHECK("done", "2027-03-01", "2027-02-01");
    assert_null(es); assert_non_null(strstr(ed, "before the date it started"));
    CHECK("in_progress", "2026-12-31", "");
    assert_non_null(strstr(es, "before the programme started"));
    CHECK("done", "2027-02-01", "2027-06-02");
    assert_non_null(strstr(ed, "in the future"));
    CHECK("in_progress", "2027-02-31", "");
    assert_non_null(strstr(es, "real date"));
    /* a bad start date: only the start's own error, not the order */
    CHECK("done", "2027-13-01", "2027-02-01");
    assert_non_null(es); assert_null(ed);
#undef CHECK
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_career_last_day),
        cmocka_unit_test(test_career_window),
        cmocka_unit_test(test_career_date),
        cmocka_unit_test(test_action_window),
        cmocka_unit_test(test_action_moves),
        cmocka_unit_test(test_action_dates),
    };
    int rc;
    apr_initialize();
    apr_pool_create(&pool, NULL);
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    apr_pool_destroy(pool);
    apr_terminate();
    return rc;
}
