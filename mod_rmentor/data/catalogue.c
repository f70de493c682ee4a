/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Every statement the data layer prepares: the store's own and each area's
 * (features/areas.h), shared by the module and rmentorctl.
 */
#include <stddef.h>
#include <string.h>
#include "rm_db.h"
#include "features/areas.h"

extern const rm_stmt rm_store_statements[];
#define RM_AREA_DECLARE_(name, X) extern const rm_stmt rm_##name##_statements[];
RM_AREAS(RM_AREA_DECLARE_, _)

#define RM_AREA_CATALOGUE_(name, X) rm_##name##_statements,
const rm_stmt *const rm_catalogues[] = {
    rm_store_statements,
    RM_AREAS(RM_AREA_CATALOGUE_, _)
    NULL
};

/* PostgreSQL's own texts (rm_db.h): the resources hub's full-text search */
extern const rm_stmt rm_resources_statements_pg[];
const rm_stmt *const rm_catalogues_pg[] = {
    rm_resources_statements_pg,
    NULL
};

const char *rm_stmt_text(const rm_stmt *st, int sqlite)
{
    if (!sqlite)
        for (const rm_stmt *const *c = rm_catalogues_pg; *c; c++)
            for (const rm_stmt *o = *c; o->label; o++)
                if (!strcmp(o->label, st->label)) return o->sql;
    return st->sql;
}
