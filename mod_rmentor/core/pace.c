/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 * The calendar of a programme's year (pace.h). */
#include <string.h>
#include <apr_strings.h>
#include "rm_core.h"
#include "pace.h"

int rm_pace_at(const char *start, int length, int min_meetings, const char *on,
               rm_pace *out)
{
    long s, d;
    apr_pool_t *p;
    memset(out, 0, sizeof(*out));
    if (!start || !on || length < 1 || length > 600 || min_meetings < 0
        || min_meetings > 100000 || rm_date_parse(start, &s) != 0
        || rm_date_parse(on, &d) != 0)
        return -1;
    if (d < s) return 0;
    out->started = 1;
    /* whole months completed: the largest m <= length with start + m months
     * on or before the date (dates compare as ISO text) */
    if (apr_pool_create(&p, NULL) != APR_SUCCESS) return -1;
    for (int m = 1; m <= length; m++) {
        const char *mark = rm_date_add_months(p, start, m);
        if (!mark || strcmp(mark, on) > 0) break;
        out->months = m;
        if (m == length) out->ended = 1;
    }
    apr_pool_destroy(p);
    out->expected = (int)((long long)min_meetings * out->months / length);
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

const char *rm_minutes_human(apr_pool_t *p, long minutes)
{
    long h = minutes / 60, m = minutes % 60;
    if (minutes <= 0) return "0 hours";
    if (!h) return apr_psprintf(p, "%ld minute%s", m, m == 1 ? "" : "s");
    if (!m) return apr_psprintf(p, "%ld hour%s", h, h == 1 ? "" : "s");
    return apr_psprintf(p, "%ld hour%s %ld minute%s", h, h == 1 ? "" : "s", m, m == 1 ? "" : "s");
}
