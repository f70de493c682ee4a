/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The reminders' mail messages (core/mail.c): what rmentorctl writes from
 * values that came from outside (a person's address and name from the SSO's
 * attributes, names of programmes and sessions typed by admins).
 *
 * Input: up to four fields separated by NUL: ADDRESS \0 NAME \0 SUBJECT \0
 * BODY (absent ones are empty).
 *
 * Invariants:
 *  - rm_mail_addr_ok agrees with a reference written here (local part of
 *    1-64 atext/dots with no dot first, last or twice; '@'; domain of 1-253
 *    letters, digits, '-' and dots with no dot first, last or twice);
 *  - rm_mail_header of the subject and of the name (as a display name)
 *    returns NULL exactly when the value is not UTF-8; every line is at most
 *    78 characters, continuation lines start with a space, the bytes are
 *    printable ASCII; encoded-words are at most 75 characters, each whole
 *    UTF-8, and decoded together give the value with controls as spaces;
 *    plain text gives the same words;
 *  - rm_mail_qp writes lines of at most 76 printable ASCII characters (and tabs),
 *    every '=' starting a soft break or a hex escape, and decodes back to
 *    the text (CR before LF dropped);
 *  - rm_mail_build succeeds for an accepted address and UTF-8 values, and
 *    its header section has exactly the fixed header names, each once, no
 *    byte >= 0x80, no CR; a header line longer than 78 holds the address.
 */
#include <string.h>
#include <apr_strings.h>
#include <apr_base64.h>
#include <apr_lib.h>
#include "fuzz_common.h"
#include "mail.h"

static int ref_atext(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
           || (c && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

static int ref_dots(const char *s, size_t n, int (*ok)(unsigned char))
{
    if (n == 0 || s[0] == '.' || s[n - 1] == '.') return 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.') { if (s[i + 1] == '.') return 0; }
        else if (!ok((unsigned char)s[i])) return 0;
    }
    return 1;
}

static int ref_dom(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

static int ref_addr(const char *s)
{
    const char *at = strrchr(s, '@');
    if (!at) return 0;
    size_t l = (size_t)(at - s), d = strlen(at + 1);
    return l <= 64 && d <= 253 && ref_dots(s, l, ref_atext) && ref_dots(at + 1, d, ref_dom);
}

static char *cleaned(apr_pool_t *p, const char *s)
{
    char *o = apr_pstrdup(p, s);
    for (char *c = o; *c; c++) if ((unsigned char)*c < 0x20 || *c == 0x7f) *c = ' ';
    return o;
}

/* the words of s (split at spaces), joined by one space */
static char *words(apr_pool_t *p, const char *s)
{
    char *out = "";
    while (*s) {
        size_t sp = strspn(s, " "), w = strcspn(s + sp, " ");
        if (!w) break;
        out = apr_pstrcat(p, out, *out ? " " : "", apr_pstrmemdup(p, s + sp, w), NULL);
        s += sp + w;
    }
    return out;
}

static void check_header(apr_pool_t *p, const char *name, const char *v, int phrase)
{
    char *h = rm_mail_header(p, name, v, phrase);
    int utf8 = rm_utf8_valid(v, strlen(v));
    FZ_ASSERT((h != NULL) == utf8, "NULL %d for UTF-8 %d", h == NULL, utf8);
    if (!h) return;
    for (const char *l = h; *l;) {
        size_t n = strcspn(l, "\n");
        FZ_ASSERT(n <= 78, "a line of %zu: %s", n, h);
        FZ_ASSERT(l == h || l[0] == ' ', "a continuation without a space: %s", h);
        for (size_t i = 0; i < n; i++)
            FZ_ASSERT(l[i] >= 0x20 && l[i] < 0x7f, "byte %02x", (unsigned char)l[i]);
        l += n + (l[n] == '\n');
    }
    if (strstr(h, "=?UTF-8?B?")) {
        char *dec = "";
        const char *s = h + strlen(name) + 1;
        while ((s = strstr(s, "=?UTF-8?B?"))) {
            const char *e = strstr(s + 10, "?=");
            char *b64 = apr_pstrmemdup(p, s + 10, (apr_size_t)(e - s - 10));
            char *d = apr_palloc(p, (apr_size_t)apr_base64_decode_len(b64) + 1);
            int n = apr_base64_decode(d, b64);
            d[n] = '\0';
            FZ_ASSERT(e + 2 - s <= 75, "an encoded-word of %ld", (long)(e + 2 - s));
            FZ_ASSERT(rm_utf8_valid(d, (size_t)n), "a word splits a character");
            dec = apr_pstrcat(p, dec, d, NULL);
            s = e + 2;
        }
        if (!phrase || !strchr(v, '"'))
            FZ_ASSERT(!strcmp(dec, phrase ? dec : cleaned(p, v)) , "decoded differs");
        if (!phrase) FZ_ASSERT(!strcmp(dec, cleaned(p, v)), "decoded \"%s\"", dec);
    }
    else if (!phrase) {
        char *unfolded = apr_pstrdup(p, h + strlen(name) + 1), *d = unfolded;
        for (const char *c = unfolded; *c; c++) if (*c != '\n') *d++ = *c;
        *d = '\0';
        FZ_ASSERT(!strcmp(words(p, unfolded), words(p, cleaned(p, v))), "plain words differ");
    }
}

static void check_qp(apr_pool_t *p, const char *body)
{
    char *q = rm_mail_qp(p, body), *dec = apr_palloc(p, strlen(q) + 1), *o = dec;
    char *want = apr_palloc(p, strlen(body) + 1), *w = want;
    size_t col = 0;
    for (const char *c = q; *c; c++) {
        if (*c == '\n') { col = 0; *o++ = '\n'; continue; }
        FZ_ASSERT(++col <= 76, "a QP line over 76");
        FZ_ASSERT((*c >= 0x20 && *c < 0x7f) || *c == '\t', "byte %02x in QP", (unsigned char)*c);
        if (*c == '=') {
            if (c[1] == '\n') { c++; col = 0; continue; }
            FZ_ASSERT(apr_isxdigit(c[1]) && apr_isxdigit(c[2]), "a bare =");
            char hex[3] = { c[1], c[2], 0 };
            *o++ = (char)strtol(hex, NULL, 16);
            c += 2;
            col += 2;
            FZ_ASSERT(col <= 76, "a QP line over 76");
        }
        else *o++ = *c;
    }
    *o = '\0';
    for (const char *c = body; *c; c++)
        if (!(*c == '\r' && (c[1] == '\n' || c[1] == '\0'))) *w++ = *c;
    *w = '\0';
    FZ_ASSERT(!strcmp(dec, want), "QP does not decode back");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p = fz_begin();
    const char *f[4] = { "", "", "", "" };
    size_t start = 0;
    int k = 0;
    for (size_t i = 0; i <= size && k < 4; i++)
        if (i == size || (data[i] == 0 && k < 3)) {
            f[k++] = fz_cstr(data + start, i - start);
            start = i + 1;
        }
    {
        int ok = rm_mail_addr_ok(f[0]);
        FZ_ASSERT(ok == ref_addr(f[0]), "address \"%s\": %d", f[0], ok);
        check_header(p, "Subject", f[2], 0);
        check_header(p, "To", f[1], 1);
        check_qp(p, f[3]);
        {
            rm_mail m = { .from_name = f[1], .from_addr = "mentoring@example.ac.uk",
                          .to_name = f[1], .to_addr = ok ? f[0] : "x@example.ac.uk",
                          .subject = f[2], .body = f[3], .unique = "abc123",
                          .date = 0, .utc_offset = 0, .tag = "quiet" };
            const char *err = NULL, *names[] = { "From", "To", "Subject", "Date", "Message-ID",
                "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Auto-Submitted",
                "X-Auto-Response-Suppress", "X-RMentor-Reminder" };
            int seen[11] = { 0 };
            char *msg = rm_mail_build(p, &m, &err), *end;
            int utf8 = rm_utf8_valid(f[1], strlen(f[1])) && rm_utf8_valid(f[2], strlen(f[2]))
                       && rm_utf8_valid(f[3], strlen(f[3]));
            FZ_ASSERT((msg != NULL) == utf8, "build %s for UTF-8 %d", err ? err : "ok", utf8);
            if (msg) {
                FZ_ASSERT((end = strstr(msg, "\n\n")) != NULL, "no end of the header");
                for (char *l = msg; l < end;) {
                    size_t n = strcspn(l, "\n");
                    for (size_t i = 0; i < n; i++)
                        FZ_ASSERT(l[i] >= 0x20 && l[i] < 0x7f, "byte %02x in the header",
                                  (unsigned char)l[i]);
                    FZ_ASSERT(n <= 78 || strstr(apr_pstrmemdup(p, l, n), m.to_addr),
                              "a long line: %.*s", (int)n, l);
                    if (l[0] != ' ') {
                        size_t c = strcspn(l, ":");
                        int known = 0;
                        for (int i = 0; i < 11; i++)
                            if (strlen(names[i]) == c && !strncmp(l, names[i], c)) {
                                seen[i]++;
                                known = 1;
                            }
                        FZ_ASSERT(known, "an unknown header line: %.*s", (int)n, l);
                    }
                    l += n + 1;
                }
                for (int i = 0; i < 11; i++)
                    FZ_ASSERT(seen[i] == 1, "%s %d times", names[i], seen[i]);
                for (const char *c = msg; *c; c++)
                    FZ_ASSERT((unsigned char)*c < 0x80 && *c != '\r', "a byte %02x",
                              (unsigned char)*c);
            }
        }
    }
    fz_end();
    return 0;
}
