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

/* the next line of [*s, end): its start and length without the line end */
static int next_line(const char **s, const char *end, const char **line, size_t *n)
{
    const char *b = *s, *e;
    if (b >= end) return 0;
    e = b;
    while (e < end && *e != '\n' && *e != '\r') e++;
    *line = b;
    *n = (size_t)(e - b);
    if (e < end && *e == '\r') e++;
    if (e < end && *e == '\n') e++;
    *s = e;
    return 1;
}

static int has_arrow(const char *l, size_t n)
{
    for (size_t i = 0; i + 3 <= n; i++)
        if (!memcmp(l + i, "-->", 3)) return 1;
    return 0;
}

typedef struct {
    apr_pool_t *p;
    char *b;
    size_t n, cap;
} text_buf;

static void tb_add(text_buf *t, const char *s, size_t n)
{
    if (t->n + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 256;
        char *nb;
        while (t->n + n + 1 > cap) cap *= 2;
        nb = apr_palloc(t->p, cap);
        if (t->n) memcpy(nb, t->b, t->n);
        t->b = nb;
        t->cap = cap;
    }
    memcpy(t->b + t->n, s, n);
    t->n += n;
    t->b[t->n] = '\0';
}

/* a cue's payload line without tags, entities decoded, appended to t */
static void cue_text(text_buf *t, const char *l, size_t n)
{
    static const struct { const char *ent, *rep; } ents[] = {
        { "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&nbsp;", " " },
        { "&lrm;", "" }, { "&rlm;", "" }, { NULL, NULL } };
    for (size_t i = 0; i < n; ) {
        int done = 0;
        if (l[i] == '<') {
            size_t j = i + 1;
            while (j < n && l[j] != '>') j++;
            i = j < n ? j + 1 : n;
            continue;
        }
        if (l[i] == '&') {
            for (int k = 0; ents[k].ent && !done; k++) {
                size_t el = strlen(ents[k].ent);
                if (i + el <= n && !memcmp(l + i, ents[k].ent, el)) {
                    tb_add(t, ents[k].rep, strlen(ents[k].rep));
                    i += el;
                    done = 1;
                }
            }
            if (done) continue;
        }
        tb_add(t, l + i, 1);
        i++;
    }
}

const char *rm_captions_text(apr_pool_t *p, const char *data, size_t len, int is_vtt,
                             const char **out)
{
    const char *s = data, *end = data + len, *line;
    text_buf res = { p, NULL, 0, 0 };
    size_t n, prev_at = 0, prev_len = 0;
    int words = 0;
    *out = "";
    if (len >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB
        && (unsigned char)s[2] == 0xBF)
        s += 3;
    if (!is_vtt) {
        while (next_line(&s, end, &line, &n)) {
            tb_add(&res, line, n);
            tb_add(&res, "\n", 1);
        }
        while (res.n > 0 && (res.b[res.n - 1] == '\n' || res.b[res.n - 1] == ' '
                             || res.b[res.n - 1] == '\t'))
            res.b[--res.n] = '\0';
        for (size_t i = 0; i < res.n && !words; i++)
            if (res.b[i] != ' ' && res.b[i] != '\n' && res.b[i] != '\t' && res.b[i] != '\f')
                words = 1;
        if (!words) return "The transcript file holds no words.";
        *out = res.b;
        return NULL;
    }
    /* the header: "WEBVTT..." up to the first blank line */
    while (next_line(&s, end, &line, &n) && n > 0) {}
    for (;;) {
        const char *block[64];
        size_t blen[64], start;
        int nb = 0, t;
        /* a block: lines up to a blank one */
        while (next_line(&s, end, &line, &n)) {
            if (n == 0) { if (nb) break; else continue; }
            if (nb < 64) { block[nb] = line; blen[nb] = n; nb++; }
        }
        if (!nb) break;
        if ((blen[0] >= 4 && !memcmp(block[0], "NOTE", 4)
             && (blen[0] == 4 || block[0][4] == ' ' || block[0][4] == '\t'))
            || (blen[0] == 5 && !memcmp(block[0], "STYLE", 5))
            || (blen[0] == 6 && !memcmp(block[0], "REGION", 6)))
            continue;
        /* the timing line: the first or, after an identifier, the second */
        t = has_arrow(block[0], blen[0]) ? 0 : (nb > 1 && has_arrow(block[1], blen[1])) ? 1 : -1;
        if (t < 0) continue;
        /* the cue on a line of its own, after the text so far */
        start = res.n;
        if (res.n) tb_add(&res, "\n", 1);
        {
            size_t body = res.n;
            for (int i = t + 1; i < nb; i++) {
                if (res.n > body && res.b[res.n - 1] != ' ') tb_add(&res, " ", 1);
                cue_text(&res, block[i], blen[i]);
            }
            /* trim it */
            while (res.n > body && (res.b[res.n - 1] == ' ' || res.b[res.n - 1] == '\t'))
                res.n--;
            {
                size_t lead = body;
                while (lead < res.n && (res.b[lead] == ' ' || res.b[lead] == '\t')) lead++;
                if (lead > body) {
                    memmove(res.b + body, res.b + lead, res.n - lead);
                    res.n -= lead - body;
                }
            }
            /* empty, or the line before it again: dropped */
            if (res.n == body || (words && res.n - body == prev_len
                                  && !memcmp(res.b + body, res.b + prev_at, prev_len))) {
                res.n = start;
                if (res.b) res.b[res.n] = '\0';
                continue;
            }
            res.b[res.n] = '\0';
            prev_at = body;
            prev_len = res.n - body;
            words = 1;
        }
    }
    if (!words) return "The captions file holds no captions.";
    *out = res.b;
    return NULL;
}
