/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The HR data exchange's statements.  Same rules as data/store.c: one text
 * for SQLite and PostgreSQL, numbers bound as %lld.  The export reads a
 * page in two steps (features/hr/hr_data.c): the records' own facts by
 * application id (keyset: after, limit), then each aggregate over the ids
 * the page covers, (lo, hi], one row per application, merged in C.  Every
 * aggregate is a range scan of an index (pair_mentor_app, pair_senior_app,
 * training_booking_application, the application's primary key): no
 * statement per record.  None of them reads a note, an answer's text or a
 * career step's title.  Export reads are never cached (each page is read
 * once, and the cache would hold special-category data for nothing).
 */
#include <stddef.h>
#include "rm_db.h"
#include "store.h"
#include "features/areas.h"

/* (lo, hi] and the programme (0: all), for an aggregate over column C */
#define RANGE(C) C " > %lld AND " C " <= %lld "
#define PROG(C) "AND (CAST(%lld AS INTEGER) = 0 OR " C " = %lld) "

#define WHO_SELECT \
    "SELECT id, principal, hr_staff_number, hr_grade, hr_grade_on, left_on FROM person "

const rm_stmt rm_hr_statements[] = {
    /* a participant: accepted, or a side of a pair whatever became of the
     * application since (a withdrawal after matching) */
    { RM_Q_HRX_BASE,
      "SELECT a.id, a.programme_id, pg.name, pg.start_date, pg.length_months, "
      "pg.min_meetings, pg.meeting_minutes, "
      "CASE WHEN per.eppn <> '' THEN per.eppn ELSE per.principal END, per.staff_number, "
      "per.hr_staff_number, a.role, a.status, a.grade, per.hr_grade, per.hr_grade_on, "
      "per.left_on, a.self_identified, a.updated_at, per.hr_updated_at "
      "FROM application a JOIN person per ON per.id = a.person_id "
      "JOIN programme pg ON pg.id = a.programme_id "
      "WHERE a.id > %lld " PROG("a.programme_id")
      "AND (%s = '' OR per.scope = %s) "
      "AND (a.status = 'accepted' OR EXISTS (SELECT 1 FROM pair pr WHERE pr.mentor_app = a.id) "
      "OR EXISTS (SELECT 1 FROM pair pr WHERE pr.senior_app = a.id)) "
      "ORDER BY a.id LIMIT %lld", 0 },
    /* every aggregate of the records (lo, hi] in one statement (one round
     * trip to PostgreSQL a chunk, not six), a row per kind and application
     * (kind, application, values a b c, when it last changed):
     *   p pairs: a active, b completed, c ended
     *   m meetings: a confirmed, b their minutes
     *   c the applicant's own check-ins;  t training sessions attended
     *   o an admin's training override;  e an evaluation response */
    { RM_Q_HRX_AGG,
      "SELECT 'p', app, sum(CASE WHEN status = 'active' THEN 1 ELSE 0 END), "
      "sum(CASE WHEN status = 'completed' THEN 1 ELSE 0 END), "
      "sum(CASE WHEN status = 'ended' THEN 1 ELSE 0 END), "
      "max(CASE WHEN coalesce(ended_at, 0) > created_at THEN ended_at ELSE created_at END) "
      "FROM (SELECT mentor_app AS app, status, created_at, ended_at FROM pair "
      "WHERE " RANGE("mentor_app") PROG("programme_id")
      "UNION ALL SELECT senior_app, status, created_at, ended_at FROM pair "
      "WHERE " RANGE("senior_app") PROG("programme_id") ") x GROUP BY app "
      "UNION ALL "
      "SELECT 'm', app, sum(CASE WHEN status = 'confirmed' THEN 1 ELSE 0 END), "
      "sum(CASE WHEN status = 'confirmed' THEN minutes ELSE 0 END), 0, max(updated_at) "
      "FROM (SELECT pr.mentor_app AS app, m.status, m.minutes, m.updated_at "
      "FROM pair pr JOIN meeting m ON m.pair_id = pr.id "
      "WHERE " RANGE("pr.mentor_app") PROG("pr.programme_id")
      "UNION ALL SELECT pr.senior_app, m.status, m.minutes, m.updated_at "
      "FROM pair pr JOIN meeting m ON m.pair_id = pr.id "
      "WHERE " RANGE("pr.senior_app") PROG("pr.programme_id") ") y GROUP BY app "
      "UNION ALL "
      "SELECT 'c', app, count(*), 0, 0, max(updated_at) FROM ("
      "SELECT pr.mentor_app AS app, c.updated_at FROM pair pr JOIN checkin c "
      "ON c.pair_id = pr.id AND c.person_id = pr.mentor_id "
      "WHERE " RANGE("pr.mentor_app") PROG("pr.programme_id")
      "UNION ALL SELECT pr.senior_app, c.updated_at FROM pair pr JOIN checkin c "
      "ON c.pair_id = pr.id AND c.person_id = pr.senior_id "
      "WHERE " RANGE("pr.senior_app") PROG("pr.programme_id") ") z GROUP BY app "
      "UNION ALL "
      "SELECT 't', b.application_id, sum(CASE WHEN b.attendance = 'attended' THEN 1 ELSE 0 END), "
      "0, 0, max(coalesce(b.recorded_at, b.booked_at)) FROM training_booking b "
      "JOIN application a ON a.id = b.application_id "
      "WHERE " RANGE("b.application_id") PROG("a.programme_id")
      "GROUP BY b.application_id "
      "UNION ALL "
      "SELECT 'o', o.application_id, 1, 0, 0, o.recorded_at FROM training_override o "
      "JOIN application a ON a.id = o.application_id "
      "WHERE " RANGE("o.application_id") PROG("a.programme_id")
      "UNION ALL "
      "SELECT 'e', a.id, 1, 0, 0, e.updated_at FROM application a JOIN eval_response e "
      "ON e.programme_id = a.programme_id AND e.person_id = a.person_id "
      "WHERE " RANGE("a.id") PROG("a.programme_id"), 0 },
    /* kind and date only: the title and note are the Mentor's own words */
    { RM_Q_HRX_STEPS,
      "SELECT a.id, s.kind, s.taken_on, s.updated_at FROM application a "
      "JOIN career_step s ON s.programme_id = a.programme_id AND s.person_id = a.person_id "
      "WHERE " RANGE("a.id") PROG("a.programme_id")
      "ORDER BY a.id, s.taken_on, s.id", 0 },

    /* HR's page: every programme with its number of participants */
    /* the participants counted are one institution's on a sector
     * programme (scope x 2; '' every one), as the export's records are */
    { RM_Q_HR_PROGRAMMES,
      "SELECT pg.id, pg.name, pg.start_date, pg.length_months, "
      "(SELECT count(*) FROM application a JOIN person per ON per.id = a.person_id "
      "WHERE a.programme_id = pg.id AND a.status = 'accepted' "
      "AND (%s = '' OR per.scope = %s)) FROM programme pg "
      "ORDER BY pg.start_date DESC, pg.id DESC LIMIT 500", 1 },
    { RM_Q_HR_IMPORTS,
      "SELECT at, actor, source, records, changed, rejected, outcome FROM hr_import "
      "ORDER BY at DESC, id DESC LIMIT 20", 1 },

    /* the import: who a record names (read inside its transaction) */
    /* the principal HR knows: eduPersonPrincipalName, or the sign-in name */
    { RM_Q_HR_WHO_PRINCIPAL,
      WHO_SELECT "WHERE (eppn = %s OR principal = %s) AND (%s = '' OR scope = %s) "
      "ORDER BY id LIMIT 2", 0 },
    { RM_Q_HR_WHO_STAFF,
      WHO_SELECT "WHERE (hr_staff_number = %s OR (hr_staff_number = '' AND staff_number = %s)) "
      "AND (%s = '' OR scope = %s) ORDER BY id LIMIT 2", 0 },
    { RM_Q_HR_SET_GRADE,
      "UPDATE person SET hr_grade = %s, hr_grade_on = %s, hr_updated_at = %lld WHERE id = %lld", 0 },
    { RM_Q_HR_SET_STAFF,
      "UPDATE person SET hr_staff_number = %s, hr_updated_at = %lld WHERE id = %lld", 0 },
    { RM_Q_HR_SET_LEFT,
      "UPDATE person SET left_on = %s, hr_updated_at = %lld WHERE id = %lld", 0 },
    { RM_Q_HR_IMPORT_ADD,
      "INSERT INTO hr_import (at, actor, source, sha256, records, changed, rejected, outcome) "
      "VALUES (%lld, %s, %s, %s, %lld, %lld, %lld, %s)", 0 },
    { NULL, NULL, 0 }
};
