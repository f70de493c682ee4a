/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The subject-access document (core/sar.h).  The XML is an ordinary
 * libxml2 document, freed before returning; the JSON a Jansson value, freed
 * likewise; what is returned is a copy in the caller's pool.  Text that is
 * not valid UTF-8 (it never should be: the module stores only what it
 * checked) is refused by both writers rather than passed on.
 */
#include <string.h>
#include <apr_strings.h>
#include <libxml/tree.h>
#include <libxml/xmlsave.h>
#include <jansson.h>
#include "rm_core.h"
#include "sar.h"

const char *rm_sar_xml(apr_pool_t *p, const rm_sar_doc *d, apr_size_t *len)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root, sec, rec, f;
    xmlNsPtr ns;
    xmlChar *mem = NULL;
    int n = 0;
    const char *out = NULL;

    if (!doc) return NULL;
    root = xmlNewDocNode(doc, NULL, BAD_CAST "SubjectAccess", NULL);
    if (!root) goto done;
    xmlDocSetRootElement(doc, root);
    ns = xmlNewNs(root, BAD_CAST RM_SAR_NS, NULL);
    xmlSetNs(root, ns);
    xmlNewProp(root, BAD_CAST "generated", BAD_CAST d->generated);
    xmlNewProp(root, BAD_CAST "site", BAD_CAST d->site);
    for (int s = 0; s < d->nsections; s++) {
        const rm_sar_section *x = &d->sections[s];
        sec = xmlNewChild(root, ns, BAD_CAST "Section", NULL);
        if (!sec) goto done;
        xmlNewProp(sec, BAD_CAST "name", BAD_CAST x->name);
        xmlNewProp(sec, BAD_CAST "title", BAD_CAST x->title);
        xmlNewProp(sec, BAD_CAST "count", BAD_CAST apr_itoa(p, x->nrows));
        for (int i = 0; i < x->nrows; i++) {
            rec = xmlNewChild(sec, ns, BAD_CAST "Record", NULL);
            if (!rec) goto done;
            for (int j = 0; j < x->ncols; j++) {
                /* xmlNewTextChild escapes the value */
                f = xmlNewTextChild(rec, ns, BAD_CAST "Field", BAD_CAST x->rows[i][j]);
                if (!f) goto done;
                xmlNewProp(f, BAD_CAST "name", BAD_CAST x->cols[j]);
            }
        }
    }
    xmlDocDumpFormatMemoryEnc(doc, &mem, &n, "UTF-8", 1);
    if (mem && n > 0) {
        out = apr_pstrmemdup(p, (const char *)mem, (apr_size_t)n);
        *len = (apr_size_t)n;
    }
done:
    if (mem) xmlFree(mem);
    xmlFreeDoc(doc);
    return out;
}

const char *rm_sar_json(apr_pool_t *p, const rm_sar_doc *d, apr_size_t *len)
{
    json_t *root = json_object(), *secs = json_array();
    const char *out = NULL;
    char *text;
    int bad = !root || !secs;

    if (!bad) {
        bad |= json_object_set_new(root, "format", json_string(RM_SAR_JSON_FORMAT));
        bad |= json_object_set_new(root, "generated", json_string(d->generated));
        bad |= json_object_set_new(root, "site", json_string(d->site));
    }
    for (int s = 0; !bad && s < d->nsections; s++) {
        const rm_sar_section *x = &d->sections[s];
        json_t *sec = json_object(), *recs = json_array();
        if (!sec || !recs) { json_decref(sec); json_decref(recs); bad = 1; break; }
        json_object_set_new(sec, "name", json_string(x->name));
        json_object_set_new(sec, "title", json_string(x->title));
        json_object_set_new(sec, "count", json_integer(x->nrows));
        for (int i = 0; !bad && i < x->nrows; i++) {
            json_t *rec = json_object();
            if (!rec) { bad = 1; break; }
            for (int j = 0; j < x->ncols; j++) {
                json_t *v = json_string(x->rows[i][j]);  /* NULL: not UTF-8 */
                if (!v || json_object_set_new(rec, x->cols[j], v)) { bad = 1; break; }
            }
            if (json_array_append_new(recs, rec)) bad = 1;
        }
        json_object_set_new(sec, "records", recs);
        if (json_array_append_new(secs, sec)) bad = 1;
    }
    if (!bad && !json_object_set(root, "sections", secs)
        && (text = json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER))) {
        *len = strlen(text);
        out = apr_pstrmemdup(p, text, *len);
        free(text);
    }
    json_decref(secs);
    json_decref(root);
    return out;
}
