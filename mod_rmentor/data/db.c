/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Storage through mod_dbd.  Connections come from ap_dbd_acquire(); every
 * statement is one of the labelled prepared statements in store.c.
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
#include <apr_atomic.h>
#include <apr_strings.h>
#include <apr_thread_cond.h>
#include <apr_thread_mutex.h>
#include <apr_optional.h>
#include <stdarg.h>
#include <stdlib.h>
#include "rm_db.h"
#include "migrations.h"
#include "store.h"

/* The SQLite write mutex, made and attached by the module (web/db_open.c);
 * NULL in a tool, which then writes without it. */
static apr_global_mutex_t *write_mutex;

/* Per process: 1 once the schema was found (or made) current. */
static volatile int schema_ok;
static apr_thread_mutex_t *schema_lock;

static void group_child_init(apr_pool_t *p);

void rm_db_process_init(apr_pool_t *p, apr_global_mutex_t *mutex)
{
    schema_ok = 0;
    write_mutex = mutex;
    apr_thread_mutex_create(&schema_lock, APR_THREAD_MUTEX_DEFAULT, p);
    group_child_init(p);
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
static const char *db_errmsg(rm_db *db, int rv)
{
    const char *e = apr_dbd_error(db->dbd->driver, db->dbd->handle, rv);
    size_t n;
    if (!e) return "unknown error";
    n = strcspn(e, "\r\n");
    if (n > 200) n = 200;
    return apr_pstrmemdup(db->pool, e, n);
}

static void drain(rm_db *db, apr_dbd_results_t *res)
{
    apr_dbd_row_t *row = NULL;
    while (apr_dbd_get_row(db->dbd->driver, db->pool, res, &row, -1) == 0)
        ;
}

/* A database step that took longer than a person should wait is logged
 * (label only), so that a site, or make bench, can see which one stalls. */
#define RM_SLOW_MS 100

static void note_slow(rm_db *db, const char *what, apr_time_t t0)
{
    apr_time_t ms = apr_time_as_msec(apr_time_now() - t0);
    if (ms >= RM_SLOW_MS)
        rm_db_log(db, APLOG_WARNING, 0, "slow database "
                      "step: %s took %" APR_TIME_T_FMT " ms", what, ms);
}

static int write_lock(rm_db *db)
{
    apr_status_t rv;
    apr_time_t t0 = apr_time_now();
    if (!rm_db_is_sqlite(db->dbd) || !write_mutex || db->write_locked) return 0;
    rv = apr_global_mutex_lock(write_mutex);
    note_slow(db, "waiting for the write mutex", t0);
    if (rv != APR_SUCCESS) {
        rm_db_log(db, APLOG_ERR, rv, "cannot take the write mutex");
        return -1;
    }
    db->write_locked = 1;
    return 0;
}

static void write_unlock(rm_db *db)
{
    if (db->write_locked) {
        apr_global_mutex_unlock(write_mutex);
        db->write_locked = 0;
    }
}

static int txn_send(rm_db *db, const char *sql)
{
    int nrows, rv;
    apr_time_t t0 = apr_time_now();
    rv = apr_dbd_query(db->dbd->driver, db->dbd->handle, &nrows, sql);
    note_slow(db, sql, t0);
    return rv;
}

/* BEGIN: IMMEDIATE on SQLite, so the write lock is taken up front. */
static int txn_begin(rm_db *db)
{
    int rv = txn_send(db, rm_db_is_sqlite(db->dbd) ? "BEGIN IMMEDIATE" : "BEGIN");
    if (rv == 0) db->in_txn = 1;
    return rv;
}

/* COMMIT (commit != 0) or ROLLBACK.  A COMMIT that fails is followed by a
 * ROLLBACK: SQLite keeps the transaction open after a failed COMMIT, and on
 * PostgreSQL the extra ROLLBACK is a harmless warning. */
static int txn_end(rm_db *db, int commit)
{
    int rv = txn_send(db, commit ? "COMMIT" : "ROLLBACK");
    if (rv != 0 && commit) txn_send(db, "ROLLBACK");
    db->in_txn = 0;
    /* before the response goes out: whoever this writer answers reads the
     * change, whichever child serves them (cache.c) */
    if (commit && db->cache) db->cache->invalidate();
    return rv;
}

/* One number from an unprepared query; -1 when the query fails. */
static int query_int(rm_db *db, const char *sql, int *out)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row = NULL;
    const apr_dbd_driver_t *drv = db->dbd->driver;
    *out = 0;
    if (apr_dbd_select(drv, db->pool, db->dbd->handle, &res, sql, 1) != 0)
        return -1;
    while (apr_dbd_get_row(drv, db->pool, res, &row, -1) == 0) {
        const char *v = apr_dbd_get_entry(drv, row, 0);
        if (v) *out = atoi(v);
    }
    return 0;
}

/* Schema version in the database: 0 when there is no rm_schema table, -1
 * (logged) when the database cannot be read, which must not pass for an empty
 * database.  The table's existence comes from the catalogue, so a fresh
 * database is told apart from a failing one without parsing error text. */
static int schema_version(rm_db *db, int *version)
{
    int exists = 0;
    const char *probe = rm_db_is_sqlite(db->dbd)
        ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
          "AND name = 'rm_schema'"
        : "SELECT count(*) FROM pg_catalog.pg_tables WHERE tablename = 'rm_schema' "
          "AND schemaname = ANY (current_schemas(false))";
    *version = 0;
    for (int attempt = 0; attempt < 2; attempt++) {
        if (query_int(db, probe, &exists) == 0
            && (!exists || query_int(db, "SELECT max(version) FROM rm_schema",
                                     version) == 0))
            return 0;
        /* a PostgreSQL connection broken by a server restart: reconnect */
        if (attempt || rm_db_is_sqlite(db->dbd)
            || apr_dbd_check_conn(db->dbd->driver, db->pool,
                                  db->dbd->handle) != APR_SUCCESS)
            break;
    }
    rm_db_log(db, APLOG_ERR, 0, "cannot read the "
                  "schema version: %s", db_errmsg(db, -1));
    return -1;
}

static const rm_migration *migrations_for(const ap_dbd_t *dbd)
{
    const char *name = apr_dbd_name(dbd->driver);
    if (strcmp(name, "sqlite3") == 0) return rm_migrations_sqlite3;
    if (strcmp(name, "pgsql") == 0) return rm_migrations_pgsql;
    return NULL;
}

static int known_version(const rm_migration *m)
{
    int v = 0;
    for (; m && m->sql; m++) v = m->version;
    return v;
}

/* Apply the migrations after `current` up to `target` in one transaction.
 * The version is read before the transaction: inside one, a failed statement
 * (such as reading rm_schema before it exists) poisons every later statement.
 * Two servers migrating one PostgreSQL database at once: the loser's CREATE
 * fails, it rolls back, and the caller finds the schema current. */
static int migrate(rm_db *db, const rm_migration *migs, int current, int target,
                   const char **why)
{
    const apr_dbd_driver_t *drv = db->dbd->driver;
    int rv, failed = 0, nrows;

    if ((rv = txn_begin(db)) != 0) {
        *why = apr_psprintf(db->pool, "cannot begin the migration: %s",
                            db_errmsg(db, rv));
        failed = 1;
    }
    for (const rm_migration *m = migs; !failed && m->sql; m++) {
        apr_array_header_t *stmts;
        if (m->version <= current || m->version > target) continue;
        stmts = rm_sql_split(db->pool, m->sql);
        for (int i = 0; i < stmts->nelts && !failed; i++) {
            rv = apr_dbd_query(drv, db->dbd->handle, &nrows,
                               ((char **)stmts->elts)[i]);
            if (rv != 0) {
                /* logged by the caller, which knows whether another server
                 * applied the same migration at the same moment */
                *why = apr_psprintf(db->pool, "migration %s failed at statement "
                                    "%d: %s", m->name, i + 1, db_errmsg(db, rv));
                failed = 1;
            }
        }
        if (!failed) {
            rv = apr_dbd_query(drv, db->dbd->handle, &nrows, apr_psprintf(
                    db->pool, "INSERT INTO rm_schema (version, applied_at) "
                    "VALUES (%d, %" APR_TIME_T_FMT ")", m->version,
                    apr_time_sec(apr_time_now())));
            if (rv != 0) failed = 1;
            else rm_db_log(db, APLOG_NOTICE, 0, "applied schema migration %s", m->name);
        }
    }
    if (db->in_txn && txn_end(db, !failed) != 0) failed = 1;
    return failed ? -1 : 0;
}

int rm_db_schema_status(rm_db *db, int *current, int *known)
{
    const rm_migration *migs = migrations_for(db->dbd);
    *known = known_version(migs);
    if (!migs) {
        rm_db_log(db, APLOG_EMERG, 0, "DBD driver %s is not supported (use "
                  "sqlite3 or pgsql)", apr_dbd_name(db->dbd->driver));
        return -1;
    }
    return schema_version(db, current);
}

static int schema_check(rm_db *db)
{
    const rm_migration *migs = migrations_for(db->dbd);
    int target = known_version(migs), version = 0;
    if (!migs) {
        rm_db_log(db, APLOG_EMERG, 0, "DBD driver %s is not supported (use sqlite3 or pgsql)",
                      apr_dbd_name(db->dbd->driver));
        return -1;
    }
    if (schema_version(db, &version) != 0) return -1;
    if (version > target) {
        rm_db_log(db, APLOG_EMERG, 0, "database schema version %d is newer than this module "
                      "knows (%d); refusing to serve: install the matching module",
                      version, target);
        return -1;
    }
    if (version < target) {
        if (!db->schema_auto) {
            rm_db_log(db, APLOG_EMERG, 0, "database schema version %d, module needs %d, and "
                          "RMentorSchema is check: apply sql/ migrations "
                          "(scripts/rm-migrate-pgsql) first", version, target);
            return -1;
        }
        const char *why = "migration failed";
        int failed = migrate(db, migs, version, target, &why) != 0;
        if (schema_version(db, &version) != 0) return -1;
        if (version != target) {
            rm_db_log(db, APLOG_EMERG, 0, "%s", why);
            return -1;
        }
        if (failed)   /* several servers started on an empty database at once */
            rm_db_log(db, APLOG_INFO, 0, "schema migrated "
                          "by another server meanwhile (%s)", why);
    }
    return 0;
}

/* Bring the schema up to date, once per process.  On SQLite the whole check
 * runs under the write mutex: children starting together on a fresh file
 * otherwise read it while another is creating it ("database is locked"), and
 * switching to WAL needs the file to itself. */
static int schema_prepare(rm_db *db)
{
    int rc;
    if (write_lock(db) != 0) return -1;
    if (rm_db_is_sqlite(db->dbd)) {
        /* journal_mode persists in the file; it returns a row, so it cannot
         * go through apr_dbd_query (nor DBDInitSQL). */
        apr_dbd_results_t *res = NULL;
        if (apr_dbd_select(db->dbd->driver, db->pool, db->dbd->handle, &res,
                           "PRAGMA journal_mode=WAL", 1) == 0)
            drain(db, res);
    }
    rc = schema_check(db);
    write_unlock(db);
    return rc;
}

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

static int prepare_one(rm_db *db, const char *label, const char *sql)
{
    ap_dbd_t *dbd = db->dbd;
    apr_dbd_prepared_t *st = NULL;
    int rv = apr_dbd_prepare(dbd->driver, dbd->pool, dbd->handle, sql, label, &st);
    if (rv != 0) {
        rm_db_log(db, APLOG_EMERG, 0, "cannot prepare statement %s: %s", label,
                      db_errmsg(db, rv));
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
                drain(db, res);
        }
    }
    for (const rm_stmt *const *c = rm_catalogues; *c; c++)
        for (const rm_stmt *st = *c; st->label; st++)
            if (prepare_one(db, st->label, st->sql) != 0)
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
            drain(db, res);
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
 * it first (connection_ready). */
static void mark_suspect(rm_db *db)
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
static int pg_recovered(rm_db *db)
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
static int recovered(rm_db *db)
{
    if (rm_db_is_sqlite(db->dbd)) return schema_changed(db) && reprepare(db) == 0;
    if (db->in_txn) { mark_suspect(db); return 0; }
    return pg_recovered(db);
}

/* 0 when this connection's statements are prepared.  With check_schema (on
 * SQLite, before a write transaction) also when they are current: reads find
 * out on their own, by failing with SQLITE_SCHEMA, and are retried. */
static int connection_ready(rm_db *db, int check_schema)
{
    void *mark = NULL;
    const char *now;
    apr_pool_userdata_get(&mark, RM_COOKIE_KEY, db->dbd->pool);
    if (!mark) return prepare_connection(db, 1);
    if (!rm_db_is_sqlite(db->dbd)) {
        void *suspect = NULL;
        apr_pool_userdata_get(&suspect, RM_SUSPECT_KEY, db->dbd->pool);
        if (suspect) pg_recovered(db);
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
    note_slow(db, RM_Q_DATA_VERSION, t0);
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

int rm_db_ready(rm_db *db)
{
    if (!schema_ok) {
        int rc;
        apr_thread_mutex_lock(schema_lock);
        rc = schema_ok ? 0 : schema_prepare(db);
        if (rc == 0) schema_ok = 1;
        apr_thread_mutex_unlock(schema_lock);
        if (rc != 0) return -1;
    }
    return connection_ready(db, 0) != 0 ? -2 : 0;
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

static apr_dbd_prepared_t *stmt(rm_db *db, const char *label, int *nargs,
                                const char *const *args)
{
    apr_dbd_prepared_t *st = db->dbd->prepared
        ? apr_hash_get(db->dbd->prepared, label, APR_HASH_KEY_STRING) : NULL;
    const rm_stmt *def = find_stmt(label);
    *nargs = 0;
    while (args[*nargs]) (*nargs)++;
    if (!st || !def) {
        rm_db_log(db, APLOG_ERR, 0, "unknown statement %s", label);
        return NULL;
    }
    /* a named argument left out is NULL, and would end the list early */
    if (*nargs != placeholders(def->sql)) {
        rm_db_log(db, APLOG_ERR, 0, "statement %s given %d arguments, takes %d",
                  label, *nargs, placeholders(def->sql));
        return NULL;
    }
    return st;
}

/* Runs a prepared statement: a select into *res (random access) when res is
 * given, otherwise a command counting *nrows.  A failure is retried once when
 * recovered() made it worth it; a final failure is logged and marks the
 * request (db->db_error). */
static int run(rm_db *db, const char *label, const char *const *args,
               apr_dbd_results_t **res, int *nrows)
{
    const apr_dbd_driver_t *drv = db->dbd->driver;
    const char *err = NULL;
    int nargs;
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
        apr_dbd_prepared_t *st = stmt(db, label, &nargs, args);
        apr_time_t t0 = apr_time_now();
        int rv;
        if (!st) break;                 /* stmt() logged it */
        if (res) *res = NULL;
        rv = res ? apr_dbd_pselect(drv, db->pool, db->dbd->handle, res, st, 1,
                                   nargs, (const char **)args)
                 : apr_dbd_pquery(drv, db->pool, db->dbd->handle, nrows, st,
                                  nargs, (const char **)args);
        note_slow(db, label, t0);
        if (rv == 0) return 0;
        err = db_errmsg(db, rv);        /* before recovered() runs anything */
        if (attempt || !recovered(db)) break;
    }
    if (err)
        rm_db_log(db, APLOG_ERR, 0, "%s %s failed: %s",
                      res ? "query" : "statement", label, err);
    db->db_error = 1;
    return -1;
}

static int cacheable(const char *label)
{
    const rm_stmt *def = find_stmt(label);
    return def ? def->cache : 0;
}

int rm_db_select(rm_db *db, const char *label, rm_rows **out,
                 const char *const *args)
{
    const apr_dbd_driver_t *drv = db->dbd->driver;
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row = NULL;
    apr_array_header_t *rows;
    rm_rows *rr;
    int rv, use_cache = db->cache_ok && !db->in_txn && cacheable(label);
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
    if (run(db, label, args, &res, NULL) != 0) return -1;
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
        rm_db_log(db, APLOG_ERR, 0, "reading %s failed: %s", label, db_errmsg(db, rv));
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
    rv = run(db, label, args, NULL, nrows);
    if (!db->in_txn && db->cache) db->cache->invalidate();   /* a write on its own */
    return rv;
}

/* ---- SQLite: group commit ------------------------------------------------
 *
 * With synchronous=FULL every COMMIT waits for an fsync of the WAL, which on
 * an ordinary disk is most of a write transaction's time under the write
 * mutex (measured: COMMIT 370-460 us of 530-640 us).  So the write
 * transactions of one process share a commit:
 *
 *   - the first writer (the leader) takes the write mutex and opens a
 *     transaction on its own connection;
 *   - writers that arrive while it is open (members) run their statements on
 *     that same connection, one after another, each inside its own SAVEPOINT,
 *     so that one member's failure (a constraint, a decision taken meanwhile)
 *     rolls back that member alone;
 *   - when the leader's own part is done and no member is running or waiting
 *     (or the group holds RM_GROUP_MAX writers), it commits once for all and
 *     tells every member the outcome.
 *
 * Nobody's rm_db_end() returns before the COMMIT that holds its writes has
 * returned, so a write acknowledged to a client is durable exactly as before;
 * a failed COMMIT fails every member (503, nothing kept).  Members wait for
 * the group's end even after rolling their own part back, so whatever they
 * read afterwards on their own connection is committed state.  The group's
 * size is bounded by the writers that can be inside the database at once
 * (DBDMax) and by RM_GROUP_MAX, which bounds the leader's wait.
 */
#define RM_GROUP_MAX 16

typedef struct rm_group_wait {
    struct rm_group_wait *next;
    int done, result;
} rm_group_wait;

static struct {
    apr_thread_mutex_t *lock;
    apr_thread_cond_t *turn;    /* a writer may join, or lead, now         */
    apr_thread_cond_t *idle;    /* to the leader: the connection is free   */
    apr_thread_cond_t *ended;   /* to members: the group committed or not  */
    int active;                 /* a group is open (or opening)            */
    int closing;                /* its leader is committing: no joining    */
    int busy;                   /* a writer is using the group connection  */
    int waiting;                /* writers waiting on `turn`               */
    int size;                   /* writers in the group, leader included   */
    int broken;                 /* a member could not undo its part        */
    ap_dbd_t *dbd;              /* the leader's connection                 */
    rm_group_wait *members;     /* members waiting for the outcome         */
} grp;

#define RM_LEADER 1
#define RM_MEMBER 2

static void group_child_init(apr_pool_t *p)
{
    memset(&grp, 0, sizeof(grp));
    if (apr_thread_mutex_create(&grp.lock, APR_THREAD_MUTEX_DEFAULT, p) != APR_SUCCESS
        || apr_thread_cond_create(&grp.turn, p) != APR_SUCCESS
        || apr_thread_cond_create(&grp.idle, p) != APR_SUCCESS
        || apr_thread_cond_create(&grp.ended, p) != APR_SUCCESS)
        grp.lock = NULL;        /* rm_db_begin then writes one by one */
}

/* The leader could not open the group: the next writer tries in its place. */
static void group_abandon(void)
{
    apr_thread_mutex_lock(grp.lock);
    grp.active = grp.busy = 0;
    grp.dbd = NULL;
    apr_thread_cond_broadcast(grp.turn);
    apr_thread_mutex_unlock(grp.lock);
}

static int savepoint(rm_db *db)
{
    if (txn_send(db, "SAVEPOINT rm_writer") == 0) return 0;
    rm_db_log(db, APLOG_ERR, 0, "cannot open a savepoint: %s", db_errmsg(db, -1));
    return -1;
}

static int lead_open(rm_db *db)
{
    int rv;
    if (write_lock(db) != 0) goto abandon;
    if (connection_ready(db, 1) != 0) goto unlock;
    if ((rv = txn_begin(db)) != 0) {
        rm_db_log(db, APLOG_ERR, 0, "cannot begin a transaction: %s", db_errmsg(db, rv));
        goto unlock;
    }
    if (savepoint(db) != 0) {
        txn_end(db, 0);
        goto unlock;
    }
    apr_thread_mutex_lock(grp.lock);
    grp.dbd = db->dbd;
    apr_thread_mutex_unlock(grp.lock);
    db->group = RM_LEADER;
    return 0;
unlock:
    write_unlock(db);
abandon:
    group_abandon();
    return -1;
}

/* Called with grp.lock held and grp.busy taken for this request. */
static int member_open(rm_db *db)
{
    db->own_dbd = db->dbd;
    db->dbd = grp.dbd;
    db->group = RM_MEMBER;
    apr_thread_mutex_unlock(grp.lock);
    db->in_txn = 1;
    if (savepoint(db) == 0) return 0;
    /* the group's transaction is unusable: it must not commit */
    db->in_txn = 0;
    db->dbd = db->own_dbd;
    db->group = 0;
    apr_thread_mutex_lock(grp.lock);
    grp.broken = 1;
    grp.busy = 0;
    apr_thread_cond_signal(grp.idle);
    apr_thread_mutex_unlock(grp.lock);
    return -1;
}

static int group_begin(rm_db *db)
{
    apr_time_t t0 = apr_time_now();
    apr_thread_mutex_lock(grp.lock);
    for (;;) {
        if (!grp.active) {
            grp.active = grp.busy = 1;
            grp.closing = grp.broken = 0;
            grp.size = 1;
            grp.members = NULL;
            apr_thread_mutex_unlock(grp.lock);
            note_slow(db, "waiting to write", t0);
            return lead_open(db);
        }
        if (!grp.closing && !grp.broken && grp.size < RM_GROUP_MAX && !grp.busy) {
            grp.busy = 1;
            grp.size++;
            note_slow(db, "waiting to write", t0);
            return member_open(db);         /* unlocks */
        }
        grp.waiting++;
        apr_thread_cond_wait(grp.turn, grp.lock);
        grp.waiting--;
    }
}

/* Ends this writer's part: its savepoint released (commit) or rolled back,
 * then, for the leader, the group's COMMIT.  Returns the group's outcome for
 * this writer: 0 when its writes are committed. */
static int group_end(rm_db *db, int commit)
{
    int ok = commit && !db->db_error, part_ok, rv, size;
    if (ok)
        part_ok = txn_send(db, "RELEASE rm_writer") == 0;
    else
        part_ok = txn_send(db, "ROLLBACK TO rm_writer") == 0
                  && txn_send(db, "RELEASE rm_writer") == 0;
    if (!part_ok)
        rm_db_log(db, APLOG_ERR, 0, "cannot %s a "
                      "savepoint: %s", ok ? "release" : "roll back",
                      db_errmsg(db, -1));
    db->in_txn = 0;

    apr_thread_mutex_lock(grp.lock);
    if (!part_ok) grp.broken = 1;
    grp.busy = 0;
    if (db->group == RM_MEMBER) {
        rm_group_wait w = { grp.members, 0, -1 };
        apr_time_t t0 = apr_time_now();
        grp.members = &w;
        db->dbd = db->own_dbd;
        db->group = 0;
        apr_thread_cond_signal(grp.idle);
        while (!w.done)
            apr_thread_cond_wait(grp.ended, grp.lock);
        apr_thread_mutex_unlock(grp.lock);
        note_slow(db, "waiting for the group commit", t0);
        return ok && part_ok && w.result == 0 ? 0 : -1;
    }

    /* the leader: host writers while any are running or queued */
    while (grp.busy || (!grp.broken && grp.waiting > 0 && grp.size < RM_GROUP_MAX)) {
        if (!grp.busy) apr_thread_cond_signal(grp.turn);
        apr_thread_cond_wait(grp.idle, grp.lock);
    }
    grp.closing = 1;
    rv = grp.broken ? -1 : 0;
    size = grp.size;
    apr_thread_mutex_unlock(grp.lock);

    if (rv == 0) {
        rv = txn_end(db, 1);                /* invalidates the cache */
        if (rv != 0)
            rm_db_log(db, APLOG_ERR, 0, "cannot commit "
                          "a transaction: %s", db_errmsg(db, rv));
    }
    else {
        rm_db_log(db, APLOG_ERR, 0, "a writer's part "
                      "could not be undone; rolling back its group");
        txn_end(db, 0);
    }
    db->group = 0;
    write_unlock(db);
    rm_db_log(db, APLOG_DEBUG, 0, "%s a group of %d "
                  "writer%s", rv == 0 ? "committed" : "rolled back", size,
                  size == 1 ? "" : "s");

    apr_thread_mutex_lock(grp.lock);
    for (rm_group_wait *w = grp.members; w; w = w->next) {
        w->result = rv;
        w->done = 1;
    }
    grp.members = NULL;
    grp.dbd = NULL;
    grp.active = grp.closing = grp.size = 0;
    apr_thread_cond_broadcast(grp.ended);
    apr_thread_cond_broadcast(grp.turn);
    apr_thread_mutex_unlock(grp.lock);
    return ok && part_ok && rv == 0 ? 0 : -1;
}

/* Ends a transaction that a handler left open (a bug, or an early return):
 * rolled back, and the write mutex released, so nothing leaks past the request. */
static apr_status_t trans_cleanup(void *data)
{
    rm_db *db = data;
    if (db->group) group_end(db, 0);
    if (db->in_txn) txn_end(db, 0);
    write_unlock(db);
    return APR_SUCCESS;
}

int rm_db_begin(rm_db *db)
{
    int rv;
    if (db->in_txn || db->group) {
        rm_db_log(db, APLOG_ERR, 0, "a transaction is already open");
        return -1;
    }
    db->db_error = 0;
    apr_pool_cleanup_kill(db->pool, db, trans_cleanup);
    apr_pool_cleanup_register(db->pool, db, trans_cleanup,
                              apr_pool_cleanup_null);
    if (rm_db_is_sqlite(db->dbd) && write_mutex && grp.lock)
        return group_begin(db);

    if (write_lock(db) != 0) return -1;
    if (connection_ready(db, 1) != 0) {
        write_unlock(db);
        return -1;
    }
    rv = txn_begin(db);
    if (rv != 0 && pg_recovered(db))   /* the server restarted since last use */
        rv = txn_begin(db);
    if (rv != 0) {
        rm_db_log(db, APLOG_ERR, 0, "cannot begin a transaction: %s", db_errmsg(db, rv));
        write_unlock(db);
        return -1;
    }
    return 0;
}

int rm_db_end(rm_db *db, int commit)
{
    int rv, ok = commit && !db->db_error;
    if (db->group) return group_end(db, commit);
    if (!db->in_txn) { write_unlock(db); return -1; }
    rv = txn_end(db, ok);
    write_unlock(db);
    if (rv != 0) {
        rm_db_log(db, APLOG_ERR, 0, "cannot %s a transaction: %s",
                      ok ? "commit" : "roll back", db_errmsg(db, rv));
        mark_suspect(db);
        return -1;
    }
    return ok ? 0 : -1;
}

int rm_db_in_transaction(const rm_db *db)
{
    return db->in_txn || db->group;
}
