/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The calendar feed's token (calfeed.h): syntax, derivation and hash.
 */
#include <string.h>
#include <stdio.h>
#include <openssl/hmac.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/rand.h>
#include <openssl/crypto.h>
#include "calfeed.h"

static const char b64url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
static const char hexdigits[] = "0123456789abcdef";

/* the value of a base64url character, or -1 */
static int b64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
}

int rm_calfeed_token_syntax(const char *s, size_t len)
{
    int v = 0;
    if (!s || len != RM_CALFEED_TOKEN_LEN) return 0;
    for (size_t i = 0; i < len; i++)
        if ((v = b64_value((unsigned char)s[i])) < 0) return 0;
    /* 43 characters carry 258 bits: the last two must be zero */
    return (v & 3) == 0;
}

int rm_calfeed_is_feed_path(const char *path)
{
    return path && strncmp(path, RM_CALFEED_PREFIX, sizeof(RM_CALFEED_PREFIX) - 1) == 0;
}

int rm_calfeed_path_token(const char *path, char out[RM_CALFEED_TOKEN_LEN + 1])
{
    const size_t pl = sizeof(RM_CALFEED_PREFIX) - 1, sl = sizeof(RM_CALFEED_SUFFIX) - 1;
    const char *tok;
    out[0] = '\0';
    if (!rm_calfeed_is_feed_path(path)) return 0;
    tok = path + pl;
    /* strnlen: never reads further than a token and its suffix could reach */
    if (strnlen(tok, RM_CALFEED_TOKEN_LEN + sl + 1) != RM_CALFEED_TOKEN_LEN + sl) return 0;
    if (memcmp(tok + RM_CALFEED_TOKEN_LEN, RM_CALFEED_SUFFIX, sl) != 0) return 0;
    if (!rm_calfeed_token_syntax(tok, RM_CALFEED_TOKEN_LEN)) return 0;
    memcpy(out, tok, RM_CALFEED_TOKEN_LEN);
    out[RM_CALFEED_TOKEN_LEN] = '\0';
    return 1;
}

int rm_calfeed_key_syntax(const char *key)
{
    size_t i;
    if (!key) return 0;
    for (i = 0; i < RM_CALFEED_KEY_LEN; i++)
        if (!((key[i] >= '0' && key[i] <= '9') || (key[i] >= 'a' && key[i] <= 'f')))
            return 0;
    return key[i] == '\0';
}

static void to_hex(const unsigned char *b, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hexdigits[b[i] >> 4];
        out[2 * i + 1] = hexdigits[b[i] & 15];
    }
    out[2 * n] = '\0';
}

int rm_calfeed_new_key(char out[RM_CALFEED_KEY_LEN + 1])
{
    unsigned char b[RM_CALFEED_KEY_LEN / 2];
    out[0] = '\0';
    if (RAND_bytes(b, (int)sizeof(b)) != 1) return -1;
    to_hex(b, sizeof(b), out);
    OPENSSL_cleanse(b, sizeof(b));
    return 0;
}

/* base64url without padding of exactly 32 bytes: 43 characters */
static void b64url_32(const unsigned char in[32], char out[RM_CALFEED_TOKEN_LEN + 1])
{
    size_t o = 0, i;
    for (i = 0; i + 3 <= 32; i += 3) {
        unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];
        out[o++] = b64url[(v >> 18) & 63];
        out[o++] = b64url[(v >> 12) & 63];
        out[o++] = b64url[(v >> 6) & 63];
        out[o++] = b64url[v & 63];
    }
    /* the last two bytes: 16 bits in three characters, two zero bits */
    {
        unsigned v = (unsigned)in[30] << 16 | (unsigned)in[31] << 8;
        out[o++] = b64url[(v >> 18) & 63];
        out[o++] = b64url[(v >> 12) & 63];
        out[o++] = b64url[(v >> 6) & 63];
    }
    out[o] = '\0';
}

int rm_calfeed_token(const unsigned char *secret, size_t secret_len, long long person_id,
                     const char *key, char out[RM_CALFEED_TOKEN_LEN + 1])
{
    static const char label[] = "rmentor-calendar";
    unsigned char msg[sizeof(label) + 24 + RM_CALFEED_KEY_LEN], md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    int n, ok;
    size_t ml;
    out[0] = '\0';
    if (!secret || secret_len == 0 || secret_len > 65536 || person_id <= 0
        || !rm_calfeed_key_syntax(key))
        return -1;
    /* label NUL id NUL key: no two (id, key) give the same message */
    memcpy(msg, label, sizeof(label));                  /* with its NUL */
    n = snprintf((char *)msg + sizeof(label), 24, "%lld", person_id);
    if (n <= 0 || n >= 23) return -1;
    ml = sizeof(label) + (size_t)n;
    msg[ml++] = '\0';
    memcpy(msg + ml, key, RM_CALFEED_KEY_LEN);
    ml += RM_CALFEED_KEY_LEN;
    ok = HMAC(EVP_sha256(), secret, (int)secret_len, msg, ml, md, &mdlen) != NULL;
    OPENSSL_cleanse(msg, sizeof(msg));
    if (!ok || mdlen != 32) {
        OPENSSL_cleanse(md, sizeof(md));
        return -1;
    }
    b64url_32(md, out);
    OPENSSL_cleanse(md, sizeof(md));
    return 0;
}

int rm_calfeed_hash(const char *token, size_t len, char out[RM_CALFEED_HASH_LEN + 1])
{
    unsigned char md[SHA256_DIGEST_LENGTH];
    out[0] = '\0';
    if (!token) return -1;
    if (!SHA256((const unsigned char *)token, len, md)) return -1;
    to_hex(md, sizeof(md), out);
    return 0;
}

int rm_calfeed_hash_equal(const char *a, const char *b)
{
    if (!a || !b || strnlen(a, RM_CALFEED_HASH_LEN + 1) != RM_CALFEED_HASH_LEN
        || strnlen(b, RM_CALFEED_HASH_LEN + 1) != RM_CALFEED_HASH_LEN)
        return 0;
    return CRYPTO_memcmp(a, b, RM_CALFEED_HASH_LEN) == 0;
}
