-- mod_rmentor schema, version 10 (SQLite): spotlight stories.  A
-- participant's story (a short text or quote, an optional film link with
-- its transcript), the consent they gave for its uses, and every change of
-- that consent.

-- status: draft (the author's alone) -> submitted (the team reviews it) ->
-- edited (the team proposed a version; the author has to approve it) ->
-- approved (the author approved the team's version) -> published.
-- body is the version the author wrote or approved; edit_body the team's
-- proposal while the status is 'edited' ('' otherwise).  uses: the
-- comma-separated uses consented to (intranet, conference, public),
-- consent_until the last day of the consent (ISO), consented_at when it
-- was last given; withdrawn_at when it was withdrawn (0: not withdrawn;
-- withdrawing unpublishes at once).  shown_as: under the author's name or
-- anonymously ("A participant of <programme>").
CREATE TABLE story (
    id            INTEGER PRIMARY KEY,
    programme_id  BIGINT NOT NULL REFERENCES programme(id),
    person_id     BIGINT NOT NULL REFERENCES person(id),
    body          TEXT NOT NULL,
    film_url      TEXT NOT NULL DEFAULT '',
    transcript    TEXT NOT NULL DEFAULT '',
    shown_as      TEXT NOT NULL CHECK (shown_as IN ('name', 'anonymous')),
    uses          TEXT NOT NULL DEFAULT '',
    consent_until TEXT NOT NULL DEFAULT '',
    consented_at  BIGINT NOT NULL DEFAULT 0,
    withdrawn_at  BIGINT NOT NULL DEFAULT 0,
    status        TEXT NOT NULL DEFAULT 'submitted'
                  CHECK (status IN ('draft', 'submitted', 'edited', 'approved', 'published')),
    edit_body     TEXT NOT NULL DEFAULT '',
    edited_by     BIGINT REFERENCES person(id),
    edited_at     BIGINT NOT NULL DEFAULT 0,
    approved_at   BIGINT NOT NULL DEFAULT 0,
    published_by  BIGINT REFERENCES person(id),
    published_at  BIGINT NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX story_person ON story (person_id, programme_id);
CREATE INDEX story_programme ON story (programme_id, status);
CREATE INDEX story_published ON story (status, published_at);
CREATE INDEX story_edited_by ON story (edited_by);
CREATE INDEX story_published_by ON story (published_by);

-- Every consent given, changed or withdrawn: by whom, when, for which uses
-- and until when (what the story's row said just after it).
CREATE TABLE story_consent (
    id            INTEGER PRIMARY KEY,
    story_id      BIGINT NOT NULL REFERENCES story(id),
    person_id     BIGINT NOT NULL REFERENCES person(id),
    event         TEXT NOT NULL CHECK (event IN ('given', 'changed', 'withdrawn')),
    uses          TEXT NOT NULL,
    consent_until TEXT NOT NULL,
    at            BIGINT NOT NULL
);
CREATE INDEX story_consent_story ON story_consent (story_id, id);
CREATE INDEX story_consent_person ON story_consent (person_id);
