/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * rm_url_decode (every form name and value, every query-string field) and
 * rm_url_encode (query strings the module writes into links).
 *
 * Input: raw bytes, decoded from an exact-size buffer that is NOT terminated.
 *
 * Invariants:
 *  - rm_url_decode agrees with an independent reference decoder written here
 *    (NULL on a bad or truncated %-escape or on a NUL, else the same bytes);
 *  - a decoded string is never longer than its input;
 *  - rm_url_encode emits only [A-Za-z0-9._~-] and upper-case %XX, and
 *    rm_url_decode(rm_url_encode(s)) == s for every NUL-free s.
 */
#include <string.h>
#include <ctype.h>
#include "fuzz_common.h"

static int hv(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* reference: returns decoded length, or -1 when the input must be refused */
static long ref_decode(const unsigned char *s, size_t n, unsigned char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        int c = s[i];
        if (c == '+') c = ' ';
        else if (c == '%') {
            if (n - i < 3 || hv(s[i + 1]) < 0 || hv(s[i + 2]) < 0) return -1;
            c = hv(s[i + 1]) * 16 + hv(s[i + 2]);
            i += 2;
        }
        if (c == 0) return -1;
        out[o++] = (unsigned char)c;
    }
    return (long)o;
}

static void check_encode(apr_pool_t *p, const char *s)
{
    char *enc = rm_url_encode(p, s), *dec;
    for (const char *q = enc; *q; q++) {
        unsigned char c = (unsigned char)*q;
        if (c == '%') {
            FZ_ASSERT(isxdigit((unsigned char)q[1]) && isxdigit((unsigned char)q[2])
                      && !islower((unsigned char)q[1]) && !islower((unsigned char)q[2]),
                      "bad escape in %s", enc);
            q += 2;
            continue;
        }
        FZ_ASSERT(isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~',
                  "unescaped 0x%02x in %s", c, enc);
    }
    dec = rm_url_decode(p, enc, strlen(enc));
    FZ_ASSERT(dec && strcmp(dec, s) == 0, "encode/decode round trip of \"%s\" gave \"%s\"",
              s, dec ? dec : "(null)");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p = fz_begin();
    const char *src = fz_mem(data, size);
    unsigned char *ref = (unsigned char *)fz_mem(data, size);
    long rn = ref_decode(data, size, ref);
    char *dec = rm_url_decode(p, src, size);

    if (rn < 0) {
        FZ_ASSERT(dec == NULL, "accepted what the reference refuses: \"%s\"", dec);
    }
    else {
        FZ_ASSERT(dec != NULL, "refused what the reference accepts (%zu bytes)", size);
        FZ_ASSERT(strlen(dec) == (size_t)rn && memcmp(dec, ref, (size_t)rn) == 0,
                  "decoded differently from the reference");
        FZ_ASSERT((size_t)rn <= size, "decoded string longer than its input");
        check_encode(p, dec);
    }
    check_encode(p, fz_cstr(data, size));
    fz_end();
    return 0;
}
