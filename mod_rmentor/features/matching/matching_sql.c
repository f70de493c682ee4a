/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The matching area's statements.  Same rules as data/store.c.  Reads made
 * inside the publishing transaction, after the programme row's lock, are
 * never cached.
 */
#include <stddef.h>
#include "rm_db.h"
#include "store.h"
#include "features/areas.h"

/* trained: attended a session of the programme, or an admin's override */
#define TRAINED(A) \
    "CASE WHEN EXISTS (SELECT 1 FROM training_booking b WHERE b.application_id = " A \
    ".id AND b.attendance = 'attended') OR EXISTS (SELECT 1 FROM training_override o " \
    "WHERE o.application_id = " A ".id) THEN 1 ELSE 0 END"
/* two EXISTS, each answered by its partial index (pair_mentor_active,
 * pair_senior_active), rather than one with an OR that scans */
#define PAIRED(A) \
    "CASE WHEN EXISTS (SELECT 1 FROM pair pr WHERE pr.mentor_app = " A ".id " \
    "AND pr.status = 'active') OR EXISTS (SELECT 1 FROM pair pr WHERE " \
    "pr.senior_app = " A ".id AND pr.status = 'active') THEN 1 ELSE 0 END"

const rm_stmt rm_matching_statements[] = {
    { RM_Q_MATCH_CANDIDATES,
      "SELECT a.id, a.role, per.display_name, per.principal, per.mail, per.manager, "
      "a.department, a.line_manager, a.topic_codes, a.gain_codes, a.offer_codes, "
      "a.slots, a.prefer, a.avoid, " TRAINED("a") ", " PAIRED("a") ", "
      "CASE WHEN a.role = 'mentor' THEN a.job_title ELSE a.senior_role END, per.scope "
      "FROM application a JOIN person per ON per.id = a.person_id "
      "WHERE a.programme_id = %lld AND a.status = 'accepted' "
      "ORDER BY a.role, lower(per.display_name), a.id LIMIT 5000", 1 },
    /* a rematch (features/pairs): the same columns and the status, of the
     * accepted and the waitlisted */
    { RM_Q_REMATCH_CANDIDATES,
      "SELECT a.id, a.role, per.display_name, per.principal, per.mail, per.manager, "
      "a.department, a.line_manager, a.topic_codes, a.gain_codes, a.offer_codes, "
      "a.slots, a.prefer, a.avoid, " TRAINED("a") ", " PAIRED("a") ", "
      "CASE WHEN a.role = 'mentor' THEN a.job_title ELSE a.senior_role END, per.scope, "
      "a.status FROM application a JOIN person per ON per.id = a.person_id "
      "WHERE a.programme_id = %lld AND a.status IN ('accepted', 'waitlisted') "
      "ORDER BY a.role, lower(per.display_name), a.id LIMIT 5000", 0 },
    { RM_Q_MATCH_SETTINGS,
      "SELECT w_topics, w_gain, w_availability, w_pref_mentor, w_pref_senior, "
      "apart_department, apart_institution FROM match_settings WHERE programme_id = %lld", 1 },
    { RM_Q_MATCH_SETTINGS_PUT,
      "INSERT INTO match_settings (programme_id, w_topics, w_gain, w_availability, "
      "w_pref_mentor, w_pref_senior, apart_department, apart_institution, updated_at) "
      "VALUES (%lld, %lld, %lld, %lld, %lld, %lld, %lld, %lld, %lld) "
      "ON CONFLICT (programme_id) DO UPDATE SET w_topics = excluded.w_topics, "
      "w_gain = excluded.w_gain, w_availability = excluded.w_availability, "
      "w_pref_mentor = excluded.w_pref_mentor, w_pref_senior = excluded.w_pref_senior, "
      "apart_department = excluded.apart_department, "
      "apart_institution = excluded.apart_institution, updated_at = excluded.updated_at", 0 },
    { RM_Q_MATCH_RULES,
      "SELECT mentor_app, senior_app, kind, reason FROM match_rule "
      "WHERE programme_id = %lld ORDER BY kind, created_at, mentor_app LIMIT 20000", 1 },
    { RM_Q_MATCH_RULE_PUT,
      "INSERT INTO match_rule (programme_id, mentor_app, senior_app, kind, reason, "
      "created_by, created_at) VALUES (%lld, %lld, %lld, %s, %s, %lld, %lld) "
      "ON CONFLICT (programme_id, mentor_app, senior_app) DO UPDATE SET "
      "kind = excluded.kind, reason = excluded.reason, created_by = excluded.created_by, "
      "created_at = excluded.created_at", 0 },
    { RM_Q_MATCH_RULE_DELETE,
      "DELETE FROM match_rule WHERE programme_id = %lld AND mentor_app = %lld "
      "AND senior_app = %lld AND kind = %s", 0 },
    { RM_Q_MATCH_DRAFT,
      "SELECT d.mentor_app, d.senior_app, d.score, d.s_topics, d.s_gain, "
      "d.s_availability, d.s_pref, d.pinned, m.person_id, s.person_id "
      "FROM match_draft d JOIN application m ON m.id = d.mentor_app "
      "JOIN application s ON s.id = d.senior_app WHERE d.programme_id = %lld "
      "ORDER BY d.score DESC, d.mentor_app LIMIT 5000", 1 },
    { RM_Q_MATCH_DRAFT_NOW,
      "SELECT d.mentor_app, d.senior_app, d.score, d.s_topics, d.s_gain, "
      "d.s_availability, d.s_pref, d.pinned, m.person_id, s.person_id "
      "FROM match_draft d JOIN application m ON m.id = d.mentor_app "
      "JOIN application s ON s.id = d.senior_app WHERE d.programme_id = %lld "
      "ORDER BY d.mentor_app LIMIT 5000", 0 },
    /* draft pairs one of whose people is no longer free to pair: withdrawn
     * or declined since the run, paired meanwhile, or no longer trained (an
     * override removed, a register corrected) */
    { RM_Q_MATCH_DRAFT_BLOCKED,
      "SELECT count(*) FROM match_draft d JOIN application m ON m.id = d.mentor_app "
      "JOIN application s ON s.id = d.senior_app WHERE d.programme_id = %lld AND "
      "(m.status <> 'accepted' OR s.status <> 'accepted' OR " PAIRED("m") " = 1 OR "
      PAIRED("s") " = 1 OR " TRAINED("m") " = 0 OR " TRAINED("s") " = 0)", 0 },
    { RM_Q_MATCH_DRAFT_CLEAR, "DELETE FROM match_draft WHERE programme_id = %lld", 0 },
    { RM_Q_MATCH_DRAFT_ADD,
      "INSERT INTO match_draft (programme_id, mentor_app, senior_app, score, s_topics, "
      "s_gain, s_availability, s_pref, pinned) VALUES "
      "(%lld, %lld, %lld, %lld, %lld, %lld, %lld, %lld, %lld)", 0 },
    { RM_Q_MATCH_RUN_GET,
      "SELECT r.run_at, coalesce(per.display_name, ''), r.npairs, r.total, r.stale "
      "FROM match_run r LEFT JOIN person per ON per.id = r.run_by "
      "WHERE r.programme_id = %lld", 1 },
    { RM_Q_MATCH_RUN_PUT,
      "INSERT INTO match_run (programme_id, run_at, run_by, npairs, total, stale) "
      "VALUES (%lld, %lld, %lld, %lld, %lld, 0) ON CONFLICT (programme_id) DO UPDATE "
      "SET run_at = excluded.run_at, run_by = excluded.run_by, "
      "npairs = excluded.npairs, total = excluded.total, stale = 0", 0 },
    { RM_Q_MATCH_RUN_STALE, "UPDATE match_run SET stale = 1 WHERE programme_id = %lld", 0 },
    { RM_Q_MATCH_RUN_CLEAR, "DELETE FROM match_run WHERE programme_id = %lld", 0 },
    { RM_Q_PAIR_INSERT,
      "INSERT INTO pair (programme_id, mentor_app, senior_app, mentor_id, senior_id, "
      "status, score, created_by, created_at, pace_offset) VALUES "
      "(%lld, %lld, %lld, %lld, %lld, 'active', %lld, %lld, %lld, %lld)", 0 },
    { RM_Q_PAIR_LIST,
      "SELECT pr.id, m.display_name, s.display_name, pr.status, pr.score, pr.created_at "
      "FROM pair pr JOIN person m ON m.id = pr.mentor_id JOIN person s ON s.id = pr.senior_id "
      "WHERE pr.programme_id = %lld ORDER BY pr.status, lower(m.display_name), pr.id "
      "LIMIT 5000", 1 },
    { RM_Q_PAIR_MINE,
      "SELECT pr.id, pr.programme_id, prog.name, "
      "CASE WHEN me.id = pr.mentor_id THEN 'mentor' ELSE 'senior' END, "
      "other.display_name, other.mail, prog.senior_label, pr.status "
      "FROM pair pr JOIN person me ON me.id = pr.mentor_id OR me.id = pr.senior_id "
      "JOIN person other ON other.id = CASE WHEN me.id = pr.mentor_id "
      "THEN pr.senior_id ELSE pr.mentor_id END "
      "JOIN programme prog ON prog.id = pr.programme_id "
      "WHERE me.principal = %s "
      "ORDER BY CASE WHEN pr.status = 'active' THEN 0 ELSE 1 END, prog.start_date DESC, "
      "pr.id DESC LIMIT 20", 1 },
    { NULL, NULL, 0 }
};
