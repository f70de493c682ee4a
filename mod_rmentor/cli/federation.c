/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * `rmentorctl federation check FILE CERT`: what the module would take from
 * a federation's metadata aggregate (RMentorFederationMetadata), read and
 * verified by the same code (core/fedmeta.c), so that a refresh job checks
 * a newly fetched file before it replaces the one httpd reads, and an
 * expired, unsigned or wrongly signed file never reaches a restart.
 */
#include <stdio.h>
#include <string.h>
#include <apr_strings.h>
#include "ctl.h"
#include "core/fedmeta.h"
#include "core/xmlsign.h"

static void when(apr_time_t t, char *out, size_t n)
{
    apr_time_exp_t x;
    apr_size_t len;
    apr_time_exp_gmt(&x, t);
    apr_strftime(out, &len, n, "%Y-%m-%dT%H:%M:%SZ", &x);
}

int rm_fed_cli(apr_pool_t *p, const char *file, const char *cert)
{
    apr_time_t now = apr_time_now();
    apr_array_header_t *inst;
    apr_status_t rv;
    rm_fedmeta md;
    const char *err;
    char at[32];
    int added;

    if (rm_xmlsig_init() != 0) {
        fprintf(stderr, "rmentorctl: libxmlsec1 (OpenSSL) cannot be initialised\n");
        return EX_SOFTWARE;
    }
    switch (rm_fedmeta_read_file(p, file, cert, now, &md, &err, &rv)) {
    case RM_FEDMETA_READ:
        break;
    case RM_FEDMETA_UNREADABLE:
        fprintf(stderr, "rmentorctl: cannot read %s\n", file);
        return EX_NOINPUT;
    case RM_FEDMETA_BAD_SIZE:
        fprintf(stderr, "rmentorctl: %s is empty or larger than 512 MiB\n", file);
        return EX_DATAERR;
    case RM_FEDMETA_REFUSED:
        fprintf(stderr, "rmentorctl: %s (certificate %s): %s\n", file, cert, err);
        return EX_DATAERR;
    }
    inst = apr_array_make(p, 16, sizeof(rm_institution));
    added = rm_fedmeta_institutions(p, &md, inst, NULL, NULL);
    printf("%s: signature valid (certificate %s)\n", file, cert);
    if (md.valid_until) {
        when(md.valid_until, at, sizeof(at));
        printf("valid until %s (%s)\n", at,
               md.valid_until <= now ? "EXPIRED"
               : apr_psprintf(p, "%" APR_INT64_T_FMT " hours from now",
                              (apr_int64_t)((md.valid_until - now) / apr_time_from_sec(3600))));
    }
    else printf("no validUntil: the document never expires (a federation's aggregate should)\n");
    printf("%d entities, %d identity providers, %d institutions; %d scopes not taken "
           "(regular expressions or not domains); %d identity providers past validUntil\n",
           md.entities, md.idps->nelts, added, md.skipped_scopes, md.expired);
    for (int i = 0; i < inst->nelts; i++) {
        const rm_institution *in = &APR_ARRAY_IDX(inst, i, rm_institution);
        printf("%s\t%s", in->scope, in->name);
        for (int k = 0; k < in->idps->nelts; k++)
            printf("%s%s", k ? " " : "\t", APR_ARRAY_IDX(in->idps, k, const char *));
        if (in->valid_until && in->valid_until <= now) printf("\t(expired)");
        putchar('\n');
    }
    if (md.valid_until && md.valid_until <= now) {
        fprintf(stderr, "rmentorctl: %s expired at %s: do not install it\n", file, at);
        return EX_DATAERR;
    }
    if (!added) {
        fprintf(stderr, "rmentorctl: %s lists no identity provider with a scope\n", file);
        return EX_DATAERR;
    }
    return EX_OK;
}
