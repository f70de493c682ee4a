/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The HR data exchange's data side (hr.h): a page of the progression
 * export read in chunks with bounded memory, and HR's import applied all
 * or nothing.  The data layer only: the module and rmentorctl share it.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_hash.h>
#include "hr.h"
#include "store.h"
#include "features/areas.h"
#include "core/pace.h"

RM_NAMED_ARGS(AUDIT);
RM_NAMED_ARGS(HR_IMPORT_ADD);

/* Rows read at a time (twice as many on PostgreSQL): a page of 5,000
 * records is read in chunks, so the rows of only one are in memory beside
 * the document being built. */
#define CHUNK_ROWS 500

#define I64(p, v) apr_psprintf(p, "%" APR_INT64_T_FMT, (apr_int64_t)(v))

typedef struct {
    int a, b, c;
    long long changed;
} agg;

/* The aggregates of the records (lo, hi] (RM_Q_HRX_AGG), one hash of agg
 * by application id for each kind. */
enum { K_PAIRS, K_MEETINGS, K_CHECKINS, K_TRAINING, K_OVERRIDES, K_EVALS, K_COUNT };

static int load_aggs(rm_db *db, apr_pool_t *p, long long lo, long long hi, long long prog,
                     apr_hash_t **out)
{
    const char *slo = I64(p, lo), *shi = I64(p, hi), *sp = I64(p, prog);
    /* (lo, hi, programme, programme) for each of the statement's nine ranges */
    const char *args[9 * 4 + 1];
    rm_rows *rows;
    int i;
    for (i = 0; i < 9; i++) {
        args[i * 4] = slo;
        args[i * 4 + 1] = shi;
        args[i * 4 + 2] = sp;
        args[i * 4 + 3] = sp;
    }
    args[36] = NULL;
    if (rm_db_select(db, RM_Q_HRX_AGG, &rows, args) != 0) return -1;
    for (i = 0; i < K_COUNT; i++) out[i] = apr_hash_make(p);
    for (i = 0; i < rows->n; i++) {
        const char **row = rows->rows[i];
        const char *k = strchr("pmctoe", row[COL_HRXA_KIND][0]);
        long long id, changed;
        int kind;
        agg *g;
        if (!k || !*k) continue;
        kind = (int)(k - "pmctoe");
        id = atoll(row[COL_HRXA_APP]);
        g = apr_hash_get(out[kind], &id, sizeof(id));
        if (!g) {
            long long *key = apr_palloc(p, sizeof(*key));
            *key = id;
            g = apr_pcalloc(p, sizeof(*g));
            apr_hash_set(out[kind], key, sizeof(*key), g);
        }
        g->a += atoi(row[COL_HRXA_A]);
        g->b += atoi(row[COL_HRXA_B]);
        g->c += atoi(row[COL_HRXA_C]);
        changed = atoll(row[COL_HRXA_CHANGED]);
        if (changed > g->changed) g->changed = changed;
    }
    return 0;
}

static const agg *get(apr_hash_t *h, long long id)
{
    static const agg none = { 0, 0, 0, 0 };
    const agg *g = apr_hash_get(h, &id, sizeof(id));
    return g ? g : &none;
}

static long long later(long long a, long long b)
{
    return a > b ? a : b;
}

/* One chunk: rows (lo, ...] of the base statement, up to `want`. */
static int scan_chunk(rm_db *db, apr_pool_t *p, const rm_hr_scan *s, long long lo,
                      long want, long *emitted, long long *last, int *exhausted)
{
    rm_rows *base, *steps;
    apr_hash_t *aggs[K_COUNT];
    const char *sp = I64(p, s->programme);
    long long hi;
    int i, si = 0;

    int n;
    /* one row more than wanted: whether any follow */
    if (rm_db_select(db, RM_Q_HRX_BASE, &base,
                     RM_ARGS(I64(p, lo), sp, sp, s->scope ? s->scope : "",
                             s->scope ? s->scope : "", I64(p, want + 1))) != 0)
        return -1;
    *exhausted = base->n <= want;
    n = base->n <= want ? base->n : (int)want;
    if (n == 0) return 0;
    hi = atoll(base->rows[n - 1][COL_HRX_ID]);
    if (load_aggs(db, p, lo, hi, s->programme, aggs) != 0
        || rm_db_select(db, RM_Q_HRX_STEPS, &steps,
                        RM_ARGS(I64(p, lo), I64(p, hi), sp, sp)) != 0)
        return -1;

    for (i = 0; i < n && *emitted < s->limit; i++) {
        const char **row = base->rows[i];
        long long id = atoll(row[COL_HRX_ID]), changed;
        const agg *pr = get(aggs[K_PAIRS], id), *mt = get(aggs[K_MEETINGS], id),
                  *ci = get(aggs[K_CHECKINS], id), *tr = get(aggs[K_TRAINING], id),
                  *ov = get(aggs[K_OVERRIDES], id), *ev = get(aggs[K_EVALS], id);
        rm_hrx_record rec;
        int length = atoi(row[COL_HRX_LENGTH]);

        *last = id;
        memset(&rec, 0, sizeof rec);
        rec.steps = apr_array_make(p, 2, sizeof(rm_hrx_step));
        changed = later(atoll(row[COL_HRX_UPDATED]), atoll(row[COL_HRX_HR_UPDATED]));
        while (si < steps->n && atoll(steps->rows[si][COL_HRXS_APP]) < id) si++;
        for (; si < steps->n && atoll(steps->rows[si][COL_HRXS_APP]) == id; si++) {
            rm_hrx_step *st = apr_array_push(rec.steps);
            st->kind = steps->rows[si][COL_HRXS_KIND];
            st->on = steps->rows[si][COL_HRXS_ON];
            changed = later(changed, atoll(steps->rows[si][COL_HRXS_CHANGED]));
        }
        changed = later(changed, later(pr->changed, mt->changed));
        changed = later(changed, later(ci->changed, tr->changed));
        changed = later(changed, later(ov->changed, ev->changed));
        if (s->since > 0 && changed <= s->since) continue;

        rec.id = id;
        rec.changed = rm_hrx_iso(p, changed);
        rec.principal = row[COL_HRX_PRINCIPAL];
        rec.staff_number = *row[COL_HRX_HR_STAFF] ? row[COL_HRX_HR_STAFF] : row[COL_HRX_STAFF];
        rec.role = row[COL_HRX_ROLE];
        rec.programme_id = atoll(row[COL_HRX_PROG]);
        rec.programme = row[COL_HRX_PROG_NAME];
        rec.start = row[COL_HRX_START];
        rec.end = rm_programme_last_day(p, row[COL_HRX_START], length);
        rec.training_attended = tr->a;
        rec.training_completed = tr->a > 0 || ov->a > 0;
        rec.meetings_held = mt->a;
        rec.minutes_held = mt->b;
        rec.meetings_min = atoi(row[COL_HRX_MIN_MEETINGS]);
        rec.minutes_min = rec.meetings_min * atoi(row[COL_HRX_MEETING_MINUTES]);
        rec.checkin_done = ci->a > 0;
        rec.eval_done = ev->a > 0;
        rec.outcome = rm_hrx_outcome(row[COL_HRX_STATUS], pr->a, pr->b, pr->c);
        rec.grade_entry = row[COL_HRX_GRADE];
        rec.hesa_entry = s->hesa && *rec.grade_entry ? apr_table_get(s->hesa, rec.grade_entry) : NULL;
        rec.grade_latest = row[COL_HRX_HR_GRADE];
        rec.grade_latest_on = row[COL_HRX_HR_GRADE_ON];
        rec.hesa_latest = s->hesa && *rec.grade_latest ? apr_table_get(s->hesa, rec.grade_latest) : NULL;
        rec.left_on = row[COL_HRX_LEFT_ON];
        rec.self_identified = s->with_selfid ? atoi(row[COL_HRX_SELFID]) != 0 : -1;
        if (s->emit(s->ctx, p, &rec) != 0) return -1;
        ++*emitted;
    }
    /* records left in this chunk: the scan is not over */
    if (i < n) *exhausted = 0;
    return 0;
}

int rm_hr_scan_page(rm_db *db, apr_pool_t *p, const rm_hr_scan *s,
                    long long *last, int *more)
{
    apr_pool_t *chunk, *saved = db->pool;
    long emitted = 0;
    /* SQLite's work and rows are in this process's memory; PostgreSQL's
     * cost a round trip a chunk */
    long chunk_rows = rm_db_is_sqlite(db->dbd) ? CHUNK_ROWS : 2 * CHUNK_ROWS;
    long long cursor = s->after;
    int exhausted = 0, rc = 0;

    *last = s->after;
    if (apr_pool_create(&chunk, p) != APR_SUCCESS) return -1;
    while (emitted < s->limit && !exhausted) {
        long long before = *last;
        long want = s->limit - emitted;
        if (want > chunk_rows) want = chunk_rows;
        /* the statements' rows in the chunk's pool too (the data layer puts
         * results in db->pool), so they go with it */
        db->pool = chunk;
        rc = scan_chunk(db, chunk, s, cursor, want, &emitted, last, &exhausted);
        db->pool = saved;
        apr_pool_clear(chunk);
        if (rc != 0) break;
        if (*last == before) break;            /* nothing more to look at */
        cursor = *last;
    }
    apr_pool_destroy(chunk);
    *more = rc == 0 && !exhausted;
    return rc;
}

/* ---- the import ---------------------------------------------------------- */

static int on_scale(const apr_array_header_t *grades, const char *g)
{
    int i;
    if (!grades || grades->nelts == 0) return 1;
    for (i = 0; i < grades->nelts; i++)
        if (!strcmp(APR_ARRAY_IDX(grades, i, const char *), g)) return 1;
    return 0;
}

/* who a record names: 1 found (*row), 0 not found or ambiguous (*why) */
static int find_person(rm_db *db, apr_pool_t *p, const rm_hri_record *rec,
                       const char *scope, const char ***row, const char **why, int *failed)
{
    rm_rows *rows;
    if (rec->principal && *rec->principal) {
        if (rm_db_select(db, RM_Q_HR_WHO_PRINCIPAL, &rows,
                         RM_ARGS(rec->principal, rec->principal, scope, scope)) != 0) {
            *failed = 1;
            return 0;
        }
        if (rows->n != 1) {
            *why = "no one with this principal has used the mentoring service";
            return 0;
        }
    }
    else {
        if (rm_db_select(db, RM_Q_HR_WHO_STAFF, &rows,
                         RM_ARGS(rec->staff_number, rec->staff_number, scope, scope)) != 0) {
            *failed = 1;
            return 0;
        }
        if (rows->n == 0) {
            *why = "no one with this staff number is known: map it first with a "
                   "StaffNumber record";
            return 0;
        }
        if (rows->n > 1) {
            *why = "two people have this staff number: map it with a StaffNumber record";
            return 0;
        }
    }
    (void)p;
    *row = rows->rows[0];
    return 1;
}

static int record_import(rm_db *db, apr_pool_t *p, const char *actor, const char *source,
                         const char *sha256, long long now, int records, int changed,
                         int rejected, const char *outcome)
{
    int ok;
    const char *detail;
    if (rm_db_begin(db) != 0) return -1;
    ok = rm_db_exec(db, RM_Q_HR_IMPORT_ADD, NULL,
                    RM_ARGV(HR_IMPORT_ADD, .at = I64(p, now), .actor = actor,
                            .source = source, .sha256 = sha256, .records = I64(p, records),
                            .changed = I64(p, changed), .rejected = I64(p, rejected),
                            .outcome = outcome)) == 0;
    /* the audit: counts and the outcome, never a record's content */
    detail = apr_psprintf(p, "%s source=%s records=%d changed=%d rejected=%d", outcome,
                          source, records, changed, rejected);
    ok = ok && rm_db_exec(db, RM_Q_AUDIT, NULL,
                          RM_ARGV(AUDIT, .at = I64(p, now), .actor = actor,
                                  .action = "hr.import", .entity = "hr_import",
                                  .entity_id = "0", .detail = detail)) == 0;
    return rm_db_end(db, ok) == 0 && ok ? 0 : -1;
}

int rm_hr_import_refused(rm_db *db, apr_pool_t *p, const char *actor, const char *source,
                         const char *sha256, long long now)
{
    return record_import(db, p, actor, source, sha256, now, 0, 0, 0, "refused");
}

int rm_hr_import_apply(rm_db *db, apr_pool_t *p, const rm_hri_batch *b,
                       const char *actor, const char *source, const char *sha256,
                       const apr_array_header_t *grades, long long now, int dry_run,
                       const char *scope, rm_hr_report *rep)
{
    int i, failed = 0;
    const char *snow = I64(p, now);

    memset(rep, 0, sizeof *rep);
    if (!scope) scope = "";
    rep->lines = apr_array_make(p, b->records->nelts + 1, sizeof(rm_hr_outcome_line));
    rep->records = b->records->nelts;
    if (rm_db_begin(db) != 0) return -1;
    for (i = 0; i < b->records->nelts && !failed; i++) {
        const rm_hri_record *rec = &APR_ARRAY_IDX(b->records, i, rm_hri_record);
        rm_hr_outcome_line *ln = apr_array_push(rep->lines);
        const char **who = NULL, *why = NULL;
        ln->line = rec->line;
        ln->who = rec->principal && *rec->principal ? rec->principal : rec->staff_number;
        ln->kind = rec->kind == RM_HRI_GRADE ? "grade"
                 : rec->kind == RM_HRI_STAFF_NUMBER ? "staff number" : "leaver";
        if (!find_person(db, p, rec, scope, &who, &why, &failed)) {
            ln->rejected = 1;
            ln->what = why ? why : "the database could not be read";
            rep->rejected++;
            continue;
        }
        switch (rec->kind) {
        case RM_HRI_GRADE:
            if (!on_scale(grades, rec->grade)) {
                ln->rejected = 1;
                ln->what = apr_psprintf(p, "grade \"%s\" is not on this site's grade scale "
                                        "(RMentorGradeScale)", rec->grade);
            }
            else if (*who[COL_HRW_GRADE_ON] && strcmp(rec->date, who[COL_HRW_GRADE_ON]) < 0) {
                ln->what = apr_psprintf(p, "unchanged: a later grade (%s from %s) is recorded",
                                        who[COL_HRW_GRADE], who[COL_HRW_GRADE_ON]);
            }
            else if (!strcmp(rec->grade, who[COL_HRW_GRADE])
                     && !strcmp(rec->date, who[COL_HRW_GRADE_ON])) {
                ln->what = "unchanged: already recorded";
            }
            else {
                failed = rm_db_exec(db, RM_Q_HR_SET_GRADE, NULL,
                                    RM_ARGS(rec->grade, rec->date, snow, who[COL_HRW_ID])) != 0;
                ln->changed = 1;
                ln->what = apr_psprintf(p, "grade %s from %s (was %s)", rec->grade, rec->date,
                                        *who[COL_HRW_GRADE] ? who[COL_HRW_GRADE] : "not known");
            }
            break;
        case RM_HRI_STAFF_NUMBER: {
            rm_rows *owner;
            if (rm_db_select(db, RM_Q_HR_WHO_STAFF, &owner,
                             RM_ARGS(rec->number, rec->number, scope, scope)) != 0) {
                failed = 1;
                break;
            }
            if (owner->n > 0 && strcmp(owner->rows[0][COL_HRW_ID], who[COL_HRW_ID]) != 0) {
                ln->rejected = 1;
                ln->what = apr_psprintf(p, "staff number %s already belongs to someone else",
                                        rec->number);
            }
            else if (!strcmp(rec->number, who[COL_HRW_STAFF])) {
                ln->what = "unchanged: already recorded";
            }
            else {
                failed = rm_db_exec(db, RM_Q_HR_SET_STAFF, NULL,
                                    RM_ARGS(rec->number, snow, who[COL_HRW_ID])) != 0;
                ln->changed = 1;
                ln->what = apr_psprintf(p, "staff number %s", rec->number);
            }
            break;
        }
        case RM_HRI_LEAVER:
            if (!strcmp(rec->date, who[COL_HRW_LEFT_ON])) {
                ln->what = "unchanged: already recorded";
            }
            else {
                failed = rm_db_exec(db, RM_Q_HR_SET_LEFT, NULL,
                                    RM_ARGS(rec->date, snow, who[COL_HRW_ID])) != 0;
                ln->changed = 1;
                ln->what = apr_psprintf(p, "leaving on %s", rec->date);
            }
            break;
        }
        if (ln->rejected) rep->rejected++;
        if (ln->changed) rep->changed++;
    }
    if (failed) {
        rm_db_end(db, 0);
        return -1;
    }
    rep->outcome = rep->rejected ? "rejected" : "applied";
    if (rep->rejected || dry_run) {
        rm_db_end(db, 0);
        if (rep->rejected) rep->changed = 0;
    }
    else {
        /* the changes and their record in one transaction */
        const char *detail = apr_psprintf(p, "applied source=%s records=%d changed=%d "
                                          "rejected=0", source, rep->records, rep->changed);
        int ok = rm_db_exec(db, RM_Q_HR_IMPORT_ADD, NULL,
                            RM_ARGV(HR_IMPORT_ADD, .at = snow, .actor = actor,
                                    .source = source, .sha256 = sha256,
                                    .records = I64(p, rep->records),
                                    .changed = I64(p, rep->changed), .rejected = "0",
                                    .outcome = "applied")) == 0
              && rm_db_exec(db, RM_Q_AUDIT, NULL,
                            RM_ARGV(AUDIT, .at = snow, .actor = actor, .action = "hr.import",
                                    .entity = "hr_import", .entity_id = "0",
                                    .detail = detail)) == 0;
        if (rm_db_end(db, ok) != 0 || !ok) return -1;
        return 0;
    }
    if (dry_run) return 0;
    return record_import(db, p, actor, source, sha256, now, rep->records, 0, rep->rejected,
                         "rejected") == 0 ? 0 : -1;
}
