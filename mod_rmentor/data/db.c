/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The data layer (rm_db.h): a handle on a connection, whoever opened it
 * (mod_dbd for the module, rmentorctl itself), and every statement one of
 * the labelled prepared statements of the catalogue (catalogue.c).  This file
 * holds the handle, its messages and plain transactions; schema.c the
 * migrations; prepare.c preparing and recovering connections; query.c
 * running statements; group.c SQLite's group commit and rm_db_begin/end.
 *
 * Statements are prepared per connection here rather than registered with
 * ap_dbd_prepare(): mod_dbd prepares registered statements as soon as it opens
 * a connection, which fails on a fresh database before our tables exist.  So
 * the first request on a process brings the schema up to date (or refuses to
 * serve one it does not know), and each connection then gets our statements
 * added to its `prepared` table once (again if SQLite's schema changes).
 *
 * SQLite: apr-util's driver sets no busy timeout and sleeps 100 ms on
 * SQLITE_BUSY, so write transactions are serialised here with a global mutex
 * (configurable with "Mutex rmentor-write ..."), and the writers of one
 * process share a transaction and its COMMIT (group commit, below).
 * PostgreSQL needs no such lock.
 * Each SQLite connection also gets a 10 ms busy timeout (prepare_connection),
 * so that a reader meeting a briefly held WAL lock waits milliseconds, not
 * the driver's 100 ms.
 *
 * Transactions are plain BEGIN / COMMIT / ROLLBACK statements, not
 * apr_dbd_transaction_*(): apr-util 1.6's pgsql driver dereferences a NULL
 * transaction when BEGIN fails (a restarted PostgreSQL crashed the child).
 *
 * PostgreSQL restarts: mod_dbd reconnects a broken connection with PQreset(),
 * which drops the server's prepared statements behind our back.  A statement
 * that fails outside a transaction therefore checks the connection, prepares
 * our statements again when they are gone, and is retried once.
 */
#include <string.h>
#include <stdarg.h>
#include <apr_strings.h>
#include "db_int.h"

/* The SQLite write mutex, made and attached by the module (web/db_open.c);
 * NULL in a tool, which then writes without it. */
apr_global_mutex_t *rm_dbi_write_mutex;

/* Per process: 1 once the schema was found (or made) current. */
volatile int rm_dbi_schema_ok;
apr_thread_mutex_t *rm_dbi_schema_lock;


void rm_db_process_init(apr_pool_t *p, apr_global_mutex_t *mutex)
{
    rm_dbi_schema_ok = 0;
    rm_dbi_write_mutex = mutex;
    apr_thread_mutex_create(&rm_dbi_schema_lock, APR_THREAD_MUTEX_DEFAULT, p);
    rm_dbi_group_init(p);
}

rm_db *rm_db_wrap(apr_pool_t *p, const apr_dbd_driver_t *driver, apr_dbd_t *handle,
                  void (*log)(const rm_db *db, int level, apr_status_t rv,
                              const char *msg), int log_level)
{
    rm_db *db = apr_pcalloc(p, sizeof(*db));
    db->pool = p;
    db->dbd = apr_pcalloc(p, sizeof(*db->dbd));
    db->dbd->driver = driver;
    db->dbd->handle = handle;
    db->dbd->pool = p;
    db->log = log;
    db->log_level = log_level;
    db->schema_auto = 1;
    return db;
}

void rm_db_log(const rm_db *db, int level, apr_status_t rv, const char *fmt, ...)
{
    va_list ap;
    if (!db->log || level > db->log_level) return;
    va_start(ap, fmt);
    db->log(db, level, rv, apr_pvsprintf(db->pool, fmt, ap));
    va_end(ap);
}

int rm_db_is_sqlite(const ap_dbd_t *dbd)
{
    return strcmp(apr_dbd_name(dbd->driver), "sqlite3") == 0;
}

/* The first line of a driver error, bounded: pgsql adds DETAIL lines that can
 * quote stored values, which must not reach the log. */
const char *rm_dbi_errmsg(rm_db *db, int rv)
{
    const char *e = apr_dbd_error(db->dbd->driver, db->dbd->handle, rv);
    size_t n;
    if (!e) return "unknown error";
    n = strcspn(e, "\r\n");
    if (n > 200) n = 200;
    return apr_pstrmemdup(db->pool, e, n);
}

void rm_dbi_drain(rm_db *db, apr_dbd_results_t *res)
{
    apr_dbd_row_t *row = NULL;
    while (apr_dbd_get_row(db->dbd->driver, db->pool, res, &row, -1) == 0)
        ;
}

/* A database step that took longer than a person should wait is logged
 * (label only), so that a site, or make bench, can see which one stalls. */
#define RM_SLOW_MS 100

void rm_dbi_note_slow(rm_db *db, const char *what, apr_time_t t0)
{
    apr_time_t ms = apr_time_as_msec(apr_time_now() - t0);
    if (ms >= RM_SLOW_MS)
        rm_db_log(db, APLOG_WARNING, 0, "slow database "
                      "step: %s took %" APR_TIME_T_FMT " ms", what, ms);
}

int rm_dbi_write_lock(rm_db *db)
{
    apr_status_t rv;
    apr_time_t t0 = apr_time_now();
    if (!rm_db_is_sqlite(db->dbd) || !rm_dbi_write_mutex || db->write_locked) return 0;
    rv = apr_global_mutex_lock(rm_dbi_write_mutex);
    rm_dbi_note_slow(db, "waiting for the write mutex", t0);
    if (rv != APR_SUCCESS) {
        rm_db_log(db, APLOG_ERR, rv, "cannot take the write mutex");
        return -1;
    }
    db->write_locked = 1;
    return 0;
}

void rm_dbi_write_unlock(rm_db *db)
{
    if (db->write_locked) {
        apr_global_mutex_unlock(rm_dbi_write_mutex);
        db->write_locked = 0;
    }
}

int rm_dbi_txn_send(rm_db *db, const char *sql)
{
    int nrows, rv;
    apr_time_t t0 = apr_time_now();
    rv = apr_dbd_query(db->dbd->driver, db->dbd->handle, &nrows, sql);
    rm_dbi_note_slow(db, sql, t0);
    return rv;
}

/* BEGIN: IMMEDIATE on SQLite, so the write lock is taken up front. */
int rm_dbi_txn_begin(rm_db *db)
{
    int rv = rm_dbi_txn_send(db, rm_db_is_sqlite(db->dbd) ? "BEGIN IMMEDIATE" : "BEGIN");
    if (rv == 0) db->in_txn = 1;
    return rv;
}

/* COMMIT (commit != 0) or ROLLBACK.  A COMMIT that fails is followed by a
 * ROLLBACK: SQLite keeps the transaction open after a failed COMMIT, and on
 * PostgreSQL the extra ROLLBACK is a harmless warning. */
int rm_dbi_txn_end(rm_db *db, int commit)
{
    int rv = rm_dbi_txn_send(db, commit ? "COMMIT" : "ROLLBACK");
    if (rv != 0 && commit) rm_dbi_txn_send(db, "ROLLBACK");
    db->in_txn = 0;
    /* before the response goes out: whoever this writer answers reads the
     * change, whichever child serves them (cache.c) */
    if (commit && db->cache && !db->keep_cache) db->cache->invalidate();
    db->keep_cache = 0;
    return rv;
}

