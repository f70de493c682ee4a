/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The calendar of a programme's year, with no httpd: how far through it a
 * date is, how many meetings the pace expects by then, whether a meeting's
 * date may be recorded, the check-in window, and the rules that find a pair
 * at risk.  Shared by the pages, rmentorctl and the unit tests.
 *
 * Months are calendar months counted as rm_date_add_months does: from a
 * start on 31 January, month 1 is complete on 28 February (29 in a leap
 * year), month 2 on 31 March.  A programme of L months starting on S runs
 * from S to the day before S + L months.
 */
#ifndef RM_PACE_H
#define RM_PACE_H

#include <apr_pools.h>

typedef struct {
    int months;        /* whole months completed by the date, 0..length   */
    int expected;      /* meetings expected by then: min x months / length */
    int started;       /* the date is on or after the start                */
    int ended;         /* the date is after the programme's last day       */
} rm_pace;

/* The pace on date `on` (YYYY-MM-DD) of a programme starting on `start`,
 * `length` months long, with a minimum of `min_meetings`; 0, or -1 when a
 * date does not parse or a number is out of range (then *out is zeros). */
int rm_pace_at(const char *start, int length, int min_meetings, const char *on,
               rm_pace *out);

/* The programme's last day (YYYY-MM-DD), or NULL for a bad start date. */
const char *rm_programme_last_day(apr_pool_t *p, const char *start, int length);

/* A meeting held on `held_on`: NULL when it may be recorded (a real date,
 * not after today, not before the start, not after the last day), else a
 * sentence that says what is wrong, in the people's date style. */
const char *rm_check_meeting_date(apr_pool_t *p, const char *held_on, const char *start,
                                  int length, const char *today);

/* The check-in window: open from checkin_date for `weeks` weeks (7 x weeks
 * days, the last open day the day before checkin_date + 7 x weeks). */
typedef enum { RM_CHECKIN_UPCOMING, RM_CHECKIN_OPEN, RM_CHECKIN_CLOSED } rm_checkin_state;
rm_checkin_state rm_checkin_window(const char *checkin_date, int weeks, const char *today);
/* The window's last open day (YYYY-MM-DD), or NULL for a bad date. */
const char *rm_checkin_last_day(apr_pool_t *p, const char *checkin_date, int weeks);

/* Why a pair is at risk, as bits. */
enum {
    RM_RISK_BEHIND   = 1,  /* fewer confirmed meetings than the pace expects */
    RM_RISK_RATING   = 2,  /* a partner rated how it is going 2 or less      */
    RM_RISK_SUPPORT  = 4,  /* a partner asked for extra support              */
    RM_RISK_MISSING  = 8   /* the window has closed without a partner's answer */
};
typedef struct {
    int confirmed;            /* confirmed meetings                        */
    int expected;             /* what the pace expects by today            */
    int answered[2];          /* each partner has answered the check-in    */
    int rating[2];            /* their rating 1-5 (when answered)          */
    int wants_support[2];     /* they asked for extra support              */
    rm_checkin_state window;  /* the check-in window today                 */
} rm_risk_in;
unsigned rm_pair_risk(const rm_risk_in *in);
/* The reasons of a risk mask, one sentence each, into out (at most 4);
 * returns how many.  Partner names are not included: the caller adds them. */
int rm_risk_reasons(unsigned risk, const char **out);

/* "5 hours", "1 hour 30 minutes", "45 minutes" */
const char *rm_minutes_human(apr_pool_t *p, long minutes);

#endif
