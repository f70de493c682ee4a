/* Licensed under the Apache License, Version 2.0 (see LICENSE). */
#include <string.h>
#include <stdlib.h>
#include <apr_strings.h>
#include <http_protocol.h>
#include "pages.h"
#include "core/score.h"

APLOG_USE_MODULE(rmentor);

const char **rm_load_programme(rm_req *rq, long long id)
{
    rm_rows *rows;
    if (id <= 0) return NULL;
    if (rm_db_select(rq->db, RM_Q_PROG_GET, &rows, RM_ARGS(rm_i64(rq->r->pool, id))) != 0
        || rows->n != 1)
        return NULL;
    return rows->rows[0];
}

const char **rm_load_programme_team(rm_req *rq, long long id, const char *role,
                                   int *on_team)
{
    rm_rows *rows;
    *on_team = 0;
    if (id <= 0) return NULL;
    if (rm_db_select(rq->db, RM_Q_PROG_GET_TEAM, &rows,
                     RM_ARGS(rq->id.principal, role, rm_i64(rq->r->pool, id))) != 0
        || rows->n != 1 || rows->ncols != COL_PROG_NCOLS + 1)
        return NULL;
    /* the configured role is required as well as the team place (rm_on_team) */
    *on_team = (strcmp(role, "admin") != 0 || rm_has_role(rq, RM_ROLE_ADMIN))
               && !strcmp(rows->rows[0][COL_PROG_NCOLS], "1");
    return rows->rows[0];
}

const char **rm_load_application(rm_req *rq, long long id)
{
    rm_rows *rows;
    if (id <= 0) return NULL;
    if (rm_db_select(rq->db, RM_Q_APP_GET, &rows, RM_ARGS(rm_i64(rq->r->pool, id))) != 0
        || rows->n != 1)
        return NULL;
    return rows->rows[0];
}

int rm_on_team(rm_req *rq, const char *programme_id, const char *role)
{
    rm_rows *rows;
    /* the configured role is required as well as the team place */
    if (!strcmp(role, "admin") && !rm_has_role(rq, RM_ROLE_ADMIN)) return 0;
    if (rm_db_select(rq->db, RM_Q_TEAM_IS, &rows,
                     RM_ARGS(programme_id, rq->id.principal, role)) != 0)
        return 0;
    return rows->n > 0;
}

const char *rm_window(rm_req *rq, const char **prog)
{
    if (strcmp(rq->today, prog[COL_PROG_OPENS]) < 0) return "upcoming";
    if (strcmp(rq->today, prog[COL_PROG_CLOSES]) > 0) return "closed";
    return "open";
}

const char *rm_role_label(const char **prog, const char *role)
{
    if (!strcmp(role, "mentor")) return "Mentor";
    return prog && *prog[COL_PROG_SENIOR_LABEL] ? prog[COL_PROG_SENIOR_LABEL] : "Senior Mentor";
}

/* One word for each status, wherever it shows: the applicant's pages, the
 * admin's list, its filter and its counts. */
const char *rm_status_label(const char *status)
{
    if (!strcmp(status, "submitted")) return "Waiting for a decision";
    if (!strcmp(status, "accepted")) return "Accepted";
    if (!strcmp(status, "waitlisted")) return "On the waiting list";
    if (!strcmp(status, "declined")) return "Not accepted";
    if (!strcmp(status, "withdrawn")) return "Withdrawn";
    return status;
}

xmlNodePtr rm_status_tag(xmlNodePtr parent, const char *status)
{
    /* a class per status for its colour (web/style.c); the word says it,
     * and the border marks it as a tag, without the colour */
    static const char *const cls[] = {
        "submitted", "tag tag-submitted", "accepted", "tag tag-accepted",
        "waitlisted", "tag tag-waitlisted", "declined", "tag tag-declined",
        "withdrawn", "tag tag-withdrawn", NULL };
    for (int i = 0; cls[i]; i += 2)
        if (!strcmp(status, cls[i]))
            return rm_el_class(parent, "strong", cls[i + 1], rm_status_label(status));
    return rm_el_class(parent, "strong", "tag", rm_status_label(status));
}

const char *rm_ineligible(rm_req *rq, const char **prog, const char *role)
{
    apr_pool_t *p = rq->r->pool;
    const char *w = rm_window(rq, prog);
    rm_rows *mine;
    if (!strcmp(w, "upcoming"))
        return apr_psprintf(p, "Applications for this programme open on %s.",
                            rm_date_human(p, prog[COL_PROG_OPENS]));
    if (!strcmp(w, "closed"))
        return apr_psprintf(p, "Applications for this programme closed on %s.",
                            rm_date_human(p, prog[COL_PROG_CLOSES]));
    if (!strcmp(role, "mentor")) {
        if (*rq->id.grade) {
            int have = rm_grade_rank(rq->cfg->grades, rq->id.grade);
            int need = rm_grade_rank(rq->cfg->grades, prog[COL_PROG_MIN_GRADE]);
            if (have < need)
                return apr_psprintf(p, "Mentors on this programme are at grade %s "
                                    "or above. Your grade is recorded as %s, so you "
                                    "cannot apply as a Mentor. If your grade is "
                                    "wrong, ask HR to correct it.",
                                    prog[COL_PROG_MIN_GRADE], rq->id.grade);
        }
    }
    else {
        /* membership of the sector body (features/membership): by the
         * entitlement, the programme's list, or either */
        const char *rule = prog[COL_PROG_SENIOR_MEMBERS];
        int ent = strcmp(rule, "list") && rm_list_has(rq->id.entitlements,
                                                      prog[COL_PROG_SENIOR_ENT]);
        if (!ent && (strcmp(rule, "entitlement") == 0 || !rm_members_listed(rq, prog)))
            return apr_psprintf(p, "Only members can apply as %s, and %s.",
                                rm_role_label(prog, "senior"),
                                !strcmp(rule, "list")
                                ? "you are not on the programme's list of members"
                                : !strcmp(rule, "either")
                                ? "neither your account's membership nor the programme's "
                                  "list of members shows you as one"
                                : "your account does not show the membership this "
                                  "programme needs");
    }
    if (rm_db_select(rq->db, RM_Q_APP_MINE_IN, &mine,
                     RM_ARGS(prog[COL_PROG_ID], rq->id.principal)) == 0) {
        for (int i = 0; i < mine->n; i++)
            if (strcmp(mine->rows[i][1], role) != 0)
                return apr_psprintf(p, "You have already applied to this programme "
                                    "as %s. A person takes one role in a programme.",
                                    rm_role_label(prog, mine->rows[i][1]));
    }
    return NULL;
}

int rm_parse_query(rm_req *rq)
{
    const char *a = rq->r->args;
    rm_form_status st;
    rq->query = apr_table_make(rq->r->pool, 8);
    if (!a || !*a) return OK;
    if (strlen(a) > 2048) st = RM_FORM_TOO_LONG;
    else st = rm_form_parse(rq->r->pool, a, strlen(a), 16, 256, rq->query);
    if (st != RM_FORM_OK) {
        apr_table_clear(rq->query);
        return rm_error_page(rq, HTTP_BAD_REQUEST, "Address not understood",
                             "The address of this page carries search options "
                             "that could not be read. Start again from the home page.");
    }
    return OK;
}

const apr_table_t *rm_query(const rm_req *rq)
{
    /* before rm_dispatch parsed it (error pages), or after it refused it:
     * no fields */
    return rq->query ? rq->query : apr_table_make(rq->r->pool, 1);
}

void rm_done_notice(rm_page *pg)
{
    /* each area's notices (features/<area>/area.h): only these codes show */
#define RM_NOTICE_(code, text) code, text,
    static const char *const msgs[] = { RM_NOTICES(RM_NOTICE_) NULL };
#undef RM_NOTICE_
    const char *done = apr_table_get(rm_query(pg->rq), "done");
    if (!done) return;
    for (int i = 0; msgs[i]; i += 2)
        if (!strcmp(msgs[i], done)) rm_notice(pg, "success", msgs[i + 1]);
}

int rm_forbidden(rm_req *rq, const char *for_whom)
{
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, rq->r,
                  RM_TAG "refused %s %s to %s: role", rq->r->method, rq->r->uri,
                  rq->id.principal);
    return rm_error_page(rq, HTTP_FORBIDDEN, "You cannot use this page",
                         apr_pstrcat(rq->r->pool, "This page is for ", for_whom,
                                     ". If you need access, ask the team that "
                                     "runs the programme.", NULL));
}

const char *rm_programme_text(apr_pool_t *p, const char **prog, const char *text)
{
    const char *at;
    char *out = "";
    if (!text) return NULL;
    while ((at = strchr(text, '{')) != NULL) {
        const char *with = NULL;
        size_t skip = 0;
        if (!strncmp(at, "{senior}", 8)) {
            with = rm_role_label(prog, "senior");
            skip = 8;
        }
        else if (!strncmp(at, "{plan}", 6)) {
            with = apr_psprintf(p, "%s meetings of %s minutes over %s months",
                                prog[COL_PROG_MIN_MEETINGS],
                                prog[COL_PROG_MEETING_MINUTES], prog[COL_PROG_LENGTH]);
            skip = 6;
        }
        if (!with) {
            out = apr_pstrcat(p, out, apr_pstrmemdup(p, text, (apr_size_t)(at - text + 1)), NULL);
            text = at + 1;
            continue;
        }
        out = apr_pstrcat(p, out, apr_pstrmemdup(p, text, (apr_size_t)(at - text)), with, NULL);
        text = at + skip;
    }
    return *out ? apr_pstrcat(p, out, text, NULL) : text;
}

int rm_not_found(rm_req *rq)
{
    if (rq->db->db_error)
        return rm_error_page(rq, HTTP_SERVICE_UNAVAILABLE, "Service unavailable",
                             "The mentoring service could not read its records just "
                             "now. Nothing was changed. Please try again.");
    return rm_error_page(rq, HTTP_NOT_FOUND, "Page not found",
                         "There is no page at this address, or it is not yours to "
                         "see. Check the address, or start again from the home page.");
}

int rm_save_failed(rm_req *rq)
{
    return rm_error_page(rq, HTTP_SERVICE_UNAVAILABLE, "Not saved",
                         "Your changes could not be saved because of a problem on "
                         "our side. Nothing was changed: what was stored before is "
                         "intact. Please try again in a few minutes.");
}

int rm_team_access(rm_req *rq, const char *programme_id)
{
    rm_rows *rows;
    int access = 0;
    if (rm_db_select(rq->db, RM_Q_TEAM_ROLES, &rows,
                     RM_ARGS(programme_id, rq->id.principal)) != 0)
        return 0;
    /* the configured role is required as well as the team place */
    for (int i = 0; i < rows->n; i++) {
        if (!strcmp(rows->rows[i][0], "admin") && rm_has_role(rq, RM_ROLE_ADMIN))
            access |= RM_TEAM_ADMIN;
        if (!strcmp(rows->rows[i][0], "facilitator") && rm_has_role(rq, RM_ROLE_FACILITATOR))
            access |= RM_TEAM_FACILITATOR;
    }
    return access;
}

const char *rm_now_hhmm(rm_req *rq)
{
    apr_time_exp_t t;
    apr_time_exp_lt(&t, rq->now);
    return apr_psprintf(rq->r->pool, "%02d:%02d", t.tm_hour, t.tm_min);
}

xmlNodePtr rm_section(rm_page *pg, xmlNodePtr parent, const char *id, const char *heading)
{
    xmlNodePtr sec = rm_el(parent, "section", NULL);
    rm_attr(sec, "aria-labelledby", id);
    rm_attr(rm_el(sec, "h2", heading), "id", id);
    (void)pg;
    return sec;
}

xmlNodePtr rm_checkboxes(rm_page *pg, xmlNodePtr form, const char *prefix,
                         const char *legend, const char *const *options,
                         const char *checked, const char *hint, const char *error)
{
    apr_pool_t *p = pg->rq->r->pool;
    /* Each box has the id html.c gives a field, "f-" + its name
     * (prefix-code): an id of "f-" + prefix would be another field's when a
     * form also has a field of that name (the Mentor form's "gain").  The
     * group's hint, error and error summary link are named after its first
     * box, so the summary's link lands on it. */
    const char *first = apr_pstrcat(p, prefix, "-", options[0], NULL);
    const char *id = apr_pstrcat(p, "f-", first, NULL), *db = NULL;
    xmlNodePtr div = rm_el_class(form, "div", error ? "field field-error" : "field", NULL);
    xmlNodePtr fs = rm_el(div, "fieldset", NULL), grid;
    rm_el(fs, "legend", legend);
    if (hint) {
        rm_attr(rm_el_class(fs, "p", "hint", hint), "id", apr_pstrcat(p, id, "-hint", NULL));
        db = apr_pstrcat(p, id, "-hint", NULL);
    }
    if (error) {
        xmlNodePtr e = rm_el_class(fs, "p", "error-message", NULL);
        rm_attr(e, "id", apr_pstrcat(p, id, "-error", NULL));
        rm_el_class(e, "span", "visually-hidden", "Error: ");
        rm_text(e, error);
        db = db ? apr_pstrcat(p, db, " ", id, "-error", NULL) : apr_pstrcat(p, id, "-error", NULL);
        rm_field_error(pg, first, error);
    }
    if (db) rm_attr(fs, "aria-describedby", db);
    grid = rm_el_class(fs, "div", "checkboxes", NULL);
    for (int i = 0; options[2 * i]; i++) {
        xmlNodePtr item = rm_el_class(grid, "div", "checkbox", NULL);
        xmlNodePtr in = rm_el(item, "input", NULL), l;
        const char *bid = apr_pstrcat(p, "f-", prefix, "-", options[2 * i], NULL);
        rm_attr(in, "type", "checkbox");
        rm_attr(in, "id", bid);
        rm_attr(in, "name", apr_pstrcat(p, prefix, "-", options[2 * i], NULL));
        rm_attr(in, "value", "1");
        if (checked && rm_codes_has(checked, options[2 * i])) rm_attr(in, "checked", "checked");
        l = rm_el(item, "label", options[2 * i + 1]);
        rm_attr(l, "for", bid);
    }
    return fs;
}

const char *rm_checkboxes_read(rm_req *rq, const char *prefix, const char *const *options)
{
    apr_pool_t *p = rq->r->pool;
    const char *out = "";
    for (int i = 0; options[2 * i]; i++)
        if (apr_table_get(rq->form, apr_pstrcat(p, prefix, "-", options[2 * i], NULL)))
            out = *out ? apr_pstrcat(p, out, ",", options[2 * i], NULL) : options[2 * i];
    return out;
}

void rm_pager(xmlNodePtr parent, const char *base, long page, long long total,
              long per_page, const char *label)
{
    apr_pool_t *p;
    long pages;
    xmlNodePtr nav, para;
    if (total <= per_page) return;
    p = parent->doc->_private;      /* the page's pool (html.c) */
    pages = (long)((total + per_page - 1) / per_page);
    nav = rm_el(parent, "nav", NULL);
    rm_attr(nav, "aria-label", label);
    para = rm_el(nav, "p", NULL);
    if (page > 1)
        rm_link(para, apr_psprintf(p, "%s%ld", base, page - 1), "Previous page");
    rm_text(para, apr_psprintf(p, " Page %ld of %ld ", page, pages));
    if (page < pages)
        rm_link(para, apr_psprintf(p, "%s%ld", base, page + 1), "Next page");
}

const char *rm_like_pattern(apr_pool_t *p, const char *search)
{
    char *s, *o;
    if (!search || !*search) return "";
    /* folded as the names are (rm_fold, person.name_folded) */
    search = rm_fold(p, search);
    s = o = apr_palloc(p, 2 * strlen(search) + 3);
    *o++ = '%';
    for (const char *c = search; *c; c++) {
        if (*c == '%' || *c == '_' || *c == '!') *o++ = '!';
        *o++ = *c;
    }
    *o++ = '%';
    *o = '\0';
    return s;
}
