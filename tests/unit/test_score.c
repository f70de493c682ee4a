/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Unit tests of the matching score and its hard constraints (core/score.c)
 * and of session times and links (core/schedule.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <apr_general.h>
#include <apr_strings.h>
#include "rm_core.h"
#include "score.h"
#include "schedule.h"

static apr_pool_t *pool;

static rm_match_person person(const char *principal, const char *dept)
{
    rm_match_person x;
    memset(&x, 0, sizeof(x));
    x.principal = principal;
    x.mail = apr_pstrcat(pool, principal, "@demo.ac.uk", NULL);
    x.department = dept;
    x.institution = "demo.ac.uk";
    x.line_manager = "";
    x.manager_sso = "";
    return x;
}

static void test_codes(void **state)
{
    (void)state;
    unsigned long long m = rm_codes_mask("barriers,culture,nonsense,,data", rm_vocab_topics);
    assert_int_equal(m, (1ULL << 0) | (1ULL << 5) | (1ULL << 6));
    assert_int_equal(rm_codes_mask("", rm_vocab_topics), 0);
    assert_int_equal(rm_codes_mask(NULL, rm_vocab_topics), 0);
    /* a prefix of a code is not the code */
    assert_int_equal(rm_codes_mask("barrier,barriersx", rm_vocab_topics), 0);
    assert_string_equal(rm_codes_labels(pool, m, rm_vocab_topics),
                        "Barriers to progression, Inclusive culture, Race equality data");
    assert_string_equal(rm_codes_labels(pool, 0, rm_vocab_topics), "");
    assert_true(rm_codes_has("a,bb,c", "bb"));
    assert_false(rm_codes_has("a,bb,c", "b"));
    assert_false(rm_codes_has("", "a"));
    /* every vocabulary fits a 64-bit set and its codes are form-name safe */
    const char *const *v[] = { rm_vocab_topics, rm_vocab_gains, rm_vocab_slots };
    for (int k = 0; k < 3; k++) {
        int n = 0;
        for (; v[k][2 * n]; n++)
            assert_int_equal(strspn(v[k][2 * n], "abcdefghijklmnopqrstuvwxyz-"),
                             strlen(v[k][2 * n]));
        assert_true(n > 0 && n <= 64);
    }
}

static void test_score_criteria(void **state)
{
    (void)state;
    rm_match_weights w = rm_match_default_weights;
    rm_match_person m = person("mentor1", "Student Services");
    rm_match_person s = person("senior1", "Registry");
    rm_match_score sc;
    m.topics = rm_codes_mask("barriers,culture,data", rm_vocab_topics);
    s.topics = rm_codes_mask("culture,data,policy", rm_vocab_topics);
    m.gains = rm_codes_mask("career-advice,sponsorship", rm_vocab_gains);
    s.offers = rm_codes_mask("career-advice,sponsorship,networks", rm_vocab_gains);
    s.gains = rm_codes_mask("lived-insight", rm_vocab_gains);
    m.offers = rm_codes_mask("lived-insight,challenge", rm_vocab_gains);
    m.slots = rm_codes_mask("mon-am,tue-pm,fri-am", rm_vocab_slots);
    s.slots = rm_codes_mask("tue-pm,fri-am,fri-pm", rm_vocab_slots);
    rm_match_score_pair(&w, &m, &s, &sc);
    assert_int_equal(sc.topics, 20);          /* culture, data */
    assert_int_equal(sc.gain, 30);            /* 2 one way, 1 the other */
    assert_int_equal(sc.availability, 10);    /* tue-pm, fri-am */
    assert_int_equal(sc.pref, 0);
    assert_int_equal(sc.total, 60);
    assert_int_equal(sc.apart, 0);

    /* preferences: a Mentor's weighs w_pref_mentor, a Senior's w_pref_senior,
     * by sign-in name or mail, any case */
    m.prefer[1] = "SENIOR1@demo.ac.uk";
    rm_match_score_pair(&w, &m, &s, &sc);
    assert_int_equal(sc.pref, 30);
    s.prefer[0] = "mentor1";
    rm_match_score_pair(&w, &m, &s, &sc);
    assert_int_equal(sc.pref, 45);
    m.prefer[1] = NULL;
    m.avoid[2] = " senior1 ";
    rm_match_score_pair(&w, &m, &s, &sc);
    assert_int_equal(sc.pref, -30 + 15);
    assert_int_equal(sc.total, 60 - 15);
    /* weights scale each criterion */
    w.w_topics = 0;
    w.w_availability = 100;
    rm_match_score_pair(&w, &m, &s, &sc);
    assert_int_equal(sc.topics, 0);
    assert_int_equal(sc.availability, 200);
}

static void test_score_constraints(void **state)
{
    (void)state;
    rm_match_weights w = rm_match_default_weights;
    rm_match_person m = person("mentor1", "Registry");
    rm_match_person s = person("senior1", " registry ");
    rm_match_score sc;
    /* same department: on by default, compared trimmed and without case */
    rm_match_score_pair(&w, &m, &s, &sc);
    assert_int_equal(sc.apart, RM_APART_DEPARTMENT);
    w.apart_department = 0;
    rm_match_score_pair(&w, &m, &s, &sc);
    assert_int_equal(sc.apart, 0);
    /* empty departments are never "the same" */
    w.apart_department = 1;
    m.department = s.department = "";
    rm_match_score_pair(&w, &m, &s, &sc);
    assert_int_equal(sc.apart, 0);
    /* line manager, stated either way, by name or mail; or from SSO */
    m.line_manager = "senior1";
    rm_match_score_pair(&w, &m, &s, &sc);
    assert_int_equal(sc.apart, RM_APART_MANAGER);
    m.line_manager = "";
    s.line_manager = "Mentor1@Demo.ac.uk";
    rm_match_score_pair(&w, &m, &s, &sc);
    assert_int_equal(sc.apart, RM_APART_MANAGER);
    s.line_manager = "";
    m.manager_sso = "senior1@demo.ac.uk";
    rm_match_score_pair(&w, &m, &s, &sc);
    assert_int_equal(sc.apart, RM_APART_MANAGER);
    m.manager_sso = "someone-else";
    rm_match_score_pair(&w, &m, &s, &sc);
    assert_int_equal(sc.apart, 0);
    /* institution: only when the programme asks */
    w.apart_institution = 1;
    rm_match_score_pair(&w, &m, &s, &sc);
    assert_int_equal(sc.apart, RM_APART_INSTITUTION);
    s.institution = "other.ac.uk";
    rm_match_score_pair(&w, &m, &s, &sc);
    assert_int_equal(sc.apart, 0);
    /* the same person in both roles */
    rm_match_score_pair(&w, &m, &m, &sc);
    assert_true(sc.apart & RM_APART_SELF);
    assert_string_equal(rm_apart_text(pool, RM_APART_MANAGER | RM_APART_LISTED),
                        "line manager, on the do-not-pair list");
}

static void test_schedule(void **state)
{
    (void)state;
    assert_null(rm_check_time(pool, "the start time", "09:30", 1));
    assert_null(rm_check_time(pool, "the start time", "23:59", 1));
    assert_null(rm_check_time(pool, "the start time", "", 0));
    assert_non_null(rm_check_time(pool, "the start time", "", 1));
    assert_non_null(rm_check_time(pool, "the start time", "24:00", 1));
    assert_non_null(rm_check_time(pool, "the start time", "9:30", 1));
    assert_non_null(rm_check_time(pool, "the start time", "09:60", 1));
    assert_non_null(rm_check_time(pool, "the start time", "09:30:00", 1));
    assert_null(rm_check_link(pool, "the link", "https://teams.example.ac.uk/meet/1?x=2", 1, 500));
    assert_null(rm_check_link(pool, "the link", "", 0, 500));
    assert_non_null(rm_check_link(pool, "the link", "javascript:alert(1)", 0, 500));
    assert_non_null(rm_check_link(pool, "the link", "https://", 0, 500));
    assert_non_null(rm_check_link(pool, "the link", "https:///x", 0, 500));
    assert_non_null(rm_check_link(pool, "the link", "https://a b", 0, 500));
    assert_non_null(rm_check_link(pool, "the link", "https://a\"onmouseover=", 0, 500));
    assert_non_null(rm_check_link(pool, "the link", "https://x.y/\x01", 0, 500));
    assert_non_null(rm_check_link(pool, "the link", "https://toolong.example", 0, 10));
    assert_true(rm_session_started("2027-01-10", "09:30", "2027-01-10", "09:30"));
    assert_true(rm_session_started("2027-01-09", "23:00", "2027-01-10", "00:00"));
    assert_false(rm_session_started("2027-01-10", "09:30", "2027-01-10", "09:29"));
    assert_false(rm_session_started("2027-01-11", "00:00", "2027-01-10", "23:59"));
    assert_string_equal(rm_time_of_day_human(pool, "15:00"), "3pm");
    assert_string_equal(rm_time_of_day_human(pool, "09:30"), "9:30am");
    assert_string_equal(rm_time_of_day_human(pool, "12:00"), "midday");
    assert_string_equal(rm_time_of_day_human(pool, "00:15"), "12:15am");
    assert_string_equal(rm_time_of_day_human(pool, "bad"), "bad");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codes),
        cmocka_unit_test(test_score_criteria),
        cmocka_unit_test(test_score_constraints),
        cmocka_unit_test(test_schedule),
    };
    int rc;
    apr_initialize();
    apr_pool_create(&pool, NULL);
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    apr_pool_destroy(pool);
    apr_terminate();
    return rc;
}
