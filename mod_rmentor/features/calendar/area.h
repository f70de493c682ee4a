/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The private calendar feed (iCalendar, RFC 5545).  A member of staff turns
 * on, renews and turns off their own feed from /calendar; the feed itself,
 * <mount>/calendar/feed/<token>.ics, is served by feed_calendar.c from a
 * narrow branch of mod_rmentor.c that runs before identity (calendar clients
 * cannot sign in): it is not a route here.  It carries the person's booked
 * and attended training sessions, the confirmed meetings of their pairs, the
 * check-in window of each programme where they are in an active pair and the
 * end-of-programme event of each programme where they were paired or
 * accepted; never notes, agendas or anyone's answers.  Macros only.
 */
#ifndef RM_AREA_CALENDAR_H
#define RM_AREA_CALENDAR_H

#define RM_calendar_ROUTES(R) \
    R("GET",  "/calendar",              rm_page_calendar)            \
    R("POST", "/calendar/renew",        rm_page_calendar_renew_post) \
    R("POST", "/calendar/revoke",       rm_page_calendar_revoke_post)

#define RM_calendar_NOTICES(N) \
    N("calendar-on", "Your calendar feed is on. Copy its address into your calendar app.") \
    N("calendar-renewed", "Your calendar feed has a new address. The old address no longer works: give the new one to your calendar app.") \
    N("calendar-off", "Your calendar feed is off. Its address no longer works.")

#define RM_calendar_NAV(V)

#define RM_Q_CALFEED_MINE       "rm_calfeed_mine"
#define RM_Q_CALFEED_MINE_NOW   "rm_calfeed_mine_now"
#define RM_Q_CALFEED_BY_HASH    "rm_calfeed_by_hash"
#define RM_Q_CALFEED_UPSERT     "rm_calfeed_upsert"
#define RM_Q_CALFEED_DELETE     "rm_calfeed_delete"
#define RM_Q_CAL_TRAINING       "rm_cal_training"
#define RM_Q_CAL_MEETINGS       "rm_cal_meetings"
#define RM_Q_CAL_CHECKINS       "rm_cal_checkins"
#define RM_Q_CAL_END_EVENTS     "rm_cal_end_events"

/* RM_Q_CALFEED_MINE, _MINE_NOW: the person's feed row */
enum { COL_CALFEED_HASH, COL_CALFEED_KEY, COL_CALFEED_CREATED };
/* RM_Q_CALFEED_BY_HASH: whose feed a token opens */
enum { COL_CALFEED_BH_PERSON, COL_CALFEED_BH_HASH };
/* RM_Q_CAL_TRAINING: booked or attended sessions */
enum { COL_CAL_TR_ID, COL_CAL_TR_TITLE, COL_CAL_TR_DAY, COL_CAL_TR_STARTS, COL_CAL_TR_ENDS,
       COL_CAL_TR_PLACE, COL_CAL_TR_LINK, COL_CAL_TR_UPDATED, COL_CAL_TR_PROGRAMME };
/* RM_Q_CAL_MEETINGS: confirmed meetings of the person's pairs */
enum { COL_CAL_MT_ID, COL_CAL_MT_HELD_ON, COL_CAL_MT_MINUTES, COL_CAL_MT_MODE,
       COL_CAL_MT_UPDATED, COL_CAL_MT_PARTNER };
/* RM_Q_CAL_CHECKINS: programmes where the person is in an active pair */
enum { COL_CAL_CI_PROGRAMME, COL_CAL_CI_NAME, COL_CAL_CI_DATE, COL_CAL_CI_WEEKS,
       COL_CAL_CI_UPDATED };
/* RM_Q_CAL_END_EVENTS: programmes where the person was paired or accepted */
enum { COL_CAL_EE_PROGRAMME, COL_CAL_EE_NAME, COL_CAL_EE_DATE, COL_CAL_EE_STARTS,
       COL_CAL_EE_ENDS, COL_CAL_EE_PLACE, COL_CAL_EE_LINK, COL_CAL_EE_UPDATED };

#define RM_A_CALFEED_UPSERT(F) F(person_id) F(token_hash) F(feed_key) F(created_at)

#endif
