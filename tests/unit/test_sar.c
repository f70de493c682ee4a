/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Unit tests of the subject-access document (core/sar.c): the XML is valid
 * against mod_rmentor/xsd/subject-access.xsd (embedded, as the module
 * carries it), the JSON reads back to the same values, hostile text stays
 * text in both, and text that is not UTF-8 is refused rather than written.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <apr_general.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <jansson.h>
#include "rm_core.h"
#include "sar.h"

extern const char rm_xsd_subject_access[];
static apr_pool_t *pool;

static const char *const person_cols[] = { "principal", "display_name" };
static const char *const note_cols[] = { "pair", "body", "created_at" };

static const char **row(const char *a, const char *b, const char *c)
{
    const char **r = apr_pcalloc(pool, 3 * sizeof(*r));
    r[0] = a; r[1] = b; r[2] = c;
    return r;
}

static rm_sar_doc doc_of(const char *body)
{
    static rm_sar_section s[3];
    const char ***notes = apr_pcalloc(pool, 2 * sizeof(*notes));
    const char ***people = apr_pcalloc(pool, sizeof(*people));
    rm_sar_doc d;
    people[0] = row("mentor1@example.ac.uk", "Amina O'Neil & \"co\"", NULL);
    notes[0] = row("12", body, "2026-11-02T10:00:00Z");
    notes[1] = row("12", "", "2026-11-03T10:00:00Z");
    s[0] = (rm_sar_section){ "person", "Your record", 2, person_cols, 1, people };
    s[1] = (rm_sar_section){ "pair_note", "Notes you wrote", 3, note_cols, 2, notes };
    s[2] = (rm_sar_section){ "checkin", "Your check-in answers", 3, note_cols, 0, NULL };
    d.generated = "2026-12-06T00:00:00Z";
    d.site = "Reciprocal mentoring <test>";
    d.nsections = 3;
    d.sections = s;
    return d;
}

static int valid(const char *xml, apr_size_t len)
{
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewMemParserCtxt(rm_xsd_subject_access,
                                                          (int)strlen(rm_xsd_subject_access));
    xmlSchemaPtr schema = xmlSchemaParse(pc);
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
    xmlDocPtr doc = xmlReadMemory(xml, (int)len, "sar.xml", NULL, XML_PARSE_NONET);
    int rc = doc ? xmlSchemaValidateDoc(vc, doc) : -1;
    xmlFreeDoc(doc);
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pc);
    return rc == 0;
}

static void test_xml_valid_and_escaped(void **state)
{
    const char *hostile = "</Field><Field name=\"x\">&amp; ]]> <!-- \n second line";
    rm_sar_doc d = doc_of(hostile);
    apr_size_t len = 0;
    const char *x = rm_sar_xml(pool, &d, &len);
    xmlDocPtr doc;
    xmlNodePtr sec, rec, f;
    xmlChar *v;
    (void)state;
    assert_non_null(x);
    assert_int_equal(strlen(x), len);
    assert_true(valid(x, len));
    assert_non_null(strstr(x, "urn:rmentor:subject-access:1"));
    assert_non_null(strstr(x, "count=\"2\""));
    assert_non_null(strstr(x, "count=\"0\""));
    /* the note reads back as the same text */
    doc = xmlReadMemory(x, (int)len, "sar.xml", NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    sec = xmlDocGetRootElement(doc)->children;
    while (sec && (sec->type != XML_ELEMENT_NODE
                   || !xmlStrEqual(xmlGetProp(sec, BAD_CAST "name"), BAD_CAST "pair_note")))
        sec = sec->next;
    assert_non_null(sec);
    for (rec = sec->children; rec && rec->type != XML_ELEMENT_NODE; rec = rec->next) ;
    for (f = rec->children; f && !(f->type == XML_ELEMENT_NODE
                                   && xmlStrEqual(xmlGetProp(f, BAD_CAST "name"), BAD_CAST "body"));
         f = f->next) ;
    assert_non_null(f);
    v = xmlNodeGetContent(f);
    assert_string_equal((const char *)v, hostile);
    xmlFree(v);
    xmlFreeDoc(doc);
}

static void test_json_reads_back(void **state)
{
    rm_sar_doc d = doc_of("quote \" backslash \\ tab \t newline \n and é");
    apr_size_t len = 0;
    const char *j = rm_sar_json(pool, &d, &len);
    json_error_t err;
    json_t *root, *secs, *notes;
    (void)state;
    assert_non_null(j);
    root = json_loadb(j, len, 0, &err);
    assert_non_null(root);
    assert_string_equal(json_string_value(json_object_get(root, "format")), RM_SAR_JSON_FORMAT);
    secs = json_object_get(root, "sections");
    assert_int_equal(json_array_size(secs), 3);
    notes = json_array_get(secs, 1);
    assert_string_equal(json_string_value(json_object_get(notes, "name")), "pair_note");
    assert_int_equal(json_integer_value(json_object_get(notes, "count")), 2);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(notes, "records"), 0), "body")),
                        "quote \" backslash \\ tab \t newline \n and é");
    assert_int_equal(json_array_size(json_object_get(json_array_get(secs, 2), "records")), 0);
    json_decref(root);
}

static void test_not_utf8_refused(void **state)
{
    rm_sar_doc d = doc_of("bad \xff\xfe bytes");
    apr_size_t len = 0;
    (void)state;
    assert_null(rm_sar_json(pool, &d, &len));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xml_valid_and_escaped),
        cmocka_unit_test(test_json_reads_back),
        cmocka_unit_test(test_not_utf8_refused),
    };
    int rc;
    apr_initialize();
    xmlInitParser();
    apr_pool_create(&pool, NULL);
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    apr_pool_destroy(pool);
    apr_terminate();
    return rc;
}
