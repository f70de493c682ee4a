/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * rmentorctl's HR verbs, on the same data side as the module's pages
 * (features/hr/hr_data.c) and the same core (core/hrexport.c, core/xmlsign.c,
 * core/hrimport.c):
 *   hr export      one signed XML document of every record (or a
 *                  programme's, or those changed since a time), read from the
 *                  database page by page and written to a file or stdout
 *   hr export-csv  the same records as CSV
 *   hr import FILE HR's XML update, applied all or nothing (--dry-run:
 *                  checked, nothing kept)
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_file_io.h>
#include <libxml/xmlsave.h>
#include "ctl.h"
#include "features/hr/hr.h"
#include "store.h"
#include "core/xmlsign.h"
#include "core/hrexport.h"
#include "core/hrimport.h"

#define CHUNK 5000
#define IMPORT_MAX (8L * 1024 * 1024)     /* RMentorHRImportMaxBytes default */

typedef struct {
    rm_hrx_doc *doc;
    FILE *csv;
    apr_pool_t *p;
    int selfid;
    long n;
    int failed;
} out_ctx;

static int emit_xml(void *c, apr_pool_t *p, const rm_hrx_record *rec)
{
    out_ctx *o = c;
    (void)p;
    rm_hrx_add(o->doc, rec);
    o->n++;
    return 0;
}

static int emit_csv(void *c, apr_pool_t *p, const rm_hrx_record *rec)
{
    out_ctx *o = c;                 /* written at once: the chunk's pool */
    if (fputs(rm_hrx_csv_row(p, rec, o->selfid), o->csv) == EOF) {
        o->failed = 1;
        return -1;
    }
    o->n++;
    return 0;
}

static int audit(rm_db *db, apr_pool_t *p, const char *format, const rm_hr_opts *o, long n)
{
    int ok;
    if (rm_db_begin(db) != 0) return -1;
    ok = rm_db_exec(db, RM_Q_AUDIT, NULL,
                    RM_ARGS(apr_psprintf(p, "%" APR_INT64_T_FMT, (apr_int64_t)time(NULL)),
                            "rmentorctl", o->selfid ? "hr.export.selfid" : "hr.export",
                            "programme", apr_psprintf(p, "%" APR_INT64_T_FMT,
                                                      (apr_int64_t)o->programme),
                            apr_psprintf(p, "%s cli records=%ld since=%" APR_INT64_T_FMT "%s%s",
                                         format, n, (apr_int64_t)o->since,
                                         o->scope ? " institution=" : "",
                                         o->scope ? o->scope : ""))) == 0;
    return rm_db_end(db, ok) == 0 && ok ? 0 : -1;
}

int rm_hr_export(rm_db *db, const rm_hr_opts *o, int csv)
{
    apr_pool_t *p = db->pool;
    out_ctx out;
    rm_hr_scan s;
    long long last = 0;
    int more = 1, rc;
    FILE *f = stdout;
    const char *err = NULL;
    rm_xmlsig_key *key = NULL;

    if ((rc = rm_ctl_ready(db)) != EX_OK) return rc;
    if (!csv) {
        if (!o->key_file || !o->cert_file) {
            fprintf(stderr, "rmentorctl: the export is signed: the configuration needs "
                    "RMentorHRSigningKey and RMentorHRSigningCertificate (or give --key and "
                    "--cert)\n");
            return EX_CONFIG;
        }
        if (!(key = rm_xmlsig_key_load(p, o->key_file, o->cert_file, &err))) {
            fprintf(stderr, "rmentorctl: %s\n", err);
            return EX_CONFIG;
        }
    }
    memset(&out, 0, sizeof out);
    out.p = p;
    out.selfid = o->selfid;
    if (!csv) {
        rm_hrx_header h;
        memset(&h, 0, sizeof h);
        h.generated = h.as_of = rm_hrx_iso(p, (long long)time(NULL));
        h.page = 1;
        h.page_size = 0;
        h.programme = o->programme;
        h.since = o->since ? rm_hrx_iso(p, o->since) : NULL;
        out.doc = rm_hrx_begin(p, &h);
    }
    if (o->out && !(f = fopen(o->out, "w"))) {
        fprintf(stderr, "rmentorctl: cannot write %s\n", o->out);
        return EX_CANTCREAT;
    }
    out.csv = f;
    if (csv && fputs(rm_hrx_csv_header(p, o->selfid), f) == EOF) out.failed = 1;
    memset(&s, 0, sizeof s);
    s.programme = o->programme;
    s.since = o->since;
    s.scope = o->scope;
    s.limit = CHUNK;
    s.with_selfid = o->selfid;
    s.hesa = o->hesa;
    s.emit = csv ? emit_csv : emit_xml;
    s.ctx = &out;
    /* the database read in pages of CHUNK records, however many there are */
    while (more && !out.failed) {
        s.after = last;
        if (rm_hr_scan_page(db, p, &s, &last, &more) != 0) {
            if (o->out) fclose(f);
            return out.failed ? EX_IOERR : EX_UNAVAILABLE;
        }
    }
    if (!csv && !out.failed) {
        if (rm_xmlsig_sign(rm_hrx_xml(out.doc), key, &err) != 0) {
            fprintf(stderr, "rmentorctl: %s\n", err);
            if (o->out) fclose(f);
            return EX_SOFTWARE;
        }
        out.failed = xmlDocDump(f, rm_hrx_xml(out.doc)) < 0;
    }
    if (fflush(f) != 0 || out.failed || (o->out && fclose(f) != 0)) {
        fprintf(stderr, "rmentorctl: cannot write the export\n");
        return EX_IOERR;
    }
    if (audit(db, p, csv ? "csv" : "xml", o, out.n) != 0) return EX_UNAVAILABLE;
    fprintf(stderr, "rmentorctl: %ld records exported\n", out.n);
    return EX_OK;
}

int rm_hr_import(rm_db *db, const rm_hr_opts *o, const char *file, int dry_run)
{
    apr_pool_t *p = db->pool;
    apr_file_t *f;
    apr_finfo_t fi;
    char *buf;
    apr_size_t len;
    rm_hri_limits lim;
    rm_hri_batch *b = NULL;
    rm_hr_report rep;
    const char *err = NULL, *sha;
    int rc, i;

    if (!file) {
        fprintf(stderr, "rmentorctl: hr import needs the file to import\n");
        return EX_USAGE;
    }
    if ((rc = rm_ctl_ready(db)) != EX_OK) return rc;
    if (apr_file_open(&f, file, APR_FOPEN_READ, 0, p) != APR_SUCCESS
        || apr_file_info_get(&fi, APR_FINFO_SIZE, f) != APR_SUCCESS) {
        fprintf(stderr, "rmentorctl: cannot read %s\n", file);
        return EX_NOINPUT;
    }
    lim.max_bytes = o->import_max ? (size_t)o->import_max : (size_t)IMPORT_MAX;
    lim.max_depth = 8;
    lim.max_records = 50000;
    if (fi.size > (apr_off_t)lim.max_bytes) {
        fprintf(stderr, "rmentorctl: %s is larger than the import limit (%lu bytes); "
                "nothing was changed\n", file, (unsigned long)lim.max_bytes);
        return EX_DATAERR;
    }
    len = (apr_size_t)fi.size;
    buf = apr_palloc(p, len + 1);
    if (apr_file_read_full(f, buf, len, &len) != APR_SUCCESS) {
        fprintf(stderr, "rmentorctl: cannot read %s\n", file);
        return EX_NOINPUT;
    }
    buf[len] = '\0';
    apr_file_close(f);
    sha = rm_hri_sha256_hex(p, buf, len);
    if (rm_hri_parse(p, buf, len, &lim, &b, &err) != 0) {
        printf("refused: %s\nnothing was changed\n", err);
        if (!dry_run && rm_hr_import_refused(db, p, "rmentorctl", "cli", sha,
                                             (long long)time(NULL)) != 0)
            return EX_UNAVAILABLE;
        return EX_DATAERR;
    }
    if (rm_hr_import_apply(db, p, b, "rmentorctl", "cli", sha, o->grades,
                           (long long)time(NULL), dry_run, NULL, &rep) != 0) {
        fprintf(stderr, "rmentorctl: the database failed; nothing was changed\n");
        return EX_UNAVAILABLE;
    }
    for (i = 0; i < rep.lines->nelts; i++) {
        const rm_hr_outcome_line *l = &APR_ARRAY_IDX(rep.lines, i, rm_hr_outcome_line);
        printf("line %ld\t%s\t%s\t%s%s\n", l->line, l->kind, l->who,
               l->rejected ? "rejected: " : "", l->what);
    }
    if (rep.rejected) {
        printf("not applied: %d of %d records rejected; nothing was changed\n",
               rep.rejected, rep.records);
        return EX_DATAERR;
    }
    printf("%s: %d records, %d changed\n", dry_run ? "checked (dry run, nothing kept)"
           : "applied", rep.records, rep.changed);
    return EX_OK;
}
