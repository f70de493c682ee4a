/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Training: an admin of a programme defines sessions per role; accepted
 * applicants book one of their role's sessions (and change it until it
 * starts); a facilitator or admin of the programme takes the register; the
 * programme's training page shows who has completed training, who is booked
 * and who is not, and admins record an override (with a reason) for someone
 * who may be matched without training.
 *
 * Ownership: a participant sees only the sessions of their own role in a
 * programme that accepted them; the team's pages answer 404 to anyone not
 * on the programme's team (with the configured role), whatever ids they try.
 */
#include <string.h>
#include <apr_strings.h>
#include <http_protocol.h>
#include "pages.h"
#include "core/schedule.h"
#include "web/form_vals.h"

APLOG_USE_MODULE(rmentor);

RM_NAMED_ARGS(TS_INSERT);
RM_NAMED_ARGS(TS_UPDATE);

static long long arg_id(const rm_route_match *m, int i)
{
    return i < m->nargs ? rm_parse_id(m->args[i]) : 0;
}

static const char *prog_path(apr_pool_t *p, const char *id, const char *rest)
{
    return apr_pstrcat(p, "/admin/programmes/", id, rest, NULL);
}

/* "3 January 2027, 10am to 1pm" */
static const char *when(apr_pool_t *p, const char **s)
{
    return apr_pstrcat(p, rm_date_human(p, s[COL_TS_DAY]), ", ",
                       rm_time_of_day_human(p, s[COL_TS_STARTS]), " to ",
                       rm_time_of_day_human(p, s[COL_TS_ENDS]), NULL);
}

static void where(rm_req *rq, xmlNodePtr td, const char **s)
{
    if (*s[COL_TS_PLACE]) rm_text(td, s[COL_TS_PLACE]);
    if (*s[COL_TS_PLACE] && *s[COL_TS_LINK]) rm_text(td, "; ");
    if (*s[COL_TS_LINK]) rm_link(td, s[COL_TS_LINK], "online link");
    (void)rq;
}

static const char *places_left(apr_pool_t *p, const char **s)
{
    long long left = apr_atoi64(s[COL_TS_CAPACITY]) - apr_atoi64(s[COL_TS_TAKEN]);
    if (left <= 0) return "Full";
    return apr_psprintf(p, "%" APR_INT64_T_FMT " of %s", (apr_int64_t)left, s[COL_TS_CAPACITY]);
}

/* ---- a participant's training -------------------------------------------- */

/* The requester's accepted application in the programme: its id and role,
 * or NULL (then nothing of the programme's training is theirs to see). */
static const char **accepted_application(rm_req *rq, const char **prog)
{
    rm_rows *mine;
    if (rm_db_select(rq->db, RM_Q_APP_MINE_IN, &mine,
                     RM_ARGS(prog[COL_PROG_ID], rq->id.principal)) != 0)
        return NULL;
    for (int i = 0; i < mine->n; i++)
        if (!strcmp(mine->rows[i][2], "accepted")) return mine->rows[i];
    return NULL;
}

static int render_mine(rm_req *rq, const char **prog, const char **app,
                       const char *problem, int status)
{
    apr_pool_t *p = rq->r->pool;
    const char *role = app[1], *now = rm_now_hhmm(rq);
    rm_rows *sessions, *mine;
    rm_page *pg;
    xmlNodePtr sec, tb, para;
    const char *open_session = NULL, *attended = NULL;
    int nrole = 0;

    if (rm_db_select(rq->db, RM_Q_TS_LIST, &sessions, RM_ARGS(prog[COL_PROG_ID])) != 0
        || rm_db_select(rq->db, RM_Q_TB_MINE, &mine, RM_ARGS(app[0])) != 0)
        return rm_not_found(rq);
    for (int i = 0; i < mine->n; i++) {
        if (!strcmp(mine->rows[i][1], "booked")) open_session = mine->rows[i][0];
        if (!strcmp(mine->rows[i][1], "attended")) attended = mine->rows[i][0];
    }
    pg = rm_page_new(rq, apr_pstrcat(p, rm_role_label(prog, role), " training", NULL));
    rm_done_notice(pg);
    if (problem) rm_field_error(pg, NULL, problem);
    para = rm_el(pg->main, "p", "Programme: ");
    rm_link(para, rm_url(rq, apr_pstrcat(p, "/programmes/", prog[COL_PROG_ID], NULL)),
            prog[COL_PROG_NAME]);
    rm_el(pg->main, "p", apr_pstrcat(p, "Training prepares you for your role. Choose one "
          "session: if you cannot attend the first, a later one may be offered. You "
          "can change your choice until your session starts. You are matched with "
          "your partner after training.", NULL));
    if (attended) {
        for (int i = 0; i < sessions->n; i++)
            if (!strcmp(sessions->rows[i][COL_TS_ID], attended))
                rm_notice(pg, "success", apr_pstrcat(p, "You have completed your training (",
                          sessions->rows[i][COL_TS_TITLE], ", ",
                          rm_date_human(p, sessions->rows[i][COL_TS_DAY]), ").", NULL));
    }

    sec = rm_section(pg, pg->main, "h-sessions", "Sessions");
    for (int i = 0; i < sessions->n; i++)
        if (!strcmp(sessions->rows[i][COL_TS_ROLE], role)) nrole++;
    if (nrole == 0) {
        rm_el(sec, "p", "The programme team has not set up training sessions for your "
              "role yet. They will appear here.");
        return rm_page_send(pg, status);
    }
    {
        static const char *const heads[] = { "Session", "When", "Where",
                                             "Places left", "Your booking", NULL };
        tb = rm_table(pg, sec, NULL, "h-sessions", heads);
    }
    for (int i = 0; i < sessions->n; i++) {
        const char **s = sessions->rows[i];
        xmlNodePtr tr, td;
        int started, mine_open;
        if (strcmp(s[COL_TS_ROLE], role)) continue;
        started = rm_session_started(s[COL_TS_DAY], s[COL_TS_STARTS], rq->today, now);
        mine_open = open_session && !strcmp(open_session, s[COL_TS_ID]);
        tr = rm_row(tb);
        rm_td(tr, s[COL_TS_TITLE]);
        rm_td(tr, when(p, s));
        where(rq, rm_td(tr, NULL), s);
        rm_td(tr, places_left(p, s));
        td = rm_td(tr, NULL);
        if (attended && !strcmp(attended, s[COL_TS_ID])) {
            rm_text(td, "Attended");
        }
        else if (mine_open) {
            rm_el(td, "strong", "Booked");
            if (!started) {
                xmlNodePtr f = rm_form(pg, td, rm_url(rq, apr_pstrcat(p, "/programmes/",
                                       prog[COL_PROG_ID], "/training/cancel", NULL)));
                rm_button(f, "Cancel this booking", "button button-secondary");
            }
        }
        else if (attended || started) {
            rm_text(td, started ? "Started" : "");
        }
        else if (apr_atoi64(s[COL_TS_TAKEN]) >= apr_atoi64(s[COL_TS_CAPACITY])) {
            rm_text(td, "Full");
        }
        else {
            xmlNodePtr f = rm_form(pg, td, rm_url(rq, apr_pstrcat(p, "/programmes/",
                                   prog[COL_PROG_ID], "/training/book", NULL)));
            rm_hidden(f, "session", s[COL_TS_ID]);
            {
                xmlNodePtr b = rm_button(f, open_session ? "Move my booking here"
                                                         : "Book this session",
                                         "button button-secondary");
                /* the name starts with the visible text (WCAG 2.5.3) */
                rm_attr(b, "aria-label", apr_pstrcat(p, open_session ? "Move my booking here: "
                                                                     : "Book this session: ",
                                                     s[COL_TS_TITLE], ", ",
                                                     rm_date_human(p, s[COL_TS_DAY]), NULL));
            }
        }
    }
    return rm_page_send(pg, status);
}

int rm_page_training_mine(rm_req *rq, const rm_route_match *m)
{
    const char **prog = rm_load_programme(rq, arg_id(m, 0)), **app;
    if (!prog || !(app = accepted_application(rq, prog))) return rm_not_found(rq);
    return render_mine(rq, prog, app, NULL, HTTP_OK);
}

int rm_page_training_book_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    const char **prog = rm_load_programme(rq, arg_id(m, 0)), **app, **s;
    const char *sid = apr_table_get(rq->form, "session"), *now;
    rm_rows *rows, *open;
    const char *problem = NULL;

    if (!prog || !(app = accepted_application(rq, prog))) return rm_not_found(rq);
    if (!sid || rm_parse_id(sid) <= 0
        || rm_db_select(rq->db, RM_Q_TS_GET, &rows, RM_ARGS(sid)) != 0 || rows->n != 1)
        return rm_not_found(rq);
    s = rows->rows[0];
    /* someone else's programme or role: not theirs to book */
    if (strcmp(s[COL_TS_PROGRAMME], prog[COL_PROG_ID]) || strcmp(s[COL_TS_ROLE], app[1]))
        return rm_not_found(rq);
    if (rm_session_started(s[COL_TS_DAY], s[COL_TS_STARTS], rq->today, rm_now_hhmm(rq)))
        return render_mine(rq, prog, app, "That session has already started, so it "
                           "cannot be booked. Choose a later session.", HTTP_CONFLICT);

    now = rm_i64(p, apr_time_sec(rq->now));
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    /* the session's row lock serialises its bookings, the application's
     * the person's (always in this order); then read again */
    rm_db_exec(rq->db, RM_Q_TS_TOUCH, NULL, RM_ARGS(s[COL_TS_ID]));
    rm_db_exec(rq->db, RM_Q_TB_APP_LOCK, NULL, RM_ARGS(app[0]));
    if (rm_db_select(rq->db, RM_Q_TB_ATTENDED_NOW, &rows, RM_ARGS(app[0])) != 0
        || rm_db_select(rq->db, RM_Q_TB_OPEN_NOW, &open, RM_ARGS(app[0])) != 0) {
        rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    if (apr_atoi64(rows->rows[0][0]) > 0)
        problem = "You have already completed your training, so there is nothing to book.";
    else if (open->n && !strcmp(open->rows[0][1], s[COL_TS_ID])) {
        rm_db_end(rq->db, 0);
        return rm_redirect(rq, apr_pstrcat(p, "/programmes/", prog[COL_PROG_ID],
                                           "/training?done=booked", NULL));
    }
    else if (open->n && rm_session_started(open->rows[0][2], open->rows[0][3], rq->today,
                                           rm_now_hhmm(rq)))
        problem = "The session you booked has started, so your booking can no longer "
                  "be moved. If you missed it, ask the programme team to record it; "
                  "you can then book a later session.";
    else if (rm_db_select(rq->db, RM_Q_TS_TAKEN_NOW, &rows, RM_ARGS(s[COL_TS_ID])) != 0) {
        rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    else if (apr_atoi64(rows->rows[0][0]) >= apr_atoi64(s[COL_TS_CAPACITY]))
        problem = apr_psprintf(p, "%s on %s is full: all %s places are taken. Choose "
                               "another session.", s[COL_TS_TITLE],
                               rm_date_human(p, s[COL_TS_DAY]), s[COL_TS_CAPACITY]);
    if (problem) {
        rm_db_end(rq->db, 0);
        return render_mine(rq, prog, app, problem, HTTP_CONFLICT);
    }
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    if (open->n)
        rm_db_exec(rq->db, RM_Q_TB_DELETE, NULL, RM_ARGS(open->rows[0][0], app[0]));
    rm_db_exec(rq->db, RM_Q_TB_INSERT, NULL, RM_ARGS(s[COL_TS_ID], app[0], now));
    rm_audit(rq, open->n ? "training.move" : "training.book", "training_session",
             rm_parse_id(s[COL_TS_ID]), "");
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    return rm_redirect(rq, apr_pstrcat(p, "/programmes/", prog[COL_PROG_ID],
                                       "/training?done=booked", NULL));
}

int rm_page_training_cancel_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    const char **prog = rm_load_programme(rq, arg_id(m, 0)), **app;
    rm_rows *open;
    int nrows = 0;

    if (!prog || !(app = accepted_application(rq, prog))) return rm_not_found(rq);
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (rm_db_select(rq->db, RM_Q_TB_OPEN_NOW, &open, RM_ARGS(app[0])) != 0) {
        rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    if (open->n == 0) {
        rm_db_end(rq->db, 0);
        return rm_redirect(rq, apr_pstrcat(p, "/programmes/", prog[COL_PROG_ID],
                                           "/training?done=cancelled", NULL));
    }
    if (rm_session_started(open->rows[0][2], open->rows[0][3], rq->today, rm_now_hhmm(rq))) {
        rm_db_end(rq->db, 0);
        return render_mine(rq, prog, app, "Your session has started, so the booking "
                           "can no longer be cancelled.", HTTP_CONFLICT);
    }
    rm_db_exec(rq->db, RM_Q_TB_DELETE, &nrows, RM_ARGS(open->rows[0][0], app[0]));
    if (nrows == 1)
        rm_audit(rq, "training.cancel", "training_session", rm_parse_id(open->rows[0][1]), "");
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    return rm_redirect(rq, apr_pstrcat(p, "/programmes/", prog[COL_PROG_ID],
                                       "/training?done=cancelled", NULL));
}

/* ---- the team's training page --------------------------------------------- */

/* the team, as select options: person id, name (principal) */
static const char **team_options(rm_req *rq, rm_rows *team)
{
    apr_pool_t *p = rq->r->pool;
    const char **o = apr_pcalloc(p, sizeof(char *) * (2 * team->n + 3));
    o[0] = "";
    o[1] = "Choose who runs it";
    for (int i = 0; i < team->n; i++) {
        o[2 + 2 * i] = team->rows[i][0];
        o[3 + 2 * i] = apr_pstrcat(p, *team->rows[i][1] ? team->rows[i][1] : team->rows[i][2],
                                   " (", team->rows[i][2], ")", NULL);
    }
    return o;
}

static void session_fields(rm_page *pg, xmlNodePtr f, const char **prog, form_vals *fv,
                           rm_rows *team, int with_role)
{
    apr_pool_t *p = pg->rq->r->pool;
    if (with_role) {
        const char *roles[] = { "mentor", "Mentor", "senior", rm_role_label(prog, "senior"), NULL };
        rm_radios(pg, f, "role", "For which role?", roles, V("role"), NULL, E("role"));
    }
    rm_input(pg, f, "text", "title", "Title", V("title"),
             "For example, Mentor training (half a day).", E("title"), 1, 200);
    rm_input(pg, f, "date", "day", "Date", V("day"), "For example, 14 January 2027.",
             E("day"), 1, 10);
    rm_input(pg, f, "time", "starts", "Starts at", V("starts"), "For example, 09:30.",
             E("starts"), 1, 5);
    rm_input(pg, f, "time", "ends", "Ends at", V("ends"), "For example, 13:00.", E("ends"), 1, 5);
    rm_input(pg, f, "text", "place", "Place", V("place"),
             "A room and building. Leave empty for a session held only online.",
             E("place"), 0, 300);
    rm_input(pg, f, "url", "link", "Online link", V("link"),
             "Shown to the people of this role. Leave empty for a session held only in person.",
             E("link"), 0, 500);
    rm_input(pg, f, "number", "capacity", "Places", V("capacity"), NULL, E("capacity"), 1, 4);
    rm_select(pg, f, "facilitator", "Facilitator who runs it", team_options(pg->rq, team),
              V("facilitator"), E("facilitator"));
    (void)p;
}

/* Read and check the session form into fv; 1 when it has no errors. */
static int read_session(rm_req *rq, form_vals *fv, rm_rows *team, int with_role)
{
    apr_pool_t *p = rq->r->pool;
    static const char *const roles[] = { "mentor", "senior", NULL };
    static const char *const names[] = { "role", "title", "day", "starts", "ends", "place",
                                         "link", "capacity", "facilitator", NULL };
    long cap;
    int found = 0;
    for (int i = 0; names[i]; i++)
        apr_table_setn(fv->v, names[i], rm_trim(p, apr_table_get(rq->form, names[i])));
    if (with_role) SETE("role", rm_check_choice(p, "the role", V("role"), roles, 1));
    SETE("title", rm_check_text(p, "the title", V("title"), 1, 200, 0));
    SETE("day", rm_check_date(p, "the date", V("day"), 1));
    SETE("starts", rm_check_time(p, "the start time", V("starts"), 1));
    SETE("ends", rm_check_time(p, "the end time", V("ends"), 1));
    SETE("place", rm_check_text(p, "the place", V("place"), 0, 300, 0));
    SETE("link", rm_check_link(p, "the online link", V("link"), 0, 500));
    SETE("capacity", rm_check_int(p, "the number of places", V("capacity"), 1, 1000, &cap));
    if (!apr_table_get(fv->e, "starts") && !apr_table_get(fv->e, "ends")
        && strcmp(V("ends"), V("starts")) <= 0)
        apr_table_setn(fv->e, "ends", "The end time must be after the start time.");
    if (!apr_table_get(fv->e, "place") && !apr_table_get(fv->e, "link")
        && !*V("place") && !*V("link"))
        apr_table_setn(fv->e, "place", "Enter a place, an online link, or both.");
    for (int i = 0; i < team->n; i++)
        if (!strcmp(team->rows[i][0], V("facilitator"))) found = 1;
    if (!found)
        apr_table_setn(fv->e, "facilitator", "Choose the member of the programme team "
                       "who runs the session.");
    return apr_is_empty_table(fv->e);
}

/* The programme (on whose team the requester is) or NULL after sending 404. */
static const char **team_programme(rm_req *rq, long long id, int *access)
{
    const char **prog = rm_load_programme(rq, id);
    *access = prog ? rm_team_access(rq, prog[COL_PROG_ID]) : 0;
    if (!*access) {
        if (prog)
            ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, rq->r,
                          RM_TAG "refused %s the training of programme %s: not on the team",
                          rq->id.principal, prog[COL_PROG_ID]);
        return NULL;
    }
    return prog;
}

static const char *training_state(apr_pool_t *p, const char **row)
{
    if (apr_atoi64(row[COL_TR_ATTENDED]) > 0) return "Completed";
    if (*row[COL_TR_BOOKED_TITLE])
        return apr_pstrcat(p, "Booked: ", row[COL_TR_BOOKED_TITLE], ", ",
                           rm_date_human(p, row[COL_TR_BOOKED_DAY]), NULL);
    if (apr_atoi64(row[COL_TR_ABSENT]) > 0) return "Absent, not booked again";
    return "Not booked";
}

static int render_admin(rm_req *rq, const char **prog, int access, form_vals *fv,
                        form_vals *ov, int status)
{
    apr_pool_t *p = rq->r->pool;
    const char *pid = prog[COL_PROG_ID];
    rm_rows *sessions, *st, *team = NULL;
    rm_page *pg;
    xmlNodePtr sec, para;
    int admin = access & RM_TEAM_ADMIN;
    static const char *const rl[] = { "mentor", "senior" };

    if (rm_db_select(rq->db, RM_Q_TS_LIST, &sessions, RM_ARGS(pid)) != 0
        || rm_db_select(rq->db, RM_Q_TR_STATUS, &st, RM_ARGS(pid)) != 0
        || (admin && rm_db_select(rq->db, RM_Q_TEAM_PEOPLE, &team, RM_ARGS(pid)) != 0))
        return rm_not_found(rq);
    pg = rm_page_new(rq, apr_pstrcat(p, "Training: ", prog[COL_PROG_NAME], NULL));
    rm_done_notice(pg);
    para = rm_el(pg->main, "p", NULL);
    if (admin) {
        rm_link(para, rm_url(rq, prog_path(p, pid, "/applications")), "Applications");
        rm_text(para, " ");
    }
    rm_link(para, rm_url(rq, prog_path(p, pid, "/matching")), "Matching");

    /* sessions, per role */
    for (int r = 0; r < 2; r++) {
        static const char *const heads[] = { "Session", "When", "Where", "Facilitator",
                                             "Places taken", "Manage", NULL };
        const char *hid = apr_pstrcat(p, "h-sessions-", rl[r], NULL);
        xmlNodePtr tb = NULL;
        sec = rm_section(pg, pg->main, hid, apr_pstrcat(p, rm_role_label(prog, rl[r]),
                                                        " training sessions", NULL));
        for (int i = 0; i < sessions->n; i++) {
            const char **s = sessions->rows[i];
            xmlNodePtr tr, td;
            if (strcmp(s[COL_TS_ROLE], rl[r])) continue;
            if (!tb) tb = rm_table(pg, sec, NULL, hid, heads);
            tr = rm_row(tb);
            rm_td(tr, s[COL_TS_TITLE]);
            rm_td(tr, when(p, s));
            where(rq, rm_td(tr, NULL), s);
            rm_td(tr, s[COL_TS_FACILITATOR_NAME]);
            rm_td(tr, apr_pstrcat(p, s[COL_TS_TAKEN], " of ", s[COL_TS_CAPACITY], NULL));
            td = rm_td(tr, NULL);
            rm_link(td, rm_url(rq, apr_pstrcat(p, "/training/", s[COL_TS_ID], "/register", NULL)),
                    "Register");
            if (admin) {
                rm_text(td, " ");
                rm_link(td, rm_url(rq, apr_pstrcat(p, "/admin/training/", s[COL_TS_ID],
                                                   "/edit", NULL)), "Edit");
            }
        }
        if (!tb) rm_el(sec, "p", "No sessions yet.");
    }

    if (admin) {
        xmlNodePtr f;
        sec = rm_section(pg, pg->main, "h-add", "Add a training session");
        rm_el(sec, "p", "Mentor training is usually half a day and Senior Mentor "
              "training a full day. Add a repeat date for those who miss the first.");
        f = rm_form(pg, sec, rm_url(rq, prog_path(p, pid, "/training/sessions")));
        session_fields(pg, f, prog, fv, team, 1);
        rm_button(f, "Add session", NULL);
    }

    /* who has completed training, who is booked, who is not */
    sec = rm_section(pg, pg->main, "h-status", "Training of accepted applicants");
    {
        static const char *const heads[] = { "Role", "Completed", "Booked", "Not booked",
                                             "Override to match untrained", NULL };
        xmlNodePtr tb = rm_table(pg, sec, "Summary", NULL, heads);
        for (int r = 0; r < 2; r++) {
            int done = 0, booked = 0, none = 0, over = 0;
            xmlNodePtr tr = rm_row(tb), th;
            for (int i = 0; i < st->n; i++) {
                const char **row = st->rows[i];
                if (strcmp(row[COL_TR_ROLE], rl[r])) continue;
                if (apr_atoi64(row[COL_TR_ATTENDED]) > 0) done++;
                else if (*row[COL_TR_BOOKED_TITLE]) booked++;
                else none++;
                if (*row[COL_TR_OVERRIDE] && apr_atoi64(row[COL_TR_ATTENDED]) == 0) over++;
            }
            th = rm_el(tr, "th", rm_role_label(prog, rl[r]));
            rm_attr(th, "scope", "row");
            rm_td(tr, apr_itoa(p, done));
            rm_td(tr, apr_itoa(p, booked));
            rm_td(tr, apr_itoa(p, none));
            rm_td(tr, apr_itoa(p, over));
        }
    }
    if (st->n == 0) {
        rm_el(sec, "p", "No one has been accepted yet.");
    }
    else {
        static const char *const heads[] = { "Name", "Role", "Training",
                                             "Override", NULL };
        xmlNodePtr tb = rm_table(pg, sec, "Everyone accepted", NULL, heads);
        for (int i = 0; i < st->n; i++) {
            const char **row = st->rows[i];
            xmlNodePtr tr = rm_row(tb), td;
            rm_td(tr, row[COL_TR_NAME]);
            rm_td(tr, rm_role_label(prog, row[COL_TR_ROLE]));
            rm_td(tr, training_state(p, row));
            td = rm_td(tr, *row[COL_TR_OVERRIDE] ? row[COL_TR_OVERRIDE] : NULL);
            if (admin && *row[COL_TR_OVERRIDE]) {
                xmlNodePtr f = rm_form(pg, td, rm_url(rq, prog_path(p, pid, "/training/override")));
                xmlNodePtr b;
                rm_hidden(f, "application", row[COL_TR_APP]);
                rm_hidden(f, "action", "remove");
                b = rm_button(f, "Remove override", "button button-secondary");
                rm_attr(b, "aria-label", apr_pstrcat(p, "Remove override for ",
                                                     row[COL_TR_NAME], NULL));
            }
        }
    }
    if (admin) {
        const char **opts = apr_pcalloc(p, sizeof(char *) * (2 * st->n + 3));
        int k = 2;
        xmlNodePtr f;
        opts[0] = "";
        opts[1] = "Choose a person";
        for (int i = 0; i < st->n; i++) {
            if (apr_atoi64(st->rows[i][COL_TR_ATTENDED]) > 0) continue;
            opts[k++] = st->rows[i][COL_TR_APP];
            opts[k++] = apr_pstrcat(p, st->rows[i][COL_TR_NAME], " (",
                                    rm_role_label(prog, st->rows[i][COL_TR_ROLE]), ")", NULL);
        }
        sec = rm_section(pg, pg->main, "h-override", "Match someone without training");
        rm_el(sec, "p", "Matching leaves out anyone who has not attended training. "
              "If someone should be matched all the same (for example, they completed "
              "the training on an earlier programme), record it here with the reason. "
              "The reason is kept and the decision recorded in the audit trail.");
        /* a refused override shows the form, which carries its errors */
        if (k == 2 && apr_is_empty_table(ov->e)) {
            rm_el(sec, "p", st->n ? "Everyone accepted has completed training."
                                  : "No one has been accepted yet.");
        }
        else {
            f = rm_form(pg, sec, rm_url(rq, prog_path(p, pid, "/training/override")));
            rm_hidden(f, "action", "record");
            rm_select(pg, f, "application", "Person", opts, apr_table_get(ov->v, "application"),
                      apr_table_get(ov->e, "application"));
            rm_textarea(pg, f, "reason", "Reason", apr_table_get(ov->v, "reason"), NULL,
                        apr_table_get(ov->e, "reason"), 1, 500);
            rm_button(f, "Record override", "button button-secondary");
        }
    }
    return rm_page_send(pg, status);
}

int rm_page_training_admin(rm_req *rq, const rm_route_match *m)
{
    int access, rv;
    const char **prog = team_programme(rq, arg_id(m, 0), &access);
    form_vals *fv = fv_new(rq->r->pool);
    if (!prog) return rm_not_found(rq);
    /* no time of day on it: kept as written while nothing changes (html.c) */
    if ((rv = rm_page_from_cache(rq)) != OK) return rv;
    apr_table_setn(fv->v, "capacity", "20");
    return render_admin(rq, prog, access, fv, fv_new(rq->r->pool), HTTP_OK);
}

int rm_page_session_create_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    int access;
    const char **prog = team_programme(rq, arg_id(m, 0), &access);
    form_vals *fv = fv_new(p);
    rm_rows *team, *ins;
    const char *now, *id = NULL;

    if (!prog || !(access & RM_TEAM_ADMIN)) return rm_not_found(rq);
    if (rm_db_select(rq->db, RM_Q_TEAM_PEOPLE, &team, RM_ARGS(prog[COL_PROG_ID])) != 0)
        return rm_not_found(rq);
    if (!read_session(rq, fv, team, 1))
        return render_admin(rq, prog, access, fv, fv_new(p), HTTP_UNPROCESSABLE_ENTITY);
    now = rm_i64(p, apr_time_sec(rq->now));
#define F(k) apr_table_get(fv->v, k)
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    if (rm_db_select(rq->db, RM_Q_TS_INSERT, &ins,
                     RM_ARGV(TS_INSERT, .programme_id = prog[COL_PROG_ID], .role = F("role"),
                             .title = F("title"), .day = F("day"), .starts = F("starts"),
                             .ends = F("ends"), .place = F("place"), .link = F("link"),
                             .capacity = F("capacity"), .facilitator_id = F("facilitator"),
                             .created_at = now, .updated_at = now)) == 0 && ins->n == 1) {
        id = ins->rows[0][0];
        rm_audit(rq, "training.session_create", "training_session", rm_parse_id(id), F("role"));
    }
#undef F
    if (!id || rm_db_end(rq->db, 1) != 0) {
        if (rm_db_in_transaction(rq->db)) rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    return rm_redirect(rq, prog_path(p, prog[COL_PROG_ID], "/training?done=session-added"));
}

/* The session and its programme, for a team member; NULL after a 404. */
static const char **team_session(rm_req *rq, long long id, const char ***prog, int *access)
{
    rm_rows *rows;
    if (id <= 0 || rm_db_select(rq->db, RM_Q_TS_GET, &rows,
                                RM_ARGS(rm_i64(rq->r->pool, id))) != 0 || rows->n != 1)
        return NULL;
    if (!(*prog = team_programme(rq, rm_parse_id(rows->rows[0][COL_TS_PROGRAMME]), access)))
        return NULL;
    return rows->rows[0];
}

static int render_session_form(rm_req *rq, const char **s, const char **prog,
                               form_vals *fv, rm_rows *team, int status)
{
    apr_pool_t *p = rq->r->pool;
    rm_page *pg = rm_page_new(rq, apr_pstrcat(p, "Edit training session: ",
                                              s[COL_TS_TITLE], NULL));
    xmlNodePtr f, para;
    para = rm_el(pg->main, "p", NULL);
    rm_link(para, rm_url(rq, prog_path(p, prog[COL_PROG_ID], "/training")),
            apr_pstrcat(p, "Back to the training of ", prog[COL_PROG_NAME], NULL));
    rm_el(pg->main, "p", apr_pstrcat(p, "For: ", rm_role_label(prog, s[COL_TS_ROLE]), "s. ",
          s[COL_TS_TAKEN], " places are taken; the places cannot be fewer.", NULL));
    f = rm_form(pg, pg->main, rm_url(rq, apr_pstrcat(p, "/admin/training/", s[COL_TS_ID],
                                                      "/edit", NULL)));
    session_fields(pg, f, prog, fv, team, 0);
    rm_button(f, "Save session", NULL);
    if (!strcmp(s[COL_TS_TAKEN], "0")) {
        xmlNodePtr sec = rm_section(pg, pg->main, "h-delete", "Delete this session");
        rm_el(sec, "p", "No one is booked on this session, so it can be deleted.");
        f = rm_form(pg, sec, rm_url(rq, apr_pstrcat(p, "/admin/training/", s[COL_TS_ID],
                                                     "/delete", NULL)));
        rm_button(f, "Delete this session", "button button-warning");
    }
    return rm_page_send(pg, status);
}

int rm_page_session_form(rm_req *rq, const rm_route_match *m)
{
    const char **prog, **s;
    int access;
    rm_rows *team;
    form_vals *fv = fv_new(rq->r->pool);
    if (!(s = team_session(rq, arg_id(m, 0), &prog, &access)) || !(access & RM_TEAM_ADMIN)
        || rm_db_select(rq->db, RM_Q_TEAM_PEOPLE, &team, RM_ARGS(prog[COL_PROG_ID])) != 0)
        return rm_not_found(rq);
    apr_table_setn(fv->v, "title", s[COL_TS_TITLE]);
    apr_table_setn(fv->v, "day", s[COL_TS_DAY]);
    apr_table_setn(fv->v, "starts", s[COL_TS_STARTS]);
    apr_table_setn(fv->v, "ends", s[COL_TS_ENDS]);
    apr_table_setn(fv->v, "place", s[COL_TS_PLACE]);
    apr_table_setn(fv->v, "link", s[COL_TS_LINK]);
    apr_table_setn(fv->v, "capacity", s[COL_TS_CAPACITY]);
    apr_table_setn(fv->v, "facilitator", s[COL_TS_FACILITATOR]);
    return render_session_form(rq, s, prog, fv, team, HTTP_OK);
}

int rm_page_session_edit_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    const char **prog, **s;
    int access, nrows = 0;
    rm_rows *team, *taken;
    form_vals *fv = fv_new(p);
    if (!(s = team_session(rq, arg_id(m, 0), &prog, &access)) || !(access & RM_TEAM_ADMIN)
        || rm_db_select(rq->db, RM_Q_TEAM_PEOPLE, &team, RM_ARGS(prog[COL_PROG_ID])) != 0)
        return rm_not_found(rq);
    if (!read_session(rq, fv, team, 0))
        return render_session_form(rq, s, prog, fv, team, HTTP_UNPROCESSABLE_ENTITY);
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    rm_db_exec(rq->db, RM_Q_TS_TOUCH, NULL, RM_ARGS(s[COL_TS_ID]));
    if (rm_db_select(rq->db, RM_Q_TS_TAKEN_NOW, &taken, RM_ARGS(s[COL_TS_ID])) != 0) {
        rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    if (apr_atoi64(taken->rows[0][0]) > apr_atoi64(apr_table_get(fv->v, "capacity"))) {
        rm_db_end(rq->db, 0);
        apr_table_setn(fv->e, "capacity", apr_psprintf(p, "%s places are taken: the "
                       "session needs at least that many.", taken->rows[0][0]));
        return render_session_form(rq, s, prog, fv, team, HTTP_CONFLICT);
    }
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
#define F(k) apr_table_get(fv->v, k)
    rm_db_exec(rq->db, RM_Q_TS_UPDATE, &nrows,
               RM_ARGV(TS_UPDATE, .title = F("title"), .day = F("day"), .starts = F("starts"),
                       .ends = F("ends"), .place = F("place"), .link = F("link"),
                       .capacity = F("capacity"), .facilitator_id = F("facilitator"),
                       .updated_at = rm_i64(p, apr_time_sec(rq->now)), .id = s[COL_TS_ID]));
#undef F
    if (nrows == 1)
        rm_audit(rq, "training.session_update", "training_session",
                 rm_parse_id(s[COL_TS_ID]), "");
    if (nrows != 1 || rm_db_end(rq->db, 1) != 0) {
        if (rm_db_in_transaction(rq->db)) rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    return rm_redirect(rq, prog_path(p, prog[COL_PROG_ID], "/training?done=session-saved"));
}

int rm_page_session_delete_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    const char **prog, **s;
    int access, nrows = 0;
    rm_rows *n;
    if (!(s = team_session(rq, arg_id(m, 0), &prog, &access)) || !(access & RM_TEAM_ADMIN))
        return rm_not_found(rq);
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    rm_db_exec(rq->db, RM_Q_TS_TOUCH, NULL, RM_ARGS(s[COL_TS_ID]));
    if (rm_db_select(rq->db, RM_Q_TS_BOOKINGS_NOW, &n, RM_ARGS(s[COL_TS_ID])) != 0) {
        rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    if (apr_atoi64(n->rows[0][0]) > 0) {
        rm_db_end(rq->db, 0);
        return rm_error_page(rq, HTTP_CONFLICT, "Session has bookings",
                             "People have booked this session (or its register has been "
                             "taken), so it cannot be deleted. Change its details instead.");
    }
    rm_db_exec(rq->db, RM_Q_TS_DELETE, &nrows, RM_ARGS(s[COL_TS_ID]));
    if (nrows == 1)
        rm_audit(rq, "training.session_delete", "training_session", rm_parse_id(s[COL_TS_ID]), "");
    if (nrows != 1 || rm_db_end(rq->db, 1) != 0) {
        if (rm_db_in_transaction(rq->db)) rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    return rm_redirect(rq, prog_path(p, prog[COL_PROG_ID], "/training?done=session-deleted"));
}

/* ---- the register ----------------------------------------------------------- */

static int render_register(rm_req *rq, const char **s, const char **prog,
                           apr_table_t *errors, int status)
{
    apr_pool_t *p = rq->r->pool;
    rm_rows *reg;
    rm_page *pg;
    xmlNodePtr para, f;
    int started = rm_session_started(s[COL_TS_DAY], s[COL_TS_STARTS], rq->today,
                                     rm_now_hhmm(rq));
    static const char *const opts[] = { "attended", "Attended", "absent", "Absent", NULL };

    if (rm_db_select(rq->db, RM_Q_TB_REGISTER, &reg, RM_ARGS(s[COL_TS_ID])) != 0)
        return rm_not_found(rq);
    pg = rm_page_new(rq, apr_pstrcat(p, "Register: ", s[COL_TS_TITLE], NULL));
    rm_done_notice(pg);
    para = rm_el(pg->main, "p", NULL);
    rm_link(para, rm_url(rq, prog_path(p, prog[COL_PROG_ID], "/training")),
            apr_pstrcat(p, "Back to the training of ", prog[COL_PROG_NAME], NULL));
    {
        xmlNodePtr dl = rm_dl(pg->main);
        rm_dl_item(dl, "For", apr_pstrcat(p, rm_role_label(prog, s[COL_TS_ROLE]), "s", NULL));
        rm_dl_item(dl, "When", when(p, s));
        rm_dl_item(dl, "Facilitator", s[COL_TS_FACILITATOR_NAME]);
        rm_dl_item(dl, "Booked", apr_pstrcat(p, s[COL_TS_TAKEN], " of ", s[COL_TS_CAPACITY],
                                             " places", NULL));
    }
    if (reg->n == 0) {
        rm_el(pg->main, "p", "No one has booked this session.");
        return rm_page_send(pg, status);
    }
    if (!started) {
        static const char *const heads[] = { "Name", NULL };
        xmlNodePtr tb;
        rm_el(pg->main, "p", apr_pstrcat(p, "You can take the register from the start of "
              "the session, ", when(p, s), ". These people have booked:", NULL));
        tb = rm_table(pg, pg->main, "Booked", NULL, heads);
        for (int i = 0; i < reg->n; i++) rm_td(rm_row(tb), reg->rows[i][COL_TB_NAME]);
        return rm_page_send(pg, status);
    }
    f = rm_form(pg, pg->main, rm_url(rq, apr_pstrcat(p, "/training/", s[COL_TS_ID],
                                                      "/register", NULL)));
    rm_el(f, "p", "Record for each person whether they attended. Attending training "
          "makes them ready to be matched.");
    for (int i = 0; i < reg->n; i++) {
        const char **b = reg->rows[i];
        const char *name = apr_pstrcat(p, "att-", b[COL_TB_ID], NULL);
        const char *posted = errors ? apr_table_get(rq->form, name) : NULL;
        rm_radios(pg, f, name, b[COL_TB_NAME], opts,
                  posted ? posted : b[COL_TB_ATTENDANCE], NULL,
                  errors ? apr_table_get(errors, name) : NULL);
    }
    rm_button(f, "Save the register", NULL);
    return rm_page_send(pg, status);
}

int rm_page_register(rm_req *rq, const rm_route_match *m)
{
    const char **prog, **s;
    int access;
    if (!(s = team_session(rq, arg_id(m, 0), &prog, &access))) return rm_not_found(rq);
    return render_register(rq, s, prog, NULL, HTTP_OK);
}

int rm_page_register_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    static const char *const choices[] = { "attended", "absent", NULL };
    const char **prog, **s, *now;
    int access, marked = 0;
    rm_rows *reg;
    apr_table_t *errors = apr_table_make(p, 4);

    if (!(s = team_session(rq, arg_id(m, 0), &prog, &access))) return rm_not_found(rq);
    if (!rm_session_started(s[COL_TS_DAY], s[COL_TS_STARTS], rq->today, rm_now_hhmm(rq)))
        return rm_error_page(rq, HTTP_CONFLICT, "Register not open yet",
                             apr_pstrcat(p, "The register can be taken from the start of "
                                         "the session, ", when(p, s), ".", NULL));
    if (rm_db_select(rq->db, RM_Q_TB_REGISTER, &reg, RM_ARGS(s[COL_TS_ID])) != 0)
        return rm_not_found(rq);
    for (int i = 0; i < reg->n; i++) {
        const char *name = apr_pstrcat(p, "att-", reg->rows[i][COL_TB_ID], NULL);
        const char *v = apr_table_get(rq->form, name), *e;
        if ((e = rm_check_choice(p, apr_pstrcat(p, "whether ", reg->rows[i][COL_TB_NAME],
                                                " attended", NULL), v, choices, 1)))
            apr_table_setn(errors, name, e);
    }
    if (!apr_is_empty_table(errors))
        return render_register(rq, s, prog, errors, HTTP_UNPROCESSABLE_ENTITY);
    now = rm_i64(p, apr_time_sec(rq->now));
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    for (int i = 0; i < reg->n; i++) {
        const char *v = apr_table_get(rq->form, apr_pstrcat(p, "att-", reg->rows[i][COL_TB_ID], NULL));
        int n = 0;
        if (!strcmp(v, reg->rows[i][COL_TB_ATTENDANCE])) continue;
        rm_db_exec(rq->db, RM_Q_TB_MARK, &n,
                   RM_ARGS(v, rm_i64(p, rq->person_id), now, reg->rows[i][COL_TB_ID],
                           s[COL_TS_ID]));
        marked += n;
    }
    rm_audit(rq, "training.register", "training_session", rm_parse_id(s[COL_TS_ID]),
             apr_itoa(p, marked));
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    return rm_redirect(rq, apr_pstrcat(p, "/training/", s[COL_TS_ID], "/register?done=register",
                                       NULL));
}

/* ---- overrides ---------------------------------------------------------------- */

int rm_page_override_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    static const char *const actions[] = { "record", "remove", NULL };
    int access;
    const char **prog = team_programme(rq, arg_id(m, 0), &access), **app;
    const char *action = apr_table_get(rq->form, "action");
    const char *aid = apr_table_get(rq->form, "application");
    const char *reason = rm_trim(p, apr_table_get(rq->form, "reason")), *e;
    form_vals *ov = fv_new(p);
    int remove;

    if (!prog || !(access & RM_TEAM_ADMIN)) return rm_not_found(rq);
    if (rm_check_choice(p, "action", action, actions, 1))
        return rm_error_page(rq, HTTP_BAD_REQUEST, "Form not understood",
                             "The form did not say what to do. Start again from the "
                             "training page.");
    remove = !strcmp(action, "remove");
    apr_table_setn(ov->v, "application", aid ? aid : "");
    apr_table_setn(ov->v, "reason", reason);
    app = aid && rm_parse_id(aid) > 0 ? rm_load_application(rq, rm_parse_id(aid)) : NULL;
    if (rq->db->db_error) return rm_not_found(rq);
    if (aid && *aid && (!app || strcmp(app[COL_APP_PROGRAMME], prog[COL_PROG_ID])))
        return rm_not_found(rq);     /* another programme's applicant */
    if (!app)
        apr_table_setn(ov->e, "application", "Choose the person to match without training.");
    else if (strcmp(app[COL_APP_STATUS], "accepted"))
        apr_table_setn(ov->e, "application", "Only accepted applicants can be matched.");
    if (!remove && (e = rm_check_text(p, "the reason", reason, 1, 500, 1)))
        apr_table_setn(ov->e, "reason", e);
    if (!apr_is_empty_table(ov->e))
        return render_admin(rq, prog, access, fv_new(p), ov, HTTP_UNPROCESSABLE_ENTITY);

    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    if (remove)
        rm_db_exec(rq->db, RM_Q_TO_DELETE, NULL, RM_ARGS(app[COL_APP_ID]));
    else
        rm_db_exec(rq->db, RM_Q_TO_UPSERT, NULL,
                   RM_ARGS(app[COL_APP_ID], reason, rm_i64(p, rq->person_id),
                           rm_i64(p, apr_time_sec(rq->now))));
    /* the reason is free text: kept in its table, never in the audit row */
    rm_audit(rq, remove ? "training.override_remove" : "training.override",
             "application", rm_parse_id(app[COL_APP_ID]), "");
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    return rm_redirect(rq, prog_path(p, prog[COL_PROG_ID], remove
                                     ? "/training?done=override-removed"
                                     : "/training?done=override"));
}
