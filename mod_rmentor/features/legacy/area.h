/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The programme's legacy: the Senior Mentors' actions in their institutions
 * prompted by the mentoring (inst_action) and the Mentors' career steps
 * (career_step).  A Senior Mentor of a programme is someone with an accepted
 * application in its senior role, or its senior side of a pair; a Mentor
 * likewise in the mentor role.  Each records and changes only their own;
 * the programme's team (admins and facilitators) reads everyone's, never
 * changes them; the actions a Senior Mentor shares for the sector are read
 * by the programme's participants and team.  Anyone else, and any id that
 * is not theirs, gets 404.  Macros only.
 */
#ifndef RM_AREA_LEGACY_H
#define RM_AREA_LEGACY_H

#define RM_legacy_ROUTES(R) \
    R("GET",  "/programmes/#/actions",          rm_page_actions_mine)       \
    R("POST", "/programmes/#/actions",          rm_page_action_add_post)    \
    R("GET",  "/programmes/#/shared-actions",   rm_page_actions_shared)     \
    R("GET",  "/actions/#/edit",                rm_page_action_form)        \
    R("POST", "/actions/#/edit",                rm_page_action_edit_post)   \
    R("GET",  "/programmes/#/careers",          rm_page_careers_mine)       \
    R("POST", "/programmes/#/careers",          rm_page_career_add_post)    \
    R("GET",  "/careers/#/edit",                rm_page_career_form)        \
    R("POST", "/careers/#/edit",                rm_page_career_edit_post)   \
    R("GET",  "/careers/#/delete",              rm_page_career_delete_form) \
    R("POST", "/careers/#/delete",              rm_page_career_delete_post) \
    R("GET",  "/admin/programmes/#/actions",    rm_page_actions_team)       \
    R("GET",  "/admin/programmes/#/careers",    rm_page_careers_team)

#define RM_legacy_NOTICES(N) \
    N("action-added",   "Your action has been recorded.")                   \
    N("action-saved",   "Your action has been saved.")                      \
    N("career-added",   "Your career step has been recorded.")              \
    N("career-saved",   "Your career step has been saved.")                 \
    N("career-deleted", "Your career step has been deleted.")

#define RM_legacy_NAV(V)

#define RM_Q_LEGACY_ROLES        "rm_legacy_roles"
#define RM_Q_ACTION_MINE         "rm_action_mine"
#define RM_Q_ACTION_GET          "rm_action_get"
#define RM_Q_ACTION_GET_NOW      "rm_action_get_now"
#define RM_Q_ACTION_COUNT_NOW    "rm_action_count_now"
#define RM_Q_ACTION_INSERT       "rm_action_insert"
#define RM_Q_ACTION_UPDATE       "rm_action_update"
#define RM_Q_ACTION_TEAM         "rm_action_team"
#define RM_Q_ACTION_TEAM_COUNT   "rm_action_team_count"
#define RM_Q_ACTION_GRID         "rm_action_grid"
#define RM_Q_ACTION_SHARED       "rm_action_shared"
#define RM_Q_CAREER_MINE         "rm_career_mine"
#define RM_Q_CAREER_GET          "rm_career_get"
#define RM_Q_CAREER_COUNT_NOW    "rm_career_count_now"
#define RM_Q_CAREER_INSERT       "rm_career_insert"
#define RM_Q_CAREER_UPDATE       "rm_career_update"
#define RM_Q_CAREER_DELETE       "rm_career_delete"
#define RM_Q_CAREER_TEAM         "rm_career_team"
#define RM_Q_CAREER_TEAM_COUNT   "rm_career_team_count"
#define RM_Q_CAREER_KINDS        "rm_career_kinds"

/* RM_Q_LEGACY_ROLES: the requester's roles in a programme ('mentor',
 * 'senior') and their person id, one row per role */
enum { COL_LR_ROLE, COL_LR_PERSON };
/* RM_Q_ACTION_MINE, _GET, _GET_NOW, _TEAM, _SHARED: actions, with the
 * Senior Mentor's name, sign-in name and job (their senior application's
 * senior_role, or "") */
enum { COL_IA_ID, COL_IA_PROGRAMME, COL_IA_PERSON, COL_IA_TITLE, COL_IA_DESCRIPTION,
       COL_IA_AREA, COL_IA_STATUS, COL_IA_STARTED, COL_IA_DONE, COL_IA_OUTCOME,
       COL_IA_SHAREABLE, COL_IA_CREATED, COL_IA_UPDATED, COL_IA_NAME, COL_IA_PRINCIPAL,
       COL_IA_JOB };
/* RM_Q_ACTION_GRID: counts by area and status */
enum { COL_IAG_AREA, COL_IAG_STATUS, COL_IAG_N };
/* RM_Q_CAREER_MINE, _GET, _TEAM: career steps, with the Mentor's name and
 * sign-in name */
enum { COL_CS_ID, COL_CS_PROGRAMME, COL_CS_PERSON, COL_CS_KIND, COL_CS_TITLE,
       COL_CS_TAKEN, COL_CS_NOTE, COL_CS_CREATED, COL_CS_UPDATED, COL_CS_NAME,
       COL_CS_PRINCIPAL };
/* RM_Q_CAREER_KINDS: counts by kind (and the Mentors who recorded any) */
enum { COL_CSK_KIND, COL_CSK_N, COL_CSK_PEOPLE };

/* named arguments (data/rm_db.h), in the order of the placeholders */
#define RM_A_LEGACY_ROLES(F) \
    F(programme_id) F(principal) F(programme_id2) F(principal2) F(programme_id3) \
    F(principal3)
#define RM_A_ACTION_INSERT(F) \
    F(programme_id) F(person_id) F(title) F(description) F(area) F(status) \
    F(started_on) F(done_on) F(outcome) F(shareable) F(created_at) F(updated_at)
#define RM_A_ACTION_UPDATE(F) \
    F(title) F(description) F(area) F(status) F(started_on) F(done_on) F(outcome) \
    F(shareable) F(updated_at) F(id) F(person_id)
#define RM_A_ACTION_TEAM(F) \
    F(programme_id) F(area) F(area2) F(status) F(status2) F(limit) F(offset)
#define RM_A_ACTION_TEAM_COUNT(F) \
    F(programme_id) F(area) F(area2) F(status) F(status2)
#define RM_A_CAREER_INSERT(F) \
    F(programme_id) F(person_id) F(kind) F(title) F(taken_on) F(note) F(created_at) \
    F(updated_at)
#define RM_A_CAREER_UPDATE(F) \
    F(kind) F(title) F(taken_on) F(note) F(updated_at) F(id) F(person_id)
#define RM_A_CAREER_TEAM(F) F(programme_id) F(kind) F(kind2) F(limit) F(offset)
#define RM_A_CAREER_TEAM_COUNT(F) F(programme_id) F(kind) F(kind2)

#endif
