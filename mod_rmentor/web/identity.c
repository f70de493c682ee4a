/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Who is asking.  The principal is r->user as the site's authentication module
 * (mod_shib, mod_auth_mellon, mod_auth_openidc) set it; attributes come only
 * from r->subprocess_env under configured names.  Request headers are never
 * read here: a client can send any header it likes.
 */
#include <string.h>
#include <strings.h>
#include <apr_strings.h>
#include <http_protocol.h>
#include <http_request.h>
#include <http_core.h>
#include "rm.h"
#include "core/federation.h"

APLOG_USE_MODULE(rmentor);

/* An attribute's values, split by the configured SSO module's rules (with
 * mod_auth_mellon's XML character references decoded first, when set), at
 * most max of them. */
static apr_array_header_t *attr_values(rm_req *rq, int which, int max)
{
    const char *var = rm_attr_var(rq->cfg, which);
    const char *raw = var ? apr_table_get(rq->r->subprocess_env, var) : NULL;
    rm_attr_syntax syn = rq->cfg->syntax;
    if (raw && strlen(raw) > 16384) raw = NULL;       /* no usable value */
    if (raw && rq->cfg->attr_xml) {
        raw = rm_attr_from_xml(rq->r->pool, raw, syn.delim);
        syn.esc = RM_ESC_FULL;
    }
    return rm_attr_split(rq->r->pool, raw, max, &syn);
}

/* An attribute's first value, trimmed and bounded; "" when absent or unusable. */
static const char *attr_first(rm_req *rq, int which, size_t max_chars)
{
    apr_array_header_t *v = attr_values(rq, which, 1);
    const char *s;
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

/* No principal: 401 and, where a sign-in handler is configured (lazy
 * sessions, e.g. MellonEnable info), a link to it.  The return address is
 * built only from the configured mount point, never from the request, so it
 * cannot be turned into an open redirect. */
static int rm_signin_page(rm_req *rq)
{
    request_rec *r = rq->r;
    apr_pool_t *p = r->pool;
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
    /* HTTP authentication (the demo's Basic): a 401 carries its challenge
     * (RFC 9110 11.6.1).  SAML and OIDC sign-in have no HTTP scheme: the
     * page's sign-in link is the way, as the SP modules' own pages do. */
    {
        const char *type = ap_auth_type(r);
        if (type && (!strcasecmp(type, "Basic") || !strcasecmp(type, "Digest")))
            ap_note_auth_failure(r);
    }
    return rm_page_send(pg, HTTP_UNAUTHORIZED);
}

/* A sector programme's sign-in (RMentorInstitution): the institution is
 * the one whose scope the person's scoped identifier carries, asserted by
 * an IdP that speaks for it (core/federation.c), else 403.  The principal
 * becomes that scoped identifier, so that two institutions' "jsmith" are
 * two people; the affiliation must then be of the same scope (above), and
 * roles are given only to the home institution's people. */
static int federated(rm_req *rq)
{
    request_rec *r = rq->r;
    rm_identity *id = &rq->id;
    apr_array_header_t *idp = attr_values(rq, RM_ATTR_IDP, 2);
    const char *scoped = rm_scope_of(id->principal) ? id->principal : id->eppn, *why;
    const char *scope = scoped && *scoped ? rm_scope_of(scoped) : NULL;
    rm_institution home = { rq->cfg->aff_scope, rq->cfg->site_name, rq->cfg->idps, 0, 0 };
    const rm_institution *in;
    rm_fed_status st;
    int which;

    /* the home institution, else the one with this scope (an index: a
     * federation's metadata may list hundreds) */
    in = scope && home.scope && !strcasecmp(scope, home.scope) ? &home
                                                               : rm_institution_find(rq->cfg, scope);
    st = !scope ? RM_FED_UNSCOPED
         : !in  ? RM_FED_UNKNOWN_SCOPE
                : rm_fed_institution(in, 1, scope,
                                     idp->nelts == 1 ? ((const char **)idp->elts)[0] : NULL,
                                     &which);
    if (st == RM_FED_OK && in->valid_until && apr_time_now() >= in->valid_until)
        st = RM_FED_STALE;
    if (st != RM_FED_OK) {
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, RM_TAG "refused %s: %s (%s)",
                      id->principal, rm_fed_status_text(st), rm_attr_var(rq->cfg, RM_ATTR_IDP));
        why = st == RM_FED_UNSCOPED
              ? "Your sign-in did not say which institution you belong to, so this service "
                "cannot tell who you are. Contact your institution's IT service desk."
              : st == RM_FED_UNKNOWN_SCOPE
              ? "Your institution is not one of those taking part in this programme. If you "
                "think it should be, contact the programme team."
              : st == RM_FED_STALE
              ? "This service's list of the federation's institutions is out of date, so "
                "it cannot check sign-ins from your institution just now. The service's IT "
                "team has been told; please try again later."
              : "You signed in through an organisation that does not speak for the "
                "institution your account names, so the sign-in is not accepted. Sign in "
                "through your own institution.";
        return rm_error_page(rq, HTTP_FORBIDDEN, "Sign-in not accepted", why);
    }
    id->principal = scoped;
    id->scope = in->scope;
    id->institution = in->name;
    /* roles: below, only when the scope is the home institution's */
    return OK;
}

int rm_identity_resolve(rm_req *rq)
{
    request_rec *r = rq->r;
    rm_identity *id = &rq->id;
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
    /* eduPersonPrincipalName as HR's export names the person: the
     * attribute when sent, else the principal when it is scoped */
    {
        apr_array_header_t *pn = attr_values(rq, RM_ATTR_PRINCIPAL_NAME, 1);
        const char *e = pn->nelts ? ((char **)pn->elts)[0] : id->principal;
        id->eppn = e && rm_scope_of(e) && strlen(e) <= 256 ? e : "";
    }
    id->manager = attr_first(rq, RM_ATTR_MANAGER, 256);
    id->scope = "";
    id->institution = "";
    id->entitlements = attr_values(rq, RM_ATTR_ENTITLEMENT, 256);

    /* A sector programme (RMentorInstitution): the institution decided by
     * the scope and the asserting IdP (below); otherwise the identity
     * provider that asserted this sign-in, when the site names its own: a
     * federation's other IdPs are refused outright. */
    if (rq->cfg->institutions->nelts) {
        int rc = federated(rq);
        if (rc != OK) return rc;
    }
    else if (rq->cfg->idps->nelts) {
        apr_array_header_t *idp = attr_values(rq, RM_ATTR_IDP, 1);
        if (idp->nelts != 1 || !listed(rq->cfg->idps, ((char **)idp->elts)[0])) {
            ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, RM_TAG "refused %s: "
                          "signed in through an identity provider that is not "
                          "RMentorIdentityProvider (%s %s)", id->principal,
                          rm_attr_var(rq->cfg, RM_ATTR_IDP),
                          idp->nelts ? "not listed" : "unset");
            return rm_error_page(rq, HTTP_FORBIDDEN, "Sign-in not accepted",
                                 "You signed in through an organisation whose "
                                 "sign-in this service does not accept. Sign in "
                                 "with your account at this university.");
        }
    }

    /* Staff: a staff affiliation within the institution's scope.  Nothing
     * else makes a person staff, a role least of all: entitlements carry no
     * scope, and any IdP of a federation could send the admin value. */
    affs = attr_values(rq, RM_ATTR_AFFILIATION, 64);
    for (int i = 0; i < affs->nelts && !id->is_staff; i++)
        id->is_staff = rm_affiliation_match(((char **)affs->elts)[i],
                                            rq->cfg->staff_kinds,
                                            *id->scope ? id->scope : rq->cfg->aff_scope);
    /* Roles: only for staff whose scoped principal (r->user when scoped,
     * else eduPersonPrincipalName when sent) is within the scope too. */
    if (id->is_staff) {
        const char *scope = rm_scope_of(id->principal);
        if (!scope) {
            apr_array_header_t *eppn = attr_values(rq, RM_ATTR_PRINCIPAL_NAME, 1);
            if (eppn->nelts) scope = rm_scope_of(((char **)eppn->elts)[0]);
        }
        /* the institution, as the matching compares it: never a form field
         * (a sector programme's was decided above, and is the same) */
        if (scope && strlen(scope) <= 200 && !*id->scope) id->scope = scope;
        if (scope && rq->cfg->aff_scope && strcasecmp(scope, rq->cfg->aff_scope)) {
            ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, RM_TAG "no roles for %s: "
                          "principal outside RMentorAffiliationScope", id->principal);
        }
        else {
            for (int i = 0; i < RM_ROLE_COUNT; i++) {
                const apr_array_header_t *ents = rq->cfg->role_ent[i];
                int granted = listed(rq->cfg->role_user[i], id->principal);
                for (int k = 0; !granted && k < ents->nelts; k++)
                    granted = rm_list_has(id->entitlements,
                                          ((const char *const *)ents->elts)[k]);
                if (granted) id->roles |= (1 << i);
            }
        }
        /* An institution's local admin (RMentorInstitutionAdmin): for the
         * institution decided above, whose IdP alone asserted this sign-in
         * and its entitlements (federated) */
        if (rq->cfg->institutions->nelts && *id->scope) {
            const apr_array_header_t *la = rq->cfg->inst_admins;
            for (int i = 0; i < la->nelts; i++) {
                const rm_inst_admin *ia = &APR_ARRAY_IDX(la, i, rm_inst_admin);
                if (strcasecmp(ia->scope, id->scope)) continue;
                if (ia->entitlement ? rm_list_has(id->entitlements, ia->who)
                                    : !strcasecmp(ia->who, id->principal)) {
                    id->roles |= RM_ROLE_LOCAL_ADMIN;
                    break;
                }
            }
        }
    }
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
