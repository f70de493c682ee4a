/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Data protection's data side, shared by the module's pages (pages_dp.c)
 * and rmentorctl (cli/dp.c): it needs only the data layer.
 */
#ifndef RM_DP_H
#define RM_DP_H

#include "rm_db.h"
#include "core/sar.h"
#include "core/retention.h"
#include "features/areas.h"

/* Every subject-access section of the person (dp_sections.h), times as ISO
 * 8601 UTC; *out and *n the sections, in order.  0, or -1 when a statement
 * failed (logged). */
int rm_dp_sar_collect(rm_db *db, apr_pool_t *p, long long person_id, const char *principal,
                      rm_sar_section **out, int *n);

/* One column that holds a person, where subject access shows it and what
 * erasure does with it (rmentorctl dp coverage). */
typedef struct {
    const char *table, *column, *section, *erasure;
} rm_dp_cover;
extern const rm_dp_cover rm_dp_coverage[];      /* ends with a NULL table */

/* Erase the person (one transaction of its own, or the caller's when one
 * is open): see features/dp/dp_data.c.  actor: who (a principal or
 * "cli:USER"), source web|cli|retention, reason kept in dp_erasure only.
 * 0 erased (*already 0) or already erased (*already 1, nothing changed);
 * -1 no such person; -2 the database failed (nothing changed). */
int rm_dp_erase(rm_db *db, apr_pool_t *p, long long person_id, const char *actor,
                const char *source, const char *reason, apr_time_t now, int *already);

/* The retention purge.  months: RMentorRetention per kind (RM_RETENTION_
 * NEVER: never).  What it blanked, per kind, and the people it erased. */
enum { RM_DP_PURGE_PEOPLE = RM_RETENTION_KINDS, RM_DP_PURGE_COUNTS };
typedef struct {
    long counts[RM_DP_PURGE_COUNTS];
    long long run_id;               /* the dp_purge row (0: a dry run)      */
    int programmes;                 /* programmes past some period          */
} rm_dp_purge_result;
/* One transaction: everything or nothing; dry_run rolls it back.  0, or -1
 * when the database failed (nothing changed). */
int rm_dp_purge(rm_db *db, apr_pool_t *p, const int months[RM_RETENTION_KINDS],
                const char *today, const char *actor, apr_time_t now, int dry_run,
                rm_dp_purge_result *res);

/* Unix seconds as ISO 8601 UTC; "" for 0 */
const char *rm_dp_iso(apr_pool_t *p, const char *secs);

#endif
