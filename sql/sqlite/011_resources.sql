-- mod_rmentor schema, version 11 (SQLite): the resources hub.

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
    id            INTEGER PRIMARY KEY,
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
    withdrawn_at  BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX resource_live ON resource (withdrawn_at, added_at);
CREATE INDEX resource_programme ON resource (programme_id);
CREATE INDEX resource_added_by ON resource (added_by);

-- Full-text search over title, description and topics (FTS5, an external
-- content table kept by the triggers below; unicode61 without removing
-- diacritics, as PostgreSQL's 'simple' configuration).  Each trigger is
-- one line: a migration's statements end with ';' at the end of a line.
CREATE VIRTUAL TABLE resource_fts USING fts5(title, description, topics,
    content='resource', content_rowid='id', tokenize='unicode61 remove_diacritics 0');
CREATE TRIGGER resource_fts_insert AFTER INSERT ON resource BEGIN INSERT INTO resource_fts (rowid, title, description, topics) VALUES (new.id, new.title, new.description, replace(new.topics, ',', ' ')); END;
CREATE TRIGGER resource_fts_delete AFTER DELETE ON resource BEGIN INSERT INTO resource_fts (resource_fts, rowid, title, description, topics) VALUES ('delete', old.id, old.title, old.description, replace(old.topics, ',', ' ')); END;
CREATE TRIGGER resource_fts_update AFTER UPDATE OF title, description, topics ON resource BEGIN INSERT INTO resource_fts (resource_fts, rowid, title, description, topics) VALUES ('delete', old.id, old.title, old.description, replace(old.topics, ',', ' ')); INSERT INTO resource_fts (rowid, title, description, topics) VALUES (new.id, new.title, new.description, replace(new.topics, ',', ' ')); END;
