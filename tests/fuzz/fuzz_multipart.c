/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * multipart/form-data (core/multipart.c): rm_multipart_parse over any
 * bytes.  Input: CONTENT_TYPE '\n' BODY (no '\n': all of it is the body,
 * with the Content-Type "multipart/form-data; boundary=b").  max_parts is
 * 4, or 1 when the input's length is odd.
 *
 * Invariants:
 *  - *parts and *nparts set exactly on success, *err exactly on failure
 *    (a non-empty sentence);
 *  - on success: at most max_parts parts; every part's data lies inside the
 *    body and holds no CRLF "--" boundary; its name is 1..64 bytes, its
 *    filename (when any) at most 255, both UTF-8 without control
 *    characters; no two names equal; the Content-Type, when any, is not
 *    multipart;
 *  - the parts written again in a canonical form (quoted names with \"
 *    and \\ escapes) parse back to the same parts.
 */
#include <string.h>
#include <strings.h>
#include <apr_strings.h>
#include "fuzz_common.h"
#include "multipart.h"

static const char *quote(apr_pool_t *p, const char *s)
{
    char *o = apr_palloc(p, 2 * strlen(s) + 3), *w = o;
    *w++ = '"';
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') *w++ = '\\';
        *w++ = *s;
    }
    *w++ = '"';
    *w = '\0';
    return o;
}

static int contains(const char *d, size_t n, const char *s, size_t k)
{
    for (size_t i = 0; i + k <= n; i++)
        if (!memcmp(d + i, s, k)) return 1;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p = fz_begin();
    const uint8_t *nl = memchr(data, '\n', size);
    const char *ct, *err = NULL, *b, *berr;
    char *body;
    size_t blen;
    rm_mp_part *parts = (void *)1;
    int n = -1, max = size % 2 ? 1 : 4, rc;

    if (nl) {
        ct = fz_cstr(data, (size_t)(nl - data));
        blen = size - (size_t)(nl - data) - 1;
        body = fz_mem(nl + 1, blen);
    }
    else {
        ct = "multipart/form-data; boundary=b";
        blen = size;
        body = fz_mem(data, size);
    }
    rc = rm_multipart_parse(p, ct, body, blen, max, &parts, &n, &err);
    if (rc) {
        FZ_ASSERT(!parts && n == 0 && err && *err, "a refusal with parts or no sentence");
        fz_end();
        return 0;
    }
    FZ_ASSERT(!err && n >= 0 && n <= max && (n == 0 || parts), "accepted: %d parts", n);
    b = rm_multipart_boundary(p, ct, &berr);
    FZ_ASSERT(b != NULL, "accepted with no boundary");
    {
        const char *delim = apr_pstrcat(p, "\r\n--", b, NULL);
        rm_mp_part *parts2;
        int n2;
        for (int i = 0; i < n; i++) {
            const rm_mp_part *x = &parts[i];
            size_t nl2 = strlen(x->name);
            FZ_ASSERT(x->data >= body && x->data + x->len <= body + blen, "part %d outside", i);
            FZ_ASSERT(!contains(x->data, x->len, delim, strlen(delim)), "part %d holds the "
                      "delimiter", i);
            FZ_ASSERT(nl2 >= 1 && nl2 <= RM_MP_MAX_NAME && rm_utf8_valid(x->name, nl2)
                      && !rm_has_controls(x->name, 0), "part %d's name", i);
            if (x->filename)
                FZ_ASSERT(strlen(x->filename) <= RM_MP_MAX_FILENAME
                          && rm_utf8_valid(x->filename, strlen(x->filename))
                          && !rm_has_controls(x->filename, 0), "part %d's filename", i);
            if (x->content_type)
                FZ_ASSERT(strncasecmp(x->content_type, "multipart/", 10), "nested multipart");
            for (int j = 0; j < i; j++)
                FZ_ASSERT(strcmp(parts[j].name, x->name), "parts %d and %d share a name", j, i);
        }
        /* the canonical form, built with explicit lengths (data may hold NUL) */
        {
            apr_array_header_t *buf = apr_array_make(p, 256, 1);
            const char *s;
#define ADD(ptr, len) do { size_t l_ = (len); const char *q_ = (ptr); \
        for (size_t k_ = 0; k_ < l_; k_++) APR_ARRAY_PUSH(buf, char) = q_[k_]; } while (0)
#define ADDS(str) do { s = (str); ADD(s, strlen(s)); } while (0)
            ADDS("--");
            ADDS(b);
            for (int i = 0; i < n; i++) {
                const rm_mp_part *x = &parts[i];
                ADDS("\r\nContent-Disposition: form-data; name=");
                ADDS(quote(p, x->name));
                if (x->filename) {
                    ADDS("; filename=");
                    ADDS(quote(p, x->filename));
                }
                if (x->content_type) {
                    ADDS("\r\nContent-Type:");
                    ADDS(x->content_type);
                }
                ADDS("\r\n\r\n");
                ADD(x->data, x->len);
                ADDS(delim);
            }
            ADDS("--");
            rc = rm_multipart_parse(p, ct, buf->elts, (size_t)buf->nelts, max, &parts2, &n2,
                                    &err);
            FZ_ASSERT(rc == 0 && n2 == n, "the canonical form: %s", err ? err : "count");
            for (int i = 0; i < n; i++) {
                FZ_ASSERT(!strcmp(parts[i].name, parts2[i].name), "name %d", i);
                FZ_ASSERT((parts[i].filename == NULL) == (parts2[i].filename == NULL)
                          && (!parts[i].filename
                              || !strcmp(parts[i].filename, parts2[i].filename)), "file %d", i);
                FZ_ASSERT((parts[i].content_type == NULL) == (parts2[i].content_type == NULL)
                          && (!parts[i].content_type
                              || !strcmp(parts[i].content_type, parts2[i].content_type)),
                          "type %d", i);
                FZ_ASSERT(parts[i].len == parts2[i].len
                          && !memcmp(parts[i].data, parts2[i].data, parts[i].len), "data %d", i);
            }
        }
    }
    fz_end();
    return 0;
}
