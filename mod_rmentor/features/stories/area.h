/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Spotlight stories: a participant of a programme (an accepted application,
 * or a side of a pair) tells a short story or quote, with an optional film
 * link and its transcript, under their name or anonymously, and gives
 * explicit consent for its uses (intranet, sector conference, public) until
 * a date.  The programme's admins review it, propose an edited version that
 * the author approves (or not), and publish it when the author has agreed
 * to the version and the consent is current.  Withdrawing consent
 * unpublishes at once; every consent given, changed or withdrawn is kept
 * (story_consent).  Every staff member reads the published stories whose
 * consent covers the intranet and has not expired.  Anyone else, and any id
 * that is not theirs, gets 404.  Macros only.
 */
#ifndef RM_AREA_STORIES_H
#define RM_AREA_STORIES_H

#define RM_stories_ROUTES(R) \
    R("GET",  "/stories",                       rm_page_stories)            \
    R("GET",  "/programmes/#/stories",          rm_page_stories_mine)       \
    R("UPLOAD", "/programmes/#/stories",        rm_page_story_add_post)     \
    R("GET",  "/stories/#/mine",                rm_page_story_mine)         \
    R("POST", "/stories/#/submit",              rm_page_story_submit_post)  \
    R("POST", "/stories/#/approve",             rm_page_story_approve_post) \
    R("POST", "/stories/#/consent",             rm_page_story_consent_post) \
    R("POST", "/stories/#/withdraw",            rm_page_story_withdraw_post) \
    R("GET",  "/admin/programmes/#/stories",    rm_page_stories_team)       \
    R("GET",  "/admin/stories/#",               rm_page_story_review)       \
    R("POST", "/admin/stories/#/edit",          rm_page_story_edit_post)    \
    R("POST", "/admin/stories/#/publish",       rm_page_story_publish_post)

#define RM_stories_NOTICES(N) \
    N("story-added",     "Your story has been sent to the programme team.")  \
    N("story-drafted",   "Your story has been saved as a draft.")            \
    N("story-submitted", "Your story has been sent to the programme team.")  \
    N("story-approved",  "You approved the edited version.")                 \
    N("story-consent",   "Your consent has been recorded.")                  \
    N("story-withdrawn", "Your consent has been withdrawn: the story is no longer published.") \
    N("story-edited",    "The edited version has been sent to the author to approve.") \
    N("story-published", "The story has been published.")

#define RM_stories_NAV(V)

#define RM_Q_STORY_MINE          "rm_story_mine"
#define RM_Q_STORY_GET           "rm_story_get"
#define RM_Q_STORY_GET_NOW       "rm_story_get_now"
#define RM_Q_STORY_COUNT_NOW     "rm_story_count_now"
#define RM_Q_STORY_INSERT        "rm_story_insert"
#define RM_Q_STORY_SUBMIT        "rm_story_submit"
#define RM_Q_STORY_APPROVE       "rm_story_approve"
#define RM_Q_STORY_CONSENT       "rm_story_consent"
#define RM_Q_STORY_WITHDRAW      "rm_story_withdraw"
#define RM_Q_STORY_EDIT          "rm_story_edit"
#define RM_Q_STORY_PUBLISH       "rm_story_publish"
#define RM_Q_STORY_TEAM          "rm_story_team"
#define RM_Q_STORY_PUBLISHED     "rm_story_published"
#define RM_Q_STORY_PUBLISHED_COUNT "rm_story_published_count"
#define RM_Q_STORY_CONSENT_ADD   "rm_story_consent_add"
#define RM_Q_STORY_CONSENTS      "rm_story_consents"

/* RM_Q_STORY_MINE, _GET, _GET_NOW, _TEAM, _PUBLISHED: stories, with the
 * author's name and sign-in name and the programme's name */
enum { COL_ST_ID, COL_ST_PROGRAMME, COL_ST_PERSON, COL_ST_BODY, COL_ST_FILM,
       COL_ST_TRANSCRIPT, COL_ST_SHOWN_AS, COL_ST_USES, COL_ST_UNTIL, COL_ST_CONSENTED,
       COL_ST_WITHDRAWN, COL_ST_STATUS, COL_ST_EDIT_BODY, COL_ST_EDITED_AT,
       COL_ST_APPROVED_AT, COL_ST_PUBLISHED_AT, COL_ST_CREATED, COL_ST_UPDATED,
       COL_ST_NAME, COL_ST_PRINCIPAL, COL_ST_PROG_NAME };
/* RM_Q_STORY_CONSENTS: a story's consent history, the latest first */
enum { COL_SC_EVENT, COL_SC_USES, COL_SC_UNTIL, COL_SC_AT, COL_SC_NAME };

/* named arguments (data/rm_db.h), in the order of the placeholders */
#define RM_A_STORY_INSERT(F) \
    F(programme_id) F(person_id) F(body) F(film_url) F(transcript) F(shown_as) F(uses) \
    F(consent_until) F(consented_at) F(status) F(approved_at) F(created_at) F(updated_at)
#define RM_A_STORY_CONSENT(F) \
    F(uses) F(consent_until) F(consented_at) F(updated_at) F(id) F(person_id)
#define RM_A_STORY_EDIT(F) \
    F(edit_body) F(edited_by) F(edited_at) F(updated_at) F(id)
#define RM_A_STORY_PUBLISH(F) \
    F(published_by) F(published_at) F(updated_at) F(id) F(today)
#define RM_A_STORY_CONSENT_ADD(F) \
    F(story_id) F(person_id) F(event) F(uses) F(consent_until) F(at)

#endif
