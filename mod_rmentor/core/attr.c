/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * SSO attribute values as Shibboleth SP (and, configured alike, mellon and
 * openidc) place them in the environment: several values joined by ';', a
 * literal ';' inside a value escaped as "\;".
 */
#include <string.h>
#include <strings.h>
#include <apr_strings.h>
#include "rm_core.h"

apr_array_header_t *rm_attr_split(apr_pool_t *p, const char *raw,
                                  int max_values)
{
    apr_array_header_t *out = apr_array_make(p, 4, sizeof(char *));
    size_t n, i, o = 0;
    char *buf;
    if (!raw || max_values <= 0) return out;
    n = strlen(raw);
    buf = apr_palloc(p, n + 1);
    for (i = 0; i <= n; i++) {
        char c = raw[i];
        if (c == '\\' && i + 1 < n && (raw[i + 1] == ';' || raw[i + 1] == '\\')) {
            buf[o++] = raw[++i];
            continue;
        }
        if (c == ';' || c == '\0') {
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

int rm_attr_has(apr_pool_t *p, const char *raw, const char *value)
{
    apr_array_header_t *v;
    if (!raw || !value || !*value) return 0;
    v = rm_attr_split(p, raw, 256);
    for (int i = 0; i < v->nelts; i++)
        if (strcmp(((char **)v->elts)[i], value) == 0) return 1;
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
