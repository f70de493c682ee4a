/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The pairs' year for the two partners: the pair page (partner, the
 * programme's plan, progress against the minimum and the pace, meetings),
 * logging a meeting and the other partner's answer (confirm, or dispute
 * with a reason the logger sees), correcting or withdrawing it until it is
 * confirmed, the pair's private notes, and asking to end the pair.
 *
 * Ownership: every handler loads the pair through rm_pair_for_partner (or
 * the meeting, then its pair): anyone who is not one of its two partners
 * gets 404, whatever ids they try.  The notes are read by this file alone,
 * and only for a partner.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <http_protocol.h>
#include "pairs.h"

RM_NAMED_ARGS(MEETING_INSERT);
RM_NAMED_ARGS(MEETING_UPDATE);

#define MAX_AGENDA 200
#define MAX_REASON 500
#define MAX_NOTE 4000
#define MAX_END_NOTE 1000

static const char *const modes[] = { "in_person", "In person", "online", "Online",
                                     "phone", "Phone", NULL };
static const char *const mode_values[] = { "in_person", "online", "phone", NULL };

static long long arg_id(const rm_route_match *m, int i)
{
    return i < m->nargs ? rm_parse_id(m->args[i]) : 0;
}

static const char *pair_path(apr_pool_t *p, const rm_pair *pr, const char *rest)
{
    return apr_pstrcat(p, "/pairs/", pr->row[COL_PAIR_ID], rest, NULL);
}

/* a term and a definition that holds a link */
static void dl_link(xmlNodePtr dl, const char *term, const char *before, const char *href,
                    const char *text)
{
    xmlNodePtr dd;
    rm_el(dl, "dt", term);
    dd = rm_el(dl, "dd", before);
    if (href) rm_link(dd, href, text);
}

/* Text split into paragraphs at its line breaks (a note, a reason). */
static void paragraphs(xmlNodePtr parent, apr_pool_t *p, const char *text)
{
    char *copy = apr_pstrdup(p, text), *last, *line;
    for (line = apr_strtok(copy, "\n", &last); line; line = apr_strtok(NULL, "\n", &last)) {
        char *t = rm_trim(p, line);
        if (*t) rm_el(parent, "p", t);
    }
}

static int pair_active(const rm_pair *pr)
{
    return !strcmp(pr->row[COL_PAIR_STATUS], "active");
}

static int pair_ended_page(rm_req *rq)
{
    return rm_error_page(rq, HTTP_CONFLICT, "This pair has ended",
                         "This pair has ended, so its meetings can no longer be changed. "
                         "Go back to the pair's page to read them.");
}

/* ---- the pair page ------------------------------------------------------- */

typedef struct {
    apr_table_t *v, *e;
} form_vals;

static void meeting_fields(rm_page *pg, xmlNodePtr f, const char **prog, form_vals *fv)
{
#define V(k) apr_table_get(fv->v, k)
#define E(k) apr_table_get(fv->e, k)
    rm_input(pg, f, "date", "held_on", "Date of the meeting", V("held_on"),
             "For example, 14 January 2027. Log a meeting once it has taken place.",
             E("held_on"), 1, 20);
    rm_input(pg, f, "number", "minutes", "How long it lasted, in minutes", V("minutes"),
             apr_pstrcat(pg->rq->r->pool, "The programme asks for meetings of ",
                         prog[COL_PROG_MEETING_MINUTES], " minutes.", NULL),
             E("minutes"), 1, 3);
    rm_radios(pg, f, "mode", "How did you meet?", modes, V("mode"), NULL, E("mode"));
    rm_input(pg, f, "text", "agenda", "What you talked about (optional)", V("agenda"),
             "One line, seen by you and your partner only.", E("agenda"), 0, MAX_AGENDA);
#undef V
#undef E
}

/* Read and check the meeting form; 1 when it has no errors. */
static int read_meeting(rm_req *rq, const rm_pair *pr, form_vals *fv)
{
    apr_pool_t *p = rq->r->pool;
    const char *held = rm_trim(p, apr_table_get(rq->form, "held_on")), *human, *e;
    const char *minutes = rm_trim(p, apr_table_get(rq->form, "minutes"));
    const char *mode = rm_trim(p, apr_table_get(rq->form, "mode"));
    const char *agenda = rm_trim(p, apr_table_get(rq->form, "agenda"));
    long n;
    fv->v = apr_table_make(p, 4);
    fv->e = apr_table_make(p, 4);
    if (*held && (human = rm_date_from_human(p, held))) held = human;
    apr_table_setn(fv->v, "held_on", held);
    apr_table_setn(fv->v, "minutes", minutes);
    apr_table_setn(fv->v, "mode", mode);
    apr_table_setn(fv->v, "agenda", agenda);
    if ((e = rm_check_meeting_date(p, held, pr->prog[COL_PROG_START],
                                   atoi(pr->prog[COL_PROG_LENGTH]), rq->today)))
        apr_table_setn(fv->e, "held_on", e);
    else if (strcmp(held, rm_pair_made_on(p, pr)) < 0)
        apr_table_setn(fv->e, "held_on", apr_pstrcat(p, "The date of the meeting is before "
                       "you were paired (", rm_date_human(p, rm_pair_made_on(p, pr)),
                       "). Only meetings of this pair count.", NULL));
    if ((e = rm_check_int(p, "how long the meeting lasted", minutes, 5, 480, &n)))
        apr_table_setn(fv->e, "minutes", *minutes ? "How long the meeting lasted must be a "
                       "whole number of minutes from 5 to 480." : e);
    if (!*mode)
        apr_table_setn(fv->e, "mode", "Select how you met.");
    else if ((e = rm_check_choice(p, "how you met", mode, mode_values, 1)))
        apr_table_setn(fv->e, "mode", "Select how you met: in person, online or by phone.");
    if ((e = rm_check_text(p, "what you talked about", agenda, 0, MAX_AGENDA, 0)))
        apr_table_setn(fv->e, "agenda", e);
    return apr_is_empty_table(fv->e);
}

static void partner_section(rm_page *pg, const rm_pair *pr)
{
    apr_pool_t *p = pg->rq->r->pool;
    int other = pr->side == 0 ? 1 : 0;
    const char *mail = pr->row[other == 0 ? COL_PAIR_M_MAIL : COL_PAIR_S_MAIL];
    const char *scope = pr->row[other == 0 ? COL_PAIR_M_SCOPE : COL_PAIR_S_SCOPE];
    xmlNodePtr sec = rm_section(pg, pg->main, "h-partner", "Your partner"), dl = rm_dl(sec);
    rm_dl_item(dl, "Name", rm_pair_person(pr, other));
    rm_dl_item(dl, "Role in the programme", rm_pair_role(pr, other));
    rm_dl_item(dl, other == 0 ? "Job title" : "Role",
               pr->row[other == 0 ? COL_PAIR_M_JOB : COL_PAIR_S_JOB]);
    rm_dl_item(dl, "Department", pr->row[other == 0 ? COL_PAIR_M_DEPARTMENT
                                                     : COL_PAIR_S_DEPARTMENT]);
    {
        /* a sector programme's institution by its name (RMentorInstitution) */
        const char *name = rm_institution_name(pg->rq->cfg, scope);
        rm_dl_item(dl, "Institution", name ? name : *scope ? scope
                                                           : pr->prog[COL_PROG_INSTITUTIONS]);
    }
    if (*mail) dl_link(dl, "Email", NULL, apr_pstrcat(p, "mailto:", mail, NULL), mail);
    else rm_dl_item(dl, "Email", "Not known: your sign-in service did not send it.");
}

static void plan_section(rm_page *pg, const rm_pair *pr)
{
    apr_pool_t *p = pg->rq->r->pool;
    const char **prog = pr->prog;
    const char *training = prog[pr->side == 1 ? COL_PROG_SENIOR_TRAINING : COL_PROG_MENTOR_TRAINING];
    const char *last = rm_programme_last_day(p, prog[COL_PROG_START], atoi(prog[COL_PROG_LENGTH]));
    const char *ci_last = rm_checkin_last_day(p, prog[COL_PROG_CHECKIN], atoi(prog[COL_PROG_CHECKIN_WEEKS]));
    xmlNodePtr sec = rm_section(pg, pg->main, "h-plan", "The programme's plan"), dl = rm_dl(sec);
    dl_link(dl, "Programme", NULL, rm_url(pg->rq, apr_pstrcat(p, "/programmes/", prog[COL_PROG_ID], NULL)),
            prog[COL_PROG_NAME]);
    rm_dl_item(dl, "Starts", rm_date_human(p, prog[COL_PROG_START]));
    dl_link(dl, "Your training", *training ? apr_pstrcat(p, rm_date_human(p, training), ". ", NULL) : NULL,
            rm_url(pg->rq, apr_pstrcat(p, "/programmes/", prog[COL_PROG_ID], "/training", NULL)),
            "Your training sessions");
    if (*prog[COL_PROG_MEET_MONTH])
        rm_dl_item(dl, "Meet your partner", rm_month_human(p, prog[COL_PROG_MEET_MONTH]));
    rm_dl_item(dl, "Mid-point check-in", ci_last
               ? apr_pstrcat(p, rm_date_human(p, prog[COL_PROG_CHECKIN]), " to ",
                             rm_date_human(p, ci_last), NULL)
               : rm_date_human(p, prog[COL_PROG_CHECKIN]));
    rm_dl_item(dl, "End-of-programme event", rm_date_human(p, prog[COL_PROG_END_EVENT]));
    rm_dl_item(dl, "Ends", last ? rm_date_human(p, last) : "");
    rm_dl_item(dl, "Meetings asked for", rm_programme_text(p, prog, "{plan}."));
}

static void progress_section(rm_page *pg, const rm_pair *pr, const rm_meeting_stats *st)
{
    apr_pool_t *p = pg->rq->r->pool;
    const char **prog = pr->prog;
    rm_pace pace;
    long target = atol(prog[COL_PROG_MIN_MEETINGS]) * atol(prog[COL_PROG_MEETING_MINUTES]);
    xmlNodePtr sec = rm_section(pg, pg->main, "h-progress", "Progress"), dl = rm_dl(sec);
    int expected;
    rm_programme_pace(pg->rq, prog, &pace);
    expected = rm_pair_expected(pr, &pace);
    rm_dl_item(dl, "Meetings confirmed", apr_psprintf(p, "%d of %s", st->confirmed,
                                                      prog[COL_PROG_MIN_MEETINGS]));
    rm_dl_item(dl, "Time together", apr_pstrcat(p, rm_minutes_human(p, st->minutes), " of ",
                                                rm_minutes_human(p, target), NULL));
    rm_dl_item(dl, "Last meeting", *st->last ? rm_date_human(p, st->last) : "None yet");
    rm_dl_item(dl, "Expected by today", rm_pace_human(p, prog, &pace));
    if (atoi(pr->row[COL_PAIR_PACE_OFFSET]) > 0)
        rm_dl_item(dl, "Since you were paired", apr_psprintf(p, "%d meeting%s expected since "
                   "%s, when you were paired.", expected, expected == 1 ? "" : "s",
                   rm_date_human(p, rm_pair_made_on(p, pr))));
    if (pair_active(pr)) {
        if (st->confirmed < expected)
            rm_dl_item(dl, "Pace", apr_psprintf(p, "Behind: %d more confirmed meeting%s "
                                                "would catch up.", expected - st->confirmed,
                                                expected - st->confirmed == 1 ? "" : "s"));
        else
            rm_dl_item(dl, "Pace", "On pace.");
    }
    if (st->waiting)
        rm_dl_item(dl, "Waiting for an answer", apr_psprintf(p, "%d meeting%s", st->waiting,
                                                             st->waiting == 1 ? "" : "s"));
}

static void meetings_section(rm_page *pg, const rm_pair *pr, rm_rows *meetings)
{
    apr_pool_t *p = pg->rq->r->pool;
    static const char *const heads[] = { "Date", "Length", "How", "What you talked about",
                                         "Logged by", "Status", NULL };
    xmlNodePtr sec = rm_section(pg, pg->main, "h-meetings", "Meetings"), tb;
    int active = pair_active(pr);
    if (meetings->n == 0) {
        rm_el(sec, "p", active ? "No meetings logged yet. When you have met, log the meeting "
                                 "below; your partner confirms it."
                               : "No meetings were logged.");
        return;
    }
    rm_el(sec, "p", "A meeting counts once the partner who did not log it confirms it.");
    tb = rm_table(pg, sec, NULL, "h-meetings", heads);
    for (int i = 0; i < meetings->n; i++) {
        const char **mt = meetings->rows[i];
        const char *id = mt[COL_MT_ID], *status = mt[COL_MT_STATUS];
        const char *when = rm_date_human(p, mt[COL_MT_HELD_ON]);
        int mine = !strcmp(mt[COL_MT_LOGGER_PRINCIPAL], pg->rq->id.principal);
        xmlNodePtr tr = rm_row(tb), td;
        rm_td(tr, when);
        rm_td(tr, rm_minutes_human(p, atol(mt[COL_MT_MINUTES])));
        rm_td(tr, rm_meeting_mode_label(mt[COL_MT_MODE]));
        rm_td(tr, mt[COL_MT_AGENDA]);
        rm_td(tr, mine ? "You" : mt[COL_MT_LOGGER_NAME]);
        td = rm_td(tr, NULL);
        if (!strcmp(status, "confirmed")) {
            rm_el_class(td, "strong", "tag tag-accepted", "Confirmed");
        }
        else if (!strcmp(status, "logged")) {
            rm_el_class(td, "strong", "tag tag-submitted",
                        mine ? "Waiting for your partner" : "Waiting for you");
            if (active && !mine) {
                xmlNodePtr a;
                rm_text(td, " ");
                a = rm_link(td, rm_url(pg->rq, apr_pstrcat(p, "/meetings/", id, "/answer", NULL)),
                            "Confirm or dispute");
                rm_attr(a, "aria-label", apr_pstrcat(p, "Confirm or dispute the meeting of ",
                                                     when, NULL));
            }
        }
        else if (!strcmp(status, "disputed")) {
            rm_el_class(td, "strong", "tag tag-declined", "Disputed");
            rm_el(td, "p", apr_pstrcat(p, mine ? "Your partner's reason: " : "Your reason: ",
                                       mt[COL_MT_DISPUTE_REASON], NULL));
        }
        if (active && mine && strcmp(status, "confirmed")) {
            xmlNodePtr a = rm_link(td, rm_url(pg->rq, apr_pstrcat(p, "/meetings/", id, "/edit", NULL)),
                                   "Correct or withdraw");
            rm_attr(a, "aria-label", apr_pstrcat(p, "Correct or withdraw the meeting of ", when, NULL));
        }
    }
}

static int render_pair(rm_req *rq, const rm_pair *pr, int status)
{
    apr_pool_t *p = rq->r->pool;
    rm_meeting_stats st;
    rm_rows *meetings, *notes, *req;
    rm_page *pg;
    xmlNodePtr sec, para;
    const char *id = pr->row[COL_PAIR_ID];
    rm_checkin_state win;

    if (rm_pair_meeting_stats(rq, id, &st) != 0
        || rm_db_select(rq->db, RM_Q_MEETING_LIST, &meetings, RM_ARGS(id)) != 0
        || rm_db_select(rq->db, RM_Q_NOTE_COUNT, &notes, RM_ARGS(id)) != 0
        || rm_db_select(rq->db, RM_Q_END_REQ_OPEN, &req, RM_ARGS(id)) != 0)
        return rm_not_found(rq);
    pg = rm_page_new(rq, apr_pstrcat(p, "Your mentoring pair: ", rm_pair_partner(pr), NULL));
    rm_done_notice(pg);
    para = rm_el(pg->main, "p", apr_pstrcat(p, pr->prog[COL_PROG_NAME], ". You are the ",
                                            rm_pair_role(pr, pr->side), "; ", rm_pair_partner(pr),
                                            " is your ", rm_pair_role(pr, pr->side == 0 ? 1 : 0),
                                            ".", NULL));
    (void)para;
    if (!pair_active(pr))
        rm_notice(pg, "info", apr_pstrcat(p, "This pair ended on ",
                  rm_time_human(p, pr->row[COL_PAIR_ENDED_AT]), " (",
                  rm_end_category_label(pr->row[COL_PAIR_END_REASON]),
                  "). Its meetings and notes stay here for you to read.", NULL));
    partner_section(pg, pr);
    progress_section(pg, pr, &st);
    meetings_section(pg, pr, meetings);

    if (pair_active(pr)) {
        para = rm_el(pg->main, "p", NULL);
        rm_attr(rm_link(para, rm_url(rq, pair_path(p, pr, "/meetings/new")), "Log a meeting"),
                "class", "button");
    }

    sec = rm_section(pg, pg->main, "h-notes", "Private notes");
    para = rm_el(sec, "p", apr_pstrcat(p, "A journal only you and ", rm_pair_partner(pr),
                                       " can read: the programme team never sees it. ", NULL));
    rm_text(para, apr_psprintf(p, "%s entr%s so far. ", notes->rows[0][0],
                               !strcmp(notes->rows[0][0], "1") ? "y" : "ies"));
    rm_link(para, rm_url(rq, pair_path(p, pr, "/notes")), "Read and write notes");

    win = rm_checkin_window(pr->prog[COL_PROG_CHECKIN], atoi(pr->prog[COL_PROG_CHECKIN_WEEKS]),
                            rq->today);
    sec = rm_section(pg, pg->main, "h-checkin", "Mid-point check-in");
    para = rm_el(sec, "p", win == RM_CHECKIN_UPCOMING
                 ? apr_pstrcat(p, "The check-in opens on ",
                               rm_date_human(p, pr->prog[COL_PROG_CHECKIN]), ". ", NULL)
                 : win == RM_CHECKIN_OPEN
                 ? "The check-in is open: tell the programme team how it is going. Your "
                   "partner does not see your answers. "
                 : "The check-in has closed. ");
    rm_link(para, rm_url(rq, pair_path(p, pr, "/checkin")),
            win == RM_CHECKIN_OPEN ? "Answer the check-in" : "Your check-in");
    (void)plan_section;
    plan_section(pg, pr);

    if (pair_active(pr)) {
        sec = rm_section(pg, pg->main, "h-end", "Ending the pair early");
        if (req->n)
            rm_el(sec, "p", apr_pstrcat(p, !strcmp(req->rows[0][COL_ER_PRINCIPAL], rq->id.principal)
                                        ? "You asked" : "Your partner asked",
                                        " the programme team to end this pair on ",
                                        rm_time_human(p, req->rows[0][COL_ER_AT]),
                                        ". An admin will decide and be in touch.", NULL));
        else {
            para = rm_el(sec, "p", "If the pairing is not working, or you can no longer take "
                         "part, you can ask the programme team to end it. ");
            rm_link(para, rm_url(rq, pair_path(p, pr, "/end")), "Ask to end this pair");
        }
    }
    return rm_page_send(pg, status);
}

int rm_page_pair(rm_req *rq, const rm_route_match *m)
{
    rm_pair pr;
    int rv;
    if (!rm_pair_for_partner(rq, arg_id(m, 0), &pr)) return rm_not_found(rq);
    /* no form on it: kept as written while nothing changes */
    if ((rv = rm_page_from_cache(rq)) != OK) return rv;
    return render_pair(rq, &pr, HTTP_OK);
}

static int render_new_meeting(rm_req *rq, const rm_pair *pr, form_vals *fv, int status)
{
    apr_pool_t *p = rq->r->pool;
    rm_page *pg = rm_page_new(rq, "Log a meeting");
    xmlNodePtr f, para;
    form_vals empty;
    para = rm_el(pg->main, "p", NULL);
    rm_link(para, rm_url(rq, pair_path(p, pr, "")),
            apr_pstrcat(p, "Back to your pair with ", rm_pair_partner(pr), NULL));
    rm_el(pg->main, "p", apr_pstrcat(p, "Log a meeting with ", rm_pair_partner(pr), " once it "
                                     "has taken place. It counts toward the programme when "
                                     "they confirm it.", NULL));
    if (!fv) {
        empty.v = apr_table_make(p, 4);
        empty.e = apr_table_make(p, 1);
        apr_table_setn(empty.v, "minutes", pr->prog[COL_PROG_MEETING_MINUTES]);
        fv = &empty;
    }
    f = rm_form(pg, pg->main, rm_url(rq, pair_path(p, pr, "/meetings")));
    meeting_fields(pg, f, pr->prog, fv);
    rm_button(f, "Log the meeting", "button");
    return rm_page_send(pg, status);
}

int rm_page_meeting_new(rm_req *rq, const rm_route_match *m)
{
    rm_pair pr;
    if (!rm_pair_for_partner(rq, arg_id(m, 0), &pr)) return rm_not_found(rq);
    if (!pair_active(&pr)) return pair_ended_page(rq);
    return render_new_meeting(rq, &pr, NULL, HTTP_OK);
}

/* Lock the pair's row and read it again: 1 while it is active, else 0
 * (the transaction is ended; the caller answers). */
static int lock_active(rm_req *rq, const rm_pair *pr)
{
    rm_rows *now;
    rm_db_exec(rq->db, RM_Q_PAIR_LOCK, NULL, RM_ARGS(pr->row[COL_PAIR_ID]));
    if (rm_db_select(rq->db, RM_Q_PAIR_GET_NOW, &now, RM_ARGS(pr->row[COL_PAIR_ID])) != 0
        || now->n != 1 || strcmp(now->rows[0][COL_PAIR_STATUS], "active")) {
        rm_db_end(rq->db, 0);
        return 0;
    }
    return 1;
}

int rm_page_meeting_log_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    rm_pair pr;
    form_vals fv;
    rm_rows *ins;
    const char *now, *me;

    if (!rm_pair_for_partner(rq, arg_id(m, 0), &pr)) return rm_not_found(rq);
    if (!pair_active(&pr)) return pair_ended_page(rq);
    if (!read_meeting(rq, &pr, &fv))
        return render_new_meeting(rq, &pr, &fv, HTTP_UNPROCESSABLE_ENTITY);
    now = rm_i64(p, apr_time_sec(rq->now));
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (!lock_active(rq, &pr)) return pair_ended_page(rq);
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    me = rm_i64(p, rq->person_id);
#define V(k) apr_table_get(fv.v, k)
    if (rm_db_select(rq->db, RM_Q_MEETING_INSERT, &ins,
                     RM_ARGV(MEETING_INSERT, .pair_id = pr.row[COL_PAIR_ID],
                             .held_on = V("held_on"), .minutes = V("minutes"),
                             .mode = V("mode"), .agenda = V("agenda"), .logged_by = me,
                             .logged_at = now, .updated_at = now)) != 0 || ins->n != 1) {
        rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
#undef V
    rm_audit(rq, "meeting.log", "meeting", rm_parse_id(ins->rows[0][0]), "");
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    return rm_redirect(rq, pair_path(p, &pr, "?done=meeting-logged"));
}

/* ---- one meeting ---------------------------------------------------------- */

/* The meeting `id` and its pair, for one of the pair's partners; NULL when
 * the requester is not one of them (404). */
static const char **load_meeting(rm_req *rq, long long id, rm_pair *pr)
{
    rm_rows *rows;
    if (id <= 0 || rm_db_select(rq->db, RM_Q_MEETING_GET, &rows,
                                RM_ARGS(rm_i64(rq->r->pool, id))) != 0 || rows->n != 1)
        return NULL;
    if (!rm_pair_for_partner(rq, rm_parse_id(rows->rows[0][COL_MT_PAIR]), pr)) return NULL;
    if (!strcmp(rows->rows[0][COL_MT_STATUS], "withdrawn")) return NULL;
    return rows->rows[0];
}

static int is_logger(rm_req *rq, const char **mt)
{
    return !strcmp(mt[COL_MT_LOGGER_PRINCIPAL], rq->id.principal);
}

static int render_meeting_form(rm_req *rq, const rm_pair *pr, const char **mt, form_vals *fv,
                               int status)
{
    apr_pool_t *p = rq->r->pool;
    rm_page *pg = rm_page_new(rq, "Correct or withdraw a meeting");
    xmlNodePtr f, sec, para;
    const char *base = apr_pstrcat(p, "/meetings/", mt[COL_MT_ID], NULL);
    para = rm_el(pg->main, "p", NULL);
    rm_link(para, rm_url(rq, pair_path(p, pr, "")),
            apr_pstrcat(p, "Back to your pair with ", rm_pair_partner(pr), NULL));
    if (!strcmp(mt[COL_MT_STATUS], "disputed"))
        rm_notice(pg, "info", apr_pstrcat(p, rm_pair_partner(pr), " disputed this meeting: ",
                                          mt[COL_MT_DISPUTE_REASON], NULL));
    sec = rm_section(pg, pg->main, "h-correct", "Correct the meeting");
    rm_el(sec, "p", "Your partner is asked to confirm it again.");
    f = rm_form(pg, sec, rm_url(rq, apr_pstrcat(p, base, "/edit", NULL)));
    meeting_fields(pg, f, pr->prog, fv);
    rm_button(f, "Save the correction", "button");
    sec = rm_section(pg, pg->main, "h-withdraw", "Withdraw the meeting");
    rm_el(sec, "p", "If it was logged by mistake. It will no longer be shown or counted.");
    f = rm_form(pg, sec, rm_url(rq, apr_pstrcat(p, base, "/withdraw", NULL)));
    rm_button(f, "Withdraw the meeting", "button button-warning");
    return rm_page_send(pg, status);
}

static int not_changeable(rm_req *rq, const char **mt)
{
    return rm_error_page(rq, HTTP_CONFLICT, "This meeting can no longer be changed",
                         !strcmp(mt[COL_MT_STATUS], "confirmed")
                         ? "Your partner has confirmed this meeting, so it can no longer be "
                           "corrected or withdrawn."
                         : "This meeting can no longer be changed. Go back to the pair's page "
                           "to see where it stands.");
}

int rm_page_meeting_form(rm_req *rq, const rm_route_match *m)
{
    rm_pair pr;
    const char **mt = load_meeting(rq, arg_id(m, 0), &pr);
    form_vals fv;
    if (!mt || !is_logger(rq, mt)) return rm_not_found(rq);
    if (!pair_active(&pr)) return pair_ended_page(rq);
    if (!strcmp(mt[COL_MT_STATUS], "confirmed")) return not_changeable(rq, mt);
    fv.v = apr_table_make(rq->r->pool, 4);
    fv.e = apr_table_make(rq->r->pool, 1);
    apr_table_setn(fv.v, "held_on", mt[COL_MT_HELD_ON]);
    apr_table_setn(fv.v, "minutes", mt[COL_MT_MINUTES]);
    apr_table_setn(fv.v, "mode", mt[COL_MT_MODE]);
    apr_table_setn(fv.v, "agenda", mt[COL_MT_AGENDA]);
    return render_meeting_form(rq, &pr, mt, &fv, HTTP_OK);
}

int rm_page_meeting_edit_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    rm_pair pr;
    const char **mt = load_meeting(rq, arg_id(m, 0), &pr);
    form_vals fv;
    int nrows = 0;
    if (!mt || !is_logger(rq, mt)) return rm_not_found(rq);
    if (!pair_active(&pr)) return pair_ended_page(rq);
    if (!strcmp(mt[COL_MT_STATUS], "confirmed")) return not_changeable(rq, mt);
    if (!read_meeting(rq, &pr, &fv))
        return render_meeting_form(rq, &pr, mt, &fv, HTTP_UNPROCESSABLE_ENTITY);
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (!lock_active(rq, &pr)) return pair_ended_page(rq);
#define V(k) apr_table_get(fv.v, k)
    /* only while it is still unconfirmed, and only its logger's */
    rm_db_exec(rq->db, RM_Q_MEETING_UPDATE, &nrows,
               RM_ARGV(MEETING_UPDATE, .held_on = V("held_on"), .minutes = V("minutes"),
                       .mode = V("mode"), .agenda = V("agenda"),
                       .updated_at = rm_i64(p, apr_time_sec(rq->now)), .id = mt[COL_MT_ID],
                       .logged_by = mt[COL_MT_LOGGED_BY]));
#undef V
    if (nrows != 1) {
        rm_db_end(rq->db, 0);
        if (!rm_db_in_transaction(rq->db) && nrows == 0) return not_changeable(rq, mt);
        return rm_save_failed(rq);
    }
    rm_audit(rq, "meeting.correct", "meeting", rm_parse_id(mt[COL_MT_ID]), "");
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    return rm_redirect(rq, pair_path(p, &pr, "?done=meeting-saved"));
}

int rm_page_meeting_withdraw_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    rm_pair pr;
    const char **mt = load_meeting(rq, arg_id(m, 0), &pr);
    int nrows = 0;
    if (!mt || !is_logger(rq, mt)) return rm_not_found(rq);
    if (!pair_active(&pr)) return pair_ended_page(rq);
    if (!strcmp(mt[COL_MT_STATUS], "confirmed")) return not_changeable(rq, mt);
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (!lock_active(rq, &pr)) return pair_ended_page(rq);
    rm_db_exec(rq->db, RM_Q_MEETING_WITHDRAW, &nrows,
               RM_ARGS(rm_i64(p, apr_time_sec(rq->now)), mt[COL_MT_ID], mt[COL_MT_LOGGED_BY]));
    if (nrows != 1) {
        rm_db_end(rq->db, 0);
        return not_changeable(rq, mt);
    }
    rm_audit(rq, "meeting.withdraw", "meeting", rm_parse_id(mt[COL_MT_ID]), "");
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    return rm_redirect(rq, pair_path(p, &pr, "?done=meeting-withdrawn"));
}

/* The other partner's answer: confirmed, or disputed with a reason. */
static int answer(rm_req *rq, const rm_pair *pr, const char **mt, const char *status,
                  const char *reason)
{
    apr_pool_t *p = rq->r->pool;
    const char *now = rm_i64(p, apr_time_sec(rq->now));
    int nrows = 0;
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (!lock_active(rq, pr)) return pair_ended_page(rq);
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    rm_db_exec(rq->db, RM_Q_MEETING_ANSWER, &nrows,
               RM_ARGS(status, reason, rm_i64(p, rq->person_id), now, now, mt[COL_MT_ID],
                       rm_i64(p, rq->person_id)));
    if (nrows != 1) {
        rm_db_end(rq->db, 0);
        return rm_error_page(rq, HTTP_CONFLICT, "This meeting has already been answered",
                             "This meeting is no longer waiting for your answer: it was "
                             "answered, corrected or withdrawn meanwhile. Go back to the "
                             "pair's page to see where it stands.");
    }
    rm_audit(rq, !strcmp(status, "confirmed") ? "meeting.confirm" : "meeting.dispute",
             "meeting", rm_parse_id(mt[COL_MT_ID]), "");
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    return rm_redirect(rq, pair_path(p, pr, !strcmp(status, "confirmed")
                                             ? "?done=meeting-confirmed"
                                             : "?done=meeting-disputed"));
}

int rm_page_meeting_confirm_post(rm_req *rq, const rm_route_match *m)
{
    rm_pair pr;
    const char **mt = load_meeting(rq, arg_id(m, 0), &pr);
    if (!mt || is_logger(rq, mt)) return rm_not_found(rq);
    if (!pair_active(&pr)) return pair_ended_page(rq);
    return answer(rq, &pr, mt, "confirmed", "");
}

static int render_dispute(rm_req *rq, const rm_pair *pr, const char **mt, const char *reason,
                          const char *error, int status)
{
    apr_pool_t *p = rq->r->pool;
    rm_page *pg = rm_page_new(rq, "Confirm or dispute a meeting");
    xmlNodePtr f, dl, para, sec;
    para = rm_el(pg->main, "p", NULL);
    rm_link(para, rm_url(rq, pair_path(p, pr, "")),
            apr_pstrcat(p, "Back to your pair with ", rm_pair_partner(pr), NULL));
    rm_el(pg->main, "p", apr_pstrcat(p, rm_pair_partner(pr), " logged this meeting. Confirm "
                                     "it if it happened as logged. If not, dispute it and say "
                                     "why: they see your reason and can correct or withdraw it.",
                                     NULL));
    dl = rm_dl(pg->main);
    rm_dl_item(dl, "Date", rm_date_human(p, mt[COL_MT_HELD_ON]));
    rm_dl_item(dl, "Length", rm_minutes_human(p, atol(mt[COL_MT_MINUTES])));
    rm_dl_item(dl, "How", rm_meeting_mode_label(mt[COL_MT_MODE]));
    if (*mt[COL_MT_AGENDA]) rm_dl_item(dl, "What you talked about", mt[COL_MT_AGENDA]);
    sec = rm_section(pg, pg->main, "h-confirm", "It happened as logged");
    f = rm_form(pg, sec, rm_url(rq, apr_pstrcat(p, "/meetings/", mt[COL_MT_ID], "/confirm", NULL)));
    rm_button(f, "Confirm the meeting", "button");
    sec = rm_section(pg, pg->main, "h-dispute", "It did not happen as logged");
    f = rm_form(pg, sec, rm_url(rq, apr_pstrcat(p, "/meetings/", mt[COL_MT_ID],
                                                "/dispute", NULL)));
    rm_textarea(pg, f, "reason", "Why are you disputing it?", reason,
                "For example: we met on the 14th, not the 12th, for half an hour.",
                error, 1, MAX_REASON);
    rm_button(f, "Dispute the meeting", "button");
    return rm_page_send(pg, status);
}

int rm_page_meeting_answer(rm_req *rq, const rm_route_match *m)
{
    rm_pair pr;
    const char **mt = load_meeting(rq, arg_id(m, 0), &pr);
    if (!mt || is_logger(rq, mt)) return rm_not_found(rq);
    if (!pair_active(&pr)) return pair_ended_page(rq);
    if (strcmp(mt[COL_MT_STATUS], "logged"))
        return rm_error_page(rq, HTTP_CONFLICT, "This meeting has already been answered",
                             "This meeting is no longer waiting for your answer. Go back to "
                             "the pair's page to see where it stands.");
    return render_dispute(rq, &pr, mt, "", NULL, HTTP_OK);
}

int rm_page_meeting_dispute_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    rm_pair pr;
    const char **mt = load_meeting(rq, arg_id(m, 0), &pr);
    const char *reason = rm_trim(p, apr_table_get(rq->form, "reason")), *e;
    if (!mt || is_logger(rq, mt)) return rm_not_found(rq);
    if (!pair_active(&pr)) return pair_ended_page(rq);
    if ((e = rm_check_text(p, "why you are disputing the meeting", reason, 1, MAX_REASON, 1)))
        return render_dispute(rq, &pr, mt, reason, e, HTTP_UNPROCESSABLE_ENTITY);
    return answer(rq, &pr, mt, "disputed", reason);
}

/* ---- private notes -------------------------------------------------------- */

static int render_notes(rm_req *rq, const rm_pair *pr, const char *body, const char *error,
                        int status)
{
    apr_pool_t *p = rq->r->pool;
    rm_rows *notes;
    rm_page *pg;
    xmlNodePtr sec, f, para;
    if (rm_db_select(rq->db, RM_Q_NOTE_LIST, &notes, RM_ARGS(pr->row[COL_PAIR_ID])) != 0)
        return rm_not_found(rq);
    pg = rm_page_new(rq, "Private notes");
    rm_done_notice(pg);
    para = rm_el(pg->main, "p", NULL);
    rm_link(para, rm_url(rq, pair_path(p, pr, "")),
            apr_pstrcat(p, "Back to your pair with ", rm_pair_partner(pr), NULL));
    rm_el(pg->main, "p", apr_pstrcat(p, "Your pair's journal: only you and ", rm_pair_partner(pr),
                                     " can read it. The programme team, HR and reports never "
                                     "see it; the team sees only how many entries there are.",
                                     NULL));
    if (pair_active(pr)) {
        sec = rm_section(pg, pg->main, "h-write", "Add a note");
        f = rm_form(pg, sec, rm_url(rq, pair_path(p, pr, "/notes")));
        rm_textarea(pg, f, "body", "Your note", body,
                    "What you discussed, what you agreed to try, what to pick up next time.",
                    error, 1, MAX_NOTE);
        rm_button(f, "Add the note", "button");
    }
    sec = rm_section(pg, pg->main, "h-journal", "The journal");
    if (notes->n == 0) rm_el(sec, "p", "No notes yet.");
    for (int i = 0; i < notes->n; i++) {
        const char **n = notes->rows[i];
        xmlNodePtr art = rm_el_class(sec, "article", "note", NULL), h;
        h = rm_el(art, "h3", apr_pstrcat(p, n[COL_NOTE_AUTHOR], ", ",
                                         rm_time_human(p, n[COL_NOTE_AT]), NULL));
        (void)h;
        paragraphs(art, p, n[COL_NOTE_BODY]);
    }
    return rm_page_send(pg, status);
}

int rm_page_notes(rm_req *rq, const rm_route_match *m)
{
    rm_pair pr;
    if (!rm_pair_for_partner(rq, arg_id(m, 0), &pr)) return rm_not_found(rq);
    return render_notes(rq, &pr, "", NULL, HTTP_OK);
}

int rm_page_notes_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    rm_pair pr;
    const char *body = rm_trim(p, apr_table_get(rq->form, "body")), *e;
    int nrows = 0;
    if (!rm_pair_for_partner(rq, arg_id(m, 0), &pr)) return rm_not_found(rq);
    if (!pair_active(&pr))
        return rm_error_page(rq, HTTP_CONFLICT, "This pair has ended",
                             "This pair has ended, so no more notes can be added. Its notes "
                             "stay for you to read.");
    if ((e = rm_check_text(p, "your note", body, 1, MAX_NOTE, 1)))
        return render_notes(rq, &pr, body, e, HTTP_UNPROCESSABLE_ENTITY);
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (!lock_active(rq, &pr)) return pair_ended_page(rq);
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    rm_db_exec(rq->db, RM_Q_NOTE_INSERT, &nrows,
               RM_ARGS(pr.row[COL_PAIR_ID], rm_i64(p, rq->person_id), body,
                       rm_i64(p, apr_time_sec(rq->now))));
    /* the audit says a note was written, never what it says */
    rm_audit(rq, "note.add", "pair", rm_parse_id(pr.row[COL_PAIR_ID]), "");
    if (nrows != 1 || rm_db_end(rq->db, 1) != 0) {
        if (rm_db_in_transaction(rq->db)) rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    return rm_redirect(rq, pair_path(p, &pr, "/notes?done=note-added"));
}

/* ---- asking to end the pair ------------------------------------------------ */

static int render_end_request(rm_req *rq, const rm_pair *pr, const char *category,
                              const char *note, apr_table_t *errors, int status)
{
    apr_pool_t *p = rq->r->pool;
    rm_page *pg = rm_page_new(rq, "Ask to end your pair");
    xmlNodePtr f, para;
    para = rm_el(pg->main, "p", NULL);
    rm_link(para, rm_url(rq, pair_path(p, pr, "")),
            apr_pstrcat(p, "Back to your pair with ", rm_pair_partner(pr), NULL));
    rm_el(pg->main, "p", "An admin of the programme reads your request and decides; they may "
          "contact you first. Your partner is not shown what you write here. If the pair "
          "ends, the programme team can offer you a new partner.");
    f = rm_form(pg, pg->main, rm_url(rq, pair_path(p, pr, "/end")));
    rm_radios(pg, f, "category", "Why would you like to end the pair?", rm_end_categories,
              category, NULL, errors ? apr_table_get(errors, "category") : NULL);
    rm_textarea(pg, f, "note", "Anything the programme team should know (optional)", note,
                NULL, errors ? apr_table_get(errors, "note") : NULL, 0, MAX_END_NOTE);
    rm_button(f, "Send the request", "button");
    return rm_page_send(pg, status);
}

/* An open request (either partner's): 1 and a page saying so sent in *rv. */
static int already_asked(rm_req *rq, const rm_pair *pr, int *rv)
{
    apr_pool_t *p = rq->r->pool;
    rm_rows *req;
    if (rm_db_select(rq->db, RM_Q_END_REQ_OPEN, &req, RM_ARGS(pr->row[COL_PAIR_ID])) != 0
        || req->n == 0)
        return 0;
    *rv = rm_error_page(rq, HTTP_CONFLICT, "A request to end this pair is open",
                        apr_pstrcat(p, !strcmp(req->rows[0][COL_ER_PRINCIPAL], rq->id.principal)
                                    ? "You asked" : "Your partner asked",
                                    " the programme team to end this pair on ",
                                    rm_time_human(p, req->rows[0][COL_ER_AT]),
                                    ". An admin will decide and be in touch; there is no "
                                    "need to ask again.", NULL));
    return 1;
}

int rm_page_end_request_form(rm_req *rq, const rm_route_match *m)
{
    rm_pair pr;
    int rv;
    if (!rm_pair_for_partner(rq, arg_id(m, 0), &pr)) return rm_not_found(rq);
    if (!pair_active(&pr)) return pair_ended_page(rq);
    if (already_asked(rq, &pr, &rv)) return rv;
    return render_end_request(rq, &pr, "", "", NULL, HTTP_OK);
}

int rm_page_end_request_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    static const char *const cats[] = { "left", "incompatible", "unavailable", "other", NULL };
    rm_pair pr;
    const char *category = rm_trim(p, apr_table_get(rq->form, "category"));
    const char *note = rm_trim(p, apr_table_get(rq->form, "note")), *e;
    apr_table_t *errors = apr_table_make(p, 2);
    int nrows = 0;
    if (!rm_pair_for_partner(rq, arg_id(m, 0), &pr)) return rm_not_found(rq);
    if (!pair_active(&pr)) return pair_ended_page(rq);
    if (!*category || rm_check_choice(p, "the reason", category, cats, 1))
        apr_table_setn(errors, "category", "Select why you would like to end the pair.");
    if ((e = rm_check_text(p, "what the programme team should know", note, 0, MAX_END_NOTE, 1)))
        apr_table_setn(errors, "note", e);
    if (!apr_is_empty_table(errors))
        return render_end_request(rq, &pr, category, note, errors, HTTP_UNPROCESSABLE_ENTITY);
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (!lock_active(rq, &pr)) return pair_ended_page(rq);
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    /* one open request per pair: a second (either partner's, sent from a
     * form shown before the first) is refused, and says why */
    rm_db_exec(rq->db, RM_Q_END_REQ_INSERT, &nrows,
               RM_ARGS(pr.row[COL_PAIR_ID], rm_i64(p, rq->person_id), category, note,
                       rm_i64(p, apr_time_sec(rq->now))));
    if (nrows != 1) {
        int rv;
        rm_db_end(rq->db, 0);
        if (already_asked(rq, &pr, &rv)) return rv;
        return rm_save_failed(rq);
    }
    rm_audit(rq, "pair.end_request", "pair", rm_parse_id(pr.row[COL_PAIR_ID]), "");
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    return rm_redirect(rq, pair_path(p, &pr, "?done=end-requested"));
}
