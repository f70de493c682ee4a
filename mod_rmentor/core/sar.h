/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * A subject-access document: everything held about one person, as sections
 * of records of named fields (features/dp/dp_data.c gathers them).  Written
 * as XML (namespace RM_SAR_NS, described by mod_rmentor/xsd/
 * subject-access.xsd) with libxml2, or as JSON with Jansson: never by
 * string concatenation.  Pure: the module's /my-data downloads, rmentorctl
 * dp export and the tests share it.
 */
#ifndef RM_SAR_H
#define RM_SAR_H

#include <apr_pools.h>

#define RM_SAR_NS "urn:rmentor:subject-access:1"
#define RM_SAR_JSON_FORMAT "rmentor-subject-access/1"

typedef struct {
    const char *name;               /* the table's name: "checkin"           */
    const char *title;              /* for people: "Your check-in answers"   */
    int ncols;
    const char *const *cols;        /* field names                           */
    int nrows;
    const char ***rows;             /* rows[i][j], never NULL                */
} rm_sar_section;

typedef struct {
    const char *generated;          /* ISO 8601 UTC                          */
    const char *site;               /* the server's name                     */
    int nsections;
    const rm_sar_section *sections;
} rm_sar_doc;

/* The document as UTF-8 XML / JSON text in pool p (*len its length), or
 * NULL when the library failed (out of memory). */
const char *rm_sar_xml(apr_pool_t *p, const rm_sar_doc *d, apr_size_t *len);
const char *rm_sar_json(apr_pool_t *p, const rm_sar_doc *d, apr_size_t *len);

#endif
