/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The one list of feature areas.  Each area is a directory features/<name>/
 * holding area.h (its routes, statement labels, notices and navigation, as
 * macros), <name>_sql.c (its statements, rm_<name>_statements) and its pages.
 * Adding an area is a directory and its two lines below; nothing else in the
 * module changes: the router, the fuzz harness, the statement catalogue
 * (data/catalogue.c), the ?done= notices and the navigation all expand these
 * lists.  Macros only, no other includes: the route fuzz harness reads it.
 */
#ifndef RM_AREAS_H
#define RM_AREAS_H

#include "apply/area.h"
#include "admin/area.h"
#include "training/area.h"
#include "matching/area.h"
#include "pairs/area.h"
#include "checkin/area.h"
#include "closing/area.h"
#include "legacy/area.h"
#include "reminders/area.h"
#include "calendar/area.h"
#include "hr/area.h"
#include "dp/area.h"
#include "report/area.h"
#include "stories/area.h"
#include "resources/area.h"
#include "membership/area.h"
#include "institution/area.h"

/* A(name, X) for each area, in route order (first match wins) */
#define RM_AREAS(A, X) A(apply, X) A(admin, X) A(training, X) A(matching, X) \
                        A(pairs, X) A(checkin, X) A(closing, X) A(legacy, X) \
                        A(reminders, X) A(calendar, X) \
                        A(hr, X) A(dp, X) A(report, X) A(stories, X) \
                        A(resources, X) A(membership, X) A(institution, X)

#define RM_AREA_ROUTES_(name, R) RM_##name##_ROUTES(R)
#define RM_AREA_NOTICES_(name, N) RM_##name##_NOTICES(N)
#define RM_AREA_NAV_(name, V) RM_##name##_NAV(V)

/* R(method, pattern, handler) for every route of every area */
#define RM_ROUTES(R) RM_AREAS(RM_AREA_ROUTES_, R)
/* N(code, text) for every ?done= notice */
#define RM_NOTICES(N) RM_AREAS(RM_AREA_NOTICES_, N)
/* V(label, path, role) for every navigation entry */
#define RM_NAV(V) RM_AREAS(RM_AREA_NAV_, V)

/* { id, method, pattern } for rm_route_find; a route's number is its place
 * in the table (the id is unused) */
#define RM_ROUTE_ENTRY(method, pattern, handler) { 0, method, pattern },

#endif
