/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Request plumbing: security headers, bounded form bodies, CSRF and origin
 * checks, post/redirect/get, and error pages that never show internals.
 */
#include <string.h>
#include <strings.h>
#include <apr_strings.h>
#include <http_protocol.h>
#include <http_request.h>
#include <http_core.h>
#include "rm.h"
#include "core/multipart.h"

APLOG_USE_MODULE(rmentor);

#define RM_MAX_FIELDS 64
#define RM_MAX_VALUE 16384

void rm_security_headers(request_rec *r, int personal)
{
    apr_table_t *h = r->err_headers_out;   /* kept on error responses too */
    apr_table_setn(h, "Content-Security-Policy",
                   "default-src 'none'; style-src 'self'; img-src 'self'; "
                   "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    apr_table_setn(h, "X-Content-Type-Options", "nosniff");
    apr_table_setn(h, "X-Frame-Options", "DENY");
    apr_table_setn(h, "Referrer-Policy", "same-origin");
    apr_table_setn(h, "Cross-Origin-Opener-Policy", "same-origin");
    if (personal) {
        apr_table_setn(h, "Cache-Control", "no-store");
        apr_table_setn(h, "Pragma", "no-cache");
    }
}

int rm_error_page(rm_req *rq, int status, const char *title,
                  const char *message)
{
    rm_page *pg = rm_page_new(rq, title);
    rm_el(pg->main, "p", message);
    if (rq->id.principal && status != HTTP_UNAUTHORIZED)
        rm_link(rm_el(pg->main, "p", NULL), rm_url(rq, "/"),
                "Go to the mentoring home page");
    return rm_page_send(pg, status);
}

/* A path-only Location (RFC 7231 allows it): built from the configured mount
 * and our own ids, it cannot follow a forged Host header off the site. */
int rm_redirect(rm_req *rq, const char *path)
{
    request_rec *r = rq->r;
    if (rm_already_responded(rq)) return DONE;
    apr_table_setn(r->headers_out, "Location", rm_url(rq, path));
    r->status = HTTP_SEE_OTHER;
    ap_set_content_length(r, 0);
    return DONE;
}

static int same_origin(request_rec *r)
{
    const char *origin = apr_table_get(r->headers_in, "Origin");
    const char *site = apr_table_get(r->headers_in, "Sec-Fetch-Site");
    if (site && strcasecmp(site, "same-origin") != 0 && strcasecmp(site, "none") != 0)
        return 0;
    if (origin) {
        /* ap_construct_url omits a default port, as browsers do in Origin */
        char *self = ap_construct_url(r->pool, "/", r);
        size_t n = strlen(self) - 1;          /* without the trailing '/' */
        if (strlen(origin) != n || strncasecmp(origin, self, n) != 0)
            return 0;
    }
    return 1;
}

int rm_check_csrf(rm_req *rq)
{
    const char *tok = rq->form ? apr_table_get(rq->form, "csrf") : NULL;
    rm_token_status st;
    if (!same_origin(rq->r)) {
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, rq->r,
                      RM_TAG "refused cross-site POST by %s", rq->id.principal);
        return rm_error_page(rq, HTTP_FORBIDDEN, "Request refused",
                             "This form was sent from another site, so it was "
                             "refused. Nothing was changed.");
    }
    st = rm_token_check(tok, rq->cfg->secret, rq->cfg->secret_len,
                        rq->id.principal, rq->r->uri,
                        (long long)apr_time_sec(rq->now), rq->cfg->token_lifetime);
    if (st != RM_TOKEN_OK) {
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, rq->r,
                      RM_TAG "refused POST by %s: form token %s", rq->id.principal,
                      rm_token_status_text(st));
        return rm_error_page(rq, HTTP_FORBIDDEN,
                             st == RM_TOKEN_EXPIRED ? "This form has expired"
                                                    : "Form not accepted",
                             st == RM_TOKEN_EXPIRED
                             ? "The form was open for too long, so it was not "
                               "accepted. Nothing was changed. Go back, reload "
                               "the page and send it again."
                             : "The form did not carry a valid security token, so "
                               "it was not accepted. Nothing was changed. Go back, "
                               "reload the page and send it again.");
    }
    return OK;
}

/* The request body, up to max bytes, NUL-terminated.  what: "form" or
 * "file", for the messages. */
int rm_read_body(rm_req *rq, apr_off_t max, const char *what, char **out,
                 apr_size_t *outlen)
{
    request_rec *r = rq->r;
    int form = !strcmp(what, "form");
    const char *title = form ? "Form not accepted" : "File not accepted";
    const char *big_title = form ? "Form too large" : "File too large";
    const char *big = form ? "The form sent more data than this service accepts. "
                             "Nothing was changed. Shorten your answers and try again."
                           : apr_psprintf(r->pool, "The file is larger than this service "
                                          "accepts (%" APR_OFF_T_FMT " bytes). Nothing "
                                          "was changed. Split it and send each part.", max);
    char *buf;
    apr_size_t len = 0;
    long got;
    int rc;

    if ((rc = ap_setup_client_block(r, REQUEST_CHUNKED_DECHUNK)) != OK)
        return rm_error_page(rq, HTTP_BAD_REQUEST, title,
                             apr_pstrcat(r->pool, "The ", what, " could not be read. "
                                         "Nothing was changed.", NULL));
    if (r->remaining > max) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                      RM_TAG "refused body of %" APR_OFF_T_FMT " bytes", r->remaining);
        return rm_error_page(rq, HTTP_REQUEST_ENTITY_TOO_LARGE, big_title, big);
    }
    buf = apr_palloc(r->pool, (apr_size_t)max + 1);
    if (ap_should_client_block(r)) {
        while ((got = ap_get_client_block(r, buf + len, (apr_size_t)max + 1 - len)) > 0) {
            len += (apr_size_t)got;
            if ((apr_off_t)len > max)
                return rm_error_page(rq, HTTP_REQUEST_ENTITY_TOO_LARGE, big_title, big);
        }
        if (got < 0) {
            ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                          RM_TAG "request body incomplete or timed out");
            r->connection->keepalive = AP_CONN_CLOSE;
            return rm_error_page(rq, HTTP_BAD_REQUEST, title,
                                 apr_pstrcat(r->pool, "The ", what, " did not arrive "
                                             "complete. Nothing was changed. Please send "
                                             "it again.", NULL));
        }
    }
    buf[len] = '\0';
    *out = buf;
    *outlen = len;
    return OK;
}

int rm_read_upload(rm_req *rq, apr_off_t max, int max_parts)
{
    request_rec *r = rq->r;
    const char *ct = apr_table_get(r->headers_in, "Content-Type"), *err = NULL;
    char *buf;
    apr_size_t len;
    rm_mp_part *parts;
    int nparts, i, rc;

    rq->form = apr_table_make(r->pool, 4);
    if (!ct || strncasecmp(ct, "multipart/form-data", 19) != 0)
        return rm_error_page(rq, HTTP_UNSUPPORTED_MEDIA_TYPE, "File not accepted",
                             "The file was sent in a format this service does not "
                             "accept. Nothing was changed. Use the form on the page.");
    /* the form's own fields and headers beside the file */
    if ((rc = rm_read_body(rq, max + 16384, "file", &buf, &len)) != OK) return rc;
    if (rm_multipart_parse(r->pool, ct, buf, len, max_parts, &parts, &nparts, &err) != 0) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, RM_TAG "refused multipart body");
        return rm_error_page(rq, HTTP_BAD_REQUEST, "File not accepted",
                             apr_pstrcat(r->pool, "The form could not be read: ", err,
                                         ". Nothing was changed.", NULL));
    }
    for (i = 0; i < nparts; i++) {
        if (parts[i].filename) {
            if (rq->upload) {
                return rm_error_page(rq, HTTP_BAD_REQUEST, "File not accepted",
                                     "Send one file at a time. Nothing was changed.");
            }
            if ((apr_off_t)parts[i].len > max)
                return rm_error_page(rq, HTTP_REQUEST_ENTITY_TOO_LARGE, "File too large",
                                     apr_psprintf(r->pool, "The file is larger than this "
                                                  "service accepts (%" APR_OFF_T_FMT
                                                  " bytes). Nothing was changed.", max));
            rq->upload = parts[i].data;
            rq->upload_len = parts[i].len;
            rq->upload_name = parts[i].filename;
        }
        else if (parts[i].len > RM_MAX_VALUE) {
            return rm_error_page(rq, HTTP_REQUEST_ENTITY_TOO_LARGE, "Form not accepted",
                                 "A field of the form is longer than this service accepts. "
                                 "Nothing was changed.");
        }
        else if (!rm_utf8_valid(parts[i].data, parts[i].len)
                 || memchr(parts[i].data, '\0', parts[i].len)) {
            return rm_error_page(rq, HTTP_BAD_REQUEST, "Form not accepted",
                                 "A field of the form is not valid text (UTF-8). Nothing was "
                                 "changed.");
        }
        else {
            apr_table_setn(rq->form, parts[i].name,
                           apr_pstrmemdup(r->pool, parts[i].data, parts[i].len));
        }
    }
    return OK;
}

int rm_read_form(rm_req *rq)
{
    request_rec *r = rq->r;
    const char *ct = apr_table_get(r->headers_in, "Content-Type");
    char *buf;
    apr_size_t len = 0;
    rm_form_status st;
    int rc;

    rq->form = apr_table_make(r->pool, 16);
    if (!ct || strncasecmp(ct, "application/x-www-form-urlencoded", 33) != 0
        || (ct[33] && ct[33] != ';' && ct[33] != ' ')) {
        return rm_error_page(rq, HTTP_UNSUPPORTED_MEDIA_TYPE, "Form not accepted",
                             "The form was sent in a format this service does not "
                             "accept. Nothing was changed.");
    }
    if ((rc = rm_read_body(rq, rq->cfg->max_body, "form", &buf, &len)) != OK) return rc;
    st = rm_form_parse(r->pool, buf, len, RM_MAX_FIELDS, RM_MAX_VALUE, rq->form);
    if (st != RM_FORM_OK) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                      RM_TAG "refused form body: %s", rm_form_status_text(st));
        return rm_error_page(rq, st == RM_FORM_TOO_LONG
                                 ? HTTP_REQUEST_ENTITY_TOO_LARGE : HTTP_BAD_REQUEST,
                             "Form not accepted", apr_pstrcat(r->pool,
                             rm_form_status_text(st), " Nothing was changed.", NULL));
    }
    return OK;
}
