/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Dates in programme forms: rm_date_parse, rm_check_date, rm_check_month,
 * rm_date_format, rm_date_add_months, rm_date_from_human and
 * rm_month_from_human.
 *
 * Input: the field value (a NUL-terminated string, as the form table holds it).
 *
 * Invariants, against references written here (timegm for day numbers):
 *  - rm_date_parse accepts exactly "YYYY-MM-DD" naming a real day of the
 *    years 1900..2999, and then gives timegm's day number;
 *    rm_date_format of that number gives the input back;
 *  - rm_check_date / rm_check_month accept exactly a parseable date /
 *    "YYYY-MM" of a real month (or empty when not required);
 *  - rm_date_from_human / rm_month_from_human give a real date / month or
 *    NULL, and a date already "YYYY-MM-DD" unchanged;
 *  - rm_date_add_months(d, k) is the same day k months on, clamped to the
 *    end of the month, for k in [-1200, 1200] (the module passes 0..60).
 *
 * Months that take the year below 0 are a known defect (see README.md):
 * build with -DFZ_ANY_MONTHS to let the fuzzer pick any int and find it.
 */
#include <string.h>
#include <time.h>
#include <limits.h>
#include <apr_strings.h>
#include "fuzz_common.h"

static int leap(long y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int mdays(long y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

static int dig(char c) { return c >= '0' && c <= '9'; }

/* "YYYY-MM" prefix of s: 1 and the fields when well-formed */
static int ref_ym(const char *s, long *y, int *m)
{
    if (!(dig(s[0]) && dig(s[1]) && dig(s[2]) && dig(s[3]) && s[4] == '-'
          && dig(s[5]) && dig(s[6])))
        return 0;
    *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    *m = (s[5] - '0') * 10 + (s[6] - '0');
    return *y >= 1900 && *y <= 2999 && *m >= 1 && *m <= 12;
}

static int ref_date(const char *s, long *y, int *m, int *d)
{
    if (strlen(s) != 10 || !ref_ym(s, y, m) || s[7] != '-' || !dig(s[8]) || !dig(s[9]))
        return 0;
    *d = (s[8] - '0') * 10 + (s[9] - '0');
    return *d >= 1 && *d <= mdays(*y, *m);
}

static long ref_days(long y, int m, int d)
{
    struct tm tm;
    memset(&tm, 0, sizeof(tm));
    tm.tm_year = (int)(y - 1900);
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    return (long)(timegm(&tm) / 86400);
}

static void check_add(apr_pool_t *p, const char *s, long y, int m, int d, int k)
{
    char *got = rm_date_add_months(p, s, k);
    long total = y * 12 + (m - 1) + k, ry = total / 12;
    int rm = (int)(total % 12) + 1, rd = d;
    if (rd > mdays(ry, rm)) rd = mdays(ry, rm);
    FZ_ASSERT(got && strcmp(got, apr_psprintf(p, "%04ld-%02d-%02d", ry, rm, rd)) == 0,
              "%s + %d months gave %s", s, k, got ? got : "(null)");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int ks[] = { 0, 1, 6, 11, 12, 13, 30, 59, 60, -1, -12, -1200, 1200 };
    apr_pool_t *p = fz_begin();
    const char *s = fz_cstr(data, size);
    long y = 0, days = 0;
    int m = 0, d = 0, ok = ref_date(s, &y, &m, &d);
    int rc = rm_date_parse(s, &days);

    FZ_ASSERT((rc == 0) == ok, "rm_date_parse(\"%s\") = %d, reference %d", s, rc, ok);
    FZ_ASSERT(rm_date_parse(s, NULL) == rc, "result depends on days == NULL");
    for (int req = 0; req <= 1; req++) {
        FZ_ASSERT((rm_check_date(p, "Date", s, req) == NULL) == (*s ? ok : !req),
                  "rm_check_date(\"%s\", %d)", s, req);
        {
            long yy;
            int mm;
            int want = *s ? (strlen(s) == 7 && ref_ym(s, &yy, &mm)) : !req;
            FZ_ASSERT((rm_check_month(p, "Month", s, req) == NULL) == want,
                      "rm_check_month(\"%s\", %d)", s, req);
        }
    }
    {   /* what a person types where there is no date control: a real date
         * or month out, or nothing; ISO text in is ISO text out */
        const char *hd = rm_date_from_human(p, s), *hm = rm_month_from_human(p, s);
        FZ_ASSERT(!hd || rm_date_parse(hd, NULL) == 0, "rm_date_from_human(\"%s\") = %s", s, hd);
        FZ_ASSERT(!ok || (hd && !strcmp(hd, s)), "rm_date_from_human(\"%s\") changed a date", s);
        FZ_ASSERT(!hm || rm_check_month(p, "Month", hm, 1) == NULL,
                  "rm_month_from_human(\"%s\") = %s", s, hm);
    }
    if (ok) {
        FZ_ASSERT(days == ref_days(y, m, d), "%s: day %ld, timegm says %ld", s, days,
                  ref_days(y, m, d));
        FZ_ASSERT(strcmp(rm_date_format(p, days), s) == 0, "format(parse(%s)) = %s", s,
                  rm_date_format(p, days));
        for (size_t i = 0; i < sizeof(ks) / sizeof(ks[0]); i++) check_add(p, s, y, m, d, ks[i]);
        {   /* and one k taken from the input bytes */
            unsigned h = 2166136261u;
            for (size_t i = 0; i < size; i++) h = (h ^ data[i]) * 16777619u;
#ifdef FZ_ANY_MONTHS
            check_add(p, s, y, m, d, (int)h);
#else
            check_add(p, s, y, m, d, (int)(h % 2401) - 1200);
#endif
        }
    }
    else {
        FZ_ASSERT(rm_date_add_months(p, s, 1) == NULL, "added months to a non-date");
    }
    fz_end();
    return 0;
}
