/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The calendar area's statements.  Same rules as data/store.c: one text for
 * SQLite and PostgreSQL, numbers bound as %lld, 1 for reads the cache may
 * keep.  What the feed reads is listed column by column: dates, times,
 * places, links, titles and names.  Nothing here reads pair_note, checkin,
 * meeting.agenda or dispute_reason, or any application's answers.  Each
 * list is bounded (LIMIT) so that no feed grows without end.
 */
#include <stddef.h>
#include "rm_db.h"
#include "store.h"
#include "features/areas.h"

#define NAME(P) "coalesce(nullif(" P ".display_name, ''), " P ".principal)"

/* the person (%lld twice) is a partner of pair pr */
#define PARTNER(PR) "(" PR ".mentor_id = %lld OR " PR ".senior_id = %lld)"

const rm_stmt rm_calendar_statements[] = {
    { RM_Q_CALFEED_MINE,
      "SELECT token_hash, feed_key, created_at FROM calendar_feed WHERE person_id = %lld", 1 },
    { RM_Q_CALFEED_MINE_NOW,
      "SELECT token_hash, feed_key, created_at FROM calendar_feed WHERE person_id = %lld", 0 },
    /* the feed: the row the token's hash names (the UNIQUE index) */
    { RM_Q_CALFEED_BY_HASH,
      "SELECT person_id, token_hash FROM calendar_feed WHERE token_hash = %s", 1 },
    /* create or renew: a new key and hash replace the old at once */
    { RM_Q_CALFEED_UPSERT,
      "INSERT INTO calendar_feed (person_id, token_hash, feed_key, created_at) "
      "VALUES (%lld, %s, %s, %lld) ON CONFLICT (person_id) DO UPDATE SET "
      "token_hash = excluded.token_hash, feed_key = excluded.feed_key, "
      "created_at = excluded.created_at", 0 },
    { RM_Q_CALFEED_DELETE, "DELETE FROM calendar_feed WHERE person_id = %lld", 0 },

    /* the person's booked and attended training sessions (%lld the person) */
    { RM_Q_CAL_TRAINING,
      "SELECT s.id, s.title, s.day, s.starts, s.ends, s.place, s.link, s.updated_at, p.name "
      "FROM training_booking b JOIN application a ON a.id = b.application_id "
      "JOIN training_session s ON s.id = b.session_id "
      "JOIN programme p ON p.id = s.programme_id "
      "WHERE a.person_id = %lld AND b.attendance IN ('booked', 'attended') "
      "ORDER BY s.day, s.starts, s.id LIMIT 500", 1 },
    /* the confirmed meetings of the person's pairs, with the other partner's
     * name (%lld the person, three times) */
    { RM_Q_CAL_MEETINGS,
      "SELECT mt.id, mt.held_on, mt.minutes, mt.mode, mt.updated_at, "
      "CASE WHEN pr.mentor_id = %lld THEN " NAME("s") " ELSE " NAME("m") " END "
      "FROM meeting mt JOIN pair pr ON pr.id = mt.pair_id "
      "JOIN person m ON m.id = pr.mentor_id JOIN person s ON s.id = pr.senior_id "
      "WHERE " PARTNER("pr") " AND mt.status = 'confirmed' "
      "ORDER BY mt.held_on, mt.id LIMIT 2000", 1 },
    /* the check-in window of each programme where the person is in an
     * active pair (%lld the person, twice) */
    { RM_Q_CAL_CHECKINS,
      "SELECT p.id, p.name, p.checkin_date, p.checkin_weeks, p.updated_at FROM programme p "
      "WHERE p.checkin_date <> '' AND EXISTS (SELECT 1 FROM pair pr WHERE "
      "pr.programme_id = p.id AND pr.status = 'active' AND " PARTNER("pr") ") "
      "ORDER BY p.id LIMIT 200", 1 },
    /* the end event of each programme where the person was accepted or
     * paired (%lld the person, three times) */
    { RM_Q_CAL_END_EVENTS,
      "SELECT p.id, p.name, p.end_event_date, p.end_event_starts, p.end_event_ends, "
      "p.end_event_place, p.end_event_link, p.updated_at FROM programme p "
      "WHERE p.end_event_date <> '' AND (EXISTS (SELECT 1 FROM application a WHERE "
      "a.programme_id = p.id AND a.person_id = %lld AND a.status = 'accepted') "
      "OR EXISTS (SELECT 1 FROM pair pr WHERE pr.programme_id = p.id AND "
      PARTNER("pr") ")) ORDER BY p.id LIMIT 200", 1 },
    { NULL }
};
