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
/* an application's person, and only one institution's (local admins) */
#define SCOPED_JOIN " JOIN person per ON per.id = a.person_id"
#define SCOPED_WHERE " AND per.scope = %s"

/* The programme's applications and what became of them, by role and
 * self-identification (0: not stated; the Senior Mentors' form does not
 * ask): rows (role, self_identified, what, count), what an application's
 * status (counted per status), or 'trained' (attended a session of the
 * programme), 'paired' (in any of its pairs, ended ones too) or
 * 'completed' (in a pair that completed), each application once.  Each
 * part walks one index from the programme (application_programme,
 * training_session_programme, pair_programme) and finds the application
 * by its key; the page adds them up.  J and W join and restrict each
 * part's application (nothing for the whole programme).  Cached: the
 * view's audit row leaves the cache alone (rm_db_keep_cache). */
#define EQUALITY(J, W) \
    "SELECT a.role, a.self_identified, a.status, count(*) FROM application a" J " " \
    "WHERE a.programme_id = %lld" W " GROUP BY a.role, a.self_identified, a.status " \
    "UNION ALL SELECT a.role, a.self_identified, 'trained', count(DISTINCT a.id) " \
    "FROM training_session ts JOIN training_booking b ON b.session_id = ts.id " \
    "JOIN application a ON a.id = b.application_id" J " " \
    "WHERE ts.programme_id = %lld AND b.attendance = 'attended'" W " " BY " " \
    "UNION ALL SELECT a.role, a.self_identified, 'paired', count(DISTINCT a.id) " \
    "FROM pair pr JOIN application a ON a.id IN (pr.mentor_app, pr.senior_app)" J " " \
    "WHERE pr.programme_id = %lld" W " " BY " " \
    "UNION ALL SELECT a.role, a.self_identified, 'completed', count(DISTINCT a.id) " \
    "FROM pair pr JOIN application a ON a.id IN (pr.mentor_app, pr.senior_app)" J " " \
    "WHERE pr.programme_id = %lld AND pr.status = 'completed'" W " " BY

const rm_stmt rm_report_statements[] = {
    /* the funnel (EQUALITY above): programme x 4 */
    { RM_Q_REPORT_EQUALITY, EQUALITY("", ""), 1 },
    /* The same for one institution's people (a local admin's report, its
     * scope joined from each application's person): programme, scope x 4. */
    { RM_Q_REPORT_EQUALITY_SCOPE, EQUALITY(SCOPED_JOIN, SCOPED_WHERE), 1 },
    /* The programme report's figures besides the funnel (which is
     * RM_Q_REPORT_EQUALITY added up over self-identification): one part per
     * section, each walking an index from the programme, counts only (the
     * evaluation's ratings as a count and a sum, so the page works out the
     * mean and can withhold it with the count).  Cached: the view's audit
     * row leaves the cache alone (rm_db_keep_cache).  Programme x 8. */
    { RM_Q_REPORT_FIGURES,
      "SELECT 'training', ts.role, b.attendance, count(*), 0 "
      "FROM training_session ts JOIN training_booking b ON b.session_id = ts.id "
      "WHERE ts.programme_id = %lld GROUP BY ts.role, b.attendance "
      "UNION ALL SELECT 'meetings', CAST(t.n AS TEXT), '', count(*), 0 FROM "
      "(SELECT (SELECT count(*) FROM meeting m WHERE m.pair_id = pr.id "
      "AND m.status = 'confirmed') AS n FROM pair pr WHERE pr.programme_id = %lld) t "
      "GROUP BY t.n "
      "UNION ALL SELECT 'rating', CAST(c.rating AS TEXT), '', count(*), 0 "
      "FROM pair pr JOIN checkin c ON c.pair_id = pr.id WHERE pr.programme_id = %lld "
      "GROUP BY c.rating "
      "UNION ALL SELECT 'support', sa.status, '', count(*), 0 "
      "FROM pair pr JOIN support_action sa ON sa.pair_id = pr.id "
      "WHERE pr.programme_id = %lld GROUP BY sa.status "
      "UNION ALL SELECT 'response', er.role, '', count(*), 0 FROM eval_response er "
      "WHERE er.programme_id = %lld GROUP BY er.role "
      "UNION ALL SELECT 'question', CAST(q.position AS TEXT), q.wording, count(ea.rating), "
      "COALESCE(sum(ea.rating), 0) FROM eval_question q "
      "LEFT JOIN eval_answer ea ON ea.question_id = q.id "
      "WHERE q.programme_id = %lld AND q.kind = 'rating' "
      "GROUP BY q.id, q.position, q.wording "
      "UNION ALL SELECT 'action', ia.area, ia.status, count(*), 0 FROM inst_action ia "
      "WHERE ia.programme_id = %lld GROUP BY ia.area, ia.status "
      "UNION ALL SELECT 'career', cs.kind, '', count(*), 0 FROM career_step cs "
      "WHERE cs.programme_id = %lld GROUP BY cs.kind", 1 },
    /* One institution's part of those figures that belong to a person of
     * it (a local admin's report): training bookings of its applicants,
     * actions of its Senior Mentors, career steps of its Mentors.  The
     * pairs' figures (meetings, check-ins, support, evaluation) belong to
     * pairs that may span two institutions and are not in it.
     * (Programme, scope) x 3. */
    { RM_Q_REPORT_FIGURES_SCOPE,
      "SELECT 'training', ts.role, b.attendance, count(*), 0 "
      "FROM training_session ts JOIN training_booking b ON b.session_id = ts.id "
      "JOIN application a ON a.id = b.application_id" SCOPED_JOIN " "
      "WHERE ts.programme_id = %lld" SCOPED_WHERE " GROUP BY ts.role, b.attendance "
      "UNION ALL SELECT 'action', ia.area, ia.status, count(*), 0 FROM inst_action ia "
      "JOIN person per ON per.id = ia.person_id WHERE ia.programme_id = %lld"
      SCOPED_WHERE " GROUP BY ia.area, ia.status "
      "UNION ALL SELECT 'career', cs.kind, '', count(*), 0 FROM career_step cs "
      "JOIN person per ON per.id = cs.person_id WHERE cs.programme_id = %lld"
      SCOPED_WHERE " GROUP BY cs.kind", 1 },
    { RM_Q_REPORT_BY_INST,
      "SELECT per.scope, a.role, a.status, count(*) FROM application a "
      "JOIN person per ON per.id = a.person_id WHERE a.programme_id = %lld "
      "GROUP BY per.scope, a.role, a.status", 1 },
    { NULL, NULL, 0 }
};
