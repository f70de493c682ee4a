/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * An institution's local admin's pages (area.h).  The institution is the
 * one of the asker's sign-in (rq->id.scope, decided from the scoped
 * identifier and the asserting IdP, web/identity.c), never a parameter, so
 * no URL can show another institution's people.
 */
#include <string.h>
#include <apr_strings.h>
#include <http_protocol.h>
#include "pages.h"

static int local_admin(const rm_req *rq)
{
    return rm_has_role(rq, RM_ROLE_LOCAL_ADMIN) && *rq->id.scope;
}

/* the count in rows of programme pid, role (NULL: any) and status (NULL:
 * any) */
static long long count_of(const rm_rows *rows, const char *pid, const char *role,
                          const char *status)
{
    long long n = 0;
    for (int i = 0; i < rows->n; i++) {
        const char **r = rows->rows[i];
        if (!strcmp(r[COL_INSTC_PROG], pid) && (!role || !strcmp(r[COL_INSTC_ROLE], role))
            && (!status || !strcmp(r[COL_INSTC_STATUS], status)))
            n += apr_atoi64(r[COL_INSTC_N]);
    }
    return n;
}

/* GET /institution: the programmes, each with the institution's
 * applications counted (counts only: the names are on the list, whose
 * views are audited) */
int rm_page_institution(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    const char *inst = rq->id.institution;
    rm_rows *all, *counts;
    rm_page *pg;
    xmlNodePtr tb;
    int rv;
    (void)m;

    if (!local_admin(rq)) return rm_not_found(rq);
    if ((rv = rm_page_from_cache(rq)) != OK) return rv;
    if (rm_db_select(rq->db, RM_Q_PROG_ALL, &all, RM_NOARGS) != 0
        || rm_db_select(rq->db, RM_Q_INST_COUNTS, &counts, RM_ARGS(rq->id.scope)) != 0)
        return rm_not_found(rq);
    pg = rm_page_new(rq, apr_pstrcat(p, inst, " in the programmes", NULL));
    rm_el(pg->main, "p", apr_pstrcat(p, "You are a local admin for ", inst, ": you see the "
          "applications from its staff to each programme, and the programme's figures "
          "for its people. The programme team decides on applications, makes the pairs "
          "and runs the programme; people of other institutions are not shown to you.",
          NULL));
    if (!all->n) {
        rm_el(pg->main, "p", "There are no programmes yet.");
        return rm_page_send(pg, HTTP_OK);
    }
    {
        static const char *const heads[] = { "Programme", "Starts", "Mentor applications",
                                             "Senior Mentor applications", "Accepted",
                                             "Pages", NULL };
        tb = rm_table(pg, pg->main, apr_pstrcat(p, "Applications from ", inst,
                                                " by programme", NULL), NULL, heads);
    }
    for (int i = 0; i < all->n; i++) {
        const char **row = all->rows[i], *pid = row[COL_PROGSUM_ID];
        const char *under = apr_pstrcat(p, "/institution/programmes/", pid, NULL);
        xmlNodePtr tr = rm_row(tb), th, ul;
        th = rm_el(tr, "th", row[COL_PROGSUM_NAME]);
        rm_attr(th, "scope", "row");
        rm_td(tr, rm_date_human(p, row[COL_PROGSUM_START]));
        rm_td(tr, rm_i64(p, count_of(counts, pid, "mentor", NULL)));
        rm_td(tr, rm_i64(p, count_of(counts, pid, "senior", NULL)));
        rm_td(tr, rm_i64(p, count_of(counts, pid, NULL, "accepted")));
        ul = rm_el_class(rm_td(tr, NULL), "ul", "inline-links", NULL);
        rm_link(rm_el(ul, "li", NULL), rm_url(rq, apr_pstrcat(p, under, "/applications", NULL)),
                apr_pstrcat(p, "Applications to ", row[COL_PROGSUM_NAME], NULL));
        rm_link(rm_el(ul, "li", NULL), rm_url(rq, apr_pstrcat(p, under, "/report", NULL)),
                apr_pstrcat(p, "Figures for ", row[COL_PROGSUM_NAME], NULL));
    }
    return rm_page_send(pg, HTTP_OK);
}

/* GET /institution/programmes/ID/applications: features/admin's list, of
 * this institution's applicants only, audited as the team's is */
int rm_page_inst_applications(rm_req *rq, const rm_route_match *m)
{
    const char **prog;
    if (!local_admin(rq)) return rm_not_found(rq);
    prog = rm_load_programme(rq, m->nargs ? rm_parse_id(m->args[0]) : 0);
    if (!prog) return rm_not_found(rq);
    return rm_applications_list(rq, prog, rq->id.scope);
}
