-- The resources hub in the demo (features/resources), after the stories:
-- links for every member of staff, a guide for the Senior Mentors, one for
-- facilitators, a film for the Mentors, the transcript of the launch event
-- uploaded for the mid-year programme's participants (its file written by
-- scripts/demo-seed.sh under its SHA-256, which replaces @SHA@ and @SIZE@),
-- and a withdrawn report.  Added by admin over the past months.
BEGIN;
CREATE TEMP TABLE demo_res_prog AS SELECT max(id) AS id FROM programme
  WHERE name LIKE 'Reciprocal Mentoring Programme %/%';

WITH r(title, kind, description, topics, url, sha, fname, ftype, fsize, audience, prog, role,
       ago, withdrawn) AS (VALUES
  ('Let''s talk about Race: a toolkit for conversations', 'toolkit',
   'Prompts, ground rules and short exercises for teams who want to talk about race at '
   || 'work openly and safely, written with staff networks across the sector.',
   'anti-racism,conversations,allyship', 'https://www.example.ac.uk/lets-talk-about-race',
   '', '', '', 0, 'all', 1, '', 120, 0),
  ('Race at Work Charter: what universities commit to', 'guidance',
   'The five calls to action of the Race at Work Charter, and what each means for '
   || 'recruitment, progression and the way leaders are held to account.',
   'recruitment,leadership,policy', 'https://www.example.org/race-at-work-charter',
   '', '', '', 0, 'all', 0, '', 90, 0),
  ('Inclusive recruitment: shortlisting without bias', 'guidance',
   'A checklist for panels: job adverts, diverse panels, structured questions and the '
   || 'data to look at before the shortlist is agreed.',
   'recruitment,anti-racism', 'https://www.example.ac.uk/inclusive-recruitment',
   '', '', '', 0, 'all', 0, '', 60, 0),
  ('Being a Senior Mentor: listening first', 'guidance',
   'For executives in reciprocal mentoring: how to listen, what to share of your own '
   || 'work, and how to turn what you learn into action in your institution.',
   'reciprocal mentoring,listening,leadership', 'https://www.example.ac.uk/senior-mentor-guide',
   '', '', '', 0, 'role', 0, 'senior', 75, 0),
  ('Mentor induction film', 'film',
   'Mentors of earlier cohorts on what the year asked of them and what it gave them '
   || '(12 minutes, with captions and a transcript on its page).',
   'reciprocal mentoring,careers', 'https://video.example.ac.uk/watch/mentor-induction',
   '', '', '', 0, 'role', 0, 'mentor', 70, 0),
  ('Facilitating the mid-point check-in', 'guidance',
   'Notes for facilitators: reading the check-in answers, when a pair needs support and '
   || 'how to offer it without taking sides.',
   'check-in,support', 'https://www.example.ac.uk/facilitator-check-in',
   '', '', '', 0, 'role', 0, 'facilitator', 40, 0),
  ('Transcript of the programme launch', 'report',
   'What the Vice-Chancellor and the first pairs said at the launch of this year''s '
   || 'programme, for its participants.',
   'launch,reciprocal mentoring', '', '@SHA@', 'Programme launch transcript.txt',
   'text/plain', @SIZE@, 'programme', 1, '', 200, 0),
  ('Race equality in professional services (2019)', 'report',
   'An older sector survey, replaced by newer figures.',
   'data,anti-racism', 'https://www.example.org/race-equality-2019',
   '', '', '', 0, 'all', 0, '', 300, 30))
INSERT INTO resource (title, kind, description, topics, url, file_sha256, file_name, file_type,
  file_size, audience, programme_id, role, added_by, added_at, updated_at, withdrawn_at)
SELECT r.title, r.kind, r.description, r.topics, r.url, r.sha, r.fname, r.ftype, r.fsize,
  r.audience, CASE WHEN r.prog = 1 THEN (SELECT id FROM demo_res_prog) ELSE 0 END, r.role,
  (SELECT id FROM person WHERE principal = 'admin'),
  CAST(strftime('%s', 'now', '-' || r.ago || ' days') AS INTEGER),
  CAST(strftime('%s', 'now', '-' || r.ago || ' days') AS INTEGER),
  CASE WHEN r.withdrawn > 0 THEN CAST(strftime('%s', 'now', '-' || r.withdrawn || ' days')
       AS INTEGER) ELSE 0 END
FROM r;

INSERT INTO audit (at, actor, action, entity, entity_id, detail)
SELECT CAST(strftime('%s', 'now') AS INTEGER), 'demo-seed', 'demo.seed_resources', 'programme',
  id, '' FROM demo_res_prog;
COMMIT;
