/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The person signed in, as a row of the store, and the audit trail of what
 * they change: the request's side of the store (store.c is the statement
 * catalogue alone, shared with rmentorctl).
 */
#include <apr_strings.h>
#include "rm.h"
#include "store.h"

RM_NAMED_ARGS(PERSON_UPSERT);
RM_NAMED_ARGS(AUDIT);

const char *rm_i64(apr_pool_t *p, long long v)
{
    return apr_psprintf(p, "%" APR_INT64_T_FMT, (apr_int64_t)v);
}

/* The requester's person id; with create, inserts or refreshes the row from
 * the SSO attributes (call inside a write transaction). 0 when unknown. */
long long rm_person_id(rm_req *rq, int create)
{
    rm_rows *rows;
    const char *now = rm_i64(rq->r->pool, apr_time_sec(rq->now));
    if (create) {
        const rm_identity *id = &rq->id;
        if (rm_db_select(rq->db, RM_Q_PERSON_UPSERT, &rows,
                         RM_ARGV(PERSON_UPSERT, .principal = id->principal,
                                 .display_name = id->display_name, .mail = id->mail,
                                 .department = id->department,
                                 .job_title = id->job_title, .grade = id->grade,
                                 .staff_number = id->staff_number, .manager = id->manager, .scope = id->scope,
                                 .eppn = id->eppn ? id->eppn : "",
                                 .name_folded = rm_fold(rq->r->pool, id->display_name),
                                 .first_seen = now, .last_seen = now)) != 0
            || rows->n != 1)
            return 0;
    }
    else if (rq->person_id) {
        return rq->person_id;
    }
    else if (rm_db_select(rq->db, RM_Q_PERSON_BY_PRINCIPAL, &rows,
                          RM_ARGS(rq->id.principal)) != 0 || rows->n != 1) {
        return 0;
    }
    rq->person_id = rm_parse_id(rows->rows[0][0]);
    return rq->person_id;
}

int rm_audit(rm_req *rq, const char *action, const char *entity,
             long long entity_id, const char *detail)
{
    apr_pool_t *p = rq->r->pool;
    return rm_db_exec(rq->db, RM_Q_AUDIT, NULL,
                      RM_ARGV(AUDIT, .at = rm_i64(p, apr_time_sec(rq->now)),
                              .actor = rq->id.principal, .action = action,
                              .entity = entity, .entity_id = rm_i64(p, entity_id),
                              .detail = detail ? detail : ""));
}

int rm_audit_view(rm_req *rq, const char *action, const char *entity,
                  long long entity_id, const char *detail)
{
    int ok;
    if (rm_db_begin(rq->db) != 0) return -1;
    rm_db_keep_cache(rq->db);           /* no cached statement reads the audit */
    ok = rm_audit(rq, action, entity, entity_id, detail) == 0;
    return rm_db_end(rq->db, ok) == 0 && ok ? 0 : -1;
}
