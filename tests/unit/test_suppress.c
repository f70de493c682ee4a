/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Unit tests of small-number suppression (core/suppress.c): the primary
 * rule (1..k-1 hidden, 0 shown), the known traps of secondary suppression
 * (a row's or a column's total minus its shown cells, the cascade of a
 * second hidden cell into another line, the 2x2 that needs four, totals
 * under k, the bounds a reader knows from the labels), the thresholds'
 * ends, the labels, and a brute force over random small tables: after
 * suppression no line gives a hidden figure away.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <apr_general.h>
#include "suppress.h"

static apr_pool_t *pool;

#define ST(s, r, c) rm_sup_state(&(s), (r), (c))

/* the figures of the grid, totals included, counted by state */
static int count_state(const rm_suppressed *s, int state)
{
    int n = 0;
    for (int r = 0; r <= (s->list ? 0 : s->rows); r++)
        for (int c = 0; c <= s->cols; c++)
            n += rm_sup_state(s, r, c) == state;
    return n;
}

/* What a reader can work out from one line: for each hidden figure of it,
 * how many values it may have given the shown figures, the line's sum and
 * what the labels say of the other hidden figures ("fewer than k": 1..k-1;
 * suppressed: k or more, up to cap).  Returns the fewest found for a
 * figure whose label alone leaves it more than one value (and whose line
 * holds another such figure: see below); INT32_MAX when none.  An enumeration, independent of suppress.c's interval arithmetic. */
static int line_freedom(const rm_suppressed *s, const int *idx, int len, long long cap)
{
    long long lo[RM_SUPPRESS_MAX_DIM + 1], hi[RM_SUPPRESS_MAX_DIM + 1], known = 0;
    int hid[RM_SUPPRESS_MAX_DIM + 1], nh = 0, fewest = INT32_MAX;
    for (int j = 0; j < len; j++) {
        int i = idx[j];
        long long sign = j == len - 1 ? -1 : 1;
        if (s->state[i] == RM_SUP_SHOWN) { known += sign * s->value[i]; continue; }
        hid[nh] = j;
        lo[nh] = s->state[i] == RM_SUP_SMALL ? 1 : s->k;
        hi[nh] = s->state[i] == RM_SUP_SMALL ? s->k - 1 : cap;
        nh++;
    }
    for (int e = 0; e < nh; e++) {
        int nvalues = 0, open = 0;
        if (lo[e] == hi[e]) continue;
        /* with k = 2 a "fewer than 2" is 1: a figure that is only the sum
         * of such ones is known from the labels, whatever is hidden */
        for (int o = 0; o < nh; o++) open += o != e && lo[o] != hi[o];
        if (!open && nh > 1) continue;
        for (long long v = lo[e]; v <= hi[e]; v++) {
            /* can the others' signed sum be -(known + sign_e v)?  The
             * others' reachable sums, one figure at a time */
            long long need = -(known + (hid[e] == len - 1 ? -v : v));
            long long rlo = 0, rhi = 0;
            /* each other figure spans a contiguous range, so their sum
             * does too */
            for (int o = 0; o < nh; o++) {
                if (o == e) continue;
                if (hid[o] == len - 1) { rlo -= hi[o]; rhi -= lo[o]; }
                else { rlo += lo[o]; rhi += hi[o]; }
            }
            if (need >= rlo && need <= rhi) nvalues++;
        }
        if (nvalues < fewest) fewest = nvalues;
    }
    return fewest;
}

/* the table on stderr, for a failure: value and state (. shown, s small,
 * x secondary) */
static void dump(const rm_suppressed *s)
{
    for (int r = 0; r <= (s->list ? 0 : s->rows); r++) {
        for (int c = 0; c <= s->cols; c++) {
            int st = rm_sup_state(s, r, c);
            print_error("%4lld%c", rm_sup_value(s, r, c),
                        st == RM_SUP_SHOWN ? '.' : st == RM_SUP_SMALL ? 's' : 'x');
        }
        print_error("\n");
    }
    print_error("k = %d\n", s->k);
}

/* every line of the table: 0 or at least 2 hidden figures, and no hidden
 * figure pinned to one value by it */
static void assert_safe(const rm_suppressed *s)
{
    int idx[RM_SUPPRESS_MAX_DIM + 1];
    long long cap = rm_sup_value(s, s->list ? 0 : s->rows, s->cols) + s->k + 10;
    int w = s->cols + 1, nlines = s->list ? 1 : s->rows + 1 + s->cols + 1;
    for (int l = 0; l < nlines; l++) {
        int len, nh = 0, left = 0;
        if (s->list || l <= s->rows) {
            int r = s->list ? 0 : l;
            len = w;
            for (int c = 0; c < w; c++) idx[c] = r * w + c;
        }
        else {
            int c = l - (s->rows + 1);
            len = s->rows + 1;
            for (int r = 0; r <= s->rows; r++) idx[r] = r * w + c;
        }
        for (int j = 0; j < len; j++) nh += s->state[idx[j]] != RM_SUP_SHOWN;
        if (nh == 1) {
            dump(s);
            fail_msg("line %d has exactly one hidden figure", l);
        }
        /* a line whose every non-zero figure is hidden may still pin one
         * by its arithmetic alone (k = 3: two "fewer than 3" cells whose
         * total is "fewer than 3" are both 1); nothing is left in it to
         * hide, which suppress.h says */
        for (int j = 0; j < len; j++)
            if (s->state[idx[j]] == RM_SUP_SHOWN && s->value[idx[j]] > 0) left++;
        if (left && line_freedom(s, idx, len, cap) < 2) {
            dump(s);
            fail_msg("line %d pins a hidden figure to one value", l);
        }
    }
    /* the primary rule, and zeros shown */
    for (int i = 0; i < (s->list ? w : (s->rows + 1) * w); i++) {
        long long v = s->value[i];
        if (v >= 1 && v < s->k) assert_int_equal(s->state[i], RM_SUP_SMALL);
        else assert_int_not_equal(s->state[i], RM_SUP_SMALL);
        if (v == 0) assert_int_equal(s->state[i], RM_SUP_SHOWN);
    }
}

static void test_threshold(void **state)
{
    (void)state;
    assert_int_equal(rm_suppress_k(0), 5);
    assert_int_equal(rm_suppress_k(1), 5);
    assert_int_equal(rm_suppress_k(-3), 5);
    assert_int_equal(rm_suppress_k(2), 2);
    assert_int_equal(rm_suppress_k(7), 7);
    assert_int_equal(rm_suppress_k(100), 100);
    assert_int_equal(rm_suppress_k(101), 5);
}

static void test_bad_input(void **state)
{
    rm_suppressed s;
    long long neg[] = { 3, -1, 4, 5 }, one[] = { 1 };
    (void)state;
    assert_int_equal(rm_suppress_table(pool, neg, 2, 2, 5, &s), -1);
    assert_int_equal(rm_suppress_table(pool, one, 0, 1, 5, &s), -1);
    assert_int_equal(rm_suppress_table(pool, one, 1, 0, 5, &s), -1);
    assert_int_equal(rm_suppress_table(pool, one, RM_SUPPRESS_MAX_DIM + 1, 1, 5, &s), -1);
    assert_int_equal(rm_suppress_table(pool, NULL, 1, 1, 5, &s), -1);
    assert_int_equal(rm_suppress_list(pool, neg, 4, 5, &s), -1);
    assert_int_equal(rm_suppress_list(pool, one, 0, 5, &s), -1);
}

/* a row with one small cell and a shown total: the total minus the shown
 * cells would give it, so a second cell of the row goes, the smallest */
static void test_row_trap(void **state)
{
    long long cells[] = { 3, 10, 12,
                          8, 9, 7 };
    rm_suppressed s;
    (void)state;
    assert_int_equal(rm_suppress_table(pool, cells, 2, 3, 5, &s), 0);
    assert_int_equal(rm_sup_value(&s, 0, 3), 25);
    assert_int_equal(rm_sup_value(&s, 2, 3), 49);
    assert_int_equal(ST(s, 0, 0), RM_SUP_SMALL);
    assert_int_equal(ST(s, 0, 1), RM_SUP_SECONDARY);   /* 10 < 12 < 25 */
    assert_int_equal(ST(s, 0, 2), RM_SUP_SHOWN);
    /* the row's total stays shown: two hidden cells make it safe */
    assert_int_equal(ST(s, 0, 3), RM_SUP_SHOWN);
    /* the columns of both then need a second hidden cell too */
    assert_int_equal(ST(s, 1, 0), RM_SUP_SECONDARY);
    assert_int_equal(ST(s, 1, 1), RM_SUP_SECONDARY);
    assert_int_equal(count_state(&s, RM_SUP_SMALL), 1);
    assert_int_equal(count_state(&s, RM_SUP_SECONDARY), 3);
    assert_safe(&s);
}

/* the same down a column (the row trap's table turned over): the rows are
 * settled first, so more than the rectangle goes, but the column keeps its
 * total and never has one hidden cell alone */
static void test_column_trap(void **state)
{
    long long cells[] = { 3, 8,
                          10, 9,
                          12, 7 };
    rm_suppressed s;
    int hidden = 0;
    (void)state;
    assert_int_equal(rm_suppress_table(pool, cells, 3, 2, 5, &s), 0);
    assert_int_equal(rm_sup_value(&s, 3, 0), 25);
    assert_int_equal(ST(s, 0, 0), RM_SUP_SMALL);
    for (int r = 1; r < 3; r++) hidden += ST(s, r, 0) != RM_SUP_SHOWN;
    assert_true(hidden >= 1);
    assert_int_equal(ST(s, 3, 0), RM_SUP_SHOWN);
    assert_int_equal(ST(s, 3, 2), RM_SUP_SHOWN);
    assert_safe(&s);
}

/* the second cell hidden for the small one's row leaves its own column
 * with one hidden cell, whose second leaves a third line with one: the
 * cascade reaches a cell in neither the first row nor the first column */
static void test_cascade(void **state)
{
    long long cells[] = { 2, 6, 30,
                          7, 40, 50,
                          9, 60, 8 };
    rm_suppressed s;
    (void)state;
    assert_int_equal(rm_suppress_table(pool, cells, 3, 3, 5, &s), 0);
    assert_int_equal(ST(s, 0, 0), RM_SUP_SMALL);
    assert_int_equal(ST(s, 0, 1), RM_SUP_SECONDARY);
    assert_int_equal(ST(s, 1, 0), RM_SUP_SECONDARY);
    assert_int_equal(ST(s, 1, 1), RM_SUP_SECONDARY);
    assert_int_equal(count_state(&s, RM_SUP_SECONDARY), 3);
    for (int c = 0; c <= 3; c++) assert_int_equal(ST(s, 3, c), RM_SUP_SHOWN);
    assert_safe(&s);
}

/* a 2x2 with one small cell: every cell goes, the totals stay */
static void test_two_by_two(void **state)
{
    long long cells[] = { 2, 10,
                          10, 20 };
    rm_suppressed s;
    (void)state;
    assert_int_equal(rm_suppress_table(pool, cells, 2, 2, 5, &s), 0);
    assert_int_equal(ST(s, 0, 0), RM_SUP_SMALL);
    for (int r = 0; r < 2; r++)
        for (int c = 0; c < 2; c++)
            assert_int_not_equal(ST(s, r, c), RM_SUP_SHOWN);
    for (int i = 0; i <= 2; i++) {
        assert_int_equal(ST(s, 2, i), RM_SUP_SHOWN);
        assert_int_equal(ST(s, i, 2), RM_SUP_SHOWN);
    }
    assert_int_equal(count_state(&s, RM_SUP_SMALL) + count_state(&s, RM_SUP_SECONDARY), 4);
    assert_safe(&s);
}

/* totals under k are small figures themselves; a small total with a
 * shown one beside it in the totals' row needs a second there */
static void test_small_totals(void **state)
{
    long long tiny[] = { 1, 2,
                         0, 1 };
    long long mixed[] = { 1, 1,
                          3, 4 };
    rm_suppressed s;
    (void)state;
    assert_int_equal(rm_suppress_table(pool, tiny, 2, 2, 5, &s), 0);
    /* everything but the zero is under 5 (the grand total is 4) */
    assert_int_equal(ST(s, 1, 0), RM_SUP_SHOWN);
    assert_int_equal(ST(s, 2, 2), RM_SUP_SMALL);
    assert_int_equal(count_state(&s, RM_SUP_SECONDARY), 0);
    assert_int_equal(count_state(&s, RM_SUP_SMALL), 8);
    assert_safe(&s);

    assert_int_equal(rm_suppress_table(pool, mixed, 2, 2, 5, &s), 0);
    /* the first column's total (4) is small, the second's (5) is not: the
     * totals' row would give it away as the grand total less 5 */
    assert_int_equal(ST(s, 2, 0), RM_SUP_SMALL);
    assert_int_not_equal(ST(s, 2, 1), RM_SUP_SHOWN);
    /* likewise the row totals 2 (small) and 7 */
    assert_int_equal(ST(s, 0, 2), RM_SUP_SMALL);
    assert_int_not_equal(ST(s, 1, 2), RM_SUP_SHOWN);
    assert_safe(&s);
}

static void test_all_zero(void **state)
{
    long long cells[6] = { 0 };
    rm_suppressed s;
    (void)state;
    assert_int_equal(rm_suppress_table(pool, cells, 2, 3, 5, &s), 0);
    assert_int_equal(count_state(&s, RM_SUP_SHOWN), 12);
    assert_string_equal(rm_sup_label(pool, &s, 2, 3), "0");
    assert_int_equal(rm_suppress_list(pool, cells, 3, 5, &s), 0);
    assert_int_equal(count_state(&s, RM_SUP_SHOWN), 4);
    assert_safe(&s);
}

static void test_k_ends(void **state)
{
    long long a[] = { 1, 5,
                      6, 7 };
    long long b[] = { 50, 60,
                      70, 80 };
    rm_suppressed s;
    (void)state;
    /* k = 2: only ones are small */
    assert_int_equal(rm_suppress_table(pool, a, 2, 2, 2, &s), 0);
    assert_int_equal(s.k, 2);
    assert_int_equal(ST(s, 0, 0), RM_SUP_SMALL);
    assert_string_equal(rm_sup_label(pool, &s, 0, 0), "fewer than 2");
    assert_int_not_equal(ST(s, 0, 1), RM_SUP_SHOWN);
    assert_int_not_equal(ST(s, 1, 0), RM_SUP_SHOWN);
    assert_safe(&s);
    /* k = 100: every cell is small, the totals are not */
    assert_int_equal(rm_suppress_table(pool, b, 2, 2, 100, &s), 0);
    for (int r = 0; r < 2; r++)
        for (int c = 0; c < 2; c++) {
            assert_int_equal(ST(s, r, c), RM_SUP_SMALL);
            assert_string_equal(rm_sup_label(pool, &s, r, c), "fewer than 100");
        }
    assert_int_equal(ST(s, 2, 2), RM_SUP_SHOWN);
    assert_string_equal(rm_sup_label(pool, &s, 2, 2), "260");
    assert_safe(&s);
    /* 0 (the directive unset) is the default */
    assert_int_equal(rm_suppress_table(pool, a, 2, 2, 0, &s), 0);
    assert_int_equal(s.k, 5);
    assert_string_equal(rm_sup_label(pool, &s, 0, 0), "fewer than 5");
}

/* the labels say more than "hidden": a "fewer than 5" is 1..4 and a
 * suppressed figure at least 5, so with a shown total of 6 they could only
 * be 1 and 5; the total goes as well */
static void test_bounds_trap(void **state)
{
    long long l[] = { 1, 5 };
    long long t[] = { 1, 5,
                      20, 30 };
    rm_suppressed s;
    (void)state;
    assert_int_equal(rm_suppress_list(pool, l, 2, 5, &s), 0);
    assert_int_equal(ST(s, 0, 0), RM_SUP_SMALL);
    assert_int_equal(ST(s, 0, 1), RM_SUP_SECONDARY);
    assert_int_equal(ST(s, 0, 2), RM_SUP_SECONDARY);
    assert_safe(&s);
    assert_int_equal(rm_suppress_table(pool, t, 2, 2, 5, &s), 0);
    assert_int_not_equal(ST(s, 0, 2), RM_SUP_SHOWN);
    assert_safe(&s);
}

static void test_list(void **state)
{
    long long a[] = { 3, 10, 20 }, b[] = { 1 }, c[] = { 4, 1 }, d[] = { 7, 8, 0 };
    rm_suppressed s;
    (void)state;
    assert_int_equal(rm_suppress_list(pool, a, 3, 5, &s), 0);
    assert_int_equal(rm_sup_value(&s, 0, 3), 33);
    assert_int_equal(ST(s, 0, 0), RM_SUP_SMALL);
    assert_int_equal(ST(s, 0, 1), RM_SUP_SECONDARY);
    assert_int_equal(ST(s, 0, 2), RM_SUP_SHOWN);
    assert_int_equal(ST(s, 0, 3), RM_SUP_SHOWN);
    assert_string_equal(rm_sup_label(pool, &s, 0, 0), "fewer than 5");
    assert_string_equal(rm_sup_label(pool, &s, 0, 1), RM_SUP_SECONDARY_TEXT);
    assert_string_equal(rm_sup_label(pool, &s, 0, 2), "20");
    assert_safe(&s);
    assert_int_equal(rm_suppress_list(pool, b, 1, 5, &s), 0);
    assert_int_equal(ST(s, 0, 0), RM_SUP_SMALL);
    assert_int_equal(ST(s, 0, 1), RM_SUP_SMALL);
    assert_safe(&s);
    assert_int_equal(rm_suppress_list(pool, c, 2, 5, &s), 0);
    assert_int_equal(ST(s, 0, 2), RM_SUP_SHOWN);      /* 5: 1..4 each, many ways */
    assert_safe(&s);
    assert_int_equal(rm_suppress_list(pool, d, 3, 5, &s), 0);
    assert_int_equal(count_state(&s, RM_SUP_SHOWN), 4);
    /* out of the grid: never shown */
    assert_int_equal(rm_sup_state(&s, 1, 0), RM_SUP_SECONDARY);
    assert_int_equal(rm_sup_state(&s, 0, 4), RM_SUP_SECONDARY);
}

/* the same table suppressed twice the same way */
static void test_deterministic(void **state)
{
    long long cells[] = { 4, 9, 9, 2,
                          9, 9, 4, 9,
                          30, 0, 9, 9 };
    rm_suppressed a, b;
    (void)state;
    assert_int_equal(rm_suppress_table(pool, cells, 3, 4, 5, &a), 0);
    assert_int_equal(rm_suppress_table(pool, cells, 3, 4, 5, &b), 0);
    assert_memory_equal(a.state, b.state, 4 * 5);
    assert_safe(&a);
}

/* random small tables, mostly small numbers */
static void test_brute_force(void **state)
{
    static const int ks[] = { 2, 3, 5, 10 };
    unsigned seed = 17;
    (void)state;
    for (int t = 0; t < 20000; t++) {
        long long cells[16];
        int rows = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 4;
        int cols = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 4;
        int k = ks[((seed = seed * 1103515245u + 12345u) >> 16) % 4];
        rm_suppressed s;
        apr_pool_t *sub;
        apr_pool_create(&sub, pool);
        for (int i = 0; i < rows * cols; i++) {
            unsigned x = (seed = seed * 1103515245u + 12345u) >> 16;
            cells[i] = x % 3 == 0 ? 0 : (long long)(x >> 2) % (x % 5 == 0 ? 40 : 12);
        }
        assert_int_equal(rm_suppress_table(sub, cells, rows, cols, k, &s), 0);
        assert_safe(&s);
        if (cols > 1) {
            assert_int_equal(rm_suppress_list(sub, cells, cols, k, &s), 0);
            assert_safe(&s);
        }
        apr_pool_destroy(sub);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threshold),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_row_trap),
        cmocka_unit_test(test_column_trap),
        cmocka_unit_test(test_cascade),
        cmocka_unit_test(test_two_by_two),
        cmocka_unit_test(test_small_totals),
        cmocka_unit_test(test_all_zero),
        cmocka_unit_test(test_k_ends),
        cmocka_unit_test(test_bounds_trap),
        cmocka_unit_test(test_list),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_brute_force),
    };
    int rc;
    apr_initialize();
    apr_pool_create(&pool, NULL);
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    apr_pool_destroy(pool);
    apr_terminate();
    return rc;
}
