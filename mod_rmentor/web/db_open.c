/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The module's side of the data layer (rm_db.h, db.c): the SQLite write
 * mutex, a connection from mod_dbd for each request, the data layer's
 * messages to the error log, and the result cache (cache.c) behind its
 * hooks.  Nothing else here: queries, transactions, migrations and group
 * commit are the data layer's, shared with rmentorctl.
 */
#include <string.h>
#include <apr_atomic.h>
#include <apr_strings.h>
#include <apr_optional.h>
#include <http_protocol.h>
#include <util_mutex.h>
#include "rm.h"

APLOG_USE_MODULE(rmentor);

#define RM_MUTEX_TYPE "rmentor-write"

static apr_global_mutex_t *write_mutex;
static const char *write_mutex_file;
static APR_OPTIONAL_FN_TYPE(ap_dbd_acquire) *dbd_acquire;

void rm_db_register(apr_pool_t *pconf)
{
    ap_mutex_register(pconf, RM_MUTEX_TYPE, NULL, APR_LOCK_DEFAULT, 0);
}

apr_status_t rm_db_post_config(apr_pool_t *pconf, server_rec *s)
{
    apr_status_t rv;
    dbd_acquire = APR_RETRIEVE_OPTIONAL_FN(ap_dbd_acquire);
    if (!dbd_acquire) {
        ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s,
                     RM_TAG "mod_dbd is not loaded; mod_rmentor needs it");
        return APR_EGENERAL;
    }
    rv = ap_global_mutex_create(&write_mutex, &write_mutex_file, RM_MUTEX_TYPE,
                                NULL, s, pconf, 0);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_EMERG, rv, s,
                     RM_TAG "cannot create the write mutex");
    }
    return rv;
}

void rm_db_child_init(apr_pool_t *p, server_rec *s)
{
    apr_status_t rv;
    if (write_mutex) {
        rv = apr_global_mutex_child_init(&write_mutex, write_mutex_file, p);
        if (rv != APR_SUCCESS)
            ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s,
                         RM_TAG "cannot attach the write mutex in a child");
    }
    rm_db_process_init(p, write_mutex);
}

/* The data layer's messages, as the request's. */
static void log_to_request(const rm_db *db, int level, apr_status_t rv,
                           const char *msg)
{
    request_rec *r = db->ctx;
    ap_log_rerror(APLOG_MARK, level, rv, r, RM_TAG "%s", msg);
}

/* The cache, keyed by the request's virtual host (cache.c). */
static rm_rows *cache_get(rm_db *db, const char *label, const char *const *args,
                          apr_uint32_t gen)
{
    return rm_cache_get(db->ctx, (rm_cache_domain)db->cache_domain, label, args, gen);
}

static void cache_put(rm_db *db, const char *label, const char *const *args,
                      apr_uint32_t gen, const rm_rows *rows)
{
    rm_cache_put(db->ctx, (rm_cache_domain)db->cache_domain, label, args, gen, rows);
}

static const rm_db_cache_ops cache_ops = {
    cache_get, cache_put, rm_cache_generation, rm_cache_invalidate
};

/* Whether this request's reads may use the cache: it is on, and changes
 * made elsewhere are known (SQLite: asked now; PostgreSQL: listened for).
 * Each database has its own "usable" (cache.c): a SQLite request says
 * nothing about whether PostgreSQL's changes are being heard. */
static int cache_check(rm_req *rq)
{
    static volatile apr_uint32_t sqlite_started;
    rm_db *db = rq->db;
    if (!rm_cache_enabled()) return 0;
    if (rm_db_is_sqlite(db->dbd)) {
        db->cache_domain = RM_CACHE_SQLITE;
        if (apr_atomic_cas32(&sqlite_started, 1, 0) == 0)
            rm_cache_set_usable(RM_CACHE_SQLITE, 1);
        return rm_cache_usable(RM_CACHE_SQLITE) && rm_db_sqlite_check_changes(db) == 0;
    }
    db->cache_domain = RM_CACHE_PGSQL;
    return rm_pgnotify_covers(rq->r->server, db->dbd->driver, db->dbd->handle)
           && rm_cache_usable(RM_CACHE_PGSQL);
}

int rm_db_open(rm_req *rq)
{
    rm_db *db = rq->db;
    apr_time_t t0 = apr_time_now();
    int rc;
    if (db->dbd) return OK;
    db->pool = rq->r->pool;
    db->ctx = rq->r;
    db->log = log_to_request;
    db->log_level = ap_get_request_module_loglevel(rq->r, APLOG_MODULE_INDEX);
    db->schema_auto = rq->cfg->schema_auto;
    db->cache = &cache_ops;
    db->dbd = dbd_acquire ? dbd_acquire(rq->r) : NULL;
    if (db->dbd && apr_time_as_msec(apr_time_now() - t0) >= 100)
        rm_db_log(db, APLOG_WARNING, 0, "slow database step: acquiring a "
                  "connection took %" APR_TIME_T_FMT " ms",
                  apr_time_as_msec(apr_time_now() - t0));
    if (!db->dbd) {
        rm_db_log(db, APLOG_ERR, 0, "no database connection (check DBDriver/DBDParams)");
        return rm_error_page(rq, HTTP_SERVICE_UNAVAILABLE, "Service unavailable",
                             "The mentoring service cannot reach its database just "
                             "now. Nothing was changed. Please try again in a few "
                             "minutes.");
    }
    if ((rc = rm_db_ready(db)) == -1)
        return rm_error_page(rq, HTTP_SERVICE_UNAVAILABLE, "Service unavailable",
                             "The mentoring service is being upgraded or is not "
                             "set up correctly. Nothing was changed. Please try "
                             "again later.");
    if (rc != 0)
        return rm_error_page(rq, HTTP_SERVICE_UNAVAILABLE, "Service unavailable",
                             "The mentoring service is not set up correctly. "
                             "Nothing was changed.");
    /* a request that writes reads what it checks from the database itself */
    db->cache_ok = rq->r->method_number == M_GET && cache_check(rq);
    return OK;
}
