/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 * What the closing area's pages share (pages_event.c). */
#ifndef RM_CLOSING_H
#define RM_CLOSING_H

#include "pages.h"

/* The form's values and errors, by field name */
typedef struct {
    apr_table_t *v, *e;
} rm_cl_form;
rm_cl_form *rm_cl_form_new(apr_pool_t *p);

/* The programme's id from the route's first argument */
long long rm_cl_arg(const rm_route_match *m, int i);

/* The role ("mentor" or "senior") the requester was paired in on the
 * programme, "" when they are not one of its participants, NULL when the
 * database cannot say. */
const char *rm_cl_role(rm_req *rq, const char *programme_id);

/* The programme's last day: start_date + length_months (the day the
 * evaluation opens). */
const char *rm_cl_programme_end(apr_pool_t *p, const char **prog);

/* The requester as a participant of programme id: its row in *prog and the
 * role; 0 (the caller answers 404) when there is no such programme or they
 * are not one of its participants. */
int rm_cl_participant(rm_req *rq, long long id, const char ***prog, const char **role);

/* "/programmes/ID" + rest, and "/admin/programmes/ID" + rest */
const char *rm_cl_path(apr_pool_t *p, const char *id, const char *rest);
const char *rm_cl_admin_path(apr_pool_t *p, const char *id, const char *rest);

#endif
