/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Unit tests of the reports' bar charts (core/chart.c): nice scales and
 * ticks, fixed scales (a mean out of 5), the bars' geometry and the chart's
 * size; and the HTML serialiser (core/htmlout.c) writing an inline SVG as
 * the HTML parser reads it back (elements in order, attributes' case kept,
 * text escaped, no void-element shortcuts).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>
#include <apr_general.h>
#include <apr_strings.h>
#include <libxml/HTMLtree.h>
#include "rm_core.h"
#include "chart.h"

static apr_pool_t *pool;

static void test_scale(void **state)
{
    rm_chart_scale s;
    (void)state;
    /* all zero: an axis 0..1 */
    assert_int_equal(rm_chart_scale_for(0, 0, 5, &s), 0);
    assert_true(s.axis_max == 1 && s.step == 1 && s.nticks == 1);
    /* counts never step below 1 */
    assert_int_equal(rm_chart_scale_for(3, 0, 5, &s), 0);
    assert_true(s.step == 1 && s.axis_max == 3 && s.nticks == 3);
    /* 1, 2, 5 x 10^n, covering the largest value */
    assert_int_equal(rm_chart_scale_for(10, 0, 5, &s), 0);
    assert_true(s.step == 2 && s.axis_max == 10 && s.nticks == 5);
    assert_int_equal(rm_chart_scale_for(11, 0, 5, &s), 0);
    assert_true(s.step == 5 && s.axis_max == 15 && s.nticks == 3);
    assert_int_equal(rm_chart_scale_for(2000, 0, 5, &s), 0);
    assert_true(s.step == 500 && s.axis_max == 2000 && s.nticks == 4);
    assert_int_equal(rm_chart_scale_for(2001, 0, 5, &s), 0);
    assert_true(s.step == 500 && s.axis_max == 2500 && s.nticks == 5);
    assert_int_equal(rm_chart_scale_for(97, 0, 4, &s), 0);
    assert_true(s.step == 50 && s.axis_max == 100 && s.nticks == 2);
    /* targets out of range are clamped */
    assert_int_equal(rm_chart_scale_for(100, 0, 0, &s), 0);
    assert_true(s.step == 100 && s.nticks == 1);
    assert_int_equal(rm_chart_scale_for(100, 0, 99, &s), 0);
    assert_true(s.step == 10 && s.nticks == 10);
    /* a fixed top: a rating out of 5 */
    assert_int_equal(rm_chart_scale_for(3.4, 5, 5, &s), 0);
    assert_true(s.axis_max == 5 && s.step == 1 && s.nticks == 5);
    assert_int_equal(rm_chart_scale_for(0, 5, 2, &s), 0);
    assert_true(s.axis_max == 5 && s.nticks * s.step == 5);
    /* refused */
    assert_int_equal(rm_chart_scale_for(-1, 0, 5, &s), -1);
    assert_int_equal(rm_chart_scale_for(NAN, 0, 5, &s), -1);
    assert_int_equal(rm_chart_scale_for(INFINITY, 0, 5, &s), -1);
    assert_int_equal(rm_chart_scale_for(1, -5, 5, &s), -1);
    assert_int_equal(rm_chart_scale_for(1, 0, 5, NULL), -1);
}

static void test_layout(void **state)
{
    rm_chart_scale s;
    rm_chart c;
    rm_chart_rect r;
    (void)state;
    assert_int_equal(rm_chart_scale_for(10, 0, 5, &s), 0);
    assert_int_equal(rm_chart_layout(0, 1, &s, &c), -1);
    assert_int_equal(rm_chart_layout(65, 1, &s, &c), -1);
    assert_int_equal(rm_chart_layout(3, 0, &s, &c), -1);
    assert_int_equal(rm_chart_layout(3, 1, NULL, &c), -1);

    assert_int_equal(rm_chart_layout(3, 1, &s, &c), 0);
    assert_int_equal(c.width, RM_CHART_WIDTH);
    assert_int_equal(c.plot_x, RM_CHART_LABEL_W);
    assert_int_equal(c.plot_w, RM_CHART_WIDTH - RM_CHART_LABEL_W - RM_CHART_VALUE_W);
    assert_int_equal(c.band, RM_CHART_BAR_H + RM_CHART_GAP);
    assert_int_equal(c.plot_h, 3 * c.band);
    assert_int_equal(c.height, RM_CHART_TOP + c.plot_h + RM_CHART_AXIS_H);
    assert_int_equal(c.legend_y, 0);
    /* bars: from the axis, proportional, clamped; stacked down the bands */
    r = rm_chart_bar(&c, 0, 0, 0);
    assert_int_equal(r.x, c.plot_x);
    assert_int_equal(r.w, 0);
    assert_int_equal(r.y, RM_CHART_TOP + RM_CHART_GAP / 2);
    r = rm_chart_bar(&c, 1, 0, 5);
    assert_int_equal(r.w, c.plot_w / 2);
    assert_int_equal(r.y, RM_CHART_TOP + c.band + RM_CHART_GAP / 2);
    r = rm_chart_bar(&c, 2, 0, 10);
    assert_int_equal(r.w, c.plot_w);
    r = rm_chart_bar(&c, 2, 0, 1000);
    assert_int_equal(r.w, c.plot_w);
    r = rm_chart_bar(&c, 2, 0, -3);
    assert_int_equal(r.w, 0);
    r = rm_chart_bar(&c, 2, 0, NAN);
    assert_int_equal(r.w, 0);
    assert_true(r.y + r.h <= c.plot_y + c.plot_h);
    /* ticks: 0, 2, ... 10 at their x */
    assert_true(rm_chart_tick(&c, 0) == 0 && rm_chart_tick(&c, 5) == 10);
    assert_int_equal(rm_chart_x(&c, rm_chart_tick(&c, 5)), c.plot_x + c.plot_w);
    /* texts inside their bars and bands */
    assert_true(rm_chart_bar_text_y(&c, 1, 0) > rm_chart_bar(&c, 1, 0, 1).y);
    assert_true(rm_chart_bar_text_y(&c, 1, 0) <= rm_chart_bar(&c, 1, 0, 1).y
                                               + RM_CHART_BAR_H);
    assert_true(rm_chart_group_text_y(&c, 1) > c.plot_y + c.band
                && rm_chart_group_text_y(&c, 1) < c.plot_y + 2 * c.band);

    /* grouped: a legend below the axis, bars of a group one under another */
    assert_int_equal(rm_chart_layout(2, 3, &s, &c), 0);
    assert_int_equal(c.band, 3 * RM_CHART_BAR_H + RM_CHART_GAP);
    assert_true(c.legend_y > c.plot_y + c.plot_h + RM_CHART_AXIS_H - 1);
    assert_true(c.legend_y < c.height);
    assert_int_equal(rm_chart_bar(&c, 1, 2, 1).y - rm_chart_bar(&c, 1, 1, 1).y,
                     RM_CHART_BAR_H);
    assert_true(rm_chart_bar(&c, 1, 2, 1).y + RM_CHART_BAR_H <= c.plot_y + c.plot_h);
}

/* the serialiser's output, collected */
static int collect(void *ctx, const char *buf, size_t len)
{
    char **out = ctx;
    *out = apr_pstrcat(pool, *out, apr_pstrndup(pool, buf, len), NULL);
    return 0;
}

static xmlNodePtr el(xmlNodePtr parent, const char *name, const char *text)
{
    xmlNodePtr n = xmlNewTextChild(parent, NULL, BAD_CAST name, text ? BAD_CAST text : NULL);
    return n;
}

static void test_svg_serialised(void **state)
{
    htmlDocPtr doc = htmlNewDoc(BAD_CAST "", NULL);
    xmlNodePtr html = xmlNewDocNode(doc, NULL, BAD_CAST "html", NULL), body, svg, g, r, t;
    char *out = "";
    (void)state;
    xmlDocSetRootElement(doc, html);
    body = el(html, "body", NULL);
    svg = el(body, "svg", NULL);
    xmlNewProp(svg, BAD_CAST "role", BAD_CAST "img");
    xmlNewProp(svg, BAD_CAST "viewBox", BAD_CAST "0 0 640 100");
    xmlNewProp(svg, BAD_CAST "aria-labelledby", BAD_CAST "c-t c-d");
    xmlNewProp(el(svg, "title", "Pairs & <meetings>"), BAD_CAST "id", BAD_CAST "c-t");
    xmlNewProp(el(svg, "desc", "fewer than 5"), BAD_CAST "id", BAD_CAST "c-d");
    g = el(svg, "g", NULL);
    r = el(g, "rect", NULL);
    xmlNewProp(r, BAD_CAST "x", BAD_CAST "170");
    xmlNewProp(r, BAD_CAST "width", BAD_CAST "36");
    t = el(g, "text", "\"Q1\"");
    xmlNewProp(t, BAD_CAST "text-anchor", BAD_CAST "end");
    el(g, "line", NULL);
    assert_int_equal(rm_html_serialize(doc, collect, &out), 0);
    assert_string_equal(out,
        "<!DOCTYPE html>\n<html><body><svg role=\"img\" viewBox=\"0 0 640 100\" aria-labelledby=\"c-t c-d\">"
        "<title id=\"c-t\">Pairs &amp; &lt;meetings&gt;</title>"
        "<desc id=\"c-d\">fewer than 5</desc>"
        "<g><rect x=\"170\" width=\"36\"></rect><text text-anchor=\"end\">\"Q1\"</text>"
        "<line></line></g></svg></body></html>\n");
    xmlFreeDoc(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scale),
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_svg_serialised),
    };
    int rc;
    apr_initialize();
    apr_pool_create(&pool, NULL);
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    apr_pool_destroy(pool);
    apr_terminate();
    return rc;
}
