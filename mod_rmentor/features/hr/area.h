/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The HR data exchange.  HR's page (/hr) links the progression export of
 * each programme and takes HR's XML updates (grade changes, staff-number
 * mappings, leavers).  The export (/hr/export.xml, signed; /hr/export.csv)
 * is served to the HR role and, without sign-in, to a machine client
 * identified by a TLS client certificate (RMentorHRClient): that branch runs
 * before identity in mod_rmentor.c (pages_hr.c: rm_hr_machine).  Records
 * hold facts and counts only (core/hrexport.h).  Every other role: 404.
 * Macros only.
 */
#ifndef RM_AREA_HR_H
#define RM_AREA_HR_H

#define RM_hr_ROUTES(R) \
    R("GET",  "/hr",                rm_page_hr)             \
    R("GET",  "/hr/export.xml",     rm_page_hr_export_xml)  \
    R("GET",  "/hr/export.csv",     rm_page_hr_export_csv)  \
    R("UPLOAD", "/hr/import",       rm_page_hr_import_post)

#define RM_hr_NOTICES(N)

#define RM_hr_NAV(V) V("HR data exchange", "/hr", RM_ROLE_HR)

#define RM_Q_HRX_BASE       "rm_hrx_base"
#define RM_Q_HRX_AGG        "rm_hrx_agg"
#define RM_Q_HRX_STEPS      "rm_hrx_steps"
#define RM_Q_HR_PROGRAMMES  "rm_hr_programmes"
#define RM_Q_HR_IMPORTS     "rm_hr_imports"
#define RM_Q_HR_WHO_PRINCIPAL "rm_hr_who_principal"
#define RM_Q_HR_WHO_STAFF   "rm_hr_who_staff"
#define RM_Q_HR_SET_GRADE   "rm_hr_set_grade"
#define RM_Q_HR_SET_STAFF   "rm_hr_set_staff"
#define RM_Q_HR_SET_LEFT    "rm_hr_set_left"
#define RM_Q_HR_IMPORT_ADD  "rm_hr_import_add"

/* RM_Q_HRX_BASE: one export record's own facts; args after, programme x2,
 * institution's scope x2 ('' every one), limit */
enum { COL_HRX_ID, COL_HRX_PROG, COL_HRX_PROG_NAME, COL_HRX_START, COL_HRX_LENGTH,
       COL_HRX_MIN_MEETINGS, COL_HRX_MEETING_MINUTES, COL_HRX_PRINCIPAL, COL_HRX_STAFF,
       COL_HRX_HR_STAFF, COL_HRX_ROLE, COL_HRX_STATUS, COL_HRX_GRADE, COL_HRX_HR_GRADE,
       COL_HRX_HR_GRADE_ON, COL_HRX_LEFT_ON, COL_HRX_SELFID, COL_HRX_UPDATED,
       COL_HRX_HR_UPDATED };
/* RM_Q_HRX_AGG: the aggregates of the records (lo, hi], a row per kind
 * (p m c t o e, hr_sql.c) and application: three values and when it last
 * changed */
enum { COL_HRXA_KIND, COL_HRXA_APP, COL_HRXA_A, COL_HRXA_B, COL_HRXA_C, COL_HRXA_CHANGED };
/* RM_Q_HRX_STEPS: app, kind, taken_on, changed (by app, date) */
enum { COL_HRXS_APP, COL_HRXS_KIND, COL_HRXS_ON, COL_HRXS_CHANGED };
/* RM_Q_HR_PROGRAMMES: id, name, start, length, participants */
enum { COL_HRP_ID, COL_HRP_NAME, COL_HRP_START, COL_HRP_LENGTH, COL_HRP_COUNT };
/* RM_Q_HR_IMPORTS: at, actor, source, records, changed, rejected, outcome */
enum { COL_HRI_AT, COL_HRI_ACTOR, COL_HRI_SOURCE, COL_HRI_RECORDS, COL_HRI_CHANGED,
       COL_HRI_REJECTED, COL_HRI_OUTCOME };
/* RM_Q_HR_WHO_*: id, principal, hr_staff_number, hr_grade, hr_grade_on, left_on */
enum { COL_HRW_ID, COL_HRW_PRINCIPAL, COL_HRW_STAFF, COL_HRW_GRADE, COL_HRW_GRADE_ON,
       COL_HRW_LEFT_ON };

#define RM_A_HR_IMPORT_ADD(F) F(at) F(actor) F(source) F(sha256) F(records) F(changed) \
                              F(rejected) F(outcome)

#endif
