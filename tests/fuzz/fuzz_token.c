/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * CSRF form tokens: rm_token_check on whatever a client sends as the "csrf"
 * field, and rm_token_make.
 *
 * Input: "TOKEN" or "TOKEN\0PRINCIPAL" (the form field and r->user hold no
 * NUL; the principal defaults to "admin").  The secret and the clock are
 * fixed here (FZ_SECRET, FZ_NOW); tests/fuzz/make-corpus.py makes seeds with
 * valid MACs for them, so mutations start from tokens that pass.
 *
 * Invariants:
 *  - NULL or "" is MISSING; the status is MALFORMED exactly when a reference
 *    syntax check written here says the token is not "<1..12 digits>.<64
 *    lower-case hex>" of at most RM_TOKEN_MAX bytes;
 *  - OK only for a token that is exactly rm_token_make's for its own
 *    timestamp (leading zeros aside) and is neither too old nor from the
 *    future;
 *  - rm_token_make(principal, t) checks OK at t, and BAD_MAC for another
 *    principal, another secret, or with any one hex digit changed; EXPIRED
 *    past max_age or more than 300 s ahead.
 */
#include <string.h>
#include <ctype.h>
#include <apr_strings.h>
#include "fuzz_common.h"

#define FZ_NOW 1767225600LL       /* 2026-01-01T00:00:00Z */
#define FZ_MAX_AGE 7200LL         /* RMentorTokenLifetime default */
static const unsigned char FZ_SECRET[] =
    "rm-fuzz-secret-0123456789abcdef-0123456789abcdef";   /* 48 bytes + NUL */
#define FZ_SECRET_LEN 48

static int ref_malformed(const char *t)
{
    const char *dot = strchr(t, '.');
    size_t tl, hl;
    if (strlen(t) > RM_TOKEN_MAX || !dot) return 1;
    tl = (size_t)(dot - t);
    hl = strlen(dot + 1);
    if (tl < 1 || tl > 12 || hl != 64) return 1;
    for (size_t i = 0; i < tl; i++) if (t[i] < '0' || t[i] > '9') return 1;
    for (size_t i = 0; i < hl; i++) {
        char c = dot[1 + i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return 1;
    }
    return 0;
}

#define FZ_ACTION "/mentoring/programmes/1/apply/mentor"

static rm_token_status chk(const char *tok, const char *principal, long long now)
{
    return rm_token_check(tok, FZ_SECRET, FZ_SECRET_LEN, principal, FZ_ACTION, now,
                          FZ_MAX_AGE);
}

static void round_trip(apr_pool_t *p, const char *principal, long long when)
{
    char *tok = rm_token_make(p, FZ_SECRET, FZ_SECRET_LEN, principal, FZ_ACTION, when);
    char *bad;
    size_t n;
    FZ_ASSERT(tok, "rm_token_make failed");
    n = strlen(tok);
    FZ_ASSERT(!ref_malformed(tok), "made a malformed token: %s", tok);
    FZ_ASSERT(chk(tok, principal, when) == RM_TOKEN_OK, "fresh token refused: %s", tok);
    FZ_ASSERT(chk(tok, principal, when + FZ_MAX_AGE) == RM_TOKEN_OK, "token refused at max age");
    FZ_ASSERT(chk(tok, principal, when + FZ_MAX_AGE + 1) == RM_TOKEN_EXPIRED,
              "token accepted past max age");
    FZ_ASSERT(chk(tok, principal, when - 301) == RM_TOKEN_EXPIRED,
              "token from the future accepted");
    FZ_ASSERT(chk(tok, apr_pstrcat(p, principal, "x", NULL), when) == RM_TOKEN_BAD_MAC,
              "token accepted for another principal");
    FZ_ASSERT(rm_token_check(tok, FZ_SECRET, FZ_SECRET_LEN, principal, principal, when,
                             FZ_MAX_AGE) == RM_TOKEN_BAD_MAC,
              "token accepted for another form");
    FZ_ASSERT(rm_token_check(tok, (const unsigned char *)"another secret", 14, principal,
                             FZ_ACTION, when, FZ_MAX_AGE) == RM_TOKEN_BAD_MAC,
              "token accepted with another secret");
    bad = apr_pstrdup(p, tok);
    /* change one hex digit, chosen by the token itself */
    {
        size_t i = n - 1 - (size_t)((unsigned char)tok[n - 1] % 64);
        bad[i] = bad[i] == 'a' ? 'b' : 'a';
        FZ_ASSERT(chk(bad, principal, when) == RM_TOKEN_BAD_MAC, "tampered token accepted");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p = fz_begin();
    char *tok, *principal;
    rm_token_status st;

    fz_split2(data, size, '\0', &tok, &principal);
    if (!*principal) principal = "admin";

    st = chk(tok, principal, FZ_NOW);
    FZ_ASSERT(st >= RM_TOKEN_OK && st <= RM_TOKEN_BAD_MAC, "status %d", (int)st);
    FZ_ASSERT(*rm_token_status_text(st), "no text for %d", (int)st);
    if (!*tok) FZ_ASSERT(st == RM_TOKEN_MISSING, "empty token: %d", (int)st);
    else FZ_ASSERT((st == RM_TOKEN_MALFORMED) == ref_malformed(tok),
                   "MALFORMED is %d, reference says %d for \"%s\"",
                   st == RM_TOKEN_MALFORMED, ref_malformed(tok), tok);
    FZ_ASSERT(chk(NULL, principal, FZ_NOW) == RM_TOKEN_MISSING, "NULL token");

    if (!ref_malformed(tok) && *tok) {
        long long when = 0;
        const char *dot = strchr(tok, '.');
        for (const char *s = tok; s < dot; s++) when = when * 10 + (*s - '0');
        if (st == RM_TOKEN_OK) {
            FZ_ASSERT(when <= FZ_NOW + 300 && FZ_NOW - when <= FZ_MAX_AGE,
                      "OK outside the time window: %lld", when);
            if (tok[0] != '0')
                FZ_ASSERT(strcmp(tok, rm_token_make(p, FZ_SECRET, FZ_SECRET_LEN, principal,
                                                    FZ_ACTION, when)) == 0,
                          "OK for a token rm_token_make would not make: %s", tok);
        }
        /* a token re-made for the same timestamp is accepted at that time */
        round_trip(p, principal, when);
    }
    round_trip(p, principal, FZ_NOW);
    fz_end();
    return 0;
}
