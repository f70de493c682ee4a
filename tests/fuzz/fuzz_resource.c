/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The resources hub's parsers of outside input (core/resource.c): an
 * uploaded file's bytes and the name the client sent it under, a topics
 * field, a search query.  Input: SELECTOR '\n' REST, where the selector's
 * first byte picks what REST is fed to:
 *   'f' an upload: NAME '\0' BYTES (every type the hub knows is checked
 *       against BYTES, and the name's extension and download name made);
 *   't' a topics field;  'm' a list of members (core/members.c);
 *   'c' a story's captions file (WebVTT, and the
 *       same bytes as a text file), when they pass the type's check;
 *   anything else: a search query.
 *
 * Invariants:
 *  - rm_mime_check returns NULL or a non-empty sentence, for every type;
 *    a PDF it accepts starts with %PDF-; text it accepts is UTF-8;
 *  - rm_file_ext is "" or 1..10 lower-case letters and digits;
 *    rm_download_name is 1..RM_DOWNLOAD_NAME_MAX bytes of letters, digits
 *    and " ._-()", ends with "." and the extension, and never starts with
 *    '.';
 *  - rm_topics_normalise: on success, at most RM_TOPICS_MAX topics, lower
 *    case, no empty one, no repeat, and normalising the result again gives
 *    the same; on failure *out is "" and the sentence non-empty;
 *  - rm_captions_text: on success non-empty UTF-8 without a carriage
 *    return, no two lines in a row the same (WebVTT), at most twice the
 *    input's length; on failure *out is "" and the sentence non-empty;
 *  - rm_search_terms: at most RM_SEARCH_MAX_TERMS words of 1..RM_SEARCH_MAX_TERM
 *    letters, digits or UTF-8, no upper-case ASCII; the FTS5 and tsquery
 *    texts hold no byte of either syntax's operators but their own joints.
 */
#include <string.h>
#include <apr_strings.h>
#include "fuzz_common.h"
#include "resource.h"
#include "members.h"

/* an invariant, named by its own text when it fails */
#define CHECK(c) FZ_ASSERT(c, "%s", #c)

static const char *const types[] = {
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.presentation",
    "application/vnd.oasis.opendocument.spreadsheet", "text/plain", "text/csv", "text/vtt",
    "image/png", "image/jpeg", "text/html", NULL };

static int name_ok(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
           || c == ' ' || c == '.' || c == '_' || c == '-' || c == '(' || c == ')';
}

static void upload(apr_pool_t *p, const uint8_t *d, size_t n)
{
    const uint8_t *nul = memchr(d, 0, n);
    size_t nl = nul ? (size_t)(nul - d) : n;
    const char *name = fz_cstr(d, nl), *ext, *dl;
    const unsigned char *bytes = nul ? (const unsigned char *)fz_mem(nul + 1, n - nl - 1)
                                     : (const unsigned char *)"";
    size_t blen = nul ? n - nl - 1 : 0, k;

    for (int i = 0; types[i]; i++) {
        const char *e = rm_mime_check(types[i], bytes, blen);
        CHECK(!e || *e);
        if (!e && !strcmp(types[i], "application/pdf"))
            CHECK(blen >= 5 && !memcmp(bytes, "%PDF-", 5));
        if (!e && !strcmp(types[i], "text/plain"))
            CHECK(rm_utf8_valid((const char *)bytes + (blen >= 3 && bytes[0] == 0xEF
                                                           && bytes[1] == 0xBB
                                                           && bytes[2] == 0xBF ? 3 : 0),
                                    blen - (blen >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB
                                            && bytes[2] == 0xBF ? 3 : 0)));
        CHECK(strcmp(types[i], "text/html") || e);
    }
    ext = rm_file_ext(p, name);
    k = strlen(ext);
    CHECK(k <= 10);
    for (size_t i = 0; i < k; i++)
        CHECK((ext[i] >= 'a' && ext[i] <= 'z') || (ext[i] >= '0' && ext[i] <= '9'));
    if (k && rm_mime_for_ext(ext)) CHECK(rm_mime_known(rm_mime_for_ext(ext)));
    dl = rm_download_name(p, name, k ? ext : "bin");
    CHECK(strlen(dl) >= 1 && strlen(dl) <= RM_DOWNLOAD_NAME_MAX);
    CHECK(dl[0] != '.');
    for (const char *s = dl; *s; s++) CHECK(name_ok((unsigned char)*s));
    {
        const char *tail = apr_pstrcat(p, ".", k ? ext : "bin", NULL);
        CHECK(strlen(dl) > strlen(tail) && !strcmp(dl + strlen(dl) - strlen(tail), tail));
    }
}

static void topics(apr_pool_t *p, const char *in)
{
    const char *out = NULL, *again = NULL, *e = rm_topics_normalise(p, in, &out);
    int n = 0;
    CHECK(out != NULL);
    if (e) {
        CHECK(*e && !*out);
        return;
    }
    for (const char *s = out; *s; ) {
        size_t k = strcspn(s, ",");
        CHECK(k > 0);
        n++;
        s += k;
        if (*s) { s++; CHECK(*s); }
    }
    CHECK(n <= RM_TOPICS_MAX);
    for (const char *s = out; *s; s++) CHECK(!(*s >= 'A' && *s <= 'Z'));
    CHECK(!rm_topics_normalise(p, out, &again));
    CHECK(!strcmp(out, again));
}

static void captions(apr_pool_t *p, const uint8_t *d, size_t n)
{
    const char *data = fz_mem(d, n);
    for (int vtt = 0; vtt < 2; vtt++) {
        const char *out = NULL, *e;
        if (rm_mime_check(vtt ? "text/vtt" : "text/plain", (const unsigned char *)data, n))
            continue;
        e = rm_captions_text(p, data, n, vtt, &out);
        CHECK(out != NULL);
        if (e) {
            CHECK(*e && !*out);
            continue;
        }
        CHECK(*out && rm_utf8_valid(out, strlen(out)) && !strchr(out, '\r'));
        CHECK(strlen(out) <= 2 * n + 1);
        if (vtt) {
            const char *prev = NULL;
            size_t plen = 0;
            for (const char *s = out; *s; ) {
                size_t k = strcspn(s, "\n");
                CHECK(!(prev && k == plen && !memcmp(prev, s, k)));
                prev = s;
                plen = k;
                s += k;
                if (*s) s++;
            }
        }
    }
}

/* a list of members: lower case, scoped, bounded, no repeats */
static void members(apr_pool_t *p, const uint8_t *d, size_t n)
{
    apr_array_header_t *a = NULL;
    const char *e = rm_members_parse(p, fz_mem(d, n), n, 50, &a);
    if (e) {
        CHECK(*e && !a);
        return;
    }
    CHECK(a && a->nelts <= 50);
    for (int i = 0; i < a->nelts; i++) {
        const char *s = APR_ARRAY_IDX(a, i, const char *), *at = strchr(s, '@');
        CHECK(strlen(s) >= 3 && strlen(s) <= 256 && at && at != s && at[1]
              && !strchr(at + 1, '@'));
        for (const char *c = s; *c; c++)
            CHECK(!(*c >= 'A' && *c <= 'Z') && (unsigned char)*c > 0x20 && *c != '"');
        for (int k = 0; k < i; k++) CHECK(strcmp(s, APR_ARRAY_IDX(a, k, const char *)));
    }
}

static void search(apr_pool_t *p, const char *q)
{
    const char *t[RM_SEARCH_MAX_TERMS], *fts, *tsq;
    int n = -1;
    if (rm_search_terms(p, q, t, &n) != 0) {
        CHECK(n == 0);
        return;
    }
    CHECK(n >= 0 && n <= RM_SEARCH_MAX_TERMS);
    for (int i = 0; i < n; i++) {
        size_t k = strlen(t[i]);
        CHECK(k >= 1 && k <= RM_SEARCH_MAX_TERM);
        for (size_t j = 0; j < k; j++) {
            unsigned char c = (unsigned char)t[i][j];
            CHECK((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80);
        }
    }
    fts = rm_search_fts5(p, t, n);
    tsq = rm_search_tsquery(p, t, n);
    /* the only quotes are the ones around each word: 2 per word */
    {
        int quotes = 0;
        for (const char *s = fts; *s; s++) quotes += *s == '"';
        CHECK(quotes == 2 * n);
        for (const char *s = tsq; *s; s++)
            CHECK(*s != '\'' && *s != '"' && *s != '|' && *s != '!' && *s != '('
                      && *s != ')' && *s != '\\' && *s != '<');
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p = fz_begin();
    const uint8_t *nl = memchr(data, '\n', size);
    char sel = size ? (char)data[0] : 'q';
    const uint8_t *rest = nl ? nl + 1 : data;
    size_t rn = nl ? size - (size_t)(rest - data) : size;
    if (sel == 'f') upload(p, rest, rn);
    else if (sel == 't') topics(p, fz_cstr(rest, rn));
    else if (sel == 'c') captions(p, rest, rn);
    else if (sel == 'm') members(p, rest, rn);
    else search(p, fz_cstr(rest, rn));
    fz_end();
    return 0;
}
