/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The pairs' year for the programme's team: the table of all pairs
 * (meetings confirmed, time, last meeting, behind the pace or not; sorted,
 * filtered and paged like the applications list), one pair's page (its
 * progress and meetings, how many private notes exist but never their text,
 * a partner's request to end it), ending a pair early, and rematching the
 * remaining partner with candidates from the unmatched and the waitlisted
 * under the matching's hard constraints.
 *
 * Ownership: the programme's admins and facilitators (with the configured
 * role) see its pairs; only its admins end and rematch.  Anyone else gets
 * 404, whatever ids they try.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <http_protocol.h>
#include "pairs.h"
#include "features/matching/cohort.h"

#define PAGE_SIZE 25
#define MAX_END_NOTE 2000
#define MAX_CANDIDATES 20

static long long arg_id(const rm_route_match *m, int i)
{
    return i < m->nargs ? rm_parse_id(m->args[i]) : 0;
}

static const char *admin_pair_path(apr_pool_t *p, const char *id, const char *rest)
{
    return apr_pstrcat(p, "/admin/pairs/", id, rest, NULL);
}

static xmlNodePtr pair_status_tag(xmlNodePtr parent, const char *status)
{
    if (!strcmp(status, "active")) return rm_el_class(parent, "strong", "tag tag-accepted", "Active");
    if (!strcmp(status, "ended")) return rm_el_class(parent, "strong", "tag tag-withdrawn", "Ended early");
    if (!strcmp(status, "completed")) return rm_el_class(parent, "strong", "tag tag-submitted", "Completed");
    return rm_el_class(parent, "strong", "tag", status);
}

static void team_links(rm_req *rq, rm_page *pg, const char **prog, int team)
{
    apr_pool_t *p = rq->r->pool;
    const char *base = apr_pstrcat(p, "/admin/programmes/", prog[COL_PROG_ID], NULL);
    xmlNodePtr nav = rm_el(pg->main, "nav", NULL), para;
    rm_attr(nav, "aria-label", "The programme's pages");
    para = rm_el(nav, "p", NULL);
    if (team & RM_TEAM_ADMIN) {
        rm_link(para, rm_url(rq, apr_pstrcat(p, base, "/applications", NULL)), "Applications");
        rm_text(para, " ");
    }
    rm_link(para, rm_url(rq, apr_pstrcat(p, base, "/training", NULL)), "Training");
    rm_text(para, " ");
    rm_link(para, rm_url(rq, apr_pstrcat(p, base, "/matching", NULL)), "Matching");
    rm_text(para, " ");
    rm_link(para, rm_url(rq, apr_pstrcat(p, base, "/pairs", NULL)), "Pairs and meetings");
    rm_text(para, " ");
    rm_link(para, rm_url(rq, apr_pstrcat(p, base, "/checkins", NULL)), "Check-in and pairs at risk");
}

/* ---- all pairs ------------------------------------------------------------- */

int rm_page_pairs_admin(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    static const char *const statuses[] = { "", "active", "ended", "completed", NULL };
    static const char *const paces[] = { "", "behind", "on", NULL };
    static const char *const sorts[] = { "name", "meetings", "last", NULL };
    const char **prog = rm_load_programme(rq, arg_id(m, 0));
    const apr_table_t *q;
    const char *status, *pace_f, *sort, *search, *pagestr, *like, *e, *expected, *label;
    rm_rows *list, *total, *reqs;
    rm_page *pg;
    rm_pace pace;
    xmlNodePtr sec, f, tb;
    long page = 1;
    long long ntotal;
    int team, rv;

    if (!prog || !(team = rm_team_access(rq, prog[COL_PROG_ID]))) return rm_not_found(rq);
    q = rm_query(rq);
    status = apr_table_get(q, "status");
    pace_f = apr_table_get(q, "pace");
    sort = apr_table_get(q, "sort");
    search = rm_trim(p, apr_table_get(q, "q"));
    pagestr = apr_table_get(q, "page");
    if (!status) status = "";
    if (!pace_f) pace_f = "";
    if (!sort || !*sort) sort = "name";
    if ((e = rm_check_choice(p, "status", status, statuses, 0))
        || (e = rm_check_choice(p, "pace", pace_f, paces, 0))
        || (e = rm_check_choice(p, "sort order", sort, sorts, 1))
        || (e = rm_check_text(p, "the name to search for", search, 0, 100, 0))
        || (pagestr && (e = rm_check_int(p, "the page number", pagestr, 1, 100000, &page))))
        return rm_error_page(rq, HTTP_BAD_REQUEST, "Search not understood",
                             apr_pstrcat(p, e, " Start again from the list of pairs.", NULL));
    /* a GET form only: kept as written while nothing changes */
    if ((rv = rm_page_from_cache(rq)) != OK) return rv;
    like = rm_like_pattern(p, search);
    rm_programme_pace(rq, prog, &pace);
    expected = rm_i64(p, pace.expected);
    label = !strcmp(sort, "meetings") ? RM_Q_PAIRS_TEAM "_meetings"
          : !strcmp(sort, "last") ? RM_Q_PAIRS_TEAM "_last" : RM_Q_PAIRS_TEAM "_name";
#define FILTER_ARGS prog[COL_PROG_ID], status, status, like, like, like, pace_f, pace_f, \
                    expected, pace_f, expected
    if (rm_db_select(rq->db, RM_Q_PAIRS_TEAM "_count", &total, RM_ARGS(FILTER_ARGS)) != 0
        || rm_db_select(rq->db, label, &list,
                        RM_ARGS(FILTER_ARGS, rm_i64(p, PAGE_SIZE),
                                rm_i64(p, (page - 1) * PAGE_SIZE))) != 0
        || rm_db_select(rq->db, RM_Q_END_REQ_PROGRAMME, &reqs, RM_ARGS(prog[COL_PROG_ID])) != 0)
        return rm_not_found(rq);
#undef FILTER_ARGS
    ntotal = total->n ? apr_atoi64(total->rows[0][0]) : 0;

    pg = rm_page_new(rq, apr_pstrcat(p, "Pairs: ", prog[COL_PROG_NAME], NULL));
    rm_done_notice(pg);
    team_links(rq, pg, prog, team);
    rm_el(pg->main, "p", apr_pstrcat(p, rm_programme_text(p, prog, "The programme asks for {plan}. "),
                                     rm_pace_human(p, prog, &pace), " Only confirmed meetings "
                                     "count. A pair is behind the pace when it has fewer "
                                     "confirmed meetings than expected by today.", NULL));
    if (reqs->n) {
        xmlNodePtr ul;
        sec = rm_section(pg, pg->main, "h-requests", "Requests to end a pair");
        ul = rm_el(sec, "ul", NULL);
        for (int i = 0; i < reqs->n; i++) {
            const char **r = reqs->rows[i];
            xmlNodePtr li = rm_el(ul, "li", apr_pstrcat(p, r[COL_ER_PERSON_NAME], " asked on ",
                                                        rm_time_human(p, r[COL_ER_AT]), " (",
                                                        rm_end_category_label(r[COL_ER_CATEGORY]),
                                                        "). ", NULL));
            rm_link(li, rm_url(rq, admin_pair_path(p, r[COL_ER_PAIR], "")), "See the pair");
        }
    }

    sec = rm_section(pg, pg->main, "h-filter", "Find pairs");
    f = rm_el_class(sec, "form", "filters", NULL);
    rm_attr(f, "method", "get");
    rm_attr(f, "action", rm_url(rq, apr_pstrcat(p, "/admin/programmes/", prog[COL_PROG_ID],
                                                "/pairs", NULL)));
    {
        static const char *const status_opts[] = { "", "Any status", "active", "Active",
                                                   "ended", "Ended early", "completed",
                                                   "Completed", NULL };
        static const char *const pace_opts[] = { "", "Any", "behind", "Behind the pace",
                                                 "on", "On pace", NULL };
        static const char *const sort_opts[] = { "name", "Name", "meetings",
                                                 "Fewest meetings first", "last",
                                                 "Longest since a meeting first", NULL };
        rm_select(pg, f, "status", "Status", status_opts, status, NULL);
        rm_select(pg, f, "pace", "Pace", pace_opts, pace_f, NULL);
        rm_input(pg, f, "text", "q", "Name contains", search, NULL, NULL, 0, 100);
        rm_select(pg, f, "sort", "Sort by", sort_opts, sort, NULL);
        rm_button(f, "Show pairs", "button button-secondary");
    }

    sec = rm_el(pg->main, "section", NULL);
    rm_attr(sec, "aria-labelledby", "h-results");
    rm_attr(rm_el(sec, "h2", apr_psprintf(p, "%" APR_INT64_T_FMT " pair%s", (apr_int64_t)ntotal,
                                          ntotal == 1 ? "" : "s")), "id", "h-results");
    if (list->n == 0) {
        rm_el(sec, "p", "No pairs match.");
    }
    else {
        static const char *const heads[] = { "Pair", "Status", "Meetings confirmed",
                                             "Time together", "Last meeting", "Pace",
                                             "Waiting for confirmation", NULL };
        tb = rm_table(pg, sec, NULL, "h-results", heads);
        for (int i = 0; i < list->n; i++) {
            const char **r = list->rows[i];
            int confirmed = atoi(r[COL_PT_CONFIRMED]) + atoi(r[COL_PT_PACE_OFFSET]);
            xmlNodePtr tr = rm_row(tb), td;
            td = rm_td(tr, NULL);
            rm_link(td, rm_url(rq, admin_pair_path(p, r[COL_PT_ID], "")),
                    apr_pstrcat(p, r[COL_PT_MENTOR], " and ", r[COL_PT_SENIOR], NULL));
            if (strcmp(r[COL_PT_END_REQ], "0"))
                rm_el_class(td, "strong", "tag tag-waitlisted", "Asked to end");
            pair_status_tag(rm_td(tr, NULL), r[COL_PT_STATUS]);
            rm_td(tr, apr_pstrcat(p, r[COL_PT_CONFIRMED], " of ", prog[COL_PROG_MIN_MEETINGS], NULL));
            rm_td(tr, rm_minutes_human(p, atol(r[COL_PT_MINUTES])));
            rm_td(tr, *r[COL_PT_LAST] ? rm_date_human(p, r[COL_PT_LAST]) : "None yet");
            td = rm_td(tr, NULL);
            if (strcmp(r[COL_PT_STATUS], "active")) rm_text(td, "");
            else if (confirmed < pace.expected)
                rm_el_class(td, "strong", "tag tag-declined", "Behind");
            else
                rm_el_class(td, "strong", "tag tag-accepted", "On pace");
            rm_td(tr, r[COL_PT_WAITING]);
        }
    }
    rm_pager(sec, rm_url(rq, apr_pstrcat(p, "/admin/programmes/", prog[COL_PROG_ID],
                                         "/pairs?status=", rm_url_encode(p, status),
                                         "&pace=", rm_url_encode(p, pace_f),
                                         "&q=", rm_url_encode(p, search),
                                         "&sort=", rm_url_encode(p, sort), "&page=", NULL)),
             page, ntotal, PAGE_SIZE, "Pages of pairs");
    return rm_page_send(pg, HTTP_OK);
}

/* ---- one pair, for the team ------------------------------------------------- */

static int render_pair_admin(rm_req *rq, const rm_pair *pr, apr_table_t *errors,
                             apr_table_t *values, int status)
{
    apr_pool_t *p = rq->r->pool;
    const char *id = pr->row[COL_PAIR_ID], **prog = pr->prog;
    rm_meeting_stats st;
    rm_rows *meetings, *notes, *req;
    rm_page *pg;
    rm_pace pace;
    xmlNodePtr sec, dl, f, para;
    int admin = (pr->team & RM_TEAM_ADMIN) != 0, active = !strcmp(pr->row[COL_PAIR_STATUS], "active");

    if (rm_pair_meeting_stats(rq, id, &st) != 0
        || rm_db_select(rq->db, RM_Q_MEETING_LIST, &meetings, RM_ARGS(id)) != 0
        || rm_db_select(rq->db, RM_Q_NOTE_COUNT, &notes, RM_ARGS(id)) != 0
        || rm_db_select(rq->db, RM_Q_END_REQ_OPEN, &req, RM_ARGS(id)) != 0)
        return rm_not_found(rq);
    rm_programme_pace(rq, prog, &pace);
    pg = rm_page_new(rq, apr_pstrcat(p, "Pair: ", rm_pair_title(p, pr), NULL));
    rm_done_notice(pg);
    para = rm_el(pg->main, "p", NULL);
    rm_link(para, rm_url(rq, apr_pstrcat(p, "/admin/programmes/", prog[COL_PROG_ID], "/pairs", NULL)),
            apr_pstrcat(p, "All pairs of ", prog[COL_PROG_NAME], NULL));
    rm_text(para, " ");
    rm_link(para, rm_url(rq, admin_pair_path(p, id, "/support")), "Check-in and support actions");

    sec = rm_section(pg, pg->main, "h-pair", "The pair");
    dl = rm_dl(sec);
    for (int side = 0; side < 2; side++) {
        const char *mail = pr->row[side == 0 ? COL_PAIR_M_MAIL : COL_PAIR_S_MAIL];
        xmlNodePtr dd;
        rm_el(dl, "dt", rm_pair_role(pr, side));
        dd = rm_el(dl, "dd", rm_pair_person(pr, side));
        if (*mail) {
            rm_text(dd, " (");
            rm_link(dd, apr_pstrcat(p, "mailto:", mail, NULL), mail);
            rm_text(dd, ")");
        }
    }
    {
        xmlNodePtr dd;
        rm_el(dl, "dt", "Status");
        dd = rm_el(dl, "dd", NULL);
        pair_status_tag(dd, pr->row[COL_PAIR_STATUS]);
    }
    rm_dl_item(dl, "Paired", rm_time_human(p, pr->row[COL_PAIR_CREATED]));
    if (!active) {
        rm_dl_item(dl, "Ended", rm_time_human(p, pr->row[COL_PAIR_ENDED_AT]));
        rm_dl_item(dl, "Reason", rm_end_category_label(pr->row[COL_PAIR_END_REASON]));
        rm_dl_item(dl, "Note", pr->row[COL_PAIR_END_NOTE]);
    }
    if (strcmp(pr->row[COL_PAIR_REMATCH_OF], "0")) {
        rm_el(dl, "dt", "Rematch of");
        rm_link(rm_el(dl, "dd", NULL), rm_url(rq, admin_pair_path(p, pr->row[COL_PAIR_REMATCH_OF], "")),
                "the pair that ended");
    }

    sec = rm_section(pg, pg->main, "h-progress", "Progress");
    dl = rm_dl(sec);
    rm_dl_item(dl, "Meetings confirmed", apr_psprintf(p, "%d of %s", st.confirmed,
                                                      prog[COL_PROG_MIN_MEETINGS]));
    rm_dl_item(dl, "Time together", rm_minutes_human(p, st.minutes));
    rm_dl_item(dl, "Last meeting", *st.last ? rm_date_human(p, st.last) : "None yet");
    rm_dl_item(dl, "Expected by today", rm_pace_human(p, prog, &pace));
    if (atoi(pr->row[COL_PAIR_PACE_OFFSET]) > 0)
        rm_dl_item(dl, "Since they were paired", apr_psprintf(p, "%d meeting%s expected since "
                   "%s.", rm_pair_expected(pr, &pace), rm_pair_expected(pr, &pace) == 1 ? "" : "s",
                   rm_date_human(p, rm_pair_made_on(p, pr))));
    if (active)
        rm_dl_item(dl, "Pace", st.confirmed < rm_pair_expected(pr, &pace) ? "Behind the pace"
                                                                          : "On pace");
    rm_dl_item(dl, "Waiting for confirmation", apr_psprintf(p, "%d", st.waiting));
    rm_dl_item(dl, "Private notes", apr_pstrcat(p, notes->rows[0][0], " entr",
                                                !strcmp(notes->rows[0][0], "1") ? "y" : "ies",
                                                ". Only the two partners can read them.", NULL));

    sec = rm_section(pg, pg->main, "h-meetings", "Meetings");
    if (meetings->n == 0) rm_el(sec, "p", "No meetings logged.");
    else {
        static const char *const heads[] = { "Date", "Length", "How", "Logged by", "Status", NULL };
        xmlNodePtr tb = rm_table(pg, sec, NULL, "h-meetings", heads);
        for (int i = 0; i < meetings->n; i++) {
            const char **mt = meetings->rows[i];
            xmlNodePtr tr = rm_row(tb);
            rm_td(tr, rm_date_human(p, mt[COL_MT_HELD_ON]));
            rm_td(tr, rm_minutes_human(p, atol(mt[COL_MT_MINUTES])));
            rm_td(tr, rm_meeting_mode_label(mt[COL_MT_MODE]));
            rm_td(tr, mt[COL_MT_LOGGER_NAME]);
            rm_td(tr, !strcmp(mt[COL_MT_STATUS], "confirmed") ? "Confirmed"
                      : !strcmp(mt[COL_MT_STATUS], "disputed") ? "Disputed"
                      : "Waiting for confirmation");
        }
    }

    if (req->n) {
        const char **r = req->rows[0];
        sec = rm_section(pg, pg->main, "h-request", "Request to end the pair");
        dl = rm_dl(sec);
        rm_dl_item(dl, "Asked by", r[COL_ER_PERSON_NAME]);
        rm_dl_item(dl, "When", rm_time_human(p, r[COL_ER_AT]));
        rm_dl_item(dl, "Reason", rm_end_category_label(r[COL_ER_CATEGORY]));
        if (*r[COL_ER_NOTE]) rm_dl_item(dl, "What they said", r[COL_ER_NOTE]);
        if (admin && active) {
            rm_el(sec, "p", "To agree, end the pair below. To keep the pair, decline the "
                  "request; say why, for the record.");
            f = rm_form(pg, sec, rm_url(rq, admin_pair_path(p, id, "/end-request")));
            rm_textarea(pg, f, "decision_note", "Why the pair continues", 
                        values ? apr_table_get(values, "decision_note") : "",
                        "Kept with the request. For example: we talked and agreed to try "
                        "two more meetings.", errors ? apr_table_get(errors, "decision_note") : NULL,
                        1, MAX_END_NOTE);
            rm_button(f, "Decline the request", "button button-secondary");
        }
    }

    if (admin && active) {
        const char *cat = values ? apr_table_get(values, "category") : NULL;
        if (!cat && req->n) cat = req->rows[0][COL_ER_CATEGORY];
        sec = rm_section(pg, pg->main, "h-end", "End the pair early");
        rm_el(sec, "p", "The pair stays in the programme's history as ended, with your reason "
              "and note, which are kept. Both partners can then be rematched.");
        f = rm_form(pg, sec, rm_url(rq, admin_pair_path(p, id, "/end")));
        rm_radios(pg, f, "category", "Reason", rm_end_categories, cat ? cat : "", NULL,
                  errors ? apr_table_get(errors, "category") : NULL);
        rm_textarea(pg, f, "note", "Note", values ? apr_table_get(values, "note") : "",
                    "What happened and what was agreed with the partners. Kept; never deleted.",
                    errors ? apr_table_get(errors, "note") : NULL, 1, MAX_END_NOTE);
        rm_button(f, "End the pair", "button button-warning");
    }
    if (admin && !active && !strcmp(pr->row[COL_PAIR_STATUS], "ended")) {
        sec = rm_section(pg, pg->main, "h-rematch", "Rematch");
        para = rm_el(sec, "p", "Offer either partner a new partner: candidates come from the "
                     "unmatched and the waitlisted, under the matching's rules. ");
        for (int side = 0; side < 2; side++) {
            rm_link(para, rm_url(rq, admin_pair_path(p, id, side == 0 ? "/rematch?side=mentor"
                                                                      : "/rematch?side=senior")),
                    apr_pstrcat(p, "Rematch ", rm_pair_person(pr, side), NULL));
            rm_text(para, " ");
        }
    }
    return rm_page_send(pg, status);
}

int rm_page_pair_admin(rm_req *rq, const rm_route_match *m)
{
    rm_pair pr;
    int rv;
    if (!rm_pair_for_team(rq, arg_id(m, 0), RM_TEAM_ADMIN | RM_TEAM_FACILITATOR, &pr))
        return rm_not_found(rq);
    if ((rv = rm_page_from_cache(rq)) != OK) return rv;
    return render_pair_admin(rq, &pr, NULL, NULL, HTTP_OK);
}

int rm_page_pair_end_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    static const char *const cats[] = { "left", "incompatible", "unavailable", "other", NULL };
    rm_pair pr;
    apr_table_t *errors = apr_table_make(p, 2), *values = apr_table_make(p, 2);
    const char *category = rm_trim(p, apr_table_get(rq->form, "category"));
    const char *note = rm_trim(p, apr_table_get(rq->form, "note")), *e, *now;
    int nrows = 0;

    if (!rm_pair_for_team(rq, arg_id(m, 0), RM_TEAM_ADMIN, &pr)) return rm_not_found(rq);
    apr_table_setn(values, "category", category);
    apr_table_setn(values, "note", note);
    if (!*category || rm_check_choice(p, "the reason", category, cats, 1))
        apr_table_setn(errors, "category", "Select the reason the pair ends.");
    if ((e = rm_check_text(p, "the note", note, 1, MAX_END_NOTE, 1)))
        apr_table_setn(errors, "note", e);
    if (strcmp(pr.row[COL_PAIR_STATUS], "active"))
        return rm_error_page(rq, HTTP_CONFLICT, "This pair has already ended",
                             "This pair is no longer active. Its page shows when and why it "
                             "ended.");
    if (!apr_is_empty_table(errors))
        return render_pair_admin(rq, &pr, errors, values, HTTP_UNPROCESSABLE_ENTITY);
    now = rm_i64(p, apr_time_sec(rq->now));
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    rm_db_exec(rq->db, RM_Q_PAIR_END, &nrows,
               RM_ARGS(now, category, note, rm_i64(p, rq->person_id), pr.row[COL_PAIR_ID]));
    if (nrows != 1) {
        rm_db_end(rq->db, 0);
        return rm_error_page(rq, HTTP_CONFLICT, "This pair has already ended",
                             "Someone else ended this pair meanwhile. Its page shows when "
                             "and why.");
    }
    /* an open request is settled by the ending */
    rm_db_exec(rq->db, RM_Q_END_REQ_DECIDE, NULL,
               RM_ARGS("approved", rm_i64(p, rq->person_id), now, "", pr.row[COL_PAIR_ID]));
    rm_audit(rq, "pair.end", "pair", rm_parse_id(pr.row[COL_PAIR_ID]), category);
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    return rm_redirect(rq, admin_pair_path(p, pr.row[COL_PAIR_ID], "?done=pair-ended"));
}

int rm_page_end_request_decide_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    rm_pair pr;
    apr_table_t *errors = apr_table_make(p, 1), *values = apr_table_make(p, 1);
    const char *note = rm_trim(p, apr_table_get(rq->form, "decision_note")), *e;
    int nrows = 0;

    rm_rows *open;
    if (!rm_pair_for_team(rq, arg_id(m, 0), RM_TEAM_ADMIN, &pr)) return rm_not_found(rq);
    /* no open request (decided meanwhile, or the pair ended): say so before
     * anything about the form, which the page no longer shows */
    if (strcmp(pr.row[COL_PAIR_STATUS], "active")
        || rm_db_select(rq->db, RM_Q_END_REQ_OPEN, &open, RM_ARGS(pr.row[COL_PAIR_ID])) != 0
        || open->n == 0)
        return rm_error_page(rq, HTTP_CONFLICT, "No open request",
                             "There is no open request to end this pair: it was decided "
                             "meanwhile. The pair's page shows where it stands.");
    apr_table_setn(values, "decision_note", note);
    if ((e = rm_check_text(p, "why the pair continues", note, 1, MAX_END_NOTE, 1))) {
        apr_table_setn(errors, "decision_note", e);
        return render_pair_admin(rq, &pr, errors, values, HTTP_UNPROCESSABLE_ENTITY);
    }
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    rm_db_exec(rq->db, RM_Q_END_REQ_DECIDE, &nrows,
               RM_ARGS("declined", rm_i64(p, rq->person_id), rm_i64(p, apr_time_sec(rq->now)),
                       note, pr.row[COL_PAIR_ID]));
    if (nrows != 1) {
        rm_db_end(rq->db, 0);
        return rm_error_page(rq, HTTP_CONFLICT, "No open request",
                             "There is no open request to end this pair: it was decided "
                             "meanwhile. The pair's page shows where it stands.");
    }
    rm_audit(rq, "pair.end_request.decline", "pair", rm_parse_id(pr.row[COL_PAIR_ID]), "");
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    return rm_redirect(rq, admin_pair_path(p, pr.row[COL_PAIR_ID], "?done=end-declined"));
}

/* ---- rematch ------------------------------------------------------------------ */

typedef struct {
    rm_cand *c;
    rm_match_score s;
} rematch_cand;

static int by_score(const void *a, const void *b)
{
    const rematch_cand *x = a, *y = b;
    if (x->s.total != y->s.total) return y->s.total - x->s.total;
    return strcmp(x->c->row[COL_MC_NAME], y->c->row[COL_MC_NAME]);
}

/* The candidates for the partner on `side` of an ended pair: the other
 * role's accepted applicants who are trained (or overridden) and the
 * waitlisted, none in an active pair, none the former partner, none a pair
 * the matching's hard constraints forbid; best score first.  *stay: the
 * remaining partner's candidate row (NULL when they are gone). */
static int rematch_candidates(rm_req *rq, const rm_pair *pr, int side, rm_cohort *co,
                              rm_cand **stay, rematch_cand **out, int *n)
{
    apr_pool_t *p = rq->r->pool;
    const char *app = pr->row[side == 0 ? COL_PAIR_MENTOR_APP : COL_PAIR_SENIOR_APP];
    const char *former = pr->row[side == 0 ? COL_PAIR_SENIOR_APP : COL_PAIR_MENTOR_APP];
    const char *want = side == 0 ? "senior" : "mentor";
    rematch_cand *list;
    *n = 0;
    *out = NULL;
    if (rm_cohort_load_from(p, rq->db, RM_Q_REMATCH_CANDIDATES, pr->prog[COL_PROG_ID], co) != 0)
        return -1;
    *stay = apr_hash_get(co->by_app, app, APR_HASH_KEY_STRING);
    list = apr_pcalloc(p, sizeof(*list) * (co->n + 1));
    if (!*stay) return 0;
    for (int i = 0; i < co->n; i++) {
        rm_cand *c = &co->c[i];
        const char **r = c->row;
        int waitlisted = !strcmp(r[COL_MC_NCOLS], "waitlisted");
        if (strcmp(r[COL_MC_ROLE], want) || !strcmp(r[COL_MC_APP], former)) continue;
        if (strcmp(r[COL_MC_PAIRED], "0")) continue;
        if (!waitlisted && strcmp(r[COL_MC_TRAINED], "1")) continue;
        list[*n].c = c;
        if (side == 0) rm_cohort_score(p, co, *stay, c, &list[*n].s);
        else rm_cohort_score(p, co, c, *stay, &list[*n].s);
        if (list[*n].s.apart) continue;
        (*n)++;
    }
    qsort(list, (size_t)*n, sizeof(*list), by_score);
    *out = list;
    return 0;
}

static int side_of(rm_req *rq)
{
    const char *s = apr_table_get(rm_query(rq), "side");
    if (!s && rq->form) s = apr_table_get(rq->form, "side");
    if (!s) return -1;
    return !strcmp(s, "mentor") ? 0 : !strcmp(s, "senior") ? 1 : -1;
}

static int render_rematch(rm_req *rq, const rm_pair *pr, int side, const char *problem,
                          int status)
{
    apr_pool_t *p = rq->r->pool;
    rm_cohort co;
    rm_cand *stay;
    rematch_cand *list;
    int n;
    rm_page *pg;
    xmlNodePtr para, sec;
    const char *other_label = rm_pair_role(pr, side == 0 ? 1 : 0);

    if (rematch_candidates(rq, pr, side, &co, &stay, &list, &n) != 0) return rm_not_found(rq);
    pg = rm_page_new(rq, apr_pstrcat(p, "Rematch ", rm_pair_person(pr, side), NULL));
    if (problem) rm_field_error(pg, NULL, problem);
    para = rm_el(pg->main, "p", NULL);
    rm_link(para, rm_url(rq, admin_pair_path(p, pr->row[COL_PAIR_ID], "")), "Back to the pair");
    if (!stay) {
        rm_el(pg->main, "p", apr_pstrcat(p, rm_pair_person(pr, side), " is no longer an "
                                         "accepted participant of the programme, so they "
                                         "cannot be rematched.", NULL));
        return rm_page_send(pg, status);
    }
    if (strcmp(stay->row[COL_MC_PAIRED], "0")) {
        rm_el(pg->main, "p", apr_pstrcat(p, rm_pair_person(pr, side), " already has a new "
                                         "partner in this programme.", NULL));
        return rm_page_send(pg, status);
    }
    rm_el(pg->main, "p", apr_pstrcat(p, "Candidates: ", other_label, "s of the programme "
          "who are not in a pair, trained (or with a training override), and the waitlisted, "
          "best score first. Pairs the matching never makes (line management, the same "
          "department or institution when the programme keeps them apart, the do-not-pair "
          "list, someone a person asked to avoid) are left out. Choosing someone waitlisted "
          "accepts their application; they then need training.", NULL));
    sec = rm_section(pg, pg->main, "h-candidates", "Candidates");
    if (n == 0) {
        rm_el(sec, "p", "No one can be offered now. When someone is accepted or trained, "
              "they appear here.");
        return rm_page_send(pg, status);
    }
    {
        static const char *const heads[] = { "Name", "Role or job title", "Status", "Score",
                                             "Why", "", NULL };
        xmlNodePtr tb = rm_table(pg, sec, NULL, "h-candidates", heads);
        const char *action = rm_url(rq, admin_pair_path(p, pr->row[COL_PAIR_ID], "/rematch"));
        for (int i = 0; i < n && i < MAX_CANDIDATES; i++) {
            const char **r = list[i].c->row;
            const rm_match_score *s = &list[i].s;
            xmlNodePtr tr = rm_row(tb), f, b;
            rm_td(tr, r[COL_MC_NAME]);
            rm_td(tr, r[COL_MC_JOB]);
            rm_status_tag(rm_td(tr, NULL), r[COL_MC_NCOLS]);
            rm_td(tr, apr_psprintf(p, "%d", s->total));
            rm_td(tr, apr_psprintf(p, "topics %d, hopes and offers %d, availability %d, "
                                   "preferences %d", s->topics, s->gain, s->availability,
                                   s->pref));
            f = rm_form(pg, rm_td(tr, NULL), action);
            rm_hidden(f, "side", side == 0 ? "mentor" : "senior");
            rm_hidden(f, "candidate", r[COL_MC_APP]);
            b = rm_button(f, "Pair them", "button button-secondary");
            rm_attr(b, "aria-label", apr_pstrcat(p, "Pair them: ", rm_pair_person(pr, side),
                                                 " with ", r[COL_MC_NAME], NULL));
        }
    }
    return rm_page_send(pg, status);
}

static int load_ended(rm_req *rq, const rm_route_match *m, rm_pair *pr)
{
    return rm_pair_for_team(rq, arg_id(m, 0), RM_TEAM_ADMIN, pr);
}

int rm_page_rematch(rm_req *rq, const rm_route_match *m)
{
    rm_pair pr;
    int side;
    if (!load_ended(rq, m, &pr)) return rm_not_found(rq);
    if ((side = side_of(rq)) < 0)
        return rm_error_page(rq, HTTP_BAD_REQUEST, "Rematch not understood",
                             "Choose whom to rematch from the pair's page.");
    if (strcmp(pr.row[COL_PAIR_STATUS], "ended"))
        return rm_error_page(rq, HTTP_CONFLICT, "This pair has not ended",
                             "Only the partners of a pair that has ended can be rematched. "
                             "End the pair first, from its page.");
    return render_rematch(rq, &pr, side, NULL, HTTP_OK);
}

int rm_page_rematch_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    rm_pair pr;
    rm_cohort co;
    rm_cand *stay, *pick = NULL;
    rematch_cand *list;
    rm_rows *ins;
    const char *cand = apr_table_get(rq->form, "candidate"), *now, *me, *mentor_app, *senior_app,
               *mentor_person, *senior_person, *offset;
    int side, n, score = 0, accepted_now = 0;

    if (!load_ended(rq, m, &pr)) return rm_not_found(rq);
    if ((side = side_of(rq)) < 0 || !cand || rm_parse_id(cand) <= 0)
        return rm_error_page(rq, HTTP_BAD_REQUEST, "Rematch not understood",
                             "Choose a candidate from the rematch page.");
    if (strcmp(pr.row[COL_PAIR_STATUS], "ended"))
        return rm_error_page(rq, HTTP_CONFLICT, "This pair has not ended",
                             "Only the partners of a pair that has ended can be rematched.");
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    /* the programme row's lock serialises rematches and publishing; then
     * everything is read again inside the transaction */
    rm_db_exec(rq->db, RM_Q_PROG_TOUCH, NULL, RM_ARGS(pr.prog[COL_PROG_ID]));
    if (rematch_candidates(rq, &pr, side, &co, &stay, &list, &n) != 0) {
        rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    for (int i = 0; i < n; i++)
        if (!strcmp(list[i].c->row[COL_MC_APP], cand)) {
            pick = list[i].c;
            score = list[i].s.total;
        }
    if (!stay || strcmp(stay->row[COL_MC_PAIRED], "0") || !pick) {
        rm_db_end(rq->db, 0);
        return render_rematch(rq, &pr, side, !stay || strcmp(stay->row[COL_MC_PAIRED], "0")
                              ? "This person can no longer be rematched: they have a new "
                                "partner or have left the programme."
                              : "That candidate can no longer be offered: they were paired, "
                                "withdrew, or a rule now keeps them apart. Choose another.",
                              HTTP_CONFLICT);
    }
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    now = rm_i64(p, apr_time_sec(rq->now));
    me = rm_i64(p, rq->person_id);
    if (!strcmp(pick->row[COL_MC_NCOLS], "waitlisted")) {
        int nrows = 0;
        rm_db_exec(rq->db, RM_Q_REMATCH_ACCEPT, &nrows,
                   RM_ARGS("Accepted from the waiting list for a rematch.", me, now, now,
                           pick->row[COL_MC_APP]));
        accepted_now = nrows == 1;
    }
    mentor_app = side == 0 ? pr.row[COL_PAIR_MENTOR_APP] : pick->row[COL_MC_APP];
    senior_app = side == 0 ? pick->row[COL_MC_APP] : pr.row[COL_PAIR_SENIOR_APP];
    mentor_person = side == 0 ? pr.row[COL_PAIR_MENTOR_ID] : NULL;
    senior_person = side == 0 ? NULL : pr.row[COL_PAIR_SENIOR_ID];
    {
        /* the candidate's person: their application's */
        const char **app = rm_load_application(rq, rm_parse_id(pick->row[COL_MC_APP]));
        if (!app) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
        if (side == 0) senior_person = app[COL_APP_PERSON];
        else mentor_person = app[COL_APP_PERSON];
    }
    {
        rm_pace pace;
        rm_programme_pace(rq, pr.prog, &pace);
        offset = rm_i64(p, pace.expected);
    }
    if (rm_db_select(rq->db, RM_Q_PAIR_REMATCH, &ins,
                     RM_ARGS(pr.prog[COL_PROG_ID], mentor_app, senior_app, mentor_person,
                             senior_person, rm_i64(p, score), me, now, pr.row[COL_PAIR_ID],
                             offset)) != 0
        || ins->n != 1) {
        rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    if (accepted_now)
        rm_audit(rq, "application.accept_for_rematch", "application",
                 rm_parse_id(pick->row[COL_MC_APP]), "");
    rm_audit(rq, "pair.rematch", "pair", rm_parse_id(ins->rows[0][0]), pr.row[COL_PAIR_ID]);
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    return rm_redirect(rq, admin_pair_path(p, ins->rows[0][0], "?done=rematched"));
}
