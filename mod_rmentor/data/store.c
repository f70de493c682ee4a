/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The store's own statements (people and the audit trail); each area keeps
 * its statements in features/<area>/<area>_sql.c, and data/catalogue.c lists
 * them all for the data layer.  Every statement is a labelled prepared one.
 * The same text serves SQLite and PostgreSQL: numbers are bound as %lld (the
 * pgsql driver declares %s parameters varchar), dates are ISO text, instants
 * Unix seconds.  Column lists are fixed here and read by index in pages.
 */
#include <apr_strings.h>
#include "rm_db.h"
#include "store.h"

/* { label, SQL, 1 when a read whose rows the cache may keep (cache.c) }.
 * Statements that write, or read what a write transaction needs fresh, have
 * no 1: a select with RETURNING is a write. */
const rm_stmt rm_store_statements[] = {
    { RM_Q_PERSON_BY_PRINCIPAL,
      "SELECT id FROM person WHERE principal = %s", 1 },
    { RM_Q_PERSON_UPSERT,
      "INSERT INTO person (principal, display_name, mail, department, "
      "job_title, grade, staff_number, manager, scope, eppn, name_folded, first_seen, last_seen) "
      "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %lld, %lld) "
      "ON CONFLICT (principal) DO UPDATE SET display_name = excluded.display_name, "
      "name_folded = excluded.name_folded, "
      "mail = excluded.mail, department = excluded.department, "
      "job_title = excluded.job_title, grade = excluded.grade, "
      "staff_number = excluded.staff_number, manager = excluded.manager, "
      "scope = excluded.scope, eppn = excluded.eppn, "
      "last_seen = excluded.last_seen "
      "RETURNING id", 0 },
    { RM_Q_PERSON_ENSURE,
      "INSERT INTO person (principal, first_seen, last_seen) VALUES (%s, %lld, %lld) "
      "ON CONFLICT (principal) DO UPDATE SET principal = excluded.principal "
      "RETURNING id", 0 },
    { RM_Q_AUDIT,
      "INSERT INTO audit (at, actor, action, entity, entity_id, detail) "
      "VALUES (%lld, %s, %s, %s, %lld, %s)", 0 },
    { NULL, NULL, 0 }
};
