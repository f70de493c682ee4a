/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The resources hub (area.h).  Every member of staff browses /resources:
 * a search over title, description and topics, filters by kind and topic,
 * twenty a page, only what their audience lets them see (RES_VISIBLE in
 * resources_sql.c).  A resource's page says what it is and links to it: a
 * link opens the resource's own site, a file is downloaded from
 * /resources/N/file, with its checked type, "attachment" and a name made
 * by core/resource.c, never the client's path.
 *
 * The service's admins (RMentorRoleEntitlement/RoleUser admin) curate: add,
 * edit, withdraw and restore.  The form is multipart/form-data (read by
 * core/multipart.c within RMentorResourceMaxBytes); an uploaded file's
 * extension must be one of RMentorResourceType's and its bytes must be what
 * the extension says (core/resource.c).  It is written to
 * RMentorResourceDir under its SHA-256, through a temporary file renamed
 * into place, before the row that names it is committed: a failed commit
 * leaves at most a file no row names, never a row without its file.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_file_io.h>
#include <http_protocol.h>
#include <http_core.h>
#include "pages.h"
#include "fields.h"
#include "web/form_vals.h"
#include "core/resource.h"
#include "core/hrimport.h"
#include "core/schedule.h"
#include "resources.h"

APLOG_USE_MODULE(rmentor);

RM_NAMED_ARGS(RES_WHO);
RM_NAMED_ARGS(RES_INSERT);
RM_NAMED_ARGS(RES_UPDATE);

#define PAGE_SIZE 20
#define ADMIN_PAGE_SIZE 50
#define MAX_TITLE 200
#define MAX_DESCRIPTION 4000
#define MAX_TOPICS 500
#define MAX_URL 500
#define MAX_QUERY 200

static const char *const kind_opts[] = {
    "toolkit", "Toolkit", "guidance", "Guidance", "film", "Film", "report", "Report",
    "link", "Link", NULL };
static const char *const kind_values[] = { "toolkit", "guidance", "film", "report", "link",
                                           NULL };
static const char *const audience_opts[] = {
    "all", "Every member of staff",
    "programme", "The participants and team of one programme",
    "role", "The holders of one role", NULL };
static const char *const audience_values[] = { "all", "programme", "role", NULL };
static const char *const role_opts[] = {
    "", "Choose a role",
    "mentor", "Mentors (of any programme)", "senior", "Senior Mentors (of any programme)",
    "facilitator", "Facilitators", "hr", "HR", "admin", "Admins of the service", NULL };
static const char *const role_values[] = { "mentor", "senior", "facilitator", "hr", "admin",
                                           NULL };
static const char *const source_opts[] = {
    "link", "A link to a page elsewhere", "file", "A file uploaded here", NULL };
static const char *const source_values[] = { "link", "file", NULL };

static const char *label_of(const char *const *opts, const char *v)
{
    for (int i = 0; opts[i]; i += 2)
        if (!strcmp(opts[i], v)) return opts[i + 1];
    return v;
}

static int is_admin(const rm_req *rq)
{
    return rm_has_role(rq, RM_ROLE_ADMIN);
}

/* The asker, as RES_VISIBLE takes them (RM_A_RES_WHO), in the pool: their
 * programmes and roles (RM_Q_RES_ASKER, cached per person), once a
 * request.  NULL when they cannot be read (the caller shows nothing). */
static const char *const *who_args(rm_req *rq)
{
    apr_pool_t *p = rq->r->pool;
    const char *roles = ",", *progs = ",";
    rm_args_RES_WHO *w;
    rm_rows *rows;
    void *kept = NULL;
    apr_pool_userdata_get(&kept, "rm_res_who", p);
    if (kept) return kept;
    if (rm_db_select(rq->db, RM_Q_RES_ASKER, &rows,
                     RM_ARGS(rq->id.principal, rq->id.principal, rq->id.principal)) != 0)
        return NULL;
    for (int i = 0; i < rows->n; i++) {
        if (rows->rows[i][0][0] == 'p')
            progs = apr_pstrcat(p, progs, rows->rows[i][1], ",", NULL);
        else
            roles = apr_pstrcat(p, roles, rows->rows[i][1], ",", NULL);
    }
    if (rm_has_role(rq, RM_ROLE_FACILITATOR)) roles = apr_pstrcat(p, roles, "facilitator,", NULL);
    if (rm_has_role(rq, RM_ROLE_HR)) roles = apr_pstrcat(p, roles, "hr,", NULL);
    if (rm_has_role(rq, RM_ROLE_ADMIN)) roles = apr_pstrcat(p, roles, "admin,", NULL);
    w = apr_pcalloc(p, sizeof(*w));
    w->admin = is_admin(rq) ? "1" : "0";
    w->programmes1 = w->programmes2 = progs;
    w->roles1 = w->roles2 = roles;
    apr_pool_userdata_setn(w, "rm_res_who", NULL, p);
    return (const char *const *)w;
}

/* args: the asker's, then more (NULL-terminated) */
static const char *const *with_who(rm_req *rq, const char *const *before,
                                   const char *const *after)
{
    apr_pool_t *p = rq->r->pool;
    const char *const *who = who_args(rq);
    int nb = 0, nw = 0, na = 0, k = 0;
    const char **out;
    if (!who) return NULL;
    while (before && before[nb]) nb++;
    while (who[nw]) nw++;
    while (after && after[na]) na++;
    out = apr_palloc(p, sizeof(char *) * (size_t)(nb + nw + na + 1));
    for (int i = 0; i < nb; i++) out[k++] = before[i];
    for (int i = 0; i < nw; i++) out[k++] = who[i];
    for (int i = 0; i < na; i++) out[k++] = after[i];
    out[k] = NULL;
    return out;
}

/* A statement that checks the audience: before, the asker, after */
static int who_select(rm_req *rq, const char *label, rm_rows **out,
                      const char *const *before, const char *const *after)
{
    const char *const *args = with_who(rq, before, after);
    return args ? rm_db_select(rq->db, label, out, args) : -1;
}

const char *rm_resource_size_human(apr_pool_t *p, const char *bytes)
{
    apr_int64_t n = apr_atoi64(bytes);
    if (n < 1024) return apr_psprintf(p, "%" APR_INT64_T_FMT " bytes", n);
    if (n < 1024 * 1024) return apr_psprintf(p, "%" APR_INT64_T_FMT " KB", (n + 1023) / 1024);
    return apr_psprintf(p, "%.1f MB", (double)n / (1024.0 * 1024.0));
}

/* "PDF, 1.2 MB" */
static const char *file_facts(apr_pool_t *p, const char **c)
{
    const char *ext = rm_file_ext(p, c[COL_RS_FILE_NAME]), *up = apr_pstrdup(p, ext);
    for (char *s = (char *)up; *s; s++)
        if (*s >= 'a' && *s <= 'z') *s = (char)(*s - 'a' + 'A');
    return apr_pstrcat(p, *up ? up : "File", ", ",
                       rm_resource_size_human(p, c[COL_RS_FILE_SIZE]), NULL);
}

static const char *topics_human(apr_pool_t *p, const char *topics)
{
    const char *out = "";
    const char *s = topics;
    while (*s) {
        size_t k = strcspn(s, ",");
        out = apr_pstrcat(p, out, *out ? ", " : "", apr_pstrmemdup(p, s, k), NULL);
        s += k;
        if (*s) s++;
    }
    return out;
}

static const char *audience_human(apr_pool_t *p, const char **c)
{
    if (!strcmp(c[COL_RS_AUDIENCE], "programme"))
        return apr_pstrcat(p, "The participants and team of ",
                           *c[COL_RS_PROG_NAME] ? c[COL_RS_PROG_NAME] : "a programme", NULL);
    if (!strcmp(c[COL_RS_AUDIENCE], "role"))
        return label_of(role_opts, c[COL_RS_ROLE]);
    return "Every member of staff";
}

static const char *resource_path(apr_pool_t *p, const char *id, const char *after)
{
    return apr_pstrcat(p, "/resources/", id, after, NULL);
}

/* The first sentences of a description, at most about 300 characters */
static const char *summary(apr_pool_t *p, const char *d)
{
    size_t n = 0, chars = 0;
    while (d[n] && d[n] != '\n' && chars < 300) {
        if (((unsigned char)d[n] & 0xC0) != 0x80) chars++;
        n++;
    }
    while (d[n] && ((unsigned char)d[n] & 0xC0) == 0x80) n++;
    if (!d[n] || d[n] == '\n') return apr_pstrmemdup(p, d, n);
    return apr_pstrcat(p, apr_pstrmemdup(p, d, n), "…", NULL);
}

/* Paragraphs of a description: one per line that is not blank */
static void paragraphs(xmlNodePtr parent, apr_pool_t *p, const char *text)
{
    const char *s = text;
    while (*s) {
        size_t k = strcspn(s, "\n");
        const char *line = apr_pstrmemdup(p, s, k);
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\r' || line[n - 1] == ' ')) n--;
        if (n) rm_el(parent, "p", apr_pstrmemdup(p, line, n));
        s += k;
        if (*s) s++;
    }
}

/* ---- every member of staff ------------------------------------------------------ */

static int by_text(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The topics of what the asker may see, sorted: value,label pairs after
 * "All topics" */
static const char **topic_options(rm_req *rq, rm_rows *rows)
{
    apr_pool_t *p = rq->r->pool;
    apr_hash_t *seen = apr_hash_make(p);
    apr_array_header_t *all = apr_array_make(p, 16, sizeof(const char *));
    const char **o;
    for (int i = 0; i < rows->n; i++) {
        const char *s = rows->rows[i][0];
        while (*s) {
            size_t k = strcspn(s, ",");
            const char *t = apr_pstrmemdup(p, s, k);
            if (*t && !apr_hash_get(seen, t, APR_HASH_KEY_STRING)) {
                apr_hash_set(seen, t, APR_HASH_KEY_STRING, t);
                *(const char **)apr_array_push(all) = t;
            }
            s += k;
            if (*s) s++;
        }
        if (all->nelts >= 200) break;
    }
    qsort(all->elts, (size_t)all->nelts, sizeof(const char *), by_text);
    o = apr_pcalloc(p, sizeof(char *) * (size_t)(2 * all->nelts + 3));
    o[0] = "";
    o[1] = "All topics";
    for (int i = 0; i < all->nelts; i++)
        o[2 + 2 * i] = o[3 + 2 * i] = ((const char **)all->elts)[i];
    return o;
}

static void resource_item(rm_req *rq, xmlNodePtr list, const char **c)
{
    apr_pool_t *p = rq->r->pool;
    xmlNodePtr li = rm_el_class(list, "li", "resource", NULL), h, meta;
    h = rm_el(li, "h3", NULL);
    rm_link(h, rm_url(rq, resource_path(p, c[COL_RS_ID], "")), c[COL_RS_TITLE]);
    meta = rm_el_class(li, "p", "hint", apr_pstrcat(p, label_of(kind_opts, c[COL_RS_KIND]),
                       ", added ", rm_time_human(p, c[COL_RS_ADDED_AT]),
                       *c[COL_RS_SHA256] ? apr_pstrcat(p, " (", file_facts(p, c), ")", NULL)
                                         : "", NULL));
    (void)meta;
    if (*c[COL_RS_DESCRIPTION]) rm_el(li, "p", summary(p, c[COL_RS_DESCRIPTION]));
    if (*c[COL_RS_TOPICS])
        rm_el_class(li, "p", "hint", apr_pstrcat(p, "Topics: ", topics_human(p, c[COL_RS_TOPICS]),
                                                  NULL));
}

int rm_page_resources(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    const apr_table_t *qs = rm_query(rq);
    const char *q = apr_table_get(qs, "q"), *kind = apr_table_get(qs, "kind");
    const char *topic = apr_table_get(qs, "topic"), *pagestr = apr_table_get(qs, "page");
    const char *terms[RM_SEARCH_MAX_TERMS], *query = NULL, *e, *more;
    int nterms = 0, rv, sqlite = rm_db_is_sqlite(rq->db->dbd);
    long page = 1;
    long long total;
    rm_rows *rows, *cnt, *topics;
    rm_page *pg;
    xmlNodePtr sec, f, list;
    (void)m;

    q = q ? rm_trim(p, q) : "";
    kind = kind ? kind : "";
    topic = topic ? rm_trim(p, topic) : "";
    if (pagestr && (e = rm_check_int(p, "the page number", pagestr, 1, 100000, &page)))
        return rm_error_page(rq, HTTP_BAD_REQUEST, "Page not understood",
                             apr_pstrcat(p, e, " Start again from the resources page.", NULL));
    if (*kind && rm_check_choice(p, "the kind", kind, kind_values, 1))
        return rm_error_page(rq, HTTP_BAD_REQUEST, "Search not understood",
                             "There is no such kind of resource. Choose one from the list.");
    if (strlen(q) > MAX_QUERY || rm_search_terms(p, q, terms, &nterms) != 0)
        return rm_error_page(rq, HTTP_BAD_REQUEST, "Search not understood",
                             apr_psprintf(p, "Search for at most %d words of at most %d "
                                          "letters each.", RM_SEARCH_MAX_TERMS,
                                          RM_SEARCH_MAX_TERM));
    if (strlen(topic) > RM_TOPIC_MAX * 4)
        return rm_error_page(rq, HTTP_BAD_REQUEST, "Search not understood",
                             "There is no such topic. Choose one from the list.");
    if ((rv = rm_page_from_cache(rq)) != OK) return rv;
    if (nterms) query = sqlite ? rm_search_fts5(p, terms, nterms)
                               : rm_search_tsquery(p, terms, nterms);
    if (who_select(rq, query ? RM_Q_RES_SEARCH_COUNT : RM_Q_RES_COUNT, &cnt, NULL,
                   query ? RM_ARGS(kind, kind, topic, topic, query)
                         : RM_ARGS(kind, kind, topic, topic)) != 0
        || cnt->n != 1
        || who_select(rq, query ? RM_Q_RES_SEARCH : RM_Q_RES_LIST, &rows, NULL,
                      query ? RM_ARGS(kind, kind, topic, topic, query, apr_itoa(p, PAGE_SIZE),
                                      apr_ltoa(p, (page - 1) * PAGE_SIZE))
                            : RM_ARGS(kind, kind, topic, topic, apr_itoa(p, PAGE_SIZE),
                                      apr_ltoa(p, (page - 1) * PAGE_SIZE))) != 0
        || who_select(rq, RM_Q_RES_TOPICS, &topics, NULL, NULL) != 0)
        return rm_not_found(rq);
    total = apr_atoi64(cnt->rows[0][0]);

    pg = rm_page_new(rq, "Resources");
    rm_el(pg->main, "p", "Let's talk about Race: toolkits, guidance, films and reports on "
          "anti-racism and race equality, chosen by the programme team. You see the ones "
          "meant for you: some are for everyone, some for a programme's participants or for "
          "people in a role.");
    if (is_admin(rq))
        rm_link(rm_el(pg->main, "p", NULL), rm_url(rq, "/admin/resources"),
                "Manage the resources");

    sec = rm_section(pg, pg->main, "h-find", "Find resources");
    f = rm_el_class(sec, "form", "filters", NULL);
    rm_attr(f, "method", "get");
    rm_attr(f, "action", rm_url(rq, "/resources"));
    rm_attr(f, "role", "search");
    rm_input(pg, f, "search", "q", "Words to look for", q,
             "In the title, the description and the topics.", NULL, 0, MAX_QUERY);
    {
        const char *kinds[2 * 5 + 3] = { "", "All kinds" };
        for (int i = 0; kind_opts[i]; i++) kinds[2 + i] = kind_opts[i];
        rm_select(pg, f, "kind", "Kind", kinds, kind, NULL);
    }
    rm_select(pg, f, "topic", "Topic", topic_options(rq, topics), topic, NULL);
    rm_button(f, "Search", "button button-secondary");

    more = (*q || *kind || *topic) ? " match" : "";
    sec = rm_section(pg, pg->main, "h-results",
                     apr_psprintf(p, "%" APR_INT64_T_FMT " resource%s%s", (apr_int64_t)total,
                                  total == 1 ? "" : "s",
                                  *more ? (total == 1 ? " matches" : " match") : ""));
    if (rows->n == 0) {
        rm_el(sec, "p", total == 0 ? (*more ? "No resources match. Try fewer words, or "
                                              "another kind or topic."
                                            : "No resources have been added for you yet.")
                                   : "No resources on this page.");
    }
    else {
        list = rm_el_class(sec, "ul", "resources", NULL);
        for (int i = 0; i < rows->n; i++) resource_item(rq, list, rows->rows[i]);
    }
    rm_pager(sec, rm_url(rq, apr_pstrcat(p, "/resources?q=", rm_url_encode(p, q), "&kind=",
                                         rm_url_encode(p, kind), "&topic=",
                                         rm_url_encode(p, topic), "&page=", NULL)),
             page, total, PAGE_SIZE, "Pages of resources");
    return rm_page_send(pg, HTTP_OK);
}

/* The resource `id` when the asker may see it (live, and in its audience);
 * NULL otherwise */
static const char **visible_resource(rm_req *rq, long long id)
{
    rm_rows *rows;
    if (id <= 0
        || who_select(rq, RM_Q_RES_GET_VISIBLE, &rows, RM_ARGS(rm_i64(rq->r->pool, id)),
                      NULL) != 0
        || rows->n != 1)
        return NULL;
    return rows->rows[0];
}

int rm_page_resource(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    const char **c;
    rm_page *pg;
    xmlNodePtr dl, sec, para;
    int rv;

    if ((rv = rm_page_from_cache(rq)) != OK) return rv;
    if (!(c = visible_resource(rq, m->nargs ? rm_parse_id(m->args[0]) : 0)))
        return rm_not_found(rq);
    pg = rm_page_new(rq, c[COL_RS_TITLE]);
    para = rm_el(pg->main, "p", NULL);
    rm_link(para, rm_url(rq, "/resources"), "Back to the resources");
    dl = rm_dl(pg->main);
    rm_dl_item(dl, "Kind", label_of(kind_opts, c[COL_RS_KIND]));
    if (*c[COL_RS_TOPICS]) rm_dl_item(dl, "Topics", topics_human(p, c[COL_RS_TOPICS]));
    rm_dl_item(dl, "Added", rm_time_human(p, c[COL_RS_ADDED_AT]));
    if (is_admin(rq)) rm_dl_item(dl, "Shown to", audience_human(p, c));
    if (apr_atoi64(c[COL_RS_PROGRAMME]) > 0 && *c[COL_RS_PROG_NAME])
        rm_dl_item(dl, "Programme", c[COL_RS_PROG_NAME]);
    if (*c[COL_RS_DESCRIPTION]) {
        sec = rm_section(pg, pg->main, "h-about", "About this resource");
        paragraphs(sec, p, c[COL_RS_DESCRIPTION]);
    }
    sec = rm_section(pg, pg->main, "h-open", *c[COL_RS_SHA256] ? "Download" : "Open");
    para = rm_el(sec, "p", NULL);
    if (*c[COL_RS_SHA256]) {
        rm_link(para, rm_url(rq, resource_path(p, c[COL_RS_ID], "/file")),
                apr_pstrcat(p, "Download ", c[COL_RS_FILE_NAME], " (", file_facts(p, c), ")",
                            NULL));
    }
    else {
        rm_link(para, c[COL_RS_URL], apr_pstrcat(p, "Open ", c[COL_RS_TITLE],
                                                 " (on its own site)", NULL));
    }
    if (is_admin(rq))
        rm_link(rm_el(pg->main, "p", NULL),
                rm_url(rq, apr_pstrcat(p, "/admin/resources/", c[COL_RS_ID], NULL)),
                "Edit this resource");
    return rm_page_send(pg, HTTP_OK);
}

/* 1 when s is 64 lower-case hex digits (a name the hub gave a file) */
static int sha_name(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f'))) return 0;
    return n == 64;
}

int rm_page_resource_file(rm_req *rq, const rm_route_match *m)
{
    request_rec *r = rq->r;
    apr_pool_t *p = r->pool;
    const char **c = visible_resource(rq, m->nargs ? rm_parse_id(m->args[0]) : 0), *path;
    apr_file_t *f;
    apr_finfo_t fi;
    apr_size_t sent = 0;
    apr_status_t rv;

    if (!c || !*c[COL_RS_SHA256] || !sha_name(c[COL_RS_SHA256]) || !rq->cfg->resource_dir)
        return rm_not_found(rq);
    path = apr_pstrcat(p, rq->cfg->resource_dir, "/", c[COL_RS_SHA256], NULL);
    if ((rv = apr_file_open(&f, path, APR_FOPEN_READ | APR_FOPEN_BINARY, 0, p)) != APR_SUCCESS
        || apr_file_info_get(&fi, APR_FINFO_SIZE | APR_FINFO_TYPE, f) != APR_SUCCESS
        || fi.filetype != APR_REG) {
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, rv, r,
                      RM_TAG "resource %s: its file is missing from RMentorResourceDir",
                      c[COL_RS_ID]);
        return rm_not_found(rq);
    }
    if (rm_already_responded(rq)) return DONE;
    ap_set_content_type(r, c[COL_RS_FILE_TYPE]);
    apr_table_setn(r->headers_out, "Content-Disposition",
                   apr_pstrcat(p, "attachment; filename=\"", c[COL_RS_FILE_NAME], "\"", NULL));
    /* never run as a page of this site, whatever a browser makes of it */
    apr_table_setn(r->err_headers_out, "Content-Security-Policy", "default-src 'none'; sandbox");
    apr_table_setn(r->err_headers_out, "Cache-Control", "private, no-cache");
    apr_table_setn(r->headers_out, "ETag", apr_pstrcat(p, "\"", c[COL_RS_SHA256], "\"", NULL));
    ap_set_content_length(r, fi.size);
    if (r->header_only) return DONE;
    if (fi.size > 0 && ap_send_fd(f, r, 0, (apr_size_t)fi.size, &sent) != APR_SUCCESS)
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, RM_TAG "resource %s: download cut short",
                      c[COL_RS_ID]);
    return DONE;
}

/* ---- a programme's page: its related resources ------------------------------------- */

void rm_resources_related(rm_req *rq, rm_page *pg, const char *programme_id)
{
    apr_pool_t *p = rq->r->pool;
    rm_rows *rows;
    xmlNodePtr sec, list;
    if (who_select(rq, RM_Q_RES_RELATED, &rows, RM_ARGS(programme_id), NULL) != 0
        || rows->n == 0)
        return;
    sec = rm_section(pg, pg->main, "h-related", "Related resources");
    list = rm_el_class(sec, "ul", "resources", NULL);
    for (int i = 0; i < rows->n; i++) resource_item(rq, list, rows->rows[i]);
    rm_link(rm_el(sec, "p", NULL), rm_url(rq, "/resources"), "All the resources");
    (void)p;
}

/* ---- the curators ---------------------------------------------------------------- */

int rm_page_resources_admin(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    static const char *const heads[] = { "Title", "Kind", "Shown to", "Added", "Status",
                                         "Edit", NULL };
    const char *pagestr = apr_table_get(rm_query(rq), "page"), *e;
    long page = 1;
    long long total;
    rm_rows *rows, *cnt;
    rm_page *pg;
    xmlNodePtr sec, tb;
    (void)m;
    if (!is_admin(rq)) return rm_not_found(rq);
    if (pagestr && (e = rm_check_int(p, "the page number", pagestr, 1, 100000, &page)))
        return rm_error_page(rq, HTTP_BAD_REQUEST, "Page not understood",
                             apr_pstrcat(p, e, " Start again from the resources page.", NULL));
    if (rm_db_select(rq->db, RM_Q_RES_ADMIN_COUNT, &cnt, RM_NOARGS) != 0 || cnt->n != 1
        || rm_db_select(rq->db, RM_Q_RES_ADMIN_LIST, &rows,
                        RM_ARGS(apr_itoa(p, ADMIN_PAGE_SIZE),
                                apr_ltoa(p, (page - 1) * ADMIN_PAGE_SIZE))) != 0)
        return rm_not_found(rq);
    total = apr_atoi64(cnt->rows[0][0]);
    pg = rm_page_new(rq, "Manage the resources");
    rm_done_notice(pg);
    rm_el(pg->main, "p", "The resources hub's toolkits, guidance, films, reports and links. "
          "Each is shown only to its audience; a withdrawn one is neither listed nor served.");
    rm_link(rm_el(pg->main, "p", NULL), rm_url(rq, "/admin/resources/new"), "Add a resource");
    sec = rm_section(pg, pg->main, "h-all", apr_psprintf(p, "%" APR_INT64_T_FMT " resource%s",
                                                         (apr_int64_t)total,
                                                         total == 1 ? "" : "s"));
    if (rows->n == 0) {
        rm_el(sec, "p", "No resources have been added yet.");
    }
    else {
        tb = rm_table(pg, sec, NULL, "h-all", heads);
        for (int i = 0; i < rows->n; i++) {
            const char **c = rows->rows[i];
            xmlNodePtr tr = rm_row(tb), td, l;
            int live = apr_atoi64(c[COL_RS_WITHDRAWN]) == 0;
            td = rm_td(tr, NULL);
            if (live) rm_link(td, rm_url(rq, resource_path(p, c[COL_RS_ID], "")), c[COL_RS_TITLE]);
            else rm_text(td, c[COL_RS_TITLE]);
            rm_td(tr, label_of(kind_opts, c[COL_RS_KIND]));
            rm_td(tr, audience_human(p, c));
            rm_td(tr, rm_time_human(p, c[COL_RS_ADDED_AT]));
            rm_td(tr, live ? "Listed" : "Withdrawn");
            td = rm_td(tr, NULL);
            l = rm_link(td, rm_url(rq, apr_pstrcat(p, "/admin/resources/", c[COL_RS_ID], NULL)),
                        "Edit");
            rm_attr(l, "aria-label", apr_pstrcat(p, "Edit ", c[COL_RS_TITLE], NULL));
        }
    }
    rm_pager(sec, rm_url(rq, "/admin/resources?page="), page, total, ADMIN_PAGE_SIZE,
             "Pages of resources");
    return rm_page_send(pg, HTTP_OK);
}

/* The programmes, as select options after "None" */
static const char **programme_options(rm_req *rq)
{
    apr_pool_t *p = rq->r->pool;
    rm_rows *rows;
    const char **o;
    if (rm_db_select(rq->db, RM_Q_RES_PROGRAMMES, &rows, RM_NOARGS) != 0) return NULL;
    o = apr_pcalloc(p, sizeof(char *) * (size_t)(2 * rows->n + 3));
    o[0] = "";
    o[1] = "None";
    for (int i = 0; i < rows->n; i++) {
        o[2 + 2 * i] = rows->rows[i][0];
        o[3 + 2 * i] = rows->rows[i][1];
    }
    return o;
}

/* the extensions the hub takes, "pdf, docx or txt" */
static const char *accepted_exts(rm_req *rq, int for_accept)
{
    apr_pool_t *p = rq->r->pool;
    const char *out = "";
    const char *list = RM_RESOURCE_TYPES;
    const apr_array_header_t *arr = apr_table_elts(rq->cfg->resource_types);
    int n = 0, total = 0;
    const char *ext[64];
    if (arr->nelts) {
        const apr_table_entry_t *te = (const apr_table_entry_t *)arr->elts;
        for (int i = 0; i < arr->nelts && total < 64; i++) ext[total++] = te[i].key;
    }
    else {
        while (*list && total < 64) {
            size_t k = strcspn(list, " ");
            ext[total++] = apr_pstrmemdup(p, list, k);
            list += k;
            while (*list == ' ') list++;
        }
    }
    for (n = 0; n < total; n++) {
        if (for_accept)
            out = apr_pstrcat(p, out, n ? "," : "", ".", ext[n], NULL);
        else
            out = apr_pstrcat(p, out, n == 0 ? "" : n == total - 1 ? " or " : ", ", ext[n],
                              NULL);
    }
    return out;
}

/* The MIME type of an extension the hub takes here, or NULL */
static const char *accepted_type(rm_req *rq, const char *ext)
{
    const char *list = RM_RESOURCE_TYPES;
    size_t n = strlen(ext);
    if (!n) return NULL;
    if (!apr_is_empty_table(rq->cfg->resource_types))
        return apr_table_get(rq->cfg->resource_types, ext);
    while (*list) {
        size_t k = strcspn(list, " ");
        if (k == n && !strncmp(list, ext, n)) return rm_mime_for_ext(ext);
        list += k;
        while (*list == ' ') list++;
    }
    return NULL;
}

static void resource_fields(rm_page *pg, xmlNodePtr f, form_vals *fv, const char **current)
{
    rm_req *rq = pg->rq;
    apr_pool_t *p = rq->r->pool;
    const char **progs = programme_options(rq);
    static const char *const none[] = { "", "None", NULL };
    xmlNodePtr n;

    rm_input(pg, f, "text", "title", "Title", V("title"), NULL, E("title"), 1, MAX_TITLE);
    rm_radios(pg, f, "kind", "What kind of resource is it?", kind_opts, V("kind"), NULL,
              E("kind"));
    rm_textarea(pg, f, "description", "Description", V("description"),
                "What it is and who it helps. At most 4,000 characters.", E("description"), 0,
                MAX_DESCRIPTION);
    rm_input(pg, f, "text", "topics", "Topics", V("topics"),
             "Separate topics with commas, for example: allyship, recruitment, leadership.",
             E("topics"), 0, MAX_TOPICS);
    rm_radios(pg, f, "source", "Is it a link or a file?", source_opts, V("source"),
              rq->cfg->resource_dir ? NULL
              : "Uploads are not set up on this server (RMentorResourceDir): give a link.",
              E("source"));
    rm_input(pg, f, "url", "url", "Link", V("url"),
             "For a link: its address, starting https://.", E("url"), 0, MAX_URL);
    if (rq->cfg->resource_dir) {
        const char *hint = apr_pstrcat(p, "For a file: ", accepted_exts(rq, 0), ", at most ",
                                       rm_resource_size_human(p, apr_off_t_toa(p,
                                           rq->cfg->resource_max ? rq->cfg->resource_max
                                                                 : RM_RESOURCE_MAX)),
                                       ".", NULL);
        if (current && *current[COL_RS_SHA256])
            hint = apr_pstrcat(p, hint, " The current file is ", current[COL_RS_FILE_NAME], " (",
                               file_facts(p, current), "): choose a file only to replace it.",
                               NULL);
        n = rm_input(pg, f, "file", "file", "File", NULL, hint, E("file"), 0, 0);
        if (n) rm_attr(n, "accept", accepted_exts(rq, 1));
    }
    rm_radios(pg, f, "audience", "Who may see it?", audience_opts, V("audience"),
              "A resource is never listed or served to anyone outside its audience. The "
              "service's admins see every resource.", E("audience"));
    rm_select(pg, f, "programme", "Programme", progs ? progs : (const char **)none,
              V("programme"), E("programme"));
    rm_el_class(f, "p", "hint", "The programme whose participants may see it (for that "
                "audience), and whose page lists it under Related resources.");
    rm_select(pg, f, "role", "Role", role_opts, V("role"), E("role"));
}

static void values_of(form_vals *fv, const char **c)
{
    apr_table_setn(fv->v, "title", c[COL_RS_TITLE]);
    apr_table_setn(fv->v, "kind", c[COL_RS_KIND]);
    apr_table_setn(fv->v, "description", c[COL_RS_DESCRIPTION]);
    apr_table_setn(fv->v, "topics", c[COL_RS_TOPICS]);
    apr_table_setn(fv->v, "source", *c[COL_RS_SHA256] ? "file" : "link");
    apr_table_setn(fv->v, "url", c[COL_RS_URL]);
    apr_table_setn(fv->v, "audience", c[COL_RS_AUDIENCE]);
    apr_table_setn(fv->v, "programme", apr_atoi64(c[COL_RS_PROGRAMME]) > 0
                                       ? c[COL_RS_PROGRAMME] : "");
    apr_table_setn(fv->v, "role", c[COL_RS_ROLE]);
}

static int render_form(rm_req *rq, const char **c, form_vals *fv, int status)
{
    apr_pool_t *p = rq->r->pool;
    rm_page *pg = rm_page_new(rq, c ? apr_pstrcat(p, "Edit: ", c[COL_RS_TITLE], NULL)
                                    : "Add a resource");
    xmlNodePtr f, sec;
    int live = c && apr_atoi64(c[COL_RS_WITHDRAWN]) == 0;

    rm_done_notice(pg);
    rm_link(rm_el(pg->main, "p", NULL), rm_url(rq, "/admin/resources"),
            "Back to the resources");
    if (c) {
        rm_el(pg->main, "p", live ? "Listed: shown to its audience."
                                  : "Withdrawn: neither listed nor served.");
    }
    f = rm_form(pg, pg->main, rm_url(rq, c ? apr_pstrcat(p, "/admin/resources/", c[COL_RS_ID],
                                                         NULL)
                                           : "/admin/resources"));
    rm_attr(f, "enctype", "multipart/form-data");
    resource_fields(pg, f, fv, c);
    rm_button(f, c ? "Save the resource" : "Add the resource", NULL);
    if (c) {
        sec = rm_section(pg, pg->main, "h-withdraw", live ? "Withdraw" : "Restore");
        rm_el(sec, "p", live ? "A withdrawn resource is no longer listed or served to anyone. "
                               "You can restore it later."
                             : "Restored, the resource is listed and served to its audience "
                               "again.");
        f = rm_form(pg, sec, rm_url(rq, apr_pstrcat(p, "/admin/resources/", c[COL_RS_ID],
                                                    live ? "/withdraw" : "/restore", NULL)));
        rm_button(f, live ? "Withdraw the resource" : "Restore the resource",
                  live ? "button button-warning" : "button button-secondary");
    }
    return rm_page_send(pg, status);
}

int rm_page_resource_new(rm_req *rq, const rm_route_match *m)
{
    form_vals *fv = fv_new(rq->r->pool);
    (void)m;
    if (!is_admin(rq)) return rm_not_found(rq);
    apr_table_setn(fv->v, "audience", "all");
    apr_table_setn(fv->v, "source", "link");
    return render_form(rq, NULL, fv, HTTP_OK);
}

/* The admin's resource `id` (any state); NULL when not an admin or none */
static const char **admin_resource(rm_req *rq, const rm_route_match *m, int now)
{
    rm_rows *rows;
    long long id = m->nargs ? rm_parse_id(m->args[0]) : 0;
    if (!is_admin(rq) || id <= 0
        || rm_db_select(rq->db, now ? RM_Q_RES_GET_NOW : RM_Q_RES_GET, &rows,
                        RM_ARGS(rm_i64(rq->r->pool, id))) != 0 || rows->n != 1)
        return NULL;
    return rows->rows[0];
}

int rm_page_resource_edit(rm_req *rq, const rm_route_match *m)
{
    const char **c = admin_resource(rq, m, 0);
    form_vals *fv = fv_new(rq->r->pool);
    if (!c) return rm_not_found(rq);
    values_of(fv, c);
    return render_form(rq, c, fv, HTTP_OK);
}

typedef struct {
    const char *sha, *name, *type, *size;
    const unsigned char *data;
    apr_size_t len;
} upload_t;

/* Read and check the form (and its file) into fv and *up; 1 when it has
 * no errors.  current: the resource being edited, or NULL. */
static int read_resource(rm_req *rq, form_vals *fv, const char **current, upload_t *up)
{
    apr_pool_t *p = rq->r->pool;
    static const char *const names[] = { "title", "kind", "description", "topics", "source",
                                         "url", "audience", "programme", "role", NULL };
    const char *topics = "", *e;
    rm_rows *progs;
    int found = 0, chosen = rq->upload && (rq->upload_len > 0 || *rq->upload_name);

    memset(up, 0, sizeof(*up));
    for (int i = 0; names[i]; i++)
        apr_table_setn(fv->v, names[i], rm_trim(p, apr_table_get(rq->form, names[i])));
    SETE("title", rm_check_text(p, "the title", V("title"), 1, MAX_TITLE, 0));
    SETE("kind", rm_check_choice(p, "the kind of resource", V("kind"), kind_values, 1));
    SETE("description", rm_check_text(p, "the description", V("description"), 0,
                                      MAX_DESCRIPTION, 1));
    if (strlen(V("topics")) > MAX_TOPICS)
        SETE("topics", "The topics must be 500 characters or fewer.");
    else if ((e = rm_topics_normalise(p, V("topics"), &topics)))
        SETE("topics", e);
    else
        apr_table_setn(fv->v, "topics", topics);
    SETE("source", rm_check_choice(p, "whether it is a link or a file", V("source"),
                                   source_values, 1));
    SETE("audience", rm_check_choice(p, "who may see it", V("audience"), audience_values, 1));
    if (*V("programme")) {
        if (rm_db_select(rq->db, RM_Q_RES_PROGRAMMES, &progs, RM_NOARGS) != 0) return 0;
        for (int i = 0; i < progs->n; i++)
            if (!strcmp(progs->rows[i][0], V("programme"))) found = 1;
        if (!found) SETE("programme", "Choose a programme from the list.");
    }
    if (!E("audience") && !strcmp(V("audience"), "programme") && !*V("programme")
        && !E("programme"))
        SETE("programme", "Choose the programme whose participants may see it.");
    if (*V("role") || (!E("audience") && !strcmp(V("audience"), "role")))
        SETE("role", rm_check_choice(p, "the role", V("role"), role_values, 1));
    if (!E("audience") && strcmp(V("audience"), "role")) apr_table_setn(fv->v, "role", "");

    if (!strcmp(V("source"), "link")) {
        SETE("url", rm_check_link(p, "the link", V("url"), 1, MAX_URL));
        if (!E("url") && strncasecmp(V("url"), "https://", 8))
            SETE("url", "The link must start with https://");
        if (chosen) SETE("file", "Give a link or a file, not both: leave the file empty for "
                                 "a link.");
    }
    else if (!strcmp(V("source"), "file")) {
        apr_table_setn(fv->v, "url", "");
        if (!rq->cfg->resource_dir) {
            SETE("source", "Uploads are not set up on this server: give a link.");
        }
        else if (!chosen) {
            if (current && *current[COL_RS_SHA256]) {
                up->sha = current[COL_RS_SHA256];
                up->name = current[COL_RS_FILE_NAME];
                up->type = current[COL_RS_FILE_TYPE];
                up->size = current[COL_RS_FILE_SIZE];
            }
            else {
                SETE("file", "Choose the file to upload.");
            }
        }
        else {
            const char *ext = rm_file_ext(p, rq->upload_name), *type = accepted_type(rq, ext);
            if (!type) {
                SETE("file", apr_pstrcat(p, "Files of this kind are not taken: upload ",
                                         accepted_exts(rq, 0), ".", NULL));
            }
            else if ((e = rm_mime_check(type, (const unsigned char *)rq->upload,
                                        rq->upload_len))) {
                SETE("file", e);
            }
            else {
                up->data = (const unsigned char *)rq->upload;
                up->len = rq->upload_len;
                up->type = type;
                up->name = rm_download_name(p, rq->upload_name, ext);
                up->size = apr_off_t_toa(p, (apr_off_t)rq->upload_len);
                up->sha = rm_hri_sha256_hex(p, rq->upload, rq->upload_len);
                if (!sha_name(up->sha)) SETE("file", "The file could not be read.");
            }
        }
    }
    return apr_is_empty_table(fv->e);
}

/* The new file in RMentorResourceDir under its SHA-256: written to a
 * temporary file, flushed to disk and renamed into place (a file of that
 * name is already the same bytes).  0, or -1 (logged). */
static int store_file(rm_req *rq, const upload_t *up)
{
    request_rec *r = rq->r;
    apr_pool_t *p = r->pool;
    const char *dest = apr_pstrcat(p, rq->cfg->resource_dir, "/", up->sha, NULL);
    char *tmp = apr_pstrcat(p, rq->cfg->resource_dir, "/.upload-XXXXXX", NULL);
    apr_file_t *f;
    apr_finfo_t fi;
    apr_size_t n = up->len;
    apr_status_t rv;

    if (!up->data) return 0;                    /* the current file, kept */
    /* already there: touched, so that the purge (which removes files no
     * resource names once a day old) leaves it to the save about to name it */
    if (apr_stat(&fi, dest, APR_FINFO_SIZE, p) == APR_SUCCESS && fi.size == (apr_off_t)up->len) {
        (void)apr_file_mtime_set(dest, apr_time_now(), p);
        return 0;
    }
    rv = apr_file_mktemp(&f, tmp, APR_FOPEN_CREATE | APR_FOPEN_READ | APR_FOPEN_WRITE
                         | APR_FOPEN_EXCL | APR_FOPEN_BINARY, p);
    if (rv == APR_SUCCESS) {
        rv = apr_file_write_full(f, up->data, up->len, &n);
        if (rv == APR_SUCCESS) rv = apr_file_datasync(f);
        if (apr_file_close(f) != APR_SUCCESS && rv == APR_SUCCESS) rv = APR_EGENERAL;
        if (rv == APR_SUCCESS)
            rv = apr_file_perms_set(tmp, APR_FPROT_UREAD | APR_FPROT_UWRITE | APR_FPROT_GREAD);
        if (rv == APR_SUCCESS || APR_STATUS_IS_ENOTIMPL(rv))
            rv = apr_file_rename(tmp, dest, p);
        if (rv != APR_SUCCESS) apr_file_remove(tmp, p);
    }
    if (rv != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, r,
                      RM_TAG "cannot write a resource's file into RMentorResourceDir");
        return -1;
    }
    return 0;
}

static const char *audit_detail(apr_pool_t *p, form_vals *fv, const upload_t *up)
{
    return apr_pstrcat(p, "kind=", V("kind"), " audience=", V("audience"),
                       *V("programme") ? apr_pstrcat(p, " programme=", V("programme"), NULL) : "",
                       *V("role") ? apr_pstrcat(p, " role=", V("role"), NULL) : "",
                       up->sha ? apr_pstrcat(p, " file=", up->sha, NULL) : " link", NULL);
}

int rm_page_resource_add_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    form_vals *fv = fv_new(p);
    upload_t up;
    const char *now = rm_i64(p, (long long)apr_time_sec(rq->now)), *id = NULL;
    long long me;
    rm_rows *ins;
    (void)m;
    if (!is_admin(rq)) return rm_not_found(rq);
    if (!read_resource(rq, fv, NULL, &up)) return render_form(rq, NULL, fv,
                                                              HTTP_UNPROCESSABLE_ENTITY);
    if (store_file(rq, &up) != 0) return rm_save_failed(rq);
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (!(me = rm_person_id(rq, 1))) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    if (rm_db_select(rq->db, RM_Q_RES_INSERT, &ins,
                     RM_ARGV(RES_INSERT, .title = V("title"), .kind = V("kind"),
                             .description = V("description"), .topics = V("topics"),
                             .url = V("url"), .file_sha256 = up.sha ? up.sha : "",
                             .file_name = up.name ? up.name : "",
                             .file_type = up.type ? up.type : "",
                             .file_size = up.size ? up.size : "0",
                             .audience = V("audience"),
                             .programme_id = *V("programme") ? V("programme") : "0",
                             .role = V("role"), .added_by = rm_i64(p, me), .added_at = now,
                             .updated_at = now)) == 0 && ins->n == 1) {
        id = ins->rows[0][0];
        if (rm_audit(rq, "resource.create", "resource", rm_parse_id(id),
                     audit_detail(p, fv, &up)) != 0)
            id = NULL;
    }
    if (!id || rm_db_end(rq->db, 1) != 0) {
        if (rm_db_in_transaction(rq->db)) rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    return rm_redirect(rq, apr_pstrcat(p, "/admin/resources/", id, "?done=resource-added",
                                       NULL));
}

int rm_page_resource_edit_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    const char **c = admin_resource(rq, m, 0);
    form_vals *fv = fv_new(p);
    upload_t up;
    const char *now = rm_i64(p, (long long)apr_time_sec(rq->now));
    int nrows = 0;
    if (!c) return rm_not_found(rq);
    if (!read_resource(rq, fv, c, &up)) return render_form(rq, c, fv, HTTP_UNPROCESSABLE_ENTITY);
    if (store_file(rq, &up) != 0) return rm_save_failed(rq);
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    rm_db_exec(rq->db, RM_Q_RES_UPDATE, &nrows,
               RM_ARGV(RES_UPDATE, .title = V("title"), .kind = V("kind"),
                       .description = V("description"), .topics = V("topics"), .url = V("url"),
                       .file_sha256 = up.sha ? up.sha : "", .file_name = up.name ? up.name : "",
                       .file_type = up.type ? up.type : "", .file_size = up.size ? up.size : "0",
                       .audience = V("audience"),
                       .programme_id = *V("programme") ? V("programme") : "0",
                       .role = V("role"), .updated_at = now, .id = c[COL_RS_ID]));
    if (nrows != 1
        || rm_audit(rq, "resource.update", "resource", rm_parse_id(c[COL_RS_ID]),
                    audit_detail(p, fv, &up)) != 0
        || rm_db_end(rq->db, 1) != 0) {
        if (rm_db_in_transaction(rq->db)) rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    return rm_redirect(rq, apr_pstrcat(p, "/admin/resources/", c[COL_RS_ID],
                                       "?done=resource-saved", NULL));
}

static int set_listed(rm_req *rq, const rm_route_match *m, int withdraw)
{
    apr_pool_t *p = rq->r->pool;
    const char **c = admin_resource(rq, m, 0);
    const char *now = rm_i64(p, (long long)apr_time_sec(rq->now));
    int nrows = 0, ok;
    if (!c) return rm_not_found(rq);
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    /* already withdrawn (or listed): nothing changes, and the same answer */
    ok = rm_db_exec(rq->db, withdraw ? RM_Q_RES_WITHDRAW : RM_Q_RES_RESTORE, &nrows,
                    withdraw ? RM_ARGS(now, now, c[COL_RS_ID]) : RM_ARGS(now, c[COL_RS_ID])) == 0
         && (nrows == 0 || rm_audit(rq, withdraw ? "resource.withdraw" : "resource.restore",
                                    "resource", rm_parse_id(c[COL_RS_ID]), "") == 0);
    if (!ok || rm_db_end(rq->db, 1) != 0) {
        if (rm_db_in_transaction(rq->db)) rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    return rm_redirect(rq, apr_pstrcat(p, "/admin/resources/", c[COL_RS_ID], "?done=",
                                       withdraw ? "resource-withdrawn" : "resource-restored",
                                       NULL));
}

int rm_page_resource_withdraw_post(rm_req *rq, const rm_route_match *m)
{
    return set_listed(rq, m, 1);
}

int rm_page_resource_restore_post(rm_req *rq, const rm_route_match *m)
{
    return set_listed(rq, m, 0);
}
