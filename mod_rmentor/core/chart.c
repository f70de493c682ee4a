/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 * Bar charts' scales and geometry (chart.h). */
#include <math.h>     /* isfinite: a macro, no libm */
#include "chart.h"

/* the smallest of 1, 2, 5 x 10^n at least x (x > 0) */
static double nice_step(double x)
{
    double p = 1, f;
    while (p * 10 <= x) p *= 10;
    while (p > x) p /= 10;
    f = x / p;
    /* f in [1, 10): tolerate rounding just above a nice number */
    if (f <= 1.0 + 1e-9) return p;
    if (f <= 2.0 + 1e-9) return 2 * p;
    if (f <= 5.0 + 1e-9) return 5 * p;
    return 10 * p;
}

/* 1 when step fits a whole number of times in top */
static int divides(double top, double step)
{
    double n = top / step, r = n - (double)(long long)(n + 0.5);
    return r < 1e-9 && r > -1e-9;
}

int rm_chart_scale_for(double max_value, double fixed, int target, rm_chart_scale *out)
{
    double top, step;
    if (!out || !isfinite(max_value) || max_value < 0 || !isfinite(fixed) || fixed < 0)
        return -1;
    if (target < 1) target = 1;
    if (target > RM_CHART_MAX_TICKS) target = RM_CHART_MAX_TICKS;
    top = fixed > 0 ? fixed : max_value;
    if (top <= 0) top = 1;
    step = nice_step(top / target);
    /* counts: never a step below 1 */
    if (fixed <= 0 && step < 1) step = 1;
    if (fixed > 0) {
        /* a step that divides the fixed top: 5 -> 1, 10 -> 2 ... */
        while (step > 1e-6 && !divides(fixed, step)) step /= 2;
        out->axis_max = fixed;
    }
    else {
        out->axis_max = (double)(long long)(top / step - 1e-9 + 1) * step;
        if (out->axis_max < top) out->axis_max += step;
    }
    out->step = step;
    out->nticks = (int)(out->axis_max / step + 0.5);
    return 0;
}

int rm_chart_layout(int ngroups, int nseries, const rm_chart_scale *scale, rm_chart *out)
{
    if (!out || !scale || ngroups < 1 || ngroups > 64 || nseries < 1 || nseries > 64
        || !(scale->axis_max > 0) || scale->nticks < 1)
        return -1;
    out->ngroups = ngroups;
    out->nseries = nseries;
    out->scale = *scale;
    out->band = nseries * RM_CHART_BAR_H + RM_CHART_GAP;
    out->width = RM_CHART_WIDTH;
    out->plot_x = RM_CHART_LABEL_W;
    out->plot_w = RM_CHART_WIDTH - RM_CHART_LABEL_W - RM_CHART_VALUE_W;
    out->plot_y = RM_CHART_TOP;
    out->plot_h = ngroups * out->band;
    out->height = out->plot_y + out->plot_h + RM_CHART_AXIS_H;
    out->legend_y = 0;
    if (nseries > 1) {
        out->legend_y = out->height + RM_CHART_LEGEND_H - 6;
        out->height += RM_CHART_LEGEND_H;
    }
    return 0;
}

int rm_chart_x(const rm_chart *c, double v)
{
    if (!(v > 0)) v = 0;                    /* NaN too */
    if (v > c->scale.axis_max) v = c->scale.axis_max;
    return c->plot_x + (int)(v / c->scale.axis_max * c->plot_w + 0.5);
}

double rm_chart_tick(const rm_chart *c, int i)
{
    return i * c->scale.step;
}

rm_chart_rect rm_chart_bar(const rm_chart *c, int g, int s, double v)
{
    rm_chart_rect r;
    r.x = c->plot_x;
    r.y = c->plot_y + g * c->band + RM_CHART_GAP / 2 + s * RM_CHART_BAR_H;
    r.h = RM_CHART_BAR_H - 2;
    r.w = rm_chart_x(c, v) - c->plot_x;
    return r;
}

int rm_chart_bar_text_y(const rm_chart *c, int g, int s)
{
    return c->plot_y + g * c->band + RM_CHART_GAP / 2 + s * RM_CHART_BAR_H
           + RM_CHART_BAR_H / 2 + 4;
}

int rm_chart_group_text_y(const rm_chart *c, int g)
{
    return c->plot_y + g * c->band + c->band / 2 + 4;
}
