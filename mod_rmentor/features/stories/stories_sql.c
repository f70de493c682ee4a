/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The stories area's statements.  Same rules as data/store.c: one text for
 * SQLite and PostgreSQL, numbers bound as %lld, 1 for reads the cache may
 * keep; reads inside a write transaction are never cached.  An author's
 * changes name the person as well as the id, so a story is only ever
 * changed by its author whatever the pages let through; the team's edit
 * and publication name the statuses they may change, and publication the
 * consent it needs, so a story withdrawn meanwhile is never published.
 */
#include <stddef.h>
#include "rm_db.h"
#include "store.h"
#include "features/areas.h"

#define NAME(P) "coalesce(nullif(" P ".display_name, ''), " P ".principal)"

#define ST_SELECT \
    "SELECT s.id, s.programme_id, s.person_id, s.body, s.film_url, s.transcript, s.shown_as, " \
    "s.uses, s.consent_until, s.consented_at, s.withdrawn_at, s.status, s.edit_body, " \
    "s.edited_at, s.approved_at, s.published_at, s.created_at, s.updated_at, " \
    NAME("per") ", per.principal, pg.name " \
    "FROM story s JOIN person per ON per.id = s.person_id " \
    "JOIN programme pg ON pg.id = s.programme_id "

/* consent that is current on a day (%s): given, not withdrawn, not expired */
#define ST_CONSENT_CURRENT \
    "s.consented_at > 0 AND s.withdrawn_at = 0 AND s.consent_until >= %s "

const rm_stmt rm_stories_statements[] = {
    /* an author's own stories in a programme: programme, person */
    { RM_Q_STORY_MINE,
      ST_SELECT "WHERE s.programme_id = %lld AND s.person_id = %lld "
      "ORDER BY s.created_at DESC, s.id DESC LIMIT 100", 1 },
    { RM_Q_STORY_GET, ST_SELECT "WHERE s.id = %lld", 1 },
    { RM_Q_STORY_GET_NOW, ST_SELECT "WHERE s.id = %lld", 0 },
    { RM_Q_STORY_COUNT_NOW,
      "SELECT count(*) FROM story WHERE programme_id = %lld AND person_id = %lld", 0 },
    { RM_Q_STORY_INSERT,
      "INSERT INTO story (programme_id, person_id, body, film_url, transcript, shown_as, uses, "
      "consent_until, consented_at, status, approved_at, created_at, updated_at) VALUES "
      "(%lld, %lld, %s, %s, %s, %s, %s, %s, %lld, %s, %lld, %lld, %lld) RETURNING id", 0 },
    /* a draft sent to the team, as its author wrote it: approved_at, updated_at, id,
     * person */
    { RM_Q_STORY_SUBMIT,
      "UPDATE story SET status = 'submitted', approved_at = %lld, updated_at = %lld "
      "WHERE id = %lld AND person_id = %lld AND status = 'draft'", 0 },
    /* the author takes the team's version: approved_at, updated_at, id, person */
    { RM_Q_STORY_APPROVE,
      "UPDATE story SET body = edit_body, edit_body = '', status = 'approved', "
      "approved_at = %lld, updated_at = %lld "
      "WHERE id = %lld AND person_id = %lld AND status = 'edited'", 0 },
    /* consent given again or changed */
    { RM_Q_STORY_CONSENT,
      "UPDATE story SET uses = %s, consent_until = %s, consented_at = %lld, withdrawn_at = 0, "
      "updated_at = %lld WHERE id = %lld AND person_id = %lld", 0 },
    /* consent withdrawn: unpublished at once; withdrawn_at, updated_at, id, person */
    { RM_Q_STORY_WITHDRAW,
      "UPDATE story SET withdrawn_at = %lld, "
      "status = CASE WHEN status = 'published' THEN 'approved' ELSE status END, "
      "updated_at = %lld WHERE id = %lld AND person_id = %lld AND withdrawn_at = 0", 0 },
    /* the team's proposed version, for the author to approve */
    { RM_Q_STORY_EDIT,
      "UPDATE story SET edit_body = %s, status = 'edited', edited_by = %lld, edited_at = %lld, "
      "updated_at = %lld WHERE id = %lld AND status IN ('submitted', 'edited', 'approved')", 0 },
    /* published only when the author agreed to the version (theirs, or the
     * team's that they approved) and the consent is current on the day */
    { RM_Q_STORY_PUBLISH,
      "UPDATE story SET status = 'published', published_by = %lld, published_at = %lld, "
      "updated_at = %lld WHERE id = %lld AND status IN ('submitted', 'approved') "
      "AND consented_at > 0 AND withdrawn_at = 0 AND consent_until >= %s", 0 },
    /* the team's list: a programme's stories but drafts, the latest change first */
    { RM_Q_STORY_TEAM,
      ST_SELECT "WHERE s.programme_id = %lld AND s.status <> 'draft' "
      "ORDER BY s.updated_at DESC, s.id DESC LIMIT 500", 1 },
    /* the staff's page: published, consent for the intranet current today
     * (the uses hold 'intranet' when removing it changes them: no LIKE, whose
     * '%' the statements' placeholders would take) */
    { RM_Q_STORY_PUBLISHED,
      ST_SELECT "WHERE s.status = 'published' AND " ST_CONSENT_CURRENT
      "AND replace(',' || s.uses || ',', ',intranet,', '') <> ',' || s.uses || ',' "
      "ORDER BY s.published_at DESC, s.id DESC LIMIT %lld OFFSET %lld", 1 },
    { RM_Q_STORY_PUBLISHED_COUNT,
      "SELECT count(*) FROM story s WHERE s.status = 'published' AND " ST_CONSENT_CURRENT
      "AND replace(',' || s.uses || ',', ',intranet,', '') <> ',' || s.uses || ','", 1 },
    { RM_Q_STORY_CONSENT_ADD,
      "INSERT INTO story_consent (story_id, person_id, event, uses, consent_until, at) "
      "VALUES (%lld, %lld, %s, %s, %s, %lld)", 0 },
    { RM_Q_STORY_CONSENTS,
      "SELECT c.event, c.uses, c.consent_until, c.at, " NAME("per") " FROM story_consent c "
      "JOIN person per ON per.id = c.person_id WHERE c.story_id = %lld "
      "ORDER BY c.id DESC LIMIT 100", 1 },
    { NULL, NULL, 0 }
};
