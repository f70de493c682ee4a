/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Every SQL statement the module runs, each a labelled prepared statement.
 * The same text serves SQLite and PostgreSQL: numbers are bound as %lld (the
 * pgsql driver declares %s parameters varchar), dates are ISO text, instants
 * Unix seconds.  Column lists are fixed here and read by index in pages.
 */
#include <apr_strings.h>
#include "rm_db.h"
#include "store.h"

#define PROG_COLS \
    "id, name, institutions, description, apply_opens, apply_closes, " \
    "start_date, length_months, min_meetings, meeting_minutes, " \
    "mentor_training, senior_training, meet_month, checkin_date, " \
    "end_event_date, capacity_mentor, capacity_senior, min_grade, " \
    "senior_entitlement, senior_label"

/* PROG_COLS of the programme aliased prog, in the same order */
#define PROG_COLS_PROG \
    "prog.id, prog.name, prog.institutions, prog.description, prog.apply_opens, " \
    "prog.apply_closes, prog.start_date, prog.length_months, prog.min_meetings, " \
    "prog.meeting_minutes, prog.mentor_training, prog.senior_training, " \
    "prog.meet_month, prog.checkin_date, prog.end_event_date, " \
    "prog.capacity_mentor, prog.capacity_senior, prog.min_grade, " \
    "prog.senior_entitlement, prog.senior_label"

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
    "a.created_at, a.updated_at, a.decided_at, per.display_name, " \
    "per.principal, per.mail, prog.name"

#define APP_FILTER \
    " FROM application a JOIN person per ON per.id = a.person_id" \
    " WHERE a.programme_id = %lld AND (%s = '' OR a.role = %s)" \
    " AND (%s = '' OR a.status = %s)" \
    " AND (%s = '' OR lower(per.display_name) LIKE %s ESCAPE '!')"

#define APP_LIST_COLS \
    "SELECT a.id, per.display_name, a.role, a.status, a.grade, a.department, " \
    "a.job_title, a.senior_role, a.created_at"

/* { label, SQL, 1 when a read whose rows the cache may keep (cache.c) }.
 * Statements that write, or read what a write transaction needs fresh, have
 * no 1: a select with RETURNING is a write. */
const rm_stmt rm_statements[] = {
    { RM_Q_PERSON_BY_PRINCIPAL,
      "SELECT id FROM person WHERE principal = %s", 1 },
    { RM_Q_PERSON_UPSERT,
      "INSERT INTO person (principal, display_name, mail, department, "
      "job_title, grade, staff_number, first_seen, last_seen) "
      "VALUES (%s, %s, %s, %s, %s, %s, %s, %lld, %lld) "
      "ON CONFLICT (principal) DO UPDATE SET display_name = excluded.display_name, "
      "mail = excluded.mail, department = excluded.department, "
      "job_title = excluded.job_title, grade = excluded.grade, "
      "staff_number = excluded.staff_number, last_seen = excluded.last_seen "
      "RETURNING id", 0 },
    { RM_Q_PERSON_ENSURE,
      "INSERT INTO person (principal, first_seen, last_seen) VALUES (%s, %lld, %lld) "
      "ON CONFLICT (principal) DO UPDATE SET principal = excluded.principal "
      "RETURNING id", 0 },
    { RM_Q_AUDIT,
      "INSERT INTO audit (at, actor, action, entity, entity_id, detail) "
      "VALUES (%lld, %s, %s, %s, %lld, %s)", 0 },

    { RM_Q_PROG_INSERT,
      "INSERT INTO programme (name, institutions, description, apply_opens, "
      "apply_closes, start_date, length_months, min_meetings, meeting_minutes, "
      "mentor_training, senior_training, meet_month, checkin_date, "
      "end_event_date, capacity_mentor, capacity_senior, min_grade, "
      "senior_entitlement, senior_label, created_at, updated_at) VALUES "
      "(%s, %s, %s, %s, %s, %s, %lld, %lld, %lld, %s, %s, %s, %s, %s, %lld, "
      "%lld, %s, %s, %s, %lld, %lld) RETURNING id", 0 },
    { RM_Q_PROG_UPDATE,
      "UPDATE programme SET name = %s, institutions = %s, description = %s, "
      "apply_opens = %s, apply_closes = %s, start_date = %s, "
      "length_months = %lld, min_meetings = %lld, meeting_minutes = %lld, "
      "mentor_training = %s, senior_training = %s, meet_month = %s, "
      "checkin_date = %s, end_event_date = %s, capacity_mentor = %lld, "
      "capacity_senior = %lld, min_grade = %s, senior_entitlement = %s, "
      "senior_label = %s, updated_at = %lld "
      "WHERE id = %lld", 0 },
    { RM_Q_PROG_GET, "SELECT " PROG_COLS " FROM programme WHERE id = %lld", 1 },
    /* the programme and whether the requester is on its team in a role */
    { RM_Q_PROG_GET_TEAM,
      "SELECT " PROG_COLS_PROG ", " ON_TEAM("prog")
      " FROM programme prog WHERE prog.id = %lld", 1 },
    { RM_Q_PROG_TOUCH,
      "UPDATE programme SET updated_at = updated_at WHERE id = %lld", 0 },
    { RM_Q_PROG_OPEN,
      "SELECT " PROG_SUMMARY " FROM programme p WHERE p.apply_opens <= %s "
      "AND p.apply_closes >= %s ORDER BY p.apply_closes, p.id LIMIT 100", 1 },
    { RM_Q_PROG_ALL,
      "SELECT " PROG_SUMMARY " FROM programme p "
      "ORDER BY p.start_date DESC, p.id DESC LIMIT 500", 1 },
    { RM_Q_PROG_RUN_BY,
      "SELECT " PROG_SUMMARY " FROM programme p JOIN programme_team t "
      "ON t.programme_id = p.id WHERE t.person_id = %lld AND t.role = 'admin' "
      "ORDER BY p.start_date DESC, p.id DESC LIMIT 200", 1 },

    { RM_Q_TEAM_IS,
      "SELECT 1 FROM programme_team t JOIN person per ON per.id = t.person_id "
      "WHERE t.programme_id = %lld AND per.principal = %s AND t.role = %s", 1 },
    { RM_Q_TEAM_ADD,
      "INSERT INTO programme_team (programme_id, person_id, role, added_at) "
      "VALUES (%lld, %lld, %s, %lld) ON CONFLICT DO NOTHING", 0 },
    { RM_Q_TEAM_LIST,
      "SELECT per.principal, per.display_name, t.role FROM programme_team t "
      "JOIN person per ON per.id = t.person_id WHERE t.programme_id = %lld "
      "ORDER BY t.role, per.principal LIMIT 200", 1 },

    { RM_Q_APP_GET,
      "SELECT " APP_COLS " FROM application a JOIN person per ON per.id = a.person_id "
      "JOIN programme prog ON prog.id = a.programme_id WHERE a.id = %lld", 1 },
    /* the application page in one statement: the application, its programme
     * and whether the requester is on the programme's team in a role */
    { RM_Q_APP_PAGE,
      "SELECT " APP_COLS ", " PROG_COLS_PROG ", " ON_TEAM("prog")
      " FROM application a JOIN person per ON per.id = a.person_id "
      "JOIN programme prog ON prog.id = a.programme_id WHERE a.id = %lld", 1 },
    { RM_Q_APP_MINE_IN,
      "SELECT a.id, a.role, a.status FROM application a JOIN person per "
      "ON per.id = a.person_id WHERE a.programme_id = %lld AND per.principal = %s "
      "ORDER BY a.id", 1 },
    { RM_Q_APP_INSERT,
      "INSERT INTO application (programme_id, person_id, role, status, "
      "self_identified, grade, grade_source, job_title, department, "
      "senior_role, gain, topics, availability, motivation, created_at, "
      "updated_at) VALUES (%lld, %lld, %s, 'submitted', %lld, %s, %s, %s, %s, "
      "%s, %s, %s, %s, %s, %lld, %lld) "
      /* one application per person and programme (schema 4): a second one,
       * in either role, inserts nothing and returns no row */
      "ON CONFLICT DO NOTHING RETURNING id", 0 },
    { RM_Q_APP_UPDATE,
      "UPDATE application SET status = 'submitted', self_identified = %lld, "
      "grade = %s, grade_source = %s, job_title = %s, department = %s, "
      "senior_role = %s, gain = %s, topics = %s, availability = %s, "
      "motivation = %s, decision_reason = '', updated_at = %lld "
      "WHERE id = %lld AND person_id = %lld "
      "AND status IN ('submitted', 'withdrawn')", 0 },
    { RM_Q_APP_WITHDRAW,
      "UPDATE application SET status = 'withdrawn', updated_at = %lld "
      "WHERE id = %lld AND person_id = %lld "
      "AND status IN ('submitted', 'waitlisted', 'accepted')", 0 },
    { RM_Q_APP_DECIDE,
      "UPDATE application SET status = %s, decision_reason = %s, "
      "decided_by = %lld, decided_at = %lld, updated_at = %lld "
      "WHERE id = %lld AND programme_id = %lld AND status <> 'withdrawn'", 0 },
    /* read inside a decision's transaction, after the programme row's lock:
     * never from the cache */
    { RM_Q_APP_STATUS_NOW, "SELECT status FROM application WHERE id = %lld", 0 },
    { RM_Q_APP_MINE,
      "SELECT a.id, a.role, a.status, prog.id, prog.name, a.updated_at "
      "FROM application a JOIN programme prog ON prog.id = a.programme_id "
      "JOIN person per ON per.id = a.person_id WHERE per.principal = %s "
      "ORDER BY a.created_at DESC, a.id DESC LIMIT 200", 1 },
    { RM_Q_APP_COUNTS,
      "SELECT role, status, count(*) FROM application WHERE programme_id = %lld "
      "GROUP BY role, status ORDER BY role, status", 1 },
    { RM_Q_APP_LIST_OLDEST,
      APP_LIST_COLS APP_FILTER
      " ORDER BY a.created_at, a.id LIMIT %lld OFFSET %lld", 1 },
    { RM_Q_APP_LIST_NEWEST,
      APP_LIST_COLS APP_FILTER
      " ORDER BY a.created_at DESC, a.id DESC LIMIT %lld OFFSET %lld", 1 },
    { RM_Q_APP_LIST_NAME,
      APP_LIST_COLS APP_FILTER
      " ORDER BY lower(per.display_name), a.id LIMIT %lld OFFSET %lld", 1 },
    { RM_Q_APP_LIST_STATUS,
      APP_LIST_COLS APP_FILTER
      " ORDER BY a.status, a.created_at, a.id LIMIT %lld OFFSET %lld", 1 },
    { RM_Q_APP_LIST_COUNT, "SELECT count(*)" APP_FILTER, 1 },
};
const size_t rm_statement_count = sizeof(rm_statements) / sizeof(rm_statements[0]);

