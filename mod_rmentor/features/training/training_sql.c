/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The training area's statements.  Same rules as data/store.c: one text for
 * SQLite and PostgreSQL, numbers bound as %lld, 1 for reads the cache may
 * keep.  Reads inside a booking's transaction (after the session row's
 * lock) are never cached: they must see what holds now.
 */
#include <stddef.h>
#include "rm_db.h"
#include "store.h"
#include "features/areas.h"

/* the places a session's bookings take: absences free none (the register
 * is taken after the session); bookings of people no longer accepted (who
 * withdrew, and can no longer reach the page to cancel) take none */
#define TAKEN(S) \
    "(SELECT count(*) FROM training_booking b JOIN application ba " \
    "ON ba.id = b.application_id WHERE b.session_id = " S " " \
    "AND b.attendance <> 'absent' AND ba.status = 'accepted')"
/* a session, its facilitator's name (their sign-in name until they have
 * signed in and changed something: a team member is added by sign-in name)
 * and the places taken */
#define TS_COLS \
    "s.id, s.programme_id, s.role, s.title, s.day, s.starts, s.ends, s.place, " \
    "s.link, s.capacity, s.facilitator_id, " \
    "coalesce(nullif(f.display_name, ''), f.principal, ''), " TAKEN("s.id")
#define TS_FROM " FROM training_session s LEFT JOIN person f ON f.id = s.facilitator_id"

const rm_stmt rm_training_statements[] = {
    { RM_Q_TS_LIST, "SELECT " TS_COLS TS_FROM " WHERE s.programme_id = %lld "
      "ORDER BY s.role, s.day, s.starts, s.id LIMIT 200", 1 },
    { RM_Q_TS_GET, "SELECT " TS_COLS TS_FROM " WHERE s.id = %lld", 1 },
    { RM_Q_TS_INSERT,
      "INSERT INTO training_session (programme_id, role, title, day, starts, ends, "
      "place, link, capacity, facilitator_id, created_at, updated_at) VALUES "
      "(%lld, %s, %s, %s, %s, %s, %s, %s, %lld, %lld, %lld, %lld) RETURNING id", 0 },
    { RM_Q_TS_UPDATE,
      "UPDATE training_session SET title = %s, day = %s, starts = %s, ends = %s, "
      "place = %s, link = %s, capacity = %lld, facilitator_id = %lld, "
      "updated_at = %lld WHERE id = %lld", 0 },
    /* the session's row lock: bookings of one session are serialised */
    { RM_Q_TS_TOUCH, "UPDATE training_session SET updated_at = updated_at WHERE id = %lld", 0 },
    /* every booking, whatever its attendance: a session with none can go */
    { RM_Q_TS_BOOKINGS_NOW, "SELECT count(*) FROM training_booking WHERE session_id = %lld", 0 },
    { RM_Q_TS_DELETE,
      "DELETE FROM training_session WHERE id = %lld AND NOT EXISTS "
      "(SELECT 1 FROM training_booking b WHERE b.session_id = training_session.id)", 0 },
    { RM_Q_TS_TAKEN_NOW, "SELECT " TAKEN("%lld"), 0 },
    /* the application's row lock: one person's bookings are serialised (a
     * double click on two sessions moves the booking, not a second one) */
    { RM_Q_TB_APP_LOCK, "UPDATE application SET updated_at = updated_at WHERE id = %lld", 0 },
    /* the application's open booking: booking id, session id, day, starts */
    { RM_Q_TB_OPEN_NOW,
      "SELECT b.id, b.session_id, s.day, s.starts FROM training_booking b "
      "JOIN training_session s ON s.id = b.session_id "
      "WHERE b.application_id = %lld AND b.attendance = 'booked'", 0 },
    { RM_Q_TB_ATTENDED_NOW,
      "SELECT count(*) FROM training_booking WHERE application_id = %lld "
      "AND attendance = 'attended'", 0 },
    { RM_Q_TB_INSERT,
      "INSERT INTO training_booking (session_id, application_id, attendance, booked_at) "
      "VALUES (%lld, %lld, 'booked', %lld) ON CONFLICT (session_id, application_id) "
      "DO UPDATE SET attendance = 'booked', booked_at = excluded.booked_at, "
      "recorded_by = NULL, recorded_at = NULL", 0 },
    { RM_Q_TB_DELETE,
      "DELETE FROM training_booking WHERE id = %lld AND application_id = %lld "
      "AND attendance = 'booked'", 0 },
    { RM_Q_TB_REGISTER,
      "SELECT b.id, b.application_id, per.display_name, b.attendance "
      "FROM training_booking b JOIN application a ON a.id = b.application_id "
      "JOIN person per ON per.id = a.person_id WHERE b.session_id = %lld "
      "ORDER BY lower(per.display_name), b.id LIMIT 1000", 1 },
    { RM_Q_TB_MARK,
      "UPDATE training_booking SET attendance = %s, recorded_by = %lld, "
      "recorded_at = %lld WHERE id = %lld AND session_id = %lld", 0 },
    /* the requester's bookings in a programme: session id, attendance */
    { RM_Q_TB_MINE,
      "SELECT b.session_id, b.attendance, b.id FROM training_booking b "
      "WHERE b.application_id = %lld ORDER BY b.id", 1 },
    /* every accepted applicant of a programme and their training */
    { RM_Q_TR_STATUS,
      "SELECT a.id, per.display_name, a.role, "
      "(SELECT count(*) FROM training_booking b WHERE b.application_id = a.id "
      "AND b.attendance = 'attended'), "
      "coalesce(s.title, ''), coalesce(s.day, ''), coalesce(s.starts, ''), "
      "(SELECT count(*) FROM training_booking b WHERE b.application_id = a.id "
      "AND b.attendance = 'absent'), coalesce(o.reason, '') "
      "FROM application a JOIN person per ON per.id = a.person_id "
      "LEFT JOIN training_booking ob ON ob.application_id = a.id AND ob.attendance = 'booked' "
      "LEFT JOIN training_session s ON s.id = ob.session_id "
      "LEFT JOIN training_override o ON o.application_id = a.id "
      "WHERE a.programme_id = %lld AND a.status = 'accepted' "
      "ORDER BY a.role, lower(per.display_name), a.id LIMIT 5000", 1 },
    { RM_Q_TR_HOME,
      "SELECT a.id, a.programme_id, prog.name, a.role, "
      "(SELECT count(*) FROM training_booking b WHERE b.application_id = a.id "
      "AND b.attendance = 'attended'), "
      "coalesce(s.title, ''), coalesce(s.day, ''), coalesce(s.starts, ''), prog.senior_label "
      "FROM application a JOIN person per ON per.id = a.person_id "
      "JOIN programme prog ON prog.id = a.programme_id "
      "LEFT JOIN training_booking ob ON ob.application_id = a.id AND ob.attendance = 'booked' "
      "LEFT JOIN training_session s ON s.id = ob.session_id "
      "WHERE per.principal = %s AND a.status = 'accepted' "
      "ORDER BY prog.start_date DESC, a.id DESC LIMIT 20", 1 },
    { RM_Q_TO_UPSERT,
      "INSERT INTO training_override (application_id, reason, recorded_by, recorded_at) "
      "VALUES (%lld, %s, %lld, %lld) ON CONFLICT (application_id) DO UPDATE SET "
      "reason = excluded.reason, recorded_by = excluded.recorded_by, "
      "recorded_at = excluded.recorded_at", 0 },
    { RM_Q_TO_DELETE, "DELETE FROM training_override WHERE application_id = %lld", 0 },
    /* the requester's roles on a programme's team */
    { RM_Q_TEAM_ROLES,
      "SELECT t.role FROM programme_team t JOIN person tp ON tp.id = t.person_id "
      "WHERE t.programme_id = %lld AND tp.principal = %s", 1 },
    /* the team, for choosing a session's facilitator: person id, name */
    { RM_Q_TEAM_PEOPLE,
      "SELECT DISTINCT per.id, per.display_name, per.principal FROM programme_team t "
      "JOIN person per ON per.id = t.person_id WHERE t.programme_id = %lld "
      "ORDER BY per.display_name, per.id LIMIT 200", 1 },
    /* the programmes the requester supports as a facilitator */
    { RM_Q_PROG_FACILITATED,
      "SELECT " PROG_SUMMARY " FROM programme p JOIN programme_team t "
      "ON t.programme_id = p.id JOIN person per ON per.id = t.person_id "
      "WHERE per.principal = %s AND t.role = 'facilitator' "
      "ORDER BY p.start_date DESC, p.id DESC LIMIT 200", 1 },
    { NULL, NULL, 0 }
};
