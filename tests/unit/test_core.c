/* Unit tests for mod_rmentor/core: the pure code (no httpd). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>
#include <cmocka.h>
#include <apr_general.h>
#include <apr_strings.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include "rm_core.h"

static apr_pool_t *pool;

static int setup(void **state)
{
    (void)state;
    apr_pool_create(&pool, NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    apr_pool_destroy(pool);
    return 0;
}

/* ---- forms ---------------------------------------------------------------- */

static rm_form_status parse(const char *body, apr_table_t **t)
{
    *t = apr_table_make(pool, 8);
    return rm_form_parse(pool, body, strlen(body), 8, 32, *t);
}

static void test_form_basic(void **state)
{
    apr_table_t *t;
    (void)state;
    assert_int_equal(parse("a=1&b=hello+world&c=%C3%A9%26&d=", &t), RM_FORM_OK);
    assert_string_equal(apr_table_get(t, "a"), "1");
    assert_string_equal(apr_table_get(t, "b"), "hello world");
    assert_string_equal(apr_table_get(t, "c"), "\xc3\xa9&");
    assert_string_equal(apr_table_get(t, "d"), "");
    assert_int_equal(parse("", &t), RM_FORM_OK);
    assert_int_equal(parse("a=1&&b=2", &t), RM_FORM_OK);
    assert_int_equal(parse("flag", &t), RM_FORM_OK);
    assert_string_equal(apr_table_get(t, "flag"), "");
}

static void test_form_refusals(void **state)
{
    apr_table_t *t;
    (void)state;
    assert_int_equal(parse("a=1&a=2", &t), RM_FORM_DUPLICATE);
    assert_int_equal(parse("a=%zz", &t), RM_FORM_BAD_ENCODING);
    assert_int_equal(parse("a=%4", &t), RM_FORM_BAD_ENCODING);
    assert_int_equal(parse("a=%", &t), RM_FORM_BAD_ENCODING);
    assert_int_equal(parse("a=x%00y", &t), RM_FORM_BAD_ENCODING);
    assert_int_equal(parse("=1", &t), RM_FORM_BAD_NAME);
    assert_int_equal(parse("a%20b=1", &t), RM_FORM_BAD_NAME);
    assert_int_equal(parse("a=%C3%28", &t), RM_FORM_BAD_UTF8);
    assert_int_equal(parse("a=%ED%A0%80", &t), RM_FORM_BAD_UTF8);   /* surrogate */
    assert_int_equal(parse("a=%C0%AF", &t), RM_FORM_BAD_UTF8);      /* overlong */
    assert_int_equal(parse("a=0123456789012345678901234567890123", &t), RM_FORM_TOO_LONG);
    assert_int_equal(parse("a=1&b=1&c=1&d=1&e=1&f=1&g=1&h=1&i=1", &t), RM_FORM_TOO_MANY);
}

static void test_url_encode(void **state)
{
    (void)state;
    assert_string_equal(rm_url_encode(pool, "/mentoring/"), "%2Fmentoring%2F");
    assert_string_equal(rm_url_encode(pool, "a b&c"), "a%20b%26c");
    assert_string_equal(rm_url_decode(pool, "%2Fx+y", 6), "/x y");
}

/* ---- text and validation -------------------------------------------------- */

static void test_utf8(void **state)
{
    (void)state;
    assert_true(rm_utf8_valid("plain", 5));
    assert_true(rm_utf8_valid("\xe2\x82\xac\xf0\x9f\x98\x80", 7));
    assert_false(rm_utf8_valid("\xe2\x82", 2));
    assert_false(rm_utf8_valid("\xff", 1));
    assert_false(rm_utf8_valid("\xf4\x90\x80\x80", 4));   /* > U+10FFFF */
    assert_int_equal(rm_utf8_len("\xc3\xa9t\xc3\xa9"), 3);
    assert_true(rm_has_controls("a\x01", 1));
    assert_false(rm_has_controls("a\nb\tc", 1));
    assert_true(rm_has_controls("a\nb", 0));
    assert_true(rm_has_controls("a\xc2\x85", 1));          /* C1 NEL */
    assert_string_equal(rm_trim(pool, "  x y \n"), "x y");
}

static void test_check_text(void **state)
{
    (void)state;
    assert_null(rm_check_text(pool, "Name", "Ada", 1, 10, 0));
    assert_string_equal(rm_check_text(pool, "Name", "", 1, 10, 0), "Enter Name.");
    assert_null(rm_check_text(pool, "Name", "", 0, 10, 0));
    assert_non_null(rm_check_text(pool, "Name", "12345678901", 1, 10, 0));
    assert_null(rm_check_text(pool, "Name", "\xc3\xa9\xc3\xa9\xc3\xa9", 1, 3, 0));
    assert_non_null(rm_check_text(pool, "Name", "a\nb", 1, 10, 0));
    assert_null(rm_check_text(pool, "Notes", "a\r\nb", 1, 10, 1));
}

static void test_dates(void **state)
{
    long d;
    (void)state;
    assert_int_equal(rm_date_parse("1970-01-01", &d), 0);
    assert_int_equal(d, 0);
    assert_int_equal(rm_date_parse("2024-02-29", &d), 0);
    assert_int_not_equal(rm_date_parse("2023-02-29", &d), 0);
    assert_int_not_equal(rm_date_parse("2025-13-01", &d), 0);
    assert_int_not_equal(rm_date_parse("2025-1-01", &d), 0);
    assert_int_not_equal(rm_date_parse("2025-01-01x", &d), 0);
    assert_string_equal(rm_date_format(pool, 20000), "2024-10-04");
    assert_string_equal(rm_date_add_months(pool, "2025-01-31", 1), "2025-02-28");
    assert_string_equal(rm_date_add_months(pool, "2025-01-15", 12), "2026-01-15");
    assert_string_equal(rm_date_add_months(pool, "2025-11-30", 6), "2026-05-30");
    assert_null(rm_date_add_months(pool, "2000-01-31", -24002));   /* before year 0 */
    assert_null(rm_date_add_months(pool, "2000-01-31", 2147483647));
    assert_null(rm_check_date(pool, "Start", "2025-01-29", 1));
    assert_non_null(rm_check_date(pool, "Start", "29/01/2025", 1));
    assert_null(rm_check_month(pool, "Month", "2025-02", 1));
    assert_non_null(rm_check_month(pool, "Month", "2025-2", 1));
    /* the error shows a date as the page shows dates, not as ISO text */
    assert_string_equal(rm_check_date(pool, "the start date", "soon", 1),
                        "The start date must be a real date, for example 29 January 2025.");
    assert_string_equal(rm_check_month(pool, "the month", "soon", 0),
                        "The month must be a real month, for example February 2025.");
    /* what a browser sends, and what a person types where it has no control */
    assert_string_equal(rm_date_from_human(pool, "2024-10-01"), "2024-10-01");
    assert_string_equal(rm_date_from_human(pool, "1 October 2024"), "2024-10-01");
    assert_string_equal(rm_date_from_human(pool, "01 oct 2024"), "2024-10-01");
    assert_string_equal(rm_date_from_human(pool, "29 FEBRUARY 2024"), "2024-02-29");
    assert_string_equal(rm_date_from_human(pool, "3 May 2027"), "2027-05-03");
    assert_null(rm_date_from_human(pool, "29 February 2023"));
    assert_null(rm_date_from_human(pool, "0 October 2024"));
    assert_null(rm_date_from_human(pool, "1 Octo 2024"));
    assert_null(rm_date_from_human(pool, "1 October 24"));
    assert_null(rm_date_from_human(pool, "01/10/2024"));
    assert_null(rm_date_from_human(pool, "October 2024"));
    assert_null(rm_date_from_human(pool, "123 October 2024"));
    assert_null(rm_date_from_human(pool, ""));
    assert_string_equal(rm_month_from_human(pool, "2025-02"), "2025-02");
    assert_string_equal(rm_month_from_human(pool, "February 2025"), "2025-02");
    assert_string_equal(rm_month_from_human(pool, "feb 2025"), "2025-02");
    assert_null(rm_month_from_human(pool, "Febr 2025"));
    assert_null(rm_month_from_human(pool, "February 1800"));
    assert_null(rm_month_from_human(pool, "2025-13"));
    assert_null(rm_month_from_human(pool, "02/2025"));
}

static void test_int_and_choice(void **state)
{
    long v = 0;
    static const char *const opts[] = { "a", "b", NULL };
    (void)state;
    assert_null(rm_check_int(pool, "N", "12", 1, 60, &v));
    assert_int_equal(v, 12);
    assert_non_null(rm_check_int(pool, "N", "0", 1, 60, &v));
    assert_non_null(rm_check_int(pool, "N", "-1", 1, 60, &v));
    assert_non_null(rm_check_int(pool, "N", "1e3", 1, 60, &v));
    assert_non_null(rm_check_int(pool, "N", "99999999999999", 1, 60, &v));
    assert_null(rm_check_choice(pool, "X", "b", opts, 1));
    assert_non_null(rm_check_choice(pool, "X", "c", opts, 1));
    assert_non_null(rm_check_choice(pool, "X", "", opts, 1));
}

static void test_grade_rank(void **state)
{
    apr_array_header_t *s = apr_array_make(pool, 4, sizeof(char *));
    (void)state;
    *(const char **)apr_array_push(s) = "6";
    *(const char **)apr_array_push(s) = "7";
    *(const char **)apr_array_push(s) = "8";
    *(const char **)apr_array_push(s) = "Senior";
    assert_int_equal(rm_grade_rank(s, "8"), 2);
    assert_int_equal(rm_grade_rank(s, " 7 "), 1);
    assert_int_equal(rm_grade_rank(s, "senior"), 3);
    assert_int_equal(rm_grade_rank(s, "9"), -1);
    assert_int_equal(rm_grade_rank(s, ""), -1);
    assert_int_equal(rm_grade_rank(s, NULL), -1);
}

/* ---- SSO attributes ------------------------------------------------------- */

static const rm_attr_syntax shib = { ';', RM_ESC_SHIB };
static const rm_attr_syntax mellon = { ';', RM_ESC_NONE };
static const rm_attr_syntax oidc = { ',', RM_ESC_NONE };
static const rm_attr_syntax full = { ';', RM_ESC_FULL };

#define VAL(v, i) (((char **)(v)->elts)[i])

static void test_attr_split(void **state)
{
    apr_array_header_t *v;
    (void)state;
    /* Shibboleth SP escapes only ';': "\\" is two backslashes */
    v = rm_attr_split(pool, "a;b\\;c;;d\\\\", 10, &shib);
    assert_int_equal(v->nelts, 3);
    assert_string_equal(VAL(v, 0), "a");
    assert_string_equal(VAL(v, 1), "b;c");
    assert_string_equal(VAL(v, 2), "d\\\\");
    v = rm_attr_split(pool, "x;y;z", 2, &shib);
    assert_int_equal(v->nelts, 2);
    assert_int_equal(rm_attr_split(pool, NULL, 5, &shib)->nelts, 0);
    assert_int_equal(rm_attr_split(pool, ";;", 5, &shib)->nelts, 0);
    assert_true(rm_attr_has(pool, "urn:a;urn:b", "urn:b", &shib));
    assert_false(rm_attr_has(pool, "urn:a;urn:bb", "urn:b", &shib));
    assert_false(rm_attr_has(pool, "urn:a\\;urn:b", "urn:b", &shib));
    assert_false(rm_attr_has(pool, NULL, "urn:b", &shib));
    /* the review's case: one value "a\;urn:...:admin" (the IdP escaped its
     * ';'), never a value "a\" and the admin entitlement */
    v = rm_attr_split(pool, "a\\\\;urn:mace:demo.ac.uk:rmentor:admin", 10, &shib);
    assert_int_equal(v->nelts, 1);
    assert_string_equal(VAL(v, 0), "a\\;urn:mace:demo.ac.uk:rmentor:admin");
    assert_false(rm_attr_has(pool, "a\\\\;urn:mace:demo.ac.uk:rmentor:admin",
                             "urn:mace:demo.ac.uk:rmentor:admin", &shib));
    /* a trailing backslash is itself */
    v = rm_attr_split(pool, "x\\", 10, &shib);
    assert_string_equal(VAL(v, 0), "x\\");

    /* mellon and openidc escape nothing: every delimiter splits */
    v = rm_attr_split(pool, "a\\;b;c\\\\", 10, &mellon);
    assert_int_equal(v->nelts, 3);
    assert_string_equal(VAL(v, 0), "a\\");
    assert_string_equal(VAL(v, 1), "b");
    assert_string_equal(VAL(v, 2), "c\\\\");
    v = rm_attr_split(pool, "urn:x;y,urn:b\\,c", 10, &oidc);
    assert_int_equal(v->nelts, 3);
    assert_string_equal(VAL(v, 0), "urn:x;y");
    assert_string_equal(VAL(v, 1), "urn:b\\");
    assert_string_equal(VAL(v, 2), "c");
    assert_true(rm_attr_has(pool, "staff@demo.ac.uk,member@demo.ac.uk",
                            "member@demo.ac.uk", &oidc));
    assert_false(rm_attr_has(pool, "staff@demo.ac.uk;member@demo.ac.uk",
                             "member@demo.ac.uk", &oidc));

    /* the decoder's form: both escapes */
    v = rm_attr_split(pool, "a\\\\;b\\;c", 10, &full);
    assert_int_equal(v->nelts, 2);
    assert_string_equal(VAL(v, 0), "a\\");
    assert_string_equal(VAL(v, 1), "b;c");

    assert_string_equal(rm_scope_of("jo@demo.ac.uk"), "demo.ac.uk");
    assert_string_equal(rm_scope_of("a@b@evil.example"), "evil.example");
    assert_null(rm_scope_of("admin"));
    assert_null(rm_scope_of("admin@"));
    assert_null(rm_scope_of(NULL));
}

static void test_attr_from_xml(void **state)
{
    apr_array_header_t *v;
    (void)state;
    assert_string_equal(rm_attr_from_xml(pool, "Research &amp; Innovation", ';'),
                        "Research & Innovation");
    assert_string_equal(rm_attr_from_xml(pool, "&lt;b&gt; &quot;q&quot; &apos;", ';'),
                        "<b> \"q\" '");
    assert_string_equal(rm_attr_from_xml(pool, "caf&#233; &#x20AC; &#x1F30D;", ';'),
                        "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x8c\x8d");
    /* not references: kept as they are */
    assert_string_equal(rm_attr_from_xml(pool, "a & b; &bogus; &#; &#0; &#xD800; &#x110000;", ';'),
                        "a & b; &bogus; &#; &#0; &#xD800; &#x110000;");
    assert_string_equal(rm_attr_from_xml(pool, "tail &amp", ';'), "tail &amp");
    /* a decoded ';' stays inside its value; real separators still split */
    v = rm_attr_split(pool, rm_attr_from_xml(pool, "a&#59;b;c", ';'), 10, &full);
    assert_int_equal(v->nelts, 2);
    assert_string_equal(VAL(v, 0), "a;b");
    assert_string_equal(VAL(v, 1), "c");
    v = rm_attr_split(pool, rm_attr_from_xml(pool, "R&amp;D;staff@demo.ac.uk", ';'), 10, &full);
    assert_int_equal(v->nelts, 2);
    assert_string_equal(VAL(v, 0), "R&D");
    /* a backslash sent as it is stays a backslash and escapes nothing */
    v = rm_attr_split(pool, rm_attr_from_xml(pool, "a\\;urn:x:admin", ';'), 10, &full);
    assert_int_equal(v->nelts, 2);
    assert_string_equal(VAL(v, 0), "a\\");
    assert_string_equal(VAL(v, 1), "urn:x:admin");
    v = rm_attr_split(pool, rm_attr_from_xml(pool, "a&#92;;b", ';'), 10, &full);
    assert_int_equal(v->nelts, 2);
    assert_string_equal(VAL(v, 0), "a\\");
    /* another separator: a decoded ',' is kept, a ';' is plain text */
    v = rm_attr_split(pool, rm_attr_from_xml(pool, "a&#44;b;c,d", ','),
                      10, &(rm_attr_syntax){ ',', RM_ESC_FULL });
    assert_int_equal(v->nelts, 2);
    assert_string_equal(VAL(v, 0), "a,b;c");
    assert_null(rm_attr_from_xml(pool, NULL, ';'));
}

static void test_affiliation(void **state)
{
    apr_array_header_t *k = apr_array_make(pool, 2, sizeof(char *));
    (void)state;
    *(const char **)apr_array_push(k) = "staff";
    *(const char **)apr_array_push(k) = "employee";
    assert_true(rm_affiliation_match("staff@demo.ac.uk", k, "demo.ac.uk"));
    assert_true(rm_affiliation_match("Staff@DEMO.ac.uk", k, "demo.ac.uk"));
    assert_false(rm_affiliation_match("staff@evil.example", k, "demo.ac.uk"));
    assert_false(rm_affiliation_match("student@demo.ac.uk", k, "demo.ac.uk"));
    assert_false(rm_affiliation_match("staff", k, "demo.ac.uk"));
    assert_true(rm_affiliation_match("staff", k, NULL));
    assert_false(rm_affiliation_match("staffer@demo.ac.uk", k, NULL));
    assert_false(rm_affiliation_match("", k, NULL));
}

static void test_article(void **state)
{
    (void)state;
    assert_string_equal(rm_article("Mentor"), "a");
    assert_string_equal(rm_article("Senior Mentor"), "a");
    assert_string_equal(rm_article("Executive Partner"), "an");
    assert_string_equal(rm_article("associate"), "an");
    assert_string_equal(rm_article(""), "a");
    assert_string_equal(rm_article(NULL), "a");
}

/* ---- tokens --------------------------------------------------------------- */

static const unsigned char secret[] = "0123456789abcdef0123456789abcdef";

static void test_token_roundtrip(void **state)
{
    char *t;
    (void)state;
    t = rm_token_make(pool, secret, 32, "alice", "/m/a", 1700000000);
    assert_non_null(t);
    assert_int_equal(rm_token_check(t, secret, 32, "alice", "/m/a", 1700000100, 7200), RM_TOKEN_OK);
    /* bound to the form: another form's path is refused */
    assert_int_equal(rm_token_check(t, secret, 32, "alice", "/m/b", 1700000100, 7200), RM_TOKEN_BAD_MAC);
    assert_int_equal(rm_token_check(t, secret, 32, "alice", "", 1700000100, 7200), RM_TOKEN_BAD_MAC);
    assert_int_equal(rm_token_check(t, secret, 32, "bob", "/m/a", 1700000100, 7200), RM_TOKEN_BAD_MAC);
    assert_int_equal(rm_token_check(t, secret, 32, "alice", "/m/a", 1700007201, 7200), RM_TOKEN_EXPIRED);
    assert_int_equal(rm_token_check(t, secret, 32, "alice", "/m/a", 1699990000, 7200), RM_TOKEN_EXPIRED);
    assert_int_equal(rm_token_check(t, (const unsigned char *)"another-secret-another-secret-xx",
                                    32, "alice", "/m/a", 1700000100, 7200), RM_TOKEN_BAD_MAC);
}

static void test_token_malformed(void **state)
{
    char *t = rm_token_make(pool, secret, 32, "alice", "/m/a", 1700000000);
    char *forged = apr_pstrdup(pool, t);
    (void)state;
    forged[0] = '2';   /* change the timestamp, keep the MAC */
    assert_int_equal(rm_token_check(forged, secret, 32, "alice", "/m/a", 1700000100, 7200), RM_TOKEN_BAD_MAC);
    assert_int_equal(rm_token_check(NULL, secret, 32, "alice", "/m/a", 1, 7200), RM_TOKEN_MISSING);
    assert_int_equal(rm_token_check("", secret, 32, "alice", "/m/a", 1, 7200), RM_TOKEN_MISSING);
    assert_int_equal(rm_token_check("123", secret, 32, "alice", "/m/a", 1, 7200), RM_TOKEN_MALFORMED);
    assert_int_equal(rm_token_check("abc.def", secret, 32, "alice", "/m/a", 1, 7200), RM_TOKEN_MALFORMED);
    assert_int_equal(rm_token_check(apr_pstrcat(pool, t, "0", NULL), secret, 32, "alice",
                                    "/m/a", 1700000100, 7200), RM_TOKEN_MALFORMED);
    /* principal and timestamp are separated: "ab"+"1" != "a"+"b1" */
    assert_string_not_equal(rm_token_make(pool, secret, 32, "a", "/x", 1),
                            rm_token_make(pool, secret, 32, "a1", "/x", 1));
}

/* ---- routes --------------------------------------------------------------- */

static const rm_route routes[] = {
    { 0, "GET", "/" },
    { 1, "GET", "/programmes/#" },
    { 2, "GET", "/programmes/#/apply/*" },
    { 3, "POST", "/programmes/#/apply/*" },
    { 4, "GET", "/admin/programmes/new" },
};

static int find(const char *method, const char *path, rm_route_match *m)
{
    return rm_route_find(routes, 5, method, path, m);
}

static void test_routes(void **state)
{
    rm_route_match m;
    (void)state;
    assert_int_equal(find("GET", "/", &m), 0);
    assert_int_equal(m.route->id, 0);
    assert_int_equal(find("GET", "", &m), 0);
    assert_int_equal(find("GET", "/programmes/42", &m), 0);
    assert_int_equal(m.route->id, 1);
    assert_string_equal(m.args[0], "42");
    assert_int_equal(find("POST", "/programmes/7/apply/mentor", &m), 0);
    assert_int_equal(m.route->id, 3);
    assert_int_equal(m.nargs, 2);
    assert_string_equal(m.args[1], "mentor");
    assert_int_equal(find("GET", "/admin/programmes/new", &m), 0);
    assert_int_equal(m.route->id, 4);
}

static void test_routes_refused(void **state)
{
    rm_route_match m;
    (void)state;
    assert_int_not_equal(find("GET", "/programmes/0", &m), 0);
    assert_int_not_equal(find("GET", "/programmes/007", &m), 0);
    assert_int_not_equal(find("GET", "/programmes/-1", &m), 0);
    assert_int_not_equal(find("GET", "/programmes/1234567890123456789", &m), 0);
    assert_int_not_equal(find("GET", "/programmes/1/", &m), 0);
    assert_int_not_equal(find("GET", "/programmes//1", &m), 0);
    assert_int_not_equal(find("GET", "/programmes/../1", &m), 0);
    assert_int_not_equal(find("GET", "/programmes/1/apply/Mentor", &m), 0);
    assert_int_not_equal(find("GET", "/programmes/1/apply/../x", &m), 0);
    assert_int_not_equal(find("GET", "programmes/1", &m), 0);
    assert_int_not_equal(find("GET", "/x", &m), 0);
    assert_false(m.path_matched);
    assert_int_not_equal(find("POST", "/programmes/1", &m), 0);
    assert_true(m.path_matched);
    assert_int_equal(rm_parse_id("123"), 123);
    assert_int_equal(rm_parse_id("0"), 0);
    assert_int_equal(rm_parse_id("12a"), 0);
}

/* ---- migrations ----------------------------------------------------------- */

static void test_sql_split(void **state)
{
    apr_array_header_t *s;
    (void)state;
    s = rm_sql_split(pool, "-- comment; here\nCREATE TABLE a (x TEXT DEFAULT ';');\n"
                           "\n-- only a comment\nCREATE INDEX i ON a (x);  \n-- end\n");
    assert_int_equal(s->nelts, 2);
    assert_non_null(strstr(((char **)s->elts)[0], "CREATE TABLE a"));
    assert_non_null(strstr(((char **)s->elts)[0], "';'"));
    assert_non_null(strstr(((char **)s->elts)[1], "CREATE INDEX"));
    s = rm_sql_split(pool, "SELECT 1");
    assert_int_equal(s->nelts, 1);
    s = rm_sql_split(pool, "-- nothing\n\n");
    assert_int_equal(s->nelts, 0);
}

static void test_dates_for_people(void **state)
{
    char secs[32], want[64], *tz = getenv("TZ");
    apr_size_t n;
    (void)state;
    assert_string_equal(rm_date_human(pool, "2027-03-05"), "5 March 2027");
    assert_string_equal(rm_date_human(pool, "2026-12-23"), "23 December 2026");
    assert_string_equal(rm_date_human(pool, "2026-01-10"), "10 January 2026");
    assert_string_equal(rm_date_human(pool, "2026-02-30"), "2026-02-30");
    assert_string_equal(rm_date_human(pool, "soon"), "soon");
    assert_string_equal(rm_date_human(pool, ""), "");
    assert_string_equal(rm_month_human(pool, "2026-09"), "September 2026");
    assert_string_equal(rm_month_human(pool, "2026-13"), "2026-13");
    assert_string_equal(rm_time_human(pool, ""), "");
    setenv("TZ", "UTC", 1);
    tzset();
    /* 2027-01-03 15:02:09 UTC: no leading zero on the day, as dates */
    assert_string_equal(rm_time_human(pool, "1798988529"), "3 January 2027 at 15:02");
    assert_string_equal(rm_time_human(pool, "1794992700"), "18 November 2026 at 09:05");
    /* the hand-made format agrees with strftime's "%B %Y at %H:%M" (C
     * locale) after the day without its leading zero, over sixty years, in
     * UTC and in a zone with summer time */
    for (int zone = 0; zone < 2; zone++) {
        setenv("TZ", zone ? "Europe/London" : "UTC", 1);
        tzset();
        for (apr_int64_t t = 0; t < 60LL * 366 * 86400; t += 86400LL * 13 + 3607) {
            apr_time_exp_t x;
            char rest[48];
            apr_snprintf(secs, sizeof(secs), "%" APR_INT64_T_FMT, t);
            apr_time_exp_lt(&x, apr_time_from_sec(t));
            apr_strftime(rest, &n, sizeof(rest), "%B %Y at %H:%M", &x);
            apr_snprintf(want, sizeof(want), "%d %s", x.tm_mday, rest);
            assert_string_equal(rm_time_human(pool, secs), want);
        }
    }
    if (tz) setenv("TZ", tz, 1);
    else unsetenv("TZ");
    tzset();
}

/* ---- HTML output ---------------------------------------------------------- */

static int sink(void *ctx, const char *s, size_t n)
{
    apr_array_header_t *a = ctx;
    for (size_t i = 0; i < n; i++) *(char *)apr_array_push(a) = s[i];
    return 0;
}

static int sink_fails(void *ctx, const char *s, size_t n)
{
    (void)ctx; (void)s; (void)n;
    return -1;
}

/* Serialise with rm_html_serialize; NULL when it refused. */
static const char *ser(xmlDocPtr doc)
{
    apr_array_header_t *a = apr_array_make(pool, 256, 1);
    if (rm_html_serialize(doc, sink, a) != 0) return NULL;
    *(char *)apr_array_push(a) = '\0';
    return a->elts;
}

/* The same document through libxml2's own HTML serialiser. */
static const char *ser_libxml2(xmlDocPtr doc)
{
    xmlBufferPtr b = xmlBufferCreate();
    xmlOutputBufferPtr out = xmlOutputBufferCreateBuffer(b, NULL);
    const char *s;
    htmlDocContentDumpFormatOutput(out, doc, NULL, 0);
    xmlOutputBufferClose(out);
    s = apr_pstrdup(pool, (const char *)xmlBufferContent(b));
    xmlBufferFree(b);
    return s;
}

static xmlNodePtr el(xmlNodePtr parent, const char *name, const char *text)
{
    return xmlNewTextChild(parent, NULL, BAD_CAST name, BAD_CAST text);
}

static xmlDocPtr new_page(xmlNodePtr *body, int with_dict)
{
    xmlDocPtr doc = htmlNewDoc(BAD_CAST "about:legacy-compat", NULL);
    xmlNodePtr html;
    if (with_dict) doc->dict = xmlDictCreate();
    html = xmlNewDocNode(doc, NULL, BAD_CAST "html", NULL);
    xmlDocSetRootElement(doc, html);
    xmlNewProp(html, BAD_CAST "lang", BAD_CAST "en-GB");
    *body = el(html, "body", NULL);
    return doc;
}

static void test_html_page(void **state)
{
    xmlNodePtr body, n, form, sel, o;
    (void)state;
    for (int with_dict = 0; with_dict < 2; with_dict++) {
        xmlDocPtr doc = new_page(&body, with_dict);
        const char *mine, *theirs;
        n = el(body, "p", "Fish & chips <b> \"quoted\" 'single'");
        xmlNewProp(n, BAD_CAST "class", BAD_CAST "a&b <d>");
        form = el(body, "form", NULL);
        xmlNewProp(form, BAD_CAST "action", BAD_CAST "/mentoring/apply?x=1&y=2");
        n = el(form, "input", NULL);
        xmlNewProp(n, BAD_CAST "type", BAD_CAST "hidden");
        xmlNewProp(n, BAD_CAST "value", BAD_CAST "1795471371.52296891c2f0");
        sel = el(form, "select", NULL);
        o = el(sel, "option", "Any role");
        xmlNewProp(o, BAD_CAST "value", BAD_CAST "");
        xmlNewProp(o, BAD_CAST "selected", BAD_CAST "selected");
        el(sel, "option", "Mentor");
        el(form, "textarea", "no leading newline");
        el(body, "br", NULL);
        el(body, "p", NULL);
        n = el(body, "a", "Home");
        xmlNewProp(n, BAD_CAST "href", BAD_CAST "/mentoring/");
        n = el(body, "meta", NULL);
        xmlNewProp(n, BAD_CAST "charset", BAD_CAST "utf-8");
        mine = ser(doc);
        theirs = ser_libxml2(doc);
        assert_non_null(mine);
        /* for ASCII trees like the module's pages: the same bytes as before
         * (libxml2 differs only in quoting a value that holds '"' with '') */
        assert_string_equal(mine, theirs);
        assert_non_null(strstr(mine, "<!DOCTYPE html>\n<html lang=\"en-GB\"><body>"));
        assert_non_null(strstr(mine, "<p class=\"a&amp;b &lt;d&gt;\">"
                                     "Fish &amp; chips &lt;b&gt; \"quoted\" 'single'</p>"));
        assert_non_null(strstr(mine, "<option value=\"\" selected>Any role</option>"));
        assert_non_null(strstr(mine, "<br><p></p>"));
        assert_non_null(strstr(mine, "</body></html>\n"));
        xmlFreeDoc(doc);
    }
}

static void test_html_text(void **state)
{
    xmlNodePtr body, n;
    xmlDocPtr doc = new_page(&body, 0);
    const char *out;
    (void)state;
    /* UTF-8 as it is; a byte that is not UTF-8 becomes U+FFFD; so do
     * overlongs, surrogates and truncated sequences */
    el(body, "p", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x8c\x8d|\xff|\xc0\xaf|\xed\xa0\x80|\xe2\x82");
    n = el(body, "textarea", "\nfirst line kept\r\nCR kept");
    xmlNewProp(n, BAD_CAST "title", BAD_CAST "caf\xc3\xa9 \"x\"\n\xfe");
    out = ser(doc);
    assert_non_null(out);
    assert_non_null(strstr(out, "<p>caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x8c\x8d|\xef\xbf\xbd|"
                                "\xef\xbf\xbd\xef\xbf\xbd|\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd|"
                                "\xef\xbf\xbd\xef\xbf\xbd</p>"));
    assert_non_null(strstr(out, "<textarea title=\"caf\xc3\xa9 &quot;x&quot;\n\xef\xbf\xbd\">"
                                "\n\nfirst line kept&#13;\nCR kept</textarea>"));
    xmlFreeDoc(doc);
}

static void test_html_refusals(void **state)
{
    xmlNodePtr body, n;
    xmlDocPtr doc;
    apr_array_header_t *a = apr_array_make(pool, 16, 1);
    (void)state;
    /* a void element with content */
    doc = new_page(&body, 0);
    el(body, "br", "text");
    assert_null(ser(doc));
    xmlFreeDoc(doc);
    /* a script that would close itself early */
    doc = new_page(&body, 0);
    el(body, "script", "var a = '</script><b>';");
    assert_null(ser(doc));
    xmlFreeDoc(doc);
    /* raw text otherwise as it is */
    doc = new_page(&body, 0);
    el(body, "style", "p > a { color: red }");
    assert_non_null(strstr(ser(doc), "<style>p > a { color: red }</style>"));
    xmlFreeDoc(doc);
    /* comments, entity references, processing instructions */
    doc = new_page(&body, 0);
    xmlAddChild(body, xmlNewDocComment(doc, BAD_CAST "x"));
    assert_null(ser(doc));
    xmlFreeDoc(doc);
    doc = new_page(&body, 0);
    n = el(body, "p", NULL);
    xmlAddChild(n, xmlNewReference(doc, BAD_CAST "&amp;"));
    assert_null(ser(doc));
    xmlFreeDoc(doc);
    /* a writer that fails */
    doc = new_page(&body, 0);
    assert_int_equal(rm_html_serialize(doc, sink_fails, a), -1);
    assert_int_equal(rm_html_serialize(NULL, sink, a), -1);
    xmlFreeDoc(doc);
}

/* rm_fold: the names the lists search, the same on SQLite and PostgreSQL */
static void test_fold(void **state)
{
    (void)state;
    assert_string_equal(rm_fold(pool, "Élodie DURAND"), "élodie durand");
    assert_string_equal(rm_fold(pool, "ÀÖØÞ ×"), "àöøþ ×");          /* × is no letter */
    assert_string_equal(rm_fold(pool, "ŁUKASZ Ŵ ŹŻŽ Ÿ Ĳ"), "łukasz ŵ źżž ÿ ĳ");
    assert_string_equal(rm_fold(pool, "ĹĽŇ ĸ ŉ ſ"), "ĺľň ĸ ŉ ſ");    /* no capitals of these */
    assert_string_equal(rm_fold(pool, "ΑΘΗΝΑ Ώ Ά"), "αθηνα ώ ά");
    assert_string_equal(rm_fold(pool, "ЁЛКА Москва"), "ёлка москва");
    assert_string_equal(rm_fold(pool, "陈美 O'Brien-Smith"), "陈美 o'brien-smith");
    assert_string_equal(rm_fold(pool, "\xC3"), "\xC3");                 /* cut short: kept */
    assert_string_equal(rm_fold(pool, ""), "");
    assert_string_equal(rm_fold(pool, NULL), "");
    /* the same length in bytes, so a LIKE pattern's escapes stay where they are */
    assert_int_equal(strlen(rm_fold(pool, "ÉŸΏЁ")), strlen("ÉŸΏЁ"));
}

static void test_html_deep_and_long(void **state)
{
    xmlNodePtr body, n;
    xmlDocPtr doc = new_page(&body, 1);
    char *big = apr_palloc(pool, 100001);
    const char *out;
    size_t len;
    (void)state;
    /* deeper than any stack would take by recursion */
    n = body;
    for (int i = 0; i < 200000; i++) n = el(n, "div", NULL);
    el(n, "span", "bottom");
    /* a text bigger than the output buffer, with escapes across its edges */
    for (int i = 0; i < 100000; i++) big[i] = "ab&<"[i % 4];
    big[100000] = '\0';
    el(body, "p", big);
    out = ser(doc);
    assert_non_null(out);
    len = strlen(out);
    assert_non_null(strstr(out, "<div><div><span>bottom</span></div></div>"));
    assert_true(len > 200000 * 11 + 100000 / 4 * (2 + 5 + 4));
    assert_memory_equal(out + len - 19, "</p></body></html>\n", 19);
    xmlFreeDoc(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_form_basic),
        cmocka_unit_test(test_form_refusals),
        cmocka_unit_test(test_url_encode),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_check_text),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_int_and_choice),
        cmocka_unit_test(test_grade_rank),
        cmocka_unit_test(test_attr_split),
        cmocka_unit_test(test_article),
        cmocka_unit_test(test_attr_from_xml),
        cmocka_unit_test(test_affiliation),
        cmocka_unit_test(test_token_roundtrip),
        cmocka_unit_test(test_token_malformed),
        cmocka_unit_test(test_routes),
        cmocka_unit_test(test_routes_refused),
        cmocka_unit_test(test_sql_split),
        cmocka_unit_test(test_dates_for_people),
        cmocka_unit_test(test_html_page),
        cmocka_unit_test(test_html_text),
        cmocka_unit_test(test_html_refusals),
        cmocka_unit_test(test_html_deep_and_long),
        cmocka_unit_test(test_fold),
    };
    apr_initialize();
    return cmocka_run_group_tests_name("rm_core", tests, setup, teardown);
}
