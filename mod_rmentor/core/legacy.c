/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 * The programme's legacy: dates and statuses (legacy.h). */
#include <string.h>
#include <apr_strings.h>
#include "rm_core.h"
#include "pace.h"
#include "legacy.h"

const char *rm_career_last_day(apr_pool_t *p, const char *start, int length)
{
    if (!start || length < 1 || length > 600) return NULL;
    return rm_programme_last_day(p, start, length + RM_CAREER_MONTHS_AFTER);
}

rm_legacy_state rm_career_window(apr_pool_t *p, const char *start, int length,
                                 const char *today)
{
    const char *last = rm_career_last_day(p, start, length);
    if (!last || !today || rm_date_parse(today, NULL) != 0) return RM_LEGACY_CLOSED;
    if (strcmp(today, start) < 0) return RM_LEGACY_UPCOMING;
    if (strcmp(today, last) > 0) return RM_LEGACY_CLOSED;
    return RM_LEGACY_OPEN;
}

const char *rm_check_career_date(apr_pool_t *p, const char *taken_on, const char *start,
                                 int length, const char *today)
{
    const char *last = rm_career_last_day(p, start, length);
    if (!taken_on || !*taken_on) return "Enter the date of the career step.";
    if (rm_date_parse(taken_on, NULL) != 0)
        return "The date of the career step must be a real date, for example 29 January 2027.";
    if (today && strcmp(taken_on, today) > 0)
        return "The date of the career step is in the future. Record a step once it has "
               "been taken.";
    if (!last) return "The programme's dates are not set, so no career step can be recorded.";
    if (strcmp(taken_on, start) < 0)
        return apr_pstrcat(p, "The date of the career step is before the programme started (",
                           rm_date_human(p, start), "). Only steps from the programme's start "
                           "are recorded.", NULL);
    if (strcmp(taken_on, last) > 0)
        return apr_pstrcat(p, "The date of the career step is more than two years after the "
                           "programme ended: steps are recorded until ",
                           rm_date_human(p, last), ".", NULL);
    return NULL;
}

rm_legacy_state rm_action_window(const char *start, const char *today)
{
    if (!start || !today || rm_date_parse(start, NULL) != 0 || rm_date_parse(today, NULL) != 0)
        return RM_LEGACY_UPCOMING;
    return strcmp(today, start) < 0 ? RM_LEGACY_UPCOMING : RM_LEGACY_OPEN;
}

int rm_action_status_rank(const char *status)
{
    if (!status) return -1;
    if (!strcmp(status, "planned")) return 0;
    if (!strcmp(status, "in_progress")) return 1;
    if (!strcmp(status, "done")) return 2;
    return -1;
}

const char *rm_check_action_move(apr_pool_t *p, const char *from, const char *to)
{
    static const char *const words[] = { "planned", "in progress", "done" };
    int f = rm_action_status_rank(from), t = rm_action_status_rank(to);
    if (t < 0) return "Select the status: planned, in progress or done.";
    if (f < 0 || t >= f) return NULL;
    return apr_pstrcat(p, "The action is ", words[f], ", so it cannot go back to ", words[t],
                       ". An action moves from planned to in progress to done.", NULL);
}

/* a real date from the programme's start to today, or the sentence */
static const char *check_day(apr_pool_t *p, const char *what, const char *v,
                             const char *start, const char *today)
{
    if (rm_date_parse(v, NULL) != 0)
        return apr_pstrcat(p, what, " must be a real date, for example 29 January 2027.", NULL);
    if (today && strcmp(v, today) > 0)
        return apr_pstrcat(p, what, " is in the future. Enter it once it has happened.", NULL);
    if (start && rm_date_parse(start, NULL) == 0 && strcmp(v, start) < 0)
        return apr_pstrcat(p, what, " is before the programme started (",
                           rm_date_human(p, start), "). Only actions from the programme's "
                           "start are recorded.", NULL);
    return NULL;
}

void rm_check_action_dates(apr_pool_t *p, const char *status, const char *started_on,
                           const char *done_on, const char *start, const char *today,
                           const char **e_started, const char **e_done)
{
    int done = rm_action_status_rank(status) == 2;
    *e_started = *e_done = NULL;
    if (started_on && *started_on)
        *e_started = check_day(p, "The date the action started", started_on, start, today);
    if (!done) {
        if (done_on && *done_on)
            *e_done = "Leave the date it was done empty until the action is done.";
        return;
    }
    if (!done_on || !*done_on) {
        *e_done = "Enter the date the action was done: an action that is done needs one.";
        return;
    }
    *e_done = check_day(p, "The date the action was done", done_on, start, today);
    if (!*e_done && !*e_started && started_on && *started_on && strcmp(done_on, started_on) < 0)
        *e_done = "The date the action was done is before the date it started.";
}
