/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The data layer: a database handle, not a request.  The module makes one per
 * request from mod_dbd's pooled connection (web/db_open.c); rmentorctl makes
 * one from a connection it opens itself (cli/).  Both then run the same
 * migrations, prepare the same labelled statements and read and write
 * through the same functions.  Nothing here calls httpd: messages go to the
 * handle's log function, the result cache is reached through its hooks.
 */
#ifndef RM_DB_H
#define RM_DB_H

#include <apr_dbd.h>
#include <apr_global_mutex.h>
#include <apr_hash.h>
#include <httpd.h>             /* types for the two headers below */
#include <http_log.h>          /* the APLOG_* levels only */
#include <mod_dbd.h>           /* ap_dbd_t, a plain struct */
#include "core/rm_core.h"

typedef struct {
    int n, ncols;
    const char ***rows;             /* rows[i][j]; NULL columns become ""    */
} rm_rows;

#define RM_ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define RM_NOARGS ((const char *const[]){NULL})

/* Named arguments, for statements with more than a few: the statement's
 * arguments are listed, in the order of its placeholders, as
 *     #define RM_A_PROG_UPDATE(F) F(name) F(institutions) ... F(id)
 * RM_NAMED_ARGS(PROG_UPDATE) declares a struct with one member each, and a
 * caller passes
 *     RM_ARGV(PROG_UPDATE, .name = n, .institutions = i, ..., .id = id)
 * A misspelt or unknown name does not compile; one left out is NULL, and the
 * data layer refuses a statement given fewer arguments than it takes. */
#define RM_ARG_MEMBER_(n) const char *n;
#define RM_ARG_COUNT_(n) + 1
#define RM_NAMED_ARGS(S)                                                     \
    typedef struct { RM_A_##S(RM_ARG_MEMBER_) const char *end_; } rm_args_##S; \
    _Static_assert(sizeof(rm_args_##S)                                       \
                   == (0 RM_A_##S(RM_ARG_COUNT_) + 1) * sizeof(const char *), \
                   "named arguments must lie like an array")
#define RM_ARGV(S, ...) ((const char *const *)&(rm_args_##S){ __VA_ARGS__, .end_ = NULL })

typedef struct rm_db rm_db;

/* The result cache as the data layer sees it (the module's cache.c). */
typedef struct {
    rm_rows *(*get)(rm_db *db, const char *label, const char *const *args,
                    apr_uint32_t gen);
    void (*put)(rm_db *db, const char *label, const char *const *args,
                apr_uint32_t gen, const rm_rows *rows);
    apr_uint32_t (*generation)(void);
    void (*invalidate)(void);
} rm_db_cache_ops;

struct rm_db {
    apr_pool_t *pool;               /* results and messages                 */
    ap_dbd_t *dbd;                  /* the connection                        */
    void (*log)(const rm_db *db, int level, apr_status_t rv, const char *msg);
    void *ctx;                      /* the log's and the cache's: request_rec */
    int log_level;                  /* messages above it are not formatted   */
    int schema_auto;                /* 1: apply migrations; 0: check only    */
    const rm_db_cache_ops *cache;   /* NULL: no cache (tools)               */
    int cache_ok;                   /* reads may use the cache               */
    int cache_domain;               /* whose "usable" the cache checks       */
    int in_txn;                     /* BEGIN sent, COMMIT/ROLLBACK not yet   */
    int write_locked;
    int group;                      /* SQLite group commit: 1 leader, 2 member */
    ap_dbd_t *own_dbd;              /* a member's own connection, set aside  */
    int db_error;                   /* a statement failed                    */
    int keep_cache;                 /* rm_db_keep_cache: this transaction's
                                       commit leaves the cache alone         */
};

/* Once per process (a child, or the tool): the SQLite write mutex when there
 * is one (the module's), NULL otherwise. */
void rm_db_process_init(apr_pool_t *p, apr_global_mutex_t *write_mutex);
void rm_db_log(const rm_db *db, int level, apr_status_t rv, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int rm_db_is_sqlite(const ap_dbd_t *dbd);
/* A handle on a connection a tool opened itself with apr_dbd (the module's
 * come from mod_dbd): its statements are prepared in pool p, messages up to
 * log_level go to log. */
rm_db *rm_db_wrap(apr_pool_t *p, const apr_dbd_driver_t *driver, apr_dbd_t *handle,
                  void (*log)(const rm_db *db, int level, apr_status_t rv,
                              const char *msg), int log_level);

/* The schema brought up to date (once per process; RMentorSchema check only
 * verifies it) and this connection's statements prepared: 0, -1 when the
 * schema is unusable, -2 when the statements cannot be prepared. */
int rm_db_ready(rm_db *db);
/* The schema version in the database and the one this build knows; 0, or
 * -1 (logged) when the database cannot be read or the driver is unknown. */
int rm_db_schema_status(rm_db *db, int *current, int *known);
/* SQLite: 0 when the connection could tell whether another one committed
 * since it last looked (the cache moved on if so). */
int rm_db_sqlite_check_changes(rm_db *db);

int rm_db_select(rm_db *db, const char *label, rm_rows **out,
                 const char *const *args);
int rm_db_exec(rm_db *db, const char *label, int *nrows,
               const char *const *args);
int rm_db_begin(rm_db *db);
/* Commits when nothing failed and commit is set; returns 0 when committed. */
int rm_db_end(rm_db *db, int commit);
/* Inside a transaction: it writes only rows that no cached statement reads
 * (the audit trail: every statement that reads it is uncached), so its
 * commit need not move the cache's generation on.  An audited view of a
 * page then costs its audit row, not every later page's re-reads.  Only
 * this process's writers honour it: on SQLite, another connection's
 * PRAGMA data_version still sees the commit. */
void rm_db_keep_cache(rm_db *db);
/* 1 between rm_db_begin and rm_db_end (the caller must end it). */
int rm_db_in_transaction(const rm_db *db);

/* A statement: label, SQL, and whether a read's rows may be cached.  The
 * catalogue (catalogue.c) lists arrays of them, each ending with a NULL
 * label: the store's own, then each area's.  One text serves both
 * databases, but where the two have no common syntax (full-text search):
 * rm_catalogues_pg then holds PostgreSQL's text for the label, which must take
 * the same arguments in the same order and return the same columns. */
typedef struct {
    const char *label;
    const char *sql;
    int cache;
} rm_stmt;
extern const rm_stmt *const rm_catalogues[];
/* PostgreSQL's own texts, arrays as the catalogue's (their cache is the
 * catalogue's statement's). */
extern const rm_stmt *const rm_catalogues_pg[];
/* The text of a statement for this driver. */
const char *rm_stmt_text(const rm_stmt *st, int sqlite);

#endif
