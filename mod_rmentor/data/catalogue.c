/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Every statement the data layer prepares: the store's own and each area's
 * (features/areas.h), shared by the module and rmentorctl.
 */
#include <stddef.h>
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
