-- mod_rmentor schema, version 2 (PostgreSQL): indexes that match the orders
-- the read pages ask for, so those pages read only the rows they show and
-- sort nothing.  No table changes.

-- The admin applications list: oldest/newest first, and by status.  The
-- role and status columns let the filters be checked in the index before
-- any application row is read.  Not person_id: an index covering
-- (programme_id, person_id) would draw "this person's applications in this
-- programme" away from the unique index onto a scan of the whole programme.
CREATE INDEX application_created ON application (programme_id, created_at, id, role, status);
CREATE INDEX application_status ON application (programme_id, status, created_at, id, role);

-- The home page: a person's applications, newest first.
DROP INDEX application_person;
CREATE INDEX application_person ON application (person_id, created_at, id);

-- The home page: programmes open for applications, closing soonest first.
CREATE INDEX programme_open ON programme (apply_closes, id, apply_opens);
