-- mod_rmentor schema, version 6 (PostgreSQL): the pairs' year.  Meetings
-- toward the programme's minimum, the pair's private notes, the mid-point
-- check-in, support actions for pairs at risk, and ending a pair early.

-- The display name folded to lower case by the module (core: rm_fold), the
-- same on both databases (SQLite's lower() folds ASCII only), for the name
-- searches of the lists.  Written at each sign-in; until then the searches
-- fall back to lower(display_name).
ALTER TABLE person ADD COLUMN name_folded TEXT NOT NULL DEFAULT '';

-- How many weeks the mid-point check-in stays open from checkin_date.
ALTER TABLE programme ADD COLUMN checkin_weeks INTEGER NOT NULL DEFAULT 4
    CHECK (checkin_weeks BETWEEN 1 AND 26);

-- Ending a pair early: the reason category stays in end_reason (left,
-- incompatible, unavailable, other); the admin's note is kept here, never
-- deleted.  rematch_of: the ended pair whose remaining partner this pair
-- rematched.
ALTER TABLE pair ADD COLUMN end_note TEXT NOT NULL DEFAULT '';
ALTER TABLE pair ADD COLUMN ended_by BIGINT REFERENCES person(id);
ALTER TABLE pair ADD COLUMN rematch_of BIGINT REFERENCES pair(id);
-- The meetings the programme's pace already expected when the pair was
-- made (0 for pairs published before the start): a pair rematched or
-- published mid-year is behind only on the meetings expected since.
ALTER TABLE pair ADD COLUMN pace_offset INTEGER NOT NULL DEFAULT 0;

-- A meeting of a pair, logged by one partner and confirmed (or disputed,
-- with a reason the logger sees) by the other.  Only confirmed meetings
-- count toward the programme's minimum.  held_on: the date, never in the
-- future, inside the programme.  Withdrawn meetings stay as history.
CREATE TABLE meeting (
    id              BIGSERIAL PRIMARY KEY,
    pair_id         BIGINT NOT NULL REFERENCES pair(id),
    held_on         TEXT NOT NULL,
    minutes         INTEGER NOT NULL CHECK (minutes BETWEEN 5 AND 480),
    mode            TEXT NOT NULL CHECK (mode IN ('in_person', 'online', 'phone')),
    agenda          TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'logged'
                    CHECK (status IN ('logged', 'confirmed', 'disputed', 'withdrawn')),
    logged_by       BIGINT NOT NULL REFERENCES person(id),
    logged_at       BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    answered_by     BIGINT REFERENCES person(id),
    answered_at     BIGINT,
    dispute_reason  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX meeting_pair ON meeting (pair_id, status, held_on);

-- The pair's private journal: read and written only by its two partners.
-- Never shown to the programme's team, HR, reports or exports; the team
-- sees only how many entries exist.
CREATE TABLE pair_note (
    id          BIGSERIAL PRIMARY KEY,
    pair_id     BIGINT NOT NULL REFERENCES pair(id),
    author_id   BIGINT NOT NULL REFERENCES person(id),
    body        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX pair_note_pair ON pair_note (pair_id, id);

-- The mid-point check-in: each partner's own answers (a partner never sees
-- the other's).  on_plan: are meetings happening as planned.
CREATE TABLE checkin (
    id            BIGSERIAL PRIMARY KEY,
    pair_id       BIGINT NOT NULL REFERENCES pair(id),
    person_id     BIGINT NOT NULL REFERENCES person(id),
    rating        INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    on_plan       TEXT NOT NULL CHECK (on_plan IN ('yes', 'partly', 'no')),
    going_well    TEXT NOT NULL DEFAULT '',
    hard          TEXT NOT NULL DEFAULT '',
    wants_support INTEGER NOT NULL DEFAULT 0 CHECK (wants_support IN (0, 1)),
    support_kind  TEXT NOT NULL DEFAULT '',
    submitted_at  BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    UNIQUE (pair_id, person_id)
);

-- Support for a pair found at risk: what, who owns it (a member of the
-- programme's team), when it is due, and its state.
CREATE TABLE support_action (
    id            BIGSERIAL PRIMARY KEY,
    pair_id       BIGINT NOT NULL REFERENCES pair(id),
    what          TEXT NOT NULL,
    owner_id      BIGINT NOT NULL REFERENCES person(id),
    due_on        TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'open'
                  CHECK (status IN ('open', 'in_progress', 'done', 'dropped')),
    drop_reason   TEXT NOT NULL DEFAULT '',
    follow_up     TEXT NOT NULL DEFAULT '',
    created_by    BIGINT NOT NULL REFERENCES person(id),
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX support_action_pair ON support_action (pair_id, status);

-- A partner's request to end their pair, which an admin decides.
CREATE TABLE pair_end_request (
    id            BIGSERIAL PRIMARY KEY,
    pair_id       BIGINT NOT NULL REFERENCES pair(id),
    person_id     BIGINT NOT NULL REFERENCES person(id),
    category      TEXT NOT NULL CHECK (category IN ('left', 'incompatible', 'unavailable', 'other')),
    note          TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'approved', 'declined')),
    created_at    BIGINT NOT NULL,
    decided_by    BIGINT REFERENCES person(id),
    decided_at    BIGINT,
    decision_note TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX pair_end_request_open ON pair_end_request (pair_id) WHERE status = 'open';

-- every change notifies the other web servers' caches (003_change_notify.sql)
CREATE TRIGGER rm_meeting_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON meeting FOR EACH STATEMENT EXECUTE FUNCTION rm_notify_change();
CREATE TRIGGER rm_pair_note_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON pair_note FOR EACH STATEMENT EXECUTE FUNCTION rm_notify_change();
CREATE TRIGGER rm_checkin_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON checkin FOR EACH STATEMENT EXECUTE FUNCTION rm_notify_change();
CREATE TRIGGER rm_support_action_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON support_action FOR EACH STATEMENT EXECUTE FUNCTION rm_notify_change();
CREATE TRIGGER rm_pair_end_request_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON pair_end_request FOR EACH STATEMENT EXECUTE FUNCTION rm_notify_change();
