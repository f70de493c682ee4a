/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The staff area's statements: a person's applications, applying and
 * withdrawing, the application page.
 * Same rules as data/store.c: one text for SQLite and PostgreSQL, numbers
 * bound as %lld, and 1 for reads whose rows the cache may keep.
 */
#include <stddef.h>
#include "rm_db.h"
#include "store.h"
#include "features/areas.h"

const rm_stmt rm_apply_statements[] = {
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
      "senior_role, gain, topics, availability, motivation, topic_codes, "
      "gain_codes, offer_codes, slots, prefer, avoid, line_manager, created_at, "
      "updated_at) VALUES (%lld, %lld, %s, 'submitted', %lld, %s, %s, %s, %s, "
      "%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %lld, %lld) "
      /* one application per person and programme (schema 4): a second one,
       * in either role, inserts nothing and returns no row */
      "ON CONFLICT DO NOTHING RETURNING id", 0 },
    { RM_Q_APP_UPDATE,
      "UPDATE application SET status = 'submitted', self_identified = %lld, "
      "grade = %s, grade_source = %s, job_title = %s, department = %s, "
      "senior_role = %s, gain = %s, topics = %s, availability = %s, "
      "motivation = %s, topic_codes = %s, gain_codes = %s, offer_codes = %s, "
      "slots = %s, prefer = %s, avoid = %s, line_manager = %s, "
      "decision_reason = '', updated_at = %lld "
      "WHERE id = %lld AND person_id = %lld "
      "AND status IN ('submitted', 'withdrawn')", 0 },
    { RM_Q_APP_WITHDRAW,
      "UPDATE application SET status = 'withdrawn', updated_at = %lld "
      "WHERE id = %lld AND person_id = %lld "
      "AND status IN ('submitted', 'waitlisted', 'accepted')", 0 },
    { RM_Q_APP_MINE,
      "SELECT a.id, a.role, a.status, prog.id, prog.name, a.updated_at, "
      "prog.senior_label "
      "FROM application a JOIN programme prog ON prog.id = a.programme_id "
      "JOIN person per ON per.id = a.person_id WHERE per.principal = %s "
      "ORDER BY a.created_at DESC, a.id DESC LIMIT 200", 1 },
    { NULL, NULL, 0 }
};
