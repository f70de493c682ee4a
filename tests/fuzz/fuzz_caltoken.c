/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The calendar feed's path and token (core/calfeed.c): the path below the
 * mount that anyone may send to the feed, which is served without identity.
 *
 * Input: the path, any bytes (cut at the first NUL, as r->uri is).
 *
 * Invariants:
 *  - rm_calfeed_is_feed_path is exactly "starts with /calendar/feed/";
 *  - rm_calfeed_path_token accepts exactly PREFIX + 43 base64url characters
 *    whose last one has its two low bits clear + ".ics", nothing before or
 *    after (a reference written here), and hands back those 43 characters;
 *    refused, it leaves its output empty;
 *  - rm_calfeed_token_syntax on the raw input bytes (an exact-size copy, not
 *    terminated) agrees with the reference;
 *  - an accepted token decodes to 32 bytes that encode back to it (one
 *    spelling per token); its hash is 64 lower-case hex digits, equal to
 *    itself and to no hash with one digit changed;
 *  - a token derived (fixed secret, a person id and key taken from the
 *    input) has the syntax, and its path gives it back.
 */
#include <string.h>
#include <openssl/sha.h>
#include <apr_strings.h>
#include "fuzz_common.h"
#include "calfeed.h"

static const char prefix[] = "/calendar/feed/";
static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
static const unsigned char secret[] = "rm-fuzz-calendar-secret-0123456789abcdef";

static int val(unsigned char c)
{
    const char *p = c ? strchr(alphabet, c) : NULL;
    return p ? (int)(p - alphabet) : -1;
}

static int ref_syntax(const char *s, size_t n)
{
    if (n != 43) return 0;
    for (size_t i = 0; i < n; i++)
        if (val((unsigned char)s[i]) < 0) return 0;
    return (val((unsigned char)s[42]) & 3) == 0;
}

/* decode 43 characters into 32 bytes and encode them again */
static void roundtrip(const char *t)
{
    unsigned char b[33];
    char e[44];
    unsigned acc = 0;
    int bits = 0;
    size_t o = 0;
    for (int i = 0; i < 43; i++) {
        acc = (acc << 6) | (unsigned)val((unsigned char)t[i]);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            b[o++] = (unsigned char)(acc >> bits);
            acc &= (1u << bits) - 1;
        }
    }
    FZ_ASSERT(o == 32 && acc == 0, "decoded %zu bytes, %u left over", o, acc);
    o = 0;
    acc = 0;
    bits = 0;
    for (int i = 0; i < 32; i++) {
        acc = (acc << 8) | b[i];
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            e[o++] = alphabet[(acc >> bits) & 63];
        }
    }
    e[o++] = alphabet[(acc << (6 - bits)) & 63];
    e[o] = '\0';
    FZ_ASSERT(o == 43 && !strcmp(e, t), "\"%s\" encodes back as \"%s\"", t, e);
}

static void check_hash(const char *t)
{
    char h[RM_CALFEED_HASH_LEN + 1], g[RM_CALFEED_HASH_LEN + 1];
    FZ_ASSERT(rm_calfeed_hash(t, strlen(t), h) == 0, "no hash");
    FZ_ASSERT(strlen(h) == 64 && strspn(h, "0123456789abcdef") == 64, "hash %s", h);
    FZ_ASSERT(rm_calfeed_hash_equal(h, h), "hash not equal to itself");
    for (int i = 0; i < 64; i += 7) {
        memcpy(g, h, sizeof(h));
        g[i] = g[i] == 'a' ? 'b' : 'a';
        FZ_ASSERT(!rm_calfeed_hash_equal(h, g), "hash equal with digit %d changed", i);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p = fz_begin();
    const char *path = fz_cstr(data, size);
    const char *raw = fz_mem(data, size);
    size_t n = strlen(path), pl = sizeof(prefix) - 1;
    char out[RM_CALFEED_TOKEN_LEN + 1];
    int is_feed = n >= pl && !memcmp(path, prefix, pl);
    int want = is_feed && n == pl + 43 + 4 && !memcmp(path + pl + 43, ".ics", 4)
               && ref_syntax(path + pl, 43);
    int got;
    (void)p;

    FZ_ASSERT(rm_calfeed_is_feed_path(path) == is_feed, "is_feed_path(\"%s\")", path);
    got = rm_calfeed_path_token(path, out);
    FZ_ASSERT(got == want, "path_token(\"%s\") = %d", path, got);
    if (got) {
        FZ_ASSERT(strlen(out) == 43 && !memcmp(out, path + pl, 43), "token \"%s\"", out);
        roundtrip(out);
        check_hash(out);
    }
    else {
        FZ_ASSERT(out[0] == '\0', "refused, but out is \"%s\"", out);
    }
    FZ_ASSERT(rm_calfeed_token_syntax(raw, size) == ref_syntax(raw, size), "syntax of raw");

    /* a derived token, from a person id and key taken from the input */
    {
        unsigned char md[SHA256_DIGEST_LENGTH];
        char key[RM_CALFEED_KEY_LEN + 1], t[RM_CALFEED_TOKEN_LEN + 1], back[44];
        long long person = 1 + (long long)(size * 2654435761u % 1000000007u);
        SHA256(data, size, md);
        for (int i = 0; i < 32; i++) {
            key[2 * i] = "0123456789abcdef"[md[i] >> 4];
            key[2 * i + 1] = "0123456789abcdef"[md[i] & 15];
        }
        key[64] = '\0';
        FZ_ASSERT(rm_calfeed_token(secret, sizeof(secret) - 1, person, key, t) == 0,
                  "no token");
        FZ_ASSERT(ref_syntax(t, strlen(t)), "derived token \"%s\" has not the syntax", t);
        FZ_ASSERT(rm_calfeed_path_token(apr_pstrcat(p, prefix, t, ".ics", NULL), back) == 1
                  && !strcmp(back, t), "derived token's path");
        roundtrip(t);
    }
    fz_end();
    return 0;
}
