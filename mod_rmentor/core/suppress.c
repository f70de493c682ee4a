/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Small-number suppression (core/suppress.h).
 *
 * A table and a list are both a grid of figures and a set of lines over it;
 * a line is (first, step, length) through the grid, its last figure the
 * total of the others.  The rules (suppress.h) are applied to the lines
 * until none changes: at most one figure is hidden per pass over a line, and
 * there are only so many figures, so it ends.
 */
#include <string.h>
#include <apr_strings.h>
#include "suppress.h"

/* no count is larger: keeps every sum of bounds far from overflow */
#define MAX_COUNT 1000000000000LL

typedef struct {
    int first, step, len;
} line;

typedef struct {
    long long *v;
    unsigned char *st;
    int k;
    int rows, cols;             /* to tell a total from a cell */
    int list;
} grid;

int rm_suppress_k(int configured)
{
    return configured >= RM_SUPPRESS_MIN && configured <= RM_SUPPRESS_MAX
           ? configured : RM_SUPPRESS_DEFAULT;
}

static int is_total(const grid *g, int i)
{
    if (g->list) return i == g->cols;
    return i / (g->cols + 1) == g->rows || i % (g->cols + 1) == g->cols;
}

/* what a reader knows of a hidden figure: [lo, hi]; hi_inf when unbounded */
static void bounds(const grid *g, int i, long long *lo, long long *hi, int *hi_inf)
{
    if (g->st[i] == RM_SUP_SMALL) {
        *lo = 1;
        *hi = g->k - 1;
        *hi_inf = 0;
    }
    else {
        *lo = g->k;
        *hi = 0;
        *hi_inf = 1;
    }
}

/* 1 when the line gives a hidden figure away: it is the line's only hidden
 * figure, or the line's equation and what the labels say of the other
 * hidden figures leave it one possible value (one that its own label does
 * not already tell: with k = 2, "fewer than 2" is 1 whatever is done). */
static int line_unsafe(const grid *g, const line *ln)
{
    int nhidden = 0;
    /* the line as sum(sign * value) = 0: +1 for a cell, -1 for its total */
    long long known = 0;
    for (int j = 0; j < ln->len; j++) {
        int i = ln->first + j * ln->step;
        long long sign = j == ln->len - 1 ? -1 : 1;
        if (g->st[i] == RM_SUP_SHOWN) known += sign * g->v[i];
        else nhidden++;
    }
    if (nhidden == 0) return 0;
    if (nhidden == 1) return 1;
    for (int j = 0; j < ln->len; j++) {
        int e = ln->first + j * ln->step;
        long long elo, ehi, slo = 0, shi = 0, lo, hi;
        int einf, slo_inf = 0, shi_inf = 0, hi_inf;
        long long esign = j == ln->len - 1 ? -1 : 1;
        if (g->st[e] == RM_SUP_SHOWN) continue;
        bounds(g, e, &elo, &ehi, &einf);
        if (!einf && elo == ehi) continue;
        /* the others' sum(sign * value) lies in [slo, shi] */
        for (int o = 0; o < ln->len; o++) {
            int i = ln->first + o * ln->step;
            long long olo, ohi;
            int oinf;
            if (o == j || g->st[i] == RM_SUP_SHOWN) continue;
            bounds(g, i, &olo, &ohi, &oinf);
            if (o == ln->len - 1) {         /* -value: [-hi, -lo] */
                slo -= ohi;
                if (oinf) slo_inf = 1;
                shi -= olo;
            }
            else {
                slo += olo;
                shi += ohi;
                if (oinf) shi_inf = 1;
            }
        }
        /* esign * v_e = -(known + others) */
        if (esign > 0) {
            /* v_e in [-(known + shi), -(known + slo)] */
            lo = -(known + shi);
            hi = -(known + slo);
            if (shi_inf) lo = elo;
            hi_inf = slo_inf;
        }
        else {
            /* v_e in [known + slo, known + shi] */
            lo = known + slo;
            hi = known + shi;
            if (slo_inf) lo = elo;
            hi_inf = shi_inf;
        }
        if (lo < elo) lo = elo;
        if (hi_inf) {
            if (einf) continue;
            hi = ehi;
        }
        else if (!einf && hi > ehi) {
            hi = ehi;
        }
        if (lo == hi) return 1;
    }
    return 0;
}

/* The figure to hide as well: the smallest non-zero figure shown in the
 * line, a cell before a total, then the first; -1 when there is none. */
static int pick(const grid *g, const line *ln)
{
    int best = -1;
    for (int j = 0; j < ln->len; j++) {
        int i = ln->first + j * ln->step;
        if (g->st[i] != RM_SUP_SHOWN || g->v[i] <= 0) continue;
        if (best < 0 || g->v[i] < g->v[best]
            || (g->v[i] == g->v[best] && is_total(g, best) && !is_total(g, i)))
            best = i;
    }
    return best;
}

static void run(grid *g, const line *lines, int nlines, int n)
{
    int changed = 1;
    for (int i = 0; i < n; i++)
        g->st[i] = g->v[i] >= 1 && g->v[i] < g->k ? RM_SUP_SMALL : RM_SUP_SHOWN;
    while (changed) {
        changed = 0;
        for (int l = 0; l < nlines; l++) {
            int i;
            if (!line_unsafe(g, &lines[l])) continue;
            if ((i = pick(g, &lines[l])) < 0) continue;
            g->st[i] = RM_SUP_SECONDARY;
            changed = 1;
        }
    }
}

int rm_suppress_table(apr_pool_t *p, const long long *cells, int rows, int cols, int k,
                      rm_suppressed *out)
{
    int w = cols + 1, n, nlines = 0;
    line *lines;
    grid g;
    if (rows < 1 || cols < 1 || rows > RM_SUPPRESS_MAX_DIM || cols > RM_SUPPRESS_MAX_DIM
        || !cells || !out)
        return -1;
    n = (rows + 1) * w;
    memset(out, 0, sizeof(*out));
    out->rows = rows;
    out->cols = cols;
    out->k = rm_suppress_k(k);
    out->value = apr_pcalloc(p, n * sizeof(*out->value));
    out->state = apr_pcalloc(p, n);
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++) {
            long long v = cells[r * cols + c];
            if (v < 0 || v > MAX_COUNT) return -1;
            out->value[r * w + c] = v;
            out->value[r * w + cols] += v;
            out->value[rows * w + c] += v;
            out->value[rows * w + cols] += v;
        }
    lines = apr_palloc(p, (rows + 1 + cols + 1) * sizeof(*lines));
    for (int r = 0; r <= rows; r++)
        lines[nlines++] = (line){ r * w, 1, w };
    for (int c = 0; c <= cols; c++)
        lines[nlines++] = (line){ c, w, rows + 1 };
    g = (grid){ out->value, out->state, out->k, rows, cols, 0 };
    run(&g, lines, nlines, n);
    return 0;
}

int rm_suppress_list(apr_pool_t *p, const long long *counts, int n, int k,
                     rm_suppressed *out)
{
    line ln;
    grid g;
    if (n < 1 || n > RM_SUPPRESS_MAX_DIM || !counts || !out) return -1;
    memset(out, 0, sizeof(*out));
    out->rows = 1;
    out->cols = n;
    out->list = 1;
    out->k = rm_suppress_k(k);
    out->value = apr_pcalloc(p, (n + 1) * sizeof(*out->value));
    out->state = apr_pcalloc(p, n + 1);
    for (int i = 0; i < n; i++) {
        if (counts[i] < 0 || counts[i] > MAX_COUNT) return -1;
        out->value[i] = counts[i];
        out->value[n] += counts[i];
    }
    ln = (line){ 0, 1, n + 1 };
    g = (grid){ out->value, out->state, out->k, 1, n, 1 };
    run(&g, &ln, 1, n + 1);
    return 0;
}

static int place(const rm_suppressed *s, int r, int c)
{
    if (!s || c < 0 || c > s->cols || r < 0 || r > (s->list ? 0 : s->rows)) return -1;
    return r * (s->cols + 1) + c;
}

int rm_sup_state(const rm_suppressed *s, int r, int c)
{
    int i = place(s, r, c);
    /* a figure that is not there is not shown */
    return i < 0 ? RM_SUP_SECONDARY : s->state[i];
}

long long rm_sup_value(const rm_suppressed *s, int r, int c)
{
    int i = place(s, r, c);
    return i < 0 ? 0 : s->value[i];
}

const char *rm_sup_text(apr_pool_t *p, int state, long long value, int k)
{
    if (state == RM_SUP_SMALL) return apr_psprintf(p, "fewer than %d", rm_suppress_k(k));
    if (state != RM_SUP_SHOWN) return RM_SUP_SECONDARY_TEXT;
    return apr_psprintf(p, "%" APR_INT64_T_FMT, (apr_int64_t)value);
}

const char *rm_sup_label(apr_pool_t *p, const rm_suppressed *s, int r, int c)
{
    return rm_sup_text(p, rm_sup_state(s, r, c), rm_sup_value(s, r, c), s ? s->k : 0);
}
