/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The pairs' year: the pair page of each partner, meetings toward the
 * programme's minimum (logged by one partner, confirmed or disputed by the
 * other), the pair's private notes (its two partners only), the team's
 * table of all pairs and page of one pair, ending a pair early (by an admin,
 * or asked for by a partner and decided by an admin) and rematching the
 * remaining partner.  The check-in and support actions are
 * features/checkin.  Macros only.
 */
#ifndef RM_AREA_PAIRS_H
#define RM_AREA_PAIRS_H

#define RM_pairs_ROUTES(R) \
    R("GET",  "/pairs/#",                      rm_page_pair)                   \
    R("POST", "/pairs/#/meetings",             rm_page_meeting_log_post)       \
    R("GET",  "/meetings/#/edit",              rm_page_meeting_form)           \
    R("POST", "/meetings/#/edit",              rm_page_meeting_edit_post)      \
    R("POST", "/meetings/#/withdraw",          rm_page_meeting_withdraw_post)  \
    R("POST", "/meetings/#/confirm",           rm_page_meeting_confirm_post)   \
    R("GET",  "/meetings/#/dispute",           rm_page_meeting_dispute_form)   \
    R("POST", "/meetings/#/dispute",           rm_page_meeting_dispute_post)   \
    R("GET",  "/pairs/#/notes",                rm_page_notes)                  \
    R("POST", "/pairs/#/notes",                rm_page_notes_post)             \
    R("GET",  "/pairs/#/end",                  rm_page_end_request_form)       \
    R("POST", "/pairs/#/end",                  rm_page_end_request_post)       \
    R("GET",  "/admin/programmes/#/pairs",     rm_page_pairs_admin)            \
    R("GET",  "/admin/pairs/#",                rm_page_pair_admin)             \
    R("POST", "/admin/pairs/#/end",            rm_page_pair_end_post)          \
    R("POST", "/admin/pairs/#/end-request",    rm_page_end_request_decide_post) \
    R("GET",  "/admin/pairs/#/rematch",        rm_page_rematch)                \
    R("POST", "/admin/pairs/#/rematch",        rm_page_rematch_post)

#define RM_pairs_NOTICES(N) \
    N("meeting-logged",    "The meeting has been logged. It counts once your partner confirms it.") \
    N("meeting-saved",     "The meeting has been corrected. Your partner is asked to confirm it again.") \
    N("meeting-withdrawn", "The meeting has been withdrawn.")                      \
    N("meeting-confirmed", "Thank you: the meeting is confirmed and counts toward the programme.") \
    N("meeting-disputed",  "The meeting is marked as disputed. Your partner sees your reason.") \
    N("note-added",        "Your note has been added to the pair's journal.")      \
    N("end-requested",     "Your request has been sent to the programme team, who will be in touch.") \
    N("pair-ended",        "The pair has been ended. It stays in the programme's history.") \
    N("end-declined",      "The request to end the pair has been declined.")       \
    N("rematched",         "The new pair has been made. Both partners can now see it.")

#define RM_pairs_NAV(V)

#define RM_Q_PAIR_GET           "rm_pair_get"
#define RM_Q_PAIR_LOCK          "rm_pair_lock"
#define RM_Q_PAIR_GET_NOW       "rm_pair_get_now"
#define RM_Q_PAIR_END           "rm_pair_end"
#define RM_Q_PAIR_REMATCH       "rm_pair_rematch"
#define RM_Q_PAIR_ACTIVE_OF_APP "rm_pair_active_of_app"
#define RM_Q_PAIRS_TEAM         "rm_pairs_team"
#define RM_Q_MEETING_STATS      "rm_meeting_stats"
#define RM_Q_MEETING_LIST       "rm_meeting_list"
#define RM_Q_MEETING_GET        "rm_meeting_get"
#define RM_Q_MEETING_INSERT     "rm_meeting_insert"
#define RM_Q_MEETING_UPDATE     "rm_meeting_update"
#define RM_Q_MEETING_ANSWER     "rm_meeting_answer"
#define RM_Q_MEETING_WITHDRAW   "rm_meeting_withdraw"
#define RM_Q_NOTE_LIST          "rm_note_list"
#define RM_Q_NOTE_COUNT         "rm_note_count"
#define RM_Q_NOTE_INSERT        "rm_note_insert"
#define RM_Q_END_REQ_OPEN       "rm_end_req_open"
#define RM_Q_END_REQ_INSERT     "rm_end_req_insert"
#define RM_Q_END_REQ_DECIDE     "rm_end_req_decide"
#define RM_Q_END_REQ_PROGRAMME  "rm_end_req_programme"
#define RM_Q_REMATCH_CANDIDATES "rm_rematch_candidates"
#define RM_Q_REMATCH_ACCEPT     "rm_rematch_accept"

/* RM_Q_PAIR_GET: a pair, its two people and what their applications say */
enum { COL_PAIR_ID, COL_PAIR_PROGRAMME, COL_PAIR_MENTOR_APP, COL_PAIR_SENIOR_APP,
       COL_PAIR_MENTOR_ID, COL_PAIR_SENIOR_ID, COL_PAIR_STATUS, COL_PAIR_CREATED,
       COL_PAIR_ENDED_AT, COL_PAIR_END_REASON, COL_PAIR_END_NOTE, COL_PAIR_REMATCH_OF,
       COL_PAIR_M_NAME, COL_PAIR_M_PRINCIPAL, COL_PAIR_M_MAIL, COL_PAIR_M_JOB,
       COL_PAIR_M_DEPARTMENT, COL_PAIR_M_SCOPE,
       COL_PAIR_S_NAME, COL_PAIR_S_PRINCIPAL, COL_PAIR_S_MAIL, COL_PAIR_S_JOB,
       COL_PAIR_S_DEPARTMENT, COL_PAIR_S_SCOPE, COL_PAIR_PACE_OFFSET, COL_PAIR_NCOLS };
/* RM_Q_MEETING_STATS */
enum { COL_MST_CONFIRMED, COL_MST_MINUTES, COL_MST_LAST, COL_MST_WAITING };
/* RM_Q_MEETING_LIST / _GET */
enum { COL_MT_ID, COL_MT_PAIR, COL_MT_HELD_ON, COL_MT_MINUTES, COL_MT_MODE,
       COL_MT_AGENDA, COL_MT_STATUS, COL_MT_LOGGED_BY, COL_MT_LOGGER_NAME,
       COL_MT_LOGGER_PRINCIPAL, COL_MT_DISPUTE_REASON, COL_MT_LOGGED_AT };
/* RM_Q_NOTE_LIST */
enum { COL_NOTE_ID, COL_NOTE_AUTHOR, COL_NOTE_BODY, COL_NOTE_AT };
/* RM_Q_PAIRS_TEAM: one programme's pairs with their meetings */
enum { COL_PT_ID, COL_PT_MENTOR, COL_PT_SENIOR, COL_PT_STATUS, COL_PT_CONFIRMED,
       COL_PT_MINUTES, COL_PT_LAST, COL_PT_WAITING, COL_PT_END_REQ, COL_PT_PACE_OFFSET };
/* RM_Q_END_REQ_OPEN / _PROGRAMME */
enum { COL_ER_ID, COL_ER_PAIR, COL_ER_PERSON_NAME, COL_ER_CATEGORY, COL_ER_NOTE,
       COL_ER_AT, COL_ER_PRINCIPAL };
/* RM_Q_REMATCH_CANDIDATES: the other role's accepted or waitlisted
 * applicants with no active pair, and what the score reads (COL_MC_*) */

#define RM_A_MEETING_INSERT(F) \
    F(pair_id) F(held_on) F(minutes) F(mode) F(agenda) F(logged_by) F(logged_at) F(updated_at)
#define RM_A_MEETING_UPDATE(F) \
    F(held_on) F(minutes) F(mode) F(agenda) F(updated_at) F(id) F(logged_by)

#endif
