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
#define EX_CONFIG 78

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

#endif
