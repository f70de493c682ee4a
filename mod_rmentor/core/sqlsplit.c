/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Split a migration file into statements.  The files are ours (sql/), written
 * to one rule: a statement ends with ';' at the end of a line, outside quotes.
 * Lines that start with "--" are comments; chunks that hold only comments and
 * white space are dropped.
 */
#include <string.h>
#include <apr_strings.h>
#include "rm_core.h"

static int only_comments(const char *s)
{
    while (*s) {
        while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') s++;
        if (!*s) break;
        if (s[0] == '-' && s[1] == '-') {
            while (*s && *s != '\n') s++;
            continue;
        }
        return 0;
    }
    return 1;
}

apr_array_header_t *rm_sql_split(apr_pool_t *p, const char *sql)
{
    apr_array_header_t *out = apr_array_make(p, 16, sizeof(char *));
    const char *start = sql, *s = sql;
    int quote = 0, line_start = 1;
    for (; *s; s++) {
        if (line_start && !quote && s[0] == '-' && s[1] == '-') {
            while (s[1] && s[1] != '\n') s++;
            continue;
        }
        line_start = (*s == '\n');
        if (*s == '\'') quote = !quote;
        if (*s == ';' && !quote) {
            const char *e = s + 1;
            while (*e == ' ' || *e == '\t' || *e == '\r') e++;
            if (*e == '\n' || *e == '\0') {
                char *stmt = apr_pstrmemdup(p, start, (apr_size_t)(s - start));
                if (!only_comments(stmt))
                    *(char **)apr_array_push(out) = stmt;
                start = s + 1;
            }
        }
    }
    if (!only_comments(start))
        *(char **)apr_array_push(out) = apr_pstrdup(p, start);
    return out;
}
