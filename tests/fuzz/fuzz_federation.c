/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Which institution a sign-in belongs to on a sector programme's server
 * (core/federation.c), from what the SSO module put in the environment:
 * rm_scope_of (the scope of the scoped identifier, core/attr.c),
 * rm_fed_institution (that scope and the asserting IdP's entityID against
 * the RMentorInstitution list) and rm_fed_scope_check (a scope as the
 * configuration and the programme's institution filter take it).
 *
 * Input: "SCOPED\0IDP" (either may be empty; no NUL: IDP absent, as when
 * the SSO module passed none on).  The institution list is fixed: a home
 * institution whose IdPs were not listed (a single-institution site's), one
 * with one IdP, one with two, and one listed with an upper-case scope.
 *
 * Invariants:
 *  - rm_scope_of gives NULL, or the non-empty text after the last '@' of
 *    the identifier (a pointer into it);
 *  - rm_fed_institution agrees with a reference written here: the listed
 *    scope equal case-insensitively, then, when that institution lists
 *    IdPs, the IdP one of them byte for byte (an empty IdP is none); OK
 *    exactly when both hold, with *which that institution's index, and -1
 *    with every refusal; its status has a sentence (rm_fed_status_text);
 *  - an IdP accepted for one institution is never accepted for a scope of
 *    another that lists IdPs (an assertion from IdP A carrying @b is
 *    refused);
 *  - rm_fed_scope_check accepts exactly what the reference accepts (1..253
 *    letters, digits, '-' and '.', with a dot, never at either end nor two
 *    together) and gives a sentence otherwise.
 */
#include <string.h>
#include <strings.h>
#include "fuzz_common.h"
#include "federation.h"

static const char *const idp_a[] = { "https://idp.a.ac.uk/idp/shibboleth" };
static const char *const idp_b[] = { "https://idp.b.ac.uk/idp", "https://login.b.ac.uk/saml" };
static const char *const idp_c[] = { "https://idp.c.ac.uk/" };

static apr_array_header_t *idps(apr_pool_t *p, const char *const *v, int n)
{
    apr_array_header_t *a = apr_array_make(p, n ? n : 1, sizeof(const char *));
    for (int i = 0; i < n; i++) *(const char **)apr_array_push(a) = v[i];
    return a;
}

static int ref_scope_ok(const char *s)
{
    size_t n = strlen(s);
    int dot = 0;
    if (n < 1 || n > 253 || s[0] == '.' || s[n - 1] == '.') return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.') {
            if (s[i + 1] == '.') return 0;
            dot = 1;
            continue;
        }
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
              || c == '-'))
            return 0;
    }
    return dot;
}

/* reference: the index, or -(status) */
static int ref_institution(const rm_institution *list, int n, const char *scope, const char *idp)
{
    int at = -1;
    if (!scope || !*scope) return -RM_FED_UNSCOPED;
    for (int i = 0; i < n && at < 0; i++) {
        const char *a = list[i].scope, *b = scope;
        while (*a && *b && (*a | 0x20) == (*b | 0x20)
               && (((*a | 0x20) >= 'a' && (*a | 0x20) <= 'z') || *a == *b))
            a++, b++;
        if (!*a && !*b) at = i;
    }
    if (at < 0) return -RM_FED_UNKNOWN_SCOPE;
    if (list[at].idps->nelts == 0) return at;
    if (!idp || !*idp) return -RM_FED_NO_IDP;
    for (int k = 0; k < list[at].idps->nelts; k++)
        if (!strcmp(((const char *const *)list[at].idps->elts)[k], idp)) return at;
    return -RM_FED_WRONG_IDP;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p = fz_begin();
    const void *nul = memchr(data, 0, size);
    char *scoped = fz_cstr(data, nul ? (size_t)((const uint8_t *)nul - data) : size);
    char *idp = nul ? fz_cstr((const uint8_t *)nul + 1, size - ((const uint8_t *)nul - data) - 1)
                    : NULL;
    rm_institution list[4] = {
        { "sector.ac.uk", "The Sector", idps(p, NULL, 0), 0, 0 },
        { "a.ac.uk", "University of A", idps(p, idp_a, 1), 0, 0 },
        { "b.ac.uk", "University of B", idps(p, idp_b, 2), 0, 0 },
        { "C.AC.UK", "University of C", idps(p, idp_c, 1), 0, 0 },
    };
    const char *scope = rm_scope_of(scoped);
    const char *at = strrchr(scoped, '@');
    int which, ref;
    rm_fed_status st;

    if (at && at[1]) FZ_ASSERT(scope == at + 1, "rm_scope_of: not the text after the last '@'");
    else FZ_ASSERT(scope == NULL, "rm_scope_of: a scope from %s", scoped);

    st = rm_fed_institution(list, 4, scope, idp, &which);
    ref = ref_institution(list, 4, scope, idp);
    FZ_ASSERT(rm_fed_status_text(st) && *rm_fed_status_text(st), "no sentence for %d", (int)st);
    if (ref >= 0) FZ_ASSERT(st == RM_FED_OK && which == ref, "status %d which %d, ref %d", (int)st, which, ref);
    else FZ_ASSERT((int)st == -ref && which == -1, "status %d which %d, ref %d", (int)st, which, ref);

    /* the same IdP asserting each other institution's scope (the lists'
     * IdPs are distinct; the home institution lists none) */
    if (st == RM_FED_OK && which > 0) {
        for (int i = 1; i < 4; i++) {
            int w;
            if (i == which) continue;
            FZ_ASSERT(rm_fed_institution(list, 4, list[i].scope, idp, &w) == RM_FED_WRONG_IDP
                      && w == -1,
                      "an IdP of %s accepted for %s", list[which].scope, list[i].scope);
        }
    }

    /* the identifier and the IdP as scopes */
    FZ_ASSERT((rm_fed_scope_check(scoped) == NULL) == ref_scope_ok(scoped), "scope check of %s", scoped);
    if (idp) FZ_ASSERT((rm_fed_scope_check(idp) == NULL) == ref_scope_ok(idp), "scope check of %s", idp);
    if (rm_fed_scope_check(scoped)) FZ_ASSERT(*rm_fed_scope_check(scoped), "empty sentence");
    fz_end();
    return 0;
}
