/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Data protection.  Everyone signed in reads everything the module holds
 * about them (/my-data) and downloads it as XML or JSON.  The
 * data-protection role (RMentorRoleUser/Entitlement dpo) finds a person,
 * erases them with a recorded reason, reads the purge runs and the
 * retention settings, and reads the audit trail.  Every other role: 404 on
 * /dp.  The retention purge runs from rmentorctl (cli/dp.c).  Macros only.
 */
#ifndef RM_AREA_DP_H
#define RM_AREA_DP_H

#define RM_dp_ROUTES(R) \
    R("GET",  "/my-data",                 rm_page_my_data)         \
    R("GET",  "/my-data.xml",             rm_page_my_data_xml)     \
    R("GET",  "/my-data.json",            rm_page_my_data_json)    \
    R("GET",  "/dp",                      rm_page_dp)              \
    R("GET",  "/dp/audit",                rm_page_dp_audit)        \
    R("GET",  "/dp/people/#",             rm_page_dp_person)       \
    R("POST", "/dp/people/#/erase",       rm_page_dp_erase_post)

#define RM_dp_NOTICES(N) \
    N("erased", "The person was erased. What they wrote is blank, their name and identifiers are replaced by a pseudonym, and the figures they counted in are kept.") \
    N("already_erased", "This person had already been erased. Nothing changed.")

/* everyone's /my-data is linked from every page's footer (web/html.c) */
#define RM_dp_NAV(V) V("Data protection", "/dp", RM_ROLE_DPO)

/* statements (dp_sql.c); the subject-access sections' own are listed in
 * dp_data.c's table */
#define RM_Q_DP_PERSON_GET     "rm_dp_person_get"
#define RM_Q_DP_PERSON_FIND    "rm_dp_person_find"
#define RM_Q_DP_PERSON_BY_PRINCIPAL "rm_dp_person_by_principal"
#define RM_Q_DP_ERASURES       "rm_dp_erasures"
#define RM_Q_DP_PURGES         "rm_dp_purges"
#define RM_Q_DP_AUDIT          "rm_dp_audit"
#define RM_Q_DP_AUDIT_ACTOR    "rm_dp_audit_actor"
#define RM_Q_DP_APP_IDS        "rm_dp_app_ids"

/* RM_Q_DP_PERSON_GET / FIND / BY_PRINCIPAL: */
enum { COL_DPP_ID, COL_DPP_PRINCIPAL, COL_DPP_NAME, COL_DPP_MAIL, COL_DPP_DEPARTMENT,
       COL_DPP_FIRST, COL_DPP_LAST, COL_DPP_ERASED };
/* RM_Q_DP_ERASURES: at, actor, source, person id, their (pseudonymous) name */
enum { COL_DPE_AT, COL_DPE_ACTOR, COL_DPE_SOURCE, COL_DPE_PERSON, COL_DPE_NAME };
/* RM_Q_DP_PURGES: id, at, actor, the six counts */
enum { COL_DPU_ID, COL_DPU_AT, COL_DPU_ACTOR, COL_DPU_APPLICATIONS, COL_DPU_NOTES,
       COL_DPU_CHECKINS, COL_DPU_EVALUATIONS, COL_DPU_REST, COL_DPU_PEOPLE };
/* RM_Q_DP_AUDIT: at, actor, action, entity, entity_id, detail */
enum { COL_DPA_AT, COL_DPA_ACTOR, COL_DPA_ACTION, COL_DPA_ENTITY, COL_DPA_ENTITY_ID,
       COL_DPA_DETAIL };

/* the audit filters: action prefix (LIKE, "" any), entity ("" any), entity
 * id (0: any), from, to (unix seconds), then limit and offset for the page;
 * RM_Q_DP_AUDIT_ACTOR takes the actor first */
#define RM_A_DP_AUDIT(F) F(action) F(action2) F(entity) F(entity2) \
                         F(entity_id) F(entity_id2) F(from) F(to) F(limit) F(offset)
#define RM_A_DP_AUDIT_ACTOR(F) F(actor) RM_A_DP_AUDIT(F)

#endif
