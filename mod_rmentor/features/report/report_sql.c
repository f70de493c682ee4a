/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The report area's statements.  Same rules as data/store.c: one text for
 * SQLite and PostgreSQL, numbers bound as %lld, 1 for reads the cache may
 * keep.  Counts only: no statement here returns a person, an answer or an
 * application's id, so nothing the pages show can name anyone.
 */
#include <stddef.h>
#include "rm_db.h"
#include "store.h"
#include "features/areas.h"

/* an application in a pair of its programme, as either side; %s more */
#define IN_PAIR(MORE) \
    "EXISTS (SELECT 1 FROM pair pr WHERE pr.programme_id = a.programme_id " \
    "AND (pr.mentor_app = a.id OR pr.senior_app = a.id)" MORE ")"

const rm_stmt rm_report_statements[] = {
    /* the programme's applications and their outcomes by role and
     * self-identification (0: not stated; the Senior Mentors' form does not
     * ask): programme */
    { RM_Q_REPORT_EQUALITY,
      "SELECT a.role, a.self_identified, count(*), "
      "coalesce(sum(CASE WHEN a.status = 'accepted' THEN 1 ELSE 0 END), 0), "
      "coalesce(sum(CASE WHEN EXISTS (SELECT 1 FROM training_booking b "
      "WHERE b.application_id = a.id AND b.attendance = 'attended') THEN 1 ELSE 0 END), 0), "
      "coalesce(sum(CASE WHEN " IN_PAIR("") " THEN 1 ELSE 0 END), 0), "
      "coalesce(sum(CASE WHEN " IN_PAIR(" AND pr.status = 'completed'")
      " THEN 1 ELSE 0 END), 0) "
      "FROM application a WHERE a.programme_id = %lld "
      "GROUP BY a.role, a.self_identified ORDER BY a.role, a.self_identified", 1 },
    { NULL, NULL, 0 }
};
