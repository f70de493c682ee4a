/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * rmentorctl's data-protection verbs, on the same data side as the
 * module's pages (features/dp/dp_data.c):
 *   dp export PERSON [--format xml|json] [--out FILE]
 *                  the person's subject-access document, for a data
 *                  protection officer to send them; audited
 *   dp erase PERSON --reason TEXT
 *                  erase the person (0 erased or already erased, 65 no such
 *                  person)
 *   dp purge [--dry-run] [--today YYYY-MM-DD]
 *                  the retention purge: blank what is past the configured
 *                  RMentorRetention periods; prints what it did, per kind;
 *                  then removes the files of RMentorResourceDir no resource
 *                  names any more (a day old: replaced, or left by a failed
 *                  save)
 *   dp coverage    every column that holds a person, the subject-access
 *                  section that shows it, and what erasure does with it
 * PERSON is a sign-in name, or id:N (the number /dp shows; an erased
 * person has no sign-in name left).  The actor in the records is "cli:" and
 * the user the tool runs as.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <apr_strings.h>
#include <apr_user.h>
#include <apr_file_info.h>
#include "ctl.h"
#include "store.h"
#include "features/dp/dp.h"

RM_NAMED_ARGS(AUDIT);

static const char *actor(apr_pool_t *p)
{
    apr_uid_t uid;
    apr_gid_t gid;
    char *name = NULL;
    if (apr_uid_current(&uid, &gid, p) != APR_SUCCESS
        || apr_uid_name_get(&name, uid, p) != APR_SUCCESS || !name)
        return "cli:unknown";
    return apr_pstrcat(p, "cli:", name, NULL);
}

/* PRINCIPAL, or id:N (an erased person keeps no sign-in name) */
static const char **person(rm_db *db, const char *principal, int *rc)
{
    rm_rows *rows;
    int by_id = !strncmp(principal, "id:", 3);
    if (by_id && rm_parse_id(principal + 3) <= 0) {
        fprintf(stderr, "rmentorctl: id: needs a person's number\n");
        *rc = EX_USAGE;
        return NULL;
    }
    if (rm_db_select(db, by_id ? RM_Q_DP_PERSON_GET : RM_Q_DP_PERSON_BY_PRINCIPAL, &rows,
                     RM_ARGS(by_id ? principal + 3 : principal)) != 0) {
        *rc = EX_UNAVAILABLE;
        return NULL;
    }
    if (rows->n != 1) {
        fprintf(stderr, by_id ? "rmentorctl: no person %s here\n"
                              : "rmentorctl: no one signs in as %s here (an erased person's "
                                "sign-in name is gone: name them as id:N)\n", principal);
        *rc = EX_DATAERR;
        return NULL;
    }
    return rows->rows[0];
}

static int dp_export(rm_db *db, apr_pool_t *p, const rm_dp_opts *o, const char *principal)
{
    int rc = EX_OK, n = 0, json = o->format && !strcmp(o->format, "json");
    const char **per = person(db, principal, &rc);
    rm_sar_section *s;
    rm_sar_doc d;
    const char *out;
    apr_size_t len = 0;
    FILE *f = stdout;
    char now[32];
    time_t t = time(NULL);
    struct tm tm;

    if (!per) return rc;
    if (rm_dp_sar_collect(db, p, apr_atoi64(per[COL_DPP_ID]), principal, &s, &n) != 0)
        return EX_UNAVAILABLE;
    gmtime_r(&t, &tm);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
    d.generated = now;
    d.site = o->site ? o->site : "Reciprocal mentoring";
    d.nsections = n;
    d.sections = s;
    out = json ? rm_sar_json(p, &d, &len) : rm_sar_xml(p, &d, &len);
    if (!out) return EX_SOFTWARE;
    if (o->out && !(f = fopen(o->out, "wx"))) {
        fprintf(stderr, "rmentorctl: cannot create %s (it must not exist yet)\n", o->out);
        return EX_CANTCREAT;
    }
    if (fwrite(out, 1, len, f) != len || (o->out && fclose(f) != 0)) {
        fprintf(stderr, "rmentorctl: cannot write the export\n");
        return EX_IOERR;
    }
    if (rm_db_exec(db, RM_Q_AUDIT, NULL,
                   RM_ARGV(AUDIT, .at = apr_psprintf(p, "%" APR_INT64_T_FMT,
                                                     (apr_int64_t)apr_time_sec(apr_time_now())),
                           .actor = actor(p), .action = "dp.sar.download", .entity = "person",
                           .entity_id = per[COL_DPP_ID],
                           .detail = json ? "format=json source=cli"
                                          : "format=xml source=cli")) != 0)
        return EX_UNAVAILABLE;
    return EX_OK;
}

static int dp_erase(rm_db *db, apr_pool_t *p, const rm_dp_opts *o, const char *principal)
{
    int rc = EX_OK, already = 0;
    const char **per;
    size_t n = o->reason ? strlen(o->reason) : 0;
    if (n < 10 || n > 1000) {
        fprintf(stderr, "rmentorctl: --reason needs 10 to 1000 characters: who asked and "
                "when, or which rule applies\n");
        return EX_USAGE;
    }
    if (!(per = person(db, principal, &rc))) return rc;
    rc = rm_dp_erase(db, p, apr_atoi64(per[COL_DPP_ID]), actor(p), "cli", o->reason,
                     apr_time_now(), &already);
    if (rc == -1) return EX_DATAERR;
    if (rc != 0) {
        fprintf(stderr, "rmentorctl: the erasure failed; nothing changed\n");
        return EX_UNAVAILABLE;
    }
    printf(already ? "person %s had already been erased: nothing changed\n"
                   : "person %s erased\n", per[COL_DPP_ID]);
    return EX_OK;
}

/* Files of RMentorResourceDir that no resource names any more (replaced,
 * or written for a save that then failed) and temporary files an upload
 * left, once a day old: a file that a save in progress is about to name is
 * fresh (pages_resources.c writes it, or touches it when its bytes are
 * already there).  Their number (those to remove, with dry_run), or -1
 * when the directory or the database cannot be read. */
#define PRUNE_AGE apr_time_from_sec(24 * 3600)
static long prune_resource_files(rm_db *db, apr_pool_t *p, const char *dir, int dry_run)
{
    apr_dir_t *d;
    apr_finfo_t fi;
    apr_time_t old = apr_time_now() - PRUNE_AGE;
    long n = 0;
    if (apr_dir_open(&d, dir, p) != APR_SUCCESS) return -1;
    while (apr_dir_read(&fi, APR_FINFO_NAME | APR_FINFO_TYPE | APR_FINFO_MTIME, d) == APR_SUCCESS) {
        const char *name = fi.name;
        int ours = !strncmp(name, ".upload-", 8), hex = strlen(name) == 64;
        for (int i = 0; hex && i < 64; i++)
            hex = (name[i] >= '0' && name[i] <= '9') || (name[i] >= 'a' && name[i] <= 'f');
        if (fi.filetype != APR_REG || fi.mtime > old || !(ours || hex)) continue;
        if (hex) {
            rm_rows *used;
            if (rm_db_select(db, RM_Q_RES_FILE_USED, &used, RM_ARGS(name)) != 0 || used->n != 1) {
                apr_dir_close(d);
                return -1;
            }
            if (strcmp(used->rows[0][0], "0")) continue;
        }
        if (!dry_run && apr_file_remove(apr_pstrcat(p, dir, "/", name, NULL), p) != APR_SUCCESS) {
            fprintf(stderr, "rmentorctl: cannot remove %s/%s\n", dir, name);
            continue;
        }
        n++;
    }
    apr_dir_close(d);
    return n;
}

static int dp_purge(rm_db *db, apr_pool_t *p, const rm_dp_opts *o, int dry_run,
                    const char *today)
{
    static const char *const names[RM_DP_PURGE_COUNTS] = {
        "applications", "notes", "checkins", "evaluations", "rest", "people"
    };
    int months[RM_RETENTION_KINDS];
    rm_dp_purge_result res;
    char buf[16];
    if (!today) {
        time_t t = time(NULL);
        struct tm tm;
        localtime_r(&t, &tm);
        strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
        today = buf;
    }
    else if (rm_date_parse(today, NULL) != 0) {
        fprintf(stderr, "rmentorctl: --today needs a date such as 2027-01-31\n");
        return EX_USAGE;
    }
    for (int k = 0; k < RM_RETENTION_KINDS; k++)
        months[k] = o->retention[k] ? o->retention[k] : rm_ret_default_months[k];
    if (rm_dp_purge(db, p, months, today, actor(p), apr_time_now(), dry_run, &res) != 0) {
        fprintf(stderr, "rmentorctl: the purge failed; nothing changed\n");
        return EX_UNAVAILABLE;
    }
    for (int k = 0; k < RM_DP_PURGE_COUNTS; k++) printf("%s\t%ld\n", names[k], res.counts[k]);
    if (o->resource_dir) {
        long files = prune_resource_files(db, p, o->resource_dir, dry_run);
        if (files < 0) {
            fprintf(stderr, "rmentorctl: cannot read RMentorResourceDir %s; its unused files "
                    "were left\n", o->resource_dir);
            return EX_UNAVAILABLE;
        }
        printf("resource_files\t%ld\n", files);
    }
    if (dry_run) printf("dry run: nothing changed\n");
    else printf("recorded as purge run %" APR_INT64_T_FMT "\n", (apr_int64_t)res.run_id);
    return EX_OK;
}

static int dp_coverage(void)
{
    for (const rm_dp_cover *c = rm_dp_coverage; c->table; c++)
        printf("%s\t%s\t%s\t%s\n", c->table, c->column, c->section, c->erasure);
    return EX_OK;
}

int rm_dp_cli(rm_db *db, const rm_dp_opts *o, const char *verb, const char *arg, int dry_run,
              const char *today)
{
    apr_pool_t *p;
    int rc;
    if (!strcmp(verb, "coverage")) return dp_coverage();
    if ((rc = rm_ctl_ready(db)) != EX_OK) return rc;
    p = db->pool;
    if (!strcmp(verb, "export")) return dp_export(db, p, o, arg);
    if (!strcmp(verb, "erase")) return dp_erase(db, p, o, arg);
    return dp_purge(db, p, o, dry_run, today);
}
