/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The Senior Mentors' actions in their institutions, prompted by the
 * mentoring.
 *
 * A Senior Mentor of a programme lists their own actions and records new
 * ones from the programme's start; they change only their own, moving each
 * from planned to in progress to done (never back; done needs the date it
 * was done), with its outcome, and may mark it as shared with the sector.
 * Anyone else who asks for an action's form gets 404, whatever ids they try.
 *
 * The programme's team (admins and facilitators) reads every Senior
 * Mentor's actions, filtered by area and status, with their counts by area
 * and status; they change none.  The actions shared for the sector are read
 * by the programme's participants (both roles) and its team, with the
 * Senior Mentor's name and job: they chose to share it.
 *
 * Titles, descriptions and outcomes stay in their table: the audit trail
 * keeps the status, and whether the action is shared, as codes.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <http_protocol.h>
#include "legacy.h"
#include "fields.h"
#include "web/form_vals.h"

RM_NAMED_ARGS(ACTION_INSERT);
RM_NAMED_ARGS(ACTION_UPDATE);
RM_NAMED_ARGS(ACTION_TEAM);
RM_NAMED_ARGS(ACTION_TEAM_COUNT);

#define MAX_TITLE 200
#define MAX_DESCRIPTION 4000
#define MAX_OUTCOME 4000
/* the most actions one Senior Mentor keeps in one programme */
#define MAX_ACTIONS 200
#define PAGE_SIZE 25

static const char *const area_values[] = { "recruitment", "promotion", "pay", "culture",
                                           "data", "policy", "other", NULL };
static const char *const status_values[] = { "planned", "in_progress", "done", NULL };

static const rm_field started_field = {
    "started_on", "When it started (optional)", "For example, 3 January 2027.",
    "the date the action started", RM_FIELD_DATE, 0, 10, 0, 0, NULL, "", -1 };
static const rm_field done_field = {
    "done_on", "When it was done", "Needed once the action is done. For example, "
    "14 March 2027.", "the date the action was done", RM_FIELD_DATE, 0, 10, 0, 0, NULL, "",
    -1 };

static const char *mine_path(apr_pool_t *p, const char *pid)
{
    return rm_legacy_path(p, "/programmes/", pid, "/actions");
}

static const char *edit_path(apr_pool_t *p, const char *aid)
{
    return rm_legacy_path(p, "/actions/", aid, "/edit");
}

static void values_of(form_vals *fv, const char **a)
{
    apr_table_setn(fv->v, "title", a[COL_IA_TITLE]);
    apr_table_setn(fv->v, "description", a[COL_IA_DESCRIPTION]);
    apr_table_setn(fv->v, "area", a[COL_IA_AREA]);
    apr_table_setn(fv->v, "status", a[COL_IA_STATUS]);
    apr_table_setn(fv->v, "started_on", a[COL_IA_STARTED]);
    apr_table_setn(fv->v, "done_on", a[COL_IA_DONE]);
    apr_table_setn(fv->v, "outcome", a[COL_IA_OUTCOME]);
    apr_table_setn(fv->v, "shareable", a[COL_IA_SHAREABLE]);
}

/* The action's fields; from: its status now (only it and later ones are
 * offered), or NULL for a new action. */
static void action_fields(rm_page *pg, xmlNodePtr f, form_vals *fv, const char *from)
{
    apr_pool_t *p = pg->rq->r->pool;
    const char **statuses = apr_pcalloc(p, sizeof(char *) * 7);
    int k = 0, rank = from ? rm_action_status_rank(from) : 0;
    for (int i = 0; rm_action_statuses[i]; i += 2)
        if (rm_action_status_rank(rm_action_statuses[i]) >= rank) {
            statuses[k++] = rm_action_statuses[i];
            statuses[k++] = rm_action_statuses[i + 1];
        }
    rm_input(pg, f, "text", "title", "Title", V("title"),
             "A short name for the action, for example: Reverse mentoring for the "
             "promotion panel.", E("title"), 1, MAX_TITLE);
    rm_textarea(pg, f, "description", "What the action is (optional)", V("description"),
                "What you are doing in your institution, and how the mentoring prompted it.",
                E("description"), 0, MAX_DESCRIPTION);
    rm_radios(pg, f, "area", "Area", rm_action_areas, V("area"), NULL, E("area"));
    rm_radios(pg, f, "status", "Status", statuses, V("status"),
              from ? "An action moves from planned to in progress to done." : NULL,
              E("status"));
    rm_field_show(pg, f, &started_field, NULL, V("started_on"), E("started_on"));
    rm_field_show(pg, f, &done_field, NULL, V("done_on"), E("done_on"));
    rm_textarea(pg, f, "outcome", "Outcome (optional)", V("outcome"),
                "What changed, or what you expect to change.", E("outcome"), 0, MAX_OUTCOME);
    rm_checkbox(pg, f, "shareable", "1", "Share with the sector",
                "Other participants of the programme and its team can read a shared "
                "action, with your name and role, and it may be shown at the sector's "
                "conferences.", V("shareable") && !strcmp(V("shareable"), "1"));
}

/* Read and check the action form into fv; from: the status now, or NULL.
 * 1 when it has no errors. */
static int read_action(rm_req *rq, const char **prog, const char *from, form_vals *fv)
{
    apr_pool_t *p = rq->r->pool;
    static const char *const names[] = { "title", "description", "area", "status", "outcome",
                                         NULL };
    const char *started, *done, *e1, *e2;
    for (int i = 0; names[i]; i++)
        apr_table_setn(fv->v, names[i], rm_trim(p, apr_table_get(rq->form, names[i])));
    apr_table_setn(fv->v, "shareable",
                   apr_table_get(rq->form, "shareable")
                   && !strcmp(apr_table_get(rq->form, "shareable"), "1") ? "1" : "0");
    SETE("title", rm_check_text(p, "the title", V("title"), 1, MAX_TITLE, 0));
    SETE("description", rm_check_text(p, "what the action is", V("description"), 0,
                                      MAX_DESCRIPTION, 1));
    SETE("area", rm_check_choice(p, "the area of the action", V("area"), area_values, 1));
    SETE("status", rm_check_choice(p, "the status", V("status"), status_values, 1));
    if (!E("status") && from) SETE("status", rm_check_action_move(p, from, V("status")));
    SETE("outcome", rm_check_text(p, "the outcome", V("outcome"), 0, MAX_OUTCOME, 1));
    e1 = rm_field_read(rq, &started_field, &started);
    e2 = rm_field_read(rq, &done_field, &done);
    apr_table_setn(fv->v, "started_on", started);
    apr_table_setn(fv->v, "done_on", done);
    SETE("started_on", e1);
    SETE("done_on", e2);
    if (!e1 && !e2 && !E("status")) {
        rm_check_action_dates(p, V("status"), started, done, prog[COL_PROG_START], rq->today,
                              &e1, &e2);
        SETE("started_on", e1);
        SETE("done_on", e2);
    }
    return apr_is_empty_table(fv->e);
}

static const char *dates_of(apr_pool_t *p, const char **a)
{
    const char *s = *a[COL_IA_STARTED] ? apr_pstrcat(p, "Started ",
                                                     rm_date_human(p, a[COL_IA_STARTED]), NULL)
                                       : "";
    if (*a[COL_IA_DONE])
        s = apr_pstrcat(p, s, *s ? "; done " : "Done ", rm_date_human(p, a[COL_IA_DONE]), NULL);
    return *s ? s : "Not started";
}

/* The Senior Mentor of the route's programme, or 0 (the caller answers 404). */
static int senior_of(rm_req *rq, const rm_route_match *m, rm_legacy_who *w)
{
    if (!rm_legacy_who_load(rq, rm_legacy_arg(m, 0), w)) return 0;
    if (!w->senior) {
        rm_legacy_refused(rq, "the actions", w->prog[COL_PROG_ID]);
        return 0;
    }
    return 1;
}

static int not_yet_page(rm_req *rq, const char **prog)
{
    apr_pool_t *p = rq->r->pool;
    return rm_error_page(rq, HTTP_CONFLICT, "The programme has not started",
                         apr_pstrcat(p, "Actions are recorded from the programme's start on ",
                                     rm_date_human(p, prog[COL_PROG_START]), ". Your action "
                                     "was not saved.", NULL));
}

/* ---- a Senior Mentor's own actions --------------------------------------------- */

static int render_mine(rm_req *rq, const rm_legacy_who *w, form_vals *fv, int status)
{
    apr_pool_t *p = rq->r->pool;
    const char *pid = w->prog[COL_PROG_ID];
    rm_rows *rows;
    rm_page *pg;
    xmlNodePtr sec, para;

    if (rm_db_select(rq->db, RM_Q_ACTION_MINE, &rows, RM_ARGS(pid, w->senior_id)) != 0)
        return rm_not_found(rq);
    pg = rm_page_new(rq, "Your actions in your institution");
    rm_done_notice(pg);
    para = rm_el(pg->main, "p", apr_pstrcat(p, "As ",
                 rm_article(rm_role_label(w->prog, "senior")), " ",
                 rm_role_label(w->prog, "senior"), " of ", w->prog[COL_PROG_NAME],
                 ", record the actions you take in your institution that the mentoring "
                 "prompted: what you do, where it stands and what changed. You and the "
                 "programme team can read them; an action you share with the sector can "
                 "be read by the programme's participants too. ", NULL));
    rm_link(para, rm_url(rq, rm_legacy_path(p, "/programmes/", pid, "/shared-actions")),
            "Actions shared for the sector");

    sec = rm_section(pg, pg->main, "h-mine", "Your actions");
    if (rows->n == 0) {
        rm_el(sec, "p", "You have not recorded any actions yet.");
    }
    else {
        static const char *const heads[] = { "Action", "Area", "Status", "Dates",
                                             "Shared", "Change", NULL };
        xmlNodePtr tb = rm_table(pg, sec, NULL, "h-mine", heads);
        for (int i = 0; i < rows->n; i++) {
            const char **a = rows->rows[i];
            xmlNodePtr tr = rm_row(tb), l;
            rm_td(tr, a[COL_IA_TITLE]);
            rm_td(tr, rm_legacy_label(rm_action_areas, a[COL_IA_AREA]));
            rm_action_status_tag(rm_td(tr, NULL), a[COL_IA_STATUS]);
            rm_td(tr, dates_of(p, a));
            rm_td(tr, !strcmp(a[COL_IA_SHAREABLE], "1") ? "Shared with the sector" : "No");
            l = rm_link(rm_td(tr, NULL), rm_url(rq, edit_path(p, a[COL_IA_ID])), "Change");
            rm_attr(l, "aria-label", apr_pstrcat(p, "Change: ", a[COL_IA_TITLE], NULL));
        }
    }

    sec = rm_section(pg, pg->main, "h-add", "Record an action");
    if (rm_action_window(w->prog[COL_PROG_START], rq->today) == RM_LEGACY_UPCOMING) {
        rm_el(sec, "p", apr_pstrcat(p, "You can record actions from the programme's start on ",
                                    rm_date_human(p, w->prog[COL_PROG_START]), ".", NULL));
    }
    else if (rows->n >= MAX_ACTIONS) {
        rm_el(sec, "p", apr_psprintf(p, "You have recorded %d actions, the most one person "
                                     "can keep in a programme.", MAX_ACTIONS));
    }
    else {
        xmlNodePtr f = rm_form(pg, sec, rm_url(rq, mine_path(p, pid)));
        if (!V("status")) apr_table_setn(fv->v, "status", "planned");
        action_fields(pg, f, fv, NULL);
        rm_button(f, "Record the action", NULL);
    }
    return rm_page_send(pg, status);
}

int rm_page_actions_mine(rm_req *rq, const rm_route_match *m)
{
    rm_legacy_who w;
    if (!senior_of(rq, m, &w)) return rm_not_found(rq);
    return render_mine(rq, &w, fv_new(rq->r->pool), HTTP_OK);
}

int rm_page_action_add_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    rm_legacy_who w;
    form_vals *fv = fv_new(p);
    rm_rows *cnt, *ins;
    const char *now, *id = NULL;

    if (!senior_of(rq, m, &w)) return rm_not_found(rq);
    if (rm_action_window(w.prog[COL_PROG_START], rq->today) == RM_LEGACY_UPCOMING)
        return not_yet_page(rq, w.prog);
    if (!read_action(rq, w.prog, NULL, fv))
        return render_mine(rq, &w, fv, HTTP_UNPROCESSABLE_ENTITY);

    now = rm_i64(p, apr_time_sec(rq->now));
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (rm_db_select(rq->db, RM_Q_ACTION_COUNT_NOW, &cnt,
                     RM_ARGS(w.prog[COL_PROG_ID], w.senior_id)) != 0 || cnt->n != 1) {
        rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    if (apr_atoi64(cnt->rows[0][0]) >= MAX_ACTIONS) {
        rm_db_end(rq->db, 0);
        return rm_error_page(rq, HTTP_CONFLICT, "Too many actions",
                             apr_psprintf(p, "You have recorded %d actions, the most one "
                                          "person can keep in a programme. Change one of "
                                          "them instead.", MAX_ACTIONS));
    }
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    if (rm_db_select(rq->db, RM_Q_ACTION_INSERT, &ins,
                     RM_ARGV(ACTION_INSERT, .programme_id = w.prog[COL_PROG_ID],
                             .person_id = w.senior_id, .title = V("title"),
                             .description = V("description"), .area = V("area"),
                             .status = V("status"), .started_on = V("started_on"),
                             .done_on = V("done_on"), .outcome = V("outcome"),
                             .shareable = V("shareable"), .created_at = now,
                             .updated_at = now)) == 0 && ins->n == 1) {
        id = ins->rows[0][0];
        /* codes only: the status, and whether it is shared */
        rm_audit(rq, "action.create", "inst_action", rm_parse_id(id),
                 apr_pstrcat(p, V("status"), !strcmp(V("shareable"), "1") ? " shared" : "",
                             NULL));
    }
    if (!id || rm_db_end(rq->db, 1) != 0) {
        if (rm_db_in_transaction(rq->db)) rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    return rm_redirect(rq, apr_pstrcat(p, mine_path(p, w.prog[COL_PROG_ID]),
                                       "?done=action-added", NULL));
}

/* ---- one action, its owner's ------------------------------------------------------ */

/* The action `id` when it is the requester's own and they are still the
 * programme's Senior Mentor; NULL (the caller answers 404) otherwise. */
static const char **own_action(rm_req *rq, long long id, rm_legacy_who *w)
{
    rm_rows *rows;
    if (id <= 0 || rm_db_select(rq->db, RM_Q_ACTION_GET, &rows,
                                RM_ARGS(rm_i64(rq->r->pool, id))) != 0 || rows->n != 1)
        return NULL;
    if (strcmp(rows->rows[0][COL_IA_PRINCIPAL], rq->id.principal)) return NULL;
    if (!rm_legacy_who_load(rq, rm_parse_id(rows->rows[0][COL_IA_PROGRAMME]), w)
        || !w->senior || strcmp(w->senior_id, rows->rows[0][COL_IA_PERSON]))
        return NULL;
    return rows->rows[0];
}

static int render_form(rm_req *rq, const rm_legacy_who *w, const char **a, form_vals *fv,
                       int status)
{
    apr_pool_t *p = rq->r->pool;
    rm_page *pg = rm_page_new(rq, "Change your action");
    xmlNodePtr para, dl, f;
    para = rm_el(pg->main, "p", NULL);
    rm_link(para, rm_url(rq, mine_path(p, w->prog[COL_PROG_ID])), "Back to your actions");
    dl = rm_dl(pg->main);
    rm_dl_item(dl, "Programme", w->prog[COL_PROG_NAME]);
    rm_dl_item(dl, "Recorded", rm_time_human(p, a[COL_IA_CREATED]));
    if (strcmp(a[COL_IA_UPDATED], a[COL_IA_CREATED]))
        rm_dl_item(dl, "Last changed", rm_time_human(p, a[COL_IA_UPDATED]));
    f = rm_form(pg, pg->main, rm_url(rq, edit_path(p, a[COL_IA_ID])));
    action_fields(pg, f, fv, a[COL_IA_STATUS]);
    rm_button(f, "Save the action", NULL);
    return rm_page_send(pg, status);
}

int rm_page_action_form(rm_req *rq, const rm_route_match *m)
{
    rm_legacy_who w;
    const char **a = own_action(rq, rm_legacy_arg(m, 0), &w);
    form_vals *fv = fv_new(rq->r->pool);
    if (!a) return rm_not_found(rq);
    values_of(fv, a);
    return render_form(rq, &w, a, fv, HTTP_OK);
}

static int same(const char **a, form_vals *fv)
{
    return !strcmp(a[COL_IA_TITLE], V("title")) && !strcmp(a[COL_IA_DESCRIPTION],
                                                            V("description"))
        && !strcmp(a[COL_IA_AREA], V("area")) && !strcmp(a[COL_IA_STATUS], V("status"))
        && !strcmp(a[COL_IA_STARTED], V("started_on")) && !strcmp(a[COL_IA_DONE], V("done_on"))
        && !strcmp(a[COL_IA_OUTCOME], V("outcome"))
        && !strcmp(a[COL_IA_SHAREABLE], V("shareable"));
}

int rm_page_action_edit_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    rm_legacy_who w;
    const char **a = own_action(rq, rm_legacy_arg(m, 0), &w), **cur, *e;
    form_vals *fv = fv_new(p);
    rm_rows *now_rows;
    int nrows = 0;
    const char *done = NULL;

    if (!a) return rm_not_found(rq);
    if (!read_action(rq, w.prog, a[COL_IA_STATUS], fv))
        return render_form(rq, &w, a, fv, HTTP_UNPROCESSABLE_ENTITY);
    done = apr_pstrcat(p, mine_path(p, w.prog[COL_PROG_ID]), "?done=action-saved", NULL);

    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (rm_db_select(rq->db, RM_Q_ACTION_GET_NOW, &now_rows, RM_ARGS(a[COL_IA_ID])) != 0
        || now_rows->n != 1) {
        rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    cur = now_rows->rows[0];
    /* moved on meanwhile (another window): never back */
    if ((e = rm_check_action_move(p, cur[COL_IA_STATUS], V("status")))) {
        rm_db_end(rq->db, 0);
        apr_table_setn(fv->e, "status", e);
        return render_form(rq, &w, cur, fv, HTTP_CONFLICT);
    }
    if (same(cur, fv)) {
        /* nothing changed: nothing to write or record */
        rm_db_end(rq->db, 0);
        return rm_redirect(rq, done);
    }
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    rm_db_exec(rq->db, RM_Q_ACTION_UPDATE, &nrows,
               RM_ARGV(ACTION_UPDATE, .title = V("title"), .description = V("description"),
                       .area = V("area"), .status = V("status"),
                       .started_on = V("started_on"), .done_on = V("done_on"),
                       .outcome = V("outcome"), .shareable = V("shareable"),
                       .updated_at = rm_i64(p, apr_time_sec(rq->now)), .id = a[COL_IA_ID],
                       .person_id = w.senior_id));
    if (nrows == 1)
        rm_audit(rq, "action.update", "inst_action", rm_parse_id(a[COL_IA_ID]),
                 apr_pstrcat(p, V("status"), !strcmp(V("shareable"), "1") ? " shared" : "",
                             NULL));
    if (nrows != 1 || rm_db_end(rq->db, 1) != 0) {
        if (rm_db_in_transaction(rq->db)) rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    return rm_redirect(rq, done);
}

/* ---- the actions shared for the sector -------------------------------------------- */

static void action_cells(rm_req *rq, xmlNodePtr tr, const char **a, int with_outcome)
{
    apr_pool_t *p = rq->r->pool;
    xmlNodePtr td = rm_td(tr, NULL);
    rm_el(td, "strong", a[COL_IA_TITLE]);
    if (*a[COL_IA_DESCRIPTION]) rm_legacy_paragraphs(td, p, a[COL_IA_DESCRIPTION]);
    rm_td(tr, rm_legacy_label(rm_action_areas, a[COL_IA_AREA]));
    rm_action_status_tag(rm_td(tr, NULL), a[COL_IA_STATUS]);
    rm_td(tr, dates_of(p, a));
    if (with_outcome) {
        td = rm_td(tr, NULL);
        if (*a[COL_IA_OUTCOME]) rm_legacy_paragraphs(td, p, a[COL_IA_OUTCOME]);
        else rm_text(td, "Not recorded yet");
    }
}

static void who_cell(apr_pool_t *p, xmlNodePtr tr, const char **a)
{
    xmlNodePtr td = rm_td(tr, a[COL_IA_NAME]);
    if (*a[COL_IA_JOB]) rm_el(td, "p", a[COL_IA_JOB]);
    (void)p;
}

int rm_page_actions_shared(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    rm_legacy_who w;
    rm_rows *rows;
    rm_page *pg;
    xmlNodePtr sec, para;
    const char *pid;
    int rv;

    if (!rm_legacy_who_load(rq, rm_legacy_arg(m, 0), &w)) return rm_not_found(rq);
    if (!w.senior && !w.mentor && !(rm_legacy_team(rq, &w) & RM_LEGACY_TEAM)) {
        rm_legacy_refused(rq, "the shared actions", w.prog[COL_PROG_ID]);
        return rm_not_found(rq);
    }
    /* no form on it: kept as written while nothing changes */
    if ((rv = rm_page_from_cache(rq)) != OK) return rv;
    pid = w.prog[COL_PROG_ID];
    if (rm_db_select(rq->db, RM_Q_ACTION_SHARED, &rows, RM_ARGS(pid)) != 0)
        return rm_not_found(rq);
    pg = rm_page_new(rq, apr_pstrcat(p, "Actions shared for the sector: ",
                                     w.prog[COL_PROG_NAME], NULL));
    para = rm_el(pg->main, "p", apr_pstrcat(p, "Actions that ",
                 rm_role_label(w.prog, "senior"), "s of the programme took in their "
                 "institutions, prompted by the mentoring, and chose to share with the "
                 "sector. ", NULL));
    if (w.senior)
        rm_link(para, rm_url(rq, mine_path(p, pid)), "Your actions");
    else if (rm_legacy_team(rq, &w) & RM_LEGACY_TEAM)
        rm_link(para, rm_url(rq, rm_legacy_path(p, "/admin/programmes/", pid, "/actions")),
                "All the programme's actions");
    sec = rm_section(pg, pg->main, "h-shared",
                     apr_psprintf(p, "%d shared action%s", rows->n, rows->n == 1 ? "" : "s"));
    if (rows->n == 0) {
        rm_el(sec, "p", "No actions have been shared yet.");
    }
    else {
        static const char *const heads[] = { "Who", "Action", "Area", "Status", "Dates",
                                             "Outcome", NULL };
        xmlNodePtr tb = rm_table(pg, sec, NULL, "h-shared", heads);
        for (int i = 0; i < rows->n; i++) {
            xmlNodePtr tr = rm_row(tb);
            who_cell(p, tr, rows->rows[i]);
            action_cells(rq, tr, rows->rows[i], 1);
        }
    }
    return rm_page_send(pg, HTTP_OK);
}

/* ---- the team's page ---------------------------------------------------------------- */

int rm_page_actions_team(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    static const char *const any_area[] = { "", "Any area", "recruitment", "Recruitment",
        "promotion", "Promotion", "pay", "Pay", "culture", "Culture", "data", "Data",
        "policy", "Policy", "other", "Other", NULL };
    static const char *const any_status[] = { "", "Any status", "planned", "Planned",
        "in_progress", "In progress", "done", "Done", NULL };
    rm_legacy_who w;
    const apr_table_t *q;
    const char *area, *status, *pagestr, *e, *pid;
    rm_rows *grid, *cnt, *list;
    rm_page *pg;
    xmlNodePtr sec, f, para;
    long page = 1;
    long long total, counts[7][3], all = 0;

    if (!rm_legacy_who_load(rq, rm_legacy_arg(m, 0), &w)) return rm_not_found(rq);
    if (!(rm_legacy_team(rq, &w) & RM_LEGACY_TEAM)) {
        rm_legacy_refused(rq, "the team's actions page", w.prog[COL_PROG_ID]);
        return rm_not_found(rq);
    }
    pid = w.prog[COL_PROG_ID];
    q = rm_query(rq);
    area = apr_table_get(q, "area");
    status = apr_table_get(q, "status");
    pagestr = apr_table_get(q, "page");
    if (!area) area = "";
    if (!status) status = "";
    if ((e = rm_check_choice(p, "the area", area, area_values, 0))
        || (e = rm_check_choice(p, "the status", status, status_values, 0))
        || (pagestr && (e = rm_check_int(p, "the page number", pagestr, 1, 100000, &page))))
        return rm_error_page(rq, HTTP_BAD_REQUEST, "Search not understood",
                             apr_pstrcat(p, e, " Start again from the actions page.", NULL));
    /* a GET form only: kept as written while nothing changes (html.c) */
    {
        int rv = rm_page_from_cache(rq);
        if (rv != OK) return rv;
    }
    if (rm_db_select(rq->db, RM_Q_ACTION_GRID, &grid, RM_ARGS(pid)) != 0
        || rm_db_select(rq->db, RM_Q_ACTION_TEAM_COUNT, &cnt,
                        RM_ARGV(ACTION_TEAM_COUNT, .programme_id = pid, .area = area,
                                .area2 = area, .status = status, .status2 = status)) != 0
        || cnt->n != 1
        || rm_db_select(rq->db, RM_Q_ACTION_TEAM, &list,
                        RM_ARGV(ACTION_TEAM, .programme_id = pid, .area = area, .area2 = area,
                                .status = status, .status2 = status,
                                .limit = apr_itoa(p, PAGE_SIZE),
                                .offset = apr_ltoa(p, (page - 1) * PAGE_SIZE))) != 0)
        return rm_not_found(rq);
    total = apr_atoi64(cnt->rows[0][0]);
    memset(counts, 0, sizeof(counts));
    for (int i = 0; i < grid->n; i++) {
        int a = -1, s = rm_action_status_rank(grid->rows[i][COL_IAG_STATUS]);
        for (int k = 0; area_values[k]; k++)
            if (!strcmp(area_values[k], grid->rows[i][COL_IAG_AREA])) a = k;
        if (a >= 0 && s >= 0) {
            counts[a][s] = apr_atoi64(grid->rows[i][COL_IAG_N]);
            all += counts[a][s];
        }
    }

    pg = rm_page_new(rq, apr_pstrcat(p, "Actions in institutions: ", w.prog[COL_PROG_NAME],
                                     NULL));
    para = rm_el(pg->main, "p", apr_pstrcat(p, "The actions the programme's ",
                 rm_role_label(w.prog, "senior"), "s record in their institutions. Only "
                 "each of them can change their own; the programme team reads them. ", NULL));
    rm_link(para, rm_url(rq, rm_legacy_path(p, "/programmes/", pid, "/shared-actions")),
            "Actions shared for the sector");
    rm_text(para, " ");
    rm_link(para, rm_url(rq, rm_legacy_path(p, "/admin/programmes/", pid, "/careers")),
            "Career steps");

    sec = rm_section(pg, pg->main, "h-counts", "Actions by area and status");
    {
        static const char *const heads[] = { "Area", "Planned", "In progress", "Done",
                                             "All", NULL };
        xmlNodePtr tb = rm_table(pg, sec, NULL, "h-counts", heads), tr;
        long long col[3] = { 0, 0, 0 };
        for (int a = 0; area_values[a]; a++) {
            tr = rm_row(tb);
            rm_td(tr, rm_legacy_label(rm_action_areas, area_values[a]));
            for (int s = 0; s < 3; s++) {
                rm_td(tr, apr_psprintf(p, "%" APR_INT64_T_FMT, (apr_int64_t)counts[a][s]));
                col[s] += counts[a][s];
            }
            rm_td(tr, apr_psprintf(p, "%" APR_INT64_T_FMT,
                                   (apr_int64_t)(counts[a][0] + counts[a][1] + counts[a][2])));
        }
        tr = rm_row(tb);
        rm_td(tr, "All areas");
        for (int s = 0; s < 3; s++)
            rm_td(tr, apr_psprintf(p, "%" APR_INT64_T_FMT, (apr_int64_t)col[s]));
        rm_td(tr, apr_psprintf(p, "%" APR_INT64_T_FMT, (apr_int64_t)all));
    }

    sec = rm_section(pg, pg->main, "h-filter", "Find actions");
    f = rm_el_class(sec, "form", "filters", NULL);
    rm_attr(f, "method", "get");
    rm_attr(f, "action", rm_url(rq, rm_legacy_path(p, "/admin/programmes/", pid, "/actions")));
    rm_select(pg, f, "area", "Area", any_area, area, NULL);
    rm_select(pg, f, "status", "Status", any_status, status, NULL);
    rm_button(f, "Show actions", "button button-secondary");

    sec = rm_section(pg, pg->main, "h-actions",
                     apr_psprintf(p, "%" APR_INT64_T_FMT " action%s", (apr_int64_t)total,
                                  total == 1 ? "" : "s"));
    if (list->n == 0) {
        rm_el(sec, "p", all == 0 ? "No actions have been recorded yet."
                        : total == 0 ? "No actions match." : "No actions on this page.");
    }
    else {
        static const char *const heads[] = { "Who", "Action", "Area", "Status", "Dates",
                                             "Outcome", "Shared", NULL };
        xmlNodePtr tb = rm_table(pg, sec, NULL, "h-actions", heads);
        for (int i = 0; i < list->n; i++) {
            xmlNodePtr tr = rm_row(tb);
            who_cell(p, tr, list->rows[i]);
            action_cells(rq, tr, list->rows[i], 1);
            rm_td(tr, !strcmp(list->rows[i][COL_IA_SHAREABLE], "1") ? "Shared with the sector"
                                                                    : "No");
        }
    }
    rm_pager(sec, rm_url(rq, rm_legacy_path(p, "/admin/programmes/", pid,
                                             apr_pstrcat(p, "/actions?area=",
                                                         rm_url_encode(p, area), "&status=",
                                                         rm_url_encode(p, status), "&page=",
                                                         NULL))),
             page, total, PAGE_SIZE, "Pages of actions");
    return rm_page_send(pg, HTTP_OK);
}
