/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * rm_html_serialize: a libxml2 tree out as HTML5, the way the WHATWG
 * "serialising HTML fragments" algorithm writes it.
 *
 * Why not libxml2's own HTML serialiser: on the admin applications list it
 * was a quarter of the child's CPU time (measured with perf: a linear
 * case-insensitive scan of libxml2's HTML 4 element table for every element,
 * a malloc'd escaped copy of every text node and URI attribute).  This walks
 * the tree once and escapes into one fixed buffer.  The tree is still the
 * only way a page is built; this only writes it out.
 *
 * What it writes, and what it refuses (returns -1, nothing half-sent is
 * the caller's business: the module builds the whole page before sending):
 *  - the document's DTD as <!DOCTYPE name> and a newline; the root element,
 *    then a newline;
 *  - elements: void elements (br, input, meta ...) have no end tag, and one
 *    with children is refused; attribute values and text are escaped
 *    (& < > always, " in attributes, CR as &#13; so it survives the parser's
 *    newline normalisation); libxml2's HTML 4 boolean attributes (selected,
 *    checked, disabled ...) are written minimised, as libxml2 wrote them;
 *  - bytes that are not well-formed UTF-8 become U+FFFD, so a bad byte
 *    stored somewhere can never start a multi-byte sequence that swallows
 *    the markup after it;
 *  - script and style are raw text: children are written as they are and
 *    refused if they hold "</";
 *  - pre, textarea and listing whose text starts with a newline get one more
 *    (the parser drops the first);
 *  - anything else in the tree (comments, processing instructions, entity
 *    references) is refused: the module never makes them.
 * The walk is iterative, so a deep tree cannot exhaust the stack.
 */
#include <string.h>
#include <libxml/tree.h>
#include "rm_core.h"

typedef struct {
    rm_html_write_fn write;
    void *ctx;
    int failed;
    size_t len;
    char buf[8192];
} out_t;

static void out_flush(out_t *o)
{
    if (o->len && !o->failed && o->write(o->ctx, o->buf, o->len) != 0)
        o->failed = 1;
    o->len = 0;
}

static void out_put_slow(out_t *o, const char *s, size_t n)
{
    while (n && !o->failed) {
        size_t room = sizeof(o->buf) - o->len, k;
        if (!room) {
            out_flush(o);
            continue;
        }
        k = n < room ? n : room;
        memcpy(o->buf + o->len, s, k);
        o->len += k;
        s += k;
        n -= k;
    }
}

/* The common case (it fits) inline: a page is thousands of short pieces. */
static inline void out_put(out_t *o, const char *s, size_t n)
{
    if (n <= sizeof(o->buf) - o->len) {
        memcpy(o->buf + o->len, s, n);
        o->len += n;
    }
    else {
        out_put_slow(o, s, n);
    }
}

static inline void out_char(out_t *o, char c)
{
    if (o->len == sizeof(o->buf)) out_flush(o);
    o->buf[o->len++] = c;
}

static inline void out_str(out_t *o, const char *s)
{
    out_put(o, s, strlen(s));
}

/* Length of the well-formed UTF-8 sequence at s (lead byte >= 0x80), or 0. */
static size_t utf8_seq(const unsigned char *s)
{
    unsigned char c = s[0];
    if (c >= 0xC2 && c <= 0xDF)
        return (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        return s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 ? 3 : 0;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        return s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80
               && (s[3] & 0xC0) == 0x80 ? 4 : 0;
    }
    return 0;
}

/* Byte classes for the escaping loop: 0 is copied as it is, 1 ends the
 * string or needs a reference, 2 starts a multi-byte sequence to check.
 * C_QUOT marks the double quote, which only attribute values escape. */
#define C_STOP 1
#define C_HIGH 2
#define C_QUOT 4
#define H8  C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH
#define H64 H8, H8, H8, H8, H8, H8, H8, H8
static const unsigned char byte_class[256] = {
    [0] = C_STOP, ['&'] = C_STOP, ['<'] = C_STOP, ['>'] = C_STOP, ['\r'] = C_STOP,
    ['"'] = C_QUOT,
    [0x80] = H64, H64                   /* 0x80 to 0xFF */
};

/* Escaped text (attr: also the double quote).  Runs of plain bytes are
 * copied in one go. */
static void out_escaped(out_t *o, const xmlChar *text, int attr)
{
    const unsigned char *s = text;
    unsigned char stop = attr ? (C_STOP | C_HIGH | C_QUOT) : (C_STOP | C_HIGH);
    if (!s) return;
    for (;;) {
        const unsigned char *run = s;
        const char *rep;
        size_t skip = 1;
        while (!(byte_class[*s] & stop)) s++;
        out_put(o, (const char *)run, (size_t)(s - run));
        switch (*s) {
        case 0:    return;
        case '&':  rep = "&amp;"; break;
        case '<':  rep = "&lt;"; break;
        case '>':  rep = "&gt;"; break;
        case '\r': rep = "&#13;"; break;
        case '"':  rep = "&quot;"; break;
        default:
            if ((skip = utf8_seq(s)) != 0) {
                out_put(o, (const char *)s, skip);
                s += skip;
                continue;
            }
            rep = "\xEF\xBF\xBD";           /* U+FFFD for one bad byte */
            skip = 1;
        }
        out_str(o, rep);
        s += skip;
    }
}

/* What the serialiser needs to know of an element or attribute name.  One
 * switch on the first letter, so that the common names (div, td, class ...)
 * cost a compare or two: a linear scan of the lists was most of the time. */
enum { EL_VOID = 1, EL_RAW = 2, EL_LF = 4, AT_BOOL = 8 };

static int is(const xmlChar *name, const char *s)
{
    return !strcmp((const char *)name, s);
}

static unsigned element_kind(const xmlChar *n)
{
    switch (n[0]) {
    case 'a': return is(n, "area") ? EL_VOID : 0;
    case 'b': return is(n, "br") || is(n, "base") || is(n, "basefont") || is(n, "bgsound")
                     ? EL_VOID : 0;
    case 'c': return is(n, "col") ? EL_VOID : 0;
    case 'e': return is(n, "embed") ? EL_VOID : 0;
    case 'f': return is(n, "frame") ? EL_VOID : 0;
    case 'h': return is(n, "hr") ? EL_VOID : 0;
    case 'i': return is(n, "input") || is(n, "img") ? EL_VOID : is(n, "iframe") ? EL_RAW : 0;
    case 'k': return is(n, "keygen") ? EL_VOID : 0;
    case 'l': return is(n, "link") ? EL_VOID : is(n, "listing") ? EL_LF : 0;
    case 'm': return is(n, "meta") ? EL_VOID : 0;
    case 'n': return is(n, "noembed") || is(n, "noframes") ? EL_RAW : 0;
    case 'p': return is(n, "pre") ? EL_LF : is(n, "param") ? EL_VOID
                     : is(n, "plaintext") ? EL_RAW : 0;
    case 's': return is(n, "source") ? EL_VOID : is(n, "script") || is(n, "style") ? EL_RAW : 0;
    case 't': return is(n, "textarea") ? EL_LF : is(n, "track") ? EL_VOID : 0;
    case 'w': return is(n, "wbr") ? EL_VOID : 0;
    case 'x': return is(n, "xmp") ? EL_RAW : 0;
    default:  return 0;
    }
}

/* libxml2's htmlIsBooleanAttr list: written as the bare name, as before */
static int boolean_attr(const xmlChar *n)
{
    switch (n[0]) {
    case 'c': return is(n, "checked") || is(n, "compact");
    case 'd': return is(n, "disabled") || is(n, "declare") || is(n, "defer");
    case 'i': return is(n, "ismap");
    case 'm': return is(n, "multiple");
    case 'n': return n[1] == 'o' && (is(n, "nowrap") || is(n, "nohref") || is(n, "noresize")
                                     || is(n, "noshade"));
    case 'r': return is(n, "readonly");
    case 's': return is(n, "selected");
    default:  return 0;
    }
}

/* Names are short (td, class): a byte loop beats strlen and memcpy calls. */
static void out_name(out_t *o, const xmlNode *n)
{
    const xmlChar *c;
    if (n->ns && n->ns->prefix) {
        out_str(o, (const char *)n->ns->prefix);
        out_char(o, ':');
    }
    for (c = n->name; *c; c++) out_char(o, (char)*c);
}

/* An attribute's value: the text of its children, which must all be text. */
static int out_attr(out_t *o, const xmlAttr *a)
{
    const xmlNode *t;
    out_char(o, ' ');
    out_name(o, (const xmlNode *)a);
    if (!a->children || boolean_attr(a->name)) return 0;
    out_put(o, "=\"", 2);
    for (t = a->children; t; t = t->next) {
        if (t->type != XML_TEXT_NODE) return -1;
        out_escaped(o, t->content, 1);
    }
    out_char(o, '"');
    return 0;
}

/* The start tag; returns the element's kind (EL_*), or -1. */
static int out_start(out_t *o, const xmlNode *n)
{
    const xmlAttr *a;
    unsigned kind = element_kind(n->name);
    if ((kind & EL_VOID) && n->children) return -1;
    out_char(o, '<');
    out_name(o, n);
    for (a = n->properties; a; a = a->next)
        if (out_attr(o, a) != 0) return -1;
    out_char(o, '>');
    if ((kind & EL_LF) && n->children && n->children->type == XML_TEXT_NODE
        && n->children->content && n->children->content[0] == '\n')
        out_char(o, '\n');
    return (int)kind;
}

static void out_end(out_t *o, const xmlNode *n)
{
    out_put(o, "</", 2);
    out_name(o, n);
    out_char(o, '>');
}

/* One node that is not an element: text (raw inside script and style). */
static int out_leaf(out_t *o, const xmlNode *n, int raw)
{
    if (n->type != XML_TEXT_NODE && n->type != XML_CDATA_SECTION_NODE) return -1;
    if (!raw) {
        out_escaped(o, n->content, 0);
        return 0;
    }
    if (n->content && strstr((const char *)n->content, "</")) return -1;
    if (n->content) out_str(o, (const char *)n->content);
    return 0;
}

/* Write the element top and everything under it, without recursion. */
static int out_tree(out_t *o, const xmlNode *top)
{
    const xmlNode *n = top;
    for (;;) {
        int descend = 0;
        if (n->type == XML_ELEMENT_NODE) {
            int kind = out_start(o, n);
            if (kind < 0) return -1;
            if (n->children && (kind & EL_RAW)) {
                const xmlNode *c;
                for (c = n->children; c; c = c->next)
                    if (out_leaf(o, c, 1) != 0) return -1;
            }
            else if (n->children) descend = 1;
            if (!descend && !(kind & EL_VOID)) out_end(o, n);
        }
        else if (out_leaf(o, n, 0) != 0) {
            return -1;
        }
        if (o->failed) return -1;
        if (descend) {
            n = n->children;
            continue;
        }
        /* done with n: on to its next sibling, closing the parents that
         * have none left */
        while (n != top && !n->next) {
            n = n->parent;
            out_end(o, n);
        }
        if (n == top) return o->failed ? -1 : 0;
        n = n->next;
    }
}

int rm_html_serialize(const struct _xmlDoc *doc, rm_html_write_fn write, void *ctx)
{
    out_t *o, stack_out;
    const xmlNode *n;
    int rc = 0;
    if (!doc || !write) return -1;
    o = &stack_out;
    o->write = write;
    o->ctx = ctx;
    o->failed = 0;
    o->len = 0;
    for (n = doc->children; n && rc == 0; n = n->next) {
        if (n->type == XML_DTD_NODE) {
            out_str(o, "<!DOCTYPE ");
            out_str(o, n->name ? (const char *)n->name : "html");
            out_put(o, ">\n", 2);
        }
        else if (n->type == XML_ELEMENT_NODE) {
            rc = out_tree(o, n);
            out_char(o, '\n');
        }
        else {
            rc = -1;
        }
    }
    if (rc == 0) out_flush(o);
    return rc == 0 && !o->failed ? 0 : -1;
}
