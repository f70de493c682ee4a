/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Unit tests of the calendar feed's token (core/calfeed.c): the syntax every
 * feed URL is checked against before anything else reads it, the path of the
 * feed, the token's derivation (against vectors computed with Python's hmac
 * and base64), the stored hash and its comparison, and new keys.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "calfeed.h"

#define A43 "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
static const unsigned char secret[] = "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk";   /* 32 x 'k' */

static int syn(const char *s)
{
    return rm_calfeed_token_syntax(s, strlen(s));
}

static void test_token_syntax(void **state)
{
    (void)state;
    assert_int_equal(strlen(A43), 43);
    assert_true(syn(A43));
    assert_true(syn("I8F3-i1VPA1DVdp_EiT7WbwOleplwbHrIqTF1sgTDjk"));
    assert_true(syn("3ky7FneNs2wjJ2ghRRWr1joShtp7J2Js9twJ9r2VsQs"));
    /* every canonical last character, and the others refused */
    for (int c = 0; c < 256; c++) {
        char t[44];
        int want = c && strchr("AEIMQUYcgkosw048", c) != NULL;
        memcpy(t, A43, 44);
        t[42] = (char)c;
        assert_int_equal(rm_calfeed_token_syntax(t, 43), want);
    }
    /* lengths */
    assert_false(syn(""));
    assert_false(syn(A43 "A"));
    assert_false(syn(A43 + 1));
    assert_false(rm_calfeed_token_syntax(NULL, 43));
    /* base64's other alphabet, padding, spaces, a NUL, non-ASCII */
    assert_false(syn("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+A"));
    assert_false(syn("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/A"));
    assert_false(syn("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="));
    assert_false(syn("AAAAAAAAAAAAAAAAAAAAA AAAAAAAAAAAAAAAAAAAAA"));
    assert_false(rm_calfeed_token_syntax("AAAAAAAAAAAAAAAAAAAA\0AAAAAAAAAAAAAAAAAAAAAA", 43));
    assert_false(syn("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\xc3\xa9"));
}

static void test_path(void **state)
{
    char out[RM_CALFEED_TOKEN_LEN + 1];
    (void)state;
    assert_true(rm_calfeed_is_feed_path("/calendar/feed/"));
    assert_true(rm_calfeed_is_feed_path("/calendar/feed/x"));
    assert_false(rm_calfeed_is_feed_path("/calendar/feed"));
    assert_false(rm_calfeed_is_feed_path("/calendar"));
    assert_false(rm_calfeed_is_feed_path("/calendar/feeds/x"));
    assert_false(rm_calfeed_is_feed_path("/Calendar/feed/x"));
    assert_false(rm_calfeed_is_feed_path(NULL));

    assert_int_equal(rm_calfeed_path_token("/calendar/feed/" A43 ".ics", out), 1);
    assert_string_equal(out, A43);
    assert_int_equal(rm_calfeed_path_token(
        "/calendar/feed/I8F3-i1VPA1DVdp_EiT7WbwOleplwbHrIqTF1sgTDjk.ics", out), 1);
    assert_string_equal(out, "I8F3-i1VPA1DVdp_EiT7WbwOleplwbHrIqTF1sgTDjk");
    static const char *const bad[] = {
        "/calendar/feed/" A43, "/calendar/feed/" A43 ".ICS", "/calendar/feed/" A43 ".ics/",
        "/calendar/feed/" A43 ".icsx", "/calendar/feed/" A43 ".ic", "/calendar/feed/.ics",
        "/calendar/feed/A" A43 ".ics", "/calendar/feed/" A43 "A.ics",
        "/calendar/feed//" A43 ".ics", "/calendar/feeds/" A43 ".ics", "/calendar/" A43 ".ics",
        "/calendar/feed/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB.ics",
        "/calendar/feed/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%41.ics",
        "/calendar/feed/" A43 ".ics?x=1", "", NULL };
    for (int i = 0; bad[i]; i++) {
        strcpy(out, "junk");
        assert_int_equal(rm_calfeed_path_token(bad[i], out), 0);
        assert_string_equal(out, "");
    }
}

static void test_derivation(void **state)
{
    char t[RM_CALFEED_TOKEN_LEN + 1], u[RM_CALFEED_TOKEN_LEN + 1];
    const char *zeros = "0000000000000000000000000000000000000000000000000000000000000000";
    const char *key = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    (void)state;
    /* vectors: Python hmac.new(b"k" * 32, b"rmentor-calendar\0" + id + b"\0" + key,
     * sha256), urlsafe_b64encode without '=' */
    assert_int_equal(rm_calfeed_token(secret, 32, 42, zeros, t), 0);
    assert_string_equal(t, "I8F3-i1VPA1DVdp_EiT7WbwOleplwbHrIqTF1sgTDjk");
    assert_int_equal(rm_calfeed_token(secret, 32, 7, key, t), 0);
    assert_string_equal(t, "3ky7FneNs2wjJ2ghRRWr1joShtp7J2Js9twJ9r2VsQs");
    assert_true(syn(t));
    /* another person, key or secret: another token */
    assert_int_equal(rm_calfeed_token(secret, 32, 8, key, u), 0);
    assert_string_not_equal(t, u);
    assert_int_equal(rm_calfeed_token(secret, 31, 7, key, u), 0);
    assert_string_not_equal(t, u);
    assert_int_equal(rm_calfeed_token(secret, 32, 7, zeros, u), 0);
    assert_string_not_equal(t, u);
    /* refused: no secret, no person, a key of the wrong syntax */
    assert_int_equal(rm_calfeed_token(NULL, 32, 7, key, u), -1);
    assert_string_equal(u, "");
    assert_int_equal(rm_calfeed_token(secret, 0, 7, key, u), -1);
    assert_int_equal(rm_calfeed_token(secret, 32, 0, key, u), -1);
    assert_int_equal(rm_calfeed_token(secret, 32, -1, key, u), -1);
    assert_int_equal(rm_calfeed_token(secret, 32, 7, NULL, u), -1);
    assert_int_equal(rm_calfeed_token(secret, 32, 7, "0123", u), -1);
    assert_int_equal(rm_calfeed_token(secret, 32, 7,
        "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef", u), -1);
    assert_int_equal(rm_calfeed_token(secret, 32, 7,
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0", u), -1);
}

static void test_hash(void **state)
{
    char h[RM_CALFEED_HASH_LEN + 1], g[RM_CALFEED_HASH_LEN + 1];
    (void)state;
    assert_int_equal(rm_calfeed_hash("abc", 3, h), 0);
    assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_int_equal(rm_calfeed_hash(A43, 43, g), 0);
    assert_true(rm_calfeed_hash_equal(g, g));
    assert_false(rm_calfeed_hash_equal(g, h));
    memcpy(h, g, sizeof(g));
    h[63] = h[63] == '0' ? '1' : '0';
    assert_false(rm_calfeed_hash_equal(g, h));
    h[63] = '\0';
    assert_false(rm_calfeed_hash_equal(g, h));
    assert_false(rm_calfeed_hash_equal(h, h));          /* 63 characters */
    assert_false(rm_calfeed_hash_equal(NULL, g));
    assert_false(rm_calfeed_hash_equal(g, NULL));
    assert_int_equal(rm_calfeed_hash(NULL, 0, h), -1);
}

static void test_new_key(void **state)
{
    char a[RM_CALFEED_KEY_LEN + 1], b[RM_CALFEED_KEY_LEN + 1];
    (void)state;
    assert_int_equal(rm_calfeed_new_key(a), 0);
    assert_int_equal(rm_calfeed_new_key(b), 0);
    assert_true(rm_calfeed_key_syntax(a));
    assert_true(rm_calfeed_key_syntax(b));
    assert_string_not_equal(a, b);
    assert_false(rm_calfeed_key_syntax(""));
    assert_false(rm_calfeed_key_syntax(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_token_syntax),
        cmocka_unit_test(test_path),
        cmocka_unit_test(test_derivation),
        cmocka_unit_test(test_hash),
        cmocka_unit_test(test_new_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
