/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The check-in area's statements.  Same rules as data/store.c: one text for
 * SQLite and PostgreSQL, numbers bound as %lld, 1 for reads the cache may
 * keep; reads inside a write transaction are never cached.  A partner's page
 * reads only the partner's own check-in row (RM_Q_CHECKIN_MINE); both rows
 * of a pair are read by the team's pages alone (RM_Q_CHECKIN_PAIR).  Nothing
 * here reads pair_note.
 */
#include <stddef.h>
#include "rm_db.h"
#include "store.h"
#include "features/areas.h"

#define NAME(P) "coalesce(nullif(" P ".display_name, ''), " P ".principal)"

#define CI_COLS \
    "person_id, rating, on_plan, going_well, hard, wants_support, support_kind, " \
    "submitted_at, updated_at"

#define SA_SELECT \
    "SELECT a.id, a.pair_id, a.what, a.owner_id, " NAME("o") ", a.due_on, a.status, " \
    "a.drop_reason, a.follow_up, " NAME("c") ", a.created_at, a.updated_at " \
    "FROM support_action a JOIN person o ON o.id = a.owner_id " \
    "JOIN person c ON c.id = a.created_by "

/* An action still to do */
#define SA_OPEN(A) A ".status IN ('open', 'in_progress')"

/* The active pairs of a programme (%s today, %lld the programme), each with
 * its confirmed meetings, each partner's check-in (answered, rating, support
 * asked for) and its open and overdue support actions.  One pass: the
 * check-ins are joined, the counts are subqueries on the indexes
 * meeting_pair and support_action_pair. */
#define AR_PAIRS \
    "SELECT pr.id AS pid, " NAME("m") " AS mname, " NAME("s") " AS sname, " \
    "(SELECT count(*) FROM meeting c WHERE c.pair_id = pr.id " \
    "AND c.status = 'confirmed') AS confirmed, " \
    "CASE WHEN mc.id IS NULL THEN 0 ELSE 1 END AS m_answered, " \
    "coalesce(mc.rating, 0) AS m_rating, coalesce(mc.wants_support, 0) AS m_support, " \
    "CASE WHEN sc.id IS NULL THEN 0 ELSE 1 END AS s_answered, " \
    "coalesce(sc.rating, 0) AS s_rating, coalesce(sc.wants_support, 0) AS s_support, " \
    "(SELECT count(*) FROM support_action a WHERE a.pair_id = pr.id AND " \
    SA_OPEN("a") ") AS open_actions, " \
    "(SELECT count(*) FROM support_action a WHERE a.pair_id = pr.id AND " \
    SA_OPEN("a") " AND a.due_on < %s) AS overdue, pr.pace_offset AS pace_offset " \
    "FROM pair pr JOIN person m ON m.id = pr.mentor_id " \
    "JOIN person s ON s.id = pr.senior_id " \
    "LEFT JOIN checkin mc ON mc.pair_id = pr.id AND mc.person_id = pr.mentor_id " \
    "LEFT JOIN checkin sc ON sc.pair_id = pr.id AND sc.person_id = pr.senior_id " \
    "WHERE pr.programme_id = %lld AND pr.status = 'active'"

/* ...and how many reasons make each one at risk (%lld the meetings the
 * programme's pace expects today, less what it already expected when the pair
 * was made, pair.pace_offset, as rm_pair_expected; %lld 1 when the window has
 * closed).  The rules are
 * rm_pair_risk's (core/pace.c), which the pages apply to these columns to
 * name the reasons; here they only count them, to filter, sort and page.
 * The two numbers are cast: SQLite's driver binds every argument as text,
 * and a count compared with text (neither a column) is always smaller. */
#define AR_COUNTED \
    "SELECT x.pid, x.mname, x.sname, x.confirmed, x.m_answered, x.m_rating, " \
    "x.m_support, x.s_answered, x.s_rating, x.s_support, x.open_actions, x.overdue, " \
    "x.pace_offset, " \
    "(CASE WHEN x.confirmed + x.pace_offset < CAST(%lld AS BIGINT) THEN 1 ELSE 0 END" \
    " + CASE WHEN (x.m_answered = 1 AND x.m_rating BETWEEN 1 AND 2)" \
    " OR (x.s_answered = 1 AND x.s_rating BETWEEN 1 AND 2) THEN 1 ELSE 0 END" \
    " + CASE WHEN (x.m_answered = 1 AND x.m_support = 1)" \
    " OR (x.s_answered = 1 AND x.s_support = 1) THEN 1 ELSE 0 END" \
    " + CASE WHEN CAST(%lld AS BIGINT) = 1 AND (x.m_answered = 0 OR x.s_answered = 0)" \
    " THEN 1 ELSE 0 END) AS reasons " \
    "FROM (" AR_PAIRS ") x"

const rm_stmt rm_checkin_statements[] = {
    /* a partner's own answers: pair, person */
    { RM_Q_CHECKIN_MINE,
      "SELECT " CI_COLS " FROM checkin WHERE pair_id = %lld AND person_id = %lld", 1 },
    { RM_Q_CHECKIN_MINE_NOW,
      "SELECT " CI_COLS " FROM checkin WHERE pair_id = %lld AND person_id = %lld", 0 },
    /* both partners' answers, for the team */
    { RM_Q_CHECKIN_PAIR,
      "SELECT " CI_COLS " FROM checkin WHERE pair_id = %lld ORDER BY person_id LIMIT 2", 1 },
    /* answered, or changed while the window is open: submitted_at stays the
     * first answer's */
    { RM_Q_CHECKIN_UPSERT,
      "INSERT INTO checkin (pair_id, person_id, rating, on_plan, going_well, hard, "
      "wants_support, support_kind, submitted_at, updated_at) VALUES "
      "(%lld, %lld, %lld, %s, %s, %s, %lld, %s, %lld, %lld) "
      "ON CONFLICT (pair_id, person_id) DO UPDATE SET rating = excluded.rating, "
      "on_plan = excluded.on_plan, going_well = excluded.going_well, "
      "hard = excluded.hard, wants_support = excluded.wants_support, "
      "support_kind = excluded.support_kind, updated_at = excluded.updated_at", 0 },
    /* the team's overview: a page of pairs, those at risk (show 'risk') or
     * all, the most reasons first, then by the Mentor's name */
    { RM_Q_CHECKIN_RISK,
      "SELECT y.pid, y.mname, y.sname, y.confirmed, y.m_answered, y.m_rating, "
      "y.m_support, y.s_answered, y.s_rating, y.s_support, y.open_actions, y.overdue, "
      "y.pace_offset, y.reasons FROM (" AR_COUNTED ") y WHERE (%s = 'all' OR y.reasons > 0) "
      "ORDER BY y.reasons DESC, lower(y.mname), y.pid LIMIT %lld OFFSET %lld", 1 },
    { RM_Q_CHECKIN_SUMMARY,
      "SELECT count(*), coalesce(sum(CASE WHEN y.reasons > 0 THEN 1 ELSE 0 END), 0), "
      "coalesce(sum(y.m_answered + y.s_answered), 0) FROM (" AR_COUNTED ") y", 1 },
    { RM_Q_SUPPORT_LIST,
      SA_SELECT "WHERE a.pair_id = %lld ORDER BY CASE WHEN " SA_OPEN("a")
      " THEN 0 ELSE 1 END, a.due_on, a.id LIMIT 500", 1 },
    { RM_Q_SUPPORT_GET, SA_SELECT "WHERE a.id = %lld", 1 },
    { RM_Q_SUPPORT_GET_NOW, SA_SELECT "WHERE a.id = %lld", 0 },
    { RM_Q_SUPPORT_INSERT,
      "INSERT INTO support_action (pair_id, what, owner_id, due_on, status, "
      "created_by, created_at, updated_at) VALUES "
      "(%lld, %s, %lld, %s, 'open', %lld, %lld, %lld) RETURNING id", 0 },
    { RM_Q_SUPPORT_UPDATE,
      "UPDATE support_action SET status = %s, drop_reason = %s, follow_up = %s, "
      "owner_id = %lld, due_on = %s, updated_at = %lld WHERE id = %lld", 0 },
    /* the programme's team, whoever of it may own an action: id, name,
     * sign-in name */
    { RM_Q_SUPPORT_OWNERS,
      "SELECT DISTINCT per.id, " NAME("per") ", per.principal FROM programme_team t "
      "JOIN person per ON per.id = t.person_id WHERE t.programme_id = %lld "
      "AND t.role IN ('admin', 'facilitator') "
      "ORDER BY 2, per.id LIMIT 200", 1 },
    { NULL, NULL, 0 }
};
