/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * What every part of web/ asks of the request in progress: its URLs, its
 * roles, whether it has been answered, and its form tokens.  A leaf: it calls
 * nothing else of the module's, so identity.c, http.c and html.c depend on it
 * and not on each other in a circle (identity -> http -> html -> request).
 */
#include <string.h>
#include <apr_strings.h>
#include "rm.h"

APLOG_USE_MODULE(rmentor);

const char *rm_url(rm_req *rq, const char *path)
{
    return apr_pstrcat(rq->r->pool, rq->base, path, NULL);
}

int rm_has_role(const rm_req *rq, int role)
{
    return (rq->id.roles & role) != 0;
}

int rm_already_responded(rm_req *rq)
{
    if (!rq->responded) {
        rq->responded = 1;
        return 0;
    }
    ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, rq->r, RM_TAG "a second response "
                  "to one request was refused (a handler went on after sending)");
    return 1;
}

long long rm_token_bucket(const rm_req *rq)
{
    long long b = rq->cfg->token_lifetime / 4;
    return b > 600 ? 600 : b < 15 ? 15 : b;
}

long long rm_token_time(const rm_req *rq)
{
    /* the start of the current bucket: a token is the same for a person and
     * an action for up to 10 minutes, so a page with forms can be kept as
     * written for that long (html.c); it is accepted for the lifetime from
     * that start, so a form is good for at least lifetime - bucket */
    long long now = (long long)apr_time_sec(rq->now), b = rm_token_bucket(rq);
    return now - now % b;
}

const char *rm_csrf_token(rm_req *rq, const char *action)
{
    /* A token depends only on the principal, the action and the request's
     * time: a page with many forms posting to one action (a button per row)
     * computes its HMAC once. */
    if (rq->token && !strcmp(rq->token_action, action)) return rq->token;
    rq->token = rm_token_make(rq->r->pool, rq->cfg->secret, rq->cfg->secret_len,
                              rq->id.principal, action, rm_token_time(rq));
    rq->token_action = apr_pstrdup(rq->r->pool, action);
    return rq->token;
}

