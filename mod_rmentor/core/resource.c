/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The resources hub's pure logic (resource.h).
 */
#include <string.h>
#include <strings.h>
#include <apr_strings.h>
#include "rm_core.h"
#include "resource.h"

typedef enum { CHECK_PDF, CHECK_ZIP, CHECK_TEXT, CHECK_VTT, CHECK_PNG, CHECK_JPEG } check_kind;

typedef struct {
    const char *type;
    const char *exts;       /* space-separated */
    check_kind check;
    const char *part;       /* CHECK_ZIP: a name the archive must hold */
} mime_rule;

static const mime_rule rules[] = {
    { "application/pdf", "pdf", CHECK_PDF, NULL },
    { "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx",
      CHECK_ZIP, "word/" },
    { "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx",
      CHECK_ZIP, "ppt/" },
    { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx",
      CHECK_ZIP, "xl/" },
    { "application/vnd.oasis.opendocument.text", "odt", CHECK_ZIP,
      "mimetypeapplication/vnd.oasis.opendocument.text" },
    { "application/vnd.oasis.opendocument.presentation", "odp", CHECK_ZIP,
      "mimetypeapplication/vnd.oasis.opendocument.presentation" },
    { "application/vnd.oasis.opendocument.spreadsheet", "ods", CHECK_ZIP,
      "mimetypeapplication/vnd.oasis.opendocument.spreadsheet" },
    { "text/plain", "txt", CHECK_TEXT, NULL },
    { "text/csv", "csv", CHECK_TEXT, NULL },
    { "text/vtt", "vtt", CHECK_VTT, NULL },
    { "image/png", "png", CHECK_PNG, NULL },
    { "image/jpeg", "jpg jpeg", CHECK_JPEG, NULL },
    { NULL, NULL, 0, NULL }
};

static const mime_rule *rule_of(const char *type)
{
    for (const mime_rule *r = rules; r->type; r++)
        if (!strcasecmp(r->type, type)) return r;
    return NULL;
}

const char *rm_mime_for_ext(const char *ext)
{
    size_t n = strlen(ext);
    if (!n) return NULL;
    for (const mime_rule *r = rules; r->type; r++) {
        const char *s = r->exts;
        while (*s) {
            size_t k = strcspn(s, " ");
            if (k == n && !strncasecmp(s, ext, n)) return r->type;
            s += k;
            while (*s == ' ') s++;
        }
    }
    return NULL;
}

int rm_mime_known(const char *type)
{
    return rule_of(type) != NULL;
}

const char *rm_mime_known_list(apr_pool_t *p)
{
    const char *out = "";
    for (const mime_rule *r = rules; r->type; r++)
        out = apr_pstrcat(p, out, r == rules ? "" : ", ", r->type, " (", r->exts, ")", NULL);
    return out;
}

static int holds(const unsigned char *d, size_t n, const char *s)
{
    size_t k = strlen(s);
    if (k == 0 || k > n) return 0;
    for (size_t i = 0; i + k <= n; i++)
        if (d[i] == (unsigned char)s[0] && !memcmp(d + i, s, k)) return 1;
    return 0;
}

/* UTF-8 with no control characters but tab, line feed, carriage return and
 * form feed; a byte-order mark allowed at the start */
static const char *text_check(const unsigned char *d, size_t n)
{
    if (n >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF) { d += 3; n -= 3; }
    for (size_t i = 0; i < n; i++)
        if ((d[i] < 0x20 && d[i] != '\t' && d[i] != '\n' && d[i] != '\r' && d[i] != '\f')
            || d[i] == 0x7f)
            return "The file holds control characters, which text does not: it may be "
                   "another kind of file with a text file's name.";
    if (!rm_utf8_valid((const char *)d, n))
        return "The file is not text in UTF-8: save it as UTF-8 text and send it again.";
    return NULL;
}

const char *rm_mime_check(const char *type, const unsigned char *d, size_t n)
{
    const mime_rule *r = rule_of(type);
    if (!r) return "The hub does not know how to check files of this type.";
    if (n == 0) return "The file is empty.";
    switch (r->check) {
    case CHECK_PDF:
        return n >= 5 && !memcmp(d, "%PDF-", 5) ? NULL
               : "The file is not a PDF document, although its name says it is.";
    case CHECK_ZIP:
        if (n < 30 || memcmp(d, "PK\x03\x04", 4))
            return "The file is not an Office or OpenDocument file, although its name says "
                   "it is.";
        if (!holds(d, n, r->part))
            return "The file is an archive, but not the kind of document its name says.";
        return NULL;
    case CHECK_TEXT:
        return text_check(d, n);
    case CHECK_VTT:
        if (n >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF) { d += 3; n -= 3; }
        if (n < 6 || memcmp(d, "WEBVTT", 6) || (n > 6 && d[6] != ' ' && d[6] != '\t'
                                                 && d[6] != '\n' && d[6] != '\r'))
            return "The file is not a WebVTT captions file: its first line must be WEBVTT.";
        return text_check(d, n);
    case CHECK_PNG:
        return n >= 8 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8) ? NULL
               : "The file is not a PNG image, although its name says it is.";
    case CHECK_JPEG:
        return n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF ? NULL
               : "The file is not a JPEG image, although its name says it is.";
    }
    return "The hub does not know how to check files of this type.";
}

static const char *last_segment(const char *name)
{
    const char *s = name, *seg = name;
    for (; *s; s++)
        if (*s == '/' || *s == '\\') seg = s + 1;
    return seg;
}

const char *rm_file_ext(apr_pool_t *p, const char *name)
{
    const char *seg = last_segment(name), *dot = strrchr(seg, '.');
    size_t n;
    char *e;
    if (!dot || dot == seg) return "";
    n = strlen(dot + 1);
    if (n < 1 || n > 10) return "";
    e = apr_pstrdup(p, dot + 1);
    for (char *c = e; *c; c++) {
        if (*c >= 'A' && *c <= 'Z') *c = (char)(*c - 'A' + 'a');
        else if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9'))) return "";
    }
    return e;
}

static int name_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
           || c == ' ' || c == '.' || c == '_' || c == '-' || c == '(' || c == ')';
}

const char *rm_download_name(apr_pool_t *p, const char *client_name, const char *ext)
{
    const char *seg = last_segment(client_name ? client_name : "");
    const char *dot = strrchr(seg, '.');
    size_t stem = dot && dot != seg ? (size_t)(dot - seg) : strlen(seg), w = 0;
    char *out = apr_palloc(p, RM_DOWNLOAD_NAME_MAX + 1);
    size_t room = RM_DOWNLOAD_NAME_MAX - 1 - strlen(ext);
    int space = 0;
    for (size_t i = 0; i < stem && w < room; i++) {
        unsigned char c = (unsigned char)seg[i];
        if (!name_char(c) || c == ' ') { space = w > 0; continue; }
        if (c == '.' && w == 0) continue;               /* no hidden names */
        if (space && w < room - 1) out[w++] = ' ';
        space = 0;
        out[w++] = (char)c;
    }
    while (w > 0 && (out[w - 1] == '.' || out[w - 1] == ' ')) w--;
    out[w] = '\0';
    return apr_pstrcat(p, w ? out : "resource", ".", ext, NULL);
}

static int topic_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ' || c == '-'
           || c >= 0x80;
}

const char *rm_topics_normalise(apr_pool_t *p, const char *in, const char **out)
{
    const char *s = in ? in : "", *res = "";
    const char *seen[RM_TOPICS_MAX];
    int n = 0;
    *out = "";
    if (!rm_utf8_valid(s, strlen(s))) return "The topics are not valid text.";
    while (*s) {
        size_t k = strcspn(s, ",");
        char *t = apr_pstrmemdup(p, s, k), *b = t, *e;
        s += k;
        if (*s == ',') s++;
        for (char *c = t; *c; c++)
            if (*c >= 'A' && *c <= 'Z') *c = (char)(*c - 'A' + 'a');
        while (*b == ' ' || *b == '\t') b++;
        e = b + strlen(b);
        while (e > b && (e[-1] == ' ' || e[-1] == '\t')) *--e = '\0';
        if (!*b) continue;
        for (char *c = b; *c; c++)
            if (!topic_char((unsigned char)*c))
                return apr_psprintf(p, "The topic \"%.40s\" may hold only letters, digits, "
                                    "spaces and hyphens: separate topics with commas.", b);
        if (rm_utf8_len(b) > RM_TOPIC_MAX)
            return apr_psprintf(p, "Each topic must be %d characters or fewer.", RM_TOPIC_MAX);
        {
            int dup = 0;
            for (int i = 0; i < n; i++)
                if (!strcmp(seen[i], b)) dup = 1;
            if (dup) continue;
        }
        if (n == RM_TOPICS_MAX)
            return apr_psprintf(p, "Give at most %d topics.", RM_TOPICS_MAX);
        seen[n++] = b;
        res = apr_pstrcat(p, res, *res ? "," : "", b, NULL);
    }
    *out = res;
    return NULL;
}

static int word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
           || c >= 0x80;
}

int rm_search_terms(apr_pool_t *p, const char *q, const char **terms, int *n)
{
    const unsigned char *s = (const unsigned char *)(q ? q : "");
    *n = 0;
    while (*s) {
        const unsigned char *b;
        char *t;
        size_t k;
        while (*s && !word_byte(*s)) s++;
        if (!*s) break;
        b = s;
        while (*s && word_byte(*s)) s++;
        k = (size_t)(s - b);
        if (*n == RM_SEARCH_MAX_TERMS || k > RM_SEARCH_MAX_TERM
            || !rm_utf8_valid((const char *)b, k)) {
            *n = 0;
            return -1;
        }
        t = apr_pstrmemdup(p, (const char *)b, k);
        for (char *c = t; *c; c++)
            if (*c >= 'A' && *c <= 'Z') *c = (char)(*c - 'A' + 'a');
        terms[(*n)++] = t;
    }
    return 0;
}

const char *rm_search_fts5(apr_pool_t *p, const char *const *terms, int n)
{
    const char *out = "";
    for (int i = 0; i < n; i++)
        out = apr_pstrcat(p, out, i ? " AND " : "", "\"", terms[i], "\"",
                          i == n - 1 ? "*" : "", NULL);
    return out;
}

const char *rm_search_tsquery(apr_pool_t *p, const char *const *terms, int n)
{
    const char *out = "";
    for (int i = 0; i < n; i++)
        out = apr_pstrcat(p, out, i ? " & " : "", terms[i], i == n - 1 ? ":*" : "", NULL);
    return out;
}
