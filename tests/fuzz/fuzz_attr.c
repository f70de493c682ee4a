/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * SSO attribute values as the SSO module places them in the request
 * environment: rm_attr_split (affiliation, every single-valued attribute via
 * attr_first), rm_attr_has (entitlements -> roles), rm_affiliation_match
 * (scoped affiliation -> staff), and rm_attr_from_xml (the XML character
 * references of mod_auth_mellon's values, RMentorAttributeEncoding xml).
 *
 * Input: "RAW" or "RAW\0PROBE": RAW is the attribute value (environment
 * values hold no NUL), PROBE an entitlement looked for with rm_attr_has.
 *
 * Invariants, for each SSO module's syntax (Shibboleth: ';' and "\;";
 * mellon: ';', no escapes; openidc: ',', no escapes; the decoder's form):
 *  - rm_attr_split agrees with a reference splitter written here, for the
 *    limits the module uses (1, 64, 256); no value is empty; the first k
 *    values do not depend on the limit;
 *  - the values escaped again as that syntax escapes them and joined split
 *    back to the same values (where the syntax can carry them at all: no
 *    delimiter inside a value without escapes, no value ending in '\' for
 *    Shibboleth);
 *  - rm_attr_has(RAW, v) is 1 for values v (the first 8 and the last) and,
 *    for PROBE, exactly when PROBE is one of the first 256 values;
 *  - rm_affiliation_match agrees with a reference (part before the first '@'
 *    one of the kinds, case-insensitively; with a scope, the part after it
 *    equal to the scope, case-insensitively), with and without a scope;
 *  - rm_attr_from_xml agrees with a reference decoder written here (the five
 *    named references and &#N; / &#xN; of 1..0x10FFFF but surrogates, at
 *    most 10 characters between '&' and ';'; a decoded delimiter or '\', and
 *    a raw '\', come out backslash-escaped; anything else kept as is); its
 *    output of valid UTF-8 is valid UTF-8, never holds a NUL and is never
 *    longer than twice its input;
 *  - the values XML-escaped (& < > as named references, ';' and '\' as
 *    numeric ones), joined with ';', decoded and split give the values back.
 */
#include <string.h>
#include <strings.h>
#include <apr_strings.h>
#include "fuzz_common.h"

/* reference splitter: the values, at most max, in a pool array */
static apr_array_header_t *ref_split(apr_pool_t *p, const char *raw, int max,
                                     const rm_attr_syntax *syn)
{
    const char d = syn->delim;
    apr_array_header_t *out = apr_array_make(p, 4, sizeof(char *));
    size_t n = strlen(raw);
    char *cur = apr_palloc(p, n + 1);
    size_t o = 0;
    for (size_t i = 0; i <= n && out->nelts < max; i++) {
        int esc = i + 1 < n && raw[i] == '\\'
                  && ((syn->esc != RM_ESC_NONE && raw[i + 1] == d)
                      || (syn->esc == RM_ESC_FULL && raw[i + 1] == '\\'));
        if (esc) {
            cur[o++] = raw[++i];
        }
        else if (i == n || raw[i] == d) {
            if (o) *(char **)apr_array_push(out) = apr_pstrmemdup(p, cur, o);
            o = 0;
        }
        else {
            cur[o++] = raw[i];
        }
    }
    return out;
}

/* reference XML decoder: returns a pool string */
static char *ref_from_xml(apr_pool_t *p, const char *raw, char d)
{
    static const char *const names[] = { "amp", "lt", "gt", "quot", "apos", NULL };
    static const char chars[] = "&<>\"'";
    size_t n = strlen(raw), o = 0;
    char *out = apr_palloc(p, 4 * n + 1);
    for (size_t i = 0; i < n;) {
        const char *semi = raw[i] == '&' ? strchr(raw + i + 1, ';') : NULL;
        size_t len = semi ? (size_t)(semi - raw - i - 1) : 0;
        unsigned long cp = 0;
        int ok = 0;
        if (semi && len >= 1 && len <= 10) {
            const char *b = raw + i + 1;
            if (b[0] == '#') {
                int hex = len >= 2 && (b[1] == 'x' || b[1] == 'X');
                size_t k = hex ? 2 : 1;
                ok = k < len;
                for (; ok && k < len; k++) {
                    char c = b[k];
                    int v = c >= '0' && c <= '9' ? c - '0'
                          : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                          : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                    if (v < 0 || cp > 0x10FFFF) ok = 0;
                    else cp = cp * (hex ? 16 : 10) + (unsigned long)v;
                }
                if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) ok = 0;
            }
            else {
                for (int k = 0; names[k]; k++)
                    if (strlen(names[k]) == len && strncmp(names[k], b, len) == 0) {
                        cp = (unsigned char)chars[k];
                        ok = 1;
                    }
            }
        }
        if (!ok) {
            if (raw[i] == '\\') out[o++] = '\\';
            out[o++] = raw[i++];
            continue;
        }
        if (cp == (unsigned char)d || cp == '\\') {
            out[o++] = '\\';
            out[o++] = (char)cp;
        }
        else if (cp < 0x80) out[o++] = (char)cp;
        else if (cp < 0x800) {
            out[o++] = (char)(0xC0 | (cp >> 6));
            out[o++] = (char)(0x80 | (cp & 0x3F));
        }
        else if (cp < 0x10000) {
            out[o++] = (char)(0xE0 | (cp >> 12));
            out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            out[o++] = (char)(0x80 | (cp & 0x3F));
        }
        else {
            out[o++] = (char)(0xF0 | (cp >> 18));
            out[o++] = (char)(0x80 | ((cp >> 12) & 0x3F));
            out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            out[o++] = (char)(0x80 | (cp & 0x3F));
        }
        i += len + 2;
    }
    out[o] = '\0';
    return out;
}

/* the values XML-escaped as mellon would send them, joined with ';' */
static const char *xml_join(apr_pool_t *p, const apr_array_header_t *v, char d)
{
    char *out = "";
    for (int i = 0; i < v->nelts; i++) {
        const char *s = ((char **)v->elts)[i];
        size_t n = strlen(s), o = 0;
        char *e = apr_palloc(p, 6 * n + 1);
        for (size_t k = 0; k < n; k++) {
            const char *rep = s[k] == '&' ? "&amp;" : s[k] == '<' ? "&lt;"
                            : s[k] == '>' ? "&gt;" : s[k] == d ? apr_psprintf(p, "&#%d;", d)
                            : s[k] == '\\' ? "&#x5C;" : NULL;
            if (rep) { memcpy(e + o, rep, strlen(rep)); o += strlen(rep); }
            else e[o++] = s[k];
        }
        e[o] = '\0';
        out = apr_pstrcat(p, out, i ? apr_pstrndup(p, &d, 1) : "", e, NULL);
    }
    return out;
}

static int ref_aff(const char *v, const char *const *kinds, const char *scope)
{
    const char *at = strchr(v, '@');
    size_t kl = at ? (size_t)(at - v) : strlen(v);
    if (!*v) return 0;
    if (scope && (!at || strcasecmp(at + 1, scope) != 0)) return 0;
    for (; *kinds; kinds++)
        if (strlen(*kinds) == kl && strncasecmp(*kinds, v, kl) == 0) return 1;
    return 0;
}

/* the values joined as syn would send them; NULL when it cannot carry them */
static const char *esc_join(apr_pool_t *p, const apr_array_header_t *v,
                            const rm_attr_syntax *syn)
{
    size_t total = 1;
    char *out, *o;
    for (int i = 0; i < v->nelts; i++) total += 2 * strlen(((char **)v->elts)[i]) + 1;
    o = out = apr_palloc(p, total);
    for (int i = 0; i < v->nelts; i++) {
        const char *s = ((char **)v->elts)[i];
        size_t len = strlen(s);
        if (syn->esc == RM_ESC_NONE && strchr(s, syn->delim)) return NULL;
        if (syn->esc == RM_ESC_SHIB && len && s[len - 1] == '\\') return NULL;
        if (i) *o++ = syn->delim;
        for (; *s; s++) {
            if ((syn->esc != RM_ESC_NONE && *s == syn->delim)
                || (syn->esc == RM_ESC_FULL && *s == '\\'))
                *o++ = '\\';
            *o++ = *s;
        }
    }
    *o = '\0';
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const kind_list[] = { "staff", "employee", "faculty", NULL };
    static const int limits[] = { 1, 64, 256 };
    static const rm_attr_syntax syntaxes[] = {
        { ';', RM_ESC_SHIB }, { ';', RM_ESC_NONE }, { ',', RM_ESC_NONE },
        { ';', RM_ESC_FULL },
    };
    apr_pool_t *p = fz_begin();
    char *raw, *probe;
    apr_array_header_t *kinds = apr_array_make(p, 3, sizeof(char *)), *all = NULL;
    int in_all = 0;

    fz_split2(data, size, '\0', &raw, &probe);
    for (const char *const *k = kind_list; *k; k++)
        *(const char **)apr_array_push(kinds) = *k;

    for (size_t y = 0; y < sizeof(syntaxes) / sizeof(syntaxes[0]); y++) {
        const rm_attr_syntax *syn = &syntaxes[y];
        const char *joined;
        all = rm_attr_split(p, raw, 256, syn);
        for (size_t l = 0; l < sizeof(limits) / sizeof(limits[0]); l++) {
            apr_array_header_t *v = rm_attr_split(p, raw, limits[l], syn);
            apr_array_header_t *r = ref_split(p, raw, limits[l], syn);
            FZ_ASSERT(v->nelts == r->nelts, "syntax %zu limit %d: %d values, reference %d",
                      y, limits[l], v->nelts, r->nelts);
            FZ_ASSERT(v->nelts <= limits[l] && v->nelts <= all->nelts,
                      "limit %d: %d values", limits[l], v->nelts);
            for (int i = 0; i < v->nelts; i++) {
                const char *s = ((char **)v->elts)[i];
                FZ_ASSERT(*s, "empty value %d", i);
                FZ_ASSERT(strcmp(s, ((char **)r->elts)[i]) == 0, "value %d: \"%s\" vs \"%s\"",
                          i, s, ((char **)r->elts)[i]);
                FZ_ASSERT(strcmp(s, ((char **)all->elts)[i]) == 0,
                          "value %d depends on the limit", i);
            }
        }
        FZ_ASSERT(rm_attr_split(p, raw, 0, syn)->nelts == 0, "limit 0 gave values");
        if ((joined = esc_join(p, all, syn)) != NULL) {
            /* re-escaped and joined: the same values */
            apr_array_header_t *again = rm_attr_split(p, joined, 256, syn);
            FZ_ASSERT(again->nelts == all->nelts, "re-joined: %d values, not %d",
                      again->nelts, all->nelts);
            for (int i = 0; i < all->nelts; i++)
                FZ_ASSERT(strcmp(((char **)again->elts)[i], ((char **)all->elts)[i]) == 0,
                          "re-joined value %d differs", i);
        }
        if (syn->esc != RM_ESC_FULL) {   /* mellon's XML text, this delimiter */
            rm_attr_syntax dec_syn = { syn->delim, RM_ESC_FULL };
            char *dec = rm_attr_from_xml(p, raw, syn->delim);
            char *ref = ref_from_xml(p, raw, syn->delim);
            apr_array_header_t *v, *back;
            FZ_ASSERT(dec && strcmp(dec, ref) == 0, "rm_attr_from_xml(\"%s\") = \"%s\", reference \"%s\"",
                      raw, dec ? dec : "(null)", ref);
            FZ_ASSERT(strlen(dec) <= 2 * strlen(raw), "decoded value too long");
            if (rm_utf8_valid(raw, strlen(raw)))
                FZ_ASSERT(rm_utf8_valid(dec, strlen(dec)), "decoding made invalid UTF-8");
            FZ_ASSERT(rm_attr_from_xml(p, NULL, syn->delim) == NULL, "NULL decoded");
            v = rm_attr_split(p, dec, 64, &dec_syn);
            for (int i = 0; i < v->nelts; i++)
                FZ_ASSERT(*((char **)v->elts)[i], "empty value after decoding");
            back = rm_attr_split(p, rm_attr_from_xml(p, xml_join(p, all, syn->delim),
                                                     syn->delim), 256, &dec_syn);
            FZ_ASSERT(back->nelts == all->nelts, "XML round trip: %d values, not %d",
                      back->nelts, all->nelts);
            for (int i = 0; i < all->nelts; i++)
                FZ_ASSERT(strcmp(((char **)back->elts)[i], ((char **)all->elts)[i]) == 0,
                          "XML round trip changed value %d: \"%s\"", i, ((char **)all->elts)[i]);
        }
    }
    /* from here on: Shibboleth's syntax, the default */
    all = rm_attr_split(p, raw, 256, &syntaxes[0]);

    for (int i = 0; i < all->nelts; i++) {
        const char *s = ((char **)all->elts)[i];
        /* each rm_attr_has splits RAW again: check a few, not all 256 */
        if (i < 8 || i == all->nelts - 1)
            FZ_ASSERT(rm_attr_has(p, raw, s, &syntaxes[0]) == 1, "value \"%s\" not found", s);
        if (strcmp(s, probe) == 0) in_all = 1;
        FZ_ASSERT(rm_affiliation_match(s, kinds, "demo.ac.uk")
                  == ref_aff(s, kind_list, "demo.ac.uk"), "scoped match of \"%s\"", s);
        FZ_ASSERT(rm_affiliation_match(s, kinds, NULL) == ref_aff(s, kind_list, NULL),
                  "unscoped match of \"%s\"", s);
        FZ_ASSERT(rm_affiliation_match(s, kinds, "") == ref_aff(s, kind_list, NULL),
                  "empty scope must act as no scope: \"%s\"", s);
    }
    FZ_ASSERT(rm_attr_has(p, raw, probe, &syntaxes[0]) == (*probe && in_all),
              "rm_attr_has(\"%s\") wrong", probe);
    FZ_ASSERT(rm_attr_has(p, NULL, probe, &syntaxes[0]) == 0
              && rm_attr_has(p, raw, NULL, &syntaxes[0]) == 0,
              "NULL arguments matched");
    /* the raw value itself as one affiliation and as a probe value */
    FZ_ASSERT(rm_affiliation_match(raw, kinds, "demo.ac.uk")
              == ref_aff(raw, kind_list, "demo.ac.uk"), "raw scoped match");
    FZ_ASSERT(rm_affiliation_match(probe, kinds, probe) == ref_aff(probe, kind_list, *probe ? probe : NULL),
              "probe-scoped match");

    /* what identity.c's attr_first does with the first value */
    if (all->nelts) {
        const char *first = rm_trim(p, ((char **)all->elts)[0]);
        (void)rm_check_text(p, "attribute", first, 0, 200, 0);
    }
    fz_end();
    return 0;
}
