/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Write transactions: rm_db_begin / rm_db_end, and on SQLite the group
 * commit that lets the writers of one process share a COMMIT.
 */
#include <string.h>
#include <stdlib.h>
#include <apr_strings.h>
#include "db_int.h"
#include <apr_thread_cond.h>
#include <apr_thread_mutex.h>

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
    int moves_cache;            /* a writer committed more than audit rows */
    ap_dbd_t *dbd;              /* the leader's connection                 */
    rm_group_wait *members;     /* members waiting for the outcome         */
} grp;

#define RM_LEADER 1
#define RM_MEMBER 2

void rm_dbi_group_init(apr_pool_t *p)
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
    if (rm_dbi_txn_send(db, "SAVEPOINT rm_writer") == 0) return 0;
    rm_db_log(db, APLOG_ERR, 0, "cannot open a savepoint: %s", rm_dbi_errmsg(db, -1));
    return -1;
}

static int lead_open(rm_db *db)
{
    int rv;
    if (rm_dbi_write_lock(db) != 0) goto abandon;
    if (rm_dbi_connection_ready(db, 1) != 0) goto unlock;
    if ((rv = rm_dbi_txn_begin(db)) != 0) {
        rm_db_log(db, APLOG_ERR, 0, "cannot begin a transaction: %s", rm_dbi_errmsg(db, rv));
        goto unlock;
    }
    if (savepoint(db) != 0) {
        rm_dbi_txn_end(db, 0);
        goto unlock;
    }
    apr_thread_mutex_lock(grp.lock);
    grp.dbd = db->dbd;
    apr_thread_mutex_unlock(grp.lock);
    db->group = RM_LEADER;
    return 0;
unlock:
    rm_dbi_write_unlock(db);
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
            rm_dbi_note_slow(db, "waiting to write", t0);
            return lead_open(db);
        }
        if (!grp.closing && !grp.broken && grp.size < RM_GROUP_MAX && !grp.busy) {
            grp.busy = 1;
            grp.size++;
            rm_dbi_note_slow(db, "waiting to write", t0);
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
        part_ok = rm_dbi_txn_send(db, "RELEASE rm_writer") == 0;
    else
        part_ok = rm_dbi_txn_send(db, "ROLLBACK TO rm_writer") == 0
                  && rm_dbi_txn_send(db, "RELEASE rm_writer") == 0;
    if (!part_ok)
        rm_db_log(db, APLOG_ERR, 0, "cannot %s a "
                      "savepoint: %s", ok ? "release" : "roll back",
                      rm_dbi_errmsg(db, -1));
    db->in_txn = 0;

    apr_thread_mutex_lock(grp.lock);
    if (!part_ok) grp.broken = 1;
    if (ok && part_ok && !db->keep_cache) grp.moves_cache = 1;
    db->keep_cache = 0;
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
        rm_dbi_note_slow(db, "waiting for the group commit", t0);
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
        /* invalidates the cache, unless every part wrote only audit rows */
        db->keep_cache = !grp.moves_cache;
        rv = rm_dbi_txn_end(db, 1);
        if (rv != 0)
            rm_db_log(db, APLOG_ERR, 0, "cannot commit "
                          "a transaction: %s", rm_dbi_errmsg(db, rv));
    }
    else {
        rm_db_log(db, APLOG_ERR, 0, "a writer's part "
                      "could not be undone; rolling back its group");
        rm_dbi_txn_end(db, 0);
    }
    db->group = 0;
    rm_dbi_write_unlock(db);
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
    grp.active = grp.closing = grp.size = grp.moves_cache = 0;
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
    if (db->in_txn) rm_dbi_txn_end(db, 0);
    rm_dbi_write_unlock(db);
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
    db->keep_cache = 0;
    apr_pool_cleanup_kill(db->pool, db, trans_cleanup);
    apr_pool_cleanup_register(db->pool, db, trans_cleanup,
                              apr_pool_cleanup_null);
    if (rm_db_is_sqlite(db->dbd) && rm_dbi_write_mutex && grp.lock)
        return group_begin(db);

    if (rm_dbi_write_lock(db) != 0) return -1;
    if (rm_dbi_connection_ready(db, 1) != 0) {
        rm_dbi_write_unlock(db);
        return -1;
    }
    rv = rm_dbi_txn_begin(db);
    if (rv != 0 && rm_dbi_pg_recovered(db))   /* the server restarted since last use */
        rv = rm_dbi_txn_begin(db);
    if (rv != 0) {
        rm_db_log(db, APLOG_ERR, 0, "cannot begin a transaction: %s", rm_dbi_errmsg(db, rv));
        rm_dbi_write_unlock(db);
        return -1;
    }
    return 0;
}

int rm_db_end(rm_db *db, int commit)
{
    int rv, ok = commit && !db->db_error;
    if (db->group) return group_end(db, commit);
    if (!db->in_txn) { rm_dbi_write_unlock(db); return -1; }
    rv = rm_dbi_txn_end(db, ok);
    rm_dbi_write_unlock(db);
    if (rv != 0) {
        rm_db_log(db, APLOG_ERR, 0, "cannot %s a transaction: %s",
                      ok ? "commit" : "roll back", rm_dbi_errmsg(db, rv));
        rm_dbi_mark_suspect(db);
        return -1;
    }
    return ok ? 0 : -1;
}

void rm_db_keep_cache(rm_db *db)
{
    if (rm_db_in_transaction(db)) db->keep_cache = 1;
}

int rm_db_in_transaction(const rm_db *db)
{
    return db->in_txn || db->group;
}
