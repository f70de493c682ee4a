/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The data layer without httpd (mod_rmentor/data/rm_db.h), on a SQLite
 * database in a temporary directory: migrations, the statements of every
 * area prepared, a write and a read in a transaction, named arguments, and
 * the refusals (an argument left out, an unknown statement, a failed
 * statement ending its transaction).  PostgreSQL runs the same code through
 * rmentorctl in tests/integration/test_rmentorctl.py.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <apr_general.h>
#include <apr_strings.h>
#include "rm_db.h"
#include "store.h"
#include "features/areas.h"

RM_NAMED_ARGS(AUDIT);

static apr_pool_t *pool;
static char dir[] = "/tmp/rm-test-data-XXXXXX";
static char logged[1024];

static void keep_log(const rm_db *db, int level, apr_status_t rv, const char *msg)
{
    (void)db; (void)level; (void)rv;
    apr_cpystrn(logged, msg, sizeof(logged));
}

static rm_db *open_db(void)
{
    const apr_dbd_driver_t *drv;
    apr_dbd_t *handle = NULL;
    const char *err = NULL;
    apr_pool_t *cp;                 /* a connection's own pool, as mod_dbd's */
    rm_db *db;
    apr_pool_create(&cp, pool);
    assert_int_equal(apr_dbd_get_driver(cp, "sqlite3", &drv), APR_SUCCESS);
    assert_int_equal(apr_dbd_open_ex(drv, cp, apr_pstrcat(cp, dir, "/t.db", NULL),
                                     &handle, &err), APR_SUCCESS);
    db = rm_db_wrap(cp, drv, handle, keep_log, APLOG_DEBUG);
    return db;
}

static int setup(void **state)
{
    (void)state;
    assert_non_null(mkdtemp(dir));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(apr_pstrcat(pool, dir, "/t.db", NULL));
    unlink(apr_pstrcat(pool, dir, "/t.db-wal", NULL));
    unlink(apr_pstrcat(pool, dir, "/t.db-shm", NULL));
    rmdir(dir);
    return 0;
}

static void test_migrate_and_prepare(void **state)
{
    rm_db *db = open_db();
    int current = -1, known = -1;
    (void)state;
    assert_int_equal(rm_db_schema_status(db, &current, &known), 0);
    assert_int_equal(current, 0);
    assert_true(known >= 4);
    assert_int_equal(rm_db_ready(db), 0);       /* migrates, prepares all */
    assert_int_equal(rm_db_schema_status(db, &current, &known), 0);
    assert_int_equal(current, known);
}

static void test_named_arguments_write_and_read(void **state)
{
    rm_db *db = open_db();
    rm_rows *rows;
    int n = 0;
    (void)state;
    assert_int_equal(rm_db_ready(db), 0);
    assert_int_equal(rm_db_begin(db), 0);
    assert_int_equal(rm_db_exec(db, RM_Q_AUDIT, &n,
                                RM_ARGV(AUDIT, .at = "1700000000", .actor = "alice",
                                        .action = "test.write", .entity = "test",
                                        .entity_id = "7", .detail = "")), 0);
    assert_int_equal(n, 1);
    assert_int_equal(rm_db_end(db, 1), 0);
    assert_false(rm_db_in_transaction(db));
    assert_int_equal(rm_db_select(db, RM_Q_PROG_ALL, &rows, RM_NOARGS), 0);
    assert_int_equal(rows->n, 0);
    assert_int_equal(rows->ncols, 6);
}

static void test_an_argument_left_out_is_refused(void **state)
{
    rm_db *db = open_db();
    int n = 0;
    (void)state;
    assert_int_equal(rm_db_ready(db), 0);
    assert_int_equal(rm_db_begin(db), 0);
    /* .detail left out: NULL ends the list one short */
    assert_int_equal(rm_db_exec(db, RM_Q_AUDIT, &n,
                                RM_ARGV(AUDIT, .at = "1", .actor = "alice",
                                        .action = "x", .entity = "y",
                                        .entity_id = "1")), -1);
    assert_non_null(strstr(logged, "rm_audit given 5 arguments, takes 6"));
    /* the transaction is only rolled back: rm_db_end says nothing was kept */
    assert_int_equal(rm_db_end(db, 1), -1);
}

static void test_unknown_statement_and_failure(void **state)
{
    rm_db *db = open_db();
    rm_rows *rows;
    (void)state;
    assert_int_equal(rm_db_ready(db), 0);
    assert_int_equal(rm_db_select(db, "rm_no_such_statement", &rows, RM_NOARGS), -1);
    assert_non_null(strstr(logged, "unknown statement rm_no_such_statement"));
    assert_int_equal(db->db_error, 1);
}

/* Audited views write audit rows without moving the result cache on
 * (rm_db_keep_cache, and no change trigger on PostgreSQL's audit table):
 * that is sound only while no cached statement reads the audit. */
static void test_no_cached_statement_reads_the_audit(void **state)
{
    (void)state;
    for (int c = 0; rm_catalogues[c]; c++)
        for (const rm_stmt *st = rm_catalogues[c]; st->label; st++)
            if (st->cache && (strstr(st->sql, "FROM audit") || strstr(st->sql, "JOIN audit")))
                fail_msg("%s is cached and reads the audit", st->label);
}

static int count_placeholders(const char *sql)
{
    int n = 0;
    for (const char *s = sql; (s = strchr(s, '%')); s++)
        if (!strncmp(s, "%s", 2) || !strncmp(s, "%lld", 4)) n++;
    return n;
}

/* PostgreSQL's own texts (rm_catalogues_pg, full-text search) stand for a
 * statement of the catalogue: the same label, arguments and cache rule,
 * and their text is only prepared on PostgreSQL (the SQLite one here). */
static void test_postgresql_texts_match_their_statements(void **state)
{
    int seen = 0;
    (void)state;
    for (int c = 0; rm_catalogues_pg[c]; c++)
        for (const rm_stmt *o = rm_catalogues_pg[c]; o->label; o++) {
            const rm_stmt *found = NULL;
            seen++;
            for (int k = 0; rm_catalogues[k]; k++)
                for (const rm_stmt *st = rm_catalogues[k]; st->label; st++)
                    if (!strcmp(st->label, o->label)) found = st;
            if (!found) fail_msg("%s: PostgreSQL text of no statement", o->label);
            assert_int_equal(count_placeholders(found->sql), count_placeholders(o->sql));
            assert_int_equal(found->cache, o->cache);
            assert_ptr_equal(rm_stmt_text(found, 1), found->sql);
            assert_ptr_equal(rm_stmt_text(found, 0), o->sql);
            assert_true(strcmp(found->sql, o->sql) != 0);
        }
    assert_true(seen >= 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_migrate_and_prepare),
        cmocka_unit_test(test_named_arguments_write_and_read),
        cmocka_unit_test(test_an_argument_left_out_is_refused),
        cmocka_unit_test(test_unknown_statement_and_failure),
        cmocka_unit_test(test_no_cached_statement_reads_the_audit),
        cmocka_unit_test(test_postgresql_texts_match_their_statements),
    };
    int rc;
    apr_initialize();
    apr_pool_create(&pool, NULL);
    apr_dbd_init(pool);
    rm_db_process_init(pool, NULL);
    rc = cmocka_run_group_tests(tests, setup, teardown);
    apr_terminate();
    return rc;
}
