/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The end-of-programme event.
 *
 * The programme's admins set it up (date, times, place and / or link,
 * places, details) on the team's page, and record who attended once the day
 * has come; facilitators of the programme read the replies but never the
 * access needs.  Each participant (a partner of one of the programme's
 * pairs) replies yes, no or maybe, with access needs in their own words, and
 * may change the reply until the day of the event.  A yes needs a place:
 * replies are serialised per programme, so two people cannot take the last
 * place at once.  Anyone else gets 404.  Access needs are kept in their
 * table only: never in the audit trail or the log.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <http_protocol.h>
#include "closing.h"
#include "core/schedule.h"

APLOG_USE_MODULE(rmentor);

RM_NAMED_ARGS(EV_SETUP);
RM_NAMED_ARGS(EV_UPSERT);
RM_NAMED_ARGS(EV_ATTEND);

#define MAX_ACCESS 1000
#define MAX_DETAILS 2000
#define MAX_PLACE 300
#define MAX_LINK 500

/* ---- shared by the closing pages --------------------------------------------- */

rm_cl_form *rm_cl_form_new(apr_pool_t *p)
{
    rm_cl_form *fv = apr_pcalloc(p, sizeof(*fv));
    fv->v = apr_table_make(p, 8);
    fv->e = apr_table_make(p, 4);
    return fv;
}

long long rm_cl_arg(const rm_route_match *m, int i)
{
    return i < m->nargs ? rm_parse_id(m->args[i]) : 0;
}

const char *rm_cl_role(rm_req *rq, const char *programme_id)
{
    rm_rows *rows;
    long long me = rm_person_id(rq, 0);
    if (!me) return rq->db->db_error ? NULL : "";
    if (rm_db_select(rq->db, RM_Q_CL_ROLE, &rows,
                     RM_ARGS(programme_id, programme_id, rm_i64(rq->r->pool, me))) != 0
        || rows->n != 1)
        return NULL;
    return rows->rows[0][0];
}

const char *rm_cl_programme_end(apr_pool_t *p, const char **prog)
{
    const char *end = rm_date_add_months(p, prog[COL_PROG_START], atoi(prog[COL_PROG_LENGTH]));
    return end ? end : prog[COL_PROG_START];
}

int rm_cl_participant(rm_req *rq, long long id, const char ***prog, const char **role)
{
    *prog = rm_load_programme(rq, id);
    if (!*prog) return 0;
    *role = rm_cl_role(rq, (*prog)[COL_PROG_ID]);
    return *role && **role;
}

const char *rm_cl_path(apr_pool_t *p, const char *id, const char *rest)
{
    return apr_pstrcat(p, "/programmes/", id, rest, NULL);
}

const char *rm_cl_admin_path(apr_pool_t *p, const char *id, const char *rest)
{
    return apr_pstrcat(p, "/admin/programmes/", id, rest, NULL);
}

#define V(k) apr_table_get(fv->v, k)
#define E(k) apr_table_get(fv->e, k)
#define SETE(k, x) do { const char *e_ = (x); if (e_) apr_table_setn(fv->e, k, e_); } while (0)

/* ---- the event's details -------------------------------------------------------- */

static int event_set_up(const char **prog)
{
    return *prog[COL_PROG_EV_STARTS] != '\0';
}

/* The day has come: replies close, attendance can be recorded */
static int event_day_reached(rm_req *rq, const char **prog)
{
    return strcmp(rq->today, prog[COL_PROG_END_EVENT]) >= 0;
}

static const char *event_when(apr_pool_t *p, const char **prog)
{
    const char *day = rm_date_human(p, prog[COL_PROG_END_EVENT]);
    if (!event_set_up(prog)) return day;
    return apr_pstrcat(p, day, ", ", rm_time_of_day_human(p, prog[COL_PROG_EV_STARTS]),
                       " to ", rm_time_of_day_human(p, prog[COL_PROG_EV_ENDS]), NULL);
}

static void event_details(rm_req *rq, xmlNodePtr parent, const char **prog, long yes)
{
    apr_pool_t *p = rq->r->pool;
    xmlNodePtr dl = rm_dl(parent), dd;
    long cap = atol(prog[COL_PROG_EV_CAPACITY]);
    rm_dl_item(dl, "When", event_when(p, prog));
    if (*prog[COL_PROG_EV_PLACE]) rm_dl_item(dl, "Place", prog[COL_PROG_EV_PLACE]);
    if (*prog[COL_PROG_EV_LINK]) {
        rm_el(dl, "dt", "Online link");
        dd = rm_el(dl, "dd", NULL);
        rm_link(dd, prog[COL_PROG_EV_LINK], prog[COL_PROG_EV_LINK]);
    }
    if (*prog[COL_PROG_EV_DETAILS]) rm_dl_item(dl, "About the event", prog[COL_PROG_EV_DETAILS]);
    if (cap > 0)
        rm_dl_item(dl, "Places", yes >= cap ? (cap == 1 ? "The only place is taken"
                                               : apr_psprintf(p, "All %ld places are taken", cap))
                   : apr_psprintf(p, "%ld of %ld place%s left", cap - yes, cap,
                                  cap == 1 ? "" : "s"));
}

static const char *const answer_opts[] = {
    "yes", "Yes, I will come", "maybe", "Maybe", "no", "No, I cannot come", NULL };

static const char *answer_label(const char *a)
{
    return !strcmp(a, "yes") ? "Coming" : !strcmp(a, "no") ? "Not coming"
         : !strcmp(a, "maybe") ? "Maybe" : "No reply";
}

static const char *attended_label(const char *a)
{
    return !strcmp(a, "1") ? "Attended" : !strcmp(a, "0") ? "Did not attend" : "Not recorded";
}

/* The places taken, from a list of people (RM_Q_CL_PEOPLE) */
static long count_answer(const rm_rows *people, const char *answer)
{
    long n = 0;
    for (int i = 0; people && i < people->n; i++)
        if (!strcmp(people->rows[i][COL_CLX_ANSWER], answer)) n++;
    return n;
}

static rm_rows *load_people(rm_req *rq, const char *pid)
{
    rm_rows *rows;
    if (rm_db_select(rq->db, RM_Q_CL_PEOPLE, &rows, RM_ARGS(pid, pid, pid, pid)) != 0)
        return NULL;
    return rows;
}

/* ---- a participant's reply -------------------------------------------------------- */

static const char **my_reply(rm_req *rq, const char *pid)
{
    rm_rows *rows;
    if (rm_db_select(rq->db, RM_Q_EV_MINE, &rows,
                     RM_ARGS(pid, rm_i64(rq->r->pool, rm_person_id(rq, 0)))) != 0
        || rows->n != 1)
        return NULL;
    return rows->rows[0];
}

static int render_event(rm_req *rq, const char **prog, const char **mine, rm_cl_form *fv,
                        int status)
{
    apr_pool_t *p = rq->r->pool;
    const char *pid = prog[COL_PROG_ID];
    rm_page *pg = rm_page_new(rq, "End-of-programme event");
    rm_rows *people = load_people(rq, pid);
    xmlNodePtr para, f;

    rm_done_notice(pg);
    para = rm_el(pg->main, "p", apr_pstrcat(p, "The event that closes ", prog[COL_PROG_NAME],
                                            ". ", NULL));
    rm_link(para, rm_url(rq, "/"), "Back to your home page");
    if (!event_set_up(prog)) {
        rm_el(pg->main, "p", apr_pstrcat(p, "The programme team has not set up the event yet. "
              "It is planned for ", rm_date_human(p, prog[COL_PROG_END_EVENT]),
              ". You will be able to reply here once it is set up.", NULL));
        return rm_page_send(pg, status);
    }
    event_details(rq, rm_section(pg, pg->main, "h-event", "The event"), prog,
                  count_answer(people, "yes"));
    if (event_day_reached(rq, prog)) {
        xmlNodePtr sec = rm_section(pg, pg->main, "h-reply", "Your reply");
        if (!mine || !strcmp(mine[COL_EV_ANSWER], "none"))
            rm_el(sec, "p", "You did not reply. Replies closed on the day of the event.");
        else {
            xmlNodePtr dl = rm_dl(sec);
            rm_dl_item(dl, "Your reply", answer_label(mine[COL_EV_ANSWER]));
            if (*mine[COL_EV_ACCESS]) rm_dl_item(dl, "Your access needs", mine[COL_EV_ACCESS]);
        }
        if (mine && strcmp(mine[COL_EV_ATTENDED], "-1"))
            rm_el(sec, "p", !strcmp(mine[COL_EV_ATTENDED], "1")
                  ? "The programme team recorded that you attended. Thank you for coming."
                  : "The programme team recorded that you did not attend.");
        return rm_page_send(pg, status);
    }
    if (mine)
        rm_el(pg->main, "p", apr_pstrcat(p, "You replied: ", answer_label(mine[COL_EV_ANSWER]),
              ". You can change your reply until the day of the event.", NULL));
    f = rm_form(pg, rm_section(pg, pg->main, "h-reply", mine ? "Change your reply"
                                                             : "Will you come?"),
                rm_url(rq, rm_cl_path(p, pid, "/end-event")));
    rm_radios(pg, f, "answer", "Will you come to the event?", answer_opts, V("answer"),
              NULL, E("answer"));
    rm_textarea(pg, f, "access_needs", "Access needs", V("access_needs"),
                "Optional. Anything that would help you take part, such as step-free access, "
                "a hearing loop or dietary needs. Only the programme's administrators read this.",
                E("access_needs"), 0, MAX_ACCESS);
    rm_button(f, mine ? "Save my reply" : "Send my reply", NULL);
    return rm_page_send(pg, status);
}

int rm_page_event(rm_req *rq, const rm_route_match *m)
{
    const char **prog, *role, **mine;
    rm_cl_form *fv = rm_cl_form_new(rq->r->pool);
    int rv;
    if (!rm_cl_participant(rq, rm_cl_arg(m, 0), &prog, &role)) return rm_not_found(rq);
    /* the reply's form (its token in the key) and the event's details, no
     * time of day: kept as written while nothing changes (html.c) */
    if ((rv = rm_page_from_cache(rq)) != OK) return rv;
    mine = my_reply(rq, prog[COL_PROG_ID]);
    if (rq->db->db_error) return rm_not_found(rq);
    if (mine && strcmp(mine[COL_EV_ANSWER], "none")) {
        apr_table_setn(fv->v, "answer", mine[COL_EV_ANSWER]);
        apr_table_setn(fv->v, "access_needs", mine[COL_EV_ACCESS]);
    }
    return render_event(rq, prog, mine, fv, HTTP_OK);
}

int rm_page_event_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    static const char *const answers[] = { "yes", "maybe", "no", NULL };
    const char **prog, *role, **mine, *now, *me;
    rm_rows *before, *taken;
    rm_cl_form *fv = rm_cl_form_new(p);

    if (!rm_cl_participant(rq, rm_cl_arg(m, 0), &prog, &role)) return rm_not_found(rq);
    if (!event_set_up(prog))
        return rm_error_page(rq, HTTP_CONFLICT, "The event is not set up yet",
                             "The programme team has not set up the event yet, so replies "
                             "cannot be sent. Try again once it is set up.");
    if (event_day_reached(rq, prog))
        return rm_error_page(rq, HTTP_CONFLICT, "Replies have closed",
                             "Replies closed on the day of the event. If you need to tell "
                             "the programme team something, contact them directly.");
    mine = my_reply(rq, prog[COL_PROG_ID]);
    if (rq->db->db_error) return rm_not_found(rq);
    apr_table_setn(fv->v, "answer", rm_trim(p, apr_table_get(rq->form, "answer")));
    apr_table_setn(fv->v, "access_needs", rm_trim(p, apr_table_get(rq->form, "access_needs")));
    SETE("answer", rm_check_choice(p, "whether you will come", V("answer"), answers, 1));
    SETE("access_needs", rm_check_text(p, "your access needs", V("access_needs"), 0,
                                       MAX_ACCESS, 1));
    if (!apr_is_empty_table(fv->e))
        return render_event(rq, prog, mine, fv, HTTP_UNPROCESSABLE_ENTITY);

    now = rm_i64(p, apr_time_sec(rq->now));
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    me = rm_i64(p, rq->person_id);
    /* one reply at a time per programme: the capacity check holds */
    if (rm_db_exec(rq->db, RM_Q_EV_LOCK, NULL, RM_ARGS(prog[COL_PROG_ID])) != 0
        || rm_db_select(rq->db, RM_Q_EV_MINE_NOW, &before, RM_ARGS(prog[COL_PROG_ID], me)) != 0
        || rm_db_select(rq->db, RM_Q_EV_YES_NOW, &taken, RM_ARGS(prog[COL_PROG_ID], me)) != 0
        || taken->n != 1) {
        rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    if (!strcmp(V("answer"), "yes") && atol(prog[COL_PROG_EV_CAPACITY]) > 0
        && atoll(taken->rows[0][0]) >= atoll(prog[COL_PROG_EV_CAPACITY])) {
        rm_db_end(rq->db, 0);
        return rm_error_page(rq, HTTP_CONFLICT, "The event is full",
                             apr_pstrcat(p, !strcmp(prog[COL_PROG_EV_CAPACITY], "1")
                                         ? "The only place at the event is taken"
                                         : apr_pstrcat(p, "All ", prog[COL_PROG_EV_CAPACITY],
                                                       " places at the event are taken", NULL),
                                         ", so your yes was not saved. You can "
                                         "reply maybe, and the programme team will tell you if "
                                         "a place comes free.", NULL));
    }
    rm_db_exec(rq->db, RM_Q_EV_UPSERT, NULL,
               RM_ARGV(EV_UPSERT, .programme_id = prog[COL_PROG_ID], .person_id = me,
                       .answer = V("answer"), .access_needs = V("access_needs"),
                       .created_at = now, .updated_at = now));
    /* the answer only: access needs never leave their table */
    rm_audit(rq, before->n ? "event.reply_change" : "event.reply", "programme",
             rm_parse_id(prog[COL_PROG_ID]), V("answer"));
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    return rm_redirect(rq, apr_pstrcat(p, rm_cl_path(p, prog[COL_PROG_ID], "/end-event"),
                                       "?done=event-reply", NULL));
}

/* ---- the team's page ------------------------------------------------------------- */

static void setup_fields(rm_page *pg, xmlNodePtr f, rm_cl_form *fv)
{
    rm_input(pg, f, "date", "date", "Date", V("date"), "For example, 30 June 2027.",
             E("date"), 1, 10);
    rm_input(pg, f, "time", "starts", "Starts at", V("starts"), "For example, 14:00.",
             E("starts"), 1, 5);
    rm_input(pg, f, "time", "ends", "Ends at", V("ends"), "For example, 17:00.", E("ends"), 1, 5);
    rm_input(pg, f, "text", "place", "Place", V("place"),
             "A room and building. Leave empty for an event held only online.",
             E("place"), 0, MAX_PLACE);
    rm_input(pg, f, "url", "link", "Online link", V("link"),
             "Leave empty for an event held only in person.", E("link"), 0, MAX_LINK);
    rm_input(pg, f, "number", "capacity", "Places", V("capacity"),
             "0 for no limit.", E("capacity"), 1, 6);
    rm_textarea(pg, f, "details", "About the event", V("details"),
                "Optional. Shown to participants: the programme of the afternoon, who is "
                "speaking, how to get there.", E("details"), 0, MAX_DETAILS);
}

static void setup_values(rm_cl_form *fv, const char **prog)
{
    apr_table_setn(fv->v, "date", prog[COL_PROG_END_EVENT]);
    apr_table_setn(fv->v, "starts", prog[COL_PROG_EV_STARTS]);
    apr_table_setn(fv->v, "ends", prog[COL_PROG_EV_ENDS]);
    apr_table_setn(fv->v, "place", prog[COL_PROG_EV_PLACE]);
    apr_table_setn(fv->v, "link", prog[COL_PROG_EV_LINK]);
    apr_table_setn(fv->v, "capacity", prog[COL_PROG_EV_CAPACITY]);
    apr_table_setn(fv->v, "details", prog[COL_PROG_EV_DETAILS]);
}

static int render_team(rm_req *rq, const char **prog, int access, rm_cl_form *fv,
                       int status)
{
    apr_pool_t *p = rq->r->pool;
    const char *pid = prog[COL_PROG_ID];
    int admin = (access & RM_TEAM_ADMIN) != 0;
    rm_page *pg = rm_page_new(rq, "End-of-programme event");
    rm_rows *people = load_people(rq, pid);
    xmlNodePtr para, sec, dl, tb;
    static const char *const heads_admin[] = { "Name", "Role", "Reply", "Access needs",
                                               "Attendance", NULL };
    static const char *const heads_fac[] = { "Name", "Role", "Reply", "Attendance", NULL };

    if (!people) return rm_not_found(rq);
    rm_done_notice(pg);
    para = rm_el(pg->main, "p", apr_pstrcat(p, prog[COL_PROG_NAME], ". ", NULL));
    rm_link(para, rm_url(rq, rm_cl_admin_path(p, pid, "/applications")),
            "Back to the programme");

    sec = rm_section(pg, pg->main, "h-event", "The event");
    if (admin) {
        xmlNodePtr f;
        if (!event_set_up(prog))
            rm_el(sec, "p", "Set up the event so that participants can reply. The date "
                  "is the one in the programme's settings until you change it here.");
        f = rm_form(pg, sec, rm_url(rq, rm_cl_admin_path(p, pid, "/end-event")));
        setup_fields(pg, f, fv);
        rm_button(f, "Save the event", NULL);
    }
    else if (event_set_up(prog))
        event_details(rq, sec, prog, count_answer(people, "yes"));
    else
        rm_el(sec, "p", apr_pstrcat(p, "The programme's admins have not set up the event "
                                    "yet. It is planned for ",
                                    rm_date_human(p, prog[COL_PROG_END_EVENT]), ".", NULL));

    sec = rm_section(pg, pg->main, "h-replies", "Replies");
    dl = rm_dl(sec);
    rm_dl_item(dl, "Participants", apr_psprintf(p, "%d", people->n));
    rm_dl_item(dl, "Coming", apr_psprintf(p, "%ld", count_answer(people, "yes")));
    rm_dl_item(dl, "Maybe", apr_psprintf(p, "%ld", count_answer(people, "maybe")));
    rm_dl_item(dl, "Not coming", apr_psprintf(p, "%ld", count_answer(people, "no")));
    rm_dl_item(dl, "No reply", apr_psprintf(p, "%ld", count_answer(people, "")
                                                     + count_answer(people, "none")));
    if (!people->n) {
        rm_el(sec, "p", "The programme has no pairs yet, so nobody has been invited.");
        return rm_page_send(pg, status);
    }
    tb = rm_table(pg, sec, "Participants and their replies", NULL,
                  admin ? heads_admin : heads_fac);
    for (int i = 0; i < people->n; i++) {
        const char **x = people->rows[i];
        xmlNodePtr tr = rm_row(tb);
        rm_td(tr, x[COL_CLX_NAME]);
        rm_td(tr, rm_role_label(prog, x[COL_CLX_ROLE]));
        rm_td(tr, answer_label(x[COL_CLX_ANSWER]));
        if (admin) rm_td(tr, *x[COL_CLX_ACCESS] ? x[COL_CLX_ACCESS] : "None given");
        rm_td(tr, attended_label(x[COL_CLX_ATTENDED]));
    }
    if (admin && event_day_reached(rq, prog)) {
        static const char *const att_opts[] = { "", "Not recorded", "1", "Attended",
                                                "0", "Did not attend", NULL };
        xmlNodePtr f;
        sec = rm_section(pg, pg->main, "h-attendance", "Record attendance");
        f = rm_form(pg, sec, rm_url(rq, rm_cl_admin_path(p, pid, "/end-event/attendance")));
        for (int i = 0; i < people->n; i++) {
            const char **x = people->rows[i];
            const char *cur = !strcmp(x[COL_CLX_ATTENDED], "-1") ? "" : x[COL_CLX_ATTENDED];
            rm_select(pg, f, apr_pstrcat(p, "att-", x[COL_CLX_PERSON], NULL),
                      x[COL_CLX_NAME], att_opts, cur, NULL);
        }
        rm_button(f, "Save attendance", NULL);
    }
    else if (admin)
        rm_el(pg->main, "p", apr_pstrcat(p, "You can record attendance from the day of the "
                                         "event, ", rm_date_human(p, prog[COL_PROG_END_EVENT]),
                                         ".", NULL));
    return rm_page_send(pg, status);
}

int rm_page_event_team(rm_req *rq, const rm_route_match *m)
{
    const char **prog = rm_load_programme(rq, rm_cl_arg(m, 0));
    int access;
    rm_cl_form *fv = rm_cl_form_new(rq->r->pool);
    int rv;
    if (!prog || !(access = rm_team_access(rq, prog[COL_PROG_ID]))) return rm_not_found(rq);
    /* the replies and the team's forms, no time of day: kept as written for
     * this person while nothing changes (html.c; the key holds who asks, so
     * a facilitator never gets an admin's page with the access needs) */
    if ((rv = rm_page_from_cache(rq)) != OK) return rv;
    setup_values(fv, prog);
    return render_team(rq, prog, access, fv, HTTP_OK);
}

int rm_page_event_setup_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    static const char *const names[] = { "date", "starts", "ends", "place", "link", "capacity",
                                         "details", NULL };
    const char **prog = rm_load_programme(rq, rm_cl_arg(m, 0));
    int access, nrows = 0;
    long cap = 0;
    rm_cl_form *fv = rm_cl_form_new(p);
    const char *now;

    if (!prog || !(access = rm_team_access(rq, prog[COL_PROG_ID]))) return rm_not_found(rq);
    if (!(access & RM_TEAM_ADMIN)) return rm_forbidden(rq, "the programme's administrators");
    for (int i = 0; names[i]; i++)
        apr_table_setn(fv->v, names[i], rm_trim(p, apr_table_get(rq->form, names[i])));
    SETE("date", rm_check_date(p, "the date", V("date"), 1));
    SETE("starts", rm_check_time(p, "the start time", V("starts"), 1));
    SETE("ends", rm_check_time(p, "the end time", V("ends"), 1));
    SETE("place", rm_check_text(p, "the place", V("place"), 0, MAX_PLACE, 0));
    SETE("link", rm_check_link(p, "the online link", V("link"), 0, MAX_LINK));
    SETE("capacity", rm_check_int(p, "the number of places", V("capacity"), 0, 100000, &cap));
    SETE("details", rm_check_text(p, "the description of the event", V("details"), 0,
                                  MAX_DETAILS, 1));
    if (!E("date") && strcmp(V("date"), prog[COL_PROG_START]) < 0)
        apr_table_setn(fv->e, "date", "The event must be on or after the day the programme starts.");
    if (!E("starts") && !E("ends") && strcmp(V("ends"), V("starts")) <= 0)
        apr_table_setn(fv->e, "ends", "The end time must be after the start time.");
    if (!E("place") && !E("link") && !*V("place") && !*V("link"))
        apr_table_setn(fv->e, "place", "Enter a place, an online link, or both.");
    if (!apr_is_empty_table(fv->e))
        return render_team(rq, prog, access, fv, HTTP_UNPROCESSABLE_ENTITY);

    now = rm_i64(p, apr_time_sec(rq->now));
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    rm_db_exec(rq->db, RM_Q_EV_SETUP, &nrows,
               RM_ARGV(EV_SETUP, .date = V("date"), .starts = V("starts"), .ends = V("ends"),
                       .place = V("place"), .link = V("link"), .details = V("details"),
                       .capacity = rm_i64(p, cap), .updated_at = now, .id = prog[COL_PROG_ID]));
    if (nrows == 1)
        rm_audit(rq, "event.setup", "programme", rm_parse_id(prog[COL_PROG_ID]), "");
    if (nrows != 1 || rm_db_end(rq->db, 1) != 0) {
        if (rm_db_in_transaction(rq->db)) rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    return rm_redirect(rq, apr_pstrcat(p, rm_cl_admin_path(p, prog[COL_PROG_ID], "/end-event"),
                                       "?done=event-set", NULL));
}

int rm_page_event_attendance_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    const char **prog = rm_load_programme(rq, rm_cl_arg(m, 0));
    int access, changed = 0;
    rm_rows *people;
    const char *now;

    if (!prog || !(access = rm_team_access(rq, prog[COL_PROG_ID]))) return rm_not_found(rq);
    if (!(access & RM_TEAM_ADMIN)) return rm_forbidden(rq, "the programme's administrators");
    if (!event_day_reached(rq, prog))
        return rm_error_page(rq, HTTP_CONFLICT, "The event has not happened yet",
                             apr_pstrcat(p, "Attendance can be recorded from the day of the "
                                         "event, ", rm_date_human(p, prog[COL_PROG_END_EVENT]),
                                         ".", NULL));
    if (!(people = load_people(rq, prog[COL_PROG_ID]))) return rm_save_failed(rq);
    /* every value first: a bad one changes nothing */
    for (int i = 0; i < people->n; i++) {
        const char *v = apr_table_get(rq->form,
                                      apr_pstrcat(p, "att-", people->rows[i][COL_CLX_PERSON], NULL));
        if (v && *v && strcmp(v, "1") && strcmp(v, "0"))
            return rm_error_page(rq, HTTP_BAD_REQUEST, "Attendance not understood",
                                 "Choose Attended, Did not attend or Not recorded for each "
                                 "person, then send the form again.");
    }
    now = rm_i64(p, apr_time_sec(rq->now));
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    for (int i = 0; i < people->n; i++) {
        const char **x = people->rows[i];
        const char *v = apr_table_get(rq->form, apr_pstrcat(p, "att-", x[COL_CLX_PERSON], NULL));
        const char *cur = !strcmp(x[COL_CLX_ATTENDED], "-1") ? "" : x[COL_CLX_ATTENDED];
        if (!v || !strcmp(v, cur)) continue;   /* not in the form, or unchanged */
        if (*v)
            rm_db_exec(rq->db, RM_Q_EV_ATTEND, NULL,
                       RM_ARGV(EV_ATTEND, .programme_id = prog[COL_PROG_ID],
                               .person_id = x[COL_CLX_PERSON], .attended = v,
                               .created_at = now, .updated_at = now));
        else
            rm_db_exec(rq->db, RM_Q_EV_ATTEND_CLEAR, NULL,
                       RM_ARGS(now, prog[COL_PROG_ID], x[COL_CLX_PERSON]));
        changed++;
    }
    rm_audit(rq, "event.attendance", "programme", rm_parse_id(prog[COL_PROG_ID]),
             apr_psprintf(p, "%d changed", changed));
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    return rm_redirect(rq, apr_pstrcat(p, rm_cl_admin_path(p, prog[COL_PROG_ID], "/end-event"),
                                       "?done=event-attendance", NULL));
}
