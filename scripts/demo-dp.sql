-- Demo data for `make run`: data protection history.  A pilot programme that
-- ended some thirteen months ago, run by admin, with two pairs; one of its
-- Mentors asked the DPO to erase her, and dpo did so from the web about two
-- months ago, so her row is now "Erased person" under a pseudonym, with her
-- own text blanked and the pilot's figures (meetings, minutes, ratings,
-- statuses, her self-identification) kept.  About a month ago the daily
-- retention purge (rmentor-purge.timer, as www-data) reached the pilot's
-- notes and check-in text (12 months after its end, the defaults of
-- conf/data-protection.conf) and the answers of its two applications never
-- accepted (6 months), and recorded its counts.  And a few audited views of
-- sensitive data: the applications lists of the pilot and of the programme
-- half-way through its year, and mentor1 reading and downloading her data.
-- Sign in as dpo to see them on /dp and /dp/audit.
--
-- Run once by scripts/demo-seed.sh, after demo-year.sql and demo-hr.sql, on
-- a database at schema 9.  Unlike the other demo files it is written for
-- SQLite and PostgreSQL alike: no strftime() or date(), no hex(randomblob()).
-- Dates count whole days back from CURRENT_DATE (UTC on SQLite, the
-- session's zone on PostgreSQL, read as YYYY-MM-DD: the default DateStyle
-- ISO), turned into Unix days and back with integer arithmetic (H. Hinnant's
-- days_from_civil and civil_from_days).  Without the demo's people and
-- programmes (a PostgreSQL database no demo file has seeded) it adds the
-- pilot, its people and the data protection records, and skips the rest.
BEGIN;

-- today, as days since 1970-01-01
CREATE TEMP TABLE demo_dp_ymd AS SELECT
  CAST(substr(CAST(CURRENT_DATE AS TEXT), 1, 4) AS INTEGER) AS y,
  CAST(substr(CAST(CURRENT_DATE AS TEXT), 6, 2) AS INTEGER) AS m,
  CAST(substr(CAST(CURRENT_DATE AS TEXT), 9, 2) AS INTEGER) AS d;
CREATE TEMP TABLE demo_dp_clock AS
SELECT era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468 AS today
FROM (SELECT yy / 400 AS era, yy - (yy / 400) * 400 AS yoe,
             (153 * ((m + 9) % 12) + 2) / 5 + d - 1 AS doy
      FROM (SELECT y - CASE WHEN m <= 2 THEN 1 ELSE 0 END AS yy, m, d FROM demo_dp_ymd) a) b;

-- each of the last 1000 days: how many days ago, its date, its midnight (UTC)
CREATE TEMP TABLE demo_dp_day AS
WITH RECURSIVE n(ago) AS (SELECT 0 UNION ALL SELECT ago + 1 FROM n WHERE ago < 1000),
z AS (SELECT ago, (SELECT today FROM demo_dp_clock) - ago + 719468 AS z FROM n),
e AS (SELECT ago, z / 146097 AS era, z - (z / 146097) * 146097 AS doe FROM z),
f AS (SELECT ago, era, doe, (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365 AS yoe FROM e),
g AS (SELECT ago, era, yoe, doe - (365 * yoe + yoe / 4 - yoe / 100) AS doy FROM f),
h AS (SELECT ago, era, yoe, doy, (5 * doy + 2) / 153 AS mp FROM g),
i AS (SELECT ago, yoe + era * 400 AS y0, doy - (153 * mp + 2) / 5 + 1 AS d,
             CASE WHEN mp < 10 THEN mp + 3 ELSE mp - 9 END AS m FROM h),
j AS (SELECT ago, y0 + CASE WHEN m <= 2 THEN 1 ELSE 0 END AS y, m, d FROM i)
SELECT ago,
  CAST(y AS TEXT) || '-' || CASE WHEN m < 10 THEN '0' ELSE '' END || CAST(m AS TEXT)
    || '-' || CASE WHEN d < 10 THEN '0' ELSE '' END || CAST(d AS TEXT) AS iso,
  CAST((SELECT today FROM demo_dp_clock) - ago AS BIGINT) * 86400 AS t
FROM j;

-- the pilot's calendar: applications 850 to 820 days ago, training, a start
-- 762 days ago and twelve months (so its last day was about 397 days ago),
-- the check-in half-way
CREATE TEMP TABLE demo_dp_cal AS SELECT
  max(CASE WHEN ago = 880 THEN t END) AS created,
  max(CASE WHEN ago = 850 THEN iso END) AS opens,
  max(CASE WHEN ago = 820 THEN iso END) AS closes,
  max(CASE WHEN ago = 805 THEN t END) AS decided,
  max(CASE WHEN ago = 790 THEN iso END) AS mentor_training,
  max(CASE WHEN ago = 789 THEN iso END) AS senior_training,
  max(CASE WHEN ago = 762 THEN iso END) AS starts,
  max(CASE WHEN ago = 762 THEN t END) AS started,
  max(CASE WHEN ago = 580 THEN iso END) AS checkin,
  max(CASE WHEN ago = 66 THEN iso END) AS asked_on,
  max(CASE WHEN ago = 64 THEN t END) + 11 * 3600 + 20 * 60 AS erased
FROM demo_dp_day;
-- its last day: the start plus twelve months
ALTER TABLE demo_dp_cal ADD COLUMN ends TEXT;
UPDATE demo_dp_cal SET ends = CAST(CAST(substr(starts, 1, 4) AS INTEGER) + 1 AS TEXT)
  || CASE WHEN substr(starts, 5) = '-02-29' THEN '-02-28' ELSE substr(starts, 5) END;
-- the purge that reached its notes and check-ins: the timer's run (03:40 and
-- its random delay) the day after they were twelve months past that day
ALTER TABLE demo_dp_cal ADD COLUMN purged BIGINT;
UPDATE demo_dp_cal SET purged = (SELECT d.t FROM demo_dp_day d
  WHERE d.iso = CAST(CAST(substr(ends, 1, 4) AS INTEGER) + 1 AS TEXT) || substr(ends, 5))
  + 86400 + 3 * 3600 + 44 * 60 + 17;

-- admin, who ran the pilot (made by demo-year.sql already, unless this is a
-- database no other demo file seeded), dpo, who did the erasure, and the
-- pilot's people: former staff who never had a demo account.  The Mentor
-- who was erased is her pseudonymous row only: principal "erased:" and 16
-- hex characters (fixed here; erasure draws them at random), name "Erased
-- person", every other attribute blank.
WITH v(principal, display_name, mail, department, job_title, grade, staff_number, first_ago, last_ago) AS (VALUES
 ('admin', 'Ada Adeyemi', 'admin@demo.ac.uk', 'EDI Office', 'Head of Equality, Diversity and Inclusion', '9', 'D01000', 900, 880),
 ('dpo', 'Dana Okafor', 'dpo@demo.ac.uk', 'Governance and Legal Services', 'Data Protection Officer', '9', 'D01014', 70, 64),
 ('pilot2', 'Graham Whitfield', 'pilot2@demo.ac.uk', 'Vice-Chancellor''s Office', 'Deputy Vice-Chancellor', '10', 'D00412', 860, 400),
 ('pilot3', 'Nadia Rahman', 'pilot3@demo.ac.uk', 'Admissions', 'Head of Admissions', '8', 'D00587', 858, 380),
 ('pilot4', 'Simon Clarke', 'pilot4@demo.ac.uk', 'Estates and Facilities', 'Director of Estates and Facilities', '10', 'D00233', 855, 395),
 ('pilot5', 'Tunde Bakare', 'pilot5@demo.ac.uk', 'Faculty of Science', 'Faculty Operations Manager', '8', 'D00649', 845, 805),
 ('pilot6', 'Fiona Reid', 'pilot6@demo.ac.uk', 'Digital Services', 'Director of Digital Services', '10', 'D00318', 840, 826))
INSERT INTO person (principal, display_name, mail, department, job_title, grade, staff_number,
  eppn, first_seen, last_seen)
SELECT v.principal, v.display_name, v.mail, v.department, v.job_title, v.grade, v.staff_number,
  v.principal || '@demo.ac.uk',
  (SELECT t FROM demo_dp_day WHERE ago = v.first_ago) + 9 * 3600,
  (SELECT t FROM demo_dp_day WHERE ago = v.last_ago) + 16 * 3600
FROM v WHERE true
ON CONFLICT (principal) DO NOTHING;

INSERT INTO person (principal, display_name, first_seen, last_seen, erased_at)
SELECT 'erased:5c1e9a07d3b28f64', 'Erased person',
  (SELECT t FROM demo_dp_day WHERE ago = 858) + 10 * 3600,
  (SELECT t FROM demo_dp_day WHERE ago = 420) + 15 * 3600, erased
FROM demo_dp_cal WHERE true
ON CONFLICT (principal) DO NOTHING;

-- who is who in the pilot
CREATE TEMP TABLE demo_dp_who AS
SELECT 'E' AS k, id FROM person WHERE principal = 'erased:5c1e9a07d3b28f64'
UNION ALL SELECT principal, id FROM person
WHERE principal IN ('admin', 'pilot2', 'pilot3', 'pilot4', 'pilot5', 'pilot6');

INSERT INTO programme (name, institutions, description, apply_opens, apply_closes, start_date,
  length_months, min_meetings, meeting_minutes, mentor_training, senior_training, meet_month,
  checkin_date, end_event_date, capacity_mentor, capacity_senior, min_grade, senior_entitlement,
  senior_label, created_at, updated_at, checkin_weeks)
SELECT 'Reciprocal Mentoring Pilot ' || substr(starts, 1, 4) || '/' || substr(ends, 3, 2),
  'Demo University',
  'A pilot of reciprocal mentoring before the first full programme: two Mentors and two members of the executive, paired for twelve months.',
  opens, closes, starts, 12, 6, 60, mentor_training, senior_training, substr(starts, 1, 7),
  checkin, ends, 2, 2, '8', 'urn:mace:demo.ac.uk:exco', 'Senior Mentor',
  created + 10 * 3600, started + 9 * 3600, 4
FROM demo_dp_cal;
CREATE TEMP TABLE demo_dp_prog AS SELECT max(id) AS id FROM programme
WHERE name LIKE 'Reciprocal Mentoring Pilot %';

INSERT INTO programme_team (programme_id, person_id, role, added_at)
SELECT (SELECT id FROM demo_dp_prog), w.id, 'admin', (SELECT created FROM demo_dp_cal) + 10 * 3600
FROM demo_dp_who w WHERE w.k = 'admin';

-- applications.  E's answers were blanked by her erasure; pilot5's and
-- pilot6's (never accepted) by the purge, which marked them purged; the
-- decision reason is the admin's and stays.
WITH a(k, role, status, selfid, grade, grade_source, job, dept, senior_role, gain, topics,
       availability, motivation, reason, decided, purged) AS (VALUES
 ('E', 'mentor', 'accepted', 1, '', '', '', '', '', '', '', '', '', '', 1, 0),
 ('pilot3', 'mentor', 'accepted', 1, '8', 'sso', 'Head of Admissions', 'Admissions', '',
  'An understanding of how the executive sets priorities, and a sponsor for senior roles.',
  'Progression for staff of colour in professional services; admissions and widening participation.',
  'Tuesday and Thursday mornings.', '', '', 1, 0),
 ('pilot5', 'mentor', 'declined', 1, '', '', '', '', '', '', '', '', '',
  'The pilot has places for two pairs only. We would welcome your application to the first full programme next year.', 1, 1),
 ('pilot2', 'senior', 'accepted', 0, '', '', '', 'Vice-Chancellor''s Office', 'Deputy Vice-Chancellor',
  '', 'Leadership, promotion panels, how the executive works.', 'Monday afternoons.',
  'To hear directly from staff of colour what gets in the way of progression here.', '', 1, 0),
 ('pilot4', 'senior', 'accepted', 0, '', '', '', 'Estates and Facilities', 'Director of Estates and Facilities',
  '', 'Recruitment, team culture.', 'Wednesday mornings.',
  'Our directorate''s senior team does not reflect the staff it leads.', '', 1, 0),
 ('pilot6', 'senior', 'withdrawn', 0, '', '', '', '', '', '', '', '', '', '', 0, 1))
INSERT INTO application (programme_id, person_id, role, status, self_identified, grade,
  grade_source, job_title, department, senior_role, gain, topics, availability, motivation,
  decision_reason, decided_by, decided_at, created_at, updated_at, purged_at)
SELECT (SELECT id FROM demo_dp_prog), w.id, a.role, a.status, a.selfid, a.grade, a.grade_source,
  a.job, a.dept, a.senior_role, a.gain, a.topics, a.availability, a.motivation, a.reason,
  CASE a.decided WHEN 1 THEN (SELECT id FROM demo_dp_who WHERE k = 'admin') END,
  CASE a.decided WHEN 1 THEN c.decided + 11 * 3600 END,
  c.created + 40 * 86400, c.created + 45 * 86400,
  CASE a.purged WHEN 1 THEN c.purged ELSE 0 END
FROM a JOIN demo_dp_who w ON w.k = a.k CROSS JOIN demo_dp_cal c;
-- the erasure wrote her application last
UPDATE application SET updated_at = (SELECT erased FROM demo_dp_cal)
WHERE person_id = (SELECT id FROM demo_dp_who WHERE k = 'E');

-- training: one session per role, everyone accepted attended
WITH s(role, title, starts, ends, place) AS (VALUES
 ('mentor', 'Mentor training (pilot)', '09:30', '13:00', 'Senate House, Room 2.14'),
 ('senior', 'Senior Mentor briefing (pilot)', '14:00', '16:00', 'Council Chamber'))
INSERT INTO training_session (programme_id, role, title, day, starts, ends, place, link,
  capacity, facilitator_id, created_at, updated_at)
SELECT (SELECT id FROM demo_dp_prog), s.role, s.title,
  CASE s.role WHEN 'mentor' THEN c.mentor_training ELSE c.senior_training END,
  s.starts, s.ends, s.place, '', 10, (SELECT id FROM demo_dp_who WHERE k = 'admin'),
  c.decided + 12 * 3600, c.decided + 12 * 3600
FROM s CROSS JOIN demo_dp_cal c;
INSERT INTO training_booking (session_id, application_id, attendance, booked_at, recorded_by,
  recorded_at)
SELECT (SELECT min(s.id) FROM training_session s WHERE s.programme_id = a.programme_id AND s.role = a.role),
  a.id, 'attended', (SELECT decided FROM demo_dp_cal) + 2 * 86400,
  (SELECT id FROM demo_dp_who WHERE k = 'admin'),
  (SELECT started FROM demo_dp_cal) - 27 * 86400 + 18 * 3600
FROM application a
WHERE a.programme_id = (SELECT id FROM demo_dp_prog) AND a.status = 'accepted';

-- the two pairs, completed: E with pilot2, pilot3 with pilot4
WITH pr(m, s, score) AS (VALUES ('E', 'pilot2', 80), ('pilot3', 'pilot4', 70))
INSERT INTO pair (programme_id, mentor_app, senior_app, mentor_id, senior_id, status, score,
  created_by, created_at)
SELECT (SELECT id FROM demo_dp_prog), ma.id, sa.id, ma.person_id, sa.person_id, 'completed',
  pr.score, (SELECT id FROM demo_dp_who WHERE k = 'admin'),
  (SELECT started FROM demo_dp_cal) + 9 * 3600
FROM pr JOIN demo_dp_who mw ON mw.k = pr.m JOIN demo_dp_who sw ON sw.k = pr.s
JOIN application ma ON ma.person_id = mw.id AND ma.programme_id = (SELECT id FROM demo_dp_prog)
JOIN application sa ON sa.person_id = sw.id AND sa.programme_id = (SELECT id FROM demo_dp_prog);
CREATE TEMP TABLE demo_dp_pair AS
SELECT CASE WHEN pr.mentor_id = (SELECT id FROM demo_dp_who WHERE k = 'E') THEN 'A' ELSE 'B' END AS k,
  pr.id AS id, pr.mentor_id AS m, pr.senior_id AS s
FROM pair pr WHERE pr.programme_id = (SELECT id FROM demo_dp_prog);

-- their meetings, days ago: every agenda and the dispute reason are blank
-- now (E's by her erasure, the rest by the purge); dates, minutes, modes
-- and statuses stay
WITH mt(k, ago, minutes, mode, status, logger) AS (VALUES
 ('A', 740, 60, 'in_person', 'confirmed', 'm'),
 ('A', 680, 60, 'online', 'confirmed', 's'),
 ('A', 620, 90, 'in_person', 'confirmed', 'm'),
 ('A', 560, 60, 'online', 'confirmed', 's'),
 ('A', 500, 45, 'phone', 'confirmed', 'm'),
 ('A', 430, 60, 'in_person', 'confirmed', 's'),
 ('B', 745, 60, 'in_person', 'confirmed', 's'),
 ('B', 700, 60, 'in_person', 'confirmed', 'm'),
 ('B', 650, 75, 'online', 'confirmed', 'm'),
 ('B', 600, 60, 'online', 'confirmed', 's'),
 ('B', 540, 60, 'phone', 'disputed', 'm'),
 ('B', 520, 60, 'in_person', 'confirmed', 'm'),
 ('B', 470, 90, 'in_person', 'confirmed', 's'),
 ('B', 410, 60, 'online', 'confirmed', 'm'))
INSERT INTO meeting (pair_id, held_on, minutes, mode, agenda, status, logged_by, logged_at,
  updated_at, answered_by, answered_at, dispute_reason)
SELECT dp.id, d.iso, mt.minutes, mt.mode, '', mt.status,
  CASE mt.logger WHEN 'm' THEN dp.m ELSE dp.s END,
  d.t + 19 * 3600, d.t + 86400 + 9 * 3600,
  CASE mt.logger WHEN 'm' THEN dp.s ELSE dp.m END, d.t + 86400 + 9 * 3600, ''
FROM mt JOIN demo_dp_pair dp ON dp.k = mt.k JOIN demo_dp_day d ON d.ago = mt.ago;

-- the check-in: ratings and answers kept, the written answers blank
WITH c(k, who, ago, rating, on_plan) AS (VALUES
 ('A', 'm', 578, 4, 'yes'), ('A', 's', 575, 5, 'yes'),
 ('B', 'm', 577, 3, 'partly'), ('B', 's', 570, 4, 'yes'))
INSERT INTO checkin (pair_id, person_id, rating, on_plan, going_well, hard, wants_support,
  support_kind, submitted_at, updated_at)
SELECT dp.id, CASE c.who WHEN 'm' THEN dp.m ELSE dp.s END, c.rating, c.on_plan, '', '', 0, '',
  d.t + 13 * 3600, d.t + 13 * 3600
FROM c JOIN demo_dp_pair dp ON dp.k = c.k JOIN demo_dp_day d ON d.ago = c.ago;

-- the erasure, as /dp/people/ID/erase records it: the reason in dp_erasure,
-- only the fact in the audit
INSERT INTO dp_erasure (person_id, at, actor, source, reason)
SELECT w.id, c.erased, 'dpo', 'web',
  'Subject asked for erasure by email to the DPO on ' || c.asked_on || ' (case DP-'
    || substr(c.asked_on, 1, 4) || '-014)'
FROM demo_dp_who w CROSS JOIN demo_dp_cal c WHERE w.k = 'E';
INSERT INTO audit (at, actor, action, entity, entity_id, detail)
SELECT c.erased, 'dpo', 'dp.erase', 'person', w.id, 'source=web'
FROM demo_dp_who w CROSS JOIN demo_dp_cal c WHERE w.k = 'E';

-- the purge run that reached the pilot: 2 applications' answers, 12 notes
-- (the 11 agendas E did not log and 1 dispute reason), 3 check-ins' text (E's
-- was blank already)
INSERT INTO dp_purge (at, actor, applications, notes, checkins, evaluations, rest, people)
SELECT purged, 'cli:www-data', 2, 12, 3, 0, 0, 0 FROM demo_dp_cal;

-- audited views of sensitive data (ids only, never values): admin looked at
-- the pilot's applications before the erasure, admin2 and admin at those of
-- the programme half-way through its year; mentor1 read her data and
-- downloaded it as JSON
CREATE TEMP TABLE demo_dp_views (actor TEXT, programme_id BIGINT, at BIGINT);
INSERT INTO demo_dp_views
SELECT 'admin', (SELECT id FROM demo_dp_prog), t + 10 * 3600 + 5 * 60 FROM demo_dp_day WHERE ago = 65;
INSERT INTO demo_dp_views
SELECT 'admin2', p.id, d.t + 9 * 3600 + 12 * 60
FROM programme p JOIN demo_dp_day d ON d.ago = 21
WHERE p.id = (SELECT max(id) FROM programme WHERE name LIKE 'Reciprocal Mentoring Programme %/%');
INSERT INTO demo_dp_views
SELECT 'admin', p.id, d.t + 14 * 3600 + 30 * 60
FROM programme p JOIN demo_dp_day d ON d.ago = 8
WHERE p.id = (SELECT max(id) FROM programme WHERE name LIKE 'Reciprocal Mentoring Programme %/%');
-- "records=ID,ID,...": each programme's application ids, joined in id order
WITH RECURSIVE ids(programme_id, id, s) AS (
  SELECT a.programme_id, min(a.id), CAST(min(a.id) AS TEXT)
  FROM application a WHERE a.programme_id IN (SELECT programme_id FROM demo_dp_views)
  GROUP BY a.programme_id
  UNION ALL
  SELECT ids.programme_id, a.id, ids.s || ',' || CAST(a.id AS TEXT)
  FROM ids JOIN application a ON a.id = (SELECT min(b.id) FROM application b
                                         WHERE b.programme_id = ids.programme_id AND b.id > ids.id))
INSERT INTO audit (at, actor, action, entity, entity_id, detail)
SELECT v.at, v.actor, 'view.applications', 'programme', v.programme_id, 'records=' || ids.s
FROM demo_dp_views v JOIN ids ON ids.programme_id = v.programme_id
WHERE ids.id = (SELECT max(a.id) FROM application a WHERE a.programme_id = v.programme_id);

INSERT INTO audit (at, actor, action, entity, entity_id, detail)
SELECT d.t + 12 * 3600 + 2 * 60, 'mentor1', 'dp.sar.view', 'person', p.id, ''
FROM person p JOIN demo_dp_day d ON d.ago = 6 WHERE p.principal = 'mentor1';
INSERT INTO audit (at, actor, action, entity, entity_id, detail)
SELECT d.t + 12 * 3600 + 4 * 60, 'mentor1', 'dp.sar.download', 'person', p.id, 'format=json'
FROM person p JOIN demo_dp_day d ON d.ago = 6 WHERE p.principal = 'mentor1';

INSERT INTO audit (at, actor, action, entity, entity_id, detail)
SELECT (SELECT t FROM demo_dp_day WHERE ago = 0), 'demo-seed', 'demo.seed_dp', 'programme', id, ''
FROM demo_dp_prog;
COMMIT;
