/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 * For the unit tests that sign and verify XML (test_hrexport.c,
 * test_fedmeta.c): a fresh key of the given kind (RSA 2048, or EC on
 * P-256) and its self-signed certificate (CN=name, valid for a day),
 * written as dir/name.key and dir/name.pem; their paths from pool.  Include
 * after cmocka.h. */
#ifndef RM_TESTKEYS_H
#define RM_TESTKEYS_H

#include <stdio.h>
#include <apr_strings.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

static void make_pair(apr_pool_t *pool, const char *dir, const char *name, int ec, char **keyf,
                      char **certf)
{
    EVP_PKEY *k = ec ? EVP_EC_gen("P-256") : EVP_RSA_gen(2048);
    X509 *x = X509_new();
    X509_NAME *n;
    FILE *f;
    assert_non_null(k);
    ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
    X509_gmtime_adj(X509_getm_notBefore(x), 0);
    X509_gmtime_adj(X509_getm_notAfter(x), 86400);
    X509_set_pubkey(x, k);
    n = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *)name, -1, -1, 0);
    X509_set_issuer_name(x, n);
    assert_true(X509_sign(x, k, EVP_sha256()) > 0);
    *keyf = apr_psprintf(pool, "%s/%s.key", dir, name);
    *certf = apr_psprintf(pool, "%s/%s.pem", dir, name);
    f = fopen(*keyf, "w");
    assert_non_null(f);
    PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL);
    fclose(f);
    f = fopen(*certf, "w");
    assert_non_null(f);
    PEM_write_X509(f, x);
    fclose(f);
    X509_free(x);
    EVP_PKEY_free(k);
}

#endif
