/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The HR data exchange's data side, shared by the module's pages
 * (pages_hr.c) and rmentorctl (cli/hr.c): it needs only the data layer.
 */
#ifndef RM_HR_H
#define RM_HR_H

#include "rm_db.h"
#include "core/hrexport.h"
#include "core/hrimport.h"

/* One page of the progression export. */
typedef struct {
    long long programme;            /* 0: every programme                    */
    const char *scope;              /* a sector programme's institution: only
                                       its people (NULL or "": everyone)   */
    long long after;                /* keyset cursor: records with id > after */
    long long since;                /* records changed after it (0: all)     */
    long limit;                     /* records wanted                        */
    int with_selfid;                /* this export may carry it              */
    apr_table_t *hesa;              /* grade -> HESA contract level, or NULL */
    /* called for each record, in id order, with the pool the record's
     * strings live in (cleared after its chunk); nonzero stops the scan */
    int (*emit)(void *ctx, apr_pool_t *p, const rm_hrx_record *rec);
    void *ctx;
} rm_hr_scan;

/* Emit up to s->limit records; *last: the id of the last one emitted (or
 * of the last looked at), *more: 1 when records may follow.  Memory is
 * bounded by the limit whatever the data: each chunk of rows is read in a
 * subpool of p and freed after it is emitted.  0, or -1 when a statement
 * failed (logged by the data layer). */
int rm_hr_scan_page(rm_db *db, apr_pool_t *p, const rm_hr_scan *s,
                    long long *last, int *more);

/* One line of an import's report. */
typedef struct {
    long line;
    const char *kind;               /* "grade", "staff number", "leaver"     */
    const char *who;                /* as the file named them                */
    const char *what;               /* what changed, or why it was rejected  */
    int rejected;
    int changed;
} rm_hr_outcome_line;

typedef struct {
    apr_array_header_t *lines;      /* rm_hr_outcome_line, in file order     */
    int records, changed, rejected;
    const char *outcome;            /* applied | rejected | refused          */
    long long import_id;            /* hr_import row (0: not recorded)       */
} rm_hr_report;

/* Apply a parsed batch in one transaction, all or nothing: if any record
 * is rejected nothing changes.  Either way the import is recorded in
 * hr_import and the audit (actor, source "web" or "cli", the file's
 * SHA-256 hex) in a transaction of its own.  grades: the configured grade
 * scale (NULL or empty: any grade).  dry_run: everything checked, nothing
 * kept and nothing recorded.  scope: a sector programme's institution whose
 * people alone the batch may name (NULL or "": anyone).  0 when the report
 * says what happened (applied
 * or rejected); -1 when the database failed (nothing changed). */
int rm_hr_import_apply(rm_db *db, apr_pool_t *p, const rm_hri_batch *b,
                       const char *actor, const char *source, const char *sha256,
                       const apr_array_header_t *grades, long long now, int dry_run,
                       const char *scope, rm_hr_report *rep);
/* A refused file (not parsed or not valid): recorded and audited only. */
int rm_hr_import_refused(rm_db *db, apr_pool_t *p, const char *actor, const char *source,
                         const char *sha256, long long now);

#endif
