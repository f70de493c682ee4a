/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The progression export's records as HR receives them: one XML document
 * per page (namespace RM_HRX_NS, described by mod_rmentor/xsd/
 * hr-progression.xsd) and the same records as CSV rows.  The records carry
 * facts and counts only: never notes, check-in or evaluation text, or the
 * titles of career steps; the self-identification only when the caller
 * says this export may carry it.  No httpd: the module's /hr/export.* and
 * `rmentorctl hr export` share it.
 */
#ifndef RM_HREXPORT_H
#define RM_HREXPORT_H

#include <apr_pools.h>
#include <apr_tables.h>
#include <apr_hash.h>
#include <libxml/tree.h>

#define RM_HRX_NS "urn:x-mod-rmentor:hr-progression:1"
/* SAML attribute names (RFC 4513 / eduPerson / inetOrgPerson OIDs) */
#define RM_HRX_OID_EPPN "urn:oid:1.3.6.1.4.1.5923.1.1.1.6"
#define RM_HRX_OID_EMPLOYEE_NUMBER "urn:oid:2.16.840.1.113730.3.1.3"

typedef struct {
    const char *kind, *on;              /* career_step.kind, taken_on        */
} rm_hrx_step;

typedef struct {
    long long id;                       /* the application's id              */
    const char *changed;                /* ISO 8601 UTC                      */
    const char *principal, *staff_number;
    const char *role;                   /* mentor | senior                   */
    long long programme_id;
    const char *programme, *start, *end;
    int training_attended, training_completed;
    int meetings_held, meetings_min, minutes_held, minutes_min;
    int checkin_done, eval_done;
    const char *outcome;                /* rm_hrx_outcome                    */
    apr_array_header_t *steps;          /* rm_hrx_step; may be NULL          */
    const char *grade_entry, *hesa_entry;
    const char *grade_latest, *grade_latest_on, *hesa_latest;   /* "" none   */
    const char *left_on;                /* "" while employed                 */
    int self_identified;                /* -1: not in this export; 0 or 1   */
} rm_hrx_record;

typedef struct {
    const char *generated, *as_of;      /* ISO 8601 UTC                      */
    long page, page_size;
    long long programme;                /* 0: every programme                */
    const char *since;                  /* ISO 8601 UTC, or NULL             */
} rm_hrx_header;

/* The outcome of a participant's year from their application's status and
 * how many of their pairs are active, completed and ended early. */
const char *rm_hrx_outcome(const char *app_status, int active, int completed, int ended);

/* An export document being written: made with rm_hrx_begin, freed with
 * pool p (xmlFreeDoc).  Each programme of the page is described once, in
 * a Programme element before the records, the first time a record of it
 * is added. */
typedef struct rm_hrx_doc rm_hrx_doc;
rm_hrx_doc *rm_hrx_begin(apr_pool_t *p, const rm_hrx_header *h);
xmlDocPtr rm_hrx_xml(rm_hrx_doc *d);
void rm_hrx_add(rm_hrx_doc *d, const rm_hrx_record *rec);
/* The link to the next page, after the last record. */
void rm_hrx_next(rm_hrx_doc *d, const char *href);

/* CSV (core/csv.h): the header row, and one row per record; with_selfid
 * adds the self-identification column. */
const char *rm_hrx_csv_header(apr_pool_t *p, int with_selfid);
const char *rm_hrx_csv_row(apr_pool_t *p, const rm_hrx_record *rec, int with_selfid);

/* Unix seconds as ISO 8601 UTC ("2026-12-05T14:00:00Z"); and back: the
 * `since` of a request, given as seconds or as such a time; -1 when neither. */
const char *rm_hrx_iso(apr_pool_t *p, long long t);
long long rm_hrx_parse_time(const char *s);

#endif
