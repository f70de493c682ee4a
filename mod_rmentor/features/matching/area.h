/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Matching: suggested one-to-one pairs of a programme's trained Mentors and
 * Senior Mentors from an optimal assignment over the whole cohort
 * (core/match.c) of explained scores (core/score.c), the admins' pins,
 * do-not-pair list and weights, and publication of the pairs the rest of
 * the year uses.  A draft is seen by the programme's admins (who act on it)
 * and facilitators (read only), never by participants.  Macros only.
 */
#ifndef RM_AREA_MATCHING_H
#define RM_AREA_MATCHING_H

#define RM_matching_ROUTES(R) \
    R("GET",  "/admin/programmes/#/matching",          rm_page_matching)              \
    R("POST", "/admin/programmes/#/matching/run",      rm_page_matching_run_post)     \
    R("POST", "/admin/programmes/#/matching/rule",     rm_page_matching_rule_post)    \
    R("POST", "/admin/programmes/#/matching/settings", rm_page_matching_settings_post) \
    R("POST", "/admin/programmes/#/matching/publish",  rm_page_matching_publish_post)

#define RM_matching_NOTICES(N) \
    N("matched",   "The matching has run: the suggested pairs are below. Participants cannot see them until you publish.") \
    N("rule",      "Saved. Run the matching again to see its effect.")             \
    N("settings",  "The matching settings have been saved. Run the matching again to use them.") \
    N("published", "The pairs have been published. Each partner can now see their pair.")

#define RM_matching_NAV(V)

#define RM_Q_MATCH_CANDIDATES   "rm_match_candidates"
#define RM_Q_MATCH_SETTINGS     "rm_match_settings"
#define RM_Q_MATCH_SETTINGS_PUT "rm_match_settings_put"
#define RM_Q_MATCH_RULES        "rm_match_rules"
#define RM_Q_MATCH_RULE_PUT     "rm_match_rule_put"
#define RM_Q_MATCH_RULE_DELETE  "rm_match_rule_delete"
#define RM_Q_MATCH_DRAFT        "rm_match_draft"
#define RM_Q_MATCH_DRAFT_CLEAR  "rm_match_draft_clear"
#define RM_Q_MATCH_DRAFT_ADD    "rm_match_draft_add"
#define RM_Q_MATCH_DRAFT_NOW    "rm_match_draft_now"
#define RM_Q_MATCH_DRAFT_BLOCKED "rm_match_draft_blocked"
#define RM_Q_MATCH_RUN_GET      "rm_match_run_get"
#define RM_Q_MATCH_RUN_PUT      "rm_match_run_put"
#define RM_Q_MATCH_RUN_STALE    "rm_match_run_stale"
#define RM_Q_MATCH_RUN_CLEAR    "rm_match_run_clear"
#define RM_Q_PAIR_INSERT        "rm_pair_insert"
#define RM_Q_PAIR_LIST          "rm_pair_list"
#define RM_Q_PAIR_MINE          "rm_pair_mine"

/* RM_Q_MATCH_CANDIDATES: accepted applicants and what the score reads */
enum { COL_MC_APP, COL_MC_ROLE, COL_MC_NAME, COL_MC_PRINCIPAL, COL_MC_MAIL,
       COL_MC_MANAGER, COL_MC_DEPARTMENT, COL_MC_LINE_MANAGER, COL_MC_TOPICS,
       COL_MC_GAINS, COL_MC_OFFERS, COL_MC_SLOTS, COL_MC_PREFER, COL_MC_AVOID,
       COL_MC_TRAINED, COL_MC_PAIRED, COL_MC_JOB, COL_MC_SCOPE, COL_MC_NCOLS };
/* RM_Q_MATCH_SETTINGS */
enum { COL_MS_TOPICS, COL_MS_GAIN, COL_MS_AVAILABILITY, COL_MS_PREF_MENTOR,
       COL_MS_PREF_SENIOR, COL_MS_DEPARTMENT, COL_MS_INSTITUTION };
/* RM_Q_MATCH_RULES */
enum { COL_MR_MENTOR, COL_MR_SENIOR, COL_MR_KIND, COL_MR_REASON };
/* RM_Q_MATCH_DRAFT / _NOW */
enum { COL_MD_MENTOR, COL_MD_SENIOR, COL_MD_SCORE, COL_MD_TOPICS, COL_MD_GAIN,
       COL_MD_AVAILABILITY, COL_MD_PREF, COL_MD_PINNED, COL_MD_MENTOR_PERSON,
       COL_MD_SENIOR_PERSON };
/* RM_Q_MATCH_RUN_GET */
enum { COL_RUN_AT, COL_RUN_BY_NAME, COL_RUN_NPAIRS, COL_RUN_TOTAL, COL_RUN_STALE };
/* RM_Q_PAIR_LIST */
enum { COL_PL_ID, COL_PL_MENTOR_NAME, COL_PL_SENIOR_NAME, COL_PL_STATUS, COL_PL_SCORE,
       COL_PL_CREATED };
/* RM_Q_PAIR_MINE: the requester's pairs, active ones first */
enum { COL_PM_ID, COL_PM_PROGRAMME, COL_PM_PROG_NAME, COL_PM_MY_ROLE,
       COL_PM_PARTNER_NAME, COL_PM_PARTNER_MAIL, COL_PM_SENIOR_LABEL, COL_PM_STATUS };

#define RM_A_MATCH_SETTINGS_PUT(F) \
    F(programme_id) F(w_topics) F(w_gain) F(w_availability) F(w_pref_mentor) \
    F(w_pref_senior) F(apart_department) F(apart_institution) F(updated_at)
#define RM_A_MATCH_DRAFT_ADD(F) \
    F(programme_id) F(mentor_app) F(senior_app) F(score) F(s_topics) F(s_gain) \
    F(s_availability) F(s_pref) F(pinned)

#endif
