/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 * multipart/form-data (lead's placeholder of the agreed API; replaced by
 * the helper's core/multipart.h at merge). */
#ifndef RM_MULTIPART_H
#define RM_MULTIPART_H
#include <stddef.h>
#include <apr_pools.h>
typedef struct {
    const char *name;
    const char *filename;
    const char *content_type;
    const char *data;
    size_t len;
} rm_mp_part;
int rm_multipart_parse(apr_pool_t *p, const char *content_type, const char *body,
                       size_t len, int max_parts, rm_mp_part **parts, int *nparts,
                       const char **err);
#endif
