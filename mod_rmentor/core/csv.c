/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * CSV rows (RFC 4180) with formula injection neutralised (csv.h).
 */
#include <string.h>
#include <apr_strings.h>
#include "csv.h"

static int is_formula_start(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

static int needs_quotes(const char *s, size_t n)
{
    if (n == 0) return 0;
    if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t') return 1;
    return strpbrk(s, ",\"\r\n") != NULL;
}

/* the cell written at o (room: 2 * n + 3 bytes); returns the end */
static char *put_cell(char *o, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    int apos = n > 0 && is_formula_start(s[0]);
    if (!apos && !needs_quotes(s, n)) {
        if (n) memcpy(o, s, n);
        return o + n;
    }
    *o++ = '"';
    if (apos) *o++ = '\'';
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') *o++ = '"';
        *o++ = s[i];
    }
    *o++ = '"';
    return o;
}

const char *rm_csv_cell(apr_pool_t *p, const char *cell)
{
    size_t n = cell ? strlen(cell) : 0;
    char *buf = apr_palloc(p, 2 * n + 4), *o = put_cell(buf, cell);
    *o = '\0';
    return buf;
}

const char *rm_csv_row(apr_pool_t *p, const char *const *cells, int n)
{
    size_t room = 3;
    char *buf, *o;
    for (int i = 0; i < n; i++) room += 2 * (cells[i] ? strlen(cells[i]) : 0) + 4;
    o = buf = apr_palloc(p, room);
    for (int i = 0; i < n; i++) {
        if (i) *o++ = ',';
        o = put_cell(o, cells[i]);
    }
    *o++ = '\r';
    *o++ = '\n';
    *o = '\0';
    return buf;
}

const char *rm_csv_bom(void)
{
    return RM_CSV_BOM;
}
