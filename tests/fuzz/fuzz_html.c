/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * rm_html_serialize (core/htmlout.c): every page leaves the module through
 * it, with text and attribute values that came from users, the database and
 * the SSO.
 *
 * Input: a little program that builds a tree.  Each step is one byte, op % 6:
 *   0 open a <div>, 1 open a <span> (both at most 200 deep),
 *   2 close the current element,
 *   3 add text: the next byte is a length, then that many bytes,
 *   4 set an attribute: the next byte picks the name, then a length and bytes,
 *   5 add a <br>.
 * Texts and values are any bytes but NUL (the module's strings are C strings).
 *
 * Invariants:
 *  - the tree is always written (0 returned) and the output is UTF-8;
 *  - parsed back by libxml2's HTML parser, the output gives the same tree:
 *    the same elements, attributes and text, where every byte of the input
 *    that was not part of well-formed UTF-8 reads back as U+FFFD.  Trees with
 *    characters libxml2's parser will not take (controls, U+FFFE ...) are
 *    only written, not compared.
 */
#include <string.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include "fuzz_common.h"

#define MAX_DEPTH 200

static const char *const attr_names[] = { "class", "title", "href", "value", "data-x",
                                          "aria-label" };

typedef struct {
    char *buf;
    size_t len, cap;
} sink_t;

static int sink(void *ctx, const char *s, size_t n)
{
    sink_t *k = ctx;
    if (k->len + n + 1 > k->cap) {
        k->cap = (k->len + n + 1) * 2;
        k->buf = realloc(k->buf, k->cap);
        if (!k->buf) abort();
    }
    memcpy(k->buf + k->len, s, n);
    k->len += n;
    k->buf[k->len] = '\0';
    return 0;
}

/* The expected reading of s: well-formed UTF-8 kept, every other byte
 * U+FFFD (a reference decoder, written apart from htmlout.c's).  Sets
 * *comparable to 0 when a character is one libxml2's parser refuses. */
static char *expected(const char *s, int *comparable)
{
    size_t n = strlen(s), o = 0;
    char *out = malloc(n * 3 + 1);
    const unsigned char *u = (const unsigned char *)s;
    if (!out) abort();
    for (size_t i = 0; i < n;) {
        unsigned cp = 0;
        size_t len = 0;
        if (u[i] < 0x80) { cp = u[i]; len = 1; }
        else if (u[i] >= 0xC2 && u[i] <= 0xDF) { cp = u[i] & 0x1F; len = 2; }
        else if (u[i] >= 0xE0 && u[i] <= 0xEF) { cp = u[i] & 0x0F; len = 3; }
        else if (u[i] >= 0xF0 && u[i] <= 0xF4) { cp = u[i] & 0x07; len = 4; }
        if (len > 1) {
            size_t k;
            for (k = 1; k < len && i + k < n && (u[i + k] & 0xC0) == 0x80; k++)
                cp = (cp << 6) | (u[i + k] & 0x3F);
            if (k < len || (len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))
                || (cp >= 0xD800 && cp <= 0xDFFF))
                len = 0;
        }
        if (!len) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
            continue;
        }
        if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE || cp == 0xFFFF
            || (cp >= 0x7F && cp <= 0x9F))
            *comparable = 0;
        memcpy(out + o, s + i, len);
        o += len;
        i += len;
    }
    out[o] = '\0';
    return out;
}

/* Text and values are compared with the expected reading; a text node whose
 * expected reading is blank is not added (parsers drop blank text). */
static int blank(const char *s)
{
    return strspn(s, " \t\r\n") == strlen(s);
}

static void same_tree(const xmlNode *mine, const xmlNode *theirs, int depth)
{
    for (; mine || theirs; mine = mine->next, theirs = theirs->next) {
        FZ_ASSERT(mine && theirs, "%s node at depth %d", mine ? "missing" : "extra", depth);
        FZ_ASSERT(mine->type == theirs->type, "node type %d read back as %d at depth %d",
                  mine->type, theirs->type, depth);
        if (mine->type == XML_TEXT_NODE) {
            FZ_ASSERT(!strcmp((const char *)mine->content, (const char *)theirs->content),
                      "text \"%s\" read back as \"%s\"", mine->content, theirs->content);
            continue;
        }
        FZ_ASSERT(!strcmp((const char *)mine->name, (const char *)theirs->name),
                  "<%s> read back as <%s>", mine->name, theirs->name);
        const xmlAttr *a = mine->properties, *b = theirs->properties;
        for (; a || b; a = a->next, b = b->next) {
            FZ_ASSERT(a && b, "attribute count differs on <%s>", mine->name);
            xmlChar *va = xmlNodeGetContent((const xmlNode *)a);
            xmlChar *vb = xmlNodeGetContent((const xmlNode *)b);
            FZ_ASSERT(!strcmp((const char *)a->name, (const char *)b->name)
                      && !strcmp(va ? (const char *)va : "", vb ? (const char *)vb : ""),
                      "%s=\"%s\" read back as %s=\"%s\"", a->name, va, b->name, vb);
            xmlFree(va);
            xmlFree(vb);
        }
        same_tree(mine->children, theirs->children, depth + 1);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    xmlDocPtr doc = htmlNewDoc(BAD_CAST "about:legacy-compat", NULL);
    xmlNodePtr html = xmlNewDocNode(doc, NULL, BAD_CAST "html", NULL), body, cur;
    int depth = 0, comparable = 1;
    sink_t out = { NULL, 0, 0 };
    size_t i = 0;

    fz_begin();
    xmlInitParser();                    /* once; later calls return at once */
    xmlDocSetRootElement(doc, html);
    body = cur = xmlNewTextChild(html, NULL, BAD_CAST "body", NULL);
    while (i < size) {
        unsigned op = data[i++] % 6;
        if (op == 0 || op == 1) {
            if (depth >= MAX_DEPTH) continue;
            cur = xmlNewTextChild(cur, NULL, BAD_CAST (op ? "span" : "div"), NULL);
            depth++;
        }
        else if (op == 2) {
            if (cur != body) {
                cur = cur->parent;
                depth--;
            }
        }
        else if (op == 5) {
            xmlNewTextChild(cur, NULL, BAD_CAST "br", NULL);
        }
        else {
            const char *name = NULL;
            size_t len;
            char *s, *exp;
            if (op == 4) {
                if (i >= size) break;
                name = attr_names[data[i++] % (sizeof(attr_names) / sizeof(*attr_names))];
            }
            if (i >= size) break;
            len = data[i++] % 48;
            if (len > size - i) len = size - i;
            s = fz_cstr(data + i, len);         /* stops at a NUL */
            i += len;
            exp = expected(s, &comparable);
            if (op == 4) {
                xmlSetProp(cur, BAD_CAST name, BAD_CAST s);
            }
            else if (*s && !blank(exp)) {
                /* adjacent texts merge, as they do when parsed */
                xmlAddChild(cur, xmlNewDocText(doc, BAD_CAST s));
            }
            free(exp);
        }
    }

    FZ_ASSERT(rm_html_serialize(doc, sink, &out) == 0, "a tree of div, span, br, text and "
              "attributes was refused");
    FZ_ASSERT(out.buf && rm_utf8_valid(out.buf, out.len), "output is not UTF-8");

    if (comparable) {
        /* the tree as it should read back: every text and value replaced by
         * its expected reading */
        xmlDocPtr want = xmlCopyDoc(doc, 1), got;
        xmlNodePtr n = xmlDocGetRootElement(want);
        while (n) {
            if (n->type == XML_TEXT_NODE) {
                int c = 1;
                char *e = expected((const char *)n->content, &c);
                xmlNodeSetContent(n, NULL);
                xmlNodeAddContent(n, BAD_CAST e);
                free(e);
            }
            else if (n->type == XML_ELEMENT_NODE) {
                for (xmlAttrPtr a = n->properties; a; a = a->next) {
                    xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
                    int c = 1;
                    char *e = expected(v ? (const char *)v : "", &c);
                    xmlSetProp(n, a->name, BAD_CAST e);
                    free(e);
                    xmlFree(v);
                }
            }
            /* next in document order */
            if (n->type == XML_ELEMENT_NODE && n->children) n = n->children;
            else {
                while (n && !n->next) n = n->parent;
                if (n) n = n->next;
            }
        }
        got = htmlReadMemory(out.buf, (int)out.len, NULL, "UTF-8",
                             HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
        FZ_ASSERT(got, "libxml2 could not parse the output");
        xmlNodePtr gb = xmlDocGetRootElement(got);
        gb = gb ? gb->children : NULL;
        while (gb && (gb->type != XML_ELEMENT_NODE || strcmp((const char *)gb->name, "body")))
            gb = gb->next;
        FZ_ASSERT(gb, "no body read back");
        same_tree(xmlDocGetRootElement(want)->children->children, gb->children, 0);
        xmlFreeDoc(got);
        xmlFreeDoc(want);
    }
    free(out.buf);
    xmlFreeDoc(doc);
    fz_end();
    return 0;
}
