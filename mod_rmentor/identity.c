/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Who is asking.  The principal is r->user as the site's authentication module
 * (mod_shib, mod_auth_mellon, mod_auth_openidc) set it; attributes come only
 * from r->subprocess_env under configured names.  Request headers are never
 * read here: a client can send any header it likes.
 */
#include <string.h>
#include <apr_strings.h>
#include "rm.h"

APLOG_USE_MODULE(rmentor);

/* An attribute's raw value from the environment, with XML character
 * references decoded when the SSO module passes XML text. */
static const char *attr_raw(rm_req *rq, int which)
{
    const char *raw = apr_table_get(rq->r->subprocess_env, rq->cfg->attr[which]);
    if (raw && rq->cfg->attr_xml) raw = rm_attr_from_xml(rq->r->pool, raw);
    return raw;
}

/* An attribute's first value, trimmed and bounded; "" when absent or unusable. */
static const char *attr_first(rm_req *rq, int which, size_t max_chars)
{
    const char *raw = attr_raw(rq, which);
    apr_array_header_t *v;
    const char *s;
    if (!raw || !*raw) return "";
    v = rm_attr_split(rq->r->pool, raw, 1);
    if (v->nelts == 0) return "";
    s = rm_trim(rq->r->pool, ((char **)v->elts)[0]);
    if (rm_check_text(rq->r->pool, "attribute", s, 0, max_chars, 0)) return "";
    return s;
}

static int listed(const apr_array_header_t *a, const char *v)
{
    for (int i = 0; i < a->nelts; i++)
        if (strcmp(((const char *const *)a->elts)[i], v) == 0) return 1;
    return 0;
}

int rm_has_role(const rm_req *rq, int role)
{
    return (rq->id.roles & role) != 0;
}

/* No principal: 401 and, where a sign-in handler is configured (lazy
 * sessions, e.g. MellonEnable info), a link to it.  The return address is
 * built only from the configured mount point, never from the request, so it
 * cannot be turned into an open redirect. */
static int rm_signin_page(rm_req *rq)
{
    apr_pool_t *p = rq->r->pool;
    rm_page *pg = rm_page_new(rq, "Please sign in");
    rm_el(pg->main, "p", "You are not signed in. This service is only for staff "
          "signed in through the university's single sign-on.");
    if (rq->cfg->signin_url) {
        const char *back = apr_pstrcat(p, rq->base, "/", NULL);
        const char *href = apr_pstrcat(p, rq->cfg->signin_url, "?",
                                       rq->cfg->signin_param, "=",
                                       rm_url_encode(p, back), NULL);
        xmlNodePtr a = rm_link(rm_el(pg->main, "p", NULL), href, "Sign in");
        rm_attr(a, "class", "button");
        rm_attr(a, "id", "sign-in");
    }
    else {
        rm_el(pg->main, "p", "Open the service again from the staff intranet.");
    }
    return rm_page_send(pg, HTTP_UNAUTHORIZED);
}

int rm_identity_resolve(rm_req *rq)
{
    request_rec *r = rq->r;
    rm_identity *id = &rq->id;
    const char *aff;
    apr_array_header_t *affs;

    memset(id, 0, sizeof(*id));
    if (!r->user || !*r->user) {
        /* With lazy sessions (a sign-in link configured) every visitor who
         * has not signed in yet lands here: that is routine, not a warning. */
        if (rq->cfg->signin_url)
            ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                          RM_TAG "not signed in: offering the sign-in link");
        else
            ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r,
                          RM_TAG "refused: no authenticated principal (r->user "
                          "unset); is the SSO module protecting this location?");
        return rm_signin_page(rq);
    }
    if (strlen(r->user) > 256 || !rm_utf8_valid(r->user, strlen(r->user))
        || rm_has_controls(r->user, 0)) {
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r,
                      RM_TAG "refused: unusable principal (length %lu)",
                      (unsigned long)strlen(r->user));
        return rm_error_page(rq, HTTP_FORBIDDEN, "Sign-in not accepted",
                             "Your sign-in did not carry a usable identity.");
    }
    id->principal = r->user;
    id->display_name = attr_first(rq, RM_ATTR_DISPLAY_NAME, 200);
    if (!*id->display_name) id->display_name = id->principal;
    id->mail = attr_first(rq, RM_ATTR_MAIL, 254);
    id->department = attr_first(rq, RM_ATTR_DEPARTMENT, 200);
    id->job_title = attr_first(rq, RM_ATTR_JOB_TITLE, 200);
    id->grade = attr_first(rq, RM_ATTR_GRADE, 32);
    id->staff_number = attr_first(rq, RM_ATTR_STAFF_NUMBER, 64);
    id->entitlement_raw = attr_raw(rq, RM_ATTR_ENTITLEMENT);
    if (id->entitlement_raw && strlen(id->entitlement_raw) > 16384)
        id->entitlement_raw = NULL;

    for (int i = 0; i < 3; i++) {
        const apr_array_header_t *ents = rq->cfg->role_ent[i];
        int granted = listed(rq->cfg->role_user[i], id->principal);
        for (int k = 0; !granted && k < ents->nelts; k++)
            granted = rm_attr_has(r->pool, id->entitlement_raw,
                                  ((const char *const *)ents->elts)[k]);
        if (granted) id->roles |= (1 << i);
    }

    aff = attr_raw(rq, RM_ATTR_AFFILIATION);
    affs = rm_attr_split(r->pool, aff, 64);
    for (int i = 0; i < affs->nelts && !id->is_staff; i++)
        id->is_staff = rm_affiliation_match(((char **)affs->elts)[i],
                                            rq->cfg->staff_kinds,
                                            rq->cfg->aff_scope);
    /* Configured role holders are staff by definition. */
    if (id->roles) id->is_staff = 1;
    if (!id->is_staff) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                      RM_TAG "refused %s: no staff affiliation", id->principal);
        return rm_error_page(rq, HTTP_FORBIDDEN, "This service is for staff",
                             "You are signed in, but your account does not carry "
                             "a staff affiliation, so you cannot use the mentoring "
                             "service. If you are a member of staff, contact the "
                             "IT service desk.");
    }
    return OK;
}
