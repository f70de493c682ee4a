/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The resources hub's pure logic (features/resources), shared by the
 * module, its unit test and its fuzz harness:
 *
 *  - what an uploaded file is: the types the hub knows how to check, each
 *    with the extensions it goes by and a check of the bytes themselves
 *    (a PDF starts %PDF-, an Office or OpenDocument file is a ZIP archive
 *    holding the part that type needs, a text file is UTF-8 without control
 *    characters, a WebVTT file starts WEBVTT, PNG and JPEG their
 *    signatures).  The client's Content-Type is never believed; the name it
 *    sent gives the extension only, and the bytes must agree with it;
 *  - the name a download is offered under: made from the client's name, its
 *    directories dropped, only letters, digits and " ._-()" kept, never
 *    used as a path (the file is stored under its SHA-256);
 *  - topics: a comma-separated list normalised to lower case, each 1..40
 *    characters of letters, digits, spaces and hyphens, at most 10, no
 *    repeats;
 *  - search: the words of a query (letters and digits; other characters
 *    separate words; lower-cased ASCII, UTF-8 kept), at most
 *    RM_SEARCH_MAX_TERMS of at most RM_SEARCH_MAX_TERM bytes, written as an
 *    FTS5 query (SQLite) and as a tsquery (PostgreSQL) that mean the same:
 *    every word must appear, the last one as a prefix of a word.
 */
#ifndef RM_RESOURCE_H
#define RM_RESOURCE_H

#include <stddef.h>
#include <apr_pools.h>

#define RM_SEARCH_MAX_TERMS 8
#define RM_SEARCH_MAX_TERM 40
#define RM_TOPICS_MAX 10
#define RM_TOPIC_MAX 40
#define RM_DOWNLOAD_NAME_MAX 100

/* The MIME type an extension (without the dot, any case) goes by among the
 * types the hub can check, or NULL. */
const char *rm_mime_for_ext(const char *ext);
/* 1 when the hub knows how to check files of this type. */
int rm_mime_known(const char *type);
/* The types the hub can check, as "type (ext, ext)" joined by ", ", for
 * messages and documentation. */
const char *rm_mime_known_list(apr_pool_t *p);
/* NULL when data[0..len) is a file of type, else a sentence naming what is
 * wrong with it. */
const char *rm_mime_check(const char *type, const unsigned char *data, size_t len);

/* The extension of a file name sent by a client: after the last '.', of
 * its last path segment, lower-cased, 1..10 letters or digits; "" when it
 * has none. */
const char *rm_file_ext(apr_pool_t *p, const char *name);
/* The name a download is offered under (see above), ending ".ext";
 * "resource.ext" when nothing of the client's name is left. */
const char *rm_download_name(apr_pool_t *p, const char *client_name, const char *ext);

/* The topics normalised into *out ("" for none); NULL, or a sentence. */
const char *rm_topics_normalise(apr_pool_t *p, const char *in, const char **out);

/* The words of a query: *n of them into terms (an array of
 * RM_SEARCH_MAX_TERMS); 0, or -1 when there are too many or one is too
 * long (*n then 0). */
int rm_search_terms(apr_pool_t *p, const char *q, const char **terms, int *n);
/* The words as an FTS5 query: "w1" AND "w2"* ; as a tsquery: w1 & w2:* */
const char *rm_search_fts5(apr_pool_t *p, const char *const *terms, int n);
const char *rm_search_tsquery(apr_pool_t *p, const char *const *terms, int n);

/* The words of a captions or transcript file (a story's film, features/
 * stories) as plain text: a WebVTT file (is_vtt) loses its header, NOTE,
 * STYLE and REGION blocks, cue identifiers and timings, and its cues' tags
 * (<v Name>, <i>, <c.x>, timestamps); the entities &amp; &lt; &gt; &nbsp;
 * &lrm; &rlm; are decoded; a cue's lines become one line, a cue repeating
 * the line before it is dropped.  A text file is kept as it is, less a
 * byte-order mark and trailing blank lines; line endings become "\n".
 * data must already have passed rm_mime_check.  *out the text; NULL, or a
 * sentence (no words at all). */
const char *rm_captions_text(apr_pool_t *p, const char *data, size_t len, int is_vtt,
                             const char **out);

#endif
