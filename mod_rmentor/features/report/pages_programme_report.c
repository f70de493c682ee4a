/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The programme report for its team (GET /admin/programmes/#/report) and a
 * CSV download of each of its tables (report.csv?table=NAME): the funnel
 * (applications by role, accepted, trained, matched, completed), training
 * attendance, confirmed meetings per pair against the programme's minimum,
 * check-in ratings, support actions by status, evaluation responses and the
 * mean of each rating question, Senior Mentors' actions in their
 * institutions by area and status, Mentors' career steps by kind.
 *
 * As on the equality page (pages_report.c):
 *   - only the programme's team (rm_team_access) reads it; anyone else, and
 *     any id that is not a programme, gets 404;
 *   - every figure goes through small-number suppression (core/suppress.h,
 *     RMentorSuppressBelow): a table with totals as a whole, a list with its
 *     total as one line; a mean is withheld when fewer than k answered;
 *     "fewer than k" in the tables and the CSV, no bar but that label in the
 *     chart;
 *   - it holds no personal data (every figure is a count or a mean of a
 *     group, through suppression), so reading the page is not audited and
 *     the page is kept as written (rm_page_from_cache) until the data
 *     changes; each CSV download, figures leaving the service, is audited
 *     (view.report, entity programme, detail "table=NAME", never a figure)
 *     before anything is sent.
 * Each section is one table (the model below), written as an HTML table
 * and drawn as an inline SVG bar chart (core/chart.c has the geometry), or
 * written as CSV.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <http_protocol.h>
#include "pages.h"
#include "core/suppress.h"
#include "core/chart.h"
#include "core/csv.h"
#include "core/federation.h"

RM_NAMED_ARGS(REPORT_EQUALITY);
RM_NAMED_ARGS(REPORT_FIGURES);

#define N_ROLES 2
static const char *const roles[N_ROLES] = { "mentor", "senior" };

/* one table of the report, and the chart drawn from it */
typedef struct {
    const char *name, *heading, *explain;
    int ncols;                  /* columns, the rows' header included        */
    const char **heads;         /* ncols, then NULL                          */
    int nrows;
    const char **cells;         /* nrows x ncols                             */
    unsigned char *cstate;      /* RM_SUP_* of each cell                     */
    /* the chart: ngroups x nseries bars (0 groups: no chart) */
    int ngroups, nseries;
    const char **glabels, **slabels;
    double *values;
    const char **vtext;         /* a bar's figure as shown                   */
    unsigned char *vshown;      /* 1: drawn; 0: suppressed (label only)      */
    double fixed;               /* > 0: the axis's fixed top (a mean of 5)   */
    const char *none;           /* no chart: why                             */
} rtab;

static rtab *rtab_new(apr_pool_t *p, const char *name, const char *heading,
                      const char *explain, int ncols, int nrows, int ngroups, int nseries)
{
    rtab *t = apr_pcalloc(p, sizeof(*t));
    t->name = name;
    t->heading = heading;
    t->explain = explain;
    t->ncols = ncols;
    t->heads = apr_pcalloc(p, (ncols + 1) * sizeof(char *));
    t->nrows = nrows;
    t->cells = apr_pcalloc(p, (nrows * ncols + 1) * sizeof(char *));
    t->cstate = apr_pcalloc(p, nrows * ncols + 1);
    t->ngroups = ngroups;
    t->nseries = nseries;
    t->glabels = apr_pcalloc(p, (ngroups + 1) * sizeof(char *));
    t->slabels = apr_pcalloc(p, (nseries + 1) * sizeof(char *));
    t->values = apr_pcalloc(p, (ngroups * nseries + 1) * sizeof(double));
    t->vtext = apr_pcalloc(p, (ngroups * nseries + 1) * sizeof(char *));
    t->vshown = apr_pcalloc(p, ngroups * nseries + 1);
    return t;
}

static void set_cell(rtab *t, int r, int c, const char *text, int state)
{
    t->cells[r * t->ncols + c] = text;
    t->cstate[r * t->ncols + c] = (unsigned char)state;
}

static void set_bar(rtab *t, int g, int s, double v, const char *text, int shown)
{
    t->values[g * t->nseries + s] = v;
    t->vtext[g * t->nseries + s] = text;
    t->vshown[g * t->nseries + s] = (unsigned char)shown;
}

/* A list of counts (one line with its total): rows the items and "Total",
 * a bar per item. */
static rtab *list_table(apr_pool_t *p, int k, const char *name, const char *heading,
                        const char *explain, const char *item_head, const char *count_head,
                        int n, const char *const *labels, const long long *counts)
{
    rm_suppressed s;
    rtab *t = rtab_new(p, name, heading, explain, 2, n + 1, n, 1);
    if (rm_suppress_list(p, counts, n, k, &s) != 0) return NULL;
    t->heads[0] = item_head;
    t->heads[1] = count_head;
    t->slabels[0] = count_head;
    for (int i = 0; i <= n; i++) {
        int st = rm_sup_state(&s, 0, i);
        const char *label = rm_sup_label(p, &s, 0, i);
        set_cell(t, i, 0, i < n ? labels[i] : "Total", RM_SUP_SHOWN);
        set_cell(t, i, 1, label, st);
        if (i < n) {
            t->glabels[i] = labels[i];
            set_bar(t, i, 0, (double)counts[i], label, st == RM_SUP_SHOWN);
        }
    }
    return t;
}

/* A table of rows x cols counts with its totals ("All"), suppressed as a
 * whole; the chart: a group per row, a bar per column. */
static rtab *grid_table(apr_pool_t *p, int k, const char *name, const char *heading,
                        const char *explain, const char *row_head, int rows,
                        const char *const *rlabels, int cols, const char *const *clabels,
                        const char *all_rows, const long long *cells)
{
    rm_suppressed s;
    rtab *t = rtab_new(p, name, heading, explain, cols + 2, rows + 1, rows, cols);
    if (rm_suppress_table(p, cells, rows, cols, k, &s) != 0) return NULL;
    t->heads[0] = row_head;
    for (int c = 0; c < cols; c++) t->heads[c + 1] = t->slabels[c] = clabels[c];
    t->heads[cols + 1] = "All";
    for (int r = 0; r <= rows; r++) {
        set_cell(t, r, 0, r < rows ? rlabels[r] : all_rows, RM_SUP_SHOWN);
        if (r < rows) t->glabels[r] = rlabels[r];
        for (int c = 0; c <= cols; c++) {
            int st = rm_sup_state(&s, r, c);
            const char *label = rm_sup_label(p, &s, r, c);
            set_cell(t, r, c + 1, label, st);
            if (r < rows && c < cols)
                set_bar(t, r, c, (double)cells[r * cols + c], label, st == RM_SUP_SHOWN);
        }
    }
    return t;
}

/* ---- the figures ---------------------------------------------------------- */

static const char *const att_codes[] = { "booked", "attended", "absent" };
static const char *const att_labels[] = { "Booked, not yet recorded", "Attended", "Absent" };
static const char *const sup_codes[] = { "open", "in_progress", "done", "dropped" };
static const char *const sup_labels[] = { "Open", "In progress", "Done", "Dropped" };
static const char *const area_codes[] = { "recruitment", "promotion", "pay", "culture",
                                          "data", "policy", "other" };
static const char *const area_labels[] = { "Recruitment", "Promotion", "Pay", "Culture",
                                           "Race equality data", "Policy", "Other" };
static const char *const ast_codes[] = { "planned", "in_progress", "done" };
static const char *const ast_labels[] = { "Planned", "In progress", "Done" };
static const char *const kind_codes[] = { "promotion", "new_role", "acting_up", "secondment",
                                          "development", "award" };
static const char *const kind_labels[] = { "Promotion", "New role", "Acting up", "Secondment",
                                           "Development", "Award" };

/* evaluation questions' rows by their position (COL_RF_K1) */
static int by_position(const void *a, const void *b)
{
    int x = atoi((*(const char ***)a)[COL_RF_K1]), y = atoi((*(const char ***)b)[COL_RF_K1]);
    return (x > y) - (x < y);
}

static int code_index(const char *const *codes, int n, const char *v)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(codes[i], v)) return i;
    return -1;
}

typedef struct {
    rtab *tabs[16];
    int n;
    int k;
    const char *local;          /* one institution's part (its scope), or NULL */
} report_t;

#define N_STAGES 5
static const char *const stages[N_STAGES] = { "Applications", "Accepted", "Trained",
                                              "Matched", "Completed" };

/* The funnel of programme pid by stage and role (RM_Q_REPORT_EQUALITY added
 * up over self-identification): 0, or -1. */
static int funnel_counts(rm_req *rq, const char *pid, const char *local,
                         long long stage[N_STAGES][N_ROLES])
{
    rm_rows *eq;
    if (local ? rm_db_select(rq->db, RM_Q_REPORT_EQUALITY_SCOPE, &eq,
                             RM_ARGS(pid, local, pid, local, pid, local, pid, local)) != 0
              : rm_db_select(rq->db, RM_Q_REPORT_EQUALITY, &eq,
                             RM_ARGV(REPORT_EQUALITY, .applications = pid, .training = pid,
                                     .pairs = pid, .completed = pid)) != 0)
        return -1;
    memset(stage, 0, sizeof(long long) * N_STAGES * N_ROLES);
    for (int i = 0; i < eq->n; i++) {
        const char **row = eq->rows[i], *what = row[COL_RQ_WHAT];
        int r = code_index(roles, N_ROLES, row[COL_RQ_ROLE]);
        long long n = apr_atoi64(row[COL_RQ_N]);
        if (r < 0 || n < 0) continue;
        if (strcmp(what, "trained") && strcmp(what, "paired") && strcmp(what, "completed"))
            stage[0][r] += n;
        if (!strcmp(what, "accepted")) stage[1][r] += n;
        if (!strcmp(what, "trained")) stage[2][r] += n;
        if (!strcmp(what, "paired")) stage[3][r] += n;
        if (!strcmp(what, "completed")) stage[4][r] += n;
    }
    return 0;
}

/* The report's tables for programme prog: 0, or -1 when the database could
 * not say (or a table could not be suppressed). */
/* A sector programme (RMentorInstitution): applications and acceptances
 * by institution and role, each table suppressed as a whole.  Institutions
 * in the order configured (the home one first); one that only the
 * federation's metadata lists (of hundreds) has a row only when it has
 * applications; a scope no longer listed counts under "Other". */
static int by_institution(rm_req *rq, const char **prog, report_t *rep)
{
    apr_pool_t *p = rq->r->pool;
    const rm_srv_cfg *cfg = rq->cfg;
    int ni = cfg->institutions->nelts + 2, k = rep->k;
    const char **il = apr_pcalloc(p, sizeof(char *) * (size_t)ni), **scopes;
    const char *rl[N_ROLES] = { rm_role_label(prog, "mentor"), rm_role_label(prog, "senior") };
    long long *applied = apr_pcalloc(p, sizeof(long long) * (size_t)(ni * N_ROLES));
    long long *accepted = apr_pcalloc(p, sizeof(long long) * (size_t)(ni * N_ROLES));
    rm_rows *rows;
    rtab *t;

    if (!cfg->institutions->nelts) return 0;
    scopes = apr_pcalloc(p, sizeof(char *) * (size_t)ni);
    scopes[0] = cfg->aff_scope;
    il[0] = cfg->site_name;
    for (int i = 0; i < cfg->institutions->nelts; i++) {
        scopes[i + 1] = APR_ARRAY_IDX(cfg->institutions, i, rm_institution).scope;
        il[i + 1] = APR_ARRAY_IDX(cfg->institutions, i, rm_institution).name;
    }
    il[ni - 1] = "Other";
    if (rm_db_select(rq->db, RM_Q_REPORT_BY_INST, &rows, RM_ARGS(prog[COL_PROG_ID])) != 0)
        return -1;
    for (int i = 0; i < rows->n; i++) {
        const char **r = rows->rows[i];
        const rm_institution *found;
        int in = ni - 1, role = code_index(roles, N_ROLES, r[1]);
        long long n = apr_atoi64(r[3]);
        if (role < 0 || n < 0) continue;
        if (scopes[0] && !strcasecmp(scopes[0], r[0])) in = 0;
        else if ((found = rm_institution_find(cfg, r[0])))
            in = (int)(found - (const rm_institution *)cfg->institutions->elts) + 1;
        applied[in * N_ROLES + role] += n;
        if (!strcmp(r[2], "accepted")) accepted[in * N_ROLES + role] += n;
    }
    /* leave out the metadata's institutions without applications */
    {
        int w = 1;
        for (int i = 1; i < ni - 1; i++) {
            long long any = 0;
            for (int j = 0; j < N_ROLES; j++) any += applied[i * N_ROLES + j];
            if (!any && APR_ARRAY_IDX(cfg->institutions, i - 1, rm_institution).from_metadata)
                continue;
            il[w] = il[i];
            scopes[w] = scopes[i];
            for (int j = 0; j < N_ROLES; j++) {
                applied[w * N_ROLES + j] = applied[i * N_ROLES + j];
                accepted[w * N_ROLES + j] = accepted[i * N_ROLES + j];
            }
            w++;
        }
        il[w] = il[ni - 1];
        for (int j = 0; j < N_ROLES; j++) {
            applied[w * N_ROLES + j] = applied[(ni - 1) * N_ROLES + j];
            accepted[w * N_ROLES + j] = accepted[(ni - 1) * N_ROLES + j];
        }
        ni = w + 1;
    }
    if (!(t = grid_table(p, k, "institutions", "Applications by institution",
                         "Applications to the programme by the applicant's institution (from "
                         "their sign-in) and role.", "Institution", ni, il, N_ROLES, rl,
                         "All institutions", applied)))
        return -1;
    rep->tabs[rep->n++] = t;
    if (!(t = grid_table(p, k, "institutions_accepted", "Accepted by institution",
                         "Applications accepted, by the applicant's institution and role.",
                         "Institution", ni, il, N_ROLES, rl, "All institutions", accepted)))
        return -1;
    rep->tabs[rep->n++] = t;
    return 0;
}

static int build_report(rm_req *rq, const char **prog, report_t *rep)
{
    apr_pool_t *p = rq->r->pool;
    const char *pid = prog[COL_PROG_ID];
    rm_rows *fig;
    const char ***questions;
    int k = rep->k, min = atoi(prog[COL_PROG_MIN_MEETINGS]), width, nb, nq = 0;
    long long stage[5][N_ROLES], att[N_ROLES * 3], sup[4], rating[5], resp[N_ROLES],
              act[7 * 3], career[6], buckets[64];
    const char *rl[N_ROLES] = { rm_role_label(prog, "mentor"), rm_role_label(prog, "senior") };
    rtab *t;

    if (funnel_counts(rq, pid, rep->local, stage) != 0
        || (rep->local
            ? rm_db_select(rq->db, RM_Q_REPORT_FIGURES_SCOPE, &fig,
                           RM_ARGS(pid, rep->local, pid, rep->local, pid, rep->local))
            : rm_db_select(rq->db, RM_Q_REPORT_FIGURES, &fig,
                           RM_ARGV(REPORT_FIGURES, .training = pid, .meetings = pid,
                                   .rating = pid, .support = pid, .response = pid,
                                   .question = pid, .action = pid, .career = pid))) != 0)
        return -1;
    /* the funnel: each stage a line over the roles (the stages are nested,
     * not parts of a whole, so they have no total across) */
    t = rtab_new(p, "funnel", "From application to completion",
                 "Applications by role, and how many of them were accepted, attended "
                 "training, were matched in a pair (including pairs that ended early) "
                 "and completed the programme.", N_ROLES + 2, 5, 5, N_ROLES);
    t->heads[0] = "Stage";
    t->heads[1] = t->slabels[0] = rl[0];
    t->heads[2] = t->slabels[1] = rl[1];
    t->heads[3] = "All roles";
    for (int st = 0; st < 5; st++) {
        rm_suppressed s;
        if (rm_suppress_list(p, stage[st], N_ROLES, k, &s) != 0) return -1;
        set_cell(t, st, 0, stages[st], RM_SUP_SHOWN);
        t->glabels[st] = stages[st];
        for (int r = 0; r <= N_ROLES; r++) {
            const char *label = rm_sup_label(p, &s, 0, r);
            set_cell(t, st, r + 1, label, rm_sup_state(&s, 0, r));
            if (r < N_ROLES)
                set_bar(t, st, r, (double)stage[st][r], label,
                        rm_sup_state(&s, 0, r) == RM_SUP_SHOWN);
        }
    }
    rep->tabs[rep->n++] = t;

    /* meetings: buckets of width w from 0 to the minimum, then "the minimum
     * or more" (at most 16 bars) */
    if (min < 1) min = 1;
    width = (min + 14) / 15;
    nb = (min + width - 1) / width + 1;
    memset(buckets, 0, sizeof(buckets));
    memset(att, 0, sizeof(att)); memset(sup, 0, sizeof(sup));
    memset(rating, 0, sizeof(rating)); memset(resp, 0, sizeof(resp));
    memset(act, 0, sizeof(act)); memset(career, 0, sizeof(career));
    for (int i = 0; i < fig->n; i++) {
        const char **row = fig->rows[i], *what = row[COL_RF_WHAT];
        long long n = apr_atoi64(row[COL_RF_N]);
        int a, b;
        if (n < 0) continue;
        if (!strcmp(what, "training")) {
            a = code_index(roles, N_ROLES, row[COL_RF_K1]);
            b = code_index(att_codes, 3, row[COL_RF_K2]);
            if (a >= 0 && b >= 0) att[a * 3 + b] += n;
        }
        else if (!strcmp(what, "meetings")) {
            long m = atol(row[COL_RF_K1]);
            b = m >= min ? nb - 1 : (int)(m / width);
            if (b >= 0 && b < nb) buckets[b] += n;
        }
        else if (!strcmp(what, "rating")) {
            a = atoi(row[COL_RF_K1]);
            if (a >= 1 && a <= 5) rating[a - 1] += n;
        }
        else if (!strcmp(what, "support")) {
            if ((a = code_index(sup_codes, 4, row[COL_RF_K1])) >= 0) sup[a] += n;
        }
        else if (!strcmp(what, "response")) {
            if ((a = code_index(roles, N_ROLES, row[COL_RF_K1])) >= 0) resp[a] += n;
        }
        else if (!strcmp(what, "question")) {
            nq++;
        }
        else if (!strcmp(what, "action")) {
            a = code_index(area_codes, 7, row[COL_RF_K1]);
            b = code_index(ast_codes, 3, row[COL_RF_K2]);
            if (a >= 0 && b >= 0) act[a * 3 + b] += n;
        }
        else if (!strcmp(what, "career")) {
            if ((a = code_index(kind_codes, 6, row[COL_RF_K1])) >= 0) career[a] += n;
        }
    }

    if (!(t = grid_table(p, k, "training", "Training attendance",
                         "Bookings on the programme's training sessions by role, and "
                         "whether the person attended.", "Role", N_ROLES, rl, 3,
                         att_labels, "All roles", att)))
        return -1;
    rep->tabs[rep->n++] = t;

    /* the pairs' figures: not in one institution's part (a pair may span
     * two institutions) */
    if (!rep->local) {
        {
            const char **labels = apr_pcalloc(p, nb * sizeof(char *));
            for (int b = 0; b < nb - 1; b++)
                labels[b] = width == 1 ? apr_itoa(p, b)
                          : apr_psprintf(p, "%d to %d", b * width,
                                         (b + 1) * width - 1 < min - 1 ? (b + 1) * width - 1
                                                                        : min - 1);
            labels[nb - 1] = apr_psprintf(p, "%d or more (the minimum)", min);
            if (!(t = list_table(p, k, "meetings", "Meetings per pair",
                                 apr_psprintf(p, "Pairs by the number of meetings confirmed by "
                                              "both partners, against the programme's minimum "
                                              "of %d.", min),
                                 "Confirmed meetings", "Pairs", nb, labels, buckets)))
                return -1;
            rep->tabs[rep->n++] = t;
    }
    {
        static const char *const rlabels[] = { "1", "2", "3", "4", "5" };
        if (!(t = list_table(p, k, "ratings", "Check-in ratings",
                             "How partners rated their pair at the mid-point check-in, "
                             "from 1 (not well) to 5 (very well).", "Rating", "Check-ins",
                             5, rlabels, rating)))
            return -1;
        rep->tabs[rep->n++] = t;
    }
    if (!(t = list_table(p, k, "support", "Support actions",
                         "Actions agreed to support pairs found at risk, by how far they "
                         "have got.", "Status", "Actions", 4, sup_labels, sup)))
        return -1;
    rep->tabs[rep->n++] = t;
    if (!(t = list_table(p, k, "responses", "Evaluation responses",
                         "Responses to the end-of-programme evaluation by role.", "Role",
                         "Responses", N_ROLES, rl, resp)))
        return -1;
    rep->tabs[rep->n++] = t;

    /* each rating question: its answers and, from k answers, its mean */
    t = rtab_new(p, "evaluation", "Evaluation results",
                 apr_psprintf(p, "The mean rating (1 to 5) of each rating question of the "
                              "evaluation. A mean is shown only when at least %d people "
                              "answered.", k), 4, nq, nq, 1);
    t->heads[0] = "Question";
    t->heads[1] = "Wording";
    t->heads[2] = "Answers";
    t->heads[3] = t->slabels[0] = "Mean rating";
    t->fixed = 5;
    t->none = "There are no rating questions in this programme's evaluation.";
    /* the questions in their order (the parts of the statement come in
     * any order) */
    {
        const char ***qs = apr_pcalloc(p, (nq + 1) * sizeof(*qs));
        int q = 0;
        for (int i = 0; i < fig->n && q < nq; i++)
            if (!strcmp(fig->rows[i][COL_RF_WHAT], "question")) qs[q++] = fig->rows[i];
        qsort(qs, q, sizeof(*qs), by_position);
        questions = qs;
    }
    for (int q = 0; q < nq; q++) {
        const char **row = questions[q];
        long long n, sum;
        int st;
        const char *mean;
        n = apr_atoi64(row[COL_RF_N]);
        sum = apr_atoi64(row[COL_RF_SUM]);
        st = n > 0 && n < k ? RM_SUP_SMALL : RM_SUP_SHOWN;
        mean = n >= k ? apr_psprintf(p, "%.1f", (double)sum / (double)n)
             : n == 0 ? "No answers" : rm_sup_text(p, RM_SUP_SMALL, n, k);
        t->glabels[q] = apr_pstrcat(p, "Question ", row[COL_RF_K1], NULL);
        set_cell(t, q, 0, t->glabels[q], RM_SUP_SHOWN);
        set_cell(t, q, 1, row[COL_RF_K2], RM_SUP_SHOWN);
        set_cell(t, q, 2, rm_sup_text(p, st, n, k), st);
        set_cell(t, q, 3, mean, n >= k ? RM_SUP_SHOWN : st);
        set_bar(t, q, 0, n >= k ? (double)sum / (double)n : 0, mean, n >= k);
    }
    rep->tabs[rep->n++] = t;
    }

    if (!(t = grid_table(p, k, "actions",
                         apr_pstrcat(p, "Actions taken by ", rl[1], "s", NULL),
                         apr_pstrcat(p, "Actions ", rl[1], "s recorded in their "
                                     "institutions, by area and status.", NULL),
                         "Area", 7, area_labels, 3, ast_labels, "All areas", act)))
        return -1;
    rep->tabs[rep->n++] = t;
    if (!(t = list_table(p, k, "careers", apr_pstrcat(p, "Career steps of ", rl[0], "s", NULL),
                         apr_pstrcat(p, "Career steps ", rl[0], "s recorded during the "
                                     "programme and after it, by kind.", NULL),
                         "Kind", "Career steps", 6, kind_labels, career)))
        return -1;
    rep->tabs[rep->n++] = t;
    return rep->local ? 0 : by_institution(rq, prog, rep);
}

/* ---- HTML ------------------------------------------------------------------ */

static void svg_text(xmlNodePtr parent, int x, int y, const char *anchor, const char *cls,
                     const char *text)
{
    apr_pool_t *p = parent->doc->_private;
    xmlNodePtr n = rm_el(parent, "text", text);
    rm_attr(n, "x", apr_itoa(p, x));
    rm_attr(n, "y", apr_itoa(p, y));
    if (anchor) rm_attr(n, "text-anchor", anchor);
    if (cls) rm_attr(n, "class", cls);
}

static void svg_rect(xmlNodePtr parent, int x, int y, int w, int h, const char *cls)
{
    apr_pool_t *p = parent->doc->_private;
    xmlNodePtr n = rm_el(parent, "rect", NULL);
    rm_attr(n, "x", apr_itoa(p, x));
    rm_attr(n, "y", apr_itoa(p, y));
    rm_attr(n, "width", apr_itoa(p, w));
    rm_attr(n, "height", apr_itoa(p, h));
    if (cls) rm_attr(n, "class", cls);
}

/* the words of a chart's description, "; " between them */
static const char *joined(apr_pool_t *p, apr_array_header_t *words)
{
    const char *out = "";
    for (int i = 0; i < words->nelts; i++)
        out = apr_pstrcat(p, out, i ? "; " : "", APR_ARRAY_IDX(words, i, const char *), NULL);
    return out;
}

/* The chart of table t as inline SVG: a picture (role img) named by its
 * title and described by its figures in words; the table follows it. */
static void draw_chart(rm_page *pg, xmlNodePtr parent, const rtab *t)
{
    apr_pool_t *p = pg->rq->r->pool;
    double maxv = 0;
    rm_chart_scale sc;
    rm_chart c;
    xmlNodePtr fig, svg, g;
    const char *tid = apr_pstrcat(p, "chart-", t->name, "-t", NULL);
    const char *did = apr_pstrcat(p, "chart-", t->name, "-d", NULL);
    apr_array_header_t *words = apr_array_make(p, 16, sizeof(const char *));

    if (t->ngroups < 1) {
        rm_el(parent, "p", t->none ? t->none : "Nothing to show yet.");
        return;
    }
    for (int i = 0; i < t->ngroups * t->nseries; i++)
        if (t->vshown[i] && t->values[i] > maxv) maxv = t->values[i];
    if (rm_chart_scale_for(maxv, t->fixed, 5, &sc) != 0
        || rm_chart_layout(t->ngroups, t->nseries, &sc, &c) != 0)
        return;
    fig = rm_el_class(parent, "figure", "chart", NULL);
    svg = rm_el(fig, "svg", NULL);
    rm_attr(svg, "role", "img");
    rm_attr(svg, "viewBox", apr_psprintf(p, "0 0 %d %d", c.width, c.height));
    rm_attr(svg, "width", apr_itoa(p, c.width));
    rm_attr(svg, "height", apr_itoa(p, c.height));
    rm_attr(svg, "aria-labelledby", apr_pstrcat(p, tid, " ", did, NULL));
    rm_attr(rm_el(svg, "title", apr_pstrcat(p, "Chart: ", t->heading, NULL)), "id", tid);
    for (int gi = 0; gi < t->ngroups; gi++)
        for (int s = 0; s < t->nseries; s++)
            APR_ARRAY_PUSH(words, const char *) =
                t->nseries > 1 ? apr_pstrcat(p, t->glabels[gi], ", ", t->slabels[s], ": ",
                                             t->vtext[gi * t->nseries + s], NULL)
                               : apr_pstrcat(p, t->glabels[gi], ": ",
                                             t->vtext[gi * t->nseries + s], NULL);
    rm_attr(rm_el(svg, "desc", apr_pstrcat(p, t->slabels[0] && t->nseries == 1
                                                  ? t->slabels[0] : "Figures",
                                           " by ", t->heads[0], ". ",
                                           joined(p, words),
                                           ". The table below gives the same figures.",
                                           NULL)), "id", did);
    /* the value axis: ticks and their values */
    g = rm_el_class(svg, "g", "axis", NULL);
    for (int i = 0; i <= c.scale.nticks; i++) {
        double v = rm_chart_tick(&c, i);
        int x = rm_chart_x(&c, v);
        xmlNodePtr l = rm_el(g, "line", NULL);
        rm_attr(l, "x1", apr_itoa(p, x));
        rm_attr(l, "x2", apr_itoa(p, x));
        rm_attr(l, "y1", apr_itoa(p, c.plot_y));
        rm_attr(l, "y2", apr_itoa(p, c.plot_y + c.plot_h + 4));
        svg_text(g, x, c.plot_y + c.plot_h + 18, "middle", NULL,
                 v == (double)(long long)v ? rm_i64(p, (long long)v)
                                           : apr_psprintf(p, "%.1f", v));
    }
    g = rm_el_class(svg, "g", "bars", NULL);
    for (int gi = 0; gi < t->ngroups; gi++) {
        svg_text(g, c.plot_x - 8, rm_chart_group_text_y(&c, gi), "end", "glabel",
                 t->glabels[gi]);
        for (int s = 0; s < t->nseries; s++) {
            int i = gi * t->nseries + s, y = rm_chart_bar_text_y(&c, gi, s);
            if (t->vshown[i]) {
                rm_chart_rect r = rm_chart_bar(&c, gi, s, t->values[i]);
                svg_rect(g, r.x, r.y, r.w, r.h, apr_psprintf(p, "bar s%d", s % 4));
                svg_text(g, r.x + r.w + 4, y, NULL, "figure", t->vtext[i]);
            }
            else {
                svg_text(g, c.plot_x + 4, y, NULL, "figure sup", t->vtext[i]);
            }
        }
    }
    if (c.legend_y) {
        int x = c.plot_x;
        g = rm_el_class(svg, "g", "legend", NULL);
        for (int s = 0; s < t->nseries; s++) {
            svg_rect(g, x, c.legend_y - 11, 12, 12, apr_psprintf(p, "bar s%d", s % 4));
            svg_text(g, x + 16, c.legend_y, NULL, NULL, t->slabels[s]);
            x += 24 + 8 * (int)strlen(t->slabels[s]);
        }
    }
}

static void write_table(rm_page *pg, xmlNodePtr parent, const rtab *t, const char *labelledby)
{
    xmlNodePtr tb = rm_table(pg, parent, NULL, labelledby, t->heads);
    for (int r = 0; r < t->nrows; r++) {
        xmlNodePtr tr = rm_row(tb);
        rm_attr(rm_el(tr, "th", t->cells[r * t->ncols]), "scope", "row");
        for (int c = 1; c < t->ncols; c++) {
            int st = t->cstate[r * t->ncols + c];
            xmlNodePtr td = rm_td(tr, t->cells[r * t->ncols + c]);
            if (st == RM_SUP_SMALL) rm_attr(td, "class", "sup-small");
            else if (st != RM_SUP_SHOWN) rm_attr(td, "class", "sup-hidden");
        }
    }
}

static int report_k(rm_req *rq)
{
    return rm_suppress_k(rq->cfg->suppress_below ? rq->cfg->suppress_below
                                                 : RM_SUPPRESS_BELOW);
}

/* the programme for its team, or NULL (and a log line for someone else's) */
static const char **team_programme(rm_req *rq, const rm_route_match *m)
{
    const char **prog = rm_load_programme(rq, m->nargs ? rm_parse_id(m->args[0]) : 0);
    if (prog && !rm_team_access(rq, prog[COL_PROG_ID])) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, rq->r,
                      RM_TAG "refused %s the report of programme %s: not on the team",
                      rq->id.principal, prog[COL_PROG_ID]);
        return NULL;
    }
    return prog;
}

/* The report of programme prog: its team's (local NULL, under
 * /admin/programmes/ID), or one institution's part for its local admin
 * (local: the scope, under /institution/programmes/ID). */
static int report_page(rm_req *rq, const char **prog, const char *local)
{
    apr_pool_t *p = rq->r->pool;
    const char *pid = prog[COL_PROG_ID];
    const char *under = apr_pstrcat(p, local ? "/institution/programmes/" : "/admin/programmes/",
                                    pid, NULL);
    report_t rep;
    rm_page *pg;
    xmlNodePtr para;
    int rv;

    if ((rv = rm_page_from_cache(rq)) != OK) return rv;
    memset(&rep, 0, sizeof(rep));
    rep.k = report_k(rq);
    rep.local = local;
    if (build_report(rq, prog, &rep) != 0) return rm_not_found(rq);

    pg = rm_page_new(rq, local ? apr_pstrcat(p, "Figures for ", rq->id.institution, ": ",
                                             prog[COL_PROG_NAME], NULL)
                               : apr_pstrcat(p, "Programme report: ", prog[COL_PROG_NAME], NULL));
    para = rm_el(pg->main, "p", "Programme: ");
    rm_link(para, rm_url(rq, apr_pstrcat(p, under, "/applications", NULL)), prog[COL_PROG_NAME]);
    rm_text(para, apr_pstrcat(p, ", starting ", rm_date_human(p, prog[COL_PROG_START]), ".",
                              NULL));
    if (local)
        rm_el(pg->main, "p", apr_pstrcat(p, "The part of the programme's figures that belongs "
              "to ", rq->id.institution, "'s staff: their applications and what became of "
              "them, their training, the actions its Senior Mentors recorded and the career "
              "steps of its Mentors. Figures about pairs (meetings, check-ins, support and "
              "the evaluation) are in the programme team's report only, as a pair may "
              "join two institutions.", NULL));
    rm_el(pg->main, "p", apr_psprintf(p,
          "The programme's figures, each as a chart and as the table it is drawn from, "
          "with a download of each table as CSV. A figure from 1 to %d is shown as "
          "\"fewer than %d\", and a figure marked \"%s\" is withheld so that a smaller "
          "one cannot be worked out from the totals. Each download is recorded.",
          rep.k - 1, rep.k, RM_SUP_SECONDARY_TEXT));
    if (local)
        rm_link(rm_el_class(pg->main, "p", "no-print", NULL), rm_url(rq, "/institution"),
                apr_pstrcat(p, "Back to ", rq->id.institution, "'s programmes", NULL));
    else if (rm_has_role(rq, RM_ROLE_ADMIN))
        rm_link(rm_el_class(pg->main, "p", "no-print", NULL), rm_url(rq, "/admin/reports"),
                "Reports across programmes, year on year");
    for (int i = 0; i < rep.n; i++) {
        const rtab *t = rep.tabs[i];
        const char *hid = apr_pstrcat(p, "h-", t->name, NULL);
        xmlNodePtr sec = rm_section(pg, pg->main, hid, t->heading);
        rm_attr(sec, "class", "report-section");
        rm_el(sec, "p", t->explain);
        draw_chart(pg, sec, t);
        write_table(pg, sec, t, hid);
        rm_link(rm_el_class(sec, "p", "no-print", NULL),
                rm_url(rq, apr_pstrcat(p, under, "/report.csv?table=", t->name, NULL)),
                apr_pstrcat(p, "Download \"", t->heading, "\" as CSV", NULL));
    }
    return rm_page_send(pg, HTTP_OK);
}

int rm_page_report(rm_req *rq, const rm_route_match *m)
{
    const char **prog = team_programme(rq, m);
    if (!prog) return rm_not_found(rq);
    return report_page(rq, prog, NULL);
}

/* a table of the report as CSV; the download audited first */
static int report_csv(rm_req *rq, const char **prog, const char *local)
{
    apr_pool_t *p = rq->r->pool;
    request_rec *r = rq->r;
    const char *name = apr_table_get(rm_query(rq), "table");
    const rtab *t = NULL;
    report_t rep;

    memset(&rep, 0, sizeof(rep));
    rep.k = report_k(rq);
    rep.local = local;
    if (build_report(rq, prog, &rep) != 0) return rm_not_found(rq);
    for (int i = 0; name && i < rep.n; i++)
        if (!strcmp(rep.tabs[i]->name, name)) t = rep.tabs[i];
    if (!t) {
        apr_array_header_t *names = apr_array_make(p, rep.n, sizeof(const char *));
        for (int i = 0; i < rep.n; i++)
            APR_ARRAY_PUSH(names, const char *) = rep.tabs[i]->name;
        return rm_error_page(rq, HTTP_BAD_REQUEST, "Table not known",
                             apr_pstrcat(p, name ? apr_pstrcat(p, "There is no table \"",
                                                               name, "\" in the report. ",
                                                               NULL)
                                                 : "No table was named. ",
                                         "The tables are: ",
                                         apr_array_pstrcat(p, names, ','), ".", NULL));
    }
    if (rm_audit_view(rq, "view.report", "programme", rm_parse_id(prog[COL_PROG_ID]),
                      apr_pstrcat(p, "table=", t->name, local ? " institution=" : "",
                                  local ? local : "", NULL)) != 0)
        return rm_error_page(rq, HTTP_SERVICE_UNAVAILABLE, "Not shown",
                             "The table could not be downloaded because of a problem on "
                             "our side. Please try again in a few minutes.");
    if (rm_already_responded(rq)) return DONE;
    ap_set_content_type(r, "text/csv; charset=utf-8; header=present");
    apr_table_setn(r->headers_out, "Content-Disposition",
                   apr_psprintf(p, "attachment; filename=\"programme-%s-%s%s.csv\"",
                                prog[COL_PROG_ID], local ? "institution-" : "", t->name));
    ap_rputs(rm_csv_bom(), r);
    ap_rputs(rm_csv_row(p, t->heads, t->ncols), r);
    for (int i = 0; i < t->nrows; i++)
        ap_rputs(rm_csv_row(p, t->cells + i * t->ncols, t->ncols), r);
    return DONE;
}

int rm_page_report_csv(rm_req *rq, const rm_route_match *m)
{
    const char **prog = team_programme(rq, m);
    if (!prog) return rm_not_found(rq);
    return report_csv(rq, prog, NULL);
}

/* ---- one institution's part (RMentorInstitutionAdmin) ---------------------- */

/* the programme, for an institution's local admin; NULL otherwise */
static const char **local_programme(rm_req *rq, const rm_route_match *m)
{
    if (!rm_has_role(rq, RM_ROLE_LOCAL_ADMIN) || !*rq->id.scope) return NULL;
    return rm_load_programme(rq, m->nargs ? rm_parse_id(m->args[0]) : 0);
}

int rm_page_inst_report(rm_req *rq, const rm_route_match *m)
{
    const char **prog = local_programme(rq, m);
    if (!prog) return rm_not_found(rq);
    return report_page(rq, prog, rq->id.scope);
}

int rm_page_inst_report_csv(rm_req *rq, const rm_route_match *m)
{
    const char **prog = local_programme(rq, m);
    if (!prog) return rm_not_found(rq);
    return report_csv(rq, prog, rq->id.scope);
}

/* ---- across programmes ----------------------------------------------------- */

/* GET /admin/reports: the funnel of every programme the admin runs (on its
 * team as an admin), year on year by start year, as a table and a grouped
 * bar chart.  Each figure is the programme's count of both roles, shown as
 * "fewer than k" from 1 to k-1 (the stages are nested, not parts of a
 * total, so no figure can be worked out from the others).  Audited as
 * view.report of entity "reports" (no figures). */
int rm_page_reports(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    int k = report_k(rq), n;
    rm_rows *run = NULL;
    rtab *t;
    rm_page *pg;
    xmlNodePtr sec;
    (void)m;

    if (!rm_has_role(rq, RM_ROLE_ADMIN)) return rm_not_found(rq);
    if ((n = rm_page_from_cache(rq)) != OK) return n;
    if (rm_person_id(rq, 0)
        && rm_db_select(rq->db, RM_Q_PROG_RUN_BY, &run, RM_ARGS(rm_i64(p, rq->person_id))) != 0)
        return rm_not_found(rq);
    n = run ? run->n : 0;
    t = rtab_new(p, "programmes", "The funnel, programme by programme",
                 "Applications to each programme you run (both roles), and how many were "
                 "accepted, attended training, were matched and completed, oldest "
                 "programme first.", 2 + N_STAGES, n, n <= 64 ? n : 0, N_STAGES);
    t->heads[0] = "Programme";
    t->heads[1] = "Start year";
    for (int s = 0; s < N_STAGES; s++) t->heads[s + 2] = t->slabels[s] = stages[s];
    t->none = n ? "Too many programmes to draw: the table gives the figures."
                : "You do not run any programme yet.";
    /* RUN_BY lists the latest first: year on year is the other way */
    for (int i = 0; i < n; i++) {
        const char **row = run->rows[n - 1 - i];
        long long st[N_STAGES][N_ROLES];
        const char *year = apr_pstrndup(p, row[COL_PROGSUM_START], 4);
        if (funnel_counts(rq, row[COL_PROGSUM_ID], NULL, st) != 0) return rm_not_found(rq);
        set_cell(t, i, 0, row[COL_PROGSUM_NAME], RM_SUP_SHOWN);
        set_cell(t, i, 1, year, RM_SUP_SHOWN);
        if (i < t->ngroups) t->glabels[i] = apr_pstrcat(p, year, ": ", row[COL_PROGSUM_NAME], NULL);
        for (int s = 0; s < N_STAGES; s++) {
            long long v = st[s][0] + st[s][1];
            int state = v > 0 && v < k ? RM_SUP_SMALL : RM_SUP_SHOWN;
            const char *label = rm_sup_text(p, state, v, k);
            set_cell(t, i, s + 2, label, state);
            if (i < t->ngroups) set_bar(t, i, s, (double)v, label, state == RM_SUP_SHOWN);
        }
    }
    pg = rm_page_new(rq, "Reports across programmes");
    rm_el(pg->main, "p", apr_psprintf(p,
          "Each programme you run, by the year it started. A figure from 1 to %d is shown "
          "as \"fewer than %d\". Each programme's full report is on its admin pages. "
          "Viewing this page is recorded.", k - 1, k));
    sec = rm_section(pg, pg->main, "h-programmes", t->heading);
    rm_attr(sec, "class", "report-section");
    rm_el(sec, "p", t->explain);
    draw_chart(pg, sec, t);
    write_table(pg, sec, t, "h-programmes");
    if (n) {
        xmlNodePtr ul = rm_el(sec, "ul", NULL);
        rm_attr(ul, "class", "no-print");
        for (int i = 0; i < n; i++) {
            const char **row = run->rows[n - 1 - i];
            rm_link(rm_el(ul, "li", NULL),
                    rm_url(rq, apr_pstrcat(p, "/admin/programmes/", row[COL_PROGSUM_ID],
                                           "/report", NULL)),
                    apr_pstrcat(p, "Report: ", row[COL_PROGSUM_NAME], NULL));
        }
    }
    return rm_page_send(pg, HTTP_OK);
}
