/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * rm_sql_split: the migration files (sql/) split into statements.  The files
 * are the project's own, but a parser that reads them must not fall over on
 * any text.
 *
 * Input: the file text (a NUL-terminated string).
 *
 * Invariants:
 *  - statements appear in the input in order, do not overlap, and every one
 *    but the last ends where the input has ';' followed by optional
 *    space/tab/CR and a newline or the end;
 *  - no statement is only comments and white space;
 *  - there are at most (number of ';') + 1 statements;
 *  - writing every statement but the last back as "STMT;" (each statement
 *    after the first starts with the rest of its predecessor's terminating
 *    line) and splitting again gives the same statements.
 */
#include <string.h>
#include <apr_strings.h>
#include "fuzz_common.h"

static int only_ws_comments(const char *s)
{
    for (; *s; s++) {
        if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') continue;
        if (s[0] == '-' && s[1] == '-') {
            while (s[1] && s[1] != '\n') s++;
            continue;
        }
        return 0;
    }
    return 1;
}

/* e points just after a statement: ';', optional space/tab/CR, then a
 * newline or the end */
static int terminated(const char *e)
{
    if (*e++ != ';') return 0;
    while (*e == ' ' || *e == '\t' || *e == '\r') e++;
    return *e == '\n' || *e == '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p = fz_begin();
    const char *sql = fz_cstr(data, size);
    apr_array_header_t *st = rm_sql_split(p, sql);
    const char *pos = sql;
    size_t semis = 0;
    char *again = "";

    for (const char *c = sql; *c; c++) semis += *c == ';';
    FZ_ASSERT((size_t)st->nelts <= semis + 1, "%d statements, %zu semicolons", st->nelts, semis);
    for (int i = 0; i < st->nelts; i++) {
        const char *s = ((char **)st->elts)[i], *at;
        size_t n = strlen(s);
        int last = i == st->nelts - 1;
        /* the statement starts at the input's start or right after a ';',
         * and (but the last) is followed by its terminating ';' */
        for (at = strstr(pos, s); at; at = strstr(at + 1, s))
            if ((at == sql || at[-1] == ';') && (last || terminated(at + n))) break;
        FZ_ASSERT(at, "statement %d is not where a statement can be in the input", i);
        FZ_ASSERT(!only_ws_comments(s), "statement %d is only comments", i);
        if (!last) again = apr_pstrcat(p, again, s, ";", NULL);
        pos = at + n;
    }
    if (st->nelts > 1) {
        apr_array_header_t *st2 = rm_sql_split(p, again);
        FZ_ASSERT(st2->nelts == st->nelts - 1, "re-split: %d statements, not %d",
                  st2->nelts, st->nelts - 1);
        for (int i = 0; i < st2->nelts; i++)
            FZ_ASSERT(strcmp(((char **)st2->elts)[i], ((char **)st->elts)[i]) == 0,
                      "re-split statement %d differs", i);
    }
    fz_end();
    return 0;
}
