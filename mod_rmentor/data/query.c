/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Running a statement of the catalogue: its arguments counted against its
 * placeholders, a failure retried once when the connection recovered, reads
 * through the result cache's hooks when the handle has them.
 */
#include <string.h>
#include <stdlib.h>
#include <apr_strings.h>
#include "db_int.h"

/* The number of arguments a statement takes: its %s / %lld placeholders. */
static int placeholders(const char *sql)
{
    int n = 0;
    for (const char *c = sql; (c = strchr(c, '%')) != NULL; c++) {
        if (c[1] == '%') { c++; continue; }
        n++;
    }
    return n;
}

/* The catalogue's entry for a label (pointer compare first: callers pass
 * the catalogue's own string constants). */
static const rm_stmt *find_stmt(const char *label)
{
    for (const rm_stmt *const *c = rm_catalogues; *c; c++)
        for (const rm_stmt *st = *c; st->label; st++)
            if (st->label == label || !strcmp(st->label, label))
                return st;
    return NULL;
}

/* Runs a prepared statement: a select into *res (random access) when res is
 * given, otherwise a command counting *nrows.  A failure is retried once when
 * rm_dbi_recovered() made it worth it; a final failure is logged and marks the
 * request (db->db_error). */
static int run(rm_db *db, const rm_stmt *def, const char *label,
               const char *const *args, apr_dbd_results_t **res, int *nrows)
{
    const apr_dbd_driver_t *drv = db->dbd->driver;
    const char *err = NULL;
    int nargs = 0;
    if (!def) {
        rm_db_log(db, APLOG_ERR, 0, "unknown statement %s", label);
        db->db_error = 1;
        return -1;
    }
    /* a named argument left out is NULL, and would end the list early */
    while (args[nargs]) nargs++;
    if (nargs != placeholders(def->sql)) {
        rm_db_log(db, APLOG_ERR, 0, "statement %s given %d arguments, takes %d",
                  label, nargs, placeholders(def->sql));
        db->db_error = 1;
        return -1;
    }
    if (db->in_txn && db->db_error) {
        /* A statement of this transaction failed.  On PostgreSQL every later
         * one would fail too; on SQLite some failures (I/O, a full disk, a
         * RAISE(ROLLBACK)) end the transaction, and what ran next would
         * commit on its own.  Either way the transaction is only rolled back. */
        rm_db_log(db, APLOG_DEBUG, 0, "%s not run: "
                      "an earlier statement of the transaction failed", label);
        return -1;
    }
    for (int attempt = 0; attempt < 2; attempt++) {
        /* looked up on each attempt: a recovery prepares them afresh */
        apr_dbd_prepared_t *st = db->dbd->prepared
            ? apr_hash_get(db->dbd->prepared, def->label, APR_HASH_KEY_STRING) : NULL;
        apr_time_t t0 = apr_time_now();
        int rv;
        if (!st) {
            rm_db_log(db, APLOG_ERR, 0, "statement %s is not prepared", label);
            break;
        }
        if (res) *res = NULL;
        rv = res ? apr_dbd_pselect(drv, db->pool, db->dbd->handle, res, st, 1,
                                   nargs, (const char **)args)
                 : apr_dbd_pquery(drv, db->pool, db->dbd->handle, nrows, st,
                                  nargs, (const char **)args);
        rm_dbi_note_slow(db, label, t0);
        if (rv == 0) return 0;
        err = rm_dbi_errmsg(db, rv);        /* before rm_dbi_recovered() runs anything */
        if (attempt || !rm_dbi_recovered(db)) break;
    }
    if (err)
        rm_db_log(db, APLOG_ERR, 0, "%s %s failed: %s",
                      res ? "query" : "statement", label, err);
    db->db_error = 1;
    return -1;
}

int rm_db_select(rm_db *db, const char *label, rm_rows **out,
                 const char *const *args)
{
    const apr_dbd_driver_t *drv = db->dbd->driver;
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row = NULL;
    apr_array_header_t *rows;
    rm_rows *rr;
    const rm_stmt *def = find_stmt(label);     /* once: cacheable, and run */
    int rv, use_cache = db->cache_ok && !db->in_txn && def && def->cache;
    apr_uint32_t gen = 0;
    if (use_cache) {
        /* the generation before the query: a change that lands while it runs
         * leaves the entry stale from the start */
        gen = db->cache->generation();
        if ((*out = db->cache->get(db, label, args, gen)) != NULL)
            return 0;
    }
    *out = rr = apr_pcalloc(db->pool, sizeof(*rr));
    /* random access (1): the pgsql driver then runs the statement
     * synchronously and reports errors; in sequential mode it reports an
     * error as "no more rows" after sleeping 100 ms per empty result. */
    if (run(db, def, label, args, &res, NULL) != 0) return -1;
    rr->ncols = apr_dbd_num_cols(drv, res);
    rows = apr_array_make(db->pool, 16, sizeof(const char **));
    while ((rv = apr_dbd_get_row(drv, db->pool, res, &row, -1)) == 0) {
        const char **cols = apr_palloc(db->pool, sizeof(char *) * (rr->ncols + 1));
        for (int j = 0; j < rr->ncols; j++) {
            const char *v = apr_dbd_get_entry(drv, row, j);
            cols[j] = v ? apr_pstrdup(db->pool, v) : "";
        }
        cols[rr->ncols] = NULL;
        *(const char ***)apr_array_push(rows) = cols;
    }
    if (rv > 0) {   /* -1 means no more rows; a positive value is an error */
        rm_db_log(db, APLOG_ERR, 0, "reading %s failed: %s", label, rm_dbi_errmsg(db, rv));
        db->db_error = 1;
        return -1;
    }
    rr->n = rows->nelts;
    rr->rows = (const char ***)rows->elts;
    if (use_cache) db->cache->put(db, label, args, gen, rr);
    return 0;
}

int rm_db_exec(rm_db *db, const char *label, int *nrows,
               const char *const *args)
{
    int dummy = 0, rv;
    if (!nrows) nrows = &dummy;
    *nrows = 0;
    rv = run(db, find_stmt(label), label, args, NULL, nrows);
    if (!db->in_txn && db->cache) db->cache->invalidate();   /* a write on its own */
    return rv;
}

