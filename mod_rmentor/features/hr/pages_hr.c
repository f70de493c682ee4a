/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The HR data exchange's pages (area.h): HR's page, the signed progression
 * export as XML and as CSV, and HR's import; and the branch that serves a
 * machine client identified by its TLS client certificate, before identity
 * (rm_hr_machine, called from mod_rmentor.c).
 */
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include <http_protocol.h>
#include <http_request.h>
#include <http_ssl.h>
#include <http_core.h>
#include <util_script.h>
#include <libxml/xmlsave.h>
#include "pages.h"
#include "hr.h"
#include "hr_web.h"
#include "core/xmlsign.h"
#include "core/hrexport.h"
#include "core/hrimport.h"
#include "core/pace.h"

APLOG_USE_MODULE(rmentor);

#define MAX_REPORT_ROWS 2000

static int allowed(const rm_req *rq)
{
    return rq->machine || rm_has_role(rq, RM_ROLE_HR);
}

static long page_size(const rm_req *rq)
{
    return rq->cfg->hr_page_size > 0 ? rq->cfg->hr_page_size : RM_HR_PAGE_SIZE;
}

/* ---- start-up ------------------------------------------------------------ */

int rm_hr_post_config(apr_pool_t *p, server_rec *s)
{
    for (; s; s = s->next) {
        rm_srv_cfg *c = ap_get_module_config(s->module_config, &rmentor_module);
        const char *err = NULL;
        if (!c->hr_key_file && !c->hr_cert_file) continue;
        if (!c->hr_key_file || !c->hr_cert_file) {
            ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s, RM_TAG "RMentorHRSigningKey and "
                         "RMentorHRSigningCertificate go together: set both, or neither");
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        if (rm_xmlsig_init() != 0
            || !(c->hr_key = rm_xmlsig_key_load(p, c->hr_key_file, c->hr_cert_file, &err))) {
            ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s, RM_TAG "the HR export's signing "
                         "key: %s", err ? err : "libxmlsec1 cannot be initialised");
            return HTTP_INTERNAL_SERVER_ERROR;
        }
    }
    return OK;
}

/* ---- the export's query -------------------------------------------------- */

typedef struct {
    long long programme, after, since, asof;
    long page;
} export_q;

static int digits_only(const char *s, size_t max)
{
    size_t n = 0;
    for (; *s; s++, n++)
        if (!apr_isdigit(*s) || n >= max) return 0;
    return n > 0;
}

/* NULL, or what is wrong with the query */
static const char *read_query(rm_req *rq, export_q *q)
{
    const apr_table_t *t = rm_query(rq);
    const char *v;
    memset(q, 0, sizeof *q);
    q->page = 1;
    if ((v = apr_table_get(t, "programme")) && *v) {
        if (!digits_only(v, 18) || !(q->programme = atoll(v)))
            return "programme must be a programme's number.";
    }
    if ((v = apr_table_get(t, "after")) && *v) {
        if (!digits_only(v, 18)) return "after must be a record's number.";
        q->after = atoll(v);
    }
    if ((v = apr_table_get(t, "page")) && *v) {
        if (!digits_only(v, 6)) return "page must be a number.";
        q->page = atol(v) > 0 ? atol(v) : 1;
    }
    if ((v = apr_table_get(t, "since")) && *v) {
        if ((q->since = rm_hrx_parse_time(v)) < 0)
            return "since must be a time as Unix seconds or as 2026-12-05T10:00:00Z (UTC).";
    }
    if ((v = apr_table_get(t, "asof")) && *v) {
        if ((q->asof = rm_hrx_parse_time(v)) < 0)
            return "asof must be a time as Unix seconds or as 2026-12-05T10:00:00Z (UTC).";
    }
    if (!q->asof) q->asof = (long long)apr_time_sec(rq->now);
    return NULL;
}

static const char *next_url(rm_req *rq, const char *file, const export_q *q, long long last)
{
    apr_pool_t *p = rq->r->pool;
    const char *path = apr_psprintf(p, "/hr/%s?after=%" APR_INT64_T_FMT "&page=%ld&asof=%"
                                    APR_INT64_T_FMT, file, (apr_int64_t)last, q->page + 1,
                                    (apr_int64_t)q->asof);
    if (q->programme)
        path = apr_psprintf(p, "%s&programme=%" APR_INT64_T_FMT, path, (apr_int64_t)q->programme);
    if (q->since)
        path = apr_psprintf(p, "%s&since=%" APR_INT64_T_FMT, path, (apr_int64_t)q->since);
    return ap_construct_url(p, rm_url(rq, path), rq->r);
}

static int bad_query(rm_req *rq, const char *why)
{
    return rm_error_page(rq, HTTP_BAD_REQUEST, "Export not made",
                         apr_pstrcat(rq->r->pool, "The address asks for something this "
                                     "export cannot give: ", why, NULL));
}

/* Every export is audited: who, which programme (0: all), which page, how
 * many records; never a record's content. */
static int audit_export(rm_req *rq, const char *format, const export_q *q, long n,
                        int selfid)
{
    int ok;
    if (rm_db_begin(rq->db) != 0) return -1;
    ok = rm_audit(rq, selfid ? "hr.export.selfid" : "hr.export", "programme", q->programme,
                  apr_psprintf(rq->r->pool, "%s page=%ld records=%ld since=%" APR_INT64_T_FMT,
                               format, q->page, n, (apr_int64_t)q->since)) == 0;
    return rm_db_end(rq->db, ok) == 0 && ok ? 0 : -1;
}

static void download_headers(rm_req *rq, const char *type, const char *ext, const export_q *q)
{
    request_rec *r = rq->r;
    ap_set_content_type(r, type);
    apr_table_setn(r->headers_out, "Content-Disposition",
                   q->programme
                   ? apr_psprintf(r->pool, "attachment; filename=\"progression-programme-%"
                                  APR_INT64_T_FMT "-page-%ld.%s\"",
                                  (apr_int64_t)q->programme, q->page, ext)
                   : apr_psprintf(r->pool, "attachment; filename=\"progression-page-%ld.%s\"",
                                  q->page, ext));
}

/* ---- XML ----------------------------------------------------------------- */

typedef struct {
    rm_hrx_doc *doc;
    long n;
} xml_ctx;

static int emit_xml(void *c, apr_pool_t *p, const rm_hrx_record *rec)
{
    xml_ctx *x = c;
    (void)p;
    rm_hrx_add(x->doc, rec);
    x->n++;
    return 0;
}

/* The export's tree is tens of megabytes of small allocations, freed when
 * the request ends; glibc keeps freed memory in the arena of the thread
 * that used it, so without this each worker thread that ever served an
 * export would hold its own copy of that peak. */
static apr_status_t trim_memory(void *unused)
{
    (void)unused;
#ifdef __GLIBC__
    malloc_trim(0);
#endif
    return APR_SUCCESS;
}

static int write_out(void *ctx, const char *buf, int len)
{
    request_rec *r = ctx;
    return ap_rwrite(buf, len, r) < 0 ? -1 : len;
}

/* A sector programme (RMentorInstitution): the institution whose people
 * this exchange covers: a machine client's (the third argument of its
 * RMentorHRClient, else the home institution), or the HR person's own (roles
 * are only ever the home institution's).  "" on a single institution's site:
 * everyone. */
static const char *hr_scope(const rm_req *rq)
{
    if (!rq->cfg->institutions->nelts) return "";
    if (rq->id.scope && *rq->id.scope) return rq->id.scope;
    return rq->cfg->aff_scope ? rq->cfg->aff_scope : "";
}

int rm_page_hr_export_xml(rm_req *rq, const rm_route_match *m)
{
    request_rec *r = rq->r;
    apr_pool_t *p = r->pool;
    export_q q;
    xml_ctx x;
    rm_hr_scan s;
    rm_hrx_header h;
    long long last;
    int more, selfid = (rq->cfg->hr_selfid & RM_HR_SELFID_XML) != 0;
    const char *why, *err = NULL;
    xmlSaveCtxtPtr save;
    (void)m;

    if (!allowed(rq)) return rm_not_found(rq);
    if (!rq->cfg->hr_key) {
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, RM_TAG "the HR export is asked for "
                      "but RMentorHRSigningKey is not set");
        return rm_error_page(rq, HTTP_SERVICE_UNAVAILABLE, "Export not set up",
                             "The signed export is not set up on this server yet: its "
                             "signing key is missing. Ask IT to set it up.");
    }
    if ((why = read_query(rq, &q))) return bad_query(rq, why);
    memset(&h, 0, sizeof h);
    h.generated = rm_hrx_iso(p, apr_time_sec(rq->now));
    h.as_of = rm_hrx_iso(p, q.asof);
    h.page = q.page;
    h.page_size = page_size(rq);
    h.programme = q.programme;
    h.since = q.since ? rm_hrx_iso(p, q.since) : NULL;
    /* after the document's own cleanup (cleanups run last first): the
     * freed tree given back to the system, so the child does not keep it */
    apr_pool_cleanup_register(p, NULL, trim_memory, apr_pool_cleanup_null);
    x.doc = rm_hrx_begin(p, &h);
    x.n = 0;
    if (!x.doc) return HTTP_INTERNAL_SERVER_ERROR;
    memset(&s, 0, sizeof s);
    s.programme = q.programme;
    s.scope = hr_scope(rq);
    s.after = q.after;
    s.since = q.since;
    s.limit = page_size(rq);
    s.with_selfid = selfid;
    s.hesa = rq->cfg->hesa;
    s.emit = emit_xml;
    s.ctx = &x;
    if (rm_hr_scan_page(rq->db, p, &s, &last, &more) != 0) return rm_not_found(rq);
    if (more) rm_hrx_next(x.doc, next_url(rq, "export.xml", &q, last));
    if (rm_xmlsig_sign(rm_hrx_xml(x.doc), rq->cfg->hr_key, &err) != 0) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, RM_TAG "the HR export: %s", err);
        return rm_error_page(rq, HTTP_INTERNAL_SERVER_ERROR, "Export not made",
                             "The export could not be signed. Nothing was sent.");
    }
    if (audit_export(rq, "xml", &q, x.n, selfid) != 0) return rm_save_failed(rq);
    if (rm_already_responded(rq)) return DONE;
    download_headers(rq, "application/xml; charset=utf-8", "xml", &q);
    if (r->header_only) return DONE;
    save = xmlSaveToIO(write_out, NULL, r, "UTF-8", XML_SAVE_AS_XML);
    if (!save || xmlSaveDoc(save, rm_hrx_xml(x.doc)) < 0) {
        if (save) xmlSaveClose(save);
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, RM_TAG "the HR export could not be sent");
        r->connection->keepalive = AP_CONN_CLOSE;
        return DONE;
    }
    xmlSaveClose(save);
    return DONE;
}

/* ---- CSV ----------------------------------------------------------------- */

typedef struct {
    apr_pool_t *p;
    apr_array_header_t *rows;
    int selfid;
} csv_ctx;

static int emit_csv(void *c, apr_pool_t *p, const rm_hrx_record *rec)
{
    csv_ctx *x = c;                 /* rows kept in the request's pool */
    (void)p;
    *(const char **)apr_array_push(x->rows) = rm_hrx_csv_row(x->p, rec, x->selfid);
    return 0;
}

int rm_page_hr_export_csv(rm_req *rq, const rm_route_match *m)
{
    request_rec *r = rq->r;
    apr_pool_t *p = r->pool;
    export_q q;
    csv_ctx x;
    rm_hr_scan s;
    long long last;
    int more, i;
    const char *why;
    (void)m;

    if (!allowed(rq)) return rm_not_found(rq);
    if ((why = read_query(rq, &q))) return bad_query(rq, why);
    x.p = p;
    x.selfid = (rq->cfg->hr_selfid & RM_HR_SELFID_CSV) != 0;
    x.rows = apr_array_make(p, 256, sizeof(const char *));
    memset(&s, 0, sizeof s);
    s.programme = q.programme;
    s.scope = hr_scope(rq);
    s.after = q.after;
    s.since = q.since;
    s.limit = page_size(rq);
    s.with_selfid = x.selfid;
    s.hesa = rq->cfg->hesa;
    s.emit = emit_csv;
    s.ctx = &x;
    if (rm_hr_scan_page(rq->db, p, &s, &last, &more) != 0) return rm_not_found(rq);
    if (audit_export(rq, "csv", &q, x.rows->nelts, x.selfid) != 0) return rm_save_failed(rq);
    if (rm_already_responded(rq)) return DONE;
    /* CSV has no place for a link: the next page is in the Link header */
    if (more)
        apr_table_setn(r->headers_out, "Link",
                       apr_psprintf(p, "<%s>; rel=\"next\"", next_url(rq, "export.csv", &q, last)));
    download_headers(rq, "text/csv; charset=utf-8; header=present", "csv", &q);
    if (r->header_only) return DONE;
    ap_rputs(rm_hrx_csv_header(p, x.selfid), r);
    for (i = 0; i < x.rows->nelts; i++) ap_rputs(APR_ARRAY_IDX(x.rows, i, const char *), r);
    return DONE;
}

/* ---- import -------------------------------------------------------------- */

static int import_text(rm_req *rq, int status, const char *head, const rm_hr_report *rep)
{
    request_rec *r = rq->r;
    int i;
    if (rm_already_responded(rq)) return DONE;
    r->status = status;
    ap_set_content_type(r, "text/plain; charset=utf-8");
    if (r->header_only) return DONE;
    ap_rvputs(r, head, "\n", NULL);
    for (i = 0; rep && i < rep->lines->nelts; i++) {
        const rm_hr_outcome_line *l = &APR_ARRAY_IDX(rep->lines, i, rm_hr_outcome_line);
        if (!rep->rejected || l->rejected)
            ap_rprintf(r, "line %ld: %s %s: %s%s\n", l->line, l->kind, l->who,
                       l->rejected ? "rejected: " : "", l->what);
    }
    return DONE;
}

static int import_page(rm_req *rq, int status, const char *title, const char *summary,
                       const rm_hr_report *rep)
{
    rm_page *pg = rm_page_new(rq, title);
    apr_pool_t *p = rq->r->pool;
    static const char *const heads[] = { "Line", "Record", "Person", "Result", NULL };
    int i, shown = 0;
    if (rep && rep->rejected) rm_notice(pg, "error", summary);
    else rm_el(pg->main, "p", summary);
    if (rep && rep->lines->nelts) {
        xmlNodePtr body = rm_table(pg, pg->main, rep->rejected ? "Rejected records"
                                   : "Records in the file", NULL, heads);
        for (i = 0; i < rep->lines->nelts && shown < MAX_REPORT_ROWS; i++) {
            const rm_hr_outcome_line *l = &APR_ARRAY_IDX(rep->lines, i, rm_hr_outcome_line);
            xmlNodePtr row;
            if (rep->rejected && !l->rejected) continue;
            row = rm_row(body);
            rm_td(row, apr_ltoa(p, l->line));
            rm_td(row, l->kind);
            rm_td(row, l->who);
            rm_td(row, l->what);
            shown++;
        }
        if (shown == MAX_REPORT_ROWS)
            rm_el(pg->main, "p", apr_psprintf(p, "Only the first %d are listed.",
                                              MAX_REPORT_ROWS));
    }
    rm_link(rm_el(pg->main, "p", NULL), rm_url(rq, "/hr"), "Back to HR data exchange");
    return rm_page_send(pg, status);
}

/* Parse, check and apply one file; answer with the report (a page, or
 * text for a machine client). */
static int do_import(rm_req *rq, const char *buf, size_t len)
{
    apr_pool_t *p = rq->r->pool;
    rm_hri_limits lim;
    rm_hri_batch *b = NULL;
    rm_hr_report rep;
    const char *err = NULL, *sha = rm_hri_sha256_hex(p, buf, len);
    const char *source = "web";     /* the command line's are "cli" */
    int rc;

    lim.max_bytes = rq->cfg->hr_import_max ? (size_t)rq->cfg->hr_import_max : RM_HR_IMPORT_MAX;
    lim.max_depth = 8;
    lim.max_records = 50000;
    if (rm_hri_parse(p, buf, len, &lim, &b, &err) != 0) {
        const char *msg = apr_pstrcat(p, "The file was refused and nothing was changed: ",
                                      err, NULL);
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, rq->r, RM_TAG "HR import refused "
                      "(%" APR_SIZE_T_FMT " bytes)", len);
        if (rm_hr_import_refused(rq->db, p, rq->id.principal, source, sha,
                                 apr_time_sec(rq->now)) != 0)
            return rm_save_failed(rq);
        return rq->machine ? import_text(rq, HTTP_UNPROCESSABLE_ENTITY, msg, NULL)
                           : import_page(rq, HTTP_UNPROCESSABLE_ENTITY, "HR update refused",
                                         msg, NULL);
    }
    rc = rm_hr_import_apply(rq->db, p, b, rq->id.principal, source, sha, rq->cfg->grades,
                            apr_time_sec(rq->now), 0, hr_scope(rq), &rep);
    if (rc != 0) return rm_save_failed(rq);
    if (rep.rejected) {
        const char *msg = apr_psprintf(p, "Nothing was changed: %d of the %d records %s "
                                       "rejected. Correct %s and send the whole file again.",
                                       rep.rejected, rep.records,
                                       rep.rejected == 1 ? "was" : "were",
                                       rep.rejected == 1 ? "it" : "them");
        return rq->machine ? import_text(rq, HTTP_UNPROCESSABLE_ENTITY, msg, &rep)
                           : import_page(rq, HTTP_UNPROCESSABLE_ENTITY, "HR update not applied",
                                         msg, &rep);
    }
    {
        const char *msg = apr_psprintf(p, "Applied: %d records, %d changed, %d unchanged.",
                                       rep.records, rep.changed, rep.records - rep.changed);
        return rq->machine ? import_text(rq, HTTP_OK, msg, &rep)
                           : import_page(rq, HTTP_OK, "HR update applied", msg, &rep);
    }
}

int rm_page_hr_import_post(rm_req *rq, const rm_route_match *m)
{
    (void)m;
    if (!allowed(rq)) return rm_not_found(rq);
    if (!rq->upload || rq->upload_len == 0)
        return import_page(rq, HTTP_UNPROCESSABLE_ENTITY, "HR update refused",
                           "Choose the XML file to send: no file arrived. Nothing was changed.",
                           NULL);
    return do_import(rq, rq->upload, rq->upload_len);
}

/* ---- HR's page ----------------------------------------------------------- */

int rm_page_hr(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    rm_page *pg;
    rm_rows *progs, *imports;
    xmlNodePtr sec, form, n, body, ul;
    static const char *const pheads[] = { "Programme", "Starts", "Ends", "Participants",
                                          "Export", NULL };
    static const char *const iheads[] = { "When", "By", "How", "Records", "Changed",
                                          "Rejected", "Outcome", NULL };
    int i, rc;
    (void)m;

    if (!rm_has_role(rq, RM_ROLE_HR)) return rm_not_found(rq);
    if ((rc = rm_page_from_cache(rq)) != OK) return rc;
    if (rm_db_select(rq->db, RM_Q_HR_PROGRAMMES, &progs,
                     RM_ARGS(hr_scope(rq), hr_scope(rq))) != 0
        || rm_db_select(rq->db, RM_Q_HR_IMPORTS, &imports, RM_NOARGS) != 0)
        return rm_not_found(rq);
    pg = rm_page_new(rq, "HR data exchange");

    sec = rm_section(pg, pg->main, "h-export", "Progression export");
    rm_el(sec, "p", "One record for each participant of each programme: their role, the "
          "programme's dates, training attended, meetings held against the minimum, whether "
          "they completed the check-in and the evaluation, the outcome, career steps, and "
          "their grade at entry and the latest grade HR reported. Never their notes or "
          "written answers.");
    if (!rq->cfg->hr_key)
        rm_notice(pg, "warning", "The signed XML export is not set up on this server: its "
                  "signing key is missing. Ask IT to set it up. The CSV export works.");
    rm_el(sec, "p", apr_psprintf(p, "Each file holds at most %ld records; a longer export "
                                 "continues in the next file, linked from the end of the XML "
                                 "and from the CSV's Link header.", page_size(rq)));
    ul = rm_el_class(sec, "ul", "inline-links", NULL);
    rm_link(rm_el(ul, "li", NULL), rm_url(rq, "/hr/export.xml"),
            "All programmes, signed XML");
    rm_link(rm_el(ul, "li", NULL), rm_url(rq, "/hr/export.csv"), "All programmes, CSV");
    if (progs->n) {
        body = rm_table(pg, sec, "Programmes", NULL, pheads);
        for (i = 0; i < progs->n; i++) {
            const char **row = progs->rows[i];
            xmlNodePtr tr = rm_row(body), td;
            const char *q = apr_pstrcat(p, "?programme=", row[COL_HRP_ID], NULL);
            rm_td(tr, row[COL_HRP_NAME]);
            rm_td(tr, row[COL_HRP_START]);
            rm_td(tr, rm_programme_last_day(p, row[COL_HRP_START], atoi(row[COL_HRP_LENGTH])));
            rm_td(tr, row[COL_HRP_COUNT]);
            td = rm_td(tr, NULL);
            n = rm_link(td, rm_url(rq, apr_pstrcat(p, "/hr/export.xml", q, NULL)), "XML");
            rm_attr(n, "aria-label", apr_pstrcat(p, row[COL_HRP_NAME], ", signed XML", NULL));
            rm_text(td, " ");
            n = rm_link(td, rm_url(rq, apr_pstrcat(p, "/hr/export.csv", q, NULL)), "CSV");
            rm_attr(n, "aria-label", apr_pstrcat(p, row[COL_HRP_NAME], ", CSV", NULL));
        }
    }
    else {
        rm_el(sec, "p", "There are no programmes yet.");
    }

    sec = rm_section(pg, pg->main, "h-import", "Send HR's updates");
    rm_el(sec, "p", "An XML file of grade changes, staff numbers and leavers, in the format "
          "of the service's hr-import.xsd. Every record is checked first: if any is "
          "rejected, nothing is changed and the report lists each rejected record with its "
          "line.");
    form = rm_form(pg, sec, rm_url(rq, "/hr/import"));
    rm_attr(form, "enctype", "multipart/form-data");
    n = rm_input(pg, form, "file", "file", "HR update file (XML)", NULL,
                 apr_psprintf(p, "At most %ld kB.", (long)((rq->cfg->hr_import_max
                              ? rq->cfg->hr_import_max : RM_HR_IMPORT_MAX) / 1024)),
                 NULL, 1, 0);
    rm_attr(n, "accept", ".xml,application/xml,text/xml");
    rm_button(form, "Check and apply", NULL);

    sec = rm_section(pg, pg->main, "h-imports", "Recent updates");
    if (imports->n) {
        body = rm_table(pg, sec, "The last 20 updates", NULL, iheads);
        for (i = 0; i < imports->n; i++) {
            const char **row = imports->rows[i];
            xmlNodePtr tr = rm_row(body);
            rm_td(tr, rm_time_human(p, row[COL_HRI_AT]));
            rm_td(tr, row[COL_HRI_ACTOR]);
            rm_td(tr, !strcmp(row[COL_HRI_SOURCE], "cli") ? "Command line" : "Web");
            rm_td(tr, row[COL_HRI_RECORDS]);
            rm_td(tr, row[COL_HRI_CHANGED]);
            rm_td(tr, row[COL_HRI_REJECTED]);
            rm_td(tr, !strcmp(row[COL_HRI_OUTCOME], "applied") ? "Applied"
                      : !strcmp(row[COL_HRI_OUTCOME], "rejected") ? "Not applied: records rejected"
                      : "Refused: not a valid file");
        }
    }
    else {
        rm_el(sec, "p", "No updates have been sent yet.");
    }

    sec = rm_section(pg, pg->main, "h-machines", "HR systems");
    rm_el(sec, "p", rq->cfg->hr_clients->nelts
          ? apr_psprintf(p, "%d HR system%s may fetch the export and send updates without "
                         "signing in, with the TLS client certificate IT registered for it.",
                         rq->cfg->hr_clients->nelts / 2,
                         rq->cfg->hr_clients->nelts > 2 ? "s" : "")
          : "No HR system is registered to fetch the export with a TLS client certificate. "
            "IT can register one.");
    return rm_page_send(pg, 200);
}

/* ---- machine clients ----------------------------------------------------- */

int rm_hr_is_machine_path(const char *path)
{
    return !strcmp(path, "/hr/export.xml") || !strcmp(path, "/hr/export.csv")
        || !strcmp(path, "/hr/import");
}

static const char *ssl_var(request_rec *r, const char *name)
{
    return ap_ssl_var_lookup(r->pool, r->server, r->connection, r, name);
}

int rm_hr_machine(rm_req *rq, const char *path)
{
    request_rec *r = rq->r;
    const char *verify, *idn, *sdn, *ct;
    int i, ok = 0, rc;

    if (r->user) return DECLINED;           /* a person: identity as usual */
    verify = ssl_var(r, "SSL_CLIENT_VERIFY");
    if (!verify || !*verify || !strcmp(verify, "NONE")) return DECLINED;
    idn = ssl_var(r, "SSL_CLIENT_I_DN");
    sdn = ssl_var(r, "SSL_CLIENT_S_DN");
    if (!strcmp(verify, "SUCCESS") && idn && sdn) {
        for (i = 0; i + 1 < rq->cfg->hr_clients->nelts && !ok; i += 2)
            if (!strcmp(idn, APR_ARRAY_IDX(rq->cfg->hr_clients, i, const char *))
                && !strcmp(sdn, APR_ARRAY_IDX(rq->cfg->hr_clients, i + 1, const char *))) {
                ok = 1;
                /* the institution it is bound to (a sector programme) */
                rq->id.scope = APR_ARRAY_IDX(rq->cfg->hr_client_scopes, i / 2, const char *);
            }
    }
    if (!ok) {
        /* the DNs are the client's own certificate's, not personal data */
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, RM_TAG "refused TLS client "
                      "certificate (%s) for the HR exchange: subject %s, issuer %s",
                      strncmp(verify, "SUCCESS", 7) ? "not verified" : "not registered",
                      sdn ? sdn : "-", idn ? idn : "-");
        return rm_error_page(rq, HTTP_FORBIDDEN, "Certificate not accepted",
                             "This client certificate is not registered for the HR data "
                             "exchange, or could not be verified.");
    }
    rq->machine = 1;
    rq->id.principal = apr_pstrcat(r->pool, "tls:", sdn, NULL);
    rq->id.display_name = "HR system";
    rq->id.entitlements = apr_array_make(r->pool, 1, sizeof(char *));
    if ((rc = rm_parse_query(rq)) != OK) return rc;
    if (!strcmp(path, "/hr/import")) {
        char *buf;
        apr_size_t len;
        apr_off_t max = rq->cfg->hr_import_max ? rq->cfg->hr_import_max : RM_HR_IMPORT_MAX;
        if (r->method_number != M_POST) {
            apr_table_setn(r->err_headers_out, "Allow", "POST");
            return rm_error_page(rq, HTTP_METHOD_NOT_ALLOWED, "Not allowed",
                                 "Send the update with POST.");
        }
        ct = apr_table_get(r->headers_in, "Content-Type");
        if (!ct || (strncasecmp(ct, "application/xml", 15) && strncasecmp(ct, "text/xml", 8)))
            return rm_error_page(rq, HTTP_UNSUPPORTED_MEDIA_TYPE, "File not accepted",
                                 "Send the update as the request body, with Content-Type "
                                 "application/xml. Nothing was changed.");
        if ((rc = rm_read_body(rq, max, "file", &buf, &len)) != OK) return rc;
        if ((rc = rm_db_open(rq)) != OK) return rc;
        return do_import(rq, buf, len);
    }
    if (r->method_number != M_GET) {
        apr_table_setn(r->err_headers_out, "Allow", "GET, HEAD");
        return rm_error_page(rq, HTTP_METHOD_NOT_ALLOWED, "Not allowed",
                             "The export is read with GET.");
    }
    if ((rc = ap_discard_request_body(r)) != OK) return rc;
    if ((rc = rm_db_open(rq)) != OK) return rc;
    return !strcmp(path, "/hr/export.xml") ? rm_page_hr_export_xml(rq, NULL)
                                           : rm_page_hr_export_csv(rq, NULL);
}
