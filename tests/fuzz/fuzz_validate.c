/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Field validators applied to every decoded form value and to the principal:
 * rm_utf8_valid, rm_utf8_len, rm_has_controls, rm_trim, rm_check_text,
 * rm_check_int, rm_check_choice, rm_grade_rank.
 *
 * Input: raw bytes.  rm_utf8_valid sees them with their length (NULs
 * included); the rest see the NUL-terminated string, as the module does.
 *
 * Invariants, each against a reference written here:
 *  - rm_utf8_valid agrees with a validator built on the byte ranges of the
 *    Unicode Standard's table 3-7 (well-formed UTF-8), NUL refused;
 *  - rm_utf8_len counts the code points of a valid string;
 *  - rm_has_controls agrees on C0 (but tab, and CR/LF when allowed), DEL and
 *    C1 (U+0080..U+009F);
 *  - rm_trim removes exactly the leading and trailing space/tab/CR/LF;
 *  - rm_check_text, rm_check_int (with the module's ranges), rm_check_choice
 *    and rm_grade_rank accept exactly what the reference accepts, and an
 *    accepted int is stored.
 */
#include <string.h>
#include <strings.h>
#include <stdlib.h>
#include <apr_strings.h>
#include "fuzz_common.h"

/* Unicode table 3-7; returns the number of code points or -1 */
static long ref_utf8(const unsigned char *s, size_t n)
{
    long cps = 0;
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        unsigned char lo = 0x80, hi = 0xBF;
        size_t k;
        if (c == 0) return -1;
        if (c <= 0x7F) { i++; cps++; continue; }
        if (c >= 0xC2 && c <= 0xDF) k = 1;
        else if (c == 0xE0) { k = 2; lo = 0xA0; }
        else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) k = 2;
        else if (c == 0xED) { k = 2; hi = 0x9F; }
        else if (c == 0xF0) { k = 3; lo = 0x90; }
        else if (c >= 0xF1 && c <= 0xF3) k = 3;
        else if (c == 0xF4) { k = 3; hi = 0x8F; }
        else return -1;
        if (n - i - 1 < k) return -1;
        if (s[i + 1] < lo || s[i + 1] > hi) return -1;
        for (size_t j = 2; j <= k; j++)
            if (s[i + j] < 0x80 || s[i + j] > 0xBF) return -1;
        i += k + 1;
        cps++;
    }
    return cps;
}

static int ref_controls(const unsigned char *s, int nl)
{
    for (; *s; s++) {
        if (*s == '\t' || ((*s == '\r' || *s == '\n') && nl)) continue;
        if (*s < 0x20 || *s == 0x7F) return 1;
        if (*s == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F) return 1;
    }
    return 0;
}

static int ws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

static int ref_text_ok(const char *v, int required, size_t max, int multiline)
{
    long cps;
    if (!*v) return !required;
    cps = ref_utf8((const unsigned char *)v, strlen(v));
    if (cps < 0) return 0;
    if (ref_controls((const unsigned char *)v, multiline)) return 0;
    return (size_t)cps <= max;
}

static int ref_int(const char *v, long lo, long hi, long *out)
{
    size_t n = strlen(v);
    long x = 0;
    if (n == 0 || n > 9) return 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i] < '0' || v[i] > '9') return 0;
        x = x * 10 + (v[i] - '0');
    }
    if (x < lo || x > hi) return 0;
    *out = x;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* the ranges and lists the module passes (pages_admin.c, pages_apply.c,
     * config.c) */
    static const struct { long lo, hi; } ranges[] = {
        {1, 60}, {1, 100}, {15, 480}, {1, 10000}, {1, 100000}, {60, 86400 * 7},
        {1024, 16 * 1024 * 1024},
    };
    static const char *const yesno[] = { "yes", "no", NULL };
    static const char *const roles[] = { "admin", "facilitator", NULL };
    static const char *const decisions[] = { "accepted", "declined", "waitlisted", NULL };
    static const struct { size_t max; int multiline; } texts[] = {
        {60, 0}, {200, 0}, {256, 0}, {500, 0}, {1000, 1}, {2000, 1}, {4000, 1},
    };
    apr_pool_t *p = fz_begin();
    const char *mem = fz_mem(data, size);
    char *s = fz_cstr(data, size), *t;
    size_t sl = strlen(s);
    long cps = ref_utf8(data, size);
    apr_array_header_t *scale = apr_array_make(p, 10, sizeof(char *));

    FZ_ASSERT(rm_utf8_valid(mem, size) == (cps >= 0), "rm_utf8_valid %d, reference %ld",
              rm_utf8_valid(mem, size), cps);
    if (sl < size) FZ_ASSERT(!rm_utf8_valid(mem, size), "NUL accepted as UTF-8");
    if (rm_utf8_valid(s, sl))
        FZ_ASSERT((long)rm_utf8_len(s) == ref_utf8((const unsigned char *)s, sl),
                  "rm_utf8_len %zu", rm_utf8_len(s));
    for (int nl = 0; nl <= 1; nl++)
        FZ_ASSERT(rm_has_controls(s, nl) == ref_controls((const unsigned char *)s, nl),
                  "rm_has_controls(nl=%d)", nl);

    t = rm_trim(p, s);
    {
        const char *b = s;
        size_t tl = strlen(t);
        while (ws(*b)) b++;
        FZ_ASSERT(strncmp(b, t, tl) == 0, "trim is not the middle of the input");
        FZ_ASSERT(tl == 0 || (!ws(t[0]) && !ws(t[tl - 1])), "trim left white space");
        for (const char *e = b + tl; *e; e++) FZ_ASSERT(ws(*e), "trim cut text");
    }
    FZ_ASSERT(*rm_trim(p, NULL) == '\0', "rm_trim(NULL)");

    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
        for (int req = 0; req <= 1; req++) {
            const char *e = rm_check_text(p, "Field", s, req, texts[i].max, texts[i].multiline);
            FZ_ASSERT((e == NULL) == ref_text_ok(s, req, texts[i].max, texts[i].multiline),
                      "rm_check_text(max %zu, req %d, ml %d) says %s", texts[i].max, req,
                      texts[i].multiline, e ? e : "ok");
            if (e) FZ_ASSERT(*e, "empty message");
        }

    for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
        long out = -1, want = -1;
        const char *e = rm_check_int(p, "Number", s, ranges[i].lo, ranges[i].hi, &out);
        int ok = ref_int(s, ranges[i].lo, ranges[i].hi, &want);
        FZ_ASSERT((e == NULL) == ok, "rm_check_int [%ld,%ld] says %s", ranges[i].lo,
                  ranges[i].hi, e ? e : "ok");
        if (ok) FZ_ASSERT(out == want, "stored %ld, not %ld", out, want);
    }

    {
        const char *const *lists[] = { yesno, roles, decisions };
        for (size_t i = 0; i < 3; i++) {
            int in = 0;
            for (const char *const *a = lists[i]; *a; a++) if (!strcmp(*a, s)) in = 1;
            for (int req = 0; req <= 1; req++) {
                const char *e = rm_check_choice(p, "choice", s, lists[i], req);
                FZ_ASSERT((e == NULL) == (*s ? in : !req), "rm_check_choice list %zu", i);
            }
        }
    }

    for (int g = 1; g <= 10; g++) *(const char **)apr_array_push(scale) = apr_itoa(p, g);
    *(const char **)apr_array_push(scale) = "Grade 10a";
    {
        int r = rm_grade_rank(scale, s), want = -1;
        const char *b = s;
        size_t n;
        while (*b == ' ') b++;
        n = strlen(b);
        while (n && b[n - 1] == ' ') n--;
        for (int i = 0; n && i < scale->nelts; i++) {
            const char *g = ((const char **)scale->elts)[i];
            if (strlen(g) == n && strncasecmp(g, b, n) == 0) { want = i; break; }
        }
        FZ_ASSERT(r == want, "rm_grade_rank %d, reference %d", r, want);
    }
    FZ_ASSERT(rm_grade_rank(scale, NULL) == -1, "NULL grade ranked");
    fz_end();
    return 0;
}
