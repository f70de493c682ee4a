/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Spotlight stories (area.h).  A participant of a programme (its Mentors
 * and Senior Mentors, as features/legacy decides it) tells a story: a short
 * text or quote, an optional film link (https only) with its transcript,
 * under their name or anonymously, and explicit consent: for which uses,
 * until which day.  They may keep it as a draft, then send it to the
 * programme's admins, who propose an edited version that the author
 * approves, and publish it only when the author agreed to the version (the
 * one they sent, or the team's that they approved) and the consent is
 * current.  The author withdraws consent at any time, even after leaving
 * the programme: the story is unpublished in the same transaction.  Every
 * consent given, changed or withdrawn is a row of story_consent.
 *
 * Every staff member reads /stories: the published stories whose consent
 * covers the intranet and has not expired, under the author's name or as "A
 * participant of <programme>"; a film is a link, its transcript below it,
 * never embedded.  Anyone else asking for a story's pages gets 404.
 *
 * The text stays in its table: the audit trail keeps statuses and the uses'
 * codes, never what anyone wrote.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <http_protocol.h>
#include "features/legacy/legacy.h"
#include "web/form_vals.h"
#include "core/resource.h"

RM_NAMED_ARGS(STORY_INSERT);
RM_NAMED_ARGS(STORY_CONSENT);
RM_NAMED_ARGS(STORY_EDIT);
RM_NAMED_ARGS(STORY_PUBLISH);
RM_NAMED_ARGS(STORY_CONSENT_ADD);

#define MAX_BODY 2000
#define MAX_TRANSCRIPT 20000
#define MAX_URL 500
/* the most stories one person keeps in one programme */
#define MAX_STORIES 20
/* consent is given for at most ten years */
#define MAX_CONSENT_MONTHS 120
/* stories on a page of /stories */
#define PAGE_SIZE 10

static const char *const use_opts[] = {
    "intranet", "The staff intranet",
    "conference", "Sector conferences",
    "public", "The public: our website and social media", NULL };
static const char *const shown_opts[] = {
    "name", "Under my name",
    "anonymous", "Anonymously, as \"A participant of\" the programme", NULL };
static const char *const shown_values[] = { "name", "anonymous", NULL };

static const char *I64(apr_pool_t *p, long long v)
{
    return apr_psprintf(p, "%" APR_INT64_T_FMT, (apr_int64_t)v);
}

static const char *now_s(rm_req *rq)
{
    return I64(rq->r->pool, (long long)apr_time_sec(rq->now));
}

/* "the staff intranet and sector conferences" */
static const char *uses_human(apr_pool_t *p, const char *uses)
{
    const char *out = "";
    int n = 0, k = 0;
    for (int i = 0; use_opts[i]; i += 2)
        if (strstr(apr_pstrcat(p, ",", uses, ",", NULL),
                   apr_pstrcat(p, ",", use_opts[i], ",", NULL))) n++;
    for (int i = 0; use_opts[i]; i += 2) {
        if (!strstr(apr_pstrcat(p, ",", uses, ",", NULL),
                    apr_pstrcat(p, ",", use_opts[i], ",", NULL))) continue;
        k++;
        out = apr_pstrcat(p, out, k == 1 ? "" : k == n ? " and " : ", ", use_opts[i + 1],
                          NULL);
    }
    return n ? out : "No uses";
}

static int consent_current(rm_req *rq, const char **c)
{
    return apr_atoi64(c[COL_ST_CONSENTED]) > 0 && apr_atoi64(c[COL_ST_WITHDRAWN]) == 0
           && strcmp(c[COL_ST_UNTIL], rq->today) >= 0;
}

/* The consent in a sentence: "Given on ..., for ..., until ..." */
static const char *consent_sentence(rm_req *rq, const char **c)
{
    apr_pool_t *p = rq->r->pool;
    if (apr_atoi64(c[COL_ST_WITHDRAWN]) > 0)
        return apr_pstrcat(p, "Withdrawn on ", rm_time_human(p, c[COL_ST_WITHDRAWN]), ".", NULL);
    if (apr_atoi64(c[COL_ST_CONSENTED]) == 0) return "Not given.";
    return apr_pstrcat(p, strcmp(c[COL_ST_UNTIL], rq->today) >= 0 ? "Given" : "Expired: given",
                       " on ", rm_time_human(p, c[COL_ST_CONSENTED]), " for ",
                       uses_human(p, c[COL_ST_USES]), ", until ",
                       rm_date_human(p, c[COL_ST_UNTIL]), ".", NULL);
}

static const char *status_label(const char **c, int author)
{
    const char *s = c[COL_ST_STATUS];
    if (!strcmp(s, "draft")) return "Draft";
    if (!strcmp(s, "submitted")) return "Waiting for the programme team";
    if (!strcmp(s, "edited"))
        return author ? "Edited: waiting for your approval" : "Edited: waiting for the author";
    if (!strcmp(s, "approved")) return "Approved by the author";
    if (!strcmp(s, "published")) return "Published";
    return s;
}

/* What the story is shown as: the author's name or the programme's */
static const char *byline(apr_pool_t *p, const char **c)
{
    if (!strcmp(c[COL_ST_SHOWN_AS], "anonymous"))
        return apr_pstrcat(p, "A participant of ", c[COL_ST_PROG_NAME], NULL);
    return c[COL_ST_NAME];
}

/* NULL for an https URL of a host, else why not */
static const char *check_film(apr_pool_t *p, const char *url)
{
    const char *host;
    if (!*url) return NULL;
    if (strlen(url) > MAX_URL)
        return apr_psprintf(p, "The film link must be %d characters or fewer.", MAX_URL);
    for (const unsigned char *s = (const unsigned char *)url; *s; s++)
        if (*s <= 0x20 || *s == 0x7f || *s == '"' || *s == '<' || *s == '>' || *s == '\\')
            return "The film link must be one address, without spaces.";
    if (strncasecmp(url, "https://", 8))
        return "The film link must start with https://";
    host = url + 8;
    if (!*host || *host == '/' || *host == '?' || *host == '#' || *host == '@')
        return "The film link must name the site the film is on, for example "
               "https://video.example.ac.uk/watch/42";
    return NULL;
}

/* The film as a link (never embedded) and its transcript below it */
static void film_and_transcript(xmlNodePtr parent, apr_pool_t *p, const char **c,
                                const char *heading)
{
    xmlNodePtr para;
    if (!*c[COL_ST_FILM] && !*c[COL_ST_TRANSCRIPT]) return;
    if (*c[COL_ST_FILM]) {
        para = rm_el(parent, "p", NULL);
        rm_link(para, c[COL_ST_FILM], "Watch the film (opens the film's own page)");
    }
    if (*c[COL_ST_TRANSCRIPT]) {
        rm_el(parent, heading, "Transcript");
        rm_legacy_paragraphs(parent, p, c[COL_ST_TRANSCRIPT]);
    }
}

static void consent_fields(rm_page *pg, xmlNodePtr f, form_vals *fv)
{
    rm_checkboxes(pg, f, "use", "Where may the story be used?", use_opts, V("uses"),
                  "Tick every use you agree to.", E("uses"));
    rm_input(pg, f, "date", "consent_until", "Until when may it be used?", V("consent_until"),
             "The last day, for example 31 July 2028. You can withdraw your consent at any "
             "time before.", E("consent_until"), 1, 20);
    rm_checkbox_error(pg, f, "consent", "yes",
                      "I consent to my story being used in these ways until that day", NULL,
                      E("consent"), V("consent") != NULL);
}

static int read_consent(rm_req *rq, form_vals *fv)
{
    apr_pool_t *p = rq->r->pool;
    const char *until = rm_trim(p, apr_table_get(rq->form, "consent_until")), *human, *e;
    const char *uses = rm_checkboxes_read(rq, "use", use_opts);
    if (*until && (human = rm_date_from_human(p, until))) until = human;
    apr_table_setn(fv->v, "uses", uses);
    apr_table_setn(fv->v, "consent_until", until);
    if (apr_table_get(rq->form, "consent")) apr_table_setn(fv->v, "consent", "yes");
    if (!*uses) SETE("uses", "Tick at least one use of your story.");
    if ((e = rm_check_date(p, "the last day of your consent", until, 1)))
        SETE("consent_until", e);
    else if (strcmp(until, rq->today) < 0)
        SETE("consent_until", "The last day of your consent must be today or later.");
    else if (strcmp(until, rm_date_add_months(p, rq->today, MAX_CONSENT_MONTHS)) > 0)
        SETE("consent_until", "Consent can be given for ten years at most.");
    if (!V("consent"))
        SETE("consent", "Tick the box to give your consent: no story is kept without it.");
    return apr_is_empty_table(fv->e);
}

/* A captions (.vtt) or transcript (.txt) file sent with the story: its
 * words become the transcript.  NULL, or what is wrong with it. */
static const char *read_captions(rm_req *rq, form_vals *fv)
{
    apr_pool_t *p = rq->r->pool;
    const char *ext, *type, *e, *text;
    if (!rq->upload || (rq->upload_len == 0 && !*rq->upload_name)) return NULL;
    if (*V("transcript"))
        return "Paste the transcript or upload a file of it, not both.";
    ext = rm_file_ext(p, rq->upload_name);
    type = !strcmp(ext, "vtt") ? "text/vtt" : !strcmp(ext, "txt") ? "text/plain" : NULL;
    if (!type) return "Upload the captions as a WebVTT file (.vtt) or the transcript as a "
                      "text file (.txt).";
    if ((e = rm_mime_check(type, (const unsigned char *)rq->upload, rq->upload_len))) return e;
    if ((e = rm_captions_text(p, rq->upload, rq->upload_len, !strcmp(ext, "vtt"), &text)))
        return e;
    if (rm_utf8_len(text) > MAX_TRANSCRIPT)
        return apr_psprintf(p, "The file's words are longer than a transcript may be (%d "
                            "characters): shorten it, or paste the part that matters.",
                            MAX_TRANSCRIPT);
    apr_table_setn(fv->v, "transcript", text);
    return NULL;
}

static int read_story(rm_req *rq, form_vals *fv)
{
    apr_pool_t *p = rq->r->pool;
    int consent_ok;
    apr_table_setn(fv->v, "body", rm_trim(p, apr_table_get(rq->form, "body")));
    apr_table_setn(fv->v, "film_url", rm_trim(p, apr_table_get(rq->form, "film_url")));
    apr_table_setn(fv->v, "transcript", rm_trim(p, apr_table_get(rq->form, "transcript")));
    apr_table_setn(fv->v, "shown_as", rm_trim(p, apr_table_get(rq->form, "shown_as")));
    if (apr_table_get(rq->form, "draft")) apr_table_setn(fv->v, "draft", "yes");
    consent_ok = read_consent(rq, fv);
    SETE("body", rm_check_text(p, "your story", V("body"), 1, MAX_BODY, 1));
    SETE("film_url", check_film(p, V("film_url")));
    SETE("transcript", rm_check_text(p, "the transcript", V("transcript"), 0, MAX_TRANSCRIPT,
                                     1));
    SETE("transcript_file", read_captions(rq, fv));
    if (*V("film_url") && !*V("transcript") && !E("transcript") && !E("transcript_file"))
        SETE("transcript", "Enter the film's transcript: everyone can read it, whether or not "
                           "they can watch the film.");
    SETE("shown_as", rm_check_choice(p, "how your story is shown", V("shown_as"), shown_values,
                                     1));
    return consent_ok && apr_is_empty_table(fv->e);
}

/* The participant of the route's programme, or 0 (the caller answers 404).
 * *person: their person id. */
static int participant_of(rm_req *rq, const rm_route_match *m, rm_legacy_who *w,
                          const char **person)
{
    if (!rm_legacy_who_load(rq, rm_legacy_arg(m, 0), w)) return 0;
    if (!w->mentor && !w->senior) {
        rm_legacy_refused(rq, "the stories", w->prog[COL_PROG_ID]);
        return 0;
    }
    *person = w->mentor ? w->mentor_id : w->senior_id;
    return 1;
}

static const char *story_path(apr_pool_t *p, const char *id, const char *after)
{
    return apr_pstrcat(p, "/stories/", id, after, NULL);
}

static const char *mine_path(apr_pool_t *p, const char *pid)
{
    return rm_legacy_path(p, "/programmes/", pid, "/stories");
}

/* a consent row and the audit row, inside the caller's transaction */
static int record_consent(rm_req *rq, const char *story, const char *person, const char *event,
                          const char *uses, const char *until)
{
    return rm_db_exec(rq->db, RM_Q_STORY_CONSENT_ADD, NULL,
                      RM_ARGV(STORY_CONSENT_ADD, .story_id = story, .person_id = person,
                              .event = event, .uses = uses, .consent_until = until,
                              .at = now_s(rq)));
}

/* ---- a participant's own stories --------------------------------------------------- */

static int render_mine(rm_req *rq, const rm_legacy_who *w, const char *person, form_vals *fv,
                       int status)
{
    apr_pool_t *p = rq->r->pool;
    const char *pid = w->prog[COL_PROG_ID];
    rm_rows *rows;
    rm_page *pg;
    xmlNodePtr sec, f;

    if (rm_db_select(rq->db, RM_Q_STORY_MINE, &rows, RM_ARGS(pid, person)) != 0)
        return rm_not_found(rq);
    pg = rm_page_new(rq, "Your stories");
    rm_done_notice(pg);
    rm_el(pg->main, "p", apr_pstrcat(p, "Tell the staff of the university what ",
                                     w->prog[COL_PROG_NAME], " meant to you: a short story or "
                                     "a quote, and a film if you made one. The programme team "
                                     "may suggest changes, which you approve or not; nothing is "
                                     "published without your consent, which you can withdraw "
                                     "at any time.", NULL));
    sec = rm_section(pg, pg->main, "h-mine", "Your stories");
    if (rows->n == 0) {
        rm_el(sec, "p", "You have not told a story yet.");
    }
    else {
        static const char *const heads[] = { "Story", "Shown", "Status", "Consent", NULL };
        xmlNodePtr tb = rm_table(pg, sec, NULL, "h-mine", heads);
        for (int i = 0; i < rows->n; i++) {
            const char **c = rows->rows[i];
            xmlNodePtr tr = rm_row(tb), td = rm_td(tr, NULL);
            rm_link(td, rm_url(rq, story_path(p, c[COL_ST_ID], "/mine")),
                    apr_pstrcat(p, "Your story of ", rm_time_human(p, c[COL_ST_CREATED]),
                                NULL));
            rm_td(tr, byline(p, c));
            rm_td(tr, status_label(c, 1));
            rm_td(tr, consent_sentence(rq, c));
        }
    }
    sec = rm_section(pg, pg->main, "h-add", "Tell your story");
    if (rows->n >= MAX_STORIES) {
        rm_el(sec, "p", apr_psprintf(p, "You have told %d stories, the most one person can "
                                     "keep in a programme.", MAX_STORIES));
        return rm_page_send(pg, status);
    }
    f = rm_form(pg, sec, rm_url(rq, mine_path(p, pid)));
    rm_textarea(pg, f, "body", "Your story or quote", V("body"),
                "At most 2,000 characters.", E("body"), 1, MAX_BODY);
    rm_input(pg, f, "url", "film_url", "A film you made (optional)", V("film_url"),
             "Its address, starting https://. It is shown as a link, never played on the "
             "page.", E("film_url"), 0, MAX_URL);
    rm_attr(f, "enctype", "multipart/form-data");
    rm_textarea(pg, f, "transcript", "The film's transcript or captions", V("transcript"),
                "Needed with a film, so that everyone can read it. At most 20,000 "
                "characters.", E("transcript"), 0, MAX_TRANSCRIPT);
    {
        xmlNodePtr in = rm_input(pg, f, "file", "transcript_file",
                                 "Or upload the captions or transcript (optional)", NULL,
                                 "A WebVTT captions file (.vtt) or a text file (.txt), at most "
                                 "1 MB: its words become the transcript.",
                                 E("transcript_file"), 0, 0);
        rm_attr(in, "accept", ".vtt,.txt,text/vtt,text/plain");
    }
    rm_radios(pg, f, "shown_as", "How should your story be shown?", shown_opts, V("shown_as"),
              NULL, E("shown_as"));
    consent_fields(pg, f, fv);
    rm_checkbox(pg, f, "draft", "yes", "Keep it as a draft for now",
                "The programme team does not see a draft until you send it.",
                V("draft") != NULL);
    rm_button(f, "Save the story", NULL);
    return rm_page_send(pg, status);
}

int rm_page_stories_mine(rm_req *rq, const rm_route_match *m)
{
    rm_legacy_who w;
    const char *person;
    if (!participant_of(rq, m, &w, &person)) return rm_not_found(rq);
    return render_mine(rq, &w, person, fv_new(rq->r->pool), HTTP_OK);
}

int rm_page_story_add_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    rm_legacy_who w;
    const char *person, *now, *id = NULL, *status;
    form_vals *fv = fv_new(p);
    rm_rows *cnt, *ins;

    if (!participant_of(rq, m, &w, &person)) return rm_not_found(rq);
    if (!read_story(rq, fv)) return render_mine(rq, &w, person, fv, HTTP_UNPROCESSABLE_ENTITY);
    status = V("draft") ? "draft" : "submitted";
    now = now_s(rq);
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (rm_db_select(rq->db, RM_Q_STORY_COUNT_NOW, &cnt,
                     RM_ARGS(w.prog[COL_PROG_ID], person)) != 0 || cnt->n != 1) {
        rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    if (apr_atoi64(cnt->rows[0][0]) >= MAX_STORIES) {
        rm_db_end(rq->db, 0);
        return rm_error_page(rq, HTTP_CONFLICT, "Too many stories",
                             apr_psprintf(p, "You have told %d stories, the most one person "
                                          "can keep in a programme.", MAX_STORIES));
    }
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    if (rm_db_select(rq->db, RM_Q_STORY_INSERT, &ins,
                     RM_ARGV(STORY_INSERT, .programme_id = w.prog[COL_PROG_ID],
                             .person_id = person, .body = V("body"), .film_url = V("film_url"),
                             .transcript = V("transcript"), .shown_as = V("shown_as"),
                             .uses = V("uses"), .consent_until = V("consent_until"),
                             .consented_at = now, .status = status,
                             .approved_at = V("draft") ? "0" : now, .created_at = now,
                             .updated_at = now)) == 0 && ins->n == 1) {
        id = ins->rows[0][0];
        if (record_consent(rq, id, person, "given", V("uses"), V("consent_until")) != 0
            || rm_audit(rq, "story.create", "story", rm_parse_id(id),
                        apr_pstrcat(p, "status=", status, " shown_as=", V("shown_as"),
                                    " uses=", V("uses"), NULL)) != 0)
            id = NULL;
    }
    if (!id || rm_db_end(rq->db, 1) != 0) {
        if (rm_db_in_transaction(rq->db)) rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    return rm_redirect(rq, apr_pstrcat(p, story_path(p, id, "/mine"),
                                       V("draft") ? "?done=story-drafted" : "?done=story-added",
                                       NULL));
}

/* ---- one story, its author's --------------------------------------------------------- */

/* The story `id` when the requester wrote it (whether or not they are
 * still a participant: consent is theirs to withdraw); NULL otherwise. */
static const char **own_story(rm_req *rq, long long id, int now)
{
    rm_rows *rows;
    if (id <= 0 || rm_db_select(rq->db, now ? RM_Q_STORY_GET_NOW : RM_Q_STORY_GET, &rows,
                                RM_ARGS(rm_i64(rq->r->pool, id))) != 0 || rows->n != 1)
        return NULL;
    if (strcmp(rows->rows[0][COL_ST_PRINCIPAL], rq->id.principal)) {
        rm_legacy_refused(rq, "a story", rows->rows[0][COL_ST_PROGRAMME]);
        return NULL;
    }
    return rows->rows[0];
}

static void history_table(rm_page *pg, rm_req *rq, xmlNodePtr parent, const char **c)
{
    apr_pool_t *p = rq->r->pool;
    static const char *const heads[] = { "When", "What", "By", "Uses", "Until", NULL };
    rm_rows *rows;
    xmlNodePtr sec = rm_section(pg, parent, "h-history", "Consent history"), tb;
    if (rm_db_select(rq->db, RM_Q_STORY_CONSENTS, &rows, RM_ARGS(c[COL_ST_ID])) != 0
        || rows->n == 0) {
        rm_el(sec, "p", "No consent has been recorded.");
        return;
    }
    tb = rm_table(pg, sec, NULL, "h-history", heads);
    for (int i = 0; i < rows->n; i++) {
        const char **h = rows->rows[i];
        xmlNodePtr tr = rm_row(tb);
        rm_td(tr, rm_time_human(p, h[COL_SC_AT]));
        rm_td(tr, !strcmp(h[COL_SC_EVENT], "given") ? "Given"
                  : !strcmp(h[COL_SC_EVENT], "changed") ? "Changed" : "Withdrawn");
        rm_td(tr, h[COL_SC_NAME]);
        rm_td(tr, uses_human(p, h[COL_SC_USES]));
        rm_td(tr, rm_date_human(p, h[COL_SC_UNTIL]));
    }
}

static void story_facts(rm_req *rq, xmlNodePtr parent, const char **c, int author)
{
    apr_pool_t *p = rq->r->pool;
    xmlNodePtr dl = rm_dl(parent);
    rm_dl_item(dl, "Programme", c[COL_ST_PROG_NAME]);
    if (!author) rm_dl_item(dl, "Author", c[COL_ST_NAME]);
    rm_dl_item(dl, "Shown as", byline(p, c));
    rm_dl_item(dl, "Status", status_label(c, author));
    rm_dl_item(dl, "Consent", consent_sentence(rq, c));
}

static int render_story(rm_req *rq, const char **c, form_vals *fv, int status)
{
    apr_pool_t *p = rq->r->pool;
    const char *id = c[COL_ST_ID];
    rm_page *pg = rm_page_new(rq, "Your story");
    xmlNodePtr sec, f, para;
    int withdrawn = apr_atoi64(c[COL_ST_WITHDRAWN]) > 0;

    rm_done_notice(pg);
    para = rm_el(pg->main, "p", NULL);
    rm_link(para, rm_url(rq, mine_path(p, c[COL_ST_PROGRAMME])), "Back to your stories");
    story_facts(rq, pg->main, c, 1);

    sec = rm_section(pg, pg->main, "h-story", "Your story");
    rm_legacy_paragraphs(sec, p, c[COL_ST_BODY]);
    film_and_transcript(sec, p, c, "h3");

    if (!strcmp(c[COL_ST_STATUS], "draft")) {
        sec = rm_section(pg, pg->main, "h-send", "Send it to the programme team");
        rm_el(sec, "p", "The programme team reads it, may suggest changes for you to approve, "
              "and publishes it only as you agreed.");
        f = rm_form(pg, sec, rm_url(rq, story_path(p, id, "/submit")));
        rm_button(f, "Send the story", NULL);
    }
    if (!strcmp(c[COL_ST_STATUS], "edited")) {
        sec = rm_section(pg, pg->main, "h-edited", "The programme team's edited version");
        rm_el(sec, "p", "The programme team suggests publishing this version. It is published "
              "only if you approve it; if you do not, tell the team what you would change.");
        rm_legacy_paragraphs(rm_el(sec, "blockquote", NULL), p, c[COL_ST_EDIT_BODY]);
        f = rm_form(pg, sec, rm_url(rq, story_path(p, id, "/approve")));
        rm_button(f, "Approve the edited version", NULL);
    }

    sec = rm_section(pg, pg->main, "h-consent", withdrawn ? "Give your consent again"
                                                          : "Change your consent");
    rm_el(sec, "p", consent_sentence(rq, c));
    f = rm_form(pg, sec, rm_url(rq, story_path(p, id, "/consent")));
    if (!apr_table_get(fv->v, "uses") && !apr_table_get(fv->v, "consent_until")) {
        apr_table_setn(fv->v, "uses", c[COL_ST_USES]);
        apr_table_setn(fv->v, "consent_until", c[COL_ST_UNTIL]);
    }
    consent_fields(pg, f, fv);
    rm_button(f, withdrawn ? "Give consent" : "Change consent", "button button-secondary");

    if (!withdrawn) {
        sec = rm_section(pg, pg->main, "h-withdraw", "Withdraw your consent");
        rm_el(sec, "p", !strcmp(c[COL_ST_STATUS], "published")
              ? "Your story is published. If you withdraw your consent it is unpublished at "
                "once, and not used again unless you give your consent again."
              : "If you withdraw your consent your story is never published, unless you give "
                "your consent again.");
        f = rm_form(pg, sec, rm_url(rq, story_path(p, id, "/withdraw")));
        rm_button(f, "Withdraw my consent", "button button-warning");
    }
    history_table(pg, rq, pg->main, c);
    return rm_page_send(pg, status);
}

int rm_page_story_mine(rm_req *rq, const rm_route_match *m)
{
    const char **c = own_story(rq, rm_legacy_arg(m, 0), 0);
    if (!c) return rm_not_found(rq);
    return render_story(rq, c, fv_new(rq->r->pool), HTTP_OK);
}

static int conflict(rm_req *rq, const char *title, const char *message)
{
    return rm_error_page(rq, HTTP_CONFLICT, title, message);
}

/* run one author's change (label with args) with its audit row; DONE/404/500 */
static int author_change(rm_req *rq, const char **c, const char *label,
                         const char *const *args, const char *audit_action, const char *detail,
                         const char *consent_event, const char *uses, const char *until,
                         const char *done)
{
    apr_pool_t *p = rq->r->pool;
    int nrows = 0;
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    rm_db_exec(rq->db, label, &nrows, args);
    if (nrows == 1 && consent_event
        && record_consent(rq, c[COL_ST_ID], c[COL_ST_PERSON], consent_event, uses, until) != 0)
        nrows = -1;
    if (nrows == 1
        && rm_audit(rq, audit_action, "story", rm_parse_id(c[COL_ST_ID]), detail) != 0)
        nrows = -1;
    if (nrows != 1) {
        if (rm_db_in_transaction(rq->db)) rm_db_end(rq->db, 0);
        /* changed meanwhile (another window) */
        return nrows == 0 ? conflict(rq, "The story changed meanwhile",
                                     "Nothing was saved: open the story again to see it as "
                                     "it is now.")
                          : rm_save_failed(rq);
    }
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    return rm_redirect(rq, apr_pstrcat(p, story_path(p, c[COL_ST_ID], "/mine"), "?done=", done,
                                       NULL));
}

int rm_page_story_submit_post(rm_req *rq, const rm_route_match *m)
{
    const char **c = own_story(rq, rm_legacy_arg(m, 0), 0);
    const char *now = now_s(rq);
    if (!c) return rm_not_found(rq);
    if (strcmp(c[COL_ST_STATUS], "draft"))
        return conflict(rq, "Already sent", "Your story has already been sent to the "
                        "programme team.");
    return author_change(rq, c, RM_Q_STORY_SUBMIT,
                         RM_ARGS(now, now, c[COL_ST_ID], c[COL_ST_PERSON]), "story.submit",
                         "status=submitted", NULL, NULL, NULL, "story-submitted");
}

int rm_page_story_approve_post(rm_req *rq, const rm_route_match *m)
{
    const char **c = own_story(rq, rm_legacy_arg(m, 0), 0);
    const char *now = now_s(rq);
    if (!c) return rm_not_found(rq);
    if (strcmp(c[COL_ST_STATUS], "edited"))
        return conflict(rq, "Nothing to approve", "The programme team has not proposed an "
                        "edited version of your story, or you approved it already.");
    return author_change(rq, c, RM_Q_STORY_APPROVE,
                         RM_ARGS(now, now, c[COL_ST_ID], c[COL_ST_PERSON]), "story.approve",
                         "status=approved", NULL, NULL, NULL, "story-approved");
}

int rm_page_story_consent_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    const char **c = own_story(rq, rm_legacy_arg(m, 0), 0);
    form_vals *fv = fv_new(p);
    const char *now = now_s(rq), *event;
    if (!c) return rm_not_found(rq);
    if (!read_consent(rq, fv)) return render_story(rq, c, fv, HTTP_UNPROCESSABLE_ENTITY);
    event = apr_atoi64(c[COL_ST_WITHDRAWN]) > 0 || apr_atoi64(c[COL_ST_CONSENTED]) == 0
            ? "given" : "changed";
    return author_change(rq, c, RM_Q_STORY_CONSENT,
                         RM_ARGV(STORY_CONSENT, .uses = V("uses"),
                                 .consent_until = V("consent_until"), .consented_at = now,
                                 .updated_at = now, .id = c[COL_ST_ID],
                                 .person_id = c[COL_ST_PERSON]),
                         "story.consent", apr_pstrcat(p, "event=", event, " uses=", V("uses"),
                                                      NULL),
                         event, V("uses"), V("consent_until"), "story-consent");
}

int rm_page_story_withdraw_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    const char **c = own_story(rq, rm_legacy_arg(m, 0), 0);
    const char *now = now_s(rq);
    if (!c) return rm_not_found(rq);
    if (apr_atoi64(c[COL_ST_WITHDRAWN]) > 0)
        return rm_redirect(rq, apr_pstrcat(p, story_path(p, c[COL_ST_ID], "/mine"),
                                           "?done=story-withdrawn", NULL));
    return author_change(rq, c, RM_Q_STORY_WITHDRAW,
                         RM_ARGS(now, now, c[COL_ST_ID], c[COL_ST_PERSON]), "story.withdraw",
                         !strcmp(c[COL_ST_STATUS], "published") ? "unpublished=1"
                                                                 : "unpublished=0",
                         "withdrawn", c[COL_ST_USES], c[COL_ST_UNTIL], "story-withdrawn");
}

/* ---- the programme's admins ------------------------------------------------------------ */

/* The story `id` when the requester is an admin of its programme and its
 * author sent it (a draft is theirs alone); NULL otherwise. */
static const char **team_story(rm_req *rq, long long id, rm_legacy_who *w)
{
    rm_rows *rows;
    const char **c;
    if (id <= 0 || rm_db_select(rq->db, RM_Q_STORY_GET, &rows,
                                RM_ARGS(rm_i64(rq->r->pool, id))) != 0 || rows->n != 1)
        return NULL;
    c = rows->rows[0];
    if (!rm_legacy_who_load(rq, rm_parse_id(c[COL_ST_PROGRAMME]), w)) return NULL;
    if (!(rm_legacy_team(rq, w) & RM_TEAM_ADMIN)) {
        rm_legacy_refused(rq, "a story's review", c[COL_ST_PROGRAMME]);
        return NULL;
    }
    return strcmp(c[COL_ST_STATUS], "draft") ? c : NULL;
}

int rm_page_stories_team(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    static const char *const heads[] = { "Author", "Shown as", "Status", "Consent",
                                         "Last change", "Review", NULL };
    rm_legacy_who w;
    rm_rows *rows;
    rm_page *pg;
    xmlNodePtr sec;
    const char *pid;

    if (!rm_legacy_who_load(rq, rm_legacy_arg(m, 0), &w)) return rm_not_found(rq);
    if (!(rm_legacy_team(rq, &w) & RM_TEAM_ADMIN)) {
        rm_legacy_refused(rq, "the team's stories page", w.prog[COL_PROG_ID]);
        return rm_not_found(rq);
    }
    pid = w.prog[COL_PROG_ID];
    if (rm_db_select(rq->db, RM_Q_STORY_TEAM, &rows, RM_ARGS(pid)) != 0)
        return rm_not_found(rq);
    pg = rm_page_new(rq, apr_pstrcat(p, "Stories: ", w.prog[COL_PROG_NAME], NULL));
    rm_el(pg->main, "p", "The stories the programme's participants sent. Propose an edited "
          "version for the author to approve, and publish a story once its author has agreed "
          "to the version and while their consent is current.");
    sec = rm_section(pg, pg->main, "h-stories", apr_psprintf(p, "%d stor%s", rows->n,
                                                             rows->n == 1 ? "y" : "ies"));
    if (rows->n == 0) {
        rm_el(sec, "p", "No stories have been sent yet.");
    }
    else {
        xmlNodePtr tb = rm_table(pg, sec, NULL, "h-stories", heads);
        for (int i = 0; i < rows->n; i++) {
            const char **c = rows->rows[i];
            xmlNodePtr tr = rm_row(tb), td, l;
            rm_td(tr, c[COL_ST_NAME]);
            rm_td(tr, !strcmp(c[COL_ST_SHOWN_AS], "anonymous") ? "Anonymous" : "Name");
            rm_td(tr, status_label(c, 0));
            rm_td(tr, consent_current(rq, c) ? "Current"
                      : apr_atoi64(c[COL_ST_WITHDRAWN]) > 0 ? "Withdrawn" : "Expired");
            rm_td(tr, rm_time_human(p, c[COL_ST_UPDATED]));
            td = rm_td(tr, NULL);
            l = rm_link(td, rm_url(rq, apr_pstrcat(p, "/admin/stories/", c[COL_ST_ID], NULL)),
                        "Review");
            rm_attr(l, "aria-label", apr_pstrcat(p, "Review the story of ", c[COL_ST_NAME],
                                                 NULL));
        }
    }
    return rm_page_send(pg, HTTP_OK);
}

/* Why a story cannot be published now, or NULL when it can */
static const char *unpublishable(rm_req *rq, const char **c)
{
    apr_pool_t *p = rq->r->pool;
    const char *s = c[COL_ST_STATUS];
    if (!strcmp(s, "published")) return "The story is already published.";
    if (!strcmp(s, "edited"))
        return "The author has not approved the edited version yet: a story is published only "
               "in a version its author agreed to.";
    if (apr_atoi64(c[COL_ST_WITHDRAWN]) > 0)
        return "The author withdrew their consent: the story cannot be published unless they "
               "give it again.";
    if (apr_atoi64(c[COL_ST_CONSENTED]) == 0) return "The author has not given their consent.";
    if (strcmp(c[COL_ST_UNTIL], rq->today) < 0)
        return apr_pstrcat(p, "The author's consent ended on ",
                           rm_date_human(p, c[COL_ST_UNTIL]),
                           ": the story cannot be published unless they give it again.", NULL);
    return NULL;
}

static int render_review(rm_req *rq, const char **c, form_vals *fv, int status)
{
    apr_pool_t *p = rq->r->pool;
    const char *id = c[COL_ST_ID], *why = unpublishable(rq, c);
    rm_page *pg = rm_page_new(rq, apr_pstrcat(p, "Story by ", c[COL_ST_NAME], NULL));
    xmlNodePtr sec, f, para;

    rm_done_notice(pg);
    para = rm_el(pg->main, "p", NULL);
    rm_link(para, rm_url(rq, rm_legacy_path(p, "/admin/programmes/", c[COL_ST_PROGRAMME],
                                             "/stories")), "Back to the programme's stories");
    story_facts(rq, pg->main, c, 0);
    sec = rm_section(pg, pg->main, "h-story", "The story as the author agreed to it");
    rm_legacy_paragraphs(sec, p, c[COL_ST_BODY]);
    film_and_transcript(sec, p, c, "h3");
    if (!strcmp(c[COL_ST_STATUS], "edited")) {
        sec = rm_section(pg, pg->main, "h-edited", "Your edited version, waiting for the author");
        rm_legacy_paragraphs(sec, p, c[COL_ST_EDIT_BODY]);
    }

    sec = rm_section(pg, pg->main, "h-publish", "Publish");
    if (why) {
        rm_el(sec, "p", why);
    }
    else {
        rm_el(sec, "p", "The author agreed to this version and their consent is current. "
              "Published, it is shown to all staff when the consent covers the intranet.");
        f = rm_form(pg, sec, rm_url(rq, apr_pstrcat(p, "/admin/stories/", id, "/publish",
                                                    NULL)));
        rm_button(f, "Publish the story", NULL);
    }

    if (strcmp(c[COL_ST_STATUS], "published")) {
        sec = rm_section(pg, pg->main, "h-edit", "Propose an edited version");
        rm_el(sec, "p", "The author sees your version and approves it, or not; until they do, "
              "the story cannot be published.");
        f = rm_form(pg, sec, rm_url(rq, apr_pstrcat(p, "/admin/stories/", id, "/edit", NULL)));
        if (!V("edit_body"))
            apr_table_setn(fv->v, "edit_body", *c[COL_ST_EDIT_BODY] ? c[COL_ST_EDIT_BODY]
                                                                    : c[COL_ST_BODY]);
        rm_textarea(pg, f, "edit_body", "The edited story", V("edit_body"),
                    "At most 2,000 characters.", E("edit_body"), 1, MAX_BODY);
        rm_button(f, "Send to the author to approve", "button button-secondary");
    }
    history_table(pg, rq, pg->main, c);
    return rm_page_send(pg, status);
}

int rm_page_story_review(rm_req *rq, const rm_route_match *m)
{
    rm_legacy_who w;
    const char **c = team_story(rq, rm_legacy_arg(m, 0), &w);
    if (!c) return rm_not_found(rq);
    return render_review(rq, c, fv_new(rq->r->pool), HTTP_OK);
}

/* one change by the team, with its audit row; DONE/409/500 */
static int team_change(rm_req *rq, const char **c, const char *label, const char *const *args,
                       const char *audit_action, const char *detail, const char *refusal,
                       const char *done)
{
    apr_pool_t *p = rq->r->pool;
    int nrows = 0;
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    rm_db_exec(rq->db, label, &nrows, args);
    if (nrows == 1
        && rm_audit(rq, audit_action, "story", rm_parse_id(c[COL_ST_ID]), detail) != 0)
        nrows = -1;
    if (nrows != 1) {
        if (rm_db_in_transaction(rq->db)) rm_db_end(rq->db, 0);
        return nrows == 0 ? conflict(rq, "The story changed meanwhile", refusal)
                          : rm_save_failed(rq);
    }
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    return rm_redirect(rq, apr_pstrcat(p, "/admin/stories/", c[COL_ST_ID], "?done=", done,
                                       NULL));
}

int rm_page_story_edit_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    rm_legacy_who w;
    const char **c = team_story(rq, rm_legacy_arg(m, 0), &w);
    form_vals *fv = fv_new(p);
    long long me;
    const char *now = now_s(rq);
    if (!c) return rm_not_found(rq);
    if (!strcmp(c[COL_ST_STATUS], "published"))
        return conflict(rq, "The story is published", "A published story is not edited: it "
                        "stays as its author agreed to it.");
    apr_table_setn(fv->v, "edit_body", rm_trim(p, apr_table_get(rq->form, "edit_body")));
    SETE("edit_body", rm_check_text(p, "the edited story", V("edit_body"), 1, MAX_BODY, 1));
    if (E("edit_body")) return render_review(rq, c, fv, HTTP_UNPROCESSABLE_ENTITY);
    if (!(me = rm_person_id(rq, 0))) return rm_save_failed(rq);
    return team_change(rq, c, RM_Q_STORY_EDIT,
                       RM_ARGV(STORY_EDIT, .edit_body = V("edit_body"),
                               .edited_by = rm_i64(p, me), .edited_at = now,
                               .updated_at = now, .id = c[COL_ST_ID]),
                       "story.edit", "status=edited",
                       "Nothing was saved: the story was published meanwhile.", "story-edited");
}

int rm_page_story_publish_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    rm_legacy_who w;
    const char **c = team_story(rq, rm_legacy_arg(m, 0), &w);
    const char *now = now_s(rq), *why;
    long long me;
    if (!c) return rm_not_found(rq);
    if (!strcmp(c[COL_ST_STATUS], "published"))
        return rm_redirect(rq, apr_pstrcat(p, "/admin/stories/", c[COL_ST_ID],
                                           "?done=story-published", NULL));
    if ((why = unpublishable(rq, c)))
        return conflict(rq, "The story cannot be published",
                        apr_pstrcat(p, why, " Nothing was published.", NULL));
    if (!(me = rm_person_id(rq, 0))) return rm_save_failed(rq);
    return team_change(rq, c, RM_Q_STORY_PUBLISH,
                       RM_ARGV(STORY_PUBLISH, .published_by = rm_i64(p, me),
                               .published_at = now, .updated_at = now, .id = c[COL_ST_ID],
                               .today = rq->today),
                       "story.publish", "status=published",
                       "Nothing was published: the story or its consent changed meanwhile. "
                       "Open it again to see it as it is now.", "story-published");
}

/* ---- every staff member -------------------------------------------------------------- */

int rm_page_stories(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    const char *pagestr = apr_table_get(rm_query(rq), "page"), *e;
    rm_rows *rows, *cnt;
    rm_page *pg;
    long page = 1;
    long long total;
    int rv;
    (void)m;
    if (pagestr && (e = rm_check_int(p, "the page number", pagestr, 1, 100000, &page)))
        return rm_error_page(rq, HTTP_BAD_REQUEST, "Page not understood",
                             apr_pstrcat(p, e, " Start again from the stories page.", NULL));
    if ((rv = rm_page_from_cache(rq)) != OK) return rv;
    if (rm_db_select(rq->db, RM_Q_STORY_PUBLISHED_COUNT, &cnt, RM_ARGS(rq->today)) != 0
        || cnt->n != 1
        || rm_db_select(rq->db, RM_Q_STORY_PUBLISHED, &rows,
                        RM_ARGS(rq->today, apr_itoa(p, PAGE_SIZE),
                                apr_ltoa(p, (page - 1) * PAGE_SIZE))) != 0)
        return rm_not_found(rq);
    total = apr_atoi64(cnt->rows[0][0]);
    pg = rm_page_new(rq, "Spotlight stories");
    rm_el(pg->main, "p", "Participants of the mentoring programmes tell what the programme "
          "meant to them, with their consent. A film is a link to its own page, with its "
          "transcript below it.");
    if (rows->n == 0)
        rm_el(pg->main, "p", total == 0 ? "No stories have been published yet."
                                        : "No stories on this page.");
    for (int i = 0; i < rows->n; i++) {
        const char **c = rows->rows[i];
        xmlNodePtr sec = rm_section(pg, pg->main, apr_pstrcat(p, "h-story-", c[COL_ST_ID], NULL),
                                    byline(p, c)), q;
        if (strcmp(c[COL_ST_SHOWN_AS], "anonymous"))
            rm_el_class(sec, "p", "hint", c[COL_ST_PROG_NAME]);
        q = rm_el(sec, "blockquote", NULL);
        rm_legacy_paragraphs(q, p, c[COL_ST_BODY]);
        film_and_transcript(sec, p, c, "h3");
    }
    rm_pager(pg->main, rm_url(rq, "/stories?page="), page, total, PAGE_SIZE,
             "Pages of stories");
    return rm_page_send(pg, HTTP_OK);
}
