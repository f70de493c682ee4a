-- mod_rmentor schema, version 2 (PostgreSQL): indexes that match the orders
-- the read pages ask for most, so those pages read only the rows they show
-- and sort nothing.  No table changes.

-- The admin applications list, oldest or newest first: read in index order,
-- with role and status checked in the index before any application row is
-- read.  It also covers the per-role/status counts, so it replaces
-- application_programme.  No index for the status order (a sort of one
-- programme's rows is cheap) and none covering (programme_id, person_id):
-- every index is paid for on each submission, and one covering person_id drew
-- "this person's applications in this programme" away from the unique index
-- onto a scan of the whole programme.
DROP INDEX application_programme;
CREATE INDEX application_created ON application (programme_id, created_at, id, role, status);

-- The home page: a person's applications, newest first.
DROP INDEX application_person;
CREATE INDEX application_person ON application (person_id, created_at, id);

-- The home page: programmes open for applications, closing soonest first.
CREATE INDEX programme_open ON programme (apply_closes, id, apply_opens);
