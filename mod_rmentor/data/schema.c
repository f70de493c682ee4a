/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The schema: its version in the database, the migrations this build
 * carries (embedded from sql/ by scripts/embed-sql.sh), applying them in
 * one transaction, once per process, under the SQLite write mutex.
 */
#include <string.h>
#include <stdlib.h>
#include <apr_strings.h>
#include "db_int.h"
#include "migrations.h"

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
                  "schema version: %s", rm_dbi_errmsg(db, -1));
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

    if ((rv = rm_dbi_txn_begin(db)) != 0) {
        *why = apr_psprintf(db->pool, "cannot begin the migration: %s",
                            rm_dbi_errmsg(db, rv));
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
                                    "%d: %s", m->name, i + 1, rm_dbi_errmsg(db, rv));
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
    if (db->in_txn && rm_dbi_txn_end(db, !failed) != 0) failed = 1;
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
int rm_dbi_schema_prepare(rm_db *db)
{
    int rc;
    if (rm_dbi_write_lock(db) != 0) return -1;
    if (rm_db_is_sqlite(db->dbd)) {
        /* journal_mode persists in the file; it returns a row, so it cannot
         * go through apr_dbd_query (nor DBDInitSQL). */
        apr_dbd_results_t *res = NULL;
        if (apr_dbd_select(db->dbd->driver, db->pool, db->dbd->handle, &res,
                           "PRAGMA journal_mode=WAL", 1) == 0)
            rm_dbi_drain(db, res);
    }
    rc = schema_check(db);
    rm_dbi_write_unlock(db);
    return rc;
}


int rm_db_ready(rm_db *db)
{
    if (!rm_dbi_schema_ok) {
        int rc;
        apr_thread_mutex_lock(rm_dbi_schema_lock);
        rc = rm_dbi_schema_ok ? 0 : rm_dbi_schema_prepare(db);
        if (rc == 0) rm_dbi_schema_ok = 1;
        apr_thread_mutex_unlock(rm_dbi_schema_lock);
        if (rc != 0) return -1;
    }
    return rm_dbi_connection_ready(db, 0) != 0 ? -2 : 0;
}

