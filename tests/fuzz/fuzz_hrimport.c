/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * HR's import file (core/hrimport.c): rm_hri_parse over any bytes, with
 * the module's limits and with tiny ones (chosen by the input's length, so
 * the same input always takes the same path).  libxml2 allocates with
 * malloc, so ASan's leak check sees any libxml2 object the pool cleanups
 * fail to free.
 *
 * Invariants:
 *  - success and failure are exclusive: *out set exactly when 0 returned,
 *    *err set exactly when not;
 *  - a refusal is a non-empty sentence of valid UTF-8 with no control
 *    character but '\n' between problems, at most RM_HRI_MAX_PROBLEMS + 1
 *    lines of at most 440 bytes each (no long echo of the input);
 *  - an accepted file has at most max_records records, each with exactly
 *    one of principal and staff_number, a line >= 1 and not decreasing,
 *    the fields its kind needs (grade and a real date, a number, a real
 *    date) and no others;
 *  - an input with "<!DOCTYPE" or "<!ENTITY" outside a comment is never
 *    accepted.
 */
#include <string.h>
#include <libxml/parser.h>
#include "fuzz_common.h"
#include "hrimport.h"

static void check_err(const char *err)
{
    int lines = 1;
    size_t n = strlen(err), at = 0;
    FZ_ASSERT(n > 0, "empty refusal");
    FZ_ASSERT(rm_utf8_valid(err, n), "refusal not UTF-8");
    for (size_t i = 0; i <= n; i++) {
        if (i == n || err[i] == '\n') {
            FZ_ASSERT(i - at <= 440, "a problem of %zu bytes", i - at);
            at = i + 1;
            if (i < n) lines++;
            continue;
        }
        FZ_ASSERT((unsigned char)err[i] >= 0x20 && err[i] != 0x7F, "control byte in refusal");
    }
    FZ_ASSERT(lines <= RM_HRI_MAX_PROBLEMS + 1, "%d lines", lines);
}

static void check_batch(const rm_hri_batch *b, int max_records)
{
    long last = 0;
    FZ_ASSERT(b->records->nelts <= max_records, "%d records", b->records->nelts);
    for (int i = 0; i < b->records->nelts; i++) {
        const rm_hri_record *r = &APR_ARRAY_IDX(b->records, i, rm_hri_record);
        FZ_ASSERT((r->principal == NULL) != (r->staff_number == NULL), "record %d: who?", i);
        FZ_ASSERT(r->line >= 1 && r->line >= last, "record %d at line %ld", i, r->line);
        last = r->line;
        switch (r->kind) {
        case RM_HRI_GRADE:
            FZ_ASSERT(r->grade && *r->grade && rm_hri_is_date(r->date) && !r->number,
                      "grade change %d", i);
            break;
        case RM_HRI_STAFF_NUMBER:
            FZ_ASSERT(r->number && *r->number && !r->grade && !r->date, "staff number %d", i);
            break;
        case RM_HRI_LEAVER:
            FZ_ASSERT(rm_hri_is_date(r->date) && !r->grade && !r->number, "leaver %d", i);
            break;
        default:
            FZ_ASSERT(0, "kind %d", (int)r->kind);
        }
    }
}

/* s occurs in d[0..n) outside comments (<!-- ... -->) */
static int has(const uint8_t *d, size_t n, const char *s)
{
    size_t k = strlen(s);
    for (size_t i = 0; i + k <= n; i++) {
        if (i + 4 <= n && !memcmp(d + i, "<!--", 4)) {
            size_t j = i + 4;
            while (j + 3 <= n && memcmp(d + j, "-->", 3)) j++;
            if (j + 3 > n) return 0;
            i = j + 2;
            continue;
        }
        if (!memcmp(d + i, s, k)) return 1;
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    apr_pool_t *p;
    rm_hri_batch *b = NULL;
    const char *err = NULL;
    rm_hri_limits small = { 4096, 3, 5 }, *lim = NULL;
    int rc, max = RM_HRI_DEFAULT_MAX_RECORDS;

    if (!ready) {
        xmlInitParser();
        ready = 1;
    }
    p = fz_begin();
    if (size % 3 == 0) {
        lim = &small;
        max = small.max_records;
    }
    rc = rm_hri_parse(p, fz_mem(data, size), size, lim, &b, &err);
    if (rc == 0) {
        FZ_ASSERT(b && !err, "accepted without a batch, or with a message");
        check_batch(b, max);
        FZ_ASSERT(!has(data, size, "<!DOCTYPE") && !has(data, size, "<!ENTITY"),
                  "a DTD accepted");
    }
    else {
        FZ_ASSERT(!b && err, "refused without a message, or with a batch");
        check_err(err);
    }
    fz_end();
    return 0;
}
