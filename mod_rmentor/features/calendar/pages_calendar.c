/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * A person's calendar feed page, /calendar: whether they have a feed, its
 * address to copy (and a webcal: link that opens it in a calendar app), and
 * the forms that turn it on, give it a new address and turn it off.  Each
 * person manages only their own feed: the routes carry no id, the row is the
 * requester's.  Any signed-in member of staff may use it; it shows what it
 * would hold (training, meetings, the check-in and the end event), which is
 * empty for someone in no programme.
 *
 * Why the address can be shown every time (core/calfeed.h): the token is
 * derived, HMAC-SHA256(RMentorSecretFile, person and a random per-feed
 * key), and only its SHA-256 is stored.  Showing a random token once (the
 * other design) would need the POST to answer with the page itself, against
 * post/redirect/get, and would leave someone who lost the address only the
 * choice of renewing.  If the secret is replaced, the stored hash no longer
 * matches what the page derives: the page says so and offers to renew.
 *
 * Each write is one transaction with its audit row ("calendar.on",
 * "calendar.renew", "calendar.off"); neither the token nor the key is ever
 * in the audit trail or the log.
 */
#include <string.h>
#include <apr_strings.h>
#include <http_protocol.h>
#include <http_core.h>
#include "pages.h"
#include "core/calfeed.h"

APLOG_USE_MODULE(rmentor);

RM_NAMED_ARGS(CALFEED_UPSERT);

/* The requester's feed row, NULL when they have none; *err set on a
 * database failure. */
static const char **my_feed(rm_req *rq, long long person, int *err)
{
    rm_rows *rows;
    *err = 0;
    if (!person) return NULL;
    if (rm_db_select(rq->db, RM_Q_CALFEED_MINE, &rows,
                     RM_ARGS(rm_i64(rq->r->pool, person))) != 0) {
        *err = 1;
        return NULL;
    }
    return rows->n == 1 ? rows->rows[0] : NULL;
}

/* The feed's absolute address, or NULL when the stored hash is not the
 * token derived now (the server's secret was replaced since). */
static const char *feed_url(rm_req *rq, long long person, const char **row)
{
    char token[RM_CALFEED_TOKEN_LEN + 1], hash[RM_CALFEED_HASH_LEN + 1];
    const char *url;
    if (rm_calfeed_token(rq->cfg->secret, rq->cfg->secret_len, person,
                         row[COL_CALFEED_KEY], token) != 0
        || rm_calfeed_hash(token, RM_CALFEED_TOKEN_LEN, hash) != 0
        || !rm_calfeed_hash_equal(hash, row[COL_CALFEED_HASH]))
        return NULL;
    url = ap_construct_url(rq->r->pool, rm_url(rq, apr_pstrcat(rq->r->pool,
                           RM_CALFEED_PREFIX, token, RM_CALFEED_SUFFIX, NULL)), rq->r);
    memset(token, 0, sizeof(token));
    return url;
}

/* webcal://host/path for http(s)://host/path */
static const char *webcal_url(apr_pool_t *p, const char *url)
{
    const char *rest = strstr(url, "://");
    return rest ? apr_pstrcat(p, "webcal", rest, NULL) : url;
}

int rm_page_calendar(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    long long person;
    int err;
    const char **row;
    const char *url = NULL;
    rm_page *pg;
    xmlNodePtr sec, f, ul, para, dl;
    (void)m;

    /* the person's own page, whoever they are: kept as written for them
     * while nothing changes (html.c); a renewal or revocation is a write,
     * which moves the cache on */
    {
        int rv = rm_page_from_cache(rq);
        if (rv != OK) return rv;
    }
    person = rm_person_id(rq, 0);
    row = my_feed(rq, person, &err);
    if (err) return rm_not_found(rq);
    if (row) url = feed_url(rq, person, row);
    pg = rm_page_new(rq, "Your calendar feed");
    rm_done_notice(pg);
    rm_el(pg->main, "p", "A calendar feed puts the dates of your mentoring programme in "
          "the calendar app you already use (Outlook, Google Calendar, Apple Calendar "
          "and others), and keeps them up to date.");
    ul = rm_el(pg->main, "ul", NULL);
    rm_el(ul, "li", "the training sessions you have booked or attended;");
    rm_el(ul, "li", "the meetings with your partner that you have both confirmed;");
    rm_el(ul, "li", "when the mid-point check-in is open;");
    rm_el(ul, "li", "the end-of-programme event.");
    rm_el(pg->main, "p", "It never holds your notes, your meetings' agendas or anyone's "
          "answers. Only the name of your partner appears.");

    sec = rm_section(pg, pg->main, "h-feed", row ? "Your feed is on" : "Your feed is off");
    if (row && url) {
        rm_el(sec, "p", "Anyone who has this address can see these dates, without "
              "signing in. Keep it to yourself: give it only to your calendar app. "
              "If you think someone else has it, give your feed a new address.");
        /* a description list: its dd wraps anywhere, so the long address
         * reflows at 320 px */
        dl = rm_dl(sec);
        rm_el(dl, "dt", "Your feed's address");
        rm_el_class(rm_el(dl, "dd", NULL), "code", "feed-url", url);
        rm_dl_item(dl, "Turned on or last renewed",
                   rm_time_human(p, row[COL_CALFEED_CREATED]));
        para = rm_el(sec, "p", NULL);
        rm_link(para, webcal_url(p, url), "Open the feed in your calendar app");
    }
    else if (row) {
        rm_el(sec, "p", "Your feed's address no longer works, because the site's keys "
              "have been replaced. Give your feed a new address, then give the new "
              "address to your calendar app.");
    }
    else {
        rm_el(sec, "p", "Turn on your feed to get its address. You can give it a new "
              "address or turn it off here at any time.");
    }
    f = rm_form(pg, sec, rm_url(rq, "/calendar/renew"));
    rm_button(f, !row ? "Turn on my calendar feed" : "Give my feed a new address",
              !row ? NULL : "button button-secondary");
    if (row) {
        rm_el(sec, "p", "A new address stops the old one working at once.");
        f = rm_form(pg, sec, rm_url(rq, "/calendar/revoke"));
        rm_button(f, "Turn off my calendar feed", "button button-warning");
    }
    return rm_page_send(pg, HTTP_OK);
}

int rm_page_calendar_renew_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    char key[RM_CALFEED_KEY_LEN + 1], token[RM_CALFEED_TOKEN_LEN + 1],
         hash[RM_CALFEED_HASH_LEN + 1];
    long long person;
    rm_rows *before;
    int had;
    (void)m;

    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (!(person = rm_person_id(rq, 1))
        || rm_db_select(rq->db, RM_Q_CALFEED_MINE_NOW, &before,
                        RM_ARGS(rm_i64(p, person))) != 0
        || rm_calfeed_new_key(key) != 0
        || rm_calfeed_token(rq->cfg->secret, rq->cfg->secret_len, person, key, token) != 0
        || rm_calfeed_hash(token, RM_CALFEED_TOKEN_LEN, hash) != 0) {
        rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    memset(token, 0, sizeof(token));
    had = before->n == 1;
    rm_db_exec(rq->db, RM_Q_CALFEED_UPSERT, NULL,
               RM_ARGV(CALFEED_UPSERT, .person_id = rm_i64(p, person),
                       .token_hash = apr_pstrdup(p, hash), .feed_key = apr_pstrdup(p, key),
                       .created_at = rm_i64(p, apr_time_sec(rq->now))));
    /* that it was turned on or renewed: never the token, its hash or key */
    rm_audit(rq, had ? "calendar.renew" : "calendar.on", "person", person, "");
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    return rm_redirect(rq, had ? "/calendar?done=calendar-renewed"
                               : "/calendar?done=calendar-on");
}

int rm_page_calendar_revoke_post(rm_req *rq, const rm_route_match *m)
{
    long long person;
    int n = 0;
    (void)m;

    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (!(person = rm_person_id(rq, 1))) {
        rm_db_end(rq->db, 0);
        return rm_save_failed(rq);
    }
    rm_db_exec(rq->db, RM_Q_CALFEED_DELETE, &n, RM_ARGS(rm_i64(rq->r->pool, person)));
    if (n > 0) rm_audit(rq, "calendar.off", "person", person, "");
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    return rm_redirect(rq, "/calendar?done=calendar-off");
}
