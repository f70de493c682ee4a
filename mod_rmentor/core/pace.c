/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 * The calendar of a programme's year (pace.h). */
#include <string.h>
#include <apr_strings.h>
#include "rm_core.h"
#include "pace.h"

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

/* YYYY-MM-DD (already checked by rm_date_parse) into its numbers */
static void ymd(const char *s, int *y, int *m, int *d)
{
    *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    *m = (s[5] - '0') * 10 + (s[6] - '0');
    *d = (s[8] - '0') * 10 + (s[9] - '0');
}

int rm_pace_at(const char *start, int length, int min_meetings, const char *on,
               rm_pace *out)
{
    long s, t;
    int sy, sm, sd, y, m, d, months;
    memset(out, 0, sizeof(*out));
    if (!start || !on || length < 1 || length > 600 || min_meetings < 0
        || min_meetings > 100000 || rm_date_parse(start, &s) != 0
        || rm_date_parse(on, &t) != 0)
        return -1;
    if (t < s) return 0;
    out->started = 1;
    /* whole months completed: start + k months (the day clamped to the
     * month's end, as rm_date_add_months) on or before the date; for k the
     * difference in months that date falls in the date's own month */
    ymd(start, &sy, &sm, &sd);
    ymd(on, &y, &m, &d);
    months = (y - sy) * 12 + (m - sm);
    if ((sd < month_days(y, m) ? sd : month_days(y, m)) > d) months--;
    if (months < 0) months = 0;
    if (months >= length) {
        months = length;
        out->ended = 1;
    }
    out->months = months;
    out->expected = (int)((long long)min_meetings * months / length);
    return 0;
}

const char *rm_programme_last_day(apr_pool_t *p, const char *start, int length)
{
    const char *end = rm_date_add_months(p, start, length);
    long d;
    if (!end || rm_date_parse(end, &d) != 0) return NULL;
    return rm_date_format(p, d - 1);
}

const char *rm_check_meeting_date(apr_pool_t *p, const char *held_on, const char *start,
                                  int length, const char *today)
{
    const char *last;
    if (!held_on || !*held_on) return "Enter the date of the meeting.";
    if (rm_date_parse(held_on, NULL) != 0)
        return "The date of the meeting must be a real date, for example 29 January 2027.";
    if (strcmp(held_on, today) > 0)
        return "The date of the meeting is in the future. Log a meeting once it has taken place.";
    if (strcmp(held_on, start) < 0)
        return apr_pstrcat(p, "The date of the meeting is before the programme started (",
                           rm_date_human(p, start), "). Only meetings of the programme count.",
                           NULL);
    last = rm_programme_last_day(p, start, length);
    if (last && strcmp(held_on, last) > 0)
        return apr_pstrcat(p, "The date of the meeting is after the programme ended (its last "
                           "day was ", rm_date_human(p, last), ").", NULL);
    return NULL;
}

const char *rm_checkin_last_day(apr_pool_t *p, const char *checkin_date, int weeks)
{
    long d;
    if (!checkin_date || rm_date_parse(checkin_date, &d) != 0 || weeks < 1) return NULL;
    return rm_date_format(p, d + 7L * weeks - 1);
}

rm_checkin_state rm_checkin_window(const char *checkin_date, int weeks, const char *today)
{
    long c, t;
    if (!checkin_date || !today || rm_date_parse(checkin_date, &c) != 0
        || rm_date_parse(today, &t) != 0 || weeks < 1)
        return RM_CHECKIN_UPCOMING;
    if (t < c) return RM_CHECKIN_UPCOMING;
    if (t < c + 7L * weeks) return RM_CHECKIN_OPEN;
    return RM_CHECKIN_CLOSED;
}

unsigned rm_pair_risk(const rm_risk_in *in)
{
    unsigned r = 0;
    if (in->confirmed < in->expected) r |= RM_RISK_BEHIND;
    for (int i = 0; i < 2; i++) {
        if (in->answered[i] && in->rating[i] >= 1 && in->rating[i] <= 2) r |= RM_RISK_RATING;
        if (in->answered[i] && in->wants_support[i]) r |= RM_RISK_SUPPORT;
        if (!in->answered[i] && in->window == RM_CHECKIN_CLOSED) r |= RM_RISK_MISSING;
    }
    return r;
}

int rm_risk_reasons(unsigned risk, const char **out)
{
    int n = 0;
    if (risk & RM_RISK_BEHIND) out[n++] = "Behind the meeting pace";
    if (risk & RM_RISK_RATING) out[n++] = "Rated 2 or less";
    if (risk & RM_RISK_SUPPORT) out[n++] = "Asked for support";
    if (risk & RM_RISK_MISSING) out[n++] = "Check-in missing";
    return n;
}

/* n as decimal at o; returns the end */
static char *put_num(char *o, long n)
{
    char tmp[24];
    int k = 0;
    do tmp[k++] = (char)('0' + n % 10); while ((n /= 10) > 0);
    while (k) *o++ = tmp[--k];
    return o;
}

static char *put_str(char *o, const char *s)
{
    while (*s) *o++ = *s++;
    return o;
}

const char *rm_minutes_human(apr_pool_t *p, long minutes)
{
    /* by hand: list pages show dozens (apr_psprintf was most of the cost) */
    long h, m;
    char *buf, *o;
    if (minutes <= 0) return "0 hours";
    h = minutes / 60;
    m = minutes % 60;
    buf = o = apr_palloc(p, 64);
    if (h) {
        o = put_num(o, h);
        o = put_str(o, h == 1 ? " hour" : " hours");
        if (m) *o++ = ' ';
    }
    if (m) {
        o = put_num(o, m);
        o = put_str(o, m == 1 ? " minute" : " minutes");
    }
    *o = '\0';
    return buf;
}
