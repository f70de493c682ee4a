/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The resources hub's statements.  Same rules as data/store.c: one text for
 * SQLite and PostgreSQL, numbers bound as %lld, 1 for reads the cache may
 * keep; reads inside a write transaction are never cached.  The one place
 * the two databases have no common syntax is full-text search: SQLite's
 * FTS5 table resource_fts and PostgreSQL's tsvector column resource.search
 * (011_resources.sql of sql/sqlite and sql/pgsql).  rm_resources_statements_pg holds
 * PostgreSQL's text of those statements, with the same arguments in the
 * same order; core/resource.c writes the query for each from the same
 * words, so both find the same resources, in the same order (the newest
 * first, never by a rank that would differ).
 *
 * Every statement that lists or gets resources for someone checks the
 * audience in SQL (RES_VISIBLE), so what a page never shows it never
 * fetches.
 */
#include <stddef.h>
#include "rm_db.h"
#include "store.h"
#include "features/areas.h"

#define RS_COLS \
    "r.id, r.title, r.kind, r.description, r.topics, r.url, r.file_sha256, r.file_name, " \
    "r.file_type, r.file_size, r.audience, r.programme_id, r.role, r.added_at, r.updated_at, " \
    "r.withdrawn_at, coalesce(pg.name, '') "
#define RS_FROM "FROM resource r LEFT JOIN programme pg ON pg.id = r.programme_id "

/* A live resource the asker may see (RM_A_RES_WHO): an admin of the
 * service sees them all; everyone else those for all staff, those of a
 * programme they take part in (an accepted application) or are on the team
 * of, and those for a role they hold: Mentor or Senior Mentor in any
 * programme, or a staff role.  The asker comes as their programmes and
 * roles (",3,7," and ",mentor,facilitator,", RM_Q_RES_ASKER), not as their
 * name: everyone with the same ones shares the same cached rows. */
#define RES_VISIBLE \
    "r.withdrawn_at = 0 AND (CAST(%lld AS INTEGER) = 1 OR r.audience = 'all' " \
    "OR (r.audience = 'programme' " \
    "AND replace(%s, ',' || CAST(r.programme_id AS TEXT) || ',', '') <> %s) " \
    "OR (r.audience = 'role' AND replace(%s, ',' || r.role || ',', '') <> %s)) "

/* the filters: a kind ('' any) twice, a topic ('' any) twice */
#define RES_FILTERS \
    "AND (%s = '' OR r.kind = %s) " \
    "AND (%s = '' OR replace(',' || r.topics || ',', ',' || %s || ',', '') " \
    "<> ',' || r.topics || ',') "

#define RES_ORDER "ORDER BY r.added_at DESC, r.id DESC "

#define FTS_SQLITE "AND r.id IN (SELECT rowid FROM resource_fts WHERE resource_fts MATCH %s) "
#define FTS_PG     "AND r.search @@ to_tsquery('simple', %s) "

const rm_stmt rm_resources_statements[] = {
    /* what decides the asker's audience: the programmes they take part in
     * or are on the team of ('p', id) and the roles they hold in any
     * programme ('r', role); principal three times */
    { RM_Q_RES_ASKER,
      "SELECT 'p', CAST(a.programme_id AS TEXT) FROM application a "
      "JOIN person pe ON pe.id = a.person_id WHERE pe.principal = %s AND a.status = 'accepted' "
      "UNION SELECT 'p', CAST(t.programme_id AS TEXT) FROM programme_team t "
      "JOIN person pe ON pe.id = t.person_id WHERE pe.principal = %s "
      "UNION SELECT 'r', a.role FROM application a JOIN person pe ON pe.id = a.person_id "
      "WHERE pe.principal = %s AND a.status = 'accepted' LIMIT 1000", 1 },
    /* a page of what the asker may see: who, filters, limit, offset */
    { RM_Q_RES_LIST,
      "SELECT " RS_COLS RS_FROM "WHERE " RES_VISIBLE RES_FILTERS RES_ORDER
      "LIMIT %lld OFFSET %lld", 1 },
    { RM_Q_RES_COUNT,
      "SELECT count(*) FROM resource r WHERE " RES_VISIBLE RES_FILTERS, 1 },
    /* the same with the words of a search (core/resource.c): who, filters,
     * query, limit, offset */
    { RM_Q_RES_SEARCH,
      "SELECT " RS_COLS RS_FROM "WHERE " RES_VISIBLE RES_FILTERS FTS_SQLITE RES_ORDER
      "LIMIT %lld OFFSET %lld", 1 },
    { RM_Q_RES_SEARCH_COUNT,
      "SELECT count(*) FROM resource r WHERE " RES_VISIBLE RES_FILTERS FTS_SQLITE, 1 },
    /* the topics of what the asker may see, for the filter (split in C) */
    { RM_Q_RES_TOPICS,
      "SELECT DISTINCT r.topics FROM resource r WHERE " RES_VISIBLE "AND r.topics <> '' "
      "LIMIT 2000", 1 },
    { RM_Q_RES_GET, "SELECT " RS_COLS RS_FROM "WHERE r.id = %lld", 1 },
    { RM_Q_RES_GET_NOW, "SELECT " RS_COLS RS_FROM "WHERE r.id = %lld", 0 },
    /* one resource when the asker may see it: id, who */
    { RM_Q_RES_GET_VISIBLE, "SELECT " RS_COLS RS_FROM "WHERE r.id = %lld AND " RES_VISIBLE, 1 },
    /* a programme's related resources the asker may see: programme, who */
    { RM_Q_RES_RELATED,
      "SELECT " RS_COLS RS_FROM "WHERE r.programme_id = %lld AND " RES_VISIBLE RES_ORDER
      "LIMIT 20", 1 },
    /* the curators' list: live first, then withdrawn; limit, offset */
    { RM_Q_RES_ADMIN_LIST,
      "SELECT " RS_COLS RS_FROM "ORDER BY CASE WHEN r.withdrawn_at = 0 THEN 0 ELSE 1 END, "
      "r.added_at DESC, r.id DESC LIMIT %lld OFFSET %lld", 1 },
    { RM_Q_RES_ADMIN_COUNT, "SELECT count(*) FROM resource", 1 },
    { RM_Q_RES_PROGRAMMES,
      "SELECT id, name FROM programme ORDER BY start_date DESC, id DESC LIMIT 500", 1 },
    { RM_Q_RES_INSERT,
      "INSERT INTO resource (title, kind, description, topics, url, file_sha256, file_name, "
      "file_type, file_size, audience, programme_id, role, added_by, added_at, updated_at) "
      "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %lld, %s, %lld, %s, %lld, %lld, %lld) "
      "RETURNING id", 0 },
    { RM_Q_RES_UPDATE,
      "UPDATE resource SET title = %s, kind = %s, description = %s, topics = %s, url = %s, "
      "file_sha256 = %s, file_name = %s, file_type = %s, file_size = %lld, audience = %s, "
      "programme_id = %lld, role = %s, updated_at = %lld WHERE id = %lld", 0 },
    /* withdrawn_at, updated_at, id */
    { RM_Q_RES_WITHDRAW,
      "UPDATE resource SET withdrawn_at = %lld, updated_at = %lld "
      "WHERE id = %lld AND withdrawn_at = 0", 0 },
    /* updated_at, id */
    { RM_Q_RES_RESTORE,
      "UPDATE resource SET withdrawn_at = 0, updated_at = %lld "
      "WHERE id = %lld AND withdrawn_at <> 0", 0 },
    /* read fresh, never from the cache: a file is removed on its answer */
    { RM_Q_RES_FILE_USED, "SELECT count(*) FROM resource WHERE file_sha256 = %s", 0 },
    { NULL, NULL, 0 }
};

/* PostgreSQL's texts of the search statements (data/catalogue.c) */
const rm_stmt rm_resources_statements_pg[] = {
    { RM_Q_RES_SEARCH,
      "SELECT " RS_COLS RS_FROM "WHERE " RES_VISIBLE RES_FILTERS FTS_PG RES_ORDER
      "LIMIT %lld OFFSET %lld", 1 },
    { RM_Q_RES_SEARCH_COUNT,
      "SELECT count(*) FROM resource r WHERE " RES_VISIBLE RES_FILTERS FTS_PG, 1 },
    { NULL, NULL, 0 }
};
