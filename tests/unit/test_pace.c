/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Unit tests of the calendar of a programme's year (core/pace.c): months
 * completed and meetings expected, the last day, which meeting dates may be
 * recorded, the check-in window, the rules that find a pair at risk and
 * durations for people.  Months are counted as rm_date_add_months counts
 * them (the day clamped to the month's end), so the edges are the 29th-31st
 * and 29 February.
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
#include "pace.h"

static apr_pool_t *pool;

/* the pace, asserting that the call succeeded */
static rm_pace pace(const char *start, int length, int min, const char *on)
{
    rm_pace x;
    assert_int_equal(rm_pace_at(start, length, min, on, &x), 0);
    return x;
}

static void assert_pace(const char *start, int length, int min, const char *on,
                        int months, int expected, int started, int ended)
{
    rm_pace x = pace(start, length, min, on);
    if (x.months != months || x.expected != expected || x.started != started
        || x.ended != ended)
        fail_msg("start %s, %d months, min %d, on %s: got months %d expected %d "
                 "started %d ended %d; want %d %d %d %d", start, length, min, on,
                 x.months, x.expected, x.started, x.ended, months, expected, started, ended);
}

static void test_pace_ordinary(void **state)
{
    (void)state;
    /* 12 months from 1 January, 6 meetings: the "3 of 6 after 6 months" case */
    assert_pace("2027-01-01", 12, 6, "2026-12-31", 0, 0, 0, 0);
    assert_pace("2027-01-01", 12, 6, "2027-01-01", 0, 0, 1, 0);
    assert_pace("2027-01-01", 12, 6, "2027-01-31", 0, 0, 1, 0);
    assert_pace("2027-01-01", 12, 6, "2027-02-01", 1, 0, 1, 0);
    assert_pace("2027-01-01", 12, 6, "2027-03-01", 2, 1, 1, 0);
    assert_pace("2027-01-01", 12, 6, "2027-06-30", 5, 2, 1, 0);
    assert_pace("2027-01-01", 12, 6, "2027-07-01", 6, 3, 1, 0);
    /* the last day: 11 months complete, not ended; the day after: ended */
    assert_pace("2027-01-01", 12, 6, "2027-12-31", 11, 5, 1, 0);
    assert_pace("2027-01-01", 12, 6, "2028-01-01", 12, 6, 1, 1);
    assert_pace("2027-01-01", 12, 6, "2040-06-15", 12, 6, 1, 1);
}

static void test_pace_rounding(void **state)
{
    (void)state;
    /* expected rounds down: 6 over 12 months is 0.5 a month */
    assert_pace("2027-01-01", 12, 6, "2027-02-01", 1, 0, 1, 0);
    assert_pace("2027-01-01", 12, 6, "2027-03-01", 2, 1, 1, 0);
    assert_pace("2027-01-01", 12, 6, "2027-04-01", 3, 1, 1, 0);
    /* 10 over 12 months: 0, 1, 2, 2, 3, ..., 10 */
    assert_pace("2027-01-01", 12, 10, "2027-02-01", 1, 0, 1, 0);
    assert_pace("2027-01-01", 12, 10, "2027-03-01", 2, 1, 1, 0);
    assert_pace("2027-01-01", 12, 10, "2027-12-01", 11, 9, 1, 0);
    assert_pace("2027-01-01", 12, 10, "2028-01-01", 12, 10, 1, 1);
    /* no minimum: nothing is ever expected */
    assert_pace("2027-01-01", 12, 0, "2027-07-01", 6, 0, 1, 0);
    assert_pace("2027-01-01", 12, 0, "2028-01-01", 12, 0, 1, 1);
    /* the largest figures the function takes do not overflow */
    assert_pace("2027-01-01", 600, 100000, "2077-01-01", 600, 100000, 1, 1);
    assert_pace("2027-01-01", 600, 100000, "2052-01-01", 300, 50000, 1, 0);
    /* one month long */
    assert_pace("2027-01-01", 1, 2, "2027-01-31", 0, 0, 1, 0);
    assert_pace("2027-01-01", 1, 2, "2027-02-01", 1, 2, 1, 1);
}

static void test_pace_month_ends(void **state)
{
    (void)state;
    /* from 31 January: month 1 is complete on 28 February, month 2 on 31
     * March (not 28 March: each month counts from the start, not from the
     * previous month's clamped day), month 3 on 30 April */
    assert_pace("2027-01-31", 12, 6, "2027-01-30", 0, 0, 0, 0);
    assert_pace("2027-01-31", 12, 6, "2027-01-31", 0, 0, 1, 0);
    assert_pace("2027-01-31", 12, 6, "2027-02-27", 0, 0, 1, 0);
    assert_pace("2027-01-31", 12, 6, "2027-02-28", 1, 0, 1, 0);
    assert_pace("2027-01-31", 12, 6, "2027-03-28", 1, 0, 1, 0);
    assert_pace("2027-01-31", 12, 6, "2027-03-30", 1, 0, 1, 0);
    assert_pace("2027-01-31", 12, 6, "2027-03-31", 2, 1, 1, 0);
    assert_pace("2027-01-31", 12, 6, "2027-04-29", 2, 1, 1, 0);
    assert_pace("2027-01-31", 12, 6, "2027-04-30", 3, 1, 1, 0);
    /* its last day is 30 January 2028; 31 January it has ended */
    assert_string_equal(rm_programme_last_day(pool, "2027-01-31", 12), "2028-01-30");
    assert_pace("2027-01-31", 12, 6, "2028-01-30", 11, 5, 1, 0);
    assert_pace("2027-01-31", 12, 6, "2028-01-31", 12, 6, 1, 1);
    /* from 30 and 29 January too, month 1 ends with February */
    assert_pace("2027-01-30", 12, 6, "2027-02-27", 0, 0, 1, 0);
    assert_pace("2027-01-30", 12, 6, "2027-02-28", 1, 0, 1, 0);
    assert_pace("2027-01-29", 12, 6, "2027-02-28", 1, 0, 1, 0);
    assert_pace("2027-01-29", 12, 6, "2027-03-28", 1, 0, 1, 0);
    assert_pace("2027-01-29", 12, 6, "2027-03-29", 2, 1, 1, 0);
    /* from 31 March: month 1 is complete on 30 April */
    assert_pace("2027-03-31", 2, 2, "2027-04-29", 0, 0, 1, 0);
    assert_pace("2027-03-31", 2, 2, "2027-04-30", 1, 1, 1, 0);
    assert_string_equal(rm_programme_last_day(pool, "2027-03-31", 1), "2027-04-29");
    assert_string_equal(rm_programme_last_day(pool, "2027-03-31", 2), "2027-05-30");
    /* across the end of a year */
    assert_pace("2027-12-31", 2, 2, "2028-01-30", 0, 0, 1, 0);
    assert_pace("2027-12-31", 2, 2, "2028-01-31", 1, 1, 1, 0);
    assert_pace("2027-12-31", 2, 2, "2028-02-28", 1, 1, 1, 0);
    assert_pace("2027-12-31", 2, 2, "2028-02-29", 2, 2, 1, 1);
    assert_string_equal(rm_programme_last_day(pool, "2027-12-31", 2), "2028-02-28");
}

static void test_pace_leap_years(void **state)
{
    (void)state;
    /* from 31 January 2028, month 1 is complete on 29 February 2028 */
    assert_pace("2028-01-31", 12, 6, "2028-02-28", 0, 0, 1, 0);
    assert_pace("2028-01-31", 12, 6, "2028-02-29", 1, 0, 1, 0);
    assert_pace("2028-01-31", 12, 6, "2028-03-01", 1, 0, 1, 0);
    assert_string_equal(rm_programme_last_day(pool, "2028-01-31", 1), "2028-02-28");
    assert_string_equal(rm_programme_last_day(pool, "2028-01-31", 12), "2029-01-30");
    /* from 29 February 2028 for 12 months: the end is 28 February 2029 (no
     * 29th that year), so the last day is 27 February 2029 -- 365 days, a
     * whole year, as from 1 March 2028 to 28 February 2029 */
    assert_string_equal(rm_programme_last_day(pool, "2028-02-29", 12), "2029-02-27");
    assert_string_equal(rm_programme_last_day(pool, "2028-03-01", 12), "2029-02-28");
    assert_pace("2028-02-29", 12, 6, "2028-03-28", 0, 0, 1, 0);
    assert_pace("2028-02-29", 12, 6, "2028-03-29", 1, 0, 1, 0);
    assert_pace("2028-02-29", 12, 6, "2029-01-29", 11, 5, 1, 0);
    assert_pace("2028-02-29", 12, 6, "2029-02-27", 11, 5, 1, 0);
    assert_pace("2028-02-29", 12, 6, "2029-02-28", 12, 6, 1, 1);
    /* 48 months from 29 February 2028 end on 29 February 2032, a leap year */
    assert_string_equal(rm_programme_last_day(pool, "2028-02-29", 48), "2032-02-28");
    assert_pace("2028-02-29", 48, 8, "2032-02-28", 47, 7, 1, 0);
    assert_pace("2028-02-29", 48, 8, "2032-02-29", 48, 8, 1, 1);
    /* 2100 is not a leap year, 2000 was */
    assert_string_equal(rm_programme_last_day(pool, "2100-01-31", 1), "2100-02-27");
    assert_string_equal(rm_programme_last_day(pool, "2000-01-31", 1), "2000-02-28");
    assert_pace("2100-01-31", 12, 6, "2100-02-28", 1, 0, 1, 0);
    assert_pace("2000-01-31", 12, 6, "2000-02-28", 0, 0, 1, 0);
    assert_pace("2000-01-31", 12, 6, "2000-02-29", 1, 0, 1, 0);
}

static void test_pace_bad_input(void **state)
{
    (void)state;
    rm_pace x;
    const char *bad[] = { NULL, "", "2027-02-29", "2027-13-01", "2027-00-10", "2027-1-01",
                          "27-01-01", "2027/01/01", "1899-12-31", "3000-01-01",
                          "2027-01-01x", " 2027-01-01", "31 January 2027" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        memset(&x, 0x5a, sizeof(x));
        assert_int_equal(rm_pace_at(bad[i], 12, 6, "2027-06-01", &x), -1);
        assert_int_equal(x.months + x.expected + x.started + x.ended, 0);
        memset(&x, 0x5a, sizeof(x));
        assert_int_equal(rm_pace_at("2027-01-01", 12, 6, bad[i], &x), -1);
        assert_int_equal(x.months + x.expected + x.started + x.ended, 0);
        assert_null(rm_programme_last_day(pool, bad[i], 12));
    }
    /* numbers out of range */
    assert_int_equal(rm_pace_at("2027-01-01", 0, 6, "2027-06-01", &x), -1);
    assert_int_equal(rm_pace_at("2027-01-01", -12, 6, "2027-06-01", &x), -1);
    assert_int_equal(rm_pace_at("2027-01-01", 601, 6, "2027-06-01", &x), -1);
    assert_int_equal(rm_pace_at("2027-01-01", 12, -1, "2027-06-01", &x), -1);
    assert_int_equal(rm_pace_at("2027-01-01", 12, 100001, "2027-06-01", &x), -1);
    assert_int_equal(x.months + x.expected + x.started + x.ended, 0);
    /* the first and last years the dates take */
    assert_int_equal(rm_pace_at("1900-01-01", 12, 6, "1900-07-01", &x), 0);
    assert_int_equal(x.months, 6);
    assert_int_equal(rm_pace_at("2999-01-01", 600, 600, "2999-12-31", &x), 0);
    assert_int_equal(x.months, 11);
    assert_int_equal(x.expected, 11);
}

/* Every day from a month before to a month after the programme, for every
 * start day of two years (one a leap year) and several lengths: the months
 * only move on by one, on the day start + m months, and end on the day after
 * the last day. */
static void test_pace_every_day(void **state)
{
    (void)state;
    static const int lengths[] = { 1, 2, 6, 11, 12, 13, 24 };
    long s0, s1;
    assert_int_equal(rm_date_parse("2027-01-01", &s0), 0);
    assert_int_equal(rm_date_parse("2028-12-31", &s1), 0);
    for (long s = s0; s <= s1; s += 3) {
        apr_pool_t *p;
        const char *start;
        apr_pool_create(&p, pool);
        start = rm_date_format(p, s);
        for (size_t k = 0; k < sizeof(lengths) / sizeof(lengths[0]); k++) {
            int len = lengths[k], prev = 0;
            long last;
            const char *last_day = rm_programme_last_day(p, start, len);
            assert_non_null(last_day);
            assert_int_equal(rm_date_parse(last_day, &last), 0);
            for (long d = s - 31; d <= last + 31; d++) {
                const char *on = rm_date_format(p, d);
                rm_pace x = pace(start, len, 12, on);
                assert_int_equal(x.started, d >= s);
                assert_int_equal(x.ended, d > last);
                assert_true(x.months >= prev && x.months <= prev + 1);
                assert_int_equal(x.months == len, x.ended);
                assert_true(x.expected <= 12 && x.expected == 12 * x.months / len);
                if (x.months == prev + 1)
                    assert_string_equal(on, rm_date_add_months(p, start, x.months));
                prev = x.months;
            }
            assert_int_equal(prev, len);
        }
        apr_pool_destroy(p);
    }
}

static void test_meeting_date(void **state)
{
    (void)state;
    const char *start = "2027-01-31", *today = "2027-06-15", *e;
    /* boundary days are accepted: the start, today, the last day */
    assert_null(rm_check_meeting_date(pool, "2027-01-31", start, 12, today));
    assert_null(rm_check_meeting_date(pool, "2027-03-01", start, 12, today));
    assert_null(rm_check_meeting_date(pool, "2027-06-15", start, 12, today));
    assert_null(rm_check_meeting_date(pool, "2028-01-30", start, 12, "2028-03-01"));
    assert_null(rm_check_meeting_date(pool, "2028-01-30", start, 12, "2028-01-30"));
    /* no date, a bad date */
    assert_string_equal(rm_check_meeting_date(pool, NULL, start, 12, today),
                        "Enter the date of the meeting.");
    assert_string_equal(rm_check_meeting_date(pool, "", start, 12, today),
                        "Enter the date of the meeting.");
    e = "The date of the meeting must be a real date, for example 29 January 2027.";
    assert_string_equal(rm_check_meeting_date(pool, "2027-02-29", start, 12, today), e);
    assert_string_equal(rm_check_meeting_date(pool, "2027-04-31", start, 12, today), e);
    assert_string_equal(rm_check_meeting_date(pool, "2027-3-01", start, 12, today), e);
    assert_string_equal(rm_check_meeting_date(pool, "15 March 2027", start, 12, today), e);
    assert_string_equal(rm_check_meeting_date(pool, "2027-03-01 ", start, 12, today), e);
    /* the future: tomorrow already is */
    assert_string_equal(rm_check_meeting_date(pool, "2027-06-16", start, 12, today),
                        "The date of the meeting is in the future. Log a meeting once it "
                        "has taken place.");
    assert_non_null(rm_check_meeting_date(pool, "2029-01-01", start, 12, today));
    /* the day before the start */
    assert_string_equal(rm_check_meeting_date(pool, "2027-01-30", start, 12, today),
                        "The date of the meeting is before the programme started "
                        "(31 January 2027). Only meetings of the programme count.");
    assert_non_null(rm_check_meeting_date(pool, "2026-12-31", start, 12, today));
    /* the day after the last day, and later */
    e = "The date of the meeting is after the programme ended (its last day was "
        "30 January 2028).";
    assert_string_equal(rm_check_meeting_date(pool, "2028-01-31", start, 12, "2028-03-01"), e);
    assert_string_equal(rm_check_meeting_date(pool, "2028-02-29", start, 12, "2028-03-01"), e);
    /* a leap-day start: 27 February 2029 is the last day, the 28th is not */
    assert_null(rm_check_meeting_date(pool, "2029-02-27", "2028-02-29", 12, "2029-03-05"));
    assert_non_null(rm_check_meeting_date(pool, "2029-02-28", "2028-02-29", 12, "2029-03-05"));
    assert_null(rm_check_meeting_date(pool, "2028-02-29", "2028-02-29", 12, "2029-03-05"));
    assert_non_null(rm_check_meeting_date(pool, "2028-02-28", "2028-02-29", 12, "2029-03-05"));
}

static void test_checkin_window(void **state)
{
    (void)state;
    /* two weeks from 1 June: open 1-14 June */
    assert_int_equal(rm_checkin_window("2027-06-01", 2, "2027-05-31"), RM_CHECKIN_UPCOMING);
    assert_int_equal(rm_checkin_window("2027-06-01", 2, "2027-06-01"), RM_CHECKIN_OPEN);
    assert_int_equal(rm_checkin_window("2027-06-01", 2, "2027-06-14"), RM_CHECKIN_OPEN);
    assert_int_equal(rm_checkin_window("2027-06-01", 2, "2027-06-15"), RM_CHECKIN_CLOSED);
    assert_int_equal(rm_checkin_window("2027-06-01", 2, "2028-01-01"), RM_CHECKIN_CLOSED);
    assert_string_equal(rm_checkin_last_day(pool, "2027-06-01", 2), "2027-06-14");
    /* one week over the end of a year, and over 29 February */
    assert_string_equal(rm_checkin_last_day(pool, "2027-12-25", 1), "2027-12-31");
    assert_int_equal(rm_checkin_window("2027-12-25", 1, "2027-12-31"), RM_CHECKIN_OPEN);
    assert_int_equal(rm_checkin_window("2027-12-25", 1, "2028-01-01"), RM_CHECKIN_CLOSED);
    assert_string_equal(rm_checkin_last_day(pool, "2028-02-23", 1), "2028-02-29");
    assert_int_equal(rm_checkin_window("2028-02-23", 1, "2028-02-29"), RM_CHECKIN_OPEN);
    assert_int_equal(rm_checkin_window("2028-02-23", 1, "2028-03-01"), RM_CHECKIN_CLOSED);
    assert_string_equal(rm_checkin_last_day(pool, "2027-02-23", 1), "2027-03-01");
    /* the last open day agrees with the window, for every length to 8 weeks */
    for (int w = 1; w <= 8; w++) {
        long last;
        const char *l = rm_checkin_last_day(pool, "2027-06-01", w);
        assert_int_equal(rm_date_parse(l, &last), 0);
        assert_int_equal(rm_checkin_window("2027-06-01", w, l), RM_CHECKIN_OPEN);
        assert_int_equal(rm_checkin_window("2027-06-01", w, rm_date_format(pool, last + 1)),
                         RM_CHECKIN_CLOSED);
    }
    /* no window: a bad date, a bad today, no weeks */
    assert_int_equal(rm_checkin_window(NULL, 2, "2027-06-05"), RM_CHECKIN_UPCOMING);
    assert_int_equal(rm_checkin_window("", 2, "2027-06-05"), RM_CHECKIN_UPCOMING);
    assert_int_equal(rm_checkin_window("2027-06-31", 2, "2027-07-05"), RM_CHECKIN_UPCOMING);
    assert_int_equal(rm_checkin_window("2027-06-01", 2, NULL), RM_CHECKIN_UPCOMING);
    assert_int_equal(rm_checkin_window("2027-06-01", 2, "tomorrow"), RM_CHECKIN_UPCOMING);
    assert_int_equal(rm_checkin_window("2027-06-01", 0, "2027-06-01"), RM_CHECKIN_UPCOMING);
    assert_int_equal(rm_checkin_window("2027-06-01", -1, "2027-06-01"), RM_CHECKIN_UPCOMING);
    assert_null(rm_checkin_last_day(pool, NULL, 2));
    assert_null(rm_checkin_last_day(pool, "2027-02-30", 2));
    assert_null(rm_checkin_last_day(pool, "2027-06-01", 0));
}

static rm_risk_in well(void)
{
    rm_risk_in in;
    memset(&in, 0, sizeof(in));
    in.confirmed = 3;
    in.expected = 3;
    in.answered[0] = in.answered[1] = 1;
    in.rating[0] = 4;
    in.rating[1] = 5;
    in.window = RM_CHECKIN_OPEN;
    return in;
}

static void test_pair_risk(void **state)
{
    (void)state;
    rm_risk_in in = well();
    const char *why[4];
    assert_int_equal(rm_pair_risk(&in), 0);
    in.confirmed = 9;                       /* ahead of the pace is fine */
    assert_int_equal(rm_pair_risk(&in), 0);

    /* behind the pace alone */
    in = well();
    in.confirmed = 2;
    assert_int_equal(rm_pair_risk(&in), RM_RISK_BEHIND);
    in.confirmed = 0;
    in.expected = 0;                        /* before anything is expected */
    assert_int_equal(rm_pair_risk(&in), 0);

    /* a low rating alone, by either partner; 3 is not low; an unanswered
     * rating does not count */
    for (int side = 0; side < 2; side++) {
        in = well();
        in.rating[side] = 2;
        assert_int_equal(rm_pair_risk(&in), RM_RISK_RATING);
        in.rating[side] = 1;
        assert_int_equal(rm_pair_risk(&in), RM_RISK_RATING);
        in.rating[side] = 3;
        assert_int_equal(rm_pair_risk(&in), 0);
        in.rating[side] = 1;
        in.answered[side] = 0;
        assert_int_equal(rm_pair_risk(&in), 0);
    }

    /* a request for support alone, by either partner */
    for (int side = 0; side < 2; side++) {
        in = well();
        in.wants_support[side] = 1;
        assert_int_equal(rm_pair_risk(&in), RM_RISK_SUPPORT);
        in.answered[side] = 0;
        assert_int_equal(rm_pair_risk(&in), 0);
    }

    /* a missing answer only once the window has closed */
    for (int side = 0; side < 2; side++) {
        in = well();
        in.answered[side] = 0;
        in.window = RM_CHECKIN_UPCOMING;
        assert_int_equal(rm_pair_risk(&in), 0);
        in.window = RM_CHECKIN_OPEN;
        assert_int_equal(rm_pair_risk(&in), 0);
        in.window = RM_CHECKIN_CLOSED;
        assert_int_equal(rm_pair_risk(&in), RM_RISK_MISSING);
    }
    in = well();
    in.window = RM_CHECKIN_CLOSED;          /* both answered: nothing missing */
    assert_int_equal(rm_pair_risk(&in), 0);

    /* all together: behind, one partner rated 1 and asked for support, the
     * other never answered and the window has closed */
    in = well();
    in.confirmed = 1;
    in.expected = 3;
    in.rating[0] = 1;
    in.wants_support[0] = 1;
    in.answered[1] = 0;
    in.window = RM_CHECKIN_CLOSED;
    assert_int_equal(rm_pair_risk(&in),
                     RM_RISK_BEHIND | RM_RISK_RATING | RM_RISK_SUPPORT | RM_RISK_MISSING);

    /* the reasons, in a fixed order */
    assert_int_equal(rm_risk_reasons(0, why), 0);
    assert_int_equal(rm_risk_reasons(RM_RISK_BEHIND | RM_RISK_RATING | RM_RISK_SUPPORT
                                     | RM_RISK_MISSING, why), 4);
    assert_string_equal(why[0], "Behind the meeting pace");
    assert_string_equal(why[1], "Rated 2 or less");
    assert_string_equal(why[2], "Asked for support");
    assert_string_equal(why[3], "Check-in missing");
    assert_int_equal(rm_risk_reasons(RM_RISK_SUPPORT, why), 1);
    assert_string_equal(why[0], "Asked for support");
    assert_int_equal(rm_risk_reasons(RM_RISK_MISSING | RM_RISK_BEHIND, why), 2);
    assert_string_equal(why[0], "Behind the meeting pace");
    assert_string_equal(why[1], "Check-in missing");
}

static void test_minutes_human(void **state)
{
    (void)state;
    assert_string_equal(rm_minutes_human(pool, 0), "0 hours");
    assert_string_equal(rm_minutes_human(pool, -30), "0 hours");
    assert_string_equal(rm_minutes_human(pool, 1), "1 minute");
    assert_string_equal(rm_minutes_human(pool, 45), "45 minutes");
    assert_string_equal(rm_minutes_human(pool, 59), "59 minutes");
    assert_string_equal(rm_minutes_human(pool, 60), "1 hour");
    assert_string_equal(rm_minutes_human(pool, 61), "1 hour 1 minute");
    assert_string_equal(rm_minutes_human(pool, 90), "1 hour 30 minutes");
    assert_string_equal(rm_minutes_human(pool, 125), "2 hours 5 minutes");
    assert_string_equal(rm_minutes_human(pool, 300), "5 hours");
    assert_string_equal(rm_minutes_human(pool, 6001), "100 hours 1 minute");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pace_ordinary),
        cmocka_unit_test(test_pace_rounding),
        cmocka_unit_test(test_pace_month_ends),
        cmocka_unit_test(test_pace_leap_years),
        cmocka_unit_test(test_pace_bad_input),
        cmocka_unit_test(test_pace_every_day),
        cmocka_unit_test(test_meeting_date),
        cmocka_unit_test(test_checkin_window),
        cmocka_unit_test(test_pair_risk),
        cmocka_unit_test(test_minutes_human),
    };
    int rc;
    apr_initialize();
    apr_pool_create(&pool, NULL);
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    apr_pool_destroy(pool);
    apr_terminate();
    return rc;
}
