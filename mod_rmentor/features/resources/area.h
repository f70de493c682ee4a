/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The resources hub ("Let's talk about Race"): anti-racism toolkits,
 * guidance, films, reports and links that the service's admins curate,
 * each for an audience: every member of staff, the participants and team
 * of one programme, or the holders of one role (the Mentors or the Senior
 * Mentors of any programme, facilitators, HR, admins).  Staff browse and
 * search them (full-text over title, description and topics: SQLite FTS5
 * and PostgreSQL full-text search, one behaviour, core/resource.c), filter
 * by kind and topic; a programme's page lists its related resources.  A
 * resource is a link or an uploaded file, kept outside the web root under
 * its SHA-256 and served by the module alone, to its audience.  Anyone
 * outside a resource's audience, and anyone but an admin on the curators'
 * pages, gets 404.  Macros only.
 */
#ifndef RM_AREA_RESOURCES_H
#define RM_AREA_RESOURCES_H

#define RM_resources_ROUTES(R) \
    R("GET",    "/resources",                   rm_page_resources)          \
    R("GET",    "/resources/#",                 rm_page_resource)           \
    R("GET",    "/resources/#/file",            rm_page_resource_file)      \
    R("GET",    "/admin/resources",             rm_page_resources_admin)    \
    R("GET",    "/admin/resources/new",         rm_page_resource_new)       \
    R("UPLOAD", "/admin/resources",             rm_page_resource_add_post)  \
    R("GET",    "/admin/resources/#",           rm_page_resource_edit)      \
    R("UPLOAD", "/admin/resources/#",           rm_page_resource_edit_post) \
    R("POST",   "/admin/resources/#/withdraw",  rm_page_resource_withdraw_post) \
    R("POST",   "/admin/resources/#/restore",   rm_page_resource_restore_post)

#define RM_resources_NOTICES(N) \
    N("resource-added",     "The resource has been added.")                  \
    N("resource-saved",     "The resource has been saved.")                  \
    N("resource-withdrawn", "The resource has been withdrawn: it is no longer listed or served.") \
    N("resource-restored",  "The resource is listed again.")

/* linked from the home page (the header has no room at 320 px) */
#define RM_resources_NAV(V)

#define RM_Q_RES_ASKER         "rm_res_asker"
#define RM_Q_RES_LIST          "rm_res_list"
#define RM_Q_RES_COUNT         "rm_res_count"
#define RM_Q_RES_SEARCH        "rm_res_search"
#define RM_Q_RES_SEARCH_COUNT  "rm_res_search_count"
#define RM_Q_RES_TOPICS        "rm_res_topics"
#define RM_Q_RES_GET           "rm_res_get"
#define RM_Q_RES_GET_NOW       "rm_res_get_now"
#define RM_Q_RES_GET_VISIBLE   "rm_res_get_visible"
#define RM_Q_RES_RELATED       "rm_res_related"
#define RM_Q_RES_ADMIN_LIST    "rm_res_admin_list"
#define RM_Q_RES_ADMIN_COUNT   "rm_res_admin_count"
#define RM_Q_RES_PROGRAMMES    "rm_res_programmes"
#define RM_Q_RES_INSERT        "rm_res_insert"
#define RM_Q_RES_UPDATE        "rm_res_update"
#define RM_Q_RES_WITHDRAW      "rm_res_withdraw"
#define RM_Q_RES_RESTORE       "rm_res_restore"
/* how many resources name a file (its SHA-256): rmentorctl dp purge removes
 * the files none names (cli/dp.c) */
#define RM_Q_RES_FILE_USED     "rm_res_file_used"

/* every statement that reads resources: the columns below, then the
 * related programme's name ('' when none) */
enum { COL_RS_ID, COL_RS_TITLE, COL_RS_KIND, COL_RS_DESCRIPTION, COL_RS_TOPICS, COL_RS_URL,
       COL_RS_SHA256, COL_RS_FILE_NAME, COL_RS_FILE_TYPE, COL_RS_FILE_SIZE, COL_RS_AUDIENCE,
       COL_RS_PROGRAMME, COL_RS_ROLE, COL_RS_ADDED_AT, COL_RS_UPDATED_AT, COL_RS_WITHDRAWN,
       COL_RS_PROG_NAME };

/* who is asking, for the statements that check the audience (RES_VISIBLE in
 * resources_sql.c): admin (1: an admin of the service, who sees every live
 * resource), their programmes twice (",3,7,"), their roles twice
 * (",mentor,facilitator,") */
#define RM_A_RES_WHO(F) F(admin) F(programmes1) F(programmes2) F(roles1) F(roles2)

#define RM_A_RES_INSERT(F) \
    F(title) F(kind) F(description) F(topics) F(url) F(file_sha256) F(file_name) \
    F(file_type) F(file_size) F(audience) F(programme_id) F(role) F(added_by) F(added_at) \
    F(updated_at)
#define RM_A_RES_UPDATE(F) \
    F(title) F(kind) F(description) F(topics) F(url) F(file_sha256) F(file_name) \
    F(file_type) F(file_size) F(audience) F(programme_id) F(role) F(updated_at) F(id)

#endif
