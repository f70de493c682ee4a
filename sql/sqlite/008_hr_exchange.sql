-- mod_rmentor schema, version 8 (SQLite): the HR data exchange.  What HR's
-- import tells about a person (their HR staff number, latest grade and
-- leaving date), kept apart from the attributes SSO refreshes at each
-- sign-in, and a record of every import.

-- hr_staff_number: the staff number HR's mapping gave (the export prefers
-- it to SSO's staff_number).  hr_grade, hr_grade_on: the latest grade HR
-- reported and the date it took effect.  left_on: the leaving date HR
-- reported ('' while employed).  hr_updated_at: when an import last
-- changed any of these (0: never); the progression export's "since" reads
-- it.
-- eppn: the eduPersonPrincipalName SSO sent (or the principal when it is
-- scoped), refreshed at each sign-in: how the export and HR's import name
-- a person when the site signs people in by another identifier.
ALTER TABLE person ADD COLUMN eppn TEXT NOT NULL DEFAULT '';
ALTER TABLE person ADD COLUMN hr_staff_number TEXT NOT NULL DEFAULT '';
ALTER TABLE person ADD COLUMN hr_grade TEXT NOT NULL DEFAULT '';
ALTER TABLE person ADD COLUMN hr_grade_on TEXT NOT NULL DEFAULT '';
ALTER TABLE person ADD COLUMN left_on TEXT NOT NULL DEFAULT '';
ALTER TABLE person ADD COLUMN hr_updated_at BIGINT NOT NULL DEFAULT 0;

CREATE INDEX person_eppn ON person (eppn);

-- The export walks applications by id and reads each one's pairs.
CREATE INDEX pair_mentor_app ON pair (mentor_app);
CREATE INDEX pair_senior_app ON pair (senior_app);

-- One row per import HR sent (applied or refused as a whole): who, how
-- (web or the command-line tool), the SHA-256 of the file (hex, never the
-- file), how many records it held and changed, and how many were rejected.
CREATE TABLE hr_import (
    id          INTEGER PRIMARY KEY,
    at          BIGINT NOT NULL,
    actor       TEXT NOT NULL,
    source      TEXT NOT NULL CHECK (source IN ('web', 'cli')),
    sha256      TEXT NOT NULL,
    records     INTEGER NOT NULL,
    changed     INTEGER NOT NULL,
    rejected    INTEGER NOT NULL,
    outcome     TEXT NOT NULL CHECK (outcome IN ('applied', 'rejected', 'refused'))
);
