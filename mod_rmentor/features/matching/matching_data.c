/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The cohort of a programme's matching (cohort.h): read through the data
 * layer, scored and assigned by the core.  No httpd: linked into the module
 * and rmentorctl alike.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include "rm_db.h"
#include "store.h"
#include "features/areas.h"
#include "core/rm_core.h"
#include "core/match.h"
#include "cohort.h"

static void split_names(apr_pool_t *p, const char *list, const char **out)
{
    char *copy = apr_pstrdup(p, list), *last, *tok;
    int k = 0;
    for (int i = 0; i < RM_PREF_MAX; i++) out[i] = NULL;
    for (tok = apr_strtok(copy, "\n", &last); tok && k < RM_PREF_MAX;
         tok = apr_strtok(NULL, "\n", &last))
        if (*tok) out[k++] = tok;
}

int rm_cohort_load(apr_pool_t *p, rm_db *db, const char *programme_id, rm_cohort *co)
{
    return rm_cohort_load_from(p, db, RM_Q_MATCH_CANDIDATES, programme_id, co);
}

int rm_cohort_load_from(apr_pool_t *p, rm_db *db, const char *label,
                        const char *programme_id, rm_cohort *co)
{
    rm_rows *rows, *set;
    memset(co, 0, sizeof(*co));
    if (rm_db_select(db, label, &rows, RM_ARGS(programme_id)) != 0
        || rows->ncols < COL_MC_NCOLS
        || rm_db_select(db, RM_Q_MATCH_SETTINGS, &set, RM_ARGS(programme_id)) != 0
        || rm_db_select(db, RM_Q_MATCH_RULES, &co->rules, RM_ARGS(programme_id)) != 0)
        return -1;
    co->w = rm_match_default_weights;
    if (set->n == 1) {
        const char **s = set->rows[0];
        co->w.w_topics = atoi(s[COL_MS_TOPICS]);
        co->w.w_gain = atoi(s[COL_MS_GAIN]);
        co->w.w_availability = atoi(s[COL_MS_AVAILABILITY]);
        co->w.w_pref_mentor = atoi(s[COL_MS_PREF_MENTOR]);
        co->w.w_pref_senior = atoi(s[COL_MS_PREF_SENIOR]);
        co->w.apart_department = atoi(s[COL_MS_DEPARTMENT]);
        co->w.apart_institution = atoi(s[COL_MS_INSTITUTION]);
    }
    co->n = rows->n;
    co->c = apr_pcalloc(p, sizeof(rm_cand) * (rows->n + 1));
    co->mentors = apr_palloc(p, sizeof(int) * (rows->n + 1));
    co->seniors = apr_palloc(p, sizeof(int) * (rows->n + 1));
    co->by_app = apr_hash_make(p);
    co->rule = apr_hash_make(p);
    for (int i = 0; i < rows->n; i++) {
        const char **r = rows->rows[i];
        rm_cand *c = &co->c[i];
        /* the institution SSO asserted (person.scope), else the scope of a
         * scoped sign-in name */
        const char *scope = *r[COL_MC_SCOPE] ? r[COL_MC_SCOPE] : rm_scope_of(r[COL_MC_PRINCIPAL]);
        c->row = r;
        c->who.principal = r[COL_MC_PRINCIPAL];
        c->who.mail = r[COL_MC_MAIL];
        c->who.department = r[COL_MC_DEPARTMENT];
        c->who.institution = scope ? scope : "";
        c->who.line_manager = r[COL_MC_LINE_MANAGER];
        c->who.manager_sso = r[COL_MC_MANAGER];
        c->who.topics = rm_codes_mask(r[COL_MC_TOPICS], rm_vocab_topics);
        c->who.gains = rm_codes_mask(r[COL_MC_GAINS], rm_vocab_gains);
        c->who.offers = rm_codes_mask(r[COL_MC_OFFERS], rm_vocab_gains);
        c->who.slots = rm_codes_mask(r[COL_MC_SLOTS], rm_vocab_slots);
        split_names(p, r[COL_MC_PREFER], c->who.prefer);
        split_names(p, r[COL_MC_AVOID], c->who.avoid);
        c->eligible = !strcmp(r[COL_MC_TRAINED], "1") && !strcmp(r[COL_MC_PAIRED], "0");
        apr_hash_set(co->by_app, r[COL_MC_APP], APR_HASH_KEY_STRING, c);
        if (c->eligible) {
            if (!strcmp(r[COL_MC_ROLE], "mentor")) co->mentors[co->nm++] = i;
            else co->seniors[co->ns++] = i;
        }
    }
    for (int i = 0; i < co->rules->n; i++) {
        const char **r = co->rules->rows[i];
        apr_hash_set(co->rule, apr_pstrcat(p, r[COL_MR_MENTOR], ":", r[COL_MR_SENIOR], NULL),
                     APR_HASH_KEY_STRING, r[COL_MR_KIND]);
    }
    return 0;
}

const char *rm_cohort_rule(apr_pool_t *p, const rm_cohort *co, const char *m, const char *s)
{
    return apr_hash_get(co->rule, apr_pstrcat(p, m, ":", s, NULL), APR_HASH_KEY_STRING);
}

void rm_cohort_score(apr_pool_t *p, const rm_cohort *co, const rm_cand *m,
                     const rm_cand *s, rm_match_score *out)
{
    const char *k;
    rm_match_score_pair(&co->w, &m->who, &s->who, out);
    k = rm_cohort_rule(p, co, m->row[COL_MC_APP], s->row[COL_MC_APP]);
    if (k && !strcmp(k, "forbid")) out->apart |= RM_APART_LISTED;
}

int rm_cohort_suggest(apr_pool_t *p, const rm_cohort *co, rm_suggestion **out, int *n,
                      long long *total)
{
    int nm = co->nm, ns = co->ns, nr = 0, nc = 0, npairs = 0, k = 0;
    int *row_of_m, *col_of_s, *rows, *cols, *r2c;
    long long *sc, solved = 0;
    unsigned char *forbid;
    rm_match_score *scores;
    rm_suggestion *sug;

    *out = NULL;
    *n = 0;
    *total = 0;
    /* every score once: nm x ns (a pool apr_pool_t hands out in one piece) */
    scores = apr_palloc(p, sizeof(rm_match_score) * ((size_t)nm * ns + 1));
    for (int i = 0; i < nm; i++)
        for (int j = 0; j < ns; j++)
            rm_cohort_score(p, co, &co->c[co->mentors[i]], &co->c[co->seniors[j]],
                            &scores[(size_t)i * ns + j]);
    sug = apr_pcalloc(p, sizeof(rm_suggestion) * ((nm < ns ? nm : ns) + 1));

    /* pins whose two people are ready and allowed are kept as they are */
    row_of_m = apr_palloc(p, sizeof(int) * (nm + 1));
    col_of_s = apr_palloc(p, sizeof(int) * (ns + 1));
    for (int i = 0; i < nm; i++) row_of_m[i] = -1;
    for (int j = 0; j < ns; j++) col_of_s[j] = -1;
    for (int r = 0; r < co->rules->n; r++) {
        const char **rule = co->rules->rows[r];
        const rm_cand *m, *s;
        int i = -1, j = -1;
        if (strcmp(rule[COL_MR_KIND], "pin")) continue;
        m = apr_hash_get(co->by_app, rule[COL_MR_MENTOR], APR_HASH_KEY_STRING);
        s = apr_hash_get(co->by_app, rule[COL_MR_SENIOR], APR_HASH_KEY_STRING);
        if (!m || !s || !m->eligible || !s->eligible) continue;
        for (int x = 0; x < nm; x++) if (&co->c[co->mentors[x]] == m) i = x;
        for (int x = 0; x < ns; x++) if (&co->c[co->seniors[x]] == s) j = x;
        if (i < 0 || j < 0 || row_of_m[i] != -1 || col_of_s[j] != -1
            || scores[(size_t)i * ns + j].apart)
            continue;
        row_of_m[i] = j;
        col_of_s[j] = i;
        sug[k].mentor = i;
        sug[k].senior = j;
        sug[k].pinned = 1;
        sug[k].score = scores[(size_t)i * ns + j];
        *total += sug[k].score.total;
        k++;
    }
    /* the rest: an optimal assignment over everyone not pinned */
    rows = apr_palloc(p, sizeof(int) * (nm + 1));
    cols = apr_palloc(p, sizeof(int) * (ns + 1));
    for (int i = 0; i < nm; i++) if (row_of_m[i] == -1) rows[nr++] = i;
    for (int j = 0; j < ns; j++) if (col_of_s[j] == -1) cols[nc++] = j;
    sc = apr_palloc(p, sizeof(long long) * ((size_t)nr * nc + 1));
    forbid = apr_palloc(p, (size_t)nr * nc + 1);
    for (int a = 0; a < nr; a++)
        for (int b = 0; b < nc; b++) {
            const rm_match_score *s = &scores[(size_t)rows[a] * ns + cols[b]];
            sc[(size_t)a * nc + b] = s->total;
            forbid[(size_t)a * nc + b] = s->apart ? 1 : 0;
        }
    r2c = apr_palloc(p, sizeof(int) * (nr + 1));
    if (rm_match_solve(p, nr, nc, sc, forbid, r2c, NULL, &solved, &npairs) != 0)
        return -1;
    for (int a = 0; a < nr; a++) {
        if (r2c[a] < 0) continue;
        sug[k].mentor = rows[a];
        sug[k].senior = cols[r2c[a]];
        sug[k].score = scores[(size_t)rows[a] * ns + cols[r2c[a]]];
        k++;
    }
    *total += solved;
    *out = sug;
    *n = k;
    return 0;
}

const char *rm_cohort_unmatched_reason(apr_pool_t *p, const rm_cohort *co,
                                       const rm_cand *c, int mentor, const char *senior)
{
    int allowed = 0, nother = mentor ? co->ns : co->nm;
    unsigned why_all = 0;
    const char *other = mentor ? senior : "Mentor";
    for (int k = 0; k < nother; k++) {
        const rm_cand *o = &co->c[mentor ? co->seniors[k] : co->mentors[k]];
        rm_match_score sc;
        rm_cohort_score(p, co, mentor ? c : o, mentor ? o : c, &sc);
        if (!sc.apart) allowed++;
        why_all |= sc.apart;
    }
    if (nother == 0)
        return apr_pstrcat(p, "No ", other, " is ready to be matched.", NULL);
    if (allowed == 0)
        return apr_psprintf(p, "Every %s is ruled out (%s).", other, rm_apart_text(p, why_all));
    if ((mentor ? co->nm : co->ns) > nother)
        return apr_psprintf(p, "There are more %ss than %ss ready to be matched, and the "
                            "best total leaves this person unmatched.",
                            mentor ? "Mentor" : senior, other);
    return apr_psprintf(p, "Each of the %d %s%s allowed for this person is paired "
                        "with someone who has no other allowed partner, or the "
                        "constraints leave no full assignment.", allowed, other,
                        allowed == 1 ? "" : "s");
}
