/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Enveloped XML-DSig signatures made with libxmlsec1 and its OpenSSL
 * backend, as SAML toolkits make them: exclusive C14N, SHA-256 digest,
 * RSA-SHA256 or ECDSA-SHA256 by the key's type, the signer's certificate in
 * KeyInfo, one Reference with URI="" (the whole document, the signature left
 * out by the enveloped-signature transform).  libxmlsec1 canonicalises; no
 * canonicalisation is written here.  Verifiable with
 *     xmlsec1 --verify --trusted-pem CA.pem FILE
 *     xmlsec1 --verify --pubkey-cert-pem SIGNER.pem FILE
 * No httpd: the module, rmentorctl and the unit tests share it.
 */
#ifndef RM_XMLSIGN_H
#define RM_XMLSIGN_H

#include <apr_pools.h>
#include <libxml/tree.h>

typedef struct rm_xmlsig_key rm_xmlsig_key;

/* Once per process, before any other call (the module: post_config, in the
 * parent); 0 or -1. Later calls do nothing. */
int rm_xmlsig_init(void);

/* A PEM private key (RSA, or EC on P-256) and its PEM certificate, freed
 * with pool p.  NULL with *err naming the problem (never the key). */
rm_xmlsig_key *rm_xmlsig_key_load(apr_pool_t *p, const char *key_file,
                                  const char *cert_file, const char **err);
/* "rsa-sha256" or "ecdsa-sha256" */
const char *rm_xmlsig_algorithm(const rm_xmlsig_key *k);

/* Sign doc (its root element) with an enveloped signature appended as the
 * root's last child.  Thread-safe: the loaded key is duplicated for each
 * signature.  0, or -1 with *err set. */
int rm_xmlsig_sign(xmlDocPtr doc, const rm_xmlsig_key *k, const char **err);

/* Verify doc's enveloped signature with the certificate in cert_file (for
 * tests and `rmentorctl hr verify`): 1 valid, 0 invalid, -1 error. */
int rm_xmlsig_verify(xmlDocPtr doc, const char *cert_file, const char **err);

/* Verify the signature a signed SAML metadata aggregate carries: one
 * ds:Signature, a child of the root, with one Reference to the whole
 * document ("" or "#" and the root's ID attribute), made with the key of
 * the certificate in cert_file (the federation's signing certificate; the
 * document's own KeyInfo is not trusted).  1 valid, 0 invalid (*err says
 * why), -1 error. */
int rm_xmlsig_verify_root(xmlDocPtr doc, const char *cert_file, const char **err);

#endif
