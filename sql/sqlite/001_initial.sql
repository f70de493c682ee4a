-- mod_rmentor schema, version 1 (SQLite).
-- Applied by the module in one transaction when RMentorSchema is auto.
-- Dates are ISO 8601 text (YYYY-MM-DD), instants are Unix seconds, so the
-- same statements run on SQLite and PostgreSQL.

CREATE TABLE rm_schema (
    version     INTEGER PRIMARY KEY,
    applied_at  BIGINT NOT NULL
);

-- Everyone who has written anything; attributes are refreshed from SSO on
-- each write.  No special-category data here.
CREATE TABLE person (
    id            INTEGER PRIMARY KEY,
    principal     TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL DEFAULT '',
    mail          TEXT NOT NULL DEFAULT '',
    department    TEXT NOT NULL DEFAULT '',
    job_title     TEXT NOT NULL DEFAULT '',
    grade         TEXT NOT NULL DEFAULT '',
    staff_number  TEXT NOT NULL DEFAULT '',
    first_seen    BIGINT NOT NULL,
    last_seen     BIGINT NOT NULL
);

CREATE TABLE programme (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL,
    institutions        TEXT NOT NULL,
    description         TEXT NOT NULL DEFAULT '',
    apply_opens         TEXT NOT NULL,
    apply_closes        TEXT NOT NULL,
    start_date          TEXT NOT NULL,
    length_months       INTEGER NOT NULL DEFAULT 12 CHECK (length_months BETWEEN 1 AND 60),
    min_meetings        INTEGER NOT NULL DEFAULT 6 CHECK (min_meetings BETWEEN 1 AND 100),
    meeting_minutes     INTEGER NOT NULL DEFAULT 60 CHECK (meeting_minutes BETWEEN 15 AND 480),
    mentor_training     TEXT NOT NULL DEFAULT '',
    senior_training     TEXT NOT NULL DEFAULT '',
    meet_month          TEXT NOT NULL DEFAULT '',
    checkin_date        TEXT NOT NULL,
    end_event_date      TEXT NOT NULL,
    capacity_mentor     INTEGER NOT NULL CHECK (capacity_mentor BETWEEN 1 AND 10000),
    capacity_senior     INTEGER NOT NULL CHECK (capacity_senior BETWEEN 1 AND 10000),
    min_grade           TEXT NOT NULL,
    senior_entitlement  TEXT NOT NULL,
    senior_label        TEXT NOT NULL DEFAULT 'Senior Mentor',
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL
);

-- Who runs a programme (admins) and who supports it (facilitators).
CREATE TABLE programme_team (
    programme_id  BIGINT NOT NULL REFERENCES programme(id),
    person_id     BIGINT NOT NULL REFERENCES person(id),
    role          TEXT NOT NULL CHECK (role IN ('admin', 'facilitator')),
    added_at      BIGINT NOT NULL,
    PRIMARY KEY (programme_id, person_id, role)
);
CREATE INDEX programme_team_person ON programme_team (person_id);

-- One application per person, programme and role.  self_identified records
-- only the applicant's yes to "I identify as a member of staff of colour";
-- no ethnicity value is stored.
CREATE TABLE application (
    id               INTEGER PRIMARY KEY,
    programme_id     BIGINT NOT NULL REFERENCES programme(id),
    person_id        BIGINT NOT NULL REFERENCES person(id),
    role             TEXT NOT NULL CHECK (role IN ('mentor', 'senior')),
    status           TEXT NOT NULL CHECK (status IN ('submitted', 'accepted', 'waitlisted', 'declined', 'withdrawn')),
    self_identified  INTEGER NOT NULL DEFAULT 0 CHECK (self_identified IN (0, 1)),
    grade            TEXT NOT NULL DEFAULT '',
    grade_source     TEXT NOT NULL DEFAULT '' CHECK (grade_source IN ('', 'sso', 'self')),
    job_title        TEXT NOT NULL DEFAULT '',
    department       TEXT NOT NULL DEFAULT '',
    senior_role      TEXT NOT NULL DEFAULT '',
    gain             TEXT NOT NULL DEFAULT '',
    topics           TEXT NOT NULL DEFAULT '',
    availability     TEXT NOT NULL DEFAULT '',
    motivation       TEXT NOT NULL DEFAULT '',
    decision_reason  TEXT NOT NULL DEFAULT '',
    decided_by       BIGINT REFERENCES person(id),
    decided_at       BIGINT,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    UNIQUE (programme_id, person_id, role)
);
CREATE INDEX application_programme ON application (programme_id, role, status);
CREATE INDEX application_person ON application (person_id);

-- Who did what to which record, and when.  Never special-category values,
-- tokens or free text: action and detail are codes.
CREATE TABLE audit (
    id         INTEGER PRIMARY KEY,
    at         BIGINT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  BIGINT NOT NULL,
    detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_entity ON audit (entity, entity_id);
