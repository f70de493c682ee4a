/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * The private calendar feed: GET <mount>/calendar/feed/<token>.ics.
 *
 * Calendar clients cannot do single sign-on, so mod_rmentor.c hands this one
 * path here before identity is resolved; the site exempts
 * <Location <mount>/calendar/feed/> from its SSO (conf/rmentor.conf).  The
 * token is all the authority there is: its syntax is checked first
 * (core/calfeed.c), then the SHA-256 of it is looked up; anything but a live
 * token is a plain 404 that says nothing of why.  The token is never logged,
 * and the request is marked (RMENTOR_SECRET_URL in the environment) so that
 * the access log can leave its path out (conf/demo/httpd.conf).
 *
 * The calendar is built with libical (icalcomponent / icalproperty) and
 * serialised by it: it folds lines at 75 octets and escapes text.  The
 * component is freed by a cleanup of the request pool.  Thread safety under
 * the threaded MPMs: libical 3 is built with pthreads (its error number and
 * memory ring are per thread; loading builtin zones takes a mutex).  The
 * site's VTIMEZONE is loaded, cut and made into a component in the parent at
 * post_config (rm_calendar_post_config), along with libical's UTC zone, so
 * that no request loads anything.  Each request gets a copy of its own
 * (icalcomponent_new_clone, which only reads the original: measured 11 us,
 * against 47 us to parse the zone's text again); the copying is still done
 * under a mutex, as the one moment threads touch a shared libical object,
 * so that no libical version's internals matter.  Only the *_r functions
 * (caller frees) are used, never the ring buffer.
 *
 * What it holds: times, places, links, titles and the partner's name.
 * Never notes, meeting agendas, dispute reasons or anyone's check-in or
 * application answers (calendar_sql.c does not read them).
 */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <pthread.h>
#include <apr_strings.h>
#include <http_protocol.h>
#include <http_request.h>
#include <libical/ical.h>
#include "pages.h"
#include "calendar.h"
#include "core/calfeed.h"
#include "core/pace.h"

APLOG_USE_MODULE(rmentor);

#define DEFAULT_ZONE "Europe/London"
/* the VTIMEZONE covers this year on (libical's zones reach back to 1847) */
#define ZONE_FROM 2000

/* ---- the site's time zone ---------------------------------------------- */

/* The builtin zone's VTIMEZONE, cut to ZONE_FROM on, as text (malloc'd by
 * libical; the caller frees), and its TZID (name itself); NULL for an
 * unknown zone. */
static char *zone_text(const char *name, const char **tzid)
{
    icaltimezone *z;
    icalcomponent *vtz, *orig;
    icalproperty *tp;
    struct icaltimetype from;
    char *s;
    if (!name || !*name || strlen(name) > 100) return NULL;
    z = icaltimezone_get_builtin_timezone(name);
    if (!z || !(orig = icaltimezone_get_component(z))) return NULL;
    vtz = icalcomponent_new_clone(orig);
    if (!vtz) return NULL;
    from = icaltime_null_time();
    from.year = ZONE_FROM;
    from.month = 1;
    from.day = 1;
    from.zone = icaltimezone_get_utc_timezone();
    icaltimezone_truncate_vtimezone(vtz, from, icaltime_null_time(), 0);
    /* The zone's own name as its TZID ("Europe/London"), not libical's
     * "/freeassociation.sourceforge.net/Europe/London": calendar apps
     * recognise IANA names (some map only those to their own zones), and
     * the VTIMEZONE still travels with it as RFC 5545 asks. */
    tp = icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY);
    if (!tp) {
        icalcomponent_free(vtz);
        return NULL;
    }
    icalproperty_set_tzid(tp, name);
    s = icalcomponent_as_ical_string_r(vtz);
    if (tzid) *tzid = name;
    icalcomponent_free(vtz);
    return s;
}

const char *rm_calendar_zone_check(apr_pool_t *p, const char *name)
{
    char *s = zone_text(name, NULL);
    if (!s)
        return apr_pstrcat(p, "RMentorTimeZone: libical knows no time zone \"", name,
                           "\"; give a name of the IANA time zone database, such as "
                           "Europe/London or Europe/Dublin", NULL);
    free(s);
    return NULL;
}

static apr_status_t free_component(void *c)
{
    icalcomponent_free(c);
    return APR_SUCCESS;
}

/* held while a request copies its server's VTIMEZONE (never in the parent,
 * so never held across fork) */
static pthread_mutex_t zone_copy = PTHREAD_MUTEX_INITIALIZER;

int rm_calendar_post_config(apr_pool_t *p, server_rec *s)
{
    /* libical's UTC zone and builtin zone list, made now in the parent:
     * requests then only read them */
    (void)icaltimezone_get_utc_timezone();
    for (; s; s = s->next) {
        rm_srv_cfg *c = ap_get_module_config(s->module_config, &rmentor_module);
        const char *name = c->tz_name ? c->tz_name : DEFAULT_ZONE, *tzid = NULL;
        char *text = zone_text(name, &tzid);
        if (!text || !tzid) {
            free(text);
            ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, RM_TAG "RMentorTimeZone: libical "
                         "has no time zone \"%s\"", name);
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        c->tz_name = apr_pstrdup(p, name);
        c->tz_id = apr_pstrdup(p, tzid);
        c->tz_vtimezone = apr_pstrdup(p, text);
        free(text);
        c->tz_component = icalcomponent_new_from_string(c->tz_vtimezone);
        if (!c->tz_component
            || icalcomponent_isa(c->tz_component) != ICAL_VTIMEZONE_COMPONENT) {
            if (c->tz_component) icalcomponent_free(c->tz_component);
            c->tz_component = NULL;
            ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, RM_TAG "RMentorTimeZone: libical "
                         "could not read back its own VTIMEZONE of \"%s\"", name);
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        apr_pool_cleanup_register(p, c->tz_component, free_component, apr_pool_cleanup_null);
    }
    return OK;
}

/* ---- building the calendar ----------------------------------------------- */


static apr_status_t free_string(void *s)
{
    free(s);
    return APR_SUCCESS;
}

typedef struct {
    rm_req *rq;
    icalcomponent *cal;
    const char *host;               /* UIDs end @host                      */
    const char *tzid;
    struct icaltimetype stamp;      /* DTSTAMP: now, UTC                   */
} feed;

/* YYYY-MM-DD as an all-day date; 0 or -1 */
static int ical_date(const char *s, struct icaltimetype *t)
{
    int y, m, d;
    if (!s || rm_date_parse(s, NULL) != 0 || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3)
        return -1;
    *t = icaltime_null_date();
    t->year = y;
    t->month = m;
    t->day = d;
    t->is_date = 1;
    return 0;
}

/* HH:MM, 00:00 to 23:59; 0 or -1 */
static int hhmm(const char *s, int *h, int *m)
{
    if (!s || strlen(s) != 5 || s[2] != ':') return -1;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (s[i] < '0' || s[i] > '9')) return -1;
    *h = (s[0] - '0') * 10 + (s[1] - '0');
    *m = (s[3] - '0') * 10 + (s[4] - '0');
    return *h <= 23 && *m <= 59 ? 0 : -1;
}

/* date + HH:MM, local to the site's zone (written with its TZID); 0 or -1 */
static int ical_local(const char *date, const char *time, struct icaltimetype *t)
{
    int h, m;
    if (ical_date(date, t) != 0 || hhmm(time, &h, &m) != 0) return -1;
    t->is_date = 0;
    t->hour = h;
    t->minute = m;
    t->second = 0;
    t->zone = NULL;
    return 0;
}

static icalproperty *with_tzid(feed *f, icalproperty *p, const struct icaltimetype *t)
{
    if (!t->is_date) icalproperty_add_parameter(p, icalparameter_new_tzid(f->tzid));
    return p;
}

static long long num(const char *s)
{
    return s ? apr_atoi64(s) : 0;
}

/* A new VEVENT with its UID, DTSTAMP, LAST-MODIFIED (from updated_at, when
 * known) and SUMMARY, added to the calendar. */
static icalcomponent *event(feed *f, const char *kind, const char *id, const char *updated,
                            const char *summary)
{
    icalcomponent *ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
    long long up = num(updated);
    icalcomponent_add_property(ev, icalproperty_new_uid(
        apr_pstrcat(f->rq->r->pool, kind, "-", id, "@", f->host, NULL)));
    icalcomponent_add_property(ev, icalproperty_new_dtstamp(f->stamp));
    if (up > 0)
        icalcomponent_add_property(ev, icalproperty_new_lastmodified(
            icaltime_from_timet_with_zone((time_t)up, 0, icaltimezone_get_utc_timezone())));
    icalcomponent_add_property(ev, icalproperty_new_summary(summary));
    icalcomponent_add_component(f->cal, ev);
    return ev;
}

/* LOCATION: the place, else the link; URL: the link */
static void place_and_link(icalcomponent *ev, const char *place, const char *link)
{
    if (place && *place)
        icalcomponent_add_property(ev, icalproperty_new_location(place));
    else if (link && *link)
        icalcomponent_add_property(ev, icalproperty_new_location(link));
    if (link && *link)
        icalcomponent_add_property(ev, icalproperty_new_url(link));
}

/* all day from `first` for `days` days (DTEND is the day after the last) */
static void all_day(icalcomponent *ev, struct icaltimetype first, int days)
{
    struct icaltimetype end = first;
    icaltime_adjust(&end, days, 0, 0, 0);
    icalcomponent_add_property(ev, icalproperty_new_dtstart(first));
    icalcomponent_add_property(ev, icalproperty_new_dtend(end));
}

static void add_training(feed *f, rm_rows *rows)
{
    apr_pool_t *p = f->rq->r->pool;
    const char *last_id = "";
    for (int i = 0; i < rows->n; i++) {
        const char **row = rows->rows[i];
        struct icaltimetype s, e;
        icalcomponent *ev;
        if (!strcmp(row[COL_CAL_TR_ID], last_id)) continue;   /* booked twice */
        last_id = row[COL_CAL_TR_ID];
        if (ical_local(row[COL_CAL_TR_DAY], row[COL_CAL_TR_STARTS], &s) != 0) continue;
        ev = event(f, "training", row[COL_CAL_TR_ID], row[COL_CAL_TR_UPDATED],
                   apr_pstrcat(p, row[COL_CAL_TR_TITLE], ": ", row[COL_CAL_TR_PROGRAMME],
                               NULL));
        icalcomponent_add_property(ev, with_tzid(f, icalproperty_new_dtstart(s), &s));
        if (ical_local(row[COL_CAL_TR_DAY], row[COL_CAL_TR_ENDS], &e) == 0
            && icaltime_compare(e, s) > 0)
            icalcomponent_add_property(ev, with_tzid(f, icalproperty_new_dtend(e), &e));
        place_and_link(ev, row[COL_CAL_TR_PLACE], row[COL_CAL_TR_LINK]);
        icalcomponent_add_property(ev, icalproperty_new_description(apr_pstrcat(p,
            "Training session of ", row[COL_CAL_TR_PROGRAMME], ".", NULL)));
    }
}

static const char *mode_label(const char *mode)
{
    return !strcmp(mode, "in_person") ? "in person" : !strcmp(mode, "phone") ? "by phone"
         : !strcmp(mode, "online") ? "online" : "";
}

static void add_meetings(feed *f, rm_rows *rows)
{
    apr_pool_t *p = f->rq->r->pool;
    for (int i = 0; i < rows->n; i++) {
        const char **row = rows->rows[i];
        struct icaltimetype d;
        icalcomponent *ev;
        if (ical_date(row[COL_CAL_MT_HELD_ON], &d) != 0) continue;
        /* the partner's name only: never the agenda */
        ev = event(f, "meeting", row[COL_CAL_MT_ID], row[COL_CAL_MT_UPDATED],
                   apr_pstrcat(p, "Mentoring meeting with ", row[COL_CAL_MT_PARTNER], NULL));
        all_day(ev, d, 1);
        icalcomponent_add_property(ev, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
        icalcomponent_add_property(ev, icalproperty_new_description(apr_pstrcat(p,
            "A confirmed meeting of ", rm_minutes_human(p, (long)num(row[COL_CAL_MT_MINUTES])),
            *mode_label(row[COL_CAL_MT_MODE]) ? ", " : "", mode_label(row[COL_CAL_MT_MODE]),
            ".", NULL)));
    }
}

static void add_checkins(feed *f, rm_rows *rows)
{
    apr_pool_t *p = f->rq->r->pool;
    for (int i = 0; i < rows->n; i++) {
        const char **row = rows->rows[i];
        struct icaltimetype d;
        long long weeks = num(row[COL_CAL_CI_WEEKS]);
        icalcomponent *ev;
        if (ical_date(row[COL_CAL_CI_DATE], &d) != 0 || weeks < 1 || weeks > 26) continue;
        ev = event(f, "checkin", row[COL_CAL_CI_PROGRAMME], row[COL_CAL_CI_UPDATED],
                   apr_pstrcat(p, "Mid-point check-in open: ", row[COL_CAL_CI_NAME], NULL));
        all_day(ev, d, (int)weeks * 7);
        icalcomponent_add_property(ev, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
        icalcomponent_add_property(ev, icalproperty_new_description(
            "The mid-point check-in is open: tell the programme team how your "
            "mentoring is going. Answer it from your pair's page."));
    }
}

static void add_end_events(feed *f, rm_rows *rows)
{
    apr_pool_t *p = f->rq->r->pool;
    for (int i = 0; i < rows->n; i++) {
        const char **row = rows->rows[i];
        struct icaltimetype d, s, e;
        icalcomponent *ev;
        if (ical_date(row[COL_CAL_EE_DATE], &d) != 0) continue;
        ev = event(f, "endevent", row[COL_CAL_EE_PROGRAMME], row[COL_CAL_EE_UPDATED],
                   apr_pstrcat(p, "End-of-programme event: ", row[COL_CAL_EE_NAME], NULL));
        if (ical_local(row[COL_CAL_EE_DATE], row[COL_CAL_EE_STARTS], &s) == 0) {
            icalcomponent_add_property(ev, with_tzid(f, icalproperty_new_dtstart(s), &s));
            if (ical_local(row[COL_CAL_EE_DATE], row[COL_CAL_EE_ENDS], &e) == 0
                && icaltime_compare(e, s) > 0)
                icalcomponent_add_property(ev, with_tzid(f, icalproperty_new_dtend(e), &e));
        }
        else {
            all_day(ev, d, 1);      /* the day is known, not yet the times */
        }
        place_and_link(ev, row[COL_CAL_EE_PLACE], row[COL_CAL_EE_LINK]);
    }
}

/* ---- the request ------------------------------------------------------------ */

static int send_calendar(request_rec *r, const char *text, size_t len)
{
    ap_set_content_type(r, "text/calendar; charset=utf-8");
    ap_set_content_length(r, (apr_off_t)len);
    if (!r->header_only) ap_rwrite(text, (int)len, r);
    return OK;
}

int rm_calendar_feed(rm_req *rq, const char *path)
{
    request_rec *r = rq->r;
    apr_pool_t *p = r->pool;
    char token[RM_CALFEED_TOKEN_LEN + 1], hash[RM_CALFEED_HASH_LEN + 1];
    const char *person;
    rm_rows *who, *tr, *mt, *ci, *ee;
    icalcomponent *vtz;
    icalproperty *ttl;
    feed f;
    char *text;
    size_t len;
    int rc, cache;
    const char *key[3];
    apr_uint32_t gen = 0;

    /* the URL is the secret: no referrer, kept by no cache, and left out of
     * the access log's path where the site's LogFormat asks (see above) */
    apr_table_setn(r->subprocess_env, "RMENTOR_SECRET_URL", "1");
    apr_table_setn(r->err_headers_out, "Referrer-Policy", "no-referrer");
    apr_table_setn(r->err_headers_out, "Cache-Control", "no-store, private");
    apr_table_setn(r->err_headers_out, "X-Robots-Tag", "noindex, nofollow");
    if (r->method_number != M_GET) {
        /* httpd writes the 405's Allow header from r->allowed_methods */
        ap_allow_standard_methods(r, REPLACE_ALLOW, M_GET, -1);
        return HTTP_METHOD_NOT_ALLOWED;
    }
    if ((rc = ap_discard_request_body(r)) != OK) return rc;
    if (!rm_calfeed_path_token(path, token)) return HTTP_NOT_FOUND;
    if (rm_calfeed_hash(token, RM_CALFEED_TOKEN_LEN, hash) != 0) return HTTP_NOT_FOUND;
    memset(token, 0, sizeof(token));
    if (!rq->cfg->tz_component) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, RM_TAG "the calendar's time zone was "
                      "not prepared at start-up; refusing to serve the feed");
        return HTTP_SERVICE_UNAVAILABLE;
    }
    if ((rc = rm_db_open(rq)) != OK) return rc;
    /* the UNIQUE index finds the row; the hashes are compared again in
     * constant time (nothing is learnt from how long a miss takes) */
    if (rm_db_select(rq->db, RM_Q_CALFEED_BY_HASH, &who, RM_ARGS(hash)) != 0 || who->n != 1
        || !rm_calfeed_hash_equal(who->rows[0][COL_CALFEED_BH_HASH], hash))
        return HTTP_NOT_FOUND;
    person = who->rows[0][COL_CALFEED_BH_PERSON];
    /* The calendar as written, kept per person in the result cache's share
     * for pages while nothing changes (like web/html.c's kept pages; the
     * generation is taken before the rows are read).  The token is looked up
     * above on every request, so turning a feed off or renewing it takes
     * effect at once.  DTSTAMP is then when the calendar was written, which
     * is what RFC 5545 asks of it. */
    cache = rm_cache_enabled() && rm_cache_usable((rm_cache_domain)rq->db->cache_domain);
    key[0] = "calendar-feed:";
    key[1] = person;
    key[2] = NULL;
    if (cache) {
        rm_rows *kept;
        gen = rm_cache_generation();
        kept = rm_cache_get(r, (rm_cache_domain)rq->db->cache_domain, "rm_page", key, gen);
        if (kept && kept->n == 1 && kept->ncols == 1)
            return send_calendar(r, kept->rows[0][0], strlen(kept->rows[0][0]));
    }
    if (rm_db_select(rq->db, RM_Q_CAL_TRAINING, &tr, RM_ARGS(person)) != 0
        || rm_db_select(rq->db, RM_Q_CAL_MEETINGS, &mt, RM_ARGS(person, person, person)) != 0
        || rm_db_select(rq->db, RM_Q_CAL_CHECKINS, &ci, RM_ARGS(person, person)) != 0
        || rm_db_select(rq->db, RM_Q_CAL_END_EVENTS, &ee,
                        RM_ARGS(person, person, person)) != 0)
        return HTTP_SERVICE_UNAVAILABLE;

    memset(&f, 0, sizeof(f));
    f.rq = rq;
    f.host = r->server->server_hostname ? r->server->server_hostname : "rmentor";
    f.tzid = rq->cfg->tz_id;
    f.stamp = icaltime_from_timet_with_zone((time_t)apr_time_sec(rq->now), 0,
                                            icaltimezone_get_utc_timezone());
    f.cal = icalcomponent_vanew(ICAL_VCALENDAR_COMPONENT,
        icalproperty_new_prodid("-//mod_rmentor//Reciprocal mentoring calendar//EN"),
        icalproperty_new_version("2.0"),
        icalproperty_new_calscale("GREGORIAN"),
        (void *)0);
    if (!f.cal) return HTTP_INTERNAL_SERVER_ERROR;
    apr_pool_cleanup_register(p, f.cal, free_component, apr_pool_cleanup_null);
    {
        icalproperty *name = icalproperty_new_x(rq->cfg->site_name);
        icalproperty_set_x_name(name, "X-WR-CALNAME");
        icalcomponent_add_property(f.cal, name);
        name = icalproperty_new_x(rq->cfg->tz_name);
        icalproperty_set_x_name(name, "X-WR-TIMEZONE");
        icalcomponent_add_property(f.cal, name);
        /* how often clients should fetch it again */
        ttl = icalproperty_new_x("PT1H");
        icalproperty_set_x_name(ttl, "X-PUBLISHED-TTL");
        icalcomponent_add_property(f.cal, ttl);
    }
    /* this request's own copy of the site's zone (see the top of the file) */
    pthread_mutex_lock(&zone_copy);
    vtz = icalcomponent_new_clone(rq->cfg->tz_component);
    pthread_mutex_unlock(&zone_copy);
    if (!vtz) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, RM_TAG "the calendar's time zone "
                      "could not be copied; refusing to serve the feed");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    icalcomponent_add_component(f.cal, vtz);
    add_training(&f, tr);
    add_meetings(&f, mt);
    add_checkins(&f, ci);
    add_end_events(&f, ee);

    text = icalcomponent_as_ical_string_r(f.cal);
    if (!text) return HTTP_INTERNAL_SERVER_ERROR;
    apr_pool_cleanup_register(p, text, free_string, apr_pool_cleanup_null);
    len = strlen(text);
    if (cache) {
        rm_rows rows;
        const char *cell[1] = { text };
        const char **row[1] = { cell };
        memset(&rows, 0, sizeof(rows));
        rows.n = 1;
        rows.ncols = 1;
        rows.rows = row;
        rm_cache_put(r, (rm_cache_domain)rq->db->cache_domain, "rm_page", key, gen, &rows);
    }
    return send_calendar(r, text, len);
}
