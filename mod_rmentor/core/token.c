/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * CSRF tokens: "<seconds>.<hex HMAC-SHA256(secret, principal \0 seconds)>".
 * Bound to the principal, so one user's token is worthless to another; the
 * timestamp gives expiry; comparison is constant-time.
 */
#include <string.h>
#include <ctype.h>
#include <openssl/hmac.h>
#include <openssl/evp.h>
#include <openssl/crypto.h>
#include <apr_strings.h>
#include "rm_core.h"

static int mac_hex(const unsigned char *secret, size_t secret_len,
                   const char *principal, const char *action, const char *ts,
                   char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    /* principal, action and ts are separated by NULs so "ab"+"1" != "a"+"b1" */
    size_t pl = strlen(principal), al = strlen(action), tl = strlen(ts);
    size_t ml = pl + 1 + al + 1 + tl;
    unsigned char *msg = OPENSSL_malloc(ml);
    int ok;
    if (!msg) return -1;
    memcpy(msg, principal, pl);
    msg[pl] = 0;
    memcpy(msg + pl + 1, action, al);
    msg[pl + 1 + al] = 0;
    memcpy(msg + pl + 1 + al + 1, ts, tl);
    ok = HMAC(EVP_sha256(), secret, (int)secret_len, msg, ml, md, &mdlen) != NULL;
    OPENSSL_clear_free(msg, ml);
    if (!ok || mdlen != 32) return -1;
    for (unsigned int i = 0; i < 32; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[64] = '\0';
    OPENSSL_cleanse(md, sizeof(md));
    return 0;
}

char *rm_token_make(apr_pool_t *p, const unsigned char *secret,
                    size_t secret_len, const char *principal, const char *action,
                    long long now)
{
    char ts[24], hex[65];
    apr_snprintf(ts, sizeof(ts), "%" APR_INT64_T_FMT, (apr_int64_t)now);
    if (mac_hex(secret, secret_len, principal, action ? action : "", ts, hex) != 0)
        return NULL;
    return apr_pstrcat(p, ts, ".", hex, NULL);
}

rm_token_status rm_token_check(const char *token, const unsigned char *secret,
                               size_t secret_len, const char *principal,
                               const char *action, long long now,
                               long long max_age)
{
    const char *dot;
    char ts[24], hex[65];
    size_t tl;
    long long when = 0;
    if (!token || !*token) return RM_TOKEN_MISSING;
    if (strlen(token) > RM_TOKEN_MAX) return RM_TOKEN_MALFORMED;
    dot = strchr(token, '.');
    if (!dot) return RM_TOKEN_MALFORMED;
    tl = (size_t)(dot - token);
    if (tl == 0 || tl > 12 || strlen(dot + 1) != 64) return RM_TOKEN_MALFORMED;
    for (size_t i = 0; i < tl; i++) {
        if (!isdigit((unsigned char)token[i])) return RM_TOKEN_MALFORMED;
        when = when * 10 + (token[i] - '0');
    }
    for (const char *h = dot + 1; *h; h++)
        if (!(isdigit((unsigned char)*h) || (*h >= 'a' && *h <= 'f')))
            return RM_TOKEN_MALFORMED;
    memcpy(ts, token, tl);
    ts[tl] = '\0';
    if (mac_hex(secret, secret_len, principal ? principal : "",
                action ? action : "", ts, hex) != 0)
        return RM_TOKEN_BAD_MAC;
    if (CRYPTO_memcmp(hex, dot + 1, 64) != 0) return RM_TOKEN_BAD_MAC;
    /* Checked after the MAC so that a forged timestamp says "bad" not "old". */
    if (when > now + 300 || now - when > max_age) return RM_TOKEN_EXPIRED;
    return RM_TOKEN_OK;
}

const char *rm_token_status_text(rm_token_status st)
{
    switch (st) {
    case RM_TOKEN_OK:        return "ok";
    case RM_TOKEN_MISSING:   return "missing";
    case RM_TOKEN_MALFORMED: return "malformed";
    case RM_TOKEN_EXPIRED:   return "expired";
    case RM_TOKEN_BAD_MAC:   return "invalid";
    }
    return "invalid";
}
