/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Retention (RMentorRetention): the kinds of personal data the purge blanks,
 * how many months after a programme's end each is kept, and whether a
 * programme is past that.  Pure: the module's configuration, rmentorctl's
 * purge and the unit tests share it.
 */
#ifndef RM_RETENTION_H
#define RM_RETENTION_H

#include <apr_pools.h>

/* the kinds, in the order of rm_ret_kind_names (web/rm.h mirrors them) */
#define RM_RETENTION_KINDS 5
extern const char *const rm_ret_kind_names[RM_RETENTION_KINDS];
/* months kept after the programme's end when RMentorRetention is not set */
extern const int rm_ret_default_months[RM_RETENTION_KINDS];
#define RM_RETENTION_NEVER (-1)

/* the kind's index, or -1 */
int rm_ret_kind(const char *name);
/* "never" -> RM_RETENTION_NEVER, 1..600 months -> that; anything else -1 with
 * *err set to a message naming the problem */
int rm_ret_parse_months(const char *s, int *months, const char **err);
/* The first day the purge may blank a kind kept `months` after a programme
 * that starts on `start` and lasts `length` months: start + length + months
 * (YYYY-MM-DD), or NULL when never or the date is bad. */
const char *rm_ret_purge_from(apr_pool_t *p, const char *start, int length, int months);
/* 1 when on `today` (YYYY-MM-DD) the kind is due for the programme */
int rm_ret_due(apr_pool_t *p, const char *start, int length, int months, const char *today);

#endif
