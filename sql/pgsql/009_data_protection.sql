-- mod_rmentor schema, version 9 (PostgreSQL): data protection.  Erasure and
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
    id          BIGSERIAL PRIMARY KEY,
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
    id            BIGSERIAL PRIMARY KEY,
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

-- Subject access reads every row that names a person (features/dp/
-- dp_sections.h): each such column gets an index, so that a person's page
-- reads their rows and nothing else (the records they made as staff, their
-- notes, check-ins, requests, evaluations, reminders and HR imports).
CREATE INDEX application_decided_by ON application (decided_by);
CREATE INDEX training_booking_recorded_by ON training_booking (recorded_by);
CREATE INDEX training_override_recorded_by ON training_override (recorded_by);
CREATE INDEX training_session_facilitator ON training_session (facilitator_id);
CREATE INDEX match_rule_created_by ON match_rule (created_by);
CREATE INDEX match_rule_mentor_app ON match_rule (mentor_app);
CREATE INDEX match_rule_senior_app ON match_rule (senior_app);
CREATE INDEX match_run_run_by ON match_run (run_by);
CREATE INDEX pair_created_by ON pair (created_by);
CREATE INDEX pair_ended_by ON pair (ended_by);
CREATE INDEX pair_note_author ON pair_note (author_id);
CREATE INDEX checkin_person ON checkin (person_id);
CREATE INDEX support_action_owner ON support_action (owner_id);
CREATE INDEX support_action_created_by ON support_action (created_by);
CREATE INDEX pair_end_request_person ON pair_end_request (person_id);
CREATE INDEX pair_end_request_decided_by ON pair_end_request (decided_by);
CREATE INDEX eval_response_person ON eval_response (person_id);
CREATE INDEX reminder_person ON reminder (person_id);
CREATE INDEX hr_import_actor ON hr_import (actor);
CREATE INDEX dp_purge_actor ON dp_purge (actor);

-- every change notifies the other web servers' caches (003_change_notify.sql)
CREATE TRIGGER rm_dp_erasure_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON dp_erasure FOR EACH STATEMENT EXECUTE FUNCTION rm_notify_change();
CREATE TRIGGER rm_dp_purge_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON dp_purge FOR EACH STATEMENT EXECUTE FUNCTION rm_notify_change();

-- No cached statement reads the audit trail (the DPO's page, subject
-- access: all uncached), so its rows need not tell the other servers' caches
-- to start again: an audited view of special-category data (features/dp)
-- then costs one row, not every server's cache.  (SQLite's writers skip the
-- cache's invalidation for audit-only transactions likewise: rm_db_keep_cache.)
DROP TRIGGER IF EXISTS rm_audit_changed ON audit;
