/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Loading a pair for the pages of the pairs' year, and who may see it
 * (pairs.h).  Ownership is decided on the rows: the requester's principal
 * against the two partners', or their place on the programme's team.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include "pairs.h"

static int load(rm_req *rq, long long id, rm_pair *out)
{
    rm_rows *rows;
    memset(out, 0, sizeof(*out));
    out->side = -1;
    if (id <= 0
        || rm_db_select(rq->db, RM_Q_PAIR_GET, &rows, RM_ARGS(rm_i64(rq->r->pool, id))) != 0
        || rows->n != 1)
        return 0;
    out->row = rows->rows[0];
    if (!(out->prog = rm_load_programme(rq, rm_parse_id(out->row[COL_PAIR_PROGRAMME]))))
        return 0;
    if (!strcmp(out->row[COL_PAIR_M_PRINCIPAL], rq->id.principal)) out->side = 0;
    else if (!strcmp(out->row[COL_PAIR_S_PRINCIPAL], rq->id.principal)) out->side = 1;
    return 1;
}

int rm_pair_for_partner(rm_req *rq, long long id, rm_pair *out)
{
    return load(rq, id, out) && out->side >= 0;
}

int rm_pair_for_team(rm_req *rq, long long id, int need, rm_pair *out)
{
    if (!load(rq, id, out)) return 0;
    out->team = rm_team_access(rq, out->prog[COL_PROG_ID]);
    return (out->team & need) != 0;
}

const char *rm_pair_person(const rm_pair *pr, int side)
{
    return pr->row[side == 0 ? COL_PAIR_M_NAME : COL_PAIR_S_NAME];
}

const char *rm_pair_partner(const rm_pair *pr)
{
    return rm_pair_person(pr, pr->side == 0 ? 1 : 0);
}

const char *rm_pair_title(apr_pool_t *p, const rm_pair *pr)
{
    return apr_pstrcat(p, rm_pair_person(pr, 0), " and ", rm_pair_person(pr, 1), NULL);
}

const char *rm_pair_role(const rm_pair *pr, int side)
{
    return rm_role_label(pr->prog, side == 0 ? "mentor" : "senior");
}

int rm_pair_meeting_stats(rm_req *rq, const char *pair_id, rm_meeting_stats *out)
{
    rm_rows *rows;
    memset(out, 0, sizeof(*out));
    out->last = "";
    if (rm_db_select(rq->db, RM_Q_MEETING_STATS, &rows,
                     RM_ARGS(pair_id, pair_id, pair_id, pair_id)) != 0 || rows->n != 1)
        return -1;
    out->confirmed = atoi(rows->rows[0][COL_MST_CONFIRMED]);
    out->minutes = atol(rows->rows[0][COL_MST_MINUTES]);
    out->last = rows->rows[0][COL_MST_LAST];
    out->waiting = atoi(rows->rows[0][COL_MST_WAITING]);
    return 0;
}

void rm_programme_pace(rm_req *rq, const char **prog, rm_pace *out)
{
    rm_pace_at(prog[COL_PROG_START], atoi(prog[COL_PROG_LENGTH]),
               atoi(prog[COL_PROG_MIN_MEETINGS]), rq->today, out);
}

int rm_pair_expected(const rm_pair *pr, const rm_pace *pace)
{
    int e = pace->expected - atoi(pr->row[COL_PAIR_PACE_OFFSET]);
    return e > 0 ? e : 0;
}

const char *rm_pair_made_on(apr_pool_t *p, const rm_pair *pr)
{
    apr_time_exp_t t;
    apr_time_exp_lt(&t, apr_time_from_sec(apr_atoi64(pr->row[COL_PAIR_CREATED])));
    return apr_psprintf(p, "%04d-%02d-%02d", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday);
}

const char *rm_pace_human(apr_pool_t *p, const char **prog, const rm_pace *pace)
{
    if (!pace->started)
        return apr_pstrcat(p, "The programme starts on ", rm_date_human(p, prog[COL_PROG_START]),
                           ": no meetings are expected yet.", NULL);
    if (pace->ended)
        return apr_psprintf(p, "The programme has ended: all %s meetings were expected.",
                            prog[COL_PROG_MIN_MEETINGS]);
    return apr_psprintf(p, "%d of %s meetings expected after %d month%s of %s.",
                        pace->expected, prog[COL_PROG_MIN_MEETINGS], pace->months,
                        pace->months == 1 ? "" : "s", prog[COL_PROG_LENGTH]);
}

const char *rm_meeting_mode_label(const char *mode)
{
    if (!strcmp(mode, "in_person")) return "In person";
    if (!strcmp(mode, "online")) return "Online";
    if (!strcmp(mode, "phone")) return "Phone";
    return mode;
}

const char *const rm_end_categories[] = {
    "left", "Left the institution",
    "incompatible", "Not working well together",
    "unavailable", "No longer available",
    "other", "Another reason",
    NULL
};

const char *rm_end_category_label(const char *category)
{
    for (int i = 0; rm_end_categories[i]; i += 2)
        if (!strcmp(rm_end_categories[i], category)) return rm_end_categories[i + 1];
    return category;
}
