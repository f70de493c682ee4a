/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * mod_rmentor internal interfaces shared by the module's files.
 */
#ifndef RM_H
#define RM_H

#include <httpd.h>
#include <http_config.h>
#include <http_log.h>
#include <apr_dbd.h>
#include <apr_global_mutex.h>
#include <mod_dbd.h>
#include <libxml/tree.h>
#include "core/federation.h"
#include "core/rm_core.h"
#include "rm_db.h"
#include "features/areas.h"

/* A function marked RM_MUST_USE may have sent a response: its caller must
 * return what it returns (-Werror makes ignoring it a build error), so no
 * handler can go on and send a second response after it. */
#define RM_MUST_USE __attribute__((warn_unused_result))

/* Every log line of ours starts with this tag (AH is httpd's own). */
#define RM_TAG "RMENTOR: "



extern module AP_MODULE_DECLARE_DATA rmentor_module;

/* ---- configuration ------------------------------------------------------- */

enum { RM_ATTR_DISPLAY_NAME, RM_ATTR_MAIL, RM_ATTR_AFFILIATION,
       RM_ATTR_ENTITLEMENT, RM_ATTR_DEPARTMENT, RM_ATTR_JOB_TITLE,
       RM_ATTR_GRADE, RM_ATTR_STAFF_NUMBER, RM_ATTR_PRINCIPAL_NAME,
       RM_ATTR_IDP, RM_ATTR_MANAGER, RM_ATTR_COUNT };

/* RMentorSSOModule: whose rules the attribute values follow */
enum { RM_SSO_SHIBBOLETH, RM_SSO_MELLON, RM_SSO_OPENIDC };

enum { RM_ROLE_ADMIN = 1, RM_ROLE_HR = 2, RM_ROLE_FACILITATOR = 4, RM_ROLE_DPO = 8 };
#define RM_ROLE_COUNT 4
/* An institution's local admin of a sector programme (RMentorInstitutionAdmin):
 * not one of the RM_ROLE_COUNT roles RMentorRoleUser/Entitlement grant, and
 * only for the institution of the person's sign-in (rm_identity.scope). */
#define RM_ROLE_LOCAL_ADMIN 16

/* RMentorInstitutionAdmin SCOPE WHO...: one WHO (a scoped principal, or an
 * entitlement value the institution's own IdP asserts) */
typedef struct {
    const char *scope;
    const char *who;
    int entitlement;
} rm_inst_admin;

/* RMentorRetention: the kinds of data the retention purge blanks, in order
 * (features/dp/dp.h names them) */
enum { RM_RET_APPLICATIONS, RM_RET_NOTES, RM_RET_CHECKINS, RM_RET_EVALUATIONS,
       RM_RET_REST, RM_RET_KINDS };
#define RM_RET_NEVER (-1)
#define RM_SUPPRESS_BELOW 5

/* RMentorHRSelfIdentification: the exports that may carry it */
enum { RM_HR_SELFID_XML = 1, RM_HR_SELFID_CSV = 2, RM_HR_SELFID_CLI = 4 };
#define RM_HR_PAGE_SIZE 5000
#define RM_HR_IMPORT_MAX (8 * 1024 * 1024)
#define RM_RESOURCE_MAX (10 * 1024 * 1024)
/* a story's captions or transcript file (features/stories) */
#define RM_CAPTIONS_MAX (1024 * 1024)
/* the uploads the hub takes when no RMentorResourceType is set */
#define RM_RESOURCE_TYPES "pdf docx pptx xlsx odt odp ods txt csv vtt"

typedef struct {
    const char *secret_file;
    unsigned char *secret;
    size_t secret_len;
    int token_lifetime;             /* seconds                              */
    apr_off_t max_body;             /* bytes                                */
    const char *attr[RM_ATTR_COUNT];/* environment variable names; NULL: the
                                       SSO module's own (rm_attr_var)      */
    int sso;                        /* RM_SSO_*                             */
    rm_attr_syntax syntax;          /* how values are joined (core/attr.c)  */
    apr_array_header_t *idps;       /* RMentorIdentityProvider entityIDs    */
    apr_array_header_t *staff_kinds;/* affiliation kinds counted as staff   */
    const char *aff_scope;          /* required scope, or NULL              */
    apr_array_header_t *institutions;/* RMentorInstitution: rm_institution,
                                       the other institutions of a sector
                                       programme (empty: this one only)   */
    apr_array_header_t *inst_admins;/* RMentorInstitutionAdmin: rm_inst_admin */
    const char *fedmeta_file;       /* RMentorFederationMetadata FILE CERT:  */
    const char *fedmeta_cert;       /* institutions read from the federation's
                                       signed metadata at start (post_config)
                                       and added to institutions            */
    apr_hash_t *inst_index;         /* lower-case scope -> rm_institution *,
                                       built at start                       */
    apr_array_header_t *role_ent[RM_ROLE_COUNT];/* entitlement values per role          */
    apr_array_header_t *role_user[RM_ROLE_COUNT];/* principals per role                 */
    apr_array_header_t *grades;     /* ordered grade scale, lowest first    */
    int schema_auto;                /* 1: apply migrations; 0: check only   */
    int cache_on;                   /* RMentorCache                         */
    apr_size_t cache_bytes;         /* RMentorCacheSize                     */
    int attr_xml;                   /* 1: values are XML text (mellon)      */
    const char *site_name;
    const char *signin_url;         /* SP login handler, e.g. /mellon/login */
    const char *signin_param;       /* its return parameter, e.g. ReturnTo */
    const char *tz_name;            /* RMentorTimeZone (NULL: Europe/London) */
    const char *tz_id;              /* its TZID and VTIMEZONE text, made at */
    const char *tz_vtimezone;       /* post_config (features/calendar)    */
    void *tz_component;             /* ... and as a libical icalcomponent  */
    /* the HR data exchange (features/hr, conf/hr-exchange.conf) */
    const char *hr_key_file, *hr_cert_file;     /* RMentorHRSigning*       */
    void *hr_key;                   /* rm_xmlsig_key, loaded at post_config */
    apr_array_header_t *hr_clients; /* RMentorHRClient: issuer, subject... */
    apr_array_header_t *hr_client_scopes;/* ... and each one's institution ("") */
    long hr_page_size;              /* RMentorHRPageSize (0: default 5000) */
    int hr_selfid;                  /* RMentorHRSelfIdentification: RM_HR_SELFID_* */
    apr_table_t *hesa;              /* RMentorHESALevel grade -> level      */
    apr_off_t hr_import_max;        /* RMentorHRImportMaxBytes (0: 8 MiB)  */
    int set_hr_selfid;
    /* data protection (features/dp, conf/data-protection.conf) */
    int retention[RM_RET_KINDS];    /* RMentorRetention: months, RM_RET_NEVER;
                                       0: not set (the default)             */
    int suppress_below;             /* RMentorSuppressBelow (0: default 5)  */
    /* the resources hub (features/resources, conf/resources.conf) */
    const char *resource_dir;       /* RMentorResourceDir (NULL: no uploads) */
    apr_off_t resource_max;         /* RMentorResourceMaxBytes (0: 10 MiB)  */
    apr_table_t *resource_types;    /* RMentorResourceType ext -> MIME type
                                       (empty: RM_RESOURCE_TYPES)          */
    int set_max_body, set_token_lifetime, set_schema, set_grades, set_staff,
        set_attr_xml, set_cache, set_sso;
} rm_srv_cfg;

typedef struct {
    const char *base;               /* mount point, no trailing slash       */
} rm_dir_cfg;

extern const command_rec rm_cmds[];
void *rm_create_srv_cfg(apr_pool_t *p, server_rec *s);
void *rm_merge_srv_cfg(apr_pool_t *p, void *base, void *add);
void *rm_create_dir_cfg(apr_pool_t *p, char *dir);
void *rm_merge_dir_cfg(apr_pool_t *p, void *base, void *add);
int rm_config_check(apr_pool_t *p, server_rec *s);
/* A sector programme's institutions (RMentorInstitution, with the home one
 * first): the name of scope, or NULL when it is not one of them (or the
 * site serves one institution). */
const char *rm_institution_name(const rm_srv_cfg *c, const char *scope);
/* The institution (not the home one) whose scope this is, or NULL. */
const rm_institution *rm_institution_find(const rm_srv_cfg *c, const char *scope);
/* The environment variable carrying attribute `which` for this config. */
const char *rm_attr_var(const rm_srv_cfg *c, int which);

/* ---- a request in progress ----------------------------------------------- */

/* The databases the result cache (cache.c) serves, each usable on its own
 * terms: SQLite asks its connection on every request, PostgreSQL while this
 * child listens (pgnotify.c). */
typedef enum { RM_CACHE_SQLITE, RM_CACHE_PGSQL, RM_CACHE_DOMAINS } rm_cache_domain;

typedef struct {
    const char *principal;
    const char *display_name, *mail, *department, *job_title, *grade,
               *staff_number;
    const char *manager;                /* line manager's sign-in name or mail */
    const char *scope;                  /* the scoped principal's scope, or "" */
    const char *institution;            /* its institution's name, or ""      */
    const char *eppn;                   /* eduPersonPrincipalName, or ""      */
    apr_array_header_t *entitlements;   /* values, split by the SSO's rules */
    int roles;
    int is_staff;
} rm_identity;

typedef struct {
    request_rec *r;
    rm_srv_cfg *cfg;
    const char *base;
    rm_identity id;
    rm_db *db;                      /* the data layer's handle: &dbs       */
    rm_db dbs;
    long long person_id;            /* 0 until looked up                     */
    apr_table_t *form;              /* parsed POST body                      */
    apr_table_t *query;             /* parsed query string (rm_dispatch)     */
    int responded;                  /* a page or redirect has been sent      */
    const char *upload;             /* rm_read_upload: the file's bytes,     */
    apr_size_t upload_len;          /* its length and the name it was sent   */
    const char *upload_name;        /* under (never used as a path)          */
    int machine;                    /* an HR machine client (TLS certificate),
                                       no person: features/hr only          */
    const char *today;              /* YYYY-MM-DD, server local time        */
    const char *token_action;       /* the last form token made, and the    */
    const char *token;              /* action it is for (rm_csrf_token)     */
    apr_time_t now;
    const char *const *page_key;    /* rm_page_from_cache: where rm_page_send */
    apr_uint32_t page_gen;          /* keeps the page, and the generation    */
} rm_req;

/* ---- identity ------------------------------------------------------------ */
/* 0 with rq->id filled, or an HTTP status after sending a page. */
RM_MUST_USE int rm_identity_resolve(rm_req *rq);
int rm_has_role(const rm_req *rq, int role);

/* ---- database (rm_db.h; the module's side in db_open.c) ------------------ */
void rm_db_register(apr_pool_t *pconf);
apr_status_t rm_db_post_config(apr_pool_t *pconf, server_rec *s);
void rm_db_child_init(apr_pool_t *p, server_rec *s);
/* Acquire a connection with the schema ready; OK or an HTTP status. */
RM_MUST_USE int rm_db_open(rm_req *rq);

/* ---- the result cache (cache.c) and its PostgreSQL listener (pgnotify.c) -- */
apr_status_t rm_cache_post_config(apr_pool_t *pconf, server_rec *s);
void rm_cache_child_init(apr_pool_t *p, server_rec *s, apr_size_t budget);
int rm_cache_enabled(void);
int rm_cache_usable(rm_cache_domain d);
void rm_cache_set_usable(rm_cache_domain d, int usable);
apr_uint32_t rm_cache_generation(void);
void rm_cache_invalidate(void);
rm_rows *rm_cache_get(request_rec *r, rm_cache_domain d, const char *label,
                      const char *const *args, apr_uint32_t gen);
void rm_cache_put(request_rec *r, rm_cache_domain d, const char *label,
                  const char *const *args, apr_uint32_t gen, const rm_rows *rows);
void rm_pgnotify_child_init(apr_pool_t *p, server_rec *s);
/* 1 when this request's server is the one whose database is listened to */
int rm_pgnotify_covers(const server_rec *s, const apr_dbd_driver_t *drv,
                       apr_dbd_t *handle);

/* ---- the store (store.c) ------------------------------------------------- */
long long rm_person_id(rm_req *rq, int create);
int rm_audit(rm_req *rq, const char *action, const char *entity,
             long long entity_id, const char *detail);
/* A read of personal data recorded in the audit, in a transaction of its
 * own (features/dp): who, which records, never the values.  0, or -1 when
 * it could not be recorded (the caller shows nothing). */
int rm_audit_view(rm_req *rq, const char *action, const char *entity,
                  long long entity_id, const char *detail);

/* ---- HTTP helpers --------------------------------------------------------
 * Convention: a function that checks something returns OK to go on; any other
 * value is returned up to httpd unchanged.  Sending a page or a redirect
 * returns DONE (httpd treats it as OK: the response is complete). */
void rm_security_headers(request_rec *r, int personal);
RM_MUST_USE int rm_read_form(rm_req *rq);
/* A multipart/form-data body (core/multipart.c) whose file is at most max
 * bytes, of at most max_parts parts: its fields in rq->form, its one file
 * (when one was chosen) in rq->upload. */
RM_MUST_USE int rm_read_upload(rm_req *rq, apr_off_t max, int max_parts);
/* The request body, at most max bytes, NUL-terminated; what ("form" or
 * "file") names it in the error pages. */
RM_MUST_USE int rm_read_body(rm_req *rq, apr_off_t max, const char *what, char **out,
                             apr_size_t *len);
RM_MUST_USE int rm_check_csrf(rm_req *rq);
/* The form token for a form posting to action (a path on this server, as
 * r->uri will read when it is posted). */
const char *rm_csrf_token(rm_req *rq, const char *action);
/* Form tokens are made for the start of the current period of
 * rm_token_bucket seconds (a quarter of RMentorTokenLifetime, at most 10
 * minutes), so one person's token for one action is the same all period. */
long long rm_token_bucket(const rm_req *rq);
long long rm_token_time(const rm_req *rq);
/* 0 the first time for a request (it is now answered); after that 1, with
 * an error logged: the caller sends nothing more. */
int rm_already_responded(rm_req *rq);
RM_MUST_USE int rm_redirect(rm_req *rq, const char *path);
RM_MUST_USE int rm_error_page(rm_req *rq, int status, const char *title,
                  const char *message);
const char *rm_url(rm_req *rq, const char *path);
const char *rm_i64(apr_pool_t *p, long long v);

/* ---- pages (libxml2 trees) ----------------------------------------------- */
typedef struct {
    rm_req *rq;
    xmlDocPtr doc;
    xmlNodePtr main;
    xmlNodePtr error_summary;       /* filled by rm_form_error              */
    xmlNodePtr error_list;
    xmlNodePtr title_node;
    const char *title;
    int nerrors;
    int ntables;
} rm_page;

rm_page *rm_page_new(rm_req *rq, const char *title);
/* A read page may be kept, as written, in the result cache (data/cache.c),
 * for this person, URL, day, roles and form-token period, while the data is
 * unchanged.  Called by a handler after its access checks and before it
 * reads what the page shows: DONE when the kept page was sent; otherwise OK,
 * and rm_page_send keeps the page it sends with status 200.  Not for a page
 * that shows the time of day (kept up to a token period). */
RM_MUST_USE int rm_page_from_cache(rm_req *rq);
RM_MUST_USE int rm_page_send(rm_page *pg, int status);
/* Pages are built only with these helpers: their nodes live in the request
 * pool (html.c), so no libxml2 function that frees or reallocates a node may
 * touch them.  Tags and attribute names are string literals. */
xmlNodePtr rm_el(xmlNodePtr parent, const char *tag, const char *text);
/* Append text to an element (a text node of its own). */
void rm_text(xmlNodePtr parent, const char *text);
xmlNodePtr rm_el_class(xmlNodePtr parent, const char *tag, const char *cls,
                       const char *text);
void rm_attr(xmlNodePtr n, const char *name, const char *value);
xmlNodePtr rm_link(xmlNodePtr parent, const char *href, const char *text);
xmlNodePtr rm_form(rm_page *pg, xmlNodePtr parent, const char *action);
/* Note an error for field id; it appears in the summary at the top. */
void rm_field_error(rm_page *pg, const char *field, const char *message);
xmlNodePtr rm_input(rm_page *pg, xmlNodePtr form, const char *type,
                    const char *name, const char *label, const char *value,
                    const char *hint, const char *error, int required,
                    int maxlen);
xmlNodePtr rm_textarea(rm_page *pg, xmlNodePtr form, const char *name,
                       const char *label, const char *value, const char *hint,
                       const char *error, int required, int maxlen);
/* options: NULL-terminated value,label pairs */
xmlNodePtr rm_radios(rm_page *pg, xmlNodePtr form, const char *name,
                     const char *legend, const char *const *options,
                     const char *value, const char *hint, const char *error);
xmlNodePtr rm_select(rm_page *pg, xmlNodePtr form, const char *name,
                     const char *label, const char *const *options,
                     const char *value, const char *error);
/* One checkbox that sends name=value when ticked, its label after it (id
 * f-NAME); hint, when given, below it. */
xmlNodePtr rm_checkbox(rm_page *pg, xmlNodePtr form, const char *name,
                       const char *value, const char *label, const char *hint,
                       int checked);
/* The same with the error it is shown with (or NULL): the message above the
 * box, named by aria-describedby, aria-invalid, and a line of the page's
 * error summary. */
xmlNodePtr rm_checkbox_error(rm_page *pg, xmlNodePtr form, const char *name,
                             const char *value, const char *label, const char *hint,
                             const char *error, int checked);
/* A hidden field (what a one-button form acts on). */
xmlNodePtr rm_hidden(xmlNodePtr form, const char *name, const char *value);
xmlNodePtr rm_button(xmlNodePtr form, const char *text, const char *cls);
xmlNodePtr rm_notice(rm_page *pg, const char *kind, const char *text);
xmlNodePtr rm_table(rm_page *pg, xmlNodePtr parent, const char *caption,
                    const char *labelledby, const char *const *headers);
xmlNodePtr rm_row(xmlNodePtr table);
xmlNodePtr rm_td(xmlNodePtr row, const char *text);
xmlNodePtr rm_dl(xmlNodePtr parent);
void rm_dl_item(xmlNodePtr dl, const char *term, const char *value);
RM_MUST_USE int rm_send_stylesheet(request_rec *r);

/* ---- route handlers ------------------------------------------------------
 * Declared from the areas' route lists (features/<area>/area.h): a handler
 * checks role and ownership itself, and returns what it sent. */
typedef int (*rm_handler_fn)(rm_req *rq, const rm_route_match *m);
RM_MUST_USE int rm_dispatch(rm_req *rq, const char *path);
#define RM_ROUTE_PROTOTYPE_(method, pattern, handler) \
    RM_MUST_USE int handler(rm_req *rq, const rm_route_match *m);
RM_ROUTES(RM_ROUTE_PROTOTYPE_)

#endif
