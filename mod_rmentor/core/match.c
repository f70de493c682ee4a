/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The whole-cohort optimal pairing: a rectangular linear assignment problem
 * solved exactly by Jonker and Volgenant's method (R. Jonker, A. Volgenant,
 * "A shortest augmenting path algorithm for dense and sparse linear
 * assignment problems", Computing 38, 1987): column reduction, reduction
 * transfer, two passes of augmenting row reduction (an auction-like step that
 * settles most rows cheaply), then one Dijkstra-like shortest augmenting path
 * per row still free.
 *
 * The problem solved internally has nr <= nc (the larger side becomes the
 * columns, transposing when needed) and a full nr x nc int64 cost matrix:
 *
 *   allowed cell:    cost = -(BONUS + score)
 *   forbidden cell:  cost = 0, and a row assigned there counts as unmatched.
 *
 * Every row gets a column.  A full assignment costs -(BONUS * pairs + total)
 * over its allowed cells, and any set of allowed pairs extends to a full
 * assignment costing no more, so the minimum is the best set of pairs for
 * BONUS * pairs + total.  With BONUS > 2 * maxabs * min(n, m), one more pair
 * outweighs any difference of totals: the lexicographic objective (pairs,
 * then total) is exact.
 *
 * Duals (column potentials v, row potentials implicit as u_i = min_j c_ij -
 * v_j): for nr < nc, a column left free must end with v = 0 and every v <= 0.
 * Starting from v = 0 guarantees it (v only decreases, and only on columns
 * that are or become assigned, which stay assigned), so the rectangular case
 * skips the column reduction, which would give free columns other prices.
 *
 * Overflow: costs lie in [-C, 0].  Column reduction and reduction transfer
 * leave v in [-2C, 0]; afterwards v only decreases, a free column's price
 * never changes, and u_i <= c_i,f - v_f <= 2C for a column f free (before the
 * last augmentation, or the one it ends at), so v_j = c_ij - u_i >= -3C for
 * every assigned column: every price, path length and intermediate sum stays
 * within a few C.  We require 64 * C <= INT64_MAX (about 1.4e17): with scores
 * up to 1e9, that holds while the smaller side has fewer than about 7e7.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include "match.h"

typedef long long cost_t;
#define COST_INF LLONG_MAX

/* Column reduction and reduction transfer (square problems only).  v[j]
 * becomes the column minimum; each column goes to its minimum row unless the
 * row already has one.  Rows with exactly one column then move their slack to
 * that column's price.  The rows left without a column go to freerows; their
 * number is returned.  imin and matches are n-int scratch arrays. */
static int reduce_columns(const cost_t *c, int n, int *x, int *y, cost_t *v,
                          int *freerows, int *imin, int *matches)
{
    int i, j, nfree = 0;

    /* Minima row by row, so the matrix is read in order. */
    memcpy(v, c, (size_t)n * sizeof *v);
    memset(imin, 0, (size_t)n * sizeof *imin);
    for (i = 1; i < n; i++) {
        const cost_t *row = c + (size_t)i * n;
        for (j = 0; j < n; j++)
            if (row[j] < v[j]) { v[j] = row[j]; imin[j] = i; }
    }
    memset(matches, 0, (size_t)n * sizeof *matches);
    for (j = n - 1; j >= 0; j--) {
        i = imin[j];
        if (matches[i]++ == 0) { x[i] = j; y[j] = i; }
        else y[j] = -1;
    }
    for (i = 0; i < n; i++) {
        if (matches[i] == 0) {
            freerows[nfree++] = i;
        } else if (matches[i] == 1) {
            const cost_t *row = c + (size_t)i * n;
            int j1 = x[i];
            cost_t min = COST_INF;
            for (j = 0; j < j1; j++)
                if (row[j] - v[j] < min) min = row[j] - v[j];
            for (j = j1 + 1; j < n; j++)
                if (row[j] - v[j] < min) min = row[j] - v[j];
            v[j1] -= min;
        }
    }
    return nfree;
}

/* Augmenting row reduction, two passes.  Each free row takes the column of
 * its smallest reduced cost, and lowers that column's price by the gap to its
 * second smallest, so it stays tight; a row pushed out is re-examined at once
 * when the price fell, else in the next pass.  Needs nc >= 2.  A step budget
 * guards against price wars, rows outbidding each other for the same columns
 * by score gaps of 1 until prices have fallen by about BONUS (a 4 x 3 cohort
 * of tests/unit/test_match.c took 1.5e8 steps without it): rows not settled
 * are left to the augmentation, which is correct from any state between two
 * steps. */
static int reduce_rows(const cost_t *c, int nr, int nc, int *x, int *y,
                       cost_t *v, int *freerows, int nfree)
{
    int pass;
    long budget = 8L * nr + 1000;

    for (pass = 0; pass < 2 && nfree > 0; pass++) {
        int k = 0, prv = nfree;
        nfree = 0;
        while (k < prv) {
            int i = freerows[k++], i0, j, j1 = 0, j2 = -1;
            const cost_t *row = c + (size_t)i * nc;
            cost_t u1 = row[0] - v[0], u2 = COST_INF;

            if (--budget < 0) {         /* keep the rest for augmentation */
                k--;
                memmove(freerows + nfree, freerows + k,
                        (size_t)(prv - k) * sizeof *freerows);
                return nfree + (prv - k);
            }
            for (j = 1; j < nc; j++) {
                cost_t h = row[j] - v[j];
                if (h < u2) {
                    if (h >= u1) { u2 = h; j2 = j; }
                    else { u2 = u1; j2 = j1; u1 = h; j1 = j; }
                }
            }
            i0 = y[j1];
            if (u1 < u2)
                v[j1] -= u2 - u1;
            else if (i0 >= 0) {         /* tie: take the second column */
                j1 = j2;
                i0 = y[j2];
            }
            x[i] = j1;
            y[j1] = i;
            if (i0 >= 0) {
                x[i0] = -1;
                /* nfree <= k - 1 here, so both writes land on rows done */
                if (u1 < u2) freerows[--k] = i0;
                else freerows[nfree++] = i0;
            }
        }
    }
    return nfree;
}

/* One shortest augmenting path (Dijkstra on reduced costs) from each free
 * row to the nearest free column, then the prices of the columns scanned are
 * raised so that reduced costs stay non-negative, and the path is flipped.
 * cols holds the columns partitioned as [scanned | at the current minimum
 * distance, to scan | the rest]; d and pred are per column. */
static void augment(const cost_t *c, int nc, int *x, int *y, cost_t *v,
                    const int *freerows, int nfree, cost_t *d, int *pred,
                    int *cols)
{
    int f;

    for (f = 0; f < nfree; f++) {
        int fr = freerows[f], low = 0, up = 0, last = 0, end = -1, i, j, k;
        const cost_t *row = c + (size_t)fr * nc;
        cost_t min = 0;

        for (j = 0; j < nc; j++) {
            d[j] = row[j] - v[j];
            pred[j] = fr;
            cols[j] = j;
        }
        for (;;) {
            if (up == low) {
                /* collect the columns at the new minimum distance */
                last = low;
                min = d[cols[up++]];
                for (k = up; k < nc; k++) {
                    cost_t h;
                    j = cols[k];
                    h = d[j];
                    if (h <= min) {
                        if (h < min) { up = low; min = h; }
                        cols[k] = cols[up];
                        cols[up++] = j;
                    }
                }
                for (k = low; k < up; k++)
                    if (y[cols[k]] < 0) { end = cols[k]; goto found; }
            }
            /* scan one column at the minimum: relax through its row */
            {
                int j1 = cols[low++];
                const cost_t *ri;
                cost_t h;
                i = y[j1];
                ri = c + (size_t)i * nc;
                h = ri[j1] - v[j1] - min;
                for (k = up; k < nc; k++) {
                    cost_t v2;
                    j = cols[k];
                    v2 = ri[j] - v[j] - h;
                    if (v2 < d[j]) {
                        pred[j] = i;
                        if (v2 == min) {
                            if (y[j] < 0) { end = j; goto found; }
                            cols[k] = cols[up];
                            cols[up++] = j;
                        }
                        d[j] = v2;
                    }
                }
            }
        }
found:
        /* columns scanned before the last minimum: raise their prices */
        for (k = 0; k < last; k++) {
            j = cols[k];
            v[j] += d[j] - min;
        }
        do {                            /* flip the path */
            int next;
            i = pred[end];
            y[end] = i;
            next = x[i];
            x[i] = end;
            end = next;
        } while (i != fr);
    }
}

/* Fresh pool memory is faulted in by the kernel page by page when first
 * written; for a matrix of tens of MB that can cost more than the solve (on a
 * virtual machine, ten times more).  Ask for transparent huge pages on the
 * 2 MiB-aligned part of the matrix: a hint, ignored where unsupported. */
static void advise_huge_pages(void *mem, size_t len)
{
#if defined(MADV_HUGEPAGE)
    const uintptr_t huge = (uintptr_t)1 << 21;
    uintptr_t lo = ((uintptr_t)mem + huge - 1) & ~(huge - 1);
    uintptr_t hi = ((uintptr_t)mem + len) & ~(huge - 1);
    if (hi > lo)
        (void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#else
    (void)mem;
    (void)len;
#endif
}

/* c (nr x nc) from the scores, transposed when trans (then n > m and c[j][i]
 * is cell (i, j)), in tiles of rows so that both sides stay in cache. */
static void build_costs(cost_t *c, int n, int m, int trans, long long bonus,
                        const long long *score, const unsigned char *forbidden)
{
    int step = trans ? 16 : 1, i0, i, j;   /* untransposed: row by row */

    for (i0 = 0; i0 < n; i0 += step) {
        int i1 = n - i0 < step ? n : i0 + step;
        for (j = 0; j < m; j++)
            for (i = i0; i < i1; i++) {
                size_t e = (size_t)i * m + j;
                cost_t cij = (forbidden && forbidden[e]) ? 0 : -(bonus + score[e]);
                c[trans ? (size_t)j * n + i : e] = cij;
            }
    }
}

int rm_match_solve(apr_pool_t *p, int n, int m, const long long *score,
                   const unsigned char *forbidden, int *row_to_col, int *col_to_row,
                   long long *total, int *npairs)
{
    int i, j, k, nr, nc, trans, nfree;
    size_t cells;
    long long maxabs = 0, bonus;
    cost_t *c = NULL, *v, *d;
    int *x, *y, *freerows, *pred, *cols;

    if (!p || n < 0 || m < 0 || !total || !npairs || (n > 0 && !row_to_col)
        || (n > 0 && m > 0 && !score))
        return -1;
    cells = (size_t)n * (size_t)m;
    if (m > 0 && cells / (size_t)m != (size_t)n)
        return -1;
    if (cells > SIZE_MAX / sizeof(cost_t))
        return -1;
    /* Check the scores and take the largest |score| for BONUS: a BONUS only
     * as large as needed keeps the price wars of the row reduction short
     * (a row that must end unmatched gets there as prices fall by score
     * gaps until they have fallen by about BONUS).  Scores of forbidden
     * cells are never read. */
    for (size_t e = 0; e < cells; e++) {
        long long s;
        if (forbidden && forbidden[e]) continue;
        s = score[e];
        if (s > RM_MATCH_SCORE_MAX || s < -RM_MATCH_SCORE_MAX)
            return -1;
        if (s < 0) s = -s;
        if (s > maxabs) maxabs = s;
    }
    /* maxabs <= 1e9 and k + 1 <= 2^31: the product fits in int64 */
    k = n < m ? n : m;
    bonus = (2 * maxabs + 1) * ((long long)k + 1);
    if (bonus + maxabs > LLONG_MAX / 64)
        return -1;

    trans = n > m;
    nr = trans ? m : n;
    nc = trans ? n : m;
    if (k > 0) {
        c = apr_palloc(p, cells * sizeof *c);
        if (!c)
            return -1;
        advise_huge_pages(c, cells * sizeof *c);
        build_costs(c, n, m, trans, bonus, score, forbidden);
    }

    for (i = 0; i < n; i++) row_to_col[i] = -1;
    if (col_to_row)
        for (j = 0; j < m; j++) col_to_row[j] = -1;
    *total = 0;
    *npairs = 0;
    if (k == 0)
        return 0;

    v = apr_palloc(p, (size_t)nc * sizeof *v);
    d = apr_palloc(p, (size_t)nc * sizeof *d);
    x = apr_palloc(p, (size_t)nr * sizeof *x);
    y = apr_palloc(p, (size_t)nc * sizeof *y);
    freerows = apr_palloc(p, (size_t)nr * sizeof *freerows);
    pred = apr_palloc(p, (size_t)nc * sizeof *pred);
    cols = apr_palloc(p, (size_t)nc * sizeof *cols);
    if (!v || !d || !x || !y || !freerows || !pred || !cols)
        return -1;

    if (nc == 1) {                      /* then nr == 1 too */
        x[0] = 0;
    } else {
        if (nr == nc) {
            nfree = reduce_columns(c, nr, x, y, v, freerows, pred, cols);
        } else {
            for (j = 0; j < nc; j++) { v[j] = 0; y[j] = -1; }
            for (i = 0; i < nr; i++) { x[i] = -1; freerows[i] = i; }
            nfree = nr;
        }
        nfree = reduce_rows(c, nr, nc, x, y, v, freerows, nfree);
        augment(c, nc, x, y, v, freerows, nfree, d, pred, cols);
    }

    for (i = 0; i < nr; i++) {
        int r = trans ? x[i] : i, col = trans ? i : x[i];
        size_t e = (size_t)r * m + col;
        if (forbidden && forbidden[e]) continue;   /* unmatched */
        row_to_col[r] = col;
        if (col_to_row) col_to_row[col] = r;
        *total += score[e];
        (*npairs)++;
    }
    return 0;
}
