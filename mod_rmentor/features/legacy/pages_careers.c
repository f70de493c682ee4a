/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The Mentors' career steps: a promotion, a new role, acting up, a
 * secondment, a development opportunity or an award, each with its date.
 *
 * A Mentor of a programme records their own steps, dated from the
 * programme's start to two years after its end (core/legacy.c), while that
 * window is open: before it the page says when it opens, after it the steps
 * stay, read only.  They change and delete only their own (a deletion asks
 * for confirmation on a page of its own, then a POST); anyone else who asks
 * for a step's pages gets 404, whatever ids they try.  The programme's team
 * reads every Mentor's steps, with counts by kind, and changes none.  The
 * HR export (a later issue) reads the same table.
 *
 * Titles and notes stay in their table: the audit trail keeps the kind.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <http_protocol.h>
#include "legacy.h"
#include "fields.h"
#include "web/form_vals.h"

RM_NAMED_ARGS(CAREER_INSERT);
RM_NAMED_ARGS(CAREER_UPDATE);
RM_NAMED_ARGS(CAREER_TEAM);
RM_NAMED_ARGS(CAREER_TEAM_COUNT);

#define MAX_TITLE 200
#define MAX_NOTE 2000
/* the most steps one Mentor keeps in one programme */
#define MAX_STEPS 100
#define PAGE_SIZE 25

static const char *const kind_values[] = { "promotion", "new_role", "acting_up", "secondment",
                                           "development", "award", NULL };

static const char *mine_path(apr_pool_t *p, const char *pid)
{
    return rm_legacy_path(p, "/programmes/", pid, "/careers");
}

static int window_of(rm_req *rq, const char **prog)
{
    return rm_career_window(rq->r->pool, prog[COL_PROG_START], atoi(prog[COL_PROG_LENGTH]),
                            rq->today);
}

static const char *last_day(rm_req *rq, const char **prog)
{
    const char *l = rm_career_last_day(rq->r->pool, prog[COL_PROG_START],
                                       atoi(prog[COL_PROG_LENGTH]));
    return l ? l : prog[COL_PROG_START];
}

/* Why no step can be recorded or changed now, in a sentence. */
static const char *closed_sentence(rm_req *rq, const char **prog, int state)
{
    apr_pool_t *p = rq->r->pool;
    if (state == RM_LEGACY_UPCOMING)
        return apr_pstrcat(p, "Career steps are recorded from the programme's start on ",
                           rm_date_human(p, prog[COL_PROG_START]), ".", NULL);
    return apr_pstrcat(p, "Career steps were recorded until ", rm_date_human(p, last_day(rq, prog)),
                       ", two years after the programme ended, so they can no longer be "
                       "recorded, changed or deleted.", NULL);
}

static int closed_page(rm_req *rq, const char **prog, int state)
{
    return rm_error_page(rq, HTTP_CONFLICT,
                         state == RM_LEGACY_UPCOMING ? "The programme has not started"
                                                     : "Career steps are closed",
                         apr_pstrcat(rq->r->pool, closed_sentence(rq, prog, state),
                                     " Nothing was saved.", NULL));
}

static void step_fields(rm_page *pg, xmlNodePtr f, form_vals *fv)
{
    rm_radios(pg, f, "kind", "What kind of step?", rm_career_kinds, V("kind"), NULL, E("kind"));
    rm_input(pg, f, "text", "title", "Title", V("title"),
             "For example: Promoted to Head of Registry Services.", E("title"), 1, MAX_TITLE);
    rm_input(pg, f, "date", "taken_on", "Date", V("taken_on"),
             "When the step was taken, for example 14 January 2027.", E("taken_on"), 1, 20);
    rm_textarea(pg, f, "note", "Note (optional)", V("note"),
                "Anything you would like the programme team to know about it.",
                E("note"), 0, MAX_NOTE);
}

static int read_step(rm_req *rq, const char **prog, form_vals *fv)
{
    apr_pool_t *p = rq->r->pool;
    const char *taken = rm_trim(p, apr_table_get(rq->form, "taken_on")), *human;
    if (*taken && (human = rm_date_from_human(p, taken))) taken = human;
    apr_table_setn(fv->v, "kind", rm_trim(p, apr_table_get(rq->form, "kind")));
    apr_table_setn(fv->v, "title", rm_trim(p, apr_table_get(rq->form, "title")));
    apr_table_setn(fv->v, "taken_on", taken);
    apr_table_setn(fv->v, "note", rm_trim(p, apr_table_get(rq->form, "note")));
    SETE("kind", rm_check_choice(p, "the kind of step", V("kind"), kind_values, 1));
    SETE("title", rm_check_text(p, "the title", V("title"), 1, MAX_TITLE, 0));
    SETE("taken_on", rm_check_career_date(p, taken, prog[COL_PROG_START],
                                          atoi(prog[COL_PROG_LENGTH]), rq->today));
    SETE("note", rm_check_text(p, "the note", V("note"), 0, MAX_NOTE, 1));
    return apr_is_empty_table(fv->e);
}

/* The Mentor of the route's programme, or 0 (the caller answers 404). */
static int mentor_of(rm_req *rq, const rm_route_match *m, rm_legacy_who *w)
{
    if (!rm_legacy_who_load(rq, rm_legacy_arg(m, 0), w)) return 0;
    if (!w->mentor) {
        rm_legacy_refused(rq, "the career steps", w->prog[COL_PROG_ID]);
        return 0;
    }
    return 1;
}

/* ---- a Mentor's own steps ---------------------------------------------------------- */

static int render_mine(rm_req *rq, const rm_legacy_who *w, form_vals *fv, int status)
{
    apr_pool_t *p = rq->r->pool;
    const char *pid = w->prog[COL_PROG_ID];
    int state = window_of(rq, w->prog);
    rm_rows *rows;
    rm_page *pg;
    xmlNodePtr sec;

    if (rm_db_select(rq->db, RM_Q_CAREER_MINE, &rows, RM_ARGS(pid, w->mentor_id)) != 0)
        return rm_not_found(rq);
    pg = rm_page_new(rq, "Your career steps");
    rm_done_notice(pg);
    rm_el(pg->main, "p", apr_pstrcat(p, "Record the steps in your career during ",
                                     w->prog[COL_PROG_NAME], " and for two years after it, "
                                     "until ", rm_date_human(p, last_day(rq, w->prog)),
                                     ": promotions, new roles, acting up, secondments, "
                                     "development opportunities and awards. You and the "
                                     "programme team can read them.", NULL));

    sec = rm_section(pg, pg->main, "h-mine", "Your career steps");
    if (rows->n == 0) {
        rm_el(sec, "p", "You have not recorded any career steps yet.");
    }
    else {
        static const char *const heads_open[] = { "Date", "Step", "Kind", "Note", "Change",
                                                  NULL };
        static const char *const heads_shut[] = { "Date", "Step", "Kind", "Note", NULL };
        xmlNodePtr tb = rm_table(pg, sec, NULL, "h-mine",
                                 state == RM_LEGACY_OPEN ? heads_open : heads_shut);
        for (int i = 0; i < rows->n; i++) {
            const char **c = rows->rows[i];
            xmlNodePtr tr = rm_row(tb), td, l;
            rm_td(tr, rm_date_human(p, c[COL_CS_TAKEN]));
            rm_td(tr, c[COL_CS_TITLE]);
            rm_td(tr, rm_legacy_label(rm_career_kinds, c[COL_CS_KIND]));
            td = rm_td(tr, NULL);
            if (*c[COL_CS_NOTE]) rm_legacy_paragraphs(td, p, c[COL_CS_NOTE]);
            if (state != RM_LEGACY_OPEN) continue;
            td = rm_td(tr, NULL);
            l = rm_link(td, rm_url(rq, rm_legacy_path(p, "/careers/", c[COL_CS_ID], "/edit")),
                        "Change");
            rm_attr(l, "aria-label", apr_pstrcat(p, "Change: ", c[COL_CS_TITLE], NULL));
            rm_text(td, " ");
            l = rm_link(td, rm_url(rq, rm_legacy_path(p, "/careers/", c[COL_CS_ID],
                                                       "/delete")), "Delete");
            rm_attr(l, "aria-label", apr_pstrcat(p, "Delete: ", c[COL_CS_TITLE], NULL));
        }
    }

    sec = rm_section(pg, pg->main, "h-add", "Record a career step");
    if (state != RM_LEGACY_OPEN) {
        rm_el(sec, "p", closed_sentence(rq, w->prog, state));
    }
    else if (rows->n >= MAX_STEPS) {
        rm_el(sec, "p", apr_psprintf(p, "You have recorded %d career steps, the most one "
                                     "person can keep in a programme.", MAX_STEPS));
    }
    else {
        xmlNodePtr f = rm_form(pg, sec, rm_url(rq, mine_path(p, pid)));
        step_fields(pg, f, fv);
        rm_button(f, "Record the step", NULL);
    }
    return rm_page_send(pg, status);
}

int rm_page_careers_mine(rm_req *rq, const rm_route_match *m)
{
    rm_legacy_who w;
    if (!mentor_of(rq, m, &w)) return rm_not_found(rq);
    return render_mine(rq, &w, fv_new(rq->r->pool), HTTP_OK);
}

int rm_page_career_add_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    rm_legacy_who w;
    form_vals *fv = fv_new(p);
    rm_rows *cnt, *ins;
    const char *now, *id = NULL;
    int state;

    if (!mentor_of(rq, m, &w)) return rm_not_found(rq);
    if ((state = window_of(rq, w.prog)) != RM_LEGACY_OPEN) return closed_page(rq, w.prog, state);
    if (!read_step(rq, w.prog, fv))
        return render_mine(rq, &w, fv, HTTP_UNPROCESSABLE_ENTITY);

    now = rm_i64(p, apr_time_sec(rq->now));
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (rm_db_select(rq->db, RM_Q_CAREER_COUNT_NOW, &cnt,
                     RM_ARGS(w.prog[COL_PROG_ID], w.mentor_id)) != 0 || cnt->n != 1) {
        rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    if (apr_atoi64(cnt->rows[0][0]) >= MAX_STEPS) {
        rm_db_end(rq->db, 0);
        return rm_error_page(rq, HTTP_CONFLICT, "Too many career steps",
                             apr_psprintf(p, "You have recorded %d career steps, the most one "
                                          "person can keep in a programme. Change one of "
                                          "them instead.", MAX_STEPS));
    }
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    if (rm_db_select(rq->db, RM_Q_CAREER_INSERT, &ins,
                     RM_ARGV(CAREER_INSERT, .programme_id = w.prog[COL_PROG_ID],
                             .person_id = w.mentor_id, .kind = V("kind"), .title = V("title"),
                             .taken_on = V("taken_on"), .note = V("note"), .created_at = now,
                             .updated_at = now)) == 0 && ins->n == 1) {
        id = ins->rows[0][0];
        rm_audit(rq, "career.create", "career_step", rm_parse_id(id), V("kind"));
    }
    if (!id || rm_db_end(rq->db, 1) != 0) {
        if (rm_db_in_transaction(rq->db)) rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    return rm_redirect(rq, apr_pstrcat(p, mine_path(p, w.prog[COL_PROG_ID]),
                                       "?done=career-added", NULL));
}

/* ---- one step, its owner's ------------------------------------------------------------ */

/* The step `id` when it is the requester's own and they are still the
 * programme's Mentor; NULL (the caller answers 404) otherwise. */
static const char **own_step(rm_req *rq, long long id, rm_legacy_who *w)
{
    rm_rows *rows;
    if (id <= 0 || rm_db_select(rq->db, RM_Q_CAREER_GET, &rows,
                                RM_ARGS(rm_i64(rq->r->pool, id))) != 0 || rows->n != 1)
        return NULL;
    if (strcmp(rows->rows[0][COL_CS_PRINCIPAL], rq->id.principal)) return NULL;
    if (!rm_legacy_who_load(rq, rm_parse_id(rows->rows[0][COL_CS_PROGRAMME]), w)
        || !w->mentor || strcmp(w->mentor_id, rows->rows[0][COL_CS_PERSON]))
        return NULL;
    return rows->rows[0];
}

static int render_form(rm_req *rq, const rm_legacy_who *w, const char **c, form_vals *fv,
                       int status)
{
    apr_pool_t *p = rq->r->pool;
    rm_page *pg = rm_page_new(rq, "Change your career step");
    xmlNodePtr para, f;
    para = rm_el(pg->main, "p", NULL);
    rm_link(para, rm_url(rq, mine_path(p, w->prog[COL_PROG_ID])), "Back to your career steps");
    f = rm_form(pg, pg->main, rm_url(rq, rm_legacy_path(p, "/careers/", c[COL_CS_ID], "/edit")));
    step_fields(pg, f, fv);
    rm_button(f, "Save the step", NULL);
    return rm_page_send(pg, status);
}

int rm_page_career_form(rm_req *rq, const rm_route_match *m)
{
    rm_legacy_who w;
    const char **c = own_step(rq, rm_legacy_arg(m, 0), &w);
    form_vals *fv = fv_new(rq->r->pool);
    int state;
    if (!c) return rm_not_found(rq);
    if ((state = window_of(rq, w.prog)) != RM_LEGACY_OPEN) return closed_page(rq, w.prog, state);
    apr_table_setn(fv->v, "kind", c[COL_CS_KIND]);
    apr_table_setn(fv->v, "title", c[COL_CS_TITLE]);
    apr_table_setn(fv->v, "taken_on", c[COL_CS_TAKEN]);
    apr_table_setn(fv->v, "note", c[COL_CS_NOTE]);
    return render_form(rq, &w, c, fv, HTTP_OK);
}

int rm_page_career_edit_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    rm_legacy_who w;
    const char **c = own_step(rq, rm_legacy_arg(m, 0), &w);
    form_vals *fv = fv_new(p);
    int state, nrows = 0;
    const char *done;

    if (!c) return rm_not_found(rq);
    if ((state = window_of(rq, w.prog)) != RM_LEGACY_OPEN) return closed_page(rq, w.prog, state);
    if (!read_step(rq, w.prog, fv))
        return render_form(rq, &w, c, fv, HTTP_UNPROCESSABLE_ENTITY);
    done = apr_pstrcat(p, mine_path(p, w.prog[COL_PROG_ID]), "?done=career-saved", NULL);
    if (!strcmp(c[COL_CS_KIND], V("kind")) && !strcmp(c[COL_CS_TITLE], V("title"))
        && !strcmp(c[COL_CS_TAKEN], V("taken_on")) && !strcmp(c[COL_CS_NOTE], V("note")))
        return rm_redirect(rq, done);

    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    rm_db_exec(rq->db, RM_Q_CAREER_UPDATE, &nrows,
               RM_ARGV(CAREER_UPDATE, .kind = V("kind"), .title = V("title"),
                       .taken_on = V("taken_on"), .note = V("note"),
                       .updated_at = rm_i64(p, apr_time_sec(rq->now)), .id = c[COL_CS_ID],
                       .person_id = w.mentor_id));
    if (nrows == 1)
        rm_audit(rq, "career.update", "career_step", rm_parse_id(c[COL_CS_ID]), V("kind"));
    if (nrows != 1) {
        if (rm_db_in_transaction(rq->db)) rm_db_end(rq->db, 0);
        /* deleted meanwhile (another window) */
        return nrows == 0 ? rm_not_found(rq) : rm_save_failed(rq);
    }
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    return rm_redirect(rq, done);
}

int rm_page_career_delete_form(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    rm_legacy_who w;
    const char **c = own_step(rq, rm_legacy_arg(m, 0), &w);
    rm_page *pg;
    xmlNodePtr dl, f, para;
    int state;
    if (!c) return rm_not_found(rq);
    if ((state = window_of(rq, w.prog)) != RM_LEGACY_OPEN) return closed_page(rq, w.prog, state);
    pg = rm_page_new(rq, "Delete your career step");
    rm_el(pg->main, "p", "Are you sure you want to delete this career step? It cannot be "
          "undone.");
    dl = rm_dl(pg->main);
    rm_dl_item(dl, "Step", c[COL_CS_TITLE]);
    rm_dl_item(dl, "Kind", rm_legacy_label(rm_career_kinds, c[COL_CS_KIND]));
    rm_dl_item(dl, "Date", rm_date_human(p, c[COL_CS_TAKEN]));
    f = rm_form(pg, pg->main, rm_url(rq, rm_legacy_path(p, "/careers/", c[COL_CS_ID],
                                                         "/delete")));
    rm_hidden(f, "confirm", "yes");
    rm_button(f, "Delete the step", "button button-warning");
    para = rm_el(pg->main, "p", NULL);
    rm_link(para, rm_url(rq, mine_path(p, w.prog[COL_PROG_ID])),
            "Keep it and go back to your career steps");
    return rm_page_send(pg, HTTP_OK);
}

int rm_page_career_delete_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    rm_legacy_who w;
    const char **c = own_step(rq, rm_legacy_arg(m, 0), &w);
    const char *confirm = apr_table_get(rq->form, "confirm");
    int state, nrows = 0;
    if (!c) return rm_not_found(rq);
    if ((state = window_of(rq, w.prog)) != RM_LEGACY_OPEN) return closed_page(rq, w.prog, state);
    if (!confirm || strcmp(confirm, "yes"))
        return rm_error_page(rq, HTTP_UNPROCESSABLE_ENTITY, "Deletion not confirmed",
                             "The career step was not deleted: confirm the deletion on its "
                             "delete page.");
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    rm_db_exec(rq->db, RM_Q_CAREER_DELETE, &nrows, RM_ARGS(c[COL_CS_ID], w.mentor_id));
    if (nrows == 1)
        rm_audit(rq, "career.delete", "career_step", rm_parse_id(c[COL_CS_ID]), c[COL_CS_KIND]);
    if (nrows != 1) {
        if (rm_db_in_transaction(rq->db)) rm_db_end(rq->db, 0);
        return nrows == 0 ? rm_not_found(rq) : rm_save_failed(rq);
    }
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    return rm_redirect(rq, apr_pstrcat(p, mine_path(p, w.prog[COL_PROG_ID]),
                                       "?done=career-deleted", NULL));
}

/* ---- the team's page ---------------------------------------------------------------- */

int rm_page_careers_team(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    static const char *const any_kind[] = { "", "Any kind", "promotion", "Promotion",
        "new_role", "New role", "acting_up", "Acting up", "secondment", "Secondment",
        "development", "Development opportunity", "award", "Award", NULL };
    rm_legacy_who w;
    const apr_table_t *q;
    const char *kind, *pagestr, *e, *pid;
    rm_rows *kinds, *cnt, *list;
    rm_page *pg;
    xmlNodePtr sec, f, para;
    long page = 1;
    long long total, all = 0;

    if (!rm_legacy_who_load(rq, rm_legacy_arg(m, 0), &w)) return rm_not_found(rq);
    if (!(rm_legacy_team(rq, &w) & RM_LEGACY_TEAM)) {
        rm_legacy_refused(rq, "the team's career steps page", w.prog[COL_PROG_ID]);
        return rm_not_found(rq);
    }
    pid = w.prog[COL_PROG_ID];
    q = rm_query(rq);
    kind = apr_table_get(q, "kind");
    pagestr = apr_table_get(q, "page");
    if (!kind) kind = "";
    if ((e = rm_check_choice(p, "the kind of step", kind, kind_values, 0))
        || (pagestr && (e = rm_check_int(p, "the page number", pagestr, 1, 100000, &page))))
        return rm_error_page(rq, HTTP_BAD_REQUEST, "Search not understood",
                             apr_pstrcat(p, e, " Start again from the career steps page.",
                                         NULL));
    {
        int rv = rm_page_from_cache(rq);
        if (rv != OK) return rv;
    }
    if (rm_db_select(rq->db, RM_Q_CAREER_KINDS, &kinds, RM_ARGS(pid)) != 0
        || rm_db_select(rq->db, RM_Q_CAREER_TEAM_COUNT, &cnt,
                        RM_ARGV(CAREER_TEAM_COUNT, .programme_id = pid, .kind = kind,
                                .kind2 = kind)) != 0 || cnt->n != 1
        || rm_db_select(rq->db, RM_Q_CAREER_TEAM, &list,
                        RM_ARGV(CAREER_TEAM, .programme_id = pid, .kind = kind, .kind2 = kind,
                                .limit = apr_itoa(p, PAGE_SIZE),
                                .offset = apr_ltoa(p, (page - 1) * PAGE_SIZE))) != 0)
        return rm_not_found(rq);
    total = apr_atoi64(cnt->rows[0][0]);

    pg = rm_page_new(rq, apr_pstrcat(p, "Career steps: ", w.prog[COL_PROG_NAME], NULL));
    para = rm_el(pg->main, "p", apr_pstrcat(p, "The career steps the programme's ",
                 rm_role_label(w.prog, "mentor"), "s record during the programme and for two "
                 "years after it, until ", rm_date_human(p, last_day(rq, w.prog)),
                 ". Only each of them can change their own; the programme team reads them. ",
                 NULL));
    rm_link(para, rm_url(rq, rm_legacy_path(p, "/admin/programmes/", pid, "/actions")),
            "Actions in institutions");

    sec = rm_section(pg, pg->main, "h-counts", "Career steps by kind");
    {
        static const char *const heads[] = { "Kind", "Steps", "People", NULL };
        xmlNodePtr tb = rm_table(pg, sec, NULL, "h-counts", heads), tr;
        for (int k = 0; kind_values[k]; k++) {
            const char *n = "0", *people = "0";
            for (int i = 0; i < kinds->n; i++)
                if (!strcmp(kinds->rows[i][COL_CSK_KIND], kind_values[k])) {
                    n = kinds->rows[i][COL_CSK_N];
                    people = kinds->rows[i][COL_CSK_PEOPLE];
                }
            all += apr_atoi64(n);
            tr = rm_row(tb);
            rm_td(tr, rm_legacy_label(rm_career_kinds, kind_values[k]));
            rm_td(tr, n);
            rm_td(tr, people);
        }
        tr = rm_row(tb);
        rm_td(tr, "All kinds");
        rm_td(tr, apr_psprintf(p, "%" APR_INT64_T_FMT, (apr_int64_t)all));
        rm_td(tr, "");
    }

    sec = rm_section(pg, pg->main, "h-filter", "Find career steps");
    f = rm_el_class(sec, "form", "filters", NULL);
    rm_attr(f, "method", "get");
    rm_attr(f, "action", rm_url(rq, rm_legacy_path(p, "/admin/programmes/", pid, "/careers")));
    rm_select(pg, f, "kind", "Kind", any_kind, kind, NULL);
    rm_button(f, "Show steps", "button button-secondary");

    sec = rm_section(pg, pg->main, "h-steps",
                     apr_psprintf(p, "%" APR_INT64_T_FMT " career step%s", (apr_int64_t)total,
                                  total == 1 ? "" : "s"));
    if (list->n == 0) {
        rm_el(sec, "p", all == 0 ? "No career steps have been recorded yet."
                        : total == 0 ? "No career steps match." : "No steps on this page.");
    }
    else {
        static const char *const heads[] = { "Who", "Date", "Step", "Kind", "Note", NULL };
        xmlNodePtr tb = rm_table(pg, sec, NULL, "h-steps", heads);
        for (int i = 0; i < list->n; i++) {
            const char **c = list->rows[i];
            xmlNodePtr tr = rm_row(tb), td;
            rm_td(tr, c[COL_CS_NAME]);
            rm_td(tr, rm_date_human(p, c[COL_CS_TAKEN]));
            rm_td(tr, c[COL_CS_TITLE]);
            rm_td(tr, rm_legacy_label(rm_career_kinds, c[COL_CS_KIND]));
            td = rm_td(tr, NULL);
            if (*c[COL_CS_NOTE]) rm_legacy_paragraphs(td, p, c[COL_CS_NOTE]);
        }
    }
    rm_pager(sec, rm_url(rq, rm_legacy_path(p, "/admin/programmes/", pid,
                                             apr_pstrcat(p, "/careers?kind=",
                                                         rm_url_encode(p, kind), "&page=",
                                                         NULL))),
             page, total, PAGE_SIZE, "Pages of career steps");
    return rm_page_send(pg, HTTP_OK);
}
