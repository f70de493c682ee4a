/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 * What mod_rmentor.c calls of the HR data exchange (pages_hr.c). */
#ifndef RM_HR_WEB_H
#define RM_HR_WEB_H

#include "rm.h"

/* post_config: each server's signing key loaded (RMentorHRSigningKey) */
int rm_hr_post_config(apr_pool_t *p, server_rec *s);
/* the paths a machine client may use: /hr/export.xml, .csv, /hr/import */
int rm_hr_is_machine_path(const char *path);
/* Before identity: DECLINED when the request carries no TLS client
 * certificate (or a signed-in person); otherwise serves it (a registered,
 * verified certificate) or refuses it with 403. */
RM_MUST_USE int rm_hr_machine(rm_req *rq, const char *path);

#endif
