/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The pairs area's statements.  Same rules as data/store.c: one text for
 * SQLite and PostgreSQL, numbers bound as %lld, 1 for reads the cache may
 * keep.  Reads inside a write transaction (after a row lock) are never
 * cached: they must see what holds now.  pair_note's body is read by
 * RM_Q_NOTE_LIST alone, which only the partners' page runs.
 */
#include <stddef.h>
#include "rm_db.h"
#include "store.h"
#include "features/areas.h"

#define NAME(P) "coalesce(nullif(" P ".display_name, ''), " P ".principal)"

#define PAIR_SELECT \
    "SELECT pr.id, pr.programme_id, pr.mentor_app, pr.senior_app, pr.mentor_id, " \
    "pr.senior_id, pr.status, pr.created_at, coalesce(pr.ended_at, 0), pr.end_reason, " \
    "pr.end_note, coalesce(pr.rematch_of, 0), " \
    NAME("m") ", m.principal, m.mail, ma.job_title, ma.department, m.scope, " \
    NAME("s") ", s.principal, s.mail, sa.senior_role, sa.department, s.scope, " \
    "pr.pace_offset " \
    "FROM pair pr JOIN person m ON m.id = pr.mentor_id " \
    "JOIN person s ON s.id = pr.senior_id " \
    "JOIN application ma ON ma.id = pr.mentor_app " \
    "JOIN application sa ON sa.id = pr.senior_app "

#define CONFIRMED(P) \
    "(SELECT count(*) FROM meeting c WHERE c.pair_id = " P " AND c.status = 'confirmed')"
#define MINUTES(P) \
    "(SELECT coalesce(sum(c.minutes), 0) FROM meeting c WHERE c.pair_id = " P \
    " AND c.status = 'confirmed')"
#define LAST(P) \
    "(SELECT coalesce(max(c.held_on), '') FROM meeting c WHERE c.pair_id = " P \
    " AND c.status = 'confirmed')"
#define WAITING(P) \
    "(SELECT count(*) FROM meeting c WHERE c.pair_id = " P " AND c.status = 'logged')"

/* the team's table: status, a name of either partner, and the pace
 * ('behind': fewer confirmed meetings than %lld; 'on': at least that).
 * The CASTs: the SQLite driver binds every argument as text, and an
 * expression (no affinity) compared with text is always the smaller. */
#define PT_SELECT \
    "SELECT pr.id, " NAME("m") ", " NAME("s") ", pr.status, " CONFIRMED("pr.id") ", " \
    MINUTES("pr.id") ", " LAST("pr.id") ", " WAITING("pr.id") ", " \
    "(SELECT count(*) FROM pair_end_request er WHERE er.pair_id = pr.id " \
    "AND er.status = 'open'), pr.pace_offset"
#define PT_FILTER \
    " FROM pair pr JOIN person m ON m.id = pr.mentor_id JOIN person s ON s.id = pr.senior_id" \
    " WHERE pr.programme_id = %lld AND (%s = '' OR pr.status = %s)" \
    " AND (%s = '' OR " NAME_FOLDED("m") " LIKE %s ESCAPE '!'" \
    " OR " NAME_FOLDED("s") " LIKE %s ESCAPE '!')" \
    " AND (%s = '' OR (%s = 'behind' AND pr.status = 'active' AND " CONFIRMED("pr.id") \
    " + pr.pace_offset < CAST(%lld AS INTEGER))" \
    " OR (%s = 'on' AND pr.status = 'active' AND " CONFIRMED("pr.id") " + pr.pace_offset >= CAST(%lld AS INTEGER)))"
#define PT_PAGE " LIMIT %lld OFFSET %lld"

const rm_stmt rm_pairs_statements[] = {
    { RM_Q_PAIR_GET, PAIR_SELECT "WHERE pr.id = %lld", 1 },
    /* the pair's row lock serialises every change to the pair and its
     * meetings (an update that changes nothing: both drivers lock the row) */
    { RM_Q_PAIR_LOCK, "UPDATE pair SET status = status WHERE id = %lld", 0 },
    { RM_Q_PAIR_GET_NOW, PAIR_SELECT "WHERE pr.id = %lld", 0 },
    { RM_Q_PAIR_END,
      "UPDATE pair SET status = 'ended', ended_at = %lld, end_reason = %s, end_note = %s, "
      "ended_by = %lld WHERE id = %lld AND status = 'active'", 0 },
    { RM_Q_PAIR_REMATCH,
      "INSERT INTO pair (programme_id, mentor_app, senior_app, mentor_id, senior_id, "
      "status, score, created_by, created_at, rematch_of, pace_offset) VALUES "
      "(%lld, %lld, %lld, %lld, %lld, 'active', %lld, %lld, %lld, %lld, %lld) RETURNING id", 0 },
    { RM_Q_PAIR_ACTIVE_OF_APP,
      "SELECT id FROM pair WHERE (mentor_app = %lld OR senior_app = %lld) "
      "AND status = 'active'", 0 },
    { RM_Q_MEETING_STATS,
      "SELECT " CONFIRMED("%lld") ", " MINUTES("%lld") ", " LAST("%lld") ", "
      WAITING("%lld"), 1 },
    { RM_Q_MEETING_LIST,
      "SELECT mt.id, mt.pair_id, mt.held_on, mt.minutes, mt.mode, mt.agenda, mt.status, "
      "mt.logged_by, " NAME("l") ", l.principal, mt.dispute_reason, mt.logged_at "
      "FROM meeting mt JOIN person l ON l.id = mt.logged_by "
      "WHERE mt.pair_id = %lld AND mt.status <> 'withdrawn' "
      "ORDER BY mt.held_on DESC, mt.id DESC LIMIT 200", 1 },
    { RM_Q_MEETING_GET,
      "SELECT mt.id, mt.pair_id, mt.held_on, mt.minutes, mt.mode, mt.agenda, mt.status, "
      "mt.logged_by, " NAME("l") ", l.principal, mt.dispute_reason, mt.logged_at "
      "FROM meeting mt JOIN person l ON l.id = mt.logged_by WHERE mt.id = %lld", 0 },
    { RM_Q_MEETING_INSERT,
      "INSERT INTO meeting (pair_id, held_on, minutes, mode, agenda, logged_by, "
      "logged_at, updated_at) VALUES (%lld, %s, %lld, %s, %s, %lld, %lld, %lld) "
      "RETURNING id", 0 },
    /* a correction by its logger, until confirmed: asked again */
    { RM_Q_MEETING_UPDATE,
      "UPDATE meeting SET held_on = %s, minutes = %lld, mode = %s, agenda = %s, "
      "status = 'logged', dispute_reason = '', answered_by = NULL, answered_at = NULL, "
      "updated_at = %lld WHERE id = %lld AND logged_by = %lld "
      "AND status IN ('logged', 'disputed')", 0 },
    /* the other partner's answer to a logged meeting */
    { RM_Q_MEETING_ANSWER,
      "UPDATE meeting SET status = %s, dispute_reason = %s, answered_by = %lld, "
      "answered_at = %lld, updated_at = %lld WHERE id = %lld AND logged_by <> %lld "
      "AND status = 'logged'", 0 },
    { RM_Q_MEETING_WITHDRAW,
      "UPDATE meeting SET status = 'withdrawn', updated_at = %lld WHERE id = %lld "
      "AND logged_by = %lld AND status IN ('logged', 'disputed')", 0 },
    { RM_Q_NOTE_LIST,
      "SELECT n.id, " NAME("a") ", n.body, n.created_at FROM pair_note n "
      "JOIN person a ON a.id = n.author_id WHERE n.pair_id = %lld "
      "ORDER BY n.id DESC LIMIT 500", 0 },
    { RM_Q_NOTE_COUNT, "SELECT count(*) FROM pair_note WHERE pair_id = %lld", 1 },
    { RM_Q_NOTE_INSERT,
      "INSERT INTO pair_note (pair_id, author_id, body, created_at) "
      "VALUES (%lld, %lld, %s, %lld)", 0 },
    { RM_Q_END_REQ_OPEN,
      "SELECT er.id, er.pair_id, " NAME("p") ", er.category, er.note, er.created_at, "
      "p.principal FROM pair_end_request er JOIN person p ON p.id = er.person_id "
      "WHERE er.pair_id = %lld AND er.status = 'open'", 1 },
    { RM_Q_END_REQ_INSERT,
      "INSERT INTO pair_end_request (pair_id, person_id, category, note, created_at) "
      "VALUES (%lld, %lld, %s, %s, %lld) ON CONFLICT DO NOTHING", 0 },
    { RM_Q_END_REQ_DECIDE,
      "UPDATE pair_end_request SET status = %s, decided_by = %lld, decided_at = %lld, "
      "decision_note = %s WHERE pair_id = %lld AND status = 'open'", 0 },
    { RM_Q_END_REQ_PROGRAMME,
      "SELECT er.id, er.pair_id, " NAME("p") ", er.category, er.note, er.created_at, "
      "p.principal FROM pair_end_request er JOIN person p ON p.id = er.person_id "
      "JOIN pair pr ON pr.id = er.pair_id WHERE pr.programme_id = %lld "
      "AND er.status = 'open' ORDER BY er.created_at LIMIT 100", 1 },
    /* a waitlisted applicant chosen for a rematch takes a place */
    { RM_Q_REMATCH_ACCEPT,
      "UPDATE application SET status = 'accepted', decision_reason = %s, decided_by = %lld, "
      "decided_at = %lld, updated_at = %lld WHERE id = %lld AND status = 'waitlisted'", 0 },
    { RM_Q_PAIRS_TEAM "_name", PT_SELECT PT_FILTER
      " ORDER BY lower(" NAME("m") "), pr.id" PT_PAGE, 1 },
    { RM_Q_PAIRS_TEAM "_meetings", PT_SELECT PT_FILTER
      " ORDER BY 5, lower(" NAME("m") "), pr.id" PT_PAGE, 1 },
    { RM_Q_PAIRS_TEAM "_last", PT_SELECT PT_FILTER
      " ORDER BY 7, lower(" NAME("m") "), pr.id" PT_PAGE, 1 },
    { RM_Q_PAIRS_TEAM "_count", "SELECT count(*)" PT_FILTER, 1 },
    { NULL, NULL, 0 }
};
