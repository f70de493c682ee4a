/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Who someone is in a programme, for the legacy's pages (features/legacy):
 * its Senior Mentor, its Mentor (an accepted application in that role, or
 * that side of a pair), on its team, or nothing.  Decided once per request
 * from the rows, never from anything the request says.
 */
#ifndef RM_LEGACY_PAGES_H
#define RM_LEGACY_PAGES_H

#include "pages.h"
#include "core/legacy.h"

typedef struct {
    const char **prog;          /* COL_PROG_* */
    int senior, mentor;         /* a participant in that role */
    const char *senior_id, *mentor_id;  /* their person id in that role */
    int team, team_read;        /* RM_TEAM_* of the requester, once read
                                   by rm_legacy_team */
} rm_legacy_who;

#define RM_LEGACY_TEAM (RM_TEAM_ADMIN | RM_TEAM_FACILITATOR)

/* 1 and *out for a programme that exists (whoever asks), 0 otherwise. */
int rm_legacy_who_load(rm_req *rq, long long programme_id, rm_legacy_who *out);
/* The requester's RM_TEAM_* on the programme (read on first use: a
 * participant's own pages need no team lookup). */
int rm_legacy_team(rm_req *rq, rm_legacy_who *w);
/* The route's n-th number, 0 when there is none. */
long long rm_legacy_arg(const rm_route_match *m, int i);
/* Log that someone was refused a page of a programme (without ids of
 * records they tried, nor anything they sent). */
void rm_legacy_refused(rm_req *rq, const char *what, const char *programme_id);

/* value,label pairs */
extern const char *const rm_action_areas[];
extern const char *const rm_action_statuses[];
extern const char *const rm_career_kinds[];
const char *rm_legacy_label(const char *const *opts, const char *value);
/* An action's status as a tag: the word says it, the colour repeats it. */
void rm_action_status_tag(xmlNodePtr parent, const char *status);
/* "/admin/programmes/3/actions" and the like */
const char *rm_legacy_path(apr_pool_t *p, const char *before, const char *id,
                           const char *after);
/* Text split into paragraphs at its line breaks. */
void rm_legacy_paragraphs(xmlNodePtr parent, apr_pool_t *p, const char *text);

#endif
