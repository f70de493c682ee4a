/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The closing area's statements.  Same rules as data/store.c: one text for
 * SQLite and PostgreSQL, numbers bound as %lld, 1 for reads the cache may
 * keep; reads inside a write transaction are never cached.  Ownership is in
 * the statements themselves where a row belongs to one person: a reflection
 * is read, changed or deleted only with its author's id.
 */
#include <stddef.h>
#include "rm_db.h"
#include "store.h"
#include "features/areas.h"

#define NAME(P) "coalesce(nullif(" P ".display_name, ''), " P ".principal)"

/* A programme's participants (%lld twice): each partner of any of its
 * pairs, whatever became of the pair, with the role they were paired in */
#define PARTICIPANTS \
    "(SELECT mentor_id AS pid, 'mentor' AS role FROM pair WHERE programme_id = %lld " \
    "UNION SELECT senior_id, 'senior' FROM pair WHERE programme_id = %lld)"

#define RF_SELECT \
    "SELECT r.id, r.programme_id, prog.name, r.title, r.body, r.visibility, r.in_digest, " \
    "r.created_at, r.updated_at, " NAME("a") " FROM reflection r " \
    "JOIN programme prog ON prog.id = r.programme_id JOIN person a ON a.id = r.person_id "

const rm_stmt rm_closing_statements[] = {
    /* the role the person (%lld) was paired in on the programme (%lld), ''
     * when they were never paired there */
    { RM_Q_CL_ROLE,
      "SELECT coalesce((SELECT x.role FROM " PARTICIPANTS " x WHERE x.pid = %lld "
      "ORDER BY x.role LIMIT 1), '')", 1 },
    /* the programmes the person (%lld) is a participant of, newest first */
    { RM_Q_CL_MY_PROGS,
      "SELECT prog.id, prog.name, CASE WHEN EXISTS (SELECT 1 FROM pair m WHERE "
      "m.programme_id = prog.id AND m.mentor_id = %lld) THEN 'mentor' ELSE 'senior' END "
      "FROM programme prog WHERE EXISTS (SELECT 1 FROM pair pr WHERE pr.programme_id = prog.id "
      "AND (pr.mentor_id = %lld OR pr.senior_id = %lld)) ORDER BY prog.start_date DESC, "
      "prog.id DESC LIMIT 100", 1 },
    /* the participants of programme %lld with their reply to its end event
     * and whether they answered its evaluation, by role then name */
    { RM_Q_CL_PEOPLE,
      "SELECT x.pid, " NAME("p") ", x.role, coalesce(r.answer, ''), "
      "coalesce(r.access_needs, ''), coalesce(r.attended, -1), coalesce(r.updated_at, 0), "
      "CASE WHEN e.id IS NULL THEN 0 ELSE 1 END "
      "FROM " PARTICIPANTS " x JOIN person p ON p.id = x.pid "
      "LEFT JOIN event_reply r ON r.programme_id = %lld AND r.person_id = x.pid "
      "LEFT JOIN eval_response e ON e.programme_id = %lld AND e.person_id = x.pid "
      "ORDER BY x.role, lower(" NAME("p") "), x.pid LIMIT 5000", 1 },

    /* ---- the end event ---- */
    { RM_Q_EV_SETUP,
      "UPDATE programme SET end_event_date = %s, end_event_starts = %s, "
      "end_event_ends = %s, end_event_place = %s, end_event_link = %s, "
      "end_event_details = %s, end_event_capacity = %lld, updated_at = %lld "
      "WHERE id = %lld", 0 },
    { RM_Q_EV_MINE,
      "SELECT answer, access_needs, coalesce(attended, -1), updated_at FROM event_reply "
      "WHERE programme_id = %lld AND person_id = %lld", 1 },
    { RM_Q_EV_MINE_NOW,
      "SELECT answer, access_needs, coalesce(attended, -1), updated_at FROM event_reply "
      "WHERE programme_id = %lld AND person_id = %lld", 0 },
    /* the places taken by others than the person (%lld) */
    { RM_Q_EV_YES_NOW,
      "SELECT count(*) FROM event_reply WHERE programme_id = %lld AND answer = 'yes' "
      "AND person_id <> %lld", 0 },
    /* serialises replies to one programme's event (the capacity check) */
    { RM_Q_EV_LOCK, "UPDATE programme SET end_event_capacity = end_event_capacity "
      "WHERE id = %lld", 0 },
    { RM_Q_EV_UPSERT,
      "INSERT INTO event_reply (programme_id, person_id, answer, access_needs, created_at, "
      "updated_at) VALUES (%lld, %lld, %s, %s, %lld, %lld) "
      "ON CONFLICT (programme_id, person_id) DO UPDATE SET answer = excluded.answer, "
      "access_needs = excluded.access_needs, updated_at = excluded.updated_at", 0 },
    /* attendance of someone who never replied keeps answer 'none' */
    { RM_Q_EV_ATTEND,
      "INSERT INTO event_reply (programme_id, person_id, answer, attended, created_at, "
      "updated_at) VALUES (%lld, %lld, 'none', %lld, %lld, %lld) "
      "ON CONFLICT (programme_id, person_id) DO UPDATE SET attended = excluded.attended, "
      "updated_at = excluded.updated_at", 0 },
    { RM_Q_EV_ATTEND_CLEAR,
      "UPDATE event_reply SET attended = NULL, updated_at = %lld "
      "WHERE programme_id = %lld AND person_id = %lld", 0 },

    /* ---- the evaluation ---- */
    { RM_Q_EQ_LIST,
      "SELECT id, position, kind, wording FROM eval_question WHERE programme_id = %lld "
      "ORDER BY position", 1 },
    { RM_Q_EQ_LIST_NOW,
      "SELECT id, position, kind, wording FROM eval_question WHERE programme_id = %lld "
      "ORDER BY position", 0 },
    { RM_Q_EQ_DELETE, "DELETE FROM eval_question WHERE programme_id = %lld", 0 },
    { RM_Q_EQ_INSERT,
      "INSERT INTO eval_question (programme_id, position, kind, wording) "
      "VALUES (%lld, %lld, %s, %s)", 0 },
    { RM_Q_ER_COUNT_NOW, "SELECT count(*) FROM eval_response WHERE programme_id = %lld", 0 },
    { RM_Q_ER_MINE,
      "SELECT id, named, submitted_at, updated_at FROM eval_response "
      "WHERE programme_id = %lld AND person_id = %lld", 1 },
    { RM_Q_ER_MINE_NOW,
      "SELECT id, named, submitted_at, updated_at FROM eval_response "
      "WHERE programme_id = %lld AND person_id = %lld", 0 },
    { RM_Q_ER_ANSWERS,
      "SELECT question_id, coalesce(rating, 0), body FROM eval_answer "
      "WHERE response_id = %lld", 1 },
    { RM_Q_ER_INSERT,
      "INSERT INTO eval_response (programme_id, person_id, role, named, submitted_at, "
      "updated_at) VALUES (%lld, %lld, %s, %lld, %lld, %lld) RETURNING id", 0 },
    { RM_Q_ER_UPDATE,
      "UPDATE eval_response SET named = %lld, updated_at = %lld WHERE id = %lld", 0 },
    { RM_Q_EA_DELETE, "DELETE FROM eval_answer WHERE response_id = %lld", 0 },
    { RM_Q_EA_RATING,
      "INSERT INTO eval_answer (response_id, question_id, rating, body) "
      "VALUES (%lld, %lld, %lld, '')", 0 },
    { RM_Q_EA_TEXT,
      "INSERT INTO eval_answer (response_id, question_id, body) VALUES (%lld, %lld, %s)", 0 },
    /* programme %lld: per role, its participants and how many responded */
    { RM_Q_ER_RATES,
      "SELECT x.role, count(*), count(r.id) FROM " PARTICIPANTS " x "
      "LEFT JOIN eval_response r ON r.programme_id = %lld AND r.person_id = x.pid "
      "GROUP BY x.role ORDER BY x.role", 1 },

    /* ---- reflective learning ---- */
    { RM_Q_RF_MINE,
      RF_SELECT "WHERE r.person_id = %lld ORDER BY r.created_at DESC, r.id DESC LIMIT 500", 1 },
    { RM_Q_RF_COUNT_NOW, "SELECT count(*) FROM reflection WHERE person_id = %lld", 0 },
    { RM_Q_RF_GET, RF_SELECT "WHERE r.id = %lld AND r.person_id = %lld", 1 },
    { RM_Q_RF_INSERT,
      "INSERT INTO reflection (programme_id, person_id, title, body, visibility, "
      "created_at, updated_at) VALUES (%lld, %lld, %s, %s, %s, %lld, %lld) RETURNING id", 0 },
    /* an entry made private leaves the digest */
    { RM_Q_RF_UPDATE,
      "UPDATE reflection SET title = %s, body = %s, visibility = %s, "
      "in_digest = CASE WHEN %s = 'private' THEN 0 ELSE in_digest END, updated_at = %lld "
      "WHERE id = %lld AND person_id = %lld", 0 },
    { RM_Q_RF_DELETE, "DELETE FROM reflection WHERE id = %lld AND person_id = %lld", 0 },
    /* programme %lld's shared entries; %s 'sector' for those offered for the
     * sector only, '' for all; a page of them (limit, offset) */
    { RM_Q_RF_SHARED,
      RF_SELECT "WHERE r.programme_id = %lld AND r.visibility <> 'private' "
      "AND (%s = '' OR r.visibility = %s) "
      "ORDER BY r.created_at DESC, r.id DESC LIMIT %lld OFFSET %lld", 1 },
    { RM_Q_RF_SHARED_COUNT,
      "SELECT count(*) FROM reflection r WHERE r.programme_id = %lld "
      "AND r.visibility <> 'private' AND (%s = '' OR r.visibility = %s)", 1 },
    { RM_Q_RF_DIGEST,
      RF_SELECT "WHERE r.programme_id = %lld AND r.visibility <> 'private' "
      "AND r.in_digest = 1 ORDER BY r.created_at, r.id LIMIT 500", 1 },
    { RM_Q_RF_SET_DIGEST,
      "UPDATE reflection SET in_digest = %lld WHERE id = %lld AND programme_id = %lld "
      "AND visibility <> 'private'", 0 },
    { NULL, NULL, 0 }
};
