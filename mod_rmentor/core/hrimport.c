/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * HR's import file, read safely (hrimport.h says what is refused and why).
 *
 * The order of the checks matters:
 *  1. size, UTF-8 and the declared encoding, on the raw bytes;
 *  2. libxml2's push-free memory parser with our own SAX callbacks on the
 *     context's private handler: a DOCTYPE, an entity or other markup
 *     declaration, a processing instruction, nesting deeper than the limit
 *     or too many records stop the parser on the spot (xmlStopParser), so
 *     nothing after them is read; its errors are collected through the
 *     handler's serror, never the global handlers;
 *  3. the embedded schema (hr-import.xsd) over the tree, errors collected
 *     through the validation context's structured handler;
 *  4. what XSD 1.0 cannot say: exactly one of principal and staffNumber,
 *     real calendar dates.
 */
#include <string.h>
#include <stdint.h>
#include <apr_strings.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <openssl/evp.h>
#include "rm_core.h"
#include "hrimport.h"

#define QUOTE_MAX     40        /* characters of a quoted value in a message */
#define MESSAGE_MAX   400       /* bytes of one problem's sentence */
#define BYTES_CAP     (1024u * 1024u * 1024u)

typedef struct {
    apr_pool_t *p;
    const rm_hri_limits *lim;
    apr_array_header_t *problems;   /* of const char *, at most RM_HRI_MAX_PROBLEMS */
    int more;                       /* problems not listed */
    int refused;                    /* one of our SAX checks stopped the parser */
    int errors;                     /* errors libxml2 reported */
    int depth;
    int records;
} hri_state;

const char *rm_hri_sha256_hex(apr_pool_t *p, const char *buf, size_t len)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0, i;
    char *hex;
    if (!EVP_Digest(buf, len, md, &n, EVP_sha256(), NULL)) return "";
    hex = apr_palloc(p, n * 2 + 1);
    for (i = 0; i < n; i++) apr_snprintf(hex + i * 2, 3, "%02x", md[i]);
    return hex;
}

const char *rm_hri_kind_name(rm_hri_kind kind)
{
    switch (kind) {
    case RM_HRI_GRADE: return "GradeChange";
    case RM_HRI_STAFF_NUMBER: return "StaffNumber";
    case RM_HRI_LEAVER: return "Leaver";
    }
    return "record";
}

int rm_hri_is_date(const char *s)
{
    return s && rm_date_parse(s, NULL) == 0;
}

/* ---- problems ------------------------------------------------------------ */

static void problem(hri_state *st, long line, const char *text)
{
    if (st->problems->nelts >= RM_HRI_MAX_PROBLEMS) {
        st->more++;
        return;
    }
    APR_ARRAY_PUSH(st->problems, const char *) =
        line > 0 ? apr_psprintf(st->p, "line %ld: %s", line, text) : text;
}

/* How many bytes the UTF-8 character starting at s claims (1 for a stray
 * byte; the caller checks the sequence). */
static size_t utf8_step(const unsigned char *s)
{
    if (*s < 0xC0) return 1;
    if (*s < 0xE0) return s[1] ? 2 : 1;
    if (*s < 0xF0) return (s[1] && s[2]) ? 3 : 1;
    return (s[1] && s[2] && s[3]) ? 4 : 1;
}

/* libxml2's message made fit to show: the schema's namespace dropped, the
 * trailing newline and control characters turned into spaces, bytes that
 * are not UTF-8 into '?', every quoted
 * value ('...') cut to QUOTE_MAX characters, the whole cut to MESSAGE_MAX
 * bytes, never in the middle of a character. */
static const char *tidy(apr_pool_t *p, const char *msg)
{
    static const char ns[] = "{" RM_HRI_NS "}";
    size_t n = msg ? strlen(msg) : 0, o = 0;
    char *out = apr_palloc(p, (n < MESSAGE_MAX ? n : MESSAGE_MAX) + 8);
    const unsigned char *s = (const unsigned char *)(msg ? msg : "");
    int quoted = 0;
    size_t qchars = 0;

    while (*s && o < MESSAGE_MAX) {
        size_t k;
        if (!strncmp((const char *)s, ns, sizeof(ns) - 1)) {
            s += sizeof(ns) - 1;
            continue;
        }
        if (*s == '\'') {
            if (quoted && qchars > QUOTE_MAX) {
                memcpy(out + o, "...", 3);
                o += 3;
            }
            quoted = !quoted;
            qchars = 0;
            out[o++] = '\'';
            s++;
            continue;
        }
        k = utf8_step(s);
        if (o + k > MESSAGE_MAX) break;
        if (quoted && ++qchars > QUOTE_MAX) {
            s += k;
            continue;
        }
        if (*s < 0x20 || *s == 0x7F) {
            out[o++] = ' ';
            s++;
            continue;
        }
        /* libxml2 quotes the input cut at a byte count: a character it cut
         * in two becomes '?' */
        if (k > 1 && !rm_utf8_valid((const char *)s, k)) k = 1;
        if (k == 1 && *s >= 0x80) {
            out[o++] = '?';
            s++;
            continue;
        }
        memcpy(out + o, s, k);
        o += k;
        s += k;
    }
    while (o > 0 && out[o - 1] == ' ') o--;
    out[o] = '\0';
    return out;
}

/* ---- libxml2 objects, freed by pool cleanups ------------------------------ */

static apr_status_t free_parser(void *x) { xmlFreeParserCtxt(x); return APR_SUCCESS; }
static apr_status_t free_doc(void *x) { xmlFreeDoc(x); return APR_SUCCESS; }
static apr_status_t free_schema(void *x) { xmlSchemaFree(x); return APR_SUCCESS; }
static apr_status_t free_vctxt(void *x) { xmlSchemaFreeValidCtxt(x); return APR_SUCCESS; }
static apr_status_t free_pctxt(void *x) { xmlSchemaFreeParserCtxt(x); return APR_SUCCESS; }

static void own(apr_pool_t *p, void *x, apr_status_t (*fn)(void *))
{
    apr_pool_cleanup_register(p, x, fn, apr_pool_cleanup_null);
}

static void release(apr_pool_t *p, void *x, apr_status_t (*fn)(void *))
{
    if (x) apr_pool_cleanup_run(p, x, fn);
}

/* ---- the SAX callbacks ---------------------------------------------------- */

static hri_state *state_of(void *ctx)
{
    return (hri_state *)((xmlParserCtxtPtr)ctx)->_private;
}

static long line_of(xmlParserCtxtPtr ctxt)
{
    return ctxt->input ? (long)ctxt->input->line : 0;
}

static void refuse(void *ctx, const char *why)
{
    xmlParserCtxtPtr ctxt = ctx;
    hri_state *st = state_of(ctx);
    if (!st->refused) problem(st, line_of(ctxt), why);
    st->refused = 1;
    xmlStopParser(ctxt);
}

static const char no_dtd[] =
    "the file has a document type declaration (<!DOCTYPE ...>); HR's import must "
    "have none, as one could declare entities that read files or the network";

static void on_internal_subset(void *ctx, const xmlChar *name, const xmlChar *eid,
                               const xmlChar *sid)
{
    refuse(ctx, no_dtd);
}

static void on_external_subset(void *ctx, const xmlChar *name, const xmlChar *eid,
                               const xmlChar *sid)
{
    refuse(ctx, no_dtd);
}

/* Never reached once internalSubset has stopped the parser; here so that no
 * declaration could ever be recorded if it were. */
static void on_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *pid,
                           const xmlChar *sid, xmlChar *content)
{
    refuse(ctx, no_dtd);
}

static void on_unparsed_entity(void *ctx, const xmlChar *name, const xmlChar *pid,
                               const xmlChar *sid, const xmlChar *notation)
{
    refuse(ctx, no_dtd);
}

static void on_notation(void *ctx, const xmlChar *name, const xmlChar *pid,
                        const xmlChar *sid)
{
    refuse(ctx, no_dtd);
}

static void on_attribute_decl(void *ctx, const xmlChar *elem, const xmlChar *fullname,
                              int type, int def, const xmlChar *defaultValue,
                              xmlEnumerationPtr tree)
{
    xmlFreeEnumeration(tree);       /* the callback owns it */
    refuse(ctx, no_dtd);
}

static void on_element_decl(void *ctx, const xmlChar *name, int type,
                            xmlElementContentPtr content)
{
    refuse(ctx, no_dtd);
}

static xmlEntityPtr on_get_entity(void *ctx, const xmlChar *name)
{
    return NULL;        /* the five predefined ones never get here */
}

static xmlEntityPtr on_get_pe(void *ctx, const xmlChar *name)
{
    return NULL;
}

static xmlParserInputPtr on_resolve(void *ctx, const xmlChar *pid, const xmlChar *sid)
{
    refuse(ctx, "the file refers to an external resource; HR's import must be self-contained");
    return NULL;
}

static void on_reference(void *ctx, const xmlChar *name)
{
    refuse(ctx, "the file refers to an entity; only &amp; &lt; &gt; &quot; &apos; and "
           "character references are allowed");
}

static void on_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
    refuse(ctx, "the file has a processing instruction (<?...?>, such as "
           "<?xml-stylesheet?>); HR's import must have none");
}

static int utf8_name(const char *e)
{
    return !strcasecmp(e, "UTF-8") || !strcasecmp(e, "UTF8");
}

static void on_start_document(void *ctx)
{
    xmlParserCtxtPtr ctxt = ctx;
    const char *enc = ctxt->input && ctxt->input->encoding
        ? (const char *)ctxt->input->encoding : (const char *)ctxt->encoding;
    if (enc && !utf8_name(enc)) {
        refuse(ctx, "the file declares an encoding other than UTF-8; HR's import "
               "must be UTF-8");
        return;
    }
    xmlSAX2StartDocument(ctx);
}

static void on_start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                             const xmlChar *URI, int nb_namespaces,
                             const xmlChar **namespaces, int nb_attributes,
                             int nb_defaulted, const xmlChar **attributes)
{
    xmlParserCtxtPtr ctxt = ctx;
    hri_state *st = state_of(ctx);
    xmlNodePtr parent = ctxt->node;

    if (st->refused) return;
    if (++st->depth > st->lim->max_depth) {
        refuse(ctx, apr_psprintf(st->p, "elements are nested more than %d deep; HR's import "
                                 "holds only HRUpdate and its records",
                                 st->lim->max_depth));
        return;
    }
    if (st->depth == 2 && ++st->records > st->lim->max_records) {
        refuse(ctx, apr_psprintf(st->p, "the file holds more than %d records; split it "
                                 "into several imports", st->lim->max_records));
        return;
    }
    xmlSAX2StartElementNs(ctx, localname, prefix, URI, nb_namespaces, namespaces,
                          nb_attributes, nb_defaulted, attributes);
    /* the element's exact line (node->line stops at 65535) */
    if (ctxt->node && ctxt->node != parent)
        ctxt->node->_private = (void *)(intptr_t)line_of(ctxt);
}

static void on_end_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                           const xmlChar *URI)
{
    hri_state *st = state_of(ctx);
    if (st->refused) return;
    st->depth--;
    xmlSAX2EndElementNs(ctx, localname, prefix, URI);
}

/* The line of the node an error is about: what on_start_element kept, else
 * libxml2's own (which stops at 65535). */
static long node_line(xmlNodePtr n, long fallback)
{
    if (n && n->type == XML_ATTRIBUTE_NODE) n = n->parent;
    if (n && n->type == XML_ELEMENT_NODE && n->_private) return (long)(intptr_t)n->_private;
    return fallback;
}

static void collect(hri_state *st, const xmlError *e)
{
    if (!e || e->level < XML_ERR_ERROR) return;     /* warnings are not problems */
    st->errors++;
    problem(st, node_line(e->node, e->line), tidy(st->p, e->message));
}

/* the parser context's structured errors (userData is the context) */
static void on_parse_error(void *ctx, xmlErrorPtr e)
{
    hri_state *st = state_of(ctx);
    if (st->refused) return;        /* our own sentence says it better */
    collect(st, e);
}

/* the schema contexts' structured errors */
static void on_schema_error(void *ctx, xmlErrorPtr e)
{
    collect(ctx, e);
}

/* ---- the raw bytes ---------------------------------------------------------- */

/* The encoding the XML declaration names, or NULL when it names none (a
 * declaration that cannot be read is left to the parser). */
static const char *declared_encoding(apr_pool_t *p, const char *buf, size_t len)
{
    const char *end, *e;
    size_t n;
    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) {
        buf += 3;
        len -= 3;
    }
    if (len < 6 || memcmp(buf, "<?xml", 5) || !strchr(" \t\r\n", buf[5])) return NULL;
    n = len < 512 ? len : 512;
    end = NULL;
    for (size_t i = 5; i + 1 < n; i++)
        if (buf[i] == '?' && buf[i + 1] == '>') { end = buf + i; break; }
    if (!end) return NULL;
    for (e = buf + 5; e + 8 <= end; e++) {
        const char *v;
        char q;
        if (memcmp(e, "encoding", 8)) continue;
        v = e + 8;
        while (v < end && strchr(" \t\r\n", *v)) v++;
        if (v >= end || *v != '=') return NULL;
        v++;
        while (v < end && strchr(" \t\r\n", *v)) v++;
        if (v >= end || (*v != '"' && *v != '\'')) return NULL;
        q = *v++;
        for (const char *w = v; w < end; w++)
            if (*w == q) return apr_pstrmemdup(p, v, (apr_size_t)(w - v));
        return NULL;
    }
    return NULL;
}

static const char *check_bytes(apr_pool_t *p, const char *buf, size_t len, size_t max)
{
    const char *enc;
    if (len == 0) return "the file is empty";
    if (len > max)
        return apr_psprintf(p, "the file is %" APR_SIZE_T_FMT " bytes; at most %"
                            APR_SIZE_T_FMT " are accepted", (apr_size_t)len, (apr_size_t)max);
    if ((len >= 2 && ((unsigned char)buf[0] == 0xFF || (unsigned char)buf[0] == 0xFE))
        || memchr(buf, 0, len))
        return "the file is not UTF-8 (it looks like UTF-16 or UTF-32); HR's import must "
               "be UTF-8";
    if (!rm_utf8_valid(buf, len)) {
        /* the line of the first bad sequence (one pass) */
        const unsigned char *s = (const unsigned char *)buf;
        long line = 1;
        size_t i = 0, n;
        while (i < len) {
            n = s[i] < 0x80 ? 1 : s[i] >= 0xC2 && s[i] <= 0xDF ? 2
                : s[i] >= 0xE0 && s[i] <= 0xEF ? 3 : s[i] >= 0xF0 && s[i] <= 0xF4 ? 4 : 0;
            if (!n || n > len - i || !rm_utf8_valid(buf + i, n)) break;
            if (s[i] == '\n') line++;
            i += n;
        }
        return apr_psprintf(p, "line %ld: the file is not valid UTF-8; HR's import must be "
                            "UTF-8", line);
    }
    enc = declared_encoding(p, buf, len);
    if (enc && !utf8_name(enc))
        return "the file declares an encoding other than UTF-8; HR's import must be UTF-8";
    return NULL;
}

/* ---- the records -------------------------------------------------------------- */

/* An attribute's value with no namespace, straight from the tree (no copy
 * from libxml2's allocator), or NULL. */
static const char *attr(apr_pool_t *p, xmlNodePtr n, const char *name)
{
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        if (a->ns || strcmp((const char *)a->name, name)) continue;
        if (!a->children) return "";
        if (a->children->next || a->children->type != XML_TEXT_NODE) {
            xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
            char *c = apr_pstrdup(p, v ? (const char *)v : "");
            xmlFree(v);
            return c;
        }
        return apr_pstrdup(p, a->children->content ? (const char *)a->children->content : "");
    }
    return NULL;
}

/* XML Schema's "collapse": runs of white space become one space, none at
 * either end (what xs:token and xs:date compare). */
static const char *collapse(apr_pool_t *p, const char *s)
{
    char *out, *o;
    int space = 0;
    if (!s) return NULL;
    o = out = apr_palloc(p, strlen(s) + 1);
    for (; *s; s++) {
        if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
            space = o > out;
            continue;
        }
        if (space) *o++ = ' ';
        space = 0;
        *o++ = *s;
    }
    *o = '\0';
    return out;
}

static void check_date(hri_state *st, long line, const char *kind, const char *name,
                       const char *v)
{
    if (v && !rm_hri_is_date(v))
        problem(st, line, apr_psprintf(st->p, "%s's %s \"%s\" is not a real date between "
                                       "1900 and 2999", kind, name, tidy(st->p, v)));
}

static void read_records(hri_state *st, xmlNodePtr root, rm_hri_batch *b)
{
    for (xmlNodePtr n = root->children; n; n = n->next) {
        rm_hri_record *r;
        const char *name;
        long line;
        if (n->type != XML_ELEMENT_NODE) continue;
        name = (const char *)n->name;
        line = node_line(n, n->line);
        r = &APR_ARRAY_PUSH(b->records, rm_hri_record);
        memset(r, 0, sizeof(*r));
        r->line = line;
        r->principal = attr(st->p, n, "principal");
        r->staff_number = attr(st->p, n, "staffNumber");
        if (!strcmp(name, "GradeChange")) {
            r->kind = RM_HRI_GRADE;
            r->grade = collapse(st->p, attr(st->p, n, "grade"));
            r->date = collapse(st->p, attr(st->p, n, "effective"));
            check_date(st, line, name, "effective date", r->date);
        }
        else if (!strcmp(name, "StaffNumber")) {
            r->kind = RM_HRI_STAFF_NUMBER;
            r->number = attr(st->p, n, "number");
        }
        else {
            r->kind = RM_HRI_LEAVER;
            r->date = collapse(st->p, attr(st->p, n, "leftOn"));
            check_date(st, line, name, "leftOn date", r->date);
        }
        if (r->principal && r->staff_number)
            problem(st, line, apr_psprintf(st->p, "%s needs a principal or a staffNumber, "
                                           "not both", name));
        else if (!r->principal && !r->staff_number)
            problem(st, line, apr_psprintf(st->p, "%s needs a principal or a staffNumber "
                                           "(it has neither)", name));
    }
}

/* ---- the whole ------------------------------------------------------------------ */

static const char *joined(hri_state *st)
{
    const char *s = apr_array_pstrcat(st->p, st->problems, '\n');
    if (st->more)
        s = apr_psprintf(st->p, "%s\n... and %d more problem%s", s, st->more,
                         st->more == 1 ? "" : "s");
    return s;
}

static xmlDocPtr parse_tree(hri_state *st, const char *buf, size_t len)
{
    xmlParserCtxtPtr ctxt;
    xmlSAXHandlerPtr sax;
    xmlDocPtr doc;

    ctxt = xmlCreateMemoryParserCtxt(buf, (int)len);
    if (!ctxt) {
        problem(st, 0, "the file could not be read (out of memory)");
        return NULL;
    }
    own(st->p, ctxt, free_parser);
    xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOERROR
                            | XML_PARSE_NOWARNING);
    /* everything our own: this context's handler, not the global one */
    ctxt->_private = st;
    ctxt->vctxt.error = NULL;
    ctxt->vctxt.warning = NULL;
    ctxt->replaceEntities = 0;
    ctxt->loadsubset = 0;
    ctxt->validate = 0;
    sax = ctxt->sax;
    sax->internalSubset = on_internal_subset;
    sax->externalSubset = on_external_subset;
    sax->entityDecl = on_entity_decl;
    sax->unparsedEntityDecl = on_unparsed_entity;
    sax->notationDecl = on_notation;
    sax->attributeDecl = on_attribute_decl;
    sax->elementDecl = on_element_decl;
    sax->getEntity = on_get_entity;
    sax->getParameterEntity = on_get_pe;
    sax->resolveEntity = on_resolve;
    sax->reference = on_reference;
    sax->processingInstruction = on_pi;
    sax->startDocument = on_start_document;
    sax->startElementNs = on_start_element;
    sax->endElementNs = on_end_element;
    sax->serror = on_parse_error;
    sax->error = NULL;
    sax->warning = NULL;
    sax->fatalError = NULL;

    xmlParseDocument(ctxt);
    doc = ctxt->myDoc;
    ctxt->myDoc = NULL;
    if (doc) own(st->p, doc, free_doc);
    if (!st->refused && !st->errors && (!ctxt->wellFormed || !ctxt->nsWellFormed))
        problem(st, line_of(ctxt), "the file is not well-formed XML");
    release(st->p, ctxt, free_parser);
    if (st->refused || st->errors || !doc) {
        release(st->p, doc, free_doc);
        return NULL;
    }
    return doc;
}

static int validate(hri_state *st, xmlDocPtr doc)
{
    xmlSchemaParserCtxtPtr pctxt;
    xmlSchemaPtr schema = NULL;
    xmlSchemaValidCtxtPtr vctxt;
    int rc = -1;

    pctxt = xmlSchemaNewMemParserCtxt(rm_xsd_hr_import, (int)strlen(rm_xsd_hr_import));
    if (pctxt) {
        own(st->p, pctxt, free_pctxt);
        xmlSchemaSetParserStructuredErrors(pctxt, on_schema_error, st);
        schema = xmlSchemaParse(pctxt);
        release(st->p, pctxt, free_pctxt);
    }
    if (!schema) {
        problem(st, 0, "the import schema could not be loaded");
        return -1;
    }
    own(st->p, schema, free_schema);
    vctxt = xmlSchemaNewValidCtxt(schema);
    if (vctxt) {
        own(st->p, vctxt, free_vctxt);
        xmlSchemaSetValidStructuredErrors(vctxt, on_schema_error, st);
        rc = xmlSchemaValidateDoc(vctxt, doc);
        release(st->p, vctxt, free_vctxt);
    }
    release(st->p, schema, free_schema);
    if (rc != 0 && !st->errors) problem(st, 0, "the file does not follow the import schema");
    return rc == 0 && !st->errors ? 0 : -1;
}

int rm_hri_parse(apr_pool_t *p, const char *buf, size_t len, const rm_hri_limits *lim,
                 rm_hri_batch **out, const char **err)
{
    rm_hri_limits l = { RM_HRI_DEFAULT_MAX_BYTES, RM_HRI_DEFAULT_MAX_DEPTH,
                        RM_HRI_DEFAULT_MAX_RECORDS };
    hri_state st;
    xmlDocPtr doc;
    xmlNodePtr root;
    rm_hri_batch *b;
    const char *bad;

    *out = NULL;
    *err = NULL;
    if (lim) {
        if (lim->max_bytes) l.max_bytes = lim->max_bytes;
        if (lim->max_depth > 0) l.max_depth = lim->max_depth;
        if (lim->max_records > 0) l.max_records = lim->max_records;
    }
    if (l.max_bytes > BYTES_CAP) l.max_bytes = BYTES_CAP;
    if (!buf) len = 0;
    if ((bad = check_bytes(p, buf, len, l.max_bytes))) {
        *err = bad;
        return 1;
    }

    memset(&st, 0, sizeof(st));
    st.p = p;
    st.lim = &l;
    st.problems = apr_array_make(p, 4, sizeof(const char *));
    if (!(doc = parse_tree(&st, buf, len))) {
        *err = joined(&st);
        return 1;
    }
    if (validate(&st, doc) != 0) {
        release(p, doc, free_doc);
        *err = joined(&st);
        return 1;
    }
    root = xmlDocGetRootElement(doc);
    b = apr_pcalloc(p, sizeof(*b));
    b->records = apr_array_make(p, st.records > 0 ? st.records : 1, sizeof(rm_hri_record));
    b->batch = collapse(p, attr(p, root, "batch"));
    b->produced = collapse(p, attr(p, root, "produced"));
    read_records(&st, root, b);
    release(p, doc, free_doc);
    if (st.problems->nelts) {
        *err = joined(&st);
        return 1;
    }
    *out = b;
    return 0;
}
