/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * multipart/form-data bodies (RFC 7578, a strict subset) for the /hr page's
 * import form (fields csrf and file).  Debian 12 packages no libapreq2, so
 * the module reads them itself, bounded:
 *
 *  - the boundary comes from Content-Type's boundary parameter, quoted or
 *    not: 1..70 characters of RFC 2046's bchars (digits, letters and
 *    '()+_,-./:=? and space, not last);
 *  - the body starts with "--boundary" (no preamble), every line ending is
 *    CRLF, each delimiter is followed by CRLF (no transport padding) and
 *    the close delimiter "--boundary--" is required (what follows it, the
 *    epilogue, is ignored);
 *  - a part has at most RM_MP_MAX_HEADERS header lines of at most
 *    RM_MP_MAX_HEADER bytes, no folded lines; exactly one
 *    Content-Disposition, "form-data" with a name (1..64 bytes) and
 *    optionally a filename (0..255 bytes), quoted strings with \" and \\
 *    escapes or tokens, UTF-8 without control characters; filename* and
 *    other parameters are ignored; at most one Content-Type, which must not
 *    be multipart (no nested multipart); Content-Transfer-Encoding, when
 *    present, only 7bit, 8bit or binary; other headers are ignored;
 *  - at most max_parts parts, each name once (a second part of the same
 *    name is refused, as rm_form_parse refuses a field twice).
 *
 * A part's filename is what the browser said: shown at most, never used as
 * a path.  A part's data points into body (not copied; not NUL-terminated).
 */
#ifndef RM_MULTIPART_H
#define RM_MULTIPART_H

#include <stddef.h>
#include <apr_pools.h>

#define RM_MP_MAX_HEADERS   8
#define RM_MP_MAX_HEADER    1024
#define RM_MP_MAX_NAME      64
#define RM_MP_MAX_FILENAME  255

typedef struct {
    const char *name;           /* the field's name */
    const char *filename;       /* NULL when the part is no file */
    const char *content_type;   /* NULL when the part has none */
    const char *data;           /* into body */
    size_t len;
} rm_mp_part;

/* Parse body[0..len) sent with content_type (the request's Content-Type).
 * 0 on success: *parts (an array of *nparts) in body order.  Otherwise
 * non-zero and *err a sentence that names the problem (never echoing more
 * than a few bytes of the body); *parts NULL and *nparts 0. */
int rm_multipart_parse(apr_pool_t *p, const char *content_type, const char *body,
                       size_t len, int max_parts, rm_mp_part **parts, int *nparts,
                       const char **err);

/* The boundary of a multipart/form-data Content-Type, or NULL with *err
 * when it is not one or its boundary is missing or bad. */
const char *rm_multipart_boundary(apr_pool_t *p, const char *content_type, const char **err);

/* The part named name, or NULL. */
const rm_mp_part *rm_multipart_find(const rm_mp_part *parts, int nparts, const char *name);

#endif
