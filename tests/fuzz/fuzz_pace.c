/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The meeting form and the calendar of a programme's year (core/pace.c):
 * the date and length a partner types, read as the pairs area reads them
 * (rm_trim, rm_date_from_human, rm_check_meeting_date, rm_check_int 5..480,
 * rm_minutes_human), and the pace, the programme's last day and the check-in
 * window for any dates and numbers (rm_pace_at, rm_programme_last_day,
 * rm_checkin_window, rm_checkin_last_day, rm_pair_risk, rm_risk_reasons).
 *
 * Input: up to eight fields separated by '\n', each any bytes:
 *   HELD_ON \n MINUTES \n START \n LENGTH \n MIN_MEETINGS \n TODAY \n
 *   CHECKIN_DATE \n WEEKS
 * A field that is absent takes a default (31 January 2027, 12 months, 6
 * meetings, today 15 June 2027, check-in from 1 June for 4 weeks); one that
 * is present but empty stays empty.  Numbers are read as atoi would, clamped
 * to int.
 *
 * Invariants (rm_date_parse and rm_date_add_months are checked against
 * references by fuzz_date):
 *  - rm_pace_at succeeds exactly when both dates parse, 1 <= length <= 600
 *    and 0 <= min <= 100000, and then: 0 <= months <= length, expected ==
 *    min x months / length (so 0 <= expected <= min), started == (on >=
 *    start), months == 0 before the start, ended == (months == length) ==
 *    (on after the last day), and months is the largest m with start + m
 *    months on or before the date; on failure everything is zero;
 *  - rm_check_meeting_date, with a real start and today and 1 <= length <=
 *    600, accepts exactly a real date from the start to today and the last
 *    day, and the pace on an accepted date has started and not ended; it
 *    answers every other input with a non-empty sentence (UTF-8 when the
 *    start is a date);
 *  - rm_check_int(5..480) accepts only whole numbers in range, and
 *    rm_minutes_human writes any number as a reference writes it;
 *  - rm_checkin_window agrees with day arithmetic, and the window is open
 *    on its last open day and closed the day after;
 *  - rm_pair_risk's BEHIND bit is confirmed < expected, and rm_risk_reasons
 *    gives one sentence per bit.
 */
#include <string.h>
#include <stdlib.h>
#include <limits.h>
#include <apr_strings.h>
#include "fuzz_common.h"
#include "pace.h"

#define NFIELDS 8

static const char *const defaults[NFIELDS] = {
    "2027-03-10", "60", "2027-01-31", "12", "6", "2027-06-15", "2027-06-01", "4"
};

/* atoi as the pages use it on the programme's columns, without its
 * undefined behaviour: clamped to int */
static int num(const char *s)
{
    long long v = strtoll(s, NULL, 10);
    if (v > INT_MAX) return INT_MAX;
    if (v < INT_MIN) return INT_MIN;
    return (int)v;
}

static long lnum(const char *s)
{
    return strtol(s, NULL, 10);
}

static const char *ref_minutes(apr_pool_t *p, long minutes)
{
    long h, m;
    if (minutes <= 0) return "0 hours";
    h = minutes / 60;
    m = minutes % 60;
    if (h == 0) return apr_psprintf(p, "%ld minute%s", m, m == 1 ? "" : "s");
    if (m == 0) return apr_psprintf(p, "%ld hour%s", h, h == 1 ? "" : "s");
    return apr_psprintf(p, "%ld hour%s %ld minute%s", h, h == 1 ? "" : "s",
                        m, m == 1 ? "" : "s");
}

/* the pace of a date, checked against the definition */
static void check_pace(apr_pool_t *p, const char *start, int length, int min, const char *on)
{
    rm_pace x;
    long s, d;
    int dates_ok = rm_date_parse(start, &s) == 0 && rm_date_parse(on, &d) == 0;
    int nums_ok = length >= 1 && length <= 600 && min >= 0 && min <= 100000;
    int rc = rm_pace_at(start, length, min, on, &x);
    const char *last, *mark;

    FZ_ASSERT(rc == 0 || rc == -1, "rm_pace_at returned %d", rc);
    FZ_ASSERT((rc == 0) == (dates_ok && nums_ok), "rm_pace_at(\"%s\", %d, %d, \"%s\") = %d",
              start, length, min, on, rc);
    if (rc != 0) {
        FZ_ASSERT(!x.months && !x.expected && !x.started && !x.ended, "failed, not zeroed");
        return;
    }
    FZ_ASSERT(x.months >= 0 && x.months <= length, "months %d of %d", x.months, length);
    FZ_ASSERT(x.expected >= 0 && x.expected <= min, "expected %d of %d", x.expected, min);
    FZ_ASSERT(x.expected == (int)((long long)min * x.months / length),
              "expected %d for %d of %d months, min %d", x.expected, x.months, length, min);
    FZ_ASSERT(x.started == (d >= s), "started %d: %s from %s", x.started, on, start);
    if (!x.started) FZ_ASSERT(x.months == 0 && !x.ended, "months before the start");
    FZ_ASSERT(x.ended == (x.months == length), "ended %d, months %d of %d",
              x.ended, x.months, length);
    /* the largest m: month `months` has begun, month `months + 1` has not */
    if (x.months > 0) {
        mark = rm_date_add_months(p, start, x.months);
        FZ_ASSERT(mark && strcmp(mark, on) <= 0, "month %d not complete on %s", x.months, on);
    }
    if (x.months < length) {
        mark = rm_date_add_months(p, start, x.months + 1);
        FZ_ASSERT(!mark || strcmp(mark, on) > 0, "month %d already complete on %s",
                  x.months + 1, on);
    }
    last = rm_programme_last_day(p, start, length);
    if (last) {
        long l;
        FZ_ASSERT(rm_date_parse(last, &l) == 0, "last day %s", last);
        FZ_ASSERT(l >= s, "last day %s before the start %s", last, start);
        FZ_ASSERT(x.ended == (d > l), "ended %d on %s, last day %s", x.ended, on, last);
    }
    else {
        /* only when the end falls after 2999, past every date that parses */
        FZ_ASSERT(!x.ended, "ended, with no last day (start %s, %d months)", start, length);
    }
}

static void check_meeting_date(apr_pool_t *p, const char *held, const char *start, int length,
                               int min, const char *today)
{
    const char *e = rm_check_meeting_date(p, held, start, length, today);
    long h, s, t, l;
    const char *last;
    int want;

    /* the sentence names the start: UTF-8 when the start is a date (it is
     * the programme's column, never a form value) */
    if (e)
        FZ_ASSERT(*e && (rm_date_parse(start, NULL) != 0 || rm_utf8_valid(e, strlen(e))),
                  "empty or broken error for \"%s\"", held);
    if (!*held) FZ_ASSERT(e && !strcmp(e, "Enter the date of the meeting."), "empty accepted");
    if (rm_date_parse(held, &h) != 0) {
        FZ_ASSERT(e != NULL, "not a date, but accepted: \"%s\"", held);
        return;
    }
    if (rm_date_parse(start, &s) != 0 || rm_date_parse(today, &t) != 0
        || length < 1 || length > 600)
        return;
    last = rm_programme_last_day(p, start, length);
    want = h >= s && h <= t;
    if (last) {
        FZ_ASSERT(rm_date_parse(last, &l) == 0, "last day %s", last);
        want = want && h <= l;
    }
    FZ_ASSERT((e == NULL) == want, "rm_check_meeting_date(\"%s\", \"%s\", %d, \"%s\"): %s",
              held, start, length, today, e ? e : "accepted");
    if (!e && min >= 0 && min <= 100000) {
        rm_pace x;
        FZ_ASSERT(rm_pace_at(start, length, min, held, &x) == 0, "pace of an accepted date");
        FZ_ASSERT(x.started && !x.ended, "accepted %s outside the programme", held);
    }
}

static void check_window(apr_pool_t *p, const char *checkin, int weeks, const char *today)
{
    rm_checkin_state w = rm_checkin_window(checkin, weeks, today);
    const char *last = rm_checkin_last_day(p, checkin, weeks);
    long c, t;
    int ok = rm_date_parse(checkin, &c) == 0 && weeks >= 1;

    FZ_ASSERT(w == RM_CHECKIN_UPCOMING || w == RM_CHECKIN_OPEN || w == RM_CHECKIN_CLOSED,
              "window %d", (int)w);
    FZ_ASSERT((last != NULL) == ok, "last day of \"%s\", %d weeks", checkin, weeks);
    if (!ok || rm_date_parse(today, &t) != 0) {
        FZ_ASSERT(w == RM_CHECKIN_UPCOMING, "a window from bad input");
        return;
    }
    FZ_ASSERT(w == (t < c ? RM_CHECKIN_UPCOMING
                    : t < c + 7L * weeks ? RM_CHECKIN_OPEN : RM_CHECKIN_CLOSED),
              "window %d for %s from %s, %d weeks", (int)w, today, checkin, weeks);
    /* a last day that is still a date the core reads: open then, closed after */
    {
        long l;
        if (rm_date_parse(last, &l) == 0) {
            FZ_ASSERT(l == c + 7L * weeks - 1, "last day %s", last);
            FZ_ASSERT(rm_checkin_window(checkin, weeks, last) == RM_CHECKIN_OPEN,
                      "closed on its last day %s", last);
            const char *after = rm_date_format(p, l + 1);
            /* (the day after 2999-12-31 is no date the core reads) */
            if (rm_date_parse(after, NULL) == 0)
                FZ_ASSERT(rm_checkin_window(checkin, weeks, after) == RM_CHECKIN_CLOSED,
                          "open the day after %s", last);
        }
    }
}

static void check_risk(int confirmed, int expected, const uint8_t *data, size_t size)
{
    rm_risk_in in;
    const char *why[4];
    unsigned bits = size ? data[size - 1] : 0, r;
    int n, want;
    memset(&in, 0, sizeof(in));
    in.confirmed = confirmed;
    in.expected = expected;
    in.answered[0] = bits & 1;
    in.answered[1] = (bits >> 1) & 1;
    in.rating[0] = 1 + (int)((bits >> 2) & 3);
    in.rating[1] = 1 + (int)((bits >> 4) & 3);
    in.wants_support[0] = (bits >> 6) & 1;
    in.wants_support[1] = (bits >> 7) & 1;
    in.window = (rm_checkin_state)(size % 3);
    r = rm_pair_risk(&in);
    FZ_ASSERT(r <= 15, "risk bits %u", r);
    FZ_ASSERT(!!(r & RM_RISK_BEHIND) == (confirmed < expected), "behind %d < %d",
              confirmed, expected);
    want = 0;
    for (int i = 0; i < 2; i++)
        want |= !in.answered[i] && in.window == RM_CHECKIN_CLOSED;
    FZ_ASSERT(!!(r & RM_RISK_MISSING) == want, "missing");
    n = rm_risk_reasons(r, why);
    FZ_ASSERT(n == __builtin_popcount(r), "%d reasons for %u", n, r);
    for (int i = 0; i < n; i++) FZ_ASSERT(why[i] && *why[i], "reason %d", i);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p = fz_begin();
    const char *f[NFIELDS];
    const char *held, *human, *minutes, *e;
    size_t at = 0;
    int nf = 0, length, min, weeks;
    long n = 0;
    rm_pace today_pace;

    /* the fields: each an exact-size copy, so a read past one is caught */
    while (nf < NFIELDS && at <= size) {
        const uint8_t *nl = at < size ? memchr(data + at, '\n', size - at) : NULL;
        size_t len = nl ? (size_t)(nl - (data + at)) : size - at;
        f[nf++] = fz_cstr(data + at, len);
        at += len + 1;
        if (!nl) break;
    }
    for (int i = nf; i < NFIELDS; i++) f[i] = defaults[i];
    length = num(f[3]);
    min = num(f[4]);
    weeks = num(f[7]);

    /* the meeting form, as the pairs area reads it */
    held = rm_trim(p, f[0]);
    if (*held && (human = rm_date_from_human(p, held))) {
        FZ_ASSERT(rm_date_parse(human, NULL) == 0, "\"%s\" read as %s", held, human);
        held = human;
    }
    check_meeting_date(p, held, f[2], length, min, f[5]);
    minutes = rm_trim(p, f[1]);
    if (!(e = rm_check_int(p, "how long the meeting lasted", minutes, 5, 480, &n))) {
        FZ_ASSERT(n >= 5 && n <= 480, "minutes %ld accepted", n);
        FZ_ASSERT(!strcmp(rm_minutes_human(p, n), ref_minutes(p, n)), "minutes %ld", n);
    }
    else
        FZ_ASSERT(*e, "empty error for minutes \"%s\"", minutes);
    FZ_ASSERT(!strcmp(rm_minutes_human(p, lnum(f[1])), ref_minutes(p, lnum(f[1]))),
              "rm_minutes_human(%ld)", lnum(f[1]));

    /* the pace on every date the input names */
    check_pace(p, f[2], length, min, held);
    check_pace(p, f[2], length, min, f[5]);
    check_pace(p, f[2], length, min, f[6]);
    check_pace(p, f[2], length, min, f[2]);

    /* the check-in window, and the risk of a pair on today's pace */
    check_window(p, f[6], weeks, f[5]);
    check_window(p, f[6], weeks, held);
    rm_pace_at(f[2], length, min, f[5], &today_pace);
    check_risk((int)(n >= 0 && n <= 480 ? n / 60 : 0), today_pace.expected, data, size);

    fz_end();
    return 0;
}
