/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * One service for many institutions (a sector body's programme): which
 * institution a sign-in belongs to, decided from the scope of the person's
 * scoped identifier (eduPersonPrincipalName, or r->user when scoped) and
 * the entityID of the identity provider that asserted it, never from
 * anything the person typed.  Each institution is a scope, a display name
 * and the IdPs that speak for it (RMentorInstitution; the home institution
 * is RMentorAffiliationScope with RMentorIdentityProvider).  An IdP may
 * assert only its own institutions' scopes: an assertion from IdP A
 * carrying @b.ac.uk is refused, as is an unknown scope or IdP.
 */
#ifndef RM_FEDERATION_H
#define RM_FEDERATION_H

#include <apr_pools.h>
#include <apr_tables.h>
#include <apr_time.h>

typedef struct {
    const char *scope;                  /* e.g. b.ac.uk                      */
    const char *name;                   /* e.g. University of B              */
    const apr_array_header_t *idps;     /* entityIDs (const char *); empty:
                                           any (the home institution of a
                                           single-institution site only)   */
    apr_time_t valid_until;             /* 0: always; else the end of the
                                           federation metadata it came from
                                           (core/fedmeta.h), after which its
                                           sign-ins are refused             */
    int from_metadata;                  /* read from that metadata (lists and
                                           reports show such an institution
                                           only when it has applicants)     */
} rm_institution;

typedef enum {
    RM_FED_OK = 0,
    RM_FED_UNSCOPED,        /* no scoped identifier                          */
    RM_FED_UNKNOWN_SCOPE,   /* a scope no listed institution has             */
    RM_FED_NO_IDP,          /* the asserting IdP was not passed on           */
    RM_FED_WRONG_IDP,       /* an IdP that does not speak for the scope      */
    RM_FED_STALE            /* listed by federation metadata now out of date */
} rm_fed_status;

/* The institution of list[0..n) a sign-in with this scope (NULL: none),
 * asserted by idp (NULL: unknown), belongs to: RM_FED_OK with *which its
 * index, or why not (*which -1).  Scopes compare case-insensitively,
 * entityIDs exactly. */
rm_fed_status rm_fed_institution(const rm_institution *list, int n, const char *scope,
                                 const char *idp, int *which);
/* A sentence for the log: what was refused (no personal data). */
const char *rm_fed_status_text(rm_fed_status st);
/* NULL when s can be a scope (a domain: letters, digits, '-' and '.', a
 * dot inside, at most 253 characters), else what is wrong. */
const char *rm_fed_scope_check(const char *s);

#endif
