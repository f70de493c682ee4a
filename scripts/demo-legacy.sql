-- Demo data for `make run` (SQLite): the close of the year and its legacy,
-- on the programme half-way through its year (scripts/demo-year.sql, run
-- first): the end-of-programme event set up, with replies (mentor1's access
-- needs are read by the admins only); reflective learning of mentor1 (one
-- private, one shared with the cohort and collected into the learning
-- digest) and of senior1 (offered for the sector); senior1's and senior3's
-- actions in their institutions; mentor1's and mentor4's career steps.  Run
-- once by scripts/demo-seed.sh after demo-year.sql.
BEGIN;
CREATE TEMP TABLE demo_prog2 AS SELECT max(id) AS id FROM programme
WHERE name LIKE 'Reciprocal Mentoring Programme %/%';

UPDATE programme SET end_event_starts = '14:00', end_event_ends = '17:30',
  end_event_place = 'Great Hall, Main Building',
  end_event_link = 'https://teams.demo.ac.uk/meet/rm-celebration',
  end_event_capacity = 40,
  end_event_details = 'A celebration of the year: short talks from three pairs, what the executives have changed, and what comes next for the programme. Tea and cake from 16:30.'
WHERE id = (SELECT id FROM demo_prog2);

WITH r(principal, answer, access, ago) AS (VALUES
 ('mentor1', 'yes', 'Step-free access, please: I use a wheelchair on longer days.', 5),
 ('senior1', 'yes', '', 4),
 ('mentor2', 'maybe', '', 3),
 ('senior3', 'no', '', 2))
INSERT INTO event_reply (programme_id, person_id, answer, access_needs, created_at, updated_at)
SELECT (SELECT id FROM demo_prog2), p.id, r.answer, r.access,
  CAST(strftime('%s', 'now', '-' || r.ago || ' days') AS INTEGER),
  CAST(strftime('%s', 'now', '-' || r.ago || ' days') AS INTEGER)
FROM r JOIN person p ON p.principal = r.principal;

WITH f(principal, title, body, visibility, digest, ago) AS (VALUES
 ('mentor1', 'After our first meeting',
  'I expected to do most of the listening. Helen asked more questions than I did, and I realised how little the executive hears directly from people at my level. I want to use that: come with one concrete example each time.',
  'private', 0, 158),
 ('mentor1', 'Being heard in the room',
  'Shadowing the admissions planning meeting showed me that decisions are often made before the meeting, in corridors and short emails. The people who are not in those conversations arrive to a decision already taken. I now send a short note before any meeting where I need to be heard, and I encourage my team to do the same.',
  'cohort', 1, 70),
 ('senior1', 'What reciprocal mentoring taught me about our processes',
  'Amara''s questions about who speaks at our planning meetings made me look at the Registry''s own habits. We have changed how agendas are set so that every team lead can add an item, and we rotate who chairs. Small changes, but staff have noticed them.',
  'sector', 0, 20))
INSERT INTO reflection (programme_id, person_id, title, body, visibility, in_digest, created_at, updated_at)
SELECT (SELECT id FROM demo_prog2), p.id, f.title, f.body, f.visibility, f.digest,
  CAST(strftime('%s', 'now', '-' || f.ago || ' days', 'start of day', '+18 hours') AS INTEGER),
  CAST(strftime('%s', 'now', '-' || f.ago || ' days', 'start of day', '+18 hours') AS INTEGER)
FROM f JOIN person p ON p.principal = f.principal;

WITH a(principal, title, description, area, status, started, done, outcome, shareable, ago) AS (VALUES
 ('senior1', 'Open agenda-setting for the Registry''s planning meetings',
  'Every team lead can add an item to the agenda, and the chair rotates, so that the meeting hears from more than its senior members.',
  'culture', 'done', date('now', '-60 days'), date('now', '-20 days'),
  'Running since last month; four team leads have brought items, two of them from staff of colour who had not spoken at the meeting before.', 1, 60),
 ('senior1', 'Ethnicity in the Registry''s promotion data',
  'Ask HR for promotion and acting-up rates by ethnicity for professional services, and bring them to the Senior Leadership Team every term.',
  'data', 'in_progress', date('now', '-30 days'), '', '', 0, 30),
 ('senior3', 'Diverse interview panels for posts at grade 9 and above',
  'Every panel for a senior professional services post has at least one member from outside the hiring department and one trained in inclusive recruitment.',
  'recruitment', 'planned', '', '', '', 1, 10))
INSERT INTO inst_action (programme_id, person_id, title, description, area, status, started_on,
  done_on, outcome, shareable, created_at, updated_at)
SELECT (SELECT id FROM demo_prog2), p.id, a.title, a.description, a.area, a.status, a.started,
  a.done, a.outcome, a.shareable,
  CAST(strftime('%s', 'now', '-' || a.ago || ' days') AS INTEGER),
  CAST(strftime('%s', 'now', '-' || a.ago || ' days') AS INTEGER)
FROM a JOIN person p ON p.principal = a.principal;

WITH c(principal, kind, title, taken, note, ago) AS (VALUES
 ('mentor1', 'acting_up', 'Acting Director of Student Experience', date('now', '-45 days'),
  'Six months while the Director is on secondment.', 44),
 ('mentor4', 'development', 'Place on the Aurora leadership programme', date('now', '-90 days'), '', 88))
INSERT INTO career_step (programme_id, person_id, kind, title, taken_on, note, created_at, updated_at)
SELECT (SELECT id FROM demo_prog2), p.id, c.kind, c.title, c.taken, c.note,
  CAST(strftime('%s', 'now', '-' || c.ago || ' days') AS INTEGER),
  CAST(strftime('%s', 'now', '-' || c.ago || ' days') AS INTEGER)
FROM c JOIN person p ON p.principal = c.principal;

INSERT INTO audit (at, actor, action, entity, entity_id, detail)
SELECT CAST(strftime('%s', 'now') AS INTEGER), 'demo-seed', 'demo.seed_legacy', 'programme', id, ''
FROM demo_prog2;
COMMIT;
