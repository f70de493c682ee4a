/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The private calendar feed's token, with no httpd: its syntax (checked
 * before anything else looks at a feed URL, which anyone may send), how it
 * is derived, and the hash the database keeps.  Shared by the module, the
 * unit tests and the fuzz harness.
 *
 * A token is 32 bytes written in base64url without padding: exactly 43
 * characters of A-Z a-z 0-9 - _, the last one carrying 4 bits and two zero
 * bits (one of A E I M Q U Y c g k o s w 0 4 8), so that each 32 bytes have
 * one spelling only.
 *
 * It is HMAC-SHA256(the server's secret, "rmentor-calendar" NUL person id
 * NUL key), key being 32 random bytes (64 hex digits) kept in the feed's row
 * (calendar_feed.feed_key); the row keeps the SHA-256 of the token (64 hex
 * digits, calendar_feed.token_hash), which the feed looks up.  So the
 * person's page can show the address every time (it derives it again), the
 * table alone gives no address (it lacks the secret), and the secret alone
 * gives none either (it lacks the random key).  Renewing draws a new key.
 */
#ifndef RM_CALFEED_H
#define RM_CALFEED_H

#include <stddef.h>

#define RM_CALFEED_TOKEN_LEN 43            /* base64url of 32 bytes */
#define RM_CALFEED_KEY_LEN 64              /* hex of 32 random bytes */
#define RM_CALFEED_HASH_LEN 64             /* hex of SHA-256 */
/* The feed's path below the mount: PREFIX <token> SUFFIX */
#define RM_CALFEED_PREFIX "/calendar/feed/"
#define RM_CALFEED_SUFFIX ".ics"

/* 1 when the len bytes at s are a token's syntax (above), else 0. */
int rm_calfeed_token_syntax(const char *s, size_t len);

/* 1 when path (below the mount) starts with RM_CALFEED_PREFIX: the feed's
 * branch, served without identity, whatever follows. */
int rm_calfeed_is_feed_path(const char *path);

/* The token of a feed path: 1 and the token in out (NUL-terminated) when
 * path is exactly PREFIX <token> SUFFIX with a token of the right syntax;
 * else 0 and out empty. */
int rm_calfeed_path_token(const char *path, char out[RM_CALFEED_TOKEN_LEN + 1]);

/* 1 when key is 64 lower-case hex digits. */
int rm_calfeed_key_syntax(const char *key);

/* A new random key (64 lower-case hex digits) from OpenSSL's RAND_bytes;
 * 0, or -1 when the generator fails (out is then empty). */
int rm_calfeed_new_key(char out[RM_CALFEED_KEY_LEN + 1]);

/* The token of person_id's feed with this key; 0, or -1 for an empty
 * secret, a key of the wrong syntax or a failure (out is then empty). */
int rm_calfeed_token(const unsigned char *secret, size_t secret_len, long long person_id,
                     const char *key, char out[RM_CALFEED_TOKEN_LEN + 1]);

/* The SHA-256 of the len bytes of token, in lower-case hex; 0 or -1. */
int rm_calfeed_hash(const char *token, size_t len, char out[RM_CALFEED_HASH_LEN + 1]);

/* 1 when a and b are both 64 characters and equal, compared in constant
 * time; else 0. */
int rm_calfeed_hash_equal(const char *a, const char *b);

#endif
