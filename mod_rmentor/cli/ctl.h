/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 * What rmentorctl's verbs share (rmentorctl.c reads the configuration). */
#ifndef RM_CTL_H
#define RM_CTL_H

#include "rm_db.h"

#define EX_OK 0
#define EX_BEHIND 1
#define EX_USAGE 64
#define EX_DATAERR 65
#define EX_UNAVAILABLE 69
#define EX_TEMPFAIL 75
#define EX_NOINPUT 66
#define EX_SOFTWARE 70
#define EX_CANTCREAT 73
#define EX_IOERR 74
#define EX_NOPERM 77
#define EX_CONFIG 78

/* `rmentorctl federation check FILE CERT` (cli/federation.c): the
 * institutions a federation's metadata gives, its signature verified;
 * EX_OK, EX_DATAERR (refused, expired or no institution) or EX_NOINPUT. */
int rm_fed_cli(apr_pool_t *p, const char *file, const char *cert);

/* The schema checked (never migrated: `schema migrate` does that) and the
 * statements prepared: EX_OK, EX_DATAERR (the schema is not current, said
 * on stderr) or EX_UNAVAILABLE. */
int rm_ctl_ready(rm_db *db);

/* The reminders job's settings, from the httpd configuration's
 * RMentorMailCommand, RMentorMailFrom, RMentorMailSiteName (else
 * RMentorSiteName) and RMentorMailBaseURL. */
typedef struct {
    const char *command;       /* default "/usr/sbin/sendmail -t -i"       */
    const char *from;
    const char *site;          /* default "Reciprocal mentoring"           */
    const char *base_url;      /* no trailing slash                        */
} rm_mail_conf;

/* `rmentorctl reminders run [--dry-run] [--today YYYY-MM-DD]` */
int rm_reminders_run(rm_db *db, const rm_mail_conf *mc, int dry_run, const char *today);

/* The HR verbs' settings (cli/hr.c): the configuration's
 * RMentorHRSigningKey, RMentorHRSigningCertificate (or --key, --cert),
 * RMentorHESALevel, RMentorGradeScale, RMentorHRSelfIdentification (cli)
 * and RMentorHRImportMaxBytes; --programme, --since, --institution, --out. */
typedef struct {
    const char *key_file, *cert_file;
    apr_table_t *hesa;
    apr_array_header_t *grades;     /* NULL: the module's default 1..10     */
    int selfid;
    long import_max;
    long long programme, since;
    const char *scope;              /* --institution: one institution's people */
    const char *out;
} rm_hr_opts;

int rm_hr_export(rm_db *db, const rm_hr_opts *o, int csv);
int rm_hr_import(rm_db *db, const rm_hr_opts *o, const char *file, int dry_run);

/* The data-protection verbs' settings (cli/dp.c): the configuration's
 * RMentorRetention (0: the default), RMentorSiteName and RMentorResourceDir;
 * --format, --out, --reason. */
typedef struct {
    int retention[5];               /* core/retention.h's kinds, in order   */
    const char *site;
    const char *resource_dir;       /* the purge removes its unused files   */
    const char *format, *out, *reason;
} rm_dp_opts;

/* `rmentorctl dp export|erase|purge|coverage` */
int rm_dp_cli(rm_db *db, const rm_dp_opts *o, const char *verb, const char *arg, int dry_run,
              const char *today);

#endif
