/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Benchmark of rm_match_solve (mod_rmentor/core/match.c): square cohorts of
 * 100, 500 and 2000, random integer scores 0-999, with no forbidden pair and
 * with 10 % of them forbidden.  Prints the median time of several runs (each
 * on a new random matrix), twice:
 *
 *   cold  the solver's pool on a new allocator, so the kernel maps and zeroes
 *         its memory on first touch (as for a pool whose allocator gave its
 *         big blocks back to the system, e.g. under httpd's MaxMemFree);
 *   warm  on an allocator that kept the blocks of the previous run (as SciPy
 *         gets from malloc, which reuses freed memory);
 *
 * and the solver's peak memory: the growth of the process's data segment
 * (VmData, which counts the anonymous mappings where APR's allocator puts
 * pool blocks, and malloc's heap) from before its pool is created to the end
 * of the solve.  The pool keeps everything until it is destroyed, so that is
 * also the peak.  Built with -O2 and run by `make bench-match` (mk/match.mk),
 * pinned to one core.
 *
 *   bench_match [SCIPY_RESULTS]
 *
 * SCIPY_RESULTS: lines "n forbidden_percent median_ms" written by
 * scripts/bench-match-scipy.py, shown in a column next to ours.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_allocator.h>
#include "match.h"

static unsigned long long rng = 20240601ULL;

static unsigned long long rnd(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 2685821657736338717ULL;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* the process's data segment in bytes (Linux: VmData of /proc/self/status) */
static size_t in_use(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    size_t kb = 0;
    if (!f) return 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmData: %zu kB", &kb) == 1) break;
    fclose(f);
    return kb * 1024;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double scipy_ms(const char *file, int n, int pct)
{
    FILE *f = file ? fopen(file, "r") : NULL;
    int fn, fp;
    double ms, found = -1;
    if (!f) return -1;
    while (fscanf(f, "%d %d %lf", &fn, &fp, &ms) == 3)
        if (fn == n && fp == pct) found = ms;
    fclose(f);
    return found;
}

/* one solve in a new pool of allocator al (NULL: a new allocator);
 * returns the time in ms, adds the pool's growth of VmData to *peak */
static double solve_once(apr_allocator_t *al, int n, const long long *score,
                         const unsigned char *forb, int *rc, int *cr,
                         long long *total, int *pairs, size_t *peak)
{
    apr_allocator_t *own = NULL;
    apr_pool_t *p;
    size_t before = in_use(), used;
    double t0;

    if (!al) {
        apr_allocator_create(&own);
        al = own;
    }
    apr_pool_create_ex(&p, NULL, NULL, al);
    if (own) apr_allocator_owner_set(own, p);
    t0 = now_ms();
    if (rm_match_solve(p, n, n, score, forb, rc, cr, total, pairs) != 0) {
        fprintf(stderr, "rm_match_solve failed\n");
        exit(1);
    }
    t0 = now_ms() - t0;
    used = in_use() - before;
    if (peak && used > *peak) *peak = used;
    apr_pool_destroy(p);
    return t0;
}

int main(int argc, char **argv)
{
    static const int sizes[] = { 100, 500, 2000 }, runs_for[] = { 31, 11, 5 };
    static const int pcts[] = { 0, 10 };
    const char *scipy = argc > 1 ? argv[1] : NULL;
    apr_allocator_t *kept;
    size_t si, pi;

    apr_initialize();
    apr_allocator_create(&kept);        /* never frees: "warm" runs */
    printf("rm_match_solve: square cohorts, random integer scores 0-999, median of runs\n\n");
    printf("| cohort      | forbidden | runs | cold (ms) | warm (ms) | peak memory (bytes) | SciPy lsa (ms) |\n");
    printf("|-------------|-----------|------|-----------|-----------|---------------------|----------------|\n");
    for (si = 0; si < sizeof sizes / sizeof *sizes; si++) {
        int n = sizes[si], runs = runs_for[si];
        size_t cells = (size_t)n * n;
        long long *score = malloc(cells * sizeof *score);
        unsigned char *forb = malloc(cells);
        int *rc = malloc(n * sizeof *rc), *cr = malloc(n * sizeof *cr);
        double *cold = malloc(runs * sizeof *cold), *warm = malloc(runs * sizeof *warm);

        for (pi = 0; pi < sizeof pcts / sizeof *pcts; pi++) {
            const unsigned char *f = pcts[pi] ? forb : NULL;
            int r, pairs = 0, pairs2;
            long long total, total2;
            size_t peak = 0;
            double sms;
            char sbuf[32], cohort[32];

            for (r = 0; r < runs; r++) {
                size_t e;
                for (e = 0; e < cells; e++) {
                    score[e] = (long long)(rnd() % 1000);
                    forb[e] = (int)(rnd() % 100) < pcts[pi];
                }
                if (r == 0)                 /* fault in the kept blocks */
                    solve_once(kept, n, score, f, rc, cr, &total, &pairs, NULL);
                cold[r] = solve_once(NULL, n, score, f, rc, cr, &total, &pairs, &peak);
                warm[r] = solve_once(kept, n, score, f, rc, cr, &total2, &pairs2, NULL);
                if (total != total2 || pairs != pairs2 || pairs != n) {
                    fprintf(stderr, "inconsistent results\n");
                    return 1;
                }
            }
            qsort(cold, runs, sizeof *cold, cmp_double);
            qsort(warm, runs, sizeof *warm, cmp_double);
            sms = scipy_ms(scipy, n, pcts[pi]);
            if (sms >= 0) snprintf(sbuf, sizeof sbuf, "%.2f", sms);
            else snprintf(sbuf, sizeof sbuf, "-");
            snprintf(cohort, sizeof cohort, "%d x %d", n, n);
            printf("| %-11s | %7d %% | %4d | %9.2f | %9.2f | %19zu | %14s |\n",
                   cohort, pcts[pi], runs, cold[runs / 2], warm[runs / 2], peak, sbuf);
            fflush(stdout);
        }
        free(score); free(forb); free(rc); free(cr); free(cold); free(warm);
    }
    printf("\npeak memory: the solver's pool (VmData growth), an int64 n x m cost matrix"
           " (8 n m bytes) plus O(n + m)\n");
    if (!scipy)
        printf("SciPy column: not run (no results file given)\n");
    return 0;
}
