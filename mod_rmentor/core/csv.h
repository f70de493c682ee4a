/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * CSV rows (RFC 4180) for GET /hr/export.csv and `rmentorctl hr export-csv`.
 *
 * rm_csv_row writes one record: cells joined by ',', the row ended by CRLF.
 * A cell is quoted ("...") when it holds a comma, a double quote, CR or LF,
 * or begins or ends with a space or a tab (spreadsheets trim those
 * otherwise); a double quote inside is doubled.  Bytes are written as they
 * are: the caller passes UTF-8.
 *
 * Formula injection (OWASP "CSV Injection"): a cell whose first character
 * is = + - @, a TAB or a CR is a formula, or can start one, to Excel,
 * LibreOffice and Google Sheets.  Such a cell gets a leading apostrophe (')
 * and is then always quoted: "'=1+2".  The apostrophe makes a spreadsheet
 * show the text as text; it is visible to a program that reads the file,
 * which is the documented price of the defence (OWASP's advice).  Only the
 * first character decides, so "-3" becomes "'-3": numbers that may be
 * negative should not go through this writer as text (the export has none;
 * its numbers are counts, written as digits).  NULL cells are written empty.
 *
 * rm_csv_bom: the UTF-8 byte order mark (EF BB BF).  Excel reads a CSV file
 * as the Windows code page unless the file starts with it; LibreOffice and
 * programs that follow RFC 4180 read UTF-8 either way (Python's csv needs
 * encoding="utf-8-sig" to drop it).  The export writes it first, once.
 */
#ifndef RM_CSV_H
#define RM_CSV_H

#include <apr_pools.h>

#define RM_CSV_BOM "\xEF\xBB\xBF"

/* One row of n cells (n >= 0; 0 gives an empty row "\r\n"), ending in CRLF. */
const char *rm_csv_row(apr_pool_t *p, const char *const *cells, int n);

/* One cell as rm_csv_row writes it (quoted and neutralised as needed). */
const char *rm_csv_cell(apr_pool_t *p, const char *cell);

/* The UTF-8 byte order mark, 3 bytes. */
const char *rm_csv_bom(void);

#endif
