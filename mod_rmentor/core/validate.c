/* Licensed under the Apache License, Version 2.0 (see LICENSE). */
#include <string.h>
#include <ctype.h>
#include <stdlib.h>
#include <errno.h>
#include <apr_strings.h>
#include <apr_time.h>
#include "rm_core.h"

int rm_utf8_valid(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        size_t n;
        unsigned long cp;
        if (c == 0) return 0;
        if (c < 0x80) { i++; continue; }
        if (c >= 0xC2 && c <= 0xDF) { n = 1; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { n = 2; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { n = 3; cp = c & 0x07; }
        else return 0;
        if (i + n >= len) return 0;
        for (size_t k = 1; k <= n; k++) {
            if ((s[i + k] & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000)
            || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += n + 1;
    }
    return 1;
}

size_t rm_utf8_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

int rm_has_controls(const char *str, int allow_newlines)
{
    const unsigned char *s = (const unsigned char *)str;
    for (; *s; s++) {
        if (*s == '\t') continue;
        if ((*s == '\n' || *s == '\r') && allow_newlines) continue;
        if (*s < 0x20 || *s == 0x7F) return 1;
        /* C1 controls are U+0080..U+009F: UTF-8 C2 80..C2 9F */
        if (*s == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F) return 1;
    }
    return 0;
}

char *rm_trim(apr_pool_t *p, const char *s)
{
    const char *e;
    if (!s) return apr_pstrdup(p, "");
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') s++;
    e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'
                     || e[-1] == '\n'))
        e--;
    return apr_pstrmemdup(p, s, (apr_size_t)(e - s));
}

/* "the programme name must ..." -> "The programme name must ...": labels are
 * written to read inside a sentence ("Enter the programme name."). */
static const char *cap(apr_pool_t *p, const char *fmt_result)
{
    char *s = apr_pstrdup(p, fmt_result);
    if (*s >= 'a' && *s <= 'z') *s = (char)(*s - 'a' + 'A');
    return s;
}

const char *rm_check_text(apr_pool_t *p, const char *label, const char *value,
                          int required, size_t max_chars, int multiline)
{
    if (!value || !*value) {
        return required ? apr_psprintf(p, "Enter %s.", label) : NULL;
    }
    if (!rm_utf8_valid(value, strlen(value)))
        return cap(p, apr_psprintf(p, "%s contains characters that are not valid text.",
                                   label));
    if (rm_has_controls(value, multiline))
        return cap(p, apr_psprintf(p, multiline
                                   ? "%s contains control characters."
                                   : "%s must be a single line without control characters.",
                                   label));
    if (rm_utf8_len(value) > max_chars)
        return cap(p, apr_psprintf(p, "%s must be %lu characters or fewer.", label,
                                   (unsigned long)max_chars));
    return NULL;
}

static int is_leap(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(long y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

/* days from civil (Howard Hinnant's algorithm) */
static long days_from_civil(long y, int m, int d)
{
    long era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, int *m, int *d)
{
    long era, doe, yoe, doy, mp;
    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    *y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y += *m <= 2;
}

static int digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i])) return 0;
    return 1;
}

int rm_date_parse(const char *s, long *days)
{
    long y;
    int m, d;
    if (!s || strlen(s) != 10 || !digits(s, 4) || s[4] != '-'
        || !digits(s + 5, 2) || s[7] != '-' || !digits(s + 8, 2))
        return -1;
    y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    m = (s[5] - '0') * 10 + (s[6] - '0');
    d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
        return -1;
    if (days) *days = days_from_civil(y, m, d);
    return 0;
}

char *rm_date_format(apr_pool_t *p, long days)
{
    long y;
    int m, d;
    civil_from_days(days, &y, &m, &d);
    return apr_psprintf(p, "%04ld-%02d-%02d", y, m, d);
}

char *rm_date_add_months(apr_pool_t *p, const char *date, int months)
{
    long y, days, total;
    int m, d;
    if (rm_date_parse(date, &days) != 0) return NULL;
    civil_from_days(days, &y, &m, &d);
    total = y * 12 + (m - 1) + (long)months;
    /* stay within years 0..9999: no negative month index, no overflow */
    if (total < 0 || total > 9999L * 12 + 11) return NULL;
    y = total / 12;
    m = (int)(total % 12) + 1;
    if (d > month_days(y, m)) d = month_days(y, m);
    return apr_psprintf(p, "%04ld-%02d-%02d", y, m, d);
}

const char *rm_check_date(apr_pool_t *p, const char *label, const char *value,
                          int required)
{
    if (!value || !*value)
        return required ? apr_psprintf(p, "Enter %s.", label) : NULL;
    if (rm_date_parse(value, NULL) != 0)
        return cap(p, apr_psprintf(p, "%s must be a real date, for example "
                                   "29 January 2025.", label));
    return NULL;
}

const char *rm_check_month(apr_pool_t *p, const char *label, const char *value,
                           int required)
{
    if (!value || !*value)
        return required ? apr_psprintf(p, "Enter %s.", label) : NULL;
    if (strlen(value) == 7 && rm_date_parse(apr_pstrcat(p, value, "-01", NULL), NULL) == 0)
        return NULL;
    return cap(p, apr_psprintf(p, "%s must be a real month, for example "
                               "February 2025.", label));
}

const char *rm_check_int(apr_pool_t *p, const char *label, const char *value,
                         long min, long max, long *out)
{
    char *end;
    long v;
    if (!value || !*value)
        return apr_psprintf(p, "Enter %s.", label);
    if (strlen(value) > 9 || !digits(value, (int)strlen(value)))
        return cap(p, apr_psprintf(p, "%s must be a whole number.", label));
    errno = 0;
    v = strtol(value, &end, 10);
    if (errno || *end || v < min || v > max)
        return cap(p, apr_psprintf(p, "%s must be between %ld and %ld.", label, min, max));
    if (out) *out = v;
    return NULL;
}

const char *rm_check_choice(apr_pool_t *p, const char *label,
                            const char *value, const char *const *allowed,
                            int required)
{
    if (!value || !*value)
        return required ? apr_psprintf(p, "Select %s.", label) : NULL;
    for (; *allowed; allowed++)
        if (strcmp(*allowed, value) == 0) return NULL;
    return apr_psprintf(p, "Select one of the options for %s.", label);
}

int rm_grade_rank(const apr_array_header_t *scale, const char *grade)
{
    const char *const *g = (const char *const *)scale->elts;
    size_t n;
    if (!grade) return -1;
    while (*grade == ' ') grade++;
    n = strlen(grade);
    while (n && grade[n - 1] == ' ') n--;
    if (!n) return -1;
    for (int i = 0; i < scale->nelts; i++)
        if (strlen(g[i]) == n && strncasecmp(g[i], grade, n) == 0) return i;
    return -1;
}

/* ---- dates for people ---- */

/* Two decimal digits of v (0..99) at out. */
static void put2(char *out, int v)
{
    out[0] = (char)('0' + v / 10 % 10);
    out[1] = (char)('0' + v % 10);
}

static const char *const months[] = {
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"
};

const char *rm_date_human(apr_pool_t *p, const char *iso)
{
    /* what "%d %s %.4s" of day, month name and year gave, by hand: a list
     * page shows dozens, and apr_psprintf was a tenth of the home page */
    const char *name;
    size_t n;
    char *out, *o;
    if (!iso || !*iso) return "";
    if (rm_date_parse(iso, NULL) != 0) return iso;
    name = months[(iso[5] - '0') * 10 + (iso[6] - '0') - 1];
    n = strlen(name);
    o = out = apr_palloc(p, 2 + 1 + n + 1 + 4 + 1);
    if (iso[8] != '0') *o++ = iso[8];
    *o++ = iso[9];
    *o++ = ' ';
    memcpy(o, name, n);
    o += n;
    *o++ = ' ';
    memcpy(o, iso, 4);
    o[4] = '\0';
    return out;
}

const char *rm_month_human(apr_pool_t *p, const char *ym)
{
    if (!ym || strlen(ym) != 7 || rm_check_month(p, "m", ym, 1)) return ym ? ym : "";
    return apr_psprintf(p, "%s %.4s", months[atoi(ym + 5) - 1], ym);
}

/* The month named at s (a full English name or its first three letters, any
 * case) followed by a space or the end: 1..12 and its length in *len; 0 when
 * none. */
static int month_named(const char *s, size_t *len)
{
    for (int m = 0; m < 12; m++) {
        size_t full = strlen(months[m]);
        if (!strncasecmp(s, months[m], full) && (s[full] == ' ' || !s[full])) {
            *len = full;
            return m + 1;
        }
        if (!strncasecmp(s, months[m], 3) && (s[3] == ' ' || !s[3])) {
            *len = 3;
            return m + 1;
        }
    }
    return 0;
}

/* "2025" at s, then the end: the year, or -1 */
static long year_at(const char *s)
{
    if (strlen(s) != 4 || !digits(s, 4)) return -1;
    return strtol(s, NULL, 10);
}

const char *rm_date_from_human(apr_pool_t *p, const char *s)
{
    long y;
    int d = 0, m, nd = 0;
    size_t len;
    if (!s) return NULL;
    if (rm_date_parse(s, NULL) == 0) return s;
    while (nd < 2 && isdigit((unsigned char)s[nd])) d = d * 10 + (s[nd++] - '0');
    if (nd == 0 || s[nd] != ' ') return NULL;
    s += nd + 1;
    if (!(m = month_named(s, &len)) || s[len] != ' ') return NULL;
    if ((y = year_at(s + len + 1)) < 0) return NULL;
    s = apr_psprintf(p, "%04ld-%02d-%02d", y, m, d);
    return rm_date_parse(s, NULL) == 0 ? s : NULL;
}

const char *rm_month_from_human(apr_pool_t *p, const char *s)
{
    long y;
    int m;
    size_t len;
    if (!s) return NULL;
    if (strlen(s) == 7 && rm_date_parse(apr_pstrcat(p, s, "-01", NULL), NULL) == 0)
        return s;
    if (!(m = month_named(s, &len)) || s[len] != ' ') return NULL;
    if ((y = year_at(s + len + 1)) < 1900 || y > 2999) return NULL;
    return apr_psprintf(p, "%04ld-%02d", y, m);
}

const char *rm_time_human(apr_pool_t *p, const char *secs)
{
    /* "3 January 2027 at 15:02", local time: the date as rm_date_human
     * writes it, then the 24-hour time; by hand, as list pages show dozens
     * (see rm_date_human) */
    apr_time_exp_t t;
    const char *name;
    size_t n;
    char *out, *o;
    int y;
    if (!secs || !*secs) return "";
    apr_time_exp_lt(&t, apr_time_from_sec(apr_atoi64(secs)));
    if (t.tm_mon < 0 || t.tm_mon > 11 || t.tm_year + 1900 < 0 || t.tm_year + 1900 > 9999
        || t.tm_mday < 1 || t.tm_mday > 31)
        return "";
    y = t.tm_year + 1900;
    name = months[t.tm_mon];
    n = strlen(name);
    o = out = apr_palloc(p, 2 + 1 + n + 1 + 4 + sizeof(" at hh:mm"));
    if (t.tm_mday >= 10) *o++ = (char)('0' + t.tm_mday / 10);
    *o++ = (char)('0' + t.tm_mday % 10);
    *o++ = ' ';
    memcpy(o, name, n);
    o += n;
    *o++ = ' ';
    put2(o, y / 100);
    put2(o + 2, y % 100);
    memcpy(o + 4, " at ", 4);
    put2(o + 8, t.tm_hour);
    o[10] = ':';
    put2(o + 11, t.tm_min);
    o[13] = '\0';
    return out;
}

/* The lower-case code point of c, for the ranges rm_fold covers. */
static unsigned fold_cp(unsigned c)
{
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;
    if (c >= 0x100 && c <= 0x17F) {
        if (c == 0x130 || c == 0x131 || c == 0x138 || c == 0x149 || c == 0x17F) return c;
        if (c == 0x178) return 0xFF;
        /* pairs of capital and small: even capitals, then odd ones */
        if ((c < 0x138 || (c >= 0x14A && c < 0x178)) && !(c & 1)) return c + 1;
        if (((c > 0x138 && c < 0x149) || c > 0x178) && (c & 1)) return c + 1;
        return c;
    }
    if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 0x20;
    if (c == 0x386) return 0x3AC;
    if (c >= 0x388 && c <= 0x38A) return c + 0x25;
    if (c == 0x38C) return 0x3CC;
    if (c == 0x38E || c == 0x38F) return c + 0x3F;
    if (c >= 0x410 && c <= 0x42F) return c + 0x20;
    if (c >= 0x400 && c <= 0x40F) return c + 0x50;
    return c;
}

char *rm_fold(apr_pool_t *p, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    char *out = apr_palloc(p, n + 1);
    const unsigned char *i = (const unsigned char *)(s ? s : "");
    unsigned char *o = (unsigned char *)out;
    while (*i) {
        if (*i < 0x80) {
            *o++ = (unsigned char)((*i >= 'A' && *i <= 'Z') ? *i + 32 : *i);
            i++;
        }
        else if ((i[0] & 0xE0) == 0xC0 && (i[1] & 0xC0) == 0x80) {
            /* two-byte sequences hold every letter folded here, and fold
             * into two bytes: 0x80 to 0x7FF */
            unsigned c = ((unsigned)(i[0] & 0x1F) << 6) | (i[1] & 0x3F), f = fold_cp(c);
            if (c < 0x80) f = c;            /* an overlong form: left as it is */
            *o++ = (unsigned char)(0xC0 | (f >> 6));
            *o++ = (unsigned char)(0x80 | (f & 0x3F));
            i += 2;
        }
        else {
            *o++ = *i++;
        }
    }
    *o = '\0';
    return out;
}
