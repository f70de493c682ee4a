/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Reports of a programme for its team.  The equality page: applications and
 * their outcomes (submitted, accepted, trained, paired, completed) by role
 * and by self-identification as a member of staff of colour, every figure
 * through small-number suppression (core/suppress.h) with its table's
 * totals, so that no one's answer can be read or worked out from it.  The
 * programme's team (admins and facilitators, as on its other team pages)
 * reads it; anyone else, and any id that is not a programme, gets 404.
 * Each view is audited (view.selfid: who, which programme, no figures).
 * Macros only.
 */
#ifndef RM_AREA_REPORT_H
#define RM_AREA_REPORT_H

#define RM_report_ROUTES(R) \
    R("GET",  "/admin/programmes/#/equality",   rm_page_equality)   \
    R("GET",  "/admin/programmes/#/report",     rm_page_report)     \
    R("GET",  "/admin/programmes/#/report.csv", rm_page_report_csv) \
    R("GET",  "/admin/reports",                 rm_page_reports)

#define RM_report_NOTICES(N)

#define RM_report_NAV(V)

#define RM_Q_REPORT_EQUALITY     "rm_report_equality"

/* RM_Q_REPORT_EQUALITY: how many applications of a role and
 * self-identification (0 or 1) had a status, or were 'trained', 'paired' or
 * 'completed' (COL_RQ_WHAT) */
enum { COL_RQ_ROLE, COL_RQ_SELFID, COL_RQ_WHAT, COL_RQ_N };
/* its arguments: the programme, once for each part of the statement */
#define RM_A_REPORT_EQUALITY(F) F(applications) F(training) F(pairs) F(completed)

/* RM_Q_REPORT_FIGURES: the programme report's other figures, rows (what,
 * k1, k2, n, sum): 'training' (role, attendance, bookings), 'meetings'
 * (confirmed meetings, '', pairs with that many), 'rating' (check-in
 * rating, '', check-ins), 'support' (status, '', support actions), 'response'
 * (role, '', evaluation responses), 'question' (position, wording, rating
 * answers, their sum), 'action' (area, status, actions), 'career' (kind, '',
 * career steps) */
#define RM_Q_REPORT_FIGURES      "rm_report_figures"
/* a sector programme's applications by institution: rows (scope, role,
 * status, count) */
#define RM_Q_REPORT_BY_INST      "rm_report_by_inst"
/* RM_Q_REPORT_EQUALITY and the person's part of RM_Q_REPORT_FIGURES for one
 * institution's people (same columns; args programme, scope for each part) */
#define RM_Q_REPORT_EQUALITY_SCOPE "rm_report_equality_scope"
#define RM_Q_REPORT_FIGURES_SCOPE  "rm_report_figures_scope"
enum { COL_RF_WHAT, COL_RF_K1, COL_RF_K2, COL_RF_N, COL_RF_SUM };
#define RM_A_REPORT_FIGURES(F) F(training) F(meetings) F(rating) F(support) F(response) \
    F(question) F(action) F(career)

#endif
