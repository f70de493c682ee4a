/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * What the training and matching forms take from outside: session times
 * (rm_check_time), online links (rm_check_link), the checkbox codes an
 * application stores and the score reads back (rm_codes_mask, rm_codes_has,
 * rm_codes_labels), and the time of day shown to people.
 *
 * Input: raw bytes as a NUL-terminated string (the module sees decoded
 * form values the same way).
 *
 * Invariants, each against a reference written here:
 *  - rm_check_time accepts exactly HH:MM on a 24-hour clock;
 *  - rm_check_link accepts only http(s)://host... without space, quote,
 *    angle bracket, backslash or control character, within its length;
 *  - rm_codes_mask sets bit i exactly when code i is one of the list's
 *    comma-separated items, rm_codes_has agrees, and the labels of the mask
 *    are the labels of those codes in vocabulary order;
 *  - rm_time_of_day_human returns the input for what is not a time.
 */
#include <string.h>
#include <apr_strings.h>
#include "fuzz_common.h"
#include "score.h"
#include "schedule.h"

static int ref_time(const char *s)
{
    int h, m;
    if (strlen(s) != 5 || s[2] != ':') return 0;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (s[i] < '0' || s[i] > '9')) return 0;
    h = (s[0] - '0') * 10 + (s[1] - '0');
    m = (s[3] - '0') * 10 + (s[4] - '0');
    return h < 24 && m < 60;
}

static int ref_link(const char *s, size_t max)
{
    const char *host;
    if (!strncmp(s, "https://", 8)) host = s + 8;
    else if (!strncmp(s, "http://", 7)) host = s + 7;
    else return 0;
    if (!*host || *host == '/') return 0;
    if (!rm_utf8_valid(s, strlen(s)) || rm_utf8_len(s) > max) return 0;
    for (const unsigned char *c = (const unsigned char *)s; *c; c++)
        if (*c <= 0x20 || *c == 0x7F || strchr("\"<>\\^`{|}", *c)) return 0;
    /* C1 controls, U+0080..U+009F */
    if (rm_has_controls(s, 0)) return 0;
    return 1;
}

/* 1 when the comma-separated list holds code as an item */
static int ref_has(const char *list, const char *code)
{
    size_t n = strlen(code);
    for (const char *s = list; ; ) {
        const char *e = strchr(s, ',');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        if (len == n && !memcmp(s, code, n)) return 1;
        if (!e) return 0;
        s = e + 1;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p = fz_begin();
    const char *s = fz_cstr(data, size);
    const char *const *vocabs[] = { rm_vocab_topics, rm_vocab_gains, rm_vocab_slots };

    FZ_ASSERT((rm_check_time(p, "the time", s, 1) == NULL) == ref_time(s),
              "rm_check_time(\"%s\")", s);
    FZ_ASSERT(rm_check_time(p, "the time", "", 0) == NULL, "empty optional time refused");
    FZ_ASSERT((rm_check_link(p, "the link", s, 0, 64) == NULL) == (!*s || ref_link(s, 64)),
              "rm_check_link(\"%s\")", s);
    if (!ref_time(s))
        FZ_ASSERT(!strcmp(rm_time_of_day_human(p, s), s), "not a time, but rewritten: %s", s);

    for (int v = 0; v < 3; v++) {
        unsigned long long mask = rm_codes_mask(s, vocabs[v]);
        const char *labels = "";
        for (int i = 0; vocabs[v][2 * i]; i++) {
            int want = ref_has(s, vocabs[v][2 * i]);
            FZ_ASSERT(!!(mask & (1ULL << i)) == want, "code %s in \"%s\"", vocabs[v][2 * i], s);
            FZ_ASSERT(rm_codes_has(s, vocabs[v][2 * i]) == want, "rm_codes_has %s", vocabs[v][2 * i]);
            if (want)
                labels = *labels ? apr_pstrcat(p, labels, ", ", vocabs[v][2 * i + 1], NULL)
                                 : vocabs[v][2 * i + 1];
        }
        FZ_ASSERT(!strcmp(rm_codes_labels(p, mask, vocabs[v]), labels), "labels of \"%s\"", s);
    }
    fz_end();
    return 0;
}
