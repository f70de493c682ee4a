/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * rm_form_parse: request bodies (application/x-www-form-urlencoded) and query
 * strings, with the limits the module uses for each (http.c: 64 fields of at
 * most 16384 bytes; pages_common.c rm_query_args: 16 fields of 256 bytes) and
 * a tiny limit that reaches the refusal branches quickly.
 *
 * Input: the raw body, as an exact-size buffer that is NOT NUL-terminated (as
 * ap_get_client_block hands it over).
 *
 * Invariants on RM_FORM_OK:
 *  - at most max_fields entries; names 1..64 bytes of [A-Za-z0-9._-];
 *  - every value is valid UTF-8 (rm_utf8_valid), holds no NUL, and is at most
 *    max_value bytes;
 *  - no name twice (the table is case-insensitive, so neither in any case);
 *  - re-encoding the table with rm_url_encode and parsing it again gives the
 *    same names and values.
 * On any status: the status is one of the enum values and has a text.
 */
#include <string.h>
#include <strings.h>
#include <ctype.h>
#include <apr_strings.h>
#include "fuzz_common.h"

static int name_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 64) return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(isalnum(c) || c == '_' || c == '-' || c == '.')) return 0;
    }
    return 1;
}

static void check(apr_pool_t *p, const char *body, size_t len, int max_fields,
                  size_t max_value)
{
    apr_table_t *t = apr_table_make(p, 8);
    rm_form_status st = rm_form_parse(p, body, len, max_fields, max_value, t);
    const apr_array_header_t *arr;
    const apr_table_entry_t *e;
    char *again = "";
    apr_table_t *t2;

    FZ_ASSERT(st >= RM_FORM_OK && st <= RM_FORM_TOO_LONG, "status %d", (int)st);
    FZ_ASSERT(rm_form_status_text(st) && *rm_form_status_text(st), "no text");
    if (st != RM_FORM_OK) return;

    arr = apr_table_elts(t);
    e = (const apr_table_entry_t *)arr->elts;
    FZ_ASSERT(arr->nelts <= max_fields, "%d fields > %d", arr->nelts, max_fields);
    for (int i = 0; i < arr->nelts; i++) {
        size_t vl;
        FZ_ASSERT(e[i].key && e[i].val, "NULL key or value at %d", i);
        FZ_ASSERT(name_ok(e[i].key), "bad name \"%s\"", e[i].key);
        vl = strlen(e[i].val);
        FZ_ASSERT(vl <= max_value, "value of %s is %zu bytes > %zu", e[i].key, vl,
                  max_value);
        FZ_ASSERT(rm_utf8_valid(e[i].val, vl), "value of %s is not UTF-8", e[i].key);
        for (int k = 0; k < i; k++)
            FZ_ASSERT(strcasecmp(e[i].key, e[k].key) != 0, "name %s twice", e[i].key);
        again = apr_pstrcat(p, again, i ? "&" : "", rm_url_encode(p, e[i].key), "=",
                            rm_url_encode(p, e[i].val), NULL);
    }
    /* encoded values are at most 3x longer, within the parser's pre-check */
    t2 = apr_table_make(p, 8);
    st = rm_form_parse(p, again, strlen(again), max_fields, max_value, t2);
    FZ_ASSERT(st == RM_FORM_OK, "re-encoded form refused (%d): %s", (int)st, again);
    FZ_ASSERT(apr_table_elts(t2)->nelts == arr->nelts, "round trip changed the count");
    for (int i = 0; i < arr->nelts; i++) {
        const char *v = apr_table_get(t2, e[i].key);
        FZ_ASSERT(v && strcmp(v, e[i].val) == 0, "round trip changed %s", e[i].key);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p = fz_begin();
    const char *body = fz_mem(data, size);
    check(p, body, size, 64, 16384);    /* POST bodies (http.c)            */
    if (size <= 2048)
        check(p, body, size, 16, 256);  /* query strings (rm_query_args)   */
    check(p, body, size, 3, 8);         /* small limits: refusal branches  */
    fz_end();
    return 0;
}
