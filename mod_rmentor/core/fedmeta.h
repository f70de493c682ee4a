/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * A federation's SAML 2.0 metadata (an md:EntitiesDescriptor aggregate, as
 * the UK Access Management Federation publishes it) read for the
 * institutions it lists: each identity provider's entityID, the scopes it
 * may assert (shibmd:Scope, as Shibboleth SP checks them; regular-
 * expression scopes are not taken) and its display name (mdui:DisplayName,
 * else md:OrganizationDisplayName, English first).  With the federation's
 * signing certificate the aggregate's signature is verified first
 * (core/xmlsign.c) and nothing is read from a document that fails it.
 * Bounded: no DTD, no network, at most RM_FEDMETA_MAX_IDPS IdPs and
 * RM_FEDMETA_MAX_SCOPES scopes each.  No httpd: the module (RMentorFederation-
 * Metadata), `rmentorctl federation check`, the unit tests and the fuzzer
 * share it.
 */
#ifndef RM_FEDMETA_H
#define RM_FEDMETA_H

#include <apr_pools.h>
#include <apr_tables.h>
#include <apr_time.h>
#include "federation.h"

#define RM_FEDMETA_MAX_IDPS   20000
#define RM_FEDMETA_MAX_SCOPES 64
#define RM_FEDMETA_MAX_BYTES  (512 * 1024 * 1024)

typedef struct {
    const char *entity_id;
    const char *name;                   /* plain text, at most 200 bytes     */
    apr_array_header_t *scopes;         /* const char *, as rm_fed_scope_check
                                           allows                           */
    apr_time_t valid_until;             /* 0: none (the nearest of the entity's
                                           and its enclosing descriptors')   */
} rm_fedmeta_idp;

typedef struct {
    apr_array_header_t *idps;           /* rm_fedmeta_idp                    */
    apr_time_t valid_until;             /* the root's validUntil; 0: none    */
    int entities;                       /* EntityDescriptors seen            */
    int skipped_scopes;                 /* regexp or not a domain            */
    int expired;                        /* IdPs already past validUntil (kept:
                                           their sign-ins are refused)      */
} rm_fedmeta;

/* Read metadata from buf[0..len).  With cert_file, its signature must
 * verify against that certificate (rm_xmlsig_verify_root); without, it is
 * read unverified (tests and the fuzzer only).  IdPs whose validUntil is
 * not after now are counted in expired.  NULL, or a sentence naming what
 * is wrong (the whole document is then refused). */
const char *rm_fedmeta_read(apr_pool_t *p, const char *buf, size_t len, const char *cert_file,
                            apr_time_t now, rm_fedmeta *md);

typedef enum {
    RM_FEDMETA_READ = 0,
    RM_FEDMETA_UNREADABLE,      /* the file cannot be opened or read (*rv)    */
    RM_FEDMETA_BAD_SIZE,        /* empty, or over RM_FEDMETA_MAX_BYTES        */
    RM_FEDMETA_REFUSED          /* rm_fedmeta_read refused it (*err)          */
} rm_fedmeta_file;

/* rm_fedmeta_read of the whole file (read into a pool of its own, freed
 * before return), for the module at start and `rmentorctl federation
 * check`: each words its own message from the outcome. */
rm_fedmeta_file rm_fedmeta_read_file(apr_pool_t *p, const char *file, const char *cert_file,
                                     apr_time_t now, rm_fedmeta *md, const char **err,
                                     apr_status_t *rv);

/* xs:dateTime (2026-12-20T10:00:00Z, fractions and +hh:mm allowed) as an
 * apr_time_t; 0 with a malformed or out-of-range value. */
apr_time_t rm_fedmeta_datetime(const char *s);

/* The institutions the IdPs speak for, one per scope (case-insensitive),
 * each with every IdP that may assert it, appended to out (rm_institution)
 * in document order; scopes for which skip(scope, ctx) is true are left
 * out (the home institution's, and those listed by hand).  The count
 * appended. */
int rm_fedmeta_institutions(apr_pool_t *p, const rm_fedmeta *md, apr_array_header_t *out,
                            int (*skip)(const char *scope, void *ctx), void *ctx);

#endif
