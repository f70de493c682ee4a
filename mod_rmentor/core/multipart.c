/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * multipart/form-data, a strict and bounded subset of RFC 7578 (see
 * multipart.h).
 */
#include <string.h>
#include <strings.h>
#include <apr_strings.h>
#include "rm_core.h"
#include "multipart.h"

#define BOUNDARY_MAX 70

/* RFC 7230 tchar */
static int tchar(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
        || (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* RFC 2046 bchars (space allowed, but not last) */
static int bchar(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
        || (c && strchr("'()+_,-./:=? ", c));
}

static const char *skip_ows(const char *s, const char *end)
{
    while (s < end && (*s == ' ' || *s == '\t')) s++;
    return s;
}

/* A header value's parameters, after the first ';' or at its end:
 * ; name = token | quoted-string.  Calls back for each.  Returns NULL or
 * the sentence naming the problem.  what: the header's name, for messages. */
typedef const char *(*param_fn)(apr_pool_t *p, void *ctx, const char *name, size_t nlen,
                                const char *value);

static const char *params(apr_pool_t *p, const char *s, const char *end, const char *what,
                          param_fn fn, void *ctx)
{
    for (;;) {
        const char *n, *e;
        size_t nlen;
        char *v, *o;
        s = skip_ows(s, end);
        if (s == end) return NULL;
        if (*s != ';') return apr_psprintf(p, "the %s header has something that is not a "
                                           "parameter after its value", what);
        s = skip_ows(s + 1, end);
        if (s == end) return NULL;          /* a trailing ';' */
        for (n = s; s < end && tchar((unsigned char)*s); s++);
        nlen = (size_t)(s - n);
        if (!nlen) return apr_psprintf(p, "the %s header has a parameter with no name", what);
        s = skip_ows(s, end);
        if (s == end || *s != '=')
            return apr_psprintf(p, "the %s header has a parameter with no value", what);
        s = skip_ows(s + 1, end);
        if (s < end && *s == '"') {
            o = v = apr_palloc(p, (apr_size_t)(end - s) + 1);
            for (s++; s < end && *s != '"'; s++) {
                unsigned char c = (unsigned char)*s;
                if (c == '\\') {
                    if (++s == end) break;
                    c = (unsigned char)*s;
                }
                if ((c < 0x20 && c != '\t') || c == 0x7F)
                    return apr_psprintf(p, "the %s header has a control character in a "
                                        "parameter", what);
                *o++ = (char)c;
            }
            if (s == end)
                return apr_psprintf(p, "the %s header has a quoted parameter with no "
                                    "closing quote", what);
            s++;
            *o = '\0';
        }
        else {
            for (e = s; e < end && tchar((unsigned char)*e); e++);
            if (e == s) return apr_psprintf(p, "the %s header has a parameter with no value",
                                            what);
            v = apr_pstrmemdup(p, s, (apr_size_t)(e - s));
            s = e;
        }
        if ((e = fn(p, ctx, n, nlen, v))) return e;
    }
}

static int named(const char *n, size_t nlen, const char *want)
{
    return nlen == strlen(want) && !strncasecmp(n, want, nlen);
}

/* ---- Content-Type ------------------------------------------------------------ */

static const char *on_ct_param(apr_pool_t *p, void *ctx, const char *name, size_t nlen,
                               const char *value)
{
    const char **boundary = ctx;
    if (!named(name, nlen, "boundary")) return NULL;
    if (*boundary) return "the Content-Type gives the boundary twice";
    *boundary = value;
    return NULL;
}

const char *rm_multipart_boundary(apr_pool_t *p, const char *content_type, const char **err)
{
    static const char type[] = "multipart/form-data";
    const char *s = content_type, *end, *b = NULL, *e;
    size_t n;
    *err = NULL;
    if (!s) {
        *err = "the request has no Content-Type";
        return NULL;
    }
    end = s + strlen(s);
    s = skip_ows(s, end);
    if ((size_t)(end - s) < sizeof(type) - 1 || strncasecmp(s, type, sizeof(type) - 1)
        || (s + sizeof(type) - 1 < end && tchar((unsigned char)s[sizeof(type) - 1]))) {
        *err = "the request is not multipart/form-data";
        return NULL;
    }
    if ((e = params(p, s + sizeof(type) - 1, end, "Content-Type", on_ct_param, &b))) {
        *err = e;
        return NULL;
    }
    if (!b) {
        *err = "the Content-Type has no boundary";
        return NULL;
    }
    n = strlen(b);
    if (n < 1 || n > BOUNDARY_MAX || b[n - 1] == ' ') {
        *err = "the boundary must be 1 to 70 characters, not ending in a space";
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        if (!bchar((unsigned char)b[i])) {
            *err = "the boundary has a character RFC 2046 does not allow";
            return NULL;
        }
    return b;
}

/* ---- a part's headers ---------------------------------------------------------- */

typedef struct {
    const char *name, *filename;
    int names, filenames;
} disposition;

static const char *on_cd_param(apr_pool_t *p, void *ctx, const char *name, size_t nlen,
                               const char *value)
{
    disposition *d = ctx;
    if (named(name, nlen, "name")) {
        d->names++;
        d->name = value;
    }
    else if (named(name, nlen, "filename")) {
        d->filenames++;
        d->filename = value;
    }
    return NULL;
}

static int clean_text(const char *s)
{
    return rm_utf8_valid(s, strlen(s)) && !rm_has_controls(s, 0);
}

static const char *read_disposition(apr_pool_t *p, const char *v, const char *end,
                                    rm_mp_part *part, int n)
{
    static const char fd[] = "form-data";
    disposition d = { NULL, NULL, 0, 0 };
    const char *e;
    if ((size_t)(end - v) < sizeof(fd) - 1 || strncasecmp(v, fd, sizeof(fd) - 1)
        || (v + sizeof(fd) - 1 < end && tchar((unsigned char)v[sizeof(fd) - 1])))
        return apr_psprintf(p, "part %d is not form-data", n);
    if ((e = params(p, v + sizeof(fd) - 1, end, "Content-Disposition", on_cd_param, &d)))
        return apr_psprintf(p, "part %d: %s", n, e);
    if (d.names != 1 || d.filenames > 1)
        return apr_psprintf(p, "part %d must give one name and at most one filename", n);
    if (!*d.name || strlen(d.name) > RM_MP_MAX_NAME || !clean_text(d.name))
        return apr_psprintf(p, "part %d's name must be 1 to %d bytes of UTF-8 text", n,
                            RM_MP_MAX_NAME);
    if (d.filename && (strlen(d.filename) > RM_MP_MAX_FILENAME || !clean_text(d.filename)))
        return apr_psprintf(p, "part %d's filename must be at most %d bytes of UTF-8 text",
                            n, RM_MP_MAX_FILENAME);
    part->name = d.name;
    part->filename = d.filename;
    return NULL;
}

/* The headers from s up to the empty line; *next: the first byte of the
 * data.  n: the part's number from 1, for messages. */
static const char *read_headers(apr_pool_t *p, const char *s, const char *end,
                                rm_mp_part *part, int n, const char **next)
{
    int lines = 0, cd = 0, ct = 0;
    for (;;) {
        const char *eol = NULL, *colon, *v, *ve;
        size_t room = (size_t)(end - s);
        if (room > RM_MP_MAX_HEADER + 2) room = RM_MP_MAX_HEADER + 2;
        for (size_t i = 0; i + 1 < room; i++) {
            if (s[i] == '\r' && s[i + 1] == '\n') { eol = s + i; break; }
            if (s[i] == '\r' || s[i] == '\n' || s[i] == '\0')
                return apr_psprintf(p, "part %d has a header line that does not end in CRLF",
                                    n);
        }
        if (!eol) {
            if ((size_t)(end - s) > RM_MP_MAX_HEADER + 1)
                return apr_psprintf(p, "part %d has a header line longer than %d bytes", n,
                                    RM_MP_MAX_HEADER);
            return apr_psprintf(p, "the body ends inside part %d's headers", n);
        }
        if (eol == s) {                     /* the empty line */
            *next = s + 2;
            break;
        }
        if (++lines > RM_MP_MAX_HEADERS)
            return apr_psprintf(p, "part %d has more than %d header lines", n,
                                RM_MP_MAX_HEADERS);
        if (*s == ' ' || *s == '\t')
            return apr_psprintf(p, "part %d has a folded header line", n);
        for (colon = s; colon < eol && tchar((unsigned char)*colon); colon++);
        if (colon == s || colon == eol || *colon != ':')
            return apr_psprintf(p, "part %d has a header line with no name", n);
        v = skip_ows(colon + 1, eol);
        for (ve = eol; ve > v && (ve[-1] == ' ' || ve[-1] == '\t'); ve--);
        if (named(s, (size_t)(colon - s), "Content-Disposition")) {
            const char *e;
            if (cd++) return apr_psprintf(p, "part %d has two Content-Disposition headers", n);
            if ((e = read_disposition(p, v, ve, part, n))) return e;
        }
        else if (named(s, (size_t)(colon - s), "Content-Type")) {
            char *t;
            if (ct++) return apr_psprintf(p, "part %d has two Content-Type headers", n);
            t = apr_pstrmemdup(p, v, (apr_size_t)(ve - v));
            if (!*t || !clean_text(t))
                return apr_psprintf(p, "part %d has a bad Content-Type", n);
            if (!strncasecmp(t, "multipart/", 10))
                return apr_psprintf(p, "part %d is itself multipart, which is not accepted", n);
            part->content_type = t;
        }
        else if (named(s, (size_t)(colon - s), "Content-Transfer-Encoding")) {
            size_t vl = (size_t)(ve - v);
            if (!((vl == 4 && !strncasecmp(v, "7bit", 4)) || (vl == 4 && !strncasecmp(v, "8bit", 4))
                  || (vl == 6 && !strncasecmp(v, "binary", 6))))
                return apr_psprintf(p, "part %d has a Content-Transfer-Encoding other than "
                                    "7bit, 8bit or binary", n);
        }
        s = eol + 2;
    }
    if (!cd) return apr_psprintf(p, "part %d has no Content-Disposition", n);
    return NULL;
}

/* ---- the body ------------------------------------------------------------------- */

/* the first "\r\n--" + boundary in [s, end), or NULL */
static const char *find_delim(const char *s, const char *end, const char *b, size_t blen)
{
    while (s < end) {
        const char *cr = memchr(s, '\r', (size_t)(end - s));
        if (!cr) return NULL;
        if ((size_t)(end - cr) >= blen + 4 && cr[1] == '\n' && cr[2] == '-' && cr[3] == '-'
            && !memcmp(cr + 4, b, blen))
            return cr;
        s = cr + 1;
    }
    return NULL;
}

int rm_multipart_parse(apr_pool_t *p, const char *content_type, const char *body, size_t len,
                       int max_parts, rm_mp_part **parts, int *nparts, const char **err)
{
    const char *b, *s, *end;
    size_t blen;
    apr_array_header_t *out;

    *parts = NULL;
    *nparts = 0;
    *err = NULL;
    if (!(b = rm_multipart_boundary(p, content_type, err))) return 1;
    blen = strlen(b);
    if (!body) len = 0;
    s = body;
    end = body + len;
    if (len < blen + 2 || s[0] != '-' || s[1] != '-' || memcmp(s + 2, b, blen)) {
        *err = "the body does not start with the boundary";
        return 1;
    }
    s += blen + 2;
    out = apr_array_make(p, 2, sizeof(rm_mp_part));
    for (;;) {
        rm_mp_part *part;
        const char *data = NULL, *d;
        int n = out->nelts + 1;
        /* after a delimiter: "--" closes, CRLF starts a part */
        if (end - s >= 2 && s[0] == '-' && s[1] == '-') break;
        if (end - s < 2 || s[0] != '\r' || s[1] != '\n') {
            *err = end - s < 2 ? "the body ends without the closing boundary"
                               : "a boundary line has something after the boundary";
            return 1;
        }
        if (out->nelts >= max_parts) {
            *err = apr_psprintf(p, "the body has more than %d parts", max_parts);
            return 1;
        }
        part = &APR_ARRAY_PUSH(out, rm_mp_part);
        memset(part, 0, sizeof(*part));
        if ((*err = read_headers(p, s + 2, end, part, n, &data))) return 1;
        if (!(d = find_delim(data, end, b, blen))) {
            *err = "the body ends without the closing boundary";
            return 1;
        }
        for (int i = 0; i < out->nelts - 1; i++)
            if (!strcmp(APR_ARRAY_IDX(out, i, rm_mp_part).name, part->name)) {
                *err = apr_psprintf(p, "part %d repeats the name of part %d", n, i + 1);
                return 1;
            }
        part->data = data;
        part->len = (size_t)(d - data);
        s = d + 4 + blen;
    }
    *parts = (rm_mp_part *)out->elts;
    *nparts = out->nelts;
    return 0;
}

const rm_mp_part *rm_multipart_find(const rm_mp_part *parts, int nparts, const char *name)
{
    for (int i = 0; i < nparts; i++)
        if (!strcmp(parts[i].name, name)) return &parts[i];
    return NULL;
}
