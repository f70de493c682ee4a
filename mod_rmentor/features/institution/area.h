/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * An institution's part of a sector programme, for its local admins
 * (RMentorInstitutionAdmin SCOPE WHO..., conf/federation.conf): the
 * programmes with its staff's applications counted (/institution), the
 * list of its staff's applications to one programme, each application
 * read-only (/applications/ID, features/apply), and the programme report's
 * figures that belong to its people.  Nothing of another institution's
 * people, no decision, no other page of the programme's team: every other
 * admin page still asks for the admin role and a team place.  The list is
 * features/admin's (rm_applications_list) and the figures
 * features/report's (rm_page_inst_report*), written for one scope.
 * Anyone who is not a local admin gets 404.  Macros only.
 */
#ifndef RM_AREA_INSTITUTION_H
#define RM_AREA_INSTITUTION_H

#define RM_institution_ROUTES(R) \
    R("GET", "/institution",                               rm_page_institution)        \
    R("GET", "/institution/programmes/#/applications",     rm_page_inst_applications)  \
    R("GET", "/institution/programmes/#/report",           rm_page_inst_report)        \
    R("GET", "/institution/programmes/#/report.csv",       rm_page_inst_report_csv)

#define RM_institution_NOTICES(N)

#define RM_institution_NAV(V) V("Your institution", "/institution", RM_ROLE_LOCAL_ADMIN)

/* the institution's applications by programme: rows (programme, role,
 * status, count); arg: scope */
#define RM_Q_INST_COUNTS "rm_inst_counts"
enum { COL_INSTC_PROG, COL_INSTC_ROLE, COL_INSTC_STATUS, COL_INSTC_N };

#endif
