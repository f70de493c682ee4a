/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Bar charts of the reports, as numbers: the scale of the value axis (a
 * "nice" top and tick step: 1, 2 or 5 times a power of ten) and the place of
 * every bar.  Pure: the report's pages (features/report) turn the numbers
 * into inline SVG; the unit test checks them (tests/unit/test_chart.c).
 *
 * The charts are horizontal: one band per group (a row of the data table),
 * a bar per series inside it (one series: a plain bar chart; several: a
 * grouped one), the group's label left of the plot, the value axis along
 * the bottom with its ticks, each bar's figure after its end.  All lengths
 * are whole units of the SVG's viewBox, so the markup is the same on every
 * platform.
 */
#ifndef RM_CHART_H
#define RM_CHART_H

/* the viewBox's width, the room for the groups' labels on the left and for
 * the figures on the right, a bar's height and the gaps */
#define RM_CHART_WIDTH 640
#define RM_CHART_LABEL_W 170
#define RM_CHART_VALUE_W 110
#define RM_CHART_BAR_H 18
#define RM_CHART_GAP 10
#define RM_CHART_TOP 8
#define RM_CHART_AXIS_H 28
#define RM_CHART_LEGEND_H 22
#define RM_CHART_MAX_TICKS 10

typedef struct {
    double axis_max;            /* the value at the end of the axis (> 0)    */
    double step;                /* between ticks                             */
    int nticks;                 /* ticks after 0: axis_max = nticks x step   */
} rm_chart_scale;

typedef struct {
    int width, height;          /* the viewBox                               */
    int plot_x, plot_y;         /* the plot's top left corner                */
    int plot_w, plot_h;
    int ngroups, nseries;
    int band;                   /* one group's height, its gap included      */
    int legend_y;               /* the legend's baseline (nseries > 1), or 0 */
    rm_chart_scale scale;
} rm_chart;

typedef struct { int x, y, w, h; } rm_chart_rect;

/* The scale for values from 0 to max_value, with about target ticks
 * (1..RM_CHART_MAX_TICKS): 0 and a scale when max_value is finite and not
 * negative (all zero: an axis 0..1), -1 otherwise.  fixed > 0: that top
 * instead (a rating out of 5), ticks of a nice step within it. */
int rm_chart_scale_for(double max_value, double fixed, int target, rm_chart_scale *out);

/* The layout of a chart of ngroups groups of nseries bars (each from 1 to
 * 64) on that scale: 0, or -1 for a bad size. */
int rm_chart_layout(int ngroups, int nseries, const rm_chart_scale *scale, rm_chart *out);

/* The x of value v on the axis (clamped to 0..axis_max). */
int rm_chart_x(const rm_chart *c, double v);
/* Tick i (0..nticks): its value. */
double rm_chart_tick(const rm_chart *c, int i);
/* Bar s of group g drawn to value v: its rectangle (w may be 0). */
rm_chart_rect rm_chart_bar(const rm_chart *c, int g, int s, double v);
/* The baseline of text centred on bar s of group g, and of the group's label. */
int rm_chart_bar_text_y(const rm_chart *c, int g, int s);
int rm_chart_group_text_y(const rm_chart *c, int g);

#endif
