/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The institution area's statements (area.h).  Same rules as data/store.c.
 */
#include <stddef.h>
#include "rm_db.h"
#include "store.h"
#include "features/areas.h"

const rm_stmt rm_institution_statements[] = {
    { RM_Q_INST_COUNTS,
      "SELECT a.programme_id, a.role, a.status, count(*) FROM application a "
      "JOIN person per ON per.id = a.person_id WHERE per.scope = %s "
      "GROUP BY a.programme_id, a.role, a.status", 1 },
    { NULL, NULL, 0 }
};
