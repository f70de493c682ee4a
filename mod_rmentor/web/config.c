/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Directives.  Every one is documented, with its default, in conf/rmentor.conf.
 */
#include <string.h>
#include <apr_strings.h>
#include <apr_file_io.h>
#include <apr_lib.h>
#include <http_core.h>
#include "rm.h"
#include "core/retention.h"
#include "core/mail.h"
#include "core/resource.h"
#include "core/federation.h"
#include "core/fedmeta.h"
#include "features/calendar/calendar.h"

APLOG_USE_MODULE(rmentor);

static const char *const attr_names[RM_ATTR_COUNT] = {
    "display_name", "mail", "affiliation", "entitlement", "department",
    "job_title", "grade", "staff_number", "principal_name", "idp", "manager"
};
/* Shibboleth SP's attribute-map.xml ids are the defaults.  The last two
 * depend on the SSO module (sso_vars) unless set. */
static const char *const attr_defaults[RM_ATTR_COUNT] = {
    "displayName", "mail", "affiliation", "entitlement", "ou",
    "title", "grade", "employeeNumber", NULL, NULL, "manager"
};
/* Per RMentorSSOModule: the principal's scoped name (eduPersonPrincipalName)
 * and the asserting IdP's entityID (OIDC: the issuer), as each module names
 * them in the environment. */
static const struct {
    const char *name, *principal_name, *idp;
    rm_attr_syntax syntax;
} sso_vars[] = {
    [RM_SSO_SHIBBOLETH] = { "shibboleth", "eppn", "Shib-Identity-Provider",
                            { ';', RM_ESC_SHIB } },
    [RM_SSO_MELLON]     = { "mellon", "MELLON_eppn", "MELLON_IDP",
                            { ';', RM_ESC_NONE } },
    [RM_SSO_OPENIDC]    = { "openidc", "OIDC_CLAIM_eduperson_principal_name",
                            "OIDC_CLAIM_iss", { ',', RM_ESC_NONE } },
};

const rm_institution *rm_institution_find(const rm_srv_cfg *c, const char *scope)
{
    char key[256];
    size_t n = scope ? strlen(scope) : 0;
    if (!c->institutions->nelts || n == 0) return NULL;
    if (c->inst_index && n < sizeof(key)) {
        for (size_t i = 0; i <= n; i++) key[i] = (char)apr_tolower(scope[i]);
        return apr_hash_get(c->inst_index, key, (apr_ssize_t)n);
    }
    for (int i = 0; i < c->institutions->nelts; i++)
        if (!strcasecmp(APR_ARRAY_IDX(c->institutions, i, rm_institution).scope, scope))
            return &APR_ARRAY_IDX(c->institutions, i, rm_institution);
    return NULL;
}

const char *rm_institution_name(const rm_srv_cfg *c, const char *scope)
{
    const rm_institution *in;
    if (!c->institutions->nelts || !scope || !*scope) return NULL;
    if (c->aff_scope && !strcasecmp(scope, c->aff_scope)) return c->site_name;
    in = rm_institution_find(c, scope);
    return in ? in->name : NULL;
}

const char *rm_attr_var(const rm_srv_cfg *c, int which)
{
    if (c->attr[which]) return c->attr[which];
    if (which == RM_ATTR_PRINCIPAL_NAME) return sso_vars[c->sso].principal_name;
    if (which == RM_ATTR_IDP) return sso_vars[c->sso].idp;
    return NULL;
}
static const char *const role_names[RM_ROLE_COUNT] = { "admin", "hr", "facilitator", "dpo" };

void *rm_create_srv_cfg(apr_pool_t *p, server_rec *s)
{
    rm_srv_cfg *c = apr_pcalloc(p, sizeof(*c));
    (void)s;
    c->token_lifetime = 7200;
    c->max_body = 65536;
    for (int i = 0; i < RM_ATTR_COUNT; i++) c->attr[i] = attr_defaults[i];
    c->staff_kinds = apr_array_make(p, 3, sizeof(char *));
    *(const char **)apr_array_push(c->staff_kinds) = "staff";
    *(const char **)apr_array_push(c->staff_kinds) = "employee";
    *(const char **)apr_array_push(c->staff_kinds) = "faculty";
    for (int i = 0; i < RM_ROLE_COUNT; i++) {
        c->role_ent[i] = apr_array_make(p, 2, sizeof(char *));
        c->role_user[i] = apr_array_make(p, 2, sizeof(char *));
    }
    c->grades = apr_array_make(p, 10, sizeof(char *));
    for (int g = 1; g <= 10; g++)
        *(const char **)apr_array_push(c->grades) = apr_itoa(p, g);
    c->schema_auto = 1;
    c->cache_on = 1;
    c->cache_bytes = 8192 * 1024;
    c->site_name = "Reciprocal mentoring";
    c->signin_param = "ReturnTo";
    c->sso = RM_SSO_SHIBBOLETH;
    c->syntax = sso_vars[RM_SSO_SHIBBOLETH].syntax;
    c->idps = apr_array_make(p, 1, sizeof(char *));
    c->hr_clients = apr_array_make(p, 2, sizeof(char *));
    c->hr_client_scopes = apr_array_make(p, 1, sizeof(char *));
    c->hesa = apr_table_make(p, 4);
    c->resource_types = apr_table_make(p, 4);
    c->institutions = apr_array_make(p, 2, sizeof(rm_institution));
    c->inst_admins = apr_array_make(p, 2, sizeof(rm_inst_admin));
    return c;
}

void *rm_merge_srv_cfg(apr_pool_t *p, void *basev, void *addv)
{
    rm_srv_cfg *b = basev, *a = addv, *c = apr_pcalloc(p, sizeof(*c));
    *c = *a;
    if (!a->secret_file) { c->secret_file = b->secret_file; }
    if (!a->set_token_lifetime) c->token_lifetime = b->token_lifetime;
    if (!a->set_max_body) c->max_body = b->max_body;
    if (!a->set_schema) c->schema_auto = b->schema_auto;
    if (!a->set_attr_xml) c->attr_xml = b->attr_xml;
    if (!a->set_grades) c->grades = b->grades;
    if (!a->set_staff) c->staff_kinds = b->staff_kinds;
    if (!a->aff_scope) c->aff_scope = b->aff_scope;
    if (!a->institutions->nelts) c->institutions = b->institutions;
    if (!a->inst_admins->nelts) c->inst_admins = b->inst_admins;
    if (!a->fedmeta_file) {
        c->fedmeta_file = b->fedmeta_file;
        c->fedmeta_cert = b->fedmeta_cert;
    }
    if (!a->set_sso) { c->sso = b->sso; c->syntax = b->syntax; }
    if (!a->idps->nelts) c->idps = b->idps;
    if (!a->signin_url) c->signin_url = b->signin_url;
    if (!a->tz_name) c->tz_name = b->tz_name;
    if (!a->hr_key_file) c->hr_key_file = b->hr_key_file;
    if (!a->hr_cert_file) c->hr_cert_file = b->hr_cert_file;
    if (!a->hr_clients->nelts) {
        c->hr_clients = b->hr_clients;
        c->hr_client_scopes = b->hr_client_scopes;
    }
    if (!a->hr_page_size) c->hr_page_size = b->hr_page_size;
    if (!a->set_hr_selfid) c->hr_selfid = b->hr_selfid;
    if (apr_is_empty_table(a->hesa)) c->hesa = b->hesa;
    if (!a->hr_import_max) c->hr_import_max = b->hr_import_max;
    for (int i = 0; i < RM_RET_KINDS; i++)
        if (!a->retention[i]) c->retention[i] = b->retention[i];
    if (!a->suppress_below) c->suppress_below = b->suppress_below;
    if (!a->resource_dir) c->resource_dir = b->resource_dir;
    if (!a->resource_max) c->resource_max = b->resource_max;
    if (apr_is_empty_table(a->resource_types)) c->resource_types = b->resource_types;
    if (!strcmp(a->signin_param, "ReturnTo")) c->signin_param = b->signin_param;
    if (!strcmp(a->site_name, "Reciprocal mentoring")) c->site_name = b->site_name;
    for (int i = 0; i < RM_ATTR_COUNT; i++)
        if (a->attr[i] == attr_defaults[i]) c->attr[i] = b->attr[i];
    for (int i = 0; i < RM_ROLE_COUNT; i++) {
        c->role_ent[i] = apr_array_append(p, b->role_ent[i], a->role_ent[i]);
        c->role_user[i] = apr_array_append(p, b->role_user[i], a->role_user[i]);
    }
    return c;
}

void *rm_create_dir_cfg(apr_pool_t *p, char *dir)
{
    rm_dir_cfg *d = apr_pcalloc(p, sizeof(*d));
    if (dir && dir[0] == '/' && !strpbrk(dir, "*?[(^$")) {
        size_t n = strlen(dir);
        while (n > 1 && dir[n - 1] == '/') n--;
        d->base = (n == 1) ? "" : apr_pstrmemdup(p, dir, n);
    }
    return d;
}

void *rm_merge_dir_cfg(apr_pool_t *p, void *basev, void *addv)
{
    rm_dir_cfg *b = basev, *a = addv, *d = apr_pcalloc(p, sizeof(*d));
    d->base = a->base ? a->base : b->base;
    return d;
}

static rm_srv_cfg *scfg(cmd_parms *cmd)
{
    return ap_get_module_config(cmd->server->module_config, &rmentor_module);
}

static const char *set_secret_file(cmd_parms *cmd, void *d, const char *arg)
{
    (void)d;
    scfg(cmd)->secret_file = ap_server_root_relative(cmd->pool, arg);
    if (!scfg(cmd)->secret_file)
        return apr_pstrcat(cmd->pool, "RMentorSecretFile: bad path ", arg, NULL);
    return NULL;
}

static const char *set_lifetime(cmd_parms *cmd, void *d, const char *arg)
{
    long v = 0;
    (void)d;
    if (rm_check_int(cmd->pool, "RMentorTokenLifetime", arg, 60, 86400 * 7, &v))
        return "RMentorTokenLifetime must be a number of seconds from 60 to 604800";
    scfg(cmd)->token_lifetime = (int)v;
    scfg(cmd)->set_token_lifetime = 1;
    return NULL;
}

static const char *set_max_body(cmd_parms *cmd, void *d, const char *arg)
{
    long v = 0;
    (void)d;
    if (rm_check_int(cmd->pool, "RMentorMaxBody", arg, 1024, 16 * 1024 * 1024, &v))
        return "RMentorMaxBody must be a number of bytes from 1024 to 16777216";
    scfg(cmd)->max_body = v;
    scfg(cmd)->set_max_body = 1;
    return NULL;
}

static const char *set_attribute(cmd_parms *cmd, void *d, const char *name,
                                 const char *var)
{
    (void)d;
    for (int i = 0; i < RM_ATTR_COUNT; i++) {
        if (strcmp(name, attr_names[i]) == 0) {
            if (!*var || strpbrk(var, " \t=")) return "RMentorAttribute: bad variable name";
            scfg(cmd)->attr[i] = apr_pstrdup(cmd->pool, var);
            return NULL;
        }
    }
    return apr_pstrcat(cmd->pool, "RMentorAttribute: unknown attribute '", name,
                       "' (known: display_name mail affiliation entitlement "
                       "department job_title grade staff_number principal_name "
                       "idp manager)", NULL);
}

static const char *set_staff_aff(cmd_parms *cmd, void *d, const char *arg)
{
    rm_srv_cfg *c = scfg(cmd);
    (void)d;
    if (!c->set_staff) {
        c->staff_kinds = apr_array_make(cmd->pool, 3, sizeof(char *));
        c->set_staff = 1;
    }
    *(const char **)apr_array_push(c->staff_kinds) = apr_pstrdup(cmd->pool, arg);
    return NULL;
}

static const char *set_sso(cmd_parms *cmd, void *d, const char *name,
                           const char *delim)
{
    rm_srv_cfg *c = scfg(cmd);
    (void)d;
    for (int i = 0; i < (int)(sizeof(sso_vars) / sizeof(sso_vars[0])); i++) {
        if (strcasecmp(name, sso_vars[i].name) != 0) continue;
        c->sso = i;
        c->syntax = sso_vars[i].syntax;
        c->set_sso = 1;
        if (delim) {
            if (i == RM_SSO_SHIBBOLETH)
                return "RMentorSSOModule: Shibboleth SP always joins values with ';'";
            if (strlen(delim) != 1 || delim[0] == '\\' || !apr_isprint(delim[0]))
                return "RMentorSSOModule: the delimiter must be one printable "
                       "character other than a backslash";
            c->syntax.delim = delim[0];
        }
        return NULL;
    }
    return "RMentorSSOModule must be shibboleth, mellon or openidc";
}

static const char *set_idp(cmd_parms *cmd, void *d, const char *arg)
{
    (void)d;
    if (!*arg || strpbrk(arg, " \t\"<>"))
        return "RMentorIdentityProvider: an entityID (or OIDC issuer) is a URI without spaces";
    *(const char **)apr_array_push(scfg(cmd)->idps) = apr_pstrdup(cmd->pool, arg);
    return NULL;
}

static const char *set_scope(cmd_parms *cmd, void *d, const char *arg)
{
    (void)d;
    if (!*arg || strpbrk(arg, "@ \t;,"))
        return "RMentorAffiliationScope must be a domain such as example.ac.uk";
    scfg(cmd)->aff_scope = apr_pstrdup(cmd->pool, arg);
    return NULL;
}

/* RMentorInstitution SCOPE "NAME" IDP [IDP ...]: another institution of a
 * sector programme, and the identity providers that speak for it */
static const char *set_institution(cmd_parms *cmd, void *d, int argc, char *const argv[])
{
    rm_srv_cfg *c = scfg(cmd);
    rm_institution *in;
    apr_array_header_t *idps;
    const char *e;
    (void)d;
    if (argc < 3)
        return "RMentorInstitution SCOPE \"NAME\" IDP [IDP ...]: the institution's scope, "
               "its name, and the entityID of each identity provider that speaks for it";
    if ((e = rm_fed_scope_check(argv[0])))
        return apr_pstrcat(cmd->pool, "RMentorInstitution ", argv[0], ": ", e, NULL);
    if (!*argv[1] || strlen(argv[1]) > 200 || strpbrk(argv[1], "<>\"\r\n\t"))
        return "RMentorInstitution: the name is 1 to 200 characters of plain text";
    for (int i = 0; i < c->institutions->nelts; i++)
        if (!strcasecmp(APR_ARRAY_IDX(c->institutions, i, rm_institution).scope, argv[0]))
            return apr_pstrcat(cmd->pool, "RMentorInstitution ", argv[0], " is listed twice",
                               NULL);
    idps = apr_array_make(cmd->pool, argc - 2, sizeof(const char *));
    for (int i = 2; i < argc; i++) {
        if (strpbrk(argv[i], " \t\"<>"))
            return "RMentorInstitution: an identity provider's entityID is a URI without "
                   "spaces";
        APR_ARRAY_PUSH(idps, const char *) = apr_pstrdup(cmd->pool, argv[i]);
    }
    in = apr_array_push(c->institutions);
    in->scope = apr_pstrdup(cmd->pool, argv[0]);
    in->name = apr_pstrdup(cmd->pool, argv[1]);
    in->idps = idps;
    return NULL;
}

/* RMentorFederationMetadata FILE CERT: the federation's signed metadata
 * aggregate, whose identity providers' scopes become this service's
 * institutions (read at start: fedmeta_load) */
static const char *set_fedmeta(cmd_parms *cmd, void *d, const char *file, const char *cert)
{
    rm_srv_cfg *c = scfg(cmd);
    (void)d;
    if (c->fedmeta_file) return "RMentorFederationMetadata is given once per server";
    c->fedmeta_file = ap_server_root_relative(cmd->pool, file);
    c->fedmeta_cert = ap_server_root_relative(cmd->pool, cert);
    if (!c->fedmeta_file || !c->fedmeta_cert)
        return "RMentorFederationMetadata FILE CERT: a bad path";
    return NULL;
}

/* RMentorInstitutionAdmin SCOPE WHO [WHO ...]: an institution's local
 * admins, each a principal of that scope (jsmith@b.ac.uk) or
 * entitlement=VALUE, counted only when that institution's IdP asserts it.
 * That the scope is an institution of the service is checked at start-up
 * (institutions_check), when every RMentorInstitution line has been read. */
static const char *set_inst_admin(cmd_parms *cmd, void *d, int argc, char *const argv[])
{
    rm_srv_cfg *c = scfg(cmd);
    const char *e;
    (void)d;
    if (argc < 2)
        return "RMentorInstitutionAdmin SCOPE WHO [WHO ...]: the institution's scope, then "
               "each of its local admins as a sign-in name of that scope "
               "(jsmith@b.ac.uk) or as entitlement=VALUE";
    if ((e = rm_fed_scope_check(argv[0])))
        return apr_pstrcat(cmd->pool, "RMentorInstitutionAdmin ", argv[0], ": ", e, NULL);
    for (int i = 1; i < argc; i++) {
        rm_inst_admin *ia;
        const char *w = argv[i];
        int ent = !strncmp(w, "entitlement=", 12);
        if (ent) w += 12;
        if (!*w || strlen(w) > 256 || strpbrk(w, " \t\"<>\r\n"))
            return apr_pstrcat(cmd->pool, "RMentorInstitutionAdmin ", argv[0], ": \"",
                               argv[i], "\" is not a sign-in name or entitlement=VALUE",
                               NULL);
        if (!ent && (!rm_scope_of(w) || strcasecmp(rm_scope_of(w), argv[0])))
            return apr_pstrcat(cmd->pool, "RMentorInstitutionAdmin ", argv[0], ": ", w,
                               " is not a sign-in name of ", argv[0], " (an institution's "
                               "local admins are its own people)", NULL);
        ia = apr_array_push(c->inst_admins);
        ia->scope = apr_pstrdup(cmd->pool, argv[0]);
        ia->who = apr_pstrdup(cmd->pool, w);
        ia->entitlement = ent;
    }
    return NULL;
}

static int role_index(const char *name)
{
    for (int i = 0; i < RM_ROLE_COUNT; i++)
        if (strcmp(name, role_names[i]) == 0) return i;
    return -1;
}

static const char *set_role_ent(cmd_parms *cmd, void *d, const char *role,
                                const char *value)
{
    int i = role_index(role);
    (void)d;
    if (i < 0) return "RMentorRoleEntitlement: role must be admin, hr, facilitator or dpo";
    *(const char **)apr_array_push(scfg(cmd)->role_ent[i]) = apr_pstrdup(cmd->pool, value);
    return NULL;
}

static const char *set_role_user(cmd_parms *cmd, void *d, const char *role,
                                 const char *value)
{
    int i = role_index(role);
    (void)d;
    if (i < 0) return "RMentorRoleUser: role must be admin, hr, facilitator or dpo";
    *(const char **)apr_array_push(scfg(cmd)->role_user[i]) = apr_pstrdup(cmd->pool, value);
    return NULL;
}

static const char *set_grades(cmd_parms *cmd, void *d, const char *arg)
{
    rm_srv_cfg *c = scfg(cmd);
    (void)d;
    if (!c->set_grades) {
        c->grades = apr_array_make(cmd->pool, 10, sizeof(char *));
        c->set_grades = 1;
    }
    if (strlen(arg) > 32) return "RMentorGradeScale: a grade name is longer than 32 characters";
    if (rm_grade_rank(c->grades, arg) >= 0) return "RMentorGradeScale: a grade is listed twice";
    *(const char **)apr_array_push(c->grades) = apr_pstrdup(cmd->pool, arg);
    return NULL;
}

static const char *set_schema(cmd_parms *cmd, void *d, const char *arg)
{
    (void)d;
    if (strcasecmp(arg, "auto") == 0) scfg(cmd)->schema_auto = 1;
    else if (strcasecmp(arg, "check") == 0) scfg(cmd)->schema_auto = 0;
    else return "RMentorSchema must be auto or check";
    scfg(cmd)->set_schema = 1;
    return NULL;
}

/* The cache is one per child process, so it is set for the whole server. */
static const char *set_cache(cmd_parms *cmd, void *d, int on)
{
    const char *err = ap_check_cmd_context(cmd, GLOBAL_ONLY);
    (void)d;
    if (err) return err;
    scfg(cmd)->cache_on = on;
    return NULL;
}

static const char *set_cache_size(cmd_parms *cmd, void *d, const char *arg)
{
    const char *err = ap_check_cmd_context(cmd, GLOBAL_ONLY);
    long v = 0;
    (void)d;
    if (err) return err;
    if (rm_check_int(cmd->pool, "RMentorCacheSize", arg, 64, 1024 * 1024, &v))
        return "RMentorCacheSize must be a number of kilobytes from 64 to 1048576";
    scfg(cmd)->cache_bytes = (apr_size_t)v * 1024;
    return NULL;
}

static const char *set_attr_encoding(cmd_parms *cmd, void *d, const char *arg)
{
    (void)d;
    if (strcasecmp(arg, "plain") == 0) scfg(cmd)->attr_xml = 0;
    else if (strcasecmp(arg, "xml") == 0) scfg(cmd)->attr_xml = 1;
    else return "RMentorAttributeEncoding must be plain or xml";
    scfg(cmd)->set_attr_xml = 1;
    return NULL;
}

static const char *set_site_name(cmd_parms *cmd, void *d, const char *arg)
{
    (void)d;
    scfg(cmd)->site_name = apr_pstrdup(cmd->pool, arg);
    return NULL;
}

/* RMentorMail*: read by `rmentorctl reminders run` (cli/reminders.c) from
 * this same configuration; the module only checks them, so that a mistake
 * shows at `apachectl -t` rather than in the night's job. */
static const char *set_mail_key(cmd_parms *cmd, void *d, const char *arg)
{
    const char *which = cmd->cmd->name;
    (void)d;
    if (!*arg || rm_has_controls(arg, 0))
        return apr_pstrcat(cmd->pool, which, " must not be empty or hold control characters",
                           NULL);
    if (!strcasecmp(which, "RMentorMailFrom") && !rm_mail_addr_ok(arg))
        return "RMentorMailFrom must be a plain address, like mentoring@example.ac.uk";
    if (!strcasecmp(which, "RMentorMailBaseURL")
        && ((strncmp(arg, "https://", 8) && strncmp(arg, "http://", 7))
            || strpbrk(arg, " \"<>")))
        return "RMentorMailBaseURL must be the site's http(s) address, like "
               "https://intranet.example.ac.uk/mentoring";
    if (!strcasecmp(which, "RMentorMailCommand") && arg[0] != '/')
        return "RMentorMailCommand must start with the sendmail program's absolute path";
    return NULL;
}

static const char *set_signin(cmd_parms *cmd, void *d, const char *url,
                              const char *param)
{
    (void)d;
    /* an absolute path on this server, or an https URL; never from requests */
    if (!((url[0] == '/' && url[1] != '/' && url[1] != '\\')
          || strncasecmp(url, "https://", 8) == 0))
        return "RMentorSignInURL must be a path starting with a single / or an https:// URL";
    if (strpbrk(url, "?#\"<> \t"))
        return "RMentorSignInURL must not hold a query, fragment, quotes or spaces";
    scfg(cmd)->signin_url = apr_pstrdup(cmd->pool, url);
    if (param) {
        for (const char *c = param; *c; c++)
            if (!apr_isalnum(*c) && *c != '_' && *c != '-')
                return "RMentorSignInURL: the parameter name must be a plain word";
        scfg(cmd)->signin_param = apr_pstrdup(cmd->pool, param);
    }
    return NULL;
}

/* the calendar feed's time zone (features/calendar), checked now so that
 * apache2 -t names an unknown one */
static const char *set_timezone(cmd_parms *cmd, void *d, const char *arg)
{
    const char *e;
    (void)d;
    if ((e = rm_calendar_zone_check(cmd->pool, arg))) return e;
    scfg(cmd)->tz_name = apr_pstrdup(cmd->pool, arg);
    return NULL;
}

static const char *set_hr_file(cmd_parms *cmd, void *d, const char *arg)
{
    rm_srv_cfg *c = scfg(cmd);
    const char *path = ap_server_root_relative(cmd->pool, arg);
    (void)d;
    if (!path) return apr_pstrcat(cmd->pool, cmd->cmd->name, ": bad path ", arg, NULL);
    if (!strcmp(cmd->cmd->name, "RMentorHRSigningKey")) c->hr_key_file = path;
    else c->hr_cert_file = path;
    return NULL;
}

/* RFC 2253 distinguished names as mod_ssl writes SSL_CLIENT_I_DN and
 * SSL_CLIENT_S_DN; compared exactly */
static const char *set_hr_client(cmd_parms *cmd, void *d, const char *issuer,
                                 const char *subject, const char *scope)
{
    rm_srv_cfg *c = scfg(cmd);
    const char *e;
    (void)d;
    if (scope && (e = rm_fed_scope_check(scope)))
        return apr_pstrcat(cmd->pool, "RMentorHRClient: the institution's scope ", scope,
                           ": ", e, NULL);
    if (!*issuer || !*subject || !strchr(issuer, '=') || !strchr(subject, '='))
        return "RMentorHRClient: give the issuer's and the subject's distinguished "
               "names as mod_ssl writes them, e.g. \"CN=HR CA,O=Example University,C=GB\" "
               "\"CN=hr-sync,O=Example University,C=GB\"";
    *(const char **)apr_array_push(c->hr_clients) = apr_pstrdup(cmd->pool, issuer);
    *(const char **)apr_array_push(c->hr_clients) = apr_pstrdup(cmd->pool, subject);
    *(const char **)apr_array_push(c->hr_client_scopes) = scope ? apr_pstrdup(cmd->pool, scope)
                                                                 : "";
    return NULL;
}

static const char *set_hr_page_size(cmd_parms *cmd, void *d, const char *arg)
{
    char *end;
    long v = strtol(arg, &end, 10);
    (void)d;
    if (*end || v < 1 || v > 50000)
        return "RMentorHRPageSize: a number of records from 1 to 50000";
    scfg(cmd)->hr_page_size = v;
    return NULL;
}

static const char *set_hr_selfid(cmd_parms *cmd, void *d, const char *arg)
{
    rm_srv_cfg *c = scfg(cmd);
    (void)d;
    c->set_hr_selfid = 1;
    if (!strcasecmp(arg, "none")) return NULL;
    if (!strcasecmp(arg, "xml")) c->hr_selfid |= RM_HR_SELFID_XML;
    else if (!strcasecmp(arg, "csv")) c->hr_selfid |= RM_HR_SELFID_CSV;
    else if (!strcasecmp(arg, "cli")) c->hr_selfid |= RM_HR_SELFID_CLI;
    else return "RMentorHRSelfIdentification: none, or any of xml csv cli";
    return NULL;
}

static const char *set_hesa(cmd_parms *cmd, void *d, const char *grade, const char *level)
{
    rm_srv_cfg *c = scfg(cmd);
    const char *l;
    (void)d;
    /* HESA contract levels: a letter and a digit (F1 ... O1, P0) */
    if (strlen(level) != 2 || !apr_isupper(level[0]) || !apr_isdigit(level[1]))
        return "RMentorHESALevel: GRADE LEVEL, the level a HESA contract level such "
               "as J0 or K0";
    for (l = grade; *l; l++)
        if (apr_iscntrl(*l)) return "RMentorHESALevel: bad grade";
    apr_table_set(c->hesa, grade, level);
    return NULL;
}

/* A size in bytes from 1 KiB to 256 MiB, for the directive of cmd */
static const char *set_bytes(cmd_parms *cmd, const char *arg, apr_off_t *out)
{
    char *end;
    apr_int64_t v = apr_strtoi64(arg, &end, 10);
    if (*end || v < 1024 || v > 256 * 1024 * 1024)
        return apr_pstrcat(cmd->pool, cmd->cmd->name, ": a size in bytes from 1024 to "
                           "268435456", NULL);
    *out = (apr_off_t)v;
    return NULL;
}

static const char *set_hr_import_max(cmd_parms *cmd, void *d, const char *arg)
{
    (void)d;
    return set_bytes(cmd, arg, &scfg(cmd)->hr_import_max);
}

/* RMentorRetention KIND MONTHS|never (core/retention.c) */
static const char *set_retention(cmd_parms *cmd, void *d, const char *kind,
                                 const char *months)
{
    int k = rm_ret_kind(kind), m = 0;
    const char *err = NULL;
    (void)d;
    if (k < 0)
        return "RMentorRetention: the kind must be applications, notes, checkins, "
               "evaluations or rest";
    if (rm_ret_parse_months(months, &m, &err) != 0)
        return apr_pstrcat(cmd->pool, "RMentorRetention ", kind, ": ", err, NULL);
    scfg(cmd)->retention[k] = m;
    return NULL;
}

static const char *set_suppress(cmd_parms *cmd, void *d, const char *arg)
{
    char *end;
    apr_int64_t v = apr_strtoi64(arg, &end, 10);
    (void)d;
    if (*end || v < 2 || v > 100)
        return "RMentorSuppressBelow: a number from 2 to 100 (figures under it are "
               "shown as \"fewer than N\")";
    scfg(cmd)->suppress_below = (int)v;
    return NULL;
}

/* RMentorResourceDir PATH: where uploaded resources are kept, outside
 * every DocumentRoot (checked at start-up, rm_config_check) */
static const char *set_resource_dir(cmd_parms *cmd, void *d, const char *arg)
{
    (void)d;
    if (arg[0] != '/')
        return "RMentorResourceDir: an absolute path, outside the web server's "
               "DocumentRoot";
    scfg(cmd)->resource_dir = apr_pstrdup(cmd->pool, arg);
    return NULL;
}

static const char *set_resource_max(cmd_parms *cmd, void *d, const char *arg)
{
    (void)d;
    return set_bytes(cmd, arg, &scfg(cmd)->resource_max);
}

/* RMentorResourceType EXT [EXT...]: the uploads the hub takes, each an
 * extension whose type core/resource.c knows how to check */
static const char *set_resource_type(cmd_parms *cmd, void *d, const char *arg)
{
    const char *type = rm_mime_for_ext(arg);
    (void)d;
    if (!type)
        return apr_pstrcat(cmd->pool, "RMentorResourceType: ", arg, " is not a kind of file "
                           "the hub can check; it knows ", rm_mime_known_list(cmd->pool),
                           NULL);
    apr_table_setn(scfg(cmd)->resource_types, rm_file_ext(cmd->pool,
                   apr_pstrcat(cmd->pool, "x.", arg, NULL)), type);
    return NULL;
}

static const char *set_base(cmd_parms *cmd, void *dv, const char *arg)
{
    rm_dir_cfg *d = dv;
    size_t n = strlen(arg);
    if (arg[0] != '/') return "RMentorBasePath must start with /";
    while (n > 1 && arg[n - 1] == '/') n--;
    d->base = (n == 1) ? "" : apr_pstrmemdup(cmd->pool, arg, n);
    return NULL;
}

const command_rec rm_cmds[] = {
    AP_INIT_TAKE1("RMentorSecretFile", set_secret_file, NULL, RSRC_CONF,
                  "File holding the server secret for CSRF tokens (at least 32 bytes, mode 0600)"),
    AP_INIT_TAKE1("RMentorTokenLifetime", set_lifetime, NULL, RSRC_CONF,
                  "Seconds a form token stays valid (default 7200)"),
    AP_INIT_TAKE1("RMentorMaxBody", set_max_body, NULL, RSRC_CONF,
                  "Largest request body accepted, in bytes (default 65536)"),
    AP_INIT_TAKE2("RMentorAttribute", set_attribute, NULL, RSRC_CONF,
                  "Environment variable that carries an SSO attribute: NAME VARIABLE"),
    AP_INIT_TAKE1("RMentorAttributeEncoding", set_attr_encoding, NULL, RSRC_CONF,
                  "plain: attribute values as Shibboleth passes them (default); "
                  "xml: values carry XML character references (mod_auth_mellon)"),
    AP_INIT_ITERATE("RMentorStaffAffiliation", set_staff_aff, NULL, RSRC_CONF,
                    "Affiliation values counted as staff (default staff employee faculty)"),
    AP_INIT_TAKE1("RMentorAffiliationScope", set_scope, NULL, RSRC_CONF,
                  "The institution's scope, e.g. example.ac.uk: staff affiliations "
                  "and scoped principals must carry it (required)"),
    AP_INIT_TAKE12("RMentorSSOModule", set_sso, NULL, RSRC_CONF,
                   "Whose rules attribute values follow: shibboleth (default), "
                   "mellon [separator] or openidc [delimiter]"),
    AP_INIT_ITERATE("RMentorIdentityProvider", set_idp, NULL, RSRC_CONF,
                    "entityIDs (OIDC: issuers) of the institution's identity "
                    "provider; sign-ins asserted by any other are refused"),
    AP_INIT_TAKE2("RMentorRoleEntitlement", set_role_ent, NULL, RSRC_CONF,
                  "Entitlement value granting a role: admin|hr|facilitator|dpo VALUE"),
    AP_INIT_TAKE2("RMentorRoleUser", set_role_user, NULL, RSRC_CONF,
                  "Principal granted a role: admin|hr|facilitator|dpo PRINCIPAL"),
    AP_INIT_ITERATE("RMentorGradeScale", set_grades, NULL, RSRC_CONF,
                    "The grade scale, lowest first (default 1 2 3 4 5 6 7 8 9 10)"),
    AP_INIT_TAKE1("RMentorSchema", set_schema, NULL, RSRC_CONF,
                  "auto: apply schema migrations; check: only verify (default auto)"),
    AP_INIT_FLAG("RMentorCache", set_cache, NULL, RSRC_CONF,
                 "On: keep read query results per child until the data changes "
                 "(default); Off: query the database for every page"),
    AP_INIT_TAKE1("RMentorCacheSize", set_cache_size, NULL, RSRC_CONF,
                  "Largest size of each child's result cache, in kilobytes "
                  "(default 8192)"),
    AP_INIT_TAKE1("RMentorSiteName", set_site_name, NULL, RSRC_CONF,
                  "Name shown in the page header"),
    AP_INIT_TAKE12("RMentorSignInURL", set_signin, NULL, RSRC_CONF,
                   "Where people who are not signed in are sent to sign in (the SP's "
                   "login handler, e.g. /mellon/login) and the name of its return "
                   "parameter (default ReturnTo; Shibboleth uses target)"),
    AP_INIT_TAKE1("RMentorMailCommand", set_mail_key, NULL, RSRC_CONF,
                  "rmentorctl reminders: the sendmail command, message on its standard "
                  "input (default \"/usr/sbin/sendmail -t -i\")"),
    AP_INIT_TAKE1("RMentorMailFrom", set_mail_key, NULL, RSRC_CONF,
                  "rmentorctl reminders: the From address of reminders"),
    AP_INIT_TAKE1("RMentorMailSiteName", set_mail_key, NULL, RSRC_CONF,
                  "rmentorctl reminders: the name reminders are sent in (default: "
                  "RMentorSiteName)"),
    AP_INIT_TAKE1("RMentorMailBaseURL", set_mail_key, NULL, RSRC_CONF,
                  "rmentorctl reminders: the site's address, for the links in reminders"),
    AP_INIT_TAKE1("RMentorTimeZone", set_timezone, NULL, RSRC_CONF,
                  "The site's time zone, in which training and event times are "
                  "written in the calendar feed (default Europe/London)"),
    AP_INIT_TAKE1("RMentorHRSigningKey", set_hr_file, NULL, RSRC_CONF,
                  "PEM private key (RSA or EC P-256) that signs the HR progression "
                  "export; read at start-up"),
    AP_INIT_TAKE1("RMentorHRSigningCertificate", set_hr_file, NULL, RSRC_CONF,
                  "PEM certificate of the HR export's signing key, sent in the signature"),
    AP_INIT_TAKE23("RMentorHRClient", set_hr_client, NULL, RSRC_CONF,
                   "A machine client of the HR export: ISSUER_DN SUBJECT_DN of its TLS "
                   "client certificate, as mod_ssl writes them, and for a sector "
                   "programme the SCOPE of the institution it serves (repeatable)"),
    AP_INIT_TAKE1("RMentorHRPageSize", set_hr_page_size, NULL, RSRC_CONF,
                  "Records per HR export document (default 5000)"),
    AP_INIT_ITERATE("RMentorHRSelfIdentification", set_hr_selfid, NULL, RSRC_CONF,
                    "The HR exports that carry the self-identification: none (default), "
                    "or any of xml csv cli"),
    AP_INIT_TAKE2("RMentorHESALevel", set_hesa, NULL, RSRC_CONF,
                  "GRADE LEVEL: the HESA contract level of a grade of RMentorGradeScale "
                  "(repeatable)"),
    AP_INIT_TAKE2("RMentorRetention", set_retention, NULL, RSRC_CONF,
                  "Months personal data of a kind is kept after a programme ends: "
                  "applications|notes|checkins|evaluations|rest MONTHS|never"),
    AP_INIT_TAKE1("RMentorSuppressBelow", set_suppress, NULL, RSRC_CONF,
                  "Figures under this (default 5) are shown as \"fewer than N\""),
    AP_INIT_TAKE1("RMentorHRImportMaxBytes", set_hr_import_max, NULL, RSRC_CONF,
                  "Largest HR import file, in bytes (default 8388608)"),
    AP_INIT_TAKE_ARGV("RMentorInstitution", set_institution, NULL, RSRC_CONF,
                      "SCOPE \"NAME\" IDP [IDP ...]: another institution of a sector "
                      "programme and the identity providers that speak for it (repeatable)"),
    AP_INIT_TAKE2("RMentorFederationMetadata", set_fedmeta, NULL, RSRC_CONF,
                  "FILE CERT: the federation's metadata aggregate and the certificate "
                  "it is signed with; each identity provider's scopes (shibmd:Scope) "
                  "become institutions of this sector programme, read at start"),
    AP_INIT_TAKE_ARGV("RMentorInstitutionAdmin", set_inst_admin, NULL, RSRC_CONF,
                      "SCOPE WHO [WHO ...]: an institution's local admins of a sector "
                      "programme, who see only its applicants and figures: sign-in names "
                      "of SCOPE, or entitlement=VALUE asserted by its IdP (repeatable)"),
    AP_INIT_TAKE1("RMentorResourceDir", set_resource_dir, NULL, RSRC_CONF,
                  "Directory of the resources hub's uploaded files, outside every "
                  "DocumentRoot (unset: resources are links only)"),
    AP_INIT_TAKE1("RMentorResourceMaxBytes", set_resource_max, NULL, RSRC_CONF,
                  "Largest file a resource may upload, in bytes (default 10485760)"),
    AP_INIT_ITERATE("RMentorResourceType", set_resource_type, NULL, RSRC_CONF,
                    "Extensions of the files resources may upload (default: pdf docx pptx "
                    "xlsx odt odp ods txt csv vtt)"),
    AP_INIT_TAKE1("RMentorBasePath", set_base, NULL, ACCESS_CONF,
                  "URL path the module is mounted at (default: the enclosing <Location>)"),
    { NULL }
};

/* RMentorResourceDir: a directory, and not one the web server serves
 * files from (its DocumentRoot or below): the hub's files are served only
 * by the module, to their audience. */
static int resource_dir_check(apr_pool_t *p, server_rec *s, const char *dir)
{
    core_server_config *core = ap_get_core_module_config(s->module_config);
    const char *root = core ? core->ap_document_root : NULL;
    apr_finfo_t fi;
    apr_status_t rv = apr_stat(&fi, dir, APR_FINFO_TYPE, p);
    size_t n;
    if (rv != APR_SUCCESS || fi.filetype != APR_DIR) {
        ap_log_error(APLOG_MARK, APLOG_EMERG, rv, s, RM_TAG "RMentorResourceDir %s is not a "
                     "directory: create it, writable by the web server's user only", dir);
        return -1;
    }
    if (root && *root) {
        n = strlen(root);
        while (n > 1 && root[n - 1] == '/') n--;
        if (!strncmp(dir, root, n) && (dir[n] == '/' || dir[n] == '\0')) {
            ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, RM_TAG "RMentorResourceDir %s is "
                         "inside the DocumentRoot %s: move it outside, so that its files are "
                         "served only to their audience", dir, root);
            return -1;
        }
    }
    return 0;
}

/* RMentorInstitution: a sector programme's institutions each name the IdPs
 * that speak for them, and so must the home institution: otherwise any IdP
 * of the federation could assert the home scope (and its roles). */
static int institutions_check(server_rec *s, const rm_srv_cfg *c)
{
    if (!c->aff_scope || !c->idps->nelts) {
        ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, RM_TAG "RMentorInstitution needs "
                     "RMentorAffiliationScope and RMentorIdentityProvider for the home "
                     "institution (conf/federation.conf): without them any identity "
                     "provider could assert the home scope");
        return -1;
    }
    for (int i = 0; i < c->institutions->nelts; i++)
        if (!strcasecmp(APR_ARRAY_IDX(c->institutions, i, rm_institution).scope,
                        c->aff_scope)) {
            ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, RM_TAG "RMentorInstitution %s is the "
                         "home institution (RMentorAffiliationScope): list only the others",
                         c->aff_scope);
            return -1;
        }
    for (int i = 0; i < c->inst_admins->nelts; i++) {
        const char *sc = APR_ARRAY_IDX(c->inst_admins, i, rm_inst_admin).scope;
        if (!rm_institution_name(c, sc)) {
            ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, RM_TAG "RMentorInstitutionAdmin: %s "
                         "is not an institution of this service (RMentorInstitution)", sc);
            return -1;
        }
    }
    for (int i = 0; i < c->hr_client_scopes->nelts; i++) {
        const char *sc = APR_ARRAY_IDX(c->hr_client_scopes, i, const char *);
        int known = !*sc || !strcasecmp(sc, c->aff_scope);
        for (int k = 0; !known && k < c->institutions->nelts; k++)
            known = !strcasecmp(sc, APR_ARRAY_IDX(c->institutions, k, rm_institution).scope);
        if (!known) {
            ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, RM_TAG "RMentorHRClient: %s is not an "
                         "institution of this service (RMentorInstitution)", sc);
            return -1;
        }
    }
    return 0;
}

/* a scope the home institution or an RMentorInstitution line already has */
static int fedmeta_skip(const char *scope, void *ctx)
{
    const rm_srv_cfg *c = ctx;
    if (c->aff_scope && !strcasecmp(scope, c->aff_scope)) return 1;
    for (int i = 0; i < c->institutions->nelts; i++)
        if (!strcasecmp(APR_ARRAY_IDX(c->institutions, i, rm_institution).scope, scope))
            return 1;
    return 0;
}

/* RMentorFederationMetadata: read and verify the aggregate, and add its
 * institutions to this server's (a new array: a virtual host may share its
 * base server's).  A file that cannot be read, is not signed by the
 * certificate or lists no institution stops the start: a refresh job should
 * check a new file first (rmentorctl federation check).  One past its
 * validUntil is loaded, and its institutions' sign-ins refused until it is
 * renewed (web/identity.c). */
static int fedmeta_load(apr_pool_t *p, server_rec *s, rm_srv_cfg *c, apr_hash_t *loaded)
{
    apr_array_header_t *all;
    apr_status_t rv;
    rm_fedmeta md, *was;
    const char *err, *key = apr_pstrcat(p, c->fedmeta_file, "\n", c->fedmeta_cert, NULL);
    int added;

    /* virtual hosts that inherit the directive read the file once */
    if ((was = apr_hash_get(loaded, key, APR_HASH_KEY_STRING))) {
        md = *was;
        goto institutions;
    }
    switch (rm_fedmeta_read_file(p, c->fedmeta_file, c->fedmeta_cert, apr_time_now(), &md,
                                 &err, &rv)) {
    case RM_FEDMETA_READ:
        break;
    case RM_FEDMETA_UNREADABLE:
        ap_log_error(APLOG_MARK, APLOG_EMERG, rv, s, RM_TAG "cannot read "
                     "RMentorFederationMetadata %s", c->fedmeta_file);
        return -1;
    case RM_FEDMETA_BAD_SIZE:
        ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, RM_TAG "RMentorFederationMetadata %s is "
                     "empty or larger than 512 MiB", c->fedmeta_file);
        return -1;
    case RM_FEDMETA_REFUSED:
        ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, RM_TAG "RMentorFederationMetadata %s "
                     "(certificate %s): %s", c->fedmeta_file, c->fedmeta_cert, err);
        return -1;
    }
    was = apr_pmemdup(p, &md, sizeof(md));
    apr_hash_set(loaded, key, APR_HASH_KEY_STRING, was);
institutions:
    all = apr_array_copy(p, c->institutions);
    added = rm_fedmeta_institutions(p, &md, all, fedmeta_skip, c);
    if (!added) {
        ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, RM_TAG "RMentorFederationMetadata %s "
                     "lists no identity provider with a scope (shibmd:Scope) beyond the "
                     "home institution's and those of RMentorInstitution", c->fedmeta_file);
        return -1;
    }
    c->institutions = all;
    ap_log_error(APLOG_MARK, md.expired ? APLOG_WARNING : APLOG_INFO, 0, s, RM_TAG
                 "RMentorFederationMetadata %s: %d institutions from %d identity providers "
                 "(%d scopes not taken: regular expressions or not domains); %d identity "
                 "providers past the metadata's validUntil, refused until it is renewed",
                 c->fedmeta_file, added, md.idps->nelts, md.skipped_scopes, md.expired);
    return 0;
}

/* lower-case scope -> institution, for sign-in and names on every page */
static void index_institutions(apr_pool_t *p, rm_srv_cfg *c)
{
    c->inst_index = apr_hash_make(p);
    for (int i = 0; i < c->institutions->nelts; i++) {
        rm_institution *in = &APR_ARRAY_IDX(c->institutions, i, rm_institution);
        char *key = apr_pstrdup(p, in->scope);
        for (char *k = key; *k; k++) *k = (char)apr_tolower(*k);
        if (!apr_hash_get(c->inst_index, key, APR_HASH_KEY_STRING))
            apr_hash_set(c->inst_index, key, APR_HASH_KEY_STRING, in);
    }
}

/* post_config: load the secret, refuse a weak one. */
int rm_config_check(apr_pool_t *p, server_rec *s)
{
    apr_hash_t *loaded = apr_hash_make(p);
    for (; s; s = s->next) {
        rm_srv_cfg *c = ap_get_module_config(s->module_config, &rmentor_module);
        apr_file_t *f;
        apr_finfo_t fi;
        apr_size_t n;
        apr_status_t rv;
        if (c->resource_dir && resource_dir_check(p, s, c->resource_dir) != 0)
            return HTTP_INTERNAL_SERVER_ERROR;
        if (c->fedmeta_file && fedmeta_load(p, s, c, loaded) != 0) return HTTP_INTERNAL_SERVER_ERROR;
        if (c->institutions->nelts) index_institutions(p, c);
        if (c->institutions->nelts && institutions_check(s, c) != 0)
            return HTTP_INTERNAL_SERVER_ERROR;
        if (!c->institutions->nelts && c->inst_admins->nelts) {
            ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, RM_TAG "RMentorInstitutionAdmin is for "
                         "a sector programme's institutions: list them with "
                         "RMentorInstitution (conf/federation.conf), or give a single "
                         "institution's admins RMentorRoleUser admin");
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        if (!c->secret_file) continue;
        if (!c->aff_scope) {
            ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s,
                         RM_TAG "RMentorAffiliationScope is not set for %s: set it "
                         "to the institution's scope (e.g. example.ac.uk), so that "
                         "people of other institutions in the federation are not "
                         "taken for staff or given roles (conf/rmentor.conf)",
                         s->server_hostname ? s->server_hostname : "the server");
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        rv = apr_file_open(&f, c->secret_file, APR_FOPEN_READ | APR_FOPEN_BINARY,
                           0, p);
        if (rv != APR_SUCCESS) {
            ap_log_error(APLOG_MARK, APLOG_EMERG, rv, s,
                         RM_TAG "cannot open RMentorSecretFile %s", c->secret_file);
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        apr_file_info_get(&fi, APR_FINFO_SIZE | APR_FINFO_PROT, f);
        if (fi.size < 32 || fi.size > 4096) {
            apr_file_close(f);
            ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s,
                         RM_TAG "RMentorSecretFile %s must hold 32 to 4096 bytes",
                         c->secret_file);
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        /* as sshd refuses a private key others can read */
        if (fi.protection & (APR_GREAD | APR_WREAD | APR_GWRITE | APR_WWRITE)) {
            apr_file_close(f);
            ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s,
                         RM_TAG "RMentorSecretFile %s can be read or written by "
                         "group or others: refusing to start; chmod 0600 it",
                         c->secret_file);
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        c->secret = apr_palloc(p, (apr_size_t)fi.size);
        n = (apr_size_t)fi.size;
        rv = apr_file_read_full(f, c->secret, n, &n);
        apr_file_close(f);
        if (rv != APR_SUCCESS) {
            ap_log_error(APLOG_MARK, APLOG_EMERG, rv, s,
                         RM_TAG "cannot read RMentorSecretFile %s", c->secret_file);
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        c->secret_len = n;
    }
    return OK;
}
