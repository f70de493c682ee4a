/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The post-programme evaluation.
 *
 * It opens on the programme's last day (start_date + length_months) and
 * stays open for eval_weeks weeks.  Its questions, ratings from 1 to 5 and
 * free text, are defined once per programme: the default set below until an
 * admin edits the wording, which they may do until the evaluation opens (and
 * never once a response exists); the set in use is written to the database
 * by the first edit or the first response, whichever comes first.
 *
 * Each participant (a partner of one of the programme's pairs) sends one
 * response and may change it while the evaluation is open; they choose
 * whether their written answers may be shown with their name.  The team
 * sees response rates here; the answers' aggregates belong to the report.
 * Answers are never in the audit trail or the log.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <http_protocol.h>
#include "closing.h"
#include "core/pace.h"

APLOG_USE_MODULE(rmentor);

RM_NAMED_ARGS(ER_INSERT);

#define MAX_QUESTIONS 20
#define MAX_WORDING 300
#define MAX_ANSWER 2000

/* The default question set, copied into a programme when first used */
static const struct { const char *kind, *wording; } default_questions[] = {
    { "rating", "Overall, how valuable was the programme to you?" },
    { "rating", "How well did the training prepare you for your role in the programme?" },
    { "rating", "How well did you and your partner work together?" },
    { "rating", "How much has the programme changed how you think about race equality at work?" },
    { "rating", "How well did the programme team support you during the year?" },
    { "text",   "What was the most valuable part of the programme for you?" },
    { "text",   "What will you do differently as a result of the programme?" },
    { "text",   "What would you change for the next cohort?" },
};
#define NDEFAULT (sizeof(default_questions) / sizeof(default_questions[0]))

static const char *const rating_opts[] = {
    "1", "1: Not at all", "2", "2: A little", "3", "3: Moderately", "4", "4: Very",
    "5", "5: Extremely", NULL };
static const char *const ratings[] = { "1", "2", "3", "4", "5", NULL };

#define V(k) apr_table_get(fv->v, k)
#define E(k) apr_table_get(fv->e, k)
#define SETE(k, x) do { const char *e_ = (x); if (e_) apr_table_setn(fv->e, k, e_); } while (0)

/* ---- the questions and the window ---------------------------------------------- */

typedef struct {
    const char *id;          /* "0" while the default set is not stored */
    int position;
    const char *kind, *wording;
} question;

typedef struct {
    question q[MAX_QUESTIONS];
    int n;
    int stored;
} question_set;

static void defaults_of(question_set *qs)
{
    qs->n = (int)NDEFAULT;
    qs->stored = 0;
    for (int i = 0; i < qs->n; i++) {
        qs->q[i].id = "0";
        qs->q[i].position = i + 1;
        qs->q[i].kind = default_questions[i].kind;
        qs->q[i].wording = default_questions[i].wording;
    }
}

/* The programme's questions (label RM_Q_EQ_LIST or _NOW); 0 on a database
 * error */
static int load_questions(rm_req *rq, const char *label, const char *pid, question_set *qs)
{
    rm_rows *rows;
    if (rm_db_select(rq->db, label, &rows, RM_ARGS(pid)) != 0) return 0;
    if (!rows->n) { defaults_of(qs); return 1; }
    qs->n = 0;
    qs->stored = 1;
    for (int i = 0; i < rows->n && qs->n < MAX_QUESTIONS; i++, qs->n++) {
        qs->q[qs->n].id = rows->rows[i][COL_EQ_ID];
        qs->q[qs->n].position = atoi(rows->rows[i][COL_EQ_POSITION]);
        qs->q[qs->n].kind = rows->rows[i][COL_EQ_KIND];
        qs->q[qs->n].wording = rows->rows[i][COL_EQ_WORDING];
    }
    return 1;
}

typedef struct {
    rm_checkin_state state;
    const char *opens, *last;
} window;

static void window_of(rm_req *rq, const char **prog, window *w)
{
    int weeks = atoi(prog[COL_PROG_EVAL_WEEKS]);
    w->opens = rm_cl_programme_end(rq->r->pool, prog);
    w->state = rm_checkin_window(w->opens, weeks, rq->today);
    w->last = rm_checkin_last_day(rq->r->pool, w->opens, weeks);
    if (!w->last) w->last = w->opens;
}

static const char *window_sentence(apr_pool_t *p, const window *w)
{
    if (w->state == RM_CHECKIN_UPCOMING)
        return apr_pstrcat(p, "The evaluation opens on ", rm_date_human(p, w->opens),
                           ", the programme's last day, and stays open until ",
                           rm_date_human(p, w->last), ".", NULL);
    if (w->state == RM_CHECKIN_OPEN)
        return apr_pstrcat(p, "The evaluation is open until ", rm_date_human(p, w->last),
                           ".", NULL);
    return apr_pstrcat(p, "The evaluation closed on ", rm_date_human(p, w->last), ".", NULL);
}

static const char *qfield(apr_pool_t *p, const question *q)
{
    return apr_psprintf(p, "q%d", q->position);
}

/* ---- a participant's response --------------------------------------------------- */

/* The requester's response (RM_Q_ER_MINE) or NULL; its answers into fv by
 * question field */
static const char **my_response(rm_req *rq, const char *pid, const question_set *qs,
                                rm_cl_form *fv)
{
    apr_pool_t *p = rq->r->pool;
    rm_rows *rows, *ans;
    if (rm_db_select(rq->db, RM_Q_ER_MINE, &rows,
                     RM_ARGS(pid, rm_i64(p, rm_person_id(rq, 0)))) != 0 || rows->n != 1)
        return NULL;
    if (fv && rm_db_select(rq->db, RM_Q_ER_ANSWERS, &ans,
                           RM_ARGS(rows->rows[0][COL_RESP_ID])) == 0) {
        for (int i = 0; i < ans->n; i++)
            for (int k = 0; k < qs->n; k++)
                if (!strcmp(qs->q[k].id, ans->rows[i][COL_EA_QUESTION]))
                    apr_table_setn(fv->v, qfield(p, &qs->q[k]),
                                   !strcmp(qs->q[k].kind, "rating")
                                   ? ans->rows[i][COL_EA_RATING] : ans->rows[i][COL_EA_BODY]);
        apr_table_setn(fv->v, "named", rows->rows[0][COL_RESP_NAMED]);
    }
    return rows->rows[0];
}

static void answers_dl(apr_pool_t *p, xmlNodePtr parent, const question_set *qs,
                       rm_cl_form *fv)
{
    xmlNodePtr dl = rm_dl(parent);
    for (int k = 0; k < qs->n; k++) {
        const char *v = V(qfield(p, &qs->q[k]));
        if (!strcmp(qs->q[k].kind, "rating")) {
            const char *lab = NULL;
            for (int i = 0; v && rating_opts[i]; i += 2)
                if (!strcmp(rating_opts[i], v)) lab = rating_opts[i + 1];
            rm_dl_item(dl, qs->q[k].wording, lab ? lab : "Not answered");
        }
        else rm_dl_item(dl, qs->q[k].wording, v && *v ? v : "Not answered");
    }
    rm_dl_item(dl, "Your written answers may be shown with your name",
               V("named") && !strcmp(V("named"), "1") ? "Yes" : "No");
}

static int render_eval(rm_req *rq, const char **prog, const question_set *qs,
                       const char **mine, rm_cl_form *fv, int status)
{
    apr_pool_t *p = rq->r->pool;
    const char *pid = prog[COL_PROG_ID];
    rm_page *pg = rm_page_new(rq, "Programme evaluation");
    window w;
    xmlNodePtr para, f;

    window_of(rq, prog, &w);
    rm_done_notice(pg);
    para = rm_el(pg->main, "p", apr_pstrcat(p, "Your evaluation of ", prog[COL_PROG_NAME], ". ",
                                            NULL));
    rm_link(para, rm_url(rq, "/"), "Back to your home page");
    rm_el(pg->main, "p", window_sentence(p, &w));
    if (w.state == RM_CHECKIN_UPCOMING) {
        rm_el(pg->main, "p", apr_psprintf(p, "You will be asked %d questions about your year "
              "in the programme: how valuable it was, what helped and what you would change. "
              "It takes about ten minutes.", qs->n));
        return rm_page_send(pg, status);
    }
    if (w.state == RM_CHECKIN_CLOSED) {
        if (!mine) rm_el(pg->main, "p", "You did not answer the evaluation.");
        else answers_dl(p, rm_section(pg, pg->main, "h-answers", "Your answers"), qs, fv);
        return rm_page_send(pg, status);
    }
    rm_el(pg->main, "p", "Your answers help the programme team improve the programme for the "
          "next cohort. The team sees the answers of everyone together; your written answers "
          "are shown without your name unless you agree below.");
    if (mine)
        rm_el(pg->main, "p", apr_pstrcat(p, "You answered on ",
              rm_time_human(p, mine[COL_RESP_SUBMITTED]), ". You can change your answers until ",
              rm_date_human(p, w.last), ".", NULL));
    f = rm_form(pg, pg->main, rm_url(rq, rm_cl_path(p, pid, "/evaluation")));
    for (int k = 0; k < qs->n; k++) {
        const char *name = qfield(p, &qs->q[k]);
        if (!strcmp(qs->q[k].kind, "rating"))
            rm_radios(pg, f, name, qs->q[k].wording, rating_opts, V(name),
                      "1 is the lowest, 5 the highest.", E(name));
        else
            rm_textarea(pg, f, name, qs->q[k].wording, V(name), "Optional.", E(name), 0,
                        MAX_ANSWER);
    }
    rm_checkbox(pg, f, "named", "1", "My written answers may be shown with my name",
                "If you leave this unticked, your written answers are shown without your name.",
                V("named") && !strcmp(V("named"), "1"));
    rm_button(f, mine ? "Save my changes" : "Send my evaluation", NULL);
    return rm_page_send(pg, status);
}

int rm_page_eval(rm_req *rq, const rm_route_match *m)
{
    const char **prog, *role, **mine;
    question_set qs;
    rm_cl_form *fv = rm_cl_form_new(rq->r->pool);
    if (!rm_cl_participant(rq, rm_cl_arg(m, 0), &prog, &role)) return rm_not_found(rq);
    if (!load_questions(rq, RM_Q_EQ_LIST, prog[COL_PROG_ID], &qs)) return rm_not_found(rq);
    mine = my_response(rq, prog[COL_PROG_ID], &qs, fv);
    if (rq->db->db_error) return rm_not_found(rq);
    return render_eval(rq, prog, &qs, mine, fv, HTTP_OK);
}

int rm_page_eval_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    const char **prog, *role, **mine, *now, *me, *rid;
    question_set qs, stored;
    rm_rows *before;
    window w;
    rm_cl_form *fv = rm_cl_form_new(p);
    int named;

    if (!rm_cl_participant(rq, rm_cl_arg(m, 0), &prog, &role)) return rm_not_found(rq);
    window_of(rq, prog, &w);
    if (w.state != RM_CHECKIN_OPEN)
        return rm_error_page(rq, HTTP_CONFLICT, w.state == RM_CHECKIN_UPCOMING
                             ? "The evaluation is not open yet" : "The evaluation has closed",
                             apr_pstrcat(p, window_sentence(p, &w), " Your answers were not "
                                         "saved.", NULL));
    if (!load_questions(rq, RM_Q_EQ_LIST, prog[COL_PROG_ID], &qs)) return rm_save_failed(rq);
    mine = my_response(rq, prog[COL_PROG_ID], &qs, NULL);
    if (rq->db->db_error) return rm_save_failed(rq);
    for (int k = 0; k < qs.n; k++) {
        const char *name = qfield(p, &qs.q[k]);
        apr_table_setn(fv->v, name, rm_trim(p, apr_table_get(rq->form, name)));
        if (!strcmp(qs.q[k].kind, "rating"))
            SETE(name, rm_check_choice(p, apr_psprintf(p, "an answer to question %d", k + 1),
                                       V(name), ratings, 1));
        else
            SETE(name, rm_check_text(p, apr_psprintf(p, "your answer to question %d", k + 1),
                                     V(name), 0, MAX_ANSWER, 1));
    }
    named = apr_table_get(rq->form, "named") && !strcmp(apr_table_get(rq->form, "named"), "1");
    apr_table_setn(fv->v, "named", named ? "1" : "0");
    if (!apr_is_empty_table(fv->e))
        return render_eval(rq, prog, &qs, mine, fv, HTTP_UNPROCESSABLE_ENTITY);

    now = rm_i64(p, apr_time_sec(rq->now));
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    me = rm_i64(p, rq->person_id);
    /* the set in use is stored by the first response; a set that changed
     * under the form (it cannot once the evaluation is open) is refused */
    if (!load_questions(rq, RM_Q_EQ_LIST_NOW, prog[COL_PROG_ID], &stored)) {
        rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    if (!stored.stored) {
        for (int k = 0; k < stored.n; k++)
            rm_db_exec(rq->db, RM_Q_EQ_INSERT, NULL,
                       RM_ARGS(prog[COL_PROG_ID], apr_itoa(p, stored.q[k].position),
                               stored.q[k].kind, stored.q[k].wording));
        if (!load_questions(rq, RM_Q_EQ_LIST_NOW, prog[COL_PROG_ID], &stored)) {
            rm_db_end(rq->db, 0);
            return rm_save_failed(rq);
        }
    }
    if (stored.n != qs.n) {
        rm_db_end(rq->db, 0);
        return rm_error_page(rq, HTTP_CONFLICT, "The questions have changed",
                             "The evaluation's questions changed while you were answering. "
                             "Open the evaluation again to see them.");
    }
    if (rm_db_select(rq->db, RM_Q_ER_MINE_NOW, &before, RM_ARGS(prog[COL_PROG_ID], me)) != 0) {
        rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    if (before->n == 1) {
        rid = before->rows[0][COL_RESP_ID];
        rm_db_exec(rq->db, RM_Q_ER_UPDATE, NULL, RM_ARGS(named ? "1" : "0", now, rid));
        rm_db_exec(rq->db, RM_Q_EA_DELETE, NULL, RM_ARGS(rid));
    }
    else {
        rm_rows *ins;
        if (rm_db_select(rq->db, RM_Q_ER_INSERT, &ins,
                         RM_ARGV(ER_INSERT, .programme_id = prog[COL_PROG_ID], .person_id = me,
                                 .role = role, .named = named ? "1" : "0",
                                 .submitted_at = now, .updated_at = now)) != 0
            || ins->n != 1) {
            rm_db_end(rq->db, 0);
            return rm_save_failed(rq);
        }
        rid = ins->rows[0][0];
    }
    for (int k = 0; k < stored.n; k++) {
        const char *v = V(qfield(p, &stored.q[k]));
        if (!strcmp(stored.q[k].kind, "rating"))
            rm_db_exec(rq->db, RM_Q_EA_RATING, NULL, RM_ARGS(rid, stored.q[k].id, v));
        else if (*v)
            rm_db_exec(rq->db, RM_Q_EA_TEXT, NULL, RM_ARGS(rid, stored.q[k].id, v));
    }
    /* that it was answered, never what */
    rm_audit(rq, before->n ? "evaluation.update" : "evaluation.submit", "programme",
             rm_parse_id(prog[COL_PROG_ID]), "");
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    return rm_redirect(rq, apr_pstrcat(p, rm_cl_path(p, prog[COL_PROG_ID], "/evaluation"),
                                       "?done=eval-saved", NULL));
}

/* ---- the team's page ---------------------------------------------------------------- */

static int editable(const window *w)
{
    return w->state == RM_CHECKIN_UPCOMING;
}

static const char *kind_label(const char *kind)
{
    return !strcmp(kind, "rating") ? "rating from 1 to 5" : "written answer";
}

static int render_eval_team(rm_req *rq, const char **prog, int access, const question_set *qs,
                            rm_cl_form *fv, int status)
{
    apr_pool_t *p = rq->r->pool;
    const char *pid = prog[COL_PROG_ID];
    rm_page *pg = rm_page_new(rq, "Evaluation");
    rm_rows *rates;
    window w;
    xmlNodePtr para, sec, tb;
    static const char *const heads[] = { "Role", "Participants", "Responses", "Response rate",
                                         NULL };
    long all = 0, done = 0;

    window_of(rq, prog, &w);
    if (rm_db_select(rq->db, RM_Q_ER_RATES, &rates, RM_ARGS(pid, pid, pid)) != 0)
        return rm_not_found(rq);
    rm_done_notice(pg);
    para = rm_el(pg->main, "p", apr_pstrcat(p, prog[COL_PROG_NAME], ". ", NULL));
    rm_link(para, rm_url(rq, rm_cl_admin_path(p, pid, "/applications")), "Back to the programme");
    rm_el(pg->main, "p", window_sentence(p, &w));

    sec = rm_section(pg, pg->main, "h-rates", "Responses");
    if (!rates->n)
        rm_el(sec, "p", "The programme has no pairs, so nobody is asked to evaluate it.");
    else {
        tb = rm_table(pg, sec, "Responses by role", NULL, heads);
        for (int i = 0; i < rates->n; i++) {
            long n = atol(rates->rows[i][COL_RATE_PEOPLE]);
            long r = atol(rates->rows[i][COL_RATE_RESPONSES]);
            xmlNodePtr tr = rm_row(tb);
            all += n;
            done += r;
            rm_td(tr, rm_role_label(prog, rates->rows[i][COL_RATE_ROLE]));
            rm_td(tr, rates->rows[i][COL_RATE_PEOPLE]);
            rm_td(tr, rates->rows[i][COL_RATE_RESPONSES]);
            rm_td(tr, n ? apr_psprintf(p, "%ld%%", (r * 100 + n / 2) / n) : "-");
        }
        {
            xmlNodePtr tr = rm_row(tb);
            rm_td(tr, "All participants");
            rm_td(tr, apr_psprintf(p, "%ld", all));
            rm_td(tr, apr_psprintf(p, "%ld", done));
            rm_td(tr, all ? apr_psprintf(p, "%ld%%", (done * 100 + all / 2) / all) : "-");
        }
        rm_el(sec, "p", "The answers themselves are summarised in the programme's report.");
    }

    sec = rm_section(pg, pg->main, "h-questions", "Questions");
    if (!(access & RM_TEAM_ADMIN) || !editable(&w)) {
        xmlNodePtr ol = rm_el(sec, "ol", NULL);
        if (editable(&w))
            rm_el(sec, "p", "The programme's admins can change the wording until the "
                  "evaluation opens.");
        else
            rm_el(sec, "p", "The evaluation has opened, so its questions can no longer change.");
        for (int k = 0; k < qs->n; k++)
            rm_el(ol, "li", apr_pstrcat(p, qs->q[k].wording, " (", kind_label(qs->q[k].kind),
                                        ")", NULL));
        return rm_page_send(pg, status);
    }
    {
        static const char *const kinds[] = { "rating", "Rating from 1 to 5", "text",
                                             "Written answer", NULL };
        xmlNodePtr f = rm_form(pg, sec, rm_url(rq, rm_cl_admin_path(p, pid, "/evaluation")));
        rm_el(f, "p", apr_pstrcat(p, qs->stored ? "" : "These are the default questions. ",
              "You can change their wording, remove some and add your own until the "
              "evaluation opens on ", rm_date_human(p, w.opens), ".", NULL));
        for (int k = 0; k < qs->n; k++) {
            const char *name = apr_psprintf(p, "w%d", qs->q[k].position);
            rm_input(pg, f, "text", name,
                     apr_psprintf(p, "Question %d (%s)", k + 1, kind_label(qs->q[k].kind)),
                     V(name), NULL, E(name), 1, MAX_WORDING);
            rm_checkbox(pg, f, apr_psprintf(p, "remove%d", qs->q[k].position), "1",
                        apr_psprintf(p, "Remove question %d", k + 1), NULL,
                        V(apr_psprintf(p, "remove%d", qs->q[k].position)) != NULL);
        }
        rm_el(f, "h3", "Add a question");
        rm_radios(pg, f, "new_kind", "Kind of question", kinds, V("new_kind"), NULL,
                  E("new_kind"));
        rm_input(pg, f, "text", "new_wording", "Wording of the new question", V("new_wording"),
                 "Optional. Leave empty to add none.", E("new_wording"), 0, MAX_WORDING);
        rm_button(f, "Save the questions", NULL);
    }
    return rm_page_send(pg, status);
}

int rm_page_eval_team(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    const char **prog = rm_load_programme(rq, rm_cl_arg(m, 0));
    int access;
    question_set qs;
    rm_cl_form *fv = rm_cl_form_new(p);
    int rv;
    if (!prog || !(access = rm_team_access(rq, prog[COL_PROG_ID]))) return rm_not_found(rq);
    /* the rates and the questions' form, no time of day: kept as written
     * while nothing changes (html.c) */
    if ((rv = rm_page_from_cache(rq)) != OK) return rv;
    if (!load_questions(rq, RM_Q_EQ_LIST, prog[COL_PROG_ID], &qs)) return rm_not_found(rq);
    for (int k = 0; k < qs.n; k++)
        apr_table_setn(fv->v, apr_psprintf(p, "w%d", qs.q[k].position), qs.q[k].wording);
    return render_eval_team(rq, prog, access, &qs, fv, HTTP_OK);
}

int rm_page_eval_questions_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    static const char *const kinds[] = { "rating", "text", NULL };
    const char **prog = rm_load_programme(rq, rm_cl_arg(m, 0));
    int access, kept = 0;
    question_set qs;
    question next[MAX_QUESTIONS];
    rm_rows *count;
    window w;
    rm_cl_form *fv = rm_cl_form_new(p);

    if (!prog || !(access = rm_team_access(rq, prog[COL_PROG_ID]))) return rm_not_found(rq);
    if (!(access & RM_TEAM_ADMIN)) return rm_forbidden(rq, "the programme's administrators");
    window_of(rq, prog, &w);
    if (!editable(&w))
        return rm_error_page(rq, HTTP_CONFLICT, "The evaluation has opened",
                             "The evaluation has opened, so its questions can no longer "
                             "change. Nothing was saved.");
    if (!load_questions(rq, RM_Q_EQ_LIST, prog[COL_PROG_ID], &qs)) return rm_save_failed(rq);
    for (int k = 0; k < qs.n; k++) {
        const char *name = apr_psprintf(p, "w%d", qs.q[k].position);
        const char *rm_name = apr_psprintf(p, "remove%d", qs.q[k].position);
        const char *rmv = apr_table_get(rq->form, rm_name);
        apr_table_setn(fv->v, name, rm_trim(p, apr_table_get(rq->form, name)));
        if (rmv && !strcmp(rmv, "1")) { apr_table_setn(fv->v, rm_name, "1"); continue; }
        SETE(name, rm_check_text(p, apr_psprintf(p, "the wording of question %d", k + 1),
                                 V(name), 1, MAX_WORDING, 0));
        next[kept].position = kept + 1;
        next[kept].kind = qs.q[k].kind;
        next[kept].wording = V(name);
        kept++;
    }
    apr_table_setn(fv->v, "new_kind", rm_trim(p, apr_table_get(rq->form, "new_kind")));
    apr_table_setn(fv->v, "new_wording", rm_trim(p, apr_table_get(rq->form, "new_wording")));
    SETE("new_wording", rm_check_text(p, "the wording of the new question", V("new_wording"),
                                      0, MAX_WORDING, 0));
    if (*V("new_wording")) {
        SETE("new_kind", rm_check_choice(p, "the kind of the new question", V("new_kind"),
                                         kinds, 1));
        if (kept >= MAX_QUESTIONS)
            apr_table_setn(fv->e, "new_wording",
                           apr_psprintf(p, "The evaluation can have at most %d questions: "
                                        "remove one to add another.", MAX_QUESTIONS));
        else if (!E("new_kind")) {
            next[kept].position = kept + 1;
            next[kept].kind = V("new_kind");
            next[kept].wording = V("new_wording");
            kept++;
        }
    }
    else if (*V("new_kind"))
        SETE("new_kind", rm_check_choice(p, "the kind of the new question", V("new_kind"),
                                         kinds, 1));
    if (!kept && apr_is_empty_table(fv->e))
        apr_table_setn(fv->e, qs.n ? apr_psprintf(p, "w%d", qs.q[0].position) : "new_wording",
                       "The evaluation needs at least one question: keep one or add one.");
    if (!apr_is_empty_table(fv->e))
        return render_eval_team(rq, prog, access, &qs, fv, HTTP_UNPROCESSABLE_ENTITY);

    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    if (rm_db_select(rq->db, RM_Q_ER_COUNT_NOW, &count, RM_ARGS(prog[COL_PROG_ID])) != 0
        || count->n != 1) {
        rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    if (atoll(count->rows[0][0]) > 0) {
        rm_db_end(rq->db, 0);
        return rm_error_page(rq, HTTP_CONFLICT, "Responses exist",
                             "Participants have already answered the evaluation, so its "
                             "questions can no longer change. Nothing was saved.");
    }
    rm_db_exec(rq->db, RM_Q_EQ_DELETE, NULL, RM_ARGS(prog[COL_PROG_ID]));
    for (int k = 0; k < kept; k++)
        rm_db_exec(rq->db, RM_Q_EQ_INSERT, NULL,
                   RM_ARGS(prog[COL_PROG_ID], apr_itoa(p, next[k].position), next[k].kind,
                           next[k].wording));
    rm_audit(rq, "evaluation.questions", "programme", rm_parse_id(prog[COL_PROG_ID]),
             apr_psprintf(p, "%d questions", kept));
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    return rm_redirect(rq, apr_pstrcat(p, rm_cl_admin_path(p, prog[COL_PROG_ID], "/evaluation"),
                                       "?done=eval-questions", NULL));
}
