/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The programme administration area's statements: programmes, their teams,
 * the applications list and decisions.
 * Same rules as data/store.c: one text for SQLite and PostgreSQL, numbers
 * bound as %lld, and 1 for reads whose rows the cache may keep.
 */
#include <stddef.h>
#include "rm_db.h"
#include "store.h"
#include "features/areas.h"

const rm_stmt rm_admin_statements[] = {
    { RM_Q_PROG_INSERT,
      "INSERT INTO programme (name, institutions, description, apply_opens, "
      "apply_closes, start_date, length_months, min_meetings, meeting_minutes, "
      "mentor_training, senior_training, meet_month, checkin_date, "
      "end_event_date, capacity_mentor, capacity_senior, min_grade, "
      "senior_entitlement, senior_label, checkin_weeks, eval_weeks, quiet_weeks, "
      "created_at, updated_at) VALUES "
      "(%s, %s, %s, %s, %s, %s, %lld, %lld, %lld, %s, %s, %s, %s, %s, %lld, "
      "%lld, %s, %s, %s, %lld, %lld, %lld, %lld, %lld) RETURNING id", 0 },
    { RM_Q_PROG_UPDATE,
      "UPDATE programme SET name = %s, institutions = %s, description = %s, "
      "apply_opens = %s, apply_closes = %s, start_date = %s, "
      "length_months = %lld, min_meetings = %lld, meeting_minutes = %lld, "
      "mentor_training = %s, senior_training = %s, meet_month = %s, "
      "checkin_date = %s, end_event_date = %s, capacity_mentor = %lld, "
      "capacity_senior = %lld, min_grade = %s, senior_entitlement = %s, "
      "senior_label = %s, checkin_weeks = %lld, eval_weeks = %lld, "
      "quiet_weeks = %lld, updated_at = %lld "
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
    /* whether anyone has signed in (and been recorded) under a principal:
     * a person row made by their own sign-in always has a display name
     * (web/identity.c), one made only by being added to a team has none */
    { RM_Q_TEAM_SIGNED_IN,
      "SELECT 1 FROM person WHERE principal = %s AND display_name <> ''", 1 },
    /* read inside a removal's transaction, after the programme row's lock:
     * never from the cache */
    { RM_Q_TEAM_ADMINS_NOW,
      "SELECT per.principal FROM programme_team t JOIN person per "
      "ON per.id = t.person_id WHERE t.programme_id = %lld AND t.role = 'admin' "
      "ORDER BY per.principal LIMIT 1000", 0 },
    { RM_Q_TEAM_REMOVE,
      "DELETE FROM programme_team WHERE programme_id = %lld AND role = %s "
      "AND person_id IN (SELECT id FROM person WHERE principal = %s)", 0 },
    { RM_Q_TEAM_LIST,
      "SELECT per.principal, per.display_name, t.role FROM programme_team t "
      "JOIN person per ON per.id = t.person_id WHERE t.programme_id = %lld "
      "ORDER BY t.role, per.principal LIMIT 200", 1 },

    { RM_Q_APP_DECIDE,
      "UPDATE application SET status = %s, decision_reason = %s, "
      "decided_by = %lld, decided_at = %lld, updated_at = %lld "
      "WHERE id = %lld AND programme_id = %lld AND status <> 'withdrawn'", 0 },
    /* read inside a decision's transaction, after the programme row's lock:
     * never from the cache */
    { RM_Q_APP_STATUS_NOW, "SELECT status FROM application WHERE id = %lld", 0 },
    { RM_Q_APP_COUNTS,
      "SELECT role, status, count(*) FROM application WHERE programme_id = %lld "
      "GROUP BY role, status ORDER BY role, status", 1 },
    /* the institutions with applicants, for the filter of a programme whose
     * institutions come from a federation's metadata */
    { RM_Q_APP_SCOPES,
      "SELECT DISTINCT lower(per.scope) FROM application a JOIN person per "
      "ON per.id = a.person_id WHERE a.programme_id = %lld", 1 },
    /* the same for one institution's applicants (a local admin's list):
     * programme, scope */
    { RM_Q_APP_COUNTS_SCOPE,
      "SELECT a.role, a.status, count(*) FROM application a JOIN person per "
      "ON per.id = a.person_id WHERE a.programme_id = %lld AND per.scope = %s "
      "GROUP BY a.role, a.status ORDER BY a.role, a.status", 1 },
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
    { NULL, NULL, 0 }
};
