/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 * Helpers shared by the page handlers (pages_*.c). */
#ifndef RM_PAGES_H
#define RM_PAGES_H

#include "rm.h"
#include "store.h"

/* A programme row (P_* columns) or NULL when there is none with this id. */
const char **rm_load_programme(rm_req *rq, long long id);
/* The same, and in *on_team what rm_on_team(rq, id, role) would answer,
 * read in the same statement. */
const char **rm_load_programme_team(rm_req *rq, long long id, const char *role,
                                   int *on_team);
/* An application row (A_* columns) or NULL. */
const char **rm_load_application(rm_req *rq, long long id);
/* 1 when the requester is on the programme's team in that role. */
int rm_on_team(rm_req *rq, const char *programme_id, const char *role);

/* "open", "upcoming" or "closed" for the application window. */
const char *rm_window(rm_req *rq, const char **prog);
/* NULL when the requester may apply for role, else the reason. */
const char *rm_ineligible(rm_req *rq, const char **prog, const char *role);
/* 1 when the asker is on the programme's list of members (features/
 * membership) */
int rm_members_listed(rm_req *rq, const char **prog);

const char *rm_role_label(const char **prog, const char *role);
/* The one word for an application's status ("Waiting for a decision"). */
const char *rm_status_label(const char *status);
/* That word as a tag, <strong class="tag tag-STATUS">, appended to parent. */
xmlNodePtr rm_status_tag(xmlNodePtr parent, const char *status);
/* Show the notice named by ?done=CODE (whitelisted codes only). */
void rm_done_notice(rm_page *pg);
/* The query string's fields (parsed, and refused with a 400 when bad, by
 * rm_dispatch before any handler runs); never NULL. */
const apr_table_t *rm_query(const rm_req *rq);
/* Parse r->args into rq->query: OK, or the status of a 400 page sent. */
RM_MUST_USE int rm_parse_query(rm_req *rq);
/* Send a 403 page for a missing role: "This page is for <for_whom>." */
RM_MUST_USE int rm_forbidden(rm_req *rq, const char *for_whom);
/* text with {senior} (the programme's label for the senior role) and {plan}
 * ("6 meetings of 60 minutes over 12 months", from its settings) filled in */
const char *rm_programme_text(apr_pool_t *p, const char **prog, const char *text);
RM_MUST_USE int rm_not_found(rm_req *rq);
RM_MUST_USE int rm_save_failed(rm_req *rq);
/* The application page (pages_apply.c), also used to re-show a decision.
 * prog: the application's programme (P_* columns), or NULL to load it. */
RM_MUST_USE int rm_render_application(rm_req *rq, const char **app, const char **prog,
                          int is_owner, int is_admin,
                          apr_table_t *errors, apr_table_t *values, int status);

/* The applications list of programme prog (features/admin): for its team
 * (local NULL), or for an institution's local admin (local: their scope),
 * who sees only that institution's applicants, without the team's links. */
RM_MUST_USE int rm_applications_list(rm_req *rq, const char **prog, const char *local);

/* The requester's places on a programme's team: RM_TEAM_ADMIN and / or
 * RM_TEAM_FACILITATOR, each only with the configured role as well; 0 for
 * none (or when the database cannot say). */
enum { RM_TEAM_ADMIN = 1, RM_TEAM_FACILITATOR = 2 };
int rm_team_access(rm_req *rq, const char *programme_id);
/* The server's local time of day, HH:MM (rq->today's clock). */
const char *rm_now_hhmm(rm_req *rq);
/* A section labelled by its h2 (id). */
xmlNodePtr rm_section(rm_page *pg, xmlNodePtr parent, const char *id, const char *heading);
/* A group of checkboxes, one per value,label pair of options, named
 * prefix-value (id f-prefix-value, so no other field's id); checked: the
 * comma-separated values ticked.  An error links to the first box. */
xmlNodePtr rm_checkboxes(rm_page *pg, xmlNodePtr form, const char *prefix,
                         const char *legend, const char *const *options,
                         const char *checked, const char *hint, const char *error);
/* The values of options ticked in the posted form, comma-separated. */
const char *rm_checkboxes_read(rm_req *rq, const char *prefix, const char *const *options);

/* The pages of a list, under it: "Previous page  Page 2 of 7  Next page".
 * base: the list's URL with its query string, ending "page=" (rm_url'd);
 * label: the navigation's name ("Pages of pairs").  Nothing for one page. */
void rm_pager(xmlNodePtr parent, const char *base, long page, long long total,
              long per_page, const char *label);
/* A LIKE pattern (ESCAPE '!') for a case-insensitive "contains" search:
 * the text folded as person.name_folded is (rm_fold), its wildcards
 * literal; "" for no search. */
const char *rm_like_pattern(apr_pool_t *p, const char *search);

#endif
