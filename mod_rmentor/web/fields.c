/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Fields of a form declared as data (fields.h): shown with the page
 * builder's controls, read back with the core's checks.
 */
#include <apr_strings.h>
#include "fields.h"
#include "pages.h"

void rm_field_show(rm_page *pg, xmlNodePtr form, const rm_field *f,
                   const char **prog, const char *value, const char *error)
{
    apr_pool_t *p = pg->rq->r->pool;
    const char *label = prog ? rm_programme_text(p, prog, f->label) : f->label;
    const char *hint = prog ? rm_programme_text(p, prog, f->hint) : f->hint;
    xmlNodePtr in;
    switch (f->kind) {
    case RM_FIELD_AREA:
        rm_textarea(pg, form, f->name, label, value, hint, error, f->required, f->max);
        return;
    case RM_FIELD_GRADE: {
        apr_array_header_t *g = pg->rq->cfg->grades;
        const char **opts = apr_pcalloc(p, sizeof(char *) * (2 * g->nelts + 3));
        opts[0] = "";
        opts[1] = "Select a grade";
        for (int k = 0; k < g->nelts; k++)
            opts[2 + 2 * k] = opts[3 + 2 * k] = ((const char **)g->elts)[k];
        rm_select(pg, form, f->name, label, opts, value, error);
        return;
    }
    default:
        in = rm_input(pg, form, f->kind == RM_FIELD_DATE ? "date"
                              : f->kind == RM_FIELD_MONTH ? "month"
                              : f->kind == RM_FIELD_INT ? "number" : "text",
                      f->name, label, value, hint, error, f->required, f->max);
        if (f->autocomplete) rm_attr(in, "autocomplete", f->autocomplete);
    }
}

const char *rm_field_read(rm_req *rq, const rm_field *f, const char **value)
{
    apr_pool_t *p = rq->r->pool;
    const char *v = rm_trim(p, apr_table_get(rq->form, f->name)), *human;
    long n;
    *value = v;
    switch (f->kind) {
    /* A browser's date and month controls send YYYY-MM-DD and YYYY-MM
     * whatever they show; one without them (type=month is a text box in
     * some) sends what the person typed, as the hint shows it: "1 October
     * 2024", "February 2025".  Both are kept as ISO text. */
    case RM_FIELD_DATE:
        if (*v && (human = rm_date_from_human(p, v))) *value = v = human;
        return rm_check_date(p, f->errname, v, f->required);
    case RM_FIELD_MONTH:
        if (*v && (human = rm_month_from_human(p, v))) *value = v = human;
        return rm_check_month(p, f->errname, v, f->required);
    case RM_FIELD_INT:   return rm_check_int(p, f->errname, v, f->lo, f->hi, &n);
    case RM_FIELD_GRADE:
        if (!*v) return f->required ? apr_pstrcat(p, "Select ", f->errname, ".", NULL) : NULL;
        if (rm_grade_rank(rq->cfg->grades, v) < 0) return "Select a grade from the list.";
        return NULL;
    default:
        return rm_check_text(p, f->errname, v, f->required, (size_t)f->max,
                             f->kind == RM_FIELD_AREA);
    }
}
