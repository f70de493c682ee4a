/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Membership of the sector body for the senior role: who may apply as a
 * Senior Mentor to a programme: those whose sign-in carries the programme's
 * membership entitlement (as before), those on a list of members the
 * programme's admins upload, or either.  The list is sign-in names, kept in
 * lower case, replaced as a whole (core/members.c reads it).  Only the
 * programme's admins see or change it; anyone else gets 404.  Macros only.
 */
#ifndef RM_AREA_MEMBERSHIP_H
#define RM_AREA_MEMBERSHIP_H

#define RM_membership_ROUTES(R) \
    R("GET",    "/admin/programmes/#/members",  rm_page_members)        \
    R("UPLOAD", "/admin/programmes/#/members",  rm_page_members_post)

#define RM_membership_NOTICES(N) \
    N("members-saved", "Who may apply as a Senior Mentor has been saved.")

#define RM_membership_NAV(V)

#define RM_Q_MEMBER_COUNT  "rm_member_count"
#define RM_Q_MEMBER_SOME   "rm_member_some"
#define RM_Q_MEMBER_IS     "rm_member_is"
#define RM_Q_MEMBER_CLEAR  "rm_member_clear"
#define RM_Q_MEMBER_ADD    "rm_member_add"
#define RM_Q_MEMBER_RULE   "rm_member_rule"

#endif
