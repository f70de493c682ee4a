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

struct rm_hrx_doc {
    apr_pool_t *pool;
    xmlDocPtr doc;
    xmlNodePtr root;
    xmlNodePtr first_record;        /* programmes go before it             */
    apr_hash_t *programmes;         /* ids described                        */
};

static apr_status_t doc_free(void *d)
{
    xmlFreeDoc(d);
    return APR_SUCCESS;
}

/* A newline after each programme and before the link; none between
 * records: signing holds the whole tree, and a node a record is 640 kB a
 * page (`xmllint --format` lays a document out for reading). */
static void nl(xmlNodePtr parent, const char *text)
{
    xmlAddChild(parent, xmlNewDocText(parent->doc, BAD_CAST text));
}

/* A text node whose value costs no allocation of its own, as libxml2's
 * parser makes them with XML_PARSE_COMPACT: a value shorter than two
 * pointers is kept inside the node (in the unused properties and nsDef
 * fields, which xmlFreeNode knows not to free), a longer one in the
 * document's dictionary, where repeated values (dates, URNs) are stored
 * once.  The tree is never changed after it is built (only the signature
 * is added beside it), as compact nodes require.  With attributes made
 * this way a record costs about a quarter less memory. */
static xmlNodePtr text_node(xmlDocPtr doc, const char *value)
{
    xmlNodePtr t = xmlNewDocText(doc, NULL);
    size_t len = strlen(value);
    if (!t) return NULL;
    if (len < 2 * sizeof(void *)) {
        xmlChar *in = (xmlChar *)&t->properties;
        memcpy(in, value, len + 1);
        t->content = in;
    }
    else {
        t->content = (xmlChar *)xmlDictLookup(doc->dict, BAD_CAST value, (int)len);
    }
    return t;
}

static void attr(xmlNodePtr n, const char *name, const char *value)
{
    xmlAttrPtr a = xmlNewProp(n, BAD_CAST name, NULL);
    xmlNodePtr t;
    if (!a || !(t = text_node(n->doc, value))) return;
    a->children = a->last = t;
    t->parent = (xmlNodePtr)a;
}

static void attr_n(xmlNodePtr n, const char *name, long long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", v);
    attr(n, name, buf);
}

/* An element in the document's namespace, with text when given (escaped by
 * libxml2's serialiser on output, as all text is). */
static xmlNodePtr el(xmlNodePtr parent, const char *name, const char *text)
{
    xmlNodePtr n = xmlNewDocNode(parent->doc, parent->ns, BAD_CAST name, NULL), t;
    if (!n) return NULL;
    xmlAddChild(parent, n);
    if (text && *text && (t = text_node(parent->doc, text))) {
        n->children = n->last = t;
        t->parent = n;
    }
    return n;
}

rm_hrx_doc *rm_hrx_begin(apr_pool_t *p, const rm_hrx_header *h)
{
    rm_hrx_doc *d = apr_pcalloc(p, sizeof(*d));
    xmlNsPtr ns;
    d->pool = p;
    d->programmes = apr_hash_make(p);
    if (!(d->doc = xmlNewDoc(BAD_CAST "1.0"))) return NULL;
    apr_pool_cleanup_register(p, d->doc, doc_free, apr_pool_cleanup_null);
    /* element and attribute names interned once, not copied per node
     * (xmlFreeDoc frees the dictionary) */
    d->doc->dict = xmlDictCreate();
    d->root = xmlNewDocNode(d->doc, NULL, BAD_CAST "ProgressionExport", NULL);
    xmlDocSetRootElement(d->doc, d->root);
    ns = xmlNewNs(d->root, BAD_CAST RM_HRX_NS, NULL);
    xmlSetNs(d->root, ns);
    attr(d->root, "generated", h->generated);
    attr(d->root, "asOf", h->as_of);
    attr_n(d->root, "page", h->page);
    if (h->page_size > 0) attr_n(d->root, "pageSize", h->page_size);
    if (h->programme > 0) attr_n(d->root, "programme", h->programme);
    if (h->since) attr(d->root, "since", h->since);
    return d;
}

xmlDocPtr rm_hrx_xml(rm_hrx_doc *d)
{
    return d->doc;
}

static const char *yes(int v)
{
    return v ? "true" : "false";
}

static void describe_programme(rm_hrx_doc *d, const rm_hrx_record *rec)
{
    xmlNodePtr n, t;
    long long *key;
    if (apr_hash_get(d->programmes, &rec->programme_id, sizeof(rec->programme_id))) return;
    key = apr_palloc(d->pool, sizeof(*key));
    *key = rec->programme_id;
    apr_hash_set(d->programmes, key, sizeof(*key), "1");
    n = xmlNewDocNode(d->doc, d->root->ns, BAD_CAST "Programme", NULL);
    if (*rec->programme) {
        xmlNodePtr name = text_node(d->doc, rec->programme);
        n->children = n->last = name;
        name->parent = n;
    }
    attr_n(n, "id", rec->programme_id);
    attr(n, "start", rec->start);
    attr(n, "end", rec->end);
    attr_n(n, "minimumMeetings", rec->meetings_min);
    attr_n(n, "minimumMinutes", rec->minutes_min);
    t = xmlNewDocText(d->doc, BAD_CAST "\n");
    if (d->first_record) {          /* programmes before the records */
        xmlAddPrevSibling(d->first_record, n);
        xmlAddPrevSibling(d->first_record, t);
    }
    else {
        xmlAddChild(d->root, n);
        xmlAddChild(d->root, t);
    }
}

void rm_hrx_add(rm_hrx_doc *d, const rm_hrx_record *rec)
{
    xmlNodePtr r, n;
    int i;
    describe_programme(d, rec);
    r = el(d->root, "Record", NULL);
    if (!d->first_record) d->first_record = r;
    attr_n(r, "id", rec->id);
    attr(r, "changed", rec->changed);
    attr(r, "role", rec->role);
    attr_n(r, "programme", rec->programme_id);
    attr(r, "outcome", rec->outcome);
    attr(el(r, "Attribute", rec->principal), "Name", RM_HRX_OID_EPPN);
    if (rec->staff_number && *rec->staff_number)
        attr(el(r, "Attribute", rec->staff_number), "Name", RM_HRX_OID_EMPLOYEE_NUMBER);
    n = el(r, "Progress", NULL);
    attr_n(n, "trainingAttended", rec->training_attended);
    attr(n, "trainingCompleted", yes(rec->training_completed));
    attr_n(n, "meetingsHeld", rec->meetings_held);
    attr_n(n, "minutesHeld", rec->minutes_held);
    attr(n, "checkIn", yes(rec->checkin_done));
    attr(n, "evaluation", yes(rec->eval_done));
    if ((rec->grade_entry && *rec->grade_entry) || (rec->grade_latest && *rec->grade_latest)) {
        n = el(r, "Grade", NULL);
        if (rec->grade_entry && *rec->grade_entry) {
            attr(n, "entry", rec->grade_entry);
            if (rec->hesa_entry && *rec->hesa_entry) attr(n, "entryHESA", rec->hesa_entry);
        }
        if (rec->grade_latest && *rec->grade_latest) {
            attr(n, "latest", rec->grade_latest);
            if (rec->grade_latest_on && *rec->grade_latest_on)
                attr(n, "latestOn", rec->grade_latest_on);
            if (rec->hesa_latest && *rec->hesa_latest) attr(n, "latestHESA", rec->hesa_latest);
        }
    }
    if (rec->left_on && *rec->left_on) el(r, "LeftOn", rec->left_on);
    for (i = 0; rec->steps && i < rec->steps->nelts; i++) {
        const rm_hrx_step *s = &APR_ARRAY_IDX(rec->steps, i, rm_hrx_step);
        n = el(r, "CareerStep", NULL);
        attr(n, "kind", s->kind);
        attr(n, "on", s->on);
    }
    if (rec->self_identified >= 0) el(r, "SelfIdentified", yes(rec->self_identified));
}

void rm_hrx_next(rm_hrx_doc *d, const char *href)
{
    nl(d->root, "\n");
    attr(el(d->root, "Next", NULL), "href", href);
    nl(d->root, "\n");
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
