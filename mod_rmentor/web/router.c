/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The route table: method + path below the mount point -> one handler.
 * Every route runs after identity is resolved and the database is open; a
 * POST runs only after its body was read within bounds and its CSRF token and
 * origin were checked.  Each handler then checks role and ownership itself.
 */
#include <string.h>
#include <strings.h>
#include <http_protocol.h>
#include "pages.h"
#include "features/areas.h"

APLOG_USE_MODULE(rmentor);

static const rm_route routes[] = { RM_ROUTES(RM_ROUTE_ENTRY) };

#define RM_ROUTE_HANDLER(method, pattern, handler) handler,
static const rm_handler_fn handlers[] = { RM_ROUTES(RM_ROUTE_HANDLER) };

/* A form sent urlencoded (a story's form without its optional file: a
 * client that sends no file field) */
static int urlencoded(request_rec *r)
{
    const char *ct = apr_table_get(r->headers_in, "Content-Type");
    return ct && !strncasecmp(ct, "application/x-www-form-urlencoded", 33);
}

int rm_dispatch(rm_req *rq, const char *path)
{
    request_rec *r = rq->r;
    rm_route_match m;
    const char *method = r->method_number == M_GET ? "GET"
                       : r->method_number == M_POST ? "POST" : "";
    int rc;

    if ((rc = rm_parse_query(rq)) != OK) return rc;
    /* "UPLOAD" routes take a POST whose body is a file (multipart/form-data) */
    if (rm_route_find(routes, sizeof(routes) / sizeof(routes[0]), method, path,
                      &m) != 0
        && !(r->method_number == M_POST && m.path_matched
             && rm_route_find(routes, sizeof(routes) / sizeof(routes[0]), "UPLOAD",
                              path, &m) == 0)) {
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
    if (r->method_number == M_POST && !strcmp(routes[m.route - routes].method, "UPLOAD")
        && !(!strncmp(path, "/programmes/", 12) && urlencoded(r))) {
        /* the resources hub's form (features/resources) and a story's
         * (features/stories, whose captions file is optional: its form is
         * also taken urlencoded) have more fields and their own size; HR's
         * import (features/hr) the rest */
        int hub = !strncmp(path, "/admin/resources", 16);
        int story = !strncmp(path, "/programmes/", 12);
        apr_off_t max = hub ? (rq->cfg->resource_max ? rq->cfg->resource_max : RM_RESOURCE_MAX)
                      : story ? RM_CAPTIONS_MAX
                      : (rq->cfg->hr_import_max ? rq->cfg->hr_import_max : RM_HR_IMPORT_MAX);
        if ((rc = rm_read_upload(rq, max, hub || story ? 16 : 8)) != OK) return rc;
        if ((rc = rm_check_csrf(rq)) != OK) return rc;
    }
    else if (r->method_number == M_POST) {
        if ((rc = rm_read_form(rq)) != OK) return rc;
        if ((rc = rm_check_csrf(rq)) != OK) return rc;
    }
    else if ((rc = ap_discard_request_body(r)) != OK) {
        return rc;
    }
    if ((rc = rm_db_open(rq)) != OK) return rc;
    return handlers[m.route - routes](rq, &m);
}
