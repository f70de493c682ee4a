/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 * The progression export's XML document (hrexport.h).  Built with
 * libxml2's own allocation (not the page builder's pool nodes): the
 * signature (xmlsign.c) adds and frees nodes of it. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <apr_strings.h>
#include "hrexport.h"

const char *rm_hrx_outcome(const char *app_status, int active, int completed, int ended)
{
    if (app_status && !strcmp(app_status, "withdrawn")) return "withdrawn";
    if (completed > 0) return "completed";
    if (active > 0) return "in_progress";
    if (ended > 0) return "ended_early";
    return "not_matched";
}

static apr_status_t doc_free(void *d)
{
    xmlFreeDoc(d);
    return APR_SUCCESS;
}

void rm_hrx_doc_pool(apr_pool_t *p, xmlDocPtr doc)
{
    apr_pool_cleanup_register(p, doc, doc_free, apr_pool_cleanup_null);
}

static void nl(xmlNodePtr parent, const char *indent)
{
    xmlAddChild(parent, xmlNewText(BAD_CAST indent));
}

static void attr(xmlNodePtr n, const char *name, const char *value)
{
    xmlNewProp(n, BAD_CAST name, BAD_CAST value);
}

static void attr_n(xmlNodePtr n, const char *name, long long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", v);
    xmlNewProp(n, BAD_CAST name, BAD_CAST buf);
}

/* An element in the document's namespace with text (escaped by libxml2 on
 * output: xmlNewTextChild, never xmlNewChild's entity-aware content). */
static xmlNodePtr el(xmlNodePtr parent, const char *name, const char *text)
{
    return xmlNewTextChild(parent, parent->ns, BAD_CAST name,
                           text ? BAD_CAST text : NULL);
}

xmlDocPtr rm_hrx_doc_new(const rm_hrx_header *h)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root;
    xmlNsPtr ns;
    if (!doc) return NULL;
    root = xmlNewDocNode(doc, NULL, BAD_CAST "ProgressionExport", NULL);
    xmlDocSetRootElement(doc, root);
    ns = xmlNewNs(root, BAD_CAST RM_HRX_NS, NULL);
    xmlSetNs(root, ns);
    attr(root, "generated", h->generated);
    attr(root, "asOf", h->as_of);
    attr_n(root, "page", h->page);
    attr_n(root, "pageSize", h->page_size);
    if (h->programme > 0) attr_n(root, "programme", h->programme);
    if (h->since) attr(root, "since", h->since);
    return doc;
}

static const char *yes(int v)
{
    return v ? "true" : "false";
}

void rm_hrx_add(xmlDocPtr doc, const rm_hrx_record *rec)
{
    xmlNodePtr root = xmlDocGetRootElement(doc), r, n;
    nl(root, "\n  ");
    r = el(root, "Record", NULL);
    attr_n(r, "id", rec->id);
    attr(r, "changed", rec->changed);
    nl(r, "\n    ");
    n = el(r, "Attribute", rec->principal);
    attr(n, "Name", RM_HRX_OID_EPPN);
    attr(n, "FriendlyName", "eduPersonPrincipalName");
    if (rec->staff_number && *rec->staff_number) {
        nl(r, "\n    ");
        n = el(r, "Attribute", rec->staff_number);
        attr(n, "Name", RM_HRX_OID_EMPLOYEE_NUMBER);
        attr(n, "FriendlyName", "employeeNumber");
    }
    nl(r, "\n    ");
    el(r, "Role", rec->role);
    nl(r, "\n    ");
    n = el(r, "Programme", rec->programme);
    attr_n(n, "id", rec->programme_id);
    attr(n, "start", rec->start);
    attr(n, "end", rec->end);
    nl(r, "\n    ");
    n = el(r, "Training", NULL);
    attr_n(n, "attended", rec->training_attended);
    attr(n, "completed", yes(rec->training_completed));
    nl(r, "\n    ");
    n = el(r, "Meetings", NULL);
    attr_n(n, "held", rec->meetings_held);
    attr_n(n, "minimum", rec->meetings_min);
    attr_n(n, "minutes", rec->minutes_held);
    attr_n(n, "minimumMinutes", rec->minutes_min);
    nl(r, "\n    ");
    attr(el(r, "CheckIn", NULL), "completed", yes(rec->checkin_done));
    nl(r, "\n    ");
    attr(el(r, "Evaluation", NULL), "completed", yes(rec->eval_done));
    nl(r, "\n    ");
    el(r, "Outcome", rec->outcome);
    {   /* always there, empty when none: one shape for every record */
        int i;
        xmlNodePtr cs;
        nl(r, "\n    ");
        cs = el(r, "CareerSteps", NULL);
        for (i = 0; rec->steps && i < rec->steps->nelts; i++) {
            const rm_hrx_step *s = &APR_ARRAY_IDX(rec->steps, i, rm_hrx_step);
            nl(cs, "\n      ");
            n = el(cs, "CareerStep", NULL);
            attr(n, "kind", s->kind);
            attr(n, "on", s->on);
        }
        if (rec->steps && rec->steps->nelts) nl(cs, "\n    ");
    }
    if (rec->grade_entry && *rec->grade_entry) {   /* none: a Senior Mentor's */
        nl(r, "\n    ");
        n = el(r, "GradeAtEntry", rec->grade_entry);
        if (rec->hesa_entry && *rec->hesa_entry) attr(n, "hesaLevel", rec->hesa_entry);
    }
    if (rec->grade_latest && *rec->grade_latest) {
        nl(r, "\n    ");
        n = el(r, "GradeLatest", rec->grade_latest);
        if (rec->grade_latest_on && *rec->grade_latest_on)
            attr(n, "on", rec->grade_latest_on);
        if (rec->hesa_latest && *rec->hesa_latest) attr(n, "hesaLevel", rec->hesa_latest);
    }
    if (rec->left_on && *rec->left_on) {
        nl(r, "\n    ");
        el(r, "LeftOn", rec->left_on);
    }
    if (rec->self_identified >= 0) {
        nl(r, "\n    ");
        el(r, "SelfIdentified", yes(rec->self_identified));
    }
    nl(r, "\n  ");
}

void rm_hrx_next(xmlDocPtr doc, const char *href)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);
    nl(root, "\n  ");
    attr(el(root, "Next", NULL), "href", href);
    nl(root, "\n");
}

const char *rm_hrx_iso(apr_pool_t *p, long long t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    char buf[32];
    if (!gmtime_r(&tt, &tm)) return "1970-01-01T00:00:00Z";
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return apr_pstrdup(p, buf);
}

static int digits(const char *s, int n)
{
    int i;
    for (i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

long long rm_hrx_parse_time(const char *s)
{
    size_t len;
    if (!s) return -1;
    len = strlen(s);
    if (len >= 1 && len <= 12 && digits(s, (int)len)) return atoll(s);
    /* YYYY-MM-DDTHH:MM:SSZ */
    if (len == 20 && digits(s, 4) && s[4] == '-' && digits(s + 5, 2) && s[7] == '-'
        && digits(s + 8, 2) && s[10] == 'T' && digits(s + 11, 2) && s[13] == ':'
        && digits(s + 14, 2) && s[16] == ':' && digits(s + 17, 2) && s[19] == 'Z') {
        struct tm tm;
        memset(&tm, 0, sizeof tm);
        tm.tm_year = atoi(s) - 1900;
        tm.tm_mon = atoi(s + 5) - 1;
        tm.tm_mday = atoi(s + 8);
        tm.tm_hour = atoi(s + 11);
        tm.tm_min = atoi(s + 14);
        tm.tm_sec = atoi(s + 17);
        if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31
            || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60 || tm.tm_year < 70)
            return -1;
        return (long long)timegm(&tm);
    }
    return -1;
}
