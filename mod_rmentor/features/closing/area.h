/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The close of the programme's year: the end-of-programme event (the
 * programme's admins set it up; its participants reply yes, no or maybe with
 * access needs only the admins read; the admins record who attended), the
 * post-programme evaluation (a question set per programme, from a default
 * set, its wording editable until the evaluation opens; one response per
 * participant, editable while it is open; the team sees response rates), and
 * reflective learning (each participant's entries, each private, shared with
 * the cohort or offered for the sector; the admins collect shared entries
 * into the cohort's learning digest).  A participant of a programme is a
 * partner of one of its pairs, whatever became of the pair.  Macros only.
 */
#ifndef RM_AREA_CLOSING_H
#define RM_AREA_CLOSING_H

#define RM_closing_ROUTES(R) \
    R("GET",  "/programmes/#/end-event",                 rm_page_event)                 \
    R("POST", "/programmes/#/end-event",                 rm_page_event_post)            \
    R("GET",  "/admin/programmes/#/end-event",           rm_page_event_team)            \
    R("POST", "/admin/programmes/#/end-event",           rm_page_event_setup_post)      \
    R("POST", "/admin/programmes/#/end-event/attendance", rm_page_event_attendance_post) \
    R("GET",  "/programmes/#/evaluation",                rm_page_eval)                  \
    R("POST", "/programmes/#/evaluation",                rm_page_eval_post)             \
    R("GET",  "/admin/programmes/#/evaluation",          rm_page_eval_team)             \
    R("POST", "/admin/programmes/#/evaluation",          rm_page_eval_questions_post)   \
    R("GET",  "/reflections",                            rm_page_reflections)           \
    R("POST", "/reflections",                            rm_page_reflection_add_post)   \
    R("GET",  "/reflections/#/edit",                     rm_page_reflection_form)       \
    R("POST", "/reflections/#/edit",                     rm_page_reflection_edit_post)  \
    R("POST", "/reflections/#/delete",                   rm_page_reflection_delete_post) \
    R("GET",  "/programmes/#/learning",                  rm_page_learning)              \
    R("GET",  "/programmes/#/digest",                    rm_page_digest)                \
    R("GET",  "/admin/programmes/#/learning",            rm_page_learning_team)         \
    R("POST", "/admin/programmes/#/learning",            rm_page_learning_digest_post)

#define RM_closing_NOTICES(N) \
    N("event-set", "The end-of-programme event has been saved.")                      \
    N("event-reply", "Thank you: your reply has been saved. You can change it until the event.") \
    N("event-attendance", "Attendance has been recorded.")                           \
    N("eval-questions", "The evaluation's questions have been saved.")               \
    N("eval-saved", "Thank you: your evaluation has been saved. You can change it while the evaluation is open.") \
    N("reflection-added", "Your reflection has been saved.")                         \
    N("reflection-saved", "Your changes have been saved.")                           \
    N("reflection-deleted", "The reflection has been deleted.")                      \
    N("digest-added", "The entry has been added to the learning digest.")           \
    N("digest-removed", "The entry has been taken out of the learning digest.")

#define RM_closing_NAV(V)

#define RM_Q_CL_ROLE            "rm_cl_role"
#define RM_Q_CL_MY_PROGS        "rm_cl_my_progs"
#define RM_Q_CL_PEOPLE          "rm_cl_people"
#define RM_Q_EV_SETUP           "rm_ev_setup"
#define RM_Q_EV_MINE            "rm_ev_mine"
#define RM_Q_EV_MINE_NOW        "rm_ev_mine_now"
#define RM_Q_EV_YES_NOW         "rm_ev_yes_now"
#define RM_Q_EV_UPSERT          "rm_ev_upsert"
#define RM_Q_EV_ATTEND          "rm_ev_attend"
#define RM_Q_EV_ATTEND_CLEAR    "rm_ev_attend_clear"
#define RM_Q_EV_LOCK            "rm_ev_lock"
#define RM_Q_EQ_LIST            "rm_eq_list"
#define RM_Q_EQ_LIST_NOW        "rm_eq_list_now"
#define RM_Q_EQ_DELETE          "rm_eq_delete"
#define RM_Q_EQ_INSERT          "rm_eq_insert"
#define RM_Q_ER_COUNT_NOW       "rm_er_count_now"
#define RM_Q_ER_MINE            "rm_er_mine"
#define RM_Q_ER_MINE_NOW        "rm_er_mine_now"
#define RM_Q_ER_ANSWERS         "rm_er_answers"
#define RM_Q_ER_INSERT          "rm_er_insert"
#define RM_Q_ER_UPDATE          "rm_er_update"
#define RM_Q_EA_DELETE          "rm_ea_delete"
#define RM_Q_EA_RATING          "rm_ea_rating"
#define RM_Q_EA_TEXT            "rm_ea_text"
#define RM_Q_ER_RATES           "rm_er_rates"
#define RM_Q_RF_MINE            "rm_rf_mine"
#define RM_Q_RF_COUNT_NOW       "rm_rf_count_now"
#define RM_Q_RF_GET             "rm_rf_get"
#define RM_Q_RF_INSERT          "rm_rf_insert"
#define RM_Q_RF_UPDATE          "rm_rf_update"
#define RM_Q_RF_DELETE          "rm_rf_delete"
#define RM_Q_RF_SHARED          "rm_rf_shared"
#define RM_Q_RF_SHARED_COUNT    "rm_rf_shared_count"
#define RM_Q_RF_DIGEST          "rm_rf_digest"
#define RM_Q_RF_SET_DIGEST      "rm_rf_set_digest"

/* RM_Q_CL_MY_PROGS: the programmes the requester is a participant of */
enum { COL_CLP_ID, COL_CLP_NAME, COL_CLP_ROLE };
/* RM_Q_CL_PEOPLE: a programme's participants and their reply to the end
 * event (answer '' and attended -1 when none) */
enum { COL_CLX_PERSON, COL_CLX_NAME, COL_CLX_ROLE, COL_CLX_ANSWER, COL_CLX_ACCESS,
       COL_CLX_ATTENDED, COL_CLX_REPLIED_AT, COL_CLX_RESPONDED };
/* RM_Q_EV_MINE, _NOW */
enum { COL_EV_ANSWER, COL_EV_ACCESS, COL_EV_ATTENDED, COL_EV_UPDATED };
/* RM_Q_EQ_LIST, _NOW */
enum { COL_EQ_ID, COL_EQ_POSITION, COL_EQ_KIND, COL_EQ_WORDING };
/* RM_Q_ER_MINE, _NOW */
enum { COL_RESP_ID, COL_RESP_NAMED, COL_RESP_SUBMITTED, COL_RESP_UPDATED };
/* RM_Q_ER_ANSWERS */
enum { COL_EA_QUESTION, COL_EA_RATING, COL_EA_BODY };
/* RM_Q_ER_RATES: per role, participants and responses */
enum { COL_RATE_ROLE, COL_RATE_PEOPLE, COL_RATE_RESPONSES };
/* RM_Q_RF_MINE, _GET, _SHARED, _DIGEST */
enum { COL_RF_ID, COL_RF_PROGRAMME, COL_RF_PROG_NAME, COL_RF_TITLE, COL_RF_BODY,
       COL_RF_VISIBILITY, COL_RF_IN_DIGEST, COL_RF_CREATED, COL_RF_UPDATED,
       COL_RF_AUTHOR };

/* named arguments (data/rm_db.h), in the order of the placeholders */
#define RM_A_EV_SETUP(F) \
    F(date) F(starts) F(ends) F(place) F(link) F(details) F(capacity) F(updated_at) F(id)
#define RM_A_EV_UPSERT(F) \
    F(programme_id) F(person_id) F(answer) F(access_needs) F(created_at) F(updated_at)
#define RM_A_EV_ATTEND(F) \
    F(programme_id) F(person_id) F(attended) F(created_at) F(updated_at)
#define RM_A_ER_INSERT(F) \
    F(programme_id) F(person_id) F(role) F(named) F(submitted_at) F(updated_at)
#define RM_A_RF_INSERT(F) \
    F(programme_id) F(person_id) F(title) F(body) F(visibility) F(created_at) F(updated_at)
#define RM_A_RF_UPDATE(F) \
    F(title) F(body) F(visibility) F(visibility2) F(updated_at) F(id) F(person_id)

#endif
