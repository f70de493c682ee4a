/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The mid-point check-in and support actions.
 *
 * A partner of an active pair answers the check-in while its window is open
 * and may change the answers until it closes; before, the page says when it
 * opens; after, it shows their own answers, read only.  A partner's page
 * reads only their own row: never the other partner's answers, nor whether
 * they answered.
 *
 * The programme's team (admins and facilitators with the configured role)
 * sees the window, how many partners answered and the pairs at risk (the
 * rules of core/pace.c, counted in SQL to filter, sort and page), and for one
 * pair both partners' answers, its meetings and its support actions, which
 * they add and change.  Anyone else gets 404, whatever ids they try.
 *
 * Answers and other free text are kept in their tables, never in the audit
 * trail or the log.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <http_protocol.h>
#include "pages.h"
#include "fields.h"
#include "features/pairs/pairs.h"
#include "web/form_vals.h"

APLOG_USE_MODULE(rmentor);

RM_NAMED_ARGS(CHECKIN_UPSERT);
RM_NAMED_ARGS(CHECKIN_RISK);
RM_NAMED_ARGS(CHECKIN_SUMMARY);
RM_NAMED_ARGS(SUPPORT_INSERT);
RM_NAMED_ARGS(SUPPORT_UPDATE);

#define PAGE_SIZE 25
#define TEAM (RM_TEAM_ADMIN | RM_TEAM_FACILITATOR)

/* the longest answers, in characters */
#define MAX_ANSWER 2000
#define MAX_SUPPORT_KIND 1000
#define MAX_WHAT 500
#define MAX_DROP_REASON 500
#define MAX_FOLLOW_UP 2000

static long long arg_id(const rm_route_match *m, int i)
{
    return i < m->nargs ? rm_parse_id(m->args[i]) : 0;
}

/* ---- the window ------------------------------------------------------------ */

typedef struct {
    rm_checkin_state state;
    const char *opens, *last;       /* YYYY-MM-DD */
    int dated;                      /* the programme has a check-in date */
} window;

/* The programme's check-in window today; one with no date (a programme
 * stored without one) stays upcoming and says so. */
static void window_of(rm_req *rq, const char **prog, window *w)
{
    int weeks = atoi(prog[COL_PROG_CHECKIN_WEEKS]);
    w->opens = prog[COL_PROG_CHECKIN];
    w->state = rm_checkin_window(w->opens, weeks, rq->today);
    w->last = rm_checkin_last_day(rq->r->pool, w->opens, weeks);
    w->dated = w->last != NULL;
    if (!w->last) w->last = w->opens;
}

/* When the check-in opens, in a sentence. */
static const char *opens_sentence(apr_pool_t *p, const window *w)
{
    if (!w->dated) return "The programme team has not set the date of the check-in yet.";
    return apr_pstrcat(p, "The check-in opens on ", rm_date_human(p, w->opens),
                       " and stays open until ", rm_date_human(p, w->last), ".", NULL);
}

static const char *window_state_label(rm_checkin_state s)
{
    return s == RM_CHECKIN_OPEN ? "Open" : s == RM_CHECKIN_CLOSED ? "Closed" : "Not open yet";
}

/* ---- answers ------------------------------------------------------------------ */

static const char *const rating_opts[] = {
    "1", "1: Not well at all", "2", "2: Not well", "3", "3: Fairly well",
    "4", "4: Well", "5", "5: Very well", NULL };
static const char *const on_plan_opts[] = { "yes", "Yes", "partly", "Partly", "no", "No", NULL };
static const char *const yes_no_opts[] = { "yes", "Yes", "no", "No", NULL };

static const char *label_of(const char *const *opts, const char *v)
{
    for (; opts[0]; opts += 2)
        if (!strcmp(opts[0], v)) return opts[1];
    return v;
}

/* One partner's answers as a description list. */
static void answers_dl(apr_pool_t *p, xmlNodePtr parent, const char **ci)
{
    xmlNodePtr dl = rm_dl(parent);
    int wants = !strcmp(ci[COL_CI_WANTS_SUPPORT], "1");
    rm_dl_item(dl, "How is the mentoring going?", label_of(rating_opts, ci[COL_CI_RATING]));
    rm_dl_item(dl, "Are your meetings happening as planned?",
               label_of(on_plan_opts, ci[COL_CI_ON_PLAN]));
    rm_dl_item(dl, "What is going well?", ci[COL_CI_GOING_WELL]);
    rm_dl_item(dl, "What is hard?", ci[COL_CI_HARD]);
    rm_dl_item(dl, "Would you like extra support?", wants ? "Yes" : "No");
    if (wants) rm_dl_item(dl, "What kind of support?", ci[COL_CI_SUPPORT_KIND]);
    rm_dl_item(dl, "Answered", rm_time_human(p, ci[COL_CI_SUBMITTED]));
    if (strcmp(ci[COL_CI_UPDATED], ci[COL_CI_SUBMITTED]))
        rm_dl_item(dl, "Last changed", rm_time_human(p, ci[COL_CI_UPDATED]));
}

/* ---- a partner's check-in ----------------------------------------------------- */

/* The requester's own person id in the pair (they are one of its partners). */
static const char *my_person(const rm_pair *pr)
{
    return pr->row[pr->side == 0 ? COL_PAIR_MENTOR_ID : COL_PAIR_SENIOR_ID];
}

static const char *checkin_path(apr_pool_t *p, const rm_pair *pr)
{
    return apr_pstrcat(p, "/pairs/", pr->row[COL_PAIR_ID], "/checkin", NULL);
}

/* The partner's own row, or NULL when they have not answered. */
static const char **my_checkin(rm_req *rq, const rm_pair *pr)
{
    rm_rows *rows;
    if (rm_db_select(rq->db, RM_Q_CHECKIN_MINE, &rows,
                     RM_ARGS(pr->row[COL_PAIR_ID], my_person(pr))) != 0 || rows->n != 1)
        return NULL;
    return rows->rows[0];
}

static void checkin_fields(rm_page *pg, xmlNodePtr f, form_vals *fv)
{
    rm_radios(pg, f, "rating", "How is the mentoring going?", rating_opts, V("rating"),
              "1 means not well at all, 5 very well.", E("rating"));
    rm_radios(pg, f, "on_plan", "Are your meetings happening as planned?", on_plan_opts,
              V("on_plan"), NULL, E("on_plan"));
    rm_textarea(pg, f, "going_well", "What is going well?", V("going_well"),
                "Optional.", E("going_well"), 0, MAX_ANSWER);
    rm_textarea(pg, f, "hard", "What is hard?", V("hard"), "Optional.", E("hard"), 0,
                MAX_ANSWER);
    rm_radios(pg, f, "wants_support", "Would you like extra support?", yes_no_opts,
              V("wants_support"), "The programme team will get in touch with you.",
              E("wants_support"));
    rm_textarea(pg, f, "support_kind", "What kind of support?", V("support_kind"),
                "Needed if you would like extra support. For example, help to plan "
                "your meetings, or a conversation with a facilitator.",
                E("support_kind"), 0, MAX_SUPPORT_KIND);
}

static int render_checkin(rm_req *rq, const rm_pair *pr, const char **mine, form_vals *fv,
                          int status)
{
    apr_pool_t *p = rq->r->pool;
    rm_page *pg = rm_page_new(rq, "Mid-point check-in");
    window w;
    xmlNodePtr para;

    window_of(rq, pr->prog, &w);
    rm_done_notice(pg);
    para = rm_el(pg->main, "p", apr_pstrcat(p, "Your pair with ", rm_pair_partner(pr),
                                            " in ", pr->prog[COL_PROG_NAME], ". ", NULL));
    rm_link(para, rm_url(rq, apr_pstrcat(p, "/pairs/", pr->row[COL_PAIR_ID], NULL)),
            "Back to your pair");

    if (w.state == RM_CHECKIN_UPCOMING) {
        rm_el(pg->main, "p", opens_sentence(p, &w));
        rm_el(pg->main, "p", "You will be asked how the mentoring is going, whether your "
              "meetings are happening as planned, and whether you would like extra "
              "support. It takes about five minutes.");
        return rm_page_send(pg, status);
    }
    if (w.state == RM_CHECKIN_CLOSED) {
        rm_el(pg->main, "p", apr_pstrcat(p, "The check-in closed on ",
                                         rm_date_human(p, w.last), ".", NULL));
        if (!mine) {
            rm_el(pg->main, "p", "You did not answer the check-in. If you would like "
                  "support, contact the programme team.");
            return rm_page_send(pg, status);
        }
        answers_dl(p, rm_section(pg, pg->main, "h-answers", "Your answers"), mine);
        return rm_page_send(pg, status);
    }
    rm_el(pg->main, "p", apr_pstrcat(p, "Tell the programme team how your mentoring is "
          "going, so that they can offer support where it helps. The programme team "
          "reads your answers; your partner does not. The check-in is open until ",
          rm_date_human(p, w.last), ".", NULL));
    if (mine)
        rm_el(pg->main, "p", apr_pstrcat(p, "You answered on ",
              rm_time_human(p, mine[COL_CI_SUBMITTED]), ". You can change your answers "
              "until ", rm_date_human(p, w.last), ".", NULL));
    {
        xmlNodePtr f = rm_form(pg, pg->main, rm_url(rq, checkin_path(p, pr)));
        checkin_fields(pg, f, fv);
        rm_button(f, mine ? "Save my changes" : "Send my check-in", NULL);
    }
    return rm_page_send(pg, status);
}

/* The partner's active pair, or 0 (the caller answers 404). */
static int partner_pair(rm_req *rq, const rm_route_match *m, rm_pair *pr)
{
    if (!rm_pair_for_partner(rq, arg_id(m, 0), pr)) return 0;
    return !strcmp(pr->row[COL_PAIR_STATUS], "active");
}

int rm_page_checkin(rm_req *rq, const rm_route_match *m)
{
    rm_pair pr;
    const char **mine;
    form_vals *fv = fv_new(rq->r->pool);
    if (!partner_pair(rq, m, &pr)) return rm_not_found(rq);
    mine = my_checkin(rq, &pr);
    if (rq->db->db_error) return rm_not_found(rq);
    if (mine) {
        apr_table_setn(fv->v, "rating", mine[COL_CI_RATING]);
        apr_table_setn(fv->v, "on_plan", mine[COL_CI_ON_PLAN]);
        apr_table_setn(fv->v, "going_well", mine[COL_CI_GOING_WELL]);
        apr_table_setn(fv->v, "hard", mine[COL_CI_HARD]);
        apr_table_setn(fv->v, "wants_support",
                       !strcmp(mine[COL_CI_WANTS_SUPPORT], "1") ? "yes" : "no");
        apr_table_setn(fv->v, "support_kind", mine[COL_CI_SUPPORT_KIND]);
    }
    return render_checkin(rq, &pr, mine, fv, HTTP_OK);
}

/* Read and check the check-in form into fv; 1 when it has no errors. */
static int read_checkin(rm_req *rq, form_vals *fv)
{
    apr_pool_t *p = rq->r->pool;
    static const char *const names[] = { "rating", "on_plan", "going_well", "hard",
                                         "wants_support", "support_kind", NULL };
    static const char *const ratings[] = { "1", "2", "3", "4", "5", NULL };
    static const char *const plans[] = { "yes", "partly", "no", NULL };
    static const char *const yes_no[] = { "yes", "no", NULL };
    for (int i = 0; names[i]; i++)
        apr_table_setn(fv->v, names[i], rm_trim(p, apr_table_get(rq->form, names[i])));
    SETE("rating", rm_check_choice(p, "how the mentoring is going", V("rating"), ratings, 1));
    SETE("on_plan", rm_check_choice(p, "whether your meetings are happening as planned",
                                    V("on_plan"), plans, 1));
    SETE("going_well", rm_check_text(p, "your answer to what is going well", V("going_well"),
                                     0, MAX_ANSWER, 1));
    SETE("hard", rm_check_text(p, "your answer to what is hard", V("hard"), 0, MAX_ANSWER, 1));
    SETE("wants_support", rm_check_choice(p, "whether you would like extra support",
                                          V("wants_support"), yes_no, 1));
    SETE("support_kind", rm_check_text(p, "what kind of support you would like",
                                       V("support_kind"), 0, MAX_SUPPORT_KIND, 1));
    if (!E("support_kind") && !strcmp(V("wants_support"), "yes") && !*V("support_kind"))
        apr_table_setn(fv->e, "support_kind", "Enter what kind of support you would like, "
                       "so that the programme team can offer the right help.");
    /* support not wanted: nothing is kept of a kind typed before */
    if (!strcmp(V("wants_support"), "no")) apr_table_setn(fv->v, "support_kind", "");
    return apr_is_empty_table(fv->e);
}

int rm_page_checkin_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    rm_pair pr;
    window w;
    const char **mine, *now;
    rm_rows *cur, *before;
    form_vals *fv = fv_new(p);

    if (!partner_pair(rq, m, &pr)) return rm_not_found(rq);
    window_of(rq, pr.prog, &w);
    if (w.state == RM_CHECKIN_UPCOMING)
        return rm_error_page(rq, HTTP_CONFLICT, "The check-in is not open yet",
                             apr_pstrcat(p, opens_sentence(p, &w), " Your answers were not "
                                         "saved: send them once it is open.", NULL));
    if (w.state == RM_CHECKIN_CLOSED)
        return rm_error_page(rq, HTTP_CONFLICT, "The check-in has closed",
                             apr_pstrcat(p, "The check-in closed on ", rm_date_human(p, w.last),
                                         ", so answers can no longer be sent or changed. "
                                         "If you would like support, contact the programme "
                                         "team.", NULL));
    mine = my_checkin(rq, &pr);
    if (rq->db->db_error) return rm_not_found(rq);
    if (!read_checkin(rq, fv))
        return render_checkin(rq, &pr, mine, fv, HTTP_UNPROCESSABLE_ENTITY);

    now = rm_i64(p, apr_time_sec(rq->now));
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    /* the pair's row lock (features/pairs): serialised with its ending and
     * with a second answer of the same partner; then what holds now */
    rm_db_exec(rq->db, RM_Q_PAIR_LOCK, NULL, RM_ARGS(pr.row[COL_PAIR_ID]));
    if (rm_db_select(rq->db, RM_Q_PAIR_GET_NOW, &cur, RM_ARGS(pr.row[COL_PAIR_ID])) != 0
        || cur->n != 1
        || rm_db_select(rq->db, RM_Q_CHECKIN_MINE_NOW, &before,
                        RM_ARGS(pr.row[COL_PAIR_ID], my_person(&pr))) != 0) {
        rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    if (strcmp(cur->rows[0][COL_PAIR_STATUS], "active")) {
        rm_db_end(rq->db, 0);
        return rm_error_page(rq, HTTP_CONFLICT, "The pair has ended",
                             "Your pair ended while you were answering, so the check-in "
                             "was not saved.");
    }
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    rm_db_exec(rq->db, RM_Q_CHECKIN_UPSERT, NULL,
               RM_ARGV(CHECKIN_UPSERT, .pair_id = pr.row[COL_PAIR_ID],
                       .person_id = my_person(&pr), .rating = V("rating"),
                       .on_plan = V("on_plan"), .going_well = V("going_well"),
                       .hard = V("hard"),
                       .wants_support = !strcmp(V("wants_support"), "yes") ? "1" : "0",
                       .support_kind = V("support_kind"), .submitted_at = now,
                       .updated_at = now));
    /* that it was answered, never what */
    rm_audit(rq, before->n ? "checkin.update" : "checkin.submit", "pair",
             rm_parse_id(pr.row[COL_PAIR_ID]), "");
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    return rm_redirect(rq, apr_pstrcat(p, checkin_path(p, &pr), "?done=checkin-saved", NULL));
}

/* ---- risk ------------------------------------------------------------------------ */

/* The reasons of a risk mask as a list, each with whose it is. */
static void reasons_list(apr_pool_t *p, xmlNodePtr parent, unsigned risk,
                         const rm_risk_in *in, const char *const names[2])
{
    static const unsigned bits[] = { RM_RISK_BEHIND, RM_RISK_RATING, RM_RISK_SUPPORT,
                                     RM_RISK_MISSING };
    xmlNodePtr ul = rm_el_class(parent, "ul", "reasons", NULL);
    for (size_t b = 0; b < sizeof(bits) / sizeof(bits[0]); b++) {
        const char *sentence[4], *who = NULL;
        if (!(risk & bits[b]) || rm_risk_reasons(bits[b], sentence) != 1) continue;
        for (int i = 0; i < 2; i++) {
            int is = bits[b] == RM_RISK_RATING
                         ? in->answered[i] && in->rating[i] >= 1 && in->rating[i] <= 2
                   : bits[b] == RM_RISK_SUPPORT ? in->answered[i] && in->wants_support[i]
                   : bits[b] == RM_RISK_MISSING ? !in->answered[i] : 0;
            const char *one = is ? (bits[b] == RM_RISK_RATING
                                    ? apr_psprintf(p, "%s (%d)", names[i], in->rating[i])
                                    : names[i]) : NULL;
            if (one) who = who ? apr_pstrcat(p, who, " and ", one, NULL) : one;
        }
        if (bits[b] == RM_RISK_BEHIND)
            who = apr_psprintf(p, "%d of %d expected meetings confirmed", in->confirmed,
                               in->expected);
        rm_el(ul, "li", who ? apr_pstrcat(p, sentence[0], ": ", who, NULL) : sentence[0]);
    }
}

/* ---- the team's overview ------------------------------------------------------- */

static const char *admin_prog_path(apr_pool_t *p, const char *id, const char *rest)
{
    return apr_pstrcat(p, "/admin/programmes/", id, rest, NULL);
}

static const char *support_path(apr_pool_t *p, const char *pair_id)
{
    return apr_pstrcat(p, "/admin/pairs/", pair_id, "/support", NULL);
}

int rm_page_checkins_team(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    static const char *const shows[] = { "risk", "all", NULL };
    static const char *const show_opts[] = { "risk", "Pairs at risk", "all",
                                             "All active pairs", NULL };
    const char **prog = rm_load_programme(rq, arg_id(m, 0));
    const apr_table_t *q;
    const char *show, *pagestr, *e, *pid, *expected, *closed;
    rm_rows *sum, *list;
    rm_page *pg;
    rm_pace pace;
    window w;
    xmlNodePtr sec, f, dl;
    long page = 1;
    long long npairs, nrisk, nshown;

    if (!prog || !rm_team_access(rq, prog[COL_PROG_ID])) {
        if (prog)
            ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, rq->r,
                          RM_TAG "refused %s the check-ins of programme %s: not on the team",
                          rq->id.principal, prog[COL_PROG_ID]);
        return rm_not_found(rq);
    }
    pid = prog[COL_PROG_ID];
    q = rm_query(rq);
    show = apr_table_get(q, "show");
    pagestr = apr_table_get(q, "page");
    if (!show || !*show) show = "risk";
    if ((e = rm_check_choice(p, "which pairs to show", show, shows, 1))
        || (pagestr && (e = rm_check_int(p, "the page number", pagestr, 1, 100000, &page))))
        return rm_error_page(rq, HTTP_BAD_REQUEST, "Search not understood",
                             apr_pstrcat(p, e, " Start again from the check-ins page.", NULL));
    /* a GET form only: kept as written while nothing changes (html.c) */
    {
        int rv = rm_page_from_cache(rq);
        if (rv != OK) return rv;
    }

    window_of(rq, prog, &w);
    rm_programme_pace(rq, prog, &pace);
    expected = apr_itoa(p, pace.expected);
    closed = w.state == RM_CHECKIN_CLOSED ? "1" : "0";
    if (rm_db_select(rq->db, RM_Q_CHECKIN_SUMMARY, &sum,
                     RM_ARGV(CHECKIN_SUMMARY, .expected = expected, .closed = closed,
                             .today = rq->today, .programme_id = pid)) != 0 || sum->n != 1
        || rm_db_select(rq->db, RM_Q_CHECKIN_RISK, &list,
                        RM_ARGV(CHECKIN_RISK, .expected = expected, .closed = closed,
                                .today = rq->today, .programme_id = pid, .show = show,
                                .limit = apr_itoa(p, PAGE_SIZE),
                                .offset = apr_ltoa(p, (page - 1) * PAGE_SIZE))) != 0)
        return rm_not_found(rq);
    npairs = apr_atoi64(sum->rows[0][COL_CI_SUM_PAIRS]);
    nrisk = apr_atoi64(sum->rows[0][COL_CI_SUM_AT_RISK]);
    nshown = !strcmp(show, "all") ? npairs : nrisk;

    pg = rm_page_new(rq, apr_pstrcat(p, "Check-ins: ", prog[COL_PROG_NAME], NULL));
    rm_done_notice(pg);
    {
        xmlNodePtr para = rm_el(pg->main, "p", NULL);
        rm_link(para, rm_url(rq, admin_prog_path(p, pid, "/pairs")), "All pairs");
        rm_text(para, " ");
        rm_link(para, rm_url(rq, admin_prog_path(p, pid, "/matching")), "Matching");
    }

    sec = rm_section(pg, pg->main, "h-window", "The mid-point check-in");
    dl = rm_dl(sec);
    rm_dl_item(dl, "Opens", rm_date_human(p, w.opens));
    rm_dl_item(dl, "Last day", rm_date_human(p, w.last));
    rm_dl_item(dl, "State", window_state_label(w.state));
    rm_dl_item(dl, "Partners who have answered",
               apr_psprintf(p, "%s of %" APR_INT64_T_FMT, sum->rows[0][COL_CI_SUM_ANSWERED],
                            (apr_int64_t)(2 * npairs)));
    rm_dl_item(dl, "Pairs at risk", apr_psprintf(p, "%" APR_INT64_T_FMT " of %"
                                                 APR_INT64_T_FMT " active pairs",
                                                 (apr_int64_t)nrisk, (apr_int64_t)npairs));
    rm_dl_item(dl, "Meeting pace", rm_pace_human(p, prog, &pace));
    rm_el(sec, "p", "A pair is at risk when it has fewer confirmed meetings than the pace "
          "expects by today, when either partner rated the mentoring 2 or less or asked "
          "for extra support, or when a partner's check-in is missing after the "
          "check-in has closed.");

    /* which pairs: a GET form, usable without JavaScript */
    sec = rm_section(pg, pg->main, "h-filter", "Find pairs");
    f = rm_el_class(sec, "form", "filters", NULL);
    rm_attr(f, "method", "get");
    rm_attr(f, "action", rm_url(rq, admin_prog_path(p, pid, "/checkins")));
    rm_select(pg, f, "show", "Show", show_opts, show, NULL);
    rm_button(f, "Show pairs", "button button-secondary");

    sec = rm_section(pg, pg->main, "h-pairs",
                     !strcmp(show, "all")
                     ? apr_psprintf(p, "%" APR_INT64_T_FMT " active pair%s",
                                    (apr_int64_t)nshown, nshown == 1 ? "" : "s")
                     : apr_psprintf(p, "%" APR_INT64_T_FMT " pair%s at risk",
                                    (apr_int64_t)nshown, nshown == 1 ? "" : "s"));
    if (list->n == 0) {
        rm_el(sec, "p", npairs == 0 ? "The programme has no active pairs."
                        : !strcmp(show, "all") ? "No pairs on this page."
                        : "No pair is at risk.");
    }
    else {
        static const char *const heads[] = { "Pair", "Why at risk", "Meetings confirmed",
                                             "Support actions", NULL };
        xmlNodePtr tb = rm_table(pg, sec, NULL, "h-pairs", heads);
        for (int i = 0; i < list->n; i++) {
            const char **row = list->rows[i];
            const char *names[2] = { row[COL_CI_AR_MENTOR], row[COL_CI_AR_SENIOR] };
            long long nopen = apr_atoi64(row[COL_CI_AR_OPEN]);
            long long nover = apr_atoi64(row[COL_CI_AR_OVERDUE]);
            rm_risk_in in;
            unsigned risk;
            xmlNodePtr tr = rm_row(tb), td;
            memset(&in, 0, sizeof(in));
            in.confirmed = atoi(row[COL_CI_AR_CONFIRMED]);
            /* as rm_pair_expected: the pace less what it expected when the
             * pair was made */
            in.expected = pace.expected - atoi(row[COL_CI_AR_PACE_OFFSET]);
            if (in.expected < 0) in.expected = 0;
            in.answered[0] = !strcmp(row[COL_CI_AR_M_ANSWERED], "1");
            in.answered[1] = !strcmp(row[COL_CI_AR_S_ANSWERED], "1");
            in.rating[0] = atoi(row[COL_CI_AR_M_RATING]);
            in.rating[1] = atoi(row[COL_CI_AR_S_RATING]);
            in.wants_support[0] = !strcmp(row[COL_CI_AR_M_SUPPORT], "1");
            in.wants_support[1] = !strcmp(row[COL_CI_AR_S_SUPPORT], "1");
            in.window = w.state;
            risk = rm_pair_risk(&in);
            rm_link(rm_td(tr, NULL), rm_url(rq, support_path(p, row[COL_CI_AR_PAIR])),
                    apr_pstrcat(p, names[0], " and ", names[1], NULL));
            td = rm_td(tr, NULL);
            if (risk) reasons_list(p, td, risk, &in, names);
            else rm_text(td, "Not at risk");
            rm_td(tr, apr_psprintf(p, "%d of %d expected", in.confirmed, in.expected));
            td = rm_td(tr, nopen ? apr_psprintf(p, "%" APR_INT64_T_FMT " open",
                                                (apr_int64_t)nopen) : "None open");
            if (nover) {
                rm_text(td, " ");
                rm_el_class(td, "strong", "tag tag-declined",
                            apr_psprintf(p, "%" APR_INT64_T_FMT " overdue", (apr_int64_t)nover));
            }
        }
    }
    rm_pager(sec, rm_url(rq, admin_prog_path(p, pid, apr_pstrcat(p, "/checkins?show=",
                                                                  rm_url_encode(p, show),
                                                                  "&page=", NULL))),
             page, nshown, PAGE_SIZE, "Pages of pairs");
    return rm_page_send(pg, HTTP_OK);
}

/* ---- support actions ----------------------------------------------------------- */

static const char *const status_opts[] = { "open", "Open", "in_progress", "In progress",
                                           "done", "Done", "dropped", "Dropped", NULL };

/* The action's state as a tag: the word says it, the colour only repeats it. */
static void status_tag(xmlNodePtr parent, const char *status)
{
    static const char *const cls[] = { "open", "tag tag-submitted",
                                       "in_progress", "tag tag-waitlisted",
                                       "done", "tag tag-accepted",
                                       "dropped", "tag tag-withdrawn", NULL };
    const char *c = "tag";
    for (int i = 0; cls[i]; i += 2)
        if (!strcmp(cls[i], status)) c = cls[i + 1];
    rm_el_class(parent, "strong", c, label_of(status_opts, status));
}

static int action_open(const char **a)
{
    return !strcmp(a[COL_SA_STATUS], "open") || !strcmp(a[COL_SA_STATUS], "in_progress");
}

static int action_overdue(rm_req *rq, const char **a)
{
    return action_open(a) && strcmp(a[COL_SA_DUE], rq->today) < 0;
}

static const rm_field due_field = {
    "due_on", "Due by", "For example, 3 January 2027.", "the due date", RM_FIELD_DATE,
    1, 10, 0, 0, NULL, "", -1 };

/* The programme's team as owner options: person id, "name (sign-in name)";
 * keep: an owner no longer on the team, kept as a choice while the action
 * stays theirs (or NULL). */
static const char **owner_options(rm_req *rq, rm_rows *team, const char **keep)
{
    apr_pool_t *p = rq->r->pool;
    const char **o = apr_pcalloc(p, sizeof(char *) * (2 * team->n + 5));
    int k = 2, found = 0;
    o[0] = "";
    o[1] = "Choose who owns it";
    for (int i = 0; i < team->n; i++) {
        o[k++] = team->rows[i][COL_SA_OWNER_ID];
        o[k++] = apr_pstrcat(p, team->rows[i][COL_SA_OWNER_DISPLAY], " (",
                             team->rows[i][COL_SA_OWNER_PRINCIPAL], ")", NULL);
        if (keep && !strcmp(keep[COL_SA_OWNER], team->rows[i][COL_SA_OWNER_ID])) found = 1;
    }
    if (keep && !found) {
        o[k++] = keep[COL_SA_OWNER];
        o[k++] = apr_pstrcat(p, keep[COL_SA_OWNER_NAME], " (no longer on the team)", NULL);
    }
    return o;
}

/* The owner and due date of an action form (fv), checked: the owner on the
 * programme's team (or the action's current one, keep), the due date not
 * before today unless it is the one the action already has. */
static void read_owner_due(rm_req *rq, form_vals *fv, rm_rows *team, const char **keep)
{
    const char *due, *e;
    int found = 0;
    apr_table_setn(fv->v, "owner", rm_trim(rq->r->pool, apr_table_get(rq->form, "owner")));
    for (int i = 0; i < team->n; i++)
        if (!strcmp(team->rows[i][COL_SA_OWNER_ID], V("owner"))) found = 1;
    if (keep && !strcmp(keep[COL_SA_OWNER], V("owner"))) found = 1;
    if (!*V("owner"))
        apr_table_setn(fv->e, "owner", "Choose who owns the action.");
    else if (!found)
        apr_table_setn(fv->e, "owner", "Choose a member of the programme team: only "
                       "the team's administrators and facilitators can own an action.");
    e = rm_field_read(rq, &due_field, &due);
    apr_table_setn(fv->v, "due_on", due);
    if (e) apr_table_setn(fv->e, "due_on", e);
    else if (strcmp(due, rq->today) < 0 && !(keep && !strcmp(due, keep[COL_SA_DUE])))
        apr_table_setn(fv->e, "due_on", "The due date must be today or later.");
}

static int render_support(rm_req *rq, const rm_pair *pr, form_vals *fv, int status)
{
    apr_pool_t *p = rq->r->pool;
    const char *pair_id = pr->row[COL_PAIR_ID];
    const char *names[2] = { rm_pair_person(pr, 0), rm_pair_person(pr, 1) };
    const char *ids[2] = { pr->row[COL_PAIR_MENTOR_ID], pr->row[COL_PAIR_SENIOR_ID] };
    const char **ci[2] = { NULL, NULL };
    int active = !strcmp(pr->row[COL_PAIR_STATUS], "active");
    rm_rows *answers, *actions, *team;
    rm_meeting_stats ms;
    rm_pace pace;
    rm_risk_in in;
    window w;
    rm_page *pg;
    xmlNodePtr sec, para, dl;
    unsigned risk;

    if (rm_db_select(rq->db, RM_Q_CHECKIN_PAIR, &answers, RM_ARGS(pair_id)) != 0
        || rm_db_select(rq->db, RM_Q_SUPPORT_LIST, &actions, RM_ARGS(pair_id)) != 0
        || rm_db_select(rq->db, RM_Q_SUPPORT_OWNERS, &team,
                        RM_ARGS(pr->prog[COL_PROG_ID])) != 0
        || rm_pair_meeting_stats(rq, pair_id, &ms) != 0)
        return rm_not_found(rq);
    for (int i = 0; i < answers->n; i++)
        for (int s = 0; s < 2; s++)
            if (!strcmp(answers->rows[i][COL_CI_PERSON], ids[s])) ci[s] = answers->rows[i];
    window_of(rq, pr->prog, &w);
    rm_programme_pace(rq, pr->prog, &pace);
    memset(&in, 0, sizeof(in));
    in.confirmed = ms.confirmed;
    in.expected = rm_pair_expected(pr, &pace);
    in.window = w.state;
    for (int s = 0; s < 2; s++) {
        in.answered[s] = ci[s] != NULL;
        in.rating[s] = ci[s] ? atoi(ci[s][COL_CI_RATING]) : 0;
        in.wants_support[s] = ci[s] && !strcmp(ci[s][COL_CI_WANTS_SUPPORT], "1");
    }
    risk = rm_pair_risk(&in);

    pg = rm_page_new(rq, apr_pstrcat(p, "Support: ", rm_pair_title(p, pr), NULL));
    rm_done_notice(pg);
    para = rm_el(pg->main, "p", NULL);
    rm_link(para, rm_url(rq, admin_prog_path(p, pr->prog[COL_PROG_ID], "/checkins")),
            apr_pstrcat(p, "Back to the check-ins of ", pr->prog[COL_PROG_NAME], NULL));
    rm_text(para, " ");
    rm_link(para, rm_url(rq, apr_pstrcat(p, "/admin/pairs/", pair_id, NULL)), "The pair's page");
    dl = rm_dl(pg->main);
    rm_dl_item(dl, rm_pair_role(pr, 0), names[0]);
    rm_dl_item(dl, rm_pair_role(pr, 1), names[1]);
    rm_dl_item(dl, "Programme", pr->prog[COL_PROG_NAME]);
    if (!active) rm_dl_item(dl, "Pair", "Ended");

    sec = rm_section(pg, pg->main, "h-risk", "Why this pair may need support");
    if (!active)
        rm_el(sec, "p", "The pair has ended.");
    else if (risk)
        reasons_list(p, sec, risk, &in, names);
    else
        rm_el(sec, "p", "The pair is not at risk: its meetings keep pace, and no check-in "
              "asks for support or rates the mentoring 2 or less.");

    sec = rm_section(pg, pg->main, "h-meetings", "Meetings");
    dl = rm_dl(sec);
    rm_dl_item(dl, "Confirmed meetings", apr_psprintf(p, "%d (%s)", ms.confirmed,
                                                      rm_minutes_human(p, ms.minutes)));
    rm_dl_item(dl, "Expected by today", rm_pace_human(p, pr->prog, &pace));
    if (atoi(pr->row[COL_PAIR_PACE_OFFSET]) > 0)
        rm_dl_item(dl, "Since they were paired", apr_psprintf(p, "%d meeting%s expected since "
                   "%s.", in.expected, in.expected == 1 ? "" : "s",
                   rm_date_human(p, rm_pair_made_on(p, pr))));
    rm_dl_item(dl, "Last confirmed meeting", *ms.last ? rm_date_human(p, ms.last) : "None yet");
    rm_dl_item(dl, "Waiting for the other partner to confirm", apr_itoa(p, ms.waiting));

    sec = rm_section(pg, pg->main, "h-answers", "Check-in answers");
    if (!w.dated)
        rm_el(sec, "p", opens_sentence(p, &w));
    else
        rm_el(sec, "p", apr_pstrcat(p, "The check-in ",
                                    w.state == RM_CHECKIN_UPCOMING ? "opens on "
                                    : w.state == RM_CHECKIN_OPEN ? "opened on "
                                    : "was open from ", rm_date_human(p, w.opens),
                                    w.state == RM_CHECKIN_CLOSED ? " to " : " and is open until ",
                                    rm_date_human(p, w.last), ". Each partner sees only "
                                    "their own answers.", NULL));
    for (int s = 0; s < 2; s++) {
        rm_el(sec, "h3", apr_pstrcat(p, names[s], ", ", rm_pair_role(pr, s),
                                     ": their answers", NULL));
        if (ci[s]) answers_dl(p, sec, ci[s]);
        else rm_el(sec, "p", w.state == RM_CHECKIN_CLOSED ? "Did not answer."
                             : "Has not answered yet.");
    }

    sec = rm_section(pg, pg->main, "h-actions", "Support actions");
    if (actions->n == 0) {
        rm_el(sec, "p", "No support actions yet.");
    }
    else {
        static const char *const heads[] = { "What", "Owner", "Due", "Status", "Notes",
                                             "Change", NULL };
        xmlNodePtr tb = rm_table(pg, sec, NULL, "h-actions", heads);
        for (int i = 0; i < actions->n; i++) {
            const char **a = actions->rows[i];
            xmlNodePtr tr = rm_row(tb), td, l;
            rm_td(tr, a[COL_SA_WHAT]);
            rm_td(tr, a[COL_SA_OWNER_NAME]);
            td = rm_td(tr, rm_date_human(p, a[COL_SA_DUE]));
            if (action_overdue(rq, a)) {
                rm_text(td, " ");
                rm_el_class(td, "strong", "tag tag-declined", "Overdue");
            }
            status_tag(rm_td(tr, NULL), a[COL_SA_STATUS]);
            td = rm_td(tr, NULL);
            if (*a[COL_SA_DROP_REASON] && !strcmp(a[COL_SA_STATUS], "dropped"))
                rm_el(td, "p", apr_pstrcat(p, "Why dropped: ", a[COL_SA_DROP_REASON], NULL));
            if (*a[COL_SA_FOLLOW_UP])
                rm_el(td, "p", apr_pstrcat(p, "Follow-up: ", a[COL_SA_FOLLOW_UP], NULL));
            rm_el(td, "p", apr_pstrcat(p, "Added by ", a[COL_SA_CREATED_BY_NAME], " on ",
                                       rm_time_human(p, a[COL_SA_CREATED_AT]), NULL));
            l = rm_link(rm_td(tr, NULL), rm_url(rq, apr_pstrcat(p, "/support/", a[COL_SA_ID],
                                                                "/edit", NULL)), "Change");
            /* the name starts with the visible text (WCAG 2.5.3) */
            rm_attr(l, "aria-label", apr_pstrcat(p, "Change: ", a[COL_SA_WHAT], NULL));
        }
    }

    if (active) {
        xmlNodePtr f;
        sec = rm_section(pg, pg->main, "h-add", "Add a support action");
        f = rm_form(pg, sec, rm_url(rq, support_path(p, pair_id)));
        rm_textarea(pg, f, "what", "What will be done", V("what"),
                    "For example, a facilitator meets both partners to agree a meeting plan.",
                    E("what"), 1, MAX_WHAT);
        rm_select(pg, f, "owner", "Owner", owner_options(rq, team, NULL), V("owner"),
                  E("owner"));
        rm_field_show(pg, f, &due_field, NULL, V("due_on"), E("due_on"));
        rm_button(f, "Add action", NULL);
    }
    return rm_page_send(pg, status);
}

int rm_page_support(rm_req *rq, const rm_route_match *m)
{
    rm_pair pr;
    if (!rm_pair_for_team(rq, arg_id(m, 0), TEAM, &pr)) return rm_not_found(rq);
    return render_support(rq, &pr, fv_new(rq->r->pool), HTTP_OK);
}

int rm_page_support_add_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    rm_pair pr;
    rm_rows *team, *ins;
    form_vals *fv = fv_new(p);
    const char *now, *id = NULL;

    if (!rm_pair_for_team(rq, arg_id(m, 0), TEAM, &pr)) return rm_not_found(rq);
    if (strcmp(pr.row[COL_PAIR_STATUS], "active"))
        return rm_error_page(rq, HTTP_CONFLICT, "The pair has ended",
                             "The pair has ended, so no support actions can be added. Its "
                             "actions can still be changed.");
    if (rm_db_select(rq->db, RM_Q_SUPPORT_OWNERS, &team, RM_ARGS(pr.prog[COL_PROG_ID])) != 0)
        return rm_not_found(rq);
    apr_table_setn(fv->v, "what", rm_trim(p, apr_table_get(rq->form, "what")));
    SETE("what", rm_check_text(p, "what will be done", V("what"), 1, MAX_WHAT, 1));
    read_owner_due(rq, fv, team, NULL);
    if (!apr_is_empty_table(fv->e))
        return render_support(rq, &pr, fv, HTTP_UNPROCESSABLE_ENTITY);

    now = rm_i64(p, apr_time_sec(rq->now));
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    if (rm_db_select(rq->db, RM_Q_SUPPORT_INSERT, &ins,
                     RM_ARGV(SUPPORT_INSERT, .pair_id = pr.row[COL_PAIR_ID], .what = V("what"),
                             .owner_id = V("owner"), .due_on = V("due_on"),
                             .created_by = rm_i64(p, rq->person_id), .created_at = now,
                             .updated_at = now)) == 0 && ins->n == 1) {
        id = ins->rows[0][0];
        rm_audit(rq, "support.create", "support_action", rm_parse_id(id), "open");
    }
    if (!id || rm_db_end(rq->db, 1) != 0) {
        if (rm_db_in_transaction(rq->db)) rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    return rm_redirect(rq, apr_pstrcat(p, support_path(p, pr.row[COL_PAIR_ID]),
                                       "?done=support-added", NULL));
}

/* The action and its pair, for the pair's team; NULL (the caller answers
 * 404) for anyone else, or no such action. */
static const char **team_action(rm_req *rq, long long id, rm_pair *pr)
{
    rm_rows *rows;
    if (id <= 0 || rm_db_select(rq->db, RM_Q_SUPPORT_GET, &rows,
                                RM_ARGS(rm_i64(rq->r->pool, id))) != 0 || rows->n != 1)
        return NULL;
    if (!rm_pair_for_team(rq, rm_parse_id(rows->rows[0][COL_SA_PAIR]), TEAM, pr))
        return NULL;
    return rows->rows[0];
}

static int render_action_form(rm_req *rq, const rm_pair *pr, const char **a, rm_rows *team,
                              form_vals *fv, int status)
{
    apr_pool_t *p = rq->r->pool;
    rm_page *pg = rm_page_new(rq, "Change a support action");
    xmlNodePtr para, dl, f;
    para = rm_el(pg->main, "p", NULL);
    rm_link(para, rm_url(rq, support_path(p, pr->row[COL_PAIR_ID])),
            apr_pstrcat(p, "Back to the support of ", rm_pair_title(p, pr), NULL));
    dl = rm_dl(pg->main);
    rm_dl_item(dl, "Pair", rm_pair_title(p, pr));
    rm_dl_item(dl, "What will be done", a[COL_SA_WHAT]);
    rm_dl_item(dl, "Added", apr_pstrcat(p, rm_time_human(p, a[COL_SA_CREATED_AT]), " by ",
                                        a[COL_SA_CREATED_BY_NAME], NULL));
    if (action_overdue(rq, a)) {
        xmlNodePtr dd;
        rm_el(dl, "dt", "Due");
        dd = rm_el(dl, "dd", rm_date_human(p, a[COL_SA_DUE]));
        rm_text(dd, " ");
        rm_el_class(dd, "strong", "tag tag-declined", "Overdue");
    }
    f = rm_form(pg, pg->main, rm_url(rq, apr_pstrcat(p, "/support/", a[COL_SA_ID], "/edit",
                                                      NULL)));
    rm_radios(pg, f, "status", "Status", status_opts, V("status"), NULL, E("status"));
    rm_textarea(pg, f, "drop_reason", "Why is it dropped?", V("drop_reason"),
                "Needed when the action is dropped.", E("drop_reason"), 0, MAX_DROP_REASON);
    rm_textarea(pg, f, "follow_up", "Follow-up note", V("follow_up"),
                "What happened, and what comes next. Optional.", E("follow_up"), 0,
                MAX_FOLLOW_UP);
    rm_select(pg, f, "owner", "Owner", owner_options(rq, team, a), V("owner"), E("owner"));
    rm_field_show(pg, f, &due_field, NULL, V("due_on"), E("due_on"));
    rm_button(f, "Save action", NULL);
    return rm_page_send(pg, status);
}

int rm_page_support_form(rm_req *rq, const rm_route_match *m)
{
    rm_pair pr;
    rm_rows *team;
    const char **a = team_action(rq, arg_id(m, 0), &pr);
    form_vals *fv = fv_new(rq->r->pool);
    if (!a || rm_db_select(rq->db, RM_Q_SUPPORT_OWNERS, &team,
                           RM_ARGS(pr.prog[COL_PROG_ID])) != 0)
        return rm_not_found(rq);
    apr_table_setn(fv->v, "status", a[COL_SA_STATUS]);
    apr_table_setn(fv->v, "drop_reason", a[COL_SA_DROP_REASON]);
    apr_table_setn(fv->v, "follow_up", a[COL_SA_FOLLOW_UP]);
    apr_table_setn(fv->v, "owner", a[COL_SA_OWNER]);
    apr_table_setn(fv->v, "due_on", a[COL_SA_DUE]);
    return render_action_form(rq, &pr, a, team, fv, HTTP_OK);
}

int rm_page_support_edit_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    static const char *const statuses[] = { "open", "in_progress", "done", "dropped", NULL };
    rm_pair pr;
    rm_rows *team, *cur;
    const char **a = team_action(rq, arg_id(m, 0), &pr), **now_row;
    form_vals *fv = fv_new(p);
    int nrows = 0;

    if (!a || rm_db_select(rq->db, RM_Q_SUPPORT_OWNERS, &team,
                           RM_ARGS(pr.prog[COL_PROG_ID])) != 0)
        return rm_not_found(rq);
    apr_table_setn(fv->v, "status", rm_trim(p, apr_table_get(rq->form, "status")));
    apr_table_setn(fv->v, "drop_reason", rm_trim(p, apr_table_get(rq->form, "drop_reason")));
    apr_table_setn(fv->v, "follow_up", rm_trim(p, apr_table_get(rq->form, "follow_up")));
    SETE("status", rm_check_choice(p, "the status", V("status"), statuses, 1));
    SETE("drop_reason", rm_check_text(p, "why the action is dropped", V("drop_reason"), 0,
                                      MAX_DROP_REASON, 1));
    SETE("follow_up", rm_check_text(p, "the follow-up note", V("follow_up"), 0,
                                    MAX_FOLLOW_UP, 1));
    if (!E("drop_reason") && !strcmp(V("status"), "dropped") && !*V("drop_reason"))
        apr_table_setn(fv->e, "drop_reason", "Enter why the action is dropped.");
    read_owner_due(rq, fv, team, a);
    if (!apr_is_empty_table(fv->e))
        return render_action_form(rq, &pr, a, team, fv, HTTP_UNPROCESSABLE_ENTITY);
    /* a reason is kept only while the action stays dropped */
    if (strcmp(V("status"), "dropped")) apr_table_setn(fv->v, "drop_reason", "");

    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (rm_db_select(rq->db, RM_Q_SUPPORT_GET_NOW, &cur, RM_ARGS(a[COL_SA_ID])) != 0
        || cur->n != 1) {
        rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    now_row = cur->rows[0];
    if (!strcmp(now_row[COL_SA_STATUS], V("status"))
        && !strcmp(now_row[COL_SA_DROP_REASON], V("drop_reason"))
        && !strcmp(now_row[COL_SA_FOLLOW_UP], V("follow_up"))
        && !strcmp(now_row[COL_SA_OWNER], V("owner"))
        && !strcmp(now_row[COL_SA_DUE], V("due_on"))) {
        /* nothing changed: nothing to write or record */
        rm_db_end(rq->db, 0);
        return rm_redirect(rq, apr_pstrcat(p, support_path(p, pr.row[COL_PAIR_ID]),
                                           "?done=support-saved", NULL));
    }
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    rm_db_exec(rq->db, RM_Q_SUPPORT_UPDATE, &nrows,
               RM_ARGV(SUPPORT_UPDATE, .status = V("status"), .drop_reason = V("drop_reason"),
                       .follow_up = V("follow_up"), .owner_id = V("owner"),
                       .due_on = V("due_on"), .updated_at = rm_i64(p, apr_time_sec(rq->now)),
                       .id = a[COL_SA_ID]));
    /* the state it is in now, a code: the notes stay in their table */
    if (nrows == 1)
        rm_audit(rq, "support.update", "support_action", rm_parse_id(a[COL_SA_ID]),
                 V("status"));
    if (nrows != 1 || rm_db_end(rq->db, 1) != 0) {
        if (rm_db_in_transaction(rq->db)) rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    return rm_redirect(rq, apr_pstrcat(p, support_path(p, pr.row[COL_PAIR_ID]),
                                       "?done=support-saved", NULL));
}
