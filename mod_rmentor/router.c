/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The route table: method + path below the mount point -> one handler.
 * Every route runs after identity is resolved and the database is open; a
 * POST runs only after its body was read within bounds and its CSRF token and
 * origin were checked.  Each handler then checks role and ownership itself.
 */
#include <string.h>
#include <http_protocol.h>
#include "pages.h"

APLOG_USE_MODULE(rmentor);

static const rm_route routes[] = {
    { 0,  "GET",  "/" },
    { 1,  "GET",  "/programmes/#" },
    { 2,  "GET",  "/programmes/#/apply/*" },
    { 3,  "POST", "/programmes/#/apply/*" },
    { 4,  "GET",  "/applications/#" },
    { 5,  "POST", "/applications/#/withdraw" },
    { 6,  "GET",  "/admin/programmes" },
    { 7,  "GET",  "/admin/programmes/new" },
    { 8,  "POST", "/admin/programmes/new" },
    { 9,  "GET",  "/admin/programmes/#/edit" },
    { 10, "POST", "/admin/programmes/#/edit" },
    { 11, "POST", "/admin/programmes/#/team" },
    { 12, "GET",  "/admin/programmes/#/applications" },
    { 13, "POST", "/admin/applications/#/decision" },
};

static const rm_handler_fn handlers[] = {
    rm_page_home, rm_page_programme, rm_page_apply_form, rm_page_apply_post,
    rm_page_application, rm_page_withdraw_post, rm_page_admin_programmes,
    rm_page_programme_form, rm_page_programme_post, rm_page_programme_form,
    rm_page_programme_post, rm_page_team_post, rm_page_admin_applications,
    rm_page_decide_post,
};

int rm_dispatch(rm_req *rq, const char *path)
{
    request_rec *r = rq->r;
    rm_route_match m;
    const char *method = r->method_number == M_GET ? "GET"
                       : r->method_number == M_POST ? "POST" : "";
    int rc;

    if ((rc = rm_parse_query(rq)) != OK) return rc;
    if (rm_route_find(routes, sizeof(routes) / sizeof(routes[0]), method, path,
                      &m) != 0) {
        if (m.path_matched) {
            apr_table_setn(r->err_headers_out, "Allow", "GET, HEAD, POST");
            return rm_error_page(rq, HTTP_METHOD_NOT_ALLOWED, "Not allowed",
                                 "This page cannot be used that way.");
        }
        return rm_error_page(rq, HTTP_NOT_FOUND, "Page not found",
                             "There is no page at this address. Check the address, "
                             "or start again from the home page.");
    }
    /* The body is read (and its token checked) before a database connection
     * is taken: a client trickling its body must not hold one of the
     * child's few connections while it does. */
    if (r->method_number == M_POST) {
        if ((rc = rm_read_form(rq)) != OK) return rc;
        if ((rc = rm_check_csrf(rq)) != OK) return rc;
    }
    else if ((rc = ap_discard_request_body(r)) != OK) {
        return rc;
    }
    if ((rc = rm_db_open(rq)) != OK) return rc;
    return handlers[m.route->id](rq, &m);
}
