/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 * Who someone is in a programme, and labels (legacy.h). */
#include <string.h>
#include <apr_strings.h>
#include "legacy.h"
#include <http_log.h>

APLOG_USE_MODULE(rmentor);

RM_NAMED_ARGS(LEGACY_ROLES);

int rm_legacy_who_load(rm_req *rq, long long programme_id, rm_legacy_who *out)
{
    rm_rows *rows;
    memset(out, 0, sizeof(*out));
    if (programme_id <= 0 || !(out->prog = rm_load_programme(rq, programme_id))) return 0;
    if (rm_db_select(rq->db, RM_Q_LEGACY_ROLES, &rows,
                     RM_ARGV(LEGACY_ROLES, .programme_id = out->prog[COL_PROG_ID],
                             .principal = rq->id.principal,
                             .programme_id2 = out->prog[COL_PROG_ID],
                             .principal2 = rq->id.principal,
                             .programme_id3 = out->prog[COL_PROG_ID],
                             .principal3 = rq->id.principal)) != 0)
        return 0;
    for (int i = 0; i < rows->n; i++) {
        if (!strcmp(rows->rows[i][COL_LR_ROLE], "senior")) {
            out->senior = 1;
            out->senior_id = rows->rows[i][COL_LR_PERSON];
        }
        else if (!strcmp(rows->rows[i][COL_LR_ROLE], "mentor")) {
            out->mentor = 1;
            out->mentor_id = rows->rows[i][COL_LR_PERSON];
        }
    }
    return 1;
}

int rm_legacy_team(rm_req *rq, rm_legacy_who *w)
{
    if (!w->team_read) {
        w->team = rm_team_access(rq, w->prog[COL_PROG_ID]);
        w->team_read = 1;
    }
    return w->team;
}

long long rm_legacy_arg(const rm_route_match *m, int i)
{
    return i < m->nargs ? rm_parse_id(m->args[i]) : 0;
}

void rm_legacy_refused(rm_req *rq, const char *what, const char *programme_id)
{
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, rq->r,
                  RM_TAG "refused %s %s of programme %s: not theirs to see", rq->id.principal,
                  what, programme_id);
}

const char *const rm_action_areas[] = {
    "recruitment", "Recruitment", "promotion", "Promotion", "pay", "Pay",
    "culture", "Culture", "data", "Data", "policy", "Policy", "other", "Other", NULL };
const char *const rm_action_statuses[] = {
    "planned", "Planned", "in_progress", "In progress", "done", "Done", NULL };
const char *const rm_career_kinds[] = {
    "promotion", "Promotion", "new_role", "New role", "acting_up", "Acting up",
    "secondment", "Secondment", "development", "Development opportunity",
    "award", "Award", NULL };

const char *rm_legacy_label(const char *const *opts, const char *value)
{
    for (; opts[0]; opts += 2)
        if (!strcmp(opts[0], value)) return opts[1];
    return value;
}

void rm_action_status_tag(xmlNodePtr parent, const char *status)
{
    const char *c = !strcmp(status, "planned") ? "tag tag-submitted"
                  : !strcmp(status, "in_progress") ? "tag tag-waitlisted"
                  : !strcmp(status, "done") ? "tag tag-accepted" : "tag";
    rm_el_class(parent, "strong", c, rm_legacy_label(rm_action_statuses, status));
}

const char *rm_legacy_path(apr_pool_t *p, const char *before, const char *id,
                           const char *after)
{
    return apr_pstrcat(p, before, id, after, NULL);
}

void rm_legacy_paragraphs(xmlNodePtr parent, apr_pool_t *p, const char *text)
{
    char *copy = apr_pstrdup(p, text), *last, *line;
    for (line = apr_strtok(copy, "\n", &last); line; line = apr_strtok(NULL, "\n", &last)) {
        char *t = rm_trim(p, line);
        if (*t) rm_el(parent, "p", t);
    }
}
