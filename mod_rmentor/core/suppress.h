/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Small-number suppression (RMentorSuppressBelow): which figures of a table
 * of counts may be shown.  One function decides it for every page, report
 * and export that shows a count tied to self-identification, or a group
 * small enough to single someone out.  Pure: the module's pages, rmentorctl
 * and the unit tests share it.
 *
 * A table is rows x cols counts with their totals, all of them part of what
 * is published: a row's total sits after its cells, the columns' totals in
 * a last row, the grand total in its corner.  Each row of that grid (cells
 * and the row's total) and each column (cells and the column's total,
 * including the totals' row and column) is a line: its cells add up to its
 * total, so a reader who sees all but one figure of a line works the last
 * one out.
 *
 * Primary suppression: a figure from 1 to k-1 is hidden ("fewer than k").
 * 0 is shown: a group nobody is in singles nobody out, and hiding every 0
 * would hide most of a small programme's page for nothing.  (It follows that
 * with k = 2 "fewer than 2" can only mean 1; the directive's minimum is 2,
 * and a site that minds sets 3 or more.)
 *
 * Secondary suppression, repeated until nothing changes: a line with
 * exactly one hidden figure gives it away (its total minus the shown cells,
 * or the cells' sum when the total is the hidden one), so a second figure
 * of that line is hidden as well: the smallest non-zero figure shown in it,
 * a cell before a total on a tie, then the first in reading order.  A
 * hidden total is a figure of the totals' row or column, whose line then
 * needs a second hidden total, and so on.  A reader also knows that a
 * "fewer than k" figure is from 1 to k-1 and that any other hidden figure is
 * at least k (zeros are shown); a line whose equation and those bounds
 * still leave a hidden figure only one possible value (with k = 5, a "fewer
 * than 5" and a suppressed figure whose shown total is 6 can only be 1 and
 * 5) gets a further figure hidden the same way.
 *
 * Not covered: a line whose every non-zero figure is already hidden has
 * nothing left to hide, and its arithmetic may still pin a small figure
 * (k = 3: two cells "fewer than 3" whose total is "fewer than 3" are both
 * 1); that reader learns a number below k, never that a larger group is
 * there.  A reader who combines several lines at once (linear
 * programming over the whole table) may narrow a hidden figure to a range;
 * for the small tables of this module (a few rows and columns) the rule
 * above is the usual standard of statistical offices for published tables.
 */
#ifndef RM_SUPPRESS_H
#define RM_SUPPRESS_H

#include <apr_pools.h>

/* RMentorSuppressBelow's default, and its bounds */
#define RM_SUPPRESS_DEFAULT 5
#define RM_SUPPRESS_MIN 2
#define RM_SUPPRESS_MAX 100
/* the largest table: rows and columns of cells, without the totals */
#define RM_SUPPRESS_MAX_DIM 64

/* what becomes of a figure */
enum { RM_SUP_SHOWN = 0,        /* the number is shown                       */
       RM_SUP_SMALL = 1,        /* 1..k-1: "fewer than k"                   */
       RM_SUP_SECONDARY = 2 };  /* hidden so that another cannot be worked out */

typedef struct {
    int rows, cols;             /* cells, without the totals                */
    int list;                   /* 1: a list (rm_suppress_list): one line  */
    int k;                      /* the threshold used                      */
    /* (rows + 1) x (cols + 1), row by row; a list: cols + 1 (the total last) */
    long long *value;
    unsigned char *state;       /* RM_SUP_*, in the same places             */
} rm_suppressed;

/* The threshold to use: the directive's value (0 when not set, or anything
 * out of range) or RM_SUPPRESS_DEFAULT. */
int rm_suppress_k(int configured);

/* Suppress a table: cells holds rows x cols counts, row by row (none
 * negative); the totals are worked out here, so they always agree with
 * the cells.  0 and *out filled, or -1 for a bad size or a negative count. */
int rm_suppress_table(apr_pool_t *p, const long long *cells, int rows, int cols, int k,
                      rm_suppressed *out);
/* A list of n counts and its total (n from 1 to RM_SUPPRESS_MAX_DIM): one
 * line; rm_sup_state(out, 0, n) is the total's. */
int rm_suppress_list(apr_pool_t *p, const long long *counts, int n, int k,
                     rm_suppressed *out);

/* A figure of the result: row r (rows for the totals' row), column c (cols
 * for the row's total).  A list has row 0 only. */
int rm_sup_state(const rm_suppressed *s, int r, int c);
long long rm_sup_value(const rm_suppressed *s, int r, int c);
/* What a page or an export shows: the number, "fewer than K", or
 * RM_SUP_SECONDARY_TEXT. */
#define RM_SUP_SECONDARY_TEXT "suppressed"
const char *rm_sup_label(apr_pool_t *p, const rm_suppressed *s, int r, int c);
/* The same for a figure's state and value on their own. */
const char *rm_sup_text(apr_pool_t *p, int state, long long value, int k);

#endif
