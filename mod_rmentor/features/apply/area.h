/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The staff area: the home page, a programme, the two application forms, an
 * application and withdrawing it.  Everything the rest of the module needs to
 * know of the area is here, as macros (features/areas.h lists the areas):
 * its routes (method, pattern below the mount, handler), its statements'
 * labels (SQL in apply_sql.c), the notices its redirects name (?done=CODE)
 * and its entries in the page header's navigation (label, path, role).
 * Macros only, no includes: the route fuzz harness reads this file too.
 */
#ifndef RM_AREA_APPLY_H
#define RM_AREA_APPLY_H

#define RM_apply_ROUTES(R) \
    R("GET",  "/",                          rm_page_home)          \
    R("GET",  "/programmes/#",              rm_page_programme)     \
    R("GET",  "/programmes/#/apply/*",      rm_page_apply_form)    \
    R("POST", "/programmes/#/apply/*",      rm_page_apply_post)    \
    R("GET",  "/applications/#",            rm_page_application)   \
    R("POST", "/applications/#/withdraw",   rm_page_withdraw_post)

#define RM_apply_NOTICES(N) \
    N("submitted", "Your application has been submitted.")    \
    N("updated",   "Your application has been updated.")      \
    N("withdrawn", "Your application has been withdrawn.")

/* role 0: everyone signed in */
#define RM_apply_NAV(V) \
    V("Home", "/", 0)

#define RM_Q_APP_GET             "rm_app_get"
#define RM_Q_APP_PAGE            "rm_app_page"
#define RM_Q_APP_MINE_IN         "rm_app_mine_in"
#define RM_Q_APP_INSERT          "rm_app_insert"
#define RM_Q_APP_UPDATE          "rm_app_update"
#define RM_Q_APP_WITHDRAW        "rm_app_withdraw"
#define RM_Q_APP_MINE            "rm_app_mine"

/* named arguments (data/rm_db.h), in the order of the placeholders */
#define RM_A_APP_ANSWERS(F) \
    F(self_identified) F(grade) F(grade_source) F(job_title) F(department)     \
    F(senior_role) F(gain) F(topics) F(availability) F(motivation)             \
    F(topic_codes) F(gain_codes) F(offer_codes) F(slots) F(prefer) F(avoid)    \
    F(line_manager)
#define RM_A_APP_INSERT(F) \
    F(programme_id) F(person_id) F(role) RM_A_APP_ANSWERS(F) F(created_at) F(updated_at)
#define RM_A_APP_UPDATE(F) RM_A_APP_ANSWERS(F) F(updated_at) F(id) F(person_id)

#endif
