/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Training: sessions per programme and role, participants' bookings, the
 * register of attendance, and admins' overrides for matching without
 * training.  As features/apply/area.h: routes, statement labels (SQL in
 * training_sql.c), notices and navigation, as macros only.
 */
#ifndef RM_AREA_TRAINING_H
#define RM_AREA_TRAINING_H

#define RM_training_ROUTES(R) \
    R("GET",  "/programmes/#/training",                rm_page_training_mine)      \
    R("POST", "/programmes/#/training/book",           rm_page_training_book_post) \
    R("POST", "/programmes/#/training/cancel",         rm_page_training_cancel_post) \
    R("GET",  "/admin/programmes/#/training",          rm_page_training_admin)     \
    R("POST", "/admin/programmes/#/training/sessions", rm_page_session_create_post) \
    R("POST", "/admin/programmes/#/training/override", rm_page_override_post)      \
    R("GET",  "/admin/training/#/edit",                rm_page_session_form)       \
    R("POST", "/admin/training/#/edit",                rm_page_session_edit_post)  \
    R("POST", "/admin/training/#/delete",              rm_page_session_delete_post) \
    R("GET",  "/training/#/register",                  rm_page_register)           \
    R("POST", "/training/#/register",                  rm_page_register_post)

#define RM_training_NOTICES(N) \
    N("booked",        "Your training place is booked.")                          \
    N("cancelled",     "Your training booking has been cancelled.")               \
    N("session-added", "The training session has been added.")                    \
    N("session-saved", "The training session has been saved.")                    \
    N("session-deleted", "The training session has been deleted.")                \
    N("register",      "The register has been saved.")                            \
    N("override",      "The training override has been recorded.")                \
    N("override-removed", "The training override has been removed.")

#define RM_training_NAV(V)

#define RM_Q_TS_LIST            "rm_ts_list"
#define RM_Q_TS_GET             "rm_ts_get"
#define RM_Q_TS_INSERT          "rm_ts_insert"
#define RM_Q_TS_UPDATE          "rm_ts_update"
#define RM_Q_TS_TOUCH           "rm_ts_touch"
#define RM_Q_TS_TAKEN_NOW       "rm_ts_taken_now"
#define RM_Q_TS_BOOKINGS_NOW    "rm_ts_bookings_now"
#define RM_Q_TS_DELETE          "rm_ts_delete"
#define RM_Q_TB_APP_LOCK        "rm_tb_app_lock"
#define RM_Q_TB_OPEN_NOW        "rm_tb_open_now"
#define RM_Q_TB_ATTENDED_NOW    "rm_tb_attended_now"
#define RM_Q_TB_INSERT          "rm_tb_insert"
#define RM_Q_TB_DELETE          "rm_tb_delete"
#define RM_Q_TB_REGISTER        "rm_tb_register"
#define RM_Q_TB_MARK            "rm_tb_mark"
#define RM_Q_TB_MINE            "rm_tb_mine"
#define RM_Q_TR_STATUS          "rm_tr_status"
#define RM_Q_TR_HOME            "rm_tr_home"
#define RM_Q_TO_UPSERT          "rm_to_upsert"
#define RM_Q_TO_DELETE          "rm_to_delete"
#define RM_Q_TEAM_ROLES         "rm_team_roles"
#define RM_Q_TEAM_PEOPLE        "rm_team_people"
#define RM_Q_PROG_FACILITATED   "rm_prog_facilitated"

/* training_session rows (RM_Q_TS_LIST, RM_Q_TS_GET) */
enum { COL_TS_ID, COL_TS_PROGRAMME, COL_TS_ROLE, COL_TS_TITLE, COL_TS_DAY,
       COL_TS_STARTS, COL_TS_ENDS, COL_TS_PLACE, COL_TS_LINK, COL_TS_CAPACITY,
       COL_TS_FACILITATOR, COL_TS_FACILITATOR_NAME, COL_TS_TAKEN, COL_TS_NCOLS };
/* RM_Q_TR_STATUS: accepted applicants of a programme and their training */
enum { COL_TR_APP, COL_TR_NAME, COL_TR_ROLE, COL_TR_ATTENDED, COL_TR_BOOKED_TITLE,
       COL_TR_BOOKED_DAY, COL_TR_BOOKED_STARTS, COL_TR_ABSENT, COL_TR_OVERRIDE };
/* RM_Q_TB_REGISTER: the bookings of one session */
enum { COL_TB_ID, COL_TB_APP, COL_TB_NAME, COL_TB_ATTENDANCE };
/* RM_Q_TR_HOME: the requester's accepted applications and their training */
enum { COL_TH_APP, COL_TH_PROGRAMME, COL_TH_PROG_NAME, COL_TH_ROLE, COL_TH_ATTENDED,
       COL_TH_TITLE, COL_TH_DAY, COL_TH_STARTS, COL_TH_SENIOR_LABEL };

/* named arguments (data/rm_db.h), in the order of the placeholders */
#define RM_A_TS_FIELDS(F) \
    F(title) F(day) F(starts) F(ends) F(place) F(link) F(capacity) F(facilitator_id)
#define RM_A_TS_INSERT(F) F(programme_id) F(role) RM_A_TS_FIELDS(F) F(created_at) F(updated_at)
#define RM_A_TS_UPDATE(F) RM_A_TS_FIELDS(F) F(updated_at) F(id)

#endif
