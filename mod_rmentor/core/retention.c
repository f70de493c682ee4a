/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Retention periods (core/retention.h).
 */
#include <stdlib.h>
#include <string.h>
#include "rm_core.h"
#include "retention.h"

const char *const rm_ret_kind_names[RM_RETENTION_KINDS] = {
    "applications", "notes", "checkins", "evaluations", "rest"
};

/* applications of people never accepted: half a year after the end;
 * the pairs' notes and check-in text: a year; written evaluation answers:
 * two years (the report and the next cohort's planning read them); the
 * rest: six years, a UK university's usual period for staff development
 * records */
const int rm_ret_default_months[RM_RETENTION_KINDS] = { 6, 12, 12, 24, 72 };

int rm_ret_kind(const char *name)
{
    for (int i = 0; name && i < RM_RETENTION_KINDS; i++)
        if (!strcmp(name, rm_ret_kind_names[i])) return i;
    return -1;
}

int rm_ret_parse_months(const char *s, int *months, const char **err)
{
    long v = 0;
    size_t n = 0;
    if (s && !strcmp(s, "never")) { *months = RM_RETENTION_NEVER; return 0; }
    for (; s && s[n]; n++) {
        if (s[n] < '0' || s[n] > '9' || n >= 4) { n = 0; break; }
        v = v * 10 + (s[n] - '0');
    }
    if (!n || v < 1 || v > 600) {
        *err = "a number of months from 1 to 600, or never";
        return -1;
    }
    *months = (int)v;
    return 0;
}

const char *rm_ret_purge_from(apr_pool_t *p, const char *start, int length, int months)
{
    long d;
    if (months == RM_RETENTION_NEVER || months < 0 || length < 1 || length > 60
        || rm_date_parse(start, &d) != 0)
        return NULL;
    return rm_date_add_months(p, start, length + months);
}

int rm_ret_due(apr_pool_t *p, const char *start, int length, int months, const char *today)
{
    const char *from = rm_ret_purge_from(p, start, length, months);
    long a, b;
    if (!from || rm_date_parse(from, &a) != 0 || rm_date_parse(today, &b) != 0) return 0;
    return b >= a;
}
