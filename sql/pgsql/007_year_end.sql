-- mod_rmentor schema, version 7 (PostgreSQL): the end of the programme and its
-- legacy.  The end-of-programme event and its replies, the post-programme
-- evaluation, reflective learning, the Senior Mentors' actions in their
-- institutions, the Mentors' career steps, the private calendar feed, and
-- the reminders sent by email.

-- The end-of-programme event: the date stays in end_event_date; set up when
-- end_event_starts is not empty.  Times are HH:MM, local to the site.
-- end_event_capacity 0: no limit.
ALTER TABLE programme ADD COLUMN end_event_starts TEXT NOT NULL DEFAULT '';
ALTER TABLE programme ADD COLUMN end_event_ends TEXT NOT NULL DEFAULT '';
ALTER TABLE programme ADD COLUMN end_event_place TEXT NOT NULL DEFAULT '';
ALTER TABLE programme ADD COLUMN end_event_link TEXT NOT NULL DEFAULT '';
ALTER TABLE programme ADD COLUMN end_event_details TEXT NOT NULL DEFAULT '';
ALTER TABLE programme ADD COLUMN end_event_capacity INTEGER NOT NULL DEFAULT 0
    CHECK (end_event_capacity BETWEEN 0 AND 100000);
-- How many weeks the post-programme evaluation stays open from the
-- programme's end date (start_date + length_months).
ALTER TABLE programme ADD COLUMN eval_weeks INTEGER NOT NULL DEFAULT 6
    CHECK (eval_weeks BETWEEN 1 AND 52);
-- The reminder "no meeting confirmed for N weeks" (0: not sent).
ALTER TABLE programme ADD COLUMN quiet_weeks INTEGER NOT NULL DEFAULT 6
    CHECK (quiet_weeks BETWEEN 0 AND 52);

-- A participant's reply to the end event.  access_needs: free text read by
-- the programme's admins only.  attended: NULL until the admin records it;
-- answer 'none': attendance recorded for someone who never replied.
CREATE TABLE event_reply (
    programme_id  BIGINT NOT NULL REFERENCES programme(id),
    person_id     BIGINT NOT NULL REFERENCES person(id),
    answer        TEXT NOT NULL CHECK (answer IN ('yes', 'no', 'maybe', 'none')),
    access_needs  TEXT NOT NULL DEFAULT '',
    attended      INTEGER CHECK (attended IN (0, 1)),
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (programme_id, person_id)
);

-- The evaluation's questions, once per programme (copied from the default
-- set when an admin first opens it); the wording can change until the
-- first answer exists.  kind: a rating 1-5 or free text.
CREATE TABLE eval_question (
    id            BIGSERIAL PRIMARY KEY,
    programme_id  BIGINT NOT NULL REFERENCES programme(id),
    position      INTEGER NOT NULL CHECK (position BETWEEN 1 AND 50),
    kind          TEXT NOT NULL CHECK (kind IN ('rating', 'text')),
    wording       TEXT NOT NULL,
    UNIQUE (programme_id, position)
);

-- One response per person and programme, editable while the evaluation is
-- open.  named: the respondent agreed that their free text is shown with
-- their name; otherwise it is shown without.
CREATE TABLE eval_response (
    id            BIGSERIAL PRIMARY KEY,
    programme_id  BIGINT NOT NULL REFERENCES programme(id),
    person_id     BIGINT NOT NULL REFERENCES person(id),
    role          TEXT NOT NULL CHECK (role IN ('mentor', 'senior')),
    named         INTEGER NOT NULL DEFAULT 0 CHECK (named IN (0, 1)),
    submitted_at  BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    UNIQUE (programme_id, person_id)
);
CREATE TABLE eval_answer (
    response_id   BIGINT NOT NULL REFERENCES eval_response(id),
    question_id   BIGINT NOT NULL REFERENCES eval_question(id),
    rating        INTEGER CHECK (rating BETWEEN 1 AND 5),
    body          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (response_id, question_id)
);
CREATE INDEX eval_answer_question ON eval_answer (question_id);

-- Reflective learning: each entry private, shared with the programme's
-- cohort, or offered for the sector.  in_digest: an admin collected a
-- shared entry into the cohort's learning digest.
CREATE TABLE reflection (
    id            BIGSERIAL PRIMARY KEY,
    programme_id  BIGINT NOT NULL REFERENCES programme(id),
    person_id     BIGINT NOT NULL REFERENCES person(id),
    title         TEXT NOT NULL,
    body          TEXT NOT NULL,
    visibility    TEXT NOT NULL DEFAULT 'private'
                  CHECK (visibility IN ('private', 'cohort', 'sector')),
    in_digest     INTEGER NOT NULL DEFAULT 0 CHECK (in_digest IN (0, 1)),
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX reflection_person ON reflection (person_id, programme_id);
CREATE INDEX reflection_programme ON reflection (programme_id, visibility);

-- A Senior Mentor's action in their institution, prompted by the mentoring.
CREATE TABLE inst_action (
    id            BIGSERIAL PRIMARY KEY,
    programme_id  BIGINT NOT NULL REFERENCES programme(id),
    person_id     BIGINT NOT NULL REFERENCES person(id),
    title         TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    area          TEXT NOT NULL CHECK (area IN ('recruitment', 'promotion', 'pay', 'culture',
                                                'data', 'policy', 'other')),
    status        TEXT NOT NULL DEFAULT 'planned'
                  CHECK (status IN ('planned', 'in_progress', 'done')),
    started_on    TEXT NOT NULL DEFAULT '',
    done_on       TEXT NOT NULL DEFAULT '',
    outcome       TEXT NOT NULL DEFAULT '',
    shareable     INTEGER NOT NULL DEFAULT 0 CHECK (shareable IN (0, 1)),
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX inst_action_person ON inst_action (person_id, programme_id);
CREATE INDEX inst_action_programme ON inst_action (programme_id, area, status);

-- A Mentor's career step, during the programme and up to two years after.
CREATE TABLE career_step (
    id            BIGSERIAL PRIMARY KEY,
    programme_id  BIGINT NOT NULL REFERENCES programme(id),
    person_id     BIGINT NOT NULL REFERENCES person(id),
    kind          TEXT NOT NULL CHECK (kind IN ('promotion', 'new_role', 'acting_up', 'secondment',
                                                'development', 'award')),
    title         TEXT NOT NULL,
    taken_on      TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX career_step_person ON career_step (person_id, programme_id);
CREATE INDEX career_step_programme ON career_step (programme_id, kind);

-- A person's private calendar feed: only the SHA-256 of the token in the
-- feed's URL is kept (hex), so the table alone does not open anyone's feed.
-- The token is HMAC-SHA256(the server's secret, person and feed_key), 32
-- random bytes in hex drawn at each renewal (core/calfeed.h), so that the
-- person's page can show the address again while neither the table nor the
-- secret alone gives it.  Revoking deletes the row; renewing replaces it.
CREATE TABLE calendar_feed (
    person_id     BIGINT PRIMARY KEY REFERENCES person(id),
    token_hash    TEXT NOT NULL UNIQUE,
    feed_key      TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);

-- Every reminder the mail job sends, claimed before it is sent, so two jobs
-- at once send it once.  subject: what it is about ("application:12",
-- "training:7", "evaluation:3:+14").  state: claimed (being sent), sent,
-- failed (tried again by the next run).
CREATE TABLE reminder (
    id            BIGSERIAL PRIMARY KEY,
    kind          TEXT NOT NULL,
    person_id     BIGINT NOT NULL REFERENCES person(id),
    subject       TEXT NOT NULL,
    state         TEXT NOT NULL DEFAULT 'claimed'
                  CHECK (state IN ('claimed', 'sent', 'failed')),
    attempts      INTEGER NOT NULL DEFAULT 1,
    claimed_at    BIGINT NOT NULL,
    sent_at       BIGINT,
    UNIQUE (kind, person_id, subject)
);
CREATE INDEX reminder_state ON reminder (state);

-- The optional reminders a person turned off, by kind.
CREATE TABLE reminder_off (
    person_id     BIGINT NOT NULL REFERENCES person(id),
    kind          TEXT NOT NULL,
    PRIMARY KEY (person_id, kind)
);

-- every change notifies the other web servers' caches (003_change_notify.sql)
CREATE TRIGGER rm_event_reply_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON event_reply FOR EACH STATEMENT EXECUTE FUNCTION rm_notify_change();
CREATE TRIGGER rm_eval_question_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON eval_question FOR EACH STATEMENT EXECUTE FUNCTION rm_notify_change();
CREATE TRIGGER rm_eval_response_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON eval_response FOR EACH STATEMENT EXECUTE FUNCTION rm_notify_change();
CREATE TRIGGER rm_eval_answer_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON eval_answer FOR EACH STATEMENT EXECUTE FUNCTION rm_notify_change();
CREATE TRIGGER rm_reflection_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON reflection FOR EACH STATEMENT EXECUTE FUNCTION rm_notify_change();
CREATE TRIGGER rm_inst_action_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON inst_action FOR EACH STATEMENT EXECUTE FUNCTION rm_notify_change();
CREATE TRIGGER rm_career_step_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON career_step FOR EACH STATEMENT EXECUTE FUNCTION rm_notify_change();
CREATE TRIGGER rm_calendar_feed_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON calendar_feed FOR EACH STATEMENT EXECUTE FUNCTION rm_notify_change();
CREATE TRIGGER rm_reminder_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON reminder FOR EACH STATEMENT EXECUTE FUNCTION rm_notify_change();
CREATE TRIGGER rm_reminder_off_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON reminder_off FOR EACH STATEMENT EXECUTE FUNCTION rm_notify_change();
