/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * PostgreSQL change notifications, so that the result cache (cache.c) may be
 * used when several web servers, or programs other than httpd, write to one
 * database.
 *
 * Every table of ours carries a statement trigger that runs
 * pg_notify('rmentor_changed', '') (sql/pgsql/003_change_notify.sql), so any
 * committed change, whoever makes it, notifies every session listening.
 * Each child runs one thread holding its own connection, made with the same
 * parameters as mod_dbd's (read from a pooled connection), that LISTENs and
 * moves the cache's generation on for each notification.  PostgreSQL reads
 * are cached only while that connection is up and listening: when it breaks
 * (server restart, failover, network), their caching stops at once, and
 * starts again, with a new generation, once the thread has listened again.
 * SQLite virtual hosts of the same child are not affected either way
 * (RM_CACHE_PGSQL and RM_CACHE_SQLITE are separate in cache.c).
 *
 * A change made through another web server becomes visible here only when
 * its notification has reached this thread: NOTIFY is asynchronous, so a
 * request here just after the other server answered may still be served the
 * rows from before the change.  Measured on 2026-12-04 (two front-ends and
 * PostgreSQL on one 2-core VM, tests/scaleout/test_cache_delay.py): visible
 * a median 1-2 ms after the writer's answer, at most 31 ms, and the first
 * read on the other server stale for 39 of 2000 writes.  Changes made
 * through this server are seen by its next request (the writer moves the
 * shared generation on before answering).  A site that needs read-your-
 * writes across servers turns the cache off or uses sticky sessions
 * (conf/scale-out.conf).
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <libpq-fe.h>
#include <apr_atomic.h>
#include <apr_strings.h>
#include <apr_thread_proc.h>
#include "rm.h"

APLOG_USE_MODULE(rmentor);

#define RM_CHANNEL "rmentor_changed"

static struct {
    apr_pool_t *pool;                   /* the thread's, made at child init */
    server_rec *s;
    apr_thread_t *thread;
    const server_rec *owner;            /* whose database is listened to   */
    const char **keys, **vals;          /* connection parameters           */
    volatile apr_uint32_t started, stop;
} L;

static apr_status_t stop_listener(void *data)
{
    apr_status_t rv;
    (void)data;
    if (L.thread) {
        apr_atomic_set32(&L.stop, 1);
        apr_thread_join(&rv, L.thread);
        L.thread = NULL;
    }
    return APR_SUCCESS;
}

void rm_pgnotify_child_init(apr_pool_t *p, server_rec *s)
{
    memset(&L, 0, sizeof(L));
    L.s = s;
    if (apr_pool_create(&L.pool, p) != APR_SUCCESS) {
        L.pool = NULL;
        return;
    }
    /* a pre-cleanup: APR destroys a pool's subpools (the thread's among them)
     * before its ordinary cleanups run, so the thread is joined first */
    apr_pool_pre_cleanup_register(p, NULL, stop_listener);
}

/* Sleep up to ms milliseconds, waking early when asked to stop. */
static void nap(int ms)
{
    for (; ms > 0 && !apr_atomic_read32(&L.stop); ms -= 100)
        apr_sleep(apr_time_from_msec(ms < 100 ? ms : 100));
}

static PGconn *listen_connect(int *warned)
{
    PGconn *conn = PQconnectdbParams(L.keys, L.vals, 0);
    PGresult *res;
    if (PQstatus(conn) != CONNECTION_OK) {
        if (!*warned)
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, L.s, RM_TAG "cache: cannot "
                         "connect to PostgreSQL to listen for changes; caching is "
                         "off until it can");
        *warned = 1;
        PQfinish(conn);
        return NULL;
    }
    res = PQexec(conn, "LISTEN " RM_CHANNEL);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        if (!*warned)
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, L.s, RM_TAG "cache: LISTEN "
                         "failed; caching is off until it succeeds");
        *warned = 1;
        PQclear(res);
        PQfinish(conn);
        return NULL;
    }
    PQclear(res);
    if (*warned)
        ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, L.s, RM_TAG "cache: listening "
                     "for changes again; caching is back on");
    *warned = 0;
    return conn;
}

static void *APR_THREAD_FUNC listen_main(apr_thread_t *t, void *data)
{
    PGconn *conn = NULL;
    int warned = 0;
    (void)data;
    while (!apr_atomic_read32(&L.stop)) {
        struct pollfd pfd;
        int rc, changed = 0;
        PGnotify *n;
        if (!conn) {
            if (!(conn = listen_connect(&warned))) {
                nap(1000);
                continue;
            }
            rm_cache_set_usable(RM_CACHE_PGSQL, 1);
        }
        pfd.fd = PQsocket(conn);
        pfd.events = POLLIN;
        pfd.revents = 0;
        rc = poll(&pfd, 1, 200);
        if (rc == 0 || (rc < 0 && errno == EINTR)) continue;
        if (rc < 0 || !PQconsumeInput(conn) || PQstatus(conn) != CONNECTION_OK) {
            rm_cache_set_usable(RM_CACHE_PGSQL, 0);
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, L.s, RM_TAG "cache: lost "
                         "the PostgreSQL connection that listens for changes; "
                         "caching is off until it is back");
            warned = 1;
            PQfinish(conn);
            conn = NULL;
            continue;
        }
        while ((n = PQnotifies(conn)) != NULL) {
            changed = 1;
            PQfreemem(n);
        }
        if (changed) rm_cache_invalidate();
    }
    rm_cache_set_usable(RM_CACHE_PGSQL, 0);
    if (conn) PQfinish(conn);
    /* a plain return, not apr_thread_exit(): pthread_exit() from this frame
     * would leave its stack poisoned for ASan, and the thread's pool goes
     * with the child's */
    (void)t;
    return NULL;
}

/* From a request holding a pgsql connection: the first one starts this
 * child's listener with its connection's parameters.  Requests to another
 * virtual host (which may use another database) then never use the cache. */
int rm_pgnotify_covers(const server_rec *s, const apr_dbd_driver_t *drv,
                       apr_dbd_t *handle)
{
    PGconn *pc;
    PQconninfoOption *opts;
    int n = 0, k = 0;
    apr_status_t rv;
    if (!L.pool) return 0;
    if (apr_atomic_cas32(&L.started, 1, 0) != 0) return L.owner == s;
    L.owner = s;
    pc = apr_dbd_native_handle(drv, handle);
    if (!pc || !(opts = PQconninfo(pc))) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, L.s, RM_TAG "cache: cannot "
                     "read the PostgreSQL connection parameters; caching is off");
        return 0;
    }
    for (PQconninfoOption *o = opts; o->keyword; o++) n++;
    L.keys = apr_pcalloc(L.pool, sizeof(char *) * (n + 6));
    L.vals = apr_pcalloc(L.pool, sizeof(char *) * (n + 6));
    for (PQconninfoOption *o = opts; o->keyword; o++) {
        if (!o->val || !*o->val || !strncmp(o->keyword, "keepalives", 10)
            || !strcmp(o->keyword, "application_name")
            || !strcmp(o->keyword, "connect_timeout"))
            continue;
        L.keys[k] = apr_pstrdup(L.pool, o->keyword);
        L.vals[k++] = apr_pstrdup(L.pool, o->val);
    }
    PQconninfoFree(opts);
    /* a listener that cannot tell a dead peer from a quiet one would keep a
     * stale cache in use: TCP keepalives find a silent drop within seconds */
    L.keys[k] = "keepalives_idle";     L.vals[k++] = "5";
    L.keys[k] = "keepalives_interval"; L.vals[k++] = "2";
    L.keys[k] = "keepalives_count";    L.vals[k++] = "2";
    L.keys[k] = "connect_timeout";     L.vals[k++] = "5";
    L.keys[k] = "application_name";    L.vals[k++] = "mod_rmentor cache listener";
    L.keys[k] = NULL;
    rv = apr_thread_create(&L.thread, NULL, listen_main, NULL, L.pool);
    if (rv != APR_SUCCESS) {
        L.thread = NULL;
        ap_log_error(APLOG_MARK, APLOG_WARNING, rv, L.s, RM_TAG "cache: cannot "
                     "start the listener thread; caching is off");
    }
    return 1;
}
