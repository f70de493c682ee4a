-- mod_rmentor schema, version 3 (PostgreSQL): every committed change to our
-- tables notifies channel rmentor_changed, whoever makes it (this module on
-- any web server, psql, an import job).  Each httpd child listens and drops
-- its cached query results when a notification arrives (see
-- mod_rmentor/pgnotify.c).  Statement triggers, so a statement touching many
-- rows notifies once, and PostgreSQL sends one notification per transaction.
-- No table changes.
--
-- The function body stays on one line: migrations are split at a ';' that
-- ends a line (mod_rmentor/core/sqlsplit.c).
CREATE FUNCTION rm_notify_change() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN PERFORM pg_notify('rmentor_changed', ''); RETURN NULL; END $$;

CREATE TRIGGER rm_person_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON person FOR EACH STATEMENT EXECUTE FUNCTION rm_notify_change();
CREATE TRIGGER rm_programme_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON programme FOR EACH STATEMENT EXECUTE FUNCTION rm_notify_change();
CREATE TRIGGER rm_programme_team_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON programme_team FOR EACH STATEMENT EXECUTE FUNCTION rm_notify_change();
CREATE TRIGGER rm_application_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON application FOR EACH STATEMENT EXECUTE FUNCTION rm_notify_change();
CREATE TRIGGER rm_audit_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON audit FOR EACH STATEMENT EXECUTE FUNCTION rm_notify_change();
