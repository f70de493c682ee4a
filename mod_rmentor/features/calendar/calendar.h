/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * What the rest of the module calls of the calendar area beyond its routes:
 * the feed's branch (mod_rmentor.c, before identity), the site's time zone
 * for RMentorTimeZone (web/config.c) and its VTIMEZONE, made once in the
 * parent (mod_rmentor.c's post_config).
 */
#ifndef RM_CALENDAR_H
#define RM_CALENDAR_H

#include "rm.h"

/* The feed, GET <mount>/calendar/feed/<token>.ics, served without identity:
 * path is below the mount and starts with RM_CALFEED_PREFIX.  404 with no
 * detail for anything but a live token. */
RM_MUST_USE int rm_calendar_feed(rm_req *rq, const char *path);

/* NULL when libical knows the zone name (and has its VTIMEZONE), else the
 * directive's error message. */
const char *rm_calendar_zone_check(apr_pool_t *p, const char *name);

/* For every server: its zone's TZID and VTIMEZONE text, made in the parent
 * so that no request shares a libical object with another thread.  OK, or
 * an HTTP status after logging why. */
int rm_calendar_post_config(apr_pool_t *p, server_rec *s);

#endif
