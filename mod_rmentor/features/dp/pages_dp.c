/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Data protection's pages.
 *
 * /my-data: everyone signed in reads everything the module holds about
 * them, section by section (dp_sections.h), and downloads it as XML
 * (mod_rmentor/xsd/subject-access.xsd) or JSON.  Each view and download is
 * audited (dp.sar.view, dp.sar.download with the format), never with a
 * value.  Nothing of it is cached.
 *
 * /dp and below: the data-protection role only (everyone else 404): find a
 * person, read what is held about them as counts, erase them with a reason
 * (rm_dp_erase; never oneself: 409), read the erasures, the purge runs, the
 * retention periods in force, and the audit trail with filters.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <http_protocol.h>
#include "pages.h"
#include "fields.h"
#include "dp.h"

RM_NAMED_ARGS(DP_AUDIT);
RM_NAMED_ARGS(DP_AUDIT_ACTOR);

#define AUDIT_PAGE 50
#define REASON_MIN 10
#define REASON_MAX 1000
/* a section wider than this is shown a record at a time, as a list */
#define TABLE_COLS 6

static const char *field_label(apr_pool_t *p, const char *f)
{
    char *s = apr_pstrdup(p, f);
    for (char *c = s; *c; c++) if (*c == '_') *c = ' ';
    if (*s >= 'a' && *s <= 'z') *s = (char)(*s - 'a' + 'A');
    return s;
}

static const char *iso_now(rm_req *rq)
{
    return rm_dp_iso(rq->r->pool, rm_i64(rq->r->pool, apr_time_sec(rq->now)));
}

/* the sections of a person, or NULL (logged) */
static rm_sar_section *collect(rm_req *rq, long long person_id, const char *principal, int *n)
{
    rm_sar_section *s;
    if (rm_dp_sar_collect(rq->db, rq->r->pool, person_id, principal, &s, n) != 0) return NULL;
    return s;
}

static void show_section(rm_page *pg, const rm_sar_section *x)
{
    apr_pool_t *p = pg->rq->r->pool;
    const char *hid = apr_pstrcat(p, "h-", x->name, NULL);
    xmlNodePtr sec = rm_section(pg, pg->main, hid, x->title);
    if (x->nrows == 0) {
        rm_el(sec, "p", "Nothing held.");
        return;
    }
    if (x->ncols <= TABLE_COLS) {
        const char **heads = apr_pcalloc(p, sizeof(*heads) * (size_t)(x->ncols + 1));
        xmlNodePtr tb;
        for (int j = 0; j < x->ncols; j++) heads[j] = field_label(p, x->cols[j]);
        tb = rm_table(pg, sec, NULL, hid, heads);
        for (int i = 0; i < x->nrows; i++) {
            xmlNodePtr tr = rm_row(tb);
            for (int j = 0; j < x->ncols; j++) rm_td(tr, x->rows[i][j]);
        }
        return;
    }
    for (int i = 0; i < x->nrows; i++) {
        xmlNodePtr dl;
        if (x->nrows > 1)
            rm_el(sec, "h3", apr_psprintf(p, "%s: record %d of %d", x->title, i + 1, x->nrows));
        dl = rm_dl(sec);
        for (int j = 0; j < x->ncols; j++)
            rm_dl_item(dl, field_label(p, x->cols[j]), x->rows[i][j]);
    }
}

/* ---- /my-data ------------------------------------------------------------- */

int rm_page_my_data(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    long long me = rm_person_id(rq, 0);
    int n = 0, total = 0;
    rm_sar_section *s = collect(rq, me, rq->id.principal, &n);
    rm_page *pg;
    xmlNodePtr para, ul, li;

    if (!s) return rm_not_found(rq);
    if (rm_audit_view(rq, "dp.sar.view", "person", me, "") != 0) return rm_save_failed(rq);
    pg = rm_page_new(rq, "Everything held about you");
    for (int i = 0; i < n; i++) total += s[i].nrows;
    rm_el(pg->main, "p", "This is everything this site holds about you: what you gave it, "
          "what the programme team recorded about you, and what the site recorded when you "
          "used it. Of the people you were paired with, it shows only their names and the "
          "facts you share (your meetings); what they wrote for themselves is theirs.");
    para = rm_el(pg->main, "p", "Download it to keep or to use elsewhere: ");
    ul = rm_el(pg->main, "ul", NULL);
    li = rm_el(ul, "li", NULL);
    rm_link(li, rm_url(rq, "/my-data.xml"), "as XML (with its schema)");
    li = rm_el(ul, "li", NULL);
    rm_link(li, rm_url(rq, "/my-data.json"), "as JSON");
    (void)para;
    rm_el(pg->main, "p", apr_psprintf(p, "%d records in %d sections. To have anything "
                                      "corrected or erased, ask the university's data "
                                      "protection officer.", total, n));
    for (int i = 0; i < n; i++) show_section(pg, &s[i]);
    return rm_page_send(pg, HTTP_OK);
}

static int send_download(rm_req *rq, int json)
{
    request_rec *r = rq->r;
    long long me = rm_person_id(rq, 0);
    int n = 0;
    rm_sar_section *s = collect(rq, me, rq->id.principal, &n);
    rm_sar_doc d;
    const char *out;
    apr_size_t len = 0;

    if (!s) return rm_not_found(rq);
    d.generated = iso_now(rq);
    d.site = rq->cfg->site_name;
    d.nsections = n;
    d.sections = s;
    out = json ? rm_sar_json(r->pool, &d, &len) : rm_sar_xml(r->pool, &d, &len);
    if (!out) return rm_save_failed(rq);
    if (rm_audit_view(rq, "dp.sar.download", "person", me, json ? "format=json" : "format=xml") != 0)
        return rm_save_failed(rq);
    if (rm_already_responded(rq)) return DONE;
    ap_set_content_type(r, json ? "application/json" : "application/xml; charset=utf-8");
    apr_table_setn(r->headers_out, "Content-Disposition",
                   json ? "attachment; filename=\"my-data.json\""
                        : "attachment; filename=\"my-data.xml\"");
    ap_set_content_length(r, (apr_off_t)len);
    if (!r->header_only) ap_rwrite(out, (int)len, r);
    return DONE;
}

int rm_page_my_data_xml(rm_req *rq, const rm_route_match *m)
{
    return send_download(rq, 0);
}

int rm_page_my_data_json(rm_req *rq, const rm_route_match *m)
{
    return send_download(rq, 1);
}

/* ---- /dp ------------------------------------------------------------------ */

static void people_table(rm_page *pg, xmlNodePtr sec, const char *caption, rm_rows *rows)
{
    static const char *const heads[] = { "Name", "Sign-in name", "Mail", "Last seen", NULL };
    apr_pool_t *p = pg->rq->r->pool;
    xmlNodePtr tb = rm_table(pg, sec, caption, NULL, heads);
    for (int i = 0; i < rows->n; i++) {
        const char **c = rows->rows[i];
        xmlNodePtr tr = rm_row(tb), td = rm_td(tr, NULL);
        rm_link(td, rm_url(pg->rq, apr_pstrcat(p, "/dp/people/", c[COL_DPP_ID], NULL)),
                *c[COL_DPP_NAME] ? c[COL_DPP_NAME] : c[COL_DPP_PRINCIPAL]);
        rm_td(tr, c[COL_DPP_PRINCIPAL]);
        rm_td(tr, c[COL_DPP_MAIL]);
        rm_td(tr, rm_dp_iso(p, c[COL_DPP_LAST]));
    }
}

static const char *months_text(apr_pool_t *p, int m)
{
    if (m == RM_RETENTION_NEVER) return "kept until erased";
    return apr_psprintf(p, "%d month%s after the programme ends", m, m == 1 ? "" : "s");
}

int rm_page_dp(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    const char *q = rm_trim(p, apr_table_get(rm_query(rq), "q"));
    rm_page *pg;
    rm_rows *found = NULL, *er, *pu;
    xmlNodePtr sec, f, tb, dl;

    if (!rm_has_role(rq, RM_ROLE_DPO)) return rm_not_found(rq);
    if (strlen(q) > 200)
        return rm_error_page(rq, HTTP_BAD_REQUEST, "Search not made",
                             "The search is longer than 200 characters.");
    if (*q) {
        const char *like = rm_like_pattern(p, q);
        if (rm_db_select(rq->db, RM_Q_DP_PERSON_FIND, &found,
                         RM_ARGS(like, like, like, q)) != 0)
            return rm_not_found(rq);
    }
    if (rm_db_select(rq->db, RM_Q_DP_ERASURES, &er, RM_NOARGS) != 0
        || rm_db_select(rq->db, RM_Q_DP_PURGES, &pu, RM_NOARGS) != 0)
        return rm_not_found(rq);

    pg = rm_page_new(rq, "Data protection");
    rm_el(pg->main, "p", "Find a person to see what is held about them or to erase them, "
          "read the erasures and retention purges, and read the audit trail of who viewed "
          "or exported personal data.");
    f = rm_el(pg->main, "p", NULL);
    rm_link(f, rm_url(rq, "/dp/audit"), "Read the audit trail");

    sec = rm_section(pg, pg->main, "h-find", "Find a person");
    f = rm_form(pg, sec, rm_url(rq, "/dp"));
    rm_attr(f, "method", "get");
    rm_input(pg, f, "search", "q", "Name, sign-in name, mail or staff number", q, NULL, NULL,
             0, 200);
    rm_button(f, "Search", NULL);
    if (found) {
        if (found->n == 0) rm_el(sec, "p", "No one matches that search.");
        else people_table(pg, sec, apr_psprintf(p, "%d %s", found->n,
                                                found->n == 1 ? "person" : "people (at most 50)"),
                          found);
    }

    sec = rm_section(pg, pg->main, "h-erasures", "Recent erasures");
    if (er->n == 0) rm_el(sec, "p", "No one has been erased.");
    else {
        static const char *const heads[] = { "When", "By", "How", "Person", NULL };
        tb = rm_table(pg, sec, NULL, "h-erasures", heads);
        for (int i = 0; i < er->n; i++) {
            const char **c = er->rows[i];
            xmlNodePtr tr = rm_row(tb), td;
            rm_td(tr, rm_dp_iso(p, c[COL_DPE_AT]));
            rm_td(tr, c[COL_DPE_ACTOR]);
            rm_td(tr, c[COL_DPE_SOURCE]);
            td = rm_td(tr, NULL);
            rm_link(td, rm_url(rq, apr_pstrcat(p, "/dp/people/", c[COL_DPE_PERSON], NULL)),
                    apr_pstrcat(p, c[COL_DPE_NAME], " (", c[COL_DPE_PERSON], ")", NULL));
        }
    }

    sec = rm_section(pg, pg->main, "h-purges", "Retention purges");
    rm_el(sec, "p", "The purge runs from the command line (rmentorctl dp purge), daily from "
          "the shipped systemd timer or cron entry. Each run blanks what has passed its "
          "period and records what it did.");
    if (pu->n == 0) rm_el(sec, "p", "No purge has run yet.");
    else {
        static const char *const heads[] = { "When", "By", "Applications", "Notes",
                                              "Check-ins", "Evaluations", "The rest", "People",
                                              NULL };
        tb = rm_table(pg, sec, NULL, "h-purges", heads);
        for (int i = 0; i < pu->n; i++) {
            const char **c = pu->rows[i];
            xmlNodePtr tr = rm_row(tb);
            rm_td(tr, rm_dp_iso(p, c[COL_DPU_AT]));
            rm_td(tr, c[COL_DPU_ACTOR]);
            for (int k = COL_DPU_APPLICATIONS; k <= COL_DPU_PEOPLE; k++) rm_td(tr, c[k]);
        }
    }

    sec = rm_section(pg, pg->main, "h-retention", "Retention periods");
    dl = rm_dl(sec);
    {
        static const char *const labels[RM_RETENTION_KINDS] = {
            "Applications of people never accepted", "Pair notes, meeting agendas, requests "
            "and follow-ups", "Check-in answers in words", "Written evaluation answers",
            "Everything else written, and the people themselves"
        };
        for (int k = 0; k < RM_RETENTION_KINDS; k++) {
            int mo = rq->cfg->retention[k] ? rq->cfg->retention[k] : rm_ret_default_months[k];
            rm_dl_item(dl, labels[k], months_text(p, mo));
        }
        rm_dl_item(dl, "Figures shown only when at least",
                   apr_itoa(p, rq->cfg->suppress_below ? rq->cfg->suppress_below
                                                       : RM_SUPPRESS_BELOW));
    }
    return rm_page_send(pg, HTTP_OK);
}

/* ---- one person ------------------------------------------------------------ */

static const char **load_person(rm_req *rq, long long id)
{
    rm_rows *rows;
    if (id <= 0 || rm_db_select(rq->db, RM_Q_DP_PERSON_GET, &rows,
                                RM_ARGS(rm_i64(rq->r->pool, id))) != 0 || rows->n != 1)
        return NULL;
    return rows->rows[0];
}

static int render_person(rm_req *rq, const char **per, const char *reason, const char *e_reason,
                         const char *e_confirm, int status)
{
    apr_pool_t *p = rq->r->pool;
    long long id = apr_atoi64(per[COL_DPP_ID]);
    int n = 0, erased = apr_atoi64(per[COL_DPP_ERASED]) != 0;
    rm_sar_section *s = collect(rq, id, per[COL_DPP_PRINCIPAL], &n);
    rm_page *pg;
    xmlNodePtr sec, dl, tb, f, para;
    static const char *const heads[] = { "What", "Records", NULL };

    if (!s) return rm_not_found(rq);
    if (status == HTTP_OK && rm_audit_view(rq, "dp.person.view", "person", id, "") != 0)
        return rm_save_failed(rq);
    pg = rm_page_new(rq, *per[COL_DPP_NAME] ? per[COL_DPP_NAME] : per[COL_DPP_PRINCIPAL]);
    rm_done_notice(pg);
    para = rm_el(pg->main, "p", NULL);
    rm_link(para, rm_url(rq, "/dp"), "Back to data protection");
    dl = rm_dl(pg->main);
    rm_dl_item(dl, "Sign-in name", per[COL_DPP_PRINCIPAL]);
    rm_dl_item(dl, "Mail", per[COL_DPP_MAIL]);
    rm_dl_item(dl, "Department", per[COL_DPP_DEPARTMENT]);
    rm_dl_item(dl, "First seen", rm_dp_iso(p, per[COL_DPP_FIRST]));
    rm_dl_item(dl, "Last seen", rm_dp_iso(p, per[COL_DPP_LAST]));
    rm_dl_item(dl, "Erased", erased ? rm_dp_iso(p, per[COL_DPP_ERASED]) : "No");

    sec = rm_section(pg, pg->main, "h-held", "What is held");
    rm_el(sec, "p", "The number of records in each part of their subject-access download. "
          "They download it themselves from their own page; the command-line tool makes it "
          "for them (rmentorctl dp export).");
    tb = rm_table(pg, sec, NULL, "h-held", heads);
    for (int i = 0; i < n; i++) {
        xmlNodePtr tr = rm_row(tb);
        rm_td(tr, s[i].title);
        rm_td(tr, apr_itoa(p, s[i].nrows));
    }

    sec = rm_section(pg, pg->main, "h-erase", "Erase this person");
    if (erased) {
        rm_el(sec, "p", "This person has been erased.");
    }
    else if (id == rm_person_id(rq, 0)) {
        rm_el(sec, "p", "You cannot erase yourself here: another data protection officer, or "
              "the command-line tool, can.");
    }
    else {
        rm_el(sec, "p", "Erasure replaces their name and identifiers by a pseudonym, blanks "
              "what they wrote, and deletes their calendar feed, reminders and team places. "
              "What other people wrote stays theirs, and every figure they counted in "
              "(meetings, minutes, ratings, statuses) is kept. It cannot be undone.");
        f = rm_form(pg, sec, rm_url(rq, apr_pstrcat(p, "/dp/people/", per[COL_DPP_ID],
                                                    "/erase", NULL)));
        rm_textarea(pg, f, "reason", "Reason for the erasure", reason,
                    "For example: the person asked for erasure on 3 December 2026 "
                    "(reference DP-2026-114). Kept with the erasure's record only.",
                    e_reason, 1, REASON_MAX);
        rm_checkbox_error(pg, f, "confirm", "yes", "I understand that this cannot be undone",
                          NULL, e_confirm, 0);
        rm_button(f, "Erase this person", "warning");
    }
    return rm_page_send(pg, status);
}

int rm_page_dp_person(rm_req *rq, const rm_route_match *m)
{
    const char **per;
    if (!rm_has_role(rq, RM_ROLE_DPO)) return rm_not_found(rq);
    if (!(per = load_person(rq, m->nargs ? rm_parse_id(m->args[0]) : 0)))
        return rm_not_found(rq);
    return render_person(rq, per, "", NULL, NULL, HTTP_OK);
}

int rm_page_dp_erase_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    const char **per;
    const char *reason, *e_reason, *e_confirm = NULL, *done;
    long long id;
    int already = 0, rc;

    if (!rm_has_role(rq, RM_ROLE_DPO)) return rm_not_found(rq);
    if (!(per = load_person(rq, m->nargs ? rm_parse_id(m->args[0]) : 0)))
        return rm_not_found(rq);
    id = apr_atoi64(per[COL_DPP_ID]);
    done = apr_pstrcat(p, "/dp/people/", per[COL_DPP_ID], "?done=", NULL);
    if (apr_atoi64(per[COL_DPP_ERASED]) != 0)
        return rm_redirect(rq, apr_pstrcat(p, done, "already_erased", NULL));
    if (id == rm_person_id(rq, 0))
        return rm_error_page(rq, HTTP_CONFLICT, "You cannot erase yourself",
                             "Another data protection officer, or the command-line tool, "
                             "can erase you. Nothing changed.");
    reason = rm_trim(p, apr_table_get(rq->form, "reason"));
    e_reason = rm_check_text(p, "the reason for the erasure", reason, 1, REASON_MAX, 1);
    if (!e_reason && strlen(reason) < REASON_MIN)
        e_reason = apr_psprintf(p, "The reason must be at least %d characters: say who asked "
                                "and when, or which rule applies.", REASON_MIN);
    {
        const char *c = apr_table_get(rq->form, "confirm");
        if (!c || strcmp(c, "yes"))
            e_confirm = "Tick the box to confirm that the erasure cannot be undone.";
    }
    if (e_reason || e_confirm)
        return render_person(rq, per, reason, e_reason, e_confirm, HTTP_UNPROCESSABLE_ENTITY);
    if (!rm_person_id(rq, 1)) return rm_save_failed(rq);
    rc = rm_dp_erase(rq->db, p, id, rq->id.principal, "web", reason, rq->now, &already);
    if (rc == -1) return rm_not_found(rq);
    if (rc != 0) return rm_save_failed(rq);
    return rm_redirect(rq, apr_pstrcat(p, done, already ? "already_erased" : "erased", NULL));
}

/* ---- the audit trail ---------------------------------------------------------- */

static int bad_filter(rm_req *rq, const char *why)
{
    return rm_error_page(rq, HTTP_BAD_REQUEST, "Audit not shown",
                         apr_pstrcat(rq->r->pool, "The filter is not one the audit can use: ",
                                     why, NULL));
}

static int only(const char *s, const char *allowed)
{
    return strspn(s, allowed) == strlen(s);
}

int rm_page_dp_audit(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    const apr_table_t *qt = rm_query(rq);
    const char *actor = rm_trim(p, apr_table_get(qt, "actor"));
    const char *action = rm_trim(p, apr_table_get(qt, "action"));
    const char *entity = rm_trim(p, apr_table_get(qt, "entity"));
    const char *eid = rm_trim(p, apr_table_get(qt, "entity_id"));
    const char *from = rm_trim(p, apr_table_get(qt, "from"));
    const char *to = rm_trim(p, apr_table_get(qt, "to"));
    const char *pg_s = rm_trim(p, apr_table_get(qt, "page"));
    long fd = 0, td = 0;
    long long entity_id = 0, lo = 0, hi = APR_INT64_C(4000000000000);
    int more, shown;
    long page = 1;
    const char *like = "", *base;
    rm_rows *rows;
    rm_page *pg;
    xmlNodePtr f, tb, sec, nav, ul;
    static const char *const heads[] = { "When", "Who", "What", "Record", "Id", "Detail", NULL };

    if (!rm_has_role(rq, RM_ROLE_DPO)) return rm_not_found(rq);
    if (strlen(actor) > 200) return bad_filter(rq, "who is longer than 200 characters.");
    if (strlen(action) > 80 || !only(action, "abcdefghijklmnopqrstuvwxyz0123456789._-"))
        return bad_filter(rq, "what must be an action's name or its start, in lower-case "
                              "letters, digits, dots, dashes and underscores, for example "
                              "dp.sar.");
    if (strlen(entity) > 40 || !only(entity, "abcdefghijklmnopqrstuvwxyz_"))
        return bad_filter(rq, "record must be a kind of record, such as application or "
                              "person.");
    if (*eid && (entity_id = rm_parse_id(eid)) <= 0)
        return bad_filter(rq, "id must be a record's number.");
    if (*from && rm_date_parse(from, &fd) != 0)
        return bad_filter(rq, "from must be a date, for example 2026-12-01.");
    if (*to && rm_date_parse(to, &td) != 0)
        return bad_filter(rq, "to must be a date, for example 2026-12-31.");
    if (*from && *to && td < fd) return bad_filter(rq, "to is before from.");
    if (*pg_s) {
        char *end;
        page = strtol(pg_s, &end, 10);
        if (*end || page < 1 || page > 100000)
            return bad_filter(rq, "page must be a number from 1.");
    }
    if (*from) lo = (long long)fd * 86400;
    if (*to) hi = ((long long)td + 1) * 86400;
    if (*action) {
        /* a prefix: the LIKE's own wildcards made literal */
        char *l = apr_palloc(p, strlen(action) * 2 + 2), *o = l;
        for (const char *c = action; *c; c++) {
            if (*c == '_' || *c == '%' || *c == '!') *o++ = '!';
            *o++ = *c;
        }
        *o++ = '%';
        *o = 0;
        like = l;
    }
    {
        const char *sid = rm_i64(p, entity_id), *slo = rm_i64(p, lo), *shi = rm_i64(p, hi);
        const char *lim = rm_i64(p, AUDIT_PAGE + 1);
        const char *off = rm_i64(p, (long long)(page - 1) * AUDIT_PAGE);
        int rc = *actor
            ? rm_db_select(rq->db, RM_Q_DP_AUDIT_ACTOR, &rows,
                           RM_ARGV(DP_AUDIT_ACTOR, .actor = actor, .action = like,
                                   .action2 = like, .entity = entity, .entity2 = entity,
                                   .entity_id = sid, .entity_id2 = sid, .from = slo, .to = shi,
                                   .limit = lim, .offset = off))
            : rm_db_select(rq->db, RM_Q_DP_AUDIT, &rows,
                           RM_ARGV(DP_AUDIT, .action = like, .action2 = like, .entity = entity,
                                   .entity2 = entity, .entity_id = sid, .entity_id2 = sid,
                                   .from = slo, .to = shi, .limit = lim, .offset = off));
        if (rc != 0) return rm_not_found(rq);
    }
    more = rows->n > AUDIT_PAGE;
    shown = more ? AUDIT_PAGE : rows->n;

    pg = rm_page_new(rq, "Audit trail");
    f = rm_el(pg->main, "p", NULL);
    rm_link(f, rm_url(rq, "/dp"), "Back to data protection");
    rm_el(pg->main, "p", "Who did what, when, and to which record: every decision, every "
          "view of self-identification, every export and subject-access download. Entries "
          "hold record numbers, never the values.");
    f = rm_form(pg, pg->main, rm_url(rq, "/dp/audit"));
    rm_attr(f, "method", "get");
    rm_input(pg, f, "text", "actor", "Who (sign-in name)", actor, NULL, NULL, 0, 200);
    rm_input(pg, f, "text", "action", "What (an action or its start)", action,
             "For example: dp. or view.applications", NULL, 0, 80);
    rm_input(pg, f, "text", "entity", "Record", entity, "For example: application", NULL, 0, 40);
    rm_input(pg, f, "text", "entity_id", "Record's number", eid, NULL, NULL, 0, 20);
    rm_input(pg, f, "date", "from", "From", from, NULL, NULL, 0, 10);
    rm_input(pg, f, "date", "to", "To", to, NULL, NULL, 0, 10);
    rm_button(f, "Filter", NULL);

    sec = rm_section(pg, pg->main, "h-entries",
                     shown == 0 ? "Entries"
                     : apr_psprintf(p, "Entries %ld to %ld, newest first",
                                    (page - 1) * AUDIT_PAGE + 1, (page - 1) * AUDIT_PAGE + shown));
    if (shown == 0) rm_el(sec, "p", page > 1 ? "No more entries match." : "No entries match.");
    else {
        tb = rm_table(pg, sec, NULL, "h-entries", heads);
        for (int i = 0; i < shown; i++) {
            const char **c = rows->rows[i];
            xmlNodePtr tr = rm_row(tb);
            rm_td(tr, rm_dp_iso(p, c[COL_DPA_AT]));
            rm_td(tr, c[COL_DPA_ACTOR]);
            rm_td(tr, c[COL_DPA_ACTION]);
            rm_td(tr, c[COL_DPA_ENTITY]);
            rm_td(tr, c[COL_DPA_ENTITY_ID]);
            rm_td(tr, c[COL_DPA_DETAIL]);
        }
    }
    base = apr_pstrcat(p, "/dp/audit?actor=", rm_url_encode(p, actor),
                       "&action=", rm_url_encode(p, action), "&entity=", rm_url_encode(p, entity),
                       "&entity_id=", rm_url_encode(p, eid), "&from=", rm_url_encode(p, from),
                       "&to=", rm_url_encode(p, to), "&page=", NULL);
    if (page > 1 || more) {
        nav = rm_el(sec, "nav", NULL);
        rm_attr(nav, "aria-label", "Pages of the audit trail");
        ul = rm_el_class(nav, "ul", "inline-links", NULL);
        if (page > 1)
            rm_link(rm_el(ul, "li", NULL), rm_url(rq, apr_psprintf(p, "%s%ld", base, page - 1)),
                    "Newer entries");
        if (more)
            rm_link(rm_el(ul, "li", NULL), rm_url(rq, apr_psprintf(p, "%s%ld", base, page + 1)),
                    "Older entries");
    }
    return rm_page_send(pg, HTTP_OK);
}
