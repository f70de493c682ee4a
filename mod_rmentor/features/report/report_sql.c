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

/* counted by role and self-identification, the sides of an application */
#define BY "GROUP BY a.role, a.self_identified"

const rm_stmt rm_report_statements[] = {
    /* The programme's applications and what became of them, by role and
     * self-identification (0: not stated; the Senior Mentors' form does not
     * ask): rows (role, self_identified, what, count), what an application's
     * status (counted per status), or 'trained' (attended a session of the
     * programme), 'paired' (in any of its pairs, ended ones too) or
     * 'completed' (in a pair that completed), each application once.  Each
     * part walks one index from the programme (application_programme,
     * training_session_programme, pair_programme) and finds the application
     * by its key; the page adds them up.  Cached: the view's audit row
     * leaves the cache alone (rm_db_keep_cache).
     * Programme x 4. */
    { RM_Q_REPORT_EQUALITY,
      "SELECT a.role, a.self_identified, a.status, count(*) FROM application a "
      "WHERE a.programme_id = %lld GROUP BY a.role, a.self_identified, a.status "
      "UNION ALL SELECT a.role, a.self_identified, 'trained', count(DISTINCT a.id) "
      "FROM training_session ts JOIN training_booking b ON b.session_id = ts.id "
      "JOIN application a ON a.id = b.application_id "
      "WHERE ts.programme_id = %lld AND b.attendance = 'attended' " BY " "
      "UNION ALL SELECT a.role, a.self_identified, 'paired', count(DISTINCT a.id) "
      "FROM pair pr JOIN application a ON a.id IN (pr.mentor_app, pr.senior_app) "
      "WHERE pr.programme_id = %lld " BY " "
      "UNION ALL SELECT a.role, a.self_identified, 'completed', count(DISTINCT a.id) "
      "FROM pair pr JOIN application a ON a.id IN (pr.mentor_app, pr.senior_app) "
      "WHERE pr.programme_id = %lld AND pr.status = 'completed' " BY, 1 },
    { NULL, NULL, 0 }
};
