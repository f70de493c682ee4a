/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 * Enveloped XML-DSig with libxmlsec1 (OpenSSL backend): see xmlsign.h. */
#include <stdio.h>
#include <string.h>
#include <pthread.h>
#include <apr_strings.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/templates.h>
#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>
#include "xmlsign.h"

struct rm_xmlsig_key {
    xmlSecKeyPtr key;
    int ecdsa;
};

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int init_rc = -1;

/* libxmlsec1's errors would go to stderr (httpd's error log, unformatted):
 * the caller reports its own message instead. */
static void quiet(const char *file, int line, const char *func,
                  const char *errorObject, const char *errorSubject,
                  int reason, const char *msg)
{
    (void)file; (void)line; (void)func; (void)errorObject; (void)errorSubject;
    (void)reason; (void)msg;
}

static void init_once(void)
{
    if (xmlSecInit() < 0) return;
    if (xmlSecCheckVersion() != 1) return;
    if (xmlSecCryptoAppInit(NULL) < 0) return;
    if (xmlSecCryptoInit() < 0) return;
    xmlSecErrorsSetCallback(quiet);
    init_rc = 0;
}

int rm_xmlsig_init(void)
{
    pthread_once(&once, init_once);
    return init_rc;
}

static apr_status_t key_free(void *k)
{
    rm_xmlsig_key *key = k;
    if (key->key) xmlSecKeyDestroy(key->key);
    key->key = NULL;
    return APR_SUCCESS;
}

rm_xmlsig_key *rm_xmlsig_key_load(apr_pool_t *p, const char *key_file,
                                  const char *cert_file, const char **err)
{
    rm_xmlsig_key *k;
    xmlSecKeyDataPtr v;
    if (rm_xmlsig_init() != 0) {
        *err = "libxmlsec1 (OpenSSL) cannot be initialised";
        return NULL;
    }
    k = apr_pcalloc(p, sizeof(*k));
    k->key = xmlSecCryptoAppKeyLoad(key_file, xmlSecKeyDataFormatPem, NULL, NULL, NULL);
    if (!k->key) {
        *err = apr_pstrcat(p, "cannot read a PEM private key (RSA or EC) from ", key_file,
                           " (unreadable, encrypted or not a key)", NULL);
        return NULL;
    }
    apr_pool_cleanup_register(p, k, key_free, apr_pool_cleanup_null);
    v = xmlSecKeyGetValue(k->key);
    if (v && xmlSecKeyDataCheckId(v, xmlSecKeyDataEcdsaId)) k->ecdsa = 1;
    else if (!v || !xmlSecKeyDataCheckId(v, xmlSecKeyDataRsaId)) {
        *err = apr_pstrcat(p, "the key in ", key_file, " is neither RSA nor EC", NULL);
        return NULL;
    }
    if (xmlSecCryptoAppKeyCertLoad(k->key, cert_file, xmlSecKeyDataFormatPem) < 0) {
        *err = apr_pstrcat(p, "cannot read a PEM certificate from ", cert_file, NULL);
        return NULL;
    }
    return k;
}

const char *rm_xmlsig_algorithm(const rm_xmlsig_key *k)
{
    return k->ecdsa ? "ecdsa-sha256" : "rsa-sha256";
}

int rm_xmlsig_sign(xmlDocPtr doc, const rm_xmlsig_key *k, const char **err)
{
    xmlNodePtr root = xmlDocGetRootElement(doc), sig, ref, ki, x509;
    xmlSecDSigCtxPtr ctx;
    int rc = -1;

    if (!root) {
        *err = "no document to sign";
        return -1;
    }
    sig = xmlSecTmplSignatureCreate(doc, xmlSecTransformExclC14NId,
                                    k->ecdsa ? xmlSecTransformEcdsaSha256Id
                                             : xmlSecTransformRsaSha256Id, NULL);
    if (!sig) {
        *err = "cannot make the signature template";
        return -1;
    }
    xmlAddChild(root, sig);
    ref = xmlSecTmplSignatureAddReference(sig, xmlSecTransformSha256Id, NULL,
                                          BAD_CAST "", NULL);
    ki = xmlSecTmplSignatureEnsureKeyInfo(sig, NULL);
    x509 = ki ? xmlSecTmplKeyInfoAddX509Data(ki) : NULL;
    if (!ref || !xmlSecTmplReferenceAddTransform(ref, xmlSecTransformEnvelopedId)
        || !xmlSecTmplReferenceAddTransform(ref, xmlSecTransformExclC14NId)
        || !x509 || !xmlSecTmplX509DataAddCertificate(x509)) {
        *err = "cannot make the signature template";
        return -1;
    }
    ctx = xmlSecDSigCtxCreate(NULL);
    if (!ctx) {
        *err = "cannot make a signature context";
        return -1;
    }
    ctx->signKey = xmlSecKeyDuplicate(k->key);
    if (!ctx->signKey) *err = "cannot use the signing key";
    else if (xmlSecDSigCtxSign(ctx, sig) < 0) *err = "signing failed";
    else rc = 0;
    xmlSecDSigCtxDestroy(ctx);
    return rc;
}

int rm_xmlsig_verify(xmlDocPtr doc, const char *cert_file, const char **err)
{
    xmlNodePtr node;
    xmlSecKeysMngrPtr mngr;
    xmlSecDSigCtxPtr ctx;
    int rc = -1;

    if (rm_xmlsig_init() != 0) {
        *err = "libxmlsec1 (OpenSSL) cannot be initialised";
        return -1;
    }
    node = xmlSecFindNode(xmlDocGetRootElement(doc), xmlSecNodeSignature, xmlSecDSigNs);
    if (!node) {
        *err = "the document is not signed";
        return 0;
    }
    mngr = xmlSecKeysMngrCreate();
    if (!mngr || xmlSecCryptoAppDefaultKeysMngrInit(mngr) < 0) {
        if (mngr) xmlSecKeysMngrDestroy(mngr);
        *err = "cannot make a keys manager";
        return -1;
    }
    if (xmlSecCryptoAppKeysMngrCertLoad(mngr, cert_file, xmlSecKeyDataFormatPem,
                                        xmlSecKeyDataTypeTrusted) < 0) {
        xmlSecKeysMngrDestroy(mngr);
        *err = "cannot read the certificate";
        return -1;
    }
    ctx = xmlSecDSigCtxCreate(mngr);
    if (!ctx) *err = "cannot make a signature context";
    else if (xmlSecDSigCtxVerify(ctx, node) < 0) {
        *err = "the signature cannot be checked";
        rc = 0;
    }
    else {
        rc = ctx->status == xmlSecDSigStatusSucceeded;
        if (!rc) *err = "the signature does not match the document";
    }
    if (ctx) xmlSecDSigCtxDestroy(ctx);
    xmlSecKeysMngrDestroy(mngr);
    return rc;
}

/* The one ds:Signature that is a child of root, whose one Reference is the
 * whole document ("") or the root by its ID attribute; NULL with *err. */
static xmlNodePtr root_signature(xmlDocPtr doc, xmlNodePtr root, const char **err)
{
    xmlNodePtr sig = NULL, si = NULL, ref = NULL, n;
    xmlChar *uri;
    int refs = 0, ok = 0;

    for (n = root->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && xmlSecCheckNodeName(n, xmlSecNodeSignature,
                                                               xmlSecDSigNs)) {
            if (sig) {
                *err = "the document has more than one signature";
                return NULL;
            }
            sig = n;
        }
    if (!sig) {
        *err = "the document is not signed";
        return NULL;
    }
    for (n = sig->children; n && !si; n = n->next)
        if (n->type == XML_ELEMENT_NODE && xmlSecCheckNodeName(n, xmlSecNodeSignedInfo,
                                                               xmlSecDSigNs))
            si = n;
    for (n = si ? si->children : NULL; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && xmlSecCheckNodeName(n, xmlSecNodeReference,
                                                               xmlSecDSigNs)) {
            ref = n;
            refs++;
        }
    if (refs != 1) {
        *err = "the signature must cover the whole document with one reference";
        return NULL;
    }
    uri = xmlGetProp(ref, BAD_CAST "URI");
    if (!uri || !*uri) ok = 1;
    else if (uri[0] == '#') {
        xmlAttrPtr id = xmlHasProp(root, BAD_CAST "ID");
        xmlChar *v = id ? xmlNodeGetContent((xmlNodePtr)id) : NULL;
        if (v && *v && !xmlStrcmp(v, uri + 1)) {
            if (!xmlGetID(doc, v)) xmlAddID(NULL, doc, v, id);
            ok = xmlGetID(doc, v) == id;
        }
        xmlFree(v);
    }
    xmlFree(uri);
    if (!ok) {
        *err = "the signature does not cover the document's root element";
        return NULL;
    }
    return sig;
}

/* the public key of a PEM certificate file (at most 64 KiB), read here:
 * libxmlsec1 1.2's own file reading leaks when the file cannot be opened */
static xmlSecKeyPtr cert_key(const char *cert_file)
{
    unsigned char buf[65536];
    size_t n;
    FILE *f = fopen(cert_file, "rb");
    if (!f) return NULL;
    n = fread(buf, 1, sizeof(buf), f);
    if (ferror(f) || !feof(f)) n = 0;
    fclose(f);
    return n ? xmlSecCryptoAppKeyLoadMemory(buf, (xmlSecSize)n, xmlSecKeyDataFormatCertPem,
                                            NULL, NULL, NULL)
             : NULL;
}

int rm_xmlsig_verify_root(xmlDocPtr doc, const char *cert_file, const char **err)
{
    xmlNodePtr root = xmlDocGetRootElement(doc), sig;
    xmlSecDSigCtxPtr ctx;
    int rc = -1;

    if (rm_xmlsig_init() != 0) {
        *err = "libxmlsec1 (OpenSSL) cannot be initialised";
        return -1;
    }
    if (!root || !(sig = root_signature(doc, root, err))) return 0;
    ctx = xmlSecDSigCtxCreate(NULL);
    if (!ctx) {
        *err = "cannot make a signature context";
        return -1;
    }
    /* the signer's key is the certificate's, whatever KeyInfo says; only
     * this document may be referenced (no files, no network) */
    ctx->signKey = cert_key(cert_file);
    ctx->enabledReferenceUris = xmlSecTransformUriTypeEmpty | xmlSecTransformUriTypeSameDocument;
    if (!ctx->signKey) *err = "cannot read the signer's certificate";
    else if (xmlSecDSigCtxVerify(ctx, sig) < 0) {
        *err = "the signature cannot be checked";
        rc = 0;
    }
    else {
        rc = ctx->status == xmlSecDSigStatusSucceeded;
        if (!rc) *err = "the signature does not match the document";
    }
    xmlSecDSigCtxDestroy(ctx);
    return rc;
}
