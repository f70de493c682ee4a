/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The route table, once: method, pattern below the mount ('#' an id, '*' a
 * word of [a-z0-9-]) and handler.  First match wins.  The router expands it
 * with the handlers (router.c); the route fuzz harness expands it without
 * them (tests/fuzz/fuzz_route.c), so the harness always tests the table the
 * module serves.  This file includes nothing: the handler names are only
 * tokens here.
 */
#ifndef RM_ROUTES_H
#define RM_ROUTES_H

#define RM_ROUTES(R) \
    R("GET",  "/",                                  rm_page_home)               \
    R("GET",  "/programmes/#",                      rm_page_programme)          \
    R("GET",  "/programmes/#/apply/*",              rm_page_apply_form)         \
    R("POST", "/programmes/#/apply/*",              rm_page_apply_post)         \
    R("GET",  "/applications/#",                    rm_page_application)        \
    R("POST", "/applications/#/withdraw",           rm_page_withdraw_post)      \
    R("GET",  "/admin/programmes",                  rm_page_admin_programmes)   \
    R("GET",  "/admin/programmes/new",              rm_page_programme_form)     \
    R("POST", "/admin/programmes/new",              rm_page_programme_post)     \
    R("GET",  "/admin/programmes/#/edit",           rm_page_programme_form)     \
    R("POST", "/admin/programmes/#/edit",           rm_page_programme_post)     \
    R("POST", "/admin/programmes/#/team",           rm_page_team_post)          \
    R("GET",  "/admin/programmes/#/applications",   rm_page_admin_applications) \
    R("POST", "/admin/applications/#/decision",     rm_page_decide_post)

/* { id, method, pattern } for rm_route_find; a route's number is its place
 * in the table (the id is unused) */
#define RM_ROUTE_ENTRY(method, pattern, handler) { 0, method, pattern },

#endif
