/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The programme's legacy, with no httpd: which dates a Senior Mentor's
 * action in their institution and a Mentor's career step may have, the
 * window in which career steps are recorded, and the way an action's
 * status moves (planned, then in progress, then done; never back).
 * Shared by features/legacy and the unit tests (tests/unit/test_legacy.c).
 *
 * Career steps are recorded from the programme's start until two years
 * after its end: from S to the day before S + L + 24 months for a programme
 * of L months starting on S (months counted as rm_date_add_months does).
 */
#ifndef RM_LEGACY_H
#define RM_LEGACY_H

#include <apr_pools.h>

/* Career steps after the programme's end, in months. */
#define RM_CAREER_MONTHS_AFTER 24

typedef enum { RM_LEGACY_UPCOMING, RM_LEGACY_OPEN, RM_LEGACY_CLOSED } rm_legacy_state;

/* The last day career steps may be dated and recorded (YYYY-MM-DD), or
 * NULL for a bad start date or length. */
const char *rm_career_last_day(apr_pool_t *p, const char *start, int length);
/* Whether career steps may be recorded today: upcoming before the start,
 * closed after rm_career_last_day (also for a bad date), else open. */
rm_legacy_state rm_career_window(apr_pool_t *p, const char *start, int length,
                                 const char *today);
/* A career step taken on `taken_on`: NULL when it may be recorded (a real
 * date, not after today, from the start to rm_career_last_day), else the
 * sentence that says what is wrong. */
const char *rm_check_career_date(apr_pool_t *p, const char *taken_on, const char *start,
                                 int length, const char *today);

/* Whether actions may be recorded today: upcoming before the programme's
 * start, open from then on (an action's effects outlast the year). */
rm_legacy_state rm_action_window(const char *start, const char *today);
/* 0 planned, 1 in progress, 2 done, -1 anything else. */
int rm_action_status_rank(const char *status);
/* NULL when an action may move from status `from` to `to` (the same or a
 * later one), else the sentence that says why not. */
const char *rm_check_action_move(apr_pool_t *p, const char *from, const char *to);
/* An action's dates for its status `status` (already checked): started_on
 * optional, done_on needed when done and empty otherwise; each a real date
 * from the programme's start to today, done_on not before started_on.
 * *e_started and *e_done receive NULL or the sentence for that field. */
void rm_check_action_dates(apr_pool_t *p, const char *status, const char *started_on,
                           const char *done_on, const char *start, const char *today,
                           const char **e_started, const char **e_done);

#endif
