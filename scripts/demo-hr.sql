-- Demo data for `make run` (SQLite): the HR data exchange.  An update HR
-- sent through its page about three months ago (applied: mentor1's HR staff
-- number and her promotion to grade 9 from the first of that month), with
-- its audit row written as the module writes it (counts and outcome, never
-- a record's content); mentor1's person row as that import left it.  HR's
-- page (sign in as hr) then lists it under "Recent updates", and the
-- progression export shows her grade at entry (8) and latest grade (9).
-- Run once by scripts/demo-seed.sh after demo-year.sql (which creates
-- mentor1's person row).
BEGIN;
CREATE TEMP TABLE demo_hr AS SELECT
  date('now', 'start of month', '-3 months') AS grade_on,
  CAST(strftime('%s', 'now', 'start of month', '-3 months', '+3 days', '+10 hours',
                '+12 minutes') AS INTEGER) AS at;

UPDATE person SET hr_staff_number = 'D01004', hr_grade = '9',
  hr_grade_on = (SELECT grade_on FROM demo_hr), hr_updated_at = (SELECT at FROM demo_hr)
WHERE principal = 'mentor1';

-- the demo's people as their SSO names them (eppn, written at each sign-in):
-- the export names everyone by eduPersonPrincipalName from the start
UPDATE person SET eppn = principal || '@demo.ac.uk'
WHERE eppn = '' AND principal NOT LIKE '%@%';

-- the SHA-256 of the file HR sent (the file itself is never kept)
INSERT INTO hr_import (at, actor, source, sha256, records, changed, rejected, outcome)
SELECT at, 'hr', 'web', '3b9f0c1e7d2a4f6b8c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b',
  2, 2, 0, 'applied'
FROM demo_hr;
INSERT INTO audit (at, actor, action, entity, entity_id, detail)
SELECT at, 'hr', 'hr.import', 'hr_import', 0,
  'applied source=web records=2 changed=2 rejected=0'
FROM demo_hr;

INSERT INTO audit (at, actor, action, entity, entity_id, detail)
SELECT CAST(strftime('%s', 'now') AS INTEGER), 'demo-seed', 'demo.seed_hr', 'person', id, ''
FROM person WHERE principal = 'mentor1';
COMMIT;
