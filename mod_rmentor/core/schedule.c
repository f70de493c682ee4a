/* Licensed under the Apache License, Version 2.0 (see LICENSE). */
#include <string.h>
#include <apr_strings.h>
#include "rm_core.h"
#include "schedule.h"

static int is_time(const char *v)
{
    return strlen(v) == 5 && v[0] >= '0' && v[0] <= '2' && v[1] >= '0' && v[1] <= '9'
        && v[2] == ':' && v[3] >= '0' && v[3] <= '5' && v[4] >= '0' && v[4] <= '9'
        && (v[0] < '2' || v[1] <= '3');
}

const char *rm_check_time(apr_pool_t *p, const char *label, const char *value,
                          int required)
{
    if (!value || !*value)
        return required ? apr_pstrcat(p, "Enter ", label, ".", NULL) : NULL;
    if (!is_time(value))
        return apr_pstrcat(p, "Enter ", label, " as hours and minutes on a "
                           "24-hour clock, for example 14:30.", NULL);
    return NULL;
}

const char *rm_check_link(apr_pool_t *p, const char *label, const char *value,
                          int required, size_t max)
{
    const char *host;
    if (!value || !*value)
        return required ? apr_pstrcat(p, "Enter ", label, ".", NULL) : NULL;
    if (!rm_utf8_valid(value, strlen(value)) || rm_utf8_len(value) > max)
        return apr_psprintf(p, "Enter %s of at most %lu characters.", label,
                            (unsigned long)max);
    if (!strncmp(value, "https://", 8)) host = value + 8;
    else if (!strncmp(value, "http://", 7)) host = value + 7;
    else
        return apr_pstrcat(p, "Enter ", label, " starting with https://, for "
                           "example https://teams.example.ac.uk/meet/123.", NULL);
    if (!*host || *host == '/' || strpbrk(value, " \t\r\n\"<>\\^`{|}")
        || rm_has_controls(value, 0))
        return apr_pstrcat(p, "Enter ", label, " as a web address without "
                           "spaces, for example https://teams.example.ac.uk/meet/123.", NULL);
    return NULL;
}

int rm_session_started(const char *day, const char *starts, const char *today,
                       const char *now_hhmm)
{
    int c = strcmp(day, today);
    return c < 0 || (c == 0 && strcmp(starts, now_hhmm) <= 0);
}

const char *rm_time_of_day_human(apr_pool_t *p, const char *hhmm)
{
    int h, m;
    if (!hhmm || !is_time(hhmm)) return hhmm ? hhmm : "";
    h = (hhmm[0] - '0') * 10 + (hhmm[1] - '0');
    m = (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
    if (h == 12 && m == 0) return "midday";
    if (m == 0) return apr_psprintf(p, "%d%s", h % 12 ? h % 12 : 12, h < 12 ? "am" : "pm");
    return apr_psprintf(p, "%d:%02d%s", h % 12 ? h % 12 : 12, m, h < 12 ? "am" : "pm");
}
