/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * match: the whole-cohort optimal pairing of Mentors with Senior Mentors, an
 * assignment problem solved exactly (Jonker-Volgenant shortest augmenting
 * paths).  Pure C, no httpd header; temporaries come from an APR pool.
 */
#ifndef RM_MATCH_H
#define RM_MATCH_H

#include <apr_pools.h>

/* The largest |score| accepted. */
#define RM_MATCH_SCORE_MAX 1000000000LL

/* Solve the assignment between n rows (Mentors) and m columns (Senior Mentors).
 * score: n*m row-major compatibility scores (may be negative, |score| <= RM_MATCH_SCORE_MAX = 1e9);
 * forbidden: n*m bytes, non-zero = never pair (may be NULL: none).
 * Objective: first the largest number of pairs using only allowed cells, then among those the
 * largest total score (exact, an optimal assignment, not greedy).
 * row_to_col[i] receives the column of row i or -1; col_to_row (may be NULL) the inverse.
 * *total receives the sum of scores of the pairs, *npairs the count.
 * Memory O(n*m); temporaries from pool p. Returns 0, or -1 on bad arguments / overflow. */
int rm_match_solve(apr_pool_t *p, int n, int m, const long long *score,
                   const unsigned char *forbidden, int *row_to_col, int *col_to_row,
                   long long *total, int *npairs);
/* Scores of forbidden cells are not read.  Time: O(min(n,m)^2 * max(n,m)) at
 * worst, far less on typical scores (2000 x 2000 random: tens of ms). */

#endif
