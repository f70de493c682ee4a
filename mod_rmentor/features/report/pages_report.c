/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The team's equality page: a programme's applications and their outcomes
 * by role (Mentor, Senior Mentor) and self-identification as a member of
 * staff of colour (yes, not stated).  Self-identification is
 * special-category data, so:
 *   - only the programme's team (rm_team_access: its admins and
 *     facilitators) reads the page; anyone else gets 404, and the refusal is
 *     logged without figures;
 *   - every figure goes through small-number suppression (core/suppress.h,
 *     RMentorSuppressBelow): each outcome is one table with its row, column
 *     and grand totals, suppressed as a whole, so a hidden figure cannot be
 *     worked out from the totals printed beside it;
 *   - each view is audited (view.selfid, entity programme, no detail: which
 *     programme was looked at, never what it showed), in its own
 *     transaction before the page is sent; when that fails nothing is shown;
 *   - the page is never kept as written (no rm_page_from_cache): a kept page
 *     would be served without its audit row.
 * The statement returns counts only (report_sql.c).
 */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <http_protocol.h>
#include "pages.h"
#include "core/suppress.h"

RM_NAMED_ARGS(REPORT_EQUALITY);

/* the roles (rows) and the answers (columns) of every table */
#define N_ROLES 2
#define N_SELFID 2
static const char *const roles[N_ROLES] = { "mentor", "senior" };

/* the outcomes, each a table: what RM_Q_REPORT_EQUALITY calls it (NULL:
 * every status; "accepted" is a status), caption and what it counts */
static const struct {
    const char *what, *id, *caption, *explain;
} outcomes[] = {
    { NULL, "h-applied", "Applications",
      "Everyone who applied, whatever became of the application." },
    { "accepted", "h-accepted", "Accepted",
      "Applications accepted onto the programme." },
    { "trained", "h-trained", "Trained",
      "Applicants recorded as having attended a training session." },
    { "paired", "h-paired", "Paired",
      "Applicants in a pair, including pairs that ended early." },
    { "completed", "h-completed", "Completed",
      "Applicants in a pair that completed the programme." },
};
#define N_OUTCOMES (sizeof(outcomes) / sizeof(outcomes[0]))

static long long arg_id(const rm_route_match *m, int i)
{
    return i < m->nargs ? rm_parse_id(m->args[i]) : 0;
}

/* the view's audit row, in a transaction of its own: 0 when written */
static int audit_view(rm_req *rq, long long programme_id)
{
    return rm_audit_view(rq, "view.selfid", "programme", programme_id, "");
}

/* One outcome's table: rows the roles and "All roles", columns the answers
 * and "All", every figure as suppression labels it. */
static void outcome_table(rm_page *pg, xmlNodePtr parent, const char **prog,
                          const rm_suppressed *s, const char *caption_id)
{
    apr_pool_t *p = pg->rq->r->pool;
    static const char *const heads[] = { "Role", "Self-identified as staff of colour",
                                         "Not stated", "All", NULL };
    xmlNodePtr tb = rm_table(pg, parent, NULL, caption_id, heads);
    for (int r = 0; r <= N_ROLES; r++) {
        xmlNodePtr tr = rm_row(tb), th;
        th = rm_el(tr, "th", r < N_ROLES ? rm_role_label(prog, roles[r]) : "All roles");
        rm_attr(th, "scope", "row");
        for (int c = 0; c <= N_SELFID; c++) {
            int st = rm_sup_state(s, r, c);
            xmlNodePtr td = rm_td(tr, rm_sup_label(p, s, r, c));
            if (st == RM_SUP_SMALL) rm_attr(td, "class", "sup-small");
            else if (st != RM_SUP_SHOWN) rm_attr(td, "class", "sup-hidden");
        }
    }
}

int rm_page_equality(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    const char **prog = rm_load_programme(rq, arg_id(m, 0));
    const char *pid;
    long long cells[N_OUTCOMES][N_ROLES * N_SELFID];
    int k = rm_suppress_k(rq->cfg->suppress_below ? rq->cfg->suppress_below
                                                  : RM_SUPPRESS_BELOW);
    rm_suppressed sup[N_OUTCOMES];
    rm_rows *rows;
    rm_page *pg;
    xmlNodePtr para, sec;

    if (!prog || !rm_team_access(rq, prog[COL_PROG_ID])) {
        if (prog)
            ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, rq->r,
                          RM_TAG "refused %s the equality page of programme %s: not on the team",
                          rq->id.principal, prog[COL_PROG_ID]);
        return rm_not_found(rq);
    }
    pid = prog[COL_PROG_ID];
    if (rm_db_select(rq->db, RM_Q_REPORT_EQUALITY, &rows,
                     RM_ARGV(REPORT_EQUALITY, .applications = pid, .training = pid,
                             .pairs = pid, .completed = pid)) != 0)
        return rm_not_found(rq);
    memset(cells, 0, sizeof(cells));
    for (int i = 0; i < rows->n; i++) {
        const char **row = rows->rows[i];
        int r = !strcmp(row[COL_RQ_ROLE], roles[0]) ? 0
              : !strcmp(row[COL_RQ_ROLE], roles[1]) ? 1 : -1;
        /* column 0: self-identified; 1: not stated */
        int c = !strcmp(row[COL_RQ_SELFID], "1") ? 0 : 1;
        const char *what = row[COL_RQ_WHAT];
        long long n = apr_atoi64(row[COL_RQ_N]);
        int a_status = strcmp(what, "trained") && strcmp(what, "paired")
                       && strcmp(what, "completed");
        if (r < 0 || n < 0) continue;
        for (size_t o = 0; o < N_OUTCOMES; o++)
            if (outcomes[o].what ? !strcmp(outcomes[o].what, what) : a_status)
                cells[o][r * N_SELFID + c] += n;
    }
    for (size_t o = 0; o < N_OUTCOMES; o++)
        if (rm_suppress_table(p, cells[o], N_ROLES, N_SELFID, k, &sup[o]) != 0)
            return rm_not_found(rq);

    pg = rm_page_new(rq, apr_pstrcat(p, "Equality: ", prog[COL_PROG_NAME], NULL));
    para = rm_el(pg->main, "p", "Programme: ");
    rm_link(para, rm_url(rq, apr_pstrcat(p, "/admin/programmes/", pid, "/applications",
                                         NULL)), prog[COL_PROG_NAME]);
    rm_el(pg->main, "p", apr_psprintf(p,
          "Applications and their outcomes by role and by whether the applicant "
          "self-identified as a member of staff of colour (the %s application asks; "
          "the %s application does not, so those answers are \"Not stated\"). "
          "A figure from 1 to %d is shown as \"fewer than %d\", and a figure marked "
          "\"%s\" is withheld so that a smaller one cannot be worked out from the "
          "totals. Viewing this page is recorded.",
          rm_role_label(prog, "mentor"), rm_role_label(prog, "senior"), k - 1, k,
          RM_SUP_SECONDARY_TEXT));
    for (size_t o = 0; o < N_OUTCOMES; o++) {
        sec = rm_section(pg, pg->main, outcomes[o].id, outcomes[o].caption);
        rm_el(sec, "p", outcomes[o].explain);
        outcome_table(pg, sec, prog, &sup[o], outcomes[o].id);
    }

    if (audit_view(rq, rm_parse_id(pid)) != 0)
        return rm_error_page(rq, HTTP_SERVICE_UNAVAILABLE, "Not shown",
                             "The figures could not be shown because of a problem on our "
                             "side. Please try again in a few minutes.");
    return rm_page_send(pg, HTTP_OK);
}
