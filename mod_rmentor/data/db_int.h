/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * What the data layer's files (db.c, schema.c, prepare.c, query.c, group.c)
 * share among themselves; not for the rest of the module.
 */
#ifndef RM_DB_INT_H
#define RM_DB_INT_H

#include <apr_thread_mutex.h>
#include "rm_db.h"

/* the SQLite write mutex (the module's; NULL in a tool) */
extern apr_global_mutex_t *rm_dbi_write_mutex;
/* per process: 1 once the schema was found (or made) current */
extern volatile int rm_dbi_schema_ok;
extern apr_thread_mutex_t *rm_dbi_schema_lock;

/* db.c */
const char *rm_dbi_errmsg(rm_db *db, int rv);
void rm_dbi_drain(rm_db *db, apr_dbd_results_t *res);
void rm_dbi_note_slow(rm_db *db, const char *what, apr_time_t t0);
int rm_dbi_write_lock(rm_db *db);
void rm_dbi_write_unlock(rm_db *db);
int rm_dbi_txn_send(rm_db *db, const char *sql);
int rm_dbi_txn_begin(rm_db *db);
int rm_dbi_txn_end(rm_db *db, int commit);
/* schema.c */
int rm_dbi_schema_prepare(rm_db *db);
/* prepare.c */
int rm_dbi_connection_ready(rm_db *db, int check_schema);
int rm_dbi_recovered(rm_db *db);
int rm_dbi_pg_recovered(rm_db *db);
void rm_dbi_mark_suspect(rm_db *db);
/* group.c */
void rm_dbi_group_init(apr_pool_t *p);

#endif
