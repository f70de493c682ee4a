/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Unit tests for mod_rmentor/core/match.c, the whole-cohort pairing solver:
 * random small cohorts against an exhaustive brute force, medium ones against
 * a dynamic programme over column subsets and an independent O(n^3)
 * Hungarian method, and hand-made cases.  The random seed is printed; set
 * RM_MATCH_SEED to replay a run.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <limits.h>
#include <cmocka.h>
#include <apr_general.h>
#include "match.h"

static apr_pool_t *pool;
static unsigned long long seed = 0x6d656e746f72ULL;   /* "mentor" */
static unsigned long long rng;

static int setup(void **state)
{
    const char *env = getenv("RM_MATCH_SEED");
    (void)state;
    apr_pool_create(&pool, NULL);
    if (env && *env) seed = strtoull(env, NULL, 0);
    printf("test_match: seed %llu (RM_MATCH_SEED=%llu to replay)\n", seed, seed);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    apr_pool_destroy(pool);
    return 0;
}

/* xorshift64*: small, reproducible everywhere */
static unsigned long long rnd(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 2685821657736338717ULL;
}

/* uniform in [lo, hi] */
static long long rnd_in(long long lo, long long hi)
{
    return lo + (long long)(rnd() % (unsigned long long)(hi - lo + 1));
}

/* ---- references ------------------------------------------------------------ */

/* better (pairs, total) in the lexicographic order */
static int better(int pa, long long ta, int pb, long long tb)
{
    return pa > pb || (pa == pb && ta > tb);
}

struct brute {
    int n, m;
    const long long *s;
    const unsigned char *f;
    int pairs;
    long long total;
};

/* every partial matching: row i unmatched, or with each allowed free column */
static void brute_rec(struct brute *b, int i, int pairs, long long tot, unsigned used)
{
    int j;
    if (i == b->n) {
        if (b->pairs < 0 || better(pairs, tot, b->pairs, b->total)) {
            b->pairs = pairs;
            b->total = tot;
        }
        return;
    }
    brute_rec(b, i + 1, pairs, tot, used);
    for (j = 0; j < b->m; j++) {
        size_t e = (size_t)i * b->m + j;
        if ((used & (1u << j)) || (b->f && b->f[e])) continue;
        brute_rec(b, i + 1, pairs + 1, tot + b->s[e], used | (1u << j));
    }
}

static void brute(int n, int m, const long long *s, const unsigned char *f,
                  int *pairs, long long *total)
{
    struct brute b = { n, m, s, f, -1, 0 };
    brute_rec(&b, 0, 0, 0, 0);
    *pairs = b.pairs;
    *total = b.total;
}

/* Dynamic programme over the subsets of used columns (m <= 14). */
static void dp_subsets(int n, int m, const long long *s, const unsigned char *f,
                       int *pairs, long long *total)
{
    size_t states = (size_t)1 << m, mask;
    int *dp_p = malloc(states * sizeof *dp_p), *np = malloc(states * sizeof *np);
    long long *dp_t = malloc(states * sizeof *dp_t), *nt = malloc(states * sizeof *nt);
    int i, j;

    for (mask = 0; mask < states; mask++) dp_p[mask] = -1;
    dp_p[0] = 0;
    dp_t[0] = 0;
    for (i = 0; i < n; i++) {
        memcpy(np, dp_p, states * sizeof *np);           /* row i unmatched */
        memcpy(nt, dp_t, states * sizeof *nt);
        for (mask = 0; mask < states; mask++) {
            if (dp_p[mask] < 0) continue;
            for (j = 0; j < m; j++) {
                size_t e = (size_t)i * m + j, to = mask | ((size_t)1 << j);
                if ((mask >> j) & 1 || (f && f[e])) continue;
                if (np[to] < 0 || better(dp_p[mask] + 1, dp_t[mask] + s[e], np[to], nt[to])) {
                    np[to] = dp_p[mask] + 1;
                    nt[to] = dp_t[mask] + s[e];
                }
            }
        }
        memcpy(dp_p, np, states * sizeof *np);
        memcpy(dp_t, nt, states * sizeof *nt);
    }
    *pairs = -1;
    *total = 0;
    for (mask = 0; mask < states; mask++)
        if (dp_p[mask] >= 0 && (*pairs < 0 || better(dp_p[mask], dp_t[mask], *pairs, *total))) {
            *pairs = dp_p[mask];
            *total = dp_t[mask];
        }
    free(dp_p); free(np); free(dp_t); free(nt);
}

/* The textbook O(n^2 m) Hungarian method with potentials (rows <= columns),
 * on the same lexicographic costs, written independently of match.c. */
static void hungarian(int n, int m, const long long *s, const unsigned char *f,
                      int *pairs, long long *total)
{
    int tr = n > m, r = tr ? m : n, cc = tr ? n : m, i, j;
    long long maxabs = 0, bonus, INF = LLONG_MAX / 4;
    long long *a = malloc((size_t)(r + 1) * (cc + 1) * sizeof *a);
    long long *u = calloc((size_t)r + 1, sizeof *u), *v = calloc((size_t)cc + 1, sizeof *v);
    long long *minv = malloc(((size_t)cc + 1) * sizeof *minv);
    int *pp = calloc((size_t)cc + 1, sizeof *pp), *way = malloc(((size_t)cc + 1) * sizeof *way);
    char *usedc = malloc((size_t)cc + 1);

    for (i = 0; i < n * m; i++)
        if (!(f && f[i]) && llabs(s[i]) > maxabs) maxabs = llabs(s[i]);
    bonus = (2 * maxabs + 1) * ((long long)r + 1);
    for (i = 0; i < n; i++)
        for (j = 0; j < m; j++) {
            long long c = (f && f[i * m + j]) ? 0 : -(bonus + s[i * m + j]);
            if (tr) a[(size_t)(j + 1) * (cc + 1) + i + 1] = c;
            else a[(size_t)(i + 1) * (cc + 1) + j + 1] = c;
        }
    for (i = 1; i <= r; i++) {
        int j0 = 0;
        pp[0] = i;
        for (j = 0; j <= cc; j++) { minv[j] = INF; usedc[j] = 0; }
        do {
            int i0 = pp[j0], j1 = 0;
            long long delta = INF;
            usedc[j0] = 1;
            for (j = 1; j <= cc; j++)
                if (!usedc[j]) {
                    long long cur = a[(size_t)i0 * (cc + 1) + j] - u[i0] - v[j];
                    if (cur < minv[j]) { minv[j] = cur; way[j] = j0; }
                    if (minv[j] < delta) { delta = minv[j]; j1 = j; }
                }
            for (j = 0; j <= cc; j++)
                if (usedc[j]) { u[pp[j]] += delta; v[j] -= delta; }
                else minv[j] -= delta;
            j0 = j1;
        } while (pp[j0] != 0);
        do { int j1 = way[j0]; pp[j0] = pp[j1]; j0 = j1; } while (j0);
    }
    *pairs = 0;
    *total = 0;
    for (j = 1; j <= cc; j++) {
        int row, col;
        size_t e;
        if (!pp[j]) continue;
        row = tr ? j - 1 : pp[j] - 1;
        col = tr ? pp[j] - 1 : j - 1;
        e = (size_t)row * m + col;
        if (f && f[e]) continue;
        (*pairs)++;
        *total += s[e];
    }
    free(a); free(u); free(v); free(minv); free(pp); free(way); free(usedc);
}

/* ---- checks ------------------------------------------------------------------ */

/* Solve, check the result is a valid matching consistent with what was
 * reported, and return the reported pairs and total. */
static void solve_checked(int n, int m, const long long *s, const unsigned char *f,
                          int with_inverse, int *pairs, long long *total)
{
    int *rc = malloc(((size_t)n + 1) * sizeof *rc);
    int *cr = malloc(((size_t)m + 1) * sizeof *cr);
    char *seen = calloc((size_t)m + 1, 1);
    int i, count = 0;
    long long sum = 0;
    apr_pool_t *sub;

    apr_pool_create(&sub, pool);
    assert_int_equal(rm_match_solve(sub, n, m, s, f, rc, with_inverse ? cr : NULL,
                                    total, pairs), 0);
    apr_pool_destroy(sub);
    for (i = 0; i < n; i++) {
        int j = rc[i];
        if (j < 0) { assert_int_equal(j, -1); continue; }
        assert_true(j < m);
        assert_false(f && f[(size_t)i * m + j]);      /* never a forbidden pair */
        assert_false(seen[j]);                         /* each column once */
        seen[j] = 1;
        if (with_inverse) assert_int_equal(cr[j], i);
        count++;
        sum += s[(size_t)i * m + j];
    }
    if (with_inverse)
        for (i = 0; i < m; i++)
            if (!seen[i]) assert_int_equal(cr[i], -1);
    assert_int_equal(count, *pairs);
    assert_true(sum == *total);
    free(rc); free(cr); free(seen);
}

/* A random cohort: scores in one of several ranges (small ones make ties),
 * forbidden pairs at the given density (in 1/1000), or no mask at all. */
static void random_cohort(int n, int m, long long *s, unsigned char **f,
                          unsigned char *fbuf, int density)
{
    static const long long range[] = { 0, 3, 1000, RM_MATCH_SCORE_MAX };
    long long lo, hi, a[128], b[128];
    int kind = (int)(rnd() % 6), e;

    if (kind == 4) { lo = RM_MATCH_SCORE_MAX - 3; hi = RM_MATCH_SCORE_MAX; }
    else if (kind == 5) { lo = -30; hi = 30; }
    else { hi = range[kind]; lo = rnd() % 2 ? -hi : 0; }
    for (e = 0; e < 128; e++) { a[e] = rnd_in(lo, hi); b[e] = rnd_in(lo, hi); }
    for (e = 0; e < n * m; e++) {
        /* kind 5: products a_i * b_j, whose optimum sorts both sides: long
         * augmenting paths where a greedy start goes wrong */
        s[e] = kind == 5 ? a[e / m] * b[e % m] : rnd_in(lo, hi);
        if (kind == 4 && rnd() % 2) s[e] = -s[e];
        fbuf[e] = (long long)(rnd() % 1000) < density;
    }
    *f = density < 0 ? NULL : fbuf;
}

static const int densities[] = { -1, 0, 50, 200, 400, 600, 850, 1000 };
#define NDENS ((int)(sizeof densities / sizeof *densities))

static void test_random_vs_brute(void **state)
{
    long long s[64], total, bt;
    unsigned char fbuf[64], *f;
    int t, pairs, bp;
    (void)state;

    rng = seed;
    for (t = 0; t < 3000; t++) {
        int n = (int)rnd_in(1, 8), m = (int)rnd_in(1, 8);
        random_cohort(n, m, s, &f, fbuf, densities[rnd() % NDENS]);
        brute(n, m, s, f, &bp, &bt);
        solve_checked(n, m, s, f, (int)(rnd() % 4) != 0, &pairs, &total);
        if (pairs != bp || total != bt)
            fail_msg("case %d (%dx%d, seed %llu): got %d pairs total %lld, brute force %d / %lld",
                     t, n, m, seed, pairs, total, bp, bt);
    }
}

static void test_random_medium(void **state)
{
    enum { MAXC = 100 };
    long long *s = malloc(MAXC * MAXC * sizeof *s), total, rt;
    unsigned char *fbuf = malloc(MAXC * MAXC), *f;
    int t, pairs, rp;
    (void)state;

    rng = seed ^ 0x9e3779b97f4a7c15ULL;
    /* column subsets: up to 14 columns, any number of rows */
    for (t = 0; t < 300; t++) {
        int n = (int)rnd_in(1, 16), m = (int)rnd_in(1, 12);
        random_cohort(n, m, s, &f, fbuf, densities[rnd() % NDENS]);
        dp_subsets(n, m, s, f, &rp, &rt);
        solve_checked(n, m, s, f, 1, &pairs, &total);
        if (pairs != rp || total != rt)
            fail_msg("subset case %d (%dx%d, seed %llu): got %d / %lld, expected %d / %lld",
                     t, n, m, seed, pairs, total, rp, rt);
    }
    /* larger ones against the textbook Hungarian method */
    for (t = 0; t < 2000; t++) {
        int n = (int)rnd_in(1, t % 10 ? 30 : MAXC), m = (int)rnd_in(1, t % 10 ? 30 : MAXC);
        if (t % 3 == 0) m = n;              /* square: the column reduction */
        random_cohort(n, m, s, &f, fbuf, densities[rnd() % NDENS]);
        hungarian(n, m, s, f, &rp, &rt);
        solve_checked(n, m, s, f, 1, &pairs, &total);
        if (pairs != rp || total != rt)
            fail_msg("Hungarian case %d (%dx%d, seed %llu): got %d / %lld, expected %d / %lld",
                     t, n, m, seed, pairs, total, rp, rt);
    }
    free(s);
    free(fbuf);
}

/* The same cohort, transposed, has the same optimum. */
static void test_transpose(void **state)
{
    enum { N = 70, M = 110 };
    static long long s[N * M], st[N * M];
    static unsigned char f[N * M], ft[N * M];
    long long t1, t2;
    int p1, p2, i, j, round;
    (void)state;

    rng = seed + 7;
    for (round = 0; round < 4; round++) {
        for (i = 0; i < N; i++)
            for (j = 0; j < M; j++) {
                s[i * M + j] = st[j * N + i] = rnd_in(-1000, 1000);
                f[i * M + j] = ft[j * N + i] = (int)(rnd() % 100) < round * 25;
            }
        solve_checked(N, M, s, f, 1, &p1, &t1);
        solve_checked(M, N, st, ft, 1, &p2, &t2);
        assert_int_equal(p1, p2);
        assert_true(t1 == t2);
        if (round == 0) assert_int_equal(p1, N);
    }
}

/* ---- hand-made cases ----------------------------------------------------------- */

static void test_empty(void **state)
{
    int rc[3] = { 7, 7, 7 }, cr[3] = { 7, 7, 7 }, pairs = 9;
    long long total = 9;
    (void)state;

    assert_int_equal(rm_match_solve(pool, 0, 3, NULL, NULL, NULL, cr, &total, &pairs), 0);
    assert_int_equal(pairs, 0);
    assert_true(total == 0);
    assert_int_equal(cr[0], -1);
    assert_int_equal(cr[2], -1);
    assert_int_equal(rm_match_solve(pool, 3, 0, NULL, NULL, rc, cr, &total, &pairs), 0);
    assert_int_equal(rc[0], -1);
    assert_int_equal(rc[2], -1);
    assert_int_equal(rm_match_solve(pool, 0, 0, NULL, NULL, NULL, NULL, &total, &pairs), 0);
    assert_int_equal(pairs, 0);
}

static void test_one_by_one(void **state)
{
    long long s = -42, total;
    unsigned char no = 1, yes = 0;
    int rc, cr, pairs;
    (void)state;

    assert_int_equal(rm_match_solve(pool, 1, 1, &s, &no, &rc, &cr, &total, &pairs), 0);
    assert_int_equal(pairs, 0);
    assert_int_equal(rc, -1);
    assert_int_equal(cr, -1);
    assert_true(total == 0);
    /* a negative pair still beats no pair: the count comes first */
    assert_int_equal(rm_match_solve(pool, 1, 1, &s, &yes, &rc, &cr, &total, &pairs), 0);
    assert_int_equal(pairs, 1);
    assert_int_equal(rc, 0);
    assert_true(total == -42);
    assert_int_equal(rm_match_solve(pool, 1, 1, &s, NULL, &rc, NULL, &total, &pairs), 0);
    assert_int_equal(pairs, 1);
}

static void test_more_pairs_first(void **state)
{
    /* 0-0 alone scores 100; 0-1 and 1-0 together only 2, but are two pairs */
    long long s[4] = { 100, 1, 1, 5 }, total;
    unsigned char f[4] = { 0, 0, 0, 1 };
    int rc[2], cr[2], pairs;
    (void)state;

    assert_int_equal(rm_match_solve(pool, 2, 2, s, f, rc, cr, &total, &pairs), 0);
    assert_int_equal(pairs, 2);
    assert_true(total == 2);
    assert_int_equal(rc[0], 1);
    assert_int_equal(rc[1], 0);
    assert_int_equal(cr[0], 1);
}

static void test_unequal(void **state)
{
    /* 2 Mentors, 4 Senior Mentors: each row takes its best distinct column */
    long long s24[8] = { 5, 9, 1, 0,
                         4, 9, 2, 8 }, s42[8], total;
    int rc[4], cr[4], pairs, i, j;
    (void)state;

    assert_int_equal(rm_match_solve(pool, 2, 4, s24, NULL, rc, cr, &total, &pairs), 0);
    assert_int_equal(pairs, 2);
    assert_true(total == 17);                     /* 0-1 and 1-3 */
    assert_int_equal(rc[0], 1);
    assert_int_equal(rc[1], 3);
    assert_int_equal(cr[0], -1);
    assert_int_equal(cr[2], -1);
    for (i = 0; i < 2; i++)
        for (j = 0; j < 4; j++) s42[j * 2 + i] = s24[i * 4 + j];
    assert_int_equal(rm_match_solve(pool, 4, 2, s42, NULL, rc, cr, &total, &pairs), 0);
    assert_int_equal(pairs, 2);
    assert_true(total == 17);
    assert_int_equal(rc[1], 0);
    assert_int_equal(rc[3], 1);
    assert_int_equal(rc[0], -1);
    assert_int_equal(rc[2], -1);
}

static void test_ties(void **state)
{
    enum { N = 40 };
    static long long s[N * N];
    static unsigned char f[N * N];
    long long total;
    int pairs, i;
    (void)state;

    for (i = 0; i < N * N; i++) s[i] = 7;
    solve_checked(N, N, s, NULL, 1, &pairs, &total);
    assert_int_equal(pairs, N);
    assert_true(total == 7LL * N);
    /* a band of allowed cells: only the diagonal and the one after */
    for (i = 0; i < N * N; i++) {
        int r = i / N, c = i % N;
        s[i] = 0;
        f[i] = !(c == r || c == r + 1);
    }
    solve_checked(N, N, s, f, 1, &pairs, &total);
    assert_int_equal(pairs, N);
    assert_true(total == 0);
}

static void test_large_scores(void **state)
{
    enum { N = 200 };
    static long long s[N * N];
    static unsigned char f[N * N];
    long long total, big = RM_MATCH_SCORE_MAX;
    int pairs, i, rc[N];
    (void)state;

    for (i = 0; i < N * N; i++) s[i] = big;
    solve_checked(N, N, s, NULL, 1, &pairs, &total);
    assert_true(total == big * N);
    for (i = 0; i < N * N; i++) s[i] = -big;
    solve_checked(N, N, s, NULL, 0, &pairs, &total);
    assert_int_equal(pairs, N);
    assert_true(total == -big * N);
    /* mixed extremes: one row of -1e9 must still be paired */
    rng = seed + 3;
    for (i = 0; i < N * N; i++) {
        s[i] = (i / N == 0) ? -big : (rnd() % 2 ? big : big - 1);
        f[i] = (int)(rnd() % 10) == 0;
    }
    solve_checked(N, N, s, f, 1, &pairs, &total);
    assert_int_equal(pairs, N);
    /* out of range: refused, unless the cell is forbidden (never read) */
    s[5] = big + 1;
    f[5] = 0;
    assert_int_equal(rm_match_solve(pool, N, N, s, f, rc, NULL, &total, &pairs), -1);
    s[5] = -big - 1;
    assert_int_equal(rm_match_solve(pool, N, N, s, f, rc, NULL, &total, &pairs), -1);
    s[5] = LLONG_MIN;
    f[5] = 1;
    assert_int_equal(rm_match_solve(pool, N, N, s, f, rc, NULL, &total, &pairs), 0);
    assert_int_not_equal(rc[0], 5);
}

/* Rows outbidding each other by score gaps of 1 until the prices have
 * fallen by about BONUS: without the step budget of the row reduction, this
 * took 1.5e8 steps (and grows with BONUS / gap). */
static void test_price_war(void **state)
{
    long long s[12] = { 999999999,   885390485,  1000000000,
                        1000000000,  1000000000, 999999998,
                        -1000000002, 507024558,  782417919,   /* forbidden */
                        1000000000,  999999998,  999999999 }, total, bt;
    unsigned char f[12] = { 1, 0, 1,  0, 0, 0,  1, 1, 1,  0, 0, 0 };
    int pairs, bp;
    (void)state;

    brute(4, 3, s, f, &bp, &bt);
    solve_checked(4, 3, s, f, 1, &pairs, &total);
    assert_int_equal(pairs, bp);
    assert_true(total == bt);
    assert_int_equal(pairs, 3);
    assert_true(total == 2885390484LL);
}

static void test_bad_arguments(void **state)
{
    long long s[4] = { 1, 2, 3, 4 }, total;
    int rc[2], cr[2], pairs;
    (void)state;

    assert_int_equal(rm_match_solve(NULL, 2, 2, s, NULL, rc, cr, &total, &pairs), -1);
    assert_int_equal(rm_match_solve(pool, -1, 2, s, NULL, rc, cr, &total, &pairs), -1);
    assert_int_equal(rm_match_solve(pool, 2, -1, s, NULL, rc, cr, &total, &pairs), -1);
    assert_int_equal(rm_match_solve(pool, 2, 2, NULL, NULL, rc, cr, &total, &pairs), -1);
    assert_int_equal(rm_match_solve(pool, 2, 2, s, NULL, NULL, cr, &total, &pairs), -1);
    assert_int_equal(rm_match_solve(pool, 2, 2, s, NULL, rc, cr, NULL, &pairs), -1);
    assert_int_equal(rm_match_solve(pool, 2, 2, s, NULL, rc, cr, &total, NULL), -1);
    assert_int_equal(rm_match_solve(pool, 2, 2, s, NULL, rc, cr, &total, &pairs), 0);
    assert_true(total == 5);                      /* a tie: 1+4 or 2+3 */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_vs_brute),
        cmocka_unit_test(test_random_medium),
        cmocka_unit_test(test_transpose),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_one_by_one),
        cmocka_unit_test(test_more_pairs_first),
        cmocka_unit_test(test_unequal),
        cmocka_unit_test(test_ties),
        cmocka_unit_test(test_large_scores),
        cmocka_unit_test(test_price_war),
        cmocka_unit_test(test_bad_arguments),
    };
    apr_initialize();
    return cmocka_run_group_tests_name("rm_match", tests, setup, teardown);
}
