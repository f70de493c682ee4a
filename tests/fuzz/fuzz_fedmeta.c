/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * A federation's metadata aggregate (core/fedmeta.c), as a sector
 * programme's server reads it at start (RMentorFederationMetadata) and
 * `rmentorctl federation check` reads a newly fetched one: the input is the
 * whole document, read unverified (the signature check is libxmlsec1's; the
 * unit tests cover it), so that the fuzzer reaches the walk of entities,
 * scopes, names and dates.
 *
 * Invariants:
 *  - a refused document gives a sentence and no IdPs;
 *  - every IdP read has a non-empty entityID without spaces, quotes or
 *    angle brackets, a non-empty name of at most 200 bytes without control
 *    characters or two spaces together, and 0..RM_FEDMETA_MAX_SCOPES scopes,
 *    each one rm_fed_scope_check accepts, none twice (case-insensitively);
 *  - the counts add up: IdPs <= entities, expired <= IdPs;
 *  - rm_fedmeta_institutions makes one institution per distinct scope,
 *    each with at least one IdP, each of those IdPs one that listed the
 *    scope, and rm_fed_institution accepts each of them for it;
 *  - rm_fedmeta_datetime of the input as text is 0 or a time after 1970.
 */
#include <string.h>
#include <strings.h>
#include "fuzz_common.h"
#include "fedmeta.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p = fz_begin();
    rm_fedmeta md;
    const char *err;
    apr_array_header_t *out;
    int distinct = 0;
    char *text = fz_cstr(data, size);
    apr_time_t t = rm_fedmeta_datetime(text);

    FZ_ASSERT(t == 0 || t > 0, "a date before 1970");
    err = rm_fedmeta_read(p, fz_mem(data, size), size, NULL, apr_time_from_sec(1796000000), &md);
    if (err) {
        FZ_ASSERT(*err && md.idps->nelts == 0, "a refusal without a sentence, or with IdPs");
        fz_end();
        return 0;
    }
    FZ_ASSERT(md.idps->nelts <= md.entities && md.expired <= md.idps->nelts,
              "counts: %d IdPs, %d entities, %d expired", md.idps->nelts, md.entities,
              md.expired);
    for (int i = 0; i < md.idps->nelts; i++) {
        const rm_fedmeta_idp *d = &APR_ARRAY_IDX(md.idps, i, rm_fedmeta_idp);
        size_t n = strlen(d->name);
        FZ_ASSERT(*d->entity_id && !strpbrk(d->entity_id, " \t\r\n\"<>"), "entityID %s",
                  d->entity_id);
        FZ_ASSERT(n > 0 && n <= 200 && !strstr(d->name, "  "), "name [%s]", d->name);
        for (size_t k = 0; k < n; k++)
            FZ_ASSERT((unsigned char)d->name[k] > 0x20 || d->name[k] == ' ', "control in name");
        FZ_ASSERT(d->name[0] != ' ' && d->name[n - 1] != ' ', "name not trimmed [%s]", d->name);
        FZ_ASSERT(d->scopes->nelts <= RM_FEDMETA_MAX_SCOPES, "%d scopes", d->scopes->nelts);
        for (int k = 0; k < d->scopes->nelts; k++) {
            const char *sc = APR_ARRAY_IDX(d->scopes, k, const char *);
            FZ_ASSERT(!rm_fed_scope_check(sc), "scope %s taken", sc);
            for (int j = 0; j < k; j++)
                FZ_ASSERT(strcasecmp(sc, APR_ARRAY_IDX(d->scopes, j, const char *)),
                          "scope %s twice", sc);
        }
    }
    /* distinct scopes across IdPs */
    for (int i = 0; i < md.idps->nelts; i++) {
        const rm_fedmeta_idp *d = &APR_ARRAY_IDX(md.idps, i, rm_fedmeta_idp);
        for (int k = 0; k < d->scopes->nelts; k++) {
            const char *sc = APR_ARRAY_IDX(d->scopes, k, const char *);
            int seen = 0;
            for (int j = 0; j < i && !seen; j++) {
                const rm_fedmeta_idp *e = &APR_ARRAY_IDX(md.idps, j, rm_fedmeta_idp);
                for (int m = 0; m < e->scopes->nelts && !seen; m++)
                    seen = !strcasecmp(sc, APR_ARRAY_IDX(e->scopes, m, const char *));
            }
            distinct += !seen;
        }
    }
    out = apr_array_make(p, 1, sizeof(rm_institution));
    FZ_ASSERT(rm_fedmeta_institutions(p, &md, out, NULL, NULL) == distinct && out->nelts == distinct,
              "%d institutions for %d scopes", out->nelts, distinct);
    for (int i = 0; i < out->nelts; i++) {
        const rm_institution *in = &APR_ARRAY_IDX(out, i, rm_institution);
        FZ_ASSERT(in->idps && in->idps->nelts > 0, "institution %s without IdP", in->scope);
        for (int k = 0; k < in->idps->nelts; k++) {
            const char *eid = APR_ARRAY_IDX(in->idps, k, const char *);
            int listed = 0, which;
            for (int j = 0; j < md.idps->nelts && !listed; j++) {
                const rm_fedmeta_idp *d = &APR_ARRAY_IDX(md.idps, j, rm_fedmeta_idp);
                if (strcmp(d->entity_id, eid)) continue;
                for (int m = 0; m < d->scopes->nelts && !listed; m++)
                    listed = !strcasecmp(in->scope, APR_ARRAY_IDX(d->scopes, m, const char *));
            }
            FZ_ASSERT(listed, "IdP %s given %s, which it did not list", eid, in->scope);
            FZ_ASSERT(rm_fed_institution(in, 1, in->scope, eid, &which) == RM_FED_OK,
                      "IdP %s refused for %s", eid, in->scope);
        }
    }
    fz_end();
    return 0;
}
