/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The mid-point check-in and support actions.  Each partner of an active
 * pair answers the check-in while its window is open (from the programme's
 * checkin_date for checkin_weeks weeks) and sees only their own answers; the
 * programme's team (admins and facilitators) sees every partner's answers,
 * the pairs at risk (core/pace.h: behind the meeting pace, a low rating,
 * support asked for, a check-in missing after the window) and the support
 * actions they agree for a pair, with an owner from the team, a due date and
 * a state.  Pairs are loaded, and who may see them decided, by
 * features/pairs (pairs.h).  Macros only.
 */
#ifndef RM_AREA_CHECKIN_H
#define RM_AREA_CHECKIN_H

#define RM_checkin_ROUTES(R) \
    R("GET",  "/pairs/#/checkin",               rm_page_checkin)            \
    R("POST", "/pairs/#/checkin",               rm_page_checkin_post)       \
    R("GET",  "/admin/programmes/#/checkins",   rm_page_checkins_team)      \
    R("GET",  "/admin/pairs/#/support",         rm_page_support)            \
    R("POST", "/admin/pairs/#/support",         rm_page_support_add_post)   \
    R("GET",  "/support/#/edit",                rm_page_support_form)       \
    R("POST", "/support/#/edit",                rm_page_support_edit_post)

#define RM_checkin_NOTICES(N) \
    N("checkin-saved", "Thank you: your check-in has been saved. You can change it while the check-in is open.") \
    N("support-added", "The support action has been added.")                \
    N("support-saved", "The support action has been saved.")

#define RM_checkin_NAV(V)

#define RM_Q_CHECKIN_MINE       "rm_checkin_mine"
#define RM_Q_CHECKIN_MINE_NOW   "rm_checkin_mine_now"
#define RM_Q_CHECKIN_PAIR       "rm_checkin_pair"
#define RM_Q_CHECKIN_UPSERT     "rm_checkin_upsert"
#define RM_Q_CHECKIN_RISK       "rm_checkin_risk"
#define RM_Q_CHECKIN_SUMMARY    "rm_checkin_summary"
#define RM_Q_SUPPORT_LIST       "rm_support_list"
#define RM_Q_SUPPORT_GET        "rm_support_get"
#define RM_Q_SUPPORT_GET_NOW    "rm_support_get_now"
#define RM_Q_SUPPORT_INSERT     "rm_support_insert"
#define RM_Q_SUPPORT_UPDATE     "rm_support_update"
#define RM_Q_SUPPORT_OWNERS     "rm_support_owners"

/* RM_Q_CHECKIN_MINE, _MINE_NOW, _PAIR: check-in rows */
enum { COL_CI_PERSON, COL_CI_RATING, COL_CI_ON_PLAN, COL_CI_GOING_WELL, COL_CI_HARD,
       COL_CI_WANTS_SUPPORT, COL_CI_SUPPORT_KIND, COL_CI_SUBMITTED, COL_CI_UPDATED };
/* RM_Q_CHECKIN_RISK: one programme's active pairs, what makes each one at
 * risk, and its support actions; COL_CI_AR_REASONS counts the reasons */
enum { COL_CI_AR_PAIR, COL_CI_AR_MENTOR, COL_CI_AR_SENIOR, COL_CI_AR_CONFIRMED,
       COL_CI_AR_M_ANSWERED, COL_CI_AR_M_RATING, COL_CI_AR_M_SUPPORT,
       COL_CI_AR_S_ANSWERED, COL_CI_AR_S_RATING, COL_CI_AR_S_SUPPORT,
       COL_CI_AR_OPEN, COL_CI_AR_OVERDUE, COL_CI_AR_PACE_OFFSET, COL_CI_AR_REASONS };
/* RM_Q_CHECKIN_SUMMARY: active pairs, pairs at risk, partners who answered */
enum { COL_CI_SUM_PAIRS, COL_CI_SUM_AT_RISK, COL_CI_SUM_ANSWERED };
/* RM_Q_SUPPORT_LIST, _GET, _GET_NOW: support actions */
enum { COL_SA_ID, COL_SA_PAIR, COL_SA_WHAT, COL_SA_OWNER, COL_SA_OWNER_NAME,
       COL_SA_DUE, COL_SA_STATUS, COL_SA_DROP_REASON, COL_SA_FOLLOW_UP,
       COL_SA_CREATED_BY_NAME, COL_SA_CREATED_AT, COL_SA_UPDATED_AT };
/* RM_Q_SUPPORT_OWNERS: who may own an action (the programme's team) */
enum { COL_SA_OWNER_ID, COL_SA_OWNER_DISPLAY, COL_SA_OWNER_PRINCIPAL };

/* named arguments (data/rm_db.h), in the order of the placeholders */
#define RM_A_CHECKIN_UPSERT(F) \
    F(pair_id) F(person_id) F(rating) F(on_plan) F(going_well) F(hard) \
    F(wants_support) F(support_kind) F(submitted_at) F(updated_at)
#define RM_A_SUPPORT_INSERT(F) \
    F(pair_id) F(what) F(owner_id) F(due_on) F(created_by) F(created_at) F(updated_at)
#define RM_A_SUPPORT_UPDATE(F) \
    F(status) F(drop_reason) F(follow_up) F(owner_id) F(due_on) F(updated_at) F(id)
/* RM_Q_CHECKIN_RISK and _SUMMARY: the meetings the pace expects today, 1
 * when the window has closed, today, the programme (RISK then: show, limit,
 * offset) */
#define RM_A_CHECKIN_RISK(F) \
    F(expected) F(closed) F(today) F(programme_id) F(show) F(limit) F(offset)
#define RM_A_CHECKIN_SUMMARY(F) F(expected) F(closed) F(today) F(programme_id)

#endif
