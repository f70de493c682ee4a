/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Staff pages: home, a programme, the two application forms, an application,
 * withdrawal.  Every handler checks role and ownership before it reads a
 * record's details: another person's application is "not found".
 */
#include <string.h>
#include <strings.h>
#include <apr_strings.h>
#include <apr_hash.h>
#include <http_protocol.h>
#include "pages.h"
#include "features/resources/resources.h"
#include "fields.h"
#include "core/score.h"
#include "core/schedule.h"

APLOG_USE_MODULE(rmentor);

/* ---- home ----------------------------------------------------------------- */

static void programme_table(rm_page *pg, xmlNodePtr parent, rm_rows *rows,
                            const char *caption, const char *labelledby,
                            int admin_links)
{
    static const char *const heads[] = { "Programme", "Institutions",
                                         "Applications close", "Starts", NULL };
    rm_req *rq = pg->rq;
    apr_pool_t *p = rq->r->pool;
    xmlNodePtr tb = rm_table(pg, parent, caption, labelledby, heads);
    for (int i = 0; i < rows->n; i++) {
        const char **row = rows->rows[i];
        xmlNodePtr tr = rm_row(tb), td = rm_td(tr, NULL);
        const char *href = admin_links
            ? rm_url(rq, apr_pstrcat(p, "/admin/programmes/", row[COL_PROGSUM_ID], "/applications", NULL))
            : rm_url(rq, apr_pstrcat(p, "/programmes/", row[COL_PROGSUM_ID], NULL));
        rm_link(td, href, row[COL_PROGSUM_NAME]);
        rm_td(tr, row[COL_PROGSUM_INSTITUTIONS]);
        rm_td(tr, rm_date_human(p, row[COL_PROGSUM_CLOSES]));
        rm_td(tr, rm_date_human(p, row[COL_PROGSUM_START]));
    }
}

/* A section telling a role holder what the service offers them so far. */
static void role_note(rm_page *pg, const char *id, const char *heading,
                      const char *text)
{
    xmlNodePtr sec = rm_el(pg->main, "section", NULL);
    rm_attr(sec, "aria-labelledby", id);
    rm_attr(rm_el(sec, "h2", heading), "id", id);
    rm_el(sec, "p", apr_pstrcat(pg->rq->r->pool, text, " Until then you can use "
                                "the service as any member of staff.", NULL));
}

/* The sessions of a role still to come, each with its button to book: an
 * accepted applicant chooses from the home page. */
static void home_sessions(rm_req *rq, rm_page *pg, xmlNodePtr sec, const char *pid,
                          const char *role)
{
    static const char *const heads[] = { "Session", "When", "Places left", "Book", NULL };
    apr_pool_t *p = rq->r->pool;
    const char *now = rm_now_hhmm(rq);
    rm_rows *ss;
    xmlNodePtr tb = NULL;
    if (rm_db_select(rq->db, RM_Q_TS_LIST, &ss, RM_ARGS(pid)) != 0) return;
    for (int i = 0; i < ss->n; i++) {
        const char **s = ss->rows[i];
        long long left = apr_atoi64(s[COL_TS_CAPACITY]) - apr_atoi64(s[COL_TS_TAKEN]);
        xmlNodePtr tr, td;
        if (strcmp(s[COL_TS_ROLE], role)
            || rm_session_started(s[COL_TS_DAY], s[COL_TS_STARTS], rq->today, now))
            continue;
        if (!tb) tb = rm_table(pg, sec, "Training sessions you can book", NULL, heads);
        tr = rm_row(tb);
        rm_td(tr, s[COL_TS_TITLE]);
        rm_td(tr, apr_pstrcat(p, rm_date_human(p, s[COL_TS_DAY]), ", ",
                              rm_time_of_day_human(p, s[COL_TS_STARTS]), " to ",
                              rm_time_of_day_human(p, s[COL_TS_ENDS]), NULL));
        rm_td(tr, left > 0 ? apr_psprintf(p, "%" APR_INT64_T_FMT, (apr_int64_t)left) : "Full");
        td = rm_td(tr, NULL);
        if (left > 0) {
            xmlNodePtr f = rm_form(pg, td, rm_url(rq, apr_pstrcat(p, "/programmes/", pid,
                                                               "/training/book", NULL)));
            xmlNodePtr b;
            rm_hidden(f, "session", s[COL_TS_ID]);
            b = rm_button(f, "Book", "button button-secondary");
            rm_attr(b, "aria-label", apr_pstrcat(p, "Book ", s[COL_TS_TITLE], ", ",
                                                 rm_date_human(p, s[COL_TS_DAY]), NULL));
        }
    }
}

/* The close of each programme the requester was paired in (features/closing):
 * the end event, the evaluation, reflective learning. */
static void home_closing(rm_req *rq, rm_page *pg, const rm_rows *pairs)
{
    apr_pool_t *p = rq->r->pool;
    apr_hash_t *seen = apr_hash_make(p);
    xmlNodePtr sec = NULL, ul;
    for (int i = 0; i < pairs->n; i++) {
        const char **r = pairs->rows[i];
        const char *id = r[COL_PM_PROGRAMME];
        static const char *const pages[] = {
            "/end-event", "End-of-programme event", "/evaluation", "Evaluation",
            "/learning", "What the cohort shares", NULL };
        if (apr_hash_get(seen, id, APR_HASH_KEY_STRING)) continue;
        apr_hash_set(seen, id, APR_HASH_KEY_STRING, id);
        if (!sec) {
            sec = rm_section(pg, pg->main, "h-closing", "Reflection and the end of the year");
            xmlNodePtr para = rm_el(sec, "p", NULL);
            rm_link(para, rm_url(rq, "/reflections"), "Your reflective learning");
            rm_text(para, " ");
            rm_link(para, rm_url(rq, "/calendar"), "Your calendar feed");
        }
        rm_el(sec, "h3", r[COL_PM_PROG_NAME]);
        ul = rm_el(sec, "ul", NULL);
        for (int k = 0; pages[k]; k += 2)
            rm_link(rm_el(ul, "li", NULL),
                    rm_url(rq, apr_pstrcat(p, "/programmes/", id, pages[k], NULL)),
                    pages[k + 1]);
        /* the legacy (features/legacy): what each role records */
        if (!strcmp(r[COL_PM_MY_ROLE], "senior"))
            rm_link(rm_el(ul, "li", NULL),
                    rm_url(rq, apr_pstrcat(p, "/programmes/", id, "/actions", NULL)),
                    "Your actions in your institution");
        else
            rm_link(rm_el(ul, "li", NULL),
                    rm_url(rq, apr_pstrcat(p, "/programmes/", id, "/careers", NULL)),
                    "Your career steps");
        rm_link(rm_el(ul, "li", NULL),
                rm_url(rq, apr_pstrcat(p, "/programmes/", id, "/shared-actions", NULL)),
                "Actions shared for the sector");
        /* spotlight stories (features/stories): the participant's own */
        rm_link(rm_el(ul, "li", NULL),
                rm_url(rq, apr_pstrcat(p, "/programmes/", id, "/stories", NULL)),
                "Tell your story");
    }
}

/* The programme's year as far as it concerns the requester: their partner
 * once pairs are published, and the training of each programme that
 * accepted them. */
static void home_year(rm_req *rq, rm_page *pg)
{
    apr_pool_t *p = rq->r->pool;
    rm_rows *pairs, *tr;
    xmlNodePtr sec;
    if (rm_db_select(rq->db, RM_Q_PAIR_MINE, &pairs, RM_ARGS(rq->id.principal)) == 0
        && pairs->n) {
        int nactive = 0;
        xmlNodePtr ul = NULL;
        for (int i = 0; i < pairs->n; i++)
            if (!strcmp(pairs->rows[i][COL_PM_STATUS], "active")) nactive++;
        sec = rm_section(pg, pg->main, "h-pair", nactive == 1 ? "Your mentoring partner"
                                                 : nactive ? "Your mentoring partners"
                                                 : "Your mentoring pairs");
        for (int i = 0; i < pairs->n; i++) {
            const char **r = pairs->rows[i];
            const char *other = !strcmp(r[COL_PM_MY_ROLE], "mentor")
                ? (*r[COL_PM_SENIOR_LABEL] ? r[COL_PM_SENIOR_LABEL] : "Senior Mentor") : "Mentor";
            const char *href = rm_url(rq, apr_pstrcat(p, "/pairs/", r[COL_PM_ID], NULL));
            xmlNodePtr para;
            if (strcmp(r[COL_PM_STATUS], "active")) {
                /* earlier pairs: their meetings and notes stay readable */
                if (!ul) {
                    rm_el(sec, "p", "Earlier pairs:");
                    ul = rm_el(sec, "ul", NULL);
                }
                para = rm_el(ul, "li", apr_pstrcat(p, r[COL_PM_PROG_NAME], ": ", NULL));
                rm_link(para, href, apr_pstrcat(p, "your pair with ", r[COL_PM_PARTNER_NAME],
                                                !strcmp(r[COL_PM_STATUS], "ended")
                                                ? " (ended)" : " (completed)", NULL));
                continue;
            }
            para = rm_el(sec, "p", apr_pstrcat(p, r[COL_PM_PROG_NAME], ": your ",
                                               other, " is ", NULL));
            rm_el(para, "strong", r[COL_PM_PARTNER_NAME]);
            if (*r[COL_PM_PARTNER_MAIL]) {
                rm_text(para, " (");
                rm_link(para, apr_pstrcat(p, "mailto:", r[COL_PM_PARTNER_MAIL], NULL),
                        r[COL_PM_PARTNER_MAIL]);
                rm_text(para, ")");
            }
            rm_text(para, ". ");
            rm_link(para, href, "Your pair: meetings, notes and check-in");
        }
        home_closing(rq, pg, pairs);
    }
    if (rm_db_select(rq->db, RM_Q_TR_HOME, &tr, RM_ARGS(rq->id.principal)) == 0 && tr->n) {
        sec = rm_section(pg, pg->main, "h-training", "Your training");
        for (int i = 0; i < tr->n; i++) {
            const char **r = tr->rows[i];
            const char *label = !strcmp(r[COL_TH_ROLE], "mentor") ? "Mentor"
                : *r[COL_TH_SENIOR_LABEL] ? r[COL_TH_SENIOR_LABEL] : "Senior Mentor";
            const char *href = rm_url(rq, apr_pstrcat(p, "/programmes/", r[COL_TH_PROGRAMME],
                                                      "/training", NULL));
            xmlNodePtr para = rm_el(sec, "p", apr_pstrcat(p, r[COL_TH_PROG_NAME], " (", label,
                                                          "): ", NULL));
            if (apr_atoi64(r[COL_TH_ATTENDED]) > 0) {
                rm_text(para, "training completed. ");
                rm_link(para, href, "Your training");
            }
            else if (*r[COL_TH_TITLE]) {
                rm_text(para, apr_pstrcat(p, "booked on ", r[COL_TH_TITLE], ", ",
                                          rm_date_human(p, r[COL_TH_DAY]), ". ", NULL));
                rm_link(para, href, "Change your booking");
            }
            else {
                rm_text(para, "you have not booked a training session. ");
                rm_link(para, href, "Choose a training session");
                home_sessions(rq, pg, sec, r[COL_TH_PROGRAMME], r[COL_TH_ROLE]);
            }
        }
    }
}

int rm_page_home(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    rm_rows *open, *mine;
    rm_page *pg;
    xmlNodePtr sec;
    (void)m;

    if (rm_db_select(rq->db, RM_Q_PROG_OPEN, &open, RM_ARGS(rq->today, rq->today)) != 0
        || rm_db_select(rq->db, RM_Q_APP_MINE, &mine, RM_ARGS(rq->id.principal)) != 0)
        return rm_not_found(rq);
    pg = rm_page_new(rq, "Reciprocal mentoring");
    rm_done_notice(pg);
    rm_el(pg->main, "p", "Reciprocal mentoring pairs senior professional services "
          "staff of colour (Mentors) with executives (Senior Mentors) for twelve "
          "months, to build mutual understanding and to act on barriers to "
          "progression.");

    sec = rm_el(pg->main, "section", NULL);
    rm_attr(sec, "aria-labelledby", "h-open");
    rm_attr(rm_el(sec, "h2", "Programmes open for applications"), "id", "h-open");
    if (open->n == 0)
        rm_el(sec, "p", "No programme is taking applications just now.");
    else
        programme_table(pg, sec, open, NULL, "h-open", 0);

    sec = rm_el(pg->main, "section", NULL);
    rm_attr(sec, "aria-labelledby", "h-mine");
    rm_attr(rm_el(sec, "h2", "Your applications"), "id", "h-mine");
    if (mine->n == 0) {
        rm_el(sec, "p", "You have not applied to a programme.");
    }
    else {
        static const char *const heads[] = { "Programme", "Role", "Status",
                                             "Last changed", NULL };
        xmlNodePtr tb = rm_table(pg, sec, NULL, "h-mine", heads);
        for (int i = 0; i < mine->n; i++) {
            const char **row = mine->rows[i];
            xmlNodePtr tr = rm_row(tb);
            rm_link(rm_td(tr, NULL), rm_url(rq, apr_pstrcat(p, "/applications/",
                                                            row[0], NULL)), row[4]);
            rm_td(tr, !strcmp(row[1], "mentor") ? "Mentor"
                      : *row[6] ? row[6] : "Senior Mentor");   /* its own label */
            rm_status_tag(rm_td(tr, NULL), row[2]);
            rm_td(tr, rm_time_human(p, row[5]));
        }
    }

    home_year(rq, pg);

    /* HR and facilitators are recognised, and their pages come with the
     * areas that need them (training, the pairs' year, the HR export): say
     * so rather than show nothing. */
    if (rm_has_role(rq, RM_ROLE_HR))
        role_note(pg, "h-hr", "HR", "You are recognised as HR. This version of "
                  "the service has no HR pages yet: the progression export and "
                  "grade updates come with a later release.");
    if (rm_has_role(rq, RM_ROLE_FACILITATOR)) {
        rm_rows *fac;
        sec = rm_section(pg, pg->main, "h-facilitator", "Programmes you support");
        if (rm_db_select(rq->db, RM_Q_PROG_FACILITATED, &fac, RM_ARGS(rq->id.principal)) != 0
            || fac->n == 0) {
            rm_el(sec, "p", "You are recognised as a facilitator, but no programme team "
                  "has added you yet. Ask the programme's administrators to add you.");
        }
        else {
            static const char *const heads[] = { "Programme", "Starts", "Training and registers",
                                                 "Matching", "Pairs and check-in",
                                                 "End of the year", NULL };
            xmlNodePtr tb = rm_table(pg, sec, NULL, "h-facilitator", heads);
            for (int i = 0; i < fac->n; i++) {
                const char **row = fac->rows[i];
                xmlNodePtr tr = rm_row(tb);
                rm_link(rm_td(tr, NULL), rm_url(rq, apr_pstrcat(p, "/programmes/",
                        row[COL_PROGSUM_ID], NULL)), row[COL_PROGSUM_NAME]);
                rm_td(tr, rm_date_human(p, row[COL_PROGSUM_START]));
                rm_link(rm_td(tr, NULL), rm_url(rq, apr_pstrcat(p, "/admin/programmes/",
                        row[COL_PROGSUM_ID], "/training", NULL)), "Training");
                rm_link(rm_td(tr, NULL), rm_url(rq, apr_pstrcat(p, "/admin/programmes/",
                        row[COL_PROGSUM_ID], "/matching", NULL)), "Matching");
                rm_link(rm_td(tr, NULL), rm_url(rq, apr_pstrcat(p, "/admin/programmes/",
                        row[COL_PROGSUM_ID], "/pairs", NULL)), "Pairs");
                {
                    /* the close of the year and its legacy */
                    static const char *const closing[] = {
                        "/end-event", "Event", "/evaluation", "Evaluation",
                        "/learning", "Learning", "/actions", "Actions",
                        "/careers", "Career steps", "/stories", "Stories", NULL };
                    xmlNodePtr td = rm_td(tr, NULL);
                    for (int k = 0; closing[k]; k += 2) {
                        if (k) rm_text(td, " ");
                        rm_link(td, rm_url(rq, apr_pstrcat(p, "/admin/programmes/",
                                row[COL_PROGSUM_ID], closing[k], NULL)), closing[k + 1]);
                    }
                }
            }
        }
    }

    if (rm_has_role(rq, RM_ROLE_ADMIN)) {
        rm_rows *run;
        sec = rm_el(pg->main, "section", NULL);
        rm_attr(sec, "aria-labelledby", "h-run");
        rm_attr(rm_el(sec, "h2", "Programmes you run"), "id", "h-run");
        if (rm_person_id(rq, 0)
            && rm_db_select(rq->db, RM_Q_PROG_RUN_BY, &run,
                            RM_ARGS(rm_i64(p, rq->person_id))) == 0 && run->n)
            programme_table(pg, sec, run, NULL, "h-run", 1);
        else
            rm_el(sec, "p", "You do not run a programme yet.");
        rm_link(rm_el(sec, "p", NULL), rm_url(rq, "/admin/programmes/new"),
                "Create a programme");
    }
    /* the participants' stories, for every member of staff (features/stories) */
    sec = rm_section(pg, pg->main, "h-stories", "Spotlight stories");
    rm_el(sec, "p", "Participants of the programmes tell what the mentoring meant to them, "
          "in their words and with their consent.");
    rm_link(rm_el(sec, "p", NULL), rm_url(rq, "/stories"), "Read the spotlight stories");
    /* the resources hub, for every member of staff (features/resources) */
    sec = rm_section(pg, pg->main, "h-resources", "Resources");
    rm_el(sec, "p", "Let's talk about Race: toolkits, guidance, films and reports on "
          "anti-racism and race equality.");
    rm_link(rm_el(sec, "p", NULL), rm_url(rq, "/resources"), "Browse the resources");
    return rm_page_send(pg, HTTP_OK);
}

/* ---- a programme ---------------------------------------------------------- */

static long long arg_id(const rm_route_match *m, int i)
{
    return i < m->nargs ? rm_parse_id(m->args[i]) : 0;
}

static void programme_details(rm_req *rq, xmlNodePtr parent, const char **prog)
{
    apr_pool_t *p = rq->r->pool;
    xmlNodePtr dl = rm_dl(parent);
    rm_dl_item(dl, "Institutions", prog[COL_PROG_INSTITUTIONS]);
    rm_dl_item(dl, "Applications open", rm_date_human(p, prog[COL_PROG_OPENS]));
    rm_dl_item(dl, "Applications close", rm_date_human(p, prog[COL_PROG_CLOSES]));
    rm_dl_item(dl, "Programme starts", rm_date_human(p, prog[COL_PROG_START]));
    rm_dl_item(dl, "Length", apr_pstrcat(p, prog[COL_PROG_LENGTH], " months", NULL));
    rm_dl_item(dl, "Meetings", apr_psprintf(p, "At least %s meetings of %s minutes",
                                            prog[COL_PROG_MIN_MEETINGS], prog[COL_PROG_MEETING_MINUTES]));
    rm_dl_item(dl, "Mentor training", rm_date_human(p, prog[COL_PROG_MENTOR_TRAINING]));
    rm_dl_item(dl, apr_pstrcat(p, rm_role_label(prog, "senior"), " training", NULL),
               rm_date_human(p, prog[COL_PROG_SENIOR_TRAINING]));
    rm_dl_item(dl, "Meet your mentor", rm_month_human(p, prog[COL_PROG_MEET_MONTH]));
    rm_dl_item(dl, "Mid-point check-in", rm_date_human(p, prog[COL_PROG_CHECKIN]));
    rm_dl_item(dl, "End of programme event", rm_date_human(p, prog[COL_PROG_END_EVENT]));
    rm_dl_item(dl, "Who can apply as a Mentor",
               apr_psprintf(p, "Professional services staff of colour at grade %s "
                            "or above", prog[COL_PROG_MIN_GRADE]));
    rm_dl_item(dl, apr_pstrcat(p, "Who can apply as ", rm_role_label(prog, "senior"), NULL),
               "Members of the executive or the sector association");
}

int rm_page_programme(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    const char **prog = rm_load_programme(rq, arg_id(m, 0));
    rm_rows *mine;
    rm_page *pg;
    xmlNodePtr sec;
    static const char *const roles[] = { "mentor", "senior" };

    if (!prog) return rm_not_found(rq);
    if (rm_db_select(rq->db, RM_Q_APP_MINE_IN, &mine,
                     RM_ARGS(prog[COL_PROG_ID], rq->id.principal)) != 0)
        return rm_not_found(rq);
    pg = rm_page_new(rq, prog[COL_PROG_NAME]);
    if (*prog[COL_PROG_DESCRIPTION]) rm_el_class(pg->main, "p", "description", prog[COL_PROG_DESCRIPTION]);
    programme_details(rq, pg->main, prog);

    sec = rm_el(pg->main, "section", NULL);
    rm_attr(sec, "aria-labelledby", "h-apply");
    rm_attr(rm_el(sec, "h2", "Apply"), "id", "h-apply");
    for (int i = 0; i < mine->n; i++) {
        xmlNodePtr para = rm_el(sec, "p", apr_psprintf(p, "You applied as %s: ",
                                rm_role_label(prog, mine->rows[i][1])));
        rm_status_tag(para, mine->rows[i][2]);
        rm_text(para, ". ");
        rm_link(para, rm_url(rq, apr_pstrcat(p, "/applications/", mine->rows[i][0], NULL)),
                "View your application");
    }
    for (int i = 0; i < 2; i++) {
        const char *why = rm_ineligible(rq, prog, roles[i]);
        int applied = 0;
        for (int k = 0; k < mine->n; k++)
            if (!strcmp(mine->rows[k][1], roles[i])) applied = 1;
        if (applied) continue;
        if (why) {
            rm_el(sec, "p", apr_pstrcat(p, "Apply as ", rm_role_label(prog, roles[i]),
                                        ": not open to you. ", why, NULL));
        }
        else {
            rm_link(rm_el(sec, "p", NULL),
                    rm_url(rq, apr_pstrcat(p, "/programmes/", prog[COL_PROG_ID], "/apply/",
                                           roles[i], NULL)),
                    apr_pstrcat(p, "Apply to be ", rm_article(rm_role_label(prog, roles[i])), " ",
                                rm_role_label(prog, roles[i]), NULL));
        }
    }
    rm_resources_related(rq, pg, prog[COL_PROG_ID]);
    return rm_page_send(pg, HTTP_OK);
}

/* ---- the application forms ------------------------------------------------ */

RM_NAMED_ARGS(APP_INSERT);
RM_NAMED_ARGS(APP_UPDATE);

/* Labels and hints may name the programme's own settings: {senior} its label
 * for the senior role, {plan} its meetings (rm_programme_text). */
static const rm_field mentor_fields[] = {
    { "job_title", "Job title", NULL, "your job title", RM_FIELD_TEXT, 1, 200, 0, 0, "organization-title", NULL, -1 },
    { "department", "Department or service", NULL, "your department or service", RM_FIELD_TEXT, 1, 200, 0, 0, NULL, NULL, -1 },
    { "gain", "What do you hope to gain from the programme?", NULL,
      "what you hope to gain from the programme", RM_FIELD_AREA, 1, 2000, 0, 0, NULL, NULL, -1 },
    { "topics", "Topics you would like to discuss with your {senior}",
      "For example: barriers to progression, sponsorship, leading change.",
      "the topics you would like to discuss", RM_FIELD_AREA, 1, 2000, 0, 0, NULL, NULL, -1 },
    { "availability", "Your availability",
      "When you could meet for {plan}.",
      "your availability", RM_FIELD_AREA, 1, 1000, 0, 0, NULL, NULL, -1 },
    { NULL, NULL, NULL, NULL, RM_FIELD_TEXT, 0, 0, 0, 0, NULL, NULL, -1 }
};

static const rm_field senior_fields[] = {
    { "senior_role", "Your role", "For example: Registrar, Chief Operating Officer.",
      "your role", RM_FIELD_TEXT, 1, 200, 0, 0, "organization-title", NULL, -1 },
    { "department", "Department or institution", NULL, "your department or institution", RM_FIELD_TEXT, 1, 200, 0, 0, NULL, NULL, -1 },
    { "motivation", "Why do you want to take part?", NULL, "why you want to take part", RM_FIELD_AREA, 1, 2000, 0, 0, NULL, NULL, -1 },
    { "topics", "Topics you would like to explore with your Mentor", NULL,
      "the topics you would like to explore", RM_FIELD_AREA, 1, 2000, 0, 0, NULL, NULL, -1 },
    { "availability", "Your availability",
      "When you could meet for {plan}.",
      "your availability", RM_FIELD_AREA, 1, 1000, 0, 0, NULL, NULL, -1 },
    { NULL, NULL, NULL, NULL, RM_FIELD_TEXT, 0, 0, 0, 0, NULL, NULL, -1 }
};

typedef struct {
    apr_table_t *values;
    apr_table_t *errors;
    apr_array_header_t *order;  /* field names with errors, in form order */
} form_state;

static void add_error(form_state *fs, const char *field, const char *msg)
{
    if (apr_table_get(fs->errors, field)) return;
    apr_table_setn(fs->errors, field, msg);
    *(const char **)apr_array_push(fs->order) = field;
}

static form_state *state_new(apr_pool_t *p)
{
    form_state *fs = apr_pcalloc(p, sizeof(*fs));
    fs->values = apr_table_make(p, 16);
    fs->errors = apr_table_make(p, 8);
    fs->order = apr_array_make(p, 8, sizeof(char *));
    return fs;
}

static const char *val(form_state *fs, const char *k)
{
    const char *v = apr_table_get(fs->values, k);
    return v ? v : "";
}

/* ---- what the matching reads ------------------------------------------------ */

static const char *const pref_names[] = { "prefer_1", "prefer_2", "prefer_3",
                                          "avoid_1", "avoid_2", "avoid_3", NULL };

/* The questions the matching's score reads (core/score.c): fixed lists, so
 * that two applications can be compared, and the people to pair with or
 * avoid; asked of both roles. */
static void matching_questions(rm_page *pg, xmlNodePtr form, const char **prog,
                               const char *role, form_state *fs)
{
    apr_pool_t *p = pg->rq->r->pool;
    const char *other = !strcmp(role, "mentor") ? rm_role_label(prog, "senior") : "Mentor";
    xmlNodePtr fset = rm_el(form, "fieldset", NULL), pf;
    rm_el(fset, "legend", "For matching you with a partner");
    rm_el_class(fset, "p", "hint", apr_pstrcat(p, "The programme team suggests pairs "
                "from these answers. Choose as many as apply; none is required.", NULL));
    /* a group's errors are kept under its value's key (topic_codes, ...),
     * never under its prefix: "gain" is the Mentor form's textarea */
    rm_checkboxes(pg, fset, "topic", "Topics you would like to discuss", rm_vocab_topics,
                  val(fs, "topic_codes"), NULL, apr_table_get(fs->errors, "topic_codes"));
    rm_checkboxes(pg, fset, "gain", "What you hope to gain", rm_vocab_gains,
                  val(fs, "gain_codes"), NULL, apr_table_get(fs->errors, "gain_codes"));
    rm_checkboxes(pg, fset, "offer", apr_pstrcat(p, "What you can offer your ", other, NULL),
                  rm_vocab_gains, val(fs, "offer_codes"), NULL,
                  apr_table_get(fs->errors, "offer_codes"));
    rm_checkboxes(pg, fset, "slot", "When you could usually meet", rm_vocab_slots,
                  val(fs, "slots"), NULL, apr_table_get(fs->errors, "slots"));
    rm_input(pg, fset, "text", "line_manager", "Your line manager (optional)",
             val(fs, "line_manager"), "Their sign-in name or email address. You will "
             "never be paired with your line manager.",
             apr_table_get(fs->errors, "line_manager"), 0, 256);
    pf = rm_el(fset, "fieldset", NULL);
    rm_el(pf, "legend", "People you would like to be paired with, or not (optional)");
    rm_el_class(pf, "p", "hint", apr_pstrcat(p, "Up to three of each, by sign-in name or "
                "email address. Preferences are weighed, not guaranteed; a Mentor's "
                "preference weighs more than ", rm_article(rm_role_label(prog, "senior")),
                " ", rm_role_label(prog, "senior"), "'s.", NULL));
    for (int i = 0; pref_names[i]; i++)
        rm_input(pg, pf, "text", pref_names[i],
                 apr_psprintf(p, "%s %d", i < 3 ? "Would like to be paired with" : "Would rather not be paired with",
                              i % 3 + 1),
                 val(fs, pref_names[i]), NULL, apr_table_get(fs->errors, pref_names[i]), 0, 256);
}

/* A person's identifier as typed: a sign-in name or an email address. */
static const char *check_identifier(apr_pool_t *p, const char *what, const char *v)
{
    const char *e = rm_check_text(p, what, v, 0, 256, 0);
    if (e) return e;
    if (*v && (strchr(v, ' ') || strchr(v, ',')))
        return apr_pstrcat(p, "Enter ", what, " as one sign-in name or email address, "
                           "without spaces.", NULL);
    return NULL;
}

/* Read the matching questions into fs (values and errors). */
static void read_matching(rm_req *rq, form_state *fs)
{
    apr_pool_t *p = rq->r->pool;
    const char *lm;
    apr_table_setn(fs->values, "topic_codes", rm_checkboxes_read(rq, "topic", rm_vocab_topics));
    apr_table_setn(fs->values, "gain_codes", rm_checkboxes_read(rq, "gain", rm_vocab_gains));
    apr_table_setn(fs->values, "offer_codes", rm_checkboxes_read(rq, "offer", rm_vocab_gains));
    apr_table_setn(fs->values, "slots", rm_checkboxes_read(rq, "slot", rm_vocab_slots));
    lm = rm_trim(p, apr_table_get(rq->form, "line_manager"));
    apr_table_setn(fs->values, "line_manager", lm);
    {
        const char *e = check_identifier(p, "your line manager", lm);
        if (e) add_error(fs, "line_manager", e);
        else if (*lm && !strcasecmp(lm, rq->id.principal))
            add_error(fs, "line_manager", "Enter your line manager, not yourself.");
    }
    for (int i = 0; pref_names[i]; i++) {
        const char *v = rm_trim(p, apr_table_get(rq->form, pref_names[i])), *e;
        apr_table_setn(fs->values, pref_names[i], v);
        if ((e = check_identifier(p, i < 3 ? "a person you would like to be paired with"
                                           : "a person you would rather not be paired with", v)))
            add_error(fs, pref_names[i], e);
        else if (*v && (!strcasecmp(v, rq->id.principal)
                        || (*rq->id.mail && !strcasecmp(v, rq->id.mail))))
            add_error(fs, pref_names[i], "Name someone other than yourself.");
        else if (*v && i >= 3)
            for (int k = 0; k < 3; k++)
                if (!strcasecmp(v, val(fs, pref_names[k])))
                    add_error(fs, pref_names[i], apr_pstrcat(p, v, " is also among the people "
                              "you would like to be paired with. Name them in one list only.", NULL));
    }
}

/* the stored list, one name per line, as "a, b" */
static const char *one_line(apr_pool_t *p, const char *list)
{
    char *copy = apr_pstrdup(p, list), *last, *tok;
    const char *out = "";
    for (tok = apr_strtok(copy, "\n", &last); tok; tok = apr_strtok(NULL, "\n", &last))
        out = *out ? apr_pstrcat(p, out, ", ", tok, NULL) : tok;
    return out;
}

/* "a\nb" from the three fields of a list (empty ones left out) */
static const char *joined(apr_pool_t *p, form_state *fs, int first)
{
    const char *out = "";
    for (int i = first; i < first + 3; i++) {
        const char *v = val(fs, pref_names[i]);
        if (*v) out = *out ? apr_pstrcat(p, out, "\n", v, NULL) : v;
    }
    return out;
}

/* the stored lists back into the three fields each */
static void split_prefs(apr_pool_t *p, form_state *fs, const char *list, int first)
{
    char *copy = apr_pstrdup(p, list), *last, *tok;
    int k = first;
    for (tok = apr_strtok(copy, "\n", &last); tok && k < first + 3;
         tok = apr_strtok(NULL, "\n", &last))
        apr_table_setn(fs->values, pref_names[k++], tok);
}

static int render_apply_form(rm_req *rq, const char **prog, const char *role,
                             form_state *fs, int status)
{
    apr_pool_t *p = rq->r->pool;
    const char *label = rm_role_label(prog, role);
    rm_page *pg = rm_page_new(rq, apr_pstrcat(p, "Apply to be ", rm_article(label), " ", label, NULL));
    xmlNodePtr form, para;
    const rm_field *f = !strcmp(role, "mentor") ? mentor_fields : senior_fields;

    para = rm_el(pg->main, "p", "Programme: ");
    rm_link(para, rm_url(rq, apr_pstrcat(p, "/programmes/", prog[COL_PROG_ID], NULL)), prog[COL_PROG_NAME]);
    rm_el(pg->main, "p", apr_psprintf(p, "You can change your application until "
                                      "applications close on %s.",
                                      rm_date_human(p, prog[COL_PROG_CLOSES])));
    form = rm_form(pg, pg->main, rm_url(rq, apr_pstrcat(p, "/programmes/", prog[COL_PROG_ID],
                                                         "/apply/", role, NULL)));
    if (!strcmp(role, "mentor")) {
        static const char *const yesno[] = { "yes", "Yes", "no", "No", NULL };
        rm_radios(pg, form, "self_identified",
                  "Do you identify as a member of staff of colour "
                  "(Black, Asian or minority ethnic)?", yesno,
                  val(fs, "self_identified"),
                  "The Mentor role is for staff of colour. Your answer is kept "
                  "confidential, seen only by the programme team, and used only to "
                  "check eligibility.",
                  apr_table_get(fs->errors, "self_identified"));
        if (*rq->id.grade) {
            xmlNodePtr d = rm_el_class(form, "div", "field", NULL);
            rm_el(d, "p", apr_pstrcat(p, "Your grade (from HR records): ",
                                      rq->id.grade, NULL));
        }
        else {
            apr_array_header_t *g = rq->cfg->grades;
            const char **opts = apr_pcalloc(p, sizeof(char *) * (2 * g->nelts + 3));
            opts[0] = "";
            opts[1] = "Select your grade";
            for (int i = 0; i < g->nelts; i++) {
                opts[2 + 2 * i] = ((const char **)g->elts)[i];
                opts[3 + 2 * i] = ((const char **)g->elts)[i];
            }
            rm_select(pg, form, "grade", "Your grade", opts, val(fs, "grade"),
                      apr_table_get(fs->errors, "grade"));
        }
    }
    for (; f->name; f++)
        rm_field_show(pg, form, f, prog, val(fs, f->name),
                      apr_table_get(fs->errors, f->name));
    matching_questions(pg, form, prog, role, fs);
    rm_button(form, "Submit application", NULL);
    return rm_page_send(pg, status);
}

/* The requester's own application in this programme for role, or NULL. */
static const char **own_application(rm_req *rq, const char **prog, const char *role)
{
    rm_rows *mine;
    if (rm_db_select(rq->db, RM_Q_APP_MINE_IN, &mine,
                     RM_ARGS(prog[COL_PROG_ID], rq->id.principal)) != 0)
        return NULL;
    for (int i = 0; i < mine->n; i++)
        if (!strcmp(mine->rows[i][1], role))
            return rm_load_application(rq, rm_parse_id(mine->rows[i][0]));
    return NULL;
}

static int editable(const char **app)
{
    return !strcmp(app[COL_APP_STATUS], "submitted") || !strcmp(app[COL_APP_STATUS], "withdrawn");
}

static int apply_precheck(rm_req *rq, const rm_route_match *m, const char ***prog,
                          const char **role, const char ***app)
{
    apr_pool_t *p = rq->r->pool;
    const char *why;
    *role = m->nargs > 1 ? m->args[1] : "";
    if (strcmp(*role, "mentor") && strcmp(*role, "senior")) return rm_not_found(rq);
    if (!(*prog = rm_load_programme(rq, arg_id(m, 0)))) return rm_not_found(rq);
    *app = own_application(rq, *prog, *role);
    if (rq->db->db_error) return rm_not_found(rq);
    if ((why = rm_ineligible(rq, *prog, *role)) != NULL) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, rq->r,
                      RM_TAG "application refused for %s: not eligible", rq->id.principal);
        return rm_error_page(rq, HTTP_FORBIDDEN,
                             apr_pstrcat(p, "You cannot apply to be ",
                                         rm_article(rm_role_label(*prog, *role)), " ",
                                         rm_role_label(*prog, *role), NULL), why);
    }
    if (*app && !editable(*app))
        return rm_error_page(rq, HTTP_CONFLICT, "Application already decided",
                             apr_psprintf(p, "Your application has been decided (%s), "
                                          "so it can no longer be changed.",
                                          rm_status_label((*app)[COL_APP_STATUS])));
    return OK;
}

int rm_page_apply_form(rm_req *rq, const rm_route_match *m)
{
    const char **prog, **app, *role;
    form_state *fs = state_new(rq->r->pool);
    int rc = apply_precheck(rq, m, &prog, &role, &app);
    if (rc != OK) return rc;
    if (app) {
        static const int cols[] = { COL_APP_JOB_TITLE, COL_APP_DEPARTMENT, COL_APP_GAIN, COL_APP_TOPICS,
                                    COL_APP_AVAILABILITY, COL_APP_SENIOR_ROLE, COL_APP_MOTIVATION, COL_APP_GRADE };
        static const char *const names[] = { "job_title", "department", "gain", "topics",
                                             "availability", "senior_role", "motivation",
                                             "grade" };
        for (int i = 0; i < 8; i++) apr_table_setn(fs->values, names[i], app[cols[i]]);
        if (!strcmp(app[COL_APP_SELF_ID], "1")) apr_table_setn(fs->values, "self_identified", "yes");
        apr_table_setn(fs->values, "topic_codes", app[COL_APP_TOPIC_CODES]);
        apr_table_setn(fs->values, "gain_codes", app[COL_APP_GAIN_CODES]);
        apr_table_setn(fs->values, "offer_codes", app[COL_APP_OFFER_CODES]);
        apr_table_setn(fs->values, "slots", app[COL_APP_SLOTS]);
        apr_table_setn(fs->values, "line_manager", app[COL_APP_LINE_MANAGER]);
        split_prefs(rq->r->pool, fs, app[COL_APP_PREFER], 0);
        split_prefs(rq->r->pool, fs, app[COL_APP_AVOID], 3);
    }
    else {
        apr_table_setn(fs->values, "job_title", rq->id.job_title);
        apr_table_setn(fs->values, "senior_role", rq->id.job_title);
        apr_table_setn(fs->values, "department", rq->id.department);
    }
    return render_apply_form(rq, prog, role, fs, HTTP_OK);
}


/* After an insert that stored nothing: the role of the application this
 * person now holds in the programme (a concurrent submission got there
 * first, in this role or the other), or NULL when the database cannot say. */
static const char *held_role(rm_req *rq, const char *programme_id)
{
    rm_rows *mine;
    rq->db->db_error = 0;
    if (rm_db_select(rq->db, RM_Q_APP_MINE_IN, &mine,
                     RM_ARGS(programme_id, rq->id.principal)) != 0 || mine->n == 0)
        return NULL;
    return mine->rows[0][1];
}

int rm_page_apply_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    const char **prog, **app, *role, *grade = "", *grade_source = "";
    const char *now, *id = NULL;
    int conflict = 0;
    form_state *fs = state_new(p);
    const rm_field *f;
    int rc = apply_precheck(rq, m, &prog, &role, &app), nrows = 0;
    int mentor;

    if (rc != OK) return rc;
    mentor = !strcmp(role, "mentor");
    f = mentor ? mentor_fields : senior_fields;
    if (mentor) {
        static const char *const yn[] = { "yes", "no", NULL };
        const char *si = apr_table_get(rq->form, "self_identified");
        const char *e = rm_check_choice(p, "whether you identify as a member of staff "
                                        "of colour", si, yn, 1);
        if (si) apr_table_setn(fs->values, "self_identified", si);
        if (e) add_error(fs, "self_identified", e);
        else if (!strcmp(si, "no"))
            add_error(fs, "self_identified", "The Mentor role is for staff of colour. "
                      "If you do not identify as a member of staff of colour, you "
                      "cannot apply as a Mentor.");
        if (*rq->id.grade) {
            grade = rq->id.grade;
            grade_source = "sso";
        }
        else {
            grade = rm_trim(p, apr_table_get(rq->form, "grade"));
            apr_table_setn(fs->values, "grade", grade);
            grade_source = "self";
            if (!*grade)
                add_error(fs, "grade", "Select your grade.");
            else if (rm_grade_rank(rq->cfg->grades, grade) < 0)
                add_error(fs, "grade", "Select your grade from the list.");
            else if (rm_grade_rank(rq->cfg->grades, grade)
                     < rm_grade_rank(rq->cfg->grades, prog[COL_PROG_MIN_GRADE]))
                add_error(fs, "grade", apr_psprintf(p, "Mentors on this programme are "
                          "at grade %s or above.", prog[COL_PROG_MIN_GRADE]));
        }
    }
    for (; f->name; f++) {
        const char *v, *e = rm_field_read(rq, f, &v);
        apr_table_setn(fs->values, f->name, v);
        if (e) add_error(fs, f->name, e);
    }
    read_matching(rq, fs);
    if (fs->order->nelts)
        return render_apply_form(rq, prog, role, fs, HTTP_UNPROCESSABLE_ENTITY);

    now = rm_i64(p, apr_time_sec(rq->now));
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (!rm_person_id(rq, 1)) {
        rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    {
        const char *pid = rm_i64(p, rq->person_id);
        const char *self = mentor ? "1" : "0";
        /* the answers, as both statements take them */
#define ANSWERS_ .self_identified = self, .grade = grade, .grade_source = grade_source, \
            .job_title = val(fs, "job_title"), .department = val(fs, "department"),  \
            .senior_role = val(fs, "senior_role"), .gain = val(fs, "gain"),            \
            .topics = val(fs, "topics"), .availability = val(fs, "availability"),      \
            .motivation = val(fs, "motivation"), .topic_codes = val(fs, "topic_codes"),     \
            .gain_codes = val(fs, "gain_codes"), .offer_codes = val(fs, "offer_codes"),      \
            .slots = val(fs, "slots"), .prefer = joined(p, fs, 0), .avoid = joined(p, fs, 3), \
            .line_manager = val(fs, "line_manager")
        if (app) {
            id = app[COL_APP_ID];
            rm_db_exec(rq->db, RM_Q_APP_UPDATE, &nrows,
                       RM_ARGV(APP_UPDATE, ANSWERS_, .updated_at = now, .id = id,
                               .person_id = pid));
        }
        else {
            rm_rows *ins;
            if (rm_db_select(rq->db, RM_Q_APP_INSERT, &ins,
                             RM_ARGV(APP_INSERT, .programme_id = prog[COL_PROG_ID],
                                     .person_id = pid, .role = role, ANSWERS_,
                                     .created_at = now, .updated_at = now)) == 0) {
                if (ins->n == 1) {
                    id = ins->rows[0][0];
                    nrows = 1;
                }
                else {
                    conflict = 1;   /* the unique index: one role each */
                }
            }
        }
#undef ANSWERS_
        if (nrows == 1)
            rm_audit(rq, app ? "application.update" : "application.submit",
                     "application", rm_parse_id(id), role);
    }
    if (nrows != 1) {
        rm_db_end(rq->db, 0);
        if (conflict) {
            /* a concurrent submission of this person's was stored first */
            const char *held = held_role(rq, prog[COL_PROG_ID]);
            if (held && !strcmp(held, role))
                return rm_error_page(rq, HTTP_CONFLICT, "Already applied",
                                     "You have already applied to this programme in "
                                     "this role (you may have sent the form twice). "
                                     "This copy was not saved: check your application "
                                     "from the home page.");
            if (held)
                return rm_error_page(rq, HTTP_CONFLICT, "Already applied",
                                     apr_psprintf(p, "You have already applied to this "
                                                  "programme as %s. A person takes one "
                                                  "role in a programme, so this "
                                                  "application was not saved.",
                                                  rm_role_label(prog, held)));
            return rm_save_failed(rq);
        }
        if (!rq->db->db_error)    /* decided by an admin in the meantime */
            return rm_error_page(rq, HTTP_CONFLICT, "Application already decided",
                                 "Your application was decided while you were editing "
                                 "it, so your changes were not saved.");
        return rm_save_failed(rq);     /* the database failed: 503, nothing kept */
    }
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, rq->r, RM_TAG "%s %s application %s",
                  rq->id.principal, app ? "updated" : "submitted", id);
    return rm_redirect(rq, apr_pstrcat(p, "/applications/", id, "?done=",
                                       app ? "updated" : "submitted", NULL));
}

/* ---- an application ------------------------------------------------------- */

/* Shown to the applicant and to admins of the programme; the decision form
 * only to the latter.  errors/values re-fill the decision form after a 422. */
int rm_render_application(rm_req *rq, const char **app, const char **prog,
                          int is_owner, int is_admin,
                          apr_table_t *errors, apr_table_t *values, int status)
{
    apr_pool_t *p = rq->r->pool;
    const char *role = app[COL_APP_ROLE];
    rm_page *pg;
    xmlNodePtr dl, para;
    int mentor = !strcmp(role, "mentor");

    if (!prog) prog = rm_load_programme(rq, rm_parse_id(app[COL_APP_PROGRAMME]));
    if (!prog) return rm_not_found(rq);
    pg = rm_page_new(rq, is_owner ? "Your application"
                                  : apr_pstrcat(p, "Application from ", app[COL_APP_NAME], NULL));
    rm_done_notice(pg);
    para = rm_el(pg->main, "p", "Programme: ");
    rm_link(para, rm_url(rq, apr_pstrcat(p, "/programmes/", prog[COL_PROG_ID], NULL)), prog[COL_PROG_NAME]);
    dl = rm_dl(pg->main);
    rm_dl_item(dl, "Role", rm_role_label(prog, role));
    rm_el(dl, "dt", "Status");
    rm_status_tag(rm_el(dl, "dd", NULL), app[COL_APP_STATUS]);
    if (*app[COL_APP_REASON]) rm_dl_item(dl, "Reason given", app[COL_APP_REASON]);
    if (!is_owner) {
        rm_dl_item(dl, "Name", app[COL_APP_NAME]);
        rm_dl_item(dl, "Email", app[COL_APP_MAIL]);
    }
    if (mentor) {
        rm_dl_item(dl, "Grade", apr_pstrcat(p, app[COL_APP_GRADE],
                   !strcmp(app[COL_APP_GRADE_SOURCE], "sso") ? " (from HR records)"
                                                        : " (stated by the applicant)", NULL));
        rm_dl_item(dl, "Job title", app[COL_APP_JOB_TITLE]);
        rm_dl_item(dl, "Department or service", app[COL_APP_DEPARTMENT]);
        rm_dl_item(dl, "Hopes to gain", app[COL_APP_GAIN]);
    }
    else {
        rm_dl_item(dl, "Role held", app[COL_APP_SENIOR_ROLE]);
        rm_dl_item(dl, "Department or institution", app[COL_APP_DEPARTMENT]);
        rm_dl_item(dl, "Motivation", app[COL_APP_MOTIVATION]);
    }
    rm_dl_item(dl, "Topics", app[COL_APP_TOPICS]);
    rm_dl_item(dl, "Availability", app[COL_APP_AVAILABILITY]);
    {
        /* what the matching reads */
#define LIST_(col, vocab) rm_codes_labels(p, rm_codes_mask(app[col], vocab), vocab)
        const char *t = LIST_(COL_APP_TOPIC_CODES, rm_vocab_topics);
        const char *g = LIST_(COL_APP_GAIN_CODES, rm_vocab_gains);
        const char *o = LIST_(COL_APP_OFFER_CODES, rm_vocab_gains);
        const char *sl = LIST_(COL_APP_SLOTS, rm_vocab_slots);
#undef LIST_
        rm_dl_item(dl, "Topics chosen", *t ? t : "None chosen");
        rm_dl_item(dl, "Hopes to gain", *g ? g : "None chosen");
        rm_dl_item(dl, "Can offer", *o ? o : "None chosen");
        rm_dl_item(dl, "Could usually meet", *sl ? sl : "None chosen");
        if (*app[COL_APP_LINE_MANAGER]) rm_dl_item(dl, "Line manager", app[COL_APP_LINE_MANAGER]);
        if (*app[COL_APP_PREFER])
            rm_dl_item(dl, "Would like to be paired with", one_line(p, app[COL_APP_PREFER]));
        if (*app[COL_APP_AVOID])
            rm_dl_item(dl, "Would rather not be paired with", one_line(p, app[COL_APP_AVOID]));
    }
    rm_dl_item(dl, "Submitted", rm_time_human(p, app[COL_APP_CREATED]));
    rm_dl_item(dl, "Last changed", rm_time_human(p, app[COL_APP_UPDATED]));

    if (is_owner) {
        int open = !strcmp(rm_window(rq, prog), "open");
        if (open && editable(app))
            rm_link(rm_el(pg->main, "p", NULL),
                    rm_url(rq, apr_pstrcat(p, "/programmes/", prog[COL_PROG_ID], "/apply/",
                                           role, NULL)),
                    !strcmp(app[COL_APP_STATUS], "withdrawn") ? "Submit this application again"
                                                        : "Change your application");
        if (strcmp(app[COL_APP_STATUS], "withdrawn") && strcmp(app[COL_APP_STATUS], "declined")) {
            xmlNodePtr f = rm_form(pg, pg->main, rm_url(rq, apr_pstrcat(p, "/applications/",
                                                       app[COL_APP_ID], "/withdraw", NULL)));
            rm_el(f, "p", "If you no longer wish to take part, you can withdraw. "
                  "The programme team will see that you withdrew.");
            rm_button(f, "Withdraw your application", "button button-warning");
        }
    }
    if (is_admin && strcmp(app[COL_APP_STATUS], "withdrawn")) {
        static const char *const opts[] = { "accepted", "Accept", "waitlisted",
                                            "Put on the waiting list", "declined",
                                            "Decline", NULL };
        const char *dec = values ? apr_table_get(values, "decision") : NULL;
        const char *why = values ? apr_table_get(values, "reason") : NULL;
        xmlNodePtr sec = rm_el(pg->main, "section", NULL), f;
        rm_attr(sec, "aria-labelledby", "h-decide");
        rm_attr(rm_el(sec, "h2", "Decision"), "id", "h-decide");
        f = rm_form(pg, sec, rm_url(rq, apr_pstrcat(p, "/admin/applications/", app[COL_APP_ID],
                                                    "/decision", NULL)));
        rm_radios(pg, f, "decision", "Decision", opts, dec ? dec : app[COL_APP_STATUS],
                  NULL, errors ? apr_table_get(errors, "decision") : NULL);
        rm_textarea(pg, f, "reason", "Reason shown to the applicant", why ? why : app[COL_APP_REASON],
                    "Required when you decline or waitlist.",
                    errors ? apr_table_get(errors, "reason") : NULL, 0, 1000);
        rm_button(f, "Save decision", NULL);
        rm_link(rm_el(sec, "p", NULL),
                rm_url(rq, apr_pstrcat(p, "/admin/programmes/", prog[COL_PROG_ID],
                                       "/applications", NULL)),
                "Back to all applications");
    }
    if (!is_owner && !is_admin)
        /* an institution's local admin (rm_page_application) */
        rm_link(rm_el(pg->main, "p", NULL),
                rm_url(rq, apr_pstrcat(p, "/institution/programmes/", prog[COL_PROG_ID],
                                       "/applications", NULL)),
                apr_pstrcat(p, "Back to the applications from ", rq->id.institution, NULL));
    if (errors && apr_table_get(errors, "capacity"))
        rm_field_error(pg, NULL, apr_table_get(errors, "capacity"));
    return rm_page_send(pg, status);
}

/* One statement reads the application, its programme and whether the
 * requester is on the programme's team as an admin. */
int rm_page_application(rm_req *rq, const rm_route_match *m)
{
    long long id = arg_id(m, 0);
    const char **app, **prog;
    rm_rows *rows;
    int owner, admin, local;
    if (id <= 0
        || rm_db_select(rq->db, RM_Q_APP_PAGE, &rows,
                        RM_ARGS(rq->id.principal, "admin", rm_i64(rq->r->pool, id))) != 0
        || rows->n != 1 || rows->ncols != COL_APP_NCOLS + COL_PROG_NCOLS + 1)
        return rm_not_found(rq);
    app = rows->rows[0];
    prog = app + COL_APP_NCOLS;
    owner = !strcmp(app[COL_APP_PRINCIPAL], rq->id.principal);
    /* the configured admin role is required as well as the team place */
    admin = rm_has_role(rq, RM_ROLE_ADMIN) && !strcmp(prog[COL_PROG_NCOLS], "1");
    /* an institution's local admin reads its own people's applications
     * (features/institution), without the decision */
    local = !owner && !admin && rm_has_role(rq, RM_ROLE_LOCAL_ADMIN) && *rq->id.scope
            && !strcasecmp(app[COL_APP_SCOPE], rq->id.scope);
    if (!owner && !admin && !local) {
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, rq->r,
                      RM_TAG "refused %s access to application %s: not owner or admin",
                      rq->id.principal, app[COL_APP_ID]);
        return rm_not_found(rq);
    }
    /* the team reads someone's self-identification: audited, never the
     * value (features/dp) */
    if (!owner && rm_audit_view(rq, "view.application", "application", apr_atoi64(app[COL_APP_ID]),
                           "") != 0)
        return rm_save_failed(rq);
    return rm_render_application(rq, app, prog, owner, admin, NULL, NULL, HTTP_OK);
}

int rm_page_withdraw_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    const char **app = rm_load_application(rq, arg_id(m, 0));
    int nrows = 0;
    if (!app || strcmp(app[COL_APP_PRINCIPAL], rq->id.principal) != 0) {
        if (app)
            ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, rq->r,
                          RM_TAG "refused %s withdrawing application %s: not owner",
                          rq->id.principal, app[COL_APP_ID]);
        return rm_not_found(rq);
    }
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    rm_db_exec(rq->db, RM_Q_APP_WITHDRAW, &nrows,
               RM_ARGS(rm_i64(p, apr_time_sec(rq->now)), app[COL_APP_ID], app[COL_APP_PERSON]));
    if (nrows == 1) rm_audit(rq, "application.withdraw", "application",
                             rm_parse_id(app[COL_APP_ID]), "");
    if (nrows != 1) {
        rm_db_end(rq->db, 0);
        if (rq->db->db_error) return rm_save_failed(rq);
        return rm_error_page(rq, HTTP_CONFLICT, "Cannot withdraw",
                             "This application cannot be withdrawn now: it has "
                             "already been withdrawn or declined.");
    }
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    return rm_redirect(rq, apr_pstrcat(p, "/applications/", app[COL_APP_ID], "?done=withdrawn",
                                       NULL));
}
