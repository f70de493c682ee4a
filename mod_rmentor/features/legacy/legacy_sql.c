/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The legacy area's statements.  Same rules as data/store.c: one text for
 * SQLite and PostgreSQL, numbers bound as %lld, 1 for reads the cache may
 * keep; reads inside a write transaction are never cached.  A person's own
 * pages read their own rows (programme and person); the team's pages read a
 * programme's; the shared page only the actions marked shareable.  Changes
 * and deletions name the person as well as the id, so a row is only ever
 * changed by its owner whatever the pages let through.
 */
#include <stddef.h>
#include "rm_db.h"
#include "store.h"
#include "features/areas.h"

#define NAME(P) "coalesce(nullif(" P ".display_name, ''), " P ".principal)"

#define IA_SELECT \
    "SELECT a.id, a.programme_id, a.person_id, a.title, a.description, a.area, a.status, " \
    "a.started_on, a.done_on, a.outcome, a.shareable, a.created_at, a.updated_at, " \
    NAME("per") ", per.principal, coalesce((SELECT ap.senior_role FROM application ap " \
    "WHERE ap.programme_id = a.programme_id AND ap.person_id = a.person_id " \
    "AND ap.role = 'senior'), '') " \
    "FROM inst_action a JOIN person per ON per.id = a.person_id "

#define IA_FILTER \
    "WHERE a.programme_id = %lld AND (%s = '' OR a.area = %s) AND (%s = '' OR a.status = %s) "

#define CS_SELECT \
    "SELECT c.id, c.programme_id, c.person_id, c.kind, c.title, c.taken_on, c.note, " \
    "c.created_at, c.updated_at, " NAME("per") ", per.principal " \
    "FROM career_step c JOIN person per ON per.id = c.person_id "

#define CS_FILTER "WHERE c.programme_id = %lld AND (%s = '' OR c.kind = %s) "

const rm_stmt rm_legacy_statements[] = {
    /* the requester's roles in a programme: an accepted application, or a
     * side of a pair (one that was paired stays a participant) */
    { RM_Q_LEGACY_ROLES,
      "SELECT a.role, a.person_id FROM application a JOIN person p ON p.id = a.person_id "
      "WHERE a.programme_id = %lld AND p.principal = %s AND a.status = 'accepted' "
      "UNION SELECT 'senior', pr.senior_id FROM pair pr JOIN person p ON p.id = pr.senior_id "
      "WHERE pr.programme_id = %lld AND p.principal = %s "
      "UNION SELECT 'mentor', pr.mentor_id FROM pair pr JOIN person p ON p.id = pr.mentor_id "
      "WHERE pr.programme_id = %lld AND p.principal = %s", 1 },
    /* a Senior Mentor's own actions in a programme: programme, person */
    { RM_Q_ACTION_MINE,
      IA_SELECT "WHERE a.programme_id = %lld AND a.person_id = %lld "
      "ORDER BY a.created_at DESC, a.id DESC LIMIT 500", 1 },
    { RM_Q_ACTION_GET, IA_SELECT "WHERE a.id = %lld", 1 },
    { RM_Q_ACTION_GET_NOW, IA_SELECT "WHERE a.id = %lld", 0 },
    { RM_Q_ACTION_COUNT_NOW,
      "SELECT count(*) FROM inst_action WHERE programme_id = %lld AND person_id = %lld", 0 },
    { RM_Q_ACTION_INSERT,
      "INSERT INTO inst_action (programme_id, person_id, title, description, area, status, "
      "started_on, done_on, outcome, shareable, created_at, updated_at) VALUES "
      "(%lld, %lld, %s, %s, %s, %s, %s, %s, %s, %lld, %lld, %lld) RETURNING id", 0 },
    /* only its owner's */
    { RM_Q_ACTION_UPDATE,
      "UPDATE inst_action SET title = %s, description = %s, area = %s, status = %s, "
      "started_on = %s, done_on = %s, outcome = %s, shareable = %lld, updated_at = %lld "
      "WHERE id = %lld AND person_id = %lld", 0 },
    /* the team's list: a page of a programme's actions, by area and status
     * ('' for any), by the Senior Mentor's name */
    { RM_Q_ACTION_TEAM,
      IA_SELECT IA_FILTER "ORDER BY " NAME_FOLDED("per") ", a.person_id, a.id "
      "LIMIT %lld OFFSET %lld", 1 },
    { RM_Q_ACTION_TEAM_COUNT,
      "SELECT count(*) FROM inst_action a " IA_FILTER, 1 },
    /* counts by area and status */
    { RM_Q_ACTION_GRID,
      "SELECT area, status, count(*) FROM inst_action WHERE programme_id = %lld "
      "GROUP BY area, status", 1 },
    /* the actions shared for the sector, the latest change first */
    { RM_Q_ACTION_SHARED,
      IA_SELECT "WHERE a.programme_id = %lld AND a.shareable = 1 "
      "ORDER BY a.updated_at DESC, a.id DESC LIMIT 500", 1 },
    /* a Mentor's own career steps in a programme: programme, person */
    { RM_Q_CAREER_MINE,
      CS_SELECT "WHERE c.programme_id = %lld AND c.person_id = %lld "
      "ORDER BY c.taken_on DESC, c.id DESC LIMIT 500", 1 },
    { RM_Q_CAREER_GET, CS_SELECT "WHERE c.id = %lld", 1 },
    { RM_Q_CAREER_COUNT_NOW,
      "SELECT count(*) FROM career_step WHERE programme_id = %lld AND person_id = %lld", 0 },
    { RM_Q_CAREER_INSERT,
      "INSERT INTO career_step (programme_id, person_id, kind, title, taken_on, note, "
      "created_at, updated_at) VALUES (%lld, %lld, %s, %s, %s, %s, %lld, %lld) RETURNING id",
      0 },
    { RM_Q_CAREER_UPDATE,
      "UPDATE career_step SET kind = %s, title = %s, taken_on = %s, note = %s, "
      "updated_at = %lld WHERE id = %lld AND person_id = %lld", 0 },
    { RM_Q_CAREER_DELETE,
      "DELETE FROM career_step WHERE id = %lld AND person_id = %lld", 0 },
    /* the team's list: a page of a programme's steps, by kind ('' for any),
     * the latest first */
    { RM_Q_CAREER_TEAM,
      CS_SELECT CS_FILTER "ORDER BY c.taken_on DESC, c.id DESC LIMIT %lld OFFSET %lld", 1 },
    { RM_Q_CAREER_TEAM_COUNT, "SELECT count(*) FROM career_step c " CS_FILTER, 1 },
    { RM_Q_CAREER_KINDS,
      "SELECT kind, count(*), count(DISTINCT person_id) FROM career_step "
      "WHERE programme_id = %lld GROUP BY kind", 1 },
    { NULL, NULL, 0 }
};
