/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 * The progression export's document (core/hrexport.c) and its signature
 * (core/xmlsign.c): valid against the embedded XSD, signed with an RSA and
 * an EC key made here, verified, and any change to a value breaks it; the
 * CSV row holds the same facts, a formula cell neutralised. */
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
#include <libxml/xmlschemas.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include "hrexport.h"
#include "hrimport.h"
#include "xmlsign.h"
#include "testkeys.h"

static apr_pool_t *pool;
static char dir[] = "/tmp/rm-hrx-XXXXXX";

static rm_hrx_doc *sample(void)
{
    rm_hrx_header h = { "2026-12-05T14:00:00Z", "2026-12-05T14:00:00Z", 1, 5000, 0, NULL };
    rm_hrx_doc *d = rm_hrx_begin(pool, &h);
    apr_array_header_t *steps = apr_array_make(pool, 1, sizeof(rm_hrx_step));
    rm_hrx_step *st = apr_array_push(steps);
    int i;
    st->kind = "promotion";
    st->on = "2026-10-01";
    for (i = 0; i < 3; i++) {
        rm_hrx_record r;
        memset(&r, 0, sizeof r);
        r.id = 100 + i;
        r.changed = "2026-11-02T09:00:00Z";
        r.principal = apr_psprintf(pool, "person%d@demo.ac.uk", i);
        r.staff_number = i ? "D0100" : "";
        r.role = i == 2 ? "senior" : "mentor";
        r.programme_id = 3 + (i == 1);
        r.programme = "Reciprocal <mentoring> & \"more\"";
        r.start = "2026-01-12";
        r.end = "2027-01-11";
        r.meetings_held = 4;
        r.meetings_min = 6;
        r.minutes_held = 240;
        r.minutes_min = 360;
        r.outcome = "in_progress";
        r.steps = i == 0 ? steps : NULL;
        r.grade_entry = i == 2 ? "" : "8";
        r.hesa_entry = "J0";
        r.left_on = i == 1 ? "2026-12-31" : "";
        r.self_identified = i == 0 ? 1 : -1;
        rm_hrx_add(d, &r);
    }
    rm_hrx_next(d, "https://hr.demo.ac.uk/mentoring/hr/export.xml?after=102&page=2");
    return d;
}

static int schema_valid(xmlDocPtr doc)
{
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewMemParserCtxt(rm_xsd_hr_progression,
                                                          (int)strlen(rm_xsd_hr_progression));
    xmlSchemaPtr s = xmlSchemaParse(pc);
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(s);
    int rc = xmlSchemaValidateDoc(vc, doc);
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(s);
    xmlSchemaFreeParserCtxt(pc);
    return rc == 0;
}

/* the document as text, and parsed back (as a verifier receives it) */
static xmlDocPtr round_trip(xmlDocPtr doc, const char *from, const char *to)
{
    xmlChar *buf;
    int len;
    char *text, *at;
    xmlDocDumpMemory(doc, &buf, &len);
    text = apr_pstrdup(pool, (const char *)buf);
    xmlFree(buf);
    if (from) {
        at = strstr(text, from);
        assert_non_null(at);
        text = apr_pstrcat(pool, apr_pstrndup(pool, text, (apr_size_t)(at - text)), to,
                           at + strlen(from), NULL);
    }
    return xmlReadMemory(text, (int)strlen(text), NULL, NULL, XML_PARSE_NONET);
}

static void sign_and_verify(int ec)
{
    char *key, *cert;
    const char *err = NULL;
    rm_hrx_doc *d = sample();
    rm_xmlsig_key *k;
    xmlDocPtr back;
    make_pair(pool, dir, ec ? "ec" : "rsa", ec, &key, &cert);
    k = rm_xmlsig_key_load(pool, key, cert, &err);
    assert_non_null(k);
    assert_string_equal(rm_xmlsig_algorithm(k), ec ? "ecdsa-sha256" : "rsa-sha256");
    assert_int_equal(rm_xmlsig_sign(rm_hrx_xml(d), k, &err), 0);
    assert_true(schema_valid(rm_hrx_xml(d)));
    back = round_trip(rm_hrx_xml(d), NULL, NULL);
    assert_int_equal(rm_xmlsig_verify(back, cert, &err), 1);
    xmlFreeDoc(back);
    /* one value changed, anywhere: the digest no longer matches */
    back = round_trip(rm_hrx_xml(d), "meetingsHeld=\"4\"", "meetingsHeld=\"5\"");
    assert_int_equal(rm_xmlsig_verify(back, cert, &err), 0);
    xmlFreeDoc(back);
    back = round_trip(rm_hrx_xml(d), "person1@", "person9@");
    assert_int_equal(rm_xmlsig_verify(back, cert, &err), 0);
    xmlFreeDoc(back);
}

static void test_rsa(void **state)
{
    (void)state;
    sign_and_verify(0);
}

static void test_ec(void **state)
{
    (void)state;
    sign_and_verify(1);
}

static void test_shape(void **state)
{
    rm_hrx_doc *d = sample();
    xmlChar *buf;
    int len;
    const char *t;
    (void)state;
    assert_true(schema_valid(rm_hrx_xml(d)));
    xmlDocDumpMemory(rm_hrx_xml(d), &buf, &len);
    t = (const char *)buf;
    /* two programmes, each described once, before the records */
    assert_non_null(strstr(t, "<Programme id=\"3\""));
    assert_non_null(strstr(t, "<Programme id=\"4\""));
    assert_null(strstr(strstr(t, "<Programme id=\"3\"") + 1, "<Programme id=\"3\""));
    assert_true(strstr(t, "<Programme id=\"4\"") < strstr(t, "<Record "));
    /* text escaped by the serialiser, never raw */
    assert_non_null(strstr(t, "Reciprocal &lt;mentoring&gt; &amp; \"more\""));
    assert_non_null(strstr(t, "<SelfIdentified>true</SelfIdentified>"));
    assert_int_equal(strstr(strstr(t, "<SelfIdentified>") + 1, "<SelfIdentified>") == NULL, 1);
    assert_non_null(strstr(t, "<CareerStep kind=\"promotion\" on=\"2026-10-01\"/>"));
    assert_non_null(strstr(t, "<LeftOn>2026-12-31</LeftOn>"));
    xmlFree(buf);
}

static void test_csv_and_times(void **state)
{
    rm_hrx_record r;
    const char *row;
    (void)state;
    memset(&r, 0, sizeof r);
    r.id = 7;
    r.changed = "2026-11-02T09:00:00Z";
    r.principal = "a@b";
    r.role = "mentor";
    r.programme_id = 3;
    r.programme = "=cmd|' /C calc'!A0";
    r.start = "2026-01-12";
    r.end = "2027-01-11";
    r.outcome = "completed";
    r.self_identified = -1;
    row = rm_hrx_csv_row(pool, &r, 0);
    assert_non_null(strstr(row, ",\"'=cmd|' /C calc'!A0\","));
    assert_non_null(strstr(row, ",completed,"));
    assert_string_equal(row + strlen(row) - 2, "\r\n");
    assert_null(strstr(rm_hrx_csv_header(pool, 0), "self_identified"));
    assert_non_null(strstr(rm_hrx_csv_header(pool, 1), "self_identified"));
    assert_int_equal(rm_hrx_parse_time("1764943200"), 1764943200LL);
    assert_int_equal(rm_hrx_parse_time("2025-12-05T14:00:00Z"), 1764943200LL);
    assert_string_equal(rm_hrx_iso(pool, 1764943200LL), "2025-12-05T14:00:00Z");
    assert_int_equal(rm_hrx_parse_time("2025-13-05T14:00:00Z"), -1);
    assert_int_equal(rm_hrx_parse_time("yesterday"), -1);
    assert_int_equal(rm_hrx_parse_time(""), -1);
    assert_string_equal(rm_hrx_outcome("withdrawn", 1, 0, 0), "withdrawn");
    assert_string_equal(rm_hrx_outcome("accepted", 0, 1, 1), "completed");
    assert_string_equal(rm_hrx_outcome("accepted", 1, 0, 1), "in_progress");
    assert_string_equal(rm_hrx_outcome("accepted", 0, 0, 1), "ended_early");
    assert_string_equal(rm_hrx_outcome("accepted", 0, 0, 0), "not_matched");
    /* how an import file is named in hr_import and the audit */
    assert_string_equal(rm_hri_sha256_hex(pool, "abc", 3),
                        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_bad_keys(void **state)
{
    const char *err = NULL;
    char *key, *cert;
    (void)state;
    make_pair(pool, dir, "rsa2", 0, &key, &cert);
    assert_null(rm_xmlsig_key_load(pool, cert, cert, &err));    /* a certificate as key */
    assert_non_null(strstr(err, "private key"));
    assert_null(rm_xmlsig_key_load(pool, key, "/nonexistent.pem", &err));
    assert_non_null(strstr(err, "certificate"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shape), cmocka_unit_test(test_rsa), cmocka_unit_test(test_ec),
        cmocka_unit_test(test_csv_and_times), cmocka_unit_test(test_bad_keys),
    };
    int rc;
    apr_initialize();
    xmlInitParser();
    apr_pool_create(&pool, NULL);
    assert_non_null(mkdtemp(dir));
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    {
        const char *const names[] = { "rsa", "ec", "rsa2" };
        for (int i = 0; i < 3; i++) {
            unlink(apr_psprintf(pool, "%s/%s.key", dir, names[i]));
            unlink(apr_psprintf(pool, "%s/%s.pem", dir, names[i]));
        }
        rmdir(dir);
    }
    apr_pool_destroy(pool);
    return rc;
}
