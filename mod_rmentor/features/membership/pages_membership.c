/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Who may apply as a Senior Mentor (area.h): the programme's admins choose
 * the rule (the membership entitlement, the list of members, or either)
 * and replace the list, as a text or CSV file of sign-in names or pasted,
 * one a line.  The form is multipart (core/multipart.c reads it, within
 * RMentorHRImportMaxBytes); the list is read by core/members.c, at most
 * MAX_MEMBERS names, and written in one transaction with the rule and an
 * audit row (programme.members: the rule and the number of names, never a
 * name).  A list with a problem changes nothing, and the page names the
 * problem and its line.
 */
#include <string.h>
#include <apr_strings.h>
#include <http_protocol.h>
#include "pages.h"
#include "web/form_vals.h"
#include "core/members.h"
#include "core/resource.h"

#define MAX_MEMBERS 20000
#define MAX_PASTED 200000

static const char *const rule_opts[] = {
    "entitlement", "Those whose sign-in shows the membership entitlement",
    "list", "Those on the list of members below",
    "either", "Either: the entitlement or the list", NULL };
static const char *const rule_values[] = { "entitlement", "list", "either", NULL };

/* The programme when the asker is one of its admins; NULL otherwise. */
static const char **admin_programme(rm_req *rq, const rm_route_match *m)
{
    int on_team = 0;
    const char **prog;
    if (!rm_has_role(rq, RM_ROLE_ADMIN) || m->nargs < 1) return NULL;
    prog = rm_load_programme_team(rq, rm_parse_id(m->args[0]), "admin", &on_team);
    return prog && on_team ? prog : NULL;
}

static int render(rm_req *rq, const char **prog, form_vals *fv, int status)
{
    apr_pool_t *p = rq->r->pool;
    const char *pid = prog[COL_PROG_ID], *senior = rm_role_label(prog, "senior");
    rm_rows *cnt, *some;
    rm_page *pg;
    xmlNodePtr sec, f, in;
    long long n;

    if (rm_db_select(rq->db, RM_Q_MEMBER_COUNT, &cnt, RM_ARGS(pid)) != 0 || cnt->n != 1
        || rm_db_select(rq->db, RM_Q_MEMBER_SOME, &some, RM_ARGS(pid)) != 0)
        return rm_not_found(rq);
    n = apr_atoi64(cnt->rows[0][0]);
    pg = rm_page_new(rq, apr_pstrcat(p, "Who may apply as ", senior, ": ",
                                     prog[COL_PROG_NAME], NULL));
    rm_done_notice(pg);
    rm_link(rm_el(pg->main, "p", NULL),
            rm_url(rq, apr_pstrcat(p, "/admin/programmes/", pid, "/applications", NULL)),
            "Back to the programme's applications");
    rm_el(pg->main, "p", apr_pstrcat(p, "Only members of the sector body may apply as ",
                                     senior, ". A member is someone whose sign-in shows the "
                                     "membership entitlement (", prog[COL_PROG_SENIOR_ENT],
                                     "), someone on the list of members you upload here, or "
                                     "either.", NULL));
    sec = rm_section(pg, pg->main, "h-list", apr_psprintf(p, "The list: %" APR_INT64_T_FMT
                                                          " member%s", (apr_int64_t)n,
                                                          n == 1 ? "" : "s"));
    if (some->n) {
        xmlNodePtr ul = rm_el(sec, "ul", NULL);
        for (int i = 0; i < some->n; i++) rm_el(ul, "li", some->rows[i][0]);
        if (n > some->n)
            rm_el_class(sec, "p", "hint", apr_psprintf(p, "and %" APR_INT64_T_FMT " more.",
                                                      (apr_int64_t)(n - some->n)));
    }
    else {
        rm_el(sec, "p", "No list has been uploaded.");
    }
    sec = rm_section(pg, pg->main, "h-rule", "Change who may apply");
    f = rm_form(pg, sec, rm_url(rq, apr_pstrcat(p, "/admin/programmes/", pid, "/members",
                                                NULL)));
    rm_attr(f, "enctype", "multipart/form-data");
    if (!V("senior_members")) apr_table_setn(fv->v, "senior_members", prog[COL_PROG_SENIOR_MEMBERS]);
    rm_radios(pg, f, "senior_members", apr_pstrcat(p, "Who may apply as ", senior, "?", NULL),
              rule_opts, V("senior_members"), NULL, E("senior_members"));
    in = rm_input(pg, f, "file", "file", "A new list as a file (optional)", NULL,
                  "A text or CSV file of sign-in names (jo.bloggs@example.ac.uk), one a "
                  "line; in a CSV file, the first column. It replaces the list.",
                  E("file"), 0, 0);
    rm_attr(in, "accept", ".txt,.csv,text/plain,text/csv");
    rm_textarea(pg, f, "names", "Or paste the new list (optional)", V("names"),
                "One sign-in name a line. It replaces the list.", E("names"), 0, MAX_PASTED);
    rm_checkbox(pg, f, "clear", "yes", "Empty the list", NULL, V("clear") != NULL);
    rm_button(f, "Save", NULL);
    return rm_page_send(pg, status);
}

int rm_page_members(rm_req *rq, const rm_route_match *m)
{
    const char **prog = admin_programme(rq, m);
    if (!prog) return rm_not_found(rq);
    return render(rq, prog, fv_new(rq->r->pool), HTTP_OK);
}

int rm_page_members_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    const char **prog = admin_programme(rq, m), *e, *now;
    form_vals *fv = fv_new(p);
    apr_array_header_t *names = NULL;
    int chosen = rq->upload && (rq->upload_len > 0 || (rq->upload_name && *rq->upload_name));
    int ok = 1;

    if (!prog) return rm_not_found(rq);
    apr_table_setn(fv->v, "senior_members",
                   rm_trim(p, apr_table_get(rq->form, "senior_members")));
    apr_table_setn(fv->v, "names", rm_trim(p, apr_table_get(rq->form, "names")));
    if (apr_table_get(rq->form, "clear")) apr_table_setn(fv->v, "clear", "yes");
    SETE("senior_members", rm_check_choice(p, "who may apply", V("senior_members"),
                                           rule_values, 1));
    if ((chosen ? 1 : 0) + (*V("names") ? 1 : 0) + (V("clear") ? 1 : 0) > 1)
        SETE("names", "Upload a file, paste a list or empty the list: one of them.");
    else if (chosen) {
        const char *ext = rm_file_ext(p, rq->upload_name);
        if (strcmp(ext, "txt") && strcmp(ext, "csv"))
            SETE("file", "Upload the list as a text file (.txt) or a CSV file (.csv).");
        else if ((e = rm_members_parse(p, rq->upload, rq->upload_len, MAX_MEMBERS, &names)))
            SETE("file", e);
        else if (!names->nelts)
            SETE("file", "The file holds no sign-in names: to empty the list, tick "
                         "\"Empty the list\".");
    }
    else if (*V("names")) {
        if ((e = rm_members_parse(p, V("names"), strlen(V("names")), MAX_MEMBERS, &names)))
            SETE("names", e);
    }
    else if (V("clear")) {
        names = apr_array_make(p, 1, sizeof(const char *));
    }
    if (!E("senior_members") && strcmp(V("senior_members"), "entitlement") && !names
        && !V("clear")) {
        rm_rows *cnt;
        if (rm_db_select(rq->db, RM_Q_MEMBER_COUNT, &cnt, RM_ARGS(prog[COL_PROG_ID])) == 0
            && cnt->n == 1 && apr_atoi64(cnt->rows[0][0]) == 0)
            SETE("senior_members", "There is no list of members yet: upload or paste one "
                                   "with this choice.");
    }
    if (!apr_is_empty_table(fv->e)) return render(rq, prog, fv, HTTP_UNPROCESSABLE_ENTITY);

    now = rm_i64(p, (long long)apr_time_sec(rq->now));
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    ok = rm_db_exec(rq->db, RM_Q_MEMBER_RULE, NULL,
                    RM_ARGS(V("senior_members"), prog[COL_PROG_ID])) == 0;
    if (ok && names) {
        ok = rm_db_exec(rq->db, RM_Q_MEMBER_CLEAR, NULL, RM_ARGS(prog[COL_PROG_ID])) == 0;
        for (int i = 0; ok && i < names->nelts; i++)
            ok = rm_db_exec(rq->db, RM_Q_MEMBER_ADD, NULL,
                            RM_ARGS(prog[COL_PROG_ID], APR_ARRAY_IDX(names, i, const char *),
                                    now)) == 0;
    }
    if (ok)
        ok = rm_audit(rq, "programme.members", "programme", rm_parse_id(prog[COL_PROG_ID]),
                      apr_psprintf(p, "rule=%s%s", V("senior_members"),
                                   names ? apr_psprintf(p, " names=%d", names->nelts) : ""))
             == 0;
    if (!ok || rm_db_end(rq->db, 1) != 0) {
        if (rm_db_in_transaction(rq->db)) rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    return rm_redirect(rq, apr_pstrcat(p, "/admin/programmes/", prog[COL_PROG_ID],
                                       "/members?done=members-saved", NULL));
}

/* For rm_ineligible (web/pages_common.c): 1 when the asker is on the
 * programme's list of members. */
int rm_members_listed(rm_req *rq, const char **prog)
{
    rm_rows *rows;
    const char *eppn = rq->id.eppn && *rq->id.eppn ? rq->id.eppn : rq->id.principal;
    return rm_db_select(rq->db, RM_Q_MEMBER_IS, &rows,
                        RM_ARGS(prog[COL_PROG_ID], rq->id.principal, eppn)) == 0
           && rows->n == 1 && apr_atoi64(rows->rows[0][0]) > 0;
}
