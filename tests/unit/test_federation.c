/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Unit tests of which institution a sign-in belongs to (core/federation.c):
 * the scope picks the institution, the asserting IdP must speak for it,
 * and nothing else is accepted.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <apr_general.h>
#include <apr_tables.h>
#include "federation.h"

static apr_pool_t *pool;

static apr_array_header_t *idps(const char *a, const char *b)
{
    apr_array_header_t *x = apr_array_make(pool, 2, sizeof(const char *));
    if (a) APR_ARRAY_PUSH(x, const char *) = a;
    if (b) APR_ARRAY_PUSH(x, const char *) = b;
    return x;
}

static void test_decide(void **state)
{
    rm_institution list[3];
    int w = 99;
    (void)state;
    list[0] = (rm_institution){ "demo.ac.uk", "Home", idps("https://idp.demo.ac.uk", NULL), 0, 0 };
    list[1] = (rm_institution){ "a.ac.uk", "University of A", idps("https://idp.a.ac.uk", NULL), 0, 0 };
    list[2] = (rm_institution){ "b.ac.uk", "University of B",
                                idps("https://idp.b.ac.uk", "https://idp2.b.ac.uk"), 0, 0 };
    assert_int_equal(rm_fed_institution(list, 3, "a.ac.uk", "https://idp.a.ac.uk", &w),
                     RM_FED_OK);
    assert_int_equal(w, 1);
    assert_int_equal(rm_fed_institution(list, 3, "B.AC.UK", "https://idp2.b.ac.uk", &w),
                     RM_FED_OK);
    assert_int_equal(w, 2);
    assert_int_equal(rm_fed_institution(list, 3, "demo.ac.uk", "https://idp.demo.ac.uk", &w),
                     RM_FED_OK);
    assert_int_equal(w, 0);
    /* IdP A asserting B's scope, or the home scope */
    assert_int_equal(rm_fed_institution(list, 3, "b.ac.uk", "https://idp.a.ac.uk", &w),
                     RM_FED_WRONG_IDP);
    assert_int_equal(w, -1);
    assert_int_equal(rm_fed_institution(list, 3, "demo.ac.uk", "https://idp.a.ac.uk", &w),
                     RM_FED_WRONG_IDP);
    /* entityIDs compare exactly */
    assert_int_equal(rm_fed_institution(list, 3, "a.ac.uk", "https://IDP.a.ac.uk", &w),
                     RM_FED_WRONG_IDP);
    assert_int_equal(rm_fed_institution(list, 3, "a.ac.uk", "https://idp.a.ac.uk/", &w),
                     RM_FED_WRONG_IDP);
    assert_int_equal(rm_fed_institution(list, 3, "a.ac.uk", NULL, &w), RM_FED_NO_IDP);
    assert_int_equal(rm_fed_institution(list, 3, "a.ac.uk", "", &w), RM_FED_NO_IDP);
    assert_int_equal(rm_fed_institution(list, 3, "c.ac.uk", "https://idp.a.ac.uk", &w),
                     RM_FED_UNKNOWN_SCOPE);
    /* a scope that only ends like a listed one */
    assert_int_equal(rm_fed_institution(list, 3, "evil-a.ac.uk", "https://idp.a.ac.uk", &w),
                     RM_FED_UNKNOWN_SCOPE);
    assert_int_equal(rm_fed_institution(list, 3, "x.a.ac.uk", "https://idp.a.ac.uk", &w),
                     RM_FED_UNKNOWN_SCOPE);
    assert_int_equal(rm_fed_institution(list, 3, NULL, "https://idp.a.ac.uk", &w),
                     RM_FED_UNSCOPED);
    assert_int_equal(rm_fed_institution(list, 3, "", "https://idp.a.ac.uk", &w),
                     RM_FED_UNSCOPED);
    /* an institution with no IdPs listed (a single-institution site's home) */
    list[0].idps = idps(NULL, NULL);
    assert_int_equal(rm_fed_institution(list, 1, "demo.ac.uk", NULL, &w), RM_FED_OK);
    for (int st = RM_FED_OK; st <= RM_FED_WRONG_IDP; st++)
        assert_true(strlen(rm_fed_status_text((rm_fed_status)st)) > 0);
}

static void test_scope_check(void **state)
{
    (void)state;
    assert_null(rm_fed_scope_check("example.ac.uk"));
    assert_null(rm_fed_scope_check("B-2.Example.AC.UK"));
    assert_non_null(rm_fed_scope_check(""));
    assert_non_null(rm_fed_scope_check(NULL));
    assert_non_null(rm_fed_scope_check("localhost"));
    assert_non_null(rm_fed_scope_check(".ac.uk"));
    assert_non_null(rm_fed_scope_check("ac.uk."));
    assert_non_null(rm_fed_scope_check("a..uk"));
    assert_non_null(rm_fed_scope_check("jo@a.ac.uk"));
    assert_non_null(rm_fed_scope_check("a.ac.uk b.ac.uk"));
    assert_non_null(rm_fed_scope_check("a.ac.uk;b"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decide),
        cmocka_unit_test(test_scope_check),
    };
    int rc;
    apr_initialize();
    apr_pool_create(&pool, NULL);
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    apr_pool_destroy(pool);
    apr_terminate();
    return rc;
}
