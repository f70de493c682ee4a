/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Data protection's data side (dp.h): subject access, erasure and the
 * retention purge, for the module's pages and rmentorctl alike.
 *
 * Erasure keeps what other people wrote (a decision's reason, a team's
 * note), every figure (ratings, minutes, statuses, counts) and the fact of
 * the erasure; it replaces the person's name and identifiers by a
 * pseudonym ("erased:" and 16 random hex digits, so two erased people stay
 * two and no one can sign in as one), blanks what they wrote, and deletes
 * what only served them (calendar feed, reminders, team places).  The
 * reason is kept in dp_erasure alone: the audit row says that it happened
 * and by whom, never why, and nothing of it reaches a log.
 *
 * The purge blanks, per programme and kind, only what is not blank yet, so
 * running it twice changes nothing the second time and reports zeros.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <openssl/rand.h>
#include "dp.h"
#include "dp_sections.h"
#include "dp_sql.h"
#include "store.h"

RM_NAMED_ARGS(AUDIT);

#define I64(p, v) apr_psprintf(p, "%" APR_INT64_T_FMT, (apr_int64_t)(v))

typedef struct {
    const char *name, *title, *fields, *args;
} sar_def;

#define SAR_DEF_(name, title, fields, args, sql) { #name, title, fields, args },
static const sar_def sections[] = { RM_DP_SECTIONS(SAR_DEF_) };
#define NSECTIONS ((int)(sizeof sections / sizeof sections[0]))

const rm_dp_cover rm_dp_coverage[] = {
    { "person", "id", "person", "pseudonymised: name and identifiers replaced, erased_at set" },
    { "programme_team", "person_id", "programme_team", "deleted" },
    { "application", "person_id", "application", "free text blanked; role, status, "
      "self-identification, codes and the decision kept for the figures" },
    { "application", "decided_by", "staff_records", "kept: the team's record" },
    { "training_session", "facilitator_id", "staff_records", "kept: the team's record" },
    { "training_booking", "application_id", "training_booking", "kept: attendance" },
    { "training_booking", "recorded_by", "staff_records", "kept: the team's record" },
    { "training_override", "application_id", "training_override", "kept: the team's record" },
    { "training_override", "recorded_by", "staff_records", "kept: the team's record" },
    { "match_rule", "mentor_app", "match_rule", "kept: the team's record" },
    { "match_rule", "senior_app", "match_rule", "kept: the team's record" },
    { "match_rule", "created_by", "staff_records", "kept: the team's record" },
    { "match_draft", "mentor_app", "match_draft", "kept: a score" },
    { "match_draft", "senior_app", "match_draft", "kept: a score" },
    { "match_run", "run_by", "staff_records", "kept: the team's record" },
    { "pair", "mentor_app", "pair", "kept: the pair's shared facts" },
    { "pair", "senior_app", "pair", "kept: the pair's shared facts" },
    { "pair", "mentor_id", "pair", "kept: the pair's shared facts" },
    { "pair", "senior_id", "pair", "kept: the pair's shared facts" },
    { "pair", "created_by", "staff_records", "kept: the team's record" },
    { "pair", "ended_by", "staff_records", "kept: the team's record" },
    { "pair", "rematch_of", "pair", "kept: a pair, not a person" },
    { "meeting", "logged_by", "meeting", "their agenda blanked; date, minutes, status kept" },
    { "meeting", "answered_by", "meeting", "their dispute reason blanked" },
    { "pair_note", "author_id", "pair_note", "body blanked" },
    { "checkin", "person_id", "checkin", "free text blanked; rating and answers kept" },
    { "support_action", "owner_id", "staff_records", "kept: the team's record" },
    { "support_action", "created_by", "staff_records", "kept: the team's record" },
    { "pair_end_request", "person_id", "pair_end_request", "note blanked" },
    { "pair_end_request", "decided_by", "staff_records", "kept: the team's record" },
    { "event_reply", "person_id", "event_reply", "access needs blanked; reply kept" },
    { "eval_response", "person_id", "eval_response", "no longer named" },
    { "eval_answer", "response_id", "eval_answer", "written answers blanked; ratings kept" },
    { "reflection", "person_id", "reflection", "title and body blanked, made private" },
    { "inst_action", "person_id", "inst_action", "title, description and outcome blanked; "
      "area, status and dates kept" },
    { "career_step", "person_id", "career_step", "title and note blanked; kind and date kept" },
    { "story", "person_id", "story", "unpublished; text, film link and transcript blanked; "
      "status, uses and dates kept" },
    { "story", "edited_by", "staff_records", "kept: the team's record" },
    { "story", "published_by", "staff_records", "kept: the team's record" },
    { "story_consent", "person_id", "story_consent", "kept: the record of consent" },
    { "resource", "added_by", "staff_records", "kept: the team's record" },
    { "programme_member", "principal", "programme_member", "deleted" },
    { "calendar_feed", "person_id", "calendar_feed", "deleted" },
    { "reminder", "person_id", "reminder", "deleted" },
    { "reminder_off", "person_id", "reminder_off", "deleted" },
    { "dp_erasure", "person_id", "dp_erasure", "kept: that the erasure happened" },
    { "dp_erasure", "actor", "audit", "the old principal replaced by the pseudonym" },
    { "dp_purge", "actor", "dp_purge", "the old principal replaced by the pseudonym" },
    { "hr_import", "actor", "hr_import", "the old principal replaced by the pseudonym" },
    { "audit", "actor", "audit", "the old principal replaced by the pseudonym" },
    { "audit", "entity_id", "audit", "kept: ids only, never values" },
    { NULL, NULL, NULL, NULL }
};

const char *rm_dp_iso(apr_pool_t *p, const char *secs)
{
    char *end;
    long long t;
    time_t tt;
    struct tm tm;
    char buf[32];
    if (!secs || !*secs) return "";
    t = strtoll(secs, &end, 10);
    if (*end || t <= 0) return *end ? secs : "";
    tt = (time_t)t;
    if (!gmtime_r(&tt, &tm)) return secs;
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return apr_pstrdup(p, buf);
}

/* a field that holds unix seconds */
static int is_time(const char *f)
{
    size_t n = strlen(f);
    return !strcmp(f, "at") || !strcmp(f, "first_seen") || !strcmp(f, "last_seen")
           || (n > 3 && !strcmp(f + n - 3, "_at"));
}

int rm_dp_sar_collect(rm_db *db, apr_pool_t *p, long long person_id, const char *principal,
                      rm_sar_section **out, int *n)
{
    rm_sar_section *secs = apr_pcalloc(p, sizeof(*secs) * NSECTIONS);
    const char *id = I64(p, person_id);
    for (int s = 0; s < NSECTIONS; s++) {
        const sar_def *d = &sections[s];
        rm_sar_section *x = &secs[s];
        const char *args[16];
        int na = 0, nf = 1, tf[64];
        char *fields = apr_pstrdup(p, d->fields), *last, *f;
        const char **cols;
        rm_rows *rows;
        for (const char *c = d->fields; *c; c++) nf += *c == ',';
        cols = apr_pcalloc(p, sizeof(*cols) * (size_t)nf);
        nf = 0;
        for (f = apr_strtok(fields, ",", &last); f && nf < 64; f = apr_strtok(NULL, ",", &last)) {
            tf[nf] = is_time(f);
            cols[nf++] = f;
        }
        for (const char *a = d->args; *a && na < 15; a++)
            args[na++] = *a == 'p' ? principal : id;
        args[na] = NULL;
        if (rm_db_select(db, apr_pstrcat(p, "rm_dp_sar_", d->name, NULL), &rows, args) != 0)
            return -1;
        x->name = d->name;
        x->title = d->title;
        x->ncols = rows->ncols < nf ? rows->ncols : nf;
        x->cols = cols;
        x->nrows = rows->n;
        x->rows = rows->rows;
        for (int i = 0; i < rows->n; i++)
            for (int j = 0; j < x->ncols; j++)
                if (tf[j]) rows->rows[i][j] = rm_dp_iso(p, rows->rows[i][j]);
    }
    *out = secs;
    *n = NSECTIONS;
    return 0;
}

/* ---- erasure ----------------------------------------------------------------- */

static const char *pseudonym(apr_pool_t *p)
{
    unsigned char b[8];
    char hex[17];
    if (RAND_bytes(b, sizeof b) != 1) return NULL;
    for (int i = 0; i < 8; i++) apr_snprintf(hex + 2 * i, 3, "%02x", b[i]);
    return apr_pstrcat(p, "erased:", hex, NULL);
}

/* inside the caller's transaction: 1 erased, 0 already erased or no such
 * person (*found says which), -1 failed */
static int erase_in_txn(rm_db *db, apr_pool_t *p, long long person_id, const char *actor,
                        const char *source, const char *reason, apr_time_t now, int *found)
{
    static const char *const by_id[] = {
        RM_Q_DPX_NOTES, RM_Q_DPX_AGENDA, RM_Q_DPX_DISPUTE, RM_Q_DPX_CHECKINS,
        RM_Q_DPX_END_REQ, RM_Q_DPX_EVENT, RM_Q_DPX_EVAL_ANSWERS, RM_Q_DPX_EVAL_NAMED,
        RM_Q_DPX_REFLECTIONS, RM_Q_DPX_ACTIONS, RM_Q_DPX_CAREERS, RM_Q_DPX_STORIES, RM_Q_DPX_FEED,
        RM_Q_DPX_REMINDERS, RM_Q_DPX_REMINDERS_OFF, RM_Q_DPX_TEAM, NULL
    };
    static const char *const actors[] = {
        RM_Q_DPX_AUDIT_ACTOR, RM_Q_DPX_HRI_ACTOR, RM_Q_DPX_DPE_ACTOR, RM_Q_DPX_DPU_ACTOR, NULL
    };
    const char *id = I64(p, person_id), *at = I64(p, apr_time_sec(now));
    const char *pseudo = pseudonym(p), *old;
    rm_rows *rows;
    int nrows = 0;

    *found = 0;
    if (!pseudo) return -1;
    if (rm_db_select(db, RM_Q_DP_PERSON_GET, &rows, RM_ARGS(id)) != 0) return -1;
    if (rows->n != 1) return 0;
    *found = 1;
    if (apr_atoi64(rows->rows[0][COL_DPP_ERASED]) != 0) return 0;
    old = rows->rows[0][COL_DPP_PRINCIPAL];
    if (rm_db_exec(db, RM_Q_DPX_MEMBERS, NULL, RM_ARGS(id, id)) != 0) return -1;
    if (rm_db_exec(db, RM_Q_DPX_PERSON, &nrows, RM_ARGS(pseudo, at, id)) != 0) return -1;
    if (nrows != 1) return 0;                   /* erased meanwhile */
    if (rm_db_exec(db, RM_Q_DPX_APPS, NULL, RM_ARGS(at, id)) != 0) return -1;
    for (int i = 0; by_id[i]; i++)
        if (rm_db_exec(db, by_id[i], NULL, RM_ARGS(id)) != 0) return -1;
    for (int i = 0; actors[i]; i++)
        if (rm_db_exec(db, actors[i], NULL, RM_ARGS(pseudo, old)) != 0) return -1;
    /* an erased DPO erasing themselves is refused by the page; by the
     * tool, the record names the pseudonym */
    if (!strcmp(actor, old)) actor = pseudo;
    if (rm_db_exec(db, RM_Q_DPX_RECORD, NULL, RM_ARGS(id, at, actor, source, reason)) != 0
        || rm_db_exec(db, RM_Q_AUDIT, NULL,
                      RM_ARGV(AUDIT, .at = at, .actor = actor, .action = "dp.erase",
                              .entity = "person", .entity_id = id,
                              .detail = apr_pstrcat(p, "source=", source, NULL))) != 0)
        return -1;
    return 1;
}

int rm_dp_erase(rm_db *db, apr_pool_t *p, long long person_id, const char *actor,
                const char *source, const char *reason, apr_time_t now, int *already)
{
    int own = !rm_db_in_transaction(db), rc, found = 0;
    *already = 0;
    if (own && rm_db_begin(db) != 0) return -2;
    rc = erase_in_txn(db, p, person_id, actor, source, reason, now, &found);
    if (own) {
        if (rc < 0) { rm_db_end(db, 0); return -2; }
        if (rm_db_end(db, rc == 1) != 0 && rc == 1) return -2;
    }
    else if (rc < 0) return -2;
    if (!found) return -1;
    *already = rc == 0;
    return 0;
}

/* ---- the retention purge ---------------------------------------------------- */

static const char *const purge_apps[] = { RM_Q_DPR_APPS, NULL };
static const char *const purge_notes[] = {
    RM_Q_DPR_NOTES, RM_Q_DPR_MEETINGS, RM_Q_DPR_END_REQ, RM_Q_DPR_SUPPORT, RM_Q_DPR_END_NOTE, NULL
};
static const char *const purge_checkins[] = { RM_Q_DPR_CHECKINS, NULL };
static const char *const purge_evals[] = { RM_Q_DPR_EVAL_ANSWERS, RM_Q_DPR_EVAL_NAMED, NULL };
static const char *const purge_rest[] = {
    RM_Q_DPR_REFLECTIONS, RM_Q_DPR_ACTIONS, RM_Q_DPR_CAREERS, RM_Q_DPR_STORIES, RM_Q_DPR_EVENT,
    RM_Q_DPR_OVERRIDES, RM_Q_DPR_RULES, RM_Q_DPR_DECISIONS, RM_Q_DPR_APP_REST, NULL
};
static const char *const *const purge_kinds[RM_RETENTION_KINDS] = {
    purge_apps, purge_notes, purge_checkins, purge_evals, purge_rest
};
/* the statements that take (at, programme) rather than (programme) */
static int takes_time(const char *label)
{
    return !strcmp(label, RM_Q_DPR_APPS) || !strcmp(label, RM_Q_DPR_APP_REST);
}

int rm_dp_purge(rm_db *db, apr_pool_t *p, const int months[RM_RETENTION_KINDS],
                const char *today, const char *actor, apr_time_t now, int dry_run,
                rm_dp_purge_result *res)
{
    const char *at = I64(p, apr_time_sec(now));
    apr_hash_t *rest_due = apr_hash_make(p);
    rm_rows *progs, *people, *rec;
    int ok = 1;
    long cut_days;
    const char *cut;

    memset(res, 0, sizeof(*res));
    if (rm_db_begin(db) != 0) return -1;
    ok = rm_db_select(db, RM_Q_DPR_PROGRAMMES, &progs, RM_NOARGS) == 0;
    for (int i = 0; ok && i < progs->n; i++) {
        const char **pg = progs->rows[i];
        int length = atoi(pg[2]), any = 0;
        for (int k = 0; ok && k < RM_RETENTION_KINDS; k++) {
            if (!rm_ret_due(p, pg[1], length, months[k], today)) continue;
            any = 1;
            if (k == RM_RETENTION_KINDS - 1) apr_hash_set(rest_due, pg[0], APR_HASH_KEY_STRING, pg);
            for (int s = 0; ok && purge_kinds[k][s]; s++) {
                int nrows = 0;
                const char *label = purge_kinds[k][s];
                ok = rm_db_exec(db, label, &nrows, takes_time(label) ? RM_ARGS(at, pg[0])
                                                                    : RM_ARGS(pg[0])) == 0;
                res->counts[k] += nrows;
            }
        }
        res->programmes += any;
    }
    /* people whose every programme is past the rest period, not seen for
     * that long either */
    cut = months[RM_RETENTION_KINDS - 1] == RM_RETENTION_NEVER ? NULL
          : rm_date_add_months(p, today, -months[RM_RETENTION_KINDS - 1]);
    if (ok && cut && rm_date_parse(cut, &cut_days) == 0) {
        ok = rm_db_select(db, RM_Q_DPR_PEOPLE, &people,
                          RM_ARGS(I64(p, (long long)cut_days * 86400))) == 0;
        for (int i = 0; ok && i < people->n; ) {
            const char *who = people->rows[i][0];
            int all = 1, found = 0, rc;
            for (; i < people->n && !strcmp(people->rows[i][0], who); i++)
                if (!apr_hash_get(rest_due, people->rows[i][1], APR_HASH_KEY_STRING)) all = 0;
            if (!all) continue;
            rc = erase_in_txn(db, p, apr_atoi64(who), actor, "retention",
                              "every programme of theirs ended longer ago than the "
                              "retention period", now, &found);
            if (rc < 0) ok = 0;
            else res->counts[RM_DP_PURGE_PEOPLE] += rc;
        }
    }
    if (ok && !dry_run) {
        const long *c = res->counts;
        ok = rm_db_select(db, RM_Q_DPR_RECORD, &rec,
                          RM_ARGS(at, actor, I64(p, c[0]), I64(p, c[1]), I64(p, c[2]),
                                  I64(p, c[3]), I64(p, c[4]), I64(p, c[5]))) == 0 && rec->n == 1;
        if (ok) {
            res->run_id = apr_atoi64(rec->rows[0][0]);
            ok = rm_db_exec(db, RM_Q_AUDIT, NULL,
                            RM_ARGV(AUDIT, .at = at, .actor = actor, .action = "dp.purge",
                                    .entity = "dp_purge", .entity_id = rec->rows[0][0],
                                    .detail = apr_psprintf(p, "applications=%ld notes=%ld "
                                                           "checkins=%ld evaluations=%ld "
                                                           "rest=%ld people=%ld", c[0], c[1],
                                                           c[2], c[3], c[4], c[5]))) == 0;
        }
    }
    if (!ok || dry_run) {
        rm_db_end(db, 0);
        if (!ok) memset(res, 0, sizeof(*res));
        return ok ? 0 : -1;
    }
    return rm_db_end(db, 1) == 0 ? 0 : -1;
}
