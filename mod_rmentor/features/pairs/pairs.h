/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * A pair as the pages of the pairs' year load it (features/pairs and
 * features/checkin): who may see it is decided here, once.  A partner sees
 * only a pair they are one of the two partners of; the programme's team sees
 * the pairs of programmes they are on the team of, with the configured role;
 * anyone else, and any id that is not a pair, gets 0 (the caller answers
 * 404, whatever ids are tried).
 */
#ifndef RM_PAIRS_H
#define RM_PAIRS_H

#include "pages.h"
#include "core/pace.h"

typedef struct {
    const char **row;   /* COL_PAIR_* (features/pairs/area.h)               */
    const char **prog;  /* COL_PROG_* of its programme                      */
    int side;           /* the requester: 0 its Mentor, 1 its Senior Mentor,
                           -1 not a partner                                  */
    int team;           /* RM_TEAM_* of the requester on the programme      */
} rm_pair;

/* 1 and *out when the requester is one of the pair's two partners. */
int rm_pair_for_partner(rm_req *rq, long long id, rm_pair *out);
/* 1 and *out when the requester has one of `need` (RM_TEAM_ADMIN,
 * RM_TEAM_FACILITATOR) on the pair's programme. */
int rm_pair_for_team(rm_req *rq, long long id, int need, rm_pair *out);

/* The display name of a side (0 Mentor, 1 Senior Mentor) and of the
 * requester's partner; "Amara Okafor and Helen Graham". */
const char *rm_pair_person(const rm_pair *pr, int side);
const char *rm_pair_partner(const rm_pair *pr);
const char *rm_pair_title(apr_pool_t *p, const rm_pair *pr);
/* The role label of a side in the pair's programme. */
const char *rm_pair_role(const rm_pair *pr, int side);

/* Confirmed meetings of a pair, their minutes, the last date (or ""), and
 * meetings waiting for the other partner's answer. */
typedef struct {
    int confirmed;
    long minutes;
    const char *last;
    int waiting;
} rm_meeting_stats;
int rm_pair_meeting_stats(rm_req *rq, const char *pair_id, rm_meeting_stats *out);

/* The programme's pace today (pace.h). */
void rm_programme_pace(rm_req *rq, const char **prog, rm_pace *out);
/* The confirmed meetings the pace expects of this pair by today: the
 * programme's pace less what it already expected when the pair was made
 * (pair.pace_offset: a pair rematched or published mid-year). */
int rm_pair_expected(const rm_pair *pr, const rm_pace *pace);
/* The local date (YYYY-MM-DD) the pair was made. */
const char *rm_pair_made_on(apr_pool_t *p, const rm_pair *pr);
/* "3 of 6 meetings expected after 6 months" and the like, for people. */
const char *rm_pace_human(apr_pool_t *p, const char **prog, const rm_pace *pace);

/* Labels: a meeting's mode, an end category. */
const char *rm_meeting_mode_label(const char *mode);
const char *rm_end_category_label(const char *category);
extern const char *const rm_end_categories[];   /* value, label, ..., NULL */

#endif
