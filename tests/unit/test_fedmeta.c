/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 * A federation's metadata read for its institutions (core/fedmeta.c): the
 * scopes and names of its identity providers, service providers and
 * regular-expression scopes left out, one institution per scope with all
 * its IdPs, validUntil carried; the aggregate's signature verified against
 * the federation's certificate (core/xmlsign.c rm_xmlsig_verify_root), and
 * a changed value, another signer, a missing or misplaced signature, a
 * DOCTYPE or a malformed date refuses the whole document. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>
#include <apr_general.h>
#include <apr_strings.h>
#include <libxml/parser.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include "fedmeta.h"
#include "xmlsign.h"
#include "testkeys.h"

static apr_pool_t *pool;
static char dir[] = "/tmp/rm-fedmeta-XXXXXX";
#define NOW apr_time_from_sec(1796000000)      /* 2026-11-30 */

static const char *SAMPLE =
    "<?xml version=\"1.0\"?>\n"
    "<md:EntitiesDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\"\n"
    "  xmlns:shibmd=\"urn:mace:shibboleth:metadata:1.0\"\n"
    "  xmlns:mdui=\"urn:oasis:names:tc:SAML:metadata:ui\"\n"
    "  Name=\"http://ukfederation.org.uk\" ID=\"_agg1\" validUntil=\"2026-12-20T10:00:00Z\">\n"
    " <md:EntityDescriptor entityID=\"https://idp.a.ac.uk/idp\">\n"
    "  <md:IDPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">\n"
    "   <md:Extensions>\n"
    "    <shibmd:Scope regexp=\"false\">a.ac.uk</shibmd:Scope>\n"
    "    <shibmd:Scope regexp=\"false\">A.AC.UK</shibmd:Scope>\n"
    "    <shibmd:Scope regexp=\"true\">^.*\\.a\\.ac\\.uk$</shibmd:Scope>\n"
    "    <shibmd:Scope>localhost</shibmd:Scope>\n"
    "    <mdui:UIInfo><mdui:DisplayName xml:lang=\"cy\">Prifysgol A</mdui:DisplayName>\n"
    "     <mdui:DisplayName xml:lang=\"en\">  University\n of   A </mdui:DisplayName></mdui:UIInfo>\n"
    "   </md:Extensions>\n"
    "  </md:IDPSSODescriptor>\n"
    " </md:EntityDescriptor>\n"
    " <md:EntitiesDescriptor Name=\"b\">\n"
    "  <md:EntityDescriptor entityID=\"https://idp.b.ac.uk/idp\">\n"
    "   <md:Extensions><shibmd:Scope>b.ac.uk</shibmd:Scope></md:Extensions>\n"
    "   <md:IDPSSODescriptor protocolSupportEnumeration=\"x\"/>\n"
    "   <md:Organization><md:OrganizationName xml:lang=\"en\">uob</md:OrganizationName>\n"
    "    <md:OrganizationDisplayName xml:lang=\"en\">University of B</md:OrganizationDisplayName>\n"
    "   </md:Organization>\n"
    "  </md:EntityDescriptor>\n"
    "  <md:EntityDescriptor entityID=\"https://login.b.ac.uk/saml\" validUntil=\"2026-12-10T00:00:00Z\">\n"
    "   <md:IDPSSODescriptor protocolSupportEnumeration=\"x\"><md:Extensions>\n"
    "    <shibmd:Scope>b.ac.uk</shibmd:Scope></md:Extensions></md:IDPSSODescriptor>\n"
    "  </md:EntityDescriptor>\n"
    " </md:EntitiesDescriptor>\n"
    " <md:EntityDescriptor entityID=\"https://idp.old.ac.uk/idp\" validUntil=\"2020-01-01T00:00:00Z\">\n"
    "  <md:IDPSSODescriptor protocolSupportEnumeration=\"x\"><md:Extensions>\n"
    "   <shibmd:Scope>old.ac.uk</shibmd:Scope></md:Extensions></md:IDPSSODescriptor>\n"
    " </md:EntityDescriptor>\n"
    " <md:EntityDescriptor entityID=\"https://sp.c.ac.uk/shibboleth\">\n"
    "  <md:Extensions><shibmd:Scope>c.ac.uk</shibmd:Scope></md:Extensions>\n"
    "  <md:SPSSODescriptor protocolSupportEnumeration=\"x\"/>\n"
    " </md:EntityDescriptor>\n"
    "</md:EntitiesDescriptor>\n";

static const char *read_str(const char *xml, const char *cert, rm_fedmeta *md)
{
    return rm_fedmeta_read(pool, xml, strlen(xml), cert, NOW, md);
}

static void test_datetime(void **state)
{
    (void)state;
    assert_true(rm_fedmeta_datetime("2026-12-20T10:00:00Z") == apr_time_from_sec(1797760800));
    assert_true(rm_fedmeta_datetime("2026-12-20T11:30:00+01:30") == apr_time_from_sec(1797760800));
    assert_true(rm_fedmeta_datetime("2026-12-20T08:00:00-02:00") == apr_time_from_sec(1797760800));
    assert_true(rm_fedmeta_datetime("2026-12-20T10:00:00.123456Z") == apr_time_from_sec(1797760800));
    assert_true(rm_fedmeta_datetime("2026-12-20T10:00:00") == apr_time_from_sec(1797760800));
    assert_true(rm_fedmeta_datetime("2000-02-29T23:59:59Z") == apr_time_from_sec(951868799));
    assert_true(rm_fedmeta_datetime("2026-02-29T00:00:00Z") == 0);
    assert_true(rm_fedmeta_datetime("2026-04-31T00:00:00Z") == 0);
    assert_true(rm_fedmeta_datetime("2026-12-20") == 0);
    assert_true(rm_fedmeta_datetime("2026-12-20T10:00:00Zjunk") == 0);
    assert_true(rm_fedmeta_datetime("2026-12-20T24:00:00Z") == 0);
    assert_true(rm_fedmeta_datetime("2026-12-20T10:00:00.Z") == 0);
    assert_true(rm_fedmeta_datetime("1969-12-31T23:59:59Z") == 0);
    assert_true(rm_fedmeta_datetime("2026-12-20 10:00:00Z") == 0);
    assert_true(rm_fedmeta_datetime("2026-12-20T10:00:00+1:00") == 0);
    assert_true(rm_fedmeta_datetime(NULL) == 0);
}

static const rm_fedmeta_idp *idp(const rm_fedmeta *md, int i)
{
    return &APR_ARRAY_IDX(md->idps, i, rm_fedmeta_idp);
}

static void test_read(void **state)
{
    rm_fedmeta md;
    (void)state;
    assert_null(read_str(SAMPLE, NULL, &md));
    assert_int_equal(md.entities, 5);
    assert_int_equal(md.idps->nelts, 4);        /* not the SP */
    assert_true(md.valid_until == apr_time_from_sec(1797760800));
    assert_string_equal(idp(&md, 0)->entity_id, "https://idp.a.ac.uk/idp");
    assert_string_equal(idp(&md, 0)->name, "University of A");
    assert_int_equal(idp(&md, 0)->scopes->nelts, 1);    /* the duplicate, regexp, localhost */
    assert_int_equal(md.skipped_scopes, 3);
    assert_string_equal(idp(&md, 1)->name, "University of B");
    assert_string_equal(APR_ARRAY_IDX(idp(&md, 1)->scopes, 0, const char *), "b.ac.uk");
    /* no name at all: the scope */
    assert_string_equal(idp(&md, 2)->name, "b.ac.uk");
    assert_true(idp(&md, 2)->valid_until == rm_fedmeta_datetime("2026-12-10T00:00:00Z"));
    assert_true(idp(&md, 1)->valid_until == apr_time_from_sec(1797760800));
    /* past its validUntil: kept, counted */
    assert_int_equal(md.expired, 1);
    assert_string_equal(idp(&md, 3)->entity_id, "https://idp.old.ac.uk/idp");
}

static int skip_a(const char *scope, void *ctx)
{
    (void)ctx;
    return !strcmp(scope, "a.ac.uk");
}

static void test_institutions(void **state)
{
    rm_fedmeta md;
    apr_array_header_t *out = apr_array_make(pool, 2, sizeof(rm_institution));
    const rm_institution *b;
    int which;
    (void)state;
    assert_null(read_str(SAMPLE, NULL, &md));
    APR_ARRAY_PUSH(out, rm_institution) = (rm_institution){ "x.ac.uk", "X", NULL, 0, 0 };
    assert_int_equal(rm_fedmeta_institutions(pool, &md, out, skip_a, NULL), 2);
    assert_int_equal(out->nelts, 3);
    b = &APR_ARRAY_IDX(out, 1, rm_institution);
    assert_string_equal(b->scope, "b.ac.uk");
    assert_string_equal(b->name, "University of B");
    assert_int_equal(b->idps->nelts, 2);
    /* the nearer of its IdPs' validUntil */
    assert_true(b->valid_until == rm_fedmeta_datetime("2026-12-10T00:00:00Z"));
    assert_int_equal(rm_fed_institution(b, 1, "B.ac.uk", "https://login.b.ac.uk/saml", &which),
                     RM_FED_OK);
    assert_int_equal(rm_fed_institution(b, 1, "b.ac.uk", "https://idp.a.ac.uk/idp", &which),
                     RM_FED_WRONG_IDP);
    assert_string_equal(APR_ARRAY_IDX(out, 2, rm_institution).scope, "old.ac.uk");
    out = apr_array_make(pool, 2, sizeof(rm_institution));
    assert_int_equal(rm_fedmeta_institutions(pool, &md, out, NULL, NULL), 3);
}

static void test_refused(void **state)
{
    rm_fedmeta md;
    (void)state;
    assert_non_null(read_str("", NULL, &md));
    assert_non_null(read_str("<md:EntitiesDescriptor", NULL, &md));
    assert_non_null(strstr(read_str("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"x\">]>"
                                    "<x/>", NULL, &md), "DOCTYPE"));
    assert_non_null(strstr(read_str("<EntitiesDescriptor/>", NULL, &md), "root element"));
    assert_non_null(strstr(read_str("<md:EntitiesDescriptor xmlns:md=\"urn:oasis:names:tc:"
                                    "SAML:2.0:metadata\" validUntil=\"soon\"/>", NULL, &md),
                           "validUntil"));
    assert_non_null(strstr(read_str("<md:EntitiesDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:"
                                    "2.0:metadata\"><md:EntityDescriptor entityID=\"a b\">"
                                    "<md:IDPSSODescriptor/></md:EntityDescriptor>"
                                    "</md:EntitiesDescriptor>", NULL, &md), "entityID"));
    /* an empty aggregate is read: it lists nobody (the module refuses that) */
    assert_null(read_str("<md:EntitiesDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:"
                         "metadata\"/>", NULL, &md));
    assert_int_equal(md.idps->nelts, 0);
}

static void test_long_name(void **state)
{
    rm_fedmeta md;
    char *name = apr_palloc(pool, 1000), *xml;
    (void)state;
    /* 199 ASCII letters then é (2 bytes): cut before it, not inside */
    memset(name, 'n', 199);
    strcpy(name + 199, "\xc3\xa9 and more");
    xml = apr_psprintf(pool, "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:"
                       "metadata\" xmlns:shibmd=\"urn:mace:shibboleth:metadata:1.0\" entityID="
                       "\"https://i/x\"><md:IDPSSODescriptor><md:Extensions><shibmd:Scope>x.ac.uk"
                       "</shibmd:Scope></md:Extensions></md:IDPSSODescriptor><md:Organization>"
                       "<md:OrganizationDisplayName>%s</md:OrganizationDisplayName>"
                       "</md:Organization></md:EntityDescriptor>", name);
    assert_null(read_str(xml, NULL, &md));
    assert_int_equal(md.idps->nelts, 1);
    assert_int_equal(strlen(idp(&md, 0)->name), 199);
}

/* SAMPLE signed by key: the serialised document */
static char *signed_sample(const char *key, const char *cert)
{
    const char *err = NULL;
    xmlDocPtr doc = xmlReadMemory(SAMPLE, (int)strlen(SAMPLE), NULL, NULL, XML_PARSE_NONET);
    rm_xmlsig_key *k = rm_xmlsig_key_load(pool, key, cert, &err);
    xmlChar *out;
    int n;
    char *s;
    assert_non_null(k);
    assert_int_equal(rm_xmlsig_sign(doc, k, &err), 0);
    xmlDocDumpMemory(doc, &out, &n);
    s = apr_pstrmemdup(pool, (const char *)out, (apr_size_t)n);
    xmlFree(out);
    xmlFreeDoc(doc);
    return s;
}

static char *replace(const char *s, const char *from, const char *to)
{
    const char *at = strstr(s, from);
    if (!at) print_message("not found: %s\n", from);
    assert_non_null(at);
    return apr_pstrcat(pool, apr_pstrmemdup(pool, s, (apr_size_t)(at - s)), to,
                       at + strlen(from), NULL);
}

static void test_signature(void **state)
{
    char *key, *cert, *key2, *cert2, *doc, *bad;
    const char *e;
    rm_fedmeta md;
    (void)state;
    make_pair(pool, dir, "federation", 0, &key, &cert);
    make_pair(pool, dir, "other", 0, &key2, &cert2);
    doc = signed_sample(key, cert);
    assert_null(read_str(doc, cert, &md));
    assert_int_equal(md.idps->nelts, 4);
    /* a changed name, scope or entityID breaks it */
    e = read_str(replace(doc, "University of B", "University of X"), cert, &md);
    assert_non_null(e);
    assert_non_null(strstr(e, "does not match"));
    assert_int_equal(md.idps->nelts, 0);
    assert_non_null(read_str(replace(doc, ">b.ac.uk<", ">evil.ac.uk<"), cert, &md));
    /* signed by another key, though its own KeyInfo names it */
    assert_non_null(read_str(signed_sample(key2, cert2), cert, &md));
    /* unsigned */
    e = read_str(SAMPLE, cert, &md);
    assert_non_null(e);
    assert_non_null(strstr(e, "not signed"));
    /* a signature moved off the root (into an entity) signs nothing here */
    bad = replace(doc, "<Signature", "<md:EntityDescriptor entityID=\"https://w/x\"><Signature");
    bad = replace(bad, "</Signature>", "</Signature></md:EntityDescriptor>");
    e = read_str(bad, cert, &md);
    assert_non_null(e);
    assert_non_null(strstr(e, "not signed"));
    /* a reference to some other element */
    e = read_str(replace(doc, "URI=\"\"", "URI=\"#elsewhere\""), cert, &md);
    assert_non_null(e);
    assert_non_null(strstr(e, "root element"));
    /* a certificate that cannot be read */
    assert_non_null(read_str(doc, "/nonexistent/cert.pem", &md));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_datetime),
        cmocka_unit_test(test_read),
        cmocka_unit_test(test_institutions),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_long_name),
        cmocka_unit_test(test_signature),
    };
    int rc;
    apr_initialize();
    apr_pool_create(&pool, NULL);
    if (!mkdtemp(dir)) return 1;
    rm_xmlsig_init();
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    for (const char *f = "federation.key federation.pem other.key other.pem"; *f;) {
        size_t n = strcspn(f, " ");
        unlink(apr_psprintf(pool, "%s/%.*s", dir, (int)n, f));
        f += n + (f[n] == ' ');
    }
    rmdir(dir);
    apr_pool_destroy(pool);
    apr_terminate();
    return rc;
}
