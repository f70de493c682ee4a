/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Reflective learning.
 *
 * A participant writes entries through the year and at its end, for one of
 * the programmes they take part in, and chooses for each who reads it: only
 * themselves (private), their cohort (the programme's participants and its
 * team), or the cohort and, through the programme team, the sector (the
 * conferences where the programme's learning is shared).  They change or
 * delete their own entries at any time; anyone else's id is 404, and so is a
 * private entry to everyone but its author, the team included.
 *
 * The programme's admins collect shared entries into the cohort's learning
 * digest; an entry made private again leaves it.  Facilitators read the
 * shared entries and the digest.  Entries are never in the audit trail or
 * the log.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <http_protocol.h>
#include "closing.h"

APLOG_USE_MODULE(rmentor);

RM_NAMED_ARGS(RF_INSERT);
RM_NAMED_ARGS(RF_UPDATE);

#define MAX_TITLE 200
#define MAX_BODY 6000
#define MAX_ENTRIES 300
#define PAGE_SIZE 25

#define V(k) apr_table_get(fv->v, k)
#define E(k) apr_table_get(fv->e, k)
#define SETE(k, x) do { const char *e_ = (x); if (e_) apr_table_setn(fv->e, k, e_); } while (0)

static const char *const vis_opts[] = {
    "private", "Only me",
    "cohort", "Shared with my cohort: the programme's participants and its team",
    "sector", "Offered for the sector: my cohort reads it, and the programme team may share "
              "it beyond the programme, for example at sector conferences",
    NULL };
static const char *const visibilities[] = { "private", "cohort", "sector", NULL };

static const char *vis_label(const char *v)
{
    return !strcmp(v, "private") ? "Only me" : !strcmp(v, "cohort") ? "Shared with the cohort"
         : "Offered for the sector";
}

/* The requester's programmes (RM_Q_CL_MY_PROGS), or NULL on a database error */
static rm_rows *my_programmes(rm_req *rq)
{
    rm_rows *rows;
    const char *me;
    long long id = rm_person_id(rq, 0);
    if (!id) {
        if (rq->db->db_error) return NULL;
        id = -1;               /* never seen: no programmes */
    }
    me = rm_i64(rq->r->pool, id);
    if (rm_db_select(rq->db, RM_Q_CL_MY_PROGS, &rows, RM_ARGS(me, me, me)) != 0) return NULL;
    return rows;
}

static const char **prog_options(apr_pool_t *p, const rm_rows *progs)
{
    const char **o = apr_pcalloc(p, sizeof(*o) * (2 * (size_t)progs->n + 1));
    for (int i = 0; i < progs->n; i++) {
        o[2 * i] = progs->rows[i][COL_CLP_ID];
        o[2 * i + 1] = progs->rows[i][COL_CLP_NAME];
    }
    return o;
}

static void entry_fields(rm_page *pg, xmlNodePtr f, rm_cl_form *fv, const rm_rows *progs)
{
    /* one programme: a hidden field, unless what was sent is refused */
    if (progs && (progs->n > 1 || E("programme")))
        rm_select(pg, f, "programme", "Programme", prog_options(pg->rq->r->pool, progs),
                  V("programme"), E("programme"));
    else if (progs && progs->n == 1)
        rm_hidden(f, "programme", progs->rows[0][COL_CLP_ID]);
    rm_input(pg, f, "text", "title", "Title", V("title"),
             "For example, What I learnt from our third meeting.", E("title"), 1, MAX_TITLE);
    rm_textarea(pg, f, "body", "Your reflection", V("body"),
                "What happened, what you noticed, what you will do differently.",
                E("body"), 1, MAX_BODY);
    rm_radios(pg, f, "visibility", "Who can read it?", vis_opts, V("visibility"),
              "You can change this later.", E("visibility"));
}

/* An entry as an article: title, meta line, body */
static void entry_article(rm_req *rq, xmlNodePtr parent, const char **r, int with_author,
                          int with_edit)
{
    apr_pool_t *p = rq->r->pool;
    xmlNodePtr art = rm_el_class(parent, "article", "reflection", NULL), meta;
    rm_el(art, "h3", r[COL_RF_TITLE]);
    meta = rm_el_class(art, "p", "meta",
                       apr_pstrcat(p, with_author ? r[COL_RF_AUTHOR] : r[COL_RF_PROG_NAME],
                                   ", ", rm_time_human(p, r[COL_RF_CREATED]), ". ",
                                   vis_label(r[COL_RF_VISIBILITY]),
                                   !strcmp(r[COL_RF_IN_DIGEST], "1")
                                   && strcmp(r[COL_RF_VISIBILITY], "private")
                                   ? ", in the learning digest." : ".", NULL));
    if (with_edit) {
        rm_text(meta, " ");
        rm_link(meta, rm_url(rq, apr_pstrcat(p, "/reflections/", r[COL_RF_ID], "/edit", NULL)),
                apr_pstrcat(p, "Change or delete ", r[COL_RF_TITLE], NULL));
    }
    rm_el_class(art, "p", "prewrap", r[COL_RF_BODY]);
}

/* ---- my reflections ------------------------------------------------------------------ */

static int render_mine(rm_req *rq, const rm_rows *progs, rm_cl_form *fv, int status)
{
    rm_page *pg = rm_page_new(rq, "Reflective learning");
    rm_rows *mine;
    long long me = rm_person_id(rq, 0);
    xmlNodePtr sec;

    rm_done_notice(pg);
    rm_el(pg->main, "p", "Write down what you learn through the mentoring year: after a "
          "meeting, at the check-in, at the end. Each entry is yours: you choose whether it "
          "stays private, is shared with your cohort, or is offered for the sector.");
    if (!progs->n) {
        rm_el(pg->main, "p", "Reflective learning is for the participants of a programme. "
              "Once you are paired with a partner, you can write entries here.");
        return rm_page_send(pg, status);
    }
    sec = rm_section(pg, pg->main, "h-add", "Write an entry");
    {
        xmlNodePtr f = rm_form(pg, sec, rm_url(rq, "/reflections"));
        entry_fields(pg, f, fv, progs);
        rm_button(f, "Save the entry", NULL);
    }
    for (int i = 0; i < progs->n; i++) {
        xmlNodePtr para = rm_el(pg->main, "p", NULL);
        const char *id = progs->rows[i][COL_CLP_ID];
        rm_link(para, rm_url(rq, rm_cl_path(rq->r->pool, id, "/learning")),
                apr_pstrcat(rq->r->pool, "What the cohort of ", progs->rows[i][COL_CLP_NAME],
                            " shares", NULL));
    }
    sec = rm_section(pg, pg->main, "h-mine", "Your entries");
    if (rm_db_select(rq->db, RM_Q_RF_MINE, &mine, RM_ARGS(rm_i64(rq->r->pool, me))) != 0)
        return rm_not_found(rq);
    if (!mine->n) rm_el(sec, "p", "You have not written any entries yet.");
    for (int i = 0; i < mine->n; i++) entry_article(rq, sec, (const char **)mine->rows[i], 0, 1);
    return rm_page_send(pg, status);
}

int rm_page_reflections(rm_req *rq, const rm_route_match *m)
{
    rm_rows *progs;
    rm_cl_form *fv;
    int rv;
    (void)m;
    /* the person's own page, whoever they are (only their entries and
     * programmes on it): kept as written for them while nothing changes
     * (html.c); the times on it are the entries', not the time of day */
    if ((rv = rm_page_from_cache(rq)) != OK) return rv;
    progs = my_programmes(rq);
    fv = rm_cl_form_new(rq->r->pool);
    if (!progs) return rm_not_found(rq);
    apr_table_setn(fv->v, "visibility", "private");
    return render_mine(rq, progs, fv, HTTP_OK);
}

/* Read and check the entry form; progs NULL: no programme field */
static int read_entry(rm_req *rq, rm_cl_form *fv, const rm_rows *progs)
{
    apr_pool_t *p = rq->r->pool;
    static const char *const names[] = { "programme", "title", "body", "visibility", NULL };
    for (int i = 0; names[i]; i++)
        apr_table_setn(fv->v, names[i], rm_trim(p, apr_table_get(rq->form, names[i])));
    if (progs) {
        int found = 0;
        for (int i = 0; i < progs->n; i++)
            if (!strcmp(progs->rows[i][COL_CLP_ID], V("programme"))) found = 1;
        if (!found)
            apr_table_setn(fv->e, "programme", "Choose one of your programmes.");
    }
    SETE("title", rm_check_text(p, "the title", V("title"), 1, MAX_TITLE, 0));
    SETE("body", rm_check_text(p, "your reflection", V("body"), 1, MAX_BODY, 1));
    SETE("visibility", rm_check_choice(p, "who can read it", V("visibility"), visibilities, 1));
    return apr_is_empty_table(fv->e);
}

int rm_page_reflection_add_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    rm_rows *progs = my_programmes(rq), *count, *ins;
    rm_cl_form *fv = rm_cl_form_new(p);
    const char *now, *me;
    (void)m;
    if (!progs) return rm_save_failed(rq);
    if (!progs->n) return rm_not_found(rq);
    if (!read_entry(rq, fv, progs)) return render_mine(rq, progs, fv, HTTP_UNPROCESSABLE_ENTITY);

    now = rm_i64(p, apr_time_sec(rq->now));
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    me = rm_i64(p, rq->person_id);
    if (rm_db_select(rq->db, RM_Q_RF_COUNT_NOW, &count, RM_ARGS(me)) != 0 || count->n != 1) {
        rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    if (atoll(count->rows[0][0]) >= MAX_ENTRIES) {
        rm_db_end(rq->db, 0);
        return rm_error_page(rq, HTTP_CONFLICT, "Too many entries",
                             apr_psprintf(p, "You have written %d entries, the most this site "
                                          "keeps for one person. Delete one to write another.",
                                          MAX_ENTRIES));
    }
    if (rm_db_select(rq->db, RM_Q_RF_INSERT, &ins,
                     RM_ARGV(RF_INSERT, .programme_id = V("programme"), .person_id = me,
                             .title = V("title"), .body = V("body"),
                             .visibility = V("visibility"), .created_at = now,
                             .updated_at = now)) != 0 || ins->n != 1) {
        rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    rm_audit(rq, "reflection.add", "reflection", rm_parse_id(ins->rows[0][0]), V("visibility"));
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    return rm_redirect(rq, "/reflections?done=reflection-added");
}

/* The requester's own entry, or NULL */
static const char **my_entry(rm_req *rq, const rm_route_match *m)
{
    rm_rows *rows;
    long long me = rm_person_id(rq, 0), id = rm_cl_arg(m, 0);
    if (!me || id <= 0) return NULL;
    if (rm_db_select(rq->db, RM_Q_RF_GET, &rows,
                     RM_ARGS(rm_i64(rq->r->pool, id), rm_i64(rq->r->pool, me))) != 0
        || rows->n != 1)
        return NULL;
    return rows->rows[0];
}

static int render_entry_form(rm_req *rq, const char **r, rm_cl_form *fv, int status)
{
    apr_pool_t *p = rq->r->pool;
    rm_page *pg = rm_page_new(rq, "Change a reflection");
    xmlNodePtr para, f, sec;
    para = rm_el(pg->main, "p", apr_pstrcat(p, "An entry for ", r[COL_RF_PROG_NAME], ", written ",
                                            rm_time_human(p, r[COL_RF_CREATED]), ". ", NULL));
    rm_link(para, rm_url(rq, "/reflections"), "Back to your entries");
    f = rm_form(pg, pg->main, rm_url(rq, apr_pstrcat(p, "/reflections/", r[COL_RF_ID], "/edit",
                                                     NULL)));
    entry_fields(pg, f, fv, NULL);
    rm_button(f, "Save my changes", NULL);
    sec = rm_section(pg, pg->main, "h-delete", "Delete this entry");
    rm_el(sec, "p", "Deleting it removes it for good, from the learning digest too.");
    f = rm_form(pg, sec, rm_url(rq, apr_pstrcat(p, "/reflections/", r[COL_RF_ID], "/delete",
                                                NULL)));
    rm_button(f, "Delete the entry", "warning");
    return rm_page_send(pg, status);
}

int rm_page_reflection_form(rm_req *rq, const rm_route_match *m)
{
    const char **r = my_entry(rq, m);
    rm_cl_form *fv = rm_cl_form_new(rq->r->pool);
    if (!r) return rm_not_found(rq);
    apr_table_setn(fv->v, "title", r[COL_RF_TITLE]);
    apr_table_setn(fv->v, "body", r[COL_RF_BODY]);
    apr_table_setn(fv->v, "visibility", r[COL_RF_VISIBILITY]);
    return render_entry_form(rq, r, fv, HTTP_OK);
}

int rm_page_reflection_edit_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    const char **r = my_entry(rq, m);
    rm_cl_form *fv = rm_cl_form_new(p);
    int nrows = 0;
    if (!r) return rm_not_found(rq);
    if (!read_entry(rq, fv, NULL)) return render_entry_form(rq, r, fv, HTTP_UNPROCESSABLE_ENTITY);
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    rm_db_exec(rq->db, RM_Q_RF_UPDATE, &nrows,
               RM_ARGV(RF_UPDATE, .title = V("title"), .body = V("body"),
                       .visibility = V("visibility"), .visibility2 = V("visibility"),
                       .updated_at = rm_i64(p, apr_time_sec(rq->now)), .id = r[COL_RF_ID],
                       .person_id = rm_i64(p, rq->person_id)));
    if (nrows != 1) { rm_db_end(rq->db, 0); return rm_not_found(rq); }
    rm_audit(rq, "reflection.update", "reflection", rm_parse_id(r[COL_RF_ID]), V("visibility"));
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    return rm_redirect(rq, "/reflections?done=reflection-saved");
}

int rm_page_reflection_delete_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    const char **r = my_entry(rq, m);
    int nrows = 0;
    if (!r) return rm_not_found(rq);
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    rm_db_exec(rq->db, RM_Q_RF_DELETE, &nrows,
               RM_ARGS(r[COL_RF_ID], rm_i64(p, rq->person_id)));
    if (nrows != 1) { rm_db_end(rq->db, 0); return rm_not_found(rq); }
    rm_audit(rq, "reflection.delete", "reflection", rm_parse_id(r[COL_RF_ID]), "");
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    return rm_redirect(rq, "/reflections?done=reflection-deleted");
}

/* ---- the cohort's pages ------------------------------------------------------------- */

/* The programme when the requester is one of its participants or on its team
 * (*team receives the team access); NULL otherwise */
static const char **cohort_programme(rm_req *rq, const rm_route_match *m, int *team)
{
    const char **prog, *role;
    *team = 0;
    if (rm_cl_participant(rq, rm_cl_arg(m, 0), &prog, &role)) return prog;
    if (prog && (*team = rm_team_access(rq, prog[COL_PROG_ID]))) return prog;
    return NULL;
}

int rm_page_learning(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    int team, rv;
    const char **prog = cohort_programme(rq, m, &team), *pagestr, *e, *pid;
    rm_rows *rows, *count;
    rm_page *pg;
    long page = 1;
    long long total;
    xmlNodePtr para;

    if (!prog) return rm_not_found(rq);
    pid = prog[COL_PROG_ID];
    pagestr = apr_table_get(rm_query(rq), "page");
    if (pagestr && (e = rm_check_int(p, "the page number", pagestr, 1, 100000, &page)))
        return rm_error_page(rq, HTTP_BAD_REQUEST, "Page not understood", e);
    /* no form on it: kept as written while nothing changes (html.c) */
    if ((rv = rm_page_from_cache(rq)) != OK) return rv;
    if (rm_db_select(rq->db, RM_Q_RF_SHARED_COUNT, &count, RM_ARGS(pid, "", "")) != 0
        || count->n != 1
        || rm_db_select(rq->db, RM_Q_RF_SHARED, &rows,
                        RM_ARGS(pid, "", "", apr_itoa(p, PAGE_SIZE),
                                rm_i64(p, (long long)(page - 1) * PAGE_SIZE))) != 0)
        return rm_not_found(rq);
    total = atoll(count->rows[0][0]);
    pg = rm_page_new(rq, "What the cohort shares");
    para = rm_el(pg->main, "p", apr_pstrcat(p, "Reflections the participants of ",
                                            prog[COL_PROG_NAME], " chose to share. ", NULL));
    rm_link(para, rm_url(rq, rm_cl_path(p, pid, "/digest")), "The learning digest");
    if (!team) {
        rm_text(para, " ");
        rm_link(para, rm_url(rq, "/reflections"), "Your own entries");
    }
    if (!rows->n) rm_el(pg->main, "p", "Nobody has shared an entry yet.");
    for (int i = 0; i < rows->n; i++)
        entry_article(rq, pg->main, (const char **)rows->rows[i], 1, 0);
    rm_pager(pg->main, rm_url(rq, rm_cl_path(p, pid, "/learning?page=")), page, total,
             PAGE_SIZE, "Pages of shared entries");
    return rm_page_send(pg, HTTP_OK);
}

int rm_page_digest(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    int team;
    const char **prog = cohort_programme(rq, m, &team);
    rm_rows *rows;
    rm_page *pg;
    xmlNodePtr para;
    int rv;
    if (!prog) return rm_not_found(rq);
    /* no form on it: kept as written while nothing changes (html.c) */
    if ((rv = rm_page_from_cache(rq)) != OK) return rv;
    if (rm_db_select(rq->db, RM_Q_RF_DIGEST, &rows, RM_ARGS(prog[COL_PROG_ID])) != 0)
        return rm_not_found(rq);
    pg = rm_page_new(rq, "Learning digest");
    para = rm_el(pg->main, "p", apr_pstrcat(p, "What the cohort of ", prog[COL_PROG_NAME],
                                            " learnt, collected by the programme team from the "
                                            "entries participants shared. ", NULL));
    rm_link(para, rm_url(rq, rm_cl_path(p, prog[COL_PROG_ID], "/learning")),
            "Every shared entry");
    if (!rows->n) rm_el(pg->main, "p", "The programme team has not collected any entries yet.");
    for (int i = 0; i < rows->n; i++)
        entry_article(rq, pg->main, (const char **)rows->rows[i], 1, 0);
    return rm_page_send(pg, HTTP_OK);
}

int rm_page_learning_team(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    static const char *const offered[] = { "sector", NULL };
    static const char *const show_opts[] = { "", "Every shared entry", "sector",
                                             "Offered for the sector", NULL };
    const char **prog = rm_load_programme(rq, rm_cl_arg(m, 0));
    const apr_table_t *q = rm_query(rq);
    const char *show = apr_table_get(q, "show"), *pagestr = apr_table_get(q, "page"), *e, *pid;
    int access, rv;
    long page = 1;
    rm_rows *rows, *count;
    rm_page *pg;
    xmlNodePtr para, f;

    if (!prog || !(access = rm_team_access(rq, prog[COL_PROG_ID]))) return rm_not_found(rq);
    pid = prog[COL_PROG_ID];
    if (!show) show = "";
    if ((*show && (e = rm_check_choice(p, "which entries to show", show, offered, 1)))
        || (pagestr && (e = rm_check_int(p, "the page number", pagestr, 1, 100000, &page))))
        return rm_error_page(rq, HTTP_BAD_REQUEST, "Search not understood", e);
    /* the digest's buttons (their token in the key): kept as written while
     * nothing changes (html.c) */
    if ((rv = rm_page_from_cache(rq)) != OK) return rv;
    if (rm_db_select(rq->db, RM_Q_RF_SHARED_COUNT, &count, RM_ARGS(pid, show, show)) != 0
        || count->n != 1
        || rm_db_select(rq->db, RM_Q_RF_SHARED, &rows,
                        RM_ARGS(pid, show, show, apr_itoa(p, PAGE_SIZE),
                                rm_i64(p, (long long)(page - 1) * PAGE_SIZE))) != 0)
        return rm_not_found(rq);
    pg = rm_page_new(rq, "Reflective learning");
    rm_done_notice(pg);
    para = rm_el(pg->main, "p", apr_pstrcat(p, prog[COL_PROG_NAME], ": the entries participants "
                                            "shared. Private entries are never shown. ", NULL));
    rm_link(para, rm_url(rq, rm_cl_path(p, pid, "/digest")), "The learning digest");
    if (access & RM_TEAM_ADMIN)
        rm_el(pg->main, "p", "Add an entry to the learning digest to show it to the whole "
              "cohort on the digest page.");
    f = rm_el(pg->main, "form", NULL);
    rm_attr(f, "method", "get");
    rm_attr(f, "action", rm_url(rq, rm_cl_admin_path(p, pid, "/learning")));
    rm_select(pg, f, "show", "Show", show_opts, show, NULL);
    rm_button(f, "Show", "secondary");
    if (!rows->n) rm_el(pg->main, "p", "No entries to show.");
    for (int i = 0; i < rows->n; i++) {
        const char **r = (const char **)rows->rows[i];
        int in = !strcmp(r[COL_RF_IN_DIGEST], "1");
        entry_article(rq, pg->main, r, 1, 0);
        if (access & RM_TEAM_ADMIN) {
            xmlNodePtr df = rm_form(pg, pg->main, rm_url(rq, rm_cl_admin_path(p, pid, "/learning")));
            rm_hidden(df, "reflection", r[COL_RF_ID]);
            rm_hidden(df, "digest", in ? "0" : "1");
            rm_button(df, apr_pstrcat(p, in ? "Take out of the digest: " : "Add to the digest: ",
                                      r[COL_RF_TITLE], NULL), in ? "secondary" : NULL);
        }
    }
    rm_pager(pg->main, rm_url(rq, apr_pstrcat(p, rm_cl_admin_path(p, pid, "/learning"),
                                              "?show=", show, "&page=", NULL)),
             page, atoll(count->rows[0][0]), PAGE_SIZE, "Pages of shared entries");
    return rm_page_send(pg, HTTP_OK);
}

int rm_page_learning_digest_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    const char **prog = rm_load_programme(rq, rm_cl_arg(m, 0));
    const char *rid = apr_table_get(rq->form, "reflection");
    const char *dig = apr_table_get(rq->form, "digest");
    int access, nrows = 0;

    if (!prog || !(access = rm_team_access(rq, prog[COL_PROG_ID]))) return rm_not_found(rq);
    if (!(access & RM_TEAM_ADMIN)) return rm_forbidden(rq, "the programme's administrators");
    if (!rid || rm_parse_id(rid) <= 0 || !dig || (strcmp(dig, "0") && strcmp(dig, "1")))
        return rm_error_page(rq, HTTP_BAD_REQUEST, "Request not understood",
                             "Use the buttons on the reflective learning page.");
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (!rm_person_id(rq, 1)) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    rm_db_exec(rq->db, RM_Q_RF_SET_DIGEST, &nrows,
               RM_ARGS(dig, rm_i64(p, rm_parse_id(rid)), prog[COL_PROG_ID]));
    /* not this programme's, not shared (any more), or gone */
    if (nrows != 1) { rm_db_end(rq->db, 0); return rm_not_found(rq); }
    rm_audit(rq, !strcmp(dig, "1") ? "digest.add" : "digest.remove", "reflection",
             rm_parse_id(rid), "");
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    return rm_redirect(rq, apr_pstrcat(p, rm_cl_admin_path(p, prog[COL_PROG_ID], "/learning"),
                                       "?done=", !strcmp(dig, "1") ? "digest-added"
                                                                   : "digest-removed", NULL));
}
