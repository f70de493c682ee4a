/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * What the resources hub (area.h) offers the other areas' pages.
 */
#ifndef RM_RESOURCES_H
#define RM_RESOURCES_H

#include "rm.h"

/* A programme's page: a "Related resources" section listing the resources
 * of programme_id the asker may see (nothing when there are none). */
void rm_resources_related(rm_req *rq, rm_page *pg, const char *programme_id);
/* "830 bytes", "12 KB", "1.2 MB" */
const char *rm_resource_size_human(apr_pool_t *p, const char *bytes);

#endif
