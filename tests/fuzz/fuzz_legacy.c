/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The legacy's forms (core/legacy.c), read as features/legacy reads them:
 * an action's status move and dates (rm_check_action_move,
 * rm_check_action_dates, after rm_trim and rm_date_from_human as
 * rm_field_read does), a career step's date (rm_check_career_date), the
 * career steps' window (rm_career_window, rm_career_last_day) and the
 * actions' (rm_action_window).
 *
 * Input: up to eight fields separated by '\n', each any bytes:
 *   FROM \n TO \n STARTED_ON \n DONE_ON \n TAKEN_ON \n START \n LENGTH \n TODAY
 * A field that is absent takes a default (in progress to done, started 1
 * February 2027, done 1 March, a step on 10 March, a programme of 12 months
 * from 31 January 2027, today 15 June 2027); one that is present but empty
 * stays empty.  LENGTH is read as atoi would, clamped to int.
 *
 * Invariants:
 *  - rm_action_status_rank knows exactly planned, in_progress and done;
 *    rm_check_action_move accepts exactly a known status not before the
 *    current one (any known status when the current one is unknown), else
 *    says why in a non-empty sentence;
 *  - rm_check_action_dates, for a known status: a start date it accepts is
 *    empty or a real date, not after today, not before the programme's
 *    start (when that is a date); a done date it accepts is empty exactly
 *    when the status is not done, and otherwise a real date within the same
 *    bounds and not before an accepted start date; every refusal is a
 *    non-empty sentence;
 *  - rm_career_last_day is NULL or a real date not before the start, the
 *    day before start + length + 24 months; rm_career_window agrees with
 *    it and today; rm_check_career_date accepts exactly a real date from
 *    the start to today and that last day;
 *  - rm_action_window is open exactly when today and the start are dates
 *    and today is not before the start.
 */
#include <string.h>
#include <stdlib.h>
#include <limits.h>
#include <apr_strings.h>
#include "fuzz_common.h"
#include "legacy.h"

#define NFIELDS 8

static const char *const defaults[NFIELDS] = {
    "in_progress", "done", "2027-02-01", "2027-03-01", "2027-03-10", "2027-01-31", "12",
    "2027-06-15"
};

static int num(const char *s)
{
    long long v = strtoll(s, NULL, 10);
    if (v > INT_MAX) return INT_MAX;
    if (v < INT_MIN) return INT_MIN;
    return (int)v;
}

/* a date field as rm_field_read reads it */
static const char *date_field(apr_pool_t *p, const char *raw)
{
    const char *v = rm_trim(p, raw), *human;
    if (*v && (human = rm_date_from_human(p, v))) {
        FZ_ASSERT(rm_date_parse(human, NULL) == 0, "\"%s\" read as %s", v, human);
        v = human;
    }
    return v;
}

static int known(const char *s)
{
    return !strcmp(s, "planned") || !strcmp(s, "in_progress") || !strcmp(s, "done");
}

static void check_move(apr_pool_t *p, const char *from, const char *to)
{
    int f = rm_action_status_rank(from), t = rm_action_status_rank(to);
    const char *e = rm_check_action_move(p, from, to);
    FZ_ASSERT((f >= 0) == known(from) && (t >= 0) == known(to), "ranks %d %d", f, t);
    FZ_ASSERT(f <= 2 && t <= 2, "ranks %d %d", f, t);
    FZ_ASSERT((e == NULL) == (t >= 0 && (f < 0 || t >= f)), "move %s to %s: %s", from, to,
              e ? e : "accepted");
    if (e) FZ_ASSERT(*e && rm_utf8_valid(e, strlen(e)), "empty or broken sentence");
}

/* a real date not after today and not before the start (when it is one) */
static int in_bounds(const char *v, const char *start, const char *today)
{
    if (rm_date_parse(v, NULL) != 0) return 0;
    if (strcmp(v, today) > 0) return 0;
    if (rm_date_parse(start, NULL) == 0 && strcmp(v, start) < 0) return 0;
    return 1;
}

static void check_dates(apr_pool_t *p, const char *status, const char *started,
                        const char *done, const char *start, const char *today)
{
    const char *es, *ed;
    if (!known(status)) return;         /* the pages check the status first */
    rm_check_action_dates(p, status, started, done, start, today, &es, &ed);
    if (es) FZ_ASSERT(*es, "empty sentence for the start date");
    if (ed) FZ_ASSERT(*ed, "empty sentence for the done date");
    if (rm_date_parse(today, NULL) != 0) return;
    FZ_ASSERT((es == NULL) == (!*started || in_bounds(started, start, today)),
              "started \"%s\" (start %s, today %s): %s", started, start, today,
              es ? es : "accepted");
    if (strcmp(status, "done")) {
        FZ_ASSERT((ed == NULL) == (*done == 0), "done \"%s\" while %s", done, status);
        return;
    }
    if (!ed) {
        FZ_ASSERT(*done && in_bounds(done, start, today), "done \"%s\" accepted", done);
        if (!es && *started) FZ_ASSERT(strcmp(done, started) >= 0, "done before started");
    }
    else if (*done && in_bounds(done, start, today) && !es
             && (!*started || strcmp(done, started) >= 0))
        FZ_ASSERT(0, "done \"%s\" refused: %s", done, ed);
}

static void check_career(apr_pool_t *p, const char *taken, const char *start, int length,
                         const char *today)
{
    const char *last = rm_career_last_day(p, start, length);
    const char *e = rm_check_career_date(p, taken, start, length, today);
    rm_legacy_state w = rm_career_window(p, start, length, today);
    long s, l;
    int want;

    FZ_ASSERT(w == RM_LEGACY_UPCOMING || w == RM_LEGACY_OPEN || w == RM_LEGACY_CLOSED,
              "window %d", (int)w);
    if (e) FZ_ASSERT(*e, "empty sentence for \"%s\"", taken);
    if (last) {
        const char *end;
        FZ_ASSERT(rm_date_parse(start, &s) == 0 && length >= 1 && length <= 600,
                  "a last day for \"%s\", %d", start, length);
        FZ_ASSERT(rm_date_parse(last, &l) == 0 && l >= s, "last day %s", last);
        end = rm_date_add_months(p, start, length + 24);
        FZ_ASSERT(end && rm_date_parse(end, &s) == 0 && s == l + 1, "last day %s, end %s",
                  last, end ? end : "none");
        if (rm_date_parse(today, NULL) == 0)
            FZ_ASSERT(w == (strcmp(today, start) < 0 ? RM_LEGACY_UPCOMING
                            : strcmp(today, last) > 0 ? RM_LEGACY_CLOSED : RM_LEGACY_OPEN),
                      "window %d on %s (%s to %s)", (int)w, today, start, last);
        else
            FZ_ASSERT(w == RM_LEGACY_CLOSED, "a window on no date");
    }
    else
        FZ_ASSERT(w == RM_LEGACY_CLOSED, "a window with no last day");
    if (!last || rm_date_parse(today, NULL) != 0) {
        if (rm_date_parse(taken, NULL) != 0 || !last) FZ_ASSERT(e != NULL, "\"%s\" accepted",
                                                                taken);
        return;
    }
    want = rm_date_parse(taken, NULL) == 0 && strcmp(taken, today) <= 0
        && strcmp(taken, start) >= 0 && strcmp(taken, last) <= 0;
    FZ_ASSERT((e == NULL) == want, "step on \"%s\" (%s to %s, today %s): %s", taken, start,
              last, today, e ? e : "accepted");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p = fz_begin();
    const char *f[NFIELDS], *from, *to, *started, *done, *taken;
    size_t at = 0;
    int nf = 0, length;

    while (nf < NFIELDS && at <= size) {
        const uint8_t *nl = at < size ? memchr(data + at, '\n', size - at) : NULL;
        size_t len = nl ? (size_t)(nl - (data + at)) : size - at;
        f[nf++] = fz_cstr(data + at, len);
        at += len + 1;
        if (!nl) break;
    }
    for (int i = nf; i < NFIELDS; i++) f[i] = defaults[i];
    length = num(f[6]);
    from = rm_trim(p, f[0]);
    to = rm_trim(p, f[1]);
    started = date_field(p, f[2]);
    done = date_field(p, f[3]);
    taken = date_field(p, f[4]);

    check_move(p, from, to);
    check_dates(p, to, started, done, f[5], f[7]);
    check_dates(p, "done", started, done, f[5], f[7]);
    check_dates(p, "planned", started, done, f[5], f[7]);
    check_career(p, taken, f[5], length, f[7]);
    check_career(p, done, f[5], length, f[7]);
    FZ_ASSERT((rm_action_window(f[5], f[7]) == RM_LEGACY_OPEN)
              == (rm_date_parse(f[5], NULL) == 0 && rm_date_parse(f[7], NULL) == 0
                  && strcmp(f[7], f[5]) >= 0), "action window %s %s", f[5], f[7]);
    fz_end();
    return 0;
}
