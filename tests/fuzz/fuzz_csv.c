/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The CSV writer (core/csv.c): rm_csv_row over up to 16 cells of any bytes
 * (the input split at NUL bytes), read back by a small RFC 4180 reader
 * written here.
 *
 * Invariants:
 *  - the row ends in CRLF, and reads back as exactly the cells written
 *    (a row of no cells, or of one empty cell, is the empty line);
 *  - each cell reads back as itself, or, when it starts with = + - @ TAB
 *    or CR, as an apostrophe and itself (formula injection neutralised);
 *    no cell read back starts with one of those characters;
 *  - a cell read back that was not quoted holds no comma, quote, CR or LF
 *    and no space or tab at either end;
 *  - rm_csv_cell gives each cell exactly as it appears in the row.
 */
#include <string.h>
#include <apr_strings.h>
#include "fuzz_common.h"
#include "csv.h"

#define MAXCELLS 16

static int formula(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

/* RFC 4180: one record from s (which must end in CRLF); cells into out */
static int read_row(apr_pool_t *p, const char *s, size_t len, char **out, int *quoted, int max)
{
    size_t i = 0;
    int n = 0;
    FZ_ASSERT(len >= 2 && s[len - 2] == '\r' && s[len - 1] == '\n', "no CRLF at the end");
    len -= 2;
    for (;;) {
        char *cell = apr_palloc(p, len + 1), *o = cell;
        FZ_ASSERT(n < max, "more cells than written");
        quoted[n] = 0;
        if (i < len && s[i] == '"') {
            quoted[n] = 1;
            for (i++;; i++) {
                FZ_ASSERT(i < len, "a quoted cell does not end");
                if (s[i] == '"') {
                    if (i + 1 < len && s[i + 1] == '"') { *o++ = '"'; i++; continue; }
                    i++;
                    break;
                }
                *o++ = s[i];
            }
        }
        else {
            for (; i < len && s[i] != ','; i++) {
                FZ_ASSERT(s[i] != '"' && s[i] != '\r' && s[i] != '\n', "bare %02x",
                          (unsigned char)s[i]);
                *o++ = s[i];
            }
        }
        *o = '\0';
        out[n++] = cell;
        if (i == len) return n;
        FZ_ASSERT(s[i] == ',', "after a cell: %02x", (unsigned char)s[i]);
        i++;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p = fz_begin();
    const char *cells[MAXCELLS];
    char *back[MAXCELLS + 1];
    int quoted[MAXCELLS + 1], n = 0, m;
    size_t at = 0;
    const char *row;

    while (n < MAXCELLS && at < size) {
        const uint8_t *z = memchr(data + at, 0, size - at);
        size_t len = z ? (size_t)(z - (data + at)) : size - at;
        cells[n++] = fz_cstr(data + at, len);
        at += len + 1;
    }
    row = rm_csv_row(p, cells, n);
    if (n == 0 || (n == 1 && !*cells[0])) {
        FZ_ASSERT(!strcmp(row, "\r\n"), "an empty row is \"%s\"", row);
        fz_end();
        return 0;
    }
    m = read_row(p, row, strlen(row), back, quoted, MAXCELLS + 1);
    FZ_ASSERT(m == n, "%d cells written, %d read", n, m);
    {
        const char *joined = "";
        for (int i = 0; i < n; i++) {
            const char *want = formula(cells[i][0]) ? apr_pstrcat(p, "'", cells[i], NULL)
                                                    : cells[i];
            size_t bl = strlen(back[i]);
            FZ_ASSERT(!strcmp(back[i], want), "cell %d reads back differently", i);
            FZ_ASSERT(!formula(back[i][0]), "cell %d starts a formula", i);
            if (!quoted[i])
                FZ_ASSERT(!strpbrk(back[i], ",\"\r\n") && (bl == 0 || (back[i][0] != ' '
                          && back[i][bl - 1] != ' ' && back[i][bl - 1] != '\t')),
                          "cell %d needed quotes", i);
            joined = apr_pstrcat(p, joined, i ? "," : "", rm_csv_cell(p, cells[i]), NULL);
        }
        FZ_ASSERT(!strcmp(apr_pstrcat(p, joined, "\r\n", NULL), row), "rm_csv_cell differs");
    }
    fz_end();
    return 0;
}
