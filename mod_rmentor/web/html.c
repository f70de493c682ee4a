/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Pages as libxml2 trees: the layout, form controls that carry their labels,
 * hints and errors, and an error summary at the top that links to each field.
 * Text goes in as text nodes (rm_el, rm_text, rm_attr), escaped on output;
 * markup is never built from strings.
 */
#include <string.h>
#include <apr_strings.h>
#include <http_protocol.h>
#include <util_filter.h>
#include <libxml/HTMLtree.h>
#include <libxml/parserInternals.h>     /* xmlStringText */
#include "rm.h"

APLOG_USE_MODULE(rmentor);

/* A page's nodes are libxml2's own structures (xmlNode, xmlAttr), made here
 * and linked as libxml2 links them, but allocated from the request pool
 * rather than malloc'd one by one: a list page is about 1,000 nodes, and
 * mallocing, then freeing, each of them and a copy of each text was a third
 * of the page's cost (callgrind: malloc and free 234k of 779k instructions
 * per admin list).  So the tree is never given to a libxml2 function that
 * frees or reallocates a node or its text (xmlFreeNode, xmlAddChild, which
 * merges text nodes, xmlNodeAddContent, xmlNodeSetContent, xmlSetProp): the
 * helpers below are the only way to build or change a page, and reading the
 * tree (core/htmlout.c, or libxml2's serialiser in the unit tests) is safe.
 * Names are the callers' string literals; text is copied into the pool.
 * The document itself and its DTD are libxml2's (htmlNewDoc), freed when
 * the pool is: first the pool's nodes are unhooked from it. */
static apr_status_t free_doc(void *d)
{
    xmlDocPtr doc = d;
    xmlNodePtr dtd = (xmlNodePtr)doc->intSubset;
    doc->children = doc->last = dtd;
    if (dtd) dtd->prev = dtd->next = NULL;
    xmlFreeDoc(doc);
    return APR_SUCCESS;
}

static xmlNodePtr new_element(xmlDocPtr doc, const char *tag)
{
    xmlNodePtr n = apr_pcalloc(doc->_private, sizeof(*n));
    n->type = XML_ELEMENT_NODE;
    n->name = BAD_CAST tag;
    n->doc = doc;
    return n;
}

static xmlNodePtr new_text(xmlDocPtr doc, const char *text)
{
    xmlNodePtr t = apr_pcalloc(doc->_private, sizeof(*t));
    t->type = XML_TEXT_NODE;
    t->name = xmlStringText;
    t->content = BAD_CAST apr_pstrdup(doc->_private, text);
    t->doc = doc;
    return t;
}

static void append(xmlNodePtr parent, xmlNodePtr child)
{
    child->parent = parent;
    child->prev = parent->last;
    if (parent->last) parent->last->next = child;
    else parent->children = child;
    parent->last = child;
}

static void insert_after(xmlNodePtr ref, xmlNodePtr n)
{
    n->parent = ref->parent;
    n->prev = ref;
    n->next = ref->next;
    if (ref->next) ref->next->prev = n;
    else if (ref->parent) ref->parent->last = n;
    ref->next = n;
}

xmlNodePtr rm_el(xmlNodePtr parent, const char *tag, const char *text)
{
    xmlNodePtr n;
    if (!parent) return NULL;
    n = new_element(parent->doc, tag);
    append(parent, n);
    if (text) append(n, new_text(parent->doc, text));
    return n;
}

void rm_text(xmlNodePtr parent, const char *text)
{
    if (parent && text) append(parent, new_text(parent->doc, text));
}

/* Set attribute name on element n to value: one text child, escaped on
 * output, as xmlSetProp makes it (but not filed in the document's ID table,
 * a hash table per page that nothing here reads). */
void rm_attr(xmlNodePtr n, const char *name, const char *value)
{
    xmlAttrPtr a, last = NULL;
    xmlNodePtr text = NULL;
    if (!n || n->type != XML_ELEMENT_NODE || !name) return;
    if (value) text = new_text(n->doc, value);
    for (a = n->properties; a; last = a, a = a->next)
        if (!a->ns && !strcmp((const char *)a->name, name)) break;
    if (!a) {
        a = apr_pcalloc(n->doc->_private, sizeof(*a));
        a->type = XML_ATTRIBUTE_NODE;
        a->name = BAD_CAST name;
        a->doc = n->doc;
        a->parent = n;
        a->prev = last;
        if (last) last->next = a;
        else n->properties = a;
    }
    a->children = a->last = text;           /* a value replaced stays in the pool */
    if (text) text->parent = (xmlNodePtr)a;
}

xmlNodePtr rm_el_class(xmlNodePtr parent, const char *tag, const char *cls,
                       const char *text)
{
    xmlNodePtr n = rm_el(parent, tag, text);
    if (cls) rm_attr(n, "class", cls);
    return n;
}

xmlNodePtr rm_link(xmlNodePtr parent, const char *href, const char *text)
{
    xmlNodePtr a = rm_el(parent, "a", text);
    rm_attr(a, "href", href);
    return a;
}

rm_page *rm_page_new(rm_req *rq, const char *title)
{
    apr_pool_t *p = rq->r->pool;
    rm_page *pg = apr_pcalloc(p, sizeof(*pg));
    xmlNodePtr html, head, body, n, header, nav, ul, li, footer;

    pg->rq = rq;
    pg->title = title;
    pg->doc = htmlNewDoc(BAD_CAST "about:legacy-compat", NULL);
    if (!pg->doc) ap_abort_on_oom();    /* as APR's pools do */
    apr_pool_cleanup_register(p, pg->doc, free_doc, apr_pool_cleanup_null);
    pg->doc->_private = p;
    html = new_element(pg->doc, "html");
    append((xmlNodePtr)pg->doc, html);
    rm_attr(html, "lang", "en-GB");
    head = rm_el(html, "head", NULL);
    n = rm_el(head, "meta", NULL);
    rm_attr(n, "charset", "utf-8");
    n = rm_el(head, "meta", NULL);
    rm_attr(n, "name", "viewport");
    rm_attr(n, "content", "width=device-width, initial-scale=1");
    pg->title_node = rm_el(head, "title", apr_pstrcat(p, title, " - ",
                                                      rq->cfg->site_name, NULL));
    n = rm_el(head, "link", NULL);
    rm_attr(n, "rel", "stylesheet");
    rm_attr(n, "href", rm_url(rq, "/static/rmentor.css"));

    body = rm_el(html, "body", NULL);
    n = rm_link(body, "#main", "Skip to main content");
    rm_attr(n, "class", "skip");
    header = rm_el_class(body, "header", "site-header", NULL);
    n = rm_el_class(header, "p", "site-name", NULL);
    rm_link(n, rm_url(rq, "/"), rq->cfg->site_name);
    if (rq->id.principal) {
        nav = rm_el(header, "nav", NULL);
        rm_attr(nav, "aria-label", "Main");
        ul = rm_el(nav, "ul", NULL);
        /* each area's entries (features/<area>/area.h), for its role */
#define RM_NAV_(label, path, role)                                    \
        if ((role) == 0 || rm_has_role(rq, (role))) {                 \
            li = rm_el(ul, "li", NULL);                               \
            rm_link(li, rm_url(rq, path), label);                     \
        }
        RM_NAV(RM_NAV_)
#undef RM_NAV_
        rm_el_class(header, "p", "signed-in",
                    apr_pstrcat(p, "Signed in as ", rq->id.display_name, NULL));
    }
    pg->main = rm_el(body, "main", NULL);
    rm_attr(pg->main, "id", "main");
    rm_el(pg->main, "h1", title);
    footer = rm_el_class(body, "footer", "site-footer", NULL);
    rm_el(footer, "p", "Personal information on this site is confidential. "
          "It is used only to run the mentoring programme.");
    if (rq->id.principal) {
        n = rm_el(footer, "p", NULL);
        rm_link(n, rm_url(rq, "/my-data"), "See everything this site holds about you");
    }
    return pg;
}

/* The serialiser (core/htmlout.c) hands the page over in pieces of up to
 * 8 KB: append them to the response brigade (apr_brigade_write copies them
 * into 8 KB heap buckets). */
static int brigade_write(void *ctx, const char *buf, size_t len)
{
    return apr_brigade_write(ctx, NULL, NULL, buf, len) == APR_SUCCESS ? 0 : -1;
}

/* ---- pages kept in the result cache ---------------------------------------
 * The rows a page reads are cached already (data/cache.c); for the read
 * pages most looked at (a pair's page, the team's tables) building and
 * writing the tree again is most of what is left (callgrind: 60 % of the
 * pair page).  So such a page, once written, is kept in the same cache under
 * the same generation: any write anywhere ends it, as it ends the rows.  The
 * key holds everything the page's bytes depend on beyond the data: who (the
 * principal, the name in the header, the roles that choose the navigation),
 * the URL with its query string, the day (the pace and the check-in window
 * move with it) and the period of its forms' tokens (request.c: the same
 * for up to 10 minutes).  Access is checked by the handler before it asks,
 * on every request. */
static const char *const *page_key(rm_req *rq)
{
    const char **k = apr_palloc(rq->r->pool, 7 * sizeof(char *));
    k[0] = rq->id.principal;
    k[1] = rq->id.display_name ? rq->id.display_name : "";
    k[2] = apr_itoa(rq->r->pool, rq->id.roles);
    k[3] = rq->r->unparsed_uri ? rq->r->unparsed_uri : "";
    k[4] = rq->today;
    k[5] = apr_off_t_toa(rq->r->pool, (apr_off_t)rm_token_time(rq));  /* its forms' tokens */
    k[6] = NULL;
    return k;
}

static int send_bytes(rm_req *rq, const char *html, apr_size_t len, int status)
{
    request_rec *r = rq->r;
    apr_bucket_brigade *bb;
    if (rm_already_responded(rq)) return DONE;
    r->status = status;
    ap_set_content_type(r, "text/html; charset=utf-8");
    ap_set_content_length(r, (apr_off_t)len);
    if (r->header_only) return DONE;
    bb = apr_brigade_create(r->pool, r->connection->bucket_alloc);
    APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_pool_create(html, len, r->pool,
                                                       r->connection->bucket_alloc));
    APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_eos_create(r->connection->bucket_alloc));
    (void)ap_pass_brigade(r->output_filters, bb);
    return DONE;
}

int rm_page_from_cache(rm_req *rq)
{
    rm_rows *kept;
    if (!rq->db || !rm_cache_enabled()
        || !rm_cache_usable((rm_cache_domain)rq->db->cache_domain))
        return OK;
    rq->page_gen = rm_cache_generation();
    rq->page_key = page_key(rq);
    kept = rm_cache_get(rq->r, (rm_cache_domain)rq->db->cache_domain, "rm_page",
                        rq->page_key, rq->page_gen);
    if (!kept || kept->n != 1 || kept->ncols != 1) return OK;
    rq->page_key = NULL;
    return send_bytes(rq, kept->rows[0][0], strlen(kept->rows[0][0]), HTTP_OK);
}

static void keep_page(rm_req *rq, apr_bucket_brigade *bb)
{
    char *html;
    apr_size_t len;
    rm_rows rows;
    const char *cell[1];
    const char **row[1];
    if (apr_brigade_pflatten(bb, &html, &len, rq->r->pool) != APR_SUCCESS) return;
    html = apr_pstrmemdup(rq->r->pool, html, len);
    if (strlen(html) != len) return;        /* a NUL: not a page to keep */
    cell[0] = html;
    row[0] = cell;
    memset(&rows, 0, sizeof(rows));
    rows.n = 1;
    rows.ncols = 1;
    rows.rows = row;
    rm_cache_put(rq->r, (rm_cache_domain)rq->db->cache_domain, "rm_page", rq->page_key,
                 rq->page_gen, &rows);
}

/* Serialise the page straight into the response: no intermediate copy of the
 * whole page, and no character conversion (the page is UTF-8 and says so). */
int rm_page_send(rm_page *pg, int status)
{
    request_rec *r = pg->rq->r;
    apr_bucket_brigade *bb;
    apr_off_t size = 0;
    if (rm_already_responded(pg->rq)) return DONE;
    bb = apr_brigade_create(r->pool, r->connection->bucket_alloc);
    if (rm_html_serialize(pg->doc, brigade_write, bb) != 0
        || apr_brigade_length(bb, 1, &size) != APR_SUCCESS) {
        apr_brigade_destroy(bb);
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, RM_TAG "cannot serialise page");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if (pg->rq->page_key && status == HTTP_OK)
        keep_page(pg->rq, bb);
    r->status = status;
    ap_set_content_type(r, "text/html; charset=utf-8");
    ap_set_content_length(r, size);
    if (r->header_only) {
        apr_brigade_destroy(bb);
        return DONE;
    }
    APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_eos_create(r->connection->bucket_alloc));
    /* a failure here is the client gone: the core notes it, nothing to add */
    (void)ap_pass_brigade(r->output_filters, bb);
    return DONE;
}

static const char *field_id(apr_pool_t *p, const char *name)
{
    return apr_pstrcat(p, "f-", name, NULL);
}

void rm_field_error(rm_page *pg, const char *field, const char *message)
{
    apr_pool_t *p = pg->rq->r->pool;
    xmlNodePtr li;
    if (!pg->error_summary) {
        xmlNodePtr h1 = pg->main->children, h2;
        pg->error_summary = new_element(pg->doc, "div");
        rm_attr(pg->error_summary, "class", "error-summary");
        rm_attr(pg->error_summary, "role", "alert");
        rm_attr(pg->error_summary, "aria-labelledby", "error-summary-title");
        rm_attr(pg->error_summary, "tabindex", "-1");
        /* without JavaScript, autofocus is what moves focus to the summary */
        rm_attr(pg->error_summary, "autofocus", "autofocus");
        insert_after(h1, pg->error_summary);
        h2 = rm_el(pg->error_summary, "h2", "There is a problem");
        rm_attr(h2, "id", "error-summary-title");
        pg->error_list = rm_el(pg->error_summary, "ul", NULL);
        /* the <title> announces the error too */
        pg->title_node->children = pg->title_node->last = NULL;
        rm_text(pg->title_node, apr_pstrcat(p, "Error: ", pg->title, " - ",
                                            pg->rq->cfg->site_name, NULL));
    }
    li = rm_el(pg->error_list, "li", NULL);
    if (field) rm_link(li, apr_pstrcat(p, "#", field_id(p, field), NULL), message);
    else rm_text(li, message);
    pg->nerrors++;
}

xmlNodePtr rm_form(rm_page *pg, xmlNodePtr parent, const char *action)
{
    xmlNodePtr f = rm_el(parent, "form", NULL), tok;
    rm_attr(f, "method", "post");
    rm_attr(f, "action", action);
    rm_attr(f, "novalidate", "novalidate");
    tok = rm_el(f, "input", NULL);
    rm_attr(tok, "type", "hidden");
    rm_attr(tok, "name", "csrf");
    /* bound to the path the form posts to: r->uri when it arrives */
    {
        const char *q = strchr(action, '?');
        rm_attr(tok, "value", rm_csrf_token(pg->rq, q ? apr_pstrmemdup(
                    pg->rq->r->pool, action, (apr_size_t)(q - action)) : action));
    }
    return f;
}

/* The wrapper, label, hint and error shared by every control. */
/* A field's hint and error message in div (either may be NULL), the error
 * also a line of the page's error summary: the ids its control's
 * aria-describedby names, or NULL. */
static const char *hint_and_error(rm_page *pg, xmlNodePtr div, const char *id,
                                  const char *name, const char *hint, const char *error)
{
    apr_pool_t *p = pg->rq->r->pool;
    const char *db = NULL;
    if (hint) {
        xmlNodePtr h = rm_el_class(div, "p", "hint", hint);
        rm_attr(h, "id", apr_pstrcat(p, id, "-hint", NULL));
        db = apr_pstrcat(p, id, "-hint", NULL);
    }
    if (error) {
        xmlNodePtr e = rm_el_class(div, "p", "error-message", NULL);
        rm_attr(e, "id", apr_pstrcat(p, id, "-error", NULL));
        rm_el_class(e, "span", "visually-hidden", "Error: ");
        rm_text(e, error);
        db = db ? apr_pstrcat(p, db, " ", id, "-error", NULL) : apr_pstrcat(p, id, "-error", NULL);
        rm_field_error(pg, name, error);
    }
    return db;
}

static xmlNodePtr field_start(rm_page *pg, xmlNodePtr form, const char *name,
                              const char *label, const char *hint,
                              const char *error, const char **describedby)
{
    const char *id = field_id(pg->rq->r->pool, name);
    xmlNodePtr div = rm_el_class(form, "div", error ? "field field-error" : "field", NULL);
    xmlNodePtr l = rm_el(div, "label", label);
    rm_attr(l, "for", id);
    *describedby = hint_and_error(pg, div, id, name, hint, error);
    return div;
}

static void control_attrs(rm_page *pg, xmlNodePtr c, const char *name,
                          const char *describedby, const char *error,
                          int required, int maxlen)
{
    rm_attr(c, "id", field_id(pg->rq->r->pool, name));
    rm_attr(c, "name", name);
    if (describedby) rm_attr(c, "aria-describedby", describedby);
    if (error) rm_attr(c, "aria-invalid", "true");
    if (required) rm_attr(c, "required", "required");
    if (maxlen > 0) rm_attr(c, "maxlength", apr_itoa(pg->rq->r->pool, maxlen));
}

xmlNodePtr rm_input(rm_page *pg, xmlNodePtr form, const char *type,
                    const char *name, const char *label, const char *value,
                    const char *hint, const char *error, int required,
                    int maxlen)
{
    const char *db;
    xmlNodePtr div = field_start(pg, form, name, label, hint, error, &db);
    xmlNodePtr in = rm_el(div, "input", NULL);
    /* maxlength means nothing on these types; the server checks them anyway */
    if (!strcmp(type, "number") || !strcmp(type, "date") || !strcmp(type, "month"))
        maxlen = 0;
    rm_attr(in, "type", type);
    control_attrs(pg, in, name, db, error, required, maxlen);
    rm_attr(in, "value", value ? value : "");
    return in;
}

xmlNodePtr rm_textarea(rm_page *pg, xmlNodePtr form, const char *name,
                       const char *label, const char *value, const char *hint,
                       const char *error, int required, int maxlen)
{
    const char *db;
    xmlNodePtr div = field_start(pg, form, name, label, hint, error, &db);
    xmlNodePtr ta = rm_el(div, "textarea", value ? value : "");
    control_attrs(pg, ta, name, db, error, required, maxlen);
    rm_attr(ta, "rows", "5");
    return ta;
}

xmlNodePtr rm_select(rm_page *pg, xmlNodePtr form, const char *name,
                     const char *label, const char *const *options,
                     const char *value, const char *error)
{
    const char *db;
    xmlNodePtr div = field_start(pg, form, name, label, NULL, error, &db);
    xmlNodePtr sel = rm_el(div, "select", NULL);
    control_attrs(pg, sel, name, db, error, 0, 0);
    for (; options[0]; options += 2) {
        xmlNodePtr o = rm_el(sel, "option", options[1]);
        rm_attr(o, "value", options[0]);
        if (value && !strcmp(value, options[0])) rm_attr(o, "selected", "selected");
    }
    return sel;
}

xmlNodePtr rm_radios(rm_page *pg, xmlNodePtr form, const char *name,
                     const char *legend, const char *const *options,
                     const char *value, const char *hint, const char *error)
{
    apr_pool_t *p = pg->rq->r->pool;
    const char *id = field_id(p, name), *db = NULL;
    xmlNodePtr div = rm_el_class(form, "div", error ? "field field-error" : "field", NULL);
    xmlNodePtr fs = rm_el(div, "fieldset", NULL), first = NULL;
    rm_el(fs, "legend", legend);
    if (hint) {
        xmlNodePtr h = rm_el_class(fs, "p", "hint", hint);
        rm_attr(h, "id", apr_pstrcat(p, id, "-hint", NULL));
        db = apr_pstrcat(p, id, "-hint", NULL);
    }
    if (error) {
        xmlNodePtr e = rm_el_class(fs, "p", "error-message", NULL);
        rm_attr(e, "id", apr_pstrcat(p, id, "-error", NULL));
        rm_el_class(e, "span", "visually-hidden", "Error: ");
        rm_text(e, error);
        db = db ? apr_pstrcat(p, db, " ", id, "-error", NULL)
                : apr_pstrcat(p, id, "-error", NULL);
        rm_field_error(pg, name, error);
    }
    if (db) rm_attr(fs, "aria-describedby", db);
    for (int i = 0; options[0]; options += 2, i++) {
        xmlNodePtr item = rm_el_class(fs, "div", "radio", NULL);
        xmlNodePtr in = rm_el(item, "input", NULL), l;
        /* the first radio carries the field id, so summary links land on it */
        const char *rid = i == 0 ? id : apr_pstrcat(p, id, "-", options[0], NULL);
        rm_attr(in, "type", "radio");
        rm_attr(in, "id", rid);
        rm_attr(in, "name", name);
        rm_attr(in, "value", options[0]);
        if (value && !strcmp(value, options[0])) rm_attr(in, "checked", "checked");
        l = rm_el(item, "label", options[1]);
        rm_attr(l, "for", rid);
        if (!first) first = in;
    }
    return first;
}

xmlNodePtr rm_checkbox_error(rm_page *pg, xmlNodePtr form, const char *name,
                             const char *value, const char *label, const char *hint,
                             const char *error, int checked)
{
    const char *id = field_id(pg->rq->r->pool, name), *db;
    xmlNodePtr div = rm_el_class(form, "div", error ? "field field-error" : "field", NULL);
    xmlNodePtr item, in, l;
    db = hint_and_error(pg, div, id, name, hint, error);
    item = rm_el_class(div, "div", "checkbox", NULL);
    in = rm_el(item, "input", NULL);
    rm_attr(in, "type", "checkbox");
    rm_attr(in, "id", id);
    rm_attr(in, "name", name);
    rm_attr(in, "value", value);
    if (checked) rm_attr(in, "checked", "checked");
    if (db) rm_attr(in, "aria-describedby", db);
    if (error) rm_attr(in, "aria-invalid", "true");
    l = rm_el(item, "label", label);
    rm_attr(l, "for", id);
    return in;
}

xmlNodePtr rm_checkbox(rm_page *pg, xmlNodePtr form, const char *name,
                       const char *value, const char *label, const char *hint,
                       int checked)
{
    return rm_checkbox_error(pg, form, name, value, label, hint, NULL, checked);
}

xmlNodePtr rm_hidden(xmlNodePtr form, const char *name, const char *value)
{
    xmlNodePtr in = rm_el(form, "input", NULL);
    rm_attr(in, "type", "hidden");
    rm_attr(in, "name", name);
    rm_attr(in, "value", value ? value : "");
    return in;
}

xmlNodePtr rm_button(xmlNodePtr form, const char *text, const char *cls)
{
    xmlNodePtr b = rm_el_class(form, "button", cls ? cls : "button", text);
    rm_attr(b, "type", "submit");
    return b;
}

xmlNodePtr rm_notice(rm_page *pg, const char *kind, const char *text)
{
    xmlNodePtr h1 = pg->main->children;
    xmlNodePtr d = new_element(pg->doc, "div");
    rm_attr(d, "class", apr_pstrcat(pg->rq->r->pool, "notice notice-", kind, NULL));
    rm_attr(d, "role", "status");
    insert_after(pg->error_summary ? pg->error_summary : h1, d);
    rm_el(d, "p", text);
    return d;
}

/* A data table inside a scrollable region, so a wide table scrolls on its
 * own at 320 px instead of the whole page (WCAG 1.4.10).  The region is named
 * by the caption, or by the heading whose id is labelledby. */
xmlNodePtr rm_table(rm_page *pg, xmlNodePtr parent, const char *caption,
                    const char *labelledby, const char *const *headers)
{
    apr_pool_t *p = pg->rq->r->pool;
    xmlNodePtr wrap = rm_el_class(parent, "div", "table-wrap", NULL), t, tr;
    rm_attr(wrap, "role", "region");
    rm_attr(wrap, "tabindex", "0");
    t = rm_el(wrap, "table", NULL);
    if (caption) {
        const char *id = apr_psprintf(p, "table-%d", ++pg->ntables);
        rm_attr(rm_el(t, "caption", caption), "id", id);
        labelledby = id;
    }
    if (labelledby) rm_attr(wrap, "aria-labelledby", labelledby);
    tr = rm_el(rm_el(t, "thead", NULL), "tr", NULL);
    for (; *headers; headers++) {
        xmlNodePtr th = rm_el(tr, "th", *headers);
        rm_attr(th, "scope", "col");
    }
    return rm_el(t, "tbody", NULL);
}

xmlNodePtr rm_row(xmlNodePtr tbody)
{
    return rm_el(tbody, "tr", NULL);
}

xmlNodePtr rm_td(xmlNodePtr row, const char *text)
{
    return rm_el(row, "td", text);
}

xmlNodePtr rm_dl(xmlNodePtr parent)
{
    return rm_el_class(parent, "dl", "summary", NULL);
}

void rm_dl_item(xmlNodePtr dl, const char *term, const char *value)
{
    rm_el(dl, "dt", term);
    rm_el(dl, "dd", value && *value ? value : "Not given");
}
