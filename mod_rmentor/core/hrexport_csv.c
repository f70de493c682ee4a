/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 * The progression export's records as CSV rows (hrexport.h), written by
 * core/csv.c (RFC 4180, formula cells neutralised).  The same facts as the
 * XML, one row per record, career steps as "kind on date" joined by "; ". */
#include <apr_strings.h>
#include "hrexport.h"
#include "csv.h"

enum { NCOLS = 23 };

static const char *const header[NCOLS + 1] = {
    "record", "changed", "eduPersonPrincipalName", "employeeNumber", "role",
    "programme_id", "programme", "programme_start", "programme_end",
    "training_attended", "training_completed", "meetings_held", "meetings_minimum",
    "minutes_held", "minutes_minimum", "checkin_completed", "evaluation_completed",
    "outcome", "career_steps", "grade_at_entry", "hesa_level_at_entry",
    "grade_latest", "grade_latest_on", "hesa_level_latest"
};

const char *rm_hrx_csv_header(apr_pool_t *p, int with_selfid)
{
    const char *cells[NCOLS + 3];
    int i, n = 0;
    for (i = 0; i < NCOLS + 1; i++) cells[n++] = header[i];
    cells[n++] = "left_on";
    if (with_selfid) cells[n++] = "self_identified";
    return rm_csv_row(p, cells, n);
}

static const char *num(apr_pool_t *p, long long v)
{
    return apr_psprintf(p, "%" APR_INT64_T_FMT, (apr_int64_t)v);
}

const char *rm_hrx_csv_row(apr_pool_t *p, const rm_hrx_record *r, int with_selfid)
{
    const char *cells[NCOLS + 3], *steps = "";
    int n = 0, i;
    if (r->steps)
        for (i = 0; i < r->steps->nelts; i++) {
            const rm_hrx_step *s = &APR_ARRAY_IDX(r->steps, i, rm_hrx_step);
            steps = apr_pstrcat(p, steps, i ? "; " : "", s->kind, " on ", s->on, NULL);
        }
    cells[n++] = num(p, r->id);
    cells[n++] = r->changed;
    cells[n++] = r->principal;
    cells[n++] = r->staff_number ? r->staff_number : "";
    cells[n++] = r->role;
    cells[n++] = num(p, r->programme_id);
    cells[n++] = r->programme;
    cells[n++] = r->start;
    cells[n++] = r->end;
    cells[n++] = num(p, r->training_attended);
    cells[n++] = r->training_completed ? "true" : "false";
    cells[n++] = num(p, r->meetings_held);
    cells[n++] = num(p, r->meetings_min);
    cells[n++] = num(p, r->minutes_held);
    cells[n++] = num(p, r->minutes_min);
    cells[n++] = r->checkin_done ? "true" : "false";
    cells[n++] = r->eval_done ? "true" : "false";
    cells[n++] = r->outcome;
    cells[n++] = steps;
    cells[n++] = r->grade_entry ? r->grade_entry : "";
    cells[n++] = r->hesa_entry ? r->hesa_entry : "";
    cells[n++] = r->grade_latest ? r->grade_latest : "";
    cells[n++] = r->grade_latest_on ? r->grade_latest_on : "";
    cells[n++] = r->hesa_latest ? r->hesa_latest : "";
    cells[n++] = r->left_on ? r->left_on : "";
    if (with_selfid) cells[n++] = r->self_identified > 0 ? "true" : "false";
    return rm_csv_row(p, cells, n);
}
