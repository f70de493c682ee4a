/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Data protection's statements.  Same rules as data/store.c: one text for
 * SQLite and PostgreSQL, numbers bound as %lld.  Nothing here is cached: a
 * subject-access download, an erasure and the audit are read once, and the
 * cache would keep personal data for nothing.
 */
#include <stddef.h>
#include "rm_db.h"
#include "store.h"
#include "features/areas.h"
#include "dp_sections.h"
#include "dp_sql.h"

#define PERSON_COLS "SELECT id, principal, display_name, mail, department, first_seen, " \
                    "last_seen, erased_at FROM person "
/* the pairs of a programme */
#define PAIRS_OF "pair_id IN (SELECT id FROM pair WHERE programme_id = %lld)"
/* an audit filter: "" (or 0) means any */
#define ANY_TEXT(c) "(%s = '' OR " c " = %s)"
/* the filters but the actor's; "+at" keeps SQLite walking the rows newest
 * first rather than sorting every row of a date range */
#define AUDIT_FILTERS \
    "(%s = '' OR action LIKE %s ESCAPE '!') " \
    "AND " ANY_TEXT("entity") " AND (CAST(%lld AS BIGINT) = 0 OR entity_id = %lld) " \
    "AND +at >= CAST(%lld AS BIGINT) AND +at < CAST(%lld AS BIGINT) "
#define APP_TEXT "grade = '', job_title = '', department = '', senior_role = '', gain = '', " \
                 "topics = '', availability = '', motivation = '', slots = '', prefer = '', " \
                 "avoid = '', line_manager = '' "

#define SAR_STMT_(name, title, fields, args, sql) { "rm_dp_sar_" #name, sql, 0 },

const rm_stmt rm_dp_statements[] = {
    RM_DP_SECTIONS(SAR_STMT_)
    { RM_Q_DP_PERSON_GET, PERSON_COLS "WHERE id = %lld", 0 },
    { RM_Q_DP_PERSON_BY_PRINCIPAL, PERSON_COLS "WHERE principal = %s", 0 },
    /* the DPO's search: name (folded, as rm_like_pattern makes it), the
     * sign-in name, mail or staff number */
    { RM_Q_DP_PERSON_FIND,
      PERSON_COLS "WHERE name_folded LIKE %s ESCAPE '!' OR lower(principal) LIKE %s ESCAPE '!' "
      "OR lower(mail) LIKE %s ESCAPE '!' OR staff_number = %s ORDER BY display_name, id LIMIT 50", 0 },
    { RM_Q_DP_ERASURES, "SELECT e.at, e.actor, e.source, e.person_id, p.display_name "
      "FROM dp_erasure e JOIN person p ON p.id = e.person_id ORDER BY e.id DESC LIMIT 20", 0 },
    { RM_Q_DP_PURGES, "SELECT id, at, actor, applications, notes, checkins, evaluations, rest, "
      "people FROM dp_purge ORDER BY id DESC LIMIT 20", 0 },
    /* a page of the audit, newest first (one row more than shown says
     * whether another page follows: no count of a table that only grows) */
    { RM_Q_DP_AUDIT, "SELECT at, actor, action, entity, entity_id, detail FROM audit "
      "WHERE " AUDIT_FILTERS "ORDER BY id DESC LIMIT %lld OFFSET %lld", 0 },
    /* one actor's, through audit_actor */
    { RM_Q_DP_AUDIT_ACTOR, "SELECT at, actor, action, entity, entity_id, detail FROM audit "
      "WHERE actor = %s AND " AUDIT_FILTERS "ORDER BY id DESC LIMIT %lld OFFSET %lld", 0 },
    { RM_Q_DP_APP_IDS, "SELECT id FROM application WHERE programme_id = %lld "
      "ORDER BY id LIMIT %lld", 0 },

    /* ---- erasure (dp_data.c rm_dp_erase), each by the person's id ---- */
    { RM_Q_DPX_PERSON,
      "UPDATE person SET principal = %s, display_name = 'Erased person', "
      "name_folded = 'erased person', mail = '', department = '', job_title = '', grade = '', "
      "staff_number = '', manager = '', scope = '', eppn = '', hr_staff_number = '', "
      "hr_grade = '', hr_grade_on = '', left_on = '', erased_at = %lld "
      "WHERE id = %lld AND erased_at = 0", 0 },
    { RM_Q_DPX_APPS, "UPDATE application SET " APP_TEXT ", updated_at = %lld "
      "WHERE person_id = %lld", 0 },
    { RM_Q_DPX_NOTES, "UPDATE pair_note SET body = '' WHERE author_id = %lld", 0 },
    { RM_Q_DPX_AGENDA, "UPDATE meeting SET agenda = '' WHERE logged_by = %lld", 0 },
    { RM_Q_DPX_DISPUTE, "UPDATE meeting SET dispute_reason = '' WHERE answered_by = %lld", 0 },
    { RM_Q_DPX_CHECKINS, "UPDATE checkin SET going_well = '', hard = '' WHERE person_id = %lld", 0 },
    { RM_Q_DPX_END_REQ, "UPDATE pair_end_request SET note = '' WHERE person_id = %lld", 0 },
    { RM_Q_DPX_EVENT, "UPDATE event_reply SET access_needs = '' WHERE person_id = %lld", 0 },
    { RM_Q_DPX_EVAL_ANSWERS, "UPDATE eval_answer SET body = '' WHERE response_id IN "
      "(SELECT id FROM eval_response WHERE person_id = %lld)", 0 },
    { RM_Q_DPX_EVAL_NAMED, "UPDATE eval_response SET named = 0 WHERE person_id = %lld", 0 },
    { RM_Q_DPX_REFLECTIONS, "UPDATE reflection SET title = '', body = '', "
      "visibility = 'private', in_digest = 0 WHERE person_id = %lld", 0 },
    { RM_Q_DPX_ACTIONS, "UPDATE inst_action SET title = 'Erased', description = '', "
      "outcome = '', shareable = 0 WHERE person_id = %lld", 0 },
    { RM_Q_DPX_CAREERS, "UPDATE career_step SET title = '', note = '' "
      "WHERE person_id = %lld", 0 },
    /* an erased author's stories: unpublished, what they wrote blanked */
    { RM_Q_DPX_STORIES, "UPDATE story SET body = '', edit_body = '', film_url = '', "
      "transcript = '', status = CASE WHEN status = 'published' THEN 'approved' "
      "ELSE status END WHERE person_id = %lld", 0 },
    { RM_Q_DPX_FEED, "DELETE FROM calendar_feed WHERE person_id = %lld", 0 },
    { RM_Q_DPX_REMINDERS, "DELETE FROM reminder WHERE person_id = %lld", 0 },
    { RM_Q_DPX_REMINDERS_OFF, "DELETE FROM reminder_off WHERE person_id = %lld", 0 },
    { RM_Q_DPX_TEAM, "DELETE FROM programme_team WHERE person_id = %lld", 0 },
    /* lists of members naming the person (by sign-in name): before the
     * names are replaced; id, id */
    { RM_Q_DPX_MEMBERS,
      "DELETE FROM programme_member WHERE principal IN (SELECT lower(principal) FROM person "
      "WHERE id = %lld UNION SELECT lower(eppn) FROM person WHERE id = %lld AND eppn <> '')", 0 },
    /* the old principal, wherever a record names its actor by it */
    { RM_Q_DPX_AUDIT_ACTOR, "UPDATE audit SET actor = %s WHERE actor = %s", 0 },
    { RM_Q_DPX_HRI_ACTOR, "UPDATE hr_import SET actor = %s WHERE actor = %s", 0 },
    { RM_Q_DPX_DPE_ACTOR, "UPDATE dp_erasure SET actor = %s WHERE actor = %s", 0 },
    { RM_Q_DPX_DPU_ACTOR, "UPDATE dp_purge SET actor = %s WHERE actor = %s", 0 },
    { RM_Q_DPX_RECORD, "INSERT INTO dp_erasure (person_id, at, actor, source, reason) "
      "VALUES (%lld, %lld, %s, %s, %s)", 0 },

    /* ---- the retention purge (dp_data.c rm_dp_purge), by programme ---- */
    { RM_Q_DPR_PROGRAMMES, "SELECT id, start_date, length_months FROM programme ORDER BY id", 0 },
    /* applications never accepted and never in a pair */
    { RM_Q_DPR_APPS, "UPDATE application SET " APP_TEXT ", purged_at = %lld "
      "WHERE programme_id = %lld AND purged_at = 0 AND status <> 'accepted' "
      "AND NOT EXISTS (SELECT 1 FROM pair pr WHERE pr.mentor_app = application.id "
      "OR pr.senior_app = application.id)", 0 },
    { RM_Q_DPR_NOTES, "UPDATE pair_note SET body = '' WHERE body <> '' AND " PAIRS_OF, 0 },
    { RM_Q_DPR_MEETINGS, "UPDATE meeting SET agenda = '', dispute_reason = '' "
      "WHERE (agenda <> '' OR dispute_reason <> '') AND " PAIRS_OF, 0 },
    { RM_Q_DPR_END_REQ, "UPDATE pair_end_request SET note = '', decision_note = '' "
      "WHERE (note <> '' OR decision_note <> '') AND " PAIRS_OF, 0 },
    { RM_Q_DPR_SUPPORT, "UPDATE support_action SET follow_up = '', drop_reason = '' "
      "WHERE (follow_up <> '' OR drop_reason <> '') AND " PAIRS_OF, 0 },
    { RM_Q_DPR_END_NOTE, "UPDATE pair SET end_note = '' WHERE end_note <> '' "
      "AND programme_id = %lld", 0 },
    { RM_Q_DPR_CHECKINS, "UPDATE checkin SET going_well = '', hard = '' "
      "WHERE (going_well <> '' OR hard <> '') AND " PAIRS_OF, 0 },
    { RM_Q_DPR_EVAL_ANSWERS, "UPDATE eval_answer SET body = '' WHERE body <> '' AND "
      "response_id IN (SELECT id FROM eval_response WHERE programme_id = %lld)", 0 },
    { RM_Q_DPR_EVAL_NAMED, "UPDATE eval_response SET named = 0 WHERE named = 1 "
      "AND programme_id = %lld", 0 },
    { RM_Q_DPR_REFLECTIONS, "UPDATE reflection SET title = '', body = '', in_digest = 0 "
      "WHERE (title <> '' OR body <> '') AND programme_id = %lld", 0 },
    { RM_Q_DPR_ACTIONS, "UPDATE inst_action SET description = '', outcome = '' "
      "WHERE (description <> '' OR outcome <> '') AND programme_id = %lld", 0 },
    { RM_Q_DPR_CAREERS, "UPDATE career_step SET title = '', note = '' "
      "WHERE (title <> '' OR note <> '') AND programme_id = %lld", 0 },
    { RM_Q_DPR_STORIES, "UPDATE story SET body = '', edit_body = '', film_url = '', "
      "transcript = '', status = CASE WHEN status = 'published' THEN 'approved' "
      "ELSE status END WHERE (body <> '' OR edit_body <> '' OR film_url <> '' "
      "OR transcript <> '' OR status = 'published') AND programme_id = %lld", 0 },
    { RM_Q_DPR_EVENT, "UPDATE event_reply SET access_needs = '' WHERE access_needs <> '' "
      "AND programme_id = %lld", 0 },
    { RM_Q_DPR_OVERRIDES, "UPDATE training_override SET reason = '' WHERE reason <> '' AND "
      "application_id IN (SELECT id FROM application WHERE programme_id = %lld)", 0 },
    { RM_Q_DPR_RULES, "UPDATE match_rule SET reason = '' WHERE reason <> '' "
      "AND programme_id = %lld", 0 },
    { RM_Q_DPR_DECISIONS, "UPDATE application SET decision_reason = '' "
      "WHERE decision_reason <> '' AND programme_id = %lld", 0 },
    { RM_Q_DPR_APP_REST, "UPDATE application SET " APP_TEXT ", purged_at = %lld "
      "WHERE programme_id = %lld AND purged_at = 0", 0 },
    /* people (never on a team) not seen since the cut-off, with each
     * programme they applied to: pseudonymised when every one is past rest */
    { RM_Q_DPR_PEOPLE, "SELECT a.person_id, a.programme_id FROM application a "
      "JOIN person p ON p.id = a.person_id WHERE p.erased_at = 0 AND p.last_seen < %lld "
      "AND NOT EXISTS (SELECT 1 FROM programme_team t WHERE t.person_id = p.id) "
      "ORDER BY a.person_id, a.programme_id", 0 },
    { RM_Q_DPR_RECORD, "INSERT INTO dp_purge (at, actor, applications, notes, checkins, "
      "evaluations, rest, people) VALUES (%lld, %s, %lld, %lld, %lld, %lld, %lld, %lld) "
      "RETURNING id", 0 },
    { NULL, NULL, 0 }
};
