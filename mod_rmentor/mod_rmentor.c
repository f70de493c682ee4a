/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * mod_rmentor: reciprocal mentoring programmes inside the university's own
 * web server.  This file holds the module record and hooks, nothing else.
 */
#include <string.h>
#include <apr_strings.h>
#include <httpd.h>
#include <http_config.h>
#include <http_protocol.h>
#include <http_request.h>
#include <http_core.h>
#include <libxml/parser.h>
#include "rm.h"
#include "core/calfeed.h"
#include "features/calendar/calendar.h"
#include "features/hr/hr_web.h"

static int rm_handle(rm_req *rq)
{
    request_rec *r = rq->r;
    rm_dir_cfg *d = ap_get_module_config(r->per_dir_config, &rmentor_module);
    size_t blen;
    int rc;

    if (!d->base) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      RM_TAG "RMentorBasePath is not set in the <Location> that "
                      "has SetHandler rmentor; refusing to serve");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    rq->base = d->base;

    blen = strlen(rq->base);
    /* the stylesheet is public and cacheable: no personal-page headers */
    if (r->method_number == M_GET && strncmp(r->uri, rq->base, blen) == 0
        && strcmp(r->uri + blen, "/static/rmentor.css") == 0)
        return rm_send_stylesheet(r);
    rm_security_headers(r, 1);     /* every other answer is personal */
    /* The calendar feed: calendar clients cannot sign in, so this one path
     * prefix is served without identity, on the strength of the unguessable
     * token in it alone (features/calendar/feed_calendar.c: GET only, the
     * token's syntax checked first, 404 for anything but a live token).
     * Nothing else below the mount is reachable without identity. */
    if (strncmp(r->uri, rq->base, blen) == 0 && rm_calfeed_is_feed_path(r->uri + blen))
        return rm_calendar_feed(rq, r->uri + blen);
    /* An HR system identified by its TLS client certificate (RMentorHRClient)
     * reaches the HR export and import without signing in: rm_hr_machine
     * serves a verified, registered certificate, refuses any other (403),
     * and declines when there is no certificate or a person signed in. */
    if (strncmp(r->uri, rq->base, blen) == 0 && rm_hr_is_machine_path(r->uri + blen)
        && (rc = rm_hr_machine(rq, r->uri + blen)) != DECLINED)
        return rc;
    if (r->method_number != M_GET && r->method_number != M_POST) {
        apr_table_setn(r->err_headers_out, "Allow", "GET, HEAD, POST");
        return rm_error_page(rq, HTTP_METHOD_NOT_ALLOWED, "Not allowed",
                             "This page cannot be used that way.");
    }
    if (strncmp(r->uri, rq->base, blen) != 0
        || (r->uri[blen] != '\0' && r->uri[blen] != '/'))
        return HTTP_NOT_FOUND;

    if (!rq->cfg->secret) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      RM_TAG "RMentorSecretFile is not configured; refusing to serve");
        return rm_error_page(rq, HTTP_SERVICE_UNAVAILABLE, "Service unavailable",
                             "The mentoring service is not set up yet.");
    }
    if ((rc = rm_identity_resolve(rq)) != OK) return rc;
    {
        apr_time_exp_t t;
        apr_time_exp_lt(&t, rq->now);
        rq->today = apr_psprintf(r->pool, "%04d-%02d-%02d", t.tm_year + 1900,
                                t.tm_mon + 1, t.tm_mday);
    }
    return rm_dispatch(rq, r->uri + blen);
}

static int rm_handler(request_rec *r)
{
    rm_req *rq;
    int rc;
    if (!r->handler || strcmp(r->handler, "rmentor") != 0) return DECLINED;
    /* from the request pool: cleanups registered on r->pool refer to it */
    rq = apr_pcalloc(r->pool, sizeof(*rq));
    rq->r = r;
    rq->db = &rq->dbs;
    rq->cfg = ap_get_module_config(r->server->module_config, &rmentor_module);
    rq->now = r->request_time;
    rc = rm_handle(rq);
    if (rm_db_in_transaction(rq->db)) {
        /* a handler bug: end it now rather than when the request pool goes,
         * which may be long after the response (and holds other writers) */
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, RM_TAG "a transaction was "
                      "left open by the handler; rolled back");
        rm_db_end(rq->db, 0);
    }
    return rc;
}

static int rm_pre_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp)
{
    (void)plog; (void)ptemp;
    rm_db_register(pconf);
    return OK;
}

static int rm_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                          apr_pool_t *ptemp, server_rec *s)
{
    (void)plog; (void)ptemp;
    /* the secret is checked on every pass, so "apache2 -t" reports it */
    if (rm_config_check(pconf, s) != OK) return HTTP_INTERNAL_SERVER_ERROR;
    if (ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_CREATE_PRE_CONFIG)
        return OK;
    if (rm_db_post_config(pconf, s) != APR_SUCCESS) return HTTP_INTERNAL_SERVER_ERROR;
    if (rm_calendar_post_config(pconf, s) != OK) return HTTP_INTERNAL_SERVER_ERROR;
    if (rm_hr_post_config(pconf, s) != OK) return HTTP_INTERNAL_SERVER_ERROR;
    rm_cache_post_config(pconf, s);
    return OK;
}

static void rm_child_init(apr_pool_t *p, server_rec *s)
{
    xmlInitParser();   /* once per child; never xmlCleanupParser() */
    rm_srv_cfg *cfg = ap_get_module_config(s->module_config, &rmentor_module);
    rm_db_child_init(p, s);
    rm_cache_child_init(p, s, cfg->cache_on ? cfg->cache_bytes : 0);
    rm_pgnotify_child_init(p, s);
}

static void rm_register_hooks(apr_pool_t *p)
{
    (void)p;
    ap_hook_pre_config(rm_pre_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_post_config(rm_post_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_child_init(rm_child_init, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_handler(rm_handler, NULL, NULL, APR_HOOK_MIDDLE);
}

AP_DECLARE_MODULE(rmentor) = {
    STANDARD20_MODULE_STUFF,
    rm_create_dir_cfg,
    rm_merge_dir_cfg,
    rm_create_srv_cfg,
    rm_merge_srv_cfg,
    rm_cmds,
    rm_register_hooks,
    0
};
