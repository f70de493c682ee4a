/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The subject-access sections, in the order a person reads them:
 *   S(name, title, fields, args, sql)
 * name is the table the section reads (or staff_records / audit), fields
 * the names of its columns in order, args the statement's arguments, one
 * letter each: i the person's id, p their principal.  dp_sql.c prepares the
 * statements (label "rm_dp_sar_<name>"), dp_data.c reads them.  A partner's
 * private entries never appear: a meeting's agenda only when the person
 * logged it, a dispute reason only when they gave it, notes and check-ins
 * only their own; of the partner, only their name.
 *
 * rmentorctl dp coverage (dp_data.c, rm_dp_coverage) lists every column that
 * holds a person and the section that shows it; tests/integration/test_dp.py
 * fails when a table with such a column is not in that list.
 */
#ifndef RM_DP_SECTIONS_H
#define RM_DP_SECTIONS_H

#define RM_DP_PAIR_OF_MINE(alias) "(" alias ".mentor_id = %lld OR " alias ".senior_id = %lld)"

#define RM_DP_SECTIONS(S) \
    S(person, "Your record", \
      "principal,display_name,mail,department,job_title,grade,staff_number,manager,scope," \
      "eppn,hr_staff_number,hr_grade,hr_grade_on,left_on,first_seen,last_seen,erased_at", "i", \
      "SELECT principal, display_name, mail, department, job_title, grade, staff_number, " \
      "manager, scope, eppn, hr_staff_number, hr_grade, hr_grade_on, left_on, first_seen, " \
      "last_seen, erased_at FROM person WHERE id = %lld") \
    S(programme_team, "Your places on programme teams", "programme,role,added_at", "i", \
      "SELECT pg.name, t.role, t.added_at FROM programme_team t " \
      "JOIN programme pg ON pg.id = t.programme_id WHERE t.person_id = %lld ORDER BY pg.id, t.role") \
    S(application, "Your applications, with the decisions and their reasons", \
      "id,programme,role,status,self_identified,grade,grade_source,job_title,department," \
      "senior_role,gain,topics,availability,motivation,topic_codes,gain_codes,offer_codes," \
      "slots,prefer,avoid,line_manager,decision_reason,decided_at,created_at,updated_at," \
      "purged_at", "i", \
      "SELECT a.id, pg.name, a.role, a.status, a.self_identified, a.grade, a.grade_source, " \
      "a.job_title, a.department, a.senior_role, a.gain, a.topics, a.availability, " \
      "a.motivation, a.topic_codes, a.gain_codes, a.offer_codes, a.slots, a.prefer, a.avoid, " \
      "a.line_manager, a.decision_reason, a.decided_at, a.created_at, a.updated_at, " \
      "a.purged_at FROM application a JOIN programme pg ON pg.id = a.programme_id " \
      "WHERE a.person_id = %lld ORDER BY a.id") \
    S(training_booking, "Your training sessions", \
      "programme,session,day,starts,ends,attendance,booked_at,recorded_at", "i", \
      "SELECT pg.name, s.title, s.day, s.starts, s.ends, b.attendance, b.booked_at, " \
      "b.recorded_at FROM training_booking b JOIN application a ON a.id = b.application_id " \
      "JOIN training_session s ON s.id = b.session_id JOIN programme pg ON pg.id = a.programme_id " \
      "WHERE a.person_id = %lld ORDER BY s.day, s.starts, b.id") \
    S(training_override, "Training recorded as done another way", \
      "programme,reason,recorded_at", "i", \
      "SELECT pg.name, o.reason, o.recorded_at FROM training_override o " \
      "JOIN application a ON a.id = o.application_id JOIN programme pg ON pg.id = a.programme_id " \
      "WHERE a.person_id = %lld ORDER BY o.recorded_at") \
    S(match_rule, "Matching rules the programme team set about you", \
      "programme,kind,reason,created_at", "i", \
      "SELECT pg.name, r.kind, r.reason, r.created_at FROM match_rule r " \
      "JOIN application a ON (a.id = r.mentor_app OR a.id = r.senior_app) " \
      "JOIN programme pg ON pg.id = r.programme_id WHERE a.person_id = %lld ORDER BY r.created_at") \
    S(match_draft, "Draft matches that include you", "programme,score", "i", \
      "SELECT pg.name, d.score FROM match_draft d " \
      "JOIN application a ON (a.id = d.mentor_app OR a.id = d.senior_app) " \
      "JOIN programme pg ON pg.id = d.programme_id WHERE a.person_id = %lld ORDER BY pg.id") \
    S(pair, "Your pairs", \
      "id,programme,your_role,partner,status,created_at,ended_at,end_reason,end_note", "iiii", \
      "SELECT pr.id, pg.name, CASE WHEN pr.mentor_id = %lld THEN 'mentor' ELSE 'senior' END, " \
      "o.display_name, pr.status, pr.created_at, pr.ended_at, pr.end_reason, pr.end_note " \
      "FROM pair pr JOIN programme pg ON pg.id = pr.programme_id " \
      "JOIN person o ON o.id = (CASE WHEN pr.mentor_id = %lld THEN pr.senior_id ELSE pr.mentor_id END) " \
      "WHERE " RM_DP_PAIR_OF_MINE("pr") " ORDER BY pr.id") \
    S(meeting, "Your pairs' meetings", \
      "pair,held_on,minutes,mode,status,logged_by,agenda,dispute_reason,logged_at", "iiiii", \
      "SELECT m.pair_id, m.held_on, m.minutes, m.mode, m.status, " \
      "CASE WHEN m.logged_by = %lld THEN 'you' " \
      "WHEN m.logged_by = pr.mentor_id OR m.logged_by = pr.senior_id THEN 'your partner' " \
      "ELSE 'the programme team' END, " \
      "CASE WHEN m.logged_by = %lld THEN m.agenda ELSE '' END, " \
      "CASE WHEN m.answered_by = %lld THEN m.dispute_reason ELSE '' END, m.logged_at " \
      "FROM meeting m JOIN pair pr ON pr.id = m.pair_id WHERE " RM_DP_PAIR_OF_MINE("pr") \
      " ORDER BY m.held_on, m.id") \
    S(pair_note, "Notes you wrote", "pair,body,created_at", "i", \
      "SELECT pair_id, body, created_at FROM pair_note WHERE author_id = %lld ORDER BY id") \
    S(checkin, "Your check-in answers", \
      "pair,rating,on_plan,going_well,hard,wants_support,support_kind,submitted_at,updated_at", \
      "i", \
      "SELECT pair_id, rating, on_plan, going_well, hard, wants_support, support_kind, " \
      "submitted_at, updated_at FROM checkin WHERE person_id = %lld ORDER BY id") \
    S(support_action, "Support for your pairs", "pair,due_on,status,created_at", "ii", \
      "SELECT s.pair_id, s.due_on, s.status, s.created_at FROM support_action s " \
      "JOIN pair pr ON pr.id = s.pair_id WHERE " RM_DP_PAIR_OF_MINE("pr") " ORDER BY s.id") \
    S(pair_end_request, "Your requests to end a pair", \
      "pair,category,note,status,created_at,decided_at,decision_note", "i", \
      "SELECT pair_id, category, note, status, created_at, decided_at, decision_note " \
      "FROM pair_end_request WHERE person_id = %lld ORDER BY id") \
    S(event_reply, "Your replies to end-of-programme events", \
      "programme,answer,access_needs,attended,created_at,updated_at", "i", \
      "SELECT pg.name, e.answer, e.access_needs, e.attended, e.created_at, e.updated_at " \
      "FROM event_reply e JOIN programme pg ON pg.id = e.programme_id " \
      "WHERE e.person_id = %lld ORDER BY pg.id") \
    S(eval_response, "Your evaluations", "programme,role,named,submitted_at,updated_at", "i", \
      "SELECT pg.name, r.role, r.named, r.submitted_at, r.updated_at FROM eval_response r " \
      "JOIN programme pg ON pg.id = r.programme_id WHERE r.person_id = %lld ORDER BY r.id") \
    S(eval_answer, "Your evaluation answers", "programme,question,rating,answer", "i", \
      "SELECT pg.name, q.wording, a.rating, a.body FROM eval_answer a " \
      "JOIN eval_response r ON r.id = a.response_id JOIN eval_question q ON q.id = a.question_id " \
      "JOIN programme pg ON pg.id = r.programme_id WHERE r.person_id = %lld " \
      "ORDER BY r.id, q.position") \
    S(reflection, "Your reflections", \
      "programme,title,body,visibility,in_digest,created_at,updated_at", "i", \
      "SELECT pg.name, x.title, x.body, x.visibility, x.in_digest, x.created_at, x.updated_at " \
      "FROM reflection x JOIN programme pg ON pg.id = x.programme_id " \
      "WHERE x.person_id = %lld ORDER BY x.id") \
    S(inst_action, "Actions you recorded in your institution", \
      "programme,title,description,area,status,started_on,done_on,outcome,shareable," \
      "created_at,updated_at", "i", \
      "SELECT pg.name, x.title, x.description, x.area, x.status, x.started_on, x.done_on, " \
      "x.outcome, x.shareable, x.created_at, x.updated_at FROM inst_action x " \
      "JOIN programme pg ON pg.id = x.programme_id WHERE x.person_id = %lld ORDER BY x.id") \
    S(career_step, "Your career steps", \
      "programme,kind,title,taken_on,note,created_at,updated_at", "i", \
      "SELECT pg.name, x.kind, x.title, x.taken_on, x.note, x.created_at, x.updated_at " \
      "FROM career_step x JOIN programme pg ON pg.id = x.programme_id " \
      "WHERE x.person_id = %lld ORDER BY x.taken_on, x.id") \
    S(story, "Your stories", \
      "programme,status,body,film_url,transcript,shown_as,uses,consent_until,consented_at," \
      "withdrawn_at,edit_body,approved_at,published_at,created_at,updated_at", "i", \
      "SELECT pg.name, x.status, x.body, x.film_url, x.transcript, x.shown_as, x.uses, " \
      "x.consent_until, x.consented_at, x.withdrawn_at, x.edit_body, x.approved_at, " \
      "x.published_at, x.created_at, x.updated_at FROM story x " \
      "JOIN programme pg ON pg.id = x.programme_id WHERE x.person_id = %lld ORDER BY x.id") \
    S(story_consent, "Consent you gave, changed or withdrew for your stories", \
      "story,event,uses,consent_until,at", "i", \
      "SELECT story_id, event, uses, consent_until, at FROM story_consent " \
      "WHERE person_id = %lld ORDER BY id") \
    S(calendar_feed, "Your calendar feed (its address is never shown again)", \
      "created_at", "i", "SELECT created_at FROM calendar_feed WHERE person_id = %lld") \
    S(reminder, "Reminders sent to you", "kind,subject,state,attempts,claimed_at,sent_at", "i", \
      "SELECT kind, subject, state, attempts, claimed_at, sent_at FROM reminder " \
      "WHERE person_id = %lld ORDER BY id") \
    S(reminder_off, "Reminders you turned off", "kind", "i", \
      "SELECT kind FROM reminder_off WHERE person_id = %lld ORDER BY kind") \
    S(programme_member, "Lists of members you are on (who may apply as a Senior Mentor)", \
      "programme_id,added_at", "ii", \
      "SELECT programme_id, added_at FROM programme_member WHERE principal IN (SELECT " \
      "lower(principal) FROM person WHERE id = %lld UNION SELECT lower(eppn) FROM person " \
      "WHERE id = %lld AND eppn <> '') ORDER BY programme_id") \
    S(staff_records, "Records you made for a programme team", "record,id,at", "iiiiiiiiiiiiii", \
      "SELECT 'application decided' AS k, id, decided_at AS t FROM application WHERE decided_by = %lld " \
      "UNION ALL SELECT 'training attendance recorded', id, recorded_at FROM training_booking " \
      "WHERE recorded_by = %lld " \
      "UNION ALL SELECT 'training recorded another way', application_id, recorded_at " \
      "FROM training_override WHERE recorded_by = %lld " \
      "UNION ALL SELECT 'training session led', id, created_at FROM training_session " \
      "WHERE facilitator_id = %lld " \
      "UNION ALL SELECT 'matching rule set', mentor_app, created_at FROM match_rule " \
      "WHERE created_by = %lld " \
      "UNION ALL SELECT 'matching run', programme_id, run_at FROM match_run WHERE run_by = %lld " \
      "UNION ALL SELECT 'pair made', id, created_at FROM pair WHERE created_by = %lld " \
      "UNION ALL SELECT 'pair ended', id, ended_at FROM pair WHERE ended_by = %lld " \
      "UNION ALL SELECT 'support action owned', id, created_at FROM support_action " \
      "WHERE owner_id = %lld " \
      "UNION ALL SELECT 'support action set', id, created_at FROM support_action " \
      "WHERE created_by = %lld " \
      "UNION ALL SELECT 'request to end a pair decided', id, decided_at FROM pair_end_request " \
      "WHERE decided_by = %lld " \
      "UNION ALL SELECT 'story edit proposed', id, edited_at FROM story WHERE edited_by = %lld " \
      "UNION ALL SELECT 'story published', id, published_at FROM story " \
      "WHERE published_by = %lld " \
      "UNION ALL SELECT 'resource added', id, added_at FROM resource " \
      "WHERE added_by = %lld ORDER BY 3, 2 LIMIT 5000") \
    S(hr_import, "HR imports you made", "at,source,records,changed,rejected,outcome", "p", \
      "SELECT at, source, records, changed, rejected, outcome FROM hr_import " \
      "WHERE actor = %s ORDER BY id") \
    S(dp_purge, "Retention purges you ran", "at", "p", \
      "SELECT at FROM dp_purge WHERE actor = %s ORDER BY id") \
    S(dp_erasure, "Erasure", "at,source", "i", \
      "SELECT at, source FROM dp_erasure WHERE person_id = %lld") \
    S(audit, "The audit trail about you and of what you did (the latest 5,000 entries)", \
      "at,actor,action,entity,entity_id,detail", "pii", \
      "SELECT at, actor, action, entity, entity_id, detail FROM audit WHERE actor = %s " \
      "OR (entity = 'person' AND entity_id = %lld) OR (entity = 'application' AND entity_id IN " \
      "(SELECT id FROM application WHERE person_id = %lld)) ORDER BY id DESC LIMIT 5000")

#endif
