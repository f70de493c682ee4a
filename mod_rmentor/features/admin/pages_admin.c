/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Programme administration: create and edit programmes, the programme team,
 * the applications list with filters, sorting and paging, and decisions.
 * Every handler needs the admin role; those on one programme also need a
 * place on its team (ownership).
 */
#include <string.h>
#include <apr_strings.h>
#include <http_protocol.h>
#include "pages.h"
#include "fields.h"
#include "core/federation.h"

APLOG_USE_MODULE(rmentor);

#define PAGE_SIZE 25
/* who these pages are for, on a refusal */
#define ADMINS "programme administrators"

RM_NAMED_ARGS(PROG_INSERT);
RM_NAMED_ARGS(PROG_UPDATE);
RM_NAMED_ARGS(APP_DECIDE);

static long long arg_id(const rm_route_match *m, int i)
{
    return i < m->nargs ? rm_parse_id(m->args[i]) : 0;
}

/* ---- programme list ------------------------------------------------------- */

int rm_page_admin_programmes(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    static const char *const heads[] = { "Programme", "Applications close",
                                         "Starts", "Manage", NULL };
    rm_rows *run = NULL, *all;
    rm_page *pg;
    xmlNodePtr tb;
    apr_hash_t *mine = apr_hash_make(p);
    (void)m;

    if (!rm_has_role(rq, RM_ROLE_ADMIN)) return rm_forbidden(rq, ADMINS);
    if ((rm_person_id(rq, 0)
         && rm_db_select(rq->db, RM_Q_PROG_RUN_BY, &run, RM_ARGS(rm_i64(p, rq->person_id))) != 0)
        || rm_db_select(rq->db, RM_Q_PROG_ALL, &all, RM_NOARGS) != 0)
        return rm_not_found(rq);
    for (int i = 0; run && i < run->n; i++)
        apr_hash_set(mine, run->rows[i][COL_PROGSUM_ID], APR_HASH_KEY_STRING, "1");
    pg = rm_page_new(rq, "Manage programmes");
    rm_done_notice(pg);
    rm_link(rm_el(pg->main, "p", NULL), rm_url(rq, "/admin/programmes/new"),
            "Create a programme");
    rm_link(rm_el(pg->main, "p", NULL), rm_url(rq, "/admin/reports"),
            "Reports across programmes, year on year");
    if (all->n == 0) {
        rm_el(pg->main, "p", "There are no programmes yet.");
        return rm_page_send(pg, HTTP_OK);
    }
    tb = rm_table(pg, pg->main, "All programmes", NULL, heads);
    for (int i = 0; i < all->n; i++) {
        const char **row = all->rows[i];
        xmlNodePtr tr = rm_row(tb), td;
        rm_link(rm_td(tr, NULL), rm_url(rq, apr_pstrcat(p, "/programmes/", row[COL_PROGSUM_ID], NULL)),
                row[COL_PROGSUM_NAME]);
        rm_td(tr, rm_date_human(p, row[COL_PROGSUM_CLOSES]));
        rm_td(tr, rm_date_human(p, row[COL_PROGSUM_START]));
        td = rm_td(tr, NULL);
        if (apr_hash_get(mine, row[COL_PROGSUM_ID], APR_HASH_KEY_STRING)) {
            rm_link(td, rm_url(rq, apr_pstrcat(p, "/admin/programmes/", row[COL_PROGSUM_ID],
                                               "/applications", NULL)),
                    apr_pstrcat(p, "Applications", NULL));
            rm_text(td, " ");
            rm_link(td, rm_url(rq, apr_pstrcat(p, "/admin/programmes/", row[COL_PROGSUM_ID],
                                               "/training", NULL)), "Training");
            rm_text(td, " ");
            rm_link(td, rm_url(rq, apr_pstrcat(p, "/admin/programmes/", row[COL_PROGSUM_ID],
                                               "/matching", NULL)), "Matching");
            rm_text(td, " ");
            rm_link(td, rm_url(rq, apr_pstrcat(p, "/admin/programmes/", row[COL_PROGSUM_ID],
                                               "/edit", NULL)), "Edit");
        }
        else {
            rm_text(td, "Run by another team");
        }
    }
    return rm_page_send(pg, HTTP_OK);
}

/* ---- programme form ------------------------------------------------------- */

/* in the order shown, group by group (pgroups) */
static const rm_field pfields[] = {
    /* About the programme */
    { "name", "Programme name", NULL, "the programme name", RM_FIELD_TEXT, 1, 200, 0, 0, NULL, "", COL_PROG_NAME },
    { "institutions", "Institutions taking part", "Separate several with commas.",
      "the institutions taking part", RM_FIELD_TEXT, 1, 500, 0, 0, NULL, "", COL_PROG_INSTITUTIONS },
    { "description", "Description", "Shown to staff on the programme page.",
      "the description", RM_FIELD_AREA, 0, 4000, 0, 0, NULL, "", COL_PROG_DESCRIPTION },
    /* Dates */
    { "apply_opens", "Applications open", "For example, 1 October 2024.",
      "the date applications open", RM_FIELD_DATE, 1, 10, 0, 0, NULL, "", COL_PROG_OPENS },
    { "apply_closes", "Applications close", "The last day on which staff can apply.",
      "the date applications close", RM_FIELD_DATE, 1, 10, 0, 0, NULL, "", COL_PROG_CLOSES },
    { "start_date", "Programme starts", NULL, "the date the programme starts",
      RM_FIELD_DATE, 1, 10, 0, 0, NULL, "", COL_PROG_START },
    { "length_months", "Length in months", NULL, "the length in months",
      RM_FIELD_INT, 1, 2, 1, 60, NULL, "12", COL_PROG_LENGTH },
    { "checkin_date", "Mid-point check-in date", "Leave empty for halfway through the programme.",
      "the mid-point check-in date", RM_FIELD_DATE, 0, 10, 0, 0, NULL, "", COL_PROG_CHECKIN },
    { "end_event_date", "End-of-programme event date", "Leave empty for the programme's last day.",
      "the end-of-programme event date", RM_FIELD_DATE, 0, 10, 0, 0, NULL, "", COL_PROG_END_EVENT },
    { "checkin_weeks", "Weeks the check-in stays open", "From the check-in date; 4 unless you change it.",
      "the number of weeks the check-in stays open", RM_FIELD_INT, 0, 2, 1, 26, NULL, "4", COL_PROG_CHECKIN_WEEKS },
    { "eval_weeks", "Weeks the evaluation stays open", "From the programme's last day; 6 unless you change it.",
      "the number of weeks the evaluation stays open", RM_FIELD_INT, 0, 2, 1, 52, NULL, "6", COL_PROG_EVAL_WEEKS },
    { "meet_month", "Meet-your-mentor month", "Optional, for example February 2025.",
      "the meet-your-mentor month", RM_FIELD_MONTH, 0, 7, 0, 0, NULL, "", COL_PROG_MEET_MONTH },
    /* Meetings */
    { "min_meetings", "Minimum number of meetings", NULL, "the minimum number of meetings",
      RM_FIELD_INT, 1, 3, 1, 100, NULL, "6", COL_PROG_MIN_MEETINGS },
    { "meeting_minutes", "Meeting length in minutes", NULL, "the meeting length in minutes",
      RM_FIELD_INT, 1, 3, 15, 480, NULL, "60", COL_PROG_MEETING_MINUTES },
    { "quiet_weeks", "Remind a pair with no confirmed meeting for this many weeks",
      "Sent by the reminders job; 0 sends none. 6 unless you change it.",
      "the number of weeks without a meeting before a reminder", RM_FIELD_INT, 0, 2, 0, 52,
      NULL, "6", COL_PROG_QUIET_WEEKS },
    /* Places */
    { "capacity_mentor", "Places for Mentors", NULL, "the number of places for Mentors",
      RM_FIELD_INT, 1, 5, 1, 10000, NULL, "", COL_PROG_CAP_MENTOR },
    { "capacity_senior", "Places for Senior Mentors", NULL,
      "the number of places for Senior Mentors", RM_FIELD_INT, 1, 5, 1, 10000, NULL, "", COL_PROG_CAP_SENIOR },
    /* Eligibility */
    { "min_grade", "Minimum grade for Mentors", NULL, "the minimum grade for Mentors",
      RM_FIELD_GRADE, 1, 32, 0, 0, NULL, "", COL_PROG_MIN_GRADE },
    { "senior_entitlement", "Membership entitlement for Senior Mentors",
      "The SSO entitlement value that marks a member, for example "
      "urn:mace:example.ac.uk:exco. Only people who carry it can apply as Senior Mentor.",
      "the membership entitlement", RM_FIELD_TEXT, 1, 500, 0, 0, NULL, "", COL_PROG_SENIOR_ENT },
    { "senior_label", "Name of the Senior Mentor role", "For example, AHUA Mentor.",
      "the name of the Senior Mentor role", RM_FIELD_TEXT, 1, 60, 0, 0, NULL, "Senior Mentor", COL_PROG_SENIOR_LABEL },
    /* Training */
    { "mentor_training", "Mentor training date", "Optional.", "the Mentor training date",
      RM_FIELD_DATE, 0, 10, 0, 0, NULL, "", COL_PROG_MENTOR_TRAINING },
    { "senior_training", "Senior Mentor training date", "Optional.",
      "the Senior Mentor training date", RM_FIELD_DATE, 0, 10, 0, 0, NULL, "", COL_PROG_SENIOR_TRAINING },
};
#define NPF (sizeof(pfields) / sizeof(pfields[0]))

/* the form's fieldsets: a legend and how many of pfields, in order, it holds */
static const struct { const char *legend; size_t n; } pgroups[] = {
    { "About the programme", 3 },
    { "Dates", 9 },
    { "Meetings", 3 },
    { "Places", 2 },
    { "Eligibility", 3 },
    { "Training", 2 },
};
#define NPG (sizeof(pgroups) / sizeof(pgroups[0]))

static int render_programme_form(rm_req *rq, const char *id, apr_table_t *values,
                                 apr_table_t *errors, rm_rows *team, int status)
{
    apr_pool_t *p = rq->r->pool;
    rm_page *pg = rm_page_new(rq, id ? "Edit programme" : "Create a programme");
    xmlNodePtr form;
    rm_done_notice(pg);
    form = rm_form(pg, pg->main, rm_url(rq, id ? apr_pstrcat(p, "/admin/programmes/", id,
                                                             "/edit", NULL)
                                                 : "/admin/programmes/new"));
    /* twenty-three fields in six fieldsets, each named by its legend (a heading
     * too, to move between them) */
    for (size_t g = 0, i = 0; i < NPF; g++) {
        xmlNodePtr fs = form;
        if (g < NPG) {
            fs = rm_el_class(form, "fieldset", "group", NULL);
            rm_el(rm_el(fs, "legend", NULL), "h2", pgroups[g].legend);
        }
        for (size_t k = 0; (g >= NPG || k < pgroups[g].n) && i < NPF; k++, i++)
            rm_field_show(pg, fs, &pfields[i], NULL, apr_table_get(values, pfields[i].name),
                          apr_table_get(errors, pfields[i].name));
    }
    rm_button(form, id ? "Save programme" : "Create programme", NULL);

    if (id) {
        static const char *const heads[] = { "Person", "Name", "Role", "Remove", NULL };
        static const char *const roles[] = { "admin", "Administrator", "facilitator",
                                             "Facilitator", NULL };
        const char *team_path = apr_pstrcat(p, "/admin/programmes/", id, "/team", NULL);
        const char *remove_url = rm_url(rq, apr_pstrcat(p, team_path, "/remove", NULL));
        const char *team_error = apr_table_get(errors, "team");
        const char *confirm = apr_table_get(values, "confirm_unknown");
        xmlNodePtr sec = rm_el(pg->main, "section", NULL), tb, f;
        rm_attr(sec, "aria-labelledby", "h-team");
        rm_attr(rm_el(sec, "h2", "Programme team"), "id", "h-team");
        if (team_error) {
            /* a refused removal: said here and in the summary, which links here */
            xmlNodePtr e = rm_el_class(sec, "p", "error-message", NULL);
            rm_attr(e, "id", "f-team");
            rm_attr(e, "tabindex", "-1");
            rm_el_class(e, "span", "visually-hidden", "Error: ");
            rm_text(e, team_error);
            rm_field_error(pg, "team", team_error);
        }
        tb = rm_table(pg, sec, NULL, "h-team", heads);
        for (int i = 0; team && i < team->n; i++) {
            const char **row = team->rows[i];
            const char *role_label = !strcmp(row[2], "admin") ? "Administrator" : "Facilitator";
            xmlNodePtr tr = rm_row(tb), rf, b;
            rm_td(tr, row[0]);
            rm_td(tr, row[1]);
            rm_td(tr, role_label);
            /* one small form per member: what it removes is in the form */
            rf = rm_form(pg, rm_td(tr, NULL), remove_url);
            rm_attr(rf, "class", "inline-form");
            rm_hidden(rf, "principal", row[0]);
            rm_hidden(rf, "team_role", row[2]);
            b = rm_button(rf, "Remove", "button button-secondary button-small");
            rm_el_class(b, "span", "visually-hidden",
                        apr_pstrcat(p, " ", row[0], " as ", role_label, NULL));
        }
        f = rm_form(pg, sec, rm_url(rq, team_path));
        rm_input(pg, f, "text", "principal", "Add a person by their sign-in name",
                 apr_table_get(values, "principal"), "For example, jsmith@example.ac.uk.",
                 apr_table_get(errors, "principal"), 1, 256);
        if (confirm)
            rm_checkbox(pg, f, "confirm_unknown", confirm,
                        apr_pstrcat(p, "Add ", confirm, " anyway: the spelling is right", NULL),
                        NULL, apr_table_get(values, "confirm_checked") != NULL);
        rm_select(pg, f, "team_role", "Team role", roles, apr_table_get(values, "team_role"),
                  apr_table_get(errors, "team_role"));
        rm_button(f, "Add to the team", "button button-secondary");
    }
    return rm_page_send(pg, status);
}

int rm_page_programme_form(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    apr_table_t *values = apr_table_make(p, 24), *errors = apr_table_make(p, 4);
    rm_rows *team = NULL;
    const char *id = NULL;

    if (!rm_has_role(rq, RM_ROLE_ADMIN)) return rm_forbidden(rq, ADMINS);
    if (m->nargs) {
        const char **prog = rm_load_programme(rq, arg_id(m, 0));
        if (!prog) return rm_not_found(rq);
        if (!rm_on_team(rq, prog[COL_PROG_ID], "admin")) return rm_forbidden(rq, ADMINS);
        id = prog[COL_PROG_ID];
        for (size_t i = 0; i < NPF; i++)
            apr_table_setn(values, pfields[i].name, prog[pfields[i].col]);
        if (rm_db_select(rq->db, RM_Q_TEAM_LIST, &team, RM_ARGS(id)) != 0)
            return rm_not_found(rq);
    }
    else {
        for (size_t i = 0; i < NPF; i++)
            apr_table_setn(values, pfields[i].name, pfields[i].dflt);
        apr_table_setn(values, "min_grade", rq->cfg->grades->nelts > 7
                       ? ((const char **)rq->cfg->grades->elts)[7] : "");
    }
    return render_programme_form(rq, id, values, errors, team, HTTP_OK);
}

int rm_page_programme_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    apr_table_t *v = apr_table_make(p, 24), *errors = apr_table_make(p, 8);
    const char *id = NULL, *now;
    const char **prog = NULL;
    int nrows = 0;

    if (!rm_has_role(rq, RM_ROLE_ADMIN)) return rm_forbidden(rq, ADMINS);
    if (m->nargs) {
        prog = rm_load_programme(rq, arg_id(m, 0));
        if (!prog) return rm_not_found(rq);
        if (!rm_on_team(rq, prog[COL_PROG_ID], "admin")) return rm_forbidden(rq, ADMINS);
        id = prog[COL_PROG_ID];
    }
    /* the check-in window left empty (or a form from before it): 4 weeks */
    if (!*rm_trim(p, apr_table_get(rq->form, "checkin_weeks")))
        apr_table_setn(rq->form, "checkin_weeks", "4");
    if (!*rm_trim(p, apr_table_get(rq->form, "eval_weeks")))
        apr_table_setn(rq->form, "eval_weeks", "6");
    if (!*rm_trim(p, apr_table_get(rq->form, "quiet_weeks")))
        apr_table_setn(rq->form, "quiet_weeks", "6");
    for (size_t i = 0; i < NPF; i++) {
        const char *val, *e = rm_field_read(rq, &pfields[i], &val);
        apr_table_setn(v, pfields[i].name, val);
        if (e) apr_table_setn(errors, pfields[i].name, e);
    }
#define OKF(f) (!apr_table_get(errors, f) && *apr_table_get(v, f))
#define CMP(a, b) strcmp(apr_table_get(v, a), apr_table_get(v, b))
    if (OKF("apply_opens") && OKF("apply_closes") && CMP("apply_closes", "apply_opens") < 0)
        apr_table_setn(errors, "apply_closes", "The date applications close must be on or after the day they open.");
    if (OKF("apply_opens") && OKF("start_date") && CMP("start_date", "apply_opens") < 0)
        apr_table_setn(errors, "start_date", "The programme must start on or after the day applications open.");
    if (OKF("start_date") && !apr_table_get(errors, "length_months")) {
        int len = atoi(apr_table_get(v, "length_months"));
        const char *end = rm_date_add_months(p, apr_table_get(v, "start_date"), len);
        if (!*apr_table_get(v, "checkin_date"))
            apr_table_setn(v, "checkin_date",
                           rm_date_add_months(p, apr_table_get(v, "start_date"), len / 2));
        if (!*apr_table_get(v, "end_event_date"))
            apr_table_setn(v, "end_event_date", end);
        if (OKF("checkin_date") && (CMP("checkin_date", "start_date") < 0
                                    || strcmp(apr_table_get(v, "checkin_date"), end) > 0))
            apr_table_setn(errors, "checkin_date",
                           "The mid-point check-in date must fall within the programme.");
        if (OKF("end_event_date") && CMP("end_event_date", "start_date") < 0)
            apr_table_setn(errors, "end_event_date",
                           "The end-of-programme event must be after the programme starts.");
    }
#undef OKF
#undef CMP
    if (!apr_is_empty_table(errors)) {
        rm_rows *team = NULL;
        if (id) rm_db_select(rq->db, RM_Q_TEAM_LIST, &team, RM_ARGS(id));
        return render_programme_form(rq, id, v, errors, team, HTTP_UNPROCESSABLE_ENTITY);
    }

    now = rm_i64(p, apr_time_sec(rq->now));
#define F(x) apr_table_get(v, x)
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    /* every field of the form is the column of the same name */
#define PROG_FIELD_(n) .n = F(#n),
    if (id) {
        rm_db_exec(rq->db, RM_Q_PROG_UPDATE, &nrows,
                   RM_ARGV(PROG_UPDATE, RM_A_PROG_FIELDS(PROG_FIELD_)
                           .updated_at = now, .id = id));
    }
    else {
        rm_rows *ins;
        if (rm_db_select(rq->db, RM_Q_PROG_INSERT, &ins,
                         RM_ARGV(PROG_INSERT, RM_A_PROG_FIELDS(PROG_FIELD_)
                                 .created_at = now, .updated_at = now)) == 0
            && ins->n == 1) {
            id = ins->rows[0][0];
            nrows = 1;
            rm_db_exec(rq->db, RM_Q_TEAM_ADD, NULL,
                       RM_ARGS(id, rm_i64(p, rq->person_id), "admin", now));
        }
    }
#undef PROG_FIELD_
#undef F
    if (nrows == 1)
        rm_audit(rq, prog ? "programme.update" : "programme.create", "programme",
                 rm_parse_id(id), "");
    if (nrows != 1 || rm_db_end(rq->db, 1) != 0) {
        if (rm_db_in_transaction(rq->db)) rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    return rm_redirect(rq, prog ? apr_pstrcat(p, "/admin/programmes/", id, "/edit?done=saved", NULL)
                                : "/admin/programmes?done=created");
}

/* The programme's edit page again, with the team form's values and errors. */
static int team_form_again(rm_req *rq, const char **prog, apr_table_t *values,
                           apr_table_t *errors, int status)
{
    rm_rows *team = NULL;
    for (size_t i = 0; i < NPF; i++)
        apr_table_setn(values, pfields[i].name, prog[pfields[i].col]);
    if (rm_db_select(rq->db, RM_Q_TEAM_LIST, &team, RM_ARGS(prog[COL_PROG_ID])) != 0)
        return rm_not_found(rq);
    return render_programme_form(rq, prog[COL_PROG_ID], values, errors, team, status);
}

int rm_page_team_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    static const char *const roles[] = { "admin", "facilitator", NULL };
    const char **prog;
    const char *who, *role, *confirm, *e, *now;
    apr_table_t *errors = apr_table_make(p, 2), *values = apr_table_make(p, 24);
    rm_rows *ens, *seen;
    int unknown = 0;

    if (!rm_has_role(rq, RM_ROLE_ADMIN)) return rm_forbidden(rq, ADMINS);
    if (!(prog = rm_load_programme(rq, arg_id(m, 0)))) return rm_not_found(rq);
    if (!rm_on_team(rq, prog[COL_PROG_ID], "admin")) return rm_forbidden(rq, ADMINS);
    who = rm_trim(p, apr_table_get(rq->form, "principal"));
    role = rm_trim(p, apr_table_get(rq->form, "team_role"));
    confirm = apr_table_get(rq->form, "confirm_unknown");
    if ((e = rm_check_text(p, "the person's sign-in name", who, 1, 256, 0)))
        apr_table_setn(errors, "principal", e);
    else if (strchr(who, ' '))
        apr_table_setn(errors, "principal", "A sign-in name has no spaces.");
    if ((e = rm_check_choice(p, "a team role", role, roles, 1)))
        apr_table_setn(errors, "team_role", e);
    if (!apr_table_get(errors, "principal")) {
        /* A name nobody has signed in with is most often a typing mistake,
         * which would otherwise give no one the place: ask, once, for that
         * name (the confirmation names it, so a corrected name asks again). */
        if (rm_db_select(rq->db, RM_Q_TEAM_SIGNED_IN, &seen, RM_ARGS(who)) != 0)
            return rm_not_found(rq);
        unknown = seen->n == 0;
        if (unknown) {
            apr_table_setn(values, "confirm_unknown", who);
            if (confirm && !strcmp(confirm, who))
                apr_table_setn(values, "confirm_checked", "1");
            else
                apr_table_setn(errors, "principal", apr_pstrcat(p,
                               "There is no record of ", who, " signing in to this "
                               "service. Check the spelling, or tick the box to add "
                               "them anyway.", NULL));
        }
    }
    if (!apr_is_empty_table(errors)) {
        apr_table_setn(values, "principal", who);
        apr_table_setn(values, "team_role", role);
        return team_form_again(rq, prog, values, errors, HTTP_UNPROCESSABLE_ENTITY);
    }
    now = rm_i64(p, apr_time_sec(rq->now));
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (rm_db_select(rq->db, RM_Q_PERSON_ENSURE, &ens, RM_ARGS(who, now, now)) == 0
        && ens->n == 1) {
        rm_db_exec(rq->db, RM_Q_TEAM_ADD, NULL, RM_ARGS(prog[COL_PROG_ID], ens->rows[0][0], role, now));
        rm_audit(rq, "programme.team_add", "programme", rm_parse_id(prog[COL_PROG_ID]),
                 apr_pstrcat(p, role, " ", who, unknown ? " (not signed in yet)" : "", NULL));
    }
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    return rm_redirect(rq, apr_pstrcat(p, "/admin/programmes/", prog[COL_PROG_ID],
                                       "/edit?done=team", NULL));
}

int rm_page_team_remove_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    static const char *const roles[] = { "admin", "facilitator", NULL };
    const char **prog;
    const char *who, *role, *refusal = NULL, *role_label;
    apr_table_t *errors = apr_table_make(p, 1), *values = apr_table_make(p, 24);
    rm_rows *admins;
    int nrows = 0, still_admin = 0, target_admin = 0, self;

    if (!rm_has_role(rq, RM_ROLE_ADMIN)) return rm_forbidden(rq, ADMINS);
    if (!(prog = rm_load_programme(rq, arg_id(m, 0)))) return rm_not_found(rq);
    if (!rm_on_team(rq, prog[COL_PROG_ID], "admin")) return rm_forbidden(rq, ADMINS);
    who = rm_trim(p, apr_table_get(rq->form, "principal"));
    role = rm_trim(p, apr_table_get(rq->form, "team_role"));
    /* the form's hidden fields: anything else was not sent by the page */
    if (rm_check_text(p, "the sign-in name", who, 1, 256, 0)
        || rm_check_choice(p, "a team role", role, roles, 1))
        return rm_error_page(rq, HTTP_BAD_REQUEST, "Request not understood",
                             "Who to remove from the team could not be read. Nothing "
                             "was changed. Start again from the programme's page.");
    role_label = !strcmp(role, "admin") ? "administrator" : "facilitator";
    self = !strcmp(role, "admin") && !strcmp(who, rq->id.principal);

    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    /* Lock the programme row first, then read its administrators again: two
     * admins removing each other at once are serialised (PostgreSQL row
     * lock; SQLite's writers are serialised already), so the second sees the
     * first's removal: it is no longer an administrator and removes no one,
     * and the last administrator is never removed. */
    rm_db_exec(rq->db, RM_Q_PROG_TOUCH, NULL, RM_ARGS(prog[COL_PROG_ID]));
    if (rm_db_select(rq->db, RM_Q_TEAM_ADMINS_NOW, &admins, RM_ARGS(prog[COL_PROG_ID])) != 0) {
        rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    for (int i = 0; i < admins->n; i++) {
        if (!strcmp(admins->rows[i][0], rq->id.principal)) still_admin = 1;
        if (!strcmp(admins->rows[i][0], who)) target_admin = 1;
    }
    if (!still_admin) {
        rm_db_end(rq->db, 0);
        return rm_forbidden(rq, ADMINS);
    }
    if (!strcmp(role, "admin") && target_admin && admins->n <= 1) {
        refusal = apr_pstrcat(p, who, " is the programme's only administrator, so they "
                              "cannot be removed: a programme always has one. Add another "
                              "administrator first.", NULL);
    }
    else {
        rm_db_exec(rq->db, RM_Q_TEAM_REMOVE, &nrows, RM_ARGS(prog[COL_PROG_ID], role, who));
        if (nrows == 0 && !rq->db->db_error)
            refusal = apr_pstrcat(p, who, " is not on the programme team as ", role_label,
                                  ", so nothing was changed. Someone may have removed "
                                  "them already.", NULL);
    }
    if (refusal) {
        rm_db_end(rq->db, 0);
        apr_table_setn(errors, "team", refusal);
        return team_form_again(rq, prog, values, errors, HTTP_CONFLICT);
    }
    if (nrows > 0)
        rm_audit(rq, "programme.team_remove", "programme", rm_parse_id(prog[COL_PROG_ID]),
                 apr_pstrcat(p, role, " ", who, NULL));
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    /* who removes themselves can no longer see the programme's pages */
    return rm_redirect(rq, self ? "/admin/programmes?done=team_left"
                                : apr_pstrcat(p, "/admin/programmes/", prog[COL_PROG_ID],
                                              "/edit?done=team_removed", NULL));
}

/* ---- applications list ---------------------------------------------------- */

static const char *count_of(rm_rows *counts, const char *role, const char *status)
{
    for (int i = 0; i < counts->n; i++)
        if (!strcmp(counts->rows[i][0], role) && !strcmp(counts->rows[i][1], status))
            return counts->rows[i][2];
    return "0";
}

int rm_page_admin_applications(rm_req *rq, const rm_route_match *m)
{
    const char **prog;
    int on_team;

    if (!rm_has_role(rq, RM_ROLE_ADMIN)) return rm_forbidden(rq, ADMINS);
    if (!(prog = rm_load_programme_team(rq, arg_id(m, 0), "admin", &on_team)))
        return rm_not_found(rq);
    if (!on_team) return rm_forbidden(rq, ADMINS);
    return rm_applications_list(rq, prog, NULL);
}

int rm_applications_list(rm_req *rq, const char **prog, const char *local)
{
    apr_pool_t *p = rq->r->pool;
    static const char *const roles[] = { "", "mentor", "senior", NULL };
    static const char *const statuses[] = { "", "submitted", "accepted", "waitlisted",
                                            "declined", "withdrawn", NULL };
    static const char *const sorts[] = { "oldest", "newest", "name", "status", NULL };
    static const char *const sort_labels[] = { "oldest", "Oldest first", "newest",
                                               "Newest first", "name", "Name",
                                               "status", "Status", NULL };
    const apr_table_t *q;
    const char *role, *status, *sort, *search, *pagestr, *like, *label, *e, *inst, *path;
    const rm_srv_cfg *cfg = rq->cfg;
    /* the institution column and filter: for the programme's team of a
     * sector programme; a local admin's list is one institution's */
    int multi = cfg->institutions->nelts > 0 && !local;
    rm_rows *counts, *list, *total;
    rm_page *pg;
    xmlNodePtr sec, tb, f;
    long page = 1;
    long long ntotal = 0;

    path = apr_pstrcat(p, local ? "/institution/programmes/" : "/admin/programmes/",
                       prog[COL_PROG_ID], "/applications", NULL);
    q = rm_query(rq);
    role = apr_table_get(q, "role");
    status = apr_table_get(q, "status");
    sort = apr_table_get(q, "sort");
    search = rm_trim(p, apr_table_get(q, "q"));
    pagestr = apr_table_get(q, "page");
    inst = local ? local : apr_table_get(q, "institution");
    if (!inst) inst = "";
    if (*inst && !rm_institution_name(cfg, inst))
        return rm_error_page(rq, HTTP_BAD_REQUEST, "Search not understood",
                             "There is no such institution in this programme. Start again "
                             "from the list of applications.");
    if (!role) role = "";
    if (!status) status = "";
    if (!sort || !*sort) sort = "oldest";
    if ((e = rm_check_choice(p, "role", role, roles, 0))
        || (e = rm_check_choice(p, "status", status, statuses, 0))
        || (e = rm_check_choice(p, "sort order", sort, sorts, 1))
        || (e = rm_check_text(p, "the name to search for", search, 0, 100, 0))
        || (pagestr && (e = rm_check_int(p, "the page number", pagestr, 1, 100000, &page))))
        return rm_error_page(rq, HTTP_BAD_REQUEST, "Search not understood",
                             apr_pstrcat(p, e, " Start again from the list of "
                                         "applications.", NULL));
    /* Not kept in the page cache: each view of the list (Mentors
     * self-identify as staff of colour) is audited with the ids it showed
     * (features/dp); its rows come from the row cache all the same. */
    like = rm_like_pattern(p, search);
    label = !strcmp(sort, "newest") ? RM_Q_APP_LIST_NEWEST
          : !strcmp(sort, "name") ? RM_Q_APP_LIST_NAME
          : !strcmp(sort, "status") ? RM_Q_APP_LIST_STATUS : RM_Q_APP_LIST_OLDEST;
    if (local ? rm_db_select(rq->db, RM_Q_APP_COUNTS_SCOPE, &counts,
                             RM_ARGS(prog[COL_PROG_ID], local)) != 0
              : rm_db_select(rq->db, RM_Q_APP_COUNTS, &counts, RM_ARGS(prog[COL_PROG_ID])) != 0)
        return rm_not_found(rq);
    if (*search || *inst) {
        /* a name search or an institution needs the people: count the matches */
        if (rm_db_select(rq->db, RM_Q_APP_LIST_COUNT, &total,
                         RM_ARGS(prog[COL_PROG_ID], role, role, status, status, like, like,
                                 inst, inst)) != 0)
            return rm_not_found(rq);
        ntotal = total->n ? apr_atoi64(total->rows[0][0]) : 0;
    }
    else {
        /* otherwise the counts per role and status read above hold the total */
        for (int i = 0; i < counts->n; i++)
            if ((!*role || !strcmp(counts->rows[i][0], role))
                && (!*status || !strcmp(counts->rows[i][1], status)))
                ntotal += apr_atoi64(counts->rows[i][2]);
    }
    if (rm_db_select(rq->db, label, &list,
                     RM_ARGS(prog[COL_PROG_ID], role, role, status, status, like, like, inst,
                             inst, rm_i64(p, PAGE_SIZE), rm_i64(p, (page - 1) * PAGE_SIZE))) != 0)
        return rm_not_found(rq);

    {
        apr_array_header_t *ids = apr_array_make(p, list->n + 1, sizeof(const char *));
        for (int i = 0; i < list->n; i++)
            APR_ARRAY_PUSH(ids, const char *) = list->rows[i][COL_APPLIST_ID];
        if (rm_audit_view(rq, "view.applications", "programme", apr_atoi64(prog[COL_PROG_ID]),
                     apr_pstrcat(p, "records=", apr_array_pstrcat(p, ids, ','), NULL)) != 0)
            return rm_save_failed(rq);
    }
    if (local) {
        pg = rm_page_new(rq, apr_pstrcat(p, "Applications from ", rq->id.institution, ": ",
                                         prog[COL_PROG_NAME], NULL));
        rm_link(rm_el(pg->main, "p", NULL), rm_url(rq, "/institution"),
                apr_pstrcat(p, "Back to ", rq->id.institution, "'s programmes", NULL));
        rm_el(pg->main, "p", apr_pstrcat(p, "Applications from ", rq->id.institution,
                                         "'s staff only: the programme's team decides on "
                                         "them. Each view of this list is recorded.", NULL));
    }
    else {
        pg = rm_page_new(rq, apr_pstrcat(p, "Applications: ", prog[COL_PROG_NAME], NULL));
        rm_done_notice(pg);
    }
    if (!local) {
        /* the programme's pages through its year */
        static const char *const pages[] = {
            "/edit", "Edit the programme and its team", "/training", "Training",
            "/matching", "Matching", "/pairs", "Pairs and meetings",
            "/checkins", "Check-in and support", "/end-event", "End-of-programme event",
            "/evaluation", "Evaluation", "/learning", "Reflective learning",
            "/actions", "Actions in institutions", "/careers", "Career steps",
            "/equality", "Equality figures", "/report", "Programme report",
            "/stories", "Spotlight stories", "/members", "Who may apply as Senior Mentor",
            NULL };
        xmlNodePtr nav = rm_el(pg->main, "nav", NULL), ul;
        rm_attr(nav, "aria-label", "This programme");
        ul = rm_el_class(nav, "ul", "inline-links", NULL);
        for (int i = 0; pages[i]; i += 2)
            rm_link(rm_el(ul, "li", NULL),
                    rm_url(rq, apr_pstrcat(p, "/admin/programmes/", prog[COL_PROG_ID], pages[i],
                                           NULL)), pages[i + 1]);
    }

    /* places per role */
    {
        /* the statuses in the words the list and its filter use */
        const char *const heads[] = { "Role", "Places", rm_status_label("accepted"),
                                      rm_status_label("waitlisted"),
                                      rm_status_label("submitted"),
                                      rm_status_label("declined"),
                                      rm_status_label("withdrawn"), NULL };
        static const char *const rl[] = { "mentor", "senior" };
        tb = rm_table(pg, pg->main, local ? "The programme's places, and applications from "
                                            "your institution, by role"
                                          : "Places and applications by role", NULL, heads);
        for (int i = 0; i < 2; i++) {
            xmlNodePtr tr = rm_row(tb), th;
            th = rm_el(tr, "th", rm_role_label(prog, rl[i]));
            rm_attr(th, "scope", "row");
            rm_td(tr, prog[i == 0 ? COL_PROG_CAP_MENTOR : COL_PROG_CAP_SENIOR]);
            rm_td(tr, count_of(counts, rl[i], "accepted"));
            rm_td(tr, count_of(counts, rl[i], "waitlisted"));
            rm_td(tr, count_of(counts, rl[i], "submitted"));
            rm_td(tr, count_of(counts, rl[i], "declined"));
            rm_td(tr, count_of(counts, rl[i], "withdrawn"));
        }
    }

    /* filters: a GET form, usable without JavaScript */
    sec = rm_el(pg->main, "section", NULL);
    rm_attr(sec, "aria-labelledby", "h-filter");
    rm_attr(rm_el(sec, "h2", "Find applications"), "id", "h-filter");
    f = rm_el_class(sec, "form", "filters", NULL);
    rm_attr(f, "method", "get");
    rm_attr(f, "action", rm_url(rq, path));
    {
        const char *role_opts[] = { "", "Any role", "mentor", "Mentor", "senior",
                                    rm_role_label(prog, "senior"), NULL };
        const char *status_opts[2 * 6 + 1] = { "", "Any status" };
        for (int i = 1; statuses[i]; i++) {
            status_opts[2 * i] = statuses[i];
            status_opts[2 * i + 1] = rm_status_label(statuses[i]);
        }
        rm_select(pg, f, "role", "Role", role_opts, role, NULL);
        rm_select(pg, f, "status", "Status", status_opts, status, NULL);
        if (multi) {
            /* a sector programme: its institutions, the home one first; of
             * those a federation's metadata lists (hundreds), the ones with
             * applicants to this programme */
            const char **io = apr_pcalloc(p, sizeof(char *)
                                             * (size_t)(2 * cfg->institutions->nelts + 5));
            apr_table_t *with = NULL;
            rm_rows *sc;
            int k = 0;
            if (cfg->fedmeta_file) {
                if (rm_db_select(rq->db, RM_Q_APP_SCOPES, &sc, RM_ARGS(prog[COL_PROG_ID])) != 0)
                    return rm_not_found(rq);
                with = apr_table_make(p, sc->n + 1);
                for (int i = 0; i < sc->n; i++) apr_table_setn(with, sc->rows[i][0], "");
            }
            io[k++] = "";
            io[k++] = "Any institution";
            io[k++] = cfg->aff_scope;
            io[k++] = cfg->site_name;
            for (int i = 0; i < cfg->institutions->nelts; i++) {
                const rm_institution *in = &APR_ARRAY_IDX(cfg->institutions, i, rm_institution);
                if (in->from_metadata && with && !apr_table_get(with, in->scope)
                    && strcasecmp(in->scope, inst))
                    continue;
                io[k++] = in->scope;
                io[k++] = in->name;
            }
            rm_select(pg, f, "institution", "Institution", io, inst, NULL);
        }
        rm_input(pg, f, "text", "q", "Name contains", search, NULL, NULL, 0, 100);
        rm_select(pg, f, "sort", "Sort by", sort_labels, sort, NULL);
        rm_button(f, "Show applications", "button button-secondary");
    }

    sec = rm_el(pg->main, "section", NULL);
    rm_attr(sec, "aria-labelledby", "h-results");
    rm_attr(rm_el(sec, "h2", apr_psprintf(p, "%" APR_INT64_T_FMT " application%s", (apr_int64_t)ntotal,
                                          ntotal == 1 ? "" : "s")), "id", "h-results");
    if (list->n == 0) {
        rm_el(sec, "p", "No applications match.");
    }
    else {
        static const char *const heads[] = { "Name", "Role", "Status", "Grade",
                                             "Job title or role", "Department",
                                             "Submitted", NULL };
        static const char *const heads_multi[] = { "Name", "Institution", "Role", "Status",
                                                   "Grade", "Job title or role", "Department",
                                                   "Submitted", NULL };
        tb = rm_table(pg, sec, NULL, "h-results", multi ? heads_multi : heads);
        for (int i = 0; i < list->n; i++) {
            const char **row = list->rows[i];
            xmlNodePtr tr = rm_row(tb);
            rm_link(rm_td(tr, NULL), rm_url(rq, apr_pstrcat(p, "/applications/",
                                                            row[COL_APPLIST_ID], NULL)), row[COL_APPLIST_NAME]);
            if (multi) {
                const char *name = rm_institution_name(cfg, row[COL_APPLIST_SCOPE]);
                rm_td(tr, name ? name : row[COL_APPLIST_SCOPE]);
            }
            rm_td(tr, rm_role_label(prog, row[COL_APPLIST_ROLE]));
            rm_status_tag(rm_td(tr, NULL), row[COL_APPLIST_STATUS]);
            rm_td(tr, row[COL_APPLIST_GRADE]);
            rm_td(tr, !strcmp(row[COL_APPLIST_ROLE], "mentor") ? row[COL_APPLIST_JOB_TITLE] : row[COL_APPLIST_SENIOR_ROLE]);
            rm_td(tr, row[COL_APPLIST_DEPARTMENT]);
            rm_td(tr, rm_time_human(p, row[COL_APPLIST_CREATED]));
        }
    }
    rm_pager(sec, rm_url(rq, apr_pstrcat(p, path, "?role=", rm_url_encode(p, role),
                                         "&status=", rm_url_encode(p, status),
                                         "&q=", rm_url_encode(p, search),
                                         "&institution=", rm_url_encode(p, local ? "" : inst),
                                         "&sort=", rm_url_encode(p, sort), "&page=", NULL)),
             page, ntotal, PAGE_SIZE, "Pages of applications");
    return rm_page_send(pg, HTTP_OK);
}

/* ---- decisions ------------------------------------------------------------ */

int rm_page_decide_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    static const char *const decisions[] = { "accepted", "waitlisted", "declined", NULL };
    const char **app = rm_load_application(rq, arg_id(m, 0)), **prog;
    const char *dec, *reason, *e, *now;
    apr_table_t *errors = apr_table_make(p, 2), *values = apr_table_make(p, 2);
    int nrows = 0;

    if (!rm_has_role(rq, RM_ROLE_ADMIN)) return rm_forbidden(rq, ADMINS);
    if (!app) return rm_not_found(rq);
    if (!rm_on_team(rq, app[COL_APP_PROGRAMME], "admin")) {
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, rq->r,
                      RM_TAG "refused %s deciding application %s: not on the team",
                      rq->id.principal, app[COL_APP_ID]);
        return rm_not_found(rq);
    }
    if (!(prog = rm_load_programme(rq, rm_parse_id(app[COL_APP_PROGRAMME]))))
        return rm_not_found(rq);
    dec = rm_trim(p, apr_table_get(rq->form, "decision"));
    reason = rm_trim(p, apr_table_get(rq->form, "reason"));
    apr_table_setn(values, "decision", dec);
    apr_table_setn(values, "reason", reason);
    if ((e = rm_check_choice(p, "a decision", dec, decisions, 1)))
        apr_table_setn(errors, "decision", e);
    if ((e = rm_check_text(p, "the reason", reason, 0, 1000, 1)))
        apr_table_setn(errors, "reason", e);
    else if (!*reason && (!strcmp(dec, "declined") || !strcmp(dec, "waitlisted")))
        apr_table_setn(errors, "reason", "Enter a reason: the applicant will see it.");
    if (!strcmp(app[COL_APP_STATUS], "withdrawn"))
        return rm_error_page(rq, HTTP_CONFLICT, "Application withdrawn",
                             "The applicant has withdrawn this application, so no "
                             "decision can be made.");
    if (!apr_is_empty_table(errors))
        return rm_render_application(rq, app, prog, 0, 1, errors, values,
                                     HTTP_UNPROCESSABLE_ENTITY);

    now = rm_i64(p, apr_time_sec(rq->now));
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    /* Lock the programme row first: concurrent decisions on one programme are
     * serialised (PostgreSQL row lock; SQLite is serialised already), and
     * then read the application's status again: what was read before the
     * transaction may have changed meanwhile (another admin's decision, a
     * withdrawal), and the capacity check must count from what holds now. */
    rm_db_exec(rq->db, RM_Q_PROG_TOUCH, NULL, RM_ARGS(prog[COL_PROG_ID]));
    {
        rm_rows *cur;
        const char *status_now;
        if (rm_db_select(rq->db, RM_Q_APP_STATUS_NOW, &cur, RM_ARGS(app[COL_APP_ID])) != 0
            || cur->n != 1) {
            rm_db_end(rq->db, 0);
            return rm_save_failed(rq);
        }
        status_now = cur->rows[0][0];
        if (!strcmp(status_now, "withdrawn")) {
            rm_db_end(rq->db, 0);
            return rm_error_page(rq, HTTP_CONFLICT, "Application withdrawn",
                                 "The applicant withdrew this application while you "
                                 "were deciding, so the decision was not saved.");
        }
        if (!strcmp(dec, "accepted") && strcmp(status_now, "accepted")) {
            rm_rows *counts;
            long long cap = apr_atoi64(prog[!strcmp(app[COL_APP_ROLE], "mentor") ? COL_PROG_CAP_MENTOR
                                                                           : COL_PROG_CAP_SENIOR]);
            if (rm_db_select(rq->db, RM_Q_APP_COUNTS, &counts, RM_ARGS(prog[COL_PROG_ID])) != 0) {
                rm_db_end(rq->db, 0);
                return rm_save_failed(rq);
            }
            if (apr_atoi64(count_of(counts, app[COL_APP_ROLE], "accepted")) >= cap) {
                rm_db_end(rq->db, 0);
                apr_table_setn(errors, "capacity", apr_psprintf(p,
                               "All %" APR_INT64_T_FMT " places for %ss are taken. Put this applicant on "
                               "the waiting list, or raise the number of places first.",
                               (apr_int64_t)cap, rm_role_label(prog, app[COL_APP_ROLE])));
                return rm_render_application(rq, app, prog, 0, 1, errors, values, HTTP_CONFLICT);
            }
        }
    }
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    rm_db_exec(rq->db, RM_Q_APP_DECIDE, &nrows,
               RM_ARGV(APP_DECIDE, .status = dec, .reason = reason,
                       .decided_by = rm_i64(p, rq->person_id), .decided_at = now,
                       .updated_at = now, .id = app[COL_APP_ID],
                       .programme_id = prog[COL_PROG_ID]));
    if (nrows == 1)
        rm_audit(rq, "application.decide", "application", rm_parse_id(app[COL_APP_ID]), dec);
    if (nrows != 1) {
        rm_db_end(rq->db, 0);
        if (rq->db->db_error) return rm_save_failed(rq);
        return rm_error_page(rq, HTTP_CONFLICT, "Application withdrawn",
                             "The applicant withdrew this application while you were "
                             "deciding, so the decision was not saved.");
    }
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    return rm_redirect(rq, apr_pstrcat(p, "/applications/", app[COL_APP_ID], "?done=decided", NULL));
}
