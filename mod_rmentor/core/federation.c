/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Which institution a sign-in belongs to (federation.h).
 */
#include <string.h>
#include <strings.h>
#include "federation.h"

rm_fed_status rm_fed_institution(const rm_institution *list, int n, const char *scope,
                                 const char *idp, int *which)
{
    const rm_institution *in = NULL;
    int i;
    *which = -1;
    if (!scope || !*scope) return RM_FED_UNSCOPED;
    for (i = 0; i < n && !in; i++)
        if (list[i].scope && !strcasecmp(list[i].scope, scope)) in = &list[i];
    if (!in) return RM_FED_UNKNOWN_SCOPE;
    if (in->idps && in->idps->nelts) {
        int found = 0;
        if (!idp || !*idp) return RM_FED_NO_IDP;
        for (int k = 0; k < in->idps->nelts && !found; k++)
            found = !strcmp(((const char *const *)in->idps->elts)[k], idp);
        if (!found) return RM_FED_WRONG_IDP;
    }
    *which = (int)(in - list);
    return RM_FED_OK;
}

const char *rm_fed_status_text(rm_fed_status st)
{
    switch (st) {
    case RM_FED_OK: return "accepted";
    case RM_FED_UNSCOPED: return "no scoped identifier (eduPersonPrincipalName)";
    case RM_FED_UNKNOWN_SCOPE: return "a scope no RMentorInstitution lists";
    case RM_FED_NO_IDP: return "the asserting identity provider was not passed on";
    case RM_FED_WRONG_IDP: return "an identity provider that does not speak for the scope";
    case RM_FED_STALE: return "the federation metadata listing the institution is out of date";
    }
    return "refused";
}

const char *rm_fed_scope_check(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    int dot = 0;
    if (n == 0 || n > 253) return "a scope is a domain of 1 to 253 characters";
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '.') {
            if (i == 0 || i == n - 1 || s[i - 1] == '.') return "a scope's dots separate labels";
            dot = 1;
        }
        else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                   || c == '-'))
            return "a scope holds only letters, digits, hyphens and dots (example.ac.uk)";
    }
    return dot ? NULL : "a scope is a domain with a dot (example.ac.uk)";
}
