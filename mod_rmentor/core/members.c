/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * A sector body's list of members (members.h).
 */
#include <string.h>
#include <strings.h>
#include <apr_strings.h>
#include <apr_hash.h>
#include "rm_core.h"
#include "members.h"

const char *rm_members_parse(apr_pool_t *p, const char *text, size_t len, int max,
                             apr_array_header_t **out)
{
    const char *s = text, *end = text + len;
    apr_array_header_t *names = apr_array_make(p, 64, sizeof(const char *));
    apr_hash_t *seen = apr_hash_make(p);
    long line = 0;

    *out = NULL;
    if (len >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB
        && (unsigned char)s[2] == 0xBF)
        s += 3;
    if (!rm_utf8_valid(s, (size_t)(end - s)))
        return "The list is not text in UTF-8: save it as UTF-8 text and send it again.";
    while (s < end) {
        const char *b = s, *e, *f;
        char *name;
        size_t n;
        int at = 0;
        while (s < end && *s != '\n' && *s != '\r') s++;
        e = s;
        if (s < end && *s == '\r') s++;
        if (s < end && *s == '\n') s++;
        line++;
        while (b < e && (*b == ' ' || *b == '\t')) b++;
        if (b == e || *b == '#') continue;
        f = b;
        while (f < e && *f != ',' && *f != ';' && *f != '\t') f++;
        while (f > b && f[-1] == ' ') f--;
        if (f - b >= 2 && *b == '"' && f[-1] == '"') { b++; f--; }
        n = (size_t)(f - b);
        name = apr_pstrmemdup(p, b, n);
        for (char *c = name; *c; c++)
            if (*c >= 'A' && *c <= 'Z') *c = (char)(*c - 'A' + 'a');
        if (line == 1 && (!strcmp(name, "principal") || !strcmp(name, "eppn")
                          || !strcmp(name, "edupersonprincipalname")))
            continue;
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)name[i];
            if (c <= 0x20 || c == 0x7f || c == '"')
                return apr_psprintf(p, "Line %ld: a sign-in name has no spaces, quotes or "
                                    "control characters.", line);
            if (c == '@') at++;
        }
        if (n < 3 || n > 256)
            return apr_psprintf(p, "Line %ld: a sign-in name is 3 to 256 characters.", line);
        if (at != 1 || name[0] == '@' || name[n - 1] == '@')
            return apr_psprintf(p, "Line %ld: a sign-in name is scoped, like "
                                "jo.bloggs@example.ac.uk.", line);
        if (apr_hash_get(seen, name, APR_HASH_KEY_STRING)) continue;
        if (names->nelts >= max)
            return apr_psprintf(p, "The list holds more than %d names.", max);
        apr_hash_set(seen, name, APR_HASH_KEY_STRING, name);
        APR_ARRAY_PUSH(names, const char *) = name;
    }
    *out = names;
    return NULL;
}
