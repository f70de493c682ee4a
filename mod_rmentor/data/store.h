/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 * The store's statement labels (store.c), the column order of the results
 * the areas share (their labels are in features/<area>/area.h), and SQL
 * fragments their statements share. */
#ifndef RM_STORE_H
#define RM_STORE_H

#define RM_Q_PERSON_BY_PRINCIPAL "rm_person_by_principal"
#define RM_Q_PERSON_UPSERT       "rm_person_upsert"
#define RM_Q_PERSON_ENSURE       "rm_person_ensure"
#define RM_Q_AUDIT               "rm_audit"
/* named arguments (rm_db.h), in the order of the placeholders */
#define RM_A_PERSON_UPSERT(F) \
    F(principal) F(display_name) F(mail) F(department) F(job_title) F(grade) \
    F(staff_number) F(manager) F(scope) F(eppn) F(name_folded) F(first_seen) F(last_seen)
#define RM_A_AUDIT(F) F(at) F(actor) F(action) F(entity) F(entity_id) F(detail)
/* SQLite only, prepared by db.c: has another connection committed? */
#define RM_Q_DATA_VERSION        "rm_data_version"

/* programme columns (RM_Q_PROG_GET) */
enum { COL_PROG_ID, COL_PROG_NAME, COL_PROG_INSTITUTIONS, COL_PROG_DESCRIPTION, COL_PROG_OPENS, COL_PROG_CLOSES,
       COL_PROG_START, COL_PROG_LENGTH, COL_PROG_MIN_MEETINGS, COL_PROG_MEETING_MINUTES, COL_PROG_MENTOR_TRAINING,
       COL_PROG_SENIOR_TRAINING, COL_PROG_MEET_MONTH, COL_PROG_CHECKIN, COL_PROG_END_EVENT, COL_PROG_CAP_MENTOR,
       COL_PROG_CAP_SENIOR, COL_PROG_MIN_GRADE, COL_PROG_SENIOR_ENT, COL_PROG_SENIOR_LABEL,
       COL_PROG_CHECKIN_WEEKS, COL_PROG_EV_STARTS, COL_PROG_EV_ENDS, COL_PROG_EV_PLACE,
       COL_PROG_EV_LINK, COL_PROG_EV_DETAILS, COL_PROG_EV_CAPACITY, COL_PROG_EVAL_WEEKS,
       COL_PROG_QUIET_WEEKS, COL_PROG_SENIOR_MEMBERS, COL_PROG_NCOLS };
/* programme summaries (OPEN, ALL, RUN_BY) */
enum { COL_PROGSUM_ID, COL_PROGSUM_NAME, COL_PROGSUM_INSTITUTIONS, COL_PROGSUM_OPENS, COL_PROGSUM_CLOSES, COL_PROGSUM_START };
/* application columns (RM_Q_APP_GET) */
enum { COL_APP_ID, COL_APP_PROGRAMME, COL_APP_PERSON, COL_APP_ROLE, COL_APP_STATUS, COL_APP_SELF_ID, COL_APP_GRADE,
       COL_APP_GRADE_SOURCE, COL_APP_JOB_TITLE, COL_APP_DEPARTMENT, COL_APP_SENIOR_ROLE, COL_APP_GAIN,
       COL_APP_TOPICS, COL_APP_AVAILABILITY, COL_APP_MOTIVATION, COL_APP_REASON, COL_APP_CREATED,
       COL_APP_UPDATED, COL_APP_DECIDED_AT, COL_APP_TOPIC_CODES, COL_APP_GAIN_CODES,
       COL_APP_OFFER_CODES, COL_APP_SLOTS, COL_APP_PREFER, COL_APP_AVOID, COL_APP_LINE_MANAGER,
       COL_APP_NAME, COL_APP_PRINCIPAL, COL_APP_MAIL, COL_APP_PROG_NAME, COL_APP_SCOPE,
       COL_APP_NCOLS };
/* RM_Q_PROG_GET_TEAM: P_* columns, then the team flag at COL_PROG_NCOLS.
 * RM_Q_APP_PAGE: A_* columns, P_* columns from COL_APP_NCOLS, then the team flag
 * at COL_APP_NCOLS + COL_PROG_NCOLS. */
/* application list rows */
enum { COL_APPLIST_ID, COL_APPLIST_NAME, COL_APPLIST_ROLE, COL_APPLIST_STATUS, COL_APPLIST_GRADE, COL_APPLIST_DEPARTMENT,
       COL_APPLIST_JOB_TITLE, COL_APPLIST_SENIOR_ROLE, COL_APPLIST_CREATED, COL_APPLIST_SCOPE };

/* SQL fragments the areas' statements share (features/<area>/<area>_sql.c) */
#define PROG_COLS \
    "id, name, institutions, description, apply_opens, apply_closes, " \
    "start_date, length_months, min_meetings, meeting_minutes, " \
    "mentor_training, senior_training, meet_month, checkin_date, " \
    "end_event_date, capacity_mentor, capacity_senior, min_grade, " \
    "senior_entitlement, senior_label, checkin_weeks, end_event_starts, " \
    "end_event_ends, end_event_place, end_event_link, end_event_details, " \
    "end_event_capacity, eval_weeks, quiet_weeks, senior_members"

/* PROG_COLS of the programme aliased prog, in the same order */
#define PROG_COLS_PROG \
    "prog.id, prog.name, prog.institutions, prog.description, prog.apply_opens, " \
    "prog.apply_closes, prog.start_date, prog.length_months, prog.min_meetings, " \
    "prog.meeting_minutes, prog.mentor_training, prog.senior_training, " \
    "prog.meet_month, prog.checkin_date, prog.end_event_date, " \
    "prog.capacity_mentor, prog.capacity_senior, prog.min_grade, " \
    "prog.senior_entitlement, prog.senior_label, prog.checkin_weeks, " \
    "prog.end_event_starts, prog.end_event_ends, prog.end_event_place, " \
    "prog.end_event_link, prog.end_event_details, prog.end_event_capacity, " \
    "prog.eval_weeks, prog.quiet_weeks, prog.senior_members"

/* 1 when the person signed in (%s) is on programme P's team in role %s */
#define ON_TEAM(P) \
    "CASE WHEN EXISTS (SELECT 1 FROM programme_team t JOIN person tp " \
    "ON tp.id = t.person_id WHERE t.programme_id = " P ".id " \
    "AND tp.principal = %s AND t.role = %s) THEN 1 ELSE 0 END"

#define PROG_SUMMARY "p.id, p.name, p.institutions, p.apply_opens, p.apply_closes, p.start_date"

#define APP_COLS \
    "a.id, a.programme_id, a.person_id, a.role, a.status, a.self_identified, " \
    "a.grade, a.grade_source, a.job_title, a.department, a.senior_role, " \
    "a.gain, a.topics, a.availability, a.motivation, a.decision_reason, " \
    "a.created_at, a.updated_at, a.decided_at, a.topic_codes, a.gain_codes, " \
    "a.offer_codes, a.slots, a.prefer, a.avoid, a.line_manager, per.display_name, " \
    "per.principal, per.mail, prog.name, per.scope"

/* a person's name for the searches: folded by the module (rm_fold), or
 * lower() for a row no sign-in has written since (schema 6) */
#define NAME_FOLDED(P) \
    "coalesce(nullif(" P ".name_folded, ''), lower(coalesce(nullif(" P ".display_name, ''), " \
    P ".principal)))"

#define APP_FILTER \
    " FROM application a JOIN person per ON per.id = a.person_id" \
    " WHERE a.programme_id = %lld AND (%s = '' OR a.role = %s)" \
    " AND (%s = '' OR a.status = %s)" \
    " AND (%s = '' OR " NAME_FOLDED("per") " LIKE %s ESCAPE '!')" \
    " AND (%s = '' OR per.scope = %s)"

#define APP_LIST_COLS \
    "SELECT a.id, per.display_name, a.role, a.status, a.grade, a.department, " \
    "a.job_title, a.senior_role, a.created_at, per.scope"

#endif
