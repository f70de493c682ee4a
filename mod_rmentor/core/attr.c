/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * SSO attribute values as the SSO modules place them in the environment,
 * each by its own rules (rm_core.h, rm_attr_syntax):
 *   Shibboleth SP      values joined by ';', a ';' inside a value sent as
 *                      "\;"; a backslash is otherwise itself;
 *   mod_auth_mellon    values joined by MellonMergeEnvVars' separator, no
 *                      escaping at all (and, RMentorAttributeEncoding xml,
 *                      XML character references inside values);
 *   mod_auth_openidc   values joined by OIDCClaimDelimiter (','), no escaping.
 */
#include <string.h>
#include <strings.h>
#include <apr_strings.h>
#include "rm_core.h"

const rm_attr_syntax rm_attr_shibboleth = { ';', RM_ESC_SHIB };

apr_array_header_t *rm_attr_split(apr_pool_t *p, const char *raw,
                                  int max_values, const rm_attr_syntax *syn)
{
    apr_array_header_t *out = apr_array_make(p, 4, sizeof(char *));
    const char delim = syn->delim;
    size_t n, i, o = 0;
    char *buf;
    if (!raw || max_values <= 0) return out;
    n = strlen(raw);
    buf = apr_palloc(p, n + 1);
    for (i = 0; i <= n; i++) {
        char c = raw[i];
        /* Shibboleth escapes only the delimiter: "\\;" is a backslash and
         * then an escaped ';', never a backslash and a new value.  The
         * decoder's form escapes the backslash as well. */
        if (c == '\\' && i + 1 < n && syn->esc != RM_ESC_NONE
            && (raw[i + 1] == delim
                || (syn->esc == RM_ESC_FULL && raw[i + 1] == '\\'))) {
            buf[o++] = raw[++i];
            continue;
        }
        if (c == delim || c == '\0') {
            buf[o] = '\0';
            if (o > 0) {
                if (out->nelts >= max_values) break;
                *(char **)apr_array_push(out) = apr_pstrmemdup(p, buf, o);
            }
            o = 0;
            continue;
        }
        buf[o++] = c;
    }
    return out;
}

int rm_attr_has(apr_pool_t *p, const char *raw, const char *value,
                const rm_attr_syntax *syn)
{
    if (!raw || !value || !*value) return 0;
    return rm_list_has(rm_attr_split(p, raw, 256, syn), value);
}

int rm_list_has(const apr_array_header_t *values, const char *value)
{
    if (!values || !value || !*value) return 0;
    for (int i = 0; i < values->nelts; i++)
        if (strcmp(((const char *const *)values->elts)[i], value) == 0) return 1;
    return 0;
}

int rm_affiliation_match(const char *value, const apr_array_header_t *kinds,
                         const char *scope)
{
    const char *at;
    size_t klen;
    if (!value || !*value) return 0;
    at = strchr(value, '@');
    klen = at ? (size_t)(at - value) : strlen(value);
    if (scope && *scope) {
        if (!at || strcasecmp(at + 1, scope) != 0) return 0;
    }
    for (int i = 0; i < kinds->nelts; i++) {
        const char *k = ((const char *const *)kinds->elts)[i];
        if (strlen(k) == klen && strncasecmp(k, value, klen) == 0) return 1;
    }
    return 0;
}

/* mod_auth_mellon passes attribute values as XML text: "R&amp;D".  Decode the
 * five named and the numeric character references; the result is in the
 * RM_ESC_FULL form that rm_attr_split reads, so a decoded delimiter or
 * backslash stays part of its value, and so does a backslash sent as it is.
 * Anything that is not a well-formed reference is kept as it is. */
char *rm_attr_from_xml(apr_pool_t *p, const char *raw, char delim)
{
    static const struct { const char *name; char c; } named[] = {
        { "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
        { "apos", '\'' }, { NULL, 0 }
    };
    size_t n, o = 0;
    char *out;
    if (!raw) return NULL;
    n = strlen(raw);
    out = apr_palloc(p, 2 * n + 1);
    for (size_t i = 0; i < n; i++) {
        const char *semi;
        size_t len;
        unsigned long cp = 0;
        int ok = 0;
        if (raw[i] == '\\') {
            out[o++] = '\\';
            out[o++] = '\\';
            continue;
        }
        if (raw[i] != '&' || !(semi = memchr(raw + i + 1, ';', n - i - 1))
            || (len = (size_t)(semi - raw - i - 1)) == 0 || len > 10) {
            out[o++] = raw[i];
            continue;
        }
        if (raw[i + 1] == '#') {
            const char *d = raw + i + 2, *e = semi;
            int hex = (d < e && (*d == 'x' || *d == 'X'));
            if (hex) d++;
            ok = d < e;
            for (; ok && d < e; d++) {
                int v = (*d >= '0' && *d <= '9') ? *d - '0'
                      : hex && (*d >= 'a' && *d <= 'f') ? *d - 'a' + 10
                      : hex && (*d >= 'A' && *d <= 'F') ? *d - 'A' + 10 : -1;
                if (v < 0) ok = 0;
                else cp = cp * (hex ? 16 : 10) + (unsigned long)v;
                if (cp > 0x10FFFF) ok = 0;
            }
            if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) ok = 0;
        }
        else {
            for (int k = 0; named[k].name; k++)
                if (strlen(named[k].name) == len
                    && memcmp(named[k].name, raw + i + 1, len) == 0) {
                    cp = (unsigned char)named[k].c;
                    ok = 1;
                }
        }
        if (!ok) {
            out[o++] = raw[i];
            continue;
        }
        if (cp == (unsigned char)delim || cp == '\\') {
            out[o++] = '\\';
            out[o++] = (char)cp;
        }
        else if (cp < 0x80) {
            out[o++] = (char)cp;
        }
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
        i += len + 1;
    }
    out[o] = '\0';
    return out;
}

const char *rm_scope_of(const char *scoped)
{
    const char *at = scoped ? strrchr(scoped, '@') : NULL;
    return at && at[1] ? at + 1 : NULL;
}
