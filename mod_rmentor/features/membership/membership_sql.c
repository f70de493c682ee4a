/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The membership list's statements (area.h).  Same rules as data/store.c.
 */
#include <stddef.h>
#include "rm_db.h"
#include "store.h"
#include "features/areas.h"

const rm_stmt rm_membership_statements[] = {
    { RM_Q_MEMBER_COUNT, "SELECT count(*) FROM programme_member WHERE programme_id = %lld", 1 },
    /* the first names of the list, for the admins' page */
    { RM_Q_MEMBER_SOME,
      "SELECT principal FROM programme_member WHERE programme_id = %lld "
      "ORDER BY principal LIMIT 20", 1 },
    /* is the asker on the list: programme, principal, eduPersonPrincipalName */
    { RM_Q_MEMBER_IS,
      "SELECT count(*) FROM programme_member WHERE programme_id = %lld "
      "AND principal IN (lower(%s), lower(%s))", 1 },
    { RM_Q_MEMBER_CLEAR, "DELETE FROM programme_member WHERE programme_id = %lld", 0 },
    { RM_Q_MEMBER_ADD,
      "INSERT INTO programme_member (programme_id, principal, added_at) "
      "VALUES (%lld, %s, %lld)", 0 },
    /* the rule: senior_members, id */
    { RM_Q_MEMBER_RULE, "UPDATE programme SET senior_members = %s WHERE id = %lld", 0 },
    { NULL, NULL, 0 }
};
