/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Times of day and links of scheduled sessions (training now; the end
 * event and meetings later).  Pure C, shared with the unit tests.
 */
#ifndef RM_SCHEDULE_H
#define RM_SCHEDULE_H

#include <apr_pools.h>

/* HH:MM on a 24-hour clock (what <input type=time> sends); NULL when
 * acceptable, else a sentence naming the problem with label. */
const char *rm_check_time(apr_pool_t *p, const char *label, const char *value,
                          int required);
/* An online meeting link: https:// (or http://) with a host, no spaces or
 * controls, at most max characters; NULL when acceptable or empty and not
 * required. */
const char *rm_check_link(apr_pool_t *p, const char *label, const char *value,
                          int required, size_t max);
/* 1 when a session on day (YYYY-MM-DD) at starts (HH:MM) has begun by
 * today / now_hhmm (the server's local date and time). */
int rm_session_started(const char *day, const char *starts, const char *today,
                       const char *now_hhmm);
/* "15:00" -> "3pm", "09:30" -> "9:30am"; the input when not a time. */
const char *rm_time_of_day_human(apr_pool_t *p, const char *hhmm);

#endif
