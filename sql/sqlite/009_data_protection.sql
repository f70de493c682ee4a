-- mod_rmentor schema, version 9 (SQLite): data protection.  Erasure and
-- pseudonymisation, the retention purge's record, and the audit's filters.

-- erased_at: when the person was erased (0: never).  The row stays, with a
-- pseudonym for a principal and every personal attribute blanked, so that
-- what other people did with their records (pairs, meetings, counts) keeps
-- its shape and the aggregates survive.
ALTER TABLE person ADD COLUMN erased_at BIGINT NOT NULL DEFAULT 0;

-- purged_at: when the retention purge blanked an application's answers
-- (0: never); its role, status and dates stay, for the programme's figures.
ALTER TABLE application ADD COLUMN purged_at BIGINT NOT NULL DEFAULT 0;

-- One row per erasure: whom (the pseudonymous row), when, who did it (a
-- principal, or "cli:<user>"), from where, and the reason they recorded.
-- The audit says only that an erasure happened.
CREATE TABLE dp_erasure (
    id          INTEGER PRIMARY KEY,
    person_id   BIGINT NOT NULL REFERENCES person(id),
    at          BIGINT NOT NULL,
    actor       TEXT NOT NULL,
    source      TEXT NOT NULL CHECK (source IN ('web', 'cli', 'retention')),
    reason      TEXT NOT NULL
);
CREATE UNIQUE INDEX dp_erasure_person ON dp_erasure (person_id);

-- One row per retention purge that changed the database (a dry run leaves
-- none): when, who ran it, and how many rows of each kind it changed.
CREATE TABLE dp_purge (
    id            INTEGER PRIMARY KEY,
    at            BIGINT NOT NULL,
    actor         TEXT NOT NULL,
    applications  INTEGER NOT NULL,
    notes         INTEGER NOT NULL,
    checkins      INTEGER NOT NULL,
    evaluations   INTEGER NOT NULL,
    rest          INTEGER NOT NULL,
    people        INTEGER NOT NULL
);

-- The data-protection officer's audit page filters by time and by actor.
CREATE INDEX audit_at ON audit (at);
CREATE INDEX audit_actor ON audit (actor, at);
