/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The reminders' statements, prepared by the module and by rmentorctl (the
 * Makefile links every features/<area>/<area>_sql.c into both), so the job
 * and the pages share one text of each.  Same rules as data/store.c: one
 * text for SQLite and PostgreSQL, numbers bound as %lld and cast where
 * compared with an expression.  What the job reads is only what a message
 * says: names, addresses, dates, titles; never notes, check-in answers,
 * decision reasons or application.self_identified.
 */
#include <stddef.h>
#include "rm_db.h"
#include "store.h"
#include "features/areas.h"

#define NAME(P) "coalesce(nullif(" P ".display_name, ''), " P ".principal)"

/* the key of one reminder */
#define KEY "kind = %s AND person_id = %lld AND subject = %s"

/* a pair's row: both partners and the programme */
#define PAIR_SELECT \
    "SELECT pr.id, pg.id, pg.name, m.id, " NAME("m") ", m.mail, s.id, " NAME("s") ", s.mail, "
#define PAIR_FROM \
    "FROM pair pr JOIN programme pg ON pg.id = pr.programme_id " \
    "JOIN person m ON m.id = pr.mentor_id JOIN person s ON s.id = pr.senior_id "

const rm_stmt rm_reminders_statements[] = {
    /* ---- the opt-out page: one person's own rows ---- */
    { RM_Q_REMIND_OFF_MINE,
      "SELECT kind FROM reminder_off WHERE person_id = %lld ORDER BY kind LIMIT 100", 1 },
    { RM_Q_REMIND_OFF_CLEAR, "DELETE FROM reminder_off WHERE person_id = %lld", 0 },
    { RM_Q_REMIND_OFF_ADD,
      "INSERT INTO reminder_off (person_id, kind) VALUES (%lld, %s)", 0 },

    /* ---- the job: claims (data/rm_db.h counts the rows changed) ---- */
    { RM_Q_REMIND_OFF_ALL, "SELECT person_id, kind FROM reminder_off", 0 },
    /* 1 row: this job claimed it; 0: someone claimed it before (any state) */
    { RM_Q_REMIND_CLAIM,
      "INSERT INTO reminder (kind, person_id, subject, state, attempts, claimed_at) "
      "VALUES (%s, %lld, %s, 'claimed', 1, %lld) "
      "ON CONFLICT (kind, person_id, subject) DO NOTHING", 0 },
    /* a failed send claimed again: only one job's UPDATE changes the row */
    { RM_Q_REMIND_RETRY,
      "UPDATE reminder SET state = 'claimed', attempts = attempts + 1, claimed_at = %lld "
      "WHERE " KEY " AND state = 'failed'", 0 },
    { RM_Q_REMIND_SENT,
      "UPDATE reminder SET state = 'sent', sent_at = %lld WHERE " KEY
      " AND state = 'claimed'", 0 },
    { RM_Q_REMIND_FAILED,
      "UPDATE reminder SET state = 'failed' WHERE " KEY " AND state = 'claimed'", 0 },
    { RM_Q_REMIND_STATE, "SELECT state, claimed_at FROM reminder WHERE " KEY, 0 },
    /* claims a crashed job left: never sent again by themselves */
    { RM_Q_REMIND_STALE,
      "SELECT kind, person_id, subject, claimed_at FROM reminder WHERE state = 'claimed' "
      "AND claimed_at < CAST(%lld AS BIGINT) ORDER BY id LIMIT 200", 0 },

    /* ---- the job: what is due ---- */
    { RM_Q_REMIND_PROGRAMMES,
      "SELECT id, name, start_date, length_months, min_meetings, checkin_date, "
      "checkin_weeks, quiet_weeks, eval_weeks, apply_opens, apply_closes, senior_label "
      "FROM programme ORDER BY id LIMIT 10000", 0 },
    /* applications decided since %lld: A status, B role, C senior label */
    { RM_Q_REMIND_DECIDED,
      "SELECT per.id, " NAME("per") ", per.mail, pg.id, pg.name, a.id, a.status, a.role, "
      "pg.senior_label, '', '' FROM application a JOIN person per ON per.id = a.person_id "
      "JOIN programme pg ON pg.id = a.programme_id "
      "WHERE a.status IN ('accepted', 'waitlisted', 'declined') "
      "AND a.decided_at >= CAST(%lld AS BIGINT) ORDER BY a.id LIMIT 10000", 0 },
    /* bookings of sessions on day %s: ID session, A title, B day, C starts,
     * D ends, E place */
    { RM_Q_REMIND_TRAINING,
      "SELECT per.id, " NAME("per") ", per.mail, pg.id, pg.name, ts.id, ts.title, ts.day, "
      "ts.starts, ts.ends, ts.place FROM training_booking b "
      "JOIN training_session ts ON ts.id = b.session_id "
      "JOIN application a ON a.id = b.application_id JOIN person per ON per.id = a.person_id "
      "JOIN programme pg ON pg.id = ts.programme_id "
      "WHERE b.attendance = 'booked' AND ts.day = %s ORDER BY ts.id, per.id LIMIT 10000", 0 },
    /* open support actions due on or before %s, to their owner: ID action,
     * A due on, B pair, C Mentor's name, D Senior Mentor's name */
    { RM_Q_REMIND_SUPPORT,
      "SELECT o.id, " NAME("o") ", o.mail, pg.id, pg.name, sa.id, sa.due_on, sa.pair_id, "
      NAME("m") ", " NAME("s") ", '' FROM support_action sa "
      "JOIN pair pr ON pr.id = sa.pair_id JOIN programme pg ON pg.id = pr.programme_id "
      "JOIN person o ON o.id = sa.owner_id JOIN person m ON m.id = pr.mentor_id "
      "JOIN person s ON s.id = pr.senior_id "
      "WHERE sa.status IN ('open', 'in_progress') AND sa.due_on <> '' AND sa.due_on <= %s "
      "ORDER BY sa.due_on, sa.id LIMIT 10000", 0 },
    /* programme %lld's partners who have not answered the evaluation */
    { RM_Q_REMIND_EVAL,
      "SELECT DISTINCT per.id, " NAME("per") ", per.mail, pg.id, pg.name, pg.id, "
      "'', '', '', '', '' FROM pair pr JOIN person per ON per.id IN (pr.mentor_id, pr.senior_id) "
      "JOIN programme pg ON pg.id = pr.programme_id WHERE pr.programme_id = %lld "
      "AND pr.status IN ('active', 'completed') AND NOT EXISTS (SELECT 1 FROM eval_response e "
      "WHERE e.programme_id = pr.programme_id AND e.person_id = per.id) "
      "ORDER BY 1 LIMIT 10000", 0 },
    /* programme %lld's admins x its applications not yet decided: ID
     * application, A applicant's name, B role, C senior label */
    { RM_Q_REMIND_NEWAPPS,
      "SELECT per.id, " NAME("per") ", per.mail, pg.id, pg.name, a.id, " NAME("ap") ", a.role, "
      "pg.senior_label, '', '' FROM programme_team t JOIN person per ON per.id = t.person_id "
      "JOIN programme pg ON pg.id = t.programme_id "
      "JOIN application a ON a.programme_id = t.programme_id "
      "JOIN person ap ON ap.id = a.person_id WHERE t.programme_id = %lld "
      "AND t.role = 'admin' AND a.status = 'submitted' ORDER BY per.id, a.id LIMIT 20000", 0 },
    /* programme %lld's admins and facilitators */
    { RM_Q_REMIND_TEAM,
      "SELECT DISTINCT per.id, " NAME("per") ", per.mail, pg.id, pg.name, pg.id, "
      "'', '', '', '', '' FROM programme_team t JOIN person per ON per.id = t.person_id "
      "JOIN programme pg ON pg.id = t.programme_id WHERE t.programme_id = %lld "
      "AND t.role IN ('admin', 'facilitator') ORDER BY 1 LIMIT 1000", 0 },
    /* pairs published (made) since %lld */
    { RM_Q_REMIND_PUBLISHED,
      PAIR_SELECT "'', '' " PAIR_FROM "WHERE pr.status = 'active' "
      "AND pr.created_at >= CAST(%lld AS BIGINT) ORDER BY pr.id LIMIT 10000", 0 },
    /* programme %lld's active pairs made on or before %lld whose last
     * confirmed meeting (X, '' for none) is before %s */
    { RM_Q_REMIND_QUIET,
      "SELECT x.* FROM (" PAIR_SELECT "coalesce((SELECT max(c.held_on) FROM meeting c "
      "WHERE c.pair_id = pr.id AND c.status = 'confirmed'), '') AS lastmet, '' AS y "
      PAIR_FROM "WHERE pr.programme_id = %lld AND pr.status = 'active' "
      "AND pr.created_at <= CAST(%lld AS BIGINT)) x WHERE x.lastmet < %s "
      "ORDER BY 1 LIMIT 10000", 0 },
    /* programme %lld's active pairs, X 1 when the Mentor answered the
     * check-in, Y the same for the Senior Mentor */
    { RM_Q_REMIND_CHECKIN,
      PAIR_SELECT "CASE WHEN EXISTS (SELECT 1 FROM checkin c WHERE c.pair_id = pr.id "
      "AND c.person_id = pr.mentor_id) THEN 1 ELSE 0 END, "
      "CASE WHEN EXISTS (SELECT 1 FROM checkin c WHERE c.pair_id = pr.id "
      "AND c.person_id = pr.senior_id) THEN 1 ELSE 0 END "
      PAIR_FROM "WHERE pr.programme_id = %lld AND pr.status = 'active' "
      "ORDER BY pr.id LIMIT 10000", 0 },
    { NULL, NULL, 0 }
};
