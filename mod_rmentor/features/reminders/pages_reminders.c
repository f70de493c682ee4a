/* Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * /reminders: a signed-in person's own email reminder settings.  Every
 * optional kind (area.h, RM_REMINDER_KINDS) is a checkbox, ticked when it is
 * sent; saving replaces the person's reminder_off rows in one transaction
 * with its audit row (which kinds are off: no personal data).  There is no
 * id in the path: a person only ever reads and writes their own rows.
 */
#include <string.h>
#include <apr_strings.h>
#include <http_protocol.h>
#include "pages.h"

typedef struct { const char *kind; int optional; const char *label, *hint; } kind_def;

#define KIND_DEF_(k, o, l, h) { k, o, l, h },
static const kind_def kinds[] = { RM_REMINDER_KINDS(KIND_DEF_) };
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

static int is_off(const rm_rows *off, const char *kind)
{
    for (int i = 0; off && i < off->n; i++)
        if (!strcmp(off->rows[i][COL_RO_KIND], kind)) return 1;
    return 0;
}

int rm_page_reminders(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    long long me = rm_person_id(rq, 0);
    rm_rows *off = NULL;
    rm_page *pg;
    xmlNodePtr f, fs, ul, para;
    (void)m;
    if (me && rm_db_select(rq->db, RM_Q_REMIND_OFF_MINE, &off,
                           RM_ARGS(rm_i64(p, me))) != 0)
        return rm_not_found(rq);
    pg = rm_page_new(rq, "Email reminders");
    rm_done_notice(pg);
    para = rm_el(pg->main, "p", NULL);
    if (rq->id.mail && *rq->id.mail) {
        rm_text(para, "Reminders are sent to ");
        rm_el(para, "strong", rq->id.mail);
        rm_text(para, ", the address your organisation's sign-in gives us.");
    }
    else {
        rm_text(para, "Your organisation's sign-in gives us no email address for you, "
                "so no reminders can be sent to you.");
    }
    rm_el(pg->main, "p", "These are always sent, because they tell you of a decision about "
          "you or of a task you own:");
    ul = rm_el(pg->main, "ul", NULL);
    for (size_t i = 0; i < NKINDS; i++)
        if (!kinds[i].optional) rm_el(ul, "li", kinds[i].label);
    f = rm_form(pg, pg->main, rm_url(rq, "/reminders"));
    fs = rm_el(rm_el_class(f, "div", "field", NULL), "fieldset", NULL);
    rm_el(fs, "legend", "Send me these reminders too");
    rm_el_class(fs, "p", "hint", "Untick a reminder to stop it. You can turn it on again "
                "at any time.");
    for (size_t i = 0; i < NKINDS; i++)
        if (kinds[i].optional)
            rm_checkbox(pg, fs, apr_pstrcat(p, "on-", kinds[i].kind, NULL), "1",
                        kinds[i].label, kinds[i].hint, !is_off(off, kinds[i].kind));
    rm_button(f, "Save my reminder settings", NULL);
    return rm_page_send(pg, HTTP_OK);
}

int rm_page_reminders_post(rm_req *rq, const rm_route_match *m)
{
    apr_pool_t *p = rq->r->pool;
    const char *offlist = "", *me;
    long long id;
    (void)m;
    if (rm_db_begin(rq->db) != 0) return rm_save_failed(rq);
    if (!(id = rm_person_id(rq, 1))) { rm_db_end(rq->db, 0); return rm_save_failed(rq); }
    me = rm_i64(p, id);
    rm_db_exec(rq->db, RM_Q_REMIND_OFF_CLEAR, NULL, RM_ARGS(me));
    for (size_t i = 0; i < NKINDS; i++) {
        const char *v;
        if (!kinds[i].optional) continue;       /* mandatory kinds cannot be turned off */
        v = apr_table_get(rq->form, apr_pstrcat(p, "on-", kinds[i].kind, NULL));
        if (v && !strcmp(v, "1")) continue;
        rm_db_exec(rq->db, RM_Q_REMIND_OFF_ADD, NULL, RM_ARGS(me, kinds[i].kind));
        offlist = apr_pstrcat(p, offlist, *offlist ? "," : "", kinds[i].kind, NULL);
    }
    rm_audit(rq, "reminders.settings", "person", id,
             apr_pstrcat(p, "off=", offlist, NULL));
    if (rm_db_end(rq->db, 1) != 0) return rm_save_failed(rq);
    return rm_redirect(rq, "/reminders?done=reminders-saved");
}
