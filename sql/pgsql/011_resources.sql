-- mod_rmentor schema, version 11 (PostgreSQL): the resources hub.

-- A resource of the hub: an anti-racism toolkit, guidance, a film, a
-- report or a link, curated by the service's admins.  kind: what it is.
-- topics: comma-separated, lower case (core/resource.c).  Either url (a
-- link, https) or an uploaded file: file_sha256 names it in the directory
-- RMentorResourceDir (never the name the client sent), file_name is the
-- name it is offered under, file_type its checked MIME type, file_size
-- its bytes.  audience: 'all' (every member of staff), 'programme' (the
-- participants and team of programme_id) or 'role' (role: the Mentors or
-- the Senior Mentors of any programme, or the holders of a staff role);
-- programme_id (0: none) is also the programme whose page lists it under
-- "Related resources".  withdrawn_at: no longer listed or served (0: live).
CREATE TABLE resource (
    id            BIGSERIAL PRIMARY KEY,
    title         TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('toolkit', 'guidance', 'film', 'report', 'link')),
    description   TEXT NOT NULL DEFAULT '',
    topics        TEXT NOT NULL DEFAULT '',
    url           TEXT NOT NULL DEFAULT '',
    file_sha256   TEXT NOT NULL DEFAULT '',
    file_name     TEXT NOT NULL DEFAULT '',
    file_type     TEXT NOT NULL DEFAULT '',
    file_size     BIGINT NOT NULL DEFAULT 0,
    audience      TEXT NOT NULL CHECK (audience IN ('all', 'programme', 'role')),
    programme_id  BIGINT NOT NULL DEFAULT 0,
    role          TEXT NOT NULL DEFAULT ''
                  CHECK (role IN ('', 'mentor', 'senior', 'facilitator', 'hr', 'admin')),
    added_by      BIGINT REFERENCES person(id),
    added_at      BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    withdrawn_at  BIGINT NOT NULL DEFAULT 0,
    -- the words of title, description and topics, for full-text search:
    -- the simple configuration (no stemming, no stop words), like the
    -- unicode61 tokenizer of SQLite, so one query finds the same on both
    search        tsvector GENERATED ALWAYS AS (to_tsvector('simple',
                  title || ' ' || description || ' ' || replace(topics, ',', ' '))) STORED
);
CREATE INDEX resource_live ON resource (withdrawn_at, added_at);
CREATE INDEX resource_programme ON resource (programme_id);
CREATE INDEX resource_added_by ON resource (added_by);
CREATE INDEX resource_search ON resource USING gin (search);

-- every change notifies the other web servers' caches (003_change_notify.sql)
CREATE TRIGGER rm_resource_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON resource FOR EACH STATEMENT EXECUTE FUNCTION rm_notify_change();
