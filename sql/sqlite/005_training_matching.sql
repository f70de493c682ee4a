-- mod_rmentor schema, version 5 (SQLite): training and matching, the first
-- step of the programme's year.  Later areas (meetings, the check-in, the
-- end of the programme, the HR export, reports) read what is stored here:
-- who attended training, and the published pairs.

-- What the matching score reads from an application, as codes of the
-- module's fixed vocabularies (features/matching): topics to discuss, what
-- the applicant hopes to gain and can offer, half-days they can meet, and
-- up to three people (sign-in names or mail addresses, one per line) they
-- would like to be paired with or to avoid.  line_manager: as stated on the
-- application, a hard constraint of the matching.
ALTER TABLE application ADD COLUMN topic_codes TEXT NOT NULL DEFAULT '';
ALTER TABLE application ADD COLUMN gain_codes TEXT NOT NULL DEFAULT '';
ALTER TABLE application ADD COLUMN offer_codes TEXT NOT NULL DEFAULT '';
ALTER TABLE application ADD COLUMN slots TEXT NOT NULL DEFAULT '';
ALTER TABLE application ADD COLUMN prefer TEXT NOT NULL DEFAULT '';
ALTER TABLE application ADD COLUMN avoid TEXT NOT NULL DEFAULT '';
ALTER TABLE application ADD COLUMN line_manager TEXT NOT NULL DEFAULT '';
-- the line manager from SSO / HR data (RMentorAttribute manager), when sent
ALTER TABLE person ADD COLUMN manager TEXT NOT NULL DEFAULT '';
-- the institution: the scope of the person's scoped principal (r->user, or
-- eduPersonPrincipalName), as SSO asserted it; "" when unscoped
ALTER TABLE person ADD COLUMN scope TEXT NOT NULL DEFAULT '';

-- Training sessions, per programme and role; several per role (a repeat
-- date for those who miss the first).  day YYYY-MM-DD, starts/ends HH:MM.
CREATE TABLE training_session (
    id              INTEGER PRIMARY KEY,
    programme_id    BIGINT NOT NULL REFERENCES programme(id),
    role            TEXT NOT NULL CHECK (role IN ('mentor', 'senior')),
    title           TEXT NOT NULL,
    day             TEXT NOT NULL,
    starts          TEXT NOT NULL,
    ends            TEXT NOT NULL,
    place           TEXT NOT NULL DEFAULT '',
    link            TEXT NOT NULL DEFAULT '',
    capacity        INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
    facilitator_id  BIGINT REFERENCES person(id),
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX training_session_programme ON training_session (programme_id, role, day);

-- A booking on a session and, once the register is taken, whether the
-- person attended.  At most one open booking per application (so changing
-- session moves it); after an absence a later session can be booked.
CREATE TABLE training_booking (
    id              INTEGER PRIMARY KEY,
    session_id      BIGINT NOT NULL REFERENCES training_session(id),
    application_id  BIGINT NOT NULL REFERENCES application(id),
    attendance      TEXT NOT NULL DEFAULT 'booked'
                    CHECK (attendance IN ('booked', 'attended', 'absent')),
    booked_at       BIGINT NOT NULL,
    recorded_by     BIGINT REFERENCES person(id),
    recorded_at     BIGINT,
    UNIQUE (session_id, application_id)
);
CREATE UNIQUE INDEX training_booking_open ON training_booking (application_id)
    WHERE attendance = 'booked';
CREATE INDEX training_booking_application ON training_booking (application_id);

-- An admin's decision that someone may be matched without having attended
-- training, with the reason (kept; the audit row says who and when).
CREATE TABLE training_override (
    application_id  BIGINT PRIMARY KEY REFERENCES application(id),
    reason          TEXT NOT NULL,
    recorded_by     BIGINT NOT NULL REFERENCES person(id),
    recorded_at     BIGINT NOT NULL
);

-- A programme's matching settings: the weight of each criterion and which
-- hard constraints apply.  No row: the defaults.
CREATE TABLE match_settings (
    programme_id       BIGINT PRIMARY KEY REFERENCES programme(id),
    w_topics           INTEGER NOT NULL DEFAULT 10 CHECK (w_topics BETWEEN 0 AND 100),
    w_gain             INTEGER NOT NULL DEFAULT 10 CHECK (w_gain BETWEEN 0 AND 100),
    w_availability     INTEGER NOT NULL DEFAULT 5 CHECK (w_availability BETWEEN 0 AND 100),
    w_pref_mentor      INTEGER NOT NULL DEFAULT 30 CHECK (w_pref_mentor BETWEEN 0 AND 100),
    w_pref_senior      INTEGER NOT NULL DEFAULT 15 CHECK (w_pref_senior BETWEEN 0 AND 100),
    apart_department   INTEGER NOT NULL DEFAULT 1 CHECK (apart_department IN (0, 1)),
    apart_institution  INTEGER NOT NULL DEFAULT 0 CHECK (apart_institution IN (0, 1)),
    updated_at         BIGINT NOT NULL
);

-- The admins' rules for a programme's matching: a pinned pair is kept by
-- every run; a forbidden pair (the "do not pair" list) is never suggested.
CREATE TABLE match_rule (
    programme_id  BIGINT NOT NULL REFERENCES programme(id),
    mentor_app    BIGINT NOT NULL REFERENCES application(id),
    senior_app    BIGINT NOT NULL REFERENCES application(id),
    kind          TEXT NOT NULL CHECK (kind IN ('pin', 'forbid')),
    reason        TEXT NOT NULL DEFAULT '',
    created_by    BIGINT NOT NULL REFERENCES person(id),
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (programme_id, mentor_app, senior_app)
);

-- The suggested pairs of the last run, never shown to participants.  The
-- score and its parts per criterion as computed at the run.
CREATE TABLE match_draft (
    programme_id    BIGINT NOT NULL REFERENCES programme(id),
    mentor_app      BIGINT NOT NULL REFERENCES application(id),
    senior_app      BIGINT NOT NULL REFERENCES application(id),
    score           INTEGER NOT NULL,
    s_topics        INTEGER NOT NULL,
    s_gain          INTEGER NOT NULL,
    s_availability  INTEGER NOT NULL,
    s_pref          INTEGER NOT NULL,
    pinned          INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
    PRIMARY KEY (programme_id, mentor_app),
    UNIQUE (programme_id, senior_app)
);
-- One row per programme with a draft: when and by whom it was run.
CREATE TABLE match_run (
    programme_id  BIGINT PRIMARY KEY REFERENCES programme(id),
    run_at        BIGINT NOT NULL,
    run_by        BIGINT NOT NULL REFERENCES person(id),
    npairs        INTEGER NOT NULL,
    total         BIGINT NOT NULL,
    -- 1 once a rule or a setting changed after the run: publish refuses a
    -- stale draft until the matching runs again
    stale         INTEGER NOT NULL DEFAULT 0 CHECK (stale IN (0, 1))
);

-- The published pairs the rest of the year uses.  At most one active pair
-- per application; ending a pair early (a later area) keeps the row.
CREATE TABLE pair (
    id            INTEGER PRIMARY KEY,
    programme_id  BIGINT NOT NULL REFERENCES programme(id),
    mentor_app    BIGINT NOT NULL REFERENCES application(id),
    senior_app    BIGINT NOT NULL REFERENCES application(id),
    mentor_id     BIGINT NOT NULL REFERENCES person(id),
    senior_id     BIGINT NOT NULL REFERENCES person(id),
    status        TEXT NOT NULL DEFAULT 'active'
                  CHECK (status IN ('active', 'completed', 'ended')),
    score         INTEGER NOT NULL DEFAULT 0,
    created_by    BIGINT NOT NULL REFERENCES person(id),
    created_at    BIGINT NOT NULL,
    ended_at      BIGINT,
    end_reason    TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX pair_mentor_active ON pair (mentor_app) WHERE status = 'active';
CREATE UNIQUE INDEX pair_senior_active ON pair (senior_app) WHERE status = 'active';
CREATE INDEX pair_programme ON pair (programme_id, status);
CREATE INDEX pair_mentor_person ON pair (mentor_id);
CREATE INDEX pair_senior_person ON pair (senior_id);
