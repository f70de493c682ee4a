/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Each connection's statements: prepared once per connection (again when
 * SQLite's schema changed, or when PostgreSQL was restarted under a pooled
 * connection), and SQLite's check of whether another connection committed.
 */
#include <string.h>
#include <stdlib.h>
#include <apr_strings.h>
#include "db_int.h"
#include "store.h"

#define RM_COOKIE_KEY "rmentor.schema_cookie"

/* SQLite's schema cookie; NULL when it cannot be read.  Not a prepared
 * statement: a prepared PRAGMA would itself go stale on a schema change. */
static const char *schema_cookie(rm_db *db)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row = NULL;
    const char *v = NULL;
    if (apr_dbd_select(db->dbd->driver, db->pool, db->dbd->handle, &res,
                       "PRAGMA schema_version", 1) != 0)
        return NULL;
    while (apr_dbd_get_row(db->dbd->driver, db->pool, res, &row, -1) == 0)
        if (!v) v = apr_dbd_get_entry(db->dbd->driver, row, 0);
    return v;
}

static int prepare_one(rm_db *db, const char *label, const char *sql)
{
    ap_dbd_t *dbd = db->dbd;
    apr_dbd_prepared_t *st = NULL;
    int rv = apr_dbd_prepare(dbd->driver, dbd->pool, dbd->handle, sql, label, &st);
    if (rv != 0) {
        rm_db_log(db, APLOG_EMERG, 0, "cannot prepare statement %s: %s", label,
                      rm_dbi_errmsg(db, rv));
        return -1;
    }
    apr_hash_set(dbd->prepared, label, APR_HASH_KEY_STRING, st);
    return 0;
}

/* Prepare our statements on this connection (once per connection, and again
 * on SQLite when its schema changed: apr-util's driver uses the legacy
 * sqlite3_prepare(), whose statements then fail with SQLITE_SCHEMA instead of
 * being prepared again by SQLite itself). */
static int prepare_connection(rm_db *db, int first)
{
    ap_dbd_t *dbd = db->dbd;
    int nrows;
    if (!dbd->prepared) dbd->prepared = apr_hash_make(dbd->pool);
    if (rm_db_is_sqlite(dbd) && first) {
        /* Per-connection settings: these return no rows when setting. */
        if (apr_dbd_query(dbd->driver, dbd->handle, &nrows,
                          "PRAGMA foreign_keys=ON") != 0
            || apr_dbd_query(dbd->driver, dbd->handle, &nrows,
                             "PRAGMA synchronous=FULL") != 0) {
            rm_db_log(db, APLOG_ERR, 0, "cannot set SQLite connection pragmas");
            return -1;
        }
        else {
            /* SQLite retries a briefly held lock itself for up to 10 ms
             * instead of returning SQLITE_BUSY, on which apr-util's driver
             * sleeps 100 ms.  Short: the driver holds one mutex per process
             * while a statement runs, so a longer wait would stall every
             * thread of the child.  It returns a row: not apr_dbd_query. */
            apr_dbd_results_t *res = NULL;
            if (apr_dbd_select(dbd->driver, db->pool, dbd->handle, &res,
                               "PRAGMA busy_timeout=10", 1) == 0)
                rm_dbi_drain(db, res);
        }
    }
    for (const rm_stmt *const *c = rm_catalogues; *c; c++)
        for (const rm_stmt *st = *c; st->label; st++)
            if (prepare_one(db, st->label, rm_stmt_text(st, rm_db_is_sqlite(dbd))) != 0)
                return -1;
    if (rm_db_is_sqlite(dbd)) {
        const char *cookie;
        if (prepare_one(db, RM_Q_DATA_VERSION, "PRAGMA data_version") != 0)
            return -1;
        if (!(cookie = schema_cookie(db))) return -1;
        apr_pool_userdata_set(apr_pstrdup(dbd->pool, cookie), RM_COOKIE_KEY,
                              apr_pool_cleanup_null, dbd->pool);
    }
    else {
        apr_pool_userdata_set("1", RM_COOKIE_KEY, apr_pool_cleanup_null, dbd->pool);
    }
    return 0;
}

/* Reload the connection's view of the schema and prepare again. */
static int reprepare(rm_db *db)
{
    rm_db_log(db, APLOG_INFO, 0, "SQLite schema changed; preparing statements again");
    /* The connection reloads its schema only when a statement fails with
     * SQLITE_SCHEMA; until then new statements compile against the old one. */
    for (int i = 0; i < 3; i++) {
        apr_dbd_results_t *res = NULL;
        if (apr_dbd_select(db->dbd->driver, db->pool, db->dbd->handle, &res,
                           "SELECT count(*) FROM sqlite_master", 1) == 0) {
            rm_dbi_drain(db, res);
            break;
        }
    }
    return prepare_connection(db, 0);
}

/* After a failed statement outside a transaction: 1 when the cause may be a
 * changed SQLite schema (the driver reports it as a plain error). */
static int schema_changed(rm_db *db)
{
    void *mark = NULL;
    const char *now;
    if (!rm_db_is_sqlite(db->dbd) || db->in_txn) return 0;
    apr_pool_userdata_get(&mark, RM_COOKIE_KEY, db->dbd->pool);
    now = schema_cookie(db);
    return mark && now && strcmp(now, (const char *)mark) != 0;
}

#define RM_SUSPECT_KEY "rmentor.suspect"

/* A statement failed on this PostgreSQL connection inside a transaction,
 * where it cannot be retried: the next request to use the connection checks
 * it first (rm_dbi_connection_ready). */
void rm_dbi_mark_suspect(rm_db *db)
{
    if (!rm_db_is_sqlite(db->dbd))
        apr_pool_userdata_setn("1", RM_SUSPECT_KEY, NULL, db->dbd->pool);
}

static size_t statement_count(void)
{
    size_t n = 0;
    for (const rm_stmt *const *c = rm_catalogues; *c; c++)
        for (const rm_stmt *st = *c; st->label; st++) n++;
    return n;
}

/* PostgreSQL, outside a transaction: 1 when the connection works again and
 * our statements had to be prepared afresh, so that a failed statement is
 * worth retrying once.  apr_dbd_check_conn() reconnects a broken connection
 * (PQreset), and a reset connection has lost its prepared statements. */
int rm_dbi_pg_recovered(rm_db *db)
{
    const apr_dbd_driver_t *drv = db->dbd->driver;
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row = NULL;
    apr_hash_t *present = apr_hash_make(db->pool);
    int nrows;

    if (rm_db_is_sqlite(db->dbd) || db->in_txn) return 0;
    apr_pool_userdata_setn(NULL, RM_SUSPECT_KEY, NULL, db->dbd->pool);
    if (apr_dbd_check_conn(drv, db->pool, db->dbd->handle) != APR_SUCCESS)
        return 0;
    if (apr_dbd_select(drv, db->pool, db->dbd->handle, &res,
                       "SELECT name FROM pg_prepared_statements "
                       "WHERE name LIKE 'rm!_%' ESCAPE '!'", 1) != 0)
        return 0;
    while (apr_dbd_get_row(drv, db->pool, res, &row, -1) == 0) {
        const char *v = apr_dbd_get_entry(drv, row, 0);
        if (v) apr_hash_set(present, apr_pstrdup(db->pool, v),
                            APR_HASH_KEY_STRING, "");
    }
    if ((size_t)apr_hash_count(present) >= statement_count())
        return 0;                       /* all there: the failure was real */
    rm_db_log(db, APLOG_WARNING, 0, "PostgreSQL "
                  "connection re-established; preparing statements again");
    for (const rm_stmt *const *c = rm_catalogues; *c; c++)
        for (const rm_stmt *st = *c; st->label; st++)
            if (apr_hash_get(present, st->label, APR_HASH_KEY_STRING))
                apr_dbd_query(drv, db->dbd->handle, &nrows, apr_pstrcat(db->pool,
                              "DEALLOCATE ", st->label, NULL));
    return prepare_connection(db, 0) == 0;
}

/* After a failed statement: 1 when it is worth retrying once, with the
 * statements prepared again (SQLite's schema changed, or PostgreSQL's
 * connection was re-established). */
int rm_dbi_recovered(rm_db *db)
{
    if (rm_db_is_sqlite(db->dbd)) return schema_changed(db) && reprepare(db) == 0;
    if (db->in_txn) { rm_dbi_mark_suspect(db); return 0; }
    return rm_dbi_pg_recovered(db);
}

/* 0 when this connection's statements are prepared.  With check_schema (on
 * SQLite, before a write transaction) also when they are current: reads find
 * out on their own, by failing with SQLITE_SCHEMA, and are retried. */
int rm_dbi_connection_ready(rm_db *db, int check_schema)
{
    void *mark = NULL;
    const char *now;
    apr_pool_userdata_get(&mark, RM_COOKIE_KEY, db->dbd->pool);
    if (!mark) return prepare_connection(db, 1);
    if (!rm_db_is_sqlite(db->dbd)) {
        void *suspect = NULL;
        apr_pool_userdata_get(&suspect, RM_SUSPECT_KEY, db->dbd->pool);
        if (suspect) rm_dbi_pg_recovered(db);
        return 0;
    }
    if (!check_schema) return 0;
    now = schema_cookie(db);
    if (now && !strcmp(now, (const char *)mark)) return 0;
    return reprepare(db);
}

/* Per connection, made once in the connection's pool. */
typedef struct {
    int seen;                           /* data_version read at least once */
    long long data_version;
} conn_state;

#define RM_CONN_KEY "rmentor.conn"

/* SQLite: 0 when this connection could tell whether another connection
 * committed since it last looked, having moved the cache's generation on if
 * one did (or if this is the first look). */
int rm_db_sqlite_check_changes(rm_db *db)
{
    const apr_dbd_driver_t *drv = db->dbd->driver;
    apr_dbd_prepared_t *st = apr_hash_get(db->dbd->prepared, RM_Q_DATA_VERSION,
                                          APR_HASH_KEY_STRING);
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row = NULL;
    conn_state *cs = NULL;
    long long v = -1;
    apr_pool_userdata_get((void **)&cs, RM_CONN_KEY, db->dbd->pool);
    if (!cs) {
        cs = apr_pcalloc(db->dbd->pool, sizeof(*cs));
        apr_pool_userdata_setn(cs, RM_CONN_KEY, apr_pool_cleanup_null, db->dbd->pool);
    }
    apr_time_t t0 = apr_time_now();
    if (!st || apr_dbd_pselect(drv, db->pool, db->dbd->handle, &res, st, 1,
                               0, NULL) != 0)
        return -1;
    rm_dbi_note_slow(db, RM_Q_DATA_VERSION, t0);
    while (apr_dbd_get_row(drv, db->pool, res, &row, -1) == 0) {
        const char *e = apr_dbd_get_entry(drv, row, 0);
        if (e && v < 0) v = apr_atoi64(e);
    }
    if (v < 0) return -1;
    if ((!cs->seen || cs->data_version != v) && db->cache) db->cache->invalidate();
    cs->seen = 1;
    cs->data_version = v;
    return 0;
}

