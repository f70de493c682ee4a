/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 * Statement labels and the column order of each result (see store.c). */
#ifndef RM_STORE_H
#define RM_STORE_H

#define RM_Q_PERSON_BY_PRINCIPAL "rm_person_by_principal"
#define RM_Q_PERSON_UPSERT       "rm_person_upsert"
#define RM_Q_PERSON_ENSURE       "rm_person_ensure"
#define RM_Q_AUDIT               "rm_audit"
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
#define RM_Q_APP_GET             "rm_app_get"
#define RM_Q_APP_PAGE            "rm_app_page"
#define RM_Q_APP_MINE_IN         "rm_app_mine_in"
#define RM_Q_APP_INSERT          "rm_app_insert"
#define RM_Q_APP_UPDATE          "rm_app_update"
#define RM_Q_APP_WITHDRAW        "rm_app_withdraw"
#define RM_Q_APP_DECIDE          "rm_app_decide"
#define RM_Q_APP_STATUS_NOW      "rm_app_status_now"
#define RM_Q_APP_MINE            "rm_app_mine"
#define RM_Q_APP_COUNTS          "rm_app_counts"
#define RM_Q_APP_LIST_OLDEST     "rm_app_list_oldest"
#define RM_Q_APP_LIST_NEWEST     "rm_app_list_newest"
#define RM_Q_APP_LIST_NAME       "rm_app_list_name"
#define RM_Q_APP_LIST_STATUS     "rm_app_list_status"
#define RM_Q_APP_LIST_COUNT      "rm_app_list_count"
/* SQLite only, prepared by db.c: has another connection committed? */
#define RM_Q_DATA_VERSION        "rm_data_version"

/* programme columns (RM_Q_PROG_GET) */
enum { P_ID, P_NAME, P_INSTITUTIONS, P_DESCRIPTION, P_OPENS, P_CLOSES,
       P_START, P_LENGTH, P_MIN_MEETINGS, P_MEETING_MINUTES, P_MENTOR_TRAINING,
       P_SENIOR_TRAINING, P_MEET_MONTH, P_CHECKIN, P_END_EVENT, P_CAP_MENTOR,
       P_CAP_SENIOR, P_MIN_GRADE, P_SENIOR_ENT, P_SENIOR_LABEL, P_NCOLS };
/* programme summaries (OPEN, ALL, RUN_BY) */
enum { PS_ID, PS_NAME, PS_INSTITUTIONS, PS_OPENS, PS_CLOSES, PS_START };
/* application columns (RM_Q_APP_GET) */
enum { A_ID, A_PROGRAMME, A_PERSON, A_ROLE, A_STATUS, A_SELF_ID, A_GRADE,
       A_GRADE_SOURCE, A_JOB_TITLE, A_DEPARTMENT, A_SENIOR_ROLE, A_GAIN,
       A_TOPICS, A_AVAILABILITY, A_MOTIVATION, A_REASON, A_CREATED,
       A_UPDATED, A_DECIDED_AT, A_NAME, A_PRINCIPAL, A_MAIL, A_PROG_NAME, A_NCOLS };
/* RM_Q_PROG_GET_TEAM: P_* columns, then the team flag at P_NCOLS.
 * RM_Q_APP_PAGE: A_* columns, P_* columns from A_NCOLS, then the team flag
 * at A_NCOLS + P_NCOLS. */
/* application list rows */
enum { AL_ID, AL_NAME, AL_ROLE, AL_STATUS, AL_GRADE, AL_DEPARTMENT,
       AL_JOB_TITLE, AL_SENIOR_ROLE, AL_CREATED };

#endif
