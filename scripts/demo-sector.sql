-- Demo data for `make run` (SQLite): a sector programme's partner
-- institution, Northgate University (conf/demo/demo-sector.conf): six of its
-- staff applied to the programme half-way through its year (three
-- accepted, who attended training; one of them a Senior Mentor who has
-- recorded an action in Northgate, one a Mentor with a career step) and
-- two to the programme open for applications.  As Northgate's IdP would
-- have written them at sign-in: scoped names, scope northgate.ac.uk.  Run
-- once by scripts/demo-seed.sh after the other demo data.
BEGIN;
CREATE TEMP TABLE demo_mid AS SELECT max(id) AS id FROM programme
WHERE name LIKE 'Reciprocal Mentoring Programme %/%';
CREATE TEMP TABLE demo_open AS SELECT min(id) AS id FROM programme
WHERE name NOT LIKE 'Reciprocal Mentoring Programme %/%' AND name NOT LIKE '%pilot%';

WITH n(principal, name, job, dept, grade) AS (VALUES
 ('a.bello@northgate.ac.uk', 'Adaeze Bello', 'Head of Admissions', 'Admissions', '8'),
 ('k.rahman@northgate.ac.uk', 'Kamal Rahman', 'Finance Business Partner', 'Finance', '8'),
 ('j.mensah@northgate.ac.uk', 'Joy Mensah', 'Deputy Registrar', 'Registry', '9'),
 ('s.ali@northgate.ac.uk', 'Sana Ali', 'IT Service Manager', 'IT Services', '8'),
 ('l.chen@northgate.ac.uk', 'Li Chen', 'Head of Research Office', 'Research Office', '9'),
 ('p.walker@northgate.ac.uk', 'Paula Walker', 'Chief Financial Officer', 'Finance', '10'),
 ('d.okoro@northgate.ac.uk', 'David Okoro', 'Head of Estates Planning', 'Estates', '8'),
 ('r.hughes@northgate.ac.uk', 'Rhian Hughes', 'Pro Vice-Chancellor (Education)', 'Vice-Chancellor''s Office', '10'))
INSERT INTO person (principal, display_name, mail, department, job_title, grade, first_seen,
  last_seen, scope, eppn)
SELECT principal, name, principal, dept, job, grade,
  CAST(strftime('%s', 'now', '-120 days') AS INTEGER),
  CAST(strftime('%s', 'now', '-3 days') AS INTEGER), 'northgate.ac.uk', principal
FROM n;

WITH a(principal, prog, role, status, senior_role, ago) AS (VALUES
 ('a.bello@northgate.ac.uk', 'mid', 'mentor', 'accepted', '', 260),
 ('k.rahman@northgate.ac.uk', 'mid', 'mentor', 'declined', '', 258),
 ('j.mensah@northgate.ac.uk', 'mid', 'mentor', 'accepted', '', 255),
 ('s.ali@northgate.ac.uk', 'mid', 'mentor', 'waitlisted', '', 250),
 ('l.chen@northgate.ac.uk', 'mid', 'mentor', 'withdrawn', '', 249),
 ('p.walker@northgate.ac.uk', 'mid', 'senior', 'accepted', 'Chief Financial Officer', 262),
 ('d.okoro@northgate.ac.uk', 'open', 'mentor', 'submitted', '', 4),
 ('r.hughes@northgate.ac.uk', 'open', 'senior', 'submitted', 'Pro Vice-Chancellor (Education)', 2))
INSERT INTO application (programme_id, person_id, role, status, self_identified, grade,
  grade_source, job_title, department, senior_role, gain, topics, availability, motivation,
  created_at, updated_at, decided_at)
SELECT CASE a.prog WHEN 'mid' THEN (SELECT id FROM demo_mid) ELSE (SELECT id FROM demo_open) END,
  p.id, a.role, a.status, CASE a.role WHEN 'mentor' THEN 1 ELSE 0 END,
  CASE a.role WHEN 'mentor' THEN p.grade ELSE '' END,
  CASE a.role WHEN 'mentor' THEN 'sso' ELSE '' END, p.job_title, p.department, a.senior_role,
  CASE a.role WHEN 'mentor' THEN 'To understand how decisions are made at the top of a university, and to be seen there.' ELSE '' END,
  'Leadership, inclusive recruitment', 'Tuesday or Thursday afternoons',
  CASE a.role WHEN 'senior' THEN 'To learn what our own processes feel like for colleagues of colour, and to act on it.' ELSE '' END,
  CAST(strftime('%s', 'now', '-' || a.ago || ' days') AS INTEGER),
  CAST(strftime('%s', 'now', '-' || max(a.ago - 10, 1) || ' days') AS INTEGER),
  CASE a.status WHEN 'submitted' THEN 0
    ELSE CAST(strftime('%s', 'now', '-' || max(a.ago - 10, 1) || ' days') AS INTEGER) END
FROM a JOIN person p ON p.principal = a.principal;

-- the accepted ones attended the programme's first session of their role
INSERT INTO training_booking (session_id, application_id, attendance, booked_at, recorded_at)
SELECT (SELECT min(ts.id) FROM training_session ts WHERE ts.programme_id = ap.programme_id
        AND ts.role = ap.role),
  ap.id, 'attended', ap.updated_at, ap.updated_at
FROM application ap JOIN person p ON p.id = ap.person_id
WHERE p.scope = 'northgate.ac.uk' AND ap.status = 'accepted'
  AND EXISTS (SELECT 1 FROM training_session ts WHERE ts.programme_id = ap.programme_id
              AND ts.role = ap.role);

INSERT INTO inst_action (programme_id, person_id, title, description, area, status, started_on,
  created_at, updated_at)
SELECT (SELECT id FROM demo_mid), p.id, 'Anonymised shortlisting for finance posts',
  'Names and photographs removed from applications for every post in Finance from grade 6.',
  'recruitment', 'in_progress', date('now', '-60 days'),
  CAST(strftime('%s', 'now', '-60 days') AS INTEGER),
  CAST(strftime('%s', 'now', '-20 days') AS INTEGER)
FROM person p WHERE p.principal = 'p.walker@northgate.ac.uk';

INSERT INTO career_step (programme_id, person_id, kind, title, taken_on, note, created_at,
  updated_at)
SELECT (SELECT id FROM demo_mid), p.id, 'acting_up', 'Acting Director of Student Recruitment',
  date('now', '-30 days'), '', CAST(strftime('%s', 'now', '-30 days') AS INTEGER),
  CAST(strftime('%s', 'now', '-30 days') AS INTEGER)
FROM person p WHERE p.principal = 'a.bello@northgate.ac.uk';

INSERT INTO audit (at, actor, action, entity, entity_id, detail)
VALUES (CAST(strftime('%s', 'now') AS INTEGER), 'demo', 'demo.seed_sector', 'programme',
        (SELECT id FROM demo_mid), 'institution=northgate.ac.uk');
COMMIT;
