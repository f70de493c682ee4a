/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Matching.  An admin of the programme runs the matching: every accepted,
 * trained (or overridden), not yet paired Mentor and Senior Mentor is
 * scored against every one of the other role (core/score.c), pairs that a
 * hard constraint or the do-not-pair list forbids are ruled out, pinned
 * pairs are kept, and the rest is an optimal assignment over the whole
 * cohort (core/match.c): the most pairs, then the highest total.  The
 * result is a draft, stored apart from the pairs and shown only to the
 * programme's admins and facilitators (read only); publishing turns it
 * into pairs in one transaction, once.
 */
#include <string.h>
#include <apr_strings.h>
#include <apr_hash.h>
#include <http_protocol.h>
#include "pages.h"
#include <stdlib.h>
#include "core/score.h"
#include "core/pace.h"
#include "cohort.h"

APLOG_USE_MODULE(rmentor);

RM_NAMED_ARGS(MATCH_SETTINGS_PUT);
RM_NAMED_ARGS(MATCH_DRAFT_ADD);

static long long arg_id(const rm_route_match *m, int i)
{
    return i < m->nargs ? rm_parse_id(m->args[i]) : 0;
}

static const char *mpath(apr_pool_t *p, const char *id, const char *rest)
{
    return apr_pstrcat(p, "/admin/programmes/", id, "/matching", rest, NULL);
}

/* ---- the page ------------------------------------------------------------------- */

static const char *name_of(const rm_cohort *co, const char *app)
{
    rm_cand *c = apr_hash_get(co->by_app, app, APR_HASH_KEY_STRING);
    return c ? c->row[COL_MC_NAME] : "(no longer accepted)";
}

static void pair_actions(rm_page *pg, xmlNodePtr td, const char *pid, const char *m,
                         const char *s, int pinned, const char *who)
{
    rm_req *rq = pg->rq;
    apr_pool_t *p = rq->r->pool;
    xmlNodePtr f = rm_form(pg, td, rm_url(rq, mpath(p, pid, "/rule"))), b;
    rm_hidden(f, "mentor", m);
    rm_hidden(f, "senior", s);
    rm_hidden(f, "action", pinned ? "unpin" : "pin");
    b = rm_button(f, pinned ? "Unpin" : "Pin", "button button-secondary");
    rm_attr(b, "aria-label", apr_pstrcat(p, pinned ? "Unpin " : "Pin ", who, NULL));
    f = rm_form(pg, td, rm_url(rq, mpath(p, pid, "/rule")));
    rm_hidden(f, "mentor", m);
    rm_hidden(f, "senior", s);
    rm_hidden(f, "action", "forbid");
    b = rm_button(f, "Never pair", "button button-warning");
    rm_attr(b, "aria-label", apr_pstrcat(p, "Never pair ", who, NULL));
}

/* "20 (Barriers to progression, Inclusive culture)" */
static const char *explained(apr_pool_t *p, const char *points, unsigned long long mask,
                             const char *const *vocab)
{
    const char *what = rm_codes_labels(p, mask, vocab);
    return *what ? apr_pstrcat(p, points, " (", what, ")", NULL) : points;
}

static const char **person_options(apr_pool_t *p, const rm_cohort *co, const char *role,
                                   const char *first)
{
    const char **o = apr_pcalloc(p, sizeof(char *) * (2 * co->n + 3));
    int k = 2;
    o[0] = "";
    o[1] = first;
    for (int i = 0; i < co->n; i++) {
        if (strcmp(co->c[i].row[COL_MC_ROLE], role)) continue;
        o[k++] = co->c[i].row[COL_MC_APP];
        o[k++] = co->c[i].row[COL_MC_NAME];
    }
    return o;
}

static int render(rm_req *rq, const char **prog, int access, apr_table_t *errors,
                  apr_table_t *values, int status)
{
    apr_pool_t *p = rq->r->pool;
    const char *pid = prog[COL_PROG_ID], *senior = rm_role_label(prog, "senior");
    int admin = access & RM_TEAM_ADMIN;
    rm_cohort co;
    rm_rows *draft, *run, *pairs;
    rm_page *pg;
    xmlNodePtr sec, para, f;
    apr_hash_t *drafted = apr_hash_make(p);
    int untrained = 0, paired = 0;
#define EV(k) (errors ? apr_table_get(errors, k) : NULL)
#define VV(k) (values ? apr_table_get(values, k) : NULL)

    if (rm_cohort_load(p, rq->db, prog[COL_PROG_ID], &co) != 0
        || rm_db_select(rq->db, RM_Q_MATCH_DRAFT, &draft, RM_ARGS(pid)) != 0
        || rm_db_select(rq->db, RM_Q_MATCH_RUN_GET, &run, RM_ARGS(pid)) != 0
        || rm_db_select(rq->db, RM_Q_PAIR_LIST, &pairs, RM_ARGS(pid)) != 0)
        return rm_not_found(rq);
    for (int i = 0; i < co.n; i++) {
        if (!strcmp(co.c[i].row[COL_MC_PAIRED], "1")) paired++;
        else if (strcmp(co.c[i].row[COL_MC_TRAINED], "1")) untrained++;
    }
    pg = rm_page_new(rq, apr_pstrcat(p, "Matching: ", prog[COL_PROG_NAME], NULL));
    rm_done_notice(pg);
    if (errors)
        for (int i = 0; i < apr_table_elts(errors)->nelts; i++) {
            const apr_table_entry_t *e = &((const apr_table_entry_t *)apr_table_elts(errors)->elts)[i];
            if (!strcmp(e->key, "general")) rm_field_error(pg, NULL, e->val);
        }
    para = rm_el(pg->main, "p", NULL);
    rm_link(para, rm_url(rq, apr_pstrcat(p, "/admin/programmes/", pid, "/training", NULL)),
            "Training");
    if (admin) {
        rm_text(para, " ");
        rm_link(para, rm_url(rq, apr_pstrcat(p, "/admin/programmes/", pid, "/applications", NULL)),
                "Applications");
    }
    if (!admin)
        rm_el(pg->main, "p", "You can see the matching as a facilitator of this programme. "
              "Only its administrators can change or publish it.");

    /* who is ready */
    {
        xmlNodePtr dl = rm_dl(pg->main);
        rm_dl_item(dl, "Mentors ready to be matched", apr_itoa(p, co.nm));
        rm_dl_item(dl, apr_pstrcat(p, senior, "s ready to be matched", NULL), apr_itoa(p, co.ns));
        rm_dl_item(dl, "Accepted but not trained (left out)", apr_itoa(p, untrained));
        rm_dl_item(dl, "Already in a published pair", apr_itoa(p, paired));
    }

    /* how the score is made */
    sec = rm_section(pg, pg->main, "h-score", "How pairs are suggested");
    rm_el(sec, "p", apr_psprintf(p, "Every Mentor ready to be matched is scored against every "
          "%s. The suggestion is the assignment over the whole cohort that pairs the most "
          "people and, among those, has the highest total score: an exact optimum, not "
          "first come, first served. Pinned pairs are kept.", senior));
    {
        xmlNodePtr ul = rm_el(sec, "ul", NULL);
        rm_el(ul, "li", apr_psprintf(p, "Shared topics: %d points per topic both chose.",
                                     co.w.w_topics));
        rm_el(ul, "li", apr_psprintf(p, "Hopes and offers: %d points for each thing one "
                                     "hopes to gain that the other offers, both ways.",
                                     co.w.w_gain));
        rm_el(ul, "li", apr_psprintf(p, "Availability: %d points per half-day both can meet.",
                                     co.w.w_availability));
        rm_el(ul, "li", apr_psprintf(p, "Preferences: a Mentor's wish to be paired with someone "
                                     "adds %d points (to avoid them, takes %d away); a %s's "
                                     "adds or takes %d. A Mentor's preference weighs more "
                                     "than a %s's.", co.w.w_pref_mentor, co.w.w_pref_mentor,
                                     senior, co.w.w_pref_senior, senior));
        rm_el(ul, "li", apr_pstrcat(p, "Never paired: someone with their line manager, "
                                    "people on the do-not-pair list",
                                    co.w.apart_department ? ", people in the same department" : "",
                                    co.w.apart_institution ? ", people of the same institution" : "",
                                    ".", NULL));
    }

    /* the draft */
    sec = rm_section(pg, pg->main, "h-draft", "Suggested pairs (draft)");
    if (run->n == 0) {
        rm_el(sec, "p", "The matching has not been run since the last publication.");
    }
    else {
        const char **r = run->rows[0];
        rm_el(sec, "p", apr_psprintf(p, "Run %s by %s: %s pairs, total score %s. "
                                     "Participants cannot see a draft.",
                                     rm_time_human(p, r[COL_RUN_AT]), r[COL_RUN_BY_NAME],
                                     r[COL_RUN_NPAIRS], r[COL_RUN_TOTAL]));
        if (!strcmp(r[COL_RUN_STALE], "1"))
            rm_el_class(sec, "p", "warning", "The rules or settings have changed since this "
                        "run. Run the matching again before publishing.");
    }
    if (draft->n) {
        const char *heads[] = { "Mentor", senior, "Total", "Topics", "Hopes and offers",
                                "Availability", "Preferences", admin ? "Change" : NULL, NULL };
        xmlNodePtr tb = rm_table(pg, sec, NULL, "h-draft", heads);
        for (int i = 0; i < draft->n; i++) {
            const char **d = draft->rows[i];
            rm_cand *m = apr_hash_get(co.by_app, d[COL_MD_MENTOR], APR_HASH_KEY_STRING);
            rm_cand *s = apr_hash_get(co.by_app, d[COL_MD_SENIOR], APR_HASH_KEY_STRING);
            xmlNodePtr tr = rm_row(tb), td;
            int pinned = !strcmp(d[COL_MD_PINNED], "1");
            apr_hash_set(drafted, d[COL_MD_MENTOR], APR_HASH_KEY_STRING, "1");
            apr_hash_set(drafted, d[COL_MD_SENIOR], APR_HASH_KEY_STRING, "1");
            td = rm_td(tr, name_of(&co, d[COL_MD_MENTOR]));
            if (pinned) {
                /* a word of its own, for screen readers too: "Amara Okafor Pinned" */
                rm_text(td, " ");
                rm_el_class(td, "span", "tag", "Pinned");
            }
            rm_td(tr, name_of(&co, d[COL_MD_SENIOR]));
            rm_td(tr, d[COL_MD_SCORE]);
            rm_td(tr, m && s ? explained(p, d[COL_MD_TOPICS], m->who.topics & s->who.topics,
                                         rm_vocab_topics) : d[COL_MD_TOPICS]);
            rm_td(tr, m && s ? explained(p, d[COL_MD_GAIN],
                                         (m->who.gains & s->who.offers) | (s->who.gains & m->who.offers),
                                         rm_vocab_gains) : d[COL_MD_GAIN]);
            rm_td(tr, d[COL_MD_AVAILABILITY]);
            rm_td(tr, d[COL_MD_PREF]);
            if (admin)
                pair_actions(pg, rm_td(tr, NULL), pid, d[COL_MD_MENTOR], d[COL_MD_SENIOR], pinned,
                             apr_pstrcat(p, name_of(&co, d[COL_MD_MENTOR]), " and ",
                                         name_of(&co, d[COL_MD_SENIOR]), NULL));
        }
    }
    if (run->n) {
        static const char *const heads[] = { "Name", "Role", "Why", NULL };
        xmlNodePtr tb = NULL;
        for (int k = 0; k < co.nm + co.ns; k++) {
            int mentor = k < co.nm;
            const rm_cand *c = &co.c[mentor ? co.mentors[k] : co.seniors[k - co.nm]];
            xmlNodePtr tr;
            if (apr_hash_get(drafted, c->row[COL_MC_APP], APR_HASH_KEY_STRING)) continue;
            if (!tb) {
                rm_attr(rm_el(sec, "h3", "Left unmatched"), "id", "h-unmatched");
                tb = rm_table(pg, sec, NULL, "h-unmatched", heads);
            }
            tr = rm_row(tb);
            rm_td(tr, c->row[COL_MC_NAME]);
            rm_td(tr, rm_role_label(prog, c->row[COL_MC_ROLE]));
            rm_td(tr, rm_cohort_unmatched_reason(p, &co, c, mentor, senior));
        }
    }
    if (admin) {
        f = rm_form(pg, sec, rm_url(rq, mpath(p, pid, "/run")));
        rm_button(f, run->n ? "Run the matching again" : "Run the matching", NULL);
        if (draft->n && run->n && strcmp(run->rows[0][COL_RUN_STALE], "1")) {
            f = rm_form(pg, sec, rm_url(rq, mpath(p, pid, "/publish")));
            rm_el(f, "p", apr_psprintf(p, "Publishing creates the %d pairs above. Each "
                                       "partner then sees their pair; it cannot be undone "
                                       "here.", draft->n));
            rm_button(f, "Publish the pairs", "button button-warning");
        }
    }

    /* rules: pin or forbid a pair of one's choosing, and the lists */
    sec = rm_section(pg, pg->main, "h-rules", "Pinned pairs and the do-not-pair list");
    if (co.rules->n == 0) {
        rm_el(sec, "p", "No pairs are pinned or ruled out.");
    }
    else {
        const char *heads[] = { "Mentor", senior, "Rule", "Reason", admin ? "Change" : NULL, NULL };
        xmlNodePtr tb = rm_table(pg, sec, NULL, "h-rules", heads);
        for (int i = 0; i < co.rules->n; i++) {
            const char **r = co.rules->rows[i];
            xmlNodePtr tr = rm_row(tb);
            int pin = !strcmp(r[COL_MR_KIND], "pin");
            rm_td(tr, name_of(&co, r[COL_MR_MENTOR]));
            rm_td(tr, name_of(&co, r[COL_MR_SENIOR]));
            rm_td(tr, pin ? "Pinned" : "Never pair");
            rm_td(tr, r[COL_MR_REASON]);
            if (admin) {
                xmlNodePtr rf = rm_form(pg, rm_td(tr, NULL), rm_url(rq, mpath(p, pid, "/rule"))), b;
                rm_hidden(rf, "mentor", r[COL_MR_MENTOR]);
                rm_hidden(rf, "senior", r[COL_MR_SENIOR]);
                rm_hidden(rf, "action", pin ? "unpin" : "allow");
                b = rm_button(rf, "Remove", "button button-secondary");
                rm_attr(b, "aria-label", apr_pstrcat(p, "Remove the rule for ",
                        name_of(&co, r[COL_MR_MENTOR]), " and ", name_of(&co, r[COL_MR_SENIOR]), NULL));
            }
        }
    }
    if (admin) {
        static const char *const actions[] = { "pin", "Pin this pair (kept by every run)",
                                               "forbid", "Never pair them", NULL };
        rm_attr(rm_el(sec, "h3", "Add a rule"), "id", "h-add-rule");
        f = rm_form(pg, sec, rm_url(rq, mpath(p, pid, "/rule")));
        rm_select(pg, f, "mentor", "Mentor", person_options(p, &co, "mentor", "Choose a Mentor"),
                  VV("mentor"), EV("mentor"));
        rm_select(pg, f, "senior", senior,
                  person_options(p, &co, "senior", apr_pstrcat(p, "Choose ", rm_article(senior),
                                                               " ", senior, NULL)),
                  VV("senior"), EV("senior"));
        rm_radios(pg, f, "action", "Rule", actions, VV("action"), NULL, EV("action"));
        rm_input(pg, f, "text", "reason", "Reason (optional)", VV("reason"),
                 "Seen by the programme team only.", EV("reason"), 0, 300);
        rm_button(f, "Add the rule", "button button-secondary");
    }

    /* weights and constraints */
    if (admin) {
        static const char *const yesno[] = { "1", "Yes", "0", "No", NULL };
        const char *wv[5];
        int wn[5] = { co.w.w_topics, co.w.w_gain, co.w.w_availability, co.w.w_pref_mentor,
                      co.w.w_pref_senior };
        static const char *const wnames[] = { "w_topics", "w_gain", "w_availability",
                                              "w_pref_mentor", "w_pref_senior" };
        const char *wlabels[] = { "Points per shared topic",
                                  "Points per hope met by an offer",
                                  "Points per shared half-day",
                                  "Points for a Mentor's preference",
                                  apr_pstrcat(p, "Points for ", rm_article(senior), " ", senior,
                                              "'s preference", NULL) };
        sec = rm_section(pg, pg->main, "h-settings", "Weights and constraints");
        f = rm_form(pg, sec, rm_url(rq, mpath(p, pid, "/settings")));
        for (int i = 0; i < 5; i++) {
            wv[i] = VV(wnames[i]) ? VV(wnames[i]) : apr_itoa(p, wn[i]);
            rm_input(pg, f, "number", wnames[i], wlabels[i], wv[i], "From 0 to 100.",
                     EV(wnames[i]), 1, 3);
        }
        rm_radios(pg, f, "apart_department", "Never pair people of the same department?",
                  yesno, VV("apart_department") ? VV("apart_department")
                                                : apr_itoa(p, co.w.apart_department),
                  NULL, EV("apart_department"));
        rm_radios(pg, f, "apart_institution", "Never pair people of the same institution?",
                  yesno, VV("apart_institution") ? VV("apart_institution")
                                                 : apr_itoa(p, co.w.apart_institution),
                  "For programmes across several institutions. The institution is the "
                  "scope of the person's scoped sign-in name (eduPersonPrincipalName) as the "
                  "identity provider asserts it.", EV("apart_institution"));
        rm_button(f, "Save settings", "button button-secondary");
    }

    /* published pairs */
    sec = rm_section(pg, pg->main, "h-pairs", "Published pairs");
    if (pairs->n == 0) {
        rm_el(sec, "p", "No pairs have been published.");
    }
    else {
        const char *heads[] = { "Mentor", senior, "Status", "Score", "Published", NULL };
        xmlNodePtr tb = rm_table(pg, sec, NULL, "h-pairs", heads);
        for (int i = 0; i < pairs->n; i++) {
            const char **r = pairs->rows[i];
            xmlNodePtr tr = rm_row(tb);
            rm_link(rm_td(tr, NULL), rm_url(rq, apr_pstrcat(p, "/admin/pairs/", r[COL_PL_ID], NULL)),
                    r[COL_PL_MENTOR_NAME]);
            rm_td(tr, r[COL_PL_SENIOR_NAME]);
            rm_td(tr, !strcmp(r[COL_PL_STATUS], "active") ? "Active"
                      : !strcmp(r[COL_PL_STATUS], "completed") ? "Completed" : "Ended");
            rm_td(tr, r[COL_PL_SCORE]);
            rm_td(tr, rm_time_human(p, r[COL_PL_CREATED]));
        }
    }
#undef EV
#undef VV
    return rm_page_send(pg, status);
}

/* The programme, when the requester is on its team; NULL: answer 404. */
static const char **team_programme(rm_req *rq, long long id, int *access)
{
    const char **prog = rm_load_programme(rq, id);
    *access = prog ? rm_team_access(rq, prog[COL_PROG_ID]) : 0;
    if (prog && !*access)
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, rq->r,
                      RM_TAG "refused %s the matching of programme %s: not on the team",
                      rq->id.principal, prog[COL_PROG_ID]);
    return *access ? prog : NULL;
}

int rm_page_matching(rm_req *rq, const rm_route_match *m)
{
    int access;
    const char **prog = team_programme(rq, arg_id(m, 0), &access);
    if (!prog) return rm_not_found(rq);
    return render(rq, prog, access, NULL, NULL, HTTP_OK);
}

/* ---- run -------------------------------------------------------------------- */

int rm_page_matching_run_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    int access, n;
    const char **prog = team_programme(rq, arg_id(m, 0), &access);
    rm_cohort co;
    rm_suggestion *sug;
    long long total;
    const char *pid, *now;

    if (!prog || !(access & RM_TEAM_ADMIN)) return rm_not_found(rq);
    pid = prog[COL_PROG_ID];
    if (rm_cohort_load(p, rq->db, pid, &co) != 0) return rm_not_found(rq);
    if (rm_cohort_suggest(p, &co, &sug, &n, &total) != 0) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, rq->r,
                      RM_TAG "matching of programme %s could not be solved (%d x %d)",
                      pid, co.nm, co.ns);
        return rm_error_page(rq, HTTP_INTERNAL_SERVER_ERROR, "Matching failed",
                             "The matching could not be computed. Nothing was changed.");
    }
    now = rm_i64(p, apr_time_sec(rq->now));
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    /* the programme row's lock: runs and publications of one programme are
     * serialised */
    rm_db_exec(rq->db, RM_Q_PROG_TOUCH, NULL, RM_ARGS(pid));
    rm_db_exec(rq->db, RM_Q_MATCH_DRAFT_CLEAR, NULL, RM_ARGS(pid));
    for (int k = 0; k < n; k++) {
        const rm_match_score *s = &sug[k].score;
        rm_db_exec(rq->db, RM_Q_MATCH_DRAFT_ADD, NULL,
                   RM_ARGV(MATCH_DRAFT_ADD, .programme_id = pid,
                           .mentor_app = co.c[co.mentors[sug[k].mentor]].row[COL_MC_APP],
                           .senior_app = co.c[co.seniors[sug[k].senior]].row[COL_MC_APP],
                           .score = apr_itoa(p, s->total), .s_topics = apr_itoa(p, s->topics),
                           .s_gain = apr_itoa(p, s->gain),
                           .s_availability = apr_itoa(p, s->availability),
                           .s_pref = apr_itoa(p, s->pref), .pinned = sug[k].pinned ? "1" : "0"));
    }
    rm_db_exec(rq->db, RM_Q_MATCH_RUN_PUT, NULL,
               RM_ARGS(pid, now, rm_i64(p, rq->person_id), apr_itoa(p, n), rm_i64(p, total)));
    rm_audit(rq, "matching.run", "programme", rm_parse_id(pid), apr_itoa(p, n));
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    return rm_redirect(rq, mpath(p, pid, "?done=matched"));
}

/* ---- rules ------------------------------------------------------------------- */

int rm_page_matching_rule_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    static const char *const actions[] = { "pin", "unpin", "forbid", "allow", NULL };
    int access;
    const char **prog = team_programme(rq, arg_id(m, 0), &access);
    const char *action = rm_trim(p, apr_table_get(rq->form, "action"));
    const char *ma = rm_trim(p, apr_table_get(rq->form, "mentor"));
    const char *sa = rm_trim(p, apr_table_get(rq->form, "senior"));
    const char *reason = rm_trim(p, apr_table_get(rq->form, "reason")), *e, *pid;
    apr_table_t *errors = apr_table_make(p, 4), *values = apr_table_make(p, 4);
    rm_cohort co;
    rm_cand *mc, *scand;

    if (!prog || !(access & RM_TEAM_ADMIN)) return rm_not_found(rq);
    pid = prog[COL_PROG_ID];
    if (rm_cohort_load(p, rq->db, prog[COL_PROG_ID], &co) != 0) return rm_not_found(rq);
    apr_table_setn(values, "mentor", ma);
    apr_table_setn(values, "senior", sa);
    apr_table_setn(values, "action", action);
    apr_table_setn(values, "reason", reason);
    mc = *ma ? apr_hash_get(co.by_app, ma, APR_HASH_KEY_STRING) : NULL;
    scand = *sa ? apr_hash_get(co.by_app, sa, APR_HASH_KEY_STRING) : NULL;
    /* an id that is not an accepted applicant of this programme: not theirs */
    if ((*ma && !mc) || (*sa && !scand)) return rm_not_found(rq);
    if ((e = rm_check_choice(p, "a rule", action, actions, 1)))
        apr_table_setn(errors, "action", e);
    if (!mc || strcmp(mc->row[COL_MC_ROLE], "mentor"))
        apr_table_setn(errors, "mentor", "Choose a Mentor.");
    if (!scand || strcmp(scand->row[COL_MC_ROLE], "senior"))
        apr_table_setn(errors, "senior", apr_pstrcat(p, "Choose ",
                       rm_article(rm_role_label(prog, "senior")), " ",
                       rm_role_label(prog, "senior"), ".", NULL));
    if ((e = rm_check_text(p, "the reason", reason, 0, 300, 0)))
        apr_table_setn(errors, "reason", e);
    if (apr_is_empty_table(errors) && !strcmp(action, "pin")) {
        rm_match_score s;
        rm_cohort_score(p, &co, mc, scand, &s);
        s.apart &= ~(unsigned)RM_APART_LISTED;   /* pinning replaces a forbid */
        if (s.apart)
            apr_table_setn(errors, "general", apr_psprintf(p, "%s and %s cannot be pinned: "
                           "they may never be paired (%s).", mc->row[COL_MC_NAME],
                           scand->row[COL_MC_NAME], rm_apart_text(p, s.apart)));
        for (int i = 0; i < co.rules->n; i++) {
            const char **r = co.rules->rows[i];
            if (strcmp(r[COL_MR_KIND], "pin")) continue;
            if ((!strcmp(r[COL_MR_MENTOR], ma)) != (!strcmp(r[COL_MR_SENIOR], sa)))
                apr_table_setn(errors, "general", apr_psprintf(p, "%s is already pinned to "
                               "someone else. Unpin that pair first.",
                               !strcmp(r[COL_MR_MENTOR], ma) ? mc->row[COL_MC_NAME]
                                                             : scand->row[COL_MC_NAME]));
        }
    }
    if (!apr_is_empty_table(errors)) {
        if (apr_table_get(errors, "general") && apr_table_elts(errors)->nelts == 1)
            return render(rq, prog, access, errors, values, HTTP_CONFLICT);
        return render(rq, prog, access, errors, values, HTTP_UNPROCESSABLE_ENTITY);
    }
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    rm_db_exec(rq->db, RM_Q_PROG_TOUCH, NULL, RM_ARGS(pid));
    if (!strcmp(action, "pin") || !strcmp(action, "forbid"))
        rm_db_exec(rq->db, RM_Q_MATCH_RULE_PUT, NULL,
                   RM_ARGS(pid, ma, sa, action, reason, rm_i64(p, rq->person_id),
                           rm_i64(p, apr_time_sec(rq->now))));
    else
        rm_db_exec(rq->db, RM_Q_MATCH_RULE_DELETE, NULL,
                   RM_ARGS(pid, ma, sa, !strcmp(action, "unpin") ? "pin" : "forbid"));
    rm_db_exec(rq->db, RM_Q_MATCH_RUN_STALE, NULL, RM_ARGS(pid));
    rm_audit(rq, apr_pstrcat(p, "matching.", action, NULL), "programme", rm_parse_id(pid),
             apr_pstrcat(p, ma, ":", sa, NULL));
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    return rm_redirect(rq, mpath(p, pid, "?done=rule"));
}

/* ---- settings ------------------------------------------------------------------ */

int rm_page_matching_settings_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    static const char *const names[] = { "w_topics", "w_gain", "w_availability",
                                         "w_pref_mentor", "w_pref_senior" };
    static const char *const labels[] = { "the points per shared topic",
                                          "the points per hope met",
                                          "the points per shared half-day",
                                          "the points for a Mentor's preference",
                                          "the points for a Senior Mentor's preference" };
    static const char *const yn[] = { "0", "1", NULL };
    int access;
    const char **prog = team_programme(rq, arg_id(m, 0), &access);
    apr_table_t *errors = apr_table_make(p, 4), *values = apr_table_make(p, 8);
    const char *v[7], *e, *pid;
    long n;

    if (!prog || !(access & RM_TEAM_ADMIN)) return rm_not_found(rq);
    pid = prog[COL_PROG_ID];
    for (int i = 0; i < 5; i++) {
        v[i] = rm_trim(p, apr_table_get(rq->form, names[i]));
        apr_table_setn(values, names[i], v[i]);
        if ((e = rm_check_int(p, labels[i], v[i], 0, 100, &n)))
            apr_table_setn(errors, names[i], e);
    }
    v[5] = rm_trim(p, apr_table_get(rq->form, "apart_department"));
    v[6] = rm_trim(p, apr_table_get(rq->form, "apart_institution"));
    apr_table_setn(values, "apart_department", v[5]);
    apr_table_setn(values, "apart_institution", v[6]);
    if ((e = rm_check_choice(p, "whether people of one department may be paired", v[5], yn, 1)))
        apr_table_setn(errors, "apart_department", e);
    if ((e = rm_check_choice(p, "whether people of one institution may be paired", v[6], yn, 1)))
        apr_table_setn(errors, "apart_institution", e);
    if (!apr_is_empty_table(errors))
        return render(rq, prog, access, errors, values, HTTP_UNPROCESSABLE_ENTITY);
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    rm_db_exec(rq->db, RM_Q_MATCH_SETTINGS_PUT, NULL,
               RM_ARGV(MATCH_SETTINGS_PUT, .programme_id = pid, .w_topics = v[0],
                       .w_gain = v[1], .w_availability = v[2], .w_pref_mentor = v[3],
                       .w_pref_senior = v[4], .apart_department = v[5],
                       .apart_institution = v[6],
                       .updated_at = rm_i64(p, apr_time_sec(rq->now))));
    rm_db_exec(rq->db, RM_Q_MATCH_RUN_STALE, NULL, RM_ARGS(pid));
    rm_audit(rq, "matching.settings", "programme", rm_parse_id(pid), "");
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    return rm_redirect(rq, mpath(p, pid, "?done=settings"));
}

/* ---- publish ---------------------------------------------------------------------- */

int rm_page_matching_publish_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    int access, inserted = 0;
    const char **prog = team_programme(rq, arg_id(m, 0), &access);
    rm_rows *draft, *run, *blocked;
    const char *pid, *now, *offset, *problem = NULL;

    if (!prog || !(access & RM_TEAM_ADMIN)) return rm_not_found(rq);
    pid = prog[COL_PROG_ID];
    now = rm_i64(p, apr_time_sec(rq->now));
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    /* Lock the programme row, then read the draft again: a second admin
     * publishing at once (another browser, another web server) waits here
     * and then finds the draft gone, so one set of pairs is made. */
    rm_db_exec(rq->db, RM_Q_PROG_TOUCH, NULL, RM_ARGS(pid));
    if (rm_db_select(rq->db, RM_Q_MATCH_DRAFT_NOW, &draft, RM_ARGS(pid)) != 0
        || rm_db_select(rq->db, RM_Q_MATCH_RUN_GET, &run, RM_ARGS(pid)) != 0
        || rm_db_select(rq->db, RM_Q_MATCH_DRAFT_BLOCKED, &blocked, RM_ARGS(pid)) != 0) {
        rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    if (draft->n == 0)
        problem = "There is no draft to publish: it may just have been published by "
                  "another administrator. The published pairs are listed below.";
    else if (run->n && !strcmp(run->rows[0][COL_RUN_STALE], "1"))
        problem = "The rules or settings changed after the matching ran. Run the "
                  "matching again, check the pairs, then publish.";
    else if (apr_atoi64(blocked->rows[0][0]) > 0)
        problem = "Since the matching ran, some of its people have withdrawn, been "
                  "declined, been paired or are no longer recorded as trained. Run "
                  "the matching again, then publish.";
    if (problem) {
        apr_table_t *errors = apr_table_make(p, 1);
        rm_db_end(rq->db, 0);
        apr_table_setn(errors, "general", problem);
        return render(rq, prog, access, errors, NULL, HTTP_CONFLICT);
    }
    {
        /* what the pace already expects today: a pair published mid-year
         * is measured from now (0 before the start) */
        rm_pace pace;
        rm_pace_at(prog[COL_PROG_START], atoi(prog[COL_PROG_LENGTH]),
                   atoi(prog[COL_PROG_MIN_MEETINGS]), rq->today, &pace);
        offset = rm_i64(p, pace.expected);
    }
    for (int i = 0; i < draft->n; i++) {
        const char **d = draft->rows[i];
        int n = 0;
        rm_db_exec(rq->db, RM_Q_PAIR_INSERT, &n,
                   RM_ARGS(pid, d[COL_MD_MENTOR], d[COL_MD_SENIOR], d[COL_MD_MENTOR_PERSON],
                           d[COL_MD_SENIOR_PERSON], d[COL_MD_SCORE],
                           rm_i64(p, rq->person_id), now, offset));
        inserted += n;
    }
    rm_db_exec(rq->db, RM_Q_MATCH_DRAFT_CLEAR, NULL, RM_ARGS(pid));
    rm_db_exec(rq->db, RM_Q_MATCH_RUN_CLEAR, NULL, RM_ARGS(pid));
    rm_audit(rq, "matching.publish", "programme", rm_parse_id(pid), apr_itoa(p, inserted));
    /* all pairs or none */
    if (inserted != draft->n) {
        rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, rq->r, RM_TAG "%s published %d pairs of programme %s",
                  rq->id.principal, inserted, pid);
    return rm_redirect(rq, mpath(p, pid, "?done=published"));
}
