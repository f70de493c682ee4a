-- Demo data for `make run` (SQLite): a programme half-way through its year,
-- so that every area has something to show: training held, pairs published
-- (mentor1 with senior1 among them).  Run once by scripts/demo-seed.sh, on a
-- database the module has already migrated.  People are the demo accounts of
-- conf/demo/demo-sso.conf (their details are refreshed from the demo SSO
-- whenever they write).  Dates are relative to today: the programme started
-- six months ago and its mid-point check-in opened ten days ago (four weeks
-- long, so it is open now).  The pairs' year so far: meetings (confirmed,
-- one waiting for confirmation, one disputed), private notes of mentor1 and
-- senior1, check-in answers, and support actions for mentor2 and senior2,
-- who are behind the pace.
BEGIN;
WITH v(principal, display_name, mail, department, job_title, grade, staff_number) AS (VALUES
 ('admin', 'Ada Adeyemi', 'admin@demo.ac.uk', 'EDI Office', 'Head of Equality, Diversity and Inclusion', '9', 'D01000'),
 ('admin2', 'Alex Morgan', 'admin2@demo.ac.uk', 'Staff Development', 'Staff Development Manager', '9', 'D01013'),
 ('facilitator', 'Leyla Okoro', 'facilitator@demo.ac.uk', 'Organisational Development', 'Facilitator', '8', 'D01002'),
 ('mentor1', 'Amara Okafor', 'mentor1@demo.ac.uk', 'Student Services', 'Head of Student Services', '8', 'D01004'),
 ('mentor2', 'Priya Shah', 'mentor2@demo.ac.uk', 'Strategic Planning', 'Director of Planning', '9', 'D01005'),
 ('mentor4', 'Mei Chen', 'mentor4@demo.ac.uk', 'Library', 'Head of Library Services', '', 'D01007'),
 ('senior1', 'Helen Graham', 'senior1@demo.ac.uk', 'Registry', 'Registrar and Secretary', '10', 'D01008'),
 ('senior2', 'Robert Kerr', 'senior2@demo.ac.uk', 'Vice-Chancellor''s Office', 'Chief Operating Officer', '10', 'D01009'),
 ('senior3', 'Claire Evans', 'senior3@demo.ac.uk', 'Human Resources', 'Director of People', '10', 'D01010'))
INSERT INTO person (principal, display_name, mail, department, job_title, grade, staff_number, first_seen, last_seen)
SELECT principal, display_name, mail, department, job_title, grade, staff_number,
       CAST(strftime('%s', 'now', '-10 months') AS INTEGER), CAST(strftime('%s', 'now', '-10 months') AS INTEGER)
FROM v WHERE true
ON CONFLICT (principal) DO NOTHING;

INSERT INTO programme (name, institutions, description, apply_opens, apply_closes, start_date,
  length_months, min_meetings, meeting_minutes, mentor_training, senior_training, meet_month,
  checkin_date, end_event_date, capacity_mentor, capacity_senior, min_grade, senior_entitlement,
  senior_label, created_at, updated_at, checkin_weeks)
VALUES ('Reciprocal Mentoring Programme ' || strftime('%Y', 'now', '-6 months') || '/' || substr(strftime('%Y', 'now', '+6 months'), 3),
  'Demo University',
  'The first year of the programme: senior professional services staff of colour (Mentors) and members of the executive (Senior Mentors), paired for twelve months.',
  date('now', '-9 months'), date('now', '-8 months'), date('now', '-6 months'), 12, 6, 60,
  date('now', '-7 months'), date('now', '-7 months', '+1 day'), strftime('%Y-%m', 'now', '-6 months'),
  date('now', '-10 days'), date('now', '-6 months', '+12 months'), 12, 12, '8',
  'urn:mace:demo.ac.uk:exco', 'Senior Mentor',
  CAST(strftime('%s', 'now', '-10 months') AS INTEGER), CAST(strftime('%s', 'now', '-6 months') AS INTEGER), 4);
CREATE TEMP TABLE demo_prog AS SELECT max(id) AS id FROM programme;
CREATE TEMP TABLE demo_t AS SELECT CAST(strftime('%s', 'now', '-8 months') AS INTEGER) AS t;

WITH t(principal, role) AS (VALUES ('admin', 'admin'), ('admin2', 'admin'), ('facilitator', 'facilitator'))
INSERT INTO programme_team (programme_id, person_id, role, added_at)
SELECT (SELECT id FROM demo_prog), p.id, t.role, (SELECT t FROM demo_t)
FROM t JOIN person p ON p.principal = t.principal;

-- accepted applications, with the answers the matching read
WITH a(principal, role, job, dept, senior_role, topics, gains, offers, slots, prefer) AS (VALUES
 ('mentor1', 'mentor', 'Head of Student Services', 'Student Services', '', 'barriers,sponsorship,career', 'senior-insight,career-advice,sponsorship', 'lived-insight,change-ideas', 'mon-am,tue-pm,thu-am', 'senior1@demo.ac.uk'),
 ('mentor2', 'mentor', 'Director of Planning', 'Strategic Planning', '', 'data,strategy,leading-change', 'senior-insight,networks', 'lived-insight,challenge', 'wed-am,wed-pm,fri-am', ''),
 ('mentor4', 'mentor', 'Head of Library Services', 'Library', '', 'culture,recruitment,career', 'career-advice,confidence', 'lived-insight,challenge,change-ideas', 'tue-am,thu-pm', ''),
 ('senior1', 'senior', '', 'Registry', 'Registrar and Secretary', 'barriers,sponsorship,policy', 'lived-insight,challenge', 'senior-insight,career-advice,sponsorship', 'mon-am,thu-am', ''),
 ('senior2', 'senior', '', 'Vice-Chancellor''s Office', 'Chief Operating Officer', 'data,strategy,promotion', 'lived-insight,change-ideas', 'senior-insight,networks', 'wed-pm,fri-am', ''),
 ('senior3', 'senior', '', 'Human Resources', 'Director of People', 'culture,recruitment,promotion', 'lived-insight,challenge', 'career-advice,confidence,sponsorship', 'tue-am,thu-pm', ''))
INSERT INTO application (programme_id, person_id, role, status, self_identified, grade, grade_source,
  job_title, department, senior_role, gain, topics, availability, motivation, decision_reason,
  decided_by, decided_at, created_at, updated_at, topic_codes, gain_codes, offer_codes, slots, prefer)
SELECT (SELECT id FROM demo_prog), p.id, a.role, 'accepted', CASE a.role WHEN 'mentor' THEN 1 ELSE 0 END,
  CASE a.role WHEN 'mentor' THEN CASE p.grade WHEN '' THEN '8' ELSE p.grade END ELSE '' END,
  CASE a.role WHEN 'mentor' THEN CASE p.grade WHEN '' THEN 'self' ELSE 'sso' END ELSE '' END,
  a.job, a.dept, a.senior_role,
  CASE a.role WHEN 'mentor' THEN 'Sponsorship and an understanding of how decisions are made at the top.' ELSE '' END,
  'Barriers to progression for staff of colour, and what leaders can change.',
  'Mornings early in the week.',
  CASE a.role WHEN 'senior' THEN 'To understand the barriers our staff of colour face and to act on them.' ELSE '' END,
  '', (SELECT id FROM person WHERE principal = 'admin'), (SELECT t FROM demo_t) + 86400,
  (SELECT t FROM demo_t), (SELECT t FROM demo_t) + 86400, a.topics, a.gains, a.offers, a.slots, a.prefer
FROM a JOIN person p ON p.principal = a.principal;

-- training: one session per role and a repeat for Mentors; everyone attended
WITH s(role, title, day, starts, ends, place) AS (VALUES
 ('mentor', 'Mentor training (half a day)', date('now', '-7 months'), '09:30', '13:00', 'Senate House, Room 2.14'),
 ('mentor', 'Mentor training, repeat date', date('now', '-7 months', '+14 days'), '13:30', '17:00', 'Senate House, Room 2.14'),
 ('senior', 'Senior Mentor training (full day)', date('now', '-7 months', '+1 day'), '09:30', '16:30', 'Council Chamber'))
INSERT INTO training_session (programme_id, role, title, day, starts, ends, place, link, capacity, facilitator_id, created_at, updated_at)
SELECT (SELECT id FROM demo_prog), role, title, day, starts, ends, place,
       'https://teams.demo.ac.uk/meet/rm-training', 20,
       (SELECT id FROM person WHERE principal = 'facilitator'), (SELECT t FROM demo_t), (SELECT t FROM demo_t)
FROM s;
INSERT INTO training_booking (session_id, application_id, attendance, booked_at, recorded_by, recorded_at)
SELECT (SELECT min(s.id) FROM training_session s WHERE s.programme_id = a.programme_id AND s.role = a.role),
       a.id, 'attended', (SELECT t FROM demo_t) + 2 * 86400,
       (SELECT id FROM person WHERE principal = 'facilitator'), CAST(strftime('%s', 'now', '-7 months', '+1 day') AS INTEGER)
FROM application a WHERE a.programme_id = (SELECT id FROM demo_prog);

-- the published pairs: mentor1 with senior1, mentor2 with senior2, mentor4 with senior3
WITH pr(m, s, score) AS (VALUES ('mentor1', 'senior1', 100), ('mentor2', 'senior2', 60), ('mentor4', 'senior3', 70))
INSERT INTO pair (programme_id, mentor_app, senior_app, mentor_id, senior_id, status, score, created_by, created_at)
SELECT (SELECT id FROM demo_prog), ma.id, sa.id, ma.person_id, sa.person_id, 'active', pr.score,
       (SELECT id FROM person WHERE principal = 'admin'), CAST(strftime('%s', 'now', '-6 months') AS INTEGER)
FROM pr JOIN person mp ON mp.principal = pr.m JOIN person sp ON sp.principal = pr.s
JOIN application ma ON ma.person_id = mp.id AND ma.programme_id = (SELECT id FROM demo_prog)
JOIN application sa ON sa.person_id = sp.id AND sa.programme_id = (SELECT id FROM demo_prog);

-- the pairs' year so far; pairs by their mentor's principal
CREATE TEMP TABLE demo_pair AS
SELECT mp.principal AS k, pr.id AS id, pr.mentor_id AS m, pr.senior_id AS s
FROM pair pr JOIN person mp ON mp.id = pr.mentor_id
WHERE pr.programme_id = (SELECT id FROM demo_prog);

-- meetings, days ago (the programme started about 182 days ago).  Logged by
-- the mentor (m) or the Senior Mentor (s) that evening, answered by the
-- other partner `later` days after that.  mentor1 and senior1: three
-- confirmed and one senior1 logged, waiting for mentor1; mentor2 and
-- senior2: one confirmed and one disputed (behind the pace of 3 by now);
-- mentor4 and senior3: four confirmed.
WITH mt(k, ago, minutes, mode, agenda, status, logger, later, reason) AS (VALUES
 ('mentor1', 160, 60, 'in_person', 'Introductions: our careers so far, what each of us hopes to get from the year, and agreeing how we keep what we discuss confidential.', 'confirmed', 'm', 1, ''),
 ('mentor1', 118, 60, 'online', 'How decisions are made at the Senior Leadership Team, and how Student Services papers could land better there.', 'confirmed', 's', 2, ''),
 ('mentor1', 74, 90, 'in_person', 'Amara shadowed the Registry''s admissions planning meeting; afterwards we talked about who speaks in that room and who is heard.', 'confirmed', 'm', 1, ''),
 ('mentor1', 9, 60, 'online', 'The draft race equality action plan for professional services, and what staff in Student Services would find credible in it.', 'logged', 's', 0, ''),
 ('mentor2', 140, 45, 'online', 'First meeting: what we each expect from the programme, and finding a regular time that suits both diaries.', 'confirmed', 'm', 3, ''),
 ('mentor2', 40, 60, 'phone', 'Planning data on staff progression by ethnicity, and how much of it reaches the executive.', 'disputed', 'm', 4, 'I don''t think we spoke that week: I was at the Universities UK conference. Could you check the date? It may have been the week after.'),
 ('mentor4', 165, 60, 'in_person', 'Introductions, and the Library''s recruitment panels: who sits on them and how they are chosen.', 'confirmed', 's', 1, ''),
 ('mentor4', 128, 60, 'online', 'Confidence at interview for senior roles; Claire explained how the People Directorate shortlists.', 'confirmed', 'm', 2, ''),
 ('mentor4', 85, 75, 'in_person', 'Feedback on Mei''s supporting statement for the Associate Director post.', 'confirmed', 'm', 1, ''),
 ('mentor4', 30, 60, 'online', 'What the Library''s staff survey says about belonging, and how HR could help act on it.', 'confirmed', 's', 1, ''))
INSERT INTO meeting (pair_id, held_on, minutes, mode, agenda, status, logged_by, logged_at,
  updated_at, answered_by, answered_at, dispute_reason)
SELECT dp.id, date('now', '-' || mt.ago || ' days'), mt.minutes, mt.mode, mt.agenda, mt.status,
  CASE mt.logger WHEN 'm' THEN dp.m ELSE dp.s END,
  CAST(strftime('%s', 'now', '-' || mt.ago || ' days', 'start of day', '+19 hours') AS INTEGER),
  CAST(strftime('%s', 'now', '-' || (mt.ago - mt.later) || ' days', 'start of day', '+19 hours', '+' || (mt.later * 40) || ' minutes') AS INTEGER),
  CASE WHEN mt.status = 'logged' THEN NULL WHEN mt.logger = 'm' THEN dp.s ELSE dp.m END,
  CASE WHEN mt.status = 'logged' THEN NULL
       ELSE CAST(strftime('%s', 'now', '-' || (mt.ago - mt.later) || ' days', 'start of day', '+19 hours', '+' || (mt.later * 40) || ' minutes') AS INTEGER) END,
  mt.reason
FROM mt JOIN demo_pair dp ON dp.k = mt.k;

-- mentor1 and senior1's private journal (only the two of them see it)
WITH n(ago, author, body) AS (VALUES
 (159, 'm', 'Helen suggested I read the last two Council papers on the student experience before we next meet.'),
 (117, 's', 'Introduce Amara to the Director of Finance before the budget round starts.'),
 (73, 'm', 'Next time: talk through the feedback on my SLT paper and what I would do differently.'),
 (8, 's', 'Why do our admissions meetings so rarely hear from junior staff? Raise it at the Registry away day.'))
INSERT INTO pair_note (pair_id, author_id, body, created_at)
SELECT dp.id, CASE n.author WHEN 'm' THEN dp.m ELSE dp.s END, n.body,
  CAST(strftime('%s', 'now', '-' || n.ago || ' days', 'start of day', '+20 hours') AS INTEGER)
FROM n JOIN demo_pair dp ON dp.k = 'mentor1';

-- the mid-point check-in, open since ten days ago: mentor1 and senior1 have
-- answered, and mentor2, who asked for support; senior2 and the third pair
-- have not yet
WITH c(k, who, ago, rating, on_plan, going_well, hard, wants_support, support_kind) AS (VALUES
 ('mentor1', 'm', 6, 4, 'yes', 'Helen is generous with her time and honest about how the executive really works.', 'Finding time around the admissions cycle.', 0, ''),
 ('mentor1', 's', 4, 5, 'yes', 'Amara''s questions have changed how I run the Registry''s planning meetings.', '', 0, ''),
 ('mentor2', 'm', 3, 2, 'no', 'When we do meet, the conversations about data and progression are useful.', 'We have met properly only once. Meetings keep being moved and we have not agreed how often to meet.', 1, 'A facilitator to help us agree a meeting rhythm'))
INSERT INTO checkin (pair_id, person_id, rating, on_plan, going_well, hard, wants_support,
  support_kind, submitted_at, updated_at)
SELECT dp.id, CASE c.who WHEN 'm' THEN dp.m ELSE dp.s END, c.rating, c.on_plan, c.going_well,
  c.hard, c.wants_support, c.support_kind,
  CAST(strftime('%s', 'now', '-' || c.ago || ' days', 'start of day', '+13 hours') AS INTEGER),
  CAST(strftime('%s', 'now', '-' || c.ago || ' days', 'start of day', '+13 hours') AS INTEGER)
FROM c JOIN demo_pair dp ON dp.k = c.k;

-- support for mentor2 and senior2: a reminder done two months ago, and the
-- facilitator's meeting with both, in progress and due in a week
WITH a(what, owner, due, status, follow_up, created_ago, updated_ago) AS (VALUES
 ('Remind Priya and Robert of the minimum of six meetings and of logging each one; check that Robert''s office has the programme''s dates.',
  'admin2', date('now', '-50 days'), 'done',
  'Both reminded by email. Robert''s office has the dates and will protect one afternoon a month.', 62, 52),
 ('Meet Priya and Robert together to agree a meeting rhythm for the rest of the year and book the next three dates.',
  'facilitator', date('now', '+7 days'), 'in_progress',
  'Spoken to Priya; waiting for Robert''s office to offer times next week.', 2, 1))
INSERT INTO support_action (pair_id, what, owner_id, due_on, status, drop_reason, follow_up,
  created_by, created_at, updated_at)
SELECT dp.id, a.what, (SELECT id FROM person WHERE principal = a.owner), a.due, a.status, '',
  a.follow_up, (SELECT id FROM person WHERE principal = 'admin'),
  CAST(strftime('%s', 'now', '-' || a.created_ago || ' days', 'start of day', '+10 hours') AS INTEGER),
  CAST(strftime('%s', 'now', '-' || a.updated_ago || ' days', 'start of day', '+15 hours') AS INTEGER)
FROM a JOIN demo_pair dp ON dp.k = 'mentor2';

INSERT INTO audit (at, actor, action, entity, entity_id, detail)
SELECT CAST(strftime('%s', 'now') AS INTEGER), 'demo-seed', 'demo.seed', 'programme', id, '' FROM demo_prog;
COMMIT;
