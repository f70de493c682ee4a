/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * A programme's cohort as the matching sees it, read through the data layer
 * (rm_db.h) and scored and assigned by the core (core/score.c,
 * core/match.c): no httpd, so the module's matching pages and rmentorctl
 * ("matching suggest") compute the same suggestion.
 */
#ifndef RM_MATCHING_COHORT_H
#define RM_MATCHING_COHORT_H

#include <apr_pools.h>
#include <apr_hash.h>
#include "rm_db.h"
#include "core/score.h"

typedef struct {
    const char **row;           /* RM_Q_MATCH_CANDIDATES columns (COL_MC_*) */
    rm_match_person who;
    int eligible;               /* trained (or overridden), not paired      */
} rm_cand;

typedef struct {
    rm_cand *c;
    int n;
    int *mentors, nm;           /* indices into c of eligible Mentors       */
    int *seniors, ns;           /* and Senior Mentors                       */
    rm_match_weights w;
    rm_rows *rules;             /* RM_Q_MATCH_RULES                         */
    apr_hash_t *rule;           /* "mentor:senior" application ids -> kind  */
    apr_hash_t *by_app;         /* application id -> rm_cand *              */
} rm_cohort;

/* One suggested pair: indices into mentors / seniors, and its score. */
typedef struct {
    int mentor, senior;
    int pinned;
    rm_match_score score;
} rm_suggestion;

/* Read the programme's accepted applicants, settings and rules; 0 or -1
 * (the database failed). */
int rm_cohort_load(apr_pool_t *p, rm_db *db, const char *programme_id, rm_cohort *co);
/* The same from another statement with the columns of
 * RM_Q_MATCH_CANDIDATES first (a rematch reads the waitlisted as well). */
int rm_cohort_load_from(apr_pool_t *p, rm_db *db, const char *label,
                        const char *programme_id, rm_cohort *co);
/* Score m with s, with the programme's do-not-pair list. */
void rm_cohort_score(apr_pool_t *p, const rm_cohort *co, const rm_cand *m,
                     const rm_cand *s, rm_match_score *out);
/* The kind of rule ("pin", "forbid") for two application ids, or NULL. */
const char *rm_cohort_rule(apr_pool_t *p, const rm_cohort *co, const char *mentor_app,
                           const char *senior_app);
/* The suggestion: pinned pairs whose people are ready and allowed, then an
 * optimal assignment of everyone else (most pairs, then the highest total).
 * *out: *n suggestions, pinned first; *total their score.  0, or -1 when the
 * solver refused the problem. */
int rm_cohort_suggest(apr_pool_t *p, const rm_cohort *co, rm_suggestion **out, int *n,
                      long long *total);
/* Why an eligible person (mentor: 1 for a Mentor) was left unmatched, in a
 * sentence; senior: the programme's name for the role. */
const char *rm_cohort_unmatched_reason(apr_pool_t *p, const rm_cohort *co,
                                       const rm_cand *c, int mentor, const char *senior);

#endif
