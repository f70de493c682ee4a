-- Demo data for `make run` (SQLite): spotlight stories on the programme
-- half-way through its year (scripts/demo-year.sql, run first): mentor1's
-- story, under their name, published with consent for the intranet and
-- sector conferences for two years; senior1's, anonymous, sent to the team
-- and waiting for review.  Each with the consent it was given.  Run once by
-- scripts/demo-seed.sh after demo-dp.sql, on a database at schema 10.
BEGIN;
CREATE TEMP TABLE demo_prog3 AS SELECT max(id) AS id FROM programme
WHERE name LIKE 'Reciprocal Mentoring Programme %/%';

WITH s(principal, body, film, transcript, shown_as, uses, until, status, ago, pub) AS (VALUES
 ('mentor1',
  'I came to the programme expecting advice. What I found was a conversation: Helen asked what it is like to work in Student Services as a woman of colour, and then she listened. Six months later the Registry sets its agendas differently, and I have acted up as a director.',
  'https://video.demo.ac.uk/watch/spotlight-amara',
  'Amara: When I applied I thought I would be the one learning.' || char(10) ||
  'Amara: It turned out we were both learning, and the university was too.',
  'name', 'intranet,conference', date('now', '+2 years'), 'published', 30, 12),
 ('senior1',
  'Reciprocal mentoring showed me how little of the university I actually see from the executive corridor. I now ask who is not in the room before every planning meeting.',
  '', '', 'anonymous', 'intranet', date('now', '+1 year'), 'submitted', 3, 0))
INSERT INTO story (programme_id, person_id, body, film_url, transcript, shown_as, uses,
  consent_until, consented_at, status, approved_at, published_by, published_at, created_at,
  updated_at)
SELECT (SELECT id FROM demo_prog3), p.id, s.body, s.film, s.transcript, s.shown_as, s.uses,
  s.until, CAST(strftime('%s', 'now', '-' || s.ago || ' days') AS INTEGER), s.status,
  CAST(strftime('%s', 'now', '-' || s.ago || ' days') AS INTEGER),
  CASE WHEN s.pub > 0 THEN (SELECT id FROM person WHERE principal = 'admin') END,
  CASE WHEN s.pub > 0 THEN CAST(strftime('%s', 'now', '-' || s.pub || ' days') AS INTEGER)
       ELSE 0 END,
  CAST(strftime('%s', 'now', '-' || s.ago || ' days') AS INTEGER),
  CAST(strftime('%s', 'now', '-' || (CASE WHEN s.pub > 0 THEN s.pub ELSE s.ago END) || ' days')
       AS INTEGER)
FROM s JOIN person p ON p.principal = s.principal;

INSERT INTO story_consent (story_id, person_id, event, uses, consent_until, at)
SELECT id, person_id, 'given', uses, consent_until, consented_at FROM story
WHERE programme_id = (SELECT id FROM demo_prog3);

INSERT INTO audit (at, actor, action, entity, entity_id, detail)
SELECT CAST(strftime('%s', 'now') AS INTEGER), 'demo-seed', 'demo.seed_stories', 'programme', id, ''
FROM demo_prog3;
COMMIT;
