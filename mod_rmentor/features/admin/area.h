/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The programme administration area: programmes, their teams, the
 * applications list and decisions.  As features/apply/area.h: routes,
 * statement labels (SQL in admin_sql.c), notices and navigation, as macros.
 */
#ifndef RM_AREA_ADMIN_H
#define RM_AREA_ADMIN_H

#define RM_admin_ROUTES(R) \
    R("GET",  "/admin/programmes",                  rm_page_admin_programmes)   \
    R("GET",  "/admin/programmes/new",              rm_page_programme_form)     \
    R("POST", "/admin/programmes/new",              rm_page_programme_post)     \
    R("GET",  "/admin/programmes/#/edit",           rm_page_programme_form)     \
    R("POST", "/admin/programmes/#/edit",           rm_page_programme_post)     \
    R("POST", "/admin/programmes/#/team",           rm_page_team_post)          \
    R("POST", "/admin/programmes/#/team/remove",    rm_page_team_remove_post)   \
    R("GET",  "/admin/programmes/#/applications",   rm_page_admin_applications) \
    R("POST", "/admin/applications/#/decision",     rm_page_decide_post)

#define RM_admin_NOTICES(N) \
    N("decided", "The decision has been saved. The applicant can see it now.") \
    N("created", "The programme has been created.")                           \
    N("saved",   "The programme has been saved.")                             \
    N("team",    "The programme team has been updated.")                      \
    N("team_removed", "The person has been removed from the programme team.") \
    N("team_left", "You have left the programme team. The other administrators " \
                   "run the programme now.")

#define RM_admin_NAV(V) \
    V("Manage programmes", "/admin/programmes", RM_ROLE_ADMIN)

#define RM_Q_PROG_INSERT         "rm_prog_insert"
#define RM_Q_PROG_UPDATE         "rm_prog_update"
#define RM_Q_PROG_GET            "rm_prog_get"
#define RM_Q_PROG_TOUCH          "rm_prog_touch"
#define RM_Q_PROG_GET_TEAM       "rm_prog_get_team"
#define RM_Q_PROG_OPEN           "rm_prog_open"
#define RM_Q_PROG_ALL            "rm_prog_all"
#define RM_Q_PROG_RUN_BY         "rm_prog_run_by"
#define RM_Q_TEAM_IS             "rm_team_is"
#define RM_Q_TEAM_ADD            "rm_team_add"
#define RM_Q_TEAM_LIST           "rm_team_list"
#define RM_Q_TEAM_SIGNED_IN      "rm_team_signed_in"
#define RM_Q_TEAM_ADMINS_NOW     "rm_team_admins_now"
#define RM_Q_TEAM_REMOVE         "rm_team_remove"
#define RM_Q_APP_DECIDE          "rm_app_decide"
#define RM_Q_APP_STATUS_NOW      "rm_app_status_now"
#define RM_Q_APP_COUNTS          "rm_app_counts"
#define RM_Q_APP_COUNTS_SCOPE    "rm_app_counts_scope"
#define RM_Q_APP_SCOPES          "rm_app_scopes"
#define RM_Q_APP_LIST_OLDEST     "rm_app_list_oldest"
#define RM_Q_APP_LIST_NEWEST     "rm_app_list_newest"
#define RM_Q_APP_LIST_NAME       "rm_app_list_name"
#define RM_Q_APP_LIST_STATUS     "rm_app_list_status"
#define RM_Q_APP_LIST_COUNT      "rm_app_list_count"

/* named arguments (data/rm_db.h), in the order of the placeholders */
#define RM_A_PROG_FIELDS(F) \
    F(name) F(institutions) F(description) F(apply_opens) F(apply_closes)       \
    F(start_date) F(length_months) F(min_meetings) F(meeting_minutes)          \
    F(mentor_training) F(senior_training) F(meet_month) F(checkin_date)        \
    F(end_event_date) F(capacity_mentor) F(capacity_senior) F(min_grade)       \
    F(senior_entitlement) F(senior_label) F(checkin_weeks) F(eval_weeks) F(quiet_weeks)
#define RM_A_PROG_INSERT(F) RM_A_PROG_FIELDS(F) F(created_at) F(updated_at)
#define RM_A_PROG_UPDATE(F) RM_A_PROG_FIELDS(F) F(updated_at) F(id)
#define RM_A_APP_DECIDE(F) \
    F(status) F(reason) F(decided_by) F(decided_at) F(updated_at) F(id) F(programme_id)

#endif
